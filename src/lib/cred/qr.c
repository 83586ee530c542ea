/*
 * Certificate QR payloads and QR symbols. A payload is "PU1:" followed by the
 * Base45 (RFC 9285) text of an envelope: the document's length (4 bytes, big
 * endian), its raw deflate stream (RFC 1951), and a CRC-32 (big endian) of
 * those two, so that a misread is reported as a bad checksum before anything
 * is inflated. The decoder never writes more than the declared length, itself
 * capped at PU_QR_MAX_DOC, so no input can make it allocate more.
 */
#include "puente/qr.h"

#include "puente/buf.h"
#include "puente/error.h"

#include <qrencode.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

static const char b45[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:";

/* Envelope: length (4) + deflate (>= 2: an empty fixed block is 2 bytes) +
 * CRC-32 (4). */
#define ENV_MIN 10

const char *pu_qr_fault_name(pu_qr_fault f)
{
	switch (f) {
	case PU_QR_FAULT_NONE:
		return "ok";
	case PU_QR_FAULT_PREFIX:
		return "bad prefix";
	case PU_QR_FAULT_VERSION:
		return "unknown version";
	case PU_QR_FAULT_BASE45:
		return "bad Base45";
	case PU_QR_FAULT_CHECKSUM:
		return "bad checksum";
	case PU_QR_FAULT_DEFLATE:
		return "corrupt deflate stream";
	case PU_QR_FAULT_TOO_LARGE:
		return "too large";
	}
	return "?";
}

/* -1 for a character outside the alphabet. */
static int b45_value(unsigned char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'A' && c <= 'Z')
		return c - 'A' + 10;
	switch (c) {
	case ' ':
		return 36;
	case '$':
		return 37;
	case '%':
		return 38;
	case '*':
		return 39;
	case '+':
		return 40;
	case '-':
		return 41;
	case '.':
		return 42;
	case '/':
		return 43;
	case ':':
		return 44;
	}
	return -1;
}

int pu_base45_encode(pu_buf *out, const void *data, size_t len)
{
	const unsigned char *p = data;
	char g[3];
	int rc = 0;

	for (size_t i = 0; i + 1 < len && rc == 0; i += 2) {
		unsigned n = (unsigned)p[i] * 256u + p[i + 1];

		g[0] = b45[n % 45];
		g[1] = b45[(n / 45) % 45];
		g[2] = b45[n / 2025];
		rc = pu_buf_put(out, g, 3);
	}
	if (rc == 0 && len % 2 == 1) {
		unsigned n = p[len - 1];

		g[0] = b45[n % 45];
		g[1] = b45[n / 45];
		rc = pu_buf_put(out, g, 2);
	}
	return rc;
}

/* Decodes text, reporting offsets as base + index (the position in the whole
 * payload). */
static int b45_decode_at(pu_buf *out, const char *text, size_t len, size_t base)
{
	unsigned char bytes[2];
	int rc = 0;

	for (size_t i = 0; i < len && rc == 0; i += 3) {
		size_t k = len - i < 3 ? len - i : 3;
		unsigned n = 0, mul = 1;

		for (size_t j = 0; j < k; j++) {
			int v = b45_value((unsigned char)text[i + j]);

			if (v < 0) {
				unsigned char c = (unsigned char)text[i + j];

				if (c >= 0x20 && c < 0x7f)
					return pu_error_set(
					    PU_EINVAL,
					    "bad Base45 character '%c' at "
					    "offset %zu",
					    c, base + i + j);
				return pu_error_set(
				    PU_EINVAL,
				    "bad Base45 character 0x%02x "
				    "at offset %zu",
				    c, base + i + j);
			}
			n += (unsigned)v * mul;
			mul *= 45;
		}
		if (k == 1)
			return pu_error_set(PU_EINVAL,
					    "bad Base45: a lone character at "
					    "offset %zu (a length of 3n+1 is "
					    "not possible)",
					    base + i);
		if (k == 3) {
			if (n > 0xffff)
				return pu_error_set(
				    PU_EINVAL,
				    "bad Base45 group at offset "
				    "%zu (value %u > 65535)",
				    base + i, n);
			bytes[0] = (unsigned char)(n >> 8);
			bytes[1] = (unsigned char)(n & 0xff);
			rc = pu_buf_put(out, bytes, 2);
		} else {
			if (n > 0xff)
				return pu_error_set(
				    PU_EINVAL,
				    "bad Base45 group at offset "
				    "%zu (value %u > 255)",
				    base + i, n);
			bytes[0] = (unsigned char)n;
			rc = pu_buf_put(out, bytes, 1);
		}
	}
	return rc;
}

