/*
 * The SQLite backend, catalogue half: standards with their units, elements and
 * criteria (full-text search is in sqlite_search.c). A standard is replaced
 * whole by key; its row keeps its id so that records pointing at it stay valid.
 */
#include "sqlite_internal.h"

#include "jsonx.h"
#include "puente/buf.h"
#include "puente/error.h"
#include "puente/text.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static int oom(void)
{
	return pu_error_set(PU_ENOMEM, "out of memory");
}

static json_t *groups_json(const pu_standard *s)
{
	json_t *arr;

	if (s->ngroups == 0)
		return NULL;
	arr = json_array();
	for (size_t g = 0; arr && g < s->ngroups; g++) {
		const pu_elective_group *eg = &s->groups[g];
		json_t *units = json_array();

		for (size_t i = 0; units && i < eg->nunits; i++)
			json_array_append_new(units, json_string(eg->units[i]));
		json_array_append_new(
			arr, json_pack("{s:s, s:o, s:i, s:o}", "id", eg->id,
				       "name", pu_jsonx_from_mtext(&eg->name),
				       "choose", eg->choose, "units", units));
	}
	return arr;
}

static json_t *knowledge_json(const pu_unit *u)
{
	json_t *arr;

	if (u->nknowledge == 0)
		return NULL;
	arr = json_array();
	for (size_t i = 0; arr && i < u->nknowledge; i++)
		json_array_append_new(arr, pu_jsonx_from_mtext(&u->knowledge[i]));
	return arr;
}

static json_t *evidence_json(const pu_unit *u)
{
	json_t *arr;

	if (u->nevidence == 0)
		return NULL;
	arr = json_array();
	for (size_t i = 0; arr && i < u->nevidence; i++)
		json_array_append_new(
			arr, json_pack("{s:s, s:o}", "type",
				       pu_evidence_name(u->evidence[i].type),
				       "text",
				       pu_jsonx_from_mtext(&u->evidence[i].text)));
	return arr;
}

static int add_all(pu_buf *b, const pu_mtext *t)
{
	int rc = 0;

	for (size_t i = 0; rc == 0 && i < t->n; i++) {
		rc = pu_buf_puts(b, t->v[i].text);
		if (rc == 0)
			rc = pu_buf_putc(b, '\n');
	}
	return rc;
}

/* The searchable texts: titles (all languages, alternatives) and body (the
 * description and every part's text), folded. */
static int fts_texts(const pu_standard *s, pu_buf *title, pu_buf *body)
{
	pu_buf raw = PU_BUF_INIT;
	int rc;

	rc = add_all(&raw, &s->title);
	if (rc == 0)
		rc = add_all(&raw, &s->alt_titles);
	if (rc == 0)
		rc = pu_text_fold(title, raw.ptr ? raw.ptr : "", raw.len);
	pu_buf_clear(&raw);
	if (rc == 0)
		rc = add_all(&raw, &s->description);
	if (rc == 0 && s->sector)
		rc = pu_buf_printf(&raw, "%s\n", s->sector);
	for (size_t i = 0; rc == 0 && i < s->nunits; i++) {
		const pu_unit *u = &s->units[i];

		rc = add_all(&raw, &u->title);
		for (size_t e = 0; rc == 0 && e < u->nelements; e++) {
			rc = add_all(&raw, &u->elements[e].title);
			for (size_t c = 0;
			     rc == 0 && c < u->elements[e].ncriteria; c++)
				rc = add_all(&raw,
					     &u->elements[e].criteria[c].text);
		}
		for (size_t k = 0; rc == 0 && k < u->nknowledge; k++)
			rc = add_all(&raw, &u->knowledge[k]);
	}
	if (rc == 0)
		rc = pu_text_fold(body, raw.ptr ? raw.ptr : "", raw.len);
	pu_buf_free(&raw);
	return rc;
}

