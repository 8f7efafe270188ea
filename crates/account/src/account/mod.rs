//! Accounts: who the user is on which servers, kept in `accounts.toml` in the profile.
//!
//! An [`Account`] is an identity (id, name, address) plus any of mail, CalDAV, CardDAV,
//! WebDAV and Matrix. It holds no secrets and no field can hold one: passwords and
//! tokens live in the OS keyring (see [`crate::credentials`]). [`AccountStore`] reads
//! and writes the file; [`AccountError`] is the error of the whole account layer.

mod error;
mod model;
mod store;
mod validate;

pub use error::AccountError;
pub use model::{Account, DavService, Endpoint, MailService, MatrixService, Security};
pub use store::AccountStore;
pub use validate::validate_account_id;
