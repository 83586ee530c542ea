/*
 * Homologation policies: the thresholds of a destination authority, read from
 * a small JSON file. Unspecified members keep the documented defaults.
 */
#include "puente/match.h"

#include "match_internal.h"

#include "puente/error.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

static int number(json_t *o, const char *k, double *out)
{
	json_t *v = json_object_get(o, k);

	if (v == NULL)
		return 0;
	if (!json_is_number(v))
		return pu_error_set(PU_EINVAL, "%s: expected a number", k);
	*out = json_number_value(v);
	return 0;
}

bool pu_ix_policy_thresholds_ok(const pu_policy *p)
{
	return p->unit_threshold > 0 && p->unit_threshold <= 1 &&
	       p->unit_threshold_min > 0 &&
	       p->unit_threshold_min <= p->unit_threshold &&
	       p->context_score > 0 && p->context_score <= 1 &&
	       p->full_coverage > 0 && p->full_coverage <= 1 &&
	       p->partial_coverage > 0 &&
	       p->partial_coverage <= p->full_coverage;
}

int pu_policy_load(pu_policy **out, const char *path)
{
	static const char *const keys[] = {
		"authority",	    "unit_threshold", "unit_threshold_min",
		"context_score",    "full_coverage",  "partial_coverage",
		"level_tolerance",  "candidates",     NULL};
	pu_policy def = PU_POLICY_INIT, *p;
	json_error_t err;
	json_t *o, *v;
	const char *k, *auth;
	double tol = 0, cand = 5;
	int rc = 0;

	*out = NULL;
	o = json_load_file(path, JSON_REJECT_DUPLICATES, &err);
	if (o == NULL)
		return pu_error_set(PU_EINVAL, "%s: line %d: %s", path, err.line,
				    err.text);
	if (!json_is_object(o)) {
		json_decref(o);
		return pu_error_set(PU_EINVAL, "%s: expected an object", path);
	}
	json_object_foreach(o, k, v)
	{
		size_t i;

		for (i = 0; keys[i] && strcmp(keys[i], k) != 0; i++)
			;
		if (keys[i] == NULL) {
			rc = pu_error_set(PU_EINVAL, "%s: unknown field \"%.64s\"",
					  path, k);
			goto done;
		}
	}
	auth = json_string_value(json_object_get(o, "authority"));
	p = calloc(1, sizeof(*p) + (auth ? strlen(auth) + 1 : 0));
	if (p == NULL) {
		rc = pu_error_set(PU_ENOMEM, "out of memory");
		goto done;
	}
	*p = def;
	if (auth) {
		char *copy = (char *)(p + 1);

		memcpy(copy, auth, strlen(auth) + 1);
		p->authority = copy;
	}
	tol = p->level_tolerance;
	cand = (double)p->candidates;
	/* A file that names only unit_threshold gets exactly that threshold
	 * (as before context existed): the floor follows it. */
	if (json_object_get(o, "unit_threshold") &&
	    !json_object_get(o, "unit_threshold_min"))
		p->unit_threshold_min = -1;
	if ((rc = number(o, "unit_threshold", &p->unit_threshold)) < 0 ||
	    (rc = number(o, "unit_threshold_min", &p->unit_threshold_min)) < 0 ||
	    (rc = number(o, "context_score", &p->context_score)) < 0 ||
	    (rc = number(o, "full_coverage", &p->full_coverage)) < 0 ||
	    (rc = number(o, "partial_coverage", &p->partial_coverage)) < 0 ||
	    (rc = number(o, "level_tolerance", &tol)) < 0 ||
	    (rc = number(o, "candidates", &cand)) < 0) {
		pu_error_prefix("%s: ", path);
		free(p);
		goto done;
	}
	if (p->unit_threshold_min < 0)
		p->unit_threshold_min = p->unit_threshold;
	if (tol < 0 || tol > 20 || cand < 1 || cand > 100 ||
	    !pu_ix_policy_thresholds_ok(p)) {
		rc = pu_error_set(PU_EINVAL,
				  "%s: thresholds must be in (0, 1] with "
				  "unit_threshold_min <= unit_threshold, "
				  "partial_coverage <= full_coverage, "
				  "level_tolerance 0-20, candidates 1-100",
				  path);
		free(p);
		goto done;
	}
	p->level_tolerance = (int)tol;
	p->candidates = (size_t)cand;
	*out = p;
done:
	json_decref(o);
	return rc;
}
