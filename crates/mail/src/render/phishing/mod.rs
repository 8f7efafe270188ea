//! Phishing hints for the reader's banner. Impersonating a superior or a colleague is
//! the attack that works in public administration, so the checks compare the sender
//! with people the user already knows (`KnownContacts`, filled by the caller from the
//! address book and earlier correspondence) rather than with any global reputation —
//! Werkbank asks no outside service.

mod lookalike;

use super::links::display_host;
use super::model::{Address, PhishingHint};
use std::collections::BTreeSet;

/// People (and the organisation's own domains) the user knows; the caller fills it
/// from the address book and from earlier correspondence.
#[derive(Debug, Clone, Default)]
pub struct KnownContacts {
    /// `(normalised name, address in lower case)`.
    contacts: Vec<(String, String)>,
    domains: BTreeSet<String>,
}

impl KnownContacts {
    pub fn new() -> Self {
        Self::default()
    }

    /// A known person; their domain becomes a known domain.
    pub fn add(&mut self, name: &str, address: &str) -> &mut Self {
        let address = address.trim().to_lowercase();
        if let Some((_, domain)) = address.rsplit_once('@') {
            self.domains.insert(display_host(domain));
        }
        self.contacts.push((normalise_name(name), address));
        self
    }

    /// A domain of the user's own organisation (look-alikes of it are flagged even
    /// before anyone from it wrote).
    pub fn add_domain(&mut self, domain: &str) -> &mut Self {
        self.domains.insert(display_host(domain));
        self
    }

    pub fn knows_address(&self, address: &str) -> bool {
        let address = address.trim().to_lowercase();
        self.contacts.iter().any(|(_, a)| *a == address)
    }

    /// The addresses known under this display name.
    fn addresses_named(&self, name: &str) -> Vec<&str> {
        let name = normalise_name(name);
        if name.is_empty() {
            return Vec::new();
        }
        self.contacts
            .iter()
            .filter(|(n, _)| *n == name)
            .map(|(_, a)| a.as_str())
            .collect()
    }
}

/// What the caller knows about the sender besides the message.
#[derive(Debug, Clone, Copy)]
pub struct SenderContext<'a> {
    pub contacts: &'a KnownContacts,
    /// The user has exchanged mail with this sender before.
    pub earlier_correspondence: bool,
}

pub(crate) fn hints(
    from: &[Address],
    reply_to: &[Address],
    sender: &SenderContext<'_>,
) -> Vec<PhishingHint> {
    let Some(first) = from.first() else {
        return Vec::new();
    };
    let address = first.address.to_lowercase();
    let domain = domain_of(&address);
    let mut hints = Vec::new();

    if let Some(shown) = address_in_name(&first.name).filter(|shown| *shown != address) {
        hints.push(PhishingHint::NameContainsOtherAddress {
            shown,
            actual: address.clone(),
        });
    }
    let known = sender.contacts.addresses_named(&first.name);
    if !known.is_empty() && !known.contains(&address.as_str()) {
        hints.push(PhishingHint::ImpersonatesContact {
            name: first.name.clone(),
            known_address: known[0].to_string(),
            actual: address.clone(),
        });
    }
    if !domain.is_empty() {
        if lookalike::mixed_script(&domain) {
            hints.push(PhishingHint::MixedScriptDomain {
                domain: display_host(&domain),
            });
        }
        if let Some(real) =
            lookalike::resembles(&domain, sender.contacts.domains.iter().map(String::as_str))
        {
            hints.push(PhishingHint::LookalikeDomain {
                domain: display_host(&domain),
                resembles: real.to_string(),
            });
        }
    }
    if let Some(other) = reply_to
        .iter()
        .map(|a| domain_of(&a.address.to_lowercase()))
        .find(|d| !d.is_empty() && display_host(d) != display_host(&domain))
    {
        hints.push(PhishingHint::ReplyToOtherDomain {
            from_domain: display_host(&domain),
            reply_to_domain: display_host(&other),
        });
    }
    if !sender.earlier_correspondence
        && !address.is_empty()
        && !sender.contacts.knows_address(&address)
    {
        hints.push(PhishingHint::FirstMessageFromSender { address });
    }
    hints
}

