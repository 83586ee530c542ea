/*
 * Accreditation: centres and bodies of a country, grants of scope to them
 * and to their assessors, withdrawal, and the checks the case functions call
 * (pu_accredit_check_*). Only an authority of the organisation's country
 * writes (PU_ACT_ACCREDIT); the registry itself is public. A grant covers a
 * standard when it is live, of the standard's country, its pattern covers
 * the code, and the day lies within its dates.
 */
#include "puente/accredit.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "puente/error.h"
#include "puente/store.h"
#include "rpl_internal.h"

static const char *const kind_names[] = {"centre", "body"};

const char *pu_org_kind_name(pu_org_kind k)
{
	return (unsigned)k < 2 ? kind_names[k] : "unknown";
}

int pu_org_kind_parse(const char *s, pu_org_kind *out)
{
	for (int i = 0; s != NULL && i < 2; i++)
		if (strcmp(s, kind_names[i]) == 0) {
			*out = (pu_org_kind)i;
			return 0;
		}
	return pu_error_set(PU_EINVAL, "kind: \"%.32s\" is not centre or body",
			    s ? s : "");
}

bool pu_accredit_pattern_covers(const char *pattern, const char *code)
{
	size_t n = strlen(pattern);

	if (n > 0 && pattern[n - 1] == '*')
		return strncmp(pattern, code, n - 1) == 0;
	return strcmp(pattern, code) == 0;
}

static bool country_ok(const char *c)
{
	return pu_rpl_id_ok(c, PU_AUTH_MAX_COUNTRY);
}

static int finish(pu_store *st, int rc)
{
	if (rc == 0)
		return pu_store_commit(st);
	pu_store_rollback(st);
	return rc;
}

int pu_accredit_org_add(pu_store *st, const pu_actor *by, const pu_org *o)
{
	const pu_store_rpl_ops *ops = pu_rpl_ops(st);
	pu_org row = *o;
	char subject[128], what[300];
	int rc;

	if (ops == NULL)
		return PU_ESTORE;
	if (!country_ok(o->country))
		return pu_error_set(PU_EINVAL, "country: missing or malformed");
	if (!pu_rpl_id_ok(o->id, PU_AUTH_MAX_CENTRE))
		return pu_error_set(PU_EINVAL,
				    "id: 1 to %d of A-Z a-z 0-9 . _ -",
				    PU_AUTH_MAX_CENTRE);
	if (!pu_rpl_text_ok(o->name, PU_ACCREDIT_MAX_NAME))
		return pu_error_set(PU_EINVAL, "name: 1 to %d bytes of text",
				    PU_ACCREDIT_MAX_NAME);
	if ((unsigned)o->kind > PU_ORG_BODY)
		return pu_error_set(PU_EINVAL, "kind: centre or body");
	if ((rc = pu_authorize(by, PU_ACT_ACCREDIT, o->country, NULL)) < 0)
		return rc;
	row.created_at = pu_auth_now();
	row.withdrawn_at = 0;
	snprintf(subject, sizeof(subject), "org:%s/%s", o->country, o->id);
	snprintf(what, sizeof(what), "%s\n%s", pu_org_kind_name(o->kind),
		 o->name);
	if ((rc = pu_store_begin(st)) < 0)
		return rc;
	rc = ops->org_insert(st, &row);
	if (rc == 0)
		rc = pu_rpl_audit(st, by, "accredit.org", o->country, subject,
				  what, strlen(what));
	return finish(st, rc);
}

int pu_accredit_org_get(pu_store *st, const char *country, const char *id,
			pu_org *out)
{
	const pu_store_rpl_ops *ops = pu_rpl_ops(st);
	int rc;

	if (ops == NULL)
		return PU_ESTORE;
	rc = ops->org_get(st, country ? country : "", id ? id : "", out);
	if (rc == PU_ENOTFOUND)
		return pu_error_set(PU_ENOTFOUND, "no centre or body %s/%s",
				    country ? country : "", id ? id : "");
	return rc;
}

