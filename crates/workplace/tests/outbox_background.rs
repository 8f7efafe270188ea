//! The app's background sync sends what waited in the outbox: a message sent while
//! Postfix was down stays queued, and goes out exactly once when the account's
//! background sync runs with the server back. Alone in its binary: stopping Postfix
//! would break every other sending test.

#![allow(clippy::unwrap_used)]

mod common;

use common::{copies, workplace_with_alice};
use std::time::Duration;
use werkbank_harness::User;
use werkbank_mail::{Mailbox, OutboxState};
use werkbank_workplace::ComposeRequest;

#[tokio::test(flavor = "multi_thread")]
async fn the_background_sends_what_waited_while_postfix_was_down() {
    let dir = tempfile::tempdir().unwrap();
    let wp = workplace_with_alice(dir.path());
    let subject = format!(
        "Hintergrund {}",
        werkbank_harness::mail::unique_id().replace('.', "-")
    );
    let mut draft = wp.mail_compose(Some("work"), ComposeRequest::New).unwrap();
    draft.to = vec![Mailbox::new("Bob", "bob@example.test").unwrap()];
    draft.subject = subject.clone();
    draft.text = "Kommt an, sobald der Server wieder da ist.".into();

    let postfix = werkbank_harness::control::stop_postfix().unwrap();
    let result = wp.mail_send(Some("work"), &draft).await.unwrap();
    let outcome = result.outcome.unwrap();
    assert_eq!(outcome.state, OutboxState::Queued, "{outcome:?}");
    assert!(outcome.error.is_some());
    postfix.start().unwrap();

    // The app starts its background sync; nobody presses "send" again.
    wp.start_sync().unwrap();
    let deadline = tokio::time::Instant::now() + Duration::from_secs(90);
    while !wp.mail_outbox(Some("work")).unwrap().is_empty() {
        assert!(
            tokio::time::Instant::now() < deadline,
            "still in the outbox: {:?}",
            wp.mail_outbox(Some("work")).unwrap()
        );
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
    werkbank_harness::mail::wait_for_message(User::Bob, "INBOX", &subject)
        .await
        .unwrap();
    assert_eq!(copies(User::Bob, "INBOX", &subject).await.len(), 1);
    assert_eq!(copies(User::Alice, "Sent", &subject).await.len(), 1);
    wp.stop_sync("work").await;
}
