/*
 * Slash variants: a job title written with both genders ("técnico de asistencia
 * en carretera/técnica de asistencia en carretera", "ingeniero/a",
 * "tornero/ tornera") names one trade, and a rule-based translator garbles
 * it (Apertium reorders words across the slash: "Technician of assistance in
 * technical/road of assistance in road"). Before translation, the second form
 * of a gender pair is taken out of the text and replaced by a part of its own
 * in the first form's words ("técnico de asistencia en carretera" twice): the
 * translation then holds each word as often as the original, whose two forms
 * share their stems, so the original and the translated language spaces keep
 * the weights they had (dropping the second form outright cost a few ISCO
 * matches of label + description queries, figure 4). The remaining slashes
 * between words ("entrada/salida", "waiter/waitress") cut the text into parts
 * that are translated one by one.
 *
 * Guarantees: a text without a slash between letters comes back unchanged as
 * one part; the result depends on the text and the analyzer's language only;
 * at most MAX_SLASHES slashes are looked at, each within WINDOW bytes either
 * side and MAX_WORDS words, so the work is linear in the text.
 */
#include "puente/text.h"

#include "puente/buf.h"
#include "puente/error.h"

#include <stdio.h>
#include <string.h>
#include <utf8proc.h>

/* Words compared on each side of a slash: a gender pair is a job title, not
 * a paragraph. */
#define MAX_WORDS 16
#define WINDOW 1024
/* Slashes between letters looked at; the rest of a text stays as it is. */
#define MAX_SLASHES 64
/* A gender ending written after a slash ("/a", "/as", "/ora", "/ère"), in code
 * points; a word before it has at least MIN_STEM. */
#define MAX_SUFFIX 4
#define MIN_STEM 4
/* Two forms of one word: the same stem, and lengths (folded, in bytes) that
 * differ by at most this ("técnico"/"técnica", "asesor"/"asesora"), so that a
 * derived word with the same Snowball stem ("trabajo"/"trabajador") is not
 * taken for a gender form. */
#define MAX_LEN_DIFF 2
#define MIN_PREFIX 3
#define MAX_TAIL 2

struct span {
	size_t a, b; /* bytes [a, b) of the text */
};

enum { SEP, LETTER, DIGIT };

static int class_at(const char *s, size_t len, size_t i, size_t *next)
{
	utf8proc_int32_t cp;
	utf8proc_ssize_t n = utf8proc_iterate((const utf8proc_uint8_t *)s + i,
					      (utf8proc_ssize_t)(len - i), &cp);
	utf8proc_category_t c;

	if (n <= 0) {
		*next = i + 1;
		return SEP;
	}
	*next = i + (size_t)n;
	c = utf8proc_category(cp);
	if (c >= UTF8PROC_CATEGORY_LU && c <= UTF8PROC_CATEGORY_ME)
		return LETTER; /* letters, and marks inside words */
	if (c >= UTF8PROC_CATEGORY_ND && c <= UTF8PROC_CATEGORY_NO)
		return DIGIT;
	return SEP;
}

/* The class of the code point that ends just before byte i (SEP at 0). */
static int class_before(const char *s, size_t len, size_t i, size_t *start)
{
	size_t j = i, next;

	if (i == 0) {
		*start = 0;
		return SEP;
	}
	do
		j--;
	while (j > 0 && ((unsigned char)s[j] & 0xc0) == 0x80);
	*start = j;
	return class_at(s, len, j, &next);
}

/* Punctuation that ends the phrase a slash variant can span. */
static bool is_boundary(char c)
{
	return c != '\0' && strchr(".;:,()[]{}!?\"\n\r\t|", c) != NULL;
}

/* Words of s[a, b), at most max; from the end when from_end. */
static size_t words(const char *s, size_t len, size_t a, size_t b,
		    bool from_end, struct span *w, size_t max)
{
	size_t n = 0, i = a;

	while (i < b) {
		size_t next, start = i;
		int k = class_at(s, len, i, &next);

		if (k == SEP) {
			i = next;
			continue;
		}
		while (i < b && class_at(s, len, i, &next) != SEP)
			i = next;
		if (n == max) {
			if (!from_end)
				break;
			memmove(w, w + 1, (max - 1) * sizeof(*w));
			n--;
		}
		w[n].a = start;
		w[n].b = i;
		n++;
	}
	return n;
}

struct term1 {
	char term[72];
	char word[72];
	bool got;
};

static int first_term(const char *term, const char *word, void *arg)
{
	struct term1 *t = arg;

	if (t->got)
		return 0;
	t->got = true;
	snprintf(t->term, sizeof(t->term), "%s", term);
	snprintf(t->word, sizeof(t->word), "%s", word);
	return 0;
}

