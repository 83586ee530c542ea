/*
 * W3C Bitstring Status List (REC 2025): the bitstring (MSB first, at least
 * 131,072 entries), its encodedList form ('u' + base64url(gzip)), the list
 * credential, the entry a credential carries, and a cache of verified lists
 * for offline checking. Decoding is bounded twice: the document by
 * PU_CRED_MAX_LIST_DOC, the inflated list by PU_CRED_MAX_BITSTRING, so a gzip
 * bomb stops at the cap.
 */
#include "puente/buf.h"
#include "puente/cred.h"
#include "puente/error.h"

#include "cred/cred_internal.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

struct pu_cred_bits {
	size_t nbits;
	unsigned char *bytes;
};

int pu_cred_bits_new(pu_cred_bits **out, size_t nbits)
{
	pu_cred_bits *b;

	*out = NULL;
	if (nbits < PU_CRED_MIN_BITS || nbits % 8 != 0)
		return pu_error_set(PU_EINVAL,
				    "status list: %zu entries; at least %u and "
				    "a multiple of 8 are needed",
				    nbits, PU_CRED_MIN_BITS);
	if (nbits / 8 > PU_CRED_MAX_BITSTRING)
		return pu_error_set(PU_ELIMIT,
				    "status list: %zu entries is over the "
				    "limit",
				    nbits);
	b = calloc(1, sizeof(*b));
	if (b != NULL)
		b->bytes = calloc(nbits / 8, 1);
	if (b == NULL || b->bytes == NULL) {
		free(b);
		return pu_error_set(PU_ENOMEM, "out of memory");
	}
	b->nbits = nbits;
	*out = b;
	return 0;
}

void pu_cred_bits_free(pu_cred_bits *b)
{
	if (b == NULL)
		return;
	free(b->bytes);
	free(b);
}

size_t pu_cred_bits_count(const pu_cred_bits *b)
{
	return b->nbits;
}

int pu_cred_bits_set(pu_cred_bits *b, size_t i, bool value)
{
	if (i >= b->nbits)
		return pu_error_set(PU_EINVAL,
				    "status list: index %zu past the end (%zu "
				    "entries)",
				    i, b->nbits);
	if (value)
		b->bytes[i / 8] |= (unsigned char)(0x80u >> (i % 8));
	else
		b->bytes[i / 8] &= (unsigned char)~(0x80u >> (i % 8));
	return 0;
}

int pu_cred_bits_get(const pu_cred_bits *b, size_t i, bool *value)
{
	if (i >= b->nbits)
		return pu_error_set(PU_EINVAL,
				    "status list: index %zu past the end (%zu "
				    "entries)",
				    i, b->nbits);
	*value = (b->bytes[i / 8] & (0x80u >> (i % 8))) != 0;
	return 0;
}

int pu_cred_bits_encode(const pu_cred_bits *b, pu_buf *out)
{
	unsigned char *gz = NULL;
	z_stream z;
	uLong bound;
	int rc;

	memset(&z, 0, sizeof(z));
	if (deflateInit2(&z, 9, Z_DEFLATED, 16 + MAX_WBITS, 8,
			 Z_DEFAULT_STRATEGY) != Z_OK)
		return pu_error_set(PU_ENOMEM, "status list: deflate failed");
	bound = deflateBound(&z, (uLong)(b->nbits / 8));
	gz = malloc(bound);
	if (gz == NULL) {
		rc = pu_error_set(PU_ENOMEM, "out of memory");
		goto done;
	}
	z.next_in = b->bytes;
	z.avail_in = (uInt)(b->nbits / 8);
	z.next_out = gz;
	z.avail_out = (uInt)bound;
	if (deflate(&z, Z_FINISH) != Z_STREAM_END) {
		rc = pu_error_set(PU_ENOMEM, "status list: deflate failed");
		goto done;
	}
	rc = pu_cred_multibase_encode(out, 'u', gz, z.total_out);
done:
	deflateEnd(&z);
	free(gz);
	return rc;
}

