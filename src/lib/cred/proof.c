/*
 * The eddsa-jcs-2022 cryptosuite (W3C VC-DI-EdDSA): signing keys, adding a
 * DataIntegrityProof and verifying one, exactly as CREDENTIALS.md 2.3 and 2.4
 * (checked byte for byte against the W3C spec vectors and the credentials
 * signed by Digital Bazaar's libraries). Ed25519 and SHA-256 are libsodium's.
 * The verifier never trusts the document: every member is type-checked and a
 * failure gives a one-line reason, never a crash.
 */
#include "puente/buf.h"
#include "puente/cred.h"
#include "puente/error.h"

#include "cred/cred_internal.h"

#include <jansson.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#define SUITE "eddsa-jcs-2022"

/* ------------------------------------------------------------------ keys */

static int init_sodium(void)
{
	if (sodium_init() < 0)
		return pu_error_set(PU_EINVAL,
				    "libsodium cannot be initialised");
	return 0;
}

int pu_cred_key_from_seed(pu_cred_key *k, const unsigned char seed[32])
{
	if (init_sodium() < 0)
		return PU_EINVAL;
	crypto_sign_seed_keypair(k->pk, k->sk, seed);
	return 0;
}

int pu_cred_key_from_multibase(pu_cred_key *k, const char *mb)
{
	unsigned char seed[32];
	int rc;

	rc = pu_cred_multikey_decode_secret(seed, mb);
	if (rc == 0)
		rc = pu_cred_key_from_seed(k, seed);
	sodium_memzero(seed, sizeof(seed));
	return rc;
}

int pu_cred_key_generate(pu_cred_key *k)
{
	if (init_sodium() < 0)
		return PU_EINVAL;
	crypto_sign_keypair(k->pk, k->sk);
	return 0;
}

void pu_cred_key_wipe(pu_cred_key *k)
{
	if (k != NULL)
		sodium_memzero(k, sizeof(*k));
}

/* ------------------------------------------------------------- hashing */

static int hash_with(unsigned char out[64], const json_t *config,
		     const json_t *unsecured, pu_buf *b)
{
	int rc;

	pu_buf_clear(b);
	rc = pu_cred_jcs(b, config);
	if (rc < 0)
		return rc;
	crypto_hash_sha256(out, (const unsigned char *)b->ptr, b->len);
	pu_buf_clear(b);
	rc = pu_cred_jcs(b, unsecured);
	if (rc < 0)
		return rc;
	crypto_hash_sha256(out + 32, (const unsigned char *)b->ptr, b->len);
	return 0;
}

int pu_cred_proof_hash(unsigned char out[64], const json_t *proof_config,
		       const json_t *unsecured)
{
	pu_buf b = PU_BUF_INIT;
	int rc;

	rc = hash_with(out, proof_config, unsecured, &b);
	pu_buf_free(&b);
	return rc;
}

/* -------------------------------------------------------------- signing */

static int set_str(json_t *o, const char *key, const char *value)
{
	if (json_object_set_new(o, key, json_string(value)) < 0)
		return pu_error_set(PU_EINVAL,
				    "proof: %s is not valid UTF-8 text", key);
	return 0;
}

