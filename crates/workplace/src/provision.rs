//! Accounts from the policy's templates appear without any input from the user, once
//! every placeholder they use has a value (`${USER}` comes from the OS; `${EMAIL}` and
//! `${DISPLAY_NAME}` from the OS environment or the first-run dialog). The password is
//! asked for later — or never, where a `password_command` is set.

use werkbank_account::account::{DavService, Endpoint, MailService, MatrixService, Security};
use werkbank_account::policy::{AccountTemplate, Policy, ProvisionedAccount, TemplateVars};
use werkbank_account::{Account, AccountStore, ApiError, ErrorCode};

pub(crate) fn apply(policy: &Policy, store: &AccountStore) -> Result<(), ApiError> {
    let vars = TemplateVars::from_os();
    for template in &policy.accounts {
        if !template.missing_vars(&vars).is_empty() {
            tracing::info!(account = %template.id, "policy account waits for first-run input");
            continue;
        }
        let account = convert(&template.instantiate(&vars))?;
        match store.get(&account.id) {
            Ok(existing) if existing.provisioned => {
                // The policy is the source of truth; keep what the app learnt (pins, device).
                let mut updated = account;
                updated.pinned_certificates = existing.pinned_certificates.clone();
                if let (Some(new), Some(old)) = (&mut updated.matrix, &existing.matrix) {
                    new.user_id = old.user_id.clone();
                    new.device_id = old.device_id.clone();
                }
                if updated != existing {
                    store.update(updated)?;
                }
            }
            Ok(_) => {
                tracing::warn!(account = %template.id, "a user account has the id of a policy account; left alone")
            }
            Err(_) => store.add(account)?,
        }
    }
    Ok(())
}

/// The policy accounts that still wait for first-run input, with what they need.
pub(crate) fn pending(policy: &Policy) -> Vec<(String, Vec<String>)> {
    let vars = TemplateVars::from_os();
    policy
        .accounts
        .iter()
        .map(|t: &AccountTemplate| {
            (
                t.id.clone(),
                t.missing_vars(&vars)
                    .into_iter()
                    .map(|v| v.name().to_string())
                    .collect::<Vec<_>>(),
            )
        })
        .filter(|(_, missing)| !missing.is_empty())
        .collect()
}

fn convert(p: &ProvisionedAccount) -> Result<Account, ApiError> {
    let email = p.email.clone().unwrap_or_default();
    let mut account = Account::new(
        &p.id,
        p.display_name.clone().unwrap_or_else(|| email.clone()),
        &email,
    );
    account.provisioned = true;
    account.password_command = p.password_command.clone();
    if let Some(mail) = &p.mail {
        account.mail = Some(MailService {
            imap: endpoint(
                &mail.imap,
                &[
                    ("imaps", Security::Tls, 993),
                    ("imap", Security::StartTls, 143),
                ],
            )?,
            smtp: endpoint(
                &mail.smtp,
                &[
                    ("submissions", Security::Tls, 465),
                    ("smtps", Security::Tls, 465),
                    ("submission", Security::StartTls, 587),
                ],
            )?,
            username: mail.username.clone().unwrap_or_else(|| email.clone()),
        });
    }
    let local_part = email.split('@').next().unwrap_or_default().to_string();
    let dav =
        |d: &Option<werkbank_account::policy::DavService>| -> Result<Option<DavService>, ApiError> {
            d.as_ref()
                .map(|d| {
                    Ok(DavService {
                        url: url(&d.url)?,
                        username: d.username.clone().unwrap_or_else(|| local_part.clone()),
                    })
                })
                .transpose()
        };
    account.caldav = dav(&p.caldav)?;
    account.carddav = dav(&p.carddav)?;
    account.webdav = dav(&p.webdav)?;
    if let Some(m) = &p.matrix {
        account.matrix = Some(MatrixService {
            homeserver: url(&m.homeserver)?,
            username: m.username.clone().unwrap_or_else(|| local_part.clone()),
            user_id: None,
            device_id: None,
        });
    }
    account.validate()?;
    Ok(account)
}

fn url(text: &str) -> Result<url::Url, ApiError> {
    url::Url::parse(text).map_err(|e| invalid(&format!("{text}: {e}")))
}

/// `imaps://host:port` and friends → an endpoint (scheme decides TLS or STARTTLS).
fn endpoint(text: &str, schemes: &[(&str, Security, u16)]) -> Result<Endpoint, ApiError> {
    let parsed = url(text)?;
    let (_, security, default_port) = schemes
        .iter()
        .find(|(scheme, _, _)| *scheme == parsed.scheme())
        .ok_or_else(|| invalid(&format!("{text}: unsupported scheme {}", parsed.scheme())))?;
    let host = parsed
        .host_str()
        .ok_or_else(|| invalid(&format!("{text}: no host")))?;
    Ok(Endpoint::new(
        host,
        parsed.port().unwrap_or(*default_port),
        *security,
    ))
}

fn invalid(reason: &str) -> ApiError {
    ApiError::with(ErrorCode::InvalidInput, &[("reason", reason)])
}
