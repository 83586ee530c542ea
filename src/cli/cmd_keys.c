/*
 * puente keys new|list|rotate: the issuer's Ed25519 signing keys, sealed at
 * rest with a passphrase (include/puente/keystore.h). The passphrase comes
 * from --passphrase-file FILE or from $PUENTE_KEY_PASSPHRASE, never from the
 * command line, where other users could read it.
 */
#include "cli_paper.h"

#include <stdlib.h>
#include <string.h>

#include "puente/error.h"
#include "puente/keystore.h"

static const char *keys_dir(const char *opt)
{
	const char *env = getenv(CLI_KEYS_ENV);

	if (opt != NULL)
		return opt;
	return env != NULL && *env != '\0' ? env : CLI_KEYS_DEFAULT;
}

static json_t *info_json(const pu_key_info *k)
{
	json_t *o = json_pack("{s:s, s:s, s:s, s:s, s:s}", "did", k->did, "kid",
			      k->kid, "publicKeyMultibase", k->multibase,
			      "created", k->created, "status",
			      k->active ? "active" : "retired");

	if (o != NULL && k->retired != NULL)
		json_object_set_new(o, "retired", json_string(k->retired));
	return o;
}

static void print_key(const pu_key_info *k)
{
	printf("%s  %-7s  created %s", k->did,
	       k->active ? "active" : "retired", k->created);
	if (k->retired)
		printf("  retired %s", k->retired);
	printf("\n");
}

/* new and rotate: both need the passphrase and print the new key. */
static int make(cli *c, int argc, char **argv, bool rotate)
{
	const char *dir = NULL, *passfile = NULL;
	cli_opt opts[] = {{"--keys", &dir, NULL},
			  {"--passphrase-file", &passfile, NULL},
			  {NULL, NULL, NULL}};
	pu_keystore *ks = NULL;
	pu_key *key = NULL;
	char *pass = NULL;
	size_t plen = 0;
	int rc;

	if ((rc = cli_parse(c, argc, argv, opts)) != 0 || c->help)
		return rc;
	if (c->npos > 1)
		return cli_usage(c, "unexpected argument %s", c->pos[1]);
	rc = pu_keystore_passphrase(&pass, &plen, passfile);
	if (rc == 0)
		rc = pu_keystore_open(&ks, keys_dir(dir),
				      rotate ? 0 : PU_KEYSTORE_CREATE);
	if (rc == 0)
		rc = rotate ? pu_keystore_rotate(ks, &key, pass, plen)
			    : pu_keystore_new(ks, &key, pass, plen);
	pu_keystore_passphrase_free(pass);
	pu_keystore_free(ks);
	if (rc < 0)
		return cli_fail(c, rc);
	if (c->json) {
		rc = cli_print_json(info_json(pu_key_meta(key)));
	} else {
		print_key(pu_key_meta(key));
		rc = EXIT_OK;
	}
	pu_key_free(key);
	return rc;
}

static int new_key(cli *c, int argc, char **argv)
{
	return make(c, argc, argv, false);
}

static int rotate_key(cli *c, int argc, char **argv)
{
	return make(c, argc, argv, true);
}

static int list(cli *c, int argc, char **argv)
{
	const char *dir = NULL;
	cli_opt opts[] = {{"--keys", &dir, NULL}, {NULL, NULL, NULL}};
	pu_key_info_list l = {0};
	pu_keystore *ks = NULL;
	json_t *arr;
	int rc;

	if ((rc = cli_parse(c, argc, argv, opts)) != 0 || c->help)
		return rc;
	if (c->npos > 1)
		return cli_usage(c, "unexpected argument %s", c->pos[1]);
	rc = pu_keystore_open(&ks, keys_dir(dir), 0);
	if (rc == 0)
		rc = pu_keystore_list(ks, &l);
	pu_keystore_free(ks);
	if (rc < 0)
		return cli_fail(c, rc);
	if (c->json) {
		arr = json_array();
		for (size_t i = 0; arr != NULL && i < l.n; i++)
			json_array_append_new(arr, info_json(&l.v[i]));
		pu_key_info_list_free(&l);
		return cli_print_json(arr);
	}
	if (l.n == 0)
		printf("no keys (create one with `puente keys new`)\n");
	for (size_t i = 0; i < l.n; i++)
		print_key(&l.v[i]);
	pu_key_info_list_free(&l);
	return EXIT_OK;
}

int cmd_keys(int argc, char **argv)
{
	static const cli_sub subs[] = {
	    {"new", new_key},
	    {"list", list},
	    {"rotate", rotate_key},
	};

	return cli_dispatch(argc, argv, subs, sizeof(subs) / sizeof(subs[0]),
			    "expected: keys new|list|rotate");
}
