//! A profile is one directory holding everything of one Werkbank user: accounts,
//! settings, the local store and logs. Secrets are not in it (they are in the OS
//! keyring).
//!
//! The directory is chosen as `--profile DIR` > `$WERKBANK_PROFILE` > the platform's
//! data directory (`~/.local/share/werkbank` on Linux). [`Profile::lock`] makes one
//! process the owner of the profile's sync and outbox.

use crate::account::AccountError;
use std::ffi::OsString;
use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};

/// The environment variable that selects a profile directory.
pub const PROFILE_ENV: &str = "WERKBANK_PROFILE";

/// One user's profile directory; it exists once a `Profile` value does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Profile {
    dir: PathBuf,
}

impl Profile {
    /// Finds and creates the profile directory: `explicit` (from `--profile`), else
    /// `$WERKBANK_PROFILE`, else the platform data directory.
    pub fn resolve(explicit: Option<PathBuf>) -> Result<Profile, AccountError> {
        Profile::resolve_with(explicit, std::env::var_os(PROFILE_ENV))
    }

    /// [`Profile::resolve`] with the environment value passed in (the environment is
    /// process-global, so tests and embedders pass it explicitly).
    pub fn resolve_with(
        explicit: Option<PathBuf>,
        from_env: Option<OsString>,
    ) -> Result<Profile, AccountError> {
        let dir = match (explicit, from_env.filter(|v| !v.is_empty())) {
            (Some(dir), _) => dir,
            (None, Some(dir)) => PathBuf::from(dir),
            (None, None) => default_dir()?,
        };
        Profile::open(dir)
    }

    /// Uses `dir` as the profile, creating it (owner-only on Unix) when it is missing.
    pub fn open(dir: impl Into<PathBuf>) -> Result<Profile, AccountError> {
        let dir = dir.into();
        let dir = std::path::absolute(&dir).map_err(|e| AccountError::io(&dir, &e))?;
        create_private_dir(&dir)?;
        let profile = Profile { dir };
        create_private_dir(&profile.logs_dir())?;
        Ok(profile)
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    pub fn accounts_file(&self) -> PathBuf {
        self.dir.join("accounts.toml")
    }

    pub fn settings_file(&self) -> PathBuf {
        self.dir.join("settings.toml")
    }

    pub fn store_file(&self) -> PathBuf {
        self.dir.join("werkbank.sqlite3")
    }

    pub fn logs_dir(&self) -> PathBuf {
        self.dir.join("logs")
    }

    pub fn lock_file(&self) -> PathBuf {
        self.dir.join("profile.lock")
    }

    /// Makes this process the profile's owner until the returned guard is dropped.
    ///
    /// The lock is an OS file lock, so it also ends when the process dies. It does not
    /// wait: a second owner (another process, or a second call in this one) gets
    /// [`AccountError::ProfileInUse`] at once.
    pub fn lock(&self) -> Result<ProfileLock, AccountError> {
        let path = self.lock_file();
        let file = open_private(&path, false).map_err(|e| AccountError::io(&path, &e))?;
        let mut lock = fd_lock::RwLock::new(file);
        match lock.try_write() {
            Ok(mut guard) => {
                // For the helpdesk: which process holds the profile. Best effort only.
                let _ = guard
                    .set_len(0)
                    .and_then(|()| writeln!(*guard, "{}", std::process::id()));
                // NOTE: the guard borrows `lock`, so it cannot live in the same struct.
                // Forgetting it keeps the lock held; closing the file when `ProfileLock`
                // is dropped releases it (flock/LockFileEx locks belong to the handle).
                std::mem::forget(guard);
            }
            Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {
                return Err(AccountError::ProfileInUse {
                    dir: self.dir.clone(),
                });
            }
            Err(e) => return Err(AccountError::io(&path, &e)),
        }
        tracing::debug!(profile = %self.dir.display(), "profile locked");
        Ok(ProfileLock { _file: lock, path })
    }
}

/// Ownership of a profile; released when dropped or when the process ends.
#[derive(Debug)]
pub struct ProfileLock {
    _file: fd_lock::RwLock<File>,
    path: PathBuf,
}

impl ProfileLock {
    pub fn path(&self) -> &Path {
        &self.path
    }
}

fn default_dir() -> Result<PathBuf, AccountError> {
    directories::ProjectDirs::from("", "", "Werkbank")
        .map(|dirs| dirs.data_dir().to_path_buf())
        .ok_or_else(|| {
            AccountError::invalid(format!(
                "no home directory was found for the profile; pass --profile DIR or set {PROFILE_ENV}"
            ))
        })
}

fn create_private_dir(dir: &Path) -> Result<(), AccountError> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(dir).map_err(|e| AccountError::io(dir, &e))
}

/// Opens (creating owner-only on Unix) a file for writing.
fn open_private(path: &Path, truncate: bool) -> std::io::Result<File> {
    let mut options = std::fs::OpenOptions::new();
    options
        .read(true)
        .write(true)
        .create(true)
        .truncate(truncate);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options.open(path)
}

/// Replaces `path` with `contents` atomically (a temporary file in the same directory,
/// synced, then renamed over it), readable only by the owner on Unix. Readers see the
/// old file or the new one, never a mix, even after a crash.
pub fn write_private_file(path: &Path, contents: &[u8]) -> Result<(), AccountError> {
    let io_error = |e: std::io::Error| AccountError::io(path, &e);
    let dir = path
        .parent()
        .ok_or_else(|| AccountError::invalid(format!("{} is not a file path", path.display())))?;
    let name = path
        .file_name()
        .ok_or_else(|| AccountError::invalid(format!("{} is not a file path", path.display())))?;
    let mut temp_name = OsString::from(".");
    temp_name.push(name);
    temp_name.push(format!(".{}.tmp", std::process::id()));
    let temp = dir.join(temp_name);
    let written = open_private(&temp, true).and_then(|mut file| {
        file.write_all(contents)?;
        file.sync_all()
    });
    if let Err(e) = written.and_then(|()| std::fs::rename(&temp, path)) {
        let _ = std::fs::remove_file(&temp);
        return Err(io_error(e));
    }
    // The rename is durable only once the directory entry is on disk (Unix; Windows
    // cannot open a directory as a file).
    #[cfg(unix)]
    if let Ok(dir) = File::open(dir) {
        let _ = dir.sync_all();
    }
    Ok(())
}
