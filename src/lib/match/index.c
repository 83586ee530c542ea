/*
 * Building the index: load every standard, translate the texts that lack a
 * pivot language (in batches, through the store's cache), analyse every text
 * into terms of its language space, weight terms by TF-IDF (separately for
 * standards and for units), normalise each vector within each space, and build
 * the inverted lists used for retrieval. The result never changes afterwards.
 */
#include "index_build.h"

#include "puente/buf.h"
#include "puente/error.h"
#include "puente/store.h"
#include "puente/text.h"
#include "puente/translate.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

const char *const pu_pivots[PU_PIVOTS] = {"es", "en"};

/* Field weights: how much a word counts, by where it appears. */
#define W_STD_TITLE 3.0f
/* Alternative titles are many (ESCO: up to dozens), and each repeats the
 * trade's words: at 1.0 a standard whose alternative titles say "cashier" five
 * times outranked the one titled "cashier" (figure 2: 1.0 0.577, 0.7 0.584,
 * 0.5 0.587, 0.33 0.586). */
#define W_STD_ALT 0.5f
#define W_STD_DESC 1.0f
#define W_STD_UNIT 1.0f
#define W_UNIT_TITLE 2.0f
#define W_UNIT_ELEMENT 1.0f
#define W_UNIT_CRITERION 1.0f
#define W_UNIT_KNOWLEDGE 0.5f
/* The term lexicon's translation of a text, relative to the text's field
 * (ESCO, bench/RESULTS.md: 0.25, 0.5 and 1.0 tried; 0.5 raised every figure). */
#define W_LEXICON 0.5f

static int oom(void)
{
	return pu_error_set(PU_ENOMEM, "out of memory");
}

static uint64_t hash_str(const char *s)
{
	uint64_t h = 1469598103934665603ull;

	while (*s)
		h = (h ^ (unsigned char)*s++) * 1099511628211ull;
	return h;
}

static int lang_space(pu_index *idx, const char *tag)
{
	size_t n = strcspn(tag, "-");

	if (n >= 8)
		n = 7;
	for (size_t i = 0; i < idx->nlangs; i++)
		if (strlen(idx->langs[i]) == n &&
		    strncmp(idx->langs[i], tag, n) == 0)
			return (int)i;
	if (idx->frozen_langs)
		return PU_NGRAM_SPACE - 1; /* a language the index never saw */
	if (idx->nlangs == PU_NGRAM_SPACE)
		return PU_NGRAM_SPACE - 1; /* the rare 31st language and beyond */
	memcpy(idx->langs[idx->nlangs], tag, n);
	idx->langs[idx->nlangs][n] = '\0';
	return (int)idx->nlangs++;
}

static bool primary_eq(const char *a, const char *b)
{
	size_t n = strcspn(a, "-");

	return n == strcspn(b, "-") && strncmp(a, b, n) == 0;
}

