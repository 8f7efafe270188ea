//! The calendar probe against the harness's Radicale behind Apache's TLS proxy.

#![allow(clippy::unwrap_used)] // test helpers outside #[test] fns unwrap too

use rustls::pki_types::CertificateDer;
use rustls::pki_types::pem::PemObject;
use werkbank_account::account::DavService;
use werkbank_account::module::{Module, ProbeContext};
use werkbank_account::{Account, Credentials, ErrorCode};
use werkbank_calendar::CalendarModule;
use werkbank_harness::{Harness, User};
use werkbank_net::{Net, NetConfig};

/// Alice's account with the password coming from a command (no keyring needed here).
fn alice(password: &str) -> Account {
    let mut account = Account::new("work", "Alice", "alice@example.test");
    account.password_command = Some(format!("printf '%s' '{password}'"));
    account.caldav = Some(DavService {
        url: url::Url::parse("https://dav.example.test/").unwrap(),
        username: "alice".into(),
    });
    account
}

fn ctx(with_ca: bool) -> ProbeContext {
    let mut config = NetConfig::new();
    if with_ca {
        config.extra_roots = vec![CertificateDer::from_pem_file(Harness::get().ca_cert()).unwrap()];
    }
    ProbeContext {
        net: Net::new(config).unwrap(),
        credentials: Credentials::password_commands_only(),
    }
}

#[tokio::test]
async fn finds_the_users_home_set() {
    let account = alice(Harness::get().password(User::Alice));
    let checks = CalendarModule.probe(&ctx(true), &account).await;
    assert_eq!(checks.len(), 1);
    assert!(checks[0].ok, "{:?}", checks[0].error);
    assert_eq!(checks[0].summary, "https://dav.example.test/alice/");
}

#[tokio::test]
async fn a_wrong_password_is_auth_failed() {
    let checks = CalendarModule.probe(&ctx(true), &alice("wrong")).await;
    assert_eq!(
        checks[0].error.as_ref().map(|e| e.code),
        Some(ErrorCode::AuthFailed)
    );
}

#[tokio::test]
async fn an_untrusted_certificate_is_refused_before_any_request() {
    let h = Harness::get();
    // A user name no other test uses, to find this probe's requests in the access log.
    let marker = "untrusted-cert-calendar";
    let mut account = alice(h.password(User::Alice));
    account.caldav.as_mut().unwrap().username = marker.into();
    let checks = CalendarModule.probe(&ctx(false), &account).await;
    let error = checks[0].error.as_ref().unwrap();
    assert_eq!(error.code, ErrorCode::CertificateUntrusted);
    assert_eq!(error.details["host"], "dav.example.test");
    assert!(
        !h.log("HARNESS_APACHE_ACCESS_LOG").contains(marker),
        "a request reached the server"
    );
}

#[tokio::test]
async fn an_account_without_the_service_has_nothing_to_check() {
    let mut account = alice("x");
    account.caldav = None;
    assert!(CalendarModule.probe(&ctx(true), &account).await.is_empty());
}
