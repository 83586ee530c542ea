/*
 * Recognition cases over HTTP (docs/design.md, "Recognition cases"): the
 * cases of a centre, opening one, reading one, and the candidate's own view
 * with the case code and PIN (no account). The steps in between are in
 * api_case_steps.c, evidence in api_evidence.c, candidates in
 * api_candidates.c. Handlers parse a bounded body, make one library call and
 * serialise: scope, accreditation, the order of steps and the PIN's lock
 * are decided in src/lib/rpl (a refusal is its 403, a step out of order its
 * 409 with its message). Nothing here is cached, and no reply names a
 * candidate.
 */
#include "api_rpl.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>

#include "puente/accredit.h"
#include "puente/catalog.h"
#include "puente/error.h"
#include "puente/rpl.h"
#include "puente/store.h"

/* The JSON of a case as `puente case show --json` prints it. */
json_t *api_case_json(const pu_case *c)
{
	json_t *units = json_array(), *events = json_array(),
	       *fees = json_array(), *ev = json_array(), *dur = json_object();
	int64_t spent[PU_CASE_NSTATES];

	for (size_t i = 0; i < c->nunits; i++) {
		const pu_case_unit *u = &c->units[i];

		json_array_append_new(
		    units,
		    json_pack("{s:s, s:b, s:b, s:b, s:s, s:s, s:i, s:s, s:s, "
			      "s:s, s:s, s:I, s:i}",
			      "code", u->code, "credited", u->credited,
			      "planned", u->planned, "self_assessed",
			      u->self_assessed, "can_do", u->self_can_do,
			      "where", u->self_where, "months", u->self_months,
			      "verdict", pu_verdict_name(u->verdict), "method",
			      pu_method_name(u->method), "assessor",
			      u->assessor, "notes", u->notes, "assessed_at",
			      (json_int_t)u->assessed_at, "round", u->round));
	}
	for (size_t i = 0; i < c->nevents; i++)
		json_array_append_new(
		    events,
		    json_pack("{s:I, s:s, s:s, s:s, s:s}", "at",
			      (json_int_t)c->events[i].at, "from",
			      pu_case_state_name(c->events[i].from), "to",
			      pu_case_state_name(c->events[i].to), "actor",
			      c->events[i].actor, "note", c->events[i].note));
	for (size_t i = 0; i < c->nfees; i++)
		json_array_append_new(
		    fees,
		    json_pack("{s:s, s:I, s:s, s:s}", "step", c->fees[i].step,
			      "amount", (json_int_t)c->fees[i].amount,
			      "currency", c->fees[i].currency, "status",
			      pu_fee_status_name(c->fees[i].status)));
	for (size_t i = 0; i < c->nevidence; i++) {
		const pu_case_evidence *e = &c->evidence[i];

		json_array_append_new(
		    ev,
		    json_pack("{s:s, s:s, s:s, s:s, s:I, s:s}", "kind",
			      pu_evidence_kind_name(e->kind), "unit", e->unit,
			      "sha256", e->sha256, "media_type", e->media_type,
			      "size", (json_int_t)e->size, "title", e->title));
	}
	pu_case_durations(c, pu_auth_now(), spent);
	for (int i = 0; i < PU_CASE_NSTATES; i++)
		if (spent[i] > 0)
			json_object_set_new(
			    dur, pu_case_state_name((pu_case_state)i),
			    json_integer(spent[i]));
	return json_pack(
	    "{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, "
	    "s:s, s:b, s:I, s:I, s:o, s:o, s:o, s:o, s:o}",
	    "code", c->code, "country", c->country, "centre", c->centre, "body",
	    c->body, "std_country", c->std_country, "standard", c->std_code,
	    "candidate", c->candidate, "state", pu_case_state_name(c->state),
	    "outcome", pu_outcome_name(c->outcome), "credential", c->credential,
	    "reason", c->reason, "appealed", c->appealed, "opened_at",
	    (json_int_t)c->opened_at, "state_at", (json_int_t)c->state_at,
	    "units", units, "evidence", ev, "fees", fees, "events", events,
	    "seconds_in_state", dur);
}

/* Replies with the case as it now is (after a step). */
int api_reply_case(srv_req *r, const char *code, int status)
{
	pu_case *c = NULL;
	int rc = pu_case_get(srv_store(), &r->actor, code, &c);

	if (rc < 0)
		return srv_fail(r, rc);
	rc = srv_json(r, status, api_case_json(c));
	pu_case_free(c);
	return rc;
}

