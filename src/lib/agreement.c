/*
 * Official homologation agreements: the record's own checks, the choice of the
 * entry that applies to a pair of standards on a date (a pure function over a
 * set of agreements, so the homologation index can hold the set in memory),
 * and a reviewer's confirmation of a suggestion, written as an entry of the
 * agreement "confirmed-<src>-<dst>" in one transaction.
 */
#include "puente/agreement.h"

#include "check.h"
#include "jsonx.h"
#include "puente/audit.h"
#include "puente/auth.h"
#include "puente/buf.h"
#include "puente/catalog.h"
#include "puente/error.h"
#include "puente/io.h"
#include "puente/store.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char *const equivalences[] = {"none", "partial", "full"};

const char *pu_equivalence_name(pu_equivalence e)
{
	if ((unsigned)e > PU_EQUIV_FULL)
		return "?";
	return equivalences[e];
}

int pu_equivalence_parse(const char *s, pu_equivalence *out)
{
	for (int i = 0; s != NULL && i < 3; i++) {
		if (strcmp(s, equivalences[i]) == 0) {
			*out = (pu_equivalence)i;
			return 0;
		}
	}
	return pu_error_set(PU_EINVAL,
			    "unknown equivalence \"%.32s\" (full, partial, "
			    "none)",
			    s ? s : "");
}

void pu_agreement_free(pu_agreement *a)
{
	if (a != NULL)
		pu_arena_free(a->arena);
}

/*
 * Checks. The rules for ids, codes, countries, dates and texts are check.h's,
 * shared with the catalogue; times, periods and entries are agreements' own.
 * Messages name the field path.
 */

static bool digits(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!isdigit((unsigned char)s[i]))
			return false;
	return true;
}

/* YYYY-MM-DDTHH:MM:SSZ, as written by pu_agreement_confirm. */
static int check_time(const char *t, const char *field)
{
	char day[11];
	int rc;

	if (t == NULL)
		return 0;
	if (strlen(t) != 20 || t[10] != 'T' || t[13] != ':' || t[16] != ':' ||
	    t[19] != 'Z' || !digits(t + 11, 2) || !digits(t + 14, 2) ||
	    !digits(t + 17, 2) || (t[11] - '0') * 10 + (t[12] - '0') > 23 ||
	    t[14] > '5' || t[17] > '5')
		goto bad;
	memcpy(day, t, 10);
	day[10] = '\0';
	rc = pu_check_date(day, field);
	if (rc < 0)
		goto bad;
	return 0;
bad:
	return pu_error_set(PU_EINVAL,
			    "%s: \"%.32s\" is not a UTC time "
			    "YYYY-MM-DDTHH:MM:SSZ",
			    field, t);
}

/* from <= to when both are given. */
static int check_period(const char *from, const char *to, const char *field)
{
	int rc;
	char f[96];

	snprintf(f, sizeof(f), "%svalid_from", field);
	if ((rc = pu_check_date(from, f)) < 0)
		return rc;
	snprintf(f, sizeof(f), "%svalid_to", field);
	if ((rc = pu_check_date(to, f)) < 0)
		return rc;
	if (from != NULL && to != NULL && strcmp(from, to) > 0)
		return pu_error_set(PU_EINVAL, "%s: %s is before valid_from %s",
				    f, to, from);
	return 0;
}

/* "entries[3]." + name, in buf. */
static const char *at(char *buf, size_t n, const char *prefix,
		      const char *name)
{
	snprintf(buf, n, "%s%s", prefix, name);
	return buf;
}

