//! `werkbank-cli account …`

use super::{confirm, read_stdin_line};
use crate::args::{AccountCommand, AddArgs};
use crate::output::{Output, wire};
use werkbank_account::account::{DavService, Endpoint, MailService, MatrixService, Security};
use werkbank_account::discovery::{self, Discovery, FoundService, ServiceKind};
use werkbank_account::{Account, ApiError, ErrorCode};
use werkbank_workplace::{
    Access, AccountTest, AccountView, AddAccount, OpenOptions, RemoveAccount, Workplace,
};

pub async fn run(
    command: AccountCommand,
    options: OpenOptions,
    out: &Output,
) -> Result<bool, ApiError> {
    match command {
        AccountCommand::List => {
            let wp = Workplace::open(options, Access::Read)?;
            let accounts = wp.account_list()?;
            out.print(&accounts, |list| {
                let mut text: String = list.iter().map(summary).collect();
                for pending in wp.account_pending() {
                    text.push_str(&format!(
                        "{}  (from policy; waits for {})\n",
                        pending.id,
                        pending.missing.join(", ")
                    ));
                }
                if text.is_empty() {
                    "no accounts".into()
                } else {
                    text
                }
            });
        }
        AccountCommand::Show { id } => {
            let wp = Workplace::open(options, Access::Read)?;
            let account = wp.account_show(&id)?;
            out.print(&account, details);
        }
        AccountCommand::Add(args) => {
            let wp = Workplace::open(options, Access::Write)?;
            let password = if args.password_stdin {
                Some(read_stdin_line()?)
            } else {
                None
            };
            let account = build(&wp, &args, password.clone()).await?;
            let added = wp.account_add(AddAccount { account, password })?;
            out.print(&added, |a| format!("added {}", summary(a)));
        }
        AccountCommand::Remove { id, yes } => {
            let wp = Workplace::open(options, Access::Write)?;
            let confirmed = yes
                || confirm(
                    &format!("Remove the account {id} and its stored passwords? [y/N] "),
                    "remove it",
                )?;
            let problems = wp
                .account_remove(RemoveAccount {
                    id: id.clone(),
                    confirmed,
                })
                .await?;
            out.print(
                &serde_json::json!({ "removed": id, "warnings": problems }),
                |_| {
                    let mut text = format!("removed {id}");
                    for p in &problems {
                        text.push_str(&format!("\nwarning: {} {}", p.message, p.hint));
                    }
                    text
                },
            );
        }
        AccountCommand::Test { id } => {
            let wp = Workplace::open(options, Access::Read)?;
            let report = wp.account_test(&id).await?;
            out.print(&report, test_report);
            return Ok(report.ok);
        }
        AccountCommand::Discover {
            email,
            user,
            password_stdin,
        } => {
            let wp = Workplace::open(options, Access::Read)?;
            let password = if password_stdin {
                Some(read_stdin_line()?)
            } else {
                None
            };
            let found = wp.discover(&email, user, password).await?;
            out.print(&found, discovery_report);
            return Ok(!found.services.is_empty());
        }
        AccountCommand::Trust {
            id,
            fingerprint,
            yes,
        } => {
            let wp = Workplace::open(options, Access::Write)?;
            let confirmed = yes
                || confirm(
                    &format!(
                        "Trust the certificate with the SHA-256 fingerprint\n  {fingerprint}\nfor {id}? \
                     Only do this if your IT department confirmed this fingerprint. [y/N] "
                    ),
                    "trust it",
                )?;
            let account = wp.account_trust_certificate(&id, &fingerprint, confirmed)?;
            out.print(&account, |a| {
                format!("{} now trusts {fingerprint}", a.account.id)
            });
        }
        AccountCommand::Password { id } => {
            let wp = Workplace::open(options, Access::Write)?;
            let password = read_stdin_line()?;
            wp.account_set_password(&id, &password)?;
            out.print(
                &serde_json::json!({ "account": id, "password": "stored" }),
                |_| format!("password for {id} stored in the keyring"),
            );
        }
    }
    Ok(true)
}

