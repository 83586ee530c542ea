/*
 * The SQLite backend, accreditation and recognition decisions: rows of
 * accredit_org, accredit_scope and recognition (migration 005). No rule is
 * decided here (who may grant, what a grant covers: src/lib/rpl/). These
 * writes never bump the catalogue version. Statements are prepared once per
 * connection.
 */
#include "sqlite_internal.h"

#include "puente/error.h"
#include "sqlite_rpl.h"
#include "store_rpl.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum {
	QO_INSERT,
	QO_GET,
	QO_LIST,
	QO_LIST_COUNTRY,
	QO_WITHDRAW,
	QO_WITHDRAW_SCOPES,
	QG_INSERT,
	QG_GET,
	QG_WITHDRAW,
	QG_LIST,
	QR_INSERT,
	QR_GET,
	QR_LIST,
	QX_COUNT
};

/* clang-format off */
#define ORG_COLUMNS "country, id, kind, name, created_at, withdrawn_at"
#define SCOPE_COLUMNS "s.id, s.country, s.org, s.account_id, a.name, " \
		      "s.std_country, s.pattern, s.valid_from, s.valid_to, " \
		      "s.granted_at, s.withdrawn_at"
#define REC_COLUMNS "id, country, presented, credential, origin_country, " \
		    "origin_code, std_country, std_code, outcome, "        \
		    "differences, gap_units, suggested, case_code, "       \
		    "candidate, actor, decided_at"

static const char *const sql[QX_COUNT] = {
	[QO_INSERT] = "INSERT INTO accredit_org (country, id, kind, name, "
		      "created_at) VALUES (?1, ?2, ?3, ?4, ?5)",
	[QO_GET] = "SELECT " ORG_COLUMNS " FROM accredit_org WHERE country = ?1 "
		   "AND id = ?2",
	[QO_LIST] = "SELECT " ORG_COLUMNS " FROM accredit_org ORDER BY country, "
		    "id",
	[QO_LIST_COUNTRY] = "SELECT " ORG_COLUMNS " FROM accredit_org WHERE "
			    "country = ?1 ORDER BY id",
	[QO_WITHDRAW] = "UPDATE accredit_org SET withdrawn_at = ?3, "
			"withdrawn_reason = ?4 WHERE country = ?1 AND id = ?2",
	[QO_WITHDRAW_SCOPES] = "UPDATE accredit_scope SET withdrawn_at = ?3, "
			       "withdrawn_reason = ?4 WHERE country = ?1 AND "
			       "org = ?2 AND withdrawn_at IS NULL",
	[QG_INSERT] = "INSERT INTO accredit_scope (country, org, account_id, "
		      "std_country, pattern, valid_from, valid_to, granted_at) "
		      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
	[QG_GET] = "SELECT " SCOPE_COLUMNS " FROM accredit_scope s LEFT JOIN "
		   "account a ON a.id = s.account_id WHERE s.id = ?1",
	[QG_WITHDRAW] = "UPDATE accredit_scope SET withdrawn_at = ?2, "
			"withdrawn_reason = ?3 WHERE id = ?1",
	[QG_LIST] = "SELECT " SCOPE_COLUMNS " FROM accredit_scope s LEFT JOIN "
		    "account a ON a.id = s.account_id WHERE (?1 IS NULL OR "
		    "s.country = ?1) AND (?2 IS NULL OR s.org = ?2) AND (?3 < 0 "
		    "OR coalesce(s.account_id, 0) = ?3) ORDER BY s.id",
	[QR_INSERT] = "INSERT INTO recognition (country, presented, credential, "
		      "origin_country, origin_code, std_country, std_code, "
		      "outcome, differences, gap_units, suggested, case_code, "
		      "candidate, actor, decided_at) VALUES (?1, ?2, ?3, ?4, "
		      "?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)",
	[QR_GET] = "SELECT " REC_COLUMNS " FROM recognition WHERE id = ?1",
	[QR_LIST] = "SELECT " REC_COLUMNS " FROM recognition WHERE (?1 IS NULL "
		    "OR country = ?1) ORDER BY id DESC",
};

/* clang-format on */

static sqlite3_stmt *stmt(sq_store *s, int id)
{
	return pu_sq_set_stmt(s, &s->acc, QX_COUNT, id, sql[id]);
}

