//! `Re:` and `Fwd:` without ever doubling them, also after German (`AW:`, `WG:`) or
//! other clients' prefixes (`Fw:`, `RE[2]:`, `Antw:`, `SV:`, `VS:`, `TR:`).

const REPLY: &[&str] = &["re", "aw", "antw", "sv", "odp", "r"];
const FORWARD: &[&str] = &["fwd", "fw", "wg", "wtr", "tr", "vs", "i", "enc", "rv"];

/// The subject of a reply: one `Re: ` in front of the subject without its reply
/// prefixes (a forward prefix stays: "Re: Fwd: Plan" tells what was answered).
pub fn reply(subject: &str) -> String {
    prefixed("Re: ", strip(subject, REPLY))
}

/// The subject of a forward: one `Fwd: ` in front of the subject without its forward
/// prefixes.
pub fn forward(subject: &str) -> String {
    prefixed("Fwd: ", strip(subject, FORWARD))
}

fn prefixed(prefix: &str, rest: &str) -> String {
    format!("{prefix}{}", super::address::header_text(rest))
}

/// Removes any run of the given prefixes (`Re: AW: RE[3]: x` → `x`).
fn strip<'a>(mut subject: &'a str, prefixes: &[&str]) -> &'a str {
    loop {
        let trimmed = subject.trim_start();
        let Some(colon) = trimmed.find(':') else {
            return trimmed;
        };
        let word = &trimmed[..colon];
        // `RE[2]` and `Re(2)` count as `RE`.
        let bare = word
            .split(['[', '('])
            .next()
            .unwrap_or(word)
            .trim()
            .to_ascii_lowercase();
        if colon > 8 || !prefixes.contains(&bare.as_str()) {
            return trimmed;
        }
        subject = &trimmed[colon + 1..];
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn prefixes_are_not_doubled() {
        for (input, reply, forward) in [
            ("Plan", "Re: Plan", "Fwd: Plan"),
            ("Re: Plan", "Re: Plan", "Fwd: Re: Plan"),
            ("AW: Plan", "Re: Plan", "Fwd: AW: Plan"),
            ("RE[2]: aw: Plan", "Re: Plan", "Fwd: RE[2]: aw: Plan"),
            ("WG: Plan", "Re: WG: Plan", "Fwd: Plan"),
            ("Fwd: FW: Plan", "Re: Fwd: FW: Plan", "Fwd: Plan"),
            (
                "Termin: Montag",
                "Re: Termin: Montag",
                "Fwd: Termin: Montag",
            ),
            ("", "Re: ", "Fwd: "),
        ] {
            assert_eq!(super::reply(input), reply, "reply to {input:?}");
            assert_eq!(super::forward(input), forward, "forward of {input:?}");
        }
    }

    #[test]
    fn a_line_break_in_the_subject_is_neutralised() {
        assert_eq!(super::reply("x\r\nBcc: a@b.test"), "Re: x Bcc: a@b.test");
    }
}
