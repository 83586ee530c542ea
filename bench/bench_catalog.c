/*
 * bench_catalog: the import and search benchmark. Imports a JSON Lines
 * catalogue (from gen_catalog) into a new SQLite store in one transaction and
 * times it, reports the database size, then times searches drawn from the
 * generator's vocabulary. It prints figures; it asserts nothing about time.
 *
 *   bench_catalog [--searches N] [--seed S] [--replace] CATALOG.jsonl DB
 *
 * The queries depend only on --seed (same seed, same queries), so two runs
 * on the same catalogue measure the same work.
 */
#include "common.h"
#include "vocab.h"

#include "puente/error.h"
#include "puente/io.h"
#include "puente/store.h"

#include <errno.h>
#include <math.h>
#include <sqlite3.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define MIB (1024.0 * 1024.0)
#define MAX_SECTORS 16 /* more than vocab_nsectors */

/* A list of distinct words. */
struct words {
	char **v;
	size_t n, cap;
};

/* Query words per language: those of each sector, and general ones. */
struct lexicon {
	struct words sector[VOCAB_NLANG][MAX_SECTORS];
	struct words general[VOCAB_NLANG];
};

enum qclass { Q_1WORD, Q_2WORDS, Q_3WORDS, Q_COUNTRY, Q_ISCO, Q_NCLASS };

static const char *const qclass_name[Q_NCLASS] = {
    "1 word", "2 words", "3 words", "country filter", "ISCO filter"};

struct sample {
	double ms;
	unsigned classes; /* bit per enum qclass */
};

static void die(const char *what)
{
	fprintf(stderr, "bench_catalog: %s: %s\n", what, pu_error_message());
	exit(1);
}

static void *xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n);

	if (q == NULL) {
		fputs("bench_catalog: out of memory\n", stderr);
		exit(1);
	}
	return q;
}

/* Function words too common or too empty to search for. */
static bool stopword(const char *w)
{
	static const char *const stop[] = {
	    "para", "como", "entre", "sobre", "with",  "from",	"dans",
	    "avec", "pour", "pela",  "pelo",  "under", "their", NULL};

	for (size_t i = 0; stop[i] != NULL; i++)
		if (strcmp(w, stop[i]) == 0)
			return true;
	return false;
}

/* Adds the words of a phrase of at least 4 bytes, once each. */
static void add_words(struct words *ws, const char *phrase)
{
	const char *p = phrase;

	while (*p) {
		size_t n = strcspn(p, " '-,.:/()");
		char *w;
		bool seen = false;

		if (n >= 4) {
			w = xrealloc(NULL, n + 1);
			memcpy(w, p, n);
			w[n] = '\0';
			/* Lowercase ASCII only: search folds the rest. */
			for (size_t i = 0; i < n; i++)
				if (w[i] >= 'A' && w[i] <= 'Z')
					w[i] = (char)(w[i] - 'A' + 'a');
			for (size_t i = 0; i < ws->n && !seen; i++)
				seen = strcmp(ws->v[i], w) == 0;
			if (seen || stopword(w)) {
				free(w);
			} else {
				if (ws->n == ws->cap) {
					ws->cap = ws->cap ? ws->cap * 2 : 32;
					ws->v = xrealloc(
					    ws->v, ws->cap * sizeof(*ws->v));
				}
				ws->v[ws->n++] = w;
			}
		}
		p += n;
		if (*p)
			p++;
	}
}

static void lexicon_init(struct lexicon *lx)
{
	memset(lx, 0, sizeof(*lx));
	for (int l = 0; l < VOCAB_NLANG; l++) {
		const struct vocab_lang *vl = &vocab_langs[l];

		for (size_t s = 0; s < vocab_nsectors && s < MAX_SECTORS; s++) {
			const struct vocab_sector *vs = &vocab_sectors[s];
			struct words *ws = &lx->sector[l][s];

			add_words(ws, vs->name[l]);
			for (size_t i = 0; i < VOCAB_NOBJECTS; i++)
				add_words(ws, vs->objects[l][i]);
			for (size_t i = 0; i < VOCAB_NSPECIAL; i++)
				add_words(ws, vs->special[l][i]);
			for (size_t t = 0; t < vocab_ntrades; t++)
				if (vocab_trades[t].sector == (int)s)
					add_words(ws, vocab_trades[t].name[l]);
		}
		for (size_t i = 0; i < VOCAB_NGENERAL; i++)
			add_words(&lx->general[l], vl->general[i]);
		for (size_t i = 0; i < VOCAB_NPLACES; i++)
			add_words(&lx->general[l], vl->places[i]);
		for (size_t i = 0; i < VOCAB_NKNOWLEDGE; i++)
			add_words(&lx->general[l], vl->knowledge[i]);
	}
}

