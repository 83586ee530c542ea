/*
 * The actor of a CLI command: the operator ("cli:<unix user>", an
 * administrator) or, with --as NAME, an account and its scope.
 */
#include "cli_auth.h"

#include "puente/error.h"

int cli_actor(const cli *c, struct pu_store *st, const char *as,
	      pu_actor *out)
{
	pu_user u;
	int rc;

	if (as == NULL)
		return pu_actor_cli(out, NULL) < 0 ? EXIT_SYSTEM : EXIT_OK;
	rc = pu_user_get(st, as, &u);
	if (rc == PU_ENOTFOUND)
		rc = pu_error_set(PU_EAUTH, "--as: no user %s", as);
	else if (rc == 0 && u.disabled)
		rc = pu_error_set(PU_EAUTH, "--as: the account %s is disabled",
				  u.name);
	if (rc < 0)
		return cli_fail(c, rc);
	pu_user_actor(&u, out);
	return EXIT_OK;
}
