//! Which modules exist and which the policy enables. A disabled module is not
//! constructed at all: its commands and probes are absent from the API.

use werkbank_account::module::Module;
use werkbank_account::policy::{ModuleId, Policy};

pub(crate) fn enabled(policy: &Policy) -> Vec<Box<dyn Module>> {
    let all: Vec<Box<dyn Module>> = vec![
        Box::new(werkbank_mail::MailModule),
        Box::new(werkbank_calendar::CalendarModule),
        Box::new(werkbank_contacts::ContactsModule),
        Box::new(werkbank_chat::ChatModule),
        Box::new(werkbank_files::FilesModule),
    ];
    all.into_iter()
        .filter(|m| ModuleId::parse(m.info().id).is_none_or(|id| policy.module_enabled(id)))
        .collect()
}
