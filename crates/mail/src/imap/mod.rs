//! The IMAP connection the sync engine drives: login over TLS (through `werkbank-net`),
//! capabilities, `ENABLE QRESYNC`, and a command runner that hands every untagged
//! response to the caller as it arrives — so a 100,000-message FETCH streams into the
//! store instead of piling up in memory, and responses async-imap has no method for
//! (VANISHED, COPYUID, MODIFIED) are still seen.

pub mod trace;
pub mod uidset;
pub mod utf7;

use crate::MailError;
use crate::probe::{Endpoint, Security};
use imap_proto::{Response, Status};
use std::collections::BTreeSet;
use std::fmt::Debug;
use tokio::io::{AsyncRead, AsyncWrite};
use trace::{Trace, TracedStream};
use werkbank_net::{Net, NetError};

/// Any byte stream a session runs on (TLS, or plain to localhost).
pub trait Io: AsyncRead + AsyncWrite + Unpin + Send + Debug {}
impl<T: AsyncRead + AsyncWrite + Unpin + Send + Debug> Io for T {}

pub type Session = async_imap::Session<TracedStream<Box<dyn Io>>>;

/// How a tagged command ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Ok,
    No,
    Bad,
}

/// How a tagged command ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Completion {
    pub status: Outcome,
    /// The response code and text, as the server wrote them (`[COPYUID 7 1:2 5:6] Done`).
    pub text: String,
    pub copy_uid: Option<(u32, Vec<u32>, Vec<u32>)>,
}

/// A logged-in IMAP session with what the server can do.
pub struct Connection {
    session: Session,
    host: String,
    capabilities: BTreeSet<String>,
    qresync: bool,
    condstore: bool,
    /// The SELECT or EXAMINE command whose mailbox is selected now, if any.
    selected_by: Option<String>,
}

impl Debug for Connection {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Connection")
            .field("host", &self.host)
            .field("qresync", &self.qresync)
            .finish()
    }
}

/// What the engine may use of the server's extensions; tests turn them off to check
/// the fallbacks against the same server.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Extensions {
    pub qresync: bool,
    pub condstore: bool,
}

impl Default for Extensions {
    fn default() -> Self {
        Extensions {
            qresync: true,
            condstore: true,
        }
    }
}

impl Connection {
    /// Connects, logs in and enables QRESYNC (or CONDSTORE) where offered and allowed.
    pub async fn open(
        net: &Net,
        endpoint: &Endpoint,
        user: &str,
        password: &str,
        extensions: Extensions,
        trace: Option<Trace>,
    ) -> Result<Connection, MailError> {
        let host = endpoint.host.clone();
        let stream: Box<dyn Io> = match endpoint.security {
            Security::Tls => Box::new(net.connect_tls(&host, endpoint.port).await?),
            Security::StartTls => Box::new(crate::probe::imap::starttls(net, endpoint).await?),
            Security::Plain if crate::probe::plain_allowed(&host) => {
                Box::new(net.connect_plain(&host, endpoint.port).await?)
            }
            Security::Plain => {
                return Err(MailError::Net(NetError::StarttlsUnavailable { host }));
            }
        };
        let mut client = async_imap::Client::new(TracedStream::new(stream, trace));
        if endpoint.security != Security::StartTls {
            // After STARTTLS there is no second greeting; otherwise read it first.
            match client.read_response().await {
                Ok(Some(_)) => {}
                Ok(None) => return Err(lost(&host)),
                Err(e) => return Err(protocol(&host, e)),
            }
        }
        let mut session = client
            .login(user, password)
            .await
            .map_err(|(error, _)| match error {
                async_imap::error::Error::No(_) => MailError::AuthFailed {
                    host: host.clone(),
                    user: user.to_string(),
                },
                other => protocol(&host, other),
            })?;
        let capabilities: BTreeSet<String> = session
            .capabilities()
            .await
            .map_err(|e| protocol(&host, e))?
            .iter()
            .map(|c| crate::probe::imap::capability_name(&format!("{c:?}")).to_ascii_uppercase())
            .collect();
        let mut connection = Connection {
            session,
            host,
            capabilities,
            qresync: false,
            condstore: false,
            selected_by: None,
        };
        if extensions.qresync && connection.has("QRESYNC") && connection.has("ENABLE") {
            let done = connection.run("ENABLE QRESYNC", |_| Ok(())).await?;
            connection.qresync = done.status == Outcome::Ok;
            connection.condstore = connection.qresync;
        }
        if !connection.qresync && extensions.condstore && connection.has("CONDSTORE") {
            connection.condstore = true;
        }
        Ok(connection)
    }

    pub fn host(&self) -> &str {
        &self.host
    }

    pub fn has(&self, capability: &str) -> bool {
        self.capabilities.contains(&capability.to_ascii_uppercase())
    }

    pub fn qresync(&self) -> bool {
        self.qresync
    }

    pub fn condstore(&self) -> bool {
        self.condstore
    }

