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
    /// Sync, read, search and organise mail (works offline on the local store).
    Mail(Box<MailArgs>),
}

#[derive(Debug, Args)]
pub struct MailArgs {
    /// The account (default: the only account with mail).
    #[arg(long, global = true)]
    pub account: Option<String>,
    #[command(subcommand)]
    pub command: MailCommand,
}

#[derive(Debug, Subcommand)]
pub enum MailCommand {
    /// Bring the local store and the server into agreement (replays local actions).
    Sync(MailSyncArgs),
    /// List folders with unread and total counts; create, rename or delete one.
    Folders {
        #[command(subcommand)]
        action: Option<FolderAction>,
    },
    /// List the messages of a folder, newest first.
    List {
        /// Folder name or role (inbox, sent, trash, …).
        #[arg(long, default_value = "INBOX")]
        folder: String,
        #[arg(long, default_value_t = 50)]
        limit: usize,
        #[arg(long, default_value_t = 0)]
        offset: usize,
    },
    /// Show one message (fetches its body from the server if it is not local).
    Show {
        id: i64,
        /// Print the raw message (RFC 5322) instead.
        #[arg(long)]
        raw: bool,
    },
    /// Search: words, "phrases", from: to: subject: has:attachment is:unread|read|flagged
    /// before:YYYY-MM-DD after:YYYY-MM-DD folder:NAME.
    Search {
        query: String,
        #[arg(long, default_value_t = 50)]
        limit: usize,
        /// Do not ask the server about messages whose bodies are not local.
        #[arg(long)]
        local: bool,
    },
    /// Add or remove flags: seen, flagged, answered, forwarded, or a keyword.
    Flag {
        #[arg(required = true)]
        ids: Vec<i64>,
        #[arg(long, value_delimiter = ',')]
        add: Vec<String>,
        #[arg(long, value_delimiter = ',')]
        remove: Vec<String>,
    },
    /// Move (or with --copy, copy) messages to a folder.
    Move {
        #[arg(required = true)]
        ids: Vec<i64>,
        /// Folder name or role.
        #[arg(long)]
        to: String,
        #[arg(long)]
        copy: bool,
    },
    /// Delete messages (to Trash; in Trash, for good after confirmation).
    Delete {
        #[arg(required = true)]
        ids: Vec<i64>,
        /// Do not ask before deleting for good.
        #[arg(long)]
        yes: bool,
    },
    /// Move messages to the Archive folder.
    Archive {
        #[arg(required = true)]
        ids: Vec<i64>,
    },
    /// Delete everything in Trash for good.
    EmptyTrash {
        #[arg(long)]
        yes: bool,
    },
    /// Rebuild the full-text index from the stored messages.
    Reindex,
    /// Show (and with --dismiss, clear) notices from sync, e.g. dropped actions.
    Notices {
        #[arg(long)]
        dismiss: bool,
    },
    /// Send a message: put it into the outbox and submit it right away (offline it
    /// waits there and goes out with the next `mail sync` or `mail outbox flush`).
    Send(MailSendArgs),
    /// The outbox: list (default), flush, retry ID, discard ID.
    Outbox {
        #[command(subcommand)]
        action: Option<OutboxAction>,
    },
}

#[derive(Debug, Args)]
pub struct MailSendArgs {
    /// Recipients: `addr` or `Name <addr>`; repeatable, or comma-separated.
    #[arg(long)]
    pub to: Vec<String>,
    #[arg(long)]
    pub cc: Vec<String>,
    /// Hidden recipients: in the envelope only, never in the message.
    #[arg(long)]
    pub bcc: Vec<String>,
    #[arg(long, default_value = "")]
    pub subject: String,
    /// The text (UTF-8) from this file; `-` reads standard input.
    #[arg(long, value_name = "FILE")]
    pub body_file: Option<PathBuf>,
    /// Attach a file (repeatable).
    #[arg(long, value_name = "FILE")]
    pub attach: Vec<PathBuf>,
    /// Send this complete message file (RFC 5322) as it is; its Bcc header is removed.
    #[arg(long, value_name = "FILE", conflicts_with_all = ["to", "cc", "bcc", "subject", "body_file", "attach"])]
    pub eml: Option<PathBuf>,
    /// Send as this identity (address) of the account; default: the account's own.
    #[arg(long)]
    pub from: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum OutboxAction {
    /// Send what waits; settle what an interrupted run left (uncertain when unclear).
    Flush,
    /// Send an uncertain or refused message again (your decision: it may arrive twice).
    Retry { id: i64 },
    /// Remove a waiting, uncertain or refused message from the outbox.
    Discard { id: i64 },
}

#[derive(Debug, Args)]
pub struct MailSyncArgs {
    /// Only these folders (repeatable; names or roles).
    #[arg(long)]
    pub folder: Vec<String>,
    /// Which bodies to download: none, recent (the last 14 days) or all.
    #[arg(long, default_value = "recent", value_parser = ["none", "recent", "all"])]
    pub bodies: String,
    /// Keep running: IDLE on INBOX, poll the rest, reconnect after errors; a line on
    /// standard input asks for a pass now (the desktop's refresh).
    #[arg(long)]
    pub watch: bool,
    /// Print progress as JSON lines on standard error.
    #[arg(long)]
    pub progress: bool,
    /// Print the IMAP commands sent (no passwords) on standard error.
    #[arg(long)]
    pub trace: bool,
    /// Do not use QRESYNC / CONDSTORE even where offered (diagnosis).
    #[arg(long)]
    pub no_qresync: bool,
    #[arg(long)]
    pub no_condstore: bool,
    /// Connections a large body download may use at once (1 for a server that allows
    /// one session per user).
    #[arg(long, default_value_t = 2, value_parser = clap::value_parser!(u8).range(1..=4))]
    pub connections: u8,
}

#[derive(Debug, Subcommand)]
pub enum FolderAction {
    Create {
        name: String,
    },
    Rename {
        from: String,
        to: String,
    },
    Delete {
        name: String,
        #[arg(long)]
        yes: bool,
    },
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
