//! The real-server harness: `cargo xtask servers up | down | status`.
//!
//! Every test talks to real servers started here, on 127.0.0.1 only: Dovecot (IMAP,
//! LMTP, ManageSieve), Postfix (submission, inbound SMTP), Radicale (CalDAV/CardDAV),
//! Synapse (Matrix), Apache httpd on 443 (the organisation's web front: autoconfig,
//! .well-known, reverse proxies, WebDAV files), dnsmasq (SRV/TXT records) and
//! gnome-keyring (Secret Service) under `dbus-run-session`.
//!
//! State lives in one directory ([`layout::Layout`]); `harness.env` in it tells tests
//! where everything is and holds this run's random passwords. Each server's pid is kept
//! there so that `down` stops exactly what `up` started.

mod apache;
mod certs;
mod dnsmasq;
mod dovecot;
mod hosts;
mod install;
mod keyring;
pub mod layout;
mod postfix;
mod process;
mod radicale;
mod secrets;
mod synapse;
mod template;

use crate::cmd::Result;
pub use install::{MAIL_USER, apt_install};
pub use layout::Layout;
use secrets::Secrets;

/// Fixed loopback ports (high, so nothing needs root except Apache's 443).
pub mod ports {
    pub const HTTPS: u16 = 443;
    pub const IMAP: u16 = 10143;
    pub const IMAPS: u16 = 10993;
    pub const LMTP: u16 = 10024;
    pub const SMTP_INBOUND: u16 = 10025;
    pub const DOVECOT_AUTH: u16 = 10026;
    pub const SUBMISSION: u16 = 10587;
    pub const SUBMISSIONS: u16 = 10465;
    pub const MANAGESIEVE: u16 = 14190;
    pub const RADICALE: u16 = 15232;
    pub const SYNAPSE: u16 = 18008;
    pub const DNS: u16 = 10053;
}

/// The mail/DAV domain of the harness and the host names that resolve to 127.0.0.1.
pub const DOMAIN: &str = "example.test";
pub const HOSTS: &[&str] = &[
    "example.test",
    "autoconfig.example.test",
    "mail.example.test",
    "dav.example.test",
    "matrix.example.test",
    "files.example.test",
    "cloud.example.test",
];
pub const USERS: &[&str] = &["alice", "bob"];
/// A mail-only user (Dovecot and Postfix) that holds the generated mailbox of
/// `cargo xtask bench mail`, so that no test ever meets its 100,000 messages.
pub const BENCH_USER: &str = "bench";
/// Everyone with a mailbox: the test users and the benchmark's.
pub const MAIL_USERS: &[&str] = &["alice", "bob", BENCH_USER];

/// Discovery mechanisms that `up --without …` can switch off one by one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mechanism {
    /// Mozilla autoconfig XML on autoconfig.<domain> and <domain>/.well-known/autoconfig.
    Autoconfig,
    /// RFC 6186 and RFC 6764 SRV/TXT records in dnsmasq.
    Srv,
    /// RFC 6764 /.well-known/caldav|carddav and /.well-known/matrix/client.
    Wellknown,
    /// Nextcloud-style status.php on the files host.
    Nextcloud,
}

impl Mechanism {
    const ALL: [Mechanism; 4] = [
        Mechanism::Autoconfig,
        Mechanism::Srv,
        Mechanism::Wellknown,
        Mechanism::Nextcloud,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Mechanism::Autoconfig => "autoconfig",
            Mechanism::Srv => "srv",
            Mechanism::Wellknown => "wellknown",
            Mechanism::Nextcloud => "nextcloud",
        }
    }
}

/// The set of mechanisms switched off for this run.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Without(Vec<Mechanism>);

impl Without {
    pub fn parse(args: &[&str]) -> Result<Without> {
        let mut off = Vec::new();
        let mut it = args.iter();
        while let Some(arg) = it.next() {
            let value = match *arg {
                "--without" => it.next().copied().ok_or(
                    "--without needs a mechanism: autoconfig, srv, wellknown or nextcloud",
                )?,
                other => other
                    .strip_prefix("--without=")
                    .ok_or_else(|| format!("unknown argument `{other}` for `servers up`"))?,
            };
            for name in value.split(',') {
                let m = Mechanism::ALL
                    .into_iter()
                    .find(|m| m.name() == name)
                    .ok_or_else(|| {
                        format!("unknown mechanism `{name}`: use autoconfig, srv, wellknown or nextcloud")
                    })?;
                if !off.contains(&m) {
                    off.push(m);
                }
            }
        }
        Ok(Without(off))
    }

    pub fn enabled(&self, m: Mechanism) -> bool {
        !self.0.contains(&m)
    }

    fn to_list(&self) -> String {
        self.0
            .iter()
            .map(|m| m.name())
            .collect::<Vec<_>>()
            .join(",")
    }
}

/// Everything a server's setup needs: where to put things and this run's secrets.
#[derive(Debug)]
pub struct Ctx {
    pub layout: Layout,
    pub secrets: Secrets,
    pub without: Without,
}

/// One server the harness manages.
struct Server {
    name: &'static str,
    /// Ports that must be free before it starts (and that it then listens on).
    ports: &'static [u16],
    /// Writes config files and starts the process (recording its pid), unless it runs.
    start: fn(&Ctx) -> Result,
    /// Reconfigures a running server after `--without` changed; `None`: not affected.
    reconfigure: Option<fn(&Ctx) -> Result>,
    /// Brings a running server's users up to date without a restart (a harness started
    /// by an older xtask); `None`: nothing to bring.
    refresh: Option<fn(&Ctx) -> Result>,
}

