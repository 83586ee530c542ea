/*
 * pu_assign_max: known matrices (including ones where greedy is wrong),
 * rectangular and degenerate shapes, an exhaustive check against brute force
 * on small random matrices, an optimality check at the 1000 x 1000 limit, and
 * the errors.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <float.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "puente/assign.h"
#include "puente/error.h"

#define EPS 1e-9

/* Fails, showing the library's message, unless rc is 0. */
static void check_ok(int rc, int line)
{
	if (rc != 0) {
		print_error("line %d: got %d: %s\n", line, rc,
			    pu_error_message());
		fail();
	}
}
#define assert_ok(rc) check_ok((rc), __LINE__)

/* Fails unless rc is code and the message contains want. */
static void check_error(int rc, int code, const char *want, int line)
{
	if (rc != code || strstr(pu_error_message(), want) == NULL) {
		print_error("line %d: got %d (%s), want %d with \"%s\"\n", line,
			    rc, pu_error_message(), code, want);
		fail();
	}
}
#define assert_error(rc, code, want) check_error((rc), (code), (want), __LINE__)

/* cmocka 1.1 compares only floats; totals need doubles. */
static void check_near(double got, double want, double eps, int line)
{
	if (!(fabs(got - want) <= eps)) {
		print_error("line %d: got %.17g, want %.17g\n", line, got,
			    want);
		fail();
	}
}
#define assert_near(got, want, eps) check_near((got), (want), (eps), __LINE__)

/* splitmix64: tiny, deterministic, good enough for test matrices. */
static uint64_t rng_next(uint64_t *s)
{
	uint64_t z = (*s += 0x9e3779b97f4a7c15u);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
	return z ^ (z >> 31);
}

/* Uniform in [0, 1). */
static double rng_unit(uint64_t *s)
{
	return (double)(rng_next(s) >> 11) * 0x1.0p-53;
}

/* A random weight: a quarter zeros, a quarter on a coarse grid (ties), the
 * rest uniform. */
static double rng_weight(uint64_t *s)
{
	switch (rng_next(s) % 4) {
	case 0:
		return 0.0;
	case 1:
		return (double)(rng_next(s) % 4) / 4.0;
	default:
		return rng_unit(s);
	}
}

/* Checks that r2c is a matching of rows x cols using only positive pairs, and
 * that total is the sum of its pairs. */
static void assert_valid(const double *w, size_t rows, size_t cols,
			 const int *r2c, double total)
{
	bool seen[PU_ASSIGN_MAX] = {false};
	double sum = 0.0;

	for (size_t r = 0; r < rows; r++) {
		int c = r2c[r];

		if (c == -1)
			continue;
		assert_true(c >= 0 && (size_t)c < cols);
		assert_false(seen[c]);
		seen[c] = true;
		assert_true(w[r * cols + (size_t)c] > 0.0);
		sum += w[r * cols + (size_t)c];
	}
	assert_near(sum, total, EPS);
}

/* The best total over every matching (rows may stay unmatched), by trying
 * them all. */
static double brute(const double *w, size_t rows, size_t cols, size_t r,
		    bool *used)
{
	double best;

	if (r == rows)
		return 0.0;
	best = brute(w, rows, cols, r + 1, used);
	for (size_t c = 0; c < cols; c++) {
		double t;

		if (used[c])
			continue;
		used[c] = true;
		t = w[r * cols + c] + brute(w, rows, cols, r + 1, used);
		used[c] = false;
		if (t > best)
			best = t;
	}
	return best;
}

static void test_greedy_is_wrong_optimum_is_found(void **state)
{
	/* Greedy takes 0.9 then 0.1 = 1.0; the optimum crosses: 0.8 + 0.8. */
	const double w[] = {0.9, 0.8, 0.8, 0.1};
	int r2c[2];
	double total = 0.0;

	(void)state;
	assert_ok(pu_assign_max(w, 2, 2, r2c, &total));
	assert_near(total, 1.6, EPS);
	assert_int_equal(r2c[0], 1);
	assert_int_equal(r2c[1], 0);
}

