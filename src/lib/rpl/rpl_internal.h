/*
 * Internal to src/lib/rpl/: the store's table of recognition functions, the
 * clock, days, the audit helper and the transaction pattern shared by the
 * accreditation, candidate, case and recognition files.
 */
#ifndef PU_RPL_INTERNAL_H
#define PU_RPL_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "puente/auth.h"
#include "puente/rpl.h"
#include "store/store_rpl.h"

struct pu_store;

/* The store's table, or NULL with PU_ESTORE set when the backend has none. */
const pu_store_rpl_ops *pu_rpl_ops(struct pu_store *st);

/* The day of Unix time t, "YYYY-MM-DD" (UTC). */
void pu_rpl_day(int64_t t, char out[11]);

/* True when s is "YYYY-MM-DD" with a plausible month and day. */
bool pu_rpl_date_ok(const char *s);

/* True when s is 1 to max bytes of [A-Za-z0-9._-]. */
bool pu_rpl_id_ok(const char *s, size_t max);

/* True when s is 1 to max bytes of valid UTF-8 without control characters
 * other than newline and tab (free texts). */
bool pu_rpl_text_ok(const char *s, size_t max);

/* Appends the audit entry of a change: action, the country, subject, and
 * the digest of the change's description (len bytes of what). */
int pu_rpl_audit(struct pu_store *st, const pu_actor *by, const char *action,
		 const char *country, const char *subject, const void *what,
		 size_t len);

/* The actor's name for a case's history ("system" for NULL). */
const char *pu_rpl_actor_name(const pu_actor *by);

/* The case code, unchecked; PU_ENOTFOUND with a message ("no case C-9"). */
int pu_rpl_case_load(struct pu_store *st, const char *code, pu_case **out);

/* The refusal of a step out of order: PU_ECONFLICT, "case C-12 is in
 * assessment; WHY". */
int pu_rpl_refuse(const pu_case *c, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Records a step of case c: moves it to state to (or stays, when to is its
 * state), writes the header and a dated event with note, and appends the
 * audit entry action with subject "case:<code>" and the note as digested
 * change. Inside the caller's transaction. */
int pu_rpl_case_step(struct pu_store *st, const pu_actor *by, pu_case *c,
		     pu_case_state to, const char *action, const char *note);

/* Commits when rc is 0, else rolls back; returns rc or the commit's code. */
int pu_rpl_finish(struct pu_store *st, int rc);

/* Replaces *slot (a malloc'd string) with a copy of v ("" for NULL). */
int pu_rpl_set_str(char **slot, const char *v);

/* The Argon2id hash of a PIN; PU_ENOMEM. */
int pu_rpl_pin_hash(const char *pin, char out[PU_PIN_HASH_SIZE]);

/* 0 when the standard exists and is active; PU_ENOTFOUND, or PU_ECONFLICT
 * naming its status (withdrawn, superseded, draft). */
int pu_rpl_standard_active(struct pu_store *st, const char *country,
			   const char *code);

/* Opens a case (recognition.c calls it inside its own transaction). */
int pu_case_open_tx(struct pu_store *st, const pu_actor *by,
		    const pu_case_open_options *o, bool check_scope,
		    char code[PU_CASE_CODE_SIZE], char pin[PU_CASE_PIN_SIZE]);

#endif
