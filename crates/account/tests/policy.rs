//! The policy file: a golden corpus (`tests/corpus/policy/*.toml` → `*.json`), host
//! matching, account templates, errors as the UI sees them, and the docs kept true.
//!
//! `UPDATE_GOLDEN=1 cargo test -p werkbank-account --test policy` rewrites the expected
//! files from what the parser does now; review the diff before committing it.

use serde_json::{Value, json};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use werkbank_account::policy::{NetworkPolicy, Policy, PolicyError, TemplateVar, TemplateVars};
use werkbank_account::{ApiError, ErrorCode};

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus/policy")
}

fn parse(text: &str, name: &str) -> Result<Policy, PolicyError> {
    // A bare file name keeps `source` and relative CA paths machine-independent.
    Policy::from_str(text, Path::new(name))
}

/// What the parser makes of `input`, in the golden file's shape.
fn actual(input: &str, name: &str, expected: Option<&Value>) -> Value {
    match parse(input, name) {
        Ok(policy) => serde_json::to_value(&policy).expect("a policy serialises"),
        Err(e) => {
            // Keep a hand-written, shorter `reason_contains` while it still matches.
            let reason = expected
                .and_then(|x| x["error"]["reason_contains"].as_str())
                .filter(|r| e.reason.contains(r))
                .map_or(e.reason.clone(), str::to_string);
            json!({ "error": { "line": e.line, "key": e.key, "reason_contains": reason } })
        }
    }
}

/// Compares one corpus entry; returns a description of the difference.
fn check(input: &str, name: &str, expected: &Value) -> Option<String> {
    match (parse(input, name), expected.get("error")) {
        (Ok(policy), None) => {
            let got = serde_json::to_value(&policy).expect("a policy serialises");
            (got != *expected).then(|| {
                format!(
                    "parsed to\n{}",
                    serde_json::to_string_pretty(&got).expect("JSON serialises")
                )
            })
        }
        (Ok(_), Some(_)) => Some("parsed, but an error was expected".to_string()),
        (Err(e), None) => Some(format!("failed, but should parse: {e}")),
        (Err(e), Some(want)) => {
            let mut problems = Vec::new();
            if json!(e.line) != want["line"] {
                problems.push(format!("line {:?}, expected {}", e.line, want["line"]));
            }
            if json!(e.key) != want["key"] {
                problems.push(format!("key {:?}, expected {}", e.key, want["key"]));
            }
            let needle = want["reason_contains"].as_str().unwrap_or_default();
            if needle.is_empty() || !e.reason.contains(needle) {
                problems.push(format!("reason {:?} does not contain {needle:?}", e.reason));
            }
            (!problems.is_empty()).then(|| problems.join("; "))
        }
    }
}

#[test]
fn corpus_policies_parse_to_their_golden_json() {
    let update = std::env::var_os("UPDATE_GOLDEN").is_some_and(|v| v == "1");
    let mut inputs: Vec<PathBuf> = std::fs::read_dir(corpus_dir())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    inputs.sort();

    let (mut good, mut broken, mut failures) = (0, 0, Vec::new());
    for input_path in &inputs {
        let name = input_path.file_name().unwrap().to_str().unwrap();
        let input = std::fs::read_to_string(input_path).unwrap();
        let expected_path = input_path.with_extension("json");
        let expected: Option<Value> = std::fs::read_to_string(&expected_path)
            .ok()
            .map(|t| serde_json::from_str(&t).unwrap());
        if update {
            let got = actual(&input, name, expected.as_ref());
            std::fs::write(
                &expected_path,
                serde_json::to_string_pretty(&got).expect("JSON serialises") + "\n",
            )
            .unwrap();
            continue;
        }
        let Some(expected) = expected else {
            failures.push(format!(
                "{name}: no {}; run with UPDATE_GOLDEN=1",
                expected_path.display()
            ));
            continue;
        };
        if expected.get("error").is_some() {
            broken += 1
        } else {
            good += 1
        }
        if let Some(problem) = check(&input, name, &expected) {
            failures.push(format!("{name}: {problem}"));
        }
    }
    assert!(
        failures.is_empty(),
        "golden mismatches:\n{}",
        failures.join("\n")
    );
    if !update {
        // The corpus is the specification; it must keep covering both sides.
        assert!(good >= 6, "only {good} good policies in the corpus");
        assert!(broken >= 12, "only {broken} broken policies in the corpus");
    }
}

