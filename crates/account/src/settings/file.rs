//! The user's `settings.toml` in the profile directory: flat `"key" = value` lines.
//!
//! Entries this version cannot use (a key from a newer Werkbank, a value it does not
//! know) are kept and written back unchanged, so switching versions loses nothing.

use super::SettingsError;
use super::registry::{self, SettingValue};
use std::collections::BTreeMap;
use std::io::Write;
use std::path::Path;

pub(crate) const FILE_NAME: &str = "settings.toml";

const HEADER: &str = "# Werkbank user settings, written by Werkbank (`werkbank-cli settings set`).\n\
# Settings locked by the organisation's policy are ignored here.\n\n";

#[derive(Debug, Default)]
pub(crate) struct UserFile {
    pub values: BTreeMap<String, SettingValue>,
    /// Entries kept for other versions; never read by this one.
    pub foreign: toml::Table,
}

pub(crate) fn read(path: &Path) -> Result<UserFile, SettingsError> {
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(UserFile::default()),
        Err(e) => {
            return Err(SettingsError::Io {
                file: path.to_path_buf(),
                reason: e.to_string(),
            });
        }
    };
    let table: toml::Table = toml::from_str(&text).map_err(|e| SettingsError::Io {
        file: path.to_path_buf(),
        reason: e.message().to_string(),
    })?;
    let mut file = UserFile::default();
    for (key, raw) in table {
        let value = match &raw {
            toml::Value::Boolean(b) => Some(SettingValue::Bool(*b)),
            toml::Value::String(s) => Some(SettingValue::Text(s.clone())),
            _ => None,
        };
        match (registry::spec(&key), value) {
            (Some(spec), Some(value)) if spec.check(&value).is_ok() => {
                file.values.insert(key, value);
            }
            _ => {
                tracing::warn!(file = %path.display(), key, "ignoring a setting this version cannot use");
                file.foreign.insert(key, raw);
            }
        }
    }
    Ok(file)
}

/// Writes to a temporary file next to `path` and renames it over `path`: a crash or a
/// full disk leaves the old file or the new one, never half of one.
pub(crate) fn write(path: &Path, file: &UserFile) -> Result<(), SettingsError> {
    let io = |e: std::io::Error| SettingsError::Io {
        file: path.to_path_buf(),
        reason: e.to_string(),
    };
    let mut table = file.foreign.clone();
    for (key, value) in &file.values {
        let value = match value {
            SettingValue::Bool(b) => toml::Value::Boolean(*b),
            SettingValue::Text(t) => toml::Value::String(t.clone()),
        };
        table.insert(key.clone(), value);
    }
    let body = toml::to_string(&table).map_err(|e| SettingsError::Io {
        file: path.to_path_buf(),
        reason: e.to_string(),
    })?;

    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).map_err(io)?;
    let tmp = dir.join(format!(".{FILE_NAME}.{}.tmp", std::process::id()));
    let result = (|| {
        let mut out = std::fs::File::create(&tmp)?;
        out.write_all(HEADER.as_bytes())?;
        out.write_all(body.as_bytes())?;
        // Data on disk before the rename makes it visible.
        out.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result.map_err(io)
}
