//! Replays the seed corpus of the `mail_render` fuzz target (`fuzz/corpus/mail_render/`)
//! with the target's properties, so a crash found once stays fixed without the fuzzer
//! (see fuzz/README.md).

#![allow(clippy::unwrap_used)]

mod render_support;

use render_support::{assert_safe, render_file};
use std::path::PathBuf;
use werkbank_mail::MailError;
use werkbank_mail::render::safe_file_name;

#[test]
fn every_seed_of_the_fuzz_target_renders_safely() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../fuzz/corpus/mail_render");
    let mut seeds: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    seeds.sort();
    assert!(seeds.len() >= 20, "{} has its seeds", dir.display());
    for path in seeds {
        let data = std::fs::read(&path).unwrap();
        for allowed in [false, true] {
            match render_file(&data, allowed) {
                Ok(message) => {
                    assert_safe(&message, allowed, &path.display().to_string());
                    for attachment in &message.attachments {
                        assert_eq!(safe_file_name(&attachment.name), attachment.name);
                    }
                }
                Err(MailError::InvalidInput { .. }) => {}
                Err(other) => panic!("{}: {other}", path.display()),
            }
        }
        let name = safe_file_name(&String::from_utf8_lossy(&data));
        assert!(
            !name.contains(['/', '\\', ':']) && !name.contains(".."),
            "{name}"
        );
    }
}
