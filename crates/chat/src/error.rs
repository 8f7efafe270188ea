use thiserror::Error;

#[derive(Debug, Clone, Error, PartialEq, Eq)]
pub enum ChatError {
    #[error("the homeserver {host} rejected the login for {user}")]
    AuthFailed { host: String, user: String },
    #[error(transparent)]
    Net(#[from] werkbank_net::NetError),
    #[error("the homeserver {host} answered unexpectedly: {reason}")]
    Protocol { host: String, reason: String },
    #[error("no password for the Matrix login: {reason}")]
    PasswordUnavailable { reason: String },
    #[error("the access token could not be stored: {reason}")]
    TokenStore { reason: String },
}
