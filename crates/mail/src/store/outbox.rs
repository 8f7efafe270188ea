//! The outbox table. Every state change is one statement guarded by the state it
//! leaves (`… WHERE state IN (…)`), so a transition that raced with another (a
//! discard while sending) changes nothing and says so.

use super::MailStore;
use super::compose::now_ms;
use crate::MailError;
use crate::compose::{Built, Origin};
use rusqlite::{OptionalExtension, Row, params};
use serde::Serialize;

/// Where a message in the outbox is. Users and tests use the same words.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, serde::Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
#[ts(export, rename = "MailOutboxState")]
pub enum OutboxState {
    /// Stored with its final bytes; goes out at the next flush.
    Queued,
    /// Being handed to the submission server. Found like this after a restart, the
    /// process died on the way: the Sent folder decides (filed, or uncertain).
    Submitting,
    /// The server took it (250 after DATA); the copy for Sent is still to be filed.
    Accepted,
    /// In Sent: done. The row is gone; this state is only reported.
    Filed,
    /// "Delivery uncertain": the process died while submitting and no copy is in
    /// Sent. Never sent again by itself: the user chooses retry or discard.
    Uncertain,
    /// The server refused it for good (5xx); `last_error` says why.
    Rejected,
}

impl OutboxState {
    pub fn as_str(self) -> &'static str {
        match self {
            OutboxState::Queued => "queued",
            OutboxState::Submitting => "submitting",
            OutboxState::Accepted => "accepted",
            OutboxState::Filed => "filed",
            OutboxState::Uncertain => "uncertain",
            OutboxState::Rejected => "rejected",
        }
    }

    pub fn parse(s: &str) -> Option<OutboxState> {
        [
            OutboxState::Queued,
            OutboxState::Submitting,
            OutboxState::Accepted,
            OutboxState::Filed,
            OutboxState::Uncertain,
            OutboxState::Rejected,
        ]
        .into_iter()
        .find(|state| state.as_str() == s)
    }
}

/// A message in the outbox, without its bytes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
#[ts(export, rename = "MailOutboxEntry")]
pub struct OutboxEntry {
    #[ts(type = "number")]
    pub id: i64,
    pub state: OutboxState,
    pub message_id: String,
    pub subject: String,
    pub recipients: Vec<String>,
    /// Submission attempts so far.
    pub attempts: u32,
    /// Why the last attempt did not go through (offline, refused), if it did not.
    pub last_error: Option<String>,
    /// Unix milliseconds.
    #[ts(type = "number")]
    pub created_at: i64,
    #[ts(type = "number")]
    pub updated_at: i64,
}

const COLUMNS: &str =
    "id, state, message_id, subject, recipients, attempts, last_error, created_at, updated_at";

fn entry_row(r: &Row<'_>) -> rusqlite::Result<OutboxEntry> {
    let state: String = r.get(1)?;
    let recipients: String = r.get(4)?;
    Ok(OutboxEntry {
        id: r.get(0)?,
        // An unknown state is treated as uncertain: shown, never sent by itself.
        state: OutboxState::parse(&state).unwrap_or(OutboxState::Uncertain),
        message_id: r.get(2)?,
        subject: r.get(3)?,
        recipients: serde_json::from_str(&recipients).unwrap_or_default(),
        attempts: r.get(5)?,
        last_error: r.get(6)?,
        created_at: r.get(7)?,
        updated_at: r.get(8)?,
    })
}

