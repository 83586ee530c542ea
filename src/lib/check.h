/*
 * Internal: the field checks shared by the record validators (catalog.c,
 * agreement.c, framework.c), so that a code, a country or a date is held to
 * one rule whatever record it is in. Each returns 0, or PU_EINVAL / PU_ELIMIT
 * with a message that starts with `field`, the path the user sees
 * ("units[2].code", "entries[0].source.country").
 */
#ifndef PU_CHECK_H
#define PU_CHECK_H

#include <stdbool.h>
#include <stddef.h>

#include "puente/mtext.h"

/* A code: present, at most max bytes, printable ASCII (inner spaces allowed),
 * no spaces at the ends. */
int pu_check_code(const char *code, const char *field, size_t max);

/* An id: present, at most 64 bytes, lowercase letters, digits and '-',
 * starting with a letter or digit. */
int pu_check_id(const char *id, const char *field);

/* A country: an ISO 3166 code (MX) or an upper-case region code (CARICOM),
 * 2 to 16 characters A-Z and '-'. */
int pu_check_country(const char *country, const char *field);

/* A date YYYY-MM-DD of a day that exists (not 2021-02-29), from 1900; NULL is
 * fine (an open end). */
int pu_check_date(const char *date, const char *field);

/* A text: not empty, valid UTF-8, at most PU_CATALOG_MAX_TEXT bytes. */
int pu_check_text(const char *s, const char *field);

/* A language tag (es, en, es-MX): present and well formed. */
int pu_check_lang(const char *lang, const char *field);

/* A multilingual text: language tags and texts valid ("field.lang" names a
 * bad text), at least one language when required, each language once unless
 * list (a list-form text, such as alternative titles, repeats them). */
int pu_check_mtext(const pu_mtext *t, const char *field, bool required,
		   bool list);

#endif
