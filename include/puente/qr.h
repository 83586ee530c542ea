/*
 * Certificate QR payloads: a whole credential, deflated, checksummed and
 * Base45-encoded behind a version prefix ("PU1:..."), so that it fits the QR
 * alphanumeric mode and a phone can verify the paper certificate offline.
 * And the QR symbol itself (libqrencode): its module matrix for the PDF and an
 * SVG rendering for the web portal. The format is in docs/formats.md,
 * "Certificate QR payload".
 */
#ifndef PUENTE_QR_H
#define PUENTE_QR_H

#include <stddef.h>

struct pu_buf;

/* The version this Puente writes and reads: the "1" of "PU1:". */
#define PU_QR_VERSION 1
/* Largest credential (uncompressed bytes) a payload may carry. */
#define PU_QR_MAX_DOC (64 * 1024)
/* Longest payload text accepted by the decoder (a version-40 QR symbol holds
 * at most 4,296 alphanumeric characters; pasted text gets some slack). */
#define PU_QR_MAX_PAYLOAD 8192

/* Why a payload was refused, for callers that react to the kind of failure
 * (the verifier's report, the portal's message). */
typedef enum pu_qr_fault {
	PU_QR_FAULT_NONE = 0,
	PU_QR_FAULT_PREFIX,   /* does not start with "PU<digits>:" */
	PU_QR_FAULT_VERSION,  /* "PU<n>:" with n not a version we read */
	PU_QR_FAULT_BASE45,   /* a character outside Base45, or a bad group */
	PU_QR_FAULT_CHECKSUM, /* CRC-32 mismatch: misread or damaged */
	PU_QR_FAULT_DEFLATE,  /* checksum right, deflate stream corrupt */
	PU_QR_FAULT_TOO_LARGE /* payload or declared document over the limits */
} pu_qr_fault;

/* A short name for a fault: "bad prefix", "bad checksum", ... */
const char *pu_qr_fault_name(pu_qr_fault f);

/*
 * Encodes a credential into a QR payload: "PU1:" + Base45(envelope).
 * doc/len: the credential's bytes exactly as they must come back (the caller
 * gives the canonical form; the codec does not parse JSON); at most
 * PU_QR_MAX_DOC bytes.
 * out: receives the payload text (appended; NUL-terminated, only characters
 * of the QR alphanumeric set).
 * Returns 0, PU_EINVAL (len 0), PU_ELIMIT (document too large) or PU_ENOMEM.
 */
int pu_qr_payload_encode(struct pu_buf *out, const void *doc, size_t len);

/*
 * Decodes a QR payload back into the credential's bytes.
 * payload/len: the text scanned or pasted; trailing ASCII whitespace (a
 * newline from a scanner or a file) is ignored, nothing else is.
 * out: receives the document (appended, NUL-terminated).
 * fault: optional; receives why the payload was refused (PU_QR_FAULT_NONE on
 * success).
 * Returns 0, PU_EINVAL (bad prefix, unknown version, bad Base45 character at
 * an offset, bad checksum, corrupt deflate stream: each its own message),
 * PU_ELIMIT (payload or document over the limits) or PU_ENOMEM. The output is
 * never more than PU_QR_MAX_DOC bytes, whatever the input.
 */
int pu_qr_payload_decode(struct pu_buf *out, const char *payload, size_t len,
			 pu_qr_fault *fault);

/* Base45 (RFC 9285), exposed for tests and for other payloads. Encode appends
 * to out; decode appends the bytes to out and reports the 0-based offset of
 * the first bad character. Returns 0, PU_EINVAL or PU_ENOMEM/PU_ELIMIT. */
int pu_base45_encode(struct pu_buf *out, const void *data, size_t len);
int pu_base45_decode(struct pu_buf *out, const char *text, size_t len);

/* A QR symbol: a square matrix of modules. */
typedef struct pu_qr pu_qr;

/* Error correction: PU_QR_EC_AUTO picks M when the payload fits a version-40
 * symbol at M, else L. */
typedef enum pu_qr_ec {
	PU_QR_EC_AUTO = 0,
	PU_QR_EC_L,
	PU_QR_EC_M,
	PU_QR_EC_Q,
	PU_QR_EC_H
} pu_qr_ec;

/*
 * Builds the smallest QR symbol holding text in the alphanumeric mode.
 * out: receives the symbol; free with pu_qr_free.
 * text: NUL-terminated, only characters of the QR alphanumeric set
 * (0-9 A-Z space $ % * + - . / :), as pu_qr_payload_encode writes.
 * Returns 0, PU_EINVAL (a character outside the set), PU_ELIMIT (too long for
 * a version-40 symbol at that level) or PU_ENOMEM.
 */
int pu_qr_new(pu_qr **out, const char *text, pu_qr_ec ec);
void pu_qr_free(pu_qr *qr);

/* The symbol's version (1..40), its width in modules (17 + 4 * version, without
 * the quiet zone) and the error correction level used (never AUTO). */
int pu_qr_version(const pu_qr *qr);
int pu_qr_width(const pu_qr *qr);
pu_qr_ec pu_qr_level(const pu_qr *qr);

/* 1 when the module at column x, row y (0-based, from the top left) is dark;
 * 0 when light or out of range. */
int pu_qr_dark(const pu_qr *qr, int x, int y);

/*
 * Appends an SVG image of the symbol to out: one <path> of dark runs on a white
 * background, a quiet zone of 4 modules, module_px pixels per module (1..64;
 * the image scales anyway through its viewBox). Returns 0, PU_EINVAL or
 * PU_ENOMEM.
 */
int pu_qr_svg(struct pu_buf *out, const pu_qr *qr, int module_px);

#endif