static int put_units(sq_store *s, sqlite3_int64 sid, const pu_standard *std)
{
	int rc;

	for (size_t i = 0; i < std->nunits; i++) {
		const pu_unit *u = &std->units[i];
		sqlite3_stmt *q = pu_sq_stmt(s, Q_UNIT_INS);
		sqlite3_int64 uid;

		if (q == NULL)
			return PU_ESTORE;
		sqlite3_bind_int64(q, 1, sid);
		sqlite3_bind_int64(q, 2, (sqlite3_int64)i);
		pu_sq_bind_text(q, 3, u->code);
		rc = pu_sq_bind_json(q, 4, pu_jsonx_from_mtext(&u->title));
		if (rc < 0)
			return rc;
		sqlite3_bind_int(q, 5, u->elective);
		if (u->hours >= 0)
			sqlite3_bind_double(q, 6, u->hours);
		if ((rc = pu_sq_bind_json(q, 7, knowledge_json(u))) < 0 ||
		    (rc = pu_sq_bind_json(q, 8, evidence_json(u))) < 0)
			return rc;
		if ((rc = pu_sq_step_done(s, q, "saving a unit")) < 0)
			return rc;
		uid = sqlite3_last_insert_rowid(s->db);
		for (size_t e = 0; e < u->nelements; e++) {
			const pu_element *el = &u->elements[e];
			sqlite3_int64 eid;

			q = pu_sq_stmt(s, Q_ELEMENT_INS);
			if (q == NULL)
				return PU_ESTORE;
			sqlite3_bind_int64(q, 1, uid);
			sqlite3_bind_int64(q, 2, (sqlite3_int64)e);
			pu_sq_bind_text(q, 3, el->code);
			rc = pu_sq_bind_json(q, 4,
					     pu_jsonx_from_mtext(&el->title));
			if (rc < 0)
				return rc;
			rc = pu_sq_step_done(s, q, "saving an element");
			if (rc < 0)
				return rc;
			eid = sqlite3_last_insert_rowid(s->db);
			for (size_t c = 0; c < el->ncriteria; c++) {
				const pu_criterion *cr = &el->criteria[c];

				q = pu_sq_stmt(s, Q_CRITERION_INS);
				if (q == NULL)
					return PU_ESTORE;
				sqlite3_bind_int64(q, 1, eid);
				sqlite3_bind_int64(q, 2, (sqlite3_int64)c);
				pu_sq_bind_text(q, 3, cr->code);
				pu_sq_bind_text(q, 4, pu_evidence_name(cr->type));
				rc = pu_sq_bind_json(
					q, 5, pu_jsonx_from_mtext(&cr->text));
				if (rc < 0)
					return rc;
				rc = pu_sq_step_done(s, q,
						     "saving a criterion");
				if (rc < 0)
					return rc;
			}
		}
	}
	return 0;
}

/* Binds the 18 values of Q_STD_INSERT / Q_STD_UPDATE. */
static int bind_standard(sqlite3_stmt *q, const pu_standard *std,
			 sqlite3_int64 level_id, const char *sector_key)
{
	int rc;

	pu_sq_bind_text(q, 1, std->country);
	pu_sq_bind_text(q, 2, std->code);
	pu_sq_bind_text(q, 3, std->version);
	pu_sq_bind_text(q, 4, pu_kind_name(std->kind));
	pu_sq_bind_text(q, 5, std->body);
	pu_sq_bind_text(q, 6, pu_status_name(std->status));
	pu_sq_bind_text(q, 7, std->valid_from);
	pu_sq_bind_text(q, 8, std->valid_to);
	pu_sq_bind_text(q, 9, std->superseded_by);
	pu_sq_bind_text(q, 10, std->language);
	if ((rc = pu_sq_bind_json(q, 11, pu_jsonx_from_mtext(&std->title))) <
		    0 ||
	    (rc = pu_sq_bind_json(q, 12,
				  std->alt_titles.n
					  ? pu_jsonx_from_mtext_list(
						    &std->alt_titles)
					  : NULL)) < 0 ||
	    (rc = pu_sq_bind_mtext(q, 13, &std->description)) < 0)
		return rc;
	if (level_id)
		sqlite3_bind_int64(q, 14, level_id);
	pu_sq_bind_text(q, 15, std->sector);
	pu_sq_bind_text(q, 16, sector_key);
	if ((rc = pu_sq_bind_json(q, 17, groups_json(std))) < 0)
		return rc;
	pu_sq_bind_text(q, 18, std->extra);
	return 0;
}

