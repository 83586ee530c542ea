/*
 * puente statuslist export|show: the signed status lists of the credentials
 * issued here, for verifiers without a network (`puente verify --status`)
 * or for publishing. With --ttl the copies are re-signed with that time to
 * live and an end of validity, so a copy kept too long reports "unknown"
 * instead of a stale "not revoked".
 */
#include "cli_cred.h"

#include <stdlib.h>
#include <string.h>

#include "puente/auth.h"
#include "puente/error.h"
#include "puente/issue.h"
#include "puente/store.h"

static int export(cli *c, int argc, char **argv)
{
	const char *issuer = NULL, *ttl = NULL, *outpath = NULL, *keys = NULL;
	const char *pass = NULL;
	cli_opt opts[] = {{"--issuer", &issuer, NULL},
			  {"--ttl", &ttl, NULL},
			  {"-o", &outpath, NULL},
			  {"--keys", &keys, NULL},
			  {"--passphrase-file", &pass, NULL},
			  {NULL, NULL, NULL}};
	pu_store *st = NULL;
	cli_keys k = {0};
	json_t *arr = NULL;
	char *text = NULL, *end = NULL;
	long long secs = 0;
	int rc;

	if ((rc = cli_parse(c, argc, argv, opts)) != 0 || c->help)
		return rc;
	if (c->npos > 1)
		return cli_usage(c, "unexpected argument %s", c->pos[1]);
	if (ttl != NULL) {
		secs = strtoll(ttl, &end, 10);
		if (end == ttl || *end != '\0' || secs < 60 ||
		    secs > 366LL * 86400)
			return cli_usage(c, "--ttl: seconds, 60 to 31622400");
	}
	if ((rc = cli_open(c, &st, false)) != EXIT_OK)
		return rc;
	if (ttl != NULL && (rc = cli_keys_open(c, &k, keys, pass)) != EXIT_OK)
		goto done;
	rc = pu_statuslist_export(st, issuer, secs * 1000, cli_key_for, &k,
				  pu_auth_now(), &arr);
	if (rc < 0) {
		rc = cli_fail(c, rc);
		goto done;
	}
	text = json_dumps(arr, JSON_COMPACT);
	if (text == NULL) {
		rc = cli_fail(c, pu_error_set(PU_ENOMEM, "out of memory"));
		goto done;
	}
	rc = cli_write_file(c, outpath ? outpath : "-", text, strlen(text));
	if (rc == EXIT_OK && outpath != NULL && strcmp(outpath, "-") != 0)
		fprintf(stderr, "%zu status list credentials written to %s\n",
			json_array_size(arr), outpath);
	else if (rc == EXIT_OK)
		fputc('\n', stdout);
done:
	free(text);
	json_decref(arr);
	cli_keys_close(&k);
	pu_store_close(st);
	return rc;
}

static int show(cli *c, int argc, char **argv)
{
	cli_opt opts[] = {{NULL, NULL, NULL}};
	pu_store *st = NULL;
	char *doc = NULL;
	int rc;

	if ((rc = cli_parse(c, argc, argv, opts)) != 0 || c->help)
		return rc;
	if (c->npos != 2)
		return cli_usage(c, "which list? (its URL, or a name such as "
				    "1-revocation)");
	if ((rc = cli_open(c, &st, false)) != EXIT_OK)
		return rc;
	rc = pu_statuslist_get(st, c->pos[1], &doc);
	pu_store_close(st);
	if (rc < 0)
		return cli_fail(c, rc);
	printf("%s\n", doc);
	free(doc);
	return EXIT_OK;
}

int cmd_statuslist(int argc, char **argv)
{
	static const cli_sub subs[] = {
	    {"export", export},
	    {"show", show},
	};

	return cli_dispatch(argc, argv, subs, sizeof(subs) / sizeof(subs[0]),
			    "expected: statuslist export|show");
}
