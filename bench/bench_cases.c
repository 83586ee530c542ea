/*
 * bench_cases: the full recognition case flow on one core with SQLite, from
 * intake to certificate (candidate, open with its PIN, a self-assessment, an
 * interview record, the plan, a verdict per unit, the decision, the
 * certificate id), and the database size per 100,000 closed cases,
 * extrapolated from the growth over the run. Each step is its own
 * transaction with its audit entry, as in production.
 *
 * usage: bench_cases [CASES] [UNITS]   (default 300 cases of 6 units)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sodium.h>

#include "common.h"
#include "puente/accredit.h"
#include "puente/auth.h"
#include "puente/buf.h"
#include "puente/error.h"
#include "puente/io.h"
#include "puente/rpl.h"
#include "puente/store.h"

static const char PW[] = "correct horse battery";

#define CHECK(expr)                                                            \
	do {                                                                   \
		if ((expr) != 0) {                                             \
			fprintf(stderr, "bench_cases: %s: %s\n", #expr,        \
				pu_error_message());                           \
			exit(1);                                               \
		}                                                              \
	} while (0)

static pu_actor account(pu_store *st, const char *name, pu_role role,
			const char *centre)
{
	pu_actor by, out;
	pu_user u;

	pu_actor_cli(&by, "bench");
	memset(&u, 0, sizeof(u));
	snprintf(u.name, sizeof(u.name), "%s", name);
	u.role = role;
	snprintf(u.country, sizeof(u.country), "CR");
	snprintf(u.centre, sizeof(u.centre), "%s", centre ? centre : "");
	CHECK(pu_user_add(st, &by, &u, PW, NULL));
	CHECK(pu_user_get(st, name, &u));
	pu_user_actor(&u, &out);
	return out;
}

/* A standard of nunits units, written as a Puente JSON file and imported. */
static void catalogue(pu_store *st, const char *dir, int nunits)
{
	char path[256];
	FILE *f;
	pu_import_options o = PU_IMPORT_OPTIONS_INIT;
	pu_import_result s;

	snprintf(path, sizeof(path), "%s/catalogue.json", dir);
	f = fopen(path, "w");
	if (f == NULL)
		exit(1);
	fprintf(f, "{\"format\": \"puente/1\", \"standards\": [{\"country\": "
		   "\"CR\", \"code\": \"CR-BENCH-01\", \"language\": \"es\", "
		   "\"title\": {\"es\": \"Cocina\"}, \"status\": \"active\", "
		   "\"units\": [");
	for (int i = 1; i <= nunits; i++)
		fprintf(f,
			"%s{\"code\": \"U%d\", \"title\": {\"es\": \"Unidad "
			"%d\"}, \"elements\": [{\"code\": \"E1\", \"title\": "
			"\"Hacer\", \"criteria\": [{\"code\": \"C1\", \"text\": "
			"{\"es\": \"Hace\"}}]}]}",
			i > 1 ? ", " : "", i, i);
	fprintf(f, "]}]}\n");
	fclose(f);
	CHECK(pu_io_import_file(st, path, &o, &s));
}

