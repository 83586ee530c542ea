/*
 * Recognition cases over HTTP, for centre staff and assessors (docs/design.md,
 * "Recognition cases"): candidates, opening a case, its steps from the
 * self-assessment to the certificate, and the candidate's own view with the
 * case code and PIN (no account). Every handler parses a bounded body, makes
 * one library call and serialises: scope, accreditation, the order of the
 * steps and the PIN's rate limit are all decided in src/lib/rpl, so a step
 * out of order is the library's 409 and a refusal its 403. Nothing here is
 * cached, and no reply names a candidate.
 */
#include "server.h"

#include <libgen.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "puente/error.h"
#include "puente/rpl.h"
#include "puente/store.h"

#define MAX_UNITS 128

/* A string member of o, or NULL when absent; *bad set when of another
 * type. */
static const char *str(const json_t *o, const char *key, bool *bad)
{
	const json_t *v = json_object_get(o, key);

	if (v == NULL || json_is_null(v))
		return NULL;
	if (!json_is_string(v)) {
		*bad = true;
		return NULL;
	}
	return json_string_value(v);
}

/* An array of at most max strings into v (borrowed from o); false when the
 * member is not one. Absent: *n = 0. */
static bool strings(const json_t *o, const char *key, const char **v,
		    size_t max, size_t *n)
{
	const json_t *a = json_object_get(o, key);

	*n = 0;
	if (a == NULL || json_is_null(a))
		return true;
	if (!json_is_array(a) || json_array_size(a) > max)
		return false;
	for (size_t i = 0; i < json_array_size(a); i++) {
		v[i] = json_string_value(json_array_get(a, i));
		if (v[i] == NULL)
			return false;
	}
	*n = json_array_size(a);
	return true;
}

/* Copies s into dst[n]; false when it does not fit. */
static bool fit(char *dst, size_t n, const char *s)
{
	size_t len = s ? strlen(s) : 0;

	if (len >= n)
		return false;
	memcpy(dst, s ? s : "", len);
	dst[len] = '\0';
	return true;
}

/* Signs in and parses the JSON body: the body, or NULL with the reply made
 * (its status in *status). */
static json_t *begin(srv_req *r, int *status)
{
	int rc = srv_authenticate(r);

	if (rc != 0) {
		*status = rc;
		return NULL;
	}
	if (r->body.len == 0)
		return json_object();
	return srv_body_json(r, status);
}

/* The JSON of a case as `puente case show --json` prints it. */
static json_t *case_json(const pu_case *c)
{
	json_t *units = json_array(), *events = json_array(),
	       *fees = json_array(), *ev = json_array(), *dur = json_object();
	int64_t spent[PU_CASE_NSTATES];

	for (size_t i = 0; i < c->nunits; i++) {
		const pu_case_unit *u = &c->units[i];

		json_array_append_new(
		    units,
		    json_pack("{s:s, s:b, s:b, s:b, s:s, s:s, s:i, s:s, s:s, "
			      "s:s, s:s, s:I, s:i}",
			      "code", u->code, "credited", u->credited,
			      "planned", u->planned, "self_assessed",
			      u->self_assessed, "can_do", u->self_can_do,
			      "where", u->self_where, "months", u->self_months,
			      "verdict", pu_verdict_name(u->verdict), "method",
			      pu_method_name(u->method), "assessor",
			      u->assessor, "notes", u->notes, "assessed_at",
			      (json_int_t)u->assessed_at, "round", u->round));
	}
	for (size_t i = 0; i < c->nevents; i++)
		json_array_append_new(
		    events,
		    json_pack("{s:I, s:s, s:s, s:s, s:s}", "at",
			      (json_int_t)c->events[i].at, "from",
			      pu_case_state_name(c->events[i].from), "to",
			      pu_case_state_name(c->events[i].to), "actor",
			      c->events[i].actor, "note", c->events[i].note));
	for (size_t i = 0; i < c->nfees; i++)
		json_array_append_new(
		    fees, json_pack("{s:s, s:I, s:s, s:s}", "step",
				    c->fees[i].step, "amount",
				    (json_int_t)c->fees[i].amount, "currency",
				    c->fees[i].currency, "status",
				    pu_fee_status_name(c->fees[i].status)));
	for (size_t i = 0; i < c->nevidence; i++) {
		const pu_case_evidence *e = &c->evidence[i];

		json_array_append_new(
		    ev, json_pack("{s:s, s:s, s:s, s:s, s:I, s:s}", "kind",
				  pu_evidence_kind_name(e->kind), "unit",
				  e->unit, "sha256", e->sha256, "media_type",
				  e->media_type, "size", (json_int_t)e->size,
				  "title", e->title));
	}
	pu_case_durations(c, pu_auth_now(), spent);
	for (int i = 0; i < PU_CASE_NSTATES; i++)
		if (spent[i] > 0)
			json_object_set_new(dur,
					    pu_case_state_name((pu_case_state)i),
					    json_integer(spent[i]));
	return json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, "
			 "s:s, s:b, s:I, s:I, s:o, s:o, s:o, s:o, s:o}",
			 "code", c->code, "country", c->country, "centre",
			 c->centre, "body", c->body, "std_country",
			 c->std_country, "standard", c->std_code, "candidate",
			 c->candidate, "state", pu_case_state_name(c->state),
			 "outcome", pu_outcome_name(c->outcome), "credential",
			 c->credential, "reason", c->reason, "appealed",
			 c->appealed, "opened_at", (json_int_t)c->opened_at,
			 "state_at", (json_int_t)c->state_at, "units", units,
			 "evidence", ev, "fees", fees, "events", events,
			 "seconds_in_state", dur);
}

