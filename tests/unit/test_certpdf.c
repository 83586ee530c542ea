/*
 * The paper certificate: a PDF of one page whose text (read back with
 * pdftotext) carries the title in both languages and the credential's fields,
 * whose QR code (rasterised with pdftoppm, read with zbarimg) decodes back to
 * the very credential; characters outside CP1252 reported or refused; every
 * refusal; the atomic write. The checks that need poppler-utils or zbar-tools
 * say so and are skipped when those are missing (scripts/deps.sh installs
 * them).
 */
#include "helpers.h"

#include "puente/buf.h"
#include "puente/certpdf.h"
#include "puente/qr.h"

#include <sys/stat.h>

#define SAMPLE PU_SHARED_DATA "/vectors/ob3-peer/ob3-eddsa-jcs-2022-valid.json"

/* A credential with a holder's name, units achieved, two alignments and
 * only CP1252 text. */
static const char cred_units[] =
    "{\"@context\":[\"https://www.w3.org/ns/credentials/v2\","
    "\"https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json\"],"
    "\"id\":\"urn:uuid:2f1e0c1a-0000-4000-8000-000000000001\","
    "\"type\":[\"VerifiableCredential\",\"OpenBadgeCredential\"],"
    "\"name\":\"Cocina \xe2\x80\x93 Nivel 3\","
    "\"issuer\":{\"id\":\"did:key:z6MkizpU69XC2By2Q7Eb6MvX5L8cQfzhyYU9YjAP"
    "ctQKzhhp\",\"type\":[\"Profile\"],\"name\":\"Instituto Nacional de "
    "Aprendizaje (Costa Rica)\"},"
    "\"validFrom\":\"2026-03-01T00:00:00Z\","
    "\"credentialSubject\":{\"type\":[\"AchievementSubject\"],"
    "\"name\":\"Mar\xc3\xad"
    "a Jos\xc3\xa9 Pi\xc3\xb1"
    "eiro\","
    "\"result\":[{\"type\":[\"Result\"],\"resultDescription\":\"urn:u1\","
    "\"status\":\"Completed\"},{\"type\":[\"Result\"],"
    "\"resultDescription\":\"urn:u2\",\"status\":\"Completed\"},"
    "{\"type\":[\"Result\"],\"resultDescription\":\"urn:u3\","
    "\"status\":\"InProgress\"}],"
    "\"achievement\":{\"id\":\"https://ina.example/std/COC-03\","
    "\"type\":[\"Achievement\"],\"achievementType\":\"Certificate\","
    "\"name\":[{\"@value\":\"Cook, level 3\",\"@language\":\"en\"},"
    "{\"@value\":\"Cocinero, nivel 3\",\"@language\":\"es\"}],"
    "\"description\":\"Prepara platos fr\xc3\xad"
    "os y calientes.\","
    "\"resultDescription\":[{\"id\":\"urn:u1\",\"type\":"
    "[\"ResultDescription\"],\"name\":\"Higiene y manipulaci\xc3\xb3n de "
    "alimentos\",\"resultType\":\"Status\"},{\"id\":\"urn:u2\",\"type\":"
    "[\"ResultDescription\"],\"name\":\"Cocina caliente\",\"resultType\":"
    "\"Status\"},{\"id\":\"urn:u3\",\"type\":[\"ResultDescription\"],"
    "\"name\":\"Reposter\xc3\xad"
    "a\",\"resultType\":\"Status\"}],"
    "\"alignment\":[{\"type\":[\"Alignment\"],\"targetName\":\"Nivel 3 del "
    "MNC-TP-CR\",\"targetFramework\":\"MNC-TP-CR\",\"targetCode\":\"3\"},"
    "{\"type\":[\"Alignment\"],\"targetName\":\"ISCO-08 5120 Cooks\","
    "\"targetFramework\":\"ISCO-08\"}]}}}";

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

/* memmem, which strict POSIX does not declare. */
static const char *find(const char *hay, size_t len, const char *needle)
{
	size_t n = strlen(needle);

	for (size_t i = 0; n <= len && i <= len - n; i++) {
		if (memcmp(hay + i, needle, n) == 0)
			return hay + i;
	}
	return NULL;
}

