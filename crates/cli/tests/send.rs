//! Sending through `werkbank-cli mail send` and the outbox, against the harness's
//! Postfix and Dovecot: one copy arrives, one copy is filed in Sent; Bcc never in the
//! bytes; CR/LF in a subject or a name never makes a header; a crash at each outbox
//! failpoint ends, after a restart, in "sent exactly once" where Sent proves it and in
//! "delivery uncertain" otherwise; replies and forwards keep the thread.

#![allow(clippy::unwrap_used)]

mod common;

use common::{Profile, copies, delivered, header, header_lines, subject};
use serde_json::Value;
use werkbank_account::Account;
use werkbank_account::account::{Endpoint, MailService, Security};
use werkbank_account::policy::Policy;
use werkbank_harness::{Harness, User};
use werkbank_workplace::{Access, ComposeRequest, OpenOptions, Workplace};

#[tokio::test]
async fn alice_sends_to_bob_once_and_one_copy_is_filed_in_sent() {
    let alice = Profile::new(User::Alice, false);
    let subject = subject("CLI-Versand");
    let body = alice.file("body.txt", "Hallo Bob,\nder Bericht liegt bei.\n");
    let report = alice.file("bericht.txt", "Zahlen 2027\n");
    let sent = alice.ok(&[
        "mail",
        "send",
        "--to",
        "Bob Beispiel <bob@example.test>",
        "--subject",
        &subject,
        "--body-file",
        &body,
        "--attach",
        &report,
    ]);
    assert_eq!(sent["state"], "filed", "{sent:#}");
    let at_bob = delivered(User::Bob, &subject).await;
    assert_eq!(at_bob.len(), 1);
    let text = String::from_utf8_lossy(&at_bob[0]);
    assert!(
        text.contains("bericht.txt") && text.contains("Hallo Bob,"),
        "{text}"
    );
    let message_id = sent["message_id"].as_str().unwrap();
    assert!(text.contains(&format!("<{message_id}>")));
    assert_eq!(copies(User::Alice, "Sent", &subject).await.len(), 1);
    assert!(alice.outbox().is_empty());
}

#[tokio::test]
async fn an_eml_goes_out_over_implicit_tls_without_its_bcc_header() {
    let alice = Profile::new(User::Alice, true);
    let subject = subject("EML-Bcc");
    let eml = alice.file(
        "message.eml",
        &format!(
            "From: Alice <alice@example.test>\r\nTo: alice@example.test\r\nBcc: bob@example.test\r\n\
             Subject: {subject}\r\n\r\nNur für Bob in Blindkopie.\r\n"
        ),
    );
    let sent = alice.ok(&["mail", "send", "--eml", &eml]);
    assert_eq!(sent["state"], "filed", "{sent:#}");
    let at_bob = delivered(User::Bob, &subject).await;
    assert_eq!(at_bob.len(), 1);
    let lines = header_lines(&at_bob[0]);
    assert!(header(&lines, "Bcc").is_empty(), "{lines:#?}");
    let filed = copies(User::Alice, "Sent", &subject).await;
    assert_eq!(filed.len(), 1);
    assert!(header(&header_lines(&filed[0]), "Bcc").is_empty());
}

#[tokio::test]
async fn line_breaks_in_subject_and_names_never_become_headers() {
    let alice = Profile::new(User::Alice, false);
    // No space in the marker: a folded Subject line must not split it.
    let marker = format!("Injektion-{}", werkbank_harness::mail::unique_id());
    let evil_subject = format!("{marker}\r\nX-Injected: subject\r\nBcc: alice@example.test");
    let evil_to = "\"Bob\r\nX-Injected: name\" <bob@example.test>";
    let sent = alice.ok(&["mail", "send", "--to", evil_to, "--subject", &evil_subject]);
    assert_eq!(sent["state"], "filed", "{sent:#}");
    let at_bob = delivered(User::Bob, &marker).await;
    assert_eq!(at_bob.len(), 1);
    let lines = header_lines(&at_bob[0]);
    assert!(header(&lines, "X-Injected").is_empty(), "{lines:#?}");
    assert!(header(&lines, "Bcc").is_empty(), "{lines:#?}");
    let parsed = mail_parser::MessageParser::default()
        .parse(&at_bob[0])
        .unwrap();
    assert_eq!(
        parsed.subject().unwrap(),
        format!("{marker} X-Injected: subject Bcc: alice@example.test")
    );
    let to = parsed.to().unwrap().first().unwrap();
    assert_eq!(to.address.as_deref(), Some("bob@example.test"));
    assert_eq!(to.name.as_deref(), Some("Bob X-Injected: name"));
    // An address with a line break is refused before anything is queued.
    let (code, json) = alice.run(&[
        "mail",
        "send",
        "--to",
        "<bob@example.test\r\nRCPT TO:alice@example.test>",
        "--subject",
        &marker,
    ]);
    assert_eq!(code, 1);
    assert_eq!(json["error"]["code"], "invalid_input", "{json:#}");
    assert!(alice.outbox().is_empty());
}

