/*
 * Recognition cases: candidates and the assurance policy; every transition
 * of the state machine allowed in order and refused out of order with
 * nothing written; scope refusals (an assessor outside scope, a centre
 * reading another centre's case, an authority deciding for another
 * country); the appeal with a second assessor; the PIN and its rate limit;
 * evidence type and size limits and content addressing; erasure keeping
 * the audit chain; recognition of a foreign certificate opening a case for
 * the gap units only.
 */
#include "helpers.h"

#include <sys/stat.h>

#include "puente/accredit.h"
#include "puente/audit.h"
#include "puente/auth.h"
#include "puente/recognition.h"
#include "puente/rpl.h"

static const char PW[] = "correct horse battery";
static int64_t fake_now = 1800000000; /* 2027-01-15 */

static int64_t fake_clock(void)
{
	return fake_now;
}

static const char CATALOGUE[] =
    "{\"format\": \"puente/1\", \"standards\": ["
    "{\"country\": \"CR\", \"code\": \"CR-COOK-01\", \"language\": \"es\","
    " \"title\": {\"es\": \"Cocina\"}, \"status\": \"active\", \"units\": ["
    "  {\"code\": \"U1\", \"title\": {\"es\": \"Higiene\"}, \"elements\":"
    "   [{\"code\": \"E1\", \"title\": \"Lavar\", \"criteria\":"
    "     [{\"code\": \"C1\", \"text\": {\"es\": \"Lava\"}}]}]},"
    "  {\"code\": \"U2\", \"title\": {\"es\": \"Cortes\"}, \"elements\":"
    "   [{\"code\": \"E1\", \"title\": \"Cortar\", \"criteria\":"
    "     [{\"code\": \"C1\", \"text\": {\"es\": \"Corta\"}}]}]},"
    "  {\"code\": \"U3\", \"title\": {\"es\": \"Cocción\"}, \"elements\":"
    "   [{\"code\": \"E1\", \"title\": \"Cocer\", \"criteria\":"
    "     [{\"code\": \"C1\", \"text\": {\"es\": \"Cuece\"}}]}]}]},"
    "{\"country\": \"CR\", \"code\": \"CR-OLD-01\", \"language\": \"es\","
    " \"title\": {\"es\": \"Antiguo\"}, \"status\": \"withdrawn\", \"units\": ["
    "  {\"code\": \"U1\", \"title\": {\"es\": \"Algo\"}, \"elements\":"
    "   [{\"code\": \"E1\", \"title\": \"Algo\", \"criteria\":"
    "     [{\"code\": \"C1\", \"text\": {\"es\": \"Algo\"}}]}]}]}]}";

struct world {
	struct tmpdb *t;
	pu_store *st;
	char evdir[64];
	pu_actor cr, cl, staff, other, ana, ben, carl;
	char cand[PU_RPL_ID_SIZE];
};

static pu_actor account(pu_store *st, const char *name, pu_role role,
			const char *country, const char *centre)
{
	pu_actor by, out;
	pu_user u;

	pu_actor_cli(&by, "test");
	memset(&u, 0, sizeof(u));
	snprintf(u.name, sizeof(u.name), "%s", name);
	u.role = role;
	snprintf(u.country, sizeof(u.country), "%s", country ? country : "");
	snprintf(u.centre, sizeof(u.centre), "%s", centre ? centre : "");
	assert_ok(pu_user_add(st, &by, &u, PW, NULL));
	assert_ok(pu_user_get(st, name, &u));
	pu_user_actor(&u, &out);
	return out;
}

static void add_org(struct world *w, const char *id, pu_org_kind kind)
{
	pu_org o;
	pu_scope g;

	memset(&o, 0, sizeof(o));
	snprintf(o.country, sizeof(o.country), "CR");
	snprintf(o.id, sizeof(o.id), "%s", id);
	snprintf(o.name, sizeof(o.name), "Centro %s", id);
	o.kind = kind;
	assert_ok(pu_accredit_org_add(w->st, &w->cr, &o));
	memset(&g, 0, sizeof(g));
	snprintf(g.country, sizeof(g.country), "CR");
	snprintf(g.org, sizeof(g.org), "%s", id);
	snprintf(g.std_country, sizeof(g.std_country), "CR");
	snprintf(g.pattern, sizeof(g.pattern), "*");
	assert_ok(pu_accredit_grant(w->st, &w->cr, &g, NULL));
}

static void grant_assessor(struct world *w, const char *name, const char *org,
			   const char *pattern)
{
	pu_scope g;

	memset(&g, 0, sizeof(g));
	snprintf(g.country, sizeof(g.country), "CR");
	snprintf(g.org, sizeof(g.org), "%s", org);
	snprintf(g.account, sizeof(g.account), "%s", name);
	snprintf(g.std_country, sizeof(g.std_country), "CR");
	snprintf(g.pattern, sizeof(g.pattern), "%s", pattern);
	assert_ok(pu_accredit_grant(w->st, &w->cr, &g, NULL));
}

