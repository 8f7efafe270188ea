//! Secrets: account passwords and Matrix access tokens.
//!
//! They live only in the OS keyring (Secret Service on Linux) or come from the
//! account's `password_command`; never in files, logs, errors or the store. There is
//! deliberately no fallback to a file: without a keyring, [`Credentials::new`] fails
//! with `keyring_unavailable` and says how to fix it.
//!
//! Keyring calls block (D-Bus round trips, maybe an unlock prompt); async callers run
//! them through [`Credentials::password`] or `spawn_blocking`.

mod entries;
mod keyring;
mod password_command;

use crate::account::{Account, AccountError, validate_account_id};
use keyring_core::CredentialStore;
use std::sync::Arc;

pub use entries::{KEYRING_SERVICE, SecretKind};
pub use password_command::PASSWORD_COMMAND_TIMEOUT;

/// Access to the secrets of all accounts.
#[derive(Clone)]
pub struct Credentials {
    /// `None` when the caller chose to run without a keyring (password commands only).
    keyring: Option<Arc<CredentialStore>>,
    /// A password the user just typed, for checking an account before it is saved
    /// (account setup: test, then save). Held in memory only, never written.
    typed: Option<Arc<(String, String)>>,
}

impl std::fmt::Debug for Credentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Credentials")
            .field("keyring", &self.keyring.is_some())
            .field("typed_password", &self.typed.is_some())
            .finish()
    }
}

impl Credentials {
    /// Connects to the platform keyring (once per process; later calls share it).
    pub fn new() -> Result<Credentials, AccountError> {
        Ok(Credentials {
            keyring: Some(keyring::platform_store()?),
            typed: None,
        })
    }

    /// Credentials without a keyring: only accounts with a `password_command` get a
    /// password; every keyring operation fails with `keyring_unavailable`. For machines
    /// where the keyring is known to be missing and the policy provides commands.
    pub fn password_commands_only() -> Credentials {
        Credentials {
            keyring: None,
            typed: None,
        }
    }

    /// These credentials, answering `password()` for `account_id` with `password` (a
    /// password typed during setup, before anything is stored). Matrix tokens and
    /// other accounts still come from the keyring.
    pub fn with_typed_password(mut self, account_id: &str, password: &str) -> Credentials {
        self.typed = Some(Arc::new((account_id.to_string(), password.to_string())));
        self
    }

    /// The account's password: from its `password_command` when it has one (within
    /// [`PASSWORD_COMMAND_TIMEOUT`]), else from the keyring.
    ///
    /// Needs a Tokio runtime with I/O and time enabled (the command runs as a child
    /// process; the keyring lookup runs on the blocking pool).
    pub async fn password(&self, account: &Account) -> Result<String, AccountError> {
        if let Some(command) = &account.password_command {
            return password_command::run(&account.id, command).await;
        }
        if let Some(typed) = &self.typed
            && typed.0 == account.id
        {
            return Ok(typed.1.clone());
        }
        let this = self.clone();
        let id = account.id.clone();
        let lookup =
            tokio::task::spawn_blocking(move || this.read(&id, SecretKind::Password)).await;
        match lookup {
            Ok(Ok(Some(secret))) => Ok(secret),
            Ok(Ok(None)) => Err(AccountError::PasswordMissing {
                account: account.id.clone(),
            }),
            Ok(Err(e)) => Err(e),
            Err(join) => Err(AccountError::Keyring {
                reason: format!("the keyring lookup was interrupted: {join}"),
            }),
        }
    }

    /// Stores (or replaces) the account's password in the keyring.
    pub fn set_password(&self, account_id: &str, secret: &str) -> Result<(), AccountError> {
        self.write(account_id, SecretKind::Password, secret)
    }

    /// The Matrix access token; `None` before the first login.
    pub fn matrix_token(&self, account_id: &str) -> Result<Option<String>, AccountError> {
        self.read(account_id, SecretKind::MatrixToken)
    }

    pub fn set_matrix_token(&self, account_id: &str, token: &str) -> Result<(), AccountError> {
        self.write(account_id, SecretKind::MatrixToken, token)
    }

    /// Deletes one secret; deleting one that is not there is not an error.
    pub fn delete(&self, account_id: &str, kind: SecretKind) -> Result<(), AccountError> {
        validate_account_id(account_id)?;
        let entry = self.entry(account_id, kind)?;
        match entry.delete_credential() {
            Ok(()) | Err(keyring_core::Error::NoEntry) => {
                tracing::info!(
                    account = account_id,
                    secret = kind.name(),
                    "deleted secret from the keyring"
                );
                Ok(())
            }
            Err(e) => Err(keyring::error(e)),
        }
    }

    /// Deletes every secret of the account (for `account remove`).
    pub fn delete_all(&self, account_id: &str) -> Result<(), AccountError> {
        SecretKind::ALL
            .iter()
            .try_for_each(|kind| self.delete(account_id, *kind))
    }

    fn read(&self, account_id: &str, kind: SecretKind) -> Result<Option<String>, AccountError> {
        validate_account_id(account_id)?;
        match self.entry(account_id, kind)?.get_password() {
            Ok(secret) => Ok(Some(secret)),
            Err(keyring_core::Error::NoEntry) => Ok(None),
            Err(e) => Err(keyring::error(e)),
        }
    }

    fn write(&self, account_id: &str, kind: SecretKind, secret: &str) -> Result<(), AccountError> {
        validate_account_id(account_id)?;
        if secret.is_empty() {
            return Err(AccountError::invalid(format!(
                "the {} is empty",
                kind.description()
            )));
        }
        self.entry(account_id, kind)?
            .set_password(secret)
            .map_err(keyring::error)?;
        tracing::info!(
            account = account_id,
            secret = kind.name(),
            "stored secret in the keyring"
        );
        Ok(())
    }

    fn entry(
        &self,
        account_id: &str,
        kind: SecretKind,
    ) -> Result<keyring_core::Entry, AccountError> {
        let store = self.keyring.as_ref().ok_or_else(|| AccountError::Keyring {
            reason: "Werkbank runs without a keyring (password commands only)".into(),
        })?;
        store
            .build(KEYRING_SERVICE, &kind.entry_user(account_id), None)
            .map_err(keyring::error)
    }
}
