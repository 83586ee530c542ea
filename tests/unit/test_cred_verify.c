/*
 * The verifier against hostile and unlucky credentials, one clear result
 * each: changed field, changed proof, wrong key, untrusted or out-of-scope
 * issuer, unknown or embedded context, wrong cryptosuite, expired, not yet
 * valid, revoked, suspended, status unknown, malformed base58 / multibase /
 * did:key, duplicate keys, numbers out of range, oversized and deep
 * documents. Also the encodings, the status list bitstring and the trust
 * lists on their own. Everything is made here from fixed seeds, so it needs
 * no outside data.
 */
#include "helpers.h"

#include "puente/buf.h"
#include "puente/cred.h"

#include <jansson.h>
#include <sodium.h>
#include <zlib.h>

/* 2026-01-01T00:00:00Z */
#define NOW 1767225600
#define LIST_R "https://puente.example/status/1"
#define LIST_S "https://puente.example/status/2"
#define TRUST_ID "https://trust.example/sica/2026"

static const char credential_template[] =
    "{\"@context\":[\"https://www.w3.org/ns/credentials/v2\","
    "\"https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json\"],"
    "\"id\":\"urn:uuid:6a1c0b4e-0000-4000-8000-000000000001\","
    "\"type\":[\"VerifiableCredential\",\"OpenBadgeCredential\"],"
    "\"name\":\"Cocinero\",\"issuer\":{\"id\":\"ISSUER\","
    "\"type\":[\"Profile\"],\"name\":\"INA\"},"
    "\"validFrom\":\"2025-06-01T00:00:00Z\","
    "\"validUntil\":\"2030-06-01T00:00:00Z\","
    "\"credentialSubject\":{\"type\":[\"AchievementSubject\"],"
    "\"achievement\":{\"id\":\"https://puente.example/standards/CR/"
    "INA-COC-01\",\"type\":[\"Achievement\"],\"humanCode\":"
    "\"CR/INA-COC-01\",\"name\":\"Cocina\",\"criteria\":{\"narrative\":"
    "\"x\"}}}}";

struct fixture {
	pu_cred_key issuer, authority, other;
	char *issuer_did, *authority_did, *other_did;
	pu_cred_trust *trust;
	pu_cred_status_cache *status;
};

static struct fixture F;

static void key_of(pu_cred_key *k, char **did, unsigned char fill)
{
	unsigned char seed[32];
	pu_buf b = PU_BUF_INIT;

	memset(seed, fill, sizeof(seed));
	assert_ok(pu_cred_key_from_seed(k, seed));
	assert_ok(pu_cred_didkey_from_public(&b, k->pk));
	*did = pu_buf_detach(&b);
}

/* A new unsigned credential of issuer did. */
static json_t *credential(const char *did)
{
	json_t *doc = NULL;

	assert_ok(pu_cred_parse(&doc, credential_template,
				strlen(credential_template), 0));
	json_object_set_new(json_object_get(doc, "issuer"), "id",
			    json_string(did));
	return doc;
}

static char *dump(const json_t *doc)
{
	pu_buf b = PU_BUF_INIT;

	assert_ok(pu_cred_jcs(&b, doc));
	return pu_buf_detach(&b);
}

static char *signed_list(const pu_cred_key *k, const char *did, const char *url,
			 const char *purpose, size_t set,
			 const char *valid_until)
{
	pu_cred_bits *bits = NULL;
	json_t *doc = NULL;
	char *s;

	assert_ok(pu_cred_bits_new(&bits, PU_CRED_MIN_BITS));
	assert_ok(pu_cred_bits_set(bits, set, true));
	assert_ok(pu_cred_statuslist_credential(&doc, bits, url, did, purpose,
						"2025-01-01T00:00:00Z",
						valid_until, 0));
	assert_ok(pu_cred_sign_json(doc, k, "2025-06-01T10:00:00Z", NULL));
	s = dump(doc);
	json_decref(doc);
	pu_cred_bits_free(bits);
	return s;
}

static char *trust_list(const pu_cred_key *signer, const char *signer_did,
			const char *scope, const char *valid_until)
{
	json_t *doc = json_pack(
	    "{s:[s], s:s, s:[s,s], s:s, s:s, s:s, s:s,"
	    " s:{s:s, s:[{s:s, s:s, s:s, s:s, s:[s]}]}}",
	    "@context", PU_CRED_CONTEXT_V2, "id", TRUST_ID, "type",
	    "VerifiableCredential", "PuenteTrustList", "issuer", signer_did,
	    "name", "SICA accredited issuers", "validFrom",
	    "2025-01-01T00:00:00Z", "validUntil", valid_until,
	    "credentialSubject", "id", TRUST_ID "#issuers", "issuers", "id",
	    F.issuer_did, "name", "INA", "country", "CR", "role", "authority",
	    "scope", scope);
	char *s;

	assert_non_null(doc);
	assert_ok(pu_cred_sign_json(doc, signer, "2025-06-01T10:00:00Z", NULL));
	s = dump(doc);
	json_decref(doc);
	return s;
}

