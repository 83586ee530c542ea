/*
 * Internal to the credentials core (src/lib/cred/): helpers shared by the
 * proof, status list, trust list and verification files. They work on the
 * verifier's JSON tree (tree.h); jansson is only used at the public edges.
 */
#ifndef PU_CRED_INTERNAL_H
#define PU_CRED_INTERNAL_H

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "puente/cred.h"
#include "puente/error.h"

#include "cred/tree.h"

#include "puente/buf.h"

#include <string.h>

/* pu_buf_putc and pu_buf_put without a call when the buffer has room: the
 * canonicaliser writes a few thousand small pieces per credential. */
static inline int pu_cred_putc(pu_buf *b, char c)
{
	if (b->len + 2 <= b->cap && (b->max == 0 || b->len + 1 <= b->max)) {
		b->ptr[b->len++] = c;
		b->ptr[b->len] = '\0';
		return 0;
	}
	return pu_buf_putc(b, c);
}

static inline int pu_cred_put(pu_buf *b, const char *s, size_t n)
{
	if (b->len + n + 1 <= b->cap && (b->max == 0 || b->len + n <= b->max)) {
		memcpy(b->ptr + b->len, s, n);
		b->len += n;
		b->ptr[b->len] = '\0';
		return 0;
	}
	return pu_buf_put(b, s, n);
}

/* Makes room for n more bytes (to canonicalise in one allocation). */
static inline int pu_cred_reserve(pu_buf *b, size_t n)
{
	size_t len = b->len;
	int rc;

	if (b->len + n + 1 <= b->cap)
		return 0;
	rc = pu_buf_put(b, NULL, 0);
	if (rc == 0 && b->cap < len + n + 1) {
		char *p = realloc(b->ptr, len + n + 1);

		if (p == NULL)
			return pu_error_set(PU_ENOMEM, "out of memory");
		b->ptr = p;
		b->cap = len + n + 1;
	}
	return rc;
}

/* RFC 8785 string (quoted, minimal escapes) of len bytes, appended. */
int pu_cred_jcs_string(struct pu_buf *out, const char *s, size_t len);

/* Compares NUL-terminated UTF-8 strings as UTF-16 code-unit arrays. */
int pu_cred_utf16_cmp(const char *a, const char *b);

/* The issuer's id: the string "issuer", or "issuer.id"; NULL otherwise. */
const char *pu_cred_issuer_id(const pu_jv *doc);

/* Checks doc's @context against the allow-list: an array (or the string) of
 * VC v2 first, then optionally OB 3.0.3, nothing else, and no @context
 * anywhere below the root except in "proof". 0, or PU_EINVAL with reason. */
int pu_cred_check_context(const pu_jv *doc, char *reason, size_t len);

/* True when the "type" member of v is type, or an array holding it. */
int pu_cred_has_type(const pu_jv *v, const char *type);

/* pu_cred_proof_verify over the tree. */
pu_cred_proof_result pu_cred_proof_check(const pu_jv *doc,
					 const pu_cred_proof_options *opt,
					 char *reason, size_t reason_len,
					 struct pu_buf *signer);

/* Checks one credentialStatus entry against the cache (NULL: no lists) for
 * a credential of issuer, at now. *list_id gets the list consulted (borrowed
 * from the cache) or NULL. */
pu_cred_status_result pu_cred_status_check(const pu_cred_status_cache *c,
					   const pu_jv *entry,
					   const char *issuer, int64_t now,
					   char *reason, size_t rlen,
					   const char **list_id);

/* The trust decision for a credential of issuer about achievement (may be
 * NULL), at now. Fills the report's trust fields; PU_ENOMEM only. */
int pu_cred_trust_check(const pu_cred_trust *t, const char *issuer,
			const pu_jv *achievement, int64_t now,
			pu_cred_report *r);

/* snprintf into a reason buffer, then made one line of valid UTF-8. */
void pu_cred_reason(char *reason, size_t len, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#endif
