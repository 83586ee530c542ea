/*
 * Imports over HTTP: an authority sends a file (Puente JSON, JSON Lines, CSV,
 * RENEC or ESCO, as `puente import` reads them); the library checks every
 * record against the actor's scope before writing anything, imports in one
 * transaction and audits it.
 */
#include "server.h"

#include <string.h>

#include "puente/auth.h"
#include "puente/error.h"
#include "puente/store.h"
#include "puente/io.h"
#include "puente/view.h"

/* A file name for messages and format detection: a base name of safe
 * characters. */
static bool good_name(const char *s)
{
	size_t n = s ? strlen(s) : 0;

	if (n == 0 || n > 128 || s[0] == '.')
		return false;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		      (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-'))
			return false;
	}
	return true;
}

int api_imports(srv_req *r)
{
	pu_import_options opt = PU_IMPORT_OPTIONS_INIT;
	const char *name = srv_query(r, "name"), *fmt = srv_query(r, "format");
	pu_import_result res;
	int rc = srv_authenticate(r);

	if (rc != 0)
		return rc;
	if (!good_name(name))
		return srv_error(r, 400, "invalid",
				 "name=FILE is needed: the file's name, whose "
				 "extension (.json, .jsonl, .csv) tells its "
				 "format");
	if (r->body.len == 0)
		return srv_error(r, 400, "invalid", "the body (the file) is empty");
	if (fmt != NULL) {
		static const struct {
			const char *name;
			pu_format f;
		} formats[] = {{"puente-json", PU_FORMAT_JSON},
			       {"jsonl", PU_FORMAT_JSONL},
			       {"csv", PU_FORMAT_CSV},
			       {"conocer", PU_FORMAT_CONOCER},
			       {"esco", PU_FORMAT_ESCO}};
		size_t i = 0;

		while (i < sizeof(formats) / sizeof(formats[0]) &&
		       strcmp(fmt, formats[i].name) != 0)
			i++;
		if (i == sizeof(formats) / sizeof(formats[0]))
			return srv_error(r, 400, "invalid",
					 "unknown format \"%s\"", fmt);
		opt.format = formats[i].f;
	}
	opt.lang = srv_query(r, "lang");
	opt.actor = &r->actor;
	rc = pu_io_import_buffer(srv_store(), r->body.ptr, r->body.len, name,
				 &opt, &res);
	if (rc < 0)
		return srv_fail(r, rc);
	srv_index_poke();
	return srv_json(r, 200, pu_view_import(name, &res));
}