int api_cases_list(srv_req *r)
{
	const char *state = srv_query(r, "state");
	pu_case_row *v = NULL;
	json_t *arr;
	size_t n = 0;
	int want = -1, rc = srv_authenticate(r);

	if (rc != 0)
		return rc;
	for (int i = 0; state != NULL && i < PU_CASE_NSTATES; i++)
		if (strcmp(state, pu_case_state_name((pu_case_state)i)) == 0)
			want = i;
	if (state != NULL && want < 0)
		return srv_error(r, 400, "invalid",
				 "state: intake, portfolio, assessment, "
				 "decided, appeal, certified, closed, "
				 "withdrawn or abandoned");
	if ((rc = pu_case_list(srv_store(), &r->actor, want, &v, &n)) < 0)
		return srv_fail(r, rc);
	arr = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(
		    arr,
		    json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:I, s:I}",
			      "code", v[i].code, "country", v[i].country,
			      "centre", v[i].centre, "std_country",
			      v[i].std_country, "standard", v[i].std_code,
			      "state", pu_case_state_name(v[i].state),
			      "outcome", pu_outcome_name(v[i].outcome),
			      "opened_at", (json_int_t)v[i].opened_at,
			      "state_at", (json_int_t)v[i].state_at));
	free(v);
	return srv_json(r, 200, json_pack("{s:o}", "cases", arr));
}

/* Whether a case for (country, code) could open at the actor's centre,
 * decided by body (NULL: the centre): the checks pu_case_open makes before
 * the candidate's, made first so that a new person is not recorded for a
 * case that cannot open (the library records a candidate and opens a case
 * in two transactions). 0 or the library's code, message set. */
static int could_open(pu_store *st, const pu_actor *by, const char *country,
		      const char *code, const char *body)
{
	int64_t now = pu_auth_now();
	pu_standard *s = NULL;
	pu_org org;
	int rc;

	if ((rc = pu_authorize(by, PU_ACT_CASE_WRITE, by->country,
			       by->centre)) < 0 ||
	    (rc = pu_store_get_standard(st, country, code, &s)) < 0)
		return rc;
	if (s->status != PU_STATUS_ACTIVE)
		rc = pu_error_set(PU_ECONFLICT,
				  "standard %s/%s is %s: no case can be "
				  "opened or planned for it",
				  country, code, pu_status_name(s->status));
	pu_standard_free(s);
	if (rc == 0)
		rc = pu_accredit_check_centre(st, by->country, by->centre,
					      country, code, now);
	if (rc == 0 && body != NULL && body[0] != '\0')
		rc = pu_accredit_check_body(st, by->country, body, country,
					    code, now);
	else if (rc == 0 &&
		 (rc = pu_accredit_org_get(st, by->country, by->centre,
					   &org)) == 0 &&
		 org.kind != PU_ORG_BODY)
		rc = pu_error_set(PU_EINVAL,
				  "%s/%s is an assessment centre: name the "
				  "certification body that will decide",
				  org.country, org.id);
	return rc;
}

/* POST /api/v1/cases: {"standard": "CC/CODE", "candidate": "P-..." or
 * "person": {...}, "body"}. A new person is recorded first, in its own
 * transaction, once could_open says the case can open. */
int api_case_open(srv_req *r)
{
	pu_case_open_options o = PU_CASE_OPEN_INIT;
	char code[PU_CASE_CODE_SIZE], pin[PU_CASE_PIN_SIZE] = "", country[17];
	const char *standard, *slash;
	const json_t *person;
	pu_rpl_candidate c;
	bool bad = false;
	json_t *body;
	int status, rc;

	if ((body = api_begin(r, &status)) == NULL)
		return status;
	standard = api_str(body, "standard", &bad);
	o.candidate = api_str(body, "candidate", &bad);
	o.body = api_str(body, "body", &bad);
	person = json_object_get(body, "person");
	slash = standard ? strchr(standard, '/') : NULL;
	if (bad || slash == NULL || slash == standard || slash[1] == '\0' ||
	    (size_t)(slash - standard) >= sizeof(country) ||
	    (o.candidate == NULL) == (person == NULL) ||
	    (person != NULL && !json_is_object(person))) {
		json_decref(body);
		return srv_error(r, 400, "invalid",
				 "expected {\"standard\": \"CC/CODE\", and "
				 "\"candidate\": \"P-...\" or \"person\": "
				 "{...}[, \"body\": \"ORG\"]}");
	}
	memcpy(country, standard, (size_t)(slash - standard));
	country[slash - standard] = '\0';
	memset(&c, 0, sizeof(c));
	if (person != NULL) {
		if (!api_candidate_from(r, person, &c)) {
			json_decref(body);
			return r->status;
		}
		if ((rc = could_open(srv_store(), &r->actor, country, slash + 1,
				     o.body)) < 0 ||
		    (rc = pu_rpl_candidate_add(srv_store(), &r->actor, &c)) <
			0) {
			json_decref(body);
			sodium_memzero(&c, sizeof(c));
			return srv_fail(r, rc);
		}
		o.candidate = c.id;
	}
	o.std_country = country;
	o.std_code = slash + 1;
	rc = pu_case_open(srv_store(), &r->actor, &o, code, pin);
	if (rc == 0)
		rc = srv_json(r, 201,
			      json_pack("{s:s, s:s, s:s}", "case", code, "pin",
					pin, "candidate", o.candidate));
	else
		rc = srv_fail(r, rc);
	json_decref(body);
	sodium_memzero(pin, sizeof(pin));
	sodium_memzero(&c, sizeof(c));
	return rc;
}