static int validate_entry(const pu_agreement_entry *e, size_t i)
{
	char f[64], g[128];
	int rc;

	snprintf(f, sizeof(f), "entries[%zu].", i);
	if ((rc = pu_check_country(e->source_country,
				   at(g, sizeof(g), f, "source.country"))) <
		    0 ||
	    (rc = pu_check_code(e->source_code,
				at(g, sizeof(g), f, "source.code"),
				PU_CATALOG_MAX_CODE)) < 0 ||
	    (rc = pu_check_country(e->dest_country,
				   at(g, sizeof(g), f,
				      "destination.country"))) < 0 ||
	    (rc = pu_check_code(e->dest_code,
				at(g, sizeof(g), f, "destination.code"),
				PU_CATALOG_MAX_CODE)) < 0)
		return rc;
	if (strcmp(e->source_country, e->dest_country) == 0)
		return pu_error_set(PU_EINVAL,
				    "%sdestination.country: %s is also the "
				    "source country (an equivalence is between "
				    "two countries)",
				    f, e->dest_country);
	if ((unsigned)e->equivalence > PU_EQUIV_FULL)
		return pu_error_set(PU_EINVAL, "%sequivalence: out of range", f);
	if (e->nextra_units > 0 && e->equivalence != PU_EQUIV_PARTIAL)
		return pu_error_set(PU_EINVAL,
				    "%sextra_units: only a partial equivalence "
				    "has extra units (this one is %s)",
				    f, pu_equivalence_name(e->equivalence));
	if (e->nextra_units > PU_CATALOG_MAX_ITEMS)
		return pu_error_set(PU_ELIMIT, "%sextra_units: more than %d",
				    f, PU_CATALOG_MAX_ITEMS);
	for (size_t k = 0; k < e->nextra_units; k++) {
		snprintf(g, sizeof(g), "%sextra_units[%zu]", f, k);
		rc = pu_check_code(e->extra_units[k], g, PU_CATALOG_MAX_CODE);
		if (rc < 0)
			return rc;
		for (size_t j = 0; j < k; j++)
			if (strcmp(e->extra_units[j], e->extra_units[k]) == 0)
				return pu_error_set(PU_EINVAL,
						    "%s: \"%s\" listed twice", g,
						    e->extra_units[k]);
	}
	if ((rc = pu_check_mtext(&e->conditions,
				 at(g, sizeof(g), f, "conditions"), false,
				 false)) < 0 ||
	    (rc = check_period(e->valid_from, e->valid_to, f)) < 0)
		return rc;
	if ((e->confirmed_by == NULL) != (e->confirmed_at == NULL))
		return pu_error_set(PU_EINVAL,
				    "%s%s: missing (confirmed_by and "
				    "confirmed_at go together)",
				    f,
				    e->confirmed_by ? "confirmed_at"
						    : "confirmed_by");
	if (e->confirmed_by != NULL &&
	    ((rc = pu_check_text(e->confirmed_by,
				 at(g, sizeof(g), f, "confirmed_by"))) < 0 ||
	     (rc = check_time(e->confirmed_at,
			      at(g, sizeof(g), f, "confirmed_at"))) < 0))
		return rc;
	return 0;
}

/* An entry with its index and effective period, for finding duplicates. */
struct slot {
	const pu_agreement_entry *e;
	size_t i;
	const char *from, *to; /* "" and "~" stand for open ends */
};

static int cmp_slot(const void *pa, const void *pb)
{
	const struct slot *a = pa, *b = pb;
	int c;

	if ((c = strcmp(a->e->source_country, b->e->source_country)) != 0 ||
	    (c = strcmp(a->e->source_code, b->e->source_code)) != 0 ||
	    (c = strcmp(a->e->dest_country, b->e->dest_country)) != 0 ||
	    (c = strcmp(a->e->dest_code, b->e->dest_code)) != 0 ||
	    (c = strcmp(a->from, b->from)) != 0)
		return c;
	return a->i < b->i ? -1 : a->i > b->i;
}

static bool same_pair(const pu_agreement_entry *a, const pu_agreement_entry *b)
{
	return strcmp(a->source_country, b->source_country) == 0 &&
	       strcmp(a->source_code, b->source_code) == 0 &&
	       strcmp(a->dest_country, b->dest_country) == 0 &&
	       strcmp(a->dest_code, b->dest_code) == 0;
}

/* One pair of standards may appear several times only for periods that do
 * not overlap (an equivalence that changed on a date). Sorting keeps this
 * O(n log n) for the 10,000 entries allowed. */
