/*
 * Issuing a credential given whole (the VC-API's POST /credentials/issue):
 * the data model checked (types, ids, dates, an issuer we are), then status
 * entries, signature, record and audit as for a catalogue certificate.
 */
#include "issue_internal.h"

#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "puente/auth.h"
#include "puente/buf.h"
#include "puente/cred.h"
#include "puente/error.h"


/* member is absent, or an object / array of objects, each with a type (and
 * an id when need_id). */
static int typed(const json_t *doc, const char *member, bool need_id)
{
	const json_t *v = json_object_get(doc, member), *e;
	size_t i, n;

	if (v == NULL)
		return 0;
	n = json_is_array(v) ? json_array_size(v) : 1;
	if (json_is_array(v) && n == 0)
		return pu_error_set(PU_EINVAL, "%s: an empty list", member);
	for (i = 0; i < n; i++) {
		const json_t *t;

		e = json_is_array(v) ? json_array_get(v, i) : v;
		if (!json_is_object(e))
			return pu_error_set(PU_EINVAL, "%s: not an object",
					    member);
		t = json_object_get(e, "type");
		if (!(json_is_string(t) ||
		      (json_is_array(t) && json_array_size(t) > 0 &&
		       json_is_string(json_array_get(t, 0)))))
			return pu_error_set(PU_EINVAL,
					    "%s: every entry needs "
					    "a type",
					    member);
		if (need_id && !json_is_string(json_object_get(e, "id")))
			return pu_error_set(PU_EINVAL,
					    "%s: every entry needs "
					    "an id",
					    member);
	}
	return 0;
}

static bool has_type(const json_t *t, const char *name)
{
	size_t i;
	const json_t *e;

	if (json_is_string(t))
		return strcmp(json_string_value(t), name) == 0;
	json_array_foreach(t, i, e) if (json_is_string(e) &&
					strcmp(json_string_value(e), name) ==
					    0) return true;
	return false;
}

/* A URL-ish string: a scheme, a colon, something after. */
static bool url_like(const char *s)
{
	const char *c = s ? strchr(s, ':') : NULL;

	if (c == NULL || c == s || c[1] == '\0')
		return false;
	for (const char *p = s; p < c; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		      (*p >= '0' && *p <= '9') || *p == '+' || *p == '-' ||
		      *p == '.'))
			return false;
	for (const char *p = s; *p; p++)
		if ((unsigned char)*p <= ' ')
			return false;
	return true;
}

