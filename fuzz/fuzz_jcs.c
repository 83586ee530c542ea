/*
 * Fuzz target: the strict credential parser and the RFC 8785 canonicaliser
 * (pu_cred_parse, pu_cred_jcs). Properties: a parse failure has a message;
 * a parsed value canonicalises; the canonical text parses back and
 * canonicalises to the same bytes (JCS is idempotent). See fuzz/README.md.
 */
#include "fuzz.h"

#include "puente/buf.h"
#include "puente/cred.h"
#include "puente/error.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	pu_buf a = PU_BUF_INIT, b = PU_BUF_INIT;
	json_t *v = NULL, *w = NULL;
	int rc;

	pu_error_clear();
	rc = pu_cred_parse(&v, (const char *)data, size, 0);
	if (rc < 0) {
		fuzz_check_error(rc, "parse");
		return 0;
	}
	if (pu_cred_jcs(&a, v) < 0) {
		fprintf(stderr, "fuzz_jcs: canonicalise: %s\n",
			pu_error_message());
		abort();
	}
	if (pu_cred_parse(&w, a.ptr, a.len, (size_t)-1) < 0 ||
	    pu_cred_jcs(&b, w) < 0 || a.len != b.len ||
	    memcmp(a.ptr, b.ptr, a.len) != 0) {
		fprintf(stderr, "fuzz_jcs: not idempotent:\n%s\n%s\n", a.ptr,
			b.ptr ? b.ptr : pu_error_message());
		abort();
	}
	json_decref(v);
	json_decref(w);
	pu_buf_free(&a);
	pu_buf_free(&b);
	return 0;
}
