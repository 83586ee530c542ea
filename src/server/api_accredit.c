/*
 * Accreditation and recognition decisions over HTTP, for national
 * authorities (docs/design.md, "Recognition cases"): the registry of centres,
 * bodies and assessors with their scope (public to read, written by the
 * country's authority), and the decisions on foreign certificates presented
 * in the country, which homologate the certificate's standard when the
 * authority does not name the host standard or the gap units, and open the
 * case for the gap units of a partial recognition. Scope is the library's.
 */
#include "api_rpl.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "puente/accredit.h"
#include "puente/agreement.h"
#include "puente/error.h"
#include "puente/match.h"
#include "puente/recognition.h"
#include "puente/store.h"

/* "CC/REST" into country[n] and *rest; false when not of that shape. */
static bool split_key(const char *s, char *country, size_t n, const char **rest)
{
	const char *slash = s ? strchr(s, '/') : NULL;

	if (slash == NULL || slash == s || (size_t)(slash - s) >= n ||
	    slash[1] == '\0')
		return false;
	memcpy(country, s, (size_t)(slash - s));
	country[slash - s] = '\0';
	*rest = slash + 1;
	return true;
}

static json_t *scope_json(const pu_scope *g)
{
	return json_pack("{s:I, s:s, s:s, s:s?, s:s, s:s, s:s, s:s?, s:b}",
			 "id", (json_int_t)g->id, "country", g->country, "org",
			 g->org, "assessor", g->account[0] ? g->account : NULL,
			 "std_country", g->std_country, "standard", g->pattern,
			 "valid_from", g->valid_from, "valid_to",
			 g->valid_to[0] ? g->valid_to : NULL, "withdrawn",
			 g->withdrawn_at != 0);
}

/* GET /api/v1/accreditations[?country=CC]: every centre and body with its
 * grants, and its assessors' grants. The registry is public. */
int api_accreditations(srv_req *r)
{
	const char *country = srv_query(r, "country");
	pu_store *st = srv_store();
	pu_org *v = NULL;
	json_t *arr;
	size_t n = 0;
	int rc;

	if (st == NULL)
		return srv_fail(r, PU_ESTORE);
	if ((rc = pu_accredit_org_list(st, country, &v, &n)) < 0)
		return srv_fail(r, rc);
	arr = json_array();
	for (size_t i = 0; i < n && rc == 0; i++) {
		json_t *grants = json_array(), *assessors = json_array();
		pu_scope *g = NULL;
		size_t ng = 0;

		rc = pu_accredit_scope_list(st, v[i].country, v[i].id, NULL, &g,
					    &ng);
		for (size_t j = 0; rc == 0 && j < ng; j++)
			json_array_append_new(g[j].account_id ? assessors
							      : grants,
					      scope_json(&g[j]));
		free(g);
		json_array_append_new(
		    arr,
		    json_pack("{s:s, s:s, s:s, s:s, s:b, s:o, s:o}", "country",
			      v[i].country, "id", v[i].id, "kind",
			      pu_org_kind_name(v[i].kind), "name", v[i].name,
			      "withdrawn", v[i].withdrawn_at != 0, "grants",
			      grants, "assessors", assessors));
	}
	free(v);
	if (rc < 0) {
		json_decref(arr);
		return srv_fail(r, rc);
	}
	return srv_json(r, 200, json_pack("{s:o}", "organisations", arr));
}

/* POST /api/v1/accreditations/orgs: {"id", "kind": "centre|body", "name"[,
 * "country"]} (the country defaults to the authority's). */
