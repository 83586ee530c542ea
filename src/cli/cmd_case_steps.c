/*
 * The steps of puente case between opening and the end: self-assessment,
 * evidence, the plan, verdicts, the decision, the appeal, the certificate,
 * closing, withdrawal and fees. Each parses its options, opens the store,
 * acts as --as ACCOUNT, makes one library call and says what happened.
 */
#include "cli_auth.h"
#include "cli_rpl.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "puente/error.h"
#include "puente/rpl.h"
#include "puente/store.h"

#define MAX_UNITS 128

/* Parses, checks there are npos positionals (the subcommand included),
 * opens the store and resolves the actor of --as, which must be opts[0].
 * Returns 0, -1 after printing help, or an exit code. */
static int begin(cli *c, int argc, char **argv, const cli_opt *opts, int npos,
		 const char *usage, pu_store **st, pu_actor *by)
{
	int rc;

	*st = NULL;
	if ((rc = cli_parse(c, argc, argv, opts)) != 0)
		return rc;
	if (c->help)
		return -1;
	if (c->npos != npos)
		return cli_usage(c, "expected: %s", usage);
	if ((rc = cli_open(c, st, false)) != 0)
		return rc;
	if ((rc = cli_actor(c, *st, *(const char *const *)opts[0].value, by)) !=
	    0) {
		pu_store_close(*st);
		*st = NULL;
	}
	return rc;
}

/* Ends a step: the library's rc into an exit code, message on success. */
static int end(cli *c, pu_store *st, int rc, const char *done)
{
	if (rc < 0)
		rc = cli_fail(c, rc);
	else {
		if (done != NULL)
			printf("%s\n", done);
		rc = EXIT_OK;
	}
	pu_store_close(st);
	return rc;
}

#define BEGIN(npos, usage)                                                     \
	do {                                                                   \
		int b_ =                                                       \
		    begin(c, argc, argv, opts, (npos), (usage), &st, &by);     \
		if (b_ != 0)                                                   \
			return b_ < 0 ? EXIT_OK : b_;                          \
	} while (0)

int cli_case_self_assess(cli *c, int argc, char **argv)
{
	const char *as = NULL, *unit = NULL, *can_do = NULL, *where = NULL,
		   *months = NULL;
	cli_opt opts[] = {
	    {"--as", &as, NULL},	 {"--unit", &unit, NULL},
	    {"--can-do", &can_do, NULL}, {"--where", &where, NULL},
	    {"--months", &months, NULL}, {NULL, NULL, NULL}};
	pu_store *st;
	pu_actor by;

	BEGIN(2, "case self-assess CODE --unit U --can-do TEXT [--where TEXT] "
		 "[--months N]");
	return end(
	    c, st,
	    pu_case_self_assess(st, &by, c->pos[1], unit, can_do, where,
				months ? (int)strtol(months, NULL, 10) : 0),
	    "self-assessment recorded");
}

static int read_file(const cli *c, const char *path, char **out, size_t *len)
{
	struct stat sb;
	FILE *f = fopen(path, "rb");
	char *buf;

	if (f == NULL || fstat(fileno(f), &sb) != 0) {
		fprintf(stderr, "puente %s: %s: %s\n", c->verb, path,
			strerror(errno));
		if (f != NULL)
			fclose(f);
		return EXIT_DATA;
	}
	/* One byte over the limit is enough for the library to refuse. */
	if ((uint64_t)sb.st_size > PU_EVIDENCE_MAX_BYTES)
		sb.st_size = (off_t)PU_EVIDENCE_MAX_BYTES + 1;
	buf = malloc((size_t)sb.st_size + 1);
	if (buf == NULL) {
		fclose(f);
		return EXIT_SYSTEM;
	}
	*len = fread(buf, 1, (size_t)sb.st_size, f);
	buf[*len] = '\0';
	fclose(f);
	*out = buf;
	return EXIT_OK;
}

