//! The local store: one SQLite database per profile that every module writes its data
//! into, so the UI reads locally and nothing is lost offline or in a crash.
//!
//! [`Store::open`] sets WAL, `synchronous=NORMAL`, foreign keys and a busy timeout;
//! checkpoints run on a thread of their own (`checkpoint`) so writers never wait for
//! the disk;
//! each module brings its own schema as numbered [`Migration`]s and calls
//! [`Store::migrate`] at start-up. FTS5 (with `unicode61 remove_diacritics 2`) is
//! compiled in for full-text search. Start reading at [`Store`]; migrations are in
//! `migrate`, errors in [`StoreError`].

mod checkpoint;
mod error;
mod migrate;
mod store;

pub use crate::{error::StoreError, migrate::Migration, store::Store};
pub use rusqlite;
