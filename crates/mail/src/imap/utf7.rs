//! Modified UTF-7 (RFC 3501 §5.1.3), the encoding of non-ASCII mailbox names:
//! `Entw&APw-rfe` is "Entwürfe".

use base64::Engine;
use base64::alphabet::IMAP_MUTF7;
use base64::engine::{GeneralPurpose, GeneralPurposeConfig};

const ENGINE: GeneralPurpose = GeneralPurpose::new(
    &IMAP_MUTF7,
    GeneralPurposeConfig::new()
        .with_encode_padding(false)
        .with_decode_padding_mode(base64::engine::DecodePaddingMode::Indifferent),
);

/// Decodes a name from the wire; a malformed one is shown as it came, not lost.
pub fn decode(wire: &str) -> String {
    decode_strict(wire).unwrap_or_else(|| wire.to_string())
}

fn decode_strict(wire: &str) -> Option<String> {
    let mut out = String::new();
    let mut rest = wire;
    while let Some(start) = rest.find('&') {
        out.push_str(&rest[..start]);
        let after = &rest[start + 1..];
        let end = after.find('-')?;
        let chunk = &after[..end];
        if chunk.is_empty() {
            out.push('&');
        } else {
            let bytes = ENGINE.decode(chunk).ok()?;
            if bytes.len() % 2 != 0 {
                return None;
            }
            let units: Vec<u16> = bytes
                .chunks_exact(2)
                .map(|pair| u16::from_be_bytes([pair[0], pair[1]]))
                .collect();
            out.push_str(&String::from_utf16(&units).ok()?);
        }
        rest = &after[end + 1..];
    }
    out.push_str(rest);
    Some(out)
}

/// Encodes a name for the wire.
pub fn encode(name: &str) -> String {
    let mut out = String::new();
    let mut pending: Vec<u16> = Vec::new();
    let flush = |pending: &mut Vec<u16>, out: &mut String| {
        if pending.is_empty() {
            return;
        }
        let bytes: Vec<u8> = pending.iter().flat_map(|u| u.to_be_bytes()).collect();
        out.push('&');
        out.push_str(&ENGINE.encode(bytes));
        out.push('-');
        pending.clear();
    };
    for c in name.chars() {
        if (' '..='~').contains(&c) {
            flush(&mut pending, &mut out);
            if c == '&' {
                out.push_str("&-");
            } else {
                out.push(c);
            }
        } else {
            let mut buf = [0u16; 2];
            pending.extend_from_slice(c.encode_utf16(&mut buf));
        }
    }
    flush(&mut pending, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_umlauts_ampersands_and_emoji() {
        for name in [
            "Entwürfe",
            "A & B",
            "Gelöschte Elemente/Ältere",
            "日本語",
            "Post 📬",
            "plain",
        ] {
            assert_eq!(decode(&encode(name)), name, "{name}");
        }
        assert_eq!(encode("Entwürfe"), "Entw&APw-rfe");
        assert_eq!(encode("A & B"), "A &- B");
        assert_eq!(decode("&ZeVnLIqe-"), "日本語");
    }

    #[test]
    fn malformed_names_are_kept_as_they_came() {
        assert_eq!(decode("broken&AP"), "broken&AP");
        assert_eq!(decode("x&!!!-"), "x&!!!-");
    }
}
