//! How a [`NetError`] reaches the user: its [`ErrorCode`] and every Fluent argument the
//! code's message and hint use (`locales/*/werkbank.ftl`), so no message shows a
//! missing `{ $host }`.

use crate::{ApiError, ErrorCode};
use werkbank_net::NetError;

impl From<&NetError> for ErrorCode {
    fn from(error: &NetError) -> ErrorCode {
        match error {
            NetError::HostNotAllowed { .. } => ErrorCode::HostNotAllowed,
            NetError::CertificateUntrusted { .. } => ErrorCode::CertificateUntrusted,
            NetError::Unreachable { .. } => ErrorCode::Unreachable,
            NetError::Timeout { .. } => ErrorCode::Timeout,
            NetError::StarttlsUnavailable { .. } => ErrorCode::StarttlsUnavailable,
            NetError::Tls { .. } | NetError::Protocol { .. } => ErrorCode::ProtocolError,
            // A configuration the user or the policy gave us cannot be used.
            NetError::Config { .. } => ErrorCode::InvalidInput,
        }
    }
}

impl From<&NetError> for ApiError {
    fn from(error: &NetError) -> ApiError {
        let details: Vec<(&str, &str)> = match error {
            NetError::HostNotAllowed { host }
            | NetError::Timeout { host }
            | NetError::StarttlsUnavailable { host } => vec![("host", host.as_str())],
            NetError::CertificateUntrusted {
                host,
                reason,
                fingerprint,
            } => {
                let reason = localised_cert_reason(reason);
                let details = [
                    ("host", host.as_str()),
                    ("reason", reason.as_str()),
                    ("fingerprint", fingerprint.as_str()),
                ];
                return ApiError::with(ErrorCode::CertificateUntrusted, &details);
            }
            NetError::Unreachable { host, reason }
            | NetError::Tls { host, reason }
            | NetError::Protocol { host, reason } => {
                vec![("host", host.as_str()), ("reason", reason.as_str())]
            }
            NetError::Config { reason } => vec![("reason", reason.as_str())],
        };
        ApiError::with(ErrorCode::from(error), &details)
    }
}

impl From<NetError> for ApiError {
    fn from(error: NetError) -> ApiError {
        ApiError::from(&error)
    }
}

/// werkbank-net's certificate reasons in the user's language (unknown ones stay as
/// they are: still precise, just English).
fn localised_cert_reason(reason: &str) -> String {
    use werkbank_net::cert_reason as r;
    let id = match reason {
        r::UNKNOWN_ISSUER => "cert-reason-unknown-issuer",
        r::EXPIRED => "cert-reason-expired",
        r::NOT_VALID_YET => "cert-reason-not-valid-yet",
        r::WRONG_HOST => "cert-reason-wrong-host",
        r::REVOKED => "cert-reason-revoked",
        r::BAD_SIGNATURE => "cert-reason-bad-signature",
        other => return other.to_string(),
    };
    crate::i18n::message(crate::i18n::Lang::current(), id, &Default::default())
}
