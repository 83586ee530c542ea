/*
 * The storage interface: dispatch to the backend named by the location, and the
 * checks every backend shares (transactions, read-only stores).
 */
#include "puente/store.h"
#include "puente/buf.h"
#include "puente/error.h"

#include <stdlib.h>
#include <string.h>

int pu_store_open(pu_store **out, const char *location, int flags)
{
	*out = NULL;
	if (location == NULL || location[0] == '\0')
		return pu_error_set(PU_EINVAL, "no database given (use --db PATH "
				    "or PUENTE_DB)");
	if (strncmp(location, "sqlite:", 7) == 0)
		return pu_store_sqlite_open(out, location + 7, flags);
	if (strncmp(location, "postgres:", 9) == 0 ||
	    strncmp(location, "postgresql:", 11) == 0)
		return pu_error_set(PU_EINVAL, "%s: the PostgreSQL backend is not "
				    "built yet; use a SQLite file", location);
	return pu_store_sqlite_open(out, location, flags);
}

void pu_store_close(pu_store *st)
{
	if (st == NULL)
		return;
	if (st->in_tx)
		st->ops->rollback(st);
	st->ops->close(st);
}

int pu_store_begin(pu_store *st)
{
	int rc;

	if (st->readonly)
		return pu_error_set(PU_ESTORE, "the database is open read-only");
	if (st->in_tx)
		return pu_error_set(PU_ESTORE, "a transaction is already open");
	rc = st->ops->begin(st);
	if (rc == 0)
		st->in_tx = true;
	return rc;
}

int pu_store_commit(pu_store *st)
{
	int rc;

	if (!st->in_tx)
		return pu_error_set(PU_ESTORE, "no transaction to commit");
	rc = st->ops->commit(st);
	if (rc == 0)
		st->in_tx = false;
	return rc;
}

int pu_store_rollback(pu_store *st)
{
	if (!st->in_tx)
		return 0;
	st->in_tx = false;
	return st->ops->rollback(st);
}

static int need_tx(pu_store *st)
{
	if (!st->in_tx)
		return pu_error_set(PU_ESTORE, "writes need a transaction "
				    "(pu_store_begin)");
	return 0;
}

int pu_store_put_framework(pu_store *st, const pu_framework *f)
{
	int rc = need_tx(st);

	return rc < 0 ? rc : st->ops->put_framework(st, f);
}

int pu_store_get_framework(pu_store *st, const char *id, pu_framework **out)
{
	return st->ops->get_framework(st, id, out);
}

int pu_store_framework_ids(pu_store *st, char ***out, size_t *n)
{
	return st->ops->framework_ids(st, out, n);
}

int pu_store_put_referencing(pu_store *st, const pu_referencing *r)
{
	int rc = need_tx(st);

	return rc < 0 ? rc : st->ops->put_referencing(st, r);
}

int pu_store_all_referencing(pu_store *st, pu_referencing ***out, size_t *n)
{
	return st->ops->all_referencing(st, out, n);
}

int pu_store_put_standard(pu_store *st, const pu_standard *s)
{
	int rc = need_tx(st);

	return rc < 0 ? rc : st->ops->put_standard(st, s);
}

int pu_store_get_standard(pu_store *st, const char *country, const char *code,
			  pu_standard **out)
{
	return st->ops->get_standard(st, country, code, out);
}

int pu_store_each_standard(pu_store *st, const char *country, pu_standard_cb cb,
			   void *arg)
{
	return st->ops->each_standard(st, country, cb, arg);
}

int pu_store_standard_keys(pu_store *st, const char *country, char ***out,
			   size_t *n)
{
	*out = NULL;
	*n = 0;
	return st->ops->standard_keys(st, country, out, n);
}

int pu_store_superseded_by(pu_store *st, const char *country, const char *code,
			   char **out)
{
	return st->ops->superseded_by(st, country, code, out);
}

int pu_store_search(pu_store *st, const pu_search_query *q,
		    pu_search_result **out)
{
	*out = NULL;
	if (q->version != PU_SEARCH_QUERY_VERSION)
		return pu_error_set(PU_EINVAL, "search query version %u is not "
				    "supported", q->version);
	return st->ops->search(st, q, out);
}

int pu_store_stats(pu_store *st, pu_store_counts *out)
{
	memset(out, 0, sizeof(*out));
	return st->ops->stats(st, out);
}

int pu_store_catalog_version(pu_store *st, int64_t *out)
{
	*out = 0;
	return st->ops->catalog_version(st, out);
}

int pu_store_note_import(pu_store *st, const char *source, size_t records)
{
	int rc = need_tx(st);

	return rc < 0 ? rc : st->ops->note_import(st, source, records);
}

void pu_store_counts_free(pu_store_counts *s)
{
	free(s->countries);
	s->countries = NULL;
	s->ncountries = 0;
}

void pu_search_result_free(pu_search_result *r)
{
	if (r != NULL)
		pu_arena_free(r->arena);
}

int pu_store_registry(pu_store *st, pu_registry **out)
{
	pu_framework **fws = NULL;
	pu_referencing **refs = NULL;
	char **ids = NULL;
	size_t nids = 0, nfws = 0, nrefs = 0;
	int rc;

	*out = NULL;
	rc = pu_store_framework_ids(st, &ids, &nids);
	if (rc < 0)
		goto done;
	fws = calloc(nids ? nids : 1, sizeof(*fws));
	if (fws == NULL) {
		rc = pu_error_set(PU_ENOMEM, "out of memory");
		goto done;
	}
	for (; nfws < nids; nfws++) {
		rc = pu_store_get_framework(st, ids[nfws], &fws[nfws]);
		if (rc < 0)
			goto done;
	}
	rc = pu_store_all_referencing(st, &refs, &nrefs);
	if (rc < 0)
		goto done;
	rc = pu_registry_new(out, fws, nfws, refs, nrefs);
	nfws = nrefs = 0; /* owned by the registry, or freed by it */
done:
	for (size_t i = 0; i < nfws; i++)
		pu_framework_free(fws[i]);
	for (size_t i = 0; i < nrefs; i++)
		pu_referencing_free(refs[i]);
	for (size_t i = 0; i < nids; i++)
		free(ids[i]);
	free(ids);
	free(fws);
	free(refs);
	return rc;
}

int pu_store_get_translation(pu_store *st, const unsigned char key[32],
			     char **out)
{
	*out = NULL;
	return st->ops->get_translation(st, key, out);
}

int pu_store_put_translation(pu_store *st, const unsigned char key[32],
			     const char *engine, const char *from,
			     const char *to, const char *text)
{
	if (st->readonly)
		return pu_error_set(PU_ESTORE, "the database is open read-only");
	return st->ops->put_translation(st, key, engine, from, to, text);
}

int pu_store_put_agreement(pu_store *st, const struct pu_agreement *a)
{
	int rc = need_tx(st);

	return rc < 0 ? rc : st->ops->put_agreement(st, a);
}

int pu_store_agreement_ids(pu_store *st, char ***out, size_t *n)
{
	return st->ops->agreement_ids(st, out, n);
}

int pu_store_get_agreement(pu_store *st, const char *id,
			   struct pu_agreement **out)
{
	*out = NULL;
	return st->ops->get_agreement(st, id, out);
}