int api_accredit_org_add(srv_req *r)
{
	const char *country, *id, *kind, *name;
	bool bad = false;
	json_t *body;
	pu_org o;
	int status, rc;

	if ((body = api_begin(r, &status)) == NULL)
		return status;
	memset(&o, 0, sizeof(o));
	country = api_str(body, "country", &bad);
	id = api_str(body, "id", &bad);
	kind = api_str(body, "kind", &bad);
	name = api_str(body, "name", &bad);
	if (bad || id == NULL || kind == NULL ||
	    pu_org_kind_parse(kind, &o.kind) < 0 ||
	    !api_fit(o.country, sizeof(o.country),
		     country ? country : r->actor.country) ||
	    !api_fit(o.id, sizeof(o.id), id) ||
	    !api_fit(o.name, sizeof(o.name), name)) {
		json_decref(body);
		pu_error_clear();
		return srv_error(r, 400, "invalid",
				 "expected {\"id\": ID, \"kind\": "
				 "\"centre|body\", \"name\": NAME[, "
				 "\"country\": \"CC\"]}");
	}
	json_decref(body);
	if ((rc = pu_accredit_org_add(srv_store(), &r->actor, &o)) < 0)
		return srv_fail(r, rc);
	return srv_json(r, 201,
			json_pack("{s:s, s:s, s:s, s:s}", "country", o.country,
				  "id", o.id, "kind", pu_org_kind_name(o.kind),
				  "name", o.name));
}

/* POST /api/v1/accreditations/orgs/{country}/{id}/withdrawal {"reason"} */
int api_accredit_org_withdraw(srv_req *r)
{
	const char *reason;
	bool bad = false;
	json_t *body;
	int status, rc;

	if ((body = api_begin(r, &status)) == NULL)
		return status;
	reason = api_str(body, "reason", &bad);
	if (bad) {
		json_decref(body);
		return srv_error(r, 400, "invalid",
				 "expected {\"reason\": TEXT}");
	}
	rc = pu_accredit_org_withdraw(srv_store(), &r->actor, r->path.seg[4],
				      r->path.seg[5], reason);
	json_decref(body);
	if (rc < 0)
		return srv_fail(r, rc);
	return srv_json(r, 200,
			json_pack("{s:s, s:s, s:b}", "country", r->path.seg[4],
				  "id", r->path.seg[5], "withdrawn", true));
}

/* POST /api/v1/accreditations/grants: {"org": ID[, "country"], "standard":
 * "CC/CODE" or "CC/PREFIX*", "valid_from", "valid_to"} to an organisation,
 * or {"assessor": ACCOUNT, "standard", ...} to an assessor of its
 * organisation. */
int api_accredit_grant(srv_req *r)
{
	const char *org, *country, *assessor, *standard, *pattern, *from, *to;
	bool bad = false;
	int64_t id = 0;
	json_t *body;
	pu_scope g;
	pu_user u;
	int status, rc;

	if ((body = api_begin(r, &status)) == NULL)
		return status;
	memset(&g, 0, sizeof(g));
	org = api_str(body, "org", &bad);
	country = api_str(body, "country", &bad);
	assessor = api_str(body, "assessor", &bad);
	standard = api_str(body, "standard", &bad);
	from = api_str(body, "valid_from", &bad);
	to = api_str(body, "valid_to", &bad);
	if (bad || (org == NULL) == (assessor == NULL) ||
	    !split_key(standard, g.std_country, sizeof(g.std_country),
		       &pattern) ||
	    !api_fit(g.pattern, sizeof(g.pattern), pattern) ||
	    !api_fit(g.valid_from, sizeof(g.valid_from), from) ||
	    !api_fit(g.valid_to, sizeof(g.valid_to), to)) {
		json_decref(body);
		return srv_error(r, 400, "invalid",
				 "expected {\"org\": ID or \"assessor\": "
				 "ACCOUNT, \"standard\": \"CC/CODE\" or "
				 "\"CC/PREFIX*\"[, \"valid_from\": "
				 "\"YYYY-MM-DD\", \"valid_to\", \"country\"]}");
	}
	if (assessor != NULL) {
		/* The assessor's organisation is the one its account is of. */
		if ((rc = pu_user_get(srv_store(), assessor, &u)) < 0) {
			json_decref(body);
			return srv_fail(r, rc);
		}
		api_fit(g.country, sizeof(g.country), u.country);
		api_fit(g.org, sizeof(g.org), u.centre);
		api_fit(g.account, sizeof(g.account), u.name);
	} else if (!api_fit(g.country, sizeof(g.country),
			    country ? country : r->actor.country) ||
		   !api_fit(g.org, sizeof(g.org), org)) {
		json_decref(body);
		return srv_error(r, 400, "invalid", "org or country too long");
	}
	json_decref(body);
	if ((rc = pu_accredit_grant(srv_store(), &r->actor, &g, &id)) < 0)
		return srv_fail(r, rc);
	g.id = id;
	if (g.valid_from[0] == '\0') {
		/* The library took today; read the grant back as stored. */
		pu_scope *v = NULL;
		size_t n = 0;

		if (pu_accredit_scope_list(srv_store(), g.country, g.org,
					   g.account[0] ? g.account : NULL, &v,
					   &n) == 0)
			for (size_t i = 0; i < n; i++)
				if (v[i].id == id)
					g = v[i];
		free(v);
		pu_error_clear();
	}
	return srv_json(r, 201, scope_json(&g));
}

