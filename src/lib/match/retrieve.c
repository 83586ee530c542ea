/*
 * Retrieval: the standards of a destination most similar to a query vector,
 * by BM25 over the inverted lists of impacts (docs/design.md, "Retrieval").
 * Reads the index only; any number of threads may retrieve at once.
 */
#include "match_internal.h"

#include "puente/error.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define QUERY_TERMS 48  /* heaviest query terms used for retrieval */
#define RERANK 50       /* retrieved standards scored exactly */

static int oom(void)
{
	return pu_error_set(PU_ENOMEM, "out of memory");
}

struct qt {
	uint32_t t;
	float w;  /* selection weight: query weight times idf */
	float qw; /* query weight: log(1 + tf) */
};

static int qt_by_weight(const void *a, const void *b)
{
	float x = ((const struct qt *)a)->w, y = ((const struct qt *)b)->w;

	return (x < y) - (x > y);
}


/* Keeps the k best hits, best first. */
static void top_insert(pu_ix_hit *top, size_t *n, size_t k, uint32_t std,
		       double score)
{
	size_t i;

	if (*n == k && (k == 0 || score <= top[k - 1].score))
		return;
	i = *n < k ? (*n)++ : k - 1;
	while (i > 0 && top[i - 1].score < score) {
		top[i] = top[i - 1];
		i--;
	}
	top[i].std = std;
	top[i].score = score;
}

/* ISCO-08 agreement: a small prior, larger the finer the shared group. */
static double isco_prior(const ix_std *a, const ix_std *b)
{
	int da = a->isco_digits, db = b->isco_digits;
	int d = da < db ? da : db;

	if (a->isco < 0 || b->isco < 0 || d < 2)
		return 0;
	for (int k = d; k >= 2; k--) {
		int pa = a->isco, pb = b->isco;

		for (int i = da; i > k; i--)
			pa /= 10;
		for (int i = db; i > k; i--)
			pb /= 10;
		if (pa == pb)
			return k == 4 ? 0.08 : k == 3 ? 0.05 : 0.02;
	}
	return 0;
}

/* A short query, one that names a trade ("albañil", "camarera de pisos"),
 * is more likely answered by a standard with a name of the same words than by
 * one whose name adds to them ("bricklayer", not "bricklaying supervisor"):
 * the BM25 of a standard's pooled names cannot tell, its alternative titles
 * outweigh its title's length. So the short list of a short query is
 * reranked by how well the query matches a name of each standard: the best
 * Dice coefficient of the query's terms and one name's terms (title, or an
 * alternative title at ALT_NAME of it), over language spaces, with score x
 * (1 + NAME_BONUS x Dice). A query is short when no language space holds
 * more than LABEL_TERMS of its terms: a job title, not a description.
 * NAME_BONUS and ALT_NAME were chosen on the even half of ESCO's figure 2,
 * LABEL_TERMS as the largest that leaves figures 1 and 4 (label and
 * description) unchanged (bench/RESULTS.md); the 4-gram space was tried in
 * the Dice as well and changed nothing. */
#define LABEL_TERMS 7
#define NAME_BONUS 1.2
#define ALT_NAME 0.7

/* A short query's terms of language spaces, ascending, with their counts
 * by space. */
struct label {
	uint32_t t[LABEL_TERMS * PU_MAX_SPACES];
	uint32_t n;
	uint32_t by_space[PU_MAX_SPACES];
	uint32_t spaces;
};

/* True when the query is short; then fills l. */
static bool label_like(const pu_index *idx, const vec *q, struct label *l)
{
	memset(l, 0, sizeof(*l));
	for (uint32_t i = 0; i < q->n; i++) {
		int sp = idx->space[q->terms[i]];

		if (sp == PU_NGRAM_SPACE)
			continue;
		if (++l->by_space[sp] > LABEL_TERMS)
			return false;
		l->t[l->n++] = q->terms[i];
		l->spaces |= 1u << sp;
	}
	return true;
}

/* Dice coefficient of the query's terms and a name's terms (ascending),
 * each side counted in the language spaces the other has. */
static double dice(const pu_index *idx, const struct label *l,
		   const uint32_t *t, uint32_t nt)
{
	uint32_t i = 0, common = 0, nn = 0, tsp = 0, nq = 0;

	for (uint32_t j = 0; j < nt; j++) {
		int sp = idx->space[t[j]];

		tsp |= 1u << sp;
		if (!(l->spaces >> sp & 1u))
			continue;
		nn++;
		while (i < l->n && l->t[i] < t[j])
			i++;
		if (i < l->n && l->t[i] == t[j])
			common++;
	}
	if (common == 0)
		return 0;
	for (uint32_t s = tsp & l->spaces; s != 0; s &= s - 1)
		nq += l->by_space[__builtin_ctz(s)];
	return 2.0 * common / (nq + nn);
}

/* The best match of the query with one of x's names. */
static double name_match(const pu_index *idx, const struct label *l,
			 const ix_std *x)
{
	double best = 0;

	for (uint32_t i = 0; i < x->nnames; i++) {
		double d = dice(idx, l, x->name_terms + x->name_off[i],
				x->name_off[i + 1] - x->name_off[i]);

		if (i > 0)
			d *= ALT_NAME;
		if (d > best)
			best = d;
	}
	return best;
}

