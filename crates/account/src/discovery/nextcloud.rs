//! Nextcloud (and ownCloud) answer `status.php` with `{"installed": true, "productname":
//! …, "version": …}`; files are then WebDAV at `remote.php/dav/files/<user>/`. The
//! domain itself is tried first, then the conventional `cloud.<domain>`.

use super::{Ctx, FoundService, Report, Security, ServiceKind, Source, fetch};
use crate::ErrorCode;
use std::time::Instant;
use url::Url;

const MAX_BODY: usize = 64 * 1024;

pub(crate) async fn discover(ctx: &Ctx<'_>) -> Report {
    let mut report = Report::default();
    let source = Source::NextcloudStatus;
    for base in [
        format!("https://{}/", ctx.domain),
        format!("https://cloud.{}/", ctx.domain),
    ] {
        let target = format!("{base}status.php");
        let started = Instant::now();
        let fetched = match fetch(ctx.net, &target, ctx.options.timeout, MAX_BODY).await {
            Ok(f) if f.status == 200 => f,
            Ok(f) => {
                report.attempt(source, &target, started, Ok(false), f.describe());
                continue;
            }
            Err(f) => {
                report.attempt(source, &target, started, Err(f.code), Some(f.detail));
                continue;
            }
        };
        let Some(product) = installed_product(&fetched.body) else {
            let detail = Some("not a Nextcloud status document".to_string());
            report.attempt(source, &target, started, Ok(false), detail);
            continue;
        };
        // The base is where status.php really was (after any redirect).
        let files = fetched
            .url
            .join("remote.php/dav/files/")
            .ok()
            .and_then(|u| with_user_folder(u, ctx.user()));
        let Some(files) = files.filter(|u| u.scheme() == "https") else {
            report.attempt(
                source,
                &target,
                started,
                Err(ErrorCode::ProtocolError),
                None,
            );
            continue;
        };
        report.attempt(source, &target, started, Ok(true), Some(product));
        if let Some(host) = files.host_str().map(str::to_string) {
            report.services.push(FoundService {
                kind: ServiceKind::WebDav,
                url: files.to_string(),
                host,
                port: files.port_or_known_default().unwrap_or(443),
                security: Security::Tls,
                username: Some(ctx.user().to_string()),
                source,
            });
        }
        break;
    }
    report
}

/// `Nextcloud 30.0.2` when the document says the server is installed.
fn installed_product(body: &[u8]) -> Option<String> {
    let json: serde_json::Value = serde_json::from_slice(body).ok()?;
    if json.get("installed")?.as_bool()? {
        let product = json.get("productname")?.as_str()?;
        let version = json
            .get("versionstring")
            .or_else(|| json.get("version"))?
            .as_str()?;
        Some(format!("{product} {version}"))
    } else {
        None
    }
}

/// Appends the user as one escaped path segment and a trailing slash.
fn with_user_folder(mut url: Url, user: &str) -> Option<Url> {
    {
        let mut segments = url.path_segments_mut().ok()?;
        segments.pop_if_empty().push(user).push("");
    }
    Some(url)
}
