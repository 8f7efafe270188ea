//! TLS for the harness clients: trust exactly the harness's test CA, nothing else, so a
//! passing test proves the servers present the harness certificate.

use rustls::RootCertStore;
use rustls::pki_types::CertificateDer;
use rustls::pki_types::pem::PemObject;
use std::sync::Arc;

pub fn ca_der(harness: &crate::Harness) -> CertificateDer<'static> {
    CertificateDer::from_pem_file(harness.ca_cert()).unwrap_or_else(|e| {
        panic!(
            "cannot read the test CA {}: {e}",
            harness.ca_cert().display()
        )
    })
}

/// A rustls client configuration trusting only the test CA.
pub fn client_config(harness: &crate::Harness) -> Arc<rustls::ClientConfig> {
    let mut roots = RootCertStore::empty();
    roots
        .add(ca_der(harness))
        .expect("the test CA is a valid trust anchor");
    let provider = Arc::new(rustls::crypto::aws_lc_rs::default_provider());
    let config = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .expect("aws-lc-rs supports the default protocol versions")
        .with_root_certificates(roots)
        .with_no_client_auth();
    Arc::new(config)
}

/// An HTTP client trusting only the test CA (no system roots).
pub fn http_client(harness: &crate::Harness) -> reqwest::Client {
    let pem = std::fs::read(harness.ca_cert()).expect("the test CA is readable");
    let ca = reqwest::Certificate::from_pem(&pem).expect("the test CA is PEM");
    reqwest::Client::builder()
        .tls_certs_only([ca])
        .redirect(reqwest::redirect::Policy::none())
        .no_proxy()
        .build()
        .expect("an HTTP client can be built")
}
