/*
 * The steps of a recognition case over HTTP, between opening and the end:
 * self-assessment, the plan, verdicts, the decision, the appeal, the
 * certificate (the id of the credential issued), closing, withdrawal and
 * fees. Each reads a bounded JSON body, makes one library call (which
 * checks scope, accreditation and the order of steps) and answers with the
 * case as it now is, or the library's refusal.
 */
#include "api_rpl.h"

#include <stdlib.h>
#include <string.h>

#include "puente/error.h"
#include "puente/issue.h"
#include "puente/rpl.h"
#include "puente/store.h"

int api_case_self_assess(srv_req *r)
{
	const char *unit, *can_do, *where;
	const json_t *months;
	bool bad = false;
	json_t *body;
	int status, rc;

	if ((body = api_begin(r, &status)) == NULL)
		return status;
	unit = api_str(body, "unit", &bad);
	can_do = api_str(body, "can_do", &bad);
	where = api_str(body, "where", &bad);
	months = json_object_get(body, "months");
	if (bad || unit == NULL || can_do == NULL ||
	    (months != NULL && !json_is_integer(months)) ||
	    json_integer_value(months) < 0 ||
	    json_integer_value(months) > 1200) {
		json_decref(body);
		return srv_error(r, 400, "invalid",
				 "expected {\"unit\": \"U1\", \"can_do\": "
				 "\"...\"[, \"where\": \"...\", \"months\": "
				 "0 to 1200]}");
	}
	rc =
	    pu_case_self_assess(srv_store(), &r->actor, r->path.seg[3], unit,
				can_do, where, (int)json_integer_value(months));
	json_decref(body);
	return rc < 0 ? srv_fail(r, rc)
		      : api_reply_case(r, r->path.seg[3], 200);
}

int api_case_plan(srv_req *r)
{
	const char *units[API_MAX_UNITS];
	size_t n = 0;
	json_t *body;
	int status, rc;

	if ((body = api_begin(r, &status)) == NULL)
		return status;
	if (!api_strings(body, "units", units, API_MAX_UNITS, &n)) {
		json_decref(body);
		return srv_error(r, 400, "invalid",
				 "expected {\"units\": [\"U1\", ...]} (absent: "
				 "every unit not credited)");
	}
	rc = pu_case_plan(srv_store(), &r->actor, r->path.seg[3],
			  n ? units : NULL, n);
	json_decref(body);
	return rc < 0 ? srv_fail(r, rc)
		      : api_reply_case(r, r->path.seg[3], 200);
}

int api_case_assess(srv_req *r)
{
	const char *unit, *method, *verdict, *notes;
	bool bad = false;
	pu_method m;
	pu_verdict v;
	json_t *body;
	int status, rc;

	if ((body = api_begin(r, &status)) == NULL)
		return status;
	unit = api_str(body, "unit", &bad);
	method = api_str(body, "method", &bad);
	verdict = api_str(body, "verdict", &bad);
	notes = api_str(body, "notes", &bad);
	if (bad || unit == NULL || method == NULL || verdict == NULL ||
	    pu_method_parse(method, &m) < 0 ||
	    pu_verdict_parse(verdict, &v) < 0) {
		json_decref(body);
		pu_error_clear();
		return srv_error(r, 400, "invalid",
				 "expected {\"unit\": \"U1\", \"method\": "
				 "\"observation|interview|test|product|"
				 "testimony\", \"verdict\": \"competent|"
				 "not_yet_competent\"[, \"notes\"]}");
	}
	rc = pu_case_assess(srv_store(), &r->actor, r->path.seg[3], unit, m, v,
			    notes);
	json_decref(body);
	return rc < 0 ? srv_fail(r, rc)
		      : api_reply_case(r, r->path.seg[3], 200);
}

int api_case_decide(srv_req *r)
{
	pu_outcome out = PU_OUTCOME_NONE;
	int rc = srv_authenticate(r);

	if (rc != 0)
		return rc;
	if ((rc = pu_case_decide(srv_store(), &r->actor, r->path.seg[3],
				 &out)) < 0)
		return srv_fail(r, rc);
	return srv_json(r, 200,
			json_pack("{s:s, s:s, s:s}", "case", r->path.seg[3],
				  "state", "decided", "outcome",
				  pu_outcome_name(out)));
}

