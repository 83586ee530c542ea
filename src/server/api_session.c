/*
 * Sign-in over HTTP: sessions in HttpOnly, SameSite=Strict cookies with a CSRF
 * token, and API tokens for machines (docs/design.md, "Accounts, roles and
 * scope"). srv_authenticate is what the server calls before a handler that
 * needs an actor.
 */
#include "server.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "puente/auth.h"
#include "puente/error.h"
#include "puente/store.h"

#define COOKIE "puente_session"

static json_t *user_json(const pu_actor *a)
{
	json_t *o = json_pack("{s:s, s:s}", "name", a->name, "role",
			      pu_role_name(a->role));

	if (o != NULL && a->country[0])
		json_object_set_new(o, "country", json_string(a->country));
	if (o != NULL && a->centre[0])
		json_object_set_new(o, "centre", json_string(a->centre));
	return o;
}

int srv_authenticate(srv_req *r)
{
	const char *auth = srv_header(r, "Authorization");
	const char *cookie = srv_cookie(r, COOKIE);
	pu_store *st = srv_store();
	int rc;

	if (st == NULL)
		return srv_fail(r, PU_ESTORE);
	if (auth != NULL) {
		if (strncmp(auth, "Bearer ", 7) != 0)
			return srv_error(r, 401, "unauthenticated",
					 "Authorization: Bearer TOKEN expected");
		rc = pu_auth_token_lookup(st, auth + 7, &r->actor);
		if (rc < 0)
			return srv_fail(r, rc);
		r->signed_in = true;
		return 0;
	}
	if (cookie == NULL)
		return srv_error(r, 401, "unauthenticated",
				 "sign in first (or send an API token)");
	if ((rc = pu_auth_session(st, cookie, &r->session)) < 0)
		return srv_fail(r, rc);
	r->actor = r->session.actor;
	r->signed_in = true;
	r->by_cookie = true;
	/* A cookie rides along with any request a browser makes; an unsafe
	 * request must also prove it comes from our pages. */
	if (strcmp(r->method, "GET") != 0 && strcmp(r->method, "HEAD") != 0 &&
	    !pu_auth_csrf_ok(&r->session, srv_header(r, "X-CSRF-Token")))
		return srv_error(r, 403, "csrf",
				 "missing or wrong X-CSRF-Token header");
	return 0;
}

int api_session_new(srv_req *r)
{
	char token[PU_AUTH_TOKEN_SIZE];
	char user[PU_AUTH_MAX_NAME + 2], pass[PU_AUTH_MAX_PASSWORD + 2];
	pu_session s;
	json_t *body;
	int status, rc, wait;

	if ((wait = srv_signin_allowed(r)) > 0) {
		snprintf(r->retry_after, sizeof(r->retry_after), "%d", wait);
		return srv_error(r, 429, "too_many_attempts",
				 "too many failed sign-ins from this address; "
				 "try again in %d minutes",
				 (wait + 59) / 60);
	}
	body = srv_body_json(r, &status);
	if (body == NULL)
		return status;
	if (!json_is_string(json_object_get(body, "username")) ||
	    !json_is_string(json_object_get(body, "password"))) {
		json_decref(body);
		return srv_error(r, 400, "invalid",
				 "username and password (strings) are needed");
	}
	snprintf(user, sizeof(user), "%s",
		 json_string_value(json_object_get(body, "username")));
	snprintf(pass, sizeof(pass), "%s",
		 json_string_value(json_object_get(body, "password")));
	json_decref(body);
	rc = pu_auth_login(srv_store(), user, pass, token, &s);
	sodium_memzero(pass, sizeof(pass));
	if (rc == PU_EAUTH)
		srv_signin_failed(r);
	if (rc < 0)
		return srv_fail(r, rc);
	srv_set_cookie(r, COOKIE "=%s; Path=/; HttpOnly; SameSite=Strict; "
			      "Max-Age=%d%s",
		       token, PU_AUTH_SESSION_MAX,
		       srv_opts()->secure_cookies ? "; Secure" : "");
	sodium_memzero(token, sizeof(token));
	return srv_json(r, 200,
			json_pack("{s:o, s:s, s:I}", "user", user_json(&s.actor),
				  "csrf", s.csrf, "expires_at",
				  (json_int_t)s.expires_at));
}

int api_session_get(srv_req *r)
{
	int rc = srv_authenticate(r);

	if (rc != 0)
		return rc;
	if (!r->by_cookie)
		return srv_json(r, 200, json_pack("{s:o}", "user",
						  user_json(&r->actor)));
	return srv_json(r, 200,
			json_pack("{s:o, s:s, s:I}", "user", user_json(&r->actor),
				  "csrf", r->session.csrf, "expires_at",
				  (json_int_t)r->session.expires_at));
}

int api_session_delete(srv_req *r)
{
	int rc = srv_authenticate(r);

	if (rc != 0)
		return rc;
	if (r->by_cookie &&
	    (rc = pu_auth_logout(srv_store(), srv_cookie(r, COOKIE))) < 0)
		return srv_fail(r, rc);
	srv_set_cookie(r, COOKIE "=; Path=/; HttpOnly; SameSite=Strict; "
			      "Max-Age=0%s",
		       srv_opts()->secure_cookies ? "; Secure" : "");
	return srv_json(r, 200, json_pack("{s:b}", "signed_out", true));
}