int pu_base45_decode(pu_buf *out, const char *text, size_t len)
{
	return b45_decode_at(out, text, len, 0);
}

static void put_be32(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)(v >> 24);
	p[1] = (unsigned char)(v >> 16);
	p[2] = (unsigned char)(v >> 8);
	p[3] = (unsigned char)v;
}

static uint32_t get_be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}

int pu_qr_payload_encode(pu_buf *out, const void *doc, size_t len)
{
	z_stream z;
	unsigned char *env = NULL;
	size_t cap, n;
	int zrc, rc;

	if (len == 0)
		return pu_error_set(PU_EINVAL, "QR payload: empty document");
	if (len > PU_QR_MAX_DOC)
		return pu_error_set(PU_ELIMIT,
				    "QR payload: document of %zu bytes is over "
				    "the limit of %d",
				    len, PU_QR_MAX_DOC);
	memset(&z, 0, sizeof(z));
	/* Raw deflate (-15): the envelope has its own length and checksum,
	 * so zlib's 2-byte header and Adler-32 would be 6 wasted bytes. */
	if (deflateInit2(&z, 9, Z_DEFLATED, -15, 9, Z_DEFAULT_STRATEGY) != Z_OK)
		return pu_error_set(PU_ENOMEM, "out of memory (deflate)");
	cap = 8 + deflateBound(&z, (uLong)len);
	env = malloc(cap);
	if (env == NULL) {
		rc = pu_error_set(PU_ENOMEM, "out of memory");
		goto done;
	}
	put_be32(env, (uint32_t)len);
	z.next_in = (Bytef *)(uintptr_t)doc;
	z.avail_in = (uInt)len;
	z.next_out = env + 4;
	z.avail_out = (uInt)(cap - 8);
	zrc = deflate(&z, Z_FINISH);
	if (zrc != Z_STREAM_END) {
		rc = pu_error_set(PU_ENOMEM, "deflate failed (%d)", zrc);
		goto done;
	}
	n = 4 + z.total_out;
	put_be32(env + n, (uint32_t)crc32(0L, env, (uInt)n));
	n += 4;
	rc = pu_buf_puts(out, "PU1:");
	if (rc == 0)
		rc = pu_base45_encode(out, env, n);
done:
	deflateEnd(&z);
	free(env);
	return rc;
}

static int fail(pu_qr_fault *fault, pu_qr_fault f, int rc)
{
	if (fault)
		*fault = f;
	return rc;
}

/* Parses "PU<digits>:"; returns the length of the prefix, or sets the error. */
static int parse_prefix(const char *p, size_t len, size_t *plen,
			pu_qr_fault *fault)
{
	size_t i = 2;
	unsigned long v = 0;

	if (len < 4 || p[0] != 'P' || p[1] != 'U' || p[2] < '0' || p[2] > '9')
		return fail(fault, PU_QR_FAULT_PREFIX,
			    pu_error_set(PU_EINVAL,
					 "not a Puente QR payload: it must "
					 "start with \"PU%d:\"",
					 PU_QR_VERSION));
	while (i < len && i < 8 && p[i] >= '0' && p[i] <= '9')
		v = v * 10 + (unsigned long)(p[i++] - '0');
	if (i >= len || p[i] != ':')
		return fail(fault, PU_QR_FAULT_PREFIX,
			    pu_error_set(PU_EINVAL,
					 "not a Puente QR payload: bad prefix "
					 "(want \"PU%d:\")",
					 PU_QR_VERSION));
	if (v != PU_QR_VERSION || i != 3)
		return fail(fault, PU_QR_FAULT_VERSION,
			    pu_error_set(PU_EINVAL,
					 "unknown QR payload version \"%.*s\" "
					 "(this Puente reads version %d)",
					 (int)(i - 2), p + 2, PU_QR_VERSION));
	*plen = i + 1;
	return 0;
}

