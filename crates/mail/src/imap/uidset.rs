//! UID sets on the wire: `1:5,9,12:14`, and back.

use std::ops::RangeInclusive;

/// Compresses UIDs (any order, duplicates allowed) into an IMAP sequence set.
pub fn format(uids: &[u32]) -> String {
    let mut sorted = uids.to_vec();
    sorted.sort_unstable();
    sorted.dedup();
    let mut out = String::new();
    let mut iter = sorted.into_iter().peekable();
    while let Some(start) = iter.next() {
        let mut end = start;
        while iter.peek() == Some(&(end + 1)) {
            end += 1;
            iter.next();
        }
        if !out.is_empty() {
            out.push(',');
        }
        if start == end {
            out.push_str(&start.to_string());
        } else {
            out.push_str(&format!("{start}:{end}"));
        }
    }
    out
}

/// Expands ranges (as imap-proto parses VANISHED) into UIDs, refusing absurd sizes.
pub fn expand(ranges: &[RangeInclusive<u32>], limit: usize) -> Vec<u32> {
    let mut out = Vec::new();
    for range in ranges {
        for uid in range.clone() {
            if out.len() >= limit {
                return out;
            }
            out.push(uid);
        }
    }
    out
}

/// Parses a sequence set of numbers (`1:3,7`) as in COPYUID; `*` is not allowed there.
pub fn parse(set: &str) -> Option<Vec<u32>> {
    let mut out = Vec::new();
    for part in set.split(',') {
        match part.split_once(':') {
            Some((a, b)) => {
                let (a, b): (u32, u32) = (a.parse().ok()?, b.parse().ok()?);
                let (lo, hi) = (a.min(b), a.max(b));
                if hi - lo > 1_000_000 {
                    return None;
                }
                out.extend(lo..=hi);
            }
            None => out.push(part.parse().ok()?),
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_runs_and_singles() {
        assert_eq!(format(&[5, 1, 2, 3, 9, 12, 13, 14, 3]), "1:3,5,9,12:14");
        assert_eq!(format(&[7]), "7");
        assert_eq!(format(&[]), "");
    }

    #[test]
    fn parses_what_it_formats() {
        let uids = [1, 2, 3, 5, 9, 12, 13, 14];
        assert_eq!(parse(&format(&uids)).unwrap(), uids);
        assert_eq!(parse("4:2").unwrap(), [2, 3, 4]);
        assert!(parse("1:*").is_none());
        assert!(parse("1:4000000000").is_none());
    }

    #[test]
    fn expands_with_a_limit() {
        assert_eq!(expand(&[1..=3, 7..=7], 10), [1, 2, 3, 7]);
        assert_eq!(expand(&[1..=u32::MAX], 3), [1, 2, 3]);
    }
}
