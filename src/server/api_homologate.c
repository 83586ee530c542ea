/*
 * Homologation over HTTP: one standard against a destination country, and the
 * start page's guide (where a person learnt a trade, where they are now, what
 * they do or what certificate they hold -> the equivalent standards there,
 * what is recognised, what is missing, and the next step).
 */
#include "server.h"

#include <ctype.h>
#include <string.h>

#include "puente/error.h"
#include "puente/match.h"
#include "puente/store.h"

#define GUIDE_ANSWERS 3
#define GUIDE_MAX_QUERY 500
#define GUIDE_WEAK 0.25 /* answers below this share of the best are dropped */

/* "CR" -> true. */
static bool is_country(const char *s)
{
	return s && isupper((unsigned char)s[0]) &&
	       isupper((unsigned char)s[1]) && s[2] == '\0';
}

/* The index, or a 503 reply while the first one is built. A reply computed
 * from an index older than the catalogue is right for that index but is not
 * kept: the new index is on its way. */
static pu_index *index_or_reply(srv_req *r)
{
	pu_index *idx = srv_index();
	pu_index_info info;

	if (idx == NULL) {
		srv_error(r, 503, "unavailable",
			  "the homologation index is being built; try again "
			  "in a moment");
		return NULL;
	}
	pu_index_info_get(idx, &info);
	if (info.catalog_version != r->version)
		r->uncacheable = true;
	return idx;
}

int api_homologate(srv_req *r)
{
	const char *from = srv_query(r, "from"), *to = srv_query(r, "to");
	const char *ex = srv_query(r, "explain"), *slash;
	pu_homologation *h = NULL;
	char country[17];
	pu_index *idx;
	int rc;

	if (from == NULL || !is_country(to) ||
	    (slash = strchr(from, '/')) == NULL ||
	    (size_t)(slash - from) >= sizeof(country) || slash[1] == '\0')
		return srv_error(r, 400, "invalid",
				 "parameters from=CC/CODE and to=CC are needed");
	memcpy(country, from, (size_t)(slash - from));
	country[slash - from] = '\0';
	if ((idx = index_or_reply(r)) == NULL)
		return r->status;
	rc = pu_homologate(&h, idx, country, slash + 1, to, srv_policy(to));
	pu_index_decref(idx);
	if (rc < 0)
		return srv_fail(r, rc);
	rc = srv_json(r, 200,
		      pu_homologation_to_json(h, ex && strcmp(ex, "0") != 0));
	pu_homologation_free(h);
	return rc;
}

/* The next step for a decision, as a key of the i18n strings. */
static const char *next_step(const pu_homologation *h)
{
	pu_equivalence e = h->ncandidates ? h->candidates[0].equivalence
					  : PU_EQUIV_NONE;

	switch (e) {
	case PU_EQUIV_FULL:
		return h->suggestion ? "next.full" : "next.full_agreement";
	case PU_EQUIV_PARTIAL:
		return "next.partial";
	default:
		return "next.none";
	}
}

/* One answer: the source standard, its homologation and the next step. */
static json_t *answer(srv_req *r, const pu_index *idx, const char *from,
		      const char *code, double score, const char *to,
		      const char *lang)
{
	pu_homologation *h = NULL;
	json_t *o, *hj;
	const char *step;

	if (pu_homologate(&h, idx, from, code, to, srv_policy(to)) < 0) {
		pu_error_clear();
		return NULL;
	}
	(void)r;
	hj = pu_homologation_to_json(h, false);
	step = next_step(h);
	o = json_pack("{s:{s:s, s:s, s:O, s:f}, s:o, s:s, s:s}", "source",
		      "country", from, "code", code, "title",
		      json_object_get(json_object_get(hj, "source"), "title"),
		      "score", score, "homologation", hj, "next_step", step,
		      "next_step_text", srv_t(lang, step));
	pu_homologation_free(h);
	return o;
}

int api_guide(srv_req *r)
{
	const char *from = srv_query(r, "from"), *to = srv_query(r, "to");
	const char *q = srv_query(r, "q"), *lang = srv_query(r, "lang");
	pu_rank_hit hits[GUIDE_ANSWERS];
	pu_index_options opt = PU_INDEX_OPTIONS_INIT;
	pu_standard *s = NULL;
	json_t *answers;
	size_t n = 0;
	pu_index *idx;
	char code[64];
	int rc;

	if (!is_country(from) || !is_country(to) || q == NULL || q[0] == '\0')
		return srv_error(r, 400, "invalid",
				 "parameters from=CC, to=CC and q (a trade or "
				 "a certificate code) are needed");
	if (strlen(q) > GUIDE_MAX_QUERY)
		return srv_error(r, 400, "limit", "q is over %d bytes",
				 GUIDE_MAX_QUERY);
	if (lang == NULL || strlen(lang) > 8)
		lang = srv_lang(r);
	if ((idx = index_or_reply(r)) == NULL)
		return r->status;
	answers = json_array();
	/* A certificate code of the origin country answers directly. */
	snprintf(code, sizeof(code), "%s", q);
	for (char *c = code; *c; c++)
		*c = (char)toupper((unsigned char)*c);
	if (srv_store() != NULL &&
	    pu_store_get_standard(srv_store(), from, code, &s) == 0) {
		json_t *a = answer(r, idx, from, s->code, 1.0, to, lang);

		if (a != NULL)
			json_array_append_new(answers, a);
		pu_standard_free(s);
	} else {
		pu_error_clear();
		opt.translator = srv_translator();
		opt.cache = srv_store();
		rc = pu_rank_text(idx, q, lang, from, GUIDE_ANSWERS, hits, &n,
				  &opt);
		if (rc < 0 && rc != PU_ENOTFOUND) {
			json_decref(answers);
			pu_index_decref(idx);
			return srv_fail(r, rc);
		}
		pu_error_clear();
		for (size_t i = 0; i < n; i++) {
			json_t *a;

			/* Far weaker than the best is noise, not an answer. */
			if (hits[i].score <= 0.0 ||
			    hits[i].score < GUIDE_WEAK * hits[0].score)
				continue;
			a = answer(r, idx, hits[i].country, hits[i].code,
				   hits[i].score, to, lang);
			if (a != NULL)
				json_array_append_new(answers, a);
		}
	}
	pu_index_decref(idx);
	return srv_json(r, 200,
			json_pack("{s:s, s:s, s:s, s:s, s:o, s:s}", "from", from,
				  "to", to, "query", q, "lang", lang, "answers",
				  answers, "note",
				  srv_t(lang, json_array_size(answers)
						      ? "guide.note"
						      : "next.nomatch")));
}
