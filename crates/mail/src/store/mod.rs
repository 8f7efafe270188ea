//! The mail part of the profile's SQLite store: folders, messages, raw bodies, the
//! full-text index, the journal of local actions, drafts, identities and the outbox.
//!
//! Every change the sync engine makes is one transaction, so a kill at any moment
//! leaves either the state before or the state after a batch — and the folder's sync
//! state (`complete_from`, `highestmodseq`) only moves forward together with the
//! messages it describes.

mod bodies;
mod compose;
mod journal;
mod keys;
mod messages;
pub mod model;
mod outbox;
mod people;
mod threads;

pub(crate) mod messages_sql {
    pub(crate) use super::messages::{SUMMARY_COLUMNS, summary_row};
}
pub(crate) use messages::{FTS_ID_MASK, FTS_KEY_SQL, fts_key, reindex_row, write_entry};

pub use bodies::BodyFiles;
pub use compose::SavedDraft;
pub use journal::{JournalEntry, JournalKind};
pub use messages::{FetchedHeader, ParsedBodies, ParsedHeaders};
pub use model::{
    Folder, FolderState, MessageDetail, MessageSummary, Notice, Role, SearchHit, SnippetPart,
};
pub use outbox::{OutboxEntry, OutboxState};
pub use threads::StoredKeys;

use crate::MailError;
use rusqlite::{OptionalExtension, Row, params};
use std::sync::Arc;
use werkbank_store::{Migration, Store};

const MIGRATIONS: &[Migration] = &[
    Migration {
        version: 1,
        sql: include_str!("migrations/0001_init.sql"),
    },
    Migration {
        version: 2,
        sql: include_str!("migrations/0002_outbox.sql"),
    },
    Migration {
        version: 3,
        sql: include_str!("migrations/0003_people.sql"),
    },
    Migration {
        version: 4,
        sql: include_str!("migrations/0004_newest_first.sql"),
    },
    Migration {
        version: 5,
        sql: include_str!("migrations/0005_folder_counts.sql"),
    },
    Migration {
        version: 6,
        sql: include_str!("migrations/0006_deferred_index.sql"),
    },
    Migration {
        version: 7,
        sql: include_str!("migrations/0007_body_files.sql"),
    },
    Migration {
        version: 8,
        sql: include_str!("migrations/0008_body_packs.sql"),
    },
    Migration {
        version: 9,
        sql: include_str!("migrations/0009_fts_automerge.sql"),
    },
    Migration {
        version: 10,
        sql: include_str!("migrations/0010_lookup_keys.sql"),
    },
];

/// One account's view of the mail tables.
#[derive(Debug, Clone)]
pub struct MailStore {
    db: Arc<Store>,
    account: String,
    /// Where raw messages are written; `None` for an in-memory database (then they
    /// are kept in `mail_bodies`).
    files: Option<Arc<BodyFiles>>,
}

/// A folder as LIST reported it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListedFolder {
    pub name: String,
    pub delimiter: Option<String>,
    pub role: Option<Role>,
    pub subscribed: bool,
    pub selectable: bool,
}

impl MailStore {
    /// Brings the mail schema up to date and returns the account's view.
    pub fn open(db: Arc<Store>, account: &str) -> Result<MailStore, MailError> {
        // Migration 0010 fills the lookup keys of older rows with these functions.
        db.with_conn(|conn| keys::register(conn))?;
        db.migrate("mail", MIGRATIONS)?;
        Ok(MailStore {
            files: BodyFiles::beside(&db).map(Arc::new),
            db,
            account: account.to_string(),
        })
    }

    /// Where raw messages are written (`None`: in the database).
    pub fn body_files(&self) -> Option<Arc<BodyFiles>> {
        self.files.clone()
    }

    pub fn account(&self) -> &str {
        &self.account
    }

    pub fn db(&self) -> &Store {
        &self.db
    }

