//! The WebDAV probe: one `PROPFIND` (Depth 0) on the files folder.

use crate::FilesError;
use quick_xml::events::Event;
use std::time::Duration;
use url::Url;
use werkbank_net::Net;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FilesReport {
    /// The folder is a WebDAV collection (a file here would be a wrong URL).
    pub is_collection: bool,
    /// Free space the server reports (RFC 4331), if it does.
    pub quota_available_bytes: Option<u64>,
}

const PROPFIND: &str = r#"<?xml version="1.0" encoding="utf-8"?>
<d:propfind xmlns:d="DAV:"><d:prop><d:resourcetype/><d:quota-available-bytes/></d:prop></d:propfind>"#;

/// Answers larger than this are not a probe's business (and not a real PROPFIND Depth 0).
const MAX_BODY: usize = 256 * 1024;

pub async fn probe(
    net: &Net,
    folder: &Url,
    user: &str,
    password: &str,
) -> Result<FilesReport, FilesError> {
    let host = folder.host_str().unwrap_or_default().to_string();
    let method = reqwest::Method::from_bytes(b"PROPFIND").map_err(|e| protocol(&host, e))?;
    let request = net
        .http()
        .request(method, folder)?
        .basic_auth(user, Some(password))
        .header("Depth", "0")
        .header("Content-Type", "application/xml; charset=utf-8")
        .body(PROPFIND)
        .timeout(Duration::from_secs(30));
    let response = net.http().send(request, folder).await?;
    match response.status().as_u16() {
        207 => {}
        401 => {
            return Err(FilesError::AuthFailed {
                host,
                user: user.into(),
            });
        }
        403 => {
            return Err(protocol(
                &host,
                format!("{folder} belongs to another user (403)"),
            ));
        }
        404 => return Err(protocol(&host, format!("{folder} does not exist (404)"))),
        other => return Err(protocol(&host, format!("PROPFIND answered {other}"))),
    }
    let body = response.bytes().await.map_err(|e| protocol(&host, e))?;
    if body.len() > MAX_BODY {
        return Err(protocol(&host, "the PROPFIND answer is too large"));
    }
    parse(&body).map_err(|reason| protocol(&host, reason))
}

/// Reads `resourcetype/collection` and `quota-available-bytes` from a multistatus,
/// matching local names so any namespace prefix works.
fn parse(body: &[u8]) -> Result<FilesReport, String> {
    let mut reader = quick_xml::Reader::from_reader(body);
    let mut report = FilesReport {
        is_collection: false,
        quota_available_bytes: None,
    };
    let mut path: Vec<String> = Vec::new();
    let mut buf = Vec::new();
    loop {
        match reader.read_event_into(&mut buf) {
            Ok(Event::Start(e)) => path.push(e.local_name().into_inner().to_string()),
            Ok(Event::End(_)) => {
                path.pop();
            }
            Ok(Event::Empty(e)) => {
                if e.local_name().into_inner() == "collection"
                    && path.last().is_some_and(|p| p == "resourcetype")
                {
                    report.is_collection = true;
                }
            }
            Ok(Event::Text(text)) if path.last().is_some_and(|p| p == "quota-available-bytes") => {
                let text = text.trim().to_string();
                report.quota_available_bytes = text.parse().ok();
            }
            Ok(Event::DocType(_)) => return Err("a DOCTYPE in a PROPFIND answer".into()),
            Ok(Event::Eof) => break,
            Ok(_) => {}
            Err(e) => return Err(format!("malformed XML: {e}")),
        }
        if path.len() > 32 {
            return Err("the answer is nested too deeply".into());
        }
        buf.clear();
    }
    Ok(report)
}

fn protocol(host: &str, reason: impl std::fmt::Display) -> FilesError {
    FilesError::Protocol {
        host: host.to_string(),
        reason: reason.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::parse;

    #[test]
    fn reads_a_collection_with_quota_in_any_prefix() {
        let xml = br#"<?xml version="1.0"?><x:multistatus xmlns:x="DAV:"><x:response><x:propstat><x:prop>
            <x:resourcetype><x:collection/></x:resourcetype><x:quota-available-bytes>1024</x:quota-available-bytes>
            </x:prop></x:propstat></x:response></x:multistatus>"#;
        let report = parse(xml).unwrap();
        assert!(report.is_collection);
        assert_eq!(report.quota_available_bytes, Some(1024));
    }

    #[test]
    fn refuses_doctype_and_garbage() {
        assert!(parse(b"<!DOCTYPE x [<!ENTITY a 'b'>]><multistatus/>").is_err());
        assert!(parse(b"<multistatus><response></multistatus>").is_err());
    }
}
