/*
 * Frameworks, referencing and level comparison. Comparison maps each level to a
 * range of ranks in a regional framework (directly, or through one intermediate
 * framework, e.g. CVQ -> CQF -> EQF), then compares the ranges. Official statements
 * are preferred over proposed ones, and those over illustrative ones; the result
 * carries the weakest status used so that an illustrative basis is never shown as
 * fact.
 */
#include "puente/framework.h"

#include "check.h"
#include "puente/buf.h"
#include "puente/error.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void pu_framework_free(pu_framework *f)
{
	if (f != NULL)
		pu_arena_free(f->arena);
}

void pu_referencing_free(pu_referencing *r)
{
	if (r != NULL)
		pu_arena_free(r->arena);
}

const pu_level *pu_framework_level(const pu_framework *f, const char *code)
{
	for (size_t i = 0; i < f->nlevels; i++)
		if (strcmp(f->levels[i].code, code) == 0)
			return &f->levels[i];
	return NULL;
}

static const char *const fw_types[] = {"national", "regional", "sectoral",
				       "scale"};
static const char *const ref_statuses[] = {"official", "proposed",
					   "illustrative"};
static const char *const relations[] = {"unknown", "exact", "overlapping",
					"higher", "lower"};

const char *pu_framework_type_name(pu_framework_type t)
{
	return fw_types[t];
}

int pu_framework_type_parse(const char *s, pu_framework_type *out)
{
	for (int i = 0; i < 4; i++) {
		if (strcmp(s, fw_types[i]) == 0) {
			*out = (pu_framework_type)i;
			return 0;
		}
	}
	return pu_error_set(PU_EINVAL,
			    "unknown framework type \"%.32s\" (national, "
			    "regional, sectoral, scale)",
			    s);
}

const char *pu_ref_status_name(pu_ref_status s)
{
	return ref_statuses[s];
}

int pu_ref_status_parse(const char *s, pu_ref_status *out)
{
	for (int i = 0; i < 3; i++) {
		if (strcmp(s, ref_statuses[i]) == 0) {
			*out = (pu_ref_status)i;
			return 0;
		}
	}
	return pu_error_set(PU_EINVAL,
			    "unknown status \"%.32s\" (official, proposed, "
			    "illustrative)",
			    s);
}

const char *pu_level_relation_name(pu_level_relation rel)
{
	return relations[rel];
}

static int check_name(const pu_mtext *t, const char *field)
{
	for (size_t i = 0; i < t->n; i++) {
		int rc = pu_check_lang(t->v[i].lang, field);

		if (rc < 0)
			return rc;
		if (t->v[i].text[0] == '\0')
			return pu_error_set(PU_EINVAL, "%s.%s: empty text",
					    field, t->v[i].lang);
	}
	return 0;
}

int pu_framework_validate(const pu_framework *f)
{
	int rc;

	if ((rc = pu_check_id(f->id, "id")) < 0)
		return rc;
	if (f->country == NULL || f->country[0] == '\0')
		return pu_error_set(PU_EINVAL, "country: missing");
	if (f->name.n == 0)
		return pu_error_set(PU_EINVAL, "name: missing");
	if ((rc = check_name(&f->name, "name")) < 0)
		return rc;
	if (f->nlevels == 0)
		return pu_error_set(PU_EINVAL, "levels: a framework needs levels");
	if (f->nlevels > 100)
		return pu_error_set(PU_ELIMIT, "levels: more than 100");
	for (size_t d = 0; d < f->ndomains; d++) {
		if ((rc = pu_check_id(f->domains[d].id, "domains[].id")) < 0)
			return rc;
		for (size_t k = 0; k < d; k++)
			if (strcmp(f->domains[k].id, f->domains[d].id) == 0)
				return pu_error_set(PU_EINVAL,
						    "domains[%zu].id: \"%s\" "
						    "twice",
						    d, f->domains[d].id);
	}
	for (size_t i = 0; i < f->nlevels; i++) {
		const pu_level *l = &f->levels[i];

		if (l->code == NULL || l->code[0] == '\0' ||
		    strlen(l->code) > 64)
			return pu_error_set(PU_EINVAL,
					    "levels[%zu].code: missing or too "
					    "long",
					    i);
		for (size_t k = 0; k < i; k++)
			if (strcmp(f->levels[k].code, l->code) == 0)
				return pu_error_set(PU_EINVAL,
						    "levels[%zu].code: \"%s\" "
						    "twice",
						    i, l->code);
		for (size_t d = 0; d < l->ndescriptors; d++) {
			const char *dom = l->descriptors[d].domain;
			size_t k;

			for (k = 0; k < f->ndomains; k++)
				if (strcmp(f->domains[k].id, dom) == 0)
					break;
			if (k == f->ndomains)
				return pu_error_set(PU_EINVAL,
						    "levels[%zu].descriptors: "
						    "\"%.32s\" is not a domain "
						    "of the framework",
						    i, dom);
		}
	}
	return 0;
}