static void new_candidate(struct world *w, const pu_actor *by, const char *name,
			  char id[PU_RPL_ID_SIZE])
{
	pu_rpl_candidate c;

	memset(&c, 0, sizeof(c));
	snprintf(c.country, sizeof(c.country), "%s", by->country);
	snprintf(c.centre, sizeof(c.centre), "%s", by->centre);
	snprintf(c.name, sizeof(c.name), "%s", name);
	c.birth_year = 1990;
	snprintf(c.languages, sizeof(c.languages), "es,miq");
	snprintf(c.consent, sizeof(c.consent), "rpl,statistics");
	c.ndocs = 1;
	c.docs[0].kind = PU_DOC_NONE;
	assert_ok(pu_rpl_candidate_add(w->st, by, &c));
	snprintf(id, PU_RPL_ID_SIZE, "%s", c.id);
}

static int setup(void **state)
{
	struct world *w = calloc(1, sizeof(*w));

	fake_now = 1800000000;
	pu_auth_clock_set(fake_clock);
	if (w == NULL || store_setup((void **)&w->t) != 0)
		return -1;
	w->st = w->t->st;
	snprintf(w->evdir, sizeof(w->evdir), "/tmp/pu-evidence-XXXXXX");
	assert_non_null(mkdtemp(w->evdir));
	put_json(w->st, CATALOGUE);
	w->cr = account(w->st, "cr-auth", PU_ROLE_AUTHORITY, "CR", NULL);
	w->cl = account(w->st, "cl-auth", PU_ROLE_AUTHORITY, "CL", NULL);
	w->staff = account(w->st, "staff", PU_ROLE_CENTRE, "CR", "INA-1");
	w->other = account(w->st, "other", PU_ROLE_CENTRE, "CR", "OTHER");
	w->ana = account(w->st, "ana", PU_ROLE_ASSESSOR, "CR", "INA-1");
	w->ben = account(w->st, "ben", PU_ROLE_ASSESSOR, "CR", "INA-1");
	w->carl = account(w->st, "carl", PU_ROLE_ASSESSOR, "CR", "INA-1");
	add_org(w, "INA-1", PU_ORG_BODY);
	add_org(w, "OTHER", PU_ORG_CENTRE);
	grant_assessor(w, "ana", "INA-1", "CR-COOK-*");
	grant_assessor(w, "ben", "INA-1", "CR-COOK-01");
	/* carl is accredited for another standard only. */
	grant_assessor(w, "carl", "INA-1", "CR-WAIT-01");
	new_candidate(w, &w->staff, "María José Pérez", w->cand);
	*state = w;
	return 0;
}

static void rm_tree(const char *dir)
{
	char cmd[200];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);
}

static int teardown(void **state)
{
	struct world *w = *state;

	pu_auth_clock_set(NULL);
	rm_tree(w->evdir);
	store_teardown((void **)&w->t);
	free(w);
	return 0;
}

static void open_case(struct world *w, char code[PU_CASE_CODE_SIZE],
		      char pin[PU_CASE_PIN_SIZE])
{
	pu_case_open_options o = PU_CASE_OPEN_INIT;

	o.std_country = "CR";
	o.std_code = "CR-COOK-01";
	o.candidate = w->cand;
	assert_ok(pu_case_open(w->st, &w->staff, &o, code, pin));
}

static pu_case *get(struct world *w, const char *code)
{
	pu_case *c = NULL;

	assert_ok(pu_case_get(w->st, &w->staff, code, &c));
	return c;
}

static size_t nevents(struct world *w, const char *code)
{
	pu_case *c = get(w, code);
	size_t n = c->nevents;

	pu_case_free(c);
	return n;
}

static void assurance_follows_the_documents_seen(void **state)
{
	pu_id_seen none = {PU_DOC_NONE, ""},
		   camp = {PU_DOC_CAMP_REGISTRATION, "CR"},
		   pass = {PU_DOC_PASSPORT, "NI"},
		   permit = {PU_DOC_MIGRANT_PERMIT, "CO"}, both[2];

	(void)state;
	assert_int_equal(pu_rpl_assurance("CR", NULL, 0), PU_IAL_LOW);
	assert_int_equal(pu_rpl_assurance("CR", &none, 1), PU_IAL_LOW);
	assert_int_equal(pu_rpl_assurance("CR", &camp, 1), PU_IAL_LOW);
	assert_int_equal(pu_rpl_assurance("CR", &pass, 1), PU_IAL_SUBSTANTIAL);
	assert_int_equal(pu_rpl_assurance("CO", &permit, 1),
			 PU_IAL_SUBSTANTIAL);
	both[0] = camp;
	both[1] = pass;
	assert_int_equal(pu_rpl_assurance("CR", both, 2), PU_IAL_SUBSTANTIAL);
	assert_string_equal(pu_assurance_name(PU_IAL_SUBSTANTIAL),
			    "substantial");
}

