/*
 * Interoperability both ways with Digital Bazaar's reference stack
 * (@digitalbazaar/vc with the eddsa-jcs-2022 cryptosuite and Bitstring Status
 * List), through tests/interop/interop.mjs and the npm packages pinned in
 * tests/interop/package-lock.json: credentials and status lists signed by
 * Puente verify there (and revoked or changed ones do not), and credentials
 * and a status list issued by that stack verify here. Skipped (77) with a
 * message when node is missing or the packages cannot be installed.
 */
#include "helpers.h"

#include "puente/buf.h"
#include "puente/cred.h"

#include <jansson.h>
#include <sys/stat.h>

#define INTEROP PU_SOURCE_DIR "/tests/interop"
#define NOW 1767225600 /* 2026-01-01T00:00:00Z */
#define LIST_URL "https://interop.example/status/puente/1"

static char dir[64];

static const char template_json[] =
    "{\"@context\":[\"https://www.w3.org/ns/credentials/v2\","
    "\"https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json\"],"
    "\"id\":\"urn:uuid:0d8b8f9e-0000-4000-8000-0000000000b1\","
    "\"type\":[\"VerifiableCredential\",\"OpenBadgeCredential\"],"
    "\"name\":\"Cocinero – Nivel 3 (\\\"Chef\\\")\\u001f\","
    "\"issuer\":{\"id\":\"ISSUER\",\"type\":[\"Profile\"],"
    "\"name\":\"Institut Haïtien – 職業訓練 😀\"},"
    "\"validFrom\":\"2025-06-01T00:00:00Z\","
    "\"validUntil\":\"2030-06-01T00:00:00Z\","
    "\"credentialSubject\":{\"type\":[\"AchievementSubject\"],"
    "\"creditsEarned\":12.5,"
    "\"achievement\":{\"id\":\"https://puente.example/standards/CR/"
    "INA-COC-01\",\"type\":[\"Achievement\"],\"humanCode\":"
    "\"CR/INA-COC-01\",\"name\":\"Cocina\",\"creditsAvailable\":0.1,"
    "\"criteria\":{\"narrative\":\"≥ 70 % \\/ 1e21: 1e21 \\ud83d\\ude02\"},"
    "\"\\ufb33\":1e21,\"\\ud83d\\ude02\":1e-7}}}";

static void write_file(const char *name, const char *text)
{
	char path[128];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static char *read_file(const char *name, size_t *len)
{
	char path[128];
	FILE *f;
	char *buf;
	long n;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "rb");
	assert_non_null(f);
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = malloc((size_t)n + 1);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
	buf[n] = '\0';
	fclose(f);
	*len = (size_t)n;
	return buf;
}

/* Runs interop.mjs with args; returns its exit status, output in out.txt. */
static int node(const char *args)
{
	char cmd[1024];
	int rc;

	snprintf(cmd, sizeof(cmd),
		 "cd %s && INTEROP_NOW=2026-01-01T00:00:00Z node interop.mjs "
		 "%s >%s/out.txt 2>&1",
		 INTEROP, args, dir);
	rc = system(cmd);
	return WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
}

static void show_output(void)
{
	size_t len;
	char *s = read_file("out.txt", &len);

	print_message("interop.mjs: %s", s);
	free(s);
}

static void key_of(pu_cred_key *k, char **did, unsigned char fill)
{
	unsigned char seed[32];
	pu_buf b = PU_BUF_INIT;

	memset(seed, fill, sizeof(seed));
	assert_ok(pu_cred_key_from_seed(k, seed));
	assert_ok(pu_cred_didkey_from_public(&b, k->pk));
	*did = pu_buf_detach(&b);
}

static char *puente_credential(const pu_cred_key *k, const char *did,
			       size_t index)
{
	json_t *doc = NULL;
	char *out = NULL, *text;
	pu_buf b = PU_BUF_INIT;

	assert_ok(pu_cred_parse(&doc, template_json, strlen(template_json), 0));
	json_object_set_new(json_object_get(doc, "issuer"), "id",
			    json_string(did));
	json_object_set_new(
	    doc, "credentialStatus",
	    pu_cred_status_entry(LIST_URL, "revocation", index));
	assert_ok(pu_cred_jcs(&b, doc));
	json_decref(doc);
	assert_ok(
	    pu_cred_sign(&out, b.ptr, b.len, k, "2025-06-01T10:00:00Z", NULL));
	pu_buf_free(&b);
	text = out;
	return text;
}

