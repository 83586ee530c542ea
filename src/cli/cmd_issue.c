/*
 * puente issue: a signed certificate (Open Badges 3.0 credential) of a
 * catalogue standard for one holder (include/puente/issue.h). The holder is
 * named by a DID or an identifier that only goes into the credential as a
 * salted hash; a name only with --holder-name, when the holder agreed.
 */
#include "cli_auth.h"
#include "cli_cred.h"

#include <stdlib.h>
#include <string.h>

#include "puente/cred.h"
#include "puente/error.h"
#include "puente/issue.h"
#include "puente/qr.h"
#include "puente/store.h"

/* Splits "U1,U2" into v (pointers into a copy the caller frees). */
static char *split(const char *list, const char **v, size_t cap, size_t *n)
{
	char *copy = strdup(list), *p = copy;

	*n = 0;
	while (p != NULL && *p != '\0' && *n < cap) {
		char *comma = strchr(p, ',');

		if (comma)
			*comma = '\0';
		if (*p)
			v[(*n)++] = p;
		p = comma ? comma + 1 : NULL;
	}
	return copy;
}

int cmd_issue(int argc, char **argv)
{
	const char *standard = NULL, *units = NULL, *hdid = NULL, *hid = NULL;
	const char *hidtype = NULL, *hname = NULL, *kid = NULL, *lang = NULL;
	const char *outpath = NULL, *as = NULL, *keys = NULL, *pass = NULL;
	const char *iname = NULL, *iurl = NULL, *ilang = NULL, *from = NULL;
	const char *until = NULL;
	cli_opt opts[] = {{"--standard", &standard, NULL},
			  {"--units", &units, NULL},
			  {"--holder-did", &hdid, NULL},
			  {"--holder-id-type", &hidtype, NULL},
			  {"--holder-id", &hid, NULL},
			  {"--holder-name", &hname, NULL},
			  {"--key", &kid, NULL},
			  {"--lang", &lang, NULL},
			  {"-o", &outpath, NULL},
			  {"--as", &as, NULL},
			  {"--keys", &keys, NULL},
			  {"--passphrase-file", &pass, NULL},
			  {"--issuer-name", &iname, NULL},
			  {"--issuer-url", &iurl, NULL},
			  {"--issuer-lang", &ilang, NULL},
			  {"--valid-from", &from, NULL},
			  {"--valid-until", &until, NULL},
			  {NULL, NULL, NULL}};
	pu_issue_options o = PU_ISSUE_OPTIONS_INIT;
	pu_issuer iss = {0};
	pu_store *st = NULL;
	cli_keys k = {0};
	pu_actor actor, local;
	pu_issued rec;
	const char *uv[PU_CATALOG_MAX_ITEMS];
	char country[17], *ucopy = NULL, *out = NULL;
	const char *code = NULL;
	cli c;
	int rc;

	if ((rc = cli_parse(&c, argc, argv, opts)) != 0 || c.help)
		return rc;
	if (c.npos > 0)
		return cli_usage(&c, "unexpected argument %s", c.pos[0]);
	if (standard == NULL)
		return cli_usage(&c, "which standard? (--standard CC/CODE)");
	if (hdid == NULL && hid == NULL)
		return cli_usage(&c, "who is the holder? (--holder-did DID or "
				     "--holder-id VALUE)");
	if (outpath == NULL)
		return cli_usage(&c, "where to? (-o FILE, - for standard "
				     "output)");
	if ((rc = cli_open(&c, &st, false)) != EXIT_OK)
		return rc;
	rc =
	    cli_standard_key(&c, st, standard, country, sizeof(country), &code);
	if (rc == EXIT_OK)
		rc = cli_actor(&c, st, as, as ? &actor : &local);
	if (rc == EXIT_OK)
		rc = cli_keys_open(&c, &k, keys, pass);
	if (rc != EXIT_OK)
		goto done;
	rc = cli_keys_get(&k, kid, &iss.key);
	if (rc < 0) {
		rc = cli_fail(&c, rc);
		goto done;
	}
	if (units != NULL) {
		ucopy = split(units, uv, PU_CATALOG_MAX_ITEMS, &o.nunits);
		o.units = uv;
	}
	iss.name = iname ? iname : getenv("PUENTE_ISSUER_NAME");
	iss.country = as && actor.country[0] ? actor.country : country;
	iss.url = iurl;
	iss.lang = ilang;
	iss.base_url = cli_base_url();
	o.actor = as ? &actor : NULL;
	o.local = as ? NULL : &local;
	o.country = country;
	o.code = code;
	o.holder_did = hdid;
	o.holder_id = hid;
	o.holder_id_type = hidtype;
	o.holder_name = hname;
	o.lang = lang;
	o.valid_from = from;
	o.valid_until = until;
	rc = pu_issue(st, &iss, &o, &out, &rec);
	if (rc < 0) {
		rc = cli_fail(&c, rc);
		goto done;
	}
	rc = cli_write_file(&c, outpath, out, strlen(out));
	if (rc != EXIT_OK)
		goto done;
	{
		/* a version-40 QR code holds 3,391 alphanumeric characters
		 * at level M (docs/formats.md "Certificate QR payload") */
		pu_buf qr = PU_BUF_INIT;

		if (pu_qr_payload_encode(&qr, out, strlen(out)) == 0 &&
		    qr.len > 3391)
			fprintf(stderr,
				"puente issue: warning: the credential needs "
				"%zu QR characters, more than a QR code holds "
				"at level M (3,391): its PDF cannot carry it\n",
				qr.len);
		pu_buf_free(&qr);
		pu_error_clear();
	}
	if (c.json)
		rc = cli_print_json(json_pack(
		    "{s:s, s:s, s:s, s:I, s:I, s:s, s:s}", "id", rec.id,
		    "issuer", rec.issuer, "standard", rec.standard, "list",
		    (json_int_t)rec.list, "index", (json_int_t)rec.index,
		    "issued", rec.issued_at, "digest", rec.digest));
	else if (strcmp(outpath, "-") != 0)
		printf("issued %s\n  standard %s, issuer %s\n  status list "
		       "%lld, index %lld; written to %s\n",
		       rec.id, rec.standard, rec.issuer, (long long)rec.list,
		       (long long)rec.index, outpath);
done:
	free(out);
	free(ucopy);
	cli_keys_close(&k);
	pu_store_close(st);
	return rc;
}
