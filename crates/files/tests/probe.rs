//! The WebDAV probe against the harness's Apache mod_dav (Nextcloud layout).

#![allow(clippy::unwrap_used)] // test helpers outside #[test] fns unwrap too

use rustls::pki_types::CertificateDer;
use rustls::pki_types::pem::PemObject;
use werkbank_files::{FilesError, probe};
use werkbank_harness::{Harness, User};
use werkbank_net::{Net, NetConfig, NetError};

fn net(with_ca: bool) -> Net {
    let mut config = NetConfig::new();
    if with_ca {
        config.extra_roots = vec![CertificateDer::from_pem_file(Harness::get().ca_cert()).unwrap()];
    }
    Net::new(config).unwrap()
}

fn folder(user: &str) -> url::Url {
    url::Url::parse(&format!(
        "https://files.example.test/remote.php/dav/files/{user}/"
    ))
    .unwrap()
}

#[tokio::test]
async fn the_users_own_folder_is_a_collection() {
    let h = Harness::get();
    let report = probe(
        &net(true),
        &folder("alice"),
        "alice",
        h.password(User::Alice),
    )
    .await
    .unwrap();
    assert!(report.is_collection);
}

#[tokio::test]
async fn a_wrong_password_is_auth_failed() {
    let err = probe(&net(true), &folder("alice"), "alice", "wrong")
        .await
        .unwrap_err();
    assert!(matches!(err, FilesError::AuthFailed { .. }), "{err:?}");
}

#[tokio::test]
async fn another_users_folder_is_refused() {
    let h = Harness::get();
    let err = probe(&net(true), &folder("alice"), "bob", h.password(User::Bob))
        .await
        .unwrap_err();
    assert!(
        matches!(&err, FilesError::Protocol { reason, .. } if reason.contains("403")),
        "{err:?}"
    );
}

#[tokio::test]
async fn an_untrusted_certificate_sends_no_credentials() {
    let h = Harness::get();
    // A folder name no other test uses, to find this probe's request in the log.
    let marker =
        url::Url::parse("https://files.example.test/remote.php/dav/files/alice/untrusted-marker/")
            .unwrap();
    let err = probe(&net(false), &marker, "alice", h.password(User::Alice))
        .await
        .unwrap_err();
    assert!(
        matches!(err, FilesError::Net(NetError::CertificateUntrusted { .. })),
        "{err:?}"
    );
    // No request reached Apache: TLS failed before the first byte of HTTP.
    let log = h.log("HARNESS_APACHE_ACCESS_LOG");
    assert!(
        !log.contains("untrusted-marker"),
        "a request reached Apache"
    );
}
