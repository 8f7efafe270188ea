//! Integer lookup keys for the text columns the sync looks messages up by: the
//! Message-ID, the In-Reply-To and the sender's address.
//!
//! Indexing those columns as text was most of the header writer's index work: a
//! Message-ID index entry is 40–80 random bytes, and the sender index compared every
//! entry case-insensitively among hundreds of equal addresses. An index of a 64-bit key
//! is a fraction of the size and compares as one integer, so the same 100,000 headers
//! are written with a third less index work (migration 0010). A key only narrows the
//! search: every lookup also compares the text itself, so two values that share a key
//! never match each other.
//!
//! The keys are stored, so the function must never change: FNV-1a (64 bits) over the
//! UTF-8 bytes, read as a signed integer (SQLite's integer type).

use rusqlite::Connection;
use rusqlite::functions::FunctionFlags;
use std::collections::HashSet;
use std::hash::{BuildHasherDefault, Hasher};

const OFFSET_BASIS: u64 = 0xcbf2_9ce4_8422_2325;
const PRIME: u64 = 0x0000_0100_0000_01b3;

/// The key of a Message-ID or In-Reply-To value (as stored, without brackets).
pub(crate) fn text_key(text: &str) -> i64 {
    let hash = text.bytes().fold(OFFSET_BASIS, |hash, byte| {
        (hash ^ u64::from(byte)).wrapping_mul(PRIME)
    });
    hash as i64
}

/// The key of a sender address: case folded the way `COLLATE NOCASE` compares (ASCII
/// letters only), so a key lookup finds what a case-insensitive comparison accepts.
pub(crate) fn address_key(address: &str) -> i64 {
    text_key(&address.to_ascii_lowercase())
}

/// A set of keys. They are hashes already: hashing them again with SipHash was most of
/// what filling a set of a store's 100,000 keys cost.
pub(super) type KeySet = HashSet<i64, BuildHasherDefault<KeyHasher>>;

/// Spreads a key over the table (Fibonacci hashing: FNV's low bits alone vary too
/// little for the bucket index, its high bits for the control bytes).
#[derive(Debug, Default)]
pub(super) struct KeyHasher(u64);

impl Hasher for KeyHasher {
    fn write(&mut self, bytes: &[u8]) {
        // Only `write_i64` is used for keys; anything else is folded in byte by byte.
        for &byte in bytes {
            self.0 = (self.0.rotate_left(8) ^ u64::from(byte)).wrapping_mul(0x9e37_79b9_7f4a_7c15);
        }
    }

    fn write_i64(&mut self, key: i64) {
        self.0 = (key as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// Makes the two key functions callable from SQL (`mail_text_key`, `mail_address_key`;
/// `NULL` in, `NULL` out) on the store's connection, for the migration that fills the
/// keys of rows written before them.
pub(super) fn register(conn: &Connection) -> rusqlite::Result<()> {
    let flags = FunctionFlags::SQLITE_UTF8 | FunctionFlags::SQLITE_DETERMINISTIC;
    conn.create_scalar_function("mail_text_key", 1, flags, |ctx| {
        Ok(ctx.get::<Option<String>>(0)?.map(|text| text_key(&text)))
    })?;
    conn.create_scalar_function("mail_address_key", 1, flags, |ctx| {
        Ok(ctx
            .get::<Option<String>>(0)?
            .map(|address| address_key(&address)))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_fnv_1a_and_never_change() {
        // Published FNV-1a 64 test vectors: stored keys depend on these values.
        assert_eq!(text_key(""), 0xcbf2_9ce4_8422_2325_u64 as i64);
        assert_eq!(text_key("a"), 0xaf63_dc4c_8601_ec8c_u64 as i64);
        assert_eq!(text_key("foobar"), 0x8594_4171_f739_67e8_u64 as i64);
    }

    #[test]
    fn address_keys_ignore_ascii_case_like_nocase() {
        assert_eq!(
            address_key("Anna.Mueller@Example.DE"),
            address_key("anna.mueller@example.de")
        );
        // NOCASE folds ASCII only; so does the key.
        assert_ne!(
            address_key("JÜRGEN@example.de"),
            address_key("jürgen@example.de")
        );
        assert_ne!(text_key("Abc@x"), text_key("abc@x"));
    }

    #[test]
    fn a_key_set_holds_what_was_put_in() {
        let keys: Vec<i64> = (0..10_000)
            .map(|n| text_key(&format!("{n}@example.test")))
            .collect();
        let set: KeySet = keys.iter().copied().collect();
        assert_eq!(set.len(), keys.len());
        assert!(keys.iter().all(|key| set.contains(key)));
        assert!(!set.contains(&text_key("missing@example.test")));
    }

    #[test]
    fn sql_functions_give_the_same_keys() {
        let conn = Connection::open_in_memory().unwrap();
        register(&conn).unwrap();
        let (text, address, null): (i64, i64, Option<i64>) = conn
            .query_row(
                "SELECT mail_text_key('a'), mail_address_key('Bob@Example.org'), mail_text_key(NULL)",
                [],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .unwrap();
        assert_eq!(text, text_key("a"));
        assert_eq!(address, address_key("bob@example.org"));
        assert_eq!(null, None);
    }
}
