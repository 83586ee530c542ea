/*
 * Issuing and revoking credentials. A certificate of a catalogue standard is
 * built as an Open Badges 3.0 OpenBadgeCredential (VC Data Model 2.0), given
 * a revocation and a suspension entry in the issuer's Bitstring Status Lists,
 * signed with eddsa-jcs-2022 (pu_cred_sign_json), recorded (id, issuer,
 * standard, list position, times, SHA-256 of the document: no personal data)
 * and audited, in one transaction. Revocation, suspension and their undoing
 * flip bits, re-sign the lists and audit the reason, also in one transaction,
 * for one credential or a hundred thousand. Trust lists (docs/formats.md
 * "Trust list") are built and signed here too. The credential profile is in
 * docs/formats.md ("Issued credentials") and docs/design.md.
 *
 * JSON values are jansson's (json_t); include <jansson.h> to use them.
 */
#ifndef PUENTE_ISSUE_H
#define PUENTE_ISSUE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "puente/auth.h"

struct json_t;
struct pu_store;
struct pu_cred_key;
struct pu_cred_status_cache;

/* Entries of a new status list (the W3C minimum). */
#define PU_ISSUE_LIST_SIZE 131072
/* Default base of the URLs a credential names (achievements, status lists);
 * the PUENTE_BASE_URL environment variable of the CLI and server overrides
 * it. A list keeps the URL it was created with. */
#define PU_ISSUE_BASE_URL "https://puente.example"
/* Default ttl written into status list credentials (one day, in ms). */
#define PU_ISSUE_LIST_TTL_MS (24 * 3600 * 1000LL)
/* At most this many credentials in one revocation. */
#define PU_REVOKE_MAX 10000000
/* Reasons: 1 to this many bytes, kept in the audit log. */
#define PU_REVOKE_MAX_REASON 200

/* ------------------------------------------------------------ the issuer */

/* Who signs: the key (its did:key is the credential's issuer) and the
 * issuer's profile. Borrowed for the call. */
typedef struct pu_issuer {
	const struct pu_cred_key *key;
	const char *name;     /* issuer profile name ("INA Costa Rica") */
	const char *country;  /* its country (ISO 3166-1 alpha-2 or region) */
	const char *url;      /* its web site, or NULL */
	const char *lang;     /* its language ("es"), or NULL: the standard's */
	const char *base_url; /* NULL: PU_ISSUE_BASE_URL */
} pu_issuer;

/* Finds the signing key of an issuer DID (to re-sign that issuer's status
 * lists): *out borrowed until the end of the operation. Returns 0,
 * PU_ENOTFOUND, PU_EAUTH... with the message set. */
typedef int (*pu_issue_key_fn)(void *arg, const char *did,
			       const struct pu_cred_key **out);

/* ------------------------------------------------------------- issuance */

typedef struct pu_issue_options {
	unsigned int version;
	/* Checked with PU_ACT_CRED_ISSUE for the standard's country; NULL is a
	 * trusted local caller (unchecked), recorded in the audit log as
	 * local (or "system" when local is NULL too). */
	const pu_actor *actor;
	const pu_actor *local;
	const char *country, *code; /* the certified standard */
	/* The units achieved; NULL/0: every unit (a full certificate). Fewer
	 * than all makes a statement of attainment. */
	const char *const *units;
	size_t nunits;
	/* The holder: a DID, and/or an identifier given only as a salted
	 * SHA-256 (an IdentityObject); at least one. */
	const char *holder_did;
	const char *holder_id;
	const char *holder_id_type; /* NULL: "identifier"; OB 3.0 values */
	const char *holder_name;    /* only when the holder agrees */
	const char *lang;	    /* the holder's language; NULL: issuer's */
	const char *valid_from;	    /* dateTime; NULL: the issuing time */
	const char *valid_until;    /* dateTime; NULL: none */
	int64_t now;		    /* Unix seconds; 0: pu_auth_now() */
} pu_issue_options;

