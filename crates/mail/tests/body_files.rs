//! Raw messages as files beside the database: a batch's bodies in one file (a pack),
//! written once, read back checked, shared by a local copy, removed when no row names
//! them, rewritten when mostly dead, found again after a kill between placing a file
//! and recording it, and fetched again when a file is damaged.

#![allow(clippy::unwrap_used)]

mod common;

use std::path::{Path, PathBuf};
use std::sync::Arc;
use werkbank_mail::MailStore;
use werkbank_mail::store::{FetchedHeader, ParsedBodies};
use werkbank_store::Store;

fn message(i: u32) -> Vec<u8> {
    format!(
        "From: Jürgen Müller <j@example.test>\r\nTo: alice@example.test\r\n\
         Subject: Nachricht {i}\r\nMessage-ID: <files-{i}@example.test>\r\n\
         Date: Mon, 02 Mar 2026 10:{:02}:00 +0000\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n\
         Haushaltsplan Nummer {i}\r\n",
        i % 60
    )
    .into_bytes()
}

struct Profile {
    _dir: tempfile::TempDir,
    db_path: PathBuf,
}

fn profile() -> Profile {
    let dir = tempfile::tempdir().unwrap();
    let db_path = dir.path().join("werkbank.sqlite");
    Profile { _dir: dir, db_path }
}

fn open(p: &Profile) -> MailStore {
    let store = MailStore::open(Arc::new(Store::open(&p.db_path).unwrap()), "alice").unwrap();
    store.sync_folders(&common::inbox_and_archive()).unwrap();
    store
}

/// Headers for UIDs 1..=n in INBOX; returns the folder id.
fn headers(store: &MailStore, n: u32) -> i64 {
    let inbox = store.find_folder("INBOX").unwrap();
    let batch: Vec<FetchedHeader> = (1..=n)
        .map(|uid| FetchedHeader {
            uid,
            flags: Default::default(),
            modseq: 1,
            size: message(uid).len() as u32,
            internal_date: 0,
            header: message(uid),
        })
        .collect();
    store.apply_header_batch(inbox.id, &batch, None).unwrap();
    inbox.id
}

fn files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return out;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            out.extend(files(&path));
        } else {
            out.push(path);
        }
    }
    out.sort();
    out
}

fn id_of(store: &MailStore, folder: i64, uid: u32) -> i64 {
    store.ids_for_uids(folder, &[uid]).unwrap()[0]
}

fn count(store: &MailStore, sql: &str) -> i64 {
    store
        .db()
        .with_conn(|c| c.query_row(sql, [], |r| r.get(0)))
        .unwrap()
}

#[test]
fn bodies_are_files_read_back_and_removed_with_their_messages() {
    let p = profile();
    let store = open(&p);
    let dir = store.body_files().unwrap().dir().to_path_buf();
    let inbox = headers(&store, 5);
    let bodies: Vec<(u32, Vec<u8>)> = (1..=5).map(|uid| (uid, message(uid))).collect();
    assert_eq!(store.store_bodies(inbox, &bodies).unwrap(), 5);

    // One file for the batch, nothing in the database's blob table, nothing staged.
    let placed = files(&dir);
    assert_eq!(placed.len(), 1, "{placed:?}");
    assert!(placed.iter().all(|f| !f.starts_with(dir.join("staging"))));
    assert_eq!(count(&store, "SELECT COUNT(*) FROM mail_bodies"), 0);
    let all: u64 = (1..=5).map(|uid| message(uid).len() as u64).sum();
    assert_eq!(std::fs::metadata(&placed[0]).unwrap().len(), all);
    // Mail is private: owner-only, as the rest of the profile.
    {
        use std::os::unix::fs::PermissionsExt;
        for file in &placed {
            let mode = std::fs::metadata(file).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600, "{file:?}");
            let parent = std::fs::metadata(file.parent().unwrap()).unwrap();
            assert_eq!(parent.permissions().mode() & 0o777, 0o700, "{file:?}");
        }
    }
    for uid in 1..=5 {
        assert_eq!(
            store.raw(id_of(&store, inbox, uid)).unwrap(),
            Some(message(uid))
        );
    }
    assert_eq!(store.search("Haushaltsplan", 10).unwrap().hits.len(), 5);

    // A local copy shares the file; the file stays while any row names it.
    let archive = store.find_folder("Archiv").unwrap().id;
    let copied = store.copy_to(&[id_of(&store, inbox, 1)], archive).unwrap();
    assert_eq!(files(&dir).len(), 1);
    assert_eq!(store.raw(copied[0]).unwrap(), Some(message(1)));
    assert_eq!(store.remove_uids(inbox, &[1, 2]).unwrap(), 2);
    // Three of five bodies are still named (1 by its copy, 4, 5; 3 below): kept whole.
    assert_eq!(store.collect_dead_bodies().unwrap(), 0);
    assert_eq!(files(&dir), placed);
    assert_eq!(store.raw(copied[0]).unwrap(), Some(message(1)));

    // The same body stored again goes into a file of its own.
    let id3 = id_of(&store, inbox, 3);
    store.store_bodies(inbox, &[(3, message(3))]).unwrap();
    assert_eq!(files(&dir).len(), 2);
    assert_eq!(store.raw(id3).unwrap(), Some(message(3)));
    assert_eq!(count(&store, "SELECT COUNT(*) FROM mail_dead_bodies"), 0);
    for uid in 4..=5 {
        assert_eq!(
            store.raw(id_of(&store, inbox, uid)).unwrap(),
            Some(message(uid))
        );
    }
    store.db().integrity_check().unwrap();
}