static int setup(void **state)
{
	char *s;

	(void)state;
	key_of(&F.issuer, &F.issuer_did, 1);
	key_of(&F.authority, &F.authority_did, 2);
	key_of(&F.other, &F.other_did, 3);
	assert_ok(pu_cred_trust_new(&F.trust));
	assert_ok(pu_cred_trust_add_anchor(F.trust, F.authority_did));
	s = trust_list(&F.authority, F.authority_did, "CR/*",
		       "2027-01-01T00:00:00Z");
	assert_ok(pu_cred_trust_add_list(F.trust, s, strlen(s), NOW));
	free(s);
	assert_ok(pu_cred_status_cache_new(&F.status));
	s = signed_list(&F.issuer, F.issuer_did, LIST_R, "revocation", 5, NULL);
	assert_ok(pu_cred_status_cache_add(F.status, s, strlen(s), NOW));
	free(s);
	s = signed_list(&F.issuer, F.issuer_did, LIST_S, "suspension", 9, NULL);
	assert_ok(pu_cred_status_cache_add(F.status, s, strlen(s), NOW));
	free(s);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	pu_cred_trust_free(F.trust);
	pu_cred_status_cache_free(F.status);
	free(F.issuer_did);
	free(F.authority_did);
	free(F.other_did);
	pu_cred_key_wipe(&F.issuer);
	pu_cred_key_wipe(&F.authority);
	pu_cred_key_wipe(&F.other);
	return 0;
}

static pu_cred_report *verify_text(const char *s, size_t len, int64_t now)
{
	pu_cred_verify_options o = PU_CRED_VERIFY_INIT;
	pu_cred_report *r = NULL;

	o.now = now;
	o.trust = F.trust;
	o.status = F.status;
	assert_ok(pu_cred_verify(&r, s, len, &o));
	assert_non_null(r);
	/* Every report serialises, whatever the input. */
	{
		json_t *j = pu_cred_report_to_json(r);

		assert_non_null(j);
		json_decref(j);
	}
	return r;
}

static pu_cred_report *verify_doc(const json_t *doc, int64_t now)
{
	char *s = dump(doc);
	pu_cred_report *r = verify_text(s, strlen(s), now);

	free(s);
	return r;
}

/* A signed credential of the issuer with a revocation entry at index ri. */
static json_t *good(size_t ri)
{
	json_t *doc = credential(F.issuer_did);

	json_object_set_new(doc, "credentialStatus",
			    pu_cred_status_entry(LIST_R, "revocation", ri));
	assert_ok(
	    pu_cred_sign_json(doc, &F.issuer, "2025-06-01T10:00:00Z", NULL));
	return doc;
}

static void valid_credential(void **state)
{
	json_t *doc = good(42), *j;
	pu_cred_report *r = verify_doc(doc, NOW);
	char *s;

	(void)state;
	assert_int_equal(r->doc, PU_CRED_DOC_OK);
	assert_int_equal(r->sig, PU_CRED_SIG_VALID);
	assert_int_equal(r->trust, PU_CRED_TRUST_TRUSTED);
	assert_int_equal(r->status, PU_CRED_STATUS_ACTIVE);
	assert_int_equal(r->dates, PU_CRED_DATES_VALID);
	assert_true(r->ok);
	assert_string_equal(r->trust_list, TRUST_ID);
	assert_string_equal(r->trust_country, "CR");
	assert_string_equal(r->trust_authority, F.authority_did);
	assert_string_equal(r->status_list, LIST_R);
	j = pu_cred_report_to_json(r);
	s = json_dumps(j, JSON_COMPACT);
	assert_non_null(strstr(s, "\"ok\":true"));
	assert_non_null(strstr(s, "\"result\":\"trusted\""));
	assert_non_null(strstr(s, "\"result\":\"active\""));
	free(s);
	json_decref(j);
	pu_cred_report_free(r);
	json_decref(doc);
}

static void changed_field(void **state)
{
	json_t *doc = good(42);
	pu_cred_report *r;

	(void)state;
	json_object_set_new(doc, "name", json_string("Chef ejecutivo"));
	r = verify_doc(doc, NOW);
	assert_int_equal(r->sig, PU_CRED_SIG_INVALID);
	assert_non_null(strstr(r->sig_reason, "does not verify"));
	/* The issuer is accredited, but an unproven claim is not trusted. */
	assert_int_equal(r->trust, PU_CRED_TRUST_NOT_CHECKED);
	assert_non_null(strstr(r->trust_reason, "only a claim"));
	assert_false(r->ok);
	pu_cred_report_free(r);
	json_decref(doc);
}

