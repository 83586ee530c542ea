/*
 * The audit log: entries appended inside the writer's transaction (and gone
 * with it on rollback), listed newest first, and a chain that finds an
 * edited entry, a deleted middle entry, a reordered entry, an entry
 * re-hashed to hide an edit, and a truncated tail against a recorded head.
 * Tampering is done with SQL on the file, as an intruder would.
 */
#include "helpers.h"

#include "puente/audit.h"
#include "puente/auth.h"

#include <pthread.h>
#include <sqlite3.h>

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

/* Appends n entries, one transaction each. */
static void append(pu_store *st, int n)
{
	pu_actor a;

	pu_actor_cli(&a, "tester");
	for (int i = 0; i < n; i++) {
		unsigned char d[32];
		char subject[32];

		snprintf(subject, sizeof(subject), "file-%d.json", i);
		pu_audit_digest(subject, strlen(subject), d);
		assert_ok(pu_store_begin(st));
		assert_ok(pu_audit_append(st, &a, "import",
					  i % 2 ? "CL" : "PE", subject, d));
		assert_ok(pu_store_commit(st));
		fake_now += 60;
	}
}

static void tamper(struct tmpdb *t, const char *sql)
{
	sqlite3 *db;
	char *msg = NULL;

	assert_int_equal(sqlite3_open(t->path, &db), SQLITE_OK);
	if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK)
		fail_msg("%s: %s", sql, msg);
	sqlite3_close(db);
}

static pu_audit_report verify(pu_store *st, int64_t seq, const char *hash)
{
	pu_audit_report r;

	assert_ok(pu_audit_verify(st, NULL, seq, hash, &r));
	return r;
}

static void entries_are_chained(void **state)
{
	pu_store *st = state_store(state);
	pu_audit_entry *v = NULL;
	pu_audit_report r;
	size_t n = 0;

	r = verify(st, 0, NULL);
	assert_int_equal(r.problem, PU_AUDIT_INTACT);
	assert_int_equal(r.checked, 0);
	assert_int_equal(r.head_seq, 0);
	assert_string_equal(r.head_hash, "");

	append(st, 5);
	r = verify(st, 0, NULL);
	assert_int_equal(r.problem, PU_AUDIT_INTACT);
	assert_int_equal(r.checked, 5);
	assert_int_equal(r.head_seq, 5);
	assert_int_equal(strlen(r.head_hash), 64);

	assert_ok(pu_audit_list(st, NULL, NULL, 0, &v, &n));
	assert_int_equal(n, 5);
	assert_int_equal(v[0].seq, 5);
	assert_int_equal(v[4].seq, 1);
	assert_string_equal(v[4].prev, "0000000000000000000000000000000000000"
				       "000000000000000000000000000");
	for (size_t i = 0; i + 1 < n; i++)
		assert_string_equal(v[i].prev, v[i + 1].hash);
	assert_string_equal(v[0].hash, r.head_hash);
	assert_string_equal(v[4].at, "2027-01-15T08:00:00Z");
	assert_string_equal(v[3].at, "2027-01-15T08:01:00Z");
	assert_string_equal(v[0].actor, "cli:tester");
	assert_string_equal(v[0].subject, "file-4.json");
	free(v);

	assert_ok(pu_audit_list(st, NULL, "CL", 0, &v, &n));
	assert_int_equal(n, 2);
	assert_int_equal(v[0].seq, 4);
	free(v);
	assert_ok(pu_audit_list(st, NULL, NULL, 2, &v, &n));
	assert_int_equal(n, 2);
	free(v);
	assert_error(pu_audit_list(st, NULL, NULL, 10001, &v, &n), PU_ELIMIT,
		     "");
}

