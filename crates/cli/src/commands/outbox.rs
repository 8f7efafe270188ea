//! `werkbank-cli mail send` and `mail outbox`: writing through the same outbox as the
//! desktop app. A message is durable in the outbox before anything goes out; offline
//! it waits (exit 0, state `queued`); a message whose delivery cannot be proven after
//! a crash is `uncertain` until the user retries or discards it.

use crate::args::{MailSendArgs, OutboxAction};
use crate::output::Output;
use serde::Serialize;
use werkbank_account::{ApiError, ErrorCode};
use werkbank_mail::compose::{Attachment, Draft, Mailbox, parse_list};
use werkbank_mail::outbox::Outcome;
use werkbank_mail::{OutboxEntry, OutboxState};
use werkbank_workplace::{SendResult, Workplace};

/// What `mail send` prints.
#[derive(Debug, Serialize)]
struct Sent {
    id: i64,
    message_id: String,
    /// `filed` (sent and in Sent), `accepted` (sent, Sent copy pending), `queued`
    /// (waiting for the server), `rejected`, `uncertain`.
    state: OutboxState,
    error: Option<String>,
}

pub async fn send(
    wp: &Workplace,
    account: Option<&str>,
    args: MailSendArgs,
    out: &Output,
) -> Result<(), ApiError> {
    let result = match &args.eml {
        Some(path) => {
            let raw = std::fs::read(path).map_err(|e| io(path, e))?;
            wp.mail_send_eml(account, &raw).await?
        }
        None => {
            let draft = draft(wp, account, &args)?;
            wp.mail_send(account, &draft).await?
        }
    };
    let SendResult { entry, outcome } = result;
    let sent = Sent {
        id: entry.id,
        message_id: entry.message_id.clone(),
        state: outcome.as_ref().map_or(entry.state, |o| o.state),
        error: outcome.and_then(|o| o.error),
    };
    let failed = matches!(sent.state, OutboxState::Rejected | OutboxState::Uncertain);
    out.print(&sent, |s| match s.state {
        OutboxState::Filed => format!("sent <{}>", s.message_id),
        OutboxState::Accepted => format!(
            "sent <{}>; the copy for Sent follows with the next `mail outbox flush` ({})",
            s.message_id,
            s.error.as_deref().unwrap_or_default()
        ),
        OutboxState::Queued | OutboxState::Submitting => format!(
            "queued as outbox message {}: {}\n  It goes out with the next `mail sync` or `mail outbox flush`.",
            s.id,
            s.error.as_deref().unwrap_or("waiting for the server")
        ),
        OutboxState::Rejected | OutboxState::Uncertain => entry_text(
            s.id,
            s.state,
            &entry.subject,
            &entry.recipients,
            s.error.as_deref(),
        ),
    });
    if failed {
        return Err(ApiError::with(
            ErrorCode::ProtocolError,
            &[
                ("host", "submission"),
                ("reason", sent.error.as_deref().unwrap_or("not sent")),
            ],
        ));
    }
    Ok(())
}

fn draft(wp: &Workplace, account: Option<&str>, args: &MailSendArgs) -> Result<Draft, ApiError> {
    let identities = wp.mail_identities(account)?;
    let identity = match &args.from {
        Some(from) => identities
            .iter()
            .find(|i| i.email.eq_ignore_ascii_case(from.trim()))
            .ok_or_else(|| invalid(&format!("{from} is not an identity of this account")))?,
        None => identities
            .first()
            .ok_or_else(|| invalid("the account has no identity"))?,
    };
    let mut draft = Draft::new(identity);
    let list = |values: &[String]| -> Result<Vec<Mailbox>, ApiError> {
        let mut all = Vec::new();
        for value in values {
            all.extend(parse_list(value).map_err(|e| ApiError::from(&e))?);
        }
        Ok(all)
    };
    draft.to = list(&args.to)?;
    draft.cc = list(&args.cc)?;
    draft.bcc = list(&args.bcc)?;
    if draft.to.is_empty() && draft.cc.is_empty() && draft.bcc.is_empty() {
        return Err(invalid("name a recipient with --to, --cc or --bcc"));
    }
    draft.subject = args.subject.clone();
    let body = match &args.body_file {
        None => String::new(),
        Some(path) if path.as_os_str() == "-" => {
            let mut text = String::new();
            std::io::Read::read_to_string(&mut std::io::stdin(), &mut text)
                .map_err(|e| io(path, e))?;
            text
        }
        Some(path) => std::fs::read_to_string(path).map_err(|e| io(path, e))?,
    };
    draft.text = format!("{body}{}", draft.text);
    for path in &args.attach {
        let path = std::path::absolute(path).map_err(|e| io(path, e))?;
        draft.attachments.push(Attachment::File {
            path: path.display().to_string(),
            name: String::new(),
        });
    }
    Ok(draft)
}

