/*
 * Recognition of prior learning: candidates and their cases.
 *
 * A candidate is the minimum a centre needs: a name as the person gives it,
 * a year of birth, languages, a contact if they want one, the identity
 * documents seen (any country's, or none) and the consent given. No field
 * holds a migratory status and no function asks for a national ID of the
 * host country. The identity assurance level is computed from the documents
 * seen by the country's policy (pu_rpl_assurance). Erasure wipes a
 * candidate's personal data and the free texts of their cases, keeping a
 * tombstone, the cases' states, verdicts, fees and durations, and the audit
 * chain, which only ever names "candidate:<opaque id>" and "case:<code>".
 *
 * A case runs one candidate through one standard at one centre, through the
 * states of pu_case_state (the table is in docs/design.md, "Recognition
 * cases"). Every function that changes a case checks the actor's scope
 * (pu_authorize with the case's centre, or its certifying body), and for
 * assessments and decisions the accreditation (accredit.h), refuses a
 * transition out of order with PU_ECONFLICT naming the state, and writes
 * the change, the dated transition and its audit entry in one transaction.
 */
#ifndef PUENTE_RPL_H
#define PUENTE_RPL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "puente/auth.h"

struct pu_store;

#define PU_RPL_ID_SIZE 24        /* "P-" + 16 hex + NUL, with room */
#define PU_CASE_CODE_SIZE 24     /* "C-12" */
#define PU_CASE_PIN_SIZE 16      /* 10 digits + NUL, with room */
#define PU_RPL_MAX_DOCS 8
#define PU_RPL_MAX_TEXT 4000     /* bytes of a free text */
#define PU_EVIDENCE_MAX_BYTES (20u * 1024 * 1024) /* one file */
#define PU_EVIDENCE_MAX_CASE (100u * 1024 * 1024) /* every file of a case */
#define PU_EVIDENCE_MAX_ITEMS 64                  /* items of a case */
#define PU_CASE_PIN_FAILURES 5       /* wrong PINs within ... */
#define PU_CASE_PIN_WINDOW (15 * 60) /* ... this many seconds lock ... */
#define PU_CASE_PIN_LOCK (15 * 60)   /* ... the case for this long */

/* Identity documents seen by the centre. */
typedef enum pu_id_doc {
	PU_DOC_NONE = 0,
	PU_DOC_PASSPORT,
	PU_DOC_NATIONAL_ID,     /* of any country */
	PU_DOC_CONSULAR_ID,
	PU_DOC_MIGRANT_PERMIT,  /* e.g. Colombia's PPT or PEP */
	PU_DOC_REFUGEE,         /* refugee or asylum-seeker document */
	PU_DOC_CAMP_REGISTRATION,
	PU_DOC_OTHER,
	PU_DOC_COUNT
} pu_id_doc;

/* "none", "passport", "national_id", "consular_id", "migrant_permit",
 * "refugee_document", "camp_registration", "other"; static. */
const char *pu_id_doc_name(pu_id_doc d);
int pu_id_doc_parse(const char *s, pu_id_doc *out);

typedef enum pu_assurance {
	PU_IAL_LOW = 1,
	PU_IAL_SUBSTANTIAL,
	PU_IAL_HIGH
} pu_assurance;

/* "low", "substantial", "high"; static. */
const char *pu_assurance_name(pu_assurance a);

typedef struct pu_id_seen {
	pu_id_doc kind;
	char country[PU_AUTH_MAX_COUNTRY + 1]; /* issuer; "" for none */
} pu_id_seen;

/* The identity assurance level that the documents seen give under the
 * policy of country (docs/design.md, "Identity assurance"): the highest
 * level any one document gives; no document at all is low. Pure. */
pu_assurance pu_rpl_assurance(const char *country, const pu_id_seen *docs,
			      size_t n);

/* A candidate. Plain data; nothing to free. After erasure every personal
 * field is empty and erased_at is set. */
typedef struct pu_rpl_candidate {
	char id[PU_RPL_ID_SIZE]; /* opaque: "P-" + 16 hex; set on add */
	char country[PU_AUTH_MAX_COUNTRY + 1]; /* of the recording centre */
	char centre[PU_AUTH_MAX_CENTRE + 1];
	char name[256];      /* as the person gives it; required */
	int birth_year;      /* 0 when not given */
	char languages[64];  /* "es,miq": BCP 47 tags, comma-separated */
	char contact[256];   /* optional: phone, e-mail, anything */
	size_t ndocs;
	pu_id_seen docs[PU_RPL_MAX_DOCS];
	pu_assurance assurance; /* computed on add */
	char consent[128];   /* purposes: "rpl" required, then "contact",
				"statistics", "share" (comma-separated) */
	int64_t consent_at, created_at, erased_at;
} pu_rpl_candidate;

