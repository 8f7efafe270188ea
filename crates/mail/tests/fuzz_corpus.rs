//! Replays the fuzz corpora of the mail parsers (`fuzz/corpus/mail_*`) with the same
//! properties the fuzz targets check, so a crash found once stays fixed without the
//! fuzzer (see fuzz/README.md).

#![allow(clippy::unwrap_used)]

use std::path::PathBuf;
use std::sync::Arc;
use werkbank_mail::envelope::{parse_headers, parse_message};
use werkbank_mail::store::{ListedFolder, Role};
use werkbank_mail::{MailError, MailStore};
use werkbank_store::Store;

fn corpus(name: &str) -> Vec<(PathBuf, Vec<u8>)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../fuzz/corpus")
        .join(name);
    let mut files: Vec<(PathBuf, Vec<u8>)> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .map(|p| (p.clone(), std::fs::read(&p).unwrap()))
        .collect();
    files.sort();
    assert!(files.len() >= 5, "{} has its seeds", dir.display());
    files
}

fn clean(s: &str) -> bool {
    !s.chars()
        .any(|c| c.is_control() || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}'))
}

#[test]
fn every_message_in_the_corpus_parses_cleanly() {
    for (path, data) in corpus("mail_message") {
        let headers = parse_headers(&data);
        let content = parse_message(&data);
        for e in [&headers, &content.envelope] {
            assert!(
                clean(&e.subject) && clean(&e.from_name) && clean(&e.from_addr),
                "{}",
                path.display()
            );
            assert!(e.recipients.lines().all(clean), "{}", path.display());
        }
        assert!(content.preview.chars().count() <= 160, "{}", path.display());
        assert!(
            content.attachments.iter().all(|n| clean(n)),
            "{}: {:?}",
            path.display(),
            content.attachments
        );
    }
}

#[test]
fn every_query_in_the_corpus_runs_or_fails_plainly() {
    let store = MailStore::open(Arc::new(Store::open_in_memory().unwrap()), "fuzz").unwrap();
    store
        .sync_folders(&[ListedFolder {
            name: "INBOX".into(),
            delimiter: Some("/".into()),
            role: Some(Role::Inbox),
            subscribed: true,
            selectable: true,
        }])
        .unwrap();
    for (path, data) in corpus("mail_query") {
        let text = String::from_utf8(data).unwrap();
        match store.search(&text, 10) {
            Ok(_) | Err(MailError::InvalidInput { .. } | MailError::NotFound { .. }) => {}
            Err(other) => panic!("{}: {text:?} gave {other:?}", path.display()),
        }
    }
}
