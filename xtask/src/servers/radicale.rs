//! Radicale: CalDAV and CardDAV with bcrypt htpasswd users `alice` and `bob`.

use super::layout::{mkdir, write};
use super::{Ctx, USERS, ports, process, template};
use crate::cmd::{Result, run};
use std::process::Command;
use std::time::Duration;

pub fn start(ctx: &Ctx) -> Result {
    let l = &ctx.layout;
    let dir = l.dir("radicale");
    mkdir(&dir.join("collections"))?;
    let users = dir.join("users");
    write_htpasswd(ctx, &users)?;
    let path = |p: &std::path::Path| p.display().to_string();
    let conf = template::render(
        "radicale.conf",
        include_str!("../../templates/radicale.conf"),
        &[
            ("PORT", ports::RADICALE.to_string()),
            ("USERS", path(&users)),
            ("COLLECTIONS", path(&dir.join("collections"))),
        ],
    )?;
    let conf_file = dir.join("radicale.conf");
    write(&conf_file, &conf)?;
    let mut command = Command::new("python3");
    command.args(["-m", "radicale", "--config"]).arg(&conf_file);
    // Debian's python3, where the radicale package lives (not a pyenv shim).
    if std::path::Path::new("/usr/bin/python3").is_file() {
        command = Command::new("/usr/bin/python3");
        command.args(["-m", "radicale", "--config"]).arg(&conf_file);
    }
    process::spawn(l, "radicale", command)?;
    process::wait_for_ports(l, "radicale", &[ports::RADICALE], Duration::from_secs(30))
}

/// One bcrypt htpasswd file for Radicale and Apache's WebDAV (one password per user,
/// as with an organisation's directory).
pub fn write_htpasswd(ctx: &Ctx, file: &std::path::Path) -> Result {
    let _ = std::fs::remove_file(file);
    write(file, "")?;
    for user in USERS {
        run(
            "htpasswd",
            &[
                "-B",
                "-b",
                &file.to_string_lossy(),
                user,
                ctx.secrets.password(user),
            ],
        )?;
    }
    super::layout::chmod(file, 0o644)
}
