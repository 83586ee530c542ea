/*
 * The SQLite backend, search half: full-text search over standards. The words
 * of a query are folded and quoted before they reach FTS5, so no FTS syntax
 * can be injected; filters are bound values.
 */
#include "sqlite_internal.h"

#include "puente/buf.h"
#include "puente/error.h"
#include "puente/text.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

static int oom(void)
{
	return pu_error_set(PU_ENOMEM, "out of memory");
}

/* Builds an FTS5 query from folded words: each word quoted (so that no FTS
 * syntax can be injected) and matched as a prefix; joined by AND or OR. */
static int fts_query(const char *folded, const char *join, pu_buf *out,
		     size_t *nwords)
{
	const char *p = folded;
	int rc = 0;

	*nwords = 0;
	while (*p && rc == 0) {
		const char *start;

		while (*p && !isalnum((unsigned char)*p) &&
		       (unsigned char)*p < 0x80)
			p++;
		start = p;
		while (*p && (isalnum((unsigned char)*p) ||
			      (unsigned char)*p >= 0x80))
			p++;
		if (p == start)
			continue;
		if (*nwords >= 32)
			break;
		if (*nwords > 0)
			rc = pu_buf_puts(out, join);
		if (rc == 0)
			rc = pu_buf_putc(out, '"');
		if (rc == 0)
			rc = pu_buf_put(out, start, (size_t)(p - start));
		if (rc == 0)
			rc = pu_buf_puts(out, "\"*");
		(*nwords)++;
	}
	return rc;
}

static int run_search(sq_store *s, sqlite3_stmt *q, const pu_search_query *qq,
		      const char *match, const char *sector,
		      pu_search_result *res)
{
	size_t limit = qq->limit ? qq->limit : 20, cap = 0;
	pu_arena *a = res->arena;
	int rc;

	if (limit > 1000)
		limit = 1000;
	if (match)
		pu_sq_bind_text(q, 1, match);
	pu_sq_bind_text(q, 2, qq->country);
	pu_sq_bind_text(q, 3, qq->language);
	pu_sq_bind_text(q, 4, qq->level);
	pu_sq_bind_text(q, 5, qq->framework);
	pu_sq_bind_text(q, 6, sector);
	pu_sq_bind_text(q, 7, qq->isco);
	sqlite3_bind_int64(q, 8, (sqlite3_int64)limit);
	sqlite3_bind_int64(q, 9, (sqlite3_int64)qq->offset);
	if (match)
		pu_sq_bind_text(q, 10, qq->text);
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		pu_search_hit *h;

		res->hits =
		    pu_sq_grow(a, res->hits, res->n, &cap, sizeof(*res->hits));
		if (res->hits == NULL) {
			sqlite3_reset(q);
			return oom();
		}
		h = &res->hits[res->n++];
		h->country = pu_sq_col_text(a, q, 0);
		h->code = pu_sq_col_text(a, q, 1);
		h->language = pu_sq_col_text(a, q, 2);
		h->body = pu_sq_col_text(a, q, 3);
		h->sector = pu_sq_col_text(a, q, 4);
		pu_kind_parse((const char *)sqlite3_column_text(q, 5), &h->kind);
		pu_status_parse((const char *)sqlite3_column_text(q, 6),
				&h->status);
		if ((rc = pu_sq_col_mtext(a, q, 7, &h->title)) < 0) {
			sqlite3_reset(q);
			return rc;
		}
		h->level_framework = pu_sq_col_text(a, q, 8);
		h->level_code = pu_sq_col_text(a, q, 9);
		h->isco = pu_sq_col_text(a, q, 10);
		h->nunits = (size_t)sqlite3_column_int64(q, 11);
		h->score = -sqlite3_column_double(q, 12);
	}
	sqlite3_reset(q);
	return rc == SQLITE_DONE ? 0 : pu_sq_error(s, PU_ESTORE, "searching");
}

int pu_sq_search(pu_store *st, const pu_search_query *qq,
		 pu_search_result **out)
{
	sq_store *s = (sq_store *)st;
	pu_buf folded = PU_BUF_INIT, match = PU_BUF_INIT, sector = PU_BUF_INIT;
	pu_search_result *res = NULL;
	pu_arena *a = NULL;
	size_t nwords = 0;
	int rc;

	*out = NULL;
	if ((rc = pu_arena_new(&a)) < 0)
		return rc;
	res = pu_arena_alloc(a, sizeof(*res));
	if (res == NULL) {
		pu_arena_free(a);
		return oom();
	}
	res->arena = a;
	if (qq->text && strlen(qq->text) > 1024) {
		rc = pu_error_set(PU_ELIMIT, "search text longer than 1024 bytes");
		goto done;
	}
	if (qq->isco && (strlen(qq->isco) > 4 ||
			 strspn(qq->isco, "0123456789") != strlen(qq->isco))) {
		rc = pu_error_set(PU_EINVAL, "isco: \"%.16s\" is not an ISCO-08 "
				  "code (1 to 4 digits)", qq->isco);
		goto done;
	}
	if (qq->sector &&
	    (rc = pu_text_fold(&sector, qq->sector, strlen(qq->sector))) < 0)
		goto done;
	if (qq->text) {
		if ((rc = pu_text_fold(&folded, qq->text, strlen(qq->text))) < 0)
			goto done;
		rc = fts_query(folded.ptr ? folded.ptr : "", " AND ", &match,
			       &nwords);
		if (rc < 0)
			goto done;
	}
	if (nwords == 0) {
		sqlite3_stmt *q = pu_sq_stmt(s, Q_SEARCH_PLAIN);

		if (q == NULL) {
			rc = PU_ESTORE;
			goto done;
		}
		rc = run_search(s, q, qq, NULL, sector.ptr, res);
		goto done;
	}
	{
		sqlite3_stmt *q = pu_sq_stmt(s, Q_SEARCH_FTS);

		if (q == NULL) {
			rc = PU_ESTORE;
			goto done;
		}
		rc = run_search(s, q, qq, match.ptr, sector.ptr, res);
		if (rc == 0 && res->n == 0 && nwords > 1 && qq->offset == 0) {
			/* Nothing has every word: rank those with some. */
			pu_buf_clear(&match);
			rc = fts_query(folded.ptr, " OR ", &match, &nwords);
			q = pu_sq_stmt(s, Q_SEARCH_FTS);
			if (rc == 0 && q != NULL)
				rc = run_search(s, q, qq, match.ptr, sector.ptr,
						res);
			res->relaxed = res->n > 0;
		}
	}
done:
	pu_buf_free(&folded);
	pu_buf_free(&match);
	pu_buf_free(&sector);
	if (rc < 0) {
		pu_arena_free(a);
		return rc;
	}
	*out = res;
	return 0;
}
