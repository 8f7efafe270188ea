//! The CalDAV/CardDAV principal walk shared by the calendar and contacts probes:
//! `current-user-principal` on the service URL, then the home set on the principal
//! (RFC 5397, RFC 4791 6.2.1, RFC 6352 7.1.1), authenticated, https only.

use crate::account::DavService;
use crate::discovery::ServiceKind;
use crate::module::{ProbeContext, ServiceCheck};
use crate::{Account, ApiError, ErrorCode};
use std::time::Duration;
use url::Url;
use werkbank_net::Net;

/// Which home set to look for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HomeSet {
    Calendar,
    Addressbook,
}

impl HomeSet {
    fn property(self) -> (&'static str, &'static str) {
        match self {
            HomeSet::Calendar => ("calendar-home-set", "urn:ietf:params:xml:ns:caldav"),
            HomeSet::Addressbook => ("addressbook-home-set", "urn:ietf:params:xml:ns:carddav"),
        }
    }
}

/// Where the user's principal and home set are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DavHome {
    pub principal: Url,
    pub home: Url,
}

/// The probe of a CalDAV or CardDAV service: log in, find the home set, report it.
/// Nothing to check (an empty list) when the account lacks the service.
pub async fn probe_home(
    ctx: &ProbeContext,
    account: &Account,
    service: Option<&DavService>,
    kind: ServiceKind,
    set: HomeSet,
) -> Vec<ServiceCheck> {
    let Some(service) = service else {
        return Vec::new();
    };
    let checked: Result<DavHome, ApiError> = async {
        let password = ctx.credentials.password(account).await?;
        find_home(&ctx.net, &service.url, &service.username, &password, set).await
    }
    .await;
    vec![match checked {
        Ok(home) => ServiceCheck::ok(kind, home.home.to_string()),
        Err(error) => ServiceCheck::failed(kind, error),
    }]
}

/// Answers larger than this are not a Depth-0 PROPFIND of one property.
const MAX_BODY: usize = 256 * 1024;

pub async fn find_home(
    net: &Net,
    service: &Url,
    user: &str,
    password: &str,
    set: HomeSet,
) -> Result<DavHome, ApiError> {
    let principal = property_url(
        net,
        service,
        user,
        password,
        "current-user-principal",
        "DAV:",
    )
    .await?;
    let (property, namespace) = set.property();
    let home = property_url(net, &principal, user, password, property, namespace).await?;
    Ok(DavHome { principal, home })
}

async fn property_url(
    net: &Net,
    url: &Url,
    user: &str,
    password: &str,
    property: &str,
    namespace: &str,
) -> Result<Url, ApiError> {
    let host = url.host_str().unwrap_or_default().to_string();
    let protocol = |reason: String| {
        ApiError::with(
            ErrorCode::ProtocolError,
            &[("host", &host), ("reason", &reason)],
        )
    };
    if url.scheme() != "https" && !is_loopback(&host) {
        return Err(protocol(format!("{url} is not https")));
    }
    let method = "PROPFIND"
        .parse()
        .map_err(|_| protocol("PROPFIND is not a method".into()))?;
    let body = format!(
        r#"<?xml version="1.0" encoding="utf-8"?><d:propfind xmlns:d="DAV:" xmlns:p="{namespace}"><d:prop><p:{property}/></d:prop></d:propfind>"#
    );
    let request = net
        .http()
        .request(method, url)
        .map_err(|e| ApiError::from(&e))?
        .basic_auth(user, Some(password))
        .header("Depth", "0")
        .header("Content-Type", "application/xml; charset=utf-8")
        .body(body)
        .timeout(Duration::from_secs(30));
    let response = net
        .http()
        .send(request, url)
        .await
        .map_err(|e| ApiError::from(&e))?;
    let status = response.status().as_u16();
    let final_url = response.url().clone();
    if status == 401 {
        return Err(ApiError::with(
            ErrorCode::AuthFailed,
            &[("host", &host), ("user", user)],
        ));
    }
    if status != 207 {
        return Err(protocol(format!("PROPFIND {property} answered {status}")));
    }
    let body = response
        .bytes()
        .await
        .map_err(|e| protocol(e.to_string()))?;
    if body.len() > MAX_BODY {
        return Err(protocol("the PROPFIND answer is too large".into()));
    }
    let href = crate::discovery::dav_xml::property_href(&body, property)
        .ok_or_else(|| protocol(format!("no {property} in the answer")))?;
    let next = final_url
        .join(&href)
        .map_err(|e| protocol(format!("{href}: {e}")))?;
    if next.scheme() != "https" && !is_loopback(next.host_str().unwrap_or_default()) {
        return Err(protocol(format!("{property} {next} is not https")));
    }
    Ok(next)
}

fn is_loopback(host: &str) -> bool {
    matches!(host, "localhost" | "127.0.0.1" | "::1" | "[::1]")
}
