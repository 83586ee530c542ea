/*
 * Helpers shared by the unit tests: cmocka includes, error assertions, a
 * throw-away SQLite store in a temporary directory, and parsing of small Puente
 * JSON documents. Everything is static inline so that each test file uses only
 * what it needs without unused-function warnings.
 */
#ifndef PU_TEST_HELPERS_H
#define PU_TEST_HELPERS_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "puente/error.h"
#include "puente/io.h"
#include "puente/store.h"

/* Fails unless rc is code and the error message contains want. */
#define assert_error(rc, code, want) \
	check_error((rc), (code), (want), __FILE__, __LINE__)

static inline void check_error(int rc, int code, const char *want,
			       const char *file, int line)
{
	if (rc != code || strstr(pu_error_message(), want) == NULL) {
		print_error("%s:%d: got %d (%s), want %d with \"%s\"\n", file,
			    line, rc, pu_error_message(), code, want);
		fail();
	}
}

/* Fails, showing the library's message, unless rc is 0. */
#define assert_ok(rc) check_ok((rc), __FILE__, __LINE__)

static inline void check_ok(int rc, const char *file, int line)
{
	if (rc != 0) {
		print_error("%s:%d: got %d: %s\n", file, line, rc,
			    pu_error_message());
		fail();
	}
}

/* A temporary directory holding one database file. */
struct tmpdb {
	char dir[64];
	char path[96];
	pu_store *st;
};

static inline struct tmpdb *tmpdb_new(void)
{
	struct tmpdb *t = calloc(1, sizeof(*t));

	assert_non_null(t);
	snprintf(t->dir, sizeof(t->dir), "/tmp/pu-unit-XXXXXX");
	assert_non_null(mkdtemp(t->dir));
	snprintf(t->path, sizeof(t->path), "%s/test.db", t->dir);
	return t;
}

/* Removes every file the store may have left, then the directory. */
static inline void tmpdb_free(struct tmpdb *t)
{
	static const char *const suffixes[] = {"", "-wal", "-shm", "-journal"};
	char p[128];

	if (t == NULL)
		return;
	pu_store_close(t->st);
	for (size_t i = 0; i < sizeof(suffixes) / sizeof(suffixes[0]); i++) {
		snprintf(p, sizeof(p), "%s%s", t->path, suffixes[i]);
		unlink(p);
	}
	rmdir(t->dir);
	free(t);
}

/* cmocka fixtures: *state is a struct tmpdb with an open, empty store. */
static inline int store_setup(void **state)
{
	struct tmpdb *t = tmpdb_new();

	if (pu_store_open(&t->st, t->path, PU_STORE_CREATE) != 0) {
		print_error("cannot open %s: %s\n", t->path, pu_error_message());
		tmpdb_free(t);
		return -1;
	}
	*state = t;
	return 0;
}

static inline int store_teardown(void **state)
{
	tmpdb_free(*state);
	return 0;
}

static inline pu_store *state_store(void **state)
{
	return ((struct tmpdb *)*state)->st;
}

/* A Puente JSON document that must parse. The caller frees it. */
static inline pu_doc *parse_doc(const char *json)
{
	pu_doc *d = NULL;

	assert_ok(pu_io_parse_document(&d, json, strlen(json), "test.json"));
	return d;
}

/* A standard that must parse. The caller frees it. */
static inline pu_standard *parse_std(const char *json)
{
	pu_standard *s = NULL;

	assert_ok(pu_io_parse_standard(&s, json, strlen(json)));
	return s;
}

/* Writes a document's frameworks and referencing, then standards, in one
 * transaction. */
static inline void put_doc(pu_store *st, const pu_doc *d)
{
	assert_ok(pu_store_begin(st));
	for (size_t i = 0; i < d->nframeworks; i++)
		assert_ok(pu_store_put_framework(st, d->frameworks[i]));
	for (size_t i = 0; i < d->nreferencing; i++)
		assert_ok(pu_store_put_referencing(st, d->referencing[i]));
	for (size_t i = 0; i < d->nstandards; i++)
		assert_ok(pu_store_put_standard(st, d->standards[i]));
	assert_ok(pu_store_commit(st));
}

static inline void put_json(pu_store *st, const char *json)
{
	pu_doc *d = parse_doc(json);

	put_doc(st, d);
	pu_doc_free(d);
}

static inline pu_store_counts counts_of(pu_store *st)
{
	pu_store_counts c;

	assert_ok(pu_store_stats(st, &c));
	return c;
}

#endif
