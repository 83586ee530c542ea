/*
 * The paper certificate (libharu). One A4 portrait page, laid out top to
 * bottom: the title in the holder's language and, smaller, in the issuer's;
 * then labelled fields (holder, competence, description, level and
 * references, units achieved, validity, issuer, credential id); and at the
 * foot, the QR code drawn as vector squares beside the instructions and the
 * verification address. Every text goes through the CP1252 conversion, which
 * counts what cannot be shown; a text that would run into the QR block is cut
 * with an ellipsis, so the certificate is always one page. libharu reports
 * errors through a handler; ours records the first one and the drawing code
 * checks it once before saving, which is safe because libharu calls after an
 * error do nothing harmful.
 */
#include "puente/certpdf.h"

#include "atomic.h"
#include "cred/certpdf_text.h"
#include "puente/buf.h"
#include "puente/error.h"
#include "puente/qr.h"

#include <hpdf.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------- reading the credential */

/* The text of a value that may be a string, a language value
 * {"@value", "@language"} or an array of them: the one in l1, else in l2,
 * else the first. NULL when there is none. */
static const char *text_of(const json_t *v, const char *l1, const char *l2)
{
	const char *want[2] = {l1, l2};
	size_t i;
	json_t *e;

	if (json_is_string(v))
		return json_string_value(v);
	if (json_is_object(v))
		return json_string_value(json_object_get(v, "@value"));
	if (!json_is_array(v))
		return NULL;
	for (int w = 0; w < 2; w++) {
		json_array_foreach(v, i, e)
		{
			const char *l =
			    json_string_value(json_object_get(e, "@language"));

			if (want[w] && l && strncmp(l, want[w], 2) == 0 &&
			    text_of(e, NULL, NULL))
				return text_of(e, NULL, NULL);
		}
	}
	json_array_foreach(v, i, e)
	{
		if (text_of(e, NULL, NULL))
			return text_of(e, NULL, NULL);
	}
	return NULL;
}

/* An object member, or the first element when it is an array. */
static json_t *first_obj(const json_t *o, const char *k)
{
	json_t *v = json_object_get(o, k);

	if (json_is_array(v))
		v = json_array_get(v, 0);
	return json_is_object(v) ? v : NULL;
}

/* The holder's name, only when the credential carries it: the subject's
 * "name", or an identifier of identityType "name" that is not hashed. */
static const char *holder_name(const json_t *subj, const char *l1,
			       const char *l2)
{
	const char *name = text_of(json_object_get(subj, "name"), l1, l2);
	json_t *ids = json_object_get(subj, "identifier"), *e;
	size_t i;

	if (name)
		return name;
	json_array_foreach(ids, i, e)
	{
		const char *t =
		    json_string_value(json_object_get(e, "identityType"));

		if (t && strcmp(t, "name") == 0 &&
		    json_is_false(json_object_get(e, "hashed")))
			return json_string_value(
			    json_object_get(e, "identityHash"));
	}
	return NULL;
}

/* ------------------------------------------------------------- drawing */

#define PAGE_W 595.0f
#define PAGE_H 842.0f
#define MARGIN 56.0f
#define TEXT_W (PAGE_W - 2 * MARGIN)
/* The QR block at the foot: the symbol with its quiet zone is QR_SIZE wide. */
#define QR_SIZE 250.0f
#define FOOT (MARGIN + QR_SIZE + 12)

struct pdf_err {
	HPDF_STATUS no, detail;
};

static void on_error(HPDF_STATUS no, HPDF_STATUS detail, void *user)
{
	struct pdf_err *e = user;

	if (e->no == 0) {
		e->no = no;
		e->detail = detail;
	}
}

struct pen {
	HPDF_Doc pdf;
	HPDF_Page page;
	HPDF_Font regular, bold, italic;
	float y;
	float bottom;
	int strict;
	int l1, l2; /* holder's and issuer's label languages; l2 -1: none */
	pu_buf tmp;
	pu_certpdf_result *res;
	const char *field; /* what is being drawn, for the report */
	int rc;
};

