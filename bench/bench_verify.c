/*
 * bench_verify: credential verification and signing speed on one core. For
 * the Open Badges credential signed by Digital Bazaar's libraries
 * (../shared/data/vectors/ob3-peer/ob3-eddsa-jcs-2022-valid.json) it times
 * the full pu_cred_verify (parse, context and shape checks, canonicalise,
 * hash, resolve did:key, Ed25519 verify, dates, a trust list and a cached
 * status list) beside the raw libsodium crypto_sign_verify_detached of the
 * same 64-byte hashData, in alternating rounds of the same run, then the
 * steps alone (to say where the time goes), the signing rate
 * (pu_cred_sign: parse, sign, canonical output), and a bulk revocation of
 * 100,000 credentials in a status list (set the bits, encode, sign). When
 * the npm packages of tests/interop are installed, it also runs
 * @digitalbazaar/vc's full verification of the same credential and status
 * list (tests/interop/interop.mjs bench) and prints it beside. It prints
 * figures and asserts only that the credential verifies.
 *
 *   bench_verify [--seconds S] [--rounds R] [--no-js] [VECTORS_DIR]
 */
#include "common.h"

#include "puente/buf.h"
#include "puente/cred.h"
#include "puente/error.h"

#include <jansson.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define NOW 1767225600 /* 2026-01-01T00:00:00Z */
#define ISSUER "did:key:z6MkizpU69XC2By2Q7Eb6MvX5L8cQfzhyYU9YjAPctQKzhhp"

static double seconds = 1.0;

/* @digitalbazaar/vc verifications per CPU second of the credential, or 0
 * when the interop packages are not installed. */
static double js_rate(const char *dir)
{
	char cmd[2048], line[512];
	double rate = 0;
	FILE *p;
	char *at;

	snprintf(cmd, sizeof(cmd),
		 "cd %s/tests/interop 2>/dev/null && test -d "
		 "node_modules/@digitalbazaar/vc && node interop.mjs bench "
		 "%s/ob3-eddsa-jcs-2022-valid.json "
		 "%s/status-list-eddsa-jcs-2022.json %.1f 2>/dev/null",
		 PU_SOURCE_DIR, dir, dir, seconds * 3);
	p = popen(cmd, "r");
	if (p == NULL)
		return 0;
	while (fgets(line, sizeof(line), p) != NULL) {
		at = strstr(line, "\"perSecond\":");
		if (at != NULL)
			rate = strtod(at + 12, NULL);
	}
	pclose(p);
	return rate;
}

static void die(const char *what)
{
	fprintf(stderr, "bench_verify: %s: %s\n", what, pu_error_message());
	exit(1);
}

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	long n;

	if (f == NULL) {
		fprintf(stderr, "bench_verify: cannot open %s\n", path);
		exit(1);
	}
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = malloc((size_t)n + 1);
	if (buf == NULL || fread(buf, 1, (size_t)n, f) != (size_t)n)
		die("read");
	buf[n] = '\0';
	fclose(f);
	*len = (size_t)n;
	return buf;
}

/* Runs fn until `seconds` of CPU time pass; returns calls per CPU second. */
typedef void (*step_fn)(void *arg);

static double rate(step_fn fn, void *arg)
{
	double start = bench_cpu(), t;
	unsigned long n = 0, batch = 16;

	do {
		for (unsigned long i = 0; i < batch; i++)
			fn(arg);
		n += batch;
		t = bench_cpu() - start;
	} while (t < seconds);
	return (double)n / t;
}

struct ctx {
	const char *cred;
	size_t len;
	pu_cred_verify_options opt;
	unsigned char hash[64], sig[64], pk[32];
	const char *unsigned_cred;
	size_t unsigned_len;
	pu_cred_key key;
	char *canon_config, *canon_doc;
	size_t canon_config_len, canon_doc_len, canon_len;
};

static void do_raw(void *arg)
{
	struct ctx *c = arg;

	if (crypto_sign_verify_detached(c->sig, c->hash, 64, c->pk) != 0)
		die("raw verify");
}

