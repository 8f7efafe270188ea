//! What the workplace integration tests share: a writing workplace on a fresh profile
//! that trusts the harness's CA, and alice's mail account (password from a command).

#![allow(dead_code, clippy::unwrap_used)] // each test binary uses a part

use std::path::Path;
use werkbank_account::Account;
use werkbank_account::account::{Endpoint, MailService, Security};
use werkbank_account::policy::Policy;
use werkbank_harness::{Harness, User};
use werkbank_workplace::{Access, AddAccount, OpenOptions, Workplace};

/// A workplace whose policy trusts the harness's CA.
pub fn workplace(dir: &Path) -> Workplace {
    workplace_with_policy(dir, "")
}

/// The same, with more policy TOML after the `[network]` table (e.g. `[settings]`).
pub fn workplace_with_policy(dir: &Path, extra: &str) -> Workplace {
    let policy = format!(
        "version = 1\n[network]\nca_certificates = [\"{}\"]\n{extra}",
        Harness::get().ca_cert().display()
    );
    let options = OpenOptions {
        profile: Some(dir.join("profile")),
        policy: Some(Policy::from_str(&policy, Path::new("test-policy.toml")).unwrap()),
    };
    Workplace::open(options, Access::Write).unwrap()
}

/// Alice's account `work` against the harness (IMAPS and SMTPS).
pub fn alice(dir: &Path) -> Account {
    let h = Harness::get();
    std::fs::write(dir.join("pw"), h.password(User::Alice)).unwrap();
    let mut account = Account::new("work", "Alice", User::Alice.email());
    account.password_command = Some(format!("cat {}", dir.join("pw").display()));
    account.mail = Some(MailService {
        imap: Endpoint::new(
            "mail.example.test",
            h.port("HARNESS_IMAPS_PORT"),
            Security::Tls,
        ),
        smtp: Endpoint::new(
            "mail.example.test",
            h.port("HARNESS_SUBMISSIONS_PORT"),
            Security::Tls,
        ),
        username: User::Alice.email(),
    });
    account
}

/// A writing workplace with alice's account `work` added (no password typed: it comes
/// from the command).
pub fn workplace_with_alice(dir: &Path) -> Workplace {
    let wp = workplace(dir);
    wp.account_add(AddAccount {
        account: alice(dir),
        password: None,
    })
    .unwrap();
    wp
}

/// The messages in `user`'s `folder` (straight from the server) that contain `needle`.
pub async fn copies(user: User, folder: &str, needle: &str) -> Vec<String> {
    let mut session = werkbank_harness::mail::imap(user).await.unwrap();
    let found = werkbank_harness::mail::fetch_all(&mut session, folder)
        .await
        .unwrap()
        .into_iter()
        .map(|m| String::from_utf8_lossy(&m).into_owned())
        .filter(|m| m.contains(needle))
        .collect();
    let _ = session.logout().await;
    found
}
