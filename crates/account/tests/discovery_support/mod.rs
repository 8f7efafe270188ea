//! Shared by the discovery test binaries: a `Net` on the harness and small queries.
// Each test binary that includes this module uses a different part of it.
#![allow(dead_code)]

use werkbank_account::discovery::{
    Discovery, DiscoveryOptions, FoundService, ServiceKind, Source, discover,
};
use werkbank_harness::{Harness, User};
use werkbank_net::{Net, NetConfig};

/// The harness's DNS, and its test CA as a policy CA when `trust_ca`.
pub fn net(trust_ca: bool, allowed_hosts: Option<&[&str]>) -> Net {
    let h = Harness::get();
    Net::new(NetConfig {
        extra_roots: if trust_ca {
            vec![werkbank_harness::tls::ca_der(h)]
        } else {
            Vec::new()
        },
        dns_servers: vec![h.dns()],
        allowed_hosts: allowed_hosts.map(|l| l.iter().map(|s| s.to_string()).collect()),
        ..NetConfig::new()
    })
    .unwrap()
}

/// Discovers `alice@example.test`, with her password when `with_password`.
pub async fn discover_alice(net: &Net, with_password: bool) -> Discovery {
    let options = DiscoveryOptions {
        password: with_password.then(|| Harness::get().password(User::Alice).to_string()),
        ..DiscoveryOptions::default()
    };
    discover(net, &User::Alice.email(), &options).await.unwrap()
}

pub fn services(d: &Discovery, kind: ServiceKind, source: Source) -> Vec<&FoundService> {
    d.services
        .iter()
        .filter(|s| s.kind == kind && s.source == source)
        .collect()
}

pub fn urls(d: &Discovery, kind: ServiceKind, source: Source) -> Vec<String> {
    services(d, kind, source)
        .into_iter()
        .map(|s| s.url.clone())
        .collect()
}
