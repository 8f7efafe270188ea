//! Raw messages as files beside the database (`<database>.mail-bodies/`). A file holds
//! the messages of one fetched batch one after the other (a pack; a single message is a
//! pack of one); a message row names its file and where its bytes start. Files are
//! named once and never reused.
//!
//! Why files: a 100,000-message mailbox is about 3 GiB of raw mail. Kept as SQLite
//! blobs, every byte went through the write-ahead log and again into the database at
//! the checkpoint, page by page (half of a full sync's CPU was the kernel copying those
//! pages); as files it is written once, by the thread that parses it, while the
//! database writer only records the name. The index rows stay in SQLite.
//!
//! Why packs: a file per message meant 100,000 files to create, rename and later
//! remove for such a mailbox — a tenth of the full sync's CPU was spent creating and
//! renaming them (mbsync, which writes a Maildir, spends most of its own time there) —
//! and a profile that backup tools and virus scanners must walk file by file. A batch
//! is at most 1,000 messages or 32 MiB, so a pack is small enough to rewrite:
//! once more than half of a pack belongs to messages that are gone, its live messages
//! are copied into a new pack and the old one goes (`MailStore::compact_pack`).
//!
//! Atomicity: a pack is written under `staging/`, moved to its place by a rename, and
//! only then named by its message rows (in the transaction that marks the bodies
//! local). A name is entered in `mail_dead_bodies` before its file is placed and taken
//! out by that transaction, so a file no row names (a kill in between) is found and
//! removed later; rows that are deleted or get another body put their old name there
//! by trigger (migration 0007). A file is only removed when no row names it; one that
//! is still named after a row went is a pack to look at for compaction. Files are not
//! fsynced (as mbsync with `FSync no`): after a power loss a file may be short, so
//! every read checks that the recorded range is there, and a body found damaged is
//! marked missing and fetched again — the server holds the message.
//!
//! In-memory stores (tests) and bodies stored before migration 0007 use the
//! `mail_bodies` table; reads look there when a row names no file.

use crate::MailError;
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};
use werkbank_store::Store;

/// A staged name older than this belongs to a process that died before recording it.
pub(crate) const STAGED_LIFETIME: Duration = Duration::from_secs(3600);

#[derive(Debug)]
pub struct BodyFiles {
    dir: PathBuf,
    /// This process: its id and start time, so names from two processes never meet.
    process: String,
    counter: AtomicU64,
}

