//! DNS lookups against the harness's dnsmasq (never the system resolver).

use hickory_resolver::TokioResolver;
use hickory_resolver::config::{ConnectionConfig, NameServerConfig, ResolverConfig};
use hickory_resolver::net::runtime::TokioRuntimeProvider;

pub fn resolver(harness: &crate::Harness) -> TokioResolver {
    let addr = harness.dns();
    let mut udp = ConnectionConfig::udp();
    udp.port = addr.port();
    let mut tcp = ConnectionConfig::tcp();
    tcp.port = addr.port();
    let server = NameServerConfig::new(addr.ip(), true, vec![udp, tcp]);
    let config = ResolverConfig::from_name_servers(vec![server]);
    TokioResolver::builder_with_config(config, TokioRuntimeProvider::default())
        .build()
        .expect("a resolver for the harness DNS can be built")
}

/// `(target host, port)` of the SRV records for `name`, sorted by priority.
pub async fn srv(harness: &crate::Harness, name: &str) -> Vec<(String, u16)> {
    let lookup = resolver(harness)
        .srv_lookup(name)
        .await
        .unwrap_or_else(|e| panic!("SRV {name}: {e}"));
    let mut records: Vec<_> = lookup
        .answers()
        .iter()
        .filter_map(|r| match &r.data {
            hickory_resolver::proto::rr::RData::SRV(srv) => Some(srv.clone()),
            _ => None,
        })
        .collect();
    records.sort_by_key(|s| (s.priority, std::cmp::Reverse(s.weight)));
    records
        .into_iter()
        .map(|s| (s.target.to_utf8().trim_end_matches('.').to_string(), s.port))
        .collect()
}

/// The TXT strings at `name`.
pub async fn txt(harness: &crate::Harness, name: &str) -> Vec<String> {
    let lookup = resolver(harness)
        .txt_lookup(name)
        .await
        .unwrap_or_else(|e| panic!("TXT {name}: {e}"));
    lookup
        .answers()
        .iter()
        .filter_map(|r| match &r.data {
            hickory_resolver::proto::rr::RData::TXT(txt) => Some(txt.to_string()),
            _ => None,
        })
        .collect()
}
