/*
 * gen_catalog: writes a synthetic catalogue of competency standards as JSON
 * Lines (docs/formats.md), one standard per line, for the benchmarks.
 *
 *   gen_catalog [--standards N] [--units U] [--criteria C] [--seed S] [-o FILE]
 *
 * Guarantees: the output depends only on the options (same options, same
 * bytes, on any machine: our own PRNG, no clock, no locale, integers only);
 * every record is valid Puente JSON that imports without frameworks (no
 * levels); keys (country, code) are unique. Texts are built from the word
 * lists in vocab.c, in the language of the standard's country, and a third of
 * the non-English standards also carry an English title.
 */
#include "vocab.h"

#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct opts {
	unsigned long long standards, units, criteria, seed;
	const char *out;
};

/* Writes one JSON string: the concatenation of the pieces (NULL ends them),
 * the first letter upper-cased when cap and ASCII (cap is an int: va_start
 * after a promoted type such as bool is undefined). Our texts hold no control
 * characters, but quotes and backslashes are escaped all the same. */
static void jstr(FILE *f, int cap, ...)
{
	va_list ap;
	const char *p;
	bool first = true;

	putc('"', f);
	va_start(ap, cap);
	while ((p = va_arg(ap, const char *)) != NULL) {
		for (; *p; p++) {
			unsigned char c = (unsigned char)*p;

			if (first && cap && c >= 'a' && c <= 'z')
				c = (unsigned char)(c - 'a' + 'A');
			first = false;
			if (c == '"' || c == '\\')
				putc('\\', f);
			if (c < 0x20)
				fprintf(f, "\\u%04x", c);
			else
				putc(c, f);
		}
	}
	va_end(ap);
	putc('"', f);
}

static const char *pick(struct vocab_rng *r, const char *const *v, size_t n)
{
	return v[vocab_rng_below(r, n)];
}

/* An object of the trade's sector (two times in three) or of any trade. */
static const char *object(struct vocab_rng *r, const struct vocab_lang *l,
			  const struct vocab_sector *s, int lang)
{
	if (vocab_rng_below(r, 3) < 2)
		return pick(r, s->objects[lang], VOCAB_NOBJECTS);
	return pick(r, l->general, VOCAB_NGENERAL);
}

static const struct vocab_verb *verb(struct vocab_rng *r,
				     const struct vocab_lang *l)
{
	return &l->verbs[vocab_rng_below(r, VOCAB_NVERBS)];
}

static void unit(FILE *f, struct vocab_rng *r, const struct opts *o,
		 unsigned long long index, int lang,
		 const struct vocab_sector *s)
{
	const struct vocab_lang *l = &vocab_langs[lang];
	unsigned long long nel, per, left;
	/* Every draw is its own statement: the order in which a compiler
	 * evaluates function arguments is unspecified, the output's is not. */
	const char *v = verb(r, l)->inf;
	const char *obj = object(r, l, s, lang);
	const char *place =
	    vocab_rng_below(r, 2) ? pick(r, l->places, VOCAB_NPLACES) : NULL;
	unsigned hours = 8 + 4 * (unsigned)vocab_rng_below(r, 29);

	fprintf(f, "{\"code\":\"U%llu\",\"title\":{\"%s\":", index + 1, l->tag);
	jstr(f, true, v, " ", obj, place ? " " : NULL, place, NULL);
	fprintf(f, "},\"hours\":%u,\"elements\":[", hours);
	/* Criteria spread over one or two elements. */
	nel = o->criteria >= 2 ? 1 + vocab_rng_below(r, 2) : 1;
	left = o->criteria;
	for (unsigned long long e = 0; e < nel; e++) {
		per = e + 1 == nel ? left : (o->criteria + nel - 1) / nel;
		left -= per;
		v = verb(r, l)->pres;
		obj = object(r, l, s, lang);
		fprintf(f, "%s{\"code\":\"E%llu\",\"title\":{\"%s\":",
			e ? "," : "", e + 1, l->tag);
		jstr(f, true, v, " ", obj, NULL);
		fputs("},\"criteria\":[", f);
		for (unsigned long long c = 0; c < per; c++) {
			const char *cv = verb(r, l)->pres;
			const char *co = object(r, l, s, lang);
			const char *cm = pick(r, l->manners, VOCAB_NMANNERS);
			size_t kind = vocab_rng_below(r, 10);

			fprintf(f, "%s{\"code\":\"C%llu\",\"text\":{\"%s\":",
				c ? "," : "", c + 1, l->tag);
			jstr(f, true, cv, " ", co, " ", cm, ".", NULL);
			putc('}', f);
			if (kind == 8)
				fputs(",\"type\":\"product\"", f);
			else if (kind == 9)
				fputs(",\"type\":\"knowledge\"", f);
			putc('}', f);
		}
		fputs("]}", f);
	}
	fprintf(f, "],\"knowledge\":[{\"%s\":", l->tag);
	jstr(f, false, pick(r, l->knowledge, VOCAB_NKNOWLEDGE), NULL);
	fputs("}]}", f);
}

