/*
 * puente user add|list|disable|enable|password|token|revoke: accounts, for
 * bootstrap and for scripts. Passwords come from --password-file, from a
 * prompt without echo on a terminal, or from the first line of standard
 * input; they never appear on the command line, and are wiped after use.
 */
#include "cli_auth.h"

#include <errno.h>
#include <inttypes.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "puente/auth.h"
#include "puente/error.h"
#include "puente/store.h"

#define PW_SIZE (PU_AUTH_MAX_PASSWORD + 2)

/* Reads one line (without its newline) into buf; -1 at end of input or when
 * too long. */
static int read_line(FILE *f, char *buf, size_t n)
{
	size_t len;

	if (fgets(buf, (int)n, f) == NULL)
		return -1;
	len = strlen(buf);
	if (len > 0 && buf[len - 1] == '\n')
		buf[--len] = '\0';
	else if (!feof(f))
		return -1; /* longer than the buffer */
	if (len > 0 && buf[len - 1] == '\r')
		buf[--len] = '\0';
	return 0;
}

/* Prompts on the terminal with echo off. */
static int prompt(const char *what, char *buf, size_t n)
{
	struct termios old, quiet;
	int rc;

	fprintf(stderr, "%s: ", what);
	fflush(stderr);
	if (tcgetattr(STDIN_FILENO, &old) != 0)
		return -1;
	quiet = old;
	quiet.c_lflag &= ~(tcflag_t)ECHO;
	quiet.c_lflag |= ECHONL;
	if (tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet) != 0)
		return -1;
	rc = read_line(stdin, buf, n);
	tcsetattr(STDIN_FILENO, TCSAFLUSH, &old);
	return rc;
}

/* The password: from file, else a prompt (twice) on a terminal, else the
 * first line of standard input. Prints the problem and returns an exit
 * code. */
static int get_password(const cli *c, const char *file, char *pw, size_t n)
{
	char again[PW_SIZE];
	FILE *f;
	int rc = 0;

	if (file != NULL) {
		f = fopen(file, "r");
		if (f == NULL) {
			fprintf(stderr, "puente %s: %s: %s\n", c->verb, file,
				strerror(errno));
			return EXIT_DATA;
		}
		rc = read_line(f, pw, n);
		fclose(f);
	} else if (isatty(STDIN_FILENO)) {
		rc = prompt("Password", pw, n);
		if (rc == 0)
			rc = prompt("Password again", again, sizeof(again));
		if (rc == 0 && strcmp(pw, again) != 0) {
			sodium_memzero(again, sizeof(again));
			fprintf(stderr, "puente %s: the passwords differ\n",
				c->verb);
			return EXIT_DATA;
		}
		sodium_memzero(again, sizeof(again));
	} else {
		rc = read_line(stdin, pw, n);
	}
	if (rc < 0) {
		fprintf(stderr, "puente %s: no password read (give it on "
				"standard input or with --password-file)\n",
			c->verb);
		return EXIT_DATA;
	}
	return EXIT_OK;
}

static int add(cli *c, int argc, char **argv)
{
	const char *role = NULL, *country = NULL, *centre = NULL,
		   *pwfile = NULL, *as = NULL;
	cli_opt opts[] = {{"--role", &role, NULL},
			  {"--country", &country, NULL},
			  {"--centre", &centre, NULL},
			  {"--password-file", &pwfile, NULL},
			  {"--as", &as, NULL},
			  {NULL, NULL, NULL}};
	char pw[PW_SIZE];
	pu_store *st = NULL;
	pu_actor by;
	pu_user u;
	int64_t id = 0;
	int rc;

	if ((rc = cli_parse(c, argc, argv, opts)) != 0 || c->help)
		return rc;
	if (c->npos != 2)
		return cli_usage(c, "expected: user add NAME --role ROLE");
	if (role == NULL)
		return cli_usage(c, "--role is required (admin, authority, "
				 "centre, assessor)");
	memset(&u, 0, sizeof(u));
	if (pu_role_parse(role, &u.role) < 0)
		return cli_usage(c, "--role: %s", pu_error_message());
	snprintf(u.name, sizeof(u.name), "%s", c->pos[1]);
	snprintf(u.country, sizeof(u.country), "%s", country ? country : "");
	snprintf(u.centre, sizeof(u.centre), "%s", centre ? centre : "");
	if ((rc = cli_open(c, &st, true)) != 0)
		return rc;
	if ((rc = cli_actor(c, st, as, &by)) != 0)
		goto done;
	if ((rc = get_password(c, pwfile, pw, sizeof(pw))) != 0)
		goto done;
	rc = pu_user_add(st, &by, &u, pw, &id);
	sodium_memzero(pw, sizeof(pw));
	if (rc < 0) {
		rc = cli_fail(c, rc);
		goto done;
	}
	if (c->json)
		rc = cli_print_json(json_pack("{s:I, s:s}", "id", (json_int_t)id,
					      "name", u.name));
	else
		printf("added user %" PRId64 ": %s (%s)\n", id, c->pos[1],
		       role);
done:
	pu_store_close(st);
	return rc;
}

