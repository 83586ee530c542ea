/*
 * Credentials over HTTP: the VC-API endpoints as the W3C test suites call
 * them (POST /credentials/issue, authorities only; POST /credentials/verify),
 * the portal's verification (a credential or a certificate's QR text, with
 * what the holder can do in the verifier's country), the signed status lists
 * (GET /status/{list}), the trust lists the server knows, and revocation by
 * an authority of the issuing country.
 *
 * The server signs with the key store of $PUENTE_KEYS (else var/keys), or
 * for a country with a store of its own, $PUENTE_KEYS/CC (each authority
 * then signs with its own DID), unsealed with $PUENTE_KEY_PASSPHRASE when
 * first needed and kept in guarded memory until exit; without them, issuing
 * and revoking answer 503.
 * Trust lists are the *.json files of $PUENTE_TRUST (else var/trust), read
 * again when that directory changes; their signers are the anchors (the
 * operator put them there).
 */
#include "server.h"

#include <dirent.h>
#include <stdio.h>
#include <sys/stat.h>
#include <time.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "puente/cred.h"
#include "puente/error.h"
#include "puente/issue.h"
#include "puente/keystore.h"
#include "puente/match.h"
#include "puente/qr.h"
#include "puente/store.h"

#define MAX_KEYS 16
#define MAX_TRUST 64

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
#define MAX_STORES 32
static struct {
	char country[17]; /* "" for the main store */
	pu_keystore *ks;
} stores[MAX_STORES];
static size_t nstores;
static pu_key *keys[MAX_KEYS];
static size_t key_store[MAX_KEYS]; /* the store each key came from */
static size_t nkeys;
static bool cleanup_set;
static pu_cred_trust *trust;
static json_t *trust_docs; /* array of the lists, as read */
#define TRUST_CHECK 2      /* seconds between looks at the directory */
#define MAX_RETIRED 64     /* trust sets replaced, kept until exit */
static time_t trust_checked;
static char trust_seen[96];
static pu_cred_trust *retired[MAX_RETIRED];
static size_t nretired;

static void cleanup(void)
{
	for (size_t i = 0; i < nkeys; i++)
		pu_key_free(keys[i]);
	nkeys = 0;
	for (size_t i = 0; i < nstores; i++)
		pu_keystore_free(stores[i].ks);
	nstores = 0;
	pu_cred_trust_free(trust);
	trust = NULL;
	for (size_t i = 0; i < nretired; i++)
		pu_cred_trust_free(retired[i]);
	nretired = 0;
	json_decref(trust_docs);
	trust_docs = NULL;
}

static void at_exit_once(void)
{
	if (!cleanup_set) {
		atexit(cleanup);
		cleanup_set = true;
	}
}

/* A country code usable as a directory name: 2 to 16 capital letters. */
static bool country_dir_name(const char *c)
{
	size_t n = c ? strlen(c) : 0;

	if (n < 2 || n > 16)
		return false;
	for (size_t i = 0; i < n; i++)
		if (c[i] < 'A' || c[i] > 'Z')
			return false;
	return true;
}

/* The key store of country: its own subdirectory of the key directory
 * ($PUENTE_KEYS/CR) when there is one, else the main one ("" = main). Opened
 * once; called with the lock held. */
static int store_for(const char *country, size_t *out)
{
	const char *env = getenv("PUENTE_KEYS");
	const char *root = env && *env ? env : "var/keys";
	char dir[4096];
	struct stat sb;
	const char *c = "";
	int rc;

	if (country_dir_name(country)) {
		snprintf(dir, sizeof(dir), "%s/%s", root, country);
		if (stat(dir, &sb) == 0 && S_ISDIR(sb.st_mode))
			c = country;
	}
	for (size_t i = 0; i < nstores; i++)
		if (strcmp(stores[i].country, c) == 0) {
			*out = i;
			return 0;
		}
	if (nstores == MAX_STORES)
		return pu_error_set(PU_ELIMIT, "too many key stores");
	rc = pu_keystore_open(&stores[nstores].ks, c[0] ? dir : root, 0);
	if (rc < 0)
		return rc;
	snprintf(stores[nstores].country, sizeof(stores[nstores].country),
		 "%s", c);
	*out = nstores++;
	return 0;
}

