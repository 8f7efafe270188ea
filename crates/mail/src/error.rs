use thiserror::Error;

#[derive(Debug, Clone, Error, PartialEq, Eq)]
pub enum MailError {
    #[error("the server {host} rejected the login for {user}")]
    AuthFailed { host: String, user: String },
    #[error(transparent)]
    Net(#[from] werkbank_net::NetError),
    #[error("the server {host} answered unexpectedly: {reason}")]
    Protocol { host: String, reason: String },
    #[error("the mailto: link cannot be used: {reason}")]
    InvalidMailto { reason: String },
}
