/*
 * Roles, actions and the one decision, pu_authorize: a table gives, for each
 * action and role, the scope within which the role may do it (nowhere, its
 * centre, its country, everywhere). Pure: no store, no clock. The table is
 * reproduced in docs/design.md; tests/unit/test_auth.c walks every cell.
 */
#include "puente/auth.h"
#include "puente/error.h"

#include <pwd.h>
#include <stdio.h>
#include <string.h>
#include <sys/types.h>
#include <time.h>
#include <unistd.h>

enum scope {
	NOWHERE, /* the role may not do it at all */
	CENTRE,  /* in its own centre of its own country */
	COUNTRY, /* in its own country */
	ANY      /* anywhere, regional data included */
};

#define NROLES 5

/* [action][role]: admin, authority, centre, assessor (public never). The
 * regional administrator keeps the reference data and the accounts but does
 * not see or certify people: cases and credentials belong to the country and
 * its centres. */
static const unsigned char matrix[PU_ACT_COUNT][NROLES] = {
	/*                          none     admin  authority centre  assessor */
	[PU_ACT_CATALOGUE_WRITE] = {NOWHERE, ANY, COUNTRY, NOWHERE, NOWHERE},
	[PU_ACT_FRAMEWORK_WRITE] = {NOWHERE, ANY, COUNTRY, NOWHERE, NOWHERE},
	[PU_ACT_AGREEMENT_WRITE] = {NOWHERE, ANY, COUNTRY, NOWHERE, NOWHERE},
	[PU_ACT_AGREEMENT_CONFIRM] = {NOWHERE, ANY, COUNTRY, NOWHERE, NOWHERE},
	[PU_ACT_USER_MANAGE] = {NOWHERE, ANY, COUNTRY, NOWHERE, NOWHERE},
	[PU_ACT_AUDIT_READ] = {NOWHERE, ANY, COUNTRY, NOWHERE, NOWHERE},
	[PU_ACT_CASE_READ] = {NOWHERE, NOWHERE, NOWHERE, CENTRE, CENTRE},
	[PU_ACT_CASE_WRITE] = {NOWHERE, NOWHERE, NOWHERE, CENTRE, NOWHERE},
	[PU_ACT_ASSESS] = {NOWHERE, NOWHERE, NOWHERE, NOWHERE, CENTRE},
	[PU_ACT_DECIDE] = {NOWHERE, NOWHERE, NOWHERE, CENTRE, NOWHERE},
	[PU_ACT_CRED_ISSUE] = {NOWHERE, NOWHERE, COUNTRY, NOWHERE, NOWHERE},
	[PU_ACT_CRED_REVOKE] = {NOWHERE, NOWHERE, COUNTRY, NOWHERE, NOWHERE},
	[PU_ACT_ACCREDIT] = {NOWHERE, NOWHERE, COUNTRY, NOWHERE, NOWHERE},
	[PU_ACT_RECOGNISE] = {NOWHERE, NOWHERE, COUNTRY, NOWHERE, NOWHERE},
};

static const struct {
	const char *name;
	const char *verb, *noun; /* "write" OWNER "catalogue" */
	const char *regional;    /* the same when no country is given */
} actions[PU_ACT_COUNT] = {
	[PU_ACT_CATALOGUE_WRITE] = {"catalogue.write", "write", "catalogue",
				    "write regional catalogues"},
	[PU_ACT_FRAMEWORK_WRITE] = {"framework.write", "write", "frameworks",
				    "write regional frameworks"},
	[PU_ACT_AGREEMENT_WRITE] = {"agreement.write", "write", "agreements",
				    "write agreements of no country"},
	[PU_ACT_AGREEMENT_CONFIRM] = {"agreement.confirm",
				      "confirm equivalences for",
				      "recognition",
				      "confirm equivalences of no country"},
	[PU_ACT_USER_MANAGE] = {"user.manage", "manage", "accounts",
				"manage accounts of every country"},
	[PU_ACT_AUDIT_READ] = {"audit.read", "read", "audit log",
			       "read the whole audit log"},
	[PU_ACT_CASE_READ] = {"case.read", "read", "cases",
			      "read cases of no centre"},
	[PU_ACT_CASE_WRITE] = {"case.write", "write", "cases",
			       "write cases of no centre"},
	[PU_ACT_ASSESS] = {"assess", "assess in", "cases",
			   "assess in cases of no centre"},
	[PU_ACT_DECIDE] = {"decide", "decide", "cases",
			   "decide cases of no centre"},
	[PU_ACT_CRED_ISSUE] = {"credential.issue", "issue", "credentials",
			       "issue credentials of no country"},
	[PU_ACT_CRED_REVOKE] = {"credential.revoke", "revoke", "credentials",
				"revoke credentials of no country"},
	[PU_ACT_ACCREDIT] = {"accredit", "accredit", "centres and assessors",
			     "accredit centres of no country"},
	[PU_ACT_RECOGNISE] = {"recognition.decide", "decide on",
			      "recognition of foreign certificates",
			      "decide recognition for no country"},
};

