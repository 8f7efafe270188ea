//! The mail probe against the harness's real Dovecot and Postfix.

#![allow(clippy::unwrap_used)] // test helpers outside #[test] fns unwrap too

use rustls::pki_types::CertificateDer;
use rustls::pki_types::pem::PemObject;
use werkbank_harness::{Harness, User};
use werkbank_mail::{Endpoint, MailError, Security, probe};
use werkbank_net::{Net, NetConfig, NetError};

fn net(with_ca: bool) -> Net {
    let mut config = NetConfig::new();
    if with_ca {
        config.extra_roots = vec![CertificateDer::from_pem_file(Harness::get().ca_cert()).unwrap()];
    }
    Net::new(config).unwrap()
}

fn endpoint(port_key: &str, security: Security) -> Endpoint {
    Endpoint {
        host: "mail.example.test".into(),
        port: Harness::get().port(port_key),
        security,
    }
}

fn alice() -> (String, String) {
    (
        User::Alice.email(),
        Harness::get().password(User::Alice).to_string(),
    )
}

#[tokio::test]
async fn imap_over_implicit_tls_logs_in_and_reports_capabilities() {
    let (user, password) = alice();
    let report = probe::imap(
        &net(true),
        &endpoint("HARNESS_IMAPS_PORT", Security::Tls),
        &user,
        &password,
    )
    .await
    .unwrap();
    for capability in [
        "IMAP4rev1",
        "IDLE",
        "CONDSTORE",
        "QRESYNC",
        "SPECIAL-USE",
        "MOVE",
        "UIDPLUS",
    ] {
        assert!(
            report.has(capability),
            "{capability} in {:?}",
            report.capabilities
        );
    }
}

#[tokio::test]
async fn imap_with_starttls_logs_in() {
    let (user, password) = alice();
    probe::imap(
        &net(true),
        &endpoint("HARNESS_IMAP_PORT", Security::StartTls),
        &user,
        &password,
    )
    .await
    .unwrap();
}

#[tokio::test]
async fn a_wrong_password_is_auth_failed_for_imap_and_smtp() {
    let (user, _) = alice();
    let err = probe::imap(
        &net(true),
        &endpoint("HARNESS_IMAPS_PORT", Security::Tls),
        &user,
        "wrong",
    )
    .await
    .unwrap_err();
    assert!(matches!(err, MailError::AuthFailed { .. }), "{err:?}");
    let err = probe::smtp(
        &net(true),
        &endpoint("HARNESS_SUBMISSION_PORT", Security::StartTls),
        &user,
        "wrong",
    )
    .await
    .unwrap_err();
    assert!(matches!(err, MailError::AuthFailed { .. }), "{err:?}");
}

#[tokio::test]
async fn smtp_submission_authenticates_with_starttls_and_with_implicit_tls() {
    let (user, password) = alice();
    let report = probe::smtp(
        &net(true),
        &endpoint("HARNESS_SUBMISSION_PORT", Security::StartTls),
        &user,
        &password,
    )
    .await
    .unwrap();
    assert!(
        report.extensions.iter().any(|e| e.starts_with("AUTH")),
        "{:?}",
        report.extensions
    );
    probe::smtp(
        &net(true),
        &endpoint("HARNESS_SUBMISSIONS_PORT", Security::Tls),
        &user,
        &password,
    )
    .await
    .unwrap();
}

#[tokio::test]
async fn an_untrusted_certificate_stops_before_any_authentication_attempt() {
    let h = Harness::get();
    // A login no other test uses: if it shows up in a server log, this test sent it.
    let user = "untrusted-marker@example.test".to_string();
    let password = alice().1;
    let dovecot_before = h.log("HARNESS_DOVECOT_LOG").len();
    let err = probe::imap(
        &net(false),
        &endpoint("HARNESS_IMAPS_PORT", Security::Tls),
        &user,
        &password,
    )
    .await
    .unwrap_err();
    assert!(
        matches!(err, MailError::Net(NetError::CertificateUntrusted { .. })),
        "{err:?}"
    );
    let err = probe::smtp(
        &net(false),
        &endpoint("HARNESS_SUBMISSION_PORT", Security::StartTls),
        &user,
        &password,
    )
    .await
    .unwrap_err();
    assert!(
        matches!(err, MailError::Net(NetError::CertificateUntrusted { .. })),
        "{err:?}"
    );
    // Dovecot logs the closed connection asynchronously: wait for that line.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while !h.log("HARNESS_DOVECOT_LOG")[dovecot_before..].contains("no auth attempts")
        && std::time::Instant::now() < deadline
    {
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    let dovecot = &h.log("HARNESS_DOVECOT_LOG")[dovecot_before..];
    assert!(
        !h.log("HARNESS_DOVECOT_LOG").contains("untrusted-marker"),
        "Dovecot (IMAP, or SMTP AUTH through its auth service) saw a login attempt"
    );
    assert!(
        dovecot.contains("no auth attempts"),
        "Dovecot log: {dovecot}"
    );
    // Postfix hands SMTP AUTH to Dovecot's auth service, which logs the user name of
    // every request (auth_debug): the marker's absence above covers SMTP too.
}

/// A server that does not offer STARTTLS (a stand-in for one misconfigured server: no
/// server in the harness is set up that way, on purpose).
#[tokio::test]
async fn a_server_without_starttls_is_refused() {
    use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let server = tokio::spawn(async move {
        let (socket, _) = listener.accept().await.unwrap();
        let mut socket = BufReader::new(socket);
        socket
            .get_mut()
            .write_all(b"220 plain.example ESMTP\r\n")
            .await
            .unwrap();
        let mut line = String::new();
        socket.read_line(&mut line).await.unwrap();
        socket
            .get_mut()
            .write_all(b"250-plain.example\r\n250 AUTH PLAIN\r\n")
            .await
            .unwrap();
        let mut rest = String::new();
        let _ = socket.read_line(&mut rest).await;
        rest
    });
    let endpoint = Endpoint {
        host: "127.0.0.1".into(),
        port,
        security: Security::StartTls,
    };
    let err = probe::smtp(&net(true), &endpoint, "alice", "secret")
        .await
        .unwrap_err();
    assert_eq!(
        err,
        MailError::Net(NetError::StarttlsUnavailable {
            host: "127.0.0.1".into()
        })
    );
    let after_ehlo = server.await.unwrap();
    assert!(
        !after_ehlo.contains("AUTH"),
        "credentials were offered in plain text: {after_ehlo}"
    );
}

#[tokio::test]
async fn an_unencrypted_connection_is_refused_to_any_host_but_this_computer() {
    let (user, password) = alice();
    for probe_smtp in [false, true] {
        let endpoint = endpoint("HARNESS_IMAP_PORT", Security::Plain);
        let err = if probe_smtp {
            probe::smtp(&net(true), &endpoint, &user, &password)
                .await
                .unwrap_err()
        } else {
            probe::imap(&net(true), &endpoint, &user, &password)
                .await
                .unwrap_err()
        };
        assert_eq!(
            err,
            MailError::Net(NetError::StarttlsUnavailable {
                host: "mail.example.test".into()
            })
        );
    }
}