static void words_free(struct words *ws)
{
	for (size_t i = 0; i < ws->n; i++)
		free(ws->v[i]);
	free(ws->v);
}

static void lexicon_free(struct lexicon *lx)
{
	for (int l = 0; l < VOCAB_NLANG; l++) {
		for (size_t s = 0; s < MAX_SECTORS; s++)
			words_free(&lx->sector[l][s]);
		words_free(&lx->general[l]);
	}
}

/* Draws one query the way a user of one trade might type it: 1 to 3 words of
 * a language, mostly from one sector, sometimes filtered by country (usually
 * one that writes in that language) or by an ISCO-08 prefix of the sector. */
static unsigned make_query(struct vocab_rng *r, const struct lexicon *lx,
			   char *text, size_t textsz, char *isco,
			   pu_search_query *q)
{
	size_t lang = vocab_rng_below(r, VOCAB_NLANG);
	size_t sector = vocab_rng_below(r, vocab_nsectors);
	size_t roll = vocab_rng_below(r, 10);
	size_t nwords = roll < 4 ? 1 : roll < 8 ? 2 : 3;
	const char *picked[3];
	size_t len = 0;
	unsigned classes = 1u << (Q_1WORD + nwords - 1);

	for (size_t i = 0; i < nwords; i++) {
		const struct words *ws = vocab_rng_below(r, 10) < 7
					     ? &lx->sector[lang][sector]
					     : &lx->general[lang];
		const char *w = ws->v[vocab_rng_below(r, ws->n)];
		bool dup = false;

		for (size_t k = 0; k < i; k++)
			dup = dup || strcmp(picked[k], w) == 0;
		picked[i] = w;
		if (dup)
			continue;
		len += (size_t)snprintf(text + len, textsz - len, "%s%s",
					len ? " " : "", w);
		if (len >= textsz)
			len = textsz - 1;
	}
	q->text = text;
	if (vocab_rng_below(r, 100) < 25) {
		const struct vocab_country *c;

		if (vocab_rng_below(r, 5) < 4) {
			size_t n = 0, k;

			for (size_t i = 0; i < vocab_ncountries; i++)
				n += vocab_countries[i].lang == (int)lang;
			k = vocab_rng_below(r, n);
			c = vocab_countries;
			for (size_t i = 0; i < vocab_ncountries; i++)
				if (vocab_countries[i].lang == (int)lang &&
				    k-- == 0)
					c = &vocab_countries[i];
		} else {
			c = &vocab_countries[vocab_rng_below(r,
							     vocab_ncountries)];
		}
		q->country = c->code;
		classes |= 1u << Q_COUNTRY;
	}
	if (vocab_rng_below(r, 100) < 20) {
		size_t n = 0, k;
		const struct vocab_trade *t = vocab_trades;

		for (size_t i = 0; i < vocab_ntrades; i++)
			n += vocab_trades[i].sector == (int)sector;
		k = vocab_rng_below(r, n);
		for (size_t i = 0; i < vocab_ntrades; i++)
			if (vocab_trades[i].sector == (int)sector && k-- == 0)
				t = &vocab_trades[i];
		snprintf(isco, 5, "%.*s", 1 + (int)vocab_rng_below(r, 4),
			 t->isco);
		q->isco = isco;
		classes |= 1u << Q_ISCO;
	}
	return classes;
}

static uint64_t file_size(const char *path)
{
	struct stat sb;

	return stat(path, &sb) == 0 ? (uint64_t)sb.st_size : 0;
}

static bool file_exists(const char *path)
{
	struct stat sb;

	return stat(path, &sb) == 0;
}

