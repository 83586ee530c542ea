/*
 * Fuzz target: a credential given whole to the issuer (pu_issue_json, the
 * VC-API's POST /credentials/issue). The bytes are read as a JSON object and
 * handed to the data-model check, the status allocation, the signature and
 * the record, in a scratch store. Whatever the input: a refusal has a code
 * and a message and leaves no transaction open; what is accepted and signed
 * must verify with Puente's own verifier (signature valid; status active
 * when the issuer gave the status entries, the input having none),
 * so the signer (jansson values serialised into the canonical walk) and the
 * verifier (its own parser) never disagree on the bytes signed.
 */
#include "fuzz.h"

#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "puente/cred.h"
#include "puente/error.h"
#include "puente/issue.h"
#include "puente/store.h"

static pu_cred_key key;
static int have_key;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	pu_store *st = fuzz_store();
	pu_issuer iss = {&key, "Fuzz", "CR",
			 NULL, NULL,   "https://fuzz.example"};
	pu_cred_verify_options vo = PU_CRED_VERIFY_INIT;
	pu_cred_status_cache *c = NULL;
	pu_cred_report *r = NULL;
	pu_issued rec;
	json_t *doc;
	char *text;
	bool own_status;
	int rc;

	if (!have_key) {
		unsigned char seed[32] = {1, 2, 3};

		if (pu_cred_key_from_seed(&key, seed) < 0)
			abort();
		have_key = 1;
	}
	if (size > 64 * 1024)
		return 0;
	doc =
	    json_loadb((const char *)data, size, JSON_REJECT_DUPLICATES, NULL);
	if (doc == NULL)
		return 0;
	own_status = json_object_get(doc, "credentialStatus") != NULL;
	rc = pu_issue_json(st, &iss, NULL, "CR", doc, 1800000000, &rec);
	if (st->in_tx) {
		fprintf(stderr,
			"fuzz: pu_issue_json left a transaction open\n");
		abort();
	}
	if (rc < 0) {
		fuzz_check_error(rc, "issue");
		json_decref(doc);
		return 0;
	}
	text = json_dumps(doc, JSON_COMPACT);
	if (text == NULL || pu_cred_status_cache_new(&c) < 0 ||
	    pu_statuslist_load(st, NULL, c, 0) < 0)
		abort();
	vo.now = 1800000000;
	vo.status = c;
	vo.require_trust = false;
	if (pu_cred_verify(&r, text, strlen(text), &vo) < 0)
		abort();
	if (r->sig != PU_CRED_SIG_VALID ||
	    (r->doc == PU_CRED_DOC_OK && !own_status &&
	     r->status != PU_CRED_STATUS_ACTIVE)) {
		fprintf(stderr,
			"fuzz: issued but does not verify: %s / %s / "
			"%s\n%s\n",
			r->doc_reason, r->sig_reason, r->status_reason, text);
		abort();
	}
	pu_cred_report_free(r);
	pu_cred_status_cache_free(c);
	free(text);
	json_decref(doc);
	return 0;
}
