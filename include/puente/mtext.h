/*
 * Multilingual text: the same text in several languages, e.g. a title in Spanish
 * and English. Records own their texts through their arena; these are views.
 */
#ifndef PUENTE_MTEXT_H
#define PUENTE_MTEXT_H

#include <stddef.h>

/* One text in one language. */
typedef struct pu_tr {
	const char *lang; /* BCP 47 tag: "es", "en", "es-MX" */
	const char *text; /* UTF-8, non-empty */
} pu_tr;

/* A text in several languages. For lists (alternative titles), the same language
 * may appear several times, in order. */
typedef struct pu_mtext {
	size_t n;
	pu_tr *v;
} pu_mtext;

/* The text in lang; else in the language lang falls back to by its primary
 * subtag ("es-MX" -> "es"); else in fallback (may be NULL); else the first one.
 * NULL only when t is empty. Borrowed. */
const char *pu_mtext_get(const pu_mtext *t, const char *lang,
			 const char *fallback);

/* The text in exactly lang, or NULL. */
const char *pu_mtext_exact(const pu_mtext *t, const char *lang);

#endif
