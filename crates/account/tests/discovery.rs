#![allow(clippy::unwrap_used)]
//! Discovery against the real harness (Apache, dnsmasq, Radicale, Synapse) with every
//! mechanism on. One mechanism at a time is in `discovery_each_mechanism.rs`.

mod discovery_support;

use discovery_support::{discover_alice, net, services, urls};
use werkbank_account::discovery::{
    DiscoveryOptions, Outcome, Security, ServiceKind, Source, discover,
};
use werkbank_account::{ApiError, ErrorCode};
use werkbank_harness::Harness;

/// The tests that talk to the harness take turns: the policy test counts requests in
/// Apache's access log, which another discovery running meanwhile would add to.
static ONE_AT_A_TIME: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

#[tokio::test]
async fn every_service_of_alice_is_found_and_dav_leads_to_her_home() {
    let _turn = ONE_AT_A_TIME.lock().await;
    let h = Harness::get();
    assert!(
        h.without().is_empty(),
        "run with every mechanism on: `cargo xtask servers up`"
    );
    let d = discover_alice(&net(true, None), true).await;
    let imaps = format!("imaps://mail.example.test:{}", h.port("HARNESS_IMAPS_PORT"));
    let imap = format!("imap://mail.example.test:{}", h.port("HARNESS_IMAP_PORT"));
    let smtps = format!(
        "submissions://mail.example.test:{}",
        h.port("HARNESS_SUBMISSIONS_PORT")
    );
    let smtp = format!(
        "submission://mail.example.test:{}",
        h.port("HARNESS_SUBMISSION_PORT")
    );

    for source in [Source::Autoconfig, Source::Srv] {
        assert_eq!(
            urls(&d, ServiceKind::Imap, source),
            [imaps.as_str(), imap.as_str()],
            "{d:#?}"
        );
        assert_eq!(
            urls(&d, ServiceKind::Smtp, source),
            [smtps.as_str(), smtp.as_str()],
            "{d:#?}"
        );
    }
    // The best first: implicit TLS from autoconfig.
    assert_eq!(d.services[0].url, imaps);
    assert_eq!(d.services[0].source, Source::Autoconfig);
    assert_eq!(d.services[0].security, Security::Tls);
    assert_eq!(
        d.services[0].username.as_deref(),
        Some("alice@example.test")
    );

    for kind in [ServiceKind::CalDav, ServiceKind::CardDav] {
        assert_eq!(
            urls(&d, kind, Source::Autoconfig),
            ["https://dav.example.test/"]
        );
        for source in [Source::WellKnown, Source::DnsSrvTxt] {
            let found = services(&d, kind, source);
            assert_eq!(found.len(), 1, "{kind:?} from {source:?}: {d:#?}");
            assert_eq!(found[0].url, "https://dav.example.test/alice/");
            assert_eq!(found[0].username.as_deref(), Some("alice"));
        }
    }
    assert_eq!(
        urls(&d, ServiceKind::Matrix, Source::MatrixWellKnown),
        ["https://matrix.example.test/"]
    );
    assert_eq!(
        urls(&d, ServiceKind::WebDav, Source::NextcloudStatus),
        ["https://cloud.example.test/remote.php/dav/files/alice/"]
    );
    // Only these sources, and nothing errs on a healthy harness.
    assert!(
        d.attempts.iter().all(|a| a.outcome != Outcome::Error),
        "{:#?}",
        d.attempts
    );
}

#[tokio::test]
async fn without_a_password_the_dav_context_url_is_reported() {
    let _turn = ONE_AT_A_TIME.lock().await;
    let d = discover_alice(&net(true, None), false).await;
    for kind in [ServiceKind::CalDav, ServiceKind::CardDav] {
        for source in [Source::WellKnown, Source::DnsSrvTxt] {
            assert_eq!(
                urls(&d, kind, source),
                ["https://dav.example.test/"],
                "{d:#?}"
            );
        }
    }
}

