/*
 * Homologation: what a standard of country A is worth in country B.
 *
 * An index is an immutable, reference-counted snapshot of the catalogue built
 * from the store: every text analysed into terms of two pivot languages
 * (Spanish and English; texts in other languages are translated once, at build
 * time, through the store's translation cache), TF-IDF vectors per standard and
 * per unit, an inverted index for retrieval, ISCO-08 codes, levels, frameworks
 * and agreements. Many threads may query one index; a new catalogue version
 * means a new index, swapped whole.
 *
 * A homologation retrieves candidate standards of the destination, aligns the
 * source's units to each candidate's units by optimal assignment over unit
 * similarities, computes the coverage of each destination unit and of the
 * standard, compares levels through the regional framework, applies official
 * agreements, and decides full, partial (with the gap units) or none under the
 * destination's policy. A computed result is always a suggestion until a person
 * confirms it.
 */
#ifndef PUENTE_MATCH_H
#define PUENTE_MATCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "puente/agreement.h"
#include "puente/catalog.h"
#include "puente/framework.h"

struct pu_arena;
struct pu_store;
struct pu_translator;

typedef struct pu_index pu_index;

typedef struct pu_index_options {
	unsigned int version;
	/* Translator for texts not in a pivot language; NULL: no translation
	 * (texts are then compared only with texts of their own language, and
	 * results say so). */
	struct pu_translator *translator;
	/* Store holding the translation cache; NULL: the catalogue's store. */
	struct pu_store *cache;
	/* Progress of the build (steps done of total), or NULL. */
	void (*progress)(const char *step, size_t done, size_t total, void *arg);
	void *progress_arg;
} pu_index_options;

#define PU_INDEX_OPTIONS_VERSION 1
#define PU_INDEX_OPTIONS_INIT {PU_INDEX_OPTIONS_VERSION, NULL, NULL, NULL, NULL}

/* Builds an index of everything in the store. The caller owns one reference. */
int pu_index_build(pu_index **out, struct pu_store *st,
		   const pu_index_options *opt);
void pu_index_incref(pu_index *idx);
/* Drops a reference; the last one frees the index. NULL is a no-op. */
void pu_index_decref(pu_index *idx);

typedef struct pu_index_info {
	int64_t catalog_version; /* of the store when built */
	size_t standards, units, terms;
	size_t bytes;              /* memory held */
	double build_seconds;
	const char *translator;    /* "apertium" or "none" */
	size_t translated, cached, untranslated; /* texts */
	const char *missing_pairs; /* "ht->es, ..." or "" */
} pu_index_info;

void pu_index_info_get(const pu_index *idx, pu_index_info *out);

/* The destination authority's policy: thresholds with documented defaults
 * (docs/design.md, "Homologation policy"). */
typedef struct pu_policy {
	unsigned int version;
	const char *authority; /* country or body the policy belongs to, or NULL */
	double unit_threshold;    /* a destination unit is covered when its
				     aligned source unit scores at least this,
				     when nothing else of the two standards
				     agrees */
	double unit_threshold_min; /* the threshold falls linearly from
				      unit_threshold to this as the share of
				      destination units aligned at
				      context_score or more grows to 1 (equal
				      to unit_threshold: no context) */
	double context_score;     /* a unit pair this similar counts as the
				     standards agreeing */
	double full_coverage;     /* coverage needed for full (of core units) */
	double partial_coverage;  /* coverage needed for partial */
	int level_tolerance;      /* how many regional ranks the source may be
				     below the destination for full */
	size_t candidates;        /* destination standards aligned in full */
} pu_policy;

#define PU_POLICY_VERSION 2
#define PU_POLICY_INIT {PU_POLICY_VERSION, NULL, 0.5, 0.12, 0.2, 1.0, 0.5, 0, 5}

/* Reads a policy file (JSON, see docs/formats.md "Policy"); unspecified
 * thresholds keep the defaults. The caller frees *out with free(); its
 * authority string lives in the same allocation. */
