//! Desktop notifications that open what they are about when clicked.
//!
//! `notify(title, body, target)` shows a notification; a click on it (its default
//! action, which the notification plugin reports as `tap` on Linux through the
//! freedesktop `ActionInvoked` signal, and on Windows and macOS while it is on screen)
//! brings the window up and emits `open-item` with `target` (e.g. `mail/demo/INBOX/42`)
//! for the UI to navigate to. Notification servers without actions (some minimal ones)
//! simply show the text.

use std::collections::HashMap;
use std::sync::Mutex;
use std::sync::atomic::{AtomicI32, Ordering};
use tauri::{AppHandle, Emitter, Manager};
use tauri_plugin_notification::NotificationExt;

/// The event the UI navigates on.
pub const OPEN_ITEM: &str = "open-item";

/// Which item each shown notification is about, by notification id.
#[derive(Debug, Default)]
pub struct Targets {
    next_id: AtomicI32,
    by_id: Mutex<HashMap<i32, String>>,
}

/// Registers the click handler; call once at start-up.
pub fn init(app: &AppHandle) {
    app.manage(Targets::default());
    let handle = app.clone();
    let registered = app.notification().on_action(move |performed| {
        if performed.action_id() != "tap" {
            return;
        }
        let Some(id) = performed.notification().map(|n| n.id()) else {
            return;
        };
        let target = handle
            .state::<Targets>()
            .by_id
            .lock()
            .ok()
            .and_then(|mut t| t.remove(&id));
        if let Some(target) = target {
            crate::show_main_window(&handle);
            if let Err(e) = handle.emit(OPEN_ITEM, target) {
                tracing::warn!("could not hand the clicked item to the UI: {e}");
            }
        }
    });
    if let Err(e) = registered {
        tracing::warn!("notification clicks will not open anything: {e}");
    }
}

/// Shows a notification that opens `target` when clicked.
// NOTE: nothing notifies yet (no mail sync); new mail and chat messages will.
#[allow(dead_code)]
pub fn notify(app: &AppHandle, title: &str, body: &str, target: &str) {
    let targets = app.state::<Targets>();
    let id = targets.next_id.fetch_add(1, Ordering::Relaxed) + 1;
    if let Ok(mut by_id) = targets.by_id.lock() {
        by_id.insert(id, target.to_string());
    }
    let shown = app
        .notification()
        .builder()
        .id(id)
        .title(title)
        .body(body)
        .show();
    if let Err(e) = shown {
        tracing::warn!("could not show a notification: {e}");
    }
}
