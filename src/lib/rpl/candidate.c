/*
 * Candidates: the minimum a centre records about a person, the identity
 * documents seen and the assurance level they give, consent, and erasure.
 * Audit entries name a candidate only by its opaque id ("candidate:P-..."),
 * and their digests mix in a random salt kept with the candidate and wiped
 * on erasure, so that a digest cannot be used afterwards to test a guess of
 * the person's name.
 */
#include "puente/rpl.h"

#include <errno.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "puente/buf.h"
#include "puente/error.h"
#include "puente/store.h"
#include "rpl_internal.h"

static const char *const doc_names[PU_DOC_COUNT] = {
    "none",	      "passport",	  "national_id",       "consular_id",
    "migrant_permit", "refugee_document", "camp_registration", "other",
};

const char *pu_id_doc_name(pu_id_doc d)
{
	return (unsigned)d < PU_DOC_COUNT ? doc_names[d] : "unknown";
}

int pu_id_doc_parse(const char *s, pu_id_doc *out)
{
	for (int i = 0; s != NULL && i < PU_DOC_COUNT; i++)
		if (strcmp(s, doc_names[i]) == 0) {
			*out = (pu_id_doc)i;
			return 0;
		}
	return pu_error_set(PU_EINVAL,
			    "document: \"%.40s\" is not one of none, passport, "
			    "national_id, consular_id, migrant_permit, "
			    "refugee_document, camp_registration, other",
			    s ? s : "");
}

const char *pu_assurance_name(pu_assurance a)
{
	switch (a) {
	case PU_IAL_LOW:
		return "low";
	case PU_IAL_SUBSTANTIAL:
		return "substantial";
	case PU_IAL_HIGH:
		return "high";
	}
	return "unknown";
}

/* The default policy: what one document seen in person gives. A passport,
 * any country's national ID, a consular ID, a migrant permit or a refugee
 * document is an official photo document: substantial. A camp registration
 * or another paper: low. Nothing seen: low, and the case goes on (a
 * structured interview is evidence of competence, not of identity). High is
 * never reached by a document looked at: it needs a check with the issuer,
 * which Puente does not do. */
static const pu_assurance default_policy[PU_DOC_COUNT] = {
    [PU_DOC_NONE] = PU_IAL_LOW,
    [PU_DOC_PASSPORT] = PU_IAL_SUBSTANTIAL,
    [PU_DOC_NATIONAL_ID] = PU_IAL_SUBSTANTIAL,
    [PU_DOC_CONSULAR_ID] = PU_IAL_SUBSTANTIAL,
    [PU_DOC_MIGRANT_PERMIT] = PU_IAL_SUBSTANTIAL,
    [PU_DOC_REFUGEE] = PU_IAL_SUBSTANTIAL,
    [PU_DOC_CAMP_REGISTRATION] = PU_IAL_LOW,
    [PU_DOC_OTHER] = PU_IAL_LOW,
};

/* A country's departures from the default (docs/design.md, "Identity
 * assurance"): e.g. a country whose camp registrations are biometric may
 * raise them to substantial. None is recorded yet. */
static const struct {
	const char *country;
	pu_id_doc doc;
	pu_assurance level;
} overrides[] = {
    {NULL, PU_DOC_NONE, PU_IAL_LOW},
};

static pu_assurance level_of(const char *country, pu_id_doc d)
{
	for (size_t i = 0; overrides[i].country != NULL; i++)
		if (country != NULL &&
		    strcmp(overrides[i].country, country) == 0 &&
		    overrides[i].doc == d)
			return overrides[i].level;
	return (unsigned)d < PU_DOC_COUNT ? default_policy[d] : PU_IAL_LOW;
}

pu_assurance pu_rpl_assurance(const char *country, const pu_id_seen *docs,
			      size_t n)
{
	pu_assurance best = PU_IAL_LOW;

	for (size_t i = 0; i < n; i++) {
		pu_assurance a = level_of(country, docs[i].kind);

		if (a > best)
			best = a;
	}
	return best;
}