const SERVERS: &[Server] = &[
    Server {
        name: "keyring",
        ports: &[],
        start: keyring::start,
        reconfigure: None,
        refresh: None,
    },
    Server {
        name: "dnsmasq",
        ports: &[ports::DNS],
        start: dnsmasq::start,
        reconfigure: Some(dnsmasq::restart),
        refresh: None,
    },
    Server {
        name: "dovecot",
        ports: &[
            ports::IMAP,
            ports::IMAPS,
            ports::LMTP,
            ports::DOVECOT_AUTH,
            ports::MANAGESIEVE,
        ],
        start: dovecot::start,
        reconfigure: None,
        refresh: Some(dovecot::refresh_users),
    },
    Server {
        name: "postfix",
        ports: &[ports::SMTP_INBOUND, ports::SUBMISSION, ports::SUBMISSIONS],
        start: postfix::start,
        reconfigure: None,
        refresh: Some(postfix::refresh_config),
    },
    Server {
        name: "radicale",
        ports: &[ports::RADICALE],
        start: radicale::start,
        reconfigure: None,
        refresh: None,
    },
    Server {
        name: "synapse",
        ports: &[ports::SYNAPSE],
        start: synapse::start,
        reconfigure: None,
        refresh: None,
    },
    Server {
        name: "apache",
        ports: &[ports::HTTPS],
        start: apache::start,
        reconfigure: Some(apache::reload),
        refresh: None,
    },
];

pub fn up(without: Without) -> Result {
    let layout = Layout::from_env();
    install::ensure_installed()?;
    layout.create()?;
    let already_running = SERVERS.iter().any(|s| process::is_running(&layout, s.name));
    let secrets = if already_running {
        Secrets::load(&layout)?
    } else {
        // From a stopped harness, start clean: no mail, calendars or keyring items of
        // an earlier run, and new passwords.
        if layout.root().exists() {
            std::fs::remove_dir_all(layout.root())
                .map_err(|e| format!("cannot clear {}: {e}", layout.root().display()))?;
        }
        layout.create()?;
        Secrets::generate(&layout)?
    };
    let previous_without = layout.read_state("without").unwrap_or_default();
    let ctx = Ctx {
        layout,
        secrets,
        without,
    };
    certs::ensure(&ctx)?;
    hosts::add()?;
    for server in SERVERS {
        let running = process::is_running(&ctx.layout, server.name);
        if !running {
            process::ensure_ports_free(server.name, server.ports)?;
            (server.start)(&ctx).map_err(|e| format!("{} did not start: {e}", server.name))?;
        } else {
            if let Some(reconfigure) = server.reconfigure
                && previous_without != ctx.without.to_list()
            {
                reconfigure(&ctx)
                    .map_err(|e| format!("{} reconfigure failed: {e}", server.name))?;
            }
            if let Some(refresh) = server.refresh {
                refresh(&ctx).map_err(|e| format!("{} refresh failed: {e}", server.name))?;
            }
        }
    }
    ctx.layout.write_state("without", &ctx.without.to_list())?;
    let env = secrets::write_env(&ctx)?;
    println!("harness up; source {} for the tests", env.display());
    print_status(&ctx.layout);
    Ok(())
}

pub fn down() -> Result {
    let layout = Layout::from_env();
    let mut failures = Vec::new();
    // Reverse order: the web front first, the keyring last.
    for server in SERVERS.iter().rev() {
        let stopped = match server.name {
            "postfix" => postfix::stop(&layout),
            _ => process::stop(&layout, server.name),
        };
        if let Err(e) = stopped {
            failures.push(format!("{}: {e}", server.name));
        }
    }
    hosts::remove()?;
    if failures.is_empty() {
        println!("harness down");
        Ok(())
    } else {
        Err(failures.join("\n"))
    }
}

pub fn status() -> Result {
    let layout = Layout::from_env();
    print_status(&layout);
    if SERVERS.iter().all(|s| process::is_running(&layout, s.name)) {
        Ok(())
    } else {
        Err("not every server runs: `cargo xtask servers up` starts them".into())
    }
}

fn print_status(layout: &Layout) {
    println!("harness directory: {}", layout.root().display());
    for server in SERVERS {
        let state = match process::pid(layout, server.name) {
            Some(pid) if process::alive(pid) => format!("running (pid {pid})"),
            _ => "stopped".to_string(),
        };
        println!("  {:<9} {state}", server.name);
    }
    if let Some(off) = layout.read_state("without").filter(|s| !s.is_empty()) {
        println!("  discovery switched off: {off}");
    }
}

/// Ensures every server runs with every discovery mechanism on; used by `test` and
/// `demo`. Cheap when the harness already runs that way.
pub fn ensure_up() -> Result<Layout> {
    up(Without::default())?;
    Ok(Layout::from_env())
}

/// The `KEY=value` pairs of `harness.env`, for child processes of `test` and `demo`.
pub fn env_pairs(layout: &Layout) -> Result<Vec<(String, String)>> {
    let path = layout.env_file();
    let text = std::fs::read_to_string(&path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    Ok(text
        .lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(|l| l.split_once('='))
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect())
}
