/*
 * Homologation decisions on hand-made standards (tests/unit/data/
 * homologate.json): identical content with reordered units is full, an extra
 * destination unit is the gap of a partial, a different occupation is none, a
 * Spanish standard against its English translation is full (with Apertium),
 * explanations name the right units, bad input gets a clear error. The
 * built-in term lexicon alone (no machine translator) lets a Spanish word meet
 * its English translation.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <jansson.h>

#include "puente/buf.h"
#include "puente/error.h"
#include "puente/io.h"
#include "puente/match.h"
#include "puente/store.h"
#include "puente/translate.h"

struct fx {
	char dir[64], db[96];
	pu_store *st;
	pu_index *idx;
	bool translated;
};

static struct fx F;

static int setup(void **state)
{
	pu_import_options io = PU_IMPORT_OPTIONS_INIT;
	pu_index_options opt = PU_INDEX_OPTIONS_INIT;
	pu_import_result res;
	pu_translator *t = NULL;

	(void)state;
	snprintf(F.dir, sizeof(F.dir), "/tmp/pu-hom-XXXXXX");
	assert_non_null(mkdtemp(F.dir));
	snprintf(F.db, sizeof(F.db), "%s/h.db", F.dir);
	assert_int_equal(pu_store_open(&F.st, F.db, PU_STORE_CREATE), 0);
	assert_int_equal(pu_io_import_file(F.st,
					   PU_SOURCE_DIR
					   "/tests/unit/data/homologate.json",
					   &io, &res),
			 0);
	if (pu_translator_apertium(&t) == 0)
		F.translated = true;
	opt.translator = t;
	assert_int_equal(pu_index_build(&F.idx, F.st, &opt), 0);
	pu_translator_free(t);
	return 0;
}

static int teardown(void **state)
{
	char p[128];

	(void)state;
	pu_index_decref(F.idx);
	pu_store_close(F.st);
	unlink(F.db);
	snprintf(p, sizeof(p), "%s-wal", F.db);
	unlink(p);
	snprintf(p, sizeof(p), "%s-shm", F.db);
	unlink(p);
	rmdir(F.dir);
	return 0;
}

/* A scratch store NAME.db in the fixture's directory holding the document
 * json, and its index built without a machine translator (the term lexicon
 * only), for the tests that need a catalogue of their own. */
struct scratch {
	char path[128], db[128];
	pu_store *st;
	pu_index *idx;
};

static void scratch_open(struct scratch *s, const char *name, const char *json)
{
	pu_import_options io = PU_IMPORT_OPTIONS_INIT;
	pu_index_options opt = PU_INDEX_OPTIONS_INIT;
	pu_import_result res;
	FILE *fp;

	memset(s, 0, sizeof(*s));
	snprintf(s->path, sizeof(s->path), "%s/%s.json", F.dir, name);
	snprintf(s->db, sizeof(s->db), "%s/%s.db", F.dir, name);
	fp = fopen(s->path, "w");
	assert_non_null(fp);
	assert_int_equal(fputs(json, fp) >= 0, 1);
	assert_int_equal(fclose(fp), 0);
	assert_int_equal(pu_store_open(&s->st, s->db, PU_STORE_CREATE), 0);
	assert_int_equal(pu_io_import_file(s->st, s->path, &io, &res), 0);
	assert_int_equal(pu_index_build(&s->idx, s->st, &opt), 0);
}

static void scratch_close(struct scratch *s)
{
	char p[160];

	pu_index_decref(s->idx);
	pu_store_close(s->st);
	unlink(s->path);
	unlink(s->db);
	snprintf(p, sizeof(p), "%s-wal", s->db);
	unlink(p);
	snprintf(p, sizeof(p), "%s-shm", s->db);
	unlink(p);
}

static pu_homologation *pair(const char *dcountry, const char *dcode)
{
	pu_homologation *h = NULL;

	assert_int_equal(pu_homologate_pair(&h, F.idx, "AA", "AA-WELD",
					    dcountry, dcode, NULL),
			 0);
	assert_int_equal(h->ncandidates, 1);
	return h;
}

static const pu_unit_match *unit(const pu_candidate *c, const char *code)
{
	for (size_t j = 0; j < c->nunits; j++)
		if (strcmp(c->units[j].dest->code, code) == 0)
			return &c->units[j];
	fail_msg("no destination unit %s", code);
	return NULL;
}

