/*
 * bench_homologate: the homologation speed benchmark. Builds the homologation
 * index of a store holding the synthetic catalogue (gen_catalog, imported by
 * bench_catalog) and times it, then times homologations on one thread and on
 * several threads sharing the index, and, in the same run and for the same
 * sources and destinations, the store's full-text search (FTS5) as the
 * baseline. It prints figures; it asserts nothing about time.
 *
 *   bench_homologate [--queries N] [--threads 1,2] [--seed S]
 *                    [--import CATALOG.jsonl] [--decisions FILE]
 *                    [--translate CACHE] [--no-baseline] DB
 *
 * The index is built without a translator (opt.translator = NULL): translating
 * the catalogue's millions of texts with Apertium would take hours. Texts then
 * meet in their own language's space and in the character 4-gram space. With
 * --translate CACHE (a Puente store used as the translation cache, such as
 * the quality benchmark's bench/out/cache.db), texts are translated to the
 * pivots with Apertium, through that cache, as the server does: for a real
 * catalogue whose translations are cached, so that the vectors are as long as
 * in production.
 *
 * Sources are drawn with a fixed-seed PRNG (splitmix64, vocab.h) from the
 * standards of the index, and each destination from the other countries of
 * the catalogue, so two runs on the same database do the same work.
 */
#include "common.h"
#include "vocab.h"

#include "puente/error.h"
#include "puente/io.h"
#include "puente/match.h"
#include "puente/mtext.h"
#include "puente/store.h"
#include "puente/translate.h"

#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <sqlite3.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define MIB (1024.0 * 1024.0)
#define MAX_THREADS 64
#define FTS_LIMIT 5

/* One homologation to time: a source standard and a destination country. */
struct job {
	const char *country, *code; /* source, borrowed from the key list */
	const char *dest;           /* destination country */
	char *title;                /* source title in its language (FTS5) */
	char isco4[5];              /* source's ISCO-08 unit group, or "" */
	uint64_t print;             /* fingerprint of the one-thread result */
};

struct tally {
	size_t decided[3]; /* top candidate full / partial / none */
	size_t nocand;     /* no candidate at all */
	size_t cands;      /* candidates in all */
	size_t same_isco;  /* top candidate in the source's unit group */
	size_t errors;
};

/* Work shared by the threads of a batch run. */
struct batch {
	const pu_index *idx;
	struct job *jobs;
	size_t njobs;
	atomic_size_t next;
	atomic_size_t mismatches; /* results differing from one thread's */
	atomic_size_t errors;
	pthread_barrier_t start;
	double *ms; /* latency of each job in this run */
};

static void die(const char *what)
{
	fprintf(stderr, "bench_homologate: %s: %s\n", what,
		pu_error_message());
	exit(1);
}

static void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (p == NULL) {
		fputs("bench_homologate: out of memory\n", stderr);
		exit(1);
	}
	return p;
}

static char *xstrdup(const char *s)
{
	size_t n = strlen(s) + 1;

	return memcpy(xmalloc(n), s, n);
}

/* A line "Key:   1234 kB" of /proc/self/status, in kB (0 when unknown). */
static long status_kb(const char *key)
{
	FILE *f = fopen("/proc/self/status", "r");
	char line[256];
	size_t n = strlen(key);
	long kb = 0;

	while (f != NULL && fgets(line, sizeof(line), f) != NULL)
		if (strncmp(line, key, n) == 0 && line[n] == ':') {
			kb = strtol(line + n + 1, NULL, 10);
			break;
		}
	if (f != NULL)
		fclose(f);
	return kb;
}

static void print_rss(const char *when)
{
	printf("memory %s: peak RSS (VmHWM) %.1f MiB, RSS (VmRSS) %.1f MiB\n",
	       when, (double)status_kb("VmHWM") / 1024.0,
	       (double)status_kb("VmRSS") / 1024.0);
}

struct lat {
	double median, p90, p99, max, per_s;
};

