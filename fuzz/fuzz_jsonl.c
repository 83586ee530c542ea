/*
 * Fuzz target: JSON Lines catalogues (one standard per line), through the
 * whole importer into a scratch store (pu_io_import_buffer as "x.jsonl").
 * See fuzz/README.md.
 */
#include "fuzz.h"

#include "puente/io.h"
#include "puente/store.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	pu_import_result res;
	pu_store *st = fuzz_store();
	int rc;

	rc = pu_io_import_buffer(st, (const char *)data, size, "x.jsonl", NULL,
				 &res);
	fuzz_check_import(st, rc);
	return 0;
}
