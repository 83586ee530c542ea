/*
 * The SQLite backend, candidates and cases: rows of candidate, rpl_case,
 * rpl_case_unit, rpl_assessment, rpl_event, rpl_fee and rpl_evidence
 * (migration 005), and pu_sq_rpl_ops, which also takes the accreditation
 * and recognition rows of sqlite_accredit.c. No rule is decided here (the
 * state machine, scope, PINs: src/lib/rpl/). These writes never bump the
 * catalogue version.
 */
#include "sqlite_internal.h"

#include "puente/error.h"
#include "sqlite_rpl.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum {
	QC_INSERT_CAND,
	QC_GET_CAND,
	QC_ERASE_CAND,
	QC_ERASE_UNITS,
	QC_ERASE_ASSESS,
	QC_ERASE_CASES,
	QC_ERASE_FEES,
	QC_ORPHANS,
	QC_ERASE_EVIDENCE,
	QC_ERASE_RECOGNITION,
	QK_NEXT_ID,
	QK_INSERT,
	QK_GET,
	QK_UPDATE,
	QK_LIST,
	QK_LIST_STATE,
	QK_UNITS,
	QK_EVENTS,
	QK_FEES,
	QK_EVIDENCE,
	QK_UNIT_PUT,
	QK_ASSESS_INS,
	QK_EVENT_INS,
	QK_FEE_INS,
	QK_EVIDENCE_INS,
	QK_PIN_GET,
	QK_PIN_SET,
	QX_COUNT
};

#define CAND_OF "SELECT id FROM rpl_case WHERE candidate = ?1"
#define CASE_COLUMNS "id, code, country, centre, body, std_country, "     \
		     "std_code, candidate, state, outcome, reason, "      \
		     "credential, recognition, appeal_account, "          \
		     "appeal_assessor, appealed, opened_at, state_at"
#define UNIT_COLUMNS "code, credited, planned, self_assessed, self_can_do, " \
		     "self_where, self_months, verdict, method, account_id, " \
		     "assessor, notes, assessed_at, round"