/* Records a candidate at c->country / c->centre (by needs case.write there):
 * checks the fields, computes the assurance level, draws the opaque id and
 * writes it into c->id. Consent must include "rpl". Audited
 * "candidate.add" (subject "candidate:<id>"). PU_EINVAL, PU_EDENIED. */
int pu_rpl_candidate_add(struct pu_store *st, const pu_actor *by,
			 pu_rpl_candidate *c);

/* The candidate id; by needs case.read at its centre. PU_ENOTFOUND. */
int pu_rpl_candidate_get(struct pu_store *st, const pu_actor *by,
			 const char *id, pu_rpl_candidate *out);

/* Erases a candidate's personal data (name, birth year, languages, contact,
 * documents, consent, the salt of audit digests) and the free texts of
 * their cases (self-assessments, evidence titles and bodies, assessment
 * notes, reasons) and the number of any certificate they presented for
 * recognition; evidence files no other case uses are deleted from dir
 * (may be NULL) after the commit. Cases, verdicts, fees, transitions,
 * credentials already issued and the audit chain stay. Audited
 * "candidate.erase". by needs case.write at the candidate's centre.
 * PU_ENOTFOUND, PU_ECONFLICT when already erased. */
int pu_rpl_candidate_erase(struct pu_store *st, const pu_actor *by,
			   const char *id, const char *dir);

typedef enum pu_case_state {
	PU_CASE_INTAKE = 0, /* opened */
	PU_CASE_PORTFOLIO,  /* self-assessment and evidence under way */
	PU_CASE_ASSESSMENT, /* plan fixed; assessors record verdicts */
	PU_CASE_DECIDED,    /* outcome decided; appeal or certificate next */
	PU_CASE_APPEAL,     /* a second assessor reassesses contested units */
	PU_CASE_CERTIFIED,  /* certificate issued (credential recorded) */
	PU_CASE_CLOSED,     /* closed without certificate (not yet) */
	PU_CASE_WITHDRAWN,  /* the candidate withdrew; reason kept */
	PU_CASE_ABANDONED,  /* the centre closed it unfinished; reason kept */
	PU_CASE_NSTATES
} pu_case_state;

/* "intake", "portfolio", "assessment", "decided", "appeal", "certified",
 * "closed", "withdrawn", "abandoned"; static. */
const char *pu_case_state_name(pu_case_state s);
/* The reverse; PU_EINVAL naming the states. */
int pu_case_state_parse(const char *s, pu_case_state *out);

typedef enum pu_outcome {
	PU_OUTCOME_NONE = 0,   /* not decided */
	PU_OUTCOME_FULL,       /* the whole standard */
	PU_OUTCOME_ATTAINMENT, /* statement of attainment: some units */
	PU_OUTCOME_NOT_YET     /* no unit achieved yet */
} pu_outcome;

/* "none", "full", "attainment", "not_yet"; static. */
const char *pu_outcome_name(pu_outcome o);

typedef enum pu_method {
	PU_METHOD_NONE = 0,
	PU_METHOD_OBSERVATION,
	PU_METHOD_INTERVIEW,
	PU_METHOD_TEST,
	PU_METHOD_PRODUCT,
	PU_METHOD_TESTIMONY
} pu_method;

const char *pu_method_name(pu_method m);
int pu_method_parse(const char *s, pu_method *out);

typedef enum pu_verdict {
	PU_VERDICT_NONE = 0,
	PU_VERDICT_COMPETENT,
	PU_VERDICT_NOT_YET /* not yet competent */
} pu_verdict;

/* "none", "competent", "not_yet_competent"; static. */
const char *pu_verdict_name(pu_verdict v);
int pu_verdict_parse(const char *s, pu_verdict *out);

typedef enum pu_evidence_kind {
	PU_EVIDENCE_FILE = 0, /* a file stored by its SHA-256 */
	PU_EVIDENCE_TESTIMONY, /* a third party's statement */
	PU_EVIDENCE_INTERVIEW  /* a structured interview record (EQPR-style) */
} pu_evidence_kind;

