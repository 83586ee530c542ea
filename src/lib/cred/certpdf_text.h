/*
 * Internal: the words of the paper certificate. The labels in each language
 * the certificate speaks, and the conversion of UTF-8 text to what the PDF
 * base fonts can show (CP1252, and PDFDocEncoding for the document's
 * information). Kept apart from the layout (certpdf.c) so that translators
 * read one table.
 */
#ifndef PU_CERTPDF_TEXT_H
#define PU_CERTPDF_TEXT_H

enum pu_certpdf_label {
	PU_L_TITLE,
	PU_L_HOLDER,
	PU_L_ACHIEVEMENT,
	PU_L_DESCRIPTION,
	PU_L_LEVEL,
	PU_L_UNITS,
	PU_L_VALID_FROM,
	PU_L_VALID_UNTIL,
	PU_L_ISSUER,
	PU_L_ID,
	PU_L_SCAN,
	PU_L_VERIFY_AT,
	PU_L_SIGNED,
	PU_L_COUNT
};

/* Index (0..4) of the labels for lang by its primary subtag ("es-MX" is
 * es), or -1 when there are none. */
int pu_certpdf_lang_index(const char *lang);

/* The two-letter code of a language index. */
const char *pu_certpdf_lang_code(int lang);

/* The label (UTF-8) in a language index; never NULL for valid arguments. */
const char *pu_certpdf_label(enum pu_certpdf_label l, int lang);

/* Rewrites a CP1252 string in place as PDFDocEncoding (which differs in
 * 0x80..0xA0); a character with no equivalent becomes '?'. */
void pu_certpdf_to_pdfdoc(char *s);

#endif