static void standard(FILE *f, struct vocab_rng *r, const struct opts *o,
		     unsigned long long index)
{
	const struct vocab_country *c = vocab_pick_country(r);
	const struct vocab_trade *t =
	    &vocab_trades[vocab_rng_below(r, vocab_ntrades)];
	const struct vocab_sector *s = &vocab_sectors[t->sector];
	const struct vocab_lang *l = &vocab_langs[c->lang];
	int lang = c->lang;
	size_t sp = vocab_rng_below(r, VOCAB_NSPECIAL);
	size_t status = vocab_rng_below(r, 100);
	unsigned year = 2010 + (unsigned)vocab_rng_below(r, 15);
	unsigned month = 1 + (unsigned)vocab_rng_below(r, 12);
	unsigned day = 1 + (unsigned)vocab_rng_below(r, 28);
	const struct vocab_verb *v1, *v2;
	const char *o1, *o2, *place, *manner;
	unsigned version;
	bool qualification;
	char code[48];

	snprintf(code, sizeof(code), "%s-%s-%06llu", c->code, s->code,
		 index + 1);
	version = 1 + (unsigned)vocab_rng_below(r, 3);
	qualification = vocab_rng_below(r, 100) < 15;
	fprintf(f,
		"{\"country\":\"%s\",\"code\":\"%s\",\"version\":\"%u\","
		"\"kind\":\"%s\",\"body\":",
		c->code, code, version,
		qualification ? "qualification" : "standard");
	jstr(f, false, c->body, NULL);
	fprintf(f, ",\"status\":\"%s\",\"valid_from\":\"%04u-%02u-%02u\"",
		status < 88   ? "active"
		: status < 92 ? "draft"
		: status < 96 ? "withdrawn"
			      : "superseded",
		year, month, day);
	if (status >= 92)
		fprintf(f, ",\"valid_to\":\"%04u-%02u-%02u\"",
			year + 2 + (unsigned)vocab_rng_below(r, 5), month, day);
	if (status >= 96)
		/* A later edition, not in the catalogue (formats.md allows
		 * it), so the importer still walks the chain. */
		fprintf(f, ",\"superseded_by\":\"%s-2\"", code);
	fprintf(f, ",\"language\":\"%s\",\"title\":{\"%s\":", l->tag, l->tag);
	jstr(f, false, t->name[lang], ": ", s->special[lang][sp], NULL);
	if (lang != VOCAB_EN && vocab_rng_below(r, 3) == 0) {
		fputs(",\"en\":", f);
		jstr(f, false, t->name[VOCAB_EN], ": ",
		     s->special[VOCAB_EN][sp], NULL);
	}
	putc('}', f);
	if (vocab_rng_below(r, 5) == 0) {
		fprintf(f, ",\"alt_titles\":{\"%s\":[", l->tag);
		jstr(f, false, t->name[lang], NULL);
		fputs("]}", f);
	}
	v1 = verb(r, l);
	o1 = object(r, l, s, lang);
	v2 = verb(r, l);
	o2 = object(r, l, s, lang);
	for (int tries = 0; o2 == o1 && tries < 4; tries++)
		o2 = object(r, l, s, lang);
	place = pick(r, l->places, VOCAB_NPLACES);
	manner = pick(r, l->manners, VOCAB_NMANNERS);
	fprintf(f, ",\"description\":{\"%s\":", l->tag);
	jstr(f, false, s->name[lang], ". ", l->desc_lead, " ", v1->pres, " ",
	     o1, " ", l->and_word, " ", v2->pres, " ", o2, " ", place, ", ",
	     manner, ".", NULL);
	fputs("},\"sector\":", f);
	jstr(f, false, s->name[lang], NULL);
	fprintf(f, ",\"codes\":{\"isco08\":[\"%s\"]},\"units\":[", t->isco);
	for (unsigned long long u = 0; u < o->units; u++) {
		if (u)
			putc(',', f);
		unit(f, r, o, u, lang, s);
	}
	fputs("]}\n", f);
}

