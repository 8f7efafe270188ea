//! `cargo xtask demo`: the harness with sample data for alice, then the desktop app on a
//! demo profile. Until the desktop shell exists, it says so and shows where things run.

use crate::cmd::Result;
use crate::servers;
use std::process::Command;

pub fn run() -> Result {
    let layout = servers::ensure_up()?;
    let env = servers::env_pairs(&layout)?;
    println!("==> seeding sample data for alice (mail, events, contacts, files, chat)");
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let status = Command::new(&cargo)
        .args([
            "run",
            "--quiet",
            "-p",
            "werkbank-harness",
            "--bin",
            "werkbank-demo-seed",
        ])
        .envs(env.iter().map(|(k, v)| (k.as_str(), v.as_str())))
        .status()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    if !status.success() {
        return Err(format!("seeding the demo data failed ({status})"));
    }
    servers::status()?;
    let password = env
        .iter()
        .find(|(k, _)| k == "HARNESS_ALICE_PASSWORD")
        .map(|(_, v)| v.as_str())
        .unwrap_or("");
    println!(
        "\nDemo account: alice@example.test, password {password} (new each `servers up`).\n\
         Trust the test CA at {}.",
        layout.root().join("tls/ca.pem").display()
    );
    let shell = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../src-tauri");
    if shell.join("Cargo.toml").is_file() {
        return Err("the desktop shell exists but `demo` does not start it yet".into());
    }
    println!(
        "\nThe desktop app is not built yet (no src-tauri/ in this tree): the servers above\n\
         run with alice's sample data; `cargo xtask servers down` stops them."
    );
    Ok(())
}