static void changed_proof(void **state)
{
	json_t *doc = good(42);
	pu_cred_report *r;

	(void)state;
	json_object_set_new(json_object_get(doc, "proof"), "created",
			    json_string("2025-06-02T10:00:00Z"));
	r = verify_doc(doc, NOW);
	assert_int_equal(r->sig, PU_CRED_SIG_INVALID);
	assert_non_null(strstr(r->sig_reason, "does not verify"));
	pu_cred_report_free(r);
	json_decref(doc);
}

static void wrong_key(void **state)
{
	json_t *doc = credential(F.issuer_did);
	pu_cred_report *r;
	pu_buf vm = PU_BUF_INIT;

	(void)state;
	/* Signed by another key in the issuer's name. */
	assert_ok(
	    pu_cred_sign_json(doc, &F.other, "2025-06-01T10:00:00Z", NULL));
	r = verify_doc(doc, NOW);
	assert_int_equal(r->sig, PU_CRED_SIG_INVALID);
	assert_non_null(strstr(r->sig_reason, "not the issuer"));
	pu_cred_report_free(r);
	/* The issuer's key named, another key's signature. */
	assert_ok(pu_cred_didkey_vm(&vm, F.issuer.pk));
	json_object_set_new(json_object_get(doc, "proof"), "verificationMethod",
			    json_string(vm.ptr));
	r = verify_doc(doc, NOW);
	assert_int_equal(r->sig, PU_CRED_SIG_INVALID);
	assert_non_null(strstr(r->sig_reason, "does not verify"));
	pu_cred_report_free(r);
	pu_buf_free(&vm);
	json_decref(doc);
}

static void untrusted_issuer(void **state)
{
	json_t *doc = credential(F.other_did);
	pu_cred_report *r;

	(void)state;
	assert_ok(
	    pu_cred_sign_json(doc, &F.other, "2025-06-01T10:00:00Z", NULL));
	r = verify_doc(doc, NOW);
	assert_int_equal(r->sig, PU_CRED_SIG_VALID);
	assert_int_equal(r->trust, PU_CRED_TRUST_UNTRUSTED);
	assert_non_null(strstr(r->trust_reason, "none of the 1 trust lists"));
	assert_int_equal(r->status, PU_CRED_STATUS_NONE);
	assert_false(r->ok);
	pu_cred_report_free(r);
	json_decref(doc);
}

static void out_of_scope_and_stale_trust(void **state)
{
	pu_cred_verify_options o = PU_CRED_VERIFY_INIT;
	pu_cred_trust *t = NULL;
	pu_cred_report *r = NULL;
	json_t *doc = good(42);
	char *s = trust_list(&F.authority, F.authority_did, "MX/*",
			     "2027-01-01T00:00:00Z");
	char *cred = dump(doc);

	(void)state;
	assert_ok(pu_cred_trust_new(&t));
	assert_ok(pu_cred_trust_add_anchor(t, F.authority_did));
	assert_ok(pu_cred_trust_add_list(t, s, strlen(s), NOW));
	free(s);
	o.now = NOW;
	o.trust = t;
	o.status = F.status;
	assert_ok(pu_cred_verify(&r, cred, strlen(cred), &o));
	assert_int_equal(r->trust, PU_CRED_TRUST_UNTRUSTED);
	assert_non_null(strstr(r->trust_reason, "not for CR/INA-COC-01"));
	pu_cred_report_free(r);
	pu_cred_trust_free(t);

	/* A list past its validUntil does not accredit anyone. */
	assert_ok(pu_cred_trust_new(&t));
	assert_ok(pu_cred_trust_add_anchor(t, F.authority_did));
	s = trust_list(&F.authority, F.authority_did, "*",
		       "2025-12-01T00:00:00Z");
	assert_ok(pu_cred_trust_add_list(t, s, strlen(s), NOW));
	free(s);
	o.trust = t;
	assert_ok(pu_cred_verify(&r, cred, strlen(cred), &o));
	assert_int_equal(r->trust, PU_CRED_TRUST_UNTRUSTED);
	assert_non_null(strstr(r->trust_reason, "not in force"));
	pu_cred_report_free(r);
	pu_cred_trust_free(t);
	free(cred);
	json_decref(doc);
}