static int have(const char *tool)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "command -v %s >/dev/null 2>&1", tool);
	return system(cmd) == 0;
}

/* Pages of a PDF: "/Type /Page" objects that are not "/Pages". */
static int count_pages(const char *pdf, size_t len)
{
	const char *p = pdf, *end = pdf + len;
	int n = 0;

	while (p < end) {
		const char *hit = find(p, (size_t)(end - p), "/Type /Page");

		if (hit == NULL)
			break;
		if (hit + 11 >= end || hit[11] != 's')
			n++;
		p = hit + 11;
	}
	return n;
}

struct tmpdir {
	char dir[64];
};

static int dir_setup(void **state)
{
	struct tmpdir *t = calloc(1, sizeof(*t));

	if (t == NULL)
		return -1;
	snprintf(t->dir, sizeof(t->dir), "/tmp/pu-pdf-XXXXXX");
	if (mkdtemp(t->dir) == NULL)
		return -1;
	*state = t;
	return 0;
}

static int dir_teardown(void **state)
{
	struct tmpdir *t = *state;
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", t->dir);
	if (system(cmd) != 0)
		return -1;
	free(t);
	return 0;
}

/* Runs cmd and returns its standard output (the caller frees). */
static char *run(const char *cmd)
{
	FILE *p = popen(cmd, "r");
	pu_buf b = PU_BUF_INIT;
	char chunk[4096];
	size_t n;

	assert_non_null(p);
	while ((n = fread(chunk, 1, sizeof(chunk), p)) > 0)
		assert_ok(pu_buf_put(&b, chunk, n));
	pclose(p);
	return pu_buf_detach(&b);
}

static void test_cp1252(void **state)
{
	pu_buf b = PU_BUF_INIT;
	size_t un = 0;
	uint32_t first = 0;
	const char *in = "a\xc3\xb1\xe2\x82\xac\xe2\x80\x93\xe2\x80\xa6\xc5\x93"
			 "\t\xc3\xa8";

	(void)state;
	assert_ok(pu_certpdf_cp1252(&b, in, strlen(in), &un, &first));
	assert_int_equal(b.len, 8);
	assert_memory_equal(b.ptr, "a\xf1\x80\x96\x85\x9c \xe8", 8);
	assert_int_equal(un, 0);
	assert_int_equal(first, 0);
	pu_buf_clear(&b);
	/* Outside CP1252: o with double acute, Devanagari, an emoji; then
	 * invalid UTF-8 (a lone continuation byte, an overlong slash, a
	 * surrogate), and a control character. */
	in = "\xc5\x91\xe0\xa4\xb5\xf0\x9f\x98\x80\x80\xc0\xaf\xed\xa0\x80\x01";
	assert_ok(pu_certpdf_cp1252(&b, in, strlen(in), &un, &first));
	assert_string_equal(b.ptr, "??????????");
	assert_int_equal(first, 0x151);
	assert_int_equal(un, 10);
	pu_buf_clear(&b);
	/* A sequence cut at the end of the text. */
	assert_ok(pu_certpdf_cp1252(&b, "\xe2\x82", 2, NULL, NULL));
	assert_string_equal(b.ptr, "??");
	pu_buf_free(&b);
}

