/*
 * Revocation, suspension and its undoing, for one credential or a hundred
 * thousand, in one transaction: select, check the actor on every country
 * concerned, flip the bits list by list (each list decoded and re-signed
 * once), update the records, and write one audit entry with the reason. A
 * revocation is final: a revoked credential is neither suspended nor
 * restored.
 */
#include "issue_internal.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "puente/audit.h"
#include "puente/buf.h"
#include "puente/cred.h"
#include "puente/error.h"

/* A selected credential. */
struct sel {
	char *id;
	char country[17];
	int64_t list, index;
	pu_cred_state state;
};

struct sels {
	struct sel *v;
	size_t n, cap;
};

static void sels_free(struct sels *s)
{
	for (size_t i = 0; i < s->n; i++)
		free(s->v[i].id);
	free(s->v);
}

static int sels_add(const pu_issued *c, void *arg)
{
	struct sels *s = arg;
	struct sel *e;

	if (s->n == PU_REVOKE_MAX)
		return pu_error_set(PU_ELIMIT,
				    "more than %d credentials in one "
				    "revocation",
				    PU_REVOKE_MAX);
	if (s->n == s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 64;
		struct sel *v = realloc(s->v, cap * sizeof(*v));

		if (v == NULL)
			return pu_error_set(PU_ENOMEM, "out of memory");
		s->v = v;
		s->cap = cap;
	}
	e = &s->v[s->n];
	e->id = strdup(c->id);
	if (e->id == NULL)
		return pu_error_set(PU_ENOMEM, "out of memory");
	snprintf(e->country, sizeof(e->country), "%s", c->country);
	e->list = c->list;
	e->index = c->index;
	e->state = c->state;
	s->n++;
	return 0;
}

static int by_list(const void *a, const void *b)
{
	const struct sel *x = a, *y = b;

	if (x->list != y->list)
		return x->list < y->list ? -1 : 1;
	return x->index < y->index ? -1 : x->index > y->index;
}

static int by_id(const void *a, const void *b)
{
	return strcmp(((const struct sel *)a)->id, ((const struct sel *)b)->id);
}

/* A bound of the period as UTC "YYYY-MM-DDTHH:MM:SSZ"; a date alone is its
 * first second, or for the end the first second of the next day. */
static int bound(char out[21], const char *s, bool end)
{
	char tmp[32];
	int64_t t;

	if (strlen(s) == 10) {
		snprintf(tmp, sizeof(tmp), "%sT00:00:00Z", s);
		if (pu_cred_time_parse(&t, tmp) < 0)
			return pu_error_prefix("period: ");
		if (end)
			t += 86400;
	} else if (pu_cred_time_parse(&t, s) < 0) {
		return pu_error_prefix("period: ");
	}
	pu_issue_time(out, t);
	return 0;
}

/* What the action does to a credential: the bit to write (purpose and
 * value) and the new state; false when it stays as it is. */
static bool transition(pu_revoke_action a, pu_cred_state from,
		       pu_cred_state *to, bool *revocation, bool *value)
{
	switch (a) {
	case PU_REVOKE_REVOKE:
		*to = PU_CRED_REVOKED;
		*revocation = true;
		*value = true;
		return from != PU_CRED_REVOKED;
	case PU_REVOKE_SUSPEND:
		*to = PU_CRED_SUSPENDED;
		*revocation = false;
		*value = true;
		return from == PU_CRED_ACTIVE;
	default:
		*to = PU_CRED_ACTIVE;
		*revocation = false;
		*value = false;
		return from == PU_CRED_SUSPENDED;
	}
}

