/*
 * puente revoke: revoke, suspend or unsuspend credentials issued here, one
 * or many in one transaction (ids, a file of ids, every credential of an
 * issuer, those issued within a period), with a reason kept in the audit
 * log; the status lists that changed are re-signed with their issuer's key.
 */
#include "cli_auth.h"
#include "cli_cred.h"

#include <stdlib.h>
#include <string.h>

#include "puente/error.h"
#include "puente/issue.h"
#include "puente/store.h"

/* The ids of a file: one a line, blank lines and # comments skipped. The
 * lines are cut in place in buf. */
static int file_ids(pu_buf *buf, const char ***out, size_t *n)
{
	size_t cap = 0;
	char *p = buf->ptr;

	*out = NULL;
	*n = 0;
	while (p != NULL && *p != '\0') {
		char *nl = strchr(p, '\n'), *end;

		if (nl)
			*nl = '\0';
		while (*p == ' ' || *p == '\t')
			p++;
		end = p + strlen(p);
		while (end > p &&
		       (end[-1] == '\r' || end[-1] == ' ' || end[-1] == '\t'))
			*--end = '\0';
		if (*p != '\0' && *p != '#') {
			if (*n == cap) {
				const char **v;

				cap = cap ? cap * 2 : 1024;
				v = realloc(*out, cap * sizeof(*v));
				if (v == NULL)
					return pu_error_set(PU_ENOMEM,
							    "out of memory");
				*out = v;
			}
			(*out)[(*n)++] = p;
		}
		p = nl ? nl + 1 : NULL;
	}
	return 0;
}

int cmd_revoke(int argc, char **argv)
{
	const char *file = NULL, *issuer = NULL, *from = NULL, *to = NULL;
	const char *reason = NULL, *as = NULL, *keys = NULL, *pass = NULL;
	bool suspend = false, unsuspend = false;
	cli_opt opts[] = {{"--file", &file, NULL},
			  {"--issuer", &issuer, NULL},
			  {"--from", &from, NULL},
			  {"--to", &to, NULL},
			  {"--reason", &reason, NULL},
			  {"--suspend", NULL, &suspend},
			  {"--unsuspend", NULL, &unsuspend},
			  {"--as", &as, NULL},
			  {"--keys", &keys, NULL},
			  {"--passphrase-file", &pass, NULL},
			  {NULL, NULL, NULL}};
	pu_revoke_options o = PU_REVOKE_OPTIONS_INIT;
	pu_revoke_result res;
	pu_buf fbuf = PU_BUF_INIT;
	const char **ids = NULL;
	pu_store *st = NULL;
	cli_keys k = {0};
	pu_actor actor, local;
	size_t nids = 0;
	cli c;
	int rc;

	if ((rc = cli_parse(&c, argc, argv, opts)) != 0 || c.help)
		return rc;
	if (reason == NULL)
		return cli_usage(&c, "why? (--reason TEXT, kept in the audit "
				     "log)");
	if (suspend && unsuspend)
		return cli_usage(&c, "--suspend or --unsuspend, not both");
	if ((c.npos > 0) + (file != NULL) +
		(issuer != NULL || from != NULL || to != NULL) !=
	    1)
		return cli_usage(&c,
				 "which credentials? IDs, --file FILE, or "
				 "--issuer DID and/or --from DATE --to DATE");
	if (file != NULL) {
		rc = cli_read_file(&c, file, 1u << 30, &fbuf);
		if (rc != EXIT_OK)
			return rc;
		if (file_ids(&fbuf, &ids, &nids) < 0 || nids == 0) {
			pu_buf_free(&fbuf);
			free(ids);
			return cli_usage(&c, "%s: no credential ids", file);
		}
		o.ids = ids;
		o.nids = nids;
	} else if (c.npos > 0) {
		o.ids = (const char *const *)c.pos;
		o.nids = (size_t)c.npos;
	}
	if ((rc = cli_open(&c, &st, false)) != EXIT_OK)
		goto done;
	rc = cli_actor(&c, st, as, as ? &actor : &local);
	if (rc == EXIT_OK)
		rc = cli_keys_open(&c, &k, keys, pass);
	if (rc != EXIT_OK)
		goto done;
	o.action = suspend     ? PU_REVOKE_SUSPEND
		   : unsuspend ? PU_REVOKE_UNSUSPEND
			       : PU_REVOKE_REVOKE;
	o.actor = as ? &actor : NULL;
	o.local = as ? NULL : &local;
	o.reason = reason;
	o.issuer = issuer;
	o.from = from;
	o.to = to;
	o.key_for = cli_key_for;
	o.key_arg = &k;
	rc = pu_revoke(st, &o, &res);
	if (rc < 0) {
		rc = cli_fail(&c, rc);
		goto done;
	}
	if (c.json)
		rc = cli_print_json(json_pack(
		    "{s:s, s:I, s:I, s:I, s:I}", "action",
		    suspend	? "suspend"
		    : unsuspend ? "unsuspend"
				: "revoke",
		    "matched", (json_int_t)res.matched, "changed",
		    (json_int_t)res.changed, "unchanged",
		    (json_int_t)res.unchanged, "lists", (json_int_t)res.lists));
	else
		printf("%s: %zu credential%s matched, %zu changed, %zu "
		       "already so; %zu status list%s re-signed\n",
		       suspend	   ? "suspended"
		       : unsuspend ? "unsuspended"
				   : "revoked",
		       res.matched, res.matched == 1 ? "" : "s", res.changed,
		       res.unchanged, res.lists, res.lists == 1 ? "" : "s");
done:
	cli_keys_close(&k);
	pu_store_close(st);
	pu_buf_free(&fbuf);
	free(ids);
	return rc;
}