static void test_sample(void **state)
{
	struct tmpdir *t = *state;
	pu_certpdf_options opt = PU_CERTPDF_OPTIONS_INIT;
	pu_certpdf_result res;
	pu_buf pdf = PU_BUF_INIT, payload = PU_BUF_INIT, back = PU_BUF_INIT;
	size_t len = 0;
	char *cred = read_all(SAMPLE, &len), path[128], cmd[512], *out;
	struct stat sb;

	if (cred == NULL)
		skip();
	opt.holder_lang = "es";
	opt.issuer_lang = "en";
	opt.verify_url = "https://puente.example.org/verify";
	assert_ok(pu_certpdf_render(&pdf, cred, len, &opt, &res));
	assert_memory_equal(pdf.ptr, "%PDF-", 5);
	assert_non_null(find(pdf.ptr, pdf.len, "%%EOF"));
	assert_int_equal(count_pages(pdf.ptr, pdf.len), 1);
	assert_int_equal(res.pages, 1);
	assert_int_equal(res.bytes, pdf.len);
	assert_int_equal(res.qr_version, 30);
	/* The sample's description has Devanagari and a "≥". */
	assert_true(res.unshown > 0);
	assert_int_equal(res.first_unshown, 0x935);
	assert_string_equal(res.first_field, "achievement.description");
	print_message("certificate of the OB 3.0 sample: %zu bytes, QR "
		      "version %d (%zu characters), %zu characters not "
		      "shown, %zu texts cut\n",
		      res.bytes, res.qr_version, res.qr_chars, res.unshown,
		      res.truncated);

	/* Strict: refused, naming the character and the field. */
	opt.strict = 1;
	assert_error(pu_certpdf_render(&pdf, cred, len, &opt, NULL), PU_EINVAL,
		     "achievement.description: character U+0935");
	opt.strict = 0;

	snprintf(path, sizeof(path), "%s/cert.pdf", t->dir);
	assert_ok(pu_certpdf_write(path, cred, len, &opt, NULL));
	assert_int_equal(stat(path, &sb), 0);
	assert_int_equal((size_t)sb.st_size, pdf.len);

	if (have("pdftotext")) {
		snprintf(cmd, sizeof(cmd), "pdftotext -enc UTF-8 '%s' -", path);
		out = run(cmd);
		assert_non_null(
		    strstr(out, "Certificado de competencia laboral"));
		assert_non_null(
		    strstr(out, "Certificate of occupational competence"));
		assert_non_null(strstr(out,
				       "Electrical installation \xe2\x80\x93 "
				       "Level 2"));
		assert_non_null(
		    strstr(out, "Autoridad Nacional de Competencias"));
		assert_non_null(strstr(out, "2030-06-01"));
		assert_non_null(strstr(out, "ISCO-08 7411"));
		assert_non_null(strstr(out, "puente.example.org/verify"));
		assert_non_null(strstr(out, "Emitido por \xc2\xb7 Issued by"));
		free(out);
		snprintf(cmd, sizeof(cmd), "pdfinfo '%s'", path);
		out = run(cmd);
		assert_non_null(strstr(out, "Pages:"));
		assert_int_equal(strtol(strstr(out, "Pages:") + 6, NULL, 10),
				 1);
		assert_non_null(strstr(out, "A4"));
		free(out);
	} else {
		print_message("pdftotext missing (poppler-utils): text not "
			      "checked\n");
	}

	/* The printed QR code, read by a camera's decoder, gives back the
	 * credential byte for byte. */
	if (have("pdftoppm") && have("zbarimg")) {
		snprintf(
		    cmd, sizeof(cmd),
		    "pdftoppm -r 150 -gray -png -singlefile '%s' '%s/page' "
		    "&& zbarimg --raw -q -Sdisable -Sqrcode.enable "
		    "'%s/page.png' 2>/dev/null",
		    path, t->dir, t->dir);
		out = run(cmd);
		assert_ok(pu_qr_payload_encode(&payload, cred, len));
		assert_true(strlen(out) >= payload.len);
		assert_memory_equal(out, payload.ptr, payload.len);
		assert_ok(pu_qr_payload_decode(&back, out, strlen(out), NULL));
		assert_int_equal(back.len, len);
		assert_memory_equal(back.ptr, cred, len);
		free(out);
	} else {
		print_message("pdftoppm or zbarimg missing: printed QR code "
			      "not read back\n");
	}
	pu_buf_free(&pdf);
	pu_buf_free(&payload);
	pu_buf_free(&back);
	free(cred);
}

