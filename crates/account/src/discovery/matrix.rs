//! `https://<domain>/.well-known/matrix/client` names the homeserver
//! (`m.homeserver.base_url`); a GET on its `/_matrix/client/versions` confirms that a
//! Matrix server answers there before we offer it.

use super::{Ctx, FoundService, Report, Security, ServiceKind, Source, fetch};
use crate::ErrorCode;
use std::time::Instant;
use url::Url;

const MAX_BODY: usize = 64 * 1024;

pub(crate) async fn discover(ctx: &Ctx<'_>) -> Report {
    let mut report = Report::default();
    let source = Source::MatrixWellKnown;
    let target = format!("https://{}/.well-known/matrix/client", ctx.domain);
    let started = Instant::now();
    let fetched = match fetch(ctx.net, &target, ctx.options.timeout, MAX_BODY).await {
        Ok(f) if f.status == 200 => f,
        Ok(f) => {
            report.attempt(source, &target, started, Ok(false), f.describe());
            return report;
        }
        Err(f) => {
            report.attempt(source, &target, started, Err(f.code), Some(f.detail));
            return report;
        }
    };
    let base = match base_url(&fetched.body) {
        Ok(base) => base,
        Err(why) => {
            report.attempt(
                source,
                &target,
                started,
                Err(ErrorCode::ProtocolError),
                Some(why),
            );
            return report;
        }
    };
    report.attempt(
        source,
        &target,
        started,
        Ok(true),
        Some(format!("homeserver {base}")),
    );

    let versions = format!(
        "{}/_matrix/client/versions",
        base.as_str().trim_end_matches('/')
    );
    let started = Instant::now();
    match fetch(ctx.net, &versions, ctx.options.timeout, MAX_BODY).await {
        Ok(f) if f.status == 200 && lists_versions(&f.body) => {
            report.attempt(source, &versions, started, Ok(true), None);
            let Some(host) = base.host_str().map(str::to_string) else {
                return report;
            };
            report.services.push(FoundService {
                kind: ServiceKind::Matrix,
                url: base.to_string(),
                host,
                port: base.port_or_known_default().unwrap_or(443),
                security: Security::Tls,
                username: Some(ctx.user().to_string()),
                source,
            });
        }
        Ok(f) => report.attempt(source, &versions, started, Ok(false), f.describe()),
        Err(f) => report.attempt(source, &versions, started, Err(f.code), Some(f.detail)),
    }
    report
}

/// `m.homeserver.base_url`, which must be an https URL with a host.
fn base_url(body: &[u8]) -> Result<Url, String> {
    let json: serde_json::Value =
        serde_json::from_slice(body).map_err(|e| format!("not JSON: {e}"))?;
    let raw = json
        .get("m.homeserver")
        .and_then(|h| h.get("base_url"))
        .and_then(|b| b.as_str())
        .ok_or("no m.homeserver.base_url")?;
    let url = Url::parse(raw).map_err(|e| format!("base_url: {e}"))?;
    if url.scheme() != "https" || url.host_str().is_none() {
        return Err(format!("base_url {url} is not an https URL"));
    }
    Ok(url)
}

fn lists_versions(body: &[u8]) -> bool {
    serde_json::from_slice::<serde_json::Value>(body)
        .ok()
        .and_then(|v| v.get("versions").map(serde_json::Value::is_array))
        .unwrap_or(false)
}
