/*
 * Internal: writing a file whole or not at all. The data goes to a temporary
 * file beside the target (same directory, so the rename cannot cross file
 * systems), is fsync'd, then renamed over the target; the directory is
 * fsync'd after. A reader sees the old file or the new one, never a part.
 * Used by the key store and the PDF certificates.
 */
#ifndef PU_ATOMIC_H
#define PU_ATOMIC_H

#include <stddef.h>
#include <sys/types.h>

/* Writes len bytes of data to path with permission bits mode (0600 for
 * secrets; PU_ATOMIC_UMASK for an ordinary file: 0666 less the umask).
 * Returns 0 or PU_EIO naming the path (nothing is left behind on failure),
 * PU_ENOMEM. */
int pu_atomic_write(const char *path, const void *data, size_t len,
		    mode_t mode);

#define PU_ATOMIC_UMASK ((mode_t)-1)

#endif
