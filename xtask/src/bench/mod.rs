//! `cargo xtask bench [name]`: benchmarks that measure Werkbank side by side with a peer
//! tool in the same run and print the ratio. Never part of `test` or CI: figures on a
//! shared 2-core machine are for comparison within one run, not for assertions.

mod footprint;
mod mail;
mod mailbox;
mod table;

use crate::cmd::Result;
pub use table::Table;

/// A benchmark a module plugs in: it runs ours and the peer on the same data.
pub struct Benchmark {
    pub name: &'static str,
    pub about: &'static str,
    pub run: fn() -> Result<Table>,
}

/// Module benchmarks register here as they arrive (mail, calendar, files).
const BENCHMARKS: &[Benchmark] = &[
    Benchmark {
        name: "footprint",
        about: "desktop app launch time and memory vs Thunderbird ESR, alice's account in both",
        run: footprint::run,
    },
    Benchmark {
        name: "mail",
        about: "mail sync and search on a 100,000-message INBOX vs imaplib, mbsync and notmuch",
        run: mail::run,
    },
];

pub fn run(args: &[&str]) -> Result {
    let selected: Vec<&Benchmark> = match args {
        [] => BENCHMARKS.iter().collect(),
        [name] => {
            let found: Vec<&Benchmark> = BENCHMARKS.iter().filter(|b| b.name == *name).collect();
            if found.is_empty() {
                return Err(format!("no benchmark named `{name}`; {}", available()));
            }
            found
        }
        _ => return Err("usage: cargo xtask bench [name]".into()),
    };
    if selected.is_empty() {
        println!("{}", available());
        return Ok(());
    }
    crate::servers::ensure_up()?;
    for bench in selected {
        println!("==> {} — {}", bench.name, bench.about);
        let table = (bench.run)()?;
        print!("{}", table.render());
    }
    Ok(())
}

fn available() -> String {
    if BENCHMARKS.is_empty() {
        "no benchmarks are registered yet (modules add theirs in xtask/src/bench)".into()
    } else {
        let names: Vec<&str> = BENCHMARKS.iter().map(|b| b.name).collect();
        format!("available: {}", names.join(", "))
    }
}
