/*
 * The SQLite backend, accounts and the audit log: rows of account, session,
 * api_token, login_failure, login_lock and audit (migration 004). No rule is
 * decided here: hashing, expiry, lockout and the audit chain are computed in
 * src/lib/auth/ and only stored here. These writes never bump the catalogue
 * version. Statements are this file's own, prepared once per connection.
 */
#include "sqlite_internal.h"

#include "puente/error.h"
#include "store_auth.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum {
	QU_INSERT,
	QU_GET_NAME,
	QU_GET_ID,
	QU_LIST,
	QU_LIST_COUNTRY,
	QU_DISABLE,
	QU_PASSWORD,
	QS_INSERT,
	QS_GET,
	QS_TOUCH,
	QS_DELETE,
	QS_DELETE_USER,
	QS_PRUNE,
	QT_INSERT,
	QT_GET_HASH,
	QT_GET_ID,
	QT_REVOKE,
	QT_LIST,
	QF_ADD,
	QF_PRUNE,
	QF_COUNT,
	QF_CLEAR,
	QL_GET,
	QL_SET,
	QA_HEAD,
	QA_INSERT,
	QA_LIST,
	QA_LIST_COUNTRY,
	QA_ALL,
	QX_COUNT
};

#define USER_COLUMNS "id, name, role, country, centre, disabled, created_at, " \
		     "password"
#define AUDIT_COLUMNS "seq, at, actor_id, actor, action, country, subject, " \
		      "digest, prev, hash"

static const char *const sql[QX_COUNT] = {
	[QU_INSERT] = "INSERT INTO account (name, role, country, centre, "
		      "password, disabled, created_at, password_at) VALUES "
		      "(?1, ?2, ?3, ?4, ?5, 0, ?6, ?6)",
	[QU_GET_NAME] = "SELECT " USER_COLUMNS " FROM account WHERE name = ?1",
	[QU_GET_ID] = "SELECT " USER_COLUMNS " FROM account WHERE id = ?1",
	[QU_LIST] = "SELECT " USER_COLUMNS " FROM account ORDER BY name",
	[QU_LIST_COUNTRY] = "SELECT " USER_COLUMNS " FROM account WHERE "
			    "country = ?1 ORDER BY name",
	[QU_DISABLE] = "UPDATE account SET disabled = ?2 WHERE id = ?1",
	[QU_PASSWORD] = "UPDATE account SET password = ?2, password_at = ?3 "
			"WHERE id = ?1",
	[QS_INSERT] = "INSERT INTO session (hash, account_id, csrf, created_at, "
		      "seen_at) VALUES (?1, ?2, ?3, ?4, ?4)",
	[QS_GET] = "SELECT account_id, csrf, created_at, seen_at FROM session "
		   "WHERE hash = ?1",
	[QS_TOUCH] = "UPDATE session SET seen_at = ?2 WHERE hash = ?1",
	[QS_DELETE] = "DELETE FROM session WHERE hash = ?1",
	[QS_DELETE_USER] = "DELETE FROM session WHERE account_id = ?1",
	[QS_PRUNE] = "DELETE FROM session WHERE seen_at <= ?1 OR created_at "
		     "<= ?2",
	[QT_INSERT] = "INSERT INTO api_token (hash, account_id, label, "
		      "created_at) VALUES (?1, ?2, ?3, ?4)",
	[QT_GET_HASH] = "SELECT id, account_id, revoked_at FROM api_token "
			"WHERE hash = ?1",
	[QT_GET_ID] = "SELECT id, account_id, revoked_at FROM api_token WHERE "
		      "id = ?1",
	[QT_REVOKE] = "UPDATE api_token SET revoked_at = ?2 WHERE id = ?1 AND "
		      "revoked_at IS NULL",
	[QT_LIST] = "SELECT id, label, created_at, revoked_at FROM api_token "
		    "WHERE account_id = ?1 ORDER BY id",
	[QF_ADD] = "INSERT INTO login_failure (name, at) VALUES (?1, ?2)",
	[QF_PRUNE] = "DELETE FROM login_failure WHERE at < ?1",
	[QF_COUNT] = "SELECT count(*) FROM login_failure WHERE name = ?1 AND "
		     "at > ?2",
	[QF_CLEAR] = "DELETE FROM login_failure WHERE name = ?1",
	[QL_GET] = "SELECT until FROM login_lock WHERE name = ?1",
	[QL_SET] = "INSERT OR REPLACE INTO login_lock (name, until) VALUES "
		   "(?1, ?2)",
	[QA_HEAD] = "SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1",
	[QA_INSERT] = "INSERT INTO audit (" AUDIT_COLUMNS ") VALUES (?1, ?2, "
		      "?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
	[QA_LIST] = "SELECT " AUDIT_COLUMNS " FROM audit ORDER BY seq DESC "
		    "LIMIT ?1",
	[QA_LIST_COUNTRY] = "SELECT " AUDIT_COLUMNS " FROM audit WHERE "
			    "country = ?2 ORDER BY seq DESC LIMIT ?1",
	[QA_ALL] = "SELECT " AUDIT_COLUMNS " FROM audit ORDER BY seq",
};