    /// Makes the folder table match LIST: new folders added, vanished ones removed with
    /// their messages (but not their journal: a pending action there is reported when
    /// it is replayed), attributes updated.
    pub fn sync_folders(&self, listed: &[ListedFolder]) -> Result<(), MailError> {
        self.db.transaction(|tx| {
            let mut known: Vec<String> = {
                let mut stmt = tx.prepare("SELECT name FROM mail_folders WHERE account = ?1")?;
                stmt.query_map([&self.account], |r| r.get(0))?
                    .collect::<Result<_, _>>()?
            };
            for folder in listed {
                let display = crate::imap::utf7::decode(&folder.name);
                tx.execute(
                    "INSERT INTO mail_folders (account, name, display, delimiter, role, subscribed, selectable)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
                     ON CONFLICT (account, name) DO UPDATE SET display = excluded.display,
                       delimiter = excluded.delimiter, role = excluded.role,
                       subscribed = excluded.subscribed, selectable = excluded.selectable",
                    params![
                        self.account,
                        folder.name,
                        display,
                        folder.delimiter,
                        folder.role.map(Role::as_str),
                        folder.subscribed,
                        folder.selectable
                    ],
                )?;
                known.retain(|n| n != &folder.name);
            }
            for gone in known {
                delete_folder_rows(tx, &self.account, &gone)?;
            }
            Ok::<_, MailError>(())
        })
    }

    /// The INBOX row if its headers are not all stored yet — created if the folder
    /// list was not read yet (every account has an INBOX, RFC 3501; the next LIST
    /// fills in the rest of it); `None` once its first sync is complete.
    pub fn inbox_to_complete(&self) -> Result<Option<Folder>, MailError> {
        let complete_from: Option<Option<u32>> = self.db.with_conn(|conn| {
            Ok::<_, MailError>(
                conn.prepare_cached(
                    "SELECT complete_from FROM mail_folders WHERE account = ?1 AND name = 'INBOX'",
                )?
                .query_row([&self.account], |r| r.get(0))
                .optional()?,
            )
        })?;
        match complete_from {
            Some(Some(1)) => return Ok(None),
            Some(_) => {}
            None => self.db.transaction(|tx| {
                tx.execute(
                    "INSERT INTO mail_folders (account, name, display, role, subscribed, selectable)
                     VALUES (?1, 'INBOX', 'INBOX', ?2, 1, 1) ON CONFLICT (account, name) DO NOTHING",
                    params![self.account, Role::Inbox.as_str()],
                )?;
                Ok::<_, MailError>(())
            })?,
        }
        Ok(self.folders()?.into_iter().find(|f| f.name == "INBOX"))
    }

    /// All folders with their counts, INBOX and the special folders first.
    pub fn folders(&self) -> Result<Vec<Folder>, MailError> {
        self.db.with_conn(|conn| {
            let mut stmt = conn.prepare_cached(&format!(
                "{FOLDER_SELECT} WHERE f.account = ?1
                 ORDER BY CASE f.role WHEN 'inbox' THEN 0 WHEN 'drafts' THEN 1 WHEN 'sent' THEN 2
                   WHEN 'archive' THEN 3 WHEN 'junk' THEN 4 WHEN 'trash' THEN 5 ELSE 6 END,
                   f.display COLLATE NOCASE"
            ))?;
            let folders = stmt
                .query_map([&self.account], folder_row)?
                .collect::<Result<Vec<_>, _>>()?;
            Ok(folders)
        })
    }

    /// The ids of the account's folders (without counting their messages).
    pub fn folder_ids(&self) -> Result<Vec<i64>, MailError> {
        self.db.with_conn(|conn| {
            let mut stmt = conn.prepare_cached("SELECT id FROM mail_folders WHERE account = ?1")?;
            let ids = stmt
                .query_map([&self.account], |r| r.get(0))?
                .collect::<Result<Vec<i64>, _>>()?;
            Ok(ids)
        })
    }

    pub fn folder(&self, id: i64) -> Result<Folder, MailError> {
        self.db.with_conn(|conn| {
            conn.query_row(
                &format!("{FOLDER_SELECT} WHERE f.account = ?1 AND f.id = ?2"),
                params![self.account, id],
                folder_row,
            )
            .optional()?
            .ok_or_else(|| MailError::NotFound {
                item: format!("folder {id}"),
            })
        })
    }