int pu_referencing_validate(const pu_referencing *r, const pu_framework *from,
			    const pu_framework *to)
{
	if (strcmp(r->from, r->to) == 0)
		return pu_error_set(PU_EINVAL,
				    "to: a framework cannot reference itself");
	if (r->nlevels == 0)
		return pu_error_set(PU_EINVAL, "levels: missing");
	for (size_t i = 0; i < r->nlevels; i++) {
		const pu_refmap *m = &r->levels[i];

		if (pu_framework_level(from, m->level) == NULL)
			return pu_error_set(PU_EINVAL,
					    "levels[%zu].level: \"%.64s\" is not "
					    "a level of %s",
					    i, m->level, from->id);
		for (size_t k = 0; k < i; k++)
			if (strcmp(r->levels[k].level, m->level) == 0)
				return pu_error_set(PU_EINVAL,
						    "levels[%zu].level: \"%s\" "
						    "twice",
						    i, m->level);
		if (m->nto == 0)
			return pu_error_set(PU_EINVAL, "levels[%zu].to: empty",
					    i);
		for (size_t k = 0; k < m->nto; k++)
			if (pu_framework_level(to, m->to[k]) == NULL)
				return pu_error_set(PU_EINVAL,
						    "levels[%zu].to: \"%.64s\" "
						    "is not a level of %s",
						    i, m->to[k], to->id);
	}
	return 0;
}

struct pu_registry {
	pu_framework **fws;
	size_t nfws;
	pu_referencing **refs;
	size_t nrefs;
};

int pu_registry_new(pu_registry **out, pu_framework **fws, size_t nfws,
		    pu_referencing **refs, size_t nrefs)
{
	pu_registry *r = calloc(1, sizeof(*r));

	*out = NULL;
	if (r == NULL)
		goto oom;
	r->fws = calloc(nfws ? nfws : 1, sizeof(*r->fws));
	r->refs = calloc(nrefs ? nrefs : 1, sizeof(*r->refs));
	if (r->fws == NULL || r->refs == NULL)
		goto oom;
	/* fws or refs may be NULL when empty; memcpy must not see NULL. */
	if (nfws > 0)
		memcpy(r->fws, fws, nfws * sizeof(*fws));
	if (nrefs > 0)
		memcpy(r->refs, refs, nrefs * sizeof(*refs));
	r->nfws = nfws;
	r->nrefs = nrefs;
	*out = r;
	return 0;
oom:
	if (r) {
		free(r->fws);
		free(r->refs);
		free(r);
	}
	for (size_t i = 0; i < nfws; i++)
		pu_framework_free(fws[i]);
	for (size_t i = 0; i < nrefs; i++)
		pu_referencing_free(refs[i]);
	return pu_error_set(PU_ENOMEM, "out of memory");
}

void pu_registry_free(pu_registry *r)
{
	if (r == NULL)
		return;
	for (size_t i = 0; i < r->nfws; i++)
		pu_framework_free(r->fws[i]);
	for (size_t i = 0; i < r->nrefs; i++)
		pu_referencing_free(r->refs[i]);
	free(r->fws);
	free(r->refs);
	free(r);
}

