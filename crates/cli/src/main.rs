//! `werkbank-cli`: accounts, settings and policy from the command line. The same
//! command API as the desktop app (`werkbank-workplace`); `--json` output is stable and
//! documented in `docs/cli.md`.
//!
//! Exit codes: 0 success; 1 the command failed (or, for `account test`, a service
//! failed; for `account discover`, nothing was found); 2 wrong usage.

mod args;
mod commands;
mod output;

use args::{Cli, Command};
use clap::Parser;
use output::Output;
use std::process::ExitCode;
use werkbank_workplace::OpenOptions;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let out = Output { json: cli.json };
    let options = OpenOptions {
        profile: cli.profile.clone(),
        policy: None,
    };
    init_logging(&cli);
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("cannot start: {e}");
            return ExitCode::FAILURE;
        }
    };
    let result = runtime.block_on(async move {
        match cli.command {
            Command::Account(c) => commands::account::run(*c, options, &out).await,
            Command::Settings(c) => commands::settings::run(c, options, &out),
            Command::Policy(c) => commands::policy::run(c, options, &out),
            Command::Mail(c) => commands::mail::run(*c, options, &out).await,
        }
    });
    match result {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
        Err(error) => {
            Output { json: cli.json }.error(&error);
            ExitCode::FAILURE
        }
    }
}

/// Logs go to `werkbank-cli.log` in the profile's `logs/` (never to the terminal, where
/// they would mix with `--json`). Secrets never reach them: no code logs one.
fn init_logging(cli: &Cli) {
    let Some(level) = &cli.log_level else {
        return;
    };
    let Ok(profile) = werkbank_account::Profile::resolve(cli.profile.clone()) else {
        return;
    };
    let dir = profile.logs_dir();
    if std::fs::create_dir_all(&dir).is_err() {
        return;
    }
    let Ok(file) = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(dir.join("werkbank-cli.log"))
    else {
        return;
    };
    let filter = tracing_subscriber::EnvFilter::try_new(level)
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_ansi(false)
        .with_writer(std::sync::Mutex::new(file))
        .try_init();
}