static void reordered_units_are_full(void **state)
{
	pu_homologation *h = pair("BB", "BB-WELD-SAME");
	const pu_candidate *c = &h->candidates[0];

	(void)state;
	assert_int_equal(c->equivalence, PU_EQUIV_FULL);
	assert_true(c->coverage > 0.999);
	/* Each destination unit is paired with its counterpart. */
	assert_string_equal(unit(c, "B1")->source->code, "U4");
	assert_string_equal(unit(c, "B2")->source->code, "U3");
	assert_string_equal(unit(c, "B3")->source->code, "U1");
	assert_string_equal(unit(c, "B4")->source->code, "U2");
	assert_true(unit(c, "B2")->nwords > 0);
	/* Each matched word is named once (several 4-grams of one word). */
	for (size_t j = 0; j < c->nunits; j++)
		for (size_t x = 0; x < c->units[j].nwords; x++)
			for (size_t y = x + 1; y < c->units[j].nwords; y++)
				assert_string_not_equal(c->units[j].words[x],
							c->units[j].words[y]);
	assert_true(h->suggestion);
	pu_homologation_free(h);
}

static void extra_destination_unit_is_the_gap(void **state)
{
	pu_homologation *h = pair("BB", "BB-WELD-PLUS");
	const pu_candidate *c = &h->candidates[0];
	size_t gaps = 0;

	(void)state;
	assert_int_equal(c->equivalence, PU_EQUIV_PARTIAL);
	for (size_t j = 0; j < c->nunits; j++)
		gaps += !c->units[j].covered;
	assert_int_equal(gaps, 1);
	assert_false(unit(c, "P5")->covered);
	assert_true(unit(c, "P3")->covered);
	pu_homologation_free(h);
}

static void other_occupation_is_none(void **state)
{
	pu_homologation *h = pair("BB", "BB-COOK");

	(void)state;
	assert_int_equal(h->candidates[0].equivalence, PU_EQUIV_NONE);
	pu_homologation_free(h);
}

static void country_search_finds_the_best(void **state)
{
	pu_homologation *h = NULL;

	(void)state;
	assert_int_equal(pu_homologate(&h, F.idx, "AA", "AA-WELD", "BB", NULL),
			 0);
	assert_true(h->ncandidates >= 2);
	assert_string_equal(h->candidates[0].standard->code, "BB-WELD-SAME");
	assert_int_equal(h->candidates[0].equivalence, PU_EQUIV_FULL);
	pu_homologation_free(h);
}

static void spanish_against_english_translation(void **state)
{
	pu_homologation *h;
	const pu_candidate *c;

	(void)state;
	if (!F.translated)
		skip();
	h = pair("CC", "CC-WELD-EN");
	c = &h->candidates[0];
	assert_int_equal(c->equivalence, PU_EQUIV_FULL);
	assert_string_equal(unit(c, "W1")->source->code, "U1");
	assert_string_equal(unit(c, "W3")->source->code, "U3");
	assert_string_equal(unit(c, "W4")->source->code, "U4");
	pu_homologation_free(h);
}

static void explanation_names_units_and_is_a_suggestion(void **state)
{
	pu_homologation *h = pair("BB", "BB-WELD-PLUS");
	json_t *j = pu_homologation_to_json(h, true);
	json_t *gaps = json_object_get(json_array_get(json_object_get(j,
								      "candidates"),
						      0),
				       "gap_units");
	char *text = pu_homologation_to_text(h, NULL, true);

	(void)state;
	assert_string_equal(json_string_value(json_object_get(j, "equivalence")),
			    "partial");
	assert_true(json_is_true(json_object_get(j, "suggestion")));
	assert_int_equal(json_array_size(gaps), 1);
	assert_string_equal(json_string_value(json_object_get(
				    json_array_get(gaps, 0), "code")),
			    "P5");
	assert_non_null(json_object_get(json_array_get(gaps, 0), "criteria"));
	assert_non_null(json_object_get(j, "policy"));
	assert_non_null(strstr(text, "P5 Interpretar planos"));
	assert_non_null(strstr(text, "suggestion"));
	free(text);
	json_decref(j);
	pu_homologation_free(h);
}

