/*
 * Accounts, sign-in, sessions and API tokens. Passwords are hashed with
 * Argon2id (crypto_pwhash_str, interactive limits); session and API tokens
 * are 32 random bytes, shown once as "pus_..." / "pua_..." and stored only as
 * the SHA-256 of the token string, so a copy of the database opens nothing.
 * Sign-in failures are counted per name typed (whether an account has it or
 * not) and every failure reads the same and takes as long, so that no answer
 * tells which names exist. Secrets held in memory are wiped before return.
 */
#include "puente/auth.h"

#include "check.h"
#include "puente/audit.h"
#include "puente/buf.h"
#include "puente/error.h"
#include "puente/store.h"
#include "store/store_auth.h"

#include <inttypes.h>
#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TOKEN_BYTES 32
#define TOKEN_CHARS 43 /* base64url of 32 bytes, no padding */
#define TOKEN_LEN (4 + TOKEN_CHARS)
#define TOUCH_EVERY 60 /* seconds between writes of a session's idle time */

static const char bad_login[] = "wrong name or password";

static const pu_store_auth_ops *ops(pu_store *st)
{
	return st->ops->auth;
}

static int ready(void)
{
	if (sodium_init() < 0)
		return pu_error_set(PU_EIO, "libsodium could not start");
	return 0;
}

/* Folds name to lower case into out; PU_EINVAL unless 1 to 64 of
 * [a-z0-9._@-] starting with a letter or digit. */
static int fold_name(const char *name, char out[PU_AUTH_MAX_NAME + 1])
{
	size_t n = name ? strlen(name) : 0;

	if (n == 0 || n > PU_AUTH_MAX_NAME)
		return pu_error_set(PU_EINVAL, "name: 1 to %d characters",
				    PU_AUTH_MAX_NAME);
	for (size_t i = 0; i < n; i++) {
		char c = name[i];

		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		      (i > 0 && (c == '.' || c == '_' || c == '@' ||
				 c == '-'))))
			return pu_error_set(PU_EINVAL,
					    "name: \"%.64s\" may hold only "
					    "letters a-z, digits and . _ @ - "
					    "(starting with a letter or digit)",
					    name);
		out[i] = c;
	}
	out[n] = '\0';
	return 0;
}

static int check_centre(const char *c)
{
	size_t n = strlen(c);

	if (n == 0 || n > PU_AUTH_MAX_CENTRE)
		return pu_error_set(PU_EINVAL, "centre: 1 to %d characters",
				    PU_AUTH_MAX_CENTRE);
	for (size_t i = 0; i < n; i++)
		if (!((c[i] >= 'a' && c[i] <= 'z') ||
		      (c[i] >= 'A' && c[i] <= 'Z') ||
		      (c[i] >= '0' && c[i] <= '9') || c[i] == '.' ||
		      c[i] == '_' || c[i] == '-'))
			return pu_error_set(PU_EINVAL, "centre: \"%.64s\" may "
					    "hold only letters, digits and "
					    ". _ -", c);
	return 0;
}

/* At least PU_AUTH_MIN_PASSWORD characters, not the account's name. */
static int check_password(const char *pw, const char *name)
{
	size_t n = pw ? strlen(pw) : 0, chars = 0;

	if (n > PU_AUTH_MAX_PASSWORD)
		return pu_error_set(PU_ELIMIT, "password: longer than %d bytes",
				    PU_AUTH_MAX_PASSWORD);
	for (size_t i = 0; i < n; i++)
		if (((unsigned char)pw[i] & 0xc0) != 0x80)
			chars++;
	if (chars < PU_AUTH_MIN_PASSWORD)
		return pu_error_set(PU_EINVAL, "password: at least %d "
				    "characters", PU_AUTH_MIN_PASSWORD);
	if (strlen(name) == n) {
		size_t i = 0;

		while (i < n && (pw[i] | 0x20) == (name[i] | 0x20))
			i++;
		if (i == n)
			return pu_error_set(PU_EINVAL, "password: must not be "
					    "the account's name");
	}
	return 0;
}

