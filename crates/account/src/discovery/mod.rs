//! Server settings from an e-mail address.
//!
//! [`discover`] runs every mechanism at once, each on its own with short timeouts, and
//! reports what each found ([`FoundService`], with its [`Source`]) and what each tried
//! ([`Attempt`]). A mechanism that fails never fails the discovery; only an input that
//! is not an e-mail address does ([`DiscoveryError`]). One module per mechanism:
//! [`autoconfig`] (Mozilla XML), `srv` (RFC 6186), `wellknown` (RFC 6764 and the DAV
//! principal walk), `matrix` and `nextcloud`. The rules are in `docs/discovery.md`.
//!
//! Every request and lookup goes through [`werkbank_net::Net`], so the policy's host
//! list and trust anchors apply. Nothing public (such as Thunderbird's ISP database) is
//! queried, whatever [`DiscoveryOptions::allow_public_lookups`] says.

pub mod autoconfig;
pub(crate) mod dav_xml;
mod matrix;
mod nextcloud;
mod srv;
mod wellknown;

use crate::{ApiError, ErrorCode};
use serde::{Deserialize, Serialize};
use std::time::{Duration, Instant};
use werkbank_net::{HostPolicy, Net, NetError};

/// Reads a response's body, refusing one longer than `cap` (declared or actual), into
/// a [`Fetched`].
// NOTE: a macro because the response type is reqwest's, which this crate does not
// depend on by name (werkbank-net owns the HTTP stack).
macro_rules! read_response {
    ($response:expr, $cap:expr) => {
        async {
            let mut response = $response;
            let cap: usize = $cap;
            let status = response.status().as_u16();
            let url: url::Url = response.url().clone();
            let too_large = || {
                $crate::discovery::Failure::new(
                    $crate::ErrorCode::ProtocolError,
                    format!("{url}: the answer is larger than {cap} bytes"),
                )
            };
            if response
                .content_length()
                .is_some_and(|len| len > cap as u64)
            {
                return Err(too_large());
            }
            let mut body: Vec<u8> = Vec::new();
            loop {
                match response.chunk().await {
                    Ok(Some(chunk)) => {
                        if body.len() + chunk.len() > cap {
                            return Err(too_large());
                        }
                        body.extend_from_slice(&chunk);
                    }
                    Ok(None) => break,
                    Err(e) => {
                        let code = if e.is_timeout() {
                            $crate::ErrorCode::Timeout
                        } else {
                            $crate::ErrorCode::ProtocolError
                        };
                        return Err($crate::discovery::Failure::new(code, format!("{url}: {e}")));
                    }
                }
            }
            Ok::<_, $crate::discovery::Failure>($crate::discovery::Fetched { status, url, body })
        }
    };
}
pub(crate) use read_response;

/// How long one request or lookup may take.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(5);

/// What the caller knows besides the address.
#[derive(Clone)]
pub struct DiscoveryOptions {
    /// The login, when it is not the address's local part (DAV, WebDAV, Matrix) or the
    /// address itself (IMAP/SMTP found by SRV).
    pub username: Option<String>,
    /// With a password, CalDAV/CardDAV found by RFC 6764 are followed to the user's home
    /// sets; without one, the context URL is reported.
    pub password: Option<String>,
    /// The policy's switch for public lookups. Kept so the caller can pass the policy
    /// through; no public service is implemented, so nothing public is ever queried.
    pub allow_public_lookups: bool,
    /// Per request or lookup.
    pub timeout: Duration,
}

impl Default for DiscoveryOptions {
    fn default() -> DiscoveryOptions {
        DiscoveryOptions {
            username: None,
            password: None,
            allow_public_lookups: false,
            timeout: DEFAULT_TIMEOUT,
        }
    }
}

// NOTE: by hand, so the password never reaches a log line.
impl std::fmt::Debug for DiscoveryOptions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DiscoveryOptions")
            .field("username", &self.username)
            .field("password", &self.password.as_ref().map(|_| "<redacted>"))
            .field("allow_public_lookups", &self.allow_public_lookups)
            .field("timeout", &self.timeout)
            .finish()
    }
}

