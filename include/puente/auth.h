/*
 * Accounts, roles and scope. One function, pu_authorize, decides whether an
 * actor may do an action on a country's (or a centre's) data; the library's
 * writing operations call it themselves (an import checks every record), so no
 * front-end can skip it. Accounts have Argon2id passwords; sign-in gives a
 * session token and API tokens serve machines; both are 32 random bytes shown
 * once and stored only as SHA-256 digests. Failed sign-ins are counted per
 * name: 5 failures in 15 minutes refuse sign-ins for that name for 15 minutes.
 * The role matrix is in docs/design.md ("Accounts, roles and scope").
 * Functions that write (accounts, sign-in, tokens) run their own transaction
 * on the store, so none may be open when they are called; each connection is
 * used by one thread at a time, as every store function.
 */
#ifndef PUENTE_AUTH_H
#define PUENTE_AUTH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct pu_store;

#define PU_AUTH_MAX_NAME 64     /* account names: [a-z0-9._@-], 1 to 64 */
#define PU_AUTH_MAX_CENTRE 64   /* centre ids: [A-Za-z0-9._-], 1 to 64 */
#define PU_AUTH_MAX_COUNTRY 16  /* "CL", "CARICOM" */
#define PU_AUTH_MIN_PASSWORD 12 /* characters (code points) */
#define PU_AUTH_MAX_PASSWORD 1024 /* bytes */
#define PU_AUTH_TOKEN_SIZE 64   /* room for a token string and its NUL */
#define PU_AUTH_SESSION_IDLE (8 * 3600)      /* seconds */
#define PU_AUTH_SESSION_MAX (24 * 3600)      /* seconds */
#define PU_AUTH_LOCK_FAILURES 5
#define PU_AUTH_LOCK_WINDOW (15 * 60)        /* seconds */
#define PU_AUTH_LOCK_TIME (15 * 60)          /* seconds */

typedef enum pu_role {
	PU_ROLE_NONE = 0,  /* the public: no account */
	PU_ROLE_ADMIN,     /* regional administrator: every country */
	PU_ROLE_AUTHORITY, /* national authority: one country */
	PU_ROLE_CENTRE,    /* staff of an assessment centre of one country */
	PU_ROLE_ASSESSOR   /* assessor of one centre */
} pu_role;

/* "admin", "authority", "centre", "assessor" ("public" for NONE); static. */
const char *pu_role_name(pu_role r);
/* The reverse; PU_EINVAL naming the accepted words. */
int pu_role_parse(const char *s, pu_role *out);

/* Who acts. Plain data, copied freely; nothing to free. country and centre
 * are "" when the role has none. */
typedef struct pu_actor {
	int64_t user_id; /* 0 for the CLI actor and the system */
	char name[PU_AUTH_MAX_NAME + 8]; /* account name, or "cli:<unix user>" */
	pu_role role;
	char country[PU_AUTH_MAX_COUNTRY + 1];
	char centre[PU_AUTH_MAX_CENTRE + 1];
} pu_actor;

/* The actor of the command-line tool: "cli:<unix_user>" acting as an
 * administrator (whoever can write the database file already is one; this is
 * how the first accounts are made). unix_user NULL: the effective user's name
 * from the password database, else its uid. Returns 0. */
int pu_actor_cli(pu_actor *out, const char *unix_user);

/* What an actor may do; the scope each role has for each is in docs/design.md.
 * Country-scoped actions take the country whose data is written; centre-scoped
 * ones the country and the centre. */
typedef enum pu_action {
	PU_ACT_CATALOGUE_WRITE,   /* import a country's standards */
	PU_ACT_FRAMEWORK_WRITE,   /* import a country's frameworks, referencing */
	PU_ACT_AGREEMENT_WRITE,   /* import agreements the country is party to */
	PU_ACT_AGREEMENT_CONFIRM, /* confirm an equivalence the country grants */
	PU_ACT_USER_MANAGE,       /* add, disable, enable accounts; tokens */
	PU_ACT_AUDIT_READ,        /* read the audit log (NULL country: all) */
	PU_ACT_CASE_READ,         /* read a centre's recognition cases */
	PU_ACT_CASE_WRITE,        /* open and update a centre's cases */
	PU_ACT_ASSESS,            /* record assessment results at a centre */
	PU_ACT_DECIDE,            /* decide a case of a centre */
	PU_ACT_CRED_ISSUE,        /* issue a country's credentials */
	PU_ACT_CRED_REVOKE,       /* revoke a country's credentials */
	PU_ACT_ACCREDIT,          /* accredit a country's centres, bodies and
				     assessors, and withdraw accreditation */
	PU_ACT_RECOGNISE,         /* decide on a foreign certificate presented
				     in the country */
	PU_ACT_COUNT
} pu_action;

/* "catalogue.write", ...; static. */
const char *pu_action_name(pu_action a);

/* Decides. Returns 0 when actor may do action on country's (and centre's)
 * data; PU_EAUTH when actor is NULL (the public: sign in first); PU_EDENIED
 * with a message naming who and what ("authority of CL may not write PE's
 * catalogue"). country NULL means data of no one country (a regional record,
 * the whole audit log): only an unscoped role passes. Pure. */
int pu_authorize(const pu_actor *actor, pu_action action, const char *country,
		 const char *centre);

/* An account as listed; nothing to free. */
typedef struct pu_user {
	int64_t id;
	char name[PU_AUTH_MAX_NAME + 1];
	pu_role role;
	char country[PU_AUTH_MAX_COUNTRY + 1]; /* "" for an admin */
	char centre[PU_AUTH_MAX_CENTRE + 1];   /* "" unless centre/assessor */
	bool disabled;
	int64_t created_at; /* Unix seconds */
} pu_user;