int api_case_appeal(srv_req *r)
{
	const char *units[API_MAX_UNITS], *assessor, *reason;
	bool bad = false;
	size_t n = 0;
	json_t *body;
	int status, rc;

	if ((body = api_begin(r, &status)) == NULL)
		return status;
	assessor = api_str(body, "assessor", &bad);
	reason = api_str(body, "reason", &bad);
	if (bad || !api_strings(body, "units", units, API_MAX_UNITS, &n)) {
		json_decref(body);
		return srv_error(r, 400, "invalid",
				 "expected {\"assessor\": ACCOUNT, \"reason\": "
				 "TEXT[, \"units\": [...]]}");
	}
	rc = pu_case_appeal(srv_store(), &r->actor, r->path.seg[3], assessor,
			    n ? units : NULL, n, reason);
	json_decref(body);
	return rc < 0 ? srv_fail(r, rc)
		      : api_reply_case(r, r->path.seg[3], 200);
}

/* Issues the case's certificate: the whole standard, or a statement of
 * attainment of the units achieved (competent or credited), to the holder's
 * DID or, without one, to a salted hash of the candidate's opaque id (no
 * personal data). The accredited body that decided the case certifies: the
 * actor must be its staff (who may read the case); the credential is issued
 * on the body's behalf and audited under the actor's name. Returns 0 with
 * *json and *rec, or the error reply's status. */
static int issue_for_case(srv_req *r, const char *code, const char *did,
			  const char *lang, char **json, pu_issued *rec)
{
	pu_issue_options o = PU_ISSUE_OPTIONS_INIT;
	const char **units = NULL;
	pu_case *c = NULL;
	size_t n = 0;
	int rc;

	if ((rc = pu_case_get(srv_store(), &r->actor, code, &c)) < 0)
		return srv_fail(r, rc);
	if (r->actor.role != PU_ROLE_CENTRE ||
	    strcmp(r->actor.centre, c->body[0] ? c->body : c->centre) != 0 ||
	    strcmp(r->actor.country, c->country) != 0) {
		pu_case_free(c);
		return srv_error(r, 403, "forbidden",
				 "only staff of the body that decided case %s "
				 "issue its certificate",
				 code);
	}
	if (c->state != PU_CASE_DECIDED ||
	    (c->outcome != PU_OUTCOME_FULL &&
	     c->outcome != PU_OUTCOME_ATTAINMENT)) {
		pu_case_free(c);
		return srv_error(r, 409, "conflict",
				 "case %s has no decision that certifies "
				 "units: there is nothing to issue",
				 code);
	}
	if (c->outcome == PU_OUTCOME_ATTAINMENT) {
		units = calloc(c->nunits ? c->nunits : 1, sizeof(*units));
		if (units == NULL) {
			pu_case_free(c);
			return srv_error(r, 500, "internal", "out of memory");
		}
		for (size_t i = 0; i < c->nunits; i++)
			if (c->units[i].credited ||
			    c->units[i].verdict == PU_VERDICT_COMPETENT)
				units[n++] = c->units[i].code;
	}
	o.actor = NULL; /* the body's decision, checked above */
	o.local = &r->actor;
	o.country = c->std_country;
	o.code = c->std_code;
	o.units = units;
	o.nunits = n;
	o.holder_did = did;
	o.holder_id = did ? NULL : c->candidate;
	o.lang = lang;
	rc = srv_issue(r, &o, json, rec);
	free(units);
	pu_case_free(c);
	return rc;
}

/* The certificate step: records the id of a credential issued elsewhere
 * ({"credential": ID}), or issues it now ({"issue": true[, "holder_did",
 * "lang"]}) and records it. */
