-- Unread and total counts of a folder (asked whenever folders are listed, several
-- times per sync pass) from an index alone: without it every count read each message
-- row of the folder (about 100 ms per listing at 100,000 messages; 5 ms with it).
CREATE INDEX mail_messages_counts ON mail_messages (folder_id, hidden, seen);
