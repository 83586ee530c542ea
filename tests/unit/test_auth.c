/*
 * Accounts, roles and scope: every cell of the role matrix (each role, each
 * action, in and out of its scope), accounts and their rules, sign-in with
 * the lockout, sessions expiring on an injected clock, API tokens, and imports
 * refused outside an authority's country with nothing written.
 */
#include "helpers.h"

#include "puente/agreement.h"
#include "puente/audit.h"
#include "puente/auth.h"

#include <sodium.h>
#include <sqlite3.h>
#include <time.h>

static const char PW[] = "correct horse battery";

static int64_t fake_now = 1800000000;

static int64_t fake_clock(void)
{
	return fake_now;
}

static int setup(void **state)
{
	fake_now = 1800000000;
	pu_auth_clock_set(fake_clock);
	return store_setup(state);
}

static int teardown(void **state)
{
	pu_auth_clock_set(NULL);
	return store_teardown(state);
}

static pu_actor actor(pu_role role, const char *country, const char *centre)
{
	pu_actor a;

	memset(&a, 0, sizeof(a));
	a.user_id = 99;
	snprintf(a.name, sizeof(a.name), "someone");
	a.role = role;
	snprintf(a.country, sizeof(a.country), "%s", country ? country : "");
	snprintf(a.centre, sizeof(a.centre), "%s", centre ? centre : "");
	return a;
}

static pu_actor admin(void)
{
	pu_actor a;

	pu_actor_cli(&a, "tester");
	return a;
}

/* The expected matrix, written out again independently of authorize.c:
 * N nowhere, C own centre, K own country, A anywhere. */
static const char expected[PU_ACT_COUNT][5] = {
	/*                           admin authority centre assessor */
	[PU_ACT_CATALOGUE_WRITE] = {'N', 'A', 'K', 'N', 'N'},
	[PU_ACT_FRAMEWORK_WRITE] = {'N', 'A', 'K', 'N', 'N'},
	[PU_ACT_AGREEMENT_WRITE] = {'N', 'A', 'K', 'N', 'N'},
	[PU_ACT_AGREEMENT_CONFIRM] = {'N', 'A', 'K', 'N', 'N'},
	[PU_ACT_USER_MANAGE] = {'N', 'A', 'K', 'N', 'N'},
	[PU_ACT_AUDIT_READ] = {'N', 'A', 'K', 'N', 'N'},
	[PU_ACT_CASE_READ] = {'N', 'N', 'N', 'C', 'C'},
	[PU_ACT_CASE_WRITE] = {'N', 'N', 'N', 'C', 'N'},
	[PU_ACT_ASSESS] = {'N', 'N', 'N', 'N', 'C'},
	[PU_ACT_DECIDE] = {'N', 'N', 'N', 'C', 'N'},
	[PU_ACT_CRED_ISSUE] = {'N', 'N', 'K', 'N', 'N'},
	[PU_ACT_CRED_REVOKE] = {'N', 'N', 'K', 'N', 'N'},
	[PU_ACT_ACCREDIT] = {'N', 'N', 'K', 'N', 'N'},
	[PU_ACT_RECOGNISE] = {'N', 'N', 'K', 'N', 'N'},
};

/* Targets relative to an actor of CL, centre C1. */
static const struct {
	const char *country, *centre;
	int within; /* 0 outside; 1 own country, other centre; 2 own centre */
} targets[] = {
	{"CL", "C1", 2}, {"CL", "C2", 1}, {"CL", NULL, 1},
	{"PE", "C1", 0}, {"PE", NULL, 0}, {NULL, NULL, -1},
};

static void roles_matrix_every_cell(void **state)
{
	(void)state;
	for (int r = 0; r <= PU_ROLE_ASSESSOR; r++) {
		pu_actor a = actor((pu_role)r, r >= PU_ROLE_AUTHORITY ? "CL" : "",
				   r >= PU_ROLE_CENTRE ? "C1" : "");

		for (int act = 0; act < PU_ACT_COUNT; act++) {
			for (size_t t = 0; t < sizeof(targets) / sizeof(*targets);
			     t++) {
				char want = expected[act][r];
				int within = targets[t].within, allowed, rc;

				allowed = want == 'A' ||
					  (want == 'K' && within >= 1) ||
					  (want == 'C' && within == 2);
				rc = pu_authorize(r == 0 ? NULL : &a,
						  (pu_action)act,
						  targets[t].country,
						  targets[t].centre);
				if (allowed && rc != 0)
					fail_msg("%s may %s on %s/%s: %s",
						 pu_role_name((pu_role)r),
						 pu_action_name((pu_action)act),
						 targets[t].country,
						 targets[t].centre,
						 pu_error_message());
				if (!allowed &&
				    rc != (r == 0 ? PU_EAUTH : PU_EDENIED))
					fail_msg("%s may not %s on %s/%s: "
						 "got %d",
						 pu_role_name((pu_role)r),
						 pu_action_name((pu_action)act),
						 targets[t].country,
						 targets[t].centre, rc);
			}
		}
	}
}

static void refusal_names_who_and_what(void **state)
{
	pu_actor cl = actor(PU_ROLE_AUTHORITY, "CL", NULL),
		 as = actor(PU_ROLE_ASSESSOR, "CL", "C1");

	(void)state;
	assert_int_equal(pu_authorize(&cl, PU_ACT_CATALOGUE_WRITE, "PE", NULL),
			 PU_EDENIED);
	assert_string_equal(pu_error_message(),
			    "authority of CL may not write PE's catalogue");
	assert_error(pu_authorize(&as, PU_ACT_ASSESS, "CL", "C2"), PU_EDENIED,
		     "assessor of CL/C1 may not assess in centre C2 of CL's "
		     "cases");
	assert_error(pu_authorize(&cl, PU_ACT_FRAMEWORK_WRITE, NULL, NULL),
		     PU_EDENIED, "may not write regional frameworks");
	assert_error(pu_authorize(NULL, PU_ACT_CATALOGUE_WRITE, "CL", NULL),
		     PU_EAUTH, "sign in");
	/* A country is an exact code, not a prefix. */
	assert_int_equal(pu_authorize(&cl, PU_ACT_CATALOGUE_WRITE, "CLX",
				      NULL),
			 PU_EDENIED);
}