/// The services found for one address and how each mechanism fared.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[ts(export)]
pub struct Discovery {
    pub email: String,
    /// By kind, then TLS before STARTTLS, then by [`Source`] order; duplicates kept.
    pub services: Vec<FoundService>,
    pub attempts: Vec<Attempt>,
}

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, ts_rs::TS,
)]
#[ts(export)]
#[serde(rename_all = "lowercase")]
pub enum ServiceKind {
    Imap,
    Smtp,
    CalDav,
    CardDav,
    Matrix,
    WebDav,
}

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, ts_rs::TS,
)]
#[ts(export)]
#[serde(rename_all = "lowercase")]
pub enum Security {
    /// Implicit TLS (IMAPS, submissions, HTTPS).
    Tls,
    Starttls,
}

/// Which mechanism found a service (also names the mechanism of an [`Attempt`]).
/// The order is the preference between duplicates.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, ts_rs::TS,
)]
#[ts(export)]
#[serde(rename_all = "snake_case")]
pub enum Source {
    /// `https://autoconfig.<domain>/mail/config-v1.1.xml`
    Autoconfig,
    /// `https://<domain>/.well-known/autoconfig/mail/config-v1.1.xml`
    AutoconfigWellKnown,
    /// RFC 6186 SRV records.
    Srv,
    /// RFC 6764 `/.well-known/caldav` / `carddav`.
    WellKnown,
    /// RFC 6764 `_caldavs._tcp` / `_carddavs._tcp` SRV with TXT `path=`.
    DnsSrvTxt,
    /// `/.well-known/matrix/client`.
    MatrixWellKnown,
    /// Nextcloud's `status.php`.
    NextcloudStatus,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[ts(export)]
pub struct FoundService {
    pub kind: ServiceKind,
    /// `imaps://host:993`, `imap://…` (STARTTLS), `submissions://…`, `submission://…`,
    /// or the https URL of a DAV collection, Matrix homeserver or WebDAV folder.
    pub url: String,
    pub host: String,
    pub port: u16,
    pub security: Security,
    pub username: Option<String>,
    pub source: Source,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ts_rs::TS)]
#[ts(export)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    Found,
    NotFound,
    Error,
}

/// One request or lookup a mechanism made (or refused to make).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[ts(export)]
pub struct Attempt {
    pub mechanism: Source,
    /// The URL or DNS name.
    pub target: String,
    pub outcome: Outcome,
    pub error_code: Option<ErrorCode>,
    /// Why it failed or what was skipped, in English, for logs and the helpdesk.
    pub detail: Option<String>,
    pub elapsed_ms: u64,
}

/// Discovery fails only for input that is not an e-mail address.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DiscoveryError {
    #[error("`{input}` is not an e-mail address: {reason}")]
    InvalidAddress { input: String, reason: String },
}

impl From<&DiscoveryError> for ErrorCode {
    fn from(_: &DiscoveryError) -> ErrorCode {
        ErrorCode::InvalidInput
    }
}

impl From<&DiscoveryError> for ApiError {
    fn from(error: &DiscoveryError) -> ApiError {
        ApiError::with(ErrorCode::InvalidInput, &[("reason", &error.to_string())])
    }
}

/// Finds the services for `email`. See the module documentation.
pub async fn discover(
    net: &Net,
    email: &str,
    options: &DiscoveryOptions,
) -> Result<Discovery, DiscoveryError> {
    let (local, domain) = parse_address(email)?;
    let email = format!("{local}@{domain}");
    let ctx = Ctx {
        net,
        email: &email,
        local: &local,
        domain: &domain,
        options,
    };
    // NOTE: `allow_public_lookups` deliberately enables nothing: Werkbank ships no
    // public lookup host (invariant 4); an organisation serves its own documents.
    let (autoconfig, srv, well_known, dns_dav, matrix, nextcloud) = futures::join!(
        autoconfig_mechanism(&ctx),
        srv::discover(&ctx),
        wellknown::discover_http(&ctx),
        wellknown::discover_dns(&ctx),
        matrix::discover(&ctx),
        nextcloud::discover(&ctx),
    );
    let mut report = Report::default();
    for part in [autoconfig, srv, well_known, dns_dav, matrix, nextcloud] {
        report.services.extend(part.services);
        report.attempts.extend(part.attempts);
    }

    // A service on a host the policy forbids cannot be used; say so instead of offering it.
    let policy = HostPolicy::new(net.config().allowed_hosts.clone());
    let (allowed, refused): (Vec<_>, Vec<_>) = std::mem::take(&mut report.services)
        .into_iter()
        .partition(|s| policy.allows(&s.host));
    for service in refused {
        report.attempts.push(Attempt {
            mechanism: service.source,
            target: service.url,
            outcome: Outcome::Error,
            error_code: Some(ErrorCode::HostNotAllowed),
            detail: Some(format!(
                "found, but the policy does not allow {}",
                service.host
            )),
            elapsed_ms: 0,
        });
    }
    let mut services = allowed;
    // Stable: within one source the document's or the DNS's preference stays.
    services.sort_by_key(|s| (s.kind, s.security, s.source));
    Ok(Discovery {
        email,
        services,
        attempts: report.attempts,
    })
}