static void do_full(void *arg)
{
	struct ctx *c = arg;
	pu_cred_report *r = NULL;

	if (pu_cred_verify(&r, c->cred, c->len, &c->opt) < 0 || !r->ok)
		die("verify");
	pu_cred_report_free(r);
}

static void do_parse(void *arg)
{
	struct ctx *c = arg;
	json_t *v = NULL;

	if (pu_cred_parse(&v, c->cred, c->len, 0) < 0)
		die("parse");
	json_decref(v);
}

/* SHA-256 of the canonical proof config and document, as the verifier
 * hashes them. */
static void do_sha(void *arg)
{
	struct ctx *c = arg;
	unsigned char h[64];

	crypto_hash_sha256(h, (const unsigned char *)c->canon_config,
			   c->canon_config_len);
	crypto_hash_sha256(h + 32, (const unsigned char *)c->canon_doc,
			   c->canon_doc_len);
}

static void do_sign(void *arg)
{
	struct ctx *c = arg;
	char *out = NULL;

	if (pu_cred_sign(&out, c->unsigned_cred, c->unsigned_len, &c->key,
			 "2025-06-01T10:00:00Z", NULL) < 0)
		die("sign");
	free(out);
}

static void do_raw_sign(void *arg)
{
	struct ctx *c = arg;
	unsigned char sig[64];

	crypto_sign_detached(sig, NULL, c->hash, 64, c->key.sk);
}

static char *signed_trust_list(const char *issuer_did, pu_cred_key *auth,
			       char **auth_did)
{
	unsigned char seed[32];
	pu_buf b = PU_BUF_INIT, did = PU_BUF_INIT;
	json_t *doc;

	memset(seed, 2, sizeof(seed));
	if (pu_cred_key_from_seed(auth, seed) < 0 ||
	    pu_cred_didkey_from_public(&did, auth->pk) < 0)
		die("authority key");
	doc = json_pack(
	    "{s:[s], s:s, s:[s,s], s:s, s:s, s:s,"
	    " s:{s:s, s:[{s:s, s:s, s:s, s:[s]}]}}",
	    "@context", PU_CRED_CONTEXT_V2, "id", "https://trust.example/bench",
	    "type", "VerifiableCredential", "PuenteTrustList", "issuer",
	    did.ptr, "validFrom", "2025-01-01T00:00:00Z", "validUntil",
	    "2030-01-01T00:00:00Z", "credentialSubject", "id",
	    "https://trust.example/bench#issuers", "issuers", "id", issuer_did,
	    "country", "XX", "role", "authority", "scope",
	    "https://skills.example.org/achievements/*");
	if (doc == NULL ||
	    pu_cred_sign_json(doc, auth, "2025-06-01T10:00:00Z", NULL) < 0 ||
	    pu_cred_jcs(&b, doc) < 0)
		die("trust list");
	json_decref(doc);
	*auth_did = pu_buf_detach(&did);
	return pu_buf_detach(&b);
}

static void bulk_revocation(const pu_cred_key *key, const char *did)
{
	pu_cred_bits *bits = NULL;
	json_t *doc = NULL;
	pu_buf out = PU_BUF_INIT;
	double t0, t1, t2, t3;
	const size_t nbits = 1u << 20, nrev = 100000;
	unsigned long long x = 88172645463325252ull;

	t0 = bench_cpu();
	if (pu_cred_bits_new(&bits, nbits) < 0)
		die("bits");
	for (size_t i = 0; i < nrev; i++) {
		x ^= x << 13; /* xorshift64: spread the revoked indexes */
		x ^= x >> 7;
		x ^= x << 17;
		if (pu_cred_bits_set(bits, (size_t)(x % nbits), true) < 0)
			die("set");
	}
	t1 = bench_cpu();
	if (pu_cred_statuslist_credential(&doc, bits,
					  "https://puente.example/status/b",
					  did, "revocation", NULL, NULL, 0) < 0)
		die("list");
	t2 = bench_cpu();
	if (pu_cred_sign_json(doc, key, "2025-06-01T10:00:00Z", NULL) < 0 ||
	    pu_cred_jcs(&out, doc) < 0)
		die("sign list");
	t3 = bench_cpu();
	printf("bulk revocation: %zu credentials in a %zu-entry list: set "
	       "%.2f ms, encode (gzip + base64url) %.2f ms, sign %.2f ms, "
	       "total %.2f ms; list credential %zu bytes\n",
	       nrev, nbits, (t1 - t0) * 1e3, (t2 - t1) * 1e3, (t3 - t2) * 1e3,
	       (t3 - t0) * 1e3, out.len);
	json_decref(doc);
	pu_cred_bits_free(bits);
	pu_buf_free(&out);
}

