//! What the list and the search index need from a message: sender, recipients,
//! subject, date, threading ids — from the header fields fetched first — and, once the
//! whole message is local, its text and attachment names.

use mail_parser::{Address, HeaderValue, Message, MessageParser, MimeHeaders};

/// The header fields the engine fetches before the body (`BODY.PEEK[HEADER.FIELDS …]`).
pub const HEADER_FIELDS: &str =
    "DATE FROM TO CC SUBJECT MESSAGE-ID IN-REPLY-TO REFERENCES CONTENT-TYPE";

/// The longest text kept per message in the full-text index; the rest of a huge body
/// adds little to finding it and a lot to the index.
const MAX_INDEXED_TEXT: usize = 256 * 1024;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Envelope {
    pub subject: String,
    pub from_name: String,
    pub from_addr: String,
    /// To and Cc, one `Name <addr>` per line.
    pub recipients: String,
    /// Unix seconds of the Date header; 0 when it is missing or unreadable.
    pub date: i64,
    /// Without angle brackets.
    pub message_id: Option<String>,
    pub in_reply_to: Option<String>,
    /// Oldest first, without angle brackets.
    pub references: Vec<String>,
    /// A guess from the top-level Content-Type until the body is local.
    pub has_attachment: bool,
}

/// Reads the envelope from header fields (or a whole message); never fails — broken
/// headers give empty fields, not a lost message.
pub fn parse_headers(raw: &[u8]) -> Envelope {
    match MessageParser::default().parse_headers(raw) {
        Some(message) => envelope(&message),
        None => Envelope::default(),
    }
}

fn envelope(message: &Message<'_>) -> Envelope {
    let (from_name, from_addr) = message
        .from()
        .and_then(Address::first)
        .map(|a| {
            (
                clean(a.name().unwrap_or_default()),
                clean(a.address().unwrap_or_default()),
            )
        })
        .unwrap_or_default();
    let mut recipients = String::new();
    for address in [message.to(), message.cc()].into_iter().flatten() {
        for addr in address.iter() {
            let name = clean(addr.name().unwrap_or_default());
            let mail = clean(addr.address().unwrap_or_default());
            if !recipients.is_empty() {
                recipients.push('\n');
            }
            match (name.is_empty(), mail.is_empty()) {
                (true, _) => recipients.push_str(&mail),
                (false, true) => recipients.push_str(&name),
                (false, false) => {
                    recipients.push_str(&name);
                    recipients.push_str(" <");
                    recipients.push_str(&mail);
                    recipients.push('>');
                }
            }
        }
    }
    let has_attachment = message.content_type().is_some_and(|ct| {
        ct.ctype().eq_ignore_ascii_case("multipart")
            && ct
                .subtype()
                .is_some_and(|s| s.eq_ignore_ascii_case("mixed"))
    });
    Envelope {
        subject: clean(message.subject().unwrap_or_default()),
        from_name,
        from_addr,
        recipients,
        date: message.date().map_or(0, |d| d.to_timestamp()),
        message_id: message.message_id().map(clean).filter(|s| !s.is_empty()),
        in_reply_to: ids(message.in_reply_to()).into_iter().next(),
        references: ids(message.references()),
        has_attachment,
    }
}

fn ids(value: &HeaderValue<'_>) -> Vec<String> {
    match value {
        HeaderValue::Text(id) => vec![clean(id)],
        HeaderValue::TextList(list) => list.iter().map(|id| clean(id)).collect(),
        _ => Vec::new(),
    }
    .into_iter()
    .filter(|id| !id.is_empty())
    .collect()
}

/// Control characters (including CR/LF and bidi overrides) never reach the store: they
/// would break lines in the list or disguise a name.
fn clean(value: &str) -> String {
    let unwanted =
        |c: char| c.is_control() || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}');
    // Nearly every value has none: one copy instead of a filtered one grown char by
    // char (five header fields of every message of a sync). Most are ASCII, where a
    // byte scan answers that without decoding characters.
    let clean = if value.is_ascii() {
        !value.bytes().any(|b| b.is_ascii_control())
    } else {
        !value.contains(unwanted)
    };
    if clean {
        return value.trim().to_string();
    }
    let filtered: String = value.chars().filter(|&c| !unwanted(c)).collect();
    filtered.trim().to_string()
}

/// What the full message adds: plain text for the index and the preview, and the
/// attachments' names.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Content {
    pub envelope: Envelope,
    pub text: String,
    pub preview: String,
    pub attachments: Vec<String>,
}

/// Parses a complete message for the index and the list (text, preview, attachment
/// names; attachment bodies are skipped, not decoded); a message mail-parser cannot
/// read at all still gets its (empty) content so it is stored and shown, never dropped.
pub fn parse_message(raw: &[u8]) -> Content {
    content_of(&without_binary_bodies(raw))
}