static void appends_belong_to_the_transaction(void **state)
{
	pu_store *st = state_store(state);
	unsigned char d[32] = {0};
	char long_subject[400];

	assert_error(pu_audit_append(st, NULL, "import", NULL, "x", d),
		     PU_ESTORE, "transaction");
	assert_ok(pu_store_begin(st));
	assert_ok(pu_audit_append(st, NULL, "import", NULL, "x", d));
	assert_ok(pu_store_rollback(st));
	assert_int_equal(verify(st, 0, NULL).checked, 0);

	assert_ok(pu_store_begin(st));
	assert_error(pu_audit_append(st, NULL, "Import!", NULL, "x", d),
		     PU_EINVAL, "[a-z._]");
	assert_error(pu_audit_append(st, NULL, "", NULL, "x", d), PU_EINVAL,
		     "");
	assert_error(pu_audit_append(st, NULL, "import", "cl", "x", d),
		     PU_EINVAL, "");
	memset(long_subject, 'a', sizeof(long_subject) - 1);
	long_subject[sizeof(long_subject) - 1] = '\0';
	long_subject[10] = '\n';
	assert_ok(pu_audit_append(st, NULL, "import", NULL, long_subject, d));
	assert_ok(pu_store_commit(st));
	{
		pu_audit_entry *v = NULL;
		size_t n = 0;

		assert_ok(pu_audit_list(st, NULL, NULL, 1, &v, &n));
		assert_int_equal(strlen(v[0].subject), PU_AUDIT_MAX_SUBJECT);
		assert_int_equal(v[0].subject[10], '?');
		assert_string_equal(v[0].actor, "system");
		assert_int_equal(v[0].actor_id, 0);
		free(v);
	}
	assert_int_equal(verify(st, 0, NULL).problem, PU_AUDIT_INTACT);
}

static void an_edited_entry_breaks_its_hash(void **state)
{
	struct tmpdb *t = *state;
	pu_audit_report r;

	append(t->st, 5);
	tamper(t, "UPDATE audit SET actor = 'someone-else' WHERE seq = 3");
	r = verify(t->st, 0, NULL);
	assert_int_equal(r.problem, PU_AUDIT_EDITED);
	assert_int_equal(r.broken_seq, 3);
	assert_int_equal(r.checked, 5);
	assert_int_equal(r.head_seq, 5);
	assert_non_null(strstr(r.detail, "entry 3 was edited"));
	assert_string_equal(pu_audit_problem_name(r.problem), "edited");
}

static void every_field_is_covered(void **state)
{
	struct tmpdb *t = *state;
	static const char *const edits[] = {
		"UPDATE audit SET at = '2027-01-15T08:00:01Z' WHERE seq = 2",
		"UPDATE audit SET actor_id = 5 WHERE seq = 2",
		"UPDATE audit SET action = 'export' WHERE seq = 2",
		"UPDATE audit SET country = 'MX' WHERE seq = 2",
		"UPDATE audit SET subject = 'other.json' WHERE seq = 2",
		"UPDATE audit SET digest = replace(digest, substr(digest, 1, 1), "
		"'f') WHERE seq = 2",
	};

	append(t->st, 3);
	tamper(t, "CREATE TABLE saved AS SELECT * FROM audit");
	for (size_t i = 0; i < sizeof(edits) / sizeof(edits[0]); i++) {
		pu_audit_report r;

		tamper(t, edits[i]);
		r = verify(t->st, 0, NULL);
		if (r.problem != PU_AUDIT_EDITED || r.broken_seq != 2)
			fail_msg("not detected: %s", edits[i]);
		tamper(t, "DELETE FROM audit; INSERT INTO audit SELECT * FROM "
			  "saved");
		assert_int_equal(verify(t->st, 0, NULL).problem,
				 PU_AUDIT_INTACT);
	}
}

static void a_deleted_middle_entry_is_missing(void **state)
{
	struct tmpdb *t = *state;
	pu_audit_report r;

	append(t->st, 5);
	tamper(t, "DELETE FROM audit WHERE seq = 3");
	r = verify(t->st, 0, NULL);
	assert_int_equal(r.problem, PU_AUDIT_MISSING);
	assert_int_equal(r.broken_seq, 3);
	assert_non_null(strstr(r.detail, "entry 3 is missing"));

	/* Renumbering to hide the gap breaks the hashes instead. */
	tamper(t, "UPDATE audit SET seq = seq - 1 WHERE seq > 3");
	r = verify(t->st, 0, NULL);
	assert_int_equal(r.problem, PU_AUDIT_EDITED);
	assert_int_equal(r.broken_seq, 3);

	/* The first entry too. */
	tamper(t, "DELETE FROM audit WHERE seq = 1");
	r = verify(t->st, 0, NULL);
	assert_int_equal(r.problem, PU_AUDIT_MISSING);
	assert_int_equal(r.broken_seq, 1);
}

