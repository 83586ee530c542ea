/*
 * puente init: create or upgrade the database.
 */
#include "cli.h"

#include <errno.h>
#include <string.h>
#include <sys/stat.h>

#include "puente/store.h"

/* Creates the parent folder of path when it is missing (one level). */
static void make_parent(const char *path)
{
	char dir[4096];
	char *slash;

	if (strlen(path) >= sizeof(dir))
		return;
	memcpy(dir, path, strlen(path) + 1);
	slash = strrchr(dir, '/');
	if (slash == NULL || slash == dir)
		return;
	*slash = '\0';
	if (mkdir(dir, 0755) != 0 && errno != EEXIST)
		return;
}

int cmd_init(int argc, char **argv)
{
	pu_store *st = NULL;
	pu_store_counts stats;
	cli c;
	int rc;

	if ((rc = cli_parse(&c, argc, argv, NULL)) != 0 || c.help)
		return rc;
	if (c.npos > 0)
		return cli_usage(&c, "takes no arguments");
	if (strncmp(c.db, "sqlite:", 7) != 0 && strchr(c.db, ':') == NULL)
		make_parent(c.db);
	if ((rc = cli_open(&c, &st, true)) != 0)
		return rc;
	rc = pu_store_stats(st, &stats);
	if (rc < 0) {
		rc = cli_fail(&c, rc);
	} else {
		printf("%s: schema version %d, %zu frameworks, %zu standards\n",
		       c.db, stats.schema_version, stats.frameworks,
		       stats.standards);
		pu_store_counts_free(&stats);
	}
	pu_store_close(st);
	return rc;
}
