/*
 * The key store's files (see keystore_file.h): reading a private file
 * (regular, not a symbolic link when it is a key, not accessible by others,
 * at most 64 KiB), parsing and checking a key file's public fields, and the
 * passphrase from the environment or a file. Nothing here sees a secret key;
 * the passphrase goes straight into guarded memory.
 */
#include "cred/keystore_file.h"

#include "puente/buf.h"
#include "puente/error.h"
#include "puente/keystore.h"

#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define MAX_FILE (64 * 1024)
#define MAX_PASSPHRASE 1024

/* The base58btc alphabet, to check file names and ids before they become
 * paths. */
static const char b58[] =
    "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";

/* Opens a small private file, refusing one that group or others may access
 * (mask: the permission bits that are refused). Key files are never followed
 * through a symbolic link; a passphrase file may be one (mounted secrets). */
static int open_private(const char *path, mode_t mask, const char *what,
			int follow, int *fdout)
{
	struct stat sb;
	int fd, rc = 0;

	*fdout = -1;
	fd = open(path, O_RDONLY | O_CLOEXEC | (follow ? 0 : O_NOFOLLOW));
	if (fd < 0) {
		if (errno == ENOENT)
			return pu_error_set(PU_ENOTFOUND, "%s: no such %s",
					    path, what);
		return pu_error_set(PU_EIO, "%s: %s", path, strerror(errno));
	}
	if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
		rc = pu_error_set(PU_EIO, "%s: not a regular file", path);
		goto done;
	}
	if (sb.st_mode & mask) {
		rc = pu_error_set(PU_EDENIED,
				  "%s: %s is accessible by %s (mode %04o); "
				  "refusing it: run chmod 600 %s",
				  path, what,
				  mask == 077 ? "group or others" : "others",
				  (unsigned)(sb.st_mode & 07777), path);
		goto done;
	}
	if (sb.st_size > MAX_FILE) {
		rc = pu_error_set(PU_ELIMIT, "%s: %s larger than %d bytes",
				  path, what, MAX_FILE);
		goto done;
	}
	*fdout = fd;
	fd = -1;
done:
	if (fd >= 0)
		close(fd);
	return rc;
}

/* Reads up to cap bytes; returns the count or a negative PU_EIO. */
static long read_fd(int fd, char *dst, size_t cap, const char *path)
{
	size_t got = 0;

	while (got < cap) {
		ssize_t n = read(fd, dst + got, cap - got);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return pu_error_set(PU_EIO, "%s: %s", path,
					    strerror(errno));
		if (n == 0)
			break;
		got += (size_t)n;
	}
	return (long)got;
}

/* Reads a key file whole into out. */
static int read_keyfile(const char *path, pu_buf *out)
{
	char *buf = NULL;
	long n;
	int fd = -1, rc;

	rc = open_private(path, 077, "key file", 0, &fd);
	if (rc < 0)
		return rc;
	buf = malloc(MAX_FILE + 1);
	if (buf == NULL) {
		rc = pu_error_set(PU_ENOMEM, "out of memory");
		goto done;
	}
	n = read_fd(fd, buf, MAX_FILE + 1, path);
	if (n < 0) {
		rc = (int)n;
		goto done;
	}
	if (n > MAX_FILE) {
		rc =
		    pu_error_set(PU_ELIMIT, "%s: key file larger than %d bytes",
				 path, MAX_FILE);
		goto done;
	}
	rc = pu_buf_put(out, buf, (size_t)n);
done:
	free(buf);
	close(fd);
	return rc;
}

const char *pu_keystore_str(json_t *o, const char *k)
{
	return json_string_value(json_object_get(o, k));
}

void pu_keystore_file_free(struct pu_keyfile *kf)
{
	json_decref(kf->root);
	free(kf->path);
	memset(kf, 0, sizeof(*kf));
}

int pu_keystore_is_multibase(const char *s, size_t n)
{
	if (n < 2 || n > PU_KEYSTORE_MAX_MULTIBASE || s[0] != 'z')
		return 0;
	for (size_t i = 1; i < n; i++) {
		if (s[i] == '\0' || strchr(b58, s[i]) == NULL)
			return 0;
	}
	return 1;
}

/* Reads and checks a key file: the public fields must agree with one another
 * and with the file's name. */
