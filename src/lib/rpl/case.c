/*
 * Cases: names of states and outcomes, opening (with its PIN), reading and
 * listing within scope, the helpers every step shares (load, refuse, step),
 * and the pure views: durations per state and the candidate's summary.
 * The steps themselves are in case_flow.c (plan, assess, decide, appeal,
 * certificate, close, withdraw, fees) and case_work.c (self-assessment,
 * evidence, following a case with its PIN).
 */
#include "puente/rpl.h"

#include <inttypes.h>
#include <sodium.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "puente/accredit.h"
#include "puente/catalog.h"
#include "puente/error.h"
#include "puente/store.h"
#include "rpl_internal.h"

static const char *const state_names[PU_CASE_NSTATES] = {
    "intake",	 "portfolio", "assessment", "decided",	 "appeal",
    "certified", "closed",    "withdrawn",  "abandoned",
};

/* For messages: "case C-12 is <phrase>". */
static const char *const state_phrases[PU_CASE_NSTATES] = {
    "in intake", "in portfolio", "in assessment", "decided",   "in appeal",
    "certified", "closed",	 "withdrawn",	  "abandoned",
};

const char *pu_case_state_name(pu_case_state s)
{
	return (unsigned)s < PU_CASE_NSTATES ? state_names[s] : "unknown";
}

int pu_case_state_parse(const char *s, pu_case_state *out)
{
	for (int i = 0; s != NULL && i < PU_CASE_NSTATES; i++)
		if (strcmp(s, state_names[i]) == 0) {
			*out = (pu_case_state)i;
			return 0;
		}
	return pu_error_set(PU_EINVAL,
			    "state: \"%.32s\" is not one of intake, portfolio, "
			    "assessment, decided, appeal, certified, closed, "
			    "withdrawn, abandoned",
			    s ? s : "");
}

const char *pu_outcome_name(pu_outcome o)
{
	static const char *const names[] = {"none", "full", "attainment",
					    "not_yet"};

	return (unsigned)o < 4 ? names[o] : "unknown";
}

static const char *const method_names[] = {
    "none", "observation", "interview", "test", "product", "testimony",
};

const char *pu_method_name(pu_method m)
{
	return (unsigned)m < 6 ? method_names[m] : "unknown";
}

int pu_method_parse(const char *s, pu_method *out)
{
	for (int i = 1; s != NULL && i < 6; i++)
		if (strcmp(s, method_names[i]) == 0) {
			*out = (pu_method)i;
			return 0;
		}
	return pu_error_set(PU_EINVAL,
			    "method: \"%.32s\" is not one of observation, "
			    "interview, test, product, testimony",
			    s ? s : "");
}

static const char *const verdict_names[] = {"none", "competent",
					    "not_yet_competent"};

const char *pu_verdict_name(pu_verdict v)
{
	return (unsigned)v < 3 ? verdict_names[v] : "unknown";
}

int pu_verdict_parse(const char *s, pu_verdict *out)
{
	for (int i = 1; s != NULL && i < 3; i++)
		if (strcmp(s, verdict_names[i]) == 0) {
			*out = (pu_verdict)i;
			return 0;
		}
	return pu_error_set(PU_EINVAL,
			    "verdict: \"%.32s\" is not competent or "
			    "not_yet_competent",
			    s ? s : "");
}

const char *pu_evidence_kind_name(pu_evidence_kind k)
{
	static const char *const names[] = {"file", "testimony", "interview"};

	return (unsigned)k < 3 ? names[k] : "unknown";
}

static const char *const fee_names[] = {"due", "paid", "waived"};

const char *pu_fee_status_name(pu_fee_status s)
{
	return (unsigned)s < 3 ? fee_names[s] : "unknown";
}

int pu_fee_status_parse(const char *s, pu_fee_status *out)
{
	for (int i = 0; s != NULL && i < 3; i++)
		if (strcmp(s, fee_names[i]) == 0) {
			*out = (pu_fee_status)i;
			return 0;
		}
	return pu_error_set(PU_EINVAL,
			    "fee status: \"%.32s\" is not due, paid or waived",
			    s ? s : "");
}