/* Argon2id takes 64 MiB per hash: at most MAX_HASHING at once in the
 * process, so that a burst of sign-ins on a server with many threads waits
 * instead of exhausting memory. */
#define MAX_HASHING 4

static pthread_mutex_t hashing_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t hashing_done = PTHREAD_COND_INITIALIZER;
static int hashing;

static void hashing_enter(void)
{
	pthread_mutex_lock(&hashing_lock);
	while (hashing >= MAX_HASHING)
		pthread_cond_wait(&hashing_done, &hashing_lock);
	hashing++;
	pthread_mutex_unlock(&hashing_lock);
}

static void hashing_leave(void)
{
	pthread_mutex_lock(&hashing_lock);
	hashing--;
	pthread_cond_signal(&hashing_done);
	pthread_mutex_unlock(&hashing_lock);
}

static int hash_password(const char *pw, char out[PU_PWHASH_SIZE])
{
	int rc;

	hashing_enter();
	rc = crypto_pwhash_str(out, pw, strlen(pw),
			       crypto_pwhash_OPSLIMIT_INTERACTIVE,
			       crypto_pwhash_MEMLIMIT_INTERACTIVE);
	hashing_leave();
	if (rc != 0)
		return pu_error_set(PU_ENOMEM, "hashing a password: out of "
				    "memory");
	return 0;
}

/* True when pw opens hash. */
static bool verify_password(const char *hash, const char *pw, size_t len)
{
	int rc;

	hashing_enter();
	rc = crypto_pwhash_str_verify(hash, pw, len);
	hashing_leave();
	return rc == 0;
}

/* Role, country and centre fit together. */
static int check_shape(const pu_user *u)
{
	int rc;

	switch (u->role) {
	case PU_ROLE_ADMIN:
		if (u->country[0] || u->centre[0])
			return pu_error_set(PU_EINVAL, "an admin has no country "
					    "or centre (it acts in every "
					    "country)");
		return 0;
	case PU_ROLE_AUTHORITY:
		if (u->centre[0])
			return pu_error_set(PU_EINVAL, "an authority has no "
					    "centre");
		return pu_check_country(u->country, "country");
	case PU_ROLE_CENTRE:
	case PU_ROLE_ASSESSOR:
		if ((rc = pu_check_country(u->country, "country")) < 0)
			return rc;
		if (u->centre[0] == '\0')
			return pu_error_set(PU_EINVAL, "centre: missing (%s "
					    "accounts belong to a centre)",
					    pu_role_name(u->role));
		return check_centre(u->centre);
	default:
		return pu_error_set(PU_EINVAL, "role: missing");
	}
}

/* by may manage an account of role in country: PU_ACT_USER_MANAGE in that
 * country, and only an administrator manages administrators and
 * authorities. */
static int may_manage(const pu_actor *by, pu_role role, const char *country)
{
	int rc = pu_authorize(by, PU_ACT_USER_MANAGE,
			      country[0] ? country : NULL, NULL);

	if (rc < 0)
		return rc;
	if (by->role != PU_ROLE_ADMIN &&
	    (role == PU_ROLE_ADMIN || role == PU_ROLE_AUTHORITY))
		return pu_error_set(PU_EDENIED, "only an administrator may "
				    "manage %s accounts", pu_role_name(role));
	return 0;
}

/* Audits a change to account u, in the open transaction. */
static int audit_user(pu_store *st, const pu_actor *by, const char *action,
		      const pu_user *u, const char *change)
{
	unsigned char digest[32];
	char subject[64];
	pu_buf b = PU_BUF_INIT;
	int rc;

	rc = pu_buf_printf(&b, "user:%" PRId64 "\nrole:%s\ncountry:%s\n"
			   "centre:%s\n%s",
			   u->id, pu_role_name(u->role), u->country, u->centre,
			   change);
	if (rc < 0)
		return rc;
	pu_audit_digest(b.ptr, b.len, digest);
	pu_buf_free(&b);
	snprintf(subject, sizeof(subject), "user:%" PRId64, u->id);
	return pu_audit_append(st, by, action, u->country, subject, digest);
}

