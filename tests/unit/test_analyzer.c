/*
 * The analyzer: tokenising, case and accent folding, stop words and Snowball
 * stemming per language, digits, unknown languages, limits and errors.
 * Stems are compared between variants of a word rather than hard-coded, so
 * the tests hold across Snowball releases.
 */
#include "helpers.h"

#include "puente/buf.h"
#include "puente/text.h"

/* Terms and words of one run, each joined by spaces. */
struct seen {
	pu_buf terms;
	pu_buf words;
	int calls;
	int stop_after; /* 0: never */
};

static int collect(const char *term, const char *word, void *arg)
{
	struct seen *s = arg;

	if (s->terms.len > 0) {
		assert_ok(pu_buf_putc(&s->terms, ' '));
		assert_ok(pu_buf_putc(&s->words, ' '));
	}
	assert_ok(pu_buf_puts(&s->terms, term));
	assert_ok(pu_buf_puts(&s->words, word));
	s->calls++;
	if (s->stop_after > 0 && s->calls == s->stop_after)
		return 42;
	return 0;
}

static void seen_free(struct seen *s)
{
	pu_buf_free(&s->terms);
	pu_buf_free(&s->words);
}

/* The terms of text in lang, joined by spaces; the caller frees it. */
static char *terms_of(const char *lang, const char *text)
{
	pu_analyzer *a = NULL;
	struct seen s = {PU_BUF_INIT, PU_BUF_INIT, 0, 0};
	char *out;

	assert_ok(pu_analyzer_new(&a, lang));
	assert_ok(pu_analyzer_run(a, text, strlen(text), collect, &s));
	pu_analyzer_free(a);
	out = pu_buf_detach(&s.terms);
	assert_non_null(out);
	seen_free(&s);
	return out;
}

/* Fails unless a and b analyse to the same terms in lang. */
static void assert_same_terms(const char *lang, const char *a, const char *b)
{
	char *ta = terms_of(lang, a), *tb = terms_of(lang, b);

	if (strcmp(ta, tb) != 0) {
		print_error("%s: \"%s\" -> \"%s\" but \"%s\" -> \"%s\"\n", lang,
			    a, ta, b, tb);
		fail();
	}
	free(ta);
	free(tb);
}

static void assert_terms(const char *lang, const char *text, const char *want)
{
	char *got = terms_of(lang, text);

	assert_string_equal(got, want);
	free(got);
}

/* Fails unless text in lang gives exactly one term. */
static void assert_one_term(const char *lang, const char *text)
{
	char *got = terms_of(lang, text);

	assert_non_null(got);
	assert_true(got[0] != '\0');
	assert_null(strchr(got, ' '));
	free(got);
}

static void test_es_case_and_accents_give_same_terms(void **state)
{
	(void)state;
	assert_same_terms("es", "Instalación ELÉCTRICA",
			  "instalación eléctrica");
	assert_same_terms("es", "ALBAÑIL", "albañil");
	assert_same_terms("es", "instalaciones", "instalación");
	assert_one_term("es", "Instalación");
}

static void test_es_terms_carry_no_accents(void **state)
{
	char *t;

	(void)state;
	t = terms_of("es", "Instalación eléctrica del albañil");
	for (const unsigned char *p = (const unsigned char *)t; *p; p++)
		assert_true(*p < 0x80);
	free(t);
}

static void test_es_decomposed_accent_matches_composed(void **state)
{
	(void)state;
	/* "instalacio" + U+0301 COMBINING ACUTE ACCENT + "n" */
	assert_same_terms("es", "instalacio\xcc\x81n", "instalación");
}

static void test_es_stems_plural(void **state)
{
	(void)state;
	assert_same_terms("es", "soldaduras", "soldadura");
	assert_same_terms("es", "albañiles", "albañil");
}

/* Snowball's Spanish suffixes carry their accents ("ación", "ería"), so the
 * analyzer stems the folded word with the always-accented endings given their
 * accent back: a word typed without accents gives the same term. */
