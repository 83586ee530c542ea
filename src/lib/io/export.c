/*
 * Records -> Puente JSON. Output is deterministic: records sorted by key, members
 * in a fixed order, two-space indentation, so that import -> export -> import ->
 * export gives identical bytes.
 */
#include "io_internal.h"

#include "jsonx.h"
#include "puente/error.h"
#include "puente/store.h"

#include <stdlib.h>
#include <string.h>

#define DUMP_FLAGS (JSON_INDENT(2) | JSON_PRESERVE_ORDER)

static int set(json_t *o, const char *k, json_t *v)
{
	if (v == NULL)
		return -1;
	return json_object_set_new(o, k, v);
}

static void set_str(json_t *o, const char *k, const char *v)
{
	if (v != NULL)
		json_object_set_new(o, k, json_string(v));
}

static void set_mtext(json_t *o, const char *k, const pu_mtext *t)
{
	if (t->n > 0)
		set(o, k, pu_jsonx_from_mtext(t));
}

static json_t *unit_json(const pu_unit *u)
{
	json_t *o = json_object(), *els = json_array();

	set_str(o, "code", u->code);
	set_mtext(o, "title", &u->title);
	set_str(o, "type", u->elective ? "elective" : "core");
	if (u->hours >= 0)
		set(o, "hours", u->hours == (double)(json_int_t)u->hours
					? json_integer((json_int_t)u->hours)
					: json_real(u->hours));
	for (size_t e = 0; e < u->nelements; e++) {
		const pu_element *el = &u->elements[e];
		json_t *eo = json_object(), *crit = json_array();

		set_str(eo, "code", el->code);
		set_mtext(eo, "title", &el->title);
		for (size_t c = 0; c < el->ncriteria; c++) {
			json_t *co = json_object();

			set_str(co, "code", el->criteria[c].code);
			set_mtext(co, "text", &el->criteria[c].text);
			set_str(co, "type",
				pu_evidence_name(el->criteria[c].type));
			json_array_append_new(crit, co);
		}
		set(eo, "criteria", crit);
		json_array_append_new(els, eo);
	}
	set(o, "elements", els);
	if (u->nknowledge > 0) {
		json_t *k = json_array();

		for (size_t i = 0; i < u->nknowledge; i++)
			json_array_append_new(k,
					      pu_jsonx_from_mtext(&u->knowledge[i]));
		set(o, "knowledge", k);
	}
	if (u->nevidence > 0) {
		json_t *ev = json_array();

		for (size_t i = 0; i < u->nevidence; i++) {
			json_t *eo = json_object();

			set_str(eo, "type",
				pu_evidence_name(u->evidence[i].type));
			set_mtext(eo, "text", &u->evidence[i].text);
			json_array_append_new(ev, eo);
		}
		set(o, "evidence", ev);
	}
	return o;
}

json_t *pu_io_standard_to_json(const pu_standard *s)
{
	json_t *o = json_object(), *units = json_array();
	static const char *const schemes[] = {"isco08", "isic4", "iscedf2013"};

	if (o == NULL || units == NULL) {
		json_decref(o);
		json_decref(units);
		return NULL;
	}
	set_str(o, "country", s->country);
	set_str(o, "code", s->code);
	set_str(o, "version", s->version);
	set_str(o, "kind", pu_kind_name(s->kind));
	set_str(o, "body", s->body);
	set_str(o, "status", pu_status_name(s->status));
	set_str(o, "valid_from", s->valid_from);
	set_str(o, "valid_to", s->valid_to);
	set_str(o, "superseded_by", s->superseded_by);
	set_str(o, "language", s->language);
	set_mtext(o, "title", &s->title);
	if (s->alt_titles.n > 0)
		set(o, "alt_titles", pu_jsonx_from_mtext_list(&s->alt_titles));
	set_mtext(o, "description", &s->description);
	if (s->level_framework != NULL)
		set(o, "level", json_pack("{s:s, s:s}", "framework",
					  s->level_framework, "level",
					  s->level_code));
	set_str(o, "sector", s->sector);
	if (s->ncodes > 0) {
		json_t *codes = json_object(), *nat = json_array();

		for (size_t k = 0; k < 3; k++) {
			json_t *list = json_array();

			for (size_t i = 0; i < s->ncodes; i++)
				if (!s->codes[i].national &&
				    strcmp(s->codes[i].scheme, schemes[k]) == 0)
					json_array_append_new(
						list, json_string(s->codes[i].code));
			if (json_array_size(list) > 0)
				set(codes, schemes[k], list);
			else
				json_decref(list);
		}
		for (size_t i = 0; i < s->ncodes; i++)
			if (s->codes[i].national)
				json_array_append_new(
					nat, json_pack("{s:s, s:s}", "scheme",
						       s->codes[i].scheme, "code",
						       s->codes[i].code));
		if (json_array_size(nat) > 0)
			set(codes, "national", nat);
		else
			json_decref(nat);
		set(o, "codes", codes);
	}
	for (size_t i = 0; i < s->nunits; i++)
		json_array_append_new(units, unit_json(&s->units[i]));
	set(o, "units", units);
	if (s->ngroups > 0) {
		json_t *groups = json_array();

		for (size_t g = 0; g < s->ngroups; g++) {
			const pu_elective_group *eg = &s->groups[g];
			json_t *go = json_object(), *gu = json_array();

			set_str(go, "id", eg->id);
			set_mtext(go, "name", &eg->name);
			set(go, "choose", json_integer(eg->choose));
			for (size_t i = 0; i < eg->nunits; i++)
				json_array_append_new(gu,
						      json_string(eg->units[i]));
			set(go, "units", gu);
			json_array_append_new(groups, go);
		}
		set(o, "elective_groups", groups);
	}
	if (s->extra != NULL) {
		json_error_t err;
		json_t *x = json_loads(s->extra, 0, &err);

		if (x != NULL)
			set(o, "extra", x);
	}
	return o;
}

