/*
 * The index builder's term weighting: raw frequencies into sorted vectors,
 * TF-IDF normalised per space for cosine similarity, BM25 impacts per space for
 * retrieval, and the inverted lists of impacts.
 */
#include "index_build.h"

#include "puente/buf.h"
#include "puente/error.h"
#include "puente/store.h"
#include "puente/translate.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int oom(void)
{
	return pu_error_set(PU_ENOMEM, "out of memory");
}

static void acc_clear(struct acc *a)
{
	if (a->slot)
		memset(a->slot, 0, a->scap * sizeof(*a->slot));
	a->n = 0;
}

struct tw {
	uint32_t t;
	float w;
};

static int tw_cmp(const void *a, const void *b)
{
	uint32_t x = ((const struct tw *)a)->t, y = ((const struct tw *)b)->t;

	return (x > y) - (x < y);
}

/* Turns the accumulated frequencies into a vector sorted by term (weights are
 * raw term frequencies until finish_vec) and counts document frequencies. */
int pu_ixb_take_vec(struct builder *b, vec *v, uint32_t *df)
{
	struct acc *a = &b->acc;
	pu_arena *ar = b->idx->arena;
	struct tw *tmp = malloc((a->n + 1) * sizeof(*tmp));

	if (tmp == NULL)
		return oom();
	for (size_t i = 0; i < a->n; i++) {
		tmp[i].t = a->terms[i];
		tmp[i].w = a->tf[i];
		df[a->terms[i]]++;
	}
	qsort(tmp, a->n, sizeof(*tmp), tw_cmp);
	v->n = (uint32_t)a->n;
	v->terms = pu_arena_alloc(ar, (a->n + 1) * sizeof(*v->terms));
	v->w = pu_arena_alloc(ar, (a->n + 1) * sizeof(*v->w));
	if (v->terms == NULL || v->w == NULL) {
		free(tmp);
		return oom();
	}
	for (size_t i = 0; i < a->n; i++) {
		v->terms[i] = tmp[i].t;
		v->w[i] = tmp[i].w;
	}
	free(tmp);
	acc_clear(a);
	return 0;
}

int pu_ixb_name_term(struct builder *b, uint32_t t)
{
	if (!b->record_names || b->name_base < 0 ||
	    b->name_cur >= PU_IXB_MAX_NAMES)
		return 0;
	if (b->nnames == b->names_cap) {
		size_t cap = b->names_cap ? b->names_cap * 2 : 256;
		struct name_term *v = realloc(b->names, cap * sizeof(*v));

		if (v == NULL)
			return oom();
		b->names = v;
		b->names_cap = cap;
	}
	b->names[b->nnames].name = b->name_cur;
	b->names[b->nnames++].term = t;
	return 0;
}

static int nt_cmp(const void *a, const void *b)
{
	const struct name_term *x = a, *y = b;

	if (x->name != y->name)
		return (x->name > y->name) - (x->name < y->name);
	return (x->term > y->term) - (x->term < y->term);
}

int pu_ixb_take_names(struct builder *b, ix_std *x, size_t n)
{
	pu_arena *ar = b->idx->arena;
	size_t k = 0;

	if (n > PU_IXB_MAX_NAMES)
		n = PU_IXB_MAX_NAMES;
	qsort(b->names, b->nnames, sizeof(*b->names), nt_cmp);
	x->name_off = pu_arena_alloc(ar, (n + 1) * sizeof(*x->name_off));
	x->name_terms = pu_arena_alloc(ar, (b->nnames + 1) *
						   sizeof(*x->name_terms));
	if (x->name_off == NULL || x->name_terms == NULL)
		return oom();
	x->name_off[0] = 0;
	for (size_t name = 0, i = 0; name < n; name++) {
		for (; i < b->nnames && b->names[i].name == name; i++)
			if (k == x->name_off[name] ||
			    x->name_terms[k - 1] != b->names[i].term)
				x->name_terms[k++] = b->names[i].term;
		x->name_off[name + 1] = (uint32_t)k;
	}
	x->nnames = (uint32_t)n;
	b->nnames = 0;
	return 0;
}

/* Keeps the raw term frequencies of a standard-level vector (for BM25). */
int pu_ixb_keep_tf(pu_arena *a, vec *v)
{
	v->tf = pu_arena_alloc(a, (v->n + 1) * sizeof(*v->tf));
	if (v->tf == NULL)
		return oom();
	memcpy(v->tf, v->w, v->n * sizeof(*v->tf));
	return 0;
}

/* On ESCO's figures 1, 2 and 4 (bench/RESULTS.md), k1 1.2 -> 1.6 and b 0.75
 * -> 0.9 each helped a little and together most: fields weighted 3 (titles)
 * need a later saturation, and standards with many alternative titles a
 * stronger length normalisation. */
#define BM25_K1 1.6
#define BM25_B 0.9