static int inflate_env(pu_buf *out, const unsigned char *def, size_t dlen,
		       size_t want, pu_qr_fault *fault)
{
	z_stream z;
	unsigned char *dst = NULL;
	int zrc, rc = 0;

	memset(&z, 0, sizeof(z));
	if (inflateInit2(&z, -15) != Z_OK)
		return pu_error_set(PU_ENOMEM, "out of memory (inflate)");
	/* One spare byte: a stream that would write past the declared
	 * length is caught, not truncated. */
	dst = malloc(want + 1);
	if (dst == NULL) {
		rc = pu_error_set(PU_ENOMEM, "out of memory");
		goto done;
	}
	z.next_in = (Bytef *)(uintptr_t)def;
	z.avail_in = (uInt)dlen;
	z.next_out = dst;
	z.avail_out = (uInt)(want + 1);
	zrc = inflate(&z, Z_FINISH);
	if (zrc == Z_DATA_ERROR || zrc == Z_NEED_DICT) {
		rc = fail(fault, PU_QR_FAULT_DEFLATE,
			  pu_error_set(PU_EINVAL,
				       "QR payload: corrupt deflate stream "
				       "(%s)",
				       z.msg ? z.msg : "bad data"));
		goto done;
	}
	if (zrc == Z_MEM_ERROR) {
		rc = pu_error_set(PU_ENOMEM, "out of memory (inflate)");
		goto done;
	}
	if (zrc != Z_STREAM_END) {
		rc = fail(fault, PU_QR_FAULT_DEFLATE,
			  pu_error_set(
			      PU_EINVAL, "QR payload: deflate stream %s",
			      z.total_out > want ? "longer than the declared "
						   "length"
						 : "ends early"));
		goto done;
	}
	if (z.total_out != want || z.avail_in != 0) {
		rc = fail(
		    fault, PU_QR_FAULT_DEFLATE,
		    pu_error_set(PU_EINVAL,
				 "QR payload: deflate stream gives %lu "
				 "bytes, %zu declared%s",
				 z.total_out, want,
				 z.avail_in ? ", and bytes follow it" : ""));
		goto done;
	}
	rc = pu_buf_put(out, dst, want);
done:
	inflateEnd(&z);
	free(dst);
	return rc;
}

int pu_qr_payload_decode(pu_buf *out, const char *payload, size_t len,
			 pu_qr_fault *fault)
{
	pu_buf env = PU_BUF_INIT;
	const unsigned char *e;
	size_t plen = 0, want;
	int rc;

	if (fault)
		*fault = PU_QR_FAULT_NONE;
	while (len > 0 &&
	       (payload[len - 1] == '\n' || payload[len - 1] == '\r' ||
		payload[len - 1] == ' ' || payload[len - 1] == '\t'))
		len--;
	if (len > PU_QR_MAX_PAYLOAD)
		return fail(fault, PU_QR_FAULT_TOO_LARGE,
			    pu_error_set(PU_ELIMIT,
					 "QR payload of %zu characters is over "
					 "the limit of %d",
					 len, PU_QR_MAX_PAYLOAD));
	rc = parse_prefix(payload, len, &plen, fault);
	if (rc < 0)
		return rc;
	env.max = PU_QR_MAX_PAYLOAD;
	rc = b45_decode_at(&env, payload + plen, len - plen, plen);
	if (rc == PU_EINVAL)
		rc = fail(fault, PU_QR_FAULT_BASE45, rc);
	if (rc < 0)
		goto done;
	e = (const unsigned char *)env.ptr;
	if (env.len < ENV_MIN) {
		rc = fail(fault, PU_QR_FAULT_CHECKSUM,
			  pu_error_set(PU_EINVAL,
				       "QR payload truncated: %zu bytes, at "
				       "least %d needed",
				       env.len, ENV_MIN));
		goto done;
	}
	if (crc32(0L, e, (uInt)(env.len - 4)) != get_be32(e + env.len - 4)) {
		rc = fail(fault, PU_QR_FAULT_CHECKSUM,
			  pu_error_set(PU_EINVAL,
				       "QR payload: bad checksum (misread, "
				       "truncated or altered)"));
		goto done;
	}
	want = get_be32(e);
	if (want == 0 || want > PU_QR_MAX_DOC) {
		rc = fail(fault, PU_QR_FAULT_TOO_LARGE,
			  pu_error_set(want ? PU_ELIMIT : PU_EINVAL,
				       "QR payload declares a document of %zu "
				       "bytes (limit %d, at least 1)",
				       want, PU_QR_MAX_DOC));
		goto done;
	}
	rc = inflate_env(out, e + 4, env.len - 8, want, fault);
done:
	pu_buf_free(&env);
	return rc;
}

struct pu_qr {
	QRcode *code;
	pu_qr_ec level;
};

