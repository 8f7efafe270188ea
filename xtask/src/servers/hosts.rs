//! Host names of the harness resolve to 127.0.0.1 through marked lines in /etc/hosts;
//! `remove` deletes exactly the marked lines and nothing else.

use super::HOSTS;
use crate::cmd::Result;

const HOSTS_FILE: &str = "/etc/hosts";
const MARKER: &str = "# werkbank-harness";

pub fn add() -> Result {
    let text = read()?;
    let line = format!("127.0.0.1 {} {MARKER}", HOSTS.join(" "));
    if text.lines().any(|l| l == line) {
        return Ok(());
    }
    let mut kept = without_marked(&text);
    kept.push_str(&line);
    kept.push('\n');
    write(&kept)
}

pub fn remove() -> Result {
    let text = read()?;
    let kept = without_marked(&text);
    if kept != text { write(&kept) } else { Ok(()) }
}

fn without_marked(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.lines().filter(|l| !l.ends_with(MARKER)) {
        out.push_str(line);
        out.push('\n');
    }
    out
}

fn read() -> Result<String> {
    std::fs::read_to_string(HOSTS_FILE).map_err(|e| format!("cannot read {HOSTS_FILE}: {e}"))
}

// Written in place (no rename): in containers /etc/hosts is often a bind mount.
fn write(text: &str) -> Result {
    std::fs::write(HOSTS_FILE, text).map_err(|e| {
        format!("cannot write {HOSTS_FILE} ({e}); the harness needs root for its host names")
    })
}

#[cfg(test)]
mod tests {
    use super::{MARKER, without_marked};

    #[test]
    fn removes_only_marked_lines() {
        let text = format!("127.0.0.1 localhost\n127.0.0.1 example.test {MARKER}\n::1 ip6\n");
        assert_eq!(without_marked(&text), "127.0.0.1 localhost\n::1 ip6\n");
    }
}