int cli_case_evidence(cli *c, int argc, char **argv)
{
	const char *as = NULL, *file = NULL, *type = NULL, *title = NULL,
		   *unit = NULL, *testimony = NULL, *witness = NULL,
		   *interview = NULL, *interviewer = NULL, *dir = NULL;
	cli_opt opts[] = {{"--as", &as, NULL},
			  {"--file", &file, NULL},
			  {"--type", &type, NULL},
			  {"--title", &title, NULL},
			  {"--unit", &unit, NULL},
			  {"--testimony", &testimony, NULL},
			  {"--witness", &witness, NULL},
			  {"--interview", &interview, NULL},
			  {"--interviewer", &interviewer, NULL},
			  {"--evidence-dir", &dir, NULL},
			  {NULL, NULL, NULL}};
	char evdir[4096], sha[65], msg[120];
	char *data = NULL;
	size_t len = 0;
	pu_store *st;
	pu_actor by;
	int rc;

	BEGIN(3, "case evidence add CODE (--file PATH | --testimony TEXT "
		 "--witness WHO | --interview FILE --interviewer WHO)");
	if (strcmp(c->pos[1], "add") != 0 ||
	    (file != NULL) + (testimony != NULL) + (interview != NULL) != 1) {
		pu_store_close(st);
		return cli_usage(c, "expected: case evidence add CODE with one "
				    "of --file, --testimony, --interview");
	}
	if (file != NULL) {
		const char *base = strrchr(file, '/');

		cli_evidence_dir(c, dir, evdir, sizeof(evdir));
		if ((rc = read_file(c, file, &data, &len)) != 0) {
			pu_store_close(st);
			return rc;
		}
		rc = pu_case_evidence_file(st, &by, c->pos[2], evdir, data, len,
					   type,
					   title  ? title
					   : base ? base + 1
						  : file,
					   unit, sha);
		snprintf(msg, sizeof(msg), "evidence stored as sha256:%s", sha);
	} else if (testimony != NULL) {
		rc = pu_case_evidence_text(st, &by, c->pos[2],
					   PU_EVIDENCE_TESTIMONY, witness,
					   testimony, unit);
		snprintf(msg, sizeof(msg), "testimony recorded");
	} else {
		if ((rc = read_file(c, interview, &data, &len)) != 0) {
			pu_store_close(st);
			return rc;
		}
		rc = pu_case_evidence_text(st, &by, c->pos[2],
					   PU_EVIDENCE_INTERVIEW, interviewer,
					   data, unit);
		snprintf(msg, sizeof(msg), "interview recorded");
	}
	free(data);
	return end(c, st, rc, msg);
}

int cli_case_plan(cli *c, int argc, char **argv)
{
	const char *as = NULL, *units = NULL;
	cli_opt opts[] = {
	    {"--as", &as, NULL}, {"--units", &units, NULL}, {NULL, NULL, NULL}};
	const char *v[MAX_UNITS];
	char buf[2048];
	size_t n = 0;
	pu_store *st;
	pu_actor by;

	BEGIN(2, "case plan CODE [--units U1,U2]");
	if (units != NULL) {
		snprintf(buf, sizeof(buf), "%s", units);
		n = cli_split(buf, v, MAX_UNITS);
	}
	return end(c, st, pu_case_plan(st, &by, c->pos[1], n ? v : NULL, n),
		   "assessment plan set");
}

int cli_case_assess(cli *c, int argc, char **argv)
{
	const char *as = NULL, *unit = NULL, *method = NULL, *verdict = NULL,
		   *notes = NULL;
	cli_opt opts[] = {
	    {"--as", &as, NULL},	 {"--unit", &unit, NULL},
	    {"--method", &method, NULL}, {"--verdict", &verdict, NULL},
	    {"--notes", &notes, NULL},	 {NULL, NULL, NULL}};
	pu_method m;
	pu_verdict v;
	pu_store *st;
	pu_actor by;

	BEGIN(2, "case assess CODE --unit U --method M --verdict V");
	if (pu_method_parse(method, &m) < 0 ||
	    pu_verdict_parse(verdict, &v) < 0) {
		pu_store_close(st);
		return cli_usage(c, "%s", pu_error_message());
	}
	return end(c, st, pu_case_assess(st, &by, c->pos[1], unit, m, v, notes),
		   "verdict recorded");
}

