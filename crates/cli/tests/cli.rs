//! `werkbank-cli` end to end against the real harness: accounts for all five services,
//! the errors a user meets (wrong password, unknown CA, host not allowed, locked
//! setting, profile in use), policy accounts, and that no secret is ever at rest.

#![allow(clippy::unwrap_used)] // test helpers outside #[test] fns unwrap too

use base64::Engine;
use serde_json::Value;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use werkbank_harness::{Harness, User, matrix};

/// A fresh profile and a policy file for one test.
struct Setup {
    profile: tempfile::TempDir,
    policy: PathBuf,
}

/// What the policy says; the harness DNS is always used (for SRV discovery).
#[derive(Default)]
struct PolicyOptions<'a> {
    untrusted: bool,
    allowed_hosts: Option<&'a [&'a str]>,
    extra: &'a str,
}

fn setup(options: PolicyOptions<'_>) -> Setup {
    let h = Harness::get();
    let profile = tempfile::tempdir().unwrap();
    let policy = profile.path().join("policy.toml");
    let mut text = String::from("version = 1\n[network]\n");
    text.push_str(&format!("dns = [\"{}\"]\n", h.dns()));
    if !options.untrusted {
        text.push_str(&format!(
            "ca_certificates = [\"{}\"]\n",
            h.ca_cert().display()
        ));
    }
    if let Some(hosts) = options.allowed_hosts {
        let list: Vec<String> = hosts.iter().map(|h| format!("\"{h}\"")).collect();
        text.push_str(&format!("allowed_hosts = [{}]\n", list.join(", ")));
    }
    text.push_str(options.extra);
    std::fs::write(&policy, text).unwrap();
    // The profile is a subdirectory, so the policy file is not part of the profile scan.
    Setup { profile, policy }
}

impl Setup {
    fn profile_dir(&self) -> PathBuf {
        self.profile.path().join("profile")
    }

    /// Runs the CLI with `--json`; returns (exit code, parsed stdout, stderr).
    fn run(&self, args: &[&str], stdin: Option<&str>) -> (i32, Value, String) {
        self.run_env(args, stdin, &[])
    }

    fn run_env(
        &self,
        args: &[&str],
        stdin: Option<&str>,
        env: &[(&str, &str)],
    ) -> (i32, Value, String) {
        let mut command = Command::new(env!("CARGO_BIN_EXE_werkbank-cli"));
        command
            .arg("--profile")
            .arg(self.profile_dir())
            .arg("--json")
            .args(args)
            .env("WERKBANK_POLICY", &self.policy)
            .env("WERKBANK_LOG", "debug")
            .env_remove("WERKBANK_PROFILE")
            .envs(env.iter().copied())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        let mut child = command.spawn().unwrap();
        if let Some(input) = stdin {
            child
                .stdin
                .take()
                .unwrap()
                .write_all(format!("{input}\n").as_bytes())
                .unwrap();
        }
        drop(child.stdin.take());
        let out = child.wait_with_output().unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout).to_string();
        let json = serde_json::from_str(&stdout).unwrap_or(Value::String(stdout));
        (
            out.status.code().unwrap_or(-1),
            json,
            String::from_utf8_lossy(&out.stderr).to_string(),
        )
    }

    /// `account add --discover` for a harness user, with the password on stdin.
    fn add_discovered(&self, id: &str, user: User, password: &str) -> Value {
        let email = user.email();
        let (code, json, stderr) = self.run(
            &[
                "account",
                "add",
                "--id",
                id,
                "--email",
                &email,
                "--discover",
                "--password-stdin",
            ],
            Some(password),
        );
        assert_eq!(code, 0, "{json:#} {stderr}");
        json
    }

    /// `account add` with the harness servers given by hand (no discovery).
    fn add_manual(&self, id: &str, user: User, password: &str) -> (i32, Value) {
        self.add_manual_with(id, user, password, &[])
    }

    /// Like `add_manual`, with extra `account add` options (e.g. a `--dav-user` no
    /// other test uses, to find this test's requests in a server log).
    fn add_manual_with(
        &self,
        id: &str,
        user: User,
        password: &str,
        extra: &[&str],
    ) -> (i32, Value) {
        let h = Harness::get();
        let email = user.email();
        let imap = format!("imaps://mail.example.test:{}", h.port("HARNESS_IMAPS_PORT"));
        let smtp = format!(
            "submission://mail.example.test:{}",
            h.port("HARNESS_SUBMISSION_PORT")
        );
        let files = format!(
            "https://files.example.test/remote.php/dav/files/{}/",
            user.name()
        );
        let (code, json, _) = self.run(
            &[
                "account",
                "add",
                "--id",
                id,
                "--email",
                &email,
                "--imap",
                &imap,
                "--smtp",
                &smtp,
                "--caldav",
                "https://dav.example.test/",
                "--carddav",
                "https://dav.example.test/",
                "--webdav",
                &files,
                "--matrix",
                "https://matrix.example.test",
                "--password-stdin",
            ]
            .iter()
            .chain(extra)
            .copied()
            .collect::<Vec<_>>(),
            Some(password),
        );
        (code, json)
    }

    fn remove(&self, id: &str) {
        let (code, json, _) = self.run(&["account", "remove", id, "--yes"], None);
        assert_eq!(code, 0, "{json:#}");
    }
}

