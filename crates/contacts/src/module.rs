//! The contacts module as the workplace sees it (see `werkbank_account::module`).

use futures::future::BoxFuture;
use werkbank_account::dav::{HomeSet, find_home};
use werkbank_account::discovery::ServiceKind;
use werkbank_account::module::{Module, ModuleInfo, ProbeContext, ServiceCheck};
use werkbank_account::{Account, ApiError};

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
        Box::pin(async move {
            let Some(service) = &account.carddav else {
                return Vec::new();
            };
            let checked: Result<String, ApiError> = async {
                let password = ctx.credentials.password(account).await?;
                let home = find_home(
                    &ctx.net,
                    &service.url,
                    &service.username,
                    &password,
                    HomeSet::Addressbook,
                )
                .await?;
                Ok(home.home.to_string())
            }
            .await;
            vec![match checked {
                Ok(home) => ServiceCheck::ok(ServiceKind::CardDav, home),
                Err(error) => ServiceCheck::failed(ServiceKind::CardDav, error),
            }]
        })
    }
}
