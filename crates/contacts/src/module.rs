//! The contacts module as the workplace sees it (see `werkbank_account::module`).

use futures::future::BoxFuture;
use werkbank_account::Account;
use werkbank_account::dav::{HomeSet, probe_home};
use werkbank_account::discovery::ServiceKind;
use werkbank_account::module::{Module, ModuleInfo, ProbeContext, ServiceCheck};

#[derive(Debug, Default)]
pub struct ContactsModule;

impl Module for ContactsModule {
    fn info(&self) -> ModuleInfo {
        ModuleInfo {
            id: "contacts",
            services: &[ServiceKind::CardDav],
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
            account.carddav.as_ref(),
            ServiceKind::CardDav,
            HomeSet::Addressbook,
        ))
    }
}