static void candidates_are_minimal_and_scoped(void **state)
{
	struct world *w = *state;
	pu_rpl_candidate c, got;
	pu_audit_entry *e = NULL;
	size_t n = 0;

	memset(&c, 0, sizeof(c));
	snprintf(c.country, sizeof(c.country), "CR");
	snprintf(c.centre, sizeof(c.centre), "INA-1");
	snprintf(c.name, sizeof(c.name), "Juan");
	snprintf(c.consent, sizeof(c.consent), "statistics");
	assert_error(pu_rpl_candidate_add(w->st, &w->staff, &c), PU_EINVAL,
		     "\"rpl\" is required");
	snprintf(c.consent, sizeof(c.consent), "rpl");
	c.ndocs = 1;
	c.docs[0].kind = PU_DOC_PASSPORT;
	assert_error(pu_rpl_candidate_add(w->st, &w->staff, &c), PU_EINVAL,
		     "issuing country is missing");
	snprintf(c.docs[0].country, sizeof(c.docs[0].country), "NI");
	c.birth_year = 1850;
	assert_error(pu_rpl_candidate_add(w->st, &w->staff, &c), PU_EINVAL,
		     "birth year");
	c.birth_year = 0;
	assert_error(pu_rpl_candidate_add(w->st, &w->other, &c), PU_EDENIED,
		     "centre staff of CR/OTHER may not write centre INA-1");
	assert_error(pu_rpl_candidate_add(w->st, &w->ana, &c), PU_EDENIED,
		     "assessor of CR/INA-1 may not write");
	assert_ok(pu_rpl_candidate_add(w->st, &w->staff, &c));
	assert_int_equal(strncmp(c.id, "P-", 2), 0);
	assert_int_equal(c.assurance, PU_IAL_SUBSTANTIAL);
	assert_ok(pu_rpl_candidate_get(w->st, &w->ana, c.id, &got));
	assert_string_equal(got.name, "Juan");
	assert_int_equal(got.ndocs, 1);
	assert_int_equal(got.docs[0].kind, PU_DOC_PASSPORT);
	assert_string_equal(got.docs[0].country, "NI");
	assert_error(pu_rpl_candidate_get(w->st, &w->other, c.id, &got),
		     PU_EDENIED, "may not read centre INA-1 of CR's cases");
	assert_error(pu_rpl_candidate_get(w->st, &w->cr, c.id, &got),
		     PU_EDENIED, "authority of CR may not read");
	/* The audit log names candidates by their opaque id only. */
	assert_ok(pu_audit_list(w->st, NULL, NULL, 100, &e, &n));
	for (size_t i = 0; i < n; i++) {
		assert_null(strstr(e[i].subject, "Juan"));
		assert_null(strstr(e[i].subject, "Pérez"));
	}
	assert_string_equal(e[0].action, "candidate.add");
	assert_int_equal(strncmp(e[0].subject, "candidate:P-", 12), 0);
	free(e);
}

static const char INTERVIEW[] =
    "{\"work\": \"Cocinera en Chinandega 8 años\", \"education\": "
    "\"Primaria\", \"documents\": \"perdidos al cruzar\", "
    "\"interviewers\": \"ana, staff\"}";

/* The first journey of the issue, in the library: a cook without papers,
 * assessed on every unit, receives a statement of attainment. */
static void cook_without_documents_gets_a_statement(void **state)
{
	struct world *w = *state;
	char code[PU_CASE_CODE_SIZE], pin[PU_CASE_PIN_SIZE], sha[65];
	const char *plan_units[] = {"U1", "U2", "U3"};
	pu_case_summary s;
	pu_outcome out = PU_OUTCOME_NONE;
	int64_t spent[PU_CASE_NSTATES];
	pu_case *c;

	open_case(w, code, pin);
	assert_string_equal(code, "C-1");
	assert_int_equal(strlen(pin), 10);
	assert_ok(pu_case_self_assess(w->st, &w->staff, code, "U1",
				      "Lavo y desinfecto todo",
				      "Restaurante en Chinandega", 96));
	fake_now += 3600;
	assert_ok(pu_case_evidence_text(w->st, &w->staff, code,
					PU_EVIDENCE_INTERVIEW, "ana", INTERVIEW,
					NULL));
	assert_ok(pu_case_evidence_text(
	    w->st, &w->staff, code, PU_EVIDENCE_TESTIMONY,
	    "Dueña del restaurante", "Trabajó conmigo 8 años", "U2"));
	assert_ok(pu_case_evidence_file(w->st, &w->staff, code, w->evdir,
					"%PDF-1.4 carta", 14, "application/pdf",
					"carta.pdf", "U1", sha));
	assert_ok(pu_case_fee_add(w->st, &w->staff, code, "intake", 0, "CRC",
				  PU_FEE_WAIVED, "sin recursos"));
	assert_ok(pu_case_fee_add(w->st, &w->staff, code, "assessment", 2500000,
				  "CRC", PU_FEE_DUE, NULL));
	fake_now += 86400;
	assert_ok(pu_case_plan(w->st, &w->staff, code, plan_units, 3));
	fake_now += 86400;
	assert_ok(pu_case_assess(w->st, &w->ana, code, "U1",
				 PU_METHOD_OBSERVATION, PU_VERDICT_COMPETENT,
				 "Impecable"));
	assert_ok(pu_case_assess(w->st, &w->ana, code, "U2", PU_METHOD_PRODUCT,
				 PU_VERDICT_COMPETENT, NULL));
	assert_ok(pu_case_assess(w->st, &w->ben, code, "U3", PU_METHOD_TEST,
				 PU_VERDICT_NOT_YET, "Tiempos de cocción"));
	assert_ok(pu_case_decide(w->st, &w->staff, code, &out));
	assert_int_equal(out, PU_OUTCOME_ATTAINMENT);
	assert_ok(pu_case_follow(w->st, code, pin, &s));
	assert_string_equal(s.state, "decided");
	assert_string_equal(s.next, "case.next.certificate");
	assert_string_equal(s.params[2].name, "units");
	assert_string_equal(s.params[2].value, "U1,U2");
	assert_int_equal(s.due, 2500000);
	assert_string_equal(s.currency, "CRC");
	assert_ok(pu_case_certificate(w->st, &w->cr, code, "urn:uuid:1234"));
	c = get(w, code);
	assert_int_equal(c->state, PU_CASE_CERTIFIED);
	assert_int_equal(c->outcome, PU_OUTCOME_ATTAINMENT);
	assert_string_equal(c->credential, "urn:uuid:1234");
	assert_int_equal(c->nevidence, 3);
	assert_int_equal(c->nfees, 2);
	assert_string_equal(c->units[0].self_can_do, "Lavo y desinfecto todo");
	assert_string_equal(c->units[2].assessor, "ben");
	pu_case_durations(c, fake_now, spent);
	assert_int_equal(spent[PU_CASE_INTAKE], 0);
	assert_int_equal(spent[PU_CASE_PORTFOLIO], 3600 + 86400);
	assert_int_equal(spent[PU_CASE_ASSESSMENT], 86400);
	pu_case_free(c);
}

