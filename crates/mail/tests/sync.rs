//! The sync engine against the harness's real Dovecot, with Python's imaplib as the
//! other mail program. Every test works in folders of its own.

#![allow(clippy::unwrap_used)]

mod common;

use common::*;
use std::collections::BTreeSet;
use werkbank_account::module::ModuleEventKind;
use werkbank_harness::User;
use werkbank_mail::flags::{Change, FLAGGED, SEEN};
use werkbank_mail::imap::trace::command_name;
use werkbank_mail::store::Role;
use werkbank_mail::{Bodies, Extensions, SyncOptions, Trace};

fn change(add: &[&str], remove: &[&str]) -> Change {
    Change {
        add: add.iter().map(|f| f.to_string()).collect(),
        remove: remove.iter().map(|f| f.to_string()).collect(),
    }
}

fn ids(n: u32, tag: &str) -> Vec<String> {
    (1..=n).map(|i| format!("{tag}-{i}@example.test")).collect()
}

/// A folder of alice's with `n` plain messages (UIDs 1..=n), and a fresh store.
async fn alice_folder_of(prefix: &str, n: u32) -> (String, Fixture) {
    let name = folder_name(prefix);
    let messages: Vec<Vec<u8>> = ids(n, &name)
        .iter()
        .enumerate()
        .map(|(i, id)| message(id, "s", "b", i as u32))
        .collect();
    seed(User::Alice, &name, &messages).await;
    (name, fixture(User::Alice))
}

#[tokio::test]
async fn the_newest_headers_arrive_first_then_the_rest_with_progress() {
    let name = folder_name("first");
    let mids = ids(130, &name);
    let messages: Vec<Vec<u8>> = mids
        .iter()
        .enumerate()
        .map(|(i, id)| message(id, &format!("Nachricht {i}"), "Hallo", i as u32))
        .collect();
    seed(User::Alice, &name, &messages).await;

    let f = fixture(User::Alice);
    let (events, mut rx) = tokio::sync::broadcast::channel(1024);
    let syncer = f.syncer.clone().with_events(events);
    let options = SyncOptions {
        first_batch: 50,
        batch: 40,
        ..only(&[&name])
    };
    let report = syncer.sync(&options).await.unwrap();
    assert_eq!(report.new_messages, 130);

    let (mut progress, mut indexing) = (Vec::new(), Vec::new());
    while let Ok(event) = rx.try_recv() {
        match event.kind {
            ModuleEventKind::Progress { done, total } => progress.push((done, total)),
            // Only after the headers: they are stored without full-text entries.
            ModuleEventKind::Indexing { done, total } => {
                assert_eq!(progress.last(), Some(&(130, 130)), "{progress:?}");
                indexing.push((done, total));
            }
            _ => {}
        }
    }
    // The first batch is the newest 50: usable before the rest arrived.
    assert_eq!(progress.first(), Some(&(50, 130)), "{progress:?}");
    assert_eq!(progress.last(), Some(&(130, 130)));
    // The pass ends with every message searchable (those whose bodies the policy
    // fetched were indexed with them).
    let (done, total) = *indexing.last().expect("an indexing event");
    assert_eq!(done, total);
    assert!(total > 0);
    assert_eq!(f.store.unindexed_count().unwrap(), 0);

    let folder = f.store.find_folder(&name).unwrap();
    assert_eq!(
        (folder.total, folder.unread, folder.server_total),
        (130, 130, 130)
    );
    let list = f.store.list(folder.id, 0, 3).unwrap();
    let subjects: Vec<&str> = list.iter().map(|m| m.subject.as_str()).collect();
    assert_eq!(
        subjects,
        ["Nachricht 129", "Nachricht 128", "Nachricht 127"]
    );
    assert_eq!(list[0].from_name, "Jürgen Müller");
    assert!(!list[0].body_local);
    assert_eq!(
        local_state(&f.store, &name),
        server_state(User::Alice, &name)
    );
}

