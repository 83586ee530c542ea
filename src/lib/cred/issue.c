/*
 * Issuing a certificate: an Open Badges 3.0 OpenBadgeCredential (VC Data
 * Model 2.0) for a standard of the catalogue, built from the catalogue and
 * the frameworks, given its status entries, signed (eddsa-jcs-2022),
 * recorded and audited in one transaction. What a credential says about its
 * holder is only what was asked for: a DID, a salted hash of an identifier,
 * a name when the holder agreed; never anything else (no migratory status,
 * no nationality). docs/formats.md "Issued credentials" shows the shape.
 */
#include "issue_internal.h"

#include <jansson.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "puente/audit.h"
#include "puente/buf.h"
#include "puente/catalog.h"
#include "puente/cred.h"
#include "puente/error.h"
#include "puente/framework.h"

/* A description longer than this is cut (the whole credential rides in a QR
 * code; the standard itself is one link away). */
#define MAX_DESCRIPTION 400

const char *pu_cred_state_name(pu_cred_state s)
{
	static const char *const names[] = {"active", "revoked", "suspended"};

	return (unsigned)s < 3 ? names[s] : "unknown";
}

static int oom(void)
{
	return pu_error_set(PU_ENOMEM, "out of memory");
}

void pu_issue_new_id(char out[46])
{
	unsigned char u[16];

	randombytes_buf(u, sizeof(u));
	u[6] = (unsigned char)((u[6] & 0x0f) | 0x40);
	u[8] = (unsigned char)((u[8] & 0x3f) | 0x80);
	snprintf(out, 46,
		 "urn:uuid:%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-"
		 "%02x%02x%02x%02x%02x%02x",
		 u[0], u[1], u[2], u[3], u[4], u[5], u[6], u[7], u[8], u[9],
		 u[10], u[11], u[12], u[13], u[14], u[15]);
}

/* s cut to at most max bytes at a character boundary, with an ellipsis. */
static json_t *cut(const char *s, size_t max)
{
	size_t n = strlen(s);
	char *c;
	json_t *v;

	if (n <= max)
		return json_string(s);
	while (max > 0 && ((unsigned char)s[max] & 0xc0) == 0x80)
		max--;
	c = malloc(max + 4);
	if (c == NULL)
		return NULL;
	memcpy(c, s, max);
	memcpy(c + max, "\xe2\x80\xa6", 4);
	v = json_string(c);
	free(c);
	return v;
}

/* A text in the holder's language and the issuer's: a plain string when
 * they are one text, else VC DM 2.0 language values, holder's first. NULL
 * when t is empty. */
static json_t *text2(const pu_mtext *t, const char *hl, const char *il,
		     size_t max)
{
	const char *a = pu_mtext_get(t, hl, il), *b = pu_mtext_get(t, il, hl);
	const char *la = NULL, *lb = NULL;
	json_t *arr;

	if (a == NULL)
		return NULL;
	if (b == NULL || strcmp(a, b) == 0)
		return cut(a, max);
	for (size_t i = 0; i < t->n; i++) {
		if (t->v[i].text == a && la == NULL)
			la = t->v[i].lang;
		if (t->v[i].text == b && lb == NULL)
			lb = t->v[i].lang;
	}
	arr = json_array();
	if (arr == NULL)
		return NULL;
	json_array_append_new(arr,
			      json_pack("{s:o, s:s}", "@value", cut(a, max),
					"@language", la ? la : hl));
	json_array_append_new(arr,
			      json_pack("{s:o, s:s}", "@value", cut(b, max),
					"@language", lb ? lb : il));
	return arr;
}

static const char *plain(const pu_mtext *t, const char *hl, const char *il)
{
	const char *s = pu_mtext_get(t, hl, il);

	return s ? s : "";
}