int cli_case_decide(cli *c, int argc, char **argv)
{
	const char *as = NULL;
	cli_opt opts[] = {{"--as", &as, NULL}, {NULL, NULL, NULL}};
	pu_outcome out = PU_OUTCOME_NONE;
	char msg[64];
	pu_store *st;
	pu_actor by;
	int rc;

	BEGIN(2, "case decide CODE");
	rc = pu_case_decide(st, &by, c->pos[1], &out);
	if (rc == 0 && c->json) {
		pu_store_close(st);
		return cli_print_json(json_pack("{s:s, s:s}", "case", c->pos[1],
						"outcome",
						pu_outcome_name(out)));
	}
	snprintf(msg, sizeof(msg), "decided: %s", pu_outcome_name(out));
	return end(c, st, rc, msg);
}

int cli_case_appeal(cli *c, int argc, char **argv)
{
	const char *as = NULL, *assessor = NULL, *units = NULL, *reason = NULL;
	cli_opt opts[] = {{"--as", &as, NULL},
			  {"--assessor", &assessor, NULL},
			  {"--units", &units, NULL},
			  {"--reason", &reason, NULL},
			  {NULL, NULL, NULL}};
	const char *v[MAX_UNITS];
	char buf[2048];
	size_t n = 0;
	pu_store *st;
	pu_actor by;

	BEGIN(2, "case appeal CODE --assessor NAME --reason TEXT [--units "
		 "U1,U2]");
	if (units != NULL) {
		snprintf(buf, sizeof(buf), "%s", units);
		n = cli_split(buf, v, MAX_UNITS);
	}
	return end(c, st,
		   pu_case_appeal(st, &by, c->pos[1], assessor, n ? v : NULL, n,
				  reason),
		   "appeal opened");
}

int cli_case_certificate(cli *c, int argc, char **argv)
{
	const char *as = NULL, *credential = NULL;
	cli_opt opts[] = {{"--as", &as, NULL},
			  {"--credential", &credential, NULL},
			  {NULL, NULL, NULL}};
	pu_store *st;
	pu_actor by;

	BEGIN(2, "case certificate CODE --credential ID");
	return end(c, st, pu_case_certificate(st, &by, c->pos[1], credential),
		   "certificate recorded");
}

int cli_case_close(cli *c, int argc, char **argv)
{
	const char *as = NULL;
	cli_opt opts[] = {{"--as", &as, NULL}, {NULL, NULL, NULL}};
	pu_store *st;
	pu_actor by;

	BEGIN(2, "case close CODE");
	return end(c, st, pu_case_close(st, &by, c->pos[1]), "case closed");
}

int cli_case_withdraw(cli *c, int argc, char **argv)
{
	const char *as = NULL, *reason = NULL;
	bool abandon = false;
	cli_opt opts[] = {{"--as", &as, NULL},
			  {"--reason", &reason, NULL},
			  {"--abandon", NULL, &abandon},
			  {NULL, NULL, NULL}};
	pu_store *st;
	pu_actor by;

	BEGIN(2, "case withdraw CODE --reason TEXT [--abandon]");
	return end(c, st,
		   pu_case_withdraw(st, &by, c->pos[1], !abandon, reason),
		   abandon ? "case abandoned" : "case withdrawn");
}

int cli_case_fee(cli *c, int argc, char **argv)
{
	const char *as = NULL, *step = NULL, *amount = NULL, *currency = NULL,
		   *status = NULL, *reason = NULL;
	cli_opt opts[] = {
	    {"--as", &as, NULL},	 {"--step", &step, NULL},
	    {"--amount", &amount, NULL}, {"--currency", &currency, NULL},
	    {"--status", &status, NULL}, {"--reason", &reason, NULL},
	    {NULL, NULL, NULL}};
	pu_fee_status fs = PU_FEE_DUE;
	char *end_p = NULL;
	long long a;
	pu_store *st;
	pu_actor by;

	BEGIN(2, "case fee CODE --step STEP --amount MINOR --currency CUR "
		 "[--status due|paid|waived] [--reason TEXT]");
	a = amount ? strtoll(amount, &end_p, 10) : -1;
	if (amount == NULL || *end_p != '\0' ||
	    (status != NULL && pu_fee_status_parse(status, &fs) < 0)) {
		pu_store_close(st);
		return cli_usage(c, "--amount: an integer in minor units; "
				    "--status: due, paid or waived");
	}
	return end(c, st,
		   pu_case_fee_add(st, &by, c->pos[1], step, (int64_t)a,
				   currency, fs, reason),
		   "fee recorded");
}