/* The id of "L:stem", created when new. */
static long intern(struct builder *b, int space, const char *stem,
		   const char *word)
{
	pu_index *idx = b->idx;
	char key[96];
	size_t i, ll = strlen(idx->langs[space]), sl = strlen(stem);

	/* "lang:stem", cut at the key's size as snprintf would (called for
	 * every word and 4-gram of the catalogue: no format parsing). */
	if (ll > sizeof(key) - 2)
		ll = sizeof(key) - 2;
	if (sl > sizeof(key) - 2 - ll)
		sl = sizeof(key) - 2 - ll;
	memcpy(key, idx->langs[space], ll);
	key[ll] = ':';
	memcpy(key + ll + 1, stem, sl);
	key[ll + 1 + sl] = '\0';
	if (b->frozen) {
		if (idx->vcap == 0)
			return -1;
		i = hash_str(key) & (idx->vcap - 1);
		while (idx->vslot[i]) {
			uint32_t t = idx->vslot[i] - 1;

			if (strcmp(idx->term[t], key) == 0)
				return t;
			i = (i + 1) & (idx->vcap - 1);
		}
		return -1; /* unknown to the index: carries no weight */
	}
	if (idx->nterms * 2 >= idx->vcap) {
		size_t cap = idx->vcap ? idx->vcap * 2 : 1 << 16;
		uint32_t *slot = calloc(cap, sizeof(*slot));

		if (slot == NULL)
			return oom();
		for (uint32_t t = 0; t < idx->nterms; t++) {
			i = hash_str(idx->term[t]) & (cap - 1);
			while (slot[i])
				i = (i + 1) & (cap - 1);
			slot[i] = t + 1;
		}
		free(idx->vslot);
		idx->vslot = slot;
		idx->vcap = cap;
	}
	i = hash_str(key) & (idx->vcap - 1);
	while (idx->vslot[i]) {
		uint32_t t = idx->vslot[i] - 1;

		if (strcmp(idx->term[t], key) == 0)
			return t;
		i = (i + 1) & (idx->vcap - 1);
	}
	if (idx->nterms == b->term_cap) {
		size_t cap = b->term_cap ? b->term_cap * 2 : 1 << 15;
		char **term = realloc(idx->term, cap * sizeof(*term));
		char **words;
		uint8_t *space_of;

		if (term == NULL)
			return oom();
		idx->term = term;
		words = realloc(idx->word, cap * sizeof(*words));
		if (words == NULL)
			return oom();
		idx->word = words;
		space_of = realloc(idx->space, cap);
		if (space_of == NULL)
			return oom();
		idx->space = space_of;
		b->term_cap = cap;
	}
	idx->term[idx->nterms] = pu_arena_strdup(idx->arena, key);
	idx->word[idx->nterms] = pu_arena_strdup(idx->arena, word);
	if (idx->term[idx->nterms] == NULL || idx->word[idx->nterms] == NULL)
		return oom();
	idx->space[idx->nterms] = (uint8_t)space;
	idx->vslot[i] = (uint32_t)idx->nterms + 1;
	return (long)idx->nterms++;
}

static int acc_add(struct acc *a, uint32_t term, float w)
{
	size_t k;

	if (a->n * 2 >= a->scap) {
		size_t scap = a->scap ? a->scap * 2 : 256;
		uint32_t *slot = calloc(scap, sizeof(*slot));

		if (slot == NULL)
			return oom();
		for (size_t i = 0; i < a->n; i++) {
			k = (a->terms[i] * 2654435761u) & (scap - 1);
			while (slot[k])
				k = (k + 1) & (scap - 1);
			slot[k] = (uint32_t)i + 1;
		}
		free(a->slot);
		a->slot = slot;
		a->scap = scap;
	}
	k = (term * 2654435761u) & (a->scap - 1);
	while (a->slot[k]) {
		uint32_t p = a->slot[k] - 1;

		if (a->terms[p] == term) {
			a->tf[p] += w;
			return 0;
		}
		k = (k + 1) & (a->scap - 1);
	}
	if (a->n == a->cap) {
		size_t cap = a->cap ? a->cap * 2 : 256;
		uint32_t *t = realloc(a->terms, cap * sizeof(*t));
		float *f;

		if (t == NULL)
			return oom();
		a->terms = t;
		f = realloc(a->tf, cap * sizeof(*f));
		if (f == NULL)
			return oom();
		a->tf = f;
		a->cap = cap;
	}
	a->terms[a->n] = term;
	a->tf[a->n] = w;
	a->slot[k] = (uint32_t)++a->n;
	return 0;
}

struct term_ctx {
	struct builder *b;
	int space;
	bool ngrams; /* also emit the words' character 4-grams */
};