/* The actor an account acts as. */
void pu_user_actor(const pu_user *u, pu_actor *out);

/* Adds an account (u->name, role, country, centre; id and the rest are
 * ignored) with password, hashed with Argon2id, and audits "user.add" in the
 * same transaction (none may be open). by may manage accounts of u's country
 * (PU_ACT_USER_MANAGE); only an administrator creates administrators and
 * authorities. Rules: a name of 1 to 64 of [a-z0-9._@-] (upper case is
 * folded) starting with a letter or digit; an admin has no country, an
 * authority a country and no centre, centre staff and assessors both; a
 * password of at least 12 characters that is not the name. Returns 0 and the
 * new id in *id (may be NULL), PU_EINVAL, PU_ECONFLICT when the name is
 * taken, PU_EAUTH / PU_EDENIED, PU_ESTORE. */
int pu_user_add(struct pu_store *st, const pu_actor *by, const pu_user *u,
		const char *password, int64_t *id);

/* The account called name (folded to lower case); PU_ENOTFOUND. */
int pu_user_get(struct pu_store *st, const char *name, pu_user *out);

/* Accounts sorted by name: every one for an administrator or a NULL by (a
 * trusted local caller), those of its country for an authority; PU_EDENIED
 * for others. The caller frees *out with free(). */
int pu_user_list(struct pu_store *st, const pu_actor *by, pu_user **out,
		 size_t *n);

/* Disables (refuses sign-ins, sessions and tokens; ends open sessions) or
 * enables an account, audited as "user.disable" / "user.enable". Scope as
 * pu_user_add. PU_ENOTFOUND, PU_EAUTH / PU_EDENIED. */
int pu_user_set_disabled(struct pu_store *st, const pu_actor *by,
			 const char *name, bool disabled);

/* Changes the password of name and ends its sessions, audited as
 * "user.password". by is the account itself, which must give old_password,
 * or one that may manage it (old_password ignored). PU_EINVAL for a weak
 * password, PU_EAUTH for a wrong old password, PU_EDENIED, PU_ENOTFOUND. */
int pu_user_set_password(struct pu_store *st, const pu_actor *by,
			 const char *name, const char *old_password,
			 const char *new_password);

/* A signed-in session. Plain data; nothing to free. */
typedef struct pu_session {
	pu_actor actor;
	char csrf[PU_AUTH_TOKEN_SIZE]; /* to be echoed by unsafe requests */
	int64_t created_at;            /* Unix seconds */
	int64_t expires_at; /* the earlier of idle and absolute expiry */
} pu_session;

/* Signs in: checks name and password and opens a session. On success writes
 * the session token ("pus_" + 43 base64url characters, shown once, never
 * stored) into token and fills *out (may be NULL). Every failure is PU_EAUTH
 * with one message whether or not the account exists or is disabled, and
 * takes as long (a dummy hash is verified for unknown names); after
 * PU_AUTH_LOCK_FAILURES failures within PU_AUTH_LOCK_WINDOW the name is
 * refused for PU_AUTH_LOCK_TIME whatever the password. PU_ESTORE. */
int pu_auth_login(struct pu_store *st, const char *name, const char *password,
		  char token[PU_AUTH_TOKEN_SIZE], pu_session *out);

/* The session of token, or PU_EAUTH when unknown, expired (8 h idle, 24 h
 * after sign-in; an expired session is deleted) or its account disabled.
 * Refreshes the idle time (written at most once a minute). */
int pu_auth_session(struct pu_store *st, const char *token, pu_session *out);

/* Ends the session of token; 0 also when there is none. */
int pu_auth_logout(struct pu_store *st, const char *token);

/* True when presented equals the session's CSRF token (constant time). */
bool pu_auth_csrf_ok(const pu_session *s, const char *presented);

/* Creates an API token for account name, labelled (1 to 64 bytes, no control
 * characters), audited as "token.create". by manages name (or is it). Writes
 * the token ("pua_" + 43 base64url characters, shown once) into token and its
 * id into *id (may be NULL). PU_EINVAL, PU_ENOTFOUND, PU_EDENIED. */
int pu_auth_token_create(struct pu_store *st, const pu_actor *by,
			 const char *name, const char *label,
			 char token[PU_AUTH_TOKEN_SIZE], int64_t *id);

/* Revokes token id, audited as "token.revoke"; same scope as create.
 * PU_ENOTFOUND. */
int pu_auth_token_revoke(struct pu_store *st, const pu_actor *by, int64_t id);

/* An API token as listed (never the token itself). */
typedef struct pu_token_info {
	int64_t id;
	char label[65];
	int64_t created_at; /* Unix seconds */
	int64_t revoked_at; /* 0 while it works */
} pu_token_info;

/* The API tokens of account name, oldest first; same scope as create. The
 * caller frees *out with free(). PU_ENOTFOUND, PU_EDENIED. */
int pu_auth_token_list(struct pu_store *st, const pu_actor *by,
		       const char *name, pu_token_info **out, size_t *n);

/* The actor of an API token; PU_EAUTH when unknown, revoked or its account
 * disabled. */
int pu_auth_token_lookup(struct pu_store *st, const char *token,
			 pu_actor *out);

/* The clock of sessions, lockouts and the audit log (Unix seconds, UTC).
 * Tests replace it; NULL restores the system clock. Set it before other
 * threads use the library. */
void pu_auth_clock_set(int64_t (*now)(void));
int64_t pu_auth_now(void);

#endif