int pu_sq_put_standard(pu_store *st, const pu_standard *std)
{
	sq_store *s = (sq_store *)st;
	pu_buf title = PU_BUF_INIT, body = PU_BUF_INIT, sector = PU_BUF_INIT;
	sqlite3_stmt *q;
	sqlite3_int64 sid, level_id = 0;
	bool exists;
	int rc;

	if (std->level_framework != NULL) {
		q = pu_sq_stmt(s, Q_LEVEL_ID);
		if (q == NULL)
			return PU_ESTORE;
		pu_sq_bind_text(q, 1, std->level_framework);
		pu_sq_bind_text(q, 2, std->level_code);
		rc = sqlite3_step(q);
		if (rc == SQLITE_ROW)
			level_id = sqlite3_column_int64(q, 0);
		sqlite3_reset(q);
		if (rc == SQLITE_DONE) {
			char **ids = NULL;
			size_t n = 0;
			pu_framework *f = NULL;

			(void)ids;
			(void)n;
			if (st->ops->get_framework(st, std->level_framework,
						   &f) < 0)
				return pu_error_set(
					PU_EINVAL,
					"level: unknown framework \"%.64s\" "
					"(import the framework first)",
					std->level_framework);
			pu_framework_free(f);
			return pu_error_set(PU_EINVAL,
					    "level: framework %s has no level "
					    "\"%.64s\"",
					    std->level_framework,
					    std->level_code);
		}
		if (rc != SQLITE_ROW)
			return pu_sq_error(s, PU_ESTORE, "looking up a level");
	}
	if ((rc = fts_texts(std, &title, &body)) < 0)
		goto done;
	if (std->sector &&
	    (rc = pu_text_fold(&sector, std->sector, strlen(std->sector))) < 0)
		goto done;

	/* Existing standard: update in place (keeping its id) and clear its
	 * parts; new one: insert. */
	q = pu_sq_stmt(s, Q_STD_ID);
	if (q == NULL) {
		rc = PU_ESTORE;
		goto done;
	}
	pu_sq_bind_text(q, 1, std->country);
	pu_sq_bind_text(q, 2, std->code);
	rc = sqlite3_step(q);
	exists = rc == SQLITE_ROW;
	sid = exists ? sqlite3_column_int64(q, 0) : 0;
	sqlite3_reset(q);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		rc = pu_sq_error(s, PU_ESTORE, "looking up a standard");
		goto done;
	}
	q = pu_sq_stmt(s, exists ? Q_STD_UPDATE : Q_STD_INSERT);
	if (q == NULL) {
		rc = PU_ESTORE;
		goto done;
	}
	if ((rc = bind_standard(q, std, level_id, sector.ptr)) < 0 ||
	    (rc = pu_sq_step_done(s, q, "saving a standard")) < 0)
		goto done;
	if (!exists)
		sid = sqlite3_last_insert_rowid(s->db);

	/* Replace the parts: codes, units (cascading), search row. */
	static const enum stmt_id clear[] = {Q_STD_CODES_DEL, Q_STD_UNITS_DEL,
					     Q_STD_FTS_DEL};
	for (size_t i = 0; exists && i < sizeof(clear) / sizeof(clear[0]);
	     i++) {
		q = pu_sq_stmt(s, clear[i]);
		if (q == NULL) {
			rc = PU_ESTORE;
			goto done;
		}
		sqlite3_bind_int64(q, 1, sid);
		if ((rc = pu_sq_step_done(s, q, "replacing a standard")) < 0)
			goto done;
	}
	for (size_t i = 0; i < std->ncodes; i++) {
		q = pu_sq_stmt(s, Q_CODE_INS);
		if (q == NULL) {
			rc = PU_ESTORE;
			goto done;
		}
		sqlite3_bind_int64(q, 1, sid);
		sqlite3_bind_int64(q, 2, (sqlite3_int64)i);
		pu_sq_bind_text(q, 3, std->codes[i].scheme);
		pu_sq_bind_text(q, 4, std->codes[i].code);
		sqlite3_bind_int(q, 5, std->codes[i].national);
		if ((rc = pu_sq_step_done(s, q, "saving a code")) < 0) {
			if (sqlite3_extended_errcode(s->db) ==
			    SQLITE_CONSTRAINT_PRIMARYKEY)
				rc = pu_error_set(PU_EINVAL, "codes: duplicate");
			goto done;
		}
	}
	if ((rc = put_units(s, sid, std)) < 0)
		goto done;
	q = pu_sq_stmt(s, Q_STD_FTS_INS);
	if (q == NULL) {
		rc = PU_ESTORE;
		goto done;
	}
	sqlite3_bind_int64(q, 1, sid);
	pu_sq_bind_text(q, 2, std->code);
	pu_sq_bind_text(q, 3, title.ptr ? title.ptr : "");
	pu_sq_bind_text(q, 4, body.ptr ? body.ptr : "");
	if ((rc = pu_sq_step_done(s, q, "indexing a standard")) < 0)
		goto done;
	s->dirty = 1;