static void test_units_and_holder(void **state)
{
	struct tmpdir *t = *state;
	pu_certpdf_options opt = PU_CERTPDF_OPTIONS_INIT;
	pu_certpdf_result res;
	char path[128], cmd[256], *out;

	opt.holder_lang = "pt";
	opt.issuer_lang = "es-CR";
	opt.strict = 1;
	snprintf(path, sizeof(path), "%s/units.pdf", t->dir);
	assert_ok(
	    pu_certpdf_write(path, cred_units, strlen(cred_units), &opt, &res));
	assert_int_equal(res.unshown, 0);
	assert_int_equal(res.truncated, 0);
	if (!have("pdftotext")) {
		print_message("pdftotext missing (poppler-utils): text not "
			      "checked\n");
		return;
	}
	snprintf(cmd, sizeof(cmd), "pdftotext -enc UTF-8 '%s' -", path);
	out = run(cmd);
	assert_non_null(strstr(out, "Certificado de compet\xc3\xaancia "
				    "profissional"));
	assert_non_null(strstr(out, "Titular"));
	assert_non_null(strstr(out, "Mar\xc3\xad"
				    "a Jos\xc3\xa9 Pi\xc3\xb1"
				    "eiro"));
	/* The achievement's name in the holder's language when there is
	 * one, else the issuer's: pt is missing, es is there. */
	assert_non_null(strstr(out, "Cocinero, nivel 3"));
	assert_non_null(strstr(out, "Unidades alcan\xc3\xa7"
				    "adas \xc2\xb7 "
				    "Unidades logradas"));
	assert_non_null(strstr(out, "Higiene y manipulaci\xc3\xb3n de "
				    "alimentos"));
	assert_non_null(strstr(out, "Cocina caliente"));
	/* A unit in progress is not achieved. */
	assert_null(strstr(out, "Reposter"));
	assert_non_null(strstr(out, "MNC-TP-CR 3"));
	/* No validUntil: no such field. */
	assert_null(strstr(out, "V\xc3\xa1lido at\xc3\xa9"));
	/* No verification address given: none printed. */
	assert_null(strstr(out, "Ou verifique-o em"));
	free(out);
}

static void test_every_language(void **state)
{
	static const char *const ls[] = {"es", "en", "fr", "pt", "ht"};
	pu_certpdf_options opt = PU_CERTPDF_OPTIONS_INIT;
	pu_certpdf_result res;
	pu_buf pdf = PU_BUF_INIT;

	(void)state;
	opt.verify_url = "https://puente.example.org/v";
	opt.strict = 1;
	for (int i = 0; i < 5; i++) {
		for (int j = 0; j < 5; j++) {
			opt.holder_lang = ls[i];
			opt.issuer_lang = ls[j];
			pu_buf_clear(&pdf);
			assert_ok(pu_certpdf_render(
			    &pdf, cred_units, strlen(cred_units), &opt, &res));
			assert_int_equal(res.unshown, 0);
			assert_int_equal(count_pages(pdf.ptr, pdf.len), 1);
		}
	}
	/* One language only. */
	opt.holder_lang = "ht";
	opt.issuer_lang = NULL;
	assert_ok(pu_certpdf_render(&pdf, cred_units, strlen(cred_units), &opt,
				    NULL));
	pu_buf_free(&pdf);
}

static int render_str(pu_buf *out, const char *json,
		      const pu_certpdf_options *opt)
{
	return pu_certpdf_render(out, json, strlen(json), opt, NULL);
}

