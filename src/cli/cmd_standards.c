/*
 * puente standards search|show: the catalogue from the command line.
 */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

#include "puente/buf.h"
#include "puente/catalog.h"
#include "puente/error.h"
#include "puente/io.h"
#include "puente/store.h"
#include "puente/view.h"

static bool parse_size(const char *s, size_t *out)
{
	char *end;
	unsigned long v;

	if (s == NULL)
		return true;
	v = strtoul(s, &end, 10);
	if (*s == '\0' || *end != '\0' || s[0] == '-')
		return false;
	*out = (size_t)v;
	return true;
}

static int search(cli *c, int argc, char **argv)
{
	const char *level = NULL, *limit = NULL, *offset = NULL, *lang = NULL;
	pu_search_query q = PU_SEARCH_QUERY_INIT;
	cli_opt opts[] = {{"--country", &q.country, NULL},
			  {"--language", &q.language, NULL},
			  {"--level", &level, NULL},
			  {"--sector", &q.sector, NULL},
			  {"--isco", &q.isco, NULL},
			  {"--limit", &limit, NULL},
			  {"--offset", &offset, NULL},
			  {"--lang", &lang, NULL},
			  {NULL, NULL, NULL}};
	pu_buf text = PU_BUF_INIT;
	pu_search_result *res = NULL;
	pu_store *st = NULL;
	char fw[80];
	int rc;

	if ((rc = cli_parse(c, argc, argv, opts)) != 0 || c->help)
		return rc;
	if (!parse_size(limit, &q.limit) || !parse_size(offset, &q.offset))
		return cli_usage(c, "--limit and --offset take a number");
	if (level != NULL) {
		const char *colon = strchr(level, ':');

		if (colon != NULL) {
			snprintf(fw, sizeof(fw), "%.*s", (int)(colon - level),
				 level);
			q.framework = fw;
			q.level = colon + 1;
		} else {
			q.level = level;
		}
	}
	for (int i = 1; i < c->npos; i++) {
		if (i > 1)
			pu_buf_putc(&text, ' ');
		pu_buf_puts(&text, c->pos[i]);
	}
	q.text = text.ptr;
	if ((rc = cli_open(c, &st, false)) != 0) {
		pu_buf_free(&text);
		return rc;
	}
	rc = pu_store_search(st, &q, &res);
	pu_store_close(st);
	pu_buf_free(&text);
	if (rc < 0)
		return cli_fail(c, rc);
	if (c->json) {
		rc = cli_print_json(pu_view_search(res));
	} else {
		if (res->relaxed)
			printf("(no standard has every word; showing those with "
			       "some)\n");
		for (size_t i = 0; i < res->n; i++) {
			const pu_search_hit *h = &res->hits[i];

			printf("%-3s %-14s %-4s %s\n", h->country, h->code,
			       h->level_code ? h->level_code : "-",
			       pu_mtext_get(&h->title, lang, h->language));
		}
		if (res->n == 0)
			fprintf(stderr, "no standard found\n");
		rc = EXIT_OK;
	}
	pu_search_result_free(res);
	return rc;
}

static void print_mtext_line(const char *indent, const char *label,
			     const pu_mtext *t, const char *lang,
			     const char *fallback)
{
	const char *s = pu_mtext_get(t, lang, fallback);

	if (s != NULL)
		printf("%s%s%s\n", indent, label, s);
}

static void print_standard(const pu_standard *s, const char *lang)
{
	const char *l = lang ? lang : s->language;

	printf("%s/%s%s%s  %s\n", s->country, s->code,
	       s->version ? " v" : "", s->version ? s->version : "",
	       pu_mtext_get(&s->title, l, s->language));
	printf("  %s, %s, written in %s%s%s\n", pu_kind_name(s->kind),
	       pu_status_name(s->status), s->language, s->body ? ", by " : "",
	       s->body ? s->body : "");
	if (s->level_framework)
		printf("  level %s of %s\n", s->level_code, s->level_framework);
	else
		printf("  no level in a framework\n");
	if (s->sector)
		printf("  sector: %s\n", s->sector);
	for (size_t i = 0; i < s->ncodes; i++)
		printf("  %s: %s\n", s->codes[i].scheme, s->codes[i].code);
	if (s->valid_from || s->valid_to)
		printf("  valid %s to %s\n", s->valid_from ? s->valid_from : "?",
		       s->valid_to ? s->valid_to : "-");
	if (s->superseded_by)
		printf("  superseded by %s\n", s->superseded_by);
	print_mtext_line("\n  ", "", &s->description, l, s->language);
	for (size_t i = 0; i < s->nunits; i++) {
		const pu_unit *u = &s->units[i];

		printf("\n  %s %s%s\n", u->code,
		       pu_mtext_get(&u->title, l, s->language),
		       u->elective ? " (elective)" : "");
		for (size_t e = 0; e < u->nelements; e++) {
			const pu_element *el = &u->elements[e];

			printf("    %s %s\n", el->code,
			       pu_mtext_get(&el->title, l, s->language));
			for (size_t k = 0; k < el->ncriteria; k++)
				printf("      %s %s\n", el->criteria[k].code,
				       pu_mtext_get(&el->criteria[k].text, l,
						    s->language));
		}
		for (size_t k = 0; k < u->nknowledge; k++)
			print_mtext_line("    knowledge: ", "", &u->knowledge[k],
					 l, s->language);
		for (size_t k = 0; k < u->nevidence; k++)
			printf("    evidence (%s): %s\n",
			       pu_evidence_name(u->evidence[k].type),
			       pu_mtext_get(&u->evidence[k].text, l,
					    s->language));
	}
}

static int show(cli *c, int argc, char **argv)
{
	const char *lang = NULL;
	cli_opt opts[] = {{"--lang", &lang, NULL}, {NULL, NULL, NULL}};
	pu_standard *s = NULL;
	pu_store *st = NULL;
	char country[17] = "";
	const char *code;
	int rc;

	if ((rc = cli_parse(c, argc, argv, opts)) != 0 || c->help)
		return rc;
	if (c->npos != 2)
		return cli_usage(c, "expected: standards show [CC/]CODE");
	if ((rc = cli_open(c, &st, false)) != 0)
		return rc;
	rc = cli_standard_key(c, st, c->pos[1], country, sizeof(country),
			      &code);
	if (rc != EXIT_OK) {
		pu_store_close(st);
		return rc;
	}
	rc = pu_store_get_standard(st, country, code, &s);
	pu_store_close(st);
	if (rc < 0)
		return cli_fail(c, rc);
	if (c->json)
		rc = cli_print_json(pu_io_standard_to_json(s));
	else
		print_standard(s, lang);
	pu_standard_free(s);
	return rc;
}

int cmd_standards(int argc, char **argv)
{
	static const cli_sub subs[] = {
	    {"search", search},
	    {"show", show},
	};

	return cli_dispatch(argc, argv, subs, sizeof(subs) / sizeof(subs[0]),
			    "expected: standards search|show");
}