/* An alignment to a framework level. */
static int add_level(json_t *align, const pu_framework *fw, const char *code,
		     const char *base, const char *hl, const char *il)
{
	const pu_level *lv = pu_framework_level(fw, code);
	pu_buf name = PU_BUF_INIT, url = PU_BUF_INIT;
	const char *fname = plain(&fw->name, hl, il);
	int rc;

	rc = pu_buf_printf(&name, "%s %s",
			   fw->short_name ? fw->short_name : fw->id, code);
	if (rc == 0 && lv != NULL && lv->name.n > 0 &&
	    strcmp(plain(&lv->name, hl, il), code) != 0)
		rc = pu_buf_printf(&name, ": %s", plain(&lv->name, hl, il));
	if (rc == 0)
		rc = pu_buf_printf(&url, "%s/api/v1/frameworks/%s#level-%s",
				   base, fw->id, code);
	if (rc == 0 &&
	    json_array_append_new(
		align,
		json_pack("{s:[s], s:s, s:s, s:s, s:s}", "type", "Alignment",
			  "targetName", name.ptr, "targetUrl", url.ptr,
			  "targetFramework", *fname ? fname : fw->id,
			  "targetCode", code)) != 0)
		rc = oom();
	pu_buf_free(&name);
	pu_buf_free(&url);
	return rc;
}

/* The levels of the standard: in its own framework, then in each regional
 * framework it is referenced to (directly, or through one more statement). */
static int levels(json_t *align, const pu_registry *reg, const pu_standard *s,
		  const char *base, const char *hl, const char *il)
{
	const pu_framework *fw;
	int rc;

	if (reg == NULL || s->level_framework == NULL)
		return 0;
	fw = pu_registry_find(reg, s->level_framework);
	if (fw == NULL)
		return 0;
	rc = add_level(align, fw, s->level_code, base, hl, il);
	for (size_t i = 0; rc == 0 && i < pu_registry_ref_count(reg); i++) {
		const pu_referencing *r = pu_registry_ref_at(reg, i);
		const pu_framework *to = pu_registry_find(reg, r->to);

		if (strcmp(r->from, fw->id) != 0 || to == NULL)
			continue;
		for (size_t k = 0; rc == 0 && k < r->nlevels; k++) {
			if (strcmp(r->levels[k].level, s->level_code) != 0)
				continue;
			for (size_t m = 0; rc == 0 && m < r->levels[k].nto;
			     m++) {
				const char *lv = r->levels[k].to[m];

				if (to->type == PU_FW_REGIONAL) {
					rc = add_level(align, to, lv, base, hl,
						       il);
					continue;
				}
				/* one more hop to a regional framework */
				for (size_t j = 0;
				     rc == 0 && j < pu_registry_ref_count(reg);
				     j++) {
					const pu_referencing *r2 =
					    pu_registry_ref_at(reg, j);
					const pu_framework *to2 =
					    pu_registry_find(reg, r2->to);

					if (strcmp(r2->from, to->id) != 0 ||
					    to2 == NULL ||
					    to2->type != PU_FW_REGIONAL)
						continue;
					for (size_t q = 0;
					     rc == 0 && q < r2->nlevels; q++)
						if (strcmp(r2->levels[q].level,
							   lv) == 0)
							for (size_t w = 0;
							     rc == 0 &&
							     w < r2->levels[q]
								     .nto;
							     w++)
								rc = add_level(
								    align, to2,
								    r2
									->levels
									    [q]
									.to[w],
								    base, hl,
								    il);
				}
			}
		}
	}
	return rc;
}

/* The base URL of the issuer without a trailing slash (at most 500 bytes). */
static int base_url(char out[512], const pu_issuer *iss)
{
	const char *b =
	    iss->base_url && *iss->base_url ? iss->base_url : PU_ISSUE_BASE_URL;
	size_t n = strlen(b);

	while (n > 0 && b[n - 1] == '/')
		n--;
	if (n == 0 || n > 500 || strchr(b, ':') == NULL)
		return pu_error_set(PU_EINVAL,
				    "base URL \"%.64s\": a URL of "
				    "at most 500 bytes",
				    b);
	memcpy(out, b, n);
	out[n] = '\0';
	return 0;
}