int pu_cred_bits_decode(pu_cred_bits **out, const char *encoded)
{
	unsigned char *gz = NULL, *raw = NULL, *p;
	size_t gzcap, gzlen, cap = 1u << 15, len = 0;
	pu_cred_bits *b = NULL;
	z_stream z;
	int rc = 0, zr;

	*out = NULL;
	memset(&z, 0, sizeof(z));
	if (encoded == NULL || encoded[0] != 'u')
		return pu_error_set(PU_EINVAL,
				    "encodedList: must start with 'u' "
				    "(base64url multibase)");
	gzcap = strlen(encoded) / 4 * 3 + 3;
	gz = malloc(gzcap);
	if (gz == NULL)
		return pu_error_set(PU_ENOMEM, "out of memory");
	rc = pu_cred_multibase_decode(gz, gzcap, &gzlen, encoded);
	if (rc < 0) {
		pu_error_prefix("encodedList: ");
		goto done;
	}
	if (inflateInit2(&z, 16 + MAX_WBITS) != Z_OK) {
		rc = pu_error_set(PU_ENOMEM, "out of memory");
		goto done;
	}
	raw = malloc(cap);
	if (raw == NULL) {
		rc = pu_error_set(PU_ENOMEM, "out of memory");
		goto done;
	}
	z.next_in = gz;
	z.avail_in = (uInt)gzlen;
	for (;;) {
		z.next_out = raw + len;
		z.avail_out = (uInt)(cap - len);
		zr = inflate(&z, Z_NO_FLUSH);
		len = cap - z.avail_out;
		if (zr == Z_STREAM_END)
			break;
		if (zr != Z_OK && zr != Z_BUF_ERROR) {
			rc = pu_error_set(PU_EINVAL,
					  "encodedList: not valid gzip (%s)",
					  z.msg ? z.msg : "error");
			goto done;
		}
		if (z.avail_out != 0) { /* no progress: input ended */
			rc =
			    pu_error_set(PU_EINVAL, "encodedList: gzip data is "
						    "truncated");
			goto done;
		}
		if (cap >= PU_CRED_MAX_BITSTRING) {
			rc = pu_error_set(PU_ELIMIT,
					  "encodedList: inflates past %u bytes",
					  PU_CRED_MAX_BITSTRING);
			goto done;
		}
		cap *= 2;
		p = realloc(raw, cap);
		if (p == NULL) {
			rc = pu_error_set(PU_ENOMEM, "out of memory");
			goto done;
		}
		raw = p;
	}
	if (z.avail_in != 0) {
		rc = pu_error_set(PU_EINVAL,
				  "encodedList: data after the gzip stream");
		goto done;
	}
	if (len * 8 < PU_CRED_MIN_BITS) {
		rc = pu_error_set(PU_EINVAL,
				  "encodedList: %zu entries, fewer than the "
				  "minimum %u",
				  len * 8, PU_CRED_MIN_BITS);
		goto done;
	}
	b = calloc(1, sizeof(*b));
	if (b == NULL) {
		rc = pu_error_set(PU_ENOMEM, "out of memory");
		goto done;
	}
	b->bytes = raw;
	b->nbits = len * 8;
	raw = NULL;
	*out = b;
done:
	inflateEnd(&z);
	free(gz);
	free(raw);
	return rc;
}

/* ------------------------------------------------------ list credential */

static int valid_purpose(const char *purpose)
{
	return purpose != NULL && (strcmp(purpose, "revocation") == 0 ||
				   strcmp(purpose, "suspension") == 0);
}

int pu_cred_statuslist_credential(json_t **out, const pu_cred_bits *b,
				  const char *list_url, const char *issuer,
				  const char *purpose, const char *valid_from,
				  const char *valid_until, int64_t ttl_ms)
{
	pu_buf enc = PU_BUF_INIT, sid = PU_BUF_INIT;
	json_t *doc = NULL;
	int64_t t;
	int rc;

	*out = NULL;
	if (list_url == NULL || issuer == NULL || !valid_purpose(purpose))
		return pu_error_set(PU_EINVAL,
				    "status list: a URL, an issuer and a "
				    "purpose (revocation or suspension) are "
				    "needed");
	if ((valid_from && pu_cred_time_parse(&t, valid_from) < 0) ||
	    (valid_until && pu_cred_time_parse(&t, valid_until) < 0))
		return pu_error_prefix("status list: ");
	rc = pu_cred_bits_encode(b, &enc);
	if (rc == 0)
		rc = pu_buf_printf(&sid, "%s#list", list_url);
	if (rc < 0)
		goto done;
	doc = json_pack("{s:[s], s:s, s:[s,s], s:s, s:{s:s, s:s, s:s, s:s}}",
			"@context", PU_CRED_CONTEXT_V2, "id", list_url, "type",
			"VerifiableCredential", "BitstringStatusListCredential",
			"issuer", issuer, "credentialSubject", "id", sid.ptr,
			"type", "BitstringStatusList", "statusPurpose", purpose,
			"encodedList", enc.ptr);
	if (doc == NULL) {
		rc = pu_error_set(PU_EINVAL,
				  "status list: cannot build the credential "
				  "(invalid UTF-8?)");
		goto done;
	}
	if ((valid_from && json_object_set_new(doc, "validFrom",
					       json_string(valid_from)) < 0) ||
	    (valid_until &&
	     json_object_set_new(doc, "validUntil", json_string(valid_until)) <
		 0) ||
	    (ttl_ms > 0 &&
	     json_object_set_new(json_object_get(doc, "credentialSubject"),
				 "ttl", json_integer(ttl_ms)) < 0)) {
		rc = pu_error_set(PU_ENOMEM, "out of memory");
		goto done;
	}
	*out = doc;
	doc = NULL;
done:
	json_decref(doc);
	pu_buf_free(&enc);
	pu_buf_free(&sid);
	return rc;
}

