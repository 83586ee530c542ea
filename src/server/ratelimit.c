/*
 * Sign-in attempts per client address: the library locks an account after
 * repeated failures; this stops one address from trying many accounts. A
 * fixed table of counters keyed by a hash of the address (collisions only
 * make two addresses share a budget), each counting failures in a window.
 * Addresses are never logged or kept beyond the window.
 */
#include "server.h"

#include <arpa/inet.h>
#include <microhttpd.h>
#include <pthread.h>
#include <string.h>

#define SLOTS 1024
#define WINDOW 900   /* seconds */
#define MAX_FAILURES 30

struct slot {
	uint64_t key;
	time_t start;
	unsigned int failures;
};

static struct slot slots[SLOTS];
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

/* A hash of the client's address (not the port). */
static uint64_t client_key(srv_req *r)
{
	const union MHD_ConnectionInfo *ci = MHD_get_connection_info(
		r->conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	const unsigned char *p = NULL;
	size_t n = 0;
	uint64_t h = 1469598103934665603ull;

	if (ci != NULL && ci->client_addr != NULL) {
		const struct sockaddr *sa = ci->client_addr;

		if (sa->sa_family == AF_INET) {
			p = (const unsigned char *)&((const struct sockaddr_in *)sa)->sin_addr;
			n = 4;
		} else if (sa->sa_family == AF_INET6) {
			p = (const unsigned char *)&((const struct sockaddr_in6 *)sa)->sin6_addr;
			n = 16;
		}
	}
	for (size_t i = 0; i < n; i++)
		h = (h ^ p[i]) * 1099511628211ull;
	return h;
}

int srv_signin_allowed(srv_req *r)
{
	uint64_t k = client_key(r);
	struct slot *s = &slots[k % SLOTS];
	time_t now = time(NULL);
	int wait = 0;

	pthread_mutex_lock(&lock);
	if (s->key == k && now - s->start < WINDOW &&
	    s->failures >= MAX_FAILURES)
		wait = (int)(WINDOW - (now - s->start));
	pthread_mutex_unlock(&lock);
	return wait;
}

void srv_signin_failed(srv_req *r)
{
	uint64_t k = client_key(r);
	struct slot *s = &slots[k % SLOTS];
	time_t now = time(NULL);

	pthread_mutex_lock(&lock);
	if (s->key != k || now - s->start >= WINDOW) {
		s->key = k;
		s->start = now;
		s->failures = 0;
	}
	s->failures++;
	pthread_mutex_unlock(&lock);
}
