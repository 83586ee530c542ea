/*
 * Apertium as a translator. Texts go through one `apertium -u MODE IN OUT` run
 * per batch, separated by blank lines (Apertium keeps blank lines, and does not
 * move words across them, unlike single line breaks). When the output does not
 * split back into as many texts as went in, the batch is halved and retried,
 * down to single texts, so one odd text never shifts the others.
 */
#include "puente/translate.h"

#include "puente/buf.h"
#include "puente/error.h"

#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

/* Apertium's mode names for direct pairs (primary subtags). */
static const struct {
	const char *from, *to, *mode;
} modes[] = {
	{"en", "es", "eng-spa"}, {"es", "en", "spa-eng"}, {"fr", "es", "fr-es"},
	{"es", "fr", "es-fr"},	 {"pt", "es", "pt-es"},	  {"es", "pt", "es-pt"},
};

#define BATCH 2000

struct apertium {
	pu_translator base;
	char modes_dir[256];
};

static bool primary_is(const char *tag, const char *lang)
{
	size_t n = strcspn(tag, "-");

	return n == strlen(lang) && strncmp(tag, lang, n) == 0;
}

static const char *mode_of(const char *from, const char *to)
{
	for (size_t i = 0; i < sizeof(modes) / sizeof(modes[0]); i++)
		if (primary_is(from, modes[i].from) &&
		    primary_is(to, modes[i].to))
			return modes[i].mode;
	return NULL;
}

/* A mode is installed when its .mode file exists. */
static bool installed(const struct apertium *a, const char *mode)
{
	char path[512];
	struct stat sb;

	snprintf(path, sizeof(path), "%s/%s.mode", a->modes_dir, mode);
	return stat(path, &sb) == 0;
}

static bool has_pair(pu_translator *t, const char *from, const char *to)
{
	struct apertium *a = (struct apertium *)t;
	const char *m = mode_of(from, to);

	if (m != NULL)
		return installed(a, m);
	/* Through Spanish. */
	m = mode_of(from, "es");
	if (m == NULL || !installed(a, m))
		return false;
	m = mode_of("es", to);
	return m != NULL && installed(a, m);
}

/* Runs apertium on a file; the output file gets the translation. */
static int run_mode(const char *mode, const char *in, const char *out)
{
	char *argv[] = {"apertium", "-u", (char *)mode, (char *)in, (char *)out,
			NULL};
	posix_spawn_file_actions_t fa;
	pid_t pid;
	int status, rc;

	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, STDERR_FILENO, "/dev/null",
					 O_WRONLY, 0);
	rc = posix_spawnp(&pid, "apertium", &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	if (rc != 0)
		return pu_error_set(PU_ENOTFOUND, "cannot run apertium: %s",
				    strerror(rc));
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return pu_error_set(PU_EIO, "waiting for apertium: %s",
					    strerror(errno));
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
		return pu_error_set(PU_EIO, "apertium %s failed (status %d)",
				    mode, status);
	return 0;
}

static int write_file(const char *path, const char *data, size_t len)
{
	FILE *f = fopen(path, "wb");

	if (f == NULL)
		return pu_error_set(PU_EIO, "%s: %s", path, strerror(errno));
	if (fwrite(data, 1, len, f) != len || fclose(f) != 0)
		return pu_error_set(PU_EIO, "%s: write error", path);
	return 0;
}

