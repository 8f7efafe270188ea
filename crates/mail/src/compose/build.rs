//! The bytes of a message, built with mail-builder: every header value checked again
//! (a draft from the UI or the store is not trusted), Bcc never written, a fresh
//! Date, and the draft's Message-ID. The envelope (MAIL FROM, RCPT TO) comes from the
//! same checked values, so what is submitted is exactly what was built.

use super::address::{Mailbox, header_text, validate_email};
use super::draft::{Attachment, Draft};
use crate::{MailError, MailStore};
use mail_builder::MessageBuilder;
use mail_builder::headers::address::Address;
use mail_builder::headers::message_id::MessageId;
use mail_builder::mime::MimePart;
use mail_parser::{MessageParser, MimeHeaders};

/// A message ready to submit: the bytes and the SMTP envelope.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Built {
    pub bytes: Vec<u8>,
    /// Without the angle brackets.
    pub message_id: String,
    pub envelope_from: String,
    pub recipients: Vec<String>,
}

/// Largest file attached (bigger ones are refused before anything is queued; the
/// submission server would refuse them later anyway).
pub const MAX_ATTACHMENT: u64 = 50 * 1024 * 1024;

/// Builds the draft. `store` resolves attachments that are stored messages;
/// `for_sending` requires a recipient.
pub fn build(
    draft: &Draft,
    store: Option<&MailStore>,
    for_sending: bool,
) -> Result<Built, MailError> {
    let from = draft.from.checked()?;
    let check = |list: &[Mailbox]| {
        list.iter()
            .map(Mailbox::checked)
            .collect::<Result<Vec<_>, _>>()
    };
    let (to, cc, bcc) = (check(&draft.to)?, check(&draft.cc)?, check(&draft.bcc)?);
    let recipients = Draft {
        to: to.clone(),
        cc: cc.clone(),
        bcc,
        ..Draft::default()
    }
    .recipients();
    if for_sending && recipients.is_empty() {
        return Err(MailError::InvalidInput {
            reason: "the message has no recipient".into(),
        });
    }
    let message_id = message_id(&draft.message_id, &from.email)?;
    let mut builder = MessageBuilder::new()
        .from(address(std::slice::from_ref(&from)))
        .subject(header_text(&draft.subject))
        .message_id(message_id.clone())
        .date(now());
    if !to.is_empty() {
        builder = builder.to(address(&to));
    }
    if !cc.is_empty() {
        builder = builder.cc(address(&cc));
    }
    if let Some(reply_to) = &draft.reply_to {
        builder = builder.reply_to(address(&[reply_to.checked()?]));
    }
    if let Some(parent) = &draft.in_reply_to {
        builder = builder.in_reply_to(msg_id(parent)?);
    }
    if !draft.references.is_empty() {
        let refs = draft
            .references
            .iter()
            .map(|r| msg_id(r))
            .collect::<Result<Vec<_>, _>>()?;
        builder = builder.references(MessageId::new_list(refs.into_iter()));
    }
    builder = builder.header(
        "User-Agent",
        mail_builder::headers::raw::Raw::new(concat!("Werkbank/", env!("CARGO_PKG_VERSION"))),
    );
    // The editor's HTML goes out only as the allow-list leaves it: the editor is not
    // the only guard between a pasted page and the recipient.
    let html = draft.html.as_deref().map(sanitise_html);
    let text = match (&html, draft.text.trim().is_empty()) {
        (Some(html), true) => mail_parser::decoders::html::html_to_text(html),
        _ => draft.text.clone(),
    };
    builder = builder.text_body(normalise_newlines(&text));
    if let Some(html) = html {
        builder = builder.html_body(html);
    }
    for attachment in &draft.attachments {
        builder = attach(builder, attachment, store)?;
    }
    let bytes = builder
        .write_to_vec()
        .map_err(|e| MailError::InvalidInput {
            reason: format!("the message could not be built: {e}"),
        })?;
    Ok(Built {
        bytes,
        message_id,
        envelope_from: from.email,
        recipients,
    })
}

