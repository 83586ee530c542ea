/*
 * The whole verification of a credential, as a stranger in another country
 * would do it offline: read the bytes strictly, check the contexts and the
 * shape, verify the eddsa-jcs-2022 proof bound to the issuer, check the
 * validity dates, the issuer against the trust lists and the status against
 * the cached status lists. Each question gets its own result and a one-line
 * reason, so "the signature is fine but the issuer is not accredited" reads
 * differently from "the document was changed". Any input bytes give a report;
 * only running out of memory gives an error.
 */
#include "puente/buf.h"
#include "puente/cred.h"
#include "puente/error.h"

#include "cred/cred_internal.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

void pu_cred_report_free(pu_cred_report *r)
{
	if (r == NULL)
		return;
	free(r->id);
	free(r->issuer);
	free(r->signer);
	free(r->trust_list);
	free(r->trust_authority);
	free(r->trust_country);
	free(r->trust_role);
	free(r->status_list);
	free(r->valid_from);
	free(r->valid_until);
	free(r);
}

static int copy_str(char **dst, const char *s)
{
	if (s == NULL)
		return 0;
	*dst = strdup(s);
	return *dst == NULL ? PU_ENOMEM : 0;
}

#define REASON(field, ...) pu_cred_reason(field, PU_CRED_REASON, __VA_ARGS__)

static void read_doc_error(pu_cred_report *r, int rc)
{
	if (rc == PU_ELIMIT) {
		r->doc = PU_CRED_DOC_TOO_LARGE;
		REASON(r->doc_reason, "%s", pu_error_message());
	} else {
		r->doc = PU_CRED_DOC_MALFORMED;
		REASON(r->doc_reason, "not valid JSON for a credential: %s",
		       pu_error_message());
	}
}

static void check_shape(pu_cred_report *r, const pu_jv *doc)
{
	const pu_jv *subj = pu_jv_get(doc, "credentialSubject");
	const pu_jv *ctx = pu_jv_get(doc, "@context");
	int ob = pu_jv_is(ctx, PU_JV_ARRAY) && ctx->n > 1;

	if (pu_cred_check_context(doc, r->doc_reason, PU_CRED_REASON) < 0) {
		r->doc = PU_CRED_DOC_CONTEXT;
		return;
	}
	if (!pu_cred_has_type(doc, "VerifiableCredential")) {
		r->doc = PU_CRED_DOC_MALFORMED;
		REASON(r->doc_reason, "type does not include "
				      "VerifiableCredential");
		return;
	}
	if (ob && !pu_cred_has_type(doc, "OpenBadgeCredential") &&
	    !pu_cred_has_type(doc, "AchievementCredential")) {
		r->doc = PU_CRED_DOC_MALFORMED;
		REASON(r->doc_reason,
		       "an Open Badges credential must have type "
		       "OpenBadgeCredential or AchievementCredential");
		return;
	}
	if (r->issuer == NULL) {
		r->doc = PU_CRED_DOC_MALFORMED;
		REASON(r->doc_reason,
		       "issuer is missing (a URL, or an object with an id)");
		return;
	}
	if (!pu_jv_is(subj, PU_JV_OBJECT) &&
	    !(pu_jv_is(subj, PU_JV_ARRAY) && subj->n > 0)) {
		r->doc = PU_CRED_DOC_MALFORMED;
		REASON(r->doc_reason, "credentialSubject is missing");
		return;
	}
	if (pu_jv_get(doc, "id") != NULL &&
	    !pu_jv_is(pu_jv_get(doc, "id"), PU_JV_STRING)) {
		r->doc = PU_CRED_DOC_MALFORMED;
		REASON(r->doc_reason, "id is not a string");
		return;
	}
	r->doc = PU_CRED_DOC_OK;
	REASON(r->doc_reason, "%s credential, contexts allowed",
	       ob ? "Open Badges 3.0" : "VC 2.0");
}

