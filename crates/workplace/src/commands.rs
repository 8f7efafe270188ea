//! The command API: plain data in, plain data out, [`ApiError`] on failure. The desktop
//! shell's commands and `werkbank-cli` are thin adapters over these methods.

use crate::{Workplace, network, provision};
use serde::{Deserialize, Serialize};
use werkbank_account::credentials::SecretKind;
use werkbank_account::discovery::{self, Discovery, DiscoveryOptions, ServiceKind};
use werkbank_account::module::{ProbeContext, ServiceCheck};
use werkbank_account::policy::Policy;
use werkbank_account::settings::Setting;
use werkbank_account::{Account, ApiError, Credentials, ErrorCode};

/// A module the policy enables, with the services it needs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct ModuleView {
    pub id: String,
    pub services: Vec<ServiceKind>,
}

/// An account as shown to the user: its settings (never a secret) and its services.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct AccountView {
    #[serde(flatten)]
    pub account: Account,
    pub services: Vec<ServiceKind>,
}

/// What the UI needs to know about the running app.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct AppInfo {
    pub version: String,
    pub profile_dir: String,
    /// `de` or `en`: the language of messages (the `ui.language` setting or the OS).
    pub language: String,
    /// The policy file in force, if any (shown with locked settings).
    pub policy_file: Option<String>,
    /// Whether the user may trust an unknown certificate by hand
    /// (`account_trust_certificate`); when `false`, the IT department has to install it.
    pub pinning_allowed: bool,
}

/// A policy account that waits for first-run input (e.g. the e-mail address).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct PendingAccount {
    pub id: String,
    /// Placeholders without a value: `USER`, `EMAIL`, `DISPLAY_NAME`.
    pub missing: Vec<String>,
}

/// `account add`: the account and, optionally, its password for the keyring.
#[derive(Debug, Clone, Deserialize, ts_rs::TS)]
#[ts(export)]
pub struct AddAccount {
    pub account: Account,
    pub password: Option<String>,
}

/// `account remove` must be confirmed by the user (the CLI asks, or `--yes`).
#[derive(Debug, Clone, Deserialize, ts_rs::TS)]
#[ts(export)]
pub struct RemoveAccount {
    pub id: String,
    pub confirmed: bool,
}

/// `account test`: one check per configured service.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct AccountTest {
    pub account: String,
    pub ok: bool,
    pub checks: Vec<ServiceCheck>,
}

fn view(account: Account) -> AccountView {
    let mut services = Vec::new();
    if account.mail.is_some() {
        services.extend([ServiceKind::Imap, ServiceKind::Smtp]);
    }
    for (present, kind) in [
        (account.caldav.is_some(), ServiceKind::CalDav),
        (account.carddav.is_some(), ServiceKind::CardDav),
        (account.matrix.is_some(), ServiceKind::Matrix),
        (account.webdav.is_some(), ServiceKind::WebDav),
    ] {
        if present {
            services.push(kind);
        }
    }
    AccountView { account, services }
}

/// The keyring, or — when none is reachable — password commands only, so accounts
/// with a `password_command` keep working; the others then fail with the keyring's
/// own error, which says how to fix it.
pub(crate) fn credentials() -> Credentials {
    Credentials::new().unwrap_or_else(|e| {
        tracing::warn!("no keyring: {e}");
        Credentials::password_commands_only()
    })
}

/// An account's password for its mail servers. An account with a `password_command`
/// never touches the keyring: opening the Secret Service (a D-Bus session with a key
/// exchange) costs more than a no-change sync pass itself.
pub(crate) async fn account_password(account: &Account) -> Result<String, ApiError> {
    let credentials = if account.password_command.is_some() {
        Credentials::password_commands_only()
    } else {
        credentials()
    };
    credentials
        .password(account)
        .await
        .map_err(|e| ApiError::from(&e))
}

impl Workplace {
    pub fn modules(&self) -> Vec<ModuleView> {
        self.modules
            .iter()
            .map(|m| {
                let info = m.info();
                ModuleView {
                    id: info.id.to_string(),
                    services: info.services.to_vec(),
                }
            })
            .collect()
    }