static void transitions_out_of_order_are_refused(void **state)
{
	struct world *w = *state;
	char code[PU_CASE_CODE_SIZE], pin[PU_CASE_PIN_SIZE];
	const char *bad[] = {"U9"};
	size_t before;

	open_case(w, code, pin);
	before = nevents(w, code);
	assert_error(pu_case_decide(w->st, &w->staff, code, NULL), PU_ECONFLICT,
		     "case C-1 is in intake; it can be decided "
		     "only after its assessment");
	assert_error(pu_case_assess(w->st, &w->ana, code, "U1", PU_METHOD_TEST,
				    PU_VERDICT_COMPETENT, NULL),
		     PU_ECONFLICT, "case C-1 is in intake");
	assert_error(pu_case_certificate(w->st, &w->cr, code, "x"),
		     PU_ECONFLICT, "a certificate follows a decision");
	assert_error(pu_case_close(w->st, &w->staff, code), PU_ECONFLICT,
		     "only a decided case can be closed");
	assert_error(
	    pu_case_appeal(w->st, &w->staff, code, "ben", NULL, 0, "unfair"),
	    PU_ECONFLICT, "only a decided case can be appealed");
	assert_error(pu_case_plan(w->st, &w->staff, code, bad, 1), PU_EINVAL,
		     "unit U9 is not a unit of CR/CR-COOK-01");
	assert_int_equal(nevents(w, code), before);
	assert_ok(pu_case_plan(w->st, &w->staff, code, NULL, 0));
	assert_error(
	    pu_case_self_assess(w->st, &w->staff, code, "U1", "x", "y", 1),
	    PU_ECONFLICT, "case C-1 is in assessment; self-assessment");
	assert_error(pu_case_plan(w->st, &w->staff, code, NULL, 0),
		     PU_ECONFLICT, "case C-1 is in assessment");
	assert_ok(pu_case_assess(w->st, &w->ana, code, "U1",
				 PU_METHOD_INTERVIEW, PU_VERDICT_NOT_YET,
				 NULL));
	before = nevents(w, code);
	assert_error(pu_case_decide(w->st, &w->staff, code, NULL), PU_ECONFLICT,
		     "case C-1 is in assessment; it cannot be decided before "
		     "every planned unit has a verdict (none yet for U2, U3)");
	assert_int_equal(nevents(w, code), before);
	assert_ok(pu_case_assess(w->st, &w->ana, code, "U2", PU_METHOD_TEST,
				 PU_VERDICT_NOT_YET, NULL));
	assert_ok(pu_case_assess(w->st, &w->ana, code, "U3", PU_METHOD_TEST,
				 PU_VERDICT_NOT_YET, NULL));
	assert_ok(pu_case_decide(w->st, &w->staff, code, NULL));
	assert_error(pu_case_certificate(w->st, &w->cr, code, "x"),
		     PU_ECONFLICT, "there is no certificate to issue");
	assert_error(pu_case_evidence_text(w->st, &w->staff, code,
					   PU_EVIDENCE_TESTIMONY, "a", "b",
					   NULL),
		     PU_ECONFLICT, "case C-1 is decided; evidence");
	assert_ok(pu_case_close(w->st, &w->staff, code));
	assert_error(pu_case_withdraw(w->st, &w->staff, code, true, "moved"),
		     PU_ECONFLICT, "case C-1 is closed; it is over");
}

static void withdrawn_and_abandoned_keep_their_reason(void **state)
{
	struct world *w = *state;
	char c1[PU_CASE_CODE_SIZE], c2[PU_CASE_CODE_SIZE],
	    pin[PU_CASE_PIN_SIZE];
	pu_case_summary s;
	pu_case *c;

	open_case(w, c1, pin);
	open_case(w, c2, pin);
	assert_error(pu_case_withdraw(w->st, &w->staff, c1, true, ""),
		     PU_EINVAL, "reason");
	assert_ok(
	    pu_case_withdraw(w->st, &w->staff, c1, true, "se mudó a Panamá"));
	assert_ok(pu_case_plan(w->st, &w->staff, c2, NULL, 0));
	assert_ok(pu_case_withdraw(w->st, &w->staff, c2, false,
				   "sin contacto en 6 meses"));
	c = get(w, c1);
	assert_int_equal(c->state, PU_CASE_WITHDRAWN);
	assert_string_equal(c->reason, "se mudó a Panamá");
	pu_case_free(c);
	c = get(w, c2);
	assert_int_equal(c->state, PU_CASE_ABANDONED);
	pu_case_free(c);
	assert_ok(pu_case_follow(w->st, c2, pin, &s));
	assert_string_equal(s.next, "case.next.none.abandoned");
	assert_error(pu_case_plan(w->st, &w->staff, c1, NULL, 0), PU_ECONFLICT,
		     "case C-1 is withdrawn");
}