static sqlite3_stmt *stmt(sq_store *s, int id)
{
	return pu_sq_set_stmt(s, &s->auth, QX_COUNT, id, sql[id]);
}

void pu_sq_auth_reset(sq_store *s)
{
	pu_sq_set_reset(s->auth, QX_COUNT);
}

void pu_sq_auth_close(sq_store *s)
{
	pu_sq_set_close(&s->auth, QX_COUNT);
}

static void read_user(sqlite3_stmt *q, pu_user *u, char *pwhash)
{
	char role[16];

	memset(u, 0, sizeof(*u));
	u->id = sqlite3_column_int64(q, 0);
	pu_sq_col_copy(u->name, sizeof(u->name), q, 1);
	pu_sq_col_copy(role, sizeof(role), q, 2);
	if (pu_role_parse(role, &u->role) < 0) {
		u->role = PU_ROLE_NONE;
		pu_error_clear();
	}
	pu_sq_col_copy(u->country, sizeof(u->country), q, 3);
	pu_sq_col_copy(u->centre, sizeof(u->centre), q, 4);
	u->disabled = sqlite3_column_int(q, 5) != 0;
	u->created_at = sqlite3_column_int64(q, 6);
	if (pwhash != NULL)
		pu_sq_col_copy(pwhash, PU_PWHASH_SIZE, q, 7);
}

static int user_insert(pu_store *st, const pu_user *u, const char *pwhash,
		       int64_t now, int64_t *id)
{
	sq_store *s = (sq_store *)st;
	sqlite3_stmt *q = stmt(s, QU_INSERT);

	if (q == NULL)
		return pu_error_code();
	pu_sq_bind_text(q, 1, u->name);
	pu_sq_bind_text(q, 2, pu_role_name(u->role));
	pu_sq_bind_opt(q, 3, u->country);
	pu_sq_bind_opt(q, 4, u->centre);
	pu_sq_bind_text(q, 5, pwhash);
	sqlite3_bind_int64(q, 6, now);
	if (sqlite3_step(q) != SQLITE_DONE) {
		int ext = sqlite3_extended_errcode(s->db), rc;

		if (ext == SQLITE_CONSTRAINT_UNIQUE)
			rc = pu_error_set(PU_ECONFLICT, "user %s already exists",
					  u->name);
		else
			rc = pu_sq_error(s, PU_ESTORE, "adding a user");
		sqlite3_reset(q);
		return rc;
	}
	sqlite3_reset(q);
	if (id != NULL)
		*id = sqlite3_last_insert_rowid(s->db);
	return 0;
}

static int user_get(pu_store *st, const char *name, int64_t id, pu_user *out,
		    char *pwhash)
{
	sq_store *s = (sq_store *)st;
	sqlite3_stmt *q = stmt(s, name ? QU_GET_NAME : QU_GET_ID);
	int rc;

	if (q == NULL)
		return pu_error_code();
	if (name != NULL)
		pu_sq_bind_text(q, 1, name);
	else
		sqlite3_bind_int64(q, 1, id);
	rc = sqlite3_step(q);
	if (rc == SQLITE_ROW) {
		read_user(q, out, pwhash);
		sqlite3_reset(q);
		return 0;
	}
	rc = rc == SQLITE_DONE ? PU_ENOTFOUND
			       : pu_sq_error(s, PU_ESTORE, "reading a user");
	sqlite3_reset(q);
	return rc;
}

