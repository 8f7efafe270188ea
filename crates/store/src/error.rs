//! The one error type of the store.

use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The database file could not be opened or set up.
    #[error("cannot open the database {}: {source}", path.display())]
    Open {
        path: PathBuf,
        #[source]
        source: rusqlite::Error,
    },
    /// The database was written by a newer Werkbank: its schema is ahead of this code.
    #[error(
        "the database schema of module {module} is version {recorded}, but this Werkbank \
         only knows up to version {known}; use the newer Werkbank or another profile"
    )]
    TooNew {
        module: String,
        recorded: u32,
        known: u32,
    },
    /// The list of migrations a module passed is not usable (a bug in that module).
    #[error("the migrations of module {module} are invalid: {reason}")]
    InvalidMigrations { module: String, reason: String },
    /// SQLite found damage in the database file.
    #[error("the database is damaged: {report}")]
    Corrupt { report: String },
    #[error(transparent)]
    Sqlite(rusqlite::Error),
}

impl From<rusqlite::Error> for StoreError {
    fn from(error: rusqlite::Error) -> Self {
        // Damage can surface in any statement, not only in an integrity check; callers
        // should see the same variant either way so they can offer a repair.
        match error.sqlite_error_code() {
            Some(rusqlite::ErrorCode::DatabaseCorrupt | rusqlite::ErrorCode::NotADatabase) => {
                StoreError::Corrupt {
                    report: error.to_string(),
                }
            }
            _ => StoreError::Sqlite(error),
        }
    }
}
