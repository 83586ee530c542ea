/*
 * Shared by the fuzz targets: the libFuzzer entry point (declared for
 * -Wmissing-prototypes) and a scratch store that lives across inputs, plus
 * the checks every import must pass whatever its input.
 */
#ifndef PU_FUZZ_H
#define PU_FUZZ_H

#include <stddef.h>
#include <stdint.h>

struct pu_store;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The scratch store: a database in a private directory under $TMPDIR (or
 * /tmp), created at the first call and replaced by a fresh one every
 * FUZZ_STORE_ROTATE calls so it cannot grow without bound. Removed at a normal
 * exit; a crash leaves it behind. Aborts when it cannot be opened (the fuzzer
 * cannot run without it). */
struct pu_store *fuzz_store(void);

#define FUZZ_STORE_ROTATE 100

/* Checks what must hold after any pu_io_import_buffer, and aborts (so the
 * fuzzer reports the input) when it does not: no transaction is left open; a
 * failure has a negative PU_E* code and a message; after a success the whole
 * store exports, the export parses, imports back, and exports again to the
 * same bytes. With PU_FUZZ_VERBOSE set in the environment,
 * prints the import's outcome (to curate a corpus). */
void fuzz_check_import(struct pu_store *st, int rc);

/* Checks that a failed call left a code and a message. */
void fuzz_check_error(int rc, const char *what);

#endif
