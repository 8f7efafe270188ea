//! `werkbank-net` against the real harness servers: TLS trust (system + policy CA),
//! certificate errors with fingerprints, pinning, the host allow-list before DNS, SRV.

#![allow(clippy::unwrap_used)] // test helpers outside #[test] fns unwrap too

use rustls::pki_types::CertificateDer;
use rustls::pki_types::pem::PemObject;
use std::time::Duration;
use werkbank_harness::Harness;
use werkbank_net::{Net, NetConfig, NetError, fingerprint_sha256};

fn test_ca(h: &Harness) -> CertificateDer<'static> {
    CertificateDer::from_pem_file(h.ca_cert()).unwrap()
}

fn server_fingerprint(h: &Harness) -> String {
    let cert = CertificateDer::from_pem_file(h.dir().join("tls/server.pem")).unwrap();
    fingerprint_sha256(&cert)
}

fn net_with_ca() -> Net {
    let mut config = NetConfig::new();
    config.extra_roots = vec![test_ca(Harness::get())];
    Net::new(config).unwrap()
}

fn net_without_ca() -> Net {
    Net::new(NetConfig::new()).unwrap()
}

#[tokio::test]
async fn a_policy_ca_makes_the_harness_certificate_trusted() {
    let h = Harness::get();
    let net = net_with_ca();
    net.connect_tls("mail.example.test", h.port("HARNESS_IMAPS_PORT"))
        .await
        .expect("TLS with the policy CA");
    let url = url::Url::parse("https://example.test/.well-known/matrix/client").unwrap();
    let response = net.http().get(&url, Duration::from_secs(5)).await.unwrap();
    assert_eq!(response.status(), 200);
}

#[tokio::test]
async fn an_unknown_ca_is_refused_with_host_reason_and_fingerprint() {
    let h = Harness::get();
    let err = net_without_ca()
        .connect_tls("mail.example.test", h.port("HARNESS_IMAPS_PORT"))
        .await
        .unwrap_err();
    match err {
        NetError::CertificateUntrusted {
            host,
            reason,
            fingerprint,
        } => {
            assert_eq!(host, "mail.example.test");
            assert!(reason.contains("unknown certificate authority"), "{reason}");
            assert_eq!(fingerprint, server_fingerprint(h));
        }
        other => panic!("expected certificate_untrusted, got {other:?}"),
    }
}

#[tokio::test]
async fn an_unknown_ca_over_http_is_refused_the_same_way() {
    let h = Harness::get();
    let url = url::Url::parse("https://dav.example.test/").unwrap();
    let err = net_without_ca()
        .http()
        .get(&url, Duration::from_secs(5))
        .await
        .unwrap_err();
    assert_eq!(
        err,
        NetError::CertificateUntrusted {
            host: "dav.example.test".into(),
            reason: "issued by an unknown certificate authority".into(),
            fingerprint: server_fingerprint(h),
        }
    );
}

#[tokio::test]
async fn a_pinned_fingerprint_is_accepted_unless_the_policy_forbids_pinning() {
    let h = Harness::get();
    let mut config = NetConfig::new();
    config.pinned_fingerprints = vec![server_fingerprint(h).replace(':', "").to_lowercase()];
    Net::new(config.clone())
        .unwrap()
        .connect_tls("mail.example.test", h.port("HARNESS_IMAPS_PORT"))
        .await
        .expect("pinned certificate accepted");
    config.allow_pinning = false;
    let err = Net::new(config)
        .unwrap()
        .connect_tls("mail.example.test", h.port("HARNESS_IMAPS_PORT"))
        .await
        .unwrap_err();
    assert!(
        matches!(err, NetError::CertificateUntrusted { .. }),
        "{err:?}"
    );
}

#[tokio::test]
async fn a_host_outside_the_allow_list_is_refused_before_any_dns_query() {
    let h = Harness::get();
    let mut config = NetConfig::new();
    config.extra_roots = vec![test_ca(h)];
    config.allowed_hosts = Some(vec!["example.test".into()]);
    let net = Net::new(config).unwrap();
    let refused = format!("refused-{}.example.test", std::process::id());
    let err = net.connect_tls(&refused, 993).await.unwrap_err();
    assert_eq!(
        err,
        NetError::HostNotAllowed {
            host: refused.clone()
        }
    );
    let url = url::Url::parse(&format!("https://{refused}/")).unwrap();
    let err = net
        .http()
        .get(&url, Duration::from_secs(5))
        .await
        .unwrap_err();
    assert_eq!(
        err,
        NetError::HostNotAllowed {
            host: refused.clone()
        }
    );
    // dnsmasq logs every query it receives: the refused name never reached it.
    let queries =
        std::fs::read_to_string(h.dir().join("logs/dnsmasq-queries.log")).unwrap_or_default();
    assert!(!queries.contains(&refused), "{refused} was looked up");
    // The allowed host itself still works.
    let ok = url::Url::parse("https://example.test/.well-known/matrix/client").unwrap();
    assert_eq!(
        net.http()
            .get(&ok, Duration::from_secs(5))
            .await
            .unwrap()
            .status(),
        200
    );
}