/* BM25 impacts of every indexed standard's terms: idf * tf (k1 + 1) /
 * (tf + k1 (1 - b + b len / avglen)), with lengths and averages taken per
 * language space, so that a long translated description does not dilute a
 * short original title in another space. */
int pu_ixb_bm25_impacts(pu_index *idx)
{
	double sum[PU_MAX_SPACES] = {0}, docs[PU_MAX_SPACES] = {0};
	double n = (double)idx->nstds;

	for (size_t s = 0; s < idx->nstds; s++) {
		const vec *v = &idx->stds[s].v;
		double len[PU_MAX_SPACES] = {0};

		for (uint32_t i = 0; i < v->n; i++)
			len[idx->space[v->terms[i]]] += v->tf[i];
		for (int sp = 0; sp < PU_MAX_SPACES; sp++)
			if (len[sp] > 0) {
				sum[sp] += len[sp];
				docs[sp]++;
			}
	}
	for (size_t s = 0; s < idx->nstds; s++) {
		vec *v = &idx->stds[s].v;
		double len[PU_MAX_SPACES] = {0};

		v->bm25 = pu_arena_alloc(idx->arena, (v->n + 1) * sizeof(*v->bm25));
		if (v->bm25 == NULL)
			return oom();
		for (uint32_t i = 0; i < v->n; i++)
			len[idx->space[v->terms[i]]] += v->tf[i];
		for (uint32_t i = 0; i < v->n; i++) {
			int sp = idx->space[v->terms[i]];
			double df = idx->df_std[v->terms[i]];
			double idf = log(1.0 + (n - df + 0.5) / (df + 0.5));
			double avg = docs[sp] > 0 ? sum[sp] / docs[sp] : 1;
			double tf = v->tf[i];
			double imp = idf * tf * (BM25_K1 + 1) /
				     (tf + BM25_K1 * (1 - BM25_B +
						      BM25_B * len[sp] / avg));

			if (sp == PU_NGRAM_SPACE)
				imp *= PU_NGRAM_ALPHA;
			v->bm25[i] = (float)imp;
		}
	}
	return 0;
}

/* TF-IDF, then L2 normalisation within each language space. */
void pu_ixb_finish_vec(const pu_index *idx, vec *v, const uint32_t *df,
		       double ndocs)
{
	double norm[PU_MAX_SPACES] = {0};

	v->spaces = 0;
	for (uint32_t i = 0; i < v->n; i++) {
		uint32_t d = df[v->terms[i]] ? df[v->terms[i]] : 1;
		double idf = log(1.0 + ndocs / (double)d);
		double w = log(1.0 + v->w[i]) * idf;

		v->w[i] = (float)w;
		norm[idx->space[v->terms[i]]] += w * w;
	}
	for (uint32_t i = 0; i < v->n; i++) {
		int sp = idx->space[v->terms[i]];

		if (norm[sp] > 0)
			v->w[i] = (float)(v->w[i] / sqrt(norm[sp]) *
					  (sp == PU_NGRAM_SPACE
						   ? sqrt(PU_NGRAM_ALPHA)
						   : 1.0));
		v->spaces |= 1u << sp;
	}
}

int pu_ixb_grow_df(uint32_t **df, size_t *cap, size_t need)
{
	if (need <= *cap)
		return 0;
	{
		size_t ncap = *cap ? *cap : 1 << 15;
		uint32_t *n;

		while (ncap < need)
			ncap *= 2;
		n = realloc(*df, ncap * sizeof(*n));
		if (n == NULL)
			return oom();
		memset(n + *cap, 0, (ncap - *cap) * sizeof(*n));
		*df = n;
		*cap = ncap;
	}
	return 0;
}

int pu_ixb_build_postings(pu_index *idx)
{
	size_t total = 0;

	idx->post_off = calloc(idx->nterms + 1, sizeof(*idx->post_off));
	if (idx->post_off == NULL)
		return oom();
	for (size_t s = 0; s < idx->nstds; s++)
		for (uint32_t i = 0; i < idx->stds[s].v.n; i++)
			idx->post_off[idx->stds[s].v.terms[i] + 1]++;
	for (size_t t = 0; t < idx->nterms; t++)
		idx->post_off[t + 1] += idx->post_off[t];
	total = idx->post_off[idx->nterms];
	idx->post_std = malloc((total + 1) * sizeof(*idx->post_std));
	idx->post_w = malloc((total + 1) * sizeof(*idx->post_w));
	if (idx->post_std == NULL || idx->post_w == NULL)
		return oom();
	{
		uint32_t *fill = calloc(idx->nterms + 1, sizeof(*fill));

		if (fill == NULL)
			return oom();
		for (size_t s = 0; s < idx->nstds; s++) {
			const vec *v = &idx->stds[s].v;

			for (uint32_t i = 0; i < v->n; i++) {
				uint32_t t = v->terms[i];
				uint32_t at = idx->post_off[t] + fill[t]++;

				idx->post_std[at] = (uint32_t)s;
				idx->post_w[at] = v->bm25[i];
			}
		}
		free(fill);
	}
	return 0;
}