static void scope_is_refused_by_the_library(void **state)
{
	struct world *w = *state;
	char code[PU_CASE_CODE_SIZE], pin[PU_CASE_PIN_SIZE],
	    other_cand[PU_RPL_ID_SIZE];
	pu_case_open_options o = PU_CASE_OPEN_INIT;
	pu_recognition_request rq = PU_RECOGNITION_INIT;
	pu_case_row *rows = NULL;
	pu_case *c = NULL;
	size_t n = 0;

	open_case(w, code, pin);
	assert_ok(pu_case_plan(w->st, &w->staff, code, NULL, 0));
	/* An assessor outside scope. */
	assert_error(pu_case_assess(w->st, &w->carl, code, "U1", PU_METHOD_TEST,
				    PU_VERDICT_COMPETENT, NULL),
		     PU_EDENIED,
		     "assessor carl of CR/INA-1 is not accredited for "
		     "CR/CR-COOK-01");
	/* A centre reading another centre's case. */
	assert_error(pu_case_get(w->st, &w->other, code, &c), PU_EDENIED,
		     "centre staff of CR/OTHER may not read centre INA-1 of "
		     "CR's cases");
	assert_null(c);
	assert_error(pu_case_plan(w->st, &w->other, code, NULL, 0), PU_EDENIED,
		     "centre staff of CR/OTHER");
	assert_ok(pu_case_list(w->st, &w->other, -1, &rows, &n));
	assert_int_equal(n, 0);
	free(rows);
	assert_ok(pu_case_list(w->st, &w->ana, PU_CASE_ASSESSMENT, &rows, &n));
	assert_int_equal(n, 1);
	assert_string_equal(rows[0].code, code);
	free(rows);
	assert_error(pu_case_list(w->st, &w->cr, -1, &rows, &n), PU_EDENIED,
		     "authority of CR may not read");
	/* Assessors assess; staff decide; neither does the other's job. */
	assert_error(pu_case_assess(w->st, &w->staff, code, "U1",
				    PU_METHOD_TEST, PU_VERDICT_COMPETENT, NULL),
		     PU_EDENIED, "may not assess in");
	assert_error(pu_case_decide(w->st, &w->ana, code, NULL), PU_EDENIED,
		     "assessor of CR/INA-1 may not decide");
	/* A case of another centre's candidate, a withdrawn standard. */
	new_candidate(w, &w->other, "Pedro", other_cand);
	o.std_country = "CR";
	o.std_code = "CR-COOK-01";
	o.candidate = other_cand;
	assert_error(pu_case_open(w->st, &w->staff, &o, code, pin), PU_EDENIED,
		     "recorded at another centre");
	o.candidate = w->cand;
	o.std_code = "CR-OLD-01";
	assert_error(pu_case_open(w->st, &w->staff, &o, code, pin),
		     PU_ECONFLICT, "standard CR/CR-OLD-01 is withdrawn");
	/* The assessment centre OTHER must name a body that decides. */
	o.candidate = other_cand;
	o.std_code = "CR-COOK-01";
	assert_error(pu_case_open(w->st, &w->other, &o, code, pin), PU_EINVAL,
		     "name the certification body");
	o.body = "INA-1";
	assert_ok(pu_case_open(w->st, &w->other, &o, code, pin));
	/* The body's staff read it and decide it; the centre runs it. */
	assert_ok(pu_case_get(w->st, &w->staff, code, &c));
	assert_string_equal(c->body, "INA-1");
	pu_case_free(c);
	/* An authority deciding for another country. */
	rq.country = "CR";
	rq.origin_country = "MX";
	rq.origin_code = "MX-COOK-01";
	rq.outcome = PU_EQUIV_FULL;
	rq.std_code = "CR-COOK-01";
	assert_error(
	    pu_recognition_decide(w->st, &w->cl, &rq, NULL, NULL, NULL),
	    PU_EDENIED, "authority of CL may not decide on CR's recognition");
	assert_error(
	    pu_recognition_decide(w->st, &w->staff, &rq, NULL, NULL, NULL),
	    PU_EDENIED, "centre staff of CR/INA-1 may not decide on");
}