static json_t *framework_json(const pu_framework *f)
{
	json_t *o = json_object(), *levels = json_array();

	set_str(o, "id", f->id);
	set_str(o, "type", pu_framework_type_name(f->type));
	set_str(o, "country", f->country);
	set_mtext(o, "name", &f->name);
	set_str(o, "short_name", f->short_name);
	set_str(o, "owner", f->owner);
	set_str(o, "source", f->source);
	if (f->ndomains > 0) {
		json_t *d = json_array();

		for (size_t i = 0; i < f->ndomains; i++)
			json_array_append_new(
				d, json_pack("{s:s, s:o}", "id", f->domains[i].id,
					     "name",
					     pu_jsonx_from_mtext(
						     &f->domains[i].name)));
		set(o, "domains", d);
	}
	for (size_t i = 0; i < f->nlevels; i++) {
		const pu_level *l = &f->levels[i];
		json_t *lo = json_object();

		set_str(lo, "code", l->code);
		set_mtext(lo, "name", &l->name);
		if (l->ndescriptors > 0) {
			json_t *d = json_object();

			/* In the framework's domain order. */
			for (size_t k = 0; k < f->ndomains; k++)
				for (size_t j = 0; j < l->ndescriptors; j++)
					if (strcmp(l->descriptors[j].domain,
						   f->domains[k].id) == 0)
						set(d, f->domains[k].id,
						    pu_jsonx_from_mtext(
							    &l->descriptors[j]
								     .text));
			set(lo, "descriptors", d);
		}
		set_mtext(lo, "notes", &l->notes);
		json_array_append_new(levels, lo);
	}
	set(o, "levels", levels);
	return o;
}

static json_t *referencing_json(const pu_referencing *r)
{
	json_t *o = json_object(), *levels = json_array();

	set_str(o, "from", r->from);
	set_str(o, "to", r->to);
	set_str(o, "status", pu_ref_status_name(r->status));
	set_str(o, "source", r->source);
	for (size_t i = 0; i < r->nlevels; i++) {
		json_t *to = json_array();

		for (size_t k = 0; k < r->levels[i].nto; k++)
			json_array_append_new(to, json_string(r->levels[i].to[k]));
		json_array_append_new(levels,
				      json_pack("{s:s, s:o}", "level",
						r->levels[i].level, "to", to));
	}
	set(o, "levels", levels);
	return o;
}

static json_t *std_ref(const char *country, const char *code)
{
	return json_pack("{s:s, s:s}", "country", country, "code", code);
}

static json_t *strings(const char *const *v, size_t n)
{
	json_t *arr = json_array();

	for (size_t i = 0; arr != NULL && i < n; i++)
		json_array_append_new(arr, json_string(v[i]));
	return arr;
}

json_t *pu_io_agreement_to_json(const pu_agreement *a)
{
	json_t *o = json_object(), *entries = json_array();

	if (o == NULL || entries == NULL) {
		json_decref(o);
		json_decref(entries);
		return NULL;
	}
	set_str(o, "id", a->id);
	set_mtext(o, "title", &a->title);
	set(o, "parties", strings(a->parties, a->nparties));
	set_mtext(o, "scope", &a->scope);
	set_str(o, "legal_reference", a->legal_reference);
	set_str(o, "source", a->source);
	set_str(o, "valid_from", a->valid_from);
	set_str(o, "valid_to", a->valid_to);
	for (size_t i = 0; i < a->nentries; i++) {
		const pu_agreement_entry *e = &a->entries[i];
		json_t *eo = json_object();

		set(eo, "source", std_ref(e->source_country, e->source_code));
		set(eo, "destination", std_ref(e->dest_country, e->dest_code));
		set_str(eo, "equivalence", pu_equivalence_name(e->equivalence));
		if (e->nextra_units > 0)
			set(eo, "extra_units",
			    strings(e->extra_units, e->nextra_units));
		set_mtext(eo, "conditions", &e->conditions);
		set_str(eo, "valid_from", e->valid_from);
		set_str(eo, "valid_to", e->valid_to);
		set_str(eo, "confirmed_by", e->confirmed_by);
		set_str(eo, "confirmed_at", e->confirmed_at);
		if (eo == NULL || json_array_append_new(entries, eo) < 0) {
			json_decref(entries);
			json_decref(o);
			return NULL;
		}
	}
	if (set(o, "entries", entries) < 0) {
		json_decref(o);
		return NULL;
	}
	return o;
}

