//! The commands the UI invokes: thin adapters over [`Workplace`], one each, with the
//! names and argument keys of `ui/src/lib/ipc.ts`. No logic here: what a command does is
//! in `werkbank-workplace`, where the CLI and the tests use it too.
//!
//! Every command is `async`, so Tauri runs it on its runtime rather than on the thread
//! that draws the window (a synchronous command would block the UI during disk or
//! keyring I/O). Adding one means listing it in `build.rs` and in
//! `capabilities/main.json` too.

use crate::links::PendingCompose;
use tauri::State;
use werkbank_account::discovery::Discovery;
use werkbank_account::settings::Setting;
use werkbank_account::{Account, ApiError};
use werkbank_mail::MailtoRequest;
use werkbank_mail::OutboxEntry;
use werkbank_mail::compose::{Attachment, Draft, Identity, Mailbox};
use werkbank_mail::outbox::Outcome;
use werkbank_mail::store::SavedDraft;
use werkbank_mail::store::{Folder, MessageDetail, MessageSummary, SearchHit};
use werkbank_workplace::{
    AccountTest, AccountView, AddAccount, AppInfo, ComposeRequest, MailAction, ModuleView,
    PendingAccount, ReaderView, RemoteAllowance, RemoveAccount, SendResult, Workplace,
};

type Wp<'a> = State<'a, Workplace>;

#[tauri::command]
pub async fn app_info(wp: Wp<'_>) -> Result<AppInfo, ApiError> {
    Ok(wp.app_info())
}

#[tauri::command]
pub async fn modules_list(wp: Wp<'_>) -> Result<Vec<ModuleView>, ApiError> {
    Ok(wp.modules())
}

#[tauri::command]
pub async fn account_list(wp: Wp<'_>) -> Result<Vec<AccountView>, ApiError> {
    wp.account_list()
}

#[tauri::command]
pub async fn account_pending(wp: Wp<'_>) -> Result<Vec<PendingAccount>, ApiError> {
    Ok(wp.account_pending())
}

#[tauri::command]
pub async fn account_discover(
    wp: Wp<'_>,
    email: String,
    username: Option<String>,
    password: Option<String>,
) -> Result<Discovery, ApiError> {
    wp.discover(&email, username, password).await
}

#[tauri::command]
pub async fn account_probe(wp: Wp<'_>, request: AddAccount) -> Result<AccountTest, ApiError> {
    wp.account_probe(request).await
}

#[tauri::command]
pub async fn account_add(wp: Wp<'_>, request: AddAccount) -> Result<AccountView, ApiError> {
    let added = wp.account_add(request)?;
    wp.start_sync()?;
    Ok(added)
}

#[tauri::command]
pub async fn account_update(wp: Wp<'_>, account: Account) -> Result<AccountView, ApiError> {
    let id = account.id.clone();
    let updated = wp.account_update(account)?;
    // The running sync still has the old servers.
    wp.stop_sync(&id).await;
    wp.start_sync()?;
    Ok(updated)
}

#[tauri::command]
pub async fn account_test(wp: Wp<'_>, id: String) -> Result<AccountTest, ApiError> {
    wp.account_test(&id).await
}

#[tauri::command]
pub async fn account_remove(wp: Wp<'_>, request: RemoveAccount) -> Result<Vec<ApiError>, ApiError> {
    if request.confirmed {
        wp.stop_sync(&request.id).await;
    }
    wp.account_remove(request).await
}

#[tauri::command]
pub async fn account_set_password(
    wp: Wp<'_>,
    id: String,
    password: String,
) -> Result<(), ApiError> {
    wp.account_set_password(&id, &password)
}

#[tauri::command]
pub async fn account_trust_certificate(
    wp: Wp<'_>,
    id: String,
    fingerprint: String,
    confirmed: bool,
) -> Result<AccountView, ApiError> {
    wp.account_trust_certificate(&id, &fingerprint, confirmed)
}

#[tauri::command]
pub async fn settings_get(wp: Wp<'_>) -> Result<Vec<Setting>, ApiError> {
    wp.settings_get(None)
}

#[tauri::command]
pub async fn settings_set(wp: Wp<'_>, key: String, value: String) -> Result<Setting, ApiError> {
    wp.settings_set(&key, &value)
}

