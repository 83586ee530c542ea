/*
 * The audit log: every write appends, in the writer's transaction, one entry
 * (sequence number, UTC time, actor, action, scope country, subject, SHA-256
 * of the change) chained by hash = SHA-256(prev hash || canonical entry), so
 * that an edited, deleted or reordered entry is found by pu_audit_verify, and
 * a truncated tail against a head written down elsewhere. Entries never hold
 * personal data: subjects are codes, file names and opaque ids.
 */
#ifndef PUENTE_AUDIT_H
#define PUENTE_AUDIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "puente/auth.h"

struct pu_store;

#define PU_AUDIT_MAX_SUBJECT 255

/* One entry. Plain data; nothing to free. Hashes are lower-case hex. */
typedef struct pu_audit_entry {
	int64_t seq;   /* 1, 2, ... */
	char at[21];   /* YYYY-MM-DDTHH:MM:SSZ */
	int64_t actor_id; /* account id, 0 for the CLI and the system */
	char actor[PU_AUTH_MAX_NAME + 8];
	char action[32];                       /* "import", "user.add", ... */
	char country[PU_AUTH_MAX_COUNTRY + 1]; /* scope, "" when none */
	char subject[PU_AUDIT_MAX_SUBJECT + 1];
	char digest[65]; /* SHA-256 of the change */
	char prev[65];   /* hash of the entry before (64 zeros for the first) */
	char hash[65];
} pu_audit_entry;

/* Appends an entry inside the caller's open transaction (PU_ESTORE when none
 * is open), so that it is written with the change or not at all. actor NULL
 * is recorded as "system" (a trusted local caller). action is 1 to 31 bytes
 * of [a-z._]; country "" or NULL for none; subject is truncated to
 * PU_AUDIT_MAX_SUBJECT bytes; digest is the SHA-256 of the change (the bytes
 * imported, the JSON of a record). Returns 0, PU_EINVAL, PU_ESTORE. */
int pu_audit_append(struct pu_store *st, const pu_actor *actor,
		    const char *action, const char *country,
		    const char *subject, const unsigned char digest[32]);

/* SHA-256 of len bytes, for pu_audit_append. */
void pu_audit_digest(const void *data, size_t len, unsigned char out[32]);

/* The latest entries, newest first: at most limit (0: 50; at most 10000),
 * only those of country when not NULL. by must be allowed PU_ACT_AUDIT_READ
 * for country (NULL: the whole log); an authority asking for no country gets
 * its own country's. by NULL is a trusted local caller. Returns 0,
 * PU_EAUTH / PU_EDENIED, PU_ELIMIT, PU_ESTORE. The caller frees *out with
 * free(). */
int pu_audit_list(struct pu_store *st, const pu_actor *by, const char *country,
		  size_t limit, pu_audit_entry **out, size_t *n);

typedef enum pu_audit_problem {
	PU_AUDIT_INTACT = 0,
	PU_AUDIT_EDITED,    /* an entry's hash does not match its content */
	PU_AUDIT_MISSING,   /* a sequence number is missing (deleted entry) */
	PU_AUDIT_BAD_LINK,  /* an entry does not chain to the one before */
	PU_AUDIT_TRUNCATED  /* the recorded head is missing or different */
} pu_audit_problem;

/* "intact", "edited", "missing", "bad link", "truncated"; static. */
const char *pu_audit_problem_name(pu_audit_problem p);

typedef struct pu_audit_report {
	pu_audit_problem problem; /* the first one found */
	size_t checked;           /* entries checked */
	int64_t broken_seq;       /* where (0 when intact) */
	char detail[256];         /* in words */
	int64_t head_seq;         /* the last entry (0 when the log is empty) */
	char head_hash[65];       /* its hash ("" when empty) */
} pu_audit_report;

/* Recomputes the whole chain in sequence order and reports the first problem.
 * When head_seq > 0, the entry head_seq must exist with hash head_hash (a head
 * recorded earlier), else the log was truncated or rewritten. by must be
 * allowed PU_ACT_AUDIT_READ on the whole log (an administrator); NULL is a
 * trusted local caller. Returns 0 whether the log is intact or not (see
 * out->problem), PU_EINVAL for a bad head_hash, PU_EAUTH / PU_EDENIED,
 * PU_ESTORE when it cannot be read. */
int pu_audit_verify(struct pu_store *st, const pu_actor *by, int64_t head_seq,
		    const char *head_hash, pu_audit_report *out);

#endif
