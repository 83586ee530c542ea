/*
 * The SQLite backend: one connection, WAL journal, foreign keys on, versioned
 * migrations embedded in the binary (src/lib/store/migrations/NNN_*.sql; the
 * schema version is PRAGMA user_version). This file holds the connection,
 * migrations, transactions, the statement cache and the helpers the other
 * files share, statistics, the translation cache and the table of operations.
 * Frameworks and referencing are in sqlite_framework.c, standards in
 * sqlite_catalog.c, search in sqlite_search.c, agreements in
 * sqlite_agreement.c, accounts and the audit log in sqlite_auth.c. SQL lives only in these files, with values always bound.
 */
#include "sqlite_internal.h"
#include "store_auth.h"
#include "store_cred.h"
#include "store_rpl.h"

#include "jsonx.h"
#include "puente/buf.h"
#include "puente/error.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define APPLICATION_ID 0x50554e54 /* "PUNT" */

struct pu_migration_file {
	const char *name;
	const unsigned char *data;
	size_t len;
};
extern const struct pu_migration_file pu_migration_files[];

static const char *const sql[Q_COUNT] = {
	[Q_LEVEL_ID] = "SELECT l.id FROM level l JOIN framework f ON "
		       "f.id = l.framework_id WHERE f.key = ?1 AND l.code = ?2",
	[Q_FW_UPSERT] =
		"INSERT INTO framework (key, type, country, short_name, owner, "
		"source, name, domains) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) "
		"ON CONFLICT (key) DO UPDATE SET type = excluded.type, "
		"country = excluded.country, short_name = excluded.short_name, "
		"owner = excluded.owner, source = excluded.source, "
		"name = excluded.name, domains = excluded.domains RETURNING id",
	[Q_FW_GET] = "SELECT id, key, type, country, short_name, owner, source, "
		     "name, domains FROM framework WHERE key = ?1",
	[Q_FW_IDS] = "SELECT key FROM framework ORDER BY key",
	[Q_FW_LEVELS] = "SELECT id, code, rank, name, notes, descriptors FROM "
			"level WHERE framework_id = ?1 ORDER BY rank",
	[Q_LEVEL_UPSERT] =
		"INSERT INTO level (framework_id, rank, code, name, notes, "
		"descriptors) VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT "
		"(framework_id, code) DO UPDATE SET rank = excluded.rank, "
		"name = excluded.name, notes = excluded.notes, "
		"descriptors = excluded.descriptors RETURNING id",
	[Q_LEVEL_DELETE] = "DELETE FROM level WHERE id = ?1",
	[Q_REF_UPSERT] =
		"INSERT INTO referencing (from_framework, to_framework, status, "
		"source) VALUES ((SELECT id FROM framework WHERE key = ?1), "
		"(SELECT id FROM framework WHERE key = ?2), ?3, ?4) ON CONFLICT "
		"(from_framework, to_framework) DO UPDATE SET "
		"status = excluded.status, source = excluded.source RETURNING id",
	[Q_REF_CLEAR] = "DELETE FROM referencing_level WHERE referencing_id = ?1",
	[Q_REF_LEVEL_INSERT] = "INSERT INTO referencing_level (referencing_id, "
			       "ord, from_level, to_level) VALUES (?1, ?2, ?3, "
			       "?4)",
	[Q_REF_ALL] = "SELECT r.id, ff.key, tf.key, r.status, r.source FROM "
		      "referencing r JOIN framework ff ON ff.id = "
		      "r.from_framework JOIN framework tf ON tf.id = "
		      "r.to_framework ORDER BY ff.key, tf.key",
	[Q_REF_LEVELS] = "SELECT rl.ord, fl.code, tl.code FROM referencing_level "
			 "rl JOIN level fl ON fl.id = rl.from_level JOIN level "
			 "tl ON tl.id = rl.to_level WHERE rl.referencing_id = ?1 "
			 "ORDER BY rl.ord, tl.rank",
	/* New standards are plain inserts and existing ones plain updates: an
	 * upsert or RETURNING makes SQLite open a statement journal per row,
	 * which cost a third of the import time (bench/RESULTS.md). */
	[Q_STD_ID] = "SELECT id FROM standard WHERE country = ?1 AND code = ?2",
	[Q_STD_INSERT] =
		"INSERT INTO standard (country, code, version, kind, body, "
		"status, valid_from, valid_to, superseded_by, language, title, "
		"alt_titles, description, level_id, sector, sector_key, "
		"elective_groups, extra, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, "
		"?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, "
		"strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))",
	[Q_STD_UPDATE] =
		"UPDATE standard SET version = ?3, kind = ?4, body = ?5, status = "
		"?6, valid_from = ?7, valid_to = ?8, superseded_by = ?9, language "
		"= ?10, title = ?11, alt_titles = ?12, description = ?13, "
		"level_id = ?14, sector = ?15, sector_key = ?16, elective_groups "
		"= ?17, extra = ?18, updated_at = strftime('%Y-%m-%dT%H:%M:%SZ', "
		"'now') WHERE country = ?1 AND code = ?2",
	[Q_STD_GET] =
		"SELECT s.id, s.country, s.code, s.version, s.kind, s.body, "
		"s.status, s.valid_from, s.valid_to, s.superseded_by, "
		"s.language, s.title, s.alt_titles, s.description, f.key, "
		"l.code, s.sector, s.elective_groups, s.extra FROM standard s "
		"LEFT JOIN level l ON l.id = s.level_id LEFT JOIN framework f "
		"ON f.id = l.framework_id WHERE s.country = ?1 AND s.code = ?2",
	[Q_STD_CODES_DEL] = "DELETE FROM standard_code WHERE standard_id = ?1",
	[Q_STD_UNITS_DEL] = "DELETE FROM unit WHERE standard_id = ?1",
	[Q_STD_FTS_DEL] = "DELETE FROM standard_fts WHERE rowid = ?1",
	[Q_STD_FTS_INS] = "INSERT INTO standard_fts (rowid, code, title, body) "
			  "VALUES (?1, ?2, ?3, ?4)",
	[Q_CODE_INS] = "INSERT INTO standard_code (standard_id, ord, scheme, "
		       "code, national) VALUES (?1, ?2, ?3, ?4, ?5)",
	[Q_UNIT_INS] = "INSERT INTO unit (standard_id, ord, code, title, "
		       "elective, hours, knowledge, evidence) VALUES (?1, ?2, "
		       "?3, ?4, ?5, ?6, ?7, ?8)",
	[Q_ELEMENT_INS] = "INSERT INTO element (unit_id, ord, code, title) "
			  "VALUES (?1, ?2, ?3, ?4)",
	[Q_CRITERION_INS] = "INSERT INTO criterion (element_id, ord, code, "
			    "type, text) VALUES (?1, ?2, ?3, ?4, ?5)",
	[Q_STD_CODES] = "SELECT scheme, code, national FROM standard_code "
			"WHERE standard_id = ?1 ORDER BY ord",
	[Q_STD_UNITS] = "SELECT id, code, title, elective, hours, knowledge, "
			"evidence FROM unit WHERE standard_id = ?1 ORDER BY ord",
	[Q_STD_ELEMENTS] = "SELECT u.ord, e.code, e.title FROM element e JOIN "
			   "unit u ON u.id = e.unit_id WHERE u.standard_id = ?1 "
			   "ORDER BY u.ord, e.ord",
	[Q_STD_CRITERIA] = "SELECT u.ord, e.ord, c.code, c.type, c.text FROM "
			   "criterion c JOIN element e ON e.id = c.element_id "
			   "JOIN unit u ON u.id = e.unit_id WHERE "
			   "u.standard_id = ?1 ORDER BY u.ord, e.ord, c.ord",
	[Q_STD_KEYS] = "SELECT country, code FROM standard ORDER BY country, "
		       "code",
	[Q_STD_KEYS_COUNTRY] = "SELECT country, code FROM standard WHERE "
			       "country = ?1 ORDER BY code",
	[Q_SUPERSEDED_BY] = "SELECT superseded_by FROM standard WHERE "
			    "country = ?1 AND code = ?2",
#define SEARCH_COLUMNS                                                        \
	"s.country, s.code, s.language, s.body, s.sector, s.kind, s.status, " \
	"s.title, f.key, l.code, (SELECT c.code FROM standard_code c WHERE "  \
	"c.standard_id = s.id AND c.scheme = 'isco08' AND c.national = 0 "    \
	"ORDER BY c.ord LIMIT 1), (SELECT count(*) FROM unit u WHERE "        \
	"u.standard_id = s.id)"
#define SEARCH_FILTERS                                                        \
	" AND (?2 IS NULL OR s.country = ?2) AND (?3 IS NULL OR s.language = " \
	"?3 OR s.language LIKE ?3 || '-%') AND (?4 IS NULL OR l.code = ?4) "   \
	"AND (?5 IS NULL OR f.key = ?5) AND (?6 IS NULL OR "                   \
	"instr(s.sector_key, ?6) > 0) AND (?7 IS NULL OR EXISTS (SELECT 1 "    \
	"FROM standard_code c WHERE c.standard_id = s.id AND c.scheme = "      \
	"'isco08' AND c.national = 0 AND substr(c.code, 1, length(?7)) = ?7))"
	[Q_SEARCH_FTS] =
		"SELECT " SEARCH_COLUMNS ", bm25(standard_fts, 10.0, 5.0, 1.0) "
		"AS rank FROM standard_fts JOIN standard s ON s.id = "
		"standard_fts.rowid LEFT JOIN level l ON l.id = s.level_id LEFT "
		"JOIN framework f ON f.id = l.framework_id WHERE standard_fts "
		"MATCH ?1" SEARCH_FILTERS
		" ORDER BY (lower(s.code) = lower(?10)) DESC, rank, s.country, "
		"s.code LIMIT ?8 OFFSET ?9",
	[Q_SEARCH_PLAIN] =
		"SELECT " SEARCH_COLUMNS ", 0.0 FROM standard s LEFT JOIN level l "
		"ON l.id = s.level_id LEFT JOIN framework f ON f.id = "
		"l.framework_id WHERE 1" SEARCH_FILTERS
		" ORDER BY s.country, s.code LIMIT ?8 OFFSET ?9",
	[Q_BUMP_VERSION] = "UPDATE meta SET value = CAST(value AS INTEGER) + 1 "
			   "WHERE key = 'catalog_version'",
	[Q_VERSION] = "SELECT CAST(value AS INTEGER) FROM meta WHERE key = "
		      "'catalog_version'",
	[Q_IMPORT_LOG] = "INSERT INTO import_log (at, source, records) VALUES "
			 "(strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), ?1, ?2)",
	[Q_TR_GET] = "SELECT text FROM translation WHERE key = ?1",
	[Q_TR_PUT] = "INSERT OR REPLACE INTO translation (key, engine, src, "
		     "dst, text) VALUES (?1, ?2, ?3, ?4, ?5)",
};

