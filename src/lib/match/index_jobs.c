/*
 * The index builder's translation jobs: every text that lacks a pivot language
 * is queued once, then translated in one batch per language pair through the
 * store's cache. Pairs without a translator are reported, not fatal.
 */
#include "index_build.h"

#include "puente/buf.h"
#include "puente/error.h"
#include "puente/store.h"
#include "puente/translate.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int oom(void)
{
	return pu_error_set(PU_ENOMEM, "out of memory");
}

static uint64_t hash_ptr(const void *p, int pivot)
{
	uint64_t h = (uint64_t)(uintptr_t)p * 0x9e3779b97f4a7c15ull;

	return h ^ ((uint64_t)pivot << 59) ^ (h >> 29);
}

long pu_ixb_job_find(struct builder *b, const char *text, int pivot)
{
	size_t i;

	if (b->jm.cap == 0)
		return -1;
	i = hash_ptr(text, pivot) & (b->jm.cap - 1);
	while (b->jm.slot[i]) {
		struct job *j = &b->jobs[b->jm.slot[i] - 1];

		if (j->text == text && j->pivot == pivot)
			return (long)(b->jm.slot[i] - 1);
		i = (i + 1) & (b->jm.cap - 1);
	}
	return -1;
}

int pu_ixb_job_add(struct builder *b, const char *text, const char *from,
		   int pivot)
{
	size_t i;

	if (pu_ixb_job_find(b, text, pivot) >= 0)
		return 0;
	if (b->njobs * 2 >= b->jm.cap) {
		size_t cap = b->jm.cap ? b->jm.cap * 2 : 1 << 12;
		uint32_t *slot = calloc(cap, sizeof(*slot));

		if (slot == NULL)
			return oom();
		for (size_t k = 0; k < b->njobs; k++) {
			i = hash_ptr(b->jobs[k].text, b->jobs[k].pivot) &
			    (cap - 1);
			while (slot[i])
				i = (i + 1) & (cap - 1);
			slot[i] = (uint32_t)k + 1;
		}
		free(b->jm.slot);
		b->jm.slot = slot;
		b->jm.cap = cap;
	}
	if (b->njobs == b->jobs_cap) {
		size_t cap = b->jobs_cap ? b->jobs_cap * 2 : 1024;
		struct job *j = realloc(b->jobs, cap * sizeof(*j));

		if (j == NULL)
			return oom();
		b->jobs = j;
		b->jobs_cap = cap;
	}
	b->jobs[b->njobs].text = text;
	snprintf(b->jobs[b->njobs].from, sizeof(b->jobs[b->njobs].from), "%.*s",
		 (int)strcspn(from, "-"), from);
	b->jobs[b->njobs].pivot = pivot;
	b->jobs[b->njobs].result = NULL;
	i = hash_ptr(text, pivot) & (b->jm.cap - 1);
	while (b->jm.slot[i])
		i = (i + 1) & (b->jm.cap - 1);
	b->jm.slot[i] = (uint32_t)++b->njobs;
	return 0;
}

/* Runs the queued translations, one batch per language pair. */
int pu_ixb_translate_jobs(struct builder *b, pu_store *st)
{
	const pu_index_options *opt = b->opt;
	pu_translator *t = opt ? opt->translator : NULL;
	pu_store *cache = opt && opt->cache ? opt->cache : st;
	pu_index *idx = b->idx;
	pu_buf missing = PU_BUF_INIT;
	bool *done = calloc(b->njobs + 1, sizeof(*done));
	int rc = 0;

	if (done == NULL)
		return oom();
	for (size_t i = 0; rc == 0 && i < b->njobs; i++) {
		const char **texts;
		size_t *which, n = 0;
		char **out;
		pu_translate_report rep;
		int trc;

		if (done[i])
			continue;
		texts = malloc((b->njobs - i) * sizeof(*texts));
		which = malloc((b->njobs - i) * sizeof(*which));
		out = calloc(b->njobs - i, sizeof(*out));
		if (texts == NULL || which == NULL || out == NULL) {
			free(texts);
			free(which);
			free(out);
			rc = oom();
			break;
		}
		for (size_t k = i; k < b->njobs; k++) {
			if (done[k] || b->jobs[k].pivot != b->jobs[i].pivot ||
			    strcmp(b->jobs[k].from, b->jobs[i].from) != 0)
				continue;
			done[k] = true;
			texts[n] = b->jobs[k].text;
			which[n++] = k;
		}
		if (opt && opt->progress)
			opt->progress("translate", i, b->njobs, opt->progress_arg);
		trc = pu_translate(cache, t, b->jobs[i].from,
				   pu_pivots[b->jobs[i].pivot], texts, n, out,
				   &rep);
		if (trc == 0 || rep.no_pair) {
			for (size_t k = 0; k < n; k++)
				b->jobs[which[k]].result = out[k];
			if (!b->frozen) {
				idx->info.translated += rep.translated;
				idx->info.cached += rep.cached;
				idx->info.untranslated += rep.failed;
			}
			if (rep.no_pair) {
				pu_error_clear();
				pu_buf_printf(&missing, "%s%s->%s",
					      missing.len ? ", " : "",
					      b->jobs[i].from,
					      pu_pivots[b->jobs[i].pivot]);
			}
		} else {
			rc = trc;
		}
		free(texts);
		free(which);
		free(out);
	}
	if (!b->frozen)
		snprintf(idx->missing_pairs, sizeof(idx->missing_pairs), "%s",
			 missing.ptr ? missing.ptr : "");
	else
		snprintf(b->missing, sizeof(b->missing), "%s",
			 missing.ptr ? missing.ptr : "");
	pu_buf_free(&missing);
	free(done);
	return rc;
}