/// Sends with the process aborting at `point`, then runs a flush as the restart.
fn crash_at(point: &str, profile: &Profile, subject: &str) -> Value {
    let mut command = profile.command(&[
        "mail",
        "send",
        "--to",
        "bob@example.test",
        "--subject",
        subject,
    ]);
    command.env("WERKBANK_FAILPOINT", point);
    let (out, json) = profile.output(&mut command);
    assert!(
        out.status.code().is_none(),
        "{point}: the process was to abort there, it ended with {:?}: {json:#}",
        out.status
    );
    profile.ok(&["mail", "outbox", "flush"])
}

fn only_entry(profile: &Profile) -> Value {
    let entries = profile.outbox();
    assert_eq!(entries.len(), 1, "{entries:#?}");
    entries[0].clone()
}

#[tokio::test]
async fn crash_after_queue_sends_once_on_restart() {
    let alice = Profile::new(User::Alice, false);
    let subject = subject("Absturz-queue");
    let flushed = crash_at("outbox.after_queue", &alice, &subject);
    assert_eq!(flushed[0]["state"], "filed", "{flushed:#}");
    assert_eq!(delivered(User::Bob, &subject).await.len(), 1);
    assert_eq!(copies(User::Alice, "Sent", &subject).await.len(), 1);
    assert!(alice.outbox().is_empty());
}

#[tokio::test]
async fn crash_before_submission_is_uncertain_and_sent_once_on_retry() {
    let alice = Profile::new(User::Alice, false);
    let subject = subject("Absturz-submitting");
    let flushed = crash_at("outbox.after_submitting", &alice, &subject);
    assert_eq!(flushed[0]["state"], "uncertain", "{flushed:#}");
    let entry = only_entry(&alice);
    assert_eq!(entry["state"], "uncertain");
    // Never resent by itself: another flush leaves it alone.
    let again = alice.ok(&["mail", "outbox", "flush"]);
    assert!(again.as_array().unwrap().is_empty(), "{again:#}");
    assert!(copies(User::Alice, "Sent", &subject).await.is_empty());
    let id = entry["id"].to_string();
    let retried = alice.ok(&["mail", "outbox", "retry", &id]);
    assert_eq!(retried[0]["state"], "filed", "{retried:#}");
    assert_eq!(delivered(User::Bob, &subject).await.len(), 1);
    assert_eq!(copies(User::Alice, "Sent", &subject).await.len(), 1);
}

#[tokio::test]
async fn crash_after_the_server_took_it_is_uncertain_never_a_silent_duplicate() {
    let alice = Profile::new(User::Alice, false);
    let subject = subject("Absturz-submit");
    let flushed = crash_at("outbox.after_submit", &alice, &subject);
    assert_eq!(flushed[0]["state"], "uncertain", "{flushed:#}");
    assert_eq!(delivered(User::Bob, &subject).await.len(), 1);
    let again = alice.ok(&["mail", "outbox", "flush"]);
    assert!(again.as_array().unwrap().is_empty(), "{again:#}");
    let id = only_entry(&alice)["id"].to_string();
    alice.ok(&["mail", "outbox", "discard", &id]);
    assert!(alice.outbox().is_empty());
    assert_eq!(copies(User::Bob, "INBOX", &subject).await.len(), 1);
}

#[tokio::test]
async fn crash_after_acceptance_files_once_on_restart() {
    let alice = Profile::new(User::Alice, false);
    let subject = subject("Absturz-accepted");
    let flushed = crash_at("outbox.after_accepted", &alice, &subject);
    assert_eq!(flushed[0]["state"], "filed", "{flushed:#}");
    assert_eq!(copies(User::Alice, "Sent", &subject).await.len(), 1);
    assert_eq!(delivered(User::Bob, &subject).await.len(), 1);
    assert!(alice.outbox().is_empty());
}

#[tokio::test]
async fn crash_after_filing_in_sent_leaves_exactly_one_sent_copy() {
    let alice = Profile::new(User::Alice, false);
    let subject = subject("Absturz-append");
    let flushed = crash_at("outbox.after_append", &alice, &subject);
    assert_eq!(flushed[0]["state"], "filed", "{flushed:#}");
    assert_eq!(copies(User::Alice, "Sent", &subject).await.len(), 1);
    assert_eq!(delivered(User::Bob, &subject).await.len(), 1);
    assert!(alice.outbox().is_empty());
}

