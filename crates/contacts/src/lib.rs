//! CardDAV for Werkbank. This crate grows into the contacts module (sync into the local
//! store, offline changes, the views); today it holds the **probe** `account test` and
//! account setup run: log in to the CardDAV service, find the user's principal and
//! `addressbook-home-set`, and report where the user's address books live. Start at [`ContactsModule`].

mod module;

pub use module::ContactsModule;