/// Once less than half of a pack belongs to messages still there, its live bodies are
/// copied into a new file and the old one goes; every message reads back the same, a
/// local copy included, and a body two rows share is copied once.
#[test]
fn a_mostly_dead_pack_is_rewritten() {
    let p = profile();
    let store = open(&p);
    let dir = store.body_files().unwrap().dir().to_path_buf();
    let inbox = headers(&store, 10);
    let bodies: Vec<(u32, Vec<u8>)> = (1..=10).map(|uid| (uid, message(uid))).collect();
    assert_eq!(store.store_bodies(inbox, &bodies).unwrap(), 10);
    let old = files(&dir);
    assert_eq!(old.len(), 1);
    let archive = store.find_folder("Archiv").unwrap().id;
    let copy = store.copy_to(&[id_of(&store, inbox, 9)], archive).unwrap()[0];

    // Half gone: kept.
    assert_eq!(store.remove_uids(inbox, &[1, 2, 3, 4, 5]).unwrap(), 5);
    assert_eq!(store.collect_dead_bodies().unwrap(), 0);
    assert_eq!(files(&dir), old);

    // Seven of ten gone (9 lives on in its copy as well): rewritten.
    assert_eq!(store.remove_uids(inbox, &[6, 7]).unwrap(), 2);
    assert_eq!(store.collect_dead_bodies().unwrap(), 1, "the old pack");
    let new = files(&dir);
    assert_eq!(new.len(), 1);
    assert_ne!(new, old);
    let live: u64 = [8, 9, 10]
        .iter()
        .map(|&uid| message(uid).len() as u64)
        .sum();
    assert_eq!(std::fs::metadata(&new[0]).unwrap().len(), live);
    for uid in 8..=10 {
        assert_eq!(
            store.raw(id_of(&store, inbox, uid)).unwrap(),
            Some(message(uid))
        );
    }
    assert_eq!(store.raw(copy).unwrap(), Some(message(9)));
    assert_eq!(count(&store, "SELECT COUNT(*) FROM mail_dead_bodies"), 0);
    assert!(files(&dir.join("staging")).is_empty());
    assert!(
        store
            .missing_bodies(inbox, 10, None, None)
            .unwrap()
            .is_empty()
    );
    store.db().integrity_check().unwrap();

    // The last rows leaving it remove it.
    assert_eq!(store.remove_uids(inbox, &[8, 9, 10]).unwrap(), 3);
    // The copy still names 9: rewritten once more, with 9 alone.
    assert_eq!(store.collect_dead_bodies().unwrap(), 1);
    let last = files(&dir);
    assert_eq!(last.len(), 1);
    assert_eq!(std::fs::read(&last[0]).unwrap(), message(9));
    assert_eq!(store.raw(copy).unwrap(), Some(message(9)));
    // The copy goes as well (as when the server has no such message).
    store
        .db()
        .with_conn(|c| c.execute("DELETE FROM mail_messages WHERE id = ?1", [copy]))
        .unwrap();
    assert_eq!(store.collect_dead_bodies().unwrap(), 1);
    assert!(files(&dir).is_empty());
}

