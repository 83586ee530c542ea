/*
 * Verifiable credentials: the securing and checking core. Certificates are W3C
 * Verifiable Credentials (VC Data Model 2.0, Open Badges 3.0) secured with a
 * DataIntegrityProof of cryptosuite eddsa-jcs-2022: RFC 8785 canonical JSON,
 * SHA-256 and Ed25519, keys as did:key. Revocation and suspension use W3C
 * Bitstring Status Lists; which issuers are accredited comes from signed
 * trust lists. The exact algorithms are in ../shared/design/CREDENTIALS.md and
 * docs/design.md ("Credentials"); the trust list format in docs/formats.md.
 *
 * Everything here is offline: nothing is fetched. Status lists and trust
 * lists are handed in by the caller (from a cache, a file, a QR code...).
 *
 * JSON values are jansson's (json_t); include <jansson.h> to use them.
 */
#ifndef PUENTE_CRED_H
#define PUENTE_CRED_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct json_t;
struct pu_buf;

/* ---------------------------------------------------------------- limits */

#define PU_CRED_MAX_DOC (256u * 1024u)		    /* bytes of a credential */
#define PU_CRED_MAX_DEPTH 32			    /* JSON nesting */
#define PU_CRED_MAX_LIST_DOC (8u * 1024u * 1024u)   /* a status list document */
#define PU_CRED_MAX_BITSTRING (16u * 1024u * 1024u) /* decoded list bytes */
#define PU_CRED_MIN_BITS 131072u /* W3C minimum list length */

/* The two contexts a Puente credential may have, in this order. */
#define PU_CRED_CONTEXT_V2 "https://www.w3.org/ns/credentials/v2"
#define PU_CRED_CONTEXT_OB3                                                    \
	"https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"

/* ----------------------------------------------- JSON: parse, RFC 8785 */

/* Parses JSON text strictly for credentials: duplicate keys are an error,
 * every number is an IEEE double (I-JSON), a number that overflows a double
 * is an error, NUL in strings is an error, at most max_len bytes (0: the
 * default PU_CRED_MAX_DOC) and PU_CRED_MAX_DEPTH levels of nesting. The root
 * must be an object or an array. Returns 0 and a new reference in *out
 * (json_decref it), PU_EINVAL with "LINE:COLUMN: what" for malformed JSON,
 * PU_ELIMIT for too large or too deep. */
int pu_cred_parse(struct json_t **out, const char *text, size_t len,
		  size_t max_len);

/* Appends the RFC 8785 (JCS) canonical form of v to out: members sorted by
 * UTF-16 code units, no whitespace, ES6 number formatting, minimal string
 * escapes; numbers are taken as doubles, as JCS requires. Returns 0,
 * PU_EINVAL for a string holding NUL, PU_ELIMIT for nesting deeper than
 * PU_CRED_MAX_DEPTH, PU_ENOMEM. On error out may hold a partial text. */
int pu_cred_jcs(struct pu_buf *out, const struct json_t *v);

/* Appends ES6 Number.prototype.toString(x) to out ("-0" gives "0").
 * PU_EINVAL for NaN or an infinity. */
int pu_cred_jcs_number(struct pu_buf *out, double x);

/* ------------------------------------- base58, multibase, multikey, DIDs */

/* base58btc (Bitcoin alphabet) of n bytes, appended to out. */
int pu_cred_base58_encode(struct pu_buf *out, const unsigned char *in,
			  size_t n);

/* Decodes base58btc text of len characters into out (cap bytes), *n gets the
 * length. PU_EINVAL names the first bad character and its position; PU_ELIMIT
 * when it does not fit in cap. Input longer than 1024 characters is
 * PU_ELIMIT. */
int pu_cred_base58_decode(unsigned char *out, size_t cap, size_t *n,
			  const char *in, size_t len);

/* Multibase: 'z' + base58btc, or 'u' + base64url without padding. The
 * encoder takes the prefix character; the decoder reads it from the text and
 * accepts only 'z' and 'u'. Decode: PU_EINVAL for an unknown prefix or a bad
 * character (position given), PU_ELIMIT when the result exceeds cap. */
int pu_cred_multibase_encode(struct pu_buf *out, char base,
			     const unsigned char *in, size_t n);
