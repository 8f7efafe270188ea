//! IMAP probe: TLS (implicit or STARTTLS), LOGIN, CAPABILITY, LOGOUT.

use super::{Endpoint, Security};
use crate::MailError;
use werkbank_net::{Net, NetError, TlsStream};

/// What the server offers after login (the sync engine adapts to it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImapReport {
    pub capabilities: Vec<String>,
}

impl ImapReport {
    pub fn has(&self, capability: &str) -> bool {
        self.capabilities
            .iter()
            .any(|c| c.eq_ignore_ascii_case(capability))
    }
}

pub async fn probe(
    net: &Net,
    endpoint: &Endpoint,
    user: &str,
    password: &str,
) -> Result<ImapReport, MailError> {
    let host = endpoint.host.as_str();
    match endpoint.security {
        Security::Tls => {
            login(
                net.connect_tls(host, endpoint.port).await?,
                host,
                user,
                password,
            )
            .await
        }
        Security::StartTls => login(starttls(net, endpoint).await?, host, user, password).await,
        Security::Plain if super::plain_allowed(host) => {
            login(
                net.connect_plain(host, endpoint.port).await?,
                host,
                user,
                password,
            )
            .await
        }
        Security::Plain => Err(MailError::Net(NetError::StarttlsUnavailable {
            host: host.to_string(),
        })),
    }
}

/// LOGIN, CAPABILITY, LOGOUT on a connection that is ready for commands.
async fn login<S>(
    stream: S,
    host: &str,
    user: &str,
    password: &str,
) -> Result<ImapReport, MailError>
where
    S: tokio::io::AsyncRead + tokio::io::AsyncWrite + Unpin + std::fmt::Debug + Send,
{
    let client = async_imap::Client::new(stream);
    let mut session = client
        .login(user, password)
        .await
        .map_err(|(error, _)| match error {
            async_imap::error::Error::No(_) => MailError::AuthFailed {
                host: host.to_string(),
                user: user.to_string(),
            },
            other => protocol(host, other),
        })?;
    let capabilities = session
        .capabilities()
        .await
        .map_err(|e| protocol(host, e))?;
    let mut names: Vec<String> = capabilities
        .iter()
        .map(|c| capability_name(&format!("{c:?}")))
        .collect();
    names.sort();
    let _ = session.logout().await;
    Ok(ImapReport {
        capabilities: names,
    })
}

/// Greeting, STARTTLS, then the handshake on the bare socket. The plain-text client
/// (and whatever it had buffered) is dropped before TLS starts, so nothing a server or
/// an attacker sent before the handshake is ever read as if it came over TLS.
pub(crate) async fn starttls(net: &Net, endpoint: &Endpoint) -> Result<TlsStream, MailError> {
    let host = endpoint.host.as_str();
    let tcp = net.connect_plain(host, endpoint.port).await?;
    let mut plain = async_imap::Client::new(tcp);
    let greeting = plain.read_response().await.map_err(|e| protocol(host, e))?;
    if greeting.is_none() {
        return Err(protocol(
            host,
            "the server closed the connection before its greeting",
        ));
    }
    plain
        .run_command_and_check_ok("STARTTLS", None)
        .await
        .map_err(|_| {
            MailError::Net(NetError::StarttlsUnavailable {
                host: host.to_string(),
            })
        })?;
    let tcp = plain.into_inner();
    Ok(net.starttls(tcp, host).await?)
}

/// async-imap's Debug of a capability (`Atom("IDLE")`, `Auth("PLAIN")`, `Imap4rev1`) →
/// the wire name (`IDLE`, `AUTH=PLAIN`, `IMAP4rev1`).
pub(crate) fn capability_name(debug: &str) -> String {
    let inner = |s: &str| {
        s.split_once("(\"")
            .and_then(|(_, r)| r.strip_suffix("\")"))
            .map(str::to_string)
    };
    if let Some(mech) = debug.strip_prefix("Auth").and_then(inner) {
        format!("AUTH={mech}")
    } else if let Some(atom) = inner(debug) {
        atom
    } else if debug == "Imap4rev1" {
        "IMAP4rev1".into()
    } else {
        debug.to_string()
    }
}

fn protocol(host: &str, reason: impl std::fmt::Display) -> MailError {
    MailError::Protocol {
        host: host.to_string(),
        reason: reason.to_string(),
    }
}
