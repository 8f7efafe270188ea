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
        write: impl FnMut(P) -> Result<usize, MailError> + Send + 'static,
    ) -> Pipeline<P> {
        Pipeline::start(write, None)
    }

    /// [`Pipeline::new`], and batches that wait in the queue when the writer takes the
    /// next are joined (`join(earlier, later)`) and written as one: the writer is
    /// behind then, and one transaction instead of several writes each index page they
    /// share once (a commit was an eighth of the header writer's time).
    pub(super) fn joining(
        write: impl FnMut(P) -> Result<usize, MailError> + Send + 'static,
        join: fn(&mut P, P),
    ) -> Pipeline<P> {
        Pipeline::start(write, Some(join))
    }

    fn start(
        mut write: impl FnMut(P) -> Result<usize, MailError> + Send + 'static,
        join: Option<fn(&mut P, P)>,
    ) -> Pipeline<P> {
        let (queue, mut batches) = mpsc::channel::<P>(QUEUED);
        let writer = tokio::task::spawn_blocking(move || {
            let mut written = 0;
            while let Some(mut batch) = batches.blocking_recv() {
                if let Some(join) = join {
                    while let Ok(next) = batches.try_recv() {
                        join(&mut batch, next);
                    }
                }
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

/// The writer of a folder's header windows: each is inserted and threaded, with the
/// folder's progress in the same transaction, and the progress event goes out as soon
/// as it is stored, so the first window is usable without waiting for the next.
pub(super) struct HeaderWriter {
    syncer: Syncer,
    folder_id: i64,
    /// The folder's message count on the server.
    total: u32,
    stored: StoredKeys,
    /// Headers of the folder in the store: counted before the first window, then
    /// each window's added (counting the folder's rows after every window read the
    /// whole folder's index again and again).
    done: Option<u64>,
}

impl HeaderWriter {
    pub(super) fn new(syncer: Syncer, folder_id: i64, total: u32) -> HeaderWriter {
        HeaderWriter {
            syncer,
            folder_id,
            total,
            stored: StoredKeys::for_folder(total),
            done: None,
        }
    }

    /// Writes one window (or several joined) and yields how many were new.
    pub(super) fn write(
        &mut self,
        (parsed, progress): (ParsedHeaders, FolderState),
    ) -> Result<usize, MailError> {
        let store = self.syncer.store();
        let before = match self.done {
            Some(done) => done,
            None => u64::from(store.count_uids(self.folder_id)?),
        };
        let added =
            store.apply_header_window(self.folder_id, &parsed, progress, &mut self.stored)?;
        // UIDs the folder held already were counted before. (A row that waited for its
        // UID after a local move adopts it without being added: counted next pass.)
        let done = before + added as u64;
        self.done = Some(done);
        self.syncer.emit(ModuleEventKind::Progress {
            done,
            total: u64::from(self.total),
        });
        Ok(added)
    }

    /// Two windows in one transaction: the later one's rows are added and its
    /// progress (further down the folder) is the one recorded.
    pub(super) fn join(
        (parsed, progress): &mut (ParsedHeaders, FolderState),
        (later, later_progress): (ParsedHeaders, FolderState),
    ) {
        parsed.append(later);
        *progress = later_progress;
    }
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

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::{Arc, Mutex};

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn batches_waiting_for_the_writer_are_written_together_in_order() {
        let (started, writing) = tokio::sync::oneshot::channel::<()>();
        let (release, hold) = std::sync::mpsc::channel::<()>();
        let written = Arc::new(Mutex::new(Vec::<Vec<u32>>::new()));
        let record = Arc::clone(&written);
        let mut started = Some(started);
        let mut pipeline = Pipeline::joining(
            move |batch: Vec<u32>| {
                if let Some(started) = started.take() {
                    // The first write waits until more batches queued behind it.
                    let _ = started.send(());
                    hold.recv().unwrap();
                }
                let n = batch.len();
                record.lock().unwrap().push(batch);
                Ok(n)
            },
            |batch, later| batch.extend(later),
        );
        pipeline.push(|| Ok(vec![1])).await.unwrap();
        pipeline.flush().await.unwrap();
        writing.await.unwrap();
        for n in 2..=4 {
            pipeline.push(move || Ok(vec![n])).await.unwrap();
        }
        // 2 and 3 wait in the queue, 4 is being parsed (and may be queued behind them
        // before the writer is back).
        release.send(()).unwrap();
        assert_eq!(pipeline.finish().await.unwrap(), 4);
        let written = written.lock().unwrap();
        assert_eq!(written[0], [1], "nothing waited behind the first");
        assert!(written[1].starts_with(&[2, 3]), "{written:?}");
        assert_eq!(written.concat(), [1, 2, 3, 4], "in order, each once");
    }
}
