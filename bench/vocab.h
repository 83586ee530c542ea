/*
 * The vocabulary of the synthetic benchmark catalogue: trades with their real
 * ISCO-08 unit groups, sectors with the things their workers handle, general
 * workplace phrases, and the countries and awarding bodies, in Spanish,
 * English, French and Portuguese. The generator builds every text from these
 * tables and the search benchmark draws its queries from them, so queries hit
 * the words the catalogue holds. Tables are constant; their order is part of
 * the generator's output (changing it changes the catalogue of a seed).
 */
#ifndef BENCH_VOCAB_H
#define BENCH_VOCAB_H

#include <stddef.h>
#include <stdint.h>

enum { VOCAB_ES, VOCAB_EN, VOCAB_FR, VOCAB_PT, VOCAB_NLANG };

#define VOCAB_NOBJECTS 6 /* per sector */
#define VOCAB_NSPECIAL 3 /* per sector */
#define VOCAB_NVERBS 16
#define VOCAB_NGENERAL 10
#define VOCAB_NMANNERS 10
#define VOCAB_NPLACES 8
#define VOCAB_NKNOWLEDGE 8

/* A verb as a unit title starts ("verificar") and as a criterion starts
 * ("verifica"): lowercase, capitalised where a sentence starts. */
struct vocab_verb {
	const char *inf;
	const char *pres;
};

/* Words of one language. Objects carry their article ("el tablero"). */
struct vocab_lang {
	const char *tag;
	const char *and_word;  /* "y" */
	const char *desc_lead; /* "Describe el desempeño de quien" */
	struct vocab_verb verbs[VOCAB_NVERBS];
	const char *general[VOCAB_NGENERAL]; /* objects of any trade */
	const char *manners[VOCAB_NMANNERS];
	const char *places[VOCAB_NPLACES];
	const char *knowledge[VOCAB_NKNOWLEDGE];
};

struct vocab_sector {
	const char *code; /* "ELE", used in standard codes */
	const char *name[VOCAB_NLANG];
	const char *objects[VOCAB_NLANG][VOCAB_NOBJECTS];
	const char *special[VOCAB_NLANG][VOCAB_NSPECIAL]; /* no article */
};

struct vocab_trade {
	const char *isco; /* ISCO-08 unit group */
	int sector;
	const char *name[VOCAB_NLANG];
};

struct vocab_country {
	const char *code;
	int lang;
	const char *body;
	unsigned weight; /* share of the catalogue, out of 100 */
};

extern const struct vocab_lang vocab_langs[VOCAB_NLANG];
extern const struct vocab_sector vocab_sectors[];
extern const size_t vocab_nsectors;
extern const struct vocab_trade vocab_trades[];
extern const size_t vocab_ntrades;
extern const struct vocab_country vocab_countries[];
extern const size_t vocab_ncountries;

/* splitmix64 (Steele, Lea and Flood 2014): tiny, fast, and the same stream on
 * every platform, unlike rand(). */
struct vocab_rng {
	uint64_t s;
};

static inline uint64_t vocab_rng_next(struct vocab_rng *r)
{
	uint64_t z = (r->s += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

/* A number in [0, n); n > 0. The modulo bias is below 2^-40 for our n. */
static inline size_t vocab_rng_below(struct vocab_rng *r, size_t n)
{
	return (size_t)(vocab_rng_next(r) % n);
}

/* A country drawn by weight. */
const struct vocab_country *vocab_pick_country(struct vocab_rng *r);

#endif
