//! `werkbank-cli mail …`: the mail store and sync engine from the command line.
//! Reading commands work offline on the local store; actions are applied locally at
//! once, journaled, and sent to the server right away when it is reachable (else at
//! the next sync).

use super::confirm;
use crate::args::{FolderAction, MailArgs, MailCommand, MailSyncArgs};
use crate::output::Output;
use serde::Serialize;
use std::time::Instant;
use werkbank_account::module::ModuleEventKind;
use werkbank_account::{Account, ApiError, ErrorCode};
use werkbank_mail::flags::{self, Change};
use werkbank_mail::store::{Folder, MessageSummary};
use werkbank_mail::{Bodies, Extensions, MailStore, SyncOptions, Trace, WatchOptions};
use werkbank_workplace::{Access, OpenOptions, Workplace};

pub async fn run(args: MailArgs, options: OpenOptions, out: &Output) -> Result<bool, ApiError> {
    let account_id = args.account.as_deref();
    match args.command {
        MailCommand::Sync(sync) => {
            let wp = Workplace::open(options, Access::Write)?;
            let account = wp.mail_account(account_id)?;
            self::sync(&wp, &account, sync, out).await?;
        }
        MailCommand::Folders { action: None } => {
            let wp = Workplace::open(options, Access::Read)?;
            let store = wp.mail_store(&wp.mail_account(account_id)?)?;
            let folders = store.folders().map_err(api)?;
            out.print(&folders, |list| list.iter().map(folder_line).collect());
        }
        MailCommand::Folders {
            action: Some(action),
        } => {
            let wp = Workplace::open(options, Access::Write)?;
            let account = wp.mail_account(account_id)?;
            let syncer = wp.mail_syncer(&account).await?;
            let options = SyncOptions::default();
            match action {
                FolderAction::Create { name } => {
                    syncer.create_folder(&name, &options).await.map_err(api)?
                }
                FolderAction::Rename { from, to } => syncer
                    .rename_folder(&from, &to, &options)
                    .await
                    .map_err(api)?,
                FolderAction::Delete { name, yes } => {
                    let folder = syncer.store().find_folder(&name).map_err(api)?;
                    let question = format!(
                        "Delete the folder {} and its {} messages on the server? [y/N] ",
                        folder.display, folder.total
                    );
                    if !(yes || confirm(&question, "delete it")?) {
                        return Ok(false);
                    }
                    syncer.delete_folder(&name, &options).await.map_err(api)?;
                }
            }
            let folders = syncer.store().folders().map_err(api)?;
            out.print(&folders, |list| list.iter().map(folder_line).collect());
        }
        MailCommand::List {
            folder,
            limit,
            offset,
        } => {
            let wp = Workplace::open(options, Access::Read)?;
            let store = wp.mail_store(&wp.mail_account(account_id)?)?;
            let folder = store.find_folder(&folder).map_err(api)?;
            let messages = store.list(folder.id, offset, limit).map_err(api)?;
            out.print(&messages, |list| list.iter().map(message_line).collect());
        }
        MailCommand::Show { id, raw } => {
            let wp = Workplace::open(options, Access::Read)?;
            let account = wp.mail_account(account_id)?;
            let store = wp.mail_store(&account)?;
            if !store.summary(id).map_err(api)?.body_local {
                let syncer = wp.mail_syncer(&account).await?;
                syncer
                    .fetch_body(id, &SyncOptions::default())
                    .await
                    .map_err(api)?;
            }
            if raw {
                let bytes = store.raw(id).map_err(api)?.unwrap_or_default();
                use std::io::Write;
                let _ = std::io::stdout().write_all(&bytes);
            } else {
                let detail = store.detail(id).map_err(api)?;
                out.print(&detail, |d| {
                    format!(
                        "From: {} <{}>\nTo: {}\nSubject: {}\nDate: {}\nFolder: {}\nFlags: {}\nAttachments: {}\n\n{}",
                        d.summary.from_name,
                        d.summary.from_addr,
                        d.recipients.join(", "),
                        d.summary.subject,
                        date(d.summary.date),
                        d.folder,
                        d.summary.flags.join(" "),
                        d.attachments.join(", "),
                        d.text.clone().unwrap_or_default()
                    )
                });
            }
        }
        MailCommand::Search {
            query,
            limit,
            local,
        } => {
            let wp = Workplace::open(options, Access::Read)?;
            let account = wp.mail_account(account_id)?;
            let store = wp.mail_store(&account)?;
            let mut result = store.search(&query, limit).map_err(api)?;
            let mut server_error = None;
            if !local
                && !result.incomplete_folders.is_empty()
                && let Some(text) = result.query.text()
            {
                match wp.mail_syncer(&account).await {
                    Ok(syncer) => match syncer
                        .search_server(&text, &result.incomplete_folders, &SyncOptions::default())
                        .await
                    {
                        Ok(ids) => store.merge_server_hits(&mut result, &ids).map_err(api)?,
                        Err(e) => server_error = Some(api(e)),
                    },
                    Err(e) => server_error = Some(e),
                }
            }
            result.hits.truncate(limit);
            out.print(&result.hits, |hits| {
                let mut text: String = hits
                    .iter()
                    .map(|h| {
                        let snippet: String = h
                            .snippet
                            .iter()
                            .map(|p| {
                                if p.hit {
                                    format!("*{}*", p.text)
                                } else {
                                    p.text.clone()
                                }
                            })
                            .collect();
                        let server = if h.from_server {
                            "  (found on the server)"
                        } else {
                            ""
                        };
                        format!(
                            "{}{server}\n    {}: {}\n",
                            message_line(&h.message).trim_end(),
                            h.folder,
                            snippet
                        )
                    })
                    .collect();
                if hits.is_empty() {
                    text = "nothing found\n".into();
                }
                if let Some(e) = &server_error {
                    text.push_str(&format!(
                        "(the server could not be searched: {})\n",
                        e.message
                    ));
                }
                text
            });
        }
        MailCommand::Flag { ids, add, remove } => {
            let change = Change {
                add: user_flags(&add)?,
                remove: user_flags(&remove)?,
            };
            if change.add.is_empty() && change.remove.is_empty() {
                return Err(invalid("name at least one flag with --add or --remove"));
            }
            act(options, account_id, out, |store| {
                store.set_flags(&ids, &change).map(|()| Vec::new())
            })
            .await?;
        }
        MailCommand::Move { ids, to, copy } => {
            act(options, account_id, out, |store| {
                let target = store.find_folder(&to)?;
                if copy {
                    store.copy_to(&ids, target.id)
                } else {
                    store.move_to(&ids, target.id)
                }
            })
            .await?;
        }
        MailCommand::Delete { ids, yes } => {
            let wp = Workplace::open(options.clone(), Access::Read)?;
            let store = wp.mail_store(&wp.mail_account(account_id)?)?;
            let trash = store
                .folder_by_role(werkbank_mail::store::Role::Trash)
                .map_err(api)?;
            let for_good = ids
                .iter()
                .filter(|id| {
                    store
                        .summary(**id)
                        .ok()
                        .is_some_and(|m| trash.as_ref().is_none_or(|t| t.id == m.folder_id))
                })
                .count();
            drop(wp);
            if for_good > 0
                && !(yes
                    || confirm(
                        &format!("Delete {for_good} message(s) for good? [y/N] "),
                        "delete for good",
                    )?)
            {
                return Ok(false);
            }
            act(options, account_id, out, |store| {
                store.delete(&ids).map(|()| Vec::new())
            })
            .await?;
        }
        MailCommand::Archive { ids } => {
            act(options, account_id, out, |store| store.archive(&ids)).await?;
        }
        MailCommand::EmptyTrash { yes } => {
            if !(yes || confirm("Delete everything in Trash for good? [y/N] ", "empty Trash")?) {
                return Ok(false);
            }
            act(options, account_id, out, |store| {
                store.empty_trash().map(|_| Vec::new())
            })
            .await?;
        }
        MailCommand::Send(send) => {
            let wp = Workplace::open(options, Access::Write)?;
            super::outbox::send(&wp, account_id, send, out).await?;
        }
        MailCommand::Outbox { action } => {
            let wp = Workplace::open(options, Access::Write)?;
            return super::outbox::outbox(&wp, account_id, action, out).await;
        }
        MailCommand::Reindex => {
            let wp = Workplace::open(options, Access::Write)?;
            let store = wp.mail_store(&wp.mail_account(account_id)?)?;
            let started = Instant::now();
            let count = store.reindex().map_err(api)?;
            #[derive(Serialize)]
            struct Reindexed {
                messages: usize,
                elapsed_ms: u128,
            }
            let done = Reindexed {
                messages: count,
                elapsed_ms: started.elapsed().as_millis(),
            };
            out.print(&done, |d| {
                format!("indexed {} messages in {} ms", d.messages, d.elapsed_ms)
            });
        }
        MailCommand::Notices { dismiss } => {
            let wp = Workplace::open(options, Access::Read)?;
            let store = wp.mail_store(&wp.mail_account(account_id)?)?;
            let notices = store.notices().map_err(api)?;
            if dismiss {
                for notice in &notices {
                    store.dismiss_notice(notice.id).map_err(api)?;
                }
            }
            out.print(&notices, |list| {
                list.iter()
                    .map(|n| {
                        let details: Vec<String> =
                            n.details.iter().map(|(k, v)| format!("{k}={v}")).collect();
                        format!(
                            "{}  {}  {}\n",
                            date(n.created_at),
                            n.code,
                            details.join(" ")
                        )
                    })
                    .collect()
            });
        }
    }
    Ok(true)
}