/// Bob's desktop, in-process: the workplace's compose commands on his own profile.
fn bob_workplace(dir: &std::path::Path) -> Workplace {
    let h = Harness::get();
    let policy = format!(
        "version = 1\n[network]\nca_certificates = [\"{}\"]\n",
        h.ca_cert().display()
    );
    let options = OpenOptions {
        profile: Some(dir.join("profile")),
        policy: Some(Policy::from_str(&policy, std::path::Path::new("test-policy.toml")).unwrap()),
    };
    let wp = Workplace::open(options, Access::Write).unwrap();
    std::fs::write(dir.join("pw"), h.password(User::Bob)).unwrap();
    let mut account = Account::new("bob", "Bob Beispiel", User::Bob.email());
    account.password_command = Some(format!("cat {}", dir.join("pw").display()));
    account.mail = Some(MailService {
        imap: Endpoint::new(
            "mail.example.test",
            h.port("HARNESS_IMAPS_PORT"),
            Security::Tls,
        ),
        smtp: Endpoint::new(
            "mail.example.test",
            h.port("HARNESS_SUBMISSION_PORT"),
            Security::StartTls,
        ),
        username: User::Bob.email(),
    });
    wp.account_add(werkbank_workplace::AddAccount {
        account,
        password: None,
    })
    .unwrap();
    wp
}

#[tokio::test]
async fn replies_and_forwards_keep_the_thread() {
    let alice = Profile::new(User::Alice, false);
    let topic = subject("Haushalt");
    let sent = alice.ok(&[
        "mail",
        "send",
        "--to",
        "bob@example.test",
        "--cc",
        "alice@example.test",
        "--subject",
        &topic,
    ]);
    let original_id = sent["message_id"].as_str().unwrap().to_string();
    delivered(User::Bob, &topic).await;

    let dir = tempfile::tempdir().unwrap();
    let wp = bob_workplace(dir.path());
    let account = wp.mail_account(None).unwrap();
    let syncer = wp.mail_syncer(&account).await.unwrap();
    let options = werkbank_mail::SyncOptions {
        folders: vec!["INBOX".into()],
        bodies: werkbank_mail::Bodies::All,
        ..werkbank_mail::SyncOptions::default()
    };
    syncer.sync(&options).await.unwrap();
    let store = wp.mail_store(&account).unwrap();
    let inbox = store.find_folder("INBOX").unwrap();
    let local = store
        .list(inbox.id, 0, 500)
        .unwrap()
        .into_iter()
        .find(|m| m.subject == topic)
        .unwrap();

    for (request, prefix) in [
        (
            ComposeRequest::Reply {
                message: local.id,
                all: false,
            },
            "Re: ",
        ),
        (
            ComposeRequest::Reply {
                message: local.id,
                all: true,
            },
            "Re: ",
        ),
        (
            ComposeRequest::Forward {
                message: local.id,
                attach: false,
            },
            "Fwd: ",
        ),
        (
            ComposeRequest::Forward {
                message: local.id,
                attach: true,
            },
            "Fwd: ",
        ),
    ] {
        let mut draft = wp.mail_compose(None, request.clone()).unwrap();
        assert_eq!(draft.subject, format!("{prefix}{topic}"), "{request:?}");
        if draft.to.is_empty() {
            draft.to = vec![werkbank_mail::Mailbox::new("", "alice@example.test").unwrap()];
        }
        // Reply all goes to alice only once and never to bob himself.
        let all: Vec<String> = draft
            .to
            .iter()
            .chain(&draft.cc)
            .map(|m| m.email.clone())
            .collect();
        assert_eq!(all, ["alice@example.test"], "{request:?}");
        let marker = werkbank_harness::mail::unique_id();
        draft.text = format!("{marker}\n{}", draft.text);
        let result = wp.mail_send(None, &draft).await.unwrap();
        assert_eq!(
            result.outcome.as_ref().map(|o| o.state),
            Some(werkbank_mail::OutboxState::Filed),
            "{result:?}"
        );
        let at_alice = delivered(User::Alice, &marker).await;
        assert_eq!(at_alice.len(), 1);
        let lines = header_lines(&at_alice[0]);
        let references = header(&lines, "References").join(" ");
        assert!(
            references.contains(&format!("<{original_id}>")),
            "{request:?}: {lines:#?}"
        );
        let in_reply_to = header(&lines, "In-Reply-To").join(" ");
        match request {
            ComposeRequest::Reply { .. } => {
                assert_eq!(in_reply_to, format!("<{original_id}>"));
                let text = String::from_utf8_lossy(&at_alice[0]);
                assert!(
                    text.contains("wrote:") || text.contains("schrieb"),
                    "{text}"
                );
            }
            ComposeRequest::Forward { attach: true, .. } => {
                let parsed = mail_parser::MessageParser::default()
                    .parse(&at_alice[0])
                    .unwrap();
                let attached = parsed.attachment(0).unwrap();
                assert!(attached.message().is_some(), "message/rfc822 expected");
            }
            _ => {}
        }
    }
    // The original is marked answered and forwarded locally.
    let flags = store.summary(local.id).unwrap().flags;
    assert!(flags.iter().any(|f| f == "\\Answered"), "{flags:?}");
    assert!(flags.iter().any(|f| f == "$Forwarded"), "{flags:?}");
}
