//! The one error shape that crosses every boundary (IPC to the UI, `--json` in the CLI,
//! test assertions): a stable [`ErrorCode`] the caller switches on, a message in the
//! user's language, and details (host, fingerprint, file, key, …) as plain strings.
//!
//! Codes are API: never rename one; add new ones at the end of the list.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ts_rs::TS)]
#[ts(export)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// The server rejected the user name or password.
    AuthFailed,
    /// The server's certificate is not trusted (unknown CA, expired, wrong host name).
    CertificateUntrusted,
    /// The policy does not allow connections to this host.
    HostNotAllowed,
    /// The setting is locked by the organisation's policy.
    SettingLocked,
    /// Another Werkbank process uses this profile.
    ProfileInUse,
    /// No OS keyring (Secret Service, Keychain, Credential Manager) could be reached.
    KeyringUnavailable,
    /// The server could not be reached (DNS, refused, network down).
    Unreachable,
    /// The server did not answer in time.
    Timeout,
    /// The server does not offer STARTTLS, so nothing would be encrypted.
    StarttlsUnavailable,
    /// The policy file cannot be used (syntax, unknown key, wrong type).
    PolicyInvalid,
    /// No setting has this key.
    SettingUnknown,
    /// The value does not fit the setting.
    SettingInvalid,
    /// No account has this id.
    AccountNotFound,
    /// An account with this id exists already.
    AccountExists,
    /// The module is switched off by policy.
    ModuleDisabled,
    /// The account has no such service configured.
    ServiceNotConfigured,
    /// Discovery found no service for the address.
    DiscoveryFailed,
    /// The server answered something Werkbank does not understand.
    ProtocolError,
    /// A command got input it cannot use.
    InvalidInput,
    /// Reading or writing a local file failed.
    Io,
    /// No password is stored for this account and none was given.
    PasswordMissing,
    /// The configured password command failed.
    PasswordCommandFailed,
    /// Pinning a certificate is forbidden by policy.
    PinningForbidden,
    /// The server closed the connection in the middle of a command; nothing half-read
    /// was kept, the next sync picks up where this one stopped.
    ConnectionLost,
    /// A folder, message or other item named in the command does not exist (any more).
    NotFound,
    /// The local database is damaged; the data on the servers is not affected.
    StoreDamaged,
    /// A bug: please report it.
    Internal,
}

impl ErrorCode {
    pub const ALL: [ErrorCode; 27] = [
        ErrorCode::AuthFailed,
        ErrorCode::CertificateUntrusted,
        ErrorCode::HostNotAllowed,
        ErrorCode::SettingLocked,
        ErrorCode::ProfileInUse,
        ErrorCode::KeyringUnavailable,
        ErrorCode::Unreachable,
        ErrorCode::Timeout,
        ErrorCode::StarttlsUnavailable,
        ErrorCode::PolicyInvalid,
        ErrorCode::SettingUnknown,
        ErrorCode::SettingInvalid,
        ErrorCode::AccountNotFound,
        ErrorCode::AccountExists,
        ErrorCode::ModuleDisabled,
        ErrorCode::ServiceNotConfigured,
        ErrorCode::DiscoveryFailed,
        ErrorCode::ProtocolError,
        ErrorCode::InvalidInput,
        ErrorCode::Io,
        ErrorCode::PasswordMissing,
        ErrorCode::PasswordCommandFailed,
        ErrorCode::PinningForbidden,
        ErrorCode::ConnectionLost,
        ErrorCode::NotFound,
        ErrorCode::StoreDamaged,
        ErrorCode::Internal,
    ];

    /// The stable wire name, e.g. `auth_failed`.
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::AuthFailed => "auth_failed",
            ErrorCode::CertificateUntrusted => "certificate_untrusted",
            ErrorCode::HostNotAllowed => "host_not_allowed",
            ErrorCode::SettingLocked => "setting_locked",
            ErrorCode::ProfileInUse => "profile_in_use",
            ErrorCode::KeyringUnavailable => "keyring_unavailable",
            ErrorCode::Unreachable => "unreachable",
            ErrorCode::Timeout => "timeout",
            ErrorCode::StarttlsUnavailable => "starttls_unavailable",
            ErrorCode::PolicyInvalid => "policy_invalid",
            ErrorCode::SettingUnknown => "setting_unknown",
            ErrorCode::SettingInvalid => "setting_invalid",
            ErrorCode::AccountNotFound => "account_not_found",
            ErrorCode::AccountExists => "account_exists",
            ErrorCode::ModuleDisabled => "module_disabled",
            ErrorCode::ServiceNotConfigured => "service_not_configured",
            ErrorCode::DiscoveryFailed => "discovery_failed",
            ErrorCode::ProtocolError => "protocol_error",
            ErrorCode::InvalidInput => "invalid_input",
            ErrorCode::Io => "io",
            ErrorCode::PasswordMissing => "password_missing",
            ErrorCode::PasswordCommandFailed => "password_command_failed",
            ErrorCode::PinningForbidden => "pinning_forbidden",
            ErrorCode::ConnectionLost => "connection_lost",
            ErrorCode::NotFound => "not_found",
            ErrorCode::StoreDamaged => "store_damaged",
            ErrorCode::Internal => "internal",
        }
    }

    /// The Fluent message id of this code's text (`error-auth-failed`); its `.hint`
    /// attribute says what to do next.
    pub fn message_id(self) -> String {
        format!("error-{}", self.as_str().replace('_', "-"))
    }
}

impl std::fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The serialisable error every command returns: `{code, message, hint, details}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[ts(export)]
pub struct ApiError {
    pub code: ErrorCode,
    /// What happened, in the user's language.
    pub message: String,
    /// What to do next, in the user's language (may be empty).
    pub hint: String,
    /// Facts for the message and for support: `host`, `fingerprint`, `file`, `key`, …
    pub details: BTreeMap<String, String>,
}

impl ApiError {
    /// Builds the error with its message localised for `lang` from the Fluent files.
    pub fn new(
        code: ErrorCode,
        details: BTreeMap<String, String>,
        lang: crate::i18n::Lang,
    ) -> ApiError {
        let id = code.message_id();
        let message = crate::i18n::message(lang, &id, &details);
        let hint = crate::i18n::attribute(lang, &id, "hint", &details).unwrap_or_default();
        ApiError {
            code,
            message,
            hint,
            details,
        }
    }

    /// Convenience for the common case of building details from pairs.
    pub fn with(code: ErrorCode, details: &[(&str, &str)]) -> ApiError {
        let details = details
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        ApiError::new(code, details, crate::i18n::Lang::current())
    }
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.message)?;
        if !self.hint.is_empty() {
            write!(f, " {}", self.hint)?;
        }
        Ok(())
    }
}

impl std::error::Error for ApiError {}