static const char *const sql[QX_COUNT] = {
	[QC_INSERT_CAND] = "INSERT INTO candidate (id, country, centre, name, "
			   "birth_year, languages, contact, documents, "
			   "assurance, consent, consent_at, salt, created_at) "
			   "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, "
			   "?11, ?12, ?13)",
	[QC_GET_CAND] = "SELECT id, country, centre, name, birth_year, "
			"languages, contact, documents, assurance, consent, "
			"consent_at, salt, created_at, erased_at FROM "
			"candidate WHERE id = ?1",
	[QC_ERASE_CAND] = "UPDATE candidate SET name = NULL, birth_year = NULL, "
			  "languages = NULL, contact = NULL, documents = NULL, "
			  "consent = NULL, salt = NULL, erased_at = ?2 WHERE "
			  "id = ?1",
	[QC_ERASE_UNITS] = "UPDATE rpl_case_unit SET self_can_do = NULL, "
			   "self_where = NULL, notes = NULL WHERE case_id IN "
			   "(" CAND_OF ")",
	[QC_ERASE_ASSESS] = "UPDATE rpl_assessment SET notes = NULL WHERE "
			    "case_id IN (" CAND_OF ")",
	[QC_ERASE_CASES] = "UPDATE rpl_case SET reason = NULL WHERE candidate "
			   "= ?1",
	[QC_ERASE_FEES] = "UPDATE rpl_fee SET reason = NULL WHERE case_id IN "
			  "(" CAND_OF ")",
	[QC_ORPHANS] = "SELECT DISTINCT e.sha256 FROM rpl_evidence e WHERE "
		       "e.case_id IN (" CAND_OF ") AND e.sha256 IS NOT NULL "
		       "AND NOT EXISTS (SELECT 1 FROM rpl_evidence o WHERE "
		       "o.sha256 = e.sha256 AND o.erased = 0 AND o.case_id "
		       "NOT IN (" CAND_OF ")) ORDER BY 1",
	[QC_ERASE_EVIDENCE] = "UPDATE rpl_evidence SET title = NULL, body = "
			      "NULL, sha256 = NULL, erased = 1 WHERE case_id "
			      "IN (" CAND_OF ")",
	[QC_ERASE_RECOGNITION] = "UPDATE recognition SET credential = NULL "
				 "WHERE candidate = ?1",
	[QK_NEXT_ID] = "SELECT coalesce(max(id), 0) + 1 FROM rpl_case",
	[QK_INSERT] = "INSERT INTO rpl_case (id, code, country, centre, body, "
		      "std_country, std_code, candidate, state, outcome, "
		      "recognition, opened_at, state_at, pin) VALUES (?1, ?2, "
		      "?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
	[QK_GET] = "SELECT " CASE_COLUMNS " FROM rpl_case WHERE code = ?1",
	[QK_UPDATE] = "UPDATE rpl_case SET state = ?2, outcome = ?3, reason = "
		      "?4, credential = ?5, appeal_account = ?6, "
		      "appeal_assessor = ?7, appealed = ?8, state_at = ?9, "
		      "recognition = ?10 WHERE id = ?1",
	[QK_LIST] = "SELECT code, country, centre, std_country, std_code, "
		    "state, outcome, opened_at, state_at FROM rpl_case WHERE "
		    "country = ?1 AND (centre = ?2 OR body = ?2) ORDER BY id "
		    "DESC",
	[QK_LIST_STATE] = "SELECT code, country, centre, std_country, "
			  "std_code, state, outcome, opened_at, state_at FROM "
			  "rpl_case WHERE country = ?1 AND (centre = ?2 OR "
			  "body = ?2) AND state = ?3 ORDER BY id DESC",
	[QK_UNITS] = "SELECT " UNIT_COLUMNS " FROM rpl_case_unit WHERE "
		     "case_id = ?1 ORDER BY ord",
	[QK_EVENTS] = "SELECT at, from_state, to_state, actor, note FROM "
		      "rpl_event WHERE case_id = ?1 ORDER BY id",
	[QK_FEES] = "SELECT id, step, amount, currency, status, reason, at "
		    "FROM rpl_fee WHERE case_id = ?1 ORDER BY id",
	[QK_EVIDENCE] = "SELECT id, kind, unit, sha256, media_type, size, "
			"title, body, added_at FROM rpl_evidence WHERE case_id "
			"= ?1 ORDER BY id",
	[QK_UNIT_PUT] = "INSERT OR REPLACE INTO rpl_case_unit (case_id, ord, "
			UNIT_COLUMNS ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, "
			"?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)",
	[QK_ASSESS_INS] = "INSERT INTO rpl_assessment (case_id, unit, round, "
			  "account_id, assessor, method, verdict, notes, at) "
			  "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
	[QK_EVENT_INS] = "INSERT INTO rpl_event (case_id, at, from_state, "
			 "to_state, actor, note) VALUES (?1, ?2, ?3, ?4, ?5, "
			 "?6)",
	[QK_FEE_INS] = "INSERT INTO rpl_fee (case_id, step, amount, currency, "
		       "status, reason, at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, "
		       "?7)",
	[QK_EVIDENCE_INS] = "INSERT INTO rpl_evidence (case_id, kind, unit, "
			    "sha256, media_type, size, title, body, added_at) "
			    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
	[QK_PIN_GET] = "SELECT id, pin, pin_failures, pin_window, "
		       "pin_locked_until FROM rpl_case WHERE code = ?1",
	[QK_PIN_SET] = "UPDATE rpl_case SET pin_failures = ?2, pin_window = "
		       "?3, pin_locked_until = ?4 WHERE id = ?1",
};

static sqlite3_stmt *stmt(sq_store *s, int id)
{
	return pu_sq_set_stmt(s, &s->rpl, QX_COUNT, id, sql[id]);
}

void pu_sq_rpl_reset(sq_store *s)
{
	pu_sq_set_reset(s->rpl, QX_COUNT);
}

void pu_sq_rpl_close(sq_store *s)
{
	pu_sq_set_close(&s->rpl, QX_COUNT);
}

