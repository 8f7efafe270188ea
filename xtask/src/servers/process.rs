//! Starting servers in their own process group with a pid file, waiting until they
//! listen, and stopping exactly those process groups again (never `pkill`).

use super::Layout;
use crate::cmd::Result;
use std::fs::OpenOptions;
use std::net::{SocketAddr, TcpStream};
use std::os::unix::process::CommandExt;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Spawns `command` as the server `name`: own process group, output appended to its
/// log, pid recorded. The caller waits for readiness with [`wait_for_ports`].
pub fn spawn(layout: &Layout, name: &str, mut command: Command) -> Result {
    let log_path = layout.log(name);
    let log = OpenOptions::new()
        .create(true)
        .append(true)
        .open(&log_path)
        .map_err(|e| format!("cannot open {}: {e}", log_path.display()))?;
    let log_err = log
        .try_clone()
        .map_err(|e| format!("cannot open {}: {e}", log_path.display()))?;
    command
        .stdin(Stdio::null())
        .stdout(log)
        .stderr(log_err)
        .process_group(0);
    let child = command
        .spawn()
        .map_err(|e| format!("cannot start {name}: {e}"))?;
    let pid = child.id();
    let started = start_time(pid).unwrap_or_default();
    super::layout::write(&layout.pid_file(name), &format!("{pid} {started}"))
}

/// The recorded pid of a server, if that process is still the one we started: a pid
/// file is written with the process's start time, so a pid the kernel reused for an
/// unrelated process after a reboot or crash is never mistaken for ours (or killed).
pub fn pid(layout: &Layout, name: &str) -> Option<u32> {
    let text = std::fs::read_to_string(layout.pid_file(name)).ok()?;
    let mut fields = text.split_whitespace();
    let pid: u32 = fields.next()?.parse().ok()?;
    let recorded: u64 = fields.next()?.parse().ok()?;
    (start_time(pid) == Some(recorded)).then_some(pid)
}

/// Field 22 of /proc/<pid>/stat: when the process started, in clock ticks after boot.
fn start_time(pid: u32) -> Option<u64> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    let (_, after_name) = stat.rsplit_once(')')?;
    // after_name starts at field 3 (state); field 22 is the 20th from there.
    after_name.split_whitespace().nth(19)?.parse().ok()
}

pub fn alive(pid: u32) -> bool {
    // A zombie still has a /proc entry; its state letter tells.
    match std::fs::read_to_string(format!("/proc/{pid}/stat")) {
        Ok(stat) => stat
            .rsplit_once(')')
            .and_then(|(_, rest)| rest.split_whitespace().next())
            .is_some_and(|state| state != "Z" && state != "X"),
        Err(_) => false,
    }
}

pub fn is_running(layout: &Layout, name: &str) -> bool {
    pid(layout, name).is_some_and(alive)
}

/// Fails when a port is taken: a stray server (say, of an earlier harness whose state
/// was lost) would otherwise answer in place of ours and make tests lie.
pub fn ensure_ports_free(name: &str, ports: &[u16]) -> Result {
    for &port in ports {
        let addr = SocketAddr::from(([127, 0, 0, 1], port));
        if TcpStream::connect_timeout(&addr, Duration::from_millis(200)).is_ok() {
            return Err(format!(
                "cannot start {name}: port {port} on 127.0.0.1 is already in use by a process \
                 this harness did not start (`ss -ltnp 'sport = :{port}'` shows which)"
            ));
        }
    }
    Ok(())
}

/// Waits until every port accepts a TCP connection. If the server exits or the
/// deadline passes, fails with the tail of its log.
pub fn wait_for_ports(layout: &Layout, name: &str, ports: &[u16], timeout: Duration) -> Result {
    let deadline = Instant::now() + timeout;
    for &port in ports {
        let addr = SocketAddr::from(([127, 0, 0, 1], port));
        loop {
            if TcpStream::connect_timeout(&addr, Duration::from_millis(200)).is_ok() {
                break;
            }
            if !is_running(layout, name) {
                return Err(format!(
                    "{name} exited during start-up\n{}",
                    log_tail(layout, name)
                ));
            }
            if Instant::now() > deadline {
                return Err(format!(
                    "{name} does not listen on port {port} after {}s\n{}",
                    timeout.as_secs(),
                    log_tail(layout, name)
                ));
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }
    Ok(())
}

pub fn log_tail(layout: &Layout, name: &str) -> String {
    let path = layout.log(name);
    let text = std::fs::read_to_string(&path).unwrap_or_default();
    let lines: Vec<&str> = text.lines().collect();
    let tail = lines[lines.len().saturating_sub(40)..].join("\n");
    format!("--- last lines of {} ---\n{tail}", path.display())
}

/// Stops the process group recorded for `name`: SIGTERM, then SIGKILL after 10 s.
pub fn stop(layout: &Layout, name: &str) -> Result {
    let Some(pid) = pid(layout, name) else {
        return Ok(());
    };
    if alive(pid) {
        signal_group(pid, "TERM");
        let deadline = Instant::now() + Duration::from_secs(10);
        while alive(pid) && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(100));
        }
        if alive(pid) {
            signal_group(pid, "KILL");
        }
    }
    let _ = std::fs::remove_file(layout.pid_file(name));
    if alive(pid) {
        Err(format!("{name} (pid {pid}) did not stop"))
    } else {
        Ok(())
    }
}

/// Sends a signal to one process group (the one `spawn` created for the server).
pub fn signal_group(pgid: u32, signal: &str) {
    let _ = Command::new("kill")
        .args([&format!("-{signal}"), "--", &format!("-{pgid}")])
        .stderr(Stdio::null())
        .status();
}