fn domain_of(address: &str) -> String {
    address
        .rsplit_once('@')
        .map(|(_, d)| d.trim_end_matches('.').to_string())
        .unwrap_or_default()
}

/// An address written into a display name ("ceo@stadt.example <x@evil.example>").
fn address_in_name(name: &str) -> Option<String> {
    name.split(|c: char| {
        c.is_whitespace()
            || matches!(
                c,
                '<' | '>' | '(' | ')' | '"' | '\'' | ',' | ';' | '[' | ']'
            )
    })
    .map(|w| w.trim_matches(|c: char| matches!(c, '.' | ':')))
    .find(|w| {
        w.split_once('@').is_some_and(|(local, domain)| {
            !local.is_empty() && domain.contains('.') && !domain.starts_with('.')
        })
    })
    .map(str::to_lowercase)
}

/// Names compare by their words, in any order and case, without punctuation, so that
/// "Schmidt, Anna" and "anna schmidt" are one person.
fn normalise_name(name: &str) -> String {
    let mut words: Vec<String> = name
        .split(|c: char| !c.is_alphanumeric() && c != '@' && c != '-')
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    words.sort();
    words.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn addr(name: &str, address: &str) -> Address {
        Address {
            name: name.into(),
            address: address.into(),
        }
    }

    fn contacts() -> KnownContacts {
        let mut c = KnownContacts::new();
        c.add("Anna Schmidt", "anna.schmidt@stadt-example.de")
            .add("Bernd Meier", "b.meier@bund.de");
        c
    }

    fn codes(hints: &[PhishingHint]) -> Vec<String> {
        hints
            .iter()
            .map(|h| {
                serde_json::to_value(h)
                    .ok()
                    .and_then(|v| v["code"].as_str().map(String::from))
                    .unwrap_or_default()
            })
            .collect()
    }

    #[test]
    fn a_real_colleague_gets_no_hint() {
        let c = contacts();
        let ctx = SenderContext {
            contacts: &c,
            earlier_correspondence: true,
        };
        assert!(
            hints(
                &[addr("Anna Schmidt", "Anna.Schmidt@stadt-example.de")],
                &[],
                &ctx
            )
            .is_empty()
        );
        let ctx = SenderContext {
            contacts: &c,
            earlier_correspondence: false,
        };
        assert!(
            hints(
                &[addr("Schmidt, Anna", "anna.schmidt@stadt-example.de")],
                &[addr("", "anna.schmidt@stadt-example.de")],
                &ctx
            )
            .is_empty()
        );
    }

    #[test]
    fn a_colleagues_name_from_outside_is_impersonation() {
        let c = contacts();
        let ctx = SenderContext {
            contacts: &c,
            earlier_correspondence: false,
        };
        let h = hints(
            &[addr("Anna Schmidt", "anna.schmidt.stadt@gmail.example")],
            &[],
            &ctx,
        );
        assert_eq!(
            codes(&h),
            ["impersonates_contact", "first_message_from_sender"]
        );
    }

    #[test]
    fn look_alike_and_homograph_domains() {
        let c = contacts();
        let ctx = SenderContext {
            contacts: &c,
            earlier_correspondence: true,
        };
        let h = hints(
            &[addr("Anna Schmidt", "anna.schmidt@stadt-examp1e.de")],
            &[],
            &ctx,
        );
        assert_eq!(codes(&h), ["impersonates_contact", "lookalike_domain"]);
        let h = hints(&[addr("IT", "it@xn--stdt-example-y9j.de")], &[], &ctx);
        assert_eq!(codes(&h), ["mixed_script_domain", "lookalike_domain"]);
    }

    #[test]
    fn an_address_in_the_name_and_a_foreign_reply_to() {
        let c = contacts();
        let ctx = SenderContext {
            contacts: &c,
            earlier_correspondence: true,
        };
        let h = hints(
            &[addr("anna.schmidt@stadt-example.de", "x@evil.example")],
            &[addr("", "collect@other.example")],
            &ctx,
        );
        assert_eq!(
            codes(&h),
            ["name_contains_other_address", "reply_to_other_domain"]
        );
    }
}
