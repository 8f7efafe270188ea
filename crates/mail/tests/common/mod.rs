//! Shared helpers of the mail integration tests: a store in a temporary directory, a
//! syncer for alice against the harness's Dovecot, folders of her own per test (tests
//! of one binary run in parallel), and Python's imaplib as "another mail program".

#![allow(dead_code, clippy::unwrap_used)]

use rustls::pki_types::CertificateDer;
use rustls::pki_types::pem::PemObject;
use std::sync::Arc;
use werkbank_harness::mail::{ImapSession, MAIL_HOST};
use werkbank_harness::{Harness, User};
use werkbank_mail::store::{ListedFolder, Role};
use werkbank_mail::{Endpoint, MailStore, Security, SyncOptions, Syncer};
use werkbank_net::{Net, NetConfig};
use werkbank_store::Store;

pub fn net() -> Net {
    let mut config = NetConfig::new();
    config.extra_roots = vec![CertificateDer::from_pem_file(Harness::get().ca_cert()).unwrap()];
    Net::new(config).unwrap()
}

pub fn endpoint() -> Endpoint {
    Endpoint {
        host: MAIL_HOST.into(),
        port: Harness::get().port("HARNESS_IMAPS_PORT"),
        security: Security::Tls,
    }
}

pub struct Fixture {
    pub dir: tempfile::TempDir,
    pub store: MailStore,
    pub syncer: Syncer,
}

/// A fresh store for `user` and a syncer into it.
pub fn fixture(user: User) -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let db = Arc::new(Store::open(dir.path().join("werkbank.sqlite3")).unwrap());
    let store = MailStore::open(db, user.name()).unwrap();
    let syncer = Syncer::new(
        store.clone(),
        net(),
        endpoint(),
        &user.email(),
        Harness::get().password(user),
    );
    Fixture { dir, store, syncer }
}

/// Another syncer on the same database file (as after a restart).
pub fn reopen(f: &Fixture, user: User) -> (MailStore, Syncer) {
    let db = Arc::new(Store::open(f.dir.path().join("werkbank.sqlite3")).unwrap());
    let store = MailStore::open(db, user.name()).unwrap();
    let syncer = Syncer::new(
        store.clone(),
        net(),
        endpoint(),
        &user.email(),
        Harness::get().password(user),
    );
    (store, syncer)
}

/// Options that sync only `folders`, headers only.
pub fn only(folders: &[&str]) -> SyncOptions {
    SyncOptions {
        folders: folders.iter().map(|f| f.to_string()).collect(),
        bodies: werkbank_mail::Bodies::None,
        ..SyncOptions::default()
    }
}

/// A unique folder name for one test.
pub fn folder_name(prefix: &str) -> String {
    format!(
        "{prefix}-{}",
        werkbank_harness::mail::unique_id().replace('.', "-")
    )
}

/// A message with a known Message-ID and date (minutes after a fixed start).
pub fn message(id: &str, subject: &str, body: &str, minute: u32) -> Vec<u8> {
    format!(
        "From: Jürgen Müller <jm@example.test>\r\nTo: alice@example.test\r\nSubject: {subject}\r\n\
         Message-ID: <{id}>\r\nDate: Mon, 23 Nov 2026 {:02}:{:02}:00 +0000\r\nMIME-Version: 1.0\r\n\
         Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n{body}\r\n",
        8 + minute / 60,
        minute % 60
    )
    .into_bytes()
}

pub async fn imap(user: User) -> ImapSession {
    werkbank_harness::mail::imap(user).await.unwrap()
}

/// Creates `folder` for `user` with `messages` appended in order (UIDs 1..=n).
pub async fn seed(user: User, folder: &str, messages: &[Vec<u8>]) {
    let mut session = imap(user).await;
    session.create(folder).await.unwrap();
    for raw in messages {
        session.append(folder, None, None, raw).await.unwrap();
    }
    session.logout().await.unwrap();
}

