//! Flag sets as the store keeps them: canonical names, sorted, space-separated.
//!
//! The three-way merge lives here: the user sees the server's flags with the changes
//! still in the journal applied on top, flag by flag — so a flag another client set
//! and a different flag set here both survive.

use std::collections::BTreeSet;

pub const SEEN: &str = "\\Seen";
pub const FLAGGED: &str = "\\Flagged";
pub const ANSWERED: &str = "\\Answered";
pub const DELETED: &str = "\\Deleted";
pub const DRAFT: &str = "\\Draft";
pub const FORWARDED: &str = "$Forwarded";

/// System flags are case-insensitive on the wire; keep one spelling. `\Recent` is
/// session state, not a flag anyone can set, and is dropped.
pub fn canonical(flag: &str) -> Option<String> {
    let flag = flag.trim();
    if flag.is_empty() || flag.eq_ignore_ascii_case("\\Recent") || flag == "\\*" {
        return None;
    }
    for known in [SEEN, FLAGGED, ANSWERED, DELETED, DRAFT, FORWARDED] {
        if flag.eq_ignore_ascii_case(known) {
            return Some(known.to_string());
        }
    }
    // A keyword is an atom: no spaces, parentheses, quotes or wildcards.
    if flag
        .chars()
        .any(|c| c.is_control() || c.is_whitespace() || "(){%*\"]".contains(c))
    {
        return None;
    }
    Some(flag.to_string())
}

/// The user-facing names the CLI accepts (`seen`, `flagged`, …) or a keyword.
pub fn from_user(name: &str) -> Option<String> {
    match name.to_ascii_lowercase().as_str() {
        "seen" | "read" => Some(SEEN.into()),
        "flagged" | "starred" => Some(FLAGGED.into()),
        "answered" => Some(ANSWERED.into()),
        "forwarded" => Some(FORWARDED.into()),
        "draft" => Some(DRAFT.into()),
        _ if name.starts_with('\\') => None,
        _ => canonical(name),
    }
}

pub fn parse(stored: &str) -> BTreeSet<String> {
    stored
        .split_ascii_whitespace()
        .filter_map(canonical)
        .collect()
}

pub fn join<'a>(flags: impl IntoIterator<Item = &'a String>) -> String {
    let set: BTreeSet<&String> = flags.into_iter().collect();
    join_sorted(set)
}

/// [`join`] of a set, which is sorted and unique already (once per message of a
/// header sync, so it is not sorted again).
pub fn join_set(flags: &BTreeSet<String>) -> String {
    join_sorted(flags)
}

fn join_sorted(flags: impl IntoIterator<Item = impl AsRef<str>>) -> String {
    let mut joined = String::new();
    for flag in flags {
        if !joined.is_empty() {
            joined.push(' ');
        }
        joined.push_str(flag.as_ref());
    }
    joined
}

/// One journaled flag change: what to add and what to remove.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Change {
    pub add: BTreeSet<String>,
    pub remove: BTreeSet<String>,
}

impl Change {
    /// The flags after applying this change to `base`.
    pub fn apply(&self, base: &BTreeSet<String>) -> BTreeSet<String> {
        let mut out = base.clone();
        for flag in &self.remove {
            out.remove(flag);
        }
        for flag in &self.add {
            out.insert(flag.clone());
        }
        out
    }

    /// Whether the server already shows what this change wants.
    pub fn satisfied_by(&self, server: &BTreeSet<String>) -> bool {
        self.add.iter().all(|f| server.contains(f))
            && self.remove.iter().all(|f| !server.contains(f))
    }
}

/// The flag list of a STORE command: `(\Seen $Forwarded)`.
pub fn wire_list(flags: &BTreeSet<String>) -> String {
    format!("({})", flags.iter().cloned().collect::<Vec<_>>().join(" "))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(flags: &[&str]) -> BTreeSet<String> {
        flags.iter().map(|f| f.to_string()).collect()
    }

    #[test]
    fn canonicalises_system_flags_and_drops_recent() {
        assert_eq!(
            parse("\\SEEN \\recent $label1 \\flagged"),
            set(&["$label1", FLAGGED, SEEN])
        );
        assert_eq!(canonical("bad flag"), None);
        assert_eq!(from_user("Seen").as_deref(), Some(SEEN));
        assert_eq!(from_user("\\Deleted"), None);
    }

    #[test]
    fn the_three_way_merge_keeps_both_sides_changes_to_different_flags() {
        // Base: nothing. Another client set \Flagged; here the user read the message.
        let server_now = set(&[FLAGGED]);
        let local = Change {
            add: set(&[SEEN]),
            remove: set(&[]),
        };
        assert_eq!(local.apply(&server_now), set(&[FLAGGED, SEEN]));
        assert!(!local.satisfied_by(&server_now));
        assert!(local.satisfied_by(&set(&[SEEN, FLAGGED])));
    }

    #[test]
    fn removal_wins_only_for_its_own_flag() {
        let server_now = set(&[SEEN, FLAGGED, ANSWERED]);
        let local = Change {
            add: set(&[]),
            remove: set(&[FLAGGED]),
        };
        assert_eq!(local.apply(&server_now), set(&[ANSWERED, SEEN]));
        assert_eq!(wire_list(&set(&[SEEN, FORWARDED])), "($Forwarded \\Seen)");
    }
}
