/*
 * The analyzer: text -> terms. The text is validated whole first, so invalid
 * UTF-8 is reported before any term is handed out. It is then case-folded in
 * one utf8proc pass (NFKC, full case folding, default ignorables dropped,
 * accents kept) into a buffer the analyzer reuses, split into words (runs of
 * letters, digits and the marks inside them), and each word is checked against
 * the stop words, stemmed by Snowball and stripped of its accents.
 *
 * Guarantees: no allocation per word (words, stems and terms live in stack
 * buffers) and none per text once the reusable buffer has grown; long texts
 * are folded in slices cut before an ASCII separator, so memory stays bounded
 * by the slice size rather than the text size; the result does not depend on
 * where the slices are cut (an ASCII non-alphanumeric character never composes
 * with its neighbours and always ends a word).
 */
#include "puente/text.h"
#include "puente/error.h"

#include <libstemmer.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

/* Longest word analysed, in bytes of its case-folded form. */
#define MAX_WORD 64
/* Room for a word or stem once decomposed, and for its folded form: far more
 * than a MAX_WORD word needs; a word that would not fit is skipped. */
#define WORD_CPS 256
#define TERM_MAX 256
/* Input bytes folded at a time. */
#define SLICE 16384

/* Case folding of the text: accents stay for the stemmer. */
#define CASE_OPTS                                                              \
	(UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_COMPAT |                \
	 UTF8PROC_CASEFOLD | UTF8PROC_IGNORE)
/* The options of pu_text_fold: also strips accents. */
#define FOLD_OPTS (CASE_OPTS | UTF8PROC_STRIPMARK)

struct pu_analyzer {
	char lang[4];
	struct sb_stemmer *stemmer; /* NULL: tokenise and fold only */
	bool fold_first; /* es: stem the folded word, its suffix re-accented */
	bool british;    /* en: American spellings folded to British first */
	utf8proc_int32_t *buf; /* a folded slice: code points, then UTF-8 */
	size_t cap;	       /* in code points */
};

static const struct {
	const char *lang;
	const char *algorithm;
} stemmers[] = {
    {"en", "english"},
    {"es", "spanish"},
    {"fr", "french"},
    {"pt", "portuguese"},
};

/* Character classes of the tokenizer. */
enum { SEP, LETTER, DIGIT, MARK };

int pu_analyzer_new(pu_analyzer **out, const char *lang)
{
	pu_analyzer *a = NULL;
	size_t n;
	int rc = 0;

	*out = NULL;
	if (lang == NULL || !pu_text_lang_valid(lang))
		return pu_error_set(PU_EINVAL, "invalid language tag \"%.16s\"",
				    lang ? lang : "");
	a = calloc(1, sizeof(*a));
	if (a == NULL) {
		rc = pu_error_set(PU_ENOMEM, "out of memory");
		goto done;
	}
	n = strcspn(lang, "-"); /* 2 or 3, checked by pu_text_lang_valid */
	memcpy(a->lang, lang, n);
	a->fold_first = strcmp(a->lang, "es") == 0;
	a->british = strcmp(a->lang, "en") == 0;
	for (size_t i = 0; i < sizeof(stemmers) / sizeof(stemmers[0]); i++) {
		if (strcmp(a->lang, stemmers[i].lang) != 0)
			continue;
		a->stemmer = sb_stemmer_new(stemmers[i].algorithm, "UTF_8");
		if (a->stemmer == NULL) {
			rc = pu_error_set(PU_ENOMEM,
					  "cannot create the %s stemmer",
					  stemmers[i].algorithm);
			goto done;
		}
	}
	*out = a;
	a = NULL;
done:
	pu_analyzer_free(a);
	return rc;
}

void pu_analyzer_free(pu_analyzer *a)
{
	if (a == NULL)
		return;
	sb_stemmer_delete(a->stemmer);
	free(a->buf);
	free(a);
}

bool pu_analyzer_stems(const pu_analyzer *a)
{
	return a->stemmer != NULL;
}

const char *pu_analyzer_lang(const pu_analyzer *a)
{
	return a->lang;
}

static bool ascii_alnum(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9');
}

static bool all_ascii(const unsigned char *s, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (s[i] >= 0x80)
			return false;
	return true;
}

/* Where the slice starting at off ends: before an ASCII separator, at most
 * SLICE bytes on when there is one, else at the next one. */
