//! Werkbank's desktop app: the only crate that knows Tauri. It opens the workplace once
//! (the app owns the profile), hands the UI thin commands over it (`commands.rs`),
//! forwards the modules' events, takes `mailto:` links (`links.rs`), serves the mail
//! reader's sandboxed frame and routes its links (`reader.rs`), and owns the tray icon
//! (`tray.rs`), notifications (`notify.rs`) and the log files (`logging.rs`).
//! Everything else — protocols, policy, accounts — lives in the crates below.

// No console window next to the app on Windows (release builds).
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

mod commands;
mod links;
mod logging;
mod notify;
mod reader;
mod tray;

use std::collections::BTreeMap;
use std::process::ExitCode;
use tauri::{App, AppHandle, Emitter, Manager, WebviewWindowBuilder};
use tauri_plugin_deep_link::DeepLinkExt;
use tauri_plugin_dialog::{DialogExt, MessageDialogButtons, MessageDialogKind};
use tokio::sync::broadcast::error::RecvError;
use werkbank_account::i18n::{self, Lang};
use werkbank_account::{ApiError, Profile};
use werkbank_workplace::{Access, OpenOptions, Workplace};

const MAIN_WINDOW: &str = "main";
/// A `ModuleEvent` (progress, idle, offline, changed) for the status bar.
const MODULE_EVENT: &str = "module-event";

fn main() -> ExitCode {
    // The profile is resolved again by `Workplace::open`; here it only places the logs.
    let logs = Profile::resolve(None).ok().map(|p| p.logs_dir());
    let _log_guard = logging::init(logs.as_deref());
    tracing::info!(version = env!("CARGO_PKG_VERSION"), "Werkbank starts");
    // Profile from WERKBANK_PROFILE or the platform default; policy from the system
    // location or WERKBANK_POLICY (both inside `open`).
    let opened = Workplace::open(OpenOptions::default(), Access::Write);

    let app = tauri::Builder::default()
        // First: a second launch must end before it opens anything.
        .plugin(tauri_plugin_single_instance::init(|app, argv, _cwd| {
            show_main_window(app);
            for link in links::mailto_links(&argv) {
                links::compose(app, link);
            }
        }))
        .plugin(tauri_plugin_deep_link::init())
        .plugin(tauri_plugin_notification::init())
        .plugin(tauri_plugin_window_state::Builder::default().build())
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_opener::init())
        .manage(links::PendingCompose::default())
        // The reader's frame loads messages from here only (see `reader.rs`).
        .register_asynchronous_uri_scheme_protocol(werkbank_workplace::READER_SCHEME, reader::serve)
        .invoke_handler(tauri::generate_handler![
            commands::app_info,
            commands::modules_list,
            commands::account_list,
            commands::account_pending,
            commands::account_discover,
            commands::account_probe,
            commands::account_add,
            commands::account_update,
            commands::account_test,
            commands::account_remove,
            commands::account_set_password,
            commands::account_trust_certificate,
            commands::settings_get,
            commands::settings_set,
            commands::compose_pending,
            commands::mail_folders,
            commands::mail_list,
            commands::mail_thread,
            commands::mail_open,
            commands::mail_search,
            commands::mail_act,
            commands::mail_sync_now,
            commands::mail_unread,
            commands::mail_render,
            commands::mail_allow_remote,
            commands::mail_attachment_save,
            commands::mail_attachment_open,
            commands::mail_suggest,
            commands::mail_identities,
            commands::mail_identities_set,
            commands::mail_compose,
            commands::mail_draft_save,
            commands::mail_drafts,
            commands::mail_drafts_upload,
            commands::mail_draft_discard,
            commands::mail_send,
            commands::mail_outbox,
            commands::mail_outbox_retry,
            commands::mail_outbox_discard,
            commands::mail_pick_attachments,
        ])
        .setup(move |app| {
            match opened {
                Ok(workplace) => start(app, workplace)?,
                Err(error) => refuse_to_start(app.handle(), &error),
            }
            Ok(())
        })
        .build(tauri::generate_context!());
    match app {
        Ok(app) => ExitCode::from(u8::try_from(app.run_return(|_, _| {})).unwrap_or(1)),
        Err(e) => {
            tracing::error!("the window system could not be set up: {e}");
            ExitCode::FAILURE
        }
    }
}

