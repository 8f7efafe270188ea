//! User settings, layered: built-in defaults < policy `[settings]` < the user's
//! `settings.toml`, except that a key the policy locks always has the policy's value.
//!
//! The known keys live in [`registry`]; [`Settings`] answers what a key's value is,
//! where it comes from and whether the user may change it.

mod file;
pub mod registry;

pub use registry::{REGISTRY, SettingKind, SettingSpec, SettingValue};

use crate::policy::Policy;
use crate::{ApiError, ErrorCode};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The key the policy's `[updates] check = false` locks.
const UPDATES_CHECK: &str = "updates.check";

#[derive(Debug, thiserror::Error)]
pub enum SettingsError {
    #[error("there is no setting named {key}")]
    Unknown { key: String },
    #[error("the value {value:?} does not fit the setting {key}: {reason}")]
    Invalid {
        key: String,
        value: String,
        reason: String,
    },
    #[error("the setting {key} is locked by the policy {}", policy_file.display())]
    Locked { key: String, policy_file: PathBuf },
    #[error("the settings file {} could not be read or written: {reason}", file.display())]
    Io { file: PathBuf, reason: String },
}

impl From<&SettingsError> for ApiError {
    fn from(e: &SettingsError) -> ApiError {
        match e {
            SettingsError::Unknown { key } => {
                ApiError::with(ErrorCode::SettingUnknown, &[("key", key)])
            }
            SettingsError::Invalid { key, value, reason } => ApiError::with(
                ErrorCode::SettingInvalid,
                &[("key", key), ("value", value), ("reason", reason)],
            ),
            SettingsError::Locked { key, policy_file } => ApiError::with(
                ErrorCode::SettingLocked,
                &[("key", key), ("file", &policy_file.display().to_string())],
            ),
            SettingsError::Io { file, reason } => ApiError::with(
                ErrorCode::Io,
                &[("file", &file.display().to_string()), ("reason", reason)],
            ),
        }
    }
}

impl From<SettingsError> for ApiError {
    fn from(e: SettingsError) -> ApiError {
        ApiError::from(&e)
    }
}

/// Which layer a value comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[ts(export)]
#[serde(rename_all = "lowercase")]
pub enum SettingSource {
    Default,
    Policy,
    User,
}

/// A setting's effective value and why it has it (an IPC contract: the UI greys out
/// locked settings and names the policy file).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[ts(export)]
pub struct Setting {
    pub key: String,
    pub value: SettingValue,
    pub source: SettingSource,
    pub locked: bool,
    /// The policy file that locks it.
    pub locked_by: Option<PathBuf>,
}

/// What the policy says about one key, after folding `[updates] check` in.
#[derive(Debug, Clone)]
struct PolicyLayer {
    value: SettingValue,
    locked: bool,
}

/// The settings of one profile.
#[derive(Debug)]
pub struct Settings {
    path: PathBuf,
    policy: BTreeMap<String, PolicyLayer>,
    policy_file: PathBuf,
    user: file::UserFile,
}

impl Settings {
    /// Reads `settings.toml` from `profile_dir` (absent: no user settings) and layers
    /// it over `policy`. A user value for a locked key stays in the file but has no
    /// effect; it comes back if the organisation lifts the lock.
    pub fn load(profile_dir: &Path, policy: &Policy) -> Result<Settings, SettingsError> {
        let path = profile_dir.join(file::FILE_NAME);
        let user = file::read(&path)?;
        let mut layer: BTreeMap<String, PolicyLayer> = policy
            .settings
            .iter()
            .map(|(key, s)| {
                (
                    key.clone(),
                    PolicyLayer {
                        value: s.value.clone(),
                        locked: s.locked,
                    },
                )
            })
            .collect();
        if !policy.updates_check {
            layer.insert(
                UPDATES_CHECK.to_string(),
                PolicyLayer {
                    value: SettingValue::Bool(false),
                    locked: true,
                },
            );
        }
        let policy_file = policy
            .source
            .clone()
            .unwrap_or_else(|| PathBuf::from("policy"));
        Ok(Settings {
            path,
            policy: layer,
            policy_file,
            user,
        })
    }

    /// The file `set` writes.
    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn get(&self, key: &str) -> Result<Setting, SettingsError> {
        let spec = registry::spec(key).ok_or_else(|| SettingsError::Unknown {
            key: key.to_string(),
        })?;
        let policy = self.policy.get(key);
        let locked = policy.is_some_and(|p| p.locked);
        let (value, source) = match (policy, self.user.values.get(key)) {
            (Some(p), _) if p.locked => (p.value.clone(), SettingSource::Policy),
            (_, Some(user)) => (user.clone(), SettingSource::User),
            (Some(p), None) => (p.value.clone(), SettingSource::Policy),
            (None, None) => (spec.default_value(), SettingSource::Default),
        };
        Ok(Setting {
            key: key.to_string(),
            value,
            source,
            locked,
            locked_by: locked.then(|| self.policy_file.clone()),
        })
    }

    /// Every known setting, in registry order.
    pub fn all(&self) -> Vec<Setting> {
        REGISTRY
            .iter()
            .filter_map(|spec| self.get(spec.key).ok())
            .collect()
    }

    /// Sets `key` from what the user typed (`true`, `dark`) and saves the file.
    pub fn set(&mut self, key: &str, value: &str) -> Result<Setting, SettingsError> {
        let spec = self.changeable(key)?;
        let parsed = spec.parse(value).map_err(|reason| SettingsError::Invalid {
            key: key.to_string(),
            value: value.to_string(),
            reason,
        })?;
        self.change(key, Some(parsed))?;
        self.get(key)
    }

    /// Forgets the user's value of `key`; the policy default or built-in default applies.
    pub fn reset(&mut self, key: &str) -> Result<Setting, SettingsError> {
        self.changeable(key)?;
        self.change(key, None)?;
        self.get(key)
    }

    fn changeable(&self, key: &str) -> Result<&'static SettingSpec, SettingsError> {
        let spec = registry::spec(key).ok_or_else(|| SettingsError::Unknown {
            key: key.to_string(),
        })?;
        if self.policy.get(key).is_some_and(|p| p.locked) {
            return Err(SettingsError::Locked {
                key: key.to_string(),
                policy_file: self.policy_file.clone(),
            });
        }
        Ok(spec)
    }

    /// Applies the change, writes the file, and undoes the change in memory if the
    /// write fails, so memory and disk agree.
    fn change(&mut self, key: &str, value: Option<SettingValue>) -> Result<(), SettingsError> {
        let old_value = match value {
            Some(v) => self.user.values.insert(key.to_string(), v),
            None => self.user.values.remove(key),
        };
        let old_foreign = self.user.foreign.remove(key);
        if let Err(e) = file::write(&self.path, &self.user) {
            match old_value {
                Some(v) => self.user.values.insert(key.to_string(), v),
                None => self.user.values.remove(key),
            };
            if let Some(v) = old_foreign {
                self.user.foreign.insert(key.to_string(), v);
            }
            return Err(e);
        }
        Ok(())
    }
}
