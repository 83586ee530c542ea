-- Recognition of prior learning: accreditation (centres, bodies, assessors
-- and their scope), candidates, cases with their units, assessments,
-- evidence, fees and transitions, and recognition decisions on foreign
-- certificates. Personal data lives only in `candidate` and in the free
-- texts of a case (self-assessment, evidence, notes); erasure wipes them and
-- keeps every other row, so statistics and the audit chain survive.

CREATE TABLE accredit_org (
	country TEXT NOT NULL,
	id TEXT NOT NULL,
	kind TEXT NOT NULL CHECK (kind IN ('centre', 'body')),
	name TEXT NOT NULL,
	created_at INTEGER NOT NULL,
	withdrawn_at INTEGER,
	withdrawn_reason TEXT,
	PRIMARY KEY (country, id)
) WITHOUT ROWID;

-- A grant of scope to an organisation (account_id NULL) or to an assessor
-- account of that organisation. pattern is a code or a prefix ending in '*'.
CREATE TABLE accredit_scope (
	id INTEGER PRIMARY KEY,
	country TEXT NOT NULL,
	org TEXT NOT NULL,
	account_id INTEGER REFERENCES account (id),
	std_country TEXT NOT NULL,
	pattern TEXT NOT NULL,
	valid_from TEXT NOT NULL,
	valid_to TEXT,
	granted_at INTEGER NOT NULL,
	withdrawn_at INTEGER,
	withdrawn_reason TEXT,
	FOREIGN KEY (country, org) REFERENCES accredit_org (country, id)
);
CREATE INDEX accredit_scope_org ON accredit_scope (country, org);
CREATE INDEX accredit_scope_account ON accredit_scope (account_id);

CREATE TABLE candidate (
	id TEXT PRIMARY KEY,
	country TEXT NOT NULL,
	centre TEXT NOT NULL,
	name TEXT,
	birth_year INTEGER,
	languages TEXT,
	contact TEXT,
	documents TEXT,       -- "kind:CC,kind:CC"
	assurance INTEGER NOT NULL,
	consent TEXT,
	consent_at INTEGER,
	salt TEXT,            -- mixed into audit digests; wiped on erasure
	created_at INTEGER NOT NULL,
	erased_at INTEGER
) WITHOUT ROWID;

CREATE TABLE rpl_case (
	id INTEGER PRIMARY KEY,
	code TEXT NOT NULL UNIQUE,
	country TEXT NOT NULL,
	centre TEXT NOT NULL,
	body TEXT NOT NULL,
	std_country TEXT NOT NULL,
	std_code TEXT NOT NULL,
	candidate TEXT NOT NULL REFERENCES candidate (id),
	state INTEGER NOT NULL,
	outcome INTEGER NOT NULL,
	reason TEXT,
	credential TEXT,
	recognition INTEGER,
	appeal_account INTEGER,
	appeal_assessor TEXT,
	appealed INTEGER NOT NULL DEFAULT 0,
	opened_at INTEGER NOT NULL,
	state_at INTEGER NOT NULL,
	pin TEXT NOT NULL,
	pin_failures INTEGER NOT NULL DEFAULT 0,
	pin_window INTEGER NOT NULL DEFAULT 0,
	pin_locked_until INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX rpl_case_centre ON rpl_case (country, centre, state);
CREATE INDEX rpl_case_candidate ON rpl_case (candidate);

CREATE TABLE rpl_case_unit (
	case_id INTEGER NOT NULL REFERENCES rpl_case (id),
	ord INTEGER NOT NULL,
	code TEXT NOT NULL,
	credited INTEGER NOT NULL,
	planned INTEGER NOT NULL,
	self_assessed INTEGER NOT NULL,
	self_can_do TEXT,
	self_where TEXT,
	self_months INTEGER NOT NULL,
	verdict INTEGER NOT NULL,
	method INTEGER NOT NULL,
	account_id INTEGER,
	assessor TEXT,
	notes TEXT,
	assessed_at INTEGER NOT NULL,
	round INTEGER NOT NULL,
	PRIMARY KEY (case_id, code)
) WITHOUT ROWID;

-- Every verdict ever recorded (the unit row holds the current one).
CREATE TABLE rpl_assessment (
	id INTEGER PRIMARY KEY,
	case_id INTEGER NOT NULL REFERENCES rpl_case (id),
	unit TEXT NOT NULL,
	round INTEGER NOT NULL,
	account_id INTEGER NOT NULL,
	assessor TEXT NOT NULL,
	method INTEGER NOT NULL,
	verdict INTEGER NOT NULL,
	notes TEXT,
	at INTEGER NOT NULL
);
CREATE INDEX rpl_assessment_case ON rpl_assessment (case_id);

CREATE TABLE rpl_event (
	id INTEGER PRIMARY KEY,
	case_id INTEGER NOT NULL REFERENCES rpl_case (id),
	at INTEGER NOT NULL,
	from_state INTEGER NOT NULL,
	to_state INTEGER NOT NULL,
	actor TEXT NOT NULL,
	note TEXT
);
CREATE INDEX rpl_event_case ON rpl_event (case_id);

CREATE TABLE rpl_fee (
	id INTEGER PRIMARY KEY,
	case_id INTEGER NOT NULL REFERENCES rpl_case (id),
	step TEXT NOT NULL,
	amount INTEGER NOT NULL,
	currency TEXT NOT NULL,
	status INTEGER NOT NULL,
	reason TEXT,
	at INTEGER NOT NULL
);
CREATE INDEX rpl_fee_case ON rpl_fee (case_id);

CREATE TABLE rpl_evidence (
	id INTEGER PRIMARY KEY,
	case_id INTEGER NOT NULL REFERENCES rpl_case (id),
	kind INTEGER NOT NULL,
	unit TEXT,
	sha256 TEXT,
	media_type TEXT,
	size INTEGER NOT NULL,
	title TEXT,
	body TEXT,
	added_at INTEGER NOT NULL,
	erased INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX rpl_evidence_case ON rpl_evidence (case_id);
CREATE INDEX rpl_evidence_sha ON rpl_evidence (sha256);

CREATE TABLE recognition (
	id INTEGER PRIMARY KEY,
	country TEXT NOT NULL,
	presented INTEGER NOT NULL,
	credential TEXT,
	origin_country TEXT NOT NULL,
	origin_code TEXT NOT NULL,
	std_country TEXT NOT NULL,
	std_code TEXT,
	outcome INTEGER NOT NULL,
	differences TEXT,
	gap_units TEXT,
	suggested INTEGER NOT NULL,
	case_code TEXT,
	candidate TEXT,
	actor TEXT NOT NULL,
	decided_at INTEGER NOT NULL
);
CREATE INDEX recognition_country ON recognition (country);