int pu_sq_error(sq_store *s, int code, const char *what)
{
	int ext = sqlite3_extended_errcode(s->db);

	if (ext == SQLITE_CONSTRAINT_FOREIGNKEY)
		return pu_error_set(PU_ECONFLICT, "%s: still referenced by other "
				    "records", what);
	if (ext == SQLITE_FULL)
		return pu_error_set(PU_EIO, "%s: disk full", what);
	if ((ext & 0xff) == SQLITE_READONLY)
		return pu_error_set(PU_ESTORE, "%s: the database is read-only "
				    "(check the file's permissions)", what);
	if ((ext & 0xff) == SQLITE_BUSY)
		return pu_error_set(PU_ESTORE, "%s: the database is locked by "
				    "another process", what);
	return pu_error_set(code, "%s: %s", what, sqlite3_errmsg(s->db));
}

sqlite3_stmt *pu_sq_cached(sq_store *s, sqlite3_stmt **slot, const char *q)
{
	sqlite3_stmt *st = *slot;

	if (st == NULL) {
		if (sqlite3_prepare_v3(s->db, q, -1, SQLITE_PREPARE_PERSISTENT,
				       &st, NULL) != SQLITE_OK) {
			pu_sq_error(s, PU_ESTORE, "preparing a query");
			return NULL;
		}
		*slot = st;
	}
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	return st;
}

