//! Drafts in the Drafts folder, against the harness: a draft written elsewhere (HTML,
//! an attachment, a reply) is continued here, replaces its copy in Drafts when saved,
//! and leaves Drafts when sent — bob gets exactly one copy with the attachment. A draft
//! saved only locally reaches Drafts through the background sync.

#![allow(clippy::unwrap_used)]

mod common;

use common::{copies, workplace_with_alice};
use std::time::Duration;
use werkbank_harness::User;
use werkbank_mail::compose::{Attachment, OriginKind};
use werkbank_mail::{Mailbox, SyncOptions};
use werkbank_workplace::{ComposeRequest, Workplace};

async fn sync(wp: &Workplace, folders: &[&str]) {
    let account = wp.mail_account(Some("work")).unwrap();
    let syncer = wp.mail_syncer(&account).await.unwrap();
    syncer
        .sync(&SyncOptions {
            folders: folders.iter().map(|f| f.to_string()).collect(),
            ..SyncOptions::default()
        })
        .await
        .unwrap();
}

/// The local id of the message in `folder` whose subject is `subject`.
fn find(wp: &Workplace, folder: &str, subject: &str) -> Option<i64> {
    let folders = wp.mail_folders("work").unwrap();
    let id = folders.iter().find(|f| f.display == folder)?.id;
    wp.mail_list("work", id, 0, 500)
        .unwrap()
        .into_iter()
        .find(|m| m.subject == subject)
        .map(|m| m.id)
}

#[tokio::test(flavor = "multi_thread")]
async fn a_draft_from_elsewhere_is_continued_replaced_in_drafts_and_sent_once() {
    let unique = werkbank_harness::mail::unique_id().replace('.', "-");
    let subject = format!("Entwurf {unique}");
    let parent_id = format!("parent-{unique}@example.test");
    let draft_id = format!("draft-{unique}@example.test");

    // Bob asked something; alice began an answer in webmail, with a file.
    let question = format!(
        "From: Bob <bob@example.test>\r\nTo: alice@example.test\r\nSubject: Frage {unique}\r\n\
         Message-ID: <{parent_id}>\r\nDate: Mon, 23 Nov 2026 09:00:00 +0100\r\n\r\nWie steht es?\r\n"
    );
    let draft = format!(
        "From: Alice <alice@example.test>\r\nTo: Bob <bob@example.test>\r\nSubject: {subject}\r\n\
         Message-ID: <{draft_id}>\r\nIn-Reply-To: <{parent_id}>\r\nReferences: <{parent_id}>\r\n\
         Date: Mon, 23 Nov 2026 09:30:00 +0100\r\nMIME-Version: 1.0\r\n\
         Content-Type: multipart/mixed; boundary=\"b\"\r\n\r\n\
         --b\r\nContent-Type: text/html; charset=utf-8\r\n\r\n\
         <p>Hallo <b>Bob</b>,</p><p>erster Teil.</p><script>alert(1)</script>\r\n\
         --b\r\nContent-Type: application/pdf\r\n\
         Content-Disposition: attachment; filename=\"Stand {unique}.pdf\"\r\n\
         Content-Transfer-Encoding: base64\r\n\r\nJVBERi0xLjQK\r\n--b--\r\n"
    );
    let mut session = werkbank_harness::mail::imap(User::Alice).await.unwrap();
    session
        .append("INBOX", None, None, question.as_bytes())
        .await
        .unwrap();
    session
        .append("Drafts", Some("(\\Draft \\Seen)"), None, draft.as_bytes())
        .await
        .unwrap();
    session.logout().await.unwrap();

    let dir = tempfile::tempdir().unwrap();
    let wp = workplace_with_alice(dir.path());
    sync(&wp, &["INBOX", "Drafts"]).await;
    let in_drafts = find(&wp, "Drafts", &subject).unwrap();
    let parent = find(&wp, "INBOX", &format!("Frage {unique}")).unwrap();
    // Opening it in the reader makes it local (as the app does before "continue").
    wp.mail_render("work", in_drafts).await.unwrap();

    let mut draft = wp
        .mail_compose(Some("work"), ComposeRequest::Draft { message: in_drafts })
        .unwrap();
    assert_eq!(draft.id, None, "never saved here");
    assert_eq!(draft.message_id, draft_id);
    assert_eq!(draft.to, [Mailbox::new("Bob", "bob@example.test").unwrap()]);
    assert_eq!(draft.subject, subject);
    let html = draft.html.clone().unwrap();
    assert!(
        html.contains("<b>Bob</b>") && !html.contains("script"),
        "{html}"
    );
    assert_eq!(draft.in_reply_to.as_deref(), Some(parent_id.as_str()));
    let origin = draft.origin.unwrap();
    assert_eq!((origin.message, origin.kind), (parent, OriginKind::Reply));
    let [Attachment::File { path, name }] = draft.attachments.as_slice() else {
        panic!("one attachment as a file: {:?}", draft.attachments);
    };
    let path = std::path::PathBuf::from(path);
    assert_eq!(name, &format!("Stand {unique}.pdf"));
    assert!(path.starts_with(dir.path().join("profile")));
    assert_eq!(std::fs::read(&path).unwrap(), b"%PDF-1.4\n");

    // Keep writing: the local save and the upload replace the copy in Drafts.
    draft.html = Some(format!("{html}<p>zweiter Teil {unique}.</p>"));
    let saved = wp.mail_draft_save(Some("work"), &draft).unwrap();
    draft.id = Some(saved.id);
    assert_eq!(wp.mail_drafts_upload(Some("work")).await.unwrap(), 1);
    let in_server_drafts = copies(User::Alice, "Drafts", &draft_id).await;
    assert_eq!(in_server_drafts.len(), 1, "one copy, the new one");
    assert!(in_server_drafts[0].contains(&format!("zweiter Teil {unique}")));

    // Continuing the new copy opens the local draft, with its id.
    sync(&wp, &["Drafts"]).await;
    let in_local_drafts = wp
        .mail_list("work", folder_id(&wp, "Drafts"), 0, 500)
        .unwrap()
        .into_iter()
        .filter(|m| m.subject == subject)
        .map(|m| m.id)
        .collect::<Vec<_>>();
    let again = find(&wp, "Drafts", &subject).unwrap();
    assert_eq!(
        in_local_drafts,
        [again],
        "the replaced copy is gone here too"
    );
    wp.mail_render("work", again).await.unwrap();
    let local = wp
        .mail_compose(Some("work"), ComposeRequest::Draft { message: again })
        .unwrap();
    assert_eq!(local.id, Some(saved.id));
    assert_eq!(local.html, draft.html);

    // Sent: bob gets it once, with the file; Drafts no longer has it; Sent has one.
    let result = wp.mail_send(Some("work"), &local).await.unwrap();
    assert_eq!(
        result.outcome.unwrap().state,
        werkbank_mail::OutboxState::Filed
    );
    werkbank_harness::mail::wait_for_message(User::Bob, "INBOX", &draft_id)
        .await
        .unwrap();
    let at_bob = copies(User::Bob, "INBOX", &draft_id).await;
    assert_eq!(at_bob.len(), 1);
    assert!(at_bob[0].contains(&format!("Stand {unique}.pdf")));
    assert!(at_bob[0].contains("JVBERi0xLjQK"));
    assert!(copies(User::Alice, "Drafts", &draft_id).await.is_empty());
    assert_eq!(copies(User::Alice, "Sent", &draft_id).await.len(), 1);
    assert!(wp.mail_drafts(Some("work")).unwrap().is_empty());
    assert!(
        !path.exists(),
        "the copied file goes once the message is queued"
    );
    // The question is marked answered once the reply was sent.
    sync(&wp, &["INBOX"]).await;
    let flags = wp
        .mail_list("work", folder_id(&wp, "INBOX"), 0, 500)
        .unwrap();
    let question = flags.iter().find(|m| m.id == parent).unwrap();
    assert!(
        question.flags.iter().any(|f| f == "\\Answered"),
        "{question:?}"
    );
}