static void role_names_round_trip(void **state)
{
	pu_role r;

	(void)state;
	for (int i = PU_ROLE_ADMIN; i <= PU_ROLE_ASSESSOR; i++) {
		assert_ok(pu_role_parse(pu_role_name((pu_role)i), &r));
		assert_int_equal(r, i);
	}
	assert_error(pu_role_parse("root", &r), PU_EINVAL, "not one of");
	assert_string_equal(pu_action_name(PU_ACT_CATALOGUE_WRITE),
			    "catalogue.write");
}

static void cli_actor_is_an_admin(void **state)
{
	pu_actor a = admin();

	(void)state;
	assert_string_equal(a.name, "cli:tester");
	assert_int_equal(a.role, PU_ROLE_ADMIN);
	assert_int_equal(a.user_id, 0);
	pu_actor_cli(&a, NULL);
	assert_memory_equal(a.name, "cli:", 4);
}

static pu_user user(const char *name, pu_role role, const char *country,
		    const char *centre)
{
	pu_user u;

	memset(&u, 0, sizeof(u));
	snprintf(u.name, sizeof(u.name), "%s", name);
	u.role = role;
	snprintf(u.country, sizeof(u.country), "%s", country ? country : "");
	snprintf(u.centre, sizeof(u.centre), "%s", centre ? centre : "");
	return u;
}

static void add(pu_store *st, const char *name, pu_role role,
		const char *country, const char *centre)
{
	pu_actor a = admin();
	pu_user u = user(name, role, country, centre);

	assert_ok(pu_user_add(st, &a, &u, PW, NULL));
}

static void accounts_follow_their_rules(void **state)
{
	pu_store *st = state_store(state);
	pu_actor a = admin();
	pu_user u, got, *v = NULL;
	int64_t id = 0;
	size_t n = 0;

	u = user("Ana.Perez@mtps.cl", PU_ROLE_AUTHORITY, "CL", NULL);
	assert_ok(pu_user_add(st, &a, &u, PW, &id));
	assert_true(id > 0);
	assert_ok(pu_user_get(st, "ana.perez@mtps.cl", &got));
	assert_string_equal(got.name, "ana.perez@mtps.cl");
	assert_int_equal(got.role, PU_ROLE_AUTHORITY);
	assert_string_equal(got.country, "CL");
	assert_false(got.disabled);
	assert_int_equal(got.created_at, fake_now);
	assert_error(pu_user_add(st, &a, &u, PW, NULL), PU_ECONFLICT,
		     "already exists");

	u = user("weak", PU_ROLE_ADMIN, NULL, NULL);
	assert_error(pu_user_add(st, &a, &u, "elevenchars", NULL), PU_EINVAL,
		     "at least 12 characters");
	/* Twelve characters, not twelve bytes. */
	assert_error(pu_user_add(st, &a, &u, "ñññññññññññ", NULL), PU_EINVAL,
		     "at least 12");
	u = user("longname-0001", PU_ROLE_ADMIN, NULL, NULL);
	assert_error(pu_user_add(st, &a, &u, "LONGNAME-0001", NULL),
		     PU_EINVAL, "must not be the account's name");
	u = user("x y", PU_ROLE_ADMIN, NULL, NULL);
	assert_error(pu_user_add(st, &a, &u, PW, NULL), PU_EINVAL, "name:");
	u = user("cli:root", PU_ROLE_ADMIN, NULL, NULL);
	assert_error(pu_user_add(st, &a, &u, PW, NULL), PU_EINVAL, "name:");
	u = user("adm", PU_ROLE_ADMIN, "CL", NULL);
	assert_error(pu_user_add(st, &a, &u, PW, NULL), PU_EINVAL,
		     "an admin has no country");
	u = user("auth", PU_ROLE_AUTHORITY, NULL, NULL);
	assert_error(pu_user_add(st, &a, &u, PW, NULL), PU_EINVAL, "country");
	u = user("staff", PU_ROLE_CENTRE, "CL", NULL);
	assert_error(pu_user_add(st, &a, &u, PW, NULL), PU_EINVAL,
		     "centre: missing");
	u = user("staff", PU_ROLE_CENTRE, "CL", "bad centre");
	assert_error(pu_user_add(st, &a, &u, PW, NULL), PU_EINVAL, "centre:");
	u = user("nobody", PU_ROLE_NONE, NULL, NULL);
	assert_error(pu_user_add(st, &a, &u, PW, NULL), PU_EINVAL, "role");
	assert_error(pu_user_add(st, NULL, &u, PW, NULL), PU_EINVAL, "role");
	u = user("staff", PU_ROLE_CENTRE, "CL", "STGO-1");
	assert_error(pu_user_add(st, NULL, &u, PW, NULL), PU_EAUTH, "sign in");
	assert_error(pu_user_get(st, "nobody", &got), PU_ENOTFOUND,
		     "no user nobody");

	add(st, "zed", PU_ROLE_ADMIN, NULL, NULL);
	assert_ok(pu_user_list(st, NULL, &v, &n));
	assert_int_equal(n, 2);
	assert_string_equal(v[0].name, "ana.perez@mtps.cl");
	assert_string_equal(v[1].name, "zed");
	free(v);
}