/// The account from the options, or from discovery (options given by hand win).
async fn build(
    wp: &Workplace,
    args: &AddArgs,
    password: Option<String>,
) -> Result<Account, ApiError> {
    let mut account = Account::new(
        &args.id,
        args.name.clone().unwrap_or_else(|| args.email.clone()),
        &args.email,
    );
    account.password_command = args.password_command.clone();
    let local_part = args.email.split('@').next().unwrap_or_default().to_string();
    let dav_user = args.dav_user.clone().unwrap_or(local_part);
    let mail_user = args.mail_user.clone().unwrap_or_else(|| args.email.clone());
    if args.discover {
        let found = wp
            .discover(&args.email, args.dav_user.clone(), password)
            .await?;
        apply_discovery(&mut account, &found, &mail_user, &dav_user)?;
    }
    if let Some(imap) = &args.imap {
        let smtp = args
            .smtp
            .as_deref()
            .ok_or_else(|| invalid("--imap needs --smtp too"))?;
        account.mail = Some(MailService {
            imap: endpoint(
                imap,
                &[
                    ("imaps", Security::Tls, 993),
                    ("imap", Security::StartTls, 143),
                ],
            )?,
            smtp: endpoint(
                smtp,
                &[
                    ("submissions", Security::Tls, 465),
                    ("smtps", Security::Tls, 465),
                    ("submission", Security::StartTls, 587),
                ],
            )?,
            username: mail_user.clone(),
        });
    }
    let dav = |url: &Option<String>| -> Result<Option<DavService>, ApiError> {
        url.as_deref()
            .map(|u| {
                Ok(DavService {
                    url: parse_url(u)?,
                    username: dav_user.clone(),
                })
            })
            .transpose()
    };
    if args.caldav.is_some() {
        account.caldav = dav(&args.caldav)?;
    }
    if args.carddav.is_some() {
        account.carddav = dav(&args.carddav)?;
    }
    if args.webdav.is_some() {
        account.webdav = dav(&args.webdav)?;
    }
    if let Some(matrix) = &args.matrix {
        account.matrix = Some(MatrixService {
            homeserver: parse_url(matrix)?,
            username: dav_user.clone(),
            user_id: None,
            device_id: None,
        });
    }
    Ok(account)
}

/// The first (best) service of each kind discovery found.
fn apply_discovery(
    account: &mut Account,
    found: &Discovery,
    mail_user: &str,
    dav_user: &str,
) -> Result<(), ApiError> {
    // For CalDAV/CardDAV, a home set found with the password (a path below the root)
    // beats a bare service root; otherwise discovery's order is the preference.
    let first = |kind: ServiceKind| {
        let mut candidates = found.services.iter().filter(|s| s.kind == kind);
        let is_home = |s: &&FoundService| url::Url::parse(&s.url).is_ok_and(|u| u.path() != "/");
        match kind {
            ServiceKind::CalDav | ServiceKind::CardDav => found
                .services
                .iter()
                .filter(|s| s.kind == kind)
                .find(is_home)
                .or_else(|| candidates.next()),
            _ => candidates.next(),
        }
    };
    let security = |s: &FoundService| match s.security {
        discovery::Security::Tls => Security::Tls,
        discovery::Security::Starttls => Security::StartTls,
    };
    if let (Some(imap), Some(smtp)) = (first(ServiceKind::Imap), first(ServiceKind::Smtp)) {
        account.mail = Some(MailService {
            imap: Endpoint::new(&imap.host, imap.port, security(imap)),
            smtp: Endpoint::new(&smtp.host, smtp.port, security(smtp)),
            username: imap
                .username
                .clone()
                .unwrap_or_else(|| mail_user.to_string()),
        });
    }
    let dav = |s: &FoundService| -> Result<DavService, ApiError> {
        Ok(DavService {
            url: parse_url(&s.url)?,
            username: s.username.clone().unwrap_or_else(|| dav_user.to_string()),
        })
    };
    account.caldav = first(ServiceKind::CalDav).map(dav).transpose()?;
    account.carddav = first(ServiceKind::CardDav).map(dav).transpose()?;
    account.webdav = first(ServiceKind::WebDav).map(dav).transpose()?;
    if let Some(m) = first(ServiceKind::Matrix) {
        account.matrix = Some(MatrixService {
            homeserver: parse_url(&m.url)?,
            username: m.username.clone().unwrap_or_else(|| dav_user.to_string()),
            user_id: None,
            device_id: None,
        });
    }
    if found.services.is_empty() {
        return Err(ApiError::with(
            ErrorCode::DiscoveryFailed,
            &[("email", &account.email)],
        ));
    }
    Ok(())
}

