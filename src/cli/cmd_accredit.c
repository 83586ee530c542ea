/*
 * puente accredit centre|body|assessor ...: the accreditation registry of a
 * country, for its authority's scripts (--as an authority account): centres
 * and bodies added, given scope (standards and dates) and withdrawn;
 * assessor accounts given scope. Lists are public.
 */
#include "cli_auth.h"
#include "cli_rpl.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "puente/accredit.h"
#include "puente/error.h"
#include "puente/store.h"

/* "CC/PATTERN" into g. */
static int standard_arg(const cli *c, const char *arg, pu_scope *g)
{
	const char *slash = arg ? strchr(arg, '/') : NULL;

	if (slash == NULL || slash == arg || slash[1] == '\0' ||
	    (size_t)(slash - arg) >= sizeof(g->std_country))
		return cli_usage(c, "--standard: CC/CODE or CC/PREFIX*");
	snprintf(g->std_country, sizeof(g->std_country), "%.*s",
		 (int)(slash - arg), arg);
	snprintf(g->pattern, sizeof(g->pattern), "%s", slash + 1);
	return EXIT_OK;
}

static json_t *scope_json(const pu_scope *g)
{
	return json_pack("{s:I, s:s, s:s, s:s?, s:s, s:s, s:s, s:s?, s:b}",
			 "id", (json_int_t)g->id, "country", g->country, "org",
			 g->org, "assessor", g->account[0] ? g->account : NULL,
			 "std_country", g->std_country, "standard", g->pattern,
			 "valid_from", g->valid_from, "valid_to",
			 g->valid_to[0] ? g->valid_to : NULL, "withdrawn",
			 g->withdrawn_at != 0);
}

static void scope_print(const pu_scope *g)
{
	printf("  grant %" PRId64 ": %s/%s from %s%s%s%s\n", g->id,
	       g->std_country, g->pattern, g->valid_from,
	       g->valid_to[0] ? " to " : "", g->valid_to,
	       g->withdrawn_at ? " (withdrawn)" : "");
}