/* "_elec", "elec", ... of "_electricista_": 4-grams of the padded word. */
static int add_ngrams(struct builder *b, const char *word)
{
	char padded[72], gram[5];
	size_t n = strlen(word);

	if (n < 3 || n > 64 || (word[0] >= '0' && word[0] <= '9'))
		return 0;
	padded[0] = '_';
	memcpy(padded + 1, word, n);
	padded[n + 1] = '_';
	padded[n + 2] = '\0';
	for (size_t i = 0; i + 4 <= n + 2; i++) {
		long t;

		/* Whole UTF-8 sequences only: skip grams cut inside one. */
		if (((unsigned char)padded[i] & 0xc0) == 0x80 ||
		    ((unsigned char)padded[i + 4] & 0xc0) == 0x80)
			continue;
		memcpy(gram, padded + i, 4);
		gram[4] = '\0';
		t = intern(b, PU_NGRAM_SPACE, gram, word);
		if (t == -1 && b->frozen)
			continue;
		if (t < 0)
			return (int)t;
		if (acc_add(&b->acc, (uint32_t)t, b->weight) < 0)
			return PU_ENOMEM;
	}
	return 0;
}

static int on_term(const char *term, const char *word, void *arg)
{
	struct term_ctx *c = arg;
	long t;

	/* Single letters ("°C" -> "c", elided articles) carry no meaning. */
	if (term[0] != '\0' && term[1] == '\0')
		return 0;
	if (c->ngrams) {
		int rc = add_ngrams(c->b, word);

		if (rc < 0)
			return rc;
	}
	t = intern(c->b, c->space, term, word);

	if (t == -1 && c->b->frozen)
		return 0;
	if (t < 0)
		return (int)t;
	if (pu_ixb_name_term(c->b, (uint32_t)t) < 0)
		return PU_ENOMEM;
	return acc_add(&c->b->acc, (uint32_t)t, c->b->weight);
}

/* The analyzer of a space; the catch-all space of languages a frozen index
 * never saw has no language of its own, and takes the text's (a query in
 * Kreyol against a catalogue without Kreyol texts). */
static pu_analyzer *analyzer_for(struct builder *b, int space,
				 const char *lang)
{
	const char *l = b->idx->langs[space][0] ? b->idx->langs[space] : lang;

	if (b->an[space] == NULL && pu_analyzer_new(&b->an[space], l) < 0)
		return NULL;
	return b->an[space];
}

static int analyse(struct builder *b, const char *lang, const char *text,
		   bool original)
{
	struct term_ctx c = {b, lang_space(b->idx, lang), original};
	pu_analyzer *a = analyzer_for(b, c.space, lang);
	int rc;

	if (a == NULL)
		return pu_error_code() ? pu_error_code() : oom();
	rc = pu_analyzer_run(a, text, strlen(text), on_term, &c);
	if (rc == PU_EINVAL) {
		pu_error_clear(); /* stored texts are valid UTF-8; skip oddities */
		rc = 0;
	}
	return rc;
}


/* The entry of t that stands for it in translations: the one in lang, else
 * the first. */
static const pu_tr *source_entry(const pu_mtext *t, const char *lang)
{
	for (size_t i = 0; i < t->n; i++)
		if (primary_eq(t->v[i].lang, lang))
			return &t->v[i];
	return t->n ? &t->v[0] : NULL;
}

static bool has_lang(const pu_mtext *t, const char *lang)
{
	for (size_t i = 0; i < t->n; i++)
		if (primary_eq(t->v[i].lang, lang))
			return true;
	return false;
}

/* Analyses the term lexicon's translation of e into pivot p, if it has that
 * pair: it adds the words the machine translation did not know, or knew in
 * another sense, at a lower weight. */
static int analyse_lexicon(struct builder *b, const pu_tr *e, int p)
{
	const char *texts[1] = {e->text};
	char *out = NULL;
	float weight = b->weight;
	int rc;

	if (b->lex == NULL ||
	    !b->lex->ops->has_pair(b->lex, e->lang, pu_pivots[p]))
		return 0;
	rc = b->lex->ops->translate(b->lex, e->lang, pu_pivots[p], texts, 1,
				    &out);
	if (rc == 0 && out != NULL && out[0] != '\0') {
		b->weight = weight * W_LEXICON;
		rc = analyse(b, pu_pivots[p], out, false);
		b->weight = weight;
	}
	free(out);
	return rc;
}

/* Visits a text field: pass 0 enqueues translations, pass 1 analyses. Every
 * entry is analysed in its own language; each pivot the text lacks comes from
 * its translation. For lists (alternative titles), every entry of the
 * source language is translated. */