/// The autoconfig mechanism: the provider host first, the domain's well-known second.
async fn autoconfig_mechanism(ctx: &Ctx<'_>) -> Report {
    let mut report = Report::default();
    let domain = ctx.domain;
    let mut first = format!("https://autoconfig.{domain}/mail/config-v1.1.xml");
    if let Ok(mut url) = url::Url::parse(&first) {
        url.query_pairs_mut().append_pair("emailaddress", ctx.email);
        first = url.to_string();
    }
    let second = format!("https://{domain}/.well-known/autoconfig/mail/config-v1.1.xml");
    for (source, target) in [
        (Source::Autoconfig, first),
        (Source::AutoconfigWellKnown, second),
    ] {
        let started = Instant::now();
        let result = fetch(ctx.net, &target, ctx.options.timeout, autoconfig::MAX_BYTES).await;
        let body = match result {
            Ok(fetched) if fetched.status == 200 => fetched.body,
            Ok(fetched) => {
                report.attempt(source, &target, started, Ok(false), fetched.describe());
                continue;
            }
            Err(failure) => {
                report.attempt(
                    source,
                    &target,
                    started,
                    Err(failure.code),
                    Some(failure.detail),
                );
                continue;
            }
        };
        match autoconfig::parse(&body) {
            Ok(doc) => {
                let found = !doc.servers.is_empty();
                let detail = (!doc.skipped.is_empty()).then(|| {
                    doc.skipped
                        .iter()
                        .map(|s| format!("skipped {}: {}", s.element, s.reason))
                        .collect::<Vec<_>>()
                        .join("; ")
                });
                report.attempt(source, &target, started, Ok(found), detail);
                report.services.extend(
                    doc.servers
                        .iter()
                        .map(|s| autoconfig_service(s, ctx.email, source)),
                );
                if found {
                    // The provider host answered; the well-known copy would only repeat it.
                    break;
                }
            }
            Err(e) => report.attempt(
                source,
                &target,
                started,
                Err(ErrorCode::ProtocolError),
                Some(e.to_string()),
            ),
        }
    }
    report
}

/// The service an autoconfig entry describes, for `email`.
pub fn autoconfig_service(
    server: &autoconfig::AutoconfigServer,
    email: &str,
    source: Source,
) -> FoundService {
    let host = autoconfig::substitute(&server.host, email).to_ascii_lowercase();
    let url = match &server.url {
        Some(url) => url.clone(),
        None => mail_url(server.kind, server.security, &host, server.port),
    };
    FoundService {
        kind: server.kind,
        url,
        host,
        port: server.port,
        security: server.security,
        username: server
            .username
            .as_deref()
            .map(|u| autoconfig::substitute(u, email)),
        source,
    }
}

/// `imaps://host:port` and friends: the scheme says the protocol and the TLS mode.
fn mail_url(kind: ServiceKind, security: Security, host: &str, port: u16) -> String {
    let scheme = match (kind, security) {
        (ServiceKind::Imap, Security::Tls) => "imaps",
        (ServiceKind::Imap, Security::Starttls) => "imap",
        (ServiceKind::Smtp, Security::Tls) => "submissions",
        (ServiceKind::Smtp, Security::Starttls) => "submission",
        (_, _) => "https",
    };
    format!("{scheme}://{host}:{port}")
}

