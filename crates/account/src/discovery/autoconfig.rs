//! The Mozilla autoconfig format (`config-v1.1.xml`, as Thunderbird reads it).
//!
//! The document comes from a web server we do not control, so the parser is defensive:
//! a DOCTYPE is refused outright (quick-xml never expands external entities, but an
//! internal subset is how "billion laughs" documents start, and no autoconfig file needs
//! one), the input, the nesting depth and the element count are capped, and every
//! server entry that cannot be used (POP3, `plain`, a broken port or host name) is
//! skipped with a reason instead of failing the document or panicking.

use super::{Security, ServiceKind, valid_hostname};
use quick_xml::events::{BytesStart, Event};
use serde::{Deserialize, Serialize};

/// Largest document accepted (a real one is a few KiB).
pub const MAX_BYTES: usize = 256 * 1024;
/// Deepest element nesting accepted (real documents use 4).
pub const MAX_DEPTH: usize = 16;
/// Most elements accepted in one document.
pub const MAX_ELEMENTS: usize = 4096;
/// Longest text of one element we keep (host names are at most 253 bytes).
const MAX_TEXT: usize = 2048;

/// Why a document was refused as a whole.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
#[serde(tag = "error", rename_all = "snake_case")]
pub enum AutoconfigError {
    #[error("the document is larger than {limit} bytes")]
    TooLarge { limit: usize },
    #[error("the document is not UTF-8")]
    NotUtf8,
    #[error("the document has a DOCTYPE, which autoconfig documents never need")]
    DoctypeForbidden,
    #[error("the document nests elements deeper than {limit}")]
    TooDeep { limit: usize },
    #[error("the document has more than {limit} elements")]
    TooManyElements { limit: usize },
    #[error("the root element is <{found}>, not <clientConfig>")]
    WrongRoot { found: String },
    #[error("the document uses the undefined entity &{name};")]
    UndefinedEntity { name: String },
    #[error("the document is not well-formed XML: {reason}")]
    Malformed { reason: String },
}

/// A usable server entry, with placeholders still in the user name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AutoconfigServer {
    pub kind: ServiceKind,
    pub host: String,
    pub port: u16,
    pub security: Security,
    /// For CalDAV/CardDAV: the `serverURL`.
    pub url: Option<String>,
    /// As written, e.g. `%EMAILADDRESS%`; see [`substitute`].
    pub username: Option<String>,
}

/// A server entry that was ignored, and why (reported in discovery's attempts).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Skipped {
    /// The element, e.g. `incomingServer type="pop3"`.
    pub element: String,
    pub reason: String,
}

/// What a document offers, in document order (the provider's preference).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AutoconfigDocument {
    pub servers: Vec<AutoconfigServer>,
    pub skipped: Vec<Skipped>,
}

/// Replaces Thunderbird's placeholders with parts of `email` (already validated).
pub fn substitute(template: &str, email: &str) -> String {
    let (local, domain) = email.rsplit_once('@').unwrap_or((email, ""));
    template
        .replace("%EMAILADDRESS%", email)
        .replace("%EMAILLOCALPART%", local)
        .replace("%EMAILDOMAIN%", domain)
}

/// Which server-describing element we are inside.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum EntryKind {
    Incoming,
    Outgoing,
    AddressBook,
    Calendar,
}

impl EntryKind {
    fn element(self) -> &'static str {
        match self {
            EntryKind::Incoming => "incomingServer",
            EntryKind::Outgoing => "outgoingServer",
            EntryKind::AddressBook => "addressBook",
            EntryKind::Calendar => "calendar",
        }
    }
}

/// The child texts of one entry as collected so far.
#[derive(Debug, Default)]
struct Entry {
    kind: Option<EntryKind>,
    type_attr: String,
    /// Depth of the entry element, so we know which `End` closes it.
    depth: usize,
    hostname: Option<String>,
    port: Option<String>,
    socket_type: Option<String>,
    username: Option<String>,
    server_url: Option<String>,
}