#[test]
fn a_damaged_file_is_fetched_again_not_shown() {
    let p = profile();
    let store = open(&p);
    let dir = store.body_files().unwrap().dir().to_path_buf();
    let inbox = headers(&store, 2);
    store
        .store_bodies(inbox, &[(1, message(1)), (2, message(2))])
        .unwrap();
    assert!(
        store
            .missing_bodies(inbox, 10, None, None)
            .unwrap()
            .is_empty()
    );
    // A power loss can leave a file short (files are not fsynced): both bodies of the
    // batch are in it, and each is found damaged when it is read.
    let (id1, id2) = (id_of(&store, inbox, 1), id_of(&store, inbox, 2));
    let damaged = files(&dir);
    assert_eq!(damaged.len(), 1);
    let damaged = &damaged[0];
    std::fs::write(damaged, &message(1)[..10]).unwrap();
    assert_eq!(store.raw(id1).unwrap(), None);
    let missing = store.missing_bodies(inbox, 10, None, None).unwrap();
    assert_eq!(missing.iter().map(|(uid, _)| *uid).collect::<Vec<_>>(), [1]);
    assert!(!store.summary(id1).unwrap().body_local);
    assert_eq!(store.raw(id2).unwrap(), None);
    assert_eq!(
        store.missing_bodies(inbox, 10, None, None).unwrap().len(),
        2
    );
    store
        .store_bodies(inbox, &[(1, message(1)), (2, message(2))])
        .unwrap();
    assert_eq!(store.raw(id1).unwrap(), Some(message(1)));
    assert_eq!(store.raw(id2).unwrap(), Some(message(2)));
    // Storing collects what died meanwhile: the damaged file is gone.
    assert!(!damaged.exists());
    assert_eq!(files(&dir).len(), 1);
    assert_eq!(count(&store, "SELECT COUNT(*) FROM mail_dead_bodies"), 0);
}

/// Bodies stored the way a pass stores them (written to their pack, not parsed) are
/// local at once and enter the index afterwards, read back from the pack.
#[test]
fn bodies_stored_unparsed_are_indexed_afterwards_from_their_file() {
    let p = profile();
    let store = open(&p);
    let inbox = headers(&store, 3);
    assert_eq!(store_as_a_pass_does(&store, inbox, 1..=3), 3);
    let id2 = id_of(&store, inbox, 2);
    let before = store.summary(id2).unwrap();
    assert!(before.body_local);
    assert_eq!(before.preview, "", "parsed only when indexed");
    assert_eq!(store.raw(id2).unwrap(), Some(message(2)));
    assert_eq!(store.unindexed_count().unwrap(), 3);

    assert_eq!(store.index_pending(10).unwrap(), 3);
    assert_eq!(store.unindexed_count().unwrap(), 0);
    assert_eq!(
        store.summary(id2).unwrap().preview,
        "Haushaltsplan Nummer 2"
    );
    let result = store.search("haushaltsplan nummer 2", 10).unwrap();
    assert_eq!(result.hits.len(), 1);
    assert_eq!(result.hits[0].message.id, id2);
    assert!(result.incomplete_folders.is_empty());
    assert_eq!(count(&store, "SELECT COUNT(*) FROM mail_fts"), 3);
}

/// A pack found short when its bodies are indexed (a power loss after the pass stored
/// them): the bodies are marked missing, so the next pass fetches them again, and the
/// messages are indexed by their headers meanwhile — nothing is shown or indexed from
/// a damaged file.
#[test]
fn a_body_lost_before_it_was_indexed_is_fetched_again() {
    let p = profile();
    let store = open(&p);
    let dir = store.body_files().unwrap().dir().to_path_buf();
    let inbox = headers(&store, 2);
    store_as_a_pass_does(&store, inbox, 1..=2);
    let pack = files_in(&dir);
    std::fs::write(&pack, &message(1)[..10]).unwrap();

    assert_eq!(store.index_pending(10).unwrap(), 2);
    assert_eq!(store.unindexed_count().unwrap(), 0);
    assert_eq!(
        store.missing_bodies(inbox, 10, None, None).unwrap().len(),
        2
    );
    let local = store.search("haushaltsplan", 10).unwrap();
    assert!(local.hits.is_empty());
    assert_eq!(
        local.incomplete_folders,
        [inbox],
        "the server is asked instead"
    );
    assert_eq!(store.search("subject:nachricht", 10).unwrap().hits.len(), 2);

    // Fetched again (as the next pass does): indexed with the body once more.
    store_as_a_pass_does(&store, inbox, 1..=2);
    assert_eq!(store.index_pending(10).unwrap(), 2);
    assert_eq!(store.search("haushaltsplan", 10).unwrap().hits.len(), 2);
    assert_eq!(count(&store, "SELECT COUNT(*) FROM mail_fts"), 2);
}