    pub fn account_list(&self) -> Result<Vec<AccountView>, ApiError> {
        Ok(self.accounts.list()?.into_iter().map(view).collect())
    }

    pub fn app_info(&self) -> AppInfo {
        AppInfo {
            version: env!("CARGO_PKG_VERSION").to_string(),
            profile_dir: self.profile.dir().display().to_string(),
            language: werkbank_account::i18n::Lang::current().code().to_string(),
            policy_file: self.policy.source.as_ref().map(|p| p.display().to_string()),
            pinning_allowed: self.pinning_allowed(),
        }
    }

    /// The one rule for trusting a certificate by hand: the policy decides.
    fn pinning_allowed(&self) -> bool {
        self.policy.network.allow_certificate_pinning
    }

    /// Policy accounts still waiting for first-run input.
    pub fn account_pending(&self) -> Vec<PendingAccount> {
        provision::pending(&self.policy)
            .into_iter()
            .map(|(id, missing)| PendingAccount { id, missing })
            .collect()
    }

    pub fn account_show(&self, id: &str) -> Result<AccountView, ApiError> {
        Ok(view(self.accounts.get(id)?))
    }

    pub fn account_add(&self, request: AddAccount) -> Result<AccountView, ApiError> {
        let account = request.account;
        account.validate()?;
        self.check_hosts(&account)?;
        self.accounts.add(account.clone())?;
        if let Some(password) = &request.password {
            let stored = Credentials::new().and_then(|c| c.set_password(&account.id, password));
            if let Err(e) = stored {
                // No account without its password: undo, so the user can simply retry.
                let _ = self.accounts.remove(&account.id);
                return Err(ApiError::from(&e));
            }
        }
        Ok(view(account))
    }

    /// Changes a saved account: its display name, e-mail address and the address,
    /// security and user name of each service (a service may also be added or dropped).
    /// `account.id` names the account. What is not edited here is kept from the saved
    /// account: its password command, its trusted certificates (`account_trust_certificate`)
    /// and whether the policy provided it. Checked like `account_add` (the account's
    /// rules, then the policy's hosts); nothing is probed (the UI tests before saving).
    ///
    /// A policy account is refused with `setting_locked` for any change: provisioning
    /// writes the policy's version back on every start, so every field it has is fixed.
    /// When the Matrix server or user changes, the old login's device and access token
    /// are dropped, so the token of one server is never presented to another.
    pub fn account_update(&self, account: Account) -> Result<AccountView, ApiError> {
        let saved = self.accounts.get(&account.id)?;
        let mut updated = Account {
            password_command: saved.password_command.clone(),
            provisioned: saved.provisioned,
            pinned_certificates: saved.pinned_certificates.clone(),
            ..account
        };
        let matrix_login_changed = match (&mut updated.matrix, &saved.matrix) {
            (Some(new), Some(old))
                if new.homeserver == old.homeserver && new.username == old.username =>
            {
                new.user_id = old.user_id.clone();
                new.device_id = old.device_id.clone();
                false
            }
            (Some(new), _) => {
                new.user_id = None;
                new.device_id = None;
                true
            }
            (None, old) => old.is_some(),
        };
        if updated == saved {
            return Ok(view(saved));
        }
        if saved.provisioned {
            let field = changed_field(&saved, &updated).unwrap_or("account");
            let file = self
                .policy
                .source
                .as_ref()
                .map(|p| p.display().to_string())
                .unwrap_or_default();
            return Err(ApiError::with(
                ErrorCode::SettingLocked,
                &[
                    ("key", &format!("accounts.{}.{field}", saved.id)),
                    ("file", &file),
                ],
            ));
        }
        updated.validate()?;
        self.check_hosts(&updated)?;
        if matrix_login_changed && saved.matrix.is_some() {
            // Without a keyring there is no stored token to drop (and none to present).
            if let Ok(credentials) = Credentials::new() {
                credentials
                    .delete(&saved.id, SecretKind::MatrixToken)
                    .map_err(|e| ApiError::from(&e))?;
            }
        }
        self.accounts.update(updated.clone())?;
        Ok(view(updated))
    }

