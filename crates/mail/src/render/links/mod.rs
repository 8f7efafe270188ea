//! What a link really does: its kind (web, mail, or neutralised), the host it goes to,
//! and whether its visible text pretends to go somewhere else.

use super::model::LinkKind;
use ammonia::Url;

/// The kind of a link target, the host to show for it and the target as the browser
/// will read it (WHATWG-normalised, so `https:/x` and `HTTPS://X` become
/// `https://x/`); the target is empty for neutralised links. Anything but http(s) and
/// mailto is neutralised: `file:` and UNC paths open local or network files (and leak
/// NTLM hashes on Windows), `smb:` likewise, and OS handler schemes (`ms-msdt:`,
/// `search-ms:`, …) have run code from a click.
pub(crate) fn classify(href: &str) -> (LinkKind, String, String) {
    let trimmed = href.trim();
    if trimmed.starts_with("\\\\") || trimmed.starts_with("//") {
        return (LinkKind::Blocked, String::new(), String::new());
    }
    let Ok(url) = Url::parse(trimmed) else {
        return (LinkKind::Blocked, String::new(), String::new());
    };
    match url.scheme() {
        "http" | "https" => match url.host_str() {
            Some(host) if !host.is_empty() => (LinkKind::Web, display_host(host), url.to_string()),
            _ => (LinkKind::Blocked, String::new(), String::new()),
        },
        "mailto" => {
            let path = percent_encoding::percent_decode_str(url.path()).decode_utf8_lossy();
            let domain = path
                .split(',')
                .next()
                .and_then(|a| a.rsplit_once('@'))
                .map(|(_, d)| display_host(d.trim()))
                .unwrap_or_default();
            (LinkKind::Mail, domain, url.to_string())
        }
        _ => (LinkKind::Blocked, String::new(), String::new()),
    }
}

/// A host in Unicode (IDNs decoded) and lower case, without a trailing dot.
pub(crate) fn display_host(host: &str) -> String {
    let host = host.trim().trim_end_matches('.').to_lowercase();
    let (unicode, _) = idna::domain_to_unicode(&host);
    if unicode.is_empty() { host } else { unicode }
}

/// Whether `text` (what the user reads) names a domain other than `target_host`.
/// Text without a domain in it ("hier klicken") is never deceptive.
pub(crate) fn is_deceptive(text: &str, target_host: &str) -> bool {
    if target_host.is_empty() {
        return false;
    }
    domains_in(text)
        .iter()
        .any(|shown| !same_site(shown, target_host))
}

/// Domain-looking words of a text: `https://www.example.org/x`, `example.org`,
/// `name@example.org` all give `example.org`-like hosts.
fn domains_in(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    for word in text.split(|c: char| {
        c.is_whitespace() || matches!(c, '<' | '>' | '(' | ')' | '"' | '\'' | ',' | '[' | ']')
    }) {
        let word = word.trim_matches(|c: char| matches!(c, '.' | ':' | ';' | '!' | '?'));
        let rest = word.split_once("://").map_or(word, |(_, rest)| rest);
        let rest = rest.rsplit_once('@').map_or(rest, |(_, domain)| domain);
        let host = rest
            .split(['/', '?', '#', ':'])
            .next()
            .unwrap_or_default()
            .trim_end_matches('.');
        if looks_like_domain(host) {
            found.push(display_host(host));
        }
    }
    found
}

fn looks_like_domain(host: &str) -> bool {
    let labels: Vec<&str> = host.split('.').collect();
    labels.len() >= 2
        && labels
            .iter()
            .all(|l| !l.is_empty() && l.chars().all(|c| c.is_alphanumeric() || c == '-'))
        && labels
            .last()
            .is_some_and(|tld| tld.chars().count() >= 2 && tld.chars().all(char::is_alphabetic))
}

/// Same host, one a subdomain of the other, or the same last two labels (a rough
/// registrable domain: without the public suffix list `a.co.uk` and `b.co.uk` count as
/// one site, which only ever errs towards no flag).
fn same_site(a: &str, b: &str) -> bool {
    let (a, b) = (strip_www(a), strip_www(b));
    a == b
        || a.ends_with(&format!(".{b}"))
        || b.ends_with(&format!(".{a}"))
        || last_two_labels(a) == last_two_labels(b)
}

fn strip_www(host: &str) -> &str {
    host.strip_prefix("www.").unwrap_or(host)
}

fn last_two_labels(host: &str) -> String {
    let labels: Vec<&str> = host.rsplit('.').take(2).collect();
    labels.into_iter().rev().collect::<Vec<_>>().join(".")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn web_mail_and_neutralised_targets() {
        assert_eq!(
            classify("https://WWW.Example.org/x"),
            (
                LinkKind::Web,
                "www.example.org".into(),
                "https://www.example.org/x".into()
            )
        );
        assert_eq!(classify("https:-/x.example/a").2, "https://-/x.example/a");
        assert_eq!(
            classify("mailto:a@Example.org?subject=x"),
            (
                LinkKind::Mail,
                "example.org".into(),
                "mailto:a@Example.org?subject=x".into()
            )
        );
        for href in [
            "file:///etc/passwd",
            "\\\\host\\share",
            "//host/share",
            "smb://host/x",
            "ms-msdt:/id",
            "search-ms:query=x",
            "javascript:alert(1)",
            "data:text/html,x",
            "vbscript:x",
        ] {
            assert_eq!(classify(href).0, LinkKind::Blocked, "{href}");
        }
    }

    #[test]
    fn idn_hosts_are_shown_in_unicode() {
        assert_eq!(classify("https://xn--pypal-4ve.com/").1, "pаypal.com");
    }

    #[test]
    fn text_naming_another_domain_is_deceptive() {
        assert!(is_deceptive(
            "https://www.sparkasse.de/login",
            "evil.example"
        ));
        assert!(is_deceptive("paypal.com", "paypal.com.evil.example"));
        assert!(is_deceptive("Konto: service@bank.de", "phish.example"));
    }

    #[test]
    fn text_of_the_same_site_or_without_domain_is_not() {
        assert!(!is_deceptive("www.bund.de", "bund.de"));
        assert!(!is_deceptive("bund.de", "service.bund.de"));
        assert!(!is_deceptive("Hier klicken.", "evil.example"));
        assert!(!is_deceptive("Version 1.2 ist da", "evil.example"));
    }
}
