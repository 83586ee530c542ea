/*
 * The SQLite backend, frameworks half: frameworks with their levels, and
 * referencing (which levels of one framework match which of another).
 * Putting a framework replaces it by key and keeps the ids of levels that
 * stay, so standards and referencing that point at them remain valid; a level
 * that standards still use cannot be removed. Statements are sqlite.c's.
 */
#include "sqlite_internal.h"

#include "jsonx.h"
#include "puente/buf.h"
#include "puente/error.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int level_ids(sq_store *s, const char *fw, const char *code,
		     sqlite3_int64 *out)
{
	sqlite3_stmt *q = pu_sq_stmt(s, Q_LEVEL_ID);
	int rc;

	if (q == NULL)
		return PU_ESTORE;
	pu_sq_bind_text(q, 1, fw);
	pu_sq_bind_text(q, 2, code);
	rc = sqlite3_step(q);
	if (rc == SQLITE_ROW) {
		*out = sqlite3_column_int64(q, 0);
		return 0;
	}
	if (rc == SQLITE_DONE)
		return PU_ENOTFOUND;
	return pu_sq_error(s, PU_ESTORE, "looking up a level");
}

static json_t *domains_json(const pu_framework *f)
{
	json_t *arr = json_array();

	for (size_t i = 0; arr && i < f->ndomains; i++)
		json_array_append_new(
			arr, json_pack("{s:s, s:o}", "id", f->domains[i].id,
				       "name",
				       pu_jsonx_from_mtext(&f->domains[i].name)));
	return arr;
}

static json_t *descriptors_json(const pu_level *l)
{
	json_t *o;

	if (l->ndescriptors == 0)
		return NULL;
	o = json_object();
	for (size_t i = 0; o && i < l->ndescriptors; i++)
		json_object_set_new(o, l->descriptors[i].domain,
				    pu_jsonx_from_mtext(&l->descriptors[i].text));
	return o;
}

int pu_sq_put_framework(pu_store *st, const pu_framework *f)
{
	sq_store *s = (sq_store *)st;
	sqlite3_stmt *q = pu_sq_stmt(s, Q_FW_UPSERT);
	sqlite3_int64 fid, *keep = NULL;
	size_t nkeep = 0;
	int rc;

	if (q == NULL)
		return PU_ESTORE;
	pu_sq_bind_text(q, 1, f->id);
	pu_sq_bind_text(q, 2, pu_framework_type_name(f->type));
	pu_sq_bind_text(q, 3, f->country);
	pu_sq_bind_text(q, 4, f->short_name);
	pu_sq_bind_text(q, 5, f->owner);
	pu_sq_bind_text(q, 6, f->source);
	if ((rc = pu_sq_bind_json(q, 7, pu_jsonx_from_mtext(&f->name))) < 0 ||
	    (rc = pu_sq_bind_json(q, 8, domains_json(f))) < 0)
		return rc;
	if (sqlite3_step(q) != SQLITE_ROW)
		return pu_sq_error(s, PU_ESTORE, "saving a framework");
	fid = sqlite3_column_int64(q, 0);
	sqlite3_reset(q);

	keep = calloc(f->nlevels, sizeof(*keep));
	if (keep == NULL)
		return pu_error_set(PU_ENOMEM, "out of memory");
	for (size_t i = 0; i < f->nlevels; i++) {
		const pu_level *l = &f->levels[i];

		q = pu_sq_stmt(s, Q_LEVEL_UPSERT);
		if (q == NULL) {
			rc = PU_ESTORE;
			goto done;
		}
		sqlite3_bind_int64(q, 1, fid);
		sqlite3_bind_int(q, 2, (int)i + 1);
		pu_sq_bind_text(q, 3, l->code);
		if ((rc = pu_sq_bind_mtext(q, 4, &l->name)) < 0 ||
		    (rc = pu_sq_bind_mtext(q, 5, &l->notes)) < 0 ||
		    (rc = pu_sq_bind_json(q, 6, descriptors_json(l))) < 0)
			goto done;
		if (sqlite3_step(q) != SQLITE_ROW) {
			rc = pu_sq_error(s, PU_ESTORE, "saving a level");
			goto done;
		}
		keep[nkeep++] = sqlite3_column_int64(q, 0);
		sqlite3_reset(q);
	}
	/* Levels no longer in the framework go, unless standards use them. */
	q = pu_sq_stmt(s, Q_FW_LEVELS);
	if (q == NULL) {
		rc = PU_ESTORE;
		goto done;
	}
	sqlite3_bind_int64(q, 1, fid);
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		sqlite3_int64 lid = sqlite3_column_int64(q, 0);
		char code[72];
		sqlite3_stmt *d;
		size_t k;

		for (k = 0; k < nkeep && keep[k] != lid; k++)
			;
		if (k < nkeep)
			continue;
		snprintf(code, sizeof(code), "%s",
			 (const char *)sqlite3_column_text(q, 1));
		d = s->stmt[Q_LEVEL_DELETE] ? s->stmt[Q_LEVEL_DELETE]
					    : pu_sq_stmt(s, Q_LEVEL_DELETE);
		if (d == NULL) {
			rc = PU_ESTORE;
			goto done;
		}
		sqlite3_reset(d);
		sqlite3_bind_int64(d, 1, lid);
		if (sqlite3_step(d) != SQLITE_DONE) {
			int ext = sqlite3_extended_errcode(s->db);

			/* ON DELETE RESTRICT fails as a trigger constraint. */
			if (ext == SQLITE_CONSTRAINT_FOREIGNKEY ||
			    ext == SQLITE_CONSTRAINT_TRIGGER)
				rc = pu_error_set(PU_ECONFLICT,
						  "levels: level \"%s\" was "
						  "removed but standards still "
						  "use it",
						  code);
			else
				rc = pu_sq_error(s, PU_ESTORE,
						 "removing a level");
			sqlite3_reset(d);
			goto done;
		}
		sqlite3_reset(d);
	}
	rc = rc == SQLITE_DONE ? 0 : pu_sq_error(s, PU_ESTORE, "levels");
	s->dirty = 1;
