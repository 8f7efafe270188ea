//! Secrets against the harness's real Secret Service (gnome-keyring on a private bus):
//! they go into the keyring and come back, a password command wins over it, and
//! without a keyring there is a clear error and never a file.

use std::path::{Path, PathBuf};
use std::process::Command;
use werkbank_account::credentials::{KEYRING_SERVICE, SecretKind};
use werkbank_account::{Account, AccountStore, ApiError, Credentials, ErrorCode, Profile};
use werkbank_harness::Harness;

/// Set in the child process that runs without a reachable keyring; names its profile.
const NO_KEYRING_ENV: &str = "WERKBANK_TEST_NO_KEYRING_PROFILE";
const CHILD_SECRET: &str = "child-secret-never-on-disk";

/// Credentials on the harness's keyring; fails (never skips) without the harness.
fn credentials() -> Credentials {
    let harness = Harness::get();
    assert_eq!(
        std::env::var("DBUS_SESSION_BUS_ADDRESS").ok().as_deref(),
        Some(harness.var("DBUS_SESSION_BUS_ADDRESS")),
        "tests run on the harness's session bus: `set -a; . /tmp/werkbank-harness/harness.env; set +a`"
    );
    Credentials::new().expect("the harness keyring is reachable")
}

/// An account id no other test run uses, so runs never see each other's secrets.
fn unique_id(name: &str) -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or_default();
    format!("{name}-{}-{nanos}", std::process::id())
}

#[tokio::test]
async fn a_stored_password_is_read_back_and_gone_after_delete() {
    let credentials = credentials();
    let account = Account::new(unique_id("roundtrip"), "Alice", "alice@example.test");
    credentials
        .set_password(&account.id, "correct horse battery staple")
        .expect("stored");
    assert_eq!(
        credentials.password(&account).await.expect("read"),
        "correct horse battery staple"
    );

    credentials
        .delete(&account.id, SecretKind::Password)
        .expect("deleted");
    let error = credentials.password(&account).await.expect_err("gone");
    assert_eq!(ApiError::from(&error).code, ErrorCode::PasswordMissing);
}

#[tokio::test]
async fn a_new_password_replaces_the_old_one() {
    let credentials = credentials();
    let account = Account::new(unique_id("replace"), "Alice", "alice@example.test");
    credentials
        .set_password(&account.id, "old")
        .expect("stored");
    credentials
        .set_password(&account.id, "new")
        .expect("replaced");
    assert_eq!(credentials.password(&account).await.expect("read"), "new");
    credentials.delete_all(&account.id).expect("cleaned up");
}

#[test]
fn the_password_is_stored_under_the_documented_entry_name() {
    let credentials = credentials();
    let id = unique_id("naming");
    credentials.set_password(&id, "named").expect("stored");
    let entry =
        keyring_core::Entry::new(KEYRING_SERVICE, &format!("{id}:password")).expect("entry");
    assert_eq!(entry.get_password().expect("found by name"), "named");
    credentials.delete_all(&id).expect("cleaned up");
}

#[test]
fn a_matrix_token_is_absent_until_set_and_removed_with_the_account() {
    let credentials = credentials();
    let id = unique_id("matrix");
    assert_eq!(credentials.matrix_token(&id).expect("read"), None);
    credentials
        .set_matrix_token(&id, "syt_token")
        .expect("stored");
    credentials.set_password(&id, "pw").expect("stored");
    assert_eq!(
        credentials.matrix_token(&id).expect("read").as_deref(),
        Some("syt_token")
    );

    credentials.delete_all(&id).expect("deleted");
    assert_eq!(credentials.matrix_token(&id).expect("read"), None);
    let entry =
        keyring_core::Entry::new(KEYRING_SERVICE, &format!("{id}:password")).expect("entry");
    assert!(matches!(
        entry.get_password(),
        Err(keyring_core::Error::NoEntry)
    ));
}

#[test]
fn deleting_a_secret_that_is_not_there_succeeds() {
    credentials()
        .delete_all(&unique_id("never-stored"))
        .expect("nothing to delete is fine");
}

