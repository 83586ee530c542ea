/*
 * The query side: retrieve candidate standards of the destination, align
 * units by optimal assignment, compute coverage, compare levels, apply
 * agreements and decide. Reads the index only; every allocation belongs to the
 * result, so any number of threads may homologate on one index.
 */
#include "match_internal.h"

#include "puente/assign.h"
#include "puente/buf.h"
#include "puente/error.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define MAX_WORDS 6     /* matched words shown per unit pair */

static int oom(void)
{
	return pu_error_set(PU_ENOMEM, "out of memory");
}

static double now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}


static double unit_weight(const pu_standard *s, size_t j)
{
	for (size_t i = 0; i < s->nunits; i++)
		if (s->units[i].hours <= 0)
			return 1.0;
	return s->units[j].hours;
}

static bool groups_ok(const pu_standard *d, const pu_unit_match *m)
{
	for (size_t g = 0; g < d->ngroups; g++) {
		int covered = 0;

		for (size_t i = 0; i < d->groups[g].nunits; i++)
			for (size_t j = 0; j < d->nunits; j++)
				if (m[j].covered &&
				    strcmp(d->units[j].code,
					   d->groups[g].units[i]) == 0)
					covered++;
		if (covered < d->groups[g].choose)
			return false;
	}
	return true;
}

static const char *words_of(const pu_index *idx, pu_arena *a, const vec *x,
			    const vec *y, const char ***out, size_t *n)
{
	uint32_t terms[MAX_WORDS];
	float contrib[MAX_WORDS];
	size_t k = pu_vec_shared(x, y, terms, contrib, MAX_WORDS);

	if (k > MAX_WORDS)
		k = MAX_WORDS;
	*out = pu_arena_alloc(a, (k + 1) * sizeof(**out));
	*n = 0;
	if (*out == NULL)
		return NULL;
	for (size_t i = 0; i < k; i++) {
		char buf[128];
		size_t j = 0;

		snprintf(buf, sizeof(buf), "%s (%s)", idx->word[terms[i]],
			 idx->langs[idx->space[terms[i]]]);
		/* Several 4-grams of one word name that word once. */
		while (j < *n && strcmp((*out)[j], buf) != 0)
			j++;
		if (j < *n)
			continue;
		if (((*out)[(*n)++] = pu_arena_strdup(a, buf)) == NULL)
			return NULL;
	}
	return "";
}

static void level_of(const pu_index *idx, const pu_standard *a,
		     const pu_standard *b, pu_level_cmp *out)
{
	memset(out, 0, sizeof(*out));
	if (a->level_framework == NULL || b->level_framework == NULL) {
		out->relation = PU_LEVEL_UNKNOWN;
		snprintf(out->reason, sizeof(out->reason),
			 "%s/%s has no level in a framework",
			 a->level_framework ? b->country : a->country,
			 a->level_framework ? b->code : a->code);
		return;
	}
	if (pu_level_compare(idx->reg, a->level_framework, a->level_code,
			     b->level_framework, b->level_code, out) < 0) {
		out->relation = PU_LEVEL_UNKNOWN;
		snprintf(out->reason, sizeof(out->reason), "%s",
			 pu_error_message());
		pu_error_clear();
	}
}

/* Similarity 0..1 of a source unit (su, scattered into dense) and a
 * destination unit b: the best cosine over the language spaces both have, plus
 * the 4-gram cosine at PU_NGRAM_ALPHA, over 1 + PU_NGRAM_ALPHA. A Spanish unit
 * and an English one meet in the Spanish space (the English one translated)
 * and in the English space (the Spanish one translated); when one translation
 * fails (a word Apertium does not know, or knows in another sense), the other
 * view still holds, where the mean of the two would halve it. (Standards as
 * wholes keep pu_vec_sim, the mean.) */