static void test_refusals(void **state)
{
	struct tmpdir *t = *state;
	pu_certpdf_options opt = PU_CERTPDF_OPTIONS_INIT, bad = opt;
	pu_buf pdf = PU_BUF_INIT, big = PU_BUF_INIT;
	char path[160];
	unsigned x = 12345;

	opt.holder_lang = "es";
	assert_error(pu_certpdf_render(&pdf, "{\"a\":", 5, &opt, NULL),
		     PU_EINVAL, "not JSON");
	assert_error(
	    pu_certpdf_render(&pdf, "{\"a\":1,\"a\":2}", 13, &opt, NULL),
	    PU_EINVAL, "duplicate");
	assert_error(pu_certpdf_render(&pdf, "[]", 2, &opt, NULL), PU_EINVAL,
		     "not an object");
	assert_error(pu_certpdf_render(&pdf, "{}", 2, &opt, NULL), PU_EINVAL,
		     "credentialSubject: missing");
	assert_error(render_str(&pdf,
				"{\"credentialSubject\":{\"achievement\":{}}}",
				&opt),
		     PU_EINVAL, "credentialSubject.achievement.name: missing");
	assert_error(render_str(&pdf,
				"{\"credentialSubject\":{\"achievement\":"
				"{\"name\":\"x\"}}}",
				&opt),
		     PU_EINVAL, "issuer: missing");
	bad.holder_lang = "de";
	assert_error(
	    pu_certpdf_render(&pdf, "{}", 2, &bad, NULL), PU_EINVAL,
	    "no labels in language \"de\" (there are: es en fr pt ht)");
	bad.holder_lang = "es";
	bad.issuer_lang = "qu";
	assert_error(pu_certpdf_render(&pdf, "{}", 2, &bad, NULL), PU_EINVAL,
		     "\"qu\"");
	bad.holder_lang = NULL;
	assert_error(pu_certpdf_render(&pdf, "{}", 2, &bad, NULL), PU_EINVAL,
		     "(none)");
	assert_error(pu_certpdf_render(&pdf, "{}", 2, NULL, NULL), PU_EINVAL,
		     "options");
	assert_int_equal(pdf.len, 0);

	/* A credential too big for a QR code: 12 KB that do not compress. */
	assert_ok(pu_buf_puts(&big, "{\"credentialSubject\":{\"achievement\":"
				    "{\"name\":\"x\"}},\"issuer\":\"did:x\","
				    "\"pad\":\""));
	for (int i = 0; i < 12000; i++) {
		x = x * 1103515245u + 12345u;
		assert_ok(pu_buf_putc(
		    &big,
		    "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
		    "abcdefghijklmnopqrstuvwxyz0123456789"[(x >> 16) % 62]));
	}
	assert_ok(pu_buf_puts(&big, "\"}"));
	assert_error(pu_certpdf_render(&pdf, big.ptr, big.len, &opt, NULL),
		     PU_ELIMIT, "do not fit a QR symbol");

	/* Over what a QR code can carry: not even parsed. */
	pu_buf_clear(&big);
	for (int i = 0; i < 70000; i++)
		assert_ok(pu_buf_putc(&big, ' '));
	assert_error(pu_certpdf_render(&pdf, big.ptr, big.len, &opt, NULL),
		     PU_ELIMIT, "credential of 70000 bytes is over the limit");

	/* A failed write leaves nothing behind. */
	snprintf(path, sizeof(path), "%s/no/such/dir/c.pdf", t->dir);
	assert_error(
	    pu_certpdf_write(path, cred_units, strlen(cred_units), &opt, NULL),
	    PU_EIO, "cannot create");
	pu_buf_free(&pdf);
	pu_buf_free(&big);
}

static void test_long_texts_stay_on_one_page(void **state)
{
	pu_certpdf_options opt = PU_CERTPDF_OPTIONS_INIT;
	pu_certpdf_result res;
	pu_buf pdf = PU_BUF_INIT, doc = PU_BUF_INIT;

	(void)state;
	opt.holder_lang = "fr";
	opt.issuer_lang = "en";
	assert_ok(pu_buf_puts(&doc, "{\"issuer\":{\"name\":\""));
	for (int i = 0; i < 40; i++)
		assert_ok(pu_buf_puts(&doc, "Organisme "));
	assert_ok(pu_buf_puts(&doc,
			      "\"},\"credentialSubject\":{\"achievement\":"
			      "{\"name\":\"x\",\"description\":\""));
	for (int i = 0; i < 300; i++)
		assert_ok(pu_buf_puts(&doc, "pose des conduits "));
	/* One word longer than the line. */
	for (int i = 0; i < 200; i++)
		assert_ok(pu_buf_putc(&doc, 'W'));
	assert_ok(pu_buf_puts(&doc, "\"}}}"));
	assert_ok(pu_certpdf_render(&pdf, doc.ptr, doc.len, &opt, &res));
	assert_int_equal(count_pages(pdf.ptr, pdf.len), 1);
	assert_true(res.truncated >= 1);
	pu_buf_free(&pdf);
	pu_buf_free(&doc);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_cp1252),
	    cmocka_unit_test_setup_teardown(test_sample, dir_setup,
					    dir_teardown),
	    cmocka_unit_test_setup_teardown(test_units_and_holder, dir_setup,
					    dir_teardown),
	    cmocka_unit_test(test_every_language),
	    cmocka_unit_test_setup_teardown(test_refusals, dir_setup,
					    dir_teardown),
	    cmocka_unit_test(test_long_texts_stay_on_one_page),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
