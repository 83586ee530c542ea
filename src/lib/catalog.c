/*
 * Standards: validation of a record on its own, lookups and enum names. Checks
 * that need the database (level exists, supersession cycles) live in the importer.
 */
#include "puente/catalog.h"
#include "puente/buf.h"
#include "puente/error.h"
#include "puente/text.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

void pu_standard_free(pu_standard *s)
{
	if (s != NULL)
		pu_arena_free(s->arena); /* the standard itself lives in it */
}

const pu_unit *pu_standard_unit(const pu_standard *s, const char *code)
{
	for (size_t i = 0; i < s->nunits; i++)
		if (strcmp(s->units[i].code, code) == 0)
			return &s->units[i];
	return NULL;
}

const char *pu_standard_code_of(const pu_standard *s, const char *scheme)
{
	for (size_t i = 0; i < s->ncodes; i++)
		if (!s->codes[i].national && strcmp(s->codes[i].scheme, scheme) == 0)
			return s->codes[i].code;
	return NULL;
}

size_t pu_standard_count_criteria(const pu_standard *s)
{
	size_t n = 0;

	for (size_t i = 0; i < s->nunits; i++)
		for (size_t j = 0; j < s->units[i].nelements; j++)
			n += s->units[i].elements[j].ncriteria;
	return n;
}

static const char *const kinds[] = {"standard", "qualification", "occupation"};
static const char *const statuses[] = {"active", "draft", "withdrawn",
				       "superseded"};
static const char *const evidences[] = {"performance", "product", "knowledge"};

static int parse_enum(const char *s, const char *const *names, size_t n,
		      const char *what, int *out)
{
	for (size_t i = 0; i < n; i++) {
		if (strcmp(s, names[i]) == 0) {
			*out = (int)i;
			return 0;
		}
	}
	return pu_error_set(PU_EINVAL, "unknown %s \"%.64s\"", what, s);
}

const char *pu_kind_name(pu_kind k)
{
	return kinds[k];
}

int pu_kind_parse(const char *s, pu_kind *out)
{
	int v = 0, rc = parse_enum(s, kinds, 3,
			       "kind (standard, qualification, occupation)", &v);
	if (rc == 0)
		*out = (pu_kind)v;
	return rc;
}

const char *pu_status_name(pu_status s)
{
	return statuses[s];
}

int pu_status_parse(const char *s, pu_status *out)
{
	int v = 0, rc = parse_enum(
		s, statuses, 4,
		"status (active, draft, withdrawn, superseded)", &v);
	if (rc == 0)
		*out = (pu_status)v;
	return rc;
}

const char *pu_evidence_name(pu_evidence e)
{
	return evidences[e];
}

int pu_evidence_parse(const char *s, pu_evidence *out)
{
	int v = 0, rc = parse_enum(s, evidences, 3,
			       "type (performance, product, knowledge)", &v);
	if (rc == 0)
		*out = (pu_evidence)v;
	return rc;
}

/* Codes: printable ASCII without spaces at the ends, at most 64 bytes. */
static int check_code_max(const char *code, const char *field, size_t max)
{
	size_t n;

	if (code == NULL || code[0] == '\0')
		return pu_error_set(PU_EINVAL, "%s: missing", field);
	n = strlen(code);
	if (n > max)
		return pu_error_set(PU_ELIMIT, "%s: longer than %zu bytes", field,
				    max);
	for (size_t i = 0; i < n; i++)
		if (!isgraph((unsigned char)code[i]) && code[i] != ' ')
			return pu_error_set(PU_EINVAL,
					    "%s: \"%.64s\" has a control or "
					    "non-ASCII character",
					    field, code);
	if (code[0] == ' ' || code[n - 1] == ' ')
		return pu_error_set(PU_EINVAL, "%s: \"%s\" has surrounding spaces",
				    field, code);
	return 0;
}

static int check_code(const char *code, const char *field)
{
	return check_code_max(code, field, PU_CATALOG_MAX_CODE);
}

static int check_text(const char *s, const char *field)
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

