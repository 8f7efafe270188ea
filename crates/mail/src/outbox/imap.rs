//! The IMAP side of sending: is a Message-ID in a folder (the proof after a crash),
//! filing the copy in Sent, and replacing the draft's copy in Drafts. Every step
//! looks before it writes, so repeating one after a crash never makes a second copy.

use super::Servers;
use crate::MailError;
use crate::imap::{Connection, Extensions, Session, quote};
use crate::store::{MailStore, Role};
use futures::TryStreamExt;

/// A logged-in session with the folder names it needs.
pub(super) struct Imap {
    session: Session,
    host: String,
    uidplus: bool,
    sent: Option<String>,
    drafts: Option<String>,
}

impl Imap {
    pub async fn open(servers: &Servers, store: &MailStore) -> Result<Imap, MailError> {
        let mut conn = Connection::open(
            &servers.net,
            &servers.imap,
            &servers.user,
            &servers.password,
            Extensions {
                qresync: false,
                condstore: false,
            },
            None,
        )
        .await?;
        let mut sent = store.folder_by_role(Role::Sent)?.map(|f| f.name);
        let mut drafts = store.folder_by_role(Role::Drafts)?.map(|f| f.name);
        if sent.is_none() || drafts.is_none() {
            // Not synced yet (a send from a fresh profile): ask the server (RFC 6154).
            let mut listed = Vec::new();
            let command = if conn.has("SPECIAL-USE") {
                "LIST \"\" \"*\" RETURN (SPECIAL-USE)"
            } else {
                "LIST \"\" \"*\""
            };
            conn.run_ok(command, |r| {
                if let Some(folder) = crate::sync::fetch::listed(r) {
                    listed.push(folder);
                }
                Ok(())
            })
            .await?;
            let find = |role: Role, fallback: &str| {
                listed
                    .iter()
                    .find(|f| f.role == Some(role))
                    .or_else(|| {
                        listed
                            .iter()
                            .find(|f| f.name.eq_ignore_ascii_case(fallback))
                    })
                    .map(|f| f.name.clone())
            };
            sent = sent.or_else(|| find(Role::Sent, "Sent"));
            drafts = drafts.or_else(|| find(Role::Drafts, "Drafts"));
        }
        let host = conn.host().to_string();
        let uidplus = conn.has("UIDPLUS");
        Ok(Imap {
            session: conn.into_session(),
            host,
            uidplus,
            sent,
            drafts,
        })
    }

    fn folder(&self, role: Role) -> Result<String, MailError> {
        let name = match role {
            Role::Sent => &self.sent,
            _ => &self.drafts,
        };
        name.clone().ok_or_else(|| MailError::NotFound {
            item: format!("the {} folder", role.as_str()),
        })
    }

    /// UIDs in the role's folder whose Message-ID header is `message_id`.
    pub async fn find(&mut self, role: Role, message_id: &str) -> Result<Vec<u32>, MailError> {
        let folder = self.folder(role)?;
        self.session
            .select(&folder)
            .await
            .map_err(|e| self.error(format!("SELECT {folder}: {e}")))?;
        let uids = self
            .session
            .uid_search(format!(
                "HEADER Message-ID {}",
                quote(&format!("<{message_id}>"))
            ))
            .await
            .map_err(|e| self.error(format!("SEARCH: {e}")))?;
        let mut uids: Vec<u32> = uids.into_iter().collect();
        uids.sort_unstable();
        Ok(uids)
    }

    pub async fn in_sent(&mut self, message_id: &str) -> Result<bool, MailError> {
        Ok(!self.find(Role::Sent, message_id).await?.is_empty())
    }

    /// Files the sent message in Sent (seen), unless a copy is there already.
    pub async fn file_sent(&mut self, message_id: &str, bytes: &[u8]) -> Result<(), MailError> {
        if self.in_sent(message_id).await? {
            return Ok(());
        }
        let folder = self.folder(Role::Sent)?;
        self.session
            .append(&folder, Some("(\\Seen)"), None, bytes)
            .await
            .map_err(|e| self.error(format!("APPEND {folder}: {e}")))?;
        super::failpoint("outbox.after_append");
        Ok(())
    }

    /// Puts the draft's newest copy in Drafts and removes the older ones (APPEND
    /// first, so there is always at least one copy).
    pub async fn replace_draft(&mut self, message_id: &str, bytes: &[u8]) -> Result<(), MailError> {
        let folder = self.folder(Role::Drafts)?;
        self.session
            .append(&folder, Some("(\\Draft \\Seen)"), None, bytes)
            .await
            .map_err(|e| self.error(format!("APPEND {folder}: {e}")))?;
        let mut uids = self.find(Role::Drafts, message_id).await?;
        uids.pop(); // the newest: the one just appended
        self.delete(&uids).await
    }

    /// Removes every copy of the draft from Drafts (it was sent or discarded).
    pub async fn remove_draft(&mut self, message_id: &str) -> Result<(), MailError> {
        if self.drafts.is_none() {
            return Ok(());
        }
        let uids = self.find(Role::Drafts, message_id).await?;
        self.delete(&uids).await
    }

    /// `\Deleted` and UID EXPUNGE of exactly these UIDs in the selected folder
    /// (without UIDPLUS they stay marked; a plain EXPUNGE could remove others').
    async fn delete(&mut self, uids: &[u32]) -> Result<(), MailError> {
        if uids.is_empty() {
            return Ok(());
        }
        let set = uids
            .iter()
            .map(u32::to_string)
            .collect::<Vec<_>>()
            .join(",");
        let host = self.host.clone();
        let error = |what: &str, e: async_imap::error::Error| MailError::Protocol {
            host: host.clone(),
            reason: format!("{what}: {e}"),
        };
        let stored = self
            .session
            .uid_store(&set, "+FLAGS.SILENT (\\Deleted)")
            .await
            .map_err(|e| error("STORE", e))?;
        let _: Vec<_> = stored.try_collect().await.map_err(|e| error("STORE", e))?;
        if self.uidplus {
            let expunged = self
                .session
                .uid_expunge(&set)
                .await
                .map_err(|e| error("EXPUNGE", e))?;
            let _: Vec<_> = expunged
                .try_collect()
                .await
                .map_err(|e| error("EXPUNGE", e))?;
        }
        Ok(())
    }

    pub async fn logout(mut self) {
        let _ = self.session.logout().await;
    }

    fn error(&self, reason: String) -> MailError {
        MailError::Protocol {
            host: self.host.clone(),
            reason,
        }
    }
}