/* accredit centre|body add|grant|list|withdraw */
static int org_cmd(cli *c, int argc, char **argv, pu_org_kind kind)
{
	const char *as = NULL, *country = NULL, *name = NULL, *standard = NULL,
		   *from = NULL, *to = NULL, *reason = NULL;
	cli_opt opts[] = {
	    {"--as", &as, NULL},	 {"--country", &country, NULL},
	    {"--name", &name, NULL},	 {"--standard", &standard, NULL},
	    {"--from", &from, NULL},	 {"--to", &to, NULL},
	    {"--reason", &reason, NULL}, {NULL, NULL, NULL}};
	const char *what = pu_org_kind_name(kind), *sub;
	pu_store *st = NULL;
	pu_actor by;
	int rc;

	if ((rc = cli_parse(c, argc, argv, opts)) != 0 || c->help)
		return rc;
	sub = c->npos >= 2 ? c->pos[1] : "";
	if ((rc = cli_open(c, &st, false)) != 0)
		return rc;
	if ((rc = cli_actor(c, st, as, &by)) != 0)
		goto done;
	if (country == NULL)
		country = by.country;
	if (strcmp(sub, "list") == 0 && c->npos == 2) {
		pu_org *v = NULL;
		size_t n = 0;
		json_t *arr = c->json ? json_array() : NULL;

		if ((rc = pu_accredit_org_list(st, country[0] ? country : NULL,
					       &v, &n)) < 0) {
			rc = cli_fail(c, rc);
			goto done;
		}
		for (size_t i = 0; i < n; i++) {
			pu_scope *g = NULL;
			size_t ng = 0;
			json_t *grants;

			if (v[i].kind != kind)
				continue;
			grants = c->json ? json_array() : NULL;
			if (pu_accredit_scope_list(st, v[i].country, v[i].id,
						   NULL, &g, &ng) < 0)
				ng = 0;
			if (!c->json)
				printf("%s/%s  %s%s\n", v[i].country, v[i].id,
				       v[i].name,
				       v[i].withdrawn_at ? " (withdrawn)" : "");
			for (size_t j = 0; j < ng; j++) {
				if (g[j].account_id != 0)
					continue;
				if (c->json)
					json_array_append_new(
					    grants, scope_json(&g[j]));
				else
					scope_print(&g[j]);
			}
			free(g);
			if (c->json)
				json_array_append_new(
				    arr,
				    json_pack("{s:s, s:s, s:s, s:s, s:b, "
					      "s:o}",
					      "country", v[i].country, "id",
					      v[i].id, "kind", what, "name",
					      v[i].name, "withdrawn",
					      v[i].withdrawn_at != 0, "grants",
					      grants));
		}
		free(v);
		rc = c->json ? cli_print_json(arr) : EXIT_OK;
		goto done;
	}
	if (c->npos != 3) {
		rc = cli_usage(c,
			       "expected: accredit %s add|grant|withdraw ID "
			       "or accredit %s list",
			       what, what);
		goto done;
	}
	if (strcmp(sub, "add") == 0) {
		pu_org o;

		memset(&o, 0, sizeof(o));
		snprintf(o.country, sizeof(o.country), "%s", country);
		snprintf(o.id, sizeof(o.id), "%s", c->pos[2]);
		snprintf(o.name, sizeof(o.name), "%s", name ? name : "");
		o.kind = kind;
		if ((rc = pu_accredit_org_add(st, &by, &o)) < 0) {
			rc = cli_fail(c, rc);
			goto done;
		}
		printf("added %s %s/%s\n", what, o.country, o.id);
		if (standard == NULL)
			goto done;
		sub = "grant";
	}
	if (strcmp(sub, "grant") == 0) {
		pu_scope g;
		int64_t id = 0;

		memset(&g, 0, sizeof(g));
		snprintf(g.country, sizeof(g.country), "%s", country);
		snprintf(g.org, sizeof(g.org), "%s", c->pos[2]);
		snprintf(g.valid_from, sizeof(g.valid_from), "%s",
			 from ? from : "");
		snprintf(g.valid_to, sizeof(g.valid_to), "%s", to ? to : "");
		if ((rc = standard_arg(c, standard, &g)) != 0)
			goto done;
		if ((rc = pu_accredit_grant(st, &by, &g, &id)) < 0) {
			rc = cli_fail(c, rc);
			goto done;
		}
		printf("grant %" PRId64 ": %s/%s may run %s/%s\n", id, country,
		       c->pos[2], g.std_country, g.pattern);
	} else if (strcmp(sub, "withdraw") == 0) {
		if ((rc = pu_accredit_org_withdraw(st, &by, country, c->pos[2],
						   reason)) < 0) {
			rc = cli_fail(c, rc);
			goto done;
		}
		printf("withdrew %s/%s\n", country, c->pos[2]);
	} else if (strcmp(sub, "add") != 0) {
		rc = cli_usage(c,
			       "expected: accredit %s add|grant|list|"
			       "withdraw",
			       what);
	}
done:
	pu_store_close(st);
	return rc;
}

static int centre(cli *c, int argc, char **argv)
{
	return org_cmd(c, argc, argv, PU_ORG_CENTRE);
}

static int body(cli *c, int argc, char **argv)
{
	return org_cmd(c, argc, argv, PU_ORG_BODY);
}

