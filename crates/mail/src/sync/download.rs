//! Whole messages of one folder, downloaded in batches: over the pass's connection,
//! and for a large download over further ones at the same time (one by default).
//!
//! A server serves one connection on one process (Dovecot: one `imap` process per
//! session), so a single connection is bound by that process however fast the client
//! reads; 100,000 bodies took Dovecot about 9 CPU-seconds on one core. A second
//! connection, logged in while the first batch is fetched, takes batches from the same
//! queue, and the server works on two cores: the download took 8.3 s instead of
//! 11.6 s. All connections hand their batches to one pipeline (written to files on the
//! blocking pool, recorded by one writer), so the store sees the same batches, each in
//! its own transaction, as with one connection.
//!
//! A batch is only handed over when its FETCH completed: a connection that drops
//! mid-batch loses nothing stored, and its batch goes back to the queue for the
//! others. A further connection checks UIDVALIDITY before fetching, so its UIDs always
//! name the messages the pass's connection selected.

use super::fetch::Fetched;
use super::pipeline::{Pipeline, write_bodies};
use super::{SyncOptions, Syncer};
use crate::MailError;
use crate::imap::{Connection, quote, uidset};
use crate::store::ParsedBodies;
use std::collections::VecDeque;
use std::ops::Range;
use std::sync::{Arc, Mutex};
use tokio::sync::mpsc;
use werkbank_account::module::ModuleEventKind;

/// The largest body batch in bytes and messages; keeps memory flat however large the
/// mailbox. Each batch costs a round trip (the server idles until the next FETCH) and
/// a transaction: a full sync of 100,000 messages took 18.4 s in batches of 50 /
/// 4 MiB, 15.5 s in 200 / 16 MiB and 13.9 s in 1,000 / 32 MiB (peak RSS 96 / 104 /
/// 146 MiB); 64 MiB gained nothing more. Over two connections a batch holds half the
/// bytes, so as much is in flight as over one (8.5 s and 190–200 MiB peak instead of
/// 8.0–9.5 s and 230–280 MiB with 32 MiB each).
const BODY_BATCH_BYTES: u64 = 32 * 1024 * 1024;
const BODY_BATCH_COUNT: usize = 1000;
/// The first batch of a pass is smaller and each next one twice the size, up to the
/// limit above: the newest bodies are readable after a short first batch instead of
/// after 1,000 messages.
const FIRST_BODY_BATCH: usize = 100;
/// A download smaller than this stays on one connection: another TLS session and
/// login cost about as much as they would save.
const PARALLEL_FROM_BYTES: u64 = 16 * 1024 * 1024;
const PARALLEL_FROM_COUNT: usize = 1000;

/// When fetched bodies enter the search index.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Indexing {
    /// With the body, in the same transaction (a message the reader opened).
    Now,
    /// In the indexing step at the end of the pass (the bodies of a pass): the
    /// download is not held up by parsing and indexing, about half of its CPU.
    AfterPass,
}

/// The folder the bodies come from, as the pass's connection has it selected.
#[derive(Debug, Clone)]
pub struct Mailbox {
    pub id: i64,
    /// The wire name, for a further connection's EXAMINE.
    pub name: String,
    pub uidvalidity: u32,
}