static void test_es_unaccented_spelling_stems_alike(void **state)
{
	(void)state;
	assert_same_terms("es", "instalacion", "instalación");
	assert_same_terms("es", "instalaciones", "instalacion");
	assert_same_terms("es", "operacion", "operación");
	assert_same_terms("es", "peluqueria", "peluquería");
	assert_same_terms("es", "peluquerias", "peluquería");
	assert_same_terms("es", "tecnologia", "tecnología");
	assert_same_terms("es", "fotografia", "fotografía");
	assert_same_terms("es", "tecnico", "técnico");
	assert_same_terms("es", "albanil", "albañil");
	assert_same_terms("es", "TECNICO DE INSTALACION",
			  "Técnico de instalación");
	/* Words that never carry the accent keep their own stem. */
	assert_same_terms("es", "materias", "materia");
}

static void test_en_stems_verb_forms(void **state)
{
	(void)state;
	assert_same_terms("en", "cooking", "cooked");
	assert_same_terms("en", "cooks", "cooked");
	assert_same_terms("en", "COOKING", "cooking");
}

/* American and British spellings give one term; words that only look like
 * -ize words keep theirs. */
static void test_en_american_meets_british(void **state)
{
	char *organ, *organise;

	(void)state;
	assert_same_terms("en", "organize", "organise");
	assert_same_terms("en", "organizing the organization",
			  "organising the organisation");
	assert_same_terms("en", "analyze", "analyse");
	assert_same_terms("en", "analyzers", "analysers");
	assert_same_terms("en", "labor", "labour");
	assert_same_terms("en", "tire centers", "tyre centres");
	organ = terms_of("en", "organs");
	organise = terms_of("en", "organize");
	assert_string_not_equal(organ, organise);
	free(organ);
	free(organise);
	assert_terms("en", "size prize seize", "size prize seiz");
}

static void test_fr_stems_and_folds(void **state)
{
	(void)state;
	assert_same_terms("fr", "cuisiner", "cuisine");
	assert_same_terms("fr", "Électriciens", "électricien");
}

static void test_fr_elided_article_is_dropped(void **state)
{
	(void)state;
	assert_same_terms("fr", "l'électricien", "électricien");
	assert_same_terms("fr", "d’électricité", "électricité");
}

static void test_pt_stems_plural(void **state)
{
	(void)state;
	assert_same_terms("pt", "pedreiros", "pedreiro");
	assert_same_terms("pt", "instalações", "instalação");
	assert_same_terms("pt", "INSTALAÇÃO", "instalação");
}

static void test_stop_words_give_no_term(void **state)
{
	(void)state;
	assert_terms("es", "de la", "");
	assert_terms("es", "De LA y los", "");
	assert_terms("en", "of the", "");
	assert_terms("en", "It is on THE", "");
	assert_terms("fr", "de la", "");
	assert_terms("fr", "à la", "");
	assert_terms("pt", "de a", "");
	assert_terms("pt", "não é do", "");
}

static void test_stop_words_are_dropped_between_terms(void **state)
{
	(void)state;
	assert_same_terms("es", "instalación de la soldadura",
			  "instalación soldadura");
	assert_same_terms("en", "the cooking of food", "cooking food");
}

static void test_digits_are_kept_unstemmed(void **state)
{
	(void)state;
	assert_terms("en", "ISO 9001", "iso 9001");
	assert_terms("es", "ISO 9001:2015", "iso 9001 2015");
	assert_terms("es", "0012 00", "0012 00");
}

static void test_full_width_digits_become_ascii(void **state)
{
	(void)state;
	assert_terms("en", "\xef\xbc\x99\xef\xbc\x90\xef\xbc\x90\xef\xbc\x91",
		     "9001"); /* ９００１ */
}

static void test_punctuation_splits_words(void **state)
{
	(void)state;
	assert_same_terms("es", "soldadura,instalación;(albañil)",
			  "soldadura instalación albañil");
	assert_same_terms("en", "cooking\tcooks\n\ncooked", "cook cook cook");
}