done:
	pu_buf_free(&title);
	pu_buf_free(&body);
	pu_buf_free(&sector);
	return rc;
}

static int load_groups(pu_arena *a, const char *json, pu_standard *s)
{
	json_error_t err;
	json_t *arr, *g;
	size_t i;
	int rc = 0;

	if (json == NULL)
		return 0;
	arr = json_loads(json, 0, &err);
	if (!json_is_array(arr)) {
		json_decref(arr);
		return pu_error_set(PU_ESTORE, "stored elective groups damaged");
	}
	s->groups = pu_arena_alloc(a, (json_array_size(arr) + 1) *
					      sizeof(*s->groups));
	if (s->groups == NULL) {
		json_decref(arr);
		return oom();
	}
	json_array_foreach(arr, i, g)
	{
		pu_elective_group *eg = &s->groups[s->ngroups++];
		json_t *units = json_object_get(g, "units"), *u;
		size_t k;

		eg->id = pu_arena_strdup(a, json_string_value(
						    json_object_get(g, "id")));
		eg->choose = (int)json_integer_value(json_object_get(g, "choose"));
		rc = pu_jsonx_mtext(a, json_object_get(g, "name"), NULL, "name",
				    &eg->name);
		if (rc < 0)
			break;
		eg->units = pu_arena_alloc(a, (json_array_size(units) + 1) *
						      sizeof(*eg->units));
		if (eg->units == NULL) {
			rc = oom();
			break;
		}
		json_array_foreach(units, k, u)
			eg->units[eg->nunits++] =
				pu_arena_strdup(a, json_string_value(u));
	}
	json_decref(arr);
	return rc;
}

