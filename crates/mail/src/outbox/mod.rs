//! The durable outbox: `queued → submitting → accepted → filed`, each transition one
//! store statement, a failpoint after each (`failpoints` feature).
//!
//! - A message enters with its final bytes ([`MailStore::queue`]) before anything
//!   goes out, and leaves only when its copy is in Sent (or the user discards it).
//! - [`Outbox::flush`] sends what is queued and finishes what a previous process left:
//!   `accepted` is filed (looking in Sent first, so never twice); `submitting` means
//!   the process died while handing the message over — if its Message-ID is in Sent
//!   it is done, otherwise it becomes `uncertain` ("delivery uncertain") and waits
//!   for the user's retry or discard. Nothing is ever sent again silently.
//! - Offline (the server cannot be reached), messages stay `queued` with the reason
//!   in `last_error`; the next flush (the sync loop, `mail outbox flush`) sends them.
//! - One flush at a time per process (a lock here); one process per profile (the
//!   profile lock, taken by every writing command): so a `submitting` seen at the
//!   start of a flush is always a leftover of a dead process.

mod imap;
mod smtp;

use crate::MailError;
use crate::compose::{self, Draft, OriginKind};
use crate::flags::Change;
use crate::probe::Endpoint;
use crate::store::{MailStore, OutboxEntry, OutboxState};
use serde::Serialize;
use smtp::SubmitError;
use tokio::sync::broadcast;
use werkbank_account::module::{ModuleEvent, ModuleEventKind};
use werkbank_net::Net;

/// Where and as whom an account sends: SMTP submission, and IMAP for Sent/Drafts.
#[derive(Clone)]
pub struct Servers {
    pub net: Net,
    pub imap: Endpoint,
    pub smtp: Endpoint,
    pub user: String,
    pub password: String,
}

impl std::fmt::Debug for Servers {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Servers")
            .field("imap", &self.imap)
            .field("smtp", &self.smtp)
            .field("user", &self.user)
            .finish_non_exhaustive()
    }
}

/// What one flush did to one message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
#[ts(export, rename = "MailOutboxOutcome")]
pub struct Outcome {
    #[ts(type = "number")]
    pub id: i64,
    pub message_id: String,
    /// The state after the flush (`filed`: sent and in Sent, gone from the outbox).
    pub state: OutboxState,
    /// Why it is not filed yet (offline, refused, the Sent folder unreachable).
    pub error: Option<String>,
}

/// The names of the failpoints, in the order a message passes them.
pub const FAILPOINTS: &[&str] = &[
    "outbox.after_queue",
    "outbox.after_submitting",
    "outbox.after_submit",
    "outbox.after_accepted",
    "outbox.after_append",
];

/// Test-only (`failpoints` feature): aborts the process when `WERKBANK_FAILPOINT`
/// names this point — a crash exactly there, as a power cut would leave it.
pub(crate) fn failpoint(name: &str) {
    #[cfg(feature = "failpoints")]
    if std::env::var("WERKBANK_FAILPOINT").is_ok_and(|v| v == name) {
        eprintln!("failpoint {name}: aborting");
        std::process::abort();
    }
    let _ = name;
}

/// One flush at a time in this process (the app's sync loop and a "send" click).
static FLUSH: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

/// An account's outbox with the servers to send through.
#[derive(Debug, Clone)]
pub struct Outbox {
    store: MailStore,
    servers: Servers,
    events: Option<broadcast::Sender<ModuleEvent>>,
}

impl Outbox {
    pub fn new(store: MailStore, servers: Servers) -> Outbox {
        Outbox {
            store,
            servers,
            events: None,
        }
    }

    /// Emits `changed` whenever a message moves, so the UI reloads the outbox.
    pub fn with_events(mut self, events: broadcast::Sender<ModuleEvent>) -> Outbox {
        self.events = Some(events);
        self
    }

    pub fn store(&self) -> &MailStore {
        &self.store
    }

    /// Builds the draft and puts it into the outbox (removing the local draft in the
    /// same transaction). Nothing goes out yet: call [`Outbox::flush`].
    pub fn queue_draft(&self, draft: &Draft) -> Result<OutboxEntry, MailError> {
        queue_draft(&self.store, draft)
    }

