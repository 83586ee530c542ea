/*
 * The words of the paper certificate (see certpdf_text.h): labels in Spanish,
 * English, French, Portuguese and Haitian Creole, and UTF-8 to CP1252, the
 * encoding of the PDF base fonts. The conversion never fails on bad input: a
 * character it cannot show, a control character or an invalid UTF-8 sequence
 * becomes '?' and is counted, so the caller can report or refuse it.
 */
#include "puente/certpdf.h"

#include "cred/certpdf_text.h"
#include "puente/buf.h"

#include <stdint.h>
#include <string.h>

/* ------------------------------------------------------------- labels */

static const char *const langs[] = {"es", "en", "fr", "pt", "ht"};
#define NLANGS 5

/* UTF-8; converted to CP1252 like any other text. */
static const char *const labels[PU_L_COUNT][NLANGS] = {
    [PU_L_TITLE] = {"Certificado de competencia laboral",
		    "Certificate of occupational competence",
		    "Certificat de compétence professionnelle",
		    "Certificado de competência profissional",
		    "Sètifika konpetans pwofesyonèl"},
    [PU_L_HOLDER] = {"Titular", "Holder", "Titulaire", "Titular", "Detantè"},
    [PU_L_ACHIEVEMENT] = {"Competencia certificada", "Certified competence",
			  "Compétence certifiée", "Competência certificada",
			  "Konpetans sètifye"},
    [PU_L_DESCRIPTION] = {"Descripción", "Description", "Description",
			  "Descrição", "Deskripsyon"},
    [PU_L_LEVEL] = {"Nivel y referencias", "Level and references",
		    "Niveau et références", "Nível e referências",
		    "Nivo ak referans"},
    [PU_L_UNITS] = {"Unidades logradas", "Units achieved", "Unités acquises",
		    "Unidades alcançadas", "Inite ki reyisi"},
    [PU_L_VALID_FROM] = {"Válido desde", "Valid from", "Valable à partir du",
			 "Válido desde", "Valab depi"},
    [PU_L_VALID_UNTIL] = {"Válido hasta", "Valid until", "Valable jusqu'au",
			  "Válido até", "Valab jiska"},
    [PU_L_ISSUER] = {"Emitido por", "Issued by", "Délivré par", "Emitido por",
		     "Bay pa"},
    [PU_L_ID] = {"Identificador de la credencial", "Credential identifier",
		 "Identifiant de l'attestation", "Identificador da credencial",
		 "Idantifyan sètifika a"},
    [PU_L_SCAN] = {"Escanee el código para verificar este certificado, "
		   "también sin conexión.",
		   "Scan the code to verify this certificate, also offline.",
		   "Scannez le code pour vérifier ce certificat, même hors "
		   "ligne.",
		   "Leia o código para verificar este certificado, também "
		   "sem conexão.",
		   "Eskane kòd la pou verifye sètifika sa a, menm san "
		   "entènèt."},
    [PU_L_VERIFY_AT] = {"O verifíquelo en:", "Or verify it at:",
			"Ou vérifiez-le sur :", "Ou verifique-o em:",
			"Oswa verifye l sou:"},
    [PU_L_SIGNED] = {"Credencial verificable firmada digitalmente (W3C "
		     "Verifiable Credentials, Open Badges 3.0).",
		     "Digitally signed verifiable credential (W3C Verifiable "
		     "Credentials, Open Badges 3.0).",
		     "Attestation vérifiable signée numériquement (W3C "
		     "Verifiable Credentials, Open Badges 3.0).",
		     "Credencial verificável assinada digitalmente (W3C "
		     "Verifiable Credentials, Open Badges 3.0).",
		     "Sètifika verifyab ki siyen nimerikman (W3C Verifiable "
		     "Credentials, Open Badges 3.0)."},
};

const char *pu_certpdf_lang_code(int lang)
{
	return lang >= 0 && lang < NLANGS ? langs[lang] : "";
}

const char *pu_certpdf_label(enum pu_certpdf_label l, int lang)
{
	if ((unsigned)l >= PU_L_COUNT || lang < 0 || lang >= NLANGS)
		return "";
	return labels[l][lang];
}

