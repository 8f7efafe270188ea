//! The journal of local actions: applied to the store at once (the user sees the
//! result immediately, also offline), recorded durably in the same transaction, and
//! replayed to the server by the sync engine in order. An entry leaves the journal in
//! the transaction that records the server's answer.

use super::messages::{delete_row, fts_key_of, has_pending_flags, not_found, set_server_flags};
use super::{MailStore, Role, add_notice};
use crate::MailError;
use crate::flags::{self, Change};
use rusqlite::{OptionalExtension, Transaction, params};
use std::collections::BTreeSet;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JournalKind {
    Flags,
    Move,
    Copy,
    Expunge,
}

impl JournalKind {
    fn as_str(self) -> &'static str {
        match self {
            JournalKind::Flags => "flags",
            JournalKind::Move => "move",
            JournalKind::Copy => "copy",
            JournalKind::Expunge => "expunge",
        }
    }

    fn parse(s: &str) -> Option<JournalKind> {
        [
            JournalKind::Flags,
            JournalKind::Move,
            JournalKind::Copy,
            JournalKind::Expunge,
        ]
        .into_iter()
        .find(|k| k.as_str() == s)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JournalEntry {
    pub id: i64,
    pub kind: JournalKind,
    pub folder_id: i64,
    pub uidvalidity: Option<u32>,
    pub uid: Option<u32>,
    pub message_id: Option<String>,
    /// The local row: for flags and expunge the message itself; for move and copy the
    /// new row in the target folder.
    pub message: Option<i64>,
    pub target_folder_id: Option<i64>,
    pub change: Change,
    /// A command for it may have reached the server before a crash: check before
    /// repeating anything that is not idempotent (COPY).
    pub attempted: bool,
}

/// A message row as the actions need it.
struct Row {
    id: i64,
    folder_id: i64,
    uid: Option<u32>,
    message_id: Option<String>,
    server_flags: String,
    uidvalidity: Option<u32>,
    role: Option<String>,
}

impl MailStore {
    /// Adds and removes flags on messages (`seen`, `flagged`, keywords, …).
    pub fn set_flags(&self, ids: &[i64], change: &Change) -> Result<(), MailError> {
        self.db.transaction(|tx| {
            for &id in ids {
                let row = row(tx, &self.account, id)?;
                journal(
                    tx,
                    &self.account,
                    JournalKind::Flags,
                    &row,
                    Some(id),
                    None,
                    change,
                )?;
                let server = flags::parse(&row.server_flags);
                set_server_flags(tx, id, &server, 0, true)?;
            }
            Ok::<_, MailError>(())
        })
    }

    /// Moves messages to another folder: they leave the source at once and appear in the
    /// target (without a UID until the server has moved them).
    pub fn move_to(&self, ids: &[i64], target: i64) -> Result<Vec<i64>, MailError> {
        self.transfer(ids, target, JournalKind::Move)
    }

    /// Copies messages to another folder.
    pub fn copy_to(&self, ids: &[i64], target: i64) -> Result<Vec<i64>, MailError> {
        self.transfer(ids, target, JournalKind::Copy)
    }

    fn transfer(&self, ids: &[i64], target: i64, kind: JournalKind) -> Result<Vec<i64>, MailError> {
        let target_folder = self.folder(target)?;
        if !target_folder.selectable {
            return Err(MailError::InvalidInput {
                reason: format!("the folder {} cannot hold messages", target_folder.display),
            });
        }
        self.db.transaction(|tx| {
            let mut new_ids = Vec::new();
            for &id in ids {
                let row = row(tx, &self.account, id)?;
                if row.folder_id == target {
                    new_ids.push(id);
                    continue;
                }
                let copy = duplicate_row(tx, id, target)?;
                if kind == JournalKind::Move {
                    tx.execute("UPDATE mail_messages SET hidden = 1 WHERE id = ?1", [id])?;
                }
                journal(
                    tx,
                    &self.account,
                    kind,
                    &row,
                    Some(copy),
                    Some(target),
                    &Change::default(),
                )?;
                new_ids.push(copy);
            }
            Ok::<_, MailError>(new_ids)
        })
    }

    /// Deletes messages: to Trash, or for good when they are in Trash already (or the
    /// account has no Trash folder).
    pub fn delete(&self, ids: &[i64]) -> Result<(), MailError> {
        let trash = self.folder_by_role(Role::Trash)?;
        let mut to_trash = Vec::new();
        let mut expunge = Vec::new();
        self.db.with_conn(|conn| {
            for &id in ids {
                let folder: Option<i64> = conn
                    .query_row(
                        "SELECT folder_id FROM mail_messages WHERE id = ?1",
                        [id],
                        |r| r.get(0),
                    )
                    .optional()?;
                match (folder, &trash) {
                    (None, _) => return Err(not_found(id)),
                    (Some(f), Some(trash)) if f != trash.id => to_trash.push(id),
                    _ => expunge.push(id),
                }
            }
            Ok::<_, MailError>(())
        })?;
        if let Some(trash) = &trash
            && !to_trash.is_empty()
        {
            self.move_to(&to_trash, trash.id)?;
        }
        self.expunge(&expunge)
    }

    /// Removes messages for good (the UI asks first).
    pub fn expunge(&self, ids: &[i64]) -> Result<(), MailError> {
        self.db.transaction(|tx| {
            for &id in ids {
                let row = row(tx, &self.account, id)?;
                tx.execute("UPDATE mail_messages SET hidden = 1 WHERE id = ?1", [id])?;
                journal(
                    tx,
                    &self.account,
                    JournalKind::Expunge,
                    &row,
                    Some(id),
                    None,
                    &Change::default(),
                )?;
            }
            Ok::<_, MailError>(())
        })
    }

    /// Moves messages to the Archive folder.
    pub fn archive(&self, ids: &[i64]) -> Result<Vec<i64>, MailError> {
        let archive = self
            .folder_by_role(Role::Archive)?
            .ok_or_else(|| MailError::NotFound {
                item: "the Archive folder".into(),
            })?;
        self.move_to(ids, archive.id)
    }

    /// Deletes everything in Trash for good; returns how many messages.
    pub fn empty_trash(&self) -> Result<usize, MailError> {
        let Some(trash) = self.folder_by_role(Role::Trash)? else {
            return Ok(0);
        };
        let ids: Vec<i64> = self.db.with_conn(|conn| {
            let mut stmt =
                conn.prepare("SELECT id FROM mail_messages WHERE folder_id = ?1 AND hidden = 0")?;
            let ids = stmt
                .query_map([trash.id], |r| r.get(0))?
                .collect::<Result<Vec<_>, _>>()?;
            Ok::<_, MailError>(ids)
        })?;
        self.expunge(&ids)?;
        Ok(ids.len())
    }

    /// The journal entries for one folder, in the order they were made.
    pub fn journal(&self, folder_id: Option<i64>) -> Result<Vec<JournalEntry>, MailError> {
        self.db.with_conn(|conn| {
            let mut stmt = conn.prepare_cached(
                "SELECT id, kind, folder_id, uidvalidity, uid, message_id, message, target_folder_id,
                   add_flags, remove_flags, attempted
                 FROM mail_journal WHERE account = ?1 AND (?2 IS NULL OR folder_id = ?2) ORDER BY id",
            )?;
            let entries = stmt
                .query_map(params![self.account, folder_id], |r| {
                    let kind: String = r.get(1)?;
                    let add: String = r.get(8)?;
                    let remove: String = r.get(9)?;
                    Ok(JournalEntry {
                        id: r.get(0)?,
                        kind: JournalKind::parse(&kind).unwrap_or(JournalKind::Flags),
                        folder_id: r.get(2)?,
                        uidvalidity: r.get(3)?,
                        uid: r.get(4)?,
                        message_id: r.get(5)?,
                        message: r.get(6)?,
                        target_folder_id: r.get(7)?,
                        change: Change {
                            add: flags::parse(&add),
                            remove: flags::parse(&remove),
                        },
                        attempted: r.get(10)?,
                    })
                })?
                .collect::<Result<Vec<_>, _>>()?;
            Ok(entries)
        })
    }

    /// Marks an entry as possibly sent, before its command goes out.
    pub fn journal_attempted(&self, id: i64) -> Result<(), MailError> {
        self.db.with_conn(|conn| {
            conn.execute("UPDATE mail_journal SET attempted = 1 WHERE id = ?1", [id])?;
            Ok(())
        })
    }

    /// The server applied a flag change; `server` are the flags it reported after.
    pub fn journal_flags_done(
        &self,
        entry: &JournalEntry,
        uid: u32,
        server: Option<(&BTreeSet<String>, u64)>,
    ) -> Result<(), MailError> {
        self.db.transaction(|tx| {
            tx.execute("DELETE FROM mail_journal WHERE id = ?1", [entry.id])?;
            let pending = has_pending_flags(tx, &self.account)?;
            let id: Option<i64> = tx
                .query_row(
                    "SELECT id FROM mail_messages WHERE folder_id = ?1 AND uid = ?2",
                    params![entry.folder_id, uid],
                    |r| r.get(0),
                )
                .optional()?;
            if let (Some(id), Some((server, modseq))) = (id, server) {
                set_server_flags(tx, id, server, modseq, pending)?;
            }
            Ok::<_, MailError>(())
        })
    }

    /// The server moved or copied the message; `new_uid` from COPYUID when it said.
    pub fn journal_transfer_done(
        &self,
        entry: &JournalEntry,
        source_uid: u32,
        new_uid: Option<u32>,
    ) -> Result<(), MailError> {
        self.db.transaction(|tx| {
            tx.execute("DELETE FROM mail_journal WHERE id = ?1", [entry.id])?;
            if entry.kind == JournalKind::Move {
                let source: Option<i64> = tx
                    .query_row(
                        "SELECT id FROM mail_messages WHERE folder_id = ?1 AND uid = ?2",
                        params![entry.folder_id, source_uid],
                        |r| r.get(0),
                    )
                    .optional()?;
                if let Some(source) = source {
                    delete_row(tx, source)?;
                }
            }
            if let (Some(uid), Some(row), Some(target)) =
                (new_uid, entry.message, entry.target_folder_id)
            {
                let taken: bool = tx.query_row(
                    "SELECT EXISTS (SELECT 1 FROM mail_messages WHERE folder_id = ?1 AND uid = ?2)",
                    params![target, uid],
                    |r| r.get(0),
                )?;
                if taken {
                    // Sync saw the message in the target first: the placeholder goes.
                    delete_if(tx, row, Pending::Placeholder)?;
                } else {
                    tx.execute(
                        "UPDATE mail_messages SET uid = ?2 WHERE id = ?1 AND uid IS NULL",
                        params![row, uid],
                    )?;
                }
            }
            Ok::<_, MailError>(())
        })
    }

    /// The server expunged the message (or it was gone already).
    pub fn journal_expunge_done(
        &self,
        entry: &JournalEntry,
        uid: Option<u32>,
    ) -> Result<(), MailError> {
        self.db.transaction(|tx| {
            tx.execute("DELETE FROM mail_journal WHERE id = ?1", [entry.id])?;
            if let Some(uid) = uid {
                let id: Option<i64> = tx
                    .query_row(
                        "SELECT id FROM mail_messages WHERE folder_id = ?1 AND uid = ?2",
                        params![entry.folder_id, uid],
                        |r| r.get(0),
                    )
                    .optional()?;
                if let Some(id) = id {
                    delete_row(tx, id)?;
                }
            }
            if let Some(row) = entry.message {
                delete_if(tx, row, Pending::Hidden)?;
            }
            Ok::<_, MailError>(())
        })
    }

    /// The action cannot be applied (its message is gone, or the folder was reset and
    /// the message cannot be found again): undo it locally and tell the user.
    pub fn journal_drop(&self, entry: &JournalEntry, reason: &str) -> Result<(), MailError> {
        self.db.transaction(|tx| {
            tx.execute("DELETE FROM mail_journal WHERE id = ?1", [entry.id])?;
            match entry.kind {
                JournalKind::Move | JournalKind::Copy => {
                    if let Some(row) = entry.message {
                        delete_if(tx, row, Pending::Placeholder)?;
                    }
                    if entry.kind == JournalKind::Move {
                        unhide(tx, entry)?;
                    }
                }
                JournalKind::Expunge => unhide(tx, entry)?,
                JournalKind::Flags => {
                    if let Some(row) = entry.message {
                        let server: Option<String> = tx
                            .query_row(
                                "SELECT server_flags FROM mail_messages WHERE id = ?1",
                                [row],
                                |r| r.get(0),
                            )
                            .optional()?;
                        if let Some(server) = server {
                            let pending = has_pending_flags(tx, &self.account)?;
                            set_server_flags(tx, row, &flags::parse(&server), 0, pending)?;
                        }
                    }
                }
            }
            let kind = entry.kind.as_str();
            let message_id = entry.message_id.clone().unwrap_or_default();
            add_notice(
                tx,
                &self.account,
                "action_dropped",
                &[
                    ("action", kind),
                    ("message_id", &message_id),
                    ("reason", reason),
                ],
            )?;
            Ok::<_, MailError>(())
        })
    }

    /// Points an entry at a message found again by its Message-ID after a UIDVALIDITY
    /// change.
    pub fn journal_reresolve(
        &self,
        entry: &JournalEntry,
        uidvalidity: u32,
        uid: u32,
    ) -> Result<(), MailError> {
        self.db.with_conn(|conn| {
            conn.execute(
                "UPDATE mail_journal SET uidvalidity = ?2, uid = ?3 WHERE id = ?1",
                params![entry.id, uidvalidity, uid],
            )?;
            Ok(())
        })
    }
}

/// A source row hidden by a move or expunge becomes visible again.
fn unhide(tx: &Transaction<'_>, entry: &JournalEntry) -> Result<(), MailError> {
    if entry.kind == JournalKind::Expunge {
        if let Some(row) = entry.message {
            tx.execute("UPDATE mail_messages SET hidden = 0 WHERE id = ?1", [row])?;
        }
        return Ok(());
    }
    if let Some(uid) = entry.uid {
        tx.execute(
            "UPDATE mail_messages SET hidden = 0 WHERE folder_id = ?1 AND uid = ?2",
            params![entry.folder_id, uid],
        )?;
    }
    Ok(())
}

/// The changes still waiting in the journal for one message row, oldest first.
pub(super) fn pending_changes(tx: &Transaction<'_>, id: i64) -> Result<Vec<Change>, MailError> {
    let mut stmt = tx.prepare_cached(
        "SELECT add_flags, remove_flags FROM mail_journal WHERE kind = 'flags' AND message = ?1 ORDER BY id",
    )?;
    let changes = stmt
        .query_map([id], |r| {
            let add: String = r.get(0)?;
            let remove: String = r.get(1)?;
            Ok(Change {
                add: flags::parse(&add),
                remove: flags::parse(&remove),
            })
        })?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(changes)
}

fn row(tx: &Transaction<'_>, account: &str, id: i64) -> Result<Row, MailError> {
    tx.query_row(
        "SELECT m.id, m.folder_id, m.uid, m.message_id, m.server_flags, f.uidvalidity, f.role
         FROM mail_messages m JOIN mail_folders f ON f.id = m.folder_id
         WHERE m.id = ?1 AND f.account = ?2 AND m.hidden = 0",
        params![id, account],
        |r| {
            Ok(Row {
                id: r.get(0)?,
                folder_id: r.get(1)?,
                uid: r.get(2)?,
                message_id: r.get(3)?,
                server_flags: r.get(4)?,
                uidvalidity: r.get(5)?,
                role: r.get(6)?,
            })
        },
    )
    .optional()?
    .ok_or_else(|| not_found(id))
}

fn journal(
    tx: &Transaction<'_>,
    account: &str,
    kind: JournalKind,
    row: &Row,
    message: Option<i64>,
    target: Option<i64>,
    change: &Change,
) -> Result<(), MailError> {
    let _ = (row.id, &row.role);
    tx.prepare_cached(
        "INSERT INTO mail_journal (account, kind, folder_id, uidvalidity, uid, message_id, message,
           target_folder_id, add_flags, remove_flags, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, unixepoch())",
    )?
    .execute(params![
        account,
        kind.as_str(),
        row.folder_id,
        row.uidvalidity,
        row.uid,
        row.message_id,
        message,
        target,
        flags::join(&change.add),
        flags::join(&change.remove)
    ])?;
    Ok(())
}