static void appeal_goes_to_a_second_assessor(void **state)
{
	struct world *w = *state;
	char code[PU_CASE_CODE_SIZE], pin[PU_CASE_PIN_SIZE];
	pu_outcome out;
	pu_case *c;

	open_case(w, code, pin);
	assert_ok(pu_case_plan(w->st, &w->staff, code, NULL, 0));
	assert_ok(pu_case_assess(w->st, &w->ana, code, "U1", PU_METHOD_TEST,
				 PU_VERDICT_COMPETENT, NULL));
	assert_ok(pu_case_assess(w->st, &w->ana, code, "U2", PU_METHOD_TEST,
				 PU_VERDICT_COMPETENT, NULL));
	assert_ok(pu_case_assess(w->st, &w->ana, code, "U3", PU_METHOD_TEST,
				 PU_VERDICT_NOT_YET, NULL));
	assert_ok(pu_case_decide(w->st, &w->staff, code, &out));
	assert_int_equal(out, PU_OUTCOME_ATTAINMENT);
	assert_error(pu_case_appeal(w->st, &w->staff, code, "ana", NULL, 0,
				    "the test was unfair"),
		     PU_EINVAL,
		     "the second assessor must not be ana, who assessed unit "
		     "U3");
	assert_error(pu_case_appeal(w->st, &w->staff, code, "carl", NULL, 0,
				    "the test was unfair"),
		     PU_EDENIED, "assessor carl of CR/INA-1 is not accredited");
	assert_error(pu_case_appeal(w->st, &w->staff, code, "ben", NULL, 0, ""),
		     PU_EINVAL, "reason");
	assert_ok(pu_case_appeal(w->st, &w->staff, code, "ben", NULL, 0,
				 "the test was unfair"));
	assert_error(pu_case_assess(w->st, &w->ana, code, "U3", PU_METHOD_TEST,
				    PU_VERDICT_COMPETENT, NULL),
		     PU_EDENIED, "only ben, the second assessor");
	assert_error(pu_case_assess(w->st, &w->ben, code, "U1", PU_METHOD_TEST,
				    PU_VERDICT_NOT_YET, NULL),
		     PU_ECONFLICT,
		     "case C-1 is in appeal; unit U1 is not "
		     "contested");
	assert_error(pu_case_decide(w->st, &w->staff, code, NULL), PU_ECONFLICT,
		     "none yet for U3");
	assert_ok(pu_case_assess(w->st, &w->ben, code, "U3",
				 PU_METHOD_OBSERVATION, PU_VERDICT_COMPETENT,
				 "Second look"));
	assert_ok(pu_case_decide(w->st, &w->staff, code, &out));
	assert_int_equal(out, PU_OUTCOME_FULL);
	assert_error(
	    pu_case_appeal(w->st, &w->staff, code, "ben", NULL, 0, "again"),
	    PU_ECONFLICT, "it was already appealed once");
	c = get(w, code);
	assert_true(c->appealed);
	assert_string_equal(c->appeal_assessor, "ben");
	assert_int_equal(c->units[2].round, 2);
	pu_case_free(c);
	/* Staff of the deciding body may record the credential too. */
	assert_ok(pu_case_certificate(w->st, &w->staff, code, "urn:x"));
}

static void pins_are_rate_limited(void **state)
{
	struct world *w = *state;
	char code[PU_CASE_CODE_SIZE], pin[PU_CASE_PIN_SIZE];
	char wrong[PU_CASE_PIN_SIZE];
	pu_case_summary s;

	open_case(w, code, pin);
	assert_ok(pu_case_follow(w->st, code, pin, &s));
	assert_string_equal(s.next, "case.next.self_assessment");
	assert_string_equal(s.params[0].value, "CR/CR-COOK-01");
	assert_int_equal(s.units, 3);
	assert_error(pu_case_follow(w->st, "C-99", pin, &s), PU_EAUTH,
		     "wrong case code or PIN");
	snprintf(wrong, sizeof(wrong), "%s", pin);
	wrong[0] = wrong[0] == '9' ? '0' : (char)(wrong[0] + 1);
	for (int i = 0; i < PU_CASE_PIN_FAILURES; i++)
		assert_error(pu_case_follow(w->st, code, wrong, &s), PU_EAUTH,
			     "wrong case code or PIN");
	assert_error(pu_case_follow(w->st, code, pin, &s), PU_EAUTH,
		     "too many wrong PINs for this case: try again in 15 "
		     "minutes");
	fake_now += PU_CASE_PIN_LOCK;
	assert_ok(pu_case_follow(w->st, code, pin, &s));
	/* Failures spread beyond the window do not lock. */
	for (int i = 0; i < 3 * PU_CASE_PIN_FAILURES; i++) {
		assert_error(pu_case_follow(w->st, code, "123", &s), PU_EAUTH,
			     "wrong case code or PIN");
		fake_now += PU_CASE_PIN_WINDOW / 3;
	}
	assert_ok(pu_case_follow(w->st, code, pin, &s));
}

