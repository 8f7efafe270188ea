//! The desktop reader's side of a message: the view model with phishing hints
//! compared against the user's own correspondence, the remote-content decision
//! (setting, "always for this sender", "for this message"), the resources the shell's
//! internal scheme serves to the sandboxed frame (the sanitised document, inline
//! images, remote images fetched through `werkbank-net` only when allowed), and
//! attachments saved or opened under safe names. The web view itself never reaches
//! the network: everything it shows comes through [`Workplace::mail_reader_resource`].

use crate::Workplace;
use percent_encoding::{NON_ALPHANUMERIC, percent_decode_str, utf8_percent_encode};
use serde::Serialize;
use std::path::{Path, PathBuf};
use std::time::Duration;
use werkbank_account::{ApiError, ErrorCode};
use werkbank_mail::MailStore;
use werkbank_mail::render::{self, KnownContacts, RenderOptions, SenderContext};

/// The scheme the shell registers for the reader's frame.
pub const READER_SCHEME: &str = "werkbank-img";

/// Remote images larger than this are not shown (a mail image, not a download).
const MAX_REMOTE_BYTES: usize = 10 * 1024 * 1024;
const REMOTE_TIMEOUT: Duration = Duration::from_secs(20);

/// One message for the reader: the view model, and where the sandboxed frame loads
/// the sanitised body from (the internal scheme; a new URL whenever it changes).
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[ts(export, rename = "MailReaderView")]
pub struct ReaderView {
    pub message: render::Message,
    pub document_url: String,
    pub remote: RemoteContent,
}

/// Remote content (images from the internet) of one message, and who allowed it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
#[ts(export, rename = "MailRemoteContent")]
pub struct RemoteContent {
    /// `mail.remote_content` in force: `block`, `ask` or `allow`.
    pub setting: String,
    /// The organisation's policy fixes the setting: no per-message or per-sender
    /// exceptions when it says `block`.
    pub locked: bool,
    /// Why remote content is loaded; `null` while it is blocked.
    pub allowed_by: Option<RemoteAllowance>,
    /// The sender's address (lower case), for "always for this sender"; empty when unknown.
    pub sender: String,
    /// Remote resources the message asks for (all of them load once allowed).
    pub resources: u32,
    /// How many of them look like tracking pixels.
    pub trackers: u32,
}

/// Who allowed remote content: the setting (policy or user), the user for this
/// sender (remembered), or for this message (until the app quits).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
#[ts(export, rename = "MailRemoteAllowance")]
pub enum RemoteAllowance {
    Setting,
    Sender,
    Message,
}

/// What the internal scheme answers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReaderResource {
    pub bytes: Vec<u8>,
    pub content_type: String,
    /// The Content-Security-Policy header (the document only).
    pub csp: Option<String>,
}

/// The origin of the internal scheme as the platform's web view sees it: Windows and
/// Android map custom schemes to `http://<scheme>.localhost/`.
pub fn reader_origin() -> &'static str {
    if cfg!(any(windows, target_os = "android")) {
        "http://werkbank-img.localhost/"
    } else {
        render::IMAGE_ORIGIN
    }
}

/// `<id>-<account>`: what names a message in the scheme's URLs.
fn message_key(account: &str, id: i64) -> String {
    format!("{id}-{account}")
}

/// What a URL of the internal scheme asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Request {
    Document,
    Part(String),
    Remote(usize),
}

/// `<origin>msg/<key>/document`, `…/part/<part-id>`, `…/remote/<n>` (a query is ignored).
fn parse_url(url: &str) -> Result<(String, i64, Request), ApiError> {
    let bad = || ApiError::with(ErrorCode::NotFound, &[("item", "reader resource")]);
    let rest = [
        reader_origin(),
        render::IMAGE_ORIGIN,
        "http://werkbank-img.localhost/",
    ]
    .iter()
    .find_map(|origin| url.strip_prefix(origin))
    .ok_or_else(bad)?;
    let rest = rest.split(['?', '#']).next().unwrap_or_default();
    let mut segments = rest.split('/');
    if segments.next() != Some("msg") {
        return Err(bad());
    }
    let key = percent_decode_str(segments.next().ok_or_else(bad)?)
        .decode_utf8()
        .map_err(|_| bad())?
        .into_owned();
    let (id, account) = key.split_once('-').ok_or_else(bad)?;
    let id: i64 = id.parse().map_err(|_| bad())?;
    let request = match (segments.next(), segments.next(), segments.next()) {
        (Some("document"), None, None) => Request::Document,
        (Some("part"), Some(part), None) => Request::Part(
            percent_decode_str(part)
                .decode_utf8()
                .map_err(|_| bad())?
                .into_owned(),
        ),
        (Some("remote"), Some(n), None) => Request::Remote(n.parse().map_err(|_| bad())?),
        _ => return Err(bad()),
    };
    Ok((account.to_string(), id, request))
}