static void authorities_manage_their_centres_only(void **state)
{
	pu_store *st = state_store(state);
	pu_actor cl = actor(PU_ROLE_AUTHORITY, "CL", NULL),
		 staff = actor(PU_ROLE_CENTRE, "CL", "C1");
	pu_user u, *v = NULL;
	size_t n = 0;

	add(st, "pe-staff", PU_ROLE_CENTRE, "PE", "LIMA");
	u = user("cl-staff", PU_ROLE_CENTRE, "CL", "C1");
	assert_ok(pu_user_add(st, &cl, &u, PW, NULL));
	u = user("cl-assessor", PU_ROLE_ASSESSOR, "CL", "C1");
	assert_ok(pu_user_add(st, &cl, &u, PW, NULL));
	u = user("pe-assessor", PU_ROLE_ASSESSOR, "PE", "LIMA");
	assert_error(pu_user_add(st, &cl, &u, PW, NULL), PU_EDENIED,
		     "authority of CL may not manage PE's accounts");
	u = user("cl-auth2", PU_ROLE_AUTHORITY, "CL", NULL);
	assert_error(pu_user_add(st, &cl, &u, PW, NULL), PU_EDENIED,
		     "only an administrator");
	u = user("root2", PU_ROLE_ADMIN, NULL, NULL);
	assert_error(pu_user_add(st, &cl, &u, PW, NULL), PU_EDENIED, "");
	u = user("cl-other", PU_ROLE_ASSESSOR, "CL", "C1");
	assert_error(pu_user_add(st, &staff, &u, PW, NULL), PU_EDENIED,
		     "centre staff of CL/C1 may not manage CL's accounts");
	assert_error(pu_user_set_disabled(st, &cl, "pe-staff", true),
		     PU_EDENIED, "PE's accounts");
	assert_ok(pu_user_set_disabled(st, &cl, "cl-staff", true));

	assert_ok(pu_user_list(st, &cl, &v, &n));
	assert_int_equal(n, 2); /* CL's accounts only */
	free(v);
	assert_error(pu_user_list(st, &staff, &v, &n), PU_EDENIED, "");
}

static void sign_in_and_sessions(void **state)
{
	pu_store *st = state_store(state);
	char tok[PU_AUTH_TOKEN_SIZE];
	pu_session s, s2;

	add(st, "ana", PU_ROLE_AUTHORITY, "CL", NULL);
	assert_ok(pu_auth_login(st, "ANA", PW, tok, &s));
	assert_int_equal(strlen(tok), 47);
	assert_memory_equal(tok, "pus_", 4);
	assert_string_equal(s.actor.name, "ana");
	assert_int_equal(s.actor.role, PU_ROLE_AUTHORITY);
	assert_string_equal(s.actor.country, "CL");
	assert_true(s.actor.user_id > 0);
	assert_int_equal(strlen(s.csrf), 43);
	assert_int_equal(s.expires_at, fake_now + PU_AUTH_SESSION_IDLE);

	assert_ok(pu_auth_session(st, tok, &s2));
	assert_string_equal(s2.actor.name, "ana");
	assert_string_equal(s2.csrf, s.csrf);
	assert_true(pu_auth_csrf_ok(&s2, s.csrf));
	assert_false(pu_auth_csrf_ok(&s2, ""));
	assert_false(pu_auth_csrf_ok(&s2, NULL));
	s.csrf[5] ^= 1;
	assert_false(pu_auth_csrf_ok(&s2, s.csrf));

	/* A second sign-in is a second session with its own tokens. */
	{
		char tok2[PU_AUTH_TOKEN_SIZE];
		pu_session s3;

		assert_ok(pu_auth_login(st, "ana", PW, tok2, &s3));
		assert_string_not_equal(tok, tok2);
		assert_string_not_equal(s3.csrf, s2.csrf);
		assert_ok(pu_auth_logout(st, tok2));
		assert_error(pu_auth_session(st, tok2, &s3), PU_EAUTH,
			     "sign in again");
	}
	assert_ok(pu_auth_session(st, tok, &s2));

	/* Tokens of the wrong shape or kind. */
	assert_error(pu_auth_session(st, "", &s2), PU_EAUTH, "not signed in");
	assert_error(pu_auth_session(st, NULL, &s2), PU_EAUTH, "");
	tok[10] = tok[10] == 'A' ? 'B' : 'A';
	assert_error(pu_auth_session(st, tok, &s2), PU_EAUTH, "");
	tok[0] = 'x';
	assert_error(pu_auth_session(st, tok, &s2), PU_EAUTH, "");
	assert_ok(pu_auth_logout(st, "junk"));
}

static void failures_read_the_same(void **state)
{
	pu_store *st = state_store(state);
	char tok[PU_AUTH_TOKEN_SIZE] = "x", msg[3][128];
	pu_session s;

	add(st, "ana", PU_ROLE_AUTHORITY, "CL", NULL);
	add(st, "off", PU_ROLE_AUTHORITY, "CL", NULL);
	{
		pu_actor a = admin();

		assert_ok(pu_user_set_disabled(st, &a, "off", true));
	}
	assert_int_equal(pu_auth_login(st, "ana", "wrong password!", tok, &s),
			 PU_EAUTH);
	assert_string_equal(tok, "");
	snprintf(msg[0], sizeof(msg[0]), "%s", pu_error_message());
	assert_int_equal(pu_auth_login(st, "nobody", PW, tok, &s), PU_EAUTH);
	snprintf(msg[1], sizeof(msg[1]), "%s", pu_error_message());
	assert_int_equal(pu_auth_login(st, "off", PW, tok, &s), PU_EAUTH);
	snprintf(msg[2], sizeof(msg[2]), "%s", pu_error_message());
	assert_string_equal(msg[0], "wrong name or password");
	assert_string_equal(msg[1], msg[0]);
	assert_string_equal(msg[2], msg[0]);
	assert_int_equal(pu_auth_login(st, "bad name!", PW, tok, &s),
			 PU_EAUTH);
	assert_string_equal(pu_error_message(), msg[0]);
}

