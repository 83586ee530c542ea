/*
 * Internal: the SQLite backend's state, shared by its files. Statements are
 * prepared once per connection, on first use, and reused.
 */
#ifndef PU_SQLITE_INTERNAL_H
#define PU_SQLITE_INTERNAL_H

#include <sqlite3.h>

#include "puente/store.h"

struct json_t;

enum stmt_id {
	Q_LEVEL_ID,
	Q_FW_UPSERT,
	Q_FW_GET,
	Q_FW_IDS,
	Q_FW_LEVELS,
	Q_LEVEL_UPSERT,
	Q_LEVEL_DELETE,
	Q_REF_UPSERT,
	Q_REF_CLEAR,
	Q_REF_LEVEL_INSERT,
	Q_REF_ALL,
	Q_REF_LEVELS,
	Q_STD_ID,
	Q_STD_INSERT,
	Q_STD_UPDATE,
	Q_STD_GET,
	Q_STD_CODES_DEL,
	Q_STD_UNITS_DEL,
	Q_STD_FTS_DEL,
	Q_STD_FTS_INS,
	Q_CODE_INS,
	Q_UNIT_INS,
	Q_ELEMENT_INS,
	Q_CRITERION_INS,
	Q_STD_CODES,
	Q_STD_UNITS,
	Q_STD_ELEMENTS,
	Q_STD_CRITERIA,
	Q_STD_KEYS,
	Q_STD_KEYS_COUNTRY,
	Q_SUPERSEDED_BY,
	Q_SEARCH_FTS,
	Q_SEARCH_PLAIN,
	Q_BUMP_VERSION,
	Q_VERSION,
	Q_IMPORT_LOG,
	Q_TR_GET,
	Q_TR_PUT,
	Q_COUNT
};


typedef struct sq_store {
	pu_store base; /* must stay first */
	sqlite3 *db;
	char *path;
	sqlite3_stmt *stmt[Q_COUNT];
	int dirty; /* a write happened in the current transaction */
	/* Each file's own statements (pu_sq_set_stmt), allocated on first
	 * use: sqlite_agreement.c, sqlite_auth.c, sqlite_cred.c,
	 * sqlite_rpl.c, sqlite_accredit.c. */
	sqlite3_stmt **agr, **auth, **cred, **rpl, **acc;
} sq_store;

/* The prepared statement, reset and unbound, or NULL with the error set. */
sqlite3_stmt *pu_sq_stmt(sq_store *s, enum stmt_id id);
/* The same for a statement cached in *slot (prepared from q on first use),
 * for files that keep their own statements. */
sqlite3_stmt *pu_sq_cached(sq_store *s, sqlite3_stmt **slot, const char *q);
/* Sets the error from the connection and returns code. */
int pu_sq_error(sq_store *s, int code, const char *what);
/* Binds text or NULL. */
int pu_sq_bind_text(sqlite3_stmt *st, int i, const char *v);
/* A column as an arena copy (NULL for SQL NULL). */
const char *pu_sq_col_text(struct pu_arena *a, sqlite3_stmt *st, int i);
/* Binds a JSON value as compact text (NULL binds SQL NULL). Takes v, even on
 * failure; PU_ENOMEM or PU_ESTORE with the error set. */
int pu_sq_bind_json(sqlite3_stmt *q, int i, struct json_t *v);
/* Binds a multilingual text as a JSON object, or SQL NULL when it is empty. */
int pu_sq_bind_mtext(sqlite3_stmt *q, int i, const pu_mtext *t);
/* A column holding a JSON multilingual text into out, copied into a. */
int pu_sq_col_mtext(struct pu_arena *a, sqlite3_stmt *q, int i, pu_mtext *out);
/* A text column copied into dst[0..n) ("" for NULL). */
void pu_sq_col_copy(char *dst, size_t n, sqlite3_stmt *q, int i);
/* A text column as a malloc'd copy ("" for NULL); NULL when out of memory. */
char *pu_sq_col_dup(sqlite3_stmt *q, int i);
/* Binds text, or SQL NULL for NULL and "". */
int pu_sq_bind_opt(sqlite3_stmt *q, int i, const char *v);
/* Grows the malloc'd array *v (n elements of size) to hold one more, the new
 * room zeroed; PU_ENOMEM. */
