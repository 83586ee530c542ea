/*
 * Shape checks shared by the verifier, the status list cache and the trust
 * lists: the issuer's id, types, and the @context allow-list. JCS proofs do
 * not process JSON-LD, so a verifier must accept only contexts it knows
 * (VC-DI "Context Validation"): any other context could redefine what the
 * signed terms mean.
 */
#include "puente/cred.h"
#include "puente/error.h"

#include "cred/cred_internal.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* Length of the valid UTF-8 sequence at s, 0 when invalid or cut short. */
static size_t utf8_len(const unsigned char *s)
{
	size_t n, i;
	unsigned long cp;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		n = 2, cp = s[0] & 0x1f;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		n = 3, cp = s[0] & 0x0f;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		n = 4, cp = s[0] & 0x07;
	else
		return 0;
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3f);
	}
	if ((n == 3 && (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff))) ||
	    (n == 4 && (cp < 0x10000 || cp > 0x10ffff)))
		return 0;
	return n;
}

/* Makes a reason one line of valid UTF-8: control characters and bytes of
 * invalid (or truncated) sequences become '?'. Reasons quote hostile input
 * and are cut at a byte count. */
static void sanitize(char *reason)
{
	unsigned char *s = (unsigned char *)reason;
	size_t n;

	while (*s != '\0') {
		if (*s < 0x20 || *s == 0x7f) {
			*s++ = '?';
			continue;
		}
		n = utf8_len(s);
		if (n == 0)
			*s++ = '?';
		else
			s += n;
	}
}

void pu_cred_reason(char *reason, size_t len, const char *fmt, ...)
{
	va_list ap;

	if (reason == NULL || len == 0)
		return;
	va_start(ap, fmt);
	vsnprintf(reason, len, fmt, ap);
	va_end(ap);
	sanitize(reason);
}

const char *pu_cred_issuer_id(const pu_jv *doc)
{
	const pu_jv *iss = pu_jv_get(doc, "issuer");

	if (pu_jv_is(iss, PU_JV_STRING))
		return iss->u.str;
	return pu_jv_get_str(iss, "id");
}

int pu_cred_has_type(const pu_jv *v, const char *type)
{
	const pu_jv *t = pu_jv_get(v, "type");
	size_t i;

	if (pu_jv_is(t, PU_JV_STRING))
		return strcmp(t->u.str, type) == 0;
	if (!pu_jv_is(t, PU_JV_ARRAY))
		return 0;
	for (i = 0; i < t->n; i++)
		if (pu_jv_is(&t->u.items[i], PU_JV_STRING) &&
		    strcmp(t->u.items[i].u.str, type) == 0)
			return 1;
	return 0;
}

static int nested_context(const pu_jv *v, int depth);

/* The members of one proof, or of each proof of a set, but their own
 * top-level @context. */
static int proof_context(const pu_jv *proof)
{
	size_t i;

	if (pu_jv_is(proof, PU_JV_ARRAY)) {
		for (i = 0; i < proof->n; i++)
			if (proof_context(&proof->u.items[i]))
				return 1;
		return 0;
	}
	if (!pu_jv_is(proof, PU_JV_OBJECT))
		return 0;
	for (i = 0; i < proof->n; i++)
		if (strcmp(proof->u.members[i].key, "@context") != 0 &&
		    nested_context(&proof->u.members[i].value, 3))
			return 1;
	return 0;
}

/* Is there an @context below the root? */
static int nested_context(const pu_jv *v, int depth)
{
	size_t i;

	if (depth > PU_CRED_MAX_DEPTH + 2)
		return 0;
	if (v->type == PU_JV_OBJECT) {
		for (i = 0; i < v->n; i++) {
			const pu_jv_member *m = &v->u.members[i];

			if (depth > 0 && strcmp(m->key, "@context") == 0)
				return 1;
			/* A proof's own @context is checked by the proof. */
			if (depth == 0 && strcmp(m->key, "proof") == 0) {
				if (proof_context(&m->value))
					return 1;
				continue;
			}
			if (nested_context(&m->value, depth + 1))
				return 1;
		}
	} else if (v->type == PU_JV_ARRAY) {
		for (i = 0; i < v->n; i++)
			if (nested_context(&v->u.items[i], depth + 1))
				return 1;
	}
	return 0;
}

int pu_cred_check_context(const pu_jv *doc, char *reason, size_t len)
{
	static const char *const allowed[] = {PU_CRED_CONTEXT_V2,
					      PU_CRED_CONTEXT_OB3};
	const pu_jv *ctx = pu_jv_get(doc, "@context"), *item;
	size_t i;

	if (ctx == NULL) {
		pu_cred_reason(reason, len, "no @context");
		return PU_EINVAL;
	}
	if (ctx->type == PU_JV_STRING) {
		if (strcmp(ctx->u.str, PU_CRED_CONTEXT_V2) == 0)
			goto nested;
		pu_cred_reason(reason, len,
			       "@context \"%.100s\" is not on the allow-list",
			       ctx->u.str);
		return PU_EINVAL;
	}
	if (ctx->type != PU_JV_ARRAY || ctx->n == 0) {
		pu_cred_reason(reason, len,
			       "@context must be an array of context URLs");
		return PU_EINVAL;
	}
	for (i = 0; i < ctx->n; i++) {
		item = &ctx->u.items[i];
		if (item->type != PU_JV_STRING) {
			pu_cred_reason(reason, len,
				       "@context[%zu] is an embedded context; "
				       "only the allow-listed URLs are "
				       "accepted",
				       i);
			return PU_EINVAL;
		}
		if (i >= 2 || strcmp(item->u.str, allowed[i]) != 0) {
			pu_cred_reason(reason, len,
				       "@context[%zu] \"%.100s\" is not on the "
				       "allow-list (VC v2, then optionally "
				       "OB 3.0.3)",
				       i, item->u.str);
			return PU_EINVAL;
		}
	}
nested:
	if (nested_context(doc, 0)) {
		pu_cred_reason(reason, len,
			       "an embedded @context below the root is not "
			       "accepted");
		return PU_EINVAL;
	}
	return 0;
}