/* Main file and -wal file sizes, printed with a label. */
static void print_db_size(const char *label, const char *db)
{
	size_t n = strlen(db) + 5;
	char *wal = xrealloc(NULL, n);
	uint64_t main_sz, wal_sz;

	snprintf(wal, n, "%s-wal", db);
	main_sz = file_size(db);
	wal_sz = file_size(wal);
	if (file_exists(wal))
		printf("db: %.1f MiB %s (main file %.1f MiB + -wal file "
		       "%.1f MiB)\n",
		       (double)(main_sz + wal_sz) / MIB, label,
		       (double)main_sz / MIB, (double)wal_sz / MIB);
	else
		printf("db: %.1f MiB %s (main file only; no -wal file)\n",
		       (double)main_sz / MIB, label);
	free(wal);
}

static void remove_db(const char *db)
{
	static const char *const suffix[] = {"", "-wal", "-shm", "-journal"};
	size_t n = strlen(db) + 9;
	char *p = xrealloc(NULL, n);

	for (size_t i = 0; i < sizeof(suffix) / sizeof(suffix[0]); i++) {
		snprintf(p, n, "%s%s", db, suffix[i]);
		if (unlink(p) != 0 && errno != ENOENT) {
			fprintf(stderr, "bench_catalog: %s: %s\n", p,
				strerror(errno));
			exit(1);
		}
	}
	free(p);
}

static void progress(size_t done, size_t total, void *arg)
{
	int *last = arg;
	int pc = (int)(100.0 * (double)done / (double)total);

	if (pc / 10 != *last / 10) {
		fprintf(stderr, "  import: %d%%\n", pc);
		*last = pc;
	}
}

static void bench_import(const char *catalog, const char *db, bool replace)
{
	pu_import_options opt = PU_IMPORT_OPTIONS_INIT;
	pu_import_result res;
	pu_store *st = NULL;
	double t0, t1, t2, c1, c2;
	int last = 0;

	if (file_exists(db)) {
		if (!replace) {
			fprintf(stderr,
				"bench_catalog: %s exists; give "
				"--replace to delete it first\n",
				db);
			exit(2);
		}
		remove_db(db);
	}
	printf("catalogue: %s (%.1f MiB)\n", catalog,
	       (double)file_size(catalog) / MIB);
	if (isatty(STDERR_FILENO)) {
		opt.progress = progress;
		opt.progress_arg = &last;
	}
	t0 = bench_now();
	if (pu_store_open(&st, db, PU_STORE_CREATE) < 0)
		die(db);
	t1 = bench_now();
	c1 = bench_cpu();
	if (pu_io_import_file(st, catalog, &opt, &res) < 0)
		die("import");
	t2 = bench_now();
	c2 = bench_cpu();
	printf("create: empty database with schema in %.3f s\n", t1 - t0);
	printf("import: %zu standards, %zu units, %zu criteria in one "
	       "transaction\n",
	       res.standards, res.units, res.criteria);
	printf(
	    "import: %zu units in %.1f s = %.0f units/s (%.0f standards/s)\n",
	    res.units, t2 - t1, (double)res.units / (t2 - t1),
	    (double)res.standards / (t2 - t1));
	printf("import: %.1f s of CPU (user + system) = %.0f units per CPU "
	       "second\n",
	       c2 - c1, (double)res.units / (c2 - c1));
	print_db_size("after the import's commit", db);
	t1 = bench_now();
	pu_store_close(st);
	printf("close: %.2f s (closing the last connection checkpoints the "
	       "WAL into the main file)\n",
	       bench_now() - t1);
	print_db_size("after close", db);
}

static void print_latency(const char *label, double *ms, size_t n)
{
	if (n == 0)
		return;
	qsort(ms, n, sizeof(*ms), bench_cmp_double);
	printf("%s: %zu queries, median %.2f ms, p90 %.2f ms, p99 %.2f ms, "
	       "max %.2f ms\n",
	       label, n, bench_pct(ms, n, 50), bench_pct(ms, n, 90), bench_pct(ms, n, 99),
	       ms[n - 1]);
}