static const char *const role_names[NROLES] = {"public", "admin", "authority",
					       "centre", "assessor"};

const char *pu_role_name(pu_role r)
{
	return (unsigned)r < NROLES ? role_names[r] : "unknown";
}

int pu_role_parse(const char *s, pu_role *out)
{
	for (int i = PU_ROLE_ADMIN; s != NULL && i < NROLES; i++)
		if (strcmp(s, role_names[i]) == 0) {
			*out = (pu_role)i;
			return 0;
		}
	return pu_error_set(PU_EINVAL, "role: \"%.32s\" is not one of admin, "
			    "authority, centre, assessor",
			    s ? s : "");
}

const char *pu_action_name(pu_action a)
{
	return (unsigned)a < PU_ACT_COUNT ? actions[a].name : "unknown";
}

/* "authority of CL", "centre staff of CL/STGO-1", "admin", ... */
static void describe(const pu_actor *a, char *buf, size_t n)
{
	switch (a->role) {
	case PU_ROLE_ADMIN:
		snprintf(buf, n, "admin %s", a->name);
		break;
	case PU_ROLE_AUTHORITY:
		snprintf(buf, n, "authority of %s", a->country);
		break;
	case PU_ROLE_CENTRE:
		snprintf(buf, n, "centre staff of %s/%s", a->country,
			 a->centre);
		break;
	case PU_ROLE_ASSESSOR:
		snprintf(buf, n, "assessor of %s/%s", a->country, a->centre);
		break;
	default:
		snprintf(buf, n, "an account without a role");
		break;
	}
}

/* The refusal: "authority of CL may not write PE's catalogue"; the public
 * (a NULL actor) is told to sign in, with PU_EAUTH. */
static int deny(const pu_actor *a, pu_action action, const char *country,
		const char *centre)
{
	char who[160], owner[128], what[192];

	if (a != NULL)
		describe(a, who, sizeof(who));
	else
		snprintf(who, sizeof(who), "the public (not signed in)");
	if (country == NULL || country[0] == '\0') {
		snprintf(what, sizeof(what), "%s", actions[action].regional);
	} else {
		if (centre != NULL && centre[0] != '\0')
			snprintf(owner, sizeof(owner), "centre %s of %s's",
				 centre, country);
		else
			snprintf(owner, sizeof(owner), "%s's", country);
		snprintf(what, sizeof(what), "%s %s %s", actions[action].verb,
			 owner, actions[action].noun);
	}
	if (a == NULL)
		return pu_error_set(PU_EAUTH, "%s may not %s: sign in", who,
				    what);
	return pu_error_set(PU_EDENIED, "%s may not %s", who, what);
}

int pu_authorize(const pu_actor *actor, pu_action action, const char *country,
		 const char *centre)
{
	enum scope scope;
	bool has_country = country != NULL && country[0] != '\0';

	if ((unsigned)action >= PU_ACT_COUNT)
		return pu_error_set(PU_EINVAL, "unknown action %d", (int)action);
	if (actor == NULL || (unsigned)actor->role >= NROLES)
		return deny(actor, action, country, centre);
	scope = (enum scope)matrix[action][actor->role];
	switch (scope) {
	case ANY:
		return 0;
	case COUNTRY:
		if (has_country && actor->country[0] != '\0' &&
		    strcmp(actor->country, country) == 0)
			return 0;
		break;
	case CENTRE:
		if (has_country && actor->country[0] != '\0' &&
		    strcmp(actor->country, country) == 0 && centre != NULL &&
		    actor->centre[0] != '\0' &&
		    strcmp(actor->centre, centre) == 0)
			return 0;
		break;
	default:
		break;
	}
	return deny(actor, action, country, centre);
}

int pu_actor_cli(pu_actor *out, const char *unix_user)
{
	char buf[1024];
	struct passwd pw, *res = NULL;

	memset(out, 0, sizeof(*out));
	out->role = PU_ROLE_ADMIN;
	if (unix_user == NULL &&
	    getpwuid_r(geteuid(), &pw, buf, sizeof(buf), &res) == 0 &&
	    res != NULL)
		unix_user = res->pw_name;
	if (unix_user != NULL && unix_user[0] != '\0')
		snprintf(out->name, sizeof(out->name), "cli:%.64s", unix_user);
	else
		snprintf(out->name, sizeof(out->name), "cli:%u",
			 (unsigned)geteuid());
	return 0;
}

void pu_user_actor(const pu_user *u, pu_actor *out)
{
	memset(out, 0, sizeof(*out));
	out->user_id = u->id;
	snprintf(out->name, sizeof(out->name), "%s", u->name);
	out->role = u->role;
	snprintf(out->country, sizeof(out->country), "%s", u->country);
	snprintf(out->centre, sizeof(out->centre), "%s", u->centre);
}

static int64_t (*clock_fn)(void);

void pu_auth_clock_set(int64_t (*now)(void))
{
	clock_fn = now;
}

int64_t pu_auth_now(void)
{
	return clock_fn ? clock_fn() : (int64_t)time(NULL);
}
