/*
 * Strict JSON parsing for credentials and the RFC 8785 JSON Canonicalization
 * Scheme (JCS) over jansson values. The canonical text is what gets hashed
 * and signed, so it must be byte-exact with every other implementation: it is
 * checked against the RFC's fixtures and cyberphone's 100,000-number ES6 file
 * (tests/unit/test_cred_jcs.c). jansson's json_dumps is not canonical (escapes,
 * number forms, key order), see CREDENTIALS.md 2.2; the tree walk itself is in
 * tree.c, and jansson values are canonicalised through it.
 */
#include "puente/buf.h"
#include "puente/cred.h"
#include "puente/error.h"

#include "cred/cred_internal.h"
#include "cred/tree.h"

#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int depth_of(const json_t *v, int limit);

int pu_cred_parse(json_t **out, const char *text, size_t len, size_t max_len)
{
	json_error_t err;
	const char *nul;
	json_t *v;

	*out = NULL;
	if (max_len == 0)
		max_len = PU_CRED_MAX_DOC;
	if (len > max_len)
		return pu_error_set(
		    PU_ELIMIT,
		    "document of %zu bytes is over the limit of "
		    "%zu bytes",
		    len, max_len);
	/* A raw NUL is never valid JSON, but jansson 2.14 skips one after a
	 * number ("[1\0,2]" loads as [1,2]); the verifier's tree refuses it,
	 * and the two parsers must agree (fuzz/fuzz_jcs.c found this). */
	nul = memchr(text, '\0', len);
	if (nul != NULL) {
		size_t line = 1, col = 1, i;

		for (i = 0; text + i < nul; i++) {
			if (text[i] == '\n') {
				line++;
				col = 1;
			} else {
				col++;
			}
		}
		return pu_error_set(PU_EINVAL, "%zu:%zu: NUL byte in JSON text",
				    line, col);
	}
	v = json_loadb(text, len,
		       JSON_REJECT_DUPLICATES | JSON_DECODE_INT_AS_REAL, &err);
	if (v == NULL) {
		if (json_error_code(&err) == json_error_out_of_memory)
			return pu_error_set(PU_ENOMEM, "out of memory");
		return pu_error_set(PU_EINVAL, "%d:%d: %s", err.line,
				    err.column, err.text);
	}
	if (depth_of(v, PU_CRED_MAX_DEPTH) > PU_CRED_MAX_DEPTH) {
		json_decref(v);
		return pu_error_set(PU_ELIMIT,
				    "JSON nested deeper than %d levels",
				    PU_CRED_MAX_DEPTH);
	}
	*out = v;
	return 0;
}

static int depth_of(const json_t *v, int limit)
{
	const char *key;
	json_t *child;
	size_t i;
	int d, max = 0;

	if (limit < 0)
		return 1;
	if (json_is_object(v)) {
		json_object_foreach((json_t *)v, key, child)
		{
			d = depth_of(child, limit - 1);
			if (d > max)
				max = d;
			if (max > limit)
				break;
		}
		return max + 1;
	}
	if (json_is_array(v)) {
		json_array_foreach(v, i, child)
		{
			d = depth_of(child, limit - 1);
			if (d > max)
				max = d;
			if (max > limit)
				break;
		}
		return max + 1;
	}
	return 0;
}

/* ------------------------------------------------------------- numbers */

/* The integer t (|t| < 2^50) divided by 10^k, written in full ("12.5",
 * "0.001"). */
static void fixed_point(char *res, size_t size, double t, int k)
{
	char digits[24];
	int n, lead;
	size_t o = 0;

	n = snprintf(digits, sizeof(digits), "%.0f", fabs(t));
	if (t < 0)
		res[o++] = '-';
	if (n <= k) {
		res[o++] = '0';
		res[o++] = '.';
		for (lead = 0; lead < k - n; lead++)
			res[o++] = '0';
		memcpy(res + o, digits, (size_t)n);
		o += (size_t)n;
	} else {
		memcpy(res + o, digits, (size_t)(n - k));
		o += (size_t)(n - k);
		res[o++] = '.';
		memcpy(res + o, digits + n - k, (size_t)k);
		o += (size_t)k;
	}
	res[o] = '\0';
	(void)size;
}

