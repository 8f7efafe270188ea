//! The full-text index catching up with the store. Headers are stored without an
//! entry, and so are the bodies of a pass (`ParsedBodies::stage`): a message enters
//! the index once, here, after the pass, with its body text if the body is local. A
//! pass ends with this step, and a search first does a bounded part of it.
//!
//! Three stages, so that a large catch-up uses both cores: the rows waiting are read
//! from the database ([`MailStore::pending_index`]), their bodies are read from their
//! files and MIME-parsed without the database ([`PendingIndex::load`]), and the
//! entries are written in one transaction ([`MailStore::write_index`]). The sync runs
//! the second beside the third; [`MailStore::index_pending`] runs them one after the
//! other. The writer looks at each row again: one that changed meanwhile (deleted,
//! indexed with a body fetched since, its pack rewritten) is left as it is.

use crate::MailError;
use crate::envelope::{self, Content};
use crate::store::{BodyFiles, MailStore, fts_key, write_entry};
use rusqlite::{OptionalExtension, params};

/// Where the next batch starts: below this `(date, id)` (the order is newest first).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IndexCursor(i64, i64);

impl IndexCursor {
    /// Before the newest message.
    pub const START: IndexCursor = IndexCursor(i64::MAX, i64::MAX);
}

/// Messages waiting for their entry, with what the entry is made of that the
/// database holds.
#[derive(Debug, Default)]
pub struct PendingIndex(Vec<Pending>);

#[derive(Debug)]
struct Pending {
    id: i64,
    date: i64,
    sender: String,
    recipients: String,
    subject: String,
    body: PendingBody,
    /// The row's `(body_state, body_file, body_offset)` when it was read: the writer
    /// leaves a row that no longer has them.
    was: BodyColumns,
}

type BodyColumns = (bool, Option<String>, Option<i64>);

/// A pending message's body as the row named it when it was read.
#[derive(Debug)]
enum PendingBody {
    /// Still on the server: the entry has the header fields only.
    Remote,
    File {
        name: String,
        offset: u64,
        len: u64,
    },
    /// In `mail_bodies` (in-memory stores, bodies from before migration 0007).
    Blob(Vec<u8>),
}

/// A batch with its bodies parsed, ready for [`MailStore::write_index`].
#[derive(Debug, Default)]
pub struct LoadedIndex(Vec<Loaded>);

#[derive(Debug)]
struct Loaded {
    pending: Pending,
    content: Option<Content>,
    /// The body's file was missing or short (after a power loss): the body is marked
    /// missing, so the next pass fetches it again, and indexed without its text.
    lost: bool,
}

impl PendingIndex {
    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Where the batch after this one starts.
    pub fn cursor(&self) -> Option<IndexCursor> {
        self.0.last().map(|p| IndexCursor(p.date, p.id))
    }

    /// Reads and parses the local bodies (no database: the sync does this beside the
    /// writer). One body is held at a time: its text is kept, its bytes are not.
    pub fn load(self, files: Option<&BodyFiles>) -> Result<LoadedIndex, MailError> {
        let mut loaded = Vec::with_capacity(self.0.len());
        for pending in self.0 {
            let (content, lost) = match &pending.body {
                PendingBody::Remote => (None, false),
                PendingBody::Blob(raw) => (Some(envelope::parse_message(raw)), false),
                PendingBody::File { name, offset, len } => {
                    match files.map(|f| f.read(name, *offset, *len)).transpose()? {
                        Some(Some(raw)) => (Some(envelope::parse_message(&raw)), false),
                        _ => (None, true),
                    }
                }
            };
            loaded.push(Loaded {
                pending,
                content,
                lost,
            });
        }
        Ok(LoadedIndex(loaded))
    }
}

