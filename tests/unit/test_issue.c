/*
 * Issuing and revoking credentials (include/puente/issue.h): an issued
 * certificate verifies with pu_cred_verify against the issuer's own status
 * lists and a signed trust list; a statement of attainment lists only the
 * units achieved and says so; the holder appears only as asked (a DID, a
 * salted hash, a name with consent); scope is enforced; revocation,
 * suspension and its undoing flip the bits, single and in bulk, and the
 * verifier reports them; indexes never repeat; trust lists round-trip; the
 * VC-API entry point refuses malformed data-model input.
 */
#include "helpers.h"

#include <jansson.h>
#include <sodium.h>

#include "cred/issue_internal.h"
#include "puente/audit.h"
#include "puente/buf.h"
#include "puente/auth.h"
#include "puente/cred.h"
#include "puente/issue.h"

static const char *const doc =
    "{\"format\": \"puente/1\", \"frameworks\": ["
    "{\"id\": \"rqf\", \"type\": \"regional\", \"country\": \"SICA\","
    " \"name\": {\"en\": \"Regional framework\", \"es\": \"Marco "
    "regional\"}, \"short_name\": \"RQF\", \"levels\": ["
    " {\"code\": \"1\", \"name\": {\"en\": \"One\"}},"
    " {\"code\": \"2\", \"name\": {\"en\": \"Two\"}}]},"
    "{\"id\": \"cr-mnc\", \"type\": \"national\", \"country\": \"CR\","
    " \"name\": {\"es\": \"Marco Nacional CR\"}, \"short_name\": \"MNC\","
    " \"levels\": [{\"code\": \"1\", \"name\": {\"es\": \"Técnico 1\"}},"
    " {\"code\": \"2\", \"name\": {\"es\": \"Técnico 2\"}}]}],"
    "\"referencing\": [{\"from\": \"cr-mnc\", \"to\": \"rqf\", \"status\": "
    "\"official\", \"source\": \"test\", \"levels\": [{\"level\": \"2\", "
    "\"to\": [\"2\"]}]}],"
    "\"standards\": [{\"country\": \"CR\", \"code\": \"CR-COOK-01\", "
    "\"language\": \"es\", \"title\": {\"es\": \"Cocina básica\", \"en\": "
    "\"Basic cookery\"}, \"description\": {\"es\": \"Prepara platos.\"},"
    " \"level\": {\"framework\": \"cr-mnc\", \"level\": \"2\"}, \"units\": ["
    " {\"code\": \"U1\", \"title\": {\"es\": \"Higiene\"}},"
    " {\"code\": \"U2\", \"title\": {\"es\": \"Cortes\"}},"
    " {\"code\": \"U3\", \"title\": {\"es\": \"Cocción\"}}]},"
    "{\"country\": \"CR\", \"code\": \"CR-Q-01\", \"kind\": "
    "\"qualification\", \"language\": \"es\", \"title\": {\"es\": "
    "\"Cocina\"}, \"units\": [{\"code\": \"C1\", \"title\": {\"es\": "
    "\"Base\"}}, {\"code\": \"E1\", \"type\": \"elective\", \"title\": "
    "{\"es\": \"Pastas\"}}, {\"code\": \"E2\", \"type\": \"elective\","
    " \"title\": {\"es\": \"Postres\"}}], \"elective_groups\": [{\"id\":"
    " \"G1\", \"choose\": 1, \"units\": [\"E1\", \"E2\"]}]}]}";

struct fixture {
	struct tmpdb *db;
	pu_cred_key key, authority;
	char did[128];
	pu_cred_trust *trust;
};