/* Whether unit u of s is among the achieved ones. */
static bool achieved(const pu_issue_options *o, const char *code)
{
	if (o->nunits == 0)
		return true;
	for (size_t i = 0; i < o->nunits; i++)
		if (strcmp(o->units[i], code) == 0)
			return true;
	return false;
}

/* Whether the units achieved make the whole standard: every core unit, and
 * for each elective group as many of its units as it asks; a standard
 * without groups needs every unit. */
static bool complete(const pu_standard *s, const pu_issue_options *o)
{
	if (o->nunits == 0)
		return true;
	for (size_t i = 0; i < s->nunits; i++)
		if (!achieved(o, s->units[i].code) &&
		    (!s->units[i].elective || s->ngroups == 0))
			return false;
	for (size_t g = 0; g < s->ngroups; g++) {
		int got = 0;

		for (size_t k = 0; k < s->groups[g].nunits; k++)
			got += achieved(o, s->groups[g].units[k]);
		if (got < s->groups[g].choose)
			return false;
	}
	return true;
}

/* The holder: a DID, a hashed identifier, a name given with consent. */
static int subject_holder(json_t *subj, const pu_issue_options *o)
{
	json_t *ids = json_array();
	int rc = 0;

	if (ids == NULL)
		return oom();
	if (o->holder_did != NULL) {
		if (strncmp(o->holder_did, "did:", 4) != 0 ||
		    strlen(o->holder_did) > 512) {
			json_decref(ids);
			return pu_error_set(PU_EINVAL,
					    "holder DID \"%.64s\" "
					    "is not a DID",
					    o->holder_did);
		}
		json_object_set_new(subj, "id", json_string(o->holder_did));
	}
	if (o->holder_id != NULL) {
		unsigned char salt[16], h[crypto_hash_sha256_BYTES];
		char salthex[33], hhex[65], hash[72];
		crypto_hash_sha256_state sh;

		if (*o->holder_id == '\0' || strlen(o->holder_id) > 1024) {
			json_decref(ids);
			return pu_error_set(PU_EINVAL,
					    "holder identifier: 1 to "
					    "1024 bytes");
		}
		randombytes_buf(salt, sizeof(salt));
		sodium_bin2hex(salthex, sizeof(salthex), salt, sizeof(salt));
		/* OB 3.0 IdentityObject: sha256$ + hex(SHA-256(identity ||
		 * salt)), the salt as written */
		crypto_hash_sha256_init(&sh);
		crypto_hash_sha256_update(&sh,
					  (const unsigned char *)o->holder_id,
					  strlen(o->holder_id));
		crypto_hash_sha256_update(&sh, (const unsigned char *)salthex,
					  32);
		crypto_hash_sha256_final(&sh, h);
		sodium_bin2hex(hhex, sizeof(hhex), h, sizeof(h));
		snprintf(hash, sizeof(hash), "sha256$%s", hhex);
		if (json_array_append_new(
			ids, json_pack("{s:s, s:s, s:s, s:b, s:s}", "type",
				       "IdentityObject", "identityHash", hash,
				       "identityType",
				       o->holder_id_type ? o->holder_id_type
							 : "identifier",
				       "hashed", 1, "salt", salthex)) != 0)
			rc = oom();
	}
	if (rc == 0 && o->holder_name != NULL) {
		if (*o->holder_name == '\0' || strlen(o->holder_name) > 256)
			rc = pu_error_set(PU_EINVAL, "holder name: 1 to 256 "
						     "bytes");
		else if (json_array_append_new(
			     ids, json_pack("{s:s, s:s, s:s, s:b}", "type",
					    "IdentityObject", "identityHash",
					    o->holder_name, "identityType",
					    "name", "hashed", 0)) != 0)
			rc = oom();
	}
	if (rc == 0 && json_array_size(ids) > 0)
		json_object_set(subj, "identifier", ids);
	json_decref(ids);
	return rc;
}