impl LoadedIndex {
    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl MailStore {
    /// How many of the account's messages have no full-text entry yet.
    pub fn unindexed_count(&self) -> Result<u64, MailError> {
        self.db().with_conn(|conn| {
            let n: i64 = conn
                .prepare_cached(
                    "SELECT COUNT(*) FROM mail_messages m INDEXED BY mail_messages_unindexed
                     WHERE m.unindexed = 1
                       AND m.folder_id IN (SELECT id FROM mail_folders WHERE account = ?1)",
                )?
                .query_row([self.account()], |r| r.get(0))?;
            Ok(n as u64)
        })
    }

    /// Up to `limit` messages without an entry, newest first (recent mail becomes
    /// searchable first), from `after` on.
    pub fn pending_index(
        &self,
        after: IndexCursor,
        limit: usize,
    ) -> Result<PendingIndex, MailError> {
        self.db().with_conn(|conn| {
            let rows = conn
                .prepare_cached(
                    "SELECT m.id, m.date, m.from_name || ' ' || m.from_addr, m.recipients,
                       m.subject, m.body_state, m.body_file, m.body_offset, m.size,
                       CASE WHEN m.body_state = 1 AND m.body_file IS NULL
                         THEN (SELECT raw FROM mail_bodies b WHERE b.message = m.id) END
                     FROM mail_messages m INDEXED BY mail_messages_unindexed
                     WHERE m.unindexed = 1 AND (m.date, m.id) < (?2, ?3)
                       AND m.folder_id IN (SELECT id FROM mail_folders WHERE account = ?1)
                     ORDER BY m.date DESC, m.id DESC LIMIT ?4",
                )?
                .query_map(
                    params![self.account(), after.0, after.1, limit as i64],
                    |r| {
                        let local: bool = r.get(5)?;
                        let file: Option<String> = r.get(6)?;
                        let offset: Option<i64> = r.get(7)?;
                        let blob: Option<Vec<u8>> = r.get(9)?;
                        let was = (local, file.clone(), offset);
                        let body = match (local, file, blob) {
                            (false, _, _) => PendingBody::Remote,
                            (true, Some(name), _) => PendingBody::File {
                                name,
                                offset: offset.unwrap_or(0) as u64,
                                len: r.get::<_, i64>(8)? as u64,
                            },
                            (true, None, Some(raw)) => PendingBody::Blob(raw),
                            // Marked local without bytes anywhere: indexed as if remote.
                            (true, None, None) => PendingBody::Remote,
                        };
                        Ok(Pending {
                            id: r.get(0)?,
                            date: r.get(1)?,
                            sender: r.get(2)?,
                            recipients: r.get(3)?,
                            subject: r.get(4)?,
                            body,
                            was,
                        })
                    },
                )?
                .collect::<Result<Vec<_>, _>>()?;
            Ok(PendingIndex(rows))
        })
    }

    /// Writes the entries of a loaded batch in one transaction: each message's text,
    /// and for a local body its preview and attachment names. Returns how many were
    /// written; a message that changed since it was read is left as it is.
    pub fn write_index(&self, loaded: &LoadedIndex) -> Result<usize, MailError> {
        let mut entries: Vec<&Loaded> = loaded.0.iter().collect();
        // In key order: FTS5 starts a new segment whenever a key is below the previous one.
        entries.sort_by_key(|l| fts_key(l.pending.date, l.pending.id));
        self.db().transaction(|tx| {
            let mut written = 0;
            for entry in entries {
                let p = &entry.pending;
                let now: Option<(bool, BodyColumns)> = tx
                    .prepare_cached(
                        "SELECT unindexed, body_state, body_file, body_offset
                         FROM mail_messages WHERE id = ?1",
                    )?
                    .query_row([p.id], |r| {
                        Ok((r.get(0)?, (r.get(1)?, r.get(2)?, r.get(3)?)))
                    })
                    .optional()?;
                if now != Some((true, p.was.clone())) {
                    continue;
                }
                if entry.lost {
                    tx.prepare_cached(
                        "UPDATE mail_messages SET body_state = 0, body_file = NULL,
                           body_offset = NULL WHERE id = ?1",
                    )?
                    .execute([p.id])?;
                }
                write_entry(
                    tx,
                    fts_key(p.date, p.id),
                    [&p.sender, &p.recipients, &p.subject],
                    entry.content.as_ref(),
                )?;
                match &entry.content {
                    Some(content) => tx
                        .prepare_cached(
                            "UPDATE mail_messages SET unindexed = 0, preview = ?2,
                               attachments = ?3, has_attachment = ?4 WHERE id = ?1",
                        )?
                        .execute(params![
                            p.id,
                            content.preview,
                            content.attachments.join("\n"),
                            !content.attachments.is_empty()
                        ])?,
                    None => tx
                        .prepare_cached("UPDATE mail_messages SET unindexed = 0 WHERE id = ?1")?
                        .execute([p.id])?,
                };
                written += 1;
            }
            Ok::<_, MailError>(written)
        })
    }

    /// Writes the entries of up to `limit` messages that have none yet, newest first,
    /// and returns how many (the three stages one after the other).
    pub fn index_pending(&self, limit: usize) -> Result<usize, MailError> {
        let pending = self.pending_index(IndexCursor::START, limit)?;
        if pending.is_empty() {
            return Ok(0);
        }
        let files = self.body_files();
        let loaded = pending.load(files.as_deref())?;
        self.write_index(&loaded)
    }
}