static void five_failures_lock_the_name(void **state)
{
	pu_store *st = state_store(state);
	char tok[PU_AUTH_TOKEN_SIZE];
	pu_session s;

	add(st, "ana", PU_ROLE_AUTHORITY, "CL", NULL);
	/* Four failures, then a success, clear the count. */
	for (int i = 0; i < 4; i++)
		assert_int_equal(pu_auth_login(st, "ana", "not the password",
					       tok, &s),
				 PU_EAUTH);
	assert_ok(pu_auth_login(st, "ana", PW, tok, &s));
	for (int i = 0; i < 4; i++) {
		fake_now += 60;
		assert_int_equal(pu_auth_login(st, "ana", "not the password",
					       tok, &s),
				 PU_EAUTH);
	}
	/* Failures older than the window do not count. */
	fake_now += PU_AUTH_LOCK_WINDOW;
	assert_int_equal(pu_auth_login(st, "ana", "not the password", tok, &s),
			 PU_EAUTH);
	assert_ok(pu_auth_login(st, "ana", PW, tok, &s));
	for (int i = 0; i < 5; i++)
		assert_error(pu_auth_login(st, "ana", "not the password", tok,
					   &s),
			     PU_EAUTH, "wrong name or password");
	/* Locked, whatever the password, for 15 minutes. */
	assert_error(pu_auth_login(st, "ana", PW, tok, &s), PU_EAUTH,
		     "too many failed sign-ins");
	fake_now += PU_AUTH_LOCK_TIME - 1;
	assert_error(pu_auth_login(st, "ana", PW, tok, &s), PU_EAUTH,
		     "too many failed sign-ins");
	fake_now += 1;
	assert_ok(pu_auth_login(st, "ana", PW, tok, &s));

	/* A name without an account locks the same way, with the same
	 * words. */
	for (int i = 0; i < 5; i++)
		assert_int_equal(pu_auth_login(st, "ghost", PW, tok, &s),
				 PU_EAUTH);
	assert_error(pu_auth_login(st, "ghost", PW, tok, &s), PU_EAUTH,
		     "too many failed sign-ins");
	assert_ok(pu_auth_login(st, "ana", PW, tok, &s)); /* others are not */
}

static void sessions_expire(void **state)
{
	pu_store *st = state_store(state);
	char tok[PU_AUTH_TOKEN_SIZE];
	pu_session s;
	pu_actor a = admin();
	int64_t start;

	add(st, "ana", PU_ROLE_AUTHORITY, "CL", NULL);
	/* Idle: 8 hours without a request. */
	assert_ok(pu_auth_login(st, "ana", PW, tok, &s));
	fake_now += PU_AUTH_SESSION_IDLE - 1;
	assert_ok(pu_auth_session(st, tok, &s));
	assert_int_equal(s.expires_at, fake_now + PU_AUTH_SESSION_IDLE);
	fake_now += PU_AUTH_SESSION_IDLE;
	assert_error(pu_auth_session(st, tok, &s), PU_EAUTH, "expired");
	assert_error(pu_auth_session(st, tok, &s), PU_EAUTH, "ended");

	/* Absolute: 24 hours even when used every hour. */
	start = fake_now;
	assert_ok(pu_auth_login(st, "ana", PW, tok, &s));
	while (fake_now + 3600 < start + PU_AUTH_SESSION_MAX) {
		fake_now += 3600;
		assert_ok(pu_auth_session(st, tok, &s));
	}
	assert_int_equal(s.expires_at, start + PU_AUTH_SESSION_MAX);
	fake_now = start + PU_AUTH_SESSION_MAX;
	assert_error(pu_auth_session(st, tok, &s), PU_EAUTH, "expired");

	/* Disabling an account ends its sessions; enabling does not bring
	 * them back. */
	assert_ok(pu_auth_login(st, "ana", PW, tok, &s));
	assert_ok(pu_user_set_disabled(st, &a, "ana", true));
	assert_error(pu_auth_session(st, tok, &s), PU_EAUTH, "");
	assert_ok(pu_user_set_disabled(st, &a, "ana", false));
	assert_error(pu_auth_session(st, tok, &s), PU_EAUTH, "");
	assert_ok(pu_auth_login(st, "ana", PW, tok, &s));
}

/* Sessions that are never presented again do not pile up: a sign-in
 * forgets the expired ones. */
static void expired_sessions_are_forgotten(void **state)
{
	struct tmpdb *t = *state;
	char tok[PU_AUTH_TOKEN_SIZE];
	sqlite3 *db;
	sqlite3_stmt *q;

	add(t->st, "ana", PU_ROLE_AUTHORITY, "CL", NULL);
	assert_ok(pu_auth_login(t->st, "ana", PW, tok, NULL));
	assert_ok(pu_auth_login(t->st, "ana", PW, tok, NULL));
	fake_now += PU_AUTH_SESSION_IDLE;
	assert_ok(pu_auth_login(t->st, "ana", PW, tok, NULL));
	assert_int_equal(sqlite3_open(t->path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, "SELECT count(*) FROM session",
					    -1, &q, NULL),
			 SQLITE_OK);
	assert_int_equal(sqlite3_step(q), SQLITE_ROW);
	assert_int_equal(sqlite3_column_int(q, 0), 1);
	sqlite3_finalize(q);
	sqlite3_close(db);
	{
		pu_session s;

		assert_ok(pu_auth_session(t->st, tok, &s));
	}
}