static double unit_sim(const pu_index *idx, const float *dense, const vec *su,
		       const vec *b)
{
	/* The two pivots and the 4-grams in registers (nearly every term);
	 * other language spaces in an array zeroed on first use. */
	double d0 = 0, d1 = 0, dn = 0, other[PU_MAX_SPACES], best = 0, div = 0;
	uint32_t both = su->spaces & b->spaces, touched = 0;

	if (both == 0)
		return 0;
	for (uint32_t y = 0; y < b->n; y++) {
		double x = (double)dense[b->terms[y]] * b->w[y];
		unsigned sp = idx->space[b->terms[y]];

		if (sp == 0) {
			d0 += x;
		} else if (sp == 1) {
			d1 += x;
		} else if (sp == PU_NGRAM_SPACE) {
			dn += x;
		} else {
			if (!((touched >> sp) & 1u)) {
				touched |= 1u << sp;
				other[sp] = 0;
			}
			other[sp] += x;
		}
	}
	if (both & 3u) {
		div = 1;
		best = ((both & 1u) && d0 > best) ? d0 : best;
		best = ((both & 2u) && d1 > best) ? d1 : best;
	}
	for (int k = 2; k < PU_NGRAM_SPACE; k++)
		if ((both >> k) & 1u) {
			div = 1;
			if (((touched >> k) & 1u) && other[k] > best)
				best = other[k];
		}
	/* 4-gram weights are scaled by sqrt(alpha): dn holds alpha cos. */
	if ((both >> PU_NGRAM_SPACE) & 1u) {
		best += dn;
		div += PU_NGRAM_ALPHA;
	}
	return best / div;
}

/* The unit threshold of one candidate, from its aligned pairs (units[j].score,
 * 0 when unaligned): the policy's threshold for a pair on its own, lowered
 * linearly to unit_threshold_min as the share of destination units aligned
 * at context_score or more (c->context) grows. Two standards of the same
 * trade agree on most of their units, and there a pair that shares fewer
 * words (a paraphrase, a word the translator missed) is more likely the same
 * unit than between unrelated standards, where one shared word ("materials",
 * "clients") is no evidence. Measured in docs/design.md, "Homologation
 * policy". */
static double unit_threshold(const pu_policy *pol, pu_candidate *c, size_t n)
{
	size_t agree = 0;

	for (size_t j = 0; j < n; j++)
		agree += c->units[j].source &&
			 c->units[j].score >= pol->context_score;
	c->context = n ? (double)agree / (double)n : 0;
	return pol->unit_threshold -
	       (pol->unit_threshold - pol->unit_threshold_min) * c->context;
}