/* POST /api/v1/accreditations/grants/{id}/withdrawal {"reason"} */
int api_accredit_grant_withdraw(srv_req *r)
{
	const char *reason, *s = r->path.seg[4];
	char *end = NULL;
	long long id = strtoll(s, &end, 10);
	bool bad = false;
	json_t *body;
	int status, rc;

	if ((body = api_begin(r, &status)) == NULL)
		return status;
	reason = api_str(body, "reason", &bad);
	if (bad || end == s || *end != '\0' || id <= 0) {
		json_decref(body);
		return srv_error(r, 400, "invalid",
				 "expected a grant id in the path and "
				 "{\"reason\": TEXT}");
	}
	rc = pu_accredit_grant_withdraw(srv_store(), &r->actor, (int64_t)id,
					reason);
	json_decref(body);
	if (rc < 0)
		return srv_fail(r, rc);
	return srv_json(
	    r, 200,
	    json_pack("{s:I, s:b}", "id", (json_int_t)id, "withdrawn", true));
}

static json_t *rec_json(const pu_recognition *x)
{
	return json_pack(
	    "{s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:b, "
	    "s:s, s:s, s:s, s:I}",
	    "id", (json_int_t)x->id, "country", x->country, "presented",
	    pu_presented_name(x->presented), "credential", x->credential,
	    "origin_country", x->origin_country, "origin_code", x->origin_code,
	    "std_country", x->std_country, "standard", x->std_code, "outcome",
	    pu_equivalence_name(x->outcome), "differences", x->differences,
	    "gap_units", x->gap_units, "suggested", x->suggested != 0, "case",
	    x->case_code, "candidate", x->candidate, "decided_by", x->actor,
	    "decided_at", (json_int_t)x->decided_at);
}

int api_recognitions(srv_req *r)
{
	pu_recognition *v = NULL;
	json_t *arr;
	size_t n = 0;
	int rc = srv_authenticate(r);

	if (rc != 0)
		return rc;
	if ((rc = pu_recognition_list(
		 srv_store(), &r->actor,
		 r->actor.country[0] ? r->actor.country : NULL, &v, &n)) < 0)
		return srv_fail(r, rc);
	arr = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(arr, rec_json(&v[i]));
	free(v);
	return srv_json(r, 200, json_pack("{s:o}", "recognitions", arr));
}

int api_recognition(srv_req *r)
{
	const char *s = r->path.seg[3];
	char *end = NULL;
	long long id = strtoll(s, &end, 10);
	pu_recognition x;
	int rc = srv_authenticate(r);

	if (rc != 0)
		return rc;
	if (end == s || *end != '\0' || id <= 0)
		return srv_error(r, 404, "not_found", "no such decision");
	if ((rc = pu_recognition_get(srv_store(), &r->actor, (int64_t)id, &x)) <
	    0)
		return srv_fail(r, rc);
	return srv_json(r, 200, rec_json(&x));
}

/* POST /api/v1/recognitions: {"from": "CC/CODE", "decision":
 * "full|partial|none", "presented": "puente|vc|paper", "credential", "to",
 * "country" (the host country; the authority's by default),
 * "differences", "gap_units": [...], "centre", "body", "candidate"}. When
 * "to" or a partial decision's gap units are absent, the certificate's
 * standard is homologated into the authority's country and the library
 * takes them from the result. */
