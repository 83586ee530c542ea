/*
 * puente match --catalog FILE --queries FILE.jsonl --top K: batch ranking for
 * evaluation scripts. The catalogue is imported into a scratch database, the
 * index is built (translations cached in --db), queries are translated in one
 * batch per language, and each query's top K standards are printed as one JSON
 * line: {"id": ..., "results": [{"country", "code", "score"}, ...]}.
 */
#include "cli.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "puente/buf.h"
#include "puente/error.h"
#include "puente/io.h"
#include "puente/match.h"
#include "puente/store.h"
#include "puente/translate.h"

struct query {
	json_t *id;
	const char *text, *lang, *country;
	const char *src_country, *src_code; /* a standard of the catalogue */
	const char *dst_country, *dst_code; /* one destination standard */
};

struct queries {
	json_t **lines;
	struct query *q;
	size_t n;
};

static void queries_free(struct queries *qs)
{
	for (size_t i = 0; i < qs->n; i++)
		json_decref(qs->lines[i]);
	free(qs->lines);
	free(qs->q);
}

/* {"country": "MX", "code": "..."} -> its two strings; false when not. */
static bool key_of(const json_t *o, const char **country, const char **code)
{
	const char *cc = json_string_value(json_object_get(o, "country"));
	const char *k = json_string_value(json_object_get(o, "code"));

	if (cc == NULL || k == NULL)
		return false;
	if (country)
		*country = cc;
	if (code)
		*code = k;
	return true;
}

static int read_queries(const cli *c, const char *path, struct queries *qs)
{
	FILE *f = fopen(path, "rb");
	char *line = NULL;
	size_t cap = 0, lineno = 0, qcap = 0;
	ssize_t len;
	int rc = EXIT_OK;

	memset(qs, 0, sizeof(*qs));
	if (f == NULL) {
		fprintf(stderr, "puente match: %s: %s\n", path, strerror(errno));
		return errno == ENOENT ? EXIT_NOTFOUND : EXIT_SYSTEM;
	}
	while ((len = getline(&line, &cap, f)) >= 0) {
		json_error_t err;
		json_t *o;
		struct query *q;

		lineno++;
		if (strspn(line, " \t\r\n") == (size_t)len)
			continue;
		o = json_loadb(line, (size_t)len, JSON_REJECT_DUPLICATES, &err);
		if (!json_is_object(o) ||
		    (!json_is_string(json_object_get(o, "text")) &&
		     !key_of(json_object_get(o, "source"), NULL, NULL))) {
			fprintf(stderr,
				"puente match: %s: line %zu: expected "
				"{\"id\": ..., \"text\": \"...\", \"language\": "
				"\"es\"} or {\"id\": ..., \"source\": "
				"{\"country\", \"code\"}, \"destination\": "
				"{...} or \"country\": ...}%s%s\n",
				path, lineno, o ? "" : ": ", o ? "" : err.text);
			json_decref(o);
			rc = EXIT_DATA;
			break;
		}
		if (qs->n == qcap) {
			qcap = qcap ? qcap * 2 : 256;
			qs->lines = realloc(qs->lines, qcap * sizeof(*qs->lines));
			qs->q = realloc(qs->q, qcap * sizeof(*qs->q));
			if (qs->lines == NULL || qs->q == NULL) {
				json_decref(o);
				rc = EXIT_SYSTEM;
				break;
			}
		}
		qs->lines[qs->n] = o;
		q = &qs->q[qs->n++];
		q->id = json_object_get(o, "id");
		q->text = json_string_value(json_object_get(o, "text"));
		q->lang = json_string_value(json_object_get(o, "language"));
		q->country = json_string_value(json_object_get(o, "country"));
		key_of(json_object_get(o, "source"), &q->src_country,
		       &q->src_code);
		key_of(json_object_get(o, "destination"), &q->dst_country,
		       &q->dst_code);
		if (q->lang == NULL)
			q->lang = "en";
	}
	free(line);
	fclose(f);
	(void)c;
	return rc;
}

/* Translates every query into both pivots in one batch per language pair, so
 * that ranking finds all translations in the cache. */
static void warm_cache(pu_store *cache, const struct queries *qs)
{
	static const char *const pivots[] = {"es", "en"};
	pu_translator *t = NULL;

	if (pu_translator_apertium(&t) < 0) {
		pu_error_clear();
		return;
	}
	for (size_t i = 0; i < qs->n; i++) {
		bool first = qs->q[i].text != NULL;

		for (size_t k = 0; first && k < i; k++)
			first &= strcmp(qs->q[k].lang, qs->q[i].lang) != 0;
		if (!first)
			continue;
		for (size_t p = 0; p < 2; p++) {
			const char **texts = malloc(qs->n * sizeof(*texts));
			char **out = calloc(qs->n, sizeof(*out));
			pu_translate_report rep;
			size_t n = 0;

			if (texts == NULL || out == NULL) {
				free(texts);
				free(out);
				continue;
			}
			for (size_t k = 0; k < qs->n; k++)
				if (qs->q[k].text != NULL &&
				    strcmp(qs->q[k].lang, qs->q[i].lang) == 0)
					texts[n++] = qs->q[k].text;
			if (pu_translate(cache, t, qs->q[i].lang, pivots[p],
					 texts, n, out, &rep) < 0)
				pu_error_clear();
			for (size_t k = 0; k < n; k++)
				free(out[k]);
			free(texts);
			free(out);
		}
	}
	pu_translator_free(t);
}

/* A standard of the catalogue against one destination standard, or against
 * a destination country (its best candidates). */
