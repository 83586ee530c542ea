/*
 * Puente JSON -> records. Strict: unknown fields, wrong types and bad values are
 * errors naming the field path ("units[2].elements[0].title"). Records are then
 * checked on their own (pu_standard_validate, pu_framework_validate).
 * This file reads standards and the document; frameworks and referencing are
 * in read_framework.c, agreements in read_agreement.c, the shared helpers in
 * json_read.c.
 */
#include "io_internal.h"
#include "json_read.h"

#include "jsonx.h"
#include "puente/buf.h"
#include "puente/error.h"
#include "puente/text.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define MAX_DEPTH 32

static int read_evidence_type(const json_t *o, const char *key,
			      const char *field, pu_evidence *out)
{
	json_t *v = json_object_get(o, key);
	int rc;

	*out = PU_EV_PERFORMANCE;
	if (v == NULL || json_is_null(v))
		return 0;
	if (!json_is_string(v))
		return pu_error_set(PU_EINVAL, "%s.%s: expected a string", field,
				    key);
	rc = pu_evidence_parse(json_string_value(v), out);
	if (rc < 0)
		pu_error_prefix("%s.%s: ", field, key);
	return rc;
}

static int read_element(pu_arena *a, const json_t *o, const char *field,
			const char *lang, pu_element *e)
{
	static const char *const keys[] = {"code", "title", "criteria", NULL};
	const json_t *crit;
	char f[192];
	int rc;

	if ((rc = pu_jr_is_obj(o, field)) < 0 ||
	    (rc = pu_jr_only_keys(o, keys, field)) < 0 ||
	    (rc = pu_jr_str(a, o, "code", field, true, &e->code)) < 0 ||
	    (rc = pu_jr_mtext(a, o, "title", field, lang, &e->title)) < 0 ||
	    (rc = pu_jr_arr(o, "criteria", field, &crit, &e->ncriteria)) < 0)
		return rc;
	e->criteria = pu_jr_alloc_n(a, e->ncriteria, sizeof(*e->criteria));
	if (e->criteria == NULL)
		return pu_jr_oom();
	for (size_t i = 0; i < e->ncriteria; i++) {
		static const char *const ckeys[] = {"code", "text", "type", NULL};
		const json_t *c = json_array_get(crit, i);
		pu_criterion *cr = &e->criteria[i];

		snprintf(f, sizeof(f), "%s.criteria[%zu]", field, i);
		if ((rc = pu_jr_is_obj(c, f)) < 0 ||
		    (rc = pu_jr_only_keys(c, ckeys, f)) < 0 ||
		    (rc = pu_jr_str(a, c, "code", f, true, &cr->code)) < 0 ||
		    (rc = pu_jr_mtext(a, c, "text", f, lang, &cr->text)) < 0 ||
		    (rc = read_evidence_type(c, "type", f, &cr->type)) < 0)
			return rc;
	}
	return 0;
}

