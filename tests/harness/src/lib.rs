//! The test side of Werkbank's real-server harness.
//!
//! `cargo xtask servers up` starts real servers and writes `harness.env`; [`Harness::get`]
//! reads it, so every integration test knows where Dovecot, Postfix, Radicale, Synapse,
//! Apache, dnsmasq and the keyring are and what this run's passwords are. The modules
//! hold small real clients for seeding and inspecting the servers *from the other
//! side* (as "another client" would), never Werkbank's own code:
//! [`mail`] (SMTP submission and delivery, IMAP), [`dav`] (CalDAV, CardDAV, WebDAV),
//! [`matrix`] (client-server API), [`dns`] and [`tls`].
//!
//! A missing harness is a failure, not a skip: tests cannot pass without their servers.

pub mod control;
pub mod dav;
pub mod dns;
pub mod mail;
pub mod matrix;
pub mod seed;
pub mod tls;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// Where the harness runs and this run's credentials.
#[derive(Debug, Clone)]
pub struct Harness {
    vars: HashMap<String, String>,
}

/// A harness user (`alice` or `bob`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum User {
    Alice,
    Bob,
}

impl User {
    pub fn name(self) -> &'static str {
        match self {
            User::Alice => "alice",
            User::Bob => "bob",
        }
    }

    pub fn email(self) -> String {
        format!("{}@example.test", self.name())
    }

    pub fn matrix_id(self) -> String {
        format!("@{}:example.test", self.name())
    }
}

impl Harness {
    /// The running harness. Panics with the command to run when it is not up.
    pub fn get() -> &'static Harness {
        static HARNESS: OnceLock<Harness> = OnceLock::new();
        HARNESS.get_or_init(|| match Harness::load() {
            Ok(h) => h,
            Err(why) => panic!(
                "the real-server harness is not running ({why}).\n\
                 Start it with `cargo xtask servers up`, or run everything with `cargo xtask test`."
            ),
        })
    }

    fn load() -> Result<Harness, String> {
        let dir = std::env::var_os("WERKBANK_HARNESS_DIR")
            .map(PathBuf::from)
            .unwrap_or_else(|| std::env::temp_dir().join("werkbank-harness"));
        let path = dir.join("harness.env");
        let text = std::fs::read_to_string(&path)
            .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        let vars = text
            .lines()
            .filter(|l| !l.starts_with('#'))
            .filter_map(|l| l.split_once('='))
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        Ok(Harness { vars })
    }

    /// A value from `harness.env`; panics naming the key when it is missing.
    pub fn var(&self, key: &str) -> &str {
        self.vars.get(key).map(String::as_str).unwrap_or_else(|| {
            panic!("harness.env has no {key}: restart with `cargo xtask servers up`")
        })
    }

    pub fn port(&self, key: &str) -> u16 {
        self.var(key)
            .parse()
            .unwrap_or_else(|_| panic!("harness.env: {key} is not a port"))
    }

    pub fn dir(&self) -> &Path {
        Path::new(self.var("WERKBANK_HARNESS_DIR"))
    }

    /// The harness's test CA (PEM): the only trust anchor tests use.
    pub fn ca_cert(&self) -> &Path {
        Path::new(self.var("HARNESS_CA_CERT"))
    }

    pub fn password(&self, user: User) -> &str {
        match user {
            User::Alice => self.var("HARNESS_ALICE_PASSWORD"),
            User::Bob => self.var("HARNESS_BOB_PASSWORD"),
        }
    }

    /// The DNS server (dnsmasq) with the harness's SRV/TXT records.
    pub fn dns(&self) -> std::net::SocketAddr {
        self.var("HARNESS_DNS")
            .parse()
            .unwrap_or_else(|_| panic!("harness.env: HARNESS_DNS is not an address"))
    }

    /// Discovery mechanisms switched off with `servers up --without`.
    pub fn without(&self) -> Vec<&str> {
        self.var("HARNESS_WITHOUT")
            .split(',')
            .filter(|s| !s.is_empty())
            .collect()
    }

    /// Reads a server log (e.g. `HARNESS_DOVECOT_LOG`) to check what the server saw.
    pub fn log(&self, key: &str) -> String {
        std::fs::read_to_string(self.var(key)).unwrap_or_default()
    }

    /// Whether Dovecot's auth service accepted `user`'s password for `service` (`imap`,
    /// or `smtp`: Postfix checks SMTP AUTH through it) in the log after byte `offset`.
    /// Needs the harness's `auth_debug`, which logs each request and its outcome
    /// (passwords hidden). Waits up to 10 s for the log to be written.
    pub fn auth_accepted(&self, service: &str, user: &str, offset: usize) -> bool {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
        loop {
            let log = self.log("HARNESS_DOVECOT_LOG");
            let mut requests: HashMap<String, String> = HashMap::new();
            let accepted = log.get(offset..).unwrap_or_default().lines().any(|line| {
                if let Some(rest) = line.split("client in: AUTH\t").nth(1) {
                    let mut fields = rest.split('\t');
                    let id = fields.next().unwrap_or_default().to_string();
                    if let Some(svc) = fields.find_map(|f| f.strip_prefix("service=")) {
                        requests.insert(id, svc.to_string());
                    }
                    false
                } else if let Some(rest) = line.split("client passdb out: OK\t").nth(1) {
                    let mut fields = rest.split('\t');
                    let id = fields.next().unwrap_or_default();
                    fields.any(|f| f == format!("user={user}"))
                        && requests.get(id).is_some_and(|s| s == service)
                } else {
                    false
                }
            });
            if accepted {
                return true;
            }
            if std::time::Instant::now() > deadline {
                return false;
            }
            std::thread::sleep(std::time::Duration::from_millis(100));
        }
    }

    /// Whether a server log comes to contain `needle` within 10 s (servers write logs
    /// asynchronously, Postfix through its postlogd): an event with a generous
    /// ceiling, not a sleep.
    pub fn log_shows(&self, key: &str, needle: &str) -> bool {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
        loop {
            if self.log(key).contains(needle) {
                return true;
            }
            if std::time::Instant::now() > deadline {
                return false;
            }
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
    }
}