static void passwords_change(void **state)
{
	pu_store *st = state_store(state);
	char tok[PU_AUTH_TOKEN_SIZE];
	pu_session s;
	pu_actor a = admin();
	static const char NEW[] = "a new long passphrase";

	add(st, "ana", PU_ROLE_AUTHORITY, "CL", NULL);
	assert_ok(pu_auth_login(st, "ana", PW, tok, &s));
	assert_error(pu_user_set_password(st, &s.actor, "ana", "wrong one!!!!",
					  NEW),
		     PU_EAUTH, "current password is wrong");
	assert_error(pu_user_set_password(st, &s.actor, "ana", PW, "short"),
		     PU_EINVAL, "at least 12");
	assert_ok(pu_user_set_password(st, &s.actor, "ana", PW, NEW));
	assert_error(pu_auth_session(st, tok, &s), PU_EAUTH, "");
	assert_int_equal(pu_auth_login(st, "ana", PW, tok, &s), PU_EAUTH);
	assert_ok(pu_auth_login(st, "ana", NEW, tok, &s));
	/* An administrator resets without the old password. */
	assert_ok(pu_user_set_password(st, &a, "ana", NULL, PW));
	assert_ok(pu_auth_login(st, "ana", PW, tok, &s));
}

static void api_tokens(void **state)
{
	pu_store *st = state_store(state);
	char tok[PU_AUTH_TOKEN_SIZE], stok[PU_AUTH_TOKEN_SIZE];
	pu_actor a = admin(), got, cl = actor(PU_ROLE_AUTHORITY, "CL", NULL);
	pu_session s;
	int64_t id = 0;

	add(st, "robot", PU_ROLE_AUTHORITY, "CL", NULL);
	add(st, "pe", PU_ROLE_AUTHORITY, "PE", NULL);
	assert_ok(pu_auth_token_create(st, &a, "robot", "nightly import", tok,
				       &id));
	assert_true(id > 0);
	assert_int_equal(strlen(tok), 47);
	assert_memory_equal(tok, "pua_", 4);
	assert_ok(pu_auth_token_lookup(st, tok, &got));
	assert_string_equal(got.name, "robot");
	assert_string_equal(got.country, "CL");
	assert_int_equal(got.role, PU_ROLE_AUTHORITY);

	/* Each kind of token opens only its own door. */
	assert_ok(pu_auth_login(st, "robot", PW, stok, &s));
	assert_error(pu_auth_token_lookup(st, stok, &got), PU_EAUTH,
		     "not a Puente API token");
	{
		pu_session other;

		assert_error(pu_auth_session(st, tok, &other), PU_EAUTH, "");
	}

	assert_error(pu_auth_token_create(st, &a, "robot", "", tok, NULL),
		     PU_EINVAL, "label");
	assert_error(pu_auth_token_create(st, &a, "robot", "a\nb", tok, NULL),
		     PU_EINVAL, "control");
	assert_error(pu_auth_token_create(st, &a, "ghost", "x", tok, NULL),
		     PU_ENOTFOUND, "no user ghost");
	/* Authorities only hand out tokens within their scope; an
	 * authority is no manager of another authority. */
	assert_error(pu_auth_token_create(st, &cl, "pe", "x", tok, NULL),
		     PU_EDENIED, "");
	/* An account makes its own. */
	assert_ok(pu_auth_token_create(st, &s.actor, "robot", "mine", stok,
				       NULL));

	assert_ok(pu_auth_token_create(st, &a, "robot", "again", tok, &id));
	assert_ok(pu_auth_token_revoke(st, &a, id));
	{
		pu_token_info *v = NULL;
		size_t n = 0;

		assert_ok(pu_auth_token_list(st, &a, "robot", &v, &n));
		assert_int_equal(n, 3);
		assert_string_equal(v[0].label, "nightly import");
		assert_int_equal(v[0].revoked_at, 0);
		assert_string_equal(v[2].label, "again");
		assert_int_equal(v[2].revoked_at, fake_now);
		free(v);
		assert_error(pu_auth_token_list(st, &cl, "pe", &v, &n),
			     PU_EDENIED, "");
	}
	assert_error(pu_auth_token_lookup(st, tok, &got), PU_EAUTH, "revoked");
	assert_error(pu_auth_token_revoke(st, &a, 12345), PU_ENOTFOUND, "");

	assert_ok(pu_user_set_disabled(st, &a, "robot", true));
	assert_error(pu_auth_token_lookup(st, stok, &got), PU_EAUTH,
		     "disabled");
	tok[20] ^= 1;
	assert_error(pu_auth_token_lookup(st, tok, &got), PU_EAUTH, "");
	assert_error(pu_auth_token_lookup(st, "pua_short", &got), PU_EAUTH,
		     "");
}

/* Nothing of a secret is in the database: neither passwords nor tokens. */
static void secrets_are_not_stored(void **state)
{
	struct tmpdb *t = *state;
	char tok[PU_AUTH_TOKEN_SIZE], atok[PU_AUTH_TOKEN_SIZE];
	pu_actor a = admin();
	pu_session s;
	sqlite3 *db;
	sqlite3_stmt *q;
	const char *const checks[] = {
		"SELECT count(*) FROM account WHERE instr(password, ?1) > 0 "
		"OR password NOT LIKE '$argon2id$%'",
		"SELECT count(*) FROM session WHERE instr(hash, ?1) > 0",
		"SELECT count(*) FROM api_token WHERE instr(hash, ?1) > 0",
	};

	add(t->st, "ana", PU_ROLE_AUTHORITY, "CL", NULL);
	assert_ok(pu_auth_login(t->st, "ana", PW, tok, &s));
	assert_ok(pu_auth_token_create(t->st, &a, "ana", "x", atok, NULL));
	assert_int_equal(sqlite3_open(t->path, &db), SQLITE_OK);
	for (size_t i = 0; i < 3; i++) {
		const char *secret = i == 0 ? PW : i == 1 ? tok : atok;

		assert_int_equal(sqlite3_prepare_v2(db, checks[i], -1, &q, NULL),
				 SQLITE_OK);
		sqlite3_bind_text(q, 1, secret, -1, SQLITE_STATIC);
		assert_int_equal(sqlite3_step(q), SQLITE_ROW);
		assert_int_equal(sqlite3_column_int(q, 0), 0);
		sqlite3_finalize(q);
	}
	sqlite3_close(db);
}

