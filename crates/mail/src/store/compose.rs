//! Drafts and identities in the store. A draft is saved whole, as the JSON of
//! `compose::Draft`, every time the compose window changes (cheap: one row), so a
//! crash or a closed window loses at most the last keystrokes.

use super::MailStore;
use crate::MailError;
use crate::compose::{Draft, Identity, new_message_id};
use rusqlite::{OptionalExtension, params};
use serde::Serialize;

/// What `save_draft` answers: the draft's id (keep it for the next save).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
#[ts(export, rename = "MailSavedDraft")]
pub struct SavedDraft {
    #[ts(type = "number")]
    pub id: i64,
    pub message_id: String,
    /// Unix milliseconds.
    #[ts(type = "number")]
    pub updated_at: i64,
}

pub(crate) fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or_default()
}

fn encode(draft: &Draft) -> Result<String, MailError> {
    serde_json::to_string(draft).map_err(|e| MailError::InvalidInput {
        reason: e.to_string(),
    })
}

fn decode(id: i64, data: &str) -> Draft {
    // A row that no longer parses (an older format) still opens, empty, with its id.
    let mut draft: Draft = serde_json::from_str(data).unwrap_or_default();
    draft.id = Some(id);
    draft
}

impl MailStore {
    /// Saves the draft (new when `draft.id` is `None`). Addresses are not checked
    /// here: a half-typed address is a normal state of a draft.
    pub fn save_draft(&self, draft: &Draft) -> Result<SavedDraft, MailError> {
        let mut draft = draft.clone();
        if draft.message_id.trim().is_empty() {
            draft.message_id = new_message_id(&draft.from.email);
        }
        let now = now_ms();
        self.db.transaction(|tx| {
            let id = match draft.id {
                Some(id) => {
                    let changed = tx.execute(
                        "UPDATE mail_drafts SET data = ?3, message_id = ?4, updated_at = ?5
                         WHERE id = ?1 AND account = ?2",
                        params![id, self.account, encode(&draft)?, draft.message_id, now],
                    )?;
                    if changed == 0 {
                        return Err(MailError::NotFound {
                            item: format!("draft {id}"),
                        });
                    }
                    id
                }
                None => {
                    tx.execute(
                        "INSERT INTO mail_drafts (account, message_id, data, updated_at)
                         VALUES (?1, ?2, '{}', ?3)",
                        params![self.account, draft.message_id, now],
                    )?;
                    let id = tx.last_insert_rowid();
                    draft.id = Some(id);
                    tx.execute(
                        "UPDATE mail_drafts SET data = ?2 WHERE id = ?1",
                        params![id, encode(&draft)?],
                    )?;
                    id
                }
            };
            Ok(SavedDraft {
                id,
                message_id: draft.message_id.clone(),
                updated_at: now,
            })
        })
    }

    pub fn draft(&self, id: i64) -> Result<Draft, MailError> {
        self.db.with_conn(|conn| {
            let data: Option<String> = conn
                .query_row(
                    "SELECT data FROM mail_drafts WHERE id = ?1 AND account = ?2",
                    params![id, self.account],
                    |r| r.get(0),
                )
                .optional()?;
            data.map(|d| decode(id, &d))
                .ok_or_else(|| MailError::NotFound {
                    item: format!("draft {id}"),
                })
        })
    }