    /// A folder by its display name, wire name or role (`inbox`, `trash`, …).
    pub fn find_folder(&self, name: &str) -> Result<Folder, MailError> {
        let folders = self.folders()?;
        let found = folders
            .iter()
            .find(|f| f.display == name || f.name == name)
            .or_else(|| {
                Role::parse(name).and_then(|role| folders.iter().find(|f| f.role == Some(role)))
            })
            .or_else(|| {
                folders
                    .iter()
                    .find(|f| f.display.eq_ignore_ascii_case(name))
            });
        found.cloned().ok_or_else(|| MailError::NotFound {
            item: format!("folder \"{name}\""),
        })
    }

    pub fn folder_by_role(&self, role: Role) -> Result<Option<Folder>, MailError> {
        Ok(self.folders()?.into_iter().find(|f| f.role == Some(role)))
    }

    /// Records what the server said about the folder after a sync step.
    pub fn set_folder_state(
        &self,
        id: i64,
        state: FolderState,
        server_total: u32,
    ) -> Result<(), MailError> {
        self.db.with_conn(|conn| {
            conn.execute(
                "UPDATE mail_folders SET uidvalidity = ?2, uidnext = ?3, highestmodseq = ?4,
                   complete_from = ?5, server_total = ?6 WHERE id = ?1",
                params![
                    id,
                    state.uidvalidity,
                    state.uidnext,
                    state.highestmodseq.map(|m| m as i64),
                    state.complete_from,
                    server_total
                ],
            )?;
            Ok(())
        })
    }

    /// The server gave the folder a new UIDVALIDITY: every UID we hold for it is
    /// meaningless now. Messages are dropped (the resync fetches them again); rows
    /// still waiting for their UID after a local move stay and are matched again by
    /// Message-ID; journal entries keep the old UIDVALIDITY and are re-resolved.
    pub fn reset_folder(&self, id: i64, uidvalidity: u32) -> Result<(), MailError> {
        self.db.transaction(|tx| {
            delete_index_entries(tx, "m.folder_id = ?1 AND m.uid IS NOT NULL", [id])?;
            tx.execute(
                "DELETE FROM mail_messages WHERE folder_id = ?1 AND uid IS NOT NULL",
                [id],
            )?;
            tx.execute(
                "UPDATE mail_folders SET uidvalidity = ?2, uidnext = NULL, highestmodseq = NULL,
                   complete_from = NULL WHERE id = ?1",
                params![id, uidvalidity],
            )?;
            Ok::<_, MailError>(())
        })
    }

    /// Forgets a folder that was deleted or renamed on the server.
    pub fn remove_folder(&self, name: &str) -> Result<(), MailError> {
        self.db
            .transaction(|tx| delete_folder_rows(tx, &self.account, name))
    }

    /// Deletes everything kept for this account, once the account has left the profile:
    /// its folders with their messages and full-text entries, the journal, notices,
    /// drafts, the outbox, identities and remote-content choices; its message files are
    /// removed at once. An account added later under the same id starts empty.
    pub fn remove_account(&self) -> Result<(), MailError> {
        self.db.transaction(|tx| {
            delete_index_entries(tx, "f.account = ?1", [&self.account])?;
            // The journal and the outbox before what they refer to; messages go with
            // their folders (ON DELETE CASCADE), their files to `mail_dead_bodies`.
            for table in [
                "mail_journal",
                "mail_outbox",
                "mail_drafts",
                "mail_identities",
                "mail_notices",
                "mail_remote_senders",
                "mail_folders",
            ] {
                tx.execute(
                    &format!("DELETE FROM {table} WHERE account = ?1"),
                    [&self.account],
                )?;
            }
            Ok::<_, MailError>(())
        })?;
        self.collect_dead_bodies()?;
        Ok(())
    }