async fn sync(
    wp: &Workplace,
    account: &Account,
    args: MailSyncArgs,
    out: &Output,
) -> Result<(), ApiError> {
    let trace = args.trace.then(Trace::new);
    let options = SyncOptions {
        bodies: match args.bodies.as_str() {
            "none" => Bodies::None,
            "all" => Bodies::All,
            _ => SyncOptions::default().bodies,
        },
        folders: args.folder,
        extensions: Extensions {
            qresync: !args.no_qresync,
            condstore: !args.no_condstore,
        },
        trace: trace.clone(),
        download_connections: args.connections,
        ..SyncOptions::default()
    };
    let started = Instant::now();
    let progress = args.progress.then(|| {
        let mut events = wp.events();
        tokio::spawn(async move {
            while let Ok(event) = events.recv().await {
                #[derive(Serialize)]
                struct Line<'a> {
                    elapsed_ms: u128,
                    #[serde(flatten)]
                    kind: &'a ModuleEventKind,
                }
                let line = Line {
                    elapsed_ms: started.elapsed().as_millis(),
                    kind: &event.kind,
                };
                eprintln!("{}", serde_json::to_string(&line).unwrap_or_default());
            }
        })
    });
    let syncer = wp.mail_syncer(account).await?;
    if args.watch {
        // A line on standard input is "sync now", like the desktop's refresh. A plain
        // thread, not the runtime's: a blocking read cannot be cancelled, and the
        // runtime would wait for it at Ctrl-C.
        let nudger = syncer.clone();
        std::thread::spawn(move || {
            for line in std::io::stdin().lines() {
                if line.is_err() {
                    break;
                }
                nudger.nudge();
            }
        });
        let watch = WatchOptions {
            sync: options,
            ..WatchOptions::default()
        };
        syncer
            .watch(watch, async {
                let _ = tokio::signal::ctrl_c().await;
            })
            .await;
        return Ok(());
    }
    let result = syncer.sync(&options).await;
    if let Some(trace) = &trace {
        for line in trace.commands() {
            eprintln!("> {line}");
        }
    }
    if let Some(task) = progress {
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        task.abort();
    }
    let report = result.map_err(api)?;
    // What waits in the outbox goes out now that the server answered.
    if let Err(e) = wp.mail_outbox_flush(Some(&account.id)).await {
        tracing::info!("outbox not flushed: {}", e.message);
    }
    out.print(&report, |r| {
        format!(
            "{} folders: {} new, {} flag changes, {} removed, {} actions sent, {} bodies{}",
            r.folders,
            r.new_messages,
            r.flag_updates,
            r.expunged,
            r.replayed,
            r.bodies,
            if r.dropped > 0 {
                format!(", {} actions dropped (see `mail notices`)", r.dropped)
            } else {
                String::new()
            }
        )
    });
    Ok(())
}