/* "passport:NI,none:" */
static void docs_format(const pu_rpl_candidate *c, char *buf, size_t n)
{
	size_t len = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < c->ndocs && len < n; i++)
		len += (size_t)snprintf(buf + len, n - len, "%s%s:%s",
					i ? "," : "",
					pu_id_doc_name(c->docs[i].kind),
					c->docs[i].country);
}

static void docs_parse(const char *s, pu_rpl_candidate *c)
{
	char item[64];

	c->ndocs = 0;
	while (s != NULL && *s != '\0' && c->ndocs < PU_RPL_MAX_DOCS) {
		size_t len = strcspn(s, ",");
		char *colon;
		pu_id_seen *d = &c->docs[c->ndocs];

		snprintf(item, sizeof(item), "%.*s", (int)len, s);
		colon = strchr(item, ':');
		if (colon != NULL) {
			*colon = '\0';
			snprintf(d->country, sizeof(d->country), "%s",
				 colon + 1);
		}
		if (pu_id_doc_parse(item, &d->kind) == 0)
			c->ndocs++;
		else
			pu_error_clear();
		s += len + (s[len] == ',');
	}
}

static int candidate_insert(pu_store *st, const pu_rpl_candidate *c,
			    const char *salt)
{
	sq_store *s = (sq_store *)st;
	sqlite3_stmt *q = stmt(s, QC_INSERT_CAND);
	char docs[PU_RPL_MAX_DOCS * 40];

	if (q == NULL)
		return pu_error_code();
	docs_format(c, docs, sizeof(docs));
	pu_sq_bind_text(q, 1, c->id);
	pu_sq_bind_text(q, 2, c->country);
	pu_sq_bind_text(q, 3, c->centre);
	pu_sq_bind_text(q, 4, c->name);
	if (c->birth_year > 0)
		sqlite3_bind_int(q, 5, c->birth_year);
	pu_sq_bind_opt(q, 6, c->languages);
	pu_sq_bind_opt(q, 7, c->contact);
	pu_sq_bind_opt(q, 8, docs);
	sqlite3_bind_int(q, 9, (int)c->assurance);
	pu_sq_bind_opt(q, 10, c->consent);
	sqlite3_bind_int64(q, 11, c->consent_at);
	pu_sq_bind_text(q, 12, salt);
	sqlite3_bind_int64(q, 13, c->created_at);
	return pu_sq_step_done(s, q, "adding a candidate");
}

static int candidate_get(pu_store *st, const char *id, pu_rpl_candidate *out,
			 char *salt)
{
	sq_store *s = (sq_store *)st;
	sqlite3_stmt *q = stmt(s, QC_GET_CAND);
	int rc;

	if (q == NULL)
		return pu_error_code();
	pu_sq_bind_text(q, 1, id);
	rc = sqlite3_step(q);
	if (rc == SQLITE_ROW) {
		memset(out, 0, sizeof(*out));
		pu_sq_col_copy(out->id, sizeof(out->id), q, 0);
		pu_sq_col_copy(out->country, sizeof(out->country), q, 1);
		pu_sq_col_copy(out->centre, sizeof(out->centre), q, 2);
		pu_sq_col_copy(out->name, sizeof(out->name), q, 3);
		out->birth_year = sqlite3_column_int(q, 4);
		pu_sq_col_copy(out->languages, sizeof(out->languages), q, 5);
		pu_sq_col_copy(out->contact, sizeof(out->contact), q, 6);
		docs_parse((const char *)sqlite3_column_text(q, 7), out);
		out->assurance = (pu_assurance)sqlite3_column_int(q, 8);
		pu_sq_col_copy(out->consent, sizeof(out->consent), q, 9);
		out->consent_at = sqlite3_column_int64(q, 10);
		if (salt != NULL)
			pu_sq_col_copy(salt, 33, q, 11);
		out->created_at = sqlite3_column_int64(q, 12);
		out->erased_at = sqlite3_column_int64(q, 13);
	}
	rc = rc == SQLITE_ROW	 ? 0
	     : rc == SQLITE_DONE ? PU_ENOTFOUND
				 : pu_sq_error(s, PU_ESTORE,
					       "reading a candidate");
	sqlite3_reset(q);
	return rc;
}

