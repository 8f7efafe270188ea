//! `text/calendar` parts summarised for the reader until the calendar module reads
//! iCalendar properly: the first VEVENT's summary, start, end, location and organizer,
//! and the METHOD. A tolerant line reader, not an iCalendar parser: anything it does not
//! understand is left out, never an error.

use super::model::{Address, Invitation};

/// Calendars bigger than this are not read (a summary needs the first event only).
const MAX_CALENDAR_BYTES: usize = 1024 * 1024;
const MAX_FIELD_CHARS: usize = 500;

pub(crate) fn summarise(text: &str, part_id: &str) -> Invitation {
    let text = match text.char_indices().nth(MAX_CALENDAR_BYTES) {
        Some((end, _)) => &text[..end],
        None => text,
    };
    let mut invitation = Invitation {
        part_id: part_id.to_string(),
        ..Invitation::default()
    };
    let mut depth_in_event = false;
    let mut nested = 0usize;
    for line in unfold(text) {
        let Some((name_and_params, value)) = split_property(&line) else {
            continue;
        };
        let mut params = name_and_params.split(';');
        let name = params
            .next()
            .unwrap_or_default()
            .trim()
            .to_ascii_uppercase();
        let params: Vec<&str> = params.collect();
        match name.as_str() {
            "BEGIN" if value.trim().eq_ignore_ascii_case("VEVENT") && !depth_in_event => {
                depth_in_event = invitation.summary.is_empty() && invitation.start.is_none();
            }
            "BEGIN" if depth_in_event => nested += 1, // VALARM inside the event
            "END" if depth_in_event && nested > 0 => nested -= 1,
            "END" if depth_in_event && value.trim().eq_ignore_ascii_case("VEVENT") => {
                depth_in_event = false;
            }
            "METHOD" if !depth_in_event => {
                invitation.method = clip(&value.trim().to_ascii_uppercase())
            }
            _ if !depth_in_event || nested > 0 => {}
            "SUMMARY" => invitation.summary = clip(&unescape(value)),
            "LOCATION" => invitation.location = clip(&unescape(value)),
            "DTSTART" => {
                invitation.start = date_time(value, &params);
                invitation.tzid = param(&params, "TZID").map(|t| clip(&t));
            }
            "DTEND" => invitation.end = date_time(value, &params),
            "ORGANIZER" => {
                let address = value
                    .trim()
                    .get(..7)
                    .filter(|p| p.eq_ignore_ascii_case("mailto:"))
                    .map_or(value.trim(), |_| &value.trim()[7..]);
                invitation.organizer = Some(Address {
                    name: param(&params, "CN").map(|n| clip(&n)).unwrap_or_default(),
                    address: clip(address),
                });
            }
            _ => {}
        }
    }
    invitation
}

/// RFC 5545 §3.1: a line starting with a space or tab continues the previous one.
fn unfold(text: &str) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for raw in text.split('\n') {
        let raw = raw.strip_suffix('\r').unwrap_or(raw);
        match (raw.strip_prefix([' ', '\t']), lines.last_mut()) {
            (Some(rest), Some(last)) if last.len() < 64 * 1024 => last.push_str(rest),
            (Some(_), Some(_)) => {}
            _ => lines.push(raw.to_string()),
        }
    }
    lines
}

/// `NAME;PARAM=…:value`, where a `:` inside a quoted parameter value does not count.
fn split_property(line: &str) -> Option<(&str, &str)> {
    let mut quoted = false;
    for (i, c) in line.char_indices() {
        match c {
            '"' => quoted = !quoted,
            ':' if !quoted => return Some((&line[..i], &line[i + 1..])),
            _ => {}
        }
    }
    None
}

fn param(params: &[&str], name: &str) -> Option<String> {
    params.iter().find_map(|p| {
        let (key, value) = p.split_once('=')?;
        key.trim()
            .eq_ignore_ascii_case(name)
            .then(|| value.trim().trim_matches('"').to_string())
    })
}

