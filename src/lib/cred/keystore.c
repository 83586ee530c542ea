/*
 * The signing-key store. Each key is a file <multikey>.json in a directory of
 * mode 0700: public data in clear (DID, kid, created, status), and the 32-byte
 * Ed25519 seed sealed with XChaCha20-Poly1305 under a key derived from the
 * passphrase by Argon2id, whose salt and cost sit beside the ciphertext. The
 * multikey is the AEAD's associated data, so a sealed secret moved into another
 * key's file does not open. Files are written whole (temporary file, fsync,
 * rename) and refused when group or others may read them. Secrets live only
 * in sodium_malloc'd memory or on the stack, and are wiped.
 */
#include "puente/keystore.h"

#include "atomic.h"
#include "cred/keystore_file.h"
#include "puente/buf.h"
#include "puente/cred.h"
#include "puente/error.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define SEED_LEN 32
/* A key file may not ask for more than this (a planted file must not make
 * load spend minutes or gigabytes). */
#define MAX_OPS 64ULL
#define MAX_MEM ((size_t)1 << 30)

struct pu_keystore {
	char *dir;
	unsigned long long ops;
	size_t mem;
};

struct pu_key {
	pu_key_info info;
	char strs[5][PU_KEYSTORE_MAX_MULTIBASE * 2 + 16];
	pu_cred_key *ck; /* sodium_malloc'd: guarded, wiped when freed */
};

static int init_sodium(void)
{
	if (sodium_init() < 0)
		return pu_error_set(PU_ENOMEM, "libsodium failed to start");
	return 0;
}

