/*
 * Fuzz target: the server's own request parsing (src/server/http.c): paths,
 * UTF-8, Accept-Language, urlencoded forms, cookies and JSON depth. The input
 * is used as each of them in turn; results must keep their promises (segments
 * decoded, valid UTF-8, no '/', no dot segments) or the target aborts.
 */
#include "fuzz.h"

#include <stdlib.h>
#include <string.h>

#include "http.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const langs[] = {"es", "en", "fr", "pt", "ht"};
	char *s = malloc(size + 1);
	char out[256];
	http_path p;
	const char *why;
	int li;

	if (s == NULL)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	if (http_path_parse(&p, s, &why)) {
		for (size_t i = 0; i < p.n; i++) {
			size_t l = strlen(p.seg[i]);

			if (l == 0 || strchr(p.seg[i], '/') != NULL ||
			    !http_utf8_valid(p.seg[i], l) ||
			    strcmp(p.seg[i], "..") == 0)
				abort();
		}
	} else if (why == NULL) {
		abort();
	}
	(void)http_utf8_valid((const char *)data, size);
	li = http_accept_language(s, langs, 5);
	if (li < -1 || li >= 5)
		abort();
	if (http_form_get(s, strlen(s), "q", out, sizeof(out)) &&
	    !http_utf8_valid(out, strlen(out)))
		abort();
	if (http_cookie_get(s, "puente_session", out, sizeof(out)) &&
	    strlen(out) >= sizeof(out))
		abort();
	(void)http_json_depth_ok((const char *)data, size, 32);
	free(s);
	return 0;
}
