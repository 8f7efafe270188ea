//! The mail module's entry points for the shell and the CLI: an account's mail store
//! (offline reads and local actions need no password) and its syncer (network).

use crate::{Workplace, commands, network};
use std::sync::Arc;
use werkbank_account::{Account, ApiError, ErrorCode};
use werkbank_mail::{Endpoint, MailStore, Syncer};
use werkbank_store::Store;

impl Workplace {
    /// The account whose mail a command means: the one named, or the only one with mail.
    pub fn mail_account(&self, id: Option<&str>) -> Result<Account, ApiError> {
        if !self.modules().iter().any(|m| m.id == "mail") {
            return Err(ApiError::with(
                ErrorCode::ModuleDisabled,
                &[("module", "mail")],
            ));
        }
        let account = match id {
            Some(id) => self.accounts.get(id)?,
            None => {
                let mut with_mail: Vec<Account> = self
                    .accounts
                    .list()?
                    .into_iter()
                    .filter(|a| a.mail.is_some())
                    .collect();
                match with_mail.len() {
                    1 => with_mail.remove(0),
                    0 => {
                        return Err(ApiError::with(
                            ErrorCode::InvalidInput,
                            &[(
                                "reason",
                                "no account has mail; add one with `werkbank-cli account add`",
                            )],
                        ));
                    }
                    _ => {
                        return Err(ApiError::with(
                            ErrorCode::InvalidInput,
                            &[(
                                "reason",
                                "several accounts have mail; name one with --account",
                            )],
                        ));
                    }
                }
            }
        };
        if account.mail.is_none() {
            return Err(ApiError::with(
                ErrorCode::ServiceNotConfigured,
                &[("account", &account.id), ("service", "IMAP")],
            ));
        }
        Ok(account)
    }

    /// The profile's database (shared by all modules; opened per call, cheap).
    pub fn store(&self) -> Result<Arc<Store>, ApiError> {
        let path = self.profile.store_file();
        Store::open(&path).map(Arc::new).map_err(|e| {
            let damaged = matches!(e, werkbank_store::StoreError::Corrupt { .. });
            let reason = e.to_string();
            if damaged {
                ApiError::with(ErrorCode::StoreDamaged, &[("reason", &reason)])
            } else {
                ApiError::with(
                    ErrorCode::Io,
                    &[("file", &path.display().to_string()), ("reason", &reason)],
                )
            }
        })
    }

    pub fn mail_store(&self, account: &Account) -> Result<MailStore, ApiError> {
        MailStore::open(self.store()?, &account.id).map_err(|e| ApiError::from(&e))
    }

    /// The syncer of an account's mail: asks the keyring (or password command) now.
    pub async fn mail_syncer(&self, account: &Account) -> Result<Syncer, ApiError> {
        let Some(mail) = &account.mail else {
            return Err(ApiError::with(
                ErrorCode::ServiceNotConfigured,
                &[("account", &account.id), ("service", "IMAP")],
            ));
        };
        let store = self.mail_store(account)?;
        let net = network::net(&self.policy, Some(account))?;
        let password = commands::credentials()
            .password(account)
            .await
            .map_err(|e| ApiError::from(&e))?;
        Ok(Syncer::new(
            store,
            net,
            Endpoint::from(&mail.imap),
            &mail.username,
            &password,
        )
        .with_events(self.event_sender()))
    }
}
