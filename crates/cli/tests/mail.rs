//! `werkbank-cli mail …` against the harness's Dovecot: the commands with `--json`,
//! and crash safety — the sync process is killed (SIGKILL) at seeded random moments
//! during a large initial sync and during the replay of many actions; after every kill
//! the database passes `integrity_check`, and the final state equals the server's.

#![allow(clippy::unwrap_used)]

use futures::TryStreamExt;
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::Duration;
use werkbank_harness::mail::{ImapSession, unique_id};
use werkbank_harness::{Harness, User};
use werkbank_mail::MailStore;
use werkbank_mail::flags::Change;

/// A profile with alice's mail account; the password comes from a command (no keyring).
struct Profile {
    dir: tempfile::TempDir,
}

impl Profile {
    fn new() -> Profile {
        let h = Harness::get();
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("policy.toml"),
            format!(
                "version = 1\n[network]\nca_certificates = [\"{}\"]\n",
                h.ca_cert().display()
            ),
        )
        .unwrap();
        std::fs::write(dir.path().join("pw"), h.password(User::Alice)).unwrap();
        let profile = Profile { dir };
        let imap = format!("imaps://mail.example.test:{}", h.port("HARNESS_IMAPS_PORT"));
        let smtp = format!(
            "submission://mail.example.test:{}",
            h.port("HARNESS_SUBMISSION_PORT")
        );
        let pw = format!("cat {}", profile.dir.path().join("pw").display());
        let (code, json) = profile.run(&[
            "account",
            "add",
            "--id",
            "alice",
            "--email",
            "alice@example.test",
            "--imap",
            &imap,
            "--smtp",
            &smtp,
            "--password-command",
            &pw,
        ]);
        assert_eq!(code, 0, "{json:#}");
        profile
    }

    fn profile_dir(&self) -> PathBuf {
        self.dir.path().join("profile")
    }

    fn command(&self, args: &[&str]) -> Command {
        let mut command = Command::new(env!("CARGO_BIN_EXE_werkbank-cli"));
        command
            .arg("--profile")
            .arg(self.profile_dir())
            .arg("--json")
            .args(args)
            .env("WERKBANK_POLICY", self.dir.path().join("policy.toml"))
            .env_remove("WERKBANK_PROFILE")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        command
    }

    fn run(&self, args: &[&str]) -> (i32, Value) {
        let out = self.command(args).output().unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout).to_string();
        let json = serde_json::from_str(&stdout).unwrap_or_else(|_| {
            Value::String(format!(
                "{stdout}\n{}",
                String::from_utf8_lossy(&out.stderr)
            ))
        });
        (out.status.code().unwrap_or(-1), json)
    }

    fn ok(&self, args: &[&str]) -> Value {
        let (code, json) = self.run(args);
        assert_eq!(code, 0, "{args:?}: {json:#}");
        json
    }

    fn store(&self) -> MailStore {
        let db = werkbank_store::Store::open(self.profile_dir().join("werkbank.sqlite3")).unwrap();
        db.integrity_check().unwrap();
        MailStore::open(Arc::new(db), "alice").unwrap()
    }
}

fn message(id: &str, subject: &str, body: &str, n: usize) -> Vec<u8> {
    let filler = "Sehr geehrte Damen und Herren, anbei der Bericht. ".repeat(n % 40 + 1);
    format!(
        "From: Behörde {n} <absender{n}@example.test>\r\nTo: alice@example.test\r\nSubject: {subject}\r\n\
         Message-ID: <{id}>\r\nDate: Mon, 23 Nov 2026 09:{:02}:{:02} +0000\r\nMIME-Version: 1.0\r\n\
         Content-Type: text/plain; charset=utf-8\r\n\r\n{body}\r\n{filler}\r\n",
        (n / 60) % 60,
        n % 60
    )
    .into_bytes()
}

async fn imap() -> ImapSession {
    werkbank_harness::mail::imap(User::Alice).await.unwrap()
}

async fn seed(folder: &str, messages: &[Vec<u8>]) {
    let mut session = imap().await;
    session.create(folder).await.unwrap();
    for raw in messages {
        session.append(folder, None, None, raw).await.unwrap();
    }
    session.logout().await.unwrap();
}