static int load_unit_lists(pu_arena *a, sqlite3_stmt *q, pu_unit *u)
{
	json_error_t err;
	json_t *arr, *v;
	size_t i;
	int rc = 0;
	const char *k = (const char *)sqlite3_column_text(q, 5);
	const char *e = (const char *)sqlite3_column_text(q, 6);

	if (k != NULL) {
		arr = json_loads(k, 0, &err);
		u->knowledge = pu_arena_alloc(a, (json_array_size(arr) + 1) *
							 sizeof(*u->knowledge));
		if (u->knowledge == NULL) {
			json_decref(arr);
			return oom();
		}
		json_array_foreach(arr, i, v)
		{
			rc = pu_jsonx_mtext(a, v, NULL, "knowledge",
					    &u->knowledge[u->nknowledge++]);
			if (rc < 0)
				break;
		}
		json_decref(arr);
	}
	if (rc == 0 && e != NULL) {
		arr = json_loads(e, 0, &err);
		u->evidence = pu_arena_alloc(a, (json_array_size(arr) + 1) *
							sizeof(*u->evidence));
		if (u->evidence == NULL) {
			json_decref(arr);
			return oom();
		}
		json_array_foreach(arr, i, v)
		{
			pu_evidence_req *ev = &u->evidence[u->nevidence++];

			pu_evidence_parse(json_string_value(
						  json_object_get(v, "type")),
					  &ev->type);
			rc = pu_jsonx_mtext(a, json_object_get(v, "text"), NULL,
					    "evidence", &ev->text);
			if (rc < 0)
				break;
		}
		json_decref(arr);
	}
	return rc;
}

static int load_parts(sq_store *s, sqlite3_int64 sid, pu_standard *std)
{
	pu_arena *a = std->arena;
	sqlite3_stmt *q;
	size_t cap = 0, ucap = 0;
	int rc;

	q = pu_sq_stmt(s, Q_STD_CODES);
	if (q == NULL)
		return PU_ESTORE;
	sqlite3_bind_int64(q, 1, sid);
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		pu_code *c;

		std->codes = pu_sq_grow(a, std->codes, std->ncodes, &cap,
					sizeof(*std->codes));
		if (std->codes == NULL)
			goto oom;
		c = &std->codes[std->ncodes++];
		c->scheme = pu_sq_col_text(a, q, 0);
		c->code = pu_sq_col_text(a, q, 1);
		c->national = sqlite3_column_int(q, 2) != 0;
	}
	sqlite3_reset(q);
	if (rc != SQLITE_DONE)
		return pu_sq_error(s, PU_ESTORE, "reading codes");

	q = pu_sq_stmt(s, Q_STD_UNITS);
	if (q == NULL)
		return PU_ESTORE;
	sqlite3_bind_int64(q, 1, sid);
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		pu_unit *u;

		std->units = pu_sq_grow(a, std->units, std->nunits, &ucap,
					sizeof(*std->units));
		if (std->units == NULL)
			goto oom;
		u = &std->units[std->nunits++];
		memset(u, 0, sizeof(*u));
		u->code = pu_sq_col_text(a, q, 1);
		if ((rc = pu_sq_col_mtext(a, q, 2, &u->title)) < 0)
			goto fail;
		u->elective = sqlite3_column_int(q, 3) != 0;
		u->hours = sqlite3_column_type(q, 4) == SQLITE_NULL
				   ? -1
				   : sqlite3_column_double(q, 4);
		if ((rc = load_unit_lists(a, q, u)) < 0)
			goto fail;
	}
	sqlite3_reset(q);
	if (rc != SQLITE_DONE)
		return pu_sq_error(s, PU_ESTORE, "reading units");

	/* Elements and criteria arrive sorted by (unit, element, criterion);
	 * unit and element positions index straight into the arrays. */
	{
		size_t *ecap = pu_arena_alloc(a, (std->nunits + 1) *
							 sizeof(*ecap));

		if (ecap == NULL)
			goto oom;
		q = pu_sq_stmt(s, Q_STD_ELEMENTS);
		if (q == NULL)
			return PU_ESTORE;
		sqlite3_bind_int64(q, 1, sid);
		while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
			size_t ui = (size_t)sqlite3_column_int64(q, 0);
			pu_unit *u;
			pu_element *e;

			if (ui >= std->nunits) {
				sqlite3_reset(q);
				return pu_error_set(PU_ESTORE, "damaged units");
			}
			u = &std->units[ui];
			u->elements =
			    pu_sq_grow(a, u->elements, u->nelements, &ecap[ui],
				       sizeof(*u->elements));
			if (u->elements == NULL)
				goto oom;
			e = &u->elements[u->nelements++];
			memset(e, 0, sizeof(*e));
			e->code = pu_sq_col_text(a, q, 1);
			if ((rc = pu_sq_col_mtext(a, q, 2, &e->title)) < 0)
				goto fail;
		}
		sqlite3_reset(q);
		if (rc != SQLITE_DONE)
			return pu_sq_error(s, PU_ESTORE, "reading elements");
	}
	{
		size_t last_u = (size_t)-1, last_e = (size_t)-1, ccap = 0;

		q = pu_sq_stmt(s, Q_STD_CRITERIA);
		if (q == NULL)
			return PU_ESTORE;
		sqlite3_bind_int64(q, 1, sid);
		while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
			size_t ui = (size_t)sqlite3_column_int64(q, 0);
			size_t ei = (size_t)sqlite3_column_int64(q, 1);
			pu_element *e;
			pu_criterion *c;

			if (ui >= std->nunits ||
			    ei >= std->units[ui].nelements) {
				sqlite3_reset(q);
				return pu_error_set(PU_ESTORE,
						    "damaged elements");
			}
			if (ui != last_u || ei != last_e) {
				ccap = 0;
				last_u = ui;
				last_e = ei;
			}
			e = &std->units[ui].elements[ei];
			e->criteria = pu_sq_grow(a, e->criteria, e->ncriteria,
						 &ccap, sizeof(*e->criteria));
			if (e->criteria == NULL)
				goto oom;
			c = &e->criteria[e->ncriteria++];
			c->code = pu_sq_col_text(a, q, 2);
			pu_evidence_parse((const char *)sqlite3_column_text(q, 3),
					  &c->type);
			if ((rc = pu_sq_col_mtext(a, q, 4, &c->text)) < 0)
				goto fail;
		}
		sqlite3_reset(q);
		if (rc != SQLITE_DONE)
			return pu_sq_error(s, PU_ESTORE, "reading criteria");
	}
	return 0;