int pu_accredit_org_list(pu_store *st, const char *country, pu_org **out,
			 size_t *n)
{
	const pu_store_rpl_ops *ops = pu_rpl_ops(st);

	*out = NULL;
	*n = 0;
	if (ops == NULL)
		return PU_ESTORE;
	return ops->org_list(st, country, out, n);
}

static int reason_check(const char *reason)
{
	if (!pu_rpl_text_ok(reason, 500))
		return pu_error_set(PU_EINVAL,
				    "reason: 1 to 500 bytes of text, required");
	return 0;
}

int pu_accredit_org_withdraw(pu_store *st, const pu_actor *by,
			     const char *country, const char *id,
			     const char *reason)
{
	const pu_store_rpl_ops *ops = pu_rpl_ops(st);
	char subject[128];
	pu_org o;
	int rc;

	if (ops == NULL)
		return PU_ESTORE;
	if ((rc = reason_check(reason)) < 0 ||
	    (rc = pu_accredit_org_get(st, country, id, &o)) < 0 ||
	    (rc = pu_authorize(by, PU_ACT_ACCREDIT, o.country, NULL)) < 0)
		return rc;
	if (o.withdrawn_at != 0)
		return pu_error_set(
		    PU_ECONFLICT, "%s/%s's accreditation is already withdrawn",
		    o.country, o.id);
	snprintf(subject, sizeof(subject), "org:%s/%s", o.country, o.id);
	if ((rc = pu_store_begin(st)) < 0)
		return rc;
	rc = ops->org_withdraw(st, o.country, o.id, reason, pu_auth_now());
	if (rc == 0)
		rc = pu_rpl_audit(st, by, "accredit.withdraw", o.country,
				  subject, reason, strlen(reason));
	return finish(st, rc);
}

/* A code pattern: a code, or a prefix ending in '*'. */
static bool pattern_ok(const char *p)
{
	char buf[PU_ACCREDIT_MAX_CODE + 2];
	size_t n = p ? strlen(p) : 0;

	if (n == 0 || n > PU_ACCREDIT_MAX_CODE + 1)
		return false;
	snprintf(buf, sizeof(buf), "%s", p);
	if (buf[n - 1] == '*') {
		if (n == 1)
			return true; /* every standard of the country */
		buf[n - 1] = '\0';
	}
	return pu_rpl_id_ok(buf, PU_ACCREDIT_MAX_CODE);
}

