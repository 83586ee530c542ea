/*
 * The paper certificate: one A4 page (libharu) drawn from an Open Badges 3.0
 * credential, labelled in the holder's language and the issuer's, with a QR
 * code that carries the whole credential (include/puente/qr.h) so that a phone
 * can verify it offline, and the verification address for those who prefer
 * it. Text is set in the PDF base fonts (Helvetica), whose encoding is
 * WinAnsi (CP1252): Spanish, English, French, Portuguese and Haitian Creole
 * are fully covered; a character outside CP1252 is drawn as '?' and reported
 * (or refused, in strict mode). docs/formats.md, "Certificate PDF", lists the
 * fields read.
 */
#ifndef PUENTE_CERTPDF_H
#define PUENTE_CERTPDF_H

#include <stddef.h>
#include <stdint.h>

struct pu_buf;

/* Options. Zero-initialise or use PU_CERTPDF_OPTIONS_INIT, then set the
 * languages. */
typedef struct pu_certpdf_options {
	unsigned int version;    /* PU_CERTPDF_OPTIONS_VERSION */
	const char *holder_lang; /* es, en, fr, pt or ht ("es-MX" reads as
				    es); required */
	const char *issuer_lang; /* the same set; NULL or equal: one language */
	const char *verify_url;  /* printed under the QR code; NULL: none */
	int strict;              /* 1: refuse text outside CP1252 (PU_EINVAL)
				    instead of drawing '?' */
} pu_certpdf_options;

#define PU_CERTPDF_OPTIONS_VERSION 1
#define PU_CERTPDF_OPTIONS_INIT {PU_CERTPDF_OPTIONS_VERSION, NULL, NULL, NULL, 0}

/* What was drawn. */
typedef struct pu_certpdf_result {
	int pages;           /* always 1 */
	size_t bytes;        /* size of the PDF */
	int qr_version;      /* 1..40 */
	size_t qr_chars;     /* length of the QR payload */
	size_t unshown;      /* characters drawn as '?' (not in CP1252) */
	uint32_t first_unshown;   /* the first such code point, 0 if none */
	char first_field[40];     /* the field it was in ("" if none) */
	size_t truncated;    /* texts cut short to keep to one page */
} pu_certpdf_result;

/* The languages labels exist for, "es en fr pt ht" (for messages). */
const char *pu_certpdf_languages(void);

/*
 * Draws the certificate of a credential into out (appended).
 * cred/len: the signed credential's JSON; it is parsed for the fields shown
 * and carried in the QR code byte for byte, so give its canonical (RFC 8785)
 * form for the smallest code.
 * opt: languages, verification address; required.
 * res: optional; receives the figures above.
 * Returns 0, PU_EINVAL (not JSON, not a credential: the field is named; an
 * unknown language; in strict mode, a character outside CP1252, named with
 * its field), PU_ELIMIT (the credential does not fit a QR code) or PU_ENOMEM.
 */
int pu_certpdf_render(struct pu_buf *out, const char *cred, size_t len,
		      const pu_certpdf_options *opt, pu_certpdf_result *res);

/*
 * The same, written to path whole or not at all (a temporary file beside it,
 * then a rename); mode 0666 less the umask. Returns what pu_certpdf_render
 * returns, or PU_EIO naming the path.
 */
int pu_certpdf_write(const char *path, const char *cred, size_t len,
		     const pu_certpdf_options *opt, pu_certpdf_result *res);

/*
 * UTF-8 to CP1252 (Windows-1252, the PDF WinAnsi encoding), appended to out.
 * Tabs and line breaks become spaces; a character outside CP1252, a control
 * character or an invalid UTF-8 sequence becomes '?' and is counted in
 * *unshown (may be NULL); *first gets the first such code point (0xFFFD for
 * invalid UTF-8; may be NULL). Returns 0 or PU_ENOMEM / PU_ELIMIT.
 */
int pu_certpdf_cp1252(struct pu_buf *out, const char *utf8, size_t len,
		      size_t *unshown, uint32_t *first);

#endif
