/*
 * RFC 8785 canonicalisation and the strict credential parser: byte-exact
 * against the RFC's fixtures and every line of cyberphone's 100,000-number
 * ES6 file (../shared/data/vectors/jcs-rfc8785; skipped when absent), plus
 * the edge cases of key order, escapes and numbers, and the parser's limits.
 */
#include "helpers.h"

#include "puente/buf.h"
#include "puente/cred.h"

#include "cred/tree.h"

#include <errno.h>
#include <jansson.h>
#include <math.h>
#include <stdint.h>

#define VEC PU_SHARED_DATA "/vectors/jcs-rfc8785"

static int have_vectors(void)
{
	return access(VEC "/es6testfile-100k.txt", R_OK) == 0;
}

/* Reads a whole file; the caller frees it. */
static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	long n;

	if (f == NULL)
		return NULL;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = malloc((size_t)n + 1);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
	buf[n] = '\0';
	fclose(f);
	*len = (size_t)n;
	return buf;
}

static char *canon(const char *json)
{
	json_t *v = NULL;
	pu_buf b = PU_BUF_INIT;

	assert_ok(pu_cred_parse(&v, json, strlen(json), 0));
	assert_ok(pu_cred_jcs(&b, v));
	json_decref(v);
	return pu_buf_detach(&b);
}

static void fixtures(void **state)
{
	static const char *const names[] = {"arrays",  "french", "structures",
					    "unicode", "values", "weird"};
	char path[512];

	(void)state;
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		size_t ilen, olen;
		char *in, *want, *got;

		snprintf(path, sizeof(path), VEC "/testdata/input/%s.json",
			 names[i]);
		in = slurp(path, &ilen);
		assert_non_null(in);
		snprintf(path, sizeof(path), VEC "/testdata/output/%s.json",
			 names[i]);
		want = slurp(path, &olen);
		assert_non_null(want);
		got = canon(in);
		if (strlen(got) != olen || memcmp(got, want, olen) != 0) {
			print_error("%s:\n got  %s\n want %s\n", names[i], got,
				    want);
			fail();
		}
		free(in);
		free(want);
		free(got);
	}
}

static void es6_100k(void **state)
{
	FILE *f = fopen(VEC "/es6testfile-100k.txt", "r");
	char line[128];
	size_t lines = 0, bad = 0;
	pu_buf b = PU_BUF_INIT;

	(void)state;
	assert_non_null(f);
	while (fgets(line, sizeof(line), f) != NULL) {
		char *comma = strchr(line, ',');
		uint64_t bits;
		double x;
		size_t n;

		assert_non_null(comma);
		*comma = '\0';
		n = strcspn(comma + 1, "\r\n");
		comma[1 + n] = '\0';
		bits = strtoull(line, NULL, 16);
		memcpy(&x, &bits, sizeof(x));
		lines++;
		pu_buf_clear(&b);
		assert_ok(pu_cred_jcs_number(&b, x));
		if (strcmp(b.ptr, comma + 1) != 0) {
			if (bad++ < 10)
				print_error("%s: got %s want %s\n", line, b.ptr,
					    comma + 1);
		}
	}
	fclose(f);
	pu_buf_free(&b);
	print_message("es6testfile-100k: %zu lines, %zu mismatches\n", lines,
		      bad);
	assert_int_equal(lines, 100000);
	assert_int_equal(bad, 0);
}

static void numbers(void **state)
{
	static const struct {
		double x;
		const char *want;
	} cases[] = {
	    {0.0, "0"},
	    {-0.0, "0"},
	    {1.0, "1"},
	    {-1.5, "-1.5"},
	    {0.1, "0.1"},
	    {1e21, "1e+21"},
	    {1e20, "100000000000000000000"},
	    {123456789012345680000.0, "123456789012345680000"},
	    {1e-6, "0.000001"},
	    {1e-7, "1e-7"},
	    {9007199254740993.0, "9007199254740992"},
	    {5e-324, "5e-324"},
	    {1.7976931348623157e308, "1.7976931348623157e+308"},
	    {333333333.33333329, "333333333.3333333"},
	    {12.5, "12.5"},
	    {4.5, "4.5"},
	    {0.002, "0.002"},
	    {-1e-27, "-1e-27"},
	    /* The few-decimals path and its edges. */
	    {0.3, "0.3"},
	    {0.30000000000000004, "0.30000000000000004"},
	    {-0.5, "-0.5"},
	    {123456.5, "123456.5"},
	    {0.000001, "0.000001"},
	    {0.000123, "0.000123"},
	    {1234567890.123456, "1234567890.123456"},
	    {999999999999999.9, "999999999999999.9"},
	    {7.25e-4, "0.000725"},
	    {1.1, "1.1"},
	    {2.675, "2.675"},
	};
	pu_buf b = PU_BUF_INIT;

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		pu_buf_clear(&b);
		assert_ok(pu_cred_jcs_number(&b, cases[i].x));
		assert_string_equal(b.ptr, cases[i].want);
	}
	assert_error(pu_cred_jcs_number(&b, NAN), PU_EINVAL, "not finite");
	assert_error(pu_cred_jcs_number(&b, INFINITY), PU_EINVAL, "not finite");
	pu_buf_free(&b);
}