static int check_duplicates(const pu_agreement *a)
{
	struct slot *v;
	const char *maxto = NULL;
	size_t first = 0;
	int rc = 0;

	if (a->nentries < 2)
		return 0;
	v = calloc(a->nentries, sizeof(*v));
	if (v == NULL)
		return pu_error_set(PU_ENOMEM, "out of memory");
	for (size_t i = 0; i < a->nentries; i++) {
		const pu_agreement_entry *e = &a->entries[i];

		v[i].e = e;
		v[i].i = i;
		v[i].from = e->valid_from   ? e->valid_from
			    : a->valid_from ? a->valid_from
					    : "";
		v[i].to = e->valid_to	? e->valid_to
			  : a->valid_to ? a->valid_to
					: "~";
	}
	qsort(v, a->nentries, sizeof(*v), cmp_slot);
	for (size_t k = 0; k < a->nentries; k++) {
		if (k == 0 || !same_pair(v[k].e, v[first].e)) {
			first = k;
			maxto = v[k].to;
			continue;
		}
		if (strcmp(v[k].from, maxto) <= 0) {
			size_t i = v[k].i, j = v[first].i;

			for (size_t m = first; m < k; m++)
				if (strcmp(v[k].from, v[m].to) <= 0)
					j = v[m].i;
			rc = pu_error_set(
				PU_EINVAL,
				"entries[%zu]: %s/%s -> %s/%s is already in "
				"entries[%zu] for an overlapping period",
				i > j ? i : j, v[k].e->source_country,
				v[k].e->source_code, v[k].e->dest_country,
				v[k].e->dest_code, i > j ? j : i);
			break;
		}
		if (strcmp(v[k].to, maxto) > 0)
			maxto = v[k].to;
	}
	free(v);
	return rc;
}

int pu_agreement_validate(const pu_agreement *a)
{
	char f[64];
	int rc;

	if ((rc = pu_check_id(a->id, "id")) < 0 ||
	    (rc = pu_check_mtext(&a->title, "title", true, false)) < 0 ||
	    (rc = pu_check_mtext(&a->scope, "scope", false, false)) < 0)
		return rc;
	if (a->nparties < 2)
		return pu_error_set(PU_EINVAL,
				    "parties: an agreement needs at least two "
				    "parties (countries or bodies)");
	if (a->nparties > PU_CATALOG_MAX_ITEMS)
		return pu_error_set(PU_ELIMIT, "parties: more than %d",
				    PU_CATALOG_MAX_ITEMS);
	for (size_t i = 0; i < a->nparties; i++) {
		snprintf(f, sizeof(f), "parties[%zu]", i);
		rc = pu_check_code(a->parties[i], f, PU_CATALOG_MAX_CODE);
		if (rc < 0)
			return rc;
		for (size_t j = 0; j < i; j++)
			if (strcmp(a->parties[j], a->parties[i]) == 0)
				return pu_error_set(PU_EINVAL,
						    "%s: \"%s\" listed twice", f,
						    a->parties[i]);
	}
	if ((a->legal_reference &&
	     (rc = pu_check_text(a->legal_reference, "legal_reference")) <
		     0) ||
	    (a->source && (rc = pu_check_text(a->source, "source")) < 0) ||
	    (rc = check_period(a->valid_from, a->valid_to, "")) < 0)
		return rc;
	if (a->nentries > PU_AGREEMENT_MAX_ENTRIES)
		return pu_error_set(PU_ELIMIT, "entries: more than %d",
				    PU_AGREEMENT_MAX_ENTRIES);
	for (size_t i = 0; i < a->nentries; i++)
		if ((rc = validate_entry(&a->entries[i], i)) < 0)
			return rc;
	return check_duplicates(a);
}