done:
	if (q)
		sqlite3_reset(q);
	free(keep);
	return rc;
}

static int fw_from_row(sq_store *s, sqlite3_stmt *q, pu_framework **out)
{
	pu_framework *f = NULL;
	pu_arena *a = NULL;
	sqlite3_stmt *lq;
	const char *t;
	json_t *doms = NULL;
	json_error_t jerr;
	size_t cap = 8;
	int rc;

	if ((rc = pu_arena_new(&a)) < 0)
		return rc;
	f = pu_arena_alloc(a, sizeof(*f));
	if (f == NULL)
		goto oom;
	f->arena = a;
	f->id = pu_sq_col_text(a, q, 1);
	if ((rc = pu_framework_type_parse(
		     (const char *)sqlite3_column_text(q, 2), &f->type)) < 0)
		goto fail;
	f->country = pu_sq_col_text(a, q, 3);
	f->short_name = pu_sq_col_text(a, q, 4);
	f->owner = pu_sq_col_text(a, q, 5);
	f->source = pu_sq_col_text(a, q, 6);
	if ((rc = pu_sq_col_mtext(a, q, 7, &f->name)) < 0)
		goto fail;
	doms = json_loads((const char *)sqlite3_column_text(q, 8), 0, &jerr);
	if (doms != NULL && json_is_array(doms)) {
		json_t *d;
		size_t i;

		f->domains = pu_arena_alloc(a, (json_array_size(doms) + 1) *
						       sizeof(*f->domains));
		if (f->domains == NULL)
			goto oom;
		json_array_foreach(doms, i, d)
		{
			f->domains[i].id = pu_arena_strdup(
				a, json_string_value(json_object_get(d, "id")));
			rc = pu_jsonx_mtext(a, json_object_get(d, "name"), NULL,
					    "domain", &f->domains[i].name);
			if (rc < 0)
				goto fail;
		}
		f->ndomains = json_array_size(doms);
	}
	lq = pu_sq_stmt(s, Q_FW_LEVELS);
	if (lq == NULL) {
		rc = PU_ESTORE;
		goto fail;
	}
	sqlite3_bind_int64(lq, 1, sqlite3_column_int64(q, 0));
	f->levels = pu_arena_alloc(a, cap * sizeof(*f->levels));
	while (f->levels != NULL && (rc = sqlite3_step(lq)) == SQLITE_ROW) {
		pu_level *l;
		json_t *dj;

		if (f->nlevels == cap) {
			pu_level *nl = pu_arena_alloc(a, 2 * cap * sizeof(*nl));

			if (nl == NULL)
				goto oom;
			memcpy(nl, f->levels, cap * sizeof(*nl));
			f->levels = nl;
			cap *= 2;
		}
		l = &f->levels[f->nlevels++];
		l->code = pu_sq_col_text(a, lq, 1);
		l->rank = (int)f->nlevels;
		if ((rc = pu_sq_col_mtext(a, lq, 3, &l->name)) < 0 ||
		    (rc = pu_sq_col_mtext(a, lq, 4, &l->notes)) < 0)
			goto fail;
		t = (const char *)sqlite3_column_text(lq, 5);
		dj = t ? json_loads(t, 0, &jerr) : NULL;
		if (dj != NULL) {
			const char *dom;
			json_t *dv;

			l->descriptors = pu_arena_alloc(
				a, (json_object_size(dj) + 1) *
					   sizeof(*l->descriptors));
			if (l->descriptors == NULL) {
				json_decref(dj);
				goto oom;
			}
			json_object_foreach(dj, dom, dv)
			{
				pu_descriptor *d =
					&l->descriptors[l->ndescriptors++];

				d->domain = pu_arena_strdup(a, dom);
				rc = pu_jsonx_mtext(a, dv, NULL, "descriptor",
						    &d->text);
				if (rc < 0) {
					json_decref(dj);
					goto fail;
				}
			}
			json_decref(dj);
		}
	}
	if (f->levels == NULL)
		goto oom;
	sqlite3_reset(lq);
	json_decref(doms);
	*out = f;
	return 0;
oom:
	rc = pu_error_set(PU_ENOMEM, "out of memory");
fail:
	json_decref(doms);
	pu_arena_free(a);
	return rc;
}

