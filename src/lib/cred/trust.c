/*
 * Trust lists: signed documents in which an authority (a regional or
 * national body, an "anchor" the verifier chose) lists the issuers it
 * accredits, with country, role, scope of standards and validity. The format
 * is in docs/formats.md "Trust list": a VC-like document secured with the
 * same eddsa-jcs-2022 proof as credentials. A list is checked whole when it is
 * added (proof, signer is an anchor, shape), so deciding on a credential only
 * walks the lists in memory.
 */
#include "puente/buf.h"
#include "puente/cred.h"
#include "puente/error.h"

#include "cred/cred_internal.h"

#include <stdlib.h>
#include <string.h>

#define MAX_ANCHORS 64
#define MAX_LISTS 256

struct tlist {
	pu_arena *arena;
	const pu_jv *doc; /* verified, in arena */
};

struct pu_cred_trust {
	char *anchors[MAX_ANCHORS];
	size_t nanchors;
	struct tlist lists[MAX_LISTS];
	size_t nlists;
};

int pu_cred_trust_new(pu_cred_trust **out)
{
	*out = calloc(1, sizeof(**out));
	if (*out == NULL)
		return pu_error_set(PU_ENOMEM, "out of memory");
	return 0;
}

void pu_cred_trust_free(pu_cred_trust *t)
{
	size_t i;

	if (t == NULL)
		return;
	for (i = 0; i < t->nanchors; i++)
		free(t->anchors[i]);
	for (i = 0; i < t->nlists; i++)
		pu_arena_free(t->lists[i].arena);
	free(t);
}

size_t pu_cred_trust_count(const pu_cred_trust *t)
{
	return t->nlists;
}

int pu_cred_trust_add_anchor(pu_cred_trust *t, const char *did)
{
	unsigned char pk[32];

	if (pu_cred_didkey_resolve(pk, did) < 0 || strchr(did, '#') != NULL)
		return pu_error_prefix("trust anchor: ");
	if (t->nanchors == MAX_ANCHORS)
		return pu_error_set(PU_ELIMIT, "more than %d trust anchors",
				    MAX_ANCHORS);
	t->anchors[t->nanchors] = strdup(did);
	if (t->anchors[t->nanchors] == NULL)
		return pu_error_set(PU_ENOMEM, "out of memory");
	t->nanchors++;
	return 0;
}

static const char *str(const pu_jv *o, const char *key)
{
	return pu_jv_get_str(o, key);
}

/* An optional dateTime member: absent, or a valid string. */
static int opt_time(const pu_jv *o, const char *key, int64_t *out)
{
	const pu_jv *v = pu_jv_get(o, key);

	*out = 0;
	if (v == NULL)
		return 0;
	if (v->type != PU_JV_STRING)
		return PU_EINVAL;
	return pu_cred_time_parse(out, v->u.str);
}

static int check_entry(const pu_jv *e, size_t i)
{
	const pu_jv *scope = pu_jv_get(e, "scope"), *s;
	unsigned char pk[32];
	int64_t t;
	size_t k;

	if (!pu_jv_is(e, PU_JV_OBJECT))
		return pu_error_set(PU_EINVAL, "issuers[%zu]: not an object",
				    i);
	if (str(e, "id") == NULL ||
	    pu_cred_didkey_resolve(pk, str(e, "id")) < 0 ||
	    strchr(str(e, "id"), '#') != NULL)
		return pu_error_set(PU_EINVAL,
				    "issuers[%zu].id: not a did:key DID", i);
	if (str(e, "country") == NULL || str(e, "role") == NULL)
		return pu_error_set(PU_EINVAL,
				    "issuers[%zu]: country and role are "
				    "required",
				    i);
	if (!pu_jv_is(scope, PU_JV_ARRAY) || scope->n == 0)
		return pu_error_set(PU_EINVAL,
				    "issuers[%zu].scope: a non-empty array of "
				    "patterns is required",
				    i);
	for (k = 0; k < scope->n; k++) {
		s = &scope->u.items[k];
		if (!pu_jv_is(s, PU_JV_STRING) || s->n == 0)
			return pu_error_set(PU_EINVAL,
					    "issuers[%zu].scope[%zu]: not a "
					    "pattern",
					    i, k);
	}
	if (opt_time(e, "validFrom", &t) < 0 ||
	    opt_time(e, "validUntil", &t) < 0)
		return pu_error_set(PU_EINVAL,
				    "issuers[%zu]: validFrom or validUntil is "
				    "not a dateTime",
				    i);
	return 0;
}

