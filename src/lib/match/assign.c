/*
 * Maximum-weight assignment on a rectangular matrix of non-negative weights:
 * the Hungarian method with potentials, one shortest augmenting path (a
 * Dijkstra over reduced costs, Jonker-Volgenant style, as in Crouse 2016 and
 * SciPy's linear_sum_assignment) per line of the smaller side. O(n^2 m) time
 * for n = min(rows, cols), m = max(rows, cols); O(n + m) memory.
 *
 * Guarantees: the matching returned has the largest total weight of all
 * matchings (up to floating-point rounding), each row and each column is used
 * at most once, and no pair of weight 0 is reported. The result depends only
 * on the input.
 *
 * Why it is right: the problem is the same as a perfect matching on the square
 * padding of the matrix with weight-0 lines, because weights are >= 0 and a
 * zero pair adds nothing. A padding line on the smaller side weighs the same
 * against every column, so it only takes what is left: the smaller side
 * ("workers") is augmented against the larger side ("jobs") and the padding
 * is never stored or scanned. Minimising cost = -weight, every phase keeps
 * u[i] + v[j] <= cost(i, j) with equality on matched pairs (the certificate
 * of optimality) and adds one worker along a shortest path in reduced costs.
 * A row reduction first gives most workers their cheapest job for free.
 *
 * Why it ends: each step of a phase takes one job off the remaining list and
 * a phase stops at a free job, which exists because workers <= jobs; so a
 * phase has at most m steps whatever the rounding. Weights are scaled by a
 * power of two (exact) so that costs lie in [-1, 0]: potentials stay small and
 * no infinity or NaN can appear, even for weights near DBL_MAX.
 */
#include "puente/assign.h"
#include "puente/error.h"

#include <math.h>
#include <stdbool.h>
#include <stdlib.h>

/* The matrix as the algorithm sees it: n workers, m jobs, n <= m; the cost of
 * worker i, job j is -scale * w[i * wstride + j * jstride]. When rows > cols
 * the matrix is read transposed (columns are the workers). */
struct view {
	const double *w;
	int n, m;
	size_t wstride, jstride;
	double scale;
};

/* The work area, one allocation. */
struct work {
	double *u;	/* n worker potentials */
	double *v;	/* m job potentials */
	double *dist;	/* m shortest reduced distances of the current phase */
	int *path;	/* m worker from which each job was reached */
	int *worker_of; /* m worker holding each job, -1 when free */
	int *job_of;	/* n job held by each worker, -1 when none */
	int *remaining; /* m jobs not yet reached in the current phase */
	bool *sr;	/* n workers reached in the current phase */
	bool *sc;	/* m jobs reached in the current phase */
};

/* Checks every weight; sets *out_max to the largest. */
static int check_weights(double *out_max, const double *w, size_t rows,
			 size_t cols)
{
	double max = 0.0;

	for (size_t i = 0; i < rows; i++) {
		for (size_t j = 0; j < cols; j++) {
			double x = w[i * cols + j];

			/* NaN fails x >= 0 */
			if (!(x >= 0.0) || isinf(x))
				return pu_error_set(
				    PU_EINVAL,
				    "assignment weight [%zu][%zu] is %g: "
				    "weights must be finite and >= 0",
				    i, j, x);
			if (x > max)
				max = x;
		}
	}
	*out_max = max;
	return 0;
}

/* One phase: the shortest augmenting path from free worker cur to a free job.
 * Returns that job; *out_min is its distance. */
static int shortest_path(const struct view *a, struct work *k, int cur,
			 double *out_min)
{
	const double *u = k->u, *v = k->v;
	double *dist = k->dist, minval = 0.0;
	int *remaining = k->remaining, *path = k->path;
	const int *worker_of = k->worker_of;
	const size_t js = a->jstride;
	const double scale = a->scale;
	int left = a->m, i = cur, sink = -1;

	for (int j = 0; j < a->m; j++) {
		remaining[j] = j;
		dist[j] = INFINITY;
		k->sc[j] = false;
	}
	for (int r = 0; r < a->n; r++)
		k->sr[r] = false;
	while (sink < 0) {
		const double *row = a->w + (size_t)i * a->wstride;
		double lowest = INFINITY, base = minval - u[i];
		int best = 0, j;

		k->sr[i] = true;
		for (int t = 0; t < left; t++) {
			double d;

			j = remaining[t];
			d = base - scale * row[(size_t)j * js] - v[j];
			if (d < dist[j]) {
				path[j] = i;
				dist[j] = d;
			}
			/* Among equal distances a free job ends the phase
			 * now: with many ties (coarse similarity scores) this
			 * avoids walking long zero-length paths. */
			if (dist[j] < lowest ||
			    (dist[j] == lowest && worker_of[j] < 0)) {
				lowest = dist[j];
				best = t;
			}
		}
		minval = lowest;
		j = remaining[best];
		if (worker_of[j] < 0)
			sink = j;
		else
			i = worker_of[j];
		k->sc[j] = true;
		remaining[best] = remaining[--left];
	}
	*out_min = minval;
	return sink;
}

/* Adds worker cur: updates the potentials of everything the phase reached
 * (lazily, JV style), then flips the path. */
