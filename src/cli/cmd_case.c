/*
 * puente case ...: recognition cases for centre staff and assessors, acting
 * with --as ACCOUNT (a centre or assessor account; the administrator sees no
 * cases). This file opens, shows, lists and follows cases and erases a
 * candidate; the steps in between are in cmd_case_steps.c. Names and other
 * personal data are printed only by `show`, to those in scope.
 */
#include "cli_auth.h"
#include "cli_rpl.h"

#include <inttypes.h>
#include <libgen.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "puente/error.h"
#include "puente/rpl.h"
#include "puente/store.h"

size_t cli_split(char *s, const char **items, size_t max)
{
	size_t n = 0;
	char *p = s;

	while (p != NULL && *p != '\0' && n < max) {
		char *comma = strchr(p, ',');

		if (comma != NULL)
			*comma = '\0';
		if (*p != '\0')
			items[n++] = p;
		p = comma ? comma + 1 : NULL;
	}
	return n;
}

void cli_evidence_dir(const cli *c, const char *dir, char *out, size_t n)
{
	const char *db = c->db ? c->db : getenv("PUENTE_DB");
	char copy[4096];

	if (dir == NULL)
		dir = getenv("PUENTE_EVIDENCE");
	if (dir != NULL && dir[0] != '\0') {
		snprintf(out, n, "%s", dir);
		return;
	}
	if (db == NULL || db[0] == '\0')
		db = "var/puente.db";
	if (strncmp(db, "sqlite:", 7) == 0)
		db += 7;
	snprintf(copy, sizeof(copy), "%s", db);
	snprintf(out, n, "%s/evidence", dirname(copy));
}

/* "passport:NI,none" into the candidate's documents. */
static int documents_arg(const cli *c, char *arg, pu_rpl_candidate *cand)
{
	const char *items[PU_RPL_MAX_DOCS + 1];
	size_t n = cli_split(arg, items, PU_RPL_MAX_DOCS + 1);

	if (n > PU_RPL_MAX_DOCS)
		return cli_usage(c, "--documents: at most %d", PU_RPL_MAX_DOCS);
	for (size_t i = 0; i < n; i++) {
		char kind[40];
		const char *colon = strchr(items[i], ':');

		snprintf(kind, sizeof(kind), "%.*s",
			 (int)(colon ? (size_t)(colon - items[i])
				     : strlen(items[i])),
			 items[i]);
		if (pu_id_doc_parse(kind, &cand->docs[i].kind) < 0)
			return cli_usage(c, "--documents: %s",
					 pu_error_message());
		snprintf(cand->docs[i].country, sizeof(cand->docs[i].country),
			 "%s", colon ? colon + 1 : "");
	}
	cand->ndocs = n;
	return EXIT_OK;
}

/* Records a candidate from the options of `case open` or `case candidate`
 * at the actor's centre; prints the problem and returns an exit code. */
static int record_candidate(const cli *c, pu_store *st, const pu_actor *by,
			    const char *const opt[6], pu_rpl_candidate *cand)
{
	char docbuf[400];
	int rc;

	memset(cand, 0, sizeof(*cand));
	snprintf(cand->country, sizeof(cand->country), "%s", by->country);
	snprintf(cand->centre, sizeof(cand->centre), "%s", by->centre);
	snprintf(cand->name, sizeof(cand->name), "%s", opt[0]);
	cand->birth_year = opt[1] ? (int)strtol(opt[1], NULL, 10) : 0;
	snprintf(cand->languages, sizeof(cand->languages), "%s",
		 opt[2] ? opt[2] : "");
	snprintf(cand->contact, sizeof(cand->contact), "%s",
		 opt[3] ? opt[3] : "");
	snprintf(docbuf, sizeof(docbuf), "%s", opt[4] ? opt[4] : "none");
	snprintf(cand->consent, sizeof(cand->consent), "%s",
		 opt[5] ? opt[5] : "");
	if ((rc = documents_arg(c, docbuf, cand)) != 0)
		return rc;
	if ((rc = pu_rpl_candidate_add(st, by, cand)) < 0)
		return cli_fail(c, rc);
	return EXIT_OK;
}

#define CANDIDATE_OPTS                                                         \
	{"--name", &person[0], NULL}, {"--birth-year", &person[1], NULL},      \
	    {"--languages", &person[2], NULL},                                 \
	    {"--contact", &person[3], NULL},                                   \
	    {"--documents", &person[4], NULL},                                 \
	{                                                                      \
		"--consent", &person[5], NULL                                  \
	}

