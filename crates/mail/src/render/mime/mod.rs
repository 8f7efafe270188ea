//! From mail-parser's flat list of MIME parts to the reader's view model: which part is
//! the body, which parts are images inside it, attachments, attached messages and
//! invitations. Part ids are the indices of mail-parser's `parts`, joined with `.`
//! through attached messages (`3.1` is part 1 of the message in part 3).

use super::html::{self, ImageUrls, text::text_to_html};
use super::model::Address;
use super::model::{AttachedMessage, Attachment, Body, BodySource, InlineImage, Message, Problem};
use super::{RenderOptions, attachments, image_url_prefix, invitation, phishing};
use mail_parser::{MessagePart, MimeHeaders, PartType};
use std::collections::HashMap;

/// Attached messages deeper than this are listed as `.eml` attachments only: each
/// level is rendered in full, and twenty levels of forwarded forwards help no reader.
pub(crate) const MAX_ATTACHED_DEPTH: usize = 4;

/// The largest body HTML the sanitiser is given; the rest is cut (and said so).
pub(crate) const MAX_BODY_BYTES: usize = 2 * 1024 * 1024;

/// Image types served to the reader. SVG is not among them: it is a document that can
/// carry script, whatever `<img>` promises today.
const INLINE_IMAGE_TYPES: &[&str] = &[
    "image/png",
    "image/jpeg",
    "image/jpg",
    "image/gif",
    "image/webp",
    "image/bmp",
];

pub(crate) fn build(
    message: &mail_parser::Message<'_>,
    prefix: &str,
    options: &RenderOptions<'_>,
    depth: usize,
) -> Message {
    let mut view = Message {
        from: addresses(message.from()),
        to: addresses(message.to()),
        cc: addresses(message.cc()),
        reply_to: addresses(message.reply_to()),
        date: message.date().map(mail_parser::DateTime::to_timestamp),
        subject: clean(message.subject().unwrap_or_default()),
        message_id: message.message_id().map(clean).filter(|s| !s.is_empty()),
        ..Message::default()
    };

    let key_prefix = image_url_prefix(options);
    let mut cid_urls = HashMap::new();
    for (index, part) in message.parts.iter().enumerate() {
        let part_id = format!("{prefix}{index}");
        if part.is_encoding_problem {
            view.problems.push(Problem::EncodingProblem {
                part_id: part_id.clone(),
            });
        }
        let content_type = content_type(part);
        if let (Some(cid), true) = (
            part.content_id(),
            INLINE_IMAGE_TYPES.contains(&content_type.as_str()),
        ) {
            let cid = cid
                .trim()
                .trim_matches(|c| c == '<' || c == '>')
                .to_lowercase();
            if cid.is_empty() || cid_urls.contains_key(&cid) {
                continue;
            }
            let url = format!("{key_prefix}part/{part_id}");
            cid_urls.insert(cid.clone(), url.clone());
            view.inline_images.push(InlineImage {
                cid,
                part_id,
                content_type,
                url,
            });
        }
    }

    let (source, mut html_input) = body_html(message);
    if html_input.len() > MAX_BODY_BYTES {
        let mut end = MAX_BODY_BYTES;
        while !html_input.is_char_boundary(end) {
            end -= 1;
        }
        html_input.truncate(end);
        view.body.truncated = true;
        view.problems.push(Problem::BodyTooLarge);
    }
    let remote_prefix = format!("{key_prefix}remote/");
    let images = ImageUrls {
        cid: &cid_urls,
        remote_prefix: &remote_prefix,
        remote_allowed: options.remote_content_allowed,
    };
    let sanitised = html::sanitise(&html_input, &images);
    if sanitised.styles_ignored {
        view.problems.push(Problem::StylesIgnored);
    }
    let rewritten = sanitised.rewritten;
    view.body = Body {
        html: rewritten.html,
        source,
        truncated: view.body.truncated,
    };
    view.links = rewritten.links;
    view.remote_resources = rewritten.remote;
    // Images the body shows are not listed again as attachments.
    let shown: Vec<String> = view
        .inline_images
        .iter()
        .filter(|i| rewritten.used_cids.contains(&i.cid))
        .map(|i| i.part_id.clone())
        .collect();
    view.inline_images.retain(|i| shown.contains(&i.part_id));

    let body_parts: Vec<u32> = message
        .html_body
        .iter()
        .chain(&message.text_body)
        .copied()
        .collect();
    for (index, part) in message.parts.iter().enumerate() {
        let part_id = format!("{prefix}{index}");
        let content_type = content_type(part);
        if content_type == "text/calendar"
            && let Some(text) = part.text_contents()
        {
            view.invitations.push(invitation::summarise(text, &part_id));
        }
        let index = u32::try_from(index).unwrap_or(u32::MAX);
        let is_attachment = message.attachments.contains(&index);
        match &part.body {
            PartType::Multipart(_) => {}
            PartType::Message(nested) if index > 0 => {
                if depth < MAX_ATTACHED_DEPTH {
                    view.attached_messages.push(AttachedMessage {
                        part_id: part_id.clone(),
                        message: Box::new(build(
                            nested,
                            &format!("{part_id}."),
                            options,
                            depth + 1,
                        )),
                    });
                } else {
                    if !view.problems.contains(&Problem::NestingTooDeep) {
                        view.problems.push(Problem::NestingTooDeep);
                    }
                    view.attachments
                        .push(attachment(part, &part_id, &content_type));
                }
            }
            PartType::Message(_) => {}
            _ if shown.contains(&part_id) => {}
            // An invitation inside multipart/alternative is shown as the invitation, not as
            // a file; a calendar sent as an attachment is both.
            _ if is_attachment
                || (index > 0
                    && !body_parts.contains(&index)
                    && content_type != "text/calendar") =>
            {
                view.attachments
                    .push(attachment(part, &part_id, &content_type));
            }
            _ => {}
        }
    }
    // Hints are about who sent this message; an attached message was forwarded by them.
    if depth == 0 {
        view.phishing_hints = phishing::hints(&view.from, &view.reply_to, &options.sender);
    }
    view
}

