//! Staying in sync: IDLE on INBOX (new mail arrives without user action), a polite
//! poll for the other folders, and reconnects with exponential backoff after errors —
//! all on one connection per account, which every pass reuses.

use super::fetch::Selected;
use super::{SyncOptions, Syncer};
use crate::MailError;
use crate::imap::{Connection, quote};
use async_imap::extensions::idle::IdleResponse;
use std::time::Duration;
use werkbank_account::ApiError;
use werkbank_account::module::ModuleEventKind;

#[derive(Debug, Clone)]
pub struct WatchOptions {
    pub sync: SyncOptions,
    /// How often folders other than INBOX are checked.
    pub poll: Duration,
    /// IDLE is renewed before servers drop it (RFC 2177: at most every 29 minutes).
    pub idle_renew: Duration,
    /// Backoff after a failure: starts here, doubles, capped at `max_backoff`.
    pub min_backoff: Duration,
    pub max_backoff: Duration,
}

impl Default for WatchOptions {
    fn default() -> Self {
        WatchOptions {
            sync: SyncOptions::default(),
            poll: Duration::from_secs(300),
            idle_renew: Duration::from_secs(25 * 60),
            min_backoff: Duration::from_secs(2),
            max_backoff: Duration::from_secs(300),
        }
    }
}

impl Syncer {
    /// Syncs now, then keeps the store current until `stop` resolves. Errors are
    /// reported as `offline` events and retried with backoff; they never end the loop.
    pub async fn watch(&self, options: WatchOptions, stop: impl Future<Output = ()>) {
        tokio::pin!(stop);
        let mut backoff = options.min_backoff;
        loop {
            let round = self.watch_round(&options);
            let result = tokio::select! {
                _ = &mut stop => return,
                result = round => result,
            };
            if let Err(error) = result {
                tracing::warn!(account = self.store().account(), %error, "mail sync failed; retrying");
                self.emit(ModuleEventKind::Offline {
                    error: ApiError::from(&error),
                });
                tokio::select! {
                    _ = &mut stop => return,
                    _ = tokio::time::sleep(backoff) => {}
                }
                backoff = (backoff * 2).min(options.max_backoff);
            } else {
                backoff = options.min_backoff;
            }
        }
    }

    /// One connection for everything: a full pass, then IDLE on INBOX; new mail, a
    /// nudge and the poll interval each bring a pass on that same connection (no new
    /// TLS session and login: a refresh costs the pass alone, and a thousand desks
    /// cost the server a thousand logins, not one per poll). Returns only on an error
    /// (the caller reconnects with backoff), or, for a server without IDLE, after each
    /// poll interval.
    async fn watch_round(&self, options: &WatchOptions) -> Result<(), MailError> {
        let mut conn = self.connect(&options.sync).await?;
        self.sync_with(&mut conn, &options.sync).await?;
        if !conn.has("IDLE") {
            conn.logout().await;
            tokio::select! {
                () = tokio::time::sleep(options.poll) => {}
                () = self.nudge.notified() => {}
            }
            return Ok(());
        }
        let mut deadline = tokio::time::Instant::now() + options.poll;
        let mut validity = select_inbox(&mut conn, None).await?;
        let (mut session, mut parked) = conn.park();
        loop {
            let mut idle = session.idle();
            idle.init()
                .await
                .map_err(|e| idle_error(&self.endpoint.host, e))?;
            let left = deadline.saturating_duration_since(tokio::time::Instant::now());
            let (response, nudged) = {
                let (wait, interrupt) = idle.wait_with_timeout(left.min(options.idle_renew));
                tokio::pin!(wait);
                let nudge = self.nudge.notified();
                tokio::pin!(nudge);
                let outcome = tokio::select! {
                    response = &mut wait => Ok(response),
                    () = &mut nudge => Err(()),
                };
                match outcome {
                    Ok(response) => (response, false),
                    Err(()) => {
                        // Leave IDLE cleanly (DONE), then do a full pass.
                        drop(interrupt);
                        (wait.await, true)
                    }
                }
            };
            let response = response.map_err(|e| idle_error(&self.endpoint.host, e))?;
            session = idle
                .done()
                .await
                .map_err(|e| idle_error(&self.endpoint.host, e))?;
            let new_mail = matches!(response, IdleResponse::NewData(_));
            let full_pass = nudged || tokio::time::Instant::now() >= deadline;
            if !new_mail && !full_pass {
                // IDLE renewed before the server drops it; nothing to do.
                continue;
            }
            let mut conn = Connection::resume(session, parked);
            if new_mail {
                tracing::debug!(account = self.store().account(), "IDLE: INBOX changed");
                // First the new headers from the selected INBOX (the fast path to
                // the store), then a pass for everything else.
                self.fetch_new_in_inbox(&mut conn, validity).await?;
            }
            if full_pass {
                tracing::debug!(account = self.store().account(), "sync requested or due");
                self.sync_with(&mut conn, &options.sync).await?;
                deadline = tokio::time::Instant::now() + options.poll;
            } else {
                let inbox_only = SyncOptions {
                    folders: vec!["INBOX".into()],
                    ..options.sync.clone()
                };
                self.sync_with(&mut conn, &inbox_only).await?;
            }
            // Ready for the next IDLE.
            validity = select_inbox(&mut conn, validity).await?;
            (session, parked) = conn.park();
        }
    }

    /// New INBOX mail on the IDLE connection, which has INBOX selected: stored before
    /// anything else is asked (see `folder::fetch_new_selected`), when the selected
    /// mailbox is the one the store knows (same UIDVALIDITY).
    async fn fetch_new_in_inbox(
        &self,
        conn: &mut Connection,
        validity: Option<u32>,
    ) -> Result<(), MailError> {
        let _one_at_a_time = self.lock.lock().await;
        let Ok(inbox) = self.store().find_folder("INBOX") else {
            return Ok(());
        };
        if validity.is_none() || inbox.state.uidvalidity != validity {
            return Ok(());
        }
        super::folder::fetch_new_selected(self, conn, &inbox).await?;
        Ok(())
    }
}

/// SELECTs INBOX for IDLE; returns its UIDVALIDITY. When this same command selected
/// the mailbox that is still selected (a pass that selected nothing else, as when
/// nothing changed), INBOX stays selected and `current` is still its UIDVALIDITY: no
/// second SELECT, which on a large Maildir makes Dovecot scan it again.
async fn select_inbox(
    conn: &mut Connection,
    current: Option<u32>,
) -> Result<Option<u32>, MailError> {
    let command = format!("SELECT {}", quote("INBOX"));
    if current.is_some() && conn.selected_by() == Some(command.as_str()) {
        return Ok(current);
    }
    let mut selected = Selected::default();
    conn.run_ok(&command, |r| {
        selected.take(r);
        Ok(())
    })
    .await?;
    Ok(selected.uidvalidity)
}

fn idle_error(host: &str, error: async_imap::error::Error) -> MailError {
    match error {
        async_imap::error::Error::ConnectionLost => MailError::ConnectionLost {
            host: host.to_string(),
        },
        async_imap::error::Error::Io(e)
            if matches!(
                e.kind(),
                std::io::ErrorKind::UnexpectedEof
                    | std::io::ErrorKind::ConnectionReset
                    | std::io::ErrorKind::BrokenPipe
            ) =>
        {
            MailError::ConnectionLost {
                host: host.to_string(),
            }
        }
        other => crate::imap::protocol(host, other),
    }
}
