//! Embeds `tauri.conf.json` and the capabilities. Werkbank's own commands are declared
//! here so that each needs an explicit `allow-…` permission in `capabilities/main.json`
//! (without an app manifest Tauri would allow every registered command to every window).

/// Must list exactly the commands `main.rs` registers (see `commands.rs`).
const COMMANDS: &[&str] = &[
    "app_info",
    "modules_list",
    "account_list",
    "account_pending",
    "account_discover",
    "account_probe",
    "account_add",
    "account_update",
    "account_test",
    "account_remove",
    "account_set_password",
    "account_trust_certificate",
    "settings_get",
    "settings_set",
    "compose_pending",
    "mail_folders",
    "mail_list",
    "mail_thread",
    "mail_open",
    "mail_search",
    "mail_act",
    "mail_sync_now",
    "mail_unread",
    "mail_render",
    "mail_allow_remote",
    "mail_attachment_save",
    "mail_attachment_open",
    "mail_suggest",
    "mail_identities",
    "mail_identities_set",
    "mail_compose",
    "mail_draft_save",
    "mail_drafts",
    "mail_drafts_upload",
    "mail_draft_discard",
    "mail_send",
    "mail_outbox",
    "mail_outbox_retry",
    "mail_outbox_discard",
    "mail_pick_attachments",
];

fn main() {
    let attributes = tauri_build::Attributes::new()
        .app_manifest(tauri_build::AppManifest::new().commands(COMMANDS));
    if let Err(e) = tauri_build::try_build(attributes) {
        panic!("tauri build script failed: {e:#}");
    }
}
