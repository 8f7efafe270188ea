//! `mailto:` links (RFC 6068) turned into a compose request: the recipients, a subject
//! and a body for a new draft, never anything sent.
//!
//! A link comes from anywhere (a web page, another program, the command line), so only
//! what a draft needs is taken: `to`, `cc`, `bcc`, `subject` and `body`. `attach`,
//! `attachment` and every other header are ignored — a link must not be able to attach
//! `/etc/passwd` or set `From`. Line breaks in recipients and the subject become spaces,
//! so nothing can smuggle a header into the message built from the draft.

use crate::MailError;
use serde::{Deserialize, Serialize};

/// Longer links are refused: nobody types them, and they arrive through argv and IPC.
const MAX_LEN: usize = 256 * 1024;

/// A draft to open in the composer, from a `mailto:` link.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[ts(export)]
pub struct MailtoRequest {
    pub to: Vec<String>,
    pub cc: Vec<String>,
    pub bcc: Vec<String>,
    pub subject: Option<String>,
    pub body: Option<String>,
}

impl MailtoRequest {
    /// The draft the compose window opens: recipients, subject and body from the link,
    /// the rest from `identity`. Never attachments, never sent by itself. A recipient
    /// that is not a valid address stays in the draft as typed (the user sees it and
    /// fixes it; sending checks every address again).
    pub fn into_draft(self, identity: &crate::compose::Identity) -> crate::compose::Draft {
        use crate::compose::{Draft, Mailbox, parse_one};
        let list = |l: &[String]| -> Vec<Mailbox> {
            l.iter()
                .map(|r| {
                    parse_one(r).unwrap_or_else(|_| Mailbox {
                        name: String::new(),
                        email: crate::compose::header_text(r),
                    })
                })
                .collect()
        };
        let mut draft = Draft::new(identity);
        draft.to = list(&self.to);
        draft.cc = list(&self.cc);
        draft.bcc = list(&self.bcc);
        draft.subject = self.subject.unwrap_or_default();
        if let Some(body) = self.body {
            draft.text = format!("{body}\n{}", draft.text);
        }
        draft
    }
}

/// Parses a `mailto:` URL. Fails only when it is not one (or absurdly long); unknown
/// headers are skipped, not errors.
pub fn parse(url: &str) -> Result<MailtoRequest, MailError> {
    let url = url.trim();
    if url.len() > MAX_LEN {
        return Err(invalid("the mailto link is too long"));
    }
    let rest = match url.split_at_checked(7) {
        Some((scheme, rest)) if scheme.eq_ignore_ascii_case("mailto:") => rest,
        _ => return Err(invalid("not a mailto: link")),
    };
    // An unencoded `#` starts a fragment, which is not part of the draft.
    let rest = rest.split('#').next().unwrap_or_default();
    let (path, query) = rest.split_once('?').unwrap_or((rest, ""));

    let mut request = MailtoRequest {
        to: recipients(&decode(path)),
        ..MailtoRequest::default()
    };
    for field in query.split('&').filter(|f| !f.is_empty()) {
        let (name, value) = field.split_once('=').unwrap_or((field, ""));
        let value = decode(value);
        match decode(name).to_ascii_lowercase().as_str() {
            "to" => request.to.extend(recipients(&value)),
            "cc" => request.cc.extend(recipients(&value)),
            "bcc" => request.bcc.extend(recipients(&value)),
            "subject" if request.subject.is_none() => {
                request.subject = Some(single_line(&value)).filter(|s| !s.is_empty());
            }
            "body" if request.body.is_none() => {
                request.body = Some(body_text(&value)).filter(|s| !s.is_empty());
            }
            // `attach`, `attachment`, `from`, `in-reply-to`, …: never taken from a link.
            other => tracing::debug!(header = other, "mailto: header ignored"),
        }
    }
    Ok(request)
}

fn invalid(reason: &str) -> MailError {
    MailError::InvalidMailto {
        reason: reason.to_string(),
    }
}

/// Percent-decoding as RFC 6068 has it: `+` stays a plus (it is common in addresses).
fn decode(text: &str) -> String {
    percent_encoding::percent_decode_str(text)
        .decode_utf8_lossy()
        .into_owned()
}

/// Splits `a@x, "Doe, Jo" <j@x>` at the commas between addresses, not inside quotes or
/// angle brackets.
fn recipients(value: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    let (mut quoted, mut angle) = (false, false);
    for c in single_line(value).chars() {
        match c {
            '"' => quoted = !quoted,
            '<' if !quoted => angle = true,
            '>' if !quoted => angle = false,
            ',' if !quoted && !angle => {
                out.push(std::mem::take(&mut current));
                continue;
            }
            _ => {}
        }
        current.push(c);
    }
    out.push(current);
    out.into_iter()
        .map(|r| r.trim().to_string())
        .filter(|r| !r.is_empty())
        .collect()
}

