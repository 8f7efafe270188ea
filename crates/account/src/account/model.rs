//! The account as stored in `accounts.toml` and sent over IPC: plain data with public
//! fields. [`Account::validate`] holds the rules; the store applies them on every read
//! and write.

use serde::{Deserialize, Serialize};
use url::Url;

/// One identity and the services it uses. Unknown keys in the file are refused, so a
/// `password = "…"` typed into `accounts.toml` by hand is an error, not a stored secret.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[ts(export)]
#[serde(deny_unknown_fields)]
pub struct Account {
    /// Short, stable name: lowercase letters, digits and `-` (e.g. `work`). Used in the
    /// CLI, in keyring entry names and as the key of module data in the store.
    pub id: String,
    pub display_name: String,
    pub email: String,
    /// A shell command that prints the password on its first line of output (e.g.
    /// `pass show work/mail`); used instead of the keyring when set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub password_command: Option<String>,
    /// The account came from the organisation's policy; the user cannot remove it.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub provisioned: bool,
    /// SHA-256 fingerprints (64 hex digits) of certificates the user explicitly trusted.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub pinned_certificates: Vec<String>,
    // Tables come after plain values: TOML cannot put a value after a table.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mail: Option<MailService>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub caldav: Option<DavService>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub carddav: Option<DavService>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub webdav: Option<DavService>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub matrix: Option<MatrixService>,
}

impl Account {
    /// An account with an identity and no services yet.
    pub fn new(
        id: impl Into<String>,
        display_name: impl Into<String>,
        email: impl Into<String>,
    ) -> Account {
        Account {
            id: id.into(),
            display_name: display_name.into(),
            email: email.into(),
            password_command: None,
            provisioned: false,
            pinned_certificates: Vec::new(),
            mail: None,
            caldav: None,
            carddav: None,
            webdav: None,
            matrix: None,
        }
    }
}

/// IMAP and SMTP submission for one mailbox.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[ts(export)]
#[serde(deny_unknown_fields)]
pub struct MailService {
    pub imap: Endpoint,
    pub smtp: Endpoint,
    pub username: String,
}

/// A CalDAV, CardDAV or WebDAV service.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[ts(export)]
#[serde(deny_unknown_fields)]
pub struct DavService {
    #[serde(with = "url_as_string")]
    #[ts(type = "string")]
    pub url: Url,
    pub username: String,
}

/// A Matrix account. `user_id` and `device_id` are filled in after the first login so
/// that the same device (and its encryption keys) is reused; the access token is a
/// secret and lives in the keyring.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[ts(export)]
#[serde(deny_unknown_fields)]
pub struct MatrixService {
    #[serde(with = "url_as_string")]
    #[ts(type = "string")]
    pub homeserver: Url,
    pub username: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub device_id: Option<String>,
}

/// A host and port and how the connection is encrypted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[ts(export)]
#[serde(deny_unknown_fields)]
pub struct Endpoint {
    pub host: String,
    pub port: u16,
    pub security: Security,
}

impl Endpoint {
    pub fn new(host: impl Into<String>, port: u16, security: Security) -> Endpoint {
        Endpoint {
            host: host.into(),
            port,
            security,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ts_rs::TS)]
#[ts(export)]
#[serde(rename_all = "lowercase")]
pub enum Security {
    /// TLS from the first byte (IMAPS 993, submissions 465).
    Tls,
    /// Plain connection upgraded with STARTTLS before anything else is sent.
    StartTls,
    /// No encryption: only allowed to this computer (`localhost`), e.g. a local bridge.
    Plain,
}

/// `url::Url` as a TOML string, without the `url/serde` feature.
mod url_as_string {
    use serde::{Deserialize, Deserializer, Serializer};
    use url::Url;

    pub(super) fn serialize<S: Serializer>(url: &Url, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(url.as_str())
    }

    pub(super) fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Url, D::Error> {
        let text = String::deserialize(deserializer)?;
        Url::parse(&text)
            .map_err(|e| serde::de::Error::custom(format!("invalid URL {text:?}: {e}")))
    }
}