static int user_list(pu_store *st, const char *country, pu_user **out,
		     size_t *n)
{
	sq_store *s = (sq_store *)st;
	sqlite3_stmt *q = stmt(s, country ? QU_LIST_COUNTRY : QU_LIST);
	pu_user *v = NULL;
	size_t cap = 0;
	int rc;

	*out = NULL;
	*n = 0;
	if (q == NULL)
		return pu_error_code();
	if (country != NULL)
		pu_sq_bind_text(q, 1, country);
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		if (*n == cap) {
			pu_user *nv;

			cap = cap ? cap * 2 : 16;
			nv = realloc(v, cap * sizeof(*v));
			if (nv == NULL) {
				rc = pu_error_set(PU_ENOMEM, "out of memory");
				goto done;
			}
			v = nv;
		}
		read_user(q, &v[(*n)++], NULL);
	}
	rc = rc == SQLITE_DONE ? 0 : pu_sq_error(s, PU_ESTORE, "listing users");
done:
	sqlite3_reset(q);
	if (rc < 0) {
		free(v);
		*n = 0;
		return rc;
	}
	*out = v;
	return 0;
}

/* Steps an UPDATE or DELETE; PU_ENOTFOUND (message set) when want_row and no
 * row changed. */
static int change(sq_store *s, sqlite3_stmt *q, const char *what,
		  bool want_row)
{
	int rc = pu_sq_step_done(s, q, what);

	if (rc == 0 && want_row && sqlite3_changes(s->db) == 0)
		rc = pu_error_set(PU_ENOTFOUND, "%s: no such row", what);
	return rc;
}

static int user_set_disabled(pu_store *st, int64_t id, bool disabled)
{
	sq_store *s = (sq_store *)st;
	sqlite3_stmt *q = stmt(s, QU_DISABLE);

	if (q == NULL)
		return pu_error_code();
	sqlite3_bind_int64(q, 1, id);
	sqlite3_bind_int(q, 2, disabled ? 1 : 0);
	return change(s, q, "disabling a user", true);
}

static int user_set_password(pu_store *st, int64_t id, const char *pwhash,
			     int64_t now)
{
	sq_store *s = (sq_store *)st;
	sqlite3_stmt *q = stmt(s, QU_PASSWORD);

	if (q == NULL)
		return pu_error_code();
	sqlite3_bind_int64(q, 1, id);
	pu_sq_bind_text(q, 2, pwhash);
	sqlite3_bind_int64(q, 3, now);
	return change(s, q, "changing a password", true);
}

static int session_insert(pu_store *st, const unsigned char hash[32],
			  int64_t user_id, const char *csrf, int64_t now)
{
	sq_store *s = (sq_store *)st;
	sqlite3_stmt *q = stmt(s, QS_INSERT);

	if (q == NULL)
		return pu_error_code();
	sqlite3_bind_blob(q, 1, hash, 32, SQLITE_STATIC);
	sqlite3_bind_int64(q, 2, user_id);
	pu_sq_bind_text(q, 3, csrf);
	sqlite3_bind_int64(q, 4, now);
	return pu_sq_step_done(s, q, "opening a session");
}

static int session_get(pu_store *st, const unsigned char hash[32],
		       pu_session_row *out)
{
	sq_store *s = (sq_store *)st;
	sqlite3_stmt *q = stmt(s, QS_GET);
	int rc;

	if (q == NULL)
		return pu_error_code();
	sqlite3_bind_blob(q, 1, hash, 32, SQLITE_STATIC);
	rc = sqlite3_step(q);
	if (rc == SQLITE_ROW) {
		memset(out, 0, sizeof(*out));
		out->user_id = sqlite3_column_int64(q, 0);
		pu_sq_col_copy(out->csrf, sizeof(out->csrf), q, 1);
		out->created_at = sqlite3_column_int64(q, 2);
		out->seen_at = sqlite3_column_int64(q, 3);
		sqlite3_reset(q);
		return 0;
	}
	rc = rc == SQLITE_DONE ? PU_ENOTFOUND
			       : pu_sq_error(s, PU_ESTORE, "reading a session");
	sqlite3_reset(q);
	return rc;
}

static int session_touch(pu_store *st, const unsigned char hash[32],
			 int64_t now)
{
	sq_store *s = (sq_store *)st;
	sqlite3_stmt *q = stmt(s, QS_TOUCH);

	if (q == NULL)
		return pu_error_code();
	sqlite3_bind_blob(q, 1, hash, 32, SQLITE_STATIC);
	sqlite3_bind_int64(q, 2, now);
	return change(s, q, "refreshing a session", false);
}