/// A copy of a message row (with its body and index entry) in another folder, without
/// a UID: the placeholder a move or copy shows until the server confirms. A body file
/// is shared, not copied: it is removed only when no row names it any more.
fn duplicate_row(tx: &Transaction<'_>, id: i64, target: i64) -> Result<i64, MailError> {
    tx.execute(
        "INSERT INTO mail_messages (folder_id, uid, modseq, server_flags, flags, seen, flagged,
           message_id, in_reply_to, refs, thread_id, subject, from_name, from_addr, recipients,
           date, size, has_attachment, attachments, preview, body_state, hidden, unindexed,
           body_file, body_offset, message_key, reply_key, sender_key)
         SELECT ?2, NULL, 0, flags, flags, seen, flagged, message_id, in_reply_to, refs, thread_id,
           subject, from_name, from_addr, recipients, date, size, has_attachment, attachments,
           preview, body_state, 0, unindexed, body_file, body_offset, message_key, reply_key,
           sender_key
         FROM mail_messages WHERE id = ?1",
        params![id, target],
    )?;
    let copy = tx.last_insert_rowid();
    tx.execute(
        "INSERT INTO mail_bodies (message, raw) SELECT ?2, raw FROM mail_bodies WHERE message = ?1",
        params![id, copy],
    )?;
    tx.execute(
        "INSERT INTO mail_fts (rowid, sender, recipients, subject, body, attachments)
         SELECT ?2, sender, recipients, subject, body, attachments FROM mail_fts WHERE rowid = ?1",
        params![fts_key_of(tx, id)?, fts_key_of(tx, copy)?],
    )?;
    Ok(copy)
}

/// Which local-only row `delete_if` may remove.
#[derive(Debug, Clone, Copy)]
enum Pending {
    /// Placed by a local move or copy, still without a UID.
    Placeholder,
    /// Hidden by a local move or delete.
    Hidden,
}

/// Deletes row `id` (with its index entry) only if it is still in the `pending` state:
/// a row the server has confirmed meanwhile is kept.
fn delete_if(tx: &Transaction<'_>, id: i64, pending: Pending) -> Result<(), MailError> {
    let condition = match pending {
        Pending::Placeholder => "uid IS NULL",
        Pending::Hidden => "hidden = 1",
    };
    let found: Option<i64> = tx
        .query_row(
            &format!("SELECT id FROM mail_messages WHERE id = ?1 AND {condition}"),
            [id],
            |r| r.get(0),
        )
        .optional()?;
    if let Some(id) = found {
        delete_row(tx, id)?;
    }
    Ok(())
}
