-- Senders whose remote content (images from the internet) the user allowed always.
CREATE TABLE mail_remote_senders (
    account TEXT NOT NULL,
    -- Lower case.
    address TEXT NOT NULL,
    allowed_at INTEGER NOT NULL,
    PRIMARY KEY (account, address)
);

-- "Earlier correspondence": is there another message from this sender?
CREATE INDEX mail_messages_from_addr ON mail_messages (from_addr COLLATE NOCASE);
