//! SMTP submission (RFC 6409) with lettre over a connection `werkbank-net` opened and
//! verified: implicit TLS, or STARTTLS done here before lettre takes over (lettre's
//! own TLS would bypass the policy's trust and pins).
//!
//! What matters for the outbox is *where* a failure happened: before the message's
//! bytes went out, trying again is safe; a refusal (5xx) is final; but a connection
//! lost after the bytes went out may or may not have delivered — the caller must not
//! send again by itself.

use super::Servers;
use crate::MailError;
use crate::compose::Built;
use crate::probe::Security;
use lettre::transport::smtp::authentication::{Credentials, Mechanism};
use lettre::transport::smtp::client::{AsyncSmtpConnection, AsyncTokioStream};
use lettre::transport::smtp::commands::{Data, Mail, Rcpt};
use lettre::transport::smtp::extension::{ClientId, Extension, MailBodyParameter, MailParameter};
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;
use tokio::io::{AsyncBufReadExt, AsyncRead, AsyncWrite, AsyncWriteExt, BufReader, ReadBuf};
use werkbank_net::NetError;

/// Why a submission did not end in "accepted".
#[derive(Debug)]
pub(super) enum SubmitError {
    /// Nothing of the message reached the server: it may be sent again.
    NotSent(MailError),
    /// The server refused the message for good (5xx); its answer.
    Refused(String),
    /// The connection failed after the message's bytes went out: the server may
    /// have it. Never sent again without the user's say.
    Unknown(MailError),
}

/// Commands before DATA and the greeting; a server that stalls longer is treated as
/// unreachable (nothing was sent).
const COMMAND_TIMEOUT: Duration = Duration::from_secs(60);
/// The message itself and the server's verdict on it.
const DATA_TIMEOUT: Duration = Duration::from_secs(300);

const HELLO: &str = "werkbank.invalid";

pub(super) async fn submit(servers: &Servers, built: &Built) -> Result<(), SubmitError> {
    let host = servers.smtp.host.clone();
    let lost = |e: lettre::transport::smtp::Error| MailError::Protocol {
        host: host.clone(),
        reason: e.to_string(),
    };
    let mut conn = tokio::time::timeout(COMMAND_TIMEOUT, connect(servers))
        .await
        .map_err(|_| SubmitError::NotSent(NetError::Timeout { host: host.clone() }.into()))?
        .map_err(SubmitError::NotSent)?;
    let before_data = async {
        let credentials = Credentials::new(servers.user.clone(), servers.password.clone());
        conn.auth(&[Mechanism::Plain, Mechanism::Login], &credentials)
            .await
            .map_err(|e| {
                if e.is_permanent() {
                    SubmitError::NotSent(MailError::AuthFailed {
                        host: host.clone(),
                        user: servers.user.clone(),
                    })
                } else {
                    SubmitError::NotSent(lost(e))
                }
            })?;
        let refused_or_not_sent = |e: lettre::transport::smtp::Error| {
            if e.is_permanent() {
                SubmitError::Refused(e.to_string())
            } else {
                SubmitError::NotSent(lost(e))
            }
        };
        let address = |a: &str| {
            a.parse::<lettre::Address>()
                .map_err(|e| SubmitError::Refused(format!("the address {a} cannot be used: {e}")))
        };
        let mut parameters = Vec::new();
        if !built.bytes.is_ascii() && conn.server_info().supports_feature(Extension::EightBitMime) {
            parameters.push(MailParameter::Body(MailBodyParameter::EightBitMime));
        }
        if !built.envelope_from.is_ascii() || built.recipients.iter().any(|r| !r.is_ascii()) {
            parameters.push(MailParameter::SmtpUtfEight);
        }
        conn.command(Mail::new(Some(address(&built.envelope_from)?), parameters))
            .await
            .map_err(refused_or_not_sent)?;
        for recipient in &built.recipients {
            conn.command(Rcpt::new(address(recipient)?, Vec::new()))
                .await
                .map_err(refused_or_not_sent)?;
        }
        conn.command(Data).await.map_err(refused_or_not_sent)?;
        Ok::<(), SubmitError>(())
    };
    match tokio::time::timeout(COMMAND_TIMEOUT, before_data).await {
        Ok(Ok(())) => {}
        Ok(Err(e)) => {
            conn.abort().await;
            return Err(e);
        }
        Err(_) => {
            return Err(SubmitError::NotSent(
                NetError::Timeout { host: host.clone() }.into(),
            ));
        }
    }
    // From here on the server may get the message even if we never hear back.
    match tokio::time::timeout(DATA_TIMEOUT, conn.message(&built.bytes)).await {
        Ok(Ok(_accepted)) => {
            let _ = tokio::time::timeout(Duration::from_secs(5), conn.quit()).await;
            Ok(())
        }
        Ok(Err(e)) if e.is_permanent() => Err(SubmitError::Refused(e.to_string())),
        // A 4xx after the data is the server saying "not taken": safe to try again.
        Ok(Err(e)) if e.is_transient() => Err(SubmitError::NotSent(lost(e))),
        Ok(Err(e)) => Err(SubmitError::Unknown(lost(e))),
        Err(_) => Err(SubmitError::Unknown(NetError::Timeout { host }.into())),
    }
}