/* Writes v indented by two extra spaces, as an element of a top-level list. */
static int write_item(FILE *out, json_t *v, bool first)
{
	char *t = json_dumps(v, DUMP_FLAGS);
	int rc = 0;

	json_decref(v);
	if (t == NULL)
		return pu_error_set(PU_ENOMEM, "out of memory");
	fputs(first ? "\n    " : ",\n    ", out);
	for (const char *p = t; *p; p++) {
		fputc(*p, out);
		if (*p == '\n')
			fputs("    ", out);
	}
	free(t);
	if (ferror(out))
		rc = pu_error_set(PU_EIO, "write error");
	return rc;
}

struct export_ctx {
	FILE *out;
	bool first;
};

static int export_one(const pu_standard *s, void *arg)
{
	struct export_ctx *x = arg;
	json_t *v = pu_io_standard_to_json(s);
	int rc;

	if (v == NULL)
		return pu_error_set(PU_ENOMEM, "out of memory");
	rc = write_item(x->out, v, x->first);
	x->first = false;
	return rc;
}

static bool fw_used(const pu_registry *reg, const pu_framework *f,
		    const char *country)
{
	if (country == NULL || strcmp(f->country, country) == 0)
		return true;
	/* A country's export also carries the frameworks its own ones are
	 * referenced to, so that it imports on its own. */
	for (size_t i = 0; i < pu_registry_ref_count(reg); i++) {
		const pu_referencing *r = pu_registry_ref_at(reg, i);
		const pu_framework *from = pu_registry_find(reg, r->from);

		if (strcmp(r->to, f->id) == 0 && from &&
		    strcmp(from->country, country) == 0)
			return true;
	}
	return false;
}

int pu_io_export(pu_store *st, const char *country, FILE *out)
{
	pu_registry *reg = NULL;
	pu_agreement **agrs = NULL;
	size_t nagrs = 0;
	struct export_ctx x = {out, true};
	bool first = true;
	int rc;

	rc = pu_store_registry(st, &reg);
	if (rc < 0)
		return rc;
	fputs("{\n  \"format\": \"puente/1\",\n  \"frameworks\": [", out);
	for (size_t i = 0; rc == 0 && i < pu_registry_count(reg); i++) {
		const pu_framework *f = pu_registry_at(reg, i);

		if (!fw_used(reg, f, country))
			continue;
		rc = write_item(out, framework_json(f), first);
		first = false;
	}
	fputs(first ? "],\n  \"referencing\": [" : "\n  ],\n  \"referencing\": [",
	      out);
	first = true;
	for (size_t i = 0; rc == 0 && i < pu_registry_ref_count(reg); i++) {
		const pu_referencing *r = pu_registry_ref_at(reg, i);
		const pu_framework *from = pu_registry_find(reg, r->from);

		if (country != NULL &&
		    (from == NULL || strcmp(from->country, country) != 0))
			continue;
		rc = write_item(out, referencing_json(r), first);
		first = false;
	}
	fputs(first ? "],\n  \"standards\": [" : "\n  ],\n  \"standards\": [",
	      out);
	if (rc == 0)
		rc = pu_store_each_standard(st, country, export_one, &x);
	fputs(x.first ? "],\n  \"agreements\": ["
		      : "\n  ],\n  \"agreements\": [",
	      out);
	first = true;
	if (rc == 0)
		rc = pu_agreement_load_all(st, &agrs, &nagrs);
	for (size_t i = 0; rc == 0 && i < nagrs; i++) {
		json_t *v;

		if (country != NULL && !pu_agreement_concerns(agrs[i], country))
			continue;
		v = pu_io_agreement_to_json(agrs[i]);
		if (v == NULL)
			rc = pu_error_set(PU_ENOMEM, "out of memory");
		else
			rc = write_item(out, v, first);
		first = false;
	}
	fputs(first ? "]\n}\n" : "\n  ]\n}\n", out);
	for (size_t i = 0; i < nagrs; i++)
		pu_agreement_free(agrs[i]);
	free(agrs);
	pu_registry_free(reg);
	if (rc == 0 && (fflush(out) != 0 || ferror(out)))
		rc = pu_error_set(PU_EIO, "write error");
	return rc;
}
