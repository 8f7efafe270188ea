//! CalDAV for Werkbank. This crate grows into the calendar module (sync into the local
//! store, offline changes, the views); today it holds the **probe** `account test` and
//! account setup run: log in to the CalDAV service, find the user's principal and
//! `calendar-home-set`, and report where the user's calendars live. Start at [`CalendarModule`].

mod module;

pub use module::CalendarModule;
