/*
 * puente verify: checks a credential (JSON, or the "PU1:..." text of a
 * certificate's QR code) and prints each answer apart: document, signature,
 * issuer trusted (by which list), revocation and suspension, validity dates.
 * Nothing is fetched: trust lists and status lists come from files
 * (--trust, --status; `puente statuslist export` writes the latter) and,
 * unless --offline, from the status lists this database holds. The exit
 * code is the verdict: 0 valid, trusted and not revoked; 1 anything else.
 */
#include "cli_cred.h"

#include <stdlib.h>
#include <string.h>

#include "puente/cred.h"
#include "puente/error.h"
#include "puente/issue.h"
#include "puente/qr.h"
#include "puente/store.h"

#define MAX_FILES 64

/* Takes the repeatable options out of argv (they may be given many times;
 * cli_parse keeps one value per option). */
static int take_repeated(int *argc, char **argv, const char *name,
			 const char **v, size_t *n)
{
	int j = 1;
	size_t len = strlen(name);

	for (int i = 1; i < *argc; i++) {
		if (strcmp(argv[i], name) == 0 && i + 1 < *argc) {
			if (*n == MAX_FILES)
				return -1;
			v[(*n)++] = argv[++i];
			continue;
		}
		if (strncmp(argv[i], name, len) == 0 && argv[i][len] == '=') {
			if (*n == MAX_FILES)
				return -1;
			v[(*n)++] = argv[i] + len + 1;
			continue;
		}
		argv[j++] = argv[i];
	}
	*argc = j;
	return 0;
}

/* Adds a status list file: one list credential or an array of them. */
static int add_status(const cli *c, pu_cred_status_cache *cache,
		      const char *path, int64_t now)
{
	pu_buf b = PU_BUF_INIT;
	json_t *doc = NULL, *e;
	size_t i;
	int rc = cli_read_file(c, path, PU_CRED_MAX_LIST_DOC * 4u, &b);

	if (rc != EXIT_OK)
		return rc;
	rc = pu_cred_parse(&doc, b.ptr, b.len, PU_CRED_MAX_LIST_DOC * 4u);
	if (rc == 0 && json_is_array(doc)) {
		json_array_foreach(doc, i, e)
		{
			char *t = json_dumps(e, JSON_COMPACT);

			if (t == NULL)
				rc = pu_error_set(PU_ENOMEM, "out of memory");
			else
				pu_cred_status_cache_add(cache, t, strlen(t),
							 now);
			free(t);
		}
	} else if (rc == 0) {
		/* a list that fails is kept as failed: the report says why */
		pu_cred_status_cache_add(cache, b.ptr, b.len, now);
	}
	json_decref(doc);
	pu_buf_free(&b);
	if (rc < 0) {
		pu_error_prefix("%s: ", path);
		return cli_fail(c, rc);
	}
	return EXIT_OK;
}

/* Adds a trust list file; without --anchor, its signer is taken as an
 * anchor (the operator chose the file). */
static int add_trust(const cli *c, pu_cred_trust *t, const char *path,
		     bool anchors_given, int64_t now)
{
	pu_buf b = PU_BUF_INIT;
	json_t *doc = NULL;
	int rc = cli_read_file(c, path, PU_CRED_MAX_LIST_DOC, &b);

	if (rc != EXIT_OK)
		return rc;
	rc = pu_cred_parse(&doc, b.ptr, b.len, PU_CRED_MAX_LIST_DOC);
	if (rc == 0 && !anchors_given) {
		const json_t *is = json_object_get(doc, "issuer");
		const char *did =
		    json_is_object(is)
			? json_string_value(json_object_get(is, "id"))
			: json_string_value(is);

		rc = did ? pu_cred_trust_add_anchor(t, did)
			 : pu_error_set(PU_EINVAL, "no issuer");
	}
	if (rc == 0) {
		rc = pu_cred_trust_add_list(t, b.ptr, b.len, now);
		if (rc == PU_EDENIED || rc == PU_EINVAL) {
			/* a list that fails is left out, and said so: the
			 * issuer then reads as untrusted */
			fprintf(stderr,
				"puente %s: warning: trust list %s "
				"left out: %s\n",
				c->verb, path, pu_error_message());
			rc = 0;
		}
	}
	json_decref(doc);
	pu_buf_free(&b);
	if (rc < 0) {
		pu_error_prefix("trust list %s: ", path);
		return cli_fail(c, rc);
	}
	return EXIT_OK;
}

static void line(const char *what, const char *result, const char *reason)
{
	printf("%-10s %-14s %s\n", what, result, reason ? reason : "");
}

