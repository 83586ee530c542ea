/*
 * puente trust new|add|sign|show: the signed trust list an authority
 * publishes, naming the issuers it accredits (docs/formats.md "Trust
 * list"). new writes an unsigned list; add puts an issuer in (and drops the
 * signature: a changed list must be signed again); sign signs it with a key
 * of the key store; show checks the signature and lists the issuers.
 */
#include "cli_cred.h"

#include <stdlib.h>
#include <string.h>

#include "puente/auth.h"
#include "puente/cred.h"
#include "puente/error.h"
#include "puente/issue.h"

static int load(const cli *c, const char *path, json_t **out)
{
	pu_buf b = PU_BUF_INIT;
	int rc = cli_read_file(c, path, PU_CRED_MAX_LIST_DOC, &b);

	if (rc != EXIT_OK)
		return rc;
	rc = pu_cred_parse(out, b.ptr, b.len, PU_CRED_MAX_LIST_DOC);
	pu_buf_free(&b);
	if (rc < 0) {
		pu_error_prefix("%s: ", path);
		return cli_fail(c, rc);
	}
	return EXIT_OK;
}

static int save(const cli *c, const char *path, const json_t *doc)
{
	char *text = json_dumps(doc, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	int rc;

	if (text == NULL)
		return cli_fail(c, pu_error_set(PU_ENOMEM, "out of memory"));
	rc = cli_write_file(c, path, text, strlen(text));
	free(text);
	return rc;
}

static int new_list(cli *c, int argc, char **argv)
{
	const char *id = NULL, *name = NULL, *from = NULL, *until = NULL;
	const char *outpath = NULL;
	cli_opt opts[] = {
	    {"--id", &id, NULL},	   {"--name", &name, NULL},
	    {"--valid-from", &from, NULL}, {"--valid-until", &until, NULL},
	    {"-o", &outpath, NULL},	   {NULL, NULL, NULL}};
	json_t *doc = NULL;
	int rc;

	if ((rc = cli_parse(c, argc, argv, opts)) != 0 || c->help)
		return rc;
	if (id == NULL || outpath == NULL)
		return cli_usage(c, "--id URL and -o FILE are needed");
	rc = pu_trustlist_new(&doc, id, name, from, until);
	if (rc < 0)
		return cli_fail(c, rc);
	rc = save(c, outpath, doc);
	json_decref(doc);
	return rc;
}

/* "a,b" into v. */
static size_t split(char *s, const char **v, size_t cap)
{
	size_t n = 0;

	while (s != NULL && *s && n < cap) {
		char *comma = strchr(s, ',');

		if (comma)
			*comma = '\0';
		if (*s)
			v[n++] = s;
		s = comma ? comma + 1 : NULL;
	}
	return n;
}

static int add(cli *c, int argc, char **argv)
{
	const char *did = NULL, *country = NULL, *role = NULL, *scope = NULL;
	const char *name = NULL, *from = NULL, *until = NULL;
	cli_opt opts[] = {
	    {"--did", &did, NULL},	     {"--country", &country, NULL},
	    {"--role", &role, NULL},	     {"--scope", &scope, NULL},
	    {"--name", &name, NULL},	     {"--valid-from", &from, NULL},
	    {"--valid-until", &until, NULL}, {NULL, NULL, NULL}};
	pu_trust_entry e = {0};
	const char *sv[64];
	char *scopes = NULL;
	json_t *doc = NULL;
	int rc;

	if ((rc = cli_parse(c, argc, argv, opts)) != 0 || c->help)
		return rc;
	if (c->npos != 2)
		return cli_usage(c, "which trust list file?");
	if ((rc = load(c, c->pos[1], &doc)) != EXIT_OK)
		return rc;
	if (scope) {
		scopes = strdup(scope);
		e.nscope = split(scopes, sv, 64);
		e.scope = sv;
	}
	e.did = did;
	e.country = country;
	e.role = role;
	e.name = name;
	e.valid_from = from;
	e.valid_until = until;
	rc = pu_trustlist_add(doc, &e);
	if (rc < 0)
		rc = cli_fail(c, rc);
	else
		rc = save(c, c->pos[1], doc);
	if (rc == EXIT_OK)
		fprintf(stderr,
			"added %s; sign the list again (puente trust "
			"sign)\n",
			did);
	free(scopes);
	json_decref(doc);
	return rc;
}

static int sign(cli *c, int argc, char **argv)
{
	const char *kid = NULL, *keys = NULL, *pass = NULL;
	cli_opt opts[] = {{"--key", &kid, NULL},
			  {"--keys", &keys, NULL},
			  {"--passphrase-file", &pass, NULL},
			  {NULL, NULL, NULL}};
	const pu_cred_key *key = NULL;
	cli_keys k = {0};
	json_t *doc = NULL;
	char created[21];
	int rc;

	if ((rc = cli_parse(c, argc, argv, opts)) != 0 || c->help)
		return rc;
	if (c->npos != 2)
		return cli_usage(c, "which trust list file?");
	if ((rc = load(c, c->pos[1], &doc)) != EXIT_OK)
		return rc;
	if ((rc = cli_keys_open(c, &k, keys, pass)) != EXIT_OK)
		goto done;
	pu_cred_time_format(created, sizeof(created), pu_auth_now());
	rc = cli_keys_get(&k, kid, &key);
	if (rc == 0)
		rc = pu_trustlist_sign(doc, key, created);
	if (rc < 0) {
		rc = cli_fail(c, rc);
		goto done;
	}
	rc = save(c, c->pos[1], doc);
	if (rc == EXIT_OK)
		fprintf(stderr, "signed by %s\n",
			json_string_value(json_object_get(doc, "issuer")));
done:
	cli_keys_close(&k);
	json_decref(doc);
	return rc;
}

static int show(cli *c, int argc, char **argv)
{
	cli_opt opts[] = {{NULL, NULL, NULL}};
	pu_cred_proof_options po = PU_CRED_PROOF_INIT;
	json_t *doc = NULL, *issuers, *e;
	char reason[PU_CRED_REASON];
	pu_cred_proof_result pr;
	size_t i;
	int rc;

	if ((rc = cli_parse(c, argc, argv, opts)) != 0 || c->help)
		return rc;
	if (c->npos != 2)
		return cli_usage(c, "which trust list file?");
	if ((rc = load(c, c->pos[1], &doc)) != EXIT_OK)
		return rc;
	po.now = pu_auth_now();
	pr = pu_cred_proof_verify(doc, &po, reason, sizeof(reason), NULL);
	issuers = json_object_get(json_object_get(doc, "credentialSubject"),
				  "issuers");
	if (c->json) {
		json_t *out = json_pack(
		    "{s:O?, s:O?, s:O?, s:O?, s:O?, s:{s:s, s:s}, s:O?}", "id",
		    json_object_get(doc, "id"), "name",
		    json_object_get(doc, "name"), "issuer",
		    json_object_get(doc, "issuer"), "validFrom",
		    json_object_get(doc, "validFrom"), "validUntil",
		    json_object_get(doc, "validUntil"), "signature", "result",
		    pr == PU_CRED_PROOF_VALID	  ? "valid"
		    : pr == PU_CRED_PROOF_MISSING ? "missing"
						  : "invalid",
		    "reason", reason, "issuers", issuers);

		json_decref(doc);
		cli_print_json(out);
		return pr == PU_CRED_PROOF_VALID ? EXIT_OK : EXIT_DATA;
	}
	printf("trust list  %s\n",
	       json_string_value(json_object_get(doc, "id")));
	if (json_object_get(doc, "name"))
		printf("name        %s\n",
		       json_string_value(json_object_get(doc, "name")));
	printf("authority   %s\n",
	       json_string_value(json_object_get(doc, "issuer"))
		   ? json_string_value(json_object_get(doc, "issuer"))
		   : "(not signed)");
	printf("valid       %s .. %s\n",
	       json_string_value(json_object_get(doc, "validFrom"))
		   ? json_string_value(json_object_get(doc, "validFrom"))
		   : "-",
	       json_string_value(json_object_get(doc, "validUntil"))
		   ? json_string_value(json_object_get(doc, "validUntil"))
		   : "-");
	printf("signature   %s: %s\n",
	       pr == PU_CRED_PROOF_VALID     ? "valid"
	       : pr == PU_CRED_PROOF_MISSING ? "missing"
					     : "invalid",
	       reason);
	printf("issuers     %zu\n", json_array_size(issuers));
	json_array_foreach(issuers, i, e)
	{
		json_t *s;
		size_t k;

		printf("  %s  %s %s",
		       json_string_value(json_object_get(e, "id")),
		       json_string_value(json_object_get(e, "country")),
		       json_string_value(json_object_get(e, "role")));
		json_array_foreach(json_object_get(e, "scope"), k, s)
		    printf("%s%s", k ? "," : "  scope ", json_string_value(s));
		if (json_object_get(e, "name"))
			printf("  (%s)",
			       json_string_value(json_object_get(e, "name")));
		printf("\n");
	}
	json_decref(doc);
	return pr == PU_CRED_PROOF_VALID ? EXIT_OK : EXIT_DATA;
}

int cmd_trust(int argc, char **argv)
{
	static const cli_sub subs[] = {
	    {"new", new_list},
	    {"add", add},
	    {"sign", sign},
	    {"show", show},
	};

	return cli_dispatch(argc, argv, subs, sizeof(subs) / sizeof(subs[0]),
			    "expected: trust new|add|sign|show");
}
