/*
 * Fuzz target: CSV. The raw RFC 4180 reader (pu_csv_next) runs over the
 * bytes, then the importer reads them as "x.csv" into a scratch store, as a
 * flat catalogue or an ESCO occupations file.
 *
 * The first byte b chooses how (the rest is the file):
 *   format   = {detect by content, flat CSV, ESCO}[b % 3]
 *   language = {"en", "es", "fr", none}[(b / 3) % 4]   (ESCO only)
 * Seeds start with an ASCII digit: '0' detect, '1' flat CSV, '2' ESCO in
 * English, '5' ESCO in Spanish, '9' ESCO with no language (an error).
 * See fuzz/README.md.
 */
#include "fuzz.h"

#include "io/io_internal.h"

#include "puente/error.h"
#include "puente/io.h"
#include "puente/store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void read_raw(const char *data, size_t size)
{
	pu_csv c;
	size_t records = 0;
	int rc;

	pu_csv_init(&c, data, size);
	while ((rc = pu_csv_next(&c)) == 1) {
		if (c.nfields == 0 || c.nfields > PU_CSV_MAX_FIELDS ||
		    c.line == 0 || c.line >= c.next_line) {
			fprintf(stderr, "fuzz: record %zu has %zu fields, "
				"line %zu, next line %zu\n", records,
				c.nfields, c.line, c.next_line);
			abort();
		}
		for (size_t i = 0; i < c.nfields; i++)
			if (strlen(c.fields[i]) > PU_CSV_MAX_FIELD)
				abort();
		records++;
	}
	fuzz_check_error(rc, "pu_csv_next");
	pu_csv_free(&c);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const pu_format formats[] = {PU_FORMAT_AUTO, PU_FORMAT_CSV,
					    PU_FORMAT_ESCO};
	static const char *const langs[] = {"en", "es", "fr", NULL};
	pu_import_options opt = PU_IMPORT_OPTIONS_INIT;
	pu_import_result res;
	pu_store *st;
	int rc;

	if (size == 0)
		return 0;
	opt.format = formats[data[0] % 3];
	opt.lang = langs[(data[0] / 3) % 4];
	data++;
	size--;

	read_raw((const char *)data, size);

	st = fuzz_store();
	rc = pu_io_import_buffer(st, (const char *)data, size, "x.csv", &opt,
				 &res);
	fuzz_check_import(st, rc);
	return 0;
}
