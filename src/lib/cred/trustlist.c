/*
 * Building and signing trust lists (docs/formats.md "Trust list"): a
 * VC-shaped document of type PuenteTrustList whose credentialSubject lists
 * the accredited issuers, signed with eddsa-jcs-2022 by the authority that
 * publishes it. The verifier side (pu_cred_trust_add_list) is trust.c's.
 */
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "puente/buf.h"
#include "puente/cred.h"
#include "puente/error.h"
#include "puente/issue.h"

static int date_ok(const char *what, const char *s)
{
	int64_t t;

	if (s != NULL && pu_cred_time_parse(&t, s) < 0)
		return pu_error_prefix("%s: ", what);
	return 0;
}

int pu_trustlist_new(json_t **out, const char *id, const char *name,
		     const char *valid_from, const char *valid_until)
{
	pu_buf sid = PU_BUF_INIT;
	json_t *doc;
	int rc;

	*out = NULL;
	if (id == NULL || strchr(id, ':') == NULL || strlen(id) > 1000)
		return pu_error_set(PU_EINVAL, "trust list: its id must be a "
					       "URL");
	if ((rc = date_ok("validFrom", valid_from)) < 0 ||
	    (rc = date_ok("validUntil", valid_until)) < 0)
		return rc;
	if (pu_buf_printf(&sid, "%s#issuers", id) < 0)
		return PU_ENOMEM;
	doc = json_pack("{s:[s], s:s, s:[s,s], s:{s:s, s:[]}}", "@context",
			PU_CRED_CONTEXT_V2, "id", id, "type",
			"VerifiableCredential", "PuenteTrustList",
			"credentialSubject", "id", sid.ptr, "issuers");
	pu_buf_free(&sid);
	if (doc == NULL)
		return pu_error_set(PU_ENOMEM, "out of memory");
	if (name)
		json_object_set_new(doc, "name", json_string(name));
	if (valid_from)
		json_object_set_new(doc, "validFrom", json_string(valid_from));
	if (valid_until)
		json_object_set_new(doc, "validUntil",
				    json_string(valid_until));
	*out = doc;
	return 0;
}

int pu_trustlist_add(json_t *list, const pu_trust_entry *e)
{
	json_t *issuers = json_object_get(
	    json_object_get(list, "credentialSubject"), "issuers");
	json_t *entry, *scope, *old;
	unsigned char pk[32];
	size_t i;
	int rc;

	if (!json_is_array(issuers))
		return pu_error_set(PU_EINVAL,
				    "not a trust list "
				    "(credentialSubject.issuers missing)");
	if (e->did == NULL || strchr(e->did, '#') != NULL ||
	    pu_cred_didkey_resolve(pk, e->did) < 0)
		return pu_error_set(PU_EINVAL,
				    "issuer: \"%.100s\" is not an "
				    "Ed25519 did:key without fragment",
				    e->did ? e->did : "");
	if (e->country == NULL || *e->country == '\0' ||
	    strlen(e->country) > 16)
		return pu_error_set(PU_EINVAL, "issuer: a country is needed");
	if (e->role == NULL || *e->role == '\0' || strlen(e->role) > 64)
		return pu_error_set(PU_EINVAL,
				    "issuer: a role is needed "
				    "(authority, certification-body, ...)");
	if ((rc = date_ok("validFrom", e->valid_from)) < 0 ||
	    (rc = date_ok("validUntil", e->valid_until)) < 0)
		return rc;
	scope = json_array();
	for (i = 0; scope != NULL && i < e->nscope; i++)
		json_array_append_new(scope, json_string(e->scope[i]));
	if (scope != NULL && e->nscope == 0)
		json_array_append_new(scope, json_string("*"));
	entry = json_pack("{s:s, s:s, s:s, s:o}", "id", e->did, "country",
			  e->country, "role", e->role, "scope", scope);
	if (entry == NULL)
		return pu_error_set(PU_ENOMEM, "out of memory");
	if (e->name)
		json_object_set_new(entry, "name", json_string(e->name));
	if (e->valid_from)
		json_object_set_new(entry, "validFrom",
				    json_string(e->valid_from));
	if (e->valid_until)
		json_object_set_new(entry, "validUntil",
				    json_string(e->valid_until));
	/* the same DID and start replace the entry (a new scope, an end) */
	json_array_foreach(issuers, i, old)
	{
		const char *od = json_string_value(json_object_get(old, "id"));
		const char *of =
		    json_string_value(json_object_get(old, "validFrom"));

		if (od && strcmp(od, e->did) == 0 &&
		    ((of == NULL && e->valid_from == NULL) ||
		     (of && e->valid_from && strcmp(of, e->valid_from) == 0))) {
			json_array_set_new(issuers, i, entry);
			json_object_del(list, "proof");
			return 0;
		}
	}
	json_array_append_new(issuers, entry);
	json_object_del(list, "proof");
	return 0;
}

int pu_trustlist_sign(json_t *list, const pu_cred_key *key, const char *created)
{
	pu_buf did = PU_BUF_INIT;
	int rc;

	if (!json_is_object(list) ||
	    !json_is_array(json_object_get(
		json_object_get(list, "credentialSubject"), "issuers")))
		return pu_error_set(PU_EINVAL, "not a trust list");
	rc = pu_cred_didkey_from_public(&did, key->pk);
	if (rc < 0)
		return rc;
	json_object_del(list, "proof");
	json_object_set_new(list, "issuer", json_string(did.ptr));
	pu_buf_free(&did);
	return pu_cred_sign_json(list, key, created, NULL);
}
