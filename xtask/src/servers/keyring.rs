//! gnome-keyring (the real Secret Service) under `dbus-run-session`, unlocked with this
//! run's non-empty password (an empty one makes gnome-keyring ask in a GUI prompt).
//! The session bus address goes into `harness.env` as `DBUS_SESSION_BUS_ADDRESS`.

use super::layout::{chmod, mkdir, write};
use super::{Ctx, process};
use crate::cmd::Result;
use std::process::Command;
use std::time::{Duration, Instant};

pub fn start(ctx: &Ctx) -> Result {
    let l = &ctx.layout;
    let dir = l.dir("keyring");
    // A fresh keyring each run: no secret of an earlier run survives.
    let _ = std::fs::remove_dir_all(&dir);
    mkdir(&dir.join("data"))?;
    mkdir(&dir.join("run"))?;
    chmod(&dir.join("run"), 0o700)?;
    let password_file = dir.join("unlock");
    write(&password_file, &ctx.secrets.keyring)?;
    chmod(&password_file, 0o600)?;
    let address_file = dir.join("bus-address");
    // gnome-keyring-daemon aborts (GLib-ERROR in `aes_negotiate`) when a client goes
    // away while its OpenSession is in flight, which a test that SIGKILLs a sync can
    // cause; with the daemon the session bus went too, and every later keyring test
    // failed. The daemon is restarted on the same bus and unlocks the same keyring
    // file again, so secrets stored before survive; each restart is in the log.
    let script = format!(
        "echo \"$DBUS_SESSION_BUS_ADDRESS\" > '{addr}'; \
         while :; do \
           gnome-keyring-daemon --foreground --unlock --components=secrets < '{pw}'; \
           echo \"harness: gnome-keyring-daemon exited with $?, restarting it\" >&2; \
           sleep 0.2; \
         done",
        addr = address_file.display(),
        pw = password_file.display(),
    );
    let mut command = Command::new("dbus-run-session");
    command
        .args(["--", "sh", "-c", &script])
        .env("XDG_DATA_HOME", dir.join("data"))
        .env("XDG_RUNTIME_DIR", dir.join("run"))
        .env_remove("DBUS_SESSION_BUS_ADDRESS");
    process::spawn(l, "keyring", command)?;

    // Ready when the bus address is written and the Secret Service name is owned.
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        if let Ok(address) = std::fs::read_to_string(&address_file) {
            let address = address.trim().to_string();
            if !address.is_empty() && secret_service_owned(&address) {
                return l.write_state("dbus-address", &address);
            }
        }
        if !process::is_running(l, "keyring") {
            return Err(format!(
                "the keyring exited during start-up\n{}",
                process::log_tail(l, "keyring")
            ));
        }
        if Instant::now() > deadline {
            return Err(format!(
                "the Secret Service did not appear on the session bus\n{}",
                process::log_tail(l, "keyring")
            ));
        }
        std::thread::sleep(Duration::from_millis(200));
    }
}

fn secret_service_owned(address: &str) -> bool {
    Command::new("dbus-send")
        .env("DBUS_SESSION_BUS_ADDRESS", address)
        .args([
            "--session",
            "--print-reply",
            "--dest=org.freedesktop.DBus",
            "/org/freedesktop/DBus",
            "org.freedesktop.DBus.NameHasOwner",
            "string:org.freedesktop.secrets",
        ])
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).contains("boolean true"))
        .unwrap_or(false)
}
