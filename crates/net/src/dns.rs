//! Name resolution: the policy's DNS servers, else `WERKBANK_DNS` (how tests reach the
//! harness's dnsmasq), else the system resolver. Never a public resolver of our choice.

use crate::{NetConfig, NetError};
use hickory_resolver::TokioResolver;
use hickory_resolver::config::{ConnectionConfig, NameServerConfig, ResolverConfig};
use hickory_resolver::net::runtime::TokioRuntimeProvider;
use hickory_resolver::proto::rr::RData;
use std::net::SocketAddr;
use std::time::Duration;

/// One SRV record (RFC 2782).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SrvRecord {
    pub priority: u16,
    pub weight: u16,
    pub port: u16,
    /// The target host, without the trailing dot.
    pub target: String,
}

#[derive(Debug, Clone)]
pub(crate) struct Resolver {
    /// `None`: the system's getaddrinfo for addresses (honours /etc/hosts).
    configured: Option<TokioResolver>,
}

impl Resolver {
    pub fn new(config: &NetConfig) -> Result<Resolver, NetError> {
        let mut servers = config.dns_servers.clone();
        if servers.is_empty()
            && let Ok(value) = std::env::var("WERKBANK_DNS")
        {
            servers = parse_servers(&value)?;
        }
        if servers.is_empty() {
            return Ok(Resolver { configured: None });
        }
        Ok(Resolver {
            configured: Some(build(&servers)),
        })
    }

    fn for_records(&self) -> Result<TokioResolver, NetError> {
        match &self.configured {
            Some(r) => Ok(r.clone()),
            None => TokioResolver::builder_tokio()
                .and_then(|b| b.build())
                .map_err(|e| NetError::Config {
                    reason: format!("system resolver: {e}"),
                }),
        }
    }

    pub async fn lookup(&self, host: &str, port: u16) -> Result<Vec<SocketAddr>, NetError> {
        if let Some(addr) = crate::connect::literal(host, port) {
            return Ok(vec![addr]);
        }
        let unreachable = |reason: String| NetError::Unreachable {
            host: host.to_string(),
            reason,
        };
        let addrs: Vec<SocketAddr> = match &self.configured {
            Some(resolver) => resolver
                .lookup_ip(host)
                .await
                .map_err(|e| unreachable(format!("DNS: {e}")))?
                .iter()
                .map(|ip| SocketAddr::new(ip, port))
                .collect(),
            None => tokio::net::lookup_host((host, port))
                .await
                .map_err(|e| unreachable(format!("DNS: {e}")))?
                .collect(),
        };
        if addrs.is_empty() {
            Err(unreachable("DNS: no address".into()))
        } else {
            Ok(addrs)
        }
    }

    pub async fn srv(&self, name: &str) -> Result<Vec<SrvRecord>, NetError> {
        let lookup = self.for_records()?.srv_lookup(name).await;
        let Ok(lookup) = lookup else {
            // NXDOMAIN / no records is an ordinary answer for discovery: none found.
            return Ok(Vec::new());
        };
        let mut records: Vec<SrvRecord> = lookup
            .answers()
            .iter()
            .filter_map(|r| match &r.data {
                RData::SRV(srv) => Some(SrvRecord {
                    priority: srv.priority,
                    weight: srv.weight,
                    port: srv.port,
                    target: srv.target.to_utf8().trim_end_matches('.').to_string(),
                }),
                _ => None,
            })
            // RFC 2782: a target of "." means the service is decidedly not available.
            .filter(|r| !r.target.is_empty())
            .collect();
        records.sort_by_key(|r| (r.priority, std::cmp::Reverse(r.weight)));
        Ok(records)
    }

    pub async fn txt(&self, name: &str) -> Result<Vec<String>, NetError> {
        let Ok(lookup) = self.for_records()?.txt_lookup(name).await else {
            return Ok(Vec::new());
        };
        Ok(lookup
            .answers()
            .iter()
            .filter_map(|r| match &r.data {
                RData::TXT(txt) => Some(txt.to_string()),
                _ => None,
            })
            .collect())
    }
}

fn build(servers: &[SocketAddr]) -> TokioResolver {
    let configs = servers
        .iter()
        .map(|addr| {
            let mut udp = ConnectionConfig::udp();
            udp.port = addr.port();
            let mut tcp = ConnectionConfig::tcp();
            tcp.port = addr.port();
            NameServerConfig::new(addr.ip(), true, vec![udp, tcp])
        })
        .collect();
    let mut builder = TokioResolver::builder_with_config(
        ResolverConfig::from_name_servers(configs),
        TokioRuntimeProvider::default(),
    );
    // Discovery must stay snappy: short timeouts, few attempts.
    builder.options_mut().timeout = Duration::from_secs(3);
    builder.options_mut().attempts = 1;
    builder.build().unwrap_or_else(|_| unreachable_resolver())
}

// `build` only fails for TLS/DNSSEC options we never set; keep a defined fallback anyway.
fn unreachable_resolver() -> TokioResolver {
    TokioResolver::builder_with_config(
        ResolverConfig::from_name_servers(Vec::new()),
        TokioRuntimeProvider::default(),
    )
    .build()
    .expect("an empty resolver config always builds")
}

/// `"127.0.0.1:10053, 10.0.0.53"` → socket addresses (port 53 when absent).
pub fn parse_servers(value: &str) -> Result<Vec<SocketAddr>, NetError> {
    value
        .split([',', ' '])
        .filter(|s| !s.is_empty())
        .map(|s| {
            s.parse::<SocketAddr>()
                .or_else(|_| {
                    s.parse::<std::net::IpAddr>()
                        .map(|ip| SocketAddr::new(ip, 53))
                })
                .map_err(|_| NetError::Config {
                    reason: format!("`{s}` is not a DNS server address"),
                })
        })
        .collect()
}