pub async fn outbox(
    wp: &Workplace,
    account: Option<&str>,
    action: Option<OutboxAction>,
    out: &Output,
) -> Result<bool, ApiError> {
    match action {
        None => {
            let entries = wp.mail_outbox(account)?;
            out.print(&entries, |list| {
                if list.is_empty() {
                    return "the outbox is empty".into();
                }
                list.iter().map(line).collect()
            });
        }
        Some(OutboxAction::Flush) => {
            let outcomes = wp.mail_outbox_flush(account).await?;
            print_outcomes(&outcomes, out);
        }
        Some(OutboxAction::Retry { id }) => {
            let outcomes = wp.mail_outbox_retry(account, id).await?;
            print_outcomes(&outcomes, out);
        }
        Some(OutboxAction::Discard { id }) => {
            wp.mail_outbox_discard(account, id)?;
            #[derive(Serialize)]
            struct Discarded {
                discarded: i64,
            }
            out.print(&Discarded { discarded: id }, |d| {
                format!("discarded outbox message {}", d.discarded)
            });
        }
    }
    Ok(true)
}

fn print_outcomes(outcomes: &[Outcome], out: &Output) {
    out.print(&outcomes, |list| {
        if list.is_empty() {
            return "nothing to send".into();
        }
        list.iter()
            .map(|o| {
                format!(
                    "{:>5}  {}  <{}>{}\n",
                    o.id,
                    state_text(o.state),
                    o.message_id,
                    o.error
                        .as_ref()
                        .map(|e| format!("\n       {e}"))
                        .unwrap_or_default()
                )
            })
            .collect()
    });
}

fn line(e: &OutboxEntry) -> String {
    entry_text(
        e.id,
        e.state,
        &e.subject,
        &e.recipients,
        e.last_error.as_deref(),
    )
}

fn entry_text(
    id: i64,
    state: OutboxState,
    subject: &str,
    recipients: &[String],
    error: Option<&str>,
) -> String {
    let mut text = format!(
        "{id:>5}  {}  {subject}  to {}\n",
        state_text(state),
        recipients.join(", ")
    );
    if let Some(error) = error {
        text.push_str(&format!("       {error}\n"));
    }
    if state == OutboxState::Uncertain {
        text.push_str(&format!(
            "       It may or may not have arrived: `mail outbox retry {id}` sends it again, `mail outbox discard {id}` drops it.\n"
        ));
    }
    text
}

/// The words users and the JSON share (`uncertain` reads "delivery uncertain").
fn state_text(state: OutboxState) -> &'static str {
    match state {
        OutboxState::Uncertain => "delivery uncertain",
        other => other.as_str(),
    }
}

fn io(path: &std::path::Path, e: std::io::Error) -> ApiError {
    ApiError::with(
        ErrorCode::Io,
        &[
            ("file", &path.display().to_string()),
            ("reason", &e.to_string()),
        ],
    )
}

fn invalid(reason: &str) -> ApiError {
    ApiError::with(ErrorCode::InvalidInput, &[("reason", reason)])
}