/* Each comma-separated item of list passes ok; at least one. */
static bool list_ok(const char *list, bool (*ok)(const char *item))
{
	char item[64];

	if (list == NULL || list[0] == '\0')
		return false;
	while (*list != '\0') {
		size_t len = strcspn(list, ",");

		if (len == 0 || len >= sizeof(item))
			return false;
		snprintf(item, sizeof(item), "%.*s", (int)len, list);
		if (!ok(item))
			return false;
		list += len + (list[len] == ',');
	}
	return true;
}

static bool lang_ok(const char *s)
{
	for (const char *p = s; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		      (*p >= '0' && *p <= '9') || *p == '-'))
			return false;
	return s[0] != '\0' && strlen(s) <= 35;
}

static bool purpose_ok(const char *s)
{
	return strcmp(s, "rpl") == 0 || strcmp(s, "contact") == 0 ||
	       strcmp(s, "statistics") == 0 || strcmp(s, "share") == 0;
}

static bool has_rpl(const char *list)
{
	size_t n = strlen("rpl");

	while (*list != '\0') {
		size_t len = strcspn(list, ",");

		if (len == n && strncmp(list, "rpl", n) == 0)
			return true;
		list += len + (list[len] == ',');
	}
	return false;
}

static int check_candidate(const pu_rpl_candidate *c)
{
	int year = 0;
	char day[11];

	if (!pu_rpl_text_ok(c->name, sizeof(c->name) - 1))
		return pu_error_set(PU_EINVAL,
				    "name: required, as the person gives it");
	pu_rpl_day(pu_auth_now(), day);
	for (int i = 0; i < 4; i++)
		year = year * 10 + (day[i] - '0');
	if (c->birth_year != 0 &&
	    (c->birth_year < 1900 || c->birth_year > year))
		return pu_error_set(PU_EINVAL,
				    "birth year: %d is not between 1900 and %d",
				    c->birth_year, year);
	if (c->languages[0] != '\0' && !list_ok(c->languages, lang_ok))
		return pu_error_set(PU_EINVAL,
				    "languages: language tags "
				    "separated by commas (\"es,miq\")");
	if (c->contact[0] != '\0' &&
	    !pu_rpl_text_ok(c->contact, sizeof(c->contact) - 1))
		return pu_error_set(PU_EINVAL, "contact: not text");
	if (!list_ok(c->consent, purpose_ok) || !has_rpl(c->consent))
		return pu_error_set(PU_EINVAL,
				    "consent: \"rpl\" is required; the others "
				    "are contact, statistics, share");
	if (c->ndocs > PU_RPL_MAX_DOCS)
		return pu_error_set(PU_ELIMIT, "documents: at most %d",
				    PU_RPL_MAX_DOCS);
	for (size_t i = 0; i < c->ndocs; i++) {
		const pu_id_seen *d = &c->docs[i];

		if ((unsigned)d->kind >= PU_DOC_COUNT)
			return pu_error_set(PU_EINVAL, "documents[%zu]: kind",
					    i);
		if (d->kind == PU_DOC_NONE && c->ndocs > 1)
			return pu_error_set(PU_EINVAL,
					    "documents: \"none\" with others");
		if (d->kind != PU_DOC_NONE && d->kind != PU_DOC_OTHER &&
		    !pu_rpl_id_ok(d->country, PU_AUTH_MAX_COUNTRY))
			return pu_error_set(PU_EINVAL,
					    "documents[%zu] (%s): the issuing "
					    "country is missing",
					    i, pu_id_doc_name(d->kind));
	}
	return 0;
}

/* What a candidate's audit digest covers: the salt first. */
static void candidate_digest_text(const pu_rpl_candidate *c, const char *salt,
				  char *buf, size_t n)
{
	snprintf(buf, n, "%s\n%s\n%s\n%d\n%s\n%s\n%s\n%d", salt, c->id, c->name,
		 c->birth_year, c->languages, c->contact, c->consent,
		 (int)c->assurance);
}