    /// Sends what is queued and settles what an earlier process left half done.
    /// Per-message problems are in the outcomes; `Err` only for the store.
    pub async fn flush(&self) -> Result<Vec<Outcome>, MailError> {
        let _one_at_a_time = FLUSH.lock().await;
        let mut outcomes = Vec::new();
        let mut imap: Option<imap::Imap> = None;
        let entries = self.store.outbox()?;
        let settle: Vec<&OutboxEntry> = entries
            .iter()
            .filter(|e| matches!(e.state, OutboxState::Submitting | OutboxState::Accepted))
            .collect();
        for entry in settle {
            let outcome = match self.imap(&mut imap).await {
                Ok(session) => self.settle(session, entry).await?,
                Err(e) => self.outcome(entry, entry.state, Some(e.to_string())),
            };
            outcomes.push(outcome);
        }
        let mut offline: Option<String> = None;
        for entry in entries.iter().filter(|e| e.state == OutboxState::Queued) {
            if let Some(reason) = &offline {
                // The server is down: the rest wait too, without a connection attempt each.
                self.store.outbox_note(entry.id, reason)?;
                outcomes.push(self.outcome(entry, OutboxState::Queued, Some(reason.clone())));
                continue;
            }
            let outcome = self.send(entry, &mut imap).await?;
            if outcome.state == OutboxState::Queued {
                offline = outcome.error.clone();
            }
            outcomes.push(outcome);
        }
        if let Some(session) = imap {
            session.logout().await;
        }
        if !outcomes.is_empty() {
            self.emit(ModuleEventKind::Changed);
        }
        Ok(outcomes)
    }

    /// One queued message: submit, then file.
    async fn send(
        &self,
        entry: &OutboxEntry,
        imap: &mut Option<imap::Imap>,
    ) -> Result<Outcome, MailError> {
        if !self.store.outbox_transition(
            entry.id,
            &[OutboxState::Queued],
            OutboxState::Submitting,
            None,
        )? {
            // Discarded meanwhile.
            return Ok(self.outcome(entry, OutboxState::Filed, None));
        }
        failpoint("outbox.after_submitting");
        self.emit(ModuleEventKind::Changed);
        let built = self.store.outbox_message(entry.id)?;
        match smtp::submit(&self.servers, &built).await {
            Ok(()) => {}
            Err(SubmitError::NotSent(e)) => {
                let reason = e.to_string();
                self.store.outbox_transition(
                    entry.id,
                    &[OutboxState::Submitting],
                    OutboxState::Queued,
                    Some(&reason),
                )?;
                return Ok(self.outcome(entry, OutboxState::Queued, Some(reason)));
            }
            Err(SubmitError::Refused(reason)) => {
                self.store.outbox_transition(
                    entry.id,
                    &[OutboxState::Submitting],
                    OutboxState::Rejected,
                    Some(&reason),
                )?;
                return Ok(self.outcome(entry, OutboxState::Rejected, Some(reason)));
            }
            Err(SubmitError::Unknown(e)) => {
                let reason = e.to_string();
                self.store.outbox_transition(
                    entry.id,
                    &[OutboxState::Submitting],
                    OutboxState::Uncertain,
                    Some(&reason),
                )?;
                return Ok(self.outcome(entry, OutboxState::Uncertain, Some(reason)));
            }
        }
        failpoint("outbox.after_submit");
        self.store.outbox_transition(
            entry.id,
            &[OutboxState::Submitting],
            OutboxState::Accepted,
            None,
        )?;
        failpoint("outbox.after_accepted");
        self.emit(ModuleEventKind::Changed);
        let session = match self.imap(imap).await {
            Ok(session) => session,
            Err(e) => {
                let reason = e.to_string();
                self.store.outbox_note(entry.id, &reason)?;
                return Ok(self.outcome(entry, OutboxState::Accepted, Some(reason)));
            }
        };
        self.file(session, entry, &built.bytes).await
    }

    /// A message found `submitting` or `accepted` at the start of a flush.
    async fn settle(
        &self,
        imap: &mut imap::Imap,
        entry: &OutboxEntry,
    ) -> Result<Outcome, MailError> {
        match entry.state {
            OutboxState::Accepted => {
                let built = self.store.outbox_message(entry.id)?;
                self.file(imap, entry, &built.bytes).await
            }
            OutboxState::Submitting => match imap.in_sent(&entry.message_id).await {
                Ok(true) => {
                    self.filed(imap, entry).await?;
                    Ok(self.outcome(entry, OutboxState::Filed, None))
                }
                Ok(false) => {
                    let reason = "the program stopped while sending; the message is not in Sent";
                    self.store.outbox_transition(
                        entry.id,
                        &[OutboxState::Submitting],
                        OutboxState::Uncertain,
                        Some(reason),
                    )?;
                    Ok(self.outcome(entry, OutboxState::Uncertain, Some(reason.into())))
                }
                Err(e) => Ok(self.outcome(entry, entry.state, Some(e.to_string()))),
            },
            other => Ok(self.outcome(entry, other, None)),
        }
    }