static void check_signature(pu_cred_report *r, const pu_jv *doc, int64_t now)
{
	pu_cred_proof_options po = PU_CRED_PROOF_INIT;
	pu_buf signer = PU_BUF_INIT;
	pu_cred_proof_result pr;

	po.now = now;
	pr = pu_cred_proof_check(doc, &po, r->sig_reason, PU_CRED_REASON,
				 &signer);
	switch (pr) {
	case PU_CRED_PROOF_VALID:
		r->sig = PU_CRED_SIG_VALID;
		r->signer = pu_buf_detach(&signer);
		break;
	case PU_CRED_PROOF_UNSUPPORTED:
		r->sig = PU_CRED_SIG_UNSUPPORTED;
		break;
	case PU_CRED_PROOF_MISSING:
		r->sig = PU_CRED_SIG_MISSING;
		REASON(r->sig_reason, "the credential has no proof");
		break;
	default:
		r->sig = PU_CRED_SIG_INVALID;
	}
	pu_buf_free(&signer);
}

static int dates_member(pu_cred_report *r, const pu_jv *doc, const char *key,
			char **copy, int64_t *t)
{
	const pu_jv *v = pu_jv_get(doc, key);

	*t = 0;
	if (v == NULL)
		return 0;
	if (!pu_jv_is(v, PU_JV_STRING) || pu_cred_time_parse(t, v->u.str) < 0) {
		r->dates = PU_CRED_DATES_INVALID;
		REASON(r->dates_reason, "%s is not a dateTime with a time zone",
		       key);
		return 1;
	}
	if (copy_str(copy, v->u.str) < 0)
		return -1;
	return 0;
}

static int check_dates(pu_cred_report *r, const pu_jv *doc, int64_t now)
{
	int64_t from, until;
	char when[32];
	int rc;

	rc = dates_member(r, doc, "validFrom", &r->valid_from, &from);
	if (rc == 0)
		rc =
		    dates_member(r, doc, "validUntil", &r->valid_until, &until);
	if (rc != 0)
		return rc < 0 ? PU_ENOMEM : 0;
	pu_cred_time_format(when, sizeof(when), now);
	if (r->valid_from && now < from) {
		r->dates = PU_CRED_DATES_NOT_YET_VALID;
		REASON(r->dates_reason, "not valid before %s (now %s)",
		       r->valid_from, when);
	} else if (r->valid_until && now > until) {
		r->dates = PU_CRED_DATES_EXPIRED;
		REASON(r->dates_reason, "expired on %s (now %s)",
		       r->valid_until, when);
	} else {
		r->dates = PU_CRED_DATES_VALID;
		REASON(r->dates_reason, "valid %s%s%s%s (now %s)",
		       r->valid_from ? "from " : "",
		       r->valid_from ? r->valid_from : "",
		       r->valid_until ? " until " : "",
		       r->valid_until ? r->valid_until : " with no end", when);
	}
	return 0;
}

/* Status results ordered by what should be reported first. */
static int status_rank(pu_cred_status_result s)
{
	switch (s) {
	case PU_CRED_STATUS_REVOKED:
		return 4;
	case PU_CRED_STATUS_SUSPENDED:
		return 3;
	case PU_CRED_STATUS_UNKNOWN:
		return 2;
	case PU_CRED_STATUS_ACTIVE:
		return 1;
	default:
		return 0;
	}
}

static int check_status(pu_cred_report *r, const pu_jv *doc,
			const pu_cred_status_cache *c, int64_t now)
{
	const pu_jv *st = pu_jv_get(doc, "credentialStatus"), *e;
	char reason[PU_CRED_REASON];
	const char *list = NULL, *best_list = NULL;
	pu_cred_status_result s;
	size_t i, n;

	if (st == NULL) {
		r->status = PU_CRED_STATUS_NONE;
		REASON(r->status_reason,
		       "no credentialStatus: the credential cannot be revoked");
		return 0;
	}
	n = pu_jv_is(st, PU_JV_ARRAY) ? st->n : 1;
	if (n == 0 || n > 16) {
		r->status = PU_CRED_STATUS_UNKNOWN;
		REASON(r->status_reason,
		       "credentialStatus has %zu entries (1 to 16 expected)",
		       n);
		return 0;
	}
	r->status = PU_CRED_STATUS_NONE;
	for (i = 0; i < n; i++) {
		e = pu_jv_is(st, PU_JV_ARRAY) ? &st->u.items[i] : st;
		s = pu_cred_status_check(c, e, r->issuer, now, reason,
					 sizeof(reason), &list);
		if (status_rank(s) > status_rank(r->status)) {
			r->status = s;
			best_list = list;
			REASON(r->status_reason, "%s", reason);
		}
	}
	if (c == NULL && r->status == PU_CRED_STATUS_UNKNOWN)
		REASON(r->status_reason,
		       "no status lists were given; revocation not checked");
	return copy_str(&r->status_list, best_list);
}

