//! TCP and TLS connections for the protocol crates (IMAP, SMTP, ManageSieve).

use crate::{Net, NetError};
use rustls::pki_types::ServerName;
use std::net::SocketAddr;
use tokio::io::BufReader;
use tokio::net::TcpStream;
use tokio_rustls::TlsConnector;

pub type TlsStream = tokio_rustls::client::TlsStream<BufReader<TcpStream>>;

/// What one read from the socket may take. rustls asks for at most 4 KiB at a time, so
/// a large download (a full mail sync: gigabytes) cost a system call per 4 KiB; with
/// this buffer beneath it one call takes what has arrived, up to 64 KiB.
const SOCKET_READ: usize = 64 * 1024;

pub(crate) async fn tcp(net: &Net, host: &str, port: u16) -> Result<TcpStream, NetError> {
    net.check_host(host)?;
    let addrs = net.inner.resolver.lookup(host, port).await?;
    let timeout = net.config().connect_timeout;
    let attempt = async {
        let mut last = None;
        for addr in &addrs {
            match TcpStream::connect(addr).await {
                Ok(stream) => {
                    let _ = stream.set_nodelay(true);
                    return Ok(stream);
                }
                Err(e) => last = Some(e),
            }
        }
        Err(last.map_or_else(|| "no address".to_string(), |e| e.to_string()))
    };
    match tokio::time::timeout(timeout, attempt).await {
        Ok(Ok(stream)) => Ok(stream),
        Ok(Err(reason)) => Err(NetError::Unreachable {
            host: host.to_string(),
            reason,
        }),
        Err(_) => Err(NetError::Timeout {
            host: host.to_string(),
        }),
    }
}

pub(crate) async fn handshake(
    net: &Net,
    tcp: TcpStream,
    host: &str,
) -> Result<TlsStream, NetError> {
    let name = ServerName::try_from(host.to_string()).map_err(|e| NetError::Config {
        reason: format!("{host}: {e}"),
    })?;
    let connector = TlsConnector::from(net.inner.tls.config.clone());
    // A new, empty buffer: nothing read before the handshake (a STARTTLS exchange) can
    // reach the TLS session.
    let tcp = BufReader::with_capacity(SOCKET_READ, tcp);
    match tokio::time::timeout(net.config().connect_timeout, connector.connect(name, tcp)).await {
        Ok(Ok(stream)) => Ok(stream),
        Ok(Err(io)) => match crate::tls::certificate_error(&io) {
            Some(reason) => Err(net.inner.tls.failures.error_for(host, reason)),
            None => Err(NetError::Tls {
                host: host.to_string(),
                reason: io.to_string(),
            }),
        },
        Err(_) => Err(NetError::Timeout {
            host: host.to_string(),
        }),
    }
}

/// `host:port` as socket addresses without DNS when `host` is an IP literal.
pub(crate) fn literal(host: &str, port: u16) -> Option<SocketAddr> {
    host.trim_start_matches('[')
        .trim_end_matches(']')
        .parse::<std::net::IpAddr>()
        .ok()
        .map(|ip| SocketAddr::new(ip, port))
}