static json_t *user_json(const pu_user *u)
{
	return json_pack("{s:I, s:s, s:s, s:s?, s:s?, s:b, s:I}", "id",
			 (json_int_t)u->id, "name", u->name, "role",
			 pu_role_name(u->role), "country",
			 u->country[0] ? u->country : NULL, "centre",
			 u->centre[0] ? u->centre : NULL, "disabled",
			 u->disabled, "created_at", (json_int_t)u->created_at);
}

static int list(cli *c, int argc, char **argv)
{
	const char *as = NULL;
	cli_opt opts[] = {{"--as", &as, NULL}, {NULL, NULL, NULL}};
	pu_user *v = NULL;
	pu_store *st = NULL;
	pu_actor by;
	size_t n = 0;
	int rc;

	if ((rc = cli_parse(c, argc, argv, opts)) != 0 || c->help)
		return rc;
	if (c->npos != 1)
		return cli_usage(c, "expected: user list");
	if ((rc = cli_open(c, &st, false)) != 0)
		return rc;
	if ((rc = cli_actor(c, st, as, &by)) != 0)
		goto done;
	if ((rc = pu_user_list(st, &by, &v, &n)) < 0) {
		rc = cli_fail(c, rc);
		goto done;
	}
	if (c->json) {
		json_t *arr = json_array();

		for (size_t i = 0; arr != NULL && i < n; i++)
			json_array_append_new(arr, user_json(&v[i]));
		rc = cli_print_json(arr);
		goto done;
	}
	for (size_t i = 0; i < n; i++) {
		char scope[96] = "";

		if (v[i].centre[0])
			snprintf(scope, sizeof(scope), "%s/%s", v[i].country,
				 v[i].centre);
		else
			snprintf(scope, sizeof(scope), "%s",
				 v[i].country[0] ? v[i].country : "*");
		printf("%-24s %-9s %-24s%s\n", v[i].name,
		       pu_role_name(v[i].role), scope,
		       v[i].disabled ? " disabled" : "");
	}
	rc = EXIT_OK;
done:
	free(v);
	pu_store_close(st);
	return rc;
}

static int set_disabled(cli *c, int argc, char **argv, bool disabled)
{
	const char *as = NULL;
	cli_opt opts[] = {{"--as", &as, NULL}, {NULL, NULL, NULL}};
	pu_store *st = NULL;
	pu_actor by;
	int rc;

	if ((rc = cli_parse(c, argc, argv, opts)) != 0 || c->help)
		return rc;
	if (c->npos != 2)
		return cli_usage(c, "expected: user %s NAME",
				 disabled ? "disable" : "enable");
	if ((rc = cli_open(c, &st, false)) != 0)
		return rc;
	if ((rc = cli_actor(c, st, as, &by)) == 0) {
		rc = pu_user_set_disabled(st, &by, c->pos[1], disabled);
		if (rc < 0)
			rc = cli_fail(c, rc);
		else
			printf("%s %s\n", disabled ? "disabled" : "enabled",
			       c->pos[1]);
	}
	pu_store_close(st);
	return rc;
}

static int disable(cli *c, int argc, char **argv)
{
	return set_disabled(c, argc, argv, true);
}

static int enable(cli *c, int argc, char **argv)
{
	return set_disabled(c, argc, argv, false);
}

static int password(cli *c, int argc, char **argv)
{
	const char *pwfile = NULL, *as = NULL;
	cli_opt opts[] = {{"--password-file", &pwfile, NULL},
			  {"--as", &as, NULL},
			  {NULL, NULL, NULL}};
	char pw[PW_SIZE];
	pu_store *st = NULL;
	pu_actor by;
	int rc;

	if ((rc = cli_parse(c, argc, argv, opts)) != 0 || c->help)
		return rc;
	if (c->npos != 2)
		return cli_usage(c, "expected: user password NAME");
	if ((rc = cli_open(c, &st, false)) != 0)
		return rc;
	if ((rc = cli_actor(c, st, as, &by)) != 0 ||
	    (rc = get_password(c, pwfile, pw, sizeof(pw))) != 0)
		goto done;
	/* The CLI actor is no account: it resets, without the old one. */
	rc = pu_user_set_password(st, &by, c->pos[1], NULL, pw);
	sodium_memzero(pw, sizeof(pw));
	if (rc < 0)
		rc = cli_fail(c, rc);
	else
		printf("password of %s changed; its sessions ended\n",
		       c->pos[1]);
done:
	pu_store_close(st);
	return rc;
}