fn attach<'x>(
    builder: MessageBuilder<'x>,
    attachment: &Attachment,
    store: Option<&MailStore>,
) -> Result<MessageBuilder<'x>, MailError> {
    let stored = |id: i64| -> Result<Vec<u8>, MailError> {
        let store = store.ok_or_else(|| MailError::InvalidInput {
            reason: "a stored message is attached, but no store was given".into(),
        })?;
        store.raw(id)?.ok_or_else(|| MailError::NotFound {
            item: format!("the text of message {id} (fetch it first)"),
        })
    };
    Ok(match attachment {
        Attachment::File { path, name } => {
            let path = std::path::Path::new(path);
            let invalid = |why: String| MailError::InvalidInput {
                reason: format!("the attachment {} cannot be used: {why}", path.display()),
            };
            let meta = std::fs::metadata(path).map_err(|e| invalid(e.to_string()))?;
            if !meta.is_file() {
                return Err(invalid("it is not a file".into()));
            }
            if meta.len() > MAX_ATTACHMENT {
                return Err(invalid(format!(
                    "it is larger than {} MiB",
                    MAX_ATTACHMENT >> 20
                )));
            }
            let bytes = std::fs::read(path).map_err(|e| invalid(e.to_string()))?;
            let file_name = if name.trim().is_empty() {
                path.file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_else(|| "attachment".into())
            } else {
                name.clone()
            };
            let file_name = header_text(&file_name);
            builder.attachment(content_type(&file_name), file_name, bytes)
        }
        Attachment::Message { message } => {
            let raw = stored(*message)?;
            let subject = MessageParser::default()
                .parse_headers(&raw)
                .and_then(|m| m.subject().map(header_text))
                .filter(|s| !s.is_empty())
                .unwrap_or_else(|| "message".into());
            let name = format!("{}.eml", subject.replace(['/', '\\', ':'], "_"));
            // RFC 2046 §5.2.1: message/rfc822 is never base64 or quoted-printable.
            let encoding = if raw.is_ascii() { "7bit" } else { "8bit" };
            let part = MimePart::new("message/rfc822", raw)
                .attachment(name)
                .transfer_encoding(encoding);
            // mail-builder has no method for a prepared part; this is the list
            // `attachment()` fills.
            let mut builder = builder;
            builder.attachments.get_or_insert_with(Vec::new).push(part);
            builder
        }
        Attachment::AttachmentsOf { message } => {
            let raw = stored(*message)?;
            let Some(parsed) = MessageParser::default().parse(&raw) else {
                return Ok(builder);
            };
            let mut builder = builder;
            for part in parsed.attachments() {
                let name = header_text(part.attachment_name().unwrap_or("attachment"));
                let mime = part
                    .content_type()
                    .map(|ct| match &ct.c_subtype {
                        Some(sub) => format!("{}/{}", ct.c_type, sub),
                        None => ct.c_type.to_string(),
                    })
                    .map(|t| header_text(&t))
                    .unwrap_or_else(|| content_type(&name).to_string());
                builder = builder.attachment(mime, name, part.contents().to_vec());
            }
            builder
        }
    })
}

fn address(list: &[Mailbox]) -> Address<'static> {
    let items: Vec<Address<'static>> = list
        .iter()
        .map(|m| {
            let name = (!m.name.is_empty()).then(|| m.name.clone());
            Address::new_address(name, m.email.clone())
        })
        .collect();
    if items.len() == 1 {
        items
            .into_iter()
            .next()
            .unwrap_or_else(|| Address::new_list(Vec::new()))
    } else {
        Address::new_list(items)
    }
}

/// The draft's Message-ID, or a new one; checked like an address (it is one in form).
fn message_id(id: &str, from: &str) -> Result<String, MailError> {
    let id = id.trim().trim_start_matches('<').trim_end_matches('>');
    if id.is_empty() {
        return Ok(super::draft::new_message_id(from));
    }
    msg_id(id)
}

/// A Message-ID from a draft or an original: `left@right`, nothing that could leave
/// the header.
fn msg_id(id: &str) -> Result<String, MailError> {
    let id = id.trim().trim_start_matches('<').trim_end_matches('>');
    let ok = !id.is_empty()
        && id.len() <= 250
        && id.contains('@')
        && id
            .chars()
            .all(|c| c.is_ascii_graphic() && !matches!(c, '<' | '>' | '"' | '\\' | ','));
    if ok {
        Ok(id.to_string())
    } else {
        Err(MailError::InvalidInput {
            reason: format!("\"{}\" is not a Message-ID", header_text(id)),
        })
    }
}

fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or_default()
}

/// Text bodies go out with CRLF line ends whatever the editor produced.
fn normalise_newlines(text: &str) -> String {
    text.replace("\r\n", "\n")
        .replace('\r', "\n")
        .replace('\n', "\r\n")
}