static int field(struct builder *b, int pass, const pu_mtext *t,
		 const char *lang, float weight, bool list)
{
	int rc = 0;

	if (t->n == 0)
		return 0;
	b->weight = weight;
	if (pass == 1)
		for (size_t i = 0; rc == 0 && i < t->n; i++) {
			b->name_cur = (uint32_t)(b->name_base + (list ? i : 0));
			rc = analyse(b, t->v[i].lang, t->v[i].text, true);
		}
	for (int p = 0; rc == 0 && p < PU_PIVOTS; p++) {
		const pu_tr *src = source_entry(t, lang);

		if (has_lang(t, pu_pivots[p]))
			continue;
		for (size_t i = 0; rc == 0 && i < t->n; i++) {
			const pu_tr *e = list ? &t->v[i] : src;

			if (list && !primary_eq(e->lang, src->lang))
				continue;
			if (pass == 0) {
				rc = pu_ixb_job_add(b, e->text, e->lang, p);
			} else {
				long j = pu_ixb_job_find(b, e->text, p);

				b->name_cur =
					(uint32_t)(b->name_base + (list ? i : 0));
				if (j >= 0 && b->jobs[j].result != NULL)
					rc = analyse(b, pu_pivots[p],
						     b->jobs[j].result, false);
				if (rc == 0)
					rc = analyse_lexicon(b, e, p);
			}
			if (!list)
				break;
		}
	}
	return rc;
}

/* The title is name 0 and alternative title i name 1 + i, recorded (when
 * b->record_names) for the rerank of short queries (retrieve.c). */
static int std_fields(struct builder *b, int pass, const pu_standard *s)
{
	int rc;

	b->name_base = 0;
	rc = field(b, pass, &s->title, s->language, W_STD_TITLE, false);
	b->name_base = 1;
	if (rc == 0)
		rc = field(b, pass, &s->alt_titles, s->language, W_STD_ALT, true);
	b->name_base = -1;
	if (rc == 0)
		rc = field(b, pass, &s->description, s->language, W_STD_DESC,
			   false);
	for (size_t i = 0; rc == 0 && i < s->nunits; i++)
		rc = field(b, pass, &s->units[i].title, s->language, W_STD_UNIT,
			   false);
	return rc;
}

static int unit_fields(struct builder *b, int pass, const pu_standard *s,
		       const pu_unit *u)
{
	int rc = field(b, pass, &u->title, s->language, W_UNIT_TITLE, false);

	for (size_t e = 0; rc == 0 && e < u->nelements; e++) {
		const pu_element *el = &u->elements[e];

		rc = field(b, pass, &el->title, s->language, W_UNIT_ELEMENT,
			   false);
		for (size_t c = 0; rc == 0 && c < el->ncriteria; c++)
			rc = field(b, pass, &el->criteria[c].text, s->language,
				   W_UNIT_CRITERION, false);
	}
	for (size_t k = 0; rc == 0 && k < u->nknowledge; k++)
		rc = field(b, pass, &u->knowledge[k], s->language,
			   W_UNIT_KNOWLEDGE, false);
	return rc;
}

long pu_ix_find_country(const pu_index *idx, const char *country)
{
	for (size_t i = 0; i < idx->ncountries; i++)
		if (strcmp(idx->countries[i], country) == 0)
			return (long)i;
	return -1;
}

static uint32_t country_id(pu_index *idx, const char *country, size_t *cap)
{
	long c = pu_ix_find_country(idx, country);

	if (c >= 0)
		return (uint32_t)c;
	if (idx->ncountries == *cap) {
		size_t ncap = *cap ? *cap * 2 : 16;
		void *n = realloc(idx->countries, ncap * sizeof(*idx->countries));

		if (n == NULL)
			return UINT32_MAX;
		idx->countries = n;
		*cap = ncap;
	}
	snprintf(idx->countries[idx->ncountries], sizeof(idx->countries[0]),
		 "%s", country);
	return (uint32_t)idx->ncountries++;
}