/// The server's Message-ID → sorted flags of a folder.
async fn server_state(folder: &str) -> BTreeMap<String, Vec<String>> {
    let mut session = imap().await;
    let mailbox = session.select(folder).await.unwrap();
    let mut state = BTreeMap::new();
    if mailbox.exists > 0 {
        let fetches: Vec<_> = session
            .uid_fetch("1:*", "(UID FLAGS BODY.PEEK[HEADER.FIELDS (MESSAGE-ID)])")
            .await
            .unwrap()
            .try_collect()
            .await
            .unwrap();
        for f in fetches {
            let header =
                String::from_utf8_lossy(f.header().or(f.body()).unwrap_or_default()).to_string();
            let id = header
                .split('<')
                .nth(1)
                .and_then(|r| r.split('>').next())
                .unwrap_or_default()
                .to_string();
            let mut flags: Vec<String> = f
                .flags()
                .filter_map(|flag| match flag {
                    async_imap::types::Flag::Seen => Some("\\Seen".to_string()),
                    async_imap::types::Flag::Flagged => Some("\\Flagged".to_string()),
                    async_imap::types::Flag::Answered => Some("\\Answered".to_string()),
                    async_imap::types::Flag::Deleted => Some("\\Deleted".to_string()),
                    async_imap::types::Flag::Draft => Some("\\Draft".to_string()),
                    async_imap::types::Flag::Custom(c) => Some(c.to_string()),
                    _ => None,
                })
                .collect();
            flags.sort();
            assert!(
                state.insert(id.clone(), flags).is_none(),
                "{id} twice in {folder}"
            );
        }
    }
    session.logout().await.unwrap();
    state
}

fn local_state(store: &MailStore, folder: &str) -> BTreeMap<String, Vec<String>> {
    let folder = store.find_folder(folder).unwrap();
    let mut state = BTreeMap::new();
    for m in store.list(folder.id, 0, 1_000_000).unwrap() {
        let id = store.detail(m.id).unwrap().message_id.unwrap();
        assert!(
            m.uid.is_some(),
            "{id} still without UID after a complete sync"
        );
        assert!(
            state.insert(id.clone(), m.flags.clone()).is_none(),
            "{id} twice locally in {}",
            folder.display
        );
    }
    state
}

