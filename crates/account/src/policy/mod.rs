//! The organisation's policy file: which modules are on, which hosts may be contacted,
//! which CAs are trusted, which settings are preset or locked, and which accounts
//! every user gets. Reference: `docs/policy.md`.
//!
//! [`Policy::load`] finds the file (`WERKBANK_POLICY`, else the platform location) and
//! parses it strictly (`load`); [`model`] is the plain data the rest of Werkbank reads;
//! [`template`] fills `${USER}` and friends into provisioned accounts.

mod load;
pub mod model;
pub mod template;

pub use model::{
    AccountTemplate, DavService, MailService, MatrixService, ModuleId, NetworkPolicy, Policy,
    PolicySetting, ProvisionedAccount,
};
pub use template::{TemplateVar, TemplateVars};

use crate::{ApiError, ErrorCode};
use std::path::{Path, PathBuf};

/// Overrides the platform location of the policy file (tests, demos, unusual installs).
pub const POLICY_ENV: &str = "WERKBANK_POLICY";

/// Why a policy file cannot be used, with everything an admin needs to fix it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", describe(.file, *.line, .key.as_deref(), .reason))]
pub struct PolicyError {
    pub file: PathBuf,
    /// 1-based; `None` when the file could not be read at all.
    pub line: Option<usize>,
    /// The full key, e.g. `network.proxy`, `settings."ui.theme"`, `accounts[0].mail.imap`.
    pub key: Option<String>,
    pub reason: String,
}

/// `/etc/werkbank/policy.toml:12: network.proxy: not a URL: …` — the shape compilers
/// use, so editors and terminals make it clickable.
fn describe(file: &Path, line: Option<usize>, key: Option<&str>, reason: &str) -> String {
    let mut out = file.display().to_string();
    if let Some(line) = line {
        out.push_str(&format!(":{line}"));
    }
    if let Some(key) = key {
        out.push_str(&format!(": {key}"));
    }
    out.push_str(&format!(": {reason}"));
    out
}

impl From<&PolicyError> for ApiError {
    fn from(e: &PolicyError) -> ApiError {
        // Every Fluent argument is always present, or the message would show `{ $line }`.
        // "unknown" selects the Fluent variant that names the whole file instead.
        let line = e
            .line
            .map_or_else(|| "unknown".to_string(), |l| l.to_string());
        ApiError::with(
            ErrorCode::PolicyInvalid,
            &[
                ("file", &e.file.display().to_string()),
                ("line", &line),
                ("key", e.key.as_deref().unwrap_or("?")),
                ("reason", &e.reason),
            ],
        )
    }
}

impl From<PolicyError> for ApiError {
    fn from(e: PolicyError) -> ApiError {
        ApiError::from(&e)
    }
}

impl Policy {
    /// The machine's policy: `WERKBANK_POLICY` if set, else the platform location
    /// ([`Policy::system_path`]). No file at the platform location is the empty policy;
    /// a `WERKBANK_POLICY` naming a missing file is an error, because someone asked
    /// for that file and a silent fallback would drop every lock.
    pub fn load() -> Result<Policy, PolicyError> {
        match std::env::var_os(POLICY_ENV).filter(|v| !v.is_empty()) {
            Some(path) => Policy::from_file(Path::new(&path)),
            None => {
                let path = Policy::system_path();
                if path.exists() {
                    Policy::from_file(&path)
                } else {
                    tracing::debug!(path = %path.display(), "no policy file; using the empty policy");
                    Ok(Policy::empty())
                }
            }
        }
    }

    /// Where an IT department puts the policy on this platform.
    pub fn system_path() -> PathBuf {
        if cfg!(windows) {
            let base = std::env::var_os("ProgramData").unwrap_or_else(|| r"C:\ProgramData".into());
            PathBuf::from(base).join("Werkbank").join("policy.toml")
        } else if cfg!(target_os = "macos") {
            PathBuf::from("/Library/Application Support/Werkbank/policy.toml")
        } else {
            PathBuf::from("/etc/werkbank/policy.toml")
        }
    }

    /// Reads and parses `path`; a missing file is an error here.
    pub fn from_file(path: &Path) -> Result<Policy, PolicyError> {
        let bytes = std::fs::read(path).map_err(|e| PolicyError {
            file: path.to_path_buf(),
            line: None,
            key: None,
            reason: format!("cannot read the file: {e}"),
        })?;
        let text = String::from_utf8(bytes).map_err(|e| PolicyError {
            file: path.to_path_buf(),
            line: None,
            key: None,
            reason: format!("the file is not UTF-8 text: {e}"),
        })?;
        let policy = Policy::from_str(&text, path)?;
        tracing::info!(path = %path.display(), "policy loaded");
        Ok(policy)
    }

    /// Parses policy text; `path` is named in errors, recorded as [`Policy::source`]
    /// and is the base for relative `ca_certificates`. Nothing is read from disk.
    pub fn from_str(text: &str, path: &Path) -> Result<Policy, PolicyError> {
        load::parse(text, path)
    }
}
