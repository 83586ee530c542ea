/*
 * Stored multilingual text (src/lib/jsonx.c): the fast reader of flat objects
 * and the jansson path agree on every shape the store writes.
 */
#include "helpers.h"

#include "jsonx.h"
#include "puente/buf.h"
#include "puente/mtext.h"

static void expect(const char *json, size_t n, const char *const *pairs)
{
	pu_arena *a = NULL;
	pu_mtext t;

	assert_ok(pu_arena_new(&a));
	assert_ok(pu_jsonx_mtext_parse(a, json, &t));
	assert_int_equal(t.n, n);
	for (size_t i = 0; i < n; i++) {
		assert_string_equal(t.v[i].lang, pairs[2 * i]);
		assert_string_equal(t.v[i].text, pairs[2 * i + 1]);
	}
	pu_arena_free(a);
}

static void test_flat_objects(void **state)
{
	(void)state;
	expect("{\"es\":\"Cocina básica\",\"en\":\"Basic cookery\"}", 2,
	       (const char *const[]){"es", "Cocina básica", "en", "Basic cookery"});
	/* colons, commas, braces and brackets inside texts */
	expect("{\"es\":\"Nota: a, b {c} [d]\"}", 1,
	       (const char *const[]){"es", "Nota: a, b {c} [d]"});
	/* spaces around the punctuation */
	expect("{ \"es\" : \"x\" , \"fr\" : \"y\" }", 2,
	       (const char *const[]){"es", "x", "fr", "y"});
	/* escapes go through jansson and are decoded */
	expect("{\"es\":\"dice \\\"hola\\\"\\n\"}", 1,
	       (const char *const[]){"es", "dice \"hola\"\n"});
	expect("{\"es\":\"\"}", 1, (const char *const[]){"es", ""});
	expect("{}", 0, NULL);
}

static void test_lists_and_bad_text(void **state)
{
	pu_arena *a = NULL;
	pu_mtext t;

	(void)state;
	/* alternative titles: lists per language */
	expect("{\"es\":[\"albañil\",\"mampostero\"]}", 2,
	       (const char *const[]){"es", "albañil", "es", "mampostero"});
	assert_ok(pu_arena_new(&a));
	assert_int_equal(pu_jsonx_mtext_parse(a, "{\"es\":\"x\"", &t), PU_ESTORE);
	assert_int_equal(pu_jsonx_mtext_parse(a, "{\"es\":\"x\"} junk", &t),
			 PU_ESTORE);
	assert_ok(pu_jsonx_mtext_parse(a, NULL, &t));
	assert_int_equal(t.n, 0);
	pu_arena_free(a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_flat_objects),
		cmocka_unit_test(test_lists_and_bad_text),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