/* Sorts ms in place. per_s: calls per second of the summed latencies. */
static struct lat latency(double *ms, size_t n)
{
	struct lat l = {0, 0, 0, 0, 0};
	double sum = 0;

	if (n == 0)
		return l;
	for (size_t i = 0; i < n; i++)
		sum += ms[i];
	qsort(ms, n, sizeof(*ms), bench_cmp_double);
	l.median = bench_pct(ms, n, 50);
	l.p90 = bench_pct(ms, n, 90);
	l.p99 = bench_pct(ms, n, 99);
	l.max = ms[n - 1];
	l.per_s = sum > 0 ? (double)n / (sum / 1000.0) : 0;
	return l;
}

static uint64_t fnv(uint64_t h, const void *p, size_t n)
{
	const unsigned char *c = p;

	for (size_t i = 0; i < n; i++)
		h = (h ^ c[i]) * 1099511628211ull;
	return h;
}

/* Everything a homologation decided, hashed: candidates in order, their
 * decisions, coverages and scores, bit for bit. */
static uint64_t fingerprint(const pu_homologation *h)
{
	uint64_t x = 1469598103934665603ull;

	for (size_t i = 0; i < h->ncandidates; i++) {
		const pu_candidate *c = &h->candidates[i];
		int e = (int)c->equivalence;

		x = fnv(x, c->standard->country, strlen(c->standard->country));
		x = fnv(x, c->standard->code, strlen(c->standard->code) + 1);
		x = fnv(x, &e, sizeof(e));
		x = fnv(x, &c->coverage, sizeof(c->coverage));
		x = fnv(x, &c->core_coverage, sizeof(c->core_coverage));
		x = fnv(x, &c->retrieval, sizeof(c->retrieval));
		for (size_t j = 0; j < c->nunits; j++) {
			const pu_unit_match *m = &c->units[j];
			const char *sc = m->source ? m->source->code : "-";

			x = fnv(x, sc, strlen(sc) + 1);
			x = fnv(x, &m->score, sizeof(m->score));
		}
	}
	return x;
}

/* The first 4 digits of the first ISCO-08 code, or "". */
static void isco4(const char *code, char out[5])
{
	size_t n = code ? strlen(code) : 0;

	if (n < 4)
		n = 0;
	memcpy(out, code ? code : "", n < 4 ? n : 4);
	out[n < 4 ? n : 4] = '\0';
}

/* --- Setup -------------------------------------------------------------- */

static bool file_exists(const char *path)
{
	struct stat sb;

	return stat(path, &sb) == 0;
}

static size_t count_standards(pu_store *st)
{
	pu_store_counts c = {0};
	size_t n;

	if (pu_store_stats(st, &c) < 0)
		die("stats");
	n = c.standards;
	pu_store_counts_free(&c);
	return n;
}