static void test_greedy_is_wrong_3x3(void **state)
{
	/* Greedy: 10 + 1 + 9 = 20. Optimum: 9 + 9 + 9 = 27. */
	/* clang-format off */
	const double w[] = {
		10, 9, 0,
		9, 1, 1,
		0, 1, 9,
	};
	/* clang-format on */
	int r2c[3];
	double total = 0.0;

	(void)state;
	assert_ok(pu_assign_max(w, 3, 3, r2c, &total));
	assert_near(total, 27.0, EPS);
	assert_int_equal(r2c[0], 1);
	assert_int_equal(r2c[1], 0);
	assert_int_equal(r2c[2], 2);
}

static void test_identity_matches_the_diagonal(void **state)
{
	double w[5 * 5] = {0};
	int r2c[5];
	double total = 0.0;

	(void)state;
	for (size_t i = 0; i < 5; i++)
		w[i * 5 + i] = 1.0;
	assert_ok(pu_assign_max(w, 5, 5, r2c, &total));
	assert_near(total, 5.0, EPS);
	for (int i = 0; i < 5; i++)
		assert_int_equal(r2c[i], i);
}

static void test_wide_matrix_matches_every_row(void **state)
{
	/* 2 x 5: row 0 wants col 3 (0.9), row 1 wants col 3 too (0.8) but its
	 * next best is col 1 (0.7): 0.9 + 0.7 = 1.6 beats 0.8 + 0.5 = 1.3. */
	/* clang-format off */
	const double w[] = {
		0.1, 0.2, 0.3, 0.9, 0.5,
		0.0, 0.7, 0.1, 0.8, 0.2,
	};
	/* clang-format on */
	int r2c[2];
	double total = 0.0;

	(void)state;
	assert_ok(pu_assign_max(w, 2, 5, r2c, &total));
	assert_near(total, 1.6, EPS);
	assert_int_equal(r2c[0], 3);
	assert_int_equal(r2c[1], 1);
}

static void test_tall_matrix_leaves_rows_unmatched(void **state)
{
	/* 5 x 2, the transpose of the wide case plus zeros: three rows stay
	 * unmatched. */
	/* clang-format off */
	const double w[] = {
		0.1, 0.0,
		0.2, 0.7,
		0.3, 0.1,
		0.9, 0.8,
		0.5, 0.2,
	};
	/* clang-format on */
	int r2c[5];
	double total = 0.0;

	(void)state;
	assert_ok(pu_assign_max(w, 5, 2, r2c, &total));
	assert_near(total, 1.6, EPS);
	assert_int_equal(r2c[0], -1);
	assert_int_equal(r2c[1], 1);
	assert_int_equal(r2c[2], -1);
	assert_int_equal(r2c[3], 0);
	assert_int_equal(r2c[4], -1);
}

static void test_empty_matrices_match_nothing(void **state)
{
	int r2c[3] = {7, 7, 7};
	double total = -1.0;

	(void)state;
	assert_ok(pu_assign_max(NULL, 0, 0, NULL, &total));
	assert_near(total, 0.0, 0.0);
	total = -1.0;
	assert_ok(pu_assign_max(NULL, 0, 4, NULL, &total));
	assert_near(total, 0.0, 0.0);
	/* Rows but no columns: every row unmatched. */
	total = -1.0;
	assert_ok(pu_assign_max(NULL, 3, 0, r2c, &total));
	assert_near(total, 0.0, 0.0);
	for (int i = 0; i < 3; i++)
		assert_int_equal(r2c[i], -1);
}

static void test_all_zeros_are_all_unmatched(void **state)
{
	double w[3 * 4] = {0};
	int r2c[3] = {7, 7, 7};
	double total = -1.0;

	(void)state;
	assert_ok(pu_assign_max(w, 3, 4, r2c, &total));
	assert_near(total, 0.0, 0.0);
	for (int i = 0; i < 3; i++)
		assert_int_equal(r2c[i], -1);
}

static void test_zero_pair_in_optimum_is_unmatched(void **state)
{
	/* Row 1 has only a zero left once row 0 takes the only column. */
	const double w[] = {0.5, 0.0};
	int r2c[2];
	double total = 0.0;

	(void)state;
	assert_ok(pu_assign_max(w, 2, 1, r2c, &total));
	assert_near(total, 0.5, EPS);
	assert_int_equal(r2c[0], 0);
	assert_int_equal(r2c[1], -1);
}