/// A new account's INBOX is synced before its connection reads the folder list (the
/// newest mail first, and one opening of a large maildir INBOX on Dovecot instead of
/// two); the list comes over a second connection meanwhile, or after INBOX when the
/// pass may use only its own. INBOX then has what LIST says about it, and once its
/// headers are complete a pass starts with the list again.
#[tokio::test]
async fn a_new_accounts_inbox_is_synced_before_the_folder_list() {
    let count = |commands: &[String], prefix: &str| {
        commands.iter().filter(|c| c.starts_with(prefix)).count()
    };
    let index_of = |commands: &[String], prefix: &str| {
        commands
            .iter()
            .position(|c| c.starts_with(prefix))
            .unwrap_or_else(|| panic!("no {prefix} in {commands:?}"))
    };
    for connections in [2, 1] {
        let f = fixture(User::Alice);
        // The commands of one traced pass over INBOX.
        let pass = || async {
            let trace = Trace::new();
            let options = SyncOptions {
                trace: Some(trace.clone()),
                download_connections: connections,
                ..only(&["INBOX"])
            };
            f.syncer.sync(&options).await.unwrap();
            trace.commands()
        };
        let first = pass().await;
        assert_eq!(count(&first, "SELECT \"INBOX\""), 1, "{first:?}");
        assert_eq!(count(&first, "LIST "), 1, "{first:?}");
        if connections == 2 {
            assert_eq!(count(&first, "LOGIN"), 2, "a second one lists: {first:?}");
        } else {
            assert_eq!(count(&first, "LOGIN"), 1, "{first:?}");
            assert!(
                index_of(&first, "SELECT \"INBOX\"") < index_of(&first, "LIST "),
                "{first:?}"
            );
        }
        let inbox = f.store.find_folder("INBOX").unwrap();
        assert_eq!(inbox.role, Some(Role::Inbox));
        assert!(inbox.delimiter.is_some(), "LIST filled it in: {inbox:?}");
        assert_eq!(inbox.state.complete_from, Some(1));
        assert!(
            f.store.find_folder("Sent").is_ok(),
            "the other folders are listed"
        );

        let second = pass().await;
        assert_eq!(count(&second, "LOGIN"), 1, "{second:?}");
        let listed = index_of(&second, "LIST ");
        assert!(
            second[..listed].iter().all(|c| !c.starts_with("SELECT")),
            "{second:?}"
        );
    }
}

#[tokio::test]
async fn bodies_come_on_open_and_as_the_policy_prefetches() {
    let name = folder_name("bodies");
    let mids = ids(3, &name);
    let messages: Vec<Vec<u8>> = mids
        .iter()
        .enumerate()
        .map(|(i, id)| {
            message(
                id,
                &format!("Body {i}"),
                &format!("Inhalt Nummer {i} für Frau Müller"),
                i as u32,
            )
        })
        .collect();
    seed(User::Alice, &name, &messages).await;
    let f = fixture(User::Alice);
    f.syncer.sync(&only(&[&name])).await.unwrap();
    let folder = f.store.find_folder(&name).unwrap();
    let newest = f.store.list(folder.id, 0, 1).unwrap().remove(0);
    assert_eq!(f.store.detail(newest.id).unwrap().text, None);

    f.syncer.fetch_body(newest.id, &only(&[])).await.unwrap();
    let detail = f.store.detail(newest.id).unwrap();
    assert!(detail.summary.body_local);
    assert!(detail.text.unwrap().contains("Inhalt Nummer 2"));
    assert_eq!(f.store.raw(newest.id).unwrap().unwrap(), messages[2]);

    let all = SyncOptions {
        bodies: Bodies::All,
        ..only(&[&name])
    };
    let report = f.syncer.sync(&all).await.unwrap();
    assert_eq!(report.bodies, 2);
    assert!(
        f.store
            .list(folder.id, 0, 10)
            .unwrap()
            .iter()
            .all(|m| m.body_local)
    );
    f.store.db().integrity_check().unwrap();
}

/// A pass downloads bodies first, with progress, and indexes them after: every body is
/// local before the first entry is written, and the pass ends with each body's text,
/// preview and attachment searchable locally.
#[tokio::test]
async fn bodies_are_downloaded_with_progress_then_indexed() {
    let name = folder_name("offline");
    let messages: Vec<Vec<u8>> = (0..12)
        .map(|i| {
            let id = format!("offline-{i}-{name}@example.test");
            message(
                &id,
                &format!("Vorgang {i}"),
                &format!("Aktenzeichen Nr{i}"),
                i,
            )
        })
        .collect();
    seed(User::Alice, &name, &messages).await;
    let f = fixture(User::Alice);
    let (events, mut rx) = tokio::sync::broadcast::channel(1024);
    let syncer = f.syncer.clone().with_events(events);
    let all = SyncOptions {
        bodies: Bodies::All,
        ..only(&[&name])
    };
    let report = syncer.sync(&all).await.unwrap();
    assert_eq!(report.bodies, 12);

    let (mut downloading, mut indexing) = (Vec::new(), Vec::new());
    while let Ok(event) = rx.try_recv() {
        match event.kind {
            ModuleEventKind::Downloading { done, total } => {
                assert!(indexing.is_empty(), "downloads come before indexing");
                downloading.push((done, total));
            }
            ModuleEventKind::Indexing { done, total } => indexing.push((done, total)),
            _ => {}
        }
    }
    assert_eq!(downloading.last(), Some(&(12, 12)), "{downloading:?}");
    assert_eq!(indexing.last(), Some(&(12, 12)), "{indexing:?}");
    assert_eq!(f.store.unindexed_count().unwrap(), 0);

    let result = f.store.search("aktenzeichen nr7", 10).unwrap();
    let found: Vec<(&str, bool)> = result
        .hits
        .iter()
        .map(|h| (h.message.subject.as_str(), h.from_server))
        .collect();
    assert_eq!(found, [("Vorgang 7", false)]);
    assert!(
        result.incomplete_folders.is_empty(),
        "every body is searchable here"
    );
    let folder = f.store.find_folder(&name).unwrap();
    let newest = f.store.list(folder.id, 0, 1).unwrap().remove(0);
    assert_eq!(newest.preview, "Aktenzeichen Nr11");
    f.store.db().integrity_check().unwrap();
}