/* Applies the action to the credentials v[0..n) of one list. */
static int apply_list(pu_store *st, const pu_store_cred_ops *ops,
		      const pu_revoke_options *o, struct sel *v, size_t n,
		      const char *at, int64_t now, pu_revoke_result *res)
{
	pu_cred_list_row l = {0};
	pu_cred_bits *rev = NULL, *sus = NULL;
	pu_buf enc_r = PU_BUF_INIT, enc_s = PU_BUF_INIT;
	const pu_cred_key *key = NULL;
	size_t changed = 0;
	int rc;

	rc = ops->list_get(st, v[0].list, NULL, &l);
	if (rc == PU_ENOTFOUND)
		rc = pu_error_set(PU_ESTORE, "status list %lld is missing",
				  (long long)v[0].list);
	if (rc == 0)
		rc = pu_cred_bits_decode(&rev, l.revocation);
	if (rc == 0)
		rc = pu_cred_bits_decode(&sus, l.suspension);
	for (size_t i = 0; rc == 0 && i < n; i++) {
		pu_cred_state to;
		bool revocation, value;

		if (i > 0 && v[i].index == v[i - 1].index)
			continue; /* the same id given twice */
		if (!transition(o->action, v[i].state, &to, &revocation,
				&value)) {
			res->unchanged++;
			continue;
		}
		rc = pu_cred_bits_set(revocation ? rev : sus,
				      (size_t)v[i].index, value);
		if (rc == 0)
			rc = ops->cred_set_state(st, v[i].id, to, at);
		changed++;
	}
	if (rc < 0 || changed == 0)
		goto done;
	res->changed += changed;
	rc = pu_cred_bits_encode(rev, &enc_r);
	if (rc == 0)
		rc = pu_cred_bits_encode(sus, &enc_s);
	if (rc == 0 && o->key_for == NULL)
		rc = pu_error_set(PU_EINVAL, "re-signing the status list needs "
					     "the issuer's key");
	if (rc == 0)
		rc = o->key_for(o->key_arg, l.issuer, &key);
	if (rc < 0)
		goto done;
	free(l.revocation);
	free(l.suspension);
	l.revocation = pu_buf_detach(&enc_r);
	l.suspension = pu_buf_detach(&enc_s);
	if (l.revocation == NULL || l.suspension == NULL) {
		rc = pu_error_set(PU_ENOMEM, "out of memory");
		goto done;
	}
	rc = pu_issue_sign_lists(&l, key, now, PU_ISSUE_LIST_TTL_MS, 0);
	if (rc == 0)
		rc = ops->list_update(st, &l);
	if (rc == 0)
		res->lists++;
done:
	pu_cred_list_row_clear(&l);
	pu_cred_bits_free(rev);
	pu_cred_bits_free(sus);
	pu_buf_free(&enc_r);
	pu_buf_free(&enc_s);
	return rc;
}

static const char *action_name(pu_revoke_action a)
{
	return a == PU_REVOKE_REVOKE	? "credential.revoke"
	       : a == PU_REVOKE_SUSPEND ? "credential.suspend"
					: "credential.unsuspend";
}

/* One audit entry: subject the id (or the count) and the reason, digest the
 * sorted ids; country the one concerned, "" when several. */
static int audit(pu_store *st, const pu_revoke_options *o, struct sels *s)
{
	pu_buf ids = PU_BUF_INIT, subject = PU_BUF_INIT;
	unsigned char digest[32];
	const char *country = s->v[0].country;
	int rc = 0;

	qsort(s->v, s->n, sizeof(s->v[0]), by_id);
	for (size_t i = 0; rc == 0 && i < s->n; i++) {
		rc = pu_buf_printf(&ids, "%s\n", s->v[i].id);
		if (strcmp(s->v[i].country, country) != 0)
			country = "";
	}
	if (rc == 0)
		rc = s->n == 1 ? pu_buf_printf(&subject, "%s: %s", s->v[0].id,
					       o->reason)
			       : pu_buf_printf(&subject, "%zu credentials: %s",
					       s->n, o->reason);
	if (rc == 0) {
		pu_audit_digest(ids.ptr, ids.len, digest);
		rc = pu_audit_append(st, o->actor ? o->actor : o->local,
				     action_name(o->action), country,
				     subject.ptr, digest);
	}
	pu_buf_free(&ids);
	pu_buf_free(&subject);
	return rc;
}