void pu_sq_acc_reset(sq_store *s)
{
	pu_sq_set_reset(s->acc, QX_COUNT);
}

void pu_sq_acc_close(sq_store *s)
{
	pu_sq_set_close(&s->acc, QX_COUNT);
}

/* Steps a write; a constraint failure is PU_ECONFLICT naming what. */
static int step_write(sq_store *s, sqlite3_stmt *q, const char *what)
{
	int rc = 0;

	if (sqlite3_step(q) != SQLITE_DONE) {
		if ((sqlite3_extended_errcode(s->db) & 0xff) ==
		    SQLITE_CONSTRAINT)
			rc = pu_error_set(PU_ECONFLICT, "%s already exists",
					  what);
		else
			rc = pu_sq_error(s, PU_ESTORE, what);
	}
	sqlite3_reset(q);
	return rc;
}

static void read_org(sqlite3_stmt *q, pu_org *o)
{
	char kind[16];

	memset(o, 0, sizeof(*o));
	pu_sq_col_copy(o->country, sizeof(o->country), q, 0);
	pu_sq_col_copy(o->id, sizeof(o->id), q, 1);
	pu_sq_col_copy(kind, sizeof(kind), q, 2);
	o->kind = strcmp(kind, "body") == 0 ? PU_ORG_BODY : PU_ORG_CENTRE;
	pu_sq_col_copy(o->name, sizeof(o->name), q, 3);
	o->created_at = sqlite3_column_int64(q, 4);
	o->withdrawn_at = sqlite3_column_int64(q, 5);
}

int pu_sq_acc_org_insert(pu_store *st, const pu_org *o)
{
	sq_store *s = (sq_store *)st;
	sqlite3_stmt *q = stmt(s, QO_INSERT);
	char what[160];

	if (q == NULL)
		return pu_error_code();
	pu_sq_bind_text(q, 1, o->country);
	pu_sq_bind_text(q, 2, o->id);
	pu_sq_bind_text(q, 3, pu_org_kind_name(o->kind));
	pu_sq_bind_text(q, 4, o->name);
	sqlite3_bind_int64(q, 5, o->created_at);
	snprintf(what, sizeof(what), "%s/%s", o->country, o->id);
	return step_write(s, q, what);
}

int pu_sq_acc_org_get(pu_store *st, const char *country, const char *id,
		      pu_org *out)
{
	sq_store *s = (sq_store *)st;
	sqlite3_stmt *q = stmt(s, QO_GET);
	int rc;

	if (q == NULL)
		return pu_error_code();
	pu_sq_bind_text(q, 1, country);
	pu_sq_bind_text(q, 2, id);
	rc = sqlite3_step(q);
	if (rc == SQLITE_ROW)
		read_org(q, out);
	rc = rc == SQLITE_ROW ? 0
	     : rc == SQLITE_DONE
		 ? PU_ENOTFOUND
		 : pu_sq_error(s, PU_ESTORE, "reading a centre");
	sqlite3_reset(q);
	return rc;
}

int pu_sq_acc_org_list(pu_store *st, const char *country, pu_org **out,
		       size_t *n)
{
	sq_store *s = (sq_store *)st;
	sqlite3_stmt *q = stmt(s, country ? QO_LIST_COUNTRY : QO_LIST);
	pu_org *v = NULL;
	size_t cap = 0;
	int rc;

	*out = NULL;
	*n = 0;
	if (q == NULL)
		return pu_error_code();
	if (country != NULL)
		pu_sq_bind_text(q, 1, country);
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		if ((rc = pu_sq_grow_heap((void **)&v, *n, &cap, sizeof(*v))) < 0)
			goto done;
		read_org(q, &v[(*n)++]);
	}
	rc = rc == SQLITE_DONE ? 0
			       : pu_sq_error(s, PU_ESTORE, "listing centres");
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

int pu_sq_acc_org_withdraw(pu_store *st, const char *country, const char *id,
			   const char *reason, int64_t now)
{
	sq_store *s = (sq_store *)st;
	int ids[2] = {QO_WITHDRAW, QO_WITHDRAW_SCOPES};

	for (int i = 0; i < 2; i++) {
		sqlite3_stmt *q = stmt(s, ids[i]);
		int rc;

		if (q == NULL)
			return pu_error_code();
		pu_sq_bind_text(q, 1, country);
		pu_sq_bind_text(q, 2, id);
		sqlite3_bind_int64(q, 3, now);
		pu_sq_bind_text(q, 4, reason);
		if ((rc = pu_sq_step_done(s, q, "withdrawing a centre")) < 0)
			return rc;
	}
	return 0;
}

