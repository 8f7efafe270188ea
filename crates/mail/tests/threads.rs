//! Threads from References / In-Reply-To, whatever order the messages arrive in, and
//! across folders (a reply in Sent joins its thread in INBOX).

#![allow(clippy::unwrap_used)]

use std::sync::Arc;
use werkbank_mail::MailStore;
use werkbank_mail::store::{FetchedHeader, ListedFolder, Role};
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
    let inbox = store.find_folder("inbox").unwrap();
    let sent = store.find_folder("sent").unwrap();

    // The grandchild arrives first, then an unrelated message, then the root.
    store
        .apply_header_batch(
            inbox.id,
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
        .apply_header_batch(inbox.id, &[header(4, "d@x", "Anderes", None, &[])], None)
        .unwrap();
    store
        .apply_header_batch(inbox.id, &[header(1, "a@x", "Plan", None, &[])], None)
        .unwrap();
    // The middle reply was sent from here: it is in Sent.
    store
        .apply_header_batch(
            sent.id,
            &[header(1, "b@x", "Re: Plan", Some("a@x"), &["a@x"])],
            None,
        )
        .unwrap();

    let thread_of = |folder_id: i64, uid: u32| {
        store
            .list(folder_id, 0, 10)
            .unwrap()
            .into_iter()
            .find(|m| m.uid == Some(uid))
            .unwrap()
            .thread_id
            .unwrap()
    };
    let root = thread_of(inbox.id, 1);
    assert_eq!(
        thread_of(inbox.id, 3),
        root,
        "the early grandchild was pulled in"
    );
    assert_eq!(
        thread_of(sent.id, 1),
        root,
        "the reply in Sent belongs to it"
    );
    assert_ne!(
        thread_of(inbox.id, 4),
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