#[tokio::test]
async fn mail_commands_work_with_json() {
    let folder = format!("cli-{}", unique_id().replace('.', "-"));
    let ids: Vec<String> = (0..3)
        .map(|i| format!("{folder}-{i}@example.test"))
        .collect();
    seed(
        &folder,
        &[
            message(&ids[0], "Haushaltsplan 2027", "Grüße von Frau Müller", 1),
            message(&ids[1], "Einladung Sitzung", "Tagesordnung folgt", 2),
            message(&ids[2], "Re: Haushaltsplan 2027", "Danke, Herr Özdemir", 3),
        ],
    )
    .await;
    let p = Profile::new();
    let report = p.ok(&["mail", "sync", "--folder", &folder, "--bodies", "all"]);
    assert_eq!(report["new_messages"], 3);
    assert_eq!(report["bodies"], 3);

    let folders = p.ok(&["mail", "folders"]);
    let ours = folders
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["display"] == folder.as_str())
        .unwrap();
    assert_eq!(
        (ours["total"].as_u64(), ours["unread"].as_u64()),
        (Some(3), Some(3))
    );
    assert!(
        folders
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["role"] == "trash")
    );

    let list = p.ok(&["mail", "list", "--folder", &folder]);
    let subjects: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["subject"].as_str().unwrap())
        .collect();
    assert_eq!(
        subjects,
        [
            "Re: Haushaltsplan 2027",
            "Einladung Sitzung",
            "Haushaltsplan 2027"
        ]
    );
    let newest = list[0]["id"].as_i64().unwrap().to_string();

    let shown = p.ok(&["mail", "show", &newest]);
    assert!(shown["text"].as_str().unwrap().contains("Özdemir"));

    // Diacritics-insensitive, with operators, newest first, snippets marked.
    let hits = p.ok(&["mail", "search", &format!("muller folder:{folder}")]);
    assert_eq!(hits.as_array().unwrap().len(), 1);
    assert!(
        hits[0]["snippet"]
            .as_array()
            .unwrap()
            .iter()
            .any(|s| s["hit"] == true)
    );
    let hits = p.ok(&[
        "mail",
        "search",
        &format!("subject:haushaltsplan folder:{folder}"),
    ]);
    assert_eq!(hits.as_array().unwrap().len(), 2);
    let (code, err) = p.run(&["mail", "search", "before:gestern"]);
    assert_eq!(
        (code, err["error"]["code"].as_str()),
        (1, Some("invalid_input"))
    );

    let acted = p.ok(&["mail", "flag", &newest, "--add", "flagged,seen"]);
    assert_eq!(acted["queued"], false);
    let server = server_state(&folder).await;
    assert_eq!(server[&ids[2]], ["\\Flagged", "\\Seen"]);
    let hits = p.ok(&["mail", "search", &format!("is:flagged folder:{folder}")]);
    assert_eq!(hits.as_array().unwrap().len(), 1);

    let archived = p.ok(&["mail", "archive", &newest]);
    assert_eq!(archived["queued"], false);
    assert!(!server_state(&folder).await.contains_key(&ids[2]));
    assert!(server_state("Archive").await.contains_key(&ids[2]));

    let other = list[1]["id"].as_i64().unwrap().to_string();
    p.ok(&["mail", "delete", &other]);
    assert!(server_state("Trash").await.contains_key(&ids[1]));
    assert_eq!(
        local_state(&p.store(), &folder),
        server_state(&folder).await
    );

    // Deleting for good needs confirmation; without a terminal, --yes.
    let trash_list = p.ok(&[
        "mail",
        "search",
        &format!("\"{}\" folder:Trash", "Tagesordnung"),
    ]);
    let in_trash = trash_list[0]["id"].as_i64().unwrap().to_string();
    let (code, err) = p.run(&["mail", "delete", &in_trash]);
    assert_eq!(
        (code, err["error"]["code"].as_str()),
        (1, Some("invalid_input"))
    );
    p.ok(&["mail", "delete", &in_trash, "--yes"]);
    assert!(!server_state("Trash").await.contains_key(&ids[1]));

    // Folders: create, rename, delete (with --yes).
    let made = format!("{folder}-neu");
    p.ok(&["mail", "folders", "create", &made]);
    p.ok(&["mail", "folders", "rename", &made, &format!("{made}-Ä")]);
    let folders = p.ok(&["mail", "folders"]);
    assert!(
        folders
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["display"] == format!("{made}-Ä").as_str())
    );
    p.ok(&["mail", "folders", "delete", &format!("{made}-Ä"), "--yes"]);
    let folders = p.ok(&["mail", "folders"]);
    assert!(
        !folders
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["display"].as_str().unwrap().starts_with(&made))
    );
}

/// A small deterministic generator, so a failing run can be repeated (the seed is
/// printed; `WERKBANK_CRASH_SEED` sets it).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, below: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) % below
    }
}

/// When to kill a sync: after its `events`-th progress line (JSON on standard error)
/// plus `delay` — so the kill lands inside the work, wherever that is.
struct KillPoint {
    events: u64,
    delay: Duration,
}

/// Starts `mail sync --progress` and kills it with SIGKILL at `at`; returns whether it
/// had finished by itself before.
fn sync_and_kill(p: &Profile, folders: &[&str], at: KillPoint) -> bool {
    use std::io::BufRead;
    let mut args = vec!["mail", "sync", "--bodies", "all", "--progress"];
    for f in folders {
        args.extend(["--folder", f]);
    }
    let mut child = p.command(&args).spawn().unwrap();
    let stderr = child.stderr.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for _ in std::io::BufReader::new(stderr).lines() {
            if tx.send(()).is_err() {
                break;
            }
        }
    });
    let mut seen = 0;
    while seen < at.events {
        match rx.recv_timeout(Duration::from_secs(60)) {
            Ok(()) => seen += 1,
            Err(_) => break, // finished (stderr closed) or stuck
        }
    }
    std::thread::sleep(at.delay);
    if child.try_wait().unwrap().is_some() {
        return true;
    }
    let _ = child.kill(); // SIGKILL
    child.wait().unwrap();
    false
}

