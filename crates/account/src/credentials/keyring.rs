//! The platform keyring and its errors.

use crate::account::AccountError;
use keyring_core::CredentialStore;
use std::sync::{Arc, Mutex, PoisonError};

/// What to tell the user when no keyring answers.
const HOW_TO_FIX: &str = "start your desktop's keyring (GNOME Keyring or KWallet) and unlock it, \
     make sure DBUS_SESSION_BUS_ADDRESS points to your session bus, \
     or set a password_command for the account";

/// The store, chosen once per process. A failed attempt is not remembered, so a keyring
/// started later (after the user followed the hint) is picked up by the next call.
static STORE: Mutex<Option<Arc<CredentialStore>>> = Mutex::new(None);

pub(super) fn platform_store() -> Result<Arc<CredentialStore>, AccountError> {
    let mut chosen = STORE.lock().unwrap_or_else(PoisonError::into_inner);
    if let Some(store) = chosen.as_ref() {
        return Ok(store.clone());
    }
    let store = connect()?;
    // Other code in the process (e.g. matrix-sdk helpers) may build entries through
    // keyring-core's default store; it must be the same one.
    keyring_core::set_default_store(store.clone());
    tracing::info!(store = %store.vendor(), "using the OS keyring");
    *chosen = Some(store.clone());
    Ok(store)
}

#[cfg(target_os = "linux")]
fn connect() -> Result<Arc<CredentialStore>, AccountError> {
    // NOTE: the crypto-rust variant is blocking; the tokio variant panics inside a runtime.
    let store =
        dbus_secret_service_keyring_store::Store::new().map_err(|e| AccountError::Keyring {
            reason: format!(
                "the Secret Service could not be reached ({}); {HOW_TO_FIX}",
                describe(&e)
            ),
        })?;
    Ok(store)
}

/// macOS: the user's login Keychain.
#[cfg(target_os = "macos")]
fn connect() -> Result<Arc<CredentialStore>, AccountError> {
    let store =
        apple_native_keyring_store::keychain::Store::new().map_err(|e| AccountError::Keyring {
            reason: format!(
                "the macOS Keychain could not be opened ({}); unlock your login keychain, \
             or set a password_command for the account",
                describe(&e)
            ),
        })?;
    Ok(store)
}

/// Windows: the Credential Manager of the signed-in user.
#[cfg(target_os = "windows")]
fn connect() -> Result<Arc<CredentialStore>, AccountError> {
    let store = windows_native_keyring_store::Store::new().map_err(|e| AccountError::Keyring {
        reason: format!(
            "the Windows Credential Manager could not be opened ({}); \
             sign in to Windows normally, or set a password_command for the account",
            describe(&e)
        ),
    })?;
    Ok(store)
}

#[cfg(not(any(target_os = "linux", target_os = "macos", target_os = "windows")))]
fn connect() -> Result<Arc<CredentialStore>, AccountError> {
    Err(AccountError::Keyring {
        reason: "this Werkbank build has no keyring support for this operating system; \
                 set a password_command for the account"
            .into(),
    })
}

/// Maps a keyring failure to the account error, without any secret: two variants carry
/// the bytes that were read, so they are described, not displayed.
pub(super) fn error(error: keyring_core::Error) -> AccountError {
    let reason = match &error {
        keyring_core::Error::NoStorageAccess(_) => {
            format!(
                "the keyring is locked or refused access ({}); {HOW_TO_FIX}",
                describe(&error)
            )
        }
        keyring_core::Error::PlatformFailure(_) => {
            format!("the keyring failed ({}); {HOW_TO_FIX}", describe(&error))
        }
        _ => describe(&error),
    };
    AccountError::Keyring { reason }
}

fn describe(error: &keyring_core::Error) -> String {
    match error {
        keyring_core::Error::BadEncoding(_) | keyring_core::Error::BadDataFormat(..) => {
            "the stored secret is not readable text".into()
        }
        keyring_core::Error::NoStorageAccess(inner)
        | keyring_core::Error::PlatformFailure(inner) => inner.to_string(),
        keyring_core::Error::Ambiguous(entries) => {
            format!(
                "{} keyring entries match; remove the duplicates",
                entries.len()
            )
        }
        other => other.to_string(),
    }
}
