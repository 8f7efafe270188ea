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

mod account_update {
    //! Editing a saved account's servers (Settings → Accounts → Edit).

    use super::open;
    use werkbank_account::account::{DavService, Endpoint, MailService, MatrixService, Security};
    use werkbank_account::{Account, ErrorCode};
    use werkbank_workplace::AddAccount;

    fn work() -> Account {
        let mut account = Account::new("work", "Alice", "alice@example.test");
        account.mail = Some(MailService {
            imap: Endpoint::new("mail.example.test", 993, Security::Tls),
            smtp: Endpoint::new("mail.example.test", 465, Security::Tls),
            username: "alice@example.test".into(),
        });
        account
    }

    fn url(text: &str) -> url::Url {
        url::Url::parse(text).unwrap()
    }

    fn add(workplace: &werkbank_workplace::Workplace, account: Account) {
        let request = AddAccount {
            account,
            password: None,
        };
        workplace.account_add(request).unwrap();
    }

    #[test]
    fn new_server_settings_are_saved_and_kept_across_a_restart() {
        let (dir, workplace) = open("version = 1\n");
        let mut saved = work();
        saved.pinned_certificates = vec!["ab".repeat(32)];
        add(&workplace, saved);

        let mut edited = work();
        edited.display_name = "Alice Schmidt".into();
        edited.mail = Some(MailService {
            imap: Endpoint::new("imap.example.test", 143, Security::StartTls),
            smtp: Endpoint::new("smtp.example.test", 587, Security::StartTls),
            username: "alice".into(),
        });
        edited.caldav = Some(DavService {
            url: url("https://dav.example.test/alice/"),
            username: "alice".into(),
        });
        let view = workplace.account_update(edited.clone()).unwrap();
        assert_eq!(view.account.display_name, "Alice Schmidt");
        assert!(
            view.services
                .contains(&werkbank_account::discovery::ServiceKind::CalDav)
        );
        drop(workplace);

        let options = werkbank_workplace::OpenOptions {
            profile: Some(dir.path().join("profile")),
            policy: Some(werkbank_account::policy::Policy::empty()),
        };
        let reopened =
            werkbank_workplace::Workplace::open(options, werkbank_workplace::Access::Read).unwrap();
        let stored = reopened.account_show("work").unwrap().account;
        assert_eq!(stored.mail, edited.mail);
        assert_eq!(stored.caldav, edited.caldav);
        assert_eq!(
            stored.pinned_certificates,
            ["ab".repeat(32)],
            "trusted certificates are not edited here"
        );
    }

    #[test]
    fn an_unchanged_matrix_login_keeps_its_device_and_a_new_server_drops_it() {
        let (_dir, workplace) = open("version = 1\n");
        let mut saved = work();
        saved.matrix = Some(MatrixService {
            homeserver: url("https://matrix.example.test/"),
            username: "alice".into(),
            user_id: Some("@alice:example.test".into()),
            device_id: Some("DEVICE1".into()),
        });
        add(&workplace, saved.clone());

        // The form does not know the device; the same login keeps it.
        let mut renamed = saved.clone();
        renamed.display_name = "Alice S.".into();
        renamed.matrix.as_mut().unwrap().device_id = None;
        renamed.matrix.as_mut().unwrap().user_id = None;
        let kept = workplace.account_update(renamed.clone()).unwrap().account;
        assert_eq!(kept.matrix, saved.matrix);

        let mut moved = renamed;
        moved.matrix.as_mut().unwrap().homeserver = url("https://chat.example.test/");
        let matrix = workplace
            .account_update(moved)
            .unwrap()
            .account
            .matrix
            .unwrap();
        assert_eq!(matrix.homeserver.as_str(), "https://chat.example.test/");
        assert_eq!((matrix.user_id, matrix.device_id), (None, None));
    }

