/*
 * What the server's threads share: the options, one store connection and one
 * translator per thread (opened on first use, closed when the thread ends),
 * and the index snapshot, rebuilt by a background thread when the catalogue
 * version moves and swapped whole (docs/design.md, "Server").
 */
#include "server.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#include "puente/error.h"
#include "puente/match.h"
#include "puente/store.h"
#include "puente/translate.h"

#define POLL_SECONDS 2

static srv_options opts;
static pthread_key_t store_key, translator_key;

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t wake = PTHREAD_COND_INITIALIZER;
static pthread_cond_t built = PTHREAD_COND_INITIALIZER;
static pu_index *current;
static bool first_done, stopping, poked;
static pthread_t builder;
static bool builder_started;

const srv_options *srv_opts(void)
{
	return &opts;
}

static void close_store(void *p)
{
	pu_store_close(p);
}

/* A thread that tried and found no Apertium remembers it with this marker. */
static char no_translator;

static void free_translator(void *p)
{
	if (p != &no_translator)
		pu_translator_free(p);
}

pu_store *srv_store(void)
{
	pu_store *st = pthread_getspecific(store_key);

	if (st == NULL) {
		if (pu_store_open(&st, opts.db, 0) < 0)
			return NULL;
		pthread_setspecific(store_key, st);
	}
	return st;
}

pu_translator *srv_translator(void)
{
	void *t = pthread_getspecific(translator_key);

	if (t == NULL) {
		pu_translator *tr = NULL;

		if (pu_translator_apertium(&tr) < 0) {
			pu_error_clear();
			pthread_setspecific(translator_key, &no_translator);
			return NULL;
		}
		pthread_setspecific(translator_key, tr);
		return tr;
	}
	return t == &no_translator ? NULL : t;
}

pu_index *srv_index(void)
{
	pu_index *idx;

	pthread_mutex_lock(&lock);
	idx = current;
	if (idx != NULL)
		pu_index_incref(idx);
	pthread_mutex_unlock(&lock);
	return idx;
}

void srv_index_poke(void)
{
	pthread_mutex_lock(&lock);
	poked = true;
	pthread_cond_signal(&wake);
	pthread_mutex_unlock(&lock);
}

/* Builds an index when the catalogue moved; keeps the old one on failure. */
static void refresh(pu_store *st, pu_translator *t)
{
	pu_index_options io = PU_INDEX_OPTIONS_INIT;
	pu_index_info info;
	pu_index *idx = NULL, *old;
	int64_t v = 0;

	if (pu_store_catalog_version(st, &v) < 0) {
		fprintf(stderr, "puente serve: index: %s\n", pu_error_message());
		return;
	}
	pthread_mutex_lock(&lock);
	if (current != NULL) {
		pu_index_info_get(current, &info);
		if (info.catalog_version == v) {
			pthread_mutex_unlock(&lock);
			return;
		}
	}
	pthread_mutex_unlock(&lock);
	io.translator = t;
	io.cache = st;
	if (pu_index_build(&idx, st, &io) < 0) {
		fprintf(stderr, "puente serve: index: %s\n", pu_error_message());
		return;
	}
	pu_index_info_get(idx, &info);
	if (!opts.quiet)
		fprintf(stderr,
			"puente serve: index of catalogue version %lld: %zu "
			"standards, %zu units, %.2f s\n",
			(long long)info.catalog_version, info.standards,
			info.units, info.build_seconds);
	pthread_mutex_lock(&lock);
	old = current;
	current = idx;
	pthread_mutex_unlock(&lock);
	pu_index_decref(old);
}

static void *build_loop(void *arg)
{
	pu_store *st = NULL;
	pu_translator *t = NULL;

	(void)arg;
	if (pu_store_open(&st, opts.db, 0) < 0) {
		fprintf(stderr, "puente serve: index: %s\n", pu_error_message());
	} else if (pu_translator_apertium(&t) < 0) {
		fprintf(stderr, "puente serve: note: %s\n", pu_error_message());
		pu_error_clear();
	}
	for (;;) {
		struct timespec until;

		if (st != NULL)
			refresh(st, t);
		pthread_mutex_lock(&lock);
		first_done = true;
		pthread_cond_broadcast(&built);
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_sec += POLL_SECONDS;
		while (!stopping && !poked &&
		       pthread_cond_timedwait(&wake, &lock, &until) == 0)
			;
		poked = false;
		if (stopping) {
			pthread_mutex_unlock(&lock);
			break;
		}
		pthread_mutex_unlock(&lock);
	}
	pu_translator_free(t);
	pu_store_close(st);
	return NULL;
}

int srv_context_init(const srv_options *o)
{
	pu_store *st = NULL;
	int rc;

	opts = *o;
	/* Creates or upgrades the database once, before the workers open it. */
	if ((rc = pu_store_open(&st, opts.db, PU_STORE_CREATE)) < 0)
		return rc;
	pu_store_close(st);
	if (pthread_key_create(&store_key, close_store) != 0 ||
	    pthread_key_create(&translator_key, free_translator) != 0)
		return pu_error_set(PU_ENOMEM, "cannot create thread keys");
	stopping = false;
	first_done = false;
	if (pthread_create(&builder, NULL, build_loop, NULL) != 0)
		return pu_error_set(PU_ENOMEM, "cannot start the index builder");
	builder_started = true;
	/* The first index is built before serving: the start page needs it. */
	pthread_mutex_lock(&lock);
	while (!first_done)
		pthread_cond_wait(&built, &lock);
	pthread_mutex_unlock(&lock);
	return 0;
}

void srv_context_free(void)
{
	pu_store *st;
	void *t;

	if (builder_started) {
		pthread_mutex_lock(&lock);
		stopping = true;
		pthread_cond_signal(&wake);
		pthread_mutex_unlock(&lock);
		pthread_join(builder, NULL);
		builder_started = false;
	}
	pu_index_decref(current);
	current = NULL;
	/* The main thread's own (the workers' are closed as they end). */
	st = pthread_getspecific(store_key);
	pu_store_close(st);
	pthread_setspecific(store_key, NULL);
	t = pthread_getspecific(translator_key);
	if (t != &no_translator)
		pu_translator_free(t);
	pthread_setspecific(translator_key, NULL);
}
