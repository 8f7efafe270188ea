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

    /// Replaces the account's identities with `identities`, in this order (the first is
    /// the default), in one transaction. Every address is checked, names lose their line
    /// breaks; an empty list or an address twice is refused and nothing changes.
    pub fn set_identities(&self, identities: &[Identity]) -> Result<Vec<Identity>, MailError> {
        if identities.is_empty() {
            return Err(MailError::InvalidInput {
                reason: "at least one identity is needed to send mail".into(),
            });
        }
        let mut checked = Vec::with_capacity(identities.len());
        for identity in identities {
            let mailbox = crate::compose::Mailbox::new(&identity.name, &identity.email)?;
            if checked
                .iter()
                .any(|(m, _): &(crate::compose::Mailbox, _)| m.same_address(&mailbox.email))
            {
                return Err(MailError::InvalidInput {
                    reason: format!("{} is listed twice", mailbox.email),
                });
            }
            let reply_to = match identity.reply_to.as_deref().map(str::trim) {
                Some(r) if !r.is_empty() => Some(crate::compose::validate_email(r)?),
                _ => None,
            };
            checked.push((mailbox, (identity.signature.clone(), reply_to)));
        }
        self.db.transaction(|tx| {
            tx.execute(
                "DELETE FROM mail_identities WHERE account = ?1",
                [&self.account],
            )?;
            for (position, (mailbox, (signature, reply_to))) in checked.iter().enumerate() {
                tx.execute(
                    "INSERT INTO mail_identities (account, name, email, signature, reply_to, position)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                    params![
                        self.account,
                        mailbox.name,
                        mailbox.email,
                        signature,
                        reply_to,
                        position as i64
                    ],
                )?;
            }
            Ok::<_, MailError>(())
        })?;
        self.identities()
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

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;
    use werkbank_store::Store;

    fn identity(name: &str, email: &str, signature: &str) -> Identity {
        Identity {
            name: name.into(),
            email: email.into(),
            signature: signature.into(),
            reply_to: None,
        }
    }

    #[test]
    fn identities_are_replaced_as_a_whole_in_order_and_bad_lists_change_nothing() {
        let db = Arc::new(Store::open_in_memory().unwrap());
        let store = MailStore::open(db.clone(), "work").unwrap();
        let other = MailStore::open(db, "home").unwrap();
        other
            .set_identities(&[identity("Privat", "me@home.test", "")])
            .unwrap();

        let saved = store
            .set_identities(&[
                identity(
                    "Alice\r\nBcc: evil@x.test",
                    "alice@example.test",
                    "Alice\nReferat 3",
                ),
                Identity {
                    reply_to: Some(" team@example.test ".into()),
                    ..identity("Poststelle", "post@example.test", "")
                },
            ])
            .unwrap();
        assert_eq!(
            saved[0].name, "Alice Bcc: evil@x.test",
            "no line break survives"
        );
        assert_eq!(saved[0].signature, "Alice\nReferat 3");
        assert_eq!(saved[1].reply_to.as_deref(), Some("team@example.test"));

        // The default changes by order; a removed identity is gone.
        let saved = store
            .set_identities(&[identity("Poststelle", "post@example.test", "P")])
            .unwrap();
        assert_eq!(saved, [identity("Poststelle", "post@example.test", "P")]);

        for bad in [
            vec![],
            vec![identity("A", "not an address", "")],
            vec![
                identity("A", "a@example.test", ""),
                identity("B", "A@Example.test", ""),
            ],
            vec![Identity {
                reply_to: Some("nope".into()),
                ..identity("A", "a@example.test", "")
            }],
        ] {
            assert!(store.set_identities(&bad).is_err(), "{bad:?}");
            assert_eq!(
                store.identities().unwrap(),
                saved,
                "unchanged after {bad:?}"
            );
        }
        assert_eq!(
            other.identities().unwrap().len(),
            1,
            "other accounts untouched"
        );
    }
}
