-- The mail store of one profile (all accounts). The server is the truth for what it
-- has confirmed; local actions live in mail_journal until the server confirmed them.

CREATE TABLE mail_folders (
    id INTEGER PRIMARY KEY,
    account TEXT NOT NULL,
    -- The name on the wire (modified UTF-7), used in commands.
    name TEXT NOT NULL,
    -- The name for people (decoded), and its last path segment.
    display TEXT NOT NULL,
    delimiter TEXT,
    -- inbox, drafts, sent, trash, junk, archive; NULL for the others.
    role TEXT,
    subscribed INTEGER NOT NULL DEFAULT 0,
    selectable INTEGER NOT NULL DEFAULT 1,
    uidvalidity INTEGER,
    uidnext INTEGER,
    highestmodseq INTEGER,
    -- Every UID at or above this one is in mail_messages (headers). NULL until the first
    -- batch; 1 when the folder's headers are complete. Headers arrive newest first.
    complete_from INTEGER,
    -- The server's message count at the last sync (for progress and the fallback).
    server_total INTEGER NOT NULL DEFAULT 0,
    UNIQUE (account, name)
);

CREATE TABLE mail_messages (
    id INTEGER PRIMARY KEY,
    folder_id INTEGER NOT NULL REFERENCES mail_folders(id) ON DELETE CASCADE,
    -- NULL while a locally moved or copied message waits for its UID in this folder.
    uid INTEGER,
    modseq INTEGER NOT NULL DEFAULT 0,
    -- The flags the server last reported: the base of the three-way merge.
    server_flags TEXT NOT NULL DEFAULT '',
    -- The flags the user sees: server_flags with the journaled changes applied.
    flags TEXT NOT NULL DEFAULT '',
    seen INTEGER NOT NULL DEFAULT 0,
    flagged INTEGER NOT NULL DEFAULT 0,
    message_id TEXT,
    in_reply_to TEXT,
    refs TEXT NOT NULL DEFAULT '',
    thread_id INTEGER,
    subject TEXT NOT NULL DEFAULT '',
    from_name TEXT NOT NULL DEFAULT '',
    from_addr TEXT NOT NULL DEFAULT '',
    -- To and Cc as "Name <addr>" lines.
    recipients TEXT NOT NULL DEFAULT '',
    date INTEGER NOT NULL DEFAULT 0,
    size INTEGER NOT NULL DEFAULT 0,
    has_attachment INTEGER NOT NULL DEFAULT 0,
    attachments TEXT NOT NULL DEFAULT '',
    preview TEXT NOT NULL DEFAULT '',
    -- 0: headers only; 1: the complete raw message is in mail_bodies.
    body_state INTEGER NOT NULL DEFAULT 0,
    -- 1: moved away or deleted locally; shown nowhere, gone once the server confirms.
    hidden INTEGER NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX mail_messages_uid ON mail_messages (folder_id, uid);
CREATE INDEX mail_messages_date ON mail_messages (folder_id, date DESC);
CREATE INDEX mail_messages_message_id ON mail_messages (message_id);
CREATE INDEX mail_messages_in_reply_to ON mail_messages (in_reply_to);
CREATE INDEX mail_messages_thread ON mail_messages (thread_id);

-- The raw message, written in the same transaction that marks it complete.
CREATE TABLE mail_bodies (
    message INTEGER PRIMARY KEY REFERENCES mail_messages(id) ON DELETE CASCADE,
    raw BLOB NOT NULL
);

-- Full-text index; rowid = mail_messages.id. remove_diacritics 2 lets "Muller" find
-- "Müller".
CREATE VIRTUAL TABLE mail_fts USING fts5(
    sender, recipients, subject, body, attachments,
    tokenize = 'unicode61 remove_diacritics 2'
);

-- Local actions not yet confirmed by the server, replayed in id order.
CREATE TABLE mail_journal (
    id INTEGER PRIMARY KEY,
    account TEXT NOT NULL,
    -- flags, move, copy, expunge
    kind TEXT NOT NULL,
    folder_id INTEGER NOT NULL,
    -- The folder's UIDVALIDITY when the action was taken: a UID from another
    -- UIDVALIDITY is never used; the message is found again by its Message-ID.
    uidvalidity INTEGER,
    uid INTEGER,
    message_id TEXT,
    -- The local row the action concerns (for move/copy: the new row in the target).
    message INTEGER,
    target_folder_id INTEGER,
    add_flags TEXT NOT NULL DEFAULT '',
    remove_flags TEXT NOT NULL DEFAULT '',
    -- 1 once a command for it may have reached the server (a crash may follow).
    attempted INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL
);
CREATE INDEX mail_journal_folder ON mail_journal (folder_id);

-- Things the user should know about that happened during sync (e.g. an action that
-- could not be applied after the server reset a folder).
CREATE TABLE mail_notices (
    id INTEGER PRIMARY KEY,
    account TEXT NOT NULL,
    code TEXT NOT NULL,
    details TEXT NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE INDEX mail_journal_message ON mail_journal (message);