/// Fetches whole messages (`wanted`: `(uid, size)`, newest first) in batches bounded
/// by count and bytes; a batch is stored in one transaction, and only messages that
/// arrived complete, with a `Downloading` event each. Batches are written to their
/// files (and parsed and indexed, if `indexing` says now) on blocking threads while
/// the next ones are fetched, so the server and the store work at the same time.
/// Returns how many were stored; after an error on the pass's connection, what
/// arrived whole is stored first.
pub async fn fetch_bodies(
    syncer: &Syncer,
    conn: &mut Connection,
    mailbox: &Mailbox,
    wanted: &[(u32, u32)],
    indexing: Indexing,
    options: &SyncOptions,
) -> Result<usize, MailError> {
    let connections = if worth_more_connections(wanted) {
        usize::from(options.download_connections.max(1))
    } else {
        1
    };
    // The same bytes in flight however many connections fetch.
    let max_bytes = BODY_BATCH_BYTES / connections as u64;
    let batches = Arc::new(Batches::new(wanted, max_bytes));
    let (sender, mut arrived) = mpsc::channel::<Vec<(u32, Vec<u8>)>>(1);
    let helpers: Vec<Helper> = (1..connections)
        .map(|_| {
            Helper(tokio::spawn(another_connection(
                syncer.clone(),
                options.clone(),
                mailbox.clone(),
                batches.clone(),
                sender.clone(),
            )))
        })
        .collect();

    let (writer, folder_id) = (syncer.clone(), mailbox.id);
    let (mut done, total) = (0u64, wanted.len() as u64);
    let mut pipeline = Pipeline::new(move |staged| {
        let stored = write_bodies(&writer, folder_id, staged)?;
        done += stored as u64;
        writer.emit(ModuleEventKind::Downloading {
            done: done.min(total),
            total,
        });
        Ok(stored)
    });
    let fetching = async move {
        let mut result = fetch_queued(conn, &batches, &sender).await;
        if result.is_ok() && !helpers.is_empty() {
            // The other connections may still give back a batch they could not finish.
            for mut helper in helpers {
                let _ = (&mut helper.0).await;
            }
            result = fetch_queued(conn, &batches, &sender).await;
        }
        // After an error the other connections are stopped (`Helper`'s drop): the pass
        // ends with this error, and their batches would arrive after it.
        result
    };
    let storing = async move {
        let mut handed_over = Ok(());
        while let Some(bodies) = arrived.recv().await {
            // Written to files, where the store keeps them (and MIME-parsed if indexed
            // now), while the next batches are fetched and the previous one recorded.
            let files = syncer.store().body_files();
            let staged = pipeline
                .push(move || match indexing {
                    Indexing::Now => ParsedBodies::parse_and_stage(bodies, files.as_deref()),
                    Indexing::AfterPass => ParsedBodies::stage(bodies, files.as_deref()),
                })
                .await;
            if let Err(e) = staged {
                handed_over = Err(e);
                break;
            }
        }
        // Closing the channel stops the fetching connections at their next batch.
        drop(arrived);
        let stored = pipeline.finish().await;
        handed_over.and(stored)
    };
    let (fetched, stored) = tokio::join!(fetching, storing);
    // Whatever happened to the fetch, the batches that arrived whole were stored; a
    // store error is the more serious one.
    let stored = stored?;
    fetched?;
    Ok(stored)
}

fn worth_more_connections(wanted: &[(u32, u32)]) -> bool {
    wanted.len() >= PARALLEL_FROM_COUNT
        || wanted.iter().map(|(_, size)| u64::from(*size)).sum::<u64>() >= PARALLEL_FROM_BYTES
}

/// Fetches batches from the queue on `conn` until it is empty, handing each complete
/// batch to `arrived`; a batch whose fetch failed goes back to the queue. Stops early
/// (without error) when nobody takes batches any more: the store's error is reported.
async fn fetch_queued(
    conn: &mut Connection,
    batches: &Batches,
    arrived: &mpsc::Sender<Vec<(u32, Vec<u8>)>>,
) -> Result<(), MailError> {
    while let Some((range, uids)) = batches.take() {
        let mut bodies = Vec::with_capacity(uids.len());
        let fetched = conn
            .run_ok(
                &format!("UID FETCH {} (UID BODY.PEEK[])", uidset::format(&uids)),
                |r| {
                    if let Some(f) = Fetched::from_response(r)
                        && let (Some(uid), Some(body)) = (f.uid, f.body)
                    {
                        bodies.push((uid, body));
                    }
                    Ok(())
                },
            )
            .await;
        if let Err(e) = fetched {
            batches.put_back(range);
            return Err(e);
        }
        if arrived.send(bodies).await.is_err() {
            return Ok(());
        }
    }
    Ok(())
}

/// Another connection: logs in, opens the folder read-only and takes batches from the
/// queue like the pass's connection. It only ever helps: if it cannot connect, finds
/// the folder changed or drops, the others fetch the rest.
async fn another_connection(
    syncer: Syncer,
    options: SyncOptions,
    mailbox: Mailbox,
    batches: Arc<Batches>,
    arrived: mpsc::Sender<Vec<(u32, Vec<u8>)>>,
) {
    let mut conn = match syncer.connect(&options).await {
        Ok(conn) => conn,
        Err(e) => {
            tracing::info!(error = %e, "no further connection for the download; the pass's will do");
            return;
        }
    };
    match opens_unchanged(&mut conn, &mailbox).await {
        Ok(true) => {}
        Ok(false) => {
            tracing::info!(folder = %mailbox.name, "folder changed under the download; the pass's connection goes on");
            return;
        }
        Err(e) => {
            tracing::info!(error = %e, "a further connection cannot open the folder; the pass's will do");
            return;
        }
    }
    match fetch_queued(&mut conn, &batches, &arrived).await {
        Ok(()) => conn.logout().await,
        Err(e) => tracing::info!(error = %e, "a further connection dropped; the others go on"),
    }
}

