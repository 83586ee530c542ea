/*
 * The SQLite backend, issued credentials and their status lists: rows of
 * cred_list and credential (migration 006). No rule is decided here: index
 * permutation, signing, scope and the audit entry are src/lib/cred/issue*.c's.
 * These writes never bump the catalogue version. Statements are this file's
 * own, prepared once per connection.
 */
#include "sqlite_internal.h"

#include "puente/error.h"
#include "store_cred.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum {
	QL_OPEN,
	QL_INSERT,
	QL_SET_URLS,
	QL_TAKE,
	QL_GET,
	QL_GET_URL,
	QL_UPDATE,
	QL_EACH,
	QL_EACH_ISSUER,
	QC_INSERT,
	QC_GET,
	QC_EACH,
	QC_STATE,
	QX_COUNT
};

#define LIST_COLUMNS                                                           \
	"id, issuer, revocation_url, suspension_url, size, "                   \
	"used, perm_key, revocation, suspension, revocation_vc, "              \
	"suspension_vc, signed_at, created_at"
#define CRED_COLUMNS                                                           \
	"id, issuer, country, standard, list, idx, issued_at, "                \
	"valid_until, digest, state"

static const char *const sql[QX_COUNT] = {
    [QL_OPEN] = "SELECT " LIST_COLUMNS " FROM cred_list WHERE issuer = ?1 "
		"AND used < size ORDER BY id DESC LIMIT 1",
    [QL_INSERT] = "INSERT INTO cred_list (issuer, revocation_url, "
		  "suspension_url, size, used, perm_key, revocation, "
		  "suspension, revocation_vc, suspension_vc, signed_at, "
		  "created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, "
		  "?10, ?11, ?12)",
    [QL_SET_URLS] = "UPDATE cred_list SET revocation_url = ?2, "
		    "suspension_url = ?3 WHERE id = ?1",
    [QL_TAKE] = "UPDATE cred_list SET used = used + 1 WHERE id = ?1 AND "
		"used < size RETURNING used - 1",
    [QL_GET] = "SELECT " LIST_COLUMNS " FROM cred_list WHERE id = ?1",
    [QL_GET_URL] = "SELECT " LIST_COLUMNS " FROM cred_list WHERE "
		   "revocation_url = ?1 OR suspension_url = ?1",
    [QL_UPDATE] = "UPDATE cred_list SET revocation = ?2, suspension = ?3, "
		  "revocation_vc = ?4, suspension_vc = ?5, signed_at = ?6 "
		  "WHERE id = ?1",
    [QL_EACH] = "SELECT " LIST_COLUMNS " FROM cred_list ORDER BY id",
    [QL_EACH_ISSUER] = "SELECT " LIST_COLUMNS " FROM cred_list WHERE "
		       "issuer = ?1 ORDER BY id",
    [QC_INSERT] = "INSERT INTO credential (" CRED_COLUMNS ") VALUES (?1, "
		  "?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    [QC_GET] = "SELECT " CRED_COLUMNS " FROM credential WHERE id = ?1",
    [QC_EACH] = "SELECT " CRED_COLUMNS " FROM credential WHERE (?1 IS "
		"NULL OR issuer = ?1) AND (?2 IS NULL OR issued_at >= ?2) "
		"AND (?3 IS NULL OR issued_at < ?3) ORDER BY list, idx",
    [QC_STATE] = "UPDATE credential SET state = ?2, changed_at = ?3 WHERE "
		 "id = ?1",
};

static sqlite3_stmt *stmt(sq_store *s, int id)
{
	return pu_sq_set_stmt(s, &s->cred, QX_COUNT, id, sql[id]);
}

void pu_sq_cred_reset(sq_store *s)
{
	pu_sq_set_reset(s->cred, QX_COUNT);
}

void pu_sq_cred_close(sq_store *s)
{
	pu_sq_set_close(&s->cred, QX_COUNT);
}

void pu_cred_list_row_clear(pu_cred_list_row *r)
{
	free(r->issuer);
	free(r->revocation_url);
	free(r->suspension_url);
	free(r->revocation);
	free(r->suspension);
	free(r->revocation_vc);
	free(r->suspension_vc);
	free(r->signed_at);
	free(r->created_at);
	memset(r, 0, sizeof(*r));
}

static char *col_dup(sqlite3_stmt *q, int i, int *oom)
{
	const unsigned char *t = sqlite3_column_text(q, i);
	char *c;

	if (t == NULL)
		return NULL;
	c = strdup((const char *)t);
	if (c == NULL)
		*oom = 1;
	return c;
}

