//! The stages of a large sync running at once: while the next batch is fetched from
//! the server, the one before is parsed (MIME; bodies are also written to their files)
//! and the one before that is recorded in the database. The database writer was the
//! slowest stage; with parsing on the fetch's path, the fetch waited for both. Batches
//! are still recorded one after the other, in order, each in its own transaction, and
//! a failed fetch stores what arrived whole before the error is returned.

use super::Syncer;
use crate::MailError;
use crate::store::{FolderState, ParsedBodies, ParsedHeaders};
use tokio::task::JoinHandle;
use werkbank_account::module::ModuleEventKind;

/// Parse, then write, each on the blocking pool; `write` turns a parsed batch into
/// its database write.
pub(super) struct Pipeline<P, W> {
    parsing: Option<JoinHandle<Result<P, MailError>>>,
    writing: Option<BlockingWrite>,
    write: W,
    written: usize,
}

impl<P: Send + 'static, W: FnMut(P) -> BlockingWrite> Pipeline<P, W> {
    pub(super) fn new(write: W) -> Pipeline<P, W> {
        Pipeline {
            parsing: None,
            writing: None,
            write,
            written: 0,
        }
    }

    /// Hands over a fetched batch: its parse starts now, and the batch parsed before
    /// it goes to the writer once the write before that is done.
    pub(super) async fn push(
        &mut self,
        parse: impl FnOnce() -> Result<P, MailError> + Send + 'static,
    ) -> Result<(), MailError> {
        let previous = self.parsing.replace(tokio::task::spawn_blocking(parse));
        match previous {
            Some(parsing) => self.write_parsed(parsing).await,
            None => Ok(()),
        }
    }

    /// Sends the batch being parsed to the writer now instead of with the next push:
    /// for a batch that must not wait for the next fetch (the newest headers of a new
    /// account, usable at once).
    pub(super) async fn flush(&mut self) -> Result<(), MailError> {
        match self.parsing.take() {
            Some(parsing) => self.write_parsed(parsing).await,
            None => Ok(()),
        }
    }

    async fn write_parsed(
        &mut self,
        parsing: JoinHandle<Result<P, MailError>>,
    ) -> Result<(), MailError> {
        let parsed = parsing.await.map_err(|e| stopped("parsing", e))??;
        if let Some(previous) = self.writing.take() {
            self.written += previous.finish().await?;
        }
        self.writing = Some((self.write)(parsed));
        Ok(())
    }

    /// Parses and writes what is still in flight (also after a failed fetch) and
    /// returns the sum of what the writes reported.
    pub(super) async fn finish(mut self) -> Result<usize, MailError> {
        let last = match self.parsing.take() {
            Some(parsing) => self.write_parsed(parsing).await,
            None => Ok(()),
        };
        if let Some(writing) = self.writing.take() {
            self.written += writing.finish().await?;
        }
        last?;
        Ok(self.written)
    }
}

fn stopped(stage: &str, e: tokio::task::JoinError) -> MailError {
    MailError::Store {
        reason: format!("{stage} stopped: {e}"),
        damaged: false,
    }
}

/// A batch being written to the store on a blocking thread while the sync goes on
/// (fetching the next one); batches are still written one after the other, because
/// each is finished before the next starts.
pub(super) struct BlockingWrite(JoinHandle<Result<usize, MailError>>);

impl BlockingWrite {
    fn spawn(write: impl FnOnce() -> Result<usize, MailError> + Send + 'static) -> BlockingWrite {
        BlockingWrite(tokio::task::spawn_blocking(write))
    }

    /// One window of headers (inserted and threaded, with the folder's progress in the
    /// same transaction); the progress event goes out as soon as it is stored, so the first
    /// window is usable without waiting for the next. Yields how many were new.
    pub(super) fn headers(
        syncer: &Syncer,
        folder_id: i64,
        parsed: ParsedHeaders,
        progress: FolderState,
        total: u32,
    ) -> BlockingWrite {
        let syncer = syncer.clone();
        BlockingWrite::spawn(move || {
            let store = syncer.store();
            let added = store.apply_parsed_headers(folder_id, &parsed, Some(progress))?;
            syncer.emit(ModuleEventKind::Progress {
                done: u64::from(store.count_uids(folder_id)?),
                total: u64::from(total),
            });
            Ok(added)
        })
    }

    /// One batch of bodies (stored with their index entries); yields how many.
    pub(super) fn bodies(syncer: &Syncer, folder_id: i64, parsed: ParsedBodies) -> BlockingWrite {
        let syncer = syncer.clone();
        BlockingWrite::spawn(move || {
            let stored = syncer.store().store_parsed_bodies(folder_id, &parsed)?;
            syncer.emit(ModuleEventKind::Changed);
            Ok(stored)
        })
    }

    pub(super) async fn finish(self) -> Result<usize, MailError> {
        self.0
            .await
            .map_err(|e| stopped("writing to the store", e))?
    }
}