const char *pu_evidence_kind_name(pu_evidence_kind k);

typedef enum pu_fee_status {
	PU_FEE_DUE = 0,
	PU_FEE_PAID,
	PU_FEE_WAIVED
} pu_fee_status;

const char *pu_fee_status_name(pu_fee_status s);
int pu_fee_status_parse(const char *s, pu_fee_status *out);

/* One unit of the case's standard. Strings are owned by the case. */
typedef struct pu_case_unit {
	char *code;
	bool credited; /* already recognised (a partial recognition) */
	bool planned;  /* to be assessed */
	bool self_assessed;
	char *self_can_do, *self_where; /* what I can do, where ("" none) */
	int self_months;                /* how long */
	pu_verdict verdict;             /* the current one */
	pu_method method;
	int64_t account_id; /* the assessor's account */
	char *assessor;     /* its name, "" when none */
	char *notes;
	int64_t assessed_at;
	int round; /* 1 first assessment, 2 on appeal */
} pu_case_unit;

typedef struct pu_case_event {
	int64_t at;
	pu_case_state from, to; /* equal for steps within a state */
	char *actor;            /* account name, "cli:..." or "system" */
	char *note;             /* "plan", "assess U2", ... */
} pu_case_event;

typedef struct pu_case_fee {
	int64_t id;
	char *step;     /* "intake", "assessment", "certificate", "appeal" */
	int64_t amount; /* minor units (cents) */
	char currency[4];
	pu_fee_status status;
	char *reason;   /* of a waiver */
	int64_t at;
} pu_case_fee;

typedef struct pu_case_evidence {
	int64_t id;
	pu_evidence_kind kind;
	char *unit;        /* the unit it supports, "" for the case */
	char sha256[65];   /* files: hex digest, the file's name in the store */
	char *media_type;  /* files */
	int64_t size;      /* files: bytes */
	char *title;       /* file name shown, witness, interviewer */
	char *body;        /* testimony text; interview record as JSON */
	int64_t added_at;
} pu_case_evidence;

/* A case with everything it holds; freed by pu_case_free. */
typedef struct pu_case {
	int64_t id;
	char code[PU_CASE_CODE_SIZE];
	char country[PU_AUTH_MAX_COUNTRY + 1];
	char centre[PU_AUTH_MAX_CENTRE + 1]; /* where it runs */
	char body[PU_AUTH_MAX_CENTRE + 1];   /* who decides ("" = centre) */
	char std_country[PU_AUTH_MAX_COUNTRY + 1];
	char std_code[65];
	char candidate[PU_RPL_ID_SIZE];
	pu_case_state state;
	pu_outcome outcome;
	char *reason;     /* of a withdrawal, abandonment or appeal */
	char *credential; /* the credential id issued, "" before */
	int64_t recognition; /* the recognition decision it follows, 0 */
	int64_t appeal_account; /* the second assessor, 0 */
	char *appeal_assessor;
	bool appealed;
	int64_t opened_at, state_at;
	size_t nunits;
	pu_case_unit *units;
	size_t nevents;
	pu_case_event *events;
	size_t nfees;
	pu_case_fee *fees;
	size_t nevidence;
	pu_case_evidence *evidence;
} pu_case;

void pu_case_free(pu_case *c);

/* The unit code of c, or NULL. */
const pu_case_unit *pu_case_unit_of(const pu_case *c, const char *code);

/* What opens a case. Zero-initialise with PU_CASE_OPEN_INIT. */
typedef struct pu_case_open_options {
	unsigned int version;
	const char *centre;      /* NULL: the actor's centre */
	const char *body;        /* certifying body; NULL: the centre */
	const char *std_country; /* the standard */
	const char *std_code;
	const char *candidate;   /* a candidate id (pu_rpl_candidate_add) */
	/* When not NULL, only these units are in the case (the gap units of a
	 * partial recognition); the standard's other units are credited. */
	const char *const *units;
	size_t nunits;
	int64_t recognition; /* the recognition it follows, or 0 */
} pu_case_open_options;

#define PU_CASE_OPEN_VERSION 1
#define PU_CASE_OPEN_INIT {PU_CASE_OPEN_VERSION, NULL, NULL, NULL, NULL, \
			   NULL, NULL, 0, 0}

