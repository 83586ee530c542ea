/*
 * Optimal assignment: the pairing of source units with destination units that
 * maximises the total similarity, each unit used at most once. Used by unit
 * alignment on a similarity matrix; see "Unit alignment: optimal assignment"
 * in docs/design.md.
 */
#ifndef PUENTE_ASSIGN_H
#define PUENTE_ASSIGN_H

#include <stddef.h>

/* The largest number of rows, and of columns, pu_assign_max accepts. */
#define PU_ASSIGN_MAX 1000

/* Optimal assignment (maximum total weight) between the rows and columns of a
 * rectangular matrix of non-negative weights (row-major, rows x cols, any of
 * them may be 0). Each row is matched to at most one column and each column to
 * at most one row; pairs of weight 0 are reported as unmatched (-1).
 *
 * weights: rows * cols finite values >= 0, borrowed; may be NULL when rows or
 *   cols is 0.
 * out_row_to_col: `rows` entries written on success (-1 when unmatched); may
 *   be NULL when rows is 0. Left unspecified on failure.
 * out_total: the sum of the weights of the matched pairs; may be NULL.
 *
 * Returns 0, PU_EINVAL for a negative or non-finite weight (or a NULL array
 * that must not be), PU_ELIMIT when rows or cols exceed PU_ASSIGN_MAX,
 * PU_ENOMEM. Nothing to free: one work area is allocated and released inside.
 *
 * O(n^2 m) time for n = min(rows, cols), m = max(rows, cols): Hungarian
 * (Kuhn-Munkres with potentials, the Jonker-Volgenant style shortest
 * augmenting path variant), working on the square padding of the matrix with
 * zero weights; the padding lines are implicit, never stored or scanned. */
int pu_assign_max(const double *weights, size_t rows, size_t cols,
		  int *out_row_to_col, double *out_total);

#endif