static void trust_list_checks(void **state)
{
	pu_cred_trust *t = NULL;
	char *s;

	(void)state;
	assert_ok(pu_cred_trust_new(&t));
	assert_ok(pu_cred_trust_add_anchor(t, F.authority_did));
	/* Signed by someone who is not an anchor. */
	s = trust_list(&F.other, F.other_did, "*", "2027-01-01T00:00:00Z");
	assert_error(pu_cred_trust_add_list(t, s, strlen(s), NOW), PU_EDENIED,
		     "not a trust anchor");
	free(s);
	/* Changed after signing: an issuer's scope widened. */
	s = trust_list(&F.authority, F.authority_did, "CR/*",
		       "2027-01-01T00:00:00Z");
	{
		char *p = strstr(s, "\"CR/*\"");

		assert_non_null(p);
		p[1] = '*';
		p[2] = '"';
		p[3] = ' ';
		p[4] = ' ';
		p[5] = ' ';
	}
	assert_error(pu_cred_trust_add_list(t, s, strlen(s), NOW), PU_EINVAL,
		     "proof not valid");
	free(s);
	assert_error(pu_cred_trust_add_anchor(t, "did:web:example.org"),
		     PU_EINVAL, "did:key");
	assert_int_equal(pu_cred_trust_count(t), 0);
	pu_cred_trust_free(t);
}

static void unknown_context(void **state)
{
	json_t *doc = credential(F.issuer_did);
	pu_cred_report *r;

	(void)state;
	json_array_append_new(json_object_get(doc, "@context"),
			      json_string("https://evil.example/ctx.json"));
	assert_ok(
	    pu_cred_sign_json(doc, &F.issuer, "2025-06-01T10:00:00Z", NULL));
	r = verify_doc(doc, NOW);
	assert_int_equal(r->doc, PU_CRED_DOC_CONTEXT);
	assert_non_null(strstr(r->doc_reason, "not on the allow-list"));
	assert_int_equal(r->sig, PU_CRED_SIG_VALID);
	assert_false(r->ok);
	pu_cred_report_free(r);
	json_decref(doc);

	/* An embedded context object, at the root or deeper. */
	doc = credential(F.issuer_did);
	json_array_set_new(
	    json_object_get(doc, "@context"), 1,
	    json_pack("{s:s}", "name", "https://schema.org/name"));
	r = verify_doc(doc, NOW);
	assert_int_equal(r->doc, PU_CRED_DOC_CONTEXT);
	assert_non_null(strstr(r->doc_reason, "embedded"));
	pu_cred_report_free(r);
	json_decref(doc);
	doc = credential(F.issuer_did);
	json_object_set_new(json_object_get(doc, "credentialSubject"),
			    "@context", json_string("https://evil.example/"));
	r = verify_doc(doc, NOW);
	assert_int_equal(r->doc, PU_CRED_DOC_CONTEXT);
	assert_non_null(strstr(r->doc_reason, "below the root"));
	pu_cred_report_free(r);
	json_decref(doc);
}

static void wrong_cryptosuite(void **state)
{
	json_t *doc = good(42);
	pu_cred_report *r;

	(void)state;
	json_object_set_new(json_object_get(doc, "proof"), "cryptosuite",
			    json_string("ecdsa-jcs-2019"));
	r = verify_doc(doc, NOW);
	assert_int_equal(r->sig, PU_CRED_SIG_UNSUPPORTED);
	assert_non_null(strstr(r->sig_reason, "ecdsa-jcs-2019"));
	pu_cred_report_free(r);
	json_object_set_new(json_object_get(doc, "proof"), "type",
			    json_string("Ed25519Signature2020"));
	r = verify_doc(doc, NOW);
	assert_int_equal(r->sig, PU_CRED_SIG_UNSUPPORTED);
	assert_non_null(strstr(r->sig_reason, "Ed25519Signature2020"));
	pu_cred_report_free(r);
	json_object_del(doc, "proof");
	r = verify_doc(doc, NOW);
	assert_int_equal(r->sig, PU_CRED_SIG_MISSING);
	pu_cred_report_free(r);
	json_decref(doc);
}

static void dates(void **state)
{
	json_t *doc = good(42);
	pu_cred_report *r;
	int64_t t;

	(void)state;
	assert_ok(pu_cred_time_parse(&t, "2030-06-01T00:00:01Z"));
	r = verify_doc(doc, t);
	assert_int_equal(r->dates, PU_CRED_DATES_EXPIRED);
	assert_non_null(strstr(r->dates_reason, "expired on 2030-06-01"));
	assert_int_equal(r->sig, PU_CRED_SIG_VALID);
	assert_false(r->ok);
	pu_cred_report_free(r);
	assert_ok(pu_cred_time_parse(&t, "2025-05-31T23:59:59Z"));
	r = verify_doc(doc, t);
	assert_int_equal(r->dates, PU_CRED_DATES_NOT_YET_VALID);
	pu_cred_report_free(r);
	json_object_set_new(doc, "validUntil", json_string("soon"));
	r = verify_doc(doc, NOW);
	assert_int_equal(r->dates, PU_CRED_DATES_INVALID);
	pu_cred_report_free(r);
	json_decref(doc);
}

