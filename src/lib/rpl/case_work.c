/*
 * What the candidate brings to a case: the self-assessment per unit and the
 * evidence portfolio (files stored by their SHA-256 under a directory, with
 * a type allow-list checked on the bytes and size limits; testimonies; an
 * EQPR-style structured interview record), and the candidate's own view of
 * their case with its code and PIN, rate-limited per case.
 */
#include "puente/rpl.h"

#include <errno.h>
#include <jansson.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "atomic.h"
#include "puente/audit.h"
#include "puente/error.h"
#include "puente/store.h"
#include "rpl_internal.h"

/* Units are self-assessed, and evidence added, in these states. */
static int open_for_portfolio(const pu_case *c, bool evidence)
{
	if (c->state == PU_CASE_INTAKE || c->state == PU_CASE_PORTFOLIO ||
	    (evidence && c->state == PU_CASE_ASSESSMENT))
		return 0;
	return pu_rpl_refuse(c, evidence ? "evidence is added from intake "
					   "to assessment"
					 : "self-assessment happens before "
					   "the assessment plan");
}

int pu_case_self_assess(pu_store *st, const pu_actor *by, const char *code,
			const char *unit, const char *can_do, const char *where,
			int months)
{
	pu_case *c = NULL;
	pu_case_unit *u;
	char note[96];
	int rc;

	if ((rc = pu_store_begin(st)) < 0)
		return rc;
	if ((rc = pu_rpl_case_load(st, code, &c)) < 0)
		goto done;
	if ((rc = pu_authorize(by, PU_ACT_CASE_WRITE, c->country, c->centre)) <
		0 ||
	    (rc = open_for_portfolio(c, false)) < 0)
		goto done;
	u = (pu_case_unit *)pu_case_unit_of(c, unit);
	if (u == NULL || u->credited) {
		rc = pu_error_set(PU_EINVAL,
				  "unit %.40s is not to be assessed in case %s",
				  unit ? unit : "", c->code);
		goto done;
	}
	if (!pu_rpl_text_ok(can_do, PU_RPL_MAX_TEXT) ||
	    (where != NULL && where[0] != '\0' &&
	     !pu_rpl_text_ok(where, PU_RPL_MAX_TEXT)) ||
	    months < 0 || months > 12 * 80) {
		rc = pu_error_set(PU_EINVAL,
				  "self-assessment: what you can do (text), "
				  "where (text) and for how many months "
				  "(0 to 960)");
		goto done;
	}
	u->self_assessed = true;
	u->self_months = months;
	if ((rc = pu_rpl_set_str(&u->self_can_do, can_do)) < 0 ||
	    (rc = pu_rpl_set_str(&u->self_where, where)) < 0)
		goto done;
	snprintf(note, sizeof(note), "self-assess %s", u->code);
	rc = st->ops->rpl->unit_put(st, c->id, (size_t)(u - c->units), u);
	if (rc == 0)
		rc = pu_rpl_case_step(st, by, c, PU_CASE_PORTFOLIO,
				      "case.self_assess", note);
done:
	rc = pu_rpl_finish(st, rc);
	pu_case_free(c);
	return rc;
}

/* The type of the bytes, from their first bytes; NULL when not allowed. */
static const char *sniff(const unsigned char *p, size_t n)
{
	if (n >= 5 && memcmp(p, "%PDF-", 5) == 0)
		return "application/pdf";
	if (n >= 3 && p[0] == 0xff && p[1] == 0xd8 && p[2] == 0xff)
		return "image/jpeg";
	if (n >= 8 && memcmp(p, "\x89PNG\r\n\x1a\n", 8) == 0)
		return "image/png";
	if (n >= 12 && memcmp(p, "RIFF", 4) == 0 &&
	    memcmp(p + 8, "WEBP", 4) == 0)
		return "image/webp";
	if (n >= 4 && memcmp(p, "OggS", 4) == 0)
		return "audio/ogg";
	if (n >= 3 && (memcmp(p, "ID3", 3) == 0 ||
		       (p[0] == 0xff && (p[1] & 0xe0) == 0xe0)))
		return "audio/mpeg";
	if (n >= 12 && memcmp(p + 4, "ftyp", 4) == 0)
		return "video/mp4";
	if (memchr(p, '\0', n) == NULL) {
		char *s = malloc(n + 1);
		bool ok;

		if (s == NULL)
			return NULL;
		memcpy(s, p, n);
		s[n] = '\0';
		ok = pu_rpl_text_ok(s, n);
		free(s);
		if (ok)
			return "text/plain";
	}
	return NULL;
}

