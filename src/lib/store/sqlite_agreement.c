/*
 * The SQLite backend, agreements: an agreement row keyed by id, and its entries
 * in order. Putting an agreement replaces it whole and keeps its row id; the
 * entries are deleted and written again. Lists (parties, extra units) and
 * multilingual texts are JSON in TEXT columns, as in the catalogue tables.
 * Statements are this file's own, prepared once per connection.
 */
#include "sqlite_internal.h"

#include "jsonx.h"
#include "puente/agreement.h"
#include "puente/buf.h"
#include "puente/error.h"

#include <stdlib.h>
#include <string.h>

enum {
	QA_UPSERT,
	QA_ENTRIES_DEL,
	QA_ENTRY_INS,
	QA_GET,
	QA_ENTRIES,
	QA_IDS,
	QA_COUNT
};

static const char *const sql[QA_COUNT] = {
	[QA_UPSERT] =
		"INSERT INTO agreement (key, title, parties, scope, "
		"legal_reference, source, valid_from, valid_to, updated_at) "
		"VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, "
		"strftime('%Y-%m-%dT%H:%M:%SZ', 'now')) ON CONFLICT (key) DO "
		"UPDATE SET title = excluded.title, parties = excluded.parties, "
		"scope = excluded.scope, legal_reference = "
		"excluded.legal_reference, source = excluded.source, "
		"valid_from = excluded.valid_from, valid_to = excluded.valid_to, "
		"updated_at = excluded.updated_at RETURNING id",
	[QA_ENTRIES_DEL] = "DELETE FROM agreement_entry WHERE agreement_id = ?1",
	[QA_ENTRY_INS] =
		"INSERT INTO agreement_entry (agreement_id, ord, source_country, "
		"source_code, dest_country, dest_code, equivalence, extra_units, "
		"conditions, valid_from, valid_to, confirmed_by, confirmed_at) "
		"VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
	[QA_GET] = "SELECT a.id, a.key, a.title, a.parties, a.scope, "
		   "a.legal_reference, a.source, a.valid_from, a.valid_to, "
		   "(SELECT count(*) FROM agreement_entry e WHERE "
		   "e.agreement_id = a.id) FROM agreement a WHERE a.key = ?1",
	[QA_ENTRIES] = "SELECT source_country, source_code, dest_country, "
		       "dest_code, equivalence, extra_units, conditions, "
		       "valid_from, valid_to, confirmed_by, confirmed_at FROM "
		       "agreement_entry WHERE agreement_id = ?1 ORDER BY ord",
	[QA_IDS] = "SELECT key FROM agreement ORDER BY key",
};

static int oom(void)
{
	return pu_error_set(PU_ENOMEM, "out of memory");
}

/* The statement, reset and unbound, or NULL with the error set. */
static sqlite3_stmt *stmt(sq_store *s, int id)
{
	return pu_sq_set_stmt(s, &s->agr, QA_COUNT, id, sql[id]);
}

void pu_sq_agreement_reset(sq_store *s)
{
	pu_sq_set_reset(s->agr, QA_COUNT);
}

void pu_sq_agreement_close(sq_store *s)
{
	pu_sq_set_close(&s->agr, QA_COUNT);
}

/* A JSON list of strings, or NULL when empty and may_be_null. */
static int bind_list(sqlite3_stmt *q, int i, const char *const *v, size_t n,
		     bool may_be_null)
{
	json_t *arr;

	if (n == 0 && may_be_null)
		return pu_sq_bind_json(q, i, NULL);
	arr = json_array();
	for (size_t k = 0; arr != NULL && k < n; k++)
		if (json_array_append_new(arr, json_string(v[k])) < 0) {
			json_decref(arr);
			arr = NULL;
		}
	if (arr == NULL)
		return oom();
	return pu_sq_bind_json(q, i, arr);
}