static void revoked_and_suspended(void **state)
{
	json_t *doc = good(5), *st;
	pu_cred_report *r = verify_doc(doc, NOW);

	(void)state;
	assert_int_equal(r->sig, PU_CRED_SIG_VALID);
	assert_int_equal(r->status, PU_CRED_STATUS_REVOKED);
	assert_non_null(strstr(r->status_reason, "revoked"));
	assert_false(r->ok);
	pu_cred_report_free(r);
	json_decref(doc);

	/* Two entries; the suspension bit is set, the revocation one not. */
	doc = credential(F.issuer_did);
	st = json_array();
	json_array_append_new(st,
			      pu_cred_status_entry(LIST_R, "revocation", 6));
	json_array_append_new(st,
			      pu_cred_status_entry(LIST_S, "suspension", 9));
	json_object_set_new(doc, "credentialStatus", st);
	assert_ok(
	    pu_cred_sign_json(doc, &F.issuer, "2025-06-01T10:00:00Z", NULL));
	r = verify_doc(doc, NOW);
	assert_int_equal(r->status, PU_CRED_STATUS_SUSPENDED);
	assert_string_equal(r->status_list, LIST_S);
	assert_false(r->ok);
	pu_cred_report_free(r);
	json_decref(doc);
}

static void status_unknown(void **state)
{
	pu_cred_status_cache *c = NULL;
	json_t *doc = credential(F.issuer_did);
	pu_cred_verify_options o = PU_CRED_VERIFY_INIT;
	pu_cred_report *r = NULL;
	char *s, *cred;

	(void)state;
	json_object_set_new(
	    doc, "credentialStatus",
	    pu_cred_status_entry("https://nowhere.example/1", "revocation", 1));
	assert_ok(
	    pu_cred_sign_json(doc, &F.issuer, "2025-06-01T10:00:00Z", NULL));
	r = verify_doc(doc, NOW);
	assert_int_equal(r->status, PU_CRED_STATUS_UNKNOWN);
	assert_non_null(strstr(r->status_reason, "not in the cache"));
	assert_false(r->ok);
	pu_cred_report_free(r);
	json_decref(doc);

	/* A list signed by someone else than the credential's issuer. */
	assert_ok(pu_cred_status_cache_new(&c));
	s = signed_list(&F.other, F.other_did, LIST_R, "revocation", 1, NULL);
	assert_ok(pu_cred_status_cache_add(c, s, strlen(s), NOW));
	free(s);
	doc = good(42);
	cred = dump(doc);
	o.now = NOW;
	o.status = c;
	o.trust = F.trust;
	assert_ok(pu_cred_verify(&r, cred, strlen(cred), &o));
	assert_int_equal(r->status, PU_CRED_STATUS_UNKNOWN);
	assert_non_null(strstr(r->status_reason, "not by the credential's"));
	pu_cred_report_free(r);

	/* A list whose proof fails is kept as failed, and said so. */
	s = signed_list(&F.issuer, F.issuer_did, LIST_R, "revocation", 1, NULL);
	s[strlen(s) - 5] ^= 1; /* inside the proofValue */
	assert_int_equal(pu_cred_status_cache_add(c, s, strlen(s), NOW),
			 PU_EINVAL);
	free(s);
	assert_ok(pu_cred_verify(&r, cred, strlen(cred), &o));
	assert_int_equal(r->status, PU_CRED_STATUS_UNKNOWN);
	assert_non_null(strstr(r->status_reason, "proof is not valid"));
	pu_cred_report_free(r);

	/* An expired list. */
	s = signed_list(&F.issuer, F.issuer_did, LIST_R, "revocation", 1,
			"2025-12-01T00:00:00Z");
	assert_ok(pu_cred_status_cache_add(c, s, strlen(s), NOW));
	free(s);
	assert_ok(pu_cred_verify(&r, cred, strlen(cred), &o));
	assert_int_equal(r->status, PU_CRED_STATUS_UNKNOWN);
	assert_non_null(strstr(r->status_reason, "expired"));
	pu_cred_report_free(r);

	/* No cache at all. */
	o.status = NULL;
	assert_ok(pu_cred_verify(&r, cred, strlen(cred), &o));
	assert_int_equal(r->status, PU_CRED_STATUS_UNKNOWN);
	assert_non_null(strstr(r->status_reason, "no status lists"));
	pu_cred_report_free(r);
	pu_cred_status_cache_free(c);
	free(cred);
	json_decref(doc);
}

