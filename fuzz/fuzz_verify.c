/*
 * Fuzz target: the credential verifier over arbitrary bytes
 * (pu_cred_verify), with a trust list and a revocation list built once from
 * fixed seeds (the issuer of the corpus' Puente credentials is on both), so
 * that the fuzzer reaches the trust and status checks. The same bytes are
 * also offered as a status list and as a trust list. Whatever the input,
 * every call must give a report whose results are in range and that
 * serialises to JSON, or a code with a message. See fuzz/README.md.
 */
#include "fuzz.h"

#include "puente/buf.h"
#include "puente/cred.h"
#include "puente/error.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NOW 1767225600 /* 2026-01-01T00:00:00Z */
#define LIST "https://puente.example/status/1"

static pu_cred_trust *trust;
static pu_cred_status_cache *status;

static void die(const char *what)
{
	fprintf(stderr, "fuzz_verify: %s: %s\n", what, pu_error_message());
	abort();
}

static char *sign_dump(json_t *doc, const pu_cred_key *k)
{
	pu_buf b = PU_BUF_INIT;

	if (pu_cred_sign_json(doc, k, "2025-06-01T10:00:00Z", NULL) < 0 ||
	    pu_cred_jcs(&b, doc) < 0)
		die("sign");
	json_decref(doc);
	return pu_buf_detach(&b);
}

/* Issuer: seed 0x01..; authority: seed 0x02.. (as test_cred_verify.c). */
static void init(void)
{
	unsigned char seed[32];
	pu_cred_key issuer, authority;
	pu_buf idid = PU_BUF_INIT, adid = PU_BUF_INIT;
	pu_cred_bits *bits = NULL;
	json_t *doc = NULL;
	char *s;

	memset(seed, 1, sizeof(seed));
	pu_cred_key_from_seed(&issuer, seed);
	memset(seed, 2, sizeof(seed));
	pu_cred_key_from_seed(&authority, seed);
	if (pu_cred_didkey_from_public(&idid, issuer.pk) < 0 ||
	    pu_cred_didkey_from_public(&adid, authority.pk) < 0 ||
	    pu_cred_trust_new(&trust) < 0 ||
	    pu_cred_trust_add_anchor(trust, adid.ptr) < 0 ||
	    pu_cred_status_cache_new(&status) < 0 ||
	    pu_cred_bits_new(&bits, PU_CRED_MIN_BITS) < 0 ||
	    pu_cred_bits_set(bits, 5, true) < 0 ||
	    pu_cred_statuslist_credential(&doc, bits, LIST, idid.ptr,
					  "revocation", NULL, NULL, 0) < 0)
		die("setup");
	s = sign_dump(doc, &issuer);
	if (pu_cred_status_cache_add(status, s, strlen(s), NOW) < 0)
		die("status list");
	free(s);
	doc = json_pack(
	    "{s:[s], s:s, s:[s,s], s:s, s:{s:s, s:[{s:s, s:s, "
	    "s:s, s:[s]}]}}",
	    "@context", PU_CRED_CONTEXT_V2, "id", "https://trust.example/1",
	    "type", "VerifiableCredential", "PuenteTrustList", "issuer",
	    adid.ptr, "credentialSubject", "id",
	    "https://trust.example/1#issuers", "issuers", "id", idid.ptr,
	    "country", "CR", "role", "authority", "scope", "CR/*");
	if (doc == NULL)
		die("trust list");
	s = sign_dump(doc, &authority);
	if (pu_cred_trust_add_list(trust, s, strlen(s), NOW) < 0)
		die("trust list");
	free(s);
	pu_cred_bits_free(bits);
	pu_buf_free(&idid);
	pu_buf_free(&adid);
	pu_cred_key_wipe(&issuer);
	pu_cred_key_wipe(&authority);
}

static void check_code(int rc, const char *what)
{
	if (rc < 0 && (rc < PU_EAUTH || pu_error_message()[0] == '\0')) {
		fprintf(stderr, "fuzz_verify: %s: code %d, message \"%s\"\n",
			what, rc, pu_error_message());
		abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	pu_cred_verify_options o = PU_CRED_VERIFY_INIT;
	pu_cred_report *r = NULL;
	pu_cred_status_cache *c = NULL;
	pu_cred_trust *t = NULL;
	json_t *j;
	int rc;

	if (trust == NULL)
		init();
	o.now = NOW;
	o.trust = trust;
	o.status = status;
	pu_error_clear();
	rc = pu_cred_verify(&r, (const char *)data, size, &o);
	check_code(rc, "verify");
	if (rc == 0) {
		if ((unsigned)r->doc > PU_CRED_DOC_CONTEXT ||
		    (unsigned)r->sig > PU_CRED_SIG_NOT_CHECKED ||
		    (unsigned)r->status > PU_CRED_STATUS_UNKNOWN ||
		    r->doc_reason[0] == '\0' || r->sig_reason[0] == '\0')
			die("report out of range");
		if (r->ok && (r->sig != PU_CRED_SIG_VALID ||
			      r->trust != PU_CRED_TRUST_TRUSTED))
			die("ok without a valid, trusted signature");
		j = pu_cred_report_to_json(r);
		if (j == NULL)
			die("report to JSON");
		json_decref(j);
		if (getenv("PU_FUZZ_VERBOSE"))
			fprintf(stderr,
				"doc %s, sig %s (%s), trust %s, status "
				"%s, dates %s\n",
				pu_cred_doc_name(r->doc),
				pu_cred_sig_name(r->sig), r->sig_reason,
				pu_cred_trust_name(r->trust),
				pu_cred_status_name(r->status),
				pu_cred_dates_name(r->dates));
		pu_cred_report_free(r);
	}
	/* The same bytes as a status list and as a trust list. */
	if (pu_cred_status_cache_new(&c) < 0 || pu_cred_trust_new(&t) < 0)
		die("setup");
	pu_error_clear();
	check_code(pu_cred_status_cache_add(c, (const char *)data, size, NOW),
		   "status list");
	pu_error_clear();
	check_code(pu_cred_trust_add_list(t, (const char *)data, size, NOW),
		   "trust list");
	pu_cred_status_cache_free(c);
	pu_cred_trust_free(t);
	return 0;
}