static void evidence_is_limited_and_content_addressed(void **state)
{
	struct world *w = *state;
	char code[PU_CASE_CODE_SIZE], pin[PU_CASE_PIN_SIZE], sha[65], sha2[65],
	    path[256];
	static const unsigned char png[] = {0x89, 'P',	'N',  'G', '\r',
					    '\n', 0x1a, '\n', 0,   0};
	unsigned char digest[32];
	char hex[65];
	struct stat sb;
	char *big;
	pu_case *c;

	open_case(w, code, pin);
	assert_error(pu_case_evidence_file(w->st, &w->staff, code, w->evdir, "",
					   0, NULL, "x", NULL, sha),
		     PU_EINVAL, "empty");
	assert_error(pu_case_evidence_file(w->st, &w->staff, code, w->evdir,
					   "MZ\x90\x00\x03", 5, NULL, "a.exe",
					   NULL, sha),
		     PU_EINVAL, "this type of file is not accepted");
	assert_error(pu_case_evidence_file(w->st, &w->staff, code, w->evdir,
					   "%PDF-1.7", 8, "image/png", "x",
					   NULL, sha),
		     PU_EINVAL,
		     "the file says image/png but its content is "
		     "application/pdf");
	assert_error(pu_case_evidence_file(w->st, &w->staff, code, w->evdir,
					   "%PDF-1.7", 8, NULL, "x", "U9", sha),
		     PU_EINVAL, "unit U9 is not to be assessed");
	big = calloc(1, PU_EVIDENCE_MAX_BYTES + 1);
	assert_non_null(big);
	memcpy(big, "%PDF-", 5);
	assert_error(pu_case_evidence_file(w->st, &w->staff, code, w->evdir,
					   big, PU_EVIDENCE_MAX_BYTES + 1, NULL,
					   "big.pdf", NULL, sha),
		     PU_ELIMIT, "at most 20 MiB");
	/* Five files of 20 MiB fill the case's 100 MiB. */
	for (int i = 0; i < 5; i++) {
		big[10] = (char)('a' + i);
		assert_ok(pu_case_evidence_file(
		    w->st, &w->staff, code, w->evdir, big,
		    PU_EVIDENCE_MAX_BYTES, NULL, "big.pdf", NULL, sha));
	}
	assert_error(pu_case_evidence_file(w->st, &w->staff, code, w->evdir,
					   png, sizeof(png), NULL, "p.png",
					   NULL, sha),
		     PU_ELIMIT, "would exceed 100 MiB");
	free(big);
	c = get(w, code);
	assert_int_equal(c->nevidence, 5);
	assert_int_equal(c->state, PU_CASE_PORTFOLIO);
	pu_case_free(c);
	/* Another case: the same content stored once, under its digest. */
	open_case(w, code, pin);
	assert_ok(pu_case_evidence_file(w->st, &w->staff, code, w->evdir, png,
					sizeof(png), NULL, "p.png", "U1", sha));
	assert_ok(pu_case_evidence_file(w->st, &w->staff, code, w->evdir, png,
					sizeof(png), "image/png", "again.png",
					NULL, sha2));
	assert_string_equal(sha, sha2);
	pu_audit_digest(png, sizeof(png), digest);
	for (int i = 0; i < 32; i++)
		snprintf(hex + 2 * i, 3, "%02x", digest[i]);
	assert_string_equal(sha, hex);
	snprintf(path, sizeof(path), "%s/sha256/%.2s/%s", w->evdir, sha, sha);
	assert_int_equal(stat(path, &sb), 0);
	assert_int_equal(sb.st_size, sizeof(png));
	c = get(w, code);
	assert_string_equal(c->evidence[0].media_type, "image/png");
	assert_string_equal(c->evidence[0].unit, "U1");
	pu_case_free(c);
	assert_error(pu_case_evidence_text(w->st, &w->staff, code,
					   PU_EVIDENCE_INTERVIEW, "ana",
					   "{\"mood\": \"good\"}", NULL),
		     PU_EINVAL, "\"mood\" is not a known text member");
	assert_error(pu_case_evidence_text(w->st, &w->staff, code,
					   PU_EVIDENCE_INTERVIEW, "ana",
					   "not json", NULL),
		     PU_EINVAL, "interview: a JSON object");
}

static void erasure_keeps_the_audit_chain(void **state)
{
	struct world *w = *state;
	char code[PU_CASE_CODE_SIZE], pin[PU_CASE_PIN_SIZE], sha[65], path[256];
	pu_rpl_candidate cand;
	pu_audit_report r;
	pu_audit_entry *e = NULL;
	struct stat sb;
	size_t n = 0;
	pu_case *c;

	open_case(w, code, pin);
	assert_ok(pu_case_self_assess(w->st, &w->staff, code, "U1",
				      "Cocino para 200", "Hotel en León", 24));
	assert_ok(pu_case_evidence_file(w->st, &w->staff, code, w->evdir,
					"foto de mi plato", 16, "text/plain",
					"plato.txt", NULL, sha));
	assert_ok(pu_case_plan(w->st, &w->staff, code, NULL, 0));
	assert_ok(pu_case_assess(w->st, &w->ana, code, "U1", PU_METHOD_TEST,
				 PU_VERDICT_COMPETENT, "María lo hizo bien"));
	assert_error(
	    pu_rpl_candidate_erase(w->st, &w->other, w->cand, w->evdir),
	    PU_EDENIED, "centre staff of CR/OTHER");
	assert_ok(pu_rpl_candidate_erase(w->st, &w->staff, w->cand, w->evdir));
	assert_error(
	    pu_rpl_candidate_erase(w->st, &w->staff, w->cand, w->evdir),
	    PU_ECONFLICT, "already erased");
	assert_ok(pu_rpl_candidate_get(w->st, &w->staff, w->cand, &cand));
	assert_string_equal(cand.name, "");
	assert_string_equal(cand.languages, "");
	assert_int_equal(cand.birth_year, 0);
	assert_int_equal(cand.ndocs, 0);
	assert_true(cand.erased_at > 0);
	/* The case, its verdicts and transitions stay; its texts do not. */
	c = get(w, code);
	assert_int_equal(c->state, PU_CASE_ASSESSMENT);
	assert_int_equal(c->units[0].verdict, PU_VERDICT_COMPETENT);
	assert_string_equal(c->units[0].self_can_do, "");
	assert_string_equal(c->units[0].notes, "");
	assert_string_equal(c->evidence[0].title, "");
	assert_string_equal(c->evidence[0].sha256, "");
	assert_true(c->nevents >= 4);
	pu_case_free(c);
	snprintf(path, sizeof(path), "%s/sha256/%.2s/%s", w->evdir, sha, sha);
	assert_int_not_equal(stat(path, &sb), 0);
	assert_ok(pu_audit_verify(w->st, NULL, 0, NULL, &r));
	assert_int_equal(r.problem, PU_AUDIT_INTACT);
	assert_ok(pu_audit_list(w->st, NULL, NULL, 1, &e, &n));
	assert_string_equal(e[0].action, "candidate.erase");
	free(e);
	/* A new case for an erased candidate is refused. */
	{
		pu_case_open_options o = PU_CASE_OPEN_INIT;

		o.std_country = "CR";
		o.std_code = "CR-COOK-01";
		o.candidate = w->cand;
		assert_error(pu_case_open(w->st, &w->staff, &o, code, pin),
			     PU_ECONFLICT, "was erased");
	}
}