static int token(cli *c, int argc, char **argv)
{
	const char *label = NULL, *as = NULL;
	cli_opt opts[] = {{"--label", &label, NULL},
			  {"--as", &as, NULL},
			  {NULL, NULL, NULL}};
	char tok[PU_AUTH_TOKEN_SIZE];
	pu_store *st = NULL;
	pu_actor by;
	int64_t id = 0;
	int rc;

	if ((rc = cli_parse(c, argc, argv, opts)) != 0 || c->help)
		return rc;
	if (c->npos != 2 || label == NULL)
		return cli_usage(c, "expected: user token NAME --label LABEL");
	if ((rc = cli_open(c, &st, false)) != 0)
		return rc;
	if ((rc = cli_actor(c, st, as, &by)) != 0)
		goto done;
	rc = pu_auth_token_create(st, &by, c->pos[1], label, tok, &id);
	if (rc < 0) {
		rc = cli_fail(c, rc);
		goto done;
	}
	if (c->json) {
		rc = cli_print_json(json_pack("{s:I, s:s, s:s, s:s}", "id",
					      (json_int_t)id, "user", c->pos[1],
					      "label", label, "token", tok));
	} else {
		printf("%s\n", tok);
		fprintf(stderr, "token %" PRId64 " for %s (%s): shown once, "
				"keep it secret\n",
			id, c->pos[1], label);
		rc = EXIT_OK;
	}
	sodium_memzero(tok, sizeof(tok));
done:
	pu_store_close(st);
	return rc;
}

static int tokens(cli *c, int argc, char **argv)
{
	const char *as = NULL;
	cli_opt opts[] = {{"--as", &as, NULL}, {NULL, NULL, NULL}};
	pu_token_info *v = NULL;
	pu_store *st = NULL;
	pu_actor by;
	size_t n = 0;
	int rc;

	if ((rc = cli_parse(c, argc, argv, opts)) != 0 || c->help)
		return rc;
	if (c->npos != 2)
		return cli_usage(c, "expected: user tokens NAME");
	if ((rc = cli_open(c, &st, false)) != 0)
		return rc;
	if ((rc = cli_actor(c, st, as, &by)) != 0)
		goto done;
	if ((rc = pu_auth_token_list(st, &by, c->pos[1], &v, &n)) < 0) {
		rc = cli_fail(c, rc);
		goto done;
	}
	if (c->json) {
		json_t *arr = json_array();

		for (size_t i = 0; arr != NULL && i < n; i++)
			json_array_append_new(
				arr, json_pack("{s:I, s:s, s:I, s:b}", "id",
					       (json_int_t)v[i].id, "label",
					       v[i].label, "created_at",
					       (json_int_t)v[i].created_at,
					       "revoked", v[i].revoked_at != 0));
		rc = cli_print_json(arr);
		goto done;
	}
	for (size_t i = 0; i < n; i++)
		printf("%6" PRId64 "  %-32s%s\n", v[i].id, v[i].label,
		       v[i].revoked_at ? "  revoked" : "");
	rc = EXIT_OK;
done:
	free(v);
	pu_store_close(st);
	return rc;
}

static int revoke(cli *c, int argc, char **argv)
{
	const char *as = NULL;
	cli_opt opts[] = {{"--as", &as, NULL}, {NULL, NULL, NULL}};
	pu_store *st = NULL;
	pu_actor by;
	char *end = NULL;
	long long id;
	int rc;

	if ((rc = cli_parse(c, argc, argv, opts)) != 0 || c->help)
		return rc;
	if (c->npos != 2)
		return cli_usage(c, "expected: user revoke TOKEN_ID");
	errno = 0;
	id = strtoll(c->pos[1], &end, 10);
	if (errno != 0 || *end != '\0' || id <= 0)
		return cli_usage(c, "TOKEN_ID: a number, as `user token` "
				 "printed");
	if ((rc = cli_open(c, &st, false)) != 0)
		return rc;
	if ((rc = cli_actor(c, st, as, &by)) == 0) {
		rc = pu_auth_token_revoke(st, &by, (int64_t)id);
		if (rc < 0)
			rc = cli_fail(c, rc);
		else
			printf("revoked token %lld\n", id);
	}
	pu_store_close(st);
	return rc;
}

int cmd_user(int argc, char **argv)
{
	static const cli_sub subs[] = {
	    {"add", add},
	    {"list", list},
	    {"disable", disable},
	    {"enable", enable},
	    {"password", password},
	    {"token", token},
	    {"tokens", tokens},
	    {"revoke", revoke},
	};

	return cli_dispatch(argc, argv, subs, sizeof(subs) / sizeof(subs[0]),
			    "expected: user add|list|disable|enable|password|"
			    "token|tokens|revoke");
}
