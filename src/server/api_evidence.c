/*
 * The evidence of a recognition case over HTTP: testimonies and structured
 * interview records (JSON), files sent as the request body (up to
 * PU_EVIDENCE_MAX_BYTES; their type sniffed and checked by the library,
 * stored by SHA-256 under the evidence directory), and a file served back
 * to those who may read the case.
 */
#include "api_rpl.h"

#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>

#include "puente/error.h"
#include "puente/rpl.h"
#include "puente/store.h"

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

	if ((body = api_begin(r, &status)) == NULL)
		return status;
	kind = api_str(body, "kind", &bad);
	title = api_str(body, "title", &bad);
	unit = api_str(body, "unit", &bad);
	rec = json_object_get(body, "body");
	k = kind && strcmp(kind, "interview") == 0 ? PU_EVIDENCE_INTERVIEW
						   : PU_EVIDENCE_TESTIMONY;
	if (k == PU_EVIDENCE_INTERVIEW && json_is_object(rec))
		text = dumped = json_dumps(rec, JSON_COMPACT);
	else if (k == PU_EVIDENCE_TESTIMONY)
		text = json_string_value(rec);
	if (bad || kind == NULL ||
	    (strcmp(kind, "testimony") != 0 &&
	     strcmp(kind, "interview") != 0) ||
	    text == NULL) {
		json_decref(body);
		free(dumped);
		return srv_error(
		    r, 400, "invalid",
		    "expected {\"kind\": \"testimony\", \"title\": "
		    "WITNESS, \"body\": TEXT} or {\"kind\": "
		    "\"interview\", \"title\": INTERVIEWER, "
		    "\"body\": {...}}[, \"unit\"]");
	}
	rc = pu_case_evidence_text(srv_store(), &r->actor, r->path.seg[3], k,
				   title, text, unit);
	json_decref(body);
	free(dumped);
	return rc < 0 ? srv_fail(r, rc)
		      : api_reply_case(r, r->path.seg[3], 201);
}

/* Where evidence files live: $PUENTE_EVIDENCE, else evidence/ beside a
 * SQLite database (as the CLI), else var/evidence. */
void api_evidence_dir(char *out, size_t n)
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
		return srv_error(r, 400, "invalid",
				 "the body (the file) is "
				 "empty");
	/* "text/plain; charset=utf-8" -> "text/plain" */
	snprintf(media, sizeof(media), "%s", type ? type : "");
	media[strcspn(media, "; ")] = '\0';
	api_evidence_dir(dir, sizeof(dir));
	rc = pu_case_evidence_file(
	    srv_store(), &r->actor, r->path.seg[3], dir, r->body.ptr,
	    r->body.len,
	    media[0] && strcmp(media, "application/octet-stream") ? media
								  : NULL,
	    srv_query(r, "title"), srv_query(r, "unit"), sha);
	if (rc < 0)
		return srv_fail(r, rc);
	return srv_json(r, 201,
			json_pack("{s:s, s:s, s:I}", "case", r->path.seg[3],
				  "sha256", sha, "size",
				  (json_int_t)r->body.len));
}

/* A file of the case's evidence, to those who may read the case. */
int api_case_evidence_get(srv_req *r)
{
	static const char *const types[] = {
	    "application/pdf", "image/jpeg",
	    "image/png",       "image/webp",
	    "audio/ogg",       "audio/mpeg",
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
	api_evidence_dir(dir, sizeof(dir));
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