static void utc_now(char out[21])
{
	time_t t = time(NULL);
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(out, 21, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

int pu_keystore_open(pu_keystore **out, const char *dir, int flags)
{
	pu_keystore *ks = NULL;
	struct stat sb;
	int rc;

	*out = NULL;
	rc = init_sodium();
	if (rc < 0)
		return rc;
	if (stat(dir, &sb) != 0) {
		if (errno != ENOENT)
			return pu_error_set(PU_EIO, "%s: %s", dir,
					    strerror(errno));
		if (!(flags & PU_KEYSTORE_CREATE))
			return pu_error_set(PU_ENOTFOUND,
					    "%s: no such key directory", dir);
		if (mkdir(dir, 0700) != 0)
			return pu_error_set(PU_EIO, "%s: cannot create: %s",
					    dir, strerror(errno));
		if (stat(dir, &sb) != 0)
			return pu_error_set(PU_EIO, "%s: %s", dir,
					    strerror(errno));
	}
	if (!S_ISDIR(sb.st_mode))
		return pu_error_set(PU_EIO, "%s: not a directory", dir);
	if (sb.st_mode & 022)
		return pu_error_set(PU_EDENIED,
				    "%s: key directory is writable by group or "
				    "others (mode %04o): run chmod 700 %s",
				    dir, (unsigned)(sb.st_mode & 07777), dir);
	ks = calloc(1, sizeof(*ks));
	if (ks == NULL || (ks->dir = strdup(dir)) == NULL) {
		free(ks);
		return pu_error_set(PU_ENOMEM, "out of memory");
	}
	ks->ops = crypto_pwhash_OPSLIMIT_MODERATE;
	ks->mem = crypto_pwhash_MEMLIMIT_MODERATE;
	*out = ks;
	return 0;
}

void pu_keystore_free(pu_keystore *ks)
{
	if (ks == NULL)
		return;
	free(ks->dir);
	free(ks);
}

int pu_keystore_set_cost(pu_keystore *ks, unsigned long long opslimit,
			 size_t memlimit)
{
	if (opslimit < crypto_pwhash_OPSLIMIT_MIN || opslimit > MAX_OPS ||
	    memlimit < crypto_pwhash_MEMLIMIT_MIN || memlimit > MAX_MEM)
		return pu_error_set(PU_EINVAL,
				    "Argon2id cost out of range: opslimit %llu "
				    "(%d..%llu), memlimit %zu (%d..%zu)",
				    opslimit, crypto_pwhash_OPSLIMIT_MIN,
				    MAX_OPS, memlimit,
				    crypto_pwhash_MEMLIMIT_MIN, MAX_MEM);
	ks->ops = opslimit;
	ks->mem = memlimit;
	return 0;
}

/* Decodes base64 member k of o into exactly n bytes. */
static int get_b64(json_t *o, const char *k, unsigned char *dst, size_t n,
		   const char *path)
{
	const char *s = pu_keystore_str(o, k);
	size_t got = 0;

	if (s == NULL ||
	    sodium_base642bin(dst, n, s, strlen(s), NULL, &got, NULL,
			      sodium_base64_VARIANT_ORIGINAL) != 0 ||
	    got != n)
		return pu_error_set(PU_EINVAL,
				    "%s: seal.%s: missing or not %zu bytes of "
				    "base64",
				    path, k, n);
	return 0;
}

static int put_b64(json_t *o, const char *k, const unsigned char *bin, size_t n)
{
	char s[128];

	sodium_bin2base64(s, sizeof(s), bin, n, sodium_base64_VARIANT_ORIGINAL);
	if (json_object_set_new(o, k, json_string(s)) != 0)
		return pu_error_set(PU_ENOMEM, "out of memory");
	return 0;
}

/* Derives the sealing key from the passphrase and the seal's salt and cost. */
static int derive(unsigned char key[32], const char *pass, size_t passlen,
		  const unsigned char *salt, unsigned long long ops, size_t mem)
{
	if (crypto_pwhash(key, 32, pass, passlen, salt, ops, mem,
			  crypto_pwhash_ALG_ARGON2ID13) != 0)
		return pu_error_set(PU_ENOMEM,
				    "out of memory deriving the key "
				    "(Argon2id, %zu MiB)",
				    mem >> 20);
	return 0;
}

static int key_alloc(pu_key **out)
{
	pu_key *k = calloc(1, sizeof(*k));

	*out = NULL;
	if (k == NULL)
		return pu_error_set(PU_ENOMEM, "out of memory");
	k->ck = sodium_malloc(sizeof(*k->ck));
	if (k->ck == NULL) {
		free(k);
		return pu_error_set(PU_ENOMEM, "out of memory (secure memory)");
	}
	*out = k;
	return 0;
}

static void key_set_info(pu_key *k, const pu_key_info *in)
{
	const char *src[5] = {in->did, in->kid, in->multibase, in->created,
			      in->retired};
	const char **dst[5] = {&k->info.did, &k->info.kid, &k->info.multibase,
			       &k->info.created, &k->info.retired};

	for (int i = 0; i < 5; i++) {
		snprintf(k->strs[i], sizeof(k->strs[i]), "%s",
			 src[i] ? src[i] : "");
		*dst[i] = src[i] ? k->strs[i] : NULL;
	}
	k->info.active = in->active;
}

void pu_key_free(pu_key *key)
{
	if (key == NULL)
		return;
	sodium_free(key->ck); /* wipes */
	free(key);
}

const pu_key_info *pu_key_meta(const pu_key *key)
{
	return &key->info;
}

const unsigned char *pu_key_public(const pu_key *key)
{
	return key->ck->pk;
}

const unsigned char *pu_key_secret(const pu_key *key)
{
	return key->ck->sk;
}

const pu_cred_key *pu_key_cred(const pu_key *key)
{
	return key->ck;
}

int pu_key_sign(const pu_key *key, unsigned char sig[64],
		const unsigned char *msg, size_t len)
{
	if (crypto_sign_detached(sig, NULL, msg, len, key->ck->sk) != 0)
		return pu_error_set(PU_EINVAL, "signing failed");
	return 0;
}

static int path_of(pu_buf *p, const pu_keystore *ks, const char *mb)
{
	return pu_buf_printf(p, "%s/%s.json", ks->dir, mb);
}

/* Generates a key, seals it and writes its file as active. */
static int create_key(pu_keystore *ks, pu_key **out, const char *pass,
		      size_t passlen)
{
	unsigned char seed[SEED_LEN], kek[32];
	unsigned char salt[crypto_pwhash_SALTBYTES];
	unsigned char nonce[crypto_aead_xchacha20poly1305_ietf_NPUBBYTES];
	unsigned char ct[SEED_LEN + crypto_aead_xchacha20poly1305_ietf_ABYTES];
	pu_buf mb = PU_BUF_INIT, did = PU_BUF_INIT, kid = PU_BUF_INIT;
	pu_buf path = PU_BUF_INIT;
	pu_key *k = NULL;
	json_t *root = NULL, *seal = NULL;
	char *text = NULL, created[21];
	pu_key_info info;
	int rc;

	if (passlen < PU_KEYSTORE_MIN_PASSPHRASE) {
		rc = pu_error_set(PU_EINVAL,
				  "passphrase too short: at least %d "
				  "characters",
				  PU_KEYSTORE_MIN_PASSPHRASE);
		goto done;
	}
	rc = key_alloc(&k);
	if (rc < 0)
		goto done;
	rc = pu_cred_key_generate(k->ck);
	if (rc < 0)
		goto done;
	crypto_sign_ed25519_sk_to_seed(seed, k->ck->sk);
	rc = pu_cred_multikey_encode_public(&mb, k->ck->pk);
	if (rc == 0)
		rc = pu_buf_printf(&did, "did:key:%s", mb.ptr);
	if (rc == 0)
		rc = pu_buf_printf(&kid, "did:key:%s#%s", mb.ptr, mb.ptr);
	if (rc == 0)
		rc = path_of(&path, ks, mb.ptr);
	if (rc < 0)
		goto done;
	randombytes_buf(salt, sizeof(salt));
	randombytes_buf(nonce, sizeof(nonce));
	rc = derive(kek, pass, passlen, salt, ks->ops, ks->mem);
	if (rc < 0)
		goto done;
	crypto_aead_xchacha20poly1305_ietf_encrypt(
	    ct, NULL, seed, sizeof(seed), (const unsigned char *)mb.ptr, mb.len,
	    NULL, nonce, kek);
	utc_now(created);
	seal = json_pack("{s:s, s:I, s:I, s:s}", "kdf", PU_KEYSTORE_KDF,
			 "opslimit", (json_int_t)ks->ops, "memlimit",
			 (json_int_t)ks->mem, "cipher", PU_KEYSTORE_CIPHER);
	root = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s}", "format",
			 PU_KEYSTORE_FORMAT, "did", did.ptr, "kid", kid.ptr,
			 "publicKeyMultibase", mb.ptr, "created", created,
			 "status", "active");
	if (seal == NULL || root == NULL) {
		rc = pu_error_set(PU_ENOMEM, "out of memory");
		goto done;
	}
	rc = put_b64(seal, "salt", salt, sizeof(salt));
	if (rc == 0)
		rc = put_b64(seal, "nonce", nonce, sizeof(nonce));
	if (rc == 0)
		rc = put_b64(seal, "ciphertext", ct, sizeof(ct));
	if (rc < 0)
		goto done;
	if (json_object_set(root, "seal", seal) != 0 ||
	    (text = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER)) ==
		NULL) {
		rc = pu_error_set(PU_ENOMEM, "out of memory");
		goto done;
	}
	rc = pu_atomic_write(path.ptr, text, strlen(text), 0600);
	if (rc < 0)
		goto done;
	info.did = did.ptr;
	info.kid = kid.ptr;
	info.multibase = mb.ptr;
	info.created = created;
	info.active = 1;
	info.retired = NULL;
	key_set_info(k, &info);
	if (out) {
		*out = k;
		k = NULL;
	}
