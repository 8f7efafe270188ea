//! Background sync: every enabled module's `start` for every account, kept running
//! while the desktop app is open, and woken by `sync_now` when the user acted.
//! The CLI never starts it (`werkbank-cli mail sync --watch` runs its own loop).

use crate::{Workplace, commands, network};
use std::sync::Arc;
use tokio::sync::Notify;
use werkbank_account::ApiError;
use werkbank_account::module::{ProbeContext, SyncContext, SyncHandle};

/// One account's running syncs and its "sync now" signal.
#[derive(Debug)]
pub(crate) struct Running {
    nudge: Arc<Notify>,
    handles: Vec<SyncHandle>,
}

impl Workplace {
    /// Starts background sync for every account that has none yet (call it again after
    /// adding an account). Needs a Tokio runtime.
    pub fn start_sync(&self) -> Result<(), ApiError> {
        let store = self.store()?;
        for account in self.accounts.list()? {
            if self.running_lock().contains_key(&account.id) {
                continue;
            }
            let nudge = Arc::new(Notify::new());
            let ctx = SyncContext {
                probe: ProbeContext {
                    net: network::net(&self.policy, Some(&account))?,
                    credentials: commands::credentials(),
                },
                store: store.clone(),
                events: self.event_sender(),
                nudge: nudge.clone(),
            };
            let mut handles = Vec::new();
            for module in &self.modules {
                match module.start(ctx.clone(), &account) {
                    Ok(Some(handle)) => handles.push(handle),
                    Ok(None) => {}
                    Err(e) => {
                        tracing::warn!(account = %account.id, module = module.info().id, "cannot start sync: {e}")
                    }
                }
            }
            self.running_lock()
                .insert(account.id.clone(), Running { nudge, handles });
        }
        Ok(())
    }

    /// Stops an account's background sync (before it is removed or changed).
    pub async fn stop_sync(&self, account: &str) {
        let running = self.running_lock().remove(account);
        if let Some(running) = running {
            for handle in running.handles {
                handle.stop().await;
            }
        }
    }

    /// Wakes an account's sync for a pass now (an action waits in the journal).
    pub fn sync_now(&self, account: &str) {
        if let Some(running) = self.running_lock().get(account) {
            running.nudge.notify_one();
        }
    }

    fn running_lock(
        &self,
    ) -> std::sync::MutexGuard<'_, std::collections::HashMap<String, Running>> {
        self.running
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}
