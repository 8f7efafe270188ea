-- Writing and sending mail: drafts as the user types, the durable outbox, and the
-- identities (name, address, signature) an account sends as.

-- A draft per row, the whole compose state as JSON (compose::Draft). `server_uid` is
-- set once a copy is in the Drafts folder (replaced, found by message_id).
CREATE TABLE mail_drafts (
    id INTEGER PRIMARY KEY,
    account TEXT NOT NULL,
    message_id TEXT NOT NULL,
    data TEXT NOT NULL,
    updated_at INTEGER NOT NULL,
    -- The updated_at the server's copy was built from; NULL: never uploaded.
    uploaded_at INTEGER
);
CREATE INDEX mail_drafts_account ON mail_drafts (account);

-- The outbox. A message enters with its final bytes, before the first byte goes out,
-- and leaves only when filed in Sent (or when the user discards it).
-- state: queued -> submitting -> accepted -> (filed: the row is deleted)
--        submitting found dead after a restart and not in Sent -> uncertain
--        refused by the server (5xx) -> rejected
CREATE TABLE mail_outbox (
    id INTEGER PRIMARY KEY,
    account TEXT NOT NULL,
    state TEXT NOT NULL,
    message_id TEXT NOT NULL,
    subject TEXT NOT NULL DEFAULT '',
    envelope_from TEXT NOT NULL,
    -- JSON array of addresses (To, Cc and Bcc; Bcc is nowhere else).
    recipients TEXT NOT NULL,
    raw BLOB NOT NULL,
    -- The local message answered or forwarded (flagged once sent), JSON compose::Origin.
    origin TEXT,
    attempts INTEGER NOT NULL DEFAULT 0,
    last_error TEXT,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE INDEX mail_outbox_account ON mail_outbox (account, state);

CREATE TABLE mail_identities (
    id INTEGER PRIMARY KEY,
    account TEXT NOT NULL,
    name TEXT NOT NULL,
    email TEXT NOT NULL,
    signature TEXT NOT NULL DEFAULT '',
    reply_to TEXT,
    -- The first (lowest) is the default.
    position INTEGER NOT NULL DEFAULT 0,
    UNIQUE (account, email)
);
