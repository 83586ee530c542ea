/*
 * eddsa-jcs-2022 byte for byte against outside references
 * (../shared/data/vectors; skipped with 77 when absent): every W3C spec
 * vector (canonical forms, hashes, combined hash, signature, proofValue,
 * signing reproduced from keyPair.json; the spec's proof-set vectors are
 * eddsa-rdfc-2022 only, so sets are tested in test_cred_verify.c), the Open
 * Badges credentials signed
 * by Digital Bazaar's libraries (intermediate values, signing reproduced, and
 * the verifier's verdicts: valid, revoked, tampered, rdfc unsupported), and
 * all 151 Wycheproof Ed25519 cases through the
 * same libsodium call the verifier makes.
 */
#include "helpers.h"

#include "puente/buf.h"
#include "puente/cred.h"

#include <jansson.h>
#include <sodium.h>

#define VEC PU_SHARED_DATA "/vectors"
#define W3C VEC "/vc-di-eddsa/TestVectors"
#define OB3 VEC "/ob3-peer"

/* 2026-01-01T00:00:00Z: inside the OB credentials' validity. */
#define NOW 1767225600

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	long n;

	if (f == NULL) {
		print_error("cannot open %s\n", path);
		fail();
	}
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = malloc((size_t)n + 1);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
	buf[n] = '\0';
	fclose(f);
	if (len)
		*len = (size_t)n;
	return buf;
}

/* A text file's first line, trimmed. */
static char *line_of(const char *path)
{
	char *s = slurp(path, NULL);

	s[strcspn(s, "\r\n")] = '\0';
	return s;
}

static json_t *load(const char *path)
{
	size_t len;
	char *s = slurp(path, &len);
	json_t *v = NULL;

	assert_ok(pu_cred_parse(&v, s, len, PU_CRED_MAX_LIST_DOC));
	free(s);
	return v;
}

static void hex(char *out, const unsigned char *in, size_t n)
{
	sodium_bin2hex(out, n * 2 + 1, in, n);
}

static void unhex(unsigned char *out, size_t cap, size_t *n, const char *in)
{
	assert_int_equal(
	    sodium_hex2bin(out, cap, in, strlen(in), NULL, n, NULL), 0);
}

static char *jcs_of(const json_t *v)
{
	pu_buf b = PU_BUF_INIT;

	assert_ok(pu_cred_jcs(&b, v));
	return pu_buf_detach(&b);
}

static void w3c_jcs_vectors(void **state)
{
	json_t *kp = load(W3C "/keyPair.json");
	json_t *unsigned_doc = load(W3C "/unsigned.json");
	json_t *config = load(W3C "/eddsa-jcs-2022/proofConfigJCS.json");
	json_t *signed_doc = load(W3C "/eddsa-jcs-2022/signedJCS.json");
	json_t *doc;
	unsigned char seed[32], hash[64], sig[64], pk[32];
	char hx[129], *s, *want;
	pu_buf b = PU_BUF_INIT;
	pu_cred_key key;
	pu_cred_proof_options po = PU_CRED_PROOF_INIT;
	char reason[PU_CRED_REASON];

	(void)state;
	/* Keys: the secret Multikey holds the seed of the public one. */
	assert_ok(pu_cred_multikey_decode_secret(
	    seed,
	    json_string_value(json_object_get(kp, "privateKeyMultibase"))));
	assert_ok(pu_cred_key_from_seed(&key, seed));
	assert_ok(pu_cred_multikey_encode_public(&b, key.pk));
	assert_string_equal(b.ptr, json_string_value(json_object_get(
				       kp, "publicKeyMultibase")));
	assert_ok(pu_cred_multikey_decode_public(pk, b.ptr));
	assert_memory_equal(pk, key.pk, 32);
	pu_buf_clear(&b);
	assert_ok(pu_cred_multikey_encode_secret(&b, seed));
	assert_string_equal(b.ptr, json_string_value(json_object_get(
				       kp, "privateKeyMultibase")));

	/* Canonical forms. */
	s = jcs_of(unsigned_doc);
	want = line_of(W3C "/eddsa-jcs-2022/canonDocJCS.txt");
	assert_string_equal(s, want);
	free(s);
	free(want);
	s = jcs_of(config);
	want = line_of(W3C "/eddsa-jcs-2022/proofCanonJCS.txt");
	assert_string_equal(s, want);
	free(s);
	free(want);

	/* Hashes: proof config first. */
	assert_ok(pu_cred_proof_hash(hash, config, unsigned_doc));
	hex(hx, hash, 32);
	want = line_of(W3C "/eddsa-jcs-2022/proofHashJCS.txt");
	assert_string_equal(hx, want);
	free(want);
	hex(hx, hash + 32, 32);
	want = line_of(W3C "/eddsa-jcs-2022/docHashJCS.txt");
	assert_string_equal(hx, want);
	free(want);
	hex(hx, hash, 64);
	want = line_of(W3C "/eddsa-jcs-2022/combinedHashJCS.txt");
	assert_string_equal(hx, want);
	free(want);

	/* Signature and proofValue. */
	crypto_sign_detached(sig, NULL, hash, 64, key.sk);
	hex(hx, sig, 64);
	want = line_of(W3C "/eddsa-jcs-2022/sigHexJCS.txt");
	assert_string_equal(hx, want);
	free(want);
	pu_buf_clear(&b);
	assert_ok(pu_cred_multibase_encode(&b, 'z', sig, 64));
	want = line_of(W3C "/eddsa-jcs-2022/sigBTC58JCS.txt");
	assert_string_equal(b.ptr, want);
	free(want);

	/* The whole signing from the unsigned document. */
	doc = json_deep_copy(unsigned_doc);
	assert_ok(pu_cred_sign_json(doc, &key, "2023-02-24T23:36:38Z", NULL));
	assert_true(json_equal(json_object_get(doc, "proof"),
			       json_object_get(signed_doc, "proof")));
	assert_true(json_equal(doc, signed_doc));
	json_decref(doc);

	/* Verification of the spec's signed document. Its issuer is an
	 * https URL, not the did:key, so without issuer binding. */
	po.bind_issuer = false;
	assert_int_equal(
	    pu_cred_proof_verify(signed_doc, &po, reason, sizeof(reason), NULL),
	    PU_CRED_PROOF_VALID);
	po.bind_issuer = true;
	assert_int_equal(
	    pu_cred_proof_verify(signed_doc, &po, reason, sizeof(reason), NULL),
	    PU_CRED_PROOF_INVALID);
	assert_non_null(strstr(reason, "not the issuer"));

	pu_cred_key_wipe(&key);
	pu_buf_free(&b);
	json_decref(kp);
	json_decref(unsigned_doc);
	json_decref(config);
	json_decref(signed_doc);
}