void pu_case_free(pu_case *c)
{
	if (c == NULL)
		return;
	for (size_t i = 0; i < c->nunits; i++) {
		pu_case_unit *u = &c->units[i];

		free(u->code);
		free(u->self_can_do);
		free(u->self_where);
		free(u->assessor);
		free(u->notes);
	}
	for (size_t i = 0; i < c->nevents; i++) {
		free(c->events[i].actor);
		free(c->events[i].note);
	}
	for (size_t i = 0; i < c->nfees; i++) {
		free(c->fees[i].step);
		free(c->fees[i].reason);
	}
	for (size_t i = 0; i < c->nevidence; i++) {
		free(c->evidence[i].unit);
		free(c->evidence[i].media_type);
		free(c->evidence[i].title);
		free(c->evidence[i].body);
	}
	free(c->units);
	free(c->events);
	free(c->fees);
	free(c->evidence);
	free(c->reason);
	free(c->credential);
	free(c->appeal_assessor);
	free(c);
}

const pu_case_unit *pu_case_unit_of(const pu_case *c, const char *code)
{
	for (size_t i = 0; code != NULL && i < c->nunits; i++)
		if (strcmp(c->units[i].code, code) == 0)
			return &c->units[i];
	return NULL;
}

int pu_rpl_set_str(char **slot, const char *v)
{
	char *copy = strdup(v ? v : "");

	if (copy == NULL)
		return pu_error_set(PU_ENOMEM, "out of memory");
	free(*slot);
	*slot = copy;
	return 0;
}

int pu_rpl_finish(pu_store *st, int rc)
{
	if (rc == 0)
		return pu_store_commit(st);
	pu_store_rollback(st);
	return rc;
}

int pu_rpl_case_load(pu_store *st, const char *code, pu_case **out)
{
	const pu_store_rpl_ops *ops = pu_rpl_ops(st);
	int rc;

	*out = NULL;
	if (ops == NULL)
		return PU_ESTORE;
	rc = ops->case_get(st, code ? code : "", out);
	if (rc == PU_ENOTFOUND)
		return pu_error_set(PU_ENOTFOUND, "no case %.30s",
				    code ? code : "");
	return rc;
}

int pu_rpl_refuse(const pu_case *c, const char *fmt, ...)
{
	char why[400];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, sizeof(why), fmt, ap);
	va_end(ap);
	return pu_error_set(PU_ECONFLICT, "case %s is %s; %s", c->code,
			    (unsigned)c->state < PU_CASE_NSTATES
				? state_phrases[c->state]
				: "in an unknown state",
			    why);
}

int pu_rpl_case_step(pu_store *st, const pu_actor *by, pu_case *c,
		     pu_case_state to, const char *action, const char *note)
{
	const pu_store_rpl_ops *ops = st->ops->rpl;
	pu_case_event e;
	char subject[64], what[600];
	int64_t now = pu_auth_now();
	int rc;

	e.at = now;
	e.from = c->state;
	e.to = to;
	e.actor = (char *)pu_rpl_actor_name(by);
	e.note = (char *)note;
	if (to != c->state) {
		c->state = to;
		c->state_at = now;
	}
	snprintf(subject, sizeof(subject), "case:%s", c->code);
	snprintf(what, sizeof(what), "%s\n%s -> %s\n%s", c->code,
		 pu_case_state_name(e.from), pu_case_state_name(to),
		 note ? note : "");
	if ((rc = ops->case_update(st, c)) < 0 ||
	    (rc = ops->event_insert(st, c->id, &e)) < 0)
		return rc;
	return pu_rpl_audit(st, by, action, c->country, subject, what,
			    strlen(what));
}

/* Ten digits, uniformly drawn. */
static void new_pin(char pin[PU_CASE_PIN_SIZE])
{
	for (int i = 0; i < 10; i++)
		pin[i] = (char)('0' + randombytes_uniform(10));
	pin[10] = '\0';
}

/* Argon2id with t = 2 and 19 MiB (OWASP's minimum for Argon2id): a PIN has
 * about 33 bits, so the stored hash must be slow to test offline. */
#define PIN_OPSLIMIT 2
#define PIN_MEMLIMIT (19u * 1024 * 1024)

int pu_rpl_pin_hash(const char *pin, char out[PU_PIN_HASH_SIZE])
{
	if (crypto_pwhash_str(out, pin, strlen(pin), PIN_OPSLIMIT,
			      PIN_MEMLIMIT) != 0)
		return pu_error_set(PU_ENOMEM, "out of memory hashing a PIN");
	return 0;
}