int pu_rpl_evidence_path(const char *dir, const char *hex, char *out, size_t n)
{
	int len;

	if (hex == NULL || strlen(hex) != 64 ||
	    strspn(hex, "0123456789abcdef") != 64)
		return pu_error_set(PU_EINVAL, "not a SHA-256 digest");
	len = snprintf(out, n, "%s/sha256/%.2s/%s", dir, hex, hex);
	if (len < 0 || (size_t)len >= n)
		return pu_error_set(PU_EINVAL, "evidence directory: path too "
					       "long");
	return 0;
}

static int make_dir(const char *path)
{
	if (mkdir(path, 0700) == 0 || errno == EEXIST)
		return 0;
	return pu_error_set(PU_EIO, "%s: %s", path, strerror(errno));
}

/* Stores data under dir by its digest hex, once. */
static int store_file(const char *dir, const char *hex, const void *data,
		      size_t len)
{
	char path[4096], sub[4096];
	struct stat sb;
	int rc;

	if ((rc = pu_rpl_evidence_path(dir, hex, path, sizeof(path))) < 0)
		return rc;
	if (stat(path, &sb) == 0 && (size_t)sb.st_size == len)
		return 0; /* the same content is there already */
	if ((rc = make_dir(dir)) < 0)
		return rc;
	snprintf(sub, sizeof(sub), "%s/sha256", dir);
	if ((rc = make_dir(sub)) < 0)
		return rc;
	snprintf(sub, sizeof(sub), "%s/sha256/%.2s", dir, hex);
	if ((rc = make_dir(sub)) < 0)
		return rc;
	return pu_atomic_write(path, data, len, 0600);
}

/* The checks every kind of evidence shares; the case total when files. */
static int evidence_check(const pu_case *c, const char *unit, size_t add)
{
	uint64_t total = add;
	size_t items = 0;

	if (unit != NULL && unit[0] != '\0') {
		const pu_case_unit *u = pu_case_unit_of(c, unit);

		if (u == NULL || u->credited)
			return pu_error_set(PU_EINVAL,
					    "unit %.40s is not to be assessed "
					    "in case %s",
					    unit, c->code);
	}
	for (size_t i = 0; i < c->nevidence; i++) {
		total += (uint64_t)c->evidence[i].size;
		items++;
	}
	if (items >= PU_EVIDENCE_MAX_ITEMS)
		return pu_error_set(PU_ELIMIT,
				    "case %s already holds %d pieces of "
				    "evidence, the most allowed",
				    c->code, PU_EVIDENCE_MAX_ITEMS);
	if (total > PU_EVIDENCE_MAX_CASE)
		return pu_error_set(PU_ELIMIT,
				    "the files of case %s would exceed %u MiB",
				    c->code, PU_EVIDENCE_MAX_CASE >> 20);
	return 0;
}

static int evidence_add(pu_store *st, const pu_actor *by, pu_case *c,
			pu_case_evidence *e)
{
	char note[120];
	int rc;

	e->added_at = pu_auth_now();
	snprintf(note, sizeof(note), "evidence %s %s%s%s",
		 pu_evidence_kind_name(e->kind), e->sha256,
		 e->unit && e->unit[0] ? " unit " : "", e->unit ? e->unit : "");
	rc = st->ops->rpl->evidence_insert(st, c->id, e);
	if (rc == 0)
		rc = pu_rpl_case_step(
		    st, by, c,
		    c->state == PU_CASE_INTAKE ? PU_CASE_PORTFOLIO : c->state,
		    "case.evidence", note);
	return rc;
}