static int read_unit(pu_arena *a, const json_t *o, const char *field,
		     const char *lang, pu_unit *u)
{
	static const char *const keys[] = {"code",     "title",     "type",
					   "hours",    "elements",  "knowledge",
					   "evidence", NULL};
	const json_t *els, *kn, *ev, *hours;
	const char *type = NULL;
	char f[192];
	int rc;

	if ((rc = pu_jr_is_obj(o, field)) < 0 ||
	    (rc = pu_jr_only_keys(o, keys, field)) < 0 ||
	    (rc = pu_jr_str(a, o, "code", field, true, &u->code)) < 0 ||
	    (rc = pu_jr_mtext(a, o, "title", field, lang, &u->title)) < 0 ||
	    (rc = pu_jr_str(a, o, "type", field, false, &type)) < 0 ||
	    (rc = pu_jr_arr(o, "elements", field, &els, &u->nelements)) < 0 ||
	    (rc = pu_jr_arr(o, "knowledge", field, &kn, &u->nknowledge)) < 0 ||
	    (rc = pu_jr_arr(o, "evidence", field, &ev, &u->nevidence)) < 0)
		return rc;
	if (type != NULL && strcmp(type, "elective") == 0)
		u->elective = true;
	else if (type != NULL && strcmp(type, "core") != 0)
		return pu_error_set(PU_EINVAL,
				    "%s.type: \"%.32s\" is not core or elective",
				    field, type);
	hours = json_object_get(o, "hours");
	u->hours = -1;
	if (hours != NULL && !json_is_null(hours)) {
		if (!json_is_number(hours) || json_number_value(hours) < 0 ||
		    !isfinite(json_number_value(hours)))
			return pu_error_set(PU_EINVAL,
					    "%s.hours: expected a number >= 0",
					    field);
		u->hours = json_number_value(hours);
	}
	u->elements = pu_jr_alloc_n(a, u->nelements, sizeof(*u->elements));
	u->knowledge = pu_jr_alloc_n(a, u->nknowledge, sizeof(*u->knowledge));
	u->evidence = pu_jr_alloc_n(a, u->nevidence, sizeof(*u->evidence));
	if (!u->elements || !u->knowledge || !u->evidence)
		return pu_jr_oom();
	for (size_t i = 0; i < u->nelements; i++) {
		snprintf(f, sizeof(f), "%s.elements[%zu]", field, i);
		rc = read_element(a, json_array_get(els, i), f, lang,
				  &u->elements[i]);
		if (rc < 0)
			return rc;
	}
	for (size_t i = 0; i < u->nknowledge; i++) {
		snprintf(f, sizeof(f), "%s.knowledge[%zu]", field, i);
		rc = pu_jsonx_mtext(a, json_array_get(kn, i), lang, f,
				    &u->knowledge[i]);
		if (rc < 0)
			return rc;
	}
	for (size_t i = 0; i < u->nevidence; i++) {
		static const char *const ekeys[] = {"type", "text", NULL};
		const json_t *e = json_array_get(ev, i);

		snprintf(f, sizeof(f), "%s.evidence[%zu]", field, i);
		if ((rc = pu_jr_is_obj(e, f)) < 0 ||
		    (rc = pu_jr_only_keys(e, ekeys, f)) < 0 ||
		    (rc = read_evidence_type(e, "type", f,
					     &u->evidence[i].type)) < 0 ||
		    (rc = pu_jr_mtext(a, e, "text", f, lang,
				      &u->evidence[i].text)) < 0)
			return rc;
	}
	return 0;
}

static int read_codes(pu_arena *a, const json_t *o, pu_standard *s)
{
	static const char *const keys[] = {"isco08", "isic4", "iscedf2013",
					   "national", NULL};
	const json_t *codes = json_object_get(o, "codes");
	size_t total = 0;
	int rc;

	if (codes == NULL || json_is_null(codes))
		return 0;
	if ((rc = pu_jr_is_obj(codes, "codes")) < 0 ||
	    (rc = pu_jr_only_keys(codes, keys, "codes")) < 0)
		return rc;
	for (int k = 0; keys[k]; k++) {
		json_t *v = json_object_get(codes, keys[k]);

		if (v == NULL || json_is_null(v))
			continue;
		if (!json_is_array(v))
			return pu_error_set(PU_EINVAL,
					    "codes.%s: expected a list", keys[k]);
		total += json_array_size(v);
	}
	if (total > 100)
		return pu_error_set(PU_ELIMIT, "codes: more than 100");
	s->codes = pu_jr_alloc_n(a, total, sizeof(*s->codes));
	if (s->codes == NULL)
		return pu_jr_oom();
	for (int k = 0; keys[k]; k++) {
		json_t *v = json_object_get(codes, keys[k]), *item;
		bool national = strcmp(keys[k], "national") == 0;
		size_t i;

		if (v == NULL || json_is_null(v))
			continue;
		json_array_foreach(v, i, item)
		{
			pu_code *c = &s->codes[s->ncodes++];
			char f[64];

			snprintf(f, sizeof(f), "codes.%s[%zu]", keys[k], i);
			if (national) {
				static const char *const nkeys[] = {
					"scheme", "code", NULL};

				if ((rc = pu_jr_is_obj(item, f)) < 0 ||
				    (rc = pu_jr_only_keys(item, nkeys, f)) <
					0 ||
				    (rc = pu_jr_str(a, item, "scheme", f, true,
						    &c->scheme)) < 0 ||
				    (rc = pu_jr_str(a, item, "code", f, true,
						    &c->code)) < 0)
					return rc;
				c->national = true;
				continue;
			}
			if (!json_is_string(item))
				return pu_error_set(PU_EINVAL,
						    "%s: expected a string", f);
			c->scheme = keys[k]; /* static storage */
			c->code = pu_arena_strdup(a, json_string_value(item));
			if (c->code == NULL)
				return pu_jr_oom();
		}
	}
	return 0;
}