int api_case_certificate(srv_req *r)
{
	const char *cred, *did, *lang;
	char *issued = NULL;
	pu_issued rec;
	bool bad = false, issue;
	json_t *body, *reply;
	int status, rc;

	if ((body = api_begin(r, &status)) == NULL)
		return status;
	cred = api_str(body, "credential", &bad);
	did = api_str(body, "holder_did", &bad);
	lang = api_str(body, "lang", &bad);
	issue = json_is_true(json_object_get(body, "issue"));
	if (bad || (cred == NULL) == !issue) {
		json_decref(body);
		return srv_error(r, 400, "invalid",
				 "expected {\"credential\": ID} or {\"issue\": "
				 "true[, \"holder_did\": DID, \"lang\": L]}");
	}
	if (issue) {
		memset(&rec, 0, sizeof(rec));
		if ((rc = issue_for_case(r, r->path.seg[3], did, lang, &issued,
					 &rec)) != 0) {
			json_decref(body);
			return rc;
		}
		cred = rec.id;
	}
	rc = pu_case_certificate(srv_store(), &r->actor, r->path.seg[3], cred);
	if (rc < 0) {
		free(issued);
		json_decref(body);
		return srv_fail(r, rc);
	}
	reply = json_pack("{s:s, s:s, s:s}", "case", r->path.seg[3], "state",
			  "certified", "credential", cred);
	json_decref(body);
	if (reply != NULL && issued != NULL)
		json_object_set_new(reply, "verifiableCredential",
				    json_loads(issued, 0, NULL));
	free(issued);
	return srv_json(r, 200, reply);
}

int api_case_close(srv_req *r)
{
	int rc = srv_authenticate(r);

	if (rc != 0)
		return rc;
	if ((rc = pu_case_close(srv_store(), &r->actor, r->path.seg[3])) < 0)
		return srv_fail(r, rc);
	return srv_json(
	    r, 200,
	    json_pack("{s:s, s:s}", "case", r->path.seg[3], "state", "closed"));
}

/* {"reason": TEXT[, "by": "candidate|centre"]}: withdrawn by the candidate
 * (the default) or abandoned by the centre. */
int api_case_withdraw(srv_req *r)
{
	const char *reason, *by;
	bool bad = false, withdrawn;
	json_t *body;
	int status, rc;

	if ((body = api_begin(r, &status)) == NULL)
		return status;
	reason = api_str(body, "reason", &bad);
	by = api_str(body, "by", &bad);
	withdrawn = by == NULL || strcmp(by, "candidate") == 0;
	if (bad || (by != NULL && !withdrawn && strcmp(by, "centre") != 0)) {
		json_decref(body);
		return srv_error(r, 400, "invalid",
				 "expected {\"reason\": TEXT[, \"by\": "
				 "\"candidate|centre\"]}");
	}
	rc = pu_case_withdraw(srv_store(), &r->actor, r->path.seg[3], withdrawn,
			      reason);
	json_decref(body);
	if (rc < 0)
		return srv_fail(r, rc);
	return srv_json(r, 200,
			json_pack("{s:s, s:s}", "case", r->path.seg[3], "state",
				  withdrawn ? "withdrawn" : "abandoned"));
}

int api_case_fee(srv_req *r)
{
	const char *step, *currency, *st, *reason;
	const json_t *amount;
	pu_fee_status fs = PU_FEE_DUE;
	bool bad = false;
	json_t *body;
	int status, rc;

	if ((body = api_begin(r, &status)) == NULL)
		return status;
	step = api_str(body, "step", &bad);
	currency = api_str(body, "currency", &bad);
	st = api_str(body, "status", &bad);
	reason = api_str(body, "reason", &bad);
	amount = json_object_get(body, "amount");
	if (bad || !json_is_integer(amount) ||
	    (st != NULL && pu_fee_status_parse(st, &fs) < 0)) {
		json_decref(body);
		pu_error_clear();
		return srv_error(r, 400, "invalid",
				 "expected {\"step\": STEP, \"amount\": MINOR "
				 "UNITS, \"currency\": \"CRC\"[, \"status\": "
				 "\"due|paid|waived\", \"reason\"]}");
	}
	rc = pu_case_fee_add(srv_store(), &r->actor, r->path.seg[3], step,
			     (int64_t)json_integer_value(amount), currency, fs,
			     reason);
	json_decref(body);
	return rc < 0 ? srv_fail(r, rc)
		      : api_reply_case(r, r->path.seg[3], 201);
}