/// A download large enough for a second connection: both connections fetch, every
/// message gets its own body exactly once, and with one connection allowed only the
/// pass's connection is used.
#[tokio::test]
async fn a_large_download_shares_the_work_with_a_second_connection() {
    let name = folder_name("parallel");
    let count = 1_200;
    let messages: Vec<Vec<u8>> = (0..count)
        .map(|i| {
            let id = format!("parallel-{i}-{name}@example.test");
            message(&id, &format!("Akte {i}"), &format!("Inhalt Nr{i}"), i)
        })
        .collect();
    seed(User::Alice, &name, &messages).await;

    for connections in [2u8, 1] {
        let f = fixture(User::Alice);
        let (events, mut rx) = tokio::sync::broadcast::channel(4096);
        let syncer = f.syncer.clone().with_events(events);
        let trace = Trace::new();
        let all = SyncOptions {
            bodies: Bodies::All,
            trace: Some(trace.clone()),
            download_connections: connections,
            ..only(&[&name])
        };
        let report = syncer.sync(&all).await.unwrap();
        assert_eq!(report.bodies, count, "{connections} connection(s)");
        assert_eq!(
            (trace.count("LOGIN"), trace.count("EXAMINE")),
            (usize::from(connections), usize::from(connections) - 1),
            "{:?}",
            trace.commands()
        );
        // Each batch (100, 200, 400, 500 messages) fetched once, over whichever
        // connection took it.
        let body_fetches = trace
            .commands()
            .iter()
            .filter(|c| c.contains("BODY.PEEK[]"))
            .count();
        assert_eq!(body_fetches, 4, "{:?}", trace.commands());
        let mut last = None;
        while let Ok(event) = rx.try_recv() {
            if let ModuleEventKind::Downloading { done, total } = event.kind {
                last = Some((done, total));
            }
        }
        assert_eq!(last, Some((u64::from(count), u64::from(count))));

        assert_bodies_exact(&f.store, &name, &messages, "Akte ");
    }
}

/// A body opened after its folder was recreated on the server is not taken from the
/// new folder, where the same UID names another message.
#[tokio::test]
async fn a_body_is_not_fetched_from_a_recreated_folder() {
    let name = folder_name("reopened");
    let old: Vec<Vec<u8>> = ids(2, &name)
        .iter()
        .enumerate()
        .map(|(i, id)| message(id, &format!("alt {i}"), "alter Inhalt", i as u32))
        .collect();
    seed(User::Alice, &name, &old).await;
    let f = fixture(User::Alice);
    f.syncer.sync(&only(&[&name])).await.unwrap();
    let folder = f.store.find_folder(&name).unwrap();
    let newest = f.store.list(folder.id, 0, 1).unwrap().remove(0);
    assert_eq!(newest.uid, Some(2));

    imaplib(User::Alice, &format!("m.delete('\"{name}\"')"));
    let new: Vec<Vec<u8>> = ids(2, &format!("{name}-neu"))
        .iter()
        .enumerate()
        .map(|(i, id)| message(id, &format!("neu {i}"), "neuer Inhalt", i as u32))
        .collect();
    seed(User::Alice, &name, &new).await;

    let error = f
        .syncer
        .fetch_body(newest.id, &only(&[]))
        .await
        .unwrap_err();
    assert!(error.to_string().contains("folder changed"), "{error}");
    assert_eq!(f.store.raw(newest.id).unwrap(), None);
    assert_eq!(f.store.detail(newest.id).unwrap().text, None);

    // The next pass resyncs the folder; its messages then open as they are now.
    f.syncer.sync(&only(&[&name])).await.unwrap();
    let newest = f.store.list(folder.id, 0, 1).unwrap().remove(0);
    assert_eq!(newest.subject, "neu 1");
    f.syncer.fetch_body(newest.id, &only(&[])).await.unwrap();
    assert_eq!(f.store.raw(newest.id).unwrap().unwrap(), new[1]);
}