static void strings_and_order(void **state)
{
	char *s;

	(void)state;
	/* Control characters: short escapes where JSON has them, else
	 * lowercase \u00xx; '/' and DEL and non-ASCII as they are. */
	s = canon("[\"\\u001F\\b\\t\\n\\f\\r\\\"\\\\\\/\\u007f\\u00e9\"]");
	assert_string_equal(
	    s, "[\"\\u001f\\b\\t\\n\\f\\r\\\"\\\\/\x7f\xc3\xa9\"]");
	free(s);
	/* UTF-16 order: U+FB33 (one unit 0xFB33) sorts after U+1F602 (units
	 * 0xD83D 0xDE02), though its code point is smaller. */
	s = canon("{\"\\ufb33\":1,\"\\ud83d\\ude02\":2,\"a\":3}");
	assert_string_equal(s, "{\"a\":3,\"\xf0\x9f\x98\x82\":2,"
			       "\"\xef\xac\xb3\":1}");
	free(s);
	/* Numbers read as doubles: integers above 2^53 round like ES6. */
	s = canon("[9007199254740993, 1.0, -0, 1E21, 1e-7]");
	assert_string_equal(s, "[9007199254740992,1,0,1e+21,1e-7]");
	free(s);
}

static void parse_errors(void **state)
{
	json_t *v = NULL;
	char *big, *deep;
	size_t i;

	(void)state;
	assert_error(pu_cred_parse(&v, "{\"a\":1,\"a\":2}", 13, 0), PU_EINVAL,
		     "duplicate");
	assert_error(pu_cred_parse(&v, "{\n  \"a\": tru }", 14, 0), PU_EINVAL,
		     "2:");
	assert_error(pu_cred_parse(&v, "[1e400]", 7, 0), PU_EINVAL, "overflow");
	assert_error(pu_cred_parse(&v, "[\"\\u0000\"]", 10, 0), PU_EINVAL,
		     "NUL");
	assert_error(pu_cred_parse(&v, "[\"\\ud800\"]", 10, 0), PU_EINVAL,
		     "invalid Unicode");
	assert_error(pu_cred_parse(&v, "[\"\xff\"]", 5, 0), PU_EINVAL,
		     "unable to decode byte 0xff");
	/* A raw NUL outside a string (jansson alone would skip this one). */
	assert_error(pu_cred_parse(&v, "[1\0,1e-7,0]", 11, 0), PU_EINVAL,
		     "1:3: NUL byte");
	/* Integers beyond int64 are doubles, not errors. */
	assert_ok(pu_cred_parse(&v, "[123456789012345678901234567890]", 32, 0));
	json_decref(v);
	big = malloc(PU_CRED_MAX_DOC + 2);
	assert_non_null(big);
	memset(big, ' ', PU_CRED_MAX_DOC + 1);
	big[0] = '1';
	assert_error(pu_cred_parse(&v, big, PU_CRED_MAX_DOC + 1, 0), PU_ELIMIT,
		     "over the limit");
	free(big);
	deep = malloc(200);
	assert_non_null(deep);
	for (i = 0; i < 40; i++)
		deep[i] = '[';
	for (i = 40; i < 80; i++)
		deep[i] = ']';
	assert_error(pu_cred_parse(&v, deep, 80, 0), PU_ELIMIT, "deeper");
	/* 32 levels are fine. */
	assert_ok(pu_cred_parse(&v, deep + 8, 64, 0));
	json_decref(v);
	free(deep);
}

/* The verifier's own parser: the same strictness as pu_cred_parse, with a
 * line and column for each error. */
