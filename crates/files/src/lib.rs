//! WebDAV files for Werkbank. This crate grows into the files module (own WebDAV client
//! on reqwest + quick-xml, Nextcloud extensions, offline copies); today it holds the
//! **probe**: PROPFIND the user's files folder with their credentials and report
//! whether it is a collection and how much space is left.

mod error;
mod module;
pub mod probe;

pub use error::FilesError;
pub use module::FilesModule;
pub use probe::{FilesReport, probe};
