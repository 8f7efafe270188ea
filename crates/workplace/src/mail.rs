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

    /// The profile's database, shared by all modules (opened once).
    pub fn store(&self) -> Result<Arc<Store>, ApiError> {
        if let Some(store) = self.store.get() {
            return Ok(store.clone());
        }
        let path = self.profile.store_file();
        let store = Store::open(&path).map(Arc::new).map_err(|e| {
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
        })?;
        Ok(self.store.get_or_init(|| store).clone())
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
        let password = commands::account_password(account).await?;
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

/// A change the user makes to messages; applied locally at once, journaled, and sent to
/// the server by the account's background sync (woken for it).
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize, ts_rs::TS)]
#[ts(export)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum MailAction {
    /// Flags by name: `seen`, `flagged`, `answered`, `forwarded`, `draft`, or a keyword.
    Flag {
        #[ts(type = "Array<number>")]
        ids: Vec<i64>,
        add: Vec<String>,
        remove: Vec<String>,
    },
    Move {
        #[ts(type = "Array<number>")]
        ids: Vec<i64>,
        #[ts(type = "number")]
        folder: i64,
    },
    Copy {
        #[ts(type = "Array<number>")]
        ids: Vec<i64>,
        #[ts(type = "number")]
        folder: i64,
    },
    /// To Trash; in Trash, for good (the UI asks first).
    Delete {
        #[ts(type = "Array<number>")]
        ids: Vec<i64>,
    },
    /// For good, wherever the messages are (the UI asks first).
    Expunge {
        #[ts(type = "Array<number>")]
        ids: Vec<i64>,
    },
    Archive {
        #[ts(type = "Array<number>")]
        ids: Vec<i64>,
    },
    EmptyTrash,
}

impl Workplace {
    fn mail_store_of(&self, account: &str) -> Result<MailStore, ApiError> {
        let account = self.mail_account(Some(account))?;
        self.mail_store(&account)
    }

    pub fn mail_folders(
        &self,
        account: &str,
    ) -> Result<Vec<werkbank_mail::store::Folder>, ApiError> {
        self.mail_store_of(account)?.folders().map_err(api)
    }

    pub fn mail_list(
        &self,
        account: &str,
        folder: i64,
        offset: usize,
        limit: usize,
    ) -> Result<Vec<werkbank_mail::store::MessageSummary>, ApiError> {
        self.mail_store_of(account)?
            .list(folder, offset, limit.min(1000))
            .map_err(api)
    }

    pub fn mail_thread(
        &self,
        account: &str,
        thread: i64,
    ) -> Result<Vec<werkbank_mail::store::MessageSummary>, ApiError> {
        self.mail_store_of(account)?.thread(thread).map_err(api)
    }

    /// One message for the reader; its body is fetched first when it is not local.
    pub async fn mail_open(
        &self,
        account: &str,
        id: i64,
    ) -> Result<werkbank_mail::store::MessageDetail, ApiError> {
        let account = self.mail_account(Some(account))?;
        let store = self.mail_store(&account)?;
        if !store.summary(id).map_err(api)?.body_local {
            let syncer = self.mail_syncer(&account).await?;
            syncer
                .fetch_body(id, &werkbank_mail::SyncOptions::default())
                .await
                .map_err(api)?;
        }
        store.detail(id).map_err(api)
    }

    /// Local full-text search, plus the server's search where bodies are not local
    /// (skipped quietly when the server cannot be reached: local hits still count).
    pub async fn mail_search(
        &self,
        account: &str,
        query: &str,
        limit: usize,
    ) -> Result<Vec<werkbank_mail::store::SearchHit>, ApiError> {
        let account = self.mail_account(Some(account))?;
        let store = self.mail_store(&account)?;
        let mut result = store.search(query, limit).map_err(api)?;
        if !result.incomplete_folders.is_empty()
            && let Some(text) = result.query.text()
            && let Ok(syncer) = self.mail_syncer(&account).await
        {
            match syncer
                .search_server(
                    &text,
                    &result.incomplete_folders,
                    &werkbank_mail::SyncOptions::default(),
                )
                .await
            {
                Ok(ids) => store.merge_server_hits(&mut result, &ids).map_err(api)?,
                Err(e) => tracing::info!("server search skipped: {e}"),
            }
        }
        result.hits.truncate(limit);
        Ok(result.hits)
    }

    /// Applies an action locally and wakes the account's sync to send it; returns the
    /// new ids of moved or copied messages.
    pub fn mail_act(&self, account: &str, action: MailAction) -> Result<Vec<i64>, ApiError> {
        let store = self.mail_store_of(account)?;
        let ids = match action {
            MailAction::Flag { ids, add, remove } => {
                let names =
                    |list: Vec<String>| -> Result<std::collections::BTreeSet<String>, ApiError> {
                        list.iter()
                            .map(|n| {
                                werkbank_mail::flags::from_user(n).ok_or_else(|| {
                                    ApiError::with(
                                        ErrorCode::InvalidInput,
                                        &[("reason", &format!("\"{n}\" is not a flag"))],
                                    )
                                })
                            })
                            .collect()
                    };
                let change = werkbank_mail::flags::Change {
                    add: names(add)?,
                    remove: names(remove)?,
                };
                store.set_flags(&ids, &change).map_err(api)?;
                Vec::new()
            }
            MailAction::Move { ids, folder } => store.move_to(&ids, folder).map_err(api)?,
            MailAction::Copy { ids, folder } => store.copy_to(&ids, folder).map_err(api)?,
            MailAction::Delete { ids } => store.delete(&ids).map(|()| Vec::new()).map_err(api)?,
            MailAction::Expunge { ids } => store.expunge(&ids).map(|()| Vec::new()).map_err(api)?,
            MailAction::Archive { ids } => store.archive(&ids).map_err(api)?,
            MailAction::EmptyTrash => store.empty_trash().map(|_| Vec::new()).map_err(api)?,
        };
        self.sync_now(account);
        Ok(ids)
    }

    /// Unread messages in the INBOX of every mail account (the tray and the rail).
    pub fn mail_unread(&self) -> Result<u64, ApiError> {
        let mut unread = 0;
        for account in self
            .accounts
            .list()?
            .into_iter()
            .filter(|a| a.mail.is_some())
        {
            let store = self.mail_store(&account)?;
            if let Some(inbox) = store
                .folder_by_role(werkbank_mail::store::Role::Inbox)
                .map_err(api)?
            {
                unread += u64::from(inbox.unread);
            }
        }
        Ok(unread)
    }
}

fn api(error: werkbank_mail::MailError) -> ApiError {
    ApiError::from(&error)
}
