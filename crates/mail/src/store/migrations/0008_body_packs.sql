-- The bodies of a fetched batch share one file (store/bodies.rs): where in its file a
-- message's bytes start. NULL for files written before, which hold one message each.
ALTER TABLE mail_messages ADD COLUMN body_offset INTEGER;
