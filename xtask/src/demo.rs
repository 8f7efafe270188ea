//! `cargo xtask demo`: the harness with sample data for alice, then the desktop app on a
//! demo profile (`<harness dir>/demo-profile`) with a demo policy that trusts the
//! harness CA and resolves through its DNS, with alice's account added by discovery.

use crate::cmd::Result;
use crate::servers;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

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
         The demo policy trusts the test CA at {}.",
        layout.root().join("tls/ca.pem").display()
    );
    let profile = layout.root().join("demo-profile");
    let policy = write_demo_policy(layout.root(), &env)?;
    let lookup = |key: &str| {
        env.iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    let bus = lookup("DBUS_SESSION_BUS_ADDRESS");
    let app_env = [
        ("WERKBANK_PROFILE", profile.display().to_string()),
        ("WERKBANK_POLICY", policy.display().to_string()),
        ("DBUS_SESSION_BUS_ADDRESS", bus),
    ];
    add_demo_account(&cargo, &app_env, password)?;

    let ui = crate::package::build_ui()?;
    println!("==> the desktop app (UI from {})", ui.display());
    if std::env::var_os("DISPLAY").is_none() && std::env::var_os("WAYLAND_DISPLAY").is_none() {
        return Err(
            "there is no display (neither DISPLAY nor WAYLAND_DISPLAY is set), so the app \
             cannot open a window. On a machine without one, run it under Xvfb:\n    \
             xvfb-run -a -s \"-screen 0 1280x800x24\" cargo xtask demo\n\
             The servers keep running; `cargo xtask servers down` stops them."
                .into(),
        );
    }
    // `custom-protocol` embeds ui/dist, so no Vite dev server is needed.
    let status = Command::new(&cargo)
        .args([
            "run",
            "--quiet",
            "-p",
            "werkbank",
            "--features",
            "custom-protocol",
        ])
        .envs(app_env.iter().map(|(k, v)| (*k, v.as_str())))
        .status()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    if !status.success() {
        return Err(format!("the desktop app ended with {status}"));
    }
    println!("\nThe servers keep running; `cargo xtask servers down` stops them.");
    Ok(())
}

/// A policy like an IT department's: the harness CA is the organisation's PKI, dnsmasq
/// its resolver.
fn write_demo_policy(root: &Path, env: &[(String, String)]) -> Result<PathBuf> {
    let get = |key: &str| {
        env.iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.clone())
            .ok_or(format!("harness.env has no {key}"))
    };
    let policy = root.join("demo-policy.toml");
    let text = format!(
        "# Written by `cargo xtask demo`: trust the harness CA, resolve through its DNS.\n\
         version = 1\n\n[network]\nca_certificates = [{:?}]\ndns = [{:?}]\n",
        get("HARNESS_CA_CERT")?,
        get("HARNESS_DNS")?
    );
    std::fs::write(&policy, text).map_err(|e| format!("{}: {e}", policy.display()))?;
    Ok(policy)
}

/// alice's account in the demo profile, by discovery, with her password in the
/// harness keyring. Skipped when the profile has it already.
fn add_demo_account(cargo: &str, env: &[(&str, String)], password: &str) -> Result {
    let cli = |args: &[&str]| {
        let mut command = Command::new(cargo);
        command
            .args(["run", "--quiet", "-p", "werkbank-cli", "--"])
            .args(args)
            .envs(env.iter().map(|(k, v)| (*k, v.as_str())));
        command
    };
    let exists = cli(&["account", "show", "demo"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    if exists.success() {
        println!("==> the demo profile has alice's account already");
        return Ok(());
    }
    println!("==> adding alice's account to the demo profile (discovery)");
    let mut child = cli(&[
        "account",
        "add",
        "--id",
        "demo",
        "--email",
        "alice@example.test",
        "--discover",
        "--password-stdin",
    ])
    .stdin(Stdio::piped())
    .spawn()
    .map_err(|e| format!("cannot run cargo: {e}"))?;
    if let Some(mut stdin) = child.stdin.take() {
        stdin
            .write_all(format!("{password}\n").as_bytes())
            .map_err(|e| format!("cannot hand the password to werkbank-cli: {e}"))?;
    }
    let status = child
        .wait()
        .map_err(|e| format!("werkbank-cli did not finish: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("adding the demo account failed ({status})"))
    }
}