/// A session that is encrypted (or local), greeted and EHLO'd, ready for AUTH.
async fn connect(servers: &Servers) -> Result<AsyncSmtpConnection, MailError> {
    let endpoint = &servers.smtp;
    let host = endpoint.host.as_str();
    let hello = ClientId::Domain(HELLO.into());
    let protocol = |e: lettre::transport::smtp::Error| MailError::Protocol {
        host: host.to_string(),
        reason: e.to_string(),
    };
    match endpoint.security {
        Security::Tls => {
            let tls = servers.net.connect_tls(host, endpoint.port).await?;
            AsyncSmtpConnection::connect_with_transport(Box::new(Greeted::none(tls)), &hello)
                .await
                .map_err(protocol)
        }
        Security::StartTls => {
            let tls = starttls(servers).await?;
            // lettre reads a greeting first; after STARTTLS there is none (RFC 3207),
            // so the stream replays a synthetic one.
            AsyncSmtpConnection::connect_with_transport(Box::new(Greeted::new(tls)), &hello)
                .await
                .map_err(protocol)
        }
        Security::Plain if crate::probe::plain_allowed(host) => {
            let tcp = servers.net.connect_plain(host, endpoint.port).await?;
            AsyncSmtpConnection::connect_with_transport(Box::new(tcp), &hello)
                .await
                .map_err(protocol)
        }
        Security::Plain => Err(NetError::StarttlsUnavailable {
            host: host.to_string(),
        }
        .into()),
    }
}

/// Greeting, EHLO, STARTTLS on the plain connection, then the TLS handshake through
/// `werkbank-net`. Anything the server sent after its 220 to STARTTLS is dropped
/// with the reader (no injection into the encrypted session).
async fn starttls(servers: &Servers) -> Result<werkbank_net::TlsStream, MailError> {
    let endpoint = &servers.smtp;
    let host = endpoint.host.as_str();
    let tcp = servers.net.connect_plain(host, endpoint.port).await?;
    let mut stream = BufReader::new(tcp);
    let (code, text) = reply(&mut stream, host).await?;
    if code != 220 {
        return Err(protocol(host, format!("greeting {code} {text}")));
    }
    let (code, text) = command(&mut stream, host, &format!("EHLO {HELLO}")).await?;
    if code != 250 {
        return Err(protocol(host, format!("EHLO answered {code} {text}")));
    }
    if !text
        .lines()
        .any(|l| l.trim().eq_ignore_ascii_case("STARTTLS"))
    {
        return Err(NetError::StarttlsUnavailable {
            host: host.to_string(),
        }
        .into());
    }
    let (code, text) = command(&mut stream, host, "STARTTLS").await?;
    if code != 220 {
        return Err(protocol(host, format!("STARTTLS answered {code} {text}")));
    }
    Ok(servers.net.starttls(stream.into_inner(), host).await?)
}

async fn command<S: AsyncRead + AsyncWrite + Unpin>(
    stream: &mut BufReader<S>,
    host: &str,
    line: &str,
) -> Result<(u16, String), MailError> {
    let io = |e: std::io::Error| protocol(host, e);
    stream
        .get_mut()
        .write_all(format!("{line}\r\n").as_bytes())
        .await
        .map_err(io)?;
    stream.get_mut().flush().await.map_err(io)?;
    reply(stream, host).await
}

/// One reply, possibly multi-line; lines and line counts capped.
async fn reply<S: AsyncRead + AsyncWrite + Unpin>(
    stream: &mut BufReader<S>,
    host: &str,
) -> Result<(u16, String), MailError> {
    let mut lines = Vec::new();
    loop {
        let mut line = String::new();
        let read = tokio::io::AsyncReadExt::take(&mut *stream, 4096)
            .read_line(&mut line)
            .await
            .map_err(|e| protocol(host, e))?;
        if read == 0 {
            return Err(MailError::ConnectionLost {
                host: host.to_string(),
            });
        }
        let line = line.trim_end();
        let code: u16 = line
            .get(..3)
            .and_then(|c| c.parse().ok())
            .ok_or_else(|| protocol(host, format!("not an SMTP reply: {line:?}")))?;
        lines.push(line.get(4..).unwrap_or_default().to_string());
        if line.as_bytes().get(3) != Some(&b'-') {
            return Ok((code, lines.join("\n")));
        }
        if lines.len() > 100 {
            return Err(protocol(host, "an endless reply"));
        }
    }
}

fn protocol(host: &str, reason: impl std::fmt::Display) -> MailError {
    MailError::Protocol {
        host: host.to_string(),
        reason: reason.to_string(),
    }
}

/// A stream that first yields a fixed `220` greeting, then the real stream.
#[derive(Debug)]
struct Greeted<S> {
    greeting: &'static [u8],
    inner: S,
}

impl<S> Greeted<S> {
    fn new(inner: S) -> Greeted<S> {
        Greeted {
            greeting: b"220 after STARTTLS\r\n",
            inner,
        }
    }

    /// No greeting to replay (implicit TLS: the server greets over TLS).
    fn none(inner: S) -> Greeted<S> {
        Greeted {
            greeting: b"",
            inner,
        }
    }
}

impl AsyncTokioStream for Greeted<werkbank_net::TlsStream> {
    fn peer_addr(&self) -> std::io::Result<std::net::SocketAddr> {
        self.inner.get_ref().0.get_ref().peer_addr()
    }
}

impl<S: AsyncRead + Unpin> AsyncRead for Greeted<S> {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<std::io::Result<()>> {
        if !self.greeting.is_empty() {
            let n = self.greeting.len().min(buf.remaining());
            buf.put_slice(&self.greeting[..n]);
            self.greeting = &self.greeting[n..];
            return Poll::Ready(Ok(()));
        }
        Pin::new(&mut self.inner).poll_read(cx, buf)
    }
}

impl<S: AsyncWrite + Unpin> AsyncWrite for Greeted<S> {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<std::io::Result<usize>> {
        Pin::new(&mut self.inner).poll_write(cx, buf)
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.inner).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }
}
