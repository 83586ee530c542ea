/*
 * Accreditation: only a country's authority accredits its centres, bodies
 * and assessors; grants cover a code or a prefix between two dates; a
 * withdrawn grant or organisation no longer covers anything; the checks the
 * case functions call refuse outside scope with a message naming who, what
 * and when; every change is audited.
 */
#include "helpers.h"

#include "puente/accredit.h"
#include "puente/audit.h"
#include "puente/auth.h"

static const char PW[] = "correct horse battery";
static int64_t fake_now = 1800000000; /* 2027-01-15 */

static int64_t fake_clock(void)
{
	return fake_now;
}

static pu_actor cli_admin(void)
{
	pu_actor a;

	pu_actor_cli(&a, "test");
	return a;
}

static pu_actor account(pu_store *st, const char *name, pu_role role,
			const char *country, const char *centre)
{
	pu_actor by = cli_admin(), out;
	pu_user u;

	memset(&u, 0, sizeof(u));
	snprintf(u.name, sizeof(u.name), "%s", name);
	u.role = role;
	snprintf(u.country, sizeof(u.country), "%s", country ? country : "");
	snprintf(u.centre, sizeof(u.centre), "%s", centre ? centre : "");
	assert_ok(pu_user_add(st, &by, &u, PW, NULL));
	assert_ok(pu_user_get(st, name, &u));
	pu_user_actor(&u, &out);
	return out;
}

static pu_org org(const char *country, const char *id, pu_org_kind kind)
{
	pu_org o;

	memset(&o, 0, sizeof(o));
	snprintf(o.country, sizeof(o.country), "%s", country);
	snprintf(o.id, sizeof(o.id), "%s", id);
	snprintf(o.name, sizeof(o.name), "Centro %s", id);
	o.kind = kind;
	return o;
}

static pu_scope grant(const char *org_id, const char *acct, const char *pattern,
		      const char *from, const char *to)
{
	pu_scope g;

	memset(&g, 0, sizeof(g));
	snprintf(g.country, sizeof(g.country), "CR");
	snprintf(g.org, sizeof(g.org), "%s", org_id);
	snprintf(g.account, sizeof(g.account), "%s", acct ? acct : "");
	snprintf(g.std_country, sizeof(g.std_country), "CR");
	snprintf(g.pattern, sizeof(g.pattern), "%s", pattern);
	snprintf(g.valid_from, sizeof(g.valid_from), "%s", from ? from : "");
	snprintf(g.valid_to, sizeof(g.valid_to), "%s", to ? to : "");
	return g;
}

struct world {
	struct tmpdb *t;
	pu_actor cr, cl, staff, ana, ben;
};

static int setup(void **state)
{
	struct world *w = calloc(1, sizeof(*w));

	fake_now = 1800000000;
	pu_auth_clock_set(fake_clock);
	if (w == NULL || store_setup((void **)&w->t) != 0)
		return -1;
	w->cr = account(w->t->st, "cr-auth", PU_ROLE_AUTHORITY, "CR", NULL);
	w->cl = account(w->t->st, "cl-auth", PU_ROLE_AUTHORITY, "CL", NULL);
	w->staff = account(w->t->st, "staff", PU_ROLE_CENTRE, "CR", "INA-1");
	w->ana = account(w->t->st, "ana", PU_ROLE_ASSESSOR, "CR", "INA-1");
	w->ben = account(w->t->st, "ben", PU_ROLE_ASSESSOR, "CR", "OTHER");
	*state = w;
	return 0;
}

static int teardown(void **state)
{
	struct world *w = *state;

	pu_auth_clock_set(NULL);
	store_teardown((void **)&w->t);
	free(w);
	return 0;
}

static void only_the_countrys_authority_accredits(void **state)
{
	struct world *w = *state;
	pu_store *st = w->t->st;
	pu_org o = org("CR", "INA-1", PU_ORG_BODY), got, *list = NULL;
	pu_actor admin = cli_admin();
	size_t n = 0;

	assert_error(pu_accredit_org_add(st, &w->cl, &o), PU_EDENIED,
		     "authority of CL may not accredit CR's centres");
	assert_error(pu_accredit_org_add(st, &w->staff, &o), PU_EDENIED,
		     "centre staff of CR/INA-1 may not accredit");
	assert_error(pu_accredit_org_add(st, &admin, &o), PU_EDENIED,
		     "may not accredit");
	assert_error(pu_accredit_org_add(st, NULL, &o), PU_EAUTH, "sign in");
	assert_ok(pu_accredit_org_add(st, &w->cr, &o));
	assert_error(pu_accredit_org_add(st, &w->cr, &o), PU_ECONFLICT,
		     "CR/INA-1 already exists");
	o = org("CR", "bad id", PU_ORG_CENTRE);
	assert_error(pu_accredit_org_add(st, &w->cr, &o), PU_EINVAL, "id:");
	o = org("CR", "OTHER", PU_ORG_CENTRE);
	assert_ok(pu_accredit_org_add(st, &w->cr, &o));
	assert_ok(pu_accredit_org_get(st, "CR", "INA-1", &got));
	assert_int_equal(got.kind, PU_ORG_BODY);
	assert_string_equal(got.name, "Centro INA-1");
	assert_error(pu_accredit_org_get(st, "CR", "NOPE", &got), PU_ENOTFOUND,
		     "no centre or body CR/NOPE");
	assert_ok(pu_accredit_org_list(st, "CR", &list, &n));
	assert_int_equal(n, 2);
	free(list);
	assert_ok(pu_accredit_org_list(st, "CL", &list, &n));
	assert_int_equal(n, 0);
	free(list);
}

