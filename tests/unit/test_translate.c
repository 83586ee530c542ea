/*
 * Translation: Apertium really runs (skipped when it is not installed), the
 * store's cache answers the second time, a gender pair ("mozo/moza") is
 * translated in parts cached one by one, a missing pair is reported. The
 * built-in term lexicon translates words by stem in both directions (a stem's
 * words by their spelling), leaves out what it does not know, and needs
 * nothing installed.
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

#include "puente/error.h"
#include "puente/store.h"
#include "puente/translate.h"

struct fx {
	char dir[64];
	char db[96];
	pu_store *st;
	pu_translator *t;
};

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));

	snprintf(f->dir, sizeof(f->dir), "/tmp/pu-tr-XXXXXX");
	assert_non_null(mkdtemp(f->dir));
	snprintf(f->db, sizeof(f->db), "%s/t.db", f->dir);
	assert_int_equal(pu_store_open(&f->st, f->db, PU_STORE_CREATE), 0);
	assert_int_equal(pu_translator_apertium(&f->t), 0);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;
	char path[128];

	pu_translator_free(f->t);
	pu_store_close(f->st);
	unlink(f->db);
	snprintf(path, sizeof(path), "%s-wal", f->db);
	unlink(path);
	snprintf(path, sizeof(path), "%s-shm", f->db);
	unlink(path);
	rmdir(f->dir);
	free(f);
	return 0;
}

static void free_all(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
}

static void translates_in_order_and_caches(void **state)
{
	struct fx *f = *state;
	const char *in[] = {"albañil", "", "la camarera de pisos limpia",
			    "instalar lámparas\ny enchufes"};
	char *out[4], *again[4];
	pu_translate_report rep;

	assert_int_equal(pu_translate(f->st, f->t, "es", "en", in, 4, out,
				      &rep),
			 0);
	assert_int_equal(rep.translated, 4);
	assert_int_equal(rep.cached, 0);
	assert_non_null(strstr(out[0], "ricklayer"));
	assert_non_null(strstr(out[2], "clean"));
	assert_non_null(strstr(out[3], "lamp"));
	assert_int_equal(pu_translate(f->st, f->t, "es", "en", in, 4, again,
				      &rep),
			 0);
	assert_int_equal(rep.cached, 4);
	assert_int_equal(rep.translated, 0);
	for (int i = 0; i < 4; i++)
		assert_string_equal(out[i], again[i]);
	free_all(out, 4);
	free_all(again, 4);
}

/* A gender pair is translated in its first form, once per form, each part
 * cached on its own: Apertium alone reorders words across the slash
 * ("Servant of young/warehouse of warehouse"). */
static void gender_pair_is_translated_in_parts(void **state)
{
	struct fx *f = *state;
	const char *in[] = {"mozo de almacén/moza de almacén",
			    "entrada/salida"};
	const char *part[] = {"mozo de almacén"};
	char *out[2], *again[1];
	pu_translate_report rep;

	assert_int_equal(pu_translate(f->st, f->t, "es", "en", in, 2, out,
				      &rep),
			 0);
	assert_int_equal(rep.translated, 2);
	assert_non_null(strstr(out[0], "arehouse"));
	assert_null(strstr(out[0], "young"));
	assert_non_null(strstr(out[0], " / "));
	assert_non_null(strstr(out[1], " / "));
	assert_int_equal(pu_translate(f->st, f->t, "es", "en", part, 1, again,
				      &rep),
			 0);
	assert_int_equal(rep.cached, 1);
	assert_non_null(strstr(out[0], again[0]));
	free_all(out, 2);
	free_all(again, 1);
}

static void goes_through_spanish(void **state)
{
	struct fx *f = *state;
	const char *in[] = {"électricien"};
	char *out[1];
	pu_translate_report rep;

	assert_true(f->t->ops->has_pair(f->t, "fr", "en"));
	assert_int_equal(pu_translate(NULL, f->t, "fr", "en", in, 1, out, &rep),
			 0);
	assert_non_null(out[0]);
	assert_non_null(strstr(out[0], "lectrician"));
	free(out[0]);
}

static void same_language_copies(void **state)
{
	struct fx *f = *state;
	const char *in[] = {"soldador"};
	char *out[1];
	pu_translate_report rep;

	assert_int_equal(pu_translate(f->st, f->t, "es-MX", "es", in, 1, out,
				      &rep),
			 0);
	assert_string_equal(out[0], "soldador");
	free(out[0]);
}

static void missing_pair_is_reported(void **state)
{
	struct fx *f = *state;
	const char *in[] = {"bòs mason"};
	char *out[1];
	pu_translate_report rep;

	assert_int_equal(pu_translate(f->st, f->t, "ht", "es", in, 1, out, &rep),
			 PU_ENOTFOUND);
	assert_true(rep.no_pair);
	assert_null(out[0]);
	assert_non_null(strstr(pu_error_message(), "ht to es"));
	assert_non_null(strstr(pu_error_message(), "without translation"));
}

static void lexicon_translates_by_stem(void **state)
{
	const char *in[] = {"Carnicera", "panadero y fontanero",
			    "los carniceros xyzzy", "", "qwerty"};
	char *out[5];
	pu_translator *t = NULL;

	(void)state;
	assert_int_equal(pu_translator_lexicon(&t), 0);
	assert_string_equal(t->ops->name, "lexicon");
	assert_true(pu_translator_lexicon_size() > 1500);
	assert_int_equal(t->ops->translate(t, "es", "en", in, 5, out), 0);
	assert_string_equal(out[0], "butchers"); /* singular, feminine: one stem */
	assert_string_equal(out[1], "bakers plumbers"); /* in order */
	assert_string_equal(out[2], "butchers"); /* unknown words left out */
	assert_string_equal(out[3], "");
	assert_string_equal(out[4], "");
	free_all(out, 5);
	pu_translator_free(t);
}