/// The `mailto:` drafts that arrived before the UI listened for `compose-requested`
/// (the link the app was started with): the UI calls this once after it subscribed.
#[tauri::command]
pub async fn compose_pending(
    pending: State<'_, PendingCompose>,
) -> Result<Vec<MailtoRequest>, ApiError> {
    Ok(pending.take())
}

#[tauri::command]
pub async fn mail_folders(wp: Wp<'_>, account: String) -> Result<Vec<Folder>, ApiError> {
    wp.mail_folders(&account)
}

#[tauri::command]
pub async fn mail_list(
    wp: Wp<'_>,
    account: String,
    folder: i64,
    offset: usize,
    limit: usize,
) -> Result<Vec<MessageSummary>, ApiError> {
    wp.mail_list(&account, folder, offset, limit)
}

#[tauri::command]
pub async fn mail_thread(
    wp: Wp<'_>,
    account: String,
    thread: i64,
) -> Result<Vec<MessageSummary>, ApiError> {
    wp.mail_thread(&account, thread)
}

#[tauri::command]
pub async fn mail_open(wp: Wp<'_>, account: String, id: i64) -> Result<MessageDetail, ApiError> {
    wp.mail_open(&account, id).await
}

#[tauri::command]
pub async fn mail_search(
    wp: Wp<'_>,
    account: String,
    query: String,
    limit: usize,
) -> Result<Vec<SearchHit>, ApiError> {
    wp.mail_search(&account, &query, limit).await
}

#[tauri::command]
pub async fn mail_act(
    wp: Wp<'_>,
    account: String,
    action: MailAction,
) -> Result<Vec<i64>, ApiError> {
    wp.mail_act(&account, action)
}

#[tauri::command]
pub async fn mail_sync_now(wp: Wp<'_>, account: String) -> Result<(), ApiError> {
    wp.sync_now(&account);
    Ok(())
}

#[tauri::command]
pub async fn mail_unread(wp: Wp<'_>) -> Result<u64, ApiError> {
    wp.mail_unread()
}

#[tauri::command]
pub async fn mail_render(wp: Wp<'_>, account: String, id: i64) -> Result<ReaderView, ApiError> {
    wp.mail_render(&account, id).await
}

#[tauri::command]
pub async fn mail_allow_remote(
    wp: Wp<'_>,
    account: String,
    id: i64,
    scope: RemoteAllowance,
) -> Result<ReaderView, ApiError> {
    wp.mail_allow_remote(&account, id, scope).await
}

/// Asks for a folder (native dialog) and saves the attachment there under its safe
/// name; `None` when the user cancelled.
#[tauri::command]
pub async fn mail_attachment_save(
    app: tauri::AppHandle,
    wp: Wp<'_>,
    account: String,
    id: i64,
    part: String,
) -> Result<Option<String>, ApiError> {
    let Some(dir) = crate::reader::pick_folder(&app).await else {
        return Ok(None);
    };
    let path = wp.mail_attachment_save(&account, id, &part, &dir).await?;
    Ok(Some(path.display().to_string()))
}

/// Opens the attachment with the system's program (from a private copy).
#[tauri::command]
pub async fn mail_attachment_open(
    app: tauri::AppHandle,
    wp: Wp<'_>,
    account: String,
    id: i64,
    part: String,
    confirmed: bool,
) -> Result<(), ApiError> {
    let path = wp
        .mail_attachment_for_opening(&account, id, &part, confirmed)
        .await?;
    crate::reader::open_file(&app, &path)
}

#[tauri::command]
pub async fn mail_suggest(
    wp: Wp<'_>,
    account: String,
    prefix: String,
    limit: usize,
) -> Result<Vec<Mailbox>, ApiError> {
    wp.mail_suggest(&account, &prefix, limit)
}

#[tauri::command]
pub async fn mail_identities(wp: Wp<'_>, account: String) -> Result<Vec<Identity>, ApiError> {
    wp.mail_identities(Some(&account))
}

#[tauri::command]
pub async fn mail_identities_set(
    wp: Wp<'_>,
    account: String,
    identities: Vec<Identity>,
) -> Result<Vec<Identity>, ApiError> {
    wp.mail_identities_set(Some(&account), &identities)
}

