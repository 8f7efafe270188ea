//! Placeholders in provisioned accounts: `${USER}`, `${EMAIL}`, `${DISPLAY_NAME}`.
//!
//! One policy file serves every desk, so the per-user parts are filled in on the desk.
//! A `$` not followed by `{` is literal text (a password command may use shell `$VAR`);
//! `${…}` with any other name is rejected when the policy is loaded, so a typo shows up
//! on the admin's test machine, not as a literal `${USR}` in 5,000 user names.

use super::model::{AccountTemplate, DavService, MailService, MatrixService, ProvisionedAccount};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// A placeholder a template can use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum TemplateVar {
    User,
    Email,
    DisplayName,
}

impl TemplateVar {
    pub const ALL: [TemplateVar; 3] = [
        TemplateVar::User,
        TemplateVar::Email,
        TemplateVar::DisplayName,
    ];

    /// The name between `${` and `}`.
    pub fn name(self) -> &'static str {
        match self {
            TemplateVar::User => "USER",
            TemplateVar::Email => "EMAIL",
            TemplateVar::DisplayName => "DISPLAY_NAME",
        }
    }

    pub fn parse(name: &str) -> Option<TemplateVar> {
        TemplateVar::ALL.into_iter().find(|v| v.name() == name)
    }

    /// A harmless stand-in, used to check that a templated URL is a URL.
    pub(crate) fn sample(self) -> &'static str {
        match self {
            TemplateVar::User => "user",
            TemplateVar::Email => "user@example.test",
            TemplateVar::DisplayName => "User",
        }
    }
}

/// The values for one user. EMAIL and DISPLAY_NAME are often unknown on a fresh desk;
/// the first-run dialog asks for what [`AccountTemplate::required_vars`] needs.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TemplateVars {
    pub user: Option<String>,
    pub email: Option<String>,
    pub display_name: Option<String>,
}

impl TemplateVars {
    /// The login name from `USER` (Unix) or `USERNAME` (Windows); nothing else is
    /// guessed, because a wrong e-mail address is worse than a question.
    pub fn from_os() -> TemplateVars {
        let user = ["USER", "USERNAME"]
            .iter()
            .filter_map(|k| std::env::var(k).ok())
            .find(|v| !v.is_empty());
        TemplateVars {
            user,
            email: None,
            display_name: None,
        }
    }

    pub fn get(&self, var: TemplateVar) -> Option<&str> {
        match var {
            TemplateVar::User => self.user.as_deref(),
            TemplateVar::Email => self.email.as_deref(),
            TemplateVar::DisplayName => self.display_name.as_deref(),
        }
    }
}

/// A piece of a template string.
#[derive(Debug, PartialEq, Eq)]
enum Piece<'a> {
    Text(&'a str),
    Var(TemplateVar),
}

/// Splits `text` into literal text and placeholders; the error says what is wrong.
fn pieces(text: &str) -> Result<Vec<Piece<'_>>, String> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find("${") {
        if start > 0 {
            out.push(Piece::Text(&rest[..start]));
        }
        let after = &rest[start + 2..];
        let Some(end) = after.find('}') else {
            return Err(format!("`${{` without a closing `}}` in {text:?}"));
        };
        let name = &after[..end];
        let Some(var) = TemplateVar::parse(name) else {
            return Err(format!(
                "unknown template variable ${{{name}}}; known are ${{USER}}, ${{EMAIL}} and ${{DISPLAY_NAME}}"
            ));
        };
        out.push(Piece::Var(var));
        rest = &after[end + 1..];
    }
    if !rest.is_empty() {
        out.push(Piece::Text(rest));
    }
    Ok(out)
}

/// Checks a template string; used by the loader.
pub(crate) fn check(text: &str) -> Result<(), String> {
    pieces(text).map(|_| ())
}

