//! The calendar module as the workplace sees it (see `werkbank_account::module`).

use futures::future::BoxFuture;
use werkbank_account::dav::{HomeSet, find_home};
use werkbank_account::discovery::ServiceKind;
use werkbank_account::module::{Module, ModuleInfo, ProbeContext, ServiceCheck};
use werkbank_account::{Account, ApiError};

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
        Box::pin(async move {
            let Some(service) = &account.caldav else {
                return Vec::new();
            };
            let checked: Result<String, ApiError> = async {
                let password = ctx.credentials.password(account).await?;
                let home = find_home(
                    &ctx.net,
                    &service.url,
                    &service.username,
                    &password,
                    HomeSet::Calendar,
                )
                .await?;
                Ok(home.home.to_string())
            }
            .await;
            vec![match checked {
                Ok(home) => ServiceCheck::ok(ServiceKind::CalDav, home),
                Err(error) => ServiceCheck::failed(ServiceKind::CalDav, error),
            }]
        })
    }
}