bool pu_agreement_concerns(const pu_agreement *a, const char *country)
{
	for (size_t i = 0; i < a->nparties; i++)
		if (strcmp(a->parties[i], country) == 0)
			return true;
	for (size_t i = 0; i < a->nentries; i++)
		if (strcmp(a->entries[i].source_country, country) == 0 ||
		    strcmp(a->entries[i].dest_country, country) == 0)
			return true;
	return false;
}

/* Today "YYYY-MM-DD", or now "YYYY-MM-DDTHH:MM:SSZ" with with_time, in UTC. */
static void utc_now(char *buf, size_t n, bool with_time)
{
	time_t t = time(NULL);
	struct tm tm;

	if (gmtime_r(&t, &tm) == NULL)
		memset(&tm, 0, sizeof(tm));
	if (with_time)
		strftime(buf, n, "%Y-%m-%dT%H:%M:%SZ", &tm);
	else
		strftime(buf, n, "%Y-%m-%d", &tm);
}

/* True when candidate c (with effective start from) should replace the best
 * so far: an entry of an instrument before a reviewer's confirmation, then the
 * latest start, then the latest confirmation; on a tie the first found stays,
 * so the answer depends only on the set's order (sorted by id when loaded). */
static bool better(const pu_agreement_entry *c, const char *cfrom,
		   const pu_agreement_entry *b, const char *bfrom)
{
	int d;

	if ((c->confirmed_by == NULL) != (b->confirmed_by == NULL))
		return c->confirmed_by == NULL;
	d = strcmp(cfrom ? cfrom : "", bfrom ? bfrom : "");
	if (d != 0)
		return d > 0;
	if (c->confirmed_at && b->confirmed_at)
		return strcmp(c->confirmed_at, b->confirmed_at) > 0;
	return false;
}

int pu_agreement_find(const pu_agreement *const *set, size_t n,
		      const char *source_country, const char *source_code,
		      const char *dest_country, const char *dest_code,
		      const char *date, const pu_agreement **agreement,
		      const pu_agreement_entry **entry)
{
	const pu_agreement *best_a = NULL;
	const pu_agreement_entry *best = NULL;
	const char *best_from = NULL;
	char today[16];

	if (date == NULL) {
		utc_now(today, sizeof(today), false);
		date = today;
	}
	for (size_t k = 0; k < n; k++) {
		const pu_agreement *a = set[k];

		for (size_t i = 0; a != NULL && i < a->nentries; i++) {
			const pu_agreement_entry *e = &a->entries[i];
			const char *from, *to;

			if (strcmp(e->source_code, source_code) != 0 ||
			    strcmp(e->source_country, source_country) != 0 ||
			    strcmp(e->dest_country, dest_country) != 0 ||
			    (dest_code != NULL &&
			     strcmp(e->dest_code, dest_code) != 0))
				continue;
			from = e->valid_from ? e->valid_from : a->valid_from;
			to = e->valid_to ? e->valid_to : a->valid_to;
			/* YYYY-MM-DD compares as text. */
			if ((from != NULL && strcmp(date, from) < 0) ||
			    (to != NULL && strcmp(date, to) > 0))
				continue;
			if (best == NULL || better(e, from, best, best_from)) {
				best_a = a;
				best = e;
				best_from = from;
			}
		}
	}
	if (agreement != NULL)
		*agreement = best_a;
	if (entry != NULL)
		*entry = best;
	return best != NULL;
}

/* "confirmed-ni-cr": the id pattern wants lowercase. */
static void confirmed_id(char *buf, size_t n, const char *src, const char *dst)
{
	snprintf(buf, n, "confirmed-%s-%s", src, dst);
	for (char *p = buf; *p; p++)
		*p = (char)tolower((unsigned char)*p);
}

static int set_mtext(pu_arena *ar, pu_mtext *t, const char *const *pairs,
		     size_t n)
{
	t->v = pu_arena_alloc(ar, n * sizeof(*t->v));
	if (t->v == NULL)
		return pu_error_set(PU_ENOMEM, "out of memory");
	for (size_t i = 0; i < n; i++) {
		t->v[i].lang = pairs[2 * i];
		t->v[i].text = pu_arena_strdup(ar, pairs[2 * i + 1]);
		if (t->v[i].text == NULL)
			return pu_error_set(PU_ENOMEM, "out of memory");
	}
	t->n = n;
	return 0;
}