/// The body as one HTML document: the HTML parts in order when there are any (text
/// parts between them, e.g. of a multipart/mixed, converted), else the text parts.
fn body_html(message: &mail_parser::Message<'_>) -> (BodySource, String) {
    let part = |id: &u32| message.parts.get(*id as usize);
    let is_calendar = |p: &MessagePart<'_>| content_type(p) == "text/calendar";
    let html_parts: Vec<&MessagePart<'_>> = message
        .html_body
        .iter()
        .filter_map(part)
        .filter(|p| !is_calendar(p))
        .collect();
    if html_parts
        .iter()
        .any(|p| matches!(p.body, PartType::Html(_)))
    {
        let mut html = String::new();
        for p in html_parts {
            match &p.body {
                PartType::Html(h) => html.push_str(h),
                PartType::Text(t) => html.push_str(&text_to_html(t)),
                _ => {}
            }
            if html.len() > MAX_BODY_BYTES {
                break;
            }
        }
        return (BodySource::Html, html);
    }
    let mut html = String::new();
    for p in message
        .text_body
        .iter()
        .filter_map(part)
        .filter(|p| !is_calendar(p))
    {
        if let PartType::Text(t) = &p.body {
            html.push_str(&text_to_html(t));
        }
        if html.len() > MAX_BODY_BYTES {
            break;
        }
    }
    if html.is_empty() {
        (BodySource::Empty, html)
    } else {
        (BodySource::PlainText, html)
    }
}

fn attachment(part: &MessagePart<'_>, part_id: &str, content_type: &str) -> Attachment {
    let sent_name = part
        .attachment_name()
        .map(str::to_string)
        .unwrap_or_else(|| match &part.body {
            PartType::Message(m) => format!("{}.eml", m.subject().unwrap_or("message")),
            _ => String::new(),
        });
    let name = attachments::safe_file_name(&sent_name);
    Attachment {
        risk: attachments::risky(&name, content_type),
        name,
        size: u64::try_from(part.body.len()).unwrap_or(u64::MAX),
        content_type: content_type.to_string(),
        part_id: part_id.to_string(),
    }
}

pub(crate) fn is_inline_image_type(content_type: &str) -> bool {
    INLINE_IMAGE_TYPES.contains(&content_type)
}

/// `type/subtype` in lower case; `application/octet-stream` when absent or odd.
pub(crate) fn content_type(part: &MessagePart<'_>) -> String {
    let Some(ct) = part.content_type() else {
        return match part.body {
            PartType::Text(_) => "text/plain",
            PartType::Html(_) => "text/html",
            PartType::Message(_) => "message/rfc822",
            _ => "application/octet-stream",
        }
        .to_string();
    };
    let value =
        format!("{}/{}", ct.ctype(), ct.subtype().unwrap_or("octet-stream")).to_ascii_lowercase();
    if value.len() > 100
        || value
            .chars()
            .any(|c| !(c.is_ascii_alphanumeric() || matches!(c, '/' | '.' | '-' | '+' | '_')))
    {
        "application/octet-stream".to_string()
    } else {
        value
    }
}

fn addresses(value: Option<&mail_parser::Address<'_>>) -> Vec<Address> {
    let Some(value) = value else {
        return Vec::new();
    };
    value
        .iter()
        .take(1000)
        .map(|a| Address {
            name: clean(a.name().unwrap_or_default()),
            address: clean(a.address().unwrap_or_default()),
        })
        .filter(|a| !a.name.is_empty() || !a.address.is_empty())
        .collect()
}

/// Control characters (CR/LF included) and bidi overrides never reach the reader's
/// header lines; a header is also capped, since a 1 MB subject is not a subject.
pub(crate) fn clean(value: &str) -> String {
    value
        .chars()
        .filter(|c| {
            !c.is_control() && !matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
        })
        .take(2000)
        .collect::<String>()
        .trim()
        .to_string()
}

/// The part `part_id` of a parsed message, following attached messages.
pub(crate) fn find_part<'m>(
    message: &'m mail_parser::Message<'m>,
    part_id: &str,
) -> Option<&'m MessagePart<'m>> {
    let mut ids = part_id.split('.');
    let first: usize = ids.next()?.parse().ok()?;
    let mut part = message.parts.get(first)?;
    for id in ids {
        let index: usize = id.parse().ok()?;
        part = match &part.body {
            PartType::Message(nested) => nested.parts.get(index)?,
            _ => return None,
        };
    }
    Some(part)
}