#[tauri::command]
pub async fn mail_compose(
    wp: Wp<'_>,
    account: String,
    request: ComposeRequest,
) -> Result<Draft, ApiError> {
    wp.mail_compose(Some(&account), request)
}

#[tauri::command]
pub async fn mail_draft_save(
    wp: Wp<'_>,
    account: String,
    draft: Draft,
) -> Result<SavedDraft, ApiError> {
    wp.mail_draft_save(Some(&account), &draft)
}

#[tauri::command]
pub async fn mail_drafts(wp: Wp<'_>, account: String) -> Result<Vec<Draft>, ApiError> {
    wp.mail_drafts(Some(&account))
}

#[tauri::command]
pub async fn mail_drafts_upload(wp: Wp<'_>, account: String) -> Result<usize, ApiError> {
    wp.mail_drafts_upload(Some(&account)).await
}

#[tauri::command]
pub async fn mail_draft_discard(wp: Wp<'_>, account: String, id: i64) -> Result<(), ApiError> {
    wp.mail_draft_discard(Some(&account), id).await
}

#[tauri::command]
pub async fn mail_send(wp: Wp<'_>, account: String, draft: Draft) -> Result<SendResult, ApiError> {
    wp.mail_send(Some(&account), &draft).await
}

#[tauri::command]
pub async fn mail_outbox(wp: Wp<'_>, account: String) -> Result<Vec<OutboxEntry>, ApiError> {
    wp.mail_outbox(Some(&account))
}

#[tauri::command]
pub async fn mail_outbox_retry(
    wp: Wp<'_>,
    account: String,
    id: i64,
) -> Result<Vec<Outcome>, ApiError> {
    wp.mail_outbox_retry(Some(&account), id).await
}

#[tauri::command]
pub async fn mail_outbox_discard(wp: Wp<'_>, account: String, id: i64) -> Result<(), ApiError> {
    wp.mail_outbox_discard(Some(&account), id)
}

/// Files to attach, chosen in the native dialog (the UI never sees the file system).
#[tauri::command]
pub async fn mail_pick_attachments(app: tauri::AppHandle) -> Result<Vec<Attachment>, ApiError> {
    Ok(crate::reader::pick_files(&app)
        .await
        .into_iter()
        .map(|path| Attachment::File {
            path: path.display().to_string(),
            name: String::new(),
        })
        .collect())
}

#[cfg(test)]
mod tests {
    //! Tauri refuses a registered command that `build.rs` does not declare or the
    //! capability does not permit, and only at run time: these lists must agree.

    #![allow(clippy::unwrap_used)]

    fn registered() -> Vec<String> {
        let main = include_str!("main.rs");
        let start = main.find("generate_handler![").unwrap();
        let end = start + main[start..].find(']').unwrap();
        main[start..end]
            .split("commands::")
            .skip(1)
            .map(|rest| rest.trim().trim_end_matches(',').trim().to_string())
            .collect()
    }

    fn declared() -> Vec<String> {
        let build = include_str!("../build.rs");
        let start = build.find("COMMANDS: &[&str] = &[").unwrap();
        let end = start + build[start..].find("];").unwrap();
        build[start..end]
            .lines()
            .skip(1)
            .map(|line| {
                line.trim()
                    .trim_end_matches(',')
                    .trim_matches('"')
                    .to_string()
            })
            .filter(|name| !name.is_empty())
            .collect()
    }

    fn permitted() -> Vec<String> {
        let capability: serde_json::Value =
            serde_json::from_str(include_str!("../capabilities/main.json")).unwrap();
        capability["permissions"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|p| p.as_str()?.strip_prefix("allow-"))
            .map(|name| name.replace('-', "_"))
            .collect()
    }

    #[test]
    fn every_registered_command_is_declared_in_the_build_script() {
        let mut registered = registered();
        let mut declared = declared();
        assert!(registered.contains(&"compose_pending".to_string()));
        registered.sort();
        declared.sort();
        assert_eq!(registered, declared);
    }

    #[test]
    fn the_main_window_may_invoke_exactly_the_registered_commands() {
        let mut registered = registered();
        let mut permitted = permitted();
        registered.sort();
        permitted.sort();
        assert_eq!(registered, permitted);
    }
}
