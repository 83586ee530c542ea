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

const char *pu_cred_issuer_id(const json_t *doc)
{
	json_t *iss = json_object_get(doc, "issuer");

	if (json_is_string(iss))
		return json_string_value(iss);
	if (json_is_object(iss) && json_is_string(json_object_get(iss, "id")))
		return json_string_value(json_object_get(iss, "id"));
	return NULL;
}

int pu_cred_has_type(const json_t *v, const char *type)
{
	json_t *t = json_object_get(v, "type"), *item;
	size_t i;

	if (json_is_string(t))
		return strcmp(json_string_value(t), type) == 0;
	json_array_foreach(t, i, item)
		if (json_is_string(item) &&
		    strcmp(json_string_value(item), type) == 0)
			return 1;
	return 0;
}

static int nested_context(const json_t *v, int depth, char *path, size_t len);

/* The members of one proof, or of each proof of a set, but their own
 * top-level @context. */
static int proof_context(const json_t *proof, char *path, size_t len)
{
	const char *key;
	json_t *child, *item;
	size_t i;

	if (json_is_array(proof)) {
		json_array_foreach(proof, i, item)
			if (proof_context(item, path, len))
				return 1;
		return 0;
	}
	if (!json_is_object(proof))
		return 0;
	json_object_foreach((json_t *)proof, key, child)
		if (strcmp(key, "@context") != 0 &&
		    nested_context(child, 3, path, len))
			return 1;
	return 0;
}

/* Finds an @context below the root; path gets where. */
static int nested_context(const json_t *v, int depth, char *path, size_t len)
{
	const char *key;
	json_t *child;
	size_t i;

	if (depth > PU_CRED_MAX_DEPTH)
		return 0;
	if (json_is_object(v)) {
		json_object_foreach((json_t *)v, key, child)
		{
			if (depth > 0 && strcmp(key, "@context") == 0) {
				pu_cred_reason(path, len, "%s", key);
				return 1;
			}
			/* A proof's own @context is checked by the proof. */
			if (depth == 0 && strcmp(key, "proof") == 0) {
				if (proof_context(child, path, len))
					return 1;
				continue;
			}
			if (nested_context(child, depth + 1, path, len))
				return 1;
		}
	} else if (json_is_array(v)) {
		json_array_foreach(v, i, child)
			if (nested_context(child, depth + 1, path, len))
				return 1;
	}
	return 0;
}

int pu_cred_check_context(const json_t *doc, char *reason, size_t len)
{
	static const char *const allowed[] = {PU_CRED_CONTEXT_V2,
					      PU_CRED_CONTEXT_OB3};
	json_t *ctx = json_object_get(doc, "@context"), *item;
	char where[64];
	size_t i;

	if (ctx == NULL) {
		pu_cred_reason(reason, len, "no @context");
		return PU_EINVAL;
	}
	if (json_is_string(ctx)) {
		if (strcmp(json_string_value(ctx), PU_CRED_CONTEXT_V2) == 0)
			goto nested;
		pu_cred_reason(reason, len,
			       "@context \"%.100s\" is not on the allow-list",
			       json_string_value(ctx));
		return PU_EINVAL;
	}
	if (!json_is_array(ctx) || json_array_size(ctx) == 0) {
		pu_cred_reason(reason, len,
			       "@context must be an array of context URLs");
		return PU_EINVAL;
	}
	json_array_foreach(ctx, i, item)
	{
		if (!json_is_string(item)) {
			pu_cred_reason(reason, len,
				       "@context[%zu] is an embedded context; "
				       "only the allow-listed URLs are "
				       "accepted",
				       i);
			return PU_EINVAL;
		}
		if (i >= 2 ||
		    strcmp(json_string_value(item), allowed[i]) != 0) {
			pu_cred_reason(reason, len,
				       "@context[%zu] \"%.100s\" is not on the "
				       "allow-list (VC v2, then optionally "
				       "OB 3.0.3)",
				       i, json_string_value(item));
			return PU_EINVAL;
		}
	}
nested:
	if (nested_context(doc, 0, where, sizeof(where))) {
		pu_cred_reason(reason, len,
			       "an embedded @context below the root is not "
			       "accepted");
		return PU_EINVAL;
	}
	return 0;
}