    /// Stores a (new) password for an account in the keyring.
    pub fn account_set_password(&self, id: &str, password: &str) -> Result<(), ApiError> {
        self.accounts.get(id)?;
        Credentials::new()
            .and_then(|c| c.set_password(id, password))
            .map_err(|e| ApiError::from(&e))
    }

    /// Trusts one certificate for an account by its SHA-256 fingerprint (a self-signed
    /// server the organisation vouches for). Needs the user's explicit confirmation and
    /// is refused where the policy forbids pinning.
    pub fn account_trust_certificate(
        &self,
        id: &str,
        fingerprint: &str,
        confirmed: bool,
    ) -> Result<AccountView, ApiError> {
        if !self.pinning_allowed() {
            return Err(ApiError::with(ErrorCode::PinningForbidden, &[]));
        }
        let mut account = self.accounts.get(id)?;
        if !confirmed {
            return Err(invalid("trusting a certificate must be confirmed"));
        }
        let hex: String = fingerprint
            .chars()
            .filter(|c| *c != ':')
            .collect::<String>()
            .to_ascii_lowercase();
        if hex.len() != 64 || !hex.chars().all(|c| c.is_ascii_hexdigit()) {
            return Err(invalid(
                "a SHA-256 fingerprint has 64 hex digits (colons allowed)",
            ));
        }
        if !account.pinned_certificates.contains(&hex) {
            account.pinned_certificates.push(hex);
            self.accounts.update(account.clone())?;
        }
        Ok(view(account))
    }

    /// Removes an account: modules forget it on the server (the chat device is logged
    /// out), then its secrets leave the keyring, then the account leaves the profile
    /// and its local mail is deleted.
    /// Returns the problems modules had forgetting it and deleting its local mail (the
    /// removal still happens).
    pub async fn account_remove(&self, request: RemoveAccount) -> Result<Vec<ApiError>, ApiError> {
        let account = self.accounts.get(&request.id)?;
        if !request.confirmed {
            return Err(invalid("removing an account must be confirmed"));
        }
        if account.provisioned {
            return Err(invalid(
                "this account is provided by your organisation's policy and cannot be removed",
            ));
        }
        let credentials = Credentials::new();
        let mut problems = Vec::new();
        if let Ok(credentials) = &credentials {
            let ctx = ProbeContext {
                net: network::net(&self.policy, Some(&account))?,
                credentials: credentials.clone(),
            };
            for module in &self.modules {
                if let Err(e) = module.forget(&ctx, &account).await {
                    tracing::warn!(
                        module = module.info().id,
                        "could not forget the account on the server: {e}"
                    );
                    problems.push(e);
                }
            }
        }
        // Secrets first: an account entry without secrets is harmless, the reverse is not.
        match credentials {
            Ok(credentials) => credentials.delete_all(&account.id)?,
            Err(e) if account.password_command.is_some() => {
                tracing::info!("no keyring to clean: {e}")
            }
            Err(e) => return Err(ApiError::from(&e)),
        }
        self.accounts.remove(&account.id)?;
        // Its mail leaves the profile with it (an account added later under the same id
        // starts empty); a failure is reported, the removal stands.
        if account.mail.is_some()
            && let Err(e) = self
                .mail_store(&account)
                .and_then(|mail| mail.remove_account().map_err(|e| ApiError::from(&e)))
        {
            tracing::warn!("could not delete the account's local mail: {e}");
            problems.push(e);
        }
        Ok(problems)
    }

    /// Runs every enabled module's probe for the account, concurrently.
    pub async fn account_test(&self, id: &str) -> Result<AccountTest, ApiError> {
        let account = self.accounts.get(id)?;
        self.probe(&account, credentials()).await
    }

    /// Checks an account that is not saved yet, with the password the user typed (the
    /// setup dialog: discover, test each service, then save). Nothing is stored.
    pub async fn account_probe(&self, request: AddAccount) -> Result<AccountTest, ApiError> {
        let account = request.account;
        account.validate()?;
        self.check_hosts(&account)?;
        let mut credentials = credentials();
        if let Some(password) = &request.password {
            credentials = credentials.with_typed_password(&account.id, password);
        }
        self.probe(&account, credentials).await
    }