#[tokio::test]
async fn killing_the_sync_at_any_moment_loses_nothing_and_converges() {
    let crash_seed: u64 = std::env::var("WERKBANK_CRASH_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0x5eed_2026);
    eprintln!("crash seed {crash_seed}");
    let mut rng = Lcg(crash_seed);
    let folder = format!("crash-{}", unique_id().replace('.', "-"));
    let target = format!("{folder}-ziel");
    let messages: Vec<Vec<u8>> = (0..3000)
        .map(|i| {
            message(
                &format!("{folder}-{i}@example.test"),
                &format!("Vorgang {i}"),
                "Inhalt",
                i,
            )
        })
        .collect();
    seed(&folder, &messages).await;
    seed(&target, &[]).await;
    let p = Profile::new();

    // A large initial sync, killed several times part-way.
    let mut kills = 0;
    for _ in 0..5 {
        let at = KillPoint {
            events: 1 + rng.next(3),
            delay: Duration::from_millis(rng.next(30)),
        };
        if !sync_and_kill(&p, &[&folder, &target], at) {
            kills += 1;
        }
        p.store(); // integrity_check
    }
    assert!(
        kills >= 3,
        "the sync finished too fast to be interrupted ({kills} kills)"
    );
    p.ok(&[
        "mail", "sync", "--folder", &folder, "--folder", &target, "--bodies", "all",
    ]);
    let store = p.store();
    assert_eq!(local_state(&store, &folder), server_state(&folder).await);
    let src = store.find_folder(&folder).unwrap();
    assert_eq!(
        store
            .list(src.id, 0, 10_000)
            .unwrap()
            .iter()
            .filter(|m| m.body_local)
            .count(),
        3000
    );

    // Many actions taken offline (journaled), then the replay is killed repeatedly.
    let ids: Vec<i64> = store
        .list(src.id, 0, 10_000)
        .unwrap()
        .iter()
        .map(|m| m.id)
        .collect();
    let dst = store.find_folder(&target).unwrap();
    let flags = |add: &[&str]| Change {
        add: add.iter().map(|s| s.to_string()).collect(),
        remove: Default::default(),
    };
    store.set_flags(&ids[..600], &flags(&["\\Seen"])).unwrap();
    store
        .set_flags(&ids[300..700], &flags(&["\\Flagged"]))
        .unwrap();
    store.move_to(&ids[1000..1150], dst.id).unwrap();
    store.copy_to(&ids[1200..1230], dst.id).unwrap();
    store.expunge(&ids[1400..1420]).unwrap();
    drop(store);
    let mut interrupted = 0;
    for _ in 0..5 {
        // The replay reports nothing until it is done: kill at a random time in it.
        let at = KillPoint {
            events: 0,
            delay: Duration::from_millis(60 + rng.next(500)),
        };
        if !sync_and_kill(&p, &[&folder, &target], at) {
            interrupted += 1;
        }
        p.store();
    }
    assert!(
        interrupted >= 2,
        "the replay finished too fast to be interrupted"
    );
    p.ok(&[
        "mail", "sync", "--folder", &folder, "--folder", &target, "--bodies", "all",
    ]);
    let store = p.store();
    assert!(store.journal(None).unwrap().is_empty());
    let (server_src, server_dst) = (server_state(&folder).await, server_state(&target).await);
    assert_eq!(local_state(&store, &folder), server_src);
    assert_eq!(local_state(&store, &target), server_dst);
    // Exactly the intended outcome on the server: no duplicate, nothing lost.
    assert_eq!(server_src.len(), 3000 - 150 - 20);
    assert_eq!(
        server_dst.len(),
        150 + 30,
        "a copy replayed twice would show here"
    );
    let seen = server_src
        .values()
        .chain(server_dst.values())
        .filter(|f| f.contains(&"\\Seen".to_string()))
        .count();
    assert!(seen >= 600 - 20, "{seen}");
}