const char *pu_certpdf_languages(void)
{
	return "es en fr pt ht";
}

int pu_certpdf_lang_index(const char *lang)
{
	size_t n;

	if (lang == NULL)
		return -1;
	n = strcspn(lang, "-_");
	for (int i = 0; i < NLANGS; i++) {
		if (n == 2 && strncmp(lang, langs[i], 2) == 0)
			return i;
	}
	return -1;
}

/* ------------------------------------------------------------ CP1252 */

/* CP1252 0x80..0x9F: the Unicode code points they show (0: unassigned). */
static const uint16_t cp1252_high[32] = {
    0x20AC, 0,	    0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
    0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0,	    0x017D, 0,
    0,	    0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
    0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,	    0x017E, 0x0178};

/* The CP1252 byte of code point c, or 0 when there is none. */
static unsigned char to_cp1252(uint32_t c)
{
	if ((c >= 0x20 && c < 0x7f) || (c >= 0xa0 && c <= 0xff))
		return (unsigned char)c;
	for (int i = 0; i < 32; i++) {
		if (cp1252_high[i] != 0 && cp1252_high[i] == c)
			return (unsigned char)(0x80 + i);
	}
	return 0;
}

/* Decodes one UTF-8 sequence at s (n bytes left); returns its length and the
 * code point in *c, or 1 and 0xFFFD for an invalid sequence. */
static size_t utf8_next(const unsigned char *s, size_t n, uint32_t *c)
{
	size_t len;
	uint32_t v, min;

	if (s[0] < 0x80) {
		*c = s[0];
		return 1;
	}
	if ((s[0] & 0xe0) == 0xc0) {
		len = 2;
		v = s[0] & 0x1f;
		min = 0x80;
	} else if ((s[0] & 0xf0) == 0xe0) {
		len = 3;
		v = s[0] & 0x0f;
		min = 0x800;
	} else if ((s[0] & 0xf8) == 0xf0) {
		len = 4;
		v = s[0] & 0x07;
		min = 0x10000;
	} else {
		*c = 0xfffd;
		return 1;
	}
	if (len > n) {
		*c = 0xfffd;
		return 1;
	}
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80) {
			*c = 0xfffd;
			return 1;
		}
		v = v << 6 | (s[i] & 0x3f);
	}
	if (v < min || v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff)) {
		*c = 0xfffd;
		return 1;
	}
	*c = v;
	return len;
}

int pu_certpdf_cp1252(pu_buf *out, const char *utf8, size_t len,
		      size_t *unshown, uint32_t *first)
{
	const unsigned char *s = (const unsigned char *)utf8;
	size_t i = 0;
	int rc = 0;

	while (i < len && rc == 0) {
		uint32_t c;
		unsigned char b;

		i += utf8_next(s + i, len - i, &c);
		if (c == '\t' || c == '\n' || c == '\r')
			b = ' ';
		else
			b = to_cp1252(c);
		if (b == 0) {
			b = '?';
			if (unshown)
				(*unshown)++;
			if (first && *first == 0)
				*first = c;
		}
		rc = pu_buf_putc(out, (char)b);
	}
	return rc;
}

/* PDFDocEncoding (the document information dictionary) differs from CP1252
 * in 0x80..0xA0: the PDFDoc byte of each CP1252 byte there (0: no such
 * character). */
static const unsigned char pdfdoc_high[33] = {
    0xA0, 0,	0x91, 0x86, 0x8C, 0x83, 0x81, 0x82, '^',  0x8B, 0x97,
    0x88, 0x96, 0,    0x99, 0,	  0,	0x8F, 0x90, 0x8D, 0x8E, 0x80,
    0x85, 0x84, '~',  0x92, 0x9D, 0x89, 0x9C, 0,    0x9E, 0x98, ' '};

void pu_certpdf_to_pdfdoc(char *s)
{
	for (unsigned char *p = (unsigned char *)s; *p; p++) {
		if (*p >= 0x80 && *p <= 0xA0)
			*p = pdfdoc_high[*p - 0x80] ? pdfdoc_high[*p - 0x80]
						    : '?';
	}
}