static int session_delete(pu_store *st, const unsigned char hash[32])
{
	sq_store *s = (sq_store *)st;
	sqlite3_stmt *q = stmt(s, QS_DELETE);

	if (q == NULL)
		return pu_error_code();
	sqlite3_bind_blob(q, 1, hash, 32, SQLITE_STATIC);
	return change(s, q, "ending a session", false);
}

static int session_delete_user(pu_store *st, int64_t user_id)
{
	sq_store *s = (sq_store *)st;
	sqlite3_stmt *q = stmt(s, QS_DELETE_USER);

	if (q == NULL)
		return pu_error_code();
	sqlite3_bind_int64(q, 1, user_id);
	return change(s, q, "ending sessions", false);
}

static int session_prune(pu_store *st, int64_t seen_before,
			 int64_t created_before)
{
	sq_store *s = (sq_store *)st;
	sqlite3_stmt *q = stmt(s, QS_PRUNE);

	if (q == NULL)
		return pu_error_code();
	sqlite3_bind_int64(q, 1, seen_before);
	sqlite3_bind_int64(q, 2, created_before);
	return change(s, q, "forgetting expired sessions", false);
}

static int token_insert(pu_store *st, const unsigned char hash[32],
			int64_t user_id, const char *label, int64_t now,
			int64_t *id)
{
	sq_store *s = (sq_store *)st;
	sqlite3_stmt *q = stmt(s, QT_INSERT);
	int rc;

	if (q == NULL)
		return pu_error_code();
	sqlite3_bind_blob(q, 1, hash, 32, SQLITE_STATIC);
	sqlite3_bind_int64(q, 2, user_id);
	pu_sq_bind_text(q, 3, label);
	sqlite3_bind_int64(q, 4, now);
	rc = pu_sq_step_done(s, q, "creating a token");
	if (rc == 0 && id != NULL)
		*id = sqlite3_last_insert_rowid(s->db);
	return rc;
}

static int token_get(pu_store *st, const unsigned char *hash, int64_t id,
		     pu_token_row *out)
{
	sq_store *s = (sq_store *)st;
	sqlite3_stmt *q = stmt(s, hash ? QT_GET_HASH : QT_GET_ID);
	int rc;

	if (q == NULL)
		return pu_error_code();
	if (hash != NULL)
		sqlite3_bind_blob(q, 1, hash, 32, SQLITE_STATIC);
	else
		sqlite3_bind_int64(q, 1, id);
	rc = sqlite3_step(q);
	if (rc == SQLITE_ROW) {
		out->id = sqlite3_column_int64(q, 0);
		out->user_id = sqlite3_column_int64(q, 1);
		out->revoked_at = sqlite3_column_int64(q, 2);
		sqlite3_reset(q);
		return 0;
	}
	rc = rc == SQLITE_DONE ? PU_ENOTFOUND
			       : pu_sq_error(s, PU_ESTORE, "reading a token");
	sqlite3_reset(q);
	return rc;
}

static int token_revoke(pu_store *st, int64_t id, int64_t now)
{
	sq_store *s = (sq_store *)st;
	sqlite3_stmt *q = stmt(s, QT_REVOKE);

	if (q == NULL)
		return pu_error_code();
	sqlite3_bind_int64(q, 1, id);
	sqlite3_bind_int64(q, 2, now);
	return change(s, q, "revoking a token", false);
}

static int token_list(pu_store *st, int64_t user_id, pu_token_info **out,
		      size_t *n)
{
	sq_store *s = (sq_store *)st;
	sqlite3_stmt *q = stmt(s, QT_LIST);
	pu_token_info *v = NULL;
	size_t cap = 0;
	int rc;

	*out = NULL;
	*n = 0;
	if (q == NULL)
		return pu_error_code();
	sqlite3_bind_int64(q, 1, user_id);
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		if (*n == cap) {
			pu_token_info *nv;

			cap = cap ? cap * 2 : 8;
			nv = realloc(v, cap * sizeof(*v));
			if (nv == NULL) {
				rc = pu_error_set(PU_ENOMEM, "out of memory");
				goto done;
			}
			v = nv;
		}
		memset(&v[*n], 0, sizeof(v[*n]));
		v[*n].id = sqlite3_column_int64(q, 0);
		pu_sq_col_copy(v[*n].label, sizeof(v[*n].label), q, 1);
		v[*n].created_at = sqlite3_column_int64(q, 2);
		v[*n].revoked_at = sqlite3_column_int64(q, 3);
		(*n)++;
	}
	rc = rc == SQLITE_DONE ? 0 : pu_sq_error(s, PU_ESTORE, "listing tokens");
