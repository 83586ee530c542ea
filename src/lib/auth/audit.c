/*
 * The audit log's rules, the same for every backend: the canonical form of an
 * entry, the chain hash = SHA-256(prev || canonical entry), appending inside
 * the writer's transaction, and verification. The canonical form is
 * "puente-audit-1\n" then each field as "<length>:<bytes>\n" in a fixed order
 * (seq, at, actor_id, actor, action, country, subject, digest), so that no
 * value, whatever bytes it holds, can pass for another split of the fields.
 */
#include "puente/audit.h"

#include "check.h"
#include "puente/buf.h"
#include "puente/error.h"
#include "puente/store.h"
#include "store/store_auth.h"

#include <inttypes.h>
#include <stdarg.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define ZERO_HASH "0000000000000000000000000000000000000000000000000000000000000000"

static const pu_store_auth_ops *ops(pu_store *st)
{
	return st->ops->auth;
}

void pu_audit_digest(const void *data, size_t len, unsigned char out[32])
{
	crypto_hash_sha256(out, data, len);
}

static void field(crypto_hash_sha256_state *h, const char *v)
{
	char len[24];
	size_t n = strlen(v);

	snprintf(len, sizeof(len), "%zu:", n);
	crypto_hash_sha256_update(h, (const unsigned char *)len, strlen(len));
	crypto_hash_sha256_update(h, (const unsigned char *)v, n);
	crypto_hash_sha256_update(h, (const unsigned char *)"\n", 1);
}

/* The hash of e over its fields and e->prev, in hex; -1 when prev is not a
 * hash. */
static int entry_hash(const pu_audit_entry *e, char out[65])
{
	crypto_hash_sha256_state h;
	unsigned char prev[32], sum[32];
	char num[24];
	size_t n = 0;

	if (strlen(e->prev) != 64 ||
	    sodium_hex2bin(prev, sizeof(prev), e->prev, 64, NULL, &n, NULL) !=
		    0 ||
	    n != 32)
		return -1;
	crypto_hash_sha256_init(&h);
	crypto_hash_sha256_update(&h, prev, sizeof(prev));
	crypto_hash_sha256_update(&h, (const unsigned char *)"puente-audit-1\n",
				  15);
	snprintf(num, sizeof(num), "%" PRId64, e->seq);
	field(&h, num);
	field(&h, e->at);
	snprintf(num, sizeof(num), "%" PRId64, e->actor_id);
	field(&h, num);
	field(&h, e->actor);
	field(&h, e->action);
	field(&h, e->country);
	field(&h, e->subject);
	field(&h, e->digest);
	crypto_hash_sha256_final(&h, sum);
	sodium_bin2hex(out, 65, sum, sizeof(sum));
	return 0;
}

static int check_action(const char *a)
{
	size_t n = a ? strlen(a) : 0;

	if (n == 0 || n > 31)
		return pu_error_set(PU_EINVAL, "audit action: 1 to 31 "
				    "characters");
	for (size_t i = 0; i < n; i++)
		if (!((a[i] >= 'a' && a[i] <= 'z') || a[i] == '.' ||
		      a[i] == '_'))
			return pu_error_set(PU_EINVAL, "audit action: \"%.31s\" "
					    "is not [a-z._]", a);
	return 0;
}

/* Copies subject, cut at a character boundary, control characters as '?'. */
static void copy_subject(char *dst, const char *src)
{
	size_t n = src ? strlen(src) : 0;

	if (n > PU_AUDIT_MAX_SUBJECT) {
		n = PU_AUDIT_MAX_SUBJECT;
		while (n > 0 && ((unsigned char)src[n] & 0xc0) == 0x80)
			n--;
	}
	for (size_t i = 0; i < n; i++)
		dst[i] = (unsigned char)src[i] < 0x20 || src[i] == 0x7f
				 ? '?'
				 : src[i];
	dst[n] = '\0';
}

int pu_audit_append(pu_store *st, const pu_actor *actor, const char *action,
		    const char *country, const char *subject,
		    const unsigned char digest[32])
{
	pu_audit_entry e;
	time_t t = (time_t)pu_auth_now();
	struct tm tm;
	int rc;

	if (!st->in_tx)
		return pu_error_set(PU_ESTORE, "the audit log is written inside "
				    "the change's transaction (pu_store_begin)");
	if ((rc = check_action(action)) < 0)
		return rc;
	if (country != NULL && country[0] != '\0' &&
	    (rc = pu_check_country(country, "audit country")) < 0)
		return rc;
	memset(&e, 0, sizeof(e));
	if ((rc = ops(st)->audit_head(st, &e.seq, e.prev)) < 0)
		return rc;
	e.seq++;
	if (e.prev[0] == '\0')
		snprintf(e.prev, sizeof(e.prev), "%s", ZERO_HASH);
	gmtime_r(&t, &tm);
	strftime(e.at, sizeof(e.at), "%Y-%m-%dT%H:%M:%SZ", &tm);
	if (actor != NULL) {
		e.actor_id = actor->user_id;
		snprintf(e.actor, sizeof(e.actor), "%s", actor->name);
	} else {
		snprintf(e.actor, sizeof(e.actor), "system");
	}
	snprintf(e.action, sizeof(e.action), "%s", action);
	snprintf(e.country, sizeof(e.country), "%s", country ? country : "");
	copy_subject(e.subject, subject);
	sodium_bin2hex(e.digest, sizeof(e.digest), digest, 32);
	if (entry_hash(&e, e.hash) < 0)
		return pu_error_set(PU_ESTORE, "audit log: the last entry's "
				    "hash \"%.64s\" is damaged", e.prev);
	return ops(st)->audit_insert(st, &e);
}

