/*
 * puente serve: the HTTP API and the web portal (src/server).
 */
#include "cli.h"

#include <stdlib.h>
#include <unistd.h>

#include "puente/error.h"
#include "server.h"

int cmd_serve(int argc, char **argv)
{
	const char *listen = "127.0.0.1:8080", *threads = NULL, *ready = NULL;
	bool secure = false, quiet = false;
	cli_opt opts[] = {{"--listen", &listen, NULL},
			  {"--threads", &threads, NULL},
			  {"--ready-file", &ready, NULL},
			  {"--secure-cookies", NULL, &secure},
			  {"--quiet", NULL, &quiet},
			  {NULL, NULL, NULL}};
	srv_options o = {0};
	long cores = sysconf(_SC_NPROCESSORS_ONLN);
	cli c;
	int rc;

	if ((rc = cli_parse(&c, argc, argv, opts)) != 0 || c.help)
		return rc;
	if (c.npos > 0)
		return cli_usage(&c, "takes no arguments");
	o.listen = listen;
	o.db = c.db;
	o.threads = cores > 0 ? (unsigned int)cores : 2;
	if (threads != NULL) {
		char *end;
		unsigned long t = strtoul(threads, &end, 10);

		if (*end != '\0' || t < 1 || t > 256)
			return cli_usage(&c, "--threads takes 1 to 256");
		o.threads = (unsigned int)t;
	}
	o.secure_cookies = secure;
	o.quiet = quiet;
	o.ready_file = ready;
	if ((rc = srv_run(&o)) < 0)
		return cli_fail(&c, rc);
	return EXIT_OK;
}
