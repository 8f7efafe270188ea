//! The sync engine: one pass brings the store and the server into agreement —
//! folders, the journal replayed, changes since the last pass (QRESYNC, CONDSTORE or a
//! full flag comparison), new messages, headers of older ones newest first, and bodies
//! as the policy asks. [`Syncer::watch`] keeps doing it: IDLE on INBOX, a poll for the
//! other folders, reconnects with backoff.
//!
//! Crash safety comes from the order of writes: every batch is one transaction, and a
//! folder's sync state only advances with (or after) the data it vouches for. A pass
//! that is killed anywhere leaves a store the next pass completes.

mod download;
pub(crate) mod fetch;
mod folder;
mod pipeline;
mod push;
mod replay;

use crate::MailError;
use crate::envelope::HEADER_FIELDS;
use crate::imap::trace::Trace;
use crate::imap::{Connection, Extensions};
use crate::probe::Endpoint;
use crate::search::index::LoadedIndex;
use crate::store::{Folder, MailStore, Role};
use download::{Indexing, Mailbox};
use folder::Status;
use serde::Serialize;
use std::collections::HashMap;
use std::sync::Arc;
use tokio::sync::{Notify, broadcast};
use werkbank_account::module::{ModuleEvent, ModuleEventKind};
use werkbank_net::Net;

pub use push::WatchOptions;

/// Which bodies a pass downloads (the rest come on open).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bodies {
    /// Headers only.
    None,
    /// Messages of the last `days` days, at most `max` per folder and none larger than
    /// `max_size` bytes: what people open. Big messages (attachments) come on open.
    Recent {
        days: u32,
        max: usize,
        max_size: u32,
    },
    /// Everything (offline use, benchmarks).
    All,
}

#[derive(Debug, Clone)]
pub struct SyncOptions {
    pub bodies: Bodies,
    /// Only these folders (display or wire names, or roles); all when empty.
    pub folders: Vec<String>,
    pub extensions: Extensions,
    /// Records the commands sent, for tests and `--trace`.
    pub trace: Option<Trace>,
    /// How many of the newest headers come first, before the rest in larger batches.
    pub first_batch: u32,
    pub batch: u32,
    /// Connections a large body download may use at once (1: the pass's own only).
    pub download_connections: u8,
}

impl Default for SyncOptions {
    fn default() -> Self {
        SyncOptions {
            bodies: Bodies::Recent {
                days: 14,
                max: 200,
                max_size: 512 * 1024,
            },
            folders: Vec::new(),
            extensions: Extensions::default(),
            trace: None,
            first_batch: 50,
            // Each window costs a round trip and a hand-over between the stages: on a
            // 100,000-message INBOX, windows of 1,000 / 2,000 / 5,000 / 10,000 stored
            // all headers in 4.4 / 3.7 / 3.2 / 3.2 s, with 63 / 69 / 83 / 105 MiB peak.
            batch: 5000,
            // A second connection lets the server work on a second core: 100,000 bodies
            // came from Dovecot in 11.6 s on one connection, 8.3 s on two (two cores;
            // three or four gave nothing more).
            download_connections: 2,
        }
    }
}

/// What one pass did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, ts_rs::TS)]
#[ts(export, rename = "MailSyncReport")]
pub struct SyncReport {
    pub folders: u32,
    pub new_messages: u32,
    pub flag_updates: u32,
    pub expunged: u32,
    pub replayed: u32,
    pub dropped: u32,
    pub bodies: u32,
    /// Folders a LIST-STATUS check found unchanged (no SELECT needed).
    pub unchanged_folders: u32,
}

/// The account's IMAP side: where, who, and the store it syncs into.
#[derive(Clone)]
pub struct Syncer {
    store: MailStore,
    net: Net,
    endpoint: Endpoint,
    user: String,
    password: String,
    events: Option<broadcast::Sender<ModuleEvent>>,
    /// One pass at a time per account: a replay running twice would send an action twice.
    lock: Arc<tokio::sync::Mutex<()>>,
    /// Wakes the watcher for a pass now (an action was journaled).
    nudge: Arc<Notify>,
}

impl std::fmt::Debug for Syncer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Syncer")
            .field("account", &self.store.account())
            .field("host", &self.endpoint.host)
            .finish()
    }
}

impl Syncer {
    pub fn new(
        store: MailStore,
        net: Net,
        endpoint: Endpoint,
        user: &str,
        password: &str,
    ) -> Syncer {
        Syncer {
            store,
            net,
            endpoint,
            user: user.to_string(),
            password: password.to_string(),
            events: None,
            lock: Arc::new(tokio::sync::Mutex::new(())),
            nudge: Arc::new(Notify::new()),
        }
    }