static void test_ties_give_one_optimal_matching(void **state)
{
	/* clang-format off */
	const double w[] = {
		1, 1, 1,
		1, 1, 1,
		1, 1, 1,
	};
	const double w2[] = {
		0.5, 0.5,
		0.5, 0.5,
		0.5, 0.5,
	};
	/* clang-format on */
	int r2c[3];
	double total = 0.0;
	int matched = 0;

	(void)state;
	assert_ok(pu_assign_max(w, 3, 3, r2c, &total));
	assert_near(total, 3.0, EPS);
	assert_valid(w, 3, 3, r2c, total);
	for (int i = 0; i < 3; i++)
		assert_int_not_equal(r2c[i], -1);

	assert_ok(pu_assign_max(w2, 3, 2, r2c, &total));
	assert_near(total, 1.0, EPS);
	assert_valid(w2, 3, 2, r2c, total);
	for (int i = 0; i < 3; i++)
		matched += r2c[i] != -1;
	assert_int_equal(matched, 2);
}

static void test_huge_and_subnormal_weights_work(void **state)
{
	const double big[] = {0.9e308, 0.8e308, 0.8e308, 0.1e308};
	const double tiny[] = {9 * DBL_TRUE_MIN, 8 * DBL_TRUE_MIN,
			       8 * DBL_TRUE_MIN, 1 * DBL_TRUE_MIN};
	const double maxed[] = {DBL_MAX, DBL_MAX / 2, DBL_MAX / 2, 0.0};
	int r2c[2];
	double total = 0.0;

	(void)state;
	assert_ok(pu_assign_max(big, 2, 2, r2c, &total));
	assert_int_equal(r2c[0], 1);
	assert_int_equal(r2c[1], 0);
	assert_near(total, 1.6e308, 1e293);
	assert_ok(pu_assign_max(tiny, 2, 2, r2c, &total));
	assert_int_equal(r2c[0], 1);
	assert_int_equal(r2c[1], 0);
	assert_true(total == 16 * DBL_TRUE_MIN);
	/* DBL_MAX / 2 twice ties with DBL_MAX alone; either is optimal. */
	assert_ok(pu_assign_max(maxed, 2, 2, r2c, &total));
	assert_true(total == DBL_MAX);
	assert_valid(maxed, 2, 2, r2c, total);
}

static void test_total_may_be_omitted(void **state)
{
	const double w[] = {0.9, 0.8, 0.8, 0.1};
	int r2c[2];

	(void)state;
	assert_ok(pu_assign_max(w, 2, 2, r2c, NULL));
	assert_int_equal(r2c[0], 1);
	assert_int_equal(r2c[1], 0);
}

/* Random matrices of one shape against brute force, 200 seeds. */
static void check_against_brute(size_t rows, size_t cols)
{
	double w[8 * 8];
	int r2c[8];
	bool used[8];

	for (uint64_t seed = 1; seed <= 200; seed++) {
		uint64_t s = seed * 1000003u + rows * 16 + cols;
		double total = -1.0, want;

		for (size_t i = 0; i < rows * cols; i++)
			w[i] = rng_weight(&s);
		memset(used, 0, sizeof(used));
		want = brute(w, rows, cols, 0, used);
		assert_ok(pu_assign_max(w, rows, cols, r2c, &total));
		assert_valid(w, rows, cols, r2c, total);
		if (fabs(total - want) > EPS) {
			print_error(
			    "%zux%zu seed %llu: total %.17g, brute force "
			    "%.17g\n",
			    rows, cols, (unsigned long long)seed, total, want);
			fail();
		}
	}
}

static void test_random_6x6_equals_brute_force(void **state)
{
	(void)state;
	check_against_brute(6, 6);
}

static void test_random_4x7_equals_brute_force(void **state)
{
	(void)state;
	check_against_brute(4, 7);
}

static void test_random_7x4_equals_brute_force(void **state)
{
	(void)state;
	check_against_brute(7, 4);
}

static void test_random_small_shapes_equal_brute_force(void **state)
{
	(void)state;
	for (size_t rows = 1; rows <= 5; rows++)
		for (size_t cols = 1; cols <= 5; cols++)
			check_against_brute(rows, cols);
}

