//! Versioned schema migrations, kept per module so that modules evolve independently.
//!
//! Each module passes its full list of [`Migration`]s on every start; the versions
//! already recorded in `schema_migrations` are skipped. A database whose recorded
//! version is higher than the module knows was written by a newer Werkbank, and is
//! refused rather than misread.

use crate::{Store, StoreError};
use rusqlite::{Connection, OptionalExtension, params};

/// One step of a module's schema, usually `include_str!("migrations/0001_init.sql")`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Migration {
    /// Starts at 1 and increases by one step per migration.
    pub version: u32,
    /// One or more SQL statements, run in one transaction.
    pub sql: &'static str,
}

/// The bookkeeping table; created by [`Store::open`] before any module migrates.
pub(crate) const SCHEMA_MIGRATIONS: &str = "CREATE TABLE IF NOT EXISTS schema_migrations (
    module TEXT NOT NULL,
    version INTEGER NOT NULL,
    applied_at INTEGER NOT NULL,
    PRIMARY KEY (module, version)
)";

impl Store {
    /// Brings `module`'s schema up to the highest version in `migrations` and returns
    /// the versions applied now (empty when the schema was current).
    ///
    /// Every migration runs in its own transaction together with its record in
    /// `schema_migrations`, so a crash leaves the schema at a known version.
    pub fn migrate(&self, module: &str, migrations: &[Migration]) -> Result<Vec<u32>, StoreError> {
        check_order(module, migrations)?;
        let known = migrations.last().map_or(0, |m| m.version);
        let recorded = self.schema_version(module)?.unwrap_or(0);
        if recorded > known {
            return Err(StoreError::TooNew {
                module: module.to_string(),
                recorded,
                known,
            });
        }
        let mut applied = Vec::new();
        for migration in migrations.iter().filter(|m| m.version > recorded) {
            let applied_now = self.transaction(|tx| {
                // Check again inside the transaction: another connection to the same
                // file may have migrated since the read above.
                if recorded_version(tx, module)?.unwrap_or(0) >= migration.version {
                    return Ok::<_, StoreError>(false);
                }
                tx.execute_batch(migration.sql)?;
                tx.execute(
                    "INSERT INTO schema_migrations (module, version, applied_at) \
                     VALUES (?1, ?2, unixepoch())",
                    params![module, migration.version],
                )?;
                Ok(true)
            })?;
            if applied_now {
                tracing::info!(
                    module,
                    version = migration.version,
                    "applied schema migration"
                );
                applied.push(migration.version);
            }
        }
        Ok(applied)
    }

    /// The highest schema version recorded for `module`, `None` before its first
    /// migration.
    pub fn schema_version(&self, module: &str) -> Result<Option<u32>, StoreError> {
        self.with_conn(|conn| recorded_version(conn, module))
    }
}

fn recorded_version(conn: &Connection, module: &str) -> Result<Option<u32>, StoreError> {
    let version: Option<u32> = conn
        .query_row(
            "SELECT MAX(version) FROM schema_migrations WHERE module = ?1",
            params![module],
            |row| row.get(0),
        )
        .optional()?
        .flatten();
    Ok(version)
}

fn check_order(module: &str, migrations: &[Migration]) -> Result<(), StoreError> {
    let invalid = |reason: String| StoreError::InvalidMigrations {
        module: module.to_string(),
        reason,
    };
    if module.is_empty() {
        return Err(invalid("the module name is empty".into()));
    }
    let mut previous = 0;
    for migration in migrations {
        if migration.version <= previous {
            return Err(invalid(format!(
                "version {} follows version {previous}; versions must start at 1 and increase",
                migration.version
            )));
        }
        previous = migration.version;
    }
    Ok(())
}
