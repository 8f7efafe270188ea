//! Mail for Werkbank: the IMAP sync engine, the offline store with full-text search,
//! the probes the account layer runs, and the `mailto:` parser.
//!
//! Start at [`Syncer`] (one pass: [`Syncer::sync`]; staying current:
//! [`Syncer::watch`]) and [`MailStore`] (folders, messages, local actions journaled
//! for replay, [`MailStore::search`]). The wire protocol is in `imap` (with a command
//! trace for tests), the parsing of headers and bodies in `envelope`, the search syntax
//! in `search::query`. [`probe::imap`] and [`probe::smtp`] check an account's servers;
//! [`mailto::parse`] turns a `mailto:` link into a draft request for the composer.
//!
//! Writing and sending: [`compose`] (the [`Draft`], replies and forwards, the bytes),
//! drafts and the outbox table in the store, and [`Outbox`] (SMTP submission, filing
//! in Sent, the state machine `queued → submitting → accepted → filed`).

pub mod compose;
pub mod envelope;
mod error;
pub mod flags;
pub mod imap;
pub mod mailto;
mod module;
pub mod outbox;
pub mod probe;
pub mod render;
pub mod search;
pub mod store;
pub mod sync;

pub use compose::{Draft, Identity, Mailbox};
pub use error::MailError;
pub use imap::Extensions;
pub use imap::trace::Trace;
pub use mailto::MailtoRequest;
pub use module::MailModule;
pub use outbox::{Outbox, Servers};
pub use probe::{Endpoint, ImapReport, Security, SmtpReport};
pub use search::SearchResult;
pub use store::{MailStore, OutboxEntry, OutboxState};
pub use sync::{Bodies, SyncOptions, SyncReport, Syncer, WatchOptions};