#define PU_ISSUE_OPTIONS_VERSION 1
#define PU_ISSUE_OPTIONS_INIT                                                  \
	{                                                                      \
		.version = PU_ISSUE_OPTIONS_VERSION                            \
	}

typedef enum pu_cred_state {
	PU_CRED_ACTIVE = 0,
	PU_CRED_REVOKED,
	PU_CRED_SUSPENDED
} pu_cred_state;

/* "active", "revoked", "suspended"; static. */
const char *pu_cred_state_name(pu_cred_state s);

/* The record of an issued credential (no personal data). Plain data. */
typedef struct pu_issued {
	char id[128];
	char issuer[128];
	char country[17];
	char standard[96]; /* CC/CODE */
	int64_t list;
	int64_t index;
	char issued_at[21];
	char valid_until[32]; /* "" when none */
	char digest[65]; /* SHA-256 hex of the signed credential as issued */
	pu_cred_state state;
} pu_issued;

/*
 * Issues a credential for a standard of the catalogue: builds it, takes a
 * fresh index in the issuer's status lists (a new list pair when they are
 * full), signs it, records it and audits "credential.issue", in one
 * transaction (none may be open).
 * out: the signed credential as RFC 8785 canonical JSON (free()); rec (may
 * be NULL) its record.
 * Returns 0; PU_EINVAL (unknown unit, no holder, bad date: named),
 * PU_ENOTFOUND (no such standard), PU_EAUTH / PU_EDENIED (scope),
 * PU_ESTORE, PU_ENOMEM.
 */
int pu_issue(struct pu_store *st, const pu_issuer *iss,
	     const pu_issue_options *opt, char **out, pu_issued *rec);

/*
 * Signs and records a credential given whole (the VC-API's
 * POST /credentials/issue): checks its data model (contexts, types, issuer
 * equal to the key's DID or absent, typed credentialSchema, refreshService,
 * evidence, termsOfUse, credentialStatus; dates; no proof), gives it an id
 * when it has none and status entries when it has no credentialStatus,
 * signs, records (standard: the achievement's humanCode, or "") and audits.
 * country is the scope checked with PU_ACT_CRED_ISSUE (actor NULL: trusted).
 * cred is changed in place. Returns 0, PU_EINVAL (says which member),
 * PU_EAUTH / PU_EDENIED, PU_ESTORE, PU_ENOMEM.
 */
int pu_issue_json(struct pu_store *st, const pu_issuer *iss,
		  const pu_actor *actor, const char *country,
		  struct json_t *cred, int64_t now, pu_issued *rec);

/* The record of credential id; PU_ENOTFOUND. */
int pu_issue_get(struct pu_store *st, const char *id, pu_issued *out);

/* ----------------------------------------------------------- revocation */

typedef enum pu_revoke_action {
	PU_REVOKE_REVOKE = 0, /* for good (the revocation bit) */
	PU_REVOKE_SUSPEND,    /* for now (the suspension bit) */
	PU_REVOKE_UNSUSPEND   /* lift a suspension */
} pu_revoke_action;

typedef struct pu_revoke_options {
	unsigned int version;
	const pu_actor
	    *actor; /* PU_ACT_CRED_REVOKE per country; NULL trusted */
	const pu_actor *local; /* recorded when actor is NULL */
	pu_revoke_action action;
	const char *reason; /* required: 1 to PU_REVOKE_MAX_REASON bytes */
	/* Which credentials: the ids given (each must exist), else every one
	 * of issuer (a DID; NULL: any) issued within [from, to) (dateTime or
	 * YYYY-MM-DD; NULL: unbounded). Without ids, at least one of issuer,
	 * from, to. */
	const char *const *ids;
	size_t nids;
	const char *issuer;
	const char *from, *to;
	pu_issue_key_fn key_for; /* re-signs the lists that changed */
	void *key_arg;
	int64_t now; /* 0: pu_auth_now() */
} pu_revoke_options;