/* accredit assessor add|list|withdraw */
static int assessor(cli *c, int argc, char **argv)
{
	const char *as = NULL, *country = NULL, *standard = NULL, *from = NULL,
		   *to = NULL, *reason = NULL, *grant_id = NULL;
	cli_opt opts[] = {{"--as", &as, NULL},
			  {"--country", &country, NULL},
			  {"--standard", &standard, NULL},
			  {"--from", &from, NULL},
			  {"--to", &to, NULL},
			  {"--reason", &reason, NULL},
			  {"--grant", &grant_id, NULL},
			  {NULL, NULL, NULL}};
	const char *sub;
	pu_scope *v = NULL;
	size_t n = 0;
	pu_store *st = NULL;
	pu_actor by;
	pu_user u;
	int rc;

	if ((rc = cli_parse(c, argc, argv, opts)) != 0 || c->help)
		return rc;
	sub = c->npos >= 2 ? c->pos[1] : "";
	if ((rc = cli_open(c, &st, false)) != 0)
		return rc;
	if ((rc = cli_actor(c, st, as, &by)) != 0)
		goto done;
	if (strcmp(sub, "list") == 0 && c->npos == 2) {
		json_t *arr = c->json ? json_array() : NULL;

		if (country == NULL)
			country = by.country;
		if ((rc =
			 pu_accredit_scope_list(st, country[0] ? country : NULL,
						NULL, NULL, &v, &n)) < 0) {
			rc = cli_fail(c, rc);
			goto done;
		}
		for (size_t i = 0; i < n; i++) {
			if (v[i].account_id == 0)
				continue;
			if (c->json) {
				json_array_append_new(arr, scope_json(&v[i]));
				continue;
			}
			printf("%s (%s/%s)\n", v[i].account, v[i].country,
			       v[i].org);
			scope_print(&v[i]);
		}
		rc = c->json ? cli_print_json(arr) : EXIT_OK;
		goto done;
	}
	if (c->npos != 3) {
		rc = cli_usage(c, "expected: accredit assessor add|withdraw "
				  "NAME or accredit assessor list");
		goto done;
	}
	if ((rc = pu_user_get(st, c->pos[2], &u)) < 0) {
		rc = cli_fail(c, rc);
		goto done;
	}
	if (strcmp(sub, "add") == 0) {
		pu_scope g;
		int64_t id = 0;

		memset(&g, 0, sizeof(g));
		snprintf(g.country, sizeof(g.country), "%s", u.country);
		snprintf(g.org, sizeof(g.org), "%s", u.centre);
		snprintf(g.account, sizeof(g.account), "%s", u.name);
		snprintf(g.valid_from, sizeof(g.valid_from), "%s",
			 from ? from : "");
		snprintf(g.valid_to, sizeof(g.valid_to), "%s", to ? to : "");
		if ((rc = standard_arg(c, standard, &g)) != 0)
			goto done;
		if ((rc = pu_accredit_grant(st, &by, &g, &id)) < 0) {
			rc = cli_fail(c, rc);
			goto done;
		}
		printf("grant %" PRId64 ": assessor %s of %s/%s may assess "
		       "%s/%s\n",
		       id, u.name, u.country, u.centre, g.std_country,
		       g.pattern);
	} else if (strcmp(sub, "withdraw") == 0) {
		size_t done_n = 0;

		if ((rc = pu_accredit_scope_list(st, NULL, NULL, u.name, &v,
						 &n)) < 0) {
			rc = cli_fail(c, rc);
			goto done;
		}
		for (size_t i = 0; i < n; i++) {
			if (v[i].withdrawn_at != 0 ||
			    (grant_id != NULL &&
			     strtoll(grant_id, NULL, 10) != v[i].id))
				continue;
			if ((rc = pu_accredit_grant_withdraw(st, &by, v[i].id,
							     reason)) < 0) {
				rc = cli_fail(c, rc);
				goto done;
			}
			printf("withdrew grant %" PRId64 " of %s\n", v[i].id,
			       u.name);
			done_n++;
		}
		if (done_n == 0) {
			fprintf(stderr, "puente %s: %s has no live grant%s\n",
				c->verb, u.name,
				grant_id ? " with that id" : "");
			rc = EXIT_NOTFOUND;
		}
	} else {
		rc = cli_usage(c, "expected: accredit assessor add|list|"
				  "withdraw");
	}
done:
	free(v);
	pu_store_close(st);
	return rc;
}

int cmd_accredit(int argc, char **argv)
{
	static const cli_sub subs[] = {
	    {"centre", centre},
	    {"body", body},
	    {"assessor", assessor},
	};

	return cli_dispatch(argc, argv, subs, sizeof(subs) / sizeof(subs[0]),
			    "expected: accredit centre|body|assessor ...");
}
