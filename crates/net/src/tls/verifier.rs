//! A certificate verifier that delegates to the platform verifier (system trust plus
//! extra roots) and, on failure, either accepts an explicitly pinned leaf or records
//! why it refused, for the error the user sees.

use super::{CertFailure, Failures, describe, fingerprint_sha256};
use crate::NetError;
use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::crypto::CryptoProvider;
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{DigitallySignedStruct, SignatureScheme};
use std::sync::Arc;

#[derive(Debug)]
pub(crate) struct Verifier {
    platform: rustls_platform_verifier::Verifier,
    pins: Vec<String>,
    failures: Arc<Failures>,
}

impl Verifier {
    pub fn new(
        extra_roots: Vec<CertificateDer<'static>>,
        pins: Vec<String>,
        failures: Arc<Failures>,
        provider: Arc<CryptoProvider>,
    ) -> Result<Verifier, NetError> {
        let platform =
            rustls_platform_verifier::Verifier::new_with_extra_roots(extra_roots, provider)
                .map_err(|e| NetError::Config {
                    reason: format!("trust store: {e}"),
                })?;
        Ok(Verifier {
            platform,
            pins,
            failures,
        })
    }
}

impl ServerCertVerifier for Verifier {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        server_name: &ServerName<'_>,
        ocsp_response: &[u8],
        now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        match self.platform.verify_server_cert(
            end_entity,
            intermediates,
            server_name,
            ocsp_response,
            now,
        ) {
            Ok(verified) => Ok(verified),
            Err(error) => {
                let fingerprint = fingerprint_sha256(end_entity);
                if self.pins.contains(&fingerprint) {
                    tracing::info!(%fingerprint, "accepting a certificate the user pinned");
                    return Ok(ServerCertVerified::assertion());
                }
                let host = server_name.to_str();
                tracing::warn!(host = %host, %fingerprint, "certificate refused: {error}");
                self.failures.record(
                    &host,
                    CertFailure {
                        reason: describe(&error),
                        fingerprint,
                    },
                );
                Err(error)
            }
        }
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        self.platform.verify_tls12_signature(message, cert, dss)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        self.platform.verify_tls13_signature(message, cert, dss)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.platform.supported_verify_schemes()
    }
}