fn checks(report: &Value) -> Vec<(String, Option<String>)> {
    report["checks"]
        .as_array()
        .unwrap_or_else(|| panic!("no checks in {report:#}"))
        .iter()
        .map(|c| {
            (
                c["service"].as_str().unwrap().to_string(),
                c["error"]["code"].as_str().map(str::to_string),
            )
        })
        .collect()
}

const ALL_SERVICES: [&str; 6] = ["caldav", "carddav", "imap", "matrix", "smtp", "webdav"];

fn sorted(mut v: Vec<String>) -> Vec<String> {
    v.sort();
    v
}

async fn matrix_devices(user: User) -> Vec<String> {
    let session = matrix::login(user).await.unwrap();
    let own = session.device_id.clone();
    let devices = session
        .devices()
        .await
        .unwrap()
        .into_iter()
        .filter(|d| *d != own)
        .collect();
    session.logout().await.unwrap();
    devices
}

#[tokio::test]
async fn a_discovered_account_passes_every_probe_and_the_servers_saw_the_logins() {
    let h = Harness::get();
    let s = setup(PolicyOptions::default());
    let dovecot_before = h.log("HARNESS_DOVECOT_LOG").len();
    // Secrets an aborted earlier run may have left for this id would be reused.
    werkbank_account::Credentials::new()
        .unwrap()
        .delete_all("t-all")
        .unwrap();
    let devices_before = matrix_devices(User::Alice).await;
    let added = s.add_discovered("t-all", User::Alice, h.password(User::Alice));
    assert_eq!(added["id"], "t-all");
    let services: Vec<String> = added["services"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap().to_string())
        .collect();
    assert_eq!(sorted(services), ALL_SERVICES.to_vec());

    let mut device_ids = Vec::new();
    for _ in 0..3 {
        let (code, report, stderr) = s.run(&["account", "test", "t-all"], None);
        assert_eq!(code, 0, "{report:#} {stderr}");
        let checks = checks(&report);
        assert_eq!(
            sorted(checks.iter().map(|c| c.0.clone()).collect()),
            ALL_SERVICES.to_vec()
        );
        assert!(checks.iter().all(|c| c.1.is_none()), "{report:#}");
        let matrix = report["checks"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["service"] == "matrix")
            .unwrap();
        device_ids.push(matrix["summary"].as_str().unwrap().to_string());
    }
    // Server side: Dovecot and Postfix logged alice's logins, Radicale and Apache saw her.
    for (log, trace) in [
        ("HARNESS_DOVECOT_LOG", "Login: user=<alice@example.test>"),
        ("HARNESS_RADICALE_LOG", "Successful login: 'alice'"),
        ("HARNESS_APACHE_ACCESS_LOG", "example.test 127.0.0.1 alice"),
    ] {
        assert!(h.log_shows(log, trace), "{log} does not show {trace:?}");
    }
    // Postfix's SMTP AUTH is answered by Dovecot's auth service: it accepted alice.
    assert!(h.auth_accepted("smtp", "alice@example.test", dovecot_before));
    assert!(h.auth_accepted("imap", "alice@example.test", dovecot_before));
    // Synapse: three probes, one login, one new device. Other tests in this binary add
    // alice's accounts at the same time, so only this account's device is counted.
    device_ids.dedup();
    assert_eq!(device_ids.len(), 1, "{device_ids:?}");
    let ours: Vec<String> = matrix_devices(User::Alice)
        .await
        .into_iter()
        .filter(|d| !devices_before.contains(d) && device_ids[0].contains(d.as_str()))
        .collect();
    assert_eq!(ours.len(), 1, "{device_ids:?} vs new devices {ours:?}");
    // Removing the account logs its device out: nothing stale stays on the homeserver.
    s.remove("t-all");
    assert!(!matrix_devices(User::Alice).await.contains(&ours[0]));
}