int pu_cred_trust_add_list(pu_cred_trust *t, const char *text, size_t len,
			   int64_t now)
{
	pu_cred_proof_options po = PU_CRED_PROOF_INIT;
	char reason[PU_CRED_REASON];
	pu_buf signer = PU_BUF_INIT;
	pu_arena *a = NULL;
	const pu_jv *doc, *subj, *issuers;
	const char *id;
	int64_t tm;
	size_t i;
	int rc = 0;

	rc = pu_arena_new(&a);
	if (rc < 0)
		goto done;
	rc = pu_jv_parse(a, &doc, text, len, PU_CRED_MAX_LIST_DOC, 0);
	if (rc < 0) {
		pu_error_prefix("trust list: ");
		goto done;
	}
	id = str(doc, "id");
	if (id == NULL) {
		rc = pu_error_set(PU_EINVAL, "trust list: no id");
		goto done;
	}
	if (pu_cred_check_context(doc, reason, sizeof(reason)) < 0) {
		rc = pu_error_set(PU_EINVAL, "trust list %.200s: %s", id,
				  reason);
		goto done;
	}
	if (!pu_cred_has_type(doc, "VerifiableCredential") ||
	    !pu_cred_has_type(doc, "PuenteTrustList")) {
		rc = pu_error_set(PU_EINVAL,
				  "trust list %.200s: type must hold "
				  "VerifiableCredential and PuenteTrustList",
				  id);
		goto done;
	}
	po.now = now;
	if (pu_cred_proof_check(doc, &po, reason, sizeof(reason), &signer) !=
	    PU_CRED_PROOF_VALID) {
		rc = pu_error_set(PU_EINVAL,
				  "trust list %.200s: proof not valid: %s", id,
				  reason);
		goto done;
	}
	for (i = 0; i < t->nanchors; i++)
		if (strcmp(t->anchors[i], signer.ptr) == 0)
			break;
	if (i == t->nanchors) {
		rc = pu_error_set(PU_EDENIED,
				  "trust list %.200s: signed by %.100s, which "
				  "is not a trust anchor",
				  id, signer.ptr);
		goto done;
	}
	if (opt_time(doc, "validFrom", &tm) < 0 ||
	    opt_time(doc, "validUntil", &tm) < 0) {
		rc = pu_error_set(PU_EINVAL,
				  "trust list %.200s: validFrom or validUntil "
				  "is not a dateTime",
				  id);
		goto done;
	}
	subj = pu_jv_get(doc, "credentialSubject");
	issuers = pu_jv_get(subj, "issuers");
	if (!pu_jv_is(issuers, PU_JV_ARRAY)) {
		rc =
		    pu_error_set(PU_EINVAL,
				 "trust list %.200s: credentialSubject.issuers "
				 "must be an array",
				 id);
		goto done;
	}
	for (i = 0; i < issuers->n; i++) {
		rc = check_entry(&issuers->u.items[i], i);
		if (rc < 0) {
			pu_error_prefix("trust list %.200s: ", id);
			goto done;
		}
	}
	if (t->nlists == MAX_LISTS) {
		rc = pu_error_set(PU_ELIMIT, "more than %d trust lists",
				  MAX_LISTS);
		goto done;
	}
	t->lists[t->nlists].arena = a;
	t->lists[t->nlists].doc = doc;
	t->nlists++;
	a = NULL;
done:
	pu_arena_free(a);
	pu_buf_free(&signer);
	return rc;
}

