//! Search over a generated mailbox with known answers (tests/golden/search.txt):
//! umlauts and diacritics, the operators, newest first. The store is filled the way
//! sync fills it (header batches, then bodies), without a server.

#![allow(clippy::unwrap_used)]

mod common;

use std::sync::Arc;
use werkbank_mail::MailStore;
use werkbank_mail::store::{FetchedHeader, ParsedBodies};
use werkbank_store::Store;

struct Known {
    folder: &'static str,
    from: &'static str,
    to: &'static str,
    subject: &'static str,
    date: &'static str,
    flags: &'static [&'static str],
    body: &'static str,
    attachment: Option<&'static str>,
}

const KNOWN: &[Known] = &[
    Known {
        folder: "INBOX",
        from: "Frau Müller <mueller@stadt.example.test>",
        to: "alice@example.test",
        subject: "Haushalt 2027",
        date: "Mon, 02 Mar 2026 10:00:00 +0000",
        flags: &["\\Seen"],
        body: "Der Entwurf liegt bei.",
        attachment: None,
    },
    Known {
        folder: "INBOX",
        from: "Alice <alice@example.test>",
        to: "Frau Müller <mueller@stadt.example.test>",
        subject: "Re: Haushalt 2027",
        date: "Tue, 03 Mar 2026 10:00:00 +0000",
        flags: &[],
        body: "Danke, Frau Müller.",
        attachment: None,
    },
    Known {
        folder: "INBOX",
        from: "Frau Müller <mueller@stadt.example.test>",
        to: "alice@example.test",
        subject: "Antwort von Frau Müller",
        date: "Wed, 04 Mar 2026 10:00:00 +0000",
        flags: &["\\Seen"],
        body: "Gern.",
        attachment: None,
    },
    Known {
        folder: "INBOX",
        from: "Bauamt <post@bauamt.example.test>",
        to: "Herr Özdemir <ozdemir@bauamt.example.test>",
        subject: "Bauantrag Özdemir",
        date: "Thu, 05 Mar 2026 10:00:00 +0000",
        flags: &["\\Seen", "\\Flagged"],
        body: "Die Unterlagen sind vollständig.",
        attachment: Some("anlage.pdf"),
    },
    Known {
        folder: "INBOX",
        from: "Leitung <leitung@example.test>",
        to: "alice@example.test",
        subject: "Dringend: Frist",
        date: "Fri, 06 Mar 2026 10:00:00 +0000",
        flags: &["\\Seen", "\\Flagged"],
        body: "Die Frist endet Freitag.",
        attachment: None,
    },
    Known {
        folder: "Archiv",
        from: "Leitung <leitung@example.test>",
        to: "alice@example.test",
        subject: "Fristverlängerung alt",
        date: "Mon, 05 Jan 2026 10:00:00 +0000",
        flags: &["\\Seen"],
        body: "Die Frist wurde verlängert.",
        attachment: None,
    },
    Known {
        folder: "INBOX",
        from: "Hausmeister <hm@example.test>",
        to: "alice@example.test",
        subject: "Umzug Hauptstraße",
        date: "Mon, 09 Mar 2026 10:00:00 +0000",
        flags: &["\\Seen"],
        body: "Wir ziehen in die Hauptstraße 5.",
        attachment: None,
    },
    Known {
        folder: "INBOX",
        from: "Bürgermeisterin <bm@example.test>",
        to: "alice@example.test",
        subject: "Grußwort",
        date: "Tue, 10 Mar 2026 10:00:00 +0000",
        flags: &["\\Seen"],
        body: "Herzliche Grüße an alle.",
        attachment: None,
    },
    Known {
        folder: "INBOX",
        from: "Büro <buero@example.test>",
        to: "alice@example.test",
        subject: "Einladung zur Sitzung",
        date: "Wed, 11 Mar 2026 10:00:00 +0000",
        flags: &["\\Seen"],
        body: "Die Sitzung beginnt um 10 Uhr, die Tagesordnung folgt.",
        attachment: None,
    },
    Known {
        folder: "INBOX",
        from: "Büro <buero@example.test>",
        to: "alice@example.test",
        subject: "Protokoll mit Anlage",
        date: "Thu, 12 Mar 2026 10:00:00 +0000",
        flags: &["\\Seen"],
        body: "Anbei der Bericht.",
        attachment: Some("protokoll_2026.odt"),
    },
];