int pu_cred_sign_json(json_t *doc, const pu_cred_key *key, const char *created,
		      const pu_cred_sign_options *opt)
{
	static const pu_cred_sign_options defaults = PU_CRED_SIGN_INIT;
	unsigned char hash[64], sig[64];
	pu_buf vm = PU_BUF_INIT, pv = PU_BUF_INIT, scratch = PU_BUF_INIT;
	json_t *proof = NULL, *ctx;
	int64_t t;
	int rc;

	if (opt == NULL)
		opt = &defaults;
	if (!json_is_object(doc)) {
		rc = pu_error_set(PU_EINVAL, "credential: not a JSON object");
		goto done;
	}
	if (json_object_get(doc, "proof") != NULL) {
		rc = pu_error_set(PU_EINVAL, "credential: already has a proof");
		goto done;
	}
	rc = pu_cred_time_parse(&t, created);
	if (rc < 0) {
		pu_error_prefix("proof: created: ");
		goto done;
	}
	if (opt->expires != NULL) {
		rc = pu_cred_time_parse(&t, opt->expires);
		if (rc < 0) {
			pu_error_prefix("proof: expires: ");
			goto done;
		}
	}
	rc = init_sodium();
	if (rc == 0)
		rc = pu_cred_didkey_vm(&vm, key->pk);
	if (rc < 0)
		goto done;
	proof = json_object();
	if (proof == NULL) {
		rc = pu_error_set(PU_ENOMEM, "out of memory");
		goto done;
	}
	rc = set_str(proof, "type", "DataIntegrityProof");
	if (rc == 0)
		rc = set_str(proof, "cryptosuite", SUITE);
	if (rc == 0)
		rc = set_str(proof, "created", created);
	if (rc == 0 && opt->expires)
		rc = set_str(proof, "expires", opt->expires);
	if (rc == 0)
		rc = set_str(proof, "verificationMethod", vm.ptr);
	if (rc == 0)
		rc = set_str(proof, "proofPurpose",
			     opt->purpose ? opt->purpose : "assertionMethod");
	if (rc == 0 && opt->domain)
		rc = set_str(proof, "domain", opt->domain);
	if (rc == 0 && opt->challenge)
		rc = set_str(proof, "challenge", opt->challenge);
	if (rc < 0)
		goto done;
	/* The proof carries a copy of the document's @context (the spec's
	 * "strongly advised" step; the vectors and Digital Bazaar do it). */
	ctx = json_object_get(doc, "@context");
	if (ctx != NULL &&
	    json_object_set_new(proof, "@context", json_deep_copy(ctx)) < 0) {
		rc = pu_error_set(PU_ENOMEM, "out of memory");
		goto done;
	}
	rc = hash_with(hash, proof, doc, &scratch);
	if (rc < 0)
		goto done;
	crypto_sign_detached(sig, NULL, hash, sizeof(hash), key->sk);
	rc = pu_cred_multibase_encode(&pv, 'z', sig, sizeof(sig));
	if (rc == 0)
		rc = set_str(proof, "proofValue", pv.ptr);
	if (rc < 0)
		goto done;
	if (json_object_set(doc, "proof", proof) < 0)
		rc = pu_error_set(PU_ENOMEM, "out of memory");
done:
	json_decref(proof);
	pu_buf_free(&vm);
	pu_buf_free(&pv);
	pu_buf_free(&scratch);
	return rc;
}

int pu_cred_sign(char **out, const char *json, size_t len,
		 const pu_cred_key *key, const char *created,
		 const pu_cred_sign_options *opt)
{
	pu_buf b = PU_BUF_INIT;
	json_t *doc = NULL;
	int rc;

	*out = NULL;
	rc = pu_cred_parse(&doc, json, len, 0);
	if (rc < 0)
		goto done;
	rc = pu_cred_sign_json(doc, key, created, opt);
	if (rc < 0)
		goto done;
	rc = pu_cred_jcs(&b, doc);
	if (rc < 0)
		goto done;
	*out = pu_buf_detach(&b);
	if (*out == NULL)
		rc = pu_error_set(PU_ENOMEM, "out of memory");
done:
	json_decref(doc);
	pu_buf_free(&b);
	return rc;
}

/* ---------------------------------------------------------- verifying */

static int jv_equal(const pu_jv *a, const pu_jv *b)
{
	size_t i;

	if (a == NULL || b == NULL || a->type != b->type || a->n != b->n)
		return 0;
	switch (a->type) {
	case PU_JV_NUMBER:
		return a->u.num == b->u.num;
	case PU_JV_STRING:
		return memcmp(a->u.str, b->u.str, a->n) == 0;
	case PU_JV_ARRAY:
		for (i = 0; i < a->n; i++)
			if (!jv_equal(&a->u.items[i], &b->u.items[i]))
				return 0;
		return 1;
	case PU_JV_OBJECT:
		for (i = 0; i < a->n; i++)
			if (strcmp(a->u.members[i].key, b->u.members[i].key) ||
			    !jv_equal(&a->u.members[i].value,
				      &b->u.members[i].value))
				return 0;
		return 1;
	default:
		return 1;
	}
}