/* A new agreement for confirmations of src -> dst. */
static int new_confirmed(pu_arena *ar, pu_agreement *a, const char *id,
			 const char *src, const char *dst)
{
	char en[96], es[96];
	const char *const title[4] = {"en", en, "es", es};
	static const char *const scope[4] = {
		"en",
		"Suggestions computed by Puente and confirmed by a reviewer; "
		"not an official agreement.",
		"es",
		"Sugerencias calculadas por Puente y confirmadas por un "
		"revisor; no es un acuerdo oficial."};
	const char **parties = pu_arena_alloc(ar, 2 * sizeof(*parties));

	snprintf(en, sizeof(en), "Confirmed homologations %s -> %s", src, dst);
	snprintf(es, sizeof(es), "Homologaciones confirmadas %s -> %s", src,
		 dst);
	a->id = pu_arena_strdup(ar, id);
	if (parties == NULL || a->id == NULL ||
	    (parties[0] = pu_arena_strdup(ar, src)) == NULL ||
	    (parties[1] = pu_arena_strdup(ar, dst)) == NULL)
		return pu_error_set(PU_ENOMEM, "out of memory");
	a->parties = parties;
	a->nparties = 2;
	if (set_mtext(ar, &a->title, title, 2) < 0 ||
	    set_mtext(ar, &a->scope, scope, 2) < 0)
		return PU_ENOMEM;
	return 0;
}

static int check_units(const pu_standard *dst, const char *const *units,
		       size_t n)
{
	for (size_t k = 0; k < n; k++) {
		size_t i;

		for (i = 0; i < dst->nunits; i++)
			if (strcmp(dst->units[i].code, units[k]) == 0)
				break;
		if (i == dst->nunits)
			return pu_error_set(PU_EINVAL,
					    "extra_units[%zu]: %s/%s has no "
					    "unit \"%.64s\"",
					    k, dst->country, dst->code,
					    units[k]);
	}
	return 0;
}

/* The new entry, its strings in ar. */
static int make_entry(pu_arena *ar, pu_agreement_entry *e, const char *sc,
		      const char *scode, const char *dc, const char *dcode,
		      pu_equivalence eq, const char *const *extra,
		      size_t nextra, const char *reviewer, const char *lang,
		      const char *note)
{
	char now[32];

	utc_now(now, sizeof(now), true);
	memset(e, 0, sizeof(*e));
	e->source_country = pu_arena_strdup(ar, sc);
	e->source_code = pu_arena_strdup(ar, scode);
	e->dest_country = pu_arena_strdup(ar, dc);
	e->dest_code = pu_arena_strdup(ar, dcode);
	e->equivalence = eq;
	e->confirmed_by = pu_arena_strdup(ar, reviewer);
	e->confirmed_at = pu_arena_strdup(ar, now);
	e->extra_units = pu_arena_alloc(ar, (nextra + 1) * sizeof(char *));
	if (!e->source_country || !e->source_code || !e->dest_country ||
	    !e->dest_code || !e->confirmed_by || !e->confirmed_at ||
	    !e->extra_units)
		return pu_error_set(PU_ENOMEM, "out of memory");
	for (size_t i = 0; i < nextra; i++)
		if ((e->extra_units[i] = pu_arena_strdup(ar, extra[i])) == NULL)
			return pu_error_set(PU_ENOMEM, "out of memory");
	e->nextra_units = nextra;
	if (note != NULL) {
		const char *l = pu_arena_strdup(ar, lang);
		const char *const pair[2] = {l, note};

		if (l == NULL)
			return pu_error_set(PU_ENOMEM, "out of memory");
		return set_mtext(ar, &e->conditions, pair, 1);
	}
	return 0;
}

