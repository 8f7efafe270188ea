//! `cargo xtask bench footprint`: launch time and memory of the desktop app next to
//! Thunderbird ESR, in the same run, on the same virtual display, both with alice's
//! mail account configured.
//!
//! Launch → first painted frame: from spawning the process until the virtual screen
//! (black when empty) first shows anything (the standard deviation of a grey-scale
//! screenshot leaves zero); the same method for both programs. Memory: PSS and RSS
//! summed over the whole process tree (app + WebKit or Gecko child processes) after
//! 20 s idle.

use super::table::{Row, Table};
use crate::cmd::Result;
use crate::servers::{self, Layout};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const IDLE: Duration = Duration::from_secs(20);

pub fn run() -> Result<Table> {
    ensure_tools()?;
    let layout = Layout::from_env();
    let env = servers::env_pairs(&layout)?;
    let get = |k: &str| {
        env.iter()
            .find(|(key, _)| key == k)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    let root = workspace_root();
    let bench_dir = layout.root().join("bench-footprint");
    let _ = std::fs::remove_dir_all(&bench_dir);
    std::fs::create_dir_all(&bench_dir).map_err(|e| e.to_string())?;

    let app = build_app(&root)?;
    let (profile, policy) = werkbank_profile(&root, &bench_dir, &get)?;
    let thunderbird_profile = thunderbird_profile(&bench_dir, &get("HARNESS_CA_CERT"))?;

    let display = Display::start()?;
    let ours = measure(
        &display,
        Command::new(&app)
            .env("WERKBANK_PROFILE", &profile)
            .env("WERKBANK_POLICY", &policy)
            .env("DBUS_SESSION_BUS_ADDRESS", get("DBUS_SESSION_BUS_ADDRESS")),
    )?;
    let peer = measure(
        &display,
        Command::new("thunderbird")
            .args(["--no-remote", "--profile"])
            .arg(&thunderbird_profile)
            .env("MOZ_CRASHREPORTER_DISABLE", "1"),
    )?;
    let row = |measure: &str, unit: &'static str, ours: f64, peer: f64, goal: &str| Row {
        measure: measure.into(),
        unit,
        ours,
        peer_name: "thunderbird".into(),
        peer: Some(peer),
        goal: goal.into(),
    };
    Ok(Table {
        rows: vec![
            row(
                "launch → first painted frame",
                "s",
                ours.first_frame,
                peer.first_frame,
                "below 1×",
            ),
            row(
                "PSS after 20 s idle (process tree)",
                "MiB",
                ours.pss_mib,
                peer.pss_mib,
                "below 1×",
            ),
            row(
                "RSS after 20 s idle (process tree)",
                "MiB",
                ours.rss_mib,
                peer.rss_mib,
                "below 1×",
            ),
        ],
    })
}

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn ensure_tools() -> Result {
    let missing: Vec<&str> = [
        ("Xvfb", "xvfb"),
        ("import", "imagemagick"),
        ("thunderbird", "thunderbird"),
        ("certutil", "libnss3-tools"),
    ]
    .iter()
    .filter(|(program, _)| !crate::cmd::exists(program))
    .map(|(_, package)| *package)
    .collect();
    if missing.is_empty() {
        Ok(())
    } else {
        servers::apt_install(&missing)
    }
}

/// The app as shipped: release profile, custom protocol, the production UI.
fn build_app(root: &Path) -> Result<PathBuf> {
    let ui = root.join("ui");
    if ui.join("package.json").is_file() {
        crate::cmd::run_in("npm", &["run", "build"], Some(&ui))?;
    }
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    crate::cmd::run_in(
        &cargo,
        &[
            "build",
            "--release",
            "-p",
            "werkbank",
            "--features",
            "custom-protocol",
        ],
        Some(root),
    )?;
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("target"));
    Ok(target.join("release/werkbank"))
}

/// A profile with alice's account (added through the CLI, password in the keyring).
fn werkbank_profile(
    root: &Path,
    dir: &Path,
    get: &dyn Fn(&str) -> String,
) -> Result<(PathBuf, PathBuf)> {
    let profile = dir.join("werkbank-profile");
    let policy = dir.join("policy.toml");
    let text = format!(
        "version = 1\n[network]\nca_certificates = [\"{}\"]\ndns = [\"{}\"]\n",
        get("HARNESS_CA_CERT"),
        get("HARNESS_DNS")
    );
    std::fs::write(&policy, text).map_err(|e| e.to_string())?;
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let mut add = Command::new(cargo);
    add.current_dir(root)
        .args(["run", "--quiet", "-p", "werkbank-cli", "--", "--profile"])
        .arg(&profile)
        .args([
            "account",
            "add",
            "--id",
            "bench",
            "--email",
            "alice@example.test",
            "--discover",
            "--password-stdin",
        ])
        .env("WERKBANK_POLICY", &policy)
        .env("DBUS_SESSION_BUS_ADDRESS", get("DBUS_SESSION_BUS_ADDRESS"))
        .stdin(Stdio::piped());
    let mut child = add.spawn().map_err(|e| format!("werkbank-cli: {e}"))?;
    if let Some(mut stdin) = child.stdin.take() {
        use std::io::Write;
        let _ = writeln!(stdin, "{}", get("HARNESS_ALICE_PASSWORD"));
    }
    let status = child.wait().map_err(|e| e.to_string())?;
    if !status.success() {
        return Err("adding alice's account to the benchmark profile failed".into());
    }
    Ok((profile, policy))
}

