//! Taking a server of the harness down for a test ("Dovecot is stopped") and bringing
//! it back, with the same pid-file convention as `cargo xtask servers` (pid and start
//! time), so `servers status` and `servers down` keep working afterwards.
//!
//! Only for a test that runs alone in its test binary: other tests of the same binary
//! would see the outage. The returned guard starts the server again when dropped, also
//! when the test panics.

use crate::Harness;
use std::os::unix::process::CommandExt;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// A stopped server; dropping it starts the server again.
#[derive(Debug)]
pub struct Stopped {
    name: &'static str,
    started: bool,
}

impl Stopped {
    /// Starts the server again now and waits until it accepts connections.
    pub fn start(mut self) -> Result<(), String> {
        self.started = true;
        start(self.name)
    }
}

impl Drop for Stopped {
    fn drop(&mut self) {
        if !self.started
            && let Err(e) = start(self.name)
        {
            eprintln!("could not start {} again: {e}", self.name);
        }
    }
}

/// Stops Dovecot (IMAP, LMTP, SASL for Postfix) until the guard is dropped.
pub fn stop_dovecot() -> Result<Stopped, String> {
    stop("dovecot")?;
    Ok(Stopped {
        name: "dovecot",
        started: false,
    })
}

/// Stops Postfix (submission and inbound SMTP) until the guard is dropped.
///
/// Postfix's master runs in its own session under `script` (see `xtask/src/servers/
/// postfix.rs`), out of reach of the recorded process group: `postfix stop` ends it
/// the way Postfix wants, then the `script` group is stopped as usual.
pub fn stop_postfix() -> Result<Stopped, String> {
    let _ = Command::new("postfix")
        .arg("-c")
        .arg(postfix_conf())
        .arg("stop")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status();
    let port = Harness::get().port("HARNESS_SUBMISSION_PORT");
    let deadline = Instant::now() + Duration::from_secs(20);
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
        if Instant::now() > deadline {
            return Err("postfix still listens after `postfix stop`".into());
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    stop("postfix")?;
    Ok(Stopped {
        name: "postfix",
        started: false,
    })
}

fn postfix_conf() -> PathBuf {
    root().join("postfix").join("conf")
}

fn root() -> PathBuf {
    Harness::get().dir().to_path_buf()
}

fn pid_file(name: &str) -> PathBuf {
    root().join("state").join(format!("{name}.pid"))
}

fn start_time(pid: u32) -> Option<u64> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    let (_, after_name) = stat.rsplit_once(')')?;
    after_name.split_whitespace().nth(19)?.parse().ok()
}

fn alive(pid: u32) -> bool {
    std::fs::read_to_string(format!("/proc/{pid}/stat"))
        .ok()
        .and_then(|stat| {
            stat.rsplit_once(')')
                .and_then(|(_, rest)| rest.split_whitespace().next().map(str::to_string))
        })
        .is_some_and(|state| state != "Z" && state != "X")
}

fn stop(name: &str) -> Result<(), String> {
    let text = std::fs::read_to_string(pid_file(name))
        .map_err(|e| format!("{name} is not running: {e}"))?;
    let mut fields = text.split_whitespace();
    let pid: u32 = fields
        .next()
        .and_then(|p| p.parse().ok())
        .ok_or("bad pid file")?;
    let recorded: u64 = fields
        .next()
        .and_then(|p| p.parse().ok())
        .ok_or("bad pid file")?;
    if start_time(pid) != Some(recorded) {
        return Err(format!("{name} is not running (stale pid file)"));
    }
    let _ = Command::new("kill")
        .args(["-TERM", "--", &format!("-{pid}")])
        .status();
    let deadline = Instant::now() + Duration::from_secs(10);
    while alive(pid) && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(50));
    }
    if alive(pid) {
        let _ = Command::new("kill")
            .args(["-KILL", "--", &format!("-{pid}")])
            .status();
    }
    let _ = std::fs::remove_file(pid_file(name));
    Ok(())
}

fn start(name: &str) -> Result<(), String> {
    let root = root();
    let (mut command, port) = match name {
        "dovecot" => {
            let mut c = Command::new("dovecot");
            c.arg("-F")
                .arg("-c")
                .arg(root.join("dovecot").join("dovecot.conf"));
            (c, Harness::get().port("HARNESS_IMAPS_PORT"))
        }
        "postfix" => {
            // Postfix prints configuration errors only to a terminal: `script` gives it one.
            let mut c = Command::new("script");
            c.arg("-qefc")
                .arg(format!("postfix -c {} start-fg", postfix_conf().display()))
                .arg("/dev/null");
            (c, Harness::get().port("HARNESS_SUBMISSION_PORT"))
        }
        other => return Err(format!("the harness cannot restart {other}")),
    };
    let log_path = root.join("logs").join(format!("{name}.log"));
    let log = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(&log_path)
        .map_err(|e| format!("{}: {e}", log_path.display()))?;
    let log_err = log.try_clone().map_err(|e| e.to_string())?;
    command
        .stdin(Stdio::null())
        .stdout(log)
        .stderr(log_err)
        .process_group(0);
    let child = command
        .spawn()
        .map_err(|e| format!("cannot start {name}: {e}"))?;
    let pid = child.id();
    // The server outlives this test process, like one `servers up` started.
    std::mem::forget(child);
    let started = start_time(pid).unwrap_or_default();
    std::fs::write(pid_file(name), format!("{pid} {started}")).map_err(|e| e.to_string())?;
    let deadline = Instant::now() + Duration::from_secs(30);
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        if Instant::now() > deadline {
            return Err(format!("{name} does not listen on {port} after restart"));
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    if name == "dovecot" {
        // Postfix's running smtpd processes hold connections to the old Dovecot's auth
        // socket and would answer the next AUTH with 454: make them start afresh.
        let _ = Command::new("postfix")
            .arg("-c")
            .arg(postfix_conf())
            .arg("reload")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status();
        std::thread::sleep(Duration::from_millis(500));
    }
    Ok(())
}