static int check_trust(pu_cred_report *r, const pu_jv *doc,
		       const pu_cred_trust *t, int64_t now)
{
	const pu_jv *subj = pu_jv_get(doc, "credentialSubject");

	if (t == NULL) {
		r->trust = PU_CRED_TRUST_NOT_CHECKED;
		REASON(r->trust_reason, "no trust list was given");
		return 0;
	}
	if (r->issuer == NULL) {
		r->trust = PU_CRED_TRUST_NOT_CHECKED;
		REASON(r->trust_reason, "the credential names no issuer");
		return 0;
	}
	/* Trust is about who signed: without a valid signature the issuer
	 * is only a claim, and "trusted" beside it would mislead. */
	if (r->sig != PU_CRED_SIG_VALID) {
		r->trust = PU_CRED_TRUST_NOT_CHECKED;
		REASON(r->trust_reason,
		       "not checked: without a valid signature the issuer "
		       "%.120s is only a claim",
		       r->issuer);
		return 0;
	}
	if (pu_jv_is(subj, PU_JV_ARRAY))
		subj = subj->n > 0 ? &subj->u.items[0] : NULL;
	return pu_cred_trust_check(t, r->issuer, pu_jv_get(subj, "achievement"),
				   now, r);
}

int pu_cred_verify(pu_cred_report **out, const char *data, size_t len,
		   const pu_cred_verify_options *opt)
{
	static const pu_cred_verify_options defaults = PU_CRED_VERIFY_INIT;
	static const char not_read[] =
	    "not checked: the document could not be read";
	pu_cred_report *r = NULL;
	pu_arena *a = NULL;
	const pu_jv *doc = NULL;
	int64_t now;
	int rc;

	*out = NULL;
	if (opt == NULL)
		opt = &defaults;
	now = opt->now != 0 ? opt->now : (int64_t)time(NULL);
	r = calloc(1, sizeof(*r));
	if (r == NULL)
		return pu_error_set(PU_ENOMEM, "out of memory");
	r->sig = PU_CRED_SIG_NOT_CHECKED;
	r->trust = PU_CRED_TRUST_NOT_CHECKED;
	r->status = PU_CRED_STATUS_UNKNOWN;
	r->dates = PU_CRED_DATES_INVALID;
	memcpy(r->sig_reason, not_read, sizeof(not_read));
	memcpy(r->trust_reason, not_read, sizeof(not_read));
	memcpy(r->status_reason, not_read, sizeof(not_read));
	memcpy(r->dates_reason, not_read, sizeof(not_read));

	rc = pu_arena_new(&a);
	if (rc < 0)
		goto done;
	rc = pu_jv_parse(a, &doc, data ? data : "", data ? len : 0,
			 opt->max_len, 0);
	if (rc == PU_ENOMEM)
		goto done;
	if (rc < 0) {
		read_doc_error(r, rc);
		rc = 0;
		goto done;
	}
	if (!pu_jv_is(doc, PU_JV_OBJECT)) {
		r->doc = PU_CRED_DOC_MALFORMED;
		REASON(r->doc_reason, "a credential must be a JSON object");
		goto done;
	}
	if (copy_str(&r->issuer, pu_cred_issuer_id(doc)) < 0 ||
	    copy_str(&r->id, pu_jv_get_str(doc, "id")) < 0)
		goto oom;
	check_shape(r, doc);
	check_signature(r, doc, now);
	if (check_dates(r, doc, now) < 0 ||
	    check_trust(r, doc, opt->trust, now) < 0 ||
	    check_status(r, doc, opt->status, now) < 0)
		goto oom;
	r->ok =
	    r->doc == PU_CRED_DOC_OK && r->sig == PU_CRED_SIG_VALID &&
	    (r->trust == PU_CRED_TRUST_TRUSTED ||
	     (!opt->require_trust && r->trust == PU_CRED_TRUST_NOT_CHECKED)) &&
	    (r->status == PU_CRED_STATUS_ACTIVE ||
	     r->status == PU_CRED_STATUS_NONE) &&
	    r->dates == PU_CRED_DATES_VALID;
	rc = 0;
	goto done;
oom:
	rc = pu_error_set(PU_ENOMEM, "out of memory");
done:
	pu_arena_free(a);
	if (rc < 0)
		pu_cred_report_free(r);
	else
		*out = r;
	return rc;
}

