//! Writing and sending mail for the shell and the CLI: identities, drafts (saved
//! locally as the user types, copied to the server's Drafts folder on request), the
//! compose requests (new, reply, reply all, forward, `mailto:`), and the outbox
//! (send, flush, retry, discard). Plain data in and out; every error an `ApiError`.
//!
//! The outbox sends only in the process that holds the profile lock: these commands
//! are for a workplace opened with `Access::Write`.

use crate::{Workplace, commands, network};
use serde::{Deserialize, Serialize};
use werkbank_account::{Account, ApiError, ErrorCode};
use werkbank_mail::compose::{self, Draft, ForwardKind, Identity, ReplyKind};
use werkbank_mail::outbox::{self, Outcome};
use werkbank_mail::store::SavedDraft;
use werkbank_mail::{Endpoint, MailError, Outbox, OutboxEntry, Servers};

/// What the compose window should start from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[ts(export, rename = "MailComposeRequest")]
pub enum ComposeRequest {
    /// An empty message (with the signature).
    New,
    /// A reply to stored message `message` (`all`: reply all).
    Reply {
        #[ts(type = "number")]
        message: i64,
        all: bool,
    },
    /// A forward of stored message `message` (`attach`: as a message/rfc822 attachment).
    Forward {
        #[ts(type = "number")]
        message: i64,
        attach: bool,
    },
    /// A `mailto:` link.
    Mailto { url: String },
    /// Continue stored message `message`, a draft in the Drafts folder: the local
    /// draft with its Message-ID when there is one, else the message read back.
    Draft {
        #[ts(type = "number")]
        message: i64,
    },
}

/// What sending did: the message as queued, and what the immediate attempt did
/// (`filed`: sent and in Sent; `queued`: waiting for the server, with the reason).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
#[ts(export, rename = "MailSendResult")]
pub struct SendResult {
    pub entry: OutboxEntry,
    pub outcome: Option<Outcome>,
}

