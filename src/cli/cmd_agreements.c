/*
 * puente agreements import|list|show|confirm: official homologation agreements,
 * and a reviewer's confirmation of a computed suggestion.
 */
#include "cli_auth.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "puente/agreement.h"
#include "puente/error.h"
#include "puente/io.h"
#include "puente/store.h"

static int import(cli *c, int argc, char **argv)
{
	pu_import_options io = PU_IMPORT_OPTIONS_INIT;
	const char *as = NULL;
	cli_opt opts[] = {{"--as", &as, NULL}, {NULL, NULL, NULL}};
	json_t *report = NULL;
	pu_store *st = NULL;
	pu_actor actor;
	int rc;

	if ((rc = cli_parse(c, argc, argv, opts)) != 0 || c->help)
		return rc;
	if (c->npos < 2)
		return cli_usage(c, "which files?");
	io.format = PU_FORMAT_JSON;
	if ((rc = cli_open(c, &st, true)) != 0)
		return rc;
	if ((rc = cli_actor(c, st, as, &actor)) != 0) {
		pu_store_close(st);
		return rc;
	}
	io.actor = &actor;
	if (c->json)
		report = json_array();
	for (int i = 1; i < c->npos; i++) {
		pu_import_result res;

		/* The same importer as `puente import`: one transaction per
		 * file. */
		rc = pu_io_import_file(st, c->pos[i], &io, &res);
		if (rc < 0) {
			rc = cli_fail(c, rc);
			break;
		}
		rc = EXIT_OK;
		if (c->json) {
			json_array_append_new(
				report,
				json_pack("{s:s, s:I, s:I, s:I, s:I}", "file",
					  c->pos[i], "agreements",
					  (json_int_t)res.agreements,
					  "frameworks",
					  (json_int_t)res.frameworks,
					  "referencing",
					  (json_int_t)res.referencing,
					  "standards",
					  (json_int_t)res.standards));
			continue;
		}
		printf("%s: %zu agreements", c->pos[i], res.agreements);
		if (res.frameworks + res.referencing + res.standards > 0)
			printf(" (and %zu frameworks, %zu referencing, %zu "
			       "standards)",
			       res.frameworks, res.referencing, res.standards);
		printf("\n");
	}
	pu_store_close(st);
	if (report != NULL) {
		if (rc == EXIT_OK)
			return cli_print_json(report);
		json_decref(report);
	}
	return rc;
}

static void print_parties(const pu_agreement *a)
{
	for (size_t i = 0; i < a->nparties; i++)
		printf("%s%s", i ? ", " : "", a->parties[i]);
}

static void free_all(pu_agreement **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		pu_agreement_free(v[i]);
	free(v);
}

static int load(cli *c, pu_agreement ***v, size_t *n)
{
	pu_store *st = NULL;
	int rc;

	if ((rc = cli_open(c, &st, false)) != 0)
		return rc;
	rc = pu_agreement_load_all(st, v, n);
	pu_store_close(st);
	return rc < 0 ? cli_fail(c, rc) : EXIT_OK;
}

static int list(cli *c, int argc, char **argv)
{
	const char *country = NULL, *lang = NULL;
	cli_opt opts[] = {{"--country", &country, NULL},
			  {"--lang", &lang, NULL},
			  {NULL, NULL, NULL}};
	pu_agreement **v = NULL;
	json_t *arr = NULL;
	size_t n = 0, shown = 0;
	int rc;

	if ((rc = cli_parse(c, argc, argv, opts)) != 0 || c->help)
		return rc;
	if (c->npos != 1)
		return cli_usage(c, "expected: agreements list [--country CC]");
	if ((rc = load(c, &v, &n)) != 0)
		return rc;
	if (c->json)
		arr = json_array();
	for (size_t i = 0; i < n; i++) {
		const pu_agreement *a = v[i];

		if (country != NULL && !pu_agreement_concerns(a, country))
			continue;
		shown++;
		if (c->json) {
			json_array_append_new(arr, pu_io_agreement_to_json(a));
			continue;
		}
		printf("%-20s ", a->id);
		print_parties(a);
		printf("  %s to %s  %zu entries  %s\n",
		       a->valid_from ? a->valid_from : "-",
		       a->valid_to ? a->valid_to : "-", a->nentries,
		       pu_mtext_get(&a->title, lang, "en"));
	}
	free_all(v, n);
	if (c->json)
		return cli_print_json(arr);
	if (shown == 0)
		fprintf(stderr, "no agreement found\n");
	return EXIT_OK;
}

