//! The workplace: one command API over the modules the policy enables.
//!
//! [`Workplace::open`] reads the policy, the profile (accounts, settings) and builds
//! the network configuration; the command methods (`account_*`, `settings_*`,
//! `policy_*`, `discover`, `modules`) are what the desktop shell, `werkbank-cli` and
//! the tests call. They take and return plain serialisable data and fail with
//! [`ApiError`] (`{code, message, hint, details}`).
//!
//! Writing commands need the profile lock ([`Access::Write`]): one process owns a
//! profile's accounts, sync and outbox at a time; a second gets `profile_in_use`.

mod background;
mod commands;
mod mail;
mod modules;
mod network;
mod outbox;
mod provision;
mod reader;

pub use commands::{
    AccountTest, AccountView, AddAccount, AppInfo, ModuleView, PendingAccount, RemoveAccount,
};
pub use mail::MailAction;
pub use outbox::{ComposeRequest, SendResult};
pub use reader::{
    READER_SCHEME, ReaderResource, ReaderView, RemoteAllowance, RemoteContent, reader_origin,
};
pub use werkbank_account::ApiError;

use std::path::PathBuf;
use std::sync::Mutex;
use tokio::sync::broadcast;
use werkbank_account::module::{Module, ModuleEvent};
use werkbank_account::policy::Policy;
use werkbank_account::settings::Settings;
use werkbank_account::{AccountStore, Profile, ProfileLock};

/// Read-only commands may run beside the app; writing ones take the profile lock.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    Read,
    Write,
}

/// Where to open the workplace.
#[derive(Debug, Clone, Default)]
pub struct OpenOptions {
    /// `--profile DIR`; else `WERKBANK_PROFILE`; else the platform data directory.
    pub profile: Option<PathBuf>,
    /// A policy to use instead of the system one (`WERKBANK_POLICY` also overrides).
    pub policy: Option<Policy>,
}

pub struct Workplace {
    profile: Profile,
    policy: Policy,
    accounts: AccountStore,
    settings: Mutex<Settings>,
    modules: Vec<Box<dyn Module>>,
    /// Where the modules' sync engines report; the shell forwards it to the UI.
    events: broadcast::Sender<ModuleEvent>,
    /// The profile's database, opened on first use.
    store: std::sync::OnceLock<std::sync::Arc<werkbank_store::Store>>,
    /// Background sync per account (`background.rs`).
    running: Mutex<std::collections::HashMap<String, background::Running>>,
    /// Messages whose remote content the user allowed until the app quits (`reader.rs`).
    remote_messages: Mutex<std::collections::HashSet<(String, i64)>>,
    /// Held for the lifetime of a writing workplace.
    _lock: Option<ProfileLock>,
}

impl std::fmt::Debug for Workplace {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Workplace")
            .field("profile", &self.profile.dir())
            .field(
                "modules",
                &self.modules.iter().map(|m| m.info().id).collect::<Vec<_>>(),
            )
            .finish()
    }
}

impl Workplace {
    pub fn open(options: OpenOptions, access: Access) -> Result<Workplace, ApiError> {
        let profile = Profile::resolve(options.profile)?;
        let lock = match access {
            Access::Write => Some(profile.lock()?),
            Access::Read => None,
        };
        let policy = match options.policy {
            Some(policy) => policy,
            None => Policy::load().map_err(|e| ApiError::from(&e))?,
        };
        let settings = Settings::load(profile.dir(), &policy).map_err(|e| ApiError::from(&e))?;
        apply_language(&settings);
        let accounts = AccountStore::new(&profile);
        let modules = modules::enabled(&policy);
        let workplace = Workplace {
            profile,
            policy,
            accounts,
            settings: Mutex::new(settings),
            modules,
            events: broadcast::channel(EVENT_BUFFER).0,
            store: std::sync::OnceLock::new(),
            running: Mutex::new(std::collections::HashMap::new()),
            remote_messages: Mutex::new(std::collections::HashSet::new()),
            _lock: lock,
        };
        // Policy accounts appear without input. A reader provisions only while nobody
        // else owns the profile (the owner has provisioned already), and does not even
        // take the lock when the policy has no accounts (every read command opens here).
        match access {
            Access::Write => provision::apply(&workplace.policy, &workplace.accounts)?,
            Access::Read if workplace.policy.accounts.is_empty() => {}
            Access::Read => {
                if let Ok(_briefly) = workplace.profile.lock() {
                    provision::apply(&workplace.policy, &workplace.accounts)?;
                }
            }
        }
        Ok(workplace)
    }

    pub fn profile(&self) -> &Profile {
        &self.profile
    }

    pub fn policy(&self) -> &Policy {
        &self.policy
    }

    /// The modules' events (progress, idle, offline, changed) from now on. A receiver
    /// that falls more than a buffer behind gets `RecvError::Lagged` and should reload
    /// what it shows; nothing is lost in the store.
    pub fn events(&self) -> broadcast::Receiver<ModuleEvent> {
        self.events.subscribe()
    }

    /// The sender the sync engines get in their `SyncContext`.
    pub fn event_sender(&self) -> broadcast::Sender<ModuleEvent> {
        self.events.clone()
    }
}

/// Events a slow receiver may fall behind before it lags.
const EVENT_BUFFER: usize = 256;

/// `ui.language` (`system`, `de`, `en`) decides the language of messages.
fn apply_language(settings: &Settings) {
    use werkbank_account::i18n::{Lang, set_current};
    if let Ok(setting) = settings.get("ui.language")
        && let Some(lang) = Lang::parse(&setting.value.to_string())
    {
        set_current(lang);
    }
}