static size_t slice_end(const unsigned char *s, size_t off, size_t len)
{
	size_t i;

	if (len - off <= SLICE)
		return len;
	for (i = off + SLICE; i > off; i--)
		if (s[i] < 0x80 && !ascii_alnum(s[i]))
			return i;
	for (i = off + SLICE; i < len; i++)
		if (s[i] < 0x80 && !ascii_alnum(s[i]))
			return i;
	return len;
}

static int grow(pu_analyzer *a, size_t need)
{
	utf8proc_int32_t *p;
	size_t cap = a->cap ? a->cap : 1024;

	while (cap < need)
		cap *= 2;
	if (cap > SIZE_MAX / sizeof(*p))
		return pu_error_set(PU_ENOMEM, "out of memory");
	p = realloc(a->buf, cap * sizeof(*p));
	if (p == NULL)
		return pu_error_set(PU_ENOMEM, "out of memory");
	a->buf = p;
	a->cap = cap;
	return 0;
}

/* Case-folds s[0..len) (valid UTF-8) into a->buf as UTF-8; sets *n to its
 * length. */
static int fold_case(pu_analyzer *a, const unsigned char *s, size_t len,
		     size_t *n)
{
	utf8proc_ssize_t cps, bytes;
	int rc;

	if (all_ascii(s, len)) {
		unsigned char *d;

		if (len + 1 > a->cap * sizeof(*a->buf)) {
			rc = grow(a, len / sizeof(*a->buf) + 1);
			if (rc != 0)
				return rc;
		}
		d = (unsigned char *)a->buf;
		for (size_t i = 0; i < len; i++)
			d[i] = (s[i] >= 'A' && s[i] <= 'Z') ? s[i] + 32 : s[i];
		*n = len;
		return 0;
	}
	for (;;) {
		cps = utf8proc_decompose(s, (utf8proc_ssize_t)len, a->buf,
					 (utf8proc_ssize_t)a->cap, CASE_OPTS);
		if (cps < 0)
			return pu_error_set(PU_EINVAL,
					    "cannot normalise text: %s",
					    utf8proc_errmsg(cps));
		/* One spare code point: utf8proc_reencode may need a byte. */
		if ((size_t)cps < a->cap)
			break;
		rc = grow(a, (size_t)cps + 1);
		if (rc != 0)
			return rc;
	}
	bytes = utf8proc_reencode(a->buf, cps, CASE_OPTS);
	if (bytes < 0)
		return pu_error_set(PU_EINVAL, "cannot normalise text: %s",
				    utf8proc_errmsg(bytes));
	*n = (size_t)bytes;
	return 0;
}

/* Decodes the character at s (valid UTF-8, left > 0) and classifies it. */
static size_t next_char(const unsigned char *s, size_t left, int *cls)
{
	utf8proc_int32_t cp;
	utf8proc_ssize_t n;

	if (s[0] < 0x80) {
		*cls = s[0] >= '0' && s[0] <= '9' ? DIGIT
		       : ascii_alnum(s[0])	  ? LETTER
						  : SEP;
		return 1;
	}
	n = utf8proc_iterate(s, (utf8proc_ssize_t)left, &cp);
	if (n <= 0) { /* cannot happen on utf8proc's own output */
		*cls = SEP;
		return 1;
	}
	switch (utf8proc_category(cp)) {
	case UTF8PROC_CATEGORY_LU:
	case UTF8PROC_CATEGORY_LL:
	case UTF8PROC_CATEGORY_LT:
	case UTF8PROC_CATEGORY_LM:
	case UTF8PROC_CATEGORY_LO:
		*cls = LETTER;
		break;
	case UTF8PROC_CATEGORY_ND:
	case UTF8PROC_CATEGORY_NL:
	case UTF8PROC_CATEGORY_NO:
		*cls = DIGIT;
		break;
	case UTF8PROC_CATEGORY_MN:
	case UTF8PROC_CATEGORY_MC:
	case UTF8PROC_CATEGORY_ME:
		*cls = MARK;
		break;
	default:
		*cls = SEP;
	}
	return (size_t)n;
}

/* Writes the accent-free fold of s[0..len) to out (TERM_MAX bytes) as a
 * string. Returns false when it would not fit. */