/// FNV-1a: a name for a folder that stays the same across runs and versions (std's
/// hasher does not promise that).
fn stable_hash(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

fn api(e: MailError) -> ApiError {
    ApiError::from(&e)
}

impl Workplace {
    /// The identities the account can send as, the default first: those stored for it,
    /// else one from the account's name and address.
    pub fn mail_identities(&self, account: Option<&str>) -> Result<Vec<Identity>, ApiError> {
        let account = self.mail_account(account)?;
        let mut identities = self.mail_store(&account)?.identities().map_err(api)?;
        if identities.is_empty() {
            identities.push(default_identity(&account));
        }
        Ok(identities)
    }

    /// Adds or changes an identity (by address); `position` 0 makes it the default.
    pub fn mail_identity_save(
        &self,
        account: Option<&str>,
        identity: &Identity,
        position: i64,
    ) -> Result<Vec<Identity>, ApiError> {
        let account_id = self.mail_account(account)?;
        self.mail_store(&account_id)?
            .save_identity(identity, position)
            .map_err(api)?;
        self.mail_identities(account)
    }

    /// Replaces the account's identities (the first is the default); returns them as
    /// stored. Refused as a whole when an address is invalid or listed twice.
    pub fn mail_identities_set(
        &self,
        account: Option<&str>,
        identities: &[Identity],
    ) -> Result<Vec<Identity>, ApiError> {
        let account = self.mail_account(account)?;
        self.mail_store(&account)?
            .set_identities(identities)
            .map_err(api)
    }

    /// A new draft to edit (not saved yet: the first `mail_draft_save` saves it).
    pub fn mail_compose(
        &self,
        account: Option<&str>,
        request: ComposeRequest,
    ) -> Result<Draft, ApiError> {
        let account = self.mail_account(account)?;
        let store = self.mail_store(&account)?;
        let identities = self.mail_identities(Some(&account.id))?;
        let lang = werkbank_account::i18n::Lang::current();
        let default = identities
            .first()
            .cloned()
            .unwrap_or_else(|| default_identity(&account));
        Ok(match request {
            ComposeRequest::New => Draft::new(&default),
            ComposeRequest::Mailto { url } => werkbank_mail::mailto::parse(&url)
                .map_err(api)?
                .into_draft(&default),
            ComposeRequest::Reply { message, all } => {
                let original = compose::original(&store, message).map_err(api)?;
                // Answer as the identity the message was addressed to, if it was.
                let identity = identities
                    .iter()
                    .find(|i| {
                        original
                            .to
                            .iter()
                            .chain(&original.cc)
                            .any(|m| m.same_address(&i.email))
                    })
                    .unwrap_or(&default);
                let own: Vec<String> = identities
                    .iter()
                    .map(|i| i.email.clone())
                    .chain([account.email.clone()])
                    .collect();
                let kind = if all {
                    ReplyKind::All
                } else {
                    ReplyKind::Sender
                };
                compose::reply(&original, kind, identity, &own, lang)
            }
            ComposeRequest::Forward { message, attach } => {
                let original = compose::original(&store, message).map_err(api)?;
                let kind = if attach {
                    ForwardKind::Attachment
                } else {
                    ForwardKind::Inline
                };
                compose::forward(&original, kind, &default, lang)
            }
            ComposeRequest::Draft { message } => self.resume_draft(&store, message, &default)?,
        })
    }

    /// A draft from the Drafts folder, to keep writing. Its attachments are copied into
    /// the profile (`drafts/<hash of the Message-ID>/`) and attached from there: the
    /// message they came from is replaced in Drafts by the next upload.
    fn resume_draft(
        &self,
        store: &werkbank_mail::MailStore,
        message: i64,
        identity: &Identity,
    ) -> Result<Draft, ApiError> {
        let raw = store.raw(message).map_err(api)?.ok_or_else(|| {
            api(MailError::NotFound {
                item: format!("the text of message {message} (open it first)"),
            })
        })?;
        let resumed = compose::resume(&raw, identity).map_err(api)?;
        if let Some(local) = store
            .draft_by_message_id(&resumed.draft.message_id)
            .map_err(api)?
        {
            return Ok(local);
        }
        let mut draft = resumed.draft;
        if let Some(parent) = &draft.in_reply_to
            && let Some(answered) = store.message_by_message_id(parent).map_err(api)?
        {
            draft.origin = Some(compose::Origin {
                message: answered,
                kind: compose::OriginKind::Reply,
            });
        }
        if resumed.files.is_empty() {
            return Ok(draft);
        }
        let dir = self.resumed_files_dir(&draft.message_id);
        let io = |e: std::io::Error, file: &std::path::Path| {
            ApiError::with(
                ErrorCode::Io,
                &[
                    ("file", &file.display().to_string()),
                    ("reason", &e.to_string()),
                ],
            )
        };
        std::fs::create_dir_all(&dir).map_err(|e| io(e, &dir))?;
        let mut used = std::collections::HashSet::new();
        for (n, file) in resumed.files.into_iter().enumerate() {
            // Two attachments may share a name; the second gets the file's number.
            let name = werkbank_mail::render::safe_file_name(&file.name);
            let mut stored = name.clone();
            if !used.insert(stored.clone()) {
                stored = format!("{n}-{name}");
                used.insert(stored.clone());
            }
            let path = dir.join(&stored);
            std::fs::write(&path, &file.bytes).map_err(|e| io(e, &path))?;
            draft.attachments.push(compose::Attachment::File {
                path: path.display().to_string(),
                name,
            });
        }
        Ok(draft)
    }

    fn resumed_files_dir(&self, message_id: &str) -> std::path::PathBuf {
        self.profile
            .dir()
            .join("drafts")
            .join(format!("{:016x}", stable_hash(message_id)))
    }

    /// Best effort: a leftover copy costs disk space, nothing else.
    fn remove_resumed_files(&self, message_id: &str) {
        let dir = self.resumed_files_dir(message_id);
        if let Err(e) = std::fs::remove_dir_all(&dir)
            && e.kind() != std::io::ErrorKind::NotFound
        {
            tracing::info!("could not remove {}: {e}", dir.display());
        }
    }

    /// Saves the draft locally (call it as the user types; it is one small write).
    /// Keep the returned id in the draft for the next save.
    pub fn mail_draft_save(
        &self,
        account: Option<&str>,
        draft: &Draft,
    ) -> Result<SavedDraft, ApiError> {
        let account = self.mail_account(account)?;
        self.mail_store(&account)?.save_draft(draft).map_err(api)
    }

    pub fn mail_drafts(&self, account: Option<&str>) -> Result<Vec<Draft>, ApiError> {
        let account = self.mail_account(account)?;
        self.mail_store(&account)?.drafts().map_err(api)
    }

    pub fn mail_draft(&self, account: Option<&str>, id: i64) -> Result<Draft, ApiError> {
        let account = self.mail_account(account)?;
        self.mail_store(&account)?.draft(id).map_err(api)
    }

    /// Copies drafts changed since their last upload to the Drafts folder, each
    /// replacing its previous copy: every minute or so while composing, and when the
    /// window closes. Returns how many went up.
    pub async fn mail_drafts_upload(&self, account: Option<&str>) -> Result<usize, ApiError> {
        let outbox = self.mail_outbox_sender(account).await?;
        outbox.upload_drafts().await.map_err(api)
    }

    /// Deletes a draft, and its copy in Drafts when the server can be reached.
    pub async fn mail_draft_discard(&self, account: Option<&str>, id: i64) -> Result<(), ApiError> {
        let account = self.mail_account(account)?;
        if let Ok(draft) = self.mail_store(&account)?.draft(id) {
            self.remove_resumed_files(&draft.message_id);
        }
        match self.mail_outbox_sender(Some(&account.id)).await {
            Ok(outbox) => outbox.discard_draft(id).await.map_err(api),
            Err(_) => self.mail_store(&account)?.delete_draft(id).map_err(api),
        }
    }

    /// Sends a draft: builds it, puts it into the outbox (durable; the local draft
    /// goes in the same transaction), then tries at once. Offline it stays queued
    /// and goes out with the next flush.
    pub async fn mail_send(
        &self,
        account: Option<&str>,
        draft: &Draft,
    ) -> Result<SendResult, ApiError> {
        let account = self.mail_account(account)?;
        let store = self.mail_store(&account)?;
        let entry = outbox::queue_draft(&store, draft).map_err(api)?;
        // The queued message holds the attachments now.
        self.remove_resumed_files(&draft.message_id);
        self.flush_after_queue(&account, entry).await
    }

    /// Sends a complete message file as it is (Bcc removed from the bytes).
    pub async fn mail_send_eml(
        &self,
        account: Option<&str>,
        raw: &[u8],
    ) -> Result<SendResult, ApiError> {
        let account = self.mail_account(account)?;
        let store = self.mail_store(&account)?;
        let entry = outbox::queue_eml(&store, raw).map_err(api)?;
        self.flush_after_queue(&account, entry).await
    }

    async fn flush_after_queue(
        &self,
        account: &Account,
        entry: OutboxEntry,
    ) -> Result<SendResult, ApiError> {
        let outcome = match self.mail_outbox_flush(Some(&account.id)).await {
            Ok(outcomes) => outcomes.into_iter().find(|o| o.id == entry.id),
            Err(e) => Some(Outcome {
                id: entry.id,
                message_id: entry.message_id.clone(),
                state: entry.state,
                error: Some(e.message),
            }),
        };
        Ok(SendResult { entry, outcome })
    }

    /// The account's outbox: what waits, what is uncertain, what was refused.
    pub fn mail_outbox(&self, account: Option<&str>) -> Result<Vec<OutboxEntry>, ApiError> {
        let account = self.mail_account(account)?;
        self.mail_store(&account)?.outbox().map_err(api)
    }

    /// Sends what is queued and settles what a previous run left (see
    /// `werkbank_mail::outbox`). The background sync calls it after each pass.
    pub async fn mail_outbox_flush(&self, account: Option<&str>) -> Result<Vec<Outcome>, ApiError> {
        let account = self.mail_account(account)?;
        let store = self.mail_store(&account)?;
        if store.outbox().map_err(api)?.is_empty() {
            return Ok(Vec::new());
        }
        let outbox = self.mail_outbox_sender(Some(&account.id)).await?;
        outbox.flush().await.map_err(api)
    }

    /// "Send again" for an uncertain or refused message: the user's explicit choice.
    pub async fn mail_outbox_retry(
        &self,
        account: Option<&str>,
        id: i64,
    ) -> Result<Vec<Outcome>, ApiError> {
        let account = self.mail_account(account)?;
        self.mail_store(&account)?.outbox_retry(id).map_err(api)?;
        self.mail_outbox_flush(Some(&account.id)).await
    }

    /// Removes a queued, uncertain or refused message from the outbox.
    pub fn mail_outbox_discard(&self, account: Option<&str>, id: i64) -> Result<(), ApiError> {
        let account = self.mail_account(account)?;
        self.mail_store(&account)?.outbox_discard(id).map_err(api)
    }

    /// The account's outbox with its servers: asks the keyring (or password command).
    pub async fn mail_outbox_sender(&self, account: Option<&str>) -> Result<Outbox, ApiError> {
        let account = self.mail_account(account)?;
        let Some(mail) = &account.mail else {
            return Err(ApiError::with(
                ErrorCode::ServiceNotConfigured,
                &[("account", &account.id), ("service", "SMTP")],
            ));
        };
        let store = self.mail_store(&account)?;
        let net = network::net(&self.policy, Some(&account))?;
        let password = commands::account_password(&account).await?;
        let servers = Servers {
            net,
            imap: Endpoint::from(&mail.imap),
            smtp: Endpoint::from(&mail.smtp),
            user: mail.username.clone(),
            password,
        };
        Ok(Outbox::new(store, servers).with_events(self.event_sender()))
    }
}

fn default_identity(account: &Account) -> Identity {
    Identity {
        name: account.display_name.clone(),
        email: account.email.clone(),
        signature: String::new(),
        reply_to: None,
    }
}