impl BodyFiles {
    /// The directory beside `db`'s file; `None` for an in-memory database.
    pub(crate) fn beside(db: &Store) -> Option<BodyFiles> {
        let path = db.path()?;
        let name = path.file_name()?.to_string_lossy().into_owned();
        let started = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap_or_default()
            .as_nanos();
        Some(BodyFiles {
            dir: path.with_file_name(format!("{name}.mail-bodies")),
            process: format!("{:x}{started:x}", std::process::id()),
            counter: AtomicU64::new(0),
        })
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    fn staging(&self) -> PathBuf {
        self.dir.join("staging")
    }

    /// Where a placed file lives: in one of 256 subdirectories (the name's last two
    /// characters), so no directory holds more than a few thousand files even for
    /// large mailboxes.
    fn path(&self, name: &str) -> PathBuf {
        let fan = name.get(name.len().saturating_sub(2)..).unwrap_or("00");
        self.dir.join(fan).join(name)
    }

    /// Writes raw messages one after the other into a new file under `staging/` and
    /// returns its name and where each message starts.
    pub(crate) fn stage<'a>(
        &self,
        raws: impl IntoIterator<Item = &'a [u8]>,
    ) -> Result<(String, Vec<u64>), MailError> {
        let n = self.counter.fetch_add(1, Ordering::Relaxed);
        // Names grow within a process, so the index of names is appended to.
        let name = format!("{}-{n:08x}", self.process);
        let staging = self.staging();
        let path = staging.join(&name);
        let write = || -> std::io::Result<Vec<u64>> {
            let mut file = match create_private(&path) {
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                    create_private_dir(&staging)?;
                    create_private(&path)?
                }
                other => other?,
            };
            let mut offsets = Vec::new();
            let mut at = 0u64;
            for raw in raws {
                offsets.push(at);
                file.write_all(raw)?;
                at += raw.len() as u64;
            }
            Ok(offsets)
        };
        let offsets = write().map_err(|e| file_error("write", &path, e))?;
        Ok((name, offsets))
    }

    /// Moves a staged file to its place (the caller has listed the name as dead, so a
    /// kill from here on leaves nothing behind that is not found again).
    pub(crate) fn place(&self, name: &str) -> Result<(), MailError> {
        let from = self.staging().join(name);
        let to = self.path(name);
        let rename = || -> std::io::Result<()> {
            match std::fs::rename(&from, &to) {
                Err(e) if e.kind() == std::io::ErrorKind::NotFound && from.exists() => {
                    create_private_dir(to.parent().unwrap_or(&self.dir))?;
                    std::fs::rename(&from, &to)
                }
                other => other,
            }
        };
        rename().map_err(|e| file_error("place", &to, e))
    }

    /// The `len` bytes at `offset` of a placed file; `None` if the file is gone or
    /// shorter than that (the caller marks the body missing).
    pub(crate) fn read(
        &self,
        name: &str,
        offset: u64,
        len: u64,
    ) -> Result<Option<Vec<u8>>, MailError> {
        let path = self.path(name);
        let read = || -> std::io::Result<Option<Vec<u8>>> {
            let mut file = std::fs::File::open(&path)?;
            let found = file.metadata()?.len();
            if found < offset.saturating_add(len) {
                tracing::warn!(
                    path = %path.display(),
                    offset,
                    len,
                    found,
                    "a stored message file is too short; the message is fetched again"
                );
                return Ok(None);
            }
            file.seek(SeekFrom::Start(offset))?;
            let mut bytes = vec![0; usize::try_from(len).unwrap_or(usize::MAX)];
            file.read_exact(&mut bytes)?;
            Ok(Some(bytes))
        };
        match read() {
            // Cut short between the look at its length and the read.
            Err(e) if e.kind() == std::io::ErrorKind::UnexpectedEof => Ok(None),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                tracing::warn!(path = %path.display(), "a stored message is missing; it is fetched again");
                Ok(None)
            }
            other => other.map_err(|e| file_error("read", &path, e)),
        }
    }

    /// The length of a placed file, `None` if it is gone.
    pub(crate) fn len(&self, name: &str) -> Result<Option<u64>, MailError> {
        let path = self.path(name);
        match std::fs::metadata(&path) {
            Ok(meta) => Ok(Some(meta.len())),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(file_error("look at", &path, e)),
        }
    }

    /// Removes a placed file (and a staged one of the same name); gone already is fine.
    pub(crate) fn remove(&self, name: &str) -> Result<(), MailError> {
        for path in [self.path(name), self.staging().join(name)] {
            match std::fs::remove_file(&path) {
                Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                    return Err(file_error("remove", &path, e));
                }
                _ => {}
            }
        }
        Ok(())
    }
}

impl BodyFiles {
    /// Removes staged files older than [`STAGED_LIFETIME`]: written by a batch that
    /// failed before its names were recorded (a newer one may be another process's
    /// batch in flight).
    pub(crate) fn sweep_staging(&self) -> Result<usize, MailError> {
        let staging = self.staging();
        let entries = match std::fs::read_dir(&staging) {
            Ok(entries) => entries,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(0),
            Err(e) => return Err(file_error("list", &staging, e)),
        };
        let mut removed = 0;
        for entry in entries.flatten() {
            let old = entry
                .metadata()
                .and_then(|m| m.modified())
                .ok()
                .and_then(|t| t.elapsed().ok())
                .is_some_and(|age| age > STAGED_LIFETIME);
            if old {
                match std::fs::remove_file(entry.path()) {
                    Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                        return Err(file_error("remove", &entry.path(), e));
                    }
                    _ => removed += 1,
                }
            }
        }
        Ok(removed)
    }
}

/// Mail is private: files readable by the owner only, as the profile's other files.
fn create_private(path: &Path) -> std::io::Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options.open(path)
}

fn create_private_dir(dir: &Path) -> std::io::Result<()> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(dir)
}

fn file_error(what: &str, path: &Path, e: std::io::Error) -> MailError {
    MailError::Store {
        reason: format!("cannot {what} the message file {}: {e}", path.display()),
        damaged: false,
    }
}

/// Seconds since 1970, as `mail_dead_bodies.staged_at` keeps them.
pub(crate) fn now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}
