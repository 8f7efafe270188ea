//! Threads from References / In-Reply-To, whatever order the messages arrive in, and
//! across folders (a reply in Sent joins its thread in INBOX).

#![allow(clippy::unwrap_used)]

use std::sync::Arc;
use werkbank_mail::MailStore;
use werkbank_mail::store::{
    FetchedHeader, FolderState, ListedFolder, ParsedHeaders, Role, StoredKeys,
};
use werkbank_store::Store;

fn header(
    uid: u32,
    id: &str,
    subject: &str,
    in_reply_to: Option<&str>,
    references: &[&str],
) -> FetchedHeader {
    let mut raw = format!("From: a@example.test\r\nSubject: {subject}\r\nMessage-ID: <{id}>\r\n");
    if let Some(parent) = in_reply_to {
        raw.push_str(&format!("In-Reply-To: <{parent}>\r\n"));
    }
    if !references.is_empty() {
        let refs: Vec<String> = references.iter().map(|r| format!("<{r}>")).collect();
        raw.push_str(&format!("References: {}\r\n", refs.join(" ")));
    }
    raw.push_str("\r\n");
    FetchedHeader {
        uid,
        flags: Default::default(),
        modseq: 1,
        size: 10,
        internal_date: i64::from(uid),
        header: raw.into_bytes(),
    }
}

#[test]
fn replies_join_their_thread_in_any_order_and_across_folders() {
    let store = MailStore::open(Arc::new(Store::open_in_memory().unwrap()), "alice").unwrap();
    let (inbox, sent) = inbox_and_sent(&store);

    // The grandchild arrives first, then an unrelated message, then the root.
    store
        .apply_header_batch(
            inbox,
            &[header(
                3,
                "c@x",
                "Re: Re: Plan",
                Some("b@x"),
                &["a@x", "b@x"],
            )],
            None,
        )
        .unwrap();
    store
        .apply_header_batch(inbox, &[header(4, "d@x", "Anderes", None, &[])], None)
        .unwrap();
    store
        .apply_header_batch(inbox, &[header(1, "a@x", "Plan", None, &[])], None)
        .unwrap();
    // The middle reply was sent from here: it is in Sent.
    store_middle_reply(&store, sent);

    let thread_of = |folder_id, uid| thread_of(&store, folder_id, uid);
    let root = thread_of(inbox, 1);
    assert_eq!(
        thread_of(inbox, 3),
        root,
        "the early grandchild was pulled in"
    );
    assert_eq!(thread_of(sent, 1), root, "the reply in Sent belongs to it");
    assert_ne!(
        thread_of(inbox, 4),
        root,
        "an unrelated message has its own thread"
    );
    let subjects: Vec<String> = store
        .thread(root)
        .unwrap()
        .into_iter()
        .map(|m| m.subject)
        .collect();
    assert_eq!(
        subjects,
        ["Plan", "Re: Plan", "Re: Re: Plan"],
        "oldest first"
    );
}

/// One window as a server sends it: UID order is not date order, a reply comes before
/// the message it answers, and a confused server answers one UID twice. The batch is
/// stored oldest first (the index's key order) with every thread right, the duplicate
/// once with its later flags, and a search finds them newest first.
#[test]
fn one_batch_in_any_order_threads_and_stores_each_uid_once() {
    let store = MailStore::open(Arc::new(Store::open_in_memory().unwrap()), "alice").unwrap();
    store
        .sync_folders(&[ListedFolder {
            name: "INBOX".into(),
            delimiter: Some("/".into()),
            role: Some(Role::Inbox),
            subscribed: true,
            selectable: true,
        }])
        .unwrap();
    let inbox = store.find_folder("inbox").unwrap();
    let dated = |mut h: FetchedHeader, date: &str| {
        let mut raw = format!("Date: {date}\r\n").into_bytes();
        raw.extend_from_slice(&h.header);
        h.header = raw;
        h
    };
    let mut seen_again = dated(
        header(2, "root@x", "Haushalt", None, &[]),
        "Mon, 02 Nov 2026 09:00:00 +0000",
    );
    seen_again.flags = [werkbank_mail::flags::SEEN.to_string()].into();
    let batch = [
        dated(
            header(3, "reply@x", "Re: Haushalt", Some("root@x"), &["root@x"]),
            "Tue, 03 Nov 2026 09:00:00 +0000",
        ),
        dated(
            header(1, "late@x", "Haushalt spät", None, &[]),
            "Wed, 04 Nov 2026 09:00:00 +0000",
        ),
        dated(
            header(2, "root@x", "Haushalt", None, &[]),
            "Mon, 02 Nov 2026 09:00:00 +0000",
        ),
        seen_again,
    ];
    assert_eq!(store.apply_header_batch(inbox.id, &batch, None).unwrap(), 3);

    let listed = store.list(inbox.id, 0, 10).unwrap();
    assert_eq!(listed.len(), 3, "UID 2 once: {listed:?}");
    let by_uid = |uid: u32| listed.iter().find(|m| m.uid == Some(uid)).unwrap();
    assert_eq!(by_uid(3).thread_id, by_uid(2).thread_id, "the reply joined");
    assert_ne!(by_uid(1).thread_id, by_uid(2).thread_id);
    assert!(
        by_uid(2)
            .flags
            .iter()
            .any(|f| f == werkbank_mail::flags::SEEN)
    );
    let hits: Vec<Option<u32>> = store
        .search("Haushalt", 10)
        .unwrap()
        .hits
        .iter()
        .map(|h| h.message.uid)
        .collect();
    assert_eq!(hits, [Some(1), Some(3), Some(2)], "newest first");
}

