/*
 * puente levels compare A[:LEVEL] B[:LEVEL]: level comparison through a
 * regional framework; a table when levels are left out.
 */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

#include "puente/error.h"
#include "puente/framework.h"
#include "puente/store.h"

/* "cr-mnc-eftp:3" or "CR:3" or "CR" -> framework and level (level may be
 * NULL). */
static int resolve(const cli *c, const pu_registry *reg, const char *arg,
		   const pu_framework **fw, char *level, size_t n)
{
	const char *colon = strchr(arg, ':');
	char name[80];
	size_t len = colon ? (size_t)(colon - arg) : strlen(arg);

	if (len >= sizeof(name))
		return cli_usage(c, "\"%s\" is too long", arg);
	memcpy(name, arg, len);
	name[len] = '\0';
	level[0] = '\0';
	if (colon)
		snprintf(level, n, "%s", colon + 1);
	*fw = pu_registry_find(reg, name);
	if (*fw == NULL)
		*fw = pu_registry_of_country(reg, name);
	if (*fw == NULL) {
		fprintf(stderr,
			"puente levels: \"%s\" is neither a framework nor a "
			"country with a framework; the level comparison is "
			"unknown (no national framework)\n",
			name);
		return EXIT_NOTFOUND;
	}
	if (level[0] && pu_framework_level(*fw, level) == NULL) {
		fprintf(stderr, "puente levels: %s has no level \"%s\"\n",
			(*fw)->id, level);
		return EXIT_NOTFOUND;
	}
	return EXIT_OK;
}

static json_t *cmp_json(const pu_framework *a, const char *la,
			const pu_framework *b, const char *lb,
			const pu_level_cmp *r)
{
	json_t *o = json_pack("{s:{s:s, s:s}, s:{s:s, s:s}, s:s, s:s}", "a",
			      "framework", a->id, "level", la, "b", "framework",
			      b->id, "level", lb, "relation",
			      pu_level_relation_name(r->relation), "reason",
			      r->reason);

	if (r->via != NULL) {
		json_object_set_new(o, "via", json_string(r->via));
		json_object_set_new(o, "status",
				    json_string(pu_ref_status_name(r->status)));
		json_object_set_new(o, "a_range",
				    json_pack("[i, i]", r->a_lo, r->a_hi));
		json_object_set_new(o, "b_range",
				    json_pack("[i, i]", r->b_lo, r->b_hi));
	}
	return o;
}

int cmd_levels(int argc, char **argv)
{
	pu_store *st = NULL;
	pu_registry *reg = NULL;
	const pu_framework *fa, *fb;
	char la[80], lb[80];
	cli c;
	int rc;

	if ((rc = cli_parse(&c, argc, argv, NULL)) != 0 || c.help)
		return rc;
	if (c.npos != 3 || strcmp(c.pos[0], "compare") != 0)
		return cli_usage(&c, "expected: levels compare A[:LEVEL] "
				 "B[:LEVEL]");
	if ((rc = cli_open(&c, &st, false)) != 0)
		return rc;
	rc = pu_store_registry(st, &reg);
	pu_store_close(st);
	if (rc < 0)
		return cli_fail(&c, rc);
	if ((rc = resolve(&c, reg, c.pos[1], &fa, la, sizeof(la))) != 0 ||
	    (rc = resolve(&c, reg, c.pos[2], &fb, lb, sizeof(lb))) != 0)
		goto done;
	if (la[0] && lb[0]) {
		pu_level_cmp r;

		rc = pu_level_compare(reg, fa->id, la, fb->id, lb, &r);
		if (rc < 0) {
			rc = cli_fail(&c, rc);
			goto done;
		}
		if (c.json) {
			rc = cli_print_json(cmp_json(fa, la, fb, lb, &r));
		} else {
			printf("%s %s is %s %s %s\n  %s\n", fa->id, la,
			       r.relation == PU_LEVEL_UNKNOWN ? "not comparable to"
			       : r.relation == PU_LEVEL_EXACT ? "the same level as"
			       : r.relation == PU_LEVEL_OVERLAPPING
				       ? "overlapping with"
			       : r.relation == PU_LEVEL_HIGHER ? "higher than"
							       : "lower than",
			       fb->id, lb, r.reason);
			if (r.via && r.status == PU_REF_ILLUSTRATIVE)
				printf("  note: illustrative referencing, not "
				       "an official statement\n");
			rc = EXIT_OK;
		}
		goto done;
	}
	/* The table: every level of A against every level of B. */
	{
		json_t *arr = c.json ? json_array() : NULL;

		if (!c.json) {
			printf("%-10s", fa->id);
			for (size_t j = 0; j < fb->nlevels; j++)
				printf(" %-11.11s", fb->levels[j].code);
			printf("   (%s levels across)\n", fb->id);
		}
		for (size_t i = 0; i < fa->nlevels; i++) {
			if (la[0] && strcmp(la, fa->levels[i].code) != 0)
				continue;
			if (!c.json)
				printf("%-10.10s", fa->levels[i].code);
			for (size_t j = 0; j < fb->nlevels; j++) {
				pu_level_cmp r;

				if (lb[0] && strcmp(lb, fb->levels[j].code) != 0)
					continue;
				rc = pu_level_compare(reg, fa->id,
						      fa->levels[i].code, fb->id,
						      fb->levels[j].code, &r);
				if (rc < 0) {
					json_decref(arr);
					rc = cli_fail(&c, rc);
					goto done;
				}
				if (c.json)
					json_array_append_new(
						arr, cmp_json(fa, fa->levels[i].code,
							      fb,
							      fb->levels[j].code,
							      &r));
				else
					printf(" %-11s",
					       pu_level_relation_name(r.relation));
			}
			if (!c.json)
				printf("\n");
		}
		rc = c.json ? cli_print_json(arr) : EXIT_OK;
	}
done:
	pu_registry_free(reg);
	return rc;
}
