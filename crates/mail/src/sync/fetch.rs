//! Reading FETCH, SELECT and LIST responses into plain data.

use crate::flags;
use crate::store::{FetchedHeader, ListedFolder, Role};
use imap_proto::{AttributeValue, MailboxDatum, NameAttribute, Response, ResponseCode, Status};
use std::collections::BTreeSet;

/// The attributes of one FETCH response that the engine uses.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Fetched {
    pub uid: Option<u32>,
    pub flags: Option<BTreeSet<String>>,
    pub modseq: Option<u64>,
    pub size: Option<u32>,
    pub internal_date: Option<i64>,
    pub body: Option<Vec<u8>>,
}

impl Fetched {
    pub fn from_response(response: &Response<'_>) -> Option<Fetched> {
        let Response::Fetch(_, attributes) = response else {
            return None;
        };
        let mut out = Fetched::default();
        for attribute in attributes {
            match attribute {
                AttributeValue::Uid(uid) => out.uid = Some(*uid),
                AttributeValue::Flags(list) => {
                    out.flags = Some(list.iter().filter_map(|f| flags::canonical(f)).collect())
                }
                AttributeValue::ModSeq(modseq) => out.modseq = Some(*modseq),
                AttributeValue::Rfc822Size(size) => out.size = Some(*size),
                AttributeValue::InternalDate(date) => out.internal_date = internal_date(date),
                AttributeValue::BodySection { data, .. } => {
                    out.body = Some(data.as_deref().unwrap_or_default().to_vec())
                }
                AttributeValue::Rfc822(data) => {
                    out.body = Some(data.as_deref().unwrap_or_default().to_vec())
                }
                _ => {}
            }
        }
        Some(out)
    }

    /// A header FETCH answer as the store takes it; `None` if the server left out
    /// something the engine asked for (such a message is fetched again next time).
    pub fn into_header(self) -> Option<FetchedHeader> {
        Some(FetchedHeader {
            uid: self.uid?,
            flags: self.flags?,
            modseq: self.modseq.unwrap_or(0),
            size: self.size?,
            internal_date: self.internal_date.unwrap_or(0),
            header: self.body?,
        })
    }
}

/// What SELECT (or EXAMINE) reported.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Selected {
    pub exists: u32,
    pub uidvalidity: Option<u32>,
    pub uidnext: Option<u32>,
    pub highestmodseq: Option<u64>,
    /// QRESYNC: UIDs expunged since the known state.
    pub vanished: Vec<u32>,
    /// QRESYNC: flags changed since the known state.
    pub changed: Vec<(u32, BTreeSet<String>, u64)>,
}

impl Selected {
    pub fn take(&mut self, response: &Response<'_>) {
        match response {
            Response::MailboxData(MailboxDatum::Exists(n)) => self.exists = *n,
            Response::Data {
                status: Status::Ok,
                outcome,
            } => match outcome.code {
                Some(ResponseCode::UidValidity(v)) => self.uidvalidity = Some(v),
                Some(ResponseCode::UidNext(n)) => self.uidnext = Some(n),
                Some(ResponseCode::HighestModSeq(m)) => self.highestmodseq = Some(m),
                _ => {}
            },
            Response::Vanished { uids, .. } => {
                self.vanished
                    .extend(crate::imap::uidset::expand(uids, 10_000_000));
            }
            Response::Fetch(..) => {
                if let Some(f) = Fetched::from_response(response)
                    && let (Some(uid), Some(flags)) = (f.uid, f.flags)
                {
                    self.changed.push((uid, flags, f.modseq.unwrap_or(0)));
                }
            }
            _ => {}
        }
    }
}

/// One LIST (or LSUB) line.
pub fn listed(response: &Response<'_>) -> Option<ListedFolder> {
    let Response::MailboxData(MailboxDatum::List(list)) = response else {
        return None;
    };
    let mut role = None;
    let mut selectable = true;
    let mut subscribed = false;
    for attribute in &list.name_attributes {
        match attribute {
            NameAttribute::NoSelect => selectable = false,
            NameAttribute::Archive => role = Some(Role::Archive),
            NameAttribute::Drafts => role = Some(Role::Drafts),
            NameAttribute::Junk => role = Some(Role::Junk),
            NameAttribute::Sent => role = Some(Role::Sent),
            NameAttribute::Trash => role = Some(Role::Trash),
            NameAttribute::Extension(name) => {
                if name.eq_ignore_ascii_case("\\Subscribed") {
                    subscribed = true;
                } else if name.eq_ignore_ascii_case("\\NonExistent") {
                    selectable = false;
                }
            }
            _ => {}
        }
    }
    let name = list.name.to_string();
    if name.eq_ignore_ascii_case("INBOX") {
        role = Some(Role::Inbox);
    }
    Some(ListedFolder {
        name: if name.eq_ignore_ascii_case("INBOX") {
            "INBOX".into()
        } else {
            name
        },
        delimiter: list.delimiter.as_ref().map(|d| d.to_string()),
        role,
        subscribed,
        selectable,
    })
}

/// `17-Jul-1996 02:44:25 -0700` → Unix seconds.
pub fn internal_date(s: &str) -> Option<i64> {
    let s = s.trim();
    let (date, rest) = s.split_once(' ')?;
    let (time, zone) = rest.trim().split_once(' ')?;
    let mut d = date.trim().split('-');
    let day: i64 = d.next()?.trim().parse().ok()?;
    let month = match d.next()?.to_ascii_lowercase().as_str() {
        "jan" => 1,
        "feb" => 2,
        "mar" => 3,
        "apr" => 4,
        "may" => 5,
        "jun" => 6,
        "jul" => 7,
        "aug" => 8,
        "sep" => 9,
        "oct" => 10,
        "nov" => 11,
        "dec" => 12,
        _ => return None,
    };
    let year: i64 = d.next()?.parse().ok()?;
    let mut t = time.split(':');
    let (h, m, sec): (i64, i64, i64) = (
        t.next()?.parse().ok()?,
        t.next()?.parse().ok()?,
        t.next()?.parse().ok()?,
    );
    let sign = if zone.starts_with('-') { -1 } else { 1 };
    let zone = zone.trim_start_matches(['+', '-']);
    if zone.len() != 4 {
        return None;
    }
    let offset =
        sign * (zone[..2].parse::<i64>().ok()? * 3600 + zone[2..].parse::<i64>().ok()? * 60);
    Some(days_from_civil(year, month, day) * 86_400 + h * 3600 + m * 60 + sec - offset)
}

/// Days since 1970-01-01 of a proleptic Gregorian date.
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_internal_dates() {
        assert_eq!(
            internal_date("23-Nov-2026 09:00:00 +0100"),
            Some(1_795_420_800)
        );
        assert_eq!(internal_date(" 1-Jan-1970 00:00:00 +0000"), Some(0));
        assert_eq!(
            internal_date("17-Jul-1996 02:44:25 -0700"),
            Some(837_596_665)
        );
        assert_eq!(internal_date("garbage"), None);
    }
}