#[test]
fn the_complete_example_provisions_everything() {
    let text = std::fs::read_to_string(corpus_dir().join("complete.toml")).unwrap();
    let policy = parse(&text, "/etc/werkbank/policy.toml").unwrap();
    assert!(!policy.module_enabled(werkbank_account::policy::ModuleId::Chat));
    assert!(policy.module_enabled(werkbank_account::policy::ModuleId::Mail));
    assert!(!policy.updates_check);
    assert_eq!(
        policy.network.proxy.as_ref().map(|u| u.as_str()),
        Some("http://proxy.example.test:3128/")
    );
    assert_eq!(policy.network.dns, vec!["127.0.0.1:10053".parse().unwrap()]);
    assert_eq!(policy.accounts.len(), 1);
    assert_eq!(
        policy.source.as_deref(),
        Some(Path::new("/etc/werkbank/policy.toml"))
    );
}

#[test]
fn relative_ca_certificates_are_relative_to_the_policy_file() {
    let policy = parse(
        "version = 1\n[network]\nca_certificates = [\"ca/root.pem\"]\n",
        "/etc/werkbank/policy.toml",
    )
    .unwrap();
    assert_eq!(
        policy.network.ca_certificates,
        vec![PathBuf::from("/etc/werkbank/ca/root.pem")]
    );
}

fn hosts(patterns: &[&str]) -> NetworkPolicy {
    NetworkPolicy {
        allowed_hosts: Some(patterns.iter().map(|p| p.to_string()).collect()),
        ..NetworkPolicy::default()
    }
}

#[test]
fn without_an_allow_list_every_host_is_allowed() {
    assert!(NetworkPolicy::default().host_allowed("anything.example.org"));
}

#[test]
fn exact_names_match_ignoring_case_and_a_trailing_dot() {
    let policy = hosts(&["mail.example.test"]);
    assert!(policy.host_allowed("mail.example.test"));
    assert!(policy.host_allowed("MAIL.Example.test."));
    assert!(!policy.host_allowed("example.test"));
    assert!(!policy.host_allowed("imap.mail.example.test"));
    assert!(hosts(&["Mail.Example.TEST."]).host_allowed("mail.example.test"));
}

#[test]
fn wildcards_match_subdomains_only() {
    let policy = hosts(&["*.example.test"]);
    assert!(policy.host_allowed("mail.example.test"));
    assert!(policy.host_allowed("a.b.example.test"));
    assert!(!policy.host_allowed("example.test"));
    assert!(!policy.host_allowed(".example.test"));
    assert!(!policy.host_allowed("evil-example.test"));
    assert!(!policy.host_allowed("mail.example.test.evil.test"));
    assert!(!policy.host_allowed(""));
}

#[test]
fn ip_literals_match_only_exactly() {
    let policy = hosts(&["10.0.0.25", "fd00::25", "*.0.0.1"]);
    assert!(policy.host_allowed("10.0.0.25"));
    assert!(policy.host_allowed("[fd00::25]"));
    assert!(policy.host_allowed("fd00:0:0::25"));
    assert!(!policy.host_allowed("10.0.0.26"));
    // A wildcard never stands for an address.
    assert!(!policy.host_allowed("127.0.0.1"));
}

#[test]
fn an_empty_allow_list_allows_nothing() {
    assert!(!hosts(&[]).host_allowed("example.test"));
}

fn complete_template() -> werkbank_account::policy::AccountTemplate {
    let text = std::fs::read_to_string(corpus_dir().join("complete.toml"))
        .expect("corpus/policy/complete.toml");
    parse(&text, "policy.toml")
        .expect("complete.toml parses")
        .accounts
        .remove(0)
}

#[test]
fn a_template_reports_the_variables_it_needs() {
    let template = complete_template();
    let all: BTreeSet<_> = TemplateVar::ALL.into_iter().collect();
    assert_eq!(template.required_vars(), all);
    let vars = TemplateVars {
        user: Some("max".into()),
        email: None,
        display_name: None,
    };
    assert_eq!(
        template.missing_vars(&vars),
        [TemplateVar::Email, TemplateVar::DisplayName].into()
    );
}

#[test]
fn instantiating_fills_every_placeholder() {
    let vars = TemplateVars {
        user: Some("mmuster".into()),
        email: Some("max.muster@example.test".into()),
        display_name: Some("Max Muster".into()),
    };
    let account = complete_template().instantiate(&vars);
    assert_eq!(account.id, "work");
    assert_eq!(account.display_name.as_deref(), Some("Max Muster"));
    assert_eq!(account.email.as_deref(), Some("max.muster@example.test"));
    assert_eq!(
        account.password_command.as_deref(),
        Some("/usr/bin/get-pw mmuster")
    );
    let mail = account.mail.unwrap();
    assert_eq!(mail.username.as_deref(), Some("max.muster@example.test"));
    assert_eq!(mail.imap, "imaps://mail.example.test:993");
    let webdav = account.webdav.unwrap();
    assert_eq!(
        webdav.url,
        "https://files.example.test/remote.php/dav/files/mmuster/"
    );
    assert_eq!(account.matrix.unwrap().username.as_deref(), Some("mmuster"));
    let json = serde_json::to_string(&account.caldav).unwrap();
    assert!(!json.contains("${"), "{json}");
}

