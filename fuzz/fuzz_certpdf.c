/*
 * Fuzz target: the PDF certificate (pu_certpdf_render) of any JSON text, as a
 * server would draw it for a credential it was handed. The first byte picks
 * the languages and strict mode, the rest is the credential. A refusal must
 * carry a PU_E* code and a message and write nothing; a success must be one
 * page starting "%PDF-". See fuzz/README.md.
 */
#include "fuzz.h"

#include "puente/buf.h"
#include "puente/certpdf.h"
#include "puente/error.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const langs[] = {"es", "en", "fr", "pt", "ht", "es-MX"};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	pu_certpdf_options opt = PU_CERTPDF_OPTIONS_INIT;
	pu_certpdf_result res;
	pu_buf pdf = PU_BUF_INIT;
	int rc;

	if (size < 1)
		return 0;
	opt.holder_lang = langs[data[0] % 6];
	opt.issuer_lang = langs[(data[0] / 6) % 6];
	opt.strict = (data[0] & 0x80) != 0;
	opt.verify_url = (data[0] & 0x40) ? "https://puente.example.org/v"
					  : NULL;
	pu_error_clear();
	rc = pu_certpdf_render(&pdf, (const char *)data + 1, size - 1, &opt,
			       &res);
	if (rc < 0) {
		fuzz_check_error(rc, "pu_certpdf_render");
		if (pdf.len != 0) {
			fprintf(stderr, "refused but wrote %zu bytes\n",
				pdf.len);
			abort();
		}
	} else if (pdf.len < 5 || memcmp(pdf.ptr, "%PDF-", 5) != 0 ||
		   res.pages != 1 || res.bytes != pdf.len) {
		fprintf(stderr, "accepted but not a one-page PDF\n");
		abort();
	}
	pu_buf_free(&pdf);
	return 0;
}
