/*
 * QR payloads: Base45 against RFC 9285's examples, payload round trips, every
 * refusal with its own fault and message, the limits (no decompression bomb),
 * and the QR symbol (alphanumeric mode, version, SVG).
 */
#include "helpers.h"

#include "puente/buf.h"
#include "puente/qr.h"

#include <zlib.h>

static char *read_all(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	pu_buf b = PU_BUF_INIT;
	char chunk[4096];
	size_t n;

	if (f == NULL)
		return NULL;
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		assert_ok(pu_buf_put(&b, chunk, n));
	fclose(f);
	*len = b.len;
	return pu_buf_detach(&b);
}

static void test_base45_rfc9285(void **state)
{
	static const struct {
		const char *bin, *b45;
	} v[] = {{"AB", "BB8"},
		 {"Hello!!", "%69 VD92EX0"},
		 {"base-45", "UJCLQE7W581"},
		 {"ietf!", "QED8WEX0"}};
	(void)state;
	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		pu_buf b = PU_BUF_INIT;

		assert_ok(pu_base45_encode(&b, v[i].bin, strlen(v[i].bin)));
		assert_string_equal(b.ptr, v[i].b45);
		pu_buf_clear(&b);
		assert_ok(pu_base45_decode(&b, v[i].b45, strlen(v[i].b45)));
		assert_int_equal(b.len, strlen(v[i].bin));
		assert_memory_equal(b.ptr, v[i].bin, b.len);
		pu_buf_free(&b);
	}
}

static void test_base45_errors(void **state)
{
	pu_buf b = PU_BUF_INIT;

	(void)state;
	/* RFC 9285 section 4.2: "GGW" is 65536, over two bytes. */
	assert_error(pu_base45_decode(&b, "GGW", 3), PU_EINVAL, "65535");
	assert_error(pu_base45_decode(&b, "QEDa", 4), PU_EINVAL,
		     "character 'a' at offset 3");
	assert_error(pu_base45_decode(&b, "QED8", 4), PU_EINVAL,
		     "lone character at offset 3");
	assert_error(pu_base45_decode(&b, "QE\x01", 3), PU_EINVAL,
		     "0x01 at offset 2");
	assert_error(pu_base45_decode(&b, "::", 2), PU_EINVAL, "> 255");
	pu_buf_free(&b);
}

static void roundtrip(const char *doc, size_t len)
{
	pu_buf p = PU_BUF_INIT, d = PU_BUF_INIT;
	pu_qr_fault f = PU_QR_FAULT_TOO_LARGE;

	assert_ok(pu_qr_payload_encode(&p, doc, len));
	assert_memory_equal(p.ptr, "PU1:", 4);
	for (size_t i = 0; i < p.len; i++)
		assert_non_null(strchr("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ "
				       "$%*+-./:",
				       p.ptr[i]));
	assert_ok(pu_qr_payload_decode(&d, p.ptr, p.len, &f));
	assert_int_equal(f, PU_QR_FAULT_NONE);
	assert_int_equal(d.len, len);
	assert_memory_equal(d.ptr, doc, len);
	pu_buf_free(&p);
	pu_buf_free(&d);
}

static void test_payload_roundtrip(void **state)
{
	unsigned char bin[300];

	(void)state;
	roundtrip("{}", 2);
	roundtrip("x", 1);
	for (size_t i = 0; i < sizeof(bin); i++)
		bin[i] = (unsigned char)(i * 37 + 11);
	roundtrip((const char *)bin, sizeof(bin));
	roundtrip("{\"name\":\"Certificado de competencia \xc3\xb1\"}",
		  strlen("{\"name\":\"Certificado de competencia \xc3\xb1\"}"));
}

/* Encodes doc and returns the payload; the caller frees. */
static char *payload_of(const char *doc)
{
	pu_buf p = PU_BUF_INIT;

	assert_ok(pu_qr_payload_encode(&p, doc, strlen(doc)));
	return pu_buf_detach(&p);
}

static void expect_fault(const char *payload, int code, pu_qr_fault want,
			 const char *msg)
{
	pu_buf d = PU_BUF_INIT;
	pu_qr_fault f = PU_QR_FAULT_NONE;

	assert_error(pu_qr_payload_decode(&d, payload, strlen(payload), &f),
		     code, msg);
	assert_int_equal(f, want);
	assert_int_equal(d.len, 0);
	pu_buf_free(&d);
}