int pu_sq_get_framework(pu_store *st, const char *id, pu_framework **out)
{
	sq_store *s = (sq_store *)st;
	sqlite3_stmt *q = pu_sq_stmt(s, Q_FW_GET);
	int rc;

	*out = NULL;
	if (q == NULL)
		return PU_ESTORE;
	pu_sq_bind_text(q, 1, id);
	rc = sqlite3_step(q);
	if (rc == SQLITE_DONE) {
		sqlite3_reset(q);
		return pu_error_set(PU_ENOTFOUND, "no framework \"%.64s\"", id);
	}
	if (rc != SQLITE_ROW)
		return pu_sq_error(s, PU_ESTORE, "reading a framework");
	rc = fw_from_row(s, q, out);
	sqlite3_reset(q);
	return rc;
}

int pu_sq_framework_ids(pu_store *st, char ***out, size_t *n)
{
	sq_store *s = (sq_store *)st;
	sqlite3_stmt *q = pu_sq_stmt(s, Q_FW_IDS);

	if (q == NULL)
		return PU_ESTORE;
	return pu_sq_collect_strings(s, q, "listing", out, n);
}

int pu_sq_put_referencing(pu_store *st, const pu_referencing *r)
{
	sq_store *s = (sq_store *)st;
	sqlite3_stmt *q;
	sqlite3_int64 rid;
	int rc;

	q = pu_sq_stmt(s, Q_REF_UPSERT);
	if (q == NULL)
		return PU_ESTORE;
	pu_sq_bind_text(q, 1, r->from);
	pu_sq_bind_text(q, 2, r->to);
	pu_sq_bind_text(q, 3, pu_ref_status_name(r->status));
	pu_sq_bind_text(q, 4, r->source);
	if (sqlite3_step(q) != SQLITE_ROW)
		return pu_sq_error(s, PU_ESTORE, "saving referencing");
	rid = sqlite3_column_int64(q, 0);
	sqlite3_reset(q);
	q = pu_sq_stmt(s, Q_REF_CLEAR);
	if (q == NULL)
		return PU_ESTORE;
	sqlite3_bind_int64(q, 1, rid);
	if (sqlite3_step(q) != SQLITE_DONE)
		return pu_sq_error(s, PU_ESTORE, "saving referencing");
	for (size_t i = 0; i < r->nlevels; i++) {
		const pu_refmap *m = &r->levels[i];
		sqlite3_int64 from_id = 0, to_id = 0;

		rc = level_ids(s, r->from, m->level, &from_id);
		if (rc == PU_ENOTFOUND)
			return pu_error_set(PU_EINVAL,
					    "levels[%zu].level: %s has no level "
					    "\"%.64s\"",
					    i, r->from, m->level);
		if (rc < 0)
			return rc;
		for (size_t k = 0; k < m->nto; k++) {
			rc = level_ids(s, r->to, m->to[k], &to_id);
			if (rc == PU_ENOTFOUND)
				return pu_error_set(PU_EINVAL,
						    "levels[%zu].to: %s has no "
						    "level \"%.64s\"",
						    i, r->to, m->to[k]);
			if (rc < 0)
				return rc;
			q = pu_sq_stmt(s, Q_REF_LEVEL_INSERT);
			if (q == NULL)
				return PU_ESTORE;
			sqlite3_bind_int64(q, 1, rid);
			sqlite3_bind_int64(q, 2, (sqlite3_int64)i);
			sqlite3_bind_int64(q, 3, from_id);
			sqlite3_bind_int64(q, 4, to_id);
			if (sqlite3_step(q) != SQLITE_DONE)
				return pu_sq_error(s, PU_EINVAL,
						   "referencing levels");
		}
	}
	s->dirty = 1;
	return 0;
}

