/*
 * puente frameworks [ID]: list frameworks, or show one with its levels.
 */
#include "cli.h"

#include <string.h>

#include "puente/framework.h"
#include "puente/store.h"
#include "puente/view.h"

static int show(const cli *c, const pu_registry *reg, const char *id,
		const char *lang)
{
	const pu_framework *f = pu_registry_find(reg, id);

	if (f == NULL) {
		fprintf(stderr, "puente frameworks: no framework \"%s\"\n", id);
		return EXIT_NOTFOUND;
	}
	if (c->json)
		return cli_print_json(pu_view_framework(reg, f));
	printf("%s  %s (%s, %s)\n", f->id, pu_mtext_get(&f->name, lang, "en"),
	       pu_framework_type_name(f->type), f->country);
	if (f->source)
		printf("source: %s\n", f->source);
	for (size_t i = 0; i < f->nlevels; i++) {
		const pu_level *l = &f->levels[i];
		const char *name = pu_mtext_get(&l->name, lang, "en");

		printf("\n  level %s%s%s\n", l->code, name ? "  " : "",
		       name ? name : "");
		for (size_t k = 0; k < f->ndomains; k++)
			for (size_t j = 0; j < l->ndescriptors; j++)
				if (strcmp(l->descriptors[j].domain,
					   f->domains[k].id) == 0)
					printf("    %s: %s\n",
					       pu_mtext_get(&f->domains[k].name,
							    lang, "en"),
					       pu_mtext_get(&l->descriptors[j].text,
							    lang, "en"));
		if (l->notes.n)
			printf("    %s\n", pu_mtext_get(&l->notes, lang, "en"));
	}
	for (size_t i = 0; i < pu_registry_ref_count(reg); i++) {
		const pu_referencing *r = pu_registry_ref_at(reg, i);

		if (strcmp(r->from, id) != 0)
			continue;
		printf("\nreferenced to %s (%s)%s%s\n", r->to,
		       pu_ref_status_name(r->status), r->source ? ": " : "",
		       r->source ? r->source : "");
		for (size_t k = 0; k < r->nlevels; k++) {
			printf("  %s ->", r->levels[k].level);
			for (size_t t = 0; t < r->levels[k].nto; t++)
				printf(" %s", r->levels[k].to[t]);
			printf("\n");
		}
	}
	return EXIT_OK;
}

int cmd_frameworks(int argc, char **argv)
{
	const char *lang = NULL;
	cli_opt opts[] = {{"--lang", &lang, NULL}, {NULL, NULL, NULL}};
	pu_store *st = NULL;
	pu_registry *reg = NULL;
	cli c;
	int rc;

	if ((rc = cli_parse(&c, argc, argv, opts)) != 0 || c.help)
		return rc;
	if (c.npos > 1)
		return cli_usage(&c, "one framework at a time");
	if ((rc = cli_open(&c, &st, false)) != 0)
		return rc;
	rc = pu_store_registry(st, &reg);
	pu_store_close(st);
	if (rc < 0)
		return cli_fail(&c, rc);
	if (c.npos == 1) {
		rc = show(&c, reg, c.pos[0], lang);
	} else if (c.json) {
		json_t *arr = json_array();

		for (size_t i = 0; i < pu_registry_count(reg); i++)
			json_array_append_new(arr,
					      pu_view_framework_summary(pu_registry_at(reg, i)));
		rc = cli_print_json(arr);
	} else {
		for (size_t i = 0; i < pu_registry_count(reg); i++) {
			const pu_framework *f = pu_registry_at(reg, i);

			printf("%-14s %-9s %-8s %2zu levels  %s\n", f->id,
			       pu_framework_type_name(f->type), f->country,
			       f->nlevels, pu_mtext_get(&f->name, lang, "en"));
		}
		rc = EXIT_OK;
	}
	pu_registry_free(reg);
	return rc;
}