static int check_mtext(const pu_mtext *t, const char *field, bool required,
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
		rc = check_text(t->v[i].text, where);
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

/* YYYY-MM-DD, a day that exists (2021-02-29 does not). */
static int check_date(const char *d, const char *field)
{
	int y, m, day;
	static const int mdays[] = {31, 29, 31, 30, 31, 30,
				    31, 31, 30, 31, 30, 31};

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

static int check_limit(size_t n, const char *field)
{
	if (n > PU_CATALOG_MAX_ITEMS)
		return pu_error_set(PU_ELIMIT, "%s: more than %d items", field,
				    PU_CATALOG_MAX_ITEMS);
	return 0;
}

static int check_country(const char *c)
{
	size_t n;

	if (c == NULL || c[0] == '\0')
		return pu_error_set(PU_EINVAL, "country: missing");
	n = strlen(c);
	if (n < 2 || n > 16)
		goto bad;
	for (size_t i = 0; i < n; i++)
		if (!isupper((unsigned char)c[i]) && c[i] != '-')
			goto bad;
	return 0;
bad:
	return pu_error_set(PU_EINVAL,
			    "country: \"%.32s\" is not an ISO 3166 code (MX, CR) "
			    "or an upper-case region code (CARICOM)",
			    c);
}

static int validate_unit(const pu_unit *u, size_t ui)
{
	char f[128];
	int rc;

	snprintf(f, sizeof(f), "units[%zu].code", ui);
	if ((rc = check_code(u->code, f)) < 0)
		return rc;
	snprintf(f, sizeof(f), "units[%zu].title", ui);
	if ((rc = check_mtext(&u->title, f, true, false)) < 0)
		return rc;
	snprintf(f, sizeof(f), "units[%zu].elements", ui);
	if ((rc = check_limit(u->nelements, f)) < 0)
		return rc;
	for (size_t e = 0; e < u->nelements; e++) {
		const pu_element *el = &u->elements[e];

		snprintf(f, sizeof(f), "units[%zu].elements[%zu].code", ui, e);
		if ((rc = check_code(el->code, f)) < 0)
			return rc;
		for (size_t k = 0; k < e; k++)
			if (strcmp(u->elements[k].code, el->code) == 0)
				return pu_error_set(PU_EINVAL,
						    "%s: \"%s\" used twice", f,
						    el->code);
		snprintf(f, sizeof(f), "units[%zu].elements[%zu].title", ui, e);
		if ((rc = check_mtext(&el->title, f, true, false)) < 0)
			return rc;
		snprintf(f, sizeof(f), "units[%zu].elements[%zu].criteria", ui,
			 e);
		if ((rc = check_limit(el->ncriteria, f)) < 0)
			return rc;
		for (size_t c = 0; c < el->ncriteria; c++) {
			snprintf(f, sizeof(f),
				 "units[%zu].elements[%zu].criteria[%zu].code",
				 ui, e, c);
			if ((rc = check_code(el->criteria[c].code, f)) < 0)
				return rc;
			for (size_t k = 0; k < c; k++)
				if (strcmp(el->criteria[k].code,
					   el->criteria[c].code) == 0)
					return pu_error_set(
						PU_EINVAL, "%s: \"%s\" used twice",
						f, el->criteria[c].code);
			snprintf(f, sizeof(f),
				 "units[%zu].elements[%zu].criteria[%zu].text",
				 ui, e, c);
			rc = check_mtext(&el->criteria[c].text, f, true, false);
			if (rc < 0)
				return rc;
		}
	}
	for (size_t k = 0; k < u->nknowledge; k++) {
		snprintf(f, sizeof(f), "units[%zu].knowledge[%zu]", ui, k);
		if ((rc = check_mtext(&u->knowledge[k], f, true, false)) < 0)
			return rc;
	}
	for (size_t k = 0; k < u->nevidence; k++) {
		snprintf(f, sizeof(f), "units[%zu].evidence[%zu].text", ui, k);
		rc = check_mtext(&u->evidence[k].text, f, true, false);
		if (rc < 0)
			return rc;
	}
	if (u->hours > 100000)
		return pu_error_set(PU_EINVAL, "units[%zu].hours: %g is not "
				    "plausible", ui, u->hours);
	return 0;
}

static int validate_groups(const pu_standard *s)
{
	for (size_t g = 0; g < s->ngroups; g++) {
		const pu_elective_group *eg = &s->groups[g];
		char f[96];
		int rc;

		snprintf(f, sizeof(f), "elective_groups[%zu].id", g);
		if ((rc = check_code(eg->id, f)) < 0)
			return rc;
		if (eg->choose < 1 || (size_t)eg->choose > eg->nunits)
			return pu_error_set(PU_EINVAL,
					    "elective_groups[%zu].choose: %d, "
					    "but the group has %zu units",
					    g, eg->choose, eg->nunits);
		for (size_t i = 0; i < eg->nunits; i++) {
			const pu_unit *u = pu_standard_unit(s, eg->units[i]);

			if (u == NULL)
				return pu_error_set(PU_EINVAL,
						    "elective_groups[%zu].units: "
						    "no unit \"%.64s\"",
						    g, eg->units[i]);
			if (!u->elective)
				return pu_error_set(PU_EINVAL,
						    "elective_groups[%zu].units: "
						    "unit \"%s\" is not elective",
						    g, u->code);
		}
	}
	return 0;
}

int pu_standard_validate(const pu_standard *s)
{
	int rc;

	if ((rc = check_country(s->country)) < 0)
		return rc;
	if ((rc = check_code(s->code, "code")) < 0)
		return rc;
	if (s->version && (rc = check_code(s->version, "version")) < 0)
		return rc;
	if (s->body && (rc = check_text(s->body, "body")) < 0)
		return rc;
	if (s->sector && (rc = check_text(s->sector, "sector")) < 0)
		return rc;
	if (s->language == NULL)
		return pu_error_set(PU_EINVAL, "language: missing");
	if (!pu_text_lang_valid(s->language))
		return pu_error_set(PU_EINVAL,
				    "language: \"%.16s\" is not a language tag",
				    s->language);
	if ((rc = check_mtext(&s->title, "title", true, false)) < 0)
		return rc;
	if (pu_mtext_exact(&s->title, s->language) == NULL)
		return pu_error_set(PU_EINVAL,
				    "title: no title in the standard's language "
				    "(%s)",
				    s->language);
	if ((rc = check_mtext(&s->alt_titles, "alt_titles", false, true)) < 0)
		return rc;
	if ((rc = check_mtext(&s->description, "description", false, false)) <
	    0)
		return rc;
	if ((rc = check_date(s->valid_from, "valid_from")) < 0 ||
	    (rc = check_date(s->valid_to, "valid_to")) < 0)
		return rc;
	if (s->valid_from && s->valid_to && strcmp(s->valid_from, s->valid_to) > 0)
		return pu_error_set(PU_EINVAL, "valid_to: %s is before valid_from "
				    "%s", s->valid_to, s->valid_from);
	if (s->superseded_by) {
		if ((rc = check_code(s->superseded_by, "superseded_by")) < 0)
			return rc;
		if (strcmp(s->superseded_by, s->code) == 0)
			return pu_error_set(PU_EINVAL,
					    "superseded_by: a standard cannot "
					    "supersede itself");
	}
	if ((s->level_framework == NULL) != (s->level_code == NULL))
		return pu_error_set(PU_EINVAL,
				    "level: needs both framework and level");
	for (size_t i = 0; i < s->ncodes; i++) {
		const pu_code *c = &s->codes[i];
		char f[64];

		snprintf(f, sizeof(f), "codes.%.32s", c->scheme);
		if ((rc = check_code_max(c->scheme, f, 32)) < 0 ||
		    (rc = check_code_max(c->code, f,
					 c->national ? 512 : 16)) < 0)
			return rc;
		if (!c->national && strcmp(c->scheme, "isco08") == 0) {
			size_t n = strlen(c->code);

			if (n > 4 || strspn(c->code, "0123456789") != n)
				return pu_error_set(PU_EINVAL,
						    "codes.isco08: \"%s\" is not "
						    "an ISCO-08 code (1 to 4 "
						    "digits)",
						    c->code);
		}
	}
	if ((rc = check_limit(s->nunits, "units")) < 0)
		return rc;
	for (size_t i = 0; i < s->nunits; i++) {
		if ((rc = validate_unit(&s->units[i], i)) < 0)
			return rc;
		for (size_t k = 0; k < i; k++)
			if (strcmp(s->units[k].code, s->units[i].code) == 0)
				return pu_error_set(PU_EINVAL,
						    "units[%zu].code: \"%s\" used "
						    "twice",
						    i, s->units[i].code);
	}
	return validate_groups(s);
}
