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

/// The action a click on the notification's body reports (the default action).
const DEFAULT_ACTION: &str = "tap";

impl Targets {
    /// Remembers what a new notification is about and returns the id to show it with.
    fn register(&self, target: &str) -> i32 {
        let id = self.next_id.fetch_add(1, Ordering::Relaxed) + 1;
        if let Ok(mut by_id) = self.by_id.lock() {
            by_id.insert(id, target.to_string());
        }
        id
    }

    /// The item to open for an action on a notification: only a click on one we showed
    /// (its default action) opens it, and only once. Other actions (a button, closing
    /// it) open nothing and keep the target for a later click.
    fn clicked(&self, action_id: &str, notification_id: Option<i32>) -> Option<String> {
        if action_id != DEFAULT_ACTION {
            return None;
        }
        let id = notification_id?;
        self.by_id.lock().ok()?.remove(&id)
    }
}

/// Registers the click handler; call once at start-up.
pub fn init(app: &AppHandle) {
    app.manage(Targets::default());
    let handle = app.clone();
    let registered = app.notification().on_action(move |performed| {
        let id = performed.notification().map(|n| n.id());
        let target = handle.state::<Targets>().clicked(performed.action_id(), id);
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

/// Shows a notification that opens `target` when clicked (new mail: sender and subject).
pub fn notify(app: &AppHandle, title: &str, body: &str, target: &str) {
    let id = app.state::<Targets>().register(target);
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_click_on_a_notification_opens_its_item_once() {
        let targets = Targets::default();
        let id = targets.register("mail/work/INBOX/42");
        assert_eq!(
            targets.clicked("tap", Some(id)).as_deref(),
            Some("mail/work/INBOX/42")
        );
        assert_eq!(targets.clicked("tap", Some(id)), None, "a second click");
    }

    #[test]
    fn every_notification_gets_its_own_id_and_item() {
        let targets = Targets::default();
        let first = targets.register("mail/work/INBOX/1");
        let second = targets.register("chat/work/!room:example.test");
        assert_ne!(first, second);
        assert_eq!(
            targets.clicked("tap", Some(second)).as_deref(),
            Some("chat/work/!room:example.test")
        );
        assert_eq!(
            targets.clicked("tap", Some(first)).as_deref(),
            Some("mail/work/INBOX/1")
        );
    }

    #[test]
    fn other_actions_open_nothing_and_keep_the_item_for_a_click() {
        let targets = Targets::default();
        let id = targets.register("mail/work/INBOX/7");
        assert_eq!(targets.clicked("dismiss", Some(id)), None);
        assert_eq!(targets.clicked("", Some(id)), None);
        assert_eq!(
            targets.clicked("tap", Some(id)).as_deref(),
            Some("mail/work/INBOX/7")
        );
    }

    #[test]
    fn a_click_on_a_notification_of_someone_else_opens_nothing() {
        let targets = Targets::default();
        targets.register("mail/work/INBOX/7");
        assert_eq!(targets.clicked("tap", Some(999)), None);
        assert_eq!(targets.clicked("tap", None), None);
    }
}