/* The standard (country, code) of the store; PU_ENOTFOUND names the side. */
static int need_standard(pu_store *st, const char *country, const char *code,
			 const char *side, pu_standard **out)
{
	int rc = pu_store_get_standard(st, country, code, out);

	if (rc == PU_ENOTFOUND)
		return pu_error_set(PU_ENOTFOUND,
				    "%s: no standard %.16s/%.64s in the database "
				    "(a confirmation is of a suggestion "
				    "computed from the catalogue)",
				    side, country, code);
	return rc;
}

/* The audit entry of a confirmation: the agreement's JSON as written. */
static int audit_confirm(pu_store *st, const pu_actor *actor,
			 const pu_agreement *a, const char *source_country,
			 const char *source_code, const char *dest_country,
			 const char *dest_code)
{
	unsigned char digest[32];
	json_t *j = pu_io_agreement_to_json(a);
	char *text = j ? pu_jsonx_dump(j) : NULL;
	char subject[PU_AUDIT_MAX_SUBJECT + 1];

	json_decref(j);
	if (text == NULL)
		return pu_error_set(PU_ENOMEM, "out of memory");
	pu_audit_digest(text, strlen(text), digest);
	free(text);
	snprintf(subject, sizeof(subject), "%s/%s -> %s/%s", source_country,
		 source_code, dest_country, dest_code);
	return pu_audit_append(st, actor, "agreement.confirm", dest_country,
			       subject, digest);
}

static int confirm(pu_store *st, const pu_actor *actor,
		   const char *source_country, const char *source_code,
		   const char *dest_country, const char *dest_code,
		   pu_equivalence equivalence, const char *const *extra_units,
		   size_t nextra, const char *reviewer, const char *note_lang,
		   const char *note);

int pu_agreement_confirm(pu_store *st, const char *source_country,
			 const char *source_code, const char *dest_country,
			 const char *dest_code, pu_equivalence equivalence,
			 const char *const *extra_units, size_t nextra,
			 const char *reviewer, const char *note_lang,
			 const char *note)
{
	return confirm(st, NULL, source_country, source_code, dest_country,
		       dest_code, equivalence, extra_units, nextra, reviewer,
		       note_lang, note);
}

int pu_agreement_confirm_as(pu_store *st, const pu_actor *actor,
			    const char *source_country,
			    const char *source_code, const char *dest_country,
			    const char *dest_code, pu_equivalence equivalence,
			    const char *const *extra_units, size_t nextra,
			    const char *reviewer, const char *note_lang,
			    const char *note)
{
	int rc = pu_authorize(actor, PU_ACT_AGREEMENT_CONFIRM, dest_country,
			      NULL);

	if (rc < 0)
		return rc;
	return confirm(st, actor, source_country, source_code, dest_country,
		       dest_code, equivalence, extra_units, nextra, reviewer,
		       note_lang, note);
}