static int candidate_erase(pu_store *st, const char *id, int64_t now,
			   char ***orphans, size_t *norphans)
{
	sq_store *s = (sq_store *)st;
	static const int steps[] = {QC_ERASE_CAND,  QC_ERASE_UNITS,
				    QC_ERASE_ASSESS, QC_ERASE_CASES,
				    QC_ERASE_FEES,   QC_ERASE_EVIDENCE,
				    QC_ERASE_RECOGNITION};
	sqlite3_stmt *q = stmt(s, QC_ORPHANS);
	int rc;

	*orphans = NULL;
	*norphans = 0;
	if (q == NULL)
		return pu_error_code();
	pu_sq_bind_text(q, 1, id);
	rc = pu_sq_collect_strings(s, q, "finding evidence files", orphans,
				   norphans);
	for (size_t i = 0; rc == 0 && i < sizeof(steps) / sizeof(*steps);
	     i++) {
		q = stmt(s, steps[i]);
		if (q == NULL)
			return pu_error_code();
		pu_sq_bind_text(q, 1, id);
		if (steps[i] == QC_ERASE_CAND)
			sqlite3_bind_int64(q, 2, now);
		rc = pu_sq_step_done(s, q, "erasing a candidate");
	}
	return rc;
}

static int case_insert(pu_store *st, pu_case *c, const char *pin_hash)
{
	sq_store *s = (sq_store *)st;
	sqlite3_stmt *q = stmt(s, QK_NEXT_ID);
	int rc;

	if (q == NULL)
		return pu_error_code();
	if (sqlite3_step(q) != SQLITE_ROW) {
		rc = pu_sq_error(s, PU_ESTORE, "numbering a case");
		sqlite3_reset(q);
		return rc;
	}
	c->id = sqlite3_column_int64(q, 0);
	sqlite3_reset(q);
	snprintf(c->code, sizeof(c->code), "C-%lld", (long long)c->id);
	if ((q = stmt(s, QK_INSERT)) == NULL)
		return pu_error_code();
	sqlite3_bind_int64(q, 1, c->id);
	pu_sq_bind_text(q, 2, c->code);
	pu_sq_bind_text(q, 3, c->country);
	pu_sq_bind_text(q, 4, c->centre);
	pu_sq_bind_text(q, 5, c->body);
	pu_sq_bind_text(q, 6, c->std_country);
	pu_sq_bind_text(q, 7, c->std_code);
	pu_sq_bind_text(q, 8, c->candidate);
	sqlite3_bind_int(q, 9, (int)c->state);
	sqlite3_bind_int(q, 10, (int)c->outcome);
	if (c->recognition > 0)
		sqlite3_bind_int64(q, 11, c->recognition);
	sqlite3_bind_int64(q, 12, c->opened_at);
	sqlite3_bind_int64(q, 13, c->state_at);
	pu_sq_bind_text(q, 14, pin_hash);
	if ((rc = pu_sq_step_done(s, q, "opening a case")) < 0)
		return rc;
	for (size_t i = 0; i < c->nunits; i++)
		if ((rc = st->ops->rpl->unit_put(st, c->id, i, &c->units[i])) <
		    0)
			return rc;
	return 0;
}

/* Fills one row of a case's list from the statement's current row; false
 * when memory ran out. */
typedef bool (*row_fill)(sqlite3_stmt *q, void *row);

static bool fill_unit(sqlite3_stmt *q, void *row)
{
	pu_case_unit *u = row;

	u->code = pu_sq_col_dup(q, 0);
	u->credited = sqlite3_column_int(q, 1) != 0;
	u->planned = sqlite3_column_int(q, 2) != 0;
	u->self_assessed = sqlite3_column_int(q, 3) != 0;
	u->self_can_do = pu_sq_col_dup(q, 4);
	u->self_where = pu_sq_col_dup(q, 5);
	u->self_months = sqlite3_column_int(q, 6);
	u->verdict = (pu_verdict)sqlite3_column_int(q, 7);
	u->method = (pu_method)sqlite3_column_int(q, 8);
	u->account_id = sqlite3_column_int64(q, 9);
	u->assessor = pu_sq_col_dup(q, 10);
	u->notes = pu_sq_col_dup(q, 11);
	u->assessed_at = sqlite3_column_int64(q, 12);
	u->round = sqlite3_column_int(q, 13);
	return u->code && u->self_can_do && u->self_where && u->assessor &&
	       u->notes;
}

