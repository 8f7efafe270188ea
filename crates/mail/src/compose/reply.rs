//! Drafts that answer or pass on a stored message: reply, reply all, forward inline
//! and forward as attachment. Threading follows RFC 5322 §3.6.4: `In-Reply-To` is the
//! parent's Message-ID, `References` the parent's References (or its In-Reply-To)
//! plus the parent's Message-ID. Quoting texts ("On …, … wrote:", the forward header)
//! come from the shared Fluent files, in the user's language.

use super::address::{Mailbox, header_text};
use super::draft::{Attachment, Draft, Identity, Origin, OriginKind};
use super::subject;
use crate::MailError;
use mail_parser::{Address, MessageParser};
use std::collections::BTreeMap;
use werkbank_account::i18n::{self, Lang};

/// How to answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
#[ts(export, rename = "MailReplyKind")]
pub enum ReplyKind {
    /// To the sender (Reply-To when set).
    Sender,
    /// To the sender and every other recipient, without the user's own addresses.
    All,
}

/// How to forward.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
#[ts(export, rename = "MailForwardKind")]
pub enum ForwardKind {
    /// The text quoted below a header block, the attachments kept.
    Inline,
    /// The whole message as a `message/rfc822` attachment.
    Attachment,
}

/// What a reply or forward needs from the original message.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Original {
    /// The local id in the store.
    pub id: i64,
    pub message_id: Option<String>,
    pub references: Vec<String>,
    pub subject: String,
    pub from: Vec<Mailbox>,
    pub reply_to: Vec<Mailbox>,
    pub to: Vec<Mailbox>,
    pub cc: Vec<Mailbox>,
    /// Unix seconds and the sender's UTC offset in minutes.
    pub date: Option<(i64, i32)>,
    pub text: String,
    pub has_attachments: bool,
}

impl Original {
    /// Reads what is needed from the raw message; never fails (a broken header is
    /// just missing). Addresses that do not validate are left out.
    pub fn parse(id: i64, raw: &[u8]) -> Original {
        let Some(message) = MessageParser::default().parse(raw) else {
            return Original {
                id,
                ..Original::default()
            };
        };
        let mut references: Vec<String> = message
            .references()
            .as_text_list()
            .map(|l| l.iter().map(|s| s.to_string()).collect())
            .unwrap_or_default();
        if references.is_empty()
            && let Some(parent) = message.in_reply_to().as_text_list()
        {
            references = parent.iter().map(|s| s.to_string()).collect();
        }
        let text = message
            .body_text(0)
            .map(|t| t.into_owned())
            .unwrap_or_default();
        Original {
            id,
            message_id: message.message_id().map(str::to_string),
            references,
            subject: header_text(message.subject().unwrap_or_default()),
            from: mailboxes(message.from()),
            reply_to: mailboxes(message.reply_to()),
            to: mailboxes(message.to()),
            cc: mailboxes(message.cc()),
            date: message.date().map(|d| {
                let offset = (i32::from(d.tz_hour) * 60 + i32::from(d.tz_minute))
                    * if d.tz_before_gmt { -1 } else { 1 };
                (d.to_timestamp(), offset)
            }),
            text,
            has_attachments: message.attachment_count() > 0,
        }
    }

    /// `References` for a message answering or forwarding this one.
    fn thread_references(&self) -> Vec<String> {
        let mut refs = self.references.clone();
        if let Some(id) = &self.message_id
            && !refs.contains(id)
        {
            refs.push(id.clone());
        }
        // Long threads: keep the root and the newest (RFC 5322 suggests trimming).
        if refs.len() > 20 {
            let tail = refs.split_off(refs.len() - 19);
            refs.truncate(1);
            refs.extend(tail);
        }
        refs
    }

    fn sender_name(&self) -> String {
        self.from
            .first()
            .map(|m| {
                if m.name.is_empty() {
                    m.email.clone()
                } else {
                    m.name.clone()
                }
            })
            .unwrap_or_default()
    }
}

/// The valid mailboxes of an address header (invalid ones are left out).
pub(super) fn mailboxes(address: Option<&Address<'_>>) -> Vec<Mailbox> {
    let Some(address) = address else {
        return Vec::new();
    };
    address
        .iter()
        .filter_map(|a| {
            Mailbox::new(a.name.as_deref().unwrap_or_default(), a.address.as_deref()?).ok()
        })
        .collect()
}