static void malformed_proof_values(void **state)
{
	static const struct {
		const char *key, *value, *want;
	} cases[] = {
	    {"proofValue", "z0OIl", "bad character 0x30 at position 0"},
	    {"proofValue", "x5B3g8ooqL7N7LJPHgt33rVm2Cqy9XtQ4xuKa3",
	     "must start with 'z'"},
	    {"proofValue", "z5B3g8", "not a 64-byte signature"},
	    {"proofValue",
	     "z1111111111111111111111111111111111111111111111111111111111"
	     "1111111111111111111111111111",
	     "more than 64"},
	    {"verificationMethod",
	     "did:key:z6LSbysY2xFMRpGMhb7tFTLMpeuPRaqaWM1yECx2AtzE3KCc",
	     "z6Mk"},
	    {"verificationMethod",
	     "did:key:z6MkizpU69XC2By2Q7Eb6MvX5L8cQfzhyYU9YjAPctQKzhh0",
	     "bad character"},
	    {"verificationMethod", "did:web:example.org#key-1",
	     "not a did:key"},
	    {"proofPurpose", "authentication", "expected \"assertionMethod\""},
	    {"created", "yesterday", "created is not a valid dateTime"},
	    {"expires", "2025-07-01T00:00:00Z", "proof expired"},
	};
	pu_cred_report *r;

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		json_t *doc = good(42);

		json_object_set_new(json_object_get(doc, "proof"), cases[i].key,
				    json_string(cases[i].value));
		r = verify_doc(doc, NOW);
		if (r->sig != PU_CRED_SIG_INVALID ||
		    strstr(r->sig_reason, cases[i].want) == NULL) {
			print_error("%s=%s: got %s: %s\n", cases[i].key,
				    cases[i].value, pu_cred_sig_name(r->sig),
				    r->sig_reason);
			fail();
		}
		pu_cred_report_free(r);
		json_decref(doc);
	}
}

static void hostile_bytes(void **state)
{
	static const struct {
		const char *text;
		pu_cred_doc_result doc;
		const char *want;
	} cases[] = {
	    {"", PU_CRED_DOC_MALFORMED, "1:1: '[' or '{' expected"},
	    {"not json", PU_CRED_DOC_MALFORMED, "expected"},
	    {"[1,2]", PU_CRED_DOC_MALFORMED, "JSON object"},
	    {"{\"a\":1,\"a\":1}", PU_CRED_DOC_MALFORMED, "duplicate"},
	    {"{\"n\":1e999}", PU_CRED_DOC_MALFORMED, "out of range"},
	    {"{\"n\":-1e999}", PU_CRED_DOC_MALFORMED, "out of range"},
	    {"{\"s\":\"\\u0000\"}", PU_CRED_DOC_MALFORMED,
	     "u0000 is not allowed"},
	    {"{\"@context\":\"https://www.w3.org/ns/credentials/v2\"}",
	     PU_CRED_DOC_MALFORMED, "VerifiableCredential"},
	};
	pu_cred_report *r;
	char *big;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		r = verify_text(cases[i].text, strlen(cases[i].text), NOW);
		if (r->doc != cases[i].doc ||
		    strstr(r->doc_reason, cases[i].want) == NULL) {
			print_error("%s: got %s: %s\n", cases[i].text,
				    pu_cred_doc_name(r->doc), r->doc_reason);
			fail();
		}
		assert_false(r->ok);
		pu_cred_report_free(r);
	}
	/* Oversized and deeply nested. */
	big = malloc(PU_CRED_MAX_DOC + 10);
	assert_non_null(big);
	memset(big, ' ', PU_CRED_MAX_DOC + 10);
	big[0] = '{';
	big[PU_CRED_MAX_DOC + 9] = '}';
	r = verify_text(big, PU_CRED_MAX_DOC + 10, NOW);
	assert_int_equal(r->doc, PU_CRED_DOC_TOO_LARGE);
	pu_cred_report_free(r);
	for (i = 0; i < 100; i++) {
		big[i] = '[';
		big[200 - 1 - i] = ']';
	}
	r = verify_text(big, 200, NOW);
	assert_int_equal(r->doc, PU_CRED_DOC_TOO_LARGE);
	assert_non_null(strstr(r->doc_reason, "deeper"));
	pu_cred_report_free(r);
	free(big);
	/* Bytes with a NUL in the middle. */
	r = verify_text("{\"a\"\0:1}", 8, NOW);
	assert_int_equal(r->doc, PU_CRED_DOC_MALFORMED);
	pu_cred_report_free(r);
}

static void proof_sets(void **state)
{
	json_t *doc = credential(F.issuer_did), *p1, *set;
	pu_cred_report *r;

	(void)state;
	assert_ok(
	    pu_cred_sign_json(doc, &F.issuer, "2025-06-01T10:00:00Z", NULL));
	p1 = json_incref(json_object_get(doc, "proof"));
	json_object_del(doc, "proof");
	assert_ok(
	    pu_cred_sign_json(doc, &F.issuer, "2025-06-02T10:00:00Z", NULL));
	set = json_pack("[O,O]", p1, json_object_get(doc, "proof"));
	json_object_set_new(doc, "proof", set);
	r = verify_doc(doc, NOW);
	assert_int_equal(r->sig, PU_CRED_SIG_VALID);
	assert_non_null(strstr(r->sig_reason, "all 2 proofs"));
	pu_cred_report_free(r);
	json_object_set_new(json_array_get(set, 1), "created",
			    json_string("2025-06-03T10:00:00Z"));
	r = verify_doc(doc, NOW);
	assert_int_equal(r->sig, PU_CRED_SIG_INVALID);
	assert_non_null(strstr(r->sig_reason, "proof[1]"));
	pu_cred_report_free(r);
	json_decref(p1);
	json_decref(doc);
}

