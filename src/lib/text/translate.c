/*
 * Batch translation through a cache. Cache keys are SHA-256 over the engine
 * name, both languages and the text, so a change of engine or direction never
 * returns a stale text.
 */
#include "puente/translate.h"

#include "puente/error.h"
#include "puente/store.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>

void pu_translator_free(pu_translator *t)
{
	if (t != NULL)
		t->ops->free(t);
}

static void cache_key(unsigned char key[32], const char *engine,
		      const char *from, const char *to, const char *text)
{
	crypto_hash_sha256_state h;

	crypto_hash_sha256_init(&h);
	/* NUL-separated: no two different tuples hash the same bytes. */
	crypto_hash_sha256_update(&h, (const unsigned char *)engine,
				  strlen(engine) + 1);
	crypto_hash_sha256_update(&h, (const unsigned char *)from,
				  strlen(from) + 1);
	crypto_hash_sha256_update(&h, (const unsigned char *)to, strlen(to) + 1);
	crypto_hash_sha256_update(&h, (const unsigned char *)text, strlen(text));
	crypto_hash_sha256_final(&h, key);
}

static size_t primary_len(const char *tag)
{
	return strcspn(tag, "-");
}

static bool same_language(const char *a, const char *b)
{
	size_t n = primary_len(a);

	return n == primary_len(b) && strncmp(a, b, n) == 0;
}

int pu_translate(pu_store *st, pu_translator *t, const char *from,
		 const char *to, const char *const *texts, size_t n, char **out,
		 pu_translate_report *rep)
{
	const char **miss = NULL;
	size_t *where = NULL, nmiss = 0;
	char **got = NULL;
	unsigned char key[32];
	int rc = 0;

	memset(rep, 0, sizeof(*rep));
	for (size_t i = 0; i < n; i++)
		out[i] = NULL;
	if (same_language(from, to)) {
		for (size_t i = 0; i < n; i++) {
			out[i] = strdup(texts[i]);
			if (out[i] == NULL)
				goto oom;
		}
		return 0;
	}
	if (t == NULL || !t->ops->has_pair(t, from, to)) {
		rep->no_pair = true;
		rep->failed = n;
		return pu_error_set(PU_ENOTFOUND,
				    "no translation from %s to %s (%s); "
				    "compared without translation",
				    from, to,
				    t ? t->ops->name : "no translator installed");
	}
	if (sodium_init() < 0)
		return pu_error_set(PU_EIO, "libsodium failed to start");
	miss = calloc(n ? n : 1, sizeof(*miss));
	where = calloc(n ? n : 1, sizeof(*where));
	got = calloc(n ? n : 1, sizeof(*got));
	if (miss == NULL || where == NULL || got == NULL)
		goto oom;
	for (size_t i = 0; i < n; i++) {
		if (st != NULL) {
			cache_key(key, t->ops->name, from, to, texts[i]);
			rc = pu_store_get_translation(st, key, &out[i]);
			if (rc == 0) {
				rep->cached++;
				continue;
			}
			if (rc != PU_ENOTFOUND)
				goto done;
		}
		miss[nmiss] = texts[i];
		where[nmiss++] = i;
	}
	rc = 0;
	if (nmiss > 0) {
		rc = t->ops->translate(t, from, to, miss, nmiss, got);
		if (rc < 0)
			goto done;
		for (size_t k = 0; k < nmiss; k++) {
			out[where[k]] = got[k];
			if (got[k] == NULL) {
				rep->failed++;
				continue;
			}
			rep->translated++;
			if (st != NULL) {
				cache_key(key, t->ops->name, from, to, miss[k]);
				rc = pu_store_put_translation(st, key,
							      t->ops->name, from,
							      to, got[k]);
				if (rc < 0)
					goto done;
			}
		}
	}
done:
	free(miss);
	free(where);
	free(got);
	if (rc < 0) {
		for (size_t i = 0; i < n; i++) {
			free(out[i]);
			out[i] = NULL;
		}
	}
	return rc;
oom:
	rc = pu_error_set(PU_ENOMEM, "out of memory");
	goto done;
}