static int key_for(void *arg, const char *did, const pu_cred_key **out)
{
	struct fixture *f = arg;

	if (strcmp(did, f->did) != 0)
		return pu_error_set(PU_ENOTFOUND, "no key for %s", did);
	*out = &f->key;
	return 0;
}

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	pu_buf b = PU_BUF_INIT, tb = PU_BUF_INIT;
	json_t *tl = NULL;
	pu_trust_entry e = {0};
	const char *scope[] = {"CR/*"};

	if (store_setup((void **)&f->db) != 0)
		return -1;
	put_json(f->db->st, doc);
	assert_ok(pu_cred_key_generate(&f->key));
	assert_ok(pu_cred_key_generate(&f->authority));
	assert_ok(pu_cred_didkey_from_public(&b, f->key.pk));
	snprintf(f->did, sizeof(f->did), "%s", b.ptr);
	/* a trust list of the authority accrediting the issuer for CR */
	assert_ok(pu_trustlist_new(&tl, "https://trust.example/sica/1",
				   "test list", "2020-01-01T00:00:00Z", NULL));
	e.did = f->did;
	e.country = "CR";
	e.role = "authority";
	e.scope = scope;
	e.nscope = 1;
	assert_ok(pu_trustlist_add(tl, &e));
	assert_ok(pu_trustlist_sign(tl, &f->authority, "2026-01-01T00:00:00Z"));
	assert_ok(pu_cred_jcs(&tb, tl));
	assert_ok(pu_cred_trust_new(&f->trust));
	pu_buf_clear(&b);
	assert_ok(pu_cred_didkey_from_public(&b, f->authority.pk));
	assert_ok(pu_cred_trust_add_anchor(f->trust, b.ptr));
	assert_ok(pu_cred_trust_add_list(f->trust, tb.ptr, tb.len, 0));
	json_decref(tl);
	pu_buf_free(&b);
	pu_buf_free(&tb);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	pu_cred_trust_free(f->trust);
	tmpdb_free(f->db);
	free(f);
	return 0;
}

static pu_issuer issuer_of(struct fixture *f)
{
	pu_issuer iss = {&f->key, "INA", "CR",
			 NULL,	  "es",	 "https://puente.test"};

	return iss;
}

static char *issue(struct fixture *f, const char *const *units, size_t n,
		   pu_issued *rec)
{
	pu_issuer iss = issuer_of(f);
	pu_issue_options o = PU_ISSUE_OPTIONS_INIT;
	char *out = NULL;

	o.country = "CR";
	o.code = "CR-COOK-01";
	o.units = units;
	o.nunits = n;
	o.holder_did = "did:key:z6MkholderExampleOnly";
	o.lang = "en";
	assert_ok(pu_issue(f->db->st, &iss, &o, &out, rec));
	return out;
}

/* Verifies with the store's current lists and the trust list. */
static pu_cred_report *verify(struct fixture *f, const char *cred)
{
	pu_cred_verify_options vo = PU_CRED_VERIFY_INIT;
	pu_cred_status_cache *c = NULL;
	pu_cred_report *r = NULL;

	assert_ok(pu_cred_status_cache_new(&c));
	assert_ok(pu_statuslist_load(f->db->st, NULL, c, 0));
	vo.trust = f->trust;
	vo.status = c;
	assert_ok(pu_cred_verify(&r, cred, strlen(cred), &vo));
	pu_cred_status_cache_free(c);
	return r;
}

static json_t *parse(const char *s)
{
	json_t *v = json_loads(s, 0, NULL);

	assert_non_null(v);
	return v;
}

