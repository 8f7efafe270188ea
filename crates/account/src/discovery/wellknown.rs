//! RFC 6764: where CalDAV and CardDAV live. Two ways in — `https://<domain>/.well-known/
//! caldav|carddav` (the redirect is followed by werkbank-net, which refuses https→http
//! and hosts outside the policy) and `_caldavs._tcp`/`_carddavs._tcp` SRV with a TXT
//! `path=` — give a context URL. With a password, the context URL is walked as RFC 6764
//! section 6 says: `current-user-principal`, then the principal's home set.

use super::{Ctx, Failure, FoundService, Report, Security, ServiceKind, Source, read_response};
use crate::ErrorCode;
use std::time::Instant;
use url::Url;

/// Multistatus answers are small; a larger one is not what we asked for.
const MAX_BODY: usize = 256 * 1024;

/// The two DAV services and the names RFC 6764 gives them.
struct Dav {
    kind: ServiceKind,
    well_known: &'static str,
    srv: &'static str,
    home_set: &'static str,
    namespace: &'static str,
}

const DAVS: [Dav; 2] = [
    Dav {
        kind: ServiceKind::CalDav,
        well_known: "caldav",
        srv: "_caldavs._tcp",
        home_set: "calendar-home-set",
        namespace: "urn:ietf:params:xml:ns:caldav",
    },
    Dav {
        kind: ServiceKind::CardDav,
        well_known: "carddav",
        srv: "_carddavs._tcp",
        home_set: "addressbook-home-set",
        namespace: "urn:ietf:params:xml:ns:carddav",
    },
];

/// `/.well-known/caldav` and `/.well-known/carddav`.
pub(crate) async fn discover_http(ctx: &Ctx<'_>) -> Report {
    let parts = DAVS.iter().map(|dav| async move {
        let mut report = Report::default();
        let target = format!("https://{}/.well-known/{}", ctx.domain, dav.well_known);
        let started = Instant::now();
        // PROPFIND, not GET: a GET on a DAV root may be redirected on to a web UI
        // (Radicale sends `/.web`), which is not the context path. reqwest keeps the
        // method on 301/302 for anything but POST.
        match propfind(ctx, &target, "current-user-principal", "DAV:", false).await {
            Ok(fetched) if is_dav_answer(fetched.status) => {
                report.attempt(
                    Source::WellKnown,
                    &target,
                    started,
                    Ok(true),
                    fetched.describe(),
                );
                let context = fetched.url;
                report.extend(resolve(ctx, dav, context, Source::WellKnown).await);
            }
            Ok(fetched) => report.attempt(
                Source::WellKnown,
                &target,
                started,
                Ok(false),
                fetched.describe(),
            ),
            Err(f) => report.attempt(
                Source::WellKnown,
                &target,
                started,
                Err(f.code),
                Some(f.detail),
            ),
        }
        report
    });
    collect(parts).await
}

/// `_caldavs._tcp` / `_carddavs._tcp` SRV plus TXT `path=`.
pub(crate) async fn discover_dns(ctx: &Ctx<'_>) -> Report {
    let parts = DAVS.iter().map(|dav| async move {
        let mut report = Report::default();
        let name = format!("{}.{}", dav.srv, ctx.domain);
        let started = Instant::now();
        let timeout = ctx.options.timeout;
        let (srv, txt) = futures::join!(
            tokio::time::timeout(timeout, ctx.net.srv(&name)),
            tokio::time::timeout(timeout, ctx.net.txt(&name)),
        );
        let records = match srv {
            Ok(Ok(records)) => records,
            Ok(Err(e)) => {
                let failure = Failure::from(e);
                report.attempt(
                    Source::DnsSrvTxt,
                    &name,
                    started,
                    Err(failure.code),
                    Some(failure.detail),
                );
                return report;
            }
            Err(_) => {
                report.attempt(
                    Source::DnsSrvTxt,
                    &name,
                    started,
                    Err(ErrorCode::Timeout),
                    None,
                );
                return report;
            }
        };
        // RFC 6764 section 4: without a TXT path, start at the root (and rely on the
        // server's own .well-known redirect).
        let path = match txt {
            Ok(Ok(strings)) => strings
                .iter()
                .find_map(|s| s.trim().strip_prefix("path=").map(str::to_string))
                .filter(|p| p.starts_with('/'))
                .unwrap_or_else(|| "/".to_string()),
            _ => "/".to_string(),
        };
        let Some(record) = records
            .into_iter()
            .find(|r| r.port != 0 && super::valid_hostname(&r.target))
        else {
            report.attempt(Source::DnsSrvTxt, &name, started, Ok(false), None);
            return report;
        };
        let context = Url::parse(&format!("https://{}:{}/", record.target, record.port))
            .and_then(|base| base.join(&path));
        match context {
            Ok(context) => {
                report.attempt(
                    Source::DnsSrvTxt,
                    &name,
                    started,
                    Ok(true),
                    Some(format!("context {context}")),
                );
                report.extend(resolve(ctx, dav, context, Source::DnsSrvTxt).await);
            }
            Err(e) => report.attempt(
                Source::DnsSrvTxt,
                &name,
                started,
                Err(ErrorCode::ProtocolError),
                Some(format!("path `{path}`: {e}")),
            ),
        }
        report
    });
    collect(parts).await
}