/// The placeholders a string uses (none for a string that does not parse).
fn vars_in(text: &str) -> impl Iterator<Item = TemplateVar> {
    pieces(text)
        .unwrap_or_default()
        .into_iter()
        .filter_map(|p| match p {
            Piece::Var(var) => Some(var),
            Piece::Text(_) => None,
        })
}

/// `text` with every placeholder replaced by `value(var)`.
pub(crate) fn fill(text: &str, value: impl Fn(TemplateVar) -> String) -> String {
    match pieces(text) {
        Ok(pieces) => pieces
            .into_iter()
            .map(|p| match p {
                Piece::Text(t) => t.to_string(),
                Piece::Var(var) => value(var),
            })
            .collect(),
        // Unreachable for a loaded policy; a hand-built one keeps its text unchanged
        // rather than losing it.
        Err(_) => text.to_string(),
    }
}

/// `text` with the harmless sample values, for validating templated URLs.
pub(crate) fn fill_samples(text: &str) -> String {
    fill(text, |var| var.sample().to_string())
}

impl AccountTemplate {
    /// Every string of the template (for scanning placeholders).
    fn strings(&self) -> Vec<&str> {
        let mut out: Vec<&str> = Vec::new();
        out.extend(self.display_name.as_deref());
        out.extend(self.email.as_deref());
        out.extend(self.password_command.as_deref());
        if let Some(mail) = &self.mail {
            out.extend([mail.imap.as_str(), mail.smtp.as_str()]);
            out.extend(mail.username.as_deref());
        }
        for dav in [&self.caldav, &self.carddav, &self.webdav]
            .into_iter()
            .flatten()
        {
            out.push(dav.url.as_str());
            out.extend(dav.username.as_deref());
        }
        if let Some(matrix) = &self.matrix {
            out.push(matrix.homeserver.as_str());
            out.extend(matrix.username.as_deref());
        }
        out
    }

    /// The placeholders this template uses: what the first-run dialog must know.
    pub fn required_vars(&self) -> BTreeSet<TemplateVar> {
        self.strings().into_iter().flat_map(vars_in).collect()
    }

    /// The required placeholders `vars` has no value for.
    pub fn missing_vars(&self, vars: &TemplateVars) -> BTreeSet<TemplateVar> {
        self.required_vars()
            .into_iter()
            .filter(|v| vars.get(*v).is_none())
            .collect()
    }

    /// The account for one user. A placeholder without a value becomes empty text:
    /// check [`AccountTemplate::missing_vars`] first and ask the user.
    pub fn instantiate(&self, vars: &TemplateVars) -> ProvisionedAccount {
        let s = |text: &str| fill(text, |var| vars.get(var).unwrap_or_default().to_string());
        let opt = |text: &Option<String>| text.as_deref().map(s);
        let dav = |d: &Option<DavService>| {
            d.as_ref().map(|d| DavService {
                url: s(&d.url),
                username: opt(&d.username),
            })
        };
        ProvisionedAccount {
            id: self.id.clone(),
            display_name: opt(&self.display_name),
            email: opt(&self.email),
            password_command: opt(&self.password_command),
            mail: self.mail.as_ref().map(|m| MailService {
                imap: s(&m.imap),
                smtp: s(&m.smtp),
                username: opt(&m.username),
            }),
            caldav: dav(&self.caldav),
            carddav: dav(&self.carddav),
            matrix: self.matrix.as_ref().map(|m| MatrixService {
                homeserver: s(&m.homeserver),
                username: opt(&m.username),
            }),
            webdav: dav(&self.webdav),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dollar_without_brace_is_literal_text() {
        assert_eq!(fill("$HOME/${USER}$", |_| "max".into()), "$HOME/max$");
    }

    #[test]
    fn unknown_and_unterminated_placeholders_are_errors() {
        assert!(check("${USR}").unwrap_err().contains("${USR}"));
        assert!(check("x ${USER").unwrap_err().contains("closing"));
        assert!(check("${}").is_err());
        assert!(check("${USER}${EMAIL}${DISPLAY_NAME}").is_ok());
    }
}