static void issued_credential_verifies(void **state)
{
	struct fixture *f = *state;
	pu_issued rec;
	char *cred = issue(f, NULL, 0, &rec);
	pu_cred_report *r = verify(f, cred);
	json_t *v = parse(cred), *ach, *align;

	if (!r->ok)
		fail_msg("%s / %s / %s / %s / %s", r->doc_reason, r->sig_reason,
			 r->trust_reason, r->status_reason, r->dates_reason);
	assert_int_equal(r->sig, PU_CRED_SIG_VALID);
	assert_int_equal(r->trust, PU_CRED_TRUST_TRUSTED);
	assert_int_equal(r->status, PU_CRED_STATUS_ACTIVE);
	assert_string_equal(r->issuer, f->did);
	ach = json_object_get(json_object_get(v, "credentialSubject"),
			      "achievement");
	assert_string_equal(
	    json_string_value(json_object_get(ach, "humanCode")),
	    "CR/CR-COOK-01");
	assert_string_equal(
	    json_string_value(json_object_get(ach, "achievementType")),
	    "Certification");
	/* both languages of the title, the holder's first */
	assert_string_equal(
	    json_string_value(json_object_get(
		json_array_get(json_object_get(ach, "name"), 0), "@value")),
	    "Basic cookery");
	assert_int_equal(
	    json_array_size(json_object_get(ach, "resultDescription")), 3);
	/* national level and the regional one */
	align = json_object_get(ach, "alignment");
	assert_int_equal(json_array_size(align), 2);
	assert_string_equal(json_string_value(json_object_get(
				json_array_get(align, 1), "targetCode")),
			    "2");
	assert_int_equal(
	    json_array_size(json_object_get(v, "credentialStatus")), 2);
	assert_string_equal(rec.standard, "CR/CR-COOK-01");
	assert_string_equal(rec.country, "CR");
	assert_int_equal(strlen(rec.digest), 64);
	/* recorded and audited */
	{
		pu_issued got;
		pu_audit_entry *e = NULL;
		size_t n = 0;

		assert_ok(pu_issue_get(f->db->st, rec.id, &got));
		assert_int_equal(got.index, rec.index);
		assert_ok(pu_audit_list(f->db->st, NULL, NULL, 1, &e, &n));
		assert_int_equal(n, 1);
		assert_string_equal(e[0].action, "credential.issue");
		assert_non_null(strstr(e[0].subject, rec.id));
		free(e);
	}
	json_decref(v);
	pu_cred_report_free(r);
	free(cred);
}

static void statement_lists_only_achieved_units(void **state)
{
	struct fixture *f = *state;
	const char *units[] = {"U1", "U3"};
	char *cred = issue(f, units, 2, NULL);
	json_t *v = parse(cred), *subj, *ach, *res;
	pu_cred_report *r = verify(f, cred);
	const char *name;

	assert_true(r->ok);
	subj = json_object_get(v, "credentialSubject");
	ach = json_object_get(subj, "achievement");
	res = json_object_get(subj, "result");
	assert_int_equal(json_array_size(res), 2);
	assert_int_equal(
	    json_array_size(json_object_get(ach, "resultDescription")), 2);
	assert_null(strstr(cred, "unit-U2"));
	assert_non_null(strstr(cred, "unit-U3"));
	assert_string_equal(
	    json_string_value(json_object_get(ach, "achievementType")),
	    "ext:StatementOfAttainment");
	name = json_string_value(json_object_get(ach, "name"));
	assert_non_null(name);
	assert_non_null(strstr(name, "Statement of attainment (2 of 3"));
	json_decref(v);
	pu_cred_report_free(r);
	free(cred);
}

/* Core units and the electives a group asks for make a full certificate. */
static void electives_make_a_full_certificate(void **state)
{
	struct fixture *f = *state;
	pu_issuer iss = issuer_of(f);
	pu_issue_options o = PU_ISSUE_OPTIONS_INIT;
	const char *full[] = {"C1", "E2"}, *part[] = {"E1", "E2"};
	char *out = NULL;

	o.country = "CR";
	o.code = "CR-Q-01";
	o.holder_did = "did:key:z6Mkx";
	o.units = full;
	o.nunits = 2;
	assert_ok(pu_issue(f->db->st, &iss, &o, &out, NULL));
	assert_non_null(strstr(out, "\"achievementType\":\"Certification\""));
	assert_null(strstr(out, "unit-E1"));
	free(out);
	o.units = part; /* no core unit */
	assert_ok(pu_issue(f->db->st, &iss, &o, &out, NULL));
	assert_non_null(strstr(out, "ext:StatementOfAttainment"));
	free(out);
}