static void bench_search(const char *db, size_t nsearch, uint64_t seed)
{
	struct lexicon lx;
	struct vocab_rng r = {seed};
	struct sample *s = xrealloc(NULL, nsearch * sizeof(*s));
	double *ms = xrealloc(NULL, nsearch * sizeof(*ms));
	pu_store *st = NULL;
	pu_store_counts counts = {0};
	size_t hits = 0, empty = 0, relaxed = 0;
	double total = 0, t0, c0;

	if (pu_store_open(&st, db, 0) < 0)
		die(db);
	t0 = bench_now();
	if (pu_store_stats(st, &counts) < 0)
		die("stats");
	printf("store: %zu standards, %zu units, %zu elements, %zu criteria "
	       "(counted in %.2f s)\n",
	       counts.standards, counts.units, counts.elements, counts.criteria,
	       bench_now() - t0);
	pu_store_counts_free(&counts);

	lexicon_init(&lx);
	c0 = bench_cpu();
	for (size_t i = 0; i < nsearch; i++) {
		pu_search_query q = PU_SEARCH_QUERY_INIT;
		pu_search_result *res = NULL;
		char text[256], isco[5];
		double t1;

		s[i].classes =
		    make_query(&r, &lx, text, sizeof(text), isco, &q);
		t0 = bench_now();
		if (pu_store_search(st, &q, &res) < 0)
			die(text);
		t1 = bench_now();
		hits += res->n;
		empty += res->n == 0;
		relaxed += res->relaxed;
		pu_search_result_free(res);
		s[i].ms = (t1 - t0) * 1000.0;
		total += t1 - t0;
	}
	printf("search: %zu queries of 1-3 words (25%% with a country filter, "
	       "20%% with an ISCO-08 prefix), 20 hits at most, one thread\n",
	       nsearch);
	for (size_t i = 0; i < nsearch; i++)
		ms[i] = s[i].ms;
	print_latency("search", ms, nsearch);
	printf("search: %.0f queries/s (%.0f per CPU second); %.1f hits per "
	       "query; %.1f%% found nothing; %.1f%% relaxed to any word\n",
	       (double)nsearch / total, (double)nsearch / (bench_cpu() - c0),
	       (double)hits / (double)nsearch,
	       100.0 * (double)empty / (double)nsearch,
	       100.0 * (double)relaxed / (double)nsearch);
	for (int c = 0; c < Q_NCLASS; c++) {
		size_t n = 0;
		char label[48];

		for (size_t i = 0; i < nsearch; i++)
			if (s[i].classes & (1u << c))
				ms[n++] = s[i].ms;
		snprintf(label, sizeof(label), "  %s", qclass_name[c]);
		print_latency(label, ms, n);
	}
	lexicon_free(&lx);
	free(ms);
	free(s);
	pu_store_close(st);
}

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
	fprintf(stderr, "bench_catalog: %s: expected a number up to %llu\n",
		name, max);
	return -1;
}

static void usage(FILE *f)
{
	fputs("usage: bench_catalog [--searches N] [--seed S] [--replace] "
	      "CATALOG.jsonl DB\n"
	      "Imports CATALOG into a new database DB (--replace deletes an "
	      "existing one),\nthen runs N searches (default 2000).\n",
	      f);
}

int main(int argc, char **argv)
{
	unsigned long long nsearch = 2000, seed = 1;
	const char *pos[2] = {NULL, NULL};
	bool replace = false;
	int npos = 0;

	for (int i = 1; i < argc; i++) {
		const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;

		if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
			usage(stdout);
			return 0;
		} else if (strcmp(a, "--searches") == 0) {
			if (number(v, a, 10000000, &nsearch) < 0)
				return 2;
			i++;
		} else if (strcmp(a, "--seed") == 0) {
			if (number(v, a, ~0ull, &seed) < 0)
				return 2;
			i++;
		} else if (strcmp(a, "--replace") == 0) {
			replace = true;
		} else if (a[0] == '-' || npos == 2) {
			fprintf(stderr,
				"bench_catalog: unexpected argument "
				"\"%s\"\n",
				a);
			usage(stderr);
			return 2;
		} else {
			pos[npos++] = a;
		}
	}
	if (npos != 2) {
		usage(stderr);
		return 2;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	bench_print_machine();
	bench_import(pos[0], pos[1], replace);
	if (nsearch > 0)
		bench_search(pos[1], (size_t)nsearch, seed);
	return 0;
}