#[tokio::test]
async fn a_redirect_to_a_host_outside_the_allow_list_is_not_followed() {
    let h = Harness::get();
    let mut config = NetConfig::new();
    config.extra_roots = vec![test_ca(h)];
    config.allowed_hosts = Some(vec!["example.test".into()]);
    let net = Net::new(config).unwrap();
    // /.well-known/caldav redirects to dav.example.test.
    let url = url::Url::parse("https://example.test/.well-known/caldav").unwrap();
    let err = net
        .http()
        .get(&url, Duration::from_secs(5))
        .await
        .unwrap_err();
    assert_eq!(
        err,
        NetError::HostNotAllowed {
            host: "dav.example.test".into()
        }
    );
}

#[tokio::test]
async fn srv_records_come_from_the_configured_resolver() {
    let h = Harness::get();
    let mut config = NetConfig::new();
    config.dns_servers = vec![h.dns()];
    let net = Net::new(config).unwrap();
    let records = net.srv("_submission._tcp.example.test").await.unwrap();
    assert_eq!(records.len(), 1);
    assert_eq!(
        (records[0].target.as_str(), records[0].port),
        ("mail.example.test", h.port("HARNESS_SUBMISSION_PORT"))
    );
    assert!(
        net.srv("_nothing._tcp.example.test")
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(
        net.txt("_carddavs._tcp.example.test").await.unwrap(),
        vec!["path=/".to_string()]
    );
}

#[tokio::test]
async fn a_closed_port_is_unreachable() {
    let err = net_with_ca().connect_tls("127.0.0.1", 1).await.unwrap_err();
    assert!(matches!(err, NetError::Unreachable { .. }), "{err:?}");
}

/// A minimal HTTP CONNECT proxy on loopback that records what it was asked for and
/// tunnels to the harness's Apache (the real server behind it).
async fn connect_proxy() -> (u16, std::sync::Arc<std::sync::Mutex<Vec<String>>>) {
    use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let seen = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let log = seen.clone();
    tokio::spawn(async move {
        while let Ok((socket, _)) = listener.accept().await {
            let log = log.clone();
            tokio::spawn(async move {
                let mut client = BufReader::new(socket);
                let mut request = String::new();
                client.read_line(&mut request).await.unwrap();
                loop {
                    let mut header = String::new();
                    client.read_line(&mut header).await.unwrap();
                    if header == "\r\n" || header.is_empty() {
                        break;
                    }
                }
                log.lock().unwrap().push(request.trim().to_string());
                let mut upstream = tokio::net::TcpStream::connect("127.0.0.1:443")
                    .await
                    .unwrap();
                client
                    .get_mut()
                    .write_all(b"HTTP/1.1 200 Connection established\r\n\r\n")
                    .await
                    .unwrap();
                let mut client = client.into_inner();
                let _ = tokio::io::copy_bidirectional(&mut client, &mut upstream).await;
            });
        }
    });
    (port, seen)
}

#[tokio::test]
async fn web_traffic_goes_through_the_policy_proxy_and_refused_hosts_never_reach_it() {
    let h = Harness::get();
    let (port, seen) = connect_proxy().await;
    let mut config = NetConfig::new();
    config.extra_roots = vec![test_ca(h)];
    config.proxy = Some(url::Url::parse(&format!("http://127.0.0.1:{port}")).unwrap());
    config.allowed_hosts = Some(vec!["example.test".into()]);
    let net = Net::new(config).unwrap();
    let url = url::Url::parse("https://example.test/.well-known/matrix/client").unwrap();
    let response = net.http().get(&url, Duration::from_secs(5)).await.unwrap();
    assert_eq!(response.status(), 200);
    let refused = url::Url::parse("https://dav.example.test/").unwrap();
    let err = net
        .http()
        .get(&refused, Duration::from_secs(5))
        .await
        .unwrap_err();
    assert_eq!(
        err,
        NetError::HostNotAllowed {
            host: "dav.example.test".into()
        }
    );
    let seen = seen.lock().unwrap().clone();
    assert_eq!(seen, vec!["CONNECT example.test:443 HTTP/1.1".to_string()]);
}
