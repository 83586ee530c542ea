/*
 * The JSON views shared by the CLI and the HTTP API (include/puente/view.h).
 */
#include "puente/view.h"

#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "puente/error.h"

json_t *pu_view_mtext(const pu_mtext *t)
{
	json_t *o = json_object();

	for (size_t i = 0; o != NULL && i < t->n; i++)
		json_object_set_new(o, t->v[i].lang, json_string(t->v[i].text));
	return o;
}

json_t *pu_view_framework_summary(const pu_framework *f)
{
	return json_pack("{s:s, s:s, s:s, s:o, s:s?, s:I}", "id", f->id, "type",
			 pu_framework_type_name(f->type), "country", f->country,
			 "name", pu_view_mtext(&f->name), "short_name",
			 f->short_name, "levels", (json_int_t)f->nlevels);
}

static json_t *level_json(const pu_level *l)
{
	json_t *d = json_object();

	for (size_t k = 0; d != NULL && k < l->ndescriptors; k++)
		json_object_set_new(d, l->descriptors[k].domain,
				    pu_view_mtext(&l->descriptors[k].text));
	return json_pack("{s:s, s:i, s:o, s:o, s:o}", "code", l->code, "rank",
			 l->rank, "name", pu_view_mtext(&l->name), "notes",
			 pu_view_mtext(&l->notes), "descriptors", d);
}

json_t *pu_view_framework(const pu_registry *reg, const pu_framework *f)
{
	json_t *o = pu_view_framework_summary(f), *levels = json_array(),
	       *refs = json_array();

	if (o == NULL || levels == NULL || refs == NULL) {
		json_decref(o);
		json_decref(levels);
		json_decref(refs);
		return NULL;
	}
	for (size_t i = 0; i < f->nlevels; i++)
		json_array_append_new(levels, level_json(&f->levels[i]));
	for (size_t i = 0; i < pu_registry_ref_count(reg); i++) {
		const pu_referencing *r = pu_registry_ref_at(reg, i);

		if (strcmp(r->from, f->id) == 0 || strcmp(r->to, f->id) == 0)
			json_array_append_new(
				refs, json_pack("{s:s, s:s, s:s, s:s?}", "from",
						r->from, "to", r->to, "status",
						pu_ref_status_name(r->status),
						"source", r->source));
	}
	json_object_set_new(o, "level_list", levels);
	json_object_set_new(o, "referencing", refs);
	json_object_set_new(o, "source",
			    f->source ? json_string(f->source) : json_null());
	return o;
}

json_t *pu_view_level_cmp(const pu_framework *a, const char *la,
			  const pu_framework *b, const char *lb,
			  const pu_level_cmp *r)
{
	json_t *o = json_pack("{s:{s:s, s:s}, s:{s:s, s:s}, s:s, s:s}", "a",
			      "framework", a->id, "level", la, "b", "framework",
			      b->id, "level", lb, "relation",
			      pu_level_relation_name(r->relation), "reason",
			      r->reason);

	if (o != NULL && r->via != NULL) {
		json_object_set_new(o, "via", json_string(r->via));
		json_object_set_new(o, "status",
				    json_string(pu_ref_status_name(r->status)));
		json_object_set_new(o, "a_range",
				    json_pack("[i, i]", r->a_lo, r->a_hi));
		json_object_set_new(o, "b_range",
				    json_pack("[i, i]", r->b_lo, r->b_hi));
	}
	return o;
}

int pu_view_level_table(json_t **out, const pu_registry *reg,
			const pu_framework *a, const char *la,
			const pu_framework *b, const char *lb)
{
	json_t *arr = json_array();
	int rc = 0;

	*out = NULL;
	if (arr == NULL)
		return pu_error_set(PU_ENOMEM, "out of memory");
	for (size_t i = 0; i < a->nlevels; i++) {
		const char *ca = a->levels[i].code;

		if (la != NULL && la[0] && strcmp(la, ca) != 0)
			continue;
		for (size_t j = 0; j < b->nlevels; j++) {
			const char *cb = b->levels[j].code;
			pu_level_cmp r;

			if (lb != NULL && lb[0] && strcmp(lb, cb) != 0)
				continue;
			rc = pu_level_compare(reg, a->id, ca, b->id, cb, &r);
			if (rc < 0) {
				json_decref(arr);
				return rc;
			}
			json_array_append_new(arr,
					      pu_view_level_cmp(a, ca, b, cb, &r));
		}
	}
	*out = json_pack("{s:s, s:s, s:o}", "a", a->id, "b", b->id,
			 "comparisons", arr);
	return *out ? 0 : pu_error_set(PU_ENOMEM, "out of memory");
}