/* The unsigned credential of a standard. */
static int build(json_t **out, const pu_standard *s, const pu_registry *reg,
		 const pu_issuer *iss, const char *did,
		 const pu_issue_options *o, const char *id,
		 const char *valid_from)
{
	const char *il = iss->lang ? iss->lang : s->language;
	const char *hl = o->lang ? o->lang : il;
	char base[512];
	json_t *doc = NULL, *ach = NULL, *subj = NULL, *align = NULL;
	json_t *descs = NULL, *results = NULL, *issuer = NULL, *v;
	pu_buf achid = PU_BUF_INIT, human = PU_BUF_INIT,
	       narrative = PU_BUF_INIT;
	pu_buf aname = PU_BUF_INIT;
	size_t nach = 0;
	bool partial;
	int rc = 0;

	*out = NULL;
	if ((rc = base_url(base, iss)) < 0)
		return rc;
	for (size_t i = 0; i < o->nunits; i++)
		if (pu_standard_unit(s, o->units[i]) == NULL)
			return pu_error_set(PU_EINVAL,
					    "%s/%s has no unit "
					    "\"%.64s\"",
					    s->country, s->code, o->units[i]);
	for (size_t i = 0; i < s->nunits; i++)
		nach += achieved(o, s->units[i].code);
	partial = !complete(s, o);

	if (pu_buf_printf(&achid, "%s/api/v1/standards/%s/%s", base, s->country,
			  s->code) < 0 ||
	    pu_buf_printf(&human, "%s/%s", s->country, s->code) < 0 ||
	    pu_buf_printf(&narrative, "%s %s/%s:",
			  partial ? "Assessed competent in these units of"
			  : nach == s->nunits
			      ? "Assessed competent in every unit of"
			      : "Assessed competent in the core units and "
				"the electives required by",
			  s->country, s->code) < 0)
		return oom();
	align = json_array();
	descs = json_array();
	results = json_array();
	if (align == NULL || descs == NULL || results == NULL) {
		rc = oom();
		goto done;
	}
	for (size_t i = 0; rc == 0 && i < s->nunits; i++) {
		const pu_unit *u = &s->units[i];
		pu_buf rid = PU_BUF_INIT, rname = PU_BUF_INIT;

		if (!achieved(o, u->code))
			continue;
		rc = pu_buf_printf(&rid, "%s#unit-%s", achid.ptr, u->code);
		if (rc == 0)
			rc = pu_buf_printf(&rname, "%s %s", u->code,
					   plain(&u->title, hl, il));
		if (rc == 0)
			rc = pu_buf_printf(
			    &narrative, "%s %s",
			    nach > 0 && narrative.ptr[narrative.len - 1] == ':'
				? ""
				: ",",
			    u->code);
		if (rc == 0 &&
		    (json_array_append_new(
			 descs,
			 json_pack("{s:s, s:[s], s:s, s:s}", "id", rid.ptr,
				   "type", "ResultDescription", "name",
				   rname.ptr, "resultType", "Status")) != 0 ||
		     json_array_append_new(
			 results, json_pack("{s:[s], s:s, s:s}", "type",
					    "Result", "resultDescription",
					    rid.ptr, "status", "Completed")) !=
			 0))
			rc = oom();
		pu_buf_free(&rid);
		pu_buf_free(&rname);
	}
	if (rc == 0 && nach == 0)
		rc = pu_buf_puts(&narrative, " the standard as a whole");
	if (rc == 0)
		rc = levels(align, reg, s, base, hl, il);
	if (rc < 0)
		goto done;

	ach = json_pack("{s:s, s:[s], s:s, s:s, s:{s:s}, s:s}", "id", achid.ptr,
			"type", "Achievement", "achievementType",
			partial ? "ext:StatementOfAttainment" : "Certification",
			"humanCode", human.ptr, "criteria", "narrative",
			narrative.ptr, "inLanguage", hl);
	if (ach == NULL) {
		rc = oom();
		goto done;
	}
	v = text2(&s->title, hl, il, PU_CATALOG_MAX_TEXT);
	if (partial) {
		/* the name says it is a statement of attainment */
		rc = pu_buf_printf(&aname,
				   "Statement of attainment (%zu of "
				   "%zu units): %s",
				   nach, s->nunits, plain(&s->title, hl, il));
		json_decref(v);
		v = rc == 0 ? json_string(aname.ptr) : NULL;
	}
	if (v == NULL) {
		rc = rc < 0 ? rc : oom();
		goto done;
	}
	json_object_set_new(ach, "name", v);
	v = text2(&s->description, hl, il, MAX_DESCRIPTION);
	json_object_set_new(ach, "description",
			    v ? v : json_string(plain(&s->title, hl, il)));
	if (json_array_size(align) > 0)
		json_object_set(ach, "alignment", align);
	if (json_array_size(descs) > 0)
		json_object_set(ach, "resultDescription", descs);
	if (s->version != NULL)
		json_object_set_new(ach, "version", json_string(s->version));

	subj = json_pack("{s:[s], s:O}", "type", "AchievementSubject",
			 "achievement", ach);
	if (subj == NULL) {
		rc = oom();
		goto done;
	}
	rc = subject_holder(subj, o);
	if (rc < 0)
		goto done;
	if (json_array_size(results) > 0)
		json_object_set(subj, "result", results);

	issuer = json_pack("{s:s, s:[s], s:s}", "id", did, "type", "Profile",
			   "name", iss->name ? iss->name : did);
	if (issuer == NULL) {
		rc = oom();
		goto done;
	}
	if (iss->url)
		json_object_set_new(issuer, "url", json_string(iss->url));
	if (iss->country)
		json_object_set_new(issuer, "address",
				    json_pack("{s:[s], s:s}", "type", "Address",
					      "addressCountryCode",
					      iss->country));
	doc = json_pack("{s:[s,s], s:s, s:[s,s], s:O, s:s, s:O}", "@context",
			PU_CRED_CONTEXT_V2, PU_CRED_CONTEXT_OB3, "id", id,
			"type", "VerifiableCredential", "OpenBadgeCredential",
			"issuer", issuer, "validFrom", valid_from,
			"credentialSubject", subj);
	if (doc == NULL) {
		rc = oom();
		goto done;
	}
	json_object_set(doc, "name", json_object_get(ach, "name"));
	if (o->valid_until)
		json_object_set_new(doc, "validUntil",
				    json_string(o->valid_until));
	*out = doc;
done:
	json_decref(ach);
	json_decref(subj);
	json_decref(align);
	json_decref(descs);
	json_decref(results);
	json_decref(issuer);
	pu_buf_free(&achid);
	pu_buf_free(&human);
	pu_buf_free(&narrative);
	pu_buf_free(&aname);
	return rc;
}

