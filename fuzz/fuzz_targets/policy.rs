//! The policy parser must turn any text into a policy or a `PolicyError`, never a panic:
//! an admin's broken file must not take down every desk it is rolled out to.

#![no_main]

use libfuzzer_sys::fuzz_target;
use std::path::Path;
use werkbank_account::ApiError;
use werkbank_account::policy::{Policy, TemplateVars};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    match Policy::from_str(text, Path::new("/etc/werkbank/policy.toml")) {
        Ok(policy) => {
            // What a loaded policy is used for must not panic either.
            let vars = TemplateVars {
                user: Some("u".into()),
                email: None,
                display_name: Some("D".into()),
            };
            for account in &policy.accounts {
                let _ = account.required_vars();
                let _ = account.instantiate(&vars);
            }
            let _ = policy.network.host_allowed("mail.example.test");
            let _ = policy.network.host_allowed("[::1]");
        }
        Err(error) => {
            // The line must point into the file.
            if let Some(line) = error.line {
                assert!(
                    line >= 1 && line <= text.lines().count().max(1) + 1,
                    "line {line} outside the file"
                );
            }
            let _ = error.to_string();
            let _ = ApiError::from(&error);
        }
    }
});