static json_t *hit_json(const pu_search_hit *h)
{
	json_t *o = json_pack("{s:s, s:s, s:s, s:s, s:s, s:o, s:s?, s:s?, "
			      "s:s?, s:I, s:f}",
			      "country", h->country, "code", h->code, "kind",
			      pu_kind_name(h->kind), "status",
			      pu_status_name(h->status), "language", h->language,
			      "title", pu_view_mtext(&h->title), "body", h->body,
			      "sector", h->sector, "isco08", h->isco, "units",
			      (json_int_t)h->nunits, "score", h->score);

	if (o != NULL && h->level_framework)
		json_object_set_new(o, "level",
				    json_pack("{s:s, s:s}", "framework",
					      h->level_framework, "level",
					      h->level_code));
	return o;
}

json_t *pu_view_search(const pu_search_result *r)
{
	json_t *hits = json_array();

	for (size_t i = 0; hits != NULL && i < r->n; i++)
		json_array_append_new(hits, hit_json(&r->hits[i]));
	return json_pack("{s:o, s:b}", "results", hits, "relaxed", r->relaxed);
}

json_t *pu_view_counts(const pu_store_counts *s, const char *database)
{
	json_t *o = json_pack(
		"{s:s?, s:s, s:i, s:I, s:I, s:{s:I, s:I, s:I, s:I, s:I, s:I, "
		"s:I, s:I, s:I}}",
		"database", database, "backend", s->backend, "schema_version",
		s->schema_version, "catalog_version",
		(json_int_t)s->catalog_version, "bytes", (json_int_t)s->bytes,
		"counts", "frameworks", (json_int_t)s->frameworks, "levels",
		(json_int_t)s->levels, "referencing", (json_int_t)s->referencing,
		"standards", (json_int_t)s->standards, "units",
		(json_int_t)s->units, "elements", (json_int_t)s->elements,
		"criteria", (json_int_t)s->criteria, "agreements",
		(json_int_t)s->agreements, "agreement_entries",
		(json_int_t)s->agreement_entries);
	json_t *countries = json_array();

	for (size_t i = 0; countries != NULL && i < s->ncountries; i++)
		json_array_append_new(
			countries,
			json_pack("{s:s, s:I, s:I}", "country",
				  s->countries[i].country, "standards",
				  (json_int_t)s->countries[i].standards, "units",
				  (json_int_t)s->countries[i].units));
	if (o == NULL || countries == NULL) {
		json_decref(o);
		json_decref(countries);
		return NULL;
	}
	json_object_set_new(o, "countries", countries);
	return o;
}

json_t *pu_view_import(const char *name, const pu_import_result *r)
{
	return json_pack("{s:s, s:s, s:I, s:I, s:I, s:I, s:I, s:I}", "file",
			 name, "format", pu_format_name(r->format), "frameworks",
			 (json_int_t)r->frameworks, "referencing",
			 (json_int_t)r->referencing, "standards",
			 (json_int_t)r->standards, "units", (json_int_t)r->units,
			 "criteria", (json_int_t)r->criteria, "agreements",
			 (json_int_t)r->agreements);
}

int pu_view_resolve_level(const pu_registry *reg, const char *arg,
			  const pu_framework **fw, char *level, size_t n)
{
	const char *colon = strchr(arg, ':');
	size_t len = colon ? (size_t)(colon - arg) : strlen(arg);
	char name[80];

	*fw = NULL;
	if (len >= sizeof(name) || (colon && strlen(colon + 1) >= n))
		return pu_error_set(PU_EINVAL, "\"%.80s\" is too long", arg);
	memcpy(name, arg, len);
	name[len] = '\0';
	snprintf(level, n, "%s", colon ? colon + 1 : "");
	*fw = pu_registry_find(reg, name);
	if (*fw == NULL)
		*fw = pu_registry_of_country(reg, name);
	if (*fw == NULL)
		return pu_error_set(PU_ENOTFOUND,
				    "\"%s\" is neither a framework nor a "
				    "country with a framework; the level "
				    "comparison is unknown (no national "
				    "framework)",
				    name);
	if (level[0] && pu_framework_level(*fw, level) == NULL)
		return pu_error_set(PU_ENOTFOUND, "%s has no level \"%s\"",
				    (*fw)->id, level);
	return 0;
}