static int check_model(json_t *cred, const char *did)
{
	const json_t *ctx = json_object_get(cred, "@context");
	const json_t *type = json_object_get(cred, "type");
	const json_t *issuer = json_object_get(cred, "issuer");
	const json_t *subj = json_object_get(cred, "credentialSubject");
	const json_t *id = json_object_get(cred, "id");
	const char *iid = NULL, *vf, *vu;
	int64_t tf = 0, tu = 0;
	size_t i;
	const json_t *e;
	int rc;

	if (!json_is_array(ctx) || json_array_size(ctx) == 0 ||
	    !json_is_string(json_array_get(ctx, 0)) ||
	    strcmp(json_string_value(json_array_get(ctx, 0)),
		   PU_CRED_CONTEXT_V2) != 0)
		return pu_error_set(
		    PU_EINVAL,
		    "@context: the first must be " PU_CRED_CONTEXT_V2);
	json_array_foreach(ctx, i, e) if (
	    !json_is_string(e) ||
	    (strcmp(json_string_value(e), PU_CRED_CONTEXT_V2) != 0 &&
	     strcmp(json_string_value(e), PU_CRED_CONTEXT_OB3) !=
		 0)) return pu_error_set(PU_EINVAL,
					 "@context: only %s and "
					 "%s are accepted (credentials are "
					 "signed as JSON, not JSON-LD)",
					 PU_CRED_CONTEXT_V2,
					 PU_CRED_CONTEXT_OB3);
	if (!has_type(type, "VerifiableCredential"))
		return pu_error_set(PU_EINVAL, "type: must include "
					       "VerifiableCredential");
	if (json_object_get(cred, "proof") != NULL)
		return pu_error_set(PU_EINVAL, "proof: the credential is "
					       "already signed");
	if (id != NULL && (!url_like(json_string_value(id)) ||
			   strlen(json_string_value(id)) > 120))
		return pu_error_set(PU_EINVAL, "id: must be a URL (at most "
					       "120 bytes)");
	if (!(json_is_object(subj) ||
	      (json_is_array(subj) && json_array_size(subj) > 0)))
		return pu_error_set(PU_EINVAL, "credentialSubject: missing");
	if (json_is_array(subj))
		json_array_foreach(
		    subj, i,
		    e) if (!json_is_object(e) ||
			   json_object_size(e) ==
			       0) return pu_error_set(PU_EINVAL,
						      "credentialSubject: each "
						      "must be a non-empty "
						      "object");
	if (json_is_object(subj) && json_object_size(subj) == 0)
		return pu_error_set(PU_EINVAL, "credentialSubject: empty");
	if (json_is_string(issuer))
		iid = json_string_value(issuer);
	else if (json_is_object(issuer))
		iid = json_string_value(json_object_get(issuer, "id"));
	else if (issuer != NULL)
		return pu_error_set(PU_EINVAL, "issuer: a URL or an object "
					       "with an id");
	if (issuer != NULL && (iid == NULL || !url_like(iid)))
		return pu_error_set(PU_EINVAL, "issuer: must be a URL");
	if (iid != NULL && strcmp(iid, did) != 0)
		return pu_error_set(PU_EINVAL,
				    "issuer: %.100s is not this "
				    "issuer's key (%s)",
				    iid, did);
	if (issuer == NULL)
		json_object_set_new(cred, "issuer", json_string(did));
	vf = json_string_value(json_object_get(cred, "validFrom"));
	vu = json_string_value(json_object_get(cred, "validUntil"));
	if ((json_object_get(cred, "validFrom") && vf == NULL) ||
	    (json_object_get(cred, "validUntil") && vu == NULL) ||
	    (vf && pu_cred_time_parse(&tf, vf) < 0) ||
	    (vu && pu_cred_time_parse(&tu, vu) < 0))
		return pu_error_set(PU_EINVAL, "validFrom / validUntil: must "
					       "be dateTimes with a time zone");
	if (vf && vu && tu < tf)
		return pu_error_set(PU_EINVAL, "validUntil is before "
					       "validFrom");
	if ((rc = typed(cred, "credentialSchema", true)) < 0 ||
	    (rc = typed(cred, "refreshService", false)) < 0 ||
	    (rc = typed(cred, "evidence", false)) < 0 ||
	    (rc = typed(cred, "termsOfUse", false)) < 0 ||
	    (rc = typed(cred, "credentialStatus", false)) < 0 ||
	    (rc = typed(cred, "renderMethod", false)) < 0)
		return rc;
	return 0;
}

int pu_issue_json(pu_store *st, const pu_issuer *iss, const pu_actor *actor,
		  const char *country, json_t *cred, int64_t now,
		  pu_issued *rec)
{
	pu_buf did = PU_BUF_INIT;
	const char *code;
	char id[46];
	int rc;

	if (iss == NULL || iss->key == NULL || !json_is_object(cred))
		return pu_error_set(PU_EINVAL, "credential: a JSON object is "
					       "needed");
	if (actor != NULL &&
	    (rc = pu_authorize(actor, PU_ACT_CRED_ISSUE, country, NULL)) < 0)
		return rc;
	if (now == 0)
		now = pu_auth_now();
	rc = pu_cred_didkey_from_public(&did, iss->key->pk);
	if (rc == 0)
		rc = check_model(cred, did.ptr);
	if (rc < 0)
		goto done;
	if (json_object_get(cred, "id") == NULL) {
		pu_issue_new_id(id);
		json_object_set_new(cred, "id", json_string(id));
	}
	code = json_string_value(json_object_get(
	    json_object_get(json_object_get(cred, "credentialSubject"),
			    "achievement"),
	    "humanCode"));
	rc = pu_store_begin(st);
	if (rc == 0)
		rc = pu_issue_sign_record(
		    st, iss, actor, cred, did.ptr, country,
		    code && strlen(code) < 90 ? code : "",
		    json_object_get(cred, "credentialStatus") == NULL, now,
		    NULL, rec);
	if (rc == 0)
		rc = pu_store_commit(st);
	if (rc < 0)
		pu_store_rollback(st);
done:
	pu_buf_free(&did);
	return rc;
}
