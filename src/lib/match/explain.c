/*
 * Explanations of a homologation, as JSON (the API's and `--json`'s shape)
 * and as readable text. Every decision carries its reasons: the unit pairs with
 * scores and matched words, the gap units with their criteria, the level
 * comparison and its basis, the agreement applied, the thresholds and the data
 * versions, and whether it is a suggestion awaiting a person's confirmation.
 */
#include "match_internal.h"

#include "puente/buf.h"
#include "puente/error.h"

#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static json_t *mtext_json(const pu_mtext *t)
{
	json_t *o = json_object();

	for (size_t i = 0; o && i < t->n; i++)
		json_object_set_new(o, t->v[i].lang, json_string(t->v[i].text));
	return o;
}

static double round3(double x)
{
	return round(x * 1000.0) / 1000.0;
}

static json_t *std_ref(const pu_standard *s)
{
	json_t *o = json_pack("{s:s, s:s, s:o, s:s}", "country", s->country,
			      "code", s->code, "title", mtext_json(&s->title),
			      "language", s->language);

	if (s->level_framework)
		json_object_set_new(o, "level",
				    json_pack("{s:s, s:s}", "framework",
					      s->level_framework, "level",
					      s->level_code));
	return o;
}

static json_t *criteria_json(const pu_unit *u)
{
	json_t *arr = json_array();

	for (size_t e = 0; e < u->nelements; e++)
		for (size_t c = 0; c < u->elements[e].ncriteria; c++)
			json_array_append_new(
				arr, json_pack("{s:s, s:o}", "code",
					       u->elements[e].criteria[c].code,
					       "text",
					       mtext_json(&u->elements[e]
								   .criteria[c]
								   .text)));
	return arr;
}

static json_t *level_json(const pu_level_cmp *l)
{
	json_t *o = json_pack("{s:s, s:s}", "relation",
			      pu_level_relation_name(l->relation), "basis",
			      l->reason);

	if (l->via) {
		json_object_set_new(o, "via", json_string(l->via));
		json_object_set_new(o, "status",
				    json_string(pu_ref_status_name(l->status)));
	}
	return o;
}

static json_t *candidate_json(const pu_candidate *c, bool explain)
{
	json_t *o = json_pack(
		"{s:o, s:s, s:f, s:f, s:f, s:s, s:o}", "standard",
		std_ref(c->standard), "equivalence",
		pu_equivalence_name(c->equivalence), "coverage",
		round3(c->coverage), "core_coverage", round3(c->core_coverage),
		"similarity", round3(c->retrieval), "reason",
		c->reason ? c->reason : "", "level", level_json(&c->level));
	json_t *gaps = json_array(), *pairs = json_array();

	json_object_set_new(o, "unit_threshold",
			    json_real(round3(c->unit_threshold)));
	json_object_set_new(o, "context", json_real(round3(c->context)));

	for (size_t j = 0; j < c->nunits; j++) {
		const pu_unit_match *m = &c->units[j];

		if (!m->covered) {
			json_t *g = json_pack("{s:s, s:o, s:b}", "code",
					      m->dest->code, "title",
					      mtext_json(&m->dest->title),
					      "elective", m->dest->elective);

			if (explain)
				json_object_set_new(g, "criteria",
						    criteria_json(m->dest));
			if (m->source)
				json_object_set_new(
					g, "closest",
					json_pack("{s:s, s:f}", "code",
						  m->source->code, "score",
						  round3(m->score)));
			json_array_append_new(gaps, g);
		}
		if (explain) {
			json_t *words = json_array();

			for (size_t w = 0; w < m->nwords; w++)
				json_array_append_new(words,
						      json_string(m->words[w]));
			json_array_append_new(
				pairs,
				json_pack("{s:s, s:o, s:s?, s:o, s:f, s:b, s:o}",
					  "destination", m->dest->code,
					  "destination_title",
					  mtext_json(&m->dest->title), "source",
					  m->source ? m->source->code : NULL,
					  "source_title",
					  m->source ? mtext_json(&m->source->title)
						    : json_null(),
					  "score", round3(m->score), "covered",
					  m->covered, "matched_words", words));
		}
	}
	json_object_set_new(o, "gap_units", gaps);
	if (explain) {
		json_object_set_new(o, "units", pairs);
		json_object_set_new(o, "unmatched_source_units",
				    json_integer((json_int_t)c->nunmatched_source));
	} else {
		json_decref(pairs);
	}
	return o;
}

