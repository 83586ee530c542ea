/*
 * Growable buffers and arenas. Every growth is checked against the cap and against
 * size_t overflow; callers never see a half-appended buffer.
 */
#include "puente/buf.h"
#include "puente/error.h"

#include <stdalign.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DEFAULT_MAX ((size_t)1 << 30)

static int grow(pu_buf *b, size_t add)
{
	size_t max = b->max ? b->max : DEFAULT_MAX;
	size_t need, cap;
	char *p;

	if (add > max || b->len > max - add)
		return pu_error_set(PU_ELIMIT, "text longer than %zu bytes", max);
	need = b->len + add + 1;
	if (need <= b->cap)
		return 0;
	cap = b->cap ? b->cap : 64;
	while (cap < need)
		cap = cap > SIZE_MAX / 2 ? need : cap * 2;
	p = realloc(b->ptr, cap);
	if (p == NULL)
		return pu_error_set(PU_ENOMEM, "out of memory");
	b->ptr = p;
	b->cap = cap;
	return 0;
}

int pu_buf_put(pu_buf *b, const void *data, size_t len)
{
	int rc = grow(b, len);

	if (rc < 0)
		return rc;
	if (len > 0)
		memcpy(b->ptr + b->len, data, len);
	b->len += len;
	b->ptr[b->len] = '\0';
	return 0;
}

int pu_buf_puts(pu_buf *b, const char *s)
{
	return pu_buf_put(b, s, strlen(s));
}

int pu_buf_putc(pu_buf *b, char c)
{
	return pu_buf_put(b, &c, 1);
}

int pu_buf_vprintf(pu_buf *b, const char *fmt, va_list ap)
{
	va_list copy;
	int n, rc;

	va_copy(copy, ap);
	n = vsnprintf(NULL, 0, fmt, copy);
	va_end(copy);
	if (n < 0)
		return pu_error_set(PU_EINVAL, "bad format");
	rc = grow(b, (size_t)n);
	if (rc < 0)
		return rc;
	vsnprintf(b->ptr + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
	return 0;
}

int pu_buf_printf(pu_buf *b, const char *fmt, ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = pu_buf_vprintf(b, fmt, ap);
	va_end(ap);
	return rc;
}

void pu_buf_clear(pu_buf *b)
{
	b->len = 0;
	if (b->ptr)
		b->ptr[0] = '\0';
}

void pu_buf_free(pu_buf *b)
{
	free(b->ptr);
	b->ptr = NULL;
	b->len = b->cap = 0;
}

char *pu_buf_detach(pu_buf *b)
{
	char *p;

	if (b->ptr == NULL && pu_buf_put(b, "", 0) < 0)
		return NULL;
	p = b->ptr;
	b->ptr = NULL;
	b->len = b->cap = 0;
	return p;
}

/* Arena chunks grow with the arena: the first is MIN_CHUNK bytes, each next
 * one as large as everything held so far, up to MAX_CHUNK (larger only when
 * one allocation needs it). Small arenas (one standard of the catalogue, one
 * request) then hold little more than they use, where a fixed 16 KiB chunk
 * left most of it empty: the index keeps one arena per standard. An
 * allocation of more than a quarter of a new chunk gets a chunk of its own,
 * linked behind the current one, so that the room left there still serves
 * the small allocations that follow. */
#define MIN_CHUNK 1024
#define MAX_CHUNK (64u << 10)

struct chunk {
	struct chunk *next;
	size_t size;
	size_t used;
	alignas(max_align_t) unsigned char data[];
};

struct pu_arena {
	struct chunk *head;
	size_t total; /* handed out */
	size_t held;  /* malloc'd for chunks */
};

int pu_arena_new(pu_arena **out)
{
	*out = calloc(1, sizeof(**out));
	if (*out == NULL)
		return pu_error_set(PU_ENOMEM, "out of memory");
	return 0;
}

void pu_arena_free(pu_arena *a)
{
	struct chunk *c, *next;

	if (a == NULL)
		return;
	for (c = a->head; c != NULL; c = next) {
		next = c->next;
		free(c);
	}
	free(a);
}

void *pu_arena_alloc(pu_arena *a, size_t size)
{
	const size_t align = alignof(max_align_t);
	struct chunk *c = a->head;
	size_t off;

	if (size > SIZE_MAX / 2)
		return NULL;
	size = (size + align - 1) & ~(align - 1);
	if (size == 0)
		size = align;
	if (c == NULL || c->size - c->used < size) {
		size_t csize = a->held < MIN_CHUNK   ? MIN_CHUNK
			       : a->held > MAX_CHUNK ? MAX_CHUNK
						     : a->held;
		bool own = size > csize / 4;

		if (own)
			csize = size;
		c = malloc(sizeof(*c) + csize);
		if (c == NULL)
			return NULL;
		c->size = csize;
		c->used = 0;
		a->held += sizeof(*c) + csize;
		if (own && a->head != NULL) {
			c->next = a->head->next;
			a->head->next = c;
		} else {
			c->next = a->head;
			a->head = c;
		}
	}
	off = c->used;
	c->used += size;
	a->total += size;
	memset(c->data + off, 0, size);
	return c->data + off;
}

char *pu_arena_strndup(pu_arena *a, const char *s, size_t n)
{
	char *p;

	if (s == NULL)
		return NULL;
	p = pu_arena_alloc(a, n + 1);
	if (p == NULL)
		return NULL;
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *pu_arena_strdup(pu_arena *a, const char *s)
{
	return s ? pu_arena_strndup(a, s, strlen(s)) : NULL;
}

size_t pu_arena_held(const pu_arena *a)
{
	return a->held;
}

size_t pu_arena_used(const pu_arena *a)
{
	return a->total;
}
