//! Threads from References / In-Reply-To for a batch of new headers.
//!
//! A message joins the thread of the nearest message it refers to that is stored (or of
//! a copy of itself in another folder); replies stored before the message they answer
//! (headers arrive newest first) started threads of their own and join its thread when
//! it comes. Asked per message, that was three to five indexed queries each — a third
//! of the header writer's time. [`Threads::prefetch`] asks the store once per batch for
//! every Message-ID the batch mentions and every stored reply to one of its messages,
//! and the batch is then threaded in memory, message by message, with the same rules.
//! Merges still reach the database as one `UPDATE` per merged thread.
//!
//! Most of those IDs are not stored: headers arrive newest first, so the messages a
//! batch refers to mostly come with a later batch. Each such ID still cost a seek in a
//! key index — a tenth of the writer's time in a 100,000-message header sync. Over a
//! folder's first sync the writer keeps [`StoredKeys`], the keys the store holds, and
//! asks only for IDs whose key is among them.

use super::keys::{self, KeySet};
use crate::MailError;
use crate::envelope::Envelope;
use rusqlite::{Transaction, params};
use std::collections::{HashMap, HashSet};

/// What the store knows about a batch's related messages, kept up to date as the
/// batch is written.
#[derive(Debug, Default)]
pub(super) struct Threads {
    /// Message-ID → the thread of a stored message with it (any one of its copies).
    by_message_id: HashMap<String, i64>,
    /// In-Reply-To → the threads of the stored messages that answer it.
    replies: HashMap<String, Vec<i64>>,
    /// A thread merged into another: where its messages went.
    merged: HashMap<i64, i64>,
}

impl Threads {
    /// Two queries for the whole batch: the threads of the Message-IDs its messages
    /// carry or refer to, and the stored answers to its messages.
    /// With `stored`, IDs whose key no stored message has are not asked for.
    pub(super) fn prefetch<'a>(
        tx: &Transaction<'_>,
        account: &str,
        batch: impl Iterator<Item = &'a Envelope>,
        stored: Option<&StoredKeys>,
    ) -> Result<Threads, MailError> {
        let mut related: HashSet<&str> = HashSet::new();
        let mut own: HashSet<&str> = HashSet::new();
        for env in batch {
            related.extend(env.references.iter().map(String::as_str));
            related.extend(env.in_reply_to.as_deref());
            if let Some(message_id) = env.message_id.as_deref() {
                related.insert(message_id);
                own.insert(message_id);
            }
        }
        if let Some(stored) = stored {
            related.retain(|id| stored.message.contains(&keys::text_key(id)));
            own.retain(|id| stored.reply.contains(&keys::text_key(id)));
        }
        let mut threads = Threads::default();
        if own.is_empty() && related.is_empty() {
            return Ok(threads);
        }
        for (message_id, thread) in stored_threads(tx, Column::MessageId, account, &related)? {
            threads.by_message_id.entry(message_id).or_insert(thread);
        }
        for (answered, thread) in stored_threads(tx, Column::InReplyTo, account, &own)? {
            threads.replies.entry(answered).or_default().push(thread);
        }
        Ok(threads)
    }

    /// The thread a new message joins, if any: that of its own Message-ID (a copy in
    /// another folder), else of the nearest message it refers to.
    pub(super) fn thread_for(&self, env: &Envelope) -> Option<i64> {
        let nearest_first = env
            .message_id
            .iter()
            .chain(env.in_reply_to.iter())
            .chain(env.references.iter().rev());
        nearest_first
            .filter_map(|message_id| self.by_message_id.get(message_id))
            .map(|&thread| self.resolve(thread))
            .next()
    }

    /// Records a message written in `thread` and merges the threads of stored replies
    /// to it into that thread; returns the threads merged away, which the caller moves
    /// in the database.
    pub(super) fn inserted(&mut self, env: &Envelope, thread: i64) -> Vec<i64> {
        let mut orphans = Vec::new();
        if let Some(message_id) = &env.message_id {
            for &reply in self.replies.get(message_id).into_iter().flatten() {
                let reply = self.resolve(reply);
                if reply != thread && !orphans.contains(&reply) {
                    orphans.push(reply);
                }
            }
            for &orphan in &orphans {
                self.merged.insert(orphan, thread);
            }
            self.by_message_id
                .entry(message_id.clone())
                .or_insert(thread);
        }
        if let Some(answered) = &env.in_reply_to {
            self.replies
                .entry(answered.clone())
                .or_default()
                .push(thread);
        }
        orphans
    }

    /// Where a thread's messages are now (after merges in this batch).
    fn resolve(&self, mut thread: i64) -> i64 {
        while let Some(&into) = self.merged.get(&thread) {
            thread = into;
        }
        thread
    }
}

