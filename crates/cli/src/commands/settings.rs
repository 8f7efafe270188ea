//! `werkbank-cli settings …`

use crate::args::SettingsCommand;
use crate::output::Output;
use werkbank_account::ApiError;
use werkbank_account::settings::Setting;
use werkbank_workplace::{Access, OpenOptions, Workplace};

pub fn run(command: SettingsCommand, options: OpenOptions, out: &Output) -> Result<bool, ApiError> {
    match command {
        SettingsCommand::Get { key } => {
            let wp = Workplace::open(options, Access::Read)?;
            let settings = wp.settings_get(key.as_deref())?;
            out.print(&settings, |list| list.iter().map(line).collect());
        }
        SettingsCommand::Set { key, value } => {
            let wp = Workplace::open(options, Access::Write)?;
            let setting = wp.settings_set(&key, &value)?;
            out.print(&setting, line);
        }
    }
    Ok(true)
}

fn line(s: &Setting) -> String {
    let lock = match (&s.locked, &s.locked_by) {
        (true, Some(file)) => format!("  (locked by {})", file.display()),
        (true, None) => "  (locked)".into(),
        _ => String::new(),
    };
    format!(
        "{} = {}  [{}]{lock}\n",
        s.key,
        s.value,
        crate::output::wire(&s.source)
    )
}
