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
#include "puente/view.h"

/* The framework and level of arg, or the problem printed. */
static int resolve(const cli *c, const pu_registry *reg, const char *arg,
		   const pu_framework **fw, char *level, size_t n)
{
	int rc = pu_view_resolve_level(reg, arg, fw, level, n);

	return rc < 0 ? cli_fail(c, rc) : EXIT_OK;
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
			rc = cli_print_json(pu_view_level_cmp(fa, la, fb, lb, &r));
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
	if (c.json) {
		json_t *arr = NULL;

		rc = pu_view_level_table(&arr, reg, fa, la, fb, lb);
		rc = rc < 0 ? cli_fail(&c, rc) : cli_print_json(arr);
		goto done;
	}
	printf("%-10s", fa->id);
	for (size_t j = 0; j < fb->nlevels; j++)
		printf(" %-11.11s", fb->levels[j].code);
	printf("   (%s levels across)\n", fb->id);
	for (size_t i = 0; i < fa->nlevels; i++) {
		if (la[0] && strcmp(la, fa->levels[i].code) != 0)
			continue;
		printf("%-10.10s", fa->levels[i].code);
		for (size_t j = 0; j < fb->nlevels; j++) {
			pu_level_cmp r;

			if (lb[0] && strcmp(lb, fb->levels[j].code) != 0)
				continue;
			rc = pu_level_compare(reg, fa->id, fa->levels[i].code,
					      fb->id, fb->levels[j].code, &r);
			if (rc < 0) {
				rc = cli_fail(&c, rc);
				goto done;
			}
			printf(" %-11s", pu_level_relation_name(r.relation));
		}
		printf("\n");
	}
	rc = EXIT_OK;
done:
	pu_registry_free(reg);
	return rc;
}