static void unknown_unit_is_refused(void **state)
{
	struct fixture *f = *state;
	pu_issuer iss = issuer_of(f);
	pu_issue_options o = PU_ISSUE_OPTIONS_INIT;
	const char *units[] = {"U9"};
	char *out = NULL;

	o.country = "CR";
	o.code = "CR-COOK-01";
	o.units = units;
	o.nunits = 1;
	o.holder_did = "did:key:z6Mkx";
	assert_error(pu_issue(f->db->st, &iss, &o, &out, NULL), PU_EINVAL,
		     "no unit \"U9\"");
	o.nunits = 0;
	o.holder_did = NULL;
	assert_error(pu_issue(f->db->st, &iss, &o, &out, NULL), PU_EINVAL,
		     "holder");
	o.holder_did = "did:key:z6Mkx";
	o.lang = "en_GB";
	assert_error(pu_issue(f->db->st, &iss, &o, &out, NULL), PU_EINVAL,
		     "BCP 47");
	o.lang = "es-MX";
	o.holder_id = "x";
	o.holder_id_type = "migratoryStatus";
	assert_error(pu_issue(f->db->st, &iss, &o, &out, NULL), PU_EINVAL,
		     "not an Open Badges 3.0 one");
	o.holder_id = NULL;
	o.holder_id_type = NULL;
	o.code = "CR-NONE";
	assert_error(pu_issue(f->db->st, &iss, &o, &out, NULL), PU_ENOTFOUND,
		     "no standard");
}

static void holder_only_as_agreed(void **state)
{
	struct fixture *f = *state;
	pu_issuer iss = issuer_of(f);
	pu_issue_options o = PU_ISSUE_OPTIONS_INIT;
	char *out = NULL;
	json_t *v, *ids, *id0;
	const char *salt, *hash;
	unsigned char h[32];
	char hex[65], want[72];
	crypto_hash_sha256_state sh;

	o.country = "CR";
	o.code = "CR-COOK-01";
	o.holder_id = "CR-1-2345-6789";
	o.holder_id_type = "nationalIdentityNumber";
	assert_ok(pu_issue(f->db->st, &iss, &o, &out, NULL));
	assert_null(strstr(out, "CR-1-2345-6789"));
	assert_null(strstr(out, "\"name\",\"hashed\":false"));
	assert_null(strstr(out, "migra"));
	assert_null(strstr(out, "nationality"));
	v = parse(out);
	ids = json_object_get(json_object_get(v, "credentialSubject"),
			      "identifier");
	assert_int_equal(json_array_size(ids), 1);
	id0 = json_array_get(ids, 0);
	assert_true(json_is_true(json_object_get(id0, "hashed")));
	assert_null(
	    json_object_get(json_object_get(v, "credentialSubject"), "id"));
	salt = json_string_value(json_object_get(id0, "salt"));
	hash = json_string_value(json_object_get(id0, "identityHash"));
	crypto_hash_sha256_init(&sh);
	crypto_hash_sha256_update(&sh, (const unsigned char *)o.holder_id,
				  strlen(o.holder_id));
	crypto_hash_sha256_update(&sh, (const unsigned char *)salt,
				  strlen(salt));
	crypto_hash_sha256_final(&sh, h);
	sodium_bin2hex(hex, sizeof(hex), h, 32);
	snprintf(want, sizeof(want), "sha256$%s", hex);
	assert_string_equal(hash, want);
	json_decref(v);
	free(out);

	/* a name only when given (the holder agreed) */
	o.holder_name = "Ana Pérez";
	assert_ok(pu_issue(f->db->st, &iss, &o, &out, NULL));
	assert_non_null(strstr(out, "Ana Pérez"));
	free(out);
}

