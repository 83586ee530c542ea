/*
 * Internal to the index builder (index.c, index_jobs.c, index_weights.c):
 * the builder's state, translation jobs and term weighting.
 */
#ifndef PU_INDEX_BUILD_H
#define PU_INDEX_BUILD_H

#include "match_internal.h"

#include "puente/text.h"

struct pu_store;

/* Translation jobs, deduplicated by (text pointer, pivot). */
struct job {
	const char *text;
	char from[8];
	int pivot;
	char *result; /* malloc'd, or NULL */
};

struct jobmap {
	uint32_t *slot; /* job index + 1 */
	size_t cap;
};

/* Term frequencies of the vector being built. */
struct acc {
	uint32_t *terms;
	float *tf;
	uint32_t *slot; /* position + 1 */
	size_t n, cap, scap;
};

/* A term of one of a standard's names (0: the title, i: alternative title i). */
struct name_term {
	uint32_t name, term;
};

/* Names kept per standard: the title and up to 63 alternative titles. */
#define PU_IXB_MAX_NAMES 64

struct builder {
	pu_index *idx;
	bool frozen; /* lookups only: for standards outside the index */
	size_t term_cap;
	struct job *jobs;
	size_t njobs, jobs_cap;
	struct jobmap jm;
	pu_analyzer *an[PU_MAX_SPACES];
	struct acc acc;
	float weight; /* of the field being analysed */
	/* Recording the terms of a standard's names while its vector is
	 * analysed (index build only): name_base is the name of the field's
	 * first entry, -1 outside the title and alternative titles. */
	bool record_names;
	long name_base;
	uint32_t name_cur;
	struct name_term *names;
	size_t nnames, names_cap;
	const pu_index_options *opt;
	struct pu_translator *lex; /* the built-in term lexicon, or NULL */
	char missing[128]; /* frozen mode: pairs that could not be translated */
};


/* Translation jobs (index_jobs.c): texts lacking a pivot, deduplicated by
 * (text pointer, pivot), translated in one batch per language pair. */
long pu_ixb_job_find(struct builder *b, const char *text, int pivot);
int pu_ixb_job_add(struct builder *b, const char *text, const char *from,
		   int pivot);
int pu_ixb_translate_jobs(struct builder *b, struct pu_store *st);

/* Weighting (index_weights.c). */
int pu_ixb_take_vec(struct builder *b, vec *v, uint32_t *df);
/* Records term t for the name being analysed, if names are recorded. */
int pu_ixb_name_term(struct builder *b, uint32_t t);
/* Moves the recorded names' terms into x (ascending per name, into the
 * index's arena; n names) and forgets them. */
int pu_ixb_take_names(struct builder *b, ix_std *x, size_t n);
int pu_ixb_keep_tf(struct pu_arena *a, vec *v);
int pu_ixb_bm25_impacts(pu_index *idx);
void pu_ixb_finish_vec(const pu_index *idx, vec *v, const uint32_t *df,
		       double ndocs);
int pu_ixb_grow_df(uint32_t **df, size_t *cap, size_t need);
int pu_ixb_build_postings(pu_index *idx);

#endif