/// What a local action reports.
#[derive(Debug, Serialize)]
struct Acted {
    /// Ids of the new rows (move/copy/archive), in order.
    ids: Vec<i64>,
    /// Still waiting for the server (offline); sent at the next sync.
    queued: bool,
}

/// Applies an action locally (journaled), then tries to send it right away.
async fn act(
    options: OpenOptions,
    account_id: Option<&str>,
    out: &Output,
    action: impl FnOnce(&MailStore) -> Result<Vec<i64>, werkbank_mail::MailError>,
) -> Result<(), ApiError> {
    let wp = Workplace::open(options, Access::Write)?;
    let account = wp.mail_account(account_id)?;
    let store = wp.mail_store(&account)?;
    let ids = action(&store).map_err(api)?;
    let sent = match wp.mail_syncer(&account).await {
        Ok(syncer) => {
            let folders: Vec<String> = pending_folders(&store)?;
            let options = SyncOptions {
                folders,
                bodies: Bodies::None,
                ..SyncOptions::default()
            };
            syncer
                .sync(&options)
                .await
                .map_err(|e| tracing::info!("action queued: {e}"))
                .is_ok()
        }
        Err(e) => {
            tracing::info!("action queued: {}", e.message);
            false
        }
    };
    let queued = !sent || !store.journal(None).map_err(api)?.is_empty();
    out.print(&Acted { ids, queued }, |a| {
        if a.queued {
            "done here; the server gets it at the next sync (it cannot be reached now)".into()
        } else {
            "done".into()
        }
    });
    Ok(())
}