/// A Thunderbird profile with alice's IMAP/SMTP account and the harness CA trusted;
/// first-run dialogs, update checks and telemetry off so both programs idle alike.
fn thunderbird_profile(dir: &Path, ca: &str) -> Result<PathBuf> {
    let profile = dir.join("thunderbird-profile");
    std::fs::create_dir_all(&profile).map_err(|e| e.to_string())?;
    let db = format!("sql:{}", profile.display());
    crate::cmd::run("certutil", &["-N", "-d", &db, "--empty-password"])?;
    crate::cmd::run(
        "certutil",
        &[
            "-A",
            "-d",
            &db,
            "-n",
            "Werkbank Test CA",
            "-t",
            "C,,",
            "-i",
            ca,
        ],
    )?;
    let prefs = include_str!("../../templates/thunderbird-user.js");
    std::fs::write(profile.join("user.js"), prefs).map_err(|e| e.to_string())?;
    Ok(profile)
}

struct Measurement {
    first_frame: f64,
    pss_mib: f64,
    rss_mib: f64,
}

fn measure(display: &Display, command: &mut Command) -> Result<Measurement> {
    display.wait_blank()?;
    command
        .env("DISPLAY", &display.name)
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    let started = Instant::now();
    let mut child = command
        .spawn()
        .map_err(|e| format!("cannot start {:?}: {e}", command.get_program()))?;
    let first_frame = loop {
        if display.painted()? {
            break started.elapsed().as_secs_f64();
        }
        if started.elapsed() > Duration::from_secs(60) {
            let _ = child.kill();
            return Err(format!(
                "{:?} painted nothing within 60 s",
                command.get_program()
            ));
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    std::thread::sleep(IDLE);
    let (pss, rss) = tree_memory_kib(child.id());
    stop(&mut child);
    Ok(Measurement {
        first_frame,
        pss_mib: pss as f64 / 1024.0,
        rss_mib: rss as f64 / 1024.0,
    })
}

fn stop(child: &mut Child) {
    let pid = child.id();
    for descendant in descendants(pid) {
        let _ = Command::new("kill").arg(descendant.to_string()).status();
    }
    let _ = child.kill();
    let _ = child.wait();
}

/// PSS and RSS (KiB) of a process and all its descendants.
fn tree_memory_kib(root: u32) -> (u64, u64) {
    let mut pids = descendants(root);
    pids.push(root);
    pids.iter().fold((0, 0), |(pss, rss), pid| {
        let text = std::fs::read_to_string(format!("/proc/{pid}/smaps_rollup")).unwrap_or_default();
        let field = |name: &str| {
            text.lines()
                .find(|l| l.starts_with(name))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|v| v.parse::<u64>().ok())
                .unwrap_or(0)
        };
        (pss + field("Pss:"), rss + field("Rss:"))
    })
}

fn descendants(root: u32) -> Vec<u32> {
    let parents: Vec<(u32, u32)> = std::fs::read_dir("/proc")
        .map(|entries| {
            entries
                .flatten()
                .filter_map(|e| e.file_name().to_str()?.parse::<u32>().ok())
                .filter_map(|pid| {
                    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
                    let ppid = stat
                        .rsplit_once(')')?
                        .1
                        .split_whitespace()
                        .nth(1)?
                        .parse()
                        .ok()?;
                    Some((pid, ppid))
                })
                .collect()
        })
        .unwrap_or_default();
    let mut found = Vec::new();
    let mut frontier = vec![root];
    while let Some(parent) = frontier.pop() {
        for (pid, ppid) in &parents {
            if *ppid == parent && !found.contains(pid) {
                found.push(*pid);
                frontier.push(*pid);
            }
        }
    }
    found
}

/// One Xvfb display shared by both measurements.
struct Display {
    name: String,
    server: Child,
}

impl Display {
    fn start() -> Result<Display> {
        let number = (150..250)
            .find(|n| !Path::new(&format!("/tmp/.X11-unix/X{n}")).exists())
            .ok_or("no free X display")?;
        let name = format!(":{number}");
        let server = Command::new("Xvfb")
            .args([&name, "-screen", "0", "1280x800x24", "-nolisten", "tcp"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| format!("cannot start Xvfb: {e}"))?;
        let socket = PathBuf::from(format!("/tmp/.X11-unix/X{number}"));
        let deadline = Instant::now() + Duration::from_secs(10);
        while !socket.exists() {
            if Instant::now() > deadline {
                return Err("Xvfb did not start".into());
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        Ok(Display { name, server })
    }

    /// Whether anything is on the screen (an empty Xvfb screen is uniformly black).
    fn painted(&self) -> Result<bool> {
        let deviation = Command::new("import")
            .args([
                "-display",
                &self.name,
                "-window",
                "root",
                "-colorspace",
                "gray",
                "-format",
                "%[fx:standard_deviation]",
                "info:",
            ])
            .output()
            .map_err(|e| format!("import: {e}"))?;
        let value: f64 = String::from_utf8_lossy(&deviation.stdout)
            .trim()
            .parse()
            .unwrap_or(0.0);
        Ok(value > 0.0)
    }

    fn wait_blank(&self) -> Result {
        let deadline = Instant::now() + Duration::from_secs(10);
        while self.painted()? {
            if Instant::now() > deadline {
                return Err("the virtual screen did not clear between measurements".into());
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        Ok(())
    }
}

impl Drop for Display {
    fn drop(&mut self) {
        let _ = self.server.kill();
        let _ = self.server.wait();
    }
}
