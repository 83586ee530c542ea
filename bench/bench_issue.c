/*
 * Issuing and bulk revocation (include/puente/issue.h), on a fresh SQLite
 * database:
 *  1. issuing rate: pu_issue of a full certificate of an 8-unit standard with
 *     its national and regional levels, one transaction each (build, status
 *     index, sign, record, audit), credentials per second;
 *  2. bulk change of N credentials (default 100,000) in one transaction:
 *     first all suspended by a list of their ids (`puente revoke --file`),
 *     then all revoked by issuer (`puente revoke --issuer`), each one
 *     pu_revoke call: select, check scope, flip bits, re-sign the lists,
 *     update the records, one audit entry.
 * The N credentials of step 2 beyond those issued in step 1 are recorded
 * straight into the store (same rows, same status list allocation, no
 * signature), which is what revocation reads; issuing them all through
 * pu_issue would take N / rate seconds more and measure step 1 again.
 *
 * usage: bench_issue [ISSUES [REVOKE_N [DIR]]]   (defaults 2000 100000 /tmp)
 * Run it pinned to one core: taskset -c 0 build/bench/bench_issue.
 */
#include <jansson.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common.h"
#include "cred/issue_internal.h"
#include "puente/audit.h"
#include "puente/auth.h"
#include "puente/buf.h"
#include "puente/cred.h"
#include "puente/error.h"
#include "puente/io.h"
#include "puente/issue.h"
#include "puente/store.h"

static const char *const doc =
    "{\"format\": \"puente/1\", \"frameworks\": ["
    "{\"id\": \"rqf\", \"type\": \"regional\", \"country\": \"SICA\","
    " \"name\": {\"en\": \"Regional framework\"}, \"short_name\": \"RQF\","
    " \"levels\": [{\"code\": \"1\"}, {\"code\": \"2\"}, {\"code\": \"3\"}]},"
    "{\"id\": \"cr-mnc\", \"type\": \"national\", \"country\": \"CR\","
    " \"name\": {\"es\": \"Marco Nacional de Cualificaciones\"},"
    " \"short_name\": \"MNC\", \"levels\": [{\"code\": \"1\"}, {\"code\": "
    "\"2\"}, {\"code\": \"3\"}]}],"
    "\"referencing\": [{\"from\": \"cr-mnc\", \"to\": \"rqf\", \"status\": "
    "\"official\", \"source\": \"bench\", \"levels\": [{\"level\": \"3\", "
    "\"to\": [\"3\"]}]}],"
    "\"standards\": [{\"country\": \"CR\", \"code\": \"CR-ELEC-02\", "
    "\"language\": \"es\", \"title\": {\"es\": \"Instalaciones eléctricas "
    "residenciales\", \"en\": \"Residential electrical installation\"},"
    " \"description\": {\"es\": \"Instala, prueba y mantiene circuitos "
    "eléctricos de viviendas según el código eléctrico nacional.\", \"en\":"
    " \"Installs, tests and maintains household circuits to the national "
    "electrical code.\"}, \"level\": {\"framework\": \"cr-mnc\", \"level\":"
    " \"3\"}, \"units\": ["
    " {\"code\": \"U1\", \"title\": {\"es\": \"Seguridad eléctrica\"}},"
    " {\"code\": \"U2\", \"title\": {\"es\": \"Lectura de planos\"}},"
    " {\"code\": \"U3\", \"title\": {\"es\": \"Canalizaciones\"}},"
    " {\"code\": \"U4\", \"title\": {\"es\": \"Cableado de circuitos\"}},"
    " {\"code\": \"U5\", \"title\": {\"es\": \"Tableros y protecciones\"}},"
    " {\"code\": \"U6\", \"title\": {\"es\": \"Puesta a tierra\"}},"
    " {\"code\": \"U7\", \"title\": {\"es\": \"Pruebas y medición\"}},"
    " {\"code\": \"U8\", \"title\": {\"es\": \"Mantenimiento\"}}]}]}";

static pu_cred_key key;
static char did[128];

static int key_for(void *arg, const char *d, const pu_cred_key **out)
{
	(void)arg;
	(void)d;
	*out = &key;
	return 0;
}

struct coll {
	char **v;
	size_t n, cap;
};

static int collect(const pu_issued *r, void *arg)
{
	struct coll *c = arg;

	if (c->n == c->cap) {
		c->cap = c->cap ? c->cap * 2 : 1024;
		c->v = realloc(c->v, c->cap * sizeof(*c->v));
		if (c->v == NULL)
			return PU_ENOMEM;
	}
	c->v[c->n] = strdup(r->id);
	return c->v[c->n++] ? 0 : PU_ENOMEM;
}

static void die(const char *what, int rc)
{
	fprintf(stderr, "bench_issue: %s: %d %s\n", what, rc,
		pu_error_message());
	exit(1);
}

/* Records n credentials without signing them (see the header). */
static void fill(pu_store *st, long n)
{
	const pu_store_cred_ops *ops = pu_issue_ops(st);
	int rc = pu_store_begin(st);

	for (long i = 0; rc == 0 && i < n; i++) {
		pu_cred_list_row l;
		pu_issued r;
		int64_t idx;

		memset(&r, 0, sizeof(r));
		rc = pu_issue_alloc(st, &key, "https://bench.example",
				    pu_auth_now(), &l, &idx);
		if (rc < 0)
			break;
		snprintf(r.id, sizeof(r.id), "urn:uuid:bench-%08ld", i);
		snprintf(r.issuer, sizeof(r.issuer), "%s", did);
		snprintf(r.country, sizeof(r.country), "CR");
		snprintf(r.standard, sizeof(r.standard), "CR/CR-ELEC-02");
		r.list = l.id;
		r.index = idx;
		pu_issue_time(r.issued_at, pu_auth_now());
		memset(r.digest, 'a', 64);
		rc = ops->cred_insert(st, &r);
		pu_cred_list_row_clear(&l);
	}
	if (rc == 0)
		rc = pu_store_commit(st);
	if (rc < 0)
		die("filling", rc);
}