int pu_user_add(pu_store *st, const pu_actor *by, const pu_user *u,
		const char *password, int64_t *id)
{
	char pwhash[PU_PWHASH_SIZE] = "";
	pu_user nu;
	int rc;

	memset(&nu, 0, sizeof(nu));
	if ((rc = ready()) < 0 || (rc = fold_name(u->name, nu.name)) < 0)
		return rc;
	nu.role = u->role;
	snprintf(nu.country, sizeof(nu.country), "%s", u->country);
	snprintf(nu.centre, sizeof(nu.centre), "%s", u->centre);
	if ((rc = check_shape(&nu)) < 0 ||
	    (rc = may_manage(by, nu.role, nu.country)) < 0 ||
	    (rc = check_password(password, nu.name)) < 0 ||
	    (rc = hash_password(password, pwhash)) < 0)
		goto done;
	if ((rc = pu_store_begin(st)) < 0)
		goto done;
	nu.created_at = pu_auth_now();
	rc = ops(st)->user_insert(st, &nu, pwhash, nu.created_at, &nu.id);
	if (rc == 0)
		rc = audit_user(st, by, "user.add", &nu, "added");
	if (rc == 0)
		rc = pu_store_commit(st);
	if (rc < 0)
		pu_store_rollback(st);
	else if (id != NULL)
		*id = nu.id;
done:
	sodium_memzero(pwhash, sizeof(pwhash));
	return rc;
}

/* The account called name; PU_ENOTFOUND with a message. */
static int get_user(pu_store *st, const char *name, pu_user *out, char *pwhash)
{
	char folded[PU_AUTH_MAX_NAME + 1];
	int rc = fold_name(name, folded);

	if (rc < 0)
		return rc;
	rc = ops(st)->user_get(st, folded, 0, out, pwhash);
	if (rc == PU_ENOTFOUND)
		return pu_error_set(PU_ENOTFOUND, "no user %s", folded);
	return rc;
}

int pu_user_get(pu_store *st, const char *name, pu_user *out)
{
	return get_user(st, name, out, NULL);
}

int pu_user_list(pu_store *st, const pu_actor *by, pu_user **out, size_t *n)
{
	const char *country = NULL;
	int rc;

	*out = NULL;
	*n = 0;
	if (by != NULL && by->role != PU_ROLE_ADMIN) {
		rc = pu_authorize(by, PU_ACT_USER_MANAGE,
				  by->country[0] ? by->country : NULL, NULL);
		if (rc < 0)
			return rc;
		country = by->country;
	}
	return ops(st)->user_list(st, country, out, n);
}

int pu_user_set_disabled(pu_store *st, const pu_actor *by, const char *name,
			 bool disabled)
{
	pu_user u;
	int rc;

	if ((rc = get_user(st, name, &u, NULL)) < 0 ||
	    (rc = may_manage(by, u.role, u.country)) < 0)
		return rc;
	if ((rc = pu_store_begin(st)) < 0)
		return rc;
	rc = ops(st)->user_set_disabled(st, u.id, disabled);
	if (rc == 0 && disabled)
		rc = ops(st)->session_delete_user(st, u.id);
	if (rc == 0)
		rc = audit_user(st, by, disabled ? "user.disable" : "user.enable",
				&u, disabled ? "disabled" : "enabled");
	if (rc == 0)
		rc = pu_store_commit(st);
	if (rc < 0)
		pu_store_rollback(st);
	return rc;
}

