/*
 * Shared by the credential verbs: keys unsealed on demand (so a revocation
 * that touches the lists of a retired key loads that key too), files read
 * and written whole, the base URL.
 */
#include "cli_cred.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "puente/cred.h"
#include "puente/error.h"
#include "puente/issue.h"
#include "puente/keystore.h"

int cli_keys_open(const cli *c, cli_keys *k, const char *dir,
		  const char *passfile)
{
	const char *env = getenv(CLI_KEYS_ENV);
	int rc;

	memset(k, 0, sizeof(*k));
	k->c = c;
	k->passfile = passfile;
	k->dir = dir ? dir : env && *env ? env : CLI_KEYS_DEFAULT;
	rc = pu_keystore_open(&k->ks, k->dir, 0);
	if (rc < 0) {
		pu_error_prefix("key store %s: ", k->dir);
		return cli_fail(c, rc);
	}
	return EXIT_OK;
}

int cli_keys_get(cli_keys *k, const char *id, const pu_cred_key **out)
{
	pu_key *key = NULL;
	int rc;

	for (size_t i = 0; id != NULL && i < k->n; i++) {
		const pu_key_info *m = pu_key_meta(k->key[i]);

		if (strcmp(m->did, id) == 0 || strcmp(m->kid, id) == 0 ||
		    strcmp(m->multibase, id) == 0) {
			*out = pu_key_cred(k->key[i]);
			return 0;
		}
	}
	if (k->n == sizeof(k->key) / sizeof(k->key[0]))
		return pu_error_set(PU_ELIMIT, "too many keys at once");
	if (k->pass == NULL) {
		rc = pu_keystore_passphrase(&k->pass, &k->plen, k->passfile);
		if (rc < 0)
			return rc;
	}
	rc = pu_keystore_load(k->ks, &key, id, k->pass, k->plen);
	if (rc < 0)
		return pu_error_prefix("key %s: ", id ? id : "(active)");
	k->key[k->n++] = key;
	*out = pu_key_cred(key);
	return 0;
}

int cli_key_for(void *arg, const char *did, const pu_cred_key **out)
{
	return cli_keys_get(arg, did, out);
}

void cli_keys_close(cli_keys *k)
{
	for (size_t i = 0; i < k->n; i++)
		pu_key_free(k->key[i]);
	pu_keystore_passphrase_free(k->pass);
	pu_keystore_free(k->ks);
	memset(k, 0, sizeof(*k));
}

const char *cli_base_url(void)
{
	const char *b = getenv("PUENTE_BASE_URL");

	return b && *b ? b : PU_ISSUE_BASE_URL;
}

int cli_read_file(const cli *c, const char *path, size_t max, pu_buf *out)
{
	FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
	char chunk[8192];
	size_t n;
	int rc = 0;

	if (f == NULL) {
		fprintf(stderr, "puente %s: %s: %s\n", c->verb, path,
			strerror(errno));
		return errno == ENOENT ? EXIT_NOTFOUND : EXIT_SYSTEM;
	}
	out->max = max;
	while (rc == 0 && (n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		rc = pu_buf_put(out, chunk, n);
	if (rc == 0 && ferror(f))
		rc = pu_error_set(PU_EIO, "read error");
	if (rc == 0 && out->ptr == NULL)
		rc = pu_buf_put(out, "", 0);
	if (f != stdin)
		fclose(f);
	if (rc == PU_ELIMIT)
		rc = pu_error_set(PU_ELIMIT, "larger than %zu bytes", max);
	if (rc < 0) {
		pu_error_prefix("%s: ", path);
		return cli_fail(c, rc);
	}
	return EXIT_OK;
}

int cli_write_file(const cli *c, const char *path, const char *data, size_t len)
{
	pu_buf tmp = PU_BUF_INIT;
	FILE *f;
	int ok;

	if (strcmp(path, "-") == 0) {
		ok = fwrite(data, 1, len, stdout) == len;
		return ok ? EXIT_OK : EXIT_SYSTEM;
	}
	if (pu_buf_printf(&tmp, "%s.tmp%ld", path, (long)getpid()) < 0)
		return EXIT_SYSTEM;
	f = fopen(tmp.ptr, "wb");
	ok = f != NULL && fwrite(data, 1, len, f) == len;
	if (f != NULL && fclose(f) != 0)
		ok = 0;
	if (ok && rename(tmp.ptr, path) != 0)
		ok = 0;
	if (!ok) {
		fprintf(stderr, "puente %s: %s: %s\n", c->verb, path,
			strerror(errno));
		remove(tmp.ptr);
	}
	pu_buf_free(&tmp);
	return ok ? EXIT_OK : EXIT_SYSTEM;
}