size_t pu_registry_count(const pu_registry *r)
{
	return r->nfws;
}

const pu_framework *pu_registry_at(const pu_registry *r, size_t i)
{
	return i < r->nfws ? r->fws[i] : NULL;
}

size_t pu_registry_ref_count(const pu_registry *r)
{
	return r->nrefs;
}

const pu_referencing *pu_registry_ref_at(const pu_registry *r, size_t i)
{
	return i < r->nrefs ? r->refs[i] : NULL;
}

const pu_framework *pu_registry_find(const pu_registry *r, const char *id)
{
	for (size_t i = 0; i < r->nfws; i++)
		if (strcmp(r->fws[i]->id, id) == 0)
			return r->fws[i];
	return NULL;
}

const pu_framework *pu_registry_of_country(const pu_registry *r,
					   const char *country)
{
	const pu_framework *scale = NULL;

	for (size_t i = 0; i < r->nfws; i++) {
		const pu_framework *f = r->fws[i];

		if (strcmp(f->country, country) != 0)
			continue;
		if (f->type == PU_FW_NATIONAL)
			return f;
		if (f->type == PU_FW_SCALE && scale == NULL)
			scale = f;
	}
	return scale;
}

/* A level's position in a target framework: ranks lo..hi, the weakest status of
 * the statements used, and how many statements were chained. */
struct reach {
	int lo, hi;
	pu_ref_status status;
	int hops;
};

static int better(const struct reach *a, const struct reach *b)
{
	if (a->status != b->status)
		return a->status < b->status;
	return a->hops < b->hops;
}

/* Where level `code` of framework `fw` lands in framework `target`, following at
 * most `depth` referencing statements. Returns 1 when found. */
static int reach_of(const pu_registry *r, const pu_framework *fw,
		    const char *code, const pu_framework *target, int depth,
		    struct reach *out)
{
	const pu_level *lv = pu_framework_level(fw, code);
	int found = 0;

	if (lv == NULL)
		return 0;
	if (fw == target) {
		out->lo = out->hi = lv->rank;
		out->status = PU_REF_OFFICIAL;
		out->hops = 0;
		return 1;
	}
	if (depth == 0)
		return 0;
	for (size_t i = 0; i < r->nrefs; i++) {
		const pu_referencing *ref = r->refs[i];
		const pu_framework *to;
		const pu_refmap *m = NULL;
		struct reach acc = {0, 0, ref->status, 1};
		int ok = 1;

		if (strcmp(ref->from, fw->id) != 0)
			continue;
		to = pu_registry_find(r, ref->to);
		if (to == NULL)
			continue;
		for (size_t k = 0; k < ref->nlevels; k++)
			if (strcmp(ref->levels[k].level, code) == 0)
				m = &ref->levels[k];
		if (m == NULL)
			continue;
		for (size_t k = 0; k < m->nto && ok; k++) {
			struct reach step;

			if (!reach_of(r, to, m->to[k], target, depth - 1,
				      &step)) {
				ok = 0;
				break;
			}
			if (k == 0 || step.lo < acc.lo)
				acc.lo = step.lo;
			if (k == 0 || step.hi > acc.hi)
				acc.hi = step.hi;
			if (step.status > acc.status)
				acc.status = step.status;
			if (step.hops + 1 > acc.hops)
				acc.hops = step.hops + 1;
		}
		if (ok && (!found || better(&acc, out))) {
			*out = acc;
			found = 1;
		}
	}
	return found;
}

static void relate(pu_level_cmp *out)
{
	if (out->a_lo == out->b_lo && out->a_hi == out->b_hi)
		out->relation = out->a_lo == out->a_hi ? PU_LEVEL_EXACT
						       : PU_LEVEL_OVERLAPPING;
	else if (out->a_lo > out->b_hi)
		out->relation = PU_LEVEL_HIGHER;
	else if (out->a_hi < out->b_lo)
		out->relation = PU_LEVEL_LOWER;
	else
		out->relation = PU_LEVEL_OVERLAPPING;
}