int pu_cred_multibase_decode(unsigned char *out, size_t cap, size_t *n,
			     const char *in);

/* Multikey public key: "z6Mk..." = 'z' + base58btc(0xed 0x01 || pk). */
int pu_cred_multikey_encode_public(struct pu_buf *out,
				   const unsigned char pk[32]);
/* Decodes a public Multikey; PU_EINVAL unless it is 'z' + an Ed25519 key
 * (0xed01 header, 32 bytes). */
int pu_cred_multikey_decode_public(unsigned char pk[32], const char *mb);

/* Multikey secret key: 'z' + base58btc(0x80 0x26 || key). Decoding accepts a
 * 32-byte seed (the W3C vectors) or 64 bytes seed || public key (Digital
 * Bazaar's export; the public half must match the seed) and gives the seed.
 * The encoder writes the 32-byte form. Wipe the seed after use. */
int pu_cred_multikey_encode_secret(struct pu_buf *out,
				   const unsigned char seed[32]);
int pu_cred_multikey_decode_secret(unsigned char seed[32], const char *mb);

/* did:key of an Ed25519 public key ("did:key:z6Mk..."), appended to out. */
int pu_cred_didkey_from_public(struct pu_buf *out, const unsigned char pk[32]);

/* Verification-method id of a did:key ("did:key:<mb>#<mb>"), appended. */
int pu_cred_didkey_vm(struct pu_buf *out, const unsigned char pk[32]);

/* Resolves a did:key DID or verification-method URL locally: the key must be
 * an Ed25519 Multikey (z6Mk...), and a fragment, when present, must repeat the
 * key. PU_EINVAL otherwise (the message says which part is wrong). */
int pu_cred_didkey_resolve(unsigned char pk[32], const char *did_or_vm);

/* --------------------------------------------------------- signing keys */

/* An Ed25519 signing key. Wipe with pu_cred_key_wipe. */
typedef struct pu_cred_key {
	unsigned char pk[32];
	unsigned char sk[64]; /* libsodium form: seed || pk */
} pu_cred_key;

/* Derives the key pair of a 32-byte seed. */
int pu_cred_key_from_seed(pu_cred_key *k, const unsigned char seed[32]);
/* Reads a secretKeyMultibase (32- or 64-byte form, see above). */
int pu_cred_key_from_multibase(pu_cred_key *k, const char *mb);
/* A fresh random key pair. */
int pu_cred_key_generate(pu_cred_key *k);
void pu_cred_key_wipe(pu_cred_key *k);

/* --------------------------------------------------- eddsa-jcs-2022 */

/* Optional members of a new proof. Zero-initialise or PU_CRED_SIGN_INIT. */
typedef struct pu_cred_sign_options {
	unsigned int version;
	const char *purpose;   /* NULL: "assertionMethod" */
	const char *expires;   /* NULL: none */
	const char *domain;    /* NULL: none */
	const char *challenge; /* NULL: none */
} pu_cred_sign_options;

#define PU_CRED_SIGN_VERSION 1
#define PU_CRED_SIGN_INIT                                                      \
	{                                                                      \
		PU_CRED_SIGN_VERSION, NULL, NULL, NULL, NULL                   \
	}

/* Adds an eddsa-jcs-2022 DataIntegrityProof to doc (an object without
 * "proof"), in place, exactly as CREDENTIALS.md 2.3: the proof carries a copy
 * of doc's @context, hashData = SHA-256(JCS(proof config)) ||
 * SHA-256(JCS(doc)), Ed25519 over it, proofValue 'z' + base58btc. created is an
 * XML Schema dateTime chosen by the caller ("2025-06-01T10:00:00Z"), so the
 * result is reproducible; verificationMethod is the key's did:key. opt may be
 * NULL. Returns 0; PU_EINVAL when doc is not an object, already has a proof, or
 * a date is malformed. */
int pu_cred_sign_json(struct json_t *doc, const pu_cred_key *key,
		      const char *created, const pu_cred_sign_options *opt);

/* The same over JSON text (parsed with pu_cred_parse): *out gets the signed
 * credential as canonical (JCS) JSON text, malloc'd, the caller frees it. */
int pu_cred_sign(char **out, const char *json, size_t len,
		 const pu_cred_key *key, const char *created,
		 const pu_cred_sign_options *opt);

