//! The mail module as the workplace sees it (see `werkbank_account::module`).

use crate::MailError;
use crate::probe::{self, Endpoint, Security};
use futures::FutureExt;
use futures::future::BoxFuture;
use werkbank_account::discovery::ServiceKind;
use werkbank_account::module::{
    Module, ModuleEvent, ModuleEventKind, ModuleInfo, ProbeContext, ServiceCheck, SyncContext,
    SyncHandle,
};
use werkbank_account::{Account, ApiError, ErrorCode, account};

#[derive(Debug, Default)]
pub struct MailModule;

impl Module for MailModule {
    fn info(&self) -> ModuleInfo {
        ModuleInfo {
            id: "mail",
            services: &[ServiceKind::Imap, ServiceKind::Smtp],
        }
    }

    fn probe<'a>(
        &'a self,
        ctx: &'a ProbeContext,
        account: &'a Account,
    ) -> BoxFuture<'a, Vec<ServiceCheck>> {
        Box::pin(async move {
            let Some(mail) = &account.mail else {
                return Vec::new();
            };
            let password = match ctx.credentials.password(account).await {
                Ok(p) => p,
                Err(e) => {
                    let error = ApiError::from(&e);
                    return vec![
                        ServiceCheck::failed(ServiceKind::Imap, error.clone()),
                        ServiceCheck::failed(ServiceKind::Smtp, error),
                    ];
                }
            };
            let imap = match probe::imap(&ctx.net, &endpoint(&mail.imap), &mail.username, &password)
                .await
            {
                Ok(report) => ServiceCheck::ok(ServiceKind::Imap, report.capabilities.join(" ")),
                Err(e) => ServiceCheck::failed(ServiceKind::Imap, ApiError::from(&e)),
            };
            let smtp = match probe::smtp(&ctx.net, &endpoint(&mail.smtp), &mail.username, &password)
                .await
            {
                Ok(report) => ServiceCheck::ok(ServiceKind::Smtp, report.extensions.join(" ")),
                Err(e) => ServiceCheck::failed(ServiceKind::Smtp, ApiError::from(&e)),
            };
            vec![imap, smtp]
        })
    }

    /// Background sync of one account: `Syncer::watch` (a pass, IDLE on INBOX, a poll
    /// of the rest, backoff after errors) until the handle is stopped.
    fn start(&self, ctx: SyncContext, account: &Account) -> Result<Option<SyncHandle>, ApiError> {
        let Some(mail) = account.mail.clone() else {
            return Ok(None);
        };
        let store = crate::MailStore::open(ctx.store.clone(), &account.id)
            .map_err(|e| ApiError::from(&e))?;
        let account = account.clone();
        let (stop_tx, stop_rx) = tokio::sync::oneshot::channel::<()>();
        let task = tokio::spawn(async move {
            let password = match ctx.probe.credentials.password(&account).await {
                Ok(password) => password,
                Err(e) => {
                    let _ = ctx.events.send(ModuleEvent {
                        module: "mail",
                        account: account.id.clone(),
                        kind: ModuleEventKind::Offline {
                            error: ApiError::from(&e),
                        },
                    });
                    return;
                }
            };
            let outbox = crate::Outbox::new(
                store.clone(),
                crate::Servers {
                    net: ctx.probe.net.clone(),
                    imap: endpoint(&mail.imap),
                    smtp: endpoint(&mail.smtp),
                    user: mail.username.clone(),
                    password: password.clone(),
                },
            )
            .with_events(ctx.events.clone());
            let syncer = crate::Syncer::new(
                store,
                ctx.probe.net,
                endpoint(&mail.imap),
                &mail.username,
                &password,
            )
            .with_events(ctx.events)
            .with_nudge(ctx.nudge);
            let stop = stop_rx.shared();
            tokio::join!(
                syncer.watch(crate::WatchOptions::default(), stop.clone().map(|_| ())),
                send_outbox(&outbox, stop.map(|_| ())),
            );
        });
        Ok(Some(SyncHandle::new(stop_tx, task)))
    }
}

/// How often the background looks at the outbox: a message queued while offline goes
/// out within this long of the server being back.
const OUTBOX_INTERVAL: std::time::Duration = std::time::Duration::from_secs(30);

/// Sends what waits in the outbox (queued offline, or left half done by a process that
/// died) and uploads changed drafts, until `stop`. Delivery-uncertain and refused
/// messages wait for the user.
async fn send_outbox(outbox: &crate::Outbox, stop: impl Future<Output = ()>) {
    tokio::pin!(stop);
    loop {
        let pending = outbox.store().outbox().map(|entries| {
            entries.iter().any(|e| {
                matches!(
                    e.state,
                    crate::OutboxState::Queued
                        | crate::OutboxState::Submitting
                        | crate::OutboxState::Accepted
                )
            })
        });
        match pending {
            Ok(true) => match outbox.flush().await {
                Ok(outcomes) => {
                    for o in outcomes.iter().filter(|o| o.error.is_some()) {
                        tracing::info!(id = o.id, state = ?o.state, "outbox: not sent yet");
                    }
                }
                Err(e) => tracing::warn!("outbox: {e}"),
            },
            Ok(false) => {}
            Err(e) => tracing::warn!("outbox: {e}"),
        }
        // Drafts saved while offline, or left by a window that closed without reaching
        // the server, go to the Drafts folder from here.
        match outbox.store().drafts_to_upload() {
            Ok(pending) if !pending.is_empty() => {
                if let Err(e) = outbox.upload_drafts().await {
                    tracing::info!("drafts: not uploaded yet: {e}");
                }
            }
            Ok(_) => {}
            Err(e) => tracing::warn!("drafts: {e}"),
        }
        tokio::select! {
            () = &mut stop => break,
            () = tokio::time::sleep(OUTBOX_INTERVAL) => {}
        }
    }
}

impl From<&account::Endpoint> for Endpoint {
    fn from(e: &account::Endpoint) -> Endpoint {
        endpoint(e)
    }
}

/// `Plain` is passed on as it is: the account layer allows it for localhost only, and
/// the probe checks that again before connecting.
fn endpoint(e: &account::Endpoint) -> Endpoint {
    let security = match e.security {
        account::Security::Tls => Security::Tls,
        account::Security::StartTls => Security::StartTls,
        account::Security::Plain => Security::Plain,
    };
    Endpoint {
        host: e.host.clone(),
        port: e.port,
        security,
    }
}

impl From<&MailError> for ApiError {
    fn from(error: &MailError) -> ApiError {
        match error {
            MailError::AuthFailed { host, user } => {
                ApiError::with(ErrorCode::AuthFailed, &[("host", host), ("user", user)])
            }
            MailError::Net(net) => ApiError::from(net),
            MailError::Protocol { host, reason } => ApiError::with(
                ErrorCode::ProtocolError,
                &[("host", host), ("reason", reason)],
            ),
            MailError::InvalidMailto { reason } | MailError::InvalidInput { reason } => {
                ApiError::with(ErrorCode::InvalidInput, &[("reason", reason)])
            }
            MailError::ConnectionLost { host } => {
                ApiError::with(ErrorCode::ConnectionLost, &[("host", host)])
            }
            MailError::NotFound { item } => ApiError::with(ErrorCode::NotFound, &[("item", item)]),
            MailError::Store {
                reason,
                damaged: true,
            } => ApiError::with(ErrorCode::StoreDamaged, &[("reason", reason)]),
            MailError::Store {
                reason,
                damaged: false,
            } => ApiError::with(ErrorCode::Internal, &[("reason", reason)]),
        }
    }
}
