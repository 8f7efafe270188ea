//! TOML text → [`Policy`], strictly.
//!
//! The document is parsed into toml's spanned tree (`DeTable`) and walked by hand rather
//! than through `#[derive(Deserialize)]`: every error must name the file, the line and
//! the full key (`accounts[0].mail.imap`, `settings."ui.theme"`), and an admin rolling
//! out to thousands of desks deserves the same precise message for a typo in a key, a
//! wrong type, a bad URL or a setting value.

use super::PolicyError;
use super::model::{
    AccountTemplate, DavService, MailService, MatrixService, ModuleId, NetworkPolicy, Policy,
    PolicySetting, normalise_host,
};
use super::template;
use crate::settings::{SettingValue, registry};
use std::collections::BTreeMap;
use std::net::{IpAddr, SocketAddr};
use std::ops::Range;
use std::path::{Path, PathBuf};
use toml::Spanned;
use toml::de::{DeTable, DeValue};
use url::Url;

/// The format version this code reads.
const VERSION: i64 = 1;

/// An error before the file name and line are attached: a byte offset into the text.
#[derive(Debug)]
struct Located {
    offset: usize,
    key: Option<String>,
    reason: String,
}

type Res<T> = Result<T, Located>;

pub(crate) fn parse(text: &str, file: &Path) -> Result<Policy, PolicyError> {
    let line_of = |offset: usize| {
        let end = offset.min(text.len());
        text.as_bytes()[..end]
            .iter()
            .filter(|b| **b == b'\n')
            .count()
            + 1
    };
    let root = DeTable::parse(text).map_err(|e| PolicyError {
        file: file.to_path_buf(),
        line: e.span().map(|s| line_of(s.start)),
        key: None,
        reason: syntax_reason(text, &e),
    })?;
    let top = Table {
        path: KeyPath::default(),
        span: root.span(),
        entries: root.get_ref(),
    };
    policy(&top, file).map_err(|e| PolicyError {
        file: file.to_path_buf(),
        line: Some(line_of(e.offset)),
        key: e.key,
        reason: e.reason,
    })
}

/// toml's message, plus the offending text when it is short ("duplicate key" alone does
/// not say which one).
fn syntax_reason(text: &str, error: &toml::de::Error) -> String {
    let message = error.message().trim_end();
    let snippet = error
        .span()
        .and_then(|span| text.get(span))
        .map(str::trim)
        .unwrap_or_default();
    if snippet.is_empty() || snippet.len() > 40 || snippet.contains('\n') {
        message.to_string()
    } else {
        format!("{message}: {snippet}")
    }
}

fn policy(top: &Table<'_, '_>, file: &Path) -> Res<Policy> {
    // The version first: a newer file should say "unsupported version", not trip over
    // the first key this version does not know.
    let version = top.required("version")?;
    let number = version.integer()?;
    if number != VERSION {
        return Err(version.fail(format!(
            "unsupported version {number}; this Werkbank reads version {VERSION}"
        )));
    }
    top.check_keys(&[
        "version", "modules", "network", "updates", "settings", "accounts",
    ])?;

    let mut policy = Policy::empty();
    policy.source = Some(file.to_path_buf());
    if let Some(modules) = top.get("modules") {
        policy.modules_disabled = modules_disabled(&modules.table()?)?;
    }
    if let Some(network) = top.get("network") {
        policy.network = network_policy(&network.table()?, file)?;
    }
    if let Some(updates) = top.get("updates") {
        let updates = updates.table()?;
        updates.check_keys(&["check"])?;
        if let Some(check) = updates.get("check") {
            policy.updates_check = check.bool()?;
        }
    }
    if let Some(settings) = top.get("settings") {
        policy.settings = settings_table(&settings.table()?, policy.updates_check)?;
    }
    if let Some(accounts) = top.get("accounts") {
        policy.accounts = account_templates(&accounts, &policy.network)?;
    }
    Ok(policy)
}

