//! The module contract: how a function crate (mail, calendar, contacts, chat, files)
//! plugs into Werkbank. `werkbank-workplace` composes the modules the policy enables
//! into one command API; modules never import each other (architecture invariant 3).
//!
//! A module says who it is and which account services it needs ([`ModuleInfo`]),
//! checks those services for an account ([`Module::probe`]: connect, authenticate,
//! capabilities), and runs its background sync between [`Module::start`] and
//! [`SyncHandle::stop`], reporting progress and status as [`ModuleEvent`]s.
//!
//! ```
//! use futures::future::BoxFuture;
//! use werkbank_account::module::{Module, ModuleInfo, ProbeContext, ServiceCheck};
//! use werkbank_account::{Account, discovery::ServiceKind};
//!
//! /// A module that needs a WebDAV service and checks nothing but its presence.
//! struct Notes;
//!
//! impl Module for Notes {
//!     fn info(&self) -> ModuleInfo {
//!         ModuleInfo { id: "notes", services: &[ServiceKind::WebDav] }
//!     }
//!     fn probe<'a>(&'a self, _ctx: &'a ProbeContext, account: &'a Account) -> BoxFuture<'a, Vec<ServiceCheck>> {
//!         Box::pin(async move {
//!             vec![ServiceCheck::ok(ServiceKind::WebDav, format!("{} has files", account.id))]
//!         })
//!     }
//! }
//! assert_eq!(Notes.info().id, "notes");
//! ```

use crate::discovery::ServiceKind;
use crate::{Account, ApiError, Credentials};
use futures::future::BoxFuture;
use serde::Serialize;
use werkbank_net::Net;

/// Who a module is: its id (as in the policy's `modules.disabled`) and the account
/// services it needs; an account without any of them simply has no data for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct ModuleInfo {
    pub id: &'static str,
    pub services: &'static [ServiceKind],
}

/// What a probe may use: the network of this account (policy TLS, pins, host list)
/// and the credentials.
#[derive(Debug, Clone)]
pub struct ProbeContext {
    pub net: Net,
    pub credentials: Credentials,
}

/// The outcome of checking one service of one account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct ServiceCheck {
    pub service: ServiceKind,
    pub ok: bool,
    /// What was found, for people: e.g. the server's capabilities or the calendar home.
    pub summary: String,
    /// Why it failed, with the code the UI switches on and what to do next.
    pub error: Option<ApiError>,
}

impl ServiceCheck {
    pub fn ok(service: ServiceKind, summary: impl Into<String>) -> ServiceCheck {
        ServiceCheck {
            service,
            ok: true,
            summary: summary.into(),
            error: None,
        }
    }

    pub fn failed(service: ServiceKind, error: ApiError) -> ServiceCheck {
        ServiceCheck {
            service,
            ok: false,
            summary: String::new(),
            error: Some(error),
        }
    }
}

/// Progress and status a module's background work reports (the status bar shows them).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct ModuleEvent {
    pub module: &'static str,
    pub account: String,
    pub kind: ModuleEventKind,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
#[ts(export)]
#[serde(rename_all = "snake_case", tag = "type")]
pub enum ModuleEventKind {
    /// `done` of `total` items (total 0: unknown).
    Progress { done: u64, total: u64 },
    /// Making items available offline: `done` of `total` downloaded (mail's bodies).
    Downloading { done: u64, total: u64 },
    /// Preparing stored items for search: `done` of `total` (mail's full-text index
    /// after a large sync).
    Indexing { done: u64, total: u64 },
    /// Up to date with the server.
    Idle,
    /// The server is unreachable; local work continues and is pushed later.
    Offline { error: ApiError },
    /// Local data changed (the UI reloads what it shows).
    Changed,
    /// Something new the user should be told about (a desktop notification): new mail
    /// in the INBOX, a chat message. `item` is what a click opens (`mail/<account>/<id>`).
    Arrived {
        item: String,
        title: String,
        body: String,
    },
}

/// Everything background sync needs from the workplace.
#[derive(Debug, Clone)]
pub struct SyncContext {
    pub probe: ProbeContext,
    pub store: std::sync::Arc<werkbank_store::Store>,
    pub events: tokio::sync::broadcast::Sender<ModuleEvent>,
    /// "Sync now": notified when the user acted (an action waits in the journal) or
    /// asked for a refresh; the module's loop wakes up instead of waiting for the server.
    pub nudge: std::sync::Arc<tokio::sync::Notify>,
}

/// A running background sync; dropping it without `stop` also stops it.
#[derive(Debug)]
pub struct SyncHandle {
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    task: Option<tokio::task::JoinHandle<()>>,
}

impl SyncHandle {
    /// `task` must end soon after `stop_signal` fires.
    pub fn new(
        stop: tokio::sync::oneshot::Sender<()>,
        task: tokio::task::JoinHandle<()>,
    ) -> SyncHandle {
        SyncHandle {
            stop: Some(stop),
            task: Some(task),
        }
    }

    /// Signals the sync to stop and waits until it has.
    pub async fn stop(mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(task) = self.task.take() {
            let _ = task.await;
        }
    }
}

impl Drop for SyncHandle {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}

/// A function crate as the workplace sees it.
pub trait Module: Send + Sync + 'static {
    fn info(&self) -> ModuleInfo;

    /// Checks this module's services of `account` (one [`ServiceCheck`] per service the
    /// account has; none for services it lacks). Never sends a credential before TLS
    /// is up and verified.
    fn probe<'a>(
        &'a self,
        ctx: &'a ProbeContext,
        account: &'a Account,
    ) -> BoxFuture<'a, Vec<ServiceCheck>>;

    /// Forgets `account` on the server where that matters, before its secrets are
    /// deleted: the chat module logs its device out, so removing an account does not
    /// leave a stale device (and its keys) on the homeserver. Failures are reported to
    /// the user but do not block the removal.
    fn forget<'a>(
        &'a self,
        _ctx: &'a ProbeContext,
        _account: &'a Account,
    ) -> BoxFuture<'a, Result<(), ApiError>> {
        Box::pin(async { Ok(()) })
    }

    /// Starts background sync for `account`. `Ok(None)`: this module has no background
    /// work (yet) — the default.
    fn start(&self, _ctx: SyncContext, _account: &Account) -> Result<Option<SyncHandle>, ApiError> {
        Ok(None)
    }
}