/* Aligns the source units (vectors sv) with the destination's and decides. */
static int align(const pu_index *idx, pu_arena *a, const pu_standard *src,
		 const vec *src_std, const vec *sv, const ix_std *dst,
		 const pu_policy *pol, double retrieval, pu_candidate *c)
{
	const pu_standard *d = dst->s;
	size_t rows = src->nunits, cols = d->nunits;
	double *w = NULL, total = 0, cov = 0, core = 0, core_cov = 0;
	float *dense = NULL;
	int *r2c = NULL;
	char reason[320];
	int rc = 0;

	memset(c, 0, sizeof(*c));
	c->standard = d;
	c->retrieval = retrieval;
	c->nunits = cols;
	c->units = pu_arena_alloc(a, (cols + 1) * sizeof(*c->units));
	if (c->units == NULL)
		return oom();
	level_of(idx, src, d, &c->level);
	if (rows == 0 || cols == 0) {
		double sim = pu_vec_sim(src_std, &dst->v);

		c->retrieval = sim;
		c->unit_threshold = pol->unit_threshold;
		c->equivalence = sim >= pol->unit_threshold ? PU_EQUIV_PARTIAL
							    : PU_EQUIV_NONE;
		for (size_t j = 0; j < cols; j++)
			c->units[j].dest = &d->units[j];
		snprintf(reason, sizeof(reason),
			 "compared as wholes (titles and descriptions), "
			 "similarity %.2f: %s has no units in the catalogue, "
			 "so it can be at most partial",
			 sim, rows == 0 ? "the source" : "the destination");
		c->reason = pu_arena_strdup(a, reason);
		return 0;
	}
	w = malloc(rows * cols * sizeof(*w));
	r2c = malloc(rows * sizeof(*r2c));
	dense = calloc(idx->nterms + 1, sizeof(*dense));
	if (w == NULL || r2c == NULL || dense == NULL) {
		rc = oom();
		goto done;
	}
	/* unit_sim of every pair, with the source unit scattered into a
	 * dense array. */
	for (size_t i = 0; i < rows; i++) {
		const vec *su = &sv[i];

		for (uint32_t x = 0; x < su->n; x++)
			if (su->terms[x] < idx->nterms)
				dense[su->terms[x]] = su->w[x];
		for (size_t j = 0; j < cols; j++)
			w[i * cols + j] = unit_sim(
				idx, dense, su, &idx->units[dst->first_unit + j].v);
		for (uint32_t x = 0; x < su->n; x++)
			if (su->terms[x] < idx->nterms)
				dense[su->terms[x]] = 0;
	}
	if ((rc = pu_assign_max(w, rows, cols, r2c, NULL)) < 0)
		goto done;
	for (size_t i = 0; i < rows; i++)
		if (r2c[i] >= 0) {
			pu_unit_match *m = &c->units[r2c[i]];

			m->source = &src->units[i];
			m->score = w[i * cols + (size_t)r2c[i]];
		}
	c->unit_threshold = unit_threshold(pol, c, cols);
	for (size_t j = 0; j < cols; j++) {
		pu_unit_match *m = &c->units[j];
		double wt = unit_weight(d, j);

		m->dest = &d->units[j];
		m->covered = m->source && m->score >= c->unit_threshold;
		if (m->covered &&
		    words_of(idx, a, &sv[m->source - src->units],
			     &idx->units[dst->first_unit + j].v, &m->words,
			     &m->nwords) == NULL) {
			rc = oom();
			goto done;
		}
		total += wt;
		if (m->covered)
			cov += wt;
		if (!d->units[j].elective) {
			core += wt;
			if (m->covered)
				core_cov += wt;
		}
	}
	for (size_t i = 0; i < rows; i++)
		if (r2c[i] < 0 ||
		    w[i * cols + (size_t)r2c[i]] < c->unit_threshold)
			c->nunmatched_source++;
	c->coverage = total > 0 ? cov / total : 0;
	c->core_coverage = core > 0 ? core_cov / core : c->coverage;
	if (c->core_coverage >= pol->full_coverage - 1e-9 && groups_ok(d, c->units)) {
		c->equivalence = PU_EQUIV_FULL;
		snprintf(reason, sizeof(reason),
			 "every required unit of %s is covered", d->code);
		if (c->level.relation == PU_LEVEL_LOWER &&
		    c->level.b_lo - c->level.a_hi > pol->level_tolerance) {
			c->equivalence = PU_EQUIV_PARTIAL;
			snprintf(reason, sizeof(reason),
				 "every unit is covered, but the source level "
				 "is lower than the destination's (%s)",
				 c->level.reason);
		}
	} else if (c->coverage >= pol->partial_coverage) {
		size_t gaps = 0;

		for (size_t j = 0; j < cols; j++)
			gaps += !c->units[j].covered;
		c->equivalence = PU_EQUIV_PARTIAL;
		snprintf(reason, sizeof(reason),
			 "%.0f%% of %s is covered; %zu unit%s to assess or "
			 "train",
			 100 * c->coverage, d->code, gaps, gaps == 1 ? "" : "s");
	} else {
		c->equivalence = PU_EQUIV_NONE;
		snprintf(reason, sizeof(reason),
			 "only %.0f%% of %s is covered (partial needs %.0f%%)",
			 100 * c->coverage, d->code, 100 * pol->partial_coverage);
	}
	c->reason = pu_arena_strdup(a, reason);
done:
	free(w);
	free(r2c);
	free(dense);
	return rc;
}