#[tokio::test]
async fn recent_mail_is_prefetched_but_big_messages_wait_for_open() {
    let name = folder_name("prefetch");
    let big = "Anhang ".repeat(100_000); // 700 KB, over the prefetch limit
    seed(
        User::Alice,
        &name,
        &[
            message(&format!("small-{name}@x"), "klein", "kurz", 1),
            message(&format!("big-{name}@x"), "groß", &big, 2),
        ],
    )
    .await;
    let f = fixture(User::Alice);
    let options = SyncOptions {
        folders: vec![name.clone()],
        ..SyncOptions::default()
    };
    let report = f.syncer.sync(&options).await.unwrap();
    assert_eq!(report.bodies, 1);
    let folder = f.store.find_folder(&name).unwrap();
    let local: Vec<(String, bool)> = f
        .store
        .list(folder.id, 0, 10)
        .unwrap()
        .into_iter()
        .map(|m| (m.subject, m.body_local))
        .collect();
    assert_eq!(
        local,
        [("groß".to_string(), false), ("klein".to_string(), true)]
    );
}

#[tokio::test]
async fn words_in_bodies_not_yet_local_are_found_by_the_server() {
    let name = folder_name("serversearch");
    let word = format!(
        "Zauberwort{}",
        werkbank_harness::mail::unique_id().replace('.', "")
    );
    seed(
        User::Alice,
        &name,
        &[message(
            &format!("s-{name}@x"),
            "ohne Hinweis",
            &format!("Hier steht {word}."),
            1,
        )],
    )
    .await;
    let f = fixture(User::Alice);
    f.syncer.sync(&only(&[&name])).await.unwrap(); // headers only
    let mut result = f
        .store
        .search(&format!("{word} folder:{name}"), 10)
        .unwrap();
    assert!(result.hits.is_empty(), "the body is not local");
    let folder = f.store.find_folder(&name).unwrap();
    assert_eq!(result.incomplete_folders, [folder.id]);
    let text = result.query.text().unwrap();
    let ids = f
        .syncer
        .search_server(&text, &result.incomplete_folders, &only(&[]))
        .await
        .unwrap();
    f.store.merge_server_hits(&mut result, &ids).unwrap();
    assert_eq!(result.hits.len(), 1);
    assert!(result.hits[0].from_server);
    assert_eq!(result.hits[0].message.subject, "ohne Hinweis");
}

#[tokio::test]
async fn flags_from_another_client_and_from_here_both_survive() {
    let name = folder_name("flags");
    let mids = ids(2, &name);
    seed(
        User::Alice,
        &name,
        &[
            message(&mids[0], "eins", "x", 0),
            message(&mids[1], "zwei", "y", 1),
        ],
    )
    .await;
    let f = fixture(User::Alice);
    f.syncer.sync(&only(&[&name])).await.unwrap();
    let folder = f.store.find_folder(&name).unwrap();
    let first = f
        .store
        .list(folder.id, 0, 10)
        .unwrap()
        .into_iter()
        .find(|m| m.uid == Some(1))
        .unwrap();

    // The other program flags message 1 and reads message 2; here, message 1 is read.
    imaplib(
        User::Alice,
        &format!(
            "m.select('\"{name}\"')\nm.uid('STORE', '1', '+FLAGS', '(\\\\Flagged)')\nm.uid('STORE', '2', '+FLAGS', '(\\\\Seen)')"
        ),
    );
    f.store
        .set_flags(&[first.id], &change(&[SEEN], &[]))
        .unwrap();
    assert!(
        f.store.summary(first.id).unwrap().seen,
        "applied locally at once"
    );

    let report = f.syncer.sync(&only(&[&name])).await.unwrap();
    assert_eq!(report.replayed, 1);
    let server = server_state(User::Alice, &name);
    assert_eq!(server[0].2, [FLAGGED, SEEN], "both changes on the server");
    assert_eq!(server[1].2, [SEEN]);
    assert_eq!(local_state(&f.store, &name), server);

    // Conflict on a different flag of the same message: the other program removes
    // \Flagged while we add a keyword: both survive (±FLAGS, never a replace).
    imaplib(
        User::Alice,
        &format!("m.select('\"{name}\"')\nm.uid('STORE', '1', '-FLAGS', '(\\\\Flagged)')"),
    );
    f.store
        .set_flags(&[first.id], &change(&["$Wichtig"], &[]))
        .unwrap();
    f.syncer.sync(&only(&[&name])).await.unwrap();
    let server = server_state(User::Alice, &name);
    assert_eq!(server[0].2, ["$Wichtig", SEEN]);
    assert_eq!(local_state(&f.store, &name), server);
}