static void test_soft_hyphen_does_not_split_a_word(void **state)
{
	(void)state;
	assert_same_terms("es", "insta\xc2\xadlación", "instalación");
}

static void test_no_break_space_separates_words(void **state)
{
	(void)state;
	assert_same_terms("es", "soldadura\xc2\xa0instalación",
			  "soldadura instalación");
}

static void test_mark_without_letter_is_not_a_word(void **state)
{
	pu_analyzer *a = NULL;
	struct seen s = {PU_BUF_INIT, PU_BUF_INIT, 0, 0};
	static const char text[] = "\xcc\x81 abc \xcc\x81\xcc\x82";

	(void)state;
	assert_ok(pu_analyzer_new(&a, "ht"));
	assert_ok(pu_analyzer_run(a, text, sizeof(text) - 1, collect, &s));
	assert_int_equal(s.calls, 1);
	assert_string_equal(s.terms.ptr, "abc");
	pu_analyzer_free(a);
	seen_free(&s);
}

static void test_unknown_language_folds_only(void **state)
{
	pu_analyzer *a = NULL;

	(void)state;
	assert_ok(pu_analyzer_new(&a, "ht"));
	assert_false(pu_analyzer_stems(a));
	assert_string_equal(pu_analyzer_lang(a), "ht");
	pu_analyzer_free(a);
	assert_terms("ht", "Kreyòl Travay ELEKTRIK", "kreyol travay elektrik");
	assert_terms("de", "Straße und die", "strasse und die");
	assert_terms("ht", "de la", "de la");
}

static void test_region_subtag_uses_primary_language(void **state)
{
	pu_analyzer *a = NULL;

	(void)state;
	assert_ok(pu_analyzer_new(&a, "es-MX"));
	assert_true(pu_analyzer_stems(a));
	assert_string_equal(pu_analyzer_lang(a), "es");
	pu_analyzer_free(a);
	assert_same_terms("es-MX", "soldaduras de la", "soldadura");
	assert_ok(pu_analyzer_new(&a, "pt-BR"));
	assert_string_equal(pu_analyzer_lang(a), "pt");
	pu_analyzer_free(a);
}

static void test_new_rejects_invalid_tag(void **state)
{
	pu_analyzer *a = (pu_analyzer *)1;

	(void)state;
	assert_error(pu_analyzer_new(&a, "ES"), PU_EINVAL, "language");
	assert_null(a);
	assert_error(pu_analyzer_new(&a, ""), PU_EINVAL, "language");
	assert_error(pu_analyzer_new(&a, NULL), PU_EINVAL, "language");
	pu_analyzer_free(NULL);
}

static void test_invalid_utf8_is_rejected_before_any_term(void **state)
{
	pu_analyzer *a = NULL;
	struct seen s = {PU_BUF_INIT, PU_BUF_INIT, 0, 0};
	static const char bad[] = "soldadura ab\xc3\x28";
	static const char nul[] = "soldadura\0x";

	(void)state;
	assert_ok(pu_analyzer_new(&a, "es"));
	assert_error(pu_analyzer_run(a, bad, sizeof(bad) - 1, collect, &s),
		     PU_EINVAL, "UTF-8");
	assert_error(pu_analyzer_run(a, "\xff", 1, collect, &s), PU_EINVAL,
		     "UTF-8");
	assert_error(pu_analyzer_run(a, nul, sizeof(nul) - 1, collect, &s),
		     PU_EINVAL, "UTF-8");
	assert_int_equal(s.calls, 0);
	pu_analyzer_free(a);
	seen_free(&s);
}

static void test_empty_text_gives_no_term(void **state)
{
	pu_analyzer *a = NULL;
	struct seen s = {PU_BUF_INIT, PU_BUF_INIT, 0, 0};

	(void)state;
	assert_ok(pu_analyzer_new(&a, "en"));
	assert_ok(pu_analyzer_run(a, "", 0, collect, &s));
	assert_ok(pu_analyzer_run(a, NULL, 0, collect, &s));
	assert_ok(pu_analyzer_run(a, " ,;. ", 5, collect, &s));
	assert_int_equal(s.calls, 0);
	pu_analyzer_free(a);
	seen_free(&s);
}