static void grants_cover_codes_prefixes_and_dates(void **state)
{
	struct world *w = *state;
	pu_store *st = w->t->st;
	pu_org o = org("CR", "INA-1", PU_ORG_BODY);
	pu_scope g;
	int64_t id = 0, in_2027 = 1800000000, in_2029 = 1870000000;

	assert_ok(pu_accredit_org_add(st, &w->cr, &o));
	/* The centre has no scope yet: its assessors have none either. */
	g = grant("INA-1", "ana", "CR-COOK-*", NULL, "2027-12-31");
	assert_ok(pu_accredit_grant(st, &w->cr, &g, &id));
	assert_true(id > 0);
	assert_error(pu_accredit_check_assessor(st, &w->ana, "CR", "CR-COOK-01",
						in_2027),
		     PU_EDENIED,
		     "body CR/INA-1 is not accredited for CR/CR-COOK-01");
	g = grant("INA-1", NULL, "*", "2027-01-01", NULL);
	assert_ok(pu_accredit_grant(st, &w->cr, &g, NULL));
	assert_ok(pu_accredit_check_assessor(st, &w->ana, "CR", "CR-COOK-01",
					     in_2027));
	assert_ok(pu_accredit_check_body(st, "CR", "INA-1", "CR", "CR-WAIT-01",
					 in_2027));
	/* Outside the prefix, after the end date, another country. */
	assert_error(pu_accredit_check_assessor(st, &w->ana, "CR", "CR-WAIT-01",
						in_2027),
		     PU_EDENIED,
		     "assessor ana of CR/INA-1 is not accredited for "
		     "CR/CR-WAIT-01 on 2027-01-15");
	assert_error(pu_accredit_check_assessor(st, &w->ana, "CR", "CR-COOK-01",
						in_2029),
		     PU_EDENIED, "on 2029-04-04");
	assert_error(pu_accredit_check_assessor(st, &w->ana, "NI", "CR-COOK-01",
						in_2027),
		     PU_EDENIED, "not accredited for NI/CR-COOK-01");
	/* Before the grant's start. */
	assert_error(pu_accredit_check_body(st, "CR", "INA-1", "CR",
					    "CR-COOK-01", 1790000000),
		     PU_EDENIED, "on 2026-09-21");
	/* Only assessors of the organisation, only by its authority. */
	g = grant("INA-1", "staff", "CR-COOK-01", NULL, NULL);
	assert_error(pu_accredit_grant(st, &w->cr, &g, NULL), PU_EINVAL,
		     "account staff is not an assessor of CR/INA-1");
	g = grant("INA-1", "ben", "CR-COOK-01", NULL, NULL);
	assert_error(pu_accredit_grant(st, &w->cr, &g, NULL), PU_EINVAL,
		     "account ben is not an assessor of CR/INA-1");
	g = grant("INA-1", "ana", "CR-COOK-01", NULL, NULL);
	assert_error(pu_accredit_grant(st, &w->cl, &g, NULL), PU_EDENIED,
		     "authority of CL may not accredit CR's");
	g = grant("INA-1", "ana", "bad code!", NULL, NULL);
	assert_error(pu_accredit_grant(st, &w->cr, &g, NULL), PU_EINVAL,
		     "neither a code nor a prefix");
	g = grant("INA-1", "ana", "CR-COOK-01", "2027-05-01", "2027-01-01");
	assert_error(pu_accredit_grant(st, &w->cr, &g, NULL), PU_EINVAL,
		     "is before");
	/* Someone who is not an assessor never passes. */
	assert_error(pu_accredit_check_assessor(st, &w->staff, "CR",
						"CR-COOK-01", in_2027),
		     PU_EDENIED, "staff is not an assessor");
	assert_error(
	    pu_accredit_check_assessor(st, NULL, "CR", "CR-COOK-01", in_2027),
	    PU_EAUTH, "sign in");
}