int pu_sq_grow_heap(void **v, size_t n, size_t *cap, size_t size);
/* A file's own set of n statements, *set allocated on first use: statement
 * id prepared once from its text (pu_sq_cached), or NULL with the error set. */
sqlite3_stmt *pu_sq_set_stmt(sq_store *s, sqlite3_stmt ***set, int n, int id,
			     const char *text);
/* Resets the set's statements (after a rollback); NULL: nothing to do. */
void pu_sq_set_reset(sqlite3_stmt **set, int n);
/* Finalizes them and frees the set. */
void pu_sq_set_close(sqlite3_stmt ***set, int n);

/* Steps a statement that returns no row, and resets it; the error names
 * what. */
int pu_sq_step_done(sq_store *s, sqlite3_stmt *q, const char *what);
/* Steps q and collects its first column into a malloc'd array of malloc'd
 * strings (the caller frees both); the error names what. */
int pu_sq_collect_strings(sq_store *s, sqlite3_stmt *q, const char *what,
			  char ***out, size_t *n);
/* Makes room for element n of an arena array v holding *cap elements of
 * elsize bytes, doubling *cap; old storage stays in the arena. Returns the
 * array (maybe moved), or NULL when out of memory (no error set). */
void *pu_sq_grow(struct pu_arena *a, void *v, size_t n, size_t *cap,
		 size_t elsize);

/* sqlite_framework.c: frameworks and their levels, and referencing. */
int pu_sq_put_framework(pu_store *st, const pu_framework *f);
int pu_sq_get_framework(pu_store *st, const char *id, pu_framework **out);
int pu_sq_framework_ids(pu_store *st, char ***out, size_t *n);
int pu_sq_put_referencing(pu_store *st, const pu_referencing *r);
int pu_sq_all_referencing(pu_store *st, pu_referencing ***out, size_t *n);

/* sqlite_catalog.c: standards. */
int pu_sq_put_standard(pu_store *st, const pu_standard *s);
int pu_sq_get_standard(pu_store *st, const char *country, const char *code,
		       pu_standard **out);
int pu_sq_each_standard(pu_store *st, const char *country, pu_standard_cb cb,
			void *arg);
int pu_sq_standard_keys(pu_store *st, const char *country, char ***out,
			size_t *n);
int pu_sq_superseded_by(pu_store *st, const char *country, const char *code,
			char **out);

/* sqlite_search.c: full-text search over standards. */
int pu_sq_search(pu_store *st, const pu_search_query *q,
		 pu_search_result **out);

/* sqlite_agreement.c: agreements, with their own statements (prepared once,
 * on first use), reset on rollback and finalised on close. */
int pu_sq_put_agreement(pu_store *st, const struct pu_agreement *a);
int pu_sq_agreement_ids(pu_store *st, char ***out, size_t *n);
int pu_sq_get_agreement(pu_store *st, const char *id,
			struct pu_agreement **out);
void pu_sq_agreement_reset(sq_store *s);
void pu_sq_agreement_close(sq_store *s);

/* sqlite_auth.c: accounts, sessions, tokens, the audit log (pu_sq_auth_ops,
 * store_auth.h), with their own statements reset on rollback and finalised on
 * close. */
void pu_sq_auth_reset(sq_store *s);
void pu_sq_auth_close(sq_store *s);

/* sqlite_cred.c: issued credentials and status lists (pu_sq_cred_ops,
 * store_cred.h), with their own statements. */
void pu_sq_cred_reset(sq_store *s);
void pu_sq_cred_close(sq_store *s);

/* sqlite_rpl.c (candidates, cases) and sqlite_accredit.c (accreditation,
 * recognition decisions): pu_sq_rpl_ops (store_rpl.h), with their own
 * statements reset on rollback and finalised on close. */
void pu_sq_rpl_reset(sq_store *s);
void pu_sq_rpl_close(sq_store *s);
void pu_sq_acc_reset(sq_store *s);
void pu_sq_acc_close(sq_store *s);

#endif