static void bad_input_is_refused(void **state)
{
	pu_homologation *h = NULL;
	pu_policy bad = PU_POLICY_INIT;

	(void)state;
	assert_int_equal(pu_homologate(&h, F.idx, "AA", "NOPE", "BB", NULL),
			 PU_ENOTFOUND);
	assert_non_null(strstr(pu_error_message(), "NOPE"));
	assert_int_equal(pu_homologate(&h, F.idx, "AA", "AA-WELD", "ZZ", NULL),
			 PU_ENOTFOUND);
	assert_non_null(strstr(pu_error_message(), "ZZ"));
	assert_int_equal(pu_homologate(&h, F.idx, "AA", "AA-WELD", "AA", NULL),
			 PU_EINVAL);
	bad.partial_coverage = 1.5;
	assert_int_equal(pu_homologate(&h, F.idx, "AA", "AA-WELD", "BB", &bad),
			 PU_EINVAL);
	assert_null(h);
}

static void stricter_policy_changes_the_decision(void **state)
{
	pu_homologation *h = NULL;
	pu_policy strict = PU_POLICY_INIT;

	(void)state;
	strict.unit_threshold = 0.99;
	strict.unit_threshold_min = 0.99;
	assert_int_equal(pu_homologate_pair(&h, F.idx, "AA", "AA-WELD", "BB",
					    "BB-WELD-SAME", &strict),
			 0);
	assert_int_not_equal(h->candidates[0].equivalence, PU_EQUIV_FULL);
	pu_homologation_free(h);
}

/* The same unit pair (D4 and S2 are one text, "Disponer los materiales para
 * soldar", against U2 "Preparar las piezas y los materiales para soldar")
 * covers its unit where the rest of the two standards agrees, and not beside
 * unrelated units: the threshold falls with the context. */
static void context_lowers_the_unit_threshold(void **state)
{
	pu_homologation *welder = pair("DD", "DD-WELD-PARA");
	pu_homologation *store = pair("DD", "DD-STORE");
	const pu_candidate *w = &welder->candidates[0], *s = &store->candidates[0];
	const pu_unit_match *d4 = unit(w, "D4"), *s2 = unit(s, "S2");
	pu_policy fixed = PU_POLICY_INIT;
	pu_homologation *h = NULL;

	(void)state;
	assert_string_equal(d4->source->code, "U2");
	assert_string_equal(s2->source->code, "U2");
	assert_true(d4->score > 0.12 && d4->score < 0.5);
	assert_true(s2->score > d4->score - 1e-9 && s2->score < d4->score + 1e-9);
	assert_true(w->context > 0.7);
	assert_true(s->context < 0.4);
	assert_true(w->unit_threshold < s->unit_threshold);
	assert_true(d4->covered);
	assert_false(s2->covered);
	assert_int_equal(w->equivalence, PU_EQUIV_FULL);
	/* Without context (the floor at the threshold), D4 is a gap. */
	fixed.unit_threshold_min = fixed.unit_threshold;
	assert_int_equal(pu_homologate_pair(&h, F.idx, "AA", "AA-WELD", "DD",
					    "DD-WELD-PARA", &fixed),
			 0);
	assert_false(unit(&h->candidates[0], "D4")->covered);
	assert_int_equal(h->candidates[0].equivalence, PU_EQUIV_PARTIAL);
	/* A floor above the threshold is refused. */
	fixed.unit_threshold_min = 0.9;
	pu_homologation_free(h);
	h = NULL;
	assert_int_equal(pu_homologate_pair(&h, F.idx, "AA", "AA-WELD", "DD",
					    "DD-WELD-PARA", &fixed),
			 PU_EINVAL);
	assert_null(h);
	pu_homologation_free(welder);
	pu_homologation_free(store);
}

/* English trades only, indexed without any machine translator: what a
 * Spanish query meets is the term lexicon's doing. */
static void lexicon_meets_words_without_translator(void **state)
{
	static const char json[] =
		"{\"format\": \"puente/1\", \"standards\": ["
		"{\"country\": \"EN\", \"code\": \"B1\", \"language\": "
		"\"en\", \"title\": {\"en\": \"Butcher\"}},"
		"{\"country\": \"EN\", \"code\": \"B2\", \"language\": "
		"\"en\", \"title\": {\"en\": \"Baker\"}},"
		"{\"country\": \"EN\", \"code\": \"B3\", \"language\": "
		"\"en\", \"title\": {\"en\": \"Bricklayer\"}}]}";
	pu_rank_hit hits[3];
	size_t n = 0;
	struct scratch sc;

	(void)state;
	scratch_open(&sc, "lex", json);
	assert_int_equal(pu_rank_text(sc.idx, "carnicera", "es", "EN", 3,
				      hits, &n, NULL),
			 0);
	assert_true(n >= 1);
	assert_string_equal(hits[0].code, "B1");
	assert_int_equal(pu_rank_text(sc.idx, "panadero", "es", "EN", 3,
				      hits, &n, NULL),
			 0);
	assert_true(n >= 1);
	assert_string_equal(hits[0].code, "B2");
	assert_int_equal(pu_rank_text(sc.idx, "albañil", "es", "EN", 3,
				      hits, &n, NULL),
			 0);
	assert_true(n >= 1);
	assert_string_equal(hits[0].code, "B3");
	scratch_close(&sc);
}

