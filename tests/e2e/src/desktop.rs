//! A virtual desktop for one test: Xvfb on a free display number and tauri-driver on
//! free loopback ports; both are stopped when the `Desktop` is dropped.

use crate::webdriver::Session;
use serde_json::json;
use std::net::TcpListener;
use std::os::unix::process::CommandExt;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

#[derive(Debug)]
pub struct Desktop {
    xvfb: Child,
    driver: Child,
    pub display: String,
    port: u16,
    app: PathBuf,
    /// What the app gets besides `DISPLAY` (profile, policy, session bus).
    env: Vec<(String, String)>,
}

/// The app under test (built by `cargo xtask test`) and the tauri-driver to use.
fn app_path() -> Result<PathBuf, String> {
    std::env::var_os("WERKBANK_APP")
        .map(PathBuf::from)
        .filter(|p| p.is_file())
        .ok_or_else(|| {
            "WERKBANK_APP does not name the built app: run the E2E tests through `cargo xtask test`"
                .into()
        })
}

fn driver_path() -> PathBuf {
    std::env::var_os("WERKBANK_TAURI_DRIVER")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            let home = std::env::var_os("HOME")
                .map(PathBuf::from)
                .unwrap_or_else(|| PathBuf::from("/root"));
            home.join(".cache/werkbank/tools/bin/tauri-driver")
        })
}

fn free_port() -> Result<u16, String> {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .map_err(|e| format!("no free port: {e}"))
}

impl Desktop {
    /// Starts Xvfb and tauri-driver; `env` is passed to the app (profile, policy, bus).
    pub async fn start(env: &[(&str, String)]) -> Result<Desktop, String> {
        let app = app_path()?;
        let number = (90..200)
            .find(|n| !std::path::Path::new(&format!("/tmp/.X11-unix/X{n}")).exists())
            .ok_or("no free X display number")?;
        let display = format!(":{number}");
        let xvfb = Command::new("Xvfb")
            .args([&display, "-screen", "0", "1280x800x24", "-nolisten", "tcp"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| format!("cannot start Xvfb (apt-get install xvfb): {e}"))?;
        let socket = PathBuf::from(format!("/tmp/.X11-unix/X{number}"));
        wait_until(Duration::from_secs(10), || socket.exists())
            .await
            .map_err(|_| "Xvfb did not start".to_string())?;

        let port = free_port()?;
        let native_port = free_port()?;
        let driver = Command::new(driver_path())
            // Its own process group: WebKitWebDriver and the app are stopped with it.
            .process_group(0)
            // No accessibility bus daemons that would outlive the test.
            .env("NO_AT_BRIDGE", "1")
            .env("GTK_A11Y", "none")
            .args([
                "--port",
                &port.to_string(),
                "--native-port",
                &native_port.to_string(),
            ])
            .args(["--native-driver", "/usr/bin/WebKitWebDriver"])
            .env("DISPLAY", &display)
            .envs(env.iter().map(|(k, v)| (*k, v.as_str())))
            .stdout(Stdio::null())
            .stderr(Stdio::inherit())
            .spawn()
            .map_err(|e| {
                format!(
                    "cannot start tauri-driver at {} (cargo xtask test installs it): {e}",
                    driver_path().display()
                )
            })?;
        let addr = std::net::SocketAddr::from(([127, 0, 0, 1], port));
        wait_until(Duration::from_secs(20), || {
            std::net::TcpStream::connect_timeout(&addr, Duration::from_millis(100)).is_ok()
        })
        .await
        .map_err(|_| "tauri-driver did not listen".to_string())?;
        Ok(Desktop {
            xvfb,
            driver,
            display,
            port,
            app,
            env: env
                .iter()
                .map(|(k, v)| (k.to_string(), v.clone()))
                .collect(),
        })
    }

    /// Starts the app binary once more on this display with `args`, as a desktop file
    /// or the system's link handler would, and waits up to `timeout` for it to end.
    /// A second launch must hand its arguments to the running app and exit: a process
    /// still running after `timeout` (e.g. a second window) is killed and an error.
    pub async fn launch_again(
        &self,
        args: &[&str],
        timeout: Duration,
    ) -> Result<std::process::ExitStatus, String> {
        let mut child = tokio::process::Command::new(&self.app)
            .args(args)
            .env("DISPLAY", &self.display)
            .env("NO_AT_BRIDGE", "1")
            .envs(self.env.iter().map(|(k, v)| (k.as_str(), v.as_str())))
            .stdout(Stdio::null())
            .stderr(Stdio::inherit())
            .kill_on_drop(true)
            .spawn()
            .map_err(|e| format!("cannot start {}: {e}", self.app.display()))?;
        match tokio::time::timeout(timeout, child.wait()).await {
            Ok(status) => status.map_err(|e| format!("waiting for the second launch: {e}")),
            Err(_) => {
                let _ = child.kill().await;
                Err(format!(
                    "the second launch still runs after {timeout:?}: it did not hand over to the first"
                ))
            }
        }
    }

    /// Launches the app and returns the WebDriver session that controls it.
    pub async fn launch(&self) -> Result<Session, String> {
        let capabilities = json!({
            "browserName": "wry",
            "tauri:options": { "application": self.app.display().to_string() },
        });
        Session::new(&format!("http://127.0.0.1:{}", self.port), capabilities).await
    }
}

impl Drop for Desktop {
    fn drop(&mut self) {
        let _ = Command::new("kill")
            .args(["-TERM", "--", &format!("-{}", self.driver.id())])
            .status();
        let _ = self.driver.kill();
        let _ = self.driver.wait();
        let _ = self.xvfb.kill();
        let _ = self.xvfb.wait();
    }
}

async fn wait_until(timeout: Duration, mut ready: impl FnMut() -> bool) -> Result<(), ()> {
    let deadline = Instant::now() + timeout;
    while !ready() {
        if Instant::now() > deadline {
            return Err(());
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    Ok(())
}