/// "Re: Plan" (b@x, answering a@x) as UID 1 of Sent: the middle of the thread tests.
fn store_middle_reply(store: &MailStore, sent: i64) {
    store
        .apply_header_batch(
            sent,
            &[header(1, "b@x", "Re: Plan", Some("a@x"), &["a@x"])],
            None,
        )
        .unwrap();
}

/// The thread of a listed message.
fn thread_of(store: &MailStore, folder_id: i64, uid: u32) -> i64 {
    store
        .list(folder_id, 0, 10)
        .unwrap()
        .into_iter()
        .find(|m| m.uid == Some(uid))
        .unwrap()
        .thread_id
        .unwrap()
}

fn inbox_and_sent(store: &MailStore) -> (i64, i64) {
    let folder = |name: &str, role| ListedFolder {
        name: name.into(),
        delimiter: Some("/".into()),
        role: Some(role),
        subscribed: true,
        selectable: true,
    };
    store
        .sync_folders(&[folder("INBOX", Role::Inbox), folder("Sent", Role::Sent)])
        .unwrap();
    (
        store.find_folder("inbox").unwrap().id,
        store.find_folder("sent").unwrap().id,
    )
}

/// A folder's first sync writes window after window and asks the store only for
/// Message-IDs it knows to be stored (`StoredKeys`). What other writers store between
/// two windows — this connection for another folder, or another connection to the same
/// file — is found all the same, and a thread started by an early reply is merged when
/// its root comes in a later window.
#[test]
fn windows_of_a_first_sync_find_what_other_writers_stored_between_them() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("werkbank.sqlite3");
    let store = MailStore::open(Arc::new(Store::open(&path).unwrap()), "alice").unwrap();
    let (inbox, sent) = inbox_and_sent(&store);
    let mut stored = StoredKeys::for_folder(6);
    let mut window = |uid: u32, header: FetchedHeader| {
        let progress = FolderState {
            uidvalidity: Some(1),
            uidnext: Some(7),
            complete_from: Some(uid),
            highestmodseq: None,
        };
        store
            .apply_header_window(
                inbox,
                &ParsedHeaders::parse(vec![header]),
                progress,
                &mut stored,
            )
            .unwrap()
    };

    // Newest first: a reply whose parents are not stored yet.
    assert_eq!(
        window(
            6,
            header(6, "c@x", "Re: Re: Plan", Some("b@x"), &["a@x", "b@x"])
        ),
        1
    );
    // Between two windows this connection stores the middle reply in Sent …
    store_middle_reply(&store, sent);
    // … so the next window's answer to it finds it.
    window(
        5,
        header(5, "d@x", "Re: Re: Plan", Some("b@x"), &["a@x", "b@x"]),
    );
    // Another connection to the same file stores a message of another thread.
    let other = MailStore::open(Arc::new(Store::open(&path).unwrap()), "alice").unwrap();
    other
        .apply_header_batch(sent, &[header(2, "e@x", "Termin", None, &[])], None)
        .unwrap();
    drop(other);
    window(4, header(4, "f@x", "Re: Termin", Some("e@x"), &["e@x"]));
    // The root comes last and pulls the early replies into its thread.
    window(3, header(3, "a@x", "Plan", None, &[]));

    let thread_of = |folder_id, uid| thread_of(&store, folder_id, uid);
    let plan = thread_of(inbox, 3);
    assert_eq!(thread_of(sent, 1), plan, "the reply stored in between");
    assert_eq!(thread_of(inbox, 6), plan, "the early reply, merged");
    assert_eq!(
        thread_of(inbox, 5),
        plan,
        "the answer to what this connection stored in between"
    );
    let termin = thread_of(sent, 2);
    assert_ne!(termin, plan);
    assert_eq!(
        thread_of(inbox, 4),
        termin,
        "the answer to what another connection stored in between"
    );
}