/// Parses an autoconfig document. Never panics, whatever the bytes.
pub fn parse(bytes: &[u8]) -> Result<AutoconfigDocument, AutoconfigError> {
    if bytes.len() > MAX_BYTES {
        return Err(AutoconfigError::TooLarge { limit: MAX_BYTES });
    }
    let text = std::str::from_utf8(bytes).map_err(|_| AutoconfigError::NotUtf8)?;
    // A UTF-8 BOM is legal at the start of an XML document.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut reader = quick_xml::Reader::from_str(text);
    reader.config_mut().check_end_names = true;

    let mut doc = AutoconfigDocument::default();
    // Local names of the open elements, outermost first.
    let mut stack: Vec<String> = Vec::new();
    let mut elements = 0usize;
    let mut seen_root = false;
    let mut entry: Option<Entry> = None;
    // The text of the current leaf element (text, CDATA and references concatenated).
    let mut text_buf = String::new();

    loop {
        let event = reader
            .read_event()
            .map_err(|e| AutoconfigError::Malformed {
                reason: e.to_string(),
            })?;
        match event {
            Event::DocType(_) => return Err(AutoconfigError::DoctypeForbidden),
            Event::Start(start) => {
                open(&start, &mut stack, &mut elements, &mut seen_root)?;
                text_buf.clear();
                begin_entry(&start, &stack, &mut entry);
            }
            Event::Empty(start) => {
                open(&start, &mut stack, &mut elements, &mut seen_root)?;
                text_buf.clear();
                begin_entry(&start, &stack, &mut entry);
                close(&mut stack, &mut entry, &mut text_buf, &mut doc);
            }
            Event::End(_) => close(&mut stack, &mut entry, &mut text_buf, &mut doc),
            Event::Text(t) => push_text(&mut text_buf, &t.xml10_content()),
            Event::CData(c) => push_text(&mut text_buf, &c),
            Event::GeneralRef(r) => {
                let resolved = match r.resolve_char_ref() {
                    Ok(Some(c)) => c.to_string(),
                    Ok(None) => predefined_entity(&r)
                        .ok_or_else(|| AutoconfigError::UndefinedEntity {
                            name: truncate(&r, 64),
                        })?
                        .to_string(),
                    Err(e) => {
                        return Err(AutoconfigError::Malformed {
                            reason: e.to_string(),
                        });
                    }
                };
                push_text(&mut text_buf, &resolved);
            }
            Event::Eof => break,
            Event::Decl(_) | Event::PI(_) | Event::Comment(_) => {}
        }
    }
    if !seen_root {
        return Err(AutoconfigError::Malformed {
            reason: "no root element".into(),
        });
    }
    if !stack.is_empty() {
        return Err(AutoconfigError::Malformed {
            reason: format!("<{}> is not closed", stack.join("><")),
        });
    }
    Ok(doc)
}

fn open(
    start: &BytesStart<'_>,
    stack: &mut Vec<String>,
    elements: &mut usize,
    seen_root: &mut bool,
) -> Result<(), AutoconfigError> {
    let name = start.local_name().as_ref().to_string();
    if stack.is_empty() {
        if *seen_root {
            return Err(AutoconfigError::Malformed {
                reason: "more than one root element".into(),
            });
        }
        *seen_root = true;
        if name != "clientConfig" {
            return Err(AutoconfigError::WrongRoot {
                found: truncate(&name, 64),
            });
        }
    }
    *elements += 1;
    if *elements > MAX_ELEMENTS {
        return Err(AutoconfigError::TooManyElements {
            limit: MAX_ELEMENTS,
        });
    }
    if stack.len() >= MAX_DEPTH {
        return Err(AutoconfigError::TooDeep { limit: MAX_DEPTH });
    }
    stack.push(name);
    Ok(())
}

/// Starts an entry when `start` (already on the stack) is a server element in its place.
fn begin_entry(start: &BytesStart<'_>, stack: &[String], entry: &mut Option<Entry>) {
    if entry.is_some() {
        return;
    }
    let parent = stack.len().checked_sub(2).and_then(|i| stack.get(i));
    let kind = match (parent.map(String::as_str), start.local_name().as_ref()) {
        (Some("emailProvider"), "incomingServer") => EntryKind::Incoming,
        (Some("emailProvider"), "outgoingServer") => EntryKind::Outgoing,
        // Thunderbird writes these under <clientConfig>; some providers nest them.
        (Some("clientConfig" | "emailProvider"), "addressBook") => EntryKind::AddressBook,
        (Some("clientConfig" | "emailProvider"), "calendar") => EntryKind::Calendar,
        _ => return,
    };
    let type_attr = start
        .attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref() == "type")
        .and_then(|a| {
            a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .ok()
                .map(|v| truncate(v.trim(), 64))
        })
        .unwrap_or_default();
    *entry = Some(Entry {
        kind: Some(kind),
        type_attr,
        depth: stack.len(),
        ..Entry::default()
    });
}

fn close(
    stack: &mut Vec<String>,
    entry: &mut Option<Entry>,
    text_buf: &mut String,
    doc: &mut AutoconfigDocument,
) {
    let depth = stack.len();
    let name = stack.pop().unwrap_or_default();
    let text = std::mem::take(text_buf).trim().to_string();
    let Some(current) = entry.as_mut() else {
        return;
    };
    if depth == current.depth + 1 {
        let slot = match name.as_str() {
            "hostname" => &mut current.hostname,
            "port" => &mut current.port,
            "socketType" => &mut current.socket_type,
            "username" => &mut current.username,
            "serverURL" => &mut current.server_url,
            _ => return,
        };
        // The first occurrence wins, like Thunderbird.
        if slot.is_none() {
            *slot = Some(text);
        }
    } else if depth == current.depth
        && let Some(finished) = entry.take()
    {
        match finish(&finished) {
            Ok(server) => doc.servers.push(server),
            Err(reason) => doc.skipped.push(Skipped {
                element: describe(&finished),
                reason,
            }),
        }
    }
}