static void ob3_intermediate_and_signing(void **state)
{
	json_t *inter = load(OB3 "/ob3-eddsa-jcs-2022-intermediate.json");
	json_t *keys = load(OB3 "/keys.json");
	json_t *unsigned_doc = load(OB3 "/unsigned-ob3-eddsa-jcs-2022.json");
	json_t *valid = load(OB3 "/ob3-eddsa-jcs-2022-valid.json");
	json_t *issuer = json_object_get(keys, "issuer"), *doc, *config;
	unsigned char seed[32], hash[64];
	char hx[129], *s;
	size_t n;
	pu_cred_key key, key2;

	(void)state;
	unhex(seed, sizeof(seed), &n,
	      json_string_value(json_object_get(issuer, "seedHex")));
	assert_int_equal(n, 32);
	assert_ok(pu_cred_key_from_seed(&key, seed));
	/* Digital Bazaar's 64-byte secret Multikey gives the same key. */
	assert_ok(pu_cred_key_from_multibase(
	    &key2,
	    json_string_value(json_object_get(
		json_object_get(issuer, "multikey"), "secretKeyMultibase"))));
	assert_memory_equal(key.sk, key2.sk, 64);

	s = jcs_of(unsigned_doc);
	assert_string_equal(
	    s, json_string_value(json_object_get(inter, "canonicalDocument")));
	free(s);
	config = json_deep_copy(json_object_get(valid, "proof"));
	json_object_del(config, "proofValue");
	s = jcs_of(config);
	assert_string_equal(s, json_string_value(json_object_get(
				   inter, "canonicalProofConfig")));
	free(s);
	assert_ok(pu_cred_proof_hash(hash, config, unsigned_doc));
	hex(hx, hash, 64);
	assert_string_equal(
	    hx, json_string_value(json_object_get(inter, "hashDataHex")));

	doc = json_deep_copy(unsigned_doc);
	assert_ok(pu_cred_sign_json(doc, &key, "2025-06-01T10:00:00Z", NULL));
	assert_string_equal(
	    json_string_value(
		json_object_get(json_object_get(doc, "proof"), "proofValue")),
	    json_string_value(json_object_get(inter, "proofValue")));
	assert_true(json_equal(doc, valid));

	pu_cred_key_wipe(&key);
	pu_cred_key_wipe(&key2);
	json_decref(doc);
	json_decref(config);
	json_decref(inter);
	json_decref(keys);
	json_decref(unsigned_doc);
	json_decref(valid);
}

static pu_cred_report *verify_file(const char *path,
				   const pu_cred_status_cache *cache)
{
	pu_cred_verify_options o = PU_CRED_VERIFY_INIT;
	pu_cred_report *r = NULL;
	size_t len;
	char *s = slurp(path, &len);

	o.now = NOW;
	o.status = cache;
	o.require_trust = false;
	assert_ok(pu_cred_verify(&r, s, len, &o));
	free(s);
	return r;
}