sqlite3_stmt *pu_sq_stmt(sq_store *s, enum stmt_id id)
{
	return pu_sq_cached(s, &s->stmt[id], sql[id]);
}

int pu_sq_bind_text(sqlite3_stmt *st, int i, const char *v)
{
	if (v == NULL)
		return sqlite3_bind_null(st, i);
	return sqlite3_bind_text(st, i, v, -1, SQLITE_STATIC);
}

const char *pu_sq_col_text(struct pu_arena *a, sqlite3_stmt *st, int i)
{
	const unsigned char *t = sqlite3_column_text(st, i);

	if (t == NULL)
		return NULL;
	return pu_arena_strndup(a, (const char *)t,
				(size_t)sqlite3_column_bytes(st, i));
}

int pu_sq_bind_json(sqlite3_stmt *q, int i, json_t *v)
{
	char *t;

	if (v == NULL)
		return sqlite3_bind_null(q, i) == SQLITE_OK ? 0 : PU_ESTORE;
	t = pu_jsonx_dump(v);
	json_decref(v);
	if (t == NULL)
		return pu_error_set(PU_ENOMEM, "out of memory");
	/* SQLite frees the text. */
	if (sqlite3_bind_text(q, i, t, -1, free) != SQLITE_OK)
		return PU_ESTORE;
	return 0;
}