/* Element i of a context value (a string counts as an array of one). */
static const pu_jv *ctx_at(const pu_jv *ctx, size_t i)
{
	if (pu_jv_is(ctx, PU_JV_ARRAY))
		return i < ctx->n ? &ctx->u.items[i] : NULL;
	return i == 0 ? ctx : NULL;
}

static size_t ctx_len(const pu_jv *ctx)
{
	if (pu_jv_is(ctx, PU_JV_ARRAY))
		return ctx->n;
	return ctx != NULL ? 1 : 0;
}

/* Checks the members of a proof, CREDENTIALS.md 2.4 step 2. */
static pu_cred_proof_result check_fields(const pu_jv *proof,
					 const pu_cred_proof_options *o,
					 char *reason, size_t rlen)
{
	const char *type, *suite, *vm, *purpose, *pv, *want, *s;
	int64_t t;

	if (!pu_jv_is(proof, PU_JV_OBJECT)) {
		pu_cred_reason(reason, rlen, "proof is not a JSON object");
		return PU_CRED_PROOF_INVALID;
	}
	type = pu_jv_get_str(proof, "type");
	suite = pu_jv_get_str(proof, "cryptosuite");
	if (type == NULL) {
		pu_cred_reason(reason, rlen, "proof has no type");
		return PU_CRED_PROOF_INVALID;
	}
	if (strcmp(type, "DataIntegrityProof") != 0) {
		pu_cred_reason(reason, rlen,
			       "proof type \"%.60s\" is not supported (only "
			       "DataIntegrityProof with " SUITE ")",
			       type);
		return PU_CRED_PROOF_UNSUPPORTED;
	}
	if (suite == NULL) {
		pu_cred_reason(reason, rlen, "proof has no cryptosuite");
		return PU_CRED_PROOF_INVALID;
	}
	if (strcmp(suite, SUITE) != 0) {
		pu_cred_reason(
		    reason, rlen,
		    "cryptosuite \"%.60s\" is not supported (only " SUITE ")",
		    suite);
		return PU_CRED_PROOF_UNSUPPORTED;
	}
	vm = pu_jv_get_str(proof, "verificationMethod");
	purpose = pu_jv_get_str(proof, "proofPurpose");
	pv = pu_jv_get_str(proof, "proofValue");
	if (vm == NULL || purpose == NULL || pv == NULL) {
		pu_cred_reason(reason, rlen,
			       "proof lacks %s (or it is not a string)",
			       vm == NULL	 ? "verificationMethod"
			       : purpose == NULL ? "proofPurpose"
						 : "proofValue");
		return PU_CRED_PROOF_INVALID;
	}
	want = o->purpose ? o->purpose : "assertionMethod";
	if (strcmp(purpose, want) != 0) {
		pu_cred_reason(reason, rlen,
			       "proofPurpose is \"%.60s\", expected \"%s\"",
			       purpose, want);
		return PU_CRED_PROOF_INVALID;
	}
	s = pu_jv_get_str(proof, "domain");
	if (o->domain && (s == NULL || strcmp(s, o->domain) != 0)) {
		pu_cred_reason(reason, rlen, "proof domain does not match");
		return PU_CRED_PROOF_INVALID;
	}
	s = pu_jv_get_str(proof, "challenge");
	if (o->challenge && (s == NULL || strcmp(s, o->challenge) != 0)) {
		pu_cred_reason(reason, rlen, "proof challenge does not match");
		return PU_CRED_PROOF_INVALID;
	}
	s = pu_jv_get_str(proof, "created");
	if (pu_jv_get(proof, "created") != NULL &&
	    (s == NULL || pu_cred_time_parse(&t, s) < 0)) {
		pu_cred_reason(reason, rlen,
			       "proof created is not a valid dateTime");
		return PU_CRED_PROOF_INVALID;
	}
	s = pu_jv_get_str(proof, "expires");
	if (pu_jv_get(proof, "expires") != NULL) {
		if (s == NULL || pu_cred_time_parse(&t, s) < 0) {
			pu_cred_reason(reason, rlen,
				       "proof expires is not a valid dateTime");
			return PU_CRED_PROOF_INVALID;
		}
		if (o->now != 0 && o->now > t) {
			pu_cred_reason(reason, rlen, "proof expired at %s", s);
			return PU_CRED_PROOF_INVALID;
		}
	}
	if (pv[0] != 'z') {
		pu_cred_reason(reason, rlen,
			       "proofValue is not base58btc multibase (must "
			       "start with 'z')");
		return PU_CRED_PROOF_INVALID;
	}
	return PU_CRED_PROOF_VALID;
}

