use thiserror::Error;

/// What can go wrong on the network, with the facts the user and the helpdesk need.
#[derive(Debug, Clone, Error, PartialEq, Eq)]
pub enum NetError {
    #[error("the policy does not allow connections to {host}")]
    HostNotAllowed { host: String },
    #[error(
        "the certificate of {host} is not trusted ({reason}); SHA-256 fingerprint {fingerprint}"
    )]
    CertificateUntrusted {
        host: String,
        reason: String,
        fingerprint: String,
    },
    #[error("{host} could not be reached: {reason}")]
    Unreachable { host: String, reason: String },
    #[error("{host} did not answer in time")]
    Timeout { host: String },
    #[error("{host} does not offer STARTTLS")]
    StarttlsUnavailable { host: String },
    #[error("TLS with {host} failed: {reason}")]
    Tls { host: String, reason: String },
    #[error("{host} answered unexpectedly: {reason}")]
    Protocol { host: String, reason: String },
    #[error("the network configuration is invalid: {reason}")]
    Config { reason: String },
}

impl NetError {
    /// The host the error is about, if any.
    pub fn host(&self) -> Option<&str> {
        match self {
            NetError::HostNotAllowed { host }
            | NetError::CertificateUntrusted { host, .. }
            | NetError::Unreachable { host, .. }
            | NetError::Timeout { host }
            | NetError::StarttlsUnavailable { host }
            | NetError::Tls { host, .. }
            | NetError::Protocol { host, .. } => Some(host),
            NetError::Config { .. } => None,
        }
    }
}