int pu_user_set_password(pu_store *st, const pu_actor *by, const char *name,
			 const char *old_password,
			 const char *new_password)
{
	char pwhash[PU_PWHASH_SIZE] = "";
	pu_user u;
	int rc;

	if ((rc = ready()) < 0 || (rc = get_user(st, name, &u, pwhash)) < 0)
		goto done;
	if (by != NULL && by->user_id != 0 && by->user_id == u.id) {
		if (old_password == NULL ||
		    strlen(old_password) > PU_AUTH_MAX_PASSWORD ||
		    !verify_password(pwhash, old_password,
				     strlen(old_password))) {
			rc = pu_error_set(PU_EAUTH, "the current password is "
					  "wrong");
			goto done;
		}
	} else if ((rc = may_manage(by, u.role, u.country)) < 0) {
		goto done;
	}
	if ((rc = check_password(new_password, u.name)) < 0 ||
	    (rc = hash_password(new_password, pwhash)) < 0 ||
	    (rc = pu_store_begin(st)) < 0)
		goto done;
	rc = ops(st)->user_set_password(st, u.id, pwhash, pu_auth_now());
	if (rc == 0)
		rc = ops(st)->session_delete_user(st, u.id);
	if (rc == 0)
		rc = audit_user(st, by, "user.password", &u, "password changed");
	if (rc == 0)
		rc = pu_store_commit(st);
	if (rc < 0)
		pu_store_rollback(st);
done:
	sodium_memzero(pwhash, sizeof(pwhash));
	return rc;
}

/* A hash that no password opens, verified for unknown names so that they
 * take as long as known ones. */
static char dummy_hash[PU_PWHASH_SIZE];
static pthread_once_t dummy_once = PTHREAD_ONCE_INIT;

/* Spends the time of a verification, for answers that must not be faster. */
static void waste_verify(void)
{
	if (verify_password(dummy_hash, "", 0))
		dummy_hash[0] = '\0'; /* cannot happen: no password opens it */
}

static void make_dummy(void)
{
	unsigned char pw[24];
	char hex[49];

	randombytes_buf(pw, sizeof(pw));
	sodium_bin2hex(hex, sizeof(hex), pw, sizeof(pw));
	if (hash_password(hex, dummy_hash) < 0) {
		dummy_hash[0] = '\0';
		pu_error_clear();
	}
	sodium_memzero(pw, sizeof(pw));
	sodium_memzero(hex, sizeof(hex));
}

/* A new token "<prefix>" + base64url(32 random bytes) into token, and the
 * SHA-256 of the string into hash. */
static void new_token(const char *prefix, char token[PU_AUTH_TOKEN_SIZE],
		      unsigned char hash[32])
{
	unsigned char raw[TOKEN_BYTES];

	randombytes_buf(raw, sizeof(raw));
	memcpy(token, prefix, 4);
	sodium_bin2base64(token + 4, PU_AUTH_TOKEN_SIZE - 4, raw, sizeof(raw),
			  sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	crypto_hash_sha256(hash, (const unsigned char *)token, TOKEN_LEN);
	sodium_memzero(raw, sizeof(raw));
}

/* The SHA-256 of a presented token; -1 when it is not of the shape prefix
 * gives (no message set). */
static int token_hash(const char *token, const char *prefix,
		      unsigned char hash[32])
{
	size_t n = token ? strnlen(token, TOKEN_LEN + 1) : 0;

	if (n != TOKEN_LEN || memcmp(token, prefix, 4) != 0)
		return -1;
	for (size_t i = 4; i < n; i++) {
		char c = token[i];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		      (c >= '0' && c <= '9') || c == '-' || c == '_'))
			return -1;
	}
	crypto_hash_sha256(hash, (const unsigned char *)token, n);
	return 0;
}

