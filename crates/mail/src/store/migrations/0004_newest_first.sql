-- Newest first without sorting every match.
--
-- The full-text rows are keyed by date and id (`fts_key` in messages.rs: the date in the
-- high bits, the id in the low 31), so FTS5 hands out matches newest first and a search
-- stops after its first page. The index is rebuilt from its own content under the new
-- keys; rows whose message is gone are left behind.
CREATE VIRTUAL TABLE mail_fts_keyed USING fts5(
    sender, recipients, subject, body, attachments,
    tokenize = 'unicode61 remove_diacritics 2'
);
INSERT INTO mail_fts_keyed (rowid, sender, recipients, subject, body, attachments)
    SELECT (MAX(0, MIN(m.date, 4294967295)) << 31) | m.id,
           f.sender, f.recipients, f.subject, f.body, f.attachments
    FROM mail_fts f JOIN mail_messages m ON m.id = f.rowid;
DROP TABLE mail_fts;
ALTER TABLE mail_fts_keyed RENAME TO mail_fts;

-- Searches without words (`is:unread`, `has:attachment`, dates) walk the account's mail
-- newest first and stop after a page; the per-folder date index cannot serve that.
CREATE INDEX mail_messages_newest ON mail_messages (date DESC, id DESC);

-- "Which folders still lack bodies" (asked by every search with words): instant when
-- everything is local, instead of a scan of all messages.
CREATE INDEX mail_messages_missing_body ON mail_messages (folder_id)
    WHERE body_state = 0 AND uid IS NOT NULL AND hidden = 0;