static void homologation_line(const pu_index *idx, const struct query *q,
			      size_t k, bool explain, json_t *out)
{
	pu_policy policy = PU_POLICY_INIT;
	pu_homologation *h = NULL;
	int rc;

	json_object_set(out, "id", q->id ? q->id : json_null());
	policy.candidates = k;
	if (q->dst_code)
		rc = pu_homologate_pair(&h, idx, q->src_country, q->src_code,
					q->dst_country, q->dst_code, &policy);
	else if (q->country)
		rc = pu_homologate(&h, idx, q->src_country, q->src_code,
				   q->country, &policy);
	else
		rc = pu_error_set(PU_EINVAL, "a source needs a \"destination\" "
				  "or a \"country\"");
	if (rc < 0) {
		json_object_set_new(out, "error", json_string(pu_error_message()));
		pu_error_clear();
		return;
	}
	{
		json_t *arr = json_array();

		for (size_t i = 0; i < h->ncandidates; i++) {
			const pu_candidate *c = &h->candidates[i];
			json_t *cov = json_array(), *gap = json_array();

			for (size_t j = 0; j < c->nunits; j++)
				json_array_append_new(
					c->units[j].covered ? cov : gap,
					json_string(c->units[j].dest->code));
			json_array_append_new(
				arr,
				json_pack("{s:s, s:s, s:s, s:f, s:f, s:o, s:o}",
					  "country", c->standard->country, "code",
					  c->standard->code, "equivalence",
					  pu_equivalence_name(c->equivalence),
					  "coverage", c->coverage, "similarity",
					  c->retrieval, "covered_units", cov,
					  "gap_units", gap));
		}
		json_object_set_new(out, "suggestion", json_boolean(h->suggestion));
		json_object_set_new(out, "results", arr);
		if (explain)
			json_object_set_new(out, "explanation",
					    pu_homologation_to_json(h, true));
	}
	pu_homologation_free(h);
}

int cmd_match(int argc, char **argv)
{
	const char *catalog = NULL, *queries = NULL, *top = "10";
	bool explain = false;
	cli_opt opts[] = {{"--catalog", &catalog, NULL},
			  {"--explain", NULL, &explain},
			  {"--queries", &queries, NULL},
			  {"--top", &top, NULL},
			  {NULL, NULL, NULL}};
	pu_import_options io = PU_IMPORT_OPTIONS_INIT;
	pu_import_result res;
	pu_index_options iopt = PU_INDEX_OPTIONS_INIT;
	pu_store *scratch = NULL, *cache = NULL;
	pu_index *idx = NULL;
	struct queries qs = {0};
	pu_rank_hit *hits = NULL;
	char dir[] = "/tmp/puente-match-XXXXXX", db[64];
	long k;
	char *end;
	cli c;
	int rc;

	if ((rc = cli_parse(&c, argc, argv, opts)) != 0 || c.help)
		return rc;
	k = strtol(top, &end, 10);
	if (catalog == NULL || queries == NULL || *end != '\0' || k < 1 ||
	    k > 1000)
		return cli_usage(&c, "expected: match --catalog FILE --queries "
				 "FILE.jsonl [--top K (1-1000)]");
	if ((rc = read_queries(&c, queries, &qs)) != EXIT_OK)
		goto done;
	if (mkdtemp(dir) == NULL) {
		rc = EXIT_SYSTEM;
		goto done;
	}
	snprintf(db, sizeof(db), "%s/catalog.db", dir);
	if ((rc = pu_store_open(&scratch, db, PU_STORE_CREATE)) < 0 ||
	    (rc = pu_io_import_file(scratch, catalog, &io, &res)) < 0) {
		rc = cli_fail(&c, rc);
		goto done;
	}
	if ((rc = cli_open(&c, &cache, true)) != 0)
		goto done;
	warm_cache(cache, &qs);
	if ((rc = cli_build_index(&c, scratch, cache, &idx)) != 0)
		goto done;
	iopt.cache = cache;
	if (pu_translator_apertium(&iopt.translator) < 0)
		pu_error_clear();
	hits = calloc((size_t)k, sizeof(*hits));
	for (size_t i = 0; hits && i < qs.n; i++) {
		json_t *out = json_object(), *arr = json_array();
		size_t n = 0;

		if (qs.q[i].text == NULL) {
			json_decref(arr);
			homologation_line(idx, &qs.q[i], (size_t)k, explain,
					  out);
			json_dumpf(out, stdout, JSON_COMPACT | JSON_PRESERVE_ORDER);
			fputc('\n', stdout);
			json_decref(out);
			continue;
		}
		rc = pu_rank_text(idx, qs.q[i].text, qs.q[i].lang,
				  qs.q[i].country, (size_t)k, hits, &n, &iopt);
		if (rc < 0) {
			json_object_set_new(out, "error",
					    json_string(pu_error_message()));
			pu_error_clear();
		}
		for (size_t j = 0; j < n; j++)
			json_array_append_new(
				arr, json_pack("{s:s, s:s, s:f}", "country",
					       hits[j].country, "code",
					       hits[j].code, "score",
					       hits[j].score));
		json_object_set(out, "id", qs.q[i].id ? qs.q[i].id : json_null());
		json_object_set_new(out, "results", arr);
		json_dumpf(out, stdout, JSON_COMPACT | JSON_PRESERVE_ORDER);
		fputc('\n', stdout);
		json_decref(out);
	}
	rc = EXIT_OK;
	pu_translator_free(iopt.translator);
done:
	free(hits);
	pu_index_decref(idx);
	pu_store_close(scratch);
	pu_store_close(cache);
	queries_free(&qs);
	if (db[0] && dir[0] != 'X') {
		char p[96];

		unlink(db);
		snprintf(p, sizeof(p), "%s-wal", db);
		unlink(p);
		snprintf(p, sizeof(p), "%s-shm", db);
		unlink(p);
		rmdir(dir);
	}
	return rc;
}