static int new_result(pu_homologation **out, const pu_index *idx,
		      const pu_standard *src, const char *dest_country,
		      const pu_policy *policy)
{
	pu_homologation *h;
	pu_arena *a;
	pu_policy def = PU_POLICY_INIT;

	if (pu_arena_new(&a) < 0)
		return oom();
	h = pu_arena_alloc(a, sizeof(*h));
	if (h == NULL) {
		pu_arena_free(a);
		return oom();
	}
	h->arena = a;
	h->source = src;
	h->dest_country = pu_arena_strdup(a, dest_country);
	h->policy = policy ? *policy : def;
	h->suggestion = true;
	h->catalog_version = idx->info.catalog_version;
	h->translator = idx->translator;
	h->translation_note = idx->missing_pairs[0]
				      ? pu_arena_strdup(a, idx->missing_pairs)
				      : "";
	h->index = (pu_index *)idx;
	pu_index_incref(h->index);
	*out = h;
	return 0;
}

void pu_homologation_free(pu_homologation *h)
{
	pu_index *idx;

	if (h == NULL)
		return;
	idx = h->index;
	pu_arena_free(h->arena);
	pu_index_decref(idx);
}

static double rank_key(const pu_candidate *c)
{
	return (double)c->equivalence * 10 + 0.7 * c->coverage +
	       0.3 * c->retrieval;
}

static int cmp_candidates(const void *a, const void *b)
{
	double x = rank_key(a), y = rank_key(b);

	return (x < y) - (x > y);
}

/* Applies an official agreement, if one covers this source and destination:
 * its destination standard leads, and its equivalence is the decision. */
static int apply_agreement(pu_homologation *h, const pu_index *idx,
			   const vec *src_std, const vec *sv)
{
	const pu_agreement *ag = NULL;
	const pu_agreement_entry *e = NULL;
	pu_candidate *c;
	long d;
	char reason[320];
	int rc;

	if (!pu_agreement_find((const pu_agreement *const *)idx->agreements,
			       idx->nagreements, h->source->country,
			       h->source->code, h->dest_country, NULL, NULL,
			       &ag, &e))
		return 0;
	h->agreement = ag;
	h->agreement_entry = e;
	h->suggestion = false;
	d = pu_ix_find_std(idx, e->dest_country, e->dest_code);
	/* Put the agreement's standard first, aligned for the explanation. */
	for (size_t i = 0; i < h->ncandidates; i++) {
		if (strcmp(h->candidates[i].standard->code, e->dest_code) == 0) {
			pu_candidate tmp = h->candidates[0];

			h->candidates[0] = h->candidates[i];
			h->candidates[i] = tmp;
			goto decide;
		}
	}
	if (d >= 0) {
		pu_candidate *nc = pu_arena_alloc(
			h->arena, (h->ncandidates + 1) * sizeof(*nc));

		if (nc == NULL)
			return oom();
		rc = align(idx, h->arena, h->source, src_std, sv, &idx->stds[d],
			   &h->policy, pu_vec_sim(src_std, &idx->stds[d].v),
			   &nc[0]);
		if (rc < 0)
			return rc;
		if (h->ncandidates)
			memcpy(nc + 1, h->candidates,
			       h->ncandidates * sizeof(*nc));
		h->candidates = nc;
		h->ncandidates++;
	}
decide:
	if (h->ncandidates == 0)
		return 0;
	c = &h->candidates[0];
	c->equivalence = e->equivalence;
	/* The agreement's extra units are the gap, whatever was computed. */
	if (e->equivalence != PU_EQUIV_NONE)
		for (size_t j = 0; j < c->nunits; j++) {
			bool extra = false;

			for (size_t k = 0; k < e->nextra_units; k++)
				extra |= strcmp(c->units[j].dest->code,
						e->extra_units[k]) == 0;
			c->units[j].covered = !extra;
		}
	snprintf(reason, sizeof(reason), "official agreement %s%s%s decides %s",
		 ag->id, ag->legal_reference ? " (" : "",
		 ag->legal_reference ? ag->legal_reference : "",
		 pu_equivalence_name(e->equivalence));
	if (ag->legal_reference)
		strncat(reason, ")", sizeof(reason) - strlen(reason) - 1);
	c->reason = pu_arena_strdup(h->arena, reason);
	return 0;
}

