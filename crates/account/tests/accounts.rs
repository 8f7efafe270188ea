//! Accounts in `accounts.toml`: add, list, get, update, remove, and the rules that keep
//! secrets and unencrypted connections out.

use url::Url;
use werkbank_account::account::{DavService, Endpoint, MailService, MatrixService, Security};
use werkbank_account::{Account, AccountStore, ApiError, ErrorCode, Profile};

fn store() -> (tempfile::TempDir, Profile, AccountStore) {
    let dir = tempfile::tempdir().expect("temp dir");
    let profile = Profile::open(dir.path()).expect("profile");
    let store = AccountStore::new(&profile);
    (dir, profile, store)
}

fn url(text: &str) -> Url {
    Url::parse(text).expect("url")
}

/// Alice's full account on the harness servers.
fn alice() -> Account {
    let mut account = Account::new("work", "Alice Example", "alice@example.test");
    account.mail = Some(MailService {
        imap: Endpoint::new("mail.example.test", 993, Security::Tls),
        smtp: Endpoint::new("mail.example.test", 587, Security::StartTls),
        username: "alice@example.test".into(),
    });
    account.caldav = Some(DavService {
        url: url("https://dav.example.test/"),
        username: "alice".into(),
    });
    account.carddav = Some(DavService {
        url: url("https://dav.example.test/"),
        username: "alice".into(),
    });
    account.webdav = Some(DavService {
        url: url("https://files.example.test/remote.php/dav/files/alice/"),
        username: "alice".into(),
    });
    account.matrix = Some(MatrixService {
        homeserver: url("https://matrix.example.test/"),
        username: "alice".into(),
        user_id: Some("@alice:example.test".into()),
        device_id: Some("WERKBANK1".into()),
    });
    account.pinned_certificates = vec!["ab".repeat(32)];
    account
}

fn code(error: &werkbank_account::AccountError) -> ErrorCode {
    ApiError::from(error).code
}

#[test]
fn a_profile_without_accounts_file_has_no_accounts() {
    let (_dir, _profile, store) = store();
    assert!(store.list().expect("listed").is_empty());
}

#[test]
fn an_added_account_reads_back_with_every_field() {
    let (_dir, _profile, store) = store();
    store.add(alice()).expect("added");
    assert_eq!(store.get("work").expect("found"), alice());
    assert_eq!(store.list().expect("listed"), vec![alice()]);
}

#[test]
fn adding_an_existing_id_is_refused() {
    let (_dir, _profile, store) = store();
    store.add(alice()).expect("added");
    let error = store.add(alice()).expect_err("duplicate");
    let api = ApiError::from(&error);
    assert_eq!(api.code, ErrorCode::AccountExists);
    assert!(api.message.contains("work"), "{}", api.message);
}

#[test]
fn an_update_replaces_the_account() {
    let (_dir, _profile, store) = store();
    store.add(alice()).expect("added");
    let mut changed = alice();
    changed.display_name = "Alice E.".into();
    changed.webdav = None;
    store.update(changed.clone()).expect("updated");
    assert_eq!(store.get("work").expect("found"), changed);
}

#[test]
fn updating_or_removing_an_unknown_account_is_not_found() {
    let (_dir, _profile, store) = store();
    assert_eq!(
        code(&store.update(alice()).expect_err("update")),
        ErrorCode::AccountNotFound
    );
    assert_eq!(
        code(&store.remove("work").expect_err("remove")),
        ErrorCode::AccountNotFound
    );
    let api = ApiError::from(&store.get("work").expect_err("get"));
    assert_eq!(api.details.get("account").map(String::as_str), Some("work"));
    assert!(
        !api.message.contains("{"),
        "every Fluent argument is given: {}",
        api.message
    );
}

#[test]
fn a_removed_account_is_gone_and_the_others_stay() {
    let (_dir, _profile, store) = store();
    store.add(alice()).expect("added");
    store
        .add(Account::new("home", "Alice at home", "alice@home.test"))
        .expect("added");
    assert_eq!(store.remove("work").expect("removed").id, "work");
    let ids: Vec<String> = store
        .list()
        .expect("listed")
        .into_iter()
        .map(|a| a.id)
        .collect();
    assert_eq!(ids, vec!["home".to_string()]);
}