json_t *pu_cred_status_entry(const char *list_url, const char *purpose,
			     size_t index)
{
	char idx[32], id[2048];

	if (list_url == NULL || !valid_purpose(purpose) ||
	    strlen(list_url) > 2000)
		return NULL;
	snprintf(idx, sizeof(idx), "%zu", index);
	snprintf(id, sizeof(id), "%s#%zu", list_url, index);
	return json_pack("{s:s, s:s, s:s, s:s, s:s}", "id", id, "type",
			 "BitstringStatusListEntry", "statusPurpose", purpose,
			 "statusListIndex", idx, "statusListCredential",
			 list_url);
}

/* ----------------------------------------------------------- the cache */

struct list {
	char *id, *issuer, *purpose;
	pu_cred_bits *bits;
	int64_t valid_from, valid_until; /* 0: none */
	bool failed;
	char reason[PU_CRED_REASON];
};

struct pu_cred_status_cache {
	struct list *v;
	size_t n, cap;
};

int pu_cred_status_cache_new(pu_cred_status_cache **out)
{
	*out = calloc(1, sizeof(**out));
	if (*out == NULL)
		return pu_error_set(PU_ENOMEM, "out of memory");
	return 0;
}

static void list_clear(struct list *l)
{
	free(l->id);
	free(l->issuer);
	free(l->purpose);
	pu_cred_bits_free(l->bits);
	memset(l, 0, sizeof(*l));
}

void pu_cred_status_cache_free(pu_cred_status_cache *c)
{
	size_t i;

	if (c == NULL)
		return;
	for (i = 0; i < c->n; i++)
		list_clear(&c->v[i]);
	free(c->v);
	free(c);
}

size_t pu_cred_status_cache_count(const pu_cred_status_cache *c)
{
	return c->n;
}

static const struct list *find(const pu_cred_status_cache *c, const char *id)
{
	size_t i;

	for (i = 0; i < c->n; i++)
		if (strcmp(c->v[i].id, id) == 0)
			return &c->v[i];
	return NULL;
}

/* Reads and checks a list document into l (l->id is already set). Returns 0
 * or PU_EINVAL with l->reason. */