/// A reply from `identity`. `own` are the user's addresses (every identity of the
/// account), which reply all leaves out.
pub fn reply(
    original: &Original,
    kind: ReplyKind,
    identity: &Identity,
    own: &[String],
    lang: Lang,
) -> Draft {
    let mut draft = Draft::new(identity);
    let is_own =
        |m: &Mailbox| m.same_address(&identity.email) || own.iter().any(|o| m.same_address(o));
    let answer_to = if !original.reply_to.is_empty() {
        original.reply_to.clone()
    } else if original.from.iter().all(is_own) && !original.to.is_empty() {
        // Answering one's own sent message goes to its recipients again.
        original.to.clone()
    } else {
        original.from.clone()
    };
    let mut to: Vec<Mailbox> = Vec::new();
    let push = |list: &mut Vec<Mailbox>, m: &Mailbox, taken: &[Mailbox]| {
        if !is_own(m) && !list.iter().chain(taken).any(|t| t.same_address(&m.email)) {
            list.push(m.clone());
        }
    };
    for m in &answer_to {
        push(&mut to, m, &[]);
    }
    if to.is_empty() {
        // Only own addresses: still answer someone rather than no one.
        to = answer_to.clone();
    }
    let mut cc = Vec::new();
    if kind == ReplyKind::All {
        let taken = to.clone();
        for m in &original.to {
            push(&mut to, m, &[]);
        }
        for m in &original.cc {
            push(&mut cc, m, &taken);
        }
        cc.retain(|c| !to.iter().any(|t| t.same_address(&c.email)));
    }
    draft.to = to;
    draft.cc = cc;
    draft.subject = subject::reply(&original.subject);
    draft.in_reply_to = original.message_id.clone();
    draft.references = original.thread_references();
    draft.origin = Some(Origin {
        message: original.id,
        kind: OriginKind::Reply,
    });
    let mut args = BTreeMap::new();
    args.insert("name".to_string(), original.sender_name());
    let (date, time) = date_and_time(original.date, lang);
    args.insert("date".to_string(), date);
    args.insert("time".to_string(), time);
    let attribution = i18n::message(lang, "mail-quote-attribution", &args);
    draft.text = format!(
        "\n{}\n{attribution}\n{}",
        identity.signature_block(),
        quote(&original.text)
    );
    draft
}