fn endpoint(text: &str, schemes: &[(&str, Security, u16)]) -> Result<Endpoint, ApiError> {
    let url = parse_url(text)?;
    let (_, security, port) = schemes
        .iter()
        .find(|(scheme, _, _)| *scheme == url.scheme())
        .ok_or_else(|| {
            invalid(&format!(
                "{text}: use one of {}",
                schemes
                    .iter()
                    .map(|s| format!("{}://", s.0))
                    .collect::<Vec<_>>()
                    .join(", ")
            ))
        })?;
    let host = url
        .host_str()
        .ok_or_else(|| invalid(&format!("{text} has no host")))?;
    Ok(Endpoint::new(host, url.port().unwrap_or(*port), *security))
}

fn parse_url(text: &str) -> Result<url::Url, ApiError> {
    url::Url::parse(text).map_err(|e| invalid(&format!("{text}: {e}")))
}

fn invalid(reason: &str) -> ApiError {
    ApiError::with(ErrorCode::InvalidInput, &[("reason", reason)])
}

/// Asks on the terminal; without one, `action` needs `--yes`.
fn service_names(view: &AccountView) -> String {
    view.services
        .iter()
        .map(wire)
        .collect::<Vec<_>>()
        .join(", ")
}

fn summary(view: &AccountView) -> String {
    let policy = if view.account.provisioned {
        "  (from policy)"
    } else {
        ""
    };
    format!(
        "{}  {} <{}>  [{}]{policy}\n",
        view.account.id,
        view.account.display_name,
        view.account.email,
        service_names(view)
    )
}

fn details(view: &AccountView) -> String {
    let a = &view.account;
    let mut text = summary(view);
    if let Some(mail) = &a.mail {
        text.push_str(&format!(
            "  imap     {}:{} ({}), login {}\n",
            mail.imap.host,
            mail.imap.port,
            wire(&mail.imap.security),
            mail.username
        ));
        text.push_str(&format!(
            "  smtp     {}:{} ({})\n",
            mail.smtp.host,
            mail.smtp.port,
            wire(&mail.smtp.security)
        ));
    }
    for (name, dav) in [
        ("caldav", &a.caldav),
        ("carddav", &a.carddav),
        ("webdav", &a.webdav),
    ] {
        if let Some(dav) = dav {
            text.push_str(&format!(
                "  {name:<8} {}, login {}\n",
                dav.url, dav.username
            ));
        }
    }
    if let Some(m) = &a.matrix {
        text.push_str(&format!(
            "  matrix   {}, login {}\n",
            m.homeserver, m.username
        ));
    }
    if let Some(cmd) = &a.password_command {
        text.push_str(&format!("  password from command: {cmd}\n"));
    }
    text
}

fn test_report(report: &AccountTest) -> String {
    let mut text = String::new();
    for check in &report.checks {
        let service = wire(&check.service);
        match &check.error {
            None => text.push_str(&format!("ok      {service:<8} {}\n", check.summary)),
            Some(e) => text.push_str(&format!(
                "FAILED  {service:<8} [{}] {}\n        {}\n",
                e.code, e.message, e.hint
            )),
        }
    }
    text
}

fn discovery_report(found: &Discovery) -> String {
    let mut text = String::new();
    for s in &found.services {
        text.push_str(&format!(
            "{:<8} {}  (found by {})\n",
            wire(&s.kind),
            s.url,
            wire(&s.source)
        ));
    }
    if found.services.is_empty() {
        text.push_str("nothing found\n");
    }
    text
}