fn content_of(raw: &[u8]) -> Content {
    let Some(message) = MessageParser::default().parse(raw) else {
        return Content::default();
    };
    let mut text = String::new();
    for index in 0..message.text_body_count().max(1) {
        if let Some(part) = message.body_text(index) {
            if !text.is_empty() {
                text.push('\n');
            }
            text.push_str(&part);
        }
        if text.len() > MAX_INDEXED_TEXT {
            break;
        }
    }
    if text.len() > MAX_INDEXED_TEXT {
        let mut end = MAX_INDEXED_TEXT;
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        text.truncate(end);
    }
    let attachments: Vec<String> = message
        .attachments()
        .filter_map(|part| part.attachment_name().map(clean))
        .filter(|name| !name.is_empty())
        .collect();
    let mut envelope = envelope(&message);
    envelope.has_attachment = !attachments.is_empty();
    Content {
        preview: preview(&text),
        envelope,
        text,
        attachments,
    }
}

/// The message without the bodies of base64 parts that are not text (attachments,
/// images): the index needs their names, not their bytes, and decoding them was a
/// tenth of a full sync's CPU time. Part headers are kept, so every attachment is still
/// there with its name. A base64 line never starts with `-`, so any line that does (a
/// boundary) ends a skipped body; a line that only looks like a boundary at worst
/// starts a header block that skips nothing.
fn without_binary_bodies(raw: &[u8]) -> std::borrow::Cow<'_, [u8]> {
    if !contains_ignore_case(raw, b"base64") {
        return std::borrow::Cow::Borrowed(raw);
    }
    let mut out = Vec::with_capacity(raw.len().min(1 << 20));
    let mut headers: Vec<u8> = Vec::new();
    let mut in_headers = true;
    let mut at = 0;
    while at < raw.len() {
        let line = &raw[at..memchr::memchr(b'\n', &raw[at..]).map_or(raw.len(), |i| at + i + 1)];
        at += line.len();
        out.extend_from_slice(line);
        if in_headers {
            if line == b"\r\n" || line == b"\n" {
                in_headers = false;
                if is_binary_base64(&headers) {
                    // Skipped up to the next line that starts with `-` (most of a
                    // large message's bytes: found without looking at each line).
                    at = match raw.get(at) {
                        Some(b'-') => at,
                        _ => memchr::memmem::find(&raw[at..], b"\n-")
                            .map_or(raw.len(), |i| at + i + 1),
                    };
                }
                headers.clear();
            } else {
                headers.extend(line.iter().map(u8::to_ascii_lowercase));
            }
        } else if line.starts_with(b"--") {
            in_headers = true;
        }
    }
    std::borrow::Cow::Owned(out)
}

/// Whether a part's header block (lower case) declares base64 content that is not
/// text (no Content-Type means text/plain).
fn is_binary_base64(headers: &[u8]) -> bool {
    let text = String::from_utf8_lossy(headers)
        .replace("\r\n", "\n")
        .replace("\n ", " ")
        .replace("\n\t", " ");
    let value = |name: &str| {
        text.lines()
            .find_map(|line| line.strip_prefix(name))
            .map(|v| v.trim_start_matches([' ', '\t']).to_string())
    };
    let base64 = value("content-transfer-encoding:").is_some_and(|v| v.starts_with("base64"));
    let binary = value("content-type:").is_some_and(|v| {
        !(v.starts_with("text/") || v.starts_with("multipart/") || v.starts_with("message/"))
    });
    base64 && binary
}

fn contains_ignore_case(haystack: &[u8], needle: &[u8]) -> bool {
    let Some((first, rest)) = needle.split_first() else {
        return true;
    };
    // Where the first byte is, in either case (memchr looks at many bytes at once: this
    // runs over every fetched message).
    memchr::memchr2_iter(
        first.to_ascii_lowercase(),
        first.to_ascii_uppercase(),
        haystack,
    )
    .any(|at| {
        haystack
            .get(at + 1..at + needle.len())
            .is_some_and(|w| w.eq_ignore_ascii_case(rest))
    })
}