    /// Shares the "sync now" signal of the workplace (see `SyncContext::nudge`).
    pub fn with_nudge(mut self, nudge: Arc<Notify>) -> Syncer {
        self.nudge = nudge;
        self
    }

    /// Asks the watcher for a pass now; remembered if it is busy.
    pub fn nudge(&self) {
        self.nudge.notify_one();
    }

    /// Progress and change events go here (the desktop's status bar).
    pub fn with_events(mut self, events: broadcast::Sender<ModuleEvent>) -> Syncer {
        self.events = Some(events);
        self
    }

    pub fn store(&self) -> &MailStore {
        &self.store
    }

    pub(crate) async fn connect(&self, options: &SyncOptions) -> Result<Connection, MailError> {
        Connection::open(
            &self.net,
            &self.endpoint,
            &self.user,
            &self.password,
            options.extensions,
            options.trace.clone(),
        )
        .await
    }

    /// One full pass over the account (or the folders in `options.folders`).
    pub async fn sync(&self, options: &SyncOptions) -> Result<SyncReport, MailError> {
        let _one_at_a_time = self.lock.lock().await;
        let mut conn = self.connect(options).await?;
        let result = self.sync_on(&mut conn, options).await;
        if result.is_ok() {
            conn.logout().await;
        }
        result
    }

    /// A pass on a connection that is already open and logged in (the IDLE connection
    /// after DONE): no new TLS session and login, and the server keeps the mailbox
    /// open, which is most of the time from new mail to the store.
    pub(crate) async fn sync_with(
        &self,
        conn: &mut Connection,
        options: &SyncOptions,
    ) -> Result<SyncReport, MailError> {
        let _one_at_a_time = self.lock.lock().await;
        self.sync_on(conn, options).await
    }

    async fn sync_on(
        &self,
        conn: &mut Connection,
        options: &SyncOptions,
    ) -> Result<SyncReport, MailError> {
        let mut report = SyncReport::default();
        let inbox_first = self.inbox_first(options)?;
        let listed_aside = match &inbox_first {
            Some(inbox) => {
                // The folder list comes over a second connection meanwhile, so the
                // other folders appear at once; without one, after INBOX.
                let (synced, listed) = tokio::join!(
                    folder::sync(self, conn, inbox, None, options, &mut report),
                    self.list_aside(options),
                );
                synced?;
                report.folders += 1;
                listed
            }
            None => None,
        };
        let statuses = match listed_aside {
            Some(statuses) => statuses,
            None => folder::list(conn, &self.store, true).await?,
        };
        self.drop_orphaned_journal(&mut report)?;
        let mut folders = self.store.folders()?;
        if !options.folders.is_empty() {
            let wanted: Vec<i64> = options
                .folders
                .iter()
                .filter_map(|name| self.store.find_folder(name).ok().map(|f| f.id))
                .collect();
            folders.retain(|f| wanted.contains(&f.id));
        }
        let done_first = inbox_first.map(|inbox| inbox.id);
        for folder in folders
            .into_iter()
            .filter(|f| f.selectable && Some(f.id) != done_first)
        {
            let status = statuses.get(&folder.name);
            folder::sync(self, conn, &folder, status, options, &mut report).await?;
            report.folders += 1;
        }
        self.index_pending().await?;
        // Files of messages this pass removed (expunged, moved away, folder reset).
        let store = self.store.clone();
        blocking(move || store.collect_dead_bodies()).await?;
        self.emit(ModuleEventKind::Idle);
        Ok(report)
    }

    /// INBOX, when its headers are not all stored yet (a new account, or a first sync
    /// cut short) and the pass includes it: synced before the pass's connection reads
    /// the folder list. The newest mail is what a new account waits for, and Dovecot
    /// loads a large maildir INBOX once per opening — at the first header FETCH, or at
    /// the opening itself when the session listed folders before: LIST-STATUS then
    /// SELECT loaded 100,000 messages twice (58 + 48 ms), SELECT first once.
    fn inbox_first(&self, options: &SyncOptions) -> Result<Option<Folder>, MailError> {
        let wanted = options.folders.is_empty()
            || options.folders.iter().any(|name| {
                name.eq_ignore_ascii_case("INBOX") || Role::parse(name) == Some(Role::Inbox)
            });
        if !wanted {
            return Ok(None);
        }
        self.store.inbox_to_complete()
    }

