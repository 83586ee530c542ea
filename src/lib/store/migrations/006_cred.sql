-- Credentials issued by this node and the status lists they point to
-- (include/puente/issue.h). No personal data: a credential is recorded by
-- its id, issuer, standard, list position, times and the SHA-256 of the
-- signed document; the holder is nowhere here.

-- A pair of W3C Bitstring Status Lists (revocation and suspension) of one
-- issuer DID, with the same size and the same index for a credential in
-- both. Indexes are handed out by a keyed permutation of a counter (used),
-- so they never repeat and do not tell the order of issue.
CREATE TABLE cred_list (
	id INTEGER PRIMARY KEY,
	issuer TEXT NOT NULL,           -- did:key of the signer
	revocation_url TEXT NOT NULL UNIQUE,
	suspension_url TEXT NOT NULL UNIQUE,
	size INTEGER NOT NULL,          -- entries (>= 131072)
	used INTEGER NOT NULL DEFAULT 0,-- entries handed out
	perm_key BLOB NOT NULL,         -- 16 bytes, the permutation's key
	revocation TEXT NOT NULL,       -- encodedList (u + base64url(gzip))
	suspension TEXT NOT NULL,
	revocation_vc TEXT,             -- the signed list credentials (JSON)
	suspension_vc TEXT,
	signed_at TEXT,                 -- YYYY-MM-DDTHH:MM:SSZ
	created_at TEXT NOT NULL
);
CREATE INDEX cred_list_issuer ON cred_list (issuer, id);

CREATE TABLE credential (
	id TEXT PRIMARY KEY,            -- the credential's id (urn:uuid:...)
	issuer TEXT NOT NULL,           -- did:key
	country TEXT NOT NULL,          -- scope: the certified standard's country
	standard TEXT NOT NULL,         -- CC/CODE ("" when not from the catalogue)
	list INTEGER NOT NULL REFERENCES cred_list (id),
	idx INTEGER NOT NULL,
	issued_at TEXT NOT NULL,        -- YYYY-MM-DDTHH:MM:SSZ
	valid_until TEXT,
	digest TEXT NOT NULL,           -- SHA-256 (hex) of the signed credential
	state TEXT NOT NULL DEFAULT 'active'
		CHECK (state IN ('active', 'revoked', 'suspended')),
	changed_at TEXT,
	UNIQUE (list, idx)
);
CREATE INDEX credential_issuer ON credential (issuer, issued_at);
CREATE INDEX credential_issued ON credential (issued_at);
