//! The mail store's data as the CLI and the desktop see it.

use serde::{Deserialize, Serialize};

/// What a folder is for (RFC 6154 SPECIAL-USE, or INBOX).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ts_rs::TS)]
#[ts(export)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Inbox,
    Drafts,
    Sent,
    Trash,
    Junk,
    Archive,
}

impl Role {
    pub const ALL: [Role; 6] = [
        Role::Inbox,
        Role::Drafts,
        Role::Sent,
        Role::Trash,
        Role::Junk,
        Role::Archive,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Inbox => "inbox",
            Role::Drafts => "drafts",
            Role::Sent => "sent",
            Role::Trash => "trash",
            Role::Junk => "junk",
            Role::Archive => "archive",
        }
    }

    pub fn parse(s: &str) -> Option<Role> {
        Role::ALL
            .into_iter()
            .find(|r| r.as_str().eq_ignore_ascii_case(s))
    }

    /// The SPECIAL-USE attribute (`\Sent`) of a LIST response.
    pub fn from_attribute(attribute: &str) -> Option<Role> {
        match attribute.to_ascii_lowercase().as_str() {
            "\\drafts" => Some(Role::Drafts),
            "\\sent" => Some(Role::Sent),
            "\\trash" => Some(Role::Trash),
            "\\junk" => Some(Role::Junk),
            "\\archive" => Some(Role::Archive),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct Folder {
    #[ts(type = "number")]
    pub id: i64,
    pub account: String,
    /// The IMAP name on the wire (modified UTF-7).
    pub name: String,
    /// The full name for people (`Projekte/Bau`).
    pub display: String,
    pub delimiter: Option<String>,
    pub role: Option<Role>,
    pub subscribed: bool,
    pub selectable: bool,
    pub unread: u32,
    pub total: u32,
    /// The server's count at the last sync; `total < server_total` while headers arrive.
    pub server_total: u32,
    #[serde(skip)]
    #[ts(skip)]
    pub state: FolderState,
}

/// The sync state of a folder on the server, as last seen.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct FolderState {
    pub uidvalidity: Option<u32>,
    pub uidnext: Option<u32>,
    pub highestmodseq: Option<u64>,
    pub complete_from: Option<u32>,
}

/// A message as the list shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct MessageSummary {
    #[ts(type = "number")]
    pub id: i64,
    #[ts(type = "number")]
    pub folder_id: i64,
    /// `None` while a local move or copy waits for the server.
    pub uid: Option<u32>,
    pub subject: String,
    pub from_name: String,
    pub from_addr: String,
    /// Unix seconds.
    #[ts(type = "number")]
    pub date: i64,
    pub flags: Vec<String>,
    pub seen: bool,
    pub flagged: bool,
    pub has_attachment: bool,
    #[ts(type = "number | null")]
    pub thread_id: Option<i64>,
    pub preview: String,
    /// Whether the whole message is stored locally (else it is fetched on open).
    pub body_local: bool,
    pub size: u32,
}

/// One message with everything the store knows about it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct MessageDetail {
    #[serde(flatten)]
    pub summary: MessageSummary,
    pub folder: String,
    pub recipients: Vec<String>,
    pub message_id: Option<String>,
    pub in_reply_to: Option<String>,
    pub attachments: Vec<String>,
    /// The plain text of the body, when it is local.
    pub text: Option<String>,
}

/// A search result: the message and where the query matched.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct SearchHit {
    #[serde(flatten)]
    pub message: MessageSummary,
    pub folder: String,
    /// The matching passage, split into plain and highlighted parts.
    pub snippet: Vec<SnippetPart>,
    /// Found by the server's search because the body is not local yet.
    pub from_server: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct SnippetPart {
    pub text: String,
    pub hit: bool,
}

/// Something the user should know that sync could not do silently.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct Notice {
    #[ts(type = "number")]
    pub id: i64,
    /// e.g. `action_dropped`: a journaled action whose message vanished.
    pub code: String,
    pub details: std::collections::BTreeMap<String, String>,
    #[ts(type = "number")]
    pub created_at: i64,
}
