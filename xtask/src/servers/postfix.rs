//! Postfix: submission (STARTTLS required, SASL via Dovecot), implicit-TLS submission,
//! and an inbound SMTP port; delivery to Dovecot over LMTP.
//!
//! Postfix reports configuration errors only to a terminal, so it runs under
//! `script -qefc` (a pseudo-terminal) with that output going to `postfix.log`; mail
//! logging (logins, deliveries) goes to `postfix-mail.log` through postlogd.

use super::layout::{Layout, chown, mkdir, write};
use super::{Ctx, DOMAIN, MAIL_USERS, ports, process, template};
use crate::cmd::Result;
use std::process::Command;
use std::time::Duration;

pub fn start(ctx: &Ctx) -> Result {
    let l = &ctx.layout;
    let dir = l.dir("postfix");
    let conf_dir = dir.join("conf");
    mkdir(&conf_dir)?;
    mkdir(&dir.join("queue"))?;
    mkdir(&dir.join("data"))?;
    chown(&dir.join("data"), "postfix:postfix")?;
    let path = |p: &std::path::Path| p.display().to_string();
    let main = main_cf(l)?;
    let master = template::render(
        "postfix-master.cf",
        include_str!("../../templates/postfix-master.cf"),
        &[
            ("SMTP_PORT", ports::SMTP_INBOUND.to_string()),
            ("SUBMISSION_PORT", ports::SUBMISSION.to_string()),
            ("SUBMISSIONS_PORT", ports::SUBMISSIONS.to_string()),
        ],
    )?;
    write(&conf_dir.join("main.cf"), &main)?;
    write(&conf_dir.join("master.cf"), &master)?;
    let conf = path(&conf_dir);
    // `check` creates the queue directories with the ownership Postfix insists on.
    in_terminal(&format!("postfix -c {conf} check"))?;
    let mut command = Command::new("script");
    command
        .arg("-qefc")
        .arg(format!("postfix -c {conf} start-fg"))
        .arg("/dev/null");
    process::spawn(l, "postfix", command)?;
    process::wait_for_ports(
        l,
        "postfix",
        &[ports::SMTP_INBOUND, ports::SUBMISSION, ports::SUBMISSIONS],
        Duration::from_secs(30),
    )
}

/// `main.cf`: every mail user (and postmaster) is a known recipient.
fn main_cf(l: &Layout) -> Result<String> {
    let dir = l.dir("postfix");
    let path = |p: &std::path::Path| p.display().to_string();
    let mailboxes: Vec<String> = MAIL_USERS
        .iter()
        .chain(&["postmaster"])
        .map(|user| format!("{user}@{DOMAIN}=ok"))
        .collect();
    template::render(
        "postfix-main.cf",
        include_str!("../../templates/postfix-main.cf"),
        &[
            ("MAILBOXES", mailboxes.join(", ")),
            ("QUEUE", path(&dir.join("queue"))),
            ("DATA", path(&dir.join("data"))),
            ("MAILLOG", path(&l.log("postfix-mail"))),
            ("LOGDIR", path(&l.root().join("logs"))),
            ("CERT", path(&l.tls("server.pem"))),
            ("KEY", path(&l.tls("server.key"))),
            ("LMTP_PORT", ports::LMTP.to_string()),
            ("AUTH_PORT", ports::DOVECOT_AUTH.to_string()),
        ],
    )
}

/// A running Postfix whose `main.cf` lacks something this xtask writes (a mail user
/// added since it started) gets the new file and a `postfix reload` (no restart).
pub fn refresh_config(ctx: &Ctx) -> Result {
    let l = &ctx.layout;
    let file = l.dir("postfix").join("conf").join("main.cf");
    let main = main_cf(l)?;
    if std::fs::read_to_string(&file).is_ok_and(|current| current == main) {
        return Ok(());
    }
    write(&file, &main)?;
    in_terminal(&format!(
        "postfix -c {} reload",
        l.dir("postfix").join("conf").display()
    ))
}

/// Runs a Postfix command in a pseudo-terminal so that its errors are seen.
fn in_terminal(command: &str) -> Result {
    let out = Command::new("script")
        .args(["-qefc", command, "/dev/null"])
        .stdin(std::process::Stdio::null())
        .output()
        .map_err(|e| format!("cannot run script: {e}"))?;
    if out.status.success() {
        Ok(())
    } else {
        Err(format!(
            "`{command}` failed: {}{}",
            String::from_utf8_lossy(&out.stdout).trim(),
            String::from_utf8_lossy(&out.stderr).trim()
        ))
    }
}

/// `postfix stop` first: the master runs in the pseudo-terminal's own session, so
/// killing `script` alone would only hang it up (which Postfix reads as "reload").
pub fn stop(layout: &Layout) -> Result {
    if process::is_running(layout, "postfix") {
        let conf = layout.dir("postfix").join("conf");
        let _ = in_terminal(&format!("postfix -c {} stop", conf.display()));
    }
    process::stop(layout, "postfix")
}