#[test]
fn a_template_without_placeholders_needs_nothing() {
    let text = "version = 1\n[[accounts]]\nid = \"x\"\n[accounts.webdav]\nurl = \"https://f.example.test/\"\n";
    let template = parse(text, "policy.toml").unwrap().accounts.remove(0);
    assert!(template.required_vars().is_empty());
    assert_eq!(
        template
            .instantiate(&TemplateVars::default())
            .webdav
            .unwrap()
            .url,
        "https://f.example.test/"
    );
}

#[test]
fn template_vars_from_the_os_know_only_the_login_name() {
    let vars = TemplateVars::from_os();
    assert_eq!(vars.email, None);
    assert_eq!(vars.display_name, None);
}

#[test]
fn a_policy_error_names_file_line_and_key() {
    let e = parse(
        "version = 1\n\n[network]\nproxy = 3128\n",
        "/etc/werkbank/policy.toml",
    )
    .unwrap_err();
    assert_eq!(e.line, Some(4));
    assert_eq!(e.key.as_deref(), Some("network.proxy"));
    assert_eq!(
        e.to_string(),
        "/etc/werkbank/policy.toml:4: network.proxy: expected a string, found an integer"
    );
}

#[test]
fn a_policy_error_becomes_policy_invalid_with_every_detail() {
    let e = parse(
        "version = 1\n[settings]\n\"ui.theme\" = \"purple\"\n",
        "/etc/werkbank/policy.toml",
    )
    .unwrap_err();
    let api = ApiError::from(&e);
    assert_eq!(api.code, ErrorCode::PolicyInvalid);
    assert_eq!(api.details["file"], "/etc/werkbank/policy.toml");
    assert_eq!(api.details["line"], "3");
    assert_eq!(api.details["key"], "settings.\"ui.theme\"");
    assert!(api.details["reason"].contains("purple"));
    assert!(
        api.message.contains("/etc/werkbank/policy.toml"),
        "{}",
        api.message
    );
}

#[test]
fn an_unreadable_policy_error_still_fills_every_detail() {
    let missing = std::env::temp_dir().join("werkbank-no-such-dir/policy.toml");
    let e = Policy::from_file(&missing).unwrap_err();
    assert_eq!(e.line, None);
    let api = ApiError::from(&e);
    assert_eq!(api.details["line"], "unknown");
    assert_eq!(api.details["key"], "?");
    assert!(!api.hint.contains("{"), "{}", api.hint);
    assert!(
        !api.hint.contains('?'),
        "no placeholder reaches the user: {}",
        api.hint
    );
}

#[test]
fn a_policy_file_is_read_from_disk() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("policy.toml");
    std::fs::write(&path, "version = 1\n[modules]\ndisabled = [\"files\"]\n").unwrap();
    let policy = Policy::from_file(&path).unwrap();
    assert_eq!(policy.source.as_deref(), Some(path.as_path()));
    assert_eq!(
        policy.modules_disabled,
        vec![werkbank_account::policy::ModuleId::Files]
    );
}

#[test]
fn a_policy_file_that_is_not_utf8_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("policy.toml");
    std::fs::write(&path, b"version = 1\n# \xff\n").unwrap();
    assert!(
        Policy::from_file(&path)
            .unwrap_err()
            .reason
            .contains("UTF-8")
    );
}

#[test]
fn the_empty_policy_locks_nothing() {
    let policy = Policy::empty();
    assert!(policy.updates_check);
    assert!(policy.network.allow_certificate_pinning);
    assert!(!policy.network.public_lookups);
    assert!(policy.settings.is_empty() && policy.accounts.is_empty() && policy.source.is_none());
    assert_eq!(Policy::default(), policy);
}

/// The first ```toml block of docs/policy.md.
fn docs_example() -> String {
    let docs = std::fs::read_to_string(repo_root().join("docs/policy.md")).expect("docs/policy.md");
    let start = docs
        .find("```toml\n")
        .expect("docs/policy.md has a ```toml block")
        + "```toml\n".len();
    let end = docs[start..]
        .find("```")
        .expect("the ```toml block is closed");
    docs[start..start + end].to_string()
}

#[test]
fn the_complete_example_in_the_docs_parses() {
    let policy =
        parse(&docs_example(), "/etc/werkbank/policy.toml").unwrap_or_else(|e| panic!("{e}"));
    assert!(!policy.accounts.is_empty());
    assert!(!policy.settings.is_empty());
    assert!(policy.network.allowed_hosts.is_some());
}

