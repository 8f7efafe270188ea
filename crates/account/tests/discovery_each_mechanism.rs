#![allow(clippy::unwrap_used)]
//! One mechanism at a time: the harness is restarted with every other mechanism
//! switched off (`cargo xtask servers up --without …`), and discovery must find exactly
//! what that mechanism can describe, credited to it. Its own binary, because it
//! reconfigures the shared harness: no other test of this binary may run meanwhile.

mod discovery_support;

use discovery_support::{discover_alice, net};
use std::collections::BTreeSet;
use std::process::Command;
use werkbank_account::discovery::{ServiceKind, Source};

const MECHANISMS: [&str; 4] = ["autoconfig", "srv", "wellknown", "nextcloud"];

fn servers_up(without: &[&str]) {
    let mut command = Command::new(env!("CARGO"));
    command
        .args(["xtask", "servers", "up"])
        .current_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."));
    if !without.is_empty() {
        command.args(["--without", &without.join(",")]);
    }
    let status = command.status().unwrap();
    assert!(
        status.success(),
        "`cargo xtask servers up --without {without:?}` failed"
    );
}

/// Puts every mechanism back on, also when an assertion panicked.
struct RestoreHarness;

impl Drop for RestoreHarness {
    fn drop(&mut self) {
        servers_up(&[]);
    }
}

#[test]
fn each_mechanism_alone_finds_only_what_it_describes() {
    let _restore = RestoreHarness;
    let runtime = tokio::runtime::Runtime::new().unwrap();
    use ServiceKind::*;
    let expectations: [(&str, &[ServiceKind], &[Source]); 4] = [
        (
            "autoconfig",
            &[Imap, Smtp, CalDav, CardDav],
            &[Source::Autoconfig],
        ),
        (
            "srv",
            &[Imap, Smtp, CalDav, CardDav],
            &[Source::Srv, Source::DnsSrvTxt],
        ),
        (
            "wellknown",
            &[CalDav, CardDav, Matrix],
            &[Source::WellKnown, Source::MatrixWellKnown],
        ),
        ("nextcloud", &[WebDav], &[Source::NextcloudStatus]),
    ];
    for (mechanism, kinds, sources) in expectations {
        let others: Vec<&str> = MECHANISMS.into_iter().filter(|m| *m != mechanism).collect();
        servers_up(&others);
        let d = runtime.block_on(discover_alice(&net(true, None), true));

        let found_kinds: BTreeSet<ServiceKind> = d.services.iter().map(|s| s.kind).collect();
        let found_sources: BTreeSet<Source> = d.services.iter().map(|s| s.source).collect();
        assert_eq!(
            found_kinds,
            kinds.iter().copied().collect(),
            "{mechanism}: {d:#?}"
        );
        assert_eq!(
            found_sources,
            sources.iter().copied().collect(),
            "{mechanism}: {d:#?}"
        );
        if matches!(mechanism, "srv" | "wellknown") {
            // Followed to the home set: the walk needs no other mechanism.
            for s in d
                .services
                .iter()
                .filter(|s| matches!(s.kind, CalDav | CardDav))
            {
                assert_eq!(
                    s.url, "https://dav.example.test/alice/",
                    "{mechanism}: {s:#?}"
                );
            }
        }
    }
}