    /// Every enabled module's probe, concurrently. Services of modules the policy
    /// disabled are absent, like the modules themselves.
    async fn probe(
        &self,
        account: &Account,
        credentials: Credentials,
    ) -> Result<AccountTest, ApiError> {
        let ctx = ProbeContext {
            net: network::net(&self.policy, Some(account))?,
            credentials,
        };
        let probes = self.modules.iter().map(|m| m.probe(&ctx, account));
        let mut checks: Vec<ServiceCheck> = futures::future::join_all(probes)
            .await
            .into_iter()
            .flatten()
            .collect();
        checks.sort_by_key(|c| c.service);
        let ok = checks.iter().all(|c| c.ok);
        Ok(AccountTest {
            account: account.id.clone(),
            ok,
            checks,
        })
    }

    /// Finds the services of an e-mail address with every discovery mechanism.
    pub async fn discover(
        &self,
        email: &str,
        username: Option<String>,
        password: Option<String>,
    ) -> Result<Discovery, ApiError> {
        let net = network::net(&self.policy, None)?;
        let options = DiscoveryOptions {
            username,
            password,
            allow_public_lookups: self.policy.network.public_lookups,
            ..DiscoveryOptions::default()
        };
        discovery::discover(&net, email, &options)
            .await
            .map_err(|e| ApiError::from(&e))
    }

    pub fn settings_get(&self, key: Option<&str>) -> Result<Vec<Setting>, ApiError> {
        let settings = self
            .settings
            .lock()
            .map_err(|_| internal("settings lock poisoned"))?;
        match key {
            Some(key) => Ok(vec![settings.get(key)?]),
            None => Ok(settings.all()),
        }
    }

    pub fn settings_set(&self, key: &str, value: &str) -> Result<Setting, ApiError> {
        let mut settings = self
            .settings
            .lock()
            .map_err(|_| internal("settings lock poisoned"))?;
        Ok(settings.set(key, value)?)
    }

    pub fn policy_show(&self) -> &Policy {
        &self.policy
    }

    /// Checks a policy file without applying it (for IT departments before rollout).
    pub fn policy_validate(path: &std::path::Path) -> Result<Policy, ApiError> {
        Policy::from_file(path).map_err(|e| ApiError::from(&e))
    }

    /// Refuses an account whose servers the policy does not allow, before anything else.
    fn check_hosts(&self, account: &Account) -> Result<(), ApiError> {
        let net = network::net(&self.policy, None)?;
        let mut hosts: Vec<String> = Vec::new();
        if let Some(mail) = &account.mail {
            hosts.extend([mail.imap.host.clone(), mail.smtp.host.clone()]);
        }
        for dav in [&account.caldav, &account.carddav, &account.webdav]
            .into_iter()
            .flatten()
        {
            hosts.extend(dav.url.host_str().map(str::to_string));
        }
        if let Some(m) = &account.matrix {
            hosts.extend(m.homeserver.host_str().map(str::to_string));
        }
        for host in hosts {
            net.check_host(&host).map_err(|e| ApiError::from(&e))?;
        }
        Ok(())
    }
}

/// The first field (as in `accounts.toml`) that differs between two versions of an account.
fn changed_field(saved: &Account, updated: &Account) -> Option<&'static str> {
    let same_matrix = match (&saved.matrix, &updated.matrix) {
        (Some(a), Some(b)) => a.homeserver == b.homeserver && a.username == b.username,
        (a, b) => a.is_none() && b.is_none(),
    };
    [
        ("display_name", saved.display_name == updated.display_name),
        ("email", saved.email == updated.email),
        ("mail", saved.mail == updated.mail),
        ("caldav", saved.caldav == updated.caldav),
        ("carddav", saved.carddav == updated.carddav),
        ("webdav", saved.webdav == updated.webdav),
        ("matrix", same_matrix),
    ]
    .into_iter()
    .find(|(_, same)| !same)
    .map(|(field, _)| field)
}

fn invalid(reason: &str) -> ApiError {
    ApiError::with(ErrorCode::InvalidInput, &[("reason", reason)])
}

pub(crate) fn internal(reason: &str) -> ApiError {
    ApiError::with(ErrorCode::Internal, &[("reason", reason)])
}
