//! Reading a message safely: MIME to a view model for the reader, HTML sanitised so
//! that nothing in a message can run, load from the network, or leave its frame.
//!
//! Start at [`render`]. The pipeline: `mime` picks the body and lists images,
//! attachments, attached messages and invitations; `html` inlines the stylesheet
//! (css-inline, no fetching), sanitises (ammonia), filters styles and rewrites every
//! image to the internal scheme ([`IMAGE_ORIGIN`]) and every link to a described one
//! (`links`); `phishing` compares the sender with people the user knows;
//! `attachments` names and saves files. The reader shows [`Message::body`] in a
//! sandboxed iframe (no `allow-scripts`) under [`READER_CSP`]; [`reader_document`]
//! builds that document.

pub mod attachments;
mod audit;
mod html;
mod invitation;
mod links;
mod mime;
pub mod model;
mod phishing;

pub use attachments::{risky, safe_file_name, save_attachment};
pub use audit::audit;
pub use model::{
    Address, AttachedMessage, Attachment, Body, BodySource, InlineImage, Invitation, Link,
    LinkKind, Message, PhishingHint, Problem, RemoteResource, Risk,
};
pub use phishing::{KnownContacts, SenderContext};

use crate::MailError;
use mail_parser::{MessageParser, MimeHeaders};
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

/// The origin of every image URL in rendered HTML. The shell registers this scheme
/// and serves `msg/<key>/part/<part-id>` (an inline image, see [`inline_image`]) and
/// `msg/<key>/remote/<n>` (remote resource `n`, fetched through `werkbank-net` only
/// when the user allowed remote content). On platforms where Tauri maps custom
/// schemes to `http://<scheme>.localhost/`, pass that as
/// [`RenderOptions::image_origin`] and use [`reader_csp`].
pub const IMAGE_ORIGIN: &str = "werkbank-img://";

/// The Content-Security-Policy of the reader's iframe for [`IMAGE_ORIGIN`]: nothing may
/// load but images from the internal scheme; inline styles (the message's own, already
/// filtered) are the only CSS; no scripts, frames, forms, fonts, media or base URL.
pub const READER_CSP: &str = "default-src 'none'; img-src werkbank-img:; style-src 'unsafe-inline'; font-src 'none'; media-src 'none'; frame-src 'none'; form-action 'none'; base-uri 'none'";

/// The iframe's `sandbox` attribute: no `allow-scripts`, no `allow-same-origin` (the
/// document is an opaque origin), no forms, no top navigation. `allow-popups` only so a
/// clicked link becomes a new-window request the shell can open in the system browser.
pub const READER_SANDBOX: &str = "allow-popups allow-popups-to-escape-sandbox";

/// The CSP for another image origin (e.g. `http://werkbank-img.localhost/`).
pub fn reader_csp(image_origin: &str) -> String {
    let source = if image_origin == IMAGE_ORIGIN {
        "werkbank-img:".to_string()
    } else {
        image_origin.trim_end_matches('/').to_string()
    };
    READER_CSP.replace("img-src werkbank-img:", &format!("img-src {source}"))
}

/// Messages larger than this are not rendered (the reader offers to save them).
pub const MAX_MESSAGE_BYTES: usize = 64 * 1024 * 1024;

/// How to render one message.
#[derive(Debug, Clone, Copy)]
pub struct RenderOptions<'a> {
    /// Identifies the message in image URLs (the store's id); percent-encoded there.
    pub message_key: &'a str,
    /// Remote images get a `src` (through the internal scheme) only when allowed — by
    /// the user for this message or sender, or by policy.
    pub remote_content_allowed: bool,
    /// [`IMAGE_ORIGIN`], or what the platform's webview needs instead.
    pub image_origin: &'a str,
    pub sender: SenderContext<'a>,
}