static void puente_to_javascript(void **state)
{
	pu_cred_key k;
	pu_cred_bits *bits = NULL;
	json_t *list = NULL;
	pu_buf b = PU_BUF_INIT;
	char *did, *cred, args[512], *p;

	(void)state;
	key_of(&k, &did, 0x11);
	assert_ok(pu_cred_bits_new(&bits, PU_CRED_MIN_BITS));
	assert_ok(pu_cred_bits_set(bits, 5, true));
	assert_ok(pu_cred_statuslist_credential(
	    &list, bits, LIST_URL, did, "revocation", "2025-01-01T00:00:00Z",
	    NULL, 0));
	assert_ok(pu_cred_sign_json(list, &k, "2025-06-01T10:00:00Z", NULL));
	assert_ok(pu_cred_jcs(&b, list));
	write_file("list.json", b.ptr);

	cred = puente_credential(&k, did, 42);
	write_file("valid.json", cred);
	snprintf(args, sizeof(args), "verify %s/valid.json %s/list.json", dir,
		 dir);
	if (node(args) != 0) {
		show_output();
		fail_msg("the JavaScript stack did not verify Puente's "
			 "credential");
	}
	/* Changed after signing: one character of the name. */
	p = strstr(cred, "Cocinero");
	assert_non_null(p);
	p[0] = 'K';
	write_file("tampered.json", cred);
	snprintf(args, sizeof(args), "verify %s/tampered.json %s/list.json",
		 dir, dir);
	assert_int_equal(node(args), 1);
	free(cred);

	cred = puente_credential(&k, did, 5);
	write_file("revoked.json", cred);
	snprintf(args, sizeof(args), "verify %s/revoked.json %s/list.json", dir,
		 dir);
	assert_int_equal(node(args), 1);
	{
		size_t len;
		char *out = read_file("out.txt", &len);

		assert_non_null(strstr(out, "\"revoked\":true"));
		assert_non_null(strstr(out, "\"verified\":true"));
		free(out);
	}
	free(cred);
	json_decref(list);
	pu_cred_bits_free(bits);
	pu_buf_free(&b);
	free(did);
	pu_cred_key_wipe(&k);
}

static void javascript_to_puente(void **state)
{
	pu_cred_verify_options o = PU_CRED_VERIFY_INIT;
	pu_cred_status_cache *cache = NULL;
	pu_cred_report *r = NULL;
	char args[256], *s;
	size_t len;

	(void)state;
	snprintf(args, sizeof(args),
		 "issue 0707070707070707070707070707070707070707070707070707"
		 "070707070707 %s",
		 dir);
	if (node(args) != 0) {
		show_output();
		fail_msg("the JavaScript stack could not issue");
	}
	assert_ok(pu_cred_status_cache_new(&cache));
	s = read_file("js-status-list.json", &len);
	assert_ok(pu_cred_status_cache_add(cache, s, len, NOW));
	free(s);
	o.now = NOW;
	o.status = cache;
	o.require_trust = false;

	s = read_file("js-valid.json", &len);
	assert_ok(pu_cred_verify(&r, s, len, &o));
	if (!r->ok) {
		print_error("doc %s (%s), sig %s (%s), status %s (%s)\n",
			    pu_cred_doc_name(r->doc), r->doc_reason,
			    pu_cred_sig_name(r->sig), r->sig_reason,
			    pu_cred_status_name(r->status), r->status_reason);
		fail();
	}
	assert_int_equal(r->status, PU_CRED_STATUS_ACTIVE);
	pu_cred_report_free(r);
	free(s);

	s = read_file("js-revoked.json", &len);
	assert_ok(pu_cred_verify(&r, s, len, &o));
	assert_int_equal(r->sig, PU_CRED_SIG_VALID);
	assert_int_equal(r->status, PU_CRED_STATUS_REVOKED);
	assert_false(r->ok);
	pu_cred_report_free(r);
	free(s);
	pu_cred_status_cache_free(cache);
}

static void remove_dir(void)
{
	char cmd[128];

	if (dir[0] == '\0')
		return;
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	if (system(cmd) != 0)
		fprintf(stderr, "cannot remove %s\n", dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(puente_to_javascript),
	    cmocka_unit_test(javascript_to_puente),
	};
	struct stat sb;
	int rc;

	if (system("node --version >/dev/null 2>&1") != 0) {
		fprintf(stderr, "test_cred_interop: node not found: interop "
				"with @digitalbazaar/vc skipped\n");
		return 77;
	}
	if (stat(INTEROP "/node_modules/@digitalbazaar/vc", &sb) != 0 &&
	    system("cd " INTEROP " && npm ci --no-audit --no-fund "
		   ">/dev/null 2>&1") != 0) {
		fprintf(stderr, "test_cred_interop: the npm packages of "
				"tests/interop cannot be installed (npm ci "
				"failed): interop skipped\n");
		return 77;
	}
	snprintf(dir, sizeof(dir), "/tmp/pu-interop-XXXXXX");
	if (mkdtemp(dir) == NULL)
		return 1;
	rc = cmocka_run_group_tests(tests, NULL, NULL);
	remove_dir();
	return rc;
}