/* ES6 Number.prototype.toString into res (at least 32 bytes). */
static void es6_number(char *res, size_t size, double x)
{
	char tmp[40], digits[24];
	int p, k = 0, n, e, i;
	size_t o = 0;

	if (x == 0) {
		snprintf(res, size, "0");
		return;
	}
	/* Integers below 2^53 are their own shortest form. */
	if (fabs(x) < 9007199254740992.0 && x == trunc(x)) {
		snprintf(res, size, "%.0f", x);
		return;
	}
	/* A few decimals (12.5, 0.1): when m / 10^k (m an integer with no
	 * trailing zero, |m| < 2^50) reads back as x, no other decimal that
	 * close has fewer digits, so the digits of m are the shortest. */
	if (fabs(x) >= 1e-6 && fabs(x) < 1e15) {
		static const double p10[] = {1e1, 1e2, 1e3, 1e4, 1e5, 1e6};
		double t;
		int j;

		for (j = 0; j < 6; j++) {
			t = x * p10[j];
			if (t != trunc(t) || fabs(t) >= 1125899906842624.0)
				continue;
			if (t / p10[j] == x && fmod(t, 10.0) != 0) {
				fixed_point(res, size, t, j + 1);
				return;
			}
			break;
		}
	}
	/* Shortest round trip: glibc's %e rounds correctly, so the first
	 * precision that reads back as x is also the closest. */
	for (p = 1; p <= 17; p++) {
		snprintf(tmp, sizeof(tmp), "%.*e", p - 1, x);
		if (strtod(tmp, NULL) == x)
			break;
	}
	/* tmp is "[-]d[.ddd]e[+-]xx"; value = 0.d1..dk x 10^n. */
	for (i = tmp[0] == '-' ? 1 : 0; tmp[i] != 'e'; i++)
		if (tmp[i] >= '0' && tmp[i] <= '9')
			digits[k++] = tmp[i];
	e = (int)strtol(tmp + i + 1, NULL, 10);
	while (k > 1 && digits[k - 1] == '0')
		k--;
	n = e + 1;
	if (x < 0)
		res[o++] = '-';
	if (k <= n && n <= 21) {
		for (i = 0; i < k; i++)
			res[o++] = digits[i];
		for (i = 0; i < n - k; i++)
			res[o++] = '0';
	} else if (0 < n && n <= 21) {
		for (i = 0; i < k; i++) {
			if (i == n)
				res[o++] = '.';
			res[o++] = digits[i];
		}
	} else if (-6 < n && n <= 0) {
		res[o++] = '0';
		res[o++] = '.';
		for (i = 0; i < -n; i++)
			res[o++] = '0';
		for (i = 0; i < k; i++)
			res[o++] = digits[i];
	} else {
		res[o++] = digits[0];
		if (k > 1) {
			res[o++] = '.';
			for (i = 1; i < k; i++)
				res[o++] = digits[i];
		}
		snprintf(res + o, size - o, "e%c%d", n - 1 >= 0 ? '+' : '-',
			 abs(n - 1));
		return;
	}
	res[o] = '\0';
}

int pu_cred_jcs_number(pu_buf *out, double x)
{
	char res[48];

	if (!isfinite(x))
		return pu_error_set(PU_EINVAL,
				    "number is not finite (NaN or infinity)");
	es6_number(res, sizeof(res), x);
	return pu_buf_puts(out, res);
}

/* ------------------------------------------------------------- strings */

