//! A small real HTTP/WebDAV client for CalDAV (Radicale behind Apache), CardDAV and
//! WebDAV files (Apache mod_dav), trusting only the test CA.

use crate::{Harness, User};
use reqwest::Method;

pub const DAV: &str = "https://dav.example.test";
pub const FILES: &str = "https://files.example.test";

/// The status and body of one request.
#[derive(Debug)]
pub struct Reply {
    pub status: u16,
    pub body: String,
}

/// Sends one request as `user` with basic auth.
pub async fn request(
    user: User,
    method: &str,
    url: &str,
    headers: &[(&str, &str)],
    body: impl Into<Vec<u8>>,
) -> Result<Reply, String> {
    let h = Harness::get();
    let method = Method::from_bytes(method.as_bytes()).map_err(|e| e.to_string())?;
    let mut builder = crate::tls::http_client(h)
        .request(method, url)
        .basic_auth(user.name(), Some(h.password(user)))
        .body(body.into());
    for (name, value) in headers {
        builder = builder.header(*name, *value);
    }
    let response = builder.send().await.map_err(|e| format!("{url}: {e:?}"))?;
    let status = response.status().as_u16();
    let body = response.text().await.map_err(|e| format!("{url}: {e}"))?;
    Ok(Reply { status, body })
}

/// The user's WebDAV files root at Nextcloud's layout.
pub fn files_url(user: User, path: &str) -> String {
    format!(
        "{FILES}/remote.php/dav/files/{}/{}",
        user.name(),
        path.trim_start_matches('/')
    )
}

/// Creates a calendar collection (201, or 405 when it exists already).
pub async fn make_calendar(user: User, name: &str) -> Result<String, String> {
    let url = format!("{DAV}/{}/{name}/", user.name());
    let body = r#"<?xml version="1.0" encoding="utf-8"?>
<C:mkcalendar xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav">
  <D:set><D:prop>
    <D:displayname>Kalender</D:displayname>
    <C:supported-calendar-component-set><C:comp name="VEVENT"/><C:comp name="VTODO"/></C:supported-calendar-component-set>
  </D:prop></D:set>
</C:mkcalendar>"#;
    let reply = request(
        user,
        "MKCALENDAR",
        &url,
        &[("Content-Type", "application/xml")],
        body,
    )
    .await?;
    if reply.status == 201 || already_exists(&reply) {
        Ok(url)
    } else {
        Err(format!("MKCALENDAR {url}: {} {}", reply.status, reply.body))
    }
}

/// Creates an address book collection (extended MKCOL, RFC 5689).
pub async fn make_addressbook(user: User, name: &str) -> Result<String, String> {
    let url = format!("{DAV}/{}/{name}/", user.name());
    let body = r#"<?xml version="1.0" encoding="utf-8"?>
<D:mkcol xmlns:D="DAV:" xmlns:CR="urn:ietf:params:xml:ns:carddav">
  <D:set><D:prop>
    <D:resourcetype><D:collection/><CR:addressbook/></D:resourcetype>
    <D:displayname>Kontakte</D:displayname>
  </D:prop></D:set>
</D:mkcol>"#;
    let reply = request(
        user,
        "MKCOL",
        &url,
        &[("Content-Type", "application/xml")],
        body,
    )
    .await?;
    if reply.status == 201 || already_exists(&reply) {
        Ok(url)
    } else {
        Err(format!("MKCOL {url}: {} {}", reply.status, reply.body))
    }
}

/// A collection that exists already: 405 (RFC 4918 MKCOL) or, from Radicale for
/// MKCALENDAR, 409 with the `resource-must-be-null` precondition (RFC 4791 5.3.1).
fn already_exists(reply: &Reply) -> bool {
    reply.status == 405 || (reply.status == 409 && reply.body.contains("resource-must-be-null"))
}

/// PUTs `body` and fails unless the server stored it (201 or 204).
pub async fn put(
    user: User,
    url: &str,
    content_type: &str,
    body: impl Into<Vec<u8>>,
) -> Result<(), String> {
    let reply = request(user, "PUT", url, &[("Content-Type", content_type)], body).await?;
    match reply.status {
        201 | 204 => Ok(()),
        other => Err(format!("PUT {url}: {other} {}", reply.body)),
    }
}

/// An iCalendar event with a fixed UID (so seeding twice updates, not duplicates).
pub fn event(uid: &str, summary: &str, start: &str, end: &str) -> String {
    format!(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Werkbank//harness//EN\r\nBEGIN:VEVENT\r\n\
         UID:{uid}\r\nDTSTAMP:20261123T080000Z\r\nDTSTART;TZID=Europe/Berlin:{start}\r\n\
         DTEND;TZID=Europe/Berlin:{end}\r\nSUMMARY:{summary}\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )
}

/// A vCard 4.0 with a fixed UID.
pub fn contact(uid: &str, name: &str, email: &str) -> String {
    format!(
        "BEGIN:VCARD\r\nVERSION:4.0\r\nUID:{uid}\r\nFN:{name}\r\nEMAIL;TYPE=work:{email}\r\nEND:VCARD\r\n"
    )
}
