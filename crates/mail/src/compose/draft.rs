//! The draft: everything the compose window edits, as plain data (it crosses IPC and
//! is stored as JSON in `mail_drafts`). Building the bytes is `build.rs`; making one
//! from a message being answered or forwarded is `reply.rs`.

use super::address::Mailbox;
use serde::{Deserialize, Serialize};

/// A message being written.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, ts_rs::TS)]
#[ts(export, rename = "MailDraft")]
pub struct Draft {
    /// The local draft id once saved (`MailStore::save_draft`); `None` for a new one.
    #[serde(default)]
    #[ts(type = "number | null")]
    pub id: Option<i64>,
    /// Stable for the draft's life: the Drafts copy on the server is replaced by
    /// finding this id, and the sent message carries it (so the outbox can look for it
    /// in Sent after a crash). `<…>` without the brackets.
    #[serde(default)]
    pub message_id: String,
    pub from: Mailbox,
    #[serde(default)]
    pub to: Vec<Mailbox>,
    #[serde(default)]
    pub cc: Vec<Mailbox>,
    /// Envelope recipients only: never written into the message's bytes.
    #[serde(default)]
    pub bcc: Vec<Mailbox>,
    #[serde(default)]
    pub reply_to: Option<Mailbox>,
    #[serde(default)]
    pub subject: String,
    /// The plain text. When `html` is set and this is empty, the plain-text
    /// alternative is generated from the HTML.
    #[serde(default)]
    pub text: String,
    /// HTML from the rich-text editor (which only produces safe markup).
    #[serde(default)]
    pub html: Option<String>,
    #[serde(default)]
    pub attachments: Vec<Attachment>,
    /// The Message-ID answered (without brackets).
    #[serde(default)]
    pub in_reply_to: Option<String>,
    /// The thread's Message-IDs, oldest first (without brackets).
    #[serde(default)]
    pub references: Vec<String>,
    /// The local message this draft answers or forwards: flagged `\Answered` or
    /// `$Forwarded` once the draft is sent.
    #[serde(default)]
    pub origin: Option<Origin>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[ts(export, rename = "MailOrigin")]
pub struct Origin {
    #[ts(type = "number")]
    pub message: i64,
    pub kind: OriginKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
#[ts(export, rename = "MailOriginKind")]
pub enum OriginKind {
    Reply,
    Forward,
}

/// What is attached. Files are read when the message is built (queued or saved to
/// the server), so a draft stays small and a changed file is sent as it is then.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[ts(export, rename = "MailAttachment")]
pub enum Attachment {
    /// A file chosen in a dialog or dropped on the window.
    File {
        path: String,
        /// The name the recipient sees; the file's name when empty.
        #[serde(default)]
        name: String,
    },
    /// A stored message attached whole (`message/rfc822`): forward as attachment.
    Message {
        #[ts(type = "number")]
        message: i64,
    },
    /// The attachments of a stored message (forward inline keeps them).
    AttachmentsOf {
        #[ts(type = "number")]
        message: i64,
    },
}

/// Who a message is sent as: a name, an address and a signature. Each account has at
/// least its own (from the account's name and address); more are stored per account
/// in the mail store (`mail_identities`, see `MailStore::identities`).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, ts_rs::TS)]
#[ts(export, rename = "MailIdentity")]
pub struct Identity {
    pub name: String,
    pub email: String,
    /// Plain text, added below the text as `-- ` + signature (RFC 3676 separator).
    #[serde(default)]
    pub signature: String,
    #[serde(default)]
    pub reply_to: Option<String>,
}

impl Identity {
    pub fn mailbox(&self) -> Mailbox {
        Mailbox {
            name: super::address::header_text(&self.name),
            email: self.email.trim().to_string(),
        }
    }

    /// The signature block as it goes below the text, or nothing.
    pub fn signature_block(&self) -> String {
        let signature = self.signature.trim_end();
        if signature.is_empty() {
            String::new()
        } else {
            format!("\n-- \n{signature}\n")
        }
    }
}

impl Draft {
    /// An empty message from `identity`, with its signature and a fresh Message-ID.
    pub fn new(identity: &Identity) -> Draft {
        Draft {
            message_id: new_message_id(&identity.email),
            from: identity.mailbox(),
            reply_to: identity
                .reply_to
                .as_deref()
                .and_then(|r| super::address::parse_one(r).ok()),
            text: match identity.signature_block() {
                s if s.is_empty() => String::new(),
                s => format!("\n{s}"),
            },
            ..Draft::default()
        }
    }

    /// Every envelope recipient (To, Cc, Bcc), each address once.
    pub fn recipients(&self) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for m in self.to.iter().chain(&self.cc).chain(&self.bcc) {
            if !out.iter().any(|r| m.same_address(r)) {
                out.push(m.email.clone());
            }
        }
        out
    }
}

/// A Message-ID unique without any coordination: time, process, a counter and
/// randomness from the OS hasher, at the sender's domain (never the machine's name,
/// which would leak into every message).
pub fn new_message_id(from: &str) -> String {
    use std::hash::{BuildHasher, Hasher};
    use std::sync::atomic::{AtomicU64, Ordering};
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or_default();
    let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
    hasher.write_u128(nanos);
    hasher.write_u64(COUNTER.fetch_add(1, Ordering::Relaxed));
    let domain = from
        .rsplit_once('@')
        .map(|(_, d)| d)
        .filter(|d| super::address::validate_email(&format!("x@{d}")).is_ok())
        .unwrap_or("werkbank.invalid");
    format!(
        "{nanos:x}.{:x}.{:016x}@{domain}",
        std::process::id(),
        hasher.finish()
    )
}