int pu_sq_bind_mtext(sqlite3_stmt *q, int i, const pu_mtext *t)
{
	json_t *v;

	if (t->n == 0)
		return pu_sq_bind_json(q, i, NULL);
	v = pu_jsonx_from_mtext(t);
	if (v == NULL)
		return pu_error_set(PU_ENOMEM, "out of memory");
	return pu_sq_bind_json(q, i, v);
}

int pu_sq_col_mtext(struct pu_arena *a, sqlite3_stmt *q, int i, pu_mtext *out)
{
	return pu_jsonx_mtext_parse(a, (const char *)sqlite3_column_text(q, i),
				    out);
}

int pu_sq_step_done(sq_store *s, sqlite3_stmt *q, const char *what)
{
	if (sqlite3_step(q) != SQLITE_DONE) {
		int rc = pu_sq_error(s, PU_ESTORE, what);

		sqlite3_reset(q);
		return rc;
	}
	sqlite3_reset(q);
	return 0;
}

int pu_sq_collect_strings(sq_store *s, sqlite3_stmt *q, const char *what,
			  char ***out, size_t *n)
{
	char **v = NULL;
	size_t cap = 0;
	int rc;

	*out = NULL;
	*n = 0;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		if (*n == cap) {
			char **nv;

			cap = cap ? cap * 2 : 16;
			nv = realloc(v, cap * sizeof(*v));
			if (nv == NULL)
				goto oom;
			v = nv;
		}
		v[*n] = strdup((const char *)sqlite3_column_text(q, 0));
		if (v[*n] == NULL)
			goto oom;
		(*n)++;
	}
	sqlite3_reset(q);
	if (rc != SQLITE_DONE) {
		rc = pu_sq_error(s, PU_ESTORE, what);
		goto fail;
	}
	*out = v;
	return 0;
oom:
	sqlite3_reset(q);
	rc = pu_error_set(PU_ENOMEM, "out of memory");
fail:
	for (size_t i = 0; i < *n; i++)
		free(v[i]);
	free(v);
	*n = 0;
	return rc;
}

/* Grows an arena array by doubling; old storage stays in the arena. */
void *pu_sq_grow(pu_arena *a, void *v, size_t n, size_t *cap, size_t elsize)
{
	void *nv;

	if (n < *cap)
		return v;
	*cap = *cap ? *cap * 2 : 8;
	nv = pu_arena_alloc(a, *cap * elsize);
	if (nv != NULL && n > 0)
		memcpy(nv, v, n * elsize);
	return nv;
}