static void encodings(void **state)
{
	unsigned char in[] = {0, 0, 1, 2, 255}, out[16];
	pu_buf b = PU_BUF_INIT;
	size_t n;
	unsigned char pk[32];

	(void)state;
	assert_ok(pu_cred_base58_encode(&b, in, sizeof(in)));
	assert_string_equal(b.ptr, "11LiA");
	assert_ok(pu_cred_base58_decode(out, sizeof(out), &n, b.ptr, b.len));
	assert_int_equal(n, sizeof(in));
	assert_memory_equal(out, in, sizeof(in));
	assert_error(pu_cred_base58_decode(out, sizeof(out), &n, "abc0", 4),
		     PU_EINVAL, "at position 3");
	assert_error(pu_cred_base58_decode(out, 2, &n, "LiCx", 4), PU_ELIMIT,
		     "more than 2");
	pu_buf_clear(&b);
	assert_ok(pu_cred_multibase_encode(&b, 'u', in, sizeof(in)));
	assert_string_equal(b.ptr, "uAAABAv8");
	assert_ok(pu_cred_multibase_decode(out, sizeof(out), &n, b.ptr));
	assert_int_equal(n, sizeof(in));
	assert_error(pu_cred_multibase_decode(out, sizeof(out), &n, "uAA=A"),
		     PU_EINVAL, "base64url");
	assert_error(pu_cred_multibase_decode(out, sizeof(out), &n, "f00"),
		     PU_EINVAL, "unsupported prefix 'f'");
	assert_error(pu_cred_multibase_decode(out, sizeof(out), &n, ""),
		     PU_EINVAL, "empty");
	/* did:key: only Ed25519 (z6Mk, 0xed01). */
	assert_ok(pu_cred_didkey_resolve(pk, F.issuer_did));
	assert_memory_equal(pk, F.issuer.pk, 32);
	assert_error(
	    pu_cred_didkey_resolve(
		pk, "did:key:z6LSbysY2xFMRpGMhb7tFTLMpeuPRaqaWM1yECx2AtzE3KCc"),
	    PU_EINVAL, "z6Mk");
	assert_error(
	    pu_cred_didkey_resolve(
		pk, "did:key:z6MkizpU69XC2By2Q7Eb6MvX5L8cQfzhyYU9YjAPctQKzhhp#"
		    "other"),
	    PU_EINVAL, "fragment");
	/* A z6Mk prefix with the wrong length. */
	assert_error(pu_cred_multikey_decode_public(pk, "z6Mkizp"), PU_EINVAL,
		     "0xed01");
	assert_error(
	    pu_cred_multikey_decode_secret(
		pk, "z6MkizpU69XC2By2Q7Eb6MvX5L8cQfzhyYU9YjAPctQKzhhp"),
	    PU_EINVAL, "0x8026");
	pu_buf_free(&b);
}

static void times(void **state)
{
	int64_t t;
	char buf[32];

	(void)state;
	assert_ok(pu_cred_time_parse(&t, "1970-01-01T00:00:00Z"));
	assert_int_equal(t, 0);
	assert_ok(pu_cred_time_parse(&t, "2026-01-01T00:00:00Z"));
	assert_int_equal(t, NOW);
	assert_ok(pu_cred_time_parse(&t, "2025-12-31T21:00:00.123-03:00"));
	assert_int_equal(t, NOW);
	assert_ok(pu_cred_time_format(buf, sizeof(buf), NOW));
	assert_string_equal(buf, "2026-01-01T00:00:00Z");
	assert_ok(pu_cred_time_parse(&t, "2024-02-29T12:00:00Z"));
	assert_error(pu_cred_time_parse(&t, "2025-02-29T12:00:00Z"), PU_EINVAL,
		     "dateTime");
	assert_error(pu_cred_time_parse(&t, "2025-06-01T10:00:00"), PU_EINVAL,
		     "time zone");
	assert_error(pu_cred_time_parse(&t, "2025-06-01 10:00:00Z"), PU_EINVAL,
		     "dateTime");
	assert_error(pu_cred_time_parse(&t, "2025-06-01T24:00:00Z"), PU_EINVAL,
		     "dateTime");
}