static int number(const char *arg, const char *name, unsigned long long min,
		  unsigned long long max, unsigned long long *out)
{
	char *end = NULL;

	errno = 0;
	if (arg == NULL || *arg == '\0' || *arg == '-')
		goto bad;
	*out = strtoull(arg, &end, 10);
	if (errno != 0 || *end != '\0' || *out < min || *out > max)
		goto bad;
	return 0;
bad:
	fprintf(stderr,
		"gen_catalog: %s: expected a number from %llu to %llu\n", name,
		min, max);
	return -1;
}

static void usage(FILE *f)
{
	fputs("usage: gen_catalog [--standards N] [--units U] [--criteria C] "
	      "[--seed S] [-o FILE]\n"
	      "Writes a synthetic catalogue as JSON Lines (default 100000 "
	      "standards,\n10 units each, 5 criteria per unit, seed 1) to "
	      "stdout or FILE.\n",
	      f);
}

int main(int argc, char **argv)
{
	struct opts o = {100000, 10, 5, 1, NULL};
	struct vocab_rng r;
	FILE *f = stdout;
	int rc = 0;

	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		unsigned long long *num = NULL, min = 1, max = 1000;

		if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
			usage(stdout);
			return 0;
		} else if (strcmp(a, "--standards") == 0) {
			num = &o.standards;
			max = 100000000;
		} else if (strcmp(a, "--units") == 0) {
			num = &o.units;
		} else if (strcmp(a, "--criteria") == 0) {
			num = &o.criteria;
		} else if (strcmp(a, "--seed") == 0) {
			num = &o.seed;
			min = 0;
			max = ~0ull;
		} else if (strcmp(a, "-o") != 0 && strcmp(a, "--output") != 0) {
			fprintf(stderr,
				"gen_catalog: unknown argument \"%s\"\n", a);
			usage(stderr);
			return 2;
		}
		if (i + 1 == argc) {
			fprintf(stderr, "gen_catalog: %s: missing value\n", a);
			return 2;
		}
		if (num == NULL)
			o.out = argv[++i];
		else if (number(argv[++i], a, min, max, num) < 0)
			return 2;
	}
	if (o.out != NULL && (f = fopen(o.out, "wb")) == NULL) {
		fprintf(stderr, "gen_catalog: %s: %s\n", o.out,
			strerror(errno));
		return 1;
	}
	setvbuf(f, NULL, _IOFBF, 1 << 20);
	r.s = o.seed;
	for (unsigned long long i = 0; i < o.standards; i++)
		standard(f, &r, &o, i);
	if (fflush(f) != 0 || ferror(f)) {
		fprintf(stderr, "gen_catalog: %s: write error: %s\n",
			o.out ? o.out : "stdout", strerror(errno));
		rc = 1;
	}
	if (o.out != NULL && fclose(f) != 0) {
		fprintf(stderr, "gen_catalog: %s: %s\n", o.out,
			strerror(errno));
		rc = 1;
	}
	return rc;
}