/* A long query's rare character 4-grams must not crowd its words out of the
 * terms that walk the inverted lists: "butcher" (in two standards) is chosen
 * over the 4-grams of ten made-up words that only one standard has. */
static void query_words_are_not_crowded_out_by_ngrams(void **state)
{
	static const char *const junk =
		"qwzxjvkp kpqzmwvx vjxqzkwp zqxwkvjm xkzqvwpj "
		"mzqxkwvj pvzqxjkw jqzxwkvm wkzqxvjp zxqkvwjm";
	pu_rank_hit hits[30];
	pu_buf json = PU_BUF_INIT, query = PU_BUF_INIT;
	bool b1 = false, b3 = false;
	size_t n = 0;
	struct scratch sc;

	(void)state;
	assert_int_equal(pu_buf_printf(&json,
		"{\"format\": \"puente/1\", \"standards\": ["
		"{\"country\": \"EN\", \"code\": \"B1\", \"language\": "
		"\"en\", \"title\": {\"en\": \"Butcher\"}},"
		"{\"country\": \"EN\", \"code\": \"B2\", \"language\": "
		"\"en\", \"title\": {\"en\": \"%s\"}},"
		"{\"country\": \"EN\", \"code\": \"B3\", \"language\": "
		"\"en\", \"title\": {\"en\": \"Butcher shop assistant\"}}",
		junk), 0);
	for (int i = 0; i < 20; i++)
		assert_int_equal(pu_buf_printf(&json,
			", {\"country\": \"EN\", \"code\": \"F%02d\", "
			"\"language\": \"en\", \"title\": {\"en\": "
			"\"Gardener %d\"}}", i, i), 0);
	assert_int_equal(pu_buf_puts(&json, "]}"), 0);
	scratch_open(&sc, "crowd", json.ptr);
	assert_int_equal(pu_buf_printf(&query, "butcher %s", junk), 0);
	assert_int_equal(pu_rank_text(sc.idx, query.ptr, "en", "EN", 30,
				      hits, &n, NULL),
			 0);
	for (size_t i = 0; i < n; i++) {
		b1 |= strcmp(hits[i].code, "B1") == 0;
		b3 |= strcmp(hits[i].code, "B3") == 0;
	}
	assert_true(b1);
	assert_true(b3);
	pu_buf_free(&json);
	pu_buf_free(&query);
	scratch_close(&sc);
}

/* Two units meet in the English space (the Spanish one translated by the term
 * lexicon: butchers / butchers) but only in part in the Spanish one (where
 * the source has made-up words the destination lacks): the pair scores by its
 * better view, not by the mean of the two. */
static void unit_pair_scores_by_its_better_view(void **state)
{
	static const char json[] =
		"{\"format\": \"puente/1\", \"standards\": ["
		"{\"country\": \"ES\", \"code\": \"S\", \"language\": "
		"\"es\", \"title\": {\"es\": \"Carnicería\"}, \"units\": ["
		"{\"code\": \"U1\", \"title\": {\"es\": "
		"\"carniceros qzxv wqzk kzqm vzqw\"}}]},"
		"{\"country\": \"EN\", \"code\": \"D\", \"language\": "
		"\"en\", \"title\": {\"en\": \"Butchery\"}, \"units\": ["
		"{\"code\": \"W1\", \"title\": {\"en\": \"butchers\"}}]}]}";
	pu_homologation *h = NULL;
	struct scratch sc;

	(void)state;
	scratch_open(&sc, "view", json);
	assert_int_equal(pu_homologate_pair(&h, sc.idx, "ES", "S", "EN", "D",
					    NULL),
			 0);
	assert_int_equal(h->candidates[0].nunits, 1);
	/* English view: cosine 1; the mean with the Spanish view (about 0.5)
	 * would stay near 0.7. */
	assert_true(h->candidates[0].units[0].score > 0.78);
	assert_true(h->candidates[0].units[0].covered);
	pu_homologation_free(h);
	scratch_close(&sc);
}