/* Converts a UTF-8 text for drawing into p->tmp. */
static int conv(struct pen *p, const char *utf8)
{
	size_t before = p->res->unshown;
	uint32_t first = 0;
	int rc;

	pu_buf_clear(&p->tmp);
	rc = pu_certpdf_cp1252(&p->tmp, utf8, strlen(utf8), &p->res->unshown,
			       &first);
	if (rc < 0)
		return rc;
	if (p->res->unshown > before && p->res->first_unshown == 0) {
		p->res->first_unshown = first;
		snprintf(p->res->first_field, sizeof(p->res->first_field), "%s",
			 p->field);
	}
	if (p->res->unshown > before && p->strict)
		return pu_error_set(PU_EINVAL,
				    "%s: character U+%04X cannot be shown on "
				    "the certificate (the PDF fonts cover "
				    "CP1252 only)",
				    p->field, (unsigned)first);
	return 0;
}

static void text_at(struct pen *p, HPDF_Font f, float size, float x, float y,
		    const char *cp1252)
{
	HPDF_Page_BeginText(p->page);
	HPDF_Page_SetFontAndSize(p->page, f, size);
	HPDF_Page_TextOut(p->page, x, y, cp1252);
	HPDF_Page_EndText(p->page);
}

/* Draws p->tmp (CP1252) wrapped to width at x from the pen's line down, at
 * most max_lines lines and never below bottom; a cut text ends with an
 * ellipsis. */
static int draw_wrapped(struct pen *p, HPDF_Font f, float size, float x,
			float width, float bottom, int max_lines)
{
	float lead = size * 1.25f;
	const char *s = p->tmp.ptr;
	size_t left = p->tmp.len;
	char line[512];
	int lines = 0;

	HPDF_Page_SetFontAndSize(p->page, f, size);
	while (left > 0) {
		HPDF_REAL real;
		size_t n, copy;
		int last;

		while (left > 0 && *s == ' ') {
			s++;
			left--;
		}
		if (left == 0)
			break;
		copy = left < sizeof(line) - 4 ? left : sizeof(line) - 4;
		memcpy(line, s, copy);
		line[copy] = '\0';
		n = HPDF_Page_MeasureText(p->page, line, width, HPDF_TRUE,
					  &real);
		if (n == 0) /* one word wider than the line: cut it */
			n = HPDF_Page_MeasureText(p->page, line, width,
						  HPDF_FALSE, &real);
		if (n == 0)
			n = 1;
		last = lines + 1 >= max_lines || p->y - lead * 2 < bottom;
		if (last && n < left) {
			/* Cut: leave room for the ellipsis (0x85). */
			char *cut = line;

			n = HPDF_Page_MeasureText(p->page, line, width - size,
						  HPDF_FALSE, &real);
			cut[n] = (char)0x85;
			cut[n + 1] = '\0';
			p->res->truncated++;
			text_at(p, f, size, x, p->y - size, line);
			p->y -= lead;
			return 0;
		}
		line[n] = '\0';
		text_at(p, f, size, x, p->y - size, line);
		p->y -= lead;
		s += n;
		left -= n;
		lines++;
	}
	return 0;
}

/* A field: its label in one or two languages (small, grey), then value. */
static int field(struct pen *p, enum pu_certpdf_label l, const char *value,
		 float size, HPDF_Font f, int max_lines, const char *name)
{
	pu_buf lab = PU_BUF_INIT;
	int rc;

	if (value == NULL || *value == '\0')
		return 0;
	if (p->y - 30 < p->bottom) {
		p->res->truncated++;
		return 0;
	}
	p->field = "label";
	rc = pu_buf_puts(&lab, pu_certpdf_label(l, p->l1));
	if (rc == 0 && p->l2 >= 0 &&
	    strcmp(pu_certpdf_label(l, p->l1), pu_certpdf_label(l, p->l2)) != 0)
		rc = pu_buf_printf(&lab, " \xc2\xb7 %s",
				   pu_certpdf_label(l, p->l2));
	if (rc == 0)
		rc = conv(p, lab.ptr);
	pu_buf_free(&lab);
	if (rc < 0)
		return rc;
	HPDF_Page_SetRGBFill(p->page, 0.35f, 0.35f, 0.40f);
	text_at(p, p->regular, 8.5f, MARGIN, p->y - 8.5f, p->tmp.ptr);
	p->y -= 12;
	HPDF_Page_SetRGBFill(p->page, 0, 0, 0);
	p->field = name;
	rc = conv(p, value);
	if (rc == 0)
		rc = draw_wrapped(p, f, size, MARGIN, TEXT_W, p->bottom,
				  max_lines);
	p->y -= 7;
	return rc;
}

/* A date-time shown as its date (YYYY-MM-DD), the same in every language. */
static void date_part(char out[11], const char *dt)
{
	size_t n = dt ? strcspn(dt, "T") : 0;

	if (n > 10)
		n = 10;
	memcpy(out, dt ? dt : "", n);
	out[n] = '\0';
}