/// The first words of the text on one line, without quoted lines.
fn preview(text: &str) -> String {
    let mut out = String::new();
    for line in text.lines() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('>') {
            continue;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.extend(line.chars().filter(|c| !c.is_control()));
        if out.chars().count() >= 160 {
            break;
        }
    }
    out.chars().take(160).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What the index gets from the corpus messages is the same whether or not the
    /// binary attachment bodies are skipped before parsing.
    #[test]
    fn skipping_binary_bodies_changes_nothing_the_index_sees() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut checked = 0;
        let mut trimmed = 0;
        for dir in [
            root.join("tests/corpus/render"),
            root.join("../../fuzz/corpus/mail_message"),
        ] {
            for entry in std::fs::read_dir(&dir).unwrap().flatten() {
                let raw = std::fs::read(entry.path()).unwrap();
                // The reference: the whole message parsed.
                let full = content_of(&raw);
                let content = parse_message(&raw);
                let name = entry.path().display().to_string();
                assert_eq!(content.attachments, full.attachments, "{name}");
                assert_eq!(content.text, full.text, "{name}");
                assert_eq!(content.preview, full.preview, "{name}");
                assert_eq!(content.envelope, full.envelope, "{name}");
                checked += 1;
                if without_binary_bodies(&raw).len() < raw.len() {
                    trimmed += 1;
                }
            }
        }
        assert!(checked > 50, "{checked}");
        assert!(trimmed > 3, "the corpus has attachments to skip: {trimmed}");
    }

    #[test]
    fn a_pdf_attachment_keeps_its_name_but_not_its_bytes() {
        let raw = b"From: a@example.test\r\nSubject: Bericht\r\nContent-Type: multipart/mixed; boundary=\"b\"\r\n\r\n\
--b\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nAnbei der Bericht.\r\n\
--b\r\nContent-Type: application/pdf; name=\"Bericht.pdf\"\r\nContent-Transfer-Encoding: base64\r\n\
Content-Disposition: attachment; filename=\"Bericht.pdf\"\r\n\r\nJVBERi0xLjQKJcfs\r\nj6IKNSAwIG9iago=\r\n\
--b--\r\n";
        let trimmed = without_binary_bodies(raw);
        assert!(!trimmed.windows(8).any(|w| w == b"JVBERi0x"));
        let content = parse_message(raw);
        assert_eq!(content.attachments, ["Bericht.pdf"]);
        assert_eq!(content.text.trim(), "Anbei der Bericht.");
    }

    #[test]
    fn reads_the_envelope_from_header_fields() {
        let raw = b"From: =?utf-8?q?J=C3=BCrgen_M=C3=BCller?= <jm@example.test>\r\n\
            To: Alice <alice@example.test>, bob@example.test\r\n\
            Cc: \"Carol\" <carol@example.test>\r\n\
            Subject: =?utf-8?q?Gr=C3=BC=C3=9Fe?=\r\n\
            Date: Mon, 23 Nov 2026 09:00:00 +0100\r\n\
            Message-ID: <abc@example.test>\r\n\
            In-Reply-To: <parent@example.test>\r\n\
            References: <root@example.test> <parent@example.test>\r\n\
            Content-Type: multipart/mixed; boundary=x\r\n\r\n";
        let e = parse_headers(raw);
        assert_eq!(e.from_name, "Jürgen Müller");
        assert_eq!(e.from_addr, "jm@example.test");
        assert_eq!(e.subject, "Grüße");
        assert_eq!(
            e.recipients,
            "Alice <alice@example.test>\nbob@example.test\nCarol <carol@example.test>"
        );
        assert_eq!(e.date, 1_795_420_800); // 2026-11-23T08:00:00Z
        assert_eq!(e.message_id.as_deref(), Some("abc@example.test"));
        assert_eq!(e.in_reply_to.as_deref(), Some("parent@example.test"));
        assert_eq!(e.references, ["root@example.test", "parent@example.test"]);
        assert!(e.has_attachment);
    }

    #[test]
    fn broken_headers_give_empty_fields_not_a_panic() {
        let e =
            parse_headers(b"From: \r\nSubject: =?bogus?x?\xff\xfe?=\r\nDate: yesterday\r\n\r\n");
        assert_eq!(e.from_addr, "");
        assert_eq!(e.date, 0);
        let e = parse_headers(b"");
        assert_eq!(e, Envelope::default());
    }

    #[test]
    fn strips_line_breaks_and_bidi_overrides_from_names() {
        let e = parse_headers(
            "From: \"Evil\u{202e}gnp.exe\" <e@example.test>\r\nSubject: a\r\n b\r\n\r\n".as_bytes(),
        );
        assert_eq!(e.from_name, "Evilgnp.exe");
        assert!(!e.subject.contains('\n'));
    }

    #[test]
    fn clean_drops_controls_and_overrides_then_trims() {
        assert_eq!(clean("  Anna Berg "), "Anna Berg");
        assert_eq!(clean(" \u{2066}\u{7}Anna\tBerg\u{202c} "), "AnnaBerg");
        assert_eq!(clean("Jürgen Weiß"), "Jürgen Weiß");
        assert_eq!(clean("\u{202e} "), "");
    }

    #[test]
    fn lists_recipients_one_per_line() {
        let e = parse_headers(
            b"To: Anna <anna@example.test>, bob@example.test\r\nCc: \"Carl\" <>\r\n\r\n",
        );
        assert_eq!(
            e.recipients,
            "Anna <anna@example.test>\nbob@example.test\nCarl"
        );
    }

    #[test]
    fn reads_text_and_attachment_names_from_a_whole_message() {
        let raw = b"From: a@example.test\r\nSubject: Bericht\r\nMIME-Version: 1.0\r\n\
            Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\n\
            Content-Type: text/plain; charset=utf-8\r\n\r\n> quoted\r\nHallo Frau M\xc3\xbcller,\r\nanbei.\r\n--b\r\n\
            Content-Type: application/pdf; name=\"Bericht 2026.pdf\"\r\n\
            Content-Disposition: attachment; filename=\"Bericht 2026.pdf\"\r\n\
            Content-Transfer-Encoding: base64\r\n\r\nJVBERi0=\r\n--b--\r\n";
        let c = parse_message(raw);
        assert!(c.text.contains("Müller"));
        assert_eq!(c.attachments, ["Bericht 2026.pdf"]);
        assert!(c.envelope.has_attachment);
        assert_eq!(c.preview, "Hallo Frau Müller, anbei.");
    }
}