/* Records a failure of name and locks it after too many. */
static int note_failure(pu_store *st, const char *name, int64_t now)
{
	int n = 0, rc = pu_store_begin(st);

	if (rc < 0)
		return rc;
	rc = ops(st)->failure_add(st, name, now, now - PU_AUTH_LOCK_WINDOW);
	if (rc == 0)
		rc = ops(st)->failure_count(st, name, now - PU_AUTH_LOCK_WINDOW,
					    &n);
	if (rc == 0 && n >= PU_AUTH_LOCK_FAILURES) {
		rc = ops(st)->lock_set(st, name, now + PU_AUTH_LOCK_TIME);
		if (rc == 0)
			rc = ops(st)->failure_clear(st, name);
	}
	if (rc == 0)
		rc = pu_store_commit(st);
	if (rc < 0)
		pu_store_rollback(st);
	return rc;
}

static void fill_session(pu_session *out, const pu_user *u,
			 const pu_session_row *row)
{
	int64_t idle = row->seen_at + PU_AUTH_SESSION_IDLE,
		max = row->created_at + PU_AUTH_SESSION_MAX;

	memset(out, 0, sizeof(*out));
	pu_user_actor(u, &out->actor);
	snprintf(out->csrf, sizeof(out->csrf), "%s", row->csrf);
	out->created_at = row->created_at;
	out->expires_at = idle < max ? idle : max;
}

