/*
 * Fuzz target: certificate QR payloads (pu_qr_payload_decode), the text a
 * phone scans or a verifier pastes. Whatever the input, a refusal has a
 * PU_E* code, a fault and a message, and nothing is written; a success gives
 * at most PU_QR_MAX_DOC bytes that encode and decode back to themselves. The
 * input is also taken as a document: encoding then decoding it must give it
 * back. And, since random bytes rarely carry a right CRC-32, the input is
 * also taken as an envelope (declared length, then deflate) and sealed with
 * its checksum, so that the inflate path and its limits are fuzzed too. See
 * fuzz/README.md.
 */
#include "fuzz.h"

#include "puente/buf.h"
#include "puente/error.h"
#include "puente/qr.h"

#include <stdio.h>
#include <zlib.h>
#include <stdlib.h>
#include <string.h>

static void roundtrip(const uint8_t *doc, size_t len)
{
	pu_buf p = PU_BUF_INIT, back = PU_BUF_INIT;

	if (pu_qr_payload_encode(&p, doc, len) != 0) {
		fprintf(stderr, "encode failed: %s\n", pu_error_message());
		abort();
	}
	if (pu_qr_payload_decode(&back, p.ptr, p.len, NULL) != 0 ||
	    back.len != len || memcmp(back.ptr, doc, len) != 0) {
		fprintf(stderr, "round trip failed: %s\n", pu_error_message());
		abort();
	}
	pu_buf_free(&p);
	pu_buf_free(&back);
}

static void check_decode(const char *payload, size_t size)
{
	pu_buf out = PU_BUF_INIT;
	pu_qr_fault fault = PU_QR_FAULT_NONE;
	int rc;

	pu_error_clear();
	rc = pu_qr_payload_decode(&out, payload, size, &fault);
	if (rc < 0) {
		fuzz_check_error(rc, "pu_qr_payload_decode");
		if (fault == PU_QR_FAULT_NONE && rc != PU_ENOMEM) {
			fprintf(stderr, "refused without a fault: %s\n",
				pu_error_message());
			abort();
		}
		if (out.len != 0) {
			fprintf(stderr, "refused but wrote %zu bytes\n",
				out.len);
			abort();
		}
	} else {
		if (fault != PU_QR_FAULT_NONE || out.len == 0 ||
		    out.len > PU_QR_MAX_DOC) {
			fprintf(stderr, "accepted with fault %d, %zu bytes\n",
				(int)fault, out.len);
			abort();
		}
		roundtrip((const uint8_t *)out.ptr, out.len);
	}
	pu_buf_free(&out);
}

/* "PU1:" + Base45(data || CRC-32(data)): a payload whose checksum holds. */
static void sealed(const uint8_t *data, size_t size)
{
	pu_buf env = PU_BUF_INIT, p = PU_BUF_INIT;
	unsigned long crc = crc32(0L, data, (uInt)size);
	unsigned char c[4] = {(unsigned char)(crc >> 24),
			      (unsigned char)(crc >> 16),
			      (unsigned char)(crc >> 8), (unsigned char)crc};

	if (pu_buf_put(&env, data, size) != 0 || pu_buf_put(&env, c, 4) != 0 ||
	    pu_buf_puts(&p, "PU1:") != 0 ||
	    pu_base45_encode(&p, env.ptr, env.len) != 0)
		abort();
	check_decode(p.ptr, p.len);
	pu_buf_free(&env);
	pu_buf_free(&p);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	check_decode((const char *)data, size);
	if (size > 0 && size <= 4096) {
		roundtrip(data, size);
		sealed(data, size);
	}
	return 0;
}