static int check_reason(const char *r)
{
	size_t n = r ? strlen(r) : 0;

	if (n == 0 || n > PU_REVOKE_MAX_REASON)
		return pu_error_set(PU_EINVAL,
				    "a reason is needed (1 to %d "
				    "bytes); it is kept in the audit log",
				    PU_REVOKE_MAX_REASON);
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)r[i] < 0x20)
			return pu_error_set(PU_EINVAL,
					    "reason: one line, "
					    "without control characters");
	return 0;
}

/* Every country concerned must be within the actor's scope. */
static int check_scope(const pu_revoke_options *o, const struct sels *s)
{
	const char *last = NULL;

	if (o->actor == NULL)
		return 0;
	for (size_t i = 0; i < s->n; i++) {
		int rc;

		if (last != NULL && strcmp(last, s->v[i].country) == 0)
			continue;
		last = s->v[i].country;
		rc = pu_authorize(o->actor, PU_ACT_CRED_REVOKE, last, NULL);
		if (rc < 0)
			return pu_error_prefix("%s: ", s->v[i].id);
	}
	return 0;
}

static int select_creds(pu_store *st, const pu_store_cred_ops *ops,
			const pu_revoke_options *o, struct sels *s)
{
	char from[21], to[21];
	int rc = 0;

	if (o->nids > 0) {
		for (size_t i = 0; rc == 0 && i < o->nids; i++) {
			pu_issued c;

			rc = ops->cred_get(st, o->ids[i], &c);
			if (rc == PU_ENOTFOUND)
				rc = pu_error_set(PU_ENOTFOUND,
						  "no credential %.100s issued "
						  "here",
						  o->ids[i]);
			if (rc == 0)
				rc = sels_add(&c, s);
		}
		return rc;
	}
	if (o->issuer == NULL && o->from == NULL && o->to == NULL)
		return pu_error_set(PU_EINVAL, "which credentials? ids, an "
					       "issuer or a period");
	if ((o->from && (rc = bound(from, o->from, false)) < 0) ||
	    (o->to && (rc = bound(to, o->to, true)) < 0))
		return rc;
	return ops->cred_each(st, o->issuer, o->from ? from : NULL,
			      o->to ? to : NULL, sels_add, s);
}

int pu_revoke(pu_store *st, const pu_revoke_options *o, pu_revoke_result *res)
{
	const pu_store_cred_ops *ops = pu_issue_ops(st);
	struct sels s = {0};
	char at[21];
	int64_t now;
	int rc;

	memset(res, 0, sizeof(*res));
	if (ops == NULL)
		return PU_ESTORE;
	if (o == NULL || o->version != PU_REVOKE_OPTIONS_VERSION ||
	    (unsigned)o->action > PU_REVOKE_UNSUSPEND)
		return pu_error_set(PU_EINVAL,
				    "revoke: options of version %d "
				    "are needed",
				    PU_REVOKE_OPTIONS_VERSION);
	if ((rc = check_reason(o->reason)) < 0)
		return rc;
	now = o->now ? o->now : pu_auth_now();
	pu_issue_time(at, now);
	if (ops->bulk != NULL && (rc = ops->bulk(st, true)) < 0)
		return rc;
	rc = pu_store_begin(st);
	if (rc == 0)
		rc = select_creds(st, ops, o, &s);
	if (rc == 0 && s.n == 0)
		rc = pu_error_set(PU_ENOTFOUND, "no credential matches");
	if (rc == 0) {
		res->matched = s.n;
		qsort(s.v, s.n, sizeof(s.v[0]), by_list);
		rc = check_scope(o, &s);
	}
	for (size_t i = 0; rc == 0 && i < s.n;) {
		size_t j = i;

		while (j < s.n && s.v[j].list == s.v[i].list)
			j++;
		rc = apply_list(st, ops, o, s.v + i, j - i, at, now, res);
		i = j;
	}
	if (rc == 0 && res->changed > 0)
		rc = audit(st, o, &s);
	if (rc == 0)
		rc = pu_store_commit(st);
	if (rc < 0) {
		pu_store_rollback(st);
		memset(res, 0, sizeof(*res));
	}
	if (ops->bulk != NULL && ops->bulk(st, false) < 0 && rc == 0)
		rc = pu_error_code();
	sels_free(&s);
	return rc;
}
