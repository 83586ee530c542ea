/*
 * puente import FILE...: each file in one transaction; a progress bar on a
 * terminal for long imports.
 */
#include "cli_auth.h"

#include <string.h>
#include <time.h>
#include <unistd.h>

#include "puente/error.h"
#include "puente/io.h"
#include "puente/store.h"
#include "puente/view.h"

struct bar {
	const char *name;
	struct timespec start;
	int last;
	bool shown;
};

static double elapsed(const struct timespec *t0)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (double)(now.tv_sec - t0->tv_sec) +
	       (double)(now.tv_nsec - t0->tv_nsec) / 1e9;
}

/* Draws after half a second only, so short imports stay quiet. */
static void draw(size_t done, size_t total, void *arg)
{
	struct bar *b = arg;
	int pct = total ? (int)(done * 100 / total) : 100, fill;

	if (pct == b->last || elapsed(&b->start) < 0.5)
		return;
	b->last = pct;
	b->shown = true;
	fill = pct * 30 / 100;
	fprintf(stderr, "\r%-30.30s [%.*s%*s] %3d%%", b->name, fill,
		"##############################", 30 - fill, "", pct);
	fflush(stderr);
}

static pu_format parse_format(const char *s)
{
	static const struct {
		const char *name;
		pu_format f;
	} names[] = {{"puente-json", PU_FORMAT_JSON}, {"json", PU_FORMAT_JSON},
		     {"jsonl", PU_FORMAT_JSONL},	  {"csv", PU_FORMAT_CSV},
		     {"conocer", PU_FORMAT_CONOCER},	  {"esco", PU_FORMAT_ESCO}};

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strcmp(s, names[i].name) == 0)
			return names[i].f;
	return PU_FORMAT_AUTO;
}

int cmd_import(int argc, char **argv)
{
	const char *format = NULL, *lang = NULL, *as = NULL;
	cli_opt opts[] = {{"--format", &format, NULL},
			  {"--lang", &lang, NULL},
			  {"--as", &as, NULL},
			  {NULL, NULL, NULL}};
	pu_actor actor;
	pu_import_options io = PU_IMPORT_OPTIONS_INIT;
	pu_store *st = NULL;
	json_t *report = NULL;
	cli c;
	int rc;

	if ((rc = cli_parse(&c, argc, argv, opts)) != 0 || c.help)
		return rc;
	if (c.npos == 0)
		return cli_usage(&c, "which files?");
	if (format) {
		io.format = parse_format(format);
		if (io.format == PU_FORMAT_AUTO)
			return cli_usage(&c, "unknown format \"%s\"", format);
	}
	io.lang = lang;
	if ((rc = cli_open(&c, &st, true)) != 0)
		return rc;
	if ((rc = cli_actor(&c, st, as, &actor)) != 0) {
		pu_store_close(st);
		return rc;
	}
	io.actor = &actor;
	if (c.json)
		report = json_array();
	for (int i = 0; i < c.npos; i++) {
		struct bar b = {c.pos[i], {0, 0}, -1, false};
		pu_import_result res;
		double secs;

		clock_gettime(CLOCK_MONOTONIC, &b.start);
		if (isatty(STDERR_FILENO)) {
			io.progress = draw;
			io.progress_arg = &b;
		}
		rc = pu_io_import_file(st, c.pos[i], &io, &res);
		if (b.shown)
			fputc('\n', stderr);
		if (rc < 0) {
			rc = cli_fail(&c, rc);
			break;
		}
		secs = elapsed(&b.start);
		if (c.json) {
			json_t *o = pu_view_import(c.pos[i], &res);

			json_object_set_new(o, "seconds", json_real(secs));
			json_array_append_new(report, o);
		} else {
			printf("%s: %s: %zu frameworks, %zu referencing, %zu "
			       "standards (%zu units, %zu criteria)",
			       c.pos[i], pu_format_name(res.format),
			       res.frameworks, res.referencing, res.standards,
			       res.units, res.criteria);
			if (res.agreements > 0)
				printf(", %zu agreements", res.agreements);
			printf(" in %.2f s\n", secs);
		}
		rc = EXIT_OK;
	}
	pu_store_close(st);
	if (report != NULL) {
		if (rc == EXIT_OK)
			return cli_print_json(report);
		json_decref(report);
	}
	return rc;
}
