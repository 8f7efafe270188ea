//! Profiles: where they are, what is in them, and that only one process owns one.

use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use werkbank_account::{ErrorCode, Profile};

/// Set in the child process that holds a profile's lock for the cross-process test.
const HOLD_LOCK_ENV: &str = "WERKBANK_TEST_HOLD_PROFILE_LOCK";
/// What the child prints once it holds the lock.
const LOCKED_MARKER: &str = "locked";

/// Kills the child when the test ends, also when an assertion failed.
struct KillOnDrop(Child);

impl Drop for KillOnDrop {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[test]
fn an_explicit_directory_wins_over_the_environment() {
    let explicit = tempfile::tempdir().expect("temp dir");
    let from_env = tempfile::tempdir().expect("temp dir");
    let profile = Profile::resolve_with(
        Some(explicit.path().to_path_buf()),
        Some(from_env.path().into()),
    )
    .expect("resolved");
    assert_eq!(profile.dir(), explicit.path());
}

#[test]
fn the_environment_wins_over_the_platform_directory() {
    let from_env = tempfile::tempdir().expect("temp dir");
    let profile = Profile::resolve_with(None, Some(from_env.path().into())).expect("resolved");
    assert_eq!(profile.dir(), from_env.path());
}

#[test]
fn a_missing_profile_directory_is_created_for_the_owner_only() {
    let parent = tempfile::tempdir().expect("temp dir");
    let dir = parent.path().join("nested").join("profile");
    let profile = Profile::resolve(Some(dir.clone())).expect("resolved");
    assert!(profile.dir().is_dir());
    assert!(profile.logs_dir().is_dir());
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&dir)
            .expect("metadata")
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o700);
    }
}

#[test]
fn the_profile_names_its_files() {
    let dir = tempfile::tempdir().expect("temp dir");
    let profile = Profile::open(dir.path()).expect("opened");
    assert_eq!(profile.accounts_file(), dir.path().join("accounts.toml"));
    assert_eq!(profile.settings_file(), dir.path().join("settings.toml"));
    assert_eq!(profile.store_file(), dir.path().join("werkbank.sqlite3"));
    assert_eq!(profile.logs_dir(), dir.path().join("logs"));
}

#[test]
fn a_second_lock_in_the_same_process_is_refused_until_the_first_is_dropped() {
    let dir = tempfile::tempdir().expect("temp dir");
    let profile = Profile::open(dir.path()).expect("opened");
    let first = profile.lock().expect("first lock");
    let error = profile.lock().expect_err("second lock");
    assert_eq!(
        werkbank_account::ApiError::from(&error).code,
        ErrorCode::ProfileInUse
    );
    drop(first);
    profile.lock().expect("free again");
}

/// Not a test of its own: when started by the cross-process test below, it takes the
/// lock, says so and waits to be killed. Otherwise it returns at once.
#[test]
fn helper_holds_the_profile_lock_when_asked() {
    let Some(dir) = std::env::var_os(HOLD_LOCK_ENV) else {
        return;
    };
    let profile = Profile::open(PathBuf::from(dir)).expect("opened");
    let _lock = profile.lock().expect("child lock");
    // libtest may print its own "test … ..." prefix on the same line.
    println!("\n{LOCKED_MARKER}");
    std::thread::sleep(std::time::Duration::from_secs(120));
}

#[test]
fn another_process_holding_the_profile_makes_it_in_use_until_it_dies() {
    let dir = tempfile::tempdir().expect("temp dir");
    let profile = Profile::open(dir.path()).expect("opened");
    let child = Command::new(std::env::current_exe().expect("test binary"))
        .args([
            "helper_holds_the_profile_lock_when_asked",
            "--exact",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(HOLD_LOCK_ENV, dir.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("child started");
    let mut child = KillOnDrop(child);
    let stdout = child.0.stdout.take().expect("child stdout");
    let locked = BufReader::new(stdout)
        .lines()
        .map_while(Result::ok)
        .any(|line| line.trim() == LOCKED_MARKER);
    assert!(locked, "the child took the lock");

    let error = profile.lock().expect_err("held by the child");
    assert_eq!(error.code(), ErrorCode::ProfileInUse);

    child.0.kill().expect("killed");
    child.0.wait().expect("reaped");
    profile.lock().expect("free once the child is gone");
}
