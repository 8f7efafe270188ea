//! `cargo xtask test`: the one command that says whether the tree is good.
//! Order: cheap static checks first, then the servers, the harness self-test (so a
//! broken server shows up as itself, not as a hundred confusing failures), then the rest.

use crate::cmd::Result;
use crate::servers;
use std::process::Command;

pub fn run(args: &[&str]) -> Result {
    if let Some(arg) = args.first() {
        return Err(format!(
            "`cargo xtask test` takes no arguments (got `{arg}`)"
        ));
    }
    step("cargo fmt --check", || {
        cargo(&["fmt", "--all", "--check"], &[])
    })?;
    step("cargo clippy", || {
        cargo(
            &[
                "clippy",
                "--workspace",
                "--all-targets",
                "--",
                "-D",
                "warnings",
            ],
            &[],
        )
    })?;
    let layout = servers::ensure_up()?;
    let env = servers::env_pairs(&layout)?;
    step("harness self-test", || {
        cargo(
            &["test", "-p", "werkbank-harness", "--test", "selftest"],
            &env,
        )
    })?;
    // The self-test ran above; the desktop E2E needs the built app and runs last.
    step("all Rust tests", || {
        cargo(
            &[
                "test",
                "--workspace",
                "--exclude",
                "werkbank-harness",
                "--exclude",
                "werkbank-e2e",
            ],
            &env,
        )
    })?;
    step("TypeScript bindings are up to date", bindings_unchanged)?;
    let ui = crate::e2e::root().join("ui");
    if ui.join("package.json").is_file() {
        step(
            "UI checks (svelte-check, tsc, vitest, playwright + axe)",
            || {
                crate::e2e::ensure_ui_packages()?;
                crate::cmd::run_in("npm", &["run", "--silent", "ci-check"], Some(&ui))
            },
        )?;
    }
    if crate::e2e::root().join("tests/e2e/Cargo.toml").is_file() {
        step(
            "desktop end to end (tauri-driver, WebKitWebDriver, Xvfb)",
            || {
                crate::e2e::ensure_tools()?;
                let built = crate::e2e::build_app()?;
                let mut env = env.clone();
                env.push(("WERKBANK_APP".into(), built.app.display().to_string()));
                env.push((
                    "WERKBANK_TAURI_DRIVER".into(),
                    crate::e2e::tauri_driver().display().to_string(),
                ));
                env.push(("WERKBANK_CLI".into(), built.cli.display().to_string()));
                cargo(
                    &["test", "-p", "werkbank-e2e", "--", "--test-threads=1"],
                    &env,
                )
            },
        )?;
    }
    println!("xtask test: all green");
    Ok(())
}

fn step(name: &str, run: impl FnOnce() -> Result) -> Result {
    println!("==> {name}");
    run().map_err(|e| format!("{name} failed: {e}"))
}

fn cargo(args: &[&str], env: &[(String, String)]) -> Result {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    println!("    cargo {}", args.join(" "));
    let status = Command::new(&cargo)
        .args(args)
        .envs(env.iter().map(|(k, v)| (k.as_str(), v.as_str())))
        // Tests must fail, not skip, when a server is missing.
        .env("WERKBANK_HARNESS_REQUIRED", "1")
        .status()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("exit {status}"))
    }
}

/// The tests regenerate `ui/src/bindings` from the Rust types (ts-rs, see
/// `.cargo/config.toml`); a difference to the committed files means a Rust IPC type
/// changed without its TypeScript contract.
fn bindings_unchanged() -> Result {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let out = Command::new("git")
        .args(["status", "--porcelain", "--", "ui/src/bindings"])
        .current_dir(&root)
        .output()
        .map_err(|e| format!("cannot run git: {e}"))?;
    let changes = String::from_utf8_lossy(&out.stdout);
    if !out.status.success() {
        return Err(format!(
            "git status failed: {}",
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    if changes.trim().is_empty() {
        Ok(())
    } else {
        Err(format!(
            "regenerating the TypeScript bindings changed them; commit ui/src/bindings:\n{changes}"
        ))
    }
}
