/*
 * Retrieval of standards for a typed query (pu_rank_text): a short query, a
 * job title, is answered by the standard with a name of the same words before
 * one whose names only contain them ("bricklayer" before "bricklaying
 * supervisor", even when the latter repeats the word in many alternative
 * titles), an alternative title counts as a name, and a long query (a
 * description) keeps its BM25 order.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "puente/error.h"
#include "puente/io.h"
#include "puente/match.h"
#include "puente/store.h"

#define LONG                                                                   \
	"assistant bricklayer restoring historic buildings churches castles "  \
	"monuments"

/* Two bricklaying standards: A is the bricklayer, with alternative titles in
 * other words; B, the supervisor, says "bricklayer" in six of its alternative
 * titles, so that BM25 over its pooled names ranks it first for "bricklayer".
 * C is named "brick mason" in an alternative title only. E is named with the
 * eight words of a long query in an alternative title; F only repeats them in
 * its description, enough for BM25 to rank it first. */
static const char catalogue[] =
	"{\"format\": \"puente/1\", \"standards\": ["
	"{\"country\": \"EN\", \"code\": \"A\", \"language\": \"en\", "
	"\"title\": {\"en\": \"bricklayer\"}, \"alt_titles\": {\"en\": "
	"[\"brickie\", \"brickwork operative\", \"block setter\", "
	"\"wall builder\", \"masonry worker\", \"chimney builder\"]}},"
	"{\"country\": \"EN\", \"code\": \"B\", \"language\": \"en\", "
	"\"title\": {\"en\": \"bricklaying supervisor\"}, \"alt_titles\": "
	"{\"en\": [\"bricklayer supervisor\", \"bricklayer foreman\", "
	"\"head bricklayer\", \"bricklayer chargehand\", \"lead bricklayer\", "
	"\"senior bricklayer\", \"bricklayers\"]}},"
	"{\"country\": \"EN\", \"code\": \"C\", \"language\": \"en\", "
	"\"title\": {\"en\": \"stonemason\"}, \"alt_titles\": {\"en\": "
	"[\"brick mason\", \"stone setter\"]}},"
	"{\"country\": \"EN\", \"code\": \"E\", \"language\": \"en\", "
	"\"title\": {\"en\": \"heritage mason\"}, \"alt_titles\": {\"en\": "
	"[\"assistant bricklayer restoring historic buildings churches "
	"castles monuments\"]}},"
	"{\"country\": \"EN\", \"code\": \"F\", \"language\": \"en\", "
	"\"title\": {\"en\": \"heritage guide\"}, \"description\": {\"en\": "
	"\"" LONG ". " LONG ". " LONG ". " LONG ".\"}},"
	"{\"country\": \"EN\", \"code\": \"D\", \"language\": \"en\", "
	"\"title\": {\"en\": \"baker\"}}]}";

struct fx {
	char dir[64], path[96], db[96];
	pu_store *st;
	pu_index *idx;
};

static struct fx F;

static int setup(void **state)
{
	pu_import_options io = PU_IMPORT_OPTIONS_INIT;
	pu_index_options opt = PU_INDEX_OPTIONS_INIT;
	pu_import_result res;
	FILE *fp;

	(void)state;
	snprintf(F.dir, sizeof(F.dir), "/tmp/pu-ret-XXXXXX");
	assert_non_null(mkdtemp(F.dir));
	snprintf(F.path, sizeof(F.path), "%s/c.json", F.dir);
	snprintf(F.db, sizeof(F.db), "%s/c.db", F.dir);
	fp = fopen(F.path, "w");
	assert_non_null(fp);
	assert_true(fputs(catalogue, fp) >= 0);
	assert_int_equal(fclose(fp), 0);
	assert_int_equal(pu_store_open(&F.st, F.db, PU_STORE_CREATE), 0);
	assert_int_equal(pu_io_import_file(F.st, F.path, &io, &res), 0);
	assert_int_equal(pu_index_build(&F.idx, F.st, &opt), 0);
	return 0;
}

static int teardown(void **state)
{
	char p[128];

	(void)state;
	pu_index_decref(F.idx);
	pu_store_close(F.st);
	unlink(F.path);
	unlink(F.db);
	snprintf(p, sizeof(p), "%s-wal", F.db);
	unlink(p);
	snprintf(p, sizeof(p), "%s-shm", F.db);
	unlink(p);
	rmdir(F.dir);
	return 0;
}

static const char *first(const char *query)
{
	static pu_rank_hit hits[4];
	size_t n = 0;

	assert_int_equal(pu_rank_text(F.idx, query, "en", "EN", 4, hits, &n,
				      NULL),
			 0);
	assert_true(n >= 1);
	return hits[0].code;
}

static void short_query_prefers_the_name_it_matches(void **state)
{
	(void)state;
	assert_string_equal(first("bricklayer"), "A");
	assert_string_equal(first("Bricklayer supervisor"), "B");
}

static void an_alternative_title_is_a_name(void **state)
{
	(void)state;
	assert_string_equal(first("brick mason"), "C");
}

/* A query with more words than a job title is a description: BM25 alone
 * ranks it, and F's description wins over E's name. */
static void long_query_keeps_its_bm25_order(void **state)
{
	(void)state;
	assert_string_equal(first(LONG), "F");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(short_query_prefers_the_name_it_matches),
		cmocka_unit_test(an_alternative_title_is_a_name),
		cmocka_unit_test(long_query_keeps_its_bm25_order),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
