/*
 * The parts of HTTP request handling that Puente parses itself (libmicrohttpd
 * parses the protocol): request paths into decoded segments, UTF-8 validity,
 * Accept-Language, urlencoded forms, cookies and the nesting depth of a JSON
 * body before jansson sees it. Pure functions over bytes, with limits, and a
 * fuzz target (fuzz/fuzz_http.c).
 */
#ifndef PU_SERVER_HTTP_H
#define PU_SERVER_HTTP_H

#include <stdbool.h>
#include <stddef.h>

#define HTTP_MAX_SEGMENTS 8
#define HTTP_MAX_PATH 1024

/* A path split into percent-decoded segments held in buf. */
typedef struct http_path {
	size_t n;
	const char *seg[HTTP_MAX_SEGMENTS];
	char buf[HTTP_MAX_PATH + 1];
} http_path;

/* Splits "/api/v1/standards/CR/CR-COOK-01" into its segments, decoding %XX.
 * Refuses (returns false, with *why set to a static reason): a path not
 * starting with '/', longer than HTTP_MAX_PATH or with more than
 * HTTP_MAX_SEGMENTS segments, empty segments other than a final slash, "." or
 * "..", a decoded '/', '\\' or control character, bad %XX, invalid UTF-8. */
bool http_path_parse(http_path *out, const char *path, const char **why);

/* Whether s[0..len) is valid UTF-8 (no overlongs, surrogates or values above
 * U+10FFFF). */
bool http_utf8_valid(const char *s, size_t len);

/* The index in langs[0..n) of the best match for an Accept-Language header
 * ("fr-CA,fr;q=0.9,en;q=0.5"), by q-value then order, comparing primary
 * subtags; -1 when none matches or the header is NULL or malformed. At most 32
 * entries are read. */
int http_accept_language(const char *header, const char *const *langs, size_t n);

/* The value of key in an application/x-www-form-urlencoded body (or a query
 * string), decoded ('+' is a space) into out[0..n); false when absent, not
 * decodable, not valid UTF-8 or longer than n - 1. */
bool http_form_get(const char *body, size_t len, const char *key, char *out,
		   size_t n);

/* The value of cookie name in a Cookie header into out[0..n); false when
 * absent or too long. */
bool http_cookie_get(const char *header, const char *name, char *out, size_t n);

/* Whether the JSON text nests arrays and objects at most max deep (strings
 * are skipped correctly); does not validate the JSON otherwise. */
bool http_json_depth_ok(const char *s, size_t len, int max);

#endif
