//! Dovecot: IMAP (STARTTLS and IMAPS), LMTP for Postfix, SASL for Postfix, ManageSieve.
//! Users are `alice@example.test` and `bob@example.test` (the realm makes `alice` work too),
//! and the mail-only `bench@example.test` of `cargo xtask bench mail`.

use super::install::MAIL_USER;
use super::layout::{chown, mkdir, write};
use super::{Ctx, DOMAIN, MAIL_USERS, ports, process, template};
use crate::cmd::{Result, output};
use std::process::Command;
use std::time::Duration;

pub fn start(ctx: &Ctx) -> Result {
    let l = &ctx.layout;
    let dir = l.dir("dovecot");
    let mail = dir.join("mail");
    mkdir(&mail)?;
    mkdir(&dir.join("run"))?;
    mkdir(&dir.join("state"))?;
    let mut users = String::new();
    for user in MAIL_USERS {
        users.push_str(&user_line(ctx, user)?);
    }
    let users_file = dir.join("users");
    write(&users_file, &users)?;
    chown(&mail, &format!("{MAIL_USER}:{MAIL_USER}"))?;
    let path = |p: &std::path::Path| p.display().to_string();
    let conf = template::render(
        "dovecot.conf",
        include_str!("../../templates/dovecot.conf"),
        &[
            ("RUN", path(&dir.join("run"))),
            ("STATE", path(&dir.join("state"))),
            ("LOG", path(&l.log("dovecot"))),
            ("CERT", path(&l.tls("server.pem"))),
            ("KEY", path(&l.tls("server.key"))),
            ("MAIL", path(&mail)),
            ("MAIL_USER", MAIL_USER.to_string()),
            ("USERS", path(&users_file)),
            ("IMAP_PORT", ports::IMAP.to_string()),
            ("IMAPS_PORT", ports::IMAPS.to_string()),
            ("LMTP_PORT", ports::LMTP.to_string()),
            ("AUTH_PORT", ports::DOVECOT_AUTH.to_string()),
            ("SIEVE_PORT", ports::MANAGESIEVE.to_string()),
        ],
    )?;
    let conf_file = dir.join("dovecot.conf");
    write(&conf_file, &conf)?;
    let mut command = Command::new("dovecot");
    command.arg("-F").arg("-c").arg(&conf_file);
    process::spawn(l, "dovecot", command)?;
    process::wait_for_ports(
        l,
        "dovecot",
        &[
            ports::IMAP,
            ports::IMAPS,
            ports::LMTP,
            ports::DOVECOT_AUTH,
            ports::MANAGESIEVE,
        ],
        Duration::from_secs(30),
    )
}

fn user_line(ctx: &Ctx, user: &str) -> Result<String> {
    let hash = output(
        "doveadm",
        &["pw", "-s", "SHA512-CRYPT", "-p", ctx.secrets.password(user)],
    )?;
    Ok(format!("{user}@{DOMAIN}:{}::::::\n", hash.trim()))
}

/// Adds users missing from a running Dovecot's users file (one started by an older
/// xtask); Dovecot rereads a changed passwd-file, so nothing restarts.
pub fn refresh_users(ctx: &Ctx) -> Result {
    let users_file = ctx.layout.dir("dovecot").join("users");
    let mut users = std::fs::read_to_string(&users_file)
        .map_err(|e| format!("cannot read {}: {e}", users_file.display()))?;
    let before = users.len();
    for user in MAIL_USERS {
        let prefix = format!("{user}@{DOMAIN}:");
        if !users.lines().any(|l| l.starts_with(&prefix)) {
            users.push_str(&user_line(ctx, user)?);
        }
    }
    if users.len() == before {
        return Ok(());
    }
    write(&users_file, &users)
}
