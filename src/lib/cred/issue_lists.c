/*
 * The issuer's status lists: a pair (revocation, suspension) of W3C
 * Bitstring Status Lists of 131,072 entries per issuer DID, the same index in
 * both for one credential. Indexes come from a keyed permutation of a
 * counter (a 4-round Feistel network over SipHash, cycle-walked into the
 * list), so they never repeat and do not give away the order or number of
 * issues; a list pair is signed when it is created and again whenever a bit
 * changes. Also the read side: serving, caching and exporting lists.
 */
#include "issue_internal.h"

#include <jansson.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "puente/buf.h"
#include "puente/cred.h"
#include "puente/error.h"

const pu_store_cred_ops *pu_issue_ops(pu_store *st)
{
	if (st == NULL || st->ops->cred == NULL) {
		pu_error_set(PU_ESTORE, "this store does not keep credentials");
		return NULL;
	}
	return st->ops->cred;
}

void pu_issue_time(char out[21], int64_t t)
{
	if (pu_cred_time_format(out, 21, t) < 0)
		snprintf(out, 21, "1970-01-01T00:00:00Z");
}

static uint32_t feistel(const unsigned char key[16], uint32_t x, int half)
{
	uint32_t mask = (1u << half) - 1, l = x >> half, r = x & mask;

	for (unsigned char round = 0; round < 4; round++) {
		unsigned char in[5] = {
		    round, (unsigned char)r, (unsigned char)(r >> 8),
		    (unsigned char)(r >> 16), (unsigned char)(r >> 24)};
		unsigned char h[crypto_shorthash_BYTES];
		uint32_t f, nl;

		crypto_shorthash(h, in, sizeof(in), key);
		f = ((uint32_t)h[0] | (uint32_t)h[1] << 8 |
		     (uint32_t)h[2] << 16 | (uint32_t)h[3] << 24) &
		    mask;
		nl = r;
		r = l ^ f;
		l = nl;
	}
	return l << half | r;
}

int64_t pu_issue_permute(const unsigned char key[16], int64_t counter,
			 int64_t size)
{
	int bits = 1, half;
	uint32_t x = (uint32_t)counter;

	while (((int64_t)1 << bits) < size)
		bits++;
	half = (bits + 1) / 2;
	/* a bijection of [0, 2^(2 half)); walking the cycle until the value
	 * falls inside [0, size) keeps it a bijection of [0, size) */
	do
		x = feistel(key, x, half);
	while ((int64_t)x >= size);
	return (int64_t)x;
}

/* One signed list credential (JCS text) of an encoded list. */
static int sign_one(char **out, const char *encoded, const char *url,
		    const char *purpose, const pu_cred_key *key, int64_t now,
		    int64_t ttl_ms, int until)
{
	pu_cred_bits *bits = NULL;
	pu_buf did = PU_BUF_INIT, text = PU_BUF_INIT;
	json_t *doc = NULL;
	char from[21], to[21];
	int rc;

	*out = NULL;
	pu_issue_time(from, now);
	pu_issue_time(to, now + ttl_ms / 1000);
	rc = pu_cred_bits_decode(&bits, encoded);
	if (rc == 0)
		rc = pu_cred_didkey_from_public(&did, key->pk);
	if (rc == 0)
		rc = pu_cred_statuslist_credential(&doc, bits, url, did.ptr,
						   purpose, from,
						   until ? to : NULL, ttl_ms);
	if (rc == 0)
		rc = pu_cred_sign_json(doc, key, from, NULL);
	if (rc == 0)
		rc = pu_cred_jcs(&text, doc);
	if (rc == 0)
		*out = pu_buf_detach(&text);
	if (rc == 0 && *out == NULL)
		rc = pu_error_set(PU_ENOMEM, "out of memory");
	json_decref(doc);
	pu_cred_bits_free(bits);
	pu_buf_free(&did);
	pu_buf_free(&text);
	return rc;
}

int pu_issue_sign_lists(pu_cred_list_row *l, const pu_cred_key *key,
			int64_t now, int64_t ttl_ms, int until)
{
	char *rev = NULL, *sus = NULL, at[21];
	int rc;

	rc = sign_one(&rev, l->revocation, l->revocation_url, "revocation", key,
		      now, ttl_ms, until);
	if (rc == 0)
		rc = sign_one(&sus, l->suspension, l->suspension_url,
			      "suspension", key, now, ttl_ms, until);
	if (rc < 0) {
		free(rev);
		free(sus);
		return rc;
	}
	pu_issue_time(at, now);
	free(l->revocation_vc);
	free(l->suspension_vc);
	free(l->signed_at);
	l->revocation_vc = rev;
	l->suspension_vc = sus;
	l->signed_at = strdup(at);
	if (l->signed_at == NULL)
		return pu_error_set(PU_ENOMEM, "out of memory");
	return 0;
}

