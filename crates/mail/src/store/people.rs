//! The people in the user's mail: who they wrote to and heard from. Three readers:
//! address autocomplete in the composer, the phishing hints of the reader (a known
//! colleague's name on a stranger's address; a first message from someone), and the
//! senders whose remote content the user allowed always.

use super::MailStore;
use super::compose::now_ms;
use crate::MailError;
use crate::compose::Mailbox;
use crate::render::KnownContacts;
use rusqlite::{OptionalExtension, params};
use std::collections::HashMap;

/// How many recent sent messages feed autocomplete and the known contacts: enough for
/// years of a clerk's mail, small enough to read in milliseconds.
const SENT_WINDOW: i64 = 5_000;
/// How many distinct senders count as known (the most frequent ones).
const SENDERS_WINDOW: i64 = 2_000;

#[derive(Debug, Default)]
struct Person {
    name: String,
    email: String,
    /// Messages exchanged; sent ones count more (someone you write to is a contact).
    weight: u32,
}

impl MailStore {
    /// Addresses the user wrote to (To and Cc of Sent) and heard from, whose address or
    /// a word of whose name starts with `prefix` (case-insensitive), most frequent
    /// first. An empty prefix gives nothing.
    pub fn suggest_addresses(&self, prefix: &str, limit: usize) -> Result<Vec<Mailbox>, MailError> {
        let prefix = prefix.trim().to_lowercase();
        if prefix.is_empty() || limit == 0 {
            return Ok(Vec::new());
        }
        let mut people: Vec<Person> = self
            .people()?
            .into_values()
            .filter(|p| matches(p, &prefix))
            .collect();
        people.sort_by(|a, b| b.weight.cmp(&a.weight).then_with(|| a.email.cmp(&b.email)));
        Ok(people
            .into_iter()
            .take(limit)
            .map(|p| Mailbox {
                name: p.name,
                email: p.email,
            })
            .collect())
    }

    /// The people the phishing hints compare a sender with: everyone the user wrote
    /// to, and the most frequent senders.
    pub fn known_contacts(&self) -> Result<KnownContacts, MailError> {
        let mut known = KnownContacts::new();
        for person in self.people()?.values() {
            known.add(&person.name, &person.email);
        }
        Ok(known)
    }

    /// Whether the user has had mail with `address` other than message `except`: a
    /// message from them, or one sent to them.
    pub fn corresponded_with(&self, address: &str, except: i64) -> Result<bool, MailError> {
        let address = address.trim();
        if address.is_empty() {
            return Ok(false);
        }
        self.db.with_conn(|conn| {
            let other: Option<i64> = conn
                .query_row(
                    "SELECT m.id FROM mail_messages m JOIN mail_folders f ON f.id = m.folder_id
                     WHERE f.account = ?1 AND m.sender_key = ?4
                       AND m.from_addr = ?2 COLLATE NOCASE AND m.id != ?3
                       AND m.message_id IS NOT (SELECT message_id FROM mail_messages WHERE id = ?3)
                       AND COALESCE(f.role, '') != 'junk'
                     LIMIT 1",
                    params![
                        self.account,
                        address,
                        except,
                        super::keys::address_key(address)
                    ],
                    |r| r.get(0),
                )
                .optional()?;
            if other.is_some() {
                return Ok(true);
            }
            let needle = format!("%<{}>%", address.to_lowercase());
            let sent: Option<i64> = conn
                .query_row(
                    "SELECT m.id FROM mail_messages m JOIN mail_folders f ON f.id = m.folder_id
                     WHERE f.account = ?1 AND f.role = 'sent' AND lower(m.recipients) LIKE ?2
                     LIMIT 1",
                    params![self.account, needle],
                    |r| r.get(0),
                )
                .optional()?;
            Ok(sent.is_some())
        })
    }

    /// "Always load remote content from this sender".
    pub fn allow_remote_sender(&self, address: &str) -> Result<(), MailError> {
        let address = address.trim().to_lowercase();
        if !address.contains('@') {
            return Err(MailError::InvalidInput {
                reason: "the sender has no address".into(),
            });
        }
        self.db.with_conn(|conn| {
            conn.execute(
                "INSERT OR REPLACE INTO mail_remote_senders (account, address, allowed_at) VALUES (?1, ?2, ?3)",
                params![self.account, address, now_ms()],
            )?;
            Ok(())
        })
    }

    pub fn remote_sender_allowed(&self, address: &str) -> Result<bool, MailError> {
        let address = address.trim().to_lowercase();
        self.db.with_conn(|conn| {
            Ok(conn
                .query_row(
                    "SELECT 1 FROM mail_remote_senders WHERE account = ?1 AND address = ?2",
                    params![self.account, address],
                    |_| Ok(()),
                )
                .optional()?
                .is_some())
        })
    }

    /// Everyone in the recent Sent recipients and the most frequent senders, by
    /// lower-case address.
    fn people(&self) -> Result<HashMap<String, Person>, MailError> {
        self.db.with_conn(|conn| {
            let mut people: HashMap<String, Person> = HashMap::new();
            let mut sent = conn.prepare_cached(
                "SELECT m.recipients FROM mail_messages m JOIN mail_folders f ON f.id = m.folder_id
                 WHERE f.account = ?1 AND f.role = 'sent' AND m.hidden = 0
                 ORDER BY m.date DESC LIMIT ?2",
            )?;
            let rows = sent.query_map(params![self.account, SENT_WINDOW], |r| {
                r.get::<_, String>(0)
            })?;
            for recipients in rows {
                for line in recipients?.lines() {
                    if let Ok(mailbox) = crate::compose::address::parse_one(line) {
                        note(&mut people, &mailbox.name, &mailbox.email, 3);
                    }
                }
            }
            let mut senders = conn.prepare_cached(
                "SELECT m.from_name, m.from_addr, COUNT(*) AS n
                 FROM mail_messages m JOIN mail_folders f ON f.id = m.folder_id
                 WHERE f.account = ?1 AND m.hidden = 0 AND m.from_addr != ''
                   AND COALESCE(f.role, '') NOT IN ('junk', 'sent', 'drafts')
                 GROUP BY lower(m.from_addr) ORDER BY n DESC LIMIT ?2",
            )?;
            let rows = senders.query_map(params![self.account, SENDERS_WINDOW], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, i64>(2)?,
                ))
            })?;
            for row in rows {
                let (name, email, count) = row?;
                note(
                    &mut people,
                    &name,
                    &email,
                    u32::try_from(count).unwrap_or(u32::MAX),
                );
            }
            Ok(people)
        })
    }
}

fn note(people: &mut HashMap<String, Person>, name: &str, email: &str, weight: u32) {
    let key = email.trim().to_lowercase();
    if !key.contains('@') {
        return;
    }
    let person = people.entry(key).or_insert_with(|| Person {
        email: email.trim().to_string(),
        ..Person::default()
    });
    if person.name.is_empty() {
        person.name = name.trim().to_string();
    }
    person.weight = person.weight.saturating_add(weight);
}

fn matches(person: &Person, prefix: &str) -> bool {
    person.email.to_lowercase().starts_with(prefix)
        || person
            .name
            .to_lowercase()
            .split(|c: char| c.is_whitespace() || c == ',' || c == '.' || c == '-')
            .any(|word| word.starts_with(prefix))
        || person.name.to_lowercase().starts_with(prefix)
}