void pu_sq_col_copy(char *dst, size_t n, sqlite3_stmt *q, int i)
{
	const unsigned char *t = sqlite3_column_text(q, i);

	snprintf(dst, n, "%s", t ? (const char *)t : "");
}

char *pu_sq_col_dup(sqlite3_stmt *q, int i)
{
	const unsigned char *t = sqlite3_column_text(q, i);

	return strdup(t ? (const char *)t : "");
}

int pu_sq_bind_opt(sqlite3_stmt *q, int i, const char *v)
{
	return pu_sq_bind_text(q, i, v && v[0] ? v : NULL);
}

int pu_sq_grow_heap(void **v, size_t n, size_t *cap, size_t size)
{
	void *nv;

	if (n < *cap)
		return 0;
	*cap = *cap ? *cap * 2 : 8;
	nv = realloc(*v, *cap * size);
	if (nv == NULL)
		return pu_error_set(PU_ENOMEM, "out of memory");
	memset((char *)nv + n * size, 0, (*cap - n) * size);
	*v = nv;
	return 0;
}

sqlite3_stmt *pu_sq_set_stmt(sq_store *s, sqlite3_stmt ***set, int n, int id,
			     const char *text)
{
	if (*set == NULL && (*set = calloc((size_t)n, sizeof(**set))) == NULL) {
		pu_error_set(PU_ENOMEM, "out of memory");
		return NULL;
	}
	return pu_sq_cached(s, &(*set)[id], text);
}

void pu_sq_set_reset(sqlite3_stmt **set, int n)
{
	for (int i = 0; set != NULL && i < n; i++)
		if (set[i] != NULL)
			sqlite3_reset(set[i]);
}

void pu_sq_set_close(sqlite3_stmt ***set, int n)
{
	for (int i = 0; *set != NULL && i < n; i++)
		sqlite3_finalize((*set)[i]);
	free(*set);
	*set = NULL;
}

static int exec(sq_store *s, const char *q, const char *what)
{
	char *msg = NULL;

	if (sqlite3_exec(s->db, q, NULL, NULL, &msg) != SQLITE_OK) {
		pu_error_set(PU_ESTORE, "%s: %s", what,
			     msg ? msg : sqlite3_errmsg(s->db));
		sqlite3_free(msg);
		return PU_ESTORE;
	}
	return 0;
}

static int pragma_int(sq_store *s, const char *q, int *out)
{
	sqlite3_stmt *st = NULL;
	int rc;

	if (sqlite3_prepare_v2(s->db, q, -1, &st, NULL) != SQLITE_OK)
		return pu_sq_error(s, PU_ESTORE, s->path);
	rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		sqlite3_finalize(st);
		return pu_sq_error(s, PU_ESTORE, s->path);
	}
	*out = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return 0;
}

static int migrate(sq_store *s)
{
	int version = 0, appid = 0, known = 0, rc;
	char q[96];

	while (pu_migration_files[known].name != NULL)
		known++;
	if ((rc = pragma_int(s, "PRAGMA user_version", &version)) < 0 ||
	    (rc = pragma_int(s, "PRAGMA application_id", &appid)) < 0)
		return rc;
	if (appid != APPLICATION_ID && (version != 0 || appid != 0))
		return pu_error_set(PU_ESTORE, "%s: not a Puente database",
				    s->path);
	if (appid == 0 && version == 0) {
		int tables = 0;

		rc = pragma_int(s, "SELECT count(*) FROM sqlite_schema", &tables);
		if (rc < 0)
			return rc;
		if (tables > 0)
			return pu_error_set(PU_ESTORE, "%s: not a Puente "
					    "database (it has other tables)",
					    s->path);
	}
	if (version > known)
		return pu_error_set(PU_ESTORE,
				    "%s: schema version %d is newer than this "
				    "puente knows (%d); upgrade puente",
				    s->path, version, known);
	if (version < known && s->base.readonly)
		return pu_error_set(PU_ESTORE, "%s: needs upgrading to schema %d; "
				    "open it once read-write (puente init)",
				    s->path, known);
	for (int i = version; i < known; i++) {
		char *body = malloc(pu_migration_files[i].len + 1);

		if (body == NULL)
			return pu_error_set(PU_ENOMEM, "out of memory");
		memcpy(body, pu_migration_files[i].data,
		       pu_migration_files[i].len);
		body[pu_migration_files[i].len] = '\0';
		rc = exec(s, "BEGIN IMMEDIATE", "starting a migration");
		if (rc == 0)
			rc = exec(s, body, pu_migration_files[i].name);
		free(body);
		snprintf(q, sizeof(q),
			 "PRAGMA user_version = %d; PRAGMA application_id = %d",
			 i + 1, APPLICATION_ID);
		if (rc == 0)
			rc = exec(s, q, "recording the schema version");
		if (rc == 0)
			rc = exec(s, "COMMIT", "committing a migration");
		if (rc < 0) {
			sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
			return rc;
		}
	}
	return 0;
}