/* A hash made with weaker limits is renewed at the next sign-in. */
static void weak_hashes_are_renewed(void **state)
{
	struct tmpdb *t = *state;
	char weak[crypto_pwhash_STRBYTES], tok[PU_AUTH_TOKEN_SIZE];
	sqlite3 *db;
	sqlite3_stmt *q;

	add(t->st, "ana", PU_ROLE_AUTHORITY, "CL", NULL);
	assert_int_equal(crypto_pwhash_str(weak, PW, strlen(PW),
					   crypto_pwhash_OPSLIMIT_MIN,
					   crypto_pwhash_MEMLIMIT_MIN),
			 0);
	assert_int_equal(sqlite3_open(t->path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, "UPDATE account SET password "
						"= ?1 WHERE name = 'ana'",
					    -1, &q, NULL),
			 SQLITE_OK);
	sqlite3_bind_text(q, 1, weak, -1, SQLITE_STATIC);
	assert_int_equal(sqlite3_step(q), SQLITE_DONE);
	sqlite3_finalize(q);

	assert_ok(pu_auth_login(t->st, "ana", PW, tok, NULL));
	assert_int_equal(sqlite3_prepare_v2(db, "SELECT password FROM account "
						"WHERE name = 'ana'",
					    -1, &q, NULL),
			 SQLITE_OK);
	assert_int_equal(sqlite3_step(q), SQLITE_ROW);
	assert_string_not_equal((const char *)sqlite3_column_text(q, 0), weak);
	assert_int_equal(crypto_pwhash_str_needs_rehash(
				 (const char *)sqlite3_column_text(q, 0),
				 crypto_pwhash_OPSLIMIT_INTERACTIVE,
				 crypto_pwhash_MEMLIMIT_INTERACTIVE),
			 0);
	sqlite3_finalize(q);
	sqlite3_close(db);
	assert_ok(pu_auth_login(t->st, "ana", PW, tok, NULL));
}