static void scope_is_enforced(void **state)
{
	struct fixture *f = *state;
	pu_issuer iss = issuer_of(f);
	pu_issue_options o = PU_ISSUE_OPTIONS_INIT;
	pu_actor cl = {0}, cr = {0}, admin;
	char *out = NULL;
	pu_audit_entry *e = NULL;
	size_t n = 0;

	cl.role = cr.role = PU_ROLE_AUTHORITY;
	cl.user_id = 2;
	cr.user_id = 3;
	snprintf(cl.name, sizeof(cl.name), "auth-cl");
	snprintf(cr.name, sizeof(cr.name), "auth-cr");
	snprintf(cl.country, sizeof(cl.country), "CL");
	snprintf(cr.country, sizeof(cr.country), "CR");
	pu_actor_cli(&admin, "tester");
	o.country = "CR";
	o.code = "CR-COOK-01";
	o.holder_did = "did:key:z6Mkx";
	o.actor = &cl;
	assert_error(pu_issue(f->db->st, &iss, &o, &out, NULL), PU_EDENIED,
		     "authority of CL may not issue CR's credentials");
	o.actor = &admin;
	assert_error(pu_issue(f->db->st, &iss, &o, &out, NULL), PU_EDENIED,
		     "may not issue");
	assert_ok(pu_audit_list(f->db->st, NULL, NULL, 10, &e, &n));
	assert_int_equal(n, 0);
	free(e);
	o.actor = &cr;
	assert_ok(pu_issue(f->db->st, &iss, &o, &out, NULL));
	free(out);
	assert_ok(pu_audit_list(f->db->st, NULL, NULL, 10, &e, &n));
	assert_int_equal(n, 1);
	assert_string_equal(e[0].actor, "auth-cr");
	free(e);
}

static pu_revoke_options rev_opts(struct fixture *f, pu_revoke_action a,
				  const char *reason)
{
	pu_revoke_options o = PU_REVOKE_OPTIONS_INIT;

	o.action = a;
	o.reason = reason;
	o.key_for = key_for;
	o.key_arg = f;
	return o;
}

static void revoke_one(void **state)
{
	struct fixture *f = *state;
	pu_issued rec, got;
	char *cred = issue(f, NULL, 0, &rec), *other = issue(f, NULL, 0, NULL);
	pu_revoke_options o = rev_opts(f, PU_REVOKE_REVOKE,
				       "fraud in the "
				       "assessment");
	const char *ids[] = {rec.id};
	pu_revoke_result res;
	pu_cred_report *r;
	pu_audit_entry *e = NULL;
	size_t n = 0;

	o.ids = ids;
	o.nids = 1;
	assert_ok(pu_revoke(f->db->st, &o, &res));
	assert_int_equal(res.matched, 1);
	assert_int_equal(res.changed, 1);
	assert_int_equal(res.lists, 1);
	r = verify(f, cred);
	assert_false(r->ok);
	assert_int_equal(r->status, PU_CRED_STATUS_REVOKED);
	assert_int_equal(r->sig, PU_CRED_SIG_VALID);
	pu_cred_report_free(r);
	r = verify(f, other);
	assert_true(r->ok);
	pu_cred_report_free(r);
	assert_ok(pu_issue_get(f->db->st, rec.id, &got));
	assert_int_equal(got.state, PU_CRED_REVOKED);
	assert_ok(pu_audit_list(f->db->st, NULL, NULL, 1, &e, &n));
	assert_string_equal(e[0].action, "credential.revoke");
	assert_non_null(strstr(e[0].subject, "fraud in the assessment"));
	assert_string_equal(e[0].country, "CR");
	free(e);
	/* again: nothing changes; a revoked one is not suspended either */
	assert_ok(pu_revoke(f->db->st, &o, &res));
	assert_int_equal(res.changed, 0);
	assert_int_equal(res.unchanged, 1);
	o.action = PU_REVOKE_SUSPEND;
	assert_ok(pu_revoke(f->db->st, &o, &res));
	assert_int_equal(res.changed, 0);
	/* no reason, unknown id */
	o.reason = "";
	assert_error(pu_revoke(f->db->st, &o, &res), PU_EINVAL, "reason");
	o.reason = "x";
	ids[0] = "urn:uuid:nope";
	assert_error(pu_revoke(f->db->st, &o, &res), PU_ENOTFOUND,
		     "urn:uuid:nope");
	free(cred);
	free(other);
}