/// The Message-ID and In-Reply-To keys of the stored messages (of every account: more
/// keys only mean more questions), for the header batches of one folder's first sync.
///
/// The set is read from the key indexes when the writer starts and whenever another
/// writer was at work since its last batch: another connection (`PRAGMA data_version`
/// moved) or this one (`total_changes` moved past the count after the last batch);
/// the batch's own rows are added as they are written. It may hold keys no stored
/// message has (a batch that was rolled back), never lack one a stored message has.
///
/// Reading the set costs a pass over two indexes of the whole store; it is read only
/// when the folder brings at least a quarter as many messages as the store holds.
#[derive(Debug)]
pub struct StoredKeys {
    /// How many headers the folder's sync brings.
    expected: u64,
    /// Decided at the first batch: whether the set is read at all.
    in_use: Option<bool>,
    message: KeySet,
    reply: KeySet,
    /// The connection's state after the last batch; `None` until the first read.
    read_at: Option<Stamp>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Stamp {
    data_version: i64,
    total_changes: u64,
}

impl Stamp {
    fn now(tx: &Transaction<'_>) -> Result<Stamp, MailError> {
        Ok(Stamp {
            data_version: tx.query_row("PRAGMA data_version", [], |r| r.get(0))?,
            total_changes: tx.total_changes(),
        })
    }
}

impl StoredKeys {
    /// For the sync of a folder that brings about `expected` headers.
    pub fn for_folder(expected: u32) -> StoredKeys {
        StoredKeys {
            expected: u64::from(expected),
            in_use: None,
            message: KeySet::default(),
            reply: KeySet::default(),
            read_at: None,
        }
    }

    /// Before a batch: whether the set is in use (`stored_rows` is about how many
    /// messages the store holds) and, if so, up to date — read again unless nothing but
    /// this writer changed the store since its last batch.
    pub(super) fn bring_up_to_date(
        &mut self,
        tx: &Transaction<'_>,
        stored_rows: u64,
    ) -> Result<bool, MailError> {
        let in_use = *self
            .in_use
            .get_or_insert(self.expected.saturating_mul(4) >= stored_rows);
        if !in_use || self.read_at == Some(Stamp::now(tx)?) {
            return Ok(in_use);
        }
        self.message = column_keys(tx, "message_key")?;
        self.reply = column_keys(tx, "reply_key")?;
        Ok(true)
    }

    /// A message is being written.
    pub(super) fn add(&mut self, env: &Envelope) {
        if let Some(message_id) = env.message_id.as_deref() {
            self.message.insert(keys::text_key(message_id));
        }
        if let Some(answered) = env.in_reply_to.as_deref() {
            self.reply.insert(keys::text_key(answered));
        }
    }