static int read_list(struct list *l, const pu_jv *doc, int64_t now)
{
	pu_cred_proof_options po = PU_CRED_PROOF_INIT;
	const pu_jv *subj = pu_jv_get(doc, "credentialSubject");
	const char *purpose, *enc, *iss, *vf, *vu;
	pu_cred_proof_result pr;

	if (pu_cred_check_context(doc, l->reason, sizeof(l->reason)) < 0)
		return PU_EINVAL;
	if (!pu_cred_has_type(doc, "VerifiableCredential") ||
	    !pu_cred_has_type(doc, "BitstringStatusListCredential")) {
		pu_cred_reason(l->reason, sizeof(l->reason),
			       "not a BitstringStatusListCredential");
		return PU_EINVAL;
	}
	iss = pu_cred_issuer_id(doc);
	if (iss == NULL) {
		pu_cred_reason(l->reason, sizeof(l->reason), "no issuer");
		return PU_EINVAL;
	}
	po.now = now;
	pr = pu_cred_proof_check(doc, &po, l->reason, sizeof(l->reason), NULL);
	if (pr != PU_CRED_PROOF_VALID) {
		char why[PU_CRED_REASON];

		memcpy(why, l->reason, sizeof(why));
		pu_cred_reason(l->reason, sizeof(l->reason),
			       "its proof is not valid: %s", why);
		return PU_EINVAL;
	}
	if (!pu_jv_is(subj, PU_JV_OBJECT) ||
	    !pu_cred_has_type(subj, "BitstringStatusList")) {
		pu_cred_reason(l->reason, sizeof(l->reason),
			       "credentialSubject is not a "
			       "BitstringStatusList");
		return PU_EINVAL;
	}
	purpose = pu_jv_get_str(subj, "statusPurpose");
	enc = pu_jv_get_str(subj, "encodedList");
	if (purpose == NULL || enc == NULL) {
		pu_cred_reason(l->reason, sizeof(l->reason),
			       "credentialSubject lacks statusPurpose or "
			       "encodedList");
		return PU_EINVAL;
	}
	vf = pu_jv_get_str(doc, "validFrom");
	vu = pu_jv_get_str(doc, "validUntil");
	if ((pu_jv_get(doc, "validFrom") &&
	     (vf == NULL || pu_cred_time_parse(&l->valid_from, vf) < 0)) ||
	    (pu_jv_get(doc, "validUntil") &&
	     (vu == NULL || pu_cred_time_parse(&l->valid_until, vu) < 0))) {
		pu_cred_reason(l->reason, sizeof(l->reason),
			       "validFrom or validUntil is not a dateTime");
		return PU_EINVAL;
	}
	if (pu_cred_bits_decode(&l->bits, enc) < 0) {
		pu_cred_reason(l->reason, sizeof(l->reason), "%s",
			       pu_error_message());
		return PU_EINVAL;
	}
	l->issuer = strdup(iss);
	l->purpose = strdup(purpose);
	if (l->issuer == NULL || l->purpose == NULL) {
		pu_cred_reason(l->reason, sizeof(l->reason), "out of memory");
		return PU_ENOMEM;
	}
	return 0;
}

int pu_cred_status_cache_add(pu_cred_status_cache *c, const char *text,
			     size_t len, int64_t now)
{
	struct list l, *slot = NULL;
	pu_arena *a = NULL;
	const pu_jv *doc;
	const char *id;
	size_t i;
	int rc;

	memset(&l, 0, sizeof(l));
	rc = pu_arena_new(&a);
	if (rc < 0)
		goto done;
	rc = pu_jv_parse(a, &doc, text, len, PU_CRED_MAX_LIST_DOC, 0);
	if (rc < 0) {
		pu_error_prefix("status list: ");
		goto done;
	}
	id = pu_jv_get_str(doc, "id");
	if (id == NULL) {
		rc = pu_error_set(PU_EINVAL, "status list: no id");
		goto done;
	}
	l.id = strdup(id);
	if (l.id == NULL) {
		rc = pu_error_set(PU_ENOMEM, "out of memory");
		goto done;
	}
	rc = read_list(&l, doc, now);
	if (rc == PU_ENOMEM) {
		rc = pu_error_set(PU_ENOMEM, "out of memory");
		goto done;
	}
	if (rc < 0) {
		l.failed = true;
		pu_cred_bits_free(l.bits);
		l.bits = NULL;
		rc = pu_error_set(PU_EINVAL, "status list %.200s: %s", l.id,
				  l.reason);
	}
	for (i = 0; i < c->n; i++)
		if (strcmp(c->v[i].id, l.id) == 0)
			slot = &c->v[i];
	if (slot == NULL) {
		if (c->n == c->cap) {
			size_t cap = c->cap ? c->cap * 2 : 4;
			struct list *v = realloc(c->v, cap * sizeof(*v));

			if (v == NULL) {
				rc = pu_error_set(PU_ENOMEM, "out of memory");
				goto done;
			}
			c->v = v;
			c->cap = cap;
		}
		slot = &c->v[c->n++];
	} else {
		list_clear(slot);
	}
	*slot = l;
	memset(&l, 0, sizeof(l));
done:
	list_clear(&l);
	pu_arena_free(a);
	return rc;
}

/* ------------------------------------------------ checking an entry */