static void sq_close(pu_store *st)
{
	sq_store *s = (sq_store *)st;

	for (int i = 0; i < Q_COUNT; i++)
		sqlite3_finalize(s->stmt[i]);
	pu_sq_agreement_close(s);
	pu_sq_auth_close(s);
	pu_sq_cred_close(s);
	pu_sq_rpl_close(s);
	pu_sq_acc_close(s);
	sqlite3_close(s->db);
	free(s->path);
	free(s);
}

static int sq_begin(pu_store *st)
{
	sq_store *s = (sq_store *)st;

	s->dirty = 0;
	return exec(s, "BEGIN IMMEDIATE", "starting a transaction");
}

static int sq_commit(pu_store *st)
{
	sq_store *s = (sq_store *)st;
	sqlite3_stmt *q;
	int rc;

	if (s->dirty) {
		q = pu_sq_stmt(s, Q_BUMP_VERSION);
		if (q == NULL)
			return PU_ESTORE;
		if (sqlite3_step(q) != SQLITE_DONE)
			return pu_sq_error(s, PU_ESTORE, "catalogue version");
	}
	rc = exec(s, "COMMIT", "committing");
	if (rc < 0)
		sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
	return rc;
}

static int sq_rollback(pu_store *st)
{
	sq_store *s = (sq_store *)st;

	for (int i = 0; i < Q_COUNT; i++)
		if (s->stmt[i])
			sqlite3_reset(s->stmt[i]);
	pu_sq_agreement_reset(s);
	pu_sq_auth_reset(s);
	pu_sq_cred_reset(s);
	pu_sq_rpl_reset(s);
	pu_sq_acc_reset(s);
	return exec(s, "ROLLBACK", "rolling back");
}

