//! SMTP submission probe (RFC 6409): EHLO, STARTTLS where configured (refused when not
//! offered), EHLO again, AUTH PLAIN, QUIT. It sends no mail. Sending itself (lettre,
//! the outbox) comes with the mail module; the probe speaks the few commands itself so
//! that the TLS connection is the one `werkbank-net` verified.

use super::{Endpoint, Security};
use crate::MailError;
use base64::Engine;
use tokio::io::{AsyncBufReadExt, AsyncRead, AsyncWrite, AsyncWriteExt, BufReader};
use werkbank_net::{Net, NetError};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SmtpReport {
    /// EHLO keywords after TLS (e.g. `AUTH PLAIN LOGIN`, `SIZE 10240000`, `SMTPUTF8`).
    pub extensions: Vec<String>,
}

pub async fn probe(
    net: &Net,
    endpoint: &Endpoint,
    user: &str,
    password: &str,
) -> Result<SmtpReport, MailError> {
    let host = endpoint.host.as_str();
    if endpoint.security == Security::Plain {
        if !super::plain_allowed(host) {
            return Err(NetError::StarttlsUnavailable {
                host: host.to_string(),
            }
            .into());
        }
        let mut stream = BufReader::new(net.connect_plain(host, endpoint.port).await?);
        expect(&mut stream, host, 220).await?;
        return authenticate(stream, host, user, password).await;
    }
    let tls = match endpoint.security {
        Security::Tls => {
            let mut stream = BufReader::new(net.connect_tls(host, endpoint.port).await?);
            expect(&mut stream, host, 220).await?;
            stream
        }
        // Plain returned above.
        Security::StartTls | Security::Plain => {
            let mut plain = BufReader::new(net.connect_plain(host, endpoint.port).await?);
            expect(&mut plain, host, 220).await?;
            let extensions = ehlo(&mut plain, host).await?;
            if !extensions
                .iter()
                .any(|e| e.eq_ignore_ascii_case("STARTTLS"))
            {
                return Err(NetError::StarttlsUnavailable {
                    host: host.to_string(),
                }
                .into());
            }
            command(&mut plain, host, "STARTTLS", 220).await?;
            // Drop the reader with anything buffered beyond the 220 (no injection).
            let tcp = plain.into_inner();
            let stream = BufReader::new(net.starttls(tcp, host).await?);
            // RFC 3207: the session starts over after TLS; no greeting is sent.
            stream
        }
    };
    authenticate(tls, host, user, password).await
}

/// EHLO, AUTH PLAIN, QUIT on a session that is ready (and encrypted, unless local).
async fn authenticate<S: AsyncRead + AsyncWrite + Unpin>(
    mut stream: BufReader<S>,
    host: &str,
    user: &str,
    password: &str,
) -> Result<SmtpReport, MailError> {
    let extensions = ehlo(&mut stream, host).await?;
    let token = base64::engine::general_purpose::STANDARD.encode(format!("\0{user}\0{password}"));
    let (code, text) = send(&mut stream, host, &format!("AUTH PLAIN {token}")).await?;
    match code {
        235 => {}
        535 | 534 | 530 => {
            return Err(MailError::AuthFailed {
                host: host.into(),
                user: user.into(),
            });
        }
        other => return Err(protocol(host, format!("AUTH answered {other} {text}"))),
    }
    let _ = send(&mut stream, host, "QUIT").await;
    Ok(SmtpReport { extensions })
}

async fn ehlo<S: AsyncRead + AsyncWrite + Unpin>(
    stream: &mut BufReader<S>,
    host: &str,
) -> Result<Vec<String>, MailError> {
    let (code, text) = send(stream, host, "EHLO werkbank.invalid").await?;
    if code != 250 {
        return Err(protocol(host, format!("EHLO answered {code} {text}")));
    }
    // The first line is the server's name; the rest are extensions.
    Ok(text.lines().skip(1).map(str::to_string).collect())
}

async fn command<S: AsyncRead + AsyncWrite + Unpin>(
    stream: &mut BufReader<S>,
    host: &str,
    line: &str,
    want: u16,
) -> Result<(), MailError> {
    let (code, text) = send(stream, host, line).await?;
    if code == want {
        Ok(())
    } else {
        Err(protocol(host, format!("{line} answered {code} {text}")))
    }
}

async fn send<S: AsyncRead + AsyncWrite + Unpin>(
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

async fn expect<S: AsyncRead + AsyncWrite + Unpin>(
    stream: &mut BufReader<S>,
    host: &str,
    want: u16,
) -> Result<(), MailError> {
    let (code, text) = reply(stream, host).await?;
    if code == want {
        Ok(())
    } else {
        Err(protocol(host, format!("greeting {code} {text}")))
    }
}

/// One (possibly multi-line) reply: `250-a`, `250-b`, `250 c`. Lines are capped so a
/// hostile server cannot make us buffer without end.
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
            return Err(protocol(host, "the connection closed"));
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