done:
	sqlite3_reset(q);
	if (rc < 0) {
		free(v);
		*n = 0;
		return rc;
	}
	*out = v;
	return 0;
}

static int failure_add(pu_store *st, const char *name, int64_t at,
		       int64_t prune_before)
{
	sq_store *s = (sq_store *)st;
	sqlite3_stmt *q = stmt(s, QF_PRUNE);
	int rc;

	if (q == NULL)
		return pu_error_code();
	sqlite3_bind_int64(q, 1, prune_before);
	if ((rc = pu_sq_step_done(s, q, "forgetting old sign-in failures")) < 0)
		return rc;
	if ((q = stmt(s, QF_ADD)) == NULL)
		return pu_error_code();
	pu_sq_bind_text(q, 1, name);
	sqlite3_bind_int64(q, 2, at);
	return pu_sq_step_done(s, q, "counting a sign-in failure");
}

static int failure_count(pu_store *st, const char *name, int64_t since, int *n)
{
	sq_store *s = (sq_store *)st;
	sqlite3_stmt *q = stmt(s, QF_COUNT);
	int rc;

	if (q == NULL)
		return pu_error_code();
	pu_sq_bind_text(q, 1, name);
	sqlite3_bind_int64(q, 2, since);
	rc = sqlite3_step(q);
	if (rc == SQLITE_ROW) {
		*n = sqlite3_column_int(q, 0);
		rc = 0;
	} else {
		rc = pu_sq_error(s, PU_ESTORE, "counting sign-in failures");
	}
	sqlite3_reset(q);
	return rc;
}

static int failure_clear(pu_store *st, const char *name)
{
	sq_store *s = (sq_store *)st;
	sqlite3_stmt *q = stmt(s, QF_CLEAR);

	if (q == NULL)
		return pu_error_code();
	pu_sq_bind_text(q, 1, name);
	return change(s, q, "clearing sign-in failures", false);
}

static int lock_get(pu_store *st, const char *name, int64_t *until)
{
	sq_store *s = (sq_store *)st;
	sqlite3_stmt *q = stmt(s, QL_GET);
	int rc;

	*until = 0;
	if (q == NULL)
		return pu_error_code();
	pu_sq_bind_text(q, 1, name);
	rc = sqlite3_step(q);
	if (rc == SQLITE_ROW)
		*until = sqlite3_column_int64(q, 0);
	rc = rc == SQLITE_ROW || rc == SQLITE_DONE
		     ? 0
		     : pu_sq_error(s, PU_ESTORE, "reading a sign-in lock");
	sqlite3_reset(q);
	return rc;
}

static int lock_set(pu_store *st, const char *name, int64_t until)
{
	sq_store *s = (sq_store *)st;
	sqlite3_stmt *q = stmt(s, QL_SET);

	if (q == NULL)
		return pu_error_code();
	pu_sq_bind_text(q, 1, name);
	sqlite3_bind_int64(q, 2, until);
	return pu_sq_step_done(s, q, "locking sign-ins");
}

static int audit_head(pu_store *st, int64_t *seq, char hash[65])
{
	sq_store *s = (sq_store *)st;
	sqlite3_stmt *q = stmt(s, QA_HEAD);
	int rc;

	*seq = 0;
	hash[0] = '\0';
	if (q == NULL)
		return pu_error_code();
	rc = sqlite3_step(q);
	if (rc == SQLITE_ROW) {
		*seq = sqlite3_column_int64(q, 0);
		pu_sq_col_copy(hash, 65, q, 1);
	}
	rc = rc == SQLITE_ROW || rc == SQLITE_DONE
		     ? 0
		     : pu_sq_error(s, PU_ESTORE, "reading the audit log");
	sqlite3_reset(q);
	return rc;
}

