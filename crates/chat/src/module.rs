//! The chat module as the workplace sees it (see `werkbank_account::module`).

use crate::probe::logout;
use crate::{ChatError, TokenStore, probe};
use futures::future::BoxFuture;
use werkbank_account::discovery::ServiceKind;
use werkbank_account::module::{Module, ModuleInfo, ProbeContext, ServiceCheck};
use werkbank_account::{Account, ApiError, Credentials, ErrorCode};

#[derive(Debug, Default)]
pub struct ChatModule;

/// The account's Matrix access token in the OS keyring.
struct KeyringTokens<'a> {
    credentials: &'a Credentials,
    account: &'a str,
}

impl TokenStore for KeyringTokens<'_> {
    fn token(&self) -> Result<Option<String>, String> {
        self.credentials
            .matrix_token(self.account)
            .map_err(|e| e.to_string())
    }

    fn set_token(&self, token: &str) -> Result<(), String> {
        self.credentials
            .set_matrix_token(self.account, token)
            .map_err(|e| e.to_string())
    }
}

impl Module for ChatModule {
    fn info(&self) -> ModuleInfo {
        ModuleInfo {
            id: "chat",
            services: &[ServiceKind::Matrix],
        }
    }

    fn probe<'a>(
        &'a self,
        ctx: &'a ProbeContext,
        account: &'a Account,
    ) -> BoxFuture<'a, Vec<ServiceCheck>> {
        Box::pin(async move {
            let Some(matrix) = &account.matrix else {
                return Vec::new();
            };
            // The password is only used if no valid token is stored.
            let password = ctx.credentials.password(account).await.ok();
            let tokens = KeyringTokens {
                credentials: &ctx.credentials,
                account: &account.id,
            };
            let check = match probe(
                &ctx.net,
                &matrix.homeserver,
                &matrix.username,
                password.as_deref(),
                &tokens,
            )
            .await
            {
                Ok(report) => ServiceCheck::ok(
                    ServiceKind::Matrix,
                    format!(
                        "{} ({})",
                        report.user_id,
                        report.device_id.unwrap_or_default()
                    ),
                ),
                Err(e) => ServiceCheck::failed(ServiceKind::Matrix, ApiError::from(&e)),
            };
            vec![check]
        })
    }

    fn forget<'a>(
        &'a self,
        ctx: &'a ProbeContext,
        account: &'a Account,
    ) -> BoxFuture<'a, Result<(), ApiError>> {
        Box::pin(ChatModule::forget_device(ctx, account))
    }
}

impl ChatModule {
    async fn forget_device(ctx: &ProbeContext, account: &Account) -> Result<(), ApiError> {
        let Some(matrix) = &account.matrix else {
            return Ok(());
        };
        let Some(token) = ctx.credentials.matrix_token(&account.id)? else {
            return Ok(());
        };
        logout(&ctx.net, &matrix.homeserver, &token)
            .await
            .map_err(|e| ApiError::from(&e))
    }
}

impl From<&ChatError> for ApiError {
    fn from(error: &ChatError) -> ApiError {
        match error {
            ChatError::AuthFailed { host, user } => {
                ApiError::with(ErrorCode::AuthFailed, &[("host", host), ("user", user)])
            }
            ChatError::Net(net) => ApiError::from(net),
            ChatError::Protocol { host, reason } => ApiError::with(
                ErrorCode::ProtocolError,
                &[("host", host), ("reason", reason)],
            ),
            ChatError::PasswordUnavailable { reason } => {
                ApiError::with(ErrorCode::PasswordMissing, &[("account", reason)])
            }
            ChatError::TokenStore { reason } => {
                ApiError::with(ErrorCode::KeyringUnavailable, &[("reason", reason)])
            }
        }
    }
}
