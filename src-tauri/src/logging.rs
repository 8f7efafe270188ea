//! Logs: a file per day in the profile's `logs/` (seven kept) and stderr. The level comes
//! from `WERKBANK_LOG` (an `EnvFilter`, e.g. `debug` or `werkbank_net=trace`), default
//! `info`. Nothing logs a secret: commands are not logged with their arguments, and the
//! crates below log hosts and codes, never passwords or tokens.

use std::path::Path;
use tracing_appender::non_blocking::WorkerGuard;
use tracing_appender::rolling::{RollingFileAppender, Rotation};
use tracing_subscriber::EnvFilter;
use tracing_subscriber::fmt::writer::MakeWriterExt;

const KEEP_DAYS: usize = 7;

/// Starts logging; keep the guard alive until the end, it flushes the file.
pub fn init(logs_dir: Option<&Path>) -> Option<WorkerGuard> {
    let filter = EnvFilter::try_from_env("WERKBANK_LOG").unwrap_or_else(|_| EnvFilter::new("info"));
    let file = logs_dir.and_then(|dir| {
        std::fs::create_dir_all(dir).ok()?;
        RollingFileAppender::builder()
            .rotation(Rotation::DAILY)
            .filename_prefix("werkbank")
            .filename_suffix("log")
            .max_log_files(KEEP_DAYS)
            .build(dir)
            .ok()
    });
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_ansi(false);
    match file {
        Some(file) => {
            let (writer, guard) = tracing_appender::non_blocking(file);
            builder.with_writer(writer.and(std::io::stderr)).init();
            Some(guard)
        }
        None => {
            builder.with_writer(std::io::stderr).init();
            None
        }
    }
}
