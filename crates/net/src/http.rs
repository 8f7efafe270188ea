//! HTTP for discovery, CalDAV/CardDAV, WebDAV and Matrix probes: policy TLS, the host
//! allow-list on every connection (also after redirects and through the proxy), no
//! downgrade from https to http on redirects, and errors as [`NetError`].

use crate::dns::Resolver;
use crate::tls::Tls;
use crate::{HostPolicy, NetConfig, NetError};
use reqwest::dns::{Addrs, Name, Resolve, Resolving};
use std::sync::Arc;
use std::time::Duration;
use url::Url;

#[derive(Debug, Clone)]
pub struct HttpClient {
    client: reqwest::Client,
    hosts: HostPolicy,
    tls: Tls,
}

/// Resolves through our resolver, refusing hosts outside the policy before DNS.
struct PolicyResolver {
    hosts: HostPolicy,
    resolver: Resolver,
}

impl Resolve for PolicyResolver {
    fn resolve(&self, name: Name) -> Resolving {
        let host = name.as_str().to_string();
        let hosts = self.hosts.clone();
        let resolver = self.resolver.clone();
        Box::pin(async move {
            hosts.check(&host)?;
            let addrs = resolver.lookup(&host, 0).await?;
            Ok(Box::new(addrs.into_iter()) as Addrs)
        })
    }
}

impl HttpClient {
    pub(crate) fn new(
        config: &NetConfig,
        hosts: HostPolicy,
        tls: Tls,
        resolver: Resolver,
    ) -> Result<HttpClient, NetError> {
        let mut tls_config = (*tls.config).clone();
        tls_config.alpn_protocols = vec![b"h2".to_vec(), b"http/1.1".to_vec()];
        let redirect_hosts = hosts.clone();
        let redirects = reqwest::redirect::Policy::custom(move |attempt| {
            let downgrade = attempt
                .previous()
                .last()
                .is_some_and(|p| p.scheme() == "https")
                && attempt.url().scheme() != "https";
            let host = attempt.url().host_str().unwrap_or_default().to_string();
            if downgrade {
                let target = attempt.url().to_string();
                attempt.error(format!("refused a redirect from https to {target}"))
            } else if !redirect_hosts.allows(&host) {
                attempt.error(NetError::HostNotAllowed { host })
            } else if attempt.previous().len() >= 5 {
                attempt.stop()
            } else {
                attempt.follow()
            }
        });
        let mut builder = reqwest::Client::builder()
            .tls_backend_preconfigured(tls_config)
            .dns_resolver(Arc::new(PolicyResolver {
                hosts: hosts.clone(),
                resolver,
            }))
            .connect_timeout(config.connect_timeout)
            .timeout(Duration::from_secs(60))
            .redirect(redirects)
            .user_agent(concat!("Werkbank/", env!("CARGO_PKG_VERSION")));
        builder = match &config.proxy {
            Some(proxy) => builder.proxy(reqwest::Proxy::all(proxy.as_str()).map_err(|e| {
                NetError::Config {
                    reason: format!("proxy: {e}"),
                }
            })?),
            None => builder.no_proxy(),
        };
        let client = builder.build().map_err(|e| NetError::Config {
            reason: format!("HTTP client: {e}"),
        })?;
        Ok(HttpClient { client, hosts, tls })
    }

    /// A request to `url`, refused here if its host is outside the policy.
    pub fn request(
        &self,
        method: reqwest::Method,
        url: &Url,
    ) -> Result<reqwest::RequestBuilder, NetError> {
        let host = url.host_str().ok_or_else(|| NetError::Config {
            reason: format!("{url} has no host"),
        })?;
        self.hosts.check(host)?;
        Ok(self.client.request(method, url.clone()))
    }

    /// Sends a request built by [`HttpClient::request`], mapping failures to [`NetError`].
    pub async fn send(
        &self,
        request: reqwest::RequestBuilder,
        url: &Url,
    ) -> Result<reqwest::Response, NetError> {
        request.send().await.map_err(|e| self.map_error(e, url))
    }

    /// A GET with its own timeout (discovery uses short ones).
    pub async fn get(&self, url: &Url, timeout: Duration) -> Result<reqwest::Response, NetError> {
        let request = self.request(reqwest::Method::GET, url)?.timeout(timeout);
        self.send(request, url).await
    }

    fn map_error(&self, error: reqwest::Error, url: &Url) -> NetError {
        let host = error
            .url()
            .and_then(|u| u.host_str())
            .or_else(|| url.host_str())
            .unwrap_or_default()
            .to_string();
        // Our own errors (host refused in the resolver or on redirect) travel inside.
        let mut source: Option<&(dyn std::error::Error + 'static)> = Some(&error);
        while let Some(e) = source {
            if let Some(net) = e.downcast_ref::<NetError>() {
                return net.clone();
            }
            source = e.source();
        }
        if let Some(reason) = crate::tls::certificate_error(&error) {
            return self.tls.failures.error_for(&host, reason);
        }
        if error.is_timeout() {
            return NetError::Timeout { host };
        }
        if error.is_connect() {
            return NetError::Unreachable {
                host,
                reason: root_cause(&error),
            };
        }
        NetError::Protocol {
            host,
            reason: root_cause(&error),
        }
    }
}

fn root_cause(error: &(dyn std::error::Error + 'static)) -> String {
    let mut current = error;
    while let Some(next) = current.source() {
        current = next;
    }
    current.to_string()
}