#[tokio::test]
async fn a_wrong_password_gives_auth_failed_for_every_service() {
    let s = setup(PolicyOptions::default());
    let (code, json) = s.add_manual("t-wrong", User::Alice, "not-the-password");
    assert_eq!(code, 0, "{json:#}");
    let (code, report, _) = s.run(&["account", "test", "t-wrong"], None);
    assert_eq!(code, 1, "a failing service makes the command fail");
    for (service, error) in checks(&report) {
        assert_eq!(
            error.as_deref(),
            Some("auth_failed"),
            "{service}: {report:#}"
        );
    }
    s.remove("t-wrong");
}

#[tokio::test]
async fn an_unknown_ca_gives_certificate_untrusted_and_no_server_sees_a_login() {
    let h = Harness::get();
    // Bob is used by this test only, so his name in a log can only come from here.
    let s = setup(PolicyOptions {
        untrusted: true,
        ..Default::default()
    });
    let (code, json) = s.add_manual("t-untrusted", User::Bob, h.password(User::Bob));
    assert_eq!(code, 0, "{json:#}");
    let logs = [
        "HARNESS_DOVECOT_LOG",
        "HARNESS_POSTFIX_LOG",
        "HARNESS_RADICALE_LOG",
        "HARNESS_APACHE_ACCESS_LOG",
    ];
    let before: Vec<usize> = logs.iter().map(|l| h.log(l).len()).collect();
    let (code, report, _) = s.run(&["account", "test", "t-untrusted"], None);
    assert_eq!(code, 1);
    for (service, error) in checks(&report) {
        assert_eq!(
            error.as_deref(),
            Some("certificate_untrusted"),
            "{service}: {report:#}"
        );
    }
    let untrusted = report["checks"][0]["error"]["details"].clone();
    assert!(
        untrusted["fingerprint"].as_str().unwrap().len() == 95,
        "SHA-256 as hex pairs: {untrusted}"
    );
    for (log, start) in logs.iter().zip(before) {
        let new = &h.log(log)[start..];
        for trace in ["user=<bob", "sasl_username=bob", "login: 'bob'", " bob ["] {
            assert!(
                !new.contains(trace),
                "{log} shows an authentication by bob: {new}"
            );
        }
    }
    s.remove("t-untrusted");
}