/* Loads key id (a DID) from whichever store holds it: the main one, then
 * every country's. Called with the lock held. */
static int load_by_id(const char *id, const char *pass, pu_key **k,
		      size_t *store)
{
	const char *env = getenv("PUENTE_KEYS");
	DIR *d;
	struct dirent *e;
	int rc;

	if ((rc = store_for(NULL, store)) < 0)
		return rc;
	rc = pu_keystore_load(stores[*store].ks, k, id, pass, strlen(pass));
	if (rc != PU_ENOTFOUND)
		return rc;
	d = opendir(env && *env ? env : "var/keys");
	while (d != NULL && rc == PU_ENOTFOUND && (e = readdir(d)) != NULL) {
		if (!country_dir_name(e->d_name))
			continue;
		pu_error_clear();
		if ((rc = store_for(e->d_name, store)) < 0 ||
		    strcmp(stores[*store].country, e->d_name) != 0) {
			rc = PU_ENOTFOUND;
			continue;
		}
		rc = pu_keystore_load(stores[*store].ks, k, id, pass,
				      strlen(pass));
	}
	if (d != NULL)
		closedir(d);
	if (rc == PU_ENOTFOUND)
		rc = pu_error_set(PU_ENOTFOUND, "no signing key %s", id);
	return rc;
}

/* A key (id NULL: the active key of country's store), unsealed once. Each
 * country may have its own store ($PUENTE_KEYS/CC), so each authority signs
 * with its own DID; without one, the main store's key signs. */
static int server_key(const char *country, const char *id,
		      const pu_cred_key **out)
{
	const char *pass = getenv(PU_KEYSTORE_PASSPHRASE_ENV);
	size_t store = 0;
	pu_key *k = NULL;
	int rc = 0;

	pthread_mutex_lock(&lock);
	at_exit_once();
	if (id == NULL && (rc = store_for(country, &store)) < 0) {
		pthread_mutex_unlock(&lock);
		return rc;
	}
	for (size_t i = 0; i < nkeys; i++) {
		const pu_key_info *m = pu_key_meta(keys[i]);

		if ((id == NULL && m->active && key_store[i] == store) ||
		    (id != NULL && strcmp(m->did, id) == 0)) {
			*out = pu_key_cred(keys[i]);
			pthread_mutex_unlock(&lock);
			return 0;
		}
	}
	if (pass == NULL || *pass == '\0')
		rc = pu_error_set(
		    PU_EIO, "no signing key: the server has no "
			    "passphrase (" PU_KEYSTORE_PASSPHRASE_ENV ")");
	if (rc == 0 && nkeys == MAX_KEYS)
		rc = pu_error_set(PU_ELIMIT, "too many signing keys");
	if (rc == 0)
		rc = id == NULL ? pu_keystore_load(stores[store].ks, &k, NULL,
						   pass, strlen(pass))
				: load_by_id(id, pass, &k, &store);
	if (rc == 0) {
		key_store[nkeys] = store;
		keys[nkeys++] = k;
		*out = pu_key_cred(k);
	}
	pthread_mutex_unlock(&lock);
	return rc;
}

static int key_for(void *arg, const char *did, const pu_cred_key **out)
{
	(void)arg;
	return server_key(NULL, did, out);
}

