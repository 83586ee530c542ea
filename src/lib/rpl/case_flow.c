/*
 * The steps of a case after intake: the assessment plan, verdicts per unit,
 * the decision, the appeal, the certificate, closing, withdrawal and fees.
 * Each loads the case, checks the actor (pu_authorize, then accreditation
 * for assessments and decisions), refuses a step out of order with
 * PU_ECONFLICT naming the state, and writes the change, the dated
 * transition and its audit entry in one transaction.
 */
#include "puente/rpl.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "puente/accredit.h"
#include "puente/error.h"
#include "puente/store.h"
#include "rpl_internal.h"

static const char *decider(const pu_case *c)
{
	return c->body[0] ? c->body : c->centre;
}

static pu_case_unit *unit_of(pu_case *c, const char *code)
{
	return (pu_case_unit *)pu_case_unit_of(c, code);
}

/* Writes every unit of c. */
static int put_units(pu_store *st, const pu_case *c)
{
	int rc = 0;

	for (size_t i = 0; rc == 0 && i < c->nunits; i++)
		rc = st->ops->rpl->unit_put(st, c->id, i, &c->units[i]);
	return rc;
}

/* Appends ",CODE" to a note. */
static void note_add(char *note, size_t n, const char *code)
{
	size_t len = strlen(note);

	snprintf(note + len, n - len, "%s%s",
		 note[len ? len - 1 : 0] == ' ' ? "" : ",", code);
}

int pu_case_plan(pu_store *st, const pu_actor *by, const char *code,
		 const char *const *units, size_t n)
{
	pu_case *c = NULL;
	char note[600] = "plan ";
	int rc;

	if ((rc = pu_store_begin(st)) < 0)
		return rc;
	if ((rc = pu_rpl_case_load(st, code, &c)) < 0)
		goto done;
	if ((rc = pu_authorize(by, PU_ACT_CASE_WRITE, c->country, c->centre)) <
	    0)
		goto done;
	if (c->state != PU_CASE_INTAKE && c->state != PU_CASE_PORTFOLIO) {
		rc = pu_rpl_refuse(c, "its assessment plan can only be set "
				      "in intake or portfolio");
		goto done;
	}
	for (size_t i = 0; units != NULL && i < n; i++) {
		const pu_case_unit *u = pu_case_unit_of(c, units[i]);

		if (u == NULL) {
			rc = pu_error_set(
			    PU_EINVAL, "unit %.40s is not a unit of %s/%s",
			    units[i], c->std_country, c->std_code);
			goto done;
		}
		if (u->credited) {
			rc = pu_error_set(PU_EINVAL,
					  "unit %s is already recognised in "
					  "case %s; it is not assessed again",
					  u->code, c->code);
			goto done;
		}
	}
	if ((rc = pu_rpl_standard_active(st, c->std_country, c->std_code)) < 0)
		goto done;
	for (size_t i = 0; i < c->nunits; i++) {
		pu_case_unit *u = &c->units[i];
		bool listed = units == NULL || n == 0;

		for (size_t j = 0; !listed && j < n; j++)
			listed = strcmp(units[j], u->code) == 0;
		u->planned = listed && !u->credited;
		if (u->planned)
			note_add(note, sizeof(note), u->code);
	}
	rc = put_units(st, c);
	if (rc == 0)
		rc = pu_rpl_case_step(st, by, c, PU_CASE_ASSESSMENT,
				      "case.plan", note);
done:
	rc = pu_rpl_finish(st, rc);
	pu_case_free(c);
	return rc;
}