static void print_agreement(const pu_agreement *a, const char *lang)
{
	const char *scope = pu_mtext_get(&a->scope, lang, "en");

	printf("%s  %s\n  parties: ", a->id, pu_mtext_get(&a->title, lang, "en"));
	print_parties(a);
	printf("\n  valid %s to %s\n", a->valid_from ? a->valid_from : "-",
	       a->valid_to ? a->valid_to : "-");
	if (scope != NULL)
		printf("  scope: %s\n", scope);
	if (a->legal_reference != NULL)
		printf("  legal reference: %s\n", a->legal_reference);
	if (a->source != NULL)
		printf("  source: %s\n", a->source);
	printf("\n  %zu entries\n", a->nentries);
	for (size_t i = 0; i < a->nentries; i++) {
		const pu_agreement_entry *e = &a->entries[i];
		const char *cond = pu_mtext_get(&e->conditions, lang, "en");

		printf("  %s/%s -> %s/%s: %s", e->source_country, e->source_code,
		       e->dest_country, e->dest_code,
		       pu_equivalence_name(e->equivalence));
		for (size_t k = 0; k < e->nextra_units; k++)
			printf("%s%s", k ? ", " : "; extra units ",
			       e->extra_units[k]);
		printf("\n");
		if (e->valid_from != NULL || e->valid_to != NULL)
			printf("    valid %s to %s\n",
			       e->valid_from ? e->valid_from : "-",
			       e->valid_to ? e->valid_to : "-");
		if (cond != NULL)
			printf("    conditions: %s\n", cond);
		if (e->confirmed_by != NULL)
			printf("    confirmed by %s at %s\n", e->confirmed_by,
			       e->confirmed_at);
	}
}

static int show(cli *c, int argc, char **argv)
{
	const char *lang = NULL;
	cli_opt opts[] = {{"--lang", &lang, NULL}, {NULL, NULL, NULL}};
	pu_agreement *a = NULL;
	pu_store *st = NULL;
	int rc;

	if ((rc = cli_parse(c, argc, argv, opts)) != 0 || c->help)
		return rc;
	if (c->npos != 2)
		return cli_usage(c, "expected: agreements show ID");
	if ((rc = cli_open(c, &st, false)) != 0)
		return rc;
	rc = pu_store_get_agreement(st, c->pos[1], &a);
	pu_store_close(st);
	if (rc < 0)
		return cli_fail(c, rc);
	if (c->json)
		rc = cli_print_json(pu_io_agreement_to_json(a));
	else
		print_agreement(a, lang);
	pu_agreement_free(a);
	return rc;
}

/* "CC/CODE" -> country (into buf) and code (borrowed from arg). */
static bool split_key(const char *arg, char *country, size_t n,
		      const char **code)
{
	const char *slash = strchr(arg, '/');

	if (slash == NULL || slash == arg || slash[1] == '\0' ||
	    (size_t)(slash - arg) >= n)
		return false;
	snprintf(country, n, "%.*s", (int)(slash - arg), arg);
	*code = slash + 1;
	return true;
}

/* Splits "U1, U2" at commas into a malloc'd array of pointers into s (which
 * is modified); empty items are skipped. */
static int split_units(char *s, char ***out, size_t *n)
{
	size_t cap = 1;
	char **v;

	for (const char *p = s; *p; p++)
		cap += *p == ',';
	v = calloc(cap, sizeof(*v));
	if (v == NULL)
		return -1;
	*n = 0;
	for (char *p = s; p != NULL;) {
		char *comma = strchr(p, ','), *end;

		if (comma != NULL)
			*comma = '\0';
		while (isspace((unsigned char)*p))
			p++;
		end = p + strlen(p);
		while (end > p && isspace((unsigned char)end[-1]))
			*--end = '\0';
		if (*p != '\0')
			v[(*n)++] = p;
		p = comma ? comma + 1 : NULL;
	}
	*out = v;
	return 0;
}