#[test]
fn the_accounts_file_is_written_atomically_and_private() {
    let (dir, profile, store) = store();
    store.add(alice()).expect("added");
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .expect("dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|n| n != "logs")
        .collect();
    assert_eq!(
        names,
        vec!["accounts.toml".to_string()],
        "no temporary file is left behind"
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(profile.accounts_file())
            .expect("metadata")
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
    }
}

#[test]
fn the_accounts_file_is_readable_toml() {
    let (_dir, profile, store) = store();
    store.add(alice()).expect("added");
    let text = std::fs::read_to_string(profile.accounts_file()).expect("read");
    let value: toml::Table = toml::from_str(&text).expect("valid TOML");
    let first = &value["account"].as_array().expect("array of tables")[0];
    assert_eq!(first["id"].as_str(), Some("work"));
    assert_eq!(first["mail"]["imap"]["security"].as_str(), Some("tls"));
    assert_eq!(first["mail"]["smtp"]["security"].as_str(), Some("starttls"));
    assert_eq!(
        first["caldav"]["url"].as_str(),
        Some("https://dav.example.test/")
    );
}

#[test]
fn a_password_typed_into_the_accounts_file_is_refused_without_being_repeated() {
    let (_dir, profile, store) = store();
    std::fs::write(
        profile.accounts_file(),
        "[[account]]\nid = \"work\"\ndisplay_name = \"A\"\nemail = \"a@example.test\"\npassword = \"hunter2-secret\"\n",
    )
    .expect("written by hand");
    let error = store.list().expect_err("refused");
    let api = ApiError::from(&error);
    assert_eq!(api.code, ErrorCode::InvalidInput);
    assert!(
        api.message.contains("password"),
        "names the key: {}",
        api.message
    );
    assert!(
        !format!("{error:?} {api:?}").contains("hunter2"),
        "the value is never repeated"
    );
}

#[test]
fn plain_text_mail_is_allowed_only_to_localhost() {
    let (_dir, _profile, store) = store();
    let mut remote = alice();
    if let Some(mail) = remote.mail.as_mut() {
        mail.imap.security = Security::Plain;
    }
    let api = ApiError::from(&store.add(remote).expect_err("remote plain"));
    assert_eq!(api.code, ErrorCode::InvalidInput);
    assert!(
        api.message.contains("unencrypted") && api.message.contains("localhost"),
        "{}",
        api.message
    );

    let mut local = alice();
    local.mail = Some(MailService {
        imap: Endpoint::new("127.0.0.1", 1143, Security::Plain),
        smtp: Endpoint::new("localhost", 1025, Security::Plain),
        username: "alice".into(),
    });
    store.add(local).expect("a local bridge may be plain");
}

#[test]
fn a_dav_address_must_be_https_and_carry_no_password() {
    let (_dir, _profile, store) = store();
    let mut plain = alice();
    plain.caldav = Some(DavService {
        url: url("http://dav.example.test/"),
        username: "alice".into(),
    });
    assert_eq!(
        code(&store.add(plain).expect_err("http")),
        ErrorCode::InvalidInput
    );

    let mut with_secret = alice();
    with_secret.webdav = Some(DavService {
        url: url("https://alice:hunter2@files.example.test/"),
        username: "alice".into(),
    });
    let error = store.add(with_secret).expect_err("secret in URL");
    assert!(!format!("{error:?}").contains("hunter2"), "{error:?}");
}

#[test]
fn account_ids_are_slugs() {
    let (_dir, _profile, store) = store();
    for bad in ["", "Work", "my work", "work:password", "-work", "../work"] {
        let mut account = alice();
        account.id = bad.into();
        assert_eq!(
            code(&store.add(account).expect_err(bad)),
            ErrorCode::InvalidInput,
            "{bad:?}"
        );
    }
}

#[test]
fn a_pinned_certificate_must_be_a_sha256_fingerprint() {
    let (_dir, _profile, store) = store();
    let mut account = alice();
    account.pinned_certificates = vec!["not-a-fingerprint".into()];
    assert_eq!(
        code(&store.add(account).expect_err("bad pin")),
        ErrorCode::InvalidInput
    );
}