int pu_case_assess(pu_store *st, const pu_actor *by, const char *code,
		   const char *unit, pu_method method, pu_verdict verdict,
		   const char *notes)
{
	pu_case *c = NULL;
	pu_case_unit *u;
	char note[160];
	int64_t now = pu_auth_now();
	int rc;

	if ((rc = pu_store_begin(st)) < 0)
		return rc;
	if ((rc = pu_rpl_case_load(st, code, &c)) < 0)
		goto done;
	if ((rc = pu_authorize(by, PU_ACT_ASSESS, c->country, c->centre)) < 0 ||
	    (rc = pu_accredit_check_assessor(st, by, c->std_country,
					     c->std_code, now)) < 0)
		goto done;
	if (c->state != PU_CASE_ASSESSMENT && c->state != PU_CASE_APPEAL) {
		rc = pu_rpl_refuse(c, "verdicts are recorded in assessment "
				      "or appeal only");
		goto done;
	}
	if ((u = unit_of(c, unit)) == NULL || !u->planned) {
		rc = pu_error_set(PU_EINVAL,
				  "unit %.40s is not in the assessment plan "
				  "of case %s",
				  unit ? unit : "", c->code);
		goto done;
	}
	if (c->state == PU_CASE_APPEAL) {
		if (by->user_id != c->appeal_account) {
			rc =
			    pu_error_set(PU_EDENIED,
					 "only %s, the second assessor "
					 "appointed for the appeal, may assess "
					 "case %s now",
					 c->appeal_assessor, c->code);
			goto done;
		}
		if (u->round != 2) {
			rc = pu_rpl_refuse(c, "unit %s is not contested",
					   u->code);
			goto done;
		}
	}
	if (method < PU_METHOD_OBSERVATION || method > PU_METHOD_TESTIMONY ||
	    (verdict != PU_VERDICT_COMPETENT &&
	     verdict != PU_VERDICT_NOT_YET)) {
		rc = pu_error_set(PU_EINVAL, "a method and a verdict are "
					     "required");
		goto done;
	}
	if (notes != NULL && notes[0] != '\0' &&
	    !pu_rpl_text_ok(notes, PU_RPL_MAX_TEXT)) {
		rc = pu_error_set(PU_EINVAL, "notes: at most %d bytes of text",
				  PU_RPL_MAX_TEXT);
		goto done;
	}
	u->verdict = verdict;
	u->method = method;
	u->account_id = by->user_id;
	u->assessed_at = now;
	u->round = c->state == PU_CASE_APPEAL ? 2 : 1;
	if ((rc = pu_rpl_set_str(&u->assessor, by->name)) < 0 ||
	    (rc = pu_rpl_set_str(&u->notes, notes)) < 0)
		goto done;
	snprintf(note, sizeof(note), "assess %s %s %s round %d", u->code,
		 pu_method_name(method), pu_verdict_name(verdict), u->round);
	rc = st->ops->rpl->unit_put(st, c->id, (size_t)(u - c->units), u);
	if (rc == 0)
		rc = st->ops->rpl->assessment_insert(st, c->id, u);
	if (rc == 0)
		rc = pu_rpl_case_step(st, by, c, c->state, "case.assess", note);
done:
	rc = pu_rpl_finish(st, rc);
	pu_case_free(c);
	return rc;
}

/* Full when every unit is competent or credited; attainment when one
 * planned unit is competent; not yet otherwise. */
static pu_outcome outcome_of(const pu_case *c)
{
	bool all = true, some = false;

	for (size_t i = 0; i < c->nunits; i++) {
		const pu_case_unit *u = &c->units[i];
		bool ok = u->verdict == PU_VERDICT_COMPETENT;

		if (!ok && !u->credited)
			all = false;
		if (ok)
			some = true;
	}
	return all    ? PU_OUTCOME_FULL
	       : some ? PU_OUTCOME_ATTAINMENT
		      : PU_OUTCOME_NOT_YET;
}

