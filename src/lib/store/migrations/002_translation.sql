-- Cache of machine translations, keyed by SHA-256 of (engine, from, to, text).
CREATE TABLE translation (
	key BLOB PRIMARY KEY,
	engine TEXT NOT NULL,
	src TEXT NOT NULL,
	dst TEXT NOT NULL,
	text TEXT NOT NULL
) WITHOUT ROWID;