static int sq_stats(pu_store *st, pu_store_counts *out)
{
	sq_store *s = (sq_store *)st;
	sqlite3_stmt *q = NULL;
	struct stat sb;
	size_t cap = 0;
	int rc;

	out->backend = "sqlite";
	rc = pragma_int(s, "PRAGMA user_version", &out->schema_version);
	if (rc < 0)
		return rc;
	if (sqlite3_prepare_v2(
		    s->db,
		    "SELECT (SELECT count(*) FROM framework), (SELECT count(*) "
		    "FROM level), (SELECT count(*) FROM referencing), (SELECT "
		    "count(*) FROM standard), (SELECT count(*) FROM unit), "
		    "(SELECT count(*) FROM element), (SELECT count(*) FROM "
		    "criterion), (SELECT value FROM meta WHERE key = "
		    "'catalog_version'), (SELECT count(*) FROM agreement), "
		    "(SELECT count(*) FROM agreement_entry)",
		    -1, &q, NULL) != SQLITE_OK ||
	    sqlite3_step(q) != SQLITE_ROW) {
		rc = pu_sq_error(s, PU_ESTORE, "statistics");
		goto done;
	}
	out->frameworks = (size_t)sqlite3_column_int64(q, 0);
	out->levels = (size_t)sqlite3_column_int64(q, 1);
	out->referencing = (size_t)sqlite3_column_int64(q, 2);
	out->standards = (size_t)sqlite3_column_int64(q, 3);
	out->units = (size_t)sqlite3_column_int64(q, 4);
	out->elements = (size_t)sqlite3_column_int64(q, 5);
	out->criteria = (size_t)sqlite3_column_int64(q, 6);
	out->catalog_version = sqlite3_column_int64(q, 7);
	out->agreements = (size_t)sqlite3_column_int64(q, 8);
	out->agreement_entries = (size_t)sqlite3_column_int64(q, 9);
	sqlite3_finalize(q);
	q = NULL;
	if (sqlite3_prepare_v2(s->db,
			       "SELECT s.country, count(*), sum((SELECT "
			       "count(*) FROM unit u WHERE u.standard_id = "
			       "s.id)) FROM standard s GROUP BY s.country "
			       "ORDER BY s.country",
			       -1, &q, NULL) != SQLITE_OK) {
		rc = pu_sq_error(s, PU_ESTORE, "statistics");
		goto done;
	}
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		pu_country_count *c;

		if (out->ncountries == cap) {
			void *n;

			cap = cap ? cap * 2 : 16;
			n = realloc(out->countries, cap * sizeof(*c));
			if (n == NULL) {
				rc = pu_error_set(PU_ENOMEM, "out of memory");
				goto done;
			}
			out->countries = n;
		}
		c = &out->countries[out->ncountries++];
		snprintf(c->country, sizeof(c->country), "%s",
			 (const char *)sqlite3_column_text(q, 0));
		c->standards = (size_t)sqlite3_column_int64(q, 1);
		c->units = (size_t)sqlite3_column_int64(q, 2);
	}
	rc = rc == SQLITE_DONE ? 0 : pu_sq_error(s, PU_ESTORE, "statistics");
	if (stat(s->path, &sb) == 0)
		out->bytes = (uint64_t)sb.st_size;
done:
	sqlite3_finalize(q);
	if (rc < 0)
		pu_store_counts_free(out);
	return rc;
}

static int sq_catalog_version(pu_store *st, int64_t *out)
{
	sq_store *s = (sq_store *)st;
	sqlite3_stmt *q = pu_sq_stmt(s, Q_VERSION);
	int rc;

	if (q == NULL)
		return pu_sq_error(s, PU_ESTORE, "catalogue version");
	rc = sqlite3_step(q);
	if (rc == SQLITE_ROW)
		*out = sqlite3_column_int64(q, 0);
	sqlite3_reset(q);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return pu_sq_error(s, PU_ESTORE, "catalogue version");
	return 0;
}

static int sq_note_import(pu_store *st, const char *source, size_t records)
{
	sq_store *s = (sq_store *)st;
	sqlite3_stmt *q = pu_sq_stmt(s, Q_IMPORT_LOG);

	if (q == NULL)
		return PU_ESTORE;
	pu_sq_bind_text(q, 1, source);
	sqlite3_bind_int64(q, 2, (sqlite3_int64)records);
	if (sqlite3_step(q) != SQLITE_DONE)
		return pu_sq_error(s, PU_ESTORE, "import log");
	s->dirty = 1;
	return 0;
}

static int sq_get_translation(pu_store *st, const unsigned char key[32],
			      char **out)
{
	sq_store *s = (sq_store *)st;
	sqlite3_stmt *q = pu_sq_stmt(s, Q_TR_GET);
	int rc;

	if (q == NULL)
		return PU_ESTORE;
	sqlite3_bind_blob(q, 1, key, 32, SQLITE_STATIC);
	rc = sqlite3_step(q);
	if (rc == SQLITE_ROW) {
		*out = strdup((const char *)sqlite3_column_text(q, 0));
		sqlite3_reset(q);
		return *out ? 0 : pu_error_set(PU_ENOMEM, "out of memory");
	}
	sqlite3_reset(q);
	if (rc == SQLITE_DONE)
		return PU_ENOTFOUND; /* a miss is not an error: no message */
	return pu_sq_error(s, PU_ESTORE, "reading the translation cache");
}