static void add_worker(const struct view *a, struct work *k, int cur)
{
	double minval;
	int j = shortest_path(a, k, cur, &minval);

	k->u[cur] += minval;
	for (int r = 0; r < a->n; r++)
		if (k->sr[r] && r != cur)
			k->u[r] += minval - k->dist[k->job_of[r]];
	for (int c = 0; c < a->m; c++)
		if (k->sc[c])
			k->v[c] -= minval - k->dist[c];
	for (;;) {
		int r = k->path[j], next = k->job_of[r];

		k->worker_of[j] = r;
		k->job_of[r] = j;
		if (r == cur)
			break;
		j = next;
	}
}

/* Row reduction, the cheap start of JV: each worker's potential is its
 * smallest cost and it takes that job when still free, so most workers need
 * no phase. It keeps u + v <= cost with equality on matched pairs and v = 0
 * (a free job must keep v = 0 for the rectangular optimum). */
static void row_reduction(const struct view *a, struct work *k)
{
	const size_t js = a->jstride;

	for (int i = 0; i < a->n; i++) {
		const double *row = a->w + (size_t)i * a->wstride;
		double best = INFINITY;
		int bj = 0;

		for (int j = 0; j < a->m; j++) {
			double c = -a->scale * row[(size_t)j * js];

			if (c < best || (c == best && k->worker_of[j] < 0 &&
					 k->worker_of[bj] >= 0)) {
				best = c;
				bj = j;
			}
		}
		k->u[i] = best;
		if (k->worker_of[bj] < 0) {
			k->worker_of[bj] = i;
			k->job_of[i] = bj;
		}
	}
}

int pu_assign_max(const double *weights, size_t rows, size_t cols,
		  int *out_row_to_col, double *out_total)
{
	struct view a;
	struct work k;
	void *area = NULL;
	double total = 0.0, max = 0.0;
	size_t n, m, size;
	int rc, e;

	if (rows > PU_ASSIGN_MAX || cols > PU_ASSIGN_MAX)
		return pu_error_set(
		    PU_ELIMIT,
		    "assignment matrix is %zu x %zu: at most %d x %d", rows,
		    cols, PU_ASSIGN_MAX, PU_ASSIGN_MAX);
	if (rows > 0 && out_row_to_col == NULL)
		return pu_error_set(PU_EINVAL, "assignment: no output array");
	if (rows > 0 && cols > 0 && weights == NULL)
		return pu_error_set(PU_EINVAL, "assignment: no weights");
	rc = check_weights(&max, weights, rows, cols);
	if (rc != 0)
		return rc;
	for (size_t r = 0; r < rows; r++)
		out_row_to_col[r] = -1;
	/* Empty, or all zeros: nothing to match. */
	if (max == 0.0)
		goto done;

	n = rows <= cols ? rows : cols;
	m = rows <= cols ? cols : rows;
	/* 2^-e brings the largest weight into [0.5, 1); the clamp keeps 2^-e
	 * finite when even the largest weight is subnormal. */
	frexp(max, &e);
	if (e < -1000)
		e = -1000;
	a = (struct view){
	    .w = weights,
	    .n = (int)n,
	    .m = (int)m,
	    .wstride = rows <= cols ? cols : 1,
	    .jstride = rows <= cols ? 1 : cols,
	    .scale = ldexp(1.0, -e),
	};

	/* Doubles first so that every array is aligned. Sizes are bounded by
	 * PU_ASSIGN_MAX: no overflow. */
	size = (n + 2 * m) * sizeof(double) + (n + 3 * m) * sizeof(int) +
	       (n + m) * sizeof(bool);
	area = malloc(size);
	if (area == NULL) {
		rc = pu_error_set(PU_ENOMEM,
				  "out of memory (assignment %zu x %zu)", rows,
				  cols);
		goto done;
	}
	k.u = area;
	k.v = k.u + n;
	k.dist = k.v + m;
	k.path = (int *)(k.dist + m);
	k.worker_of = k.path + m;
	k.job_of = k.worker_of + m;
	k.remaining = k.job_of + n;
	k.sr = (bool *)(k.remaining + m);
	k.sc = k.sr + n;
	for (size_t i = 0; i < n; i++)
		k.job_of[i] = -1;
	for (size_t j = 0; j < m; j++) {
		k.v[j] = 0.0;
		k.worker_of[j] = -1;
	}

	row_reduction(&a, &k);
	for (int i = 0; i < (int)n; i++)
		if (k.job_of[i] < 0)
			add_worker(&a, &k, i);

	for (size_t i = 0; i < n; i++) {
		size_t j = (size_t)k.job_of[i];
		size_t r = rows <= cols ? i : j;
		size_t c = rows <= cols ? j : i;

		if (weights[r * cols + c] > 0.0)
			out_row_to_col[r] = (int)c;
	}
	/* Summed in row order from the weights themselves, not the potentials,
	 * so the total is exactly the sum of the reported pairs. */
	for (size_t r = 0; r < rows; r++)
		if (out_row_to_col[r] >= 0)
			total += weights[r * cols + (size_t)out_row_to_col[r]];

done:
	free(area);
	if (rc == 0 && out_total != NULL)
		*out_total = total;
	return rc;
}
