//! A profile driven through the real `werkbank-cli` binary (built with the outbox's
//! failpoints for the tests), and what the servers hold afterwards.

#![allow(clippy::unwrap_used, dead_code)]

use serde_json::Value;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};
use werkbank_harness::mail::{ImapSession, fetch_all};
use werkbank_harness::{Harness, User};

pub struct Profile {
    pub dir: tempfile::TempDir,
}

impl Profile {
    /// A profile with `user`'s mail account; submission on `smtp` (`submission://…`
    /// for STARTTLS, `submissions://…` for implicit TLS).
    pub fn new(user: User, implicit_tls: bool) -> Profile {
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
        std::fs::write(dir.path().join("pw"), h.password(user)).unwrap();
        let profile = Profile { dir };
        let imap = format!("imaps://mail.example.test:{}", h.port("HARNESS_IMAPS_PORT"));
        let smtp = if implicit_tls {
            format!(
                "submissions://mail.example.test:{}",
                h.port("HARNESS_SUBMISSIONS_PORT")
            )
        } else {
            format!(
                "submission://mail.example.test:{}",
                h.port("HARNESS_SUBMISSION_PORT")
            )
        };
        let pw = format!("cat {}", profile.dir.path().join("pw").display());
        let email = user.email();
        profile.ok(&[
            "account",
            "add",
            "--id",
            user.name(),
            "--email",
            &email,
            "--imap",
            &imap,
            "--smtp",
            &smtp,
            "--password-command",
            &pw,
        ]);
        profile
    }

    pub fn profile_dir(&self) -> PathBuf {
        self.dir.path().join("profile")
    }

    pub fn command(&self, args: &[&str]) -> Command {
        let mut command = Command::new(env!("CARGO_BIN_EXE_werkbank-cli"));
        command
            .arg("--profile")
            .arg(self.profile_dir())
            .arg("--json")
            .args(args)
            .env("WERKBANK_POLICY", self.dir.path().join("policy.toml"))
            .env_remove("WERKBANK_PROFILE")
            .env_remove("WERKBANK_FAILPOINT")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        command
    }

    pub fn output(&self, command: &mut Command) -> (Output, Value) {
        let out = command.output().unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout).to_string();
        let json = serde_json::from_str(&stdout).unwrap_or_else(|_| {
            Value::String(format!(
                "{stdout}\n{}",
                String::from_utf8_lossy(&out.stderr)
            ))
        });
        (out, json)
    }

    pub fn run(&self, args: &[&str]) -> (i32, Value) {
        let (out, json) = self.output(&mut self.command(args));
        (out.status.code().unwrap_or(-1), json)
    }

    pub fn ok(&self, args: &[&str]) -> Value {
        let (code, json) = self.run(args);
        assert_eq!(code, 0, "{args:?}: {json:#}");
        json
    }

    /// Writes a body file in the profile's directory and returns its path.
    pub fn file(&self, name: &str, text: &str) -> String {
        let path = self.dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        path.display().to_string()
    }

    pub fn outbox(&self) -> Vec<Value> {
        self.ok(&["mail", "outbox"])
            .as_array()
            .cloned()
            .unwrap_or_default()
    }
}

/// A subject no other test uses.
pub fn subject(what: &str) -> String {
    format!("{what} {}", werkbank_harness::mail::unique_id())
}

/// The messages in `user`'s `folder` whose bytes contain `needle`.
pub async fn copies(user: User, folder: &str, needle: &str) -> Vec<Vec<u8>> {
    let mut session: ImapSession = werkbank_harness::mail::imap(user).await.unwrap();
    let all = fetch_all(&mut session, folder).await.unwrap();
    let _ = session.logout().await;
    all.into_iter()
        .filter(|m| String::from_utf8_lossy(m).contains(needle))
        .collect()
}

/// Waits for the first copy in bob's INBOX, then returns all copies there.
pub async fn delivered(user: User, needle: &str) -> Vec<Vec<u8>> {
    werkbank_harness::mail::wait_for_message(user, "INBOX", needle)
        .await
        .unwrap();
    copies(user, "INBOX", needle).await
}

/// The header block of a message, unfolded, one field per line.
pub fn header_lines(raw: &[u8]) -> Vec<String> {
    let text = String::from_utf8_lossy(raw);
    let head = text.split("\r\n\r\n").next().unwrap_or_default();
    let mut lines: Vec<String> = Vec::new();
    for line in head.split("\r\n") {
        if line.starts_with([' ', '\t']) {
            if let Some(last) = lines.last_mut() {
                last.push_str(line);
            }
        } else {
            lines.push(line.to_string());
        }
    }
    lines
}

pub fn header<'a>(lines: &'a [String], name: &str) -> Vec<&'a str> {
    lines
        .iter()
        .filter_map(|l| {
            let (n, v) = l.split_once(':')?;
            n.eq_ignore_ascii_case(name).then_some(v.trim())
        })
        .collect()
}