int pu_accredit_grant(pu_store *st, const pu_actor *by, const pu_scope *g,
		      int64_t *id)
{
	const pu_store_rpl_ops *ops = pu_rpl_ops(st);
	pu_scope row = *g;
	char subject[160], what[256];
	int64_t new_id = 0;
	pu_org o;
	int rc;

	if (ops == NULL)
		return PU_ESTORE;
	if ((rc = pu_accredit_org_get(st, g->country, g->org, &o)) < 0 ||
	    (rc = pu_authorize(by, PU_ACT_ACCREDIT, o.country, NULL)) < 0)
		return rc;
	if (o.withdrawn_at != 0)
		return pu_error_set(PU_ECONFLICT,
				    "%s/%s's accreditation was withdrawn",
				    o.country, o.id);
	if (!country_ok(g->std_country))
		return pu_error_set(PU_EINVAL,
				    "standard: the country is missing");
	if (!pattern_ok(g->pattern))
		return pu_error_set(PU_EINVAL,
				    "standard: \"%.70s\" is neither a code nor "
				    "a prefix ending in *",
				    g->pattern);
	if (row.valid_from[0] == '\0')
		pu_rpl_day(pu_auth_now(), row.valid_from);
	if (!pu_rpl_date_ok(row.valid_from) ||
	    (row.valid_to[0] != '\0' && !pu_rpl_date_ok(row.valid_to)))
		return pu_error_set(PU_EINVAL, "dates: YYYY-MM-DD");
	if (row.valid_to[0] != '\0' && strcmp(row.valid_to, row.valid_from) < 0)
		return pu_error_set(PU_EINVAL,
				    "dates: valid to %s is before "
				    "valid from %s",
				    row.valid_to, row.valid_from);
	row.account_id = 0;
	if (g->account[0] != '\0') {
		pu_user u;

		if ((rc = pu_user_get(st, g->account, &u)) < 0)
			return rc;
		if (u.role != PU_ROLE_ASSESSOR ||
		    strcmp(u.country, o.country) != 0 ||
		    strcmp(u.centre, o.id) != 0)
			return pu_error_set(PU_EINVAL,
					    "account %s is not an assessor of "
					    "%s/%s",
					    u.name, o.country, o.id);
		row.account_id = u.id;
	}
	row.granted_at = pu_auth_now();
	row.withdrawn_at = 0;
	if ((rc = pu_store_begin(st)) < 0)
		return rc;
	rc = ops->scope_insert(st, &row, &new_id);
	if (rc == 0) {
		snprintf(subject, sizeof(subject),
			 "grant:%" PRId64 " org:%s/%s user:%" PRId64, new_id,
			 o.country, o.id, row.account_id);
		snprintf(what, sizeof(what), "%s/%s %s..%s", row.std_country,
			 row.pattern, row.valid_from, row.valid_to);
		rc = pu_rpl_audit(st, by, "accredit.grant", o.country, subject,
				  what, strlen(what));
	}
	if ((rc = finish(st, rc)) == 0 && id != NULL)
		*id = new_id;
	return rc;
}

int pu_accredit_grant_withdraw(pu_store *st, const pu_actor *by, int64_t id,
			       const char *reason)
{
	const pu_store_rpl_ops *ops = pu_rpl_ops(st);
	char subject[64];
	pu_scope g;
	int rc;

	if (ops == NULL)
		return PU_ESTORE;
	if ((rc = reason_check(reason)) < 0)
		return rc;
	rc = ops->scope_get(st, id, &g);
	if (rc == PU_ENOTFOUND)
		return pu_error_set(PU_ENOTFOUND, "no grant %" PRId64, id);
	if (rc < 0 ||
	    (rc = pu_authorize(by, PU_ACT_ACCREDIT, g.country, NULL)) < 0)
		return rc;
	if (g.withdrawn_at != 0)
		return pu_error_set(
		    PU_ECONFLICT, "grant %" PRId64 " is already withdrawn", id);
	snprintf(subject, sizeof(subject), "grant:%" PRId64, id);
	if ((rc = pu_store_begin(st)) < 0)
		return rc;
	rc = ops->scope_withdraw(st, id, reason, pu_auth_now());
	if (rc == 0)
		rc = pu_rpl_audit(st, by, "accredit.withdraw", g.country,
				  subject, reason, strlen(reason));
	return finish(st, rc);
}

int pu_accredit_scope_list(pu_store *st, const char *country, const char *org,
			   const char *account, pu_scope **out, size_t *n)
{
	const pu_store_rpl_ops *ops = pu_rpl_ops(st);
	int64_t account_id = -1;
	int rc;

	*out = NULL;
	*n = 0;
	if (ops == NULL)
		return PU_ESTORE;
	if (account != NULL) {
		pu_user u;

		if ((rc = pu_user_get(st, account, &u)) < 0)
			return rc;
		account_id = u.id;
	}
	return ops->scope_list(st, country, org, account_id, out, n);
}