fn api(error: werkbank_mail::MailError) -> ApiError {
    ApiError::from(&error)
}

impl Workplace {
    /// The message for the reader. Its body is fetched from the server first when it
    /// is not local (as `mail_open` does).
    pub async fn mail_render(&self, account: &str, id: i64) -> Result<ReaderView, ApiError> {
        let raw = self.mail_raw(account, id).await?;
        let account = self.mail_account(Some(account))?;
        let store = self.mail_store(&account)?;
        let summary = store.summary(id).map_err(api)?;
        let known = store.known_contacts().map_err(api)?;
        let earlier = store
            .corresponded_with(&summary.from_addr, id)
            .map_err(api)?;
        let remote = self.remote_content(&store, &account.id, id, &summary.from_addr)?;
        let key = message_key(&account.id, id);
        let options = RenderOptions {
            message_key: &key,
            remote_content_allowed: remote.allowed_by.is_some(),
            image_origin: reader_origin(),
            sender: SenderContext {
                contacts: &known,
                earlier_correspondence: earlier,
            },
        };
        let message = render::render(&raw, &options).map_err(api)?;
        let remote = RemoteContent {
            resources: u32::try_from(message.remote_resources.len()).unwrap_or(u32::MAX),
            trackers: u32::try_from(
                message
                    .remote_resources
                    .iter()
                    .filter(|r| r.tracker)
                    .count(),
            )
            .unwrap_or(u32::MAX),
            ..remote
        };
        // The URL changes with the decision, so the frame reloads when it changes.
        let document_url = format!(
            "{}msg/{}/document?remote={}",
            reader_origin(),
            utf8_percent_encode(&key, NON_ALPHANUMERIC),
            u8::from(remote.allowed_by.is_some())
        );
        Ok(ReaderView {
            message,
            document_url,
            remote,
        })
    }

    /// Loads remote content of message `id` from now on: for this message until the
    /// app quits, or always for its sender. Refused when the policy locks `block`.
    pub async fn mail_allow_remote(
        &self,
        account: &str,
        id: i64,
        scope: RemoteAllowance,
    ) -> Result<ReaderView, ApiError> {
        let account_view = self.mail_account(Some(account))?;
        let store = self.mail_store(&account_view)?;
        let (setting, locked) = self.remote_setting()?;
        if locked && setting == "block" {
            return Err(ApiError::with(
                ErrorCode::SettingLocked,
                &[("key", "mail.remote_content"), ("file", "policy")],
            ));
        }
        match scope {
            RemoteAllowance::Sender => {
                let sender = store.summary(id).map_err(api)?.from_addr;
                store.allow_remote_sender(&sender).map_err(api)?;
            }
            RemoteAllowance::Message | RemoteAllowance::Setting => {
                self.remote_messages
                    .lock()
                    .map_err(|_| crate::commands::internal("reader lock poisoned"))?
                    .insert((account_view.id.clone(), id));
            }
        }
        self.mail_render(&account_view.id, id).await
    }