static int homologate_vecs(pu_homologation *h, const pu_index *idx,
			   const vec *src_std, const vec *sv, long src_ix,
			   long only_dest)
{
	const ix_std *srcx = src_ix >= 0 ? &idx->stds[src_ix] : NULL;
	size_t k = h->policy.candidates ? h->policy.candidates : 5, n = 0;
	pu_ix_hit *hits;
	long country;
	int rc;

	country = pu_ix_find_country(idx, h->dest_country);
	if (country < 0)
		return pu_error_set(PU_ENOTFOUND,
				    "no standards of %s in the catalogue",
				    h->dest_country);
	hits = calloc(k + 1, sizeof(*hits));
	if (hits == NULL)
		return oom();
	if (only_dest >= 0) {
		hits[0].std = (uint32_t)only_dest;
		hits[0].score = pu_vec_sim(src_std, &idx->stds[only_dest].v);
		n = 1;
	} else {
		rc = pu_ix_retrieve(idx, src_std, srcx, src_ix, (uint32_t)country, hits,
			      k, &n);
		if (rc < 0) {
			free(hits);
			return rc;
		}
	}
	h->candidates = pu_arena_alloc(h->arena, (n + 1) * sizeof(*h->candidates));
	if (h->candidates == NULL) {
		free(hits);
		return oom();
	}
	for (size_t i = 0; i < n; i++) {
		rc = align(idx, h->arena, h->source, src_std, sv,
			   &idx->stds[hits[i].std], &h->policy,
			   pu_vec_sim(src_std, &idx->stds[hits[i].std].v),
			   &h->candidates[i]);
		if (rc < 0) {
			free(hits);
			return rc;
		}
		h->ncandidates++;
	}
	free(hits);
	qsort(h->candidates, h->ncandidates, sizeof(*h->candidates),
	      cmp_candidates);
	return apply_agreement(h, idx, src_std, sv);
}

static int check_policy(const pu_policy *p)
{
	if (p == NULL)
		return 0;
	if (p->version != PU_POLICY_VERSION)
		return pu_error_set(PU_EINVAL, "policy version %u is not "
				    "supported", p->version);
	if (!pu_ix_policy_thresholds_ok(p) || p->level_tolerance < 0 ||
	    p->candidates > 100)
		return pu_error_set(PU_EINVAL, "policy: thresholds must be in "
				    "(0, 1], unit_threshold_min <= "
				    "unit_threshold, partial <= full, "
				    "tolerance >= 0, at most 100 candidates");
	return 0;
}

static int run(pu_homologation **out, const pu_index *idx, long si,
	       const char *dest_country, const char *dest_code,
	       const pu_policy *policy)
{
	const ix_std *x = &idx->stds[si];
	pu_homologation *h = NULL;
	double t0 = now();
	vec *sv = NULL;
	long only = -1;
	int rc;

	if ((rc = check_policy(policy)) < 0)
		return rc;
	if (strcmp(x->s->country, dest_country) == 0 && dest_code == NULL)
		return pu_error_set(PU_EINVAL,
				    "%s/%s is already a standard of %s",
				    x->s->country, x->s->code, dest_country);
	if (x->nunits == 0 && x->s->title.n == 0)
		return pu_error_set(PU_EINVAL, "%s/%s is empty", x->s->country,
				    x->s->code);
	if (dest_code != NULL) {
		only = pu_ix_find_std(idx, dest_country, dest_code);
		if (only < 0)
			return pu_error_set(PU_ENOTFOUND, "no standard %s/%s",
					    dest_country, dest_code);
	}
	if ((rc = new_result(&h, idx, x->s, dest_country, policy)) < 0)
		return rc;
	sv = malloc((x->nunits + 1) * sizeof(*sv));
	if (sv == NULL) {
		pu_homologation_free(h);
		return oom();
	}
	for (uint32_t u = 0; u < x->nunits; u++)
		sv[u] = idx->units[x->first_unit + u].v;
	rc = homologate_vecs(h, idx, &x->v, sv, si, only);
	free(sv);
	if (rc < 0) {
		pu_homologation_free(h);
		return rc;
	}
	h->seconds = now() - t0;
	*out = h;
	return 0;
}