int pu_case_decide(pu_store *st, const pu_actor *by, const char *code,
		   pu_outcome *out)
{
	pu_case *c = NULL;
	char missing[200] = "", note[64];
	int64_t now = pu_auth_now();
	int rc;

	if ((rc = pu_store_begin(st)) < 0)
		return rc;
	if ((rc = pu_rpl_case_load(st, code, &c)) < 0)
		goto done;
	if ((rc = pu_authorize(by, PU_ACT_DECIDE, c->country, decider(c))) <
		0 ||
	    (rc = pu_accredit_check_body(st, c->country, decider(c),
					 c->std_country, c->std_code, now)) < 0)
		goto done;
	if (c->state != PU_CASE_ASSESSMENT && c->state != PU_CASE_APPEAL) {
		rc = pu_rpl_refuse(c, "it can be decided only after its "
				      "assessment or appeal");
		goto done;
	}
	for (size_t i = 0; i < c->nunits; i++) {
		const pu_case_unit *u = &c->units[i];
		size_t len = strlen(missing);

		if (u->planned && u->verdict == PU_VERDICT_NONE)
			snprintf(missing + len, sizeof(missing) - len, "%s%s",
				 len ? ", " : "", u->code);
	}
	if (missing[0] != '\0') {
		rc = pu_rpl_refuse(c,
				   "it cannot be decided before every "
				   "planned unit has a verdict (none yet "
				   "for %s)",
				   missing);
		goto done;
	}
	c->outcome = outcome_of(c);
	snprintf(note, sizeof(note), "decide %s", pu_outcome_name(c->outcome));
	rc = pu_rpl_case_step(st, by, c, PU_CASE_DECIDED, "case.decide", note);
done:
	rc = pu_rpl_finish(st, rc);
	if (rc == 0 && out != NULL)
		*out = c->outcome;
	pu_case_free(c);
	return rc;
}

int pu_case_appeal(pu_store *st, const pu_actor *by, const char *code,
		   const char *assessor, const char *const *units, size_t n,
		   const char *reason)
{
	pu_case *c = NULL;
	pu_user second;
	pu_actor as;
	char note[600] = "appeal ";
	size_t contested = 0;
	int rc;

	if ((rc = pu_store_begin(st)) < 0)
		return rc;
	if ((rc = pu_rpl_case_load(st, code, &c)) < 0)
		goto done;
	if ((rc = pu_authorize(by, PU_ACT_CASE_WRITE, c->country, c->centre)) <
	    0)
		goto done;
	if (c->state != PU_CASE_DECIDED) {
		rc = pu_rpl_refuse(c, "only a decided case can be appealed");
		goto done;
	}
	if (c->appealed) {
		rc = pu_rpl_refuse(c, "it was already appealed once");
		goto done;
	}
	if (!pu_rpl_text_ok(reason, 500)) {
		rc = pu_error_set(PU_EINVAL, "reason: 1 to 500 bytes of text, "
					     "required");
		goto done;
	}
	if ((rc = pu_user_get(st, assessor ? assessor : "", &second)) < 0)
		goto done;
	if (second.role != PU_ROLE_ASSESSOR || second.disabled ||
	    strcmp(second.country, c->country) != 0 ||
	    strcmp(second.centre, c->centre) != 0) {
		rc = pu_error_set(PU_EINVAL,
				  "%s is not an active assessor of %s/%s",
				  second.name, c->country, c->centre);
		goto done;
	}
	pu_user_actor(&second, &as);
	if ((rc = pu_accredit_check_assessor(st, &as, c->std_country,
					     c->std_code, pu_auth_now())) < 0)
		goto done;
	for (size_t i = 0; units != NULL && i < n; i++) {
		const pu_case_unit *u = pu_case_unit_of(c, units[i]);

		if (u == NULL || !u->planned) {
			rc = pu_error_set(PU_EINVAL,
					  "unit %.40s was not assessed in case "
					  "%s",
					  units[i], c->code);
			goto done;
		}
	}
	for (size_t i = 0; i < c->nunits; i++) {
		pu_case_unit *u = &c->units[i];
		bool listed = false;

		for (size_t j = 0; units != NULL && j < n; j++)
			listed = listed || strcmp(units[j], u->code) == 0;
		if (units == NULL || n == 0)
			listed = u->planned && u->verdict == PU_VERDICT_NOT_YET;
		if (!listed)
			continue;
		if (u->account_id == second.id) {
			rc = pu_error_set(PU_EINVAL,
					  "the second assessor must not be %s, "
					  "who assessed unit %s",
					  second.name, u->code);
			goto done;
		}
		u->verdict = PU_VERDICT_NONE;
		u->round = 2;
		contested++;
		note_add(note, sizeof(note), u->code);
	}
	if (contested == 0) {
		rc = pu_error_set(PU_EINVAL, "nothing to appeal: no planned "
					     "unit is not yet competent");
		goto done;
	}
	c->appealed = true;
	c->appeal_account = second.id;
	c->outcome = PU_OUTCOME_NONE;
	if ((rc = pu_rpl_set_str(&c->appeal_assessor, second.name)) < 0 ||
	    (rc = pu_rpl_set_str(&c->reason, reason)) < 0)
		goto done;
	rc = put_units(st, c);
	if (rc == 0)
		rc = pu_rpl_case_step(st, by, c, PU_CASE_APPEAL, "case.appeal",
				      note);
done:
	rc = pu_rpl_finish(st, rc);
	pu_case_free(c);
	return rc;
}

