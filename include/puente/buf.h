/*
 * Growable byte buffers with a size cap, for building text, and an arena for
 * records whose many small parts live and die together (a standard and its units).
 */
#ifndef PUENTE_BUF_H
#define PUENTE_BUF_H

#include <stdarg.h>
#include <stddef.h>

/* A buffer; ptr is always NUL-terminated when non-NULL. Zero-initialise, or use
 * PU_BUF_INIT; max == 0 means the default cap (1 GiB). */
typedef struct pu_buf {
	char *ptr;
	size_t len;
	size_t cap;
	size_t max;
} pu_buf;

#define PU_BUF_INIT {NULL, 0, 0, 0}

/* Appends; returns 0, PU_ENOMEM, or PU_ELIMIT when the cap would be exceeded. */
int pu_buf_put(pu_buf *b, const void *data, size_t len);
int pu_buf_puts(pu_buf *b, const char *s);
int pu_buf_putc(pu_buf *b, char c);
int pu_buf_printf(pu_buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
int pu_buf_vprintf(pu_buf *b, const char *fmt, va_list ap)
	__attribute__((format(printf, 2, 0)));
/* Empties the buffer, keeping its memory. */
void pu_buf_clear(pu_buf *b);
/* Frees the memory; the buffer may be reused after. */
void pu_buf_free(pu_buf *b);
/* Hands the string to the caller (free() it); the buffer becomes empty. Never NULL
 * unless out of memory. */
char *pu_buf_detach(pu_buf *b);

/* Arena: bump allocator in chunks; everything is freed at once. */
typedef struct pu_arena pu_arena;

int pu_arena_new(pu_arena **out);
void pu_arena_free(pu_arena *a);
/* Zeroed memory aligned for any type; NULL when out of memory. */
void *pu_arena_alloc(pu_arena *a, size_t size);
/* Copies; NULL s gives NULL. */
char *pu_arena_strdup(pu_arena *a, const char *s);
char *pu_arena_strndup(pu_arena *a, const char *s, size_t n);
/* Bytes handed out so far (for statistics). */
size_t pu_arena_used(const pu_arena *a);
/* Bytes the arena holds from malloc (its chunks, with their headers). */
size_t pu_arena_held(const pu_arena *a);

#endif