int pu_rpl_candidate_add(pu_store *st, const pu_actor *by, pu_rpl_candidate *c)
{
	const pu_store_rpl_ops *ops = pu_rpl_ops(st);
	unsigned char rnd[8], salt_bytes[16];
	char salt[33], subject[64], text[1024];
	int rc;

	if (ops == NULL)
		return PU_ESTORE;
	if ((rc = pu_authorize(by, PU_ACT_CASE_WRITE, c->country, c->centre)) <
		0 ||
	    (rc = check_candidate(c)) < 0)
		return rc;
	randombytes_buf(rnd, sizeof(rnd));
	randombytes_buf(salt_bytes, sizeof(salt_bytes));
	memcpy(c->id, "P-", 2);
	sodium_bin2hex(c->id + 2, sizeof(c->id) - 2, rnd, sizeof(rnd));
	sodium_bin2hex(salt, sizeof(salt), salt_bytes, sizeof(salt_bytes));
	c->assurance = pu_rpl_assurance(c->country, c->docs, c->ndocs);
	c->created_at = c->consent_at = pu_auth_now();
	c->erased_at = 0;
	snprintf(subject, sizeof(subject), "candidate:%s", c->id);
	candidate_digest_text(c, salt, text, sizeof(text));
	if ((rc = pu_store_begin(st)) < 0)
		return rc;
	rc = ops->candidate_insert(st, c, salt);
	if (rc == 0)
		rc = pu_rpl_audit(st, by, "candidate.add", c->country, subject,
				  text, strlen(text));
	if (rc == 0)
		rc = pu_store_commit(st);
	else
		pu_store_rollback(st);
	sodium_memzero(text, sizeof(text));
	return rc;
}

/* The candidate without a scope check; PU_ENOTFOUND with a message. */
static int load(pu_store *st, const char *id, pu_rpl_candidate *out)
{
	const pu_store_rpl_ops *ops = pu_rpl_ops(st);
	int rc;

	if (ops == NULL)
		return PU_ESTORE;
	rc = ops->candidate_get(st, id ? id : "", out, NULL);
	if (rc == PU_ENOTFOUND)
		return pu_error_set(PU_ENOTFOUND, "no candidate %.40s",
				    id ? id : "");
	return rc;
}

int pu_rpl_candidate_get(pu_store *st, const pu_actor *by, const char *id,
			 pu_rpl_candidate *out)
{
	int rc;

	if ((rc = load(st, id, out)) < 0)
		return rc;
	if ((rc = pu_authorize(by, PU_ACT_CASE_READ, out->country,
			       out->centre)) < 0)
		memset(out, 0, sizeof(*out));
	return rc;
}

int pu_rpl_candidate_erase(pu_store *st, const pu_actor *by, const char *id,
			   const char *dir)
{
	const pu_store_rpl_ops *ops = pu_rpl_ops(st);
	char **orphans = NULL, subject[64], what[64];
	size_t norphans = 0;
	pu_rpl_candidate c;
	int rc;

	if ((rc = load(st, id, &c)) < 0 ||
	    (rc = pu_authorize(by, PU_ACT_CASE_WRITE, c.country, c.centre)) < 0)
		return rc;
	if (c.erased_at != 0)
		return pu_error_set(PU_ECONFLICT,
				    "candidate %s is already erased", c.id);
	snprintf(subject, sizeof(subject), "candidate:%s", c.id);
	snprintf(what, sizeof(what), "erase %s", c.id);
	if ((rc = pu_store_begin(st)) < 0)
		return rc;
	rc = ops->candidate_erase(st, c.id, pu_auth_now(), &orphans, &norphans);
	if (rc == 0)
		rc = pu_rpl_audit(st, by, "candidate.erase", c.country, subject,
				  what, strlen(what));
	if (rc == 0)
		rc = pu_store_commit(st);
	else
		pu_store_rollback(st);
	/* Files go only once the erasure is committed; a file that cannot be
	 * removed is left for an operator (the rows no longer point at it). */
	for (size_t i = 0; i < norphans; i++) {
		char path[4096];

		if (rc == 0 && dir != NULL &&
		    pu_rpl_evidence_path(dir, orphans[i], path, sizeof(path)) ==
			0)
			(void)unlink(path);
		free(orphans[i]);
	}
	free(orphans);
	sodium_memzero(&c, sizeof(c));
	return rc;
}
