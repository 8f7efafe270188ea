//! The one thing discovery reads from a WebDAV multistatus: the `href` inside a
//! property (`current-user-principal`, `calendar-home-set`, `addressbook-home-set`).
//! Namespace prefixes vary between servers, so local names are matched. The same
//! defences as the autoconfig parser: no DOCTYPE, bounded depth and elements.

use quick_xml::events::Event;

const MAX_DEPTH: usize = 32;
const MAX_ELEMENTS: usize = 10_000;

/// The first `href` inside the element `property`, if the document has one.
pub(crate) fn property_href(body: &[u8], property: &str) -> Option<String> {
    let text = std::str::from_utf8(body).ok()?;
    let mut reader = quick_xml::Reader::from_str(text);
    let mut stack: Vec<String> = Vec::new();
    let mut elements = 0usize;
    // Depth of the open `property` element, while inside it.
    let mut inside: Option<usize> = None;
    let mut in_href = false;
    let mut href = String::new();
    loop {
        match reader.read_event().ok()? {
            Event::DocType(_) | Event::Eof => return None,
            Event::Start(start) => {
                elements += 1;
                if elements > MAX_ELEMENTS || stack.len() >= MAX_DEPTH {
                    return None;
                }
                let name = start.local_name().as_ref().to_string();
                if inside.is_none() && name == property {
                    inside = Some(stack.len());
                } else if inside.is_some() && name == "href" {
                    in_href = true;
                    href.clear();
                }
                stack.push(name);
            }
            Event::Empty(_) => {
                elements += 1;
                if elements > MAX_ELEMENTS {
                    return None;
                }
            }
            Event::Text(t) if in_href => href.push_str(&t.xml10_content()),
            Event::GeneralRef(r) if in_href => {
                let resolved = match &*r {
                    "amp" => '&',
                    "lt" => '<',
                    "gt" => '>',
                    "quot" => '"',
                    "apos" => '\'',
                    _ => r.resolve_char_ref().ok()??,
                };
                href.push(resolved);
            }
            Event::End(_) => {
                stack.pop();
                if in_href {
                    let value = href.trim();
                    if !value.is_empty() {
                        return Some(value.to_string());
                    }
                    in_href = false;
                }
                if inside == Some(stack.len()) {
                    inside = None;
                }
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::property_href;

    #[test]
    fn finds_the_href_whatever_the_prefix() {
        let body = br#"<?xml version="1.0"?>
<multistatus xmlns="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav"><response><href>/</href>
<propstat><prop><C:calendar-home-set><href>/alice/</href></C:calendar-home-set></prop>
<status>HTTP/1.1 200 OK</status></propstat></response></multistatus>"#;
        assert_eq!(
            property_href(body, "calendar-home-set").as_deref(),
            Some("/alice/")
        );
        assert_eq!(property_href(body, "addressbook-home-set"), None);
    }

    #[test]
    fn refuses_a_doctype() {
        let body = br#"<!DOCTYPE x [<!ENTITY a "b">]><multistatus><current-user-principal><href>&a;</href></current-user-principal></multistatus>"#;
        assert_eq!(property_href(body, "current-user-principal"), None);
    }
}
