//! The common account layer every Werkbank module stands behind.
//!
//! - [`error`]: the one error shape `{code, message, hint, details}` for IPC and the CLI.
//! - [`i18n`]: Fluent strings shared with the UI (German and English).
//! - [`profile`]: one directory per user profile, with a lock so one process owns sync.
//! - [`account`]: the account model and `accounts.toml` (no secrets in it).
//! - [`credentials`]: passwords and tokens in the OS keyring or from a password command.
//! - `policy` and `settings`: built-in defaults < system policy (can lock) < user settings.
//! - `discovery`: server settings from an e-mail address (autoconfig, SRV, .well-known).

pub mod account;
pub mod credentials;
pub mod dav;
pub mod discovery;
pub mod error;
pub mod i18n;
pub mod module;
mod net_error;
pub mod policy;
pub mod profile;
pub mod settings;

pub use account::{Account, AccountError, AccountStore};
pub use credentials::Credentials;
pub use error::{ApiError, ErrorCode};
pub use profile::{Profile, ProfileLock};