fn folder_id(wp: &Workplace, folder: &str) -> i64 {
    wp.mail_folders("work")
        .unwrap()
        .iter()
        .find(|f| f.display == folder)
        .unwrap()
        .id
}

#[tokio::test(flavor = "multi_thread")]
async fn a_draft_saved_only_here_reaches_drafts_through_the_background_sync() {
    let unique = werkbank_harness::mail::unique_id().replace('.', "-");
    let dir = tempfile::tempdir().unwrap();
    let wp = workplace_with_alice(dir.path());
    let mut draft = wp.mail_compose(Some("work"), ComposeRequest::New).unwrap();
    draft.subject = format!("Nur lokal {unique}");
    draft.text = "Das Fenster wurde geschlossen, bevor es hochgeladen war.".into();
    wp.mail_draft_save(Some("work"), &draft).unwrap();

    wp.start_sync().unwrap();
    let deadline = tokio::time::Instant::now() + Duration::from_secs(60);
    loop {
        let found = copies(User::Alice, "Drafts", &format!("Nur lokal {unique}")).await;
        if found.len() == 1 {
            break;
        }
        assert!(found.len() < 2, "one copy only");
        assert!(
            tokio::time::Instant::now() < deadline,
            "not in Drafts after 60 s"
        );
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
    wp.stop_sync("work").await;
}

#[tokio::test]
async fn identities_saved_in_settings_write_new_mail_with_their_signature() {
    let dir = tempfile::tempdir().unwrap();
    let wp = workplace_with_alice(dir.path());
    // Nothing saved yet: the account's own name and address, no signature.
    let before = wp.mail_identities(Some("work")).unwrap();
    assert_eq!(before.len(), 1);
    assert_eq!(before[0].email, "alice@example.test");

    let poststelle = werkbank_mail::Identity {
        name: "Poststelle".into(),
        email: "alice@example.test".into(),
        signature: "Stadt Beispiel\nPoststelle".into(),
        reply_to: None,
    };
    let saved = wp
        .mail_identities_set(Some("work"), std::slice::from_ref(&poststelle))
        .unwrap();
    assert_eq!(saved, [poststelle]);
    let draft = wp.mail_compose(Some("work"), ComposeRequest::New).unwrap();
    assert_eq!(draft.from.name, "Poststelle");
    assert!(
        draft.text.ends_with("\n-- \nStadt Beispiel\nPoststelle\n"),
        "{:?}",
        draft.text
    );
    let refused = wp.mail_identities_set(Some("work"), &[]).unwrap_err();
    assert_eq!(refused.code, werkbank_account::ErrorCode::InvalidInput);
}