int pu_homologate(pu_homologation **out, const pu_index *idx,
		  const char *source_country, const char *source_code,
		  const char *dest_country, const pu_policy *policy)
{
	long si;

	*out = NULL;
	si = pu_ix_find_std(idx, source_country, source_code);
	if (si < 0)
		return pu_error_set(PU_ENOTFOUND, "no standard %.16s/%.64s",
				    source_country, source_code);
	return run(out, idx, si, dest_country, NULL, policy);
}

int pu_homologate_pair(pu_homologation **out, const pu_index *idx,
		       const char *source_country, const char *source_code,
		       const char *dest_country, const char *dest_code,
		       const pu_policy *policy)
{
	long si;

	*out = NULL;
	si = pu_ix_find_std(idx, source_country, source_code);
	if (si < 0)
		return pu_error_set(PU_ENOTFOUND, "no standard %.16s/%.64s",
				    source_country, source_code);
	return run(out, idx, si, dest_country, dest_code, policy);
}

int pu_homologate_standard(pu_homologation **out, const pu_index *idx,
			   const pu_standard *source, const char *dest_country,
			   const pu_policy *policy, const pu_index_options *opt)
{
	pu_homologation *h = NULL;
	double t0 = now();
	vec sv_std, *sv = NULL;
	int rc;

	*out = NULL;
	if ((rc = check_policy(policy)) < 0)
		return rc;
	if (source->nunits == 0 && source->title.n == 0)
		return pu_error_set(PU_EINVAL, "the standard is empty");
	if ((rc = new_result(&h, idx, source, dest_country, policy)) < 0)
		return rc;
	rc = pu_ix_vectors(idx, source, opt, h->arena, &sv_std, &sv);
	if (rc == 0)
		rc = homologate_vecs(h, idx, &sv_std, sv, -1, -1);
	if (rc < 0) {
		pu_homologation_free(h);
		return rc;
	}
	h->seconds = now() - t0;
	*out = h;
	return 0;
}

int pu_rank_text(const pu_index *idx, const char *text, const char *lang,
		 const char *country, size_t k, pu_rank_hit *out, size_t *n,
		 const pu_index_options *opt)
{
	pu_standard s;
	pu_tr tr = {lang, text};
	pu_arena *a = NULL;
	pu_ix_hit *hits = NULL;
	vec q, *uv = NULL;
	long c = -1;
	int rc;

	*n = 0;
	if (text == NULL || text[0] == '\0')
		return pu_error_set(PU_EINVAL, "empty query");
	if (country != NULL && (c = pu_ix_find_country(idx, country)) < 0)
		return pu_error_set(PU_ENOTFOUND, "no standards of %s", country);
	memset(&s, 0, sizeof(s));
	s.language = lang;
	s.title.n = 1;
	s.title.v = &tr;
	if ((rc = pu_arena_new(&a)) < 0)
		return rc;
	hits = calloc(k + 1, sizeof(*hits));
	if (hits == NULL)
		rc = oom();
	if (rc == 0)
		rc = pu_ix_vectors(idx, &s, opt, a, &q, &uv);
	if (rc == 0)
		rc = pu_ix_retrieve(idx, &q, NULL, -1,
			      c < 0 ? UINT32_MAX : (uint32_t)c, hits, k, n);
	for (size_t i = 0; rc == 0 && i < *n; i++) {
		out[i].country = idx->stds[hits[i].std].s->country;
		out[i].code = idx->stds[hits[i].std].s->code;
		out[i].score = hits[i].score;
	}
	free(hits);
	pu_arena_free(a);
	return rc;
}