static bool fill_event(sqlite3_stmt *q, void *row)
{
	pu_case_event *e = row;

	e->at = sqlite3_column_int64(q, 0);
	e->from = (pu_case_state)sqlite3_column_int(q, 1);
	e->to = (pu_case_state)sqlite3_column_int(q, 2);
	e->actor = pu_sq_col_dup(q, 3);
	e->note = pu_sq_col_dup(q, 4);
	return e->actor && e->note;
}

static bool fill_fee(sqlite3_stmt *q, void *row)
{
	pu_case_fee *f = row;

	f->id = sqlite3_column_int64(q, 0);
	f->step = pu_sq_col_dup(q, 1);
	f->amount = sqlite3_column_int64(q, 2);
	pu_sq_col_copy(f->currency, sizeof(f->currency), q, 3);
	f->status = (pu_fee_status)sqlite3_column_int(q, 4);
	f->reason = pu_sq_col_dup(q, 5);
	f->at = sqlite3_column_int64(q, 6);
	return f->step && f->reason;
}

static bool fill_evidence(sqlite3_stmt *q, void *row)
{
	pu_case_evidence *e = row;

	e->id = sqlite3_column_int64(q, 0);
	e->kind = (pu_evidence_kind)sqlite3_column_int(q, 1);
	e->unit = pu_sq_col_dup(q, 2);
	pu_sq_col_copy(e->sha256, sizeof(e->sha256), q, 3);
	e->media_type = pu_sq_col_dup(q, 4);
	e->size = sqlite3_column_int64(q, 5);
	e->title = pu_sq_col_dup(q, 6);
	e->body = pu_sq_col_dup(q, 7);
	e->added_at = sqlite3_column_int64(q, 8);
	return e->unit && e->media_type && e->title && e->body;
}

/* Reads the rows of statement k for case id into the growing array *v of
 * *n elements of size bytes, each filled by fill. */
static int read_rows(sq_store *s, int k, int64_t id, const char *what,
		     void **v, size_t *n, size_t size, row_fill fill)
{
	sqlite3_stmt *q = stmt(s, k);
	size_t cap = 0;
	int rc;

	if (q == NULL)
		return pu_error_code();
	sqlite3_bind_int64(q, 1, id);
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		if ((rc = pu_sq_grow_heap(v, *n, &cap, size)) < 0)
			goto done;
		if (!fill(q, (char *)*v + (*n)++ * size)) {
			rc = pu_error_set(PU_ENOMEM, "out of memory");
			goto done;
		}
	}
	rc = rc == SQLITE_DONE ? 0 : pu_sq_error(s, PU_ESTORE, what);
done:
	sqlite3_reset(q);
	return rc;
}