    /// Notices for the user, oldest first.
    pub fn notices(&self) -> Result<Vec<Notice>, MailError> {
        self.db.with_conn(|conn| {
            let mut stmt = conn.prepare(
                "SELECT id, code, details, created_at FROM mail_notices WHERE account = ?1 ORDER BY id",
            )?;
            let rows = stmt
                .query_map([&self.account], |r| {
                    let details: String = r.get(2)?;
                    Ok(Notice {
                        id: r.get(0)?,
                        code: r.get(1)?,
                        details: serde_json::from_str(&details).unwrap_or_default(),
                        created_at: r.get(3)?,
                    })
                })?
                .collect::<Result<Vec<_>, _>>()?;
            Ok(rows)
        })
    }

    pub fn dismiss_notice(&self, id: i64) -> Result<(), MailError> {
        self.db.with_conn(|conn| {
            conn.execute(
                "DELETE FROM mail_notices WHERE id = ?1 AND account = ?2",
                params![id, self.account],
            )?;
            Ok(())
        })
    }
}

fn delete_folder_rows(
    tx: &rusqlite::Transaction<'_>,
    account: &str,
    name: &str,
) -> Result<(), MailError> {
    delete_index_entries(tx, "f.account = ?1 AND f.name = ?2", params![account, name])?;
    tx.execute(
        "DELETE FROM mail_folders WHERE account = ?1 AND name = ?2",
        params![account, name],
    )?;
    Ok(())
}

/// Deletes the full-text entries of the messages `condition` selects (over
/// `mail_messages m` joined with their folder `f`), before the rows themselves go:
/// the index is keyed by date and id, so it cannot follow the rows by itself.
fn delete_index_entries(
    tx: &rusqlite::Transaction<'_>,
    condition: &str,
    params: impl rusqlite::Params,
) -> Result<(), MailError> {
    tx.execute(
        &format!(
            "DELETE FROM mail_fts WHERE rowid IN (SELECT {FTS_KEY_SQL} FROM mail_messages m
               JOIN mail_folders f ON f.id = m.folder_id WHERE {condition})"
        ),
        params,
    )?;
    Ok(())
}

pub(crate) fn add_notice(
    tx: &rusqlite::Transaction<'_>,
    account: &str,
    code: &str,
    details: &[(&str, &str)],
) -> Result<(), MailError> {
    let map: std::collections::BTreeMap<&str, &str> = details.iter().copied().collect();
    tx.execute(
        "INSERT INTO mail_notices (account, code, details, created_at) VALUES (?1, ?2, ?3, unixepoch())",
        params![account, code, serde_json::to_string(&map).unwrap_or_default()],
    )?;
    Ok(())
}

const FOLDER_SELECT: &str = "SELECT f.id, f.account, f.name, f.display, f.delimiter, f.role,
    f.subscribed, f.selectable, f.uidvalidity, f.uidnext, f.highestmodseq, f.complete_from,
    f.server_total,
    (SELECT COUNT(*) FROM mail_messages m WHERE m.folder_id = f.id AND m.hidden = 0 AND m.seen = 0),
    (SELECT COUNT(*) FROM mail_messages m WHERE m.folder_id = f.id AND m.hidden = 0)
    FROM mail_folders f";