static void test_payload_faults(void **state)
{
	char *p = payload_of("{\"a\":\"hello hello hello hello\"}");
	size_t n = strlen(p);
	char *q = strdup(p);

	(void)state;
	assert_non_null(q);
	expect_fault("", PU_EINVAL, PU_QR_FAULT_PREFIX, "start with \"PU1:\"");
	expect_fault("HC1:NCFOXN", PU_EINVAL, PU_QR_FAULT_PREFIX,
		     "not a Puente QR payload");
	expect_fault("PU1", PU_EINVAL, PU_QR_FAULT_PREFIX, "PU1:");
	expect_fault("PU1X0000", PU_EINVAL, PU_QR_FAULT_PREFIX, "bad prefix");
	expect_fault("PU2:ABCDEF", PU_EINVAL, PU_QR_FAULT_VERSION,
		     "unknown QR payload version \"2\"");
	expect_fault("PU17:ABCDEF", PU_EINVAL, PU_QR_FAULT_VERSION,
		     "version \"17\"");
	/* A lowercase letter where the scanner should give uppercase. */
	q[10] = 'a';
	expect_fault(q, PU_EINVAL, PU_QR_FAULT_BASE45,
		     "character 'a' at offset 10");
	/* One valid character changed: the checksum says so. */
	memcpy(q, p, n + 1);
	q[12] = q[12] == '0' ? '1' : '0';
	expect_fault(q, PU_EINVAL, PU_QR_FAULT_CHECKSUM, "bad checksum");
	/* Truncated by one group (of 2 or 3 characters). */
	memcpy(q, p, n + 1);
	q[n - ((n - 4) % 3 == 2 ? 2 : 3)] = '\0';
	expect_fault(q, PU_EINVAL, PU_QR_FAULT_CHECKSUM, "bad checksum");
	expect_fault("PU1:000000", PU_EINVAL, PU_QR_FAULT_CHECKSUM,
		     "truncated");
	/* Trailing newline is accepted. */
	{
		pu_buf d = PU_BUF_INIT;

		memcpy(q, p, n + 1);
		q[n - 1] = '\0';
		free(p);
		p = payload_of("{\"a\":1}");
		n = strlen(p);
		free(q);
		q = malloc(n + 3);
		assert_non_null(q);
		memcpy(q, p, n);
		memcpy(q + n, "\r\n", 3);
		assert_ok(pu_qr_payload_decode(&d, q, n + 2, NULL));
		assert_string_equal(d.ptr, "{\"a\":1}");
		pu_buf_free(&d);
	}
	free(p);
	free(q);
}

/* Builds a payload from an arbitrary envelope body: declared length, deflate
 * bytes, with a correct CRC, to reach the checks behind the checksum. */
static char *forge(uint32_t declared, const unsigned char *def, size_t dlen)
{
	unsigned char env[256];
	pu_buf p = PU_BUF_INIT;
	uint32_t crc;

	assert_true(dlen + 8 <= sizeof(env));
	env[0] = (unsigned char)(declared >> 24);
	env[1] = (unsigned char)(declared >> 16);
	env[2] = (unsigned char)(declared >> 8);
	env[3] = (unsigned char)declared;
	memcpy(env + 4, def, dlen);
	crc = (uint32_t)crc32(0L, env, (uInt)(4 + dlen));
	env[4 + dlen] = (unsigned char)(crc >> 24);
	env[5 + dlen] = (unsigned char)(crc >> 16);
	env[6 + dlen] = (unsigned char)(crc >> 8);
	env[7 + dlen] = (unsigned char)crc;
	assert_ok(pu_buf_puts(&p, "PU1:"));
	assert_ok(pu_base45_encode(&p, env, dlen + 8));
	return pu_buf_detach(&p);
}