pu_cred_status_result pu_cred_status_check(const pu_cred_status_cache *c,
					   const pu_jv *entry,
					   const char *issuer, int64_t now,
					   char *reason, size_t rlen,
					   const char **list_id)
{
	const char *purpose, *index, *url, *id;
	const struct list *l;
	const pu_jv *size;
	size_t i = 0, k;
	bool bit = false;

	*list_id = NULL;
	if (!pu_jv_is(entry, PU_JV_OBJECT) ||
	    !pu_cred_has_type(entry, "BitstringStatusListEntry")) {
		pu_cred_reason(reason, rlen,
			       "credentialStatus is not a "
			       "BitstringStatusListEntry");
		return PU_CRED_STATUS_UNKNOWN;
	}
	purpose = pu_jv_get_str(entry, "statusPurpose");
	index = pu_jv_get_str(entry, "statusListIndex");
	url = pu_jv_get_str(entry, "statusListCredential");
	id = pu_jv_get_str(entry, "id");
	if (purpose == NULL || index == NULL || url == NULL) {
		pu_cred_reason(reason, rlen,
			       "credentialStatus lacks statusPurpose, "
			       "statusListIndex or statusListCredential");
		return PU_CRED_STATUS_UNKNOWN;
	}
	if (id != NULL && strcmp(id, url) == 0) {
		pu_cred_reason(reason, rlen,
			       "credentialStatus id equals its "
			       "statusListCredential");
		return PU_CRED_STATUS_UNKNOWN;
	}
	if (!valid_purpose(purpose)) {
		pu_cred_reason(reason, rlen,
			       "status purpose \"%.40s\" is not supported",
			       purpose);
		return PU_CRED_STATUS_UNKNOWN;
	}
	size = pu_jv_get(entry, "statusSize");
	if (size != NULL &&
	    !(pu_jv_is(size, PU_JV_NUMBER) && size->u.num == 1)) {
		pu_cred_reason(reason, rlen,
			       "statusSize other than 1 is not supported");
		return PU_CRED_STATUS_UNKNOWN;
	}
	for (k = 0; index[k] != '\0'; k++) {
		if (index[k] < '0' || index[k] > '9' || k >= 12 ||
		    (k == 0 && index[0] == '0' && index[1] != '\0')) {
			pu_cred_reason(reason, rlen,
				       "statusListIndex \"%.20s\" is not a "
				       "non-negative integer",
				       index);
			return PU_CRED_STATUS_UNKNOWN;
		}
		i = i * 10 + (size_t)(index[k] - '0');
	}
	if (k == 0) {
		pu_cred_reason(reason, rlen, "statusListIndex is empty");
		return PU_CRED_STATUS_UNKNOWN;
	}
	l = c ? find(c, url) : NULL;
	if (l == NULL) {
		pu_cred_reason(reason, rlen,
			       "status list %.160s is not in the cache", url);
		return PU_CRED_STATUS_UNKNOWN;
	}
	*list_id = l->id;
	if (l->failed) {
		pu_cred_reason(reason, rlen, "status list %.100s: %s", url,
			       l->reason);
		return PU_CRED_STATUS_UNKNOWN;
	}
	if (issuer == NULL || strcmp(issuer, l->issuer) != 0) {
		pu_cred_reason(reason, rlen,
			       "status list %.100s is issued by %.60s, not by "
			       "the credential's issuer",
			       url, l->issuer);
		return PU_CRED_STATUS_UNKNOWN;
	}
	if (strcmp(l->purpose, purpose) != 0) {
		pu_cred_reason(reason, rlen,
			       "status list %.100s is for %s, the entry for "
			       "%s",
			       url, l->purpose, purpose);
		return PU_CRED_STATUS_UNKNOWN;
	}
	if (l->valid_from != 0 && now < l->valid_from) {
		pu_cred_reason(reason, rlen,
			       "status list %.100s is not valid yet", url);
		return PU_CRED_STATUS_UNKNOWN;
	}
	if (l->valid_until != 0 && now > l->valid_until) {
		pu_cred_reason(reason, rlen,
			       "status list %.100s has expired; get a fresh "
			       "copy",
			       url);
		return PU_CRED_STATUS_UNKNOWN;
	}
	if (pu_cred_bits_get(l->bits, i, &bit) < 0) {
		pu_cred_reason(reason, rlen,
			       "statusListIndex %zu is past the end of %.100s",
			       i, url);
		return PU_CRED_STATUS_UNKNOWN;
	}
	if (!bit) {
		pu_cred_reason(reason, rlen, "not %s (%.100s, index %zu)",
			       strcmp(purpose, "revocation") == 0 ? "revoked"
								  : "suspended",
			       url, i);
		return PU_CRED_STATUS_ACTIVE;
	}
	pu_cred_reason(reason, rlen, "%s (%.100s, index %zu)",
		       strcmp(purpose, "revocation") == 0 ? "revoked"
							  : "suspended",
		       url, i);
	return strcmp(purpose, "revocation") == 0 ? PU_CRED_STATUS_REVOKED
						  : PU_CRED_STATUS_SUSPENDED;
}
