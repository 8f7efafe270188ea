//! Real mail clients against Dovecot and Postfix: SMTP submission (STARTTLS + AUTH, as
//! a mail program sends), inbound SMTP delivery (as another organisation's server
//! would), and IMAP sessions over implicit TLS or STARTTLS (as another mail program
//! reads and changes a mailbox).

use crate::{Harness, User};
use futures::TryStreamExt;
use lettre::address::Envelope;
use lettre::transport::smtp::authentication::{Credentials, Mechanism};
use lettre::transport::smtp::client::{Certificate, CertificateStore, Tls, TlsParameters};
use lettre::{AsyncSmtpTransport, AsyncTransport, Tokio1Executor};
use tokio::net::TcpStream;
use tokio_rustls::TlsConnector;
use tokio_rustls::client::TlsStream;

pub const MAIL_HOST: &str = "mail.example.test";

/// A minimal RFC 5322 message with a unique Message-ID.
pub fn message(from: &str, to: &str, subject: &str, body: &str) -> Vec<u8> {
    let id = unique_id();
    format!(
        "From: {from}\r\nTo: {to}\r\nSubject: {subject}\r\nMessage-ID: <{id}@example.test>\r\n\
         Date: Mon, 23 Nov 2026 09:00:00 +0100\r\nMIME-Version: 1.0\r\n\
         Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n{body}\r\n"
    )
    .into_bytes()
}

pub fn unique_id() -> String {
    use std::sync::atomic::{AtomicU32, Ordering};
    static COUNTER: AtomicU32 = AtomicU32::new(0);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or(0);
    format!(
        "{nanos:x}.{}.{}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed)
    )
}

fn tls_parameters(h: &Harness) -> TlsParameters {
    let pem = std::fs::read(h.ca_cert()).expect("the test CA is readable");
    TlsParameters::builder(MAIL_HOST.into())
        .certificate_store(CertificateStore::None)
        .add_root_certificate(Certificate::from_pem(&pem).expect("the test CA is PEM"))
        .build_rustls()
        .expect("TLS parameters for the harness")
}

/// How a client reaches the submission service.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Submission {
    /// Port 587-style: STARTTLS required before AUTH.
    StartTls,
    /// Port 465-style: TLS from the first byte (RFC 8314).
    ImplicitTls,
}

/// Submits `raw` as `user` on the submission port: STARTTLS (required), then AUTH PLAIN.
pub async fn submit(user: User, recipients: &[&str], raw: &[u8]) -> Result<(), String> {
    let password = Harness::get().password(user).to_string();
    submit_with(Submission::StartTls, user, &password, recipients, raw).await
}

/// Submits `raw` as `user` with the given mode and password (which may be wrong, to
/// test refusals); the server certificate is verified against the test CA only.
pub async fn submit_with(
    mode: Submission,
    user: User,
    password: &str,
    recipients: &[&str],
    raw: &[u8],
) -> Result<(), String> {
    let h = Harness::get();
    let (port, tls) = match mode {
        Submission::StartTls => (
            h.port("HARNESS_SUBMISSION_PORT"),
            Tls::Required(tls_parameters(h)),
        ),
        Submission::ImplicitTls => (
            h.port("HARNESS_SUBMISSIONS_PORT"),
            Tls::Wrapper(tls_parameters(h)),
        ),
    };
    let transport = AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(MAIL_HOST)
        .port(port)
        .tls(tls)
        .credentials(Credentials::new(user.email(), password.to_string()))
        .authentication(vec![Mechanism::Plain])
        .build();
    send(&transport, &user.email(), recipients, raw).await
}

/// Delivers `raw` through the inbound port, as the organisation's MX receives mail.
pub async fn deliver(from: &str, recipients: &[&str], raw: &[u8]) -> Result<(), String> {
    let h = Harness::get();
    let transport = AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(MAIL_HOST)
        .port(h.port("HARNESS_SMTP_INBOUND_PORT"))
        .tls(Tls::None)
        .build();
    send(&transport, from, recipients, raw).await
}