int pu_case_certificate(pu_store *st, const pu_actor *by, const char *code,
			const char *credential_id)
{
	pu_case *c = NULL;
	char note[300];
	int rc;

	if ((rc = pu_store_begin(st)) < 0)
		return rc;
	if ((rc = pu_rpl_case_load(st, code, &c)) < 0)
		goto done;
	rc = pu_authorize(by, PU_ACT_CRED_ISSUE, c->country, NULL);
	if (rc < 0 &&
	    pu_authorize(by, PU_ACT_DECIDE, c->country, decider(c)) == 0) {
		pu_error_clear();
		rc = 0;
	}
	if (rc < 0)
		goto done;
	if (c->state != PU_CASE_DECIDED) {
		rc = pu_rpl_refuse(c, "a certificate follows a decision");
		goto done;
	}
	if (c->outcome != PU_OUTCOME_FULL &&
	    c->outcome != PU_OUTCOME_ATTAINMENT) {
		rc = pu_rpl_refuse(c, "no unit was achieved, so there is no "
				      "certificate to issue (appeal or close "
				      "it)");
		goto done;
	}
	if (!pu_rpl_text_ok(credential_id, 200) ||
	    strpbrk(credential_id, " \t\n") != NULL) {
		rc = pu_error_set(PU_EINVAL, "credential id: 1 to 200 bytes "
					     "without spaces");
		goto done;
	}
	if ((rc = pu_rpl_set_str(&c->credential, credential_id)) < 0)
		goto done;
	snprintf(note, sizeof(note), "certificate %s %s",
		 pu_outcome_name(c->outcome), credential_id);
	rc = pu_rpl_case_step(st, by, c, PU_CASE_CERTIFIED, "case.certificate",
			      note);
done:
	rc = pu_rpl_finish(st, rc);
	pu_case_free(c);
	return rc;
}

int pu_case_close(pu_store *st, const pu_actor *by, const char *code)
{
	pu_case *c = NULL;
	int rc;

	if ((rc = pu_store_begin(st)) < 0)
		return rc;
	if ((rc = pu_rpl_case_load(st, code, &c)) < 0)
		goto done;
	if ((rc = pu_authorize(by, PU_ACT_CASE_WRITE, c->country, c->centre)) <
	    0)
		goto done;
	if (c->state != PU_CASE_DECIDED) {
		rc = pu_rpl_refuse(c, "only a decided case can be closed");
		goto done;
	}
	rc = pu_rpl_case_step(st, by, c, PU_CASE_CLOSED, "case.close", "close");
done:
	rc = pu_rpl_finish(st, rc);
	pu_case_free(c);
	return rc;
}