static void suspension_round_trip(void **state)
{
	struct fixture *f = *state;
	pu_issued rec;
	char *cred = issue(f, NULL, 0, &rec);
	pu_revoke_options o = rev_opts(f, PU_REVOKE_SUSPEND, "under review");
	const char *ids[] = {rec.id, rec.id}; /* twice: counted once */
	pu_revoke_result res;
	pu_cred_report *r;
	pu_actor cl = {0};

	o.ids = ids;
	o.nids = 2;
	/* out of scope: refused, nothing changes */
	cl.role = PU_ROLE_AUTHORITY;
	snprintf(cl.country, sizeof(cl.country), "CL");
	o.actor = &cl;
	assert_error(pu_revoke(f->db->st, &o, &res), PU_EDENIED,
		     "may not revoke CR's credentials");
	o.actor = NULL;
	assert_ok(pu_revoke(f->db->st, &o, &res));
	assert_int_equal(res.changed, 1);
	r = verify(f, cred);
	assert_int_equal(r->status, PU_CRED_STATUS_SUSPENDED);
	assert_false(r->ok);
	pu_cred_report_free(r);
	o.action = PU_REVOKE_UNSUSPEND;
	o.reason = "review closed";
	assert_ok(pu_revoke(f->db->st, &o, &res));
	assert_int_equal(res.changed, 1);
	r = verify(f, cred);
	assert_int_equal(r->status, PU_CRED_STATUS_ACTIVE);
	assert_true(r->ok);
	pu_cred_report_free(r);
	free(cred);
}

static void bulk_by_issuer_and_period(void **state)
{
	struct fixture *f = *state;
	enum { N = 40 };
	char *creds[N];
	pu_issued rec[N];
	pu_revoke_options o = rev_opts(f, PU_REVOKE_REVOKE, "body closed");
	pu_revoke_result res;
	pu_cred_report *r;

	for (int i = 0; i < N; i++)
		creds[i] = issue(f, NULL, 0, &rec[i]);
	/* a period that holds none */
	o.from = "2001-01-01";
	o.to = "2001-12-31";
	assert_error(pu_revoke(f->db->st, &o, &res), PU_ENOTFOUND,
		     "no credential");
	o.from = "2020-01-01";
	o.to = NULL;
	o.issuer = f->did;
	assert_ok(pu_revoke(f->db->st, &o, &res));
	assert_int_equal(res.matched, N);
	assert_int_equal(res.changed, N);
	assert_int_equal(res.lists, 1);
	for (int i = 0; i < N; i++) {
		r = verify(f, creds[i]);
		assert_int_equal(r->status, PU_CRED_STATUS_REVOKED);
		pu_cred_report_free(r);
		free(creds[i]);
	}
}

/* An export with a ttl is re-signed with an end: past it, "unknown". */
static void exported_lists_expire(void **state)
{
	struct fixture *f = *state;
	char *cred = issue(f, NULL, 0, NULL);
	pu_cred_verify_options vo = PU_CRED_VERIFY_INIT;
	pu_cred_status_cache *c = NULL;
	pu_cred_report *r = NULL;
	json_t *arr = NULL, *e;
	int64_t now = pu_auth_now();
	size_t i;

	assert_ok(pu_statuslist_export(f->db->st, f->did, 3600 * 1000, key_for,
				       f, now, &arr));
	assert_int_equal(json_array_size(arr), 2);
	assert_ok(pu_cred_status_cache_new(&c));
	json_array_foreach(arr, i, e)
	{
		char *t = json_dumps(e, JSON_COMPACT);

		assert_int_equal(
		    json_integer_value(json_object_get(
			json_object_get(e, "credentialSubject"), "ttl")),
		    3600 * 1000);
		assert_non_null(json_object_get(e, "validUntil"));
		assert_ok(pu_cred_status_cache_add(c, t, strlen(t), now));
		free(t);
	}
	vo.status = c;
	vo.require_trust = false;
	vo.now = now + 60;
	assert_ok(pu_cred_verify(&r, cred, strlen(cred), &vo));
	assert_int_equal(r->status, PU_CRED_STATUS_ACTIVE);
	pu_cred_report_free(r);
	vo.now = now + 7200;
	assert_ok(pu_cred_verify(&r, cred, strlen(cred), &vo));
	assert_int_equal(r->status, PU_CRED_STATUS_UNKNOWN);
	assert_false(r->ok);
	pu_cred_report_free(r);
	/* another issuer's lists: none */
	json_decref(arr);
	assert_ok(pu_statuslist_export(f->db->st, "did:key:z6MkNobody", 0, NULL,
				       NULL, now, &arr));
	assert_int_equal(json_array_size(arr), 0);
	json_decref(arr);
	pu_cred_status_cache_free(c);
	free(cred);
}

