/*
 * The server's own request parsing (src/server/http.c).
 */
#include "helpers.h"

#include "http.h"

static void test_path_segments(void **state)
{
	http_path p;
	const char *why;

	(void)state;
	assert_true(http_path_parse(&p, "/api/v1/standards/CR/CR-COOK-01", &why));
	assert_int_equal(p.n, 5);
	assert_string_equal(p.seg[0], "api");
	assert_string_equal(p.seg[4], "CR-COOK-01");
	assert_true(http_path_parse(&p, "/", &why));
	assert_int_equal(p.n, 0);
	assert_true(http_path_parse(&p, "/search/", &why));
	assert_int_equal(p.n, 1);
	/* percent-decoding, UTF-8 */
	assert_true(http_path_parse(&p, "/x/alba%C3%B1il%20a", &why));
	assert_string_equal(p.seg[1], "albañil a");
}

static void test_path_refusals(void **state)
{
	static const char *const bad[] = {
		"",
		"api",
		"/static/../etc/passwd",
		"/static/./x",
		"/a%2Fb",
		"/a%5Cb",
		"/a%00b",
		"/a%0ab",
		"/a%zz",
		"/a%4",
		"/a//b",
		"/%ff",
		"/%C0%AF",       /* overlong '/' */
		"/%ED%A0%80",    /* surrogate */
		"/a/b/c/d/e/f/g/h/i",
	};
	http_path p;
	const char *why;
	char longp[HTTP_MAX_PATH + 10];

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		why = NULL;
		if (http_path_parse(&p, bad[i], &why)) {
			print_error("accepted \"%s\"\n", bad[i]);
			fail();
		}
		assert_non_null(why);
	}
	memset(longp, 'a', sizeof(longp) - 1);
	longp[0] = '/';
	longp[sizeof(longp) - 1] = '\0';
	assert_false(http_path_parse(&p, longp, &why));
	assert_string_equal(why, "path too long");
}

static void test_utf8(void **state)
{
	(void)state;
	assert_true(http_utf8_valid("año ñ €𝄞", strlen("año ñ €𝄞")));
	assert_false(http_utf8_valid("\xc3", 1));
	assert_false(http_utf8_valid("\xc0\x80", 2));
	assert_false(http_utf8_valid("\xf4\x90\x80\x80", 4)); /* > U+10FFFF */
	assert_false(http_utf8_valid("\xed\xa0\x80", 3));
	assert_false(http_utf8_valid("\xff", 1));
}

static void test_accept_language(void **state)
{
	static const char *const langs[] = {"es", "en", "fr", "pt", "ht"};

	(void)state;
	assert_int_equal(http_accept_language("fr-CA,fr;q=0.9,en;q=0.5", langs, 5), 2);
	assert_int_equal(http_accept_language("de, en;q=0.3, ht;q=0.8", langs, 5), 4);
	assert_int_equal(http_accept_language("PT-br", langs, 5), 3);
	assert_int_equal(http_accept_language("en;q=0, es;q=0.1", langs, 5), 0);
	assert_int_equal(http_accept_language("de, ja", langs, 5), -1);
	assert_int_equal(http_accept_language(NULL, langs, 5), -1);
	assert_int_equal(http_accept_language(";;;,,,q=", langs, 5), -1);
}

static void test_form_and_cookie(void **state)
{
	const char *form = "user=ana&q=alba%C3%B1il+de+obra&bad=%ff&nul=a%00b";
	char out[64];

	(void)state;
	assert_true(http_form_get(form, strlen(form), "q", out, sizeof(out)));
	assert_string_equal(out, "albañil de obra");
	assert_true(http_form_get(form, strlen(form), "user", out, sizeof(out)));
	assert_string_equal(out, "ana");
	assert_false(http_form_get(form, strlen(form), "bad", out, sizeof(out)));
	assert_false(http_form_get(form, strlen(form), "nul", out, sizeof(out)));
	assert_false(http_form_get(form, strlen(form), "missing", out, sizeof(out)));
	assert_false(http_form_get(form, strlen(form), "q", out, 4)); /* too long */
	assert_true(http_cookie_get("lang=es; puente_session=abc", "puente_session",
				    out, sizeof(out)));
	assert_string_equal(out, "abc");
	assert_false(http_cookie_get("xpuente_session=abc", "puente_session", out,
				     sizeof(out)));
	assert_false(http_cookie_get(NULL, "lang", out, sizeof(out)));
}

static void test_json_depth(void **state)
{
	char deep[100];

	(void)state;
	assert_true(http_json_depth_ok("{\"a\":[1,{\"b\":2}]}", 17, 3));
	assert_false(http_json_depth_ok("{\"a\":[1,{\"b\":2}]}", 17, 2));
	/* brackets inside strings do not count */
	assert_true(http_json_depth_ok("[\"[[[[\\\"[[\"]", 12, 1));
	memset(deep, '[', sizeof(deep));
	assert_false(http_json_depth_ok(deep, sizeof(deep), 32));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_path_segments),
		cmocka_unit_test(test_path_refusals),
		cmocka_unit_test(test_utf8),
		cmocka_unit_test(test_accept_language),
		cmocka_unit_test(test_form_and_cookie),
		cmocka_unit_test(test_json_depth),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