static int read_all(const char *path, pu_buf *out)
{
	FILE *f = fopen(path, "rb");
	char chunk[65536];
	size_t n;
	int rc = 0;

	if (f == NULL)
		return pu_error_set(PU_EIO, "%s: %s", path, strerror(errno));
	while (rc == 0 && (n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		rc = pu_buf_put(out, chunk, n);
	fclose(f);
	return rc;
}

/* One text per paragraph: line breaks inside a text become spaces, and an
 * empty text becomes "." so that it still takes a paragraph. */
static int join(const char *const *texts, size_t n, pu_buf *b)
{
	int rc = 0;

	for (size_t i = 0; rc == 0 && i < n; i++) {
		const char *p = texts[i];
		size_t start = b->len;

		for (; rc == 0 && *p; p++)
			rc = pu_buf_putc(b, *p == '\n' || *p == '\r' ? ' ' : *p);
		if (rc == 0 && b->len == start)
			rc = pu_buf_putc(b, '.');
		if (rc == 0)
			rc = pu_buf_puts(b, "\n\n");
	}
	return rc;
}

/* Splits on blank lines; returns how many parts were found (up to n). */
static size_t split(char *text, char **out, size_t n)
{
	size_t k = 0;
	char *p = text;

	while (*p && k <= n) {
		char *end = strstr(p, "\n\n"), *s, *e;

		if (end != NULL)
			*end = '\0';
		for (s = p; *s == ' ' || *s == '\n'; s++)
			;
		e = s + strlen(s);
		while (e > s && (e[-1] == ' ' || e[-1] == '\n'))
			*--e = '\0';
		if (*s != '\0') {
			if (k == n)
				return n + 1; /* too many */
			out[k++] = s;
		}
		if (end == NULL)
			break;
		for (p = end + 2; *p == '\n'; p++)
			;
	}
	return k;
}

static int translate_once(const char *mode, const char *const *texts,
			  size_t n, char **out, const char *dir);

static int translate_batch(const char *mode, const char *const *texts,
			   size_t n, char **out, const char *dir)
{
	int rc = translate_once(mode, texts, n, out, dir);

	if (rc != 1)
		return rc;
	/* The parts did not line up: halve and retry. */
	if (n == 1) {
		out[0] = NULL;
		return 0;
	}
	rc = translate_batch(mode, texts, n / 2, out, dir);
	if (rc == 0)
		rc = translate_batch(mode, texts + n / 2, n - n / 2, out + n / 2,
				     dir);
	return rc;
}

/* 0 when done, 1 when the output did not line up, negative on failure. */
static int translate_once(const char *mode, const char *const *texts,
			  size_t n, char **out, const char *dir)
{
	char in[512], outp[512];
	pu_buf b = PU_BUF_INIT, r = PU_BUF_INIT;
	char **parts = NULL;
	size_t got;
	int rc;

	snprintf(in, sizeof(in), "%s/in.txt", dir);
	snprintf(outp, sizeof(outp), "%s/out.txt", dir);
	rc = join(texts, n, &b);
	if (rc == 0)
		rc = write_file(in, b.ptr, b.len);
	if (rc == 0)
		rc = run_mode(mode, in, outp);
	if (rc == 0)
		rc = read_all(outp, &r);
	if (rc < 0)
		goto done;
	parts = calloc(n + 1, sizeof(*parts));
	if (parts == NULL) {
		rc = pu_error_set(PU_ENOMEM, "out of memory");
		goto done;
	}
	got = split(r.ptr ? r.ptr : (char *)"", parts, n);
	if (got != n) {
		rc = 1;
		goto done;
	}
	for (size_t i = 0; i < n; i++) {
		out[i] = strdup(parts[i]);
		if (out[i] == NULL) {
			for (size_t k = 0; k < i; k++)
				free(out[k]);
			rc = pu_error_set(PU_ENOMEM, "out of memory");
			goto done;
		}
	}
done:
	unlink(in);
	unlink(outp);
	free(parts);
	pu_buf_free(&b);
	pu_buf_free(&r);
	return rc;
}

static int translate_direct(const char *mode, const char *const *texts,
			    size_t n, char **out)
{
	char dir[] = "/tmp/puente-apertium-XXXXXX";
	int rc = 0;

	if (mkdtemp(dir) == NULL)
		return pu_error_set(PU_EIO, "cannot make a temporary folder: %s",
				    strerror(errno));
	for (size_t i = 0; rc == 0 && i < n; i += BATCH) {
		size_t m = n - i < BATCH ? n - i : BATCH;

		rc = translate_batch(mode, texts + i, m, out + i, dir);
	}
	rmdir(dir);
	return rc;
}

static int ap_translate(pu_translator *t, const char *from, const char *to,
			const char *const *texts, size_t n, char **out)
{
	const char *m = mode_of(from, to);
	char **mid = NULL;
	int rc;

	(void)t;
	for (size_t i = 0; i < n; i++)
		out[i] = NULL;
	if (m != NULL)
		return translate_direct(m, texts, n, out);
	/* Through Spanish; a text lost on the first leg stays NULL. */
	mid = calloc(n ? n : 1, sizeof(*mid));
	if (mid == NULL)
		return pu_error_set(PU_ENOMEM, "out of memory");
	rc = translate_direct(mode_of(from, "es"), texts, n, mid);
	if (rc == 0) {
		const char **in = calloc(n ? n : 1, sizeof(*in));
		size_t *idx = calloc(n ? n : 1, sizeof(*idx));
		char **res = calloc(n ? n : 1, sizeof(*res));
		size_t k = 0;

		if (in == NULL || idx == NULL || res == NULL) {
			rc = pu_error_set(PU_ENOMEM, "out of memory");
		} else {
			for (size_t i = 0; i < n; i++)
				if (mid[i] != NULL) {
					in[k] = mid[i];
					idx[k++] = i;
				}
			rc = translate_direct(mode_of("es", to), in, k, res);
			for (size_t i = 0; rc == 0 && i < k; i++)
				out[idx[i]] = res[i];
		}
		free(in);
		free(idx);
		free(res);
	}
	for (size_t i = 0; i < n; i++)
		free(mid[i]);
	free(mid);
	return rc;
}

static void ap_free(pu_translator *t)
{
	free(t);
}

static const pu_translator_ops apertium_ops = {
	.name = "apertium",
	.has_pair = has_pair,
	.translate = ap_translate,
	.free = ap_free,
};

int pu_translator_apertium(pu_translator **out)
{
	static const char *const dirs[] = {"/usr/share/apertium/modes",
					   "/usr/local/share/apertium/modes"};
	struct apertium *a;
	struct stat sb;

	*out = NULL;
	a = calloc(1, sizeof(*a));
	if (a == NULL)
		return pu_error_set(PU_ENOMEM, "out of memory");
	a->base.ops = &apertium_ops;
	for (size_t i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++)
		if (stat(dirs[i], &sb) == 0 && S_ISDIR(sb.st_mode)) {
			snprintf(a->modes_dir, sizeof(a->modes_dir), "%s",
				 dirs[i]);
			break;
		}
	if (a->modes_dir[0] == '\0') {
		free(a);
		return pu_error_set(PU_ENOTFOUND,
				    "Apertium is not installed (no "
				    "/usr/share/apertium/modes); comparisons "
				    "across languages run without translation");
	}
	*out = &a->base;
	return 0;
}