static int case_get(pu_store *st, const char *code, pu_case **out)
{
	sq_store *s = (sq_store *)st;
	sqlite3_stmt *q = stmt(s, QK_GET);
	pu_case *c = NULL;
	int rc;

	*out = NULL;
	if (q == NULL)
		return pu_error_code();
	pu_sq_bind_text(q, 1, code);
	rc = sqlite3_step(q);
	if (rc != SQLITE_ROW) {
		rc = rc == SQLITE_DONE ? PU_ENOTFOUND
				       : pu_sq_error(s, PU_ESTORE,
						     "reading a case");
		sqlite3_reset(q);
		return rc;
	}
	if ((c = calloc(1, sizeof(*c))) == NULL) {
		sqlite3_reset(q);
		return pu_error_set(PU_ENOMEM, "out of memory");
	}
	c->id = sqlite3_column_int64(q, 0);
	pu_sq_col_copy(c->code, sizeof(c->code), q, 1);
	pu_sq_col_copy(c->country, sizeof(c->country), q, 2);
	pu_sq_col_copy(c->centre, sizeof(c->centre), q, 3);
	pu_sq_col_copy(c->body, sizeof(c->body), q, 4);
	pu_sq_col_copy(c->std_country, sizeof(c->std_country), q, 5);
	pu_sq_col_copy(c->std_code, sizeof(c->std_code), q, 6);
	pu_sq_col_copy(c->candidate, sizeof(c->candidate), q, 7);
	c->state = (pu_case_state)sqlite3_column_int(q, 8);
	c->outcome = (pu_outcome)sqlite3_column_int(q, 9);
	c->reason = pu_sq_col_dup(q, 10);
	c->credential = pu_sq_col_dup(q, 11);
	c->recognition = sqlite3_column_int64(q, 12);
	c->appeal_account = sqlite3_column_int64(q, 13);
	c->appeal_assessor = pu_sq_col_dup(q, 14);
	c->appealed = sqlite3_column_int(q, 15) != 0;
	c->opened_at = sqlite3_column_int64(q, 16);
	c->state_at = sqlite3_column_int64(q, 17);
	sqlite3_reset(q);
	if (!c->reason || !c->credential || !c->appeal_assessor)
		rc = pu_error_set(PU_ENOMEM, "out of memory");
	else if ((rc = read_rows(s, QK_UNITS, c->id, "reading units",
				 (void **)&c->units, &c->nunits,
				 sizeof(*c->units), fill_unit)) == 0 &&
		 (rc = read_rows(s, QK_EVENTS, c->id, "reading events",
				 (void **)&c->events, &c->nevents,
				 sizeof(*c->events), fill_event)) == 0 &&
		 (rc = read_rows(s, QK_FEES, c->id, "reading fees",
				 (void **)&c->fees,
				 &c->nfees, sizeof(*c->fees), fill_fee)) == 0)
		rc = read_rows(s, QK_EVIDENCE, c->id, "reading evidence",
			       (void **)&c->evidence, &c->nevidence,
			       sizeof(*c->evidence), fill_evidence);
	if (rc < 0) {
		pu_case_free(c);
		return rc;
	}
	*out = c;
	return 0;
}

static int case_update(pu_store *st, const pu_case *c)
{
	sq_store *s = (sq_store *)st;
	sqlite3_stmt *q = stmt(s, QK_UPDATE);

	if (q == NULL)
		return pu_error_code();
	sqlite3_bind_int64(q, 1, c->id);
	sqlite3_bind_int(q, 2, (int)c->state);
	sqlite3_bind_int(q, 3, (int)c->outcome);
	pu_sq_bind_opt(q, 4, c->reason);
	pu_sq_bind_opt(q, 5, c->credential);
	if (c->appeal_account > 0)
		sqlite3_bind_int64(q, 6, c->appeal_account);
	pu_sq_bind_opt(q, 7, c->appeal_assessor);
	sqlite3_bind_int(q, 8, c->appealed ? 1 : 0);
	sqlite3_bind_int64(q, 9, c->state_at);
	if (c->recognition > 0)
		sqlite3_bind_int64(q, 10, c->recognition);
	return pu_sq_step_done(s, q, "updating a case");
}

static int case_list(pu_store *st, const char *country, const char *org,
		     int state, pu_case_row **out, size_t *n)
{
	sq_store *s = (sq_store *)st;
	sqlite3_stmt *q = stmt(s, state >= 0 ? QK_LIST_STATE : QK_LIST);
	pu_case_row *v = NULL;
	size_t cap = 0;
	int rc;

	*out = NULL;
	*n = 0;
	if (q == NULL)
		return pu_error_code();
	pu_sq_bind_text(q, 1, country);
	pu_sq_bind_text(q, 2, org);
	if (state >= 0)
		sqlite3_bind_int(q, 3, state);
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		pu_case_row *r;

		if ((rc = pu_sq_grow_heap((void **)&v, *n, &cap, sizeof(*v))) < 0)
			goto done;
		r = &v[(*n)++];
		pu_sq_col_copy(r->code, sizeof(r->code), q, 0);
		pu_sq_col_copy(r->country, sizeof(r->country), q, 1);
		pu_sq_col_copy(r->centre, sizeof(r->centre), q, 2);
		pu_sq_col_copy(r->std_country, sizeof(r->std_country), q, 3);
		pu_sq_col_copy(r->std_code, sizeof(r->std_code), q, 4);
		r->state = (pu_case_state)sqlite3_column_int(q, 5);
		r->outcome = (pu_outcome)sqlite3_column_int(q, 6);
		r->opened_at = sqlite3_column_int64(q, 7);
		r->state_at = sqlite3_column_int64(q, 8);
	}
	rc = rc == SQLITE_DONE ? 0 : pu_sq_error(s, PU_ESTORE, "listing cases");