static void range_text(char *buf, size_t n, const pu_framework *via, int lo,
		       int hi)
{
	if (lo == hi)
		snprintf(buf, n, "%s level %s", via->id, via->levels[lo - 1].code);
	else
		snprintf(buf, n, "%s levels %s-%s", via->id,
			 via->levels[lo - 1].code, via->levels[hi - 1].code);
}

int pu_level_compare(const pu_registry *r, const char *fa, const char *la,
		     const char *fb, const char *lb, pu_level_cmp *out)
{
	const pu_framework *a = pu_registry_find(r, fa);
	const pu_framework *b = pu_registry_find(r, fb);
	const pu_framework *via = NULL;
	struct reach best_a = {0}, best_b = {0};
	char ra[96], rb[96];

	memset(out, 0, sizeof(*out));
	if (a == NULL)
		return pu_error_set(PU_ENOTFOUND, "no framework \"%.64s\"", fa);
	if (b == NULL)
		return pu_error_set(PU_ENOTFOUND, "no framework \"%.64s\"", fb);
	if (pu_framework_level(a, la) == NULL)
		return pu_error_set(PU_ENOTFOUND, "no level \"%.64s\" in %s", la,
				    fa);
	if (pu_framework_level(b, lb) == NULL)
		return pu_error_set(PU_ENOTFOUND, "no level \"%.64s\" in %s", lb,
				    fb);

	/* Candidates: a or b itself, then every regional framework. */
	for (size_t i = 0; i < r->nfws; i++) {
		const pu_framework *t = r->fws[i];
		struct reach xa, xb, cur, old;

		if (t != a && t != b && t->type != PU_FW_REGIONAL)
			continue;
		if (!reach_of(r, a, la, t, 2, &xa) ||
		    !reach_of(r, b, lb, t, 2, &xb))
			continue;
		cur.status = xa.status > xb.status ? xa.status : xb.status;
		cur.hops = xa.hops + xb.hops;
		old.status = best_a.status > best_b.status ? best_a.status
							   : best_b.status;
		old.hops = best_a.hops + best_b.hops;
		if (via == NULL || better(&cur, &old)) {
			via = t;
			best_a = xa;
			best_b = xb;
		}
	}
	if (via == NULL) {
		int a_refs = 0, b_refs = 0;

		for (size_t i = 0; i < r->nrefs; i++) {
			a_refs += strcmp(r->refs[i]->from, fa) == 0;
			b_refs += strcmp(r->refs[i]->from, fb) == 0;
		}
		out->relation = PU_LEVEL_UNKNOWN;
		if (a_refs == 0 && a->type != PU_FW_REGIONAL)
			snprintf(out->reason, sizeof(out->reason),
				 "no referencing of %s (%s) to a regional "
				 "framework",
				 a->id, a->country);
		else if (b_refs == 0 && b->type != PU_FW_REGIONAL)
			snprintf(out->reason, sizeof(out->reason),
				 "no referencing of %s (%s) to a regional "
				 "framework",
				 b->id, b->country);
		else
			snprintf(out->reason, sizeof(out->reason),
				 "%s level %s and %s level %s are not referenced "
				 "to a common regional framework",
				 fa, la, fb, lb);
		return 0;
	}
	out->via = via->id;
	out->status = best_a.status > best_b.status ? best_a.status
						    : best_b.status;
	out->a_lo = best_a.lo;
	out->a_hi = best_a.hi;
	out->b_lo = best_b.lo;
	out->b_hi = best_b.hi;
	relate(out);
	range_text(ra, sizeof(ra), via, out->a_lo, out->a_hi);
	range_text(rb, sizeof(rb), via, out->b_lo, out->b_hi);
	if (a == b)
		snprintf(out->reason, sizeof(out->reason),
			 "same framework %s: rank %d against rank %d", a->id,
			 out->a_lo, out->b_lo);
	else
		snprintf(out->reason, sizeof(out->reason),
			 "%s %s is %s, %s %s is %s (%s referencing)", fa, la, ra,
			 fb, lb, rb, pu_ref_status_name(out->status));
	return 0;
}