#[tokio::test]
async fn an_unchanged_folder_costs_no_fetch_and_one_flag_change_is_picked_up() {
    let (name, f) = alice_folder_of("nochange", 20).await;
    f.syncer.sync(&only(&[&name])).await.unwrap();

    let trace = Trace::new();
    let traced = SyncOptions {
        trace: Some(trace.clone()),
        ..only(&[&name])
    };
    let report = f.syncer.sync(&traced).await.unwrap();
    assert_eq!(trace.count("FETCH"), 0, "{:?}", trace.commands());
    assert!(trace.count("SELECT") <= 1, "{:?}", trace.commands());
    assert_eq!(
        (report.new_messages, report.flag_updates, report.expunged),
        (0, 0, 0)
    );

    imaplib(
        User::Alice,
        &format!("m.select('\"{name}\"')\nm.uid('STORE', '7', '+FLAGS', '(\\\\Flagged)')"),
    );
    trace.clear();
    let report = f.syncer.sync(&traced).await.unwrap();
    assert_eq!(report.flag_updates, 1, "{:?}", trace.commands());
    assert_eq!(
        trace.count("FETCH"),
        0,
        "QRESYNC brings the change with SELECT: {:?}",
        trace.commands()
    );
    let seventh = local_state(&f.store, &name)
        .into_iter()
        .find(|r| r.0 == 7)
        .unwrap();
    assert_eq!(seventh.2, [FLAGGED]);
}

#[tokio::test]
async fn without_qresync_or_condstore_the_fallbacks_converge() {
    for (label, extensions) in [
        (
            "condstore",
            Extensions {
                qresync: false,
                condstore: true,
            },
        ),
        (
            "plain",
            Extensions {
                qresync: false,
                condstore: false,
            },
        ),
    ] {
        let name = folder_name(label);
        let mids = ids(6, &name);
        let messages: Vec<Vec<u8>> = mids
            .iter()
            .enumerate()
            .map(|(i, id)| message(id, "s", "b", i as u32))
            .collect();
        seed(User::Alice, &name, &messages).await;
        let f = fixture(User::Alice);
        let options = SyncOptions {
            extensions,
            ..only(&[&name])
        };
        f.syncer.sync(&options).await.unwrap();

        // Another client: flags 2, expunges 3, adds a new message.
        imaplib(
            User::Alice,
            &format!(
                "m.select('\"{name}\"')\nm.uid('STORE', '2', '+FLAGS', '(\\\\Seen $Label1)')\n\
                 m.uid('STORE', '3', '+FLAGS', '(\\\\Deleted)')\nm.expunge()"
            ),
        );
        let mut session = imap(User::Alice).await;
        session
            .append(
                &name,
                None,
                None,
                message(&format!("new-{name}@example.test"), "neu", "b", 30),
            )
            .await
            .unwrap();
        session.logout().await.unwrap();

        let trace = Trace::new();
        let report = f
            .syncer
            .sync(&SyncOptions {
                trace: Some(trace.clone()),
                ..options.clone()
            })
            .await
            .unwrap();
        assert_eq!(
            (report.new_messages, report.expunged),
            (1, 1),
            "{label}: {:?}",
            trace.commands()
        );
        assert!(
            trace.count("FETCH") >= 1,
            "{label}: the fallback fetches flags"
        );
        assert_eq!(
            local_state(&f.store, &name),
            server_state(User::Alice, &name),
            "{label}"
        );

        // A local change replays without CONDSTORE's UNCHANGEDSINCE as well.
        let folder = f.store.find_folder(&name).unwrap();
        let any = f.store.list(folder.id, 0, 1).unwrap().remove(0);
        f.store
            .set_flags(&[any.id], &change(&[FLAGGED], &[]))
            .unwrap();
        f.syncer.sync(&options).await.unwrap();
        assert_eq!(
            local_state(&f.store, &name),
            server_state(User::Alice, &name),
            "{label}"
        );
    }
}