#[test]
fn the_docs_describe_every_setting() {
    let docs = std::fs::read_to_string(repo_root().join("docs/policy.md")).unwrap();
    for spec in werkbank_account::settings::REGISTRY {
        assert!(
            docs.contains(&format!("`{}`", spec.key)),
            "docs/policy.md does not mention {}",
            spec.key
        );
    }
}

#[test]
fn the_json_schema_knows_every_setting_and_module() {
    let text = std::fs::read_to_string(repo_root().join("docs/policy.schema.json")).unwrap();
    let schema: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(
        schema["$schema"],
        "https://json-schema.org/draft/2020-12/schema"
    );
    let settings: BTreeSet<&str> = schema["properties"]["settings"]["properties"]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    let registry: BTreeSet<&str> = werkbank_account::settings::REGISTRY
        .iter()
        .map(|s| s.key)
        .collect();
    assert_eq!(settings, registry);
    let modules: BTreeSet<&str> = schema["$defs"]["module"]["enum"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    let known: BTreeSet<&str> = werkbank_account::policy::ModuleId::ALL
        .iter()
        .map(|m| m.as_str())
        .collect();
    assert_eq!(modules, known);
}

/// Inputs the fuzzer found interesting; they must stay harmless.
#[test]
fn the_fuzz_corpus_parses_without_panicking() {
    let dir = repo_root().join("fuzz/corpus/policy");
    let mut count = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let bytes = std::fs::read(entry.unwrap().path()).unwrap();
        if let Ok(text) = std::str::from_utf8(&bytes) {
            let _ = parse(text, "fuzz.toml");
        }
        count += 1;
    }
    assert!(count > 0, "{} is empty", dir.display());
}

/// Every example line under "How errors look" in docs/policy.md is what the parser says
/// for one of the broken corpus files.
#[test]
fn the_error_examples_in_the_docs_are_real() {
    let docs = std::fs::read_to_string(repo_root().join("docs/policy.md")).expect("docs/policy.md");
    let start = docs
        .find("```text\n")
        .expect("docs/policy.md has a ```text block")
        + "```text\n".len();
    let end = docs[start..]
        .find("```")
        .expect("the ```text block is closed");
    let messages: Vec<String> = std::fs::read_dir(corpus_dir())
        .expect("corpus dir")
        .map(|e| e.expect("corpus entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .filter_map(|p| {
            let text = std::fs::read_to_string(p).expect("corpus file");
            Policy::from_str(&text, Path::new("/etc/werkbank/policy.toml"))
                .err()
                .map(|e| e.to_string())
        })
        .collect();
    for line in docs[start..start + end].lines() {
        assert!(
            messages.iter().any(|m| m == line),
            "no corpus file produces\n{line}\nknown:\n{}",
            messages.join("\n")
        );
    }
}

/// Set in a child process of this test binary: `Policy::load` reads `WERKBANK_POLICY`,
/// and a test cannot change its own environment (`set_var` is unsafe; the crate denies
/// unsafe code).
const LOAD_CHILD_ENV: &str = "WERKBANK_TEST_POLICY_LOAD_CHILD";

#[test]
fn load_in_child_process() {
    if std::env::var_os(LOAD_CHILD_ENV).is_none() {
        return;
    }
    match Policy::load() {
        Ok(policy) => println!(
            "\n@@ LOADED {}",
            serde_json::to_string(&policy.modules_disabled).expect("JSON")
        ),
        Err(e) => println!("\n@@ FAILED {e}"),
    }
}

/// What `Policy::load` says with `WERKBANK_POLICY=policy_env`.
fn load_with(policy_env: &Path) -> String {
    let exe = std::env::current_exe().expect("the test binary");
    let output = std::process::Command::new(exe)
        .args([
            "--exact",
            "load_in_child_process",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(LOAD_CHILD_ENV, "1")
        .env("WERKBANK_POLICY", policy_env)
        .output()
        .expect("the test binary runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    // The harness prints "test … ok" around our output; the marker finds our line.
    let line = stdout.lines().find_map(|l| l.strip_prefix("@@ "));
    line.unwrap_or_else(|| panic!("no result from the child:\n{stdout}"))
        .to_string()
}

#[test]
fn load_reads_the_file_named_by_werkbank_policy() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("policy.toml");
    std::fs::write(&path, "version = 1\n[modules]\ndisabled = [\"chat\"]\n").unwrap();
    assert_eq!(load_with(&path), "LOADED [\"chat\"]");
}

#[test]
fn load_fails_when_werkbank_policy_names_a_missing_file() {
    let dir = tempfile::tempdir().unwrap();
    let result = load_with(&dir.path().join("missing.toml"));
    assert!(
        result.starts_with("FAILED ") && result.contains("missing.toml"),
        "{result}"
    );
}