fn modules_disabled(modules: &Table<'_, '_>) -> Res<Vec<ModuleId>> {
    modules.check_keys(&["disabled"])?;
    let mut disabled = Vec::new();
    let Some(list) = modules.get("disabled") else {
        return Ok(disabled);
    };
    for item in list.array()? {
        let id = item.str()?;
        let module = ModuleId::parse(id).ok_or_else(|| {
            let known: Vec<&str> = ModuleId::ALL.iter().map(|m| m.as_str()).collect();
            item.fail(format!(
                "unknown module {id:?}; known are {}",
                known.join(", ")
            ))
        })?;
        // Naming a module twice is harmless; keep the first.
        if !disabled.contains(&module) {
            disabled.push(module);
        }
    }
    Ok(disabled)
}

fn network_policy(network: &Table<'_, '_>, file: &Path) -> Res<NetworkPolicy> {
    network.check_keys(&[
        "allowed_hosts",
        "ca_certificates",
        "proxy",
        "dns",
        "public_lookups",
        "allow_certificate_pinning",
    ])?;
    let mut out = NetworkPolicy::default();
    if let Some(hosts) = network.get("allowed_hosts") {
        let patterns = hosts
            .array()?
            .iter()
            .map(host_pattern)
            .collect::<Res<Vec<_>>>()?;
        out.allowed_hosts = Some(patterns);
    }
    if let Some(certs) = network.get("ca_certificates") {
        // Relative to the policy file, not to whatever directory Werkbank started in.
        let base = file.parent().unwrap_or(Path::new(""));
        for cert in certs.array()? {
            let path = PathBuf::from(cert.non_empty_str()?);
            out.ca_certificates.push(if path.is_absolute() {
                path
            } else {
                base.join(path)
            });
        }
    }
    if let Some(proxy) = network.get("proxy") {
        out.proxy = Some(proxy_url(&proxy)?);
    }
    if let Some(dns) = network.get("dns") {
        out.dns = dns
            .array()?
            .iter()
            .map(dns_server)
            .collect::<Res<Vec<_>>>()?;
    }
    if let Some(public) = network.get("public_lookups") {
        out.public_lookups = public.bool()?;
    }
    if let Some(pinning) = network.get("allow_certificate_pinning") {
        out.allow_certificate_pinning = pinning.bool()?;
    }
    Ok(out)
}

/// `example.test`, `*.example.test`, `10.0.0.1` or `fd00::1` → normalised form.
fn host_pattern(node: &Node<'_, '_>) -> Res<String> {
    let raw = node.non_empty_str()?;
    let host = normalise_host(raw);
    if let Ok(ip) = host.parse::<IpAddr>() {
        return Ok(ip.to_string());
    }
    let name = host.strip_prefix("*.").unwrap_or(&host);
    if name.contains('*') {
        return Err(node.fail(format!(
            "{raw:?}: a wildcard may only stand for whole subdomains, as in \"*.example.test\""
        )));
    }
    dns_name(name).map_err(|reason| node.fail(format!("{raw:?} is not a host name: {reason}")))?;
    Ok(host)
}

fn dns_name(name: &str) -> Result<(), String> {
    if name.is_empty() || name.len() > 253 {
        return Err("it must have 1 to 253 characters".to_string());
    }
    for label in name.split('.') {
        if label.is_empty() || label.len() > 63 {
            return Err("every part between dots must have 1 to 63 characters".to_string());
        }
        if !label
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        {
            return Err(
                "only letters, digits, '-' and '_' are allowed (write IDNs as xn--…)".to_string(),
            );
        }
        if label.starts_with('-') || label.ends_with('-') {
            return Err("a part may not begin or end with '-'".to_string());
        }
    }
    Ok(())
}

fn proxy_url(node: &Node<'_, '_>) -> Res<Url> {
    let url = Url::parse(node.str()?).map_err(|e| node.fail(format!("not a URL: {e}")))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(node.fail(format!(
            "expected an http:// or https:// proxy, found {}://",
            url.scheme()
        )));
    }
    if url.host_str().is_none_or(str::is_empty) {
        return Err(node.fail("the proxy URL has no host"));
    }
    // Invariant 5: secrets never live in config files.
    if url.password().is_some() {
        return Err(node.fail(
            "a password does not belong in the policy file; use proxy authentication of the system",
        ));
    }
    Ok(url)
}