/// A MIME type from the file name; unknown is `application/octet-stream`.
pub fn content_type(name: &str) -> &'static str {
    let ext = name
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "pdf" => "application/pdf",
        "txt" | "log" => "text/plain",
        "csv" => "text/csv",
        "html" | "htm" => "text/html",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "svg" => "image/svg+xml",
        "ics" => "text/calendar",
        "vcf" => "text/vcard",
        "eml" => "message/rfc822",
        "zip" => "application/zip",
        "odt" => "application/vnd.oasis.opendocument.text",
        "ods" => "application/vnd.oasis.opendocument.spreadsheet",
        "odp" => "application/vnd.oasis.opendocument.presentation",
        "docx" => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "pptx" => "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        "doc" => "application/msword",
        "xls" => "application/vnd.ms-excel",
        _ => "application/octet-stream",
    }
}

/// A complete message file (`mail send --eml`) made ready to submit: the envelope from
/// its From, To, Cc and Bcc, the Bcc header removed from the bytes, a Message-ID and a
/// Date added when missing (the outbox needs the Message-ID to find the Sent copy).
pub fn from_eml(raw: &[u8]) -> Result<Built, MailError> {
    let invalid = |reason: &str| MailError::InvalidInput {
        reason: reason.to_string(),
    };
    let parsed = MessageParser::default()
        .parse_headers(raw)
        .ok_or_else(|| invalid("the file is not a mail message"))?;
    let list = |a: Option<&mail_parser::Address<'_>>| -> Result<Vec<String>, MailError> {
        a.map(|a| {
            a.iter()
                .filter_map(|m| m.address.as_deref())
                .map(validate_email)
                .collect()
        })
        .unwrap_or_else(|| Ok(Vec::new()))
    };
    let from = list(parsed.from())?
        .into_iter()
        .next()
        .ok_or_else(|| invalid("the message has no From address"))?;
    let mut recipients: Vec<String> = Vec::new();
    for r in list(parsed.to())?
        .into_iter()
        .chain(list(parsed.cc())?)
        .chain(list(parsed.bcc())?)
    {
        if !recipients.iter().any(|x| x.eq_ignore_ascii_case(&r)) {
            recipients.push(r);
        }
    }
    if recipients.is_empty() {
        return Err(invalid("the message has no recipient (To, Cc or Bcc)"));
    }
    let existing_id = parsed.message_id().map(str::to_string);
    let has_date = parsed.date().is_some();
    let (header_end, body_start) = header_split(raw);
    let mut headers = String::new();
    let message_id = match existing_id {
        Some(id) => msg_id(&id)?,
        None => {
            let id = super::draft::new_message_id(&from);
            headers.push_str(&format!("Message-ID: <{id}>\r\n"));
            id
        }
    };
    if !has_date {
        let mut date = Vec::new();
        mail_builder::headers::date::Date::new(now()).write_rfc822(&mut date);
        headers.push_str(&format!("Date: {}\r\n", String::from_utf8_lossy(&date)));
    }
    let mut bytes = headers.into_bytes();
    bytes.extend(strip_header(&raw[..header_end], "bcc"));
    bytes.extend_from_slice(&raw[header_end..body_start]);
    bytes.extend_from_slice(&raw[body_start..]);
    Ok(Built {
        bytes,
        message_id,
        envelope_from: from,
        recipients,
    })
}

/// Where the header ends (before the blank line) and the body starts.
fn header_split(raw: &[u8]) -> (usize, usize) {
    for (needle, len) in [(&b"\r\n\r\n"[..], 4), (&b"\n\n"[..], 2)] {
        if let Some(pos) = raw.windows(len).position(|w| w == needle) {
            return (pos + len / 2, pos + len);
        }
    }
    (raw.len(), raw.len())
}

/// The header block without every field `name` (and its folded continuation lines).
fn strip_header(header: &[u8], name: &str) -> Vec<u8> {
    let mut out = Vec::with_capacity(header.len());
    let mut skipping = false;
    for line in header.split_inclusive(|b| *b == b'\n') {
        let continuation = line.first().is_some_and(|b| *b == b' ' || *b == b'\t');
        if !continuation {
            skipping = line.iter().position(|b| *b == b':').is_some_and(|colon| {
                line[..colon]
                    .trim_ascii()
                    .eq_ignore_ascii_case(name.as_bytes())
            });
        }
        if !skipping {
            out.extend_from_slice(line);
        }
    }
    out
}

