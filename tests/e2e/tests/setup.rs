//! The real app end to end: a fresh profile, account setup for alice against the
//! harness (test CA via policy), every service logged into on the server side, then a
//! restart that finds the account without asking for the password (keyring).
//! Screenshots of each step go to `target/e2e-screenshots/`.

#![allow(clippy::unwrap_used)] // test helpers outside #[test] fns unwrap too

use std::path::PathBuf;
use std::time::Duration;
use werkbank_e2e::{Desktop, Session};
use werkbank_harness::{Harness, User, matrix};

const WAIT: Duration = Duration::from_secs(60);

fn screenshots() -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../target")));
    target.join("e2e-screenshots")
}

async fn shot(session: &Session, name: &str) {
    session
        .screenshot(&screenshots().join(format!("{name}.png")))
        .await
        .unwrap();
}

#[tokio::test]
async fn account_setup_logs_in_everywhere_and_survives_a_restart_without_asking_again() {
    let h = Harness::get();
    let dir = tempfile_dir();
    let profile = dir.join("profile");
    let policy = dir.join("policy.toml");
    std::fs::write(
        &policy,
        format!(
            "version = 1\n[network]\nca_certificates = [\"{}\"]\ndns = [\"{}\"]\n",
            h.ca_cert().display(),
            h.dns()
        ),
    )
    .unwrap();
    let env = [
        ("WERKBANK_PROFILE", profile.display().to_string()),
        ("WERKBANK_POLICY", policy.display().to_string()),
        (
            "DBUS_SESSION_BUS_ADDRESS",
            h.var("DBUS_SESSION_BUS_ADDRESS").to_string(),
        ),
        ("LANG", "en_US.UTF-8".to_string()),
        ("WERKBANK_LOG", "debug".to_string()),
    ];
    let logs = [
        "HARNESS_DOVECOT_LOG",
        "HARNESS_RADICALE_LOG",
        "HARNESS_APACHE_ACCESS_LOG",
    ];
    let before: Vec<usize> = logs.iter().map(|l| h.log(l).len()).collect();
    let devices_before = matrix_devices().await;

    let desktop = Desktop::start(&env).await.unwrap();
    let app = desktop.launch().await.unwrap();
    // First start: the setup asks for the address and the password.
    let email = app.wait_for("#setup-email", WAIT).await.unwrap();
    shot(&app, "01-first-start").await;
    app.type_into(&email, "alice@example.test").await.unwrap();
    let password = app.wait_for("#setup-password", WAIT).await.unwrap();
    app.type_into(&password, h.password(User::Alice))
        .await
        .unwrap();
    app.click(
        &app.wait_for("button[data-action=discover]", WAIT)
            .await
            .unwrap(),
    )
    .await
    .unwrap();
    // Discovery found the services (with their source); test them all.
    let test = app
        .wait_for("button[data-action=test]", WAIT)
        .await
        .unwrap();
    shot(&app, "02-discovered").await;
    app.click(&test).await.unwrap();
    for service in ["imap", "smtp", "caldav", "carddav", "matrix", "webdav"] {
        app.wait_for(
            &format!("li.check[data-service={service}][data-ok=true]"),
            WAIT,
        )
        .await
        .unwrap();
    }
    shot(&app, "03-tested").await;
    app.click(
        &app.wait_for("button[data-action=save]:not([disabled])", WAIT)
            .await
            .unwrap(),
    )
    .await
    .unwrap();
    let finish = app
        .wait_for("button[data-action=finish]", WAIT)
        .await
        .unwrap();
    shot(&app, "04-saved").await;
    app.click(&finish).await.unwrap();
    app.wait_for("nav a[data-module=mail]", WAIT).await.unwrap();
    shot(&app, "05-workplace").await;
    app.close().await.unwrap();

    // Server side: each service saw alice log in during this test.
    for ((log, start), trace) in logs.iter().zip(&before).zip([
        "Login: user=<alice@example.test>",
        "Successful login: 'alice'",
        "example.test 127.0.0.1 alice",
    ]) {
        let deadline = std::time::Instant::now() + Duration::from_secs(10);
        while !h.log(log)[*start..].contains(trace) && std::time::Instant::now() < deadline {
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        assert!(
            h.log(log)[*start..].contains(trace),
            "{log} does not show {trace:?}"
        );
    }
    // Postfix's SMTP AUTH is answered by Dovecot's auth service: it accepted alice.
    assert!(
        h.auth_accepted("smtp", "alice@example.test", before[0]),
        "no SMTP login by alice"
    );
    let new_devices: Vec<String> = matrix_devices()
        .await
        .into_iter()
        .filter(|d| !devices_before.contains(d))
        .collect();
    assert_eq!(
        new_devices.len(),
        1,
        "one Matrix device for the new account: {new_devices:?}"
    );

    // Restart: the account is there and nothing asks for the password.
    let app = desktop.launch().await.unwrap();
    app.wait_for("nav a[data-module=mail]", WAIT).await.unwrap();
    let asked = app
        .execute(
            "return document.querySelector('#setup-password, input[type=password]') !== null",
            serde_json::json!([]),
        )
        .await
        .unwrap();
    assert_eq!(
        asked,
        serde_json::json!(false),
        "the restarted app asked for a password"
    );
    shot(&app, "06-restarted").await;
    app.close().await.unwrap();
    drop(desktop);
    remove_account(&profile, &policy, &env).await;
}

fn tempfile_dir() -> PathBuf {
    let dir = std::env::temp_dir().join(format!("werkbank-e2e-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

async fn matrix_devices() -> Vec<String> {
    let session = matrix::login(User::Alice).await.unwrap();
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

/// Cleans up like a user would: the CLI removes the account, its secrets and its
/// Matrix device (so later tests count devices from a clean slate).
async fn remove_account(
    profile: &std::path::Path,
    policy: &std::path::Path,
    env: &[(&str, String)],
) {
    let cli = std::env::var_os("WERKBANK_CLI").map(PathBuf::from);
    let Some(cli) = cli else { return };
    let accounts = tokio::process::Command::new(&cli)
        .args(["--json", "--profile"])
        .arg(profile)
        .args(["account", "list"])
        .env("WERKBANK_POLICY", policy)
        .envs(env.iter().map(|(k, v)| (*k, v.as_str())))
        .output()
        .await
        .unwrap();
    let list: serde_json::Value = serde_json::from_slice(&accounts.stdout).unwrap_or_default();
    for account in list.as_array().into_iter().flatten() {
        let id = account["id"].as_str().unwrap_or_default();
        let _ = tokio::process::Command::new(&cli)
            .args(["--profile"])
            .arg(profile)
            .args(["account", "remove", id, "--yes"])
            .env("WERKBANK_POLICY", policy)
            .envs(env.iter().map(|(k, v)| (*k, v.as_str())))
            .status()
            .await;
    }
}