oom:
	rc = oom();
fail:
	sqlite3_reset(q);
	return rc;
}

int pu_sq_get_standard(pu_store *st, const char *country, const char *code,
		       pu_standard **out)
{
	sq_store *s = (sq_store *)st;
	sqlite3_stmt *q = pu_sq_stmt(s, Q_STD_GET);
	pu_standard *std;
	pu_arena *a = NULL;
	sqlite3_int64 sid;
	int rc;

	*out = NULL;
	if (q == NULL)
		return PU_ESTORE;
	pu_sq_bind_text(q, 1, country);
	pu_sq_bind_text(q, 2, code);
	rc = sqlite3_step(q);
	if (rc == SQLITE_DONE) {
		sqlite3_reset(q);
		return pu_error_set(PU_ENOTFOUND, "no standard %.16s/%.64s",
				    country, code);
	}
	if (rc != SQLITE_ROW)
		return pu_sq_error(s, PU_ESTORE, "reading a standard");
	if ((rc = pu_arena_new(&a)) < 0)
		goto fail;
	std = pu_arena_alloc(a, sizeof(*std));
	if (std == NULL) {
		rc = oom();
		goto fail;
	}
	std->arena = a;
	sid = sqlite3_column_int64(q, 0);
	std->country = pu_sq_col_text(a, q, 1);
	std->code = pu_sq_col_text(a, q, 2);
	std->version = pu_sq_col_text(a, q, 3);
	pu_kind_parse((const char *)sqlite3_column_text(q, 4), &std->kind);
	std->body = pu_sq_col_text(a, q, 5);
	pu_status_parse((const char *)sqlite3_column_text(q, 6), &std->status);
	std->valid_from = pu_sq_col_text(a, q, 7);
	std->valid_to = pu_sq_col_text(a, q, 8);
	std->superseded_by = pu_sq_col_text(a, q, 9);
	std->language = pu_sq_col_text(a, q, 10);
	if ((rc = pu_sq_col_mtext(a, q, 11, &std->title)) < 0 ||
	    (rc = pu_sq_col_mtext(a, q, 12, &std->alt_titles)) < 0 ||
	    (rc = pu_sq_col_mtext(a, q, 13, &std->description)) < 0)
		goto fail;
	std->level_framework = pu_sq_col_text(a, q, 14);
	std->level_code = pu_sq_col_text(a, q, 15);
	std->sector = pu_sq_col_text(a, q, 16);
	if ((rc = load_groups(a, (const char *)sqlite3_column_text(q, 17),
			      std)) < 0)
		goto fail;
	std->extra = pu_sq_col_text(a, q, 18);
	sqlite3_reset(q);
	if ((rc = load_parts(s, sid, std)) < 0)
		goto fail;
	*out = std;
	return 0;
fail:
	sqlite3_reset(q);
	pu_arena_free(a);
	return rc;
}