#[tokio::test]
async fn a_host_outside_the_policy_is_refused_without_a_connection() {
    let h = Harness::get();
    let s = setup(PolicyOptions {
        allowed_hosts: Some(&["example.test"]),
        ..Default::default()
    });
    let (code, json) = s.add_manual("t-hosts", User::Alice, h.password(User::Alice));
    assert_eq!(code, 1);
    assert_eq!(json["error"]["code"], "host_not_allowed", "{json:#}");
    assert_eq!(json["error"]["details"]["host"], "mail.example.test");
    // An account added under another policy is refused at test time, service by service.
    let open = setup(PolicyOptions::default());
    let marker = "t-hosts-marker";
    let (code, _) = open.add_manual_with(
        "t-hosts",
        User::Alice,
        h.password(User::Alice),
        &["--dav-user", marker],
    );
    assert_eq!(code, 0);
    let restricted = Setup {
        profile: open.profile,
        policy: s.policy.clone(),
    };
    let before = h.log("HARNESS_APACHE_ACCESS_LOG").len();
    let (code, report, _) = restricted.run(&["account", "test", "t-hosts"], None);
    assert_eq!(code, 1);
    for (service, error) in checks(&report) {
        assert_eq!(
            error.as_deref(),
            Some("host_not_allowed"),
            "{service}: {report:#}"
        );
    }
    // The services' user name appears in no server log: no request got through.
    let new = &h.log("HARNESS_APACHE_ACCESS_LOG")[before..];
    assert!(!new.contains(marker), "{new}");
    restricted.run(&["account", "remove", "t-hosts", "--yes"], None);
    drop(s);
}

#[tokio::test]
async fn a_policy_account_appears_without_input_and_needs_no_password_with_a_command() {
    let h = Harness::get();
    let extra = format!(
        "\n[[accounts]]\nid = \"org\"\ndisplay_name = \"${{USER}} (Amt)\"\nemail = \"${{USER}}@example.test\"\n\
         password_command = \"printf %s '{}'\"\n[accounts.mail]\nimap = \"imaps://mail.example.test:{}\"\n\
         smtp = \"submission://mail.example.test:{}\"\n[accounts.webdav]\n\
         url = \"https://files.example.test/remote.php/dav/files/${{USER}}/\"\nusername = \"${{USER}}\"\n",
        h.password(User::Alice),
        h.port("HARNESS_IMAPS_PORT"),
        h.port("HARNESS_SUBMISSION_PORT"),
    );
    let s = setup(PolicyOptions {
        extra: &extra,
        ..Default::default()
    });
    let (code, list, _) = s.run_env(&["account", "list"], None, &[("USER", "alice")]);
    assert_eq!(code, 0, "{list:#}");
    let org = &list.as_array().unwrap()[0];
    assert_eq!(
        (
            org["id"].as_str(),
            org["email"].as_str(),
            org["provisioned"].as_bool()
        ),
        (Some("org"), Some("alice@example.test"), Some(true))
    );
    let (code, report, _) = s.run_env(&["account", "test", "org"], None, &[("USER", "alice")]);
    assert_eq!(code, 0, "{report:#}");
    assert_eq!(checks(&report).len(), 3);
    // The organisation's account cannot be removed by the user.
    let (code, json, _) = s.run_env(
        &["account", "remove", "org", "--yes"],
        None,
        &[("USER", "alice")],
    );
    assert_eq!(
        (code, json["error"]["code"].as_str()),
        (1, Some("invalid_input"))
    );
}

#[tokio::test]
async fn a_locked_setting_cannot_be_changed_and_says_which_policy_locks_it() {
    let extra = "\n[settings]\n\"mail.remote_content\" = { value = \"block\", locked = true }\n";
    let s = setup(PolicyOptions {
        extra,
        ..Default::default()
    });
    let (code, json, _) = s.run(&["settings", "set", "mail.remote_content", "allow"], None);
    assert_eq!(code, 1);
    assert_eq!(json["error"]["code"], "setting_locked");
    assert_eq!(
        json["error"]["details"]["file"],
        s.policy.display().to_string()
    );
    let (code, json, _) = s.run(&["settings", "set", "ui.theme", "dark"], None);
    assert_eq!(
        (code, json["value"].as_str(), json["source"].as_str()),
        (0, Some("dark"), Some("user"))
    );
    let (_, json, _) = s.run(&["settings", "get", "mail.remote_content"], None);
    assert_eq!(
        (json[0]["value"].as_str(), json[0]["locked"].as_bool()),
        (Some("block"), Some(true))
    );
}

