/*
 * What the handlers of recognition cases, candidates, evidence and
 * accreditation share (api_cases.c, api_case_steps.c, api_evidence.c,
 * api_candidates.c, api_accredit.c): bounded reading of JSON bodies, and a
 * few functions of one file that another calls. Private to src/server.
 */
#ifndef PU_SERVER_API_RPL_H
#define PU_SERVER_API_RPL_H

#include <stdbool.h>
#include <string.h>

#include "server.h"

struct pu_case;
struct pu_rpl_candidate;

#define API_MAX_UNITS 128

/* A string member of o, or NULL when absent or null; *bad set when it is
 * of another type. */
static inline const char *api_str(const json_t *o, const char *key, bool *bad)
{
	const json_t *v = json_object_get(o, key);

	if (v == NULL || json_is_null(v))
		return NULL;
	if (!json_is_string(v)) {
		*bad = true;
		return NULL;
	}
	return json_string_value(v);
}

/* An array of at most max strings into v (borrowed from o); false when the
 * member is not one. Absent: *n = 0 and true. */
static inline bool api_strings(const json_t *o, const char *key, const char **v,
			       size_t max, size_t *n)
{
	const json_t *a = json_object_get(o, key);

	*n = 0;
	if (a == NULL || json_is_null(a))
		return true;
	if (!json_is_array(a) || json_array_size(a) > max)
		return false;
	for (size_t i = 0; i < json_array_size(a); i++) {
		v[i] = json_string_value(json_array_get(a, i));
		if (v[i] == NULL)
			return false;
	}
	*n = json_array_size(a);
	return true;
}

/* Copies s (NULL: "") into dst[n]; false when it does not fit. */
static inline bool api_fit(char *dst, size_t n, const char *s)
{
	size_t len = s ? strlen(s) : 0;

	if (len >= n)
		return false;
	memcpy(dst, s ? s : "", len);
	dst[len] = '\0';
	return true;
}

/* Signs in and parses the JSON body (none: an empty object): the body, or
 * NULL with the reply made and its status in *status. */
static inline json_t *api_begin(srv_req *r, int *status)
{
	int rc = srv_authenticate(r);

	if (rc != 0) {
		*status = rc;
		return NULL;
	}
	if (r->body.len == 0)
		return json_object();
	return srv_body_json(r, status);
}

/* api_cases.c: the JSON of a case; the reply with the case as it now is. */
json_t *api_case_json(const struct pu_case *c);
int api_reply_case(srv_req *r, const char *code, int status);
/* api_candidates.c: a candidate from a JSON object, at the actor's centre;
 * false with the 400 reply made. */
bool api_candidate_from(srv_req *r, const json_t *o,
			struct pu_rpl_candidate *c);
/* api_evidence.c: where evidence files live. */
void api_evidence_dir(char *out, size_t n);

#endif