int pu_auth_login(pu_store *st, const char *name, const char *password,
		  char token[PU_AUTH_TOKEN_SIZE], pu_session *out)
{
	char folded[PU_AUTH_MAX_NAME + 1], pwhash[PU_PWHASH_SIZE] = "";
	unsigned char hash[32], csrf_raw[TOKEN_BYTES];
	pu_session_row row;
	pu_user u;
	int64_t now = pu_auth_now(), until = 0;
	bool known = false, ok;
	size_t pwlen = password ? strlen(password) : 0;
	int rc;

	token[0] = '\0';
	if ((rc = ready()) < 0)
		return rc;
	pthread_once(&dummy_once, make_dummy);
	if (fold_name(name, folded) < 0) {
		/* No account can have this name: nothing to count. */
		waste_verify();
		return pu_error_set(PU_EAUTH, "%s", bad_login);
	}
	if ((rc = ops(st)->lock_get(st, folded, &until)) < 0)
		goto done;
	if (until > now) {
		rc = pu_error_set(PU_EAUTH, "too many failed sign-ins with this "
				  "name: try again in %" PRId64 " minutes",
				  (until - now + 59) / 60);
		goto done;
	}
	rc = ops(st)->user_get(st, folded, 0, &u, pwhash);
	if (rc == 0)
		known = true;
	else if (rc != PU_ENOTFOUND)
		goto done;
	if (pwlen > PU_AUTH_MAX_PASSWORD) {
		waste_verify();
		ok = false;
	} else {
		ok = verify_password(known ? pwhash : dummy_hash,
				     password ? password : "", pwlen);
	}
	if (!known || u.disabled)
		ok = false;
	if (!ok) {
		rc = note_failure(st, folded, now);
		if (rc == 0)
			rc = pu_error_set(PU_EAUTH, "%s", bad_login);
		goto done;
	}
	memset(&row, 0, sizeof(row));
	row.user_id = u.id;
	row.created_at = row.seen_at = now;
	randombytes_buf(csrf_raw, sizeof(csrf_raw));
	sodium_bin2base64(row.csrf, sizeof(row.csrf), csrf_raw,
			  sizeof(csrf_raw),
			  sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	/* A hash made with weaker limits than today's is renewed now that
	 * the password is at hand. */
	if (crypto_pwhash_str_needs_rehash(pwhash,
					   crypto_pwhash_OPSLIMIT_INTERACTIVE,
					   crypto_pwhash_MEMLIMIT_INTERACTIVE) ==
		    0 ||
	    hash_password(password, pwhash) < 0) {
		pu_error_clear();
		pwhash[0] = '\0';
	}
	new_token("pus_", token, hash);
	if ((rc = pu_store_begin(st)) < 0)
		goto done;
	rc = ops(st)->failure_clear(st, folded);
	/* Sessions never presented again are forgotten here. */
	if (rc == 0)
		rc = ops(st)->session_prune(st, now - PU_AUTH_SESSION_IDLE,
					    now - PU_AUTH_SESSION_MAX);
	if (rc == 0 && pwhash[0] != '\0')
		rc = ops(st)->user_set_password(st, u.id, pwhash, now);
	if (rc == 0)
		rc = ops(st)->session_insert(st, hash, u.id, row.csrf, now);
	if (rc == 0)
		rc = pu_store_commit(st);
	if (rc < 0)
		pu_store_rollback(st);
	else if (out != NULL)
		fill_session(out, &u, &row);
done:
	if (rc < 0)
		sodium_memzero(token, PU_AUTH_TOKEN_SIZE);
	sodium_memzero(pwhash, sizeof(pwhash));
	sodium_memzero(csrf_raw, sizeof(csrf_raw));
	sodium_memzero(&row, sizeof(row));
	return rc;
}

int pu_auth_session(pu_store *st, const char *token, pu_session *out)
{
	unsigned char hash[32];
	pu_session_row row;
	pu_user u;
	int64_t now = pu_auth_now();
	int rc;

	memset(out, 0, sizeof(*out));
	if (token_hash(token, "pus_", hash) < 0)
		return pu_error_set(PU_EAUTH, "not signed in");
	rc = ops(st)->session_get(st, hash, &row);
	if (rc == PU_ENOTFOUND)
		return pu_error_set(PU_EAUTH, "not signed in, or the session "
				    "ended: sign in again");
	if (rc < 0)
		return rc;
	if (now - row.created_at >= PU_AUTH_SESSION_MAX ||
	    now - row.seen_at >= PU_AUTH_SESSION_IDLE) {
		rc = ops(st)->session_delete(st, hash);
		if (rc == 0)
			rc = pu_error_set(PU_EAUTH, "the session expired: sign "
					  "in again");
		goto done;
	}
	rc = ops(st)->user_get(st, NULL, row.user_id, &u, NULL);
	if (rc == PU_ENOTFOUND || (rc == 0 && u.disabled)) {
		rc = pu_error_set(PU_EAUTH, "the account is disabled");
		goto done;
	}
	if (rc < 0)
		goto done;
	if (now - row.seen_at >= TOUCH_EVERY) {
		if ((rc = ops(st)->session_touch(st, hash, now)) < 0)
			goto done;
		row.seen_at = now;
	}
	fill_session(out, &u, &row);
done:
	sodium_memzero(&row, sizeof(row));
	return rc;
}

int pu_auth_logout(pu_store *st, const char *token)
{
	unsigned char hash[32];

	if (token_hash(token, "pus_", hash) < 0)
		return 0;
	return ops(st)->session_delete(st, hash);
}

bool pu_auth_csrf_ok(const pu_session *s, const char *presented)
{
	size_t n = strlen(s->csrf);

	if (n == 0 || presented == NULL || strnlen(presented, n + 1) != n)
		return false;
	return sodium_memcmp(s->csrf, presented, n) == 0;
}

/* by may create or revoke tokens of u: it is u, or manages it. */
static int may_token(const pu_actor *by, const pu_user *u)
{
	if (by != NULL && by->user_id != 0 && by->user_id == u->id)
		return 0;
	return may_manage(by, u->role, u->country);
}

int pu_auth_token_create(pu_store *st, const pu_actor *by, const char *name,
			 const char *label, char token[PU_AUTH_TOKEN_SIZE],
			 int64_t *id)
{
	unsigned char hash[32], digest[32];
	char subject[96];
	size_t n = label ? strlen(label) : 0;
	int64_t tid = 0;
	pu_user u;
	int rc;

	token[0] = '\0';
	if ((rc = ready()) < 0)
		return rc;
	if (n == 0 || n > 64)
		return pu_error_set(PU_EINVAL, "label: 1 to 64 bytes");
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)label[i] < 0x20 || label[i] == 0x7f)
			return pu_error_set(PU_EINVAL, "label: no control "
					    "characters");
	if ((rc = get_user(st, name, &u, NULL)) < 0 ||
	    (rc = may_token(by, &u)) < 0)
		return rc;
	new_token("pua_", token, hash);
	if ((rc = pu_store_begin(st)) < 0)
		goto done;
	rc = ops(st)->token_insert(st, hash, u.id, label, pu_auth_now(), &tid);
	if (rc == 0) {
		snprintf(subject, sizeof(subject),
			 "token:%" PRId64 " user:%" PRId64, tid, u.id);
		pu_audit_digest(label, n, digest);
		rc = pu_audit_append(st, by, "token.create", u.country, subject,
				     digest);
	}
	if (rc == 0)
		rc = pu_store_commit(st);
	if (rc < 0)
		pu_store_rollback(st);
	else if (id != NULL)
		*id = tid;
