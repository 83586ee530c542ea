/*
 * Language selection for multilingual texts.
 */
#include "puente/mtext.h"

#include <string.h>

const char *pu_mtext_exact(const pu_mtext *t, const char *lang)
{
	for (size_t i = 0; i < t->n; i++)
		if (strcmp(t->v[i].lang, lang) == 0)
			return t->v[i].text;
	return NULL;
}

/* Same primary subtag: "es-MX" and "es". */
static int same_primary(const char *a, const char *b)
{
	size_t na = strcspn(a, "-"), nb = strcspn(b, "-");

	return na == nb && strncmp(a, b, na) == 0;
}

const char *pu_mtext_get(const pu_mtext *t, const char *lang,
			 const char *fallback)
{
	const char *s;

	if (t->n == 0)
		return NULL;
	if (lang != NULL) {
		s = pu_mtext_exact(t, lang);
		if (s != NULL)
			return s;
		for (size_t i = 0; i < t->n; i++)
			if (same_primary(t->v[i].lang, lang))
				return t->v[i].text;
	}
	if (fallback != NULL) {
		s = pu_mtext_exact(t, fallback);
		if (s != NULL)
			return s;
	}
	return t->v[0].text;
}
