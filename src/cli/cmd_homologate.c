/*
 * puente homologate [CC/]CODE --to COUNTRY: what a standard is worth in
 * another country, with its reasons.
 */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

#include "puente/error.h"
#include "puente/match.h"
#include "puente/store.h"

int cmd_homologate(int argc, char **argv)
{
	const char *to = NULL, *policy_path = NULL, *lang = NULL, *as = NULL;
	bool explain = false;
	cli_opt opts[] = {{"--to", &to, NULL},
			  {"--policy", &policy_path, NULL},
			  {"--lang", &lang, NULL},
			  {"--as", &as, NULL},
			  {"--explain", NULL, &explain},
			  {NULL, NULL, NULL}};
	pu_homologation *h = NULL;
	pu_policy *policy = NULL;
	pu_index *idx = NULL;
	pu_store *st = NULL;
	char country[17] = "", dcountry[17] = "";
	const char *code, *dcode = NULL;
	cli c;
	int rc;

	if ((rc = cli_parse(&c, argc, argv, opts)) != 0 || c.help)
		return rc;
	if (c.npos != 1 || to == NULL)
		return cli_usage(&c, "expected: homologate [CC/]CODE --to COUNTRY");
	if (as != NULL) {
		/* --as CC/CODE: compare with that destination standard only. */
		if (strchr(as, '/') == NULL)
			return cli_usage(&c, "--as takes CC/CODE");
		snprintf(dcountry, sizeof(dcountry), "%.*s",
			 (int)(strchr(as, '/') - as), as);
		dcode = strchr(as, '/') + 1;
		if (strcmp(dcountry, to) != 0)
			return cli_usage(&c, "--as %s is not a standard of %s",
					 as, to);
	}
	if (policy_path && (rc = pu_policy_load(&policy, policy_path)) < 0)
		return cli_fail(&c, rc);
	if ((rc = cli_open(&c, &st, false)) != 0)
		goto done;
	rc = cli_standard_key(&c, st, c.pos[0], country, sizeof(country),
			      &code);
	if (rc != EXIT_OK)
		goto done;
	if ((rc = cli_build_index(&c, st, st, &idx)) != 0)
		goto done;
	rc = dcode ? pu_homologate_pair(&h, idx, country, code, dcountry, dcode,
					policy)
		   : pu_homologate(&h, idx, country, code, to, policy);
	if (rc < 0) {
		rc = cli_fail(&c, rc);
		goto done;
	}
	if (c.json) {
		rc = cli_print_json(pu_homologation_to_json(h, explain));
	} else {
		char *t = pu_homologation_to_text(h, lang, explain);

		if (t == NULL) {
			rc = EXIT_SYSTEM;
			goto done;
		}
		fputs(t, stdout);
		free(t);
		rc = EXIT_OK;
	}
done:
	pu_homologation_free(h);
	pu_index_decref(idx);
	pu_store_close(st);
	free(policy);
	return rc;
}
