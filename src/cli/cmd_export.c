/*
 * puente export: the database as one Puente JSON document. Written to a
 * temporary file first and renamed, so a failed export never leaves half a file.
 */
#include "cli.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "puente/error.h"
#include "puente/io.h"
#include "puente/store.h"

int cmd_export(int argc, char **argv)
{
	const char *country = NULL, *outpath = NULL;
	cli_opt opts[] = {{"--country", &country, NULL},
			  {"-o", &outpath, NULL},
			  {"--output", &outpath, NULL},
			  {NULL, NULL, NULL}};
	pu_store *st = NULL;
	char tmp[4096];
	FILE *out = stdout;
	cli c;
	int rc;

	if ((rc = cli_parse(&c, argc, argv, opts)) != 0 || c.help)
		return rc;
	if (c.npos > 0)
		return cli_usage(&c, "unexpected argument %s", c.pos[0]);
	if ((rc = cli_open(&c, &st, false)) != 0)
		return rc;
	if (outpath != NULL && strcmp(outpath, "-") != 0) {
		int fd;

		snprintf(tmp, sizeof(tmp), "%s.XXXXXX", outpath);
		fd = mkstemp(tmp);
		if (fd >= 0) {
			/* mkstemp makes 0600; an export is an ordinary file. */
			mode_t um = umask(0);

			umask(um);
			fchmod(fd, 0666 & ~um);
		}
		if (fd < 0 || (out = fdopen(fd, "w")) == NULL) {
			fprintf(stderr, "puente export: %s: %s\n", outpath,
				strerror(errno));
			pu_store_close(st);
			return EXIT_SYSTEM;
		}
	}
	rc = pu_io_export(st, country, out);
	pu_store_close(st);
	if (out != stdout) {
		if (fclose(out) != 0 && rc == 0)
			rc = PU_EIO;
		if (rc == 0 && rename(tmp, outpath) != 0) {
			fprintf(stderr, "puente export: %s: %s\n", outpath,
				strerror(errno));
			unlink(tmp);
			return EXIT_SYSTEM;
		}
		if (rc < 0)
			unlink(tmp);
	}
	return rc < 0 ? cli_fail(&c, rc) : EXIT_OK;
}