    #[test]
    fn the_access_token_of_the_old_matrix_server_leaves_the_keyring() {
        // Against the harness's real Secret Service: the token of one homeserver is
        // never presented to another.
        let harness = werkbank_harness::Harness::get();
        assert_eq!(
            std::env::var("DBUS_SESSION_BUS_ADDRESS").ok().as_deref(),
            Some(harness.var("DBUS_SESSION_BUS_ADDRESS")),
            "tests run on the harness's session bus: `set -a; . /tmp/werkbank-harness/harness.env; set +a`"
        );
        let keyring = werkbank_account::Credentials::new().unwrap();
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_nanos();
        let (_dir, workplace) = open("version = 1\n");
        let mut saved = work();
        saved.id = format!("edit-{nanos}");
        saved.matrix = Some(MatrixService {
            homeserver: url("https://matrix.example.test/"),
            username: "alice".into(),
            user_id: None,
            device_id: None,
        });
        add(&workplace, saved.clone());
        keyring
            .set_matrix_token(&saved.id, "syt_old_server")
            .unwrap();

        let mut renamed = saved.clone();
        renamed.display_name = "Alice S.".into();
        workplace.account_update(renamed.clone()).unwrap();
        assert_eq!(
            keyring.matrix_token(&saved.id).unwrap().as_deref(),
            Some("syt_old_server"),
            "the same login keeps its token"
        );

        let mut moved = renamed;
        moved.matrix.as_mut().unwrap().homeserver = url("https://chat.example.test/");
        workplace.account_update(moved).unwrap();
        assert_eq!(keyring.matrix_token(&saved.id).unwrap(), None);
        keyring.delete_all(&saved.id).unwrap();
    }

    #[test]
    fn an_edit_is_checked_like_a_new_account() {
        let (_dir, workplace) =
            open("version = 1\n[network]\nallowed_hosts = [\"*.example.test\"]\n");
        add(&workplace, work());

        let mut elsewhere = work();
        elsewhere.mail.as_mut().unwrap().imap.host = "imap.elsewhere.test".into();
        let err = workplace.account_update(elsewhere).unwrap_err();
        assert_eq!(err.code, ErrorCode::HostNotAllowed);

        let mut nameless = work();
        nameless.display_name = " ".into();
        let err = workplace.account_update(nameless).unwrap_err();
        assert_eq!(err.code, ErrorCode::InvalidInput);

        let mut unknown = work();
        unknown.id = "other".into();
        let err = workplace.account_update(unknown).unwrap_err();
        assert_eq!(err.code, ErrorCode::AccountNotFound);

        let stored = workplace.account_show("work").unwrap().account;
        assert_eq!(stored, work(), "a refused edit changes nothing");
    }

    #[test]
    fn a_policy_account_refuses_every_change_as_locked() {
        let policy = r#"
version = 1
[[accounts]]
id = "org"
display_name = "Stadtverwaltung"
email = "alice@example.test"
[accounts.mail]
imap = "imaps://mail.example.test:993"
smtp = "submissions://mail.example.test:465"
"#;
        let (_dir, workplace) = open(policy);
        let provisioned = workplace.account_show("org").unwrap().account;
        assert!(provisioned.provisioned);

        let mut edited = provisioned.clone();
        edited.mail.as_mut().unwrap().imap.port = 1993;
        let err = workplace.account_update(edited).unwrap_err();
        assert_eq!(err.code, ErrorCode::SettingLocked);
        assert_eq!(err.details["key"], "accounts.org.mail");
        assert_eq!(err.details["file"], "test-policy.toml");

        let mut renamed = provisioned.clone();
        renamed.display_name = "Mine".into();
        let err = workplace.account_update(renamed).unwrap_err();
        assert_eq!(err.details["key"], "accounts.org.display_name");

        assert_eq!(
            workplace
                .account_update(provisioned.clone())
                .unwrap()
                .account,
            provisioned,
            "saving without a change is fine"
        );
    }
}

#[test]
fn app_info_says_whether_the_policy_allows_trusting_a_certificate_by_hand() {
    let (_dir, workplace) = open("version = 1\n");
    assert!(workplace.app_info().pinning_allowed);
    let (_dir, locked) = open("version = 1\n[network]\nallow_certificate_pinning = false\n");
    assert!(!locked.app_info().pinning_allowed);
    let err = locked
        .account_trust_certificate("any", &"ab".repeat(32), true)
        .unwrap_err();
    assert_eq!(
        err.code,
        werkbank_account::ErrorCode::PinningForbidden,
        "the same rule refuses the command"
    );
}