/* ---------------------------------------------------------------- names */

const char *pu_cred_doc_name(pu_cred_doc_result r)
{
	switch (r) {
	case PU_CRED_DOC_OK:
		return "ok";
	case PU_CRED_DOC_MALFORMED:
		return "malformed";
	case PU_CRED_DOC_TOO_LARGE:
		return "too-large";
	case PU_CRED_DOC_CONTEXT:
		return "unknown-context";
	}
	return "?";
}

const char *pu_cred_sig_name(pu_cred_sig_result r)
{
	switch (r) {
	case PU_CRED_SIG_VALID:
		return "valid";
	case PU_CRED_SIG_INVALID:
		return "invalid";
	case PU_CRED_SIG_UNSUPPORTED:
		return "unsupported";
	case PU_CRED_SIG_MISSING:
		return "missing";
	case PU_CRED_SIG_NOT_CHECKED:
		return "not-checked";
	}
	return "?";
}

const char *pu_cred_trust_name(pu_cred_trust_result r)
{
	switch (r) {
	case PU_CRED_TRUST_TRUSTED:
		return "trusted";
	case PU_CRED_TRUST_UNTRUSTED:
		return "untrusted";
	case PU_CRED_TRUST_NOT_CHECKED:
		return "not-checked";
	}
	return "?";
}

const char *pu_cred_status_name(pu_cred_status_result r)
{
	switch (r) {
	case PU_CRED_STATUS_ACTIVE:
		return "active";
	case PU_CRED_STATUS_NONE:
		return "none";
	case PU_CRED_STATUS_REVOKED:
		return "revoked";
	case PU_CRED_STATUS_SUSPENDED:
		return "suspended";
	case PU_CRED_STATUS_UNKNOWN:
		return "unknown";
	}
	return "?";
}

const char *pu_cred_dates_name(pu_cred_dates_result r)
{
	switch (r) {
	case PU_CRED_DATES_VALID:
		return "valid";
	case PU_CRED_DATES_NOT_YET_VALID:
		return "not-yet-valid";
	case PU_CRED_DATES_EXPIRED:
		return "expired";
	case PU_CRED_DATES_INVALID:
		return "invalid";
	}
	return "?";
}

/* A string, or JSON null for NULL. */
static json_t *str_or_null(const char *s)
{
	return s ? json_string(s) : json_null();
}

json_t *pu_cred_report_to_json(const pu_cred_report *r)
{
	return json_pack(
	    "{s:b, s:{s:o, s:o},"
	    " s:{s:s, s:s},"
	    " s:{s:s, s:s, s:o},"
	    " s:{s:s, s:s, s:o, s:o, s:o, s:o},"
	    " s:{s:s, s:s, s:o},"
	    " s:{s:s, s:s, s:o, s:o}}",
	    "ok", r->ok, "credential", "id", str_or_null(r->id), "issuer",
	    str_or_null(r->issuer), "document", "result",
	    pu_cred_doc_name(r->doc), "reason", r->doc_reason, "signature",
	    "result", pu_cred_sig_name(r->sig), "reason", r->sig_reason,
	    "signer", str_or_null(r->signer), "trust", "result",
	    pu_cred_trust_name(r->trust), "reason", r->trust_reason, "list",
	    str_or_null(r->trust_list), "authority",
	    str_or_null(r->trust_authority), "country",
	    str_or_null(r->trust_country), "role", str_or_null(r->trust_role),
	    "status", "result", pu_cred_status_name(r->status), "reason",
	    r->status_reason, "list", str_or_null(r->status_list), "validity",
	    "result", pu_cred_dates_name(r->dates), "reason", r->dates_reason,
	    "validFrom", str_or_null(r->valid_from), "validUntil",
	    str_or_null(r->valid_until));
}