impl MailStore {
    /// Puts a built message into the outbox (state `queued`) and, in the same
    /// transaction, removes the local draft it came from: the message is never in
    /// neither place, and never in both.
    pub fn queue(
        &self,
        built: &Built,
        subject: &str,
        origin: Option<Origin>,
        draft: Option<i64>,
    ) -> Result<OutboxEntry, MailError> {
        let now = now_ms();
        let recipients = serde_json::to_string(&built.recipients).unwrap_or_default();
        let origin = origin.and_then(|o| serde_json::to_string(&o).ok());
        let id = self.db.transaction(|tx| {
            tx.execute(
                "INSERT INTO mail_outbox (account, state, message_id, subject, envelope_from,
                   recipients, raw, origin, created_at, updated_at)
                 VALUES (?1, 'queued', ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8)",
                params![
                    self.account,
                    built.message_id,
                    subject,
                    built.envelope_from,
                    recipients,
                    built.bytes,
                    origin,
                    now
                ],
            )?;
            let id = tx.last_insert_rowid();
            if let Some(draft) = draft {
                tx.execute(
                    "DELETE FROM mail_drafts WHERE id = ?1 AND account = ?2",
                    params![draft, self.account],
                )?;
            }
            Ok::<_, MailError>(id)
        })?;
        self.outbox_entry(id)
    }

    /// The account's outbox, oldest first.
    pub fn outbox(&self) -> Result<Vec<OutboxEntry>, MailError> {
        self.db.with_conn(|conn| {
            let mut stmt = conn.prepare(&format!(
                "SELECT {COLUMNS} FROM mail_outbox WHERE account = ?1 ORDER BY id"
            ))?;
            let rows = stmt
                .query_map([&self.account], entry_row)?
                .collect::<Result<Vec<_>, _>>()?;
            Ok(rows)
        })
    }

    pub fn outbox_entry(&self, id: i64) -> Result<OutboxEntry, MailError> {
        self.db.with_conn(|conn| {
            conn.query_row(
                &format!("SELECT {COLUMNS} FROM mail_outbox WHERE id = ?1 AND account = ?2"),
                params![id, self.account],
                entry_row,
            )
            .optional()?
            .ok_or_else(|| MailError::NotFound {
                item: format!("outbox message {id}"),
            })
        })
    }

    /// The bytes and envelope of an outbox message.
    pub fn outbox_message(&self, id: i64) -> Result<Built, MailError> {
        self.db.with_conn(|conn| {
            conn.query_row(
                "SELECT raw, message_id, envelope_from, recipients FROM mail_outbox
                 WHERE id = ?1 AND account = ?2",
                params![id, self.account],
                |r| {
                    let recipients: String = r.get(3)?;
                    Ok(Built {
                        bytes: r.get(0)?,
                        message_id: r.get(1)?,
                        envelope_from: r.get(2)?,
                        recipients: serde_json::from_str(&recipients).unwrap_or_default(),
                    })
                },
            )
            .optional()?
            .ok_or_else(|| MailError::NotFound {
                item: format!("outbox message {id}"),
            })
        })
    }

    pub fn outbox_origin(&self, id: i64) -> Result<Option<Origin>, MailError> {
        self.db.with_conn(|conn| {
            let origin: Option<Option<String>> = conn
                .query_row(
                    "SELECT origin FROM mail_outbox WHERE id = ?1 AND account = ?2",
                    params![id, self.account],
                    |r| r.get(0),
                )
                .optional()?;
            Ok(origin.flatten().and_then(|o| serde_json::from_str(&o).ok()))
        })
    }

    /// Moves the message from one of `from` to `to`; false when it was in none of them
    /// (or is gone). Entering `submitting` counts an attempt.
    pub fn outbox_transition(
        &self,
        id: i64,
        from: &[OutboxState],
        to: OutboxState,
        error: Option<&str>,
    ) -> Result<bool, MailError> {
        let states: Vec<String> = from.iter().map(|s| format!("'{}'", s.as_str())).collect();
        let changed = self.db.with_conn(|conn| {
            conn.execute(
                &format!(
                    "UPDATE mail_outbox SET state = ?3, last_error = ?4, updated_at = ?5,
                       attempts = attempts + ?6
                     WHERE id = ?1 AND account = ?2 AND state IN ({})",
                    states.join(", ")
                ),
                params![
                    id,
                    self.account,
                    to.as_str(),
                    error,
                    now_ms(),
                    i64::from(to == OutboxState::Submitting)
                ],
            )
        })?;
        Ok(changed == 1)
    }

    /// Records why an attempt failed without changing the state.
    pub fn outbox_note(&self, id: i64, error: &str) -> Result<(), MailError> {
        self.db.with_conn(|conn| {
            conn.execute(
                "UPDATE mail_outbox SET last_error = ?3, updated_at = ?4 WHERE id = ?1 AND account = ?2",
                params![id, self.account, error, now_ms()],
            )?;
            Ok(())
        })
    }

    /// The message is in Sent: it leaves the outbox. Only from `accepted` (or a
    /// `submitting` whose Sent copy proved it arrived).
    pub fn outbox_filed(&self, id: i64) -> Result<bool, MailError> {
        let changed = self.db.with_conn(|conn| {
            conn.execute(
                "DELETE FROM mail_outbox WHERE id = ?1 AND account = ?2
                   AND state IN ('accepted', 'submitting')",
                params![id, self.account],
            )
        })?;
        Ok(changed == 1)
    }

    /// Removes a message the user gave up on. A message being submitted cannot be
    /// discarded (it may be on its way); one that was accepted is filed instead.
    pub fn outbox_discard(&self, id: i64) -> Result<(), MailError> {
        let entry = self.outbox_entry(id)?;
        let changed = self.db.with_conn(|conn| {
            conn.execute(
                "DELETE FROM mail_outbox WHERE id = ?1 AND account = ?2
                   AND state IN ('queued', 'uncertain', 'rejected')",
                params![id, self.account],
            )
        })?;
        if changed == 1 {
            Ok(())
        } else {
            Err(MailError::InvalidInput {
                reason: format!(
                    "outbox message {id} is {} and cannot be discarded now",
                    entry.state.as_str()
                ),
            })
        }
    }

    /// The user's "send again" for an uncertain or refused message.
    pub fn outbox_retry(&self, id: i64) -> Result<(), MailError> {
        let entry = self.outbox_entry(id)?;
        if entry.state == OutboxState::Queued
            || self.outbox_transition(
                id,
                &[OutboxState::Uncertain, OutboxState::Rejected],
                OutboxState::Queued,
                None,
            )?
        {
            Ok(())
        } else {
            Err(MailError::InvalidInput {
                reason: format!(
                    "outbox message {id} is {} and cannot be sent again",
                    entry.state.as_str()
                ),
            })
        }
    }
}
