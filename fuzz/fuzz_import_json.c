/*
 * Fuzz target: Puente JSON documents. The bytes go to the document parser
 * and validator (pu_io_parse_document), then through the whole importer into
 * a scratch store (pu_io_import_buffer as "x.json", which also reads CONOCER
 * catalogues when the text is a JSON array). See fuzz/README.md.
 */
#include "fuzz.h"

#include "puente/error.h"
#include "puente/io.h"
#include "puente/store.h"

#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data;
	static pu_doc unset; /* the parser must replace it, even on error */
	pu_import_result res;
	pu_doc *doc = &unset;
	pu_store *st = fuzz_store();
	int rc;

	rc = pu_io_parse_document(&doc, text, size, "x.json");
	fuzz_check_error(rc, "parse");
	if (doc == &unset || (rc == 0) != (doc != NULL)) {
		fprintf(stderr, "fuzz: parse returned %d with a%s document\n",
			rc, doc ? "" : " NULL");
		abort();
	}
	pu_doc_free(doc);

	rc = pu_io_import_buffer(st, text, size, "x.json", NULL, &res);
	fuzz_check_import(st, rc);
	return 0;
}