int pu_issue_sign_record(pu_store *st, const pu_issuer *iss,
			 const pu_actor *auditor, json_t *doc, const char *did,
			 const char *country, const char *standard,
			 bool add_status, int64_t now, char **text_out,
			 pu_issued *rec)
{
	const pu_store_cred_ops *ops = pu_issue_ops(st);
	char base[512];
	pu_cred_list_row list = {0};
	pu_buf text = PU_BUF_INIT, subject = PU_BUF_INIT;
	unsigned char digest[32];
	char created[21];
	int64_t index = -1;
	pu_issued r;
	const char *until;
	int rc;

	if (ops == NULL)
		return PU_ESTORE;
	if ((rc = base_url(base, iss)) < 0)
		return rc;
	memset(&r, 0, sizeof(r));
	pu_issue_time(created, now);
	rc = pu_issue_alloc(st, iss->key, base, now, &list, &index);
	if (rc == 0 && add_status) {
		json_t *arr = json_array();

		if (arr == NULL ||
		    json_array_append_new(
			arr,
			pu_cred_status_entry(list.revocation_url, "revocation",
					     (size_t)index)) != 0 ||
		    json_array_append_new(
			arr,
			pu_cred_status_entry(list.suspension_url, "suspension",
					     (size_t)index)) != 0)
			rc = oom();
		if (rc == 0)
			json_object_set(doc, "credentialStatus", arr);
		json_decref(arr);
	}
	if (rc == 0)
		rc = pu_cred_sign_json(doc, iss->key, created, NULL);
	if (rc == 0)
		rc = pu_cred_jcs(&text, doc);
	if (rc < 0)
		goto done;
	pu_audit_digest(text.ptr, text.len, digest);
	snprintf(r.id, sizeof(r.id), "%s",
		 json_string_value(json_object_get(doc, "id")));
	snprintf(r.issuer, sizeof(r.issuer), "%s", did);
	snprintf(r.country, sizeof(r.country), "%s", country ? country : "");
	snprintf(r.standard, sizeof(r.standard), "%s", standard);
	r.list = list.id;
	r.index = index;
	snprintf(r.issued_at, sizeof(r.issued_at), "%s", created);
	until = json_string_value(json_object_get(doc, "validUntil"));
	snprintf(r.valid_until, sizeof(r.valid_until), "%s",
		 until ? until : "");
	sodium_bin2hex(r.digest, sizeof(r.digest), digest, sizeof(digest));
	r.state = PU_CRED_ACTIVE;
	rc = ops->cred_insert(st, &r);
	if (rc == 0)
		rc = pu_buf_printf(&subject, "%s %s", r.id,
				   *standard ? standard : "-");
	if (rc == 0)
		rc = pu_audit_append(st, auditor, "credential.issue", country,
				     subject.ptr, digest);
	if (rc == 0 && rec)
		*rec = r;
	if (rc == 0 && text_out) {
		*text_out = pu_buf_detach(&text);
		if (*text_out == NULL)
			rc = oom();
	}
done:
	pu_cred_list_row_clear(&list);
	pu_buf_free(&text);
	pu_buf_free(&subject);
	return rc;
}

