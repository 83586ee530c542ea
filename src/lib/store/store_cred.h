/*
 * Internal: the storage functions of issued credentials and their status
 * lists, a table of its own that pu_store_ops points at (pu_store_ops.cred).
 * The rules (index permutation, signing, scope, audit) live in
 * src/lib/cred/issue*.c and are the same for every backend; a backend only
 * reads and writes rows. Each function returns 0 or a PU_E* code with the
 * message set, except where PU_ENOTFOUND is said to come without one.
 */
#ifndef PU_STORE_CRED_H
#define PU_STORE_CRED_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "puente/issue.h"

struct pu_store;

/* A status list pair as stored. Strings are malloc'd by the getters and
 * freed with pu_cred_list_row_clear. */
typedef struct pu_cred_list_row {
	int64_t id;
	char *issuer;
	char *revocation_url, *suspension_url;
	int64_t size, used;
	unsigned char perm_key[16];
	char *revocation, *suspension;	     /* encodedList */
	char *revocation_vc, *suspension_vc; /* signed, or NULL */
	char *signed_at;
	char *created_at;
} pu_cred_list_row;

void pu_cred_list_row_clear(pu_cred_list_row *r);

/* Called for each credential of a selection; non-zero stops the walk and is
 * returned. */
typedef int (*pu_cred_record_cb)(const pu_issued *c, void *arg);
typedef int (*pu_cred_list_cb)(const pu_cred_list_row *l, void *arg);

typedef struct pu_store_cred_ops {
	/* The newest list of issuer with a free entry; PU_ENOTFOUND without a
	 * message when there is none. */
	int (*list_open)(struct pu_store *st, const char *issuer,
			 pu_cred_list_row *out);
	/* Inserts a list (id ignored; URLs may hold "{}" for the new id, which
	 * is replaced); *id gets its id. */
	int (*list_insert)(struct pu_store *st, const pu_cred_list_row *l,
			   int64_t *id);
	/* Takes the next counter value of list id (returns the old "used");
	 * PU_ELIMIT when the list is full. */
	int (*list_take)(struct pu_store *st, int64_t id, int64_t *counter);
	/* By id (url NULL) or by either URL; PU_ENOTFOUND without a message. */
	int (*list_get)(struct pu_store *st, int64_t id, const char *url,
			pu_cred_list_row *out);
	/* Writes the bitstrings and the signed documents of list id. */
	int (*list_update)(struct pu_store *st, const pu_cred_list_row *l);
	/* Every list (of issuer when not NULL), by id. */
	int (*list_each)(struct pu_store *st, const char *issuer,
			 pu_cred_list_cb cb, void *arg);

	/* PU_ECONFLICT when the id is taken. */
	int (*cred_insert)(struct pu_store *st, const pu_issued *c);
	/* PU_ENOTFOUND without a message. */
	int (*cred_get)(struct pu_store *st, const char *id, pu_issued *out);
	/* The credentials of issuer (NULL: any) issued within [from, to)
	 * (NULL: unbounded), by list and index. */
	int (*cred_each)(struct pu_store *st, const char *issuer,
			 const char *from, const char *to, pu_cred_record_cb cb,
			 void *arg);
	int (*cred_set_state)(struct pu_store *st, const char *id,
			      pu_cred_state state, const char *at);
	/* Before (on) and after (off) a change of many rows: a backend may
	 * size its caches for it. */
	int (*bulk)(struct pu_store *st, bool on);
} pu_store_cred_ops;

/* The SQLite implementation (sqlite_cred.c). */
extern const pu_store_cred_ops pu_sq_cred_ops;

#endif
