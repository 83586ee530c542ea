/*
 * puente certificate pdf|payload|decode: the paper side of a signed
 * credential. pdf draws the certificate (include/puente/certpdf.h); payload
 * prints the text its QR code carries ("PU1:...", include/puente/qr.h) and can
 * write the code as SVG; decode turns such a text back into the credential.
 * The credential is put in RFC 8785 canonical form first: the signature does
 * not depend on the layout of the file, and the QR code is smallest.
 */
#include "cli_paper.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "puente/buf.h"
#include "puente/certpdf.h"
#include "puente/cred.h"
#include "puente/error.h"
#include "puente/qr.h"

/* Reads a whole file ("-": standard input) of at most max bytes into out. */
static int read_input(const cli *c, const char *path, size_t max, pu_buf *out)
{
	FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
	char chunk[8192];
	size_t n;
	int rc = 0;

	if (f == NULL) {
		fprintf(stderr, "puente %s: %s: %s\n", c->verb, path,
			strerror(errno));
		return errno == ENOENT ? EXIT_NOTFOUND : EXIT_SYSTEM;
	}
	out->max = max;
	while (rc == 0 && (n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		rc = pu_buf_put(out, chunk, n);
	if (rc == 0 && ferror(f))
		rc = pu_error_set(PU_EIO, "%s: read error", path);
	if (f != stdin)
		fclose(f);
	if (rc < 0) {
		pu_error_prefix("%s: ", path);
		return cli_fail(c, rc);
	}
	return EXIT_OK;
}

/* The credential of a file, in canonical form, into out. */
static int read_credential(const cli *c, const char *path, pu_buf *out)
{
	pu_buf raw = PU_BUF_INIT;
	json_t *doc = NULL;
	int rc;

	rc = read_input(c, path, PU_CRED_MAX_DOC, &raw);
	if (rc != EXIT_OK)
		return rc;
	rc = pu_cred_parse(&doc, raw.ptr ? raw.ptr : "", raw.len, 0);
	if (rc == 0)
		rc = pu_cred_jcs(out, doc);
	json_decref(doc);
	pu_buf_free(&raw);
	if (rc < 0) {
		pu_error_prefix("%s: ", path);
		return cli_fail(c, rc);
	}
	return EXIT_OK;
}

static int pdf(cli *c, int argc, char **argv)
{
	const char *outpath = NULL, *lang = NULL, *issuer_lang = NULL;
	const char *url = NULL;
	bool strict = false;
	cli_opt opts[] = {{"-o", &outpath, NULL},
			  {"--lang", &lang, NULL},
			  {"--issuer-lang", &issuer_lang, NULL},
			  {"--verify-url", &url, NULL},
			  {"--strict", NULL, &strict},
			  {NULL, NULL, NULL}};
	pu_certpdf_options opt = PU_CERTPDF_OPTIONS_INIT;
	pu_certpdf_result res;
	pu_buf cred = PU_BUF_INIT;
	int rc;

	if ((rc = cli_parse(c, argc, argv, opts)) != 0 || c->help)
		return rc;
	if (c->npos != 2)
		return cli_usage(c, "which credential file?");
	if (outpath == NULL)
		return cli_usage(c, "where to? (-o FILE.pdf)");
	if (lang == NULL)
		return cli_usage(c, "in which language? (--lang: %s)",
				 pu_certpdf_languages());
	rc = read_credential(c, c->pos[1], &cred);
	if (rc != EXIT_OK)
		return rc;
	opt.holder_lang = lang;
	opt.issuer_lang = issuer_lang;
	opt.verify_url = url;
	opt.strict = strict;
	rc = pu_certpdf_write(outpath, cred.ptr, cred.len, &opt, &res);
	pu_buf_free(&cred);
	if (rc < 0)
		return cli_fail(c, rc);
	if (res.unshown > 0)
		fprintf(stderr,
			"puente %s: warning: %zu characters cannot be shown "
			"in the PDF fonts and were drawn as '?' (the first, "
			"U+%04X, in %s); --strict refuses them\n",
			c->verb, res.unshown, (unsigned)res.first_unshown,
			res.first_field);
	if (c->json)
		return cli_print_json(json_pack(
			"{s:s, s:i, s:I, s:i, s:I, s:I, s:I}", "file", outpath,
			"pages", res.pages, "bytes", (json_int_t)res.bytes,
			"qrVersion", res.qr_version, "qrCharacters",
			(json_int_t)res.qr_chars, "unshown",
			(json_int_t)res.unshown, "truncated",
			(json_int_t)res.truncated));
	printf("%s: %d page, %zu bytes, QR version %d (%zu characters)\n",
	       outpath, res.pages, res.bytes, res.qr_version, res.qr_chars);
	return EXIT_OK;
}

static int write_file(const char *path, const char *data, size_t len)
{
	FILE *f = fopen(path, "wb");

	if (f == NULL || fwrite(data, 1, len, f) != len) {
		int e = errno;

		if (f)
			fclose(f);
		return pu_error_set(PU_EIO, "%s: %s", path, strerror(e));
	}
	if (fclose(f) != 0)
		return pu_error_set(PU_EIO, "%s: %s", path, strerror(errno));
	return 0;
}

static int payload(cli *c, int argc, char **argv)
{
	const char *svgpath = NULL;
	cli_opt opts[] = {{"--svg", &svgpath, NULL}, {NULL, NULL, NULL}};
	pu_buf cred = PU_BUF_INIT, text = PU_BUF_INIT, svg = PU_BUF_INIT;
	pu_qr *qr = NULL;
	int rc;

	if ((rc = cli_parse(c, argc, argv, opts)) != 0 || c->help)
		return rc;
	if (c->npos != 2)
		return cli_usage(c, "which credential file?");
	rc = read_credential(c, c->pos[1], &cred);
	if (rc != EXIT_OK)
		return rc;
	rc = pu_qr_payload_encode(&text, cred.ptr, cred.len);
	if (rc == 0)
		rc = pu_qr_new(&qr, text.ptr, PU_QR_EC_AUTO);
	if (rc == 0 && svgpath != NULL)
		rc = pu_qr_svg(&svg, qr, 4);
	if (rc == 0 && svgpath != NULL)
		rc = write_file(svgpath, svg.ptr, svg.len);
	if (rc < 0) {
		rc = cli_fail(c, rc);
	} else if (c->json) {
		rc = cli_print_json(json_pack(
			"{s:s, s:I, s:I, s:i, s:s}", "payload", text.ptr,
			"credentialBytes", (json_int_t)cred.len, "characters",
			(json_int_t)text.len, "qrVersion", pu_qr_version(qr),
			"level", pu_qr_level(qr) == PU_QR_EC_L ? "L" : "M"));
	} else {
		printf("%s\n", text.ptr);
		rc = EXIT_OK;
	}
	pu_qr_free(qr);
	pu_buf_free(&cred);
	pu_buf_free(&text);
	pu_buf_free(&svg);
	return rc;
}

static int decode(cli *c, int argc, char **argv)
{
	pu_buf text = PU_BUF_INIT, doc = PU_BUF_INIT;
	pu_qr_fault fault = PU_QR_FAULT_NONE;
	int rc;

	if ((rc = cli_parse(c, argc, argv, NULL)) != 0 || c->help)
		return rc;
	if (c->npos > 2)
		return cli_usage(c, "unexpected argument %s", c->pos[2]);
	rc = read_input(c, c->npos == 2 ? c->pos[1] : "-",
			PU_QR_MAX_PAYLOAD + 64, &text);
	if (rc != EXIT_OK)
		return rc;
	rc = pu_qr_payload_decode(&doc, text.ptr ? text.ptr : "", text.len,
				  &fault);
	pu_buf_free(&text);
	if (rc < 0)
		return cli_fail(c, rc);
	fwrite(doc.ptr, 1, doc.len, stdout);
	fputc('\n', stdout);
	pu_buf_free(&doc);
	return EXIT_OK;
}

int cmd_certificate(int argc, char **argv)
{
	static const cli_sub subs[] = {
	    {"pdf", pdf},
	    {"payload", payload},
	    {"decode", decode},
	};

	return cli_dispatch(argc, argv, subs, sizeof(subs) / sizeof(subs[0]),
			    "expected: certificate pdf|payload|decode");
}