static bool strip_accents(const unsigned char *s, size_t len, char *out)
{
	utf8proc_int32_t cps[WORD_CPS];
	utf8proc_ssize_t n, bytes;

	if (all_ascii(s, len)) {
		if (len >= TERM_MAX)
			return false;
		memcpy(out, s, len);
		out[len] = '\0';
		return true;
	}
	n = utf8proc_decompose(s, (utf8proc_ssize_t)len, cps, WORD_CPS,
			       FOLD_OPTS);
	if (n < 0 || n >= WORD_CPS)
		return false;
	bytes = utf8proc_reencode(cps, n, FOLD_OPTS);
	if (bytes < 0 || bytes >= TERM_MAX)
		return false;
	memcpy(out, cps, (size_t)bytes + 1);
	return true;
}

static bool ends_with(const char *w, size_t n, const char *suf)
{
	size_t k = strlen(suf);

	return n >= k && memcmp(w + n - k, suf, k) == 0;
}

/* Spanish words typed without accents ("instalacion", "peluqueria") must stem
 * like the accented ones, but Snowball's Spanish suffixes carry accents
 * ("ación", "ería", "logía"). So the word is folded first, and the endings that
 * are always accented in Spanish get their accent back: "-ion" ("-ción",
 * "-sión", "-gión", "-xión"), "-ería(s)" (but not "materia", "feria" and the
 * like), "-logía(s)", "-grafía(s)". The ambiguous "-ia" ("farmacia" /
 * "economía") is left as typed. Writes the word to out (TERM_MAX bytes) and
 * returns its length. */
static size_t es_reaccent(const char *w, char *out)
{
	static const char *const eria_not[] = {
		"arteria", "bacteria", "criteria", "feria", "histeria",
		"materia", "miseria", "seria",
	};
	size_t n = strlen(w), cut = 0;
	const char *tail = NULL;

	if (n >= 4 && ends_with(w, n, "ion")) {
		cut = 2;
		tail = "\xc3\xb3n"; /* -ión */
	} else if (ends_with(w, n, "logia") || ends_with(w, n, "grafia") ||
		   ends_with(w, n, "eria")) {
		cut = 2;
		tail = "\xc3\xad" "a"; /* -ía */
	} else if (ends_with(w, n, "logias") || ends_with(w, n, "grafias") ||
		   ends_with(w, n, "erias")) {
		cut = 3;
		tail = "\xc3\xad" "as"; /* -ías */
	}
	if (tail != NULL && (ends_with(w, n, "eria") ||
			     ends_with(w, n, "erias"))) {
		size_t base = n - (w[n - 1] == 's' ? 1 : 0);

		for (size_t i = 0; i < sizeof(eria_not) / sizeof(*eria_not); i++)
			if (strlen(eria_not[i]) == base &&
			    memcmp(w, eria_not[i], base) == 0)
				tail = NULL;
	}
	if (tail == NULL)
		cut = 0;
	memcpy(out, w, n - cut);
	if (tail != NULL)
		memcpy(out + n - cut, tail, strlen(tail));
	n = n - cut + (tail ? strlen(tail) : 0);
	out[n] = '\0';
	return n;
}

/* American and British English must meet: ESCO, the CVQ and most of the
 * Caribbean write "organise", "analyse", "labour", "centre"; US sources write
 * "organize", "analyze", "labor", "center", which Snowball stems apart
 * ("organize" even to "organ", the stem of "organs"). So the American
 * spelling is rewritten to the British one before stemming: the -ize and -yze
 * families (organize, organized, organizing, organization, analyzer) when at
 * least three letters come before "iz"/"yz" (not size, prize, seize), and a
 * short list (sorted, for a binary search) of -or/-our and -er/-re words of
 * the trades; the -ize check runs only on words with a "z". Writes the word to
 * out (TERM_MAX bytes) and returns its length. */