/* Reads every list of dir into a new trust set and the documents read. */
static int trust_load(const char *dir, pu_cred_trust **out, json_t **docs)
{
	DIR *d;
	struct dirent *e;

	*docs = NULL;
	if (pu_cred_trust_new(out) < 0 || (*docs = json_array()) == NULL) {
		pu_cred_trust_free(*out);
		*out = NULL;
		return PU_ENOMEM;
	}
	d = opendir(dir);
	while (d != NULL && (e = readdir(d)) != NULL &&
	       json_array_size(*docs) < MAX_TRUST) {
		char path[4096];
		json_t *doc, *is;
		const char *did;
		char *text;

		if (!srv_json_file(e->d_name))
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		doc = json_load_file(path, JSON_REJECT_DUPLICATES, NULL);
		is = json_object_get(doc, "issuer");
		did = json_is_object(is)
			  ? json_string_value(json_object_get(is, "id"))
			  : json_string_value(is);
		text = doc ? json_dumps(doc, JSON_COMPACT) : NULL;
		if (did != NULL && text != NULL &&
		    pu_cred_trust_add_anchor(*out, did) == 0 &&
		    pu_cred_trust_add_list(*out, text, strlen(text), 0) == 0)
			json_array_append(*docs, doc);
		else
			fprintf(stderr,
				"puente serve: trust list %s left out: "
				"%s\n",
				path, pu_error_message());
		pu_error_clear();
		free(text);
		json_decref(doc);
	}
	if (d != NULL)
		closedir(d);
	return 0;
}

/* The trust lists of the trust directory, read again when the directory
 * changed (looked at every TRUST_CHECK seconds at most). A replaced set
 * stays in memory until exit: verifications in flight may still read it. */
static const pu_cred_trust *server_trust(void)
{
	const char *env = getenv("PUENTE_TRUST");
	const char *dir = env && *env ? env : "var/trust";
	time_t now = time(NULL);
	pu_cred_trust *nt = NULL;
	json_t *nd = NULL;
	char state[96];

	pthread_mutex_lock(&lock);
	at_exit_once();
	if (trust != NULL && now - trust_checked < TRUST_CHECK) {
		pthread_mutex_unlock(&lock);
		return trust;
	}
	trust_checked = now;
	srv_dir_state(dir, state, sizeof(state));
	if ((trust != NULL && strcmp(state, trust_seen) == 0) ||
	    (trust != NULL && nretired == MAX_RETIRED) ||
	    trust_load(dir, &nt, &nd) < 0) {
		pthread_mutex_unlock(&lock);
		return trust;
	}
	if (trust != NULL) {
		retired[nretired++] = trust;
		fprintf(stderr, "puente serve: trust lists read again from %s "
				"(%zu)\n",
			dir, json_array_size(nd));
	}
	trust = nt;
	json_decref(trust_docs);
	trust_docs = nd;
	snprintf(trust_seen, sizeof(trust_seen), "%s", state);
	pthread_mutex_unlock(&lock);
	return trust;
}

static pu_issuer issuer_of(const pu_cred_key *key, const pu_actor *a)
{
	const char *name = getenv("PUENTE_ISSUER_NAME");
	const char *base = getenv("PUENTE_BASE_URL");
	pu_issuer iss = {key,  name, a->country[0] ? a->country : NULL,
			 NULL, NULL, base && *base ? base : NULL};

	return iss;
}

/* POST /credentials/issue: {"credential": {...}, "options": {...}}. */
int api_vc_issue(srv_req *r)
{
	const pu_cred_key *key = NULL;
	json_t *body, *cred;
	pu_issuer iss;
	pu_issued rec;
	int rc = srv_authenticate(r), status;

	if (rc != 0)
		return rc;
	/* an authority of a country; refused before anything is read */
	rc = pu_authorize(&r->actor, PU_ACT_CRED_ISSUE, r->actor.country, NULL);
	if (rc < 0)
		return srv_fail(r, rc);
	if ((body = srv_body_json(r, &status)) == NULL)
		return status;
	cred = json_object_get(body, "credential");
	if (!json_is_object(cred)) {
		json_decref(body);
		return srv_error(r, 400, "invalid",
				 "credential: a JSON object is needed");
	}
	if (json_object_get(body, "options") != NULL &&
	    !json_is_object(json_object_get(body, "options"))) {
		json_decref(body);
		return srv_error(r, 400, "invalid", "options: an object");
	}
	rc = server_key(r->actor.country, NULL, &key);
	if (rc < 0) {
		json_decref(body);
		return srv_error(r, 503, "unavailable", "%s",
				 pu_error_message());
	}
	iss = issuer_of(key, &r->actor);
	rc = pu_issue_json(srv_store(), &iss, &r->actor, r->actor.country, cred,
			   0, &rec);
	if (rc < 0) {
		json_decref(body);
		return srv_fail(r, rc);
	}
	rc = srv_json(r, 201, json_pack("{s:O}", "verifiableCredential", cred));
	json_decref(body);
	return rc;
}

