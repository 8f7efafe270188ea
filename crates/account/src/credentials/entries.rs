//! How secrets are named in the keyring, in one place: service `werkbank`, user
//! `<account-id>:<kind>`. Other tools (and `secret-tool`) see these names, so they are
//! part of the on-disk contract: never rename one.

/// The keyring service every Werkbank secret is stored under.
pub const KEYRING_SERVICE: &str = "werkbank";

/// The kinds of secret an account can have.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SecretKind {
    /// The password for mail, DAV and (first) Matrix login.
    Password,
    /// The Matrix access token from the last login.
    MatrixToken,
}

impl SecretKind {
    pub const ALL: [SecretKind; 2] = [SecretKind::Password, SecretKind::MatrixToken];

    /// The name in the keyring entry and in logs.
    pub fn name(self) -> &'static str {
        match self {
            SecretKind::Password => "password",
            SecretKind::MatrixToken => "matrix-token",
        }
    }

    /// The keyring entry's user: `<account-id>:password`.
    pub fn entry_user(self, account_id: &str) -> String {
        format!("{account_id}:{}", self.name())
    }

    pub(crate) fn description(self) -> &'static str {
        match self {
            SecretKind::Password => "password",
            SecretKind::MatrixToken => "Matrix access token",
        }
    }
}
