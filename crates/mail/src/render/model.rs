//! The reader's view model: plain data that crosses IPC (ts-rs generates the TypeScript
//! types), built by [`super::render`]. Nothing in here is HTML the UI must trust except
//! [`Body::html`], which the sanitiser produced.

use serde::{Deserialize, Serialize};

/// One message as the reader shows it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[ts(export, rename = "RenderedMessage")]
pub struct Message {
    pub from: Vec<Address>,
    pub to: Vec<Address>,
    pub cc: Vec<Address>,
    pub reply_to: Vec<Address>,
    /// Unix seconds of the Date header; `None` when it is missing or unreadable.
    #[ts(type = "number | null")]
    pub date: Option<i64>,
    pub subject: String,
    /// Without angle brackets.
    pub message_id: Option<String>,
    pub body: Body,
    /// Parts shown inside the body (`cid:` references), served through the image scheme.
    pub inline_images: Vec<InlineImage>,
    /// Every remote resource the HTML asked for, in document order. While remote content
    /// is blocked none of them has a `src` in [`Body::html`].
    pub remote_resources: Vec<RemoteResource>,
    /// Every link of the body, in document order; `index` is the `data-werkbank-link`
    /// attribute of its `<a>`.
    pub links: Vec<Link>,
    pub attachments: Vec<Attachment>,
    /// `message/rfc822` parts, rendered the same way (nested up to a depth limit).
    pub attached_messages: Vec<AttachedMessage>,
    /// `text/calendar` parts, summarised until the calendar module reads them.
    pub invitations: Vec<Invitation>,
    pub phishing_hints: Vec<PhishingHint>,
    /// Things the parser had to work around (broken MIME, undecodable charsets, limits).
    pub problems: Vec<Problem>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[ts(export, rename = "RenderedAddress")]
pub struct Address {
    /// The display name, cleaned of control and bidi characters; empty when absent.
    pub name: String,
    /// As written (lower-cased domain); empty for a group or an unreadable address.
    pub address: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[ts(export, rename = "RenderedBody")]
pub struct Body {
    /// The sanitised HTML fragment for the reader's sandboxed iframe (see
    /// [`super::reader_document`]).
    pub html: String,
    /// Where the HTML came from.
    pub source: BodySource,
    /// The HTML was cut at the size limit.
    pub truncated: bool,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
#[ts(export, rename = "BodySource")]
pub enum BodySource {
    Html,
    PlainText,
    #[default]
    Empty,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[ts(export)]
pub struct InlineImage {
    /// The Content-ID without angle brackets.
    pub cid: String,
    pub part_id: String,
    pub content_type: String,
    /// The internal URL the HTML uses for it.
    pub url: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[ts(export)]
pub struct RemoteResource {
    /// `n` of `…/remote/<n>`.
    pub index: u32,
    /// The real target (http or https).
    pub url: String,
    /// The host, for "load images from this sender/host".
    pub host: String,
    /// Looks like a tracking pixel (tiny or hidden).
    pub tracker: bool,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[ts(export, rename = "RenderedLink")]
pub struct Link {
    pub index: u32,
    /// The real target, as the user would reach it; empty when neutralised.
    pub href: String,
    /// What the link said (text content, whitespace collapsed, at most 200 characters).
    pub text: String,
    pub kind: LinkKind,
    /// The target's host (IDN shown in Unicode) or the mail domain.
    pub host: String,
    /// The visible text names another domain than the target.
    pub deceptive: bool,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum LinkKind {
    /// http or https: opened in the system browser on click.
    #[default]
    Web,
    /// mailto: opens the composer.
    Mail,
    /// file:, UNC, smb: or an OS handler: never opened; the `<a>` has no href.
    Blocked,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[ts(export, rename = "RenderedAttachment")]
pub struct Attachment {
    /// The name to show and save under ([`super::safe_file_name`] of the sent name).
    pub name: String,
    #[ts(type = "number")]
    pub size: u64,
    pub content_type: String,
    pub part_id: String,
    /// A reason to warn before opening.
    pub risk: Option<Risk>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[ts(export)]
pub struct AttachedMessage {
    pub part_id: String,
    pub message: Box<Message>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[ts(export)]
pub struct Invitation {
    pub part_id: String,
    /// REQUEST, CANCEL, REPLY … (upper case), empty when absent.
    pub method: String,
    pub summary: String,
    /// ISO 8601: `2026-11-23T09:00:00Z` (UTC), `2026-11-23T09:00:00` (local to
    /// `tzid`, or floating), `2026-11-23` (all day).
    pub start: Option<String>,
    pub end: Option<String>,
    pub tzid: Option<String>,
    pub location: String,
    pub organizer: Option<Address>,
}

/// A warning the UI shows as a banner; `code` is what it translates.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(tag = "code", rename_all = "snake_case")]
#[ts(export)]
pub enum PhishingHint {
    /// The display name shows an address that is not the sender's.
    NameContainsOtherAddress { shown: String, actual: String },
    /// The display name is a known contact's, the address is not theirs.
    ImpersonatesContact {
        name: String,
        known_address: String,
        actual: String,
    },
    /// The sender's domain resembles a known domain without being it.
    LookalikeDomain { domain: String, resembles: String },
    /// The sender's domain mixes scripts (an IDN homograph such as Cyrillic "а" in
    /// a Latin name).
    MixedScriptDomain { domain: String },
    /// Replies would go to another domain than the sender's.
    ReplyToOtherDomain {
        from_domain: String,
        reply_to_domain: String,
    },
    /// No earlier correspondence with this sender.
    FirstMessageFromSender { address: String },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(tag = "code", rename_all = "snake_case")]
#[ts(export)]
pub enum Risk {
    /// Runs code when opened (`.exe`, `.js`, `.lnk`, …) or is typed as a program.
    Executable { extension: String },
    /// A harmless-looking extension followed by a dangerous one (`rechnung.pdf.exe`).
    DoubleExtension { shown: String, real: String },
    /// An Office document with macros (`.docm`, `.xlsm`, …).
    Macros { extension: String },
    /// A disk image or archive format that Windows mounts or opens without the
    /// "downloaded from the internet" mark (`.iso`, `.img`, `.vhd`).
    DiskImage { extension: String },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(tag = "code", rename_all = "snake_case")]
#[ts(export)]
pub enum Problem {
    /// A part's charset or transfer encoding could not be decoded cleanly.
    EncodingProblem { part_id: String },
    /// Attached messages nested deeper than the limit are listed as attachments only.
    NestingTooDeep,
    /// The body was larger than the reader shows.
    BodyTooLarge,
    /// The HTML's stylesheet could not be applied; the body is shown without it.
    StylesIgnored,
}