/* case candidate show ID: the person's data, to those of their centre. */
static int candidate_show(const cli *c, const char *as)
{
	pu_rpl_candidate cand;
	pu_store *st = NULL;
	pu_actor by;
	int rc;

	if ((rc = cli_open(c, &st, false)) != 0)
		return rc;
	if ((rc = cli_actor(c, st, as, &by)) != 0)
		goto done;
	if ((rc = pu_rpl_candidate_get(st, &by, c->pos[2], &cand)) < 0) {
		rc = cli_fail(c, rc);
		goto done;
	}
	if (c->json) {
		json_t *docs = json_array();

		for (size_t i = 0; i < cand.ndocs; i++)
			json_array_append_new(
			    docs, json_pack("{s:s, s:s}", "kind",
					    pu_id_doc_name(cand.docs[i].kind),
					    "country", cand.docs[i].country));
		rc = cli_print_json(json_pack(
		    "{s:s, s:s, s:s, s:s, s:i, s:s, s:s, s:o, s:s, s:s, "
		    "s:b}",
		    "candidate", cand.id, "country", cand.country, "centre",
		    cand.centre, "name", cand.name, "birth_year",
		    cand.birth_year, "languages", cand.languages, "contact",
		    cand.contact, "documents", docs, "assurance",
		    pu_assurance_name(cand.assurance), "consent", cand.consent,
		    "erased", cand.erased_at != 0));
	} else {
		printf("candidate %s at %s/%s%s\n", cand.id, cand.country,
		       cand.centre, cand.erased_at ? " (erased)" : "");
		printf("name %s, born %d, languages %s, contact %s\n",
		       cand.name, cand.birth_year, cand.languages,
		       cand.contact);
		for (size_t i = 0; i < cand.ndocs; i++)
			printf("document seen: %s %s\n",
			       pu_id_doc_name(cand.docs[i].kind),
			       cand.docs[i].country);
		printf("identity assurance %s; consent %s\n",
		       pu_assurance_name(cand.assurance), cand.consent);
		rc = EXIT_OK;
	}
	sodium_memzero(&cand, sizeof(cand));
done:
	pu_store_close(st);
	return rc;
}

static int candidate_cmd(cli *c, int argc, char **argv)
{
	const char *as = NULL, *person[6] = {NULL};
	cli_opt opts[] = {
	    {"--as", &as, NULL}, CANDIDATE_OPTS, {NULL, NULL, NULL}};
	pu_rpl_candidate cand;
	pu_store *st = NULL;
	pu_actor by;
	int rc;

	if ((rc = cli_parse(c, argc, argv, opts)) != 0 || c->help)
		return rc;
	if (c->npos == 3 && strcmp(c->pos[1], "show") == 0)
		return candidate_show(c, as);
	if (c->npos != 1 || person[0] == NULL)
		return cli_usage(c, "expected: case candidate --name NAME "
				    "--consent rpl[,...] [--documents ...] or "
				    "case candidate show ID");
	if ((rc = cli_open(c, &st, false)) != 0)
		return rc;
	if ((rc = cli_actor(c, st, as, &by)) == 0 &&
	    (rc = record_candidate(c, st, &by, person, &cand)) == 0) {
		if (c->json)
			rc = cli_print_json(json_pack(
			    "{s:s, s:s}", "candidate", cand.id, "assurance",
			    pu_assurance_name(cand.assurance)));
		else
			printf("candidate %s (identity assurance %s)\n",
			       cand.id, pu_assurance_name(cand.assurance));
	}
	sodium_memzero(&cand, sizeof(cand));
	pu_store_close(st);
	return rc;
}