static int read_groups(pu_arena *a, const json_t *o, pu_standard *s)
{
	const json_t *groups;
	int rc;

	if ((rc = pu_jr_arr(o, "elective_groups", "", &groups, &s->ngroups)) <
	    0)
		return rc;
	s->groups = pu_jr_alloc_n(a, s->ngroups, sizeof(*s->groups));
	if (s->groups == NULL)
		return pu_jr_oom();
	for (size_t g = 0; g < s->ngroups; g++) {
		static const char *const keys[] = {"id", "name", "choose",
						   "units", NULL};
		const json_t *go = json_array_get(groups, g), *units, *choose;
		pu_elective_group *eg = &s->groups[g];
		char f[64];

		snprintf(f, sizeof(f), "elective_groups[%zu]", g);
		if ((rc = pu_jr_is_obj(go, f)) < 0 ||
		    (rc = pu_jr_only_keys(go, keys, f)) < 0 ||
		    (rc = pu_jr_str(a, go, "id", f, true, &eg->id)) < 0 ||
		    (rc = pu_jr_mtext(a, go, "name", f, s->language,
				      &eg->name)) < 0 ||
		    (rc = pu_jr_arr(go, "units", f, &units, &eg->nunits)) < 0)
			return rc;
		choose = json_object_get(go, "choose");
		if (!json_is_integer(choose) || json_integer_value(choose) < 1 ||
		    json_integer_value(choose) > PU_CATALOG_MAX_ITEMS)
			return pu_error_set(PU_EINVAL,
					    "%s.choose: expected a whole number "
					    ">= 1",
					    f);
		eg->choose = (int)json_integer_value(choose);
		eg->units = pu_jr_alloc_n(a, eg->nunits, sizeof(*eg->units));
		if (eg->units == NULL)
			return pu_jr_oom();
		for (size_t i = 0; i < eg->nunits; i++) {
			json_t *u = json_array_get(units, i);

			if (!json_is_string(u))
				return pu_error_set(PU_EINVAL,
						    "%s.units[%zu]: expected a "
						    "unit code",
						    f, i);
			eg->units[i] = pu_arena_strdup(a, json_string_value(u));
		}
	}
	return 0;
}

