/*
 * Accreditation: the assessment centres and certification bodies of a
 * country, the assessors of a centre, and their scope (which standards, from
 * when to when), granted and withdrawn by that country's authority
 * (PU_ACT_ACCREDIT). The checks pu_accredit_check_* are what the case
 * functions (rpl.h) call before an assessment or a decision: no front-end
 * decides who is in scope. Every change is audited in its transaction.
 */
#ifndef PUENTE_ACCREDIT_H
#define PUENTE_ACCREDIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "puente/auth.h"

struct pu_store;

#define PU_ACCREDIT_MAX_NAME 200 /* bytes of an organisation's name */
#define PU_ACCREDIT_MAX_CODE 64  /* a standard code or prefix */

typedef enum pu_org_kind {
	PU_ORG_CENTRE = 0, /* assessment centre: runs cases, assesses */
	PU_ORG_BODY        /* certification body: also decides (certifies) */
} pu_org_kind;

/* "centre", "body"; static. */
const char *pu_org_kind_name(pu_org_kind k);
/* The reverse; PU_EINVAL. */
int pu_org_kind_parse(const char *s, pu_org_kind *out);

/* A centre or body. Plain data; nothing to free. Its id is what accounts of
 * role centre or assessor carry as their centre (auth.h). */
typedef struct pu_org {
	char country[PU_AUTH_MAX_COUNTRY + 1];
	char id[PU_AUTH_MAX_CENTRE + 1];
	pu_org_kind kind;
	char name[PU_ACCREDIT_MAX_NAME + 1];
	int64_t created_at;   /* Unix seconds */
	int64_t withdrawn_at; /* 0 while accredited */
} pu_org;

/* A grant of scope: to an organisation (account empty) or to an assessor
 * account of it. pattern is a standard code ("CR-COOK-01") or a prefix
 * ending in '*' ("CR-COOK-*"), of standards of std_country. Dates are
 * YYYY-MM-DD, inclusive; valid_to "" is open-ended. */
typedef struct pu_scope {
	int64_t id;
	char country[PU_AUTH_MAX_COUNTRY + 1]; /* the organisation's */
	char org[PU_AUTH_MAX_CENTRE + 1];
	int64_t account_id;                     /* 0 for the organisation */
	char account[PU_AUTH_MAX_NAME + 1];     /* "" for the organisation */
	char std_country[PU_AUTH_MAX_COUNTRY + 1];
	char pattern[PU_ACCREDIT_MAX_CODE + 2];
	char valid_from[11], valid_to[11];
	int64_t granted_at, withdrawn_at; /* withdrawn_at 0 while live */
} pu_scope;

/* Adds a centre or body (o->country, id, kind, name); by must hold
 * PU_ACT_ACCREDIT for o->country. Ids: 1 to 64 of [A-Za-z0-9._-]. Audited
 * "accredit.org". PU_EINVAL, PU_ECONFLICT when the id is taken, PU_EDENIED /
 * PU_EAUTH, PU_ESTORE. */
int pu_accredit_org_add(struct pu_store *st, const pu_actor *by,
			const pu_org *o);

/* The organisation (country, id); PU_ENOTFOUND. */
int pu_accredit_org_get(struct pu_store *st, const char *country,
			const char *id, pu_org *out);

/* Organisations of country (NULL: all), sorted; free(*out). Public data. */
int pu_accredit_org_list(struct pu_store *st, const char *country,
			 pu_org **out, size_t *n);

/* Withdraws an organisation's accreditation and every live grant of it and
 * of its assessors; reason is required (1 to 500 bytes). Audited
 * "accredit.withdraw". PU_ENOTFOUND, PU_ECONFLICT when already withdrawn. */
int pu_accredit_org_withdraw(struct pu_store *st, const pu_actor *by,
			     const char *country, const char *id,
			     const char *reason);

/* Grants scope: g->country and g->org name the organisation; g->account
 * (an account name) makes it an assessor's grant, and that account must be
 * of role assessor of that organisation. g->std_country, g->pattern,
 * g->valid_from ("" = today) and g->valid_to ("" = open). Writes the new id
 * into *id (may be NULL). Audited "accredit.grant". PU_EINVAL, PU_ENOTFOUND
 * (organisation or account), PU_EDENIED. */
int pu_accredit_grant(struct pu_store *st, const pu_actor *by,
		      const pu_scope *g, int64_t *id);

/* Withdraws one grant (by id; PU_ENOTFOUND), reason required. Audited
 * "accredit.withdraw". */
int pu_accredit_grant_withdraw(struct pu_store *st, const pu_actor *by,
			       int64_t id, const char *reason);

/* Grants of country (NULL: all), of one organisation when org is not NULL,
 * of one account when account is not NULL; withdrawn ones included; free(
 * *out). */
int pu_accredit_scope_list(struct pu_store *st, const char *country,
			   const char *org, const char *account,
			   pu_scope **out, size_t *n);

/* Whether actor may assess standard (std_country, code) at time at (Unix
 * seconds): an assessor account with a live grant covering the standard on
 * that day, of an organisation still accredited. 0, or PU_EDENIED naming
 * the assessor, the standard and the day ("assessor ana of CR/INA-1 is not
 * accredited for CR/CR-COOK-01 on 2026-11-29"); PU_EAUTH for NULL. */
int pu_accredit_check_assessor(struct pu_store *st, const pu_actor *actor,
			       const char *std_country, const char *code,
			       int64_t at);

/* Whether organisation (country, org) may certify standard (std_country,
 * code) at time at: a certification body, accredited, with a live grant
 * covering it. 0, PU_EDENIED with the reason, PU_ENOTFOUND. */
int pu_accredit_check_body(struct pu_store *st, const char *country,
			   const char *org, const char *std_country,
			   const char *code, int64_t at);

/* Whether organisation (country, org), centre or body, may run cases for
 * the standard at time at. Same codes as pu_accredit_check_body. */
int pu_accredit_check_centre(struct pu_store *st, const char *country,
			     const char *org, const char *std_country,
			     const char *code, int64_t at);

/* True when pattern ("X" or "X*") covers code. Pure. */
bool pu_accredit_pattern_covers(const char *pattern, const char *code);

#endif
