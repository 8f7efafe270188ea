//! Any bytes as a message for the reader: rendering gives a view model or
//! `invalid_input`, never a panic, and the result is safe to show — the sanitised HTML,
//! tokenised again, has no script or other active element, no `on*` attribute, no URL
//! outside the internal image scheme (links aside, which are http(s)/mailto only), and
//! no remote image while remote content is blocked (`render::audit`). Attachment names
//! are safe file names.

#![no_main]

use libfuzzer_sys::fuzz_target;
use werkbank_mail::MailError;
use werkbank_mail::render::{
    IMAGE_ORIGIN, KnownContacts, RenderOptions, SenderContext, audit, render, safe_file_name,
};

fuzz_target!(|data: &[u8]| {
    let mut contacts = KnownContacts::new();
    contacts.add("Anna Schmidt", "anna.schmidt@stadt-example.de");
    for allowed in [false, true] {
        let options = RenderOptions {
            remote_content_allowed: allowed,
            ..RenderOptions::new("fuzz", SenderContext { contacts: &contacts, earlier_correspondence: false })
        };
        match render(data, &options) {
            Ok(message) => {
                let problems = audit(&message, IMAGE_ORIGIN, allowed);
                assert!(problems.is_empty(), "{problems:#?}\n{}", message.body.html);
                for attachment in &message.attachments {
                    assert_eq!(safe_file_name(&attachment.name), attachment.name);
                }
            }
            Err(MailError::InvalidInput { .. }) => {}
            Err(other) => panic!("{other}"),
        }
    }
    let name = safe_file_name(&String::from_utf8_lossy(data));
    assert!(!name.is_empty() && name.len() <= 201);
    assert!(!name.contains(['/', '\\', ':']) && !name.contains(".."));
    assert!(!name.ends_with(['.', ' ']) && !name.chars().any(char::is_control));
});