/* True when two words are one word in two forms (gender, number): the same
 * folded word; or a common beginning of MIN_PREFIX bytes or more and endings
 * of at most MAX_TAIL bytes ("ingenier-o"/"ingenier-a", "director"/
 * "director-a"); or the same stem and lengths within MAX_LEN_DIFF. */
static int same_word(pu_analyzer *an, const char *x, size_t xl, const char *y,
		     size_t yl, bool *same)
{
	struct term1 tx = {0}, ty = {0};
	pu_buf fx = PU_BUF_INIT, fy = PU_BUF_INIT;
	size_t pre = 0;
	int rc;

	*same = false;
	rc = pu_text_fold(&fx, x, xl);
	if (rc == 0)
		rc = pu_text_fold(&fy, y, yl);
	if (rc < 0 || fx.len == 0 || fy.len == 0)
		goto done;
	while (pre < fx.len && pre < fy.len && fx.ptr[pre] == fy.ptr[pre])
		pre++;
	if (pre == fx.len && pre == fy.len) {
		*same = true;
		goto done;
	}
	if (pre >= MIN_PREFIX && fx.len - pre <= MAX_TAIL &&
	    fy.len - pre <= MAX_TAIL) {
		*same = true;
		goto done;
	}
	if (an == NULL || !pu_analyzer_stems(an))
		goto done;
	rc = pu_analyzer_run(an, x, xl, first_term, &tx);
	if (rc == 0)
		rc = pu_analyzer_run(an, y, yl, first_term, &ty);
	if (rc < 0)
		goto done;
	if (tx.got && ty.got && strcmp(tx.term, ty.term) == 0) {
		size_t lx = strlen(tx.word), ly = strlen(ty.word);

		*same = (lx > ly ? lx - ly : ly - lx) <= MAX_LEN_DIFF;
	}
done:
	pu_buf_free(&fx);
	pu_buf_free(&fy);
	return rc;
}

/* "/a" of "ingeniero/a": a short lowercase ending right after the slash that
 * makes, put in place of the word's last letters (or after them), another
 * form of the word before the slash. Sets *end past the ending. */
static int gender_suffix(pu_analyzer *an, const char *s, size_t len,
			 size_t slash, size_t *end, bool *found)
{
	size_t i = slash + 1, next, start, ncp = 0, j = slash;
	char form[256];
	int rc = 0;

	*found = false;
	while (i < len && class_at(s, len, i, &next) == LETTER) {
		utf8proc_int32_t cp;
		utf8proc_category_t c;

		utf8proc_iterate((const utf8proc_uint8_t *)s + i,
				 (utf8proc_ssize_t)(len - i), &cp);
		c = utf8proc_category(cp);
		if (c == UTF8PROC_CATEGORY_LU || c == UTF8PROC_CATEGORY_LT ||
		    ++ncp > MAX_SUFFIX)
			return 0;
		i = next;
	}
	if (ncp == 0 || (i < len && class_at(s, len, i, &next) == DIGIT))
		return 0;
	/* The word before the slash, s[j, slash). */
	for (j = slash; j > 0 && class_before(s, len, j, &start) == LETTER;)
		j = start;
	if (slash - j < MIN_STEM || slash - j + (i - slash) > sizeof(form))
		return 0;
	/* It loses its last k letters (k <= the ending's length) and takes
	 * the ending. */
	for (size_t k = 0, c = slash; rc == 0 && k <= ncp && !*found; k++) {
		size_t n = c - j;

		if (k > 0) {
			class_before(s, len, c, &start);
			c = start;
			n = c - j;
		}
		if (n + 1 < MIN_STEM)
			break;
		memcpy(form, s + j, n);
		memcpy(form + n, s + slash + 1, i - slash - 1);
		rc = same_word(an, s + j, slash - j, form, n + (i - slash - 1),
			       found);
	}
	if (*found)
		*end = i;
	return rc;
}

/* Skips spaces forwards from i. */
static size_t skip_spaces(const char *s, size_t len, size_t i)
{
	while (i < len && s[i] == ' ')
		i++;
	return i;
}

/* Appends s[a, b) without its surrounding spaces, then a NUL, as one part;
 * an empty part is not counted. */
static int put_part(pu_buf *out, const pu_buf *cur, size_t *nparts)
{
	size_t a = 0, b = cur->len;
	int rc;

	while (a < b && cur->ptr[a] == ' ')
		a++;
	while (b > a && cur->ptr[b - 1] == ' ')
		b--;
	if (a == b)
		return 0;
	rc = pu_buf_put(out, cur->ptr + a, b - a);
	if (rc == 0)
		rc = pu_buf_put(out, "", 1);
	if (rc == 0)
		(*nparts)++;
	return rc;
}

