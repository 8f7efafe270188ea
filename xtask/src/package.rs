//! `cargo xtask package`: the UI, then the desktop app as `.deb` and `.rpm` through the
//! Tauri bundler. AppImage (its bundler downloads tools) and MSI (Windows only) are
//! configured in `src-tauri/tauri.conf.json` and built elsewhere; see
//! `docs/packaging.md`.
//!
//! The Tauri CLI is an npm package kept in `~/.cache/werkbank/tauri-cli`, outside the
//! repository, so the UI's `package.json` stays about the UI.

use crate::cmd::{self, Result};
use std::path::{Path, PathBuf};

/// The major version of the Tauri CLI; it must match the `tauri` crate's.
const TAURI_CLI: &str = "@tauri-apps/cli@2";

pub fn run(args: &[&str]) -> Result {
    let frontend = match args {
        [] => None,
        ["--frontend-dist", dir] => Some(absolute(dir)?),
        _ => {
            return Err(format!(
                "usage: cargo xtask package [--frontend-dist DIR] (got `{}`)",
                args.join(" ")
            ));
        }
    };
    let frontend = match frontend {
        Some(dir) => dir,
        None => build_ui()?,
    };
    if !frontend.join("index.html").is_file() {
        return Err(format!("{} has no index.html", frontend.display()));
    }
    let tauri = tauri_cli()?;
    println!(
        "==> tauri build --bundles deb,rpm (frontend: {})",
        frontend.display()
    );
    let config = format!(
        r#"{{"build":{{"frontendDist":{}}}}}"#,
        json_string(&frontend.display().to_string())
    );
    cmd::run_in(
        &tauri.display().to_string(),
        &["build", "--ci", "--bundles", "deb,rpm", "--config", &config],
        Some(&root().join("src-tauri")),
    )?;
    let bundles = target_dir().join("release/bundle");
    println!("==> packages");
    for kind in ["deb", "rpm"] {
        for entry in std::fs::read_dir(bundles.join(kind))
            .map_err(|e| format!("no {kind} bundle in {}: {e}", bundles.display()))?
            .flatten()
        {
            let path = entry.path();
            if path.extension().is_some_and(|e| e == kind) {
                let size = entry.metadata().map(|m| m.len()).unwrap_or(0);
                println!(
                    "    {} ({:.1} MiB)",
                    path.display(),
                    size as f64 / 1048576.0
                );
            }
        }
    }
    Ok(())
}

/// `npm ci && npm run build` in `ui/`; returns `ui/dist`.
pub fn build_ui() -> Result<PathBuf> {
    let ui = root().join("ui");
    if ui.join("package.json").is_file() {
        println!("==> building the UI (npm ci, npm run build)");
        cmd::run_in("npm", &["ci", "--no-audit", "--no-fund"], Some(&ui))?;
        cmd::run_in("npm", &["run", "build"], Some(&ui))?;
    }
    let dist = ui.join("dist");
    if dist.join("index.html").is_file() {
        Ok(dist)
    } else {
        Err(format!(
            "there is no UI build in {} (ui/package.json missing or `npm run build` wrote nothing)",
            dist.display()
        ))
    }
}

/// The cached Tauri CLI, installed on first use.
fn tauri_cli() -> Result<PathBuf> {
    let home = std::env::var_os("HOME").ok_or("HOME is not set")?;
    let prefix = Path::new(&home).join(".cache/werkbank/tauri-cli");
    let bin = prefix.join("node_modules/.bin/tauri");
    if !bin.is_file() {
        println!("==> installing {TAURI_CLI} into {}", prefix.display());
        std::fs::create_dir_all(&prefix).map_err(|e| format!("{}: {e}", prefix.display()))?;
        let prefix = prefix.display().to_string();
        cmd::run(
            "npm",
            &[
                "install",
                "--prefix",
                &prefix,
                TAURI_CLI,
                "--no-audit",
                "--no-fund",
            ],
        )?;
    }
    Ok(bin)
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join("target"))
}

fn absolute(dir: &str) -> Result<PathBuf> {
    std::path::absolute(dir).map_err(|e| format!("{dir}: {e}"))
}

/// A JSON string literal (paths may hold quotes or backslashes).
fn json_string(text: &str) -> String {
    let mut out = String::from('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}