/* Joins the alignments: "targetName (targetFramework targetCode)". */
static int alignments(pu_buf *out, const json_t *ach, const char *l1,
		      const char *l2)
{
	json_t *al = json_object_get(ach, "alignment"), *e;
	size_t i;
	int rc = 0;

	json_array_foreach(al, i, e)
	{
		const char *name =
		    text_of(json_object_get(e, "targetName"), l1, l2);
		const char *fw =
		    json_string_value(json_object_get(e, "targetFramework"));
		const char *code =
		    json_string_value(json_object_get(e, "targetCode"));

		if (name == NULL || rc < 0)
			continue;
		if (out->len > 0)
			rc = pu_buf_puts(out, "; ");
		if (rc == 0)
			rc = pu_buf_puts(out, name);
		if (rc == 0 && (fw || code))
			rc = pu_buf_printf(out, " (%s%s%s)", fw ? fw : "",
					   fw && code ? " " : "",
					   code ? code : "");
	}
	return rc;
}

/* The units achieved: each result of the subject whose status, if any, is
 * "Completed", named by the achievement's resultDescription it points to
 * (or by its own value). */
static int units(pu_buf *out, const json_t *subj, const json_t *ach,
		 const char *l1, const char *l2)
{
	json_t *results = json_object_get(subj, "result"), *r;
	json_t *descs = json_object_get(ach, "resultDescription");
	size_t i;
	int rc = 0;

	json_array_foreach(results, i, r)
	{
		const char *status =
		    json_string_value(json_object_get(r, "status"));
		const char *ref =
		    json_string_value(json_object_get(r, "resultDescription"));
		const char *name = NULL;
		json_t *d;
		size_t j;

		if (status && strcmp(status, "Completed") != 0)
			continue;
		json_array_foreach(descs, j, d)
		{
			const char *id =
			    json_string_value(json_object_get(d, "id"));

			if (ref && id && strcmp(ref, id) == 0)
				name =
				    text_of(json_object_get(d, "name"), l1, l2);
		}
		if (name == NULL)
			name = json_string_value(json_object_get(r, "value"));
		if (name == NULL || rc < 0)
			continue;
		if (out->len > 0)
			rc = pu_buf_puts(out, "  \xe2\x80\xa2  ");
		if (rc == 0)
			rc = pu_buf_puts(out, name);
	}
	return rc;
}

/* The QR code: dark modules as filled rectangles, one per horizontal run,
 * a hair taller than a module so rows do not show seams when rasterised. */
static void draw_qr(struct pen *p, const pu_qr *qr, float x, float y,
		    float size)
{
	int w = pu_qr_width(qr);
	float m = size / (float)(w + 8);

	HPDF_Page_SetRGBFill(p->page, 1, 1, 1);
	HPDF_Page_Rectangle(p->page, x, y, size, size);
	HPDF_Page_Fill(p->page);
	HPDF_Page_SetRGBFill(p->page, 0, 0, 0);
	for (int r = 0; r < w; r++) {
		for (int c = 0; c < w;) {
			int run = 0;

			if (!pu_qr_dark(qr, c, r)) {
				c++;
				continue;
			}
			while (c + run < w && pu_qr_dark(qr, c + run, r))
				run++;
			HPDF_Page_Rectangle(p->page, x + (float)(c + 4) * m,
					    y + size - (float)(r + 5) * m -
						0.02f,
					    (float)run * m, m + 0.04f);
			c += run;
		}
	}
	HPDF_Page_Fill(p->page);
}