/* Verifies one proof object of doc. */
static pu_cred_proof_result verify_one(const pu_jv *doc, const pu_jv *proof,
				       const pu_cred_proof_options *o,
				       char *reason, size_t rlen,
				       pu_buf *signer)
{
	unsigned char sig[64], pk[32], hash[64];
	pu_buf scratch = PU_BUF_INIT;
	const pu_jv *pctx, *dctx;
	const char *vm, *issuer;
	pu_cred_proof_result res;
	size_t n, i, vmlen;

	res = check_fields(proof, o, reason, rlen);
	if (res != PU_CRED_PROOF_VALID)
		return res;
	res = PU_CRED_PROOF_INVALID;
	vm = pu_jv_get_str(proof, "verificationMethod");
	if (pu_cred_multibase_decode(sig, sizeof(sig), &n,
				     pu_jv_get_str(proof, "proofValue")) < 0) {
		pu_cred_reason(reason, rlen, "proofValue: %s",
			       pu_error_message());
		return PU_CRED_PROOF_INVALID;
	}
	if (n != 64) {
		pu_cred_reason(reason, rlen,
			       "proofValue is %zu bytes, not a 64-byte "
			       "signature",
			       n);
		return PU_CRED_PROOF_INVALID;
	}
	if (pu_cred_didkey_resolve(pk, vm) < 0) {
		pu_cred_reason(reason, rlen,
			       "verification method \"%.80s\" cannot be "
			       "resolved offline: %s",
			       vm, pu_error_message());
		return PU_CRED_PROOF_INVALID;
	}
	vmlen = strcspn(vm, "#");
	issuer = pu_cred_issuer_id(doc);
	if (o->bind_issuer && (issuer == NULL || strlen(issuer) != vmlen ||
			       strncmp(issuer, vm, vmlen) != 0)) {
		pu_cred_reason(reason, rlen,
			       "signed by %.*s, which is not the issuer "
			       "(%.80s)",
			       (int)(vmlen > 80 ? 80 : vmlen), vm,
			       issuer ? issuer : "none");
		return PU_CRED_PROOF_INVALID;
	}
	/* The proof's @context must be a prefix of the document's; the
	 * unsecured document is then hashed with the proof's. */
	pctx = pu_jv_get(proof, "@context");
	if (pctx != NULL) {
		dctx = pu_jv_get(doc, "@context");
		if (ctx_len(pctx) > ctx_len(dctx)) {
			pu_cred_reason(reason, rlen,
				       "proof @context is not a prefix of the "
				       "document's @context");
			return PU_CRED_PROOF_INVALID;
		}
		for (i = 0; i < ctx_len(pctx); i++)
			if (!jv_equal(ctx_at(pctx, i), ctx_at(dctx, i))) {
				pu_cred_reason(reason, rlen,
					       "proof @context is not a prefix "
					       "of the document's @context");
				return PU_CRED_PROOF_INVALID;
			}
	}
	if (pu_cred_reserve(&scratch, 4096) < 0 ||
	    pu_jv_jcs_edit(&scratch, proof, "proofValue", NULL, NULL) < 0)
		goto cannot;
	crypto_hash_sha256(hash, (const unsigned char *)scratch.ptr,
			   scratch.len);
	pu_buf_clear(&scratch);
	if (pu_jv_jcs_edit(&scratch, doc, "proof", "@context", pctx) < 0)
		goto cannot;
	crypto_hash_sha256(hash + 32, (const unsigned char *)scratch.ptr,
			   scratch.len);
	if (crypto_sign_verify_detached(sig, hash, sizeof(hash), pk) != 0) {
		pu_cred_reason(reason, rlen,
			       "the signature does not verify (the document "
			       "or the proof was changed, or the key is "
			       "wrong)");
		goto done;
	}
	if (signer != NULL) {
		pu_buf_clear(signer);
		if (pu_buf_put(signer, vm, vmlen) < 0) {
			pu_cred_reason(reason, rlen, "out of memory");
			goto done;
		}
	}
	pu_cred_reason(reason, rlen, "signed by %.*s (" SUITE ")",
		       (int)(vmlen > 120 ? 120 : vmlen), vm);
	res = PU_CRED_PROOF_VALID;
	goto done;
cannot:
	pu_cred_reason(reason, rlen, "cannot canonicalise: %s",
		       pu_error_message());
done:
	pu_buf_free(&scratch);
	return res;
}

