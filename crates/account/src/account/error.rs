//! The error of the account layer (profiles, accounts, credentials).
//!
//! No variant carries a secret: keyring and password-command failures describe what
//! went wrong in words, never with the value that was read.

use crate::{ApiError, ErrorCode};
use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum AccountError {
    #[error("there is no account {account}")]
    NotFound { account: String },
    #[error("an account {account} exists already")]
    Exists { account: String },
    #[error("invalid input: {reason}")]
    InvalidInput { reason: String },
    #[error("cannot read or write {}: {reason}", file.display())]
    Io { file: PathBuf, reason: String },
    #[error("another Werkbank process is using the profile {}", dir.display())]
    ProfileInUse { dir: PathBuf },
    #[error("the keyring cannot be used: {reason}")]
    Keyring { reason: String },
    #[error("no password is stored for {account}")]
    PasswordMissing { account: String },
    #[error("the password command for {account} failed: {reason}")]
    PasswordCommand { account: String, reason: String },
}

impl AccountError {
    pub(crate) fn io(file: impl Into<PathBuf>, error: &std::io::Error) -> AccountError {
        AccountError::Io {
            file: file.into(),
            reason: error.to_string(),
        }
    }

    pub(crate) fn invalid(reason: impl Into<String>) -> AccountError {
        AccountError::InvalidInput {
            reason: reason.into(),
        }
    }

    /// The stable code callers switch on.
    pub fn code(&self) -> ErrorCode {
        match self {
            AccountError::NotFound { .. } => ErrorCode::AccountNotFound,
            AccountError::Exists { .. } => ErrorCode::AccountExists,
            AccountError::InvalidInput { .. } => ErrorCode::InvalidInput,
            AccountError::Io { .. } => ErrorCode::Io,
            AccountError::ProfileInUse { .. } => ErrorCode::ProfileInUse,
            AccountError::Keyring { .. } => ErrorCode::KeyringUnavailable,
            AccountError::PasswordMissing { .. } => ErrorCode::PasswordMissing,
            AccountError::PasswordCommand { .. } => ErrorCode::PasswordCommandFailed,
        }
    }
}

impl From<&AccountError> for ApiError {
    /// Details carry every argument the Fluent message of the code uses.
    fn from(error: &AccountError) -> ApiError {
        let code = error.code();
        match error {
            AccountError::NotFound { account }
            | AccountError::Exists { account }
            | AccountError::PasswordMissing { account } => {
                ApiError::with(code, &[("account", account)])
            }
            AccountError::InvalidInput { reason } | AccountError::Keyring { reason } => {
                ApiError::with(code, &[("reason", reason)])
            }
            AccountError::Io { file, reason } => ApiError::with(
                code,
                &[("file", &file.display().to_string()), ("reason", reason)],
            ),
            AccountError::ProfileInUse { dir } => {
                ApiError::with(code, &[("profile", &dir.display().to_string())])
            }
            AccountError::PasswordCommand { account, reason } => {
                ApiError::with(code, &[("account", account), ("reason", reason)])
            }
        }
    }
}

impl From<AccountError> for ApiError {
    fn from(error: AccountError) -> ApiError {
        ApiError::from(&error)
    }
}
