/*
 * The catalogue: competency standards, qualifications and occupation profiles of a
 * country and awarding body, down to units, elements and performance criteria,
 * with knowledge items and evidence requirements. A standard is one record: it and
 * all its parts live in its arena and are freed together.
 */
#ifndef PUENTE_CATALOG_H
#define PUENTE_CATALOG_H

#include <stdbool.h>
#include <stddef.h>

#include "puente/mtext.h"

struct pu_arena;

typedef enum pu_kind {
	PU_KIND_STANDARD,
	PU_KIND_QUALIFICATION,
	PU_KIND_OCCUPATION
} pu_kind;

typedef enum pu_status {
	PU_STATUS_ACTIVE,
	PU_STATUS_DRAFT,
	PU_STATUS_WITHDRAWN,
	PU_STATUS_SUPERSEDED
} pu_status;

/* Criteria and evidence: what is shown, observed or asked. */
typedef enum pu_evidence {
	PU_EV_PERFORMANCE,
	PU_EV_PRODUCT,
	PU_EV_KNOWLEDGE
} pu_evidence;

typedef struct pu_criterion {
	const char *code;
	pu_mtext text;
	pu_evidence type;
} pu_criterion;

typedef struct pu_element {
	const char *code;
	pu_mtext title;
	size_t ncriteria;
	pu_criterion *criteria;
} pu_element;

typedef struct pu_evidence_req {
	pu_evidence type;
	pu_mtext text;
} pu_evidence_req;

typedef struct pu_unit {
	const char *code;
	pu_mtext title;
	bool elective;
	double hours; /* < 0 when not given */
	size_t nelements;
	pu_element *elements;
	size_t nknowledge;
	pu_mtext *knowledge;
	size_t nevidence;
	pu_evidence_req *evidence;
} pu_unit;

typedef struct pu_elective_group {
	const char *id;
	pu_mtext name;
	int choose; /* how many of units a candidate must hold */
	size_t nunits;
	const char **units; /* unit codes */
} pu_elective_group;

/* Classification codes. scheme is "isco08", "isic4", "iscedf2013", or, when
 * national is true, the national scheme's name ("SINCO", "CUOC", "esco-uri"). */
typedef struct pu_code {
	const char *scheme;
	const char *code;
	bool national;
} pu_code;

typedef struct pu_standard {
	const char *country; /* ISO 3166 alpha-2 or region code */
	const char *code;    /* with country, the key */
	const char *version; /* may be NULL */
	pu_kind kind;
	const char *body; /* awarding body; may be NULL */
	pu_status status;
	const char *valid_from, *valid_to; /* YYYY-MM-DD or NULL */
	const char *superseded_by;         /* code in the same country, or NULL */
	const char *language;              /* language it was written in */
	pu_mtext title;
	pu_mtext alt_titles;
	pu_mtext description;
	const char *level_framework, *level_code; /* both NULL when no level */
	const char *sector;                       /* may be NULL */
	size_t ncodes;
	pu_code *codes;
	size_t nunits;
	pu_unit *units;
	size_t ngroups;
	pu_elective_group *groups;
	const char *extra; /* compact JSON object kept verbatim, or NULL */
	struct pu_arena *arena; /* owns everything above */
} pu_standard;

/* Frees a standard and everything it owns; NULL is a no-op. */
void pu_standard_free(pu_standard *s);

/* Checks a standard on its own: required fields, codes, enums, dates, limits,
 * unique unit/element/criterion codes, elective groups. Returns 0 or PU_EINVAL /
 * PU_ELIMIT with a message naming the field ("units[2].elements[0].code"). */
int pu_standard_validate(const pu_standard *s);

/* The unit with that code, or NULL. */
const pu_unit *pu_standard_unit(const pu_standard *s, const char *code);

/* The first code of a scheme ("isco08"), or NULL. */
const char *pu_standard_code_of(const pu_standard *s, const char *scheme);

/* Counts of parts, for progress and statistics. */
size_t pu_standard_count_criteria(const pu_standard *s);

const char *pu_kind_name(pu_kind k);
int pu_kind_parse(const char *s, pu_kind *out);
const char *pu_status_name(pu_status s);
int pu_status_parse(const char *s, pu_status *out);
const char *pu_evidence_name(pu_evidence e);
int pu_evidence_parse(const char *s, pu_evidence *out);

/* Limits, also documented in docs/formats.md. */
#define PU_CATALOG_MAX_TEXT 16384
#define PU_CATALOG_MAX_CODE 64
#define PU_CATALOG_MAX_ITEMS 1000

#endif