int pu_case_withdraw(pu_store *st, const pu_actor *by, const char *code,
		     bool withdrawn, const char *reason)
{
	pu_case *c = NULL;
	int rc;

	if ((rc = pu_store_begin(st)) < 0)
		return rc;
	if ((rc = pu_rpl_case_load(st, code, &c)) < 0)
		goto done;
	if ((rc = pu_authorize(by, PU_ACT_CASE_WRITE, c->country, c->centre)) <
	    0)
		goto done;
	if (c->state >= PU_CASE_CERTIFIED) {
		rc = pu_rpl_refuse(c, "it is over and cannot be %s",
				   withdrawn ? "withdrawn" : "abandoned");
		goto done;
	}
	if (!pu_rpl_text_ok(reason, 500)) {
		rc = pu_error_set(PU_EINVAL, "reason: 1 to 500 bytes of text, "
					     "required");
		goto done;
	}
	if ((rc = pu_rpl_set_str(&c->reason, reason)) < 0)
		goto done;
	rc = pu_rpl_case_step(st, by, c,
			      withdrawn ? PU_CASE_WITHDRAWN : PU_CASE_ABANDONED,
			      withdrawn ? "case.withdraw" : "case.abandon",
			      withdrawn ? "withdraw" : "abandon");
done:
	rc = pu_rpl_finish(st, rc);
	pu_case_free(c);
	return rc;
}

static bool step_ok(const char *s)
{
	size_t n = s ? strlen(s) : 0;

	if (n == 0 || n > 31)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || s[i] == '_'))
			return false;
	return true;
}

int pu_case_fee_add(pu_store *st, const pu_actor *by, const char *code,
		    const char *step, int64_t amount, const char *currency,
		    pu_fee_status status, const char *reason)
{
	pu_case *c = NULL;
	pu_case_fee f;
	char subject[64], what[128];
	int rc;

	if ((rc = pu_store_begin(st)) < 0)
		return rc;
	if ((rc = pu_rpl_case_load(st, code, &c)) < 0)
		goto done;
	if ((rc = pu_authorize(by, PU_ACT_CASE_WRITE, c->country, c->centre)) <
	    0)
		goto done;
	if (!step_ok(step) || amount < 0 || amount > INT64_C(1000000000000) ||
	    currency == NULL || strlen(currency) != 3 || currency[0] < 'A' ||
	    currency[0] > 'Z' || currency[1] < 'A' || currency[1] > 'Z' ||
	    currency[2] < 'A' || currency[2] > 'Z' ||
	    (unsigned)status > PU_FEE_WAIVED) {
		rc = pu_error_set(PU_EINVAL,
				  "fee: a step (a-z, _), an amount in minor "
				  "units (>= 0) and an ISO 4217 currency "
				  "(\"CRC\") are required");
		goto done;
	}
	if (status == PU_FEE_WAIVED && !pu_rpl_text_ok(reason, 500)) {
		rc = pu_error_set(PU_EINVAL, "a waiver needs a reason");
		goto done;
	}
	memset(&f, 0, sizeof(f));
	f.step = (char *)step;
	f.amount = amount;
	snprintf(f.currency, sizeof(f.currency), "%s", currency);
	f.status = status;
	f.reason = (char *)(reason ? reason : "");
	f.at = pu_auth_now();
	snprintf(subject, sizeof(subject), "case:%s", c->code);
	snprintf(what, sizeof(what), "fee %s %lld %s %s", step,
		 (long long)amount, currency, pu_fee_status_name(status));
	rc = st->ops->rpl->fee_insert(st, c->id, &f);
	if (rc == 0)
		rc = pu_rpl_audit(st, by, "case.fee", c->country, subject, what,
				  strlen(what));
done:
	rc = pu_rpl_finish(st, rc);
	pu_case_free(c);
	return rc;
}