static int standard_active(pu_store *st, const char *country, const char *code,
			   pu_standard **out)
{
	int rc = pu_store_get_standard(st, country, code, out);

	if (rc < 0)
		return rc;
	if ((*out)->status != PU_STATUS_ACTIVE) {
		rc =
		    pu_error_set(PU_ECONFLICT,
				 "standard %s/%s is %s: no case can be "
				 "opened or planned for it",
				 country, code, pu_status_name((*out)->status));
		pu_standard_free(*out);
		*out = NULL;
	}
	return rc;
}

int pu_rpl_standard_active(pu_store *st, const char *country, const char *code)
{
	pu_standard *s = NULL;
	int rc = standard_active(st, country, code, &s);

	pu_standard_free(s);
	return rc;
}

/* Fills c's units from the standard: only (and all of) listed ones are to
 * assess, the others are credited; none listed: every unit. */
static int fill_units(pu_case *c, const pu_standard *s,
		      const char *const *units, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (pu_standard_unit(s, units[i]) == NULL)
			return pu_error_set(PU_EINVAL,
					    "unit %.40s is not a unit of %s/%s",
					    units[i], s->country, s->code);
	if (s->nunits == 0)
		return pu_error_set(PU_EINVAL, "standard %s/%s has no units",
				    s->country, s->code);
	c->units = calloc(s->nunits, sizeof(*c->units));
	if (c->units == NULL)
		return pu_error_set(PU_ENOMEM, "out of memory");
	for (size_t i = 0; i < s->nunits; i++) {
		pu_case_unit *u = &c->units[c->nunits++];
		bool listed = n == 0;

		for (size_t j = 0; !listed && j < n; j++)
			listed = strcmp(units[j], s->units[i].code) == 0;
		u->credited = !listed;
		if ((u->code = strdup(s->units[i].code)) == NULL)
			return pu_error_set(PU_ENOMEM, "out of memory");
	}
	return 0;
}

int pu_case_open_tx(pu_store *st, const pu_actor *by,
		    const pu_case_open_options *o, bool check_scope,
		    char code[PU_CASE_CODE_SIZE], char pin[PU_CASE_PIN_SIZE])
{
	const pu_store_rpl_ops *ops = pu_rpl_ops(st);
	const char *centre = o->centre ? o->centre : by ? by->centre : "";
	pu_standard *s = NULL;
	pu_case *c = NULL;
	char hash[PU_PIN_HASH_SIZE], note[600];
	pu_rpl_candidate cand;
	pu_org org;
	int64_t now = pu_auth_now();
	int rc;

	if (ops == NULL)
		return PU_ESTORE;
	if (by == NULL)
		return pu_error_set(PU_EAUTH, "sign in to open a case");
	if (check_scope &&
	    (rc = pu_authorize(by, PU_ACT_CASE_WRITE, by->country, centre)) < 0)
		return rc;
	if (o->std_country == NULL || o->std_code == NULL)
		return pu_error_set(PU_EINVAL, "standard: missing");
	if ((rc = ops->candidate_get(st, o->candidate ? o->candidate : "",
				     &cand, NULL)) == PU_ENOTFOUND)
		return pu_error_set(PU_ENOTFOUND, "no candidate %.40s",
				    o->candidate ? o->candidate : "");
	if (rc < 0)
		return rc;
	if (strcmp(cand.country, by->country) != 0 ||
	    strcmp(cand.centre, centre) != 0)
		return pu_error_set(PU_EDENIED,
				    "candidate %s was recorded at another "
				    "centre",
				    cand.id);
	if (cand.erased_at != 0)
		return pu_error_set(PU_ECONFLICT, "candidate %s was erased",
				    cand.id);
	if ((rc = standard_active(st, o->std_country, o->std_code, &s)) < 0)
		return rc;
	if ((rc = pu_accredit_check_centre(st, by->country, centre,
					   o->std_country, o->std_code, now)) <
		0 ||
	    (rc = pu_accredit_org_get(st, by->country, centre, &org)) < 0)
		goto done;
	if (o->body != NULL && o->body[0] != '\0')
		rc = pu_accredit_check_body(st, by->country, o->body,
					    o->std_country, o->std_code, now);
	else if (org.kind != PU_ORG_BODY)
		rc = pu_error_set(PU_EINVAL,
				  "%s/%s is an assessment centre: name the "
				  "certification body that will decide",
				  org.country, org.id);
	if (rc < 0)
		goto done;
	if ((c = calloc(1, sizeof(*c))) == NULL) {
		rc = pu_error_set(PU_ENOMEM, "out of memory");
		goto done;
	}
	snprintf(c->country, sizeof(c->country), "%s", by->country);
	snprintf(c->centre, sizeof(c->centre), "%s", centre);
	snprintf(c->body, sizeof(c->body), "%s",
		 o->body && o->body[0] ? o->body : centre);
	snprintf(c->std_country, sizeof(c->std_country), "%s", s->country);
	snprintf(c->std_code, sizeof(c->std_code), "%s", s->code);
	snprintf(c->candidate, sizeof(c->candidate), "%s", cand.id);
	c->state = PU_CASE_INTAKE;
	c->recognition = o->recognition;
	c->opened_at = c->state_at = now;
	if ((rc = fill_units(c, s, o->units, o->units ? o->nunits : 0)) < 0)
		goto done;
	new_pin(pin);
	if ((rc = pu_rpl_pin_hash(pin, hash)) < 0 ||
	    (rc = ops->case_insert(st, c, hash)) < 0)
		goto done;
	snprintf(note, sizeof(note), "open %s/%s candidate:%s", c->std_country,
		 c->std_code, c->candidate);
	if ((rc = pu_rpl_case_step(st, by, c, PU_CASE_INTAKE, "case.open",
				   note)) < 0)
		goto done;
	snprintf(code, PU_CASE_CODE_SIZE, "%s", c->code);
done:
	if (rc < 0)
		sodium_memzero(pin, PU_CASE_PIN_SIZE);
	pu_standard_free(s);
	pu_case_free(c);
	return rc;
}