#[tokio::test]
async fn a_password_command_wins_over_the_keyring() {
    let credentials = credentials();
    let mut account = Account::new(unique_id("command"), "Alice", "alice@example.test");
    credentials
        .set_password(&account.id, "from-keyring")
        .expect("stored");
    account.password_command = Some("printf 'from-command\\nsecond line\\n'".into());
    assert_eq!(
        credentials.password(&account).await.expect("read"),
        "from-command"
    );
    credentials.delete_all(&account.id).expect("cleaned up");
}

#[tokio::test]
async fn a_failing_password_command_is_reported_without_its_output() {
    let credentials = credentials();
    let mut account = Account::new(unique_id("failing"), "Alice", "alice@example.test");
    account.password_command = Some("echo half-printed-secret; echo more >&2; exit 3".into());
    let error = credentials.password(&account).await.expect_err("failed");
    let api = ApiError::from(&error);
    assert_eq!(api.code, ErrorCode::PasswordCommandFailed);
    assert!(
        api.message.contains(&account.id) && api.message.contains("status 3"),
        "{}",
        api.message
    );
    assert!(!format!("{error:?} {api:?}").contains("half-printed-secret"));
}

#[tokio::test]
async fn a_password_command_that_prints_nothing_fails() {
    let credentials = Credentials::password_commands_only();
    let mut account = Account::new("empty", "Alice", "alice@example.test");
    account.password_command = Some("true".into());
    let error = credentials.password(&account).await.expect_err("empty");
    assert_eq!(
        ApiError::from(&error).code,
        ErrorCode::PasswordCommandFailed
    );
}

/// Not a test of its own: run by the test below in a child process whose session bus
/// does not exist. Tries to store a secret and prints the error code.
#[test]
fn helper_tries_the_keyring_without_a_session_bus() {
    let Some(dir) = std::env::var_os(NO_KEYRING_ENV) else {
        return;
    };
    let profile = Profile::open(PathBuf::from(dir)).expect("profile");
    AccountStore::new(&profile)
        .add(Account::new("work", "Alice", "alice@example.test"))
        .expect("account added");
    let error = match Credentials::new() {
        Err(error) => error,
        Ok(credentials) => credentials
            .set_password("work", CHILD_SECRET)
            .expect_err("no keyring"),
    };
    let api = ApiError::from(&error);
    println!("\ncode={}", api.code);
    println!("message={}", api.message);
}

#[test]
fn without_a_secret_service_storing_fails_with_keyring_unavailable_and_writes_no_file() {
    let dir = tempfile::tempdir().expect("temp dir");
    let output = Command::new(std::env::current_exe().expect("test binary"))
        .args([
            "helper_tries_the_keyring_without_a_session_bus",
            "--exact",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(NO_KEYRING_ENV, dir.path())
        .env(
            "DBUS_SESSION_BUS_ADDRESS",
            format!("unix:path={}", dir.path().join("no-bus").display()),
        )
        .output()
        .expect("child ran");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "child failed: {stdout}");
    assert!(
        stdout.lines().any(|l| l == "code=keyring_unavailable"),
        "{stdout}"
    );
    assert!(
        stdout.contains("DBUS_SESSION_BUS_ADDRESS"),
        "the message says how to fix it: {stdout}"
    );

    let files = files_under(dir.path());
    let names: Vec<_> = files
        .iter()
        .map(|f| f.strip_prefix(dir.path()).unwrap_or(f).to_path_buf())
        .collect();
    assert_eq!(
        names,
        vec![PathBuf::from("accounts.toml")],
        "no fallback file was written"
    );
    for file in files {
        let bytes = std::fs::read(&file).expect("read");
        assert!(
            !String::from_utf8_lossy(&bytes).contains(CHILD_SECRET),
            "{}",
            file.display()
        );
    }
}

fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir)
        .expect("dir")
        .map(|e| e.expect("entry"))
    {
        let path = entry.path();
        if path.is_dir() {
            files.extend(files_under(&path));
        } else {
            files.push(path);
        }
    }
    files.sort();
    files
}