json_t *pu_homologation_to_json(const pu_homologation *h, bool explain)
{
	const pu_candidate *best = h->ncandidates ? &h->candidates[0] : NULL;
	json_t *o, *cands = json_array(), *policy;

	o = json_pack("{s:o, s:s, s:s, s:b, s:s}", "source", std_ref(h->source),
		      "destination_country", h->dest_country, "equivalence",
		      best ? pu_equivalence_name(best->equivalence) : "none",
		      "suggestion", h->suggestion, "notice",
		      h->suggestion
			      ? "A computed suggestion: it needs a person of the "
				"recognition authority to confirm it."
			      : "Decided by an official agreement.");
	if (best == NULL)
		json_object_set_new(o, "reason",
				    json_string("no standard of the destination "
						"shares enough content"));
	for (size_t i = 0; i < h->ncandidates; i++)
		json_array_append_new(cands,
				      candidate_json(&h->candidates[i],
						     explain || i == 0));
	json_object_set_new(o, "candidates", cands);
	if (h->agreement) {
		const pu_agreement *a = h->agreement;
		const pu_agreement_entry *e = h->agreement_entry;
		json_t *extra = json_array();

		for (size_t k = 0; k < e->nextra_units; k++)
			json_array_append_new(extra,
					      json_string(e->extra_units[k]));
		json_object_set_new(
			o, "agreement",
			json_pack("{s:s, s:o, s:s?, s:s?, s:s, s:s, s:s, s:o, "
				  "s:o, s:s?, s:s?}",
				  "id", a->id, "title", mtext_json(&a->title),
				  "legal_reference", a->legal_reference,
				  "source", a->source, "equivalence",
				  pu_equivalence_name(e->equivalence),
				  "destination_country", e->dest_country,
				  "destination_code", e->dest_code, "extra_units",
				  extra, "conditions", mtext_json(&e->conditions),
				  "confirmed_by", e->confirmed_by,
				  "confirmed_at", e->confirmed_at));
	}
	policy = json_pack("{s:s?, s:f, s:f, s:f, s:f, s:f, s:i, s:I}",
			   "authority", h->policy.authority, "unit_threshold",
			   h->policy.unit_threshold, "unit_threshold_min",
			   h->policy.unit_threshold_min, "context_score",
			   h->policy.context_score, "full_coverage",
			   h->policy.full_coverage, "partial_coverage",
			   h->policy.partial_coverage, "level_tolerance",
			   h->policy.level_tolerance, "candidates",
			   (json_int_t)h->policy.candidates);
	json_object_set_new(o, "policy", policy);
	json_object_set_new(
		o, "data",
		json_pack("{s:I, s:s, s:s, s:f}", "catalog_version",
			  (json_int_t)h->catalog_version, "translator",
			  h->translator, "translation_note", h->translation_note,
			  "seconds", h->seconds));
	return o;
}

static const char *tx(const pu_mtext *t, const char *lang)
{
	const char *s = pu_mtext_get(t, lang, "en");

	return s ? s : "";
}

