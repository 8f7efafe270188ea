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
            } => vec![
                ("host", host.as_str()),
                ("reason", reason.as_str()),
                ("fingerprint", fingerprint.as_str()),
            ],
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