/* Issues a certificate with the server's active key for the actor (see
 * server.h). */
int srv_issue(srv_req *r, const pu_issue_options *o, char **json,
	      pu_issued *rec)
{
	const pu_cred_key *key = NULL;
	pu_issuer iss;
	int rc = server_key(o->country, NULL, &key);

	if (rc < 0)
		return srv_error(r, 503, "unavailable", "%s",
				 pu_error_message());
	iss = issuer_of(key, &r->actor);
	rc = pu_issue(srv_store(), &iss, o, json, rec);
	return rc < 0 ? srv_fail(r, rc) : 0;
}

/* The status lists this server holds that the credential points to (at
 * most 8 entries are looked at), for a verification: the other lists are
 * not read. A credential that cannot be read gets an empty cache (the
 * verifier reports why). */
static pu_cred_status_cache *status_cache(const char *data, size_t len)
{
	pu_cred_status_cache *c = NULL;
	json_t *doc = NULL, *st, *e;
	size_t i, n;

	if (pu_cred_status_cache_new(&c) < 0)
		return NULL;
	if (srv_store() == NULL || pu_cred_parse(&doc, data, len, 0) < 0) {
		pu_error_clear();
		return c;
	}
	st = json_object_get(doc, "credentialStatus");
	n = json_is_array(st) ? json_array_size(st) : st != NULL;
	for (i = 0; i < n && i < 8; i++) {
		const char *url;
		char *list = NULL;

		e = json_is_array(st) ? json_array_get(st, i) : st;
		url = json_string_value(
		    json_object_get(e, "statusListCredential"));
		if (url != NULL &&
		    pu_statuslist_get(srv_store(), url, &list) == 0)
			pu_cred_status_cache_add(c, list, strlen(list), 0);
		free(list);
	}
	pu_error_clear();
	json_decref(doc);
	return c;
}

static int verify_bytes(pu_cred_report **out, const char *data, size_t len,
			bool require_trust)
{
	pu_cred_verify_options vo = PU_CRED_VERIFY_INIT;
	const pu_cred_trust *t = server_trust();
	pu_cred_status_cache *c = status_cache(data, len);
	int rc;

	if (c == NULL)
		return pu_error_set(PU_ENOMEM, "out of memory");
	vo.trust = t != NULL && pu_cred_trust_count(t) > 0 ? t : NULL;
	vo.status = c;
	/* A server that trusts no list cannot call a certificate valid on
	 * the portal: anyone can sign one. */
	vo.require_trust = require_trust;
	rc = pu_cred_verify(out, data, len, &vo);
	pu_cred_status_cache_free(c);
	return rc;
}

/* POST /credentials/verify: {"verifiableCredential": {...}}; 200 when
 * valid, 400 with the report otherwise. Trust is reported, not required:
 * the suites' issuers are on no list of ours. */
