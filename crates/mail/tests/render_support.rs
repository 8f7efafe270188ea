//! Shared by the reader's tests (`render_corpus.rs`, `render_fuzz_corpus.rs`): the
//! contacts the corpus is rendered against, and the safety assertion.

#![allow(dead_code, clippy::unwrap_used)]

use werkbank_mail::MailError;
use werkbank_mail::render::{
    IMAGE_ORIGIN, KnownContacts, Message, RenderOptions, SenderContext, audit, render,
};

/// The user's colleagues in the corpus: Anna Schmidt and Bernd Meier of the city
/// (`stadt-example.de`), plus the city's domain itself.
pub fn contacts() -> KnownContacts {
    let mut contacts = KnownContacts::new();
    contacts
        .add("Anna Schmidt", "anna.schmidt@stadt-example.de")
        .add("Bernd Meier", "bernd.meier@stadt-example.de")
        .add_domain("stadt-example.de");
    contacts
}

/// Renders with the corpus contacts; earlier correspondence only with known contacts.
pub fn render_file(raw: &[u8], remote_allowed: bool) -> Result<Message, MailError> {
    let contacts = contacts();
    let options = RenderOptions {
        remote_content_allowed: remote_allowed,
        ..RenderOptions::new(
            "corpus-1",
            SenderContext {
                contacts: &contacts,
                earlier_correspondence: false,
            },
        )
    };
    render(raw, &options)
}

pub fn assert_safe(message: &Message, remote_allowed: bool, what: &str) {
    let problems = audit(message, IMAGE_ORIGIN, remote_allowed);
    assert!(
        problems.is_empty(),
        "{what}: {problems:#?}\n{}",
        message.body.html
    );
}