/// `10.0.0.53`, `10.0.0.53:5353`, `fd00::53`, `[fd00::53]:53`.
fn dns_server(node: &Node<'_, '_>) -> Res<SocketAddr> {
    let text = node.str()?;
    if let Ok(addr) = text.parse::<SocketAddr>() {
        return Ok(addr);
    }
    if let Ok(ip) = text.parse::<IpAddr>() {
        return Ok(SocketAddr::new(ip, 53));
    }
    Err(node.fail(format!(
        "{text:?} is not an IP address with an optional port (e.g. \"10.0.0.53\" or \"10.0.0.53:5353\"); \
         a resolver is named by address, since a name would need a resolver first"
    )))
}

fn settings_table(
    settings: &Table<'_, '_>,
    updates_check: bool,
) -> Res<BTreeMap<String, PolicySetting>> {
    let mut out = BTreeMap::new();
    for (key, key_span, node) in settings.entries() {
        let spec = registry::spec(key).ok_or_else(|| Located {
            offset: key_span.start,
            key: Some(node.path.0.clone()),
            reason: format!("unknown setting; known are {}", registry::known_keys()),
        })?;
        let (value_node, locked) = match node.value {
            DeValue::Table(_) => {
                let entry = node.table()?;
                entry.check_keys(&["value", "locked"])?;
                let locked = entry
                    .get("locked")
                    .map(|l| l.bool())
                    .transpose()?
                    .unwrap_or(false);
                (entry.required("value")?, locked)
            }
            _ => (node.clone(), false),
        };
        let value = match value_node.value {
            DeValue::String(s) => SettingValue::Text(s.to_string()),
            DeValue::Boolean(b) => SettingValue::Bool(*b),
            other => {
                return Err(value_node.fail(format!(
                    "expected a string, a boolean or {{ value = …, locked = true }}, found {}",
                    a(other.type_str())
                )));
            }
        };
        spec.check(&value)
            .map_err(|reason| value_node.fail(format!("invalid value {value}: {reason}")))?;
        if key == "updates.check" && !updates_check && value == SettingValue::Bool(true) {
            return Err(value_node
                .fail("contradicts [updates] check = false, which locks this setting to false"));
        }
        out.insert(key.to_string(), PolicySetting { value, locked });
    }
    Ok(out)
}

fn account_templates(
    accounts: &Node<'_, '_>,
    network: &NetworkPolicy,
) -> Res<Vec<AccountTemplate>> {
    let mut out: Vec<AccountTemplate> = Vec::new();
    for node in accounts.array()? {
        let account = account_template(&node.table()?, network)?;
        if let Some(first) = out.iter().position(|a| a.id == account.id) {
            let id = node.table()?.required("id")?;
            return Err(id.fail(format!(
                "duplicate account id {:?} (also accounts[{first}])",
                account.id
            )));
        }
        out.push(account);
    }
    Ok(out)
}