/* A permutation planted with weight 1 among noise below 0.5 is the unique
 * optimum: any other matching gives up a 1 for at most 0.5. */
static void test_planted_1000x1000_is_found(void **state)
{
	const size_t n = PU_ASSIGN_MAX;
	double *w = malloc(n * n * sizeof(*w));
	int *perm = malloc(n * sizeof(*perm));
	int *r2c = malloc(n * sizeof(*r2c));
	uint64_t s = 42;
	double total = 0.0;

	(void)state;
	assert_non_null(w);
	assert_non_null(perm);
	assert_non_null(r2c);
	for (size_t i = 0; i < n; i++)
		perm[i] = (int)i;
	for (size_t i = n - 1; i > 0; i--) {
		size_t j = rng_next(&s) % (i + 1);
		int t = perm[i];

		perm[i] = perm[j];
		perm[j] = t;
	}
	for (size_t i = 0; i < n * n; i++)
		w[i] = 0.5 * rng_unit(&s);
	for (size_t i = 0; i < n; i++)
		w[i * n + (size_t)perm[i]] = 1.0;
	assert_ok(pu_assign_max(w, n, n, r2c, &total));
	assert_near(total, (double)n, EPS);
	for (size_t i = 0; i < n; i++)
		assert_int_equal(r2c[i], perm[i]);
	free(w);
	free(perm);
	free(r2c);
}

/*
 * A perfect matching of a square matrix is optimal iff no cyclic exchange
 * improves it: in the graph where row i -> row k costs w[i][a_i] - w[i][a_k]
 * (i gives up its column for k's), there is no negative cycle. Bellman-Ford
 * from every row at once, stopping when nothing relaxes, checks it
 * independently of the algorithm under test.
 */
static void assert_no_improving_exchange(const double *w, size_t n,
					 const int *r2c)
{
	double *d = calloc(n, sizeof(*d));
	size_t pass;

	assert_non_null(d);
	for (pass = 0; pass <= n; pass++) {
		bool relaxed = false;

		for (size_t i = 0; i < n; i++) {
			const double *row = w + i * n;
			double base = d[i] + row[r2c[i]];

			for (size_t k = 0; k < n; k++) {
				double nd = base - row[r2c[k]];

				if (nd < d[k] - EPS) {
					d[k] = nd;
					relaxed = true;
				}
			}
		}
		if (!relaxed)
			break;
	}
	free(d);
	/* Still relaxing after n passes: a negative cycle. */
	assert_true(pass <= n);
}

static void test_random_1000x1000_is_optimal(void **state)
{
	const size_t n = PU_ASSIGN_MAX;
	double *w = malloc(n * n * sizeof(*w));
	int *r2c = malloc(n * sizeof(*r2c));
	bool *taken = calloc(n, sizeof(*taken));
	uint64_t s = 7;
	double total = 0.0, greedy = 0.0;

	(void)state;
	assert_non_null(w);
	assert_non_null(r2c);
	assert_non_null(taken);
	/* Strictly positive, so every row is matched. */
	for (size_t i = 0; i < n * n; i++)
		w[i] = 0x1.0p-20 + rng_unit(&s);
	assert_ok(pu_assign_max(w, n, n, r2c, &total));
	assert_valid(w, n, n, r2c, total);
	for (size_t i = 0; i < n; i++)
		assert_int_not_equal(r2c[i], -1);
	assert_no_improving_exchange(w, n, r2c);
	/* And it beats row-by-row greedy, which is far from optimal here. */
	for (size_t i = 0; i < n; i++) {
		size_t best = n;

		for (size_t j = 0; j < n; j++)
			if (!taken[j] &&
			    (best == n || w[i * n + j] > w[i * n + best]))
				best = j;
		taken[best] = true;
		greedy += w[i * n + best];
	}
	assert_true(total > greedy);
	free(w);
	free(r2c);
	free(taken);
}

