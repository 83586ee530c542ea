/*
 * Translation to a pivot language, for comparisons across languages. A
 * translator is a table of functions, so that engines can be swapped or stacked:
 * Apertium (rule-based, offline) is the first; the built-in term lexicon
 * learnt from parallel ISCO-08 titles is the second, used beside it.
 *
 * Translation happens when texts enter the index, never per query, and results
 * are cached in the store by a hash of (engine, from, to, text).
 */
#ifndef PUENTE_TRANSLATE_H
#define PUENTE_TRANSLATE_H

#include <stdbool.h>
#include <stddef.h>

struct pu_store;

typedef struct pu_translator pu_translator;

typedef struct pu_translator_ops {
	const char *name; /* "apertium"; part of the cache key */
	/* True when the engine can translate from -> to (primary subtags). */
	bool (*has_pair)(pu_translator *t, const char *from, const char *to);
	/* Translates n texts; out[i] gets a malloc'd text, or NULL when that one
	 * text could not be translated. Returns 0 or a PU_E* code (then out is
	 * untouched). */
	int (*translate)(pu_translator *t, const char *from, const char *to,
			 const char *const *texts, size_t n, char **out);
	void (*free)(pu_translator *t);
} pu_translator_ops;

struct pu_translator {
	const pu_translator_ops *ops;
};

/* Apertium through its command-line pipeline (packages apertium,
 * apertium-eng-spa, apertium-fr-es, apertium-es-pt). Pairs without a direct
 * mode go through Spanish (fr -> es -> en). PU_ENOTFOUND when apertium is not
 * installed. */
int pu_translator_apertium(pu_translator **out);

/* The built-in term lexicon (es <-> en): Spanish-English word pairs learnt
 * from the ISCO-08 group titles and the ESCO skill labels that the quality
 * benchmark does not use (src/lib/text/gen_lexicon.py), matched by Snowball
 * stem, then by spelling among a stem's pairs. A text translates to the
 * translations of the words the lexicon knows, separated by spaces ("" when
 * it knows none): terms for the
 * analyzer beside a machine translation, not sentences. Deterministic and
 * offline; the pairs are stemmed once per process, and translators of any
 * thread share them; a translator keeps its analyzers, so use it on one thread
 * at a time (one per thread). Returns 0 or PU_ENOMEM; the caller frees *out with
 * pu_translator_free. */
int pu_translator_lexicon(pu_translator **out);

/* How many Spanish stems the built-in lexicon translates (0 if it failed to
 * load). */
size_t pu_translator_lexicon_size(void);

void pu_translator_free(pu_translator *t);

/* What a batch translation did. */
typedef struct pu_translate_report {
	size_t cached;     /* found in the store's cache */
	size_t translated; /* translated now (and cached) */
	size_t failed;     /* left untranslated */
	bool no_pair;      /* the engine has no such language pair */
} pu_translate_report;

/* Translates texts from -> to with t, through the cache of st when st is not
 * NULL (hits are not retranslated; new results are stored). out[i] gets a
 * malloc'd text or NULL (failed, or no pair: then rep->no_pair is set and the
 * message says which pair is missing). Identical languages copy the texts. */
int pu_translate(struct pu_store *st, pu_translator *t, const char *from,
		 const char *to, const char *const *texts, size_t n, char **out,
		 pu_translate_report *rep);

#endif