    /// The batch is written (the last statement of its transaction).
    pub(super) fn written(&mut self, tx: &Transaction<'_>) -> Result<(), MailError> {
        self.read_at = Some(Stamp::now(tx)?);
        Ok(())
    }
}

/// Every key in a key column, from its index alone.
fn column_keys(tx: &Transaction<'_>, column: &str) -> Result<KeySet, MailError> {
    let mut stmt = tx.prepare(&format!(
        "SELECT {column} FROM mail_messages WHERE {column} IS NOT NULL"
    ))?;
    let keys = stmt
        .query_map([], |r| r.get(0))?
        .collect::<Result<KeySet, _>>()?;
    Ok(keys)
}

/// The columns a batch's related messages are found by, each with its lookup key
/// (`keys.rs`).
#[derive(Clone, Copy)]
enum Column {
    MessageId,
    InReplyTo,
}

impl Column {
    /// `(text column, key column)`.
    fn names(self) -> (&'static str, &'static str) {
        match self {
            Column::MessageId => ("message_id", "message_key"),
            Column::InReplyTo => ("in_reply_to", "reply_key"),
        }
    }
}

/// `(value, thread)` of the account's stored messages whose `column` is one of `ids`.
/// The keys of the IDs drive the lookup (CROSS JOIN keeps that order), so each is one
/// seek in the key's index rather than a scan of the account's folders; a row whose
/// key matches but whose text does not (two IDs sharing a key) is left out.
fn stored_threads(
    tx: &Transaction<'_>,
    column: Column,
    account: &str,
    ids: &HashSet<&str>,
) -> Result<Vec<(String, i64)>, MailError> {
    let (text, key) = column.names();
    let mut stmt = tx.prepare_cached(&format!(
        "SELECT m.{text}, m.thread_id
         FROM json_each(?2) AS wanted
         CROSS JOIN mail_messages AS m ON m.{key} = wanted.value
         CROSS JOIN mail_folders AS f ON f.id = m.folder_id
         WHERE f.account = ?1 AND m.thread_id IS NOT NULL"
    ))?;
    let wanted: HashSet<i64> = ids.iter().map(|id| keys::text_key(id)).collect();
    let rows = stmt
        .query_map(params![account, json_list(&wanted)?], |r| {
            Ok((r.get::<_, String>(0)?, r.get(1)?))
        })?
        .filter(|row| !matches!(row, Ok((value, _)) if !ids.contains(value.as_str())))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(rows)
}

fn json_list(keys: &HashSet<i64>) -> Result<String, MailError> {
    serde_json::to_string(keys).map_err(|e| MailError::Store {
        reason: format!("cannot list Message-ID keys: {e}"),
        damaged: false,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(id: &str, in_reply_to: Option<&str>, refs: &[&str]) -> Envelope {
        Envelope {
            message_id: Some(id.into()),
            in_reply_to: in_reply_to.map(Into::into),
            references: refs.iter().map(|r| r.to_string()).collect(),
            ..Envelope::default()
        }
    }

    #[test]
    fn a_reply_joins_the_thread_of_the_nearest_stored_reference() {
        let mut threads = Threads::default();
        threads.by_message_id.insert("root".into(), 1);
        threads.by_message_id.insert("middle".into(), 2);
        let reply = env("reply", Some("middle"), &["root", "middle"]);
        assert_eq!(threads.thread_for(&reply), Some(2));
        let unrelated = env("other", None, &[]);
        assert_eq!(threads.thread_for(&unrelated), None);
    }

    #[test]
    fn replies_written_before_their_parent_join_its_thread_when_it_comes() {
        let mut threads = Threads::default();
        // Newest first: two answers to "parent", then the parent, then its own parent.
        let a = env("a", Some("parent"), &["grand", "parent"]);
        assert_eq!(threads.thread_for(&a), None);
        assert!(threads.inserted(&a, 10).is_empty());
        let b = env("b", Some("parent"), &["grand", "parent"]);
        assert_eq!(threads.thread_for(&b), None);
        assert!(threads.inserted(&b, 11).is_empty());
        let parent = env("parent", Some("grand"), &["grand"]);
        assert_eq!(threads.thread_for(&parent), None);
        assert_eq!(threads.inserted(&parent, 12), vec![10, 11]);
        let grand = env("grand", None, &[]);
        assert_eq!(threads.inserted(&grand, 13), vec![12]);
        // Everything resolves to the oldest message's thread now.
        let late = env("late", Some("a"), &["grand", "parent", "a"]);
        assert_eq!(threads.thread_for(&late), Some(13));
    }
}
