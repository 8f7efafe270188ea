//! Settings: built-in defaults < policy `[settings]` < the user's `settings.toml`, with
//! locked keys always taking the policy's value.

use std::path::Path;
use werkbank_account::policy::Policy;
use werkbank_account::settings::{REGISTRY, SettingSource, SettingValue, Settings, SettingsError};
use werkbank_account::{ApiError, ErrorCode};

const POLICY: &str = r#"
version = 1

[settings]
"ui.theme" = "dark"
"mail.remote_content" = { value = "block", locked = true }
"#;

fn policy(text: &str) -> Policy {
    Policy::from_str(text, Path::new("/etc/werkbank/policy.toml")).expect("the test policy parses")
}

fn text(s: &str) -> SettingValue {
    SettingValue::Text(s.to_string())
}

#[test]
fn without_policy_or_user_file_every_setting_has_its_built_in_default() {
    let dir = tempfile::tempdir().unwrap();
    let settings = Settings::load(dir.path(), &Policy::empty()).unwrap();
    let theme = settings.get("ui.theme").unwrap();
    assert_eq!(
        (theme.value, theme.source, theme.locked),
        (text("system"), SettingSource::Default, false)
    );
    assert_eq!(
        settings.get("notifications.enabled").unwrap().value,
        SettingValue::Bool(true)
    );
    assert_eq!(
        settings.get("notifications.sound").unwrap().value,
        SettingValue::Bool(false)
    );
    assert_eq!(
        settings.get("mail.remote_content").unwrap().value,
        text("block")
    );
    assert_eq!(
        settings.get("updates.check").unwrap().value,
        SettingValue::Bool(true)
    );
}

#[test]
fn all_lists_every_known_setting_in_registry_order() {
    let dir = tempfile::tempdir().unwrap();
    let settings = Settings::load(dir.path(), &Policy::empty()).unwrap();
    let keys: Vec<String> = settings.all().into_iter().map(|s| s.key).collect();
    let registry: Vec<&str> = REGISTRY.iter().map(|s| s.key).collect();
    assert_eq!(keys, registry);
}

#[test]
fn a_policy_default_applies_until_the_user_changes_it() {
    let dir = tempfile::tempdir().unwrap();
    let mut settings = Settings::load(dir.path(), &policy(POLICY)).unwrap();
    let theme = settings.get("ui.theme").unwrap();
    assert_eq!(
        (theme.value, theme.source, theme.locked),
        (text("dark"), SettingSource::Policy, false)
    );

    let theme = settings.set("ui.theme", "light").unwrap();
    assert_eq!(
        (theme.value, theme.source),
        (text("light"), SettingSource::User)
    );

    let theme = settings.reset("ui.theme").unwrap();
    assert_eq!(
        (theme.value, theme.source),
        (text("dark"), SettingSource::Policy)
    );
}

#[test]
fn a_locked_setting_has_the_policy_value_and_names_the_policy_file() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("settings.toml"),
        "\"mail.remote_content\" = \"allow\"\n",
    )
    .unwrap();
    let settings = Settings::load(dir.path(), &policy(POLICY)).unwrap();
    let remote = settings.get("mail.remote_content").unwrap();
    assert_eq!(remote.value, text("block"));
    assert_eq!(remote.source, SettingSource::Policy);
    assert!(remote.locked);
    assert_eq!(
        remote.locked_by.as_deref(),
        Some(Path::new("/etc/werkbank/policy.toml"))
    );
}

#[test]
fn setting_a_locked_key_fails_with_setting_locked() {
    let dir = tempfile::tempdir().unwrap();
    let mut settings = Settings::load(dir.path(), &policy(POLICY)).unwrap();
    let error = settings.set("mail.remote_content", "allow").unwrap_err();
    assert!(matches!(&error, SettingsError::Locked { key, .. } if key == "mail.remote_content"));
    let api = ApiError::from(&error);
    assert_eq!(api.code, ErrorCode::SettingLocked);
    assert_eq!(api.details["key"], "mail.remote_content");
    assert_eq!(api.details["file"], "/etc/werkbank/policy.toml");
    assert!(settings.reset("mail.remote_content").is_err());
    assert!(
        !dir.path().join("settings.toml").exists(),
        "a refused change must not write"
    );
}

#[test]
fn switching_off_update_checks_in_the_policy_locks_updates_check() {
    let dir = tempfile::tempdir().unwrap();
    let mut settings = Settings::load(
        dir.path(),
        &policy("version = 1\n[updates]\ncheck = false\n"),
    )
    .unwrap();
    let updates = settings.get("updates.check").unwrap();
    assert_eq!(
        (updates.value, updates.source, updates.locked),
        (SettingValue::Bool(false), SettingSource::Policy, true)
    );
    assert!(matches!(
        settings.set("updates.check", "true"),
        Err(SettingsError::Locked { .. })
    ));
}

