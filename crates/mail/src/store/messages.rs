//! Messages: what sync writes (headers, flags, bodies, expunges) and what the list,
//! the reader and the CLI read.

use super::bodies::{self, BodyFiles};
use super::keys;
use super::threads::{StoredKeys, Threads};
use super::{MailStore, MessageDetail, MessageSummary};
use crate::envelope::{self, Envelope};
use crate::{MailError, flags};
use rusqlite::{OptionalExtension, Row, Transaction, params};
use std::collections::BTreeSet;

/// One message's header fields and server state from a header FETCH.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FetchedHeader {
    pub uid: u32,
    pub flags: BTreeSet<String>,
    pub modseq: u64,
    pub size: u32,
    /// Unix seconds of INTERNALDATE (used when the Date header is missing).
    pub internal_date: i64,
    pub header: Vec<u8>,
}

/// A header batch parsed and put in the order it is written, ready for
/// [`MailStore::apply_parsed_headers`]. Parsing needs no database, so the sync does it
/// beside the writer (which is the slowest stage of a large sync).
#[derive(Debug, Default)]
pub struct ParsedHeaders(Vec<(FetchedHeader, Envelope)>);

impl ParsedHeaders {
    /// Inserted oldest first: a message's index key grows with its date, and FTS5 starts
    /// a new segment whenever a key is below the previous one (ties keep UID order). A
    /// UID answered twice (a confused server) is kept once: the later answer.
    pub fn parse(batch: Vec<FetchedHeader>) -> ParsedHeaders {
        let mut parsed: Vec<(FetchedHeader, Envelope)> = batch
            .into_iter()
            .map(|fetched| {
                let mut env = envelope::parse_headers(&fetched.header);
                if env.date == 0 {
                    env.date = fetched.internal_date;
                }
                (fetched, env)
            })
            .collect();
        parsed.reverse();
        parsed.sort_by_key(|(fetched, _)| fetched.uid);
        parsed.dedup_by_key(|(fetched, _)| fetched.uid);
        parsed.sort_by_key(|(_, env)| env.date);
        ParsedHeaders(parsed)
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Adds a batch of other UIDs (the next window), to be written with this one.
    pub fn append(&mut self, mut later: ParsedHeaders) {
        self.0.append(&mut later.0);
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// Fetched bodies, with their MIME parse (text, preview, attachment names) or without
/// one (indexed later), ready for [`MailStore::store_parsed_bodies`].
#[derive(Debug, Default)]
pub struct ParsedBodies(Vec<(u32, RawBody, Option<envelope::Content>)>);

/// Where a fetched message's bytes are until the store records them.
#[derive(Debug)]
enum RawBody {
    Memory(Vec<u8>),
    /// Written under this name to the staging directory of [`BodyFiles`], at `offset`
    /// (the bodies of a batch share one file).
    Staged {
        name: String,
        offset: u64,
        len: u64,
    },
}

impl RawBody {
    fn len(&self) -> u64 {
        match self {
            RawBody::Memory(bytes) => bytes.len() as u64,
            RawBody::Staged { len, .. } => *len,
        }
    }
}

impl ParsedBodies {
    /// Parses `(uid, raw)` bodies, keeping the bytes in memory.
    pub fn parse(bodies: Vec<(u32, Vec<u8>)>) -> ParsedBodies {
        ParsedBodies(
            bodies
                .into_iter()
                .map(|(uid, raw)| {
                    let content = envelope::parse_message(&raw);
                    (uid, RawBody::Memory(raw), Some(content))
                })
                .collect(),
        )
    }

    /// Parses the bodies and, where the store keeps files, writes them into one file
    /// in its staging directory on this thread (the sync's parse stage), so that the
    /// database writer only records names. Stored, they are searchable at once.
    pub fn parse_and_stage(
        bodies: Vec<(u32, Vec<u8>)>,
        files: Option<&BodyFiles>,
    ) -> Result<ParsedBodies, MailError> {
        Self::staged(bodies, files, true)
    }

    /// Writes the bodies to their file without parsing them: stored, they are local
    /// (readable offline) but enter the search index, with their preview and
    /// attachment names, only in the indexing step after the pass
    /// ([`MailStore::index_pending`]). What a full sync does: the download is not
    /// held up by the parse and index work, which is about half of its CPU.
    pub fn stage(
        bodies: Vec<(u32, Vec<u8>)>,
        files: Option<&BodyFiles>,
    ) -> Result<ParsedBodies, MailError> {
        Self::staged(bodies, files, false)
    }

    fn staged(
        bodies: Vec<(u32, Vec<u8>)>,
        files: Option<&BodyFiles>,
        parse: bool,
    ) -> Result<ParsedBodies, MailError> {
        let content = |raw: &[u8]| parse.then(|| envelope::parse_message(raw));
        let Some(files) = files else {
            let kept = bodies
                .into_iter()
                .map(|(uid, raw)| {
                    let content = content(&raw);
                    (uid, RawBody::Memory(raw), content)
                })
                .collect();
            return Ok(ParsedBodies(kept));
        };
        if bodies.is_empty() {
            return Ok(ParsedBodies::default());
        }
        let (name, offsets) = files.stage(bodies.iter().map(|(_, raw)| raw.as_slice()))?;
        let staged = bodies
            .into_iter()
            .zip(offsets)
            .map(|((uid, raw), offset)| {
                let body = RawBody::Staged {
                    name: name.clone(),
                    offset,
                    len: raw.len() as u64,
                };
                (uid, body, content(&raw))
            })
            .collect();
        Ok(ParsedBodies(staged))
    }
}

/// A body as [`record_body`] records it: bytes for the blob table, or a file and
/// where in it the body starts.
enum BodyRef<'a> {
    Blob(&'a [u8]),
    File(&'a str, u64),
}

impl MailStore {
    /// Stores a batch of newly fetched headers in one transaction and returns how many
    /// messages are new. A UID already known only gets its flags updated; a row that
    /// waits for its UID after a local move or copy adopts it (matched by Message-ID).
    ///
    /// `progress`, when given, is the folder's sync state that this batch completes; it
    /// is written in the same transaction, so the state never claims more than is stored.
    pub fn apply_header_batch(
        &self,
        folder_id: i64,
        batch: &[FetchedHeader],
        progress: Option<super::FolderState>,
    ) -> Result<usize, MailError> {
        self.apply_parsed_headers(folder_id, &ParsedHeaders::parse(batch.to_vec()), progress)
    }

    /// [`MailStore::apply_header_batch`] of a batch parsed beforehand.
    pub fn apply_parsed_headers(
        &self,
        folder_id: i64,
        parsed: &ParsedHeaders,
        progress: Option<super::FolderState>,
    ) -> Result<usize, MailError> {
        self.write_headers(folder_id, parsed, progress, None)
    }

    /// One window of a folder's first sync, of many: [`MailStore::apply_parsed_headers`]
    /// with the store's Message-ID keys kept in `stored` from window to window, so the
    /// threading asks only for IDs that some stored message may have.
    pub fn apply_header_window(
        &self,
        folder_id: i64,
        parsed: &ParsedHeaders,
        progress: super::FolderState,
        stored: &mut StoredKeys,
    ) -> Result<usize, MailError> {
        self.write_headers(folder_id, parsed, Some(progress), Some(stored))
    }

    fn write_headers(
        &self,
        folder_id: i64,
        parsed: &ParsedHeaders,
        progress: Option<super::FolderState>,
        stored: Option<&mut StoredKeys>,
    ) -> Result<usize, MailError> {
        let parsed = &parsed.0;
        let uids = parsed.iter().map(|(fetched, _)| fetched.uid);
        let (lowest, highest) = (uids.clone().min(), uids.max());
        self.db.transaction(|tx| {
            let mut next_id: i64 = tx
                .prepare_cached("SELECT COALESCE(MAX(id), 0) + 1 FROM mail_messages")?
                .query_row([], |r| r.get(0))?;
            // Before this batch changes anything (ids are handed out above the highest:
            // about the number of stored rows).
            let mut stored = match stored {
                Some(stored) => stored.bring_up_to_date(tx, next_id as u64)?.then_some(stored),
                None => None,
            };
            if let Some(state) = progress {
                tx.prepare_cached(
                    "UPDATE mail_folders SET uidvalidity = ?2, uidnext = ?3, complete_from = ?4 WHERE id = ?1",
                )?
                .execute(params![folder_id, state.uidvalidity, state.uidnext, state.complete_from])?;
            }
            let (Some(lowest), Some(highest)) = (lowest, highest) else {
                if let Some(stored) = stored {
                    stored.written(tx)?;
                }
                return Ok(0);
            };
            let pending = has_pending_flags(tx, &self.account)?;
            // A window of older headers holds no known UID and the folder rarely a
            // placeholder: one question each per batch instead of two per message.
            let known: bool = tx
                .prepare_cached(
                    "SELECT EXISTS (SELECT 1 FROM mail_messages
                     WHERE folder_id = ?1 AND uid BETWEEN ?2 AND ?3)",
                )?
                .query_row(params![folder_id, lowest, highest], |r| r.get(0))?;
            let placeholders: bool = tx
                .prepare_cached(
                    "SELECT EXISTS (SELECT 1 FROM mail_messages WHERE folder_id = ?1 AND uid IS NULL)",
                )?
                .query_row([folder_id], |r| r.get(0))?;
            let envelopes = parsed.iter().map(|(_, env)| env);
            let mut threads = Threads::prefetch(tx, &self.account, envelopes, stored.as_deref())?;
            let mut added = 0;
            for (fetched, env) in parsed {
                if known
                    && update_flags(tx, folder_id, fetched.uid, &fetched.flags, fetched.modseq, pending)?
                {
                    continue;
                }
                if placeholders && adopt_placeholder(tx, folder_id, fetched, env)? {
                    continue;
                }
                if let Some(stored) = stored.as_deref_mut() {
                    stored.add(env);
                }
                insert(tx, folder_id, fetched, env, next_id, &mut threads)?;
                next_id += 1;
                added += 1;
            }
            if let Some(stored) = stored {
                stored.written(tx)?;
            }
            Ok::<_, MailError>(added)
        })
    }

    /// New server flags for known UIDs (from CONDSTORE/QRESYNC or a full flag fetch).
    pub fn apply_flags(
        &self,
        folder_id: i64,
        updates: &[(u32, BTreeSet<String>, u64)],
    ) -> Result<(), MailError> {
        self.db.transaction(|tx| {
            let pending = has_pending_flags(tx, &self.account)?;
            for (uid, server, modseq) in updates {
                update_flags(tx, folder_id, *uid, server, *modseq, pending)?;
            }
            Ok::<_, MailError>(())
        })
    }

    /// Messages the server expunged.
    pub fn remove_uids(&self, folder_id: i64, uids: &[u32]) -> Result<usize, MailError> {
        self.db.transaction(|tx| {
            let mut removed = 0;
            for uid in uids {
                let id: Option<i64> = tx
                    .prepare_cached(
                        "SELECT id FROM mail_messages WHERE folder_id = ?1 AND uid = ?2",
                    )?
                    .query_row(params![folder_id, uid], |r| r.get(0))
                    .optional()?;
                if let Some(id) = id {
                    delete_row(tx, id)?;
                    removed += 1;
                }
            }
            Ok::<_, MailError>(removed)
        })
    }

    /// How many messages with a UID the store holds for a folder (hidden ones too: the
    /// server still has them until the journal is replayed).
    pub fn count_uids(&self, folder_id: i64) -> Result<u32, MailError> {
        self.db.with_conn(|conn| {
            Ok(conn
                .prepare_cached(
                    "SELECT COUNT(*) FROM mail_messages WHERE folder_id = ?1 AND uid IS NOT NULL",
                )?
                .query_row([folder_id], |r| r.get(0))?)
        })
    }

    /// Local ids of UIDs in a folder (those the store holds).
    pub fn ids_for_uids(&self, folder_id: i64, uids: &[u32]) -> Result<Vec<i64>, MailError> {
        self.db.with_conn(|conn| {
            let mut stmt = conn.prepare_cached(
                "SELECT id FROM mail_messages WHERE folder_id = ?1 AND uid = ?2 AND hidden = 0",
            )?;
            let mut ids = Vec::new();
            for uid in uids {
                if let Some(id) = stmt
                    .query_row(params![folder_id, uid], |r| r.get(0))
                    .optional()?
                {
                    ids.push(id);
                }
            }
            Ok(ids)
        })
    }

    /// Unread messages of a folder from `uid` up, newest first (what just arrived).
    pub fn unread_since(
        &self,
        folder_id: i64,
        uid: u32,
        limit: usize,
    ) -> Result<Vec<MessageSummary>, MailError> {
        self.db.with_conn(|conn| {
            let mut stmt = conn.prepare_cached(&format!(
                "{SUMMARY_COLUMNS} FROM mail_messages m WHERE m.folder_id = ?1 AND m.uid >= ?2
                   AND m.seen = 0 AND m.hidden = 0 ORDER BY m.uid DESC LIMIT ?3"
            ))?;
            let rows = stmt
                .query_map(params![folder_id, uid, limit as i64], summary_row)?
                .collect::<Result<Vec<_>, _>>()?;
            Ok(rows)
        })
    }

    /// The UIDs held for a folder, ascending.
    pub fn uids(&self, folder_id: i64) -> Result<Vec<u32>, MailError> {
        self.db.with_conn(|conn| {
            let mut stmt = conn.prepare_cached(
                "SELECT uid FROM mail_messages WHERE folder_id = ?1 AND uid IS NOT NULL ORDER BY uid",
            )?;
            let uids = stmt
                .query_map([folder_id], |r| r.get(0))?
                .collect::<Result<Vec<u32>, _>>()?;
            Ok(uids)
        })
    }

    /// Messages of a folder whose body is not local, newest first: `(uid, size)`.
    /// Hidden messages (moved or deleted here, not yet on the server) are left out.
    pub fn missing_bodies(
        &self,
        folder_id: i64,
        limit: usize,
        since: Option<i64>,
        max_size: Option<u32>,
    ) -> Result<Vec<(u32, u32)>, MailError> {
        self.db.with_conn(|conn| {
            // Asked by every pass for every folder: the partial index holds only the
            // messages without a body (none once all are local); left to itself the
            // planner walks the folder's date index (50 ms on 100,000 messages).
            let mut stmt = conn.prepare_cached(
                "SELECT uid, size FROM mail_messages INDEXED BY mail_messages_missing_body
                 WHERE folder_id = ?1 AND uid IS NOT NULL AND body_state = 0 AND hidden = 0
                   AND date >= ?2 AND size <= ?4 ORDER BY uid DESC LIMIT ?3",
            )?;
            let rows = stmt
                .query_map(
                    params![
                        folder_id,
                        since.unwrap_or(i64::MIN),
                        limit as i64,
                        max_size.unwrap_or(u32::MAX)
                    ],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )?
                .collect::<Result<Vec<_>, _>>()?;
            Ok(rows)
        })
    }

    /// Stores complete message bodies (each arrived as a whole IMAP literal: a message
    /// cut off in transfer fails the whole batch before anything is written) and returns
    /// how many were stored. A size that differs from RFC822.SIZE is corrected: some
    /// servers count line endings differently.
    pub fn store_bodies(
        &self,
        folder_id: i64,
        bodies: &[(u32, Vec<u8>)],
    ) -> Result<usize, MailError> {
        self.store_parsed_bodies(folder_id, &ParsedBodies::parse(bodies.to_vec()))
    }

    /// [`MailStore::store_bodies`] of bodies parsed beforehand. Where the store keeps
    /// files, each is placed (renamed out of staging) before the transaction that
    /// names it; see `bodies.rs` for why a kill anywhere leaves nothing unfound.
    pub fn store_parsed_bodies(
        &self,
        folder_id: i64,
        parsed: &ParsedBodies,
    ) -> Result<usize, MailError> {
        let parsed = &parsed.0;
        let files = self.files.as_deref();
        // Bodies handed over in memory go into one file here when the store keeps
        // files (the sync stages its own beside the writer).
        let in_memory = parsed.iter().filter_map(|(_, raw, _)| match raw {
            RawBody::Memory(bytes) => Some(bytes.as_slice()),
            RawBody::Staged { .. } => None,
        });
        let mut staged_here = match files {
            Some(files)
                if parsed
                    .iter()
                    .any(|(_, raw, _)| matches!(raw, RawBody::Memory(_))) =>
            {
                let (name, offsets) = files.stage(in_memory)?;
                Some((name, offsets.into_iter()))
            }
            _ => None,
        };
        let places: Vec<Option<(String, u64)>> = parsed
            .iter()
            .map(|(_, raw, _)| match raw {
                RawBody::Staged { name, offset, .. } => Some((name.clone(), *offset)),
                RawBody::Memory(_) => staged_here
                    .as_mut()
                    .and_then(|(name, offsets)| Some((name.clone(), offsets.next()?))),
            })
            .collect();
        let mut names: Vec<&str> = places.iter().flatten().map(|(n, _)| n.as_str()).collect();
        names.sort_unstable();
        names.dedup();
        if let Some(files) = files
            && !names.is_empty()
        {
            self.list_and_place(files, &names)?;
        }
        let stored = self.db.transaction(|tx| {
            let mut rows = Vec::with_capacity(parsed.len());
            // Files holding a body whose message went meanwhile.
            let mut gone = std::collections::HashSet::new();
            for ((uid, raw, content), place) in parsed.iter().zip(&places) {
                let row: Option<BodyTarget> = tx
                    .prepare_cached(
                        "SELECT id, size, date, from_name || ' ' || from_addr, recipients, subject
                         FROM mail_messages WHERE folder_id = ?1 AND uid = ?2",
                    )?
                    .query_row(params![folder_id, uid], |r| {
                        Ok(BodyTarget {
                            id: r.get(0)?,
                            size: r.get(1)?,
                            key: fts_key(r.get(2)?, r.get(0)?),
                            sender: r.get(3)?,
                            recipients: r.get(4)?,
                            subject: r.get(5)?,
                        })
                    })
                    .optional()?;
                let body = match (raw, place) {
                    (_, Some((name, offset))) => BodyRef::File(name, *offset),
                    (RawBody::Memory(bytes), None) => BodyRef::Blob(bytes),
                    (RawBody::Staged { .. }, None) => unreachable!("a staged body has a name"),
                };
                match row {
                    Some(row) => rows.push((row, *uid, body, raw.len(), content)),
                    None => {
                        if let Some((name, _)) = place {
                            gone.insert(name.as_str());
                        }
                    }
                }
            }
            // FTS5 writes its pending terms out as a new segment whenever a row's key is
            // below the previous one; bodies come newest first, so in arrival order every
            // row would start a segment (three times the cost of the index).
            rows.sort_by_key(|(row, ..)| row.key);
            // The rows first, the index entries after them: FTS5 also writes its pending
            // terms out at every statement savepoint, and an UPDATE of a message's body
            // file opens one (its trigger and foreign keys may abort it). Interleaved,
            // every body became a segment of its own, written and merged again — half
            // of the writer's time in a full sync.
            for (row, uid, body, len, content) in &rows {
                if u64::from(row.size) != *len {
                    tracing::debug!(
                        folder_id,
                        uid,
                        size = row.size,
                        got = len,
                        "RFC822.SIZE differs from the body"
                    );
                    tx.prepare_cached("UPDATE mail_messages SET size = ?2 WHERE id = ?1")?
                        .execute(params![row.id, *len as i64])?;
                }
                record_body(tx, row, body, content.as_ref())?;
            }
            // The files are named now. One that also holds the body of a message that
            // went meanwhile stays listed as dead: the cleanup removes it if no row names
            // it, or looks at it as a pack with room to reclaim.
            for name in &names {
                let sql = if gone.contains(name) {
                    "UPDATE mail_dead_bodies SET staged_at = 0 WHERE name = ?1"
                } else {
                    "DELETE FROM mail_dead_bodies WHERE name = ?1"
                };
                tx.prepare_cached(sql)?.execute([name])?;
            }
            for (row, _, _, _, content) in &rows {
                if let Some(content) = content {
                    index_body(tx, row, content)?;
                }
            }
            Ok::<_, MailError>(rows.len())
        })?;
        self.remove_dead_files()?;
        Ok(stored)
    }

    /// Moves staged files to their places, each listed in `mail_dead_bodies` with the
    /// time first: until the transaction that names a file takes it off the list, a
    /// kill leaves nothing that the cleanup would not find (see `bodies.rs`).
    fn list_and_place(&self, files: &BodyFiles, names: &[&str]) -> Result<(), MailError> {
        let staged_at = bodies::now();
        self.db.transaction(|tx| {
            for name in names {
                tx.prepare_cached(
                    "INSERT OR REPLACE INTO mail_dead_bodies (name, staged_at) VALUES (?1, ?2)",
                )?
                .execute(params![name, staged_at])?;
            }
            Ok::<_, MailError>(())
        })?;
        for name in names {
            files.place(name)?;
        }
        Ok(())
    }

    /// Removes the files no row names any more (deleted messages, replaced bodies,
    /// files staged by a batch or process that died before recording them) and
    /// rewrites packs that are mostly dead; returns how many files went.
    pub fn collect_dead_bodies(&self) -> Result<usize, MailError> {
        let Some(files) = self.files.as_deref() else {
            return Ok(0);
        };
        Ok(files.sweep_staging()? + self.remove_dead_files()?)
    }

    /// The files of `mail_dead_bodies` that no row names (without the look into the
    /// staging directory: after each body batch), and a look at the packs that lost a
    /// message but are still named.
    fn remove_dead_files(&self) -> Result<usize, MailError> {
        let Some(files) = self.files.as_deref() else {
            return Ok(0);
        };
        let cutoff = bodies::now() - bodies::STAGED_LIFETIME.as_secs() as i64;
        let still_named: Vec<String> = self.db.transaction(|tx| {
            // Still named by a row (the rest of a pack, or a local copy sharing its
            // original's file): not dead.
            const NAMED: &str = "staged_at < ?1 AND EXISTS
                (SELECT 1 FROM mail_messages m WHERE m.body_file = mail_dead_bodies.name)";
            let names = tx
                .prepare_cached(&format!("SELECT name FROM mail_dead_bodies WHERE {NAMED}"))?
                .query_map([cutoff], |r| r.get(0))?
                .collect::<Result<Vec<String>, _>>()?;
            tx.prepare_cached(&format!("DELETE FROM mail_dead_bodies WHERE {NAMED}"))?
                .execute([cutoff])?;
            Ok::<_, MailError>(names)
        })?;
        let mut removed = self.remove_unnamed_files(files, cutoff)?;
        for pack in &still_named {
            if self.compact_pack(files, pack)? {
                removed += self.remove_unnamed_files(files, cutoff)?;
            }
        }
        Ok(removed)
    }

    /// Removes the listed files that no row names; returns how many.
    fn remove_unnamed_files(&self, files: &BodyFiles, cutoff: i64) -> Result<usize, MailError> {
        let names: Vec<String> = self.db.with_conn(|conn| {
            let names = conn
                .prepare_cached(
                    "SELECT name FROM mail_dead_bodies WHERE staged_at < ?1 AND NOT EXISTS
                       (SELECT 1 FROM mail_messages m WHERE m.body_file = mail_dead_bodies.name)",
                )?
                .query_map([cutoff], |r| r.get(0))?
                .collect::<Result<Vec<String>, _>>()?;
            Ok::<_, MailError>(names)
        })?;
        if names.is_empty() {
            return Ok(0);
        }
        for name in &names {
            files.remove(name)?;
        }
        self.db.transaction(|tx| {
            for name in &names {
                tx.prepare_cached("DELETE FROM mail_dead_bodies WHERE name = ?1")?
                    .execute([name])?;
            }
            Ok::<_, MailError>(())
        })?;
        Ok(names.len())
    }

    /// Rewrites a pack of which less than half still belongs to a message: its live
    /// bodies go into a new file (staged, listed, placed and then named, as a fetched
    /// batch), and the old file is listed as dead by the rows leaving it. Returns
    /// whether it did; a pack found damaged is left to the reads that mark its bodies
    /// missing.
    fn compact_pack(&self, files: &BodyFiles, name: &str) -> Result<bool, MailError> {
        let mut ranges: Vec<(u64, u64)> = self.db.with_conn(|conn| {
            let ranges = conn
                .prepare_cached(
                    "SELECT DISTINCT COALESCE(body_offset, 0), size FROM mail_messages
                     WHERE body_file = ?1",
                )?
                .query_map([name], |r| {
                    Ok((r.get::<_, i64>(0)? as u64, r.get::<_, i64>(1)? as u64))
                })?
                .collect::<Result<Vec<_>, _>>()?;
            Ok::<_, MailError>(ranges)
        })?;
        ranges.sort_unstable();
        let live: u64 = ranges.iter().map(|(_, len)| len).sum();
        let Some(len) = files.len(name)? else {
            return Ok(false);
        };
        if ranges.is_empty() || live.saturating_mul(2) >= len {
            return Ok(false);
        }
        let mut bodies = Vec::with_capacity(ranges.len());
        for (offset, len) in &ranges {
            match files.read(name, *offset, *len)? {
                Some(bytes) => bodies.push(bytes),
                None => return Ok(false),
            }
        }
        let (new, offsets) = files.stage(bodies.iter().map(Vec::as_slice))?;
        self.list_and_place(files, &[&new])?;
        self.db.transaction(|tx| {
            for ((offset, len), moved_to) in ranges.iter().zip(offsets) {
                // The trigger lists the old file as dead once the last row left it.
                tx.prepare_cached(
                    "UPDATE mail_messages SET body_file = ?3, body_offset = ?4
                     WHERE body_file = ?1 AND COALESCE(body_offset, 0) = ?2 AND size = ?5",
                )?
                .execute(params![
                    name,
                    *offset as i64,
                    new,
                    moved_to as i64,
                    *len as i64
                ])?;
            }
            tx.prepare_cached("DELETE FROM mail_dead_bodies WHERE name = ?1")?
                .execute([&new])?;
            Ok::<_, MailError>(())
        })?;
        tracing::debug!(
            pack = name,
            live,
            len,
            "rewrote a mostly dead pack of messages"
        );
        Ok(true)
    }

    /// A folder's messages, newest first, without the hidden ones.
    pub fn list(
        &self,
        folder_id: i64,
        offset: usize,
        limit: usize,
    ) -> Result<Vec<MessageSummary>, MailError> {
        self.db.with_conn(|conn| {
            let mut stmt = conn.prepare_cached(&format!(
                "{SUMMARY_COLUMNS} FROM mail_messages m WHERE m.folder_id = ?1 AND m.hidden = 0
                 ORDER BY m.date DESC, m.id DESC LIMIT ?2 OFFSET ?3"
            ))?;
            let rows = stmt
                .query_map(params![folder_id, limit as i64, offset as i64], summary_row)?
                .collect::<Result<Vec<_>, _>>()?;
            Ok(rows)
        })
    }

    /// The messages of a conversation, oldest first, across folders.
    pub fn thread(&self, thread_id: i64) -> Result<Vec<MessageSummary>, MailError> {
        self.db.with_conn(|conn| {
            let mut stmt = conn.prepare_cached(&format!(
                "{SUMMARY_COLUMNS} FROM mail_messages m JOIN mail_folders f ON f.id = m.folder_id
                 WHERE m.thread_id = ?1 AND m.hidden = 0 AND f.account = ?2 ORDER BY m.date, m.id"
            ))?;
            let rows = stmt
                .query_map(params![thread_id, self.account], summary_row)?
                .collect::<Result<Vec<_>, _>>()?;
            Ok(rows)
        })
    }

    pub fn summary(&self, id: i64) -> Result<MessageSummary, MailError> {
        self.db.with_conn(|conn| {
            conn.query_row(
                &format!(
                    "{SUMMARY_COLUMNS} FROM mail_messages m JOIN mail_folders f ON f.id = m.folder_id
                     WHERE m.id = ?1 AND f.account = ?2"
                ),
                params![id, self.account],
                summary_row,
            )
            .optional()?
            .ok_or_else(|| not_found(id))
        })
    }

    /// Everything about one message; the text only when the body is local.
    pub fn detail(&self, id: i64) -> Result<MessageDetail, MailError> {
        let summary = self.summary(id)?;
        let (folder, recipients, message_id, in_reply_to, attachments): (String, String, Option<String>, Option<String>, String) =
            self.db.with_conn(|conn| {
                conn.query_row(
                    "SELECT f.display, m.recipients, m.message_id, m.in_reply_to, m.attachments
                     FROM mail_messages m JOIN mail_folders f ON f.id = m.folder_id WHERE m.id = ?1",
                    [id],
                    |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
                )
            })?;
        let text = self.raw(id)?.map(|raw| envelope::parse_message(&raw).text);
        Ok(MessageDetail {
            summary,
            folder,
            recipients: lines(&recipients),
            message_id,
            in_reply_to,
            attachments: lines(&attachments),
            text,
        })
    }

    /// A local message with this Message-ID (without brackets) outside Drafts, Trash
    /// and Junk: the one a continued draft answers. Inbox first.
    pub fn message_by_message_id(&self, message_id: &str) -> Result<Option<i64>, MailError> {
        self.db.with_conn(|conn| {
            Ok(conn
                .query_row(
                    "SELECT m.id FROM mail_messages m JOIN mail_folders f ON f.id = m.folder_id
                     WHERE f.account = ?1 AND m.message_key = ?3 AND m.message_id = ?2
                       AND COALESCE(f.role, '') NOT IN ('drafts', 'trash', 'junk')
                     ORDER BY COALESCE(f.role, '') = 'inbox' DESC, m.id DESC LIMIT 1",
                    params![self.account, message_id, keys::text_key(message_id)],
                    |r| r.get(0),
                )
                .optional()?)
        })
    }

    /// The raw message, if it is local. A file found missing or short (after a power
    /// loss) marks the body missing, so that it is fetched again.
    pub fn raw(&self, id: i64) -> Result<Option<Vec<u8>>, MailError> {
        let (raw, lost) = self
            .db
            .with_conn(|conn| read_raw(conn, self.files.as_deref(), id))?;
        if let Some(name) = lost {
            self.db.with_conn(|conn| {
                conn.execute(
                    "UPDATE mail_messages SET body_state = 0, body_file = NULL, body_offset = NULL
                     WHERE id = ?1 AND body_file = ?2",
                    params![id, name],
                )
            })?;
        }
        Ok(raw)
    }

    /// The MODSEQ last seen for a message (the base of a conditional STORE).
    pub fn modseq(&self, id: i64) -> Result<Option<u64>, MailError> {
        self.db.with_conn(|conn| {
            let modseq: Option<i64> = conn
                .query_row(
                    "SELECT modseq FROM mail_messages WHERE id = ?1",
                    [id],
                    |r| r.get(0),
                )
                .optional()?;
            Ok(modseq.map(|m| m as u64))
        })
    }

    /// `(folder_id, uid)` of a message, for fetching its body on open.
    pub fn location(&self, id: i64) -> Result<(i64, Option<u32>), MailError> {
        let summary = self.summary(id)?;
        Ok((summary.folder_id, summary.uid))
    }
}

fn lines(s: &str) -> Vec<String> {
    s.lines()
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .collect()
}

pub(crate) fn not_found(id: i64) -> MailError {
    MailError::NotFound {
        item: format!("message {id}"),
    }
}

pub(super) fn has_pending_flags(tx: &Transaction<'_>, account: &str) -> Result<bool, MailError> {
    Ok(tx
        .prepare_cached(
            "SELECT EXISTS (SELECT 1 FROM mail_journal WHERE account = ?1 AND kind = 'flags')",
        )?
        .query_row([account], |r| r.get(0))?)
}

/// Sets the server's flags of a known UID and recomputes what the user sees; `false`
/// when the UID is not known.
fn update_flags(
    tx: &Transaction<'_>,
    folder_id: i64,
    uid: u32,
    server: &BTreeSet<String>,
    modseq: u64,
    pending: bool,
) -> Result<bool, MailError> {
    let id: Option<i64> = tx
        .prepare_cached("SELECT id FROM mail_messages WHERE folder_id = ?1 AND uid = ?2")?
        .query_row(params![folder_id, uid], |r| r.get(0))
        .optional()?;
    let Some(id) = id else {
        return Ok(false);
    };
    set_server_flags(tx, id, server, modseq, pending)?;
    Ok(true)
}

/// The merge: the user sees the server's flags with the journaled changes on top.
pub(super) fn set_server_flags(
    tx: &Transaction<'_>,
    id: i64,
    server: &BTreeSet<String>,
    modseq: u64,
    pending: bool,
) -> Result<(), MailError> {
    let shown = if pending {
        super::journal::pending_changes(tx, id)?
            .iter()
            .fold(server.clone(), |flags, change| change.apply(&flags))
    } else {
        server.clone()
    };
    tx.prepare_cached(
        "UPDATE mail_messages SET server_flags = ?2, flags = ?3, seen = ?4, flagged = ?5,
           modseq = MAX(modseq, ?6) WHERE id = ?1",
    )?
    .execute(params![
        id,
        flags::join(server),
        flags::join(&shown),
        shown.contains(flags::SEEN),
        shown.contains(flags::FLAGGED),
        modseq as i64
    ])?;
    Ok(())
}

/// A row without UID in this folder with the same Message-ID takes the UID.
fn adopt_placeholder(
    tx: &Transaction<'_>,
    folder_id: i64,
    fetched: &FetchedHeader,
    env: &Envelope,
) -> Result<bool, MailError> {
    let Some(message_id) = &env.message_id else {
        return Ok(false);
    };
    let id: Option<i64> = tx
        .prepare_cached(
            "SELECT id FROM mail_messages WHERE folder_id = ?1 AND uid IS NULL AND message_id = ?2
             ORDER BY id LIMIT 1",
        )?
        .query_row(params![folder_id, message_id], |r| r.get(0))
        .optional()?;
    let Some(id) = id else {
        return Ok(false);
    };
    tx.execute(
        "UPDATE mail_messages SET uid = ?2 WHERE id = ?1",
        params![id, fetched.uid],
    )?;
    set_server_flags(tx, id, &fetched.flags, fetched.modseq, true)?;
    Ok(true)
}

/// Inserts a message as row `id` (the caller hands out ids, so the row is written
/// once with its thread instead of inserted and then updated).
fn insert(
    tx: &Transaction<'_>,
    folder_id: i64,
    fetched: &FetchedHeader,
    env: &Envelope,
    id: i64,
    threads: &mut Threads,
) -> Result<(), MailError> {
    let flag_text = flags::join_set(&fetched.flags);
    let thread = threads.thread_for(env).unwrap_or(id);
    tx.prepare_cached(
        "INSERT INTO mail_messages (id, folder_id, uid, modseq, server_flags, flags, seen, flagged,
           message_id, in_reply_to, refs, subject, from_name, from_addr, recipients, date, size,
           has_attachment, thread_id, message_key, reply_key, sender_key, unindexed)
         VALUES (?1, ?2, ?3, ?4, ?5, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18,
           ?19, ?20, ?21, 1)",
    )?
    .execute(params![
        id,
        folder_id,
        fetched.uid,
        fetched.modseq as i64,
        flag_text,
        fetched.flags.contains(flags::SEEN),
        fetched.flags.contains(flags::FLAGGED),
        env.message_id,
        env.in_reply_to,
        env.references.join(" "),
        env.subject,
        env.from_name,
        env.from_addr,
        env.recipients,
        env.date,
        fetched.size,
        env.has_attachment,
        thread,
        env.message_id.as_deref().map(keys::text_key),
        env.in_reply_to.as_deref().map(keys::text_key),
        keys::address_key(&env.from_addr)
    ])?;
    // No full-text entry yet: it is written once, with the body, or by
    // `index_pending` at the end of the pass (migration 0006).
    for orphan in threads.inserted(env, thread) {
        tx.prepare_cached("UPDATE mail_messages SET thread_id = ?2 WHERE thread_id = ?1")?
            .execute(params![orphan, thread])?;
    }
    Ok(())
}

/// A message a fetched body belongs to: what its index row is made of.
struct BodyTarget {
    id: i64,
    size: u32,
    key: i64,
    sender: String,
    recipients: String,
    subject: String,
}

/// Marks a message's body stored: where it is and, when it was parsed, its preview and
/// attachment names (it is then indexed in the same transaction); unparsed, it is left
/// to the indexing step, which writes all three.
fn record_body(
    tx: &Transaction<'_>,
    row: &BodyTarget,
    body: &BodyRef<'_>,
    content: Option<&envelope::Content>,
) -> Result<(), MailError> {
    let id = row.id;
    let file = match body {
        BodyRef::Blob(raw) => {
            tx.prepare_cached("INSERT OR REPLACE INTO mail_bodies (message, raw) VALUES (?1, ?2)")?
                .execute(params![id, raw])?;
            None
        }
        BodyRef::File(name, offset) => {
            // A blob from before migration 0007, if the body is stored again.
            tx.prepare_cached("DELETE FROM mail_bodies WHERE message = ?1")?
                .execute([id])?;
            Some((*name, *offset as i64))
        }
    };
    let (name, offset) = (file.map(|(name, _)| name), file.map(|(_, offset)| offset));
    match content {
        Some(content) => tx
            .prepare_cached(
                "UPDATE mail_messages SET body_state = 1, body_file = ?5, body_offset = ?6,
                   preview = ?2, attachments = ?3, has_attachment = ?4, unindexed = 0 WHERE id = ?1",
            )?
            .execute(params![
                id,
                content.preview,
                content.attachments.join("\n"),
                !content.attachments.is_empty(),
                name,
                offset
            ])?,
        // Also a message indexed before from its headers alone: its entry is written
        // again with the body.
        None => tx
            .prepare_cached(
                "UPDATE mail_messages SET body_state = 1, body_file = ?2, body_offset = ?3,
                   unindexed = 1 WHERE id = ?1",
            )?
            .execute(params![id, name, offset])?,
    };
    Ok(())
}

/// Writes a message's full-text entry with its body (replacing one from before).
fn index_body(
    tx: &Transaction<'_>,
    row: &BodyTarget,
    content: &envelope::Content,
) -> Result<(), MailError> {
    write_entry(
        tx,
        row.key,
        [&row.sender, &row.recipients, &row.subject],
        Some(content),
    )?;
    Ok(())
}

/// Writes the `mail_fts` row `key` (replacing one from before): the header fields
/// (sender, recipients, subject) and, when the body was parsed, its text and
/// attachment names.
pub(crate) fn write_entry(
    tx: &Transaction<'_>,
    key: i64,
    [sender, recipients, subject]: [&str; 3],
    content: Option<&envelope::Content>,
) -> Result<(), MailError> {
    tx.prepare_cached("DELETE FROM mail_fts WHERE rowid = ?1")?
        .execute([key])?;
    let (text, attachments) = content.map_or(("", String::new()), |c| {
        (c.text.as_str(), c.attachments.join(" "))
    });
    tx.prepare_cached(
        "INSERT INTO mail_fts (rowid, sender, recipients, subject, body, attachments)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![key, sender, recipients, subject, text, attachments])?;
    Ok(())
}

/// A message's raw bytes from its file or the `mail_bodies` table, and the name of
/// its file if that was found missing or damaged.
fn read_raw(
    conn: &rusqlite::Connection,
    files: Option<&BodyFiles>,
    id: i64,
) -> Result<(Option<Vec<u8>>, Option<String>), MailError> {
    type Found = (Option<String>, Option<i64>, i64, Option<Vec<u8>>);
    let found: Option<Found> = conn
        .prepare_cached(
            "SELECT m.body_file, m.body_offset, m.size, b.raw FROM mail_messages m
             LEFT JOIN mail_bodies b ON b.message = m.id WHERE m.id = ?1",
        )?
        .query_row([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .optional()?;
    Ok(match found {
        None => (None, None),
        Some((None, _, _, blob)) => (blob, None),
        Some((Some(name), offset, size, _)) => match files {
            Some(files) => match files.read(&name, offset.unwrap_or(0) as u64, size as u64)? {
                Some(bytes) => (Some(bytes), None),
                None => (None, Some(name)),
            },
            None => (None, None),
        },
    })
}

/// Writes a message's index entry again from the row and its body.
pub(crate) fn reindex_row(
    tx: &Transaction<'_>,
    files: Option<&BodyFiles>,
    id: i64,
) -> Result<(), MailError> {
    let (sender, recipients, subject): (String, String, String) = tx
        .prepare_cached("SELECT from_name || ' ' || from_addr, recipients, subject FROM mail_messages WHERE id = ?1")?
        .query_row([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
    let (raw, _) = read_raw(tx, files, id)?;
    let content = raw
        .map(|raw| envelope::parse_message(&raw))
        .unwrap_or_default();
    write_entry(
        tx,
        fts_key_of(tx, id)?,
        [&sender, &recipients, &subject],
        Some(&content),
    )?;
    tx.prepare_cached("UPDATE mail_messages SET unindexed = 0 WHERE id = ?1 AND unindexed = 1")?
        .execute([id])?;
    Ok(())
}

pub(crate) fn delete_row(tx: &Transaction<'_>, id: i64) -> Result<(), MailError> {
    let key = fts_key_of(tx, id)?;
    tx.prepare_cached("DELETE FROM mail_fts WHERE rowid = ?1")?
        .execute([key])?;
    tx.prepare_cached("DELETE FROM mail_messages WHERE id = ?1")?
        .execute([id])?;
    Ok(())
}

/// The `mail_fts` row of a message: its date in the high bits and its id in the low
/// 31, so FTS5 hands out matches newest first and a search stops after its first page
/// instead of sorting every match (a word found in most of 100,000 mails cost about
/// 100 ms that way). Dates outside 1970–2106 are clamped; ids stay below 2^31.
pub(crate) fn fts_key(date: i64, id: i64) -> i64 {
    (date.clamp(0, i64::from(u32::MAX)) << 31) | (id & FTS_ID_MASK)
}

/// The low bits of an FTS rowid: the message id.
pub(crate) const FTS_ID_MASK: i64 = (1 << 31) - 1;

/// [`fts_key`] in SQL, for a message row named `m`.
pub(crate) const FTS_KEY_SQL: &str = "((MAX(0, MIN(m.date, 4294967295)) << 31) | m.id)";

/// The FTS rowid of message `id` (0 when the row is gone: no FTS row has that key).
pub(crate) fn fts_key_of(tx: &Transaction<'_>, id: i64) -> Result<i64, MailError> {
    Ok(tx
        .prepare_cached("SELECT date FROM mail_messages WHERE id = ?1")?
        .query_row([id], |r| r.get::<_, i64>(0))
        .optional()?
        .map_or(0, |date| fts_key(date, id)))
}

pub(crate) const SUMMARY_COLUMNS: &str = "SELECT m.id, m.folder_id, m.uid, m.subject, m.from_name,
    m.from_addr, m.date, m.flags, m.seen, m.flagged, m.has_attachment, m.thread_id, m.preview,
    m.body_state, m.size";

pub(crate) fn summary_row(r: &Row<'_>) -> rusqlite::Result<MessageSummary> {
    let flag_text: String = r.get(7)?;
    Ok(MessageSummary {
        id: r.get(0)?,
        folder_id: r.get(1)?,
        uid: r.get(2)?,
        subject: r.get(3)?,
        from_name: r.get(4)?,
        from_addr: r.get(5)?,
        date: r.get(6)?,
        flags: flags::parse(&flag_text).into_iter().collect(),
        seen: r.get(8)?,
        flagged: r.get(9)?,
        has_attachment: r.get(10)?,
        thread_id: r.get(11)?,
        preview: r.get(12)?,
        body_local: r.get::<_, i64>(13)? == 1,
        size: r.get(14)?,
    })
}