static int confirm(pu_store *st, const pu_actor *actor,
		   const char *source_country, const char *source_code,
		   const char *dest_country, const char *dest_code,
		   pu_equivalence equivalence, const char *const *extra_units,
		   size_t nextra, const char *reviewer, const char *note_lang,
		   const char *note)
{
	pu_agreement *old = NULL, *a = NULL;
	pu_standard *src = NULL, *dst = NULL;
	pu_arena *ar = NULL;
	const char *lang = note_lang ? note_lang : "en";
	char id[64];
	size_t n = 0;
	int rc;

	if ((rc = pu_check_country(source_country, "source.country")) < 0 ||
	    (rc = pu_check_code(source_code, "source.code",
				PU_CATALOG_MAX_CODE)) < 0 ||
	    (rc = pu_check_country(dest_country, "destination.country")) < 0 ||
	    (rc = pu_check_code(dest_code, "destination.code",
				PU_CATALOG_MAX_CODE)) < 0)
		return rc;
	if (strcmp(source_country, dest_country) == 0)
		return pu_error_set(PU_EINVAL,
				    "destination.country: %s is also the source "
				    "country",
				    dest_country);
	if (reviewer == NULL || reviewer[0] == '\0')
		return pu_error_set(PU_EINVAL, "reviewer: missing (who "
				    "confirms?)");
	if (nextra > 0 && equivalence != PU_EQUIV_PARTIAL)
		return pu_error_set(PU_EINVAL,
				    "extra_units: only a partial equivalence "
				    "has extra units (this one is %s)",
				    pu_equivalence_name(equivalence));
	if (note != NULL && (rc = pu_check_lang(lang, "note")) < 0)
		return rc;
	confirmed_id(id, sizeof(id), source_country, dest_country);

	if ((rc = pu_store_begin(st)) < 0)
		return rc;
	if ((rc = need_standard(st, source_country, source_code, "source",
				&src)) < 0 ||
	    (rc = need_standard(st, dest_country, dest_code, "destination",
				&dst)) < 0 ||
	    (rc = check_units(dst, extra_units, nextra)) < 0)
		goto done;
	rc = pu_store_get_agreement(st, id, &old);
	if (rc == PU_ENOTFOUND) {
		pu_error_clear();
		rc = 0;
	}
	if (rc < 0 || (rc = pu_arena_new(&ar)) < 0)
		goto done;
	a = pu_arena_alloc(ar, sizeof(*a));
	if (a == NULL) {
		rc = pu_error_set(PU_ENOMEM, "out of memory");
		goto done;
	}
	if (old != NULL) {
		*a = *old; /* header and kept entries borrow old's arena */
	} else if ((rc = new_confirmed(ar, a, id, source_country,
				       dest_country)) < 0) {
		goto done;
	}
	a->arena = ar;
	a->entries = pu_arena_alloc(ar, ((old ? old->nentries : 0) + 1) *
						sizeof(*a->entries));
	if (a->entries == NULL) {
		rc = pu_error_set(PU_ENOMEM, "out of memory");
		goto done;
	}
	for (size_t i = 0; old != NULL && i < old->nentries; i++) {
		const pu_agreement_entry *e = &old->entries[i];

		if (strcmp(e->source_country, source_country) == 0 &&
		    strcmp(e->source_code, source_code) == 0 &&
		    strcmp(e->dest_country, dest_country) == 0 &&
		    strcmp(e->dest_code, dest_code) == 0)
			continue; /* the earlier confirmation, replaced */
		a->entries[n++] = *e;
	}
	rc = make_entry(ar, &a->entries[n], source_country, source_code,
			dest_country, dest_code, equivalence, extra_units,
			nextra, reviewer, lang, note);
	a->nentries = ++n;
	if (rc == 0)
		rc = pu_agreement_validate(a);
	if (rc == 0)
		rc = pu_store_put_agreement(st, a);
	if (rc == 0)
		rc = audit_confirm(st, actor, a, source_country, source_code,
				   dest_country, dest_code);
	if (rc == 0)
		rc = pu_store_commit(st);
done:
	if (rc < 0)
		pu_store_rollback(st);
	pu_arena_free(ar);
	pu_agreement_free(old);
	pu_standard_free(src);
	pu_standard_free(dst);
	return rc;
}

int pu_agreement_load_all(pu_store *st, pu_agreement ***out, size_t *n)
{
	pu_agreement **v = NULL;
	char **ids = NULL;
	size_t nids = 0, count = 0;
	int rc;

	*out = NULL;
	*n = 0;
	if ((rc = pu_store_agreement_ids(st, &ids, &nids)) < 0)
		return rc;
	v = calloc(nids ? nids : 1, sizeof(*v));
	if (v == NULL)
		rc = pu_error_set(PU_ENOMEM, "out of memory");
	for (; rc == 0 && count < nids; count++)
		rc = pu_store_get_agreement(st, ids[count], &v[count]);
	for (size_t i = 0; i < nids; i++)
		free(ids[i]);
	free(ids);
	if (rc < 0) {
		for (size_t i = 0; v != NULL && i < count; i++)
			pu_agreement_free(v[i]);
		free(v);
		return rc;
	}
	*out = v;
	*n = count;
	return 0;
}
