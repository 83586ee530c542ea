/*
 * Official homologation agreements: equivalences between standards of two
 * countries (or bodies) fixed by the competent authorities. They override the
 * suggestions Puente computes and are cited in every explanation. A reviewer can
 * also confirm a computed suggestion into an agreement entry, recorded with who
 * and when.
 */
#ifndef PUENTE_AGREEMENT_H
#define PUENTE_AGREEMENT_H

#include <stdbool.h>
#include <stddef.h>

#include "puente/mtext.h"

struct pu_arena;
struct pu_store;

/* At most this many entries in one agreement. */
#define PU_AGREEMENT_MAX_ENTRIES 10000

/* What a standard of one country is worth in another. */
typedef enum pu_equivalence {
	PU_EQUIV_NONE,
	PU_EQUIV_PARTIAL,
	PU_EQUIV_FULL
} pu_equivalence;

/* "none", "partial", "full" (static strings). */
const char *pu_equivalence_name(pu_equivalence e);
/* The reverse; PU_EINVAL naming the accepted words for anything else. */
int pu_equivalence_parse(const char *s, pu_equivalence *out);

typedef struct pu_agreement_entry {
	const char *source_country, *source_code;
	const char *dest_country, *dest_code;
	pu_equivalence equivalence;
	/* Destination units the holder must still be assessed on (partial). */
	size_t nextra_units;
	const char **extra_units;
	pu_mtext conditions;               /* other conditions, in words */
	const char *valid_from, *valid_to; /* NULL: the agreement's */
	const char *confirmed_by;          /* reviewer, when confirmed from a
					      suggestion; else NULL */
	const char *confirmed_at;          /* ISO 8601 UTC time, or NULL */
} pu_agreement_entry;

typedef struct pu_agreement {
	const char *id; /* unique key, e.g. "mx-cl-2024-01" */
	pu_mtext title;
	size_t nparties;
	const char **parties; /* countries or bodies: "MX", "CL", "CONOCER" */
	pu_mtext scope;
	const char *legal_reference; /* e.g. the decree or treaty */
	const char *source;          /* where the text can be read */
	const char *valid_from, *valid_to;
	size_t nentries;
	pu_agreement_entry *entries;
	struct pu_arena *arena; /* owns everything above */
} pu_agreement;

/* Frees the agreement and everything it owns; NULL is a no-op. */
void pu_agreement_free(pu_agreement *a);

/* Checks an agreement on its own: id (lowercase letters, digits, '-'), a
 * title, at least two distinct parties, dates YYYY-MM-DD with from <= to, at
 * most PU_AGREEMENT_MAX_ENTRIES entries, each with both standards (codes of at
 * most 64 bytes) in two different countries, extra units only for a partial
 * equivalence, confirmed_by and confirmed_at together; one pair of standards
 * at most once per period. Not checked: that the standards exist (an
 * agreement may name standards of catalogues not loaded here). Returns 0, or
 * PU_EINVAL / PU_ELIMIT with the field path ("entries[2].source.code: ..."). */
int pu_agreement_validate(const pu_agreement *a);

/* True when country is a party of a or a side (source or destination) of one
 * of its entries: the agreements one country's listing or export shows. */
bool pu_agreement_concerns(const pu_agreement *a, const char *country);

/* The entry of a set of agreements that applies to source (country, code) in
 * destination country dest_country on date (YYYY-MM-DD; NULL for today, UTC).
 * When dest_code is not NULL only entries for exactly that destination
 * standard apply (an entry for another standard of the same country says
 * nothing about this one); with NULL, any destination standard of the country.
 * An entry is in force from its valid_from to its valid_to, inclusive, each
 * bound falling back to the agreement's when NULL, and open when both are
 * NULL. Among the entries in force: an instrument's entry before a reviewer's
 * confirmation, then the latest valid_from, then the latest confirmation; on
 * a tie the first in the set's order. Pure: reads only its arguments. Returns
 * 1 and sets *agreement and *entry (borrowed from the set) when found, 0 and
 * NULLs when none applies. */
int pu_agreement_find(const pu_agreement *const *set, size_t n,
		      const char *source_country, const char *source_code,
		      const char *dest_country, const char *dest_code,
		      const char *date, const pu_agreement **agreement,
		      const pu_agreement_entry **entry);

/* Records a reviewer's confirmation of a suggestion as an entry of the
 * agreement "confirmed-<src>-<dst>" (country codes in lowercase, e.g.
 * "confirmed-ni-cr"; created when missing), replacing an earlier confirmation
 * for the same pair, in one transaction of its own (none may be open), with
 * who (reviewer) and when (confirmed_at, UTC now). The note, when not NULL,
 * becomes the entry's conditions in note_lang (NULL: "en"). Both standards
 * must be in the store, and extra_units must be units of the destination
 * standard. Returns 0, PU_EINVAL for bad arguments, PU_ENOTFOUND for a
 * missing standard, PU_ELIMIT when the agreement is full, PU_ESTORE. */
int pu_agreement_confirm(struct pu_store *st, const char *source_country,
			 const char *source_code, const char *dest_country,
			 const char *dest_code, pu_equivalence equivalence,
			 const char *const *extra_units, size_t nextra,
			 const char *reviewer, const char *note_lang,
			 const char *note);

struct pu_actor;
/* pu_agreement_confirm by actor: the destination country grants the
 * equivalence, so actor must be allowed PU_ACT_AGREEMENT_CONFIRM for
 * dest_country (PU_EDENIED otherwise). Both append to the audit log, in the same transaction, an
 * "agreement.confirm" entry with the SHA-256 of the agreement's JSON as
 * written; pu_agreement_confirm is a trusted local caller's (not checked,
 * audited as "system"), this one every front-end's. actor NULL is refused
 * with PU_EAUTH. */
int pu_agreement_confirm_as(struct pu_store *st, const struct pu_actor *actor,
			    const char *source_country,
			    const char *source_code, const char *dest_country,
			    const char *dest_code, pu_equivalence equivalence,
			    const char *const *extra_units, size_t nextra,
			    const char *reviewer, const char *note_lang,
			    const char *note);

/* Every agreement in the store, sorted by id; free each with
 * pu_agreement_free and the array with free(). */
int pu_agreement_load_all(struct pu_store *st, pu_agreement ***out, size_t *n);

#endif