static int read_list(sqlite3_stmt *q, pu_cred_list_row *out)
{
	int oom = 0;
	const void *key = sqlite3_column_blob(q, 6);

	memset(out, 0, sizeof(*out));
	out->id = sqlite3_column_int64(q, 0);
	out->issuer = col_dup(q, 1, &oom);
	out->revocation_url = col_dup(q, 2, &oom);
	out->suspension_url = col_dup(q, 3, &oom);
	out->size = sqlite3_column_int64(q, 4);
	out->used = sqlite3_column_int64(q, 5);
	if (key != NULL && sqlite3_column_bytes(q, 6) == 16)
		memcpy(out->perm_key, key, 16);
	out->revocation = col_dup(q, 7, &oom);
	out->suspension = col_dup(q, 8, &oom);
	out->revocation_vc = col_dup(q, 9, &oom);
	out->suspension_vc = col_dup(q, 10, &oom);
	out->signed_at = col_dup(q, 11, &oom);
	out->created_at = col_dup(q, 12, &oom);
	if (oom) {
		pu_cred_list_row_clear(out);
		return pu_error_set(PU_ENOMEM, "out of memory");
	}
	return 0;
}

/* Steps q expecting one list row or none. */
static int one_list(sq_store *s, sqlite3_stmt *q, pu_cred_list_row *out)
{
	int rc = sqlite3_step(q);

	if (rc == SQLITE_DONE) {
		sqlite3_reset(q);
		return PU_ENOTFOUND;
	}
	if (rc != SQLITE_ROW) {
		rc = pu_sq_error(s, PU_ESTORE, "reading a status list");
		sqlite3_reset(q);
		return rc;
	}
	rc = read_list(q, out);
	sqlite3_reset(q);
	return rc;
}

static int list_open(pu_store *st, const char *issuer, pu_cred_list_row *out)
{
	sq_store *s = (sq_store *)st;
	sqlite3_stmt *q = stmt(s, QL_OPEN);

	if (q == NULL)
		return pu_error_code();
	sqlite3_bind_text(q, 1, issuer, -1, SQLITE_STATIC);
	return one_list(s, q, out);
}

/* "{}" in a URL template replaced by the id. */
static char *fill(const char *tmpl, int64_t id)
{
	const char *p = strstr(tmpl, "{}");
	size_t n = strlen(tmpl) + 24;
	char *out = malloc(n);

	if (out == NULL)
		return NULL;
	if (p == NULL)
		snprintf(out, n, "%s", tmpl);
	else
		snprintf(out, n, "%.*s%lld%s", (int)(p - tmpl), tmpl,
			 (long long)id, p + 2);
	return out;
}

static int list_insert(pu_store *st, const pu_cred_list_row *l, int64_t *id)
{
	sq_store *s = (sq_store *)st;
	sqlite3_stmt *q = stmt(s, QL_INSERT);
	char *ru = NULL, *su = NULL;
	int rc;

	if (q == NULL)
		return pu_error_code();
	sqlite3_bind_text(q, 1, l->issuer, -1, SQLITE_STATIC);
	/* unique placeholders until the id is known */
	sqlite3_bind_text(q, 2, l->revocation_url, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 3, l->suspension_url, -1, SQLITE_STATIC);
	sqlite3_bind_int64(q, 4, l->size);
	sqlite3_bind_int64(q, 5, l->used);
	sqlite3_bind_blob(q, 6, l->perm_key, 16, SQLITE_STATIC);
	sqlite3_bind_text(q, 7, l->revocation, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 8, l->suspension, -1, SQLITE_STATIC);
	pu_sq_bind_text(q, 9, l->revocation_vc);
	pu_sq_bind_text(q, 10, l->suspension_vc);
	pu_sq_bind_text(q, 11, l->signed_at);
	sqlite3_bind_text(q, 12, l->created_at, -1, SQLITE_STATIC);
	rc = pu_sq_step_done(s, q, "writing a status list");
	if (rc < 0)
		return rc;
	*id = sqlite3_last_insert_rowid(s->db);
	if (strstr(l->revocation_url, "{}") == NULL)
		return 0;
	ru = fill(l->revocation_url, *id);
	su = fill(l->suspension_url, *id);
	q = stmt(s, QL_SET_URLS);
	if (ru == NULL || su == NULL || q == NULL) {
		free(ru);
		free(su);
		return q == NULL ? pu_error_code()
				 : pu_error_set(PU_ENOMEM, "out of memory");
	}
	sqlite3_bind_int64(q, 1, *id);
	sqlite3_bind_text(q, 2, ru, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 3, su, -1, SQLITE_STATIC);
	rc = pu_sq_step_done(s, q, "writing a status list");
	free(ru);
	free(su);
	return rc;
}