static int audit_insert(pu_store *st, const pu_audit_entry *e)
{
	sq_store *s = (sq_store *)st;
	sqlite3_stmt *q = stmt(s, QA_INSERT);

	if (q == NULL)
		return pu_error_code();
	sqlite3_bind_int64(q, 1, e->seq);
	pu_sq_bind_text(q, 2, e->at);
	if (e->actor_id != 0)
		sqlite3_bind_int64(q, 3, e->actor_id);
	pu_sq_bind_text(q, 4, e->actor);
	pu_sq_bind_text(q, 5, e->action);
	pu_sq_bind_opt(q, 6, e->country);
	pu_sq_bind_text(q, 7, e->subject);
	pu_sq_bind_text(q, 8, e->digest);
	pu_sq_bind_text(q, 9, e->prev);
	pu_sq_bind_text(q, 10, e->hash);
	return pu_sq_step_done(s, q, "appending to the audit log");
}

static void read_entry(sqlite3_stmt *q, pu_audit_entry *e)
{
	memset(e, 0, sizeof(*e));
	e->seq = sqlite3_column_int64(q, 0);
	pu_sq_col_copy(e->at, sizeof(e->at), q, 1);
	e->actor_id = sqlite3_column_int64(q, 2);
	pu_sq_col_copy(e->actor, sizeof(e->actor), q, 3);
	pu_sq_col_copy(e->action, sizeof(e->action), q, 4);
	pu_sq_col_copy(e->country, sizeof(e->country), q, 5);
	pu_sq_col_copy(e->subject, sizeof(e->subject), q, 6);
	pu_sq_col_copy(e->digest, sizeof(e->digest), q, 7);
	pu_sq_col_copy(e->prev, sizeof(e->prev), q, 8);
	pu_sq_col_copy(e->hash, sizeof(e->hash), q, 9);
}

static int audit_list(pu_store *st, const char *country, size_t limit,
		      pu_audit_entry **out, size_t *n)
{
	sq_store *s = (sq_store *)st;
	sqlite3_stmt *q = stmt(s, country ? QA_LIST_COUNTRY : QA_LIST);
	pu_audit_entry *v = NULL;
	int rc = SQLITE_DONE;

	*out = NULL;
	*n = 0;
	if (q == NULL)
		return pu_error_code();
	v = calloc(limit ? limit : 1, sizeof(*v));
	if (v == NULL)
		return pu_error_set(PU_ENOMEM, "out of memory");
	sqlite3_bind_int64(q, 1, (sqlite3_int64)limit);
	if (country != NULL)
		pu_sq_bind_text(q, 2, country);
	while (*n < limit && (rc = sqlite3_step(q)) == SQLITE_ROW)
		read_entry(q, &v[(*n)++]);
	if (*n < limit && rc != SQLITE_DONE)
		rc = pu_sq_error(s, PU_ESTORE, "reading the audit log");
	else
		rc = 0;
	sqlite3_reset(q);
	if (rc < 0) {
		free(v);
		*n = 0;
		return rc;
	}
	*out = v;
	return 0;
}

static int audit_each(pu_store *st, pu_audit_cb cb, void *arg)
{
	sq_store *s = (sq_store *)st;
	sqlite3_stmt *q = stmt(s, QA_ALL);
	pu_audit_entry e;
	int step, rc = 0;

	if (q == NULL)
		return pu_error_code();
	while ((step = sqlite3_step(q)) == SQLITE_ROW) {
		read_entry(q, &e);
		if ((rc = cb(&e, arg)) != 0)
			break;
	}
	if (rc == 0 && step != SQLITE_DONE)
		rc = pu_sq_error(s, PU_ESTORE, "reading the audit log");
	sqlite3_reset(q);
	return rc;
}

const pu_store_auth_ops pu_sq_auth_ops = {
	.user_insert = user_insert,
	.user_get = user_get,
	.user_list = user_list,
	.user_set_disabled = user_set_disabled,
	.user_set_password = user_set_password,
	.session_insert = session_insert,
	.session_get = session_get,
	.session_touch = session_touch,
	.session_delete = session_delete,
	.session_delete_user = session_delete_user,
	.session_prune = session_prune,
	.token_insert = token_insert,
	.token_get = token_get,
	.token_revoke = token_revoke,
	.token_list = token_list,
	.failure_add = failure_add,
	.failure_count = failure_count,
	.failure_clear = failure_clear,
	.lock_get = lock_get,
	.lock_set = lock_set,
	.audit_head = audit_head,
	.audit_insert = audit_insert,
	.audit_list = audit_list,
	.audit_each = audit_each,
};