/* Does pattern cover value? "*" covers all; "X*" covers what starts with X;
 * anything else must be equal. */
static int covers(const char *pattern, const char *value)
{
	size_t n = strlen(pattern);

	if (value == NULL)
		return strcmp(pattern, "*") == 0;
	if (n > 0 && pattern[n - 1] == '*')
		return strncmp(pattern, value, n - 1) == 0;
	return strcmp(pattern, value) == 0;
}

static int in_scope(const pu_jv *entry, const pu_jv *achievement)
{
	const pu_jv *scope = pu_jv_get(entry, "scope");
	const char *code = str(achievement, "humanCode");
	const char *id = str(achievement, "id");
	size_t i;

	for (i = 0; i < scope->n; i++) {
		const char *p = scope->u.items[i].u.str;

		if (strcmp(p, "*") == 0 || (code && covers(p, code)) ||
		    (id && covers(p, id)))
			return 1;
	}
	return 0;
}

static int dup_into(char **dst, const char *s)
{
	free(*dst);
	*dst = s ? strdup(s) : NULL;
	return s && *dst == NULL ? PU_ENOMEM : 0;
}

int pu_cred_trust_check(const pu_cred_trust *t, const char *issuer,
			const pu_jv *achievement, int64_t now,
			pu_cred_report *r)
{
	char why[PU_CRED_REASON] = "";
	const char *what = str(achievement, "humanCode");
	size_t l, i;
	int64_t vf, vu;
	const pu_jv *e;

	if (what == NULL)
		what = str(achievement, "id");
	for (l = 0; l < t->nlists; l++) {
		const pu_jv *doc = t->lists[l].doc;
		const char *lid = str(doc, "id");
		const pu_jv *issuers =
		    pu_jv_get(pu_jv_get(doc, "credentialSubject"), "issuers");

		for (i = 0; i < issuers->n; i++) {
			e = &issuers->u.items[i];
			if (strcmp(str(e, "id"), issuer) != 0)
				continue;
			opt_time(doc, "validFrom", &vf);
			opt_time(doc, "validUntil", &vu);
			if ((vf && now < vf) || (vu && now > vu)) {
				pu_cred_reason(why, sizeof(why),
					       "the trust list %.100s that "
					       "lists the issuer is not in "
					       "force",
					       lid);
				continue;
			}
			opt_time(e, "validFrom", &vf);
			opt_time(e, "validUntil", &vu);
			if ((vf && now < vf) || (vu && now > vu)) {
				pu_cred_reason(why, sizeof(why),
					       "the issuer's accreditation on "
					       "%.100s is not in force",
					       lid);
				continue;
			}
			if (!in_scope(e, achievement)) {
				pu_cred_reason(why, sizeof(why),
					       "the issuer is accredited by "
					       "%.100s but not for %.80s",
					       lid,
					       what ? what
						    : "this "
						      "credential");
				continue;
			}
			r->trust = PU_CRED_TRUST_TRUSTED;
			pu_cred_reason(r->trust_reason, PU_CRED_REASON,
				       "accredited as %.40s (%.16s) by %.100s",
				       str(e, "role"), str(e, "country"), lid);
			if (dup_into(&r->trust_list, lid) < 0 ||
			    dup_into(&r->trust_authority,
				     pu_cred_issuer_id(doc)) < 0 ||
			    dup_into(&r->trust_country, str(e, "country")) <
				0 ||
			    dup_into(&r->trust_role, str(e, "role")) < 0)
				return pu_error_set(PU_ENOMEM, "out of memory");
			return 0;
		}
	}
	r->trust = PU_CRED_TRUST_UNTRUSTED;
	if (why[0] != '\0')
		pu_cred_reason(r->trust_reason, PU_CRED_REASON, "%s", why);
	else
		pu_cred_reason(r->trust_reason, PU_CRED_REASON,
			       "the issuer %.120s is on none of the %zu trust "
			       "lists",
			       issuer, t->nlists);
	return 0;
}