long pu_ix_find_std(const pu_index *idx, const char *country, const char *code)
{
	/* Standards are sorted by (country, code): binary search. */
	size_t lo = 0, hi = idx->nstds;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		const pu_standard *s = idx->stds[mid].s;
		int c = strcmp(s->country, country);

		if (c == 0)
			c = strcmp(s->code, code);
		if (c == 0)
			return (long)mid;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

static int isco_of(const pu_standard *s, int *digits)
{
	const char *c = pu_standard_code_of(s, "isco08");

	*digits = 0;
	if (c == NULL)
		return -1;
	*digits = (int)strlen(c);
	return (int)strtol(c, NULL, 10);
}

static int load(pu_index *idx, pu_store *st, const pu_index_options *opt)
{
	char **keys = NULL;
	size_t n = 0, ccap = 0, nunits = 0;
	int rc;

	rc = pu_store_standard_keys(st, NULL, &keys, &n);
	if (rc < 0)
		return rc;
	idx->stds = calloc(n + 1, sizeof(*idx->stds));
	if (idx->stds == NULL)
		rc = oom();
	for (size_t i = 0; rc == 0 && i < n; i++) {
		ix_std *x = &idx->stds[i];

		rc = pu_store_get_standard(st, keys[2 * i], keys[2 * i + 1],
					   &x->s);
		if (rc < 0)
			break;
		idx->nstds++;
		x->country = country_id(idx, x->s->country, &ccap);
		if (x->country == UINT32_MAX)
			rc = oom();
		x->first_unit = (uint32_t)nunits;
		x->nunits = (uint32_t)x->s->nunits;
		x->isco = isco_of(x->s, &x->isco_digits);
		nunits += x->s->nunits;
		if (opt && opt->progress && (i & 1023) == 0)
			opt->progress("load", i, n, opt->progress_arg);
	}
	for (size_t i = 0; i < 2 * n; i++)
		free(keys[i]);
	free(keys);
	if (rc < 0)
		return rc;
	idx->units = calloc(nunits + 1, sizeof(*idx->units));
	if (idx->units == NULL)
		return oom();
	for (size_t s = 0; s < idx->nstds; s++)
		for (uint32_t u = 0; u < idx->stds[s].nunits; u++) {
			ix_unit *x = &idx->units[idx->stds[s].first_unit + u];

			x->u = &idx->stds[s].s->units[u];
			x->std = (uint32_t)s;
		}
	idx->nunits = nunits;
	return 0;
}

static void builder_free(struct builder *b)
{
	for (size_t i = 0; i < b->njobs; i++)
		free(b->jobs[i].result);
	free(b->jobs);
	free(b->jm.slot);
	for (int i = 0; i < PU_MAX_SPACES; i++)
		pu_analyzer_free(b->an[i]);
	free(b->acc.terms);
	free(b->acc.tf);
	free(b->acc.slot);
	free(b->names);
	pu_translator_free(b->lex);
}

static int vectors(struct builder *b)
{
	pu_index *idx = b->idx;
	const pu_index_options *opt = b->opt;
	size_t dfcap_s = 0, dfcap_u = 0;
	int rc = 0;

	for (size_t s = 0; rc == 0 && s < idx->nstds; s++) {
		ix_std *x = &idx->stds[s];

		rc = std_fields(b, 1, x->s);
		if (rc == 0)
			rc = pu_ixb_take_names(b, x, 1 + x->s->alt_titles.n);
		if (rc == 0)
			rc = pu_ixb_grow_df(&idx->df_std, &dfcap_s, idx->nterms + 1);
		if (rc == 0)
			rc = pu_ixb_take_vec(b, &x->v, idx->df_std);
		if (rc == 0)
			rc = pu_ixb_keep_tf(idx->arena, &x->v);
		for (uint32_t u = 0; rc == 0 && u < x->nunits; u++) {
			ix_unit *xu = &idx->units[x->first_unit + u];

			rc = unit_fields(b, 1, x->s, xu->u);
			if (rc == 0)
				rc = pu_ixb_grow_df(&idx->df_unit, &dfcap_u,
					     idx->nterms + 1);
			if (rc == 0)
				rc = pu_ixb_take_vec(b, &xu->v, idx->df_unit);
		}
		if (opt && opt->progress && (s & 1023) == 0)
			opt->progress("analyse", s, idx->nstds, opt->progress_arg);
	}
	if (rc < 0)
		return rc;
	/* df arrays may lag the vocabulary by terms only seen later. */
	if ((rc = pu_ixb_grow_df(&idx->df_std, &dfcap_s, idx->nterms + 1)) < 0 ||
	    (rc = pu_ixb_grow_df(&idx->df_unit, &dfcap_u, idx->nterms + 1)) < 0)
		return rc;
	if ((rc = pu_ixb_bm25_impacts(idx)) < 0)
		return rc;
	for (size_t s = 0; s < idx->nstds; s++)
		pu_ixb_finish_vec(idx, &idx->stds[s].v, idx->df_std, (double)idx->nstds);
	for (size_t u = 0; u < idx->nunits; u++)
		pu_ixb_finish_vec(idx, &idx->units[u].v, idx->df_unit,
			   (double)(idx->nunits ? idx->nunits : 1));
	return 0;
}

static double now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

int pu_index_build(pu_index **out, pu_store *st, const pu_index_options *opt)
{
	struct builder b = {0};
	pu_index *idx;
	pu_store_counts counts;
	double t0 = now();
	int rc;

	*out = NULL;
	if (opt && opt->version != PU_INDEX_OPTIONS_VERSION)
		return pu_error_set(PU_EINVAL, "index options version %u is not "
				    "supported", opt->version);
	idx = calloc(1, sizeof(*idx));
	if (idx == NULL)
		return oom();
	atomic_init(&idx->refs, 1);
	b.idx = idx;
	b.opt = opt;
	b.record_names = true;
	b.name_base = -1;
	if ((rc = pu_arena_new(&idx->arena)) < 0 ||
	    (rc = pu_translator_lexicon(&b.lex)) < 0)
		goto fail;
	/* Pivots take the first spaces, so their ids are stable. */
	for (int p = 0; p < PU_PIVOTS; p++)
		lang_space(idx, pu_pivots[p]);
	memcpy(idx->langs[PU_NGRAM_SPACE], "~", 2);
	if ((rc = pu_store_stats(st, &counts)) < 0)
		goto fail;
	idx->info.catalog_version = counts.catalog_version;
	pu_store_counts_free(&counts);
	if ((rc = pu_store_registry(st, &idx->reg)) < 0 ||
	    (rc = pu_agreement_load_all(st, &idx->agreements,
					&idx->nagreements)) < 0 ||
	    (rc = load(idx, st, opt)) < 0)
		goto fail;
	for (size_t s = 0; rc == 0 && s < idx->nstds; s++) {
		rc = std_fields(&b, 0, idx->stds[s].s);
		for (size_t u = 0; rc == 0 && u < idx->stds[s].nunits; u++)
			rc = unit_fields(&b, 0, idx->stds[s].s,
					 idx->stds[s].s->units + u);
	}
	snprintf(idx->translator, sizeof(idx->translator), "%s",
		 opt && opt->translator ? opt->translator->ops->name : "none");
	if (rc == 0)
		rc = pu_ixb_translate_jobs(&b, st);
	if (rc == 0)
		rc = vectors(&b);
	if (rc == 0)
		rc = pu_ixb_build_postings(idx);
	if (rc < 0)
		goto fail;
	builder_free(&b);
	idx->frozen_langs = true;
	idx->info.standards = idx->nstds;
	idx->info.units = idx->nunits;
	idx->info.terms = idx->nterms;
	/* What the index holds from malloc: its arena, the standards it
	 * keeps (each in an arena of its own) and its arrays. */
	idx->info.bytes = pu_arena_held(idx->arena) +
			  idx->nterms * (2 * sizeof(char *) + 1) +
			  idx->nstds * sizeof(ix_std) +
			  idx->nunits * sizeof(ix_unit) +
			  (idx->post_off ? idx->post_off[idx->nterms] : 0) * 8;
	for (size_t i = 0; i < idx->nstds; i++)
		idx->info.bytes += pu_arena_held(idx->stds[i].s->arena);
	idx->info.translator = idx->translator;
	idx->info.missing_pairs = idx->missing_pairs;
	idx->info.build_seconds = now() - t0;
	*out = idx;
	return 0;
fail:
	builder_free(&b);
	pu_index_decref(idx);
	return rc;
}

void pu_index_incref(pu_index *idx)
{
	atomic_fetch_add(&idx->refs, 1);
}

void pu_index_decref(pu_index *idx)
{
	if (idx == NULL || atomic_fetch_sub(&idx->refs, 1) != 1)
		return;
	for (size_t i = 0; i < idx->nstds; i++)
		pu_standard_free(idx->stds[i].s);
	for (size_t i = 0; i < idx->nagreements; i++)
		pu_agreement_free(idx->agreements[i]);
	free(idx->agreements);
	pu_registry_free(idx->reg);
	free(idx->stds);
	free(idx->units);
	free(idx->term);
	free(idx->word);
	free(idx->space);
	free(idx->vslot);
	free(idx->df_std);
	free(idx->df_unit);
	free(idx->post_off);
	free(idx->post_std);
	free(idx->post_w);
	free(idx->countries);
	pu_arena_free(idx->arena);
	free(idx);
}

void pu_index_info_get(const pu_index *idx, pu_index_info *out)
{
	*out = idx->info;
}

int pu_ix_vectors(const pu_index *cidx, const pu_standard *s,
		  const pu_index_options *opt, pu_arena *arena, vec *std_vec,
		  vec **unit_vecs)
{
	/* Frozen: the index is only read (lookups), so concurrent callers are
	 * safe; vectors go to the caller's arena. */
	pu_index *idx = (pu_index *)cidx;
	pu_arena *saved = idx->arena;
	struct builder b = {0};
	pu_index tmp;
	vec *uv;
	int rc;

	b.frozen = true;
	b.opt = opt;
	if ((rc = pu_translator_lexicon(&b.lex)) < 0)
		return rc;
	/* A shallow copy whose arena is the caller's: take_vec allocates from
	 * b.idx->arena, and the real index must not change. */
	tmp = *idx;
	tmp.arena = arena;
	b.idx = &tmp;
	(void)saved;
	uv = pu_arena_alloc(arena, (s->nunits + 1) * sizeof(*uv));
	if (uv == NULL) {
		builder_free(&b);
		return oom();
	}
	rc = std_fields(&b, 0, s);
	for (size_t u = 0; rc == 0 && u < s->nunits; u++)
		rc = unit_fields(&b, 0, s, &s->units[u]);
	if (rc == 0 && b.njobs > 0)
		rc = pu_ixb_translate_jobs(&b, opt ? opt->cache : NULL);
	if (rc == 0)
		rc = std_fields(&b, 1, s);
	if (rc == 0) {
		/* take_vec counts df: give it a throwaway array. */
		uint32_t *df = calloc(idx->nterms + 1, sizeof(*df));

		if (df == NULL)
			rc = oom();
		if (rc == 0)
			rc = pu_ixb_take_vec(&b, std_vec, df);
		if (rc == 0)
			rc = pu_ixb_keep_tf(arena, std_vec);
		for (size_t u = 0; rc == 0 && u < s->nunits; u++) {
			rc = unit_fields(&b, 1, s, &s->units[u]);
			if (rc == 0)
				rc = pu_ixb_take_vec(&b, &uv[u], df);
		}
		free(df);
	}
	if (rc == 0) {
		pu_ixb_finish_vec(idx, std_vec, idx->df_std, (double)idx->nstds);
		for (size_t u = 0; u < s->nunits; u++)
			pu_ixb_finish_vec(idx, &uv[u], idx->df_unit,
				   (double)(idx->nunits ? idx->nunits : 1));
		*unit_vecs = uv;
	}
	builder_free(&b);
	return rc;
}
