/*
 * The CLI's accounts and audit verbs (cmd_user.c, cmd_audit.c) and the actor
 * every writing verb acts as (cli_auth.c): "cli:<unix user>", an
 * administrator, or with --as NAME the account NAME and its scope.
 */
#ifndef PU_CLI_AUTH_H
#define PU_CLI_AUTH_H

#include "cli.h"
#include "puente/auth.h"

/* The actor of this command: the account as (its scope, without its
 * password: whoever can write the database file is already its
 * administrator; --as lets scripts run within an authority's scope), or the
 * CLI actor when as is NULL. Prints the problem and returns an exit code
 * when the account is missing or disabled. */
int cli_actor(const cli *c, struct pu_store *st, const char *as,
	      pu_actor *out);

int cmd_user(int argc, char **argv);
int cmd_audit(int argc, char **argv);

#endif