static void lexicon_translates_back(void **state)
{
	const char *in[] = {"A butcher", "Plumbers and EQUIPMENT"};
	char *out[2];
	pu_translator *t = NULL;

	(void)state;
	assert_int_equal(pu_translator_lexicon(&t), 0);
	assert_true(t->ops->has_pair(t, "en-GB", "es-MX"));
	assert_int_equal(t->ops->translate(t, "en", "es", in, 2, out), 0);
	assert_string_equal(out[0], "carniceros");
	assert_non_null(strstr(out[1], "fontaneros"));
	assert_non_null(strstr(out[1], "equipos"));
	free_all(out, 2);
	pu_translator_free(t);
}

/* The lexicon's English is British, as ESCO's: American text meets it
 * through the analyzer ("organize" stems as "organise", not as "organ", which
 * gave "orgánicos"). Among the stem's pairs the spelling narrows less well
 * for the American word, so it may bring the family's other words too. */
static void lexicon_reads_american_english(void **state)
{
	const char *in[] = {"organize", "organise"};
	char *out[2];
	pu_translator *t = NULL;

	(void)state;
	assert_int_equal(pu_translator_lexicon(&t), 0);
	assert_int_equal(t->ops->translate(t, "en", "es", in, 2, out), 0);
	assert_string_equal(out[1], "organizar");
	assert_non_null(strstr(out[0], "organizar"));
	assert_null(strstr(out[0], "org\xc3\xa1nic"));
	free_all(out, 2);
	pu_translator_free(t);
}

static void lexicon_knows_words_of_skills(void **state)
{
	const char *in[] = {"tejidos", "tienda", "organizar", "soldadora",
			    "analizar datos", "seguros"};
	char *out[6];
	pu_translator *t = NULL;

	(void)state;
	assert_int_equal(pu_translator_lexicon(&t), 0);
	assert_int_equal(t->ops->translate(t, "es", "en", in, 6, out), 0);
	assert_string_equal(out[0], "fabrics");
	assert_non_null(strstr(out[1], "shop"));
	assert_null(strstr(out[1], "tent"));
	assert_string_equal(out[2], "organise");
	assert_string_equal(out[3], "welders");
	assert_string_equal(out[4], "analyse data");
	assert_string_equal(out[5], "insurance"); /* not seguridad's safety */
	free_all(out, 6);
	pu_translator_free(t);
}

/* A stem gathers words of several meanings (operator and operations are both
 * "oper"; afines and afinadores both "afin"): of a stem's pairs, those whose
 * source is spelt most like the text's word translate it. */
static void lexicon_narrows_a_stem_by_spelling(void **state)
{
	const char *en[] = {"operator", "operations"};
	const char *es[] = {"afines", "afinadores"};
	char *out[2];
	pu_translator *t = NULL;

	(void)state;
	assert_int_equal(pu_translator_lexicon(&t), 0);
	assert_int_equal(t->ops->translate(t, "en", "es", en, 2, out), 0);
	assert_string_equal(out[0], "operadores");
	assert_string_equal(out[1], "operaciones");
	free_all(out, 2);
	assert_int_equal(t->ops->translate(t, "es", "en", es, 2, out), 0);
	assert_string_equal(out[0], "related");
	assert_string_equal(out[1], "tuners");
	free_all(out, 2);
	pu_translator_free(t);
}

static void lexicon_other_pairs_missing(void **state)
{
	const char *in[] = {"boucher"};
	char *out[1] = {NULL};
	pu_translate_report rep;
	pu_translator *t = NULL;

	(void)state;
	assert_int_equal(pu_translator_lexicon(&t), 0);
	assert_false(t->ops->has_pair(t, "fr", "en"));
	assert_false(t->ops->has_pair(t, "es", "pt"));
	assert_int_equal(pu_translate(NULL, t, "fr", "en", in, 1, out, &rep),
			 PU_ENOTFOUND);
	assert_true(rep.no_pair);
	assert_null(out[0]);
	assert_non_null(strstr(pu_error_message(), "lexicon"));
	pu_error_clear();
	pu_translator_free(t);
}

int main(void)
{
	const struct CMUnitTest lexicon_tests[] = {
		cmocka_unit_test(lexicon_translates_by_stem),
		cmocka_unit_test(lexicon_translates_back),
		cmocka_unit_test(lexicon_reads_american_english),
		cmocka_unit_test(lexicon_knows_words_of_skills),
		cmocka_unit_test(lexicon_narrows_a_stem_by_spelling),
		cmocka_unit_test(lexicon_other_pairs_missing),
	};
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(translates_in_order_and_caches),
		cmocka_unit_test(gender_pair_is_translated_in_parts),
		cmocka_unit_test(goes_through_spanish),
		cmocka_unit_test(same_language_copies),
		cmocka_unit_test(missing_pair_is_reported),
	};
	int rc = cmocka_run_group_tests_name("lexicon", lexicon_tests, NULL,
					     NULL);

	if (rc != 0)
		return rc;
	if (access("/usr/share/apertium/modes/spa-eng.mode", R_OK) != 0) {
		printf("skipped: Apertium is not installed (scripts/deps.sh "
		       "installs it)\n");
		return 77;
	}
	return cmocka_run_group_tests(tests, setup, teardown);
}