/* A BCP 47 tag as Puente uses them: "es", "es-MX", "ht". */
static bool lang_ok(const char *s)
{
	size_t n = 0, part = 0;

	if (s == NULL)
		return true;
	for (; s[n] != '\0'; n++) {
		char c = s[n];

		if (c == '-') {
			if (part == 0)
				return false;
			part = 0;
			continue;
		}
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		      (part > 0 && n > 2 && c >= '0' && c <= '9')) ||
		    ++part > 8)
			return false;
	}
	return n >= 2 && n <= 35 && part > 0;
}

/* OB 3.0 IdentifierTypeEnum values, or an extension ("ext:..."). */
static bool id_type_ok(const char *t)
{
	static const char *const known[] = {"name",
					    "sourcedId",
					    "systemId",
					    "productId",
					    "userName",
					    "accountId",
					    "emailAddress",
					    "nationalIdentityNumber",
					    "isbn",
					    "issn",
					    "lisSourcedId",
					    "oneRosterSourcedId",
					    "sisSourcedId",
					    "ltiContextId",
					    "ltiDeploymentId",
					    "ltiToolId",
					    "ltiPlatformId",
					    "ltiUserId",
					    "identifier"};

	if (t == NULL)
		return true;
	if (strncmp(t, "ext:", 4) == 0 && t[4] != '\0' && strlen(t) <= 64)
		return true;
	for (size_t i = 0; i < sizeof(known) / sizeof(known[0]); i++)
		if (strcmp(t, known[i]) == 0)
			return true;
	return false;
}

static int check_date(const char *what, const char *s)
{
	int64_t t;

	if (s != NULL && pu_cred_time_parse(&t, s) < 0)
		return pu_error_prefix("%s: ", what);
	return 0;
}