static void partial_recognition_opens_a_case_for_the_gap(void **state)
{
	struct world *w = *state;
	pu_recognition_request rq = PU_RECOGNITION_INIT;
	const char *gaps[] = {"U2", "U3"}, *bad[] = {"U1"};
	char pin[PU_CASE_PIN_SIZE];
	pu_recognition r, *list = NULL;
	pu_outcome out;
	size_t n = 0;
	pu_case *c;

	rq.presented = PU_PRESENTED_PAPER;
	rq.credential = "NI-INATEC-2019-0042";
	rq.origin_country = "NI";
	rq.origin_code = "NI-COOK-01";
	rq.outcome = PU_EQUIV_NONE;
	assert_error(pu_recognition_decide(w->st, &w->cr, &rq, NULL, &r, pin),
		     PU_EINVAL, "name the substantial differences");
	rq.differences = "No food safety unit";
	assert_ok(pu_recognition_decide(w->st, &w->cr, &rq, NULL, &r, pin));
	assert_string_equal(r.case_code, "");
	rq.outcome = PU_EQUIV_PARTIAL;
	rq.std_code = "CR-COOK-01";
	rq.differences = NULL;
	assert_error(pu_recognition_decide(w->st, &w->cr, &rq, NULL, &r, pin),
		     PU_EINVAL, "name the gap units");
	rq.gap_units = gaps;
	rq.ngap = 2;
	rq.candidate = w->cand;
	assert_error(pu_recognition_decide(w->st, &w->cr, &rq, NULL, &r, pin),
		     PU_EINVAL, "name the centre");
	rq.centre = "INA-1";
	assert_ok(pu_recognition_decide(w->st, &w->cr, &rq, NULL, &r, pin));
	assert_string_equal(r.case_code, "C-1");
	assert_string_equal(r.gap_units, "U2,U3");
	assert_int_equal(strlen(pin), 10);
	c = get(w, r.case_code);
	assert_int_equal(c->recognition, r.id);
	assert_true(c->units[0].credited);
	assert_false(c->units[1].credited);
	pu_case_free(c);
	assert_error(pu_case_plan(w->st, &w->staff, r.case_code, bad, 1),
		     PU_EINVAL, "unit U1 is already recognised in case C-1");
	assert_ok(pu_case_plan(w->st, &w->staff, r.case_code, NULL, 0));
	c = get(w, r.case_code);
	assert_false(c->units[0].planned);
	assert_true(c->units[1].planned && c->units[2].planned);
	pu_case_free(c);
	assert_ok(pu_case_assess(w->st, &w->ana, r.case_code, "U2",
				 PU_METHOD_TEST, PU_VERDICT_COMPETENT, NULL));
	assert_ok(pu_case_assess(w->st, &w->ana, r.case_code, "U3",
				 PU_METHOD_TEST, PU_VERDICT_COMPETENT, NULL));
	assert_ok(pu_case_decide(w->st, &w->staff, r.case_code, &out));
	assert_int_equal(out, PU_OUTCOME_FULL);
	assert_ok(pu_recognition_list(w->st, &w->cr, NULL, &list, &n));
	assert_int_equal(n, 2);
	assert_int_equal(list[0].outcome, PU_EQUIV_PARTIAL);
	assert_string_equal(list[1].differences, "No food safety unit");
	free(list);
	assert_error(pu_recognition_list(w->st, &w->cl, "CR", &list, &n),
		     PU_EDENIED, "authority of CL");
	/* Erasure also forgets the number of the certificate presented. */
	assert_ok(pu_rpl_candidate_erase(w->st, &w->staff, w->cand, w->evdir));
	assert_ok(pu_recognition_get(w->st, &w->cr, r.id, &r));
	assert_string_equal(r.credential, "");
	assert_string_equal(r.gap_units, "U2,U3");
	assert_int_equal(r.outcome, PU_EQUIV_PARTIAL);
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(assurance_follows_the_documents_seen),
	    T(candidates_are_minimal_and_scoped),
	    T(cook_without_documents_gets_a_statement),
	    T(transitions_out_of_order_are_refused),
	    T(withdrawn_and_abandoned_keep_their_reason),
	    T(scope_is_refused_by_the_library),
	    T(appeal_goes_to_a_second_assessor),
	    T(pins_are_rate_limited),
	    T(evidence_is_limited_and_content_addressed),
	    T(erasure_keeps_the_audit_chain),
	    T(partial_recognition_opens_a_case_for_the_gap),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