static int list_take(pu_store *st, int64_t id, int64_t *counter)
{
	sq_store *s = (sq_store *)st;
	sqlite3_stmt *q = stmt(s, QL_TAKE);
	int rc;

	if (q == NULL)
		return pu_error_code();
	sqlite3_bind_int64(q, 1, id);
	rc = sqlite3_step(q);
	if (rc == SQLITE_ROW) {
		*counter = sqlite3_column_int64(q, 0);
		sqlite3_reset(q);
		return 0;
	}
	if (rc == SQLITE_DONE) {
		sqlite3_reset(q);
		return pu_error_set(PU_ELIMIT, "status list %lld is full",
				    (long long)id);
	}
	rc = pu_sq_error(s, PU_ESTORE, "taking a status list index");
	sqlite3_reset(q);
	return rc;
}

static int list_get(pu_store *st, int64_t id, const char *url,
		    pu_cred_list_row *out)
{
	sq_store *s = (sq_store *)st;
	sqlite3_stmt *q = stmt(s, url ? QL_GET_URL : QL_GET);

	if (q == NULL)
		return pu_error_code();
	if (url)
		sqlite3_bind_text(q, 1, url, -1, SQLITE_STATIC);
	else
		sqlite3_bind_int64(q, 1, id);
	return one_list(s, q, out);
}

static int list_update(pu_store *st, const pu_cred_list_row *l)
{
	sq_store *s = (sq_store *)st;
	sqlite3_stmt *q = stmt(s, QL_UPDATE);

	if (q == NULL)
		return pu_error_code();
	sqlite3_bind_int64(q, 1, l->id);
	sqlite3_bind_text(q, 2, l->revocation, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 3, l->suspension, -1, SQLITE_STATIC);
	pu_sq_bind_text(q, 4, l->revocation_vc);
	pu_sq_bind_text(q, 5, l->suspension_vc);
	pu_sq_bind_text(q, 6, l->signed_at);
	return pu_sq_step_done(s, q, "writing a status list");
}

static int list_each(pu_store *st, const char *issuer, pu_cred_list_cb cb,
		     void *arg)
{
	sq_store *s = (sq_store *)st;
	sqlite3_stmt *q = stmt(s, issuer ? QL_EACH_ISSUER : QL_EACH);
	pu_cred_list_row row;
	int rc = 0, step;

	if (q == NULL)
		return pu_error_code();
	if (issuer)
		sqlite3_bind_text(q, 1, issuer, -1, SQLITE_TRANSIENT);
	while (rc == 0 && (step = sqlite3_step(q)) == SQLITE_ROW) {
		rc = read_list(q, &row);
		if (rc == 0)
			rc = cb(&row, arg);
		pu_cred_list_row_clear(&row);
	}
	if (rc == 0 && step != SQLITE_DONE)
		rc = pu_sq_error(s, PU_ESTORE, "reading status lists");
	sqlite3_reset(q);
	return rc;
}

static const char *const state_names[] = {"active", "revoked", "suspended"};

static int cred_insert(pu_store *st, const pu_issued *c)
{
	sq_store *s = (sq_store *)st;
	sqlite3_stmt *q = stmt(s, QC_INSERT);
	int rc;

	if (q == NULL)
		return pu_error_code();
	sqlite3_bind_text(q, 1, c->id, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 2, c->issuer, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 3, c->country, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 4, c->standard, -1, SQLITE_STATIC);
	sqlite3_bind_int64(q, 5, c->list);
	sqlite3_bind_int64(q, 6, c->index);
	sqlite3_bind_text(q, 7, c->issued_at, -1, SQLITE_STATIC);
	pu_sq_bind_text(q, 8, c->valid_until[0] ? c->valid_until : NULL);
	sqlite3_bind_text(q, 9, c->digest, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 10, state_names[c->state], -1, SQLITE_STATIC);
	rc = sqlite3_step(q);
	if (rc == SQLITE_DONE) {
		sqlite3_reset(q);
		return 0;
	}
	if (sqlite3_extended_errcode(s->db) == SQLITE_CONSTRAINT_PRIMARYKEY ||
	    sqlite3_extended_errcode(s->db) == SQLITE_CONSTRAINT_UNIQUE) {
		sqlite3_reset(q);
		return pu_error_set(PU_ECONFLICT,
				    "a credential %.100s was already issued",
				    c->id);
	}
	rc = pu_sq_error(s, PU_ESTORE, "recording a credential");
	sqlite3_reset(q);
	return rc;
}

static void copy(char *dst, size_t n, sqlite3_stmt *q, int i)
{
	const unsigned char *t = sqlite3_column_text(q, i);

	snprintf(dst, n, "%s", t ? (const char *)t : "");
}