int api_vc_verify(srv_req *r)
{
	pu_cred_report *rep = NULL;
	json_t *body, *vc, *reply;
	char *text;
	bool ok;
	int rc, status;

	if ((body = srv_body_json(r, &status)) == NULL)
		return status;
	vc = json_object_get(body, "verifiableCredential");
	if (!json_is_object(vc)) {
		json_decref(body);
		return srv_error(r, 400, "invalid",
				 "verifiableCredential: a JSON object is "
				 "needed");
	}
	text = json_dumps(vc, JSON_COMPACT);
	json_decref(body);
	if (text == NULL)
		return srv_fail(r, pu_error_set(PU_ENOMEM, "out of memory"));
	rc = verify_bytes(&rep, text, strlen(text), false);
	free(text);
	if (rc < 0)
		return srv_fail(r, rc);
	/* valid without regard to trust (reported in the report) */
	ok = rep->doc == PU_CRED_DOC_OK && rep->sig == PU_CRED_SIG_VALID &&
	     (rep->status == PU_CRED_STATUS_ACTIVE ||
	      rep->status == PU_CRED_STATUS_NONE) &&
	     rep->dates == PU_CRED_DATES_VALID;
	reply = json_pack("{s:b, s:[], s:[], s:o}", "verified", ok, "checks",
			  "warnings", "report", pu_cred_report_to_json(rep));
	if (reply != NULL && ok)
		json_array_append_new(json_object_get(reply, "checks"),
				      json_string("proof"));
	if (reply != NULL && !ok)
		json_object_set_new(
		    reply, "errors",
		    json_pack("[{s:s, s:s}]", "name", "verification", "message",
			      rep->sig != PU_CRED_SIG_VALID ? rep->sig_reason
			      : rep->doc != PU_CRED_DOC_OK  ? rep->doc_reason
			      : rep->dates != PU_CRED_DATES_VALID
				  ? rep->dates_reason
				  : rep->status_reason));
	status = ok ? 200 : 400;
	pu_cred_report_free(rep);
	return srv_json(r, status, reply);
}

/* The units a statement of attainment lists (credentialSubject.result ->
 * resultDescription "...#unit-CODE"), into units[0..max); the count, or -1
 * when the credential is not a statement of attainment. */
static long achieved_units(const json_t *doc, const char **units, size_t max)
{
	const json_t *subj = json_object_get(doc, "credentialSubject");
	const json_t *res = json_object_get(subj, "result");
	const char *type = json_string_value(json_object_get(
	    json_object_get(subj, "achievement"), "achievementType"));
	size_t n = 0;

	if (type == NULL || strcmp(type, "ext:StatementOfAttainment") != 0)
		return -1;
	for (size_t i = 0; i < json_array_size(res) && n < max; i++) {
		const char *rd = json_string_value(json_object_get(
		    json_array_get(res, i), "resultDescription"));
		const char *u = rd ? strstr(rd, "#unit-") : NULL;

		if (u != NULL && u[6] != '\0')
			units[n++] = u + 6;
	}
	return (long)n;
}

/* A statement of attainment is worth what its units are worth: the standard
 * reduced to the achieved units, under a code of its own so that an
 * agreement about the whole certificate does not decide it. The result is
 * turned into JSON here: it points into the reduced standard. */
static int homologate_units(json_t **out, const pu_index *idx,
			    const char *country, const char *code,
			    const char *const *units, size_t n, const char *to)
{
	pu_homologation *hh = NULL, **h = &hh;
	pu_index_options opt = PU_INDEX_OPTIONS_INIT;
	pu_standard *s = NULL, part;
	pu_unit *kept = NULL;
	char partcode[96];
	size_t k = 0;
	int rc;

	if ((rc = pu_store_get_standard(srv_store(), country, code, &s)) < 0)
		return rc;
	kept = calloc(s->nunits ? s->nunits : 1, sizeof(*kept));
	if (kept == NULL) {
		pu_standard_free(s);
		return pu_error_set(PU_ENOMEM, "out of memory");
	}
	for (size_t i = 0; i < s->nunits; i++)
		for (size_t j = 0; j < n; j++)
			if (strcmp(s->units[i].code, units[j]) == 0) {
				kept[k++] = s->units[i];
				break;
			}
	part = *s;
	snprintf(partcode, sizeof(partcode), "%s (%zu of %zu units)", code, k,
		 s->nunits);
	part.code = partcode;
	part.units = kept;
	part.nunits = k;
	opt.translator = srv_translator();
	opt.cache = srv_store();
	rc = k == 0 ? pu_error_set(PU_EINVAL, "the statement of attainment "
					      "lists no unit of %s/%s",
				   country, code)
		    : pu_homologate_standard(h, idx, &part, to, srv_policy(to), &opt);
	if (rc == 0) {
		*out = pu_homologation_to_json(hh, false);
		pu_homologation_free(hh);
	}
	free(kept);
	pu_standard_free(s);
	return rc;
}