/* Raw deflate of n zero bytes. */
static size_t deflate_zeros(unsigned char *out, size_t cap, size_t n)
{
	unsigned char *zeros = calloc(1, n);
	z_stream z;

	assert_non_null(zeros);
	memset(&z, 0, sizeof(z));
	assert_int_equal(
	    deflateInit2(&z, 9, Z_DEFLATED, -15, 9, Z_DEFAULT_STRATEGY), Z_OK);
	z.next_in = zeros;
	z.avail_in = (uInt)n;
	z.next_out = out;
	z.avail_out = (uInt)cap;
	assert_int_equal(deflate(&z, Z_FINISH), Z_STREAM_END);
	deflateEnd(&z);
	free(zeros);
	return z.total_out;
}

static void test_payload_envelope_checks(void **state)
{
	unsigned char def[256];
	size_t dlen;
	char *p;

	(void)state;
	/* Corrupt deflate stream behind a good checksum. */
	def[0] = 0xff;
	def[1] = 0xff;
	def[2] = 0xff;
	p = forge(5, def, 3);
	expect_fault(p, PU_EINVAL, PU_QR_FAULT_DEFLATE,
		     "corrupt deflate stream");
	free(p);

	/* A bomb: 10 MB of zeros deflate to about 10 KB; too big to forge in
	 * a QR, so 1 MB (about 1 KB of deflate) declared honestly. */
	dlen = deflate_zeros(def, sizeof(def), 200000);
	assert_true(dlen < 248);
	p = forge(200000, def, dlen);
	expect_fault(p, PU_ELIMIT, PU_QR_FAULT_TOO_LARGE,
		     "declares a document of 200000 bytes");
	free(p);
	/* The same stream declared small: inflate stops at the declared
	 * length + 1 and says so. */
	p = forge(1000, def, dlen);
	expect_fault(p, PU_EINVAL, PU_QR_FAULT_DEFLATE,
		     "longer than the declared length");
	free(p);
	/* Declared longer than the stream. */
	dlen = deflate_zeros(def, sizeof(def), 100);
	p = forge(101, def, dlen);
	expect_fault(p, PU_EINVAL, PU_QR_FAULT_DEFLATE, "100 bytes, 101");
	free(p);
	/* Bytes after the end of the stream. */
	def[dlen] = 0;
	p = forge(100, def, dlen + 1);
	expect_fault(p, PU_EINVAL, PU_QR_FAULT_DEFLATE, "bytes follow");
	free(p);
	/* Declared zero. */
	p = forge(0, def, dlen);
	expect_fault(p, PU_EINVAL, PU_QR_FAULT_TOO_LARGE, "at least 1");
	free(p);
}

static void test_payload_limits(void **state)
{
	char *big = malloc(PU_QR_MAX_PAYLOAD + 10);
	char *doc = malloc(PU_QR_MAX_DOC + 1);
	pu_buf b = PU_BUF_INIT;

	(void)state;
	assert_non_null(big);
	assert_non_null(doc);
	memcpy(big, "PU1:", 4);
	memset(big + 4, '0', PU_QR_MAX_PAYLOAD + 5);
	big[PU_QR_MAX_PAYLOAD + 9] = '\0';
	expect_fault(big, PU_ELIMIT, PU_QR_FAULT_TOO_LARGE, "over the limit");
	memset(doc, 'a', PU_QR_MAX_DOC + 1);
	assert_error(pu_qr_payload_encode(&b, doc, PU_QR_MAX_DOC + 1),
		     PU_ELIMIT, "over the limit");
	assert_error(pu_qr_payload_encode(&b, doc, 0), PU_EINVAL, "empty");
	/* Exactly the limit round-trips (and compresses to almost nothing). */
	roundtrip(doc, PU_QR_MAX_DOC);
	free(big);
	free(doc);
	pu_buf_free(&b);
}