int pu_policy_load(pu_policy **out, const char *path);

/* One destination unit and what covers it. */
typedef struct pu_unit_match {
	const pu_unit *dest;     /* borrowed from the result */
	const pu_unit *source;   /* the aligned source unit, or NULL */
	double score;            /* similarity 0..1 of the pair */
	bool covered;            /* score >= the candidate's unit threshold */
	size_t nwords;
	const char **words;      /* matched words, "src / dst" in each pivot */
} pu_unit_match;

typedef struct pu_candidate {
	const pu_standard *standard; /* the destination standard (owned by the
					result's arena) */
	double retrieval;  /* similarity of the standards as wholes, 0..1 */
	double coverage;   /* share of destination units covered, 0..1 */
	double core_coverage; /* share of core destination units covered */
	pu_equivalence equivalence; /* the decision for this candidate */
	size_t nunits;
	pu_unit_match *units;       /* one per destination unit, in order */
	size_t nunmatched_source;   /* source units aligned to nothing */
	double context;             /* share of destination units aligned at
				       the policy's context_score or more */
	double unit_threshold;      /* the threshold its units were held to:
				       the policy's, lowered by context */
	pu_level_cmp level;
	const char *reason;         /* one sentence: why this decision */
} pu_candidate;

typedef struct pu_homologation {
	const pu_standard *source;
	const char *dest_country;
	size_t ncandidates;
	pu_candidate *candidates; /* best first; [0] is the answer */
	const pu_agreement *agreement; /* applied agreement, or NULL */
	const pu_agreement_entry *agreement_entry;
	bool suggestion;   /* true unless an agreement decided */
	pu_policy policy;
	int64_t catalog_version;
	const char *translator; /* "apertium" or "none" */
	const char *translation_note; /* e.g. "no translation ht->es", or "" */
	double seconds;
	pu_index *index;        /* a reference held while the result lives */
	struct pu_arena *arena; /* owns everything above */
} pu_homologation;

void pu_homologation_free(pu_homologation *h);

/* Homologates the standard (source_country, source_code) of the index into
 * dest_country's catalogue under policy (NULL: defaults). PU_ENOTFOUND for an
 * unknown standard or a country with no standards in the index; PU_EINVAL for
 * an empty standard or the same country on both sides. */
int pu_homologate(pu_homologation **out, const pu_index *idx,
		  const char *source_country, const char *source_code,
		  const char *dest_country, const pu_policy *policy);

/* Compares one source standard with one destination standard of the index
 * (both by country and code): the same result as pu_homologate with that single
 * candidate. */
int pu_homologate_pair(pu_homologation **out, const pu_index *idx,
		       const char *source_country, const char *source_code,
		       const char *dest_country, const char *dest_code,
		       const pu_policy *policy);

/* The same for a standard that is not in the index (e.g. read from a file or a
 * list of units). Its texts are analysed now; texts in a language other than
 * the pivots are translated through opt's translator and cache, which must
 * then be usable by the calling thread. */
int pu_homologate_standard(pu_homologation **out, const pu_index *idx,
			   const pu_standard *source, const char *dest_country,
			   const pu_policy *policy,
			   const pu_index_options *opt);

/* The explanation as JSON (new reference) and as readable text (malloc'd). */
struct json_t *pu_homologation_to_json(const pu_homologation *h, bool explain);
char *pu_homologation_to_text(const pu_homologation *h, const char *lang,
			      bool explain);

/* Ranking for evaluation scripts: the k standards of the index (of country,
 * or all when NULL) most similar to a free text in lang, best first. */
typedef struct pu_rank_hit {
	const char *country, *code; /* borrowed from the index */
	double score;
} pu_rank_hit;

int pu_rank_text(const pu_index *idx, const char *text, const char *lang,
		 const char *country, size_t k, pu_rank_hit *out, size_t *n,
		 const pu_index_options *opt);

#endif
