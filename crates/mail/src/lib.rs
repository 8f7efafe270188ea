//! Mail for Werkbank. This crate grows into the IMAP sync engine, the outbox and the
//! reader; today it holds the **probe** the account layer runs for `account test` and
//! account setup: connect (implicit TLS or STARTTLS, through `werkbank-net`),
//! authenticate, and report the server's capabilities, for IMAP and SMTP submission.
//! Start at [`probe::imap`] and [`probe::smtp`]. [`mailto::parse`] turns a `mailto:`
//! link into a draft request for the composer.

mod error;
pub mod mailto;
mod module;
pub mod probe;

pub use error::MailError;
pub use mailto::MailtoRequest;
pub use module::MailModule;
pub use probe::{Endpoint, ImapReport, Security, SmtpReport};
