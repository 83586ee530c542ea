/*
 * Building the homologation index for a CLI verb: Apertium when installed (a
 * note on standard error when not), the translation cache in the given store,
 * and progress on a terminal for long builds.
 */
#include "cli.h"

#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "puente/error.h"
#include "puente/match.h"
#include "puente/store.h"
#include "puente/translate.h"

struct progress {
	struct timespec start;
	char last[64];
	bool shown;
};

static double since(const struct timespec *t0)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)(t.tv_sec - t0->tv_sec) +
	       (double)(t.tv_nsec - t0->tv_nsec) / 1e9;
}

static void on_progress(const char *step, size_t done, size_t total, void *arg)
{
	struct progress *p = arg;

	if (since(&p->start) < 1.0 || total == 0)
		return;
	p->shown = true;
	fprintf(stderr, "\rindex: %-10s %3zu%%", step, done * 100 / total);
	fflush(stderr);
}

int cli_build_index(const cli *c, pu_store *st, pu_store *cache,
		    pu_index **out)
{
	pu_index_options opt = PU_INDEX_OPTIONS_INIT;
	pu_translator *t = NULL;
	struct progress p = {{0, 0}, "", false};
	int rc;

	if (pu_translator_apertium(&t) < 0) {
		fprintf(stderr, "puente %s: note: %s\n", c->verb,
			pu_error_message());
		pu_error_clear();
		t = NULL;
	}
	clock_gettime(CLOCK_MONOTONIC, &p.start);
	opt.translator = t;
	opt.cache = cache;
	if (isatty(STDERR_FILENO)) {
		opt.progress = on_progress;
		opt.progress_arg = &p;
	}
	rc = pu_index_build(out, st, &opt);
	if (p.shown)
		fputc('\n', stderr);
	pu_translator_free(t);
	if (rc < 0)
		return cli_fail(c, rc);
	return EXIT_OK;
}