static void read_scope(sqlite3_stmt *q, pu_scope *g)
{
	memset(g, 0, sizeof(*g));
	g->id = sqlite3_column_int64(q, 0);
	pu_sq_col_copy(g->country, sizeof(g->country), q, 1);
	pu_sq_col_copy(g->org, sizeof(g->org), q, 2);
	g->account_id = sqlite3_column_int64(q, 3);
	pu_sq_col_copy(g->account, sizeof(g->account), q, 4);
	pu_sq_col_copy(g->std_country, sizeof(g->std_country), q, 5);
	pu_sq_col_copy(g->pattern, sizeof(g->pattern), q, 6);
	pu_sq_col_copy(g->valid_from, sizeof(g->valid_from), q, 7);
	pu_sq_col_copy(g->valid_to, sizeof(g->valid_to), q, 8);
	g->granted_at = sqlite3_column_int64(q, 9);
	g->withdrawn_at = sqlite3_column_int64(q, 10);
}

int pu_sq_acc_scope_insert(pu_store *st, const pu_scope *g, int64_t *id)
{
	sq_store *s = (sq_store *)st;
	sqlite3_stmt *q = stmt(s, QG_INSERT);
	int rc;

	if (q == NULL)
		return pu_error_code();
	pu_sq_bind_text(q, 1, g->country);
	pu_sq_bind_text(q, 2, g->org);
	if (g->account_id > 0)
		sqlite3_bind_int64(q, 3, g->account_id);
	pu_sq_bind_text(q, 4, g->std_country);
	pu_sq_bind_text(q, 5, g->pattern);
	pu_sq_bind_text(q, 6, g->valid_from);
	pu_sq_bind_opt(q, 7, g->valid_to);
	sqlite3_bind_int64(q, 8, g->granted_at);
	if ((rc = step_write(s, q, "the grant")) < 0)
		return rc;
	if (id != NULL)
		*id = sqlite3_last_insert_rowid(s->db);
	return 0;
}

int pu_sq_acc_scope_get(pu_store *st, int64_t id, pu_scope *out)
{
	sq_store *s = (sq_store *)st;
	sqlite3_stmt *q = stmt(s, QG_GET);
	int rc;

	if (q == NULL)
		return pu_error_code();
	sqlite3_bind_int64(q, 1, id);
	rc = sqlite3_step(q);
	if (rc == SQLITE_ROW)
		read_scope(q, out);
	rc = rc == SQLITE_ROW	 ? 0
	     : rc == SQLITE_DONE ? PU_ENOTFOUND
				 : pu_sq_error(s, PU_ESTORE, "reading a grant");
	sqlite3_reset(q);
	return rc;
}

int pu_sq_acc_scope_withdraw(pu_store *st, int64_t id, const char *reason,
			     int64_t now)
{
	sq_store *s = (sq_store *)st;
	sqlite3_stmt *q = stmt(s, QG_WITHDRAW);

	if (q == NULL)
		return pu_error_code();
	sqlite3_bind_int64(q, 1, id);
	sqlite3_bind_int64(q, 2, now);
	pu_sq_bind_text(q, 3, reason);
	return pu_sq_step_done(s, q, "withdrawing a grant");
}

int pu_sq_acc_scope_list(pu_store *st, const char *country, const char *org,
			 int64_t account_id, pu_scope **out, size_t *n)
{
	sq_store *s = (sq_store *)st;
	sqlite3_stmt *q = stmt(s, QG_LIST);
	pu_scope *v = NULL;
	size_t cap = 0;
	int rc;

	*out = NULL;
	*n = 0;
	if (q == NULL)
		return pu_error_code();
	pu_sq_bind_text(q, 1, country);
	pu_sq_bind_text(q, 2, org);
	sqlite3_bind_int64(q, 3, account_id);
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		if ((rc = pu_sq_grow_heap((void **)&v, *n, &cap, sizeof(*v))) < 0)
			goto done;
		read_scope(q, &v[(*n)++]);
	}
	rc =
	    rc == SQLITE_DONE ? 0 : pu_sq_error(s, PU_ESTORE, "listing grants");
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