fn raw(k: &Known, id: &str) -> Vec<u8> {
    let head = format!(
        "From: {}\r\nTo: {}\r\nSubject: {}\r\nDate: {}\r\nMessage-ID: <{id}>\r\nMIME-Version: 1.0\r\n",
        k.from, k.to, k.subject, k.date
    );
    match k.attachment {
        None => format!("{head}Content-Type: text/plain; charset=utf-8\r\n\r\n{}\r\n", k.body),
        Some(name) => format!(
            "{head}Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n{}\r\n\
             --b\r\nContent-Type: application/octet-stream\r\nContent-Disposition: attachment; filename=\"{name}\"\r\n\
             Content-Transfer-Encoding: base64\r\n\r\nAAAA\r\n--b--\r\n",
            k.body
        ),
    }
    .into_bytes()
}

fn filler(i: usize) -> (Vec<u8>, &'static str) {
    let raw = format!(
        "From: Verwaltung {i} <v{i}@example.test>\r\nTo: team@example.test\r\nSubject: Wochenbericht {i}\r\n\
         Date: Mon, 16 Feb 2026 08:00:00 +0000\r\nMessage-ID: <filler-{i}@example.test>\r\n\
         Content-Type: text/plain; charset=utf-8\r\n\r\nRoutine ohne Besonderheiten, Nummer {i}.\r\n"
    );
    (
        raw.into_bytes(),
        if i.is_multiple_of(2) { "\\Seen" } else { "" },
    )
}

fn mailbox() -> MailStore {
    mailbox_with(Fill::Bodies)
}

/// How the generated mailbox is stored.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Fill {
    /// Only the headers (as after a header sync): no full-text entries yet.
    Headers,
    /// Headers, then bodies parsed and indexed with them (a message the reader opened).
    Bodies,
    /// Headers, then bodies stored unparsed (as a pass stores them): indexed later.
    BodiesIndexedLater,
}

fn mailbox_with(fill: Fill) -> MailStore {
    let db = Arc::new(Store::open_in_memory().unwrap());
    let store = MailStore::open(db, "alice").unwrap();
    store.sync_folders(&common::inbox_and_archive()).unwrap();
    for folder_name in ["INBOX", "Archiv"] {
        let folder = store.find_folder(folder_name).unwrap();
        let mut messages: Vec<(Vec<u8>, Vec<String>)> = Vec::new();
        for (i, k) in KNOWN
            .iter()
            .enumerate()
            .filter(|(_, k)| k.folder == folder_name)
        {
            messages.push((
                raw(k, &format!("known-{i}@example.test")),
                k.flags.iter().map(|f| f.to_string()).collect(),
            ));
        }
        if folder_name == "INBOX" {
            for i in 0..500 {
                let (raw, flag) = filler(i);
                messages.push((
                    raw,
                    [flag]
                        .iter()
                        .filter(|f| !f.is_empty())
                        .map(|f| f.to_string())
                        .collect(),
                ));
            }
        }
        let stored = store_as(&store, folder.id, &messages, fill);
        if fill != Fill::Headers {
            assert_eq!(stored, messages.len());
        }
    }
    store
}

/// Stores `(raw, flags)` messages as UIDs 1, 2, … of a folder the way `fill` says (the
/// headers as one batch, then the bodies); returns how many bodies were stored.
fn store_as(
    store: &MailStore,
    folder: i64,
    messages: &[(Vec<u8>, Vec<String>)],
    fill: Fill,
) -> usize {
    let headers: Vec<FetchedHeader> = messages
        .iter()
        .enumerate()
        .map(|(i, (raw, flags))| FetchedHeader {
            uid: i as u32 + 1,
            flags: flags.iter().cloned().collect(),
            modseq: 1,
            size: raw.len() as u32,
            internal_date: 0,
            header: raw.clone(),
        })
        .collect();
    store.apply_header_batch(folder, &headers, None).unwrap();
    let bodies: Vec<(u32, Vec<u8>)> = messages
        .iter()
        .enumerate()
        .map(|(i, (raw, _))| (i as u32 + 1, raw.clone()))
        .collect();
    match fill {
        Fill::Headers => 0,
        Fill::Bodies => store.store_bodies(folder, &bodies).unwrap(),
        Fill::BodiesIndexedLater => store
            .store_parsed_bodies(folder, &ParsedBodies::stage(bodies, None).unwrap())
            .unwrap(),
    }
}