#[tokio::test]
async fn move_copy_delete_and_archive_round_trip() {
    let source = folder_name("src");
    let target = folder_name("dst");
    let mids = ids(4, &source);
    let messages: Vec<Vec<u8>> = mids
        .iter()
        .enumerate()
        .map(|(i, id)| message(id, &format!("m{i}"), "b", i as u32))
        .collect();
    seed(User::Alice, &source, &messages).await;
    seed(User::Alice, &target, &[]).await;
    let f = fixture(User::Alice);
    let options = only(&[&source, &target, "Trash", "Archive"]);
    f.syncer.sync(&options).await.unwrap();
    let src = f.store.find_folder(&source).unwrap();
    let dst = f.store.find_folder(&target).unwrap();
    let by_mid = |mid: &str| {
        f.store
            .list(src.id, 0, 100)
            .unwrap()
            .into_iter()
            .find(|m| f.store.detail(m.id).unwrap().message_id.as_deref() == Some(mid))
            .unwrap()
            .id
    };
    let (moved, copied, deleted, archived) = (
        by_mid(&mids[0]),
        by_mid(&mids[1]),
        by_mid(&mids[2]),
        by_mid(&mids[3]),
    );
    let placeholder = f.store.move_to(&[moved], dst.id).unwrap()[0];
    f.store.copy_to(&[copied], dst.id).unwrap();
    f.store.delete(&[deleted]).unwrap();
    f.store.archive(&[archived]).unwrap();
    // Locally at once: only the copied one is left in the source.
    assert_eq!(f.store.list(src.id, 0, 100).unwrap().len(), 1);
    assert_eq!(f.store.list(dst.id, 0, 100).unwrap().len(), 2);
    assert_eq!(f.store.summary(placeholder).unwrap().uid, None);

    let report = f.syncer.sync(&options).await.unwrap();
    assert_eq!(report.replayed, 4);
    assert!(f.store.journal(None).unwrap().is_empty());
    assert!(
        f.store.summary(placeholder).unwrap().uid.is_some(),
        "COPYUID gave the UID"
    );

    let server_mids = |folder: &str| -> BTreeSet<String> {
        server_state(User::Alice, folder)
            .into_iter()
            .map(|r| r.1)
            .collect()
    };
    assert_eq!(server_mids(&source), BTreeSet::from([mids[1].clone()]));
    assert_eq!(
        server_mids(&target),
        BTreeSet::from([mids[0].clone(), mids[1].clone()])
    );
    assert!(server_mids("Trash").contains(&mids[2]));
    assert!(server_mids("Archive").contains(&mids[3]));
    for folder in [&source, &target] {
        assert_eq!(
            local_state(&f.store, folder),
            server_state(User::Alice, folder)
        );
    }

    // Delete in Trash is for good; emptying Trash removes the rest of ours.
    let trash = f.store.find_folder("Trash").unwrap();
    let ours = f
        .store
        .list(trash.id, 0, 100_000)
        .unwrap()
        .into_iter()
        .find(|m| f.store.detail(m.id).unwrap().message_id.as_deref() == Some(mids[2].as_str()))
        .unwrap();
    f.store.delete(&[ours.id]).unwrap();
    f.syncer.sync(&options).await.unwrap();
    assert!(!server_mids("Trash").contains(&mids[2]));
    f.store.db().integrity_check().unwrap();
}

