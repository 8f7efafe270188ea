//! Actions taken while Dovecot is stopped are kept and replayed once it is back. This
//! binary has this one test: stopping Dovecot would disturb any test running beside it.

#![allow(clippy::unwrap_used)]

mod common;

use common::*;
use werkbank_account::module::ModuleEventKind;
use werkbank_harness::User;
use werkbank_mail::MailError;
use werkbank_mail::flags::{Change, FLAGGED, SEEN};

#[tokio::test]
async fn actions_taken_while_the_server_is_down_are_replayed_when_it_is_back() {
    let name = folder_name("offline");
    let mids: Vec<String> = (1..=4)
        .map(|i| format!("{name}-{i}@example.test"))
        .collect();
    let messages: Vec<Vec<u8>> = mids
        .iter()
        .enumerate()
        .map(|(i, id)| message(id, &format!("m{i}"), "b", i as u32))
        .collect();
    seed(User::Alice, &name, &messages).await;
    let f = fixture(User::Alice);
    let options = only(&[&name, "Trash"]);
    f.syncer.sync(&options).await.unwrap();
    let folder = f.store.find_folder(&name).unwrap();
    let list = f.store.list(folder.id, 0, 10).unwrap();
    let id_of = |mid: &str| {
        list.iter()
            .find(|m| f.store.detail(m.id).unwrap().message_id.as_deref() == Some(mid))
            .unwrap()
            .id
    };

    let stopped = werkbank_harness::control::stop_dovecot().unwrap();
    let offline = f.syncer.sync(&options).await.unwrap_err();
    assert!(
        matches!(
            offline,
            MailError::Net(_) | MailError::ConnectionLost { .. }
        ),
        "a clear network error while Dovecot is down: {offline:?}"
    );
    let change = Change {
        add: [SEEN.to_string(), FLAGGED.to_string()].into(),
        remove: Default::default(),
    };
    f.store.set_flags(&[id_of(&mids[0])], &change).unwrap();
    f.store.delete(&[id_of(&mids[1])]).unwrap();
    // Still there after a restart of the app while offline.
    let (store, syncer) = reopen(&f, User::Alice);
    assert_eq!(store.journal(None).unwrap().len(), 2);
    assert!(store.summary(id_of(&mids[0])).unwrap().flagged);
    assert_eq!(store.list(folder.id, 0, 10).unwrap().len(), 3);

    // The watcher reports the outage and keeps retrying with backoff; once Dovecot is
    // back, it replays the journal by itself.
    let (events, mut rx) = tokio::sync::broadcast::channel(256);
    let watcher = syncer.clone().with_events(events);
    let watch = werkbank_mail::WatchOptions {
        sync: options.clone(),
        min_backoff: std::time::Duration::from_millis(200),
        max_backoff: std::time::Duration::from_millis(800),
        ..werkbank_mail::WatchOptions::default()
    };
    let (stop_tx, stop_rx) = tokio::sync::oneshot::channel::<()>();
    let task = tokio::spawn(async move {
        watcher
            .watch(watch, async {
                let _ = stop_rx.await;
            })
            .await
    });
    let mut offline_events = 0;
    while offline_events < 2 {
        let event = tokio::time::timeout(std::time::Duration::from_secs(20), rx.recv())
            .await
            .unwrap()
            .unwrap();
        if let ModuleEventKind::Offline { error } = event.kind {
            assert_eq!(
                error.code,
                werkbank_account::ErrorCode::Unreachable,
                "{error:?}"
            );
            offline_events += 1;
        }
    }
    stopped.start().unwrap();
    let deadline = tokio::time::Instant::now() + std::time::Duration::from_secs(30);
    while !store.journal(None).unwrap().is_empty() {
        assert!(
            tokio::time::Instant::now() < deadline,
            "the watcher did not reconnect and replay"
        );
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    let _ = stop_tx.send(());
    task.await.unwrap();

    let report = syncer.sync(&options).await.unwrap();
    assert_eq!(report.replayed, 0, "the watcher sent both already");
    assert!(store.journal(None).unwrap().is_empty());
    let server = server_state(User::Alice, &name);
    assert_eq!(
        server.iter().find(|r| r.1 == mids[0]).unwrap().2,
        [FLAGGED, SEEN]
    );
    assert!(server.iter().all(|r| r.1 != mids[1]));
    assert!(
        server_state(User::Alice, "Trash")
            .iter()
            .any(|r| r.1 == mids[1])
    );
    assert_eq!(local_state(&store, &name), server);
}