/// The indexer reads a batch, parses it without the database and then writes it; a
/// message whose body changed in between (here: fetched again and indexed on
/// arrival, as when the reader opens it) keeps the newer entry.
#[test]
fn a_message_changed_while_its_batch_was_parsed_keeps_the_newer_entry() {
    let p = profile();
    let store = open(&p);
    let inbox = headers(&store, 1);
    store_as_a_pass_does(&store, inbox, 1..=1);
    let files = store.body_files();
    let pending = store
        .pending_index(werkbank_mail::search::index::IndexCursor::START, 10)
        .unwrap();
    assert_eq!(pending.len(), 1);
    let loaded = pending.load(files.as_deref()).unwrap();

    let newer = String::from_utf8(message(1))
        .unwrap()
        .replace("Haushaltsplan", "Sitzungsprotokoll")
        .into_bytes();
    store.store_bodies(inbox, &[(1, newer)]).unwrap();
    assert_eq!(store.write_index(&loaded).unwrap(), 0, "left as it is");
    assert_eq!(store.search("sitzungsprotokoll", 10).unwrap().hits.len(), 1);
    assert!(store.search("haushaltsplan", 10).unwrap().hits.is_empty());
    assert_eq!(count(&store, "SELECT COUNT(*) FROM mail_fts"), 1);
}

/// Stores the bodies of `uids` the way a pass does: written to a pack, not parsed
/// (indexed later); returns how many were stored.
fn store_as_a_pass_does(
    store: &MailStore,
    inbox: i64,
    uids: std::ops::RangeInclusive<u32>,
) -> usize {
    let files = store.body_files();
    let staged = ParsedBodies::stage(
        uids.map(|uid| (uid, message(uid))).collect(),
        files.as_deref(),
    )
    .unwrap();
    store.store_parsed_bodies(inbox, &staged).unwrap()
}

/// The one file under `dir`.
fn files_in(dir: &Path) -> PathBuf {
    let all = files(dir);
    assert_eq!(all.len(), 1, "{all:?}");
    all.into_iter().next().unwrap()
}

/// A kill after a file was placed but before its row named it leaves the name in
/// `mail_dead_bodies` with the time it was staged; it is removed once it is clearly
/// not another process's batch in flight.
#[test]
fn a_file_placed_but_never_recorded_is_removed() {
    let p = profile();
    let store = open(&p);
    let dir = store.body_files().unwrap().dir().to_path_buf();
    let inbox = headers(&store, 1);
    let parsed =
        ParsedBodies::parse_and_stage(vec![(1, message(1))], store.body_files().as_deref())
            .unwrap();
    // Staged, not yet placed or recorded: what a kill in the parse stage leaves. It
    // may be another process's batch in flight, so it stays while it is young.
    let staged = files(&dir.join("staging"));
    assert_eq!(staged.len(), 1);
    assert_eq!(store.collect_dead_bodies().unwrap(), 0);
    assert!(staged[0].exists());
    store.store_parsed_bodies(inbox, &parsed).unwrap();
    assert_eq!(files(&dir.join("staging")).len(), 0);
    assert_eq!(files(&dir).len(), 1);

    // A name recorded as staged an hour and more ago, whose row never came.
    let orphan = files(&dir)[0].clone();
    let name = orphan.file_name().unwrap().to_string_lossy().into_owned();
    // In the same subdirectory: the last two characters choose it.
    let (stem, fan) = name.split_at(name.len() - 2);
    let spare = orphan.with_file_name(format!("{stem}z{fan}"));
    std::fs::copy(&orphan, &spare).unwrap();
    let spare_name = spare.file_name().unwrap().to_string_lossy().into_owned();
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64;
    store
        .db()
        .with_conn(|c| {
            c.execute(
                "INSERT INTO mail_dead_bodies (name, staged_at) VALUES (?1, 1), (?2, ?3)",
                rusqlite::params![spare_name, format!("{name}y"), now],
            )
        })
        .unwrap();
    // A recent one is another process's batch in flight: left alone.
    assert_eq!(store.collect_dead_bodies().unwrap(), 1);
    assert!(!spare.exists());
    assert!(orphan.exists(), "named by its row");
    assert_eq!(count(&store, "SELECT COUNT(*) FROM mail_dead_bodies"), 1);
}