/* hashData of the algorithm: SHA-256(JCS(proof_config)) ||
 * SHA-256(JCS(unsecured)), 64 bytes. proof_config must not hold proofValue
 * and unsecured not proof (they are canonicalised as given). */
int pu_cred_proof_hash(unsigned char out[64], const struct json_t *proof_config,
		       const struct json_t *unsecured);

/* How a proof was judged. */
typedef enum pu_cred_proof_result {
	PU_CRED_PROOF_VALID = 0,
	PU_CRED_PROOF_INVALID, /* malformed, wrong key, or does not verify */
	PU_CRED_PROOF_UNSUPPORTED, /* another type or cryptosuite */
	PU_CRED_PROOF_MISSING	   /* no proof at all */
} pu_cred_proof_result;

/* What a proof check expects. Zero-initialise or PU_CRED_PROOF_INIT. */
typedef struct pu_cred_proof_options {
	unsigned int version;
	const char *purpose; /* NULL: "assertionMethod" */
	const char *domain;  /* when set, the proof's domain must equal it */
	const char
	    *challenge;	  /* when set, the proof's challenge must equal it */
	bool bind_issuer; /* the key's DID must be the document's issuer
			     (issuer or issuer.id), as @digitalbazaar/vc */
	int64_t now;	  /* for "expires" (Unix seconds); 0: not checked */
} pu_cred_proof_options;

#define PU_CRED_PROOF_VERSION 1
#define PU_CRED_PROOF_INIT                                                     \
	{                                                                      \
		PU_CRED_PROOF_VERSION, NULL, NULL, NULL, true, 0               \
	}

/* Verifies the proof (or every proof of a proof set) of doc, CREDENTIALS.md
 * 2.4, with did:key resolution. Returns the result; reason (may be NULL) gets
 * one line saying why, at most reason_len bytes with the NUL. The signer's
 * DID is copied into signer (may be NULL) when the proof is valid. opt may be
 * NULL (defaults). Never fails otherwise: out of memory is INVALID with the
 * reason "out of memory". */
pu_cred_proof_result pu_cred_proof_verify(const struct json_t *doc,
					  const pu_cred_proof_options *opt,
					  char *reason, size_t reason_len,
					  struct pu_buf *signer);

/* ---------------------------------------------------------- date-times */

/* Parses an XML Schema dateTime with a time zone ("2025-06-01T10:00:00Z",
 * "...T10:00:00.5-03:00"; years 0001-9999) into Unix seconds (fractions
 * dropped). PU_EINVAL when malformed or without zone. */
int pu_cred_time_parse(int64_t *out, const char *s);
/* Formats Unix seconds as "YYYY-MM-DDTHH:MM:SSZ" into buf (>= 21 bytes). */
int pu_cred_time_format(char *buf, size_t len, int64_t t);

/* ---------------------------------------------- Bitstring Status List */

typedef struct pu_cred_bits pu_cred_bits;

/* A new list of nbits entries, all 0. nbits >= PU_CRED_MIN_BITS, a multiple
 * of 8, at most PU_CRED_MAX_BITSTRING * 8 (PU_ELIMIT / PU_EINVAL). Free with
 * pu_cred_bits_free. */
int pu_cred_bits_new(pu_cred_bits **out, size_t nbits);
void pu_cred_bits_free(pu_cred_bits *b);
size_t pu_cred_bits_count(const pu_cred_bits *b);
/* Entry i (MSB first: byte i/8, mask 0x80 >> i%8). PU_EINVAL past the end. */
int pu_cred_bits_set(pu_cred_bits *b, size_t i, bool value);
int pu_cred_bits_get(const pu_cred_bits *b, size_t i, bool *value);
/* encodedList: 'u' + base64url-nopad(gzip(bits)), appended to out. */
int pu_cred_bits_encode(const pu_cred_bits *b, struct pu_buf *out);
/* Decodes an encodedList (gunzip capped at PU_CRED_MAX_BITSTRING bytes).
 * PU_EINVAL for a bad prefix, base64url or gzip, or a list shorter than
 * PU_CRED_MIN_BITS; PU_ELIMIT when it inflates past the cap. */
int pu_cred_bits_decode(pu_cred_bits **out, const char *encoded);

