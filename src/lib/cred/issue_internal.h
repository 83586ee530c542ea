/*
 * Internal to issuance and revocation (issue.c, issue_lists.c, revoke.c):
 * status list allocation and signing, shared helpers.
 */
#ifndef PU_ISSUE_INTERNAL_H
#define PU_ISSUE_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>

#include "puente/issue.h"
#include "puente/store.h"
#include "store/store_cred.h"

struct pu_cred_key;

/* The store's credential table, or PU_ESTORE when the backend has none. */
const pu_store_cred_ops *pu_issue_ops(struct pu_store *st);

/* Takes a fresh index in the open list pair of key's DID, creating (and
 * signing) a new pair when there is none with room; fills *list (clear it
 * with pu_cred_list_row_clear) and *index. Inside a transaction. */
int pu_issue_alloc(struct pu_store *st, const struct pu_cred_key *key,
		   const char *base_url, int64_t now, pu_cred_list_row *list,
		   int64_t *index);

/* Signs both list credentials of l from its encoded lists (validFrom now,
 * ttl ttl_ms, validUntil now + ttl when until is true), replacing
 * l->revocation_vc, suspension_vc and signed_at. */
int pu_issue_sign_lists(pu_cred_list_row *l, const struct pu_cred_key *key,
			int64_t now, int64_t ttl_ms, int until);

/* The index of counter in a list of size entries under key: a keyed
 * permutation of [0, size), so indexes never repeat. */
int64_t pu_issue_permute(const unsigned char key[16], int64_t counter,
			 int64_t size);

/* "urn:uuid:" + a random (version 4) UUID. */
void pu_issue_new_id(char out[46]);

struct json_t;
/* Status entries (when add_status), signature, record and audit of doc, in
 * the open transaction (issue.c; used by issue_json.c too). */
int pu_issue_sign_record(struct pu_store *st, const pu_issuer *iss,
			 const pu_actor *auditor, struct json_t *doc,
			 const char *did, const char *country,
			 const char *standard, bool add_status, int64_t now,
			 char **text_out, pu_issued *rec);

/* UTC "YYYY-MM-DDTHH:MM:SSZ". */
void pu_issue_time(char out[21], int64_t t);

#endif
