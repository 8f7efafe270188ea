//! The common account layer every Werkbank module stands behind.
//!
//! - [`error`]: the one error shape `{code, message, hint, details}` for IPC and the CLI.
//! - [`i18n`]: Fluent strings shared with the UI (German and English).
//! - `profile`: one directory per user profile, with a lock so one process owns sync.
//! - `policy` and `settings`: built-in defaults < system policy (can lock) < user settings.
//! - `discovery`: server settings from an e-mail address (autoconfig, SRV, .well-known).

pub mod error;
pub mod i18n;

pub use error::{ApiError, ErrorCode};