static void ob3_verdicts(void **state)
{
	pu_cred_status_cache *cache = NULL;
	pu_cred_report *r;
	size_t len;
	char *list = slurp(OB3 "/status-list-eddsa-jcs-2022.json", &len);

	(void)state;
	assert_ok(pu_cred_status_cache_new(&cache));
	assert_ok(pu_cred_status_cache_add(cache, list, len, NOW));
	free(list);

	r = verify_file(OB3 "/ob3-eddsa-jcs-2022-valid.json", cache);
	assert_int_equal(r->doc, PU_CRED_DOC_OK);
	assert_int_equal(r->sig, PU_CRED_SIG_VALID);
	assert_int_equal(r->status, PU_CRED_STATUS_ACTIVE);
	assert_int_equal(r->dates, PU_CRED_DATES_VALID);
	assert_true(r->ok);
	assert_string_equal(
	    r->signer,
	    "did:key:z6MkizpU69XC2By2Q7Eb6MvX5L8cQfzhyYU9YjAPctQKzhhp");
	pu_cred_report_free(r);

	r = verify_file(OB3 "/ob3-eddsa-jcs-2022-revoked.json", cache);
	assert_int_equal(r->sig, PU_CRED_SIG_VALID);
	assert_int_equal(r->status, PU_CRED_STATUS_REVOKED);
	assert_non_null(strstr(r->status_reason, "index 7"));
	assert_false(r->ok);
	pu_cred_report_free(r);

	r = verify_file(OB3 "/ob3-eddsa-jcs-2022-tampered.json", cache);
	assert_int_equal(r->sig, PU_CRED_SIG_INVALID);
	assert_non_null(strstr(r->sig_reason, "does not verify"));
	assert_false(r->ok);
	pu_cred_report_free(r);

	for (int i = 0; i < 3; i++) {
		static const char *const rdfc[] = {
		    OB3 "/ob3-eddsa-rdfc-2022-valid.json",
		    OB3 "/ob3-eddsa-rdfc-2022-revoked.json",
		    OB3 "/ob3-eddsa-rdfc-2022-tampered.json"};

		r = verify_file(rdfc[i], cache);
		assert_int_equal(r->sig, PU_CRED_SIG_UNSUPPORTED);
		assert_non_null(strstr(r->sig_reason, "eddsa-rdfc-2022"));
		assert_false(r->ok);
		pu_cred_report_free(r);
	}
	pu_cred_status_cache_free(cache);
}

static void wycheproof(void **state)
{
	json_t *doc = load(VEC "/wycheproof/ed25519_test.json"), *g, *t;
	size_t gi, ti, total = 0, valid = 0, invalid = 0, wrong = 0;
	unsigned char pk[32], sig[128], *msg;
	size_t n, siglen, msglen;

	(void)state;
	json_array_foreach(json_object_get(doc, "testGroups"), gi, g)
	{
		unhex(pk, sizeof(pk), &n,
		      json_string_value(json_object_get(
			  json_object_get(g, "publicKey"), "pk")));
		assert_int_equal(n, 32);
		json_array_foreach(json_object_get(g, "tests"), ti, t)
		{
			const char *m =
			    json_string_value(json_object_get(t, "msg"));
			const char *res =
			    json_string_value(json_object_get(t, "result"));
			int ok;

			msg = malloc(strlen(m) / 2 + 1);
			assert_non_null(msg);
			unhex(msg, strlen(m) / 2 + 1, &msglen, m);
			unhex(sig, sizeof(sig), &siglen,
			      json_string_value(json_object_get(t, "sig")));
			ok = siglen == 64 && crypto_sign_verify_detached(
						 sig, msg, msglen, pk) == 0;
			free(msg);
			total++;
			if (strcmp(res, "valid") == 0)
				valid++;
			else
				invalid++;
			if (ok != (strcmp(res, "valid") == 0)) {
				wrong++;
				print_error("tcId %lld: expected %s\n",
					    (long long)json_number_value(
						json_object_get(t, "tcId")),
					    res);
			}
		}
	}
	print_message("wycheproof ed25519: %zu cases, %zu valid, %zu invalid, "
		      "%zu wrong\n",
		      total, valid, invalid, wrong);
	assert_int_equal(total, 151);
	assert_int_equal(total, (size_t)json_number_value(
				    json_object_get(doc, "numberOfTests")));
	assert_int_equal(wrong, 0);
	json_decref(doc);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(w3c_jcs_vectors),
	    cmocka_unit_test(ob3_intermediate_and_signing),
	    cmocka_unit_test(ob3_verdicts),
	    cmocka_unit_test(wycheproof),
	};

	if (access(W3C "/keyPair.json", R_OK) != 0 ||
	    access(OB3 "/keys.json", R_OK) != 0 ||
	    access(VEC "/wycheproof/ed25519_test.json", R_OK) != 0) {
		fprintf(stderr, "test_cred_vectors: %s absent: skipped\n", VEC);
		return 77;
	}
	if (sodium_init() < 0)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