int cmd_verify(int argc, char **argv)
{
	const char *trust_files[MAX_FILES], *status_files[MAX_FILES];
	const char *anchors[MAX_FILES];
	size_t ntrust = 0, nstatus = 0, nanchors = 0;
	bool offline = false, any_issuer = false;
	cli_opt opts[] = {{"--offline", NULL, &offline},
			  {"--any-issuer", NULL, &any_issuer},
			  {NULL, NULL, NULL}};
	pu_cred_verify_options vo = PU_CRED_VERIFY_INIT;
	pu_cred_status_cache *cache = NULL;
	pu_cred_trust *trust = NULL;
	pu_cred_report *r = NULL;
	pu_buf in = PU_BUF_INIT, doc = PU_BUF_INIT;
	const char *data;
	size_t len, skip = 0;
	int64_t now = 0;
	cli c;
	int rc;

	if (take_repeated(&argc, argv, "--trust", trust_files, &ntrust) < 0 ||
	    take_repeated(&argc, argv, "--status", status_files, &nstatus) <
		0 ||
	    take_repeated(&argc, argv, "--anchor", anchors, &nanchors) < 0) {
		fprintf(stderr, "puente verify: at most %d files of a kind\n",
			MAX_FILES);
		return EXIT_USAGE;
	}
	if ((rc = cli_parse(&c, argc, argv, opts)) != 0 || c.help)
		return rc;
	if (c.npos != 1)
		return cli_usage(&c, "which credential? (FILE, or - for "
				     "standard input)");
	rc = cli_read_file(&c, c.pos[0], PU_QR_MAX_PAYLOAD + PU_CRED_MAX_DOC,
			   &in);
	if (rc != EXIT_OK)
		return rc;
	data = in.ptr;
	len = in.len;
	while (skip < len && (data[skip] == ' ' || data[skip] == '\n' ||
			      data[skip] == '\r' || data[skip] == '\t'))
		skip++;
	if (len - skip >= 2 && data[skip] == 'P' && data[skip + 1] == 'U') {
		/* a QR payload */
		pu_qr_fault fault;

		rc =
		    pu_qr_payload_decode(&doc, data + skip, len - skip, &fault);
		if (rc < 0) {
			pu_error_prefix("%s: QR payload: ", c.pos[0]);
			rc = cli_fail(&c, rc);
			goto done;
		}
		data = doc.ptr;
		len = doc.len;
	}
	if (pu_cred_status_cache_new(&cache) < 0 ||
	    pu_cred_trust_new(&trust) < 0) {
		rc = cli_fail(&c, PU_ENOMEM);
		goto done;
	}
	for (size_t i = 0; i < nanchors; i++)
		if ((rc = pu_cred_trust_add_anchor(trust, anchors[i])) < 0) {
			pu_error_prefix("--anchor: ");
			rc = cli_fail(&c, rc);
			goto done;
		}
	rc = EXIT_OK;
	for (size_t i = 0; rc == EXIT_OK && i < ntrust; i++)
		rc = add_trust(&c, trust, trust_files[i], nanchors > 0, now);
	for (size_t i = 0; rc == EXIT_OK && i < nstatus; i++)
		rc = add_status(&c, cache, status_files[i], now);
	if (rc != EXIT_OK)
		goto done;
	if (!offline) {
		/* this node's own lists, when there is a database */
		pu_store *st = NULL;

		if (pu_store_open(&st, c.db, PU_STORE_READONLY) == 0)
			pu_statuslist_load(st, NULL, cache, now);
		pu_store_close(st);
		pu_error_clear();
	}
	vo.trust = ntrust > 0 ? trust : NULL;
	vo.status = cache;
	vo.require_trust = !any_issuer;
	rc = pu_cred_verify(&r, data, len, &vo);
	if (rc < 0) {
		rc = cli_fail(&c, rc);
		goto done;
	}
	if (c.json) {
		cli_print_json(pu_cred_report_to_json(r));
	} else {
		if (r->id)
			line("credential", r->id, NULL);
		if (r->issuer)
			line("issuer", r->issuer, NULL);
		line("document", pu_cred_doc_name(r->doc), r->doc_reason);
		line("signature", pu_cred_sig_name(r->sig), r->sig_reason);
		line("trust", pu_cred_trust_name(r->trust), r->trust_reason);
		line("status", pu_cred_status_name(r->status),
		     r->status_reason);
		line("validity", pu_cred_dates_name(r->dates), r->dates_reason);
		printf("%s\n", r->ok ? "VALID" : "NOT VALID");
	}
	rc = r->ok ? EXIT_OK : EXIT_DATA;
done:
	pu_cred_report_free(r);
	pu_cred_status_cache_free(cache);
	pu_cred_trust_free(trust);
	pu_buf_free(&in);
	pu_buf_free(&doc);
	return rc;
}