int pu_case_evidence_file(pu_store *st, const pu_actor *by, const char *code,
			  const char *dir, const void *data, size_t len,
			  const char *media_type, const char *title,
			  const char *unit, char sha256_out[65])
{
	pu_case *c = NULL;
	pu_case_evidence e;
	unsigned char digest[32];
	const char *type;
	int rc;

	if ((rc = pu_store_begin(st)) < 0)
		return rc;
	if ((rc = pu_rpl_case_load(st, code, &c)) < 0)
		goto done;
	if ((rc = pu_authorize(by, PU_ACT_CASE_WRITE, c->country, c->centre)) <
		0 ||
	    (rc = open_for_portfolio(c, true)) < 0)
		goto done;
	if (len == 0) {
		rc = pu_error_set(PU_EINVAL, "the file is empty");
		goto done;
	}
	if (len > PU_EVIDENCE_MAX_BYTES) {
		rc = pu_error_set(PU_ELIMIT,
				  "the file has %zu bytes; at most %u MiB are "
				  "accepted",
				  len, PU_EVIDENCE_MAX_BYTES >> 20);
		goto done;
	}
	if ((type = sniff(data, len)) == NULL) {
		rc = pu_error_set(PU_EINVAL,
				  "this type of file is not accepted: PDF, "
				  "JPEG, PNG, WebP, Ogg or MP3 audio, MP4 "
				  "video or plain text");
		goto done;
	}
	if (media_type != NULL && media_type[0] != '\0' &&
	    strcmp(media_type, type) != 0) {
		rc = pu_error_set(PU_EINVAL,
				  "the file says %.60s but its content is %s",
				  media_type, type);
		goto done;
	}
	if (title != NULL && title[0] != '\0' && !pu_rpl_text_ok(title, 200)) {
		rc = pu_error_set(PU_EINVAL, "title: at most 200 bytes of "
					     "text");
		goto done;
	}
	if (dir == NULL || dir[0] == '\0') {
		rc = pu_error_set(PU_EINVAL, "no evidence directory");
		goto done;
	}
	if ((rc = evidence_check(c, unit, len)) < 0)
		goto done;
	memset(&e, 0, sizeof(e));
	pu_audit_digest(data, len, digest);
	sodium_bin2hex(e.sha256, sizeof(e.sha256), digest, sizeof(digest));
	/* The file first: a row never points at a missing file; a failed
	 * transaction leaves at worst an unreferenced file. */
	if ((rc = store_file(dir, e.sha256, data, len)) < 0)
		goto done;
	e.kind = PU_EVIDENCE_FILE;
	e.unit = (char *)unit;
	e.media_type = (char *)type;
	e.size = (int64_t)len;
	e.title = (char *)title;
	rc = evidence_add(st, by, c, &e);
done:
	rc = pu_rpl_finish(st, rc);
	if (rc == 0 && sha256_out != NULL)
		memcpy(sha256_out, e.sha256, 65);
	pu_case_free(c);
	return rc;
}

/* An interview record: a JSON object of known members, each a string. */
static int interview_ok(const char *body)
{
	static const char *const keys[] = {
	    "education", "work",    "training",	   "languages",
	    "documents", "summary", "interviewers"};
	json_error_t err;
	json_t *v = json_loads(body, JSON_REJECT_DUPLICATES, &err), *m;
	const char *k;
	int rc = 0;

	if (!json_is_object(v) || json_object_size(v) == 0) {
		json_decref(v);
		return pu_error_set(PU_EINVAL, "interview: a JSON object with "
					       "education, work, training, "
					       "languages, documents, summary, "
					       "interviewers");
	}
	json_object_foreach(v, k, m)
	{
		bool known = false;

		for (size_t i = 0; i < sizeof(keys) / sizeof(*keys); i++)
			known = known || strcmp(k, keys[i]) == 0;
		if (!known || !json_is_string(m)) {
			rc = pu_error_set(PU_EINVAL,
					  "interview: \"%.40s\" is not a known "
					  "text member",
					  k);
			break;
		}
	}
	json_decref(v);
	return rc;
}

