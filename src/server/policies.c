/*
 * The destination authorities' homologation policies, for the server. The
 * file CC.json of the policy directory ($PUENTE_POLICIES, else var/policies)
 * is the policy of destination country CC (docs/formats.md, "Policy"), read
 * with pu_policy_load; a country without a file gets the documented defaults.
 * The directory is looked at every POLICY_CHECK seconds at most and read again
 * when its state (srv_dir_state) changed. A file that does not load is
 * reported on stderr and its country keeps the policy it had (or the
 * defaults): an operator's typo must not silently loosen a country's
 * thresholds. A replaced set stays in memory until exit, since requests in
 * flight may still read it (MAX_RETIRED sets; after that, changes wait for a
 * restart). srv_policy_generation counts the sets read, and is part of the
 * version of catalogue replies, so a cached homologation never outlives the
 * policy it was computed under.
 */
#include "server.h"

#include <dirent.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "puente/error.h"
#include "puente/match.h"

#define POLICY_CHECK 2	/* seconds between looks at the directory */
#define MAX_POLICIES 256
#define MAX_RETIRED 64
#define CC_MAX 16	/* a country code, as the catalogue's */

struct set {
	size_t n;
	struct {
		char cc[CC_MAX + 1];
		pu_policy *p;
	} e[MAX_POLICIES];
};

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static struct set *cur;
static struct set *retired[MAX_RETIRED];
static size_t nretired;
static time_t checked;
static char seen[96];
static uint64_t generation;

bool srv_json_file(const char *name)
{
	size_t l = strlen(name);

	return l >= 6 && name[0] != '.' && strcmp(name + l - 5, ".json") == 0;
}

void srv_dir_state(const char *dir, char *out, size_t n)
{
	unsigned long long count = 0, bytes = 0, times = 0;
	DIR *d = opendir(dir);
	struct dirent *e;

	while (d != NULL && (e = readdir(d)) != NULL) {
		char path[4096];
		struct stat sb;

		if (!srv_json_file(e->d_name))
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		if (stat(path, &sb) != 0)
			continue;
		count++;
		bytes += (unsigned long long)sb.st_size;
		times += (unsigned long long)sb.st_mtim.tv_sec * 1000000000ull +
			 (unsigned long long)sb.st_mtim.tv_nsec;
	}
	if (d != NULL)
		closedir(d);
	snprintf(out, n, "%llu:%llu:%llu", count, bytes, times);
}

static void set_free(struct set *s)
{
	if (s == NULL)
		return;
	for (size_t i = 0; i < s->n; i++)
		free(s->e[i].p);
	free(s);
}

/* "CR.json" -> "CR"; false for any other name. */
static bool country_file(const char *name, char *cc)
{
	size_t l = strlen(name);

	if (!srv_json_file(name) || l < 7 || l - 5 > CC_MAX)
		return false;
	for (size_t i = 0; i < l - 5; i++)
		if (!((name[i] >= 'A' && name[i] <= 'Z') ||
		      (name[i] >= '0' && name[i] <= '9') || name[i] == '-'))
			return false;
	memcpy(cc, name, l - 5);
	cc[l - 5] = '\0';
	return true;
}

static const pu_policy *find(const struct set *s, const char *cc)
{
	for (size_t i = 0; s != NULL && i < s->n; i++)
		if (strcmp(s->e[i].cc, cc) == 0)
			return s->e[i].p;
	return NULL;
}

/* A copy of p in one allocation, as pu_policy_load makes them. */
static pu_policy *copy(const pu_policy *p)
{
	size_t al = p->authority ? strlen(p->authority) + 1 : 0;
	pu_policy *c = malloc(sizeof(*c) + al);

	if (c == NULL)
		return NULL;
	*c = *p;
	if (al) {
		memcpy(c + 1, p->authority, al);
		c->authority = (const char *)(c + 1);
	}
	return c;
}

/* Reads every CC.json of dir; a file that fails keeps prev's policy. */
static struct set *load(const char *dir, const struct set *prev)
{
	struct set *s = calloc(1, sizeof(*s));
	DIR *d;
	struct dirent *e;

	if (s == NULL)
		return NULL;
	d = opendir(dir);
	while (d != NULL && (e = readdir(d)) != NULL && s->n < MAX_POLICIES) {
		char path[4096], cc[CC_MAX + 1];
		const pu_policy *old;
		pu_policy *p = NULL;

		if (!country_file(e->d_name, cc)) {
			if (srv_json_file(e->d_name))
				fprintf(stderr,
					"puente serve: policy %s/%s ignored: "
					"name it after a country code in "
					"capitals (CR.json)\n",
					dir, e->d_name);
			continue;
		}
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		if (pu_policy_load(&p, path) < 0) {
			old = find(prev, cc);
			fprintf(stderr,
				"puente serve: policy %s left out (%s keeps %s): "
				"%s\n",
				path, cc, old ? "its previous policy" : "the defaults",
				pu_error_message());
			pu_error_clear();
			if (old == NULL || (p = copy(old)) == NULL)
				continue;
		}
		memcpy(s->e[s->n].cc, cc, sizeof(cc));
		s->e[s->n++].p = p;
	}
	if (d != NULL)
		closedir(d);
	return s;
}

/* Reads the directory again when it changed; under lock. */
static void refresh(void)
{
	const char *env = getenv("PUENTE_POLICIES");
	const char *dir = env && *env ? env : "var/policies";
	time_t now = time(NULL);
	char state[96];
	struct set *s;

	if (generation > 0 && now - checked < POLICY_CHECK)
		return;
	checked = now;
	srv_dir_state(dir, state, sizeof(state));
	if (generation > 0 &&
	    (strcmp(state, seen) == 0 || nretired == MAX_RETIRED))
		return;
	if ((s = load(dir, cur)) == NULL)
		return;
	if (cur != NULL) {
		retired[nretired++] = cur;
		fprintf(stderr, "puente serve: policies read again from %s "
				"(%zu)\n",
			dir, s->n);
	}
	cur = s;
	snprintf(seen, sizeof(seen), "%s", state);
	generation++;
}

const pu_policy *srv_policy(const char *country)
{
	const pu_policy *p;

	pthread_mutex_lock(&lock);
	refresh();
	p = country ? find(cur, country) : NULL;
	pthread_mutex_unlock(&lock);
	return p;
}

uint64_t srv_policy_generation(void)
{
	uint64_t g;

	pthread_mutex_lock(&lock);
	refresh();
	g = generation;
	pthread_mutex_unlock(&lock);
	return g;
}

void srv_policies_free(void)
{
	pthread_mutex_lock(&lock);
	set_free(cur);
	cur = NULL;
	for (size_t i = 0; i < nretired; i++)
		set_free(retired[i]);
	nretired = 0;
	generation = 0;
	seen[0] = '\0';
	pthread_mutex_unlock(&lock);
}