/* Opens a case in state intake. by needs case.write at the centre; the
 * centre must be accredited for the standard, the standard active (not
 * withdrawn or superseded), the candidate recorded at that centre and not
 * erased. Writes the case code ("C-<n>") into code and a new PIN (10
 * digits, shown once, stored as an Argon2id hash) into pin. Audited
 * "case.open". PU_EINVAL, PU_ENOTFOUND, PU_ECONFLICT, PU_EDENIED. */
int pu_case_open(struct pu_store *st, const pu_actor *by,
		 const pu_case_open_options *o, char code[PU_CASE_CODE_SIZE],
		 char pin[PU_CASE_PIN_SIZE]);

/* The case code with everything it holds; by needs case.read at its
 * centre or at its deciding body. PU_ENOTFOUND, PU_EDENIED naming the
 * centre (so staff of another centre learn that the code exists, nothing
 * more). Free with pu_case_free. */
int pu_case_get(struct pu_store *st, const pu_actor *by, const char *code,
		pu_case **out);

/* A case as listed. Plain data. */
typedef struct pu_case_row {
	char code[PU_CASE_CODE_SIZE];
	char country[PU_AUTH_MAX_COUNTRY + 1];
	char centre[PU_AUTH_MAX_CENTRE + 1];
	char std_country[PU_AUTH_MAX_COUNTRY + 1];
	char std_code[65];
	pu_case_state state;
	pu_outcome outcome;
	int64_t opened_at, state_at;
} pu_case_row;

/* The cases of the actor's centre (or body), newest first, those in state
 * when state >= 0; free(*out). PU_EDENIED for roles that read no cases. */
int pu_case_list(struct pu_store *st, const pu_actor *by, int state,
		 pu_case_row **out, size_t *n);

/* Self-assessment of one unit (intake or portfolio; moves intake to
 * portfolio): what the candidate can do, where, for how many months.
 * case.write. Audited "case.self_assess". */
int pu_case_self_assess(struct pu_store *st, const pu_actor *by,
			const char *code, const char *unit,
			const char *can_do, const char *where, int months);

/* A file of evidence: its type is sniffed from the bytes and must be one
 * of the allow-list (application/pdf, image/jpeg, image/png, image/webp,
 * audio/ogg, audio/mpeg, video/mp4, text/plain UTF-8) and agree with
 * media_type when given; at most PU_EVIDENCE_MAX_BYTES, and the case's
 * files at most PU_EVIDENCE_MAX_CASE. Stored under dir as sha256/XX/HASH
 * (written atomically, once per content). unit "" or NULL: the whole case.
 * Allowed in intake, portfolio and assessment (intake moves to portfolio).
 * The hex digest goes to sha256_out (may be NULL). case.write. Audited
 * "case.evidence". PU_ELIMIT, PU_EINVAL, PU_EIO. */
int pu_case_evidence_file(struct pu_store *st, const pu_actor *by,
			  const char *code, const char *dir,
			  const void *data, size_t len,
			  const char *media_type, const char *title,
			  const char *unit, char sha256_out[65]);

/* A third party's testimony (witness: who they are to the candidate;
 * statement: what they saw), or an EQPR-style interview record: body is a
 * JSON object whose members are among "education", "work", "training",
 * "languages", "documents", "summary", "interviewers" (strings). Same
 * states and audit as files. */
int pu_case_evidence_text(struct pu_store *st, const pu_actor *by,
			  const char *code, pu_evidence_kind kind,
			  const char *title, const char *body,
			  const char *unit);

/* The assessment plan: the units to assess (NULL / 0: every unit not
 * credited); only units of the case that are not credited. From intake
 * or portfolio to assessment. case.write; the standard must still be
 * active. Audited "case.plan". */
int pu_case_plan(struct pu_store *st, const pu_actor *by, const char *code,
		 const char *const *units, size_t n);

/* A verdict on a planned unit by an assessor of the case's centre
 * (PU_ACT_ASSESS) accredited for the standard today
 * (pu_accredit_check_assessor); in state assessment, or in appeal by the
 * appointed second assessor on a contested unit. A later verdict on the
 * same unit in the same round replaces the earlier (both are kept in the
 * history). Audited "case.assess". */
int pu_case_assess(struct pu_store *st, const pu_actor *by, const char *code,
		   const char *unit, pu_method method, pu_verdict verdict,
		   const char *notes);