int pu_case_open(pu_store *st, const pu_actor *by,
		 const pu_case_open_options *o, char code[PU_CASE_CODE_SIZE],
		 char pin[PU_CASE_PIN_SIZE])
{
	int rc;

	if (o == NULL || o->version != PU_CASE_OPEN_VERSION)
		return pu_error_set(PU_EINVAL, "case options: unknown version");
	if ((rc = pu_store_begin(st)) < 0)
		return rc;
	return pu_rpl_finish(st, pu_case_open_tx(st, by, o, true, code, pin));
}

/* The organisation that decides case c. */
static const char *decider(const pu_case *c)
{
	return c->body[0] ? c->body : c->centre;
}

int pu_case_get(pu_store *st, const pu_actor *by, const char *code,
		pu_case **out)
{
	pu_case *c = NULL;
	int rc;

	*out = NULL;
	if ((rc = pu_rpl_case_load(st, code, &c)) < 0)
		return rc;
	rc = pu_authorize(by, PU_ACT_CASE_READ, c->country, c->centre);
	if (rc < 0 && strcmp(decider(c), c->centre) != 0 &&
	    pu_authorize(by, PU_ACT_CASE_READ, c->country, decider(c)) == 0) {
		pu_error_clear();
		rc = 0;
	}
	if (rc < 0) {
		pu_case_free(c);
		return rc;
	}
	*out = c;
	return 0;
}

int pu_case_list(pu_store *st, const pu_actor *by, int state, pu_case_row **out,
		 size_t *n)
{
	const pu_store_rpl_ops *ops = pu_rpl_ops(st);
	int rc;

	*out = NULL;
	*n = 0;
	if (ops == NULL)
		return PU_ESTORE;
	if ((rc = pu_authorize(by, PU_ACT_CASE_READ, by ? by->country : NULL,
			       by ? by->centre : NULL)) < 0)
		return rc;
	if (state >= PU_CASE_NSTATES)
		return pu_error_set(PU_EINVAL, "state: unknown");
	return ops->case_list(st, by->country, by->centre, state, out, n);
}