#[test]
fn a_changed_setting_survives_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let mut settings = Settings::load(dir.path(), &Policy::empty()).unwrap();
    settings.set("notifications.sound", "true").unwrap();
    settings.set("ui.language", "de").unwrap();

    let reloaded = Settings::load(dir.path(), &Policy::empty()).unwrap();
    let sound = reloaded.get("notifications.sound").unwrap();
    assert_eq!(
        (sound.value, sound.source),
        (SettingValue::Bool(true), SettingSource::User)
    );
    assert_eq!(reloaded.get("ui.language").unwrap().value, text("de"));
}

#[test]
fn saving_replaces_the_file_and_leaves_no_temporary_file() {
    let dir = tempfile::tempdir().unwrap();
    let mut settings = Settings::load(dir.path(), &Policy::empty()).unwrap();
    settings.set("ui.theme", "high-contrast").unwrap();
    settings.set("ui.theme", "dark").unwrap();
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    assert_eq!(names, vec!["settings.toml"]);
    let written: toml::Table =
        toml::from_str(&std::fs::read_to_string(settings.path()).unwrap()).unwrap();
    assert_eq!(written["ui.theme"].as_str(), Some("dark"));
}

#[test]
fn reset_removes_the_user_value_from_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let mut settings = Settings::load(dir.path(), &Policy::empty()).unwrap();
    settings.set("ui.theme", "dark").unwrap();
    let theme = settings.reset("ui.theme").unwrap();
    assert_eq!(
        (theme.value, theme.source),
        (text("system"), SettingSource::Default)
    );
    let written = std::fs::read_to_string(settings.path()).unwrap();
    assert!(!written.contains("ui.theme"), "{written}");
}

#[test]
fn an_unknown_key_fails_with_setting_unknown() {
    let dir = tempfile::tempdir().unwrap();
    let mut settings = Settings::load(dir.path(), &Policy::empty()).unwrap();
    assert!(matches!(
        settings.get("ui.colour"),
        Err(SettingsError::Unknown { .. })
    ));
    let error = settings.set("ui.colour", "dark").unwrap_err();
    let api = ApiError::from(&error);
    assert_eq!(api.code, ErrorCode::SettingUnknown);
    assert_eq!(api.details["key"], "ui.colour");
}

#[test]
fn a_value_that_does_not_fit_fails_with_setting_invalid() {
    let dir = tempfile::tempdir().unwrap();
    let mut settings = Settings::load(dir.path(), &Policy::empty()).unwrap();
    let error = settings.set("ui.theme", "purple").unwrap_err();
    let api = ApiError::from(&error);
    assert_eq!(api.code, ErrorCode::SettingInvalid);
    assert_eq!(api.details["key"], "ui.theme");
    assert_eq!(api.details["value"], "purple");
    assert!(api.details["reason"].contains("high-contrast"));
    assert!(matches!(
        settings.set("notifications.enabled", "yes"),
        Err(SettingsError::Invalid { .. })
    ));
    assert_eq!(
        settings.get("ui.theme").unwrap().source,
        SettingSource::Default
    );
}

#[test]
fn entries_this_version_cannot_use_are_kept_when_saving() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("settings.toml");
    std::fs::write(&file, "\"ui.future\" = 3\n\"ui.theme\" = \"purple\"\n").unwrap();
    let mut settings = Settings::load(dir.path(), &Policy::empty()).unwrap();
    assert_eq!(
        settings.get("ui.theme").unwrap().source,
        SettingSource::Default
    );
    settings.set("notifications.sound", "true").unwrap();
    let written: toml::Table = toml::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
    assert_eq!(written["ui.future"].as_integer(), Some(3));
    assert_eq!(written["ui.theme"].as_str(), Some("purple"));
    // Setting a kept key replaces the kept entry.
    settings.set("ui.theme", "dark").unwrap();
    let written: toml::Table = toml::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
    assert_eq!(written["ui.theme"].as_str(), Some("dark"));
}

#[test]
fn a_broken_settings_file_is_an_error_not_silently_replaced() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("settings.toml"), "\"ui.theme\" = \n").unwrap();
    let error = Settings::load(dir.path(), &Policy::empty()).unwrap_err();
    assert_eq!(ApiError::from(&error).code, ErrorCode::Io);
}

#[test]
fn a_setting_serialises_as_the_ui_expects() {
    let dir = tempfile::tempdir().unwrap();
    let settings = Settings::load(dir.path(), &policy(POLICY)).unwrap();
    let json = serde_json::to_value(settings.get("mail.remote_content").unwrap()).unwrap();
    assert_eq!(
        json,
        serde_json::json!({
            "key": "mail.remote_content",
            "value": "block",
            "source": "policy",
            "locked": true,
            "locked_by": "/etc/werkbank/policy.toml",
        })
    );
    let json = serde_json::to_value(settings.get("notifications.enabled").unwrap()).unwrap();
    assert_eq!(json["value"], true);
    assert_eq!(json["locked_by"], serde_json::Value::Null);
}
