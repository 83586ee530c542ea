/*
 * `puente serve`: the HTTP server on libmicrohttpd (docs/design.md, "Server").
 * This header is the server's own: the request every handler receives, the
 * reply helpers, the route table, the shared context (stores per thread, the
 * index snapshot), metrics and the portal's pages.
 */
#ifndef PU_SERVER_SERVER_H
#define PU_SERVER_SERVER_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "http.h"
#include "puente/auth.h"
#include "puente/buf.h"

struct MHD_Connection;
struct pu_store;
struct pu_index;
struct pu_translator;

typedef struct srv_options {
	const char *listen; /* "127.0.0.1:8080" */
	const char *db;     /* store location */
	unsigned int threads;
	bool secure_cookies; /* add Secure to cookies (behind TLS) */
	bool quiet;          /* no access log */
	const char *ready_file; /* written with the address once serving */
} srv_options;

/* Serves until SIGTERM or SIGINT, then lets in-flight requests finish. Returns
 * 0, or a PU_E* code with the message set when it cannot start. */
int srv_run(const srv_options *o);

/* Body size limits. */
#define SRV_BODY_DEFAULT (1u << 20)
#define SRV_BODY_IMPORT (32u << 20)
#define SRV_BODY_EVIDENCE (20u << 20) /* PU_EVIDENCE_MAX_BYTES */
#define SRV_JSON_DEPTH 32
#define SRV_MAX_HEADERS 64

struct srv_route;

/* One request, from the first byte to the reply. */
typedef struct srv_req {
	struct MHD_Connection *conn;
	const char *method;
	const char *url;
	http_path path;
	const struct srv_route *route;
	pu_arena *arena;        /* freed when the request completes */
	pu_buf body;            /* capped at the route's max_body */
	bool body_too_large;
	struct timespec start;
	/* the reply */
	int status;
	const char *target;     /* the request target as sent, query included */
	char *reply;            /* malloc'd */
	size_t reply_len;
	const char *content_type;
	char set_cookie[2][256];
	const char *cache;      /* Cache-Control value, or NULL: no-store */
	char etag[48];          /* sent when set */
	char retry_after[16];   /* Retry-After, sent when set */
	int64_t version;        /* catalogue version, for catalogue routes */
	bool uncacheable;       /* set by a handler whose reply is provisional */
	bool page;              /* an HTML page: send the CSP */
	/* who, once srv_authenticate succeeded */
	bool signed_in, by_cookie;
	pu_actor actor;
	pu_session session;     /* when by_cookie */
} srv_req;

typedef int (*srv_handler)(srv_req *r);

typedef struct srv_route {
	const char *method;
	const char *pattern; /* "/api/v1/standards/{}/{}"; "{}" is one segment,
				a final "*" the rest */
	srv_handler fn;
	size_t max_body;     /* 0: SRV_BODY_DEFAULT */
	/* The reply depends only on the request target and the catalogue
	 * version: it is kept in the reply cache and sent with an ETag. */
	bool catalogue;
} srv_route;

/* The route for method and path: *route set and 0; or 404 when no pattern
 * matches, 405 when patterns match with other methods. */
int srv_route_find(const char *method, const http_path *p,
		   const srv_route **route);
/* Every route, for metrics (count in *n). */
const srv_route *srv_routes(size_t *n);

