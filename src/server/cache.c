/*
 * The reply cache: replies of catalogue routes (which depend only on the
 * request target, the language headers and the catalogue version) kept in a
 * direct-mapped table of SLOTS entries under striped locks, bounded to
 * MAX_BYTES in all. An entry of an older catalogue version is a miss and is
 * replaced on the next put. Personal data never passes through these routes.
 */
#include "server.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#define SLOTS 4096
#define LOCKS 64
#define MAX_ENTRY (256u << 10)
#define MAX_BYTES (64u << 20)

struct entry {
	uint64_t hash;
	char *key;
	int64_t version;
	char *body;
	size_t len;
	const char *type; /* a static string */
};

static struct entry slots[SLOTS];
static pthread_mutex_t locks[LOCKS];
static atomic_size_t total;

void srv_cache_init(void)
{
	for (size_t i = 0; i < LOCKS; i++)
		pthread_mutex_init(&locks[i], NULL);
}

void srv_cache_free(void)
{
	for (size_t i = 0; i < SLOTS; i++) {
		free(slots[i].key);
		free(slots[i].body);
		memset(&slots[i], 0, sizeof(slots[i]));
	}
	atomic_store(&total, 0);
}

/* The key: the target and what chooses the language. */
static char *key_of(const srv_req *r, uint64_t *hash)
{
	const char *al = srv_header((srv_req *)r, "Accept-Language");
	const char *lc = srv_cookie((srv_req *)r, "lang");
	pu_buf b = PU_BUF_INIT;
	uint64_t h = 1469598103934665603ull;

	pu_buf_puts(&b, r->target ? r->target : "");
	pu_buf_putc(&b, '\n');
	pu_buf_puts(&b, al ? al : "");
	pu_buf_putc(&b, '\n');
	pu_buf_puts(&b, lc ? lc : "");
	if (b.ptr == NULL)
		return NULL;
	for (size_t i = 0; i < b.len; i++)
		h = (h ^ (unsigned char)b.ptr[i]) * 1099511628211ull;
	*hash = h;
	return pu_buf_detach(&b);
}

bool srv_cache_get(srv_req *r, int64_t version)
{
	uint64_t h;
	char *key = key_of(r, &h), *copy = NULL;
	struct entry *e;
	pthread_mutex_t *m;
	bool hit = false;

	if (key == NULL)
		return false;
	e = &slots[h % SLOTS];
	m = &locks[(h % SLOTS) % LOCKS];
	pthread_mutex_lock(m);
	if (e->key && e->hash == h && e->version == version &&
	    strcmp(e->key, key) == 0) {
		copy = malloc(e->len ? e->len : 1);
		if (copy != NULL) {
			memcpy(copy, e->body, e->len);
			srv_bytes(r, 200, e->type, copy, e->len);
			hit = true;
		}
	}
	pthread_mutex_unlock(m);
	free(key);
	return hit;
}

void srv_cache_put(const srv_req *r, int64_t version)
{
	uint64_t h;
	char *key, *body;
	struct entry *e;
	pthread_mutex_t *m;

	if (r->status != 200 || r->reply == NULL || r->reply_len > MAX_ENTRY ||
	    atomic_load(&total) + r->reply_len > MAX_BYTES)
		return;
	key = key_of(r, &h);
	body = key ? malloc(r->reply_len ? r->reply_len : 1) : NULL;
	if (body == NULL) {
		free(key);
		return;
	}
	memcpy(body, r->reply, r->reply_len);
	e = &slots[h % SLOTS];
	m = &locks[(h % SLOTS) % LOCKS];
	pthread_mutex_lock(m);
	atomic_fetch_sub(&total, e->len);
	free(e->key);
	free(e->body);
	e->hash = h;
	e->key = key;
	e->version = version;
	e->body = body;
	e->len = r->reply_len;
	e->type = r->content_type;
	atomic_fetch_add(&total, e->len);
	pthread_mutex_unlock(m);
}

void srv_cache_etag(const srv_req *r, int64_t version, char *out, size_t n)
{
	uint64_t h = 0;
	char *key = key_of(r, &h);

	free(key);
	snprintf(out, n, "\"c%lld-%016llx\"", (long long)version,
		 (unsigned long long)h);
}