/* The homologation of the credential's standard (achievement.humanCode
 * "CC/CODE") in country to, or NULL; for a statement of attainment, of the
 * units it lists. */
static json_t *homologation(const char *data, size_t len, const char *to)
{
	const char *units[128];
	long nunits;
	json_t *doc = NULL, *out = NULL;
	const char *code, *slash;
	pu_homologation *h = NULL;
	pu_index *idx;
	char country[17];

	if (pu_cred_parse(&doc, data, len, 0) < 0) {
		pu_error_clear();
		return NULL;
	}
	code = json_string_value(json_object_get(
	    json_object_get(json_object_get(doc, "credentialSubject"),
			    "achievement"),
	    "humanCode"));
	slash = code ? strchr(code, '/') : NULL;
	if (slash == NULL || (size_t)(slash - code) >= sizeof(country)) {
		json_decref(doc);
		return json_pack(
		    "{s:s}", "note",
		    "the credential names no "
		    "standard of the catalogue (humanCode CC/CODE)");
	}
	memcpy(country, code, (size_t)(slash - code));
	country[slash - code] = '\0';
	idx = srv_index();
	if (idx == NULL) {
		out = json_pack("{s:s}", "note",
				"the homologation index is "
				"being built; try again in a moment");
	} else if ((nunits = achieved_units(doc, units, 128)) >= 0) {
		if (homologate_units(&out, idx, country, slash + 1, units,
				     (size_t)nunits, to) < 0) {
			out = json_pack("{s:s}", "note", pu_error_message());
			pu_error_clear();
		}
	} else if (pu_homologate(&h, idx, country, slash + 1, to,
				 srv_policy(to)) < 0) {
		out = json_pack("{s:s}", "note", pu_error_message());
		pu_error_clear();
	} else {
		out = pu_homologation_to_json(h, false);
		pu_homologation_free(h);
	}
	if (idx != NULL)
		pu_index_decref(idx);
	json_decref(doc);
	return out;
}

/* POST /api/v1/credentials/verify[?to=CC]: the body is a credential (JSON)
 * or a certificate's QR text ("PU1:..."); the reply is the verification
 * report, and with to= the homologation in that country. */
int api_credential_verify(srv_req *r)
{
	const char *to = srv_query(r, "to");
	const char *data = r->body.ptr;
	size_t len = r->body.len, skip = 0;
	pu_buf doc = PU_BUF_INIT;
	pu_cred_report *rep = NULL;
	json_t *reply;
	int rc;

	if (to != NULL && !(strlen(to) == 2 && to[0] >= 'A' && to[0] <= 'Z' &&
			    to[1] >= 'A' && to[1] <= 'Z'))
		return srv_error(r, 400, "invalid", "to: a country code (CR)");
	while (skip < len && (data[skip] == ' ' || data[skip] == '\n' ||
			      data[skip] == '\r' || data[skip] == '\t'))
		skip++;
	if (skip == len)
		return srv_error(r, 400, "invalid",
				 "the body is empty: send a "
				 "credential or a certificate's QR text");
	if (len - skip >= 2 && data[skip] == 'P' && data[skip + 1] == 'U') {
		rc = pu_qr_payload_decode(&doc, data + skip, len - skip, NULL);
		if (rc < 0) {
			pu_buf_free(&doc);
			/* most decoder messages already say "QR payload" */
			if (strstr(pu_error_message(), "QR payload") == NULL)
				pu_error_prefix("QR payload: ");
			return srv_fail(r, rc);
		}
		data = doc.ptr;
		len = doc.len;
	}
	rc = verify_bytes(&rep, data, len, true);
	if (rc < 0) {
		pu_buf_free(&doc);
		return srv_fail(r, rc);
	}
	reply = pu_cred_report_to_json(rep);
	if (reply != NULL && to != NULL && rep->doc == PU_CRED_DOC_OK) {
		json_t *h = homologation(data, len, to);

		if (h != NULL)
			json_object_set_new(reply, "homologation", h);
	}
	pu_cred_report_free(rep);
	pu_buf_free(&doc);
	return srv_json(r, 200, reply);
}

