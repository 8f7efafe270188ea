//! The one TLS configuration: system trust (rustls-platform-verifier) plus the policy's
//! CA certificates, aws-lc-rs as the only crypto provider, and explicit pins. A failed
//! verification is recorded per host with its reason and the leaf's fingerprint, so the
//! caller can tell the user exactly what was refused.

mod verifier;

use crate::{NetConfig, NetError};
use rustls::pki_types::CertificateDer;
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
pub(crate) use verifier::Verifier;

#[derive(Debug, Clone)]
pub(crate) struct Tls {
    pub config: Arc<rustls::ClientConfig>,
    pub failures: Arc<Failures>,
}

impl Tls {
    pub fn new(config: &NetConfig) -> Result<Tls, NetError> {
        let provider = Arc::new(rustls::crypto::aws_lc_rs::default_provider());
        let failures = Arc::new(Failures::default());
        let pins = if config.allow_pinning {
            config
                .pinned_fingerprints
                .iter()
                .map(|p| normalise_fingerprint(p))
                .collect()
        } else {
            Vec::new()
        };
        let verifier = Verifier::new(
            config.extra_roots.clone(),
            pins,
            failures.clone(),
            provider.clone(),
        )?;
        let client = rustls::ClientConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .map_err(|e| NetError::Config {
                reason: e.to_string(),
            })?
            .dangerous() // not dangerous: installs our verifier, which verifies fully
            .with_custom_certificate_verifier(Arc::new(verifier))
            .with_no_client_auth();
        Ok(Tls {
            config: Arc::new(client),
            failures,
        })
    }
}

/// The last certificate failure per host name.
#[derive(Debug, Default)]
pub(crate) struct Failures(Mutex<HashMap<String, CertFailure>>);

#[derive(Debug, Clone)]
pub(crate) struct CertFailure {
    pub reason: String,
    pub fingerprint: String,
}

impl Failures {
    pub fn record(&self, host: &str, failure: CertFailure) {
        if let Ok(mut map) = self.0.lock() {
            map.insert(host.to_ascii_lowercase(), failure);
        }
    }

    pub fn take(&self, host: &str) -> Option<CertFailure> {
        self.0.lock().ok()?.remove(&host.to_ascii_lowercase())
    }

    /// The error for a handshake that failed on certificate verification.
    pub fn error_for(&self, host: &str, fallback_reason: String) -> NetError {
        let failure = self.take(host).unwrap_or(CertFailure {
            reason: fallback_reason,
            fingerprint: "unknown".into(),
        });
        NetError::CertificateUntrusted {
            host: host.to_string(),
            reason: failure.reason,
            fingerprint: failure.fingerprint,
        }
    }
}

/// SHA-256 of a certificate as colon-separated upper-case hex, the form admins compare.
pub fn fingerprint_sha256(cert: &CertificateDer<'_>) -> String {
    Sha256::digest(cert.as_ref())
        .iter()
        .map(|b| format!("{b:02X}"))
        .collect::<Vec<_>>()
        .join(":")
}

fn normalise_fingerprint(fp: &str) -> String {
    let hex: String = fp
        .chars()
        .filter(|c| c.is_ascii_hexdigit())
        .collect::<String>()
        .to_ascii_uppercase();
    hex.as_bytes()
        .chunks(2)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect::<Vec<_>>()
        .join(":")
}

/// The reasons a certificate is refused, in the words `NetError::CertificateUntrusted`
/// carries (English, for logs and the helpdesk). They are constants so that the account
/// layer can show each in the user's language.
pub mod cert_reason {
    pub const UNKNOWN_ISSUER: &str = "issued by an unknown certificate authority";
    pub const EXPIRED: &str = "expired";
    pub const NOT_VALID_YET: &str = "not valid yet";
    pub const WRONG_HOST: &str = "issued for another host name";
    pub const REVOKED: &str = "revoked";
    pub const BAD_SIGNATURE: &str = "badly signed";
}

/// Words for a certificate error that a user and an admin both understand.
pub(crate) fn describe(error: &rustls::Error) -> String {
    use rustls::CertificateError as C;
    match error {
        rustls::Error::InvalidCertificate(cert) => match cert {
            C::UnknownIssuer => cert_reason::UNKNOWN_ISSUER.into(),
            C::Expired | C::ExpiredContext { .. } => cert_reason::EXPIRED.into(),
            C::NotValidYet | C::NotValidYetContext { .. } => cert_reason::NOT_VALID_YET.into(),
            C::NotValidForName | C::NotValidForNameContext { .. } => cert_reason::WRONG_HOST.into(),
            C::Revoked => cert_reason::REVOKED.into(),
            C::BadSignature => cert_reason::BAD_SIGNATURE.into(),
            other => format!("{other:?}"),
        },
        other => other.to_string(),
    }
}

/// Finds a rustls certificate error in an error's source chain.
pub(crate) fn certificate_error(error: &(dyn std::error::Error + 'static)) -> Option<String> {
    let mut current: Option<&(dyn std::error::Error + 'static)> = Some(error);
    while let Some(e) = current {
        if let Some(tls) = e.downcast_ref::<rustls::Error>()
            && matches!(tls, rustls::Error::InvalidCertificate(_))
        {
            return Some(describe(tls));
        }
        if let Some(io) = e.downcast_ref::<std::io::Error>()
            && let Some(inner) = io.get_ref()
            && let Some(found) = certificate_error(inner)
        {
            return Some(found);
        }
        current = e.source();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::normalise_fingerprint;

    #[test]
    fn fingerprints_compare_in_any_notation() {
        assert_eq!(normalise_fingerprint("ab:cd:0f"), "AB:CD:0F");
        assert_eq!(normalise_fingerprint("abcd0f"), "AB:CD:0F");
    }
}
