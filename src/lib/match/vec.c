/*
 * Sparse vectors: terms ascending, so dot products are merge joins.
 */
#include "match_internal.h"

#include <math.h>

double pu_vec_dot(const vec *a, const vec *b)
{
	uint32_t i = 0, j = 0;
	double s = 0;

	while (i < a->n && j < b->n) {
		if (a->terms[i] < b->terms[j])
			i++;
		else if (a->terms[i] > b->terms[j])
			j++;
		else
			s += (double)a->w[i++] * b->w[j++];
	}
	return s;
}

size_t pu_vec_shared(const vec *a, const vec *b, uint32_t *terms, float *contrib,
		     size_t max)
{
	uint32_t i = 0, j = 0;
	size_t n = 0;

	while (i < a->n && j < b->n) {
		if (a->terms[i] < b->terms[j]) {
			i++;
		} else if (a->terms[i] > b->terms[j]) {
			j++;
		} else {
			float c = a->w[i] * b->w[j];
			size_t k = n < max ? n++ : max;

			/* Insertion into the top `max`, largest first. */
			while (k > 0 && contrib[k - 1] < c) {
				if (k < max) {
					contrib[k] = contrib[k - 1];
					terms[k] = terms[k - 1];
				}
				k--;
			}
			if (k < max) {
				contrib[k] = c;
				terms[k] = a->terms[i];
			}
			i++;
			j++;
		}
	}
	return n;
}

double pu_vec_sim(const vec *a, const vec *b)
{
	double shared = pu_spaces_weight(a->spaces, b->spaces);

	if (shared == 0)
		return 0;
	return pu_vec_dot(a, b) / shared;
}

double pu_vec_bm25(const vec *q, const vec *d)
{
	uint32_t i = 0, j = 0;
	double s = 0;

	if (q->tf == NULL || d->bm25 == NULL)
		return 0;
	while (i < q->n && j < d->n) {
		if (q->terms[i] < d->terms[j])
			i++;
		else if (q->terms[i] > d->terms[j])
			j++;
		else
			s += log(1.0 + q->tf[i++]) * d->bm25[j++];
	}
	return s;
}