static void test_1000x3_and_3x1000_equal_their_transposes(void **state)
{
	const size_t r = PU_ASSIGN_MAX, c = 3;
	double *w = malloc(r * c * sizeof(*w));
	double *t = malloc(r * c * sizeof(*t));
	int *r2c = malloc(r * sizeof(*r2c));
	int c2r[3];
	uint64_t s = 99;
	double total = 0.0, ttotal = 0.0;

	(void)state;
	assert_non_null(w);
	assert_non_null(t);
	assert_non_null(r2c);
	for (size_t i = 0; i < r; i++)
		for (size_t j = 0; j < c; j++)
			t[j * r + i] = w[i * c + j] = rng_unit(&s);
	assert_ok(pu_assign_max(w, r, c, r2c, &total));
	assert_ok(pu_assign_max(t, c, r, c2r, &ttotal));
	assert_valid(w, r, c, r2c, total);
	assert_valid(t, c, r, c2r, ttotal);
	assert_near(total, ttotal, EPS);
	free(w);
	free(t);
	free(r2c);
}

static void test_bad_weights_are_einval(void **state)
{
	double w[] = {0.1, 0.2, 0.3, 0.4};
	int r2c[2];
	double total = 0.0;

	(void)state;
	w[1] = -0.5;
	assert_error(pu_assign_max(w, 2, 2, r2c, &total), PU_EINVAL,
		     "weight [0][1]");
	w[1] = 0.2;
	w[2] = NAN;
	assert_error(pu_assign_max(w, 2, 2, r2c, &total), PU_EINVAL,
		     "weight [1][0]");
	w[2] = INFINITY;
	assert_error(pu_assign_max(w, 2, 2, r2c, &total), PU_EINVAL,
		     "weight [1][0]");
	w[2] = 0.3;
	assert_error(pu_assign_max(NULL, 2, 2, r2c, &total), PU_EINVAL,
		     "no weights");
	assert_error(pu_assign_max(w, 2, 2, NULL, &total), PU_EINVAL,
		     "no output");
}

static void test_over_the_limit_is_elimit(void **state)
{
	double w[PU_ASSIGN_MAX + 1] = {0};
	int r2c[PU_ASSIGN_MAX + 1];
	double total = 0.0;

	(void)state;
	assert_error(pu_assign_max(w, PU_ASSIGN_MAX + 1, 1, r2c, &total),
		     PU_ELIMIT, "at most 1000 x 1000");
	assert_error(pu_assign_max(w, 1, PU_ASSIGN_MAX + 1, r2c, &total),
		     PU_ELIMIT, "1 x 1001");
	assert_error(pu_assign_max(NULL, PU_ASSIGN_MAX + 1, 0, r2c, &total),
		     PU_ELIMIT, "1001 x 0");
	/* The limit itself is accepted. */
	assert_ok(pu_assign_max(w, 1, PU_ASSIGN_MAX, r2c, &total));
	assert_ok(pu_assign_max(w, PU_ASSIGN_MAX, 1, r2c, &total));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_greedy_is_wrong_optimum_is_found),
	    cmocka_unit_test(test_greedy_is_wrong_3x3),
	    cmocka_unit_test(test_identity_matches_the_diagonal),
	    cmocka_unit_test(test_wide_matrix_matches_every_row),
	    cmocka_unit_test(test_tall_matrix_leaves_rows_unmatched),
	    cmocka_unit_test(test_empty_matrices_match_nothing),
	    cmocka_unit_test(test_all_zeros_are_all_unmatched),
	    cmocka_unit_test(test_zero_pair_in_optimum_is_unmatched),
	    cmocka_unit_test(test_ties_give_one_optimal_matching),
	    cmocka_unit_test(test_huge_and_subnormal_weights_work),
	    cmocka_unit_test(test_total_may_be_omitted),
	    cmocka_unit_test(test_random_6x6_equals_brute_force),
	    cmocka_unit_test(test_random_4x7_equals_brute_force),
	    cmocka_unit_test(test_random_7x4_equals_brute_force),
	    cmocka_unit_test(test_random_small_shapes_equal_brute_force),
	    cmocka_unit_test(test_planted_1000x1000_is_found),
	    cmocka_unit_test(test_random_1000x1000_is_optimal),
	    cmocka_unit_test(test_1000x3_and_3x1000_equal_their_transposes),
	    cmocka_unit_test(test_bad_weights_are_einval),
	    cmocka_unit_test(test_over_the_limit_is_elimit),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
