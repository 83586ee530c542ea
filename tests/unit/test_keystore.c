/*
 * The signing-key store: create, list, unseal, sign, rotate; wrong passphrase;
 * file and directory permissions; altered files; the passphrase sources; and
 * the Argon2id cost of the default (printed: the figure in the report).
 */
#include "helpers.h"

#include "puente/buf.h"
#include "puente/cred.h"
#include "puente/keystore.h"

#include <jansson.h>
#include <sodium.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>

#define PASS "correct horse battery"

struct ks_fixture {
	char dir[64];
	char keys[96];
	pu_keystore *ks;
};

static int ks_setup(void **state)
{
	struct ks_fixture *f = calloc(1, sizeof(*f));

	if (f == NULL)
		return -1;
	snprintf(f->dir, sizeof(f->dir), "/tmp/pu-keys-XXXXXX");
	if (mkdtemp(f->dir) == NULL)
		return -1;
	snprintf(f->keys, sizeof(f->keys), "%s/keys", f->dir);
	if (pu_keystore_open(&f->ks, f->keys, PU_KEYSTORE_CREATE) != 0)
		return -1;
	/* The minimum cost: these tests check behaviour, not strength. */
	if (pu_keystore_set_cost(f->ks, crypto_pwhash_OPSLIMIT_MIN,
				 crypto_pwhash_MEMLIMIT_MIN) != 0)
		return -1;
	*state = f;
	return 0;
}

static int ks_teardown(void **state)
{
	struct ks_fixture *f = *state;
	char cmd[160];

	pu_keystore_free(f->ks);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", f->dir);
	if (system(cmd) != 0)
		return -1;
	free(f);
	return 0;
}

static pu_keystore *ks_of(void **state)
{
	return ((struct ks_fixture *)*state)->ks;
}

/* Path of a key's file. */
static void key_path(char *out, size_t n, void **state, const pu_key *k)
{
	snprintf(out, n, "%s/%s.json", ((struct ks_fixture *)*state)->keys,
		 pu_key_meta(k)->multibase);
}

/* A small independent base58 decoder, to check the did:key from outside. */
static size_t b58_decode(unsigned char *out, size_t cap, const char *s)
{
	static const char a[] =
	    "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
	unsigned char tmp[128] = {0};
	size_t n = 0, zeros = 0;

	while (s[zeros] == '1')
		zeros++;
	for (const char *p = s; *p; p++) {
		const char *c = strchr(a, *p);
		unsigned carry;

		assert_non_null(c);
		carry = (unsigned)(c - a);
		for (size_t j = 0; j < n; j++) {
			carry += tmp[j] * 58u;
			tmp[j] = (unsigned char)(carry & 0xff);
			carry >>= 8;
		}
		while (carry) {
			tmp[n++] = (unsigned char)(carry & 0xff);
			carry >>= 8;
		}
	}
	assert_true(zeros + n <= cap);
	memset(out, 0, zeros);
	for (size_t i = 0; i < n; i++)
		out[zeros + i] = tmp[n - 1 - i];
	return zeros + n;
}