#define PU_REVOKE_OPTIONS_VERSION 1
#define PU_REVOKE_OPTIONS_INIT                                                 \
	{                                                                      \
		.version = PU_REVOKE_OPTIONS_VERSION                           \
	}

typedef struct pu_revoke_result {
	size_t matched;	  /* credentials selected */
	size_t changed;	  /* whose state changed */
	size_t unchanged; /* already in the state asked (or revoked: a
			     revocation is never undone or suspended) */
	size_t lists;	  /* status lists re-signed */
} pu_revoke_result;

/*
 * Revokes, suspends or unsuspends credentials in one transaction: checks
 * the actor on every country concerned before writing, sets the bits, re-
 * signs each list that changed (key_for), updates the records and audits one
 * "credential.revoke" / "credential.suspend" / "credential.unsuspend" entry
 * per operation: subject "<n> credentials: <reason>" (the id itself when
 * one), digest the SHA-256 of the sorted ids. Returns 0; PU_EINVAL (no
 * reason, nothing selected), PU_ENOTFOUND (an id, named), PU_EAUTH /
 * PU_EDENIED, errors of key_for, PU_ESTORE.
 */
int pu_revoke(struct pu_store *st, const pu_revoke_options *opt,
	      pu_revoke_result *res);

/* ---------------------------------------------------------- status lists */

/* The signed status list credential whose id (URL) is url, or whose URL
 * ends in "/status/<name>" (name "3-revocation"): *out malloc'd JSON.
 * PU_ENOTFOUND. */
int pu_statuslist_get(struct pu_store *st, const char *url_or_name, char **out);

/* Adds every signed status list held (of issuer when not NULL) to a cache.
 * Returns 0 or the first error. */
int pu_statuslist_load(struct pu_store *st, const char *issuer,
		       struct pu_cred_status_cache *c, int64_t now);

/*
 * The status lists held (of issuer when not NULL) for offline use, as a
 * JSON array of signed list credentials. ttl_ms 0: the stored documents as
 * they are (ttl one day). ttl_ms > 0: copies re-signed now (key_for) with
 * that ttl and validUntil = now + ttl, so that a copy kept offline too
 * long reports "unknown" rather than a stale "active". New reference in
 * *out. */
int pu_statuslist_export(struct pu_store *st, const char *issuer,
			 int64_t ttl_ms, pu_issue_key_fn key_for, void *key_arg,
			 int64_t now, struct json_t **out);

/* ------------------------------------------------------------ trust lists */

/* One accredited issuer of a trust list. */
typedef struct pu_trust_entry {
	const char *did;	  /* did:key, no fragment */
	const char *name;	  /* or NULL */
	const char *country;	  /* ISO 3166-1 alpha-2 or region code */
	const char *role;	  /* "authority", "certification-body", ... */
	const char *const *scope; /* patterns ("CR/" + "*"); none: "*" */
	size_t nscope;
	const char *valid_from, *valid_until; /* dateTimes or NULL */
} pu_trust_entry;

/* A new, unsigned trust list (docs/formats.md): id a URL, name, and its
 * validity (dateTimes; NULL: none). The issuer is set when signed. New
 * reference in *out; PU_EINVAL. */
int pu_trustlist_new(struct json_t **out, const char *id, const char *name,
		     const char *valid_from, const char *valid_until);

/* Adds an issuer, replacing an entry with the same DID and valid_from;
 * drops the list's proof (it must be signed again). PU_EINVAL (names the
 * field). */
int pu_trustlist_add(struct json_t *list, const pu_trust_entry *e);

/* Signs the list as its issuer with key (eddsa-jcs-2022), replacing any
 * earlier proof; created a dateTime. PU_EINVAL. */
int pu_trustlist_sign(struct json_t *list, const struct pu_cred_key *key,
		      const char *created);

#endif
