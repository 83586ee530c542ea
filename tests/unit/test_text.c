/*
 * Text folding for search, UTF-8 validation, language tags, and language
 * selection in multilingual texts.
 */
#include "helpers.h"

#include "puente/buf.h"
#include "puente/mtext.h"
#include "puente/text.h"

static void assert_folds(const char *in, const char *want)
{
	pu_buf b = PU_BUF_INIT;

	assert_ok(pu_text_fold(&b, in, strlen(in)));
	assert_string_equal(b.ptr, want);
	pu_buf_free(&b);
}

static void test_fold_removes_case_and_tilde(void **state)
{
	(void)state;
	assert_folds("ALBAÑIL", "albanil");
	assert_folds("albañil", "albanil");
}

static void test_fold_removes_accents(void **state)
{
	(void)state;
	assert_folds("Électricien", "electricien");
	assert_folds("Técnico en Cocina", "tecnico en cocina");
}

static void test_fold_decomposed_accent_matches_composed(void **state)
{
	(void)state;
	assert_folds("E\xcc\x81lectricien", "electricien"); /* E + U+0301 */
}

static void test_fold_expands_ligature(void **state)
{
	(void)state;
	assert_folds("\xef\xac\x81sh", "fish"); /* U+FB01 LATIN SMALL LIGATURE FI */
}

static void test_fold_maps_full_width_letters(void **state)
{
	(void)state;
	assert_folds("\xef\xbc\xa1\xef\xbc\xa2\xef\xbd\x83\xef\xbc\x91",
		     "abc1"); /* ＡＢｃ１ */
}

static void test_fold_casefolds_sharp_s(void **state)
{
	(void)state;
	assert_folds("Straße", "strasse");
	assert_folds("STRASSE", "strasse");
}

static void test_fold_appends_to_existing_text(void **state)
{
	pu_buf b = PU_BUF_INIT;

	(void)state;
	assert_ok(pu_buf_puts(&b, "x:"));
	assert_ok(pu_text_fold(&b, "ÑU", 3));
	assert_string_equal(b.ptr, "x:nu");
	pu_buf_free(&b);
}

static void test_fold_rejects_invalid_utf8(void **state)
{
	pu_buf b = PU_BUF_INIT;

	(void)state;
	assert_ok(pu_buf_puts(&b, "kept"));
	assert_error(pu_text_fold(&b, "ab\xc3\x28", 4), PU_EINVAL, "UTF-8");
	assert_error(pu_text_fold(&b, "\xff", 1), PU_EINVAL, "UTF-8");
	assert_string_equal(b.ptr, "kept");
	pu_buf_free(&b);
}

static bool valid(const char *s)
{
	return pu_text_utf8_valid(s, strlen(s));
}

static void test_utf8_accepts_well_formed(void **state)
{
	(void)state;
	assert_true(valid(""));
	assert_true(valid("plain ascii"));
	assert_true(valid("añ€\xf0\x9f\x98\x80")); /* 2-, 3- and 4-byte forms */
	assert_true(valid("\xf4\x8f\xbf\xbf"));    /* U+10FFFF */
}

static void test_utf8_rejects_overlongs(void **state)
{
	(void)state;
	assert_false(valid("\xc0\xaf"));         /* '/' in two bytes */
	assert_false(valid("\xc1\xbf"));
	assert_false(valid("\xe0\x80\xaf"));     /* '/' in three bytes */
	assert_false(valid("\xf0\x80\x80\xaf")); /* '/' in four bytes */
}

static void test_utf8_rejects_surrogates(void **state)
{
	(void)state;
	assert_false(valid("\xed\xa0\x80")); /* U+D800 */
	assert_false(valid("\xed\xbf\xbf")); /* U+DFFF */
}

static void test_utf8_rejects_truncated_and_stray_bytes(void **state)
{
	(void)state;
	assert_false(valid("\xe2\x82"));         /* € cut short */
	assert_false(valid("a\x80z"));           /* lone continuation */
	assert_false(valid("\xf4\x90\x80\x80")); /* above U+10FFFF */
	assert_false(valid("\xff"));
	/* the length bounds the check: a cut in the middle of a sequence */
	assert_false(pu_text_utf8_valid("\xe2\x82\xac", 2));
}