int pu_io_standard_from_json(pu_standard **out, const json_t *o)
{
	static const char *const keys[] = {
		"country",     "code",	     "version",	      "kind",
		"body",	       "status",     "valid_from",    "valid_to",
		"superseded_by", "language", "title",	      "alt_titles",
		"description", "level",	     "sector",	      "codes",
		"units",       "elective_groups", "extra",    NULL};
	const char *kind = NULL, *status = NULL;
	const json_t *units, *level, *extra;
	pu_standard *s;
	pu_arena *a = NULL;
	int rc;

	*out = NULL;
	if ((rc = pu_jr_is_obj(o, "standard")) < 0)
		return rc;
	if ((rc = pu_arena_new(&a)) < 0)
		return rc;
	s = pu_arena_alloc(a, sizeof(*s));
	if (s == NULL) {
		rc = pu_jr_oom();
		goto fail;
	}
	s->arena = a;
	if ((rc = pu_jr_only_keys(o, keys, "")) < 0 ||
	    (rc = pu_jr_str(a, o, "country", "", true, &s->country)) < 0 ||
	    (rc = pu_jr_str(a, o, "code", "", true, &s->code)) < 0 ||
	    (rc = pu_jr_str(a, o, "version", "", false, &s->version)) < 0 ||
	    (rc = pu_jr_str(a, o, "kind", "", false, &kind)) < 0 ||
	    (rc = pu_jr_str(a, o, "body", "", false, &s->body)) < 0 ||
	    (rc = pu_jr_str(a, o, "status", "", false, &status)) < 0 ||
	    (rc = pu_jr_str(a, o, "valid_from", "", false, &s->valid_from)) <
		0 ||
	    (rc = pu_jr_str(a, o, "valid_to", "", false, &s->valid_to)) < 0 ||
	    (rc = pu_jr_str(a, o, "superseded_by", "", false,
			    &s->superseded_by)) < 0 ||
	    (rc = pu_jr_str(a, o, "language", "", true, &s->language)) < 0 ||
	    (rc = pu_jr_str(a, o, "sector", "", false, &s->sector)) < 0)
		goto fail;
	if (kind && (rc = pu_kind_parse(kind, &s->kind)) < 0) {
		pu_error_prefix("kind: ");
		goto fail;
	}
	if (status && (rc = pu_status_parse(status, &s->status)) < 0) {
		pu_error_prefix("status: ");
		goto fail;
	}
	if ((rc = pu_jr_mtext(a, o, "title", "", s->language, &s->title)) < 0 ||
	    (rc = pu_jsonx_mtext_list(a, json_object_get(o, "alt_titles"),
				      "alt_titles", &s->alt_titles)) < 0 ||
	    (rc = pu_jr_mtext(a, o, "description", "", s->language,
			      &s->description)) < 0)
		goto fail;
	level = json_object_get(o, "level");
	if (level != NULL && !json_is_null(level)) {
		static const char *const lkeys[] = {"framework", "level", NULL};

		if ((rc = pu_jr_is_obj(level, "level")) < 0 ||
		    (rc = pu_jr_only_keys(level, lkeys, "level")) < 0 ||
		    (rc = pu_jr_str(a, level, "framework", "level", true,
				    &s->level_framework)) < 0 ||
		    (rc = pu_jr_str(a, level, "level", "level", true,
				    &s->level_code)) < 0)
			goto fail;
	}
	if ((rc = read_codes(a, o, s)) < 0)
		goto fail;
	if ((rc = pu_jr_arr(o, "units", "", &units, &s->nunits)) < 0)
		goto fail;
	s->units = pu_jr_alloc_n(a, s->nunits, sizeof(*s->units));
	if (s->units == NULL) {
		rc = pu_jr_oom();
		goto fail;
	}
	for (size_t i = 0; i < s->nunits; i++) {
		char f[32];

		snprintf(f, sizeof(f), "units[%zu]", i);
		rc = read_unit(a, json_array_get(units, i), f, s->language,
			       &s->units[i]);
		if (rc < 0)
			goto fail;
	}
	if ((rc = read_groups(a, o, s)) < 0)
		goto fail;
	extra = json_object_get(o, "extra");
	if (extra != NULL && !json_is_null(extra)) {
		if (!json_is_object(extra)) {
			rc = pu_error_set(PU_EINVAL, "extra: expected an object");
			goto fail;
		}
		if (pu_jsonx_depth(extra) > 8) {
			rc = pu_error_set(PU_ELIMIT, "extra: nested deeper than 8");
			goto fail;
		}
		if (json_object_size(extra) > 0) {
			char *t = pu_jsonx_dump(extra);

			s->extra = pu_arena_strdup(a, t);
			free(t);
			if (s->extra == NULL) {
				rc = pu_jr_oom();
				goto fail;
			}
		}
	}
	if ((rc = pu_standard_validate(s)) < 0)
		goto fail;
	*out = s;
	return 0;
fail:
	pu_arena_free(a);
	return rc;
}

/* Writes where v nests deepest, as a field path ("standards[0].extra.a...") of
 * at most `steps` steps, so a too-deep file names its record and field. */