    /// Appends the copy to Sent (unless there) and lets the message leave the outbox.
    async fn file(
        &self,
        imap: &mut imap::Imap,
        entry: &OutboxEntry,
        bytes: &[u8],
    ) -> Result<Outcome, MailError> {
        if let Err(e) = imap.file_sent(&entry.message_id, bytes).await {
            let reason = e.to_string();
            self.store.outbox_note(entry.id, &reason)?;
            return Ok(self.outcome(entry, OutboxState::Accepted, Some(reason)));
        }
        self.filed(imap, entry).await?;
        Ok(self.outcome(entry, OutboxState::Filed, None))
    }

    /// The end: out of the outbox, the original marked answered/forwarded, the
    /// draft's server copy removed (best effort: a leftover draft copy is harmless).
    async fn filed(&self, imap: &mut imap::Imap, entry: &OutboxEntry) -> Result<(), MailError> {
        let origin = self.store.outbox_origin(entry.id)?;
        self.store.outbox_filed(entry.id)?;
        if let Some(origin) = origin {
            let flag = match origin.kind {
                OriginKind::Reply => "\\Answered",
                OriginKind::Forward => "$Forwarded",
            };
            let change = Change {
                add: [flag.to_string()].into_iter().collect(),
                remove: Default::default(),
            };
            if let Err(e) = self.store.set_flags(&[origin.message], &change) {
                tracing::info!("could not flag the original {}: {e}", origin.message);
            }
        }
        if let Err(e) = imap.remove_draft(&entry.message_id).await {
            tracing::info!(
                "the draft copy of {} stays in Drafts: {e}",
                entry.message_id
            );
        }
        Ok(())
    }

    /// Copies drafts changed since their last upload to the Drafts folder, replacing
    /// their previous copy. For the compose window's timer and its close.
    pub async fn upload_drafts(&self) -> Result<usize, MailError> {
        let pending = self.store.drafts_to_upload()?;
        if pending.is_empty() {
            return Ok(0);
        }
        let mut imap = imap::Imap::open(&self.servers, &self.store).await?;
        let mut done = 0;
        for (draft, version) in pending {
            let Some(id) = draft.id else { continue };
            let built = compose::build(&draft, Some(&self.store), false)?;
            imap.replace_draft(&built.message_id, &built.bytes).await?;
            if self.store.draft(id).is_err() {
                // Sent or discarded while this copy went up (the background and the
                // compose window both upload): take the copy back out of Drafts.
                imap.remove_draft(&built.message_id).await?;
                continue;
            }
            self.store.draft_uploaded(id, version)?;
            done += 1;
        }
        imap.logout().await;
        Ok(done)
    }

    /// Deletes a draft here and its copy in Drafts (when the server can be reached;
    /// otherwise the copy stays there, which loses nothing).
    pub async fn discard_draft(&self, id: i64) -> Result<(), MailError> {
        let draft = self.store.draft(id)?;
        self.store.delete_draft(id)?;
        if let Ok(mut imap) = imap::Imap::open(&self.servers, &self.store).await {
            let result = imap.remove_draft(&draft.message_id).await;
            imap.logout().await;
            result?;
        }
        Ok(())
    }

    async fn imap<'a>(
        &self,
        slot: &'a mut Option<imap::Imap>,
    ) -> Result<&'a mut imap::Imap, MailError> {
        if slot.is_none() {
            *slot = Some(imap::Imap::open(&self.servers, &self.store).await?);
        }
        slot.as_mut().ok_or_else(|| MailError::ConnectionLost {
            host: self.servers.imap.host.clone(),
        })
    }

    fn outcome(&self, entry: &OutboxEntry, state: OutboxState, error: Option<String>) -> Outcome {
        Outcome {
            id: entry.id,
            message_id: entry.message_id.clone(),
            state,
            error,
        }
    }

    fn emit(&self, kind: ModuleEventKind) {
        if let Some(events) = &self.events {
            let _ = events.send(ModuleEvent {
                module: "mail",
                account: self.store.account().to_string(),
                kind,
            });
        }
    }
}

/// Builds a draft and queues it (the local draft goes in the same transaction).
pub fn queue_draft(store: &MailStore, draft: &Draft) -> Result<OutboxEntry, MailError> {
    let built = compose::build(draft, Some(store), true)?;
    let entry = store.queue(
        &built,
        &compose::header_text(&draft.subject),
        draft.origin,
        draft.id,
    )?;
    failpoint("outbox.after_queue");
    Ok(entry)
}

/// Queues a complete message file as it is (`mail send --eml`), Bcc removed.
pub fn queue_eml(store: &MailStore, raw: &[u8]) -> Result<OutboxEntry, MailError> {
    let built = compose::from_eml(raw)?;
    let subject = mail_parser::MessageParser::default()
        .parse_headers(&built.bytes)
        .and_then(|m| m.subject().map(compose::header_text))
        .unwrap_or_default();
    let entry = store.queue(&built, &subject, None, None)?;
    failpoint("outbox.after_queue");
    Ok(entry)
}