int pu_text_variants(pu_buf *out, size_t *nparts, pu_analyzer *an,
		     const char *s, size_t len)
{
	pu_buf cur = PU_BUF_INIT, extra = PU_BUF_INIT, one = PU_BUF_INIT;
	size_t nextra = 0, nslash = 0;
	struct span lw[MAX_WORDS], rw[MAX_WORDS];
	size_t copy = 0, left_from = 0, start_len = out->len;
	bool changed = false;
	int rc = 0;

	*nparts = 0;
	if (!pu_text_utf8_valid(s, len))
		return pu_error_set(PU_EINVAL, "invalid UTF-8");
	for (size_t p = 0; rc == 0 && p < len; p++) {
		size_t q, r, end, start, nl, nr, k, lo, hi;
		bool same = false;

		if (is_boundary(s[p])) {
			left_from = p + 1;
			continue;
		}
		if (s[p] != '/')
			continue;
		/* A slash between letters, spaces allowed around it. */
		lo = p > WINDOW ? p - WINDOW : 0;
		for (q = p; q > lo && s[q - 1] == ' '; q--)
			;
		r = skip_spaces(s, len, p + 1);
		if (class_before(s, len, q, &start) != LETTER || r >= len ||
		    class_at(s, len, r, &end) != LETTER) {
			left_from = p + 1;
			continue;
		}
		if (++nslash > MAX_SLASHES)
			break;
		/* The phrase on each side, up to punctuation or a slash. */
		hi = len - r > WINDOW ? r + WINDOW : len;
		for (end = r; end < hi && s[end] != '/' && !is_boundary(s[end]);
		     end++)
			;
		nl = words(s, len, left_from > lo ? left_from : lo, p, true, lw,
			   MAX_WORDS);
		nr = words(s, len, r, end, false, rw, MAX_WORDS);
		/* The longest k such that the left phrase's last k words are
		 * forms of the right phrase's first k. */
		for (k = nl < nr ? nl : nr; rc == 0 && k > 0; k--) {
			bool match = true;

			for (size_t i = 0; rc == 0 && match && i < k; i++)
				rc = same_word(
				    an, s + lw[nl - k + i].a,
				    lw[nl - k + i].b - lw[nl - k + i].a,
				    s + rw[i].a, rw[i].b - rw[i].a, &match);
			if (match)
				break;
		}
		if (rc < 0)
			break;
		if (k > 0) {
			/* Drop the slash and the second form. */
			rc = pu_buf_put(&cur, s + copy, p - copy);
			/* It comes back as a part of its own, in the first
			 * form's words, so that the translation holds each
			 * word as often as the text does. */
			pu_buf_clear(&one);
			if (rc == 0)
				rc = pu_buf_put(&one, s + lw[nl - k].a,
						lw[nl - 1].b - lw[nl - k].a);
			if (rc == 0)
				rc = put_part(&extra, &one, &nextra);
			copy = rw[k - 1].b;
			p = copy - 1;
			changed = true;
			continue;
		}
		if (q == p && r == p + 1)
			rc = gender_suffix(an, s, len, p, &end, &same);
		if (rc < 0)
			break;
		if (same) {
			rc = pu_buf_put(&cur, s + copy, p - copy);
			copy = end;
			p = end - 1;
			changed = true;
			continue;
		}
		/* Not a gender pair: a cut between two parts. */
		rc = pu_buf_put(&cur, s + copy, p - copy);
		if (rc == 0)
			rc = put_part(out, &cur, nparts);
		pu_buf_clear(&cur);
		changed = true;
		copy = r;
		left_from = r;
		p = r - 1;
	}
	if (rc == 0 && !changed) {
		/* Unchanged, byte for byte: the same cache key as ever. */
		out->len = start_len;
		*nparts = 0;
		rc = pu_buf_put(out, s, len);
		if (rc == 0)
			rc = pu_buf_put(out, "", 1);
		if (rc == 0)
			*nparts = 1;
	} else if (rc == 0) {
		rc = pu_buf_put(&cur, s + copy, len - copy);
		if (rc == 0)
			rc = put_part(out, &cur, nparts);
		if (rc == 0 && nextra > 0)
			rc = pu_buf_put(out, extra.ptr, extra.len);
		*nparts += nextra;
	}
	pu_buf_free(&cur);
	pu_buf_free(&extra);
	pu_buf_free(&one);
	return rc;
}
