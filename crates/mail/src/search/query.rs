//! The search syntax of the search field and `werkbank-cli mail search`:
//! words and "quoted phrases" (all must match, as word prefixes, diacritics ignored),
//! `from:`, `to:`, `subject:`, `has:attachment`, `is:unread|read|flagged`,
//! `before:YYYY-MM-DD`, `after:YYYY-MM-DD` (days in UTC; `after` includes the day,
//! `before` excludes it) and `folder:NAME`. An unknown `key:value` is searched as text.

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Term {
    Text(String),
    From(String),
    To(String),
    Subject(String),
    HasAttachment,
    Unread,
    Read,
    Flagged,
    /// Unix seconds: messages dated before this instant.
    Before(i64),
    /// Unix seconds: messages dated at or after this instant.
    After(i64),
    Folder(String),
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Query {
    pub terms: Vec<Term>,
}

/// A query the user typed that cannot be run as it stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueryError(pub String);

impl Query {
    pub fn parse(input: &str) -> Result<Query, QueryError> {
        let mut terms = Vec::new();
        for (key, value) in tokens(input) {
            let term = match key.as_deref().map(str::to_ascii_lowercase).as_deref() {
                None => Term::Text(value),
                Some("from") => Term::From(value),
                Some("to") => Term::To(value),
                Some("subject") => Term::Subject(value),
                Some("has") if value.eq_ignore_ascii_case("attachment") => Term::HasAttachment,
                Some("is") if value.eq_ignore_ascii_case("unread") => Term::Unread,
                Some("is") if value.eq_ignore_ascii_case("read") => Term::Read,
                Some("is") if value.eq_ignore_ascii_case("flagged") => Term::Flagged,
                Some("before") => Term::Before(day(&value)?),
                Some("after") => Term::After(day(&value)?),
                Some("folder") => Term::Folder(value),
                Some(other) => Term::Text(format!("{other}:{value}")),
            };
            if !matches!(&term, Term::Text(t) | Term::From(t) | Term::To(t) | Term::Subject(t) | Term::Folder(t) if t.is_empty())
            {
                terms.push(term);
            }
        }
        Ok(Query { terms })
    }

    /// The FTS5 MATCH expression, `None` when the query has no text part.
    pub fn fts(&self) -> Option<String> {
        let parts: Vec<String> = self
            .terms
            .iter()
            .filter_map(|term| match term {
                Term::Text(t) => phrase(t),
                Term::From(t) => phrase(t).map(|p| format!("sender : {p}")),
                Term::To(t) => phrase(t).map(|p| format!("recipients : {p}")),
                Term::Subject(t) => phrase(t).map(|p| format!("subject : {p}")),
                _ => None,
            })
            .collect();
        (!parts.is_empty()).then(|| parts.join(" AND "))
    }

    /// The words a server search should look for (`TEXT`), if any.
    pub fn text(&self) -> Option<String> {
        let words: Vec<&str> = self
            .terms
            .iter()
            .filter_map(|t| match t {
                Term::Text(t) => Some(t.as_str()),
                _ => None,
            })
            .collect();
        (!words.is_empty()).then(|| words.join(" "))
    }
}

/// A value as an FTS5 phrase with a prefix match on its last word: the tokenizer's
/// separators become spaces, quotes are doubled, nothing else of FTS5's syntax gets
/// through.
fn phrase(value: &str) -> Option<String> {
    let words: Vec<String> = value
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect();
    if words.is_empty() {
        return None;
    }
    Some(format!("\"{}\"*", words.join(" ").replace('"', "\"\"")))
}

/// `key:value` or a bare word; quotes group words (also after `key:`).
fn tokens(input: &str) -> Vec<(Option<String>, String)> {
    let mut out = Vec::new();
    let mut chars = input.chars().peekable();
    loop {
        while chars.peek().is_some_and(|c| c.is_whitespace()) {
            chars.next();
        }
        if chars.peek().is_none() {
            break;
        }
        let mut word = String::new();
        let mut key = None;
        let mut quoted = false;
        while let Some(&c) = chars.peek() {
            if c == '"' {
                chars.next();
                quoted = !quoted;
                continue;
            }
            if !quoted && c.is_whitespace() {
                break;
            }
            chars.next();
            if !quoted
                && c == ':'
                && key.is_none()
                && !word.is_empty()
                && word.chars().all(|c| c.is_ascii_alphabetic())
            {
                key = Some(std::mem::take(&mut word));
                continue;
            }
            if !c.is_control() {
                word.push(c);
            }
        }
        out.push((key, word));
    }
    out
}

/// `2026-11-23` → Unix seconds at 00:00 UTC.
fn day(value: &str) -> Result<i64, QueryError> {
    let bad = || QueryError(format!("\"{value}\" is not a date like 2026-11-23"));
    let mut parts = value.split('-');
    let y: i64 = parts.next().and_then(|p| p.parse().ok()).ok_or_else(bad)?;
    let m: i64 = parts.next().and_then(|p| p.parse().ok()).ok_or_else(bad)?;
    let d: i64 = parts.next().and_then(|p| p.parse().ok()).ok_or_else(bad)?;
    if parts.next().is_some() || !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return Err(bad());
    }
    let y2 = if m <= 2 { y - 1 } else { y };
    let era = if y2 >= 0 { y2 } else { y2 - 399 } / 400;
    let yoe = y2 - era * 400;
    let doy = (153 * ((m + 9) % 12) + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    Ok((era * 146_097 + doe - 719_468) * 86_400)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_operators_words_and_phrases() {
        let q = Query::parse(r#"from:müller subject:"Haushalt 2027" is:unread has:attachment bericht folder:Archive"#).unwrap();
        assert_eq!(
            q.terms,
            [
                Term::From("müller".into()),
                Term::Subject("Haushalt 2027".into()),
                Term::Unread,
                Term::HasAttachment,
                Term::Text("bericht".into()),
                Term::Folder("Archive".into()),
            ]
        );
        assert_eq!(
            q.fts().unwrap(),
            r#"sender : "müller"* AND subject : "Haushalt 2027"* AND "bericht"*"#
        );
    }

    #[test]
    fn dates_are_utc_days() {
        let q = Query::parse("after:2026-11-23 before:2026-11-24").unwrap();
        assert_eq!(
            q.terms,
            [Term::After(1_795_392_000), Term::Before(1_795_478_400)]
        );
        assert!(Query::parse("before:yesterday").is_err());
        assert!(Query::parse("after:2026-13-01").is_err());
    }

    #[test]
    fn fts_syntax_in_the_input_is_only_text() {
        let q = Query::parse(r#"a" OR "b NEAR(x) sender:evil* ^c"#).unwrap();
        let fts = q.fts().unwrap();
        assert!(!fts.contains(" OR \""), "{fts}");
        assert_eq!(
            fts,
            r#""a OR b"* AND "NEAR x"* AND "sender evil"* AND "c"*"#
        );
    }

    #[test]
    fn addresses_become_phrases() {
        let q = Query::parse("to:bob@example.test").unwrap();
        assert_eq!(q.fts().unwrap(), r#"recipients : "bob example test"*"#);
        assert_eq!(Query::parse("   ").unwrap(), Query::default());
        assert_eq!(Query::parse("is:unread").unwrap().fts(), None);
    }
}
