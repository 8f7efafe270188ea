//! What the desktop end-to-end tests need: tauri-driver (installed once into a cache
//! outside the clone), WebKitWebDriver and Xvfb (Debian packages), the production UI
//! and the `werkbank` binary built with `custom-protocol` (embedded assets, the real
//! CSP).

use crate::cmd::{Result, exists, run_in};
use std::path::{Path, PathBuf};

pub const TAURI_DRIVER_VERSION: &str = "^2";

pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn cache() -> PathBuf {
    let home = std::env::var_os("HOME")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/root"));
    home.join(".cache/werkbank")
}

pub fn tauri_driver() -> PathBuf {
    cache().join("tools/bin/tauri-driver")
}

/// Installs what is missing: Debian packages and tauri-driver.
pub fn ensure_tools() -> Result {
    let missing: Vec<&str> = [
        ("/usr/bin/WebKitWebDriver", "webkit2gtk-driver"),
        ("/usr/bin/Xvfb", "xvfb"),
    ]
    .iter()
    .filter(|(path, _)| !exists(path))
    .map(|(_, package)| *package)
    .collect();
    if !missing.is_empty() {
        crate::servers::apt_install(&missing)?;
    }
    if !tauri_driver().is_file() {
        println!(
            "installing tauri-driver into {}",
            cache().join("tools").display()
        );
        let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
        let status = std::process::Command::new(cargo)
            .args([
                "install",
                "tauri-driver",
                "--locked",
                "--version",
                TAURI_DRIVER_VERSION,
                "--root",
            ])
            .arg(cache().join("tools"))
            // Its own target dir: the workspace's would be locked by this very run.
            .env("CARGO_TARGET_DIR", cache().join("tools-target"))
            .status()
            .map_err(|e| format!("cargo install tauri-driver: {e}"))?;
        if !status.success() {
            return Err("cargo install tauri-driver failed".into());
        }
    }
    Ok(())
}

/// `npm ci` when `node_modules` is missing (a fresh clone).
pub fn ensure_ui_packages() -> Result {
    let ui = root().join("ui");
    if ui.join("package.json").is_file() && !ui.join("node_modules").is_dir() {
        run_in("npm", &["ci", "--no-audit", "--no-fund"], Some(&ui))?;
    }
    Ok(())
}

/// What the E2E tests run: the app as shipped and the CLI they clean up with.
pub struct Binaries {
    pub app: PathBuf,
    pub cli: PathBuf,
}

/// The production UI, the release app with `custom-protocol`, and the CLI.
pub fn build_app() -> Result<Binaries> {
    let root = root();
    ensure_ui_packages()?;
    run_in("npm", &["run", "build"], Some(&root.join("ui")))?;
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    // The release build as shipped (the same as `bench footprint` and the packages).
    run_in(
        &cargo,
        &[
            "build",
            "--release",
            "-p",
            "werkbank",
            "--features",
            "custom-protocol",
        ],
        Some(&root),
    )?;
    // The tests clean up through the CLI, like a user would.
    run_in(&cargo, &["build", "-p", "werkbank-cli"], Some(&root))?;
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("target"));
    Ok(Binaries {
        app: target.join("release/werkbank"),
        cli: target.join("debug/werkbank-cli"),
    })
}
