/*
 * Internal to the match module: the index layout shared by the builder
 * (index.c), the query side (homologate.c, rank.c) and the explanation
 * (explain.c).
 */
#ifndef PU_MATCH_INTERNAL_H
#define PU_MATCH_INTERNAL_H

#include <stdatomic.h>
#include <stdint.h>

#include "puente/match.h"

/* Term spaces: a text is analysed in its own language and in each pivot
 * language (translated when needed). Every term belongs to one space (its
 * language); a vector is L2-normalised within each space, and the similarity of
 * two vectors is the mean of their per-space cosines over the spaces both
 * have. */
#define PU_PIVOTS 2
extern const char *const pu_pivots[PU_PIVOTS]; /* "es", "en" */
#define PU_MAX_SPACES 32
/* The last space holds character 4-grams of the words of original (not
 * translated) texts, whatever their language: cognates such as electricista,
 * electrician and électricien meet there, and so do words no translator
 * knows. It counts PU_NGRAM_ALPHA of a language space in similarities. */
#define PU_NGRAM_SPACE (PU_MAX_SPACES - 1)
#define PU_NGRAM_ALPHA 0.25

/* The weight of the spaces two vectors share (the divisor of similarity). */
static inline double pu_spaces_weight(uint32_t a, uint32_t b)
{
	uint32_t s = a & b;

	return (double)__builtin_popcount(s & ~(1u << PU_NGRAM_SPACE)) +
	       ((s >> PU_NGRAM_SPACE) & 1u) * PU_NGRAM_ALPHA;
}

/* A sparse vector: terms ascending. w holds TF-IDF weights normalised within
 * each space (for cosine similarity). Standard-level vectors also keep, for
 * BM25 retrieval, the raw term frequencies (tf) and, for standards of the
 * index, each term's BM25 impact in that standard (bm25); both are NULL in
 * unit vectors. */
typedef struct vec {
	uint32_t n;
	uint32_t spaces; /* bit i: has terms of language space i */
	uint32_t *terms;
	float *w;
	float *tf;
	float *bm25;
} vec;

/* BM25 score of a query vector against an indexed standard's vector. */
double pu_vec_bm25(const vec *q, const vec *d);

/* Similarity 0..1 of two vectors (mean cosine over shared spaces). */
double pu_vec_sim(const vec *a, const vec *b);

typedef struct ix_unit {
	const pu_unit *u;
	uint32_t std; /* index of its standard */
	vec v;
} ix_unit;

typedef struct ix_std {
	pu_standard *s; /* owned */
	uint32_t country;
	uint32_t first_unit, nunits;
	int isco; /* first ISCO-08 code as a number, -1 when none */
	int isco_digits;
	vec v;
	/* Its names, the title then each alternative title, as sets of terms
	 * in language spaces (original, translated, lexicon): name i is
	 * name_terms[name_off[i] .. name_off[i + 1]), ascending. For matching
	 * a short query, which names a trade, to one of its names. */
	uint32_t *name_terms;
	uint32_t *name_off;
	uint32_t nnames;
} ix_std;

struct pu_index {
	atomic_int refs;
	struct pu_arena *arena; /* vectors, strings */
	ix_std *stds;
	size_t nstds;
	ix_unit *units;
	size_t nunits;
	/* Vocabulary: term id -> "es:stem" and a surface word seen for it. */
	char **term;
	char **word;
	uint8_t *space;   /* language space of each term */
	size_t nterms;
	uint32_t *vslot;  /* vocabulary hash: term id + 1, 0 = empty */
	size_t vcap;
	uint32_t *df_std, *df_unit; /* document frequencies by term */
	char langs[PU_MAX_SPACES][8]; /* language of each space */
	size_t nlangs;
	bool frozen_langs; /* built: no new spaces */
	/* Postings over standard vectors (CSR). */
	uint32_t *post_off;
	uint32_t *post_std;
	float *post_w;
	char (*countries)[17];
	size_t ncountries;
	pu_registry *reg;
	pu_agreement **agreements;
	size_t nagreements;
	pu_index_info info;
	char missing_pairs[256];
	char translator[32];
};

/* Vector helpers (vec.c). */
double pu_vec_dot(const vec *a, const vec *b);
/* Shared terms with their contributions, largest first; returns how many were
 * written (at most max). */
size_t pu_vec_shared(const vec *a, const vec *b, uint32_t *terms, float *contrib,
		     size_t max);

/* Retrieval (retrieve.c). */
typedef struct pu_ix_hit {
	uint32_t std; /* index of the standard */
	double score;
} pu_ix_hit;

/* The k standards of country (UINT32_MAX: any) most similar to q, best first,
 * by BM25 (the heaviest query terms that reach the country walk the inverted
 * lists; the best are rescored over all query terms), with the ISCO-08 prior as
 * a relative bonus when src is known; exclude (an index of a standard, or -1)
 * is left out. Returns 0, PU_EINVAL for a vector without frequencies, or
 * PU_ENOMEM. */
int pu_ix_retrieve(const pu_index *idx, const vec *q, const ix_std *src,
		   long exclude, uint32_t country, pu_ix_hit *out, size_t k,
		   size_t *nout);

/* Lookups (index.c). */
long pu_ix_find_std(const pu_index *idx, const char *country,
		    const char *code);
long pu_ix_find_country(const pu_index *idx, const char *country);

/* True when p's similarity and coverage thresholds are in (0, 1], with
 * unit_threshold_min <= unit_threshold and partial <= full coverage (the
 * rules a policy file and a caller's struct both obey; policy.c). */
bool pu_ix_policy_thresholds_ok(const pu_policy *p);

/* Builds the vectors of a standard that is not in the index (its own terms
 * only; terms unknown to the index are dropped). Vectors go into arena. */
int pu_ix_vectors(const pu_index *idx, const pu_standard *s,
		  const pu_index_options *opt, struct pu_arena *arena,
		  vec *std_vec, vec **unit_vecs);

#endif
