//! `cargo xtask`: the developer's front door.
//!
//! - `servers up|down|status` starts and stops the real servers every test talks to
//!   (see [`servers`]); their addresses and per-run passwords land in `harness.env`.
//! - `test` runs formatting, lints and every test with the servers up.
//! - `demo` brings the servers up with sample data for alice and opens the app.
//! - `bench [name]` runs benchmarks side by side with a peer tool.
//! - `package` builds the UI and the desktop app's `.deb` and `.rpm`.

mod bench;
mod cmd;
mod demo;
mod e2e;
mod package;
mod servers;
mod test;

use std::process::ExitCode;

const USAGE: &str = "\
usage: cargo xtask <command>

  servers up [--without autoconfig|srv|wellknown|nextcloud]...
                      install what is missing and start the test servers
  servers down        stop exactly what `up` started and undo its host names
  servers status      say what runs, where, and the harness.env to source
  test                fmt, clippy, harness self-test and every test, servers up
  demo                servers up with sample data, then the app on a demo profile
  bench [name]        benchmarks, each side by side with a peer tool
  package [--frontend-dist DIR]
                      the UI, then the desktop app as .deb and .rpm (Tauri bundler)
";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let result = match args.as_slice() {
        ["servers", "up", rest @ ..] => servers::Without::parse(rest).and_then(servers::up),
        ["servers", "down"] => servers::down(),
        ["servers", "status"] => servers::status(),
        ["test", rest @ ..] => test::run(rest),
        ["demo"] => demo::run(),
        ["bench", rest @ ..] => bench::run(rest),
        ["package", rest @ ..] => package::run(rest),
        ["help" | "--help" | "-h"] | [] => {
            print!("{USAGE}");
            Ok(())
        }
        _ => Err(format!("unknown command `{}`\n\n{USAGE}", args.join(" "))),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("xtask: {message}");
            ExitCode::FAILURE
        }
    }
}