int pu_keystore_file_read(struct pu_keyfile *kf, const char *path,
			  const char *expect_mb)
{
	pu_buf raw = PU_BUF_INIT;
	json_error_t jerr;
	const char *did, *kid, *mb, *status, *retired;
	int rc;

	memset(kf, 0, sizeof(*kf));
	kf->path = strdup(path);
	if (kf->path == NULL)
		return pu_error_set(PU_ENOMEM, "out of memory");
	rc = read_keyfile(path, &raw);
	if (rc < 0)
		goto done;
	kf->root = json_loadb(raw.ptr, raw.len, JSON_REJECT_DUPLICATES, &jerr);
	if (kf->root == NULL || !json_is_object(kf->root)) {
		rc = pu_error_set(PU_EINVAL, "%s: not a key file: %s", path,
				  kf->root ? "not an object" : jerr.text);
		goto done;
	}
	if (pu_keystore_str(kf->root, "format") == NULL ||
	    strcmp(pu_keystore_str(kf->root, "format"), PU_KEYSTORE_FORMAT) !=
		0) {
		rc = pu_error_set(PU_EINVAL, "%s: format: want \"%s\"", path,
				  PU_KEYSTORE_FORMAT);
		goto done;
	}
	did = pu_keystore_str(kf->root, "did");
	kid = pu_keystore_str(kf->root, "kid");
	mb = pu_keystore_str(kf->root, "publicKeyMultibase");
	status = pu_keystore_str(kf->root, "status");
	retired = pu_keystore_str(kf->root, "retired");
	if (mb == NULL || !pu_keystore_is_multibase(mb, strlen(mb)) ||
	    strncmp(mb, "z6Mk", 4) != 0) {
		rc = pu_error_set(PU_EINVAL,
				  "%s: publicKeyMultibase: missing or not an "
				  "Ed25519 multikey",
				  path);
		goto done;
	}
	if (expect_mb && strcmp(mb, expect_mb) != 0) {
		rc = pu_error_set(PU_EINVAL,
				  "%s: publicKeyMultibase %s does not match "
				  "the file's name",
				  path, mb);
		goto done;
	}
	if (did == NULL || strncmp(did, "did:key:", 8) != 0 ||
	    strcmp(did + 8, mb) != 0 || kid == NULL ||
	    strncmp(kid, did, strlen(did)) != 0 || kid[strlen(did)] != '#' ||
	    strcmp(kid + strlen(did) + 1, mb) != 0) {
		rc = pu_error_set(PU_EINVAL,
				  "%s: did and kid must be did:key:%s and "
				  "did:key:%s#%s",
				  path, mb, mb, mb);
		goto done;
	}
	if (pu_keystore_str(kf->root, "created") == NULL) {
		rc = pu_error_set(PU_EINVAL, "%s: created: missing", path);
		goto done;
	}
	if (status == NULL ||
	    (strcmp(status, "active") != 0 && strcmp(status, "retired") != 0)) {
		rc = pu_error_set(PU_EINVAL,
				  "%s: status: want \"active\" or \"retired\"",
				  path);
		goto done;
	}
	if (!json_is_object(json_object_get(kf->root, "seal"))) {
		rc = pu_error_set(PU_EINVAL, "%s: seal: missing", path);
		goto done;
	}
	kf->info.did = did;
	kf->info.kid = kid;
	kf->info.multibase = mb;
	kf->info.created = pu_keystore_str(kf->root, "created");
	kf->info.active = strcmp(status, "active") == 0;
	kf->info.retired = kf->info.active ? NULL : retired;
done:
	pu_buf_free(&raw);
	if (rc < 0)
		pu_keystore_file_free(kf);
	return rc;
}

int pu_keystore_passphrase(char **out, size_t *len, const char *file)
{
	char *p = NULL;
	size_t n = 0;
	int rc = 0;

	*out = NULL;
	*len = 0;
	if (sodium_init() < 0)
		return pu_error_set(PU_ENOMEM, "libsodium failed to start");
	p = sodium_malloc(MAX_PASSPHRASE + 2);
	if (p == NULL)
		return pu_error_set(PU_ENOMEM, "out of memory (secure memory)");
	if (file != NULL) {
		int fd = -1;
		long got = 0;

		rc = open_private(file, 007, "passphrase file", 1, &fd);
		if (rc == 0) {
			got = read_fd(fd, p, MAX_PASSPHRASE + 1, file);
			close(fd);
		}
		if (rc == 0 && got < 0)
			rc = (int)got;
		if (rc == 0) {
			p[got] = '\0';
			n = strcspn(p, "\r\n");
			if (n > MAX_PASSPHRASE)
				rc = pu_error_set(PU_ELIMIT,
						  "%s: passphrase longer than "
						  "%d bytes",
						  file, MAX_PASSPHRASE);
		}
	} else {
		const char *env = getenv(PU_KEYSTORE_PASSPHRASE_ENV);

		if (env == NULL)
			rc = pu_error_set(PU_EAUTH,
					  "no passphrase: set %s or give a "
					  "passphrase file",
					  PU_KEYSTORE_PASSPHRASE_ENV);
		else if ((n = strlen(env)) > MAX_PASSPHRASE)
			rc = pu_error_set(
			    PU_ELIMIT, "%s: passphrase longer than %d bytes",
			    PU_KEYSTORE_PASSPHRASE_ENV, MAX_PASSPHRASE);
		else
			memcpy(p, env, n);
	}
	if (rc == 0 && n == 0)
		rc = pu_error_set(PU_EAUTH, "%s: empty passphrase",
				  file ? file : PU_KEYSTORE_PASSPHRASE_ENV);
	if (rc < 0) {
		sodium_free(p);
		return rc;
	}
	p[n] = '\0';
	*out = p;
	*len = n;
	return 0;
}

void pu_keystore_passphrase_free(char *pass)
{
	sodium_free(pass);
}