fn golden() -> Vec<(String, Vec<String>)> {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/golden/search.txt"
    ))
    .unwrap();
    let mut out = Vec::new();
    let mut query = None;
    for line in text.lines() {
        if let Some(q) = line.strip_prefix("query: ") {
            query = Some(q.to_string());
        } else if let Some(e) = line.strip_prefix("expect:") {
            let expected: Vec<String> = e
                .split(" | ")
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty())
                .collect();
            out.push((query.take().expect("expect: after a query:"), expected));
        }
    }
    out
}

#[test]
fn golden_queries_find_exactly_the_known_messages_newest_first() {
    golden_queries_answer(&mailbox());
}

/// Bodies stored as a pass stores them (unparsed) and indexed afterwards answer
/// exactly as bodies indexed on arrival: text, attachment names, `has:attachment`.
#[test]
fn bodies_indexed_after_the_pass_answer_the_same() {
    let store = mailbox_with(Fill::BodiesIndexedLater);
    assert_eq!(store.unindexed_count().unwrap(), 510);
    while store.index_pending(200).unwrap() > 0 {}
    assert_eq!(store.unindexed_count().unwrap(), 0);
    assert_eq!(index_rows(&store), 510);
    golden_queries_answer(&store);
    // The list shows what the parse found: preview and attachment names.
    let parsed = mailbox();
    let list = |s: &MailStore| {
        let inbox = s.find_folder("INBOX").unwrap();
        s.list(inbox.id, 0, 600)
            .unwrap()
            .into_iter()
            .map(|m| (m.subject, m.preview, m.has_attachment))
            .collect::<Vec<_>>()
    };
    let later = list(&store);
    assert!(later.iter().all(|(_, preview, _)| !preview.is_empty()));
    assert!(later.iter().any(|(_, _, attached)| *attached));
    assert_eq!(later, list(&parsed));
}

/// A search in the middle of a large backlog (a first sync whose bodies are local
/// but not yet indexed) indexes the newest messages and leaves the folders with the
/// rest to the server instead of indexing everything before it answers.
#[test]
fn a_search_indexes_the_newest_and_leaves_a_large_backlog_to_the_server() {
    let db = Arc::new(Store::open_in_memory().unwrap());
    let store = MailStore::open(db, "alice").unwrap();
    store.sync_folders(&common::inbox_and_archive()).unwrap();
    let inbox = store.find_folder("INBOX").unwrap();
    let n = werkbank_mail::search::SEARCH_CATCH_UP as u32 + 100;
    let messages: Vec<(Vec<u8>, Vec<String>)> = (0..n)
        .map(|i| {
            let raw = format!(
                "From: Amt <amt@example.test>\r\nTo: alice@example.test\r\nSubject: Vorgang {i}\r\n\
                 Message-ID: <backlog-{i}@example.test>\r\nDate: {}\r\n\r\nAktenzeichen {i}\r\n",
                chrono_like(i)
            );
            (raw.into_bytes(), Vec::new())
        })
        .collect();
    store_as(&store, inbox.id, &messages, Fill::BodiesIndexedLater);

    let result = store.search("aktenzeichen", 5).unwrap();
    let subjects: Vec<&str> = result
        .hits
        .iter()
        .map(|h| h.message.subject.as_str())
        .collect();
    let newest = n - 1;
    assert_eq!(subjects[0], format!("Vorgang {newest}"), "{subjects:?}");
    assert_eq!(store.unindexed_count().unwrap(), 100);
    assert_eq!(
        result.incomplete_folders,
        [inbox.id],
        "the rest is for the server"
    );
    // The next search indexes the next batch: here the rest, the oldest included.
    let result = store.search("aktenzeichen 0", 5).unwrap();
    assert_eq!(result.hits.len(), 1);
    assert_eq!(result.hits[0].message.subject, "Vorgang 0");
    assert!(result.incomplete_folders.is_empty());
    assert_eq!(store.unindexed_count().unwrap(), 0);
}

/// An RFC 5322 date `i` minutes after a fixed start, so message `i` is the `i`-th newest.
fn chrono_like(i: u32) -> String {
    let (day, minute) = (1 + i / 1440, i % 1440);
    format!(
        "{:02} Jan 2026 {:02}:{:02}:00 +0000",
        day,
        minute / 60,
        minute % 60
    )
}

