//! The tray icon: the unread count in its tooltip (and, where the tray shows one, its
//! title), "Open Werkbank" and "Quit". Strings come from the Fluent files.

use std::collections::BTreeMap;
use tauri::AppHandle;
use tauri::menu::{Menu, MenuItem};
use tauri::tray::{MouseButton, MouseButtonState, TrayIconBuilder, TrayIconEvent};
use werkbank_account::i18n::{self, Lang};

const TRAY_ID: &str = "main";

fn text(id: &str, args: &[(&str, String)]) -> String {
    let args: BTreeMap<String, String> = args
        .iter()
        .map(|(k, v)| (k.to_string(), v.clone()))
        .collect();
    i18n::message(Lang::current(), id, &args)
}

pub fn create(app: &AppHandle) -> tauri::Result<()> {
    let open = MenuItem::with_id(app, "open", text("tray-open", &[]), true, None::<&str>)?;
    let quit = MenuItem::with_id(app, "quit", text("tray-quit", &[]), true, None::<&str>)?;
    let menu = Menu::with_items(app, &[&open, &quit])?;
    let mut tray = TrayIconBuilder::with_id(TRAY_ID)
        .tooltip(text("tray-tooltip", &[("unread", "0".into())]))
        .menu(&menu)
        .show_menu_on_left_click(false)
        .on_menu_event(|app, event| match event.id().as_ref() {
            "open" => crate::show_main_window(app),
            "quit" => app.exit(0),
            _ => {}
        })
        .on_tray_icon_event(|tray, event| {
            if let TrayIconEvent::Click {
                button: MouseButton::Left,
                button_state: MouseButtonState::Up,
                ..
            } = event
            {
                crate::show_main_window(tray.app_handle());
            }
        });
    if let Some(icon) = app.default_window_icon() {
        tray = tray.icon(icon.clone());
    }
    tray.build(app)?;
    Ok(())
}

/// Shows `unread` in the tray. Linux trays (AppIndicator) have no tooltip, so the count
/// also becomes the title next to the icon there, only while it is not zero.
// NOTE: no unread count exists before mail sync; the mail module's events will call this.
pub fn set_unread(app: &AppHandle, unread: u64) -> tauri::Result<()> {
    let Some(tray) = app.tray_by_id(TRAY_ID) else {
        return Ok(());
    };
    tray.set_tooltip(Some(text(
        "tray-tooltip",
        &[("unread", unread.to_string())],
    )))?;
    tray.set_title((unread > 0).then(|| unread.to_string()))
}