char *pu_homologation_to_text(const pu_homologation *h, const char *lang,
			      bool explain)
{
	const pu_candidate *best = h->ncandidates ? &h->candidates[0] : NULL;
	pu_buf b = PU_BUF_INIT;

	pu_buf_printf(&b, "%s/%s  %s\n", h->source->country, h->source->code,
		      tx(&h->source->title, lang ? lang : h->source->language));
	if (best == NULL) {
		pu_buf_printf(&b, "in %s: none (no standard of %s shares enough "
			      "content)\n", h->dest_country, h->dest_country);
		goto tail;
	}
	pu_buf_printf(&b, "in %s: %s, as %s/%s  %s\n", h->dest_country,
		      pu_equivalence_name(best->equivalence),
		      best->standard->country, best->standard->code,
		      tx(&best->standard->title,
			 lang ? lang : best->standard->language));
	pu_buf_printf(&b, "  why: %s\n", best->reason ? best->reason : "");
	pu_buf_printf(&b, "  coverage %.0f%% (core units %.0f%%), similarity "
		      "%.2f\n",
		      100 * best->coverage, 100 * best->core_coverage,
		      best->retrieval);
	pu_buf_printf(&b, "  level: %s (%s)\n",
		      pu_level_relation_name(best->level.relation),
		      best->level.reason);
	if (h->agreement)
		pu_buf_printf(&b, "  agreement: %s%s%s%s\n", h->agreement->id,
			      h->agreement->legal_reference ? " (" : "",
			      h->agreement->legal_reference
				      ? h->agreement->legal_reference
				      : "",
			      h->agreement->legal_reference ? ")" : "");
	{
		size_t gaps = 0;

		for (size_t j = 0; j < best->nunits; j++)
			gaps += !best->units[j].covered;
		if (gaps > 0)
			pu_buf_printf(&b, "  to assess or train (%zu):\n", gaps);
		for (size_t j = 0; j < best->nunits; j++) {
			const pu_unit *u = best->units[j].dest;

			if (best->units[j].covered)
				continue;
			pu_buf_printf(&b, "    %s %s\n", u->code,
				      tx(&u->title, lang ? lang
							  : best->standard->language));
			for (size_t e = 0; explain && e < u->nelements; e++)
				for (size_t c = 0; c < u->elements[e].ncriteria;
				     c++)
					pu_buf_printf(
						&b, "      - %s\n",
						tx(&u->elements[e].criteria[c].text,
						   lang ? lang
							: best->standard->language));
		}
	}
	if (explain) {
		pu_buf_printf(&b, "  unit by unit (destination <- source, "
			      "score, matched words); threshold %.2f, as "
			      "%.0f%% of the units agree:\n",
			      best->unit_threshold, 100 * best->context);
		for (size_t j = 0; j < best->nunits; j++) {
			const pu_unit_match *m = &best->units[j];

			pu_buf_printf(&b, "    %s <- %s  %.2f %s", m->dest->code,
				      m->source ? m->source->code : "-",
				      m->score, m->covered ? "covered" : "gap");
			for (size_t w = 0; w < m->nwords; w++)
				pu_buf_printf(&b, "%s%s", w ? ", " : "  [",
					      m->words[w]);
			pu_buf_puts(&b, m->nwords ? "]\n" : "\n");
		}
		if (h->ncandidates > 1) {
			pu_buf_puts(&b, "  other candidates:\n");
			for (size_t i = 1; i < h->ncandidates; i++)
				pu_buf_printf(
					&b, "    %s/%s %s, coverage %.0f%%\n",
					h->candidates[i].standard->country,
					h->candidates[i].standard->code,
					pu_equivalence_name(
						h->candidates[i].equivalence),
					100 * h->candidates[i].coverage);
		}
		pu_buf_printf(&b, "  policy: unit threshold %.2f alone, down to "
			      "%.2f as units agree (at %.2f), full %.0f%%, "
			      "partial %.0f%%, level tolerance %d\n",
			      h->policy.unit_threshold,
			      h->policy.unit_threshold_min,
			      h->policy.context_score,
			      100 * h->policy.full_coverage,
			      100 * h->policy.partial_coverage,
			      h->policy.level_tolerance);
		pu_buf_printf(&b, "  data: catalogue version %lld, translator "
			      "%s%s%s\n",
			      (long long)h->catalog_version, h->translator,
			      h->translation_note[0] ? "; " : "",
			      h->translation_note);
	}
tail:
	pu_buf_puts(&b, h->suggestion
				? "This is a suggestion computed by Puente: a "
				  "person of the recognition authority must "
				  "confirm it.\n"
				: "Decided by an official agreement.\n");
	return pu_buf_detach(&b);
}
