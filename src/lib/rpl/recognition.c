/*
 * Recognition decisions on foreign certificates: an authority of the host
 * country records full, partial or none for a certificate presented, with
 * the homologation that informed it. A partial decision opens, in the same
 * transaction, the RPL case for the gap units only (the others credited), so
 * that no worker restarts from zero. Whether the decision agrees with the
 * computed suggestion is kept, for the statistics of how often people
 * override the machine.
 */
#include "puente/recognition.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "puente/catalog.h"
#include "puente/error.h"
#include "puente/match.h"
#include "puente/store.h"
#include "rpl_internal.h"

static const char *const presented_names[] = {"puente", "vc", "paper"};

const char *pu_presented_name(pu_presented p)
{
	return (unsigned)p < 3 ? presented_names[p] : "unknown";
}

int pu_presented_parse(const char *s, pu_presented *out)
{
	for (int i = 0; s != NULL && i < 3; i++)
		if (strcmp(s, presented_names[i]) == 0) {
			*out = (pu_presented)i;
			return 0;
		}
	return pu_error_set(PU_EINVAL,
			    "presented: \"%.32s\" is not puente, vc or paper",
			    s ? s : "");
}

/* The homologation's candidate for the destination standard code, or its
 * best one when code is NULL. */
static const pu_candidate *candidate_for(const pu_homologation *h,
					 const char *code)
{
	if (h == NULL || h->ncandidates == 0)
		return NULL;
	if (code == NULL)
		return &h->candidates[0];
	for (size_t i = 0; i < h->ncandidates; i++)
		if (strcmp(h->candidates[i].standard->code, code) == 0)
			return &h->candidates[i];
	return NULL;
}

/* The gap units: rq's, else the candidate's uncovered units. */
static int gap_units(const pu_recognition_request *rq, const pu_candidate *cand,
		     const char ***out, size_t *n)
{
	const char **v;

	*out = NULL;
	*n = 0;
	if (rq->gap_units != NULL && rq->ngap > 0) {
		if (rq->ngap > PU_RECOGNITION_MAX_GAP)
			return pu_error_set(PU_ELIMIT, "at most %d gap units",
					    PU_RECOGNITION_MAX_GAP);
		v = malloc(rq->ngap * sizeof(*v));
		if (v == NULL)
			return pu_error_set(PU_ENOMEM, "out of memory");
		memcpy(v, rq->gap_units, rq->ngap * sizeof(*v));
		*out = v;
		*n = rq->ngap;
		return 0;
	}
	if (cand == NULL)
		return pu_error_set(PU_EINVAL,
				    "partial recognition: name the gap units, "
				    "or give the homologation");
	v = malloc((cand->nunits + 1) * sizeof(*v));
	if (v == NULL)
		return pu_error_set(PU_ENOMEM, "out of memory");
	for (size_t i = 0; i < cand->nunits; i++)
		if (!cand->units[i].covered)
			v[(*n)++] = cand->units[i].dest->code;
	if (*n == 0) {
		free(v);
		return pu_error_set(PU_EINVAL,
				    "partial recognition: the homologation "
				    "leaves no unit uncovered; name the gap "
				    "units");
	}
	*out = v;
	return 0;
}

static void join(const char *const *v, size_t n, char *buf, size_t size)
{
	size_t len = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < n && len < size; i++)
		len += (size_t)snprintf(buf + len, size - len, "%s%s",
					i ? "," : "", v[i]);
}

