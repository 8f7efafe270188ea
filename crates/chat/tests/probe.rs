//! The Matrix probe against the harness's Synapse (through Apache's TLS proxy).

#![allow(clippy::unwrap_used)] // test helpers outside #[test] fns unwrap too

use rustls::pki_types::CertificateDer;
use rustls::pki_types::pem::PemObject;
use std::sync::Mutex;
use werkbank_chat::probe::logout;
use werkbank_chat::{ChatError, TokenStore, probe};
use werkbank_harness::{Harness, User, matrix};
use werkbank_net::{Net, NetConfig};

#[derive(Default)]
struct MemoryTokens(Mutex<Option<String>>);

impl TokenStore for MemoryTokens {
    fn token(&self) -> Result<Option<String>, String> {
        Ok(self.0.lock().unwrap().clone())
    }
    fn set_token(&self, token: &str) -> Result<(), String> {
        *self.0.lock().unwrap() = Some(token.to_string());
        Ok(())
    }
}

fn net() -> Net {
    let mut config = NetConfig::new();
    config.extra_roots = vec![CertificateDer::from_pem_file(Harness::get().ca_cert()).unwrap()];
    Net::new(config).unwrap()
}

fn homeserver() -> url::Url {
    url::Url::parse("https://matrix.example.test").unwrap()
}

#[tokio::test]
async fn three_probes_log_in_once_and_leave_one_device() {
    let h = Harness::get();
    let tokens = MemoryTokens::default();
    let password = Some(h.password(User::Bob));
    let mut devices = Vec::new();
    for round in 0..3 {
        let report = probe(&net(), &homeserver(), "bob", password, &tokens)
            .await
            .unwrap();
        assert_eq!(report.user_id, "@bob:example.test");
        assert_eq!(report.logged_in, round == 0, "round {round}");
        devices.push(report.device_id.unwrap());
    }
    devices.dedup();
    assert_eq!(devices.len(), 1, "one device across probes");
    // Server side: bob's device list holds the probe's device once.
    let bob = matrix::login(User::Bob).await.unwrap();
    let on_server = bob.devices().await.unwrap();
    assert_eq!(on_server.iter().filter(|d| **d == devices[0]).count(), 1);
    bob.logout().await.unwrap();
    logout(&net(), &homeserver(), &tokens.token().unwrap().unwrap())
        .await
        .unwrap();
}

#[tokio::test]
async fn a_wrong_password_is_auth_failed() {
    let tokens = MemoryTokens::default();
    let err = probe(&net(), &homeserver(), "alice", Some("wrong"), &tokens)
        .await
        .unwrap_err();
    assert!(matches!(err, ChatError::AuthFailed { .. }), "{err:?}");
    assert!(tokens.token().unwrap().is_none());
}

#[tokio::test]
async fn a_revoked_token_leads_to_one_new_login() {
    let h = Harness::get();
    let tokens = MemoryTokens::default();
    tokens.set_token("syt_revoked_or_made_up").unwrap();
    let report = probe(
        &net(),
        &homeserver(),
        "alice",
        Some(h.password(User::Alice)),
        &tokens,
    )
    .await
    .unwrap();
    assert!(report.logged_in);
    assert_ne!(
        tokens.token().unwrap().as_deref(),
        Some("syt_revoked_or_made_up")
    );
    // Leave no device behind for the other tests that count alice's devices.
    let token = tokens.token().unwrap().unwrap();
    logout(&net(), &homeserver(), &token).await.unwrap();
}
