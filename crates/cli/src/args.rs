//! The command line, as clap sees it. Passwords never come from an argument (they would
//! end up in shell history and `ps`): only the keyring, a `password_command`, or
//! `--password-stdin`.

use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(
    name = "werkbank-cli",
    version,
    about = "Werkbank accounts, settings and policy from the command line."
)]
pub struct Cli {
    /// The profile directory (default: WERKBANK_PROFILE, else the platform data directory).
    #[arg(long, global = true, value_name = "DIR")]
    pub profile: Option<PathBuf>,
    /// Print stable JSON instead of text (documented in docs/cli.md).
    #[arg(long, global = true)]
    pub json: bool,
    /// Log level for the log file in the profile (error, warn, info, debug, trace).
    #[arg(long, global = true, env = "WERKBANK_LOG", value_name = "LEVEL")]
    pub log_level: Option<String>,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Add, list, show, remove, test and discover accounts.
    #[command(subcommand)]
    Account(Box<AccountCommand>),
    /// Read and change settings (locked ones are refused).
    #[command(subcommand)]
    Settings(SettingsCommand),
    /// Show the policy in force, or check a policy file before rollout.
    #[command(subcommand)]
    Policy(PolicyCommand),
}

#[derive(Debug, Subcommand)]
pub enum AccountCommand {
    /// Add an account (from discovery with --discover, or from the server options).
    Add(Box<AddArgs>),
    /// List the accounts of the profile.
    List,
    /// Show one account.
    Show { id: String },
    /// Remove an account and its stored secrets.
    Remove {
        id: String,
        /// Do not ask for confirmation.
        #[arg(long)]
        yes: bool,
    },
    /// Log in to every service of the account and report each.
    Test { id: String },
    /// Find the services of an e-mail address.
    Discover {
        email: String,
        /// The login, if not the address or its local part.
        #[arg(long)]
        user: Option<String>,
        /// Read the password from standard input (follows CalDAV/CardDAV to the home sets).
        #[arg(long)]
        password_stdin: bool,
    },
    /// Store a new password for an account (read from standard input).
    Password { id: String },
    /// Trust one server certificate by its SHA-256 fingerprint (only if your IT
    /// department confirmed it; refused where the policy forbids it).
    Trust {
        id: String,
        /// The fingerprint, as `account test` reported it.
        #[arg(long)]
        fingerprint: String,
        /// Do not ask for confirmation.
        #[arg(long)]
        yes: bool,
    },
}

#[derive(Debug, Args)]
pub struct AddArgs {
    /// A short name: lowercase letters, digits and `-`.
    #[arg(long)]
    pub id: String,
    #[arg(long)]
    pub email: String,
    /// The display name (default: the e-mail address).
    #[arg(long)]
    pub name: Option<String>,
    /// Fill in the services by discovery from the e-mail address.
    #[arg(long)]
    pub discover: bool,
    /// IMAP server: imaps://host[:port] (TLS) or imap://host[:port] (STARTTLS).
    #[arg(long, value_name = "URL")]
    pub imap: Option<String>,
    /// Submission server: submissions://host[:port] (TLS) or submission://host[:port] (STARTTLS).
    #[arg(long, value_name = "URL")]
    pub smtp: Option<String>,
    /// Login for IMAP/SMTP (default: the e-mail address).
    #[arg(long)]
    pub mail_user: Option<String>,
    #[arg(long, value_name = "URL")]
    pub caldav: Option<String>,
    #[arg(long, value_name = "URL")]
    pub carddav: Option<String>,
    #[arg(long, value_name = "URL")]
    pub webdav: Option<String>,
    /// Matrix homeserver base URL.
    #[arg(long, value_name = "URL")]
    pub matrix: Option<String>,
    /// Login for CalDAV, CardDAV, WebDAV and Matrix (default: the address's local part).
    #[arg(long)]
    pub dav_user: Option<String>,
    /// Read the password from standard input and store it in the keyring.
    #[arg(long)]
    pub password_stdin: bool,
    /// A command that prints the password (instead of the keyring).
    #[arg(long, value_name = "CMD")]
    pub password_command: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum SettingsCommand {
    /// Show one setting, or all, with where its value comes from.
    Get { key: Option<String> },
    /// Change a setting.
    Set { key: String, value: String },
}

#[derive(Debug, Subcommand)]
pub enum PolicyCommand {
    /// Show the policy in force.
    Show,
    /// Check a policy file; errors name the file, line and key.
    Validate { file: PathBuf },
}