static void indexes_never_repeat(void **state)
{
	struct fixture *f = *state;
	enum { N = 300 };
	static unsigned char seen[PU_ISSUE_LIST_SIZE];
	unsigned char key[16];
	int64_t prev = -1, runs = 0;

	(void)f;
	randombytes_buf(key, sizeof(key));
	memset(seen, 0, sizeof(seen));
	for (int64_t c = 0; c < PU_ISSUE_LIST_SIZE; c++) {
		int64_t i = pu_issue_permute(key, c, PU_ISSUE_LIST_SIZE);

		assert_true(i >= 0 && i < PU_ISSUE_LIST_SIZE);
		assert_int_equal(seen[i], 0);
		seen[i] = 1;
		if (i == prev + 1)
			runs++;
		prev = i;
	}
	/* scattered, not handed out in order */
	assert_true(runs < 100);
	{
		int64_t idx[N];

		for (int i = 0; i < N; i++) {
			pu_issued rec;

			free(issue(f, NULL, 0, &rec));
			idx[i] = rec.list * PU_ISSUE_LIST_SIZE + rec.index;
			for (int k = 0; k < i; k++)
				assert_true(idx[k] != idx[i]);
		}
	}
}

static void trust_lists_round_trip(void **state)
{
	struct fixture *f = *state;
	json_t *tl = NULL;
	pu_trust_entry e = {0};
	pu_cred_trust *t = NULL;
	pu_buf text = PU_BUF_INIT, anchor = PU_BUF_INIT;

	assert_ok(
	    pu_trustlist_new(&tl, "https://trust.example/x", "x", NULL, NULL));
	e.did = f->did;
	e.country = "CR";
	e.role = "certification-body";
	assert_ok(pu_trustlist_add(tl, &e));
	e.role = "authority"; /* the same DID and start: replaced */
	assert_ok(pu_trustlist_add(tl, &e));
	assert_int_equal(
	    json_array_size(json_object_get(
		json_object_get(tl, "credentialSubject"), "issuers")),
	    1);
	e.did = "did:key:zNotAKey";
	assert_error(pu_trustlist_add(tl, &e), PU_EINVAL, "not an Ed25519");
	e.did = f->did;
	e.country = NULL;
	assert_error(pu_trustlist_add(tl, &e), PU_EINVAL, "country");
	assert_ok(pu_trustlist_sign(tl, &f->authority, "2026-01-01T00:00:00Z"));
	assert_ok(pu_cred_jcs(&text, tl));
	assert_ok(pu_cred_trust_new(&t));
	/* signed by someone who is not an anchor: refused */
	assert_ok(pu_cred_didkey_from_public(&anchor, f->key.pk));
	assert_ok(pu_cred_trust_add_anchor(t, anchor.ptr));
	assert_int_equal(pu_cred_trust_add_list(t, text.ptr, text.len, 0),
			 PU_EDENIED);
	pu_buf_clear(&anchor);
	assert_ok(pu_cred_didkey_from_public(&anchor, f->authority.pk));
	assert_ok(pu_cred_trust_add_anchor(t, anchor.ptr));
	assert_ok(pu_cred_trust_add_list(t, text.ptr, text.len, 0));
	assert_int_equal(pu_cred_trust_count(t), 1);
	/* changing it drops the proof: it must be signed again */
	e.country = "CR";
	e.did = f->did;
	e.valid_from = "2027-01-01T00:00:00Z";
	assert_ok(pu_trustlist_add(tl, &e));
	assert_null(json_object_get(tl, "proof"));
	pu_cred_trust_free(t);
	json_decref(tl);
	pu_buf_free(&text);
	pu_buf_free(&anchor);
}

