//! The policy as plain data. These types cross IPC (the UI shows what is locked and why),
//! so every field is public and serialisable; the invariants are established once, by
//! the loader in `policy::load`, and the model itself stays dumb.

use crate::settings::SettingValue;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::path::PathBuf;
use url::Url;

/// What the organisation decided for every Werkbank on a machine.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Policy {
    /// Modules switched off: their commands fail with `module_disabled`, the UI hides them.
    pub modules_disabled: Vec<ModuleId>,
    pub network: NetworkPolicy,
    /// `false` switches update checks off and locks the `updates.check` setting.
    pub updates_check: bool,
    /// Defaults (and locks) for settings, keyed by setting key (`ui.theme`).
    pub settings: BTreeMap<String, PolicySetting>,
    /// Accounts every user of this machine gets, with `${USER}`-style placeholders.
    pub accounts: Vec<AccountTemplate>,
    /// The file this policy came from; `None` for the empty policy.
    pub source: Option<PathBuf>,
}

impl Policy {
    /// The policy of a machine without a policy file: nothing locked, nothing provisioned.
    pub fn empty() -> Policy {
        Policy {
            modules_disabled: Vec::new(),
            network: NetworkPolicy::default(),
            updates_check: true,
            settings: BTreeMap::new(),
            accounts: Vec::new(),
            source: None,
        }
    }

    pub fn module_enabled(&self, module: ModuleId) -> bool {
        !self.modules_disabled.contains(&module)
    }
}

impl Default for Policy {
    fn default() -> Policy {
        Policy::empty()
    }
}

/// The functional modules an organisation can switch off.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ModuleId {
    Mail,
    Calendar,
    Contacts,
    Chat,
    Files,
}

impl ModuleId {
    pub const ALL: [ModuleId; 5] = [
        ModuleId::Mail,
        ModuleId::Calendar,
        ModuleId::Contacts,
        ModuleId::Chat,
        ModuleId::Files,
    ];

    /// The id used in the policy file and on the wire (`mail`, `chat`, …).
    pub fn as_str(self) -> &'static str {
        match self {
            ModuleId::Mail => "mail",
            ModuleId::Calendar => "calendar",
            ModuleId::Contacts => "contacts",
            ModuleId::Chat => "chat",
            ModuleId::Files => "files",
        }
    }

    pub fn parse(id: &str) -> Option<ModuleId> {
        ModuleId::ALL.into_iter().find(|m| m.as_str() == id)
    }
}

impl std::fmt::Display for ModuleId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The `[network]` table: which hosts, which trust anchors, which proxy and resolvers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NetworkPolicy {
    /// `None`: no restriction. `Some`: exact host names, IP literals and `*.suffix`
    /// patterns (subdomains only), stored lower-case without a trailing dot.
    pub allowed_hosts: Option<Vec<String>>,
    /// PEM files added to the system trust store (absolute after loading).
    pub ca_certificates: Vec<PathBuf>,
    /// An HTTP(S) proxy for web traffic.
    #[serde(with = "optional_url")]
    pub proxy: Option<Url>,
    /// Resolvers for discovery; empty means the system's.
    pub dns: Vec<SocketAddr>,
    /// Whether discovery may ask services outside the organisation (e.g. the central
    /// ISP database). Off by default: such a lookup tells a third party who uses what.
    pub public_lookups: bool,
    /// `false` forbids trusting an unknown certificate by hand (`pinning_forbidden`).
    pub allow_certificate_pinning: bool,
}

impl Default for NetworkPolicy {
    fn default() -> NetworkPolicy {
        NetworkPolicy {
            allowed_hosts: None,
            ca_certificates: Vec::new(),
            proxy: None,
            dns: Vec::new(),
            public_lookups: false,
            allow_certificate_pinning: true,
        }
    }
}

impl NetworkPolicy {
    /// Whether Werkbank may connect to `host` (a name, an IPv4 literal or an IPv6
    /// literal with or without brackets). Names match case-insensitively and ignore a
    /// trailing dot; `*.example.test` matches subdomains, not `example.test` itself.
    /// IP literals match only an equal IP pattern: a wildcard never covers an address,
    /// or `*.0.0.1` would allow `127.0.0.1`.
    pub fn host_allowed(&self, host: &str) -> bool {
        // One implementation for the policy and for every connection: werkbank-net's.
        werkbank_net::HostPolicy::new(self.allowed_hosts.clone()).allows(host)
    }
}

/// Lower-case, without a trailing dot and without IPv6 brackets: the one form hosts
/// and patterns are compared in.
pub(crate) fn normalise_host(host: &str) -> String {
    let host = host.strip_suffix('.').unwrap_or(host);
    let host = host
        .strip_prefix('[')
        .and_then(|h| h.strip_suffix(']'))
        .unwrap_or(host);
    host.to_ascii_lowercase()
}

/// One entry of `[settings]`: a default the user may change, or a locked value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PolicySetting {
    pub value: SettingValue,
    pub locked: bool,
}

/// A provisioned account as written in the policy: strings may contain `${USER}`,
/// `${EMAIL}` and `${DISPLAY_NAME}` (see `policy::template`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountTemplate {
    /// Stable id (`[a-z0-9][a-z0-9_-]*`), unique in the policy; never templated.
    pub id: String,
    pub display_name: Option<String>,
    pub email: Option<String>,
    /// A command that prints the password on stdout (invariant 5: no secrets in files).
    pub password_command: Option<String>,
    pub mail: Option<MailService>,
    pub caldav: Option<DavService>,
    pub carddav: Option<DavService>,
    pub matrix: Option<MatrixService>,
    pub webdav: Option<DavService>,
}

/// An account template with every placeholder filled in for one user.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProvisionedAccount {
    pub id: String,
    pub display_name: Option<String>,
    pub email: Option<String>,
    pub password_command: Option<String>,
    pub mail: Option<MailService>,
    pub caldav: Option<DavService>,
    pub carddav: Option<DavService>,
    pub matrix: Option<MatrixService>,
    pub webdav: Option<DavService>,
}

/// Kept as strings: in a template they hold placeholders, which are no valid URLs yet;
/// the loader has checked that they become URLs with the right scheme.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MailService {
    /// `imaps://host:993` (implicit TLS) or `imap://host:143` (STARTTLS, required).
    pub imap: String,
    /// `submissions://host:465` (implicit TLS) or `submission://host:587` (STARTTLS).
    pub smtp: String,
    /// `None`: asked on first run.
    pub username: Option<String>,
}

/// CalDAV, CardDAV or WebDAV: an `https://` URL and a user name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DavService {
    pub url: String,
    pub username: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MatrixService {
    pub homeserver: String,
    pub username: Option<String>,
}

/// `url` is built without its serde feature (one less feature to audit); a URL is a
/// string on the wire.
mod optional_url {
    use serde::{Deserialize, Deserializer, Serializer};
    use url::Url;

    pub fn serialize<S: Serializer>(url: &Option<Url>, s: S) -> Result<S::Ok, S::Error> {
        match url {
            Some(url) => s.serialize_some(url.as_str()),
            None => s.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Url>, D::Error> {
        Option::<String>::deserialize(d)?
            .map(|s| Url::parse(&s).map_err(serde::de::Error::custom))
            .transpose()
    }
}
