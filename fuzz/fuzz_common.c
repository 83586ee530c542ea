/*
 * The scratch store shared by the import fuzz targets, and the invariants
 * every import must keep. Used by the libFuzzer binaries and by the replay
 * tests alike, so a crash found by one is replayed by the other.
 */
#include "fuzz.h"

#include "puente/error.h"
#include "puente/io.h"
#include "puente/store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char dir[256];
static char path[320];
static pu_store *store;
static unsigned long calls;

static void remove_files(void)
{
	static const char *const suffixes[] = {"", "-wal", "-shm", "-journal"};
	char p[340];

	for (size_t i = 0; i < sizeof(suffixes) / sizeof(*suffixes); i++) {
		snprintf(p, sizeof(p), "%s%s", path, suffixes[i]);
		unlink(p);
	}
}

static void cleanup(void)
{
	pu_store_close(store);
	store = NULL;
	remove_files();
	rmdir(dir);
}

struct pu_store *fuzz_store(void)
{
	if (store != NULL && ++calls % FUZZ_STORE_ROTATE != 0)
		return store;
	if (store != NULL) {
		pu_store_close(store);
		store = NULL;
		remove_files();
	}
	if (dir[0] == '\0') {
		const char *tmp = getenv("TMPDIR");

		snprintf(dir, sizeof(dir), "%s/puente-fuzz-XXXXXX",
			 tmp && tmp[0] ? tmp : "/tmp");
		if (mkdtemp(dir) == NULL) {
			perror(dir);
			abort();
		}
		snprintf(path, sizeof(path), "%s/fuzz.db", dir);
		atexit(cleanup);
	}
	if (pu_store_open(&store, path, PU_STORE_CREATE) < 0) {
		fprintf(stderr, "fuzz: %s\n", pu_error_message());
		abort();
	}
	return store;
}

void fuzz_check_error(int rc, const char *what)
{
	if (rc >= 0)
		return;
	if (rc < PU_ECONFLICT || pu_error_message()[0] == '\0') {
		fprintf(stderr, "fuzz: %s failed with code %d and message "
			"\"%s\"\n", what, rc, pu_error_message());
		abort();
	}
}

static void die(const char *what)
{
	fprintf(stderr, "fuzz: %s: %s\n", what, pu_error_message());
	abort();
}

/* The export of st; malloc'd. */
static char *export_all(pu_store *st, size_t *len)
{
	char *text = NULL;
	FILE *f = open_memstream(&text, len);
	int rc;

	if (f == NULL)
		abort();
	rc = pu_io_export(st, NULL, f);
	fclose(f);
	if (rc < 0)
		die("export after a successful import failed");
	return text;
}

/* What Puente exports, Puente reads back, and import -> export -> import ->
 * export gives the same bytes (docs/formats.md). The export is imported back
 * into the same store, which already holds exactly those records: a fresh
 * store would cost a migration (milliseconds) per input, and the export of
 * the whole store carries every framework its records need anyway. */
static void check_round_trip(pu_store *st)
{
	pu_import_result res;
	pu_doc *doc = NULL;
	char *first, *second;
	size_t len1 = 0, len2 = 0;

	first = export_all(st, &len1);
	if (pu_io_parse_document(&doc, first, len1, "export") < 0)
		die("the export does not parse");
	pu_doc_free(doc);
	if (pu_io_import_buffer(st, first, len1, "export.json", NULL, &res) < 0)
		die("the export does not import");
	second = export_all(st, &len2);
	if (len1 != len2 || memcmp(first, second, len1) != 0) {
		fprintf(stderr, "fuzz: exporting what an export imported gives "
			"other bytes\n--- first\n%s\n--- second\n%s\n",
			first, second);
		abort();
	}
	free(first);
	free(second);
}

void fuzz_check_import(struct pu_store *st, int rc)
{
	if (st->in_tx) {
		fprintf(stderr, "fuzz: import left a transaction open\n");
		abort();
	}
	fuzz_check_error(rc, "import");
	if (getenv("PU_FUZZ_VERBOSE") != NULL)
		fprintf(stderr, "  import: %s\n",
			rc < 0 ? pu_error_message() : "ok");
	if (rc == 0)
		check_round_trip(st);
}
