//! Every setting Werkbank knows, with its type, allowed values and built-in default.
//! A key that is not here does not exist: the policy loader, the settings file and
//! `set` all check against this one list.

use serde::{Deserialize, Serialize};

/// A setting's value: on the wire `true` or `"dark"`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, ts_rs::TS)]
#[ts(export)]
#[serde(untagged)]
pub enum SettingValue {
    Bool(bool),
    Text(String),
}

impl std::fmt::Display for SettingValue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SettingValue::Bool(b) => write!(f, "{b}"),
            SettingValue::Text(t) => f.write_str(t),
        }
    }
}

/// What values a setting takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SettingKind {
    Bool {
        default: bool,
    },
    /// One of a fixed list of words.
    Choice {
        allowed: &'static [&'static str],
        default: &'static str,
    },
}

/// One known setting.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SettingSpec {
    pub key: &'static str,
    pub kind: SettingKind,
    /// One sentence for `settings get` and the docs.
    pub description: &'static str,
}

pub const REGISTRY: &[SettingSpec] = &[
    SettingSpec {
        key: "ui.language",
        kind: SettingKind::Choice {
            allowed: &["system", "de", "en"],
            default: "system",
        },
        description: "Language of the user interface; `system` follows the operating system.",
    },
    SettingSpec {
        key: "ui.theme",
        kind: SettingKind::Choice {
            allowed: &["system", "light", "dark", "high-contrast"],
            default: "system",
        },
        description: "Colour scheme; `system` follows the operating system.",
    },
    SettingSpec {
        key: "notifications.enabled",
        kind: SettingKind::Bool { default: true },
        description: "Show desktop notifications for new mail, invitations and chat messages.",
    },
    SettingSpec {
        key: "notifications.sound",
        kind: SettingKind::Bool { default: false },
        description: "Play a sound with notifications.",
    },
    SettingSpec {
        key: "mail.remote_content",
        kind: SettingKind::Choice {
            allowed: &["block", "ask", "allow"],
            default: "block",
        },
        description: "Load images and other content from the internet in mail: a tracking and phishing risk.",
    },
    SettingSpec {
        key: "updates.check",
        kind: SettingKind::Bool { default: true },
        description: "Look for new Werkbank versions.",
    },
];

/// The spec of `key`, if Werkbank knows it.
pub fn spec(key: &str) -> Option<&'static SettingSpec> {
    REGISTRY.iter().find(|s| s.key == key)
}

impl SettingSpec {
    pub fn default_value(&self) -> SettingValue {
        match self.kind {
            SettingKind::Bool { default } => SettingValue::Bool(default),
            SettingKind::Choice { default, .. } => SettingValue::Text(default.to_string()),
        }
    }

    /// Whether `value` fits; the error is a reason for a human.
    pub fn check(&self, value: &SettingValue) -> Result<(), String> {
        match (self.kind, value) {
            (SettingKind::Bool { .. }, SettingValue::Bool(_)) => Ok(()),
            (SettingKind::Bool { .. }, SettingValue::Text(_)) => {
                Err("expected true or false".to_string())
            }
            (SettingKind::Choice { allowed, .. }, SettingValue::Text(t))
                if allowed.contains(&t.as_str()) =>
            {
                Ok(())
            }
            (SettingKind::Choice { allowed, .. }, _) => {
                Err(format!("expected one of {}", allowed.join(", ")))
            }
        }
    }

    /// Parses what a user typed (`true`, `dark`) into a value of this setting's type.
    pub fn parse(&self, text: &str) -> Result<SettingValue, String> {
        let value = match self.kind {
            SettingKind::Bool { .. } => match text {
                "true" => SettingValue::Bool(true),
                "false" => SettingValue::Bool(false),
                _ => return Err("expected true or false".to_string()),
            },
            SettingKind::Choice { .. } => SettingValue::Text(text.to_string()),
        };
        self.check(&value)?;
        Ok(value)
    }

    /// The allowed values as text, for help output.
    pub fn allowed_values(&self) -> Vec<&'static str> {
        match self.kind {
            SettingKind::Bool { .. } => vec!["true", "false"],
            SettingKind::Choice { allowed, .. } => allowed.to_vec(),
        }
    }
}

/// The registry's keys, for "did you mean" style messages.
pub fn known_keys() -> String {
    REGISTRY
        .iter()
        .map(|s| s.key)
        .collect::<Vec<_>>()
        .join(", ")
}