impl<'a> RenderOptions<'a> {
    /// Remote content blocked, the default origin.
    pub fn new(message_key: &'a str, sender: SenderContext<'a>) -> Self {
        Self {
            message_key,
            remote_content_allowed: false,
            image_origin: IMAGE_ORIGIN,
            sender,
        }
    }
}

/// Characters kept as they are in the message key of an image URL.
const KEY: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'_').remove(b'.');

fn image_url_prefix(options: &RenderOptions<'_>) -> String {
    format!(
        "{}msg/{}/",
        options.image_origin,
        utf8_percent_encode(options.message_key, KEY)
    )
}

/// Renders a whole message (RFC 5322 bytes) for the reader. Never panics on any input;
/// broken MIME is rendered as far as it goes and noted in [`Message::problems`].
///
/// # Errors
/// [`MailError::InvalidInput`] when the input is empty, larger than
/// [`MAX_MESSAGE_BYTES`], or not a message at all (no header and no body).
pub fn render(raw: &[u8], options: &RenderOptions<'_>) -> Result<Message, MailError> {
    let message = parse(raw)?;
    Ok(mime::build(&message, "", options, 0))
}

fn parse(raw: &[u8]) -> Result<mail_parser::Message<'_>, MailError> {
    if raw.is_empty() {
        return Err(MailError::InvalidInput {
            reason: "the message is empty".into(),
        });
    }
    if raw.len() > MAX_MESSAGE_BYTES {
        return Err(MailError::InvalidInput {
            reason: "the message is too large to show".into(),
        });
    }
    MessageParser::default()
        .parse(raw)
        .ok_or_else(|| MailError::InvalidInput {
            reason: "this is not a mail message".into(),
        })
}

/// The decoded content of one part, for saving or opening an attachment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PartContent {
    pub bytes: Vec<u8>,
    pub content_type: String,
    /// The name as sent (not yet made safe; see [`safe_file_name`]).
    pub name: String,
}

/// The decoded bytes of part `part_id` (as in [`Attachment::part_id`]).
///
/// # Errors
/// [`MailError::NotFound`] when the message has no such part (or it is a multipart
/// container); [`MailError::InvalidInput`] when the message cannot be read.
pub fn part_content(raw: &[u8], part_id: &str) -> Result<PartContent, MailError> {
    let message = parse(raw)?;
    let not_found = || MailError::NotFound {
        item: format!("part {part_id}"),
    };
    let part = mime::find_part(&message, part_id).ok_or_else(not_found)?;
    let bytes = match &part.body {
        mail_parser::PartType::Multipart(_) => return Err(not_found()),
        mail_parser::PartType::Message(nested) => nested.raw_message().to_vec(),
        _ => part.contents().to_vec(),
    };
    Ok(PartContent {
        bytes,
        content_type: mime::content_type(part),
        name: part.attachment_name().unwrap_or_default().to_string(),
    })
}

/// An inline image for the image scheme's `part/<part-id>`: only raster image types;
/// anything else (an HTML part, SVG) is refused, whatever URL the webview asks for.
///
/// # Errors
/// As [`part_content`], and [`MailError::NotFound`] for a part that is not an image.
pub fn inline_image(raw: &[u8], part_id: &str) -> Result<PartContent, MailError> {
    let part = part_content(raw, part_id)?;
    if mime::is_inline_image_type(&part.content_type) {
        Ok(part)
    } else {
        Err(MailError::NotFound {
            item: format!("image {part_id}"),
        })
    }
}

/// The complete document for the reader's iframe (`srcdoc`): the CSP repeated as a
/// meta element (so it holds even if the frame's own policy were lost), UTF-8, and the
/// sanitised body.
pub fn reader_document(body_html: &str, csp: &str) -> String {
    let csp = csp.replace('"', "");
    format!(
        "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><meta http-equiv=\"Content-Security-Policy\" content=\"{csp}\"><meta name=\"referrer\" content=\"no-referrer\"></head><body>{body_html}</body></html>"
    )
}
