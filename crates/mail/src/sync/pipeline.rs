//! The stages of a large sync running at once: while the next batch is fetched from
//! the server, the one before is parsed (MIME; bodies are also written to their files)
//! and earlier ones are recorded in the database by a writer of their own. The
//! database writer is the slowest stage; with parsing on the fetch's path, the fetch
//! waited for both, and with the fetch waiting for each write to finish, the server
//! sat idle whenever a write ran long. Batches are still recorded one after the
//! other, in order, each in its own transaction, and a failed fetch stores what
//! arrived whole before the error is returned.

use super::Syncer;
use crate::MailError;
use crate::store::{FolderState, ParsedBodies, ParsedHeaders, StoredKeys};
use tokio::sync::mpsc;
use tokio::task::JoinHandle;
use werkbank_account::module::ModuleEventKind;

/// Parsed batches that may wait for the writer while the next ones are fetched and
/// parsed: enough to ride out a long write (a checkpoint, a batch of large threads)
/// without holding much (a header window is a few MiB once parsed).
const QUEUED: usize = 2;

/// Parse on the blocking pool, then write on one blocking thread that takes the
/// parsed batches in order.
pub(super) struct Pipeline<P> {
    parsing: Option<JoinHandle<Result<P, MailError>>>,
    /// `None` once the writer stopped (its error comes from [`Pipeline::finish`]).
    queue: Option<mpsc::Sender<P>>,
    writer: JoinHandle<Result<usize, MailError>>,
}

impl<P: Send + 'static> Pipeline<P> {
    /// `write` records one parsed batch and returns how many it stored; it runs on the
    /// writer's thread, batch after batch, until the first error.
    pub(super) fn new(
        mut write: impl FnMut(P) -> Result<usize, MailError> + Send + 'static,
    ) -> Pipeline<P> {
        let (queue, mut batches) = mpsc::channel::<P>(QUEUED);
        let writer = tokio::task::spawn_blocking(move || {
            let mut written = 0;
            while let Some(batch) = batches.blocking_recv() {
                written += write(batch)?;
            }
            Ok(written)
        });
        Pipeline {
            parsing: None,
            queue: Some(queue),
            writer,
        }
    }

    /// Hands over a fetched batch: its parse starts now, and the batch parsed before
    /// it goes to the writer's queue (waiting only while the queue is full).
    pub(super) async fn push(
        &mut self,
        parse: impl FnOnce() -> Result<P, MailError> + Send + 'static,
    ) -> Result<(), MailError> {
        let previous = self.parsing.replace(tokio::task::spawn_blocking(parse));
        match previous {
            Some(parsing) => self.queue_parsed(parsing).await,
            None => Ok(()),
        }
    }

    /// Sends the batch being parsed to the writer now instead of with the next push:
    /// for a batch that must not wait for the next fetch (the newest headers of a new
    /// account, usable at once).
    pub(super) async fn flush(&mut self) -> Result<(), MailError> {
        match self.parsing.take() {
            Some(parsing) => self.queue_parsed(parsing).await,
            None => Ok(()),
        }
    }

    async fn queue_parsed(
        &mut self,
        parsing: JoinHandle<Result<P, MailError>>,
    ) -> Result<(), MailError> {
        let parsed = parsing.await.map_err(|e| stopped("parsing", e))??;
        let sent = match &self.queue {
            Some(queue) => queue.send(parsed).await.is_ok(),
            None => false,
        };
        if sent {
            return Ok(());
        }
        // The writer stopped at an error; `finish` returns it.
        self.queue = None;
        Err(MailError::Store {
            reason: "the store's writer stopped".into(),
            damaged: false,
        })
    }

    /// Parses and writes what is still in flight (also after a failed fetch) and
    /// returns the sum of what the writes reported; a write's error comes first.
    pub(super) async fn finish(mut self) -> Result<usize, MailError> {
        let last = match self.parsing.take() {
            Some(parsing) => self.queue_parsed(parsing).await,
            None => Ok(()),
        };
        // Closing the queue lets the writer end after the batches in it.
        self.queue = None;
        let written = self
            .writer
            .await
            .map_err(|e| stopped("writing to the store", e))??;
        last?;
        Ok(written)
    }
}

fn stopped(stage: &str, e: tokio::task::JoinError) -> MailError {
    MailError::Store {
        reason: format!("{stage} stopped: {e}"),
        damaged: false,
    }
}

/// One window of headers (inserted and threaded, with the folder's progress in the
/// same transaction); the progress event goes out as soon as it is stored, so the first
/// window is usable without waiting for the next. Yields how many were new.
pub(super) fn write_headers(
    syncer: &Syncer,
    folder_id: i64,
    parsed: ParsedHeaders,
    progress: FolderState,
    total: u32,
    stored: &mut StoredKeys,
) -> Result<usize, MailError> {
    let store = syncer.store();
    let added = store.apply_header_window(folder_id, &parsed, progress, stored)?;
    syncer.emit(ModuleEventKind::Progress {
        done: u64::from(store.count_uids(folder_id)?),
        total: u64::from(total),
    });
    Ok(added)
}

/// One batch of bodies (with their index entries if they were parsed); yields how many.
pub(super) fn write_bodies(
    syncer: &Syncer,
    folder_id: i64,
    parsed: ParsedBodies,
) -> Result<usize, MailError> {
    let stored = syncer.store().store_parsed_bodies(folder_id, &parsed)?;
    syncer.emit(ModuleEventKind::Changed);
    Ok(stored)
}