fn describe(entry: &Entry) -> String {
    let element = entry.kind.map(EntryKind::element).unwrap_or("entry");
    if entry.type_attr.is_empty() {
        element.to_string()
    } else {
        format!("{element} type=\"{}\"", entry.type_attr)
    }
}

/// Turns a collected entry into a server, or says why it cannot be used.
fn finish(entry: &Entry) -> Result<AutoconfigServer, String> {
    let username = entry.username.clone().filter(|u| !u.is_empty());
    match entry.kind {
        Some(EntryKind::Incoming | EntryKind::Outgoing) => {
            let kind = match (entry.kind, entry.type_attr.as_str()) {
                (Some(EntryKind::Incoming), "imap") => ServiceKind::Imap,
                (Some(EntryKind::Outgoing), "smtp") => ServiceKind::Smtp,
                (_, other) => return Err(format!("server type `{other}` is not supported")),
            };
            let host = entry.hostname.as_deref().ok_or("no hostname")?;
            // `%EMAILDOMAIN%` is a legal host name template; check it with a stand-in.
            if !valid_hostname(&host.replace("%EMAILDOMAIN%", "example.invalid")) {
                return Err(format!("`{}` is not a host name", truncate(host, 64)));
            }
            let port = parse_port(entry.port.as_deref())?;
            let security = match entry.socket_type.as_deref() {
                Some("SSL") => Security::Tls,
                Some("STARTTLS") => Security::Starttls,
                Some("plain") => return Err("socket type `plain` is unencrypted".into()),
                Some(other) => {
                    return Err(format!(
                        "socket type `{}` is not supported",
                        truncate(other, 64)
                    ));
                }
                None => return Err("no socketType".into()),
            };
            Ok(AutoconfigServer {
                kind,
                host: host.to_ascii_lowercase(),
                port,
                security,
                url: None,
                username,
            })
        }
        Some(kind @ (EntryKind::AddressBook | EntryKind::Calendar)) => {
            let (service, expected) = match kind {
                EntryKind::AddressBook => (ServiceKind::CardDav, "carddav"),
                _ => (ServiceKind::CalDav, "caldav"),
            };
            if entry.type_attr != expected {
                return Err(format!("type `{}` is not `{expected}`", entry.type_attr));
            }
            let raw = entry.server_url.as_deref().ok_or("no serverURL")?;
            let url = url::Url::parse(raw)
                .map_err(|e| format!("serverURL `{}`: {e}", truncate(raw, 64)))?;
            if url.scheme() != "https" {
                return Err("serverURL is not https".into());
            }
            let host = url.host_str().ok_or("serverURL has no host")?.to_string();
            if !valid_hostname(&host) {
                return Err(format!("`{}` is not a host name", truncate(&host, 64)));
            }
            let port = url.port_or_known_default().unwrap_or(443);
            Ok(AutoconfigServer {
                kind: service,
                host,
                port,
                security: Security::Tls,
                url: Some(url.to_string()),
                username,
            })
        }
        None => Err("unknown entry".into()),
    }
}

fn parse_port(port: Option<&str>) -> Result<u16, String> {
    let raw = port.ok_or("no port")?;
    match raw.parse::<u16>() {
        Ok(0) | Err(_) => Err(format!("`{}` is not a port", truncate(raw, 16))),
        Ok(p) => Ok(p),
    }
}

fn predefined_entity(name: &str) -> Option<&'static str> {
    Some(match name {
        "amp" => "&",
        "lt" => "<",
        "gt" => ">",
        "quot" => "\"",
        "apos" => "'",
        _ => return None,
    })
}

fn push_text(buf: &mut String, text: &str) {
    // Keep memory bounded; an overlong value is rejected later as a bad host/port.
    if buf.len() < MAX_TEXT {
        let room = MAX_TEXT - buf.len();
        buf.push_str(&truncate(text, room));
    }
}

/// At most `max` bytes of `s`, cut at a character boundary (for messages and limits).
fn truncate(s: &str, max: usize) -> String {
    if s.len() <= max {
        return s.to_string();
    }
    let mut end = max;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    s[..end].to_string()
}

#[cfg(test)]
mod tests {
    use super::substitute;

    #[test]
    fn placeholders_take_the_parts_of_the_address() {
        assert_eq!(
            substitute(
                "%EMAILLOCALPART%+x@%EMAILDOMAIN% (%EMAILADDRESS%)",
                "alice@example.test"
            ),
            "alice+x@example.test (alice@example.test)"
        );
    }
}
