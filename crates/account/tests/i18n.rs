//! Every message exists in German and English, and every error code has a message
//! with a hint in both.

use werkbank_account::i18n::{self, DE_FTL, EN_FTL, Lang};
use werkbank_account::{ApiError, ErrorCode};

#[test]
fn german_and_english_define_the_same_message_ids() {
    assert_eq!(i18n::message_ids(DE_FTL), i18n::message_ids(EN_FTL));
    assert!(!i18n::message_ids(EN_FTL).is_empty());
}

#[test]
fn every_error_code_has_a_message_and_a_hint_in_both_languages() {
    for code in ErrorCode::ALL {
        for lang in [Lang::De, Lang::En] {
            let error = ApiError::new(code, Default::default(), lang);
            assert_ne!(
                error.message,
                code.message_id(),
                "{code} has no message in {lang:?}"
            );
            assert!(!error.hint.is_empty(), "{code} has no hint in {lang:?}");
        }
    }
}

#[test]
fn details_fill_the_message() {
    let details = [("host".to_string(), "mail.example.test".to_string())].into();
    let de = ApiError::new(ErrorCode::AuthFailed, details, Lang::De);
    assert_eq!(
        de.message,
        "Der Server mail.example.test hat Benutzername oder Passwort abgelehnt."
    );
    let json = serde_json::to_value(&de).unwrap();
    assert_eq!(json["code"], "auth_failed");
    assert_eq!(json["details"]["host"], "mail.example.test");
}

#[test]
fn locale_tags_pick_the_language() {
    assert_eq!(Lang::parse("de_DE.UTF-8"), Some(Lang::De));
    assert_eq!(Lang::parse("de-AT"), Some(Lang::De));
    assert_eq!(Lang::parse("en_GB"), Some(Lang::En));
    assert_eq!(Lang::parse("fr_FR"), None);
}
