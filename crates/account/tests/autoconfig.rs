#![allow(clippy::unwrap_used)]
//! The autoconfig parser against its golden corpus (`tests/corpus/autoconfig/*.xml`, each
//! with the expected `*.json`) and the fuzz seeds. `UPDATE_GOLDEN=1` rewrites the JSON.

use serde_json::{Value, json};
use std::path::{Path, PathBuf};
use werkbank_account::discovery::{Source, autoconfig, autoconfig_service};

/// The address the golden files resolve placeholders for.
const EMAIL: &str = "alice@example.test";

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus/autoconfig")
}

/// What the golden file holds for one input: the parsed document and the services it
/// gives `EMAIL`, or the error.
fn render(input: &[u8]) -> Value {
    match autoconfig::parse(input) {
        Ok(doc) => {
            let services: Vec<_> = doc
                .servers
                .iter()
                .map(|s| autoconfig_service(s, EMAIL, Source::Autoconfig))
                .collect();
            json!({ "document": doc, "services": services })
        }
        Err(e) => json!({ "error": e, "message": e.to_string() }),
    }
}

fn check(input: &[u8], expected: &Path) {
    let actual = render(input);
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        let text = serde_json::to_string_pretty(&actual).unwrap() + "\n";
        std::fs::write(expected, text).unwrap();
        return;
    }
    let text = std::fs::read_to_string(expected).unwrap_or_else(|e| {
        panic!(
            "{}: {e} (run with UPDATE_GOLDEN=1 to create it)",
            expected.display()
        )
    });
    let wanted: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(actual, wanted, "{}", expected.display());
}

fn inputs() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(corpus())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "xml"))
        .collect();
    files.sort();
    files
}

#[test]
fn every_corpus_document_parses_to_its_golden_file() {
    let files = inputs();
    assert!(files.len() >= 18, "the corpus lost files: {files:?}");
    for input in files {
        check(
            &std::fs::read(&input).unwrap(),
            &input.with_extension("json"),
        );
    }
}

#[test]
fn good_documents_give_services_and_hostile_ones_give_errors_or_skips() {
    for input in inputs() {
        let name = input.file_name().unwrap().to_string_lossy().into_owned();
        let result = autoconfig::parse(&std::fs::read(&input).unwrap());
        if name.starts_with("good-") && name != "good-empty-provider.xml" {
            assert!(!result.unwrap().servers.is_empty(), "{name} found nothing");
        } else if name.starts_with("bad-") {
            // Hostile: refused whole, or every broken entry skipped with a reason.
            if let Ok(doc) = result {
                assert!(doc.servers.is_empty(), "{name} produced {:?}", doc.servers);
                assert!(!doc.skipped.is_empty(), "{name} skipped nothing");
            }
        }
    }
}

#[test]
fn the_harness_document_gives_imap_smtp_caldav_and_carddav() {
    let doc =
        autoconfig::parse(&std::fs::read(corpus().join("good-harness.xml")).unwrap()).unwrap();
    let urls: Vec<_> = doc
        .servers
        .iter()
        .map(|s| autoconfig_service(s, EMAIL, Source::Autoconfig))
        .map(|s| (s.url, s.username.unwrap_or_default()))
        .collect();
    assert_eq!(
        urls,
        [
            ("imaps://mail.example.test:10993", EMAIL),
            ("imap://mail.example.test:10143", EMAIL),
            ("submissions://mail.example.test:10465", EMAIL),
            ("submission://mail.example.test:10587", EMAIL),
            ("https://dav.example.test/", "alice"),
            ("https://dav.example.test/", "alice"),
        ]
        .map(|(u, n)| (u.to_string(), n.to_string()))
    );
}

#[test]
fn a_document_over_the_size_cap_is_refused_before_parsing() {
    let mut huge = b"<clientConfig version=\"1.1\">".to_vec();
    huge.resize(autoconfig::MAX_BYTES + 1, b' ');
    huge.extend_from_slice(b"</clientConfig>");
    assert_eq!(
        autoconfig::parse(&huge),
        Err(autoconfig::AutoconfigError::TooLarge {
            limit: autoconfig::MAX_BYTES
        })
    );
    // Just under the cap is still parsed.
    let mut fits = b"<clientConfig>".to_vec();
    fits.resize(autoconfig::MAX_BYTES - 20, b' ');
    fits.extend_from_slice(b"</clientConfig>");
    assert!(autoconfig::parse(&fits).is_ok());
}

#[test]
fn fuzz_seeds_and_findings_never_panic() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fuzz/corpus/autoconfig");
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return;
    };
    for entry in entries {
        let path = entry.unwrap().path();
        if path.is_file() {
            let _ = autoconfig::parse(&std::fs::read(&path).unwrap());
        }
    }
}