    /// Sends `command` and calls `on_data` with each untagged response until the tagged
    /// completion, which is returned (OK, NO or BAD — the caller decides what a NO
    /// means). A dropped connection is an error, never a silent partial result.
    pub async fn run(
        &mut self,
        command: &str,
        mut on_data: impl FnMut(&Response<'_>) -> Result<(), MailError>,
    ) -> Result<Completion, MailError> {
        let verb = trace::command_name(command).to_ascii_uppercase();
        let selects = matches!(verb.as_str(), "SELECT" | "EXAMINE");
        if selects || matches!(verb.as_str(), "UNSELECT" | "CLOSE") {
            // A failed SELECT leaves no mailbox selected (RFC 3501 6.3.1).
            self.selected_by = None;
        }
        let tag = self
            .session
            .run_command(command)
            .await
            .map_err(|e| protocol(&self.host, e))?;
        loop {
            let data = match self.session.read_response().await {
                Ok(Some(data)) => data,
                Ok(None) => return Err(lost(&self.host)),
                Err(e) => return Err(io(&self.host, e)),
            };
            match data.parsed() {
                Response::Done {
                    tag: done,
                    status,
                    outcome,
                } if done == &tag => {
                    let copy_uid = match &outcome.code {
                        Some(imap_proto::ResponseCode::CopyUid(validity, from, to)) => {
                            Some((*validity, members(from), members(to)))
                        }
                        _ => None,
                    };
                    let text = match (&outcome.code, &outcome.information) {
                        (Some(code), Some(info)) => format!("[{code:?}] {info}"),
                        (Some(code), None) => format!("[{code:?}]"),
                        (None, Some(info)) => info.to_string(),
                        (None, None) => String::new(),
                    };
                    if selects && *status == Status::Ok {
                        self.selected_by = Some(command.to_string());
                    }
                    return Ok(Completion {
                        status: match status {
                            Status::Ok => Outcome::Ok,
                            Status::No => Outcome::No,
                            _ => Outcome::Bad,
                        },
                        text,
                        copy_uid,
                    });
                }
                Response::Data {
                    status: Status::Bye,
                    ..
                } => {
                    on_data(data.parsed())?;
                }
                other => on_data(other)?,
            }
        }
    }

    /// Like [`Connection::run`], but anything other than OK is an error.
    pub async fn run_ok(
        &mut self,
        command: &str,
        on_data: impl FnMut(&Response<'_>) -> Result<(), MailError>,
    ) -> Result<Completion, MailError> {
        let done = self.run(command, on_data).await?;
        if done.status != Outcome::Ok {
            return Err(MailError::Protocol {
                host: self.host.clone(),
                reason: format!(
                    "{command_name} failed: {}",
                    done.text,
                    command_name = trace::command_name(command)
                ),
            });
        }
        Ok(done)
    }

    /// The SELECT or EXAMINE command (as sent) whose mailbox is selected now.
    pub fn selected_by(&self) -> Option<&str> {
        self.selected_by.as_deref()
    }

    /// Ends the session politely; errors are ignored (the server may be gone).
    pub async fn logout(mut self) {
        let _ = self.session.logout().await;
    }

    /// Gives the session away (to the outbox's own commands).
    pub fn into_session(self) -> Session {
        self.session
    }

    /// Lends the session to IDLE (see `sync::push`); [`Connection::resume`] takes it
    /// back for a pass on the same connection.
    pub fn park(self) -> (Session, Parked) {
        (
            self.session,
            Parked {
                host: self.host,
                capabilities: self.capabilities,
                qresync: self.qresync,
                condstore: self.condstore,
                selected_by: self.selected_by,
            },
        )
    }

    /// The connection again, once IDLE is done with the session.
    pub fn resume(session: Session, parked: Parked) -> Connection {
        Connection {
            session,
            host: parked.host,
            capabilities: parked.capabilities,
            qresync: parked.qresync,
            condstore: parked.condstore,
            selected_by: parked.selected_by,
        }
    }
}

/// What a [`Connection`] knows about its server while IDLE holds the session.
#[derive(Debug, Clone)]
pub struct Parked {
    host: String,
    capabilities: BTreeSet<String>,
    qresync: bool,
    condstore: bool,
    selected_by: Option<String>,
}

fn members(set: &[imap_proto::rfc4315::UidSetMember]) -> Vec<u32> {
    let mut out = Vec::new();
    for member in set {
        match member {
            imap_proto::rfc4315::UidSetMember::Uid(uid) => out.push(*uid),
            imap_proto::rfc4315::UidSetMember::UidRange(range) => {
                if range.end() - range.start() <= 1_000_000 {
                    out.extend(range.clone());
                }
            }
        }
    }
    out
}

/// An IMAP astring for mailbox names and search terms: always quoted, with `\` and `"`
/// escaped; CR, LF and NUL (never valid in a quoted string) are dropped.
pub fn quote(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 2);
    out.push('"');
    for c in value.chars() {
        match c {
            '"' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            '\r' | '\n' | '\0' => {}
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

pub(crate) fn protocol(host: &str, reason: impl std::fmt::Display) -> MailError {
    MailError::Protocol {
        host: host.to_string(),
        reason: reason.to_string(),
    }
}

fn lost(host: &str) -> MailError {
    MailError::ConnectionLost {
        host: host.to_string(),
    }
}

fn io(host: &str, error: std::io::Error) -> MailError {
    use std::io::ErrorKind::*;
    match error.kind() {
        UnexpectedEof | ConnectionReset | ConnectionAborted | BrokenPipe | TimedOut => lost(host),
        _ => protocol(host, error),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn quotes_names_and_drops_line_breaks() {
        assert_eq!(super::quote("Sent"), "\"Sent\"");
        assert_eq!(super::quote("a\"b\\c"), "\"a\\\"b\\\\c\"");
        assert_eq!(super::quote("x\r\nA1 DELETE INBOX"), "\"xA1 DELETE INBOX\"");
    }
}