fn folder_row(r: &Row<'_>) -> rusqlite::Result<Folder> {
    let role: Option<String> = r.get(5)?;
    let highestmodseq: Option<i64> = r.get(10)?;
    Ok(Folder {
        id: r.get(0)?,
        account: r.get(1)?,
        name: r.get(2)?,
        display: r.get(3)?,
        delimiter: r.get(4)?,
        role: role.as_deref().and_then(Role::parse),
        subscribed: r.get(6)?,
        selectable: r.get(7)?,
        state: FolderState {
            uidvalidity: r.get(8)?,
            uidnext: r.get(9)?,
            highestmodseq: highestmodseq.map(|m| m as u64),
            complete_from: r.get(11)?,
        },
        server_total: r.get(12)?,
        unread: r.get(13)?,
        total: r.get(14)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A header FETCH answer for `uid` carrying `text` (header fields or a whole
    /// message), unflagged, its size the text's.
    fn fetched(uid: u32, text: &str) -> FetchedHeader {
        FetchedHeader {
            uid,
            flags: Default::default(),
            modseq: 1,
            size: text.len() as u32,
            internal_date: 0,
            header: text.as_bytes().to_vec(),
        }
    }

    /// The full-text index merges its segments 16 at a time (migration 0009), on new
    /// profiles and on migrated ones.
    #[test]
    fn the_full_text_index_merges_sixteen_segments_at_a_time() {
        let db = Arc::new(Store::open_in_memory().unwrap());
        db.migrate("mail", &MIGRATIONS[..8]).unwrap();
        let automerge = |db: &Store| -> Option<i64> {
            db.with_conn(|c| {
                c.query_row(
                    "SELECT v FROM mail_fts_config WHERE k = 'automerge'",
                    [],
                    |r| r.get(0),
                )
                .optional()
            })
            .unwrap()
        };
        assert_eq!(automerge(&db), None, "FTS5's default before");
        MailStore::open(db.clone(), "a").unwrap();
        assert_eq!(automerge(&db), Some(16));
    }

    /// A profile from before migration 4 (FTS rowid = message id) searches newest first
    /// afterwards, and new rows are keyed the new way beside the migrated ones.
    #[test]
    fn an_older_full_text_index_is_keyed_newest_first() {
        let db = Arc::new(Store::open_in_memory().unwrap());
        db.migrate("mail", &MIGRATIONS[..3]).unwrap();
        db.with_conn(|c| {
            c.execute_batch(
                "INSERT INTO mail_folders (id, account, name, display) VALUES (1, 'a', 'INBOX', 'INBOX');
                 INSERT INTO mail_messages (id, folder_id, uid, subject, date)
                   VALUES (1, 1, 1, 'neu', 2000000000), (2, 1, 2, 'alt', 1000000000),
                          (3, 1, 3, 'ohne Datum', 0);
                 INSERT INTO mail_fts (rowid, sender, recipients, subject, body, attachments)
                   VALUES (1, '', '', 'neu', 'Haushalt neu', ''),
                          (2, '', '', 'alt', 'Haushalt alt', ''),
                          (3, '', '', 'ohne Datum', 'Haushalt ohne', ''),
                          (9, '', '', 'verwaist', 'Haushalt weg', '');",
            )
        })
        .unwrap();
        let store = MailStore::open(db, "a").unwrap();
        let subjects = |q: &str| {
            store
                .search(q, 10)
                .unwrap()
                .hits
                .into_iter()
                .map(|h| h.message.subject)
                .collect::<Vec<_>>()
        };
        assert_eq!(subjects("Haushalt"), ["neu", "alt", "ohne Datum"]);
        assert_eq!(subjects("Haushalt"), subjects("haushalt"));
        let page = store.search("Haushalt", 2).unwrap();
        assert_eq!(page.hits.len(), 2);
        assert!(page.hits[0].snippet.iter().any(|p| p.hit));
        store
            .db()
            .transaction(|tx| messages::delete_row(tx, 1))
            .unwrap();
        assert_eq!(subjects("Haushalt"), ["alt", "ohne Datum"]);
    }

    /// Rows from before migration 0010 get their lookup keys: they are found by
    /// Message-ID and sender, and new headers thread with them both ways.
    #[test]
    fn older_rows_are_found_by_their_lookup_keys() {
        let db = Arc::new(Store::open_in_memory().unwrap());
        db.migrate("mail", &MIGRATIONS[..9]).unwrap();
        db.with_conn(|c| {
            c.execute_batch(
                "INSERT INTO mail_folders (id, account, name, display, role)
                   VALUES (1, 'a', 'INBOX', 'INBOX', 'inbox');
                 INSERT INTO mail_messages (id, folder_id, uid, message_id, in_reply_to, from_addr,
                     thread_id, date)
                   VALUES (1, 1, 1, 'root@x', NULL, 'Anna.Berg@Example.org', 1, 1000),
                          (2, 1, 2, 'answer@x', 'parent@x', 'bob@example.org', 2, 3000);",
            )
        })
        .unwrap();
        let store = MailStore::open(db, "a").unwrap();
        assert_eq!(store.message_by_message_id("root@x").unwrap(), Some(1));
        assert_eq!(store.message_by_message_id("root@y").unwrap(), None);
        assert!(
            store
                .corresponded_with("anna.berg@EXAMPLE.org", 99)
                .unwrap()
        );
        assert!(!store.corresponded_with("anna@example.org", 99).unwrap());

        let batch = [
            fetched(
                3,
                "Message-ID: <child@x>\r\nIn-Reply-To: <root@x>\r\nReferences: <root@x>\r\n\r\n",
            ),
            fetched(4, "Message-ID: <parent@x>\r\n\r\n"),
        ];
        assert_eq!(store.apply_header_batch(1, &batch, None).unwrap(), 2);
        let thread = |uid: u32| -> i64 {
            store
                .db()
                .with_conn(|c| {
                    c.query_row(
                        "SELECT thread_id FROM mail_messages WHERE uid = ?1",
                        [uid],
                        |r| r.get(0),
                    )
                })
                .unwrap()
        };
        assert_eq!(thread(3), 1, "a new reply joins its stored parent's thread");
        assert_eq!(
            thread(2),
            thread(4),
            "a stored reply joins its new parent's thread"
        );
        assert_ne!(thread(4), 1);
    }

    /// A batch of bodies goes into the full-text index as one segment: the rows are
    /// updated before the index entries are written, because FTS5 writes its pending
    /// terms out at every statement savepoint (and the row update opens one).
    #[test]
    fn a_batch_of_bodies_is_indexed_as_one_segment() {
        let store = MailStore::open(Arc::new(Store::open_in_memory().unwrap()), "a").unwrap();
        let folder = store
            .db()
            .with_conn(|c| {
                c.execute(
                    "INSERT INTO mail_folders (account, name, display) VALUES ('a', 'INBOX', 'INBOX')",
                    [],
                )?;
                Ok::<_, rusqlite::Error>(c.last_insert_rowid())
            })
            .unwrap();
        let message = |uid: u32| {
            format!(
                "Message-ID: <m{uid}@x>\r\nFrom: a{uid}@example.test\r\nSubject: Bericht {uid}\r\n\
                 Date: Mon, 23 Nov 2026 09:00:{:02} +0000\r\n\r\nHaushalt Wort{uid} Zeile\r\n",
                uid % 60
            )
        };
        let headers: Vec<FetchedHeader> = (1..=60).map(|uid| fetched(uid, &message(uid))).collect();
        store.apply_header_batch(folder, &headers, None).unwrap();
        let bodies = (1..=60)
            .rev()
            .map(|uid| (uid, message(uid).into_bytes()))
            .collect();
        assert_eq!(
            store
                .store_parsed_bodies(folder, &ParsedBodies::parse(bodies))
                .unwrap(),
            60
        );
        let segments: i64 = store
            .db()
            .with_conn(|c| {
                c.query_row("SELECT COUNT(DISTINCT segid) FROM mail_fts_idx", [], |r| {
                    r.get(0)
                })
            })
            .unwrap();
        assert_eq!(segments, 1);
        assert_eq!(store.search("Wort17", 10).unwrap().hits.len(), 1);
        assert_eq!(store.search("Haushalt", 100).unwrap().hits.len(), 60);
    }

    #[test]
    fn the_key_orders_by_date_then_id() {
        use messages::fts_key;
        assert!(fts_key(2, 1) > fts_key(1, 5));
        assert!(fts_key(1, 6) > fts_key(1, 5));
        assert_eq!(
            fts_key(-5, 7),
            fts_key(0, 7),
            "dates before 1970 count as 1970"
        );
        assert_eq!(fts_key(1_700_000_000, 42) & FTS_ID_MASK, 42);
    }
}
