/*
 * Batch translation through a cache. Cache keys are SHA-256 over the engine
 * name, both languages and the text, so a change of engine or direction never
 * returns a stale text. A text is first cut at its slash variants
 * (pu_text_variants: "técnico/técnica de ..." keeps one form, "entrada/salida"
 * becomes two parts), and each part is cached and translated on its own, so a
 * text without such a slash keeps the cache key it always had.
 */
#include "puente/translate.h"

#include "puente/buf.h"
#include "puente/error.h"
#include "puente/store.h"
#include "puente/text.h"

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

/* How each part came: from the cache, translated now, or failed. */
enum { PART_CACHED, PART_TRANSLATED, PART_FAILED };

/* Translates n parts through the cache of st; out[i] gets a malloc'd text or
 * NULL, state[i] says how. */
static int translate_parts(pu_store *st, pu_translator *t, const char *from,
			   const char *to, const char *const *texts, size_t n,
			   char **out, unsigned char *state)
{
	const char **miss = NULL;
	size_t *where = NULL, nmiss = 0;
	char **got = NULL;
	unsigned char key[32];
	int rc = 0;

	miss = calloc(n ? n : 1, sizeof(*miss));
	where = calloc(n ? n : 1, sizeof(*where));
	got = calloc(n ? n : 1, sizeof(*got));
	if (miss == NULL || where == NULL || got == NULL) {
		rc = pu_error_set(PU_ENOMEM, "out of memory");
		goto done;
	}
	for (size_t i = 0; i < n; i++) {
		if (st != NULL) {
			cache_key(key, t->ops->name, from, to, texts[i]);
			rc = pu_store_get_translation(st, key, &out[i]);
			if (rc == 0) {
				state[i] = PART_CACHED;
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
			state[where[k]] = got[k] ? PART_TRANSLATED : PART_FAILED;
			if (got[k] == NULL || st == NULL)
				continue;
			cache_key(key, t->ops->name, from, to, miss[k]);
			rc = pu_store_put_translation(st, key, t->ops->name,
						      from, to, got[k]);
			if (rc < 0)
				goto done;
		}
	}
done:
	free(miss);
	free(where);
	free(got);
	return rc;
}

/* The parts of every text (pu_text_variants): a gender pair keeps its first
 * form, other slashes between words cut the text into parts translated one by
 * one. parts[first[i] .. first[i] + count[i]) are text i's. A text that is
 * not valid UTF-8 stays one part, as it is. */
static int split_texts(const char *from, const char *const *texts, size_t n,
		       pu_buf *buf, const char ***parts, size_t *nparts,
		       size_t *first, size_t *count)
{
	pu_analyzer *an = NULL;
	bool tried = false;
	size_t total = 0, off = 0;
	int rc = 0;

	for (size_t i = 0; rc == 0 && i < n; i++) {
		size_t before = buf->len, len = strlen(texts[i]);

		first[i] = total;
		count[i] = 1;
		/* Most texts have no slash: no analyzer, no second look. */
		if (memchr(texts[i], '/', len) == NULL) {
			rc = pu_buf_put(buf, texts[i], len + 1);
			total++;
			continue;
		}
		if (!tried && pu_analyzer_new(&an, from) < 0) {
			pu_error_clear(); /* an odd tag: no stems */
			an = NULL;
		}
		tried = true;
		rc = pu_text_variants(buf, &count[i], an, texts[i], len);
		if (rc == PU_EINVAL) {
			pu_error_clear();
			buf->len = before;
			rc = pu_buf_put(buf, texts[i], len + 1);
			count[i] = 1;
		}
		total += count[i];
	}
	pu_analyzer_free(an);
	if (rc < 0)
		return rc;
	*parts = calloc(total ? total : 1, sizeof(**parts));
	if (*parts == NULL)
		return pu_error_set(PU_ENOMEM, "out of memory");
	for (size_t k = 0; k < total; k++) {
		(*parts)[k] = buf->ptr + off;
		off += strlen(buf->ptr + off) + 1;
	}
	*nparts = total;
	return 0;
}

/* Text i's translation: its parts' translations joined by " / ", or NULL
 * when one of them failed. */
static int join_parts(char **pout, const unsigned char *state, size_t first,
		      size_t count, char **out, pu_translate_report *rep)
{
	pu_buf b = PU_BUF_INIT;
	bool fresh = false;
	int rc = 0;

	*out = NULL;
	for (size_t k = first; k < first + count; k++) {
		if (state[k] == PART_FAILED) {
			rep->failed++;
			return 0;
		}
		fresh |= state[k] == PART_TRANSLATED;
	}
	if (count == 1) {
		*out = pout[first];
		pout[first] = NULL;
	} else {
		for (size_t k = first; rc == 0 && k < first + count; k++)
			rc = pu_buf_printf(&b, "%s%s", k > first ? " / " : "",
					   pout[k]);
		if (rc == 0)
			*out = pu_buf_detach(&b);
		pu_buf_free(&b);
		if (rc < 0 || *out == NULL)
			return rc < 0 ? rc
				      : pu_error_set(PU_ENOMEM, "out of memory");
	}
	if (fresh)
		rep->translated++;
	else
		rep->cached++;
	return 0;
}

int pu_translate(pu_store *st, pu_translator *t, const char *from,
		 const char *to, const char *const *texts, size_t n, char **out,
		 pu_translate_report *rep)
{
	pu_buf buf = PU_BUF_INIT;
	const char **parts = NULL;
	size_t nparts = 0, *first = NULL, *count = NULL;
	char **pout = NULL;
	unsigned char *state = NULL;
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
	first = calloc(n ? n : 1, sizeof(*first));
	count = calloc(n ? n : 1, sizeof(*count));
	if (first == NULL || count == NULL)
		goto oom;
	rc = split_texts(from, texts, n, &buf, &parts, &nparts, first, count);
	if (rc < 0)
		goto done;
	pout = calloc(nparts ? nparts : 1, sizeof(*pout));
	state = calloc(nparts ? nparts : 1, sizeof(*state));
	if (pout == NULL || state == NULL)
		goto oom;
	rc = translate_parts(st, t, from, to, parts, nparts, pout, state);
	for (size_t i = 0; rc == 0 && i < n; i++)
		rc = join_parts(pout, state, first[i], count[i], &out[i], rep);
done:
	for (size_t k = 0; pout != NULL && k < nparts; k++)
		free(pout[k]);
	free(pout);
	free(state);
	free(parts);
	free(first);
	free(count);
	pu_buf_free(&buf);
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
