//! Anything typed into the search field is a query or a clear error, never an FTS5
//! syntax error or a panic: the parsed query is run against a real (small) store.

#![no_main]

use libfuzzer_sys::fuzz_target;
use std::sync::{Arc, OnceLock};
use werkbank_mail::MailStore;
use werkbank_mail::store::{FetchedHeader, ListedFolder, Role};
use werkbank_store::Store;

fn store() -> &'static MailStore {
    static STORE: OnceLock<MailStore> = OnceLock::new();
    STORE.get_or_init(|| {
        let db = Arc::new(Store::open_in_memory().expect("memory store"));
        let store = MailStore::open(db, "fuzz").expect("schema");
        store
            .sync_folders(&[ListedFolder {
                name: "INBOX".into(),
                delimiter: Some("/".into()),
                role: Some(Role::Inbox),
                subscribed: true,
                selectable: true,
            }])
            .expect("folder");
        let folder = store.find_folder("INBOX").expect("inbox");
        let raw = b"From: M\xc3\xbcller <m@example.test>\r\nSubject: Haushalt\r\n\r\nText\r\n".to_vec();
        let header = FetchedHeader {
            uid: 1,
            flags: Default::default(),
            modseq: 1,
            size: raw.len() as u32,
            internal_date: 0,
            header: raw.clone(),
        };
        store.apply_header_batch(folder.id, &[header], None).expect("headers");
        store.store_bodies(folder.id, &[(1, raw)]).expect("body");
        store
    })
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    match store().search(text, 10) {
        Ok(_) => {}
        // Bad dates and unknown folders are the user's errors, said plainly.
        Err(werkbank_mail::MailError::InvalidInput { .. } | werkbank_mail::MailError::NotFound { .. }) => {}
        Err(other) => panic!("{text:?} gave {other:?}"),
    }
});
