//! Matrix chat for Werkbank. This crate grows into the chat module (matrix-sdk, E2EE,
//! sliding sync); today it holds the **probe**: log in once, keep the access token in
//! the keyring through the caller's [`TokenStore`], and check it with `/whoami` on
//! every later probe, so probing never piles up devices on the homeserver.

mod error;
mod module;
pub mod probe;

pub use error::ChatError;
pub use module::ChatModule;
pub use probe::{MatrixReport, TokenStore, probe};