    /// What the internal scheme serves for `url`: the sanitised document of a message
    /// (with its CSP), an inline image, or — only while allowed — a remote image
    /// fetched through `werkbank-net` (policy hosts and proxy apply).
    pub async fn mail_reader_resource(&self, url: &str) -> Result<ReaderResource, ApiError> {
        let (account, id, request) = parse_url(url)?;
        let account = self.mail_account(Some(&account))?;
        let store = self.mail_store(&account)?;
        let raw = store
            .raw(id)
            .map_err(api)?
            .ok_or_else(|| ApiError::with(ErrorCode::NotFound, &[("item", "message body")]))?;
        let key = message_key(&account.id, id);
        let summary = store.summary(id).map_err(api)?;
        let remote = self.remote_content(&store, &account.id, id, &summary.from_addr)?;
        let known = KnownContacts::new();
        let options = RenderOptions {
            message_key: &key,
            remote_content_allowed: remote.allowed_by.is_some(),
            image_origin: reader_origin(),
            sender: SenderContext {
                contacts: &known,
                earlier_correspondence: true,
            },
        };
        match request {
            Request::Document => {
                let message = render::render(&raw, &options).map_err(api)?;
                let csp = render::reader_csp(reader_origin());
                Ok(ReaderResource {
                    bytes: render::reader_document(&message.body.html, &csp).into_bytes(),
                    content_type: "text/html; charset=utf-8".into(),
                    csp: Some(csp),
                })
            }
            Request::Part(part) => {
                let image = render::inline_image(&raw, &part).map_err(api)?;
                Ok(ReaderResource {
                    bytes: image.bytes,
                    content_type: image.content_type,
                    csp: None,
                })
            }
            Request::Remote(n) => {
                if remote.allowed_by.is_none() {
                    return Err(ApiError::with(
                        ErrorCode::NotFound,
                        &[("item", "remote content (blocked)")],
                    ));
                }
                let message = render::render(&raw, &options).map_err(api)?;
                let resource = message.remote_resources.get(n).ok_or_else(|| {
                    ApiError::with(ErrorCode::NotFound, &[("item", "remote resource")])
                })?;
                self.fetch_remote_image(&account, &resource.url).await
            }
        }
    }