static int put_entry(sq_store *s, sqlite3_int64 aid, size_t i,
		     const pu_agreement_entry *e)
{
	sqlite3_stmt *q = stmt(s, QA_ENTRY_INS);
	int rc;

	if (q == NULL)
		return pu_error_code();
	sqlite3_bind_int64(q, 1, aid);
	sqlite3_bind_int64(q, 2, (sqlite3_int64)i);
	pu_sq_bind_text(q, 3, e->source_country);
	pu_sq_bind_text(q, 4, e->source_code);
	pu_sq_bind_text(q, 5, e->dest_country);
	pu_sq_bind_text(q, 6, e->dest_code);
	pu_sq_bind_text(q, 7, pu_equivalence_name(e->equivalence));
	if ((rc = bind_list(q, 8, e->extra_units, e->nextra_units, true)) < 0 ||
	    (rc = pu_sq_bind_mtext(q, 9, &e->conditions)) < 0) {
		sqlite3_reset(q);
		return rc;
	}
	pu_sq_bind_text(q, 10, e->valid_from);
	pu_sq_bind_text(q, 11, e->valid_to);
	pu_sq_bind_text(q, 12, e->confirmed_by);
	pu_sq_bind_text(q, 13, e->confirmed_at);
	if ((rc = pu_sq_step_done(s, q, "saving an agreement entry")) < 0)
		return pu_error_prefix("entries[%zu]: ", i);
	return 0;
}

int pu_sq_put_agreement(pu_store *st, const pu_agreement *a)
{
	sq_store *s = (sq_store *)st;
	sqlite3_stmt *q = stmt(s, QA_UPSERT);
	sqlite3_int64 aid;
	int rc;

	if (q == NULL)
		return pu_error_code();
	pu_sq_bind_text(q, 1, a->id);
	if ((rc = pu_sq_bind_mtext(q, 2, &a->title)) < 0 ||
	    (rc = bind_list(q, 3, a->parties, a->nparties, false)) < 0 ||
	    (rc = pu_sq_bind_mtext(q, 4, &a->scope)) < 0) {
		sqlite3_reset(q);
		return rc;
	}
	pu_sq_bind_text(q, 5, a->legal_reference);
	pu_sq_bind_text(q, 6, a->source);
	pu_sq_bind_text(q, 7, a->valid_from);
	pu_sq_bind_text(q, 8, a->valid_to);
	if (sqlite3_step(q) != SQLITE_ROW) {
		rc = pu_sq_error(s, PU_ESTORE, "saving an agreement");
		sqlite3_reset(q);
		return rc;
	}
	aid = sqlite3_column_int64(q, 0);
	sqlite3_reset(q);
	q = stmt(s, QA_ENTRIES_DEL);
	if (q == NULL)
		return pu_error_code();
	sqlite3_bind_int64(q, 1, aid);
	if ((rc = pu_sq_step_done(s, q, "replacing an agreement")) < 0)
		return rc;
	for (size_t i = 0; i < a->nentries; i++)
		if ((rc = put_entry(s, aid, i, &a->entries[i])) < 0)
			return rc;
	s->dirty = 1;
	return 0;
}

int pu_sq_agreement_ids(pu_store *st, char ***out, size_t *n)
{
	sq_store *s = (sq_store *)st;
	sqlite3_stmt *q = stmt(s, QA_IDS);

	*out = NULL;
	*n = 0;
	if (q == NULL)
		return pu_error_code();
	return pu_sq_collect_strings(s, q, "listing agreements", out, n);
}

/* A stored JSON list of strings into the arena. */
static int col_list(pu_arena *a, sqlite3_stmt *q, int col, const char ***out,
		    size_t *n)
{
	const char *t = (const char *)sqlite3_column_text(q, col);
	json_error_t err;
	json_t *arr, *x;
	size_t i;

	*out = NULL;
	*n = 0;
	if (t == NULL)
		return 0;
	arr = json_loads(t, 0, &err);
	if (!json_is_array(arr)) {
		json_decref(arr);
		return pu_error_set(PU_ESTORE, "a stored agreement list is "
				    "damaged");
	}
	*out = pu_arena_alloc(a, (json_array_size(arr) + 1) * sizeof(**out));
	if (*out == NULL) {
		json_decref(arr);
		return oom();
	}
	json_array_foreach(arr, i, x)
	{
		if (!json_is_string(x) ||
		    ((*out)[i] = pu_arena_strdup(a, json_string_value(x))) ==
			    NULL) {
			json_decref(arr);
			return json_is_string(x)
				       ? oom()
				       : pu_error_set(PU_ESTORE,
						      "a stored agreement list "
						      "is damaged");
		}
	}
	*n = json_array_size(arr);
	json_decref(arr);
	return 0;
}

