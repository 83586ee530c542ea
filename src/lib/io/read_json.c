/*
 * Puente JSON -> records. Strict: unknown fields, wrong types and bad values are
 * errors naming the field path ("units[2].elements[0].title"). Records are then
 * checked on their own (pu_standard_validate, pu_framework_validate).
 */
#include "io_internal.h"

#include "jsonx.h"
#include "puente/buf.h"
#include "puente/error.h"
#include "puente/text.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define MAX_DEPTH 32

static int oom(void)
{
	return pu_error_set(PU_ENOMEM, "out of memory");
}

/* Refuses members not in allowed (NULL-terminated). */
static int only_keys(const json_t *o, const char *const *allowed,
		     const char *field)
{
	const char *k;
	json_t *v;

	json_object_foreach((json_t *)o, k, v)
	{
		size_t i;

		(void)v;
		for (i = 0; allowed[i] != NULL; i++)
			if (strcmp(k, allowed[i]) == 0)
				break;
		if (allowed[i] == NULL)
			return pu_error_set(PU_EINVAL, "%s%s\"%.64s\": unknown field",
					    field, field[0] ? "." : "", k);
	}
	return 0;
}

/* An optional string member (absent or null gives NULL). */
static int str(pu_arena *a, const json_t *o, const char *key, const char *field,
	       bool required, const char **out)
{
	json_t *v = json_object_get(o, key);

	*out = NULL;
	if (v == NULL || json_is_null(v)) {
		if (required)
			return pu_error_set(PU_EINVAL, "%s%s%s: missing", field,
					    field[0] ? "." : "", key);
		return 0;
	}
	if (!json_is_string(v))
		return pu_error_set(PU_EINVAL, "%s%s%s: expected a string", field,
				    field[0] ? "." : "", key);
	if (json_string_length(v) > PU_CATALOG_MAX_TEXT)
		return pu_error_set(PU_ELIMIT, "%s%s%s: longer than %d bytes",
				    field, field[0] ? "." : "", key,
				    PU_CATALOG_MAX_TEXT);
	*out = pu_arena_strndup(a, json_string_value(v), json_string_length(v));
	return *out ? 0 : oom();
}

static int mtext(pu_arena *a, const json_t *o, const char *key,
		 const char *field, const char *lang, pu_mtext *out)
{
	char f[192];

	snprintf(f, sizeof(f), "%s%s%s", field, field[0] ? "." : "", key);
	return pu_jsonx_mtext(a, json_object_get(o, key), lang, f, out);
}

/* An array member; absent or null gives NULL with n = 0. */
static int arr(const json_t *o, const char *key, const char *field,
	       const json_t **out, size_t *n)
{
	json_t *v = json_object_get(o, key);

	*out = NULL;
	*n = 0;
	if (v == NULL || json_is_null(v))
		return 0;
	if (!json_is_array(v))
		return pu_error_set(PU_EINVAL, "%s%s%s: expected a list", field,
				    field[0] ? "." : "", key);
	if (json_array_size(v) > PU_CATALOG_MAX_ITEMS)
		return pu_error_set(PU_ELIMIT, "%s%s%s: more than %d items",
				    field, field[0] ? "." : "", key,
				    PU_CATALOG_MAX_ITEMS);
	*out = v;
	*n = json_array_size(v);
	return 0;
}

static int is_obj(const json_t *v, const char *field)
{
	if (!json_is_object(v))
		return pu_error_set(PU_EINVAL, "%s: expected an object", field);
	return 0;
}