/// What the rich-text editor may send: paragraphs, line breaks, bold, italic,
/// underline, lists, quotes and links to web or mail addresses. Everything else is
/// reduced to its text; no attribute survives but a link's `href`.
pub fn sanitise_html(html: &str) -> String {
    let tags = [
        "p",
        "br",
        "b",
        "strong",
        "i",
        "em",
        "u",
        "ul",
        "ol",
        "li",
        "blockquote",
        "a",
        "div",
    ];
    let schemes = ["http", "https", "mailto"];
    let body = ammonia::Builder::empty()
        .add_tags(tags)
        .add_tag_attributes("a", ["href"])
        .url_schemes(schemes.into_iter().collect())
        .url_relative(ammonia::UrlRelative::Deny)
        .link_rel(Some("noopener noreferrer"))
        .clean(html)
        .to_string();
    format!("<!DOCTYPE html><html><head><meta charset=\"utf-8\"></head><body>{body}</body></html>")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compose::draft::Identity;

    fn draft() -> Draft {
        let mut d = Draft::new(&Identity {
            name: "Alice".into(),
            email: "alice@example.test".into(),
            ..Identity::default()
        });
        d.to = vec![Mailbox::new("Bob", "bob@example.test").unwrap()];
        d.bcc = vec![Mailbox::new("", "secret@example.test").unwrap()];
        d.subject = "Haushalt".into();
        d.text = "Hallo Bob,\nbis morgen.".into();
        d
    }

    #[test]
    fn bcc_is_in_the_envelope_but_not_in_the_bytes() {
        let built = build(&draft(), None, true).unwrap();
        let text = String::from_utf8_lossy(&built.bytes);
        assert!(!text.to_ascii_lowercase().contains("secret@"), "{text}");
        assert_eq!(
            built.recipients,
            ["bob@example.test", "secret@example.test"]
        );
        assert_eq!(built.envelope_from, "alice@example.test");
        assert!(text.contains(&format!("Message-ID: <{}>", built.message_id)));
        assert!(text.contains("\r\nDate: "));
        assert!(text.contains("Hallo Bob,\r\nbis morgen."));
    }

    #[test]
    fn line_breaks_in_subject_and_names_never_make_a_header() {
        let mut d = draft();
        d.subject = "Hi\r\nBcc: all@evil.test\r\n\r\nbody".into();
        d.to = vec![Mailbox {
            name: "Bob\r\nX-Injected: yes".into(),
            email: "bob@example.test".into(),
        }];
        let built = build(&d, None, true).unwrap();
        let parsed = MessageParser::default().parse(&built.bytes).unwrap();
        assert!(parsed.header("X-Injected").is_none());
        assert!(parsed.bcc().is_none());
        assert_eq!(parsed.subject(), Some("Hi Bcc: all@evil.test body"));
        d.to[0].email = "bob@example.test>\r\nRCPT TO:<evil@x.test".into();
        assert!(build(&d, None, true).is_err());
    }

    #[test]
    fn html_gets_a_plain_text_alternative() {
        let mut d = draft();
        d.text.clear();
        d.html = Some("<p>Hallo <b>Bob</b></p>".into());
        let built = build(&d, None, true).unwrap();
        let parsed = MessageParser::default().parse(&built.bytes).unwrap();
        assert!(parsed.body_text(0).unwrap().contains("Hallo Bob"));
        assert!(parsed.body_html(0).unwrap().contains("<b>Bob</b>"));
    }

    #[test]
    fn html_from_the_editor_keeps_only_the_allow_list() {
        let html = sanitise_html(
            "<p style=\"color:red\" onclick=\"x()\">Hi <script>alert(1)</script><b>Bob</b> \
             <a href=\"javascript:alert(1)\">x</a> <a href=\"https://example.test/\">web</a> \
             <img src=\"https://tracker.test/p.gif\"><iframe src=\"https://x.test\"></iframe></p>",
        );
        assert!(html.contains("<b>Bob</b>"), "{html}");
        assert!(html.contains("href=\"https://example.test/\""), "{html}");
        for bad in [
            "script",
            "alert",
            "style=",
            "onclick",
            "<img",
            "iframe",
            "tracker.test",
        ] {
            assert!(!html.contains(bad), "{bad} in {html}");
        }
    }

    #[test]
    fn an_eml_loses_its_bcc_and_gains_a_message_id() {
        let raw = b"From: alice@example.test\r\nTo: bob@example.test\r\nBcc: hidden@example.test,\r\n  other@example.test\r\nSubject: x\r\n\r\nbody\r\n";
        let built = from_eml(raw).unwrap();
        let text = String::from_utf8_lossy(&built.bytes);
        assert!(
            !text.contains("hidden") && !text.contains("other@"),
            "{text}"
        );
        assert!(text.contains("Subject: x\r\n\r\nbody"));
        assert_eq!(
            built.recipients,
            [
                "bob@example.test",
                "hidden@example.test",
                "other@example.test"
            ]
        );
        assert!(text.starts_with("Message-ID: <"));
    }
}