int main(int argc, char **argv)
{
	long issues = argc > 1 ? strtol(argv[1], NULL, 10) : 2000;
	long nrev = argc > 2 ? strtol(argv[2], NULL, 10) : 100000;
	const char *dir = argc > 3 ? argv[3] : "/tmp";
	char path[512], side[600];
	pu_store *st = NULL;
	pu_import_result ir;
	pu_import_options io = PU_IMPORT_OPTIONS_INIT;
	pu_issue_options o = PU_ISSUE_OPTIONS_INIT;
	pu_issuer iss = {&key, "INA Costa Rica",       "CR", NULL,
			 "es", "https://bench.example"};
	pu_revoke_options ro = PU_REVOKE_OPTIONS_INIT;
	pu_revoke_result rr;
	pu_buf b = PU_BUF_INIT;
	size_t bytes = 0;
	double t0, c0, wall, cpu;
	int rc;

	if (sodium_init() < 0 || issues < 1 || nrev < issues)
		return 2;
	bench_print_machine();
	snprintf(path, sizeof(path), "%s/bench-issue-%d.db", dir,
		 (int)getpid());
	rc = pu_store_open(&st, path, PU_STORE_CREATE);
	if (rc == 0)
		rc = pu_io_import_buffer(st, doc, strlen(doc), "bench.json",
					 &io, &ir);
	if (rc == 0)
		rc = pu_cred_key_generate(&key);
	if (rc == 0)
		rc = pu_cred_didkey_from_public(&b, key.pk);
	if (rc < 0)
		die("setting up", rc);
	snprintf(did, sizeof(did), "%s", b.ptr);

	/* 1. issuing rate */
	o.country = "CR";
	o.code = "CR-ELEC-02";
	o.holder_id = "1-2345-6789";
	o.lang = "en";
	{
		char *out = NULL;

		/* the first creates and signs the list pair */
		if ((rc = pu_issue(st, &iss, &o, &out, NULL)) < 0)
			die("issuing", rc);
		bytes = strlen(out);
		free(out);
	}
	t0 = bench_now();
	c0 = bench_cpu();
	for (long i = 1; i < issues; i++) {
		char *out = NULL;

		rc = pu_issue(st, &iss, &o, &out, NULL);
		if (rc < 0)
			die("issuing", rc);
		free(out);
	}
	wall = bench_now() - t0;
	cpu = bench_cpu() - c0;
	printf("issue: %ld credentials (%zu bytes each, canonical) in %.3f s "
	       "wall, %.3f s CPU: %.0f credentials/s (CPU %.0f/s), one "
	       "transaction each\n",
	       issues - 1, bytes, wall, cpu, (issues - 1) / wall,
	       (issues - 1) / cpu);

	/* 2. bulk revocation */
	t0 = bench_now();
	fill(st, nrev - issues);
	printf("setup: %ld more credentials recorded in %.2f s\n",
	       nrev - issues, bench_now() - t0);
	/* by a list of ids (as `puente revoke --file`): suspend them all */
	{
		struct coll c = {NULL, 0, 0};
		pu_revoke_options so = PU_REVOKE_OPTIONS_INIT;

		rc = pu_issue_ops(st)->cred_each(st, NULL, NULL, NULL, collect,
						 &c);
		if (rc < 0)
			die("listing", rc);
		so.action = PU_REVOKE_SUSPEND;
		so.reason = "bench: suspended by id";
		so.ids = (const char *const *)c.v;
		so.nids = c.n;
		so.key_for = key_for;
		t0 = bench_now();
		c0 = bench_cpu();
		rc = pu_revoke(st, &so, &rr);
		wall = bench_now() - t0;
		cpu = bench_cpu() - c0;
		if (rc < 0)
			die("suspending", rc);
		printf("suspend by %zu ids: %zu changed, %zu lists re-signed, "
		       "one transaction: %.3f s wall, %.3f s CPU\n",
		       c.n, rr.changed, rr.lists, wall, cpu);
		for (size_t i = 0; i < c.n; i++)
			free(c.v[i]);
		free(c.v);
	}

	/* by issuer (as `puente revoke --issuer`): revoke them all */
	ro.action = PU_REVOKE_REVOKE;
	ro.reason = "bench: the body lost its accreditation";
	ro.issuer = did;
	ro.key_for = key_for;
	t0 = bench_now();
	c0 = bench_cpu();
	rc = pu_revoke(st, &ro, &rr);
	wall = bench_now() - t0;
	cpu = bench_cpu() - c0;
	if (rc < 0)
		die("revoking", rc);
	printf("revoke by issuer: %zu credentials, %zu changed, %zu lists "
	       "re-signed, one transaction: %.3f s wall, %.3f s CPU\n",
	       rr.matched, rr.changed, rr.lists, wall, cpu);
	pu_store_close(st);
	pu_buf_free(&b);
	unlink(path);
	snprintf(side, sizeof(side), "%s-wal", path);
	unlink(side);
	snprintf(side, sizeof(side), "%s-shm", path);
	unlink(side);
	return 0;
}