static int ref_levels(sq_store *s, sqlite3_int64 rid, pu_referencing *r)
{
	sqlite3_stmt *q = pu_sq_stmt(s, Q_REF_LEVELS);
	pu_arena *a = r->arena;
	size_t cap = 16, tcap = 0;
	int rc;
	sqlite3_int64 last = -1;

	if (q == NULL)
		return PU_ESTORE;
	sqlite3_bind_int64(q, 1, rid);
	r->levels = pu_arena_alloc(a, cap * sizeof(*r->levels));
	if (r->levels == NULL)
		return pu_error_set(PU_ENOMEM, "out of memory");
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		pu_refmap *m;

		if (sqlite3_column_int64(q, 0) != last) {
			if (r->nlevels == cap) {
				pu_refmap *n = pu_arena_alloc(a, 2 * cap *
									 sizeof(*n));
				if (n == NULL)
					return pu_error_set(PU_ENOMEM, "oom");
				memcpy(n, r->levels, cap * sizeof(*n));
				r->levels = n;
				cap *= 2;
			}
			m = &r->levels[r->nlevels++];
			m->level = pu_sq_col_text(a, q, 1);
			tcap = 4;
			m->to = pu_arena_alloc(a, tcap * sizeof(*m->to));
			if (m->to == NULL)
				return pu_error_set(PU_ENOMEM, "oom");
			last = sqlite3_column_int64(q, 0);
		}
		m = &r->levels[r->nlevels - 1];
		if (m->nto == tcap) {
			const char **n = pu_arena_alloc(a, 2 * tcap * sizeof(*n));

			if (n == NULL)
				return pu_error_set(PU_ENOMEM, "oom");
			memcpy(n, m->to, tcap * sizeof(*n));
			m->to = n;
			tcap *= 2;
		}
		m->to[m->nto++] = pu_sq_col_text(a, q, 2);
	}
	sqlite3_reset(q);
	return rc == SQLITE_DONE ? 0 : pu_sq_error(s, PU_ESTORE, "referencing");
}

int pu_sq_all_referencing(pu_store *st, pu_referencing ***out, size_t *n)
{
	sq_store *s = (sq_store *)st;
	sqlite3_stmt *q = pu_sq_stmt(s, Q_REF_ALL);
	pu_referencing **v = NULL;
	sqlite3_int64 *rids = NULL;
	size_t cap = 0, count = 0;
	int rc = 0, step;

	*out = NULL;
	*n = 0;
	if (q == NULL)
		return PU_ESTORE;
	while ((step = sqlite3_step(q)) == SQLITE_ROW) {
		pu_referencing *r;
		pu_arena *a;

		if (count == cap) {
			void *nv, *nr;

			cap = cap ? cap * 2 : 16;
			nv = realloc(v, cap * sizeof(*v));
			if (nv != NULL)
				v = nv;
			nr = realloc(rids, cap * sizeof(*rids));
			if (nr != NULL)
				rids = nr;
			if (nv == NULL || nr == NULL)
				goto oom;
		}
		if (pu_arena_new(&a) < 0)
			goto oom;
		r = pu_arena_alloc(a, sizeof(*r));
		if (r == NULL) {
			pu_arena_free(a);
			goto oom;
		}
		r->arena = a;
		r->from = pu_sq_col_text(a, q, 1);
		r->to = pu_sq_col_text(a, q, 2);
		pu_ref_status_parse((const char *)sqlite3_column_text(q, 3),
				    &r->status);
		r->source = pu_sq_col_text(a, q, 4);
		rids[count] = sqlite3_column_int64(q, 0);
		v[count++] = r;
	}
	sqlite3_reset(q);
	if (step != SQLITE_DONE) {
		rc = pu_sq_error(s, PU_ESTORE, "reading referencing");
		goto fail;
	}
	for (size_t i = 0; i < count; i++)
		if ((rc = ref_levels(s, rids[i], v[i])) < 0)
			goto fail;
	free(rids);
	*out = v;
	*n = count;
	return 0;
oom:
	sqlite3_reset(q);
	rc = pu_error_set(PU_ENOMEM, "out of memory");
fail:
	for (size_t i = 0; i < count; i++)
		pu_referencing_free(v[i]);
	free(v);
	free(rids);
	return rc;
}
