//! Per-run random passwords, and `harness.env`: the one file tests read to find the
//! servers. Passwords are new on every `up` from a stopped harness, so a test that
//! finds one at rest (issue: "no secret at rest") finds a real leak, not a constant.

use super::{Ctx, Layout, ports};
use crate::cmd::Result;
use std::io::Read;
use std::path::PathBuf;

#[derive(Debug, Clone)]
pub struct Secrets {
    pub alice: String,
    pub bob: String,
    /// The mail-only user of `cargo xtask bench mail` (Dovecot and Postfix only).
    pub bench: String,
    pub keyring: String,
    pub matrix_registration: String,
}

impl Secrets {
    pub fn generate(layout: &Layout) -> Result<Secrets> {
        let secrets = Secrets {
            alice: random_token(24)?,
            bob: random_token(24)?,
            bench: random_token(24)?,
            keyring: random_token(24)?,
            matrix_registration: random_token(32)?,
        };
        let text = format!(
            "alice={}\nbob={}\nbench={}\nkeyring={}\nmatrix_registration={}\n",
            secrets.alice, secrets.bob, secrets.bench, secrets.keyring, secrets.matrix_registration
        );
        let path = layout.root().join("state").join("secrets");
        super::layout::write(&path, &text)?;
        super::layout::chmod(&path, 0o600)?;
        Ok(secrets)
    }

    pub fn load(layout: &Layout) -> Result<Secrets> {
        let path = layout.root().join("state").join("secrets");
        let text = std::fs::read_to_string(&path)
            .map_err(|e| format!("servers run but {} is unreadable: {e}", path.display()))?;
        let get = |key: &str| {
            text.lines()
                .find_map(|l| l.strip_prefix(key).and_then(|r| r.strip_prefix('=')))
                .map(str::to_string)
                .ok_or_else(|| format!("{} lacks {key}", path.display()))
        };
        // A harness started before the bench user existed gets its password now.
        let bench = match get("bench") {
            Ok(password) => password,
            Err(_) => {
                let password = random_token(24)?;
                let mut more = text.clone();
                more.push_str(&format!("bench={password}\n"));
                super::layout::write(&path, &more)?;
                password
            }
        };
        Ok(Secrets {
            alice: get("alice")?,
            bob: get("bob")?,
            bench,
            keyring: get("keyring")?,
            matrix_registration: get("matrix_registration")?,
        })
    }

    pub fn password(&self, user: &str) -> &str {
        match user {
            "alice" => &self.alice,
            "bench" => &self.bench,
            _ => &self.bob,
        }
    }
}

/// Letters and digits only, so the value needs no quoting in any config format.
pub fn random_token(len: usize) -> Result<String> {
    const ALPHABET: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
    let mut bytes = vec![0u8; len * 2];
    std::fs::File::open("/dev/urandom")
        .and_then(|mut f| f.read_exact(&mut bytes))
        .map_err(|e| format!("cannot read /dev/urandom: {e}"))?;
    // Rejection sampling keeps the distribution uniform.
    let limit = 256 - (256 % ALPHABET.len());
    let token: String = bytes
        .iter()
        .filter(|&&b| (b as usize) < limit)
        .take(len)
        .map(|&b| ALPHABET[b as usize % ALPHABET.len()] as char)
        .collect();
    if token.len() == len {
        Ok(token)
    } else {
        random_token(len)
    }
}

/// Writes `harness.env` (shell-sourceable `KEY=value` lines) and returns its path.
pub fn write_env(ctx: &Ctx) -> Result<PathBuf> {
    let l = &ctx.layout;
    let s = &ctx.secrets;
    let dbus = l.read_state("dbus-address").unwrap_or_default();
    let lines = [
        ("WERKBANK_HARNESS_DIR", l.root().display().to_string()),
        ("HARNESS_DOMAIN", super::DOMAIN.to_string()),
        ("HARNESS_CA_CERT", l.tls("ca.pem").display().to_string()),
        ("HARNESS_ALICE_PASSWORD", s.alice.clone()),
        ("HARNESS_BOB_PASSWORD", s.bob.clone()),
        ("HARNESS_BENCH_PASSWORD", s.bench.clone()),
        ("HARNESS_KEYRING_PASSWORD", s.keyring.clone()),
        (
            "HARNESS_MATRIX_REGISTRATION_SECRET",
            s.matrix_registration.clone(),
        ),
        ("HARNESS_HTTPS_PORT", ports::HTTPS.to_string()),
        ("HARNESS_IMAP_PORT", ports::IMAP.to_string()),
        ("HARNESS_IMAPS_PORT", ports::IMAPS.to_string()),
        ("HARNESS_LMTP_PORT", ports::LMTP.to_string()),
        ("HARNESS_SMTP_INBOUND_PORT", ports::SMTP_INBOUND.to_string()),
        ("HARNESS_SUBMISSION_PORT", ports::SUBMISSION.to_string()),
        ("HARNESS_SUBMISSIONS_PORT", ports::SUBMISSIONS.to_string()),
        ("HARNESS_MANAGESIEVE_PORT", ports::MANAGESIEVE.to_string()),
        ("HARNESS_RADICALE_PORT", ports::RADICALE.to_string()),
        ("HARNESS_SYNAPSE_PORT", ports::SYNAPSE.to_string()),
        ("HARNESS_DNS", format!("127.0.0.1:{}", ports::DNS)),
        // The app's resolver override (see the account layer): the harness's dnsmasq.
        ("WERKBANK_DNS", format!("127.0.0.1:{}", ports::DNS)),
        ("HARNESS_WITHOUT", ctx.without.to_list()),
        (
            "HARNESS_DOVECOT_LOG",
            l.log("dovecot").display().to_string(),
        ),
        (
            "HARNESS_POSTFIX_LOG",
            l.log("postfix-mail").display().to_string(),
        ),
        (
            "HARNESS_APACHE_ACCESS_LOG",
            l.log("apache-access").display().to_string(),
        ),
        (
            "HARNESS_RADICALE_LOG",
            l.log("radicale").display().to_string(),
        ),
        (
            "HARNESS_SYNAPSE_LOG",
            l.dir("synapse")
                .join("homeserver.log")
                .display()
                .to_string(),
        ),
        ("DBUS_SESSION_BUS_ADDRESS", dbus),
    ];
    let mut text =
        String::from("# Written by `cargo xtask servers up`; passwords are new each run.\n");
    for (key, value) in lines {
        text.push_str(&format!("{key}={value}\n"));
    }
    let path = l.env_file();
    super::layout::write(&path, &text)?;
    super::layout::chmod(&path, 0o600)?;
    Ok(path)
}

#[cfg(test)]
mod tests {
    use super::random_token;

    #[test]
    fn tokens_have_the_length_asked_and_differ() {
        let a = random_token(24).unwrap();
        let b = random_token(24).unwrap();
        assert_eq!(a.len(), 24);
        assert!(a.chars().all(|c| c.is_ascii_alphanumeric()));
        assert_ne!(a, b);
    }
}