int pu_case_evidence_text(pu_store *st, const pu_actor *by, const char *code,
			  pu_evidence_kind kind, const char *title,
			  const char *body, const char *unit)
{
	pu_case *c = NULL;
	pu_case_evidence e;
	int rc;

	if ((rc = pu_store_begin(st)) < 0)
		return rc;
	if ((rc = pu_rpl_case_load(st, code, &c)) < 0)
		goto done;
	if ((rc = pu_authorize(by, PU_ACT_CASE_WRITE, c->country, c->centre)) <
		0 ||
	    (rc = open_for_portfolio(c, true)) < 0)
		goto done;
	if (kind != PU_EVIDENCE_TESTIMONY && kind != PU_EVIDENCE_INTERVIEW) {
		rc = pu_error_set(PU_EINVAL, "evidence: a testimony or an "
					     "interview");
		goto done;
	}
	if (!pu_rpl_text_ok(title, 200) || !pu_rpl_text_ok(body, 16000)) {
		rc = pu_error_set(PU_EINVAL,
				  "%s: who (at most 200 bytes) and what (at "
				  "most 16000 bytes of text) are required",
				  pu_evidence_kind_name(kind));
		goto done;
	}
	if ((kind == PU_EVIDENCE_INTERVIEW && (rc = interview_ok(body)) < 0) ||
	    (rc = evidence_check(c, unit, 0)) < 0)
		goto done;
	memset(&e, 0, sizeof(e));
	e.kind = kind;
	e.unit = (char *)unit;
	e.title = (char *)title;
	e.body = (char *)body;
	rc = evidence_add(st, by, c, &e);
done:
	rc = pu_rpl_finish(st, rc);
	pu_case_free(c);
	return rc;
}

static bool pin_shape_ok(const char *pin)
{
	return pin != NULL && strlen(pin) == 10 &&
	       strspn(pin, "0123456789") == 10;
}

int pu_case_follow(pu_store *st, const char *code, const char *pin,
		   pu_case_summary *out)
{
	const pu_store_rpl_ops *ops = pu_rpl_ops(st);
	pu_case *c = NULL;
	pu_pin_row p;
	int64_t now = pu_auth_now();
	int rc;

	memset(out, 0, sizeof(*out));
	if (ops == NULL)
		return PU_ESTORE;
	rc = ops->pin_get(st, code ? code : "", &p);
	if (rc == PU_ENOTFOUND) {
		char dummy[PU_PIN_HASH_SIZE];

		/* As long as a wrong PIN, so that codes cannot be probed. */
		(void)pu_rpl_pin_hash("0000000000", dummy);
		return pu_error_set(PU_EAUTH, "wrong case code or PIN");
	}
	if (rc < 0)
		return rc;
	if (p.locked_until > now)
		return pu_error_set(
		    PU_EAUTH,
		    "too many wrong PINs for this case: try "
		    "again in %lld minutes",
		    (long long)((p.locked_until - now + 59) / 60));
	if (pin_shape_ok(pin) &&
	    crypto_pwhash_str_verify(p.hash, pin, strlen(pin)) == 0) {
		if (p.failures != 0) {
			p.failures = 0;
			p.window = 0;
			if ((rc = ops->pin_set(st, &p)) < 0)
				return rc;
		}
		if ((rc = pu_rpl_case_load(st, code, &c)) < 0)
			return rc;
		pu_case_summarise(c, out);
		pu_case_free(c);
		return 0;
	}
	if (now - p.window >= PU_CASE_PIN_WINDOW) {
		p.window = now;
		p.failures = 0;
	}
	if (++p.failures >= PU_CASE_PIN_FAILURES) {
		p.locked_until = now + PU_CASE_PIN_LOCK;
		p.failures = 0;
		p.window = 0;
	}
	if ((rc = ops->pin_set(st, &p)) < 0)
		return rc;
	return pu_error_set(PU_EAUTH, "wrong case code or PIN");
}