/// The folders the journal touches (sources and targets), by wire name.
fn pending_folders(store: &MailStore) -> Result<Vec<String>, ApiError> {
    let mut ids: Vec<i64> = Vec::new();
    for entry in store.journal(None).map_err(api)? {
        ids.push(entry.folder_id);
        ids.extend(entry.target_folder_id);
    }
    ids.sort_unstable();
    ids.dedup();
    Ok(ids
        .into_iter()
        .filter_map(|id| store.folder(id).ok().map(|f| f.name))
        .collect())
}

fn user_flags(names: &[String]) -> Result<std::collections::BTreeSet<String>, ApiError> {
    names
        .iter()
        .map(|n| flags::from_user(n).ok_or_else(|| invalid(&format!("\"{n}\" is not a flag"))))
        .collect()
}

fn folder_line(f: &Folder) -> String {
    let role = f
        .role
        .map(|r| format!(" ({})", r.as_str()))
        .unwrap_or_default();
    format!("{}{role}  {} unread / {}\n", f.display, f.unread, f.total)
}

fn message_line(m: &MessageSummary) -> String {
    let mut marks = String::new();
    marks.push(if m.seen { ' ' } else { '*' });
    marks.push(if m.flagged { '!' } else { ' ' });
    marks.push(if m.has_attachment { '@' } else { ' ' });
    let from = if m.from_name.is_empty() {
        &m.from_addr
    } else {
        &m.from_name
    };
    format!(
        "{:>7} {marks} {}  {:<24.24}  {}\n",
        m.id,
        date(m.date),
        from,
        m.subject
    )
}

/// `2026-11-23 09:00` in UTC (the CLI has no time zone database).
fn date(unix: i64) -> String {
    let days = unix.div_euclid(86_400);
    let secs = unix.rem_euclid(86_400);
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!(
        "{y:04}-{m:02}-{d:02} {:02}:{:02}",
        secs / 3600,
        secs % 3600 / 60
    )
}

fn api(error: werkbank_mail::MailError) -> ApiError {
    ApiError::from(&error)
}

fn invalid(reason: &str) -> ApiError {
    ApiError::with(ErrorCode::InvalidInput, &[("reason", reason)])
}

#[cfg(test)]
mod tests {
    #[test]
    fn formats_dates_in_utc() {
        assert_eq!(super::date(1_795_420_800), "2026-11-23 08:00");
        assert_eq!(super::date(0), "1970-01-01 00:00");
    }
}
