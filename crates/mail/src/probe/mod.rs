//! Probes: one real login per service, so setup and `account test` can tell the user
//! exactly which part works. A probe never sends the password before TLS is up and the
//! certificate verified (`werkbank-net` fails the handshake first).

pub(crate) mod imap;
mod smtp;

pub use imap::{ImapReport, probe as imap};
pub use smtp::{SmtpReport, probe as smtp};

/// Where a mail server is and how the connection is secured.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Endpoint {
    pub host: String,
    pub port: u16,
    pub security: Security,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Security {
    /// TLS from the first byte (IMAPS 993, submissions 465).
    Tls,
    /// A plain connection upgraded with STARTTLS; refused if the server does not offer it.
    StartTls,
    /// No encryption at all: only to this computer (a local bridge or proxy), and only
    /// when explicitly configured; any other host is refused before connecting.
    Plain,
}

/// Plain connections are for this computer only.
pub(crate) fn plain_allowed(host: &str) -> bool {
    matches!(host, "localhost" | "127.0.0.1" | "::1" | "[::1]")
}