/// Runs Python code with `m`, an imaplib.IMAP4_SSL logged in as `user`; returns what
/// it printed.
pub fn imaplib(user: User, code: &str) -> String {
    let h = Harness::get();
    let script = format!(
        "import imaplib, ssl, os\n\
         ctx = ssl.create_default_context(cafile=os.environ['WB_CA'])\n\
         m = imaplib.IMAP4_SSL('{MAIL_HOST}', int(os.environ['WB_PORT']), ssl_context=ctx)\n\
         m.login(os.environ['WB_USER'], os.environ['WB_PASS'])\n\
         {code}\n\
         m.logout()\n"
    );
    let out = std::process::Command::new("python3")
        .arg("-c")
        .arg(script)
        .env("WB_CA", h.ca_cert())
        .env("WB_PORT", h.port("HARNESS_IMAPS_PORT").to_string())
        .env("WB_USER", user.email())
        .env("WB_PASS", h.password(user))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "imaplib failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// The server's `(uid, Message-ID, flags)` of a folder, from Python's imaplib.
pub fn server_state(user: User, folder: &str) -> Vec<(u32, String, Vec<String>)> {
    let out = imaplib(
        user,
        &format!(
            "import re\n\
             typ, _ = m.select('\"{folder}\"')\n\
             typ, data = m.uid('FETCH', '1:*', '(UID FLAGS BODY.PEEK[HEADER.FIELDS (MESSAGE-ID)])')\n\
             for part in data:\n\
             \x20   if not isinstance(part, tuple): continue\n\
             \x20   meta = part[0].decode()\n\
             \x20   uid = re.search(r'UID (\\d+)', meta).group(1)\n\
             \x20   flags = re.search(r'FLAGS \\(([^)]*)\\)', meta).group(1)\n\
             \x20   mid = re.search(rb'<([^>]+)>', part[1]).group(1).decode()\n\
             \x20   print(uid, mid, flags)"
        ),
    );
    let mut rows: Vec<(u32, String, Vec<String>)> = out
        .lines()
        .map(|line| {
            let mut parts = line.splitn(3, ' ');
            let uid = parts.next().unwrap().parse().unwrap();
            let mid = parts.next().unwrap().to_string();
            let mut flags: Vec<String> = parts
                .next()
                .unwrap_or("")
                .split_whitespace()
                .filter(|f| !f.eq_ignore_ascii_case("\\Recent"))
                .map(str::to_string)
                .collect();
            flags.sort();
            (uid, mid, flags)
        })
        .collect();
    rows.sort();
    rows
}

/// The store's `(uid, Message-ID, flags)` of a folder, in the same shape.
pub fn local_state(store: &MailStore, folder: &str) -> Vec<(u32, String, Vec<String>)> {
    let folder = store.find_folder(folder).unwrap();
    let mut rows: Vec<(u32, String, Vec<String>)> = store
        .list(folder.id, 0, 1_000_000)
        .unwrap()
        .into_iter()
        .map(|m| {
            let detail = store.detail(m.id).unwrap();
            let mut flags = m.flags.clone();
            flags.sort();
            (
                m.uid.unwrap_or(0),
                detail.message_id.unwrap_or_default(),
                flags,
            )
        })
        .collect();
    rows.sort();
    rows
}

/// Asserts that the folder holds exactly `messages`, each with its body stored
/// byte for byte: message `n` is the one whose subject is `subject_prefix` and `n`.
pub fn assert_bodies_exact(
    store: &MailStore,
    folder: &str,
    messages: &[Vec<u8>],
    subject_prefix: &str,
) {
    let folder = store.find_folder(folder).unwrap();
    let listed = store.list(folder.id, 0, messages.len() + 1).unwrap();
    assert_eq!(listed.len(), messages.len());
    for m in &listed {
        assert!(m.body_local, "{}", m.subject);
        let n: usize = m
            .subject
            .trim_start_matches(subject_prefix)
            .parse()
            .unwrap();
        assert_eq!(
            store.raw(m.id).unwrap().unwrap(),
            messages[n],
            "{}",
            m.subject
        );
    }
    store.db().integrity_check().unwrap();
}

/// INBOX and an archive folder, as LIST reports them (for stores filled without a
/// server).
pub fn inbox_and_archive() -> Vec<ListedFolder> {
    vec![
        ListedFolder {
            name: "INBOX".into(),
            delimiter: Some("/".into()),
            role: Some(Role::Inbox),
            subscribed: true,
            selectable: true,
        },
        ListedFolder {
            name: "Archiv".into(),
            delimiter: Some("/".into()),
            role: Some(Role::Archive),
            subscribed: true,
            selectable: true,
        },
    ]
}
