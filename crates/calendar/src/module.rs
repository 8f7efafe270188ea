//! The calendar module as the workplace sees it (see `werkbank_account::module`).

use futures::future::BoxFuture;
use werkbank_account::Account;
use werkbank_account::dav::{HomeSet, probe_home};
use werkbank_account::discovery::ServiceKind;
use werkbank_account::module::{Module, ModuleInfo, ProbeContext, ServiceCheck};

#[derive(Debug, Default)]
pub struct CalendarModule;

impl Module for CalendarModule {
    fn info(&self) -> ModuleInfo {
        ModuleInfo {
            id: "calendar",
            services: &[ServiceKind::CalDav],
        }
    }

    fn probe<'a>(
        &'a self,
        ctx: &'a ProbeContext,
        account: &'a Account,
    ) -> BoxFuture<'a, Vec<ServiceCheck>> {
        Box::pin(probe_home(
            ctx,
            account,
            account.caldav.as_ref(),
            ServiceKind::CalDav,
            HomeSet::Calendar,
        ))
    }
}
