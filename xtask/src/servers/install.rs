//! Installs what the harness needs when it is missing: Debian packages (idempotent,
//! waiting for the dpkg lock), the mail system user, and Synapse in a cached virtualenv.

use crate::cmd::{Result, exists, output, run};
use std::path::PathBuf;

/// Program the harness runs → the Debian package that ships it.
const PROGRAMS: &[(&str, &str)] = &[
    ("/usr/sbin/dovecot", "dovecot-core"),
    ("/usr/lib/dovecot/imap", "dovecot-imapd"),
    ("/usr/lib/dovecot/lmtp", "dovecot-lmtpd"),
    ("/usr/lib/dovecot/managesieve", "dovecot-managesieved"),
    (
        "/usr/lib/dovecot/modules/lib90_sieve_plugin.so",
        "dovecot-sieve",
    ),
    ("/usr/sbin/postfix", "postfix"),
    ("/usr/bin/radicale", "radicale"),
    (
        "/usr/lib/python3/dist-packages/bcrypt/__init__.py",
        "python3-bcrypt",
    ),
    (
        "/usr/lib/python3/dist-packages/passlib/__init__.py",
        "python3-passlib",
    ),
    ("/usr/sbin/apache2", "apache2"),
    ("/usr/bin/htpasswd", "apache2-utils"),
    ("/usr/sbin/dnsmasq", "dnsmasq-base"),
    ("/usr/bin/gnome-keyring-daemon", "gnome-keyring"),
    ("/usr/bin/dbus-run-session", "dbus-bin"),
    ("/usr/bin/dbus-daemon", "dbus-daemon"),
    ("/usr/bin/dbus-send", "dbus-bin"),
    ("/usr/bin/secret-tool", "libsecret-tools"),
    ("/usr/bin/openssl", "openssl"),
    ("/usr/bin/curl", "curl"),
    ("/usr/bin/script", "bsdutils"),
    ("/usr/lib/python3.11/ensurepip/__init__.py", "python3-venv"),
];

pub const SYNAPSE_VERSION: &str = "1.163.2";
/// The system user that owns the mailboxes (Dovecot refuses root for mail).
pub const MAIL_USER: &str = "werkbank-vmail";

pub fn ensure_installed() -> Result {
    let missing: Vec<&str> = PROGRAMS
        .iter()
        .filter(|(path, _)| !exists(path))
        .map(|(_, package)| *package)
        .collect();
    if !missing.is_empty() {
        apt_install(&missing)?;
    }
    if output("id", &["-u", MAIL_USER]).is_err() {
        run(
            "useradd",
            &[
                "--system",
                "--no-create-home",
                "--shell",
                "/usr/sbin/nologin",
                MAIL_USER,
            ],
        )?;
    }
    ensure_synapse()?;
    Ok(())
}

pub fn apt_install(packages: &[&str]) -> Result {
    println!("installing {}", packages.join(" "));
    // Postfix asks a debconf question on install; the harness writes its own config.
    let _ = crate::cmd::output_with_stdin(
        "debconf-set-selections",
        &[],
        "postfix postfix/main_mailer_type select No configuration\n",
    );
    let lock = ["-o", "DPkg::Lock::Timeout=600"];
    let mut update = vec!["update", "-q"];
    update.extend(lock);
    run("apt-get", &update)?;
    let mut args = vec!["install", "-y", "-q", "--no-install-recommends"];
    args.extend(lock);
    args.extend(packages);
    let status = std::process::Command::new("apt-get")
        .args(&args)
        .env("DEBIAN_FRONTEND", "noninteractive")
        .status()
        .map_err(|e| format!("cannot run apt-get: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!(
            "apt-get install {} failed ({status})",
            packages.join(" ")
        ))
    }
}

/// The virtualenv lives outside the clone (and the harness directory) so that CI and
/// later runs reuse it.
pub fn synapse_venv() -> PathBuf {
    let cache = std::env::var_os("XDG_CACHE_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache")))
        .unwrap_or_else(|| PathBuf::from("/var/cache"));
    cache
        .join("werkbank")
        .join(format!("synapse-venv-{SYNAPSE_VERSION}"))
}

fn ensure_synapse() -> Result {
    let venv = synapse_venv();
    let python = venv.join("bin/python");
    let ready = venv.join(".installed");
    if ready.is_file() {
        return Ok(());
    }
    println!(
        "installing Synapse {SYNAPSE_VERSION} into {}",
        venv.display()
    );
    let system_python = if exists("/usr/bin/python3") {
        "/usr/bin/python3"
    } else {
        "python3"
    };
    run(system_python, &["-m", "venv", &venv.to_string_lossy()])?;
    run(
        &python.to_string_lossy(),
        &[
            "-m",
            "pip",
            "install",
            "-q",
            "--disable-pip-version-check",
            &format!("matrix-synapse=={SYNAPSE_VERSION}"),
        ],
    )?;
    super::layout::write(&ready, SYNAPSE_VERSION)
}