/* A new list pair of the key's DID, signed, written; *out its row. */
static int new_lists(pu_store *st, const pu_store_cred_ops *ops,
		     const pu_cred_key *key, const char *did,
		     const char *base_url, int64_t now, pu_cred_list_row *out)
{
	pu_cred_list_row l = {0};
	pu_cred_bits *bits = NULL;
	pu_buf enc = PU_BUF_INIT, ru = PU_BUF_INIT, su = PU_BUF_INIT;
	char created[21];
	int64_t id = 0;
	int rc;

	pu_issue_time(created, now);
	rc = pu_cred_bits_new(&bits, PU_ISSUE_LIST_SIZE);
	if (rc == 0)
		rc = pu_cred_bits_encode(bits, &enc);
	/* "{}" becomes the list's id once inserted */
	if (rc == 0)
		rc = pu_buf_printf(&ru, "%s/status/{}-revocation", base_url);
	if (rc == 0)
		rc = pu_buf_printf(&su, "%s/status/{}-suspension", base_url);
	if (rc < 0)
		goto done;
	randombytes_buf(l.perm_key, sizeof(l.perm_key));
	l.issuer = (char *)did;
	l.revocation_url = ru.ptr;
	l.suspension_url = su.ptr;
	l.size = PU_ISSUE_LIST_SIZE;
	l.revocation = enc.ptr;
	l.suspension = enc.ptr;
	l.created_at = created;
	rc = ops->list_insert(st, &l, &id);
	if (rc < 0)
		goto done;
	rc = ops->list_get(st, id, NULL, out);
	if (rc == PU_ENOTFOUND)
		rc = pu_error_set(PU_ESTORE, "status list %lld vanished",
				  (long long)id);
	if (rc == 0)
		rc =
		    pu_issue_sign_lists(out, key, now, PU_ISSUE_LIST_TTL_MS, 0);
	if (rc == 0)
		rc = ops->list_update(st, out);
done:
	pu_cred_bits_free(bits);
	pu_buf_free(&enc);
	pu_buf_free(&ru);
	pu_buf_free(&su);
	return rc;
}

int pu_issue_alloc(pu_store *st, const pu_cred_key *key, const char *base_url,
		   int64_t now, pu_cred_list_row *list, int64_t *index)
{
	const pu_store_cred_ops *ops = pu_issue_ops(st);
	pu_buf did = PU_BUF_INIT;
	int64_t counter = 0;
	int rc;

	memset(list, 0, sizeof(*list));
	if (ops == NULL)
		return PU_ESTORE;
	rc = pu_cred_didkey_from_public(&did, key->pk);
	if (rc == 0)
		rc = ops->list_open(st, did.ptr, list);
	if (rc == PU_ENOTFOUND)
		rc = new_lists(st, ops, key, did.ptr, base_url, now, list);
	if (rc == 0)
		rc = ops->list_take(st, list->id, &counter);
	if (rc == 0)
		*index = pu_issue_permute(list->perm_key, counter, list->size);
	pu_buf_free(&did);
	if (rc < 0)
		pu_cred_list_row_clear(list);
	return rc;
}

/* ------------------------------------------------------------ reading */

int pu_statuslist_get(pu_store *st, const char *url_or_name, char **out)
{
	const pu_store_cred_ops *ops = pu_issue_ops(st);
	pu_cred_list_row l = {0};
	const char *name = url_or_name, *dash;
	char *end = NULL;
	long long id;
	bool revocation;
	int rc;

	*out = NULL;
	if (ops == NULL)
		return PU_ESTORE;
	if (url_or_name == NULL || strlen(url_or_name) > 2048)
		return pu_error_set(PU_EINVAL, "which status list?");
	rc = ops->list_get(st, 0, url_or_name, &l);
	if (rc == 0) {
		revocation = strcmp(l.revocation_url, url_or_name) == 0;
		goto found;
	}
	if (rc != PU_ENOTFOUND)
		return rc;
	/* a name: "3-revocation", or a URL ending in /status/<name> */
	if (strrchr(name, '/') != NULL)
		name = strrchr(name, '/') + 1;
	id = strtoll(name, &end, 10);
	dash = end;
	if (end == name || id <= 0 || *dash != '-' ||
	    (strcmp(dash + 1, "revocation") != 0 &&
	     strcmp(dash + 1, "suspension") != 0))
		return pu_error_set(PU_ENOTFOUND, "no status list %.100s",
				    url_or_name);
	revocation = strcmp(dash + 1, "revocation") == 0;
	rc = ops->list_get(st, id, NULL, &l);
	if (rc == PU_ENOTFOUND)
		return pu_error_set(PU_ENOTFOUND, "no status list %.100s",
				    url_or_name);
	if (rc < 0)
		return rc;
found:
	if ((revocation ? l.revocation_vc : l.suspension_vc) == NULL) {
		pu_cred_list_row_clear(&l);
		return pu_error_set(PU_ENOTFOUND,
				    "status list %.100s is not "
				    "signed yet",
				    url_or_name);
	}
	if (revocation) {
		*out = l.revocation_vc;
		l.revocation_vc = NULL;
	} else {
		*out = l.suspension_vc;
		l.suspension_vc = NULL;
	}
	pu_cred_list_row_clear(&l);
	return 0;
}