static int confirm(cli *c, int argc, char **argv)
{
	const char *eq_name = NULL, *extra = NULL, *reviewer = NULL,
		   *note = NULL, *lang = NULL, *as = NULL;
	cli_opt opts[] = {{"--equivalence", &eq_name, NULL},
			  {"--extra-units", &extra, NULL},
			  {"--reviewer", &reviewer, NULL},
			  {"--note", &note, NULL},
			  {"--lang", &lang, NULL},
			  {"--as", &as, NULL},
			  {NULL, NULL, NULL}};
	pu_actor actor;
	char sc[17], dc[17], id[64], *units_text = NULL, **units = NULL;
	const char *scode, *dcode;
	const pu_agreement *applied = NULL;
	const pu_agreement_entry *entry = NULL;
	pu_agreement **v = NULL;
	pu_equivalence eq;
	pu_store *st = NULL;
	size_t nunits = 0, n = 0;
	int rc;

	if ((rc = cli_parse(c, argc, argv, opts)) != 0 || c->help)
		return rc;
	if (c->npos != 3 || !split_key(c->pos[1], sc, sizeof(sc), &scode) ||
	    !split_key(c->pos[2], dc, sizeof(dc), &dcode))
		return cli_usage(c, "expected: agreements confirm SRC_CC/CODE "
				 "DST_CC/CODE --equivalence E --reviewer NAME");
	if (eq_name == NULL || reviewer == NULL)
		return cli_usage(c, "--equivalence and --reviewer are required");
	if (pu_equivalence_parse(eq_name, &eq) < 0)
		return cli_usage(c, "--equivalence: %s", pu_error_message());
	if (extra != NULL) {
		units_text = strdup(extra);
		if (units_text == NULL ||
		    split_units(units_text, &units, &nunits) < 0) {
			free(units_text);
			fprintf(stderr, "puente: out of memory\n");
			return EXIT_SYSTEM;
		}
	}
	if ((rc = cli_open(c, &st, false)) != 0 ||
	    (rc = cli_actor(c, st, as, &actor)) != 0)
		goto done;
	rc = pu_agreement_confirm_as(st, &actor, sc, scode, dc, dcode, eq,
				     (const char *const *)units, nunits,
				     reviewer, lang, note);
	if (rc == 0)
		rc = pu_agreement_load_all(st, &v, &n);
	if (rc < 0) {
		rc = cli_fail(c, rc);
		goto done;
	}
	/* The confirmation just written, and what applies today: an
	 * instrument's entry for the same pair takes precedence. */
	snprintf(id, sizeof(id), "confirmed-%s-%s", sc, dc);
	for (char *p = id; *p; p++)
		*p = (char)tolower((unsigned char)*p);
	pu_agreement_find((const pu_agreement *const *)v, n, sc, scode, dc,
			  dcode, NULL, &applied, &entry);
	if (c->json) {
		rc = cli_print_json(json_pack(
			"{s:s, s:s, s:s, s:s, s:s, s:s?}", "agreement", id,
			"source", c->pos[1], "destination", c->pos[2],
			"equivalence", pu_equivalence_name(eq), "reviewer",
			reviewer, "applies", applied ? applied->id : NULL));
		goto done;
	}
	printf("confirmed %s -> %s: %s", c->pos[1], c->pos[2],
	       pu_equivalence_name(eq));
	for (size_t k = 0; k < nunits; k++)
		printf("%s%s", k ? ", " : "; extra units ", units[k]);
	printf(" (by %s, in agreement %s)\n", reviewer, id);
	if (applied != NULL && strcmp(applied->id, id) != 0)
		printf("note: agreement %s applies to this pair and takes "
		       "precedence over the confirmation: %s\n",
		       applied->id, pu_equivalence_name(entry->equivalence));
	rc = EXIT_OK;
done:
	free_all(v, n);
	pu_store_close(st);
	free(units);
	free(units_text);
	return rc;
}

int cmd_agreements(int argc, char **argv)
{
	static const cli_sub subs[] = {
	    {"import", import},
	    {"list", list},
	    {"show", show},
	    {"confirm", confirm},
	};

	return cli_dispatch(argc, argv, subs, sizeof(subs) / sizeof(subs[0]),
			    "expected: agreements import|list|show|confirm");
}