fn golden_queries_answer(store: &MailStore) {
    let cases = golden();
    assert!(cases.len() >= 20, "the golden file has its cases");
    let mut failures = Vec::new();
    for (query, expected) in &cases {
        let found: Vec<String> = store
            .search(query, 50)
            .unwrap()
            .hits
            .iter()
            .map(|h| h.message.subject.clone())
            .collect();
        if &found != expected {
            failures.push(format!("{query:?}: expected {expected:?}, found {found:?}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn hits_carry_a_marked_snippet_and_the_folder() {
    let store = mailbox();
    let result = store.search("hauptstraße", 10).unwrap();
    let hit = &result.hits[0];
    assert_eq!(hit.folder, "INBOX");
    assert!(
        hit.snippet
            .iter()
            .any(|p| p.hit && p.text.to_lowercase().contains("hauptstraße")),
        "{:?}",
        hit.snippet
    );
    assert!(result.incomplete_folders.is_empty(), "every body is local");
}

#[test]
fn a_bad_date_is_a_clear_error() {
    let store = mailbox();
    let error = store.search("before:31.12.2026", 10).unwrap_err();
    assert!(error.to_string().contains("31.12.2026"), "{error}");
}

#[test]
fn the_index_can_be_rebuilt_with_the_same_answers() {
    let store = mailbox();
    assert_eq!(store.reindex().unwrap(), 510);
    let found = store.search("muller", 10).unwrap().hits.len();
    assert_eq!(found, 3);
    store.db().integrity_check().unwrap();
}

fn index_rows(store: &MailStore) -> i64 {
    store
        .db()
        .with_conn(|c| c.query_row("SELECT COUNT(*) FROM mail_fts", [], |r| r.get(0)))
        .unwrap()
}

/// Headers are stored without full-text entries (a message is indexed once, with its
/// body, or after the pass); a search indexes what is left before it looks, and a body
/// arriving later replaces the header-only entry instead of adding a second.
#[test]
fn headers_without_bodies_are_indexed_once_and_before_a_search() {
    let store = mailbox_with(Fill::Headers);
    assert_eq!(store.unindexed_count().unwrap(), 510);
    assert_eq!(index_rows(&store), 0);

    let full = mailbox();
    let senders = |s: &MailStore, q: &str| {
        s.search(q, 50)
            .unwrap()
            .hits
            .into_iter()
            .map(|h| (h.message.subject, h.folder))
            .collect::<Vec<_>>()
    };
    let by_sender = senders(&store, "from:muller");
    assert_eq!(by_sender, senders(&full, "from:muller"));
    assert_eq!(by_sender.len(), 2, "{by_sender:?}");
    assert_eq!(store.unindexed_count().unwrap(), 0);
    assert_eq!(index_rows(&store), 510);
    // The bodies were not searched here: the folders are for the server to search.
    assert!(
        !store
            .search("muller", 10)
            .unwrap()
            .incomplete_folders
            .is_empty()
    );

    // A batch of 200 indexes 200, newest first, until none are left.
    let store = mailbox_with(Fill::Headers);
    assert_eq!(store.index_pending(200).unwrap(), 200);
    assert_eq!(store.unindexed_count().unwrap(), 310);
    let newest_indexed: i64 = store
        .db()
        .with_conn(|c| {
            c.query_row(
                "SELECT MIN(date) FROM mail_messages WHERE unindexed = 0",
                [],
                |r| r.get(0),
            )
        })
        .unwrap();
    let newest_pending: i64 = store
        .db()
        .with_conn(|c| {
            c.query_row(
                "SELECT MAX(date) FROM mail_messages WHERE unindexed = 1",
                [],
                |r| r.get(0),
            )
        })
        .unwrap();
    assert!(
        newest_pending <= newest_indexed,
        "recent mail is indexed first"
    );
    while store.index_pending(200).unwrap() > 0 {}
    assert_eq!(store.unindexed_count().unwrap(), 0);

    // Bodies now: one entry per message still, and the body text is found.
    let inbox = store.find_folder("INBOX").unwrap();
    let first = KNOWN.iter().position(|k| k.folder == "INBOX").unwrap();
    let raw = raw(&KNOWN[first], &format!("known-{first}@example.test"));
    assert_eq!(store.store_bodies(inbox.id, &[(1, raw)]).unwrap(), 1);
    assert_eq!(index_rows(&store), 510);
    let word = "Entwurf";
    assert!(KNOWN[first].body.contains(word));
    assert!(
        store
            .search(word, 50)
            .unwrap()
            .hits
            .iter()
            .any(|h| h.message.subject == KNOWN[first].subject),
        "{word}"
    );
    store.db().integrity_check().unwrap();
}