/* Replies with the case as it now is (after a step). */
static int reply_case(srv_req *r, const char *code, int status)
{
	pu_case *c = NULL;
	int rc = pu_case_get(srv_store(), &r->actor, code, &c);

	if (rc < 0)
		return srv_fail(r, rc);
	rc = srv_json(r, status, case_json(c));
	pu_case_free(c);
	return rc;
}

/* Fills a candidate from a JSON object at the actor's centre; false (with
 * the reply made) when a field is of the wrong type or too long. */
static bool candidate_from(srv_req *r, const json_t *o, pu_rpl_candidate *c)
{
	const json_t *docs = json_object_get(o, "documents");
	const json_t *year = json_object_get(o, "birth_year");
	bool bad = false;

	memset(c, 0, sizeof(*c));
	fit(c->country, sizeof(c->country), r->actor.country);
	fit(c->centre, sizeof(c->centre), r->actor.centre);
	if (!fit(c->name, sizeof(c->name), str(o, "name", &bad)) ||
	    !fit(c->languages, sizeof(c->languages),
		 str(o, "languages", &bad)) ||
	    !fit(c->contact, sizeof(c->contact), str(o, "contact", &bad)) ||
	    !fit(c->consent, sizeof(c->consent), str(o, "consent", &bad)) ||
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
		const char *kind = str(d, "kind", &bad);

		if (!json_is_object(d) || kind == NULL ||
		    pu_id_doc_parse(kind, &c->docs[i].kind) < 0 ||
		    !fit(c->docs[i].country, sizeof(c->docs[i].country),
			 str(d, "country", &bad)) ||
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

	if ((body = begin(r, &status)) == NULL)
		return status;
	if (!candidate_from(r, body, &c)) {
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

int api_cases_list(srv_req *r)
{
	const char *state = srv_query(r, "state");
	pu_case_row *v = NULL;
	json_t *arr;
	size_t n = 0;
	int want = -1, rc = srv_authenticate(r);

	if (rc != 0)
		return rc;
	for (int i = 0; state != NULL && i < PU_CASE_NSTATES; i++)
		if (strcmp(state, pu_case_state_name((pu_case_state)i)) == 0)
			want = i;
	if (state != NULL && want < 0)
		return srv_error(r, 400, "invalid",
				 "state: intake, portfolio, assessment, "
				 "decided, appeal, certified, closed, "
				 "withdrawn or abandoned");
	if ((rc = pu_case_list(srv_store(), &r->actor, want, &v, &n)) < 0)
		return srv_fail(r, rc);
	arr = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(
		    arr,
		    json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:I, s:I}",
			      "code", v[i].code, "country", v[i].country,
			      "centre", v[i].centre, "std_country",
			      v[i].std_country, "standard", v[i].std_code,
			      "state", pu_case_state_name(v[i].state),
			      "outcome", pu_outcome_name(v[i].outcome),
			      "opened_at", (json_int_t)v[i].opened_at,
			      "state_at", (json_int_t)v[i].state_at));
	free(v);
	return srv_json(r, 200, json_pack("{s:o}", "cases", arr));
}

/* POST /api/v1/cases: {"standard": "CC/CODE", "candidate": "P-..." or
 * "person": {...}, "body"}. A new person is recorded first (its own
 * transaction: a refused case leaves a candidate the centre can reuse). */
int api_case_open(srv_req *r)
{
	pu_case_open_options o = PU_CASE_OPEN_INIT;
	char code[PU_CASE_CODE_SIZE], pin[PU_CASE_PIN_SIZE] = "", country[17];
	const char *standard, *slash;
	const json_t *person;
	pu_rpl_candidate c;
	bool bad = false;
	json_t *body;
	int status, rc;

	if ((body = begin(r, &status)) == NULL)
		return status;
	standard = str(body, "standard", &bad);
	o.candidate = str(body, "candidate", &bad);
	o.body = str(body, "body", &bad);
	person = json_object_get(body, "person");
	slash = standard ? strchr(standard, '/') : NULL;
	if (bad || slash == NULL || slash == standard || slash[1] == '\0' ||
	    (size_t)(slash - standard) >= sizeof(country) ||
	    (o.candidate == NULL) == (person == NULL) ||
	    (person != NULL && !json_is_object(person))) {
		json_decref(body);
		return srv_error(r, 400, "invalid",
				 "expected {\"standard\": \"CC/CODE\", and "
				 "\"candidate\": \"P-...\" or \"person\": "
				 "{...}[, \"body\": \"ORG\"]}");
	}
	memcpy(country, standard, (size_t)(slash - standard));
	country[slash - standard] = '\0';
	memset(&c, 0, sizeof(c));
	if (person != NULL) {
		if (!candidate_from(r, person, &c)) {
			json_decref(body);
			return r->status;
		}
		if ((rc = pu_rpl_candidate_add(srv_store(), &r->actor, &c)) <
		    0) {
			json_decref(body);
			sodium_memzero(&c, sizeof(c));
			return srv_fail(r, rc);
		}
		o.candidate = c.id;
	}
	o.std_country = country;
	o.std_code = slash + 1;
	rc = pu_case_open(srv_store(), &r->actor, &o, code, pin);
	if (rc == 0)
		rc = srv_json(r, 201,
			      json_pack("{s:s, s:s, s:s}", "case", code, "pin",
					pin, "candidate", o.candidate));
	else
		rc = srv_fail(r, rc);
	json_decref(body);
	sodium_memzero(pin, sizeof(pin));
	sodium_memzero(&c, sizeof(c));
	return rc;
}

int api_case_get(srv_req *r)
{
	int rc = srv_authenticate(r);

	if (rc != 0)
		return rc;
	return reply_case(r, r->path.seg[3], 200);
}

int api_case_self_assess(srv_req *r)
{
	const char *unit, *can_do, *where;
	const json_t *months;
	bool bad = false;
	json_t *body;
	int status, rc;

	if ((body = begin(r, &status)) == NULL)
		return status;
	unit = str(body, "unit", &bad);
	can_do = str(body, "can_do", &bad);
	where = str(body, "where", &bad);
	months = json_object_get(body, "months");
	if (bad || unit == NULL || can_do == NULL ||
	    (months != NULL && !json_is_integer(months)) ||
	    json_integer_value(months) < 0 ||
	    json_integer_value(months) > 1200) {
		json_decref(body);
		return srv_error(r, 400, "invalid",
				 "expected {\"unit\": \"U1\", \"can_do\": "
				 "\"...\"[, \"where\": \"...\", \"months\": "
				 "0 to 1200]}");
	}
	rc = pu_case_self_assess(srv_store(), &r->actor, r->path.seg[3], unit,
				 can_do, where,
				 (int)json_integer_value(months));
	json_decref(body);
	return rc < 0 ? srv_fail(r, rc) : reply_case(r, r->path.seg[3], 200);
}

/* A testimony or an interview record. */
int api_case_evidence(srv_req *r)
{
	const char *kind, *title, *unit, *text = NULL;
	const json_t *rec;
	pu_evidence_kind k;
	char *dumped = NULL;
	bool bad = false;
	json_t *body;
	int status, rc;

	if ((body = begin(r, &status)) == NULL)
		return status;
	kind = str(body, "kind", &bad);
	title = str(body, "title", &bad);
	unit = str(body, "unit", &bad);
	rec = json_object_get(body, "body");
	k = kind && strcmp(kind, "interview") == 0 ? PU_EVIDENCE_INTERVIEW
						   : PU_EVIDENCE_TESTIMONY;
	if (k == PU_EVIDENCE_INTERVIEW && json_is_object(rec))
		text = dumped = json_dumps(rec, JSON_COMPACT);
	else if (k == PU_EVIDENCE_TESTIMONY)
		text = json_string_value(rec);
	if (bad || kind == NULL ||
	    (strcmp(kind, "testimony") != 0 && strcmp(kind, "interview") != 0) ||
	    text == NULL) {
		json_decref(body);
		free(dumped);
		return srv_error(r, 400, "invalid",
				 "expected {\"kind\": \"testimony\", \"title\": "
				 "WITNESS, \"body\": TEXT} or {\"kind\": "
				 "\"interview\", \"title\": INTERVIEWER, "
				 "\"body\": {...}}[, \"unit\"]");
	}
	rc = pu_case_evidence_text(srv_store(), &r->actor, r->path.seg[3], k,
				   title, text, unit);
	json_decref(body);
	free(dumped);
	return rc < 0 ? srv_fail(r, rc) : reply_case(r, r->path.seg[3], 201);
}

/* Where evidence files live: $PUENTE_EVIDENCE, else evidence/ beside a
 * SQLite database (as the CLI), else var/evidence. */
static void evidence_dir(char *out, size_t n)
{
	const char *env = getenv("PUENTE_EVIDENCE"), *db = srv_opts()->db;
	char copy[4096];

	if (env != NULL && env[0] != '\0') {
		snprintf(out, n, "%s", env);
		return;
	}
	if (db == NULL || db[0] == '\0' || strstr(db, "://") != NULL) {
		snprintf(out, n, "var/evidence");
		return;
	}
	if (strncmp(db, "sqlite:", 7) == 0)
		db += 7;
	snprintf(copy, sizeof(copy), "%s", db);
	snprintf(out, n, "%s/evidence", dirname(copy));
}

/* The file itself as the body; ?title=NAME&unit=U1; Content-Type is the
 * declared type, which must agree with what the bytes are. */
int api_case_evidence_file(srv_req *r)
{
	const char *type = srv_header(r, "Content-Type");
	char dir[4096], sha[65], media[128];
	int rc = srv_authenticate(r);

	if (rc != 0)
		return rc;
	if (r->body.len == 0)
		return srv_error(r, 400, "invalid", "the body (the file) is "
						    "empty");
	/* "text/plain; charset=utf-8" -> "text/plain" */
	snprintf(media, sizeof(media), "%s", type ? type : "");
	media[strcspn(media, "; ")] = '\0';
	evidence_dir(dir, sizeof(dir));
	rc = pu_case_evidence_file(srv_store(), &r->actor, r->path.seg[3], dir,
				   r->body.ptr, r->body.len,
				   media[0] && strcmp(media,
						      "application/octet-stream")
				       ? media
				       : NULL,
				   srv_query(r, "title"), srv_query(r, "unit"),
				   sha);
	if (rc < 0)
		return srv_fail(r, rc);
	return srv_json(r, 201, json_pack("{s:s, s:s, s:I}", "case",
					  r->path.seg[3], "sha256", sha, "size",
					  (json_int_t)r->body.len));
}

/* A file of the case's evidence, to those who may read the case. */
int api_case_evidence_get(srv_req *r)
{
	static const char *const types[] = {
	    "application/pdf", "image/jpeg", "image/png",
	    "image/webp",      "audio/ogg",  "audio/mpeg",
	    "video/mp4",       "text/plain; charset=utf-8"};
	const char *sha = r->path.seg[5], *type;
	char dir[4096], path[4400];
	const pu_case_evidence *e = NULL;
	pu_case *c = NULL;
	char *data = NULL;
	long len = -1;
	FILE *f;
	int rc = srv_authenticate(r);

	if (rc != 0)
		return rc;
	if ((rc = pu_case_get(srv_store(), &r->actor, r->path.seg[3], &c)) < 0)
		return srv_fail(r, rc);
	for (size_t i = 0; i < c->nevidence && e == NULL; i++)
		if (c->evidence[i].kind == PU_EVIDENCE_FILE &&
		    strcmp(c->evidence[i].sha256, sha) == 0)
			e = &c->evidence[i];
	evidence_dir(dir, sizeof(dir));
	if (e == NULL ||
	    pu_rpl_evidence_path(dir, sha, path, sizeof(path)) < 0) {
		pu_case_free(c);
		pu_error_clear();
		return srv_error(r, 404, "not_found",
				 "case %s has no file %.64s", r->path.seg[3],
				 sha);
	}
	f = fopen(path, "rb");
	if (f != NULL && fseek(f, 0, SEEK_END) == 0)
		len = ftell(f);
	if (f != NULL && len >= 0 && len <= (long)PU_EVIDENCE_MAX_BYTES &&
	    fseek(f, 0, SEEK_SET) == 0 && (data = malloc((size_t)len + 1)) &&
	    fread(data, 1, (size_t)len, f) != (size_t)len) {
		free(data);
		data = NULL;
	}
	if (f != NULL)
		fclose(f);
	if (data == NULL) {
		pu_case_free(c);
		return srv_error(r, 404, "not_found",
				 "the file of this evidence is not on the "
				 "server (erased?)");
	}
	/* The type sniffed when it was stored, as a static string (the reply
	 * outlives the case); nosniff and the CSP guard the portal. */
	type = "application/octet-stream";
	for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++)
		if (strncmp(e->media_type, types[i], strcspn(types[i], ";")) ==
			0 &&
		    e->media_type[strcspn(types[i], ";")] == '\0')
			type = types[i];
	pu_case_free(c);
	return srv_bytes(r, 200, type, data, (size_t)len);
}

int api_case_plan(srv_req *r)
{
	const char *units[MAX_UNITS];
	size_t n = 0;
	json_t *body;
	int status, rc;

	if ((body = begin(r, &status)) == NULL)
		return status;
	if (!strings(body, "units", units, MAX_UNITS, &n)) {
		json_decref(body);
		return srv_error(r, 400, "invalid",
				 "expected {\"units\": [\"U1\", ...]} (absent: "
				 "every unit not credited)");
	}
	rc = pu_case_plan(srv_store(), &r->actor, r->path.seg[3],
			  n ? units : NULL, n);
	json_decref(body);
	return rc < 0 ? srv_fail(r, rc) : reply_case(r, r->path.seg[3], 200);
}

int api_case_assess(srv_req *r)
{
	const char *unit, *method, *verdict, *notes;
	bool bad = false;
	pu_method m;
	pu_verdict v;
	json_t *body;
	int status, rc;

	if ((body = begin(r, &status)) == NULL)
		return status;
	unit = str(body, "unit", &bad);
	method = str(body, "method", &bad);
	verdict = str(body, "verdict", &bad);
	notes = str(body, "notes", &bad);
	if (bad || unit == NULL || method == NULL || verdict == NULL ||
	    pu_method_parse(method, &m) < 0 ||
	    pu_verdict_parse(verdict, &v) < 0) {
		json_decref(body);
		pu_error_clear();
		return srv_error(r, 400, "invalid",
				 "expected {\"unit\": \"U1\", \"method\": "
				 "\"observation|interview|test|product|"
				 "testimony\", \"verdict\": \"competent|"
				 "not_yet_competent\"[, \"notes\"]}");
	}
	rc = pu_case_assess(srv_store(), &r->actor, r->path.seg[3], unit, m, v,
			    notes);
	json_decref(body);
	return rc < 0 ? srv_fail(r, rc) : reply_case(r, r->path.seg[3], 200);
}

int api_case_decide(srv_req *r)
{
	pu_outcome out = PU_OUTCOME_NONE;
	int rc = srv_authenticate(r);

	if (rc != 0)
		return rc;
	if ((rc = pu_case_decide(srv_store(), &r->actor, r->path.seg[3],
				 &out)) < 0)
		return srv_fail(r, rc);
	return srv_json(r, 200,
			json_pack("{s:s, s:s, s:s}", "case", r->path.seg[3],
				  "state", "decided", "outcome",
				  pu_outcome_name(out)));
}

int api_case_appeal(srv_req *r)
{
	const char *units[MAX_UNITS], *assessor, *reason;
	bool bad = false;
	size_t n = 0;
	json_t *body;
	int status, rc;

	if ((body = begin(r, &status)) == NULL)
		return status;
	assessor = str(body, "assessor", &bad);
	reason = str(body, "reason", &bad);
	if (bad || !strings(body, "units", units, MAX_UNITS, &n)) {
		json_decref(body);
		return srv_error(r, 400, "invalid",
				 "expected {\"assessor\": ACCOUNT, \"reason\": "
				 "TEXT[, \"units\": [...]]}");
	}
	rc = pu_case_appeal(srv_store(), &r->actor, r->path.seg[3], assessor,
			    n ? units : NULL, n, reason);
	json_decref(body);
	return rc < 0 ? srv_fail(r, rc) : reply_case(r, r->path.seg[3], 200);
}

/* Records the id of the credential issued for the case. */
int api_case_certificate(srv_req *r)
{
	const char *cred;
	bool bad = false;
	json_t *body;
	int status, rc;

	if ((body = begin(r, &status)) == NULL)
		return status;
	cred = str(body, "credential", &bad);
	if (bad || cred == NULL) {
		json_decref(body);
		return srv_error(r, 400, "invalid",
				 "expected {\"credential\": ID}");
	}
	rc = pu_case_certificate(srv_store(), &r->actor, r->path.seg[3], cred);
	json_decref(body);
	if (rc < 0)
		return srv_fail(r, rc);
	return srv_json(r, 200,
			json_pack("{s:s, s:s}", "case", r->path.seg[3], "state",
				  "certified"));
}

int api_case_close(srv_req *r)
{
	int rc = srv_authenticate(r);

	if (rc != 0)
		return rc;
	if ((rc = pu_case_close(srv_store(), &r->actor, r->path.seg[3])) < 0)
		return srv_fail(r, rc);
	return srv_json(r, 200, json_pack("{s:s, s:s}", "case", r->path.seg[3],
					  "state", "closed"));
}

/* {"reason": TEXT[, "by": "candidate|centre"]}: withdrawn by the candidate
 * (the default) or abandoned by the centre. */
int api_case_withdraw(srv_req *r)
{
	const char *reason, *by;
	bool bad = false, withdrawn;
	json_t *body;
	int status, rc;

	if ((body = begin(r, &status)) == NULL)
		return status;
	reason = str(body, "reason", &bad);
	by = str(body, "by", &bad);
	withdrawn = by == NULL || strcmp(by, "candidate") == 0;
	if (bad || (by != NULL && !withdrawn && strcmp(by, "centre") != 0)) {
		json_decref(body);
		return srv_error(r, 400, "invalid",
				 "expected {\"reason\": TEXT[, \"by\": "
				 "\"candidate|centre\"]}");
	}
	rc = pu_case_withdraw(srv_store(), &r->actor, r->path.seg[3],
			      withdrawn, reason);
	json_decref(body);
	if (rc < 0)
		return srv_fail(r, rc);
	return srv_json(r, 200,
			json_pack("{s:s, s:s}", "case", r->path.seg[3], "state",
				  withdrawn ? "withdrawn" : "abandoned"));
}

int api_case_fee(srv_req *r)
{
	const char *step, *currency, *st, *reason;
	const json_t *amount;
	pu_fee_status fs = PU_FEE_DUE;
	bool bad = false;
	json_t *body;
	int status, rc;

	if ((body = begin(r, &status)) == NULL)
		return status;
	step = str(body, "step", &bad);
	currency = str(body, "currency", &bad);
	st = str(body, "status", &bad);
	reason = str(body, "reason", &bad);
	amount = json_object_get(body, "amount");
	if (bad || !json_is_integer(amount) ||
	    (st != NULL && pu_fee_status_parse(st, &fs) < 0)) {
		json_decref(body);
		pu_error_clear();
		return srv_error(r, 400, "invalid",
				 "expected {\"step\": STEP, \"amount\": MINOR "
				 "UNITS, \"currency\": \"CRC\"[, \"status\": "
				 "\"due|paid|waived\", \"reason\"]}");
	}
	rc = pu_case_fee_add(srv_store(), &r->actor, r->path.seg[3], step,
			     (int64_t)json_integer_value(amount), currency, fs,
			     reason);
	json_decref(body);
	return rc < 0 ? srv_fail(r, rc) : reply_case(r, r->path.seg[3], 201);
}

int api_candidate_erase(srv_req *r)
{
	char dir[4096];
	int rc = srv_authenticate(r);

	if (rc != 0)
		return rc;
	evidence_dir(dir, sizeof(dir));
	if ((rc = pu_rpl_candidate_erase(srv_store(), &r->actor,
					 r->path.seg[3], dir)) < 0)
		return srv_fail(r, rc);
	return srv_json(r, 200, json_pack("{s:s, s:b}", "candidate",
					  r->path.seg[3], "erased", true));
}

/* The translation of key in lang with its {name} parameters replaced. */
static json_t *worded(const char *lang, const char *key,
		      const pu_case_summary *s)
{
	const char *p = srv_t(lang, key);
	pu_buf b = PU_BUF_INIT;
	json_t *out;

	while (*p) {
		const char *close = p[0] == '{' ? strchr(p, '}') : NULL;
		size_t i = 0;

		if (close != NULL) {
			for (; i < s->nparams; i++)
				if (strlen(s->params[i].name) ==
					(size_t)(close - p - 1) &&
				    memcmp(s->params[i].name, p + 1,
					   (size_t)(close - p - 1)) == 0)
					break;
		}
		if (close != NULL && i < s->nparams) {
			pu_buf_puts(&b, s->params[i].value);
			p = close + 1;
		} else {
			pu_buf_putc(&b, *p++);
		}
	}
	out = json_string(b.ptr ? b.ptr : "");
	pu_buf_free(&b);
	return out;
}

/* One of the portal's languages. */
static bool portal_lang(const char *l)
{
	static const char *const langs[] = {"es", "en", "fr", "pt", "ht"};

	for (size_t i = 0; l && i < sizeof(langs) / sizeof(langs[0]); i++)
		if (strcmp(l, langs[i]) == 0)
			return true;
	return false;
}

/* The candidate's view: {"pin": "...", "lang": "es"} -> what is next and
 * what it costs. No account; wrong PINs are counted and lock the case's PIN
 * (the library); the PIN travels in the body, never in the address. */
int api_case_follow(srv_req *r)
{
	char pin[PU_CASE_PIN_SIZE + 2];
	const char *lang, *p;
	pu_case_summary s;
	json_t *body, *params;
	bool bad = false;
	int status, rc;

	if ((body = srv_body_json(r, &status)) == NULL)
		return status;
	p = str(body, "pin", &bad);
	lang = str(body, "lang", &bad);
	if (bad || p == NULL) {
		json_decref(body);
		return srv_error(r, 400, "invalid",
				 "expected {\"pin\": \"10 digits\"[, \"lang\": "
				 "\"es|en|fr|pt|ht\"]}");
	}
	snprintf(pin, sizeof(pin), "%s", p);
	if (!portal_lang(lang))
		lang = srv_lang(r);
	rc = pu_case_follow(srv_store(), r->path.seg[3], pin, &s);
	sodium_memzero(pin, sizeof(pin));
	if (rc < 0) {
		json_decref(body);
		return srv_fail(r, rc);
	}
	params = json_object();
	for (size_t i = 0; i < s.nparams; i++)
		json_object_set_new(params, s.params[i].name,
				    json_string(s.params[i].value));
	json_t *o = json_pack(
	    "{s:s, s:s, s:s, s:s, s:s, s:s, s:o, s:o, s:I, s:I, s:I, s:I, "
	    "s:I, s:s, s:I, s:I, s:I, s:s}",
	    "case", s.code, "std_country", s.std_country, "standard",
	    s.std_code, "state", s.state, "outcome", s.outcome, "next", s.next,
	    "params", params, "next_text", worded(lang, s.next, &s), "units",
	    (json_int_t)s.units, "planned", (json_int_t)s.planned, "assessed",
	    (json_int_t)s.assessed, "competent", (json_int_t)s.competent,
	    "credited", (json_int_t)s.credited, "currency", s.currency, "due",
	    (json_int_t)s.due, "paid", (json_int_t)s.paid, "waived",
	    (json_int_t)s.waived, "lang", lang);
	json_decref(body);
	return srv_json(r, 200, o);
}
