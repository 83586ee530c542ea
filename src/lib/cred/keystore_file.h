/*
 * Internal: the key store's files. A key file is JSON (docs/formats.md,
 * "Signing keys"); these read one and check its public fields, so that the
 * store (keystore.c) deals only with sealing, listing and rotation.
 */
#ifndef PU_KEYSTORE_FILE_H
#define PU_KEYSTORE_FILE_H

#include <jansson.h>
#include <stddef.h>

#include "puente/keystore.h"

#define PU_KEYSTORE_FORMAT "puente-key/1"
#define PU_KEYSTORE_KDF "argon2id13"
#define PU_KEYSTORE_CIPHER "xchacha20poly1305-ietf"
#define PU_KEYSTORE_MAX_MULTIBASE 64

/* One parsed key file; info's strings point into root. */
struct pu_keyfile {
	json_t *root;
	char *path;
	pu_key_info info;
};

/* Reads and checks the key file at path: mode (no access by group or
 * others), not a symbolic link, format, an Ed25519 multikey equal to
 * expect_mb (the file's name; NULL: not checked), did and kid that agree
 * with it, created, status, a seal object. The seal's members are checked
 * when it is opened. Returns 0, PU_ENOTFOUND, PU_EDENIED, PU_EINVAL (naming
 * the file and the field), PU_ELIMIT, PU_EIO or PU_ENOMEM. On error kf is
 * left empty. */
int pu_keystore_file_read(struct pu_keyfile *kf, const char *path,
			  const char *expect_mb);
void pu_keystore_file_free(struct pu_keyfile *kf);

/* 1 when s (n bytes) is 'z' and base58btc, at most
 * PU_KEYSTORE_MAX_MULTIBASE bytes: safe to put in a path. */
int pu_keystore_is_multibase(const char *s, size_t n);

/* The string member k of o, or NULL. */
const char *pu_keystore_str(json_t *o, const char *k);

#endif