static void read_cred(sqlite3_stmt *q, pu_issued *out)
{
	const unsigned char *state;

	memset(out, 0, sizeof(*out));
	copy(out->id, sizeof(out->id), q, 0);
	copy(out->issuer, sizeof(out->issuer), q, 1);
	copy(out->country, sizeof(out->country), q, 2);
	copy(out->standard, sizeof(out->standard), q, 3);
	out->list = sqlite3_column_int64(q, 4);
	out->index = sqlite3_column_int64(q, 5);
	copy(out->issued_at, sizeof(out->issued_at), q, 6);
	copy(out->valid_until, sizeof(out->valid_until), q, 7);
	copy(out->digest, sizeof(out->digest), q, 8);
	state = sqlite3_column_text(q, 9);
	out->state = PU_CRED_ACTIVE;
	for (int i = 0; state != NULL && i < 3; i++)
		if (strcmp((const char *)state, state_names[i]) == 0)
			out->state = (pu_cred_state)i;
}

static int cred_get(pu_store *st, const char *id, pu_issued *out)
{
	sq_store *s = (sq_store *)st;
	sqlite3_stmt *q = stmt(s, QC_GET);
	int rc;

	if (q == NULL)
		return pu_error_code();
	sqlite3_bind_text(q, 1, id, -1, SQLITE_STATIC);
	rc = sqlite3_step(q);
	if (rc == SQLITE_ROW) {
		read_cred(q, out);
		rc = 0;
	} else if (rc == SQLITE_DONE) {
		rc = PU_ENOTFOUND;
	} else {
		rc = pu_sq_error(s, PU_ESTORE, "reading a credential");
	}
	sqlite3_reset(q);
	return rc;
}

static int cred_each(pu_store *st, const char *issuer, const char *from,
		     const char *to, pu_cred_record_cb cb, void *arg)
{
	sq_store *s = (sq_store *)st;
	sqlite3_stmt *q = stmt(s, QC_EACH);
	pu_issued c;
	int rc = 0, step;

	if (q == NULL)
		return pu_error_code();
	pu_sq_bind_text(q, 1, issuer);
	pu_sq_bind_text(q, 2, from);
	pu_sq_bind_text(q, 3, to);
	while (rc == 0 && (step = sqlite3_step(q)) == SQLITE_ROW) {
		read_cred(q, &c);
		rc = cb(&c, arg);
	}
	if (rc == 0 && step != SQLITE_DONE)
		rc = pu_sq_error(s, PU_ESTORE, "reading credentials");
	sqlite3_reset(q);
	return rc;
}

static int cred_set_state(pu_store *st, const char *id, pu_cred_state state,
			  const char *at)
{
	sq_store *s = (sq_store *)st;
	sqlite3_stmt *q = stmt(s, QC_STATE);

	if (q == NULL)
		return pu_error_code();
	sqlite3_bind_text(q, 1, id, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 2, state_names[state], -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 3, at, -1, SQLITE_STATIC);
	return pu_sq_step_done(s, q, "updating a credential");
}

/* A bulk change reads and writes every page of the credential table and its
 * index: with SQLite's default 2 MiB page cache, each page is read again
 * from the OS (30% of a 100,000-credential revocation). The cache grows to
 * 64 MiB for the operation (pages are allocated as used) and is put back. */
static int bulk(pu_store *st, bool on)
{
	sq_store *s = (sq_store *)st;
	static _Thread_local int saved;
	sqlite3_stmt *q = NULL;
	char pragma[64];

	if (on) {
		saved = -2000;
		if (sqlite3_prepare_v2(s->db, "PRAGMA cache_size", -1, &q,
				       NULL) == SQLITE_OK &&
		    sqlite3_step(q) == SQLITE_ROW)
			saved = sqlite3_column_int(q, 0);
		sqlite3_finalize(q);
		snprintf(pragma, sizeof(pragma), "PRAGMA cache_size = -65536");
	} else {
		snprintf(pragma, sizeof(pragma), "PRAGMA cache_size = %d",
			 saved);
	}
	if (sqlite3_exec(s->db, pragma, NULL, NULL, NULL) != SQLITE_OK)
		return pu_sq_error(s, PU_ESTORE, "setting the page cache");
	return 0;
}

const pu_store_cred_ops pu_sq_cred_ops = {
    .list_open = list_open,
    .list_insert = list_insert,
    .list_take = list_take,
    .list_get = list_get,
    .list_update = list_update,
    .list_each = list_each,
    .cred_insert = cred_insert,
    .cred_get = cred_get,
    .cred_each = cred_each,
    .cred_set_state = cred_set_state,
    .bulk = bulk,
};
