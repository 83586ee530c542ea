/*
 * puente status: what the database holds.
 */
#include "cli.h"

#include "puente/store.h"
#include "puente/view.h"

int cmd_status(int argc, char **argv)
{
	pu_store *st = NULL;
	pu_store_counts s;
	cli c;
	int rc;

	if ((rc = cli_parse(&c, argc, argv, NULL)) != 0 || c.help)
		return rc;
	if (c.npos > 0)
		return cli_usage(&c, "takes no arguments");
	if ((rc = cli_open(&c, &st, false)) != 0)
		return rc;
	rc = pu_store_stats(st, &s);
	pu_store_close(st);
	if (rc < 0)
		return cli_fail(&c, rc);
	if (c.json) {
		json_t *o = pu_view_counts(&s, c.db);

		pu_store_counts_free(&s);
		return cli_print_json(o);
	}
	printf("database:     %s (%s, %.1f MiB)\n", c.db, s.backend,
	       (double)s.bytes / (1024.0 * 1024.0));
	printf("schema:       version %d; catalogue version %lld\n",
	       s.schema_version, (long long)s.catalog_version);
	printf("frameworks:   %zu (%zu levels, %zu referencing statements)\n",
	       s.frameworks, s.levels, s.referencing);
	printf("standards:    %zu (%zu units, %zu elements, %zu criteria)\n",
	       s.standards, s.units, s.elements, s.criteria);
	printf("agreements:   %zu (%zu pairs of standards)\n", s.agreements,
	       s.agreement_entries);
	for (size_t i = 0; i < s.ncountries; i++)
		printf("  %-8s %6zu standards %8zu units\n",
		       s.countries[i].country, s.countries[i].standards,
		       s.countries[i].units);
	pu_store_counts_free(&s);
	return EXIT_OK;
}
