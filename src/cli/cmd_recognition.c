/*
 * puente recognition add|list: an authority's decisions on foreign
 * certificates presented in its country (--as an authority account). When
 * the decision does not name the host standard, or a partial one its gap
 * units, the certificate's standard is homologated first and the decision
 * takes them from the result; a partial decision opens the case for the gap
 * units and prints its PIN once.
 */
#include "cli_auth.h"
#include "cli_rpl.h"

#include <inttypes.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "puente/agreement.h"
#include "puente/error.h"
#include "puente/match.h"
#include "puente/recognition.h"
#include "puente/store.h"

#define MAX_GAP PU_RECOGNITION_MAX_GAP

static json_t *rec_json(const pu_recognition *r)
{
	return json_pack(
	    "{s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, "
	    "s:s, s:b, s:s, s:s}",
	    "id", (json_int_t)r->id, "country", r->country, "presented",
	    pu_presented_name(r->presented), "credential", r->credential,
	    "origin_country", r->origin_country, "origin_code", r->origin_code,
	    "std_country", r->std_country, "standard", r->std_code, "outcome",
	    pu_equivalence_name(r->outcome), "differences", r->differences,
	    "gap_units", r->gap_units, "suggested", r->suggested != 0, "case",
	    r->case_code, "candidate", r->candidate);
}

static int add(cli *c, int argc, char **argv)
{
	const char *as = NULL, *from = NULL, *to = NULL, *decision = NULL,
		   *presented = NULL, *credential = NULL, *differences = NULL,
		   *gap = NULL, *centre = NULL, *candidate = NULL, *body = NULL;
	cli_opt opts[] = {{"--as", &as, NULL},
			  {"--from", &from, NULL},
			  {"--to", &to, NULL},
			  {"--decision", &decision, NULL},
			  {"--presented", &presented, NULL},
			  {"--credential", &credential, NULL},
			  {"--differences", &differences, NULL},
			  {"--gap", &gap, NULL},
			  {"--centre", &centre, NULL},
			  {"--candidate", &candidate, NULL},
			  {"--body", &body, NULL},
			  {NULL, NULL, NULL}};
	pu_recognition_request rq = PU_RECOGNITION_INIT;
	pu_recognition r;
	pu_homologation *h = NULL;
	pu_index *idx = NULL;
	const char *gaps[MAX_GAP], *code = NULL;
	char gapbuf[1024], country[17], pin[PU_CASE_PIN_SIZE] = "";
	pu_store *st = NULL;
	pu_actor by;
	size_t ngap = 0;
	int rc;

	if ((rc = cli_parse(c, argc, argv, opts)) != 0 || c->help)
		return rc;
	if (c->npos != 1 || from == NULL || decision == NULL)
		return cli_usage(c, "expected: recognition add --from CC/CODE "
				    "--decision full|partial|none ...");
	if (pu_equivalence_parse(decision, &rq.outcome) < 0 ||
	    (presented != NULL &&
	     pu_presented_parse(presented, &rq.presented) < 0))
		return cli_usage(c, "%s", pu_error_message());
	if (gap != NULL) {
		snprintf(gapbuf, sizeof(gapbuf), "%s", gap);
		ngap = cli_split(gapbuf, gaps, MAX_GAP);
	}
	if ((rc = cli_open(c, &st, false)) != 0)
		return rc;
	if ((rc = cli_actor(c, st, as, &by)) != 0 ||
	    (rc = cli_standard_key(c, st, from, country, sizeof(country),
				   &code)) != 0)
		goto done;
	if (to == NULL || (rq.outcome == PU_EQUIV_PARTIAL && ngap == 0)) {
		if ((rc = cli_build_index(c, st, st, &idx)) != 0)
			goto done;
		rc = to ? pu_homologate_pair(&h, idx, country, code, by.country,
					     to, NULL)
			: pu_homologate(&h, idx, country, code, by.country,
					NULL);
		if (rc < 0) {
			rc = cli_fail(c, rc);
			goto done;
		}
	}
	rq.country = by.country;
	rq.origin_country = country;
	rq.origin_code = code;
	rq.credential = credential;
	rq.std_code = to;
	rq.differences = differences;
	rq.gap_units = ngap ? gaps : NULL;
	rq.ngap = ngap;
	rq.centre = centre;
	rq.body = body;
	rq.candidate = candidate;
	if ((rc = pu_recognition_decide(st, &by, &rq, h, &r, pin)) < 0) {
		rc = cli_fail(c, rc);
		goto done;
	}
	if (c->json) {
		json_t *j = rec_json(&r);

		if (r.case_code[0])
			json_object_set_new(j, "pin", json_string(pin));
		rc = cli_print_json(j);
		goto done;
	}
	printf("recognition %" PRId64 ": %s/%s -> %s/%s %s%s%s\n", r.id,
	       r.origin_country, r.origin_code, r.std_country,
	       r.std_code[0] ? r.std_code : "-", pu_equivalence_name(r.outcome),
	       r.gap_units[0] ? ", gap units " : "", r.gap_units);
	if (r.case_code[0])
		printf("opened case %s for the gap units; PIN for the "
		       "candidate (shown once): %s\n",
		       r.case_code, pin);
	rc = EXIT_OK;
done:
	sodium_memzero(pin, sizeof(pin));
	pu_homologation_free(h);
	pu_index_decref(idx);
	pu_store_close(st);
	return rc;
}

static int list(cli *c, int argc, char **argv)
{
	const char *as = NULL;
	cli_opt opts[] = {{"--as", &as, NULL}, {NULL, NULL, NULL}};
	pu_recognition *v = NULL;
	pu_store *st = NULL;
	pu_actor by;
	size_t n = 0;
	int rc;

	if ((rc = cli_parse(c, argc, argv, opts)) != 0 || c->help)
		return rc;
	if (c->npos != 1)
		return cli_usage(c, "expected: recognition list");
	if ((rc = cli_open(c, &st, false)) != 0)
		return rc;
	if ((rc = cli_actor(c, st, as, &by)) != 0)
		goto done;
	if ((rc = pu_recognition_list(st, &by, NULL, &v, &n)) < 0) {
		rc = cli_fail(c, rc);
		goto done;
	}
	if (c->json) {
		json_t *arr = json_array();

		for (size_t i = 0; i < n; i++)
			json_array_append_new(arr, rec_json(&v[i]));
		rc = cli_print_json(arr);
		goto done;
	}
	for (size_t i = 0; i < n; i++)
		printf("%" PRId64 "  %s/%s -> %s/%s %s %s\n", v[i].id,
		       v[i].origin_country, v[i].origin_code, v[i].std_country,
		       v[i].std_code[0] ? v[i].std_code : "-",
		       pu_equivalence_name(v[i].outcome), v[i].case_code);
	rc = EXIT_OK;
done:
	free(v);
	pu_store_close(st);
	return rc;
}

int cmd_recognition(int argc, char **argv)
{
	static const cli_sub subs[] = {
	    {"add", add},
	    {"list", list},
	};

	return cli_dispatch(argc, argv, subs, sizeof(subs) / sizeof(subs[0]),
			    "expected: recognition add|list");
}