static void test_callback_return_stops_the_run(void **state)
{
	pu_analyzer *a = NULL;
	struct seen s = {PU_BUF_INIT, PU_BUF_INIT, 0, 2};
	static const char text[] = "cooking cooked cooks chefs";

	(void)state;
	assert_ok(pu_analyzer_new(&a, "en"));
	assert_int_equal(
	    pu_analyzer_run(a, text, sizeof(text) - 1, collect, &s), 42);
	assert_int_equal(s.calls, 2);
	pu_analyzer_free(a);
	seen_free(&s);
}

static void test_word_is_folded_and_unstemmed(void **state)
{
	pu_analyzer *a = NULL;
	struct seen s = {PU_BUF_INIT, PU_BUF_INIT, 0, 0};
	static const char text[] = "Instalaciones ELÉCTRICAS del Albañil";
	pu_buf want = PU_BUF_INIT;

	(void)state;
	assert_ok(pu_analyzer_new(&a, "es"));
	assert_ok(pu_analyzer_run(a, text, sizeof(text) - 1, collect, &s));
	assert_string_equal(s.words.ptr, "instalaciones electricas albanil");
	assert_int_equal(s.calls, 3);
	assert_string_not_equal(s.terms.ptr, s.words.ptr);
	/* the same fold as pu_text_fold, stop words aside */
	assert_ok(pu_text_fold(&want, "Instalaciones ELÉCTRICAS Albañil",
			       strlen("Instalaciones ELÉCTRICAS Albañil")));
	assert_string_equal(s.words.ptr, want.ptr);
	pu_buf_free(&want);
	pu_analyzer_free(a);
	seen_free(&s);
}

static void test_words_over_64_bytes_are_skipped(void **state)
{
	char text[200];
	char *got;

	(void)state;
	/* 64 ASCII letters: kept; 65: skipped */
	memset(text, 'x', 64);
	text[64] = '\0';
	got = terms_of("ht", text);
	assert_string_equal(got, text);
	free(got);
	memset(text, 'x', 65);
	memcpy(text + 65, " 9001", 6);
	assert_terms("ht", text, "9001");
	assert_terms("es", text, "9001");

	/* 32 two-byte letters (64 bytes): kept; 33: skipped */
	for (int i = 0; i < 33; i++)
		memcpy(text + 2 * i, "\xc3\xa9", 2); /* é */
	text[64] = '\0';
	got = terms_of("ht", text);
	assert_int_equal(strlen(got), 32);
	free(got);
	memcpy(text + 64, "\xc3\xa9", 3);
	assert_terms("ht", text, "");
	/* the limit is on the case-folded word: "É" and "é" take 2 bytes */
	for (int i = 0; i < 32; i++)
		memcpy(text + 2 * i, "\xc3\x89", 2); /* É */
	text[64] = '\0';
	got = terms_of("ht", text);
	assert_int_equal(strlen(got), 32);
	free(got);
}

/* A text longer than one slice gives the terms of its parts. */
static void test_long_text_gives_every_term(void **state)
{
	static const char unit[] = "Instalación eléctrica, soldaduras; ";
	static const char nbsp_unit[] = "instalación\xc2\xa0soldadura\xc2\xa0";
	pu_buf text = PU_BUF_INIT;
	pu_analyzer *a = NULL;
	struct seen s = {PU_BUF_INIT, PU_BUF_INIT, 0, 0};
	char *one;
	int n = 3000;

	(void)state;
	one = terms_of("es", unit);
	for (int i = 0; i < n; i++)
		assert_ok(pu_buf_puts(&text, unit));
	assert_ok(pu_analyzer_new(&a, "es"));
	assert_ok(pu_analyzer_run(a, text.ptr, text.len, collect, &s));
	assert_int_equal(s.calls, 3 * n);
	for (int i = 0; i < n; i++)
		assert_memory_equal(s.terms.ptr + i * (strlen(one) + 1), one,
				    strlen(one));

	/* no ASCII separator at all: one slice, still split on NBSP */
	seen_free(&s);
	memset(&s, 0, sizeof(s));
	pu_buf_clear(&text);
	for (int i = 0; i < n; i++)
		assert_ok(pu_buf_puts(&text, nbsp_unit));
	assert_ok(pu_analyzer_run(a, text.ptr, text.len, collect, &s));
	assert_int_equal(s.calls, 2 * n);

	free(one);
	pu_analyzer_free(a);
	seen_free(&s);
	pu_buf_free(&text);
}

