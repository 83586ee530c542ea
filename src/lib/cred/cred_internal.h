/*
 * Internal to the credentials core (src/lib/cred/): helpers shared by the
 * proof, status list, trust list and verification files.
 */
#ifndef PU_CRED_INTERNAL_H
#define PU_CRED_INTERNAL_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "puente/cred.h"

struct pu_buf;

/* Nesting depth of v (a scalar is 0); stops counting past limit. */
int pu_cred_depth(const json_t *v, int limit);

/* The issuer's id: the string "issuer", or "issuer.id"; NULL otherwise. */
const char *pu_cred_issuer_id(const json_t *doc);

/* Checks doc's @context against the allow-list: an array (or the string) of
 * VC v2 first, then optionally OB 3.0.3, nothing else, and no @context
 * anywhere below the root except in "proof". 0, or PU_EINVAL with reason. */
int pu_cred_check_context(const json_t *doc, char *reason, size_t len);

/* True when the "type" member of v is type, or an array holding it. */
int pu_cred_has_type(const json_t *v, const char *type);

/* Checks one credentialStatus entry against the cache (NULL: no lists) for
 * a credential of issuer, at now. *list_id gets the list consulted (borrowed
 * from the cache) or NULL. */
pu_cred_status_result pu_cred_status_check(const pu_cred_status_cache *c,
					   const json_t *entry,
					   const char *issuer, int64_t now,
					   char *reason, size_t rlen,
					   const char **list_id);

/* The trust decision for a credential of issuer about achievement (may be
 * NULL), at now. Fills the report's trust fields. */
int pu_cred_trust_check(const pu_cred_trust *t, const char *issuer,
			const json_t *achievement, int64_t now,
			pu_cred_report *r);

/* snprintf into a reason buffer. */
void pu_cred_reason(char *reason, size_t len, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#endif