    /// The local draft that carries `message_id` (without brackets), if there is one:
    /// a copy in Drafts that was saved here is continued from the local version,
    /// which may be newer than the uploaded one.
    pub fn draft_by_message_id(&self, message_id: &str) -> Result<Option<Draft>, MailError> {
        self.db.with_conn(|conn| {
            let row: Option<(i64, String)> = conn
                .query_row(
                    "SELECT id, data FROM mail_drafts WHERE account = ?1 AND message_id = ?2
                     ORDER BY updated_at DESC, id DESC LIMIT 1",
                    params![self.account, message_id],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .optional()?;
            Ok(row.map(|(id, data)| decode(id, &data)))
        })
    }

    /// The account's drafts, last changed first.
    pub fn drafts(&self) -> Result<Vec<Draft>, MailError> {
        self.db.with_conn(|conn| {
            let mut stmt = conn.prepare(
                "SELECT id, data FROM mail_drafts WHERE account = ?1 ORDER BY updated_at DESC, id DESC",
            )?;
            let rows = stmt
                .query_map([&self.account], |r| Ok(decode(r.get(0)?, &r.get::<_, String>(1)?)))?
                .collect::<Result<Vec<_>, _>>()?;
            Ok(rows)
        })
    }

    /// Drafts changed since their last copy went to the server, with the change time.
    pub fn drafts_to_upload(&self) -> Result<Vec<(Draft, i64)>, MailError> {
        self.db.with_conn(|conn| {
            let mut stmt = conn.prepare(
                "SELECT id, data, updated_at FROM mail_drafts WHERE account = ?1
                   AND (uploaded_at IS NULL OR uploaded_at < updated_at) ORDER BY id",
            )?;
            let rows = stmt
                .query_map([&self.account], |r| {
                    Ok((decode(r.get(0)?, &r.get::<_, String>(1)?), r.get(2)?))
                })?
                .collect::<Result<Vec<_>, _>>()?;
            Ok(rows)
        })
    }

    /// The server has the draft as it was at `version` (its `updated_at`).
    pub fn draft_uploaded(&self, id: i64, version: i64) -> Result<(), MailError> {
        self.db.with_conn(|conn| {
            conn.execute(
                "UPDATE mail_drafts SET uploaded_at = ?3 WHERE id = ?1 AND account = ?2",
                params![id, self.account, version],
            )?;
            Ok(())
        })
    }

    pub fn delete_draft(&self, id: i64) -> Result<(), MailError> {
        self.db.with_conn(|conn| {
            conn.execute(
                "DELETE FROM mail_drafts WHERE id = ?1 AND account = ?2",
                params![id, self.account],
            )?;
            Ok(())
        })
    }

    /// The identities stored for the account, the default first. The account's own
    /// name and address is the implicit default when none is stored (the workplace
    /// adds it; see `Workplace::mail_identities`).
    pub fn identities(&self) -> Result<Vec<Identity>, MailError> {
        self.db.with_conn(|conn| {
            let mut stmt = conn.prepare(
                "SELECT name, email, signature, reply_to FROM mail_identities WHERE account = ?1
                 ORDER BY position, id",
            )?;
            let rows = stmt
                .query_map([&self.account], |r| {
                    Ok(Identity {
                        name: r.get(0)?,
                        email: r.get(1)?,
                        signature: r.get(2)?,
                        reply_to: r.get(3)?,
                    })
                })?
                .collect::<Result<Vec<_>, _>>()?;
            Ok(rows)
        })
    }

    /// Adds or changes the identity with this address (checked); `position` 0 makes
    /// it the default.
    pub fn save_identity(&self, identity: &Identity, position: i64) -> Result<(), MailError> {
        let checked = crate::compose::Mailbox::new(&identity.name, &identity.email)?;
        let reply_to = match identity.reply_to.as_deref().map(str::trim) {
            Some(r) if !r.is_empty() => Some(crate::compose::validate_email(r)?),
            _ => None,
        };
        self.db.with_conn(|conn| {
            conn.execute(
                "INSERT INTO mail_identities (account, name, email, signature, reply_to, position)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)
                 ON CONFLICT (account, email) DO UPDATE SET name = excluded.name,
                   signature = excluded.signature, reply_to = excluded.reply_to,
                   position = excluded.position",
                params![
                    self.account,
                    checked.name,
                    checked.email,
                    identity.signature,
                    reply_to,
                    position
                ],
            )?;
            Ok(())
        })
    }

    pub fn delete_identity(&self, email: &str) -> Result<(), MailError> {
        self.db.with_conn(|conn| {
            conn.execute(
                "DELETE FROM mail_identities WHERE account = ?1 AND email = ?2 COLLATE NOCASE",
                params![self.account, email],
            )?;
            Ok(())
        })
    }
}