int pu_audit_list(pu_store *st, const pu_actor *by, const char *country,
		  size_t limit, pu_audit_entry **out, size_t *n)
{
	int rc;

	*out = NULL;
	*n = 0;
	if (country != NULL && country[0] == '\0')
		country = NULL;
	if (by != NULL && country == NULL && by->role == PU_ROLE_AUTHORITY)
		country = by->country;
	if (by != NULL &&
	    (rc = pu_authorize(by, PU_ACT_AUDIT_READ, country, NULL)) < 0)
		return rc;
	if (limit == 0)
		limit = 50;
	if (limit > 10000)
		return pu_error_set(PU_ELIMIT, "audit list: at most 10000 "
				    "entries at a time");
	return ops(st)->audit_list(st, country, limit, out, n);
}

const char *pu_audit_problem_name(pu_audit_problem p)
{
	static const char *const names[] = {"intact", "edited", "missing",
					    "bad link", "truncated"};

	return (unsigned)p < sizeof(names) / sizeof(names[0]) ? names[p]
							      : "unknown";
}

struct walk {
	pu_audit_report *r;
	int64_t next;  /* the seq expected */
	char prev[65]; /* the hash of the entry before */
	int64_t head_seq;
	const char *head_hash;
	bool head_seen;
};

static void problem(struct walk *w, pu_audit_problem p, int64_t seq,
		    const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static void problem(struct walk *w, pu_audit_problem p, int64_t seq,
		    const char *fmt, ...)
{
	va_list ap;

	if (w->r->problem != PU_AUDIT_INTACT)
		return; /* the first one is reported */
	w->r->problem = p;
	w->r->broken_seq = seq;
	va_start(ap, fmt);
	vsnprintf(w->r->detail, sizeof(w->r->detail), fmt, ap);
	va_end(ap);
}

static int visit(const pu_audit_entry *e, void *arg)
{
	struct walk *w = arg;
	char h[65];

	w->r->checked++;
	if (e->seq > w->next + 1)
		problem(w, PU_AUDIT_MISSING, w->next,
			"entries %" PRId64 " to %" PRId64 " are missing "
			"(deleted)",
			w->next, e->seq - 1);
	else if (e->seq == w->next + 1)
		problem(w, PU_AUDIT_MISSING, w->next,
			"entry %" PRId64 " is missing (deleted)", w->next);
	else if (e->seq != w->next)
		problem(w, PU_AUDIT_BAD_LINK, e->seq,
			"entry %" PRId64 " is out of order", e->seq);
	if (entry_hash(e, h) < 0 || strcmp(h, e->hash) != 0)
		problem(w, PU_AUDIT_EDITED, e->seq,
			"entry %" PRId64 " was edited: its hash does not match "
			"its content",
			e->seq);
	else if (strcmp(e->prev, w->prev) != 0)
		problem(w, PU_AUDIT_BAD_LINK, e->seq,
			"entry %" PRId64 " does not chain to entry %" PRId64
			" (an entry before it was replaced or reordered)",
			e->seq, e->seq - 1);
	if (w->head_seq > 0 && e->seq == w->head_seq) {
		w->head_seen = true;
		if (strcmp(e->hash, w->head_hash) != 0)
			problem(w, PU_AUDIT_TRUNCATED, e->seq,
				"entry %" PRId64 " differs from the recorded "
				"head: the log was rewritten from there",
				e->seq);
	}
	snprintf(w->prev, sizeof(w->prev), "%s", e->hash);
	w->next = e->seq + 1;
	w->r->head_seq = e->seq;
	snprintf(w->r->head_hash, sizeof(w->r->head_hash), "%s", e->hash);
	return 0;
}

int pu_audit_verify(pu_store *st, const pu_actor *by, int64_t head_seq,
		    const char *head_hash, pu_audit_report *out)
{
	struct walk w = {out, 1, ZERO_HASH, head_seq, head_hash, false};
	char lower[65];
	int rc;

	memset(out, 0, sizeof(*out));
	if (by != NULL &&
	    (rc = pu_authorize(by, PU_ACT_AUDIT_READ, NULL, NULL)) < 0)
		return rc;
	if (head_seq > 0) {
		size_t n = head_hash ? strlen(head_hash) : 0;

		if (n != 64)
			return pu_error_set(PU_EINVAL, "head: the hash must be "
					    "64 hexadecimal digits");
		for (size_t i = 0; i < n; i++) {
			char c = head_hash[i];

			if (c >= 'A' && c <= 'F')
				c = (char)(c - 'A' + 'a');
			if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')))
				return pu_error_set(PU_EINVAL, "head: the hash "
						    "must be 64 hexadecimal "
						    "digits");
			lower[i] = c;
		}
		lower[64] = '\0';
		w.head_hash = lower;
	}
	rc = ops(st)->audit_each(st, visit, &w);
	if (rc < 0)
		return rc;
	if (head_seq > 0 && !w.head_seen)
		problem(&w, PU_AUDIT_TRUNCATED, out->head_seq + 1,
			"the log ends at entry %" PRId64 " but entry %" PRId64
			" was recorded as its head (entries deleted from the "
			"end)",
			out->head_seq, head_seq);
	return 0;
}
