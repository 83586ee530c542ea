/*
 * Slash variants before translation (pu_text_variants): a gender pair keeps
 * its first form and gives it back as a part of its own, a gender ending
 * after a slash is dropped, other slashes between words cut the text into
 * parts, and a text without such a slash comes back unchanged.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "puente/buf.h"
#include "puente/error.h"
#include "puente/text.h"

/* The parts of text, joined by " | " for comparison. */
static void check(pu_analyzer *an, const char *text, const char *want)
{
	pu_buf out = PU_BUF_INIT, joined = PU_BUF_INIT;
	size_t n = 0, off = 0;

	assert_int_equal(pu_text_variants(&out, &n, an, text, strlen(text)), 0);
	for (size_t i = 0; i < n; i++) {
		assert_int_equal(pu_buf_printf(&joined, "%s%s", i ? " | " : "",
					       out.ptr + off),
				 0);
		off += strlen(out.ptr + off) + 1;
	}
	assert_int_equal(off, out.len);
	assert_string_equal(joined.ptr ? joined.ptr : "", want);
	pu_buf_free(&out);
	pu_buf_free(&joined);
}

static pu_analyzer *spanish(void)
{
	pu_analyzer *an = NULL;

	assert_int_equal(pu_analyzer_new(&an, "es"), 0);
	return an;
}

static void gender_pair_keeps_its_first_form(void **state)
{
	pu_analyzer *an = spanish();

	(void)state;
	check(an, "técnico de asistencia en carretera/técnica de asistencia "
		  "en carretera",
	      "técnico de asistencia en carretera | técnico de asistencia en "
	      "carretera");
	check(an, "mozo de almacén/moza de almacén",
	      "mozo de almacén | mozo de almacén");
	check(an, "tornero/ tornera", "tornero | tornero");
	/* Only the words the two forms share in turn are a pair. */
	check(an, "trabajador/trabajadora social",
	      "trabajador social | trabajador");
	/* The pair ends at punctuation: a description follows. */
	check(an, "ingeniero técnico/ingeniera técnica. Los ingenieros "
		  "técnicos diseñan.",
	      "ingeniero técnico. Los ingenieros técnicos diseñan. | "
	      "ingeniero técnico");
	pu_analyzer_free(an);
}

static void gender_ending_is_dropped(void **state)
{
	pu_analyzer *an = spanish();

	(void)state;
	check(an, "ingeniero/a", "ingeniero");
	check(an, "camarero/a de pisos", "camarero de pisos");
	check(an, "director/a comercial", "director comercial");
	check(an, "técnicos/as", "técnicos");
	pu_analyzer_free(an);
}

static void other_slashes_cut_the_text(void **state)
{
	pu_analyzer *an = spanish();

	(void)state;
	check(an, "entrada/salida", "entrada | salida");
	check(an, "operador de entrada/salida de datos",
	      "operador de entrada | salida de datos");
	check(an, "TCP/IP", "TCP | IP");
	check(an, "almacén/moza", "almacén | moza");
	/* The same Snowball stem, but a derived word, not a gender form. */
	check(an, "trabajo/trabajador", "trabajo | trabajador");
	pu_analyzer_free(an);
}

static void text_without_word_slash_is_unchanged(void **state)
{
	pu_analyzer *an = spanish();

	(void)state;
	check(an, "  albañil ", "  albañil ");
	check(an, "24/7 y 1/2", "24/7 y 1/2");
	check(an, "http://", "http://");
	check(an, "", "");
	pu_analyzer_free(an);
}

/* Without a stemmer (an unknown language, or no analyzer) only identical
 * words or forms that differ in a short ending are a pair. */
static void without_stemmer_endings_still_pair(void **state)
{
	(void)state;
	check(NULL, "ingeniero/ingeniera", "ingeniero | ingeniero");
	check(NULL, "infirmier/infirmière", "infirmier | infirmier");
	check(NULL, "vendeur/vendeuse", "vendeur | vendeur");
	check(NULL, "compra/venta", "compra | venta");
}

static void invalid_utf8_is_refused(void **state)
{
	pu_buf out = PU_BUF_INIT;
	size_t n = 9;

	(void)state;
	assert_int_equal(pu_text_variants(&out, &n, NULL, "a\xff/b", 4),
			 PU_EINVAL);
	assert_int_equal(n, 0);
	pu_error_clear();
	pu_buf_free(&out);
}

/* Past MAX_SLASHES (64) slashes between letters, the rest stays as it is. */
static void slashes_are_limited(void **state)
{
	pu_buf text = PU_BUF_INIT, out = PU_BUF_INIT;
	size_t n = 0;

	(void)state;
	for (int i = 0; i < 200; i++)
		assert_int_equal(pu_buf_printf(&text, "%sw%c%c", i ? "/" : "",
					       'a' + i % 26, 'a' + i / 26),
				 0);
	assert_int_equal(pu_text_variants(&out, &n, NULL, text.ptr, text.len),
			 0);
	assert_int_equal(n, 65);
	pu_buf_free(&text);
	pu_buf_free(&out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(gender_pair_keeps_its_first_form),
		cmocka_unit_test(gender_ending_is_dropped),
		cmocka_unit_test(other_slashes_cut_the_text),
		cmocka_unit_test(text_without_word_slash_is_unchanged),
		cmocka_unit_test(without_stemmer_endings_still_pair),
		cmocka_unit_test(invalid_utf8_is_refused),
		cmocka_unit_test(slashes_are_limited),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
