/*
 * Puente JSON -> homologation agreements, strictly (see read_json.c); the
 * record is then checked by pu_agreement_validate.
 */
#include "io_internal.h"
#include "json_read.h"

#include "jsonx.h"
#include "puente/buf.h"
#include "puente/error.h"

#include <stdio.h>

/* A list of codes (parties, extra units) into the arena. */
static int codes(pu_arena *a, const json_t *o, const char *key,
		 const char *field, const char ***out, size_t *n)
{
	const json_t *list;
	int rc;

	if ((rc = pu_jr_arr(o, key, field, &list, n)) < 0)
		return rc;
	*out = pu_jr_alloc_n(a, *n, sizeof(**out));
	if (*out == NULL)
		return pu_jr_oom();
	for (size_t i = 0; i < *n; i++) {
		json_t *v = json_array_get(list, i);

		if (!json_is_string(v))
			return pu_error_set(PU_EINVAL, "%s%s%s[%zu]: expected a "
					    "string", field, field[0] ? "." : "",
					    key, i);
		(*out)[i] = pu_arena_strdup(a, json_string_value(v));
		if ((*out)[i] == NULL)
			return pu_jr_oom();
	}
	return 0;
}

/* {"country": ..., "code": ...} naming a standard. */
static int std_ref(pu_arena *a, const json_t *o, const char *key,
		   const char *field, const char **country, const char **code)
{
	static const char *const keys[] = {"country", "code", NULL};
	const json_t *v = json_object_get(o, key);
	char f[96];
	int rc;

	snprintf(f, sizeof(f), "%s.%s", field, key);
	if (v == NULL || json_is_null(v))
		return pu_error_set(PU_EINVAL, "%s: missing", f);
	if ((rc = pu_jr_is_obj(v, f)) < 0 ||
	    (rc = pu_jr_only_keys(v, keys, f)) < 0 ||
	    (rc = pu_jr_str(a, v, "country", f, true, country)) < 0 ||
	    (rc = pu_jr_str(a, v, "code", f, true, code)) < 0)
		return rc;
	return 0;
}

static int read_entry(pu_arena *a, const json_t *o, const char *field,
		      pu_agreement_entry *e)
{
	static const char *const keys[] = {
		"source",     "destination", "equivalence",  "extra_units",
		"conditions", "valid_from",  "valid_to",     "confirmed_by",
		"confirmed_at", NULL};
	const char *eq = NULL;
	int rc;

	if ((rc = pu_jr_is_obj(o, field)) < 0 ||
	    (rc = pu_jr_only_keys(o, keys, field)) < 0 ||
	    (rc = std_ref(a, o, "source", field, &e->source_country,
			  &e->source_code)) < 0 ||
	    (rc = std_ref(a, o, "destination", field, &e->dest_country,
			  &e->dest_code)) < 0 ||
	    (rc = pu_jr_str(a, o, "equivalence", field, true, &eq)) < 0 ||
	    (rc = codes(a, o, "extra_units", field, &e->extra_units,
			&e->nextra_units)) < 0 ||
	    (rc = pu_jr_mtext(a, o, "conditions", field, "en",
			      &e->conditions)) < 0 ||
	    (rc = pu_jr_str(a, o, "valid_from", field, false, &e->valid_from)) <
		0 ||
	    (rc = pu_jr_str(a, o, "valid_to", field, false, &e->valid_to)) <
		0 ||
	    (rc = pu_jr_str(a, o, "confirmed_by", field, false,
			    &e->confirmed_by)) < 0 ||
	    (rc = pu_jr_str(a, o, "confirmed_at", field, false,
			    &e->confirmed_at)) < 0)
		return rc;
	if ((rc = pu_equivalence_parse(eq, &e->equivalence)) < 0)
		return pu_error_prefix("%s.equivalence: ", field);
	return 0;
}

int pu_io_agreement_from_json(pu_agreement **out, const json_t *o)
{
	static const char *const keys[] = {
		"id",	   "title",	 "parties",    "scope",	   "legal_reference",
		"source", "valid_from", "valid_to", "entries", NULL};
	const json_t *entries;
	pu_agreement *ag;
	pu_arena *a = NULL;
	int rc;

	*out = NULL;
	if ((rc = pu_jr_is_obj(o, "agreement")) < 0 ||
	    (rc = pu_arena_new(&a)) < 0)
		return rc;
	ag = pu_arena_alloc(a, sizeof(*ag));
	if (ag == NULL) {
		rc = pu_jr_oom();
		goto fail;
	}
	ag->arena = a;
	if ((rc = pu_jr_only_keys(o, keys, "")) < 0 ||
	    (rc = pu_jr_str(a, o, "id", "", true, &ag->id)) < 0 ||
	    (rc = pu_jr_mtext(a, o, "title", "", "en", &ag->title)) < 0 ||
	    (rc = codes(a, o, "parties", "", &ag->parties, &ag->nparties)) <
		0 ||
	    (rc = pu_jr_mtext(a, o, "scope", "", "en", &ag->scope)) < 0 ||
	    (rc = pu_jr_str(a, o, "legal_reference", "", false,
			    &ag->legal_reference)) < 0 ||
	    (rc = pu_jr_str(a, o, "source", "", false, &ag->source)) < 0 ||
	    (rc = pu_jr_str(a, o, "valid_from", "", false, &ag->valid_from)) <
		0 ||
	    (rc = pu_jr_str(a, o, "valid_to", "", false, &ag->valid_to)) < 0)
		goto fail;
	/* More entries than pu_jr_arr() allows for other lists. */
	entries = json_object_get(o, "entries");
	if (entries != NULL && !json_is_null(entries) &&
	    !json_is_array(entries)) {
		rc = pu_error_set(PU_EINVAL, "entries: expected a list");
		goto fail;
	}
	ag->nentries = entries ? json_array_size(entries) : 0;
	if (ag->nentries > PU_AGREEMENT_MAX_ENTRIES) {
		rc = pu_error_set(PU_ELIMIT, "entries: more than %d",
				  PU_AGREEMENT_MAX_ENTRIES);
		goto fail;
	}
	ag->entries = pu_jr_alloc_n(a, ag->nentries, sizeof(*ag->entries));
	if (ag->entries == NULL) {
		rc = pu_jr_oom();
		goto fail;
	}
	for (size_t i = 0; i < ag->nentries; i++) {
		char f[32];

		snprintf(f, sizeof(f), "entries[%zu]", i);
		rc = read_entry(a, json_array_get(entries, i), f,
				&ag->entries[i]);
		if (rc < 0)
			goto fail;
	}
	if ((rc = pu_agreement_validate(ag)) < 0)
		goto fail;
	*out = ag;
	return 0;
fail:
	pu_arena_free(a);
	return rc;
}
