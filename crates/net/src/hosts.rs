//! The policy's host allow-list. Checked before DNS, so a refused host is never even
//! looked up (a lookup alone can leak to a resolver what the user was about to contact).

use crate::NetError;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HostPolicy {
    allowed: Option<Vec<String>>,
}

impl HostPolicy {
    /// `None` allows every host; `Some(list)` only exact names and `*.suffix` patterns
    /// (subdomains only). Matching ignores case and a trailing dot.
    pub fn new(allowed: Option<Vec<String>>) -> HostPolicy {
        HostPolicy {
            allowed: allowed.map(|list| list.iter().map(|h| normalise(h)).collect()),
        }
    }

    /// IP literals match only an equal IP pattern (compared as addresses, so `::1`
    /// equals `0:0::1`): a wildcard never covers an address, or `*.0.0.1` would allow
    /// `127.0.0.1`.
    pub fn allows(&self, host: &str) -> bool {
        let Some(allowed) = &self.allowed else {
            return true;
        };
        let host = normalise(host);
        if host.is_empty() || host.starts_with('.') {
            return false;
        }
        if let Ok(ip) = host.parse::<std::net::IpAddr>() {
            return allowed
                .iter()
                .any(|pattern| pattern.parse::<std::net::IpAddr>() == Ok(ip));
        }
        allowed
            .iter()
            .any(|pattern| match pattern.strip_prefix("*.") {
                // At least one label before the suffix: `*.x` never matches `x` or `.x`.
                Some(suffix) => host
                    .strip_suffix(suffix)
                    .and_then(|rest| rest.strip_suffix('.'))
                    .is_some_and(|label| !label.is_empty()),
                None => *pattern == host,
            })
    }

    pub fn check(&self, host: &str) -> Result<(), NetError> {
        if self.allows(host) {
            Ok(())
        } else {
            tracing::warn!(host, "refused: host not allowed by policy");
            Err(NetError::HostNotAllowed {
                host: host.to_string(),
            })
        }
    }
}

/// Lower case, without a trailing dot and without IPv6 brackets: the one form hosts
/// and patterns are compared in.
fn normalise(host: &str) -> String {
    let host = host.trim();
    let host = host.strip_suffix('.').unwrap_or(host);
    let host = host
        .strip_prefix('[')
        .and_then(|h| h.strip_suffix(']'))
        .unwrap_or(host);
    host.to_ascii_lowercase()
}

#[cfg(test)]
mod tests {
    use super::HostPolicy;

    fn check(list: &[&str], host: &str, expect: bool) {
        let policy = HostPolicy::new(Some(list.iter().map(|s| s.to_string()).collect()));
        assert_eq!(policy.allows(host), expect, "{host} against {list:?}");
    }

    #[test]
    fn exact_names_and_subdomain_patterns() {
        check(&["example.test"], "example.test", true);
        check(&["example.test"], "EXAMPLE.test.", true);
        check(&["example.test"], "mail.example.test", false);
        check(&["*.example.test"], "mail.example.test", true);
        check(&["*.example.test"], "example.test", false);
        check(&["*.example.test"], "evil-example.test", false);
        check(&["*.example.test"], "mail.example.test.evil.test", false);
        check(&["127.0.0.1"], "127.0.0.1", true);
        check(&["::1"], "[::1]", true);
        check(&[], "example.test", false);
        check(&["*.0.0.1"], "127.0.0.1", false);
        check(&["::1"], "0:0::1", true);
    }

    #[test]
    fn no_list_allows_everything() {
        assert!(HostPolicy::new(None).allows("anything.example"));
    }
}
