-- Accounts, sessions, API tokens, login throttling and the hash-chained audit
-- log (docs/design.md, "Accounts, roles and scope" and "Audit log"). Secrets
-- are never stored: passwords as Argon2id strings (crypto_pwhash_str), session
-- and API tokens as SHA-256 digests of the token. Times of sessions, tokens and
-- throttling are Unix seconds (UTC); audit times are ISO 8601 UTC text, as they
-- are part of the hashed entry.

CREATE TABLE account (
	id INTEGER PRIMARY KEY,
	name TEXT NOT NULL UNIQUE,
	role TEXT NOT NULL CHECK (role IN ('admin', 'authority', 'centre',
					   'assessor')),
	country TEXT,
	centre TEXT,
	password TEXT NOT NULL,
	disabled INTEGER NOT NULL DEFAULT 0,
	created_at INTEGER NOT NULL,
	password_at INTEGER NOT NULL
);

CREATE TABLE session (
	hash BLOB PRIMARY KEY,
	account_id INTEGER NOT NULL REFERENCES account(id) ON DELETE CASCADE,
	csrf TEXT NOT NULL,
	created_at INTEGER NOT NULL,
	seen_at INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX session_account ON session(account_id);

CREATE TABLE api_token (
	id INTEGER PRIMARY KEY,
	hash BLOB NOT NULL UNIQUE,
	account_id INTEGER NOT NULL REFERENCES account(id) ON DELETE CASCADE,
	label TEXT NOT NULL,
	created_at INTEGER NOT NULL,
	used_at INTEGER,
	revoked_at INTEGER
);
CREATE INDEX api_token_account ON api_token(account_id);

-- Failures are keyed by the name typed, whether or not an account has it, so
-- that a lockout says nothing about which names exist.
CREATE TABLE login_failure (
	name TEXT NOT NULL,
	at INTEGER NOT NULL
);
CREATE INDEX login_failure_name ON login_failure(name, at);
CREATE INDEX login_failure_at ON login_failure(at);

CREATE TABLE login_lock (
	name TEXT PRIMARY KEY,
	until INTEGER NOT NULL
) WITHOUT ROWID;

-- hash = SHA-256(prev || canonical entry), hex; prev of the first entry is 64
-- zeros. country is the scope of the entry (who may read it), or NULL.
CREATE TABLE audit (
	seq INTEGER PRIMARY KEY,
	at TEXT NOT NULL,
	actor_id INTEGER,
	actor TEXT NOT NULL,
	action TEXT NOT NULL,
	country TEXT,
	subject TEXT NOT NULL,
	digest TEXT NOT NULL,
	prev TEXT NOT NULL,
	hash TEXT NOT NULL
);