done:
	sodium_memzero(seed, sizeof(seed));
	sodium_memzero(kek, sizeof(kek));
	pu_key_free(k);
	json_decref(seal);
	json_decref(root);
	free(text);
	pu_buf_free(&mb);
	pu_buf_free(&did);
	pu_buf_free(&kid);
	pu_buf_free(&path);
	return rc;
}

/* Reads every key file of the directory into *files (oldest first). */
static int compare_files(const void *a, const void *b)
{
	const struct pu_keyfile *x = a, *y = b;
	int c = strcmp(x->info.created, y->info.created);

	if (c != 0)
		return c;
	/* Same second: a retired key is older than the active one. */
	if (x->info.active != y->info.active)
		return x->info.active - y->info.active;
	return strcmp(x->info.multibase, y->info.multibase);
}

static void files_free(struct pu_keyfile *files, size_t n)
{
	for (size_t i = 0; i < n; i++)
		pu_keystore_file_free(&files[i]);
	free(files);
}

static int read_all(pu_keystore *ks, struct pu_keyfile **out, size_t *nout)
{
	DIR *d = opendir(ks->dir);
	struct dirent *e;
	struct pu_keyfile *files = NULL;
	size_t n = 0, cap = 0;
	pu_buf path = PU_BUF_INIT;
	int rc = 0;

	*out = NULL;
	*nout = 0;
	if (d == NULL)
		return pu_error_set(PU_EIO, "%s: %s", ks->dir, strerror(errno));
	while ((e = readdir(d)) != NULL) {
		size_t len = strlen(e->d_name);
		char mb[PU_KEYSTORE_MAX_MULTIBASE + 1];

		if (e->d_name[0] == '.' || len < 6 ||
		    strcmp(e->d_name + len - 5, ".json") != 0)
			continue;
		if (!pu_keystore_is_multibase(e->d_name, len - 5))
			continue; /* not one of ours */
		memcpy(mb, e->d_name, len - 5);
		mb[len - 5] = '\0';
		if (n == cap) {
			size_t ncap = cap ? cap * 2 : 8;
			struct pu_keyfile *p =
			    realloc(files, ncap * sizeof(*files));

			if (p == NULL) {
				rc = pu_error_set(PU_ENOMEM, "out of memory");
				goto done;
			}
			files = p;
			cap = ncap;
		}
		pu_buf_clear(&path);
		rc = path_of(&path, ks, mb);
		if (rc == 0)
			rc = pu_keystore_file_read(&files[n], path.ptr, mb);
		if (rc < 0)
			goto done;
		n++;
	}
	if (n > 1)
		qsort(files, n, sizeof(*files), compare_files);
	*out = files;
	*nout = n;
	files = NULL;
	n = 0;
done:
	closedir(d);
	files_free(files, n);
	pu_buf_free(&path);
	return rc;
}