done:
	sqlite3_reset(q);
	if (rc < 0) {
		free(v);
		*n = 0;
		return rc;
	}
	*out = v;
	return 0;
}

static int unit_put(pu_store *st, int64_t case_id, size_t ord,
		    const pu_case_unit *u)
{
	sq_store *s = (sq_store *)st;
	sqlite3_stmt *q = stmt(s, QK_UNIT_PUT);

	if (q == NULL)
		return pu_error_code();
	sqlite3_bind_int64(q, 1, case_id);
	sqlite3_bind_int64(q, 2, (sqlite3_int64)ord);
	pu_sq_bind_text(q, 3, u->code);
	sqlite3_bind_int(q, 4, u->credited);
	sqlite3_bind_int(q, 5, u->planned);
	sqlite3_bind_int(q, 6, u->self_assessed);
	pu_sq_bind_opt(q, 7, u->self_can_do);
	pu_sq_bind_opt(q, 8, u->self_where);
	sqlite3_bind_int(q, 9, u->self_months);
	sqlite3_bind_int(q, 10, (int)u->verdict);
	sqlite3_bind_int(q, 11, (int)u->method);
	if (u->account_id > 0)
		sqlite3_bind_int64(q, 12, u->account_id);
	pu_sq_bind_opt(q, 13, u->assessor);
	pu_sq_bind_opt(q, 14, u->notes);
	sqlite3_bind_int64(q, 15, u->assessed_at);
	sqlite3_bind_int(q, 16, u->round);
	return pu_sq_step_done(s, q, "writing a case unit");
}

static int assessment_insert(pu_store *st, int64_t case_id,
			     const pu_case_unit *u)
{
	sq_store *s = (sq_store *)st;
	sqlite3_stmt *q = stmt(s, QK_ASSESS_INS);

	if (q == NULL)
		return pu_error_code();
	sqlite3_bind_int64(q, 1, case_id);
	pu_sq_bind_text(q, 2, u->code);
	sqlite3_bind_int(q, 3, u->round);
	sqlite3_bind_int64(q, 4, u->account_id);
	pu_sq_bind_text(q, 5, u->assessor ? u->assessor : "");
	sqlite3_bind_int(q, 6, (int)u->method);
	sqlite3_bind_int(q, 7, (int)u->verdict);
	pu_sq_bind_opt(q, 8, u->notes);
	sqlite3_bind_int64(q, 9, u->assessed_at);
	return pu_sq_step_done(s, q, "recording an assessment");
}

static int event_insert(pu_store *st, int64_t case_id, const pu_case_event *e)
{
	sq_store *s = (sq_store *)st;
	sqlite3_stmt *q = stmt(s, QK_EVENT_INS);

	if (q == NULL)
		return pu_error_code();
	sqlite3_bind_int64(q, 1, case_id);
	sqlite3_bind_int64(q, 2, e->at);
	sqlite3_bind_int(q, 3, (int)e->from);
	sqlite3_bind_int(q, 4, (int)e->to);
	pu_sq_bind_text(q, 5, e->actor);
	pu_sq_bind_opt(q, 6, e->note);
	return pu_sq_step_done(s, q, "recording a transition");
}