static int draw_page(struct pen *p, const json_t *doc, const pu_qr *qr,
		     const pu_certpdf_options *opt)
{
	const char *l1 = pu_certpdf_lang_code(p->l1),
		   *l2 = p->l2 >= 0 ? pu_certpdf_lang_code(p->l2) : l1;
	json_t *subj = first_obj(doc, "credentialSubject");
	json_t *ach = first_obj(subj, "achievement");
	json_t *issuer = json_object_get(doc, "issuer");
	const char *ach_name = text_of(json_object_get(ach, "name"), l1, l2);
	const char *iss_name;
	pu_buf al = PU_BUF_INIT, un = PU_BUF_INIT, val = PU_BUF_INIT;
	char from[11], until[11];
	float tx, ty;
	int rc;

	if (subj == NULL)
		return pu_error_set(PU_EINVAL,
				    "credentialSubject: missing or not an "
				    "object");
	if (ach_name == NULL)
		return pu_error_set(PU_EINVAL,
				    "credentialSubject.achievement.name: "
				    "missing");
	iss_name = json_is_object(issuer)
		       ? text_of(json_object_get(issuer, "name"), l2, l1)
		       : NULL;
	if (iss_name == NULL)
		iss_name =
		    json_is_object(issuer)
			? json_string_value(json_object_get(issuer, "id"))
			: json_string_value(issuer);
	if (iss_name == NULL)
		return pu_error_set(PU_EINVAL, "issuer: missing");

	/* Frame. */
	HPDF_Page_SetRGBStroke(p->page, 0.10f, 0.30f, 0.50f);
	HPDF_Page_SetLineWidth(p->page, 2.5f);
	HPDF_Page_Rectangle(p->page, 24, 24, PAGE_W - 48, PAGE_H - 48);
	HPDF_Page_Stroke(p->page);
	HPDF_Page_SetLineWidth(p->page, 0.6f);
	HPDF_Page_Rectangle(p->page, 30, 30, PAGE_W - 60, PAGE_H - 60);
	HPDF_Page_Stroke(p->page);

	/* Title, centred, in the holder's language; below it, smaller, in the
	 * issuer's. */
	p->y = PAGE_H - MARGIN - 6;
	p->field = "title";
	rc = conv(p, pu_certpdf_label(PU_L_TITLE, p->l1));
	if (rc < 0)
		goto done;
	HPDF_Page_SetFontAndSize(p->page, p->bold, 22);
	HPDF_Page_SetRGBFill(p->page, 0.10f, 0.30f, 0.50f);
	text_at(p, p->bold, 22,
		(PAGE_W - HPDF_Page_TextWidth(p->page, p->tmp.ptr)) / 2,
		p->y - 22, p->tmp.ptr);
	p->y -= 30;
	if (p->l2 >= 0) {
		rc = conv(p, pu_certpdf_label(PU_L_TITLE, p->l2));
		if (rc < 0)
			goto done;
		HPDF_Page_SetFontAndSize(p->page, p->italic, 14);
		text_at(p, p->italic, 14,
			(PAGE_W - HPDF_Page_TextWidth(p->page, p->tmp.ptr)) / 2,
			p->y - 14, p->tmp.ptr);
		p->y -= 22;
	}
	HPDF_Page_SetRGBFill(p->page, 0, 0, 0);
	HPDF_Page_SetLineWidth(p->page, 0.8f);
	HPDF_Page_MoveTo(p->page, MARGIN, p->y - 4);
	HPDF_Page_LineTo(p->page, PAGE_W - MARGIN, p->y - 4);
	HPDF_Page_Stroke(p->page);
	p->y -= 18;

	/* The fields; each gives way to the QR block at the foot. */
	p->bottom = FOOT;
	rc = field(p, PU_L_HOLDER, holder_name(subj, l1, l2), 16, p->bold, 2,
		   "credentialSubject.name");
	if (rc == 0)
		rc = field(p, PU_L_ACHIEVEMENT, ach_name, 15, p->bold, 3,
			   "achievement.name");
	if (rc == 0)
		rc = field(p, PU_L_DESCRIPTION,
			   text_of(json_object_get(ach, "description"), l1, l2),
			   10, p->regular, 6, "achievement.description");
	if (rc == 0)
		rc = alignments(&al, ach, l1, l2);
	if (rc == 0)
		rc = field(p, PU_L_LEVEL, al.ptr, 10, p->regular, 3,
			   "achievement.alignment");
	if (rc == 0)
		rc = units(&un, subj, ach, l1, l2);
	if (rc == 0)
		rc = field(p, PU_L_UNITS, un.ptr, 10, p->regular, 6,
			   "credentialSubject.result");
	date_part(from, json_string_value(json_object_get(doc, "validFrom")));
	date_part(until, json_string_value(json_object_get(doc, "validUntil")));
	if (rc == 0)
		rc = field(p, PU_L_VALID_FROM, from, 11, p->regular, 1,
			   "validFrom");
	if (rc == 0)
		rc = field(p, PU_L_VALID_UNTIL, until, 11, p->regular, 1,
			   "validUntil");
	if (rc == 0)
		rc = field(p, PU_L_ISSUER, iss_name, 11, p->bold, 2,
			   "issuer.name");
	if (rc == 0)
		rc = field(p, PU_L_ID,
			   json_string_value(json_object_get(doc, "id")), 8,
			   p->regular, 2, "id");
	if (rc < 0)
		goto done;

	/* The foot: QR on the left, the instructions on its right. */
	draw_qr(p, qr, MARGIN - 8, MARGIN - 8, QR_SIZE);
	tx = MARGIN + QR_SIZE + 6;
	ty = MARGIN + QR_SIZE - 16;
	p->y = ty;
	p->bottom = MARGIN - 8;
	for (int i = 0; i < 2; i++) {
		int l = i == 0 ? p->l1 : p->l2;

		if (l < 0)
			continue;
		p->field = "label";
		rc = conv(p, pu_certpdf_label(PU_L_SCAN, l));
		if (rc < 0)
			goto done;
		draw_wrapped(p, i == 0 ? p->regular : p->italic, 10, tx,
			     PAGE_W - MARGIN - tx, p->bottom, 3);
		p->y -= 4;
	}
	if (opt->verify_url && *opt->verify_url) {
		rc = pu_buf_puts(&val, pu_certpdf_label(PU_L_VERIFY_AT, p->l1));
		if (rc == 0 && p->l2 >= 0)
			rc = pu_buf_printf(
			    &val, " / %s",
			    pu_certpdf_label(PU_L_VERIFY_AT, p->l2));
		if (rc == 0)
			rc = conv(p, val.ptr);
		if (rc < 0)
			goto done;
		p->y -= 4;
		draw_wrapped(p, p->regular, 9, tx, PAGE_W - MARGIN - tx,
			     p->bottom, 2);
		p->field = "verify_url";
		rc = conv(p, opt->verify_url);
		if (rc < 0)
			goto done;
		HPDF_Page_SetRGBFill(p->page, 0.10f, 0.30f, 0.50f);
		draw_wrapped(p, p->bold, 10, tx, PAGE_W - MARGIN - tx,
			     p->bottom, 4);
		HPDF_Page_SetRGBFill(p->page, 0, 0, 0);
	}
	p->y -= 10;
	p->field = "label";
	rc = conv(p, pu_certpdf_label(PU_L_SIGNED, p->l1));
	if (rc < 0)
		goto done;
	HPDF_Page_SetRGBFill(p->page, 0.35f, 0.35f, 0.40f);
	draw_wrapped(p, p->italic, 8, tx, PAGE_W - MARGIN - tx, p->bottom, 3);
	HPDF_Page_SetRGBFill(p->page, 0, 0, 0);
done:
	pu_buf_free(&al);
	pu_buf_free(&un);
	pu_buf_free(&val);
	return rc;
}