async fn send(
    transport: &AsyncSmtpTransport<Tokio1Executor>,
    from: &str,
    recipients: &[&str],
    raw: &[u8],
) -> Result<(), String> {
    let from = from.parse().map_err(|e| format!("sender {from}: {e}"))?;
    let to = recipients
        .iter()
        .map(|r| r.parse().map_err(|e| format!("recipient {r}: {e}")))
        .collect::<Result<Vec<_>, String>>()?;
    let envelope = Envelope::new(Some(from), to).map_err(|e| e.to_string())?;
    transport
        .send_raw(&envelope, raw)
        .await
        .map(|_| ())
        .map_err(|e| e.to_string())
}

pub type ImapSession = async_imap::Session<TlsStream<TcpStream>>;

/// Logs `user` in over IMAPS (implicit TLS), verifying against the test CA only.
pub async fn imap(user: User) -> Result<ImapSession, String> {
    let h = Harness::get();
    let tcp = TcpStream::connect((MAIL_HOST, h.port("HARNESS_IMAPS_PORT")))
        .await
        .map_err(|e| format!("connect: {e}"))?;
    let tls = handshake(h, tcp).await?;
    let mut client = async_imap::Client::new(tls);
    client
        .read_response()
        .await
        .map_err(|e| format!("greeting: {e}"))?
        .ok_or("the server closed the connection before its greeting")?;
    client
        .login(user.email(), h.password(user))
        .await
        .map_err(|(e, _)| format!("login: {e}"))
}

/// Logs `user` in on the plain IMAP port after STARTTLS.
pub async fn imap_starttls(user: User) -> Result<ImapSession, String> {
    let h = Harness::get();
    let tcp = TcpStream::connect((MAIL_HOST, h.port("HARNESS_IMAP_PORT")))
        .await
        .map_err(|e| format!("connect: {e}"))?;
    let mut plain = async_imap::Client::new(tcp);
    plain
        .read_response()
        .await
        .map_err(|e| format!("greeting: {e}"))?
        .ok_or("no greeting")?;
    plain
        .run_command_and_check_ok("STARTTLS", None)
        .await
        .map_err(|e| format!("STARTTLS: {e}"))?;
    let tls = handshake(h, plain.into_inner()).await?;
    let client = async_imap::Client::new(tls);
    client
        .login(user.email(), h.password(user))
        .await
        .map_err(|(e, _)| format!("login: {e}"))
}

async fn handshake(h: &Harness, tcp: TcpStream) -> Result<TlsStream<TcpStream>, String> {
    let name = rustls::pki_types::ServerName::try_from(MAIL_HOST).map_err(|e| e.to_string())?;
    TlsConnector::from(crate::tls::client_config(h))
        .connect(name, tcp)
        .await
        .map_err(|e| format!("TLS: {e}"))
}

/// The full raw messages in a folder, in UID order.
pub async fn fetch_all(session: &mut ImapSession, folder: &str) -> Result<Vec<Vec<u8>>, String> {
    let mailbox = session
        .select(folder)
        .await
        .map_err(|e| format!("SELECT {folder}: {e}"))?;
    if mailbox.exists == 0 {
        return Ok(Vec::new());
    }
    let fetches: Vec<_> = session
        .uid_fetch("1:*", "BODY.PEEK[]")
        .await
        .map_err(|e| format!("FETCH: {e}"))?
        .try_collect()
        .await
        .map_err(|e| format!("FETCH: {e}"))?;
    Ok(fetches
        .iter()
        .filter_map(|f| f.body().map(<[u8]>::to_vec))
        .collect())
}

/// Waits until a message containing `needle` is in `folder` (delivery is asynchronous:
/// Postfix queues, then hands over over LMTP). Generous ceiling; returns the message.
pub async fn wait_for_message(user: User, folder: &str, needle: &str) -> Result<Vec<u8>, String> {
    let deadline = tokio::time::Instant::now() + std::time::Duration::from_secs(30);
    let mut session = imap(user).await?;
    loop {
        let messages = fetch_all(&mut session, folder).await?;
        if let Some(found) = messages
            .into_iter()
            .find(|m| String::from_utf8_lossy(m).contains(needle))
        {
            let _ = session.logout().await;
            return Ok(found);
        }
        if tokio::time::Instant::now() > deadline {
            return Err(format!(
                "no message with {needle:?} arrived in {folder} within 30 s"
            ));
        }
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }
}
