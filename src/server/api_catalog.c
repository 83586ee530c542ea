/*
 * The catalogue over HTTP: health, metrics, status, countries, frameworks,
 * level comparison, standards search and detail.
 */
#include "server.h"

#include <stdlib.h>
#include <string.h>

#include "puente/error.h"
#include "puente/framework.h"
#include "puente/io.h"
#include "puente/match.h"
#include "puente/store.h"
#include "puente/view.h"

/* The store of this thread, or a 500 reply. */
#define STORE_OR_FAIL(r, st)                                   \
	do {                                                   \
		(st) = srv_store();                            \
		if ((st) == NULL)                              \
			return srv_fail((r), PU_ESTORE);       \
	} while (0)

int api_healthz(srv_req *r)
{
	pu_store *st;
	pu_index *idx;
	int64_t v = 0;
	json_t *o;

	STORE_OR_FAIL(r, st);
	if (pu_store_catalog_version(st, &v) < 0)
		return srv_fail(r, PU_ESTORE);
	idx = srv_index();
	o = json_pack("{s:s, s:I, s:b}", "status", "ok", "catalog_version",
		      (json_int_t)v, "index", idx != NULL);
	pu_index_decref(idx);
	return srv_json(r, 200, o);
}

int api_metrics(srv_req *r)
{
	size_t len;
	char *text = srv_metrics_text(&len);

	if (text == NULL)
		return srv_error(r, 500, "internal", "out of memory");
	return srv_bytes(r, 200, "text/plain; version=0.0.4", text, len);
}

int api_status(srv_req *r)
{
	pu_store_counts c;
	pu_store *st;
	json_t *o;
	int rc;

	STORE_OR_FAIL(r, st);
	if ((rc = pu_store_stats(st, &c)) < 0)
		return srv_fail(r, rc);
	o = pu_view_counts(&c, NULL);
	pu_store_counts_free(&c);
	return srv_json(r, 200, o);
}

int api_countries(srv_req *r)
{
	pu_registry *reg = NULL;
	pu_store_counts c;
	pu_store *st;
	json_t *arr;
	int rc;

	STORE_OR_FAIL(r, st);
	if ((rc = pu_store_stats(st, &c)) < 0)
		return srv_fail(r, rc);
	if ((rc = pu_store_registry(st, &reg)) < 0) {
		pu_store_counts_free(&c);
		return srv_fail(r, rc);
	}
	arr = json_array();
	for (size_t i = 0; arr && i < c.ncountries; i++) {
		const pu_framework *f =
			pu_registry_of_country(reg, c.countries[i].country);

		json_array_append_new(
			arr, json_pack("{s:s, s:I, s:s?}", "country",
				       c.countries[i].country, "standards",
				       (json_int_t)c.countries[i].standards,
				       "framework", f ? f->id : NULL));
	}
	pu_store_counts_free(&c);
	pu_registry_free(reg);
	return srv_json(r, 200, json_pack("{s:o}", "countries", arr));
}

int api_frameworks(srv_req *r)
{
	pu_registry *reg = NULL;
	pu_store *st;
	json_t *arr;
	int rc;

	STORE_OR_FAIL(r, st);
	if ((rc = pu_store_registry(st, &reg)) < 0)
		return srv_fail(r, rc);
	arr = json_array();
	for (size_t i = 0; arr && i < pu_registry_count(reg); i++)
		json_array_append_new(
			arr, pu_view_framework_summary(pu_registry_at(reg, i)));
	pu_registry_free(reg);
	return srv_json(r, 200, json_pack("{s:o}", "frameworks", arr));
}

int api_framework(srv_req *r)
{
	pu_registry *reg = NULL;
	const pu_framework *f;
	pu_store *st;
	int rc;

	STORE_OR_FAIL(r, st);
	if ((rc = pu_store_registry(st, &reg)) < 0)
		return srv_fail(r, rc);
	f = pu_registry_find(reg, r->path.seg[3]);
	if (f == NULL)
		rc = srv_error(r, 404, "not_found", "no framework \"%s\"",
			       r->path.seg[3]);
	else
		rc = srv_json(r, 200, pu_view_framework(reg, f));
	pu_registry_free(reg);
	return rc;
}

