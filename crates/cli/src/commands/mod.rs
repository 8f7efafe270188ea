//! One module per command group; each is a thin adapter over the workplace API.

pub mod account;
pub mod mail;
pub mod outbox;
pub mod policy;
pub mod settings;

use werkbank_account::{ApiError, ErrorCode};

/// The first line of standard input, without its line ending (a password).
pub fn read_stdin_line() -> Result<String, ApiError> {
    let mut line = String::new();
    std::io::stdin().read_line(&mut line).map_err(|e| {
        ApiError::with(
            ErrorCode::Io,
            &[("file", "stdin"), ("reason", &e.to_string())],
        )
    })?;
    let line = line.trim_end_matches(['\n', '\r']).to_string();
    if line.is_empty() {
        return Err(ApiError::with(
            ErrorCode::InvalidInput,
            &[("reason", "standard input gave no password")],
        ));
    }
    Ok(line)
}

/// Asks a yes/no question on the terminal; without one, the user must pass `--yes`.
pub fn confirm(question: &str, action: &str) -> Result<bool, ApiError> {
    use std::io::IsTerminal;
    let invalid = |reason: &str| ApiError::with(ErrorCode::InvalidInput, &[("reason", reason)]);
    if !std::io::stdin().is_terminal() {
        return Err(invalid(&format!(
            "no terminal to confirm on: pass --yes to {action} without asking"
        )));
    }
    eprint!("{question}");
    let mut answer = String::new();
    std::io::stdin()
        .read_line(&mut answer)
        .map_err(|e| invalid(&e.to_string()))?;
    Ok(matches!(
        answer.trim(),
        "y" | "Y" | "yes" | "j" | "J" | "ja"
    ))
}
