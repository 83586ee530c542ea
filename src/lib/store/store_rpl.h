/*
 * Internal: the storage functions of accreditation, candidates, cases and
 * recognition decisions, a table of its own that pu_store_ops points at
 * (pu_store_ops.rpl). The rules (scope, the state machine, PINs, erasure)
 * live in src/lib/rpl/ and are the same for every backend; a backend only
 * reads and writes rows. Times are given by the caller. Each function
 * returns 0 or a PU_E* code with the message set, except where PU_ENOTFOUND
 * is said to come without one (the caller words it).
 */
#ifndef PU_STORE_RPL_H
#define PU_STORE_RPL_H

#include <stddef.h>
#include <stdint.h>

#include "puente/accredit.h"
#include "puente/recognition.h"
#include "puente/rpl.h"

struct pu_store;

#define PU_PIN_HASH_SIZE 128

/* The PIN state of a case. */
typedef struct pu_pin_row {
	int64_t case_id;
	char hash[PU_PIN_HASH_SIZE];
	int failures;
	int64_t window, locked_until;
} pu_pin_row;

typedef struct pu_store_rpl_ops {
	/* PU_ECONFLICT when (country, id) is taken. */
	int (*org_insert)(struct pu_store *st, const pu_org *o);
	/* PU_ENOTFOUND without a message. */
	int (*org_get)(struct pu_store *st, const char *country, const char *id,
		       pu_org *out);
	int (*org_list)(struct pu_store *st, const char *country, pu_org **out,
			size_t *n);
	/* Marks the organisation and every live grant of it withdrawn. */
	int (*org_withdraw)(struct pu_store *st, const char *country,
			    const char *id, const char *reason, int64_t now);
	int (*scope_insert)(struct pu_store *st, const pu_scope *g,
			    int64_t *id);
	/* PU_ENOTFOUND without a message. */
	int (*scope_get)(struct pu_store *st, int64_t id, pu_scope *out);
	int (*scope_withdraw)(struct pu_store *st, int64_t id,
			      const char *reason, int64_t now);
	/* Filters: NULL country / org: any; account_id < 0 any, 0 the
	 * organisations' own grants, > 0 that account's. Sorted by id. */
	int (*scope_list)(struct pu_store *st, const char *country,
			  const char *org, int64_t account_id, pu_scope **out,
			  size_t *n);

	int (*candidate_insert)(struct pu_store *st, const pu_rpl_candidate *c,
				const char *salt);
	/* PU_ENOTFOUND without a message; salt (33 bytes) may be NULL. */
	int (*candidate_get)(struct pu_store *st, const char *id,
			     pu_rpl_candidate *out, char *salt);
	/* Wipes the candidate's fields and the free texts of their cases;
	 * collects the SHA-256 of file evidence of those cases that no other
	 * case still uses (free each and the array). */
	int (*candidate_erase)(struct pu_store *st, const char *id, int64_t now,
			       char ***orphans, size_t *norphans);

	/* Inserts the header and units of c, choosing its id and code
	 * ("C-<id>") into c. */
	int (*case_insert)(struct pu_store *st, pu_case *c,
			   const char *pin_hash);
	/* PU_ENOTFOUND without a message. */
	int (*case_get)(struct pu_store *st, const char *code, pu_case **out);
	/* Writes the header's mutable fields: state, outcome, reason,
	 * credential, appeal, state_at, recognition. */
	int (*case_update)(struct pu_store *st, const pu_case *c);
	/* Cases of (country, org) run or decided there, newest first; state
	 * < 0: any. */
	int (*case_list)(struct pu_store *st, const char *country,
			 const char *org, int state, pu_case_row **out,
			 size_t *n);
	int (*unit_put)(struct pu_store *st, int64_t case_id, size_t ord,
			const pu_case_unit *u);
	int (*assessment_insert)(struct pu_store *st, int64_t case_id,
				 const pu_case_unit *u);
	int (*event_insert)(struct pu_store *st, int64_t case_id,
			    const pu_case_event *e);
	int (*fee_insert)(struct pu_store *st, int64_t case_id,
			  const pu_case_fee *f);
	int (*evidence_insert)(struct pu_store *st, int64_t case_id,
			       const pu_case_evidence *e);
	/* PU_ENOTFOUND without a message. */
	int (*pin_get)(struct pu_store *st, const char *code, pu_pin_row *out);
	int (*pin_set)(struct pu_store *st, const pu_pin_row *p);

	int (*recognition_insert)(struct pu_store *st, pu_recognition *r);
	/* PU_ENOTFOUND without a message. */
	int (*recognition_get)(struct pu_store *st, int64_t id,
			       pu_recognition *out);
	int (*recognition_list)(struct pu_store *st, const char *country,
				pu_recognition **out, size_t *n);
} pu_store_rpl_ops;

/* The SQLite implementation (sqlite_rpl.c, sqlite_accredit.c). */
extern const pu_store_rpl_ops pu_sq_rpl_ops;

#endif