/// A forward from `identity`: inline (text below a header block, attachments kept) or
/// the whole message attached. It keeps the thread's References, so the recipient's
/// and one's own client can place it.
pub fn forward(original: &Original, kind: ForwardKind, identity: &Identity, lang: Lang) -> Draft {
    let mut draft = Draft::new(identity);
    draft.subject = subject::forward(&original.subject);
    draft.references = original.thread_references();
    draft.origin = Some(Origin {
        message: original.id,
        kind: OriginKind::Forward,
    });
    match kind {
        ForwardKind::Attachment => {
            draft.attachments = vec![Attachment::Message {
                message: original.id,
            }];
        }
        ForwardKind::Inline => {
            let none = BTreeMap::new();
            let label = |id: &str| i18n::message(lang, id, &none);
            let list = |l: &[Mailbox]| {
                l.iter()
                    .map(Mailbox::display)
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            let (date, time) = date_and_time(original.date, lang);
            let mut header = format!(
                "{}\n{}: {}\n{}: {date} {time}\n{}: {}\n{}: {}\n",
                label("mail-forward-header"),
                label("mail-forward-subject"),
                original.subject,
                label("mail-forward-date"),
                label("mail-forward-from"),
                list(&original.from),
                label("mail-forward-to"),
                list(&original.to),
            );
            if !original.cc.is_empty() {
                header.push_str(&format!(
                    "{}: {}\n",
                    label("mail-forward-cc"),
                    list(&original.cc)
                ));
            }
            draft.text = format!(
                "\n{}\n{header}\n{}",
                identity.signature_block(),
                original.text.trim_end()
            );
            if original.has_attachments {
                draft.attachments = vec![Attachment::AttachmentsOf {
                    message: original.id,
                }];
            }
        }
    }
    draft
}

/// `> ` before every line; already quoted lines get one more `>` (`>> `).
pub fn quote(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 16);
    for line in text.trim_end().lines() {
        let line = line.trim_end_matches('\r');
        if line.is_empty() {
            out.push_str(">\n");
        } else if line.starts_with('>') {
            out.push('>');
            out.push_str(line);
            out.push('\n');
        } else {
            out.push_str("> ");
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

/// The original's date in the sender's own time, as the language writes it
/// (`23.11.2026` / `23 Nov 2026`) and the time (`09:00`).
fn date_and_time(date: Option<(i64, i32)>, lang: Lang) -> (String, String) {
    let Some((unix, offset)) = date else {
        return (String::new(), String::new());
    };
    let local = unix + i64::from(offset) * 60;
    let (y, m, d) = civil(local.div_euclid(86_400));
    let secs = local.rem_euclid(86_400);
    let time = format!("{:02}:{:02}", secs / 3600, secs % 3600 / 60);
    let date = match lang {
        Lang::De => format!("{d:02}.{m:02}.{y}"),
        Lang::En => {
            const MONTHS: [&str; 12] = [
                "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
            ];
            let name = MONTHS.get((m as usize).saturating_sub(1)).unwrap_or(&"");
            format!("{d} {name} {y}")
        }
    };
    (date, time)
}

/// Days since 1970-01-01 → (year, month, day) (Howard Hinnant's algorithm).
fn civil(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

/// The original for a reply or forward of stored message `id` (its body must be local).
pub fn original(store: &crate::MailStore, id: i64) -> Result<Original, MailError> {
    let raw = store.raw(id)?.ok_or_else(|| MailError::NotFound {
        item: format!("the text of message {id} (fetch it first)"),
    })?;
    Ok(Original::parse(id, &raw))
}

#[cfg(test)]
mod tests {
    use super::*;

    const PARENT: &[u8] = b"From: Bob Beispiel <bob@example.test>\r\n\
To: Alice <alice@example.test>, Carol <carol@example.test>\r\n\
Cc: dave@example.test, alice@example.test\r\n\
Subject: AW: Haushalt 2027\r\n\
Date: Mon, 23 Nov 2026 09:05:00 +0100\r\n\
Message-ID: <parent@example.test>\r\n\
References: <root@example.test>\r\n\
In-Reply-To: <root@example.test>\r\n\
\r\n\
Hallo Alice,\r\n\r\n> alt\r\nbis dann\r\n";

    fn alice() -> Identity {
        Identity {
            name: "Alice".into(),
            email: "alice@example.test".into(),
            signature: "Alice Example\nReferat 4".into(),
            reply_to: None,
        }
    }

    #[test]
    fn reply_threads_and_quotes() {
        let original = Original::parse(7, PARENT);
        let d = reply(&original, ReplyKind::Sender, &alice(), &[], Lang::En);
        assert_eq!(d.subject, "Re: Haushalt 2027");
        assert_eq!(d.in_reply_to.as_deref(), Some("parent@example.test"));
        assert_eq!(d.references, ["root@example.test", "parent@example.test"]);
        assert_eq!(
            d.to,
            [Mailbox::new("Bob Beispiel", "bob@example.test").unwrap()]
        );
        assert!(d.cc.is_empty());
        assert!(
            d.text.contains("On 23 Nov 2026 at 09:05, Bob Beispiel wrote:\n> Hallo Alice,\n>\n>> alt\n> bis dann\n"),
            "{}",
            d.text
        );
        assert!(
            d.text.starts_with("\n\n-- \nAlice Example\nReferat 4\n"),
            "{:?}",
            d.text
        );
        let de = reply(&original, ReplyKind::Sender, &alice(), &[], Lang::De);
        assert!(
            de.text
                .contains("Am 23.11.2026 um 09:05 schrieb Bob Beispiel:"),
            "{}",
            de.text
        );
    }

    #[test]
    fn reply_all_leaves_out_own_addresses() {
        let original = Original::parse(7, PARENT);
        let d = reply(&original, ReplyKind::All, &alice(), &[], Lang::En);
        let emails = |l: &[Mailbox]| l.iter().map(|m| m.email.clone()).collect::<Vec<_>>();
        assert_eq!(emails(&d.to), ["bob@example.test", "carol@example.test"]);
        assert_eq!(emails(&d.cc), ["dave@example.test"]);
    }

    #[test]
    fn forwards_keep_the_thread() {
        let original = Original::parse(7, PARENT);
        let inline = forward(&original, ForwardKind::Inline, &alice(), Lang::En);
        assert_eq!(inline.subject, "Fwd: AW: Haushalt 2027");
        assert_eq!(
            inline.references,
            ["root@example.test", "parent@example.test"]
        );
        assert!(
            inline.text.contains("Subject: AW: Haushalt 2027\n"),
            "{}",
            inline.text
        );
        assert!(inline.to.is_empty());
        let attached = forward(&original, ForwardKind::Attachment, &alice(), Lang::De);
        assert_eq!(attached.attachments, [Attachment::Message { message: 7 }]);
    }
}