static void a_reordered_entry_is_found(void **state)
{
	struct tmpdb *t = *state;
	pu_audit_report r;

	append(t->st, 5);
	/* Swap entries 2 and 3 whole, sequence numbers included. */
	tamper(t, "UPDATE audit SET seq = -1 WHERE seq = 2; "
		  "UPDATE audit SET seq = 2 WHERE seq = 3; "
		  "UPDATE audit SET seq = 3 WHERE seq = -1");
	r = verify(t->st, 0, NULL);
	assert_int_equal(r.problem, PU_AUDIT_EDITED);
	assert_int_equal(r.broken_seq, 2);
}

/* An intruder who recomputes the hash of the entry it edited (the canonical
 * form is public) still breaks the link of the next one. */
static void a_rehashed_entry_breaks_the_next_link(void **state)
{
	struct tmpdb *t = *state;
	pu_store *st = t->st;
	pu_audit_entry *v = NULL;
	pu_audit_report r;
	unsigned char d[32];
	size_t n = 0;
	char sql[512];

	append(st, 3);
	assert_ok(pu_audit_list(st, NULL, NULL, 0, &v, &n));
	/* Rebuild entry 2 with another subject through the library, in a
	 * scratch store positioned after entry 1, and copy its hash over. */
	{
		struct tmpdb *s2 = tmpdb_new();
		pu_audit_entry *w = NULL;
		size_t m = 0;

		assert_ok(pu_store_open(&s2->st, s2->path, PU_STORE_CREATE));
		fake_now = 1800000000;
		append(s2->st, 1); /* the same entry 1 */
		fake_now = 1800000060;
		pu_audit_digest("file-1.json", 11, d);
		assert_ok(pu_store_begin(s2->st));
		{
			pu_actor a;

			pu_actor_cli(&a, "tester");
			assert_ok(pu_audit_append(s2->st, &a, "import", "CL",
						  "forged.json", d));
		}
		assert_ok(pu_store_commit(s2->st));
		assert_ok(pu_audit_list(s2->st, NULL, NULL, 1, &w, &m));
		assert_string_equal(w[0].prev, v[2].hash);
		snprintf(sql, sizeof(sql),
			 "UPDATE audit SET subject = 'forged.json', hash = "
			 "'%s' WHERE seq = 2",
			 w[0].hash);
		free(w);
		tmpdb_free(s2);
	}
	free(v);
	tamper(t, sql);
	r = verify(st, 0, NULL);
	assert_int_equal(r.problem, PU_AUDIT_BAD_LINK);
	assert_int_equal(r.broken_seq, 3);
	assert_non_null(strstr(r.detail, "does not chain to entry 2"));
}

static void a_truncated_tail_shows_against_the_head(void **state)
{
	struct tmpdb *t = *state;
	pu_audit_report r, head;
	char upper[65];

	append(t->st, 5);
	head = verify(t->st, 0, NULL);
	r = verify(t->st, head.head_seq, head.head_hash);
	assert_int_equal(r.problem, PU_AUDIT_INTACT);
	/* A head may be given in upper case. */
	for (int i = 0; i < 65; i++)
		upper[i] = (char)(head.head_hash[i] >= 'a' &&
						  head.head_hash[i] <= 'f'
					  ? head.head_hash[i] - 32
					  : head.head_hash[i]);
	assert_int_equal(verify(t->st, 5, upper).problem, PU_AUDIT_INTACT);
	/* An earlier head still holds after more entries. */
	append(t->st, 2);
	assert_int_equal(verify(t->st, head.head_seq, head.head_hash).problem,
			 PU_AUDIT_INTACT);

	tamper(t, "DELETE FROM audit WHERE seq >= 5");
	/* Without the head, a clean cut cannot be seen ... */
	assert_int_equal(verify(t->st, 0, NULL).problem, PU_AUDIT_INTACT);
	/* ... with it, it can. */
	r = verify(t->st, head.head_seq, head.head_hash);
	assert_int_equal(r.problem, PU_AUDIT_TRUNCATED);
	assert_int_equal(r.head_seq, 4);
	assert_non_null(strstr(r.detail, "ends at entry 4"));

	/* A head whose entry was rewritten. */
	r = verify(t->st, 4, head.head_hash);
	assert_int_equal(r.problem, PU_AUDIT_TRUNCATED);
	assert_int_equal(r.broken_seq, 4);
	assert_error(pu_audit_verify(t->st, NULL, 4, "xyz", &r), PU_EINVAL,
		     "head");
}