int main(int argc, char **argv)
{
	const char *dir = PU_SHARED_DATA "/vectors/ob3-peer";
	struct ctx c;
	pu_cred_status_cache *cache = NULL;
	pu_cred_trust *trust = NULL;
	pu_cred_key auth;
	char path[1024], *list, *tl, *auth_did;
	size_t len, tlen;
	int rounds = 5, i, js = 1;
	double *raw, *full, *ratio, med_raw, med_full, med_ratio;
	json_t *doc = NULL, *proof;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--seconds") == 0 && i + 1 < argc)
			seconds = strtod(argv[++i], NULL);
		else if (strcmp(argv[i], "--rounds") == 0 && i + 1 < argc)
			rounds = (int)strtol(argv[++i], NULL, 10);
		else if (strcmp(argv[i], "--no-js") == 0)
			js = 0;
		else
			dir = argv[i];
	}
	if (rounds < 1)
		rounds = 1;
	if (sodium_init() < 0)
		die("sodium");
	snprintf(path, sizeof(path), "%s/ob3-eddsa-jcs-2022-valid.json", dir);
	if (access(path, R_OK) != 0) {
		fprintf(stderr, "bench_verify: %s absent: nothing to measure\n",
			path);
		return 77;
	}
	bench_print_machine();
	memset(&c, 0, sizeof(c));

	snprintf(path, sizeof(path), "%s/ob3-eddsa-jcs-2022-valid.json", dir);
	c.cred = slurp(path, &c.len);
	snprintf(path, sizeof(path), "%s/unsigned-ob3-eddsa-jcs-2022.json",
		 dir);
	c.unsigned_cred = slurp(path, &c.unsigned_len);
	snprintf(path, sizeof(path), "%s/status-list-eddsa-jcs-2022.json", dir);
	list = slurp(path, &len);
	if (pu_cred_status_cache_new(&cache) < 0 ||
	    pu_cred_status_cache_add(cache, list, len, NOW) < 0)
		die("status list");

	/* The issuer key (test key of the vectors) and the raw inputs. */
	{
		unsigned char seed[32];
		size_t n;

		sodium_hex2bin(seed, 32,
			       "9c132ce317ac1492acabd0fc76535888d4331c72c869f84"
			       "b08b1fc09ede36ef9",
			       64, NULL, &n, NULL);
		if (pu_cred_key_from_seed(&c.key, seed) < 0)
			die("key");
	}
	if (pu_cred_parse(&doc, c.cred, c.len, 0) < 0)
		die("parse");
	memcpy(c.pk, c.key.pk, 32);
	{
		size_t n;

		proof = json_copy(json_object_get(doc, "proof"));
		if (pu_cred_multibase_decode(c.sig, 64, &n,
					     json_string_value(json_object_get(
						 proof, "proofValue"))) < 0)
			die("proofValue");
		json_object_del(proof, "proofValue");
		json_object_del(doc, "proof");
		if (pu_cred_proof_hash(c.hash, proof, doc) < 0)
			die("hash");
		{
			pu_buf b1 = PU_BUF_INIT, b2 = PU_BUF_INIT;

			if (pu_cred_jcs(&b1, proof) < 0 ||
			    pu_cred_jcs(&b2, doc) < 0)
				die("canonicalise");
			c.canon_config_len = b1.len;
			c.canon_doc_len = b2.len;
			c.canon_len = b1.len + b2.len;
			c.canon_config = pu_buf_detach(&b1);
			c.canon_doc = pu_buf_detach(&b2);
		}
		json_decref(proof);
	}
	tl = signed_trust_list(ISSUER, &auth, &auth_did);
	tlen = strlen(tl);
	if (pu_cred_trust_new(&trust) < 0 ||
	    pu_cred_trust_add_anchor(trust, auth_did) < 0 ||
	    pu_cred_trust_add_list(trust, tl, tlen, NOW) < 0)
		die("trust");
	c.opt = (pu_cred_verify_options)PU_CRED_VERIFY_INIT;
	c.opt.now = NOW;
	c.opt.trust = trust;
	c.opt.status = cache;

	printf("credential: %s/ob3-eddsa-jcs-2022-valid.json (%zu bytes); "
	       "trust: 1 list, 1 issuer; status: 1 cached list of 131072 "
	       "entries\n",
	       dir, c.len);
	raw = calloc((size_t)rounds, sizeof(*raw));
	full = calloc((size_t)rounds, sizeof(*full));
	ratio = calloc((size_t)rounds, sizeof(*ratio));
	if (raw == NULL || full == NULL || ratio == NULL)
		die("memory");
	do_full(&c); /* warm up, and check it verifies */
	for (i = 0; i < rounds; i++) {
		raw[i] = rate(do_raw, &c);
		full[i] = rate(do_full, &c);
		ratio[i] = full[i] / raw[i];
		printf("round %d: raw Ed25519 verify %.0f/s, full credential "
		       "verification %.0f/s (%.1f%%)\n",
		       i + 1, raw[i], full[i], 100.0 * full[i] / raw[i]);
	}
	qsort(raw, (size_t)rounds, sizeof(*raw), bench_cmp_double);
	qsort(full, (size_t)rounds, sizeof(*full), bench_cmp_double);
	qsort(ratio, (size_t)rounds, sizeof(*ratio), bench_cmp_double);
	med_raw = raw[rounds / 2];
	med_full = full[rounds / 2];
	med_ratio = ratio[rounds / 2];
	printf("verify: full %.0f/s, raw libsodium Ed25519 %.0f/s (medians); "
	       "full/raw within a round: median %.1f%%, range %.1f-%.1f%% "
	       "(%d rounds of %.1f CPU s each, one thread)\n",
	       med_full, med_raw, 100.0 * med_ratio, 100.0 * ratio[0],
	       100.0 * ratio[rounds - 1], rounds, seconds);
	{
		double sha = rate(do_sha, &c), p = rate(do_parse, &c);

		printf("steps: Ed25519 verify %.1f us, SHA-256 of the two "
		       "canonical texts (%zu bytes) %.1f us, everything else "
		       "(parse, canonicalise, did:key, checks, trust, status, "
		       "report) %.1f us; full %.1f us. For comparison, "
		       "jansson's parse alone: %.1f us\n",
		       1e6 / med_raw, c.canon_len, 1e6 / sha,
		       1e6 / med_full - 1e6 / med_raw - 1e6 / sha,
		       1e6 / med_full, 1e6 / p);
	}
	if (js) {
		double j = js_rate(dir);

		if (j > 0)
			printf(
			    "javascript: @digitalbazaar/vc full verification "
			    "(signature + status list) %.0f/s on one thread: "
			    "Puente is %.1f times faster\n",
			    j, med_full / j);
		else
			printf("javascript: not measured (npm packages of "
			       "tests/interop not installed: cd tests/interop "
			       "&& npm ci)\n");
	}
	{
		double s = rate(do_sign, &c), rs = rate(do_raw_sign, &c);

		printf("sign: %.0f credentials/s (parse, proof, canonical "
		       "output), raw libsodium Ed25519 sign %.0f/s\n",
		       s, rs);
	}
	bulk_revocation(&c.key, ISSUER);

	free(raw);
	free(full);
	free(ratio);
	free(list);
	free(tl);
	free(auth_did);
	free((char *)c.cred);
	free((char *)c.unsigned_cred);
	free(c.canon_config);
	free(c.canon_doc);
	json_decref(doc);
	pu_cred_trust_free(trust);
	pu_cred_status_cache_free(cache);
	pu_cred_key_wipe(&c.key);
	pu_cred_key_wipe(&auth);
	return 0;
}
