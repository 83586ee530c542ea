/*
 * Official homologation agreements over HTTP.
 */
#include "server.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "puente/agreement.h"
#include "puente/error.h"
#include "puente/io.h"
#include "puente/store.h"

int api_agreements(srv_req *r)
{
	pu_store *st = srv_store();
	char **ids = NULL;
	size_t n = 0;
	json_t *arr;
	int rc;

	if (st == NULL)
		return srv_fail(r, PU_ESTORE);
	if ((rc = pu_store_agreement_ids(st, &ids, &n)) < 0)
		return srv_fail(r, rc);
	arr = json_array();
	for (size_t i = 0; i < n; i++) {
		pu_agreement *a = NULL;

		if (rc == 0 && (rc = pu_store_get_agreement(st, ids[i], &a)) == 0)
			json_array_append_new(arr, pu_io_agreement_to_json(a));
		pu_agreement_free(a);
		free(ids[i]);
	}
	free(ids);
	if (rc < 0) {
		json_decref(arr);
		return srv_fail(r, rc);
	}
	return srv_json(r, 200, json_pack("{s:o}", "agreements", arr));
}

int api_agreement(srv_req *r)
{
	pu_store *st = srv_store();
	pu_agreement *a = NULL;
	int rc;

	if (st == NULL)
		return srv_fail(r, PU_ESTORE);
	if ((rc = pu_store_get_agreement(st, r->path.seg[3], &a)) < 0)
		return srv_fail(r, rc);
	rc = srv_json(r, 200, pu_io_agreement_to_json(a));
	pu_agreement_free(a);
	return rc;
}

/* "CR/CR-COOK-01" -> country and code (into country[n]); false when not of
 * that shape. */
static bool split_key(const char *s, char *country, size_t n, const char **code)
{
	const char *slash = s ? strchr(s, '/') : NULL;

	if (slash == NULL || slash == s || (size_t)(slash - s) >= n ||
	    slash[1] == '\0')
		return false;
	memcpy(country, s, (size_t)(slash - s));
	country[slash - s] = '\0';
	*code = slash + 1;
	return true;
}

int api_agreement_confirm(srv_req *r)
{
	const char *units[64];
	const char *scode, *dcode, *eqs, *note, *lang;
	char sc[17], dc[17];
	pu_equivalence eq;
	json_t *body, *extra;
	size_t nunits = 0;
	int status, rc = srv_authenticate(r);

	if (rc != 0)
		return rc;
	if ((body = srv_body_json(r, &status)) == NULL)
		return status;
	eqs = json_string_value(json_object_get(body, "equivalence"));
	note = json_string_value(json_object_get(body, "note"));
	lang = json_string_value(json_object_get(body, "lang"));
	extra = json_object_get(body, "extra_units");
	if (!split_key(json_string_value(json_object_get(body, "source")), sc,
		       sizeof(sc), &scode) ||
	    !split_key(json_string_value(json_object_get(body, "destination")),
		       dc, sizeof(dc), &dcode) ||
	    eqs == NULL || pu_equivalence_parse(eqs, &eq) < 0 ||
	    (extra != NULL && (!json_is_array(extra) ||
			       json_array_size(extra) > 64))) {
		json_decref(body);
		pu_error_clear();
		return srv_error(r, 400, "invalid",
				 "expected {\"source\": \"CC/CODE\", "
				 "\"destination\": \"CC/CODE\", \"equivalence\": "
				 "\"full|partial|none\"[, \"extra_units\": [...], "
				 "\"note\", \"lang\"]}");
	}
	for (size_t i = 0; extra && i < json_array_size(extra); i++) {
		units[nunits] = json_string_value(json_array_get(extra, i));
		if (units[nunits] == NULL) {
			json_decref(body);
			return srv_error(r, 400, "invalid",
					 "extra_units: strings expected");
		}
		nunits++;
	}
	/* The reviewer is the account: a confirmation says who made it. */
	rc = pu_agreement_confirm_as(srv_store(), &r->actor, sc, scode, dc,
				     dcode, eq, units, nunits, r->actor.name,
				     lang, note);
	if (rc < 0) {
		json_decref(body);
		return srv_fail(r, rc);
	}
	srv_index_poke();
	/* The agreement that holds confirmations for this pair of countries
	 * (see pu_agreement_confirm). */
	char id[64];

	snprintf(id, sizeof(id), "confirmed-%s-%s", sc, dc);
	for (char *c = id; *c; c++)
		if (*c >= 'A' && *c <= 'Z')
			*c = (char)(*c - 'A' + 'a');
	char src[96], dst[96];

	snprintf(src, sizeof(src), "%s/%s", sc, scode);
	snprintf(dst, sizeof(dst), "%s/%s", dc, dcode);
	json_t *o = json_pack("{s:s, s:s, s:s, s:s, s:s}", "agreement", id,
			      "source", src, "destination", dst, "equivalence",
			      pu_equivalence_name(eq), "confirmed_by",
			      r->actor.name);

	json_decref(body); /* scode and dcode point into it */
	return srv_json(r, 200, o);
}
