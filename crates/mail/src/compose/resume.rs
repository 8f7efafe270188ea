//! Continuing a message saved in the Drafts folder, whoever wrote it (this app on
//! another desk, webmail, another client): the draft as the compose window edits it,
//! and its attachments as files to keep beside it.
//!
//! A draft saved here is continued from the local copy instead (see
//! `MailStore::draft_by_message_id`); this is for the rest. The Message-ID is kept, so
//! the next upload replaces the copy in Drafts and sending removes it.

use super::build::sanitise_html;
use super::draft::{Draft, Identity, new_message_id};
use super::header_text;
use super::reply::mailboxes;
use crate::MailError;
use mail_parser::{MessageParser, MimeHeaders, PartType};

/// A draft read back from its message, and the attachments it carried.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resumed {
    /// `attachments` is empty: the files below are to be written somewhere lasting
    /// and attached by path (the message itself is replaced on the next upload).
    pub draft: Draft,
    pub files: Vec<ResumedFile>,
}

/// One attachment of the saved draft.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResumedFile {
    /// As sent; not yet safe as a file name.
    pub name: String,
    pub content_type: String,
    pub bytes: Vec<u8>,
}

/// Reads the draft back from `raw`. `identity` stands in for a missing or unreadable
/// From. Addresses that do not validate are left out (as in a reply); a half-typed
/// address in a draft from elsewhere is not worth a failure.
///
/// # Errors
/// [`MailError::InvalidInput`] when `raw` is not a mail message at all.
pub fn resume(raw: &[u8], identity: &Identity) -> Result<Resumed, MailError> {
    let message = MessageParser::default()
        .parse(raw)
        .ok_or_else(|| MailError::InvalidInput {
            reason: "this is not a mail message".into(),
        })?;
    let from = mailboxes(message.from())
        .into_iter()
        .next()
        .unwrap_or_else(|| identity.mailbox());
    // A real HTML part (mail-parser also offers the text part converted to HTML):
    // the draft continues in the rich-text editor, limited to what it can produce.
    let html = message
        .html_bodies()
        .find(|part| matches!(part.body, PartType::Html(_)))
        .and_then(|_| message.body_html(0))
        .map(|html| sanitise_html(&html));
    let text = if html.is_some() {
        String::new()
    } else {
        message
            .body_text(0)
            .map(|t| t.into_owned())
            .unwrap_or_default()
    };
    let files = message
        .attachments()
        .map(|part| ResumedFile {
            name: part
                .attachment_name()
                .map(str::to_string)
                .unwrap_or_else(|| "attachment".into()),
            content_type: part
                .content_type()
                .map(|ct| match ct.subtype() {
                    Some(sub) => format!("{}/{sub}", ct.ctype()),
                    None => ct.ctype().to_string(),
                })
                .unwrap_or_else(|| "application/octet-stream".into())
                .to_ascii_lowercase(),
            bytes: match &part.body {
                PartType::Message(nested) => nested.raw_message().to_vec(),
                _ => part.contents().to_vec(),
            },
        })
        .collect();
    let list = |ids: Option<&mail_parser::HeaderValue<'_>>| -> Vec<String> {
        ids.and_then(|v| v.as_text_list())
            .map(|l| l.iter().map(|s| s.trim().to_string()).collect())
            .unwrap_or_default()
    };
    let in_reply_to = list(Some(message.in_reply_to())).into_iter().next();
    let references = list(Some(message.references()));
    let message_id = message
        .message_id()
        .map(str::trim)
        .filter(|id| !id.is_empty())
        .map(str::to_string)
        .unwrap_or_else(|| new_message_id(&from.email));
    Ok(Resumed {
        draft: Draft {
            id: None,
            message_id,
            to: mailboxes(message.to()),
            cc: mailboxes(message.cc()),
            bcc: mailboxes(message.bcc()),
            reply_to: mailboxes(message.reply_to()).into_iter().next(),
            subject: header_text(message.subject().unwrap_or_default()),
            text,
            html,
            attachments: Vec::new(),
            in_reply_to,
            references,
            origin: None,
            from,
        },
        files,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn me() -> Identity {
        Identity {
            name: "Alice".into(),
            email: "alice@example.test".into(),
            ..Identity::default()
        }
    }

    #[test]
    fn a_plain_draft_comes_back_with_its_fields_and_message_id() {
        let raw = b"From: Alice <alice@example.test>\r\n\
To: Bob <bob@example.test>, not an address\r\n\
Cc: carol@example.test\r\n\
Bcc: dave@example.test\r\n\
Subject: =?utf-8?q?Haushalt_f=C3=BCr_2027?=\r\n\
Message-ID: <draft-1@example.test>\r\n\
In-Reply-To: <parent@example.test>\r\n\
References: <root@example.test> <parent@example.test>\r\n\
Content-Type: text/plain; charset=utf-8\r\n\
\r\n\
Hallo Bob,\r\n\r\nnoch nicht fertig.\r\n";
        let resumed = resume(raw, &me()).unwrap();
        let d = resumed.draft;
        assert_eq!(d.id, None);
        assert_eq!(d.message_id, "draft-1@example.test");
        assert_eq!(d.from.email, "alice@example.test");
        assert_eq!(
            d.to.iter().map(|m| m.email.as_str()).collect::<Vec<_>>(),
            ["bob@example.test"]
        );
        assert_eq!(d.cc[0].email, "carol@example.test");
        assert_eq!(d.bcc[0].email, "dave@example.test");
        assert_eq!(d.subject, "Haushalt für 2027");
        assert!(d.text.contains("noch nicht fertig."), "{}", d.text);
        assert_eq!(d.html, None);
        assert_eq!(d.in_reply_to.as_deref(), Some("parent@example.test"));
        assert_eq!(d.references, ["root@example.test", "parent@example.test"]);
        assert!(resumed.files.is_empty());
    }

    #[test]
    fn html_is_kept_only_as_the_allow_list_leaves_it_and_attachments_come_out() {
        let raw = b"From: alice@example.test\r\n\
Subject: Bericht\r\n\
Message-ID: <draft-2@example.test>\r\n\
Content-Type: multipart/mixed; boundary=b\r\n\
\r\n\
--b\r\n\
Content-Type: text/html; charset=utf-8\r\n\
\r\n\
<p>Hallo <b>Bob</b><img src=\"https://tracker.example/x.gif\" onerror=\"alert(1)\"><script>alert(2)</script></p>\r\n\
--b\r\n\
Content-Type: application/pdf; name=\"../../bericht.pdf\"\r\n\
Content-Disposition: attachment; filename=\"../../bericht.pdf\"\r\n\
Content-Transfer-Encoding: base64\r\n\
\r\n\
JVBERi0xLjQK\r\n\
--b--\r\n";
        let resumed = resume(raw, &me()).unwrap();
        let html = resumed.draft.html.unwrap();
        assert!(html.contains("<b>Bob</b>"), "{html}");
        for bad in ["script", "onerror", "tracker.example", "<img"] {
            assert!(!html.contains(bad), "{bad} in {html}");
        }
        assert_eq!(resumed.draft.text, "");
        assert_eq!(resumed.files.len(), 1);
        let file = &resumed.files[0];
        assert_eq!(
            file.name, "../../bericht.pdf",
            "made safe where it is written"
        );
        assert_eq!(file.content_type, "application/pdf");
        assert_eq!(file.bytes, b"%PDF-1.4\n");
    }

    #[test]
    fn a_missing_from_and_message_id_are_filled_in() {
        let resumed = resume(b"Subject: leer\r\n\r\nText\r\n", &me()).unwrap();
        assert_eq!(resumed.draft.from.email, "alice@example.test");
        assert!(resumed.draft.message_id.ends_with("@example.test"));
        assert!(resume(b"", &me()).is_err());
    }
}
