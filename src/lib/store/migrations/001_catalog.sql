-- Frameworks, referencing and the catalogue of standards.
-- Multilingual texts are JSON objects {"es": "...", "en": "..."}; lists of them
-- (knowledge items, alternative titles) are JSON too. Structure that is addressed
-- on its own (levels, units, elements, criteria) has its own table.

CREATE TABLE meta (
	key TEXT PRIMARY KEY,
	value TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE import_log (
	id INTEGER PRIMARY KEY,
	at TEXT NOT NULL,
	source TEXT NOT NULL,
	records INTEGER NOT NULL
);

CREATE TABLE framework (
	id INTEGER PRIMARY KEY,
	key TEXT NOT NULL UNIQUE,
	type TEXT NOT NULL CHECK (type IN ('national', 'regional', 'sectoral', 'scale')),
	country TEXT NOT NULL,
	short_name TEXT,
	owner TEXT,
	source TEXT,
	name TEXT NOT NULL,
	domains TEXT NOT NULL DEFAULT '[]'
);

CREATE TABLE level (
	id INTEGER PRIMARY KEY,
	framework_id INTEGER NOT NULL REFERENCES framework(id) ON DELETE CASCADE,
	rank INTEGER NOT NULL,
	code TEXT NOT NULL,
	name TEXT,
	notes TEXT,
	descriptors TEXT,
	UNIQUE (framework_id, code)
);

CREATE TABLE referencing (
	id INTEGER PRIMARY KEY,
	from_framework INTEGER NOT NULL REFERENCES framework(id) ON DELETE CASCADE,
	to_framework INTEGER NOT NULL REFERENCES framework(id) ON DELETE CASCADE,
	status TEXT NOT NULL CHECK (status IN ('official', 'proposed', 'illustrative')),
	source TEXT,
	UNIQUE (from_framework, to_framework)
);

CREATE TABLE referencing_level (
	referencing_id INTEGER NOT NULL REFERENCES referencing(id) ON DELETE CASCADE,
	ord INTEGER NOT NULL,
	from_level INTEGER NOT NULL REFERENCES level(id) ON DELETE CASCADE,
	to_level INTEGER NOT NULL REFERENCES level(id) ON DELETE CASCADE,
	PRIMARY KEY (referencing_id, from_level, to_level)
);
CREATE INDEX referencing_level_to ON referencing_level(to_level);
CREATE INDEX referencing_level_from ON referencing_level(from_level);

CREATE TABLE standard (
	id INTEGER PRIMARY KEY,
	country TEXT NOT NULL,
	code TEXT NOT NULL,
	version TEXT,
	kind TEXT NOT NULL CHECK (kind IN ('standard', 'qualification', 'occupation')),
	body TEXT,
	status TEXT NOT NULL CHECK (status IN ('active', 'draft', 'withdrawn', 'superseded')),
	valid_from TEXT,
	valid_to TEXT,
	superseded_by TEXT,
	language TEXT NOT NULL,
	title TEXT NOT NULL,
	alt_titles TEXT,
	description TEXT,
	level_id INTEGER REFERENCES level(id) ON DELETE RESTRICT,
	sector TEXT,
	sector_key TEXT,
	elective_groups TEXT,
	extra TEXT,
	updated_at TEXT NOT NULL,
	UNIQUE (country, code)
);
CREATE INDEX standard_level ON standard(level_id);

CREATE TABLE standard_code (
	standard_id INTEGER NOT NULL REFERENCES standard(id) ON DELETE CASCADE,
	ord INTEGER NOT NULL,
	scheme TEXT NOT NULL,
	code TEXT NOT NULL,
	national INTEGER NOT NULL DEFAULT 0,
	PRIMARY KEY (standard_id, ord)
);
CREATE INDEX standard_code_lookup ON standard_code(scheme, code);

CREATE TABLE unit (
	id INTEGER PRIMARY KEY,
	standard_id INTEGER NOT NULL REFERENCES standard(id) ON DELETE CASCADE,
	ord INTEGER NOT NULL,
	code TEXT NOT NULL,
	title TEXT NOT NULL,
	elective INTEGER NOT NULL DEFAULT 0,
	hours REAL,
	knowledge TEXT,
	evidence TEXT,
	UNIQUE (standard_id, ord)
);

CREATE TABLE element (
	id INTEGER PRIMARY KEY,
	unit_id INTEGER NOT NULL REFERENCES unit(id) ON DELETE CASCADE,
	ord INTEGER NOT NULL,
	code TEXT NOT NULL,
	title TEXT NOT NULL,
	UNIQUE (unit_id, ord)
);

CREATE TABLE criterion (
	id INTEGER PRIMARY KEY,
	element_id INTEGER NOT NULL REFERENCES element(id) ON DELETE CASCADE,
	ord INTEGER NOT NULL,
	code TEXT NOT NULL,
	type TEXT NOT NULL CHECK (type IN ('performance', 'product', 'knowledge')),
	text TEXT NOT NULL,
	UNIQUE (element_id, ord)
);

-- Folded text (NFKC, case folded, accents removed) for accent- and
-- case-insensitive search; rowid = standard.id.
CREATE VIRTUAL TABLE standard_fts USING fts5(
	code, title, body,
	tokenize = 'unicode61 remove_diacritics 2'
);

INSERT INTO meta (key, value) VALUES ('catalog_version', '0');
