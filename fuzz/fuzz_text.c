/*
 * Fuzz target: the text pipeline every query and catalogue text goes through
 * before matching. The first byte chooses the language (es, en, fr, pt, ht);
 * the rest is the text. Properties: the analyzer refuses invalid UTF-8 with a
 * message and otherwise gives non-empty terms and words of valid UTF-8; slash
 * variants (pu_text_variants) give at least one part, every part valid UTF-8,
 * and a text without a slash comes back as one part, byte for byte; the term
 * lexicon translates any valid text into valid UTF-8 (es <-> en). See
 * fuzz/README.md.
 */
#include "fuzz.h"

#include "puente/buf.h"
#include "puente/error.h"
#include "puente/text.h"
#include "puente/translate.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const langs[] = {"es", "en", "fr", "pt", "ht"};

static void must(bool ok, const char *what)
{
	if (!ok) {
		fprintf(stderr, "fuzz_text: %s\n", what);
		abort();
	}
}

static int term(const char *t, const char *word, void *arg)
{
	(void)arg;
	must(t[0] != '\0' && word[0] != '\0', "an empty term or word");
	must(pu_text_utf8_valid(t, strlen(t)), "a term of invalid UTF-8");
	must(pu_text_utf8_valid(word, strlen(word)), "a word of invalid UTF-8");
	return 0;
}

static void variants(pu_analyzer *an, const char *s, size_t n, bool valid)
{
	pu_buf out = PU_BUF_INIT;
	size_t parts = 0, off = 0;
	int rc = pu_text_variants(&out, &parts, an, s, n);

	if (rc < 0) {
		must(!valid, "variants refused valid UTF-8");
		fuzz_check_error(rc, "variants");
		pu_buf_free(&out);
		return;
	}
	must(parts >= 1, "no part");
	for (size_t i = 0; i < parts; i++) {
		size_t len = strlen(out.ptr + off);

		must(off + len < out.len, "a part past the end");
		must(pu_text_utf8_valid(out.ptr + off, len),
		     "a part of invalid UTF-8");
		off += len + 1;
	}
	must(off == out.len, "bytes after the last part");
	if (memchr(s, '/', n) == NULL)
		must(parts == 1 && out.len == n + 1 && memcmp(out.ptr, s, n) == 0,
		     "a text without a slash changed");
	pu_buf_free(&out);
}

static void lexicon(const char *lang, const char *text)
{
	static pu_translator *t;
	const char *from = strcmp(lang, "en") == 0 ? "en" : "es";
	const char *to = strcmp(from, "en") == 0 ? "es" : "en";
	char *out = NULL;
	int rc;

	if (t == NULL && pu_translator_lexicon(&t) < 0)
		abort();
	if ((rc = t->ops->translate(t, from, to, &text, 1, &out)) < 0) {
		fuzz_check_error(rc, "lexicon");
		return;
	}
	must(out == NULL || pu_text_utf8_valid(out, strlen(out)),
	     "a lexicon translation of invalid UTF-8");
	free(out);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static pu_analyzer *an[sizeof(langs) / sizeof(*langs)];
	const char *lang;
	char *s;
	size_t n, k;
	bool valid;
	int rc;

	if (size == 0)
		return 0;
	k = data[0] % (sizeof(langs) / sizeof(*langs));
	lang = langs[k];
	if (an[k] == NULL && pu_analyzer_new(&an[k], lang) < 0)
		abort();
	n = size - 1;
	s = malloc(n + 1);
	if (s == NULL)
		abort();
	memcpy(s, data + 1, n);
	s[n] = '\0';
	valid = pu_text_utf8_valid(s, n);
	pu_error_clear();
	rc = pu_analyzer_run(an[k], s, n, term, NULL);
	if (rc < 0) {
		must(!valid, "the analyzer refused valid UTF-8");
		fuzz_check_error(rc, "analyze");
	}
	pu_error_clear();
	variants(an[k], s, n, valid);
	pu_error_clear();
	if (valid && strlen(s) == n)
		lexicon(lang, s);
	pu_error_clear();
	free(s);
	return 0;
}