/// The workplace opened: keep it, open the window, wire events, links and the tray.
fn start(app: &mut App, workplace: Workplace) -> tauri::Result<()> {
    tracing::info!(profile = %workplace.profile().dir().display(), "profile opened");
    forward_module_events(app.handle(), &workplace);
    app.manage(workplace);
    // Background sync of every account (mail: IDLE on INBOX, a poll of the rest).
    let handle = app.handle().clone();
    tauri::async_runtime::spawn(async move {
        if let Err(e) = handle.state::<Workplace>().start_sync() {
            tracing::warn!("background sync did not start: {e}");
        }
    });

    // The window is created here, not from the config at start-up, so that a start that
    // fails shows only the error dialog.
    if let Some(config) = app
        .config()
        .app
        .windows
        .iter()
        .find(|w| w.label == MAIN_WINDOW)
    {
        let handle = app.handle().clone();
        WebviewWindowBuilder::from_config(app.handle(), config)?
            .on_new_window(move |url, _features| reader::on_new_window(&handle, &url))
            .on_navigation(|url| {
                let allowed = reader::allow_navigation(url);
                if !allowed {
                    tracing::info!(scheme = url.scheme(), "a navigation was refused");
                }
                allowed
            })
            .build()?;
    }
    tray::create(app.handle())?;
    notify::init(app.handle());

    // The link the app was started with (Linux, Windows: in argv; macOS: an Apple event).
    // Later links of a second launch arrive through the single-instance plugin.
    let handle = app.handle().clone();
    app.deep_link().on_open_url(move |event| {
        for url in event.urls() {
            links::compose(&handle, url.as_str());
        }
    });
    if let Ok(Some(urls)) = app.deep_link().get_current() {
        for url in urls {
            links::compose(app.handle(), url.as_str());
        }
    }
    Ok(())
}

/// Module events (sync progress, offline, changed) go to the UI as `module-event`.
fn forward_module_events(app: &AppHandle, workplace: &Workplace) {
    let mut events = workplace.events();
    let app = app.clone();
    tauri::async_runtime::spawn(async move {
        loop {
            match events.recv().await {
                Ok(event) => {
                    if event.module == "mail"
                        && matches!(
                            event.kind,
                            werkbank_account::module::ModuleEventKind::Changed
                                | werkbank_account::module::ModuleEventKind::Idle
                        )
                    {
                        update_unread(&app);
                    }
                    if let werkbank_account::module::ModuleEventKind::Arrived { item, title, body } =
                        &event.kind
                        && notifications_enabled(&app)
                    {
                        notify::notify(&app, title, body, item);
                    }
                    if let Err(e) = app.emit(MODULE_EVENT, event) {
                        tracing::warn!("could not forward a module event: {e}");
                    }
                }
                // The UI reloads on the next `changed`; the store has everything.
                Err(RecvError::Lagged(missed)) => {
                    tracing::warn!(missed, "the UI missed module events")
                }
                Err(RecvError::Closed) => break,
            }
        }
    });
}

/// The user's (or the policy's) `notifications.enabled`.
fn notifications_enabled(app: &AppHandle) -> bool {
    let Some(workplace) = app.try_state::<Workplace>() else {
        return false;
    };
    workplace
        .settings_get(Some("notifications.enabled"))
        .ok()
        .and_then(|settings| settings.into_iter().next())
        .is_none_or(|setting| setting.value.to_string() != "false")
}

/// The tray's tooltip follows the unread count of the INBOXes.
fn update_unread(app: &AppHandle) {
    let Some(workplace) = app.try_state::<Workplace>() else {
        return;
    };
    match workplace.mail_unread() {
        Ok(unread) => {
            if let Err(e) = tray::set_unread(app, unread) {
                tracing::debug!("tray: {e}");
            }
        }
        Err(e) => tracing::debug!("unread count: {e}"),
    }
}

/// The profile is in use, the policy is broken, …: say so natively and exit non-zero.
fn refuse_to_start(app: &AppHandle, error: &ApiError) {
    tracing::error!(code = %error.code, "cannot open the profile: {error}");
    let title = i18n::message(Lang::current(), "app-start-failed", &BTreeMap::new());
    let text = match error.hint.as_str() {
        "" => error.message.clone(),
        hint => format!("{}\n\n{hint}", error.message),
    };
    let handle = app.clone();
    app.dialog()
        .message(text)
        .title(title)
        .kind(MessageDialogKind::Error)
        .buttons(MessageDialogButtons::Ok)
        .show(move |_| handle.exit(1));
}

/// Brings the main window to the front (tray, second launch, notification click).
pub fn show_main_window(app: &AppHandle) {
    if let Some(window) = app.get_webview_window(MAIN_WINDOW) {
        let _ = window.unminimize();
        let _ = window.show();
        let _ = window.set_focus();
    }
}
