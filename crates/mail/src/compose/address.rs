//! Addresses and header text as the user types them, made safe for a header.
//!
//! Nothing typed into a compose window reaches a header unchecked: an address must be
//! one `local@domain` without spaces, angle brackets or control characters, and free
//! text (a display name, the subject) has every CR, LF and other control character
//! turned into a space. So "Hi\r\nBcc: everyone@example.org" stays one harmless line.

use crate::MailError;
use serde::{Deserialize, Serialize};

/// One address with an optional display name (`Alice Example <alice@example.test>`).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, ts_rs::TS)]
#[ts(export, rename = "MailMailbox")]
pub struct Mailbox {
    /// The display name; empty when there is none.
    #[serde(default)]
    pub name: String,
    pub email: String,
}

impl Mailbox {
    /// A checked mailbox: the address validated, the name neutralised.
    pub fn new(name: &str, email: &str) -> Result<Mailbox, MailError> {
        Ok(Mailbox {
            name: header_text(name),
            email: validate_email(email)?,
        })
    }

    /// The same mailbox, checked again (data from the UI or the store is not trusted).
    pub fn checked(&self) -> Result<Mailbox, MailError> {
        Mailbox::new(&self.name, &self.email)
    }

    /// `Name <addr>` or `addr`, for text output (not for headers: mail-builder
    /// encodes the name there).
    pub fn display(&self) -> String {
        if self.name.is_empty() {
            self.email.clone()
        } else {
            format!("{} <{}>", self.name, self.email)
        }
    }

    pub fn same_address(&self, other: &str) -> bool {
        self.email.eq_ignore_ascii_case(other.trim())
    }
}

/// Free text for a header (subject, display name, file name): control characters,
/// CR and LF become spaces, runs of white space one space, and the ends are trimmed.
pub fn header_text(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    let mut space = false;
    for c in value.chars() {
        if c.is_control() || c.is_whitespace() || is_bidi_control(c) {
            space = true;
            continue;
        }
        if space && !out.is_empty() {
            out.push(' ');
        }
        space = false;
        out.push(c);
    }
    out
}

/// Bidi overrides would let a name display differently from what it is.
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}')
}

/// `local@domain`, checked strictly enough that it can never break out of a header or
/// an SMTP command: no white space, no control characters, none of `<>()[],;:"\`,
/// exactly one `@`, a domain of dot-separated labels.
pub fn validate_email(email: &str) -> Result<String, MailError> {
    let email = email.trim();
    let invalid = |why: &str| MailError::InvalidInput {
        reason: format!(
            "\"{}\" is not an e-mail address ({why})",
            header_text(email)
        ),
    };
    let (local, domain) = email.split_once('@').ok_or_else(|| invalid("no @"))?;
    if local.is_empty() || domain.is_empty() || domain.contains('@') {
        return Err(invalid("it needs the form name@example.org"));
    }
    if email.len() > 254 || local.len() > 64 {
        return Err(invalid("too long"));
    }
    let forbidden = |c: char| {
        c.is_control()
            || c.is_whitespace()
            || is_bidi_control(c)
            || matches!(
                c,
                '<' | '>' | '(' | ')' | '[' | ']' | ',' | ';' | ':' | '"' | '\\'
            )
    };
    if email.chars().any(forbidden) {
        return Err(invalid("it contains a character addresses cannot have"));
    }
    if local.starts_with('.') || local.ends_with('.') || local.contains("..") {
        return Err(invalid("misplaced dot"));
    }
    let labels_ok = domain.split('.').all(|label| {
        !label.is_empty()
            && !label.starts_with('-')
            && !label.ends_with('-')
            && label.chars().all(|c| c.is_alphanumeric() || c == '-')
    });
    if !labels_ok {
        return Err(invalid("the part after @ is not a domain"));
    }
    Ok(email.to_string())
}

/// A list as people type it: `Alice <alice@example.test>, "Bob, B." <bob@x.test>;
/// carol@x.test`. Empty entries are skipped; any invalid entry fails the whole list,
/// naming the entry.
pub fn parse_list(input: &str) -> Result<Vec<Mailbox>, MailError> {
    split_list(input)
        .iter()
        .map(|entry| parse_one(entry))
        .collect()
}

/// One `Name <addr>`, `"Name" <addr>` or bare `addr`.
pub fn parse_one(entry: &str) -> Result<Mailbox, MailError> {
    let entry = entry.trim();
    match (entry.rfind('<'), entry.ends_with('>')) {
        (Some(open), true) => {
            let name = entry[..open].trim();
            let name = name
                .strip_prefix('"')
                .and_then(|n| n.strip_suffix('"'))
                .unwrap_or(name)
                .replace("\\\"", "\"");
            Mailbox::new(&name, &entry[open + 1..entry.len() - 1])
        }
        _ => Mailbox::new("", entry),
    }
}

/// Splits on `,` and `;` outside quotes and angle brackets.
fn split_list(input: &str) -> Vec<String> {
    let mut entries = Vec::new();
    let mut current = String::new();
    let (mut quoted, mut angle, mut escaped) = (false, false, false);
    for c in input.chars() {
        match c {
            _ if escaped => escaped = false,
            '\\' if quoted => escaped = true,
            '"' if !angle => quoted = !quoted,
            '<' if !quoted => angle = true,
            '>' if !quoted => angle = false,
            ',' | ';' if !quoted && !angle => {
                entries.push(std::mem::take(&mut current));
                continue;
            }
            _ => {}
        }
        current.push(c);
    }
    entries.push(current);
    entries
        .into_iter()
        .map(|e| e.trim().to_string())
        .filter(|e| !e.is_empty())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_in_header_text_become_one_space() {
        assert_eq!(
            header_text("Hi\r\nBcc: all@example.org"),
            "Hi Bcc: all@example.org"
        );
        assert_eq!(header_text("  a\t\tb\0c \u{202E}d  "), "a b c d");
    }

    #[test]
    fn addresses_are_validated() {
        for good in [
            "alice@example.test",
            "a.b+tag@sub.example.test",
            "jörg@müller.de",
        ] {
            assert_eq!(validate_email(good).unwrap(), good);
        }
        for bad in [
            "",
            "alice",
            "@example.test",
            "alice@",
            "a@b@c",
            "alice@example.test\r\nRCPT TO:<x@y>",
            "al ice@example.test",
            "alice@exa_mple.test",
            "<alice@example.test>",
            "alice@.test",
            "alice.@example.test",
        ] {
            assert!(validate_email(bad).is_err(), "{bad:?} was accepted");
        }
    }

    #[test]
    fn lists_split_outside_quotes_and_brackets() {
        let list =
            parse_list(r#"Alice <alice@example.test>, "Bob, B." <bob@x.test>; carol@x.test"#)
                .unwrap();
        assert_eq!(
            list,
            vec![
                Mailbox::new("Alice", "alice@example.test").unwrap(),
                Mailbox::new("Bob, B.", "bob@x.test").unwrap(),
                Mailbox::new("", "carol@x.test").unwrap(),
            ]
        );
        assert!(parse_list("alice@example.test, nonsense").is_err());
    }

    #[test]
    fn a_name_with_a_line_break_stays_one_line() {
        let m = parse_one("\"Evil\r\nBcc: x@y.test\" <bob@x.test>").unwrap();
        assert_eq!(m.name, "Evil Bcc: x@y.test");
    }
}