static int open_case(cli *c, int argc, char **argv)
{
	const char *as = NULL, *candidate = NULL, *standard = NULL,
		   *body = NULL, *person[6] = {NULL};
	cli_opt opts[] = {{"--as", &as, NULL},
			  {"--candidate", &candidate, NULL},
			  {"--standard", &standard, NULL},
			  {"--body", &body, NULL},
			  CANDIDATE_OPTS,
			  {NULL, NULL, NULL}};
	pu_case_open_options o = PU_CASE_OPEN_INIT;
	char code[PU_CASE_CODE_SIZE], pin[PU_CASE_PIN_SIZE] = "",
				      std_country[17];
	const char *std_code = NULL;
	pu_rpl_candidate cand;
	pu_store *st = NULL;
	pu_actor by;
	int rc;

	if ((rc = cli_parse(c, argc, argv, opts)) != 0 || c->help)
		return rc;
	if (c->npos != 1 || standard == NULL ||
	    (candidate == NULL) == (person[0] == NULL))
		return cli_usage(c, "expected: case open --standard [CC/]CODE "
				    "(--candidate ID | --name NAME ...)");
	memset(&cand, 0, sizeof(cand));
	if ((rc = cli_open(c, &st, false)) != 0)
		return rc;
	if ((rc = cli_actor(c, st, as, &by)) != 0 ||
	    (rc = cli_standard_key(c, st, standard, std_country,
				   sizeof(std_country), &std_code)) != 0)
		goto done;
	if (person[0] != NULL) {
		if ((rc = record_candidate(c, st, &by, person, &cand)) != 0)
			goto done;
		candidate = cand.id;
	}
	o.std_country = std_country;
	o.std_code = std_code;
	o.candidate = candidate;
	o.body = body;
	if ((rc = pu_case_open(st, &by, &o, code, pin)) < 0) {
		rc = cli_fail(c, rc);
		goto done;
	}
	if (c->json) {
		rc = cli_print_json(json_pack("{s:s, s:s, s:s}", "case", code,
					      "pin", pin, "candidate",
					      candidate));
	} else {
		printf("opened case %s for candidate %s (%s/%s)\n", code,
		       candidate, std_country, std_code);
		printf("PIN for the candidate (shown once): %s\n", pin);
		rc = EXIT_OK;
	}
done:
	sodium_memzero(pin, sizeof(pin));
	pu_store_close(st);
	return rc;
}

static json_t *case_json(const pu_case *c)
{
	json_t *units = json_array(), *events = json_array(),
	       *fees = json_array(), *ev = json_array(), *dur = json_object();
	int64_t spent[PU_CASE_NSTATES];

	for (size_t i = 0; i < c->nunits; i++) {
		const pu_case_unit *u = &c->units[i];

		json_array_append_new(
		    units,
		    json_pack(
			"{s:s, s:b, s:b, s:b, s:s, s:s, s:i, s:s, "
			"s:s, s:s, s:s, s:i}",
			"code", u->code, "credited", u->credited, "planned",
			u->planned, "self_assessed", u->self_assessed, "can_do",
			u->self_can_do, "where", u->self_where, "months",
			u->self_months, "verdict", pu_verdict_name(u->verdict),
			"method", pu_method_name(u->method), "assessor",
			u->assessor, "notes", u->notes, "round", u->round));
	}
	for (size_t i = 0; i < c->nevents; i++)
		json_array_append_new(
		    events,
		    json_pack("{s:I, s:s, s:s, s:s, s:s}", "at",
			      (json_int_t)c->events[i].at, "from",
			      pu_case_state_name(c->events[i].from), "to",
			      pu_case_state_name(c->events[i].to), "actor",
			      c->events[i].actor, "note", c->events[i].note));
	for (size_t i = 0; i < c->nfees; i++)
		json_array_append_new(
		    fees,
		    json_pack("{s:s, s:I, s:s, s:s}", "step", c->fees[i].step,
			      "amount", (json_int_t)c->fees[i].amount,
			      "currency", c->fees[i].currency, "status",
			      pu_fee_status_name(c->fees[i].status)));
	for (size_t i = 0; i < c->nevidence; i++) {
		const pu_case_evidence *e = &c->evidence[i];

		json_array_append_new(
		    ev,
		    json_pack("{s:s, s:s, s:s, s:s, s:I, s:s}", "kind",
			      pu_evidence_kind_name(e->kind), "unit", e->unit,
			      "sha256", e->sha256, "media_type", e->media_type,
			      "size", (json_int_t)e->size, "title", e->title));
	}
	pu_case_durations(c, pu_auth_now(), spent);
	for (int i = 0; i < PU_CASE_NSTATES; i++)
		if (spent[i] > 0)
			json_object_set_new(
			    dur, pu_case_state_name((pu_case_state)i),
			    json_integer(spent[i]));
	return json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, "
			 "s:s, s:s, s:b, s:o, s:o, s:o, s:o, s:o}",
			 "code", c->code, "country", c->country, "centre",
			 c->centre, "body", c->body, "standard", c->std_code,
			 "std_country", c->std_country, "candidate",
			 c->candidate, "state", pu_case_state_name(c->state),
			 "outcome", pu_outcome_name(c->outcome), "credential",
			 c->credential, "reason", c->reason, "appealed",
			 c->appealed, "units", units, "evidence", ev, "fees",
			 fees, "events", events, "seconds_in_state", dur);
}