int pu_sq_standard_keys(pu_store *st, const char *country, char ***out,
			size_t *nout)
{
	sq_store *s = (sq_store *)st;
	sqlite3_stmt *q;
	char **keys = NULL;
	size_t n = 0, cap = 0;
	int rc = 0, step;

	q = pu_sq_stmt(s, country ? Q_STD_KEYS_COUNTRY : Q_STD_KEYS);
	if (q == NULL)
		return PU_ESTORE;
	if (country)
		pu_sq_bind_text(q, 1, country);
	while ((step = sqlite3_step(q)) == SQLITE_ROW) {
		if (n + 2 > cap) {
			char **nk;

			cap = cap ? cap * 2 : 64;
			nk = realloc(keys, cap * sizeof(*keys));
			if (nk == NULL) {
				rc = oom();
				break;
			}
			keys = nk;
		}
		keys[n] = strdup((const char *)sqlite3_column_text(q, 0));
		keys[n + 1] = strdup((const char *)sqlite3_column_text(q, 1));
		n += 2;
		if (keys[n - 2] == NULL || keys[n - 1] == NULL) {
			rc = oom();
			break;
		}
	}
	sqlite3_reset(q);
	if (rc == 0 && step != SQLITE_DONE)
		rc = pu_sq_error(s, PU_ESTORE, "listing standards");
	if (rc < 0) {
		for (size_t i = 0; i < n; i++)
			free(keys[i]);
		free(keys);
		return rc;
	}
	*out = keys;
	*nout = n / 2;
	return 0;
}

int pu_sq_each_standard(pu_store *st, const char *country, pu_standard_cb cb,
			void *arg)
{
	char **keys = NULL;
	size_t n = 0;
	int rc;

	/* Keys first: the callback may query the store. */
	rc = pu_sq_standard_keys(st, country, &keys, &n);
	for (size_t i = 0; rc == 0 && i < n; i++) {
		pu_standard *std = NULL;

		rc = pu_sq_get_standard(st, keys[2 * i], keys[2 * i + 1], &std);
		if (rc == 0) {
			rc = cb(std, arg);
			pu_standard_free(std);
		}
	}
	for (size_t i = 0; i < 2 * n; i++)
		free(keys[i]);
	free(keys);
	return rc;
}

int pu_sq_superseded_by(pu_store *st, const char *country, const char *code,
			char **out)
{
	sq_store *s = (sq_store *)st;
	sqlite3_stmt *q = pu_sq_stmt(s, Q_SUPERSEDED_BY);
	const unsigned char *t;
	int rc;

	*out = NULL;
	if (q == NULL)
		return PU_ESTORE;
	pu_sq_bind_text(q, 1, country);
	pu_sq_bind_text(q, 2, code);
	rc = sqlite3_step(q);
	if (rc == SQLITE_ROW) {
		t = sqlite3_column_text(q, 0);
		if (t != NULL && (*out = strdup((const char *)t)) == NULL) {
			sqlite3_reset(q);
			return oom();
		}
		rc = SQLITE_DONE;
	}
	sqlite3_reset(q);
	return rc == SQLITE_DONE ? 0 : pu_sq_error(s, PU_ESTORE, "supersession");
}