/* A standard titled with the query's word ranks above one that only repeats
 * it in its alternative titles. */
static void title_outranks_alternative_titles(void **state)
{
	static const char json[] =
		"{\"format\": \"puente/1\", \"standards\": ["
		"{\"country\": \"EN\", \"code\": \"A\", \"language\": "
		"\"en\", \"title\": {\"en\": \"cashier\"}, \"alt_titles\": "
		"{\"en\": [\"checkout operator\", \"till operator\"]}},"
		"{\"country\": \"EN\", \"code\": \"B\", \"language\": "
		"\"en\", \"title\": {\"en\": \"casino cashier\"}, "
		"\"alt_titles\": {\"en\": [\"cashier in a casino\", "
		"\"gaming cashier\", \"cashier of gaming\", \"cage cashier\", "
		"\"casino cage cashier\"]}},"
		"{\"country\": \"EN\", \"code\": \"C\", \"language\": "
		"\"en\", \"title\": {\"en\": \"baker\"}}]}";
	pu_rank_hit hits[3];
	size_t n = 0;
	struct scratch sc;

	(void)state;
	scratch_open(&sc, "alt", json);
	assert_int_equal(pu_rank_text(sc.idx, "cashier", "en", "EN", 3,
				      hits, &n, NULL),
			 0);
	assert_true(n >= 2);
	assert_string_equal(hits[0].code, "A");
	scratch_close(&sc);
}

/* Query terms that no standard of the destination has do not take the places
 * of those that reach it: sixty words only another country's standard has
 * would otherwise push out "electrician". */
static void query_terms_outside_the_destination_are_not_chosen(void **state)
{
	pu_rank_hit hits[5];
	pu_buf json = PU_BUF_INIT, words = PU_BUF_INIT, query = PU_BUF_INIT;
	size_t n = 0;
	struct scratch sc;

	(void)state;
	for (int i = 0; i < 60; i++)
		assert_int_equal(pu_buf_printf(&words, "%sqz%cx%cv%c",
					       i ? " " : "", 'a' + i % 26,
					       'a' + (i / 26) % 26,
					       'a' + (i * 7) % 26),
				 0);
	assert_int_equal(pu_buf_printf(&json,
		"{\"format\": \"puente/1\", \"standards\": ["
		"{\"country\": \"XX\", \"code\": \"J\", \"language\": "
		"\"en\", \"title\": {\"en\": \"%s\"}}", words.ptr), 0);
	for (int i = 0; i < 6; i++)
		assert_int_equal(pu_buf_printf(&json,
			", {\"country\": \"EN\", \"code\": \"E%d\", "
			"\"language\": \"en\", \"title\": {\"en\": "
			"\"%s %d\"}}", i, i < 3 ? "electrician" : "gardener",
			i), 0);
	assert_int_equal(pu_buf_puts(&json, "]}"), 0);
	scratch_open(&sc, "reach", json.ptr);
	assert_int_equal(pu_buf_printf(&query, "%s electrician", words.ptr), 0);
	assert_int_equal(pu_rank_text(sc.idx, query.ptr, "en", "EN", 5,
				      hits, &n, NULL),
			 0);
	assert_true(n >= 1);
	assert_non_null(strstr("E0 E1 E2", hits[0].code));
	pu_buf_free(&json);
	pu_buf_free(&words);
	pu_buf_free(&query);
	scratch_close(&sc);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(reordered_units_are_full),
		cmocka_unit_test(extra_destination_unit_is_the_gap),
		cmocka_unit_test(other_occupation_is_none),
		cmocka_unit_test(country_search_finds_the_best),
		cmocka_unit_test(spanish_against_english_translation),
		cmocka_unit_test(explanation_names_units_and_is_a_suggestion),
		cmocka_unit_test(bad_input_is_refused),
		cmocka_unit_test(stricter_policy_changes_the_decision),
		cmocka_unit_test(context_lowers_the_unit_threshold),
		cmocka_unit_test(lexicon_meets_words_without_translator),
		cmocka_unit_test(query_words_are_not_crowded_out_by_ngrams),
		cmocka_unit_test(unit_pair_scores_by_its_better_view),
		cmocka_unit_test(title_outranks_alternative_titles),
		cmocka_unit_test(query_terms_outside_the_destination_are_not_chosen),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
