//! Opening the database and handing its one connection to callers.

use crate::StoreError;
use crate::checkpoint::{BACKSTOP_PAGES, Checkpointer};
use crate::migrate::SCHEMA_MIGRATIONS;
use rusqlite::{Connection, Transaction, TransactionBehavior};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard, OnceLock, PoisonError};
use std::time::Duration;

/// How long a statement waits for another connection's write lock before failing with
/// `SQLITE_BUSY` (e.g. the CLI reading while the app syncs).
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// Pages of new databases: 16 KiB instead of SQLite's 4 KiB. Writing a large
/// mailbox's headers splits and rebalances index pages all the time; with larger pages
/// that happens a quarter as often and the trees are a level shallower: 100,000 headers
/// stored 11 % sooner (1.48 → 1.32 s) and the search index of 100,000 bodies built in
/// 14.0 s instead of 19.8 s. A search that reads many rows copies four times the bytes
/// per page out of the OS cache (`is:unread from:schmidt`, which reads about a thousand
/// rows on a cold start, 13 → 23 ms). Mapping the file for reads (`mmap_size`) took that
/// to 10 ms and every search down by a tenth, but mapped pages count as the process's
/// memory: a full sync's peak RSS went from 110 to 240–285 MiB; not taken.
const PAGE_SIZE: i64 = 16_384;

/// The profile's SQLite database. Cheap to share behind an `Arc`; calls are serialised
/// on one connection, which is what SQLite does for writers anyway.
#[derive(Debug)]
pub struct Store {
    /// Started by the first committed transaction of a file-backed store (read-only
    /// users never pay for it); declared first so it stops before `conn` closes.
    checkpointer: OnceLock<Option<Checkpointer>>,
    conn: Mutex<Connection>,
    path: Option<PathBuf>,
}

impl Store {
    /// Opens (or creates) the database at `path` with WAL journaling,
    /// `synchronous=NORMAL` (durable across application crashes, and across power loss
    /// up to the last checkpoint), foreign keys on and a 5 s busy timeout.
    pub fn open(path: impl AsRef<Path>) -> Result<Store, StoreError> {
        let path = path.as_ref();
        let open_error = |source| StoreError::Open {
            path: path.to_path_buf(),
            source,
        };
        let conn = Connection::open(path).map_err(open_error)?;
        // Only a new, empty file takes the page size (it is fixed by the first write,
        // and a WAL database keeps its own); an existing profile keeps 4 KiB pages.
        conn.pragma_update(None, "page_size", PAGE_SIZE)?;
        // Journal mode is the first statement that reads the file, so a file that is
        // not a database is reported here as damaged rather than as a failed open.
        let mode: String =
            conn.pragma_update_and_check(None, "journal_mode", "WAL", |row| row.get(0))?;
        if !mode.eq_ignore_ascii_case("wal") {
            tracing::warn!(path = %path.display(), mode, "SQLite refused WAL journaling");
        }
        Store::configure(conn, Some(path.to_path_buf()))
    }

    /// A private database in memory, for tests and previews; gone when dropped.
    pub fn open_in_memory() -> Result<Store, StoreError> {
        let conn = Connection::open_in_memory().map_err(|source| StoreError::Open {
            path: PathBuf::from(":memory:"),
            source,
        })?;
        Store::configure(conn, None)
    }

    fn configure(conn: Connection, path: Option<PathBuf>) -> Result<Store, StoreError> {
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        // 32 MiB of page cache instead of SQLite's 2 MiB: a sync of a large mailbox
        // looks up Message-IDs and UIDs all over its indexes, and with the default
        // cache every lookup reads pages back from the OS with a system call.
        conn.pragma_update(None, "cache_size", -32_768)?;
        conn.busy_timeout(BUSY_TIMEOUT)?;
        conn.execute_batch(SCHEMA_MIGRATIONS)?;
        Ok(Store {
            checkpointer: OnceLock::new(),
            conn: Mutex::new(conn),
            path,
        })
    }

    /// The database file, `None` in memory.
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// Runs `f` with the connection (for reads and single statements).
    pub fn with_conn<T, E>(&self, f: impl FnOnce(&mut Connection) -> Result<T, E>) -> Result<T, E> {
        f(&mut self.lock())
    }

    /// Runs `f` in one transaction: committed when `f` returns `Ok`, rolled back when it
    /// returns `Err` or panics.
    ///
    /// The transaction takes the write lock up front (`BEGIN IMMEDIATE`): a read that
    /// later upgrades to a write could otherwise fail with `SQLITE_BUSY` without waiting
    /// for the busy timeout.
    pub fn transaction<T, E>(
        &self,
        f: impl FnOnce(&Transaction<'_>) -> Result<T, E>,
    ) -> Result<T, E>
    where
        E: From<rusqlite::Error>,
    {
        let mut conn = self.lock();
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let value = f(&tx)?;
        tx.commit()?;
        if let Some(checkpointer) = self.checkpointer(&conn) {
            checkpointer.committed();
        }
        Ok(value)
    }

    /// The checkpoint thread (see `checkpoint`), started on first use for a database
    /// file; from then on the writer's own checkpoints are only a backstop.
    fn checkpointer(&self, conn: &Connection) -> Option<&Checkpointer> {
        self.checkpointer
            .get_or_init(|| {
                let checkpointer = Checkpointer::start(self.path.as_deref()?)?;
                if let Err(error) = conn.pragma_update(None, "wal_autocheckpoint", BACKSTOP_PAGES) {
                    tracing::warn!(%error, "the writer keeps checkpointing every 1,000 pages");
                }
                Some(checkpointer)
            })
            .as_ref()
    }

    /// Asks SQLite to check the whole file (`PRAGMA integrity_check`); slow on large
    /// databases, so run it at start-up after a crash or on demand, not on every open.
    pub fn integrity_check(&self) -> Result<(), StoreError> {
        let problems = self.with_conn(|conn| -> Result<Vec<String>, StoreError> {
            let mut statement = conn.prepare("PRAGMA integrity_check")?;
            let rows = statement.query_map([], |row| row.get::<_, String>(0))?;
            Ok(rows.collect::<Result<Vec<_>, _>>()?)
        })?;
        if problems.len() == 1 && problems[0] == "ok" {
            return Ok(());
        }
        Err(StoreError::Corrupt {
            report: problems.join("\n"),
        })
    }

    fn lock(&self) -> MutexGuard<'_, Connection> {
        // A panic in another caller's closure poisons the mutex, but the connection is
        // still sound: an open transaction was rolled back when its guard was dropped.
        self.conn.lock().unwrap_or_else(PoisonError::into_inner)
    }
}
