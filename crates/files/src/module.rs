//! The files module as the workplace sees it (see `werkbank_account::module`).

use crate::{FilesError, probe};
use futures::future::BoxFuture;
use werkbank_account::discovery::ServiceKind;
use werkbank_account::module::{Module, ModuleInfo, ProbeContext, ServiceCheck};
use werkbank_account::{Account, ApiError, ErrorCode};

#[derive(Debug, Default)]
pub struct FilesModule;

impl Module for FilesModule {
    fn info(&self) -> ModuleInfo {
        ModuleInfo {
            id: "files",
            services: &[ServiceKind::WebDav],
        }
    }

    fn probe<'a>(
        &'a self,
        ctx: &'a ProbeContext,
        account: &'a Account,
    ) -> BoxFuture<'a, Vec<ServiceCheck>> {
        Box::pin(async move {
            let Some(webdav) = &account.webdav else {
                return Vec::new();
            };
            let check = match ctx.credentials.password(account).await {
                Err(e) => ServiceCheck::failed(ServiceKind::WebDav, ApiError::from(&e)),
                Ok(password) => {
                    match probe(&ctx.net, &webdav.url, &webdav.username, &password).await {
                        Ok(report) => ServiceCheck::ok(
                            ServiceKind::WebDav,
                            match report.quota_available_bytes {
                                Some(free) => format!("{} ({free} bytes free)", webdav.url),
                                None => webdav.url.to_string(),
                            },
                        ),
                        Err(e) => ServiceCheck::failed(ServiceKind::WebDav, ApiError::from(&e)),
                    }
                }
            };
            vec![check]
        })
    }
}

impl From<&FilesError> for ApiError {
    fn from(error: &FilesError) -> ApiError {
        match error {
            FilesError::AuthFailed { host, user } => {
                ApiError::with(ErrorCode::AuthFailed, &[("host", host), ("user", user)])
            }
            FilesError::Net(net) => ApiError::from(net),
            FilesError::Protocol { host, reason } => ApiError::with(
                ErrorCode::ProtocolError,
                &[("host", host), ("reason", reason)],
            ),
        }
    }
}