/// `local@domain`, with the domain lower-cased; refuses anything else.
fn parse_address(input: &str) -> Result<(String, String), DiscoveryError> {
    let invalid = |reason: &str| DiscoveryError::InvalidAddress {
        input: input.chars().take(100).collect(),
        reason: reason.to_string(),
    };
    let trimmed = input.trim();
    let (local, domain) = trimmed.rsplit_once('@').ok_or_else(|| invalid("no @"))?;
    if local.is_empty() || local.len() > 64 {
        return Err(invalid("the part before @ is empty or too long"));
    }
    if local
        .chars()
        .any(|c| c.is_whitespace() || c.is_control() || matches!(c, '@' | '/' | '\\' | '<' | '>'))
    {
        return Err(invalid(
            "the part before @ has characters an address cannot have",
        ));
    }
    let domain = domain.to_ascii_lowercase();
    if !domain.contains('.') || !valid_hostname(&domain) {
        return Err(invalid("the part after @ is not a domain name"));
    }
    Ok((local.to_string(), domain))
}

/// A DNS host name: dot-separated labels of letters, digits and inner hyphens.
pub(crate) fn valid_hostname(host: &str) -> bool {
    !host.is_empty()
        && host.len() <= 253
        && host.split('.').all(|label| {
            !label.is_empty()
                && label.len() <= 63
                && !label.starts_with('-')
                && !label.ends_with('-')
                && label
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-')
        })
}

/// What every mechanism gets.
pub(crate) struct Ctx<'a> {
    pub net: &'a Net,
    pub email: &'a str,
    pub local: &'a str,
    pub domain: &'a str,
    pub options: &'a DiscoveryOptions,
}

impl Ctx<'_> {
    /// The login for DAV, WebDAV and Matrix.
    pub fn user(&self) -> &str {
        self.options.username.as_deref().unwrap_or(self.local)
    }
}

/// What one mechanism found and tried.
#[derive(Debug, Default)]
pub(crate) struct Report {
    pub services: Vec<FoundService>,
    pub attempts: Vec<Attempt>,
}

impl Report {
    /// Records an attempt: `Ok(found)` or `Err(code)`.
    pub fn attempt(
        &mut self,
        mechanism: Source,
        target: &str,
        started: Instant,
        result: Result<bool, ErrorCode>,
        detail: Option<String>,
    ) {
        let (outcome, error_code) = match result {
            Ok(true) => (Outcome::Found, None),
            Ok(false) => (Outcome::NotFound, None),
            Err(code) => (Outcome::Error, Some(code)),
        };
        self.attempts.push(Attempt {
            mechanism,
            target: target.to_string(),
            outcome,
            error_code,
            detail,
            elapsed_ms: u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX),
        });
    }

    pub fn extend(&mut self, other: Report) {
        self.services.extend(other.services);
        self.attempts.extend(other.attempts);
    }
}

/// Why a request failed, as the attempt reports it.
#[derive(Debug, Clone)]
pub(crate) struct Failure {
    pub code: ErrorCode,
    pub detail: String,
}

impl Failure {
    pub fn new(code: ErrorCode, detail: impl Into<String>) -> Failure {
        Failure {
            code,
            detail: detail.into(),
        }
    }
}

impl From<NetError> for Failure {
    fn from(error: NetError) -> Failure {
        Failure::new(ErrorCode::from(&error), error.to_string())
    }
}

/// An HTTP answer with its body read (at most the cap).
#[derive(Debug)]
pub(crate) struct Fetched {
    pub status: u16,
    /// After redirects.
    pub url: url::Url,
    pub body: Vec<u8>,
}

impl Fetched {
    /// For a `not_found` attempt: what the server said instead.
    pub fn describe(&self) -> Option<String> {
        Some(format!("HTTP {} from {}", self.status, self.url))
    }
}

/// GET `target` with a per-request timeout, reading at most `cap` bytes of body.
pub(crate) async fn fetch(
    net: &Net,
    target: &str,
    timeout: Duration,
    cap: usize,
) -> Result<Fetched, Failure> {
    let url = https_url(target)?;
    let response = net.http().get(&url, timeout).await?;
    read_response!(response, cap).await
}

/// Parses `target` and refuses anything but https: discovery never falls back to http.
pub(crate) fn https_url(target: &str) -> Result<url::Url, Failure> {
    let url = url::Url::parse(target)
        .map_err(|e| Failure::new(ErrorCode::InvalidInput, format!("{target}: {e}")))?;
    if url.scheme() != "https" || url.host_str().is_none() {
        return Err(Failure::new(
            ErrorCode::InvalidInput,
            format!("{target} is not an https URL"),
        ));
    }
    Ok(url)
}