/* Decides (assessment or appeal -> decided) once every planned unit has
 * a verdict: full when every unit of the standard is competent or
 * credited, attainment when some planned unit is competent, not yet
 * otherwise. by: staff of the deciding organisation (the body, else the
 * centre) with PU_ACT_DECIDE, which must be a certification body
 * accredited for the standard (pu_accredit_check_body). The outcome goes
 * to *out (may be NULL). Audited "case.decide". */
int pu_case_decide(struct pu_store *st, const pu_actor *by, const char *code,
		   pu_outcome *out);

/* Appeal of a decision (decided -> appeal), once per case: the units
 * contested (NULL / 0: every planned unit not yet competent) are
 * reassessed by assessor (an account name), who must be an assessor of
 * the centre other than the one who assessed any contested unit. reason
 * required. case.write. Audited "case.appeal". */
int pu_case_appeal(struct pu_store *st, const pu_actor *by, const char *code,
		   const char *assessor, const char *const *units, size_t n,
		   const char *reason);

/* The certificate step (decided with outcome full or attainment ->
 * certified): records the id of the credential the credentials module
 * issued. by: an authority of the case's country (credential.issue) or
 * staff of the deciding organisation (decide). Audited "case.certificate".
 */
int pu_case_certificate(struct pu_store *st, const pu_actor *by,
			const char *code, const char *credential_id);

/* Closes a decided case without certificate (decided -> closed); case.write.
 * Audited "case.close". */
int pu_case_close(struct pu_store *st, const pu_actor *by, const char *code);

/* Withdrawn by the candidate (withdrawn true) or abandoned (false), from any
 * state before certified / closed, with a reason (1 to 500 bytes).
 * case.write. Audited "case.withdraw" / "case.abandon". */
int pu_case_withdraw(struct pu_store *st, const pu_actor *by,
		     const char *code, bool withdrawn, const char *reason);

/* Records a fee of a step (amount in minor units, ISO 4217 currency),
 * paid, due or waived (a waiver needs a reason), kept for statistics.
 * case.write, any state. Audited "case.fee". */
int pu_case_fee_add(struct pu_store *st, const pu_actor *by, const char *code,
		    const char *step, int64_t amount, const char *currency,
		pu_fee_status status, const char *reason);

/* The file of an evidence item (its sha256) under dir: dir/sha256/XX/HEX,
 * for a front-end that serves it to those who may read the case. PU_EINVAL
 * when hex is not 64 lower-case hex digits or the path does not fit in n. */
int pu_rpl_evidence_path(const char *dir, const char *hex, char *out,
			 size_t n);

/* Seconds spent in each state, from the transitions (the current state
 * counts until now). Pure over a loaded case. */
void pu_case_durations(const pu_case *c, int64_t now,
		       int64_t out[PU_CASE_NSTATES]);

/* "What is next and what it costs", for the candidate's screen in their
 * language: message keys and parameters, never sentences. */
typedef struct pu_case_param {
	const char *name; /* static */
	char value[80];
} pu_case_param;

typedef struct pu_case_summary {
	char code[PU_CASE_CODE_SIZE];
	char std_country[PU_AUTH_MAX_COUNTRY + 1];
	char std_code[65];
	char centre[PU_AUTH_MAX_CENTRE + 1];
	const char *state;   /* "intake", ... (pu_case_state_name) */
	const char *outcome; /* pu_outcome_name */
	const char *next;    /* "case.next.self_assess", ... (static) */
	size_t nparams;
	pu_case_param params[6];
	size_t units, planned, assessed, competent, credited;
	int64_t due;         /* unpaid fees, minor units */
	char currency[4];    /* of the due fees ("" when none) */
	int64_t paid, waived;
} pu_case_summary;

/* The summary of a loaded case. Pure. */
void pu_case_summarise(const pu_case *c, pu_case_summary *out);

/* The candidate's view: the summary of case code if pin is right. Wrong
 * PINs are counted per case: PU_CASE_PIN_FAILURES within
 * PU_CASE_PIN_WINDOW lock the case's PIN for PU_CASE_PIN_LOCK. Every
 * failure is PU_EAUTH ("wrong case code or PIN"; an unknown code takes as
 * long); a lock says when to retry. The PIN is compared by Argon2id's
 * verifier (constant time). */
int pu_case_follow(struct pu_store *st, const char *code, const char *pin,
		   pu_case_summary *out);

#endif
