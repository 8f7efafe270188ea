//! Where the harness keeps its files: one directory, by default `$TMPDIR/werkbank-harness`,
//! or `WERKBANK_HARNESS_DIR`. Tests find it the same way (see `werkbank-harness`).

use crate::cmd::Result;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone)]
pub struct Layout {
    root: PathBuf,
}

impl Layout {
    pub fn from_env() -> Layout {
        let root = std::env::var_os("WERKBANK_HARNESS_DIR")
            .map(PathBuf::from)
            .unwrap_or_else(|| std::env::temp_dir().join("werkbank-harness"));
        Layout { root }
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    /// A server's own directory for config and data, created on demand.
    pub fn dir(&self, name: &str) -> PathBuf {
        self.root.join(name)
    }

    pub fn log(&self, name: &str) -> PathBuf {
        self.root.join("logs").join(format!("{name}.log"))
    }

    pub fn pid_file(&self, name: &str) -> PathBuf {
        self.root.join("state").join(format!("{name}.pid"))
    }

    pub fn env_file(&self) -> PathBuf {
        self.root.join("harness.env")
    }

    pub fn tls(&self, file: &str) -> PathBuf {
        self.root.join("tls").join(file)
    }

    pub fn create(&self) -> Result {
        for sub in ["logs", "state", "tls", "run"] {
            mkdir(&self.root.join(sub))?;
        }
        Ok(())
    }

    pub fn read_state(&self, key: &str) -> Option<String> {
        std::fs::read_to_string(self.root.join("state").join(key))
            .ok()
            .map(|s| s.trim().to_string())
    }

    pub fn write_state(&self, key: &str, value: &str) -> Result {
        write(&self.root.join("state").join(key), value)
    }
}

pub fn mkdir(path: &Path) -> Result {
    std::fs::create_dir_all(path).map_err(|e| format!("cannot create {}: {e}", path.display()))
}

pub fn write(path: &Path, contents: &str) -> Result {
    if let Some(parent) = path.parent() {
        mkdir(parent)?;
    }
    std::fs::write(path, contents).map_err(|e| format!("cannot write {}: {e}", path.display()))
}

pub fn chmod(path: &Path, mode: u32) -> Result {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode))
        .map_err(|e| format!("cannot chmod {}: {e}", path.display()))
}

/// Gives a path (recursively) to a system user, e.g. the mail or web server user.
pub fn chown(path: &Path, owner: &str) -> Result {
    crate::cmd::run("chown", &["-R", owner, &path.to_string_lossy()])
}