fn account_template(t: &Table<'_, '_>, network: &NetworkPolicy) -> Res<AccountTemplate> {
    t.check_keys(&[
        "id",
        "display_name",
        "email",
        "password_command",
        "mail",
        "caldav",
        "carddav",
        "matrix",
        "webdav",
    ])?;
    let id_node = t.required("id")?;
    let id = id_node.str()?;
    account_id(id).map_err(|reason| id_node.fail(reason))?;
    let email = t.get("email").map(|n| templated(&n)).transpose()?;
    if let Some(email) = &email
        && !template::fill_samples(email).contains('@')
    {
        return Err(t.required("email")?.fail("an e-mail address needs an '@'"));
    }
    let https = &["https"];
    let dav = |name: &str| -> Res<Option<DavService>> {
        let Some(node) = t.get(name) else {
            return Ok(None);
        };
        let s = node.table()?;
        s.check_keys(&["url", "username"])?;
        Ok(Some(DavService {
            url: service_url(&s.required("url")?, https, network)?,
            username: username(&s)?,
        }))
    };
    let mail = match t.get("mail") {
        None => None,
        Some(node) => {
            let s = node.table()?;
            s.check_keys(&["imap", "smtp", "username"])?;
            Some(MailService {
                imap: service_url(&s.required("imap")?, &["imaps", "imap"], network)?,
                smtp: service_url(
                    &s.required("smtp")?,
                    &["submissions", "submission"],
                    network,
                )?,
                username: username(&s)?,
            })
        }
    };
    let matrix = match t.get("matrix") {
        None => None,
        Some(node) => {
            let s = node.table()?;
            s.check_keys(&["homeserver", "username"])?;
            Some(MatrixService {
                homeserver: service_url(&s.required("homeserver")?, https, network)?,
                username: username(&s)?,
            })
        }
    };
    let account = AccountTemplate {
        id: id.to_string(),
        display_name: t.get("display_name").map(|n| templated(&n)).transpose()?,
        email,
        password_command: t
            .get("password_command")
            .map(|n| templated(&n))
            .transpose()?,
        mail,
        caldav: dav("caldav")?,
        carddav: dav("carddav")?,
        matrix,
        webdav: dav("webdav")?,
    };
    let services = [
        account.mail.is_some(),
        account.caldav.is_some(),
        account.carddav.is_some(),
    ];
    if !services
        .into_iter()
        .chain([account.matrix.is_some(), account.webdav.is_some()])
        .any(|s| s)
    {
        return Err(t.fail(
            "an account needs at least one service: mail, caldav, carddav, matrix or webdav",
        ));
    }
    Ok(account)
}

/// Ids name profile directories and CLI arguments: keep them boring.
fn account_id(id: &str) -> Result<(), String> {
    let valid = id.len() <= 64
        && id.starts_with(|c: char| c.is_ascii_lowercase() || c.is_ascii_digit())
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_');
    if valid {
        Ok(())
    } else {
        Err(format!(
            "invalid account id {id:?}: use 1 to 64 of a-z, 0-9, '-' and '_', starting with a letter or digit"
        ))
    }
}

fn username(service: &Table<'_, '_>) -> Res<Option<String>> {
    service.get("username").map(|n| templated(&n)).transpose()
}

/// A non-empty string whose placeholders are all known.
fn templated(node: &Node<'_, '_>) -> Res<String> {
    let text = node.non_empty_str()?;
    template::check(text).map_err(|reason| node.fail(reason))?;
    Ok(text.to_string())
}

/// A templated URL that, filled in, has one of `schemes`, a host, and a host the
/// policy's own allow-list permits (an account the policy cannot reach is a mistake).
fn service_url(node: &Node<'_, '_>, schemes: &[&str], network: &NetworkPolicy) -> Res<String> {
    let text = templated(node)?;
    let url = Url::parse(&template::fill_samples(&text))
        .map_err(|e| node.fail(format!("not a URL: {e}")))?;
    if !schemes.contains(&url.scheme()) {
        let expected: Vec<String> = schemes.iter().map(|s| format!("{s}://")).collect();
        return Err(node.fail(format!(
            "expected {}, found {}://",
            expected.join(" or "),
            url.scheme()
        )));
    }
    let Some(host) = url.host_str().filter(|h| !h.is_empty()) else {
        return Err(node.fail("the URL has no host"));
    };
    if !network.host_allowed(host) {
        return Err(node.fail(format!("the host {host} is not in network.allowed_hosts")));
    }
    Ok(text)
}

/// "an integer", "a string".
fn a(type_name: &str) -> String {
    let article = if type_name.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    };
    format!("{article} {type_name}")
}

/// `accounts[0].mail.imap`, `settings."ui.theme"`: the key as an admin would search
/// for it in the file.
#[derive(Debug, Clone, Default)]
struct KeyPath(String);

impl KeyPath {
    fn key(&self, key: &str) -> KeyPath {
        let bare = !key.is_empty()
            && key
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
        let part = if bare {
            key.to_string()
        } else {
            format!("{key:?}")
        };
        if self.0.is_empty() {
            KeyPath(part)
        } else {
            KeyPath(format!("{}.{part}", self.0))
        }
    }

    fn index(&self, i: usize) -> KeyPath {
        KeyPath(format!("{}[{i}]", self.0))
    }

    fn name(&self) -> Option<String> {
        (!self.0.is_empty()).then(|| self.0.clone())
    }
}