/* GET /status/{list}: a signed status list credential. */
int api_status_list(srv_req *r)
{
	char *doc = NULL;
	int rc;

	if (srv_store() == NULL)
		return srv_fail(r, PU_ESTORE);
	rc = pu_statuslist_get(srv_store(), r->path.seg[1], &doc);
	if (rc < 0)
		return srv_fail(r, rc);
	r->cache = "public, max-age=300";
	return srv_bytes(r, 200, "application/json", doc, strlen(doc));
}

/* GET /api/v1/trust: the trust lists the server verifies against. */
int api_trust(srv_req *r)
{
	json_t *lists;

	server_trust();
	pthread_mutex_lock(&lock);
	lists = trust_docs ? json_deep_copy(trust_docs) : json_array();
	pthread_mutex_unlock(&lock);
	return srv_json(r, 200, json_pack("{s:o}", "lists", lists));
}

/* POST /api/v1/credentials/{id}/revoke: {"reason", "action"}: revoke
 * (default), suspend or unsuspend; authorities of the credential's
 * country. */
int api_credential_revoke(srv_req *r)
{
	pu_revoke_options o = PU_REVOKE_OPTIONS_INIT;
	const char *id = r->path.seg[3], *action, *reason;
	const char *ids[1] = {id};
	pu_revoke_result res;
	pu_issued rec;
	json_t *body;
	int rc = srv_authenticate(r), status;

	if (rc != 0)
		return rc;
	if ((body = srv_body_json(r, &status)) == NULL)
		return status;
	reason = json_string_value(json_object_get(body, "reason"));
	action = json_string_value(json_object_get(body, "action"));
	if (action == NULL || strcmp(action, "revoke") == 0)
		o.action = PU_REVOKE_REVOKE;
	else if (strcmp(action, "suspend") == 0)
		o.action = PU_REVOKE_SUSPEND;
	else if (strcmp(action, "unsuspend") == 0)
		o.action = PU_REVOKE_UNSUSPEND;
	else {
		json_decref(body);
		return srv_error(r, 400, "invalid",
				 "action: revoke, suspend "
				 "or unsuspend");
	}
	if (reason == NULL || *reason == '\0') {
		json_decref(body);
		return srv_error(r, 400, "invalid",
				 "reason: required (it is "
				 "kept in the audit log)");
	}
	/* scope first: an unknown id and another country's look alike to
	 * someone out of scope only after the check */
	rc = pu_issue_get(srv_store(), id, &rec);
	if (rc == 0)
		rc = pu_authorize(&r->actor, PU_ACT_CRED_REVOKE, rec.country,
				  NULL);
	if (rc < 0) {
		json_decref(body);
		return srv_fail(r, rc);
	}
	{
		const pu_cred_key *k = NULL;

		if (server_key(NULL, rec.issuer, &k) < 0) {
			json_decref(body);
			return srv_error(r, 503, "unavailable", "%s",
					 pu_error_message());
		}
	}
	o.actor = &r->actor;
	o.reason = reason;
	o.ids = ids;
	o.nids = 1;
	o.key_for = key_for;
	rc = pu_revoke(srv_store(), &o, &res);
	json_decref(body);
	if (rc < 0)
		return srv_fail(r, rc);
	rc = pu_issue_get(srv_store(), id, &rec);
	if (rc < 0)
		return srv_fail(r, rc);
	return srv_json(r, 200,
			json_pack("{s:s, s:s, s:b}", "id", rec.id, "state",
				  pu_cred_state_name(rec.state), "changed",
				  res.changed > 0));
}