struct load_arg {
	pu_cred_status_cache *cache;
	int64_t now;
};

static int load_one(const pu_cred_list_row *l, void *arg)
{
	struct load_arg *a = arg;
	int rc = 0;

	if (l->revocation_vc)
		rc = pu_cred_status_cache_add(a->cache, l->revocation_vc,
					      strlen(l->revocation_vc), a->now);
	if (rc == 0 && l->suspension_vc)
		rc = pu_cred_status_cache_add(a->cache, l->suspension_vc,
					      strlen(l->suspension_vc), a->now);
	return rc;
}

int pu_statuslist_load(pu_store *st, const char *issuer,
		       pu_cred_status_cache *c, int64_t now)
{
	const pu_store_cred_ops *ops = pu_issue_ops(st);
	struct load_arg a = {c, now};

	if (ops == NULL)
		return PU_ESTORE;
	return ops->list_each(st, issuer, load_one, &a);
}

struct export_arg {
	json_t *arr;
	int64_t ttl_ms, now;
	pu_issue_key_fn key_for;
	void *key_arg;
};

static int append_text(json_t *arr, const char *text)
{
	/* jansson's own reading keeps integers (ttl) as written; the text is
	 * our own canonical output */
	json_t *doc = json_loads(text, JSON_REJECT_DUPLICATES, NULL);

	if (doc == NULL)
		return pu_error_set(PU_ESTORE, "a stored status list is not "
					       "JSON");
	if (json_array_append_new(arr, doc) != 0)
		return pu_error_set(PU_ENOMEM, "out of memory");
	return 0;
}

static int export_one(const pu_cred_list_row *row, void *arg)
{
	struct export_arg *a = arg;
	pu_cred_list_row l = *row;
	const pu_cred_key *key = NULL;
	int rc;

	if (a->ttl_ms <= 0) {
		rc = row->revocation_vc
			 ? append_text(a->arr, row->revocation_vc)
			 : 0;
		if (rc == 0 && row->suspension_vc)
			rc = append_text(a->arr, row->suspension_vc);
		return rc;
	}
	if (a->key_for == NULL)
		return pu_error_set(PU_EINVAL, "re-signing status lists needs "
					       "their issuer's key");
	rc = a->key_for(a->key_arg, row->issuer, &key);
	if (rc < 0)
		return rc;
	/* sign copies: the row's strings stay the list_each's */
	l.revocation_vc = l.suspension_vc = l.signed_at = NULL;
	rc = pu_issue_sign_lists(&l, key, a->now, a->ttl_ms, 1);
	if (rc == 0)
		rc = append_text(a->arr, l.revocation_vc);
	if (rc == 0)
		rc = append_text(a->arr, l.suspension_vc);
	free(l.revocation_vc);
	free(l.suspension_vc);
	free(l.signed_at);
	return rc;
}

int pu_statuslist_export(pu_store *st, const char *issuer, int64_t ttl_ms,
			 pu_issue_key_fn key_for, void *key_arg, int64_t now,
			 json_t **out)
{
	const pu_store_cred_ops *ops = pu_issue_ops(st);
	struct export_arg a = {NULL, ttl_ms, now, key_for, key_arg};
	int rc;

	*out = NULL;
	if (ops == NULL)
		return PU_ESTORE;
	a.arr = json_array();
	if (a.arr == NULL)
		return pu_error_set(PU_ENOMEM, "out of memory");
	rc = ops->list_each(st, issuer, export_one, &a);
	if (rc < 0) {
		json_decref(a.arr);
		return rc;
	}
	*out = a.arr;
	return 0;
}