/// A value in the document, with where it is and what it is called.
#[derive(Debug, Clone)]
struct Node<'a, 'i> {
    path: KeyPath,
    span: Range<usize>,
    value: &'a DeValue<'i>,
}

impl<'a, 'i> Node<'a, 'i> {
    fn fail(&self, reason: impl Into<String>) -> Located {
        Located {
            offset: self.span.start,
            key: self.path.name(),
            reason: reason.into(),
        }
    }

    fn wrong_type(&self, expected: &str) -> Located {
        self.fail(format!(
            "expected {expected}, found {}",
            a(self.value.type_str())
        ))
    }

    fn str(&self) -> Res<&'a str> {
        self.value
            .as_str()
            .ok_or_else(|| self.wrong_type("a string"))
    }

    fn non_empty_str(&self) -> Res<&'a str> {
        match self.str()? {
            "" => Err(self.fail("must not be empty")),
            text => Ok(text),
        }
    }

    fn bool(&self) -> Res<bool> {
        self.value
            .as_bool()
            .ok_or_else(|| self.wrong_type("true or false"))
    }

    fn integer(&self) -> Res<i64> {
        let int = self
            .value
            .as_integer()
            .ok_or_else(|| self.wrong_type("an integer"))?;
        i64::from_str_radix(int.as_str(), int.radix())
            .map_err(|_| self.fail("the number is too large"))
    }

    fn array(&self) -> Res<Vec<Node<'a, 'i>>> {
        let items = self
            .value
            .as_array()
            .ok_or_else(|| self.wrong_type("an array"))?;
        Ok(items
            .iter()
            .enumerate()
            .map(|(i, item)| Node {
                path: self.path.index(i),
                span: item.span(),
                value: item.get_ref(),
            })
            .collect())
    }

    fn table(&self) -> Res<Table<'a, 'i>> {
        let entries = self
            .value
            .as_table()
            .ok_or_else(|| self.wrong_type("a table"))?;
        Ok(Table {
            path: self.path.clone(),
            span: self.span.clone(),
            entries,
        })
    }
}

#[derive(Debug)]
struct Table<'a, 'i> {
    path: KeyPath,
    span: Range<usize>,
    entries: &'a DeTable<'i>,
}

impl<'a, 'i> Table<'a, 'i> {
    fn fail(&self, reason: impl Into<String>) -> Located {
        Located {
            offset: self.span.start,
            key: self.path.name(),
            reason: reason.into(),
        }
    }

    /// Entries in document order (the map itself is sorted by key), so the first error
    /// reported is the first one in the file.
    fn entries(&self) -> Vec<(&'a str, Range<usize>, Node<'a, 'i>)> {
        let mut entries: Vec<(&'a Spanned<_>, &'a Spanned<DeValue<'i>>)> =
            self.entries.iter().collect();
        entries.sort_by_key(|(k, _)| k.span().start);
        entries
            .into_iter()
            .map(|(k, v)| {
                let key: &'a str = k.get_ref().as_ref();
                (
                    key,
                    k.span(),
                    Node {
                        path: self.path.key(key),
                        span: v.span(),
                        value: v.get_ref(),
                    },
                )
            })
            .collect()
    }

    fn check_keys(&self, allowed: &[&str]) -> Res<()> {
        match self
            .entries()
            .into_iter()
            .find(|(key, _, _)| !allowed.contains(key))
        {
            None => Ok(()),
            Some((key, span, node)) => Err(Located {
                offset: span.start,
                key: node.path.name(),
                reason: format!(
                    "unknown key {key:?}; expected one of {}",
                    allowed.join(", ")
                ),
            }),
        }
    }

    fn get(&self, key: &str) -> Option<Node<'a, 'i>> {
        let (_, value) = self.entries.get_key_value(key)?;
        Some(Node {
            path: self.path.key(key),
            span: value.span(),
            value: value.get_ref(),
        })
    }

    fn required(&self, key: &str) -> Res<Node<'a, 'i>> {
        self.get(key).ok_or_else(|| Located {
            offset: self.span.start,
            key: self.path.key(key).name(),
            reason: format!("missing key {key:?}"),
        })
    }
}