static void case_print(const pu_case *c)
{
	printf("case %s  %s/%s at %s/%s (decided by %s)\n", c->code,
	       c->std_country, c->std_code, c->country, c->centre, c->body);
	printf("candidate %s  state %s  outcome %s\n", c->candidate,
	       pu_case_state_name(c->state), pu_outcome_name(c->outcome));
	if (c->credential[0])
		printf("credential %s\n", c->credential);
	if (c->reason[0])
		printf("reason: %s\n", c->reason);
	for (size_t i = 0; i < c->nunits; i++) {
		const pu_case_unit *u = &c->units[i];

		printf("  %-6s %s%s%s", u->code, u->credited ? "credited " : "",
		       u->planned ? "planned " : "",
		       u->self_assessed ? "self-assessed " : "");
		if (u->verdict != PU_VERDICT_NONE)
			printf("%s (%s, %s%s)", pu_verdict_name(u->verdict),
			       pu_method_name(u->method), u->assessor,
			       u->round == 2 ? ", appeal" : "");
		printf("\n");
	}
	for (size_t i = 0; i < c->nevidence; i++)
		printf("  evidence %s %s %s\n",
		       pu_evidence_kind_name(c->evidence[i].kind),
		       c->evidence[i].sha256[0] ? c->evidence[i].sha256 : "",
		       c->evidence[i].title);
	for (size_t i = 0; i < c->nfees; i++)
		printf("  fee %s %" PRId64 " %s %s\n", c->fees[i].step,
		       c->fees[i].amount, c->fees[i].currency,
		       pu_fee_status_name(c->fees[i].status));
}

static int show(cli *c, int argc, char **argv)
{
	const char *as = NULL;
	cli_opt opts[] = {{"--as", &as, NULL}, {NULL, NULL, NULL}};
	pu_store *st = NULL;
	pu_case *k = NULL;
	pu_actor by;
	int rc;

	if ((rc = cli_parse(c, argc, argv, opts)) != 0 || c->help)
		return rc;
	if (c->npos != 2)
		return cli_usage(c, "expected: case show CODE");
	if ((rc = cli_open(c, &st, false)) != 0)
		return rc;
	if ((rc = cli_actor(c, st, as, &by)) != 0)
		goto done;
	if ((rc = pu_case_get(st, &by, c->pos[1], &k)) < 0) {
		rc = cli_fail(c, rc);
		goto done;
	}
	if (c->json) {
		rc = cli_print_json(case_json(k));
	} else {
		case_print(k);
		rc = EXIT_OK;
	}
done:
	pu_case_free(k);
	pu_store_close(st);
	return rc;
}

static int list(cli *c, int argc, char **argv)
{
	const char *as = NULL, *state = NULL;
	cli_opt opts[] = {
	    {"--as", &as, NULL}, {"--state", &state, NULL}, {NULL, NULL, NULL}};
	pu_case_row *v = NULL;
	pu_store *st = NULL;
	pu_actor by;
	size_t n = 0;
	int rc, want = -1;

	if ((rc = cli_parse(c, argc, argv, opts)) != 0 || c->help)
		return rc;
	if (c->npos != 1)
		return cli_usage(c, "expected: case list [--state STATE]");
	if (state != NULL) {
		pu_case_state cs;

		if (pu_case_state_parse(state, &cs) < 0)
			return cli_usage(c, "--%s", pu_error_message());
		want = (int)cs;
	}
	if ((rc = cli_open(c, &st, false)) != 0)
		return rc;
	if ((rc = cli_actor(c, st, as, &by)) != 0)
		goto done;
	if ((rc = pu_case_list(st, &by, want, &v, &n)) < 0) {
		rc = cli_fail(c, rc);
		goto done;
	}
	if (c->json) {
		json_t *arr = json_array();

		for (size_t i = 0; i < n; i++)
			json_array_append_new(
			    arr,
			    json_pack("{s:s, s:s, s:s, s:s, s:s, s:s}", "code",
				      v[i].code, "centre", v[i].centre,
				      "std_country", v[i].std_country,
				      "standard", v[i].std_code, "state",
				      pu_case_state_name(v[i].state), "outcome",
				      pu_outcome_name(v[i].outcome)));
		rc = cli_print_json(arr);
		goto done;
	}
	for (size_t i = 0; i < n; i++)
		printf("%-10s %s/%-14s %-10s %s\n", v[i].code, v[i].std_country,
		       v[i].std_code, pu_case_state_name(v[i].state),
		       pu_outcome_name(v[i].outcome));
	rc = EXIT_OK;
done:
	free(v);
	pu_store_close(st);
	return rc;
}