static void *alloc_n(pu_arena *a, size_t n, size_t size)
{
	return pu_arena_alloc(a, (n ? n : 1) * size);
}

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

	if ((rc = is_obj(o, field)) < 0 || (rc = only_keys(o, keys, field)) < 0 ||
	    (rc = str(a, o, "code", field, true, &e->code)) < 0 ||
	    (rc = mtext(a, o, "title", field, lang, &e->title)) < 0 ||
	    (rc = arr(o, "criteria", field, &crit, &e->ncriteria)) < 0)
		return rc;
	e->criteria = alloc_n(a, e->ncriteria, sizeof(*e->criteria));
	if (e->criteria == NULL)
		return oom();
	for (size_t i = 0; i < e->ncriteria; i++) {
		static const char *const ckeys[] = {"code", "text", "type", NULL};
		const json_t *c = json_array_get(crit, i);
		pu_criterion *cr = &e->criteria[i];

		snprintf(f, sizeof(f), "%s.criteria[%zu]", field, i);
		if ((rc = is_obj(c, f)) < 0 || (rc = only_keys(c, ckeys, f)) < 0 ||
		    (rc = str(a, c, "code", f, true, &cr->code)) < 0 ||
		    (rc = mtext(a, c, "text", f, lang, &cr->text)) < 0 ||
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

	if ((rc = is_obj(o, field)) < 0 || (rc = only_keys(o, keys, field)) < 0 ||
	    (rc = str(a, o, "code", field, true, &u->code)) < 0 ||
	    (rc = mtext(a, o, "title", field, lang, &u->title)) < 0 ||
	    (rc = str(a, o, "type", field, false, &type)) < 0 ||
	    (rc = arr(o, "elements", field, &els, &u->nelements)) < 0 ||
	    (rc = arr(o, "knowledge", field, &kn, &u->nknowledge)) < 0 ||
	    (rc = arr(o, "evidence", field, &ev, &u->nevidence)) < 0)
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
	u->elements = alloc_n(a, u->nelements, sizeof(*u->elements));
	u->knowledge = alloc_n(a, u->nknowledge, sizeof(*u->knowledge));
	u->evidence = alloc_n(a, u->nevidence, sizeof(*u->evidence));
	if (!u->elements || !u->knowledge || !u->evidence)
		return oom();
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
		if ((rc = is_obj(e, f)) < 0 || (rc = only_keys(e, ekeys, f)) < 0 ||
		    (rc = read_evidence_type(e, "type", f,
					     &u->evidence[i].type)) < 0 ||
		    (rc = mtext(a, e, "text", f, lang, &u->evidence[i].text)) <
			    0)
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
	if ((rc = is_obj(codes, "codes")) < 0 ||
	    (rc = only_keys(codes, keys, "codes")) < 0)
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
	s->codes = alloc_n(a, total, sizeof(*s->codes));
	if (s->codes == NULL)
		return oom();
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

				if ((rc = is_obj(item, f)) < 0 ||
				    (rc = only_keys(item, nkeys, f)) < 0 ||
				    (rc = str(a, item, "scheme", f, true,
					      &c->scheme)) < 0 ||
				    (rc = str(a, item, "code", f, true,
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
				return oom();
		}
	}
	return 0;
}

static int read_groups(pu_arena *a, const json_t *o, pu_standard *s)
{
	const json_t *groups;
	int rc;

	if ((rc = arr(o, "elective_groups", "", &groups, &s->ngroups)) < 0)
		return rc;
	s->groups = alloc_n(a, s->ngroups, sizeof(*s->groups));
	if (s->groups == NULL)
		return oom();
	for (size_t g = 0; g < s->ngroups; g++) {
		static const char *const keys[] = {"id", "name", "choose",
						   "units", NULL};
		const json_t *go = json_array_get(groups, g), *units, *choose;
		pu_elective_group *eg = &s->groups[g];
		char f[64];

		snprintf(f, sizeof(f), "elective_groups[%zu]", g);
		if ((rc = is_obj(go, f)) < 0 || (rc = only_keys(go, keys, f)) < 0 ||
		    (rc = str(a, go, "id", f, true, &eg->id)) < 0 ||
		    (rc = mtext(a, go, "name", f, s->language, &eg->name)) < 0 ||
		    (rc = arr(go, "units", f, &units, &eg->nunits)) < 0)
			return rc;
		choose = json_object_get(go, "choose");
		if (!json_is_integer(choose) || json_integer_value(choose) < 1 ||
		    json_integer_value(choose) > PU_CATALOG_MAX_ITEMS)
			return pu_error_set(PU_EINVAL,
					    "%s.choose: expected a whole number "
					    ">= 1",
					    f);
		eg->choose = (int)json_integer_value(choose);
		eg->units = alloc_n(a, eg->nunits, sizeof(*eg->units));
		if (eg->units == NULL)
			return oom();
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
	if ((rc = is_obj(o, "standard")) < 0)
		return rc;
	if ((rc = pu_arena_new(&a)) < 0)
		return rc;
	s = pu_arena_alloc(a, sizeof(*s));
	if (s == NULL) {
		rc = oom();
		goto fail;
	}
	s->arena = a;
	if ((rc = only_keys(o, keys, "")) < 0 ||
	    (rc = str(a, o, "country", "", true, &s->country)) < 0 ||
	    (rc = str(a, o, "code", "", true, &s->code)) < 0 ||
	    (rc = str(a, o, "version", "", false, &s->version)) < 0 ||
	    (rc = str(a, o, "kind", "", false, &kind)) < 0 ||
	    (rc = str(a, o, "body", "", false, &s->body)) < 0 ||
	    (rc = str(a, o, "status", "", false, &status)) < 0 ||
	    (rc = str(a, o, "valid_from", "", false, &s->valid_from)) < 0 ||
	    (rc = str(a, o, "valid_to", "", false, &s->valid_to)) < 0 ||
	    (rc = str(a, o, "superseded_by", "", false, &s->superseded_by)) < 0 ||
	    (rc = str(a, o, "language", "", true, &s->language)) < 0 ||
	    (rc = str(a, o, "sector", "", false, &s->sector)) < 0)
		goto fail;
	if (kind && (rc = pu_kind_parse(kind, &s->kind)) < 0) {
		pu_error_prefix("kind: ");
		goto fail;
	}
	if (status && (rc = pu_status_parse(status, &s->status)) < 0) {
		pu_error_prefix("status: ");
		goto fail;
	}
	if ((rc = mtext(a, o, "title", "", s->language, &s->title)) < 0 ||
	    (rc = pu_jsonx_mtext_list(a, json_object_get(o, "alt_titles"),
				      "alt_titles", &s->alt_titles)) < 0 ||
	    (rc = mtext(a, o, "description", "", s->language,
			&s->description)) < 0)
		goto fail;
	level = json_object_get(o, "level");
	if (level != NULL && !json_is_null(level)) {
		static const char *const lkeys[] = {"framework", "level", NULL};

		if ((rc = is_obj(level, "level")) < 0 ||
		    (rc = only_keys(level, lkeys, "level")) < 0 ||
		    (rc = str(a, level, "framework", "level", true,
			      &s->level_framework)) < 0 ||
		    (rc = str(a, level, "level", "level", true,
			      &s->level_code)) < 0)
			goto fail;
	}
	if ((rc = read_codes(a, o, s)) < 0)
		goto fail;
	if ((rc = arr(o, "units", "", &units, &s->nunits)) < 0)
		goto fail;
	s->units = alloc_n(a, s->nunits, sizeof(*s->units));
	if (s->units == NULL) {
		rc = oom();
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
				rc = oom();
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

int pu_io_framework_from_json(pu_framework **out, const json_t *o)
{
	static const char *const keys[] = {"id",    "type",   "country",
					   "name",  "short_name", "owner",
					   "source", "domains", "levels", NULL};
	const json_t *doms, *levels;
	const char *type = NULL;
	pu_framework *f;
	pu_arena *a = NULL;
	int rc;

	*out = NULL;
	if ((rc = is_obj(o, "framework")) < 0 || (rc = pu_arena_new(&a)) < 0)
		return rc;
	f = pu_arena_alloc(a, sizeof(*f));
	if (f == NULL) {
		rc = oom();
		goto fail;
	}
	f->arena = a;
	if ((rc = only_keys(o, keys, "")) < 0 ||
	    (rc = str(a, o, "id", "", true, &f->id)) < 0 ||
	    (rc = str(a, o, "type", "", true, &type)) < 0 ||
	    (rc = str(a, o, "country", "", true, &f->country)) < 0 ||
	    (rc = str(a, o, "short_name", "", false, &f->short_name)) < 0 ||
	    (rc = str(a, o, "owner", "", false, &f->owner)) < 0 ||
	    (rc = str(a, o, "source", "", false, &f->source)) < 0 ||
	    (rc = mtext(a, o, "name", "", "en", &f->name)) < 0 ||
	    (rc = arr(o, "domains", "", &doms, &f->ndomains)) < 0 ||
	    (rc = arr(o, "levels", "", &levels, &f->nlevels)) < 0)
		goto fail;
	if ((rc = pu_framework_type_parse(type, &f->type)) < 0) {
		pu_error_prefix("type: ");
		goto fail;
	}
	f->domains = alloc_n(a, f->ndomains, sizeof(*f->domains));
	f->levels = alloc_n(a, f->nlevels, sizeof(*f->levels));
	if (f->domains == NULL || f->levels == NULL) {
		rc = oom();
		goto fail;
	}
	for (size_t i = 0; i < f->ndomains; i++) {
		static const char *const dkeys[] = {"id", "name", NULL};
		const json_t *d = json_array_get(doms, i);
		char fd[32];

		snprintf(fd, sizeof(fd), "domains[%zu]", i);
		if ((rc = is_obj(d, fd)) < 0 || (rc = only_keys(d, dkeys, fd)) < 0 ||
		    (rc = str(a, d, "id", fd, true, &f->domains[i].id)) < 0 ||
		    (rc = mtext(a, d, "name", fd, "en", &f->domains[i].name)) < 0)
			goto fail;
	}
	for (size_t i = 0; i < f->nlevels; i++) {
		static const char *const lkeys[] = {"code", "name", "descriptors",
						    "notes", NULL};
		const json_t *l = json_array_get(levels, i), *desc;
		pu_level *lv = &f->levels[i];
		char fl[32];

		snprintf(fl, sizeof(fl), "levels[%zu]", i);
		lv->rank = (int)i + 1;
		if ((rc = is_obj(l, fl)) < 0 || (rc = only_keys(l, lkeys, fl)) < 0 ||
		    (rc = str(a, l, "code", fl, true, &lv->code)) < 0 ||
		    (rc = mtext(a, l, "name", fl, "en", &lv->name)) < 0 ||
		    (rc = mtext(a, l, "notes", fl, "en", &lv->notes)) < 0)
			goto fail;
		desc = json_object_get(l, "descriptors");
		if (desc != NULL && !json_is_null(desc)) {
			const char *dom;
			json_t *dv;
			char fdd[96];

			snprintf(fdd, sizeof(fdd), "%s.descriptors", fl);
			if ((rc = is_obj(desc, fdd)) < 0)
				goto fail;
			lv->descriptors = alloc_n(a, json_object_size(desc),
						  sizeof(*lv->descriptors));
			if (lv->descriptors == NULL) {
				rc = oom();
				goto fail;
			}
			json_object_foreach((json_t *)desc, dom, dv)
			{
				pu_descriptor *d =
					&lv->descriptors[lv->ndescriptors++];
				char fx[160];

				snprintf(fx, sizeof(fx), "%s.%s", fdd, dom);
				d->domain = pu_arena_strdup(a, dom);
				rc = pu_jsonx_mtext(a, dv, "en", fx, &d->text);
				if (rc < 0)
					goto fail;
			}
		}
	}
	if ((rc = pu_framework_validate(f)) < 0)
		goto fail;
	*out = f;
	return 0;
fail:
	pu_arena_free(a);
	return rc;
}

int pu_io_referencing_from_json(pu_referencing **out, const json_t *o)
{
	static const char *const keys[] = {"from", "to", "status", "source",
					   "levels", NULL};
	const json_t *levels;
	const char *status = NULL;
	pu_referencing *r;
	pu_arena *a = NULL;
	int rc;

	*out = NULL;
	if ((rc = is_obj(o, "referencing")) < 0 || (rc = pu_arena_new(&a)) < 0)
		return rc;
	r = pu_arena_alloc(a, sizeof(*r));
	if (r == NULL) {
		rc = oom();
		goto fail;
	}
	r->arena = a;
	if ((rc = only_keys(o, keys, "")) < 0 ||
	    (rc = str(a, o, "from", "", true, &r->from)) < 0 ||
	    (rc = str(a, o, "to", "", true, &r->to)) < 0 ||
	    (rc = str(a, o, "status", "", true, &status)) < 0 ||
	    (rc = str(a, o, "source", "", false, &r->source)) < 0 ||
	    (rc = arr(o, "levels", "", &levels, &r->nlevels)) < 0)
		goto fail;
	if ((rc = pu_ref_status_parse(status, &r->status)) < 0) {
		pu_error_prefix("status: ");
		goto fail;
	}
	r->levels = alloc_n(a, r->nlevels, sizeof(*r->levels));
	if (r->levels == NULL) {
		rc = oom();
		goto fail;
	}
	for (size_t i = 0; i < r->nlevels; i++) {
		static const char *const mkeys[] = {"level", "to", NULL};
		const json_t *m = json_array_get(levels, i), *to;
		pu_refmap *rm = &r->levels[i];
		char f[32];

		snprintf(f, sizeof(f), "levels[%zu]", i);
		if ((rc = is_obj(m, f)) < 0 || (rc = only_keys(m, mkeys, f)) < 0 ||
		    (rc = str(a, m, "level", f, true, &rm->level)) < 0 ||
		    (rc = arr(m, "to", f, &to, &rm->nto)) < 0)
			goto fail;
		rm->to = alloc_n(a, rm->nto, sizeof(*rm->to));
		if (rm->to == NULL) {
			rc = oom();
			goto fail;
		}
		for (size_t k = 0; k < rm->nto; k++) {
			json_t *t = json_array_get(to, k);

			if (!json_is_string(t)) {
				rc = pu_error_set(PU_EINVAL,
						  "%s.to[%zu]: expected a level "
						  "code",
						  f, k);
				goto fail;
			}
			rm->to[k] = pu_arena_strdup(a, json_string_value(t));
		}
	}
	*out = r;
	return 0;
fail:
	pu_arena_free(a);
	return rc;
}

/* A list of codes (parties, extra units) into the arena. */
static int codes(pu_arena *a, const json_t *o, const char *key,
		 const char *field, const char ***out, size_t *n)
{
	const json_t *list;
	int rc;

	if ((rc = arr(o, key, field, &list, n)) < 0)
		return rc;
	*out = alloc_n(a, *n, sizeof(**out));
	if (*out == NULL)
		return oom();
	for (size_t i = 0; i < *n; i++) {
		json_t *v = json_array_get(list, i);

		if (!json_is_string(v))
			return pu_error_set(PU_EINVAL, "%s%s%s[%zu]: expected a "
					    "string", field, field[0] ? "." : "",
					    key, i);
		(*out)[i] = pu_arena_strdup(a, json_string_value(v));
		if ((*out)[i] == NULL)
			return oom();
	}
	return 0;
}

/* {"country": ..., "code": ...} naming a standard. */
static int std_ref(pu_arena *a, const json_t *o, const char *key,
		   const char *field, const char **country, const char **code)
{
	static const char *const keys[] = {"country", "code", NULL};
	const json_t *v = json_object_get(o, key);
	char f[96];
	int rc;

	snprintf(f, sizeof(f), "%s.%s", field, key);
	if (v == NULL || json_is_null(v))
		return pu_error_set(PU_EINVAL, "%s: missing", f);
	if ((rc = is_obj(v, f)) < 0 || (rc = only_keys(v, keys, f)) < 0 ||
	    (rc = str(a, v, "country", f, true, country)) < 0 ||
	    (rc = str(a, v, "code", f, true, code)) < 0)
		return rc;
	return 0;
}

static int read_entry(pu_arena *a, const json_t *o, const char *field,
		      pu_agreement_entry *e)
{
	static const char *const keys[] = {
		"source",     "destination", "equivalence",  "extra_units",
		"conditions", "valid_from",  "valid_to",     "confirmed_by",
		"confirmed_at", NULL};
	const char *eq = NULL;
	int rc;

	if ((rc = is_obj(o, field)) < 0 || (rc = only_keys(o, keys, field)) < 0 ||
	    (rc = std_ref(a, o, "source", field, &e->source_country,
			  &e->source_code)) < 0 ||
	    (rc = std_ref(a, o, "destination", field, &e->dest_country,
			  &e->dest_code)) < 0 ||
	    (rc = str(a, o, "equivalence", field, true, &eq)) < 0 ||
	    (rc = codes(a, o, "extra_units", field, &e->extra_units,
			&e->nextra_units)) < 0 ||
	    (rc = mtext(a, o, "conditions", field, "en", &e->conditions)) < 0 ||
	    (rc = str(a, o, "valid_from", field, false, &e->valid_from)) < 0 ||
	    (rc = str(a, o, "valid_to", field, false, &e->valid_to)) < 0 ||
	    (rc = str(a, o, "confirmed_by", field, false, &e->confirmed_by)) <
		    0 ||
	    (rc = str(a, o, "confirmed_at", field, false, &e->confirmed_at)) < 0)
		return rc;
	if ((rc = pu_equivalence_parse(eq, &e->equivalence)) < 0)
		return pu_error_prefix("%s.equivalence: ", field);
	return 0;
}

int pu_io_agreement_from_json(pu_agreement **out, const json_t *o)
{
	static const char *const keys[] = {
		"id",	   "title",	 "parties",    "scope",	   "legal_reference",
		"source", "valid_from", "valid_to", "entries", NULL};
	const json_t *entries;
	pu_agreement *ag;
	pu_arena *a = NULL;
	int rc;

	*out = NULL;
	if ((rc = is_obj(o, "agreement")) < 0 || (rc = pu_arena_new(&a)) < 0)
		return rc;
	ag = pu_arena_alloc(a, sizeof(*ag));
	if (ag == NULL) {
		rc = oom();
		goto fail;
	}
	ag->arena = a;
	if ((rc = only_keys(o, keys, "")) < 0 ||
	    (rc = str(a, o, "id", "", true, &ag->id)) < 0 ||
	    (rc = mtext(a, o, "title", "", "en", &ag->title)) < 0 ||
	    (rc = codes(a, o, "parties", "", &ag->parties, &ag->nparties)) < 0 ||
	    (rc = mtext(a, o, "scope", "", "en", &ag->scope)) < 0 ||
	    (rc = str(a, o, "legal_reference", "", false,
		      &ag->legal_reference)) < 0 ||
	    (rc = str(a, o, "source", "", false, &ag->source)) < 0 ||
	    (rc = str(a, o, "valid_from", "", false, &ag->valid_from)) < 0 ||
	    (rc = str(a, o, "valid_to", "", false, &ag->valid_to)) < 0)
		goto fail;
	/* More entries than arr() allows for other lists. */
	entries = json_object_get(o, "entries");
	if (entries != NULL && !json_is_null(entries) &&
	    !json_is_array(entries)) {
		rc = pu_error_set(PU_EINVAL, "entries: expected a list");
		goto fail;
	}
	ag->nentries = entries ? json_array_size(entries) : 0;
	if (ag->nentries > PU_AGREEMENT_MAX_ENTRIES) {
		rc = pu_error_set(PU_ELIMIT, "entries: more than %d",
				  PU_AGREEMENT_MAX_ENTRIES);
		goto fail;
	}
	ag->entries = alloc_n(a, ag->nentries, sizeof(*ag->entries));
	if (ag->entries == NULL) {
		rc = oom();
		goto fail;
	}
	for (size_t i = 0; i < ag->nentries; i++) {
		char f[32];

		snprintf(f, sizeof(f), "entries[%zu]", i);
		rc = read_entry(a, json_array_get(entries, i), f,
				&ag->entries[i]);
		if (rc < 0)
			goto fail;
	}
	if ((rc = pu_agreement_validate(ag)) < 0)
		goto fail;
	*out = ag;
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
	if ((rc = only_keys(root, keys, "")) < 0)
		return rc;
	d = calloc(1, sizeof(*d));
	if (d == NULL)
		return oom();
	if ((rc = arr(root, "frameworks", "", &fws, &d->nframeworks)) < 0 ||
	    (rc = arr(root, "referencing", "", &refs, &d->nreferencing)) < 0)
		goto fail;
	stds = json_object_get(root, "standards");
	if (stds != NULL && !json_is_array(stds)) {
		rc = pu_error_set(PU_EINVAL, "standards: expected a list");
		goto fail;
	}
	d->nstandards = stds ? json_array_size(stds) : 0;
	if ((rc = arr(root, "agreements", "", &agrs, &d->nagreements)) < 0)
		goto fail;
	d->frameworks = calloc(d->nframeworks + 1, sizeof(*d->frameworks));
	d->referencing = calloc(d->nreferencing + 1, sizeof(*d->referencing));
	d->standards = calloc(d->nstandards + 1, sizeof(*d->standards));
	d->agreements = calloc(d->nagreements + 1, sizeof(*d->agreements));
	if (!d->frameworks || !d->referencing || !d->standards ||
	    !d->agreements) {
		rc = oom();
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