static int sq_put_translation(pu_store *st, const unsigned char key[32],
			      const char *engine, const char *from,
			      const char *to, const char *text)
{
	sq_store *s = (sq_store *)st;
	sqlite3_stmt *q = pu_sq_stmt(s, Q_TR_PUT);

	if (q == NULL)
		return PU_ESTORE;
	sqlite3_bind_blob(q, 1, key, 32, SQLITE_STATIC);
	pu_sq_bind_text(q, 2, engine);
	pu_sq_bind_text(q, 3, from);
	pu_sq_bind_text(q, 4, to);
	pu_sq_bind_text(q, 5, text);
	if (sqlite3_step(q) != SQLITE_DONE) {
		int rc = pu_sq_error(s, PU_ESTORE, "caching a translation");

		sqlite3_reset(q);
		return rc;
	}
	sqlite3_reset(q);
	return 0;
}

static const pu_store_ops sqlite_ops = {
	.name = "sqlite",
	.close = sq_close,
	.begin = sq_begin,
	.commit = sq_commit,
	.rollback = sq_rollback,
	.put_framework = pu_sq_put_framework,
	.get_framework = pu_sq_get_framework,
	.framework_ids = pu_sq_framework_ids,
	.put_referencing = pu_sq_put_referencing,
	.all_referencing = pu_sq_all_referencing,
	.put_standard = pu_sq_put_standard,
	.get_standard = pu_sq_get_standard,
	.each_standard = pu_sq_each_standard,
	.standard_keys = pu_sq_standard_keys,
	.superseded_by = pu_sq_superseded_by,
	.search = pu_sq_search,
	.stats = sq_stats,
	.catalog_version = sq_catalog_version,
	.note_import = sq_note_import,
	.get_translation = sq_get_translation,
	.put_translation = sq_put_translation,
	.put_agreement = pu_sq_put_agreement,
	.agreement_ids = pu_sq_agreement_ids,
	.get_agreement = pu_sq_get_agreement,
	.auth = &pu_sq_auth_ops,
	.cred = &pu_sq_cred_ops,
	.rpl = &pu_sq_rpl_ops,
};

int pu_store_sqlite_open(pu_store **out, const char *path, int flags)
{
	sq_store *s;
	struct stat sb;
	int oflags, rc;

	*out = NULL;
	if (!(flags & PU_STORE_CREATE) && stat(path, &sb) != 0)
		return pu_error_set(PU_ENOTFOUND,
				    "%s: no database here (create one with "
				    "`puente init`)",
				    path);
	s = calloc(1, sizeof(*s));
	if (s == NULL || (s->path = strdup(path)) == NULL) {
		free(s);
		return pu_error_set(PU_ENOMEM, "out of memory");
	}
	s->base.ops = &sqlite_ops;
	s->base.readonly = (flags & PU_STORE_READONLY) != 0;
	oflags = s->base.readonly ? SQLITE_OPEN_READONLY
				  : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
	if (sqlite3_open_v2(path, &s->db, oflags | SQLITE_OPEN_NOMUTEX, NULL) !=
	    SQLITE_OK) {
		int err = sqlite3_system_errno(s->db);

		rc = pu_error_set(PU_ESTORE, "%s: cannot open the database: %s%s%s",
				  path, sqlite3_errmsg(s->db),
				  err ? ": " : "", err ? strerror(err) : "");
		sq_close(&s->base);
		return rc;
	}
	sqlite3_extended_result_codes(s->db, 1);
	sqlite3_busy_timeout(s->db, 5000);
	rc = exec(s, "PRAGMA foreign_keys = ON; PRAGMA trusted_schema = OFF",
		  path);
	if (rc == 0)
		rc = migrate(s);
	/* WAL is written into the file: only once we know the file is ours. */
	if (rc == 0 && !s->base.readonly)
		rc = exec(s, "PRAGMA journal_mode = WAL; PRAGMA synchronous = "
			  "NORMAL", path);
	if (rc < 0) {
		if (strstr(pu_error_message(), "not a database") ||
		    strstr(pu_error_message(), "malformed"))
			pu_error_set(PU_ESTORE, "%s: not a Puente database (not "
				     "an SQLite file, or damaged)", path);
		sq_close(&s->base);
		return pu_error_code();
	}
	*out = &s->base;
	return 0;
}
