-- Raw messages as files beside the database (store/bodies.rs): a row names its file;
-- bodies stored before stay in mail_bodies.
ALTER TABLE mail_messages ADD COLUMN body_file TEXT;
-- "Does any row still name this file?" before a file is removed (a local copy shares
-- its original's file).
CREATE INDEX mail_messages_body_file ON mail_messages (body_file)
    WHERE body_file IS NOT NULL;
-- Files that may be unnamed: staged ones until their row names them (staged_at: when,
-- so a file another process is about to record is left alone for an hour), and, with
-- staged_at 0, those of deleted rows and replaced bodies.
CREATE TABLE mail_dead_bodies (
    name TEXT PRIMARY KEY,
    staged_at INTEGER NOT NULL DEFAULT 0
);
CREATE TRIGGER mail_body_file_deleted AFTER DELETE ON mail_messages
    WHEN old.body_file IS NOT NULL
BEGIN
    INSERT OR REPLACE INTO mail_dead_bodies (name, staged_at) VALUES (old.body_file, 0);
END;
CREATE TRIGGER mail_body_file_replaced AFTER UPDATE OF body_file ON mail_messages
    WHEN old.body_file IS NOT NULL AND old.body_file IS NOT new.body_file
BEGIN
    INSERT OR REPLACE INTO mail_dead_bodies (name, staged_at) VALUES (old.body_file, 0);
END;
