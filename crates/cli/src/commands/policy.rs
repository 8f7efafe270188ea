//! `werkbank-cli policy …`

use crate::args::PolicyCommand;
use crate::output::Output;
use werkbank_account::ApiError;
use werkbank_workplace::{Access, OpenOptions, Workplace};

pub fn run(command: PolicyCommand, options: OpenOptions, out: &Output) -> Result<bool, ApiError> {
    match command {
        PolicyCommand::Show => {
            let wp = Workplace::open(options, Access::Read)?;
            let policy = wp.policy_show();
            out.print(policy, |p| match &p.source {
                Some(file) => format!(
                    "policy from {}\n{}",
                    file.display(),
                    serde_json::to_string_pretty(p).unwrap_or_default()
                ),
                None => "no policy file: built-in defaults apply".into(),
            });
        }
        PolicyCommand::Validate { file } => {
            let policy = Workplace::policy_validate(&file)?;
            let report = serde_json::json!({
                "valid": true,
                "file": file,
                "accounts": policy.accounts.len(),
                "locked_settings": policy.settings.iter().filter(|(_, s)| s.locked).map(|(k, _)| k.clone()).collect::<Vec<_>>(),
            });
            out.print(&report, |_| format!("{} is a valid policy", file.display()));
        }
    }
    Ok(true)
}
