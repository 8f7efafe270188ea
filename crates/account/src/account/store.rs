//! `accounts.toml`: the list of accounts, read fresh on every call (it is small) and
//! replaced atomically on every change so a crash never leaves half a file.
//!
//! Changes from several threads of one process are serialised here; other processes
//! are kept out by the profile lock ([`crate::profile::Profile::lock`]), except the
//! read-only CLI commands.

use super::{Account, AccountError};
use crate::profile::{Profile, write_private_file};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, PoisonError};

const HEADER: &str =
    "# Werkbank accounts. Passwords and tokens are kept in the system keyring, never here.\n\n";

/// The file's shape: `[[account]]` tables.
#[derive(Debug, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct AccountsFile {
    #[serde(default, rename = "account")]
    accounts: Vec<Account>,
}

/// The accounts of one profile.
#[derive(Debug)]
pub struct AccountStore {
    path: PathBuf,
    /// Serialises read-modify-write cycles within this process.
    write: Mutex<()>,
}

impl AccountStore {
    pub fn new(profile: &Profile) -> AccountStore {
        AccountStore::at(profile.accounts_file())
    }

    /// A store over any file (for tools and tests that have no profile).
    pub fn at(path: impl Into<PathBuf>) -> AccountStore {
        AccountStore {
            path: path.into(),
            write: Mutex::new(()),
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// All accounts in file order; none when the file does not exist yet.
    pub fn list(&self) -> Result<Vec<Account>, AccountError> {
        self.read()
    }

    pub fn get(&self, id: &str) -> Result<Account, AccountError> {
        self.read()?
            .into_iter()
            .find(|a| a.id == id)
            .ok_or_else(|| AccountError::NotFound {
                account: id.to_string(),
            })
    }

    /// Adds a new account; its id must not be taken.
    pub fn add(&self, account: Account) -> Result<(), AccountError> {
        account.validate()?;
        self.modify(|accounts| {
            if accounts.iter().any(|a| a.id == account.id) {
                return Err(AccountError::Exists {
                    account: account.id.clone(),
                });
            }
            tracing::info!(account = %account.id, "adding account");
            accounts.push(account);
            Ok(())
        })
    }

    /// Replaces the account with the same id.
    pub fn update(&self, account: Account) -> Result<(), AccountError> {
        account.validate()?;
        self.modify(|accounts| {
            let slot = accounts
                .iter_mut()
                .find(|a| a.id == account.id)
                .ok_or_else(|| AccountError::NotFound {
                    account: account.id.clone(),
                })?;
            tracing::info!(account = %account.id, "updating account");
            *slot = account;
            Ok(())
        })
    }

    /// Removes the account and returns it (its keyring entries are the caller's job:
    /// [`crate::credentials::Credentials::delete_all`]).
    pub fn remove(&self, id: &str) -> Result<Account, AccountError> {
        self.modify(|accounts| {
            let index =
                accounts
                    .iter()
                    .position(|a| a.id == id)
                    .ok_or_else(|| AccountError::NotFound {
                        account: id.to_string(),
                    })?;
            tracing::info!(account = %id, "removing account");
            Ok(accounts.remove(index))
        })
    }

    fn modify<T>(
        &self,
        change: impl FnOnce(&mut Vec<Account>) -> Result<T, AccountError>,
    ) -> Result<T, AccountError> {
        let _serialised = self.write.lock().unwrap_or_else(PoisonError::into_inner);
        let mut accounts = self.read()?;
        let result = change(&mut accounts)?;
        self.write(accounts)?;
        Ok(result)
    }

    fn read(&self) -> Result<Vec<Account>, AccountError> {
        let text = match std::fs::read_to_string(&self.path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(e) => return Err(AccountError::io(&self.path, &e)),
        };
        let file: AccountsFile = toml::from_str(&text).map_err(|e| self.parse_error(&text, &e))?;
        for (index, account) in file.accounts.iter().enumerate() {
            if file.accounts[..index].iter().any(|a| a.id == account.id) {
                return Err(
                    self.invalid_file(format!("the account id {} is used twice", account.id))
                );
            }
            account
                .validate()
                .map_err(|e| self.invalid_file(e.to_string()))?;
        }
        Ok(file.accounts)
    }

    fn write(&self, accounts: Vec<Account>) -> Result<(), AccountError> {
        let body = toml::to_string(&AccountsFile { accounts }).map_err(|e| {
            AccountError::invalid(format!("the accounts cannot be written as TOML: {e}"))
        })?;
        write_private_file(&self.path, format!("{HEADER}{body}").as_bytes())
    }

    /// Only the parser's message and the line: toml's own `Display` quotes the source
    /// line, which could be a password someone typed into the file.
    fn parse_error(&self, text: &str, error: &toml::de::Error) -> AccountError {
        let line = error
            .span()
            .map(|span| text[..span.start.min(text.len())].lines().count().max(1));
        let reason = match line {
            Some(line) => format!("line {line}: {}", error.message()),
            None => error.message().to_string(),
        };
        self.invalid_file(reason)
    }

    fn invalid_file(&self, reason: String) -> AccountError {
        AccountError::invalid(format!("{}: {reason}", self.path.display()))
    }
}