done:
	if (rc < 0)
		sodium_memzero(token, PU_AUTH_TOKEN_SIZE);
	return rc;
}

int pu_auth_token_revoke(pu_store *st, const pu_actor *by, int64_t id)
{
	unsigned char digest[32];
	char subject[96];
	pu_token_row t;
	pu_user u;
	int rc = ops(st)->token_get(st, NULL, id, &t);

	if (rc == PU_ENOTFOUND)
		return pu_error_set(PU_ENOTFOUND, "no token %" PRId64, id);
	if (rc < 0)
		return rc;
	rc = ops(st)->user_get(st, NULL, t.user_id, &u, NULL);
	if (rc == PU_ENOTFOUND)
		return pu_error_set(PU_ENOTFOUND, "no user for token %" PRId64,
				    id);
	if (rc < 0 || (rc = may_token(by, &u)) < 0)
		return rc;
	if ((rc = pu_store_begin(st)) < 0)
		return rc;
	rc = ops(st)->token_revoke(st, id, pu_auth_now());
	if (rc == 0) {
		snprintf(subject, sizeof(subject),
			 "token:%" PRId64 " user:%" PRId64, id, u.id);
		pu_audit_digest(subject, strlen(subject), digest);
		rc = pu_audit_append(st, by, "token.revoke", u.country, subject,
				     digest);
	}
	if (rc == 0)
		rc = pu_store_commit(st);
	if (rc < 0)
		pu_store_rollback(st);
	return rc;
}

int pu_auth_token_list(pu_store *st, const pu_actor *by, const char *name,
		       pu_token_info **out, size_t *n)
{
	pu_user u;
	int rc;

	*out = NULL;
	*n = 0;
	if ((rc = get_user(st, name, &u, NULL)) < 0 ||
	    (rc = may_token(by, &u)) < 0)
		return rc;
	return ops(st)->token_list(st, u.id, out, n);
}

int pu_auth_token_lookup(pu_store *st, const char *token, pu_actor *out)
{
	unsigned char hash[32];
	pu_token_row t;
	pu_user u;
	int rc;

	memset(out, 0, sizeof(*out));
	if (token_hash(token, "pua_", hash) < 0)
		return pu_error_set(PU_EAUTH, "not a Puente API token");
	rc = ops(st)->token_get(st, hash, 0, &t);
	if (rc == PU_ENOTFOUND || (rc == 0 && t.revoked_at != 0))
		return pu_error_set(PU_EAUTH, "unknown or revoked API token");
	if (rc < 0)
		return rc;
	rc = ops(st)->user_get(st, NULL, t.user_id, &u, NULL);
	if (rc == PU_ENOTFOUND || (rc == 0 && u.disabled))
		return pu_error_set(PU_EAUTH, "the account of this API token "
				    "is disabled");
	if (rc < 0)
		return rc;
	pu_user_actor(&u, out);
	return 0;
}