int main(int argc, char **argv)
{
	long ncases = argc > 1 ? strtol(argv[1], NULL, 10) : 300;
	int nunits = argc > 2 ? (int)strtol(argv[2], NULL, 10) : 6;
	char dir[] = "/tmp/pu-bench-cases-XXXXXX", db[128], code[32],
	     pin[PU_CASE_PIN_SIZE], unit[16], hash[128], cmd[160];
	pu_store *st = NULL;
	pu_store_counts before, after;
	pu_actor cr, staff, ana;
	pu_org o;
	pu_scope g;
	double t0, t1, c0, c1, h0, h1;

	if (ncases < 1 || nunits < 1 || nunits > 64 || mkdtemp(dir) == NULL)
		return 2;
	if (sodium_init() < 0)
		return 1;
	bench_print_machine();
	snprintf(db, sizeof(db), "%s/bench.db", dir);
	CHECK(pu_store_open(&st, db, PU_STORE_CREATE));
	catalogue(st, dir, nunits);
	cr = account(st, "cr-auth", PU_ROLE_AUTHORITY, NULL);
	staff = account(st, "staff", PU_ROLE_CENTRE, "INA-1");
	ana = account(st, "ana", PU_ROLE_ASSESSOR, "INA-1");
	memset(&o, 0, sizeof(o));
	snprintf(o.country, sizeof(o.country), "CR");
	snprintf(o.id, sizeof(o.id), "INA-1");
	snprintf(o.name, sizeof(o.name), "INA");
	o.kind = PU_ORG_BODY;
	CHECK(pu_accredit_org_add(st, &cr, &o));
	memset(&g, 0, sizeof(g));
	snprintf(g.country, sizeof(g.country), "CR");
	snprintf(g.org, sizeof(g.org), "INA-1");
	snprintf(g.std_country, sizeof(g.std_country), "CR");
	snprintf(g.pattern, sizeof(g.pattern), "CR-*");
	CHECK(pu_accredit_grant(st, &cr, &g, NULL));
	snprintf(g.account, sizeof(g.account), "ana");
	CHECK(pu_accredit_grant(st, &cr, &g, NULL));
	CHECK(pu_store_stats(st, &before));

	t0 = bench_now();
	c0 = bench_cpu();
	for (long i = 0; i < ncases; i++) {
		pu_rpl_candidate cand;
		pu_case_open_options oo = PU_CASE_OPEN_INIT;
		char cred[64];

		memset(&cand, 0, sizeof(cand));
		snprintf(cand.country, sizeof(cand.country), "CR");
		snprintf(cand.centre, sizeof(cand.centre), "INA-1");
		snprintf(cand.name, sizeof(cand.name), "Persona %ld", i);
		snprintf(cand.languages, sizeof(cand.languages), "es");
		snprintf(cand.consent, sizeof(cand.consent), "rpl,statistics");
		CHECK(pu_rpl_candidate_add(st, &staff, &cand));
		oo.std_country = "CR";
		oo.std_code = "CR-BENCH-01";
		oo.candidate = cand.id;
		CHECK(pu_case_open(st, &staff, &oo, code, pin));
		CHECK(pu_case_self_assess(st, &staff, code, "U1",
					  "Lo hago todos los días",
					  "Restaurante", 60));
		CHECK(pu_case_evidence_text(st, &staff, code,
					    PU_EVIDENCE_INTERVIEW, "ana",
					    "{\"work\": \"cocinera 5 años\"}",
					    NULL));
		CHECK(pu_case_plan(st, &staff, code, NULL, 0));
		for (int u = 1; u <= nunits; u++) {
			snprintf(unit, sizeof(unit), "U%d", u);
			CHECK(pu_case_assess(st, &ana, code, unit,
					     PU_METHOD_OBSERVATION,
					     u == nunits && i % 3 == 0
						     ? PU_VERDICT_NOT_YET
						     : PU_VERDICT_COMPETENT,
					     NULL));
		}
		CHECK(pu_case_decide(st, &staff, code, NULL));
		snprintf(cred, sizeof(cred), "urn:uuid:bench-%ld", i);
		CHECK(pu_case_certificate(st, &cr, code, cred));
	}
	t1 = bench_now();
	c1 = bench_cpu();
	CHECK(pu_store_stats(st, &after));

	/* What one PIN hash costs, for the share of the flow it takes. */
	h0 = bench_now();
	for (int i = 0; i < 10; i++)
		if (crypto_pwhash_str(hash, "0123456789", 10, 2,
				      19u * 1024 * 1024) != 0)
			return 1;
	h1 = bench_now();

	printf("cases: %ld of %d units, %d transactions each\n", ncases,
	       nunits, 7 + nunits);
	printf("full case flow (intake to certificate): %.1f cases/s wall, "
	       "%.1f cases/s CPU, %.2f ms per case\n",
	       ncases / (t1 - t0), ncases / (c1 - c0),
	       1000.0 * (t1 - t0) / ncases);
	printf("of which the PIN's Argon2id hash: %.2f ms per case\n",
	       1000.0 * (h1 - h0) / 10);
	printf("database growth: %.0f bytes per closed case, %.1f MiB per "
	       "100,000 closed cases\n",
	       (double)(after.bytes - before.bytes) / ncases,
	       (double)(after.bytes - before.bytes) / ncases * 100000.0 /
		       (1024.0 * 1024.0));
	pu_store_counts_free(&before);
	pu_store_counts_free(&after);
	pu_store_close(st);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	return system(cmd) == 0 ? 0 : 1;
}