/* Opens DB; imports catalog first when DB is missing or holds nothing. */
static pu_store *open_db(const char *db, const char *catalog)
{
	pu_store *st = NULL;

	if (file_exists(db)) {
		if (pu_store_open(&st, db, 0) < 0)
			die(db);
		if (count_standards(st) > 0 || catalog == NULL) {
			printf("database: %s (reused)\n", db);
			return st;
		}
	} else if (catalog == NULL) {
		fprintf(stderr,
			"bench_homologate: %s does not exist; give --import "
			"CATALOG.jsonl to create it\n",
			db);
		exit(2);
	} else if (pu_store_open(&st, db, PU_STORE_CREATE) < 0) {
		die(db);
	}
	{
		pu_import_options opt = PU_IMPORT_OPTIONS_INIT;
		pu_import_result res;
		double t0 = bench_now();

		printf("database: %s (importing %s)\n", db, catalog);
		if (pu_io_import_file(st, catalog, &opt, &res) < 0)
			die("import");
		printf("import: %zu standards, %zu units in %.1f s\n",
		       res.standards, res.units, bench_now() - t0);
	}
	return st;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Draws the jobs: a source among the standards, a destination among the other
 * countries of the catalogue. Reads each source's title for the baseline. */
static struct job *make_jobs(pu_store *st, size_t njobs, uint64_t seed,
			     char ***keys_out, size_t *nkeys_out)
{
	struct vocab_rng r = {seed};
	char **keys = NULL, **countries;
	size_t nkeys = 0, ncountries = 0;
	struct job *jobs = xmalloc(njobs * sizeof(*jobs));

	if (pu_store_standard_keys(st, NULL, &keys, &nkeys) < 0)
		die("keys");
	if (nkeys == 0) {
		fputs("bench_homologate: the database holds no standards\n",
		      stderr);
		exit(1);
	}
	/* Keys are sorted by country: the distinct countries, in order. */
	countries = xmalloc(nkeys * sizeof(*countries));
	for (size_t i = 0; i < nkeys; i++)
		if (ncountries == 0 ||
		    strcmp(countries[ncountries - 1], keys[2 * i]) != 0)
			countries[ncountries++] = keys[2 * i];
	qsort(countries, ncountries, sizeof(*countries), cmp_str);
	if (ncountries < 2) {
		fputs("bench_homologate: the catalogue has one country; "
		      "homologation needs two\n",
		      stderr);
		exit(1);
	}
	printf("catalogue: %zu standards of %zu countries\n", nkeys,
	       ncountries);
	for (size_t i = 0; i < njobs; i++) {
		struct job *j = &jobs[i];
		size_t k = vocab_rng_below(&r, nkeys);
		size_t d = vocab_rng_below(&r, ncountries - 1);
		pu_standard *s = NULL;
		const char *t;

		j->country = keys[2 * k];
		j->code = keys[2 * k + 1];
		/* The d-th country other than the source's. */
		for (size_t c = 0; c < ncountries; c++) {
			if (strcmp(countries[c], j->country) == 0)
				continue;
			if (d-- == 0) {
				j->dest = countries[c];
				break;
			}
		}
		if (pu_store_get_standard(st, j->country, j->code, &s) < 0)
			die(j->code);
		t = pu_mtext_get(&s->title, s->language, NULL);
		j->title = xstrdup(t ? t : "");
		isco4(pu_standard_code_of(s, "isco08"), j->isco4);
		j->print = 0;
		pu_standard_free(s);
	}
	free(countries);
	*keys_out = keys;
	*nkeys_out = nkeys;
	return jobs;
}

/* --- Index build -------------------------------------------------------- */

static void progress(const char *step, size_t done, size_t total, void *arg)
{
	int *last = arg;
	int pc = total ? (int)(100.0 * (double)done / (double)total) : 0;

	if (pc / 10 != *last / 10 || pc < *last) {
		fprintf(stderr, "  index: %s %d%%\n", step, pc);
		*last = pc;
	}
}

static pu_index *build_index(pu_store *st, const char *cache_path)
{
	pu_index_options opt = PU_INDEX_OPTIONS_INIT;
	pu_store *cache = NULL;
	pu_index *idx = NULL;
	pu_index_info info;
	double t0, c0;
	int last = -10;

	opt.translator = NULL; /* see the comment at the top */
	if (cache_path != NULL &&
	    (pu_store_open(&cache, cache_path, PU_STORE_CREATE) < 0 ||
	     pu_translator_apertium(&opt.translator) < 0))
		die("--translate");
	opt.cache = cache;
	if (isatty(STDERR_FILENO)) {
		opt.progress = progress;
		opt.progress_arg = &last;
	}
	print_rss("before the index build");
	t0 = bench_now();
	c0 = bench_cpu();
	if (pu_index_build(&idx, st, &opt) < 0)
		die("index build");
	pu_index_info_get(idx, &info);
	if (cache != NULL)
		printf("index: built in %.1f s (%.1f s of CPU), translated with "
		       "Apertium through %s: %zu texts from the cache, %zu "
		       "translated now, %zu left untranslated\n",
		       bench_now() - t0, bench_cpu() - c0, cache_path,
		       info.cached, info.translated, info.untranslated);
	else
		printf("index: built in %.1f s (%.1f s of CPU), no translator: "
		       "texts meet in their own language's space and in the "
		       "character 4-gram space only\n",
		       bench_now() - t0, bench_cpu() - c0);
	pu_translator_free(opt.translator);
	pu_store_close(cache);
	printf("index: %zu standards, %zu units, %zu terms, %.1f MiB held "
	       "(pu_index_info.bytes); build_seconds %.1f; translator %s\n",
	       info.standards, info.units, info.terms,
	       (double)info.bytes / MIB, info.build_seconds, info.translator);
	print_rss("after the index build");
	return idx;
}

/* --- Homologations ------------------------------------------------------ */

static void tally_add(struct tally *t, const pu_homologation *h,
		      const struct job *j)
{
	t->cands += h->ncandidates;
	if (h->ncandidates == 0) {
		t->nocand++;
		return;
	}
	t->decided[h->candidates[0].equivalence]++;
	if (j->isco4[0]) {
		char c[5];

		isco4(pu_standard_code_of(h->candidates[0].standard, "isco08"),
		      c);
		t->same_isco += strcmp(c, j->isco4) == 0;
	}
}

static void write_decision(FILE *f, const struct job *j,
			   const pu_homologation *h)
{
	fprintf(f, "%s/%s -> %s:", j->country, j->code, j->dest);
	for (size_t i = 0; h != NULL && i < h->ncandidates; i++) {
		const pu_candidate *c = &h->candidates[i];

		fprintf(f, " %s %s cov %.6f ret %.6f;", c->standard->code,
			pu_equivalence_name(c->equivalence), c->coverage,
			c->retrieval);
	}
	fprintf(f, " %016llx\n", (unsigned long long)(h ? fingerprint(h) : 0));
}

/* One thread, one after the other: latency and the reference results. */
static struct lat one_thread(const pu_index *idx, struct job *jobs,
			     size_t n, FILE *decisions)
{
	double *ms = xmalloc(n * sizeof(*ms));
	struct tally t = {{0, 0, 0}, 0, 0, 0, 0};
	double wall, c0 = bench_cpu(), t0 = bench_now();
	struct lat l;

	for (size_t i = 0; i < n; i++) {
		pu_homologation *h = NULL;
		double t1, t2 = bench_now(), t3;
		int rc = pu_homologate(&h, idx, jobs[i].country, jobs[i].code,
				       jobs[i].dest, NULL);

		t1 = bench_now();
		if (rc < 0) {
			fprintf(stderr, "bench_homologate: %s/%s -> %s: %s\n",
				jobs[i].country, jobs[i].code, jobs[i].dest,
				pu_error_message());
			t.errors++;
		} else {
			/* Reading the result is not timed. */
			tally_add(&t, h, &jobs[i]);
			jobs[i].print = fingerprint(h);
			if (decisions != NULL)
				write_decision(decisions, &jobs[i], h);
		}
		ms[i] = (t1 - t2) * 1000.0;
		t2 = bench_now();
		pu_homologation_free(h);
		t3 = bench_now();
		ms[i] += (t3 - t2) * 1000.0;
	}
	wall = bench_now() - t0;
	printf("homologate: %zu homologations, one thread, default policy "
	       "(%d candidates aligned unit by unit)\n",
	       n, (int)((pu_policy)PU_POLICY_INIT).candidates);
	l = latency(ms, n);
	printf("homologate: median %.3f ms, p90 %.3f ms, p99 %.3f ms, max "
	       "%.3f ms\n",
	       l.median, l.p90, l.p99, l.max);
	printf("homologate: %.0f homologations/s on one thread (%.0f per CPU "
	       "second; loop wall %.2f s)\n",
	       l.per_s, (double)n / (bench_cpu() - c0), wall);
	printf("homologate: decisions of the top candidate: full %zu "
	       "(%.1f%%), partial %zu (%.1f%%), none %zu (%.1f%%), no "
	       "candidate %zu; %.2f candidates each; errors %zu\n",
	       t.decided[PU_EQUIV_FULL],
	       100.0 * (double)t.decided[PU_EQUIV_FULL] / (double)n,
	       t.decided[PU_EQUIV_PARTIAL],
	       100.0 * (double)t.decided[PU_EQUIV_PARTIAL] / (double)n,
	       t.decided[PU_EQUIV_NONE],
	       100.0 * (double)t.decided[PU_EQUIV_NONE] / (double)n, t.nocand,
	       (double)t.cands / (double)n, t.errors);
	printf("homologate: top candidate in the source's ISCO-08 unit group: "
	       "%.1f%%\n",
	       100.0 * (double)t.same_isco / (double)n);
	free(ms);
	if (t.errors == n) {
		fputs("bench_homologate: every homologation failed\n", stderr);
		exit(1);
	}
	return l;
}

static void *batch_worker(void *arg)
{
	struct batch *b = arg;

	pthread_barrier_wait(&b->start);
	for (;;) {
		size_t i = atomic_fetch_add(&b->next, 1);
		pu_homologation *h = NULL;
		double t0, t1;
		int rc;

		if (i >= b->njobs)
			break;
		t0 = bench_now();
		rc = pu_homologate(&h, b->idx, b->jobs[i].country,
				   b->jobs[i].code, b->jobs[i].dest, NULL);
		t1 = bench_now();
		if (rc < 0)
			atomic_fetch_add(&b->errors, 1);
		else if (fingerprint(h) != b->jobs[i].print)
			atomic_fetch_add(&b->mismatches, 1);
		b->ms[i] = (t1 - t0) * 1000.0;
		t0 = bench_now();
		pu_homologation_free(h);
		b->ms[i] += (bench_now() - t0) * 1000.0;
	}
	return NULL;
}

/* The same jobs over nthreads threads sharing the index. */
static void batch(const pu_index *idx, struct job *jobs, size_t n,
		  int nthreads)
{
	struct batch b;
	pthread_t th[MAX_THREADS];
	double t0, c0, wall;
	struct lat l;

	b.idx = idx;
	b.jobs = jobs;
	b.njobs = n;
	atomic_init(&b.next, 0);
	atomic_init(&b.mismatches, 0);
	atomic_init(&b.errors, 0);
	b.ms = xmalloc(n * sizeof(*b.ms));
	if (pthread_barrier_init(&b.start, NULL, (unsigned)nthreads + 1) != 0)
		die("barrier");
	for (int t = 0; t < nthreads; t++)
		if (pthread_create(&th[t], NULL, batch_worker, &b) != 0) {
			fputs("bench_homologate: pthread_create failed\n",
			      stderr);
			exit(1);
		}
	c0 = bench_cpu();
	t0 = bench_now();
	pthread_barrier_wait(&b.start);
	for (int t = 0; t < nthreads; t++)
		pthread_join(th[t], NULL);
	wall = bench_now() - t0;
	pthread_barrier_destroy(&b.start);
	l = latency(b.ms, n);
	printf("batch: %d thread%s: %zu homologations in %.2f s = %.0f "
	       "homologations/s (CPU %.2f s); latency median %.3f ms, p99 "
	       "%.3f ms; results differing from one thread's: %zu; errors "
	       "%zu\n",
	       nthreads, nthreads == 1 ? "" : "s", n, wall,
	       (double)n / wall, bench_cpu() - c0, l.median, l.p99,
	       atomic_load(&b.mismatches), atomic_load(&b.errors));
	free(b.ms);
}

/* --- FTS5 baseline ------------------------------------------------------ */

static struct lat fts(pu_store *st, const struct job *jobs, size_t n)
{
	double *ms = xmalloc(n * sizeof(*ms));
	size_t hits = 0, empty = 0, relaxed = 0, same_isco = 0;
	double c0 = bench_cpu();
	struct lat l;

	for (size_t i = 0; i < n; i++) {
		pu_search_query q = PU_SEARCH_QUERY_INIT;
		pu_search_result *res = NULL;
		double t0;

		q.text = jobs[i].title;
		q.country = jobs[i].dest;
		q.limit = FTS_LIMIT;
		t0 = bench_now();
		if (pu_store_search(st, &q, &res) < 0)
			die(jobs[i].title);
		ms[i] = (bench_now() - t0) * 1000.0;
		hits += res->n;
		empty += res->n == 0;
		relaxed += res->relaxed;
		if (res->n > 0 && jobs[i].isco4[0]) {
			char c[5];

			isco4(res->hits[0].isco, c);
			same_isco += strcmp(c, jobs[i].isco4) == 0;
		}
		t0 = bench_now();
		pu_search_result_free(res);
		ms[i] += (bench_now() - t0) * 1000.0;
	}
	printf("fts5: %zu searches (the source's title in its language, "
	       "restricted to the destination country, %d hits), one thread\n",
	       n, FTS_LIMIT);
	l = latency(ms, n);
	printf("fts5: median %.3f ms, p90 %.3f ms, p99 %.3f ms, max %.3f ms; "
	       "%.0f searches/s (%.0f per CPU second)\n",
	       l.median, l.p90, l.p99, l.max, l.per_s,
	       (double)n / (bench_cpu() - c0));
	printf("fts5: %.2f hits each; %.1f%% found nothing; %.1f%% relaxed to "
	       "any word; top hit in the source's ISCO-08 unit group: "
	       "%.1f%%\n",
	       (double)hits / (double)n, 100.0 * (double)empty / (double)n,
	       100.0 * (double)relaxed / (double)n,
	       100.0 * (double)same_isco / (double)n);
	free(ms);
	return l;
}

/* --- Main --------------------------------------------------------------- */

static int number(const char *arg, const char *name, unsigned long long max,
		  unsigned long long *out)
{
	char *end = NULL;

	errno = 0;
	if (arg == NULL || *arg == '\0' || *arg == '-')
		goto bad;
	*out = strtoull(arg, &end, 10);
	if (errno == 0 && *end == '\0' && *out <= max)
		return 0;
bad:
	fprintf(stderr, "bench_homologate: %s: expected a number up to %llu\n",
		name, max);
	return -1;
}

/* "1,2,4" -> thread counts. */
static int thread_list(const char *arg, int *out, int *n)
{
	const char *p = arg;

	*n = 0;
	while (p != NULL && *p) {
		char *end = NULL;
		long v = strtol(p, &end, 10);

		if (end == p || v < 1 || v > MAX_THREADS || *n == 16 ||
		    (*end != ',' && *end != '\0'))
			goto bad;
		out[(*n)++] = (int)v;
		p = *end ? end + 1 : end;
	}
	if (*n > 0)
		return 0;
bad:
	fprintf(stderr,
		"bench_homologate: --threads: expected a list such as 1,2 "
		"(each 1-%d)\n",
		MAX_THREADS);
	return -1;
}

static void usage(FILE *f)
{
	fputs("usage: bench_homologate [--queries N] [--threads 1,2] [--seed S]"
	      "\n                        [--import CATALOG.jsonl] [--decisions "
	      "FILE]\n                        [--translate CACHE] "
	      "[--no-baseline] DB\n"
	      "Builds the homologation index of DB (without a translator, or "
	      "with Apertium\nthrough the translation cache CACHE), "
	      "then times N\nhomologations (default 2000) on one thread and on "
	      "each number of threads,\nand the FTS5 search of the same "
	      "sources as the baseline. --import fills DB\nfrom CATALOG when "
	      "DB is missing or empty; --decisions writes each\n"
	      "homologation's candidates and decisions to FILE; --no-baseline "
	      "skips\nthe FTS5 searches (for profiling).\n",
	      f);
}

int main(int argc, char **argv)
{
	unsigned long long nq = 2000, seed = 1;
	const char *db = NULL, *catalog = NULL, *decisions_path = NULL;
	const char *cache_path = NULL;
	int threads[16] = {1, 2}, nthreads = 2;
	FILE *decisions = NULL;
	bool baseline = true;
	struct job *jobs;
	char **keys = NULL;
	size_t nkeys = 0;
	pu_store *st;
	pu_index *idx;
	struct lat hl, fl;

	for (int i = 1; i < argc; i++) {
		const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;

		if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
			usage(stdout);
			return 0;
		} else if (strcmp(a, "--queries") == 0) {
			if (number(v, a, 10000000, &nq) < 0)
				return 2;
			i++;
		} else if (strcmp(a, "--seed") == 0) {
			if (number(v, a, ~0ull, &seed) < 0)
				return 2;
			i++;
		} else if (strcmp(a, "--threads") == 0) {
			if (thread_list(v, threads, &nthreads) < 0)
				return 2;
			i++;
		} else if (strcmp(a, "--no-baseline") == 0) {
			baseline = false;
		} else if (strcmp(a, "--import") == 0 && v != NULL) {
			catalog = v;
			i++;
		} else if (strcmp(a, "--translate") == 0 && v != NULL) {
			cache_path = v;
			i++;
		} else if (strcmp(a, "--decisions") == 0 && v != NULL) {
			decisions_path = v;
			i++;
		} else if (a[0] == '-' || db != NULL) {
			fprintf(stderr,
				"bench_homologate: unexpected argument "
				"\"%s\"\n",
				a);
			usage(stderr);
			return 2;
		} else {
			db = a;
		}
	}
	if (db == NULL || nq == 0) {
		usage(stderr);
		return 2;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (decisions_path != NULL &&
	    (decisions = fopen(decisions_path, "w")) == NULL) {
		fprintf(stderr, "bench_homologate: %s: %s\n", decisions_path,
			strerror(errno));
		return 1;
	}
	bench_print_machine();
	st = open_db(db, catalog);
	jobs = make_jobs(st, (size_t)nq, seed, &keys, &nkeys);
	idx = build_index(st, cache_path);

	hl = one_thread(idx, jobs, (size_t)nq, decisions);
	if (decisions != NULL && fclose(decisions) != 0) {
		fprintf(stderr, "bench_homologate: %s: write failed\n",
			decisions_path);
		return 1;
	}
	for (int t = 0; t < nthreads; t++)
		batch(idx, jobs, (size_t)nq, threads[t]);
	if (baseline) {
		fl = fts(st, jobs, (size_t)nq);
	} else {
		printf("fts5: skipped (--no-baseline)\n");
		fl = (struct lat){0, 0, 0, 0, 0};
	}

	if (!baseline)
		goto targets;
	printf("\nside by side (one thread, %llu sources, the same "
	       "destinations):\n",
	       nq);
	printf("  %-34s %10s %10s %10s %12s\n", "", "median ms", "p99 ms",
	       "max ms", "per second");
	printf("  %-34s %10.3f %10.3f %10.3f %12.0f\n",
	       "homologate (5 candidates aligned)", hl.median, hl.p99, hl.max,
	       hl.per_s);
	printf("  %-34s %10.3f %10.3f %10.3f %12.0f\n", "FTS5 title search",
	       fl.median, fl.p99, fl.max, fl.per_s);
	printf("  %-34s %10.1f %10.1f %10.1f %12.1f\n",
	       "ratio FTS5 / homologate (times)",
	       hl.median > 0 ? fl.median / hl.median : 0,
	       hl.p99 > 0 ? fl.p99 / hl.p99 : 0, hl.max > 0 ? fl.max / hl.max : 0,
	       fl.per_s > 0 ? hl.per_s / fl.per_s : 0);
	printf("  (times: FTS5 latency over homologation latency; per second: "
	       "homologations over searches)\n");
targets:
	printf("target: median < 2 ms: %s (%.3f ms); p99 < 10 ms: %s "
	       "(%.3f ms)\n",
	       hl.median < 2.0 ? "met" : "MISSED", hl.median,
	       hl.p99 < 10.0 ? "met" : "MISSED", hl.p99);

	pu_index_decref(idx);
	for (size_t i = 0; i < (size_t)nq; i++)
		free(jobs[i].title);
	free(jobs);
	for (size_t i = 0; i < 2 * nkeys; i++)
		free(keys[i]);
	free(keys);
	pu_store_close(st);
	return 0;
}