static int fee_insert(pu_store *st, int64_t case_id, const pu_case_fee *f)
{
	sq_store *s = (sq_store *)st;
	sqlite3_stmt *q = stmt(s, QK_FEE_INS);

	if (q == NULL)
		return pu_error_code();
	sqlite3_bind_int64(q, 1, case_id);
	pu_sq_bind_text(q, 2, f->step);
	sqlite3_bind_int64(q, 3, f->amount);
	pu_sq_bind_text(q, 4, f->currency);
	sqlite3_bind_int(q, 5, (int)f->status);
	pu_sq_bind_opt(q, 6, f->reason);
	sqlite3_bind_int64(q, 7, f->at);
	return pu_sq_step_done(s, q, "recording a fee");
}

static int evidence_insert(pu_store *st, int64_t case_id,
			   const pu_case_evidence *e)
{
	sq_store *s = (sq_store *)st;
	sqlite3_stmt *q = stmt(s, QK_EVIDENCE_INS);

	if (q == NULL)
		return pu_error_code();
	sqlite3_bind_int64(q, 1, case_id);
	sqlite3_bind_int(q, 2, (int)e->kind);
	pu_sq_bind_opt(q, 3, e->unit);
	pu_sq_bind_opt(q, 4, e->sha256);
	pu_sq_bind_opt(q, 5, e->media_type);
	sqlite3_bind_int64(q, 6, e->size);
	pu_sq_bind_opt(q, 7, e->title);
	pu_sq_bind_opt(q, 8, e->body);
	sqlite3_bind_int64(q, 9, e->added_at);
	return pu_sq_step_done(s, q, "recording evidence");
}

static int pin_get(pu_store *st, const char *code, pu_pin_row *out)
{
	sq_store *s = (sq_store *)st;
	sqlite3_stmt *q = stmt(s, QK_PIN_GET);
	int rc;

	if (q == NULL)
		return pu_error_code();
	pu_sq_bind_text(q, 1, code);
	rc = sqlite3_step(q);
	if (rc == SQLITE_ROW) {
		out->case_id = sqlite3_column_int64(q, 0);
		pu_sq_col_copy(out->hash, sizeof(out->hash), q, 1);
		out->failures = sqlite3_column_int(q, 2);
		out->window = sqlite3_column_int64(q, 3);
		out->locked_until = sqlite3_column_int64(q, 4);
	}
	rc = rc == SQLITE_ROW	 ? 0
	     : rc == SQLITE_DONE ? PU_ENOTFOUND
				 : pu_sq_error(s, PU_ESTORE, "reading a PIN");
	sqlite3_reset(q);
	return rc;
}

static int pin_set(pu_store *st, const pu_pin_row *p)
{
	sq_store *s = (sq_store *)st;
	sqlite3_stmt *q = stmt(s, QK_PIN_SET);

	if (q == NULL)
		return pu_error_code();
	sqlite3_bind_int64(q, 1, p->case_id);
	sqlite3_bind_int(q, 2, p->failures);
	sqlite3_bind_int64(q, 3, p->window);
	sqlite3_bind_int64(q, 4, p->locked_until);
	return pu_sq_step_done(s, q, "counting a wrong PIN");
}

const pu_store_rpl_ops pu_sq_rpl_ops = {
	.org_insert = pu_sq_acc_org_insert,
	.org_get = pu_sq_acc_org_get,
	.org_list = pu_sq_acc_org_list,
	.org_withdraw = pu_sq_acc_org_withdraw,
	.scope_insert = pu_sq_acc_scope_insert,
	.scope_get = pu_sq_acc_scope_get,
	.scope_withdraw = pu_sq_acc_scope_withdraw,
	.scope_list = pu_sq_acc_scope_list,
	.candidate_insert = candidate_insert,
	.candidate_get = candidate_get,
	.candidate_erase = candidate_erase,
	.case_insert = case_insert,
	.case_get = case_get,
	.case_update = case_update,
	.case_list = case_list,
	.unit_put = unit_put,
	.assessment_insert = assessment_insert,
	.event_insert = event_insert,
	.fee_insert = fee_insert,
	.evidence_insert = evidence_insert,
	.pin_get = pin_get,
	.pin_set = pin_set,
	.recognition_insert = pu_sq_acc_recognition_insert,
	.recognition_get = pu_sq_acc_recognition_get,
	.recognition_list = pu_sq_acc_recognition_list,
};
