/*
 * Fuzz target: the strict credential parsers and the RFC 8785
 * canonicaliser. Properties: a parse failure has a message; jansson's
 * strict parse (pu_cred_parse) and the verifier's tree (pu_jv_parse) accept
 * the same inputs and give the same canonical bytes; the canonical text
 * parses back and canonicalises to the same bytes (JCS is idempotent). See
 * fuzz/README.md.
 */
#include "fuzz.h"

#include "puente/buf.h"
#include "puente/cred.h"
#include "puente/error.h"

#include "cred/tree.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	pu_buf a = PU_BUF_INIT, b = PU_BUF_INIT, t = PU_BUF_INIT;
	json_t *v = NULL, *w = NULL;
	pu_arena *arena = NULL;
	const pu_jv *tree = NULL;
	int rc, trc;

	if (pu_arena_new(&arena) < 0)
		abort();
	pu_error_clear();
	trc = pu_jv_parse(arena, &tree, (const char *)data, size, 0, 0);
	if (trc < 0)
		fuzz_check_error(trc, "tree parse");
	pu_error_clear();
	rc = pu_cred_parse(&v, (const char *)data, size, 0);
	if ((rc < 0) != (trc < 0)) {
		fprintf(stderr, "fuzz_jcs: jansson says %d, the tree %d\n", rc,
			trc);
		abort();
	}
	if (rc < 0) {
		fuzz_check_error(rc, "parse");
		pu_arena_free(arena);
		return 0;
	}
	if (pu_cred_jcs(&a, v) < 0) {
		fprintf(stderr, "fuzz_jcs: canonicalise: %s\n",
			pu_error_message());
		abort();
	}
	if (pu_jv_jcs(&t, tree) < 0 || t.len != a.len ||
	    memcmp(t.ptr, a.ptr, a.len) != 0) {
		fprintf(stderr,
			"fuzz_jcs: the tree's canonical form differs:"
			"\n%s\n%s\n",
			a.ptr, t.ptr ? t.ptr : "");
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
	pu_buf_free(&t);
	pu_arena_free(arena);
	return 0;
}
