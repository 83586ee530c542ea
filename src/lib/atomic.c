/*
 * Writing a file whole or not at all (see atomic.h). The temporary file is
 * created by mkstemp (mode 0600, so a secret is never readable by others even
 * for a moment) and given its final mode before the rename.
 */
#include "atomic.h"

#include "puente/buf.h"
#include "puente/error.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* The directory part of path ("." when there is none). */
static int dir_of(pu_buf *out, const char *path)
{
	const char *slash = strrchr(path, '/');

	if (slash == NULL)
		return pu_buf_puts(out, ".");
	if (slash == path)
		return pu_buf_puts(out, "/");
	return pu_buf_put(out, path, (size_t)(slash - path));
}

int pu_atomic_write(const char *path, const void *data, size_t len, mode_t mode)
{
	pu_buf tmp = PU_BUF_INIT, dir = PU_BUF_INIT;
	const char *p = data;
	size_t off = 0;
	int fd = -1, rc;

	if (mode == PU_ATOMIC_UMASK) {
		mode_t um = umask(0);

		umask(um);
		mode = 0666 & ~um;
	}
	rc = pu_buf_printf(&tmp, "%s.XXXXXX", path);
	if (rc == 0)
		rc = dir_of(&dir, path);
	if (rc < 0)
		goto done;
	fd = mkstemp(tmp.ptr);
	if (fd < 0) {
		rc = pu_error_set(PU_EIO, "%s: cannot create: %s", path,
				  strerror(errno));
		pu_buf_clear(&tmp);
		goto done;
	}
	while (off < len) {
		ssize_t n = write(fd, p + off, len - off);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			rc = pu_error_set(PU_EIO, "%s: write: %s", path,
					  strerror(errno));
			goto done;
		}
		off += (size_t)n;
	}
	if (fchmod(fd, mode & 07777) != 0 || fsync(fd) != 0) {
		rc = pu_error_set(PU_EIO, "%s: %s", path, strerror(errno));
		goto done;
	}
	if (close(fd) != 0) {
		fd = -1;
		rc = pu_error_set(PU_EIO, "%s: close: %s", path,
				  strerror(errno));
		goto done;
	}
	fd = -1;
	if (rename(tmp.ptr, path) != 0) {
		rc = pu_error_set(PU_EIO, "%s: cannot replace: %s", path,
				  strerror(errno));
		goto done;
	}
	pu_buf_clear(&tmp); /* nothing to remove any more */
	fd = open(dir.ptr, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd >= 0)
		fsync(fd); /* best effort: the rename itself reaches the disk */
done:
	if (fd >= 0)
		close(fd);
	if (rc < 0 && tmp.len > 0)
		unlink(tmp.ptr);
	pu_buf_free(&tmp);
	pu_buf_free(&dir);
	return rc;
}
