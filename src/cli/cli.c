/*
 * CLI plumbing shared by the verbs.
 */
#include "cli.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "puente/error.h"
#include "puente/store.h"

#define DEFAULT_DB "var/puente.db"

static const char *opt_value(const char *arg, const char *name)
{
	size_t n = strlen(name);

	if (strncmp(arg, name, n) == 0 && arg[n] == '=')
		return arg + n + 1;
	return NULL;
}

int cli_parse(cli *c, int argc, char **argv, const cli_opt *opts)
{
	static char *pos_store[256];

	memset(c, 0, sizeof(*c));
	c->verb = argv[0];
	c->pos = pos_store;
	c->db = getenv("PUENTE_DB");
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i], *v;
		bool matched = false;

		if (strcmp(a, "--") == 0) {
			for (i++; i < argc && c->npos < 256; i++)
				c->pos[c->npos++] = argv[i];
			break;
		}
		if (a[0] != '-' || strcmp(a, "-") == 0) {
			if (c->npos == 256)
				return cli_usage(c, "too many arguments");
			c->pos[c->npos++] = argv[i];
			continue;
		}
		if (strcmp(a, "--json") == 0) {
			c->json = true;
			continue;
		}
		if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
			c->help = true;
			continue;
		}
		if (strcmp(a, "--db") == 0 || opt_value(a, "--db")) {
			v = opt_value(a, "--db");
			if (v == NULL) {
				if (i + 1 >= argc)
					return cli_usage(c, "--db needs a path");
				v = argv[++i];
			}
			c->db = v;
			continue;
		}
		for (const cli_opt *o = opts; o && o->name; o++) {
			size_t n = strlen(o->name);

			if (strncmp(a, o->name, n) != 0 ||
			    (a[n] != '\0' && a[n] != '='))
				continue;
			matched = true;
			if (o->flag) {
				if (a[n] == '=')
					return cli_usage(c, "%s takes no value",
							 o->name);
				*o->flag = true;
			} else if (a[n] == '=') {
				*o->value = a + n + 1;
			} else if (i + 1 < argc) {
				*o->value = argv[++i];
			} else {
				return cli_usage(c, "%s needs a value", o->name);
			}
			break;
		}
		if (!matched)
			return cli_usage(c, "unknown option %s", a);
	}
	if (c->db == NULL || c->db[0] == '\0')
		c->db = DEFAULT_DB;
	if (c->help) {
		const char *h = cli_help_of(c->verb);

		if (h)
			fputs(h, stdout);
	}
	return 0;
}

int cli_fail(const cli *c, int rc)
{
	fprintf(stderr, "puente %s: %s\n", c->verb, pu_error_message());
	switch (rc) {
	case PU_EINVAL:
	case PU_ELIMIT:
	case PU_ECONFLICT:
		return EXIT_DATA;
	case PU_ENOTFOUND:
		return EXIT_NOTFOUND;
	case PU_EDENIED:
	case PU_EAUTH:
		return EXIT_DENIED;
	default:
		return EXIT_SYSTEM;
	}
}

int cli_usage(const cli *c, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "puente %s: ", c->verb);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, " (see `puente help %s`)\n", c->verb);
	return EXIT_USAGE;
}

int cli_open(const cli *c, pu_store **out, bool create)
{
	int rc = pu_store_open(out, c->db, create ? PU_STORE_CREATE : 0);

	if (rc < 0)
		return cli_fail(c, rc);
	return EXIT_OK;
}

int cli_print_json(json_t *v)
{
	if (v == NULL) {
		fprintf(stderr, "puente: out of memory\n");
		return EXIT_SYSTEM;
	}
	json_dumpf(v, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	fputc('\n', stdout);
	json_decref(v);
	return EXIT_OK;
}

const char *cli_subcommand(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--db") == 0)
			i++;
		else if (argv[i][0] != '-')
			return argv[i];
	}
	return NULL;
}

int cli_dispatch(int argc, char **argv, const cli_sub *subs, size_t n,
		 const char *expected)
{
	const char *sub = cli_subcommand(argc, argv);
	cli c = {0};

	c.verb = argv[0];
	for (size_t i = 0; sub != NULL && i < n; i++)
		if (strcmp(sub, subs[i].name) == 0)
			return subs[i].fn(&c, argc, argv);
	if (argc >= 2 &&
	    (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
		fputs(cli_help_of(argv[0]), stdout);
		return EXIT_OK;
	}
	return cli_usage(&c, "%s", expected);
}

int cli_standard_key(const cli *c, pu_store *st, const char *arg,
		     char *country, size_t n, const char **code)
{
	const char *slash = strchr(arg, '/');
	pu_search_query q = PU_SEARCH_QUERY_INIT;
	pu_search_result *res = NULL;
	size_t found = 0;
	int rc;

	country[0] = '\0';
	*code = arg;
	if (slash != NULL) {
		snprintf(country, n, "%.*s", (int)(slash - arg), arg);
		*code = slash + 1;
	}
	if (country[0] != '\0')
		return EXIT_OK;
	/* The search finds the code among others; keep exact matches. */
	q.text = *code;
	q.limit = 50;
	rc = pu_store_search(st, &q, &res);
	for (size_t i = 0; rc == 0 && i < res->n; i++)
		if (strcmp(res->hits[i].code, *code) == 0 && found++ == 0)
			snprintf(country, n, "%s", res->hits[i].country);
	pu_search_result_free(res);
	if (rc == 0 && found > 1)
		rc = pu_error_set(PU_ENOTFOUND,
				  "several countries have %s; say which "
				  "(CC/%s)",
				  *code, *code);
	if (rc == 0 && found == 0)
		rc = pu_error_set(PU_ENOTFOUND, "no standard %s", *code);
	return rc < 0 ? cli_fail(c, rc) : EXIT_OK;
}