pu_cred_proof_result pu_cred_proof_check(const pu_jv *doc,
					 const pu_cred_proof_options *opt,
					 char *reason, size_t rlen,
					 pu_buf *signer)
{
	static const pu_cred_proof_options defaults = PU_CRED_PROOF_INIT;
	pu_cred_proof_result res = PU_CRED_PROOF_INVALID;
	const pu_jv *proof, *item;
	char one[PU_CRED_REASON];
	size_t i;

	if (opt == NULL)
		opt = &defaults;
	pu_cred_reason(reason, rlen, "no proof");
	if (!pu_jv_is(doc, PU_JV_OBJECT)) {
		pu_cred_reason(reason, rlen, "document is not a JSON object");
		return PU_CRED_PROOF_INVALID;
	}
	if (init_sodium() < 0) {
		pu_cred_reason(reason, rlen, "%s", pu_error_message());
		return PU_CRED_PROOF_INVALID;
	}
	proof = pu_jv_get(doc, "proof");
	if (proof == NULL)
		return PU_CRED_PROOF_MISSING;
	if (proof->type != PU_JV_ARRAY)
		return verify_one(doc, proof, opt, reason, rlen, signer);
	/* A proof set: every proof must verify, over the document without
	 * its proofs. Chains (previousProof) are not supported. */
	if (proof->n == 0 || proof->n > 8) {
		pu_cred_reason(reason, rlen, "proof set of %zu proofs",
			       proof->n);
		return PU_CRED_PROOF_INVALID;
	}
	for (i = 0; i < proof->n; i++) {
		item = &proof->u.items[i];
		if (pu_jv_get(item, "previousProof") != NULL) {
			pu_cred_reason(reason, rlen,
				       "proof chains (previousProof) are not "
				       "supported");
			return PU_CRED_PROOF_UNSUPPORTED;
		}
		res = verify_one(doc, item, opt, one, sizeof(one), signer);
		if (res != PU_CRED_PROOF_VALID) {
			pu_cred_reason(reason, rlen, "proof[%zu]: %s", i, one);
			return res;
		}
	}
	pu_cred_reason(reason, rlen, "all %zu proofs of the set: %s", proof->n,
		       one);
	return res;
}

pu_cred_proof_result pu_cred_proof_verify(const json_t *doc,
					  const pu_cred_proof_options *opt,
					  char *reason, size_t rlen,
					  pu_buf *signer)
{
	pu_cred_proof_result res = PU_CRED_PROOF_INVALID;
	pu_arena *a = NULL;
	const pu_jv *tree;
	char *text;

	text = json_dumps(doc, JSON_COMPACT | JSON_ENCODE_ANY);
	if (text == NULL || pu_arena_new(&a) < 0) {
		pu_cred_reason(reason, rlen, "out of memory");
		goto done;
	}
	if (pu_jv_parse(a, &tree, text, strlen(text), (size_t)-1, 1) < 0) {
		pu_cred_reason(reason, rlen, "%s", pu_error_message());
		goto done;
	}
	res = pu_cred_proof_check(tree, opt, reason, rlen, signer);
done:
	pu_arena_free(a);
	free(text);
	return res;
}