    /// The folder list (stored) read over a connection of its own, for a pass whose
    /// connection is busy with INBOX; `None` when the pass may use only its own
    /// (`download_connections` 1) or the other one cannot log in or list — the pass's
    /// connection lists then. Without STATUS: that would open INBOX in the other
    /// session too (Dovecot loads a large one again, CPU the header sync needs), and
    /// the first sync of a folder selects it anyway.
    async fn list_aside(&self, options: &SyncOptions) -> Option<HashMap<String, Status>> {
        if options.download_connections < 2 {
            return None;
        }
        let listed = async {
            let mut conn = self.connect(options).await?;
            let statuses = folder::list(&mut conn, &self.store, false).await?;
            conn.logout().await;
            Ok::<_, MailError>(statuses)
        };
        listed
            .await
            .map_err(|e| tracing::info!(error = %e, "the folder list waits for INBOX"))
            .ok()
    }

    /// Gives the messages this pass stored their full-text entries (headers and bodies
    /// are stored without), newest first, with progress: bodies are read and parsed on
    /// one thread while the entries of the batch before are written on another (see
    /// `search::index`). Until it is done a search indexes the newest itself and asks
    /// the server about the rest.
    async fn index_pending(&self) -> Result<(), MailError> {
        use crate::search::index::IndexCursor;
        let store = self.store.clone();
        let total = blocking(move || store.unindexed_count()).await?;
        if total == 0 {
            return Ok(());
        }
        let writer = self.clone();
        let mut done = 0u64;
        let mut pipeline = pipeline::Pipeline::new(move |loaded: LoadedIndex| {
            let written = writer.store().write_index(&loaded)?;
            done += loaded.len() as u64;
            writer.emit(ModuleEventKind::Indexing {
                done: done.min(total),
                total,
            });
            Ok(written)
        });
        let result = async {
            let mut cursor = IndexCursor::START;
            loop {
                let store = self.store.clone();
                let batch =
                    blocking(move || store.pending_index(cursor, crate::search::INDEX_BATCH))
                        .await?;
                let Some(next) = batch.cursor() else {
                    break;
                };
                cursor = next;
                let files = self.store.body_files();
                pipeline.push(move || batch.load(files.as_deref())).await?;
            }
            Ok::<_, MailError>(())
        }
        .await;
        pipeline.finish().await?;
        result
    }

    /// Journal entries whose folder vanished from the server cannot be replayed.
    fn drop_orphaned_journal(&self, report: &mut SyncReport) -> Result<(), MailError> {
        let known = self.store.folder_ids()?;
        for entry in self.store.journal(None)? {
            let target_gone = entry.target_folder_id.is_some_and(|t| !known.contains(&t));
            if !known.contains(&entry.folder_id) || target_gone {
                self.store
                    .journal_drop(&entry, "the folder no longer exists on the server")?;
                report.dropped += 1;
            }
        }
        Ok(())
    }

    /// Downloads one message's body now (the reader opened it).
    pub async fn fetch_body(&self, id: i64, options: &SyncOptions) -> Result<(), MailError> {
        let (folder_id, uid) = self.store.location(id)?;
        let Some(uid) = uid else {
            return Err(MailError::NotFound {
                item: format!("message {id} on the server (it is still being moved)"),
            });
        };
        let folder = self.store.folder(folder_id)?;
        let mut conn = self.connect(options).await?;
        // A folder recreated (or gone) since the last pass may give this UID to another
        // message: nothing is fetched, and the next pass resyncs the folder.
        let mailbox = folder.state.uidvalidity.map(|uidvalidity| Mailbox {
            id: folder.id,
            name: folder.name.clone(),
            uidvalidity,
        });
        let mailbox = match mailbox {
            Some(mailbox) if download::opens_unchanged(&mut conn, &mailbox).await? => mailbox,
            _ => {
                conn.logout().await;
                self.nudge();
                return Err(MailError::NotFound {
                    item: format!(
                        "message {id} on the server (its folder changed; syncing it again)"
                    ),
                });
            }
        };
        let got = download::fetch_bodies(
            self,
            &mut conn,
            &mailbox,
            &[(uid, 0)],
            Indexing::Now,
            options,
        )
        .await?;
        conn.logout().await;
        if got == 0 {
            return Err(MailError::NotFound {
                item: format!("message {id} on the server"),
            });
        }
        Ok(())
    }

