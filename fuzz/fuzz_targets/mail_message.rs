//! Any bytes as a mail message (or its header fields) must give an envelope and
//! content, never a panic; and what reaches the store and the list is clean: no
//! control or bidi-override characters in names and subjects, a short preview.

#![no_main]

use libfuzzer_sys::fuzz_target;
use werkbank_mail::envelope::{parse_headers, parse_message};

fn clean(s: &str) -> bool {
    !s.chars().any(|c| c.is_control() || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}'))
}

fuzz_target!(|data: &[u8]| {
    let headers = parse_headers(data);
    let content = parse_message(data);
    for envelope in [&headers, &content.envelope] {
        assert!(clean(&envelope.subject) && clean(&envelope.from_name) && clean(&envelope.from_addr));
        assert!(envelope.recipients.lines().all(clean));
    }
    assert!(content.preview.chars().count() <= 160);
    assert!(content.attachments.iter().all(|name| clean(name)));
});