/* case follow CODE: the candidate's view, the PIN read from standard
 * input (never the command line). */
static int follow(cli *c, int argc, char **argv)
{
	cli_opt opts[] = {{NULL, NULL, NULL}};
	char pin[64] = "";
	pu_case_summary s;
	pu_store *st = NULL;
	size_t len;
	int rc;

	if ((rc = cli_parse(c, argc, argv, opts)) != 0 || c->help)
		return rc;
	if (c->npos != 2)
		return cli_usage(c, "expected: case follow CODE (PIN on "
				    "standard input)");
	if (fgets(pin, sizeof(pin), stdin) == NULL)
		return cli_usage(c, "no PIN on standard input");
	len = strcspn(pin, "\r\n");
	pin[len] = '\0';
	if ((rc = cli_open(c, &st, false)) != 0)
		goto done;
	if ((rc = pu_case_follow(st, c->pos[1], pin, &s)) < 0) {
		rc = cli_fail(c, rc);
		goto done;
	}
	if (c->json) {
		json_t *params = json_object();

		for (size_t i = 0; i < s.nparams; i++)
			json_object_set_new(params, s.params[i].name,
					    json_string(s.params[i].value));
		rc = cli_print_json(json_pack(
		    "{s:s, s:s, s:s, s:s, s:o, s:I, s:I, s:I, s:I, s:I, "
		    "s:s, s:I, s:I, s:I}",
		    "case", s.code, "state", s.state, "outcome", s.outcome,
		    "next", s.next, "params", params, "units",
		    (json_int_t)s.units, "planned", (json_int_t)s.planned,
		    "assessed", (json_int_t)s.assessed, "competent",
		    (json_int_t)s.competent, "credited", (json_int_t)s.credited,
		    "currency", s.currency, "due", (json_int_t)s.due, "paid",
		    (json_int_t)s.paid, "waived", (json_int_t)s.waived));
	} else {
		printf("%s %s next %s", s.code, s.state, s.next);
		for (size_t i = 0; i < s.nparams; i++)
			printf(" %s=%s", s.params[i].name, s.params[i].value);
		printf(" due=%" PRId64 "%s%s\n", s.due,
		       s.currency[0] ? " " : "", s.currency);
		rc = EXIT_OK;
	}
done:
	sodium_memzero(pin, sizeof(pin));
	pu_store_close(st);
	return rc;
}

static int erase(cli *c, int argc, char **argv)
{
	const char *as = NULL, *dir = NULL;
	cli_opt opts[] = {{"--as", &as, NULL},
			  {"--evidence-dir", &dir, NULL},
			  {NULL, NULL, NULL}};
	char evdir[4096];
	pu_store *st = NULL;
	pu_actor by;
	int rc;

	if ((rc = cli_parse(c, argc, argv, opts)) != 0 || c->help)
		return rc;
	if (c->npos != 2)
		return cli_usage(c, "expected: case erase-candidate ID");
	cli_evidence_dir(c, dir, evdir, sizeof(evdir));
	if ((rc = cli_open(c, &st, false)) != 0)
		return rc;
	if ((rc = cli_actor(c, st, as, &by)) == 0) {
		rc = pu_rpl_candidate_erase(st, &by, c->pos[1], evdir);
		if (rc < 0)
			rc = cli_fail(c, rc);
		else
			printf("erased the personal data of candidate %s\n",
			       c->pos[1]);
	}
	pu_store_close(st);
	return rc;
}

int cmd_case(int argc, char **argv)
{
	static const cli_sub subs[] = {
	    {"open", open_case},
	    {"candidate", candidate_cmd},
	    {"show", show},
	    {"list", list},
	    {"follow", follow},
	    {"erase-candidate", erase},
	    {"self-assess", cli_case_self_assess},
	    {"evidence", cli_case_evidence},
	    {"plan", cli_case_plan},
	    {"assess", cli_case_assess},
	    {"decide", cli_case_decide},
	    {"appeal", cli_case_appeal},
	    {"certificate", cli_case_certificate},
	    {"close", cli_case_close},
	    {"withdraw", cli_case_withdraw},
	    {"fee", cli_case_fee},
	};

	return cli_dispatch(argc, argv, subs, sizeof(subs) / sizeof(subs[0]),
			    "expected: case candidate|open|show|list|follow|"
			    "self-assess|evidence|plan|assess|decide|appeal|"
			    "certificate|close|withdraw|fee|erase-candidate");
}