/* The standards of country c are the range [lo, hi) of the index: standards
 * are sorted by (country, code) and country ids are given in that order. */
static void country_range(const pu_index *idx, uint32_t c, uint32_t *lo,
			  uint32_t *hi)
{
	size_t a = 0, b = idx->nstds;

	if (c == UINT32_MAX) {
		*lo = 0;
		*hi = (uint32_t)idx->nstds;
		return;
	}
	while (a < b) {
		size_t mid = (a + b) / 2;

		if (idx->stds[mid].country < c)
			a = mid + 1;
		else
			b = mid;
	}
	*lo = (uint32_t)a;
	b = idx->nstds;
	while (a < b) {
		size_t mid = (a + b) / 2;

		if (idx->stds[mid].country <= c)
			a = mid + 1;
		else
			b = mid;
	}
	*hi = (uint32_t)a;
}

/* First posting of [p, e) whose standard is >= s (postings ascend). */
static uint32_t post_lower(const pu_index *idx, uint32_t p, uint32_t e,
			   uint32_t s)
{
	while (p < e) {
		uint32_t mid = p + (e - p) / 2;

		if (idx->post_std[mid] < s)
			p = mid + 1;
		else
			e = mid;
	}
	return p;
}

int pu_ix_retrieve(const pu_index *idx, const vec *q, const ix_std *src,
		   long exclude, uint32_t country, pu_ix_hit *out, size_t k,
		   size_t *nout)
{
	uint32_t lo, hi;
	struct qt *qt = malloc((q->n + 1) * sizeof(*qt));
	float *acc;
	uint32_t *touched;
	pu_ix_hit *pre = malloc(RERANK * sizeof(*pre));
	size_t nt = 0, npre = 0, m = 0;
	double n = (double)idx->nstds;
	struct label lab;
	bool label;

	country_range(idx, country, &lo, &hi);
	acc = calloc(hi - lo + 1, sizeof(*acc));
	touched = malloc((hi - lo + 1) * sizeof(*touched));

	*nout = 0;
	if (!qt || !acc || !touched || !pre || q->tf == NULL) {
		free(qt);
		free(acc);
		free(touched);
		free(pre);
		return q->tf == NULL ? pu_error_set(PU_EINVAL, "no query")
				     : oom();
	}
	for (uint32_t i = 0; i < q->n; i++) {
		uint32_t t = q->terms[i];
		uint32_t p;
		double df;

		if (t >= idx->nterms)
			continue;
		/* A term without standards of the destination cannot score:
		 * it must not take one of the QUERY_TERMS places (without a
		 * translator, a query's words may all be of another
		 * language, and only its 4-grams reach the destination). */
		p = post_lower(idx, idx->post_off[t], idx->post_off[t + 1], lo);
		if (p >= idx->post_off[t + 1] || idx->post_std[p] >= hi)
			continue;
		df = idx->df_std[t];
		qt[m].t = t;
		qt[m].qw = (float)log(1.0 + q->tf[i]);
		qt[m].w = qt[m].qw *
			  (float)log(1.0 + (n - df + 0.5) / (df + 0.5));
		/* Weigh as the impacts do: character 4-grams count
		 * PU_NGRAM_ALPHA, or a long query's many rare 4-grams
		 * crowd its words out of the selection. */
		if (idx->space[t] == PU_NGRAM_SPACE)
			qt[m].w *= (float)PU_NGRAM_ALPHA;
		m++;
	}
	qsort(qt, m, sizeof(*qt), qt_by_weight);
	if (m > QUERY_TERMS)
		m = QUERY_TERMS;
	for (size_t i = 0; i < m; i++) {
		uint32_t t = qt[i].t;
		float qw = qt[i].qw;

		uint32_t e = idx->post_off[t + 1];

		for (uint32_t p = post_lower(idx, idx->post_off[t], e, lo);
		     p < e && idx->post_std[p] < hi; p++) {
			uint32_t s = idx->post_std[p] - lo;

			if (acc[s] == 0)
				touched[nt++] = s;
			acc[s] += qw * idx->post_w[p];
		}
	}
	for (size_t i = 0; i < nt; i++) {
		uint32_t s = touched[i];

		if ((long)(s + lo) == exclude)
			continue;
		top_insert(pre, &npre, RERANK, s + lo, acc[s]);
	}
	/* Exact scores for the short list. */
	label = label_like(idx, q, &lab);
	for (size_t i = 0; i < npre; i++) {
		const ix_std *x = &idx->stds[pre[i].std];
		double sc = pu_vec_bm25(q, &x->v);

		if (src != NULL)
			sc *= 1.0 + isco_prior(src, x);
		if (label)
			sc *= 1.0 + NAME_BONUS * name_match(idx, &lab, x);
		top_insert(out, nout, k, pre[i].std, sc);
	}
	free(qt);
	free(acc);
	free(touched);
	free(pre);
	return 0;
}
