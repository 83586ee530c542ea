/*
 * UTF-8 validation and search folding on top of utf8proc.
 */
#include "puente/text.h"
#include "puente/buf.h"
#include "puente/error.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

bool pu_text_utf8_valid(const char *s, size_t len)
{
	const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
	utf8proc_ssize_t left = (utf8proc_ssize_t)len;
	utf8proc_int32_t cp;

	while (left > 0) {
		utf8proc_ssize_t n;

		if (*p < 0x80) {
			if (*p == 0)
				return false;
			p++;
			left--;
			continue;
		}
		n = utf8proc_iterate(p, left, &cp);
		if (n < 0)
			return false;
		p += n;
		left -= n;
	}
	return true;
}

int pu_text_fold(pu_buf *out, const char *s, size_t len)
{
	utf8proc_uint8_t *folded = NULL;
	utf8proc_ssize_t n;
	int rc;

	if (!pu_text_utf8_valid(s, len))
		return pu_error_set(PU_EINVAL, "invalid UTF-8");
	n = utf8proc_map((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)len,
			 &folded,
			 UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_COMPAT |
				 UTF8PROC_CASEFOLD | UTF8PROC_STRIPMARK |
				 UTF8PROC_IGNORE);
	if (n < 0)
		return pu_error_set(n == UTF8PROC_ERROR_NOMEM ? PU_ENOMEM
							      : PU_EINVAL,
				    "cannot normalise text: %s",
				    utf8proc_errmsg(n));
	rc = pu_buf_put(out, folded, (size_t)n);
	free(folded);
	return rc;
}

bool pu_text_lang_valid(const char *tag)
{
	size_t i = 0, n;

	for (n = 0; islower((unsigned char)tag[i]); i++, n++)
		;
	if (n < 2 || n > 3)
		return false;
	while (tag[i] == '-') {
		i++;
		for (n = 0; isalnum((unsigned char)tag[i]); i++, n++)
			;
		if (n < 2 || n > 8)
			return false;
	}
	return tag[i] == '\0';
}