int api_case_get(srv_req *r)
{
	int rc = srv_authenticate(r);

	if (rc != 0)
		return rc;
	return api_reply_case(r, r->path.seg[3], 200);
}

/* The translation of key in lang with its {name} parameters replaced (a
 * list gets a space after each comma). */
static json_t *worded(const char *lang, const char *key,
		      const pu_case_summary *s)
{
	const char *p = srv_t(lang, key);
	pu_buf b = PU_BUF_INIT;
	json_t *out;

	while (*p) {
		const char *close = p[0] == '{' ? strchr(p, '}') : NULL;
		size_t i = 0;

		if (close != NULL) {
			for (; i < s->nparams; i++)
				if (strlen(s->params[i].name) ==
					(size_t)(close - p - 1) &&
				    memcmp(s->params[i].name, p + 1,
					   (size_t)(close - p - 1)) == 0)
					break;
		}
		if (close != NULL && i < s->nparams) {
			/* "U1,U2" reads "U1, U2" in a sentence */
			for (const char *v = s->params[i].value; *v; v++) {
				pu_buf_putc(&b, *v);
				if (*v == ',' && v[1] != ' ')
					pu_buf_putc(&b, ' ');
			}
			p = close + 1;
		} else {
			pu_buf_putc(&b, *p++);
		}
	}
	out = json_string(b.ptr ? b.ptr : "");
	pu_buf_free(&b);
	return out;
}

/* One of the portal's languages. */
static bool portal_lang(const char *l)
{
	static const char *const langs[] = {"es", "en", "fr", "pt", "ht"};

	for (size_t i = 0; l && i < sizeof(langs) / sizeof(langs[0]); i++)
		if (strcmp(l, langs[i]) == 0)
			return true;
	return false;
}

/* The candidate's view: {"pin": "...", "lang": "es"} -> what is next and
 * what it costs. No account; wrong PINs are counted and lock the case's PIN
 * (the library); the PIN travels in the body, never in the address. */
int api_case_follow(srv_req *r)
{
	char pin[PU_CASE_PIN_SIZE + 2];
	const char *lang, *p;
	pu_case_summary s;
	json_t *body, *params;
	bool bad = false;
	int status, rc, wait;

	/* Guessing PINs of many cases from one address spends the budget
	 * of failed sign-ins (ratelimit.c). */
	if ((wait = srv_signin_allowed(r)) > 0) {
		snprintf(r->retry_after, sizeof(r->retry_after), "%d", wait);
		return srv_error(r, 429, "too_many_attempts",
				 "too many wrong PINs or passwords from this "
				 "address; try again in %d minutes",
				 (wait + 59) / 60);
	}
	if ((body = srv_body_json(r, &status)) == NULL)
		return status;
	p = api_str(body, "pin", &bad);
	lang = api_str(body, "lang", &bad);
	if (bad || p == NULL) {
		json_decref(body);
		return srv_error(r, 400, "invalid",
				 "expected {\"pin\": \"10 digits\"[, \"lang\": "
				 "\"es|en|fr|pt|ht\"]}");
	}
	snprintf(pin, sizeof(pin), "%s", p);
	if (!portal_lang(lang))
		lang = srv_lang(r);
	rc = pu_case_follow(srv_store(), r->path.seg[3], pin, &s);
	sodium_memzero(pin, sizeof(pin));
	if (rc == PU_EAUTH)
		srv_signin_failed(r);
	if (rc < 0) {
		json_decref(body);
		return srv_fail(r, rc);
	}
	params = json_object();
	for (size_t i = 0; i < s.nparams; i++)
		json_object_set_new(params, s.params[i].name,
				    json_string(s.params[i].value));
	json_t *o = json_pack(
	    "{s:s, s:s, s:s, s:s, s:s, s:s, s:o, s:o, s:I, s:I, s:I, s:I, "
	    "s:I, s:s, s:I, s:I, s:I, s:s}",
	    "case", s.code, "std_country", s.std_country, "standard",
	    s.std_code, "state", s.state, "outcome", s.outcome, "next", s.next,
	    "params", params, "next_text", worded(lang, s.next, &s), "units",
	    (json_int_t)s.units, "planned", (json_int_t)s.planned, "assessed",
	    (json_int_t)s.assessed, "competent", (json_int_t)s.competent,
	    "credited", (json_int_t)s.credited, "currency", s.currency, "due",
	    (json_int_t)s.due, "paid", (json_int_t)s.paid, "waived",
	    (json_int_t)s.waived, "lang", lang);
	json_decref(body);
	return srv_json(r, 200, o);
}
