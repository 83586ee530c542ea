/*
 * Qualifications frameworks, their levels and descriptors, referencing between a
 * framework and a regional one, and level comparison through a shared regional
 * framework. A country without a framework still works: comparisons then say
 * "unknown" with the reason.
 */
#ifndef PUENTE_FRAMEWORK_H
#define PUENTE_FRAMEWORK_H

#include <stdbool.h>
#include <stddef.h>

#include "puente/mtext.h"

struct pu_arena;

typedef enum pu_framework_type {
	PU_FW_NATIONAL,
	PU_FW_REGIONAL,
	PU_FW_SECTORAL,
	PU_FW_SCALE /* the level scale of a certification system */
} pu_framework_type;

typedef struct pu_domain {
	const char *id; /* "knowledge", "skills", "autonomy", or the framework's own */
	pu_mtext name;
} pu_domain;

typedef struct pu_descriptor {
	const char *domain; /* a domain id of the framework */
	pu_mtext text;
} pu_descriptor;

typedef struct pu_level {
	const char *code; /* "1", "Entry 3", ... unique within the framework */
	int rank;         /* 1-based position, ascending */
	pu_mtext name;
	pu_mtext notes;
	size_t ndescriptors;
	pu_descriptor *descriptors;
} pu_level;

typedef struct pu_framework {
	const char *id; /* "eqf", "cr-mnc-eftp" */
	pu_framework_type type;
	const char *country; /* ISO 3166 alpha-2 or a region code; never NULL */
	const char *short_name, *owner, *source; /* may be NULL */
	pu_mtext name;
	size_t ndomains;
	pu_domain *domains;
	size_t nlevels;
	pu_level *levels;
	struct pu_arena *arena; /* owns everything above */
} pu_framework;

typedef enum pu_ref_status {
	PU_REF_OFFICIAL,
	PU_REF_PROPOSED,
	PU_REF_ILLUSTRATIVE
} pu_ref_status;

typedef struct pu_refmap {
	const char *level; /* level code in the "from" framework */
	size_t nto;
	const char **to; /* level codes in the "to" framework */
} pu_refmap;

typedef struct pu_referencing {
	const char *from, *to; /* framework ids */
	pu_ref_status status;
	const char *source;
	size_t nlevels;
	pu_refmap *levels;
	struct pu_arena *arena;
} pu_referencing;

void pu_framework_free(pu_framework *f);
void pu_referencing_free(pu_referencing *r);

/* The level with that code, or NULL. Borrowed. */
const pu_level *pu_framework_level(const pu_framework *f, const char *code);

/* Checks a framework on its own (ids, unique level codes, descriptor domains).
 * Returns 0 or PU_EINVAL with a message naming the field. */
int pu_framework_validate(const pu_framework *f);

/* Checks a referencing statement against its two frameworks. */
int pu_referencing_validate(const pu_referencing *r, const pu_framework *from,
			    const pu_framework *to);

const char *pu_framework_type_name(pu_framework_type t);
int pu_framework_type_parse(const char *s, pu_framework_type *out);
const char *pu_ref_status_name(pu_ref_status s);
int pu_ref_status_parse(const char *s, pu_ref_status *out);

/*
 * A registry: every framework and referencing statement, loaded at once (they are
 * small), for level comparison. Immutable once built; safe to share by threads.
 */
typedef struct pu_registry pu_registry;

/* Takes ownership of the arrays' elements (not of the arrays). */
int pu_registry_new(pu_registry **out, pu_framework **fws, size_t nfws,
		    pu_referencing **refs, size_t nrefs);
void pu_registry_free(pu_registry *r);
size_t pu_registry_count(const pu_registry *r);
const pu_framework *pu_registry_at(const pu_registry *r, size_t i);
const pu_framework *pu_registry_find(const pu_registry *r, const char *id);
/* The framework of a country's standards (national first, then scale), or NULL. */
const pu_framework *pu_registry_of_country(const pu_registry *r,
					   const char *country);
size_t pu_registry_ref_count(const pu_registry *r);
const pu_referencing *pu_registry_ref_at(const pu_registry *r, size_t i);

typedef enum pu_level_relation {
	PU_LEVEL_UNKNOWN,
	PU_LEVEL_EXACT,       /* both map to the same single level */
	PU_LEVEL_OVERLAPPING, /* ranges share a level but differ */
	PU_LEVEL_HIGHER,      /* a is above b */
	PU_LEVEL_LOWER        /* a is below b */
} pu_level_relation;

typedef struct pu_level_cmp {
	pu_level_relation relation;
	const char *via;         /* the framework compared in, or NULL; borrowed */
	pu_ref_status status;    /* weakest status of the statements used */
	int a_lo, a_hi, b_lo, b_hi; /* ranks in "via" (0 when unknown) */
	char reason[256];        /* why, in plain English, always set */
} pu_level_cmp;

/* Compares level la of framework fa with level lb of framework fb: directly when
 * they are the same framework, else in a regional framework both are referenced to
 * (or that one of them is), preferring official statements. Returns 0 with
 * relation PU_LEVEL_UNKNOWN and a reason when there is no basis; PU_ENOTFOUND for
 * an unknown framework or level. */
int pu_level_compare(const pu_registry *r, const char *fa, const char *la,
		     const char *fb, const char *lb, pu_level_cmp *out);

const char *pu_level_relation_name(pu_level_relation rel);

#endif