static void deep_path(pu_buf *b, const json_t *v, int steps)
{
	for (int depth = pu_jsonx_depth(v); depth > 0; depth--) {
		const json_t *next = NULL, *x;
		const char *k;
		size_t i;

		if (steps-- == 0) {
			pu_buf_puts(b, "...");
			return;
		}
		if (json_is_object(v)) {
			json_object_foreach((json_t *)v, k, x)
			{
				if (pu_jsonx_depth(x) == depth - 1) {
					pu_buf_printf(b, "%s%.64s",
						      b->len ? "." : "", k);
					next = x;
					break;
				}
			}
		} else {
			json_array_foreach(v, i, x)
			{
				if (pu_jsonx_depth(x) == depth - 1) {
					pu_buf_printf(b, "[%zu]", i);
					next = x;
					break;
				}
			}
		}
		if (next == NULL)
			return;
		v = next;
	}
}

/* Parses JSON text with the importer's rules: valid UTF-8, no duplicate keys,
 * bounded depth. */
int pu_io_load_json(json_t **out, const char *data, size_t len, int *line)
{
	json_error_t err;
	json_t *v;

	*out = NULL;
	*line = 0;
	/* A byte order mark, as Windows editors write (RFC 8259 lets a parser
	 * ignore it; jansson refuses it). */
	if (len >= 3 && memcmp(data, "\xef\xbb\xbf", 3) == 0) {
		data += 3;
		len -= 3;
	}
	v = json_loadb(data, len, JSON_REJECT_DUPLICATES, &err);
	if (v == NULL) {
		*line = err.line;
		return pu_error_set(PU_EINVAL, "line %d, column %d: %s", err.line,
				    err.column, err.text);
	}
	if (pu_jsonx_depth(v) > MAX_DEPTH) {
		pu_buf where = PU_BUF_INIT;

		deep_path(&where, v, 4);
		pu_error_set(PU_ELIMIT, "%s: nested deeper than %d levels",
			     where.ptr ? where.ptr : "", MAX_DEPTH);
		pu_buf_free(&where);
		json_decref(v);
		return PU_ELIMIT;
	}
	*out = v;
	return 0;
}

void pu_doc_free(pu_doc *d)
{
	if (d == NULL)
		return;
	for (size_t i = 0; i < d->nframeworks; i++)
		pu_framework_free(d->frameworks[i]);
	for (size_t i = 0; i < d->nreferencing; i++)
		pu_referencing_free(d->referencing[i]);
	for (size_t i = 0; i < d->nstandards; i++)
		pu_standard_free(d->standards[i]);
	for (size_t i = 0; i < d->nagreements; i++)
		pu_agreement_free(d->agreements[i]);
	free(d->frameworks);
	free(d->referencing);
	free(d->standards);
	free(d->agreements);
	free(d);
}

static const char *std_key(const json_t *o, char *buf, size_t n)
{
	const char *c = json_string_value(json_object_get(o, "country"));
	const char *k = json_string_value(json_object_get(o, "code"));

	snprintf(buf, n, " (%.16s/%.64s)", c ? c : "?", k ? k : "?");
	return buf;
}