/* Whether one of the n grants covers the standard on day. */
static bool covered(const pu_scope *v, size_t n, const char *std_country,
		    const char *code, const char *day)
{
	for (size_t i = 0; i < n; i++)
		if (v[i].withdrawn_at == 0 &&
		    strcmp(v[i].std_country, std_country) == 0 &&
		    pu_accredit_pattern_covers(v[i].pattern, code) &&
		    strcmp(v[i].valid_from, day) <= 0 &&
		    (v[i].valid_to[0] == '\0' ||
		     strcmp(day, v[i].valid_to) <= 0))
			return true;
	return false;
}

/* The organisation's own grants cover the standard: 0 or PU_EDENIED. */
static int org_covers(pu_store *st, const pu_org *o, bool certify,
		      const char *std_country, const char *code,
		      const char *day)
{
	const pu_store_rpl_ops *ops = st->ops->rpl;
	pu_scope *v = NULL;
	size_t n = 0;
	int rc;

	if (o->withdrawn_at != 0)
		return pu_error_set(PU_EDENIED,
				    "%s/%s's accreditation was withdrawn",
				    o->country, o->id);
	if (certify && o->kind != PU_ORG_BODY)
		return pu_error_set(PU_EDENIED,
				    "%s/%s is an assessment centre, not a "
				    "certification body: it cannot certify",
				    o->country, o->id);
	if ((rc = ops->scope_list(st, o->country, o->id, 0, &v, &n)) < 0)
		return rc;
	if (!covered(v, n, std_country, code, day))
		rc = pu_error_set(
		    PU_EDENIED, "%s %s/%s is not accredited for %s/%s on %s",
		    o->kind == PU_ORG_BODY ? "certification body" : "centre",
		    o->country, o->id, std_country, code, day);
	free(v);
	return rc;
}

int pu_accredit_check_body(pu_store *st, const char *country, const char *org,
			   const char *std_country, const char *code,
			   int64_t at)
{
	char day[11];
	pu_org o;
	int rc;

	if ((rc = pu_accredit_org_get(st, country, org, &o)) < 0)
		return rc;
	pu_rpl_day(at, day);
	return org_covers(st, &o, true, std_country, code, day);
}

int pu_accredit_check_centre(pu_store *st, const char *country, const char *org,
			     const char *std_country, const char *code,
			     int64_t at)
{
	char day[11];
	pu_org o;
	int rc;

	if ((rc = pu_accredit_org_get(st, country, org, &o)) < 0)
		return rc;
	pu_rpl_day(at, day);
	return org_covers(st, &o, false, std_country, code, day);
}

int pu_accredit_check_assessor(pu_store *st, const pu_actor *actor,
			       const char *std_country, const char *code,
			       int64_t at)
{
	const pu_store_rpl_ops *ops = pu_rpl_ops(st);
	pu_scope *v = NULL;
	char day[11];
	size_t n = 0;
	pu_org o;
	int rc;

	if (ops == NULL)
		return PU_ESTORE;
	if (actor == NULL)
		return pu_error_set(PU_EAUTH, "sign in to assess");
	if (actor->role != PU_ROLE_ASSESSOR || actor->user_id <= 0)
		return pu_error_set(PU_EDENIED, "%s is not an assessor",
				    actor->name);
	pu_rpl_day(at, day);
	rc = ops->org_get(st, actor->country, actor->centre, &o);
	if (rc == PU_ENOTFOUND)
		return pu_error_set(PU_EDENIED,
				    "assessor %s: %s/%s is not an accredited "
				    "centre",
				    actor->name, actor->country, actor->centre);
	if (rc < 0 ||
	    (rc = org_covers(st, &o, false, std_country, code, day)) < 0)
		return rc;
	if ((rc = ops->scope_list(st, o.country, o.id, actor->user_id, &v,
				  &n)) < 0)
		return rc;
	if (!covered(v, n, std_country, code, day))
		rc = pu_error_set(PU_EDENIED,
				  "assessor %s of %s/%s is not accredited for "
				  "%s/%s on %s",
				  actor->name, o.country, o.id, std_country,
				  code, day);
	free(v);
	return rc;
}