int pu_certpdf_render(pu_buf *out, const char *cred, size_t len,
		      const pu_certpdf_options *opt, pu_certpdf_result *res)
{
	pu_certpdf_result scratch;
	struct pdf_err err = {0, 0};
	struct pen p;
	pu_buf payload = PU_BUF_INIT;
	pu_qr *qr = NULL;
	json_t *doc = NULL;
	json_error_t jerr;
	HPDF_Doc pdf = NULL;
	HPDF_BYTE *bytes = NULL;
	HPDF_UINT32 size;
	int rc;

	memset(&p, 0, sizeof(p));
	if (res == NULL)
		res = &scratch;
	memset(res, 0, sizeof(*res));
	p.res = res;
	if (opt == NULL || opt->version != PU_CERTPDF_OPTIONS_VERSION)
		return pu_error_set(PU_EINVAL,
				    "certificate: options missing or of "
				    "another version");
	p.l1 = pu_certpdf_lang_index(opt->holder_lang);
	p.l2 =
	    opt->issuer_lang ? pu_certpdf_lang_index(opt->issuer_lang) : p.l1;
	if (p.l1 < 0 || p.l2 < 0)
		return pu_error_set(
		    PU_EINVAL,
		    "certificate: no labels in language "
		    "\"%.16s\" (there are: %s)",
		    p.l1 < 0 ? (opt->holder_lang ? opt->holder_lang : "(none)")
			     : opt->issuer_lang,
		    pu_certpdf_languages());
	if (p.l2 == p.l1)
		p.l2 = -1;
	p.strict = opt->strict;

	/* The QR code carries the credential: anything larger cannot be
	 * printed, so it is not parsed either. */
	if (len > PU_QR_MAX_DOC) {
		rc = pu_error_set(PU_ELIMIT,
				  "certificate: credential of %zu bytes is "
				  "over the limit of %d",
				  len, PU_QR_MAX_DOC);
		goto done;
	}
	doc = json_loadb(cred, len, JSON_REJECT_DUPLICATES, &jerr);
	if (doc == NULL) {
		rc = pu_error_set(PU_EINVAL,
				  "certificate: credential is not JSON: "
				  "%d:%d: %s",
				  jerr.line, jerr.column, jerr.text);
		goto done;
	}
	if (!json_is_object(doc)) {
		rc = pu_error_set(PU_EINVAL,
				  "certificate: credential is not an object");
		goto done;
	}
	rc = pu_qr_payload_encode(&payload, cred, len);
	if (rc == 0)
		rc = pu_qr_new(&qr, payload.ptr, PU_QR_EC_AUTO);
	if (rc < 0)
		goto done;
	res->qr_version = pu_qr_version(qr);
	res->qr_chars = payload.len;

	pdf = HPDF_New(on_error, &err);
	if (pdf == NULL) {
		rc = pu_error_set(PU_ENOMEM, "out of memory (PDF)");
		goto done;
	}
	HPDF_SetCompressionMode(pdf, HPDF_COMP_ALL);
	HPDF_SetInfoAttr(pdf, HPDF_INFO_CREATOR, "Puente");
	p.pdf = pdf;
	p.page = HPDF_AddPage(pdf);
	HPDF_Page_SetSize(p.page, HPDF_PAGE_SIZE_A4, HPDF_PAGE_PORTRAIT);
	p.regular = HPDF_GetFont(pdf, "Helvetica", "WinAnsiEncoding");
	p.bold = HPDF_GetFont(pdf, "Helvetica-Bold", "WinAnsiEncoding");
	p.italic = HPDF_GetFont(pdf, "Helvetica-Oblique", "WinAnsiEncoding");
	if (err.no != 0 || p.page == NULL || p.regular == NULL ||
	    p.bold == NULL || p.italic == NULL) {
		rc = pu_error_set(PU_ENOMEM,
				  "PDF setup failed (libharu error 0x%04X)",
				  (unsigned)err.no);
		goto done;
	}
	p.field = "name";
	{
		const char *title = text_of(json_object_get(doc, "name"),
					    pu_certpdf_lang_code(p.l1), NULL);

		rc = conv(&p,
			  title ? title : pu_certpdf_label(PU_L_TITLE, p.l1));
		if (rc < 0)
			goto done;
		pu_certpdf_to_pdfdoc(p.tmp.ptr);
		HPDF_SetInfoAttr(pdf, HPDF_INFO_TITLE, p.tmp.ptr);
	}
	rc = draw_page(&p, doc, qr, opt);
	if (rc < 0)
		goto done;
	if (err.no == 0)
		HPDF_SaveToStream(pdf);
	if (err.no != 0) {
		rc = pu_error_set(err.no == HPDF_FAILD_TO_ALLOC_MEM ? PU_ENOMEM
								    : PU_EINVAL,
				  "PDF drawing failed (libharu error 0x%04X, "
				  "detail %u)",
				  (unsigned)err.no, (unsigned)err.detail);
		goto done;
	}
	size = HPDF_GetStreamSize(pdf);
	bytes = malloc(size ? size : 1);
	if (bytes == NULL) {
		rc = pu_error_set(PU_ENOMEM, "out of memory");
		goto done;
	}
	HPDF_ResetStream(pdf);
	if (HPDF_ReadFromStream(pdf, bytes, &size) != HPDF_OK &&
	    err.no != HPDF_STREAM_EOF) {
		rc = pu_error_set(PU_ENOMEM, "PDF: cannot read the document");
		goto done;
	}
	rc = pu_buf_put(out, bytes, size);
	res->bytes = size;
	res->pages = 1;
done:
	free(bytes);
	if (pdf)
		HPDF_Free(pdf);
	pu_qr_free(qr);
	pu_buf_free(&payload);
	pu_buf_free(&p.tmp);
	json_decref(doc);
	return rc;
}

int pu_certpdf_write(const char *path, const char *cred, size_t len,
		     const pu_certpdf_options *opt, pu_certpdf_result *res)
{
	pu_buf pdf = PU_BUF_INIT;
	int rc = pu_certpdf_render(&pdf, cred, len, opt, res);

	if (rc == 0)
		rc = pu_atomic_write(path, pdf.ptr, pdf.len, PU_ATOMIC_UMASK);
	pu_buf_free(&pdf);
	return rc;
}
