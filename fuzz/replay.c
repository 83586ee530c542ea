/*
 * Runs a fuzz target without libFuzzer: calls LLVMFuzzerTestOneInput once on
 * every file named on the command line and on every file of the directories
 * named there (in name order, not recursive). Each input sits in a buffer of
 * exactly its size, so the sanitizers see any read past its end. Exits 0 when
 * at least one input ran; a bug aborts (the sanitizers or the target's own
 * checks say where).
 */
#include "fuzz.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static int run_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	struct stat sb;
	uint8_t *buf = NULL;
	size_t n;

	if (f == NULL || fstat(fileno(f), &sb) != 0) {
		fprintf(stderr, "%s: %s\n", path, strerror(errno));
		if (f)
			fclose(f);
		return -1;
	}
	/* malloc(0) may give NULL; libFuzzer never passes NULL. */
	buf = malloc(sb.st_size > 0 ? (size_t)sb.st_size : 1);
	if (buf == NULL) {
		fclose(f);
		fprintf(stderr, "%s: out of memory\n", path);
		return -1;
	}
	n = fread(buf, 1, (size_t)sb.st_size, f);
	fclose(f);
	if (n != (size_t)sb.st_size) {
		free(buf);
		fprintf(stderr, "%s: short read\n", path);
		return -1;
	}
	fprintf(stderr, "replay %s (%zu bytes)\n", path, n);
	LLVMFuzzerTestOneInput(buf, n);
	free(buf);
	return 0;
}

static int skip_dots(const struct dirent *e)
{
	return e->d_name[0] != '.';
}

int main(int argc, char **argv)
{
	size_t ran = 0;
	int failed = 0;

	for (int i = 1; i < argc; i++) {
		struct stat sb;
		struct dirent **names = NULL;
		int n;

		if (stat(argv[i], &sb) != 0) {
			fprintf(stderr, "%s: %s\n", argv[i], strerror(errno));
			failed = 1;
			continue;
		}
		if (!S_ISDIR(sb.st_mode)) {
			if (run_file(argv[i]) < 0)
				failed = 1;
			else
				ran++;
			continue;
		}
		n = scandir(argv[i], &names, skip_dots, alphasort);
		if (n < 0) {
			fprintf(stderr, "%s: %s\n", argv[i], strerror(errno));
			failed = 1;
			continue;
		}
		for (int k = 0; k < n; k++) {
			char path[4096];
			struct stat fsb;

			snprintf(path, sizeof(path), "%s/%s", argv[i],
				 names[k]->d_name);
			free(names[k]);
			if (stat(path, &fsb) != 0 || !S_ISREG(fsb.st_mode))
				continue;
			if (run_file(path) < 0)
				failed = 1;
			else
				ran++;
		}
		free(names);
	}
	fprintf(stderr, "replayed %zu inputs\n", ran);
	if (ran == 0) {
		fprintf(stderr, "usage: %s CORPUS_DIR_OR_FILE...\n", argv[0]);
		return 1;
	}
	return failed;
}
