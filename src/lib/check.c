/*
 * Field checks shared by the record validators; see check.h. The messages
 * are part of the interface: tests and users read them, so they name the
 * field and say what was wrong with the value.
 */
#include "check.h"

#include "puente/catalog.h"
#include "puente/error.h"
#include "puente/text.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

int pu_check_code(const char *code, const char *field, size_t max)
{
	size_t n;

	if (code == NULL || code[0] == '\0')
		return pu_error_set(PU_EINVAL, "%s: missing", field);
	n = strlen(code);
	if (n > max)
		return pu_error_set(PU_ELIMIT, "%s: longer than %zu bytes",
				    field, max);
	for (size_t i = 0; i < n; i++)
		if (!isgraph((unsigned char)code[i]) && code[i] != ' ')
			return pu_error_set(PU_EINVAL,
					    "%s: \"%.64s\" has a control or "
					    "non-ASCII character",
					    field, code);
	if (code[0] == ' ' || code[n - 1] == ' ')
		return pu_error_set(PU_EINVAL,
				    "%s: \"%s\" has surrounding spaces", field,
				    code);
	return 0;
}

int pu_check_id(const char *id, const char *field)
{
	size_t n;

	if (id == NULL || id[0] == '\0')
		return pu_error_set(PU_EINVAL, "%s: missing", field);
	n = strlen(id);
	if (n > PU_CATALOG_MAX_CODE)
		return pu_error_set(PU_ELIMIT, "%s: longer than %d bytes",
				    field, PU_CATALOG_MAX_CODE);
	if (!isalnum((unsigned char)id[0]))
		goto bad;
	for (size_t i = 0; i < n; i++)
		if (!islower((unsigned char)id[i]) &&
		    !isdigit((unsigned char)id[i]) && id[i] != '-')
			goto bad;
	return 0;
bad:
	return pu_error_set(PU_EINVAL,
			    "%s: \"%.64s\" must be lowercase letters, digits "
			    "and '-'",
			    field, id);
}

int pu_check_country(const char *c, const char *field)
{
	size_t n;

	if (c == NULL || c[0] == '\0')
		return pu_error_set(PU_EINVAL, "%s: missing", field);
	n = strlen(c);
	if (n < 2 || n > 16)
		goto bad;
	for (size_t i = 0; i < n; i++)
		if (!isupper((unsigned char)c[i]) && c[i] != '-')
			goto bad;
	return 0;
bad:
	return pu_error_set(PU_EINVAL,
			    "%s: \"%.32s\" is not an ISO 3166 code (MX, CR) or "
			    "an upper-case region code (CARICOM)",
			    field, c);
}

int pu_check_date(const char *d, const char *field)
{
	static const int mdays[] = {31, 29, 31, 30, 31, 30,
				    31, 31, 30, 31, 30, 31};
	int y, m, day;

	if (d == NULL)
		return 0;
	if (strlen(d) != 10 || d[4] != '-' || d[7] != '-')
		goto bad;
	for (int i = 0; i < 10; i++)
		if (i != 4 && i != 7 && !isdigit((unsigned char)d[i]))
			goto bad;
	y = (d[0] - '0') * 1000 + (d[1] - '0') * 100 + (d[2] - '0') * 10 +
	    (d[3] - '0');
	m = (d[5] - '0') * 10 + (d[6] - '0');
	day = (d[8] - '0') * 10 + (d[9] - '0');
	if (y < 1900 || m < 1 || m > 12 || day < 1 || day > mdays[m - 1])
		goto bad;
	if (m == 2 && day == 29 &&
	    (y % 4 != 0 || (y % 100 == 0 && y % 400 != 0)))
		goto bad; /* not a leap year */
	return 0;
bad:
	return pu_error_set(PU_EINVAL, "%s: \"%.32s\" is not a date YYYY-MM-DD",
			    field, d);
}

int pu_check_text(const char *s, const char *field)
{
	size_t n;

	if (s == NULL || s[0] == '\0')
		return pu_error_set(PU_EINVAL, "%s: empty text", field);
	n = strlen(s);
	if (n > PU_CATALOG_MAX_TEXT)
		return pu_error_set(PU_ELIMIT, "%s: text longer than %d bytes",
				    field, PU_CATALOG_MAX_TEXT);
	if (!pu_text_utf8_valid(s, n))
		return pu_error_set(PU_EINVAL, "%s: invalid UTF-8", field);
	return 0;
}

int pu_check_lang(const char *lang, const char *field)
{
	if (lang == NULL)
		return pu_error_set(PU_EINVAL, "%s: missing", field);
	if (!pu_text_lang_valid(lang))
		return pu_error_set(PU_EINVAL,
				    "%s: \"%.16s\" is not a language tag",
				    field, lang);
	return 0;
}

int pu_check_mtext(const pu_mtext *t, const char *field, bool required,
		   bool list)
{
	char where[160];
	int rc;

	if (t->n == 0 && required)
		return pu_error_set(PU_EINVAL, "%s: missing", field);
	for (size_t i = 0; i < t->n; i++) {
		if (!pu_text_lang_valid(t->v[i].lang))
			return pu_error_set(PU_EINVAL,
					    "%s: \"%.16s\" is not a language "
					    "tag (e.g. es, en, fr, es-MX)",
					    field, t->v[i].lang);
		snprintf(where, sizeof(where), "%s.%s", field, t->v[i].lang);
		rc = pu_check_text(t->v[i].text, where);
		if (rc < 0)
			return rc;
		for (size_t j = 0; !list && j < i; j++)
			if (strcmp(t->v[j].lang, t->v[i].lang) == 0)
				return pu_error_set(PU_EINVAL,
						    "%s: language %s twice",
						    field, t->v[i].lang);
	}
	return 0;
}