static void test_qr_symbol(void **state)
{
	pu_qr *qr = NULL;
	pu_buf svg = PU_BUF_INIT;

	(void)state;
	assert_ok(pu_qr_new(&qr, "PU1:HELLO", PU_QR_EC_AUTO));
	assert_int_equal(pu_qr_version(qr), 1);
	assert_int_equal(pu_qr_width(qr), 21);
	assert_int_equal(pu_qr_level(qr), PU_QR_EC_M);
	/* Finder pattern corners are dark; the separator is light. */
	assert_int_equal(pu_qr_dark(qr, 0, 0), 1);
	assert_int_equal(pu_qr_dark(qr, 20, 0), 1);
	assert_int_equal(pu_qr_dark(qr, 0, 20), 1);
	assert_int_equal(pu_qr_dark(qr, 7, 0), 0);
	assert_int_equal(pu_qr_dark(qr, -1, 0), 0);
	assert_int_equal(pu_qr_dark(qr, 21, 0), 0);
	assert_ok(pu_qr_svg(&svg, qr, 4));
	assert_non_null(strstr(svg.ptr, "viewBox=\"0 0 29 29\""));
	assert_non_null(strstr(svg.ptr, "M4 4h7v1h-7z"));
	assert_error(pu_qr_svg(&svg, qr, 0), PU_EINVAL, "module size");
	pu_qr_free(qr);
	pu_buf_free(&svg);

	assert_error(pu_qr_new(&qr, "pu1:x", PU_QR_EC_M), PU_EINVAL,
		     "not in the alphanumeric set");
	assert_null(qr);
	assert_error(pu_qr_new(&qr, "", PU_QR_EC_M), PU_EINVAL, "empty");
	pu_qr_free(NULL);
}

static void test_qr_capacity(void **state)
{
	char *text = malloc(4400);
	pu_qr *qr = NULL;

	(void)state;
	assert_non_null(text);
	/* 3,391 alphanumeric characters fill version 40 at M; one more
	 * drops AUTO to L; 4,296 is the most L holds. */
	memset(text, 'A', 4400);
	text[3391] = '\0';
	assert_ok(pu_qr_new(&qr, text, PU_QR_EC_AUTO));
	assert_int_equal(pu_qr_version(qr), 40);
	assert_int_equal(pu_qr_level(qr), PU_QR_EC_M);
	pu_qr_free(qr);
	text[3391] = 'A';
	text[3392] = '\0';
	assert_ok(pu_qr_new(&qr, text, PU_QR_EC_AUTO));
	assert_int_equal(pu_qr_level(qr), PU_QR_EC_L);
	pu_qr_free(qr);
	assert_error(pu_qr_new(&qr, text, PU_QR_EC_M), PU_ELIMIT, "at level M");
	text[3392] = 'A';
	text[4297] = '\0';
	assert_error(pu_qr_new(&qr, text, PU_QR_EC_AUTO), PU_ELIMIT,
		     "at most 4296");
	free(text);
}

/* The figures for docs/formats.md: the OB 3.0 sample credential. */
static void test_ob3_sample(void **state)
{
	const char *path =
	    PU_SHARED_DATA "/vectors/ob3-peer/ob3-eddsa-jcs-2022-valid.json";
	size_t len = 0;
	char *doc = read_all(path, &len);
	pu_buf p = PU_BUF_INIT, d = PU_BUF_INIT;
	pu_qr *qr = NULL;

	(void)state;
	if (doc == NULL)
		skip();
	assert_ok(pu_qr_payload_encode(&p, doc, len));
	assert_ok(pu_qr_payload_decode(&d, p.ptr, p.len, NULL));
	assert_int_equal(d.len, len);
	assert_memory_equal(d.ptr, doc, len);
	assert_ok(pu_qr_new(&qr, p.ptr, PU_QR_EC_AUTO));
	print_message("OB 3.0 sample: %zu bytes -> payload %zu characters -> "
		      "QR version %d level %c (%d modules)\n",
		      len, p.len, pu_qr_version(qr), "?LMQH"[pu_qr_level(qr)],
		      pu_qr_width(qr));
	assert_true(pu_qr_version(qr) <= 40);
	pu_qr_free(qr);
	pu_buf_free(&p);
	pu_buf_free(&d);
	free(doc);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_base45_rfc9285),
	    cmocka_unit_test(test_base45_errors),
	    cmocka_unit_test(test_payload_roundtrip),
	    cmocka_unit_test(test_payload_faults),
	    cmocka_unit_test(test_payload_envelope_checks),
	    cmocka_unit_test(test_payload_limits),
	    cmocka_unit_test(test_qr_symbol),
	    cmocka_unit_test(test_qr_capacity),
	    cmocka_unit_test(test_ob3_sample),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
