use thiserror::Error;

#[derive(Debug, Clone, Error, PartialEq, Eq)]
pub enum MailError {
    #[error("the server {host} rejected the login for {user}")]
    AuthFailed { host: String, user: String },
    #[error(transparent)]
    Net(#[from] werkbank_net::NetError),
    #[error("the server {host} answered unexpectedly: {reason}")]
    Protocol { host: String, reason: String },
    #[error("the server {host} closed the connection")]
    ConnectionLost { host: String },
    #[error("the mailto: link cannot be used: {reason}")]
    InvalidMailto { reason: String },
    #[error("{item} was not found")]
    NotFound { item: String },
    #[error("this input cannot be used: {reason}")]
    InvalidInput { reason: String },
    /// The local database failed; `damaged` when SQLite found corruption.
    #[error("the mail store failed: {reason}")]
    Store { reason: String, damaged: bool },
}

impl From<werkbank_store::StoreError> for MailError {
    fn from(error: werkbank_store::StoreError) -> Self {
        MailError::Store {
            damaged: matches!(error, werkbank_store::StoreError::Corrupt { .. }),
            reason: error.to_string(),
        }
    }
}

impl From<rusqlite::Error> for MailError {
    fn from(error: rusqlite::Error) -> Self {
        MailError::from(werkbank_store::StoreError::from(error))
    }
}
