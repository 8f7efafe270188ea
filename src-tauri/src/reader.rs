//! The mail reader's ties to the platform: the internal scheme that serves the
//! sandboxed frame (the sanitised document, inline images, allowed remote images —
//! all from `Workplace::mail_reader_resource`, so the web view never touches the
//! network), links clicked in the frame (web links to the system browser, `mailto:` to
//! the composer, anything else nowhere), and the native file dialogs for attachments.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use tauri::http::{Response, StatusCode, header};
use tauri::webview::NewWindowResponse;
use tauri::{AppHandle, Manager, Runtime, UriSchemeContext, UriSchemeResponder, Wry};
use tauri_plugin_dialog::DialogExt;
use tauri_plugin_opener::OpenerExt;
use werkbank_account::i18n::{self, Lang};
use werkbank_account::{ApiError, ErrorCode};
use werkbank_workplace::Workplace;

/// Serves one request of the internal scheme; runs off the main thread.
pub fn serve<R: Runtime>(
    ctx: UriSchemeContext<'_, R>,
    request: tauri::http::Request<Vec<u8>>,
    responder: UriSchemeResponder,
) {
    let app = ctx.app_handle().clone();
    let url = request.uri().to_string();
    tauri::async_runtime::spawn(async move {
        let response = match app.try_state::<Workplace>() {
            Some(workplace) => workplace.mail_reader_resource(&url).await,
            None => Err(ApiError::with(ErrorCode::NotFound, &[("item", "profile")])),
        };
        responder.respond(build_response(response));
    });
}

fn build_response(
    resource: Result<werkbank_workplace::ReaderResource, ApiError>,
) -> Response<Vec<u8>> {
    let builder = Response::builder()
        .header(header::CACHE_CONTROL, "no-store")
        .header(header::X_CONTENT_TYPE_OPTIONS, "nosniff")
        .header(header::REFERRER_POLICY, "no-referrer");
    let response = match resource {
        Ok(resource) => {
            let mut builder = builder
                .status(StatusCode::OK)
                .header(header::CONTENT_TYPE, resource.content_type);
            if let Some(csp) = resource.csp {
                builder = builder.header(header::CONTENT_SECURITY_POLICY, csp);
            }
            builder.body(resource.bytes)
        }
        Err(error) => {
            tracing::debug!(code = %error.code, "reader resource refused: {error}");
            builder
                .status(StatusCode::NOT_FOUND)
                .header(header::CONTENT_TYPE, "text/plain")
                .body(Vec::new())
        }
    };
    response.unwrap_or_else(|_| Response::new(Vec::new()))
}

/// What a click in the reader's frame (a new-window request) does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LinkAction {
    /// http or https: the system browser.
    Browser(String),
    /// mailto: the composer.
    Compose(String),
    /// Anything else (file:, smb:, an OS handler, javascript:): nothing.
    Ignore,
}

pub fn link_action(url: &tauri::Url) -> LinkAction {
    match url.scheme() {
        "http" | "https" if url.host_str().is_some() => LinkAction::Browser(url.to_string()),
        "mailto" => LinkAction::Compose(url.to_string()),
        _ => LinkAction::Ignore,
    }
}

/// The main window never opens a second web view: a link clicked in a message opens
/// in the system's browser (or the composer), and nothing else opens at all.
pub fn on_new_window(app: &AppHandle, url: &tauri::Url) -> NewWindowResponse<Wry> {
    match link_action(url) {
        LinkAction::Browser(target) => {
            if let Err(e) = app.opener().open_url(target, None::<&str>) {
                tracing::warn!("could not open a link in the browser: {e}");
            }
        }
        LinkAction::Compose(target) => crate::links::compose(app, &target),
        LinkAction::Ignore => tracing::info!(scheme = url.scheme(), "a link was not opened"),
    }
    NewWindowResponse::Deny
}

/// Navigations the main window allows: its own pages and the reader's frame. A web
/// page never loads inside the app (a link in a message opens a new-window request,
/// handled by [`on_new_window`]).
pub fn allow_navigation(url: &tauri::Url) -> bool {
    match url.scheme() {
        "tauri" | "werkbank-img" | "about" => true,
        "http" | "https" => matches!(
            url.host_str(),
            Some("tauri.localhost" | "werkbank-img.localhost" | "localhost" | "127.0.0.1")
        ),
        _ => false,
    }
}

fn title(id: &str) -> String {
    i18n::message(Lang::current(), id, &BTreeMap::new())
}

/// A folder chosen in the native dialog, `None` when cancelled.
pub async fn pick_folder(app: &AppHandle) -> Option<PathBuf> {
    let (tx, rx) = tokio::sync::oneshot::channel();
    app.dialog()
        .file()
        .set_title(title("dialog-save-attachment"))
        .pick_folder(move |path| {
            let _ = tx.send(path.and_then(|p| p.into_path().ok()));
        });
    rx.await.ok().flatten()
}

/// Files chosen in the native dialog; empty when cancelled.
pub async fn pick_files(app: &AppHandle) -> Vec<PathBuf> {
    let (tx, rx) = tokio::sync::oneshot::channel();
    app.dialog()
        .file()
        .set_title(title("dialog-attach-files"))
        .pick_files(move |paths| {
            let paths = paths
                .unwrap_or_default()
                .into_iter()
                .filter_map(|p| p.into_path().ok())
                .collect();
            let _ = tx.send(paths);
        });
    rx.await.unwrap_or_default()
}

/// Opens a file with the system's program for its type.
pub fn open_file(app: &AppHandle, path: &Path) -> Result<(), ApiError> {
    app.opener()
        .open_path(path.display().to_string(), None::<&str>)
        .map_err(|e| {
            ApiError::with(
                ErrorCode::Io,
                &[
                    ("file", &path.display().to_string()),
                    ("reason", &e.to_string()),
                ],
            )
        })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn url(s: &str) -> tauri::Url {
        tauri::Url::parse(s).unwrap()
    }

    #[test]
    fn web_links_go_to_the_browser_and_mailto_to_the_composer() {
        assert_eq!(
            link_action(&url("https://example.com/a?b=c")),
            LinkAction::Browser("https://example.com/a?b=c".into())
        );
        assert_eq!(
            link_action(&url("mailto:bob@example.test?subject=Hi")),
            LinkAction::Compose("mailto:bob@example.test?subject=Hi".into())
        );
    }

    #[test]
    fn file_unc_and_os_handlers_are_never_opened() {
        for s in [
            "file:///etc/passwd",
            "file://server/share/x.exe",
            "smb://server/share",
            "ms-msdt:/id",
            "javascript:alert(1)",
            "search-ms:query=x",
            "vbscript:x",
            "data:text/html,x",
        ] {
            assert_eq!(link_action(&url(s)), LinkAction::Ignore, "{s}");
        }
    }

    #[test]
    fn the_window_stays_on_its_own_pages() {
        assert!(allow_navigation(&url("tauri://localhost/index.html")));
        assert!(allow_navigation(&url("werkbank-img://msg/1-a/document")));
        assert!(allow_navigation(&url("http://tauri.localhost/")));
        assert!(!allow_navigation(&url("https://evil.example/")));
        assert!(!allow_navigation(&url("file:///etc/passwd")));
    }
}