static void tree_errors(void **state)
{
	static const struct {
		const char *text;
		int code;
		const char *want;
	} cases[] = {
	    {"", PU_EINVAL, "1:1: '[' or '{' expected"},
	    {"1", PU_EINVAL, "'[' or '{' expected"},
	    {"{\"a\":1,\"a\":2}", PU_EINVAL, "duplicate object key: a"},
	    {"{\n \"a\": tru}", PU_EINVAL, "2:7: invalid token"},
	    {"[01]", PU_EINVAL, "',' or ']' expected"},
	    {"[1.]", PU_EINVAL, "invalid number"},
	    {"[.5]", PU_EINVAL, "invalid number"},
	    {"[-]", PU_EINVAL, "invalid number"},
	    {"[1e]", PU_EINVAL, "invalid number"},
	    {"[1e400]", PU_EINVAL, "out of range"},
	    {"[\"\\ud800\"]", PU_EINVAL, "lone surrogate"},
	    {"[\"\\udc00\"]", PU_EINVAL, "lone surrogate"},
	    {"[\"\\ud800\\u0041\"]", PU_EINVAL, "lone surrogate"},
	    {"[\"\\u00zz\"]", PU_EINVAL, "bad \\u escape"},
	    {"[\"\\x\"]", PU_EINVAL, "bad escape"},
	    {"[\"\\u0000\"]", PU_EINVAL, "\\u0000 is not allowed"},
	    {"[\"a\tb\"]", PU_EINVAL, "control character"},
	    {"[\"\xc3\x28\"]", PU_EINVAL, "invalid UTF-8"},
	    {"[\"\xed\xa0\x80\"]", PU_EINVAL, "invalid UTF-8"},
	    {"[\"\xf4\x90\x80\x80\"]", PU_EINVAL, "invalid UTF-8"},
	    {"[\"abc", PU_EINVAL, "unterminated string"},
	    {"[\"abc\\", PU_EINVAL, "unterminated string"},
	    {"[1,]", PU_EINVAL, "invalid number"},
	    {"{\"a\" 1}", PU_EINVAL, "':' expected"},
	    {"{1:1}", PU_EINVAL, "string or '}' expected"},
	    {"[] []", PU_EINVAL, "end of input expected"},
	    {"[", PU_EINVAL, "unexpected end of input"},
	};
	pu_arena *a = NULL;
	const pu_jv *v;
	char deep[80];

	(void)state;
	assert_ok(pu_arena_new(&a));
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int rc = pu_jv_parse(a, &v, cases[i].text,
				     strlen(cases[i].text), 0, 0);

		if (rc != cases[i].code ||
		    strstr(pu_error_message(), cases[i].want) == NULL) {
			print_error("%s: got %d (%s), want \"%s\"\n",
				    cases[i].text, rc, pu_error_message(),
				    cases[i].want);
			fail();
		}
	}
	/* Input that is not NUL-terminated is read only up to its length. */
	assert_ok(pu_jv_parse(a, &v, "[12345]xyz", 7, 0, 0));
	assert_true(v->type == PU_JV_ARRAY && v->u.items[0].u.num == 12345);
	/* Escapes, surrogate pairs and member order. */
	{
		const char *t =
		    "{\"b\":\"\\ud83d\\ude02\\n\",\"a\":[true,null]}";

		assert_ok(pu_jv_parse(a, &v, t, strlen(t), 0, 0));
	}
	assert_string_equal(v->u.members[0].key, "a");
	assert_string_equal(pu_jv_get_str(v, "b"), "\xf0\x9f\x98\x82\n");
	memset(deep, '[', 33);
	memset(deep + 33, ']', 33);
	assert_error(pu_jv_parse(a, &v, deep, 66, 0, 0), PU_ELIMIT, "deeper");
	assert_ok(pu_jv_parse(a, &v, deep + 1, 64, 0, 0));
	assert_error(pu_jv_parse(a, &v, deep, 66, 10, 0), PU_ELIMIT,
		     "over the limit");
	pu_arena_free(a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(numbers),
	    cmocka_unit_test(strings_and_order),
	    cmocka_unit_test(parse_errors),
	    cmocka_unit_test(tree_errors),
	};
	const struct CMUnitTest vectors[] = {
	    cmocka_unit_test(fixtures),
	    cmocka_unit_test(es6_100k),
	};
	int rc = cmocka_run_group_tests(tests, NULL, NULL);

	if (!have_vectors()) {
		fprintf(stderr,
			"test_cred_jcs: %s absent: RFC 8785 vectors "
			"skipped\n",
			VEC);
		return rc ? rc : 77;
	}
	return rc + cmocka_run_group_tests(vectors, NULL, NULL);
}