/* The unsigned BitstringStatusListCredential for list (context VC v2 only,
 * id list_url, credentialSubject id list_url#list, statusPurpose purpose:
 * "revocation" or "suspension"). valid_from/valid_until may be NULL; ttl_ms 0
 * means none. Sign it with pu_cred_sign_json. New reference in *out. */
int pu_cred_statuslist_credential(struct json_t **out, const pu_cred_bits *b,
				  const char *list_url, const char *issuer,
				  const char *purpose, const char *valid_from,
				  const char *valid_until, int64_t ttl_ms);

/* The credentialStatus entry for index i of list_url (a new object). */
struct json_t *pu_cred_status_entry(const char *list_url, const char *purpose,
				    size_t index);

/* A cache of status list credentials, keyed by their id. Each list is
 * verified once, when added (its proof, bound to its issuer; its shape; its
 * bitstring), so checking a credential costs a lookup. Not thread-safe while
 * lists are added; read-only use by several threads is safe. */
typedef struct pu_cred_status_cache pu_cred_status_cache;

int pu_cred_status_cache_new(pu_cred_status_cache **out);
void pu_cred_status_cache_free(pu_cred_status_cache *c);
/* Adds a status list credential (JSON text). now (Unix seconds) is for the
 * proof's "expires". Returns 0 when the list verified and was added (a list
 * with the same id is replaced); PU_EINVAL / PU_ELIMIT when it is malformed
 * or its proof fails. A list whose id could be read but that failed is kept
 * as failed, so that a credential pointing to it reports why its status is
 * unknown. */
int pu_cred_status_cache_add(pu_cred_status_cache *c, const char *json,
			     size_t len, int64_t now);
/* Number of lists held (verified or failed). */
size_t pu_cred_status_cache_count(const pu_cred_status_cache *c);

/* -------------------------------------------------------- trust lists */

/* Accredited issuers from signed trust lists (docs/formats.md "Trust
 * list"). Anchors are the DIDs of the authorities whose lists are accepted;
 * a list signed by anyone else is refused. Same threading rule as the status
 * cache. */
typedef struct pu_cred_trust pu_cred_trust;

int pu_cred_trust_new(pu_cred_trust **out);
void pu_cred_trust_free(pu_cred_trust *t);
/* Accepts lists signed by did (a did:key). */
int pu_cred_trust_add_anchor(pu_cred_trust *t, const char *did);
/* Adds a trust list (JSON text): it must have a valid eddsa-jcs-2022 proof by
 * its issuer, which must be an anchor, and be well formed. Its validity dates
 * are checked when credentials are verified, not here. PU_EINVAL with the
 * reason otherwise; PU_EDENIED when the signer is not an anchor. */
int pu_cred_trust_add_list(pu_cred_trust *t, const char *json, size_t len,
			   int64_t now);
size_t pu_cred_trust_count(const pu_cred_trust *t);

/* ------------------------------------------------------- verification */

typedef enum pu_cred_doc_result {
	PU_CRED_DOC_OK = 0,
	PU_CRED_DOC_MALFORMED, /* not JSON, duplicate keys, numbers out of
				  range, not a credential's shape */
	PU_CRED_DOC_TOO_LARGE, /* over the size or depth limit */
	PU_CRED_DOC_CONTEXT    /* an @context not on the allow-list */
} pu_cred_doc_result;

typedef enum pu_cred_sig_result {
	PU_CRED_SIG_VALID = 0,
	PU_CRED_SIG_INVALID,	 /* the proof is malformed or does not verify */
	PU_CRED_SIG_UNSUPPORTED, /* a proof type or cryptosuite we do not verify
				  */
	PU_CRED_SIG_MISSING,	 /* no proof */
	PU_CRED_SIG_NOT_CHECKED	 /* the document could not be read */
} pu_cred_sig_result;

typedef enum pu_cred_trust_result {
	PU_CRED_TRUST_TRUSTED = 0,
	PU_CRED_TRUST_UNTRUSTED,  /* on no list (in force, in scope) */
	PU_CRED_TRUST_NOT_CHECKED /* no trust list was given, no issuer, or
				     the signature is not valid (the issuer
				     is then only a claim) */
} pu_cred_trust_result;