static void test_didkey(void **state)
{
	pu_keystore *ks = ks_of(state);
	pu_key *k = NULL, *l = NULL;
	const pu_key_info *m;
	unsigned char mk[64], sig[64];
	char path[200], want[200];
	struct stat sb;

	assert_ok(pu_keystore_new(ks, &k, PASS, strlen(PASS)));
	m = pu_key_meta(k);
	assert_true(m->active);
	assert_null(m->retired);
	assert_int_equal(strncmp(m->did, "did:key:z6Mk", 12), 0);
	assert_string_equal(m->did + 8, m->multibase);
	snprintf(want, sizeof(want), "%s#%s", m->did, m->multibase);
	assert_string_equal(m->kid, want);
	/* multibase z + base58btc(0xed 0x01 || pub) */
	assert_int_equal(b58_decode(mk, sizeof(mk), m->multibase + 1), 34);
	assert_int_equal(mk[0], 0xed);
	assert_int_equal(mk[1], 0x01);
	assert_memory_equal(mk + 2, pu_key_public(k), 32);

	/* Mode 0600 file, 0700 directory. */
	key_path(path, sizeof(path), state, k);
	assert_int_equal(stat(path, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);
	assert_int_equal(stat(((struct ks_fixture *)*state)->keys, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0700);

	/* Unsealed again: same key; it signs and the signature verifies. */
	assert_ok(pu_keystore_load(ks, &l, NULL, PASS, strlen(PASS)));
	assert_memory_equal(pu_key_public(l), pu_key_public(k), 32);
	assert_memory_equal(pu_key_secret(l), pu_key_secret(k), 64);
	assert_ok(pu_key_sign(l, sig, (const unsigned char *)"hola", 4));
	assert_int_equal(
	    crypto_sign_verify_detached(sig, (const unsigned char *)"hola", 4,
					pu_key_public(k)),
	    0);
	pu_key_free(l);
	l = NULL;
	/* By DID, kid or multikey. */
	assert_ok(pu_keystore_load(ks, &l, m->did, PASS, strlen(PASS)));
	pu_key_free(l);
	assert_ok(pu_keystore_load(ks, &l, m->kid, PASS, strlen(PASS)));
	pu_key_free(l);
	assert_ok(pu_keystore_load(ks, &l, m->multibase, PASS, strlen(PASS)));
	pu_key_free(l);
	pu_key_free(k);
	pu_key_free(NULL);
}

/* A key from the store signs a credential that the credential core
 * verifies, bound to the key's DID as issuer. */
static void test_signs_credentials(void **state)
{
	pu_keystore *ks = ks_of(state);
	pu_key *k = NULL;
	pu_cred_proof_options popt = PU_CRED_PROOF_INIT;
	pu_buf signer = PU_BUF_INIT;
	char reason[256] = "";
	json_error_t err;
	json_t *doc = json_load_file(
	    PU_SHARED_DATA "/vectors/ob3-peer/unsigned-ob3-eddsa-jcs-2022.json",
	    0, &err);

	if (doc == NULL)
		skip();
	assert_ok(pu_keystore_new(ks, NULL, PASS, strlen(PASS)));
	assert_ok(pu_keystore_load(ks, &k, NULL, PASS, strlen(PASS)));
	assert_int_equal(json_object_set_new(json_object_get(doc, "issuer"),
					     "id",
					     json_string(pu_key_meta(k)->did)),
			 0);
	assert_ok(pu_cred_sign_json(doc, pu_key_cred(k), "2026-01-01T00:00:00Z",
				    NULL));
	assert_int_equal(
	    pu_cred_proof_verify(doc, &popt, reason, sizeof(reason), &signer),
	    PU_CRED_PROOF_VALID);
	assert_non_null(
	    strstr(signer.ptr ? signer.ptr : "", pu_key_meta(k)->multibase));
	pu_buf_free(&signer);
	json_decref(doc);
	pu_key_free(k);
}

static void test_wrong_passphrase(void **state)
{
	pu_keystore *ks = ks_of(state);
	pu_key *k = NULL;

	assert_ok(pu_keystore_new(ks, NULL, PASS, strlen(PASS)));
	assert_error(pu_keystore_load(ks, &k, NULL, "wrong horse", 11),
		     PU_EAUTH, "wrong passphrase");
	assert_null(k);
	assert_error(pu_keystore_load(ks, &k, NULL, "", 0), PU_EAUTH,
		     "wrong passphrase");
}

static void test_new_refusals(void **state)
{
	pu_keystore *ks = ks_of(state);
	pu_key *k = NULL;
	pu_key_info_list l;

	assert_error(pu_keystore_new(ks, &k, "short", 5), PU_EINVAL,
		     "passphrase too short");
	assert_ok(pu_keystore_list(ks, &l));
	assert_int_equal(l.n, 0);
	pu_key_info_list_free(&l);
	assert_error(pu_keystore_load(ks, &k, NULL, PASS, strlen(PASS)),
		     PU_ENOTFOUND, "no active signing key");
	assert_error(pu_keystore_rotate(ks, &k, PASS, strlen(PASS)),
		     PU_ENOTFOUND, "no active key to rotate");
	assert_ok(pu_keystore_new(ks, NULL, PASS, strlen(PASS)));
	assert_error(pu_keystore_new(ks, &k, PASS, strlen(PASS)), PU_ECONFLICT,
		     "rotate it instead");
	assert_null(k);
	assert_error(pu_keystore_load(ks, &k, "did:key:z6MkNoSuchKey", PASS,
				      strlen(PASS)),
		     PU_ENOTFOUND, "no key z6MkNoSuchKey");
	assert_error(
	    pu_keystore_load(ks, &k, "../../etc/passwd", PASS, strlen(PASS)),
	    PU_EINVAL, "not a did:key");
	assert_error(
	    pu_keystore_load(ks, &k, "did:key:z0OIl", PASS, strlen(PASS)),
	    PU_EINVAL, "not a did:key");
}

static void test_rotate(void **state)
{
	pu_keystore *ks = ks_of(state);
	pu_key *a = NULL, *b = NULL, *l = NULL;
	pu_key_info_list list;
	char adid[128];

	assert_ok(pu_keystore_new(ks, &a, PASS, strlen(PASS)));
	snprintf(adid, sizeof(adid), "%s", pu_key_meta(a)->did);
	/* A wrong passphrase rotates nothing. */
	assert_error(pu_keystore_rotate(ks, &b, "not the one", 11), PU_EAUTH,
		     "wrong passphrase");
	assert_null(b);
	assert_ok(pu_keystore_list(ks, &list));
	assert_int_equal(list.n, 1);
	pu_key_info_list_free(&list);

	assert_ok(pu_keystore_rotate(ks, &b, PASS, strlen(PASS)));
	assert_true(pu_key_meta(b)->active);
	assert_string_not_equal(pu_key_meta(b)->did, adid);
	assert_ok(pu_keystore_list(ks, &list));
	assert_int_equal(list.n, 2);
	assert_string_equal(list.v[0].did, adid);
	assert_false(list.v[0].active);
	assert_non_null(list.v[0].retired);
	assert_int_equal(strlen(list.v[0].retired), 20);
	assert_true(list.v[1].active);
	assert_null(list.v[1].retired);
	assert_string_equal(list.v[1].did, pu_key_meta(b)->did);
	pu_key_info_list_free(&list);

	/* The active key is the new one; the old one still opens (old
	 * credentials stay verifiable) and says it is retired. */
	assert_ok(pu_keystore_load(ks, &l, NULL, PASS, strlen(PASS)));
	assert_memory_equal(pu_key_public(l), pu_key_public(b), 32);
	pu_key_free(l);
	assert_ok(pu_keystore_load(ks, &l, adid, PASS, strlen(PASS)));
	assert_memory_equal(pu_key_public(l), pu_key_public(a), 32);
	assert_false(pu_key_meta(l)->active);
	assert_non_null(pu_key_meta(l)->retired);
	pu_key_free(l);

	/* And again: three keys, two retired. */
	pu_key_free(b);
	b = NULL;
	assert_ok(pu_keystore_rotate(ks, NULL, PASS, strlen(PASS)));
	assert_ok(pu_keystore_list(ks, &list));
	assert_int_equal(list.n, 3);
	assert_int_equal(
	    !!list.v[0].active + !!list.v[1].active + !!list.v[2].active, 1);
	assert_true(list.v[2].active);
	pu_key_info_list_free(&list);
	pu_key_free(a);
}

/* Two processes rotating at once: the lock makes them take turns, so each
 * retires the key the other made, and exactly one key ends active. */
static void test_concurrent_rotation(void **state)
{
	pu_keystore *ks = ks_of(state);
	pu_key_info_list list;
	pid_t pids[2];
	int active = 0, st;

	assert_ok(pu_keystore_new(ks, NULL, PASS, strlen(PASS)));
	for (int i = 0; i < 2; i++) {
		pids[i] = fork();
		assert_true(pids[i] >= 0);
		if (pids[i] == 0)
			_exit(pu_keystore_rotate(ks, NULL, PASS, strlen(PASS)) ==
				      0
			      ? 0
			      : 1);
	}
	for (int i = 0; i < 2; i++) {
		assert_int_equal(waitpid(pids[i], &st, 0), pids[i]);
		assert_true(WIFEXITED(st));
		assert_int_equal(WEXITSTATUS(st), 0);
	}
	assert_ok(pu_keystore_list(ks, &list));
	assert_int_equal(list.n, 3);
	for (size_t i = 0; i < list.n; i++)
		active += list.v[i].active;
	assert_int_equal(active, 1);
	pu_key_info_list_free(&list);
}

static void test_permissions(void **state)
{
	struct ks_fixture *f = *state;
	pu_keystore *ks = ks_of(state), *other = NULL;
	pu_key *k = NULL, *l = NULL;
	pu_key_info_list list;
	char path[200], dir[128];

	assert_ok(pu_keystore_new(ks, &k, PASS, strlen(PASS)));
	key_path(path, sizeof(path), state, k);
	assert_int_equal(chmod(path, 0644), 0);
	assert_error(pu_keystore_list(ks, &list), PU_EDENIED,
		     "accessible by group or others (mode 0644)");
	assert_error(pu_keystore_load(ks, &l, NULL, PASS, strlen(PASS)),
		     PU_EDENIED, "chmod 600");
	assert_error(
	    pu_keystore_load(ks, &l, pu_key_meta(k)->did, PASS, strlen(PASS)),
	    PU_EDENIED, "refusing it");
	assert_int_equal(chmod(path, 0640), 0);
	assert_error(pu_keystore_list(ks, &list), PU_EDENIED, "mode 0640");
	assert_int_equal(chmod(path, 0600), 0);
	assert_ok(pu_keystore_list(ks, &list));
	pu_key_info_list_free(&list);

	/* A symbolic link in place of a key file is refused. */
	snprintf(dir, sizeof(dir), "%s/z6MkLink.json", f->keys);
	assert_int_equal(symlink(path, dir), 0);
	assert_error(pu_keystore_list(ks, &list), PU_EIO, "z6MkLink.json");
	unlink(dir);

	/* A directory others can write is refused; a missing one without
	 * CREATE is not found. */
	assert_int_equal(chmod(f->keys, 0777), 0);
	assert_error(pu_keystore_open(&other, f->keys, 0), PU_EDENIED,
		     "chmod 700");
	assert_int_equal(chmod(f->keys, 0700), 0);
	snprintf(dir, sizeof(dir), "%s/none", f->dir);
	assert_error(pu_keystore_open(&other, dir, 0), PU_ENOTFOUND,
		     "no such key directory");
	assert_error(pu_keystore_open(&other, path, 0), PU_EIO,
		     "not a directory");
	pu_key_free(k);
}

/* Rewrites a key file with one change made by fn. */
static void edit_key(const char *path, void (*fn)(json_t *root, void *arg),
		     void *arg)
{
	json_error_t err;
	json_t *root = json_load_file(path, 0, &err);

	assert_non_null(root);
	fn(root, arg);
	assert_int_equal(json_dump_file(root, path, JSON_INDENT(2)), 0);
	assert_int_equal(chmod(path, 0600), 0);
	json_decref(root);
}

static void set_seal_member(json_t *root, void *arg)
{
	const char **kv = arg;
	json_t *seal = json_object_get(root, "seal");

	if (strcmp(kv[0], "memlimit") == 0)
		json_object_set_new(seal, kv[0],
				    json_integer((json_int_t)4 << 30));
	else
		json_object_set_new(seal, kv[0], json_string(kv[1]));
}

static void set_member(json_t *root, void *arg)
{
	const char **kv = arg;

	json_object_set_new(root, kv[0], json_string(kv[1]));
}

static void test_altered_files(void **state)
{
	pu_keystore *ks = ks_of(state);
	pu_key *a = NULL, *b = NULL, *l = NULL;
	char pa[200], pb[200];
	const char *kv[2];
	json_t *ra, *rb;
	json_error_t err;
	pu_key_info_list list;

	assert_ok(pu_keystore_new(ks, &a, PASS, strlen(PASS)));
	assert_ok(pu_keystore_rotate(ks, &b, PASS, strlen(PASS)));
	key_path(pa, sizeof(pa), state, a);
	key_path(pb, sizeof(pb), state, b);

	/* B's sealed secret moved into A's file: does not open (the
	 * multikey is bound as associated data). */
	ra = json_load_file(pa, 0, &err);
	rb = json_load_file(pb, 0, &err);
	assert_non_null(ra);
	assert_non_null(rb);
	kv[0] = "ciphertext";
	kv[1] = json_string_value(
	    json_object_get(json_object_get(rb, "seal"), "ciphertext"));
	edit_key(pa, set_seal_member, kv);
	kv[0] = "nonce";
	kv[1] = json_string_value(
	    json_object_get(json_object_get(rb, "seal"), "nonce"));
	edit_key(pa, set_seal_member, kv);
	kv[0] = "salt";
	kv[1] = json_string_value(
	    json_object_get(json_object_get(rb, "seal"), "salt"));
	edit_key(pa, set_seal_member, kv);
	assert_error(
	    pu_keystore_load(ks, &l, pu_key_meta(a)->did, PASS, strlen(PASS)),
	    PU_EAUTH, "wrong passphrase (or the key file was altered)");

	/* A flipped ciphertext character. */
	kv[0] = "ciphertext";
	kv[1] =
	    "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
	edit_key(pb, set_seal_member, kv);
	assert_error(pu_keystore_load(ks, &l, NULL, PASS, strlen(PASS)),
		     PU_EAUTH, "altered");
	kv[1] = "not base64!";
	edit_key(pb, set_seal_member, kv);
	assert_error(pu_keystore_load(ks, &l, NULL, PASS, strlen(PASS)),
		     PU_EINVAL, "seal.ciphertext");
	/* A planted file asking for 4 GiB of Argon2 memory. */
	kv[0] = "memlimit";
	edit_key(pb, set_seal_member, kv);
	assert_error(pu_keystore_load(ks, &l, NULL, PASS, strlen(PASS)),
		     PU_EINVAL, "out of range");
	kv[0] = "cipher";
	kv[1] = "rot13";
	edit_key(pb, set_seal_member, kv);
	assert_error(pu_keystore_load(ks, &l, NULL, PASS, strlen(PASS)),
		     PU_EINVAL, "cipher");
	/* Public fields that disagree. */
	kv[0] = "status";
	kv[1] = "revoked";
	edit_key(pb, set_member, kv);
	assert_error(pu_keystore_list(ks, &list), PU_EINVAL, "status");
	kv[1] = "active";
	edit_key(pb, set_member, kv);
	kv[0] = "did";
	kv[1] = "did:key:z6MkSomebodyElse";
	edit_key(pb, set_member, kv);
	assert_error(pu_keystore_list(ks, &list), PU_EINVAL, "did and kid");
	kv[0] = "format";
	kv[1] = "other/9";
	edit_key(pb, set_member, kv);
	assert_error(pu_keystore_list(ks, &list), PU_EINVAL, "format");
	json_decref(ra);
	json_decref(rb);
	pu_key_free(a);
	pu_key_free(b);
}

static void test_passphrase_sources(void **state)
{
	struct ks_fixture *f = *state;
	char path[128], *p = NULL;
	size_t n = 0;
	FILE *fp;

	unsetenv(PU_KEYSTORE_PASSPHRASE_ENV);
	assert_error(pu_keystore_passphrase(&p, &n, NULL), PU_EAUTH,
		     "set PUENTE_KEY_PASSPHRASE");
	assert_null(p);
	setenv(PU_KEYSTORE_PASSPHRASE_ENV, "from the environment", 1);
	assert_ok(pu_keystore_passphrase(&p, &n, NULL));
	assert_string_equal(p, "from the environment");
	assert_int_equal(n, 20);
	pu_keystore_passphrase_free(p);
	setenv(PU_KEYSTORE_PASSPHRASE_ENV, "", 1);
	assert_error(pu_keystore_passphrase(&p, &n, NULL), PU_EAUTH, "empty");
	unsetenv(PU_KEYSTORE_PASSPHRASE_ENV);

	snprintf(path, sizeof(path), "%s/pass", f->dir);
	fp = fopen(path, "w");
	assert_non_null(fp);
	fputs("from a file\r\nsecond line ignored\n", fp);
	fclose(fp);
	assert_int_equal(chmod(path, 0600), 0);
	assert_ok(pu_keystore_passphrase(&p, &n, path));
	assert_string_equal(p, "from a file");
	assert_int_equal(n, 11);
	pu_keystore_passphrase_free(p);
	assert_int_equal(chmod(path, 0644), 0);
	assert_error(pu_keystore_passphrase(&p, &n, path), PU_EDENIED,
		     "accessible by others (mode 0644)");
	assert_int_equal(chmod(path, 0640), 0);
	assert_ok(pu_keystore_passphrase(&p, &n, path));
	pu_keystore_passphrase_free(p);
	fp = fopen(path, "w");
	assert_non_null(fp);
	fputs("\n", fp);
	fclose(fp);
	assert_error(pu_keystore_passphrase(&p, &n, path), PU_EAUTH, "empty");
	snprintf(path, sizeof(path), "%s/missing", f->dir);
	assert_error(pu_keystore_passphrase(&p, &n, path), PU_ENOTFOUND,
		     "no such passphrase file");
	pu_keystore_passphrase_free(NULL);
}

static void test_cost(void **state)
{
	pu_keystore *ks = ks_of(state);
	pu_key *k = NULL;
	struct timespec t0, t1, t2;

	assert_error(pu_keystore_set_cost(ks, 0, crypto_pwhash_MEMLIMIT_MIN),
		     PU_EINVAL, "out of range");
	assert_error(pu_keystore_set_cost(ks, 3, (size_t)2 << 30), PU_EINVAL,
		     "out of range");
	/* The default cost (MODERATE: 3 passes, 256 MiB), timed. */
	assert_ok(pu_keystore_set_cost(ks, crypto_pwhash_OPSLIMIT_MODERATE,
				       crypto_pwhash_MEMLIMIT_MODERATE));
	clock_gettime(CLOCK_MONOTONIC, &t0);
	assert_ok(pu_keystore_new(ks, NULL, PASS, strlen(PASS)));
	clock_gettime(CLOCK_MONOTONIC, &t1);
	assert_ok(pu_keystore_load(ks, &k, NULL, PASS, strlen(PASS)));
	clock_gettime(CLOCK_MONOTONIC, &t2);
	print_message("Argon2id MODERATE (3 passes, 256 MiB): new %.2f s, "
		      "load %.2f s\n",
		      (double)(t1.tv_sec - t0.tv_sec) +
			  (double)(t1.tv_nsec - t0.tv_nsec) / 1e9,
		      (double)(t2.tv_sec - t1.tv_sec) +
			  (double)(t2.tv_nsec - t1.tv_nsec) / 1e9);
	pu_key_free(k);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_didkey, ks_setup, ks_teardown),
	    cmocka_unit_test_setup_teardown(test_signs_credentials, ks_setup,
					    ks_teardown),
	    cmocka_unit_test_setup_teardown(test_wrong_passphrase, ks_setup,
					    ks_teardown),
	    cmocka_unit_test_setup_teardown(test_new_refusals, ks_setup,
					    ks_teardown),
	    cmocka_unit_test_setup_teardown(test_rotate, ks_setup, ks_teardown),
	    cmocka_unit_test_setup_teardown(test_concurrent_rotation, ks_setup,
					    ks_teardown),
	    cmocka_unit_test_setup_teardown(test_permissions, ks_setup,
					    ks_teardown),
	    cmocka_unit_test_setup_teardown(test_altered_files, ks_setup,
					    ks_teardown),
	    cmocka_unit_test_setup_teardown(test_passphrase_sources, ks_setup,
					    ks_teardown),
	    cmocka_unit_test_setup_teardown(test_cost, ks_setup, ks_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
