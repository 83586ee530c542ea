/*
 * Internal: the storage functions of accounts, sessions, tokens, login
 * throttling and the audit log, a table of its own that pu_store_ops points at
 * (pu_store_ops.auth) so that store.h stays about the catalogue. The rules
 * (hashing, expiry, lockout, the audit chain) live in src/lib/auth/ and are
 * the same for every backend; a backend only reads and writes rows. Times are
 * given by the caller (Unix seconds), so the backend has no clock. Each
 * function returns 0 or a PU_E* code with the message set; a write outside a
 * transaction commits on its own.
 */
#ifndef PU_STORE_AUTH_H
#define PU_STORE_AUTH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "puente/audit.h"
#include "puente/auth.h"

struct pu_store;

/* Room for a crypto_pwhash_str string. */
#define PU_PWHASH_SIZE 128

/* A session row. */
typedef struct pu_session_row {
	int64_t user_id;
	char csrf[PU_AUTH_TOKEN_SIZE];
	int64_t created_at, seen_at;
} pu_session_row;

/* An API token row. */
typedef struct pu_token_row {
	int64_t id, user_id;
	int64_t revoked_at; /* 0 when live */
} pu_token_row;

/* Called for each audit entry in sequence order; non-zero stops the walk and
 * is returned. */
typedef int (*pu_audit_cb)(const pu_audit_entry *e, void *arg);

typedef struct pu_store_auth_ops {
	/* PU_ECONFLICT when the name is taken. */
	int (*user_insert)(struct pu_store *st, const pu_user *u,
			   const char *pwhash, int64_t now, int64_t *id);
	/* By name when name is not NULL, else by id; PU_ENOTFOUND (no message
	 * set). pwhash (PU_PWHASH_SIZE bytes) may be NULL. */
	int (*user_get)(struct pu_store *st, const char *name, int64_t id,
			pu_user *out, char *pwhash);
	/* Sorted by name; only country's when not NULL; free(*out). */
	int (*user_list)(struct pu_store *st, const char *country,
			 pu_user **out, size_t *n);
	int (*user_set_disabled)(struct pu_store *st, int64_t id,
				 bool disabled);
	int (*user_set_password)(struct pu_store *st, int64_t id,
				 const char *pwhash, int64_t now);

	int (*session_insert)(struct pu_store *st, const unsigned char hash[32],
			      int64_t user_id, const char *csrf, int64_t now);
	/* PU_ENOTFOUND (no message set). */
	int (*session_get)(struct pu_store *st, const unsigned char hash[32],
			   pu_session_row *out);
	int (*session_touch)(struct pu_store *st, const unsigned char hash[32],
			     int64_t now);
	int (*session_delete)(struct pu_store *st, const unsigned char hash[32]);
	int (*session_delete_user)(struct pu_store *st, int64_t user_id);
	/* Deletes sessions last seen at or before seen_before or opened at
	 * or before created_before (expired ones). */
	int (*session_prune)(struct pu_store *st, int64_t seen_before,
			     int64_t created_before);

	int (*token_insert)(struct pu_store *st, const unsigned char hash[32],
			    int64_t user_id, const char *label, int64_t now,
			    int64_t *id);
	/* By hash when hash is not NULL, else by id; PU_ENOTFOUND (no message
	 * set). */
	int (*token_get)(struct pu_store *st, const unsigned char *hash,
			 int64_t id, pu_token_row *out);
	int (*token_revoke)(struct pu_store *st, int64_t id, int64_t now);
	/* Oldest first; free(*out). */
	int (*token_list)(struct pu_store *st, int64_t user_id,
			  pu_token_info **out, size_t *n);

	/* Records a failed sign-in of name at time at, and forgets failures
	 * older than prune_before (of every name). */
	int (*failure_add)(struct pu_store *st, const char *name, int64_t at,
			   int64_t prune_before);
	int (*failure_count)(struct pu_store *st, const char *name,
			     int64_t since, int *n);
	int (*failure_clear)(struct pu_store *st, const char *name);
	/* *until = 0 when name is not locked. */
	int (*lock_get)(struct pu_store *st, const char *name, int64_t *until);
	int (*lock_set)(struct pu_store *st, const char *name, int64_t until);

	/* The last entry's seq and hash; 0 and "" when the log is empty. */
	int (*audit_head)(struct pu_store *st, int64_t *seq, char hash[65]);
	int (*audit_insert)(struct pu_store *st, const pu_audit_entry *e);
	/* Newest first; only country's when not NULL; free(*out). */
	int (*audit_list)(struct pu_store *st, const char *country,
			  size_t limit, pu_audit_entry **out, size_t *n);
	/* Every entry in sequence order. */
	int (*audit_each)(struct pu_store *st, pu_audit_cb cb, void *arg);
} pu_store_auth_ops;

/* The SQLite implementation (sqlite_auth.c). */
extern const pu_store_auth_ops pu_sq_auth_ops;

#endif