/// One line: CR, LF and other control characters become spaces.
fn single_line(value: &str) -> String {
    let line: String = value
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    line.trim().to_string()
}

/// The body keeps its line breaks (as `\n`) and tabs; other control characters go.
fn body_text(value: &str) -> String {
    value
        .replace("\r\n", "\n")
        .replace('\r', "\n")
        .chars()
        .filter(|c| !c.is_control() || *c == '\n' || *c == '\t')
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(url: &str, expected: MailtoRequest) {
        assert_eq!(parse(url).expect(url), expected, "{url}");
    }

    fn to(addresses: &[&str]) -> MailtoRequest {
        MailtoRequest {
            to: addresses.iter().map(|a| a.to_string()).collect(),
            ..MailtoRequest::default()
        }
    }

    #[test]
    fn a_plain_address_becomes_the_recipient() {
        check("mailto:alice@example.test", to(&["alice@example.test"]));
    }

    #[test]
    fn the_scheme_is_case_insensitive_and_surrounding_space_is_ignored() {
        check(" MAILTO:alice@example.test\n", to(&["alice@example.test"]));
    }

    #[test]
    fn several_recipients_in_the_path_and_in_to_headers_are_all_kept() {
        check(
            "mailto:alice@example.test,bob@example.test?to=carol@example.test&to=dave@example.test%2C%20erin@example.test",
            to(&[
                "alice@example.test",
                "bob@example.test",
                "carol@example.test",
                "dave@example.test",
                "erin@example.test",
            ]),
        );
    }

    #[test]
    fn a_comma_inside_a_quoted_display_name_does_not_split_the_recipient() {
        check(
            "mailto:%22Doe,%20Jo%22%20%3Cjo@example.test%3E,bob@example.test",
            to(&["\"Doe, Jo\" <jo@example.test>", "bob@example.test"]),
        );
    }

    #[test]
    fn cc_bcc_subject_and_body_are_percent_decoded() {
        check(
            "mailto:alice@example.test?cc=bob@example.test&BCC=carol@example.test&subject=Antrag%20%C3%BCber%2050%25&body=Hallo%20Alice%2C%0D%0A%0D%0Abitte%20pr%C3%BCfen.",
            MailtoRequest {
                to: vec!["alice@example.test".into()],
                cc: vec!["bob@example.test".into()],
                bcc: vec!["carol@example.test".into()],
                subject: Some("Antrag über 50%".into()),
                body: Some("Hallo Alice,\n\nbitte prüfen.".into()),
            },
        );
    }

    #[test]
    fn a_plus_stays_a_plus() {
        check(
            "mailto:alice+tag@example.test?subject=1+1",
            MailtoRequest {
                to: vec!["alice+tag@example.test".into()],
                subject: Some("1+1".into()),
                ..MailtoRequest::default()
            },
        );
    }

    #[test]
    fn line_breaks_in_the_subject_cannot_inject_a_header() {
        let request =
            parse("mailto:a@example.test?subject=Hi%0D%0ABcc:%20evil@example.test").expect("valid");
        assert_eq!(
            request.subject.as_deref(),
            Some("Hi  Bcc: evil@example.test")
        );
        assert!(request.bcc.is_empty());
    }

    #[test]
    fn line_breaks_in_a_recipient_are_neutralised() {
        check(
            "mailto:a@example.test%0ABcc:evil@example.test",
            to(&["a@example.test Bcc:evil@example.test"]),
        );
    }

    #[test]
    fn attachments_and_unknown_headers_are_ignored() {
        check(
            "mailto:a@example.test?attach=/etc/passwd&attachment=file:///etc/shadow&from=boss@example.test&X-Foo=bar&in-reply-to=%3Cx@y%3E",
            to(&["a@example.test"]),
        );
    }

    #[test]
    fn the_first_subject_and_body_win() {
        let request = parse("mailto:?subject=one&subject=two&body=a&body=b").expect("valid");
        assert_eq!(request.subject.as_deref(), Some("one"));
        assert_eq!(request.body.as_deref(), Some("a"));
        assert!(request.to.is_empty());
    }

    #[test]
    fn empty_fields_and_a_fragment_are_dropped() {
        check(
            "mailto:a@example.test?subject=&body=#top",
            to(&["a@example.test"]),
        );
    }

    #[test]
    fn something_else_than_a_mailto_link_is_refused() {
        for url in ["https://example.test", "mailt", "", "file:///etc/passwd"] {
            assert!(
                matches!(parse(url), Err(MailError::InvalidMailto { .. })),
                "{url}"
            );
        }
    }

    #[test]
    fn an_absurdly_long_link_is_refused() {
        let url = format!("mailto:a@example.test?body={}", "x".repeat(MAX_LEN));
        assert!(matches!(parse(&url), Err(MailError::InvalidMailto { .. })));
    }
}