static void bitstrings(void **state)
{
	pu_cred_bits *b = NULL, *d = NULL;
	pu_buf enc = PU_BUF_INIT;
	unsigned char raw[64];
	bool v;
	size_t n;

	(void)state;
	assert_ok(pu_cred_bits_new(&b, PU_CRED_MIN_BITS));
	assert_ok(pu_cred_bits_set(b, 7, true));
	assert_ok(pu_cred_bits_set(b, 131071, true));
	assert_error(pu_cred_bits_set(b, 131072, true), PU_EINVAL,
		     "past the end");
	assert_ok(pu_cred_bits_encode(b, &enc));
	assert_int_equal(enc.ptr[0], 'u');
	assert_ok(pu_cred_bits_decode(&d, enc.ptr));
	assert_int_equal(pu_cred_bits_count(d), PU_CRED_MIN_BITS);
	assert_ok(pu_cred_bits_get(d, 7, &v));
	assert_true(v);
	assert_ok(pu_cred_bits_get(d, 6, &v));
	assert_false(v);
	assert_ok(pu_cred_bits_get(d, 131071, &v));
	assert_true(v);
	pu_cred_bits_free(d);
	/* Truncated gzip. */
	enc.ptr[enc.len - 8] = '\0';
	assert_error(pu_cred_bits_decode(&d, enc.ptr), PU_EINVAL, "gzip");
	assert_error(pu_cred_bits_decode(&d, "zabc"), PU_EINVAL, "'u'");
	assert_error(pu_cred_bits_decode(&d, "u!!!"), PU_EINVAL, "base64url");
	assert_error(pu_cred_bits_new(&d, 1000), PU_EINVAL, "at least");
	pu_cred_bits_free(b);
	/* Too short a list: 1 KiB gzipped. */
	{
		pu_buf small = PU_BUF_INIT;
		unsigned char zeros[1024] = {0}, gz[2048];
		z_stream z;

		memset(&z, 0, sizeof(z));
		assert_int_equal(
		    deflateInit2(&z, 9, Z_DEFLATED, 31, 8, Z_DEFAULT_STRATEGY),
		    Z_OK);
		z.next_in = zeros;
		z.avail_in = sizeof(zeros);
		z.next_out = gz;
		z.avail_out = sizeof(gz);
		assert_int_equal(deflate(&z, Z_FINISH), Z_STREAM_END);
		assert_ok(
		    pu_cred_multibase_encode(&small, 'u', gz, z.total_out));
		deflateEnd(&z);
		assert_error(pu_cred_bits_decode(&d, small.ptr), PU_EINVAL,
			     "fewer than the minimum");
		pu_buf_free(&small);
	}
	/* A gzip bomb: 64 MiB of zeros stops at the cap. */
	{
		pu_buf bomb = PU_BUF_INIT;
		unsigned char *zeros = calloc(1, 1 << 20), *gz;
		size_t cap = 1 << 20;
		z_stream z;

		assert_non_null(zeros);
		gz = malloc(cap);
		assert_non_null(gz);
		memset(&z, 0, sizeof(z));
		assert_int_equal(
		    deflateInit2(&z, 9, Z_DEFLATED, 31, 8, Z_DEFAULT_STRATEGY),
		    Z_OK);
		z.next_out = gz;
		z.avail_out = (uInt)cap;
		for (int i = 0; i < 64; i++) {
			z.next_in = zeros;
			z.avail_in = 1 << 20;
			assert_int_equal(
			    deflate(&z, i == 63 ? Z_FINISH : Z_NO_FLUSH),
			    i == 63 ? Z_STREAM_END : Z_OK);
		}
		assert_ok(
		    pu_cred_multibase_encode(&bomb, 'u', gz, z.total_out));
		deflateEnd(&z);
		assert_error(pu_cred_bits_decode(&d, bomb.ptr), PU_ELIMIT,
			     "inflates past");
		pu_buf_free(&bomb);
		free(zeros);
		free(gz);
	}
	(void)raw;
	(void)n;
	pu_buf_free(&enc);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(valid_credential),
	    cmocka_unit_test(changed_field),
	    cmocka_unit_test(changed_proof),
	    cmocka_unit_test(wrong_key),
	    cmocka_unit_test(untrusted_issuer),
	    cmocka_unit_test(out_of_scope_and_stale_trust),
	    cmocka_unit_test(trust_list_checks),
	    cmocka_unit_test(unknown_context),
	    cmocka_unit_test(wrong_cryptosuite),
	    cmocka_unit_test(dates),
	    cmocka_unit_test(revoked_and_suspended),
	    cmocka_unit_test(status_unknown),
	    cmocka_unit_test(malformed_proof_values),
	    cmocka_unit_test(hostile_bytes),
	    cmocka_unit_test(proof_sets),
	    cmocka_unit_test(encodings),
	    cmocka_unit_test(times),
	    cmocka_unit_test(bitstrings),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