/* Replies. Each returns the status so a handler can `return srv_json(...)`. */
int srv_json(srv_req *r, int status, json_t *body); /* steals body */
int srv_error(srv_req *r, int status, const char *code, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
/* The reply for a library failure: PU_E* code -> status, message. */
int srv_fail(srv_req *r, int rc);
/* Takes data (malloc'd) as the reply body. */
int srv_bytes(srv_req *r, int status, const char *type, char *data,
	      size_t len);
/* Adds a Set-Cookie header (at most two per reply). */
void srv_set_cookie(srv_req *r, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Request helpers. */
const char *srv_query(srv_req *r, const char *key); /* decoded, or NULL */
const char *srv_header(srv_req *r, const char *name);
const char *srv_cookie(srv_req *r, const char *name);
/* The body parsed as a JSON object within the depth limit; on failure the
 * error reply is made and NULL returned (the status in *status). */
json_t *srv_body_json(srv_req *r, int *status);

/* Shared context. */
int srv_context_init(const srv_options *o);
void srv_context_free(void);
const srv_options *srv_opts(void);
/* This thread's store (opened on first use); NULL with the message set. */
struct pu_store *srv_store(void);
/* This thread's translator (Apertium), or NULL when not installed. */
struct pu_translator *srv_translator(void);
/* The current index with a reference the caller drops (pu_index_decref);
 * NULL while the first one is being built. */
struct pu_index *srv_index(void);
/* Asks the builder to look at the catalogue version now (after a write). */
void srv_index_poke(void);

/* The reply cache (cache.c): replies of catalogue routes by request target
 * and catalogue version, bounded in memory. get copies the reply into r and
 * returns true on a hit. */
void srv_cache_init(void);
void srv_cache_free(void);
bool srv_cache_get(srv_req *r, int64_t version);
void srv_cache_put(const srv_req *r, int64_t version);
/* A strong validator for the reply: catalogue version and key. */
void srv_cache_etag(const srv_req *r, int64_t version, char *out, size_t n);

/* Destination authorities' homologation policies (policies.c): the policy of
 * country CC from CC.json of $PUENTE_POLICIES (else var/policies), read again
 * when the directory changes; NULL: the documented defaults. The pointer stays
 * valid until srv_policies_free. The generation moves when the policies were
 * read again: part of the catalogue replies' cache version. */
const struct pu_policy *srv_policy(const char *country);
uint64_t srv_policy_generation(void);
void srv_policies_free(void);
/* The state of a directory's *.json files (count, sizes, times): a change of
 * it means a file was added, removed or replaced. */
void srv_dir_state(const char *dir, char *out, size_t n);
/* True for the names such a directory reads: "x.json", not hidden. */
bool srv_json_file(const char *name);

/* Metrics. */
void srv_metrics_record(const srv_route *route, int status, double seconds);
char *srv_metrics_text(size_t *len);

/* The portal: pages and static files from web/, and the i18n strings. */
int srv_pages_init(void);
void srv_pages_free(void);
/* Serves the page or static file of the request's path; 0 when none. */
int srv_page(srv_req *r);
/* The chosen language of the request (query, cookie, Accept-Language). */
const char *srv_lang(srv_req *r);
/* A translated string (borrowed), falling back to English, then key. */
const char *srv_t(const char *lang, const char *key);

/* Sign-in attempts per client address (ratelimit.c): seconds to wait before
 * trying again (0: go ahead), and a failure to count. */
int srv_signin_allowed(srv_req *r);
void srv_signin_failed(srv_req *r);

/* Finds the actor of the request (API token, else session cookie, whose
 * unsafe requests must echo the CSRF token): 0, or the status of the error
 * reply made (401, 403). */
int srv_authenticate(srv_req *r);

struct pu_issue_options;
struct pu_issued;
/* Issues a certificate (pu_issue) signed with the server's active key, the
 * issuer named for the request's actor: 0, or the status of the error reply
 * made (503 without a key). The caller frees *json. */
int srv_issue(srv_req *r, const struct pu_issue_options *o, char **json,
	      struct pu_issued *rec);

/* Handlers (api_*.c). */
int api_healthz(srv_req *r);
int api_metrics(srv_req *r);
int api_status(srv_req *r);
int api_countries(srv_req *r);
int api_frameworks(srv_req *r);
int api_framework(srv_req *r);
int api_levels_compare(srv_req *r);
int api_standards(srv_req *r);
int api_standard(srv_req *r);
int api_homologate(srv_req *r);
int api_guide(srv_req *r);
int api_agreements(srv_req *r);
int api_agreement(srv_req *r);
int api_session_new(srv_req *r);
int api_session_get(srv_req *r);
int api_session_delete(srv_req *r);
int api_imports(srv_req *r);
int api_vc_issue(srv_req *r);
int api_vc_verify(srv_req *r);
int api_credential_verify(srv_req *r);
int api_credential_revoke(srv_req *r);
int api_status_list(srv_req *r);
int api_trust(srv_req *r);
int api_agreement_confirm(srv_req *r);
/* Recognition cases (api_cases.c) and accreditation, recognition
 * decisions (api_accredit.c). */
int api_candidate_add(srv_req *r);
int api_candidate_erase(srv_req *r);
int api_candidate_get(srv_req *r);
int api_cases_list(srv_req *r);
int api_case_open(srv_req *r);
int api_case_get(srv_req *r);
int api_case_self_assess(srv_req *r);
int api_case_evidence(srv_req *r);
int api_case_evidence_file(srv_req *r);
int api_case_evidence_get(srv_req *r);
int api_case_plan(srv_req *r);
int api_case_assess(srv_req *r);
int api_case_decide(srv_req *r);
int api_case_appeal(srv_req *r);
int api_case_certificate(srv_req *r);
int api_case_close(srv_req *r);
int api_case_withdraw(srv_req *r);
int api_case_fee(srv_req *r);
int api_case_follow(srv_req *r);
int api_accreditations(srv_req *r);
int api_accredit_org_add(srv_req *r);
int api_accredit_org_withdraw(srv_req *r);
int api_accredit_grant(srv_req *r);
int api_accredit_grant_withdraw(srv_req *r);
int api_recognitions(srv_req *r);
int api_recognition(srv_req *r);
int api_recognition_decide(srv_req *r);

#endif