#[tokio::test]
async fn a_disabled_module_is_not_probed() {
    let h = Harness::get();
    let s = setup(PolicyOptions {
        extra: "\n[modules]\ndisabled = [\"chat\"]\n",
        ..Default::default()
    });
    let (code, json) = s.add_manual("t-nochat", User::Alice, h.password(User::Alice));
    assert_eq!(code, 0, "{json:#}");
    let (code, report, _) = s.run(&["account", "test", "t-nochat"], None);
    assert_eq!(code, 0, "{report:#}");
    let services: Vec<String> = checks(&report).into_iter().map(|c| c.0).collect();
    assert!(!services.contains(&"matrix".to_string()), "{services:?}");
    assert_eq!(services.len(), 5);
    s.remove("t-nochat");
}

#[test]
fn writing_commands_get_profile_in_use_while_another_process_owns_the_profile() {
    let s = setup(PolicyOptions::default());
    let profile = werkbank_account::Profile::open(s.profile_dir()).unwrap();
    let lock = profile.lock().unwrap();
    let (code, json, _) = s.run(&["settings", "set", "ui.theme", "dark"], None);
    assert_eq!(
        (code, json["error"]["code"].as_str()),
        (1, Some("profile_in_use"))
    );
    let (code, _, _) = s.run(&["account", "list"], None);
    assert_eq!(code, 0, "reading works beside the owner");
    drop(lock);
    let (code, _, _) = s.run(&["settings", "set", "ui.theme", "dark"], None);
    assert_eq!(code, 0);
}

#[tokio::test]
async fn removing_an_account_deletes_its_secrets_and_its_local_mail() {
    let h = Harness::get();
    let s = setup(PolicyOptions::default());
    let (code, _) = s.add_manual("t-remove", User::Alice, h.password(User::Alice));
    assert_eq!(code, 0);
    let credentials = werkbank_account::Credentials::new().unwrap();
    let account = werkbank_account::Account::new("t-remove", "x", "alice@example.test");
    assert_eq!(
        credentials.password(&account).await.unwrap(),
        h.password(User::Alice)
    );
    // Some of its mail in the profile: folders and the headers of INBOX.
    let (code, _, stderr) = s.run(
        &[
            "mail",
            "sync",
            "--account",
            "t-remove",
            "--folder",
            "INBOX",
            "--bodies",
            "none",
        ],
        None,
    );
    assert_eq!(code, 0, "{stderr}");
    let local_folders = || {
        let db = werkbank_store::Store::open(s.profile_dir().join("werkbank.sqlite3")).unwrap();
        db.with_conn(|c| {
            c.query_row(
                "SELECT COUNT(*) FROM mail_folders WHERE account = 't-remove'",
                [],
                |r| r.get::<_, i64>(0),
            )
        })
        .unwrap()
    };
    assert!(local_folders() > 0, "the sync stored the account's folders");
    let (code, json, _) = s.run(&["account", "remove", "t-remove"], None);
    assert_eq!(
        (code, json["error"]["code"].as_str()),
        (1, Some("invalid_input")),
        "no terminal: needs --yes"
    );
    s.remove("t-remove");
    assert_eq!(local_folders(), 0, "its local mail left with it");
    let err = credentials.password(&account).await.unwrap_err();
    assert_eq!(
        werkbank_account::ApiError::from(&err).code,
        werkbank_account::ErrorCode::PasswordMissing
    );
}

#[test]
fn a_password_is_never_taken_from_an_argument() {
    let s = setup(PolicyOptions::default());
    let (code, _, stderr) = s.run(
        &[
            "account",
            "add",
            "--id",
            "x",
            "--email",
            "a@example.test",
            "--password",
            "secret",
        ],
        None,
    );
    assert_eq!(code, 2, "{stderr}");
}

/// Every way a secret could be written down: plain, base64, URL-encoded, SASL PLAIN.
fn encodings(secret: &str, users: &[&str]) -> Vec<String> {
    let b64 = |s: &str| base64::engine::general_purpose::STANDARD.encode(s);
    let mut forms = vec![
        secret.to_string(),
        b64(secret),
        percent_encoding::utf8_percent_encode(secret, percent_encoding::NON_ALPHANUMERIC)
            .to_string(),
    ];
    for user in users {
        forms.push(b64(&format!("\0{user}\0{secret}")));
        forms.push(b64(&format!("{user}:{secret}"))); // HTTP basic auth
    }
    forms
}

fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            out.extend(files_under(&path))
        } else {
            out.push(path)
        }
    }
    out
}

#[tokio::test]
async fn no_secret_is_at_rest_in_the_profile_even_with_debug_logs() {
    let h = Harness::get();
    let s = setup(PolicyOptions::default());
    let password = h.password(User::Alice);
    s.add_discovered("t-rest", User::Alice, password);
    let (code, report, _) = s.run(&["account", "test", "t-rest"], None);
    assert_eq!(code, 0, "{report:#}");
    let token = werkbank_account::Credentials::new()
        .unwrap()
        .matrix_token("t-rest")
        .unwrap()
        .expect("token stored");

    let files = files_under(&s.profile_dir());
    let log = s.profile_dir().join("logs/werkbank-cli.log");
    let log_text = std::fs::read_to_string(&log).unwrap_or_default();
    assert!(
        log_text.contains("DEBUG"),
        "debug logging was on and wrote something: {}",
        log.display()
    );
    let mut forms = encodings(password, &["alice", "alice@example.test"]);
    forms.extend(encodings(&token, &[]));
    for file in &files {
        let bytes = std::fs::read(file).unwrap();
        let text = String::from_utf8_lossy(&bytes);
        for form in &forms {
            assert!(
                !text.contains(form.as_str()),
                "{} contains a secret ({} chars form)",
                file.display(),
                form.len()
            );
        }
    }
    assert!(files.iter().any(|f| f.ends_with("accounts.toml")));
    s.remove("t-rest");
}

#[tokio::test]
async fn a_confirmed_fingerprint_makes_an_untrusted_server_usable_unless_the_policy_forbids_it() {
    let h = Harness::get();
    let s = setup(PolicyOptions {
        untrusted: true,
        ..Default::default()
    });
    let (code, _) = s.add_manual("t-pin", User::Alice, h.password(User::Alice));
    assert_eq!(code, 0);
    let (_, report, _) = s.run(&["account", "test", "t-pin"], None);
    let fingerprint = report["checks"][0]["error"]["details"]["fingerprint"]
        .as_str()
        .unwrap()
        .to_string();
    let (code, json, _) = s.run(
        &["account", "trust", "t-pin", "--fingerprint", &fingerprint],
        None,
    );
    assert_eq!(
        (code, json["error"]["code"].as_str()),
        (1, Some("invalid_input")),
        "needs confirmation"
    );
    let (code, json, _) = s.run(
        &[
            "account",
            "trust",
            "t-pin",
            "--fingerprint",
            &fingerprint,
            "--yes",
        ],
        None,
    );
    assert_eq!(code, 0, "{json:#}");
    let (code, report, _) = s.run(&["account", "test", "t-pin"], None);
    assert_eq!(code, 0, "pinned: {report:#}");

    let forbidding = setup(PolicyOptions {
        untrusted: true,
        extra: "allow_certificate_pinning = false\n",
        ..Default::default()
    });
    let same_profile = Setup {
        profile: s.profile,
        policy: forbidding.policy.clone(),
    };
    let (code, json, _) = same_profile.run(
        &[
            "account",
            "trust",
            "t-pin",
            "--fingerprint",
            &fingerprint,
            "--yes",
        ],
        None,
    );
    assert_eq!(
        (code, json["error"]["code"].as_str()),
        (1, Some("pinning_forbidden"))
    );
    // Existing pins are not honoured either once the policy forbids pinning.
    let (code, report, _) = same_profile.run(&["account", "test", "t-pin"], None);
    assert_eq!(code, 1, "{report:#}");
    assert_eq!(
        report["checks"][0]["error"]["code"],
        "certificate_untrusted"
    );
    same_profile.remove("t-pin");
}
