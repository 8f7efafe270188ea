-- Full-text entries are no longer written with a message's headers: a message enters
-- the index once, when its body is stored, or in the indexing step at the end of a
-- pass if its body is still not local. Writing the header entry first and replacing it
-- when the body came cost three index writes per message and a third of the header
-- sync's time. Rows from before this migration are all indexed (default 0).
ALTER TABLE mail_messages ADD COLUMN unindexed INTEGER NOT NULL DEFAULT 0;
-- What the indexing step works through, newest first (recent mail becomes searchable
-- first); empty once the index has caught up.
CREATE INDEX mail_messages_unindexed ON mail_messages (date DESC, id DESC)
    WHERE unindexed = 1;
