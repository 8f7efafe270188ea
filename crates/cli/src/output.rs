//! Printing results: stable JSON with `--json`, short text otherwise. Errors go to
//! standard error as text (message, then what to do), or to standard output as
//! `{"error": {...}}` with `--json`.

use serde::Serialize;
use werkbank_account::ApiError;

pub struct Output {
    pub json: bool,
}

impl Output {
    /// Prints `value` as JSON, or the text `human` renders.
    pub fn print<T: Serialize>(&self, value: &T, human: impl FnOnce(&T) -> String) {
        if self.json {
            match serde_json::to_string_pretty(value) {
                Ok(text) => println!("{text}"),
                Err(e) => eprintln!("cannot serialise the result: {e}"),
            }
        } else {
            let text = human(value);
            if !text.is_empty() {
                println!("{}", text.trim_end());
            }
        }
    }

    pub fn error(&self, error: &ApiError) {
        /// A struct, not `json!`, so the keys keep the order of `ApiError` everywhere.
        #[derive(Serialize)]
        struct Wrapped<'a> {
            error: &'a ApiError,
        }
        if self.json {
            let wrapped = Wrapped { error };
            println!(
                "{}",
                serde_json::to_string_pretty(&wrapped).unwrap_or_default()
            );
        } else {
            eprintln!("error [{}]: {}", error.code, error.message);
            if !error.hint.is_empty() {
                eprintln!("  {}", error.hint);
            }
        }
    }
}

/// The wire name of an enum value (`well_known`, `tls`, `caldav`), so text output and
/// `--json` use the same words.
pub fn wire<T: Serialize>(value: &T) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(s)) => s,
        Ok(other) => other.to_string(),
        Err(_) => String::new(),
    }
}