    /// A remote image through the account's network (policy hosts, CAs, proxy): only
    /// raster image types, at most [`MAX_REMOTE_BYTES`], no cookies, no referrer.
    async fn fetch_remote_image(
        &self,
        account: &werkbank_account::Account,
        url: &str,
    ) -> Result<ReaderResource, ApiError> {
        let url = url::Url::parse(url)
            .map_err(|e| ApiError::with(ErrorCode::InvalidInput, &[("reason", &e.to_string())]))?;
        if !matches!(url.scheme(), "http" | "https") {
            return Err(ApiError::with(
                ErrorCode::InvalidInput,
                &[("reason", "only http and https images are loaded")],
            ));
        }
        let net = crate::network::net(&self.policy, Some(account))?;
        let mut response = net
            .http()
            .get(&url, REMOTE_TIMEOUT)
            .await
            .map_err(|e| ApiError::from(&e))?;
        if !response.status().is_success() {
            return Err(ApiError::with(
                ErrorCode::NotFound,
                &[("item", url.as_str())],
            ));
        }
        let content_type = response
            .headers()
            .get(reqwest::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .split(';')
            .next()
            .unwrap_or_default()
            .trim()
            .to_ascii_lowercase();
        // SVG is a document that can carry script and links: never from the network.
        if !content_type.starts_with("image/") || content_type.contains("svg") {
            return Err(ApiError::with(
                ErrorCode::InvalidInput,
                &[("reason", "the remote resource is not an image")],
            ));
        }
        let mut bytes = Vec::new();
        while let Some(chunk) = response
            .chunk()
            .await
            .map_err(|e| ApiError::with(ErrorCode::ConnectionLost, &[("reason", &e.to_string())]))?
        {
            if bytes.len() + chunk.len() > MAX_REMOTE_BYTES {
                return Err(ApiError::with(
                    ErrorCode::InvalidInput,
                    &[("reason", "the remote image is too large")],
                ));
            }
            bytes.extend_from_slice(&chunk);
        }
        Ok(ReaderResource {
            bytes,
            content_type,
            csp: None,
        })
    }

    /// Saves attachment `part` of message `id` into `dir` under its safe name (never
    /// replacing a file); returns the path written.
    pub async fn mail_attachment_save(
        &self,
        account: &str,
        id: i64,
        part: &str,
        dir: &Path,
    ) -> Result<PathBuf, ApiError> {
        let raw = self.mail_raw(account, id).await?;
        render::save_attachment(&raw, part, dir).map_err(api)
    }

    /// Writes attachment `part` to a fresh folder in the profile's cache, for the
    /// system's program to open. A risky file (program, macros, double extension,
    /// disk image) needs `confirmed`: the user saw the warning.
    pub async fn mail_attachment_for_opening(
        &self,
        account: &str,
        id: i64,
        part: &str,
        confirmed: bool,
    ) -> Result<PathBuf, ApiError> {
        let raw = self.mail_raw(account, id).await?;
        let content = render::part_content(&raw, part).map_err(api)?;
        if !confirmed && render::risky(&content.name, &content.content_type).is_some() {
            return Err(ApiError::with(
                ErrorCode::InvalidInput,
                &[(
                    "reason",
                    "this attachment can harm the computer; confirm first",
                )],
            ));
        }
        // A fresh folder per opening: the program gets its own copy, and a second
        // opening never collides with a file the program still holds.
        static OPENED: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
        let nonce = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or_default()
            ^ u128::from(OPENED.fetch_add(1, std::sync::atomic::Ordering::Relaxed));
        let dir = self
            .profile
            .dir()
            .join("cache")
            .join("attachments")
            .join(format!("{id}-{nonce:x}"));
        std::fs::create_dir_all(&dir).map_err(|e| {
            ApiError::with(
                ErrorCode::Io,
                &[
                    ("file", &dir.display().to_string()),
                    ("reason", &e.to_string()),
                ],
            )
        })?;
        render::save_attachment(&raw, part, &dir).map_err(api)
    }

    /// Address autocomplete: people from earlier correspondence.
    pub fn mail_suggest(
        &self,
        account: &str,
        prefix: &str,
        limit: usize,
    ) -> Result<Vec<werkbank_mail::compose::Mailbox>, ApiError> {
        let account = self.mail_account(Some(account))?;
        self.mail_store(&account)?
            .suggest_addresses(prefix, limit.min(50))
            .map_err(api)
    }

    /// The raw message, fetched from the server first when only its headers are local.
    async fn mail_raw(&self, account: &str, id: i64) -> Result<Vec<u8>, ApiError> {
        let account = self.mail_account(Some(account))?;
        let store = self.mail_store(&account)?;
        if let Some(raw) = store.raw(id).map_err(api)? {
            return Ok(raw);
        }
        let syncer = self.mail_syncer(&account).await?;
        syncer
            .fetch_body(id, &werkbank_mail::SyncOptions::default())
            .await
            .map_err(api)?;
        store
            .raw(id)
            .map_err(api)?
            .ok_or_else(|| ApiError::with(ErrorCode::NotFound, &[("item", "message body")]))
    }

    fn remote_setting(&self) -> Result<(String, bool), ApiError> {
        let setting = self
            .settings_get(Some("mail.remote_content"))?
            .into_iter()
            .next();
        Ok(setting.map_or(("block".to_string(), false), |s| {
            (s.value.to_string(), s.locked)
        }))
    }

    fn remote_content(
        &self,
        store: &MailStore,
        account: &str,
        id: i64,
        sender: &str,
    ) -> Result<RemoteContent, ApiError> {
        let (setting, locked) = self.remote_setting()?;
        let allowed_by = if setting == "allow" {
            Some(RemoteAllowance::Setting)
        } else if locked && setting == "block" {
            None
        } else if store.remote_sender_allowed(sender).map_err(api)? {
            Some(RemoteAllowance::Sender)
        } else if self
            .remote_messages
            .lock()
            .map_err(|_| crate::commands::internal("reader lock poisoned"))?
            .contains(&(account.to_string(), id))
        {
            Some(RemoteAllowance::Message)
        } else {
            None
        };
        Ok(RemoteContent {
            setting,
            locked,
            allowed_by,
            sender: sender.trim().to_lowercase(),
            resources: 0,
            trackers: 0,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_name_the_message_and_what_of_it() {
        let origin = reader_origin();
        let (account, id, request) = parse_url(&format!(
            "{origin}msg/42-alice%40example.test/document?remote=1"
        ))
        .unwrap();
        assert_eq!(
            (account.as_str(), id, request),
            ("alice@example.test", 42, Request::Document)
        );
        let (_, _, request) = parse_url(&format!("{origin}msg/7-a-b/part/1.2")).unwrap();
        assert_eq!(request, Request::Part("1.2".into()));
        let (account, _, request) = parse_url(&format!("{origin}msg/7-a-b/remote/3")).unwrap();
        assert_eq!((account.as_str(), request), ("a-b", Request::Remote(3)));
    }

    #[test]
    fn anything_else_is_not_found() {
        let origin = reader_origin();
        for url in [
            "https://example.com/msg/1-a/document".to_string(),
            format!("{origin}msg/x-a/document"),
            format!("{origin}msg/1-a/document/extra"),
            format!("{origin}msg/1-a/remote/-1"),
            format!("{origin}other/1-a/document"),
            format!("{origin}msg/1a/document"),
        ] {
            assert!(parse_url(&url).is_err(), "{url}");
        }
    }
}
