-- Official homologation agreements, and reviewers' confirmations of computed
-- suggestions (kept as agreements "confirmed-<src>-<dst>"). Entries name
-- standards by (country, code), not by row id: an agreement may name standards
-- of catalogues that are not loaded here. Texts and lists are JSON, as in
-- 001_catalog.sql.

CREATE TABLE agreement (
	id INTEGER PRIMARY KEY,
	key TEXT NOT NULL UNIQUE,
	title TEXT NOT NULL,
	parties TEXT NOT NULL,
	scope TEXT,
	legal_reference TEXT,
	source TEXT,
	valid_from TEXT,
	valid_to TEXT,
	updated_at TEXT NOT NULL
);

CREATE TABLE agreement_entry (
	agreement_id INTEGER NOT NULL REFERENCES agreement(id) ON DELETE CASCADE,
	ord INTEGER NOT NULL,
	source_country TEXT NOT NULL,
	source_code TEXT NOT NULL,
	dest_country TEXT NOT NULL,
	dest_code TEXT NOT NULL,
	equivalence TEXT NOT NULL CHECK (equivalence IN ('none', 'partial', 'full')),
	extra_units TEXT,
	conditions TEXT,
	valid_from TEXT,
	valid_to TEXT,
	confirmed_by TEXT,
	confirmed_at TEXT,
	PRIMARY KEY (agreement_id, ord)
);
-- What applies to a source standard; what a destination country recognises.
CREATE INDEX agreement_entry_source ON agreement_entry(source_country, source_code);
CREATE INDEX agreement_entry_dest ON agreement_entry(dest_country, dest_code);