void pu_case_durations(const pu_case *c, int64_t now,
		       int64_t out[PU_CASE_NSTATES])
{
	pu_case_state cur = PU_CASE_INTAKE;
	int64_t since = c->opened_at;

	memset(out, 0, sizeof(int64_t) * PU_CASE_NSTATES);
	for (size_t i = 0; i < c->nevents; i++) {
		const pu_case_event *e = &c->events[i];

		if (e->from == e->to || (unsigned)e->to >= PU_CASE_NSTATES)
			continue;
		if (e->at > since)
			out[cur] += e->at - since;
		cur = e->to;
		since = e->at;
	}
	if (now > since && (unsigned)cur < PU_CASE_NSTATES)
		out[cur] += now - since;
}

static void param(pu_case_summary *s, const char *name, const char *value)
{
	if (s->nparams >= sizeof(s->params) / sizeof(s->params[0]))
		return;
	s->params[s->nparams].name = name;
	snprintf(s->params[s->nparams].value,
		 sizeof(s->params[s->nparams].value), "%s", value);
	s->nparams++;
}

/* The codes of units matching want, comma-separated, into buf. */
static void units_where(const pu_case *c, int want, char *buf, size_t n)
{
	size_t len = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < c->nunits && len < n; i++) {
		const pu_case_unit *u = &c->units[i];
		bool match =
		    want == 0	? u->planned && u->verdict == PU_VERDICT_NONE
		    : want == 1 ? u->planned && u->verdict == PU_VERDICT_NOT_YET
				: u->verdict == PU_VERDICT_COMPETENT;

		if (match)
			len += (size_t)snprintf(buf + len, n - len, "%s%s",
						len ? "," : "", u->code);
	}
}

void pu_case_summarise(const pu_case *c, pu_case_summary *s)
{
	char buf[80], std[90];

	memset(s, 0, sizeof(*s));
	snprintf(s->code, sizeof(s->code), "%s", c->code);
	snprintf(s->std_country, sizeof(s->std_country), "%s", c->std_country);
	snprintf(s->std_code, sizeof(s->std_code), "%s", c->std_code);
	snprintf(s->centre, sizeof(s->centre), "%s", c->centre);
	s->state = pu_case_state_name(c->state);
	s->outcome = pu_outcome_name(c->outcome);
	for (size_t i = 0; i < c->nunits; i++) {
		const pu_case_unit *u = &c->units[i];

		s->units++;
		s->credited += u->credited;
		s->planned += u->planned;
		s->assessed += u->planned && u->verdict != PU_VERDICT_NONE;
		s->competent += u->verdict == PU_VERDICT_COMPETENT;
	}
	for (size_t i = 0; i < c->nfees; i++) {
		const pu_case_fee *f = &c->fees[i];

		if (f->status == PU_FEE_DUE) {
			if (s->currency[0] == '\0')
				snprintf(s->currency, sizeof(s->currency), "%s",
					 f->currency);
			if (strcmp(s->currency, f->currency) == 0)
				s->due += f->amount;
		} else if (f->status == PU_FEE_PAID) {
			s->paid += f->amount;
		} else {
			s->waived += f->amount;
		}
	}
	snprintf(std, sizeof(std), "%s/%s", c->std_country, c->std_code);
	param(s, "standard", std);
	param(s, "centre", c->centre);
	switch (c->state) {
	case PU_CASE_INTAKE:
		s->next = "case.next.self_assessment";
		break;
	case PU_CASE_PORTFOLIO:
		s->next = "case.next.assessment_plan";
		break;
	case PU_CASE_ASSESSMENT:
	case PU_CASE_APPEAL:
		s->next = c->state == PU_CASE_APPEAL
			      ? "case.next.appeal_assessment"
			      : "case.next.assessment";
		units_where(c, 0, buf, sizeof(buf));
		param(s, "units", buf);
		break;
	case PU_CASE_DECIDED:
		if (c->outcome == PU_OUTCOME_NOT_YET) {
			s->next = "case.next.appeal_or_training";
			units_where(c, 1, buf, sizeof(buf));
		} else {
			s->next = "case.next.certificate";
			units_where(c, 2, buf, sizeof(buf));
		}
		param(s, "units", buf);
		break;
	case PU_CASE_CERTIFIED:
		s->next = "case.next.none.certified";
		param(s, "credential", c->credential);
		break;
	case PU_CASE_CLOSED:
		s->next = "case.next.none.closed";
		break;
	case PU_CASE_WITHDRAWN:
		s->next = "case.next.none.withdrawn";
		break;
	default:
		s->next = "case.next.none.abandoned";
		break;
	}
}