static size_t en_british(const char *w, char *out)
{
	static const char *const ize[] = {
		"ize",	 "izes",     "ized",	  "izing", "izer",
		"izers", "ization", "izations", "yze",   "yzes",
		"yzed",	 "yzing",    "yzer",	  "yzers",
	};
	static const char *const words[][2] = {
		{"behavior", "behaviour"}, {"behaviors", "behaviours"},
		{"center", "centre"}, {"centers", "centres"},
		{"color", "colour"}, {"colored", "coloured"},
		{"colors", "colours"}, {"fiber", "fibre"},
		{"fibers", "fibres"}, {"flavor", "flavour"},
		{"flavors", "flavours"}, {"harbor", "harbour"},
		{"labor", "labour"}, {"liter", "litre"},
		{"liters", "litres"}, {"mold", "mould"},
		{"molding", "moulding"}, {"molds", "moulds"},
		{"neighbor", "neighbour"}, {"odor", "odour"},
		{"odors", "odours"}, {"theater", "theatre"},
		{"theaters", "theatres"}, {"tire", "tyre"},
		{"tires", "tyres"}, {"vapor", "vapour"},
	};
	size_t n = strlen(w), lo = 0, hi = sizeof(words) / sizeof(*words);

	memcpy(out, w, n + 1);
	while (lo < hi) { /* words is sorted */
		size_t mid = (lo + hi) / 2;
		int c = strcmp(w, words[mid][0]);

		if (c == 0) {
			n = strlen(words[mid][1]);
			memcpy(out, words[mid][1], n + 1);
			return n;
		}
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	if (memchr(w, 'z', n) == NULL)
		return n;
	for (size_t i = 0; i < sizeof(ize) / sizeof(*ize); i++) {
		size_t k = strlen(ize[i]);

		if (n >= k + 3 && ends_with(w, n, ize[i])) {
			out[n - k + 1] = 's'; /* the z of -iz- / -yz- */
			break;
		}
	}
	return n;
}

/* Turns one case-folded word into its term and hands it to cb. */
static int emit(pu_analyzer *a, const unsigned char *w, size_t len, bool digits,
		pu_term_cb cb, void *arg)
{
	char word[TERM_MAX], term[TERM_MAX];
	const sb_symbol *stem;
	int stem_len;

	if (len > MAX_WORD)
		return 0;
	if (digits) {
		memcpy(word, w, len);
		word[len] = '\0';
		return cb(word, word, arg);
	}
	if (!strip_accents(w, len, word) || word[0] == '\0')
		return 0;
	if (a->stemmer == NULL)
		return cb(word, word, arg);
	if (pu_text_stopword(a->lang, word))
		return 0;
	if (a->fold_first) {
		char re[TERM_MAX];
		size_t n = es_reaccent(word, re);

		stem = sb_stemmer_stem(a->stemmer, (const sb_symbol *)re,
				       (int)n);
	} else if (a->british) {
		char br[TERM_MAX];
		size_t n = en_british(word, br);

		stem = sb_stemmer_stem(a->stemmer, (const sb_symbol *)br,
				       (int)n);
	} else {
		stem = sb_stemmer_stem(a->stemmer, w, (int)len);
	}
	if (stem == NULL)
		return pu_error_set(PU_ENOMEM, "out of memory stemming a word");
	stem_len = sb_stemmer_length(a->stemmer);
	if (stem_len <= 0 || !strip_accents(stem, (size_t)stem_len, term) ||
	    term[0] == '\0')
		return 0;
	return cb(term, word, arg);
}

/* Splits the folded slice s[0..len) into words and emits them. */
static int split(pu_analyzer *a, const unsigned char *s, size_t len,
		 pu_term_cb cb, void *arg)
{
	size_t i = 0;

	while (i < len) {
		size_t start, n;
		bool digits = true;
		int cls = SEP, rc;

		n = next_char(s + i, len - i, &cls);
		if (cls == SEP || cls == MARK) { /* marks only inside words */
			i += n;
			continue;
		}
		start = i;
		do {
			if (cls != DIGIT)
				digits = false;
			i += n;
			if (i >= len)
				break;
			n = next_char(s + i, len - i, &cls);
		} while (cls != SEP);
		rc = emit(a, s + start, i - start, digits, cb, arg);
		if (rc != 0)
			return rc;
	}
	return 0;
}

int pu_analyzer_run(pu_analyzer *a, const char *text, size_t len, pu_term_cb cb,
		    void *arg)
{
	const unsigned char *s = (const unsigned char *)text;
	size_t off = 0;

	if (!pu_text_utf8_valid(text, len))
		return pu_error_set(PU_EINVAL, "invalid UTF-8 in text");
	while (off < len) {
		size_t end = slice_end(s, off, len), n = 0;
		int rc;

		rc = fold_case(a, s + off, end - off, &n);
		if (rc != 0)
			return rc;
		rc = split(a, (const unsigned char *)a->buf, n, cb, arg);
		if (rc != 0)
			return rc;
		off = end;
	}
	return 0;
}