typedef enum pu_cred_status_result {
	PU_CRED_STATUS_ACTIVE = 0, /* every entry checked: not revoked */
	PU_CRED_STATUS_NONE,	   /* no credentialStatus: cannot be revoked */
	PU_CRED_STATUS_REVOKED,
	PU_CRED_STATUS_SUSPENDED,
	PU_CRED_STATUS_UNKNOWN /* list missing, failed, stale or unreadable */
} pu_cred_status_result;

typedef enum pu_cred_dates_result {
	PU_CRED_DATES_VALID = 0,
	PU_CRED_DATES_NOT_YET_VALID,
	PU_CRED_DATES_EXPIRED,
	PU_CRED_DATES_INVALID /* a date is malformed */
} pu_cred_dates_result;

#define PU_CRED_REASON 256

/* The outcome of pu_cred_verify: one result per question, each with a
 * one-line reason, and the overall verdict. Strings are owned by the report.
 */
typedef struct pu_cred_report {
	bool ok; /* document OK, signature valid, issuer trusted (or trust
		    not checked when opts allow it), status active or none,
		    dates valid */
	pu_cred_doc_result doc;
	char doc_reason[PU_CRED_REASON];
	pu_cred_sig_result sig;
	char sig_reason[PU_CRED_REASON];
	pu_cred_trust_result trust;
	char trust_reason[PU_CRED_REASON];
	pu_cred_status_result status;
	char status_reason[PU_CRED_REASON];
	pu_cred_dates_result dates;
	char dates_reason[PU_CRED_REASON];

	char *id;	  /* credential id, or NULL */
	char *issuer;	  /* issuer DID/URL, or NULL */
	char *signer;	  /* DID of the key that signed, when valid */
	char *trust_list; /* id of the trust list that accredits the issuer */
	char *trust_authority;		/* the DID that signed that list */
	char *trust_country;		/* the issuer's country on that list */
	char *trust_role;		/* the issuer's role on that list */
	char *status_list;		/* the list that decided the status */
	char *valid_from, *valid_until; /* as written in the credential */
} pu_cred_report;

void pu_cred_report_free(pu_cred_report *r);

typedef struct pu_cred_verify_options {
	unsigned int version;
	int64_t now; /* Unix seconds for the dates; 0: the current time */
	const pu_cred_trust *trust;	    /* NULL: trust not checked */
	const pu_cred_status_cache *status; /* NULL: status unknown if any */
	bool require_trust; /* ok needs TRUSTED (else NOT_CHECKED passes) */
	size_t max_len;	    /* 0: PU_CRED_MAX_DOC */
} pu_cred_verify_options;

#define PU_CRED_VERIFY_VERSION 1
#define PU_CRED_VERIFY_INIT                                                    \
	{                                                                      \
		PU_CRED_VERIFY_VERSION, 0, NULL, NULL, true, 0                 \
	}

/* Verifies a credential given as bytes (any bytes: hostile input is
 * reported, never crashes): parse (strict), context allow-list (exactly VC
 * v2, optionally followed by OB 3.0.3; no embedded contexts), types, the
 * eddsa-jcs-2022 proof with issuer binding, validity dates against now, the
 * issuer against the trust lists, and every credentialStatus entry against
 * the cached status lists (whose issuer must be the credential's). Returns 0
 * and the report in *out (free with pu_cred_report_free) whatever the
 * credential's outcome; PU_ENOMEM only when out of memory. opt may be NULL. */
int pu_cred_verify(pu_cred_report **out, const char *data, size_t len,
		   const pu_cred_verify_options *opt);

/* Short names of the results ("valid", "revoked", "not-yet-valid", ...), as
 * used in the JSON report. */
const char *pu_cred_doc_name(pu_cred_doc_result r);
const char *pu_cred_sig_name(pu_cred_sig_result r);
const char *pu_cred_trust_name(pu_cred_trust_result r);
const char *pu_cred_status_name(pu_cred_status_result r);
const char *pu_cred_dates_name(pu_cred_dates_result r);

/* The report as JSON (new reference; NULL when out of memory):
 * {"ok", "credential": {id, issuer}, "document", "signature", "trust",
 *  "status", "validity"}, each {"result", "reason", ...}. See
 * docs/formats.md "Verification report". */
struct json_t *pu_cred_report_to_json(const pu_cred_report *r);

#endif