static void test_utf8_rejects_nul(void **state)
{
	(void)state;
	assert_false(pu_text_utf8_valid("a\0b", 3));
	assert_false(pu_text_utf8_valid("\0", 1));
	assert_true(pu_text_utf8_valid("a\0b", 1));
}

static void test_lang_accepts_tags(void **state)
{
	static const char *const ok[] = {"es", "en", "ht", "fil", "es-MX",
					 "en-us", "es-419", "zh-Hant-TW"};

	(void)state;
	for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++)
		if (!pu_text_lang_valid(ok[i]))
			fail_msg("\"%s\" should be a valid tag", ok[i]);
}

static void test_lang_rejects_non_tags(void **state)
{
	static const char *const bad[] = {"ES", "e",   "english", "es_MX", "",
					  "es-", "es-M", "-es",    "es MX",
					  "es-MXXXXXXXX"};

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (pu_text_lang_valid(bad[i]))
			fail_msg("\"%s\" should not be a valid tag", bad[i]);
}

static pu_tr tr[] = {
	{"en", "Cook"},
	{"es", "Cocinero"},
	{"fr-CA", "Cuisinier"},
};
static const pu_mtext cook = {3, tr};

static void test_mtext_exact_language(void **state)
{
	(void)state;
	assert_string_equal(pu_mtext_get(&cook, "es", "en"), "Cocinero");
	assert_string_equal(pu_mtext_exact(&cook, "fr-CA"), "Cuisinier");
	assert_null(pu_mtext_exact(&cook, "fr"));
}

static void test_mtext_primary_subtag(void **state)
{
	(void)state;
	assert_string_equal(pu_mtext_get(&cook, "es-MX", "en"), "Cocinero");
	assert_string_equal(pu_mtext_get(&cook, "fr", "en"), "Cuisinier");
}

static void test_mtext_fallback_language(void **state)
{
	(void)state;
	assert_string_equal(pu_mtext_get(&cook, "pt", "es"), "Cocinero");
	assert_string_equal(pu_mtext_get(&cook, NULL, "es"), "Cocinero");
}

static void test_mtext_first_when_nothing_matches(void **state)
{
	(void)state;
	assert_string_equal(pu_mtext_get(&cook, "pt", "de"), "Cook");
	assert_string_equal(pu_mtext_get(&cook, "pt", NULL), "Cook");
}

static void test_mtext_empty_gives_null(void **state)
{
	const pu_mtext empty = {0, NULL};

	(void)state;
	assert_null(pu_mtext_get(&empty, "es", "en"));
	assert_null(pu_mtext_exact(&empty, "es"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fold_removes_case_and_tilde),
		cmocka_unit_test(test_fold_removes_accents),
		cmocka_unit_test(test_fold_decomposed_accent_matches_composed),
		cmocka_unit_test(test_fold_expands_ligature),
		cmocka_unit_test(test_fold_maps_full_width_letters),
		cmocka_unit_test(test_fold_casefolds_sharp_s),
		cmocka_unit_test(test_fold_appends_to_existing_text),
		cmocka_unit_test(test_fold_rejects_invalid_utf8),
		cmocka_unit_test(test_utf8_accepts_well_formed),
		cmocka_unit_test(test_utf8_rejects_overlongs),
		cmocka_unit_test(test_utf8_rejects_surrogates),
		cmocka_unit_test(test_utf8_rejects_truncated_and_stray_bytes),
		cmocka_unit_test(test_utf8_rejects_nul),
		cmocka_unit_test(test_lang_accepts_tags),
		cmocka_unit_test(test_lang_rejects_non_tags),
		cmocka_unit_test(test_mtext_exact_language),
		cmocka_unit_test(test_mtext_primary_subtag),
		cmocka_unit_test(test_mtext_fallback_language),
		cmocka_unit_test(test_mtext_first_when_nothing_matches),
		cmocka_unit_test(test_mtext_empty_gives_null),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