static void vcapi_input_is_checked(void **state)
{
	struct fixture *f = *state;
	pu_issuer iss = issuer_of(f);
	static const char *const bad[] = {
	    "{\"@context\":[\"https://www.w3.org/ns/credentials/v2\"],"
	    "\"type\":[\"VerifiableCredential\"],\"credentialSubject\":"
	    "{\"id\":\"did:example:1\"},\"credentialSchema\":{\"id\":"
	    "\"https://x.example/s.json\"}}",
	    "{\"@context\":[\"https://www.w3.org/ns/credentials/v2\"],"
	    "\"type\":[\"VerifiableCredential\"],\"credentialSubject\":"
	    "{\"id\":\"did:example:1\"},\"refreshService\":{\"id\":"
	    "\"https://x.example/r\"}}",
	    "{\"@context\":[\"https://www.w3.org/ns/credentials/v2\"],"
	    "\"type\":[\"Other\"],\"credentialSubject\":{\"id\":\"x:1\"}}",
	    "{\"@context\":[\"https://www.w3.org/2018/credentials/v1\"],"
	    "\"type\":[\"VerifiableCredential\"],\"credentialSubject\":"
	    "{\"id\":\"x:1\"}}",
	    "{\"@context\":[\"https://www.w3.org/ns/credentials/v2\"],"
	    "\"type\":[\"VerifiableCredential\"],\"issuer\":\"did:key:"
	    "z6MkOther\",\"credentialSubject\":{\"id\":\"x:1\"}}",
	    "{\"@context\":[\"https://www.w3.org/ns/credentials/v2\"],"
	    "\"type\":[\"VerifiableCredential\"],\"credentialSubject\":"
	    "{\"id\":\"x:1\"},\"validFrom\":\"yesterday\"}",
	};
	json_t *v;
	pu_issued rec;
	char *text;
	pu_cred_report *r;

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		v = parse(bad[i]);
		assert_int_equal(
		    pu_issue_json(f->db->st, &iss, NULL, "CR", v, 0, &rec),
		    PU_EINVAL);
		json_decref(v);
	}
	v = parse("{\"@context\":[\"https://www.w3.org/ns/credentials/v2\"],"
		  "\"type\":[\"VerifiableCredential\"],\"credentialSubject\":"
		  "{\"id\":\"did:example:1\"}}");
	assert_ok(pu_issue_json(f->db->st, &iss, NULL, "CR", v, 0, &rec));
	assert_non_null(json_object_get(v, "proof"));
	assert_non_null(json_object_get(v, "credentialStatus"));
	text = json_dumps(v, JSON_COMPACT);
	r = verify(f, text);
	assert_int_equal(r->sig, PU_CRED_SIG_VALID);
	assert_int_equal(r->status, PU_CRED_STATUS_ACTIVE);
	pu_cred_report_free(r);
	free(text);
	json_decref(v);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(issued_credential_verifies, setup,
					    teardown),
	    cmocka_unit_test_setup_teardown(statement_lists_only_achieved_units,
					    setup, teardown),
	    cmocka_unit_test_setup_teardown(unknown_unit_is_refused, setup,
					    teardown),
	    cmocka_unit_test_setup_teardown(electives_make_a_full_certificate,
					    setup, teardown),
	    cmocka_unit_test_setup_teardown(holder_only_as_agreed, setup,
					    teardown),
	    cmocka_unit_test_setup_teardown(scope_is_enforced, setup, teardown),
	    cmocka_unit_test_setup_teardown(revoke_one, setup, teardown),
	    cmocka_unit_test_setup_teardown(suspension_round_trip, setup,
					    teardown),
	    cmocka_unit_test_setup_teardown(bulk_by_issuer_and_period, setup,
					    teardown),
	    cmocka_unit_test_setup_teardown(exported_lists_expire, setup,
					    teardown),
	    cmocka_unit_test_setup_teardown(indexes_never_repeat, setup,
					    teardown),
	    cmocka_unit_test_setup_teardown(trust_lists_round_trip, setup,
					    teardown),
	    cmocka_unit_test_setup_teardown(vcapi_input_is_checked, setup,
					    teardown),
	};

	if (sodium_init() < 0)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
