//! WAL checkpoints on a thread of their own.
//!
//! In WAL mode SQLite copies committed pages back into the database file at a
//! checkpoint, and with `synchronous=NORMAL` that is also when they become durable: the
//! WAL is synced first, the database after. By default the connection that commits runs
//! the checkpoint itself once the WAL holds 1,000 pages, so the writer stops for the
//! copy and two `fsync`s — measured on a 100,000-message header sync as more than a
//! second of a six-second run, with the disk, not the CPU, busy.
//!
//! Here a second connection does it: after a commit the writer only wakes this thread,
//! which runs a `PASSIVE` checkpoint (it never blocks the writer, which goes on
//! appending to the WAL meanwhile) and then waits [`INTERVAL`] before the next, so
//! committed work is never longer than that plus one checkpoint away from the disk —
//! also when a trickle of small commits would take a long time to fill 1,000 pages.
//! The writer keeps SQLite's own checkpoint as a backstop at [`BACKSTOP_PAGES`], for
//! bursts this thread cannot keep up with.

use rusqlite::Connection;
use std::path::Path;
use std::sync::{Arc, Condvar, Mutex, PoisonError};
use std::thread::JoinHandle;
use std::time::Duration;

/// The longest committed work waits for its checkpoint while writes go on.
pub(crate) const INTERVAL: Duration = Duration::from_millis(200);

/// The writer checkpoints itself only when the WAL grows past this many pages before
/// this thread caught up: 128 MiB with the 16 KiB pages of new databases, 32 MiB in
/// older ones with 4 KiB pages. The size only bounds the file; how long committed work
/// waits for the disk is [`INTERVAL`].
pub(crate) const BACKSTOP_PAGES: u32 = 8192;

#[derive(Debug, Default)]
struct Signal {
    /// Something was committed since the last checkpoint.
    dirty: bool,
    stop: bool,
}

/// The checkpoint thread of one file-backed store; stopped (after a last checkpoint)
/// when dropped.
#[derive(Debug)]
pub(crate) struct Checkpointer {
    shared: Arc<(Mutex<Signal>, Condvar)>,
    thread: Option<JoinHandle<()>>,
}

impl Checkpointer {
    /// Opens the second connection and starts the thread. `None` when either fails:
    /// the writer's own checkpoints then carry on alone.
    pub(crate) fn start(path: &Path) -> Option<Checkpointer> {
        let conn = match Connection::open(path) {
            Ok(conn) => conn,
            Err(error) => {
                tracing::warn!(%error, "no checkpoint connection; the writer checkpoints itself");
                return None;
            }
        };
        let shared = Arc::new((Mutex::new(Signal::default()), Condvar::new()));
        let theirs = Arc::clone(&shared);
        let thread = std::thread::Builder::new()
            .name("store-checkpoint".into())
            .spawn(move || run(&conn, &theirs))
            .map_err(|error| tracing::warn!(%error, "no checkpoint thread"))
            .ok()?;
        Some(Checkpointer {
            shared,
            thread: Some(thread),
        })
    }

    /// A transaction was committed: its pages are checkpointed soon.
    pub(crate) fn committed(&self) {
        let (signal, wake) = &*self.shared;
        let mut signal = signal.lock().unwrap_or_else(PoisonError::into_inner);
        if !signal.dirty {
            signal.dirty = true;
            wake.notify_one();
        }
    }
}

impl Drop for Checkpointer {
    fn drop(&mut self) {
        {
            let (signal, wake) = &*self.shared;
            signal.lock().unwrap_or_else(PoisonError::into_inner).stop = true;
            wake.notify_one();
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

fn run(conn: &Connection, shared: &(Mutex<Signal>, Condvar)) {
    let (signal, wake) = shared;
    loop {
        let stop = {
            let mut state = signal.lock().unwrap_or_else(PoisonError::into_inner);
            while !state.dirty && !state.stop {
                state = wake.wait(state).unwrap_or_else(PoisonError::into_inner);
            }
            state.dirty = false;
            state.stop
        };
        checkpoint(conn);
        if stop {
            return;
        }
        // Commits meanwhile set `dirty` again and are taken by the next round.
        let state = signal.lock().unwrap_or_else(PoisonError::into_inner);
        let (state, _) = wake
            .wait_timeout_while(state, INTERVAL, |s| !s.stop)
            .unwrap_or_else(PoisonError::into_inner);
        if state.stop && !state.dirty {
            return;
        }
    }
}

/// Copies what the WAL holds into the database as far as readers allow; never waits
/// for a lock (`PASSIVE`). A failure is logged and retried at the next commit.
fn checkpoint(conn: &Connection) {
    let result = conn.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |row| {
        Ok((row.get::<_, i64>(1)?, row.get::<_, i64>(2)?))
    });
    match result {
        Ok((wal_pages, copied)) => tracing::trace!(wal_pages, copied, "checkpoint"),
        Err(error) => tracing::debug!(%error, "checkpoint failed; retried after the next commit"),
    }
}
