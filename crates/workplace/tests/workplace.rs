//! The workplace composes exactly the modules the policy enables.

#![allow(clippy::unwrap_used)] // test helpers outside #[test] fns unwrap too

use werkbank_account::policy::Policy;
use werkbank_workplace::{Access, OpenOptions, Workplace};

fn open(policy: &str) -> (tempfile::TempDir, Workplace) {
    let dir = tempfile::tempdir().unwrap();
    let policy = Policy::from_str(policy, std::path::Path::new("test-policy.toml")).unwrap();
    let options = OpenOptions {
        profile: Some(dir.path().join("profile")),
        policy: Some(policy),
    };
    let workplace = Workplace::open(options, Access::Write).unwrap();
    (dir, workplace)
}

fn ids(workplace: &Workplace) -> Vec<String> {
    workplace.modules().into_iter().map(|m| m.id).collect()
}

#[test]
fn every_module_is_there_without_a_policy() {
    let (_dir, workplace) = open("version = 1\n");
    assert_eq!(
        ids(&workplace),
        ["mail", "calendar", "contacts", "chat", "files"]
    );
}

#[test]
fn a_module_disabled_by_policy_is_absent_from_the_command_api() {
    let (_dir, workplace) = open("version = 1\n[modules]\ndisabled = [\"chat\", \"files\"]\n");
    assert_eq!(ids(&workplace), ["mail", "calendar", "contacts"]);
}

#[test]
fn a_second_writer_gets_profile_in_use() {
    let (dir, _first) = open("version = 1\n");
    let options = OpenOptions {
        profile: Some(dir.path().join("profile")),
        policy: Some(Policy::empty()),
    };
    let err = Workplace::open(options.clone(), Access::Write).unwrap_err();
    assert_eq!(err.code, werkbank_account::ErrorCode::ProfileInUse);
    assert!(
        Workplace::open(options, Access::Read).is_ok(),
        "readers are welcome"
    );
}

#[test]
fn the_workplace_can_be_shared_between_threads() {
    // The desktop shell keeps one workplace in its state and calls it from any thread.
    fn shareable<T: Send + Sync + 'static>() {}
    shareable::<Workplace>();
}

#[test]
fn every_subscriber_receives_the_modules_events() {
    use werkbank_account::module::{ModuleEvent, ModuleEventKind};
    let (_dir, workplace) = open("version = 1\n");
    let mut first = workplace.events();
    let mut second = workplace.events();
    let event = ModuleEvent {
        module: "mail",
        account: "demo".into(),
        kind: ModuleEventKind::Progress { done: 1, total: 3 },
    };
    workplace.event_sender().send(event.clone()).unwrap();
    assert_eq!(first.try_recv().unwrap(), event);
    assert_eq!(second.try_recv().unwrap(), event);
}