/// EXAMINEs the folder (read-only: a download changes nothing) and says whether it is
/// still the one `mailbox` describes: same UIDVALIDITY, so its UIDs name the same
/// messages. `false` also when the server could not open it or did not say.
pub(super) async fn opens_unchanged(
    conn: &mut Connection,
    mailbox: &Mailbox,
) -> Result<bool, MailError> {
    let mut selected = super::fetch::Selected::default();
    let done = conn
        .run(&format!("EXAMINE {}", quote(&mailbox.name)), |r| {
            selected.take(r);
            Ok(())
        })
        .await?;
    Ok(
        done.status == crate::imap::Outcome::Ok
            && selected.uidvalidity == Some(mailbox.uidvalidity),
    )
}

/// Aborts a further connection's task when the download ends, however it ends.
struct Helper(tokio::task::JoinHandle<()>);

impl Drop for Helper {
    fn drop(&mut self) {
        self.0.abort();
    }
}

/// The batches of a download, newest first: the first small, each next twice the
/// size up to the limits. Both connections take from the front; a failed batch goes
/// back to the front, so the newest still come first.
struct Batches {
    uids: Vec<u32>,
    queue: Mutex<VecDeque<Range<usize>>>,
}

impl Batches {
    fn new(wanted: &[(u32, u32)], max_bytes: u64) -> Batches {
        let mut queue = VecDeque::new();
        let (mut start, mut count) = (0, FIRST_BODY_BATCH);
        while start < wanted.len() {
            let mut end = start;
            let mut bytes = 0u64;
            while end < wanted.len() && end - start < count && (bytes < max_bytes || end == start) {
                bytes += u64::from(wanted[end].1);
                end += 1;
            }
            queue.push_back(start..end);
            start = end;
            count = (count * 2).min(BODY_BATCH_COUNT);
        }
        Batches {
            uids: wanted.iter().map(|(uid, _)| *uid).collect(),
            queue: Mutex::new(queue),
        }
    }

    fn take(&self) -> Option<(Range<usize>, Vec<u32>)> {
        let range = self.lock().pop_front()?;
        Some((range.clone(), self.uids[range].to_vec()))
    }

    fn put_back(&self, range: Range<usize>) {
        self.lock().push_front(range);
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, VecDeque<Range<usize>>> {
        // A panic while holding this lock cannot leave the queue half-changed.
        self.queue
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sizes(batches: &Batches) -> Vec<usize> {
        batches.lock().iter().map(|r| r.len()).collect()
    }

    #[test]
    fn batches_start_small_and_grow_to_the_limits() {
        let small: Vec<(u32, u32)> = (0..2_000).map(|i| (10_000 - i, 1_000)).collect();
        assert_eq!(
            sizes(&Batches::new(&small, BODY_BATCH_BYTES)),
            [100, 200, 400, 800, 500]
        );
        // 1 MiB each: the byte limit ends a batch after 32 messages.
        let large: Vec<(u32, u32)> = (0..100).map(|i| (1_000 - i, 1 << 20)).collect();
        assert_eq!(
            sizes(&Batches::new(&large, BODY_BATCH_BYTES)),
            [32, 32, 32, 4]
        );
        // One message larger than the limit is a batch of its own.
        assert_eq!(
            sizes(&Batches::new(&[(7, u32::MAX)], BODY_BATCH_BYTES)),
            [1]
        );
        assert!(sizes(&Batches::new(&[], BODY_BATCH_BYTES)).is_empty());
    }

    #[test]
    fn a_batch_put_back_is_taken_next_and_both_ends_meet_once() {
        let wanted: Vec<(u32, u32)> = (1..=400).rev().map(|uid| (uid, 10)).collect();
        let batches = Batches::new(&wanted, BODY_BATCH_BYTES);
        let (first, uids) = batches.take().unwrap();
        assert_eq!(uids.first(), Some(&400), "newest first");
        let (second, _) = batches.take().unwrap();
        batches.put_back(second.clone());
        assert_eq!(batches.take().unwrap().0, second);
        let mut seen: Vec<u32> = uids;
        seen.extend(&batches.uids[second]);
        while let Some((_, more)) = batches.take() {
            seen.extend(more);
        }
        seen.sort_unstable();
        assert_eq!(
            seen,
            (1..=400).collect::<Vec<_>>(),
            "every UID exactly once"
        );
        assert_eq!(first.start, 0);
    }

    #[test]
    fn more_connections_are_for_large_downloads_only() {
        assert!(!worth_more_connections(&[(1, 1 << 20); 15]));
        assert!(worth_more_connections(&[(1, 1 << 20); 16]));
        assert!(!worth_more_connections(&[(1, 100); 999]));
        assert!(worth_more_connections(&[(1, 100); 1000]));
    }
}