static void test_stopword_lookup(void **state)
{
	(void)state;
	assert_true(pu_text_stopword("es", "de"));
	assert_true(pu_text_stopword("es", "a"));
	assert_true(pu_text_stopword("es", "yo"));
	assert_true(pu_text_stopword("es", "mas"));
	assert_true(pu_text_stopword("es-MX", "que"));
	assert_true(pu_text_stopword("en", "a"));
	assert_true(pu_text_stopword("en", "yourselves"));
	assert_true(pu_text_stopword("en", "the"));
	assert_true(pu_text_stopword("fr", "a"));
	assert_true(pu_text_stopword("fr", "y"));
	assert_true(pu_text_stopword("fr", "ou"));
	assert_true(pu_text_stopword("pt", "a"));
	assert_true(pu_text_stopword("pt", "vos"));
	assert_true(pu_text_stopword("pt", "nao"));
	assert_false(pu_text_stopword("es", "obra"));
	assert_false(pu_text_stopword("es", "trabajo"));
	assert_false(pu_text_stopword("es", "the"));
	assert_false(pu_text_stopword("en", "de"));
	assert_false(pu_text_stopword("fr", "or"));
	assert_false(pu_text_stopword("pt", "obra"));
	assert_false(pu_text_stopword("ht", "de"));
	assert_false(pu_text_stopword("esp", "de"));
	assert_false(pu_text_stopword("es", ""));
	assert_false(pu_text_stopword(NULL, "de"));
	assert_false(pu_text_stopword("es", NULL));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_es_case_and_accents_give_same_terms),
	    cmocka_unit_test(test_es_terms_carry_no_accents),
	    cmocka_unit_test(test_es_decomposed_accent_matches_composed),
	    cmocka_unit_test(test_es_stems_plural),
	    cmocka_unit_test(test_es_unaccented_spelling_stems_alike),
	    cmocka_unit_test(test_en_american_meets_british),
	    cmocka_unit_test(test_en_stems_verb_forms),
	    cmocka_unit_test(test_fr_stems_and_folds),
	    cmocka_unit_test(test_fr_elided_article_is_dropped),
	    cmocka_unit_test(test_pt_stems_plural),
	    cmocka_unit_test(test_stop_words_give_no_term),
	    cmocka_unit_test(test_stop_words_are_dropped_between_terms),
	    cmocka_unit_test(test_digits_are_kept_unstemmed),
	    cmocka_unit_test(test_full_width_digits_become_ascii),
	    cmocka_unit_test(test_punctuation_splits_words),
	    cmocka_unit_test(test_soft_hyphen_does_not_split_a_word),
	    cmocka_unit_test(test_no_break_space_separates_words),
	    cmocka_unit_test(test_mark_without_letter_is_not_a_word),
	    cmocka_unit_test(test_unknown_language_folds_only),
	    cmocka_unit_test(test_region_subtag_uses_primary_language),
	    cmocka_unit_test(test_new_rejects_invalid_tag),
	    cmocka_unit_test(test_invalid_utf8_is_rejected_before_any_term),
	    cmocka_unit_test(test_empty_text_gives_no_term),
	    cmocka_unit_test(test_callback_return_stops_the_run),
	    cmocka_unit_test(test_word_is_folded_and_unstemmed),
	    cmocka_unit_test(test_words_over_64_bytes_are_skipped),
	    cmocka_unit_test(test_long_text_gives_every_term),
	    cmocka_unit_test(test_stopword_lookup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
