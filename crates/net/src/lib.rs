//! Every socket Werkbank opens goes through this crate (architecture invariant 4).
//!
//! [`Net`] holds the one TLS configuration for every protocol (the system trust store
//! through rustls-platform-verifier, plus the policy's CA certificates, with aws-lc-rs
//! as the only crypto provider), the host allow-list (checked before any DNS lookup),
//! the resolver (policy servers, `WERKBANK_DNS`, or the system's) and the HTTP proxy.
//! Protocol crates get TLS streams from [`Net::connect_tls`] / [`Net::starttls`] and an
//! HTTP client from [`Net::http`]; a certificate failure comes back as
//! [`NetError::CertificateUntrusted`] with the host, the reason and the SHA-256
//! fingerprint, before any credential could have been sent.

mod connect;
mod dns;
mod error;
mod hosts;
mod http;
mod tls;

pub use connect::TlsStream;
pub use dns::SrvRecord;
pub use error::NetError;
pub use hosts::HostPolicy;
pub use http::HttpClient;
pub use tls::{cert_reason, fingerprint_sha256};

use rustls::pki_types::CertificateDer;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

/// What the policy and the account say about the network.
#[derive(Debug, Clone, Default)]
pub struct NetConfig {
    /// `None`: every host may be contacted; `Some`: only these names / `*.suffix` patterns.
    pub allowed_hosts: Option<Vec<String>>,
    /// Extra trust anchors (the organisation's PKI), DER.
    pub extra_roots: Vec<CertificateDer<'static>>,
    /// SHA-256 fingerprints (hex, any case, colons optional) the user explicitly trusted.
    pub pinned_fingerprints: Vec<String>,
    /// Whether pins are honoured at all (the policy can forbid pinning).
    pub allow_pinning: bool,
    /// An HTTP(S) proxy for web traffic.
    pub proxy: Option<url::Url>,
    /// DNS servers; empty: `WERKBANK_DNS` if set, else the system resolver.
    pub dns_servers: Vec<SocketAddr>,
    /// Time allowed for connecting (TCP + TLS); discovery uses short ones.
    pub connect_timeout: Duration,
}

impl NetConfig {
    pub fn new() -> NetConfig {
        NetConfig {
            allow_pinning: true,
            connect_timeout: Duration::from_secs(10),
            ..NetConfig::default()
        }
    }
}

/// The network of one profile: cheap to clone, shared by every module.
#[derive(Debug, Clone)]
pub struct Net {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    config: NetConfig,
    hosts: HostPolicy,
    tls: tls::Tls,
    resolver: dns::Resolver,
    http: HttpClient,
}

impl Net {
    pub fn new(mut config: NetConfig) -> Result<Net, NetError> {
        if config.connect_timeout.is_zero() {
            config.connect_timeout = Duration::from_secs(10);
        }
        let hosts = HostPolicy::new(config.allowed_hosts.clone());
        let tls = tls::Tls::new(&config)?;
        let resolver = dns::Resolver::new(&config)?;
        let http = HttpClient::new(&config, hosts.clone(), tls.clone(), resolver.clone())?;
        Ok(Net {
            inner: Arc::new(Inner {
                config,
                hosts,
                tls,
                resolver,
                http,
            }),
        })
    }

    pub fn config(&self) -> &NetConfig {
        &self.inner.config
    }

    /// Refuses a host outside the policy's list, before any lookup or connection.
    pub fn check_host(&self, host: &str) -> Result<(), NetError> {
        self.inner.hosts.check(host)
    }

    /// The HTTP client (host-checked, policy TLS, proxy).
    pub fn http(&self) -> &HttpClient {
        &self.inner.http
    }

    /// SRV records for `name`, best first (RFC 2782 priority, then weight).
    pub async fn srv(&self, name: &str) -> Result<Vec<SrvRecord>, NetError> {
        self.inner.resolver.srv(name).await
    }

    /// TXT strings at `name`.
    pub async fn txt(&self, name: &str) -> Result<Vec<String>, NetError> {
        self.inner.resolver.txt(name).await
    }

    /// A plain TCP connection (for protocols that upgrade with STARTTLS).
    pub async fn connect_plain(
        &self,
        host: &str,
        port: u16,
    ) -> Result<tokio::net::TcpStream, NetError> {
        connect::tcp(self, host, port).await
    }

    /// A TLS connection (implicit TLS: IMAPS, SMTPS, HTTPS).
    pub async fn connect_tls(&self, host: &str, port: u16) -> Result<TlsStream, NetError> {
        let tcp = connect::tcp(self, host, port).await?;
        self.starttls(tcp, host).await
    }

    /// The TLS handshake on an established connection, after the protocol's STARTTLS
    /// exchange. The caller must hand over the bare socket: anything its protocol
    /// reader buffered before the handshake is discarded with that reader (a server or
    /// attacker must not inject commands that would run as if they came over TLS).
    pub async fn starttls(
        &self,
        tcp: tokio::net::TcpStream,
        host: &str,
    ) -> Result<TlsStream, NetError> {
        connect::handshake(self, tcp, host).await
    }
}
