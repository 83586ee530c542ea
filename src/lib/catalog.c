/*
 * Standards: validation of a record on its own, lookups and enum names. Checks
 * that need the database (level exists, supersession cycles) live in the importer.
 */
#include "puente/catalog.h"

#include "check.h"
#include "puente/buf.h"
#include "puente/error.h"

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

static int check_limit(size_t n, const char *field)
{
	if (n > PU_CATALOG_MAX_ITEMS)
		return pu_error_set(PU_ELIMIT, "%s: more than %d items", field,
				    PU_CATALOG_MAX_ITEMS);
	return 0;
}

static int validate_unit(const pu_unit *u, size_t ui)
{
	char f[128];
	int rc;

	snprintf(f, sizeof(f), "units[%zu].code", ui);
	if ((rc = pu_check_code(u->code, f, PU_CATALOG_MAX_CODE)) < 0)
		return rc;
	snprintf(f, sizeof(f), "units[%zu].title", ui);
	if ((rc = pu_check_mtext(&u->title, f, true, false)) < 0)
		return rc;
	snprintf(f, sizeof(f), "units[%zu].elements", ui);
	if ((rc = check_limit(u->nelements, f)) < 0)
		return rc;
	for (size_t e = 0; e < u->nelements; e++) {
		const pu_element *el = &u->elements[e];

		snprintf(f, sizeof(f), "units[%zu].elements[%zu].code", ui, e);
		if ((rc = pu_check_code(el->code, f, PU_CATALOG_MAX_CODE)) < 0)
			return rc;
		for (size_t k = 0; k < e; k++)
			if (strcmp(u->elements[k].code, el->code) == 0)
				return pu_error_set(PU_EINVAL,
						    "%s: \"%s\" used twice", f,
						    el->code);
		snprintf(f, sizeof(f), "units[%zu].elements[%zu].title", ui, e);
		if ((rc = pu_check_mtext(&el->title, f, true, false)) < 0)
			return rc;
		snprintf(f, sizeof(f), "units[%zu].elements[%zu].criteria", ui,
			 e);
		if ((rc = check_limit(el->ncriteria, f)) < 0)
			return rc;
		for (size_t c = 0; c < el->ncriteria; c++) {
			snprintf(f, sizeof(f),
				 "units[%zu].elements[%zu].criteria[%zu].code",
				 ui, e, c);
			rc = pu_check_code(el->criteria[c].code, f,
					   PU_CATALOG_MAX_CODE);
			if (rc < 0)
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
			rc = pu_check_mtext(&el->criteria[c].text, f, true,
					    false);
			if (rc < 0)
				return rc;
		}
	}
	for (size_t k = 0; k < u->nknowledge; k++) {
		snprintf(f, sizeof(f), "units[%zu].knowledge[%zu]", ui, k);
		rc = pu_check_mtext(&u->knowledge[k], f, true, false);
		if (rc < 0)
			return rc;
	}
	for (size_t k = 0; k < u->nevidence; k++) {
		snprintf(f, sizeof(f), "units[%zu].evidence[%zu].text", ui, k);
		rc = pu_check_mtext(&u->evidence[k].text, f, true, false);
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
		if ((rc = pu_check_code(eg->id, f, PU_CATALOG_MAX_CODE)) < 0)
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

	if ((rc = pu_check_country(s->country, "country")) < 0)
		return rc;
	if ((rc = pu_check_code(s->code, "code", PU_CATALOG_MAX_CODE)) < 0)
		return rc;
	if (s->version && (rc = pu_check_code(s->version, "version",
					      PU_CATALOG_MAX_CODE)) < 0)
		return rc;
	if (s->body && (rc = pu_check_text(s->body, "body")) < 0)
		return rc;
	if (s->sector && (rc = pu_check_text(s->sector, "sector")) < 0)
		return rc;
	if ((rc = pu_check_lang(s->language, "language")) < 0 ||
	    (rc = pu_check_mtext(&s->title, "title", true, false)) < 0)
		return rc;
	if (pu_mtext_exact(&s->title, s->language) == NULL)
		return pu_error_set(PU_EINVAL,
				    "title: no title in the standard's language "
				    "(%s)",
				    s->language);
	if ((rc = pu_check_mtext(&s->alt_titles, "alt_titles", false, true)) <
		    0 ||
	    (rc = pu_check_mtext(&s->description, "description", false,
				 false)) < 0)
		return rc;
	if ((rc = pu_check_date(s->valid_from, "valid_from")) < 0 ||
	    (rc = pu_check_date(s->valid_to, "valid_to")) < 0)
		return rc;
	if (s->valid_from && s->valid_to && strcmp(s->valid_from, s->valid_to) > 0)
		return pu_error_set(PU_EINVAL, "valid_to: %s is before valid_from "
				    "%s", s->valid_to, s->valid_from);
	if (s->superseded_by) {
		if ((rc = pu_check_code(s->superseded_by, "superseded_by",
					PU_CATALOG_MAX_CODE)) < 0)
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
		if ((rc = pu_check_code(c->scheme, f, 32)) < 0 ||
		    (rc = pu_check_code(c->code, f,
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
