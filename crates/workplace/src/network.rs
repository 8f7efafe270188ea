//! The network configuration of an account: the policy's host list, CA certificates,
//! proxy and DNS, plus the account's pins (if the policy allows pinning).

use rustls_pki_types::CertificateDer;
use rustls_pki_types::pem::PemObject;
use werkbank_account::policy::Policy;
use werkbank_account::{Account, ApiError, ErrorCode};
use werkbank_net::{Net, NetConfig};

pub(crate) fn config(policy: &Policy, account: Option<&Account>) -> Result<NetConfig, ApiError> {
    let mut config = NetConfig::new();
    let network = &policy.network;
    config.allowed_hosts = network.allowed_hosts.clone();
    for path in &network.ca_certificates {
        let certs = CertificateDer::pem_file_iter(path)
            .and_then(|iter| iter.collect::<Result<Vec<_>, _>>())
            .map_err(|e| {
                let file = path.display().to_string();
                ApiError::with(
                    ErrorCode::Io,
                    &[("file", &file), ("reason", &e.to_string())],
                )
            })?;
        config.extra_roots.extend(certs);
    }
    config.proxy = network.proxy.clone();
    config.dns_servers = network.dns.clone();
    config.allow_pinning = network.allow_certificate_pinning;
    if let Some(account) = account {
        config.pinned_fingerprints = account.pinned_certificates.clone();
    }
    Ok(config)
}

pub(crate) fn net(policy: &Policy, account: Option<&Account>) -> Result<Net, ApiError> {
    Net::new(config(policy, account)?).map_err(|e| ApiError::from(&e))
}
