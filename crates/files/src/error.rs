use thiserror::Error;

#[derive(Debug, Clone, Error, PartialEq, Eq)]
pub enum FilesError {
    #[error("the server {host} rejected the login for {user}")]
    AuthFailed { host: String, user: String },
    #[error(transparent)]
    Net(#[from] werkbank_net::NetError),
    #[error("the server {host} answered unexpectedly: {reason}")]
    Protocol { host: String, reason: String },
}
