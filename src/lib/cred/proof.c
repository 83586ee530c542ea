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

#include <sodium.h>
#include <string.h>

#define SUITE "eddsa-jcs-2022"

/* ------------------------------------------------------------------ keys */

static int init_sodium(void)
{
	if (sodium_init() < 0)
		return pu_error_set(PU_EINVAL, "libsodium cannot be initialised");
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

static const char *str_member(const json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);

	return json_is_string(v) ? json_string_value(v) : NULL;
}

/* Element i of a context value (a string counts as an array of one). */
static json_t *ctx_at(json_t *ctx, size_t i)
{
	if (json_is_array(ctx))
		return json_array_get(ctx, i);
	return i == 0 ? ctx : NULL;
}

static size_t ctx_len(const json_t *ctx)
{
	if (json_is_array(ctx))
		return json_array_size(ctx);
	return ctx != NULL ? 1 : 0;
}

/* Verifies one proof object over unsecured (the document without "proof",
 * or with the previous proofs of a chain). */
static pu_cred_proof_result verify_one(const json_t *doc, json_t *unsecured,
				       const json_t *proof,
				       const pu_cred_proof_options *o,
				       char *reason, size_t rlen,
				       pu_buf *signer)
{
	const char *type, *suite, *vm, *purpose, *pv, *want, *issuer;
	unsigned char sig[64], pk[32], hash[64];
	pu_buf scratch = PU_BUF_INIT;
	json_t *options = NULL, *pctx, *dctx;
	pu_cred_proof_result res = PU_CRED_PROOF_INVALID;
	size_t n, i, vmlen;
	int64_t t;

	if (!json_is_object(proof)) {
		pu_cred_reason(reason, rlen, "proof is not a JSON object");
		return PU_CRED_PROOF_INVALID;
	}
	type = str_member(proof, "type");
	suite = str_member(proof, "cryptosuite");
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
		pu_cred_reason(reason, rlen,
			       "cryptosuite \"%.60s\" is not supported (only "
			       SUITE ")",
			       suite);
		return PU_CRED_PROOF_UNSUPPORTED;
	}
	vm = str_member(proof, "verificationMethod");
	purpose = str_member(proof, "proofPurpose");
	pv = str_member(proof, "proofValue");
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
	if (o->domain && (str_member(proof, "domain") == NULL ||
			  strcmp(str_member(proof, "domain"), o->domain))) {
		pu_cred_reason(reason, rlen, "proof domain does not match");
		return PU_CRED_PROOF_INVALID;
	}
	if (o->challenge &&
	    (str_member(proof, "challenge") == NULL ||
	     strcmp(str_member(proof, "challenge"), o->challenge))) {
		pu_cred_reason(reason, rlen, "proof challenge does not match");
		return PU_CRED_PROOF_INVALID;
	}
	if (json_object_get(proof, "created") != NULL &&
	    (str_member(proof, "created") == NULL ||
	     pu_cred_time_parse(&t, str_member(proof, "created")) < 0)) {
		pu_cred_reason(reason, rlen,
			       "proof created is not a valid dateTime");
		return PU_CRED_PROOF_INVALID;
	}
	if (json_object_get(proof, "expires") != NULL) {
		if (str_member(proof, "expires") == NULL ||
		    pu_cred_time_parse(&t, str_member(proof, "expires")) < 0) {
			pu_cred_reason(reason, rlen,
				       "proof expires is not a valid dateTime");
			return PU_CRED_PROOF_INVALID;
		}
		if (o->now != 0 && o->now > t) {
			pu_cred_reason(reason, rlen, "proof expired at %s",
				       str_member(proof, "expires"));
			return PU_CRED_PROOF_INVALID;
		}
	}
	if (pv[0] != 'z') {
		pu_cred_reason(reason, rlen,
			       "proofValue is not base58btc multibase (must "
			       "start with 'z')");
		return PU_CRED_PROOF_INVALID;
	}
	if (pu_cred_multibase_decode(sig, sizeof(sig), &n, pv) < 0) {
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
	if (o->bind_issuer &&
	    (issuer == NULL || strlen(issuer) != vmlen ||
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
	pctx = json_object_get(proof, "@context");
	if (pctx != NULL) {
		dctx = json_object_get(doc, "@context");
		if (ctx_len(pctx) > ctx_len(dctx)) {
			pu_cred_reason(reason, rlen,
				       "proof @context is not a prefix of the "
				       "document's @context");
			return PU_CRED_PROOF_INVALID;
		}
		for (i = 0; i < ctx_len(pctx); i++)
			if (!json_equal(ctx_at(pctx, i), ctx_at(dctx, i))) {
				pu_cred_reason(reason, rlen,
					       "proof @context is not a prefix "
					       "of the document's @context");
				return PU_CRED_PROOF_INVALID;
			}
		if (json_object_set(unsecured, "@context", pctx) < 0)
			goto oom;
	}
	options = json_copy((json_t *)proof);
	if (options == NULL || json_object_del(options, "proofValue") < 0)
		goto oom;
	if (hash_with(hash, options, unsecured, &scratch) < 0) {
		pu_cred_reason(reason, rlen, "cannot canonicalise: %s",
			       pu_error_message());
		goto done;
	}
	if (crypto_sign_verify_detached(sig, hash, sizeof(hash), pk) != 0) {
		pu_cred_reason(reason, rlen,
			       "the signature does not verify (the document "
			       "or the proof was changed, or the key is "
			       "wrong)");
		goto done;
	}
	if (signer != NULL) {
		pu_buf_clear(signer);
		if (pu_buf_put(signer, vm, vmlen) < 0)
			goto oom;
	}
	pu_cred_reason(reason, rlen, "signed by %.*s (" SUITE ")",
		       (int)(vmlen > 120 ? 120 : vmlen), vm);
	res = PU_CRED_PROOF_VALID;
	goto done;
oom:
	pu_cred_reason(reason, rlen, "out of memory");
done:
	json_decref(options);
	pu_buf_free(&scratch);
	return res;
}

pu_cred_proof_result pu_cred_proof_verify(const json_t *doc,
					  const pu_cred_proof_options *opt,
					  char *reason, size_t rlen,
					  pu_buf *signer)
{
	static const pu_cred_proof_options defaults = PU_CRED_PROOF_INIT;
	pu_cred_proof_result res = PU_CRED_PROOF_INVALID;
	json_t *proof, *unsecured = NULL, *item;
	char one[PU_CRED_REASON];
	size_t i, n;

	if (opt == NULL)
		opt = &defaults;
	pu_cred_reason(reason, rlen, "no proof");
	if (!json_is_object(doc)) {
		pu_cred_reason(reason, rlen, "document is not a JSON object");
		return PU_CRED_PROOF_INVALID;
	}
	if (init_sodium() < 0) {
		pu_cred_reason(reason, rlen, "%s", pu_error_message());
		return PU_CRED_PROOF_INVALID;
	}
	proof = json_object_get(doc, "proof");
	if (proof == NULL)
		return PU_CRED_PROOF_MISSING;
	unsecured = json_copy((json_t *)doc);
	if (unsecured == NULL || json_object_del(unsecured, "proof") < 0) {
		pu_cred_reason(reason, rlen, "out of memory");
		goto done;
	}
	if (!json_is_array(proof)) {
		res = verify_one(doc, unsecured, proof, opt, reason, rlen,
				 signer);
		goto done;
	}
	/* A proof set: every proof must verify, over the document without
	 * its proofs (a proof with previousProof, a chain, is not
	 * supported). */
	n = json_array_size(proof);
	if (n == 0 || n > 8) {
		pu_cred_reason(reason, rlen, "proof set of %zu proofs", n);
		goto done;
	}
	json_array_foreach(proof, i, item)
	{
		if (json_is_object(item) &&
		    json_object_get(item, "previousProof") != NULL) {
			pu_cred_reason(reason, rlen,
				       "proof chains (previousProof) are not "
				       "supported");
			res = PU_CRED_PROOF_UNSUPPORTED;
			goto done;
		}
		json_object_del(unsecured, "@context");
		if (json_object_get(doc, "@context") != NULL &&
		    json_object_set(unsecured, "@context",
				    json_object_get(doc, "@context")) < 0) {
			pu_cred_reason(reason, rlen, "out of memory");
			res = PU_CRED_PROOF_INVALID;
			goto done;
		}
		res = verify_one(doc, unsecured, item, opt, one, sizeof(one),
				 signer);
		if (res != PU_CRED_PROOF_VALID) {
			pu_cred_reason(reason, rlen, "proof[%zu]: %s", i, one);
			goto done;
		}
	}
	pu_cred_reason(reason, rlen, "all %zu proofs of the set: %s", n, one);
done:
	json_decref(unsecured);
	return res;
}