#[tokio::test]
async fn hosts_outside_the_policy_are_neither_contacted_nor_offered() {
    let _turn = ONE_AT_A_TIME.lock().await;
    let h = Harness::get();
    let refused = [
        "autoconfig.example.test",
        "dav.example.test",
        "matrix.example.test",
        "cloud.example.test",
    ];
    // Discovery's own requests to the refused hosts, as Apache logs them (`<vhost> …`).
    let requests_to_refused = || {
        h.log("HARNESS_APACHE_ACCESS_LOG")
            .lines()
            .filter(|l| {
                refused
                    .iter()
                    .any(|host| l.starts_with(&format!("{host} ")))
            })
            .filter(|l| {
                [
                    "/mail/config-v1.1.xml",
                    "/_matrix/client/versions",
                    "/status.php",
                    "\"PROPFIND ",
                ]
                .iter()
                .any(|p| l.contains(p))
            })
            .count()
    };
    let to_domain = || {
        h.log("HARNESS_APACHE_ACCESS_LOG")
            .lines()
            .filter(|l| l.starts_with("example.test "))
            .count()
    };
    // Apache writes a request's log line after sending its response, so lines of the
    // test before this one can still arrive: start counting once the log is still.
    let mut before = requests_to_refused();
    for _ in 0..25 {
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
        let now = requests_to_refused();
        if now == before {
            break;
        }
        before = now;
    }
    let domain_before = to_domain();

    let d = discover_alice(&net(true, Some(&["example.test"])), true).await;

    assert!(d.services.is_empty(), "{:#?}", d.services);
    let refused_targets: Vec<&str> = d
        .attempts
        .iter()
        .filter(|a| a.error_code == Some(ErrorCode::HostNotAllowed))
        .map(|a| a.target.as_str())
        .collect();
    for host in refused {
        assert!(
            refused_targets.iter().any(|t| t.contains(host)),
            "no host_not_allowed attempt for {host}: {:#?}",
            d.attempts
        );
    }
    // The services the allowed host described are reported as refused, not offered.
    assert!(refused_targets.contains(&"imaps://mail.example.test:10993"));
    assert_eq!(
        requests_to_refused(),
        before,
        "a refused host was contacted"
    );
    assert!(
        to_domain() > domain_before,
        "the allowed host was not asked"
    );
}

#[tokio::test]
async fn without_the_test_ca_every_https_attempt_is_untrusted() {
    let _turn = ONE_AT_A_TIME.lock().await;
    let d = discover_alice(&net(false, None), true).await;
    let https: Vec<_> = d
        .attempts
        .iter()
        .filter(|a| a.target.starts_with("https://"))
        .collect();
    assert!(https.len() >= 6, "{:#?}", d.attempts);
    for attempt in https {
        assert_eq!(
            attempt.error_code,
            Some(ErrorCode::CertificateUntrusted),
            "{attempt:#?}"
        );
    }
    // DNS still works: what SRV says is reported (no certificate involved yet).
    assert!(!services(&d, ServiceKind::Imap, Source::Srv).is_empty());
    assert!(
        d.services
            .iter()
            .all(|s| matches!(s.source, Source::Srv | Source::DnsSrvTxt)),
        "{:#?}",
        d.services
    );
}

#[tokio::test]
async fn input_that_is_not_an_address_is_invalid_input() {
    let net = net(true, None);
    for input in [
        "",
        "alice",
        "alice@",
        "@example.test",
        "alice@exa mple.test",
        "a b@example.test",
        "alice@localhost",
        "alice@-x.test",
    ] {
        let error = discover(&net, input, &DiscoveryOptions::default())
            .await
            .expect_err(input);
        assert_eq!(ErrorCode::from(&error), ErrorCode::InvalidInput, "{input}");
        let api = ApiError::from(&error);
        assert_eq!(api.code, ErrorCode::InvalidInput);
        assert!(!api.message.contains("{"), "{}", api.message);
    }
}

#[tokio::test]
async fn net_errors_become_api_errors_with_every_message_argument() {
    use werkbank_net::NetError;
    let errors = [
        NetError::HostNotAllowed {
            host: "h.test".into(),
        },
        NetError::CertificateUntrusted {
            host: "h.test".into(),
            reason: "unknown issuer".into(),
            fingerprint: "AB:CD".into(),
        },
        NetError::Unreachable {
            host: "h.test".into(),
            reason: "refused".into(),
        },
        NetError::Timeout {
            host: "h.test".into(),
        },
        NetError::StarttlsUnavailable {
            host: "h.test".into(),
        },
        NetError::Tls {
            host: "h.test".into(),
            reason: "alert".into(),
        },
        NetError::Protocol {
            host: "h.test".into(),
            reason: "garbage".into(),
        },
        NetError::Config {
            reason: "bad proxy".into(),
        },
    ];
    let codes = [
        ErrorCode::HostNotAllowed,
        ErrorCode::CertificateUntrusted,
        ErrorCode::Unreachable,
        ErrorCode::Timeout,
        ErrorCode::StarttlsUnavailable,
        ErrorCode::ProtocolError,
        ErrorCode::ProtocolError,
        ErrorCode::InvalidInput,
    ];
    for (error, code) in errors.iter().zip(codes) {
        let api = ApiError::from(error);
        assert_eq!(api.code, code);
        // Fluent shows a missing argument as `{$name}`; every one must be supplied.
        for text in [&api.message, &api.hint] {
            assert!(!text.contains('{') && !text.contains('}'), "{code}: {text}");
        }
    }
    let untrusted = ApiError::from(&errors[1]);
    assert_eq!(untrusted.details["fingerprint"], "AB:CD");
    assert!(untrusted.hint.contains("AB:CD"));
}