static void withdrawal_ends_scope(void **state)
{
	struct world *w = *state;
	pu_store *st = w->t->st;
	pu_org o = org("CR", "INA-1", PU_ORG_BODY),
	       c = org("CR", "OTHER", PU_ORG_CENTRE);
	pu_scope g, *list = NULL;
	int64_t id = 0, org_grant = 0;
	size_t n = 0;

	assert_ok(pu_accredit_org_add(st, &w->cr, &o));
	assert_ok(pu_accredit_org_add(st, &w->cr, &c));
	g = grant("INA-1", NULL, "CR-COOK-01", NULL, NULL);
	assert_ok(pu_accredit_grant(st, &w->cr, &g, &org_grant));
	g = grant("INA-1", "ana", "CR-COOK-01", NULL, NULL);
	assert_ok(pu_accredit_grant(st, &w->cr, &g, &id));
	g = grant("OTHER", NULL, "CR-COOK-01", NULL, NULL);
	assert_ok(pu_accredit_grant(st, &w->cr, &g, NULL));
	/* An assessment centre runs cases but does not certify. */
	assert_ok(pu_accredit_check_centre(st, "CR", "OTHER", "CR",
					   "CR-COOK-01", fake_now));
	assert_error(pu_accredit_check_body(st, "CR", "OTHER", "CR",
					    "CR-COOK-01", fake_now),
		     PU_EDENIED, "not a certification body");
	assert_ok(pu_accredit_check_assessor(st, &w->ana, "CR", "CR-COOK-01",
					     fake_now));
	assert_error(pu_accredit_grant_withdraw(st, &w->cr, id, ""), PU_EINVAL,
		     "reason");
	assert_error(pu_accredit_grant_withdraw(st, &w->cl, id, "expired"),
		     PU_EDENIED, "authority of CL");
	assert_ok(pu_accredit_grant_withdraw(st, &w->cr, id, "expired"));
	assert_error(pu_accredit_grant_withdraw(st, &w->cr, id, "again"),
		     PU_ECONFLICT, "already withdrawn");
	assert_error(pu_accredit_grant_withdraw(st, &w->cr, 999, "x"),
		     PU_ENOTFOUND, "no grant 999");
	assert_error(pu_accredit_check_assessor(st, &w->ana, "CR", "CR-COOK-01",
						fake_now),
		     PU_EDENIED, "assessor ana of CR/INA-1 is not accredited");
	assert_ok(pu_accredit_org_withdraw(st, &w->cr, "CR", "INA-1",
					   "audit failed"));
	assert_error(pu_accredit_check_body(st, "CR", "INA-1", "CR",
					    "CR-COOK-01", fake_now),
		     PU_EDENIED, "CR/INA-1's accreditation was withdrawn");
	assert_error(pu_accredit_org_withdraw(st, &w->cr, "CR", "INA-1", "x"),
		     PU_ECONFLICT, "already withdrawn");
	g = grant("INA-1", NULL, "CR-WAIT-01", NULL, NULL);
	assert_error(pu_accredit_grant(st, &w->cr, &g, NULL), PU_ECONFLICT,
		     "was withdrawn");
	/* The organisation's grants went with it; the list keeps them. */
	assert_ok(pu_accredit_scope_list(st, "CR", "INA-1", NULL, &list, &n));
	assert_int_equal(n, 2);
	assert_true(list[0].withdrawn_at != 0 && list[1].withdrawn_at != 0);
	free(list);
	assert_ok(pu_accredit_scope_list(st, NULL, NULL, "ana", &list, &n));
	assert_int_equal(n, 1);
	assert_string_equal(list[0].account, "ana");
	free(list);
}

static void changes_are_audited(void **state)
{
	struct world *w = *state;
	pu_store *st = w->t->st;
	pu_org o = org("CR", "INA-1", PU_ORG_BODY);
	pu_scope g = grant("INA-1", "ana", "CR-COOK-01", NULL, NULL);
	pu_audit_entry *e = NULL;
	pu_audit_report r;
	int64_t id;
	size_t n = 0;

	assert_ok(pu_accredit_org_add(st, &w->cr, &o));
	assert_ok(pu_accredit_grant(st, &w->cr, &g, &id));
	assert_ok(pu_accredit_grant_withdraw(st, &w->cr, id, "moved away"));
	assert_ok(pu_audit_list(st, NULL, "CR", 3, &e, &n));
	assert_int_equal(n, 3);
	assert_string_equal(e[0].action, "accredit.withdraw");
	assert_string_equal(e[1].action, "accredit.grant");
	assert_string_equal(e[2].action, "accredit.org");
	assert_string_equal(e[2].subject, "org:CR/INA-1");
	assert_string_equal(e[0].actor, "cr-auth");
	free(e);
	assert_ok(pu_audit_verify(st, NULL, 0, NULL, &r));
	assert_int_equal(r.problem, PU_AUDIT_INTACT);
}

static void patterns(void **state)
{
	(void)state;
	assert_true(pu_accredit_pattern_covers("CR-COOK-01", "CR-COOK-01"));
	assert_false(pu_accredit_pattern_covers("CR-COOK-01", "CR-COOK-011"));
	assert_true(pu_accredit_pattern_covers("CR-COOK-*", "CR-COOK-02"));
	assert_false(pu_accredit_pattern_covers("CR-COOK-*", "CR-WAIT-01"));
	assert_true(pu_accredit_pattern_covers("*", "ANY"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(
		only_the_countrys_authority_accredits, setup, teardown),
	    cmocka_unit_test_setup_teardown(
		grants_cover_codes_prefixes_and_dates, setup, teardown),
	    cmocka_unit_test_setup_teardown(withdrawal_ends_scope, setup,
					    teardown),
	    cmocka_unit_test_setup_teardown(changes_are_audited, setup,
					    teardown),
	    cmocka_unit_test(patterns),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