int pu_recognition_decide(pu_store *st, const pu_actor *by,
			  const pu_recognition_request *rq,
			  const pu_homologation *h, pu_recognition *out,
			  char pin[PU_CASE_PIN_SIZE])
{
	const pu_store_rpl_ops *ops = pu_rpl_ops(st);
	const pu_candidate *cand;
	const char **gaps = NULL;
	size_t ngaps = 0;
	pu_standard *dest = NULL;
	pu_recognition r;
	pu_case *c = NULL;
	char subject[200], what[1400], case_pin[PU_CASE_PIN_SIZE] = "";
	int rc;

	memset(&r, 0, sizeof(r));
	if (ops == NULL)
		return PU_ESTORE;
	if (rq == NULL || rq->version != PU_RECOGNITION_VERSION)
		return pu_error_set(PU_EINVAL, "recognition: unknown version");
	snprintf(r.country, sizeof(r.country), "%s",
		 rq->country ? rq->country
		 : by	     ? by->country
			     : "");
	if ((rc = pu_authorize(by, PU_ACT_RECOGNISE, r.country, NULL)) < 0)
		return rc;
	if ((unsigned)rq->presented > PU_PRESENTED_PAPER ||
	    (unsigned)rq->outcome > PU_EQUIV_FULL)
		return pu_error_set(PU_EINVAL, "recognition: presented or "
					       "outcome unknown");
	if (h != NULL && strcmp(h->dest_country, r.country) != 0)
		return pu_error_set(PU_EINVAL,
				    "the homologation is into %s, not %s",
				    h->dest_country, r.country);
	snprintf(r.origin_country, sizeof(r.origin_country), "%s",
		 rq->origin_country ? rq->origin_country
		 : h		    ? h->source->country
				    : "");
	snprintf(r.origin_code, sizeof(r.origin_code), "%s",
		 rq->origin_code ? rq->origin_code
		 : h		 ? h->source->code
				 : "");
	if (r.origin_country[0] == '\0' || r.origin_code[0] == '\0')
		return pu_error_set(PU_EINVAL, "the presented certificate's "
					       "country and standard are "
					       "required");
	if (rq->credential != NULL && rq->credential[0] != '\0' &&
	    !pu_rpl_text_ok(rq->credential, sizeof(r.credential) - 1))
		return pu_error_set(PU_EINVAL, "credential: not text");
	snprintf(r.credential, sizeof(r.credential), "%s",
		 rq->credential ? rq->credential : "");
	r.presented = rq->presented;
	r.outcome = rq->outcome;
	cand = candidate_for(h, rq->std_code);
	snprintf(r.std_country, sizeof(r.std_country), "%s", r.country);
	snprintf(r.std_code, sizeof(r.std_code), "%s",
		 rq->std_code ? rq->std_code
		 : cand	      ? cand->standard->code
			      : "");
	if (r.outcome != PU_EQUIV_NONE) {
		if (r.std_code[0] == '\0')
			return pu_error_set(PU_EINVAL,
					    "recognised as which standard of "
					    "%s?",
					    r.country);
		if ((rc = pu_store_get_standard(st, r.country, r.std_code,
						&dest)) < 0)
			return rc;
		pu_standard_free(dest);
	}
	if (r.outcome == PU_EQUIV_NONE) {
		if (!pu_rpl_text_ok(rq->differences, sizeof(r.differences) - 1))
			return pu_error_set(PU_EINVAL,
					    "not recognised: name the "
					    "substantial differences");
		snprintf(r.differences, sizeof(r.differences), "%s",
			 rq->differences);
	} else if (rq->differences != NULL && rq->differences[0] != '\0') {
		snprintf(r.differences, sizeof(r.differences), "%s",
			 rq->differences);
	}
	r.suggested = cand != NULL && cand->equivalence == r.outcome &&
		      strcmp(cand->standard->code, r.std_code) == 0;
	if (r.outcome == PU_EQUIV_PARTIAL) {
		if ((rc = gap_units(rq, cand, &gaps, &ngaps)) < 0)
			return rc;
		join(gaps, ngaps, r.gap_units, sizeof(r.gap_units));
		snprintf(r.candidate, sizeof(r.candidate), "%s",
			 rq->candidate ? rq->candidate : "");
	}
	snprintf(r.actor, sizeof(r.actor), "%s", pu_rpl_actor_name(by));
	r.decided_at = pu_auth_now();
	if ((rc = pu_store_begin(st)) < 0)
		goto done;
	if (r.outcome == PU_EQUIV_PARTIAL) {
		pu_case_open_options o = PU_CASE_OPEN_INIT;

		o.centre = rq->centre;
		o.body = rq->body;
		o.std_country = r.country;
		o.std_code = r.std_code;
		o.candidate = rq->candidate;
		o.units = gaps;
		o.nunits = ngaps;
		if (rq->centre == NULL || rq->centre[0] == '\0')
			rc = pu_error_set(
			    PU_EINVAL, "partial recognition: name the centre "
				       "where the gap units are assessed");
		else
			rc = pu_case_open_tx(st, by, &o, false, r.case_code,
					     case_pin);
	}
	if (rc == 0)
		rc = ops->recognition_insert(st, &r);
	if (rc == 0 && r.case_code[0] != '\0' &&
	    (rc = ops->case_get(st, r.case_code, &c)) == 0) {
		c->recognition = r.id;
		rc = ops->case_update(st, c);
	}
	if (rc == 0) {
		snprintf(subject, sizeof(subject),
			 "recognition:%" PRId64 " %s/%s -> %s/%s %s", r.id,
			 r.origin_country, r.origin_code, r.std_country,
			 r.std_code, r.case_code);
		snprintf(what, sizeof(what), "%s\n%s\n%s\n%s\n%s",
			 pu_presented_name(r.presented), r.credential,
			 pu_equivalence_name(r.outcome), r.gap_units,
			 r.differences);
		rc = pu_rpl_audit(st, by, "recognition.decide", r.country,
				  subject, what, strlen(what));
	}
	rc = pu_rpl_finish(st, rc);
done:
	pu_case_free(c);
	free(gaps);
	if (rc == 0) {
		if (out != NULL)
			*out = r;
		if (pin != NULL)
			memcpy(pin, case_pin, PU_CASE_PIN_SIZE);
	}
	return rc;
}

int pu_recognition_get(pu_store *st, const pu_actor *by, int64_t id,
		       pu_recognition *out)
{
	const pu_store_rpl_ops *ops = pu_rpl_ops(st);
	int rc;

	if (ops == NULL)
		return PU_ESTORE;
	rc = ops->recognition_get(st, id, out);
	if (rc == PU_ENOTFOUND)
		return pu_error_set(PU_ENOTFOUND,
				    "no recognition decision %" PRId64, id);
	if (rc == 0 &&
	    (rc = pu_authorize(by, PU_ACT_RECOGNISE, out->country, NULL)) < 0)
		memset(out, 0, sizeof(*out));
	return rc;
}

int pu_recognition_list(pu_store *st, const pu_actor *by, const char *country,
			pu_recognition **out, size_t *n)
{
	const pu_store_rpl_ops *ops = pu_rpl_ops(st);
	int rc;

	*out = NULL;
	*n = 0;
	if (ops == NULL)
		return PU_ESTORE;
	if (country == NULL)
		country = by ? by->country : "";
	if ((rc = pu_authorize(by, PU_ACT_RECOGNISE, country, NULL)) < 0)
		return rc;
	return ops->recognition_list(st, country, out, n);
}