/* Index of the newest active key, or -1. */
static long newest_active(const struct pu_keyfile *files, size_t n)
{
	for (size_t i = n; i > 0; i--) {
		if (files[i - 1].info.active)
			return (long)(i - 1);
	}
	return -1;
}

/* Takes the store's lock (flock on the directory) for a change: two
 * rotations at once must not both retire the same key and leave two new
 * ones. Returns the descriptor to give to unlock, or a negative PU_EIO. */
static int lock_store(const pu_keystore *ks)
{
	int fd = open(ks->dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	if (fd < 0)
		return pu_error_set(PU_EIO, "%s: %s", ks->dir, strerror(errno));
	while (flock(fd, LOCK_EX) != 0) {
		if (errno != EINTR) {
			close(fd);
			return pu_error_set(PU_EIO, "%s: cannot lock: %s",
					    ks->dir, strerror(errno));
		}
	}
	return fd;
}

static void unlock_store(int fd)
{
	if (fd >= 0)
		close(fd); /* releases the flock */
}

int pu_keystore_new(pu_keystore *ks, pu_key **out, const char *passphrase,
		    size_t passlen)
{
	struct pu_keyfile *files = NULL;
	size_t n = 0;
	long a;
	int rc, lock;

	if (out)
		*out = NULL;
	lock = lock_store(ks);
	if (lock < 0)
		return lock;
	rc = read_all(ks, &files, &n);
	if (rc < 0)
		goto done;
	a = newest_active(files, n);
	if (a >= 0) {
		rc = pu_error_set(PU_ECONFLICT,
				  "%s: an active key exists (%s): rotate it "
				  "instead",
				  ks->dir, files[a].info.did);
		goto done;
	}
	rc = create_key(ks, out, passphrase, passlen);
done:
	files_free(files, n);
	unlock_store(lock);
	return rc;
}

int pu_keystore_list(pu_keystore *ks, pu_key_info_list *out)
{
	struct pu_keyfile *files = NULL;
	pu_arena *a = NULL;
	size_t n = 0;
	int rc;

	memset(out, 0, sizeof(*out));
	rc = read_all(ks, &files, &n);
	if (rc < 0)
		return rc;
	rc = pu_arena_new(&a);
	if (rc < 0)
		goto done;
	out->v = pu_arena_alloc(a, (n ? n : 1) * sizeof(*out->v));
	if (out->v == NULL) {
		rc = pu_error_set(PU_ENOMEM, "out of memory");
		goto done;
	}
	for (size_t i = 0; i < n; i++) {
		const pu_key_info *s = &files[i].info;
		pu_key_info *d = &out->v[i];

		d->did = pu_arena_strdup(a, s->did);
		d->kid = pu_arena_strdup(a, s->kid);
		d->multibase = pu_arena_strdup(a, s->multibase);
		d->created = pu_arena_strdup(a, s->created);
		d->retired = pu_arena_strdup(a, s->retired);
		d->active = s->active;
		if (d->did == NULL || d->kid == NULL || d->multibase == NULL ||
		    d->created == NULL || (s->retired && d->retired == NULL)) {
			rc = pu_error_set(PU_ENOMEM, "out of memory");
			goto done;
		}
	}
	out->n = n;
	out->priv = a;
	a = NULL;
done:
	if (rc < 0)
		memset(out, 0, sizeof(*out));
	pu_arena_free(a);
	files_free(files, n);
	return rc;
}

void pu_key_info_list_free(pu_key_info_list *l)
{
	if (l == NULL)
		return;
	pu_arena_free(l->priv);
	memset(l, 0, sizeof(*l));
}

/* Unseals the key of a parsed file. */
static int unseal(const struct pu_keyfile *kf, pu_key **out, const char *pass,
		  size_t passlen)
{
	json_t *seal = json_object_get(kf->root, "seal");
	unsigned char seed[SEED_LEN], kek[32];
	unsigned char salt[crypto_pwhash_SALTBYTES];
	unsigned char nonce[crypto_aead_xchacha20poly1305_ietf_NPUBBYTES];
	unsigned char ct[SEED_LEN + crypto_aead_xchacha20poly1305_ietf_ABYTES];
	json_int_t ops = json_integer_value(json_object_get(seal, "opslimit"));
	json_int_t mem = json_integer_value(json_object_get(seal, "memlimit"));
	pu_buf mb = PU_BUF_INIT;
	pu_key *k = NULL;
	unsigned long long clen = 0;
	int rc;

	*out = NULL;
	if (pu_keystore_str(seal, "kdf") == NULL ||
	    strcmp(pu_keystore_str(seal, "kdf"), PU_KEYSTORE_KDF) ||
	    pu_keystore_str(seal, "cipher") == NULL ||
	    strcmp(pu_keystore_str(seal, "cipher"), PU_KEYSTORE_CIPHER) != 0)
		return pu_error_set(PU_EINVAL,
				    "%s: seal: want kdf \"%s\" and cipher "
				    "\"%s\"",
				    kf->path, PU_KEYSTORE_KDF,
				    PU_KEYSTORE_CIPHER);
	if (ops < crypto_pwhash_OPSLIMIT_MIN ||
	    (unsigned long long)ops > MAX_OPS ||
	    mem < crypto_pwhash_MEMLIMIT_MIN || (size_t)mem > MAX_MEM)
		return pu_error_set(PU_EINVAL,
				    "%s: seal: opslimit or memlimit missing or "
				    "out of range (at most %llu and %zu)",
				    kf->path, MAX_OPS, MAX_MEM);
	rc = get_b64(seal, "salt", salt, sizeof(salt), kf->path);
	if (rc == 0)
		rc = get_b64(seal, "nonce", nonce, sizeof(nonce), kf->path);
	if (rc == 0)
		rc = get_b64(seal, "ciphertext", ct, sizeof(ct), kf->path);
	if (rc < 0)
		return rc;
	rc = key_alloc(&k);
	if (rc < 0)
		return rc;
	rc = derive(kek, pass, passlen, salt, (unsigned long long)ops,
		    (size_t)mem);
	if (rc < 0)
		goto done;
	if (crypto_aead_xchacha20poly1305_ietf_decrypt(
		seed, &clen, NULL, ct, sizeof(ct),
		(const unsigned char *)kf->info.multibase,
		strlen(kf->info.multibase), nonce, kek) != 0 ||
	    clen != SEED_LEN) {
		rc = pu_error_set(PU_EAUTH,
				  "%s: wrong passphrase (or the key file was "
				  "altered)",
				  kf->path);
		goto done;
	}
	rc = pu_cred_key_from_seed(k->ck, seed);
	if (rc < 0)
		goto done;
	rc = pu_cred_multikey_encode_public(&mb, k->ck->pk);
	if (rc < 0)
		goto done;
	if (strcmp(mb.ptr, kf->info.multibase) != 0) {
		rc = pu_error_set(PU_EAUTH,
				  "%s: the sealed secret is not the secret of "
				  "%s",
				  kf->path, kf->info.multibase);
		goto done;
	}
	key_set_info(k, &kf->info);
	*out = k;
	k = NULL;
done:
	sodium_memzero(seed, sizeof(seed));
	sodium_memzero(kek, sizeof(kek));
	pu_key_free(k);
	pu_buf_free(&mb);
	return rc;
}

/* The multikey named by id (DID, kid or multikey) into mb. */
static int id_to_multibase(const char *id,
			   char mb[PU_KEYSTORE_MAX_MULTIBASE + 1])
{
	const char *s = id, *hash;
	size_t n;

	if (strncmp(s, "did:key:", 8) == 0)
		s += 8;
	hash = strchr(s, '#');
	n = hash ? (size_t)(hash - s) : strlen(s);
	if (!pu_keystore_is_multibase(s, n))
		return pu_error_set(PU_EINVAL,
				    "\"%.80s\" is not a did:key, kid or "
				    "multikey",
				    id);
	memcpy(mb, s, n);
	mb[n] = '\0';
	return 0;
}

int pu_keystore_load(pu_keystore *ks, pu_key **out, const char *id,
		     const char *passphrase, size_t passlen)
{
	struct pu_keyfile *files = NULL, one;
	size_t n = 0;
	pu_buf path = PU_BUF_INIT;
	char mb[PU_KEYSTORE_MAX_MULTIBASE + 1];
	long a;
	int rc;

	*out = NULL;
	memset(&one, 0, sizeof(one));
	if (id == NULL) {
		rc = read_all(ks, &files, &n);
		if (rc < 0)
			return rc;
		a = newest_active(files, n);
		if (a < 0)
			rc = pu_error_set(PU_ENOTFOUND,
					  "%s: no active signing key (create "
					  "one first)",
					  ks->dir);
		else
			rc = unseal(&files[a], out, passphrase, passlen);
		files_free(files, n);
		return rc;
	}
	rc = id_to_multibase(id, mb);
	if (rc == 0)
		rc = path_of(&path, ks, mb);
	if (rc == 0)
		rc = pu_keystore_file_read(&one, path.ptr, mb);
	if (rc == PU_ENOTFOUND)
		rc = pu_error_set(PU_ENOTFOUND, "%s: no key %s", ks->dir, mb);
	if (rc == 0)
		rc = unseal(&one, out, passphrase, passlen);
	pu_keystore_file_free(&one);
	pu_buf_free(&path);
	return rc;
}

int pu_keystore_rotate(pu_keystore *ks, pu_key **out, const char *passphrase,
		       size_t passlen)
{
	struct pu_keyfile *files = NULL;
	pu_key *old = NULL;
	size_t n = 0;
	char now[21], *text = NULL;
	long a;
	int rc, lock;

	if (out)
		*out = NULL;
	lock = lock_store(ks);
	if (lock < 0)
		return lock;
	rc = read_all(ks, &files, &n);
	if (rc < 0)
		goto done;
	a = newest_active(files, n);
	if (a < 0) {
		rc = pu_error_set(PU_ENOTFOUND,
				  "%s: no active key to rotate (create one "
				  "first)",
				  ks->dir);
		goto done;
	}
	/* The passphrase must open the current key: the new key is sealed
	 * with it, and a typo must not leave a key nobody can open. */
	rc = unseal(&files[a], &old, passphrase, passlen);
	if (rc < 0)
		goto done;
	rc = create_key(ks, out, passphrase, passlen);
	if (rc < 0)
		goto done;
	utc_now(now);
	/* Every active key but the new one retires (two may be active after
	 * an interrupted rotation). */
	for (size_t i = 0; i < n; i++) {
		if (!files[i].info.active)
			continue;
		if (json_object_set_new(files[i].root, "status",
					json_string("retired")) != 0 ||
		    json_object_set_new(files[i].root, "retired",
					json_string(now)) != 0 ||
		    (text = json_dumps(files[i].root,
				       JSON_INDENT(2) | JSON_PRESERVE_ORDER)) ==
			NULL) {
			rc = pu_error_set(PU_ENOMEM, "out of memory");
			goto done;
		}
		rc = pu_atomic_write(files[i].path, text, strlen(text), 0600);
		free(text);
		text = NULL;
		if (rc < 0)
			goto done;
	}
done:
	pu_key_free(old);
	files_free(files, n);
	unlock_store(lock);
	if (rc < 0 && out) {
		pu_key_free(*out);
		*out = NULL;
	}
	return rc;
}