int pu_cred_jcs_string(pu_buf *out, const char *s, size_t len)
{
	static const char hex[] = "0123456789abcdef";
	size_t i, start = 0;
	char esc[8];
	int rc;

	if (pu_cred_putc(out, '"') < 0)
		return PU_ENOMEM;
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		const char *rep = NULL;

		if (c >= 0x20 && c != '"' && c != '\\')
			continue;
		switch (c) {
		case '"':
			rep = "\\\"";
			break;
		case '\\':
			rep = "\\\\";
			break;
		case '\b':
			rep = "\\b";
			break;
		case '\t':
			rep = "\\t";
			break;
		case '\n':
			rep = "\\n";
			break;
		case '\f':
			rep = "\\f";
			break;
		case '\r':
			rep = "\\r";
			break;
		default:
			esc[0] = '\\';
			esc[1] = 'u';
			esc[2] = '0';
			esc[3] = '0';
			esc[4] = hex[c >> 4];
			esc[5] = hex[c & 15];
			esc[6] = '\0';
			rep = esc;
		}
		rc = pu_cred_put(out, s + start, i - start);
		if (rc == 0)
			rc = pu_cred_put(out, rep, strlen(rep));
		if (rc < 0)
			return rc;
		start = i + 1;
	}
	rc = pu_cred_put(out, s + start, len - start);
	if (rc == 0)
		rc = pu_cred_putc(out, '"');
	return rc;
}

/* ------------------------------------------------------------ key order */

/* The code point of the UTF-8 sequence at s (valid UTF-8: jansson checks). */
static unsigned long decode_at(const unsigned char *s)
{
	if (s[0] < 0x80)
		return s[0];
	if (s[0] < 0xe0)
		return ((s[0] & 0x1ful) << 6) | (s[1] & 0x3f);
	if (s[0] < 0xf0)
		return ((s[0] & 0x0ful) << 12) | ((s[1] & 0x3ful) << 6) |
		       (s[2] & 0x3f);
	return ((s[0] & 0x07ul) << 18) | ((s[1] & 0x3ful) << 12) |
	       ((s[2] & 0x3ful) << 6) | (s[3] & 0x3f);
}

/* First, then second UTF-16 code unit of a code point. */
static unsigned long unit(unsigned long cp, int which)
{
	if (cp < 0x10000)
		return which == 0 ? cp : 0;
	cp -= 0x10000;
	return which == 0 ? 0xd800 + (cp >> 10) : 0xdc00 + (cp & 0x3ff);
}

/* Compares UTF-8 keys as arrays of UTF-16 code units. Byte order equals code
 * point order, which differs from UTF-16 order only between U+E000..U+FFFF
 * and astral characters, so compare bytes up to the first difference and
 * decide there. */
int pu_cred_utf16_cmp(const char *a, const char *b)
{
	const unsigned char *x = (const unsigned char *)a;
	const unsigned char *y = (const unsigned char *)b;
	unsigned long ca, cb;
	size_t i = 0;

	while (x[i] != '\0' && x[i] == y[i])
		i++;
	if (x[i] == y[i])
		return 0;
	if (x[i] == '\0')
		return -1;
	if (y[i] == '\0')
		return 1;
	if (x[i] < 0x80 && y[i] < 0x80)
		return x[i] < y[i] ? -1 : 1;
	/* Back up to the start of the differing code point (same in both). */
	while (i > 0 && (x[i] & 0xc0) == 0x80)
		i--;
	ca = decode_at(x + i);
	cb = decode_at(y + i);
	if (unit(ca, 0) != unit(cb, 0))
		return unit(ca, 0) < unit(cb, 0) ? -1 : 1;
	return unit(ca, 1) < unit(cb, 1) ? -1 : 1;
}

int pu_cred_jcs(pu_buf *out, const json_t *v)
{
	pu_arena *a = NULL;
	const pu_jv *tree;
	char *text = NULL;
	int rc;

	if (v == NULL)
		return pu_error_set(PU_EINVAL, "no JSON value");
	/* One canonicaliser, the verifier's: jansson writes every double
	 * with 17 significant digits, which reads back exactly. */
	text = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
	if (text == NULL)
		return pu_error_set(PU_EINVAL,
				    "JSON value cannot be serialised (a NaN or "
				    "an infinity?)");
	rc = pu_arena_new(&a);
	if (rc == 0)
		rc = pu_jv_parse(a, &tree, text, strlen(text), (size_t)-1, 1);
	if (rc == 0)
		rc = pu_jv_jcs(out, tree);
	pu_arena_free(a);
	free(text);
	return rc;
}