static void read_rec(sqlite3_stmt *q, pu_recognition *r)
{
	memset(r, 0, sizeof(*r));
	r->id = sqlite3_column_int64(q, 0);
	pu_sq_col_copy(r->country, sizeof(r->country), q, 1);
	r->presented = (pu_presented)sqlite3_column_int(q, 2);
	pu_sq_col_copy(r->credential, sizeof(r->credential), q, 3);
	pu_sq_col_copy(r->origin_country, sizeof(r->origin_country), q, 4);
	pu_sq_col_copy(r->origin_code, sizeof(r->origin_code), q, 5);
	pu_sq_col_copy(r->std_country, sizeof(r->std_country), q, 6);
	pu_sq_col_copy(r->std_code, sizeof(r->std_code), q, 7);
	r->outcome = (pu_equivalence)sqlite3_column_int(q, 8);
	pu_sq_col_copy(r->differences, sizeof(r->differences), q, 9);
	pu_sq_col_copy(r->gap_units, sizeof(r->gap_units), q, 10);
	r->suggested = sqlite3_column_int(q, 11);
	pu_sq_col_copy(r->case_code, sizeof(r->case_code), q, 12);
	pu_sq_col_copy(r->candidate, sizeof(r->candidate), q, 13);
	pu_sq_col_copy(r->actor, sizeof(r->actor), q, 14);
	r->decided_at = sqlite3_column_int64(q, 15);
}

int pu_sq_acc_recognition_insert(pu_store *st, pu_recognition *r)
{
	sq_store *s = (sq_store *)st;
	sqlite3_stmt *q = stmt(s, QR_INSERT);
	int rc;

	if (q == NULL)
		return pu_error_code();
	pu_sq_bind_text(q, 1, r->country);
	sqlite3_bind_int(q, 2, (int)r->presented);
	pu_sq_bind_opt(q, 3, r->credential);
	pu_sq_bind_text(q, 4, r->origin_country);
	pu_sq_bind_text(q, 5, r->origin_code);
	pu_sq_bind_text(q, 6, r->std_country);
	pu_sq_bind_opt(q, 7, r->std_code);
	sqlite3_bind_int(q, 8, (int)r->outcome);
	pu_sq_bind_opt(q, 9, r->differences);
	pu_sq_bind_opt(q, 10, r->gap_units);
	sqlite3_bind_int(q, 11, r->suggested);
	pu_sq_bind_opt(q, 12, r->case_code);
	pu_sq_bind_opt(q, 13, r->candidate);
	pu_sq_bind_text(q, 14, r->actor);
	sqlite3_bind_int64(q, 15, r->decided_at);
	if ((rc = step_write(s, q, "the recognition decision")) < 0)
		return rc;
	r->id = sqlite3_last_insert_rowid(s->db);
	return 0;
}

int pu_sq_acc_recognition_get(pu_store *st, int64_t id, pu_recognition *out)
{
	sq_store *s = (sq_store *)st;
	sqlite3_stmt *q = stmt(s, QR_GET);
	int rc;

	if (q == NULL)
		return pu_error_code();
	sqlite3_bind_int64(q, 1, id);
	rc = sqlite3_step(q);
	if (rc == SQLITE_ROW)
		read_rec(q, out);
	rc = rc == SQLITE_ROW ? 0
	     : rc == SQLITE_DONE
		 ? PU_ENOTFOUND
		 : pu_sq_error(s, PU_ESTORE, "reading a recognition decision");
	sqlite3_reset(q);
	return rc;
}

int pu_sq_acc_recognition_list(pu_store *st, const char *country,
			       pu_recognition **out, size_t *n)
{
	sq_store *s = (sq_store *)st;
	sqlite3_stmt *q = stmt(s, QR_LIST);
	pu_recognition *v = NULL;
	size_t cap = 0;
	int rc;

	*out = NULL;
	*n = 0;
	if (q == NULL)
		return pu_error_code();
	pu_sq_bind_text(q, 1, country);
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		if ((rc = pu_sq_grow_heap((void **)&v, *n, &cap, sizeof(*v))) < 0)
			goto done;
		read_rec(q, &v[(*n)++]);
	}
	rc = rc == SQLITE_DONE
		 ? 0
		 : pu_sq_error(s, PU_ESTORE, "listing recognition decisions");
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