/// Bodies stored in the database before migration 0007 stay readable.
#[test]
fn bodies_from_before_files_are_still_read() {
    let p = profile();
    let store = open(&p);
    let inbox = headers(&store, 1);
    let id = id_of(&store, inbox, 1);
    store
        .db()
        .with_conn(|c| {
            c.execute(
                "INSERT INTO mail_bodies (message, raw) VALUES (?1, ?2)",
                (id, message(1)),
            )?;
            c.execute(
                "UPDATE mail_messages SET body_state = 1 WHERE id = ?1",
                [id],
            )
        })
        .unwrap();
    assert_eq!(store.raw(id).unwrap(), Some(message(1)));
    // Stored again (e.g. after a repair): now a file, and the blob is gone.
    store.store_bodies(inbox, &[(1, message(1))]).unwrap();
    assert_eq!(count(&store, "SELECT COUNT(*) FROM mail_bodies"), 0);
    assert_eq!(store.raw(id).unwrap(), Some(message(1)));
}

/// A staged file older than an hour belongs to a batch that failed before its names
/// were recorded: the cleanup at the end of a pass removes it.
#[test]
fn an_old_staged_file_is_swept() {
    let p = profile();
    let store = open(&p);
    let dir = store.body_files().unwrap().dir().to_path_buf();
    ParsedBodies::parse_and_stage(vec![(1, message(1))], store.body_files().as_deref()).unwrap();
    let staged = files(&dir.join("staging"));
    assert_eq!(staged.len(), 1);
    let two_hours_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(7200);
    std::fs::File::options()
        .write(true)
        .open(&staged[0])
        .unwrap()
        .set_modified(two_hours_ago)
        .unwrap();
    assert_eq!(store.collect_dead_bodies().unwrap(), 1);
    assert!(files(&dir).is_empty());
}

/// Removing an account takes its mail with it: rows, full-text entries and files; the
/// other account's mail in the same profile stays whole.
#[test]
fn removing_an_account_deletes_its_mail_and_files_only() {
    let p = profile();
    let db = Arc::new(Store::open(&p.db_path).unwrap());
    let [alice, bob] = ["alice", "bob"].map(|account| {
        let store = MailStore::open(db.clone(), account).unwrap();
        store.sync_folders(&common::inbox_and_archive()).unwrap();
        store
    });
    let dir = alice.body_files().unwrap().dir().to_path_buf();
    let inbox = headers(&alice, 3);
    let bodies: Vec<(u32, Vec<u8>)> = (1..=3).map(|uid| (uid, message(uid))).collect();
    alice.store_bodies(inbox, &bodies).unwrap();
    let bob_inbox = headers(&bob, 2);
    bob.store_bodies(bob_inbox, &[(1, message(1)), (2, message(2))])
        .unwrap();
    assert_eq!(files(&dir).len(), 2, "a file for each account's batch");
    assert_eq!(alice.search("Haushaltsplan", 10).unwrap().hits.len(), 3);

    alice.remove_account().unwrap();

    assert!(alice.folders().unwrap().is_empty());
    assert_eq!(alice.search("Haushaltsplan", 10).unwrap().hits.len(), 0);
    assert_eq!(files(&dir).len(), 1, "only bob's file is left");
    assert_eq!(bob.search("Haushaltsplan", 10).unwrap().hits.len(), 2);
    for uid in 1..=2 {
        assert_eq!(
            bob.raw(id_of(&bob, bob_inbox, uid)).unwrap(),
            Some(message(uid))
        );
    }
    // No full-text entry is left without its message.
    assert_eq!(count(&bob, "SELECT COUNT(*) FROM mail_fts"), 2);
    assert_eq!(count(&bob, "SELECT COUNT(*) FROM mail_dead_bodies"), 0);
    bob.db().integrity_check().unwrap();
}
