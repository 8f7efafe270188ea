#![allow(clippy::unwrap_used)]
//! Keeps `docs/cli.md` true: every `console` block in it is run against the real test
//! servers, and each command must end with its documented exit code and print its
//! documented lines in order. The rules a block follows are on the page itself, under
//! "About the examples".

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use werkbank_harness::Harness;

/// One `$ ` line of a `console` block and what the page says it does.
#[derive(Debug)]
struct Example {
    /// Line number in the page, for failure messages.
    line: usize,
    command: String,
    exit_code: i32,
    expected: Vec<String>,
}

/// The commands of every `console` block, in page order.
fn examples(page: &str) -> Vec<Example> {
    let mut examples: Vec<Example> = Vec::new();
    let mut in_console = false;
    let mut in_other_block = false;
    for (index, line) in page.lines().enumerate() {
        let trimmed = line.trim_end();
        if let Some(info) = trimmed.strip_prefix("```") {
            if in_console || in_other_block {
                in_console = false;
                in_other_block = false;
            } else if info.trim() == "console" {
                in_console = true;
            } else {
                in_other_block = true;
            }
            continue;
        }
        if !in_console {
            continue;
        }
        if let Some(command) = trimmed.strip_prefix("$ ") {
            examples.push(Example {
                line: index + 1,
                command: command.to_string(),
                exit_code: 0,
                expected: Vec::new(),
            });
            continue;
        }
        let example = examples
            .last_mut()
            .unwrap_or_else(|| panic!("docs/cli.md:{}: output before any `$ ` command", index + 1));
        if let Some(code) = trimmed.strip_prefix("# exit ") {
            example.exit_code = code
                .trim()
                .parse()
                .unwrap_or_else(|_| panic!("docs/cli.md:{}: `# exit N` needs a number", index + 1));
        } else if !trimmed.trim().is_empty() {
            example.expected.push(trimmed.to_string());
        }
    }
    assert!(!in_console, "docs/cli.md: a `console` block is not closed");
    examples
}

/// `…` on its own line skips output; inside a line it stands for any text.
fn line_matches(expected: &str, actual: &str) -> bool {
    let actual = actual.trim_end();
    let parts: Vec<&str> = expected.split('…').collect();
    if parts.len() == 1 {
        return expected == actual;
    }
    let (first, last) = (parts[0], parts[parts.len() - 1]);
    if !actual.starts_with(first) || !actual[first.len()..].ends_with(last) {
        return false;
    }
    let mut rest = &actual[first.len()..actual.len() - last.len()];
    for middle in &parts[1..parts.len() - 1] {
        match rest.find(middle) {
            Some(at) => rest = &rest[at + middle.len()..],
            None => return false,
        }
    }
    true
}

/// The first expected line (ignoring `…` lines) that does not appear in order, if any.
fn first_missing<'a>(expected: &'a [String], output: &str) -> Option<&'a str> {
    let mut lines = output.lines();
    expected
        .iter()
        .filter(|e| e.trim() != "…")
        .find(|e| !lines.any(|actual| line_matches(e, actual)))
        .map(String::as_str)
}

/// A policy that trusts the harness's CA and resolves through its DNS server.
fn harness_policy(dir: &Path, harness: &Harness) -> PathBuf {
    let path = dir.join("policy.toml");
    let ca = harness.ca_cert().display().to_string();
    let dns = harness.dns();
    std::fs::write(
        &path,
        format!("version = 1\n[network]\nca_certificates = [{ca:?}]\ndns = [\"{dns}\"]\n"),
    )
    .unwrap();
    path
}

/// The variables of `harness.env`, for commands such as `echo "$HARNESS_ALICE_PASSWORD"`.
fn harness_vars(harness: &Harness) -> Vec<(String, String)> {
    let text = std::fs::read_to_string(harness.dir().join("harness.env")).unwrap();
    text.lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(|l| l.split_once('='))
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

#[test]
fn every_console_example_in_cli_md_prints_what_the_page_says() {
    let harness = Harness::get();
    let page_path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/cli.md");
    let page = std::fs::read_to_string(&page_path).unwrap();
    let examples = examples(&page);
    assert!(examples.len() > 10, "docs/cli.md lost its examples");

    let binary = Path::new(env!("CARGO_BIN_EXE_werkbank-cli"));
    let path = std::env::join_paths(
        std::iter::once(binary.parent().unwrap().to_path_buf()).chain(std::env::split_paths(
            &std::env::var_os("PATH").unwrap_or_default(),
        )),
    )
    .unwrap();
    let scratch = tempfile::tempdir().unwrap();
    let profile = scratch.path().join("profile");
    let work = scratch.path().join("work");
    std::fs::create_dir_all(&profile).unwrap();
    std::fs::create_dir_all(&work).unwrap();
    let policy = harness_policy(scratch.path(), harness);
    let vars = harness_vars(harness);

    let mut failures = Vec::new();
    for example in &examples {
        // The leading `werkbank-cli` is the binary under test; later ones (after `|`,
        // `flock …`) find it first on the PATH.
        let command = match example.command.strip_prefix("werkbank-cli ") {
            Some(rest) => format!("'{}' {rest}", binary.display()),
            None => example.command.clone(),
        };
        let output = Command::new("sh")
            .arg("-c")
            .arg(&command)
            .current_dir(&work)
            .envs(vars.iter().map(|(k, v)| (k.as_str(), v.as_str())))
            .env("PATH", &path)
            .env("WERKBANK_PROFILE", &profile)
            .env("WERKBANK_POLICY", &policy)
            .env("LC_ALL", "C.UTF-8")
            .env_remove("WERKBANK_LOG")
            .stdin(Stdio::null())
            .output()
            .unwrap();
        let printed = format!(
            "{}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
        let code = output.status.code().unwrap_or(-1);
        let problem = if code != example.exit_code {
            Some(format!(
                "exit code {code}, the page says {}",
                example.exit_code
            ))
        } else {
            first_missing(&example.expected, &printed)
                .map(|line| format!("missing (in order): {line}"))
        };
        if let Some(problem) = problem {
            failures.push(format!(
                "docs/cli.md:{}: $ {}\n  {problem}\n  output:\n{printed}",
                example.line, example.command
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} examples differ from what werkbank-cli does:\n\n{}",
        failures.len(),
        examples.len(),
        failures.join("\n")
    );
}

#[test]
fn an_ellipsis_inside_a_line_stands_for_any_text() {
    assert!(line_matches(
        "ok      matrix   @alice:example.test (…)",
        "ok      matrix   @alice:example.test (ABC)"
    ));
    assert!(line_matches("a…c…e", "abcde"));
    assert!(!line_matches("a…c…e", "abde"));
    assert!(!line_matches("ab", "abc"));
}
