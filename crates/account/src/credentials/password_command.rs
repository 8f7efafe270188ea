//! Running an account's `password_command` (e.g. `pass show work/mail`).
//!
//! The command's output is the secret, so none of it reaches an error or a log; a
//! failure says only how the command ended and suggests running it in a terminal.

use crate::account::AccountError;
use std::process::Stdio;
use std::time::Duration;

/// How long a password command may take; long enough for a hardware token or a GPG
/// pinentry that is already unlocked, short enough that a hung command is noticed.
pub const PASSWORD_COMMAND_TIMEOUT: Duration = Duration::from_secs(10);

pub(super) async fn run(account_id: &str, command: &str) -> Result<String, AccountError> {
    let failed = |reason: String| AccountError::PasswordCommand {
        account: account_id.to_string(),
        reason,
    };
    let mut shell = shell(command);
    shell
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        // Discarded, not inherited: it could echo the secret into a terminal or log.
        .stderr(Stdio::null())
        // The timeout drops the future; this kills the shell with it.
        .kill_on_drop(true);
    let child = shell
        .spawn()
        .map_err(|e| failed(format!("it could not be started: {e}")))?;
    tracing::debug!(account = account_id, "running the password command");
    let output =
        match tokio::time::timeout(PASSWORD_COMMAND_TIMEOUT, child.wait_with_output()).await {
            Ok(Ok(output)) => output,
            Ok(Err(e)) => return Err(failed(format!("its output could not be read: {e}"))),
            Err(_) => {
                return Err(failed(format!(
                    "it did not finish within {} seconds",
                    PASSWORD_COMMAND_TIMEOUT.as_secs()
                )));
            }
        };
    if !output.status.success() {
        let status = output.status.code().map_or_else(
            || "it was killed by a signal".to_string(),
            |code| format!("it exited with status {code}"),
        );
        return Err(failed(format!(
            "{status}; run it in a terminal to see its messages"
        )));
    }
    let text = String::from_utf8(output.stdout)
        .map_err(|_| failed("it printed something that is not text".into()))?;
    let first_line = text
        .lines()
        .next()
        .unwrap_or_default()
        .trim_end_matches('\r');
    if first_line.is_empty() {
        return Err(failed("it printed nothing on its first line".into()));
    }
    Ok(first_line.to_string())
}

#[cfg(unix)]
fn shell(command: &str) -> tokio::process::Command {
    let mut shell = tokio::process::Command::new("sh");
    shell.arg("-c").arg(command);
    shell
}

#[cfg(windows)]
fn shell(command: &str) -> tokio::process::Command {
    let mut shell = tokio::process::Command::new("cmd");
    shell.arg("/C").arg(command);
    shell
}