static QRcode *encode_an(const char *text, size_t len, QRecLevel level)
{
	QRinput *in = QRinput_new2(0, level);
	QRcode *code = NULL;

	if (in == NULL)
		return NULL;
	/* One alphanumeric segment: libqrencode's automatic split might pick
	 * numeric runs, which is fine, but one segment is predictable. */
	if (QRinput_append(in, QR_MODE_AN, (int)len,
			   (const unsigned char *)text) == 0)
		code = QRcode_encodeInput(in);
	QRinput_free(in);
	return code;
}

int pu_qr_new(pu_qr **out, const char *text, pu_qr_ec ec)
{
	static const QRecLevel levels[] = {QR_ECLEVEL_M, QR_ECLEVEL_L,
					   QR_ECLEVEL_M, QR_ECLEVEL_Q,
					   QR_ECLEVEL_H};
	size_t len = strlen(text);
	pu_qr *qr = NULL;
	QRcode *code = NULL;
	pu_qr_ec used = ec == PU_QR_EC_AUTO ? PU_QR_EC_M : ec;

	*out = NULL;
	if ((unsigned)ec > PU_QR_EC_H)
		return pu_error_set(PU_EINVAL, "unknown QR error correction %d",
				    (int)ec);
	if (len == 0)
		return pu_error_set(PU_EINVAL, "QR: empty text");
	for (size_t i = 0; i < len; i++) {
		if (b45_value((unsigned char)text[i]) < 0)
			return pu_error_set(
			    PU_EINVAL,
			    "QR: character 0x%02x at offset %zu "
			    "is not in the alphanumeric set",
			    (unsigned char)text[i], i);
	}
	/* 4,296 is the version-40 alphanumeric capacity at level L. */
	if (len > 4296)
		return pu_error_set(PU_ELIMIT,
				    "QR: %zu characters do not fit a QR symbol "
				    "(at most 4296)",
				    len);
	code = encode_an(text, len, levels[used]);
	if (code == NULL && ec == PU_QR_EC_AUTO) {
		used = PU_QR_EC_L;
		code = encode_an(text, len, levels[used]);
	}
	if (code == NULL)
		return pu_error_set(PU_ELIMIT,
				    "QR: %zu characters do not fit a QR symbol "
				    "at level %c",
				    len, "?LMQH"[used]);
	qr = calloc(1, sizeof(*qr));
	if (qr == NULL) {
		QRcode_free(code);
		return pu_error_set(PU_ENOMEM, "out of memory");
	}
	qr->code = code;
	qr->level = used;
	*out = qr;
	return 0;
}

void pu_qr_free(pu_qr *qr)
{
	if (qr == NULL)
		return;
	QRcode_free(qr->code);
	free(qr);
}

int pu_qr_version(const pu_qr *qr)
{
	return qr->code->version;
}

int pu_qr_width(const pu_qr *qr)
{
	return qr->code->width;
}

pu_qr_ec pu_qr_level(const pu_qr *qr)
{
	return qr->level;
}

int pu_qr_dark(const pu_qr *qr, int x, int y)
{
	int w = qr->code->width;

	if (x < 0 || y < 0 || x >= w || y >= w)
		return 0;
	/* libqrencode: bit 0 of each byte is the module's colour. */
	return qr->code->data[(size_t)y * (size_t)w + (size_t)x] & 1;
}

int pu_qr_svg(pu_buf *out, const pu_qr *qr, int module_px)
{
	int w = pu_qr_width(qr), full = w + 8;
	int rc;

	if (module_px < 1 || module_px > 64)
		return pu_error_set(
		    PU_EINVAL, "QR: module size %d px (1 to 64)", module_px);
	rc = pu_buf_printf(out,
			   "<svg xmlns=\"http://www.w3.org/2000/svg\" "
			   "width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" "
			   "shape-rendering=\"crispEdges\">"
			   "<rect width=\"%d\" height=\"%d\" fill=\"#fff\"/>"
			   "<path fill=\"#000\" d=\"",
			   full * module_px, full * module_px, full, full, full,
			   full);
	/* Horizontal runs of dark modules, one subpath each. */
	for (int y = 0; y < w && rc == 0; y++) {
		for (int x = 0; x < w && rc == 0;) {
			int run = 0;

			if (!pu_qr_dark(qr, x, y)) {
				x++;
				continue;
			}
			while (x + run < w && pu_qr_dark(qr, x + run, y))
				run++;
			rc = pu_buf_printf(out, "M%d %dh%dv1h-%dz", x + 4,
					   y + 4, run, run);
			x += run;
		}
	}
	if (rc == 0)
		rc = pu_buf_puts(out, "\"/></svg>\n");
	return rc;
}
