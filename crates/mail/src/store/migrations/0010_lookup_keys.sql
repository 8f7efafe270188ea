-- Messages are looked up by Message-ID (threads, drafts), In-Reply-To (replies stored
-- before the message they answer) and sender address (whether the user has had mail
-- from someone) through 64-bit keys of those values (`store/keys.rs`) instead of
-- indexes of the text: the three text indexes were about half of the index work of
-- writing a header, and the key indexes are a third of their size. Every lookup still
-- compares the text, so a shared key never makes two values match.
ALTER TABLE mail_messages ADD COLUMN message_key INTEGER;
ALTER TABLE mail_messages ADD COLUMN reply_key INTEGER;
ALTER TABLE mail_messages ADD COLUMN sender_key INTEGER;
UPDATE mail_messages SET message_key = mail_text_key(message_id),
    reply_key = mail_text_key(in_reply_to), sender_key = mail_address_key(from_addr);
DROP INDEX mail_messages_message_id;
DROP INDEX mail_messages_in_reply_to;
DROP INDEX mail_messages_from_addr;
CREATE INDEX mail_messages_message_key ON mail_messages (message_key);
-- Most messages answer none: only replies are indexed.
CREATE INDEX mail_messages_reply_key ON mail_messages (reply_key) WHERE reply_key IS NOT NULL;
CREATE INDEX mail_messages_sender_key ON mail_messages (sender_key);
