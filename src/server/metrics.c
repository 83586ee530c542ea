/*
 * /metrics: requests per route and status class, and a latency histogram per
 * route, in Prometheus' text format. Counters are atomics indexed by the
 * route's position in the table; requests that matched no route count under
 * route "-".
 */
#include "server.h"

#include <stdatomic.h>
#include <stdlib.h>

#define MAX_ROUTES 64
#define NBUCKETS 10

static const double bounds[NBUCKETS] = {0.0005, 0.001, 0.0025, 0.005, 0.01,
					0.025,  0.05,  0.1,    0.5,   1.0};

struct route_metrics {
	atomic_ulong by_class[6]; /* index status / 100 */
	atomic_ulong buckets[NBUCKETS + 1];
	atomic_ulong micros; /* sum of latencies */
};

static struct route_metrics metrics[MAX_ROUTES + 1];

static size_t slot(const srv_route *route)
{
	size_t n;
	const srv_route *all = srv_routes(&n);

	if (route == NULL || route < all || route >= all + n ||
	    (size_t)(route - all) >= MAX_ROUTES)
		return MAX_ROUTES;
	return (size_t)(route - all);
}

void srv_metrics_record(const srv_route *route, int status, double seconds)
{
	struct route_metrics *m = &metrics[slot(route)];
	size_t b = 0;
	int cls = status / 100;

	if (cls < 0 || cls > 5)
		cls = 0;
	atomic_fetch_add(&m->by_class[cls], 1);
	while (b < NBUCKETS && seconds > bounds[b])
		b++;
	atomic_fetch_add(&m->buckets[b], 1);
	atomic_fetch_add(&m->micros, (unsigned long)(seconds * 1e6));
}

char *srv_metrics_text(size_t *len)
{
	pu_buf b = PU_BUF_INIT;
	size_t n;
	const srv_route *all = srv_routes(&n);

	pu_buf_puts(&b, "# HELP puente_http_requests_total HTTP requests by "
			"route and status class.\n"
			"# TYPE puente_http_requests_total counter\n");
	for (size_t i = 0; i <= n && i <= MAX_ROUTES; i++) {
		size_t k = i == n ? MAX_ROUTES : i;
		const char *pat = i == n ? "-" : all[i].pattern;
		const char *meth = i == n ? "-" : all[i].method;

		for (int c = 1; c <= 5; c++) {
			unsigned long v = atomic_load(&metrics[k].by_class[c]);

			if (v)
				pu_buf_printf(&b,
					      "puente_http_requests_total{method="
					      "\"%s\",route=\"%s\",status=\"%dxx\"}"
					      " %lu\n",
					      meth, pat, c, v);
		}
	}
	pu_buf_puts(&b, "# HELP puente_http_request_seconds Request latency "
			"by route.\n"
			"# TYPE puente_http_request_seconds histogram\n");
	for (size_t i = 0; i <= n && i <= MAX_ROUTES; i++) {
		size_t k = i == n ? MAX_ROUTES : i;
		const char *pat = i == n ? "-" : all[i].pattern;
		unsigned long cum = 0;

		for (int bk = 0; bk <= NBUCKETS; bk++)
			cum += atomic_load(&metrics[k].buckets[bk]);
		if (cum == 0)
			continue;
		cum = 0;
		for (int bk = 0; bk <= NBUCKETS; bk++) {
			cum += atomic_load(&metrics[k].buckets[bk]);
			if (bk < NBUCKETS)
				pu_buf_printf(&b,
					      "puente_http_request_seconds_bucket{"
					      "route=\"%s\",le=\"%g\"} %lu\n",
					      pat, bounds[bk], cum);
			else
				pu_buf_printf(&b,
					      "puente_http_request_seconds_bucket{"
					      "route=\"%s\",le=\"+Inf\"} %lu\n",
					      pat, cum);
		}
		pu_buf_printf(&b,
			      "puente_http_request_seconds_sum{route=\"%s\"} "
			      "%.6f\n"
			      "puente_http_request_seconds_count{route=\"%s\"} "
			      "%lu\n",
			      pat, (double)atomic_load(&metrics[k].micros) / 1e6,
			      pat, cum);
	}
	*len = b.len;
	return pu_buf_detach(&b);
}