    /// Asks the server to search folders whose bodies are not all local; returns the
    /// local ids of the messages it found.
    pub async fn search_server(
        &self,
        terms: &str,
        folder_ids: &[i64],
        options: &SyncOptions,
    ) -> Result<Vec<i64>, MailError> {
        let mut conn = self.connect(options).await?;
        let mut found = Vec::new();
        for &folder_id in folder_ids {
            let folder = self.store.folder(folder_id)?;
            conn.run_ok(
                &format!("EXAMINE {}", crate::imap::quote(&folder.name)),
                |_| Ok(()),
            )
            .await?;
            let mut uids = Vec::new();
            let charset = if terms.is_ascii() {
                ""
            } else {
                "CHARSET UTF-8 "
            };
            conn.run_ok(
                &format!("UID SEARCH {charset}TEXT {}", crate::imap::quote(terms)),
                |r| {
                    if let imap_proto::Response::MailboxData(imap_proto::MailboxDatum::Search(
                        list,
                    )) = r
                    {
                        uids.extend_from_slice(list);
                    }
                    Ok(())
                },
            )
            .await?;
            found.extend(self.store.ids_for_uids(folder_id, &uids)?);
        }
        conn.logout().await;
        Ok(found)
    }

    /// Creates a folder on the server, then in the store.
    pub async fn create_folder(
        &self,
        display: &str,
        options: &SyncOptions,
    ) -> Result<(), MailError> {
        let mut conn = self.connect(options).await?;
        let wire = crate::imap::utf7::encode(display);
        conn.run_ok(&format!("CREATE {}", crate::imap::quote(&wire)), |_| Ok(()))
            .await?;
        conn.run_ok(&format!("SUBSCRIBE {}", crate::imap::quote(&wire)), |_| {
            Ok(())
        })
        .await?;
        folder::list(&mut conn, &self.store, false).await?;
        conn.logout().await;
        Ok(())
    }

    /// Renames a folder on the server; its messages are fetched again under the new
    /// name (IMAP gives no guarantee that UIDs survive a rename).
    pub async fn rename_folder(
        &self,
        from: &str,
        to: &str,
        options: &SyncOptions,
    ) -> Result<(), MailError> {
        let folder = self.store.find_folder(from)?;
        if folder.role == Some(Role::Inbox) {
            return Err(MailError::InvalidInput {
                reason: "INBOX cannot be renamed".into(),
            });
        }
        let mut conn = self.connect(options).await?;
        let wire = crate::imap::utf7::encode(to);
        conn.run_ok(
            &format!(
                "RENAME {} {}",
                crate::imap::quote(&folder.name),
                crate::imap::quote(&wire)
            ),
            |_| Ok(()),
        )
        .await?;
        let _ = conn
            .run(&format!("SUBSCRIBE {}", crate::imap::quote(&wire)), |_| {
                Ok(())
            })
            .await?;
        folder::list(&mut conn, &self.store, false).await?;
        conn.logout().await;
        Ok(())
    }

    /// Deletes a folder on the server and locally (the UI asks for confirmation first).
    pub async fn delete_folder(&self, name: &str, options: &SyncOptions) -> Result<(), MailError> {
        let folder = self.store.find_folder(name)?;
        if folder.role.is_some() {
            return Err(MailError::InvalidInput {
                reason: format!("the special folder {} cannot be deleted", folder.display),
            });
        }
        let mut conn = self.connect(options).await?;
        let _ = conn
            .run(
                &format!("UNSUBSCRIBE {}", crate::imap::quote(&folder.name)),
                |_| Ok(()),
            )
            .await?;
        conn.run_ok(
            &format!("DELETE {}", crate::imap::quote(&folder.name)),
            |_| Ok(()),
        )
        .await?;
        self.store.remove_folder(&folder.name)?;
        conn.logout().await;
        Ok(())
    }

    pub(crate) fn emit(&self, kind: ModuleEventKind) {
        if let Some(events) = &self.events {
            let _ = events.send(ModuleEvent {
                module: "mail",
                account: self.store.account().to_string(),
                kind,
            });
        }
    }
}

/// Runs store work on a blocking thread (a large write would stall the other tasks).
async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> Result<T, MailError> + Send + 'static,
) -> Result<T, MailError> {
    tokio::task::spawn_blocking(work)
        .await
        .map_err(|e| MailError::Store {
            reason: format!("writing to the store stopped: {e}"),
            damaged: false,
        })?
}

/// The FETCH items of the header pass (the benchmark's floor fetches the same).
pub fn header_items(condstore: bool) -> String {
    let modseq = if condstore { " MODSEQ" } else { "" };
    format!(
        "(UID FLAGS INTERNALDATE RFC822.SIZE{modseq} BODY.PEEK[HEADER.FIELDS ({HEADER_FIELDS})])"
    )
}