int api_levels_compare(srv_req *r)
{
	const char *a = srv_query(r, "a"), *b = srv_query(r, "b");
	const pu_framework *fa, *fb;
	pu_registry *reg = NULL;
	char la[80], lb[80];
	pu_store *st;
	json_t *v = NULL;
	int rc;

	if (a == NULL || b == NULL)
		return srv_error(r, 400, "invalid",
				 "parameters a and b are needed "
				 "(FRAMEWORK[:LEVEL] or COUNTRY[:LEVEL])");
	STORE_OR_FAIL(r, st);
	if ((rc = pu_store_registry(st, &reg)) < 0)
		return srv_fail(r, rc);
	if ((rc = pu_view_resolve_level(reg, a, &fa, la, sizeof(la))) < 0 ||
	    (rc = pu_view_resolve_level(reg, b, &fb, lb, sizeof(lb))) < 0) {
		rc = srv_fail(r, rc);
		goto done;
	}
	if (la[0] && lb[0]) {
		pu_level_cmp c;

		rc = pu_level_compare(reg, fa->id, la, fb->id, lb, &c);
		if (rc == 0)
			v = pu_view_level_cmp(fa, la, fb, lb, &c);
	} else {
		rc = pu_view_level_table(&v, reg, fa, la, fb, lb);
	}
	rc = rc < 0 ? srv_fail(r, rc) : srv_json(r, 200, v);
done:
	pu_registry_free(reg);
	return rc;
}

/* A non-negative integer parameter; false when present and malformed. */
static bool size_param(srv_req *r, const char *name, size_t *out)
{
	const char *s = srv_query(r, name);
	char *end;
	unsigned long v;

	if (s == NULL)
		return true;
	v = strtoul(s, &end, 10);
	if (*s < '0' || *s > '9' || *end != '\0' || v > 100000)
		return false;
	*out = (size_t)v;
	return true;
}

int api_standards(srv_req *r)
{
	pu_search_query q = PU_SEARCH_QUERY_INIT;
	pu_search_result *res = NULL;
	const char *level = srv_query(r, "level");
	char fw[80];
	pu_store *st;
	int rc;

	q.text = srv_query(r, "q");
	q.country = srv_query(r, "country");
	q.language = srv_query(r, "language");
	q.sector = srv_query(r, "sector");
	q.isco = srv_query(r, "isco");
	if (!size_param(r, "limit", &q.limit) ||
	    !size_param(r, "offset", &q.offset))
		return srv_error(r, 400, "invalid",
				 "limit and offset take a number");
	if (level != NULL) {
		const char *colon = strchr(level, ':');

		if (colon != NULL) {
			snprintf(fw, sizeof(fw), "%.*s", (int)(colon - level),
				 level);
			q.framework = fw;
			q.level = colon + 1;
		} else {
			q.level = level;
		}
	}
	STORE_OR_FAIL(r, st);
	if ((rc = pu_store_search(st, &q, &res)) < 0)
		return srv_fail(r, rc);
	rc = srv_json(r, 200, pu_view_search(res));
	pu_search_result_free(res);
	return rc;
}

int api_standard(srv_req *r)
{
	pu_standard *s = NULL;
	char *by = NULL;
	pu_store *st;
	json_t *o;
	int rc;

	STORE_OR_FAIL(r, st);
	rc = pu_store_get_standard(st, r->path.seg[3], r->path.seg[4], &s);
	if (rc < 0)
		return srv_fail(r, rc);
	o = pu_io_standard_to_json(s);
	if (o != NULL &&
	    pu_store_superseded_by(st, s->country, s->code, &by) == 0 && by)
		json_object_set_new(o, "superseded_by", json_string(by));
	free(by);
	pu_standard_free(s);
	return srv_json(r, 200, o);
}