int pu_issue(pu_store *st, const pu_issuer *iss, const pu_issue_options *o,
	     char **out, pu_issued *rec)
{
	pu_standard *s = NULL;
	pu_registry *reg = NULL;
	json_t *doc = NULL;
	pu_buf did = PU_BUF_INIT, standard = PU_BUF_INIT;
	char id[46], from[32];
	int64_t now;
	int rc;

	*out = NULL;
	if (o == NULL || o->version != PU_ISSUE_OPTIONS_VERSION ||
	    iss == NULL || iss->key == NULL || o->country == NULL ||
	    o->code == NULL)
		return pu_error_set(PU_EINVAL,
				    "issue: a key, a standard and "
				    "options of version %d are needed",
				    PU_ISSUE_OPTIONS_VERSION);
	if (o->holder_did == NULL && o->holder_id == NULL)
		return pu_error_set(PU_EINVAL,
				    "the holder is needed: a DID or "
				    "an identifier (kept only as a salted "
				    "hash)");
	if (o->actor != NULL && (rc = pu_authorize(o->actor, PU_ACT_CRED_ISSUE,
						   o->country, NULL)) < 0)
		return rc;
	if (!lang_ok(o->lang) || !lang_ok(iss->lang))
		return pu_error_set(PU_EINVAL, "language: a BCP 47 tag such as "
					       "es or es-MX");
	if (!id_type_ok(o->holder_id_type))
		return pu_error_set(PU_EINVAL,
				    "holder identifier type \"%.64s\" "
				    "is not an Open Badges 3.0 one "
				    "(nationalIdentityNumber, identifier, "
				    "emailAddress, ..., or ext:NAME)",
				    o->holder_id_type);
	if ((rc = check_date("validFrom", o->valid_from)) < 0 ||
	    (rc = check_date("validUntil", o->valid_until)) < 0)
		return rc;
	now = o->now ? o->now : pu_auth_now();
	if (o->valid_from)
		snprintf(from, sizeof(from), "%s", o->valid_from);
	else
		pu_issue_time(from, now);
	rc = pu_store_get_standard(st, o->country, o->code, &s);
	if (rc == PU_ENOTFOUND)
		return pu_error_set(PU_ENOTFOUND, "no standard %.16s/%.64s",
				    o->country, o->code);
	if (rc < 0)
		return rc;
	rc = pu_store_registry(st, &reg);
	if (rc == 0)
		rc = pu_cred_didkey_from_public(&did, iss->key->pk);
	pu_issue_new_id(id);
	if (rc == 0)
		rc = build(&doc, s, reg, iss, did.ptr, o, id, from);
	if (rc == 0)
		rc = pu_buf_printf(&standard, "%s/%s", s->country, s->code);
	if (rc < 0)
		goto done;
	rc = pu_store_begin(st);
	if (rc == 0)
		rc = pu_issue_sign_record(st, iss,
					  o->actor ? o->actor : o->local, doc,
					  did.ptr, s->country, standard.ptr,
					  true, now, out, rec);
	if (rc == 0)
		rc = pu_store_commit(st);
	if (rc < 0) {
		pu_store_rollback(st);
		free(*out);
		*out = NULL;
	}
done:
	json_decref(doc);
	pu_standard_free(s);
	pu_registry_free(reg);
	pu_buf_free(&did);
	pu_buf_free(&standard);
	return rc;
}

int pu_issue_get(pu_store *st, const char *id, pu_issued *out)
{
	const pu_store_cred_ops *ops = pu_issue_ops(st);
	int rc;

	if (ops == NULL)
		return PU_ESTORE;
	rc = ops->cred_get(st, id, out);
	if (rc == PU_ENOTFOUND)
		return pu_error_set(PU_ENOTFOUND,
				    "no credential %.100s issued "
				    "here",
				    id);
	return rc;
}