static int load_entries(sq_store *s, sqlite3_int64 aid, pu_agreement *ag)
{
	pu_arena *a = ag->arena;
	sqlite3_stmt *q = stmt(s, QA_ENTRIES);
	size_t cap = ag->nentries;
	int rc = 0, step;

	ag->nentries = 0;
	if (q == NULL)
		return pu_error_code();
	ag->entries = pu_arena_alloc(a, (cap + 1) * sizeof(*ag->entries));
	if (ag->entries == NULL)
		return oom();
	sqlite3_bind_int64(q, 1, aid);
	while ((step = sqlite3_step(q)) == SQLITE_ROW) {
		pu_agreement_entry *e = &ag->entries[ag->nentries];

		if (ag->nentries == cap) {
			rc = pu_error_set(PU_ESTORE, "agreement %s changed while "
					  "read", ag->id);
			break;
		}
		e->source_country = pu_sq_col_text(a, q, 0);
		e->source_code = pu_sq_col_text(a, q, 1);
		e->dest_country = pu_sq_col_text(a, q, 2);
		e->dest_code = pu_sq_col_text(a, q, 3);
		if (pu_equivalence_parse((const char *)sqlite3_column_text(q, 4),
					 &e->equivalence) < 0) {
			rc = pu_error_set(PU_ESTORE, "a stored equivalence is "
					  "damaged");
			break;
		}
		if ((rc = col_list(a, q, 5, &e->extra_units,
				   &e->nextra_units)) < 0 ||
		    (rc = pu_sq_col_mtext(a, q, 6, &e->conditions)) < 0)
			break;
		e->valid_from = pu_sq_col_text(a, q, 7);
		e->valid_to = pu_sq_col_text(a, q, 8);
		e->confirmed_by = pu_sq_col_text(a, q, 9);
		e->confirmed_at = pu_sq_col_text(a, q, 10);
		if (e->source_country == NULL || e->source_code == NULL ||
		    e->dest_country == NULL || e->dest_code == NULL) {
			rc = oom();
			break;
		}
		ag->nentries++;
	}
	if (rc == 0 && step != SQLITE_DONE)
		rc = pu_sq_error(s, PU_ESTORE, "reading an agreement");
	sqlite3_reset(q);
	return rc;
}

int pu_sq_get_agreement(pu_store *st, const char *id, pu_agreement **out)
{
	sq_store *s = (sq_store *)st;
	sqlite3_stmt *q = stmt(s, QA_GET);
	pu_agreement *ag;
	pu_arena *a = NULL;
	sqlite3_int64 aid;
	int rc;

	*out = NULL;
	if (q == NULL)
		return pu_error_code();
	pu_sq_bind_text(q, 1, id);
	rc = sqlite3_step(q);
	if (rc == SQLITE_DONE) {
		sqlite3_reset(q);
		return pu_error_set(PU_ENOTFOUND, "no agreement \"%.64s\"", id);
	}
	if (rc != SQLITE_ROW) {
		rc = pu_sq_error(s, PU_ESTORE, "reading an agreement");
		sqlite3_reset(q);
		return rc;
	}
	if ((rc = pu_arena_new(&a)) < 0)
		goto fail;
	ag = pu_arena_alloc(a, sizeof(*ag));
	if (ag == NULL) {
		rc = oom();
		goto fail;
	}
	ag->arena = a;
	aid = sqlite3_column_int64(q, 0);
	ag->id = pu_sq_col_text(a, q, 1);
	if (ag->id == NULL) {
		rc = oom();
		goto fail;
	}
	if ((rc = pu_sq_col_mtext(a, q, 2, &ag->title)) < 0 ||
	    (rc = col_list(a, q, 3, &ag->parties, &ag->nparties)) < 0 ||
	    (rc = pu_sq_col_mtext(a, q, 4, &ag->scope)) < 0)
		goto fail;
	ag->legal_reference = pu_sq_col_text(a, q, 5);
	ag->source = pu_sq_col_text(a, q, 6);
	ag->valid_from = pu_sq_col_text(a, q, 7);
	ag->valid_to = pu_sq_col_text(a, q, 8);
	ag->nentries = (size_t)sqlite3_column_int64(q, 9);
	sqlite3_reset(q);
	if ((rc = load_entries(s, aid, ag)) < 0)
		goto fail;
	*out = ag;
	return 0;
fail:
	sqlite3_reset(q);
	pu_arena_free(a);
	return rc;
}
