/*
 * Helpers shared by the benchmark programs: clocks, percentiles and the
 * machine line every benchmark prints first.
 */
#ifndef PU_BENCH_COMMON_H
#define PU_BENCH_COMMON_H

#include <stddef.h>

/* Monotonic wall-clock seconds. */
double bench_now(void);
/* CPU seconds (user + system) used by this process so far: on a shared
 * machine, wall time includes waiting for the CPU and this does not. */
double bench_cpu(void);
/* qsort comparison of doubles, ascending. */
int bench_cmp_double(const void *a, const void *b);
/* Nearest-rank percentile p (0-100) of v, sorted ascending, n > 0. */
double bench_pct(const double *v, size_t n, double p);
/* Prints the cores, CPU model, SQLite version and load average. */
void bench_print_machine(void);

#endif