#[tokio::test]
async fn a_uidvalidity_change_resyncs_and_never_applies_old_uids() {
    let name = folder_name("uidvalidity");
    let mids = ids(3, &name);
    let messages: Vec<Vec<u8>> = mids
        .iter()
        .enumerate()
        .map(|(i, id)| message(id, &format!("m{i}"), "b", i as u32))
        .collect();
    seed(User::Alice, &name, &messages).await;
    let f = fixture(User::Alice);
    f.syncer.sync(&only(&[&name])).await.unwrap();
    let folder = f.store.find_folder(&name).unwrap();
    let list = f.store.list(folder.id, 0, 10).unwrap();
    let uid_of = |mid: &str| {
        list.iter()
            .find(|m| f.store.detail(m.id).unwrap().message_id.as_deref() == Some(mid))
            .unwrap()
            .clone()
    };
    let first = uid_of(&mids[0]); // UID 1
    let third = uid_of(&mids[2]); // UID 3
    assert_eq!((first.uid, third.uid), (Some(1), Some(3)));

    // Offline: flag the first message, delete the third.
    f.store
        .set_flags(&[first.id], &change(&[FLAGGED], &[]))
        .unwrap();
    f.store.expunge(&[third.id]).unwrap();

    // Meanwhile the folder is recreated on the server: new UIDVALIDITY, the messages in
    // another order (mids[2], mids[1]; mids[0] comes last) — old UID 1 is now mids[2].
    imaplib(User::Alice, &format!("m.delete('\"{name}\"')"));
    seed(
        User::Alice,
        &name,
        &[
            messages[2].clone(),
            messages[1].clone(),
            messages[0].clone(),
        ],
    )
    .await;

    let report = f.syncer.sync(&only(&[&name])).await.unwrap();
    assert_eq!(report.replayed, 2, "both actions re-resolved by Message-ID");
    let server = server_state(User::Alice, &name);
    let flags_of = |mid: &str| server.iter().find(|r| r.1 == mid).map(|r| r.2.clone());
    assert_eq!(
        flags_of(&mids[0]),
        Some(vec![FLAGGED.to_string()]),
        "flag went to the right message"
    );
    assert_eq!(flags_of(&mids[1]), Some(vec![]));
    assert_eq!(
        flags_of(&mids[2]),
        None,
        "the deleted message, found by Message-ID"
    );
    assert_eq!(local_state(&f.store, &name), server);

    // An action whose message is gone after a reset is dropped with a notice.
    let folder = f.store.find_folder(&name).unwrap();
    let any = f.store.list(folder.id, 0, 1).unwrap().remove(0);
    let gone_mid = f.store.detail(any.id).unwrap().message_id.unwrap();
    f.store.set_flags(&[any.id], &change(&[SEEN], &[])).unwrap();
    imaplib(User::Alice, &format!("m.delete('\"{name}\"')"));
    seed(
        User::Alice,
        &name,
        &[message(&format!("other-{name}@example.test"), "x", "y", 1)],
    )
    .await;
    let report = f.syncer.sync(&only(&[&name])).await.unwrap();
    assert_eq!(report.dropped, 1);
    let notices = f.store.notices().unwrap();
    assert!(
        notices
            .iter()
            .any(|n| n.code == "action_dropped" && n.details.get("message_id") == Some(&gone_mid)),
        "{notices:?}"
    );
    assert_eq!(
        local_state(&f.store, &name),
        server_state(User::Alice, &name)
    );
}

#[tokio::test]
async fn new_mail_arrives_through_idle() {
    let f = fixture(User::Bob);
    // Only IDLE can bring the message in time: the poll is far away.
    let (trace, mut rx, stop_tx, watcher) =
        watching(&f, "INBOX", std::time::Duration::from_secs(3600)).await;
    let deadline = tokio::time::Instant::now() + std::time::Duration::from_secs(30);
    while rx.try_recv().is_ok() {}
    let logins = trace.count("LOGIN");

    let subject = format!("IDLE {}", werkbank_harness::mail::unique_id());
    let raw = werkbank_harness::mail::message(
        "carol@elsewhere.test",
        &User::Bob.email(),
        &subject,
        "push",
    );
    werkbank_harness::mail::deliver("carol@elsewhere.test", &[&User::Bob.email()], &raw)
        .await
        .unwrap();

    let inbox = loop {
        let found = f
            .store
            .search(&format!("subject:\"{subject}\""), 5)
            .unwrap();
        if !found.hits.is_empty() {
            break found;
        }
        assert!(
            tokio::time::Instant::now() < deadline + std::time::Duration::from_secs(30),
            "the message did not arrive via IDLE"
        );
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    };
    assert_eq!(inbox.hits[0].folder, "INBOX");
    assert_eq!(
        trace.count("LOGIN"),
        logins,
        "fetched on the IDLE connection, without a new session: {:?}",
        trace.commands()
    );
    // The fast path: after IDLE the first thing asked is the new headers on the
    // selected INBOX, before any LIST or SELECT of the pass that follows.
    let commands = trace.commands();
    let idle = commands
        .iter()
        .position(|c| command_name(c) == "IDLE")
        .expect("IDLE in the trace");
    let next = commands[idle + 1..]
        .iter()
        .find(|c| !c.eq_ignore_ascii_case("DONE"))
        .expect("a command after IDLE");
    assert!(
        next.starts_with("UID FETCH") && next.contains("HEADER.FIELDS"),
        "new headers first after IDLE, got {next:?} in {commands:?}"
    );
    // And the desktop is told (by the pass after the fast path), for a notification
    // that opens it.
    let id = inbox.hits[0].message.id;
    let announced = tokio::time::timeout(std::time::Duration::from_secs(30), async {
        loop {
            match rx.recv().await {
                Ok(event) => {
                    if let ModuleEventKind::Arrived { item, title, body } = event.kind
                        && item == format!("mail/bob/{id}")
                        && title == "carol@elsewhere.test"
                        && body == subject
                    {
                        return true;
                    }
                }
                Err(tokio::sync::broadcast::error::RecvError::Lagged(_)) => {}
                Err(_) => return false,
            }
        }
    })
    .await
    .unwrap_or(false);
    assert!(announced, "an `arrived` event names the new message");
    let _ = stop_tx.send(());
    watcher.await.unwrap();
}

