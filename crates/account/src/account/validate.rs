//! The rules an account must follow before it is stored or used.
//!
//! Messages name the account and the field and say what would be accepted, because
//! they reach the user as `invalid_input` in the UI and the CLI.

use super::{Account, AccountError, DavService, Endpoint, MatrixService, Security};
use url::Url;

const MAX_ID_LEN: usize = 64;

/// Checks an account id: 1–64 lowercase ASCII letters, digits or `-`, starting with a
/// letter or digit. Ids end up in keyring entry names (`<id>:password`), file names and
/// CLI arguments, so nothing else is allowed.
pub fn validate_account_id(id: &str) -> Result<(), AccountError> {
    let well_formed = !id.is_empty()
        && id.len() <= MAX_ID_LEN
        && id.starts_with(|c: char| c.is_ascii_lowercase() || c.is_ascii_digit())
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
    if well_formed {
        Ok(())
    } else {
        Err(AccountError::invalid(format!(
            "the account id {id:?} must be 1 to {MAX_ID_LEN} lowercase letters, digits or '-', \
             starting with a letter or digit (for example \"work\")"
        )))
    }
}

impl Account {
    /// Checks every rule; the first broken one is the error.
    pub fn validate(&self) -> Result<(), AccountError> {
        validate_account_id(&self.id)?;
        let id = &self.id;
        let invalid = |what: String| Err(AccountError::invalid(format!("account {id}: {what}")));
        if self.display_name.trim().is_empty() {
            return invalid("the display name is empty".into());
        }
        if !is_email(&self.email) {
            return invalid(format!("{:?} is not an e-mail address", self.email));
        }
        if let Some(command) = &self.password_command
            && command.trim().is_empty()
        {
            return invalid("the password command is empty; remove it to use the keyring".into());
        }
        for fingerprint in &self.pinned_certificates {
            if fingerprint.len() != 64 || !fingerprint.chars().all(|c| c.is_ascii_hexdigit()) {
                return invalid(format!(
                    "the pinned certificate {fingerprint:?} is not a SHA-256 fingerprint (64 hex digits)"
                ));
            }
        }
        if let Some(mail) = &self.mail {
            check_endpoint(id, "IMAP", &mail.imap)?;
            check_endpoint(id, "SMTP", &mail.smtp)?;
            check_username(id, "mail", &mail.username)?;
        }
        for (service, dav) in [
            ("CalDAV", &self.caldav),
            ("CardDAV", &self.carddav),
            ("WebDAV", &self.webdav),
        ] {
            if let Some(DavService { url, username }) = dav {
                check_url(id, service, url)?;
                check_username(id, service, username)?;
            }
        }
        if let Some(MatrixService {
            homeserver,
            username,
            ..
        }) = &self.matrix
        {
            check_url(id, "Matrix", homeserver)?;
            check_username(id, "Matrix", username)?;
        }
        Ok(())
    }
}

fn is_email(text: &str) -> bool {
    match text.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && !domain.is_empty()
                && !domain.contains('@')
                && !text.chars().any(|c| c.is_whitespace() || c.is_control())
        }
        None => false,
    }
}

/// Names that can only mean this computer, where an unencrypted connection cannot be
/// read by anyone else on the network.
fn is_local_host(host: &str) -> bool {
    matches!(
        host.to_ascii_lowercase().as_str(),
        "localhost" | "127.0.0.1" | "::1" | "[::1]"
    )
}

fn check_endpoint(id: &str, service: &str, endpoint: &Endpoint) -> Result<(), AccountError> {
    let host = &endpoint.host;
    if host.is_empty() || host.contains(['/', ' ']) || host.contains("://") {
        return Err(AccountError::invalid(format!(
            "account {id}: the {service} host {host:?} must be a bare host name such as mail.example.org"
        )));
    }
    if endpoint.port == 0 {
        return Err(AccountError::invalid(format!(
            "account {id}: the {service} port must be 1 to 65535"
        )));
    }
    if endpoint.security == Security::Plain && !is_local_host(host) {
        return Err(AccountError::invalid(format!(
            "account {id}: {service} to {host} would be unencrypted; use security \"tls\" or \
             \"starttls\" (\"plain\" is only allowed for localhost)"
        )));
    }
    Ok(())
}

fn check_url(id: &str, service: &str, url: &Url) -> Result<(), AccountError> {
    // Checked first, so the messages below can show the URL: a secret in the URL would
    // end up in accounts.toml, logs and the UI.
    if !url.username().is_empty() || url.password().is_some() {
        return Err(AccountError::invalid(format!(
            "account {id}: the {service} address must not contain a user name or password; \
             use the username field, the password goes into the keyring"
        )));
    }
    let host = url.host_str().unwrap_or_default();
    let encrypted = url.scheme() == "https";
    let local_plain = url.scheme() == "http" && is_local_host(host);
    if !(encrypted || local_plain) || host.is_empty() {
        return Err(AccountError::invalid(format!(
            "account {id}: the {service} address {url} must start with https:// \
             (http:// is only allowed for localhost)"
        )));
    }
    Ok(())
}

fn check_username(id: &str, service: &str, username: &str) -> Result<(), AccountError> {
    if username.trim().is_empty() {
        return Err(AccountError::invalid(format!(
            "account {id}: the {service} user name is empty"
        )));
    }
    Ok(())
}
