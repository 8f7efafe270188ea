//! Synapse (from PyPI, in a cached virtualenv): SQLite, no federation, no URL previews,
//! registration only by shared secret; users `@alice:example.test` and `@bob:example.test`.

use super::install::synapse_venv;
use super::layout::{mkdir, write};
use super::{Ctx, USERS, ports, process, template};
use crate::cmd::{Result, run};
use std::process::Command;
use std::time::Duration;

pub fn start(ctx: &Ctx) -> Result {
    let l = &ctx.layout;
    let dir = l.dir("synapse");
    // A fresh database each start: users get this run's passwords.
    let _ = std::fs::remove_dir_all(&dir);
    mkdir(&dir.join("media_store"))?;
    let venv = synapse_venv();
    let python = venv.join("bin/python");
    let base = dir.join("homeserver.yaml");
    // Run in the data directory: config generation writes relative files.
    crate::cmd::run_in(
        &python.to_string_lossy(),
        &[
            "-m",
            "synapse.app.homeserver",
            "--server-name",
            "example.test",
            "--config-path",
            &base.to_string_lossy(),
            "--data-directory",
            &dir.to_string_lossy(),
            "--generate-config",
            "--report-stats=no",
        ],
        Some(&dir),
    )?;
    let d = dir.display().to_string();
    let overrides = template::render(
        "synapse.yaml",
        include_str!("../../templates/synapse.yaml"),
        &[
            ("DIR", d.clone()),
            ("PORT", ports::SYNAPSE.to_string()),
            ("SECRET", ctx.secrets.matrix_registration.clone()),
        ],
    )?;
    let overrides_file = dir.join("werkbank.yaml");
    write(&overrides_file, &overrides)?;
    let log_config = template::render(
        "synapse-log.yaml",
        include_str!("../../templates/synapse-log.yaml"),
        &[("DIR", d)],
    )?;
    write(&dir.join("log.config"), &log_config)?;
    let mut command = Command::new(&python);
    command
        .args(["-m", "synapse.app.homeserver", "-c"])
        .arg(&base)
        .arg("-c")
        .arg(&overrides_file);
    process::spawn(l, "synapse", command)?;
    process::wait_for_ports(l, "synapse", &[ports::SYNAPSE], Duration::from_secs(120))?;
    let register = venv.join("bin/register_new_matrix_user");
    for user in USERS {
        run(
            &register.to_string_lossy(),
            &[
                "-u",
                user,
                "-p",
                ctx.secrets.password(user),
                "--no-admin",
                "-k",
                &ctx.secrets.matrix_registration,
                &format!("http://127.0.0.1:{}", ports::SYNAPSE),
            ],
        )?;
    }
    Ok(())
}
