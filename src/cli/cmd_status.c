/*
 * puente status: what the database holds.
 */
#include "cli.h"

#include "puente/store.h"

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
		json_t *o = json_pack(
			"{s:s, s:s, s:i, s:I, s:I, s:{s:I, s:I, s:I, s:I, s:I, "
			"s:I, s:I}}",
			"database", c.db, "backend", s.backend, "schema_version",
			s.schema_version, "catalog_version",
			(json_int_t)s.catalog_version, "bytes",
			(json_int_t)s.bytes, "counts", "frameworks",
			(json_int_t)s.frameworks, "levels", (json_int_t)s.levels,
			"referencing", (json_int_t)s.referencing, "standards",
			(json_int_t)s.standards, "units", (json_int_t)s.units,
			"elements", (json_int_t)s.elements, "criteria",
			(json_int_t)s.criteria);
		json_t *countries = json_array();

		for (size_t i = 0; i < s.ncountries; i++)
			json_array_append_new(
				countries,
				json_pack("{s:s, s:I, s:I}", "country",
					  s.countries[i].country, "standards",
					  (json_int_t)s.countries[i].standards,
					  "units",
					  (json_int_t)s.countries[i].units));
		json_object_set_new(o, "countries", countries);
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
	for (size_t i = 0; i < s.ncountries; i++)
		printf("  %-8s %6zu standards %8zu units\n",
		       s.countries[i].country, s.countries[i].standards,
		       s.countries[i].units);
	pu_store_counts_free(&s);
	return EXIT_OK;
}