static double seconds(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* A name without an account costs a password verification too, so that the
 * time of the answer does not tell which names exist. */
static void unknown_names_take_as_long(void **state)
{
	pu_store *st = state_store(state);
	char tok[PU_AUTH_TOKEN_SIZE], name[16];
	double t0, known, unknown;

	add(st, "ana", PU_ROLE_AUTHORITY, "CL", NULL);
	/* The first unknown name also makes the dummy hash: not timed. */
	assert_int_equal(pu_auth_login(st, "warm-up", PW, tok, NULL),
			 PU_EAUTH);
	t0 = seconds();
	for (int i = 0; i < 3; i++)
		assert_int_equal(pu_auth_login(st, "ana", "not the password",
					       tok, NULL),
				 PU_EAUTH);
	known = seconds() - t0;
	t0 = seconds();
	for (int i = 0; i < 3; i++) {
		snprintf(name, sizeof(name), "ghost%d", i);
		assert_int_equal(pu_auth_login(st, name, PW, tok, NULL),
				 PU_EAUTH);
	}
	unknown = seconds() - t0;
	if (unknown < known * 0.5)
		fail_msg("unknown names answer in %.3f s, known ones in %.3f s",
			 unknown, known);
}

static const char cl_doc[] =
	"{\"format\": \"puente/1\", \"frameworks\": [{\"id\": \"cl-fw\", "
	"\"type\": \"national\", \"country\": \"CL\", \"name\": \"CL\", "
	"\"levels\": [{\"code\": \"1\"}]}, {\"id\": \"rq\", \"type\": "
	"\"regional\", \"country\": \"RQ\", \"name\": \"R\", \"levels\": "
	"[{\"code\": \"1\"}]}], "
	"\"standards\": [{\"country\": \"CL\", \"code\": \"CL-1\", "
	"\"language\": \"es\", \"title\": {\"es\": \"Soldador\"}}]}";

static const char mixed_doc[] =
	"{\"format\": \"puente/1\", \"standards\": ["
	"{\"country\": \"CL\", \"code\": \"CL-2\", \"language\": \"es\", "
	"\"title\": {\"es\": \"Cocinero\"}}, "
	"{\"country\": \"PE\", \"code\": \"PE-1\", \"language\": \"es\", "
	"\"title\": {\"es\": \"Cocinero\"}}]}";

static int import_as(pu_store *st, const pu_actor *a, const char *name,
		     const char *text)
{
	pu_import_options io = PU_IMPORT_OPTIONS_INIT;
	pu_import_result res;

	io.actor = a;
	return pu_io_import_buffer(st, text, strlen(text), name, &io, &res);
}

static size_t audit_count(pu_store *st)
{
	pu_audit_report r;

	assert_ok(pu_audit_verify(st, NULL, 0, NULL, &r));
	assert_int_equal(r.problem, PU_AUDIT_INTACT);
	return r.checked;
}

static void imports_stay_in_scope(void **state)
{
	pu_store *st = state_store(state);
	pu_actor cl = actor(PU_ROLE_AUTHORITY, "CL", NULL),
		 pe = actor(PU_ROLE_AUTHORITY, "PE", NULL),
		 staff = actor(PU_ROLE_CENTRE, "CL", "C1"), a = admin();
	pu_store_counts c;
	pu_audit_entry *v = NULL;
	size_t n = 0;

	/* The regional framework in the file is not CL's to write. */
	assert_error(import_as(st, &cl, "cl.json", cl_doc), PU_EDENIED,
		     "cl.json: frameworks[1] (rq): authority of CL may not "
		     "write RQ's frameworks");
	c = counts_of(st);
	assert_int_equal(c.frameworks + c.standards, 0);
	assert_int_equal(audit_count(st), 0);
	assert_error(import_as(st, &staff, "cl.json", cl_doc), PU_EDENIED,
		     "centre staff of CL/C1 may not write CL's frameworks");
	assert_ok(import_as(st, NULL, "cl.json", cl_doc));
	/* The trusted caller (no actor) wrote it; it was audited. */
	assert_int_equal(audit_count(st), 1);

	/* Every record is checked before any is written. */
	assert_error(import_as(st, &cl, "mixed.json", mixed_doc), PU_EDENIED,
		     "mixed.json: standards[1] (PE/PE-1): authority of CL may "
		     "not write PE's catalogue");
	assert_error(pu_store_get_standard(st, "CL", "CL-2",
					   &(pu_standard *){NULL}),
		     PU_ENOTFOUND, "");
	assert_error(import_as(st, &pe, "mixed.json", mixed_doc), PU_EDENIED,
		     "standards[0] (CL/CL-2)");

	/* Streamed formats: the line outside the scope rolls the file back. */
	assert_error(import_as(st, &cl, "s.jsonl",
			       "{\"country\": \"CL\", \"code\": \"CL-3\", "
			       "\"language\": \"es\", \"title\": {\"es\": "
			       "\"A\"}}\n{\"country\": \"PE\", \"code\": "
			       "\"PE-3\", \"language\": \"es\", \"title\": "
			       "{\"es\": \"B\"}}\n"),
		     PU_EDENIED, "s.jsonl: line 2: authority of CL may not");
	assert_error(pu_store_get_standard(st, "CL", "CL-3",
					   &(pu_standard *){NULL}),
		     PU_ENOTFOUND, "");
	assert_error(import_as(st, &cl, "s.csv",
			       "country,code,title,language\n"
			       "PE,PE-4,Cocinero,es\n"),
		     PU_EDENIED, "PE's catalogue");

	/* In scope: written and audited with the actor and the digest of
	 * the bytes. */
	cl.user_id = 7;
	snprintf(cl.name, sizeof(cl.name), "ana");
	assert_ok(import_as(st, &cl, "/home/ana/cl-only.json",
			    "{\"format\": \"puente/1\", \"standards\": "
			    "[{\"country\": \"CL\", \"code\": \"CL-5\", "
			    "\"language\": \"es\", \"title\": {\"es\": "
			    "\"A\"}}]}"));
	assert_ok(pu_audit_list(st, NULL, NULL, 1, &v, &n));
	assert_int_equal(n, 1);
	assert_string_equal(v[0].action, "import");
	assert_string_equal(v[0].actor, "ana");
	assert_int_equal(v[0].actor_id, 7);
	assert_string_equal(v[0].country, "CL");
	assert_string_equal(v[0].subject, "cl-only.json"); /* no folders */
	{
		static const char bytes[] =
			"{\"format\": \"puente/1\", \"standards\": "
			"[{\"country\": \"CL\", \"code\": \"CL-5\", "
			"\"language\": \"es\", \"title\": {\"es\": "
			"\"A\"}}]}";
		unsigned char d[32];
		char hex[65];

		pu_audit_digest(bytes, strlen(bytes), d);
		for (int i = 0; i < 32; i++)
			snprintf(hex + 2 * i, 3, "%02x", d[i]);
		assert_string_equal(v[0].digest, hex);
	}
	free(v);
	assert_ok(import_as(st, &a, "mixed.json", mixed_doc));
	assert_ok(pu_audit_list(st, NULL, NULL, 1, &v, &n));
	assert_string_equal(v[0].country, ""); /* two countries */
	assert_memory_equal(v[0].actor, "cli:", 4);
	free(v);
}

static const char ref_doc[] =
	"{\"format\": \"puente/1\", \"referencing\": [{\"from\": \"cl-fw\", "
	"\"to\": \"rq\", \"status\": \"proposed\", \"levels\": [{\"level\": "
	"\"1\", \"to\": [\"1\"]}]}]}";

static const char agreement_doc[] =
	"{\"format\": \"puente/1\", \"agreements\": [{\"id\": \"cl-pe\", "
	"\"title\": {\"es\": \"Acuerdo\"}, \"parties\": [\"CL\", \"PE\"], "
	"\"entries\": [{\"source\": {\"country\": \"PE\", \"code\": \"P1\"}, "
	"\"destination\": {\"country\": \"CL\", \"code\": \"C1\"}, "
	"\"equivalence\": \"full\"}, {\"source\": {\"country\": \"%s\", "
	"\"code\": \"X1\"}, \"destination\": {\"country\": \"PE\", \"code\": "
	"\"P2\"}, \"equivalence\": \"full\"}]}]}";

static void referencing_and_agreements_in_scope(void **state)
{
	pu_store *st = state_store(state);
	pu_actor cl = actor(PU_ROLE_AUTHORITY, "CL", NULL),
		 pe = actor(PU_ROLE_AUTHORITY, "PE", NULL),
		 mx = actor(PU_ROLE_AUTHORITY, "MX", NULL);
	char doc[1024];

	assert_ok(import_as(st, NULL, "fw.json", cl_doc));
	/* Referencing belongs to the country of its "from" framework. */
	assert_error(import_as(st, &pe, "ref.json", ref_doc), PU_EDENIED,
		     "referencing[0] (cl-fw -> rq): authority of PE may not "
		     "write CL's frameworks");
	assert_ok(import_as(st, &cl, "ref.json", ref_doc));

	/* An agreement: by a party, with its country on every entry. */
	snprintf(doc, sizeof(doc), agreement_doc, "CL");
	assert_ok(import_as(st, &cl, "a.json", doc));
	assert_ok(import_as(st, &pe, "a.json", doc));
	assert_error(import_as(st, &mx, "a.json", doc), PU_EDENIED,
		     "agreements[0] (cl-pe): authority of MX may not write");
	snprintf(doc, sizeof(doc), agreement_doc, "MX");
	assert_error(import_as(st, &cl, "a.json", doc), PU_EDENIED,
		     "agreements[0] (cl-pe): entries[1]: authority of CL may "
		     "not write PE's agreements");
	assert_ok(import_as(st, &pe, "a.json", doc));
}

static const char confirm_doc[] =
	"{\"format\": \"puente/1\", \"standards\": ["
	"{\"country\": \"CL\", \"code\": \"CL-C\", \"language\": \"es\", "
	"\"title\": {\"es\": \"Cocinero\"}}, "
	"{\"country\": \"PE\", \"code\": \"PE-C\", \"language\": \"es\", "
	"\"title\": {\"es\": \"Cocinero\"}}]}";

static void confirmations_by_the_destination(void **state)
{
	pu_store *st = state_store(state);
	pu_actor cl = actor(PU_ROLE_AUTHORITY, "CL", NULL),
		 pe = actor(PU_ROLE_AUTHORITY, "PE", NULL);
	pu_audit_entry *v = NULL;
	size_t n = 0;

	assert_ok(import_as(st, NULL, "c.json", confirm_doc));
	assert_error(pu_agreement_confirm_as(st, &pe, "PE", "PE-C", "CL",
					     "CL-C", PU_EQUIV_FULL, NULL, 0,
					     "rev", NULL, NULL),
		     PU_EDENIED,
		     "authority of PE may not confirm equivalences for CL's "
		     "recognition");
	assert_error(pu_agreement_confirm_as(st, NULL, "PE", "PE-C", "CL",
					     "CL-C", PU_EQUIV_FULL, NULL, 0,
					     "rev", NULL, NULL),
		     PU_EAUTH, "");
	assert_ok(pu_agreement_confirm_as(st, &cl, "PE", "PE-C", "CL", "CL-C",
					  PU_EQUIV_FULL, NULL, 0, "rev", NULL,
					  NULL));
	assert_ok(pu_audit_list(st, NULL, NULL, 5, &v, &n));
	assert_int_equal(n, 2);
	assert_string_equal(v[0].action, "agreement.confirm");
	assert_string_equal(v[0].country, "CL");
	assert_string_equal(v[0].subject, "PE/PE-C -> CL/CL-C");
	free(v);
	/* The trusted caller's confirmation is audited as the system. */
	assert_ok(pu_agreement_confirm(st, "PE", "PE-C", "CL", "CL-C",
				       PU_EQUIV_NONE, NULL, 0, "rev", NULL,
				       NULL));
	assert_ok(pu_audit_list(st, NULL, NULL, 1, &v, &n));
	assert_string_equal(v[0].actor, "system");
	free(v);
}

/* User management is audited with opaque ids, never names. */
static void account_changes_are_audited(void **state)
{
	pu_store *st = state_store(state);
	pu_actor a = admin();
	char tok[PU_AUTH_TOKEN_SIZE];
	pu_audit_entry *v = NULL;
	size_t n = 0;
	int64_t id;

	add(st, "ana.perez", PU_ROLE_AUTHORITY, "CL", NULL);
	assert_ok(pu_user_set_disabled(st, &a, "ana.perez", true));
	assert_ok(pu_user_set_disabled(st, &a, "ana.perez", false));
	assert_ok(pu_user_set_password(st, &a, "ana.perez", NULL,
				       "another long one"));
	assert_ok(pu_auth_token_create(st, &a, "ana.perez", "ci", tok, &id));
	assert_ok(pu_auth_token_revoke(st, &a, id));
	/* Sign-ins are not changes: not audited. */
	assert_ok(pu_auth_login(st, "ana.perez", "another long one", tok,
				NULL));
	assert_ok(pu_audit_list(st, NULL, NULL, 0, &v, &n));
	assert_int_equal(n, 6);
	assert_string_equal(v[5].action, "user.add");
	assert_string_equal(v[4].action, "user.disable");
	assert_string_equal(v[3].action, "user.enable");
	assert_string_equal(v[2].action, "user.password");
	assert_string_equal(v[1].action, "token.create");
	assert_string_equal(v[0].action, "token.revoke");
	for (size_t i = 0; i < n; i++) {
		assert_null(strstr(v[i].subject, "ana"));
		assert_string_equal(v[i].country, "CL");
		assert_string_equal(v[i].actor, "cli:tester");
	}
	free(v);
	assert_ok(pu_audit_list(st, NULL, "PE", 0, &v, &n));
	assert_int_equal(n, 0);
	free(v);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(roles_matrix_every_cell),
		cmocka_unit_test(refusal_names_who_and_what),
		cmocka_unit_test(role_names_round_trip),
		cmocka_unit_test(cli_actor_is_an_admin),
		cmocka_unit_test_setup_teardown(accounts_follow_their_rules,
						setup, teardown),
		cmocka_unit_test_setup_teardown(
			authorities_manage_their_centres_only, setup, teardown),
		cmocka_unit_test_setup_teardown(sign_in_and_sessions, setup,
						teardown),
		cmocka_unit_test_setup_teardown(failures_read_the_same, setup,
						teardown),
		cmocka_unit_test_setup_teardown(five_failures_lock_the_name,
						setup, teardown),
		cmocka_unit_test_setup_teardown(sessions_expire, setup,
						teardown),
		cmocka_unit_test_setup_teardown(expired_sessions_are_forgotten,
						setup, teardown),
		cmocka_unit_test_setup_teardown(passwords_change, setup,
						teardown),
		cmocka_unit_test_setup_teardown(api_tokens, setup, teardown),
		cmocka_unit_test_setup_teardown(secrets_are_not_stored, setup,
						teardown),
		cmocka_unit_test_setup_teardown(weak_hashes_are_renewed, setup,
						teardown),
		cmocka_unit_test_setup_teardown(unknown_names_take_as_long,
						setup, teardown),
		cmocka_unit_test_setup_teardown(imports_stay_in_scope, setup,
						teardown),
		cmocka_unit_test_setup_teardown(
			referencing_and_agreements_in_scope, setup, teardown),
		cmocka_unit_test_setup_teardown(
			confirmations_by_the_destination, setup, teardown),
		cmocka_unit_test_setup_teardown(account_changes_are_audited,
						setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