/// `20261123T090000Z` → `2026-11-23T09:00:00Z`; `20261123` → `2026-11-23`.
fn date_time(value: &str, params: &[&str]) -> Option<String> {
    let value = value.trim();
    let digits = |s: &str| s.chars().all(|c| c.is_ascii_digit());
    let date = value.get(..8).filter(|d| digits(d))?;
    let date = format!("{}-{}-{}", &date[..4], &date[4..6], &date[6..8]);
    let all_day =
        param(params, "VALUE").is_some_and(|v| v.eq_ignore_ascii_case("DATE")) || value.len() == 8;
    if all_day {
        return (value.len() == 8).then_some(date);
    }
    let time = value.get(8..)?;
    let (time, utc) = match time.strip_suffix(['Z', 'z']) {
        Some(t) => (t, true),
        None => (time, false),
    };
    let time = time
        .strip_prefix(['T', 't'])
        .filter(|t| t.len() == 6 && digits(t))?;
    Some(format!(
        "{date}T{}:{}:{}{}",
        &time[..2],
        &time[2..4],
        &time[4..6],
        if utc { "Z" } else { "" }
    ))
}

fn unescape(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    let mut chars = value.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.next() {
                Some('n' | 'N') => out.push('\n'),
                Some(other) => out.push(other),
                None => {}
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// Control characters (but line breaks in descriptions) go; long values are cut.
fn clip(value: &str) -> String {
    value
        .chars()
        .filter(|c| {
            *c == '\n'
                || !(c.is_control()
                    || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}'))
        })
        .take(MAX_FIELD_CHARS)
        .collect::<String>()
        .trim()
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_first_event() {
        let ics = "BEGIN:VCALENDAR\r\nMETHOD:REQUEST\r\nBEGIN:VTIMEZONE\r\nTZID:Europe/Berlin\r\nEND:VTIMEZONE\r\nBEGIN:VEVENT\r\n\
            SUMMARY:Abstimmung Haushalt\\, Teil 2\r\nDTSTART;TZID=Europe/Berlin:20261123T090000\r\nDTEND;TZID=Europe/Berlin:20261123T\r\n 100000\r\n\
            LOCATION:Raum 4.12\r\nORGANIZER;CN=\"Schmidt, Anna\":mailto:anna@stadt.example\r\nBEGIN:VALARM\r\nSUMMARY:not this\r\nEND:VALARM\r\nEND:VEVENT\r\n\
            BEGIN:VEVENT\r\nSUMMARY:second\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
        let i = summarise(ics, "2");
        assert_eq!(i.method, "REQUEST");
        assert_eq!(i.summary, "Abstimmung Haushalt, Teil 2");
        assert_eq!(i.start.as_deref(), Some("2026-11-23T09:00:00"));
        assert_eq!(i.end.as_deref(), Some("2026-11-23T10:00:00"));
        assert_eq!(i.tzid.as_deref(), Some("Europe/Berlin"));
        assert_eq!(i.location, "Raum 4.12");
        assert_eq!(
            i.organizer,
            Some(Address {
                name: "Schmidt, Anna".into(),
                address: "anna@stadt.example".into()
            })
        );
    }

    #[test]
    fn utc_all_day_and_garbage() {
        let i = summarise(
            "BEGIN:VEVENT\nDTSTART:20260101T120000Z\nDTEND;VALUE=DATE:20260102\nEND:VEVENT",
            "1",
        );
        assert_eq!(i.start.as_deref(), Some("2026-01-01T12:00:00Z"));
        assert_eq!(i.end.as_deref(), Some("2026-01-02"));
        let i = summarise(
            "BEGIN:VEVENT\nDTSTART:yesterday\nSUMMARY\n\u{0}:x\nEND:VEVENT",
            "1",
        );
        assert_eq!(i.start, None);
        assert_eq!(i.summary, "");
    }
}