/// Starts a watcher over `name` with a traced connection; returns the trace, the
/// events, the stop switch and the task, once its first IDLE has begun.
async fn watching(
    f: &Fixture,
    name: &str,
    poll: std::time::Duration,
) -> (
    Trace,
    tokio::sync::broadcast::Receiver<werkbank_account::module::ModuleEvent>,
    tokio::sync::oneshot::Sender<()>,
    tokio::task::JoinHandle<()>,
) {
    let (events, rx) = tokio::sync::broadcast::channel(4096);
    let syncer = f.syncer.clone().with_events(events);
    let trace = Trace::new();
    let options = werkbank_mail::WatchOptions {
        sync: SyncOptions {
            trace: Some(trace.clone()),
            ..only(&[name])
        },
        poll,
        ..werkbank_mail::WatchOptions::default()
    };
    let (stop_tx, stop_rx) = tokio::sync::oneshot::channel::<()>();
    let watcher = tokio::spawn(async move {
        syncer
            .watch(options, async {
                let _ = stop_rx.await;
            })
            .await;
    });
    let deadline = tokio::time::Instant::now() + std::time::Duration::from_secs(30);
    while trace.count("IDLE") == 0 {
        assert!(
            tokio::time::Instant::now() < deadline,
            "IDLE never started: {:?}",
            trace.commands()
        );
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    (trace, rx, stop_tx, watcher)
}

#[tokio::test]
async fn a_refresh_runs_a_pass_on_the_idle_connection() {
    let (name, f) = alice_folder_of("refresh", 3).await;
    // The poll is far away: only the nudge can bring the change in time.
    let (trace, _rx, stop, watcher) =
        watching(&f, &name, std::time::Duration::from_secs(3600)).await;

    imaplib(
        User::Alice,
        &format!("m.select('\"{name}\"')\nm.uid('STORE', '2', '+FLAGS', '(\\\\Flagged)')"),
    );
    f.syncer.nudge();
    let deadline = tokio::time::Instant::now() + std::time::Duration::from_secs(30);
    loop {
        let second = local_state(&f.store, &name)
            .into_iter()
            .find(|r| r.0 == 2)
            .unwrap();
        if second.2 == [FLAGGED] {
            break;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "the refresh did not bring the flag: {:?}",
            trace.commands()
        );
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    // IDLE was left with DONE and the pass ran on the same session, which then
    // went back to IDLE.
    let deadline = tokio::time::Instant::now() + std::time::Duration::from_secs(30);
    while trace.count("IDLE") < 2 {
        assert!(
            tokio::time::Instant::now() < deadline,
            "IDLE did not resume: {:?}",
            trace.commands()
        );
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert_eq!(trace.count("LOGIN"), 1, "{:?}", trace.commands());
    let _ = stop.send(());
    watcher.await.unwrap();
}

#[tokio::test]
async fn polls_reuse_the_idle_connection() {
    let (name, f) = alice_folder_of("poll", 1).await;
    let (trace, mut rx, stop, watcher) =
        watching(&f, &name, std::time::Duration::from_millis(500)).await;
    // The first pass and three polls, each ending with `idle`, all on the first
    // connection, with IDLE between them.
    let passes = tokio::time::timeout(std::time::Duration::from_secs(30), async {
        let mut passes = 0;
        while passes < 4 {
            match rx.recv().await {
                Ok(event) if event.kind == ModuleEventKind::Idle => passes += 1,
                Ok(_) | Err(tokio::sync::broadcast::error::RecvError::Lagged(_)) => {}
                Err(_) => break,
            }
        }
        passes
    })
    .await
    .unwrap_or(0);
    assert_eq!(passes, 4, "{:?}", trace.commands());
    let commands = trace.commands();
    assert_eq!(trace.count("LOGIN"), 1, "{commands:?}");
    assert!(trace.count("IDLE") >= 3, "{commands:?}");
    // Nothing changed, so no pass selected another mailbox: INBOX stays selected for
    // IDLE instead of being selected (and scanned by the server) again — unless mail
    // for alice arrived meanwhile and a pass fetched it.
    let first_idle = commands.iter().position(|c| c == "IDLE").unwrap();
    if !commands[first_idle..]
        .iter()
        .any(|c| command_name(c) == "FETCH")
    {
        let inbox_selects = commands.iter().filter(|c| *c == "SELECT \"INBOX\"").count();
        assert_eq!(inbox_selects, 1, "{commands:?}");
    }
    let _ = stop.send(());
    watcher.await.unwrap();
}
