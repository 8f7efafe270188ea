//! The reader's golden corpus (`tests/corpus/render/*.eml`, hostile and broken mail)
//! and the properties every rendered message must have, whatever the input.
//!
//! Each `name.eml` has a `name.json` with the expected outcome: the view model's
//! fields a reader relies on, or `{"error": code}`. `WERKBANK_BLESS=1 cargo test -p
//! werkbank-mail --test render_corpus` rewrites the JSON files from the current output
//! (review the diff before committing it).

#![allow(clippy::unwrap_used)]

mod render_support;

use render_support::{assert_safe, contacts, render_file};
use serde_json::{Value, json};
use std::path::{Path, PathBuf};
use werkbank_mail::render::Message;

fn corpus_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/corpus/render")
}

fn corpus() -> Vec<(PathBuf, Vec<u8>)> {
    let mut files: Vec<(PathBuf, Vec<u8>)> = std::fs::read_dir(corpus_dir())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "eml"))
        .map(|p| (p.clone(), std::fs::read(&p).unwrap()))
        .collect();
    files.sort();
    files
}

/// The fields a golden file pins down. The HTML is included in full: a change in
/// the sanitiser's output is a change a reviewer should see.
fn outcome(result: &Result<Message, werkbank_mail::MailError>) -> Value {
    let message = match result {
        Ok(m) => m,
        Err(e) => {
            let code = match e {
                werkbank_mail::MailError::InvalidInput { .. } => "invalid_input",
                werkbank_mail::MailError::NotFound { .. } => "not_found",
                _ => "other",
            };
            return json!({ "error": code });
        }
    };
    summary(message)
}

fn summary(m: &Message) -> Value {
    let mut value = json!({
        "from": m.from,
        "subject": truncate(&m.subject),
        "body_source": m.body.source,
        "html": truncate(&m.body.html),
        "truncated": m.body.truncated,
    });
    let object = value.as_object_mut().unwrap();
    let mut put = |key: &str, v: Value, empty: bool| {
        if !empty {
            object.insert(key.into(), v);
        }
    };
    put("to", json!(m.to), m.to.is_empty());
    put("reply_to", json!(m.reply_to), m.reply_to.is_empty());
    put("date", json!(m.date), m.date.is_none());
    put(
        "inline_images",
        json!(m.inline_images),
        m.inline_images.is_empty(),
    );
    put(
        "remote_resources",
        json!(m.remote_resources),
        m.remote_resources.is_empty(),
    );
    put("links", json!(m.links), m.links.is_empty());
    put(
        "attachments",
        json!(m.attachments),
        m.attachments.is_empty(),
    );
    put(
        "invitations",
        json!(m.invitations),
        m.invitations.is_empty(),
    );
    put(
        "phishing_hints",
        json!(m.phishing_hints),
        m.phishing_hints.is_empty(),
    );
    put("problems", json!(m.problems), m.problems.is_empty());
    put(
        "attached_messages",
        json!(
            m.attached_messages
                .iter()
                .map(|a| json!({"part_id": a.part_id, "message": summary(&a.message)}))
                .collect::<Vec<_>>()
        ),
        m.attached_messages.is_empty(),
    );
    value
}

/// Golden files stay readable: long strings are cut with their length noted.
fn truncate(s: &str) -> String {
    const MAX: usize = 4000;
    if s.len() <= MAX {
        return s.to_string();
    }
    let mut end = MAX;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}… ({} bytes)", &s[..end], s.len())
}

fn golden_path(eml: &Path) -> PathBuf {
    eml.with_extension("json")
}

#[test]
fn the_corpus_is_large_and_has_a_canary() {
    let files = corpus();
    assert!(files.len() >= 50, "{} messages in the corpus", files.len());
    assert!(
        files.iter().any(|(p, _)| p
            .file_name()
            .unwrap()
            .to_string_lossy()
            .starts_with("canary-")),
        "a canary-*.eml for the desktop E2E"
    );
}

#[test]
fn every_message_renders_as_its_golden_file_says() {
    let bless = std::env::var_os("WERKBANK_BLESS").is_some_and(|v| v == "1");
    let mut failures = Vec::new();
    for (path, raw) in corpus() {
        let got = outcome(&render_file(&raw, false));
        let golden = golden_path(&path);
        if bless {
            let mut text = serde_json::to_string_pretty(&got).unwrap();
            text.push('\n');
            std::fs::write(&golden, text).unwrap();
            continue;
        }
        let expected: Value = match std::fs::read_to_string(&golden) {
            Ok(text) => serde_json::from_str(&text).unwrap(),
            Err(_) => {
                failures.push(format!(
                    "{}: no golden file (WERKBANK_BLESS=1 writes it)",
                    path.display()
                ));
                continue;
            }
        };
        if expected != got {
            failures.push(format!(
                "{}:\nexpected {}\n     got {}",
                path.display(),
                serde_json::to_string(&expected).unwrap(),
                serde_json::to_string(&got).unwrap()
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn every_message_is_safe_with_remote_content_blocked_and_allowed() {
    for (path, raw) in corpus() {
        for allowed in [false, true] {
            if let Ok(message) = render_file(&raw, allowed) {
                assert_safe(&message, allowed, &path.display().to_string());
            }
        }
    }
}

#[test]
fn golden_files_have_no_orphans() {
    for entry in std::fs::read_dir(corpus_dir()).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "json") {
            assert!(
                path.with_extension("eml").exists(),
                "{} has no .eml",
                path.display()
            );
        }
    }
    let _ = contacts();
}
