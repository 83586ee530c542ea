/*
 * Candidates of recognition cases over HTTP: recording the minimum a
 * centre needs (a name as the person gives it, a year of birth, languages,
 * a contact if they want one, the identity documents seen, consent) and
 * erasing it. No field holds a migratory status; the library computes the
 * identity assurance level and checks the centre's scope.
 */
#include "api_rpl.h"

#include <sodium.h>

#include "puente/error.h"
#include "puente/rpl.h"
#include "puente/store.h"

/* Fills a candidate from a JSON object at the actor's centre; false (with
 * the reply made) when a field is of the wrong type or too long. */
bool api_candidate_from(srv_req *r, const json_t *o, pu_rpl_candidate *c)
{
	const json_t *docs = json_object_get(o, "documents");
	const json_t *year = json_object_get(o, "birth_year");
	bool bad = false;

	memset(c, 0, sizeof(*c));
	api_fit(c->country, sizeof(c->country), r->actor.country);
	api_fit(c->centre, sizeof(c->centre), r->actor.centre);
	if (!api_fit(c->name, sizeof(c->name), api_str(o, "name", &bad)) ||
	    !api_fit(c->languages, sizeof(c->languages),
		     api_str(o, "languages", &bad)) ||
	    !api_fit(c->contact, sizeof(c->contact),
		     api_str(o, "contact", &bad)) ||
	    !api_fit(c->consent, sizeof(c->consent),
		     api_str(o, "consent", &bad)) ||
	    bad || (year != NULL && !json_is_integer(year)) ||
	    (docs != NULL && (!json_is_array(docs) ||
			      json_array_size(docs) > PU_RPL_MAX_DOCS))) {
		srv_error(r, 400, "invalid",
			  "candidate: name (up to 255 bytes), consent "
			  "(\"rpl[,contact,statistics,share]\"), birth_year "
			  "(integer), languages, contact, documents (at most "
			  "%d of {\"kind\", \"country\"})",
			  PU_RPL_MAX_DOCS);
		return false;
	}
	if (year != NULL) {
		json_int_t y = json_integer_value(year);

		c->birth_year = y < 0 || y > 9999 ? -1 : (int)y;
	}
	for (size_t i = 0; docs && i < json_array_size(docs); i++) {
		const json_t *d = json_array_get(docs, i);
		const char *kind = api_str(d, "kind", &bad);

		if (!json_is_object(d) || kind == NULL ||
		    pu_id_doc_parse(kind, &c->docs[i].kind) < 0 ||
		    !api_fit(c->docs[i].country, sizeof(c->docs[i].country),
			     api_str(d, "country", &bad)) ||
		    bad) {
			pu_error_clear();
			srv_error(r, 400, "invalid",
				  "documents[%zu]: {\"kind\": \"none|passport|"
				  "national_id|consular_id|migrant_permit|"
				  "refugee_document|camp_registration|other\", "
				  "\"country\": \"CC\"}",
				  i);
			return false;
		}
		c->ndocs++;
	}
	return true;
}

int api_candidate_add(srv_req *r)
{
	pu_rpl_candidate c;
	json_t *body;
	int status, rc;

	if ((body = api_begin(r, &status)) == NULL)
		return status;
	if (!api_candidate_from(r, body, &c)) {
		json_decref(body);
		return r->status;
	}
	json_decref(body);
	rc = pu_rpl_candidate_add(srv_store(), &r->actor, &c);
	if (rc == 0)
		rc = srv_json(r, 201,
			      json_pack("{s:s, s:s}", "candidate", c.id,
					"assurance",
					pu_assurance_name(c.assurance)));
	else
		rc = srv_fail(r, rc);
	sodium_memzero(&c, sizeof(c));
	return rc;
}

int api_candidate_erase(srv_req *r)
{
	char dir[4096];
	int rc = srv_authenticate(r);

	if (rc != 0)
		return rc;
	api_evidence_dir(dir, sizeof(dir));
	if ((rc = pu_rpl_candidate_erase(srv_store(), &r->actor, r->path.seg[3],
					 dir)) < 0)
		return srv_fail(r, rc);
	return srv_json(r, 200,
			json_pack("{s:s, s:b}", "candidate", r->path.seg[3],
				  "erased", true));
}

/* GET /api/v1/candidates/{id}: the person's data, to the staff and
 * assessors of the centre that recorded them (the library decides). */
int api_candidate_get(srv_req *r)
{
	json_t *docs, *o;
	pu_rpl_candidate c;
	int rc = srv_authenticate(r);

	if (rc != 0)
		return rc;
	if ((rc = pu_rpl_candidate_get(srv_store(), &r->actor, r->path.seg[3],
				       &c)) < 0)
		return srv_fail(r, rc);
	docs = json_array();
	for (size_t i = 0; i < c.ndocs; i++)
		json_array_append_new(docs,
				      json_pack("{s:s, s:s}", "kind",
						pu_id_doc_name(c.docs[i].kind),
						"country", c.docs[i].country));
	o = json_pack(
	    "{s:s, s:s, s:s, s:s, s:i, s:s, s:s, s:o, s:s, s:s, s:I, "
	    "s:b}",
	    "candidate", c.id, "country", c.country, "centre", c.centre, "name",
	    c.name, "birth_year", c.birth_year, "languages", c.languages,
	    "contact", c.contact, "documents", docs, "assurance",
	    pu_assurance_name(c.assurance), "consent", c.consent, "created_at",
	    (json_int_t)c.created_at, "erased", c.erased_at != 0);
	sodium_memzero(&c, sizeof(c));
	return srv_json(r, 200, o);
}
