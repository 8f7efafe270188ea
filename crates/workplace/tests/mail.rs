//! The desktop's mail commands over the workplace, against the harness's Dovecot:
//! background sync starts for the account, the store fills, an action taken in the UI
//! is applied at once and reaches the server without waiting for the next poll.

#![allow(clippy::unwrap_used)]

mod common;

use common::workplace_with_alice;
use std::time::Duration;
use werkbank_account::module::ModuleEventKind;
use werkbank_harness::User;
use werkbank_workplace::MailAction;

#[tokio::test]
async fn background_sync_fills_the_store_and_sends_an_action_at_once() {
    let folder = format!(
        "wp-{}",
        werkbank_harness::mail::unique_id().replace('.', "-")
    );
    let mut session = werkbank_harness::mail::imap(User::Alice).await.unwrap();
    session.create(&folder).await.unwrap();
    let raw = werkbank_harness::mail::message(
        "carol@example.test",
        &User::Alice.email(),
        "Vorlage Haushalt",
        "Bitte prüfen.",
    );
    session.append(&folder, None, None, &raw).await.unwrap();
    session.logout().await.unwrap();

    let dir = tempfile::tempdir().unwrap();
    let wp = workplace_with_alice(dir.path());
    let mut events = wp.events();
    wp.start_sync().unwrap();
    wp.start_sync().unwrap(); // idempotent: one sync per account

    // The first pass ends with `idle`.
    tokio::time::timeout(Duration::from_secs(60), async {
        loop {
            let event = events.recv().await.unwrap();
            if event.module == "mail" && event.kind == ModuleEventKind::Idle {
                break;
            }
        }
    })
    .await
    .expect("the first mail pass finished");

    let folders = wp.mail_folders("work").unwrap();
    let ours = folders.iter().find(|f| f.display == folder).unwrap();
    assert!(
        folders
            .iter()
            .any(|f| f.role == Some(werkbank_mail::store::Role::Inbox))
    );
    let list = wp.mail_list("work", ours.id, 0, 50).unwrap();
    assert_eq!(list.len(), 1);
    assert_eq!(list[0].subject, "Vorlage Haushalt");
    let opened = wp.mail_open("work", list[0].id).await.unwrap();
    assert!(opened.text.unwrap().contains("Bitte prüfen."));
    let hits = wp
        .mail_search("work", &format!("haushalt folder:{folder}"), 10)
        .await
        .unwrap();
    assert_eq!(hits.len(), 1);

    // Flag it in the "UI": at once locally, and on the server without waiting 5 minutes.
    wp.mail_act(
        "work",
        MailAction::Flag {
            ids: vec![list[0].id],
            add: vec!["flagged".into()],
            remove: vec![],
        },
    )
    .unwrap();
    assert!(wp.mail_list("work", ours.id, 0, 50).unwrap()[0].flagged);
    let deadline = tokio::time::Instant::now() + Duration::from_secs(20);
    loop {
        let mut session = werkbank_harness::mail::imap(User::Alice).await.unwrap();
        session.select(&folder).await.unwrap();
        let flags: Vec<String> = {
            use futures::TryStreamExt;
            let fetched: Vec<_> = session
                .uid_fetch("1:*", "FLAGS")
                .await
                .unwrap()
                .try_collect()
                .await
                .unwrap();
            fetched
                .iter()
                .flat_map(|f| f.flags().map(|fl| format!("{fl:?}")))
                .collect()
        };
        session.logout().await.unwrap();
        if flags.iter().any(|f| f.contains("Flagged")) {
            break;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "the flag did not reach the server: {flags:?}"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    assert!(wp.mail_unread().unwrap() < u64::MAX);
    wp.stop_sync("work").await;
}