async fn collect(parts: impl Iterator<Item = impl Future<Output = Report>>) -> Report {
    let mut report = Report::default();
    for part in futures::future::join_all(parts).await {
        report.extend(part);
    }
    report
}

/// A DAV server answered (also when it wants a login first).
fn is_dav_answer(status: u16) -> bool {
    matches!(status, 200..=299 | 401 | 403)
}

/// The home set reached from `context`, or `context` itself when there is no password
/// or the walk fails (the failure is reported as an attempt).
async fn resolve(ctx: &Ctx<'_>, dav: &Dav, context: Url, source: Source) -> Report {
    let mut report = Report::default();
    let user = ctx.user().to_string();
    let mut found = context.clone();
    if ctx.options.password.is_some() {
        match walk(ctx, dav, &context, source, &mut report).await {
            Some(home) => found = home,
            None => tracing::debug!(%context, "no home set; reporting the context URL"),
        }
    }
    let Some(host) = found.host_str().map(str::to_string) else {
        return report;
    };
    report.services.push(FoundService {
        kind: dav.kind,
        url: found.to_string(),
        host,
        port: found.port_or_known_default().unwrap_or(443),
        security: Security::Tls,
        username: Some(user),
        source,
    });
    report
}

/// `current-user-principal` on the context, then the home set on the principal.
async fn walk(
    ctx: &Ctx<'_>,
    dav: &Dav,
    context: &Url,
    source: Source,
    report: &mut Report,
) -> Option<Url> {
    let principal = step(
        ctx,
        context,
        "current-user-principal",
        "DAV:",
        source,
        report,
    )
    .await?;
    step(ctx, &principal, dav.home_set, dav.namespace, source, report).await
}

/// One PROPFIND for `property`; its `href`, resolved against `url`, must stay https.
async fn step(
    ctx: &Ctx<'_>,
    url: &Url,
    property: &str,
    namespace: &str,
    source: Source,
    report: &mut Report,
) -> Option<Url> {
    let started = Instant::now();
    let target = url.as_str();
    let fetched = match propfind(ctx, target, property, namespace, true).await {
        Ok(f) => f,
        Err(f) => {
            report.attempt(source, target, started, Err(f.code), Some(f.detail));
            return None;
        }
    };
    if fetched.status == 401 {
        report.attempt(
            source,
            target,
            started,
            Err(ErrorCode::AuthFailed),
            fetched.describe(),
        );
        return None;
    }
    let href = (fetched.status == 207)
        .then(|| super::dav_xml::property_href(&fetched.body, property))
        .flatten();
    let resolved = href.as_deref().and_then(|h| fetched.url.join(h).ok());
    match resolved {
        Some(next) if next.scheme() == "https" => {
            report.attempt(
                source,
                target,
                started,
                Ok(true),
                Some(format!("{property} {next}")),
            );
            Some(next)
        }
        Some(next) => {
            report.attempt(
                source,
                target,
                started,
                Err(ErrorCode::ProtocolError),
                Some(format!("{property} {next} is not https")),
            );
            None
        }
        None => {
            let detail = format!("no {property} (HTTP {})", fetched.status);
            report.attempt(source, target, started, Ok(false), Some(detail));
            None
        }
    }
}

/// PROPFIND Depth 0 asking for one property; with basic auth when `authenticate`.
async fn propfind(
    ctx: &Ctx<'_>,
    target: &str,
    property: &str,
    namespace: &str,
    authenticate: bool,
) -> Result<super::Fetched, Failure> {
    let url = super::https_url(target)?;
    let method = "PROPFIND"
        .parse()
        .map_err(|_| Failure::new(ErrorCode::Internal, "PROPFIND is not a method"))?;
    let body = format!(
        r#"<?xml version="1.0" encoding="utf-8"?><d:propfind xmlns:d="DAV:" xmlns:p="{namespace}"><d:prop><p:{property}/></d:prop></d:propfind>"#
    );
    let mut request = ctx
        .net
        .http()
        .request(method, &url)?
        .header("Depth", "0")
        .header("Content-Type", "application/xml; charset=utf-8")
        .timeout(ctx.options.timeout)
        .body(body);
    if authenticate && let Some(password) = &ctx.options.password {
        request = request.basic_auth(ctx.user(), Some(password));
    }
    let response = ctx.net.http().send(request, &url).await?;
    read_response!(response, MAX_BODY).await
}