int pu_io_document_from_json(pu_doc **out, const json_t *root)
{
	static const char *const keys[] = {"format", "frameworks", "referencing",
					   "standards", "agreements", NULL};
	const json_t *fws, *refs, *stds, *fmt, *agrs;
	pu_doc *d;
	char key[96];
	int rc;

	*out = NULL;
	if (!json_is_object(root))
		return pu_error_set(PU_EINVAL,
				    "expected a Puente document {\"format\": "
				    "\"puente/1\", ...}");
	fmt = json_object_get(root, "format");
	if (!json_is_string(fmt))
		return pu_error_set(PU_EINVAL, "format: missing (expected "
				    "\"puente/1\")");
	if (strcmp(json_string_value(fmt), "puente/1") != 0)
		return pu_error_set(PU_EINVAL,
				    "format: \"%.32s\" is not supported (expected "
				    "\"puente/1\")",
				    json_string_value(fmt));
	if ((rc = pu_jr_only_keys(root, keys, "")) < 0)
		return rc;
	d = calloc(1, sizeof(*d));
	if (d == NULL)
		return pu_jr_oom();
	if ((rc = pu_jr_arr(root, "frameworks", "", &fws, &d->nframeworks)) <
		0 ||
	    (rc = pu_jr_arr(root, "referencing", "", &refs, &d->nreferencing)) <
		0)
		goto fail;
	stds = json_object_get(root, "standards");
	if (stds != NULL && !json_is_array(stds)) {
		rc = pu_error_set(PU_EINVAL, "standards: expected a list");
		goto fail;
	}
	d->nstandards = stds ? json_array_size(stds) : 0;
	if ((rc = pu_jr_arr(root, "agreements", "", &agrs, &d->nagreements)) <
	    0)
		goto fail;
	d->frameworks = calloc(d->nframeworks + 1, sizeof(*d->frameworks));
	d->referencing = calloc(d->nreferencing + 1, sizeof(*d->referencing));
	d->standards = calloc(d->nstandards + 1, sizeof(*d->standards));
	d->agreements = calloc(d->nagreements + 1, sizeof(*d->agreements));
	if (!d->frameworks || !d->referencing || !d->standards ||
	    !d->agreements) {
		rc = pu_jr_oom();
		goto fail;
	}
	/* Counts grow as records parse, so pu_doc_free frees what exists. */
	{
		size_t nf = d->nframeworks, nr = d->nreferencing,
		       ns = d->nstandards, na = d->nagreements;

		d->nframeworks = d->nreferencing = d->nstandards = 0;
		d->nagreements = 0;
		for (size_t i = 0; i < nf; i++) {
			const json_t *o = json_array_get(fws, i);
			const char *id = json_string_value(json_object_get(o, "id"));

			rc = pu_io_framework_from_json(&d->frameworks[i], o);
			if (rc < 0) {
				pu_error_prefix("frameworks[%zu] (%.64s): ", i,
						id ? id : "?");
				goto fail;
			}
			d->nframeworks++;
		}
		for (size_t i = 0; i < nr; i++) {
			const json_t *o = json_array_get(refs, i);

			rc = pu_io_referencing_from_json(&d->referencing[i], o);
			if (rc < 0) {
				pu_error_prefix("referencing[%zu]: ", i);
				goto fail;
			}
			d->nreferencing++;
		}
		for (size_t i = 0; i < ns; i++) {
			const json_t *o = json_array_get(stds, i);

			rc = pu_io_standard_from_json(&d->standards[i], o);
			if (rc < 0) {
				pu_error_prefix("standards[%zu]%s: ", i,
						std_key(o, key, sizeof(key)));
				goto fail;
			}
			d->nstandards++;
		}
		for (size_t i = 0; i < na; i++) {
			const json_t *o = json_array_get(agrs, i);
			const char *id = json_string_value(json_object_get(o, "id"));

			rc = pu_io_agreement_from_json(&d->agreements[i], o);
			if (rc < 0) {
				pu_error_prefix("agreements[%zu] (%.64s): ", i,
						id ? id : "?");
				goto fail;
			}
			d->nagreements++;
		}
	}
	*out = d;
	return 0;
fail:
	pu_doc_free(d);
	return rc;
}

int pu_io_parse_document(pu_doc **out, const char *data, size_t len,
			 const char *name)
{
	json_t *root = NULL;
	int line, rc;

	*out = NULL;
	rc = pu_io_load_json(&root, data, len, &line);
	if (rc == 0)
		rc = pu_io_document_from_json(out, root);
	json_decref(root);
	if (rc < 0 && name)
		pu_error_prefix("%s: ", name);
	return rc;
}

int pu_io_parse_standard(pu_standard **out, const char *data, size_t len)
{
	json_t *root = NULL;
	int line, rc;

	rc = pu_io_load_json(&root, data, len, &line);
	if (rc == 0)
		rc = pu_io_standard_from_json(out, root);
	json_decref(root);
	return rc;
}