/* Who may read: an administrator everything, an authority its country's
 * entries, nobody else. */
static void reading_is_scoped(void **state)
{
	pu_store *st = state_store(state);
	pu_actor admin, cl, staff;
	pu_audit_entry *v = NULL;
	pu_audit_report r;
	size_t n = 0;

	append(st, 4);
	pu_actor_cli(&admin, "tester");
	memset(&cl, 0, sizeof(cl));
	cl.role = PU_ROLE_AUTHORITY;
	snprintf(cl.country, sizeof(cl.country), "CL");
	staff = cl;
	staff.role = PU_ROLE_CENTRE;
	snprintf(staff.centre, sizeof(staff.centre), "C1");

	assert_ok(pu_audit_list(st, &admin, NULL, 0, &v, &n));
	assert_int_equal(n, 4);
	free(v);
	assert_ok(pu_audit_list(st, &cl, NULL, 0, &v, &n));
	assert_int_equal(n, 2);
	for (size_t i = 0; i < n; i++)
		assert_string_equal(v[i].country, "CL");
	free(v);
	assert_error(pu_audit_list(st, &cl, "PE", 0, &v, &n), PU_EDENIED,
		     "authority of CL may not read PE's audit log");
	assert_error(pu_audit_list(st, &staff, "CL", 0, &v, &n), PU_EDENIED,
		     "");
	assert_ok(pu_audit_verify(st, &admin, 0, NULL, &r));
	assert_int_equal(r.checked, 4);
	assert_error(pu_audit_verify(st, &cl, 0, NULL, &r), PU_EDENIED,
		     "read the whole audit log");
}

struct writer {
	const char *path;
	int id;
	int rc;
};

static void *write_many(void *arg)
{
	struct writer *w = arg;
	pu_store *st = NULL;
	unsigned char d[32] = {0};
	char subject[32];

	w->rc = pu_store_open(&st, w->path, 0);
	for (int i = 0; w->rc == 0 && i < 40; i++) {
		snprintf(subject, sizeof(subject), "w%d-%d", w->id, i);
		w->rc = pu_store_begin(st);
		if (w->rc == 0)
			w->rc = pu_audit_append(st, NULL, "import", NULL,
						subject, d);
		if (w->rc == 0)
			w->rc = pu_store_commit(st);
		else
			pu_store_rollback(st);
	}
	pu_store_close(st);
	return NULL;
}

/* Writers on their own connections (as the server's threads are) never fork
 * the chain: the head is read under the write lock. */
static void concurrent_writers_keep_one_chain(void **state)
{
	struct tmpdb *t = *state;
	struct writer w[3];
	pthread_t th[3];
	pu_audit_report r;

	for (int i = 0; i < 3; i++) {
		w[i] = (struct writer){t->path, i, 0};
		assert_int_equal(pthread_create(&th[i], NULL, write_many, &w[i]),
				 0);
	}
	for (int i = 0; i < 3; i++) {
		pthread_join(th[i], NULL);
		assert_int_equal(w[i].rc, 0);
	}
	r = verify(t->st, 0, NULL);
	assert_int_equal(r.problem, PU_AUDIT_INTACT);
	assert_int_equal(r.checked, 120);
	assert_int_equal(r.head_seq, 120);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(entries_are_chained, setup,
						teardown),
		cmocka_unit_test_setup_teardown(
			appends_belong_to_the_transaction, setup, teardown),
		cmocka_unit_test_setup_teardown(an_edited_entry_breaks_its_hash,
						setup, teardown),
		cmocka_unit_test_setup_teardown(every_field_is_covered, setup,
						teardown),
		cmocka_unit_test_setup_teardown(
			a_deleted_middle_entry_is_missing, setup, teardown),
		cmocka_unit_test_setup_teardown(a_reordered_entry_is_found,
						setup, teardown),
		cmocka_unit_test_setup_teardown(
			a_rehashed_entry_breaks_the_next_link, setup, teardown),
		cmocka_unit_test_setup_teardown(
			a_truncated_tail_shows_against_the_head, setup,
			teardown),
		cmocka_unit_test_setup_teardown(reading_is_scoped, setup,
						teardown),
		cmocka_unit_test_setup_teardown(
			concurrent_writers_keep_one_chain, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