int api_recognition_decide(srv_req *r)
{
	pu_recognition_request rq = PU_RECOGNITION_INIT;
	const char *gaps[PU_RECOGNITION_MAX_GAP], *from, *decision, *presented,
	    *code = NULL, *host;
	char country[17], pin[PU_CASE_PIN_SIZE] = "";
	const json_t *ga;
	pu_homologation *h = NULL;
	pu_recognition x;
	bool bad = false;
	json_t *body, *o;
	size_t ngap = 0;
	int status, rc;

	if ((body = api_begin(r, &status)) == NULL)
		return status;
	from = api_str(body, "from", &bad);
	decision = api_str(body, "decision", &bad);
	presented = api_str(body, "presented", &bad);
	host = api_str(body, "country", &bad);
	rq.credential = api_str(body, "credential", &bad);
	rq.std_code = api_str(body, "to", &bad);
	rq.differences = api_str(body, "differences", &bad);
	rq.centre = api_str(body, "centre", &bad);
	rq.body = api_str(body, "body", &bad);
	rq.candidate = api_str(body, "candidate", &bad);
	ga = json_object_get(body, "gap_units");
	if (ga != NULL && json_is_array(ga) &&
	    json_array_size(ga) <= PU_RECOGNITION_MAX_GAP)
		for (size_t i = 0; i < json_array_size(ga); i++)
			if ((gaps[ngap++] = json_string_value(
				 json_array_get(ga, i))) == NULL)
				bad = true;
	if (bad || !split_key(from, country, sizeof(country), &code) ||
	    decision == NULL ||
	    pu_equivalence_parse(decision, &rq.outcome) < 0 ||
	    (presented != NULL &&
	     pu_presented_parse(presented, &rq.presented) < 0) ||
	    (ga != NULL && (!json_is_array(ga) ||
			    json_array_size(ga) > PU_RECOGNITION_MAX_GAP))) {
		json_decref(body);
		pu_error_clear();
		return srv_error(r, 400, "invalid",
				 "expected {\"from\": \"CC/CODE\", "
				 "\"decision\": \"full|partial|none\", "
				 "\"presented\": \"puente|vc|paper\", "
				 "\"credential\", \"to\", \"differences\", "
				 "\"gap_units\": [...], \"centre\", "
				 "\"candidate\", \"body\"}");
	}
	/* Answered early, before homologating: the library checks again. */
	if (host == NULL)
		host = r->actor.country;
	if ((rc = pu_authorize(&r->actor, PU_ACT_RECOGNISE, host, NULL)) < 0) {
		json_decref(body);
		return srv_fail(r, rc);
	}
	if (rq.std_code == NULL ||
	    (rq.outcome == PU_EQUIV_PARTIAL && ngap == 0)) {
		pu_index *idx = srv_index();

		if (idx == NULL) {
			json_decref(body);
			return srv_error(r, 503, "unavailable",
					 "the homologation index is being "
					 "built; try again in a moment");
		}
		rc = rq.std_code
			 ? pu_homologate_pair(&h, idx, country, code, host,
					      rq.std_code, srv_policy(host))
			 : pu_homologate(&h, idx, country, code, host,
					 srv_policy(host));
		pu_index_decref(idx);
		if (rc < 0) {
			json_decref(body);
			return srv_fail(r, rc);
		}
	}
	rq.country = host;
	rq.origin_country = country;
	rq.origin_code = code;
	rq.gap_units = ngap ? gaps : NULL;
	rq.ngap = ngap;
	rc = pu_recognition_decide(srv_store(), &r->actor, &rq, h, &x, pin);
	pu_homologation_free(h);
	json_decref(body);
	if (rc < 0)
		return srv_fail(r, rc);
	o = rec_json(&x);
	if (x.case_code[0] != '\0')
		json_object_set_new(o, "pin", json_string(pin));
	sodium_memzero(pin, sizeof(pin));
	return srv_json(r, 201, o);
}
