//! One folder's part of a pass: LIST, SELECT (with QRESYNC where possible), changes,
//! the journal, new and older headers, bodies.

use super::download::{Indexing, Mailbox, fetch_bodies};
use super::fetch::{Fetched, Selected, listed};
use super::pipeline::{HeaderWriter, Pipeline};
use super::{Bodies, SyncOptions, SyncReport, Syncer, header_items, replay};
use crate::MailError;
use crate::imap::{Connection, quote};
use crate::store::{FetchedHeader, Folder, FolderState, MailStore, ParsedHeaders};
use imap_proto::{MailboxDatum, Response, StatusAttribute};
use std::collections::{BTreeSet, HashMap};
use werkbank_account::module::ModuleEventKind;

/// What LIST-STATUS said about a folder (when the server offers it).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Status {
    pub messages: Option<u32>,
    pub uidnext: Option<u32>,
    pub uidvalidity: Option<u32>,
    pub highestmodseq: Option<u64>,
}

/// LIST (with SPECIAL-USE, SUBSCRIBED and, if `with_status`, STATUS in one round trip
/// where offered) into the store; returns the status of each folder by wire name.
pub async fn list(
    conn: &mut Connection,
    store: &MailStore,
    with_status: bool,
) -> Result<HashMap<String, Status>, MailError> {
    let mut folders = Vec::new();
    let mut statuses: HashMap<String, Status> = HashMap::new();
    let collect =
        |r: &Response<'_>, folders: &mut Vec<_>, statuses: &mut HashMap<String, Status>| {
            if let Some(folder) = listed(r) {
                folders.push(folder);
            } else if let Response::MailboxData(MailboxDatum::Status { mailbox, status }) = r {
                let mut s = Status::default();
                for attribute in status {
                    match attribute {
                        StatusAttribute::Messages(n) => s.messages = Some(*n),
                        StatusAttribute::UidNext(n) => s.uidnext = Some(*n),
                        StatusAttribute::UidValidity(n) => s.uidvalidity = Some(*n),
                        StatusAttribute::HighestModSeq(n) => s.highestmodseq = Some(*n),
                        _ => {}
                    }
                }
                let name = if mailbox.eq_ignore_ascii_case("INBOX") {
                    "INBOX".to_string()
                } else {
                    mailbox.to_string()
                };
                statuses.insert(name, s);
            }
        };
    if conn.has("LIST-EXTENDED") {
        let mut options = vec!["SUBSCRIBED"];
        if conn.has("SPECIAL-USE") {
            options.push("SPECIAL-USE");
        }
        let status = if conn.condstore() {
            "STATUS (MESSAGES UIDNEXT UIDVALIDITY HIGHESTMODSEQ)"
        } else {
            "STATUS (MESSAGES UIDNEXT UIDVALIDITY)"
        };
        if with_status && conn.has("LIST-STATUS") {
            options.push(status);
        }
        conn.run_ok(
            &format!("LIST \"\" \"*\" RETURN ({})", options.join(" ")),
            |r| {
                collect(r, &mut folders, &mut statuses);
                Ok(())
            },
        )
        .await?;
    } else {
        conn.run_ok("LIST \"\" \"*\"", |r| {
            collect(r, &mut folders, &mut statuses);
            Ok(())
        })
        .await?;
        let mut subscribed = Vec::new();
        conn.run_ok("LSUB \"\" \"*\"", |r| {
            if let Some(f) = listed(r) {
                subscribed.push(f.name);
            }
            Ok(())
        })
        .await?;
        for folder in &mut folders {
            folder.subscribed = subscribed.contains(&folder.name);
        }
    }
    store.sync_folders(&folders)?;
    Ok(statuses)
}

pub async fn sync(
    syncer: &Syncer,
    conn: &mut Connection,
    folder: &Folder,
    status: Option<&Status>,
    options: &SyncOptions,
    report: &mut SyncReport,
) -> Result<(), MailError> {
    let store = syncer.store();
    let journal = store.journal(Some(folder.id))?;
    let held = store.count_uids(folder.id)?;
    let bodies_missing = !wanted_bodies(store, folder.id, options.bodies)?.is_empty();
    if let Some(status) = status
        && journal.is_empty()
        && !bodies_missing
        && folder.state.complete_from == Some(1)
        && status.uidvalidity.is_some()
        && status.uidvalidity == folder.state.uidvalidity
        && status.uidnext == folder.state.uidnext
        && status.messages == Some(held)
        && status.highestmodseq.is_some()
        && status.highestmodseq == folder.state.highestmodseq
    {
        report.unchanged_folders += 1;
        return Ok(());
    }

    let mut state = folder.state;
    let name = quote(&folder.name);
    let qresync = conn.qresync()
        && state.uidvalidity.is_some()
        && state.highestmodseq.is_some()
        && state.uidnext.is_some();
    let command = match (qresync, conn.condstore()) {
        (true, _) => format!(
            "SELECT {name} (QRESYNC ({} {}))",
            state.uidvalidity.unwrap_or_default(),
            state.highestmodseq.unwrap_or_default()
        ),
        (false, true) => format!("SELECT {name} (CONDSTORE)"),
        (false, false) => format!("SELECT {name}"),
    };
    let mut selected = Selected::default();
    let done = conn
        .run(&command, |r| {
            selected.take(r);
            Ok(())
        })
        .await?;
    if done.status != crate::imap::Outcome::Ok {
        // Deleted between LIST and SELECT: the next LIST removes it.
        tracing::info!(folder = %folder.display, reply = %done.text, "folder cannot be selected");
        return Ok(());
    }
    let Some(uidvalidity) = selected.uidvalidity else {
        return Err(crate::imap::protocol(
            conn.host(),
            "SELECT without UIDVALIDITY",
        ));
    };
    if state.uidvalidity.is_some_and(|known| known != uidvalidity) {
        tracing::warn!(folder = %folder.display, "UIDVALIDITY changed; resyncing the folder");
        store.reset_folder(folder.id, uidvalidity)?;
        state = FolderState {
            uidvalidity: Some(uidvalidity),
            ..FolderState::default()
        };
        selected.vanished.clear();
        selected.changed.clear();
    } else if state.uidvalidity.is_none() {
        state.uidvalidity = Some(uidvalidity);
        store.set_folder_state(folder.id, state, folder.server_total)?;
    }
    let uidnext = match selected.uidnext {
        Some(next) => next,
        None => probe_uidnext(conn).await?,
    };

    if let Some(known_next) = state.uidnext {
        if qresync {
            report.expunged += store.remove_uids(folder.id, &selected.vanished)? as u32;
            report.flag_updates += selected.changed.len() as u32;
            store.apply_flags(folder.id, &selected.changed)?;
        } else {
            fallback_changes(
                conn, store, folder.id, known_next, &state, &selected, report,
            )
            .await?;
        }
    }

    replay::run(syncer, conn, folder, uidvalidity, &journal, report).await?;

    let total = selected.exists;
    match state.uidnext {
        Some(known_next) if uidnext > known_next => {
            let announce = folder.role == Some(crate::store::Role::Inbox);
            // New mail: from the known top upwards, newest window first.
            let mut upper = uidnext - 1;
            while upper >= known_next {
                let lower = upper
                    .saturating_sub(options.batch.max(1) - 1)
                    .max(known_next);
                let got = fetch_headers(conn, store, folder.id, lower, upper, None).await?;
                report.new_messages += got as u32;
                syncer.emit(ModuleEventKind::Changed);
                if lower == known_next {
                    break;
                }
                upper = lower - 1;
            }
            state.uidnext = Some(uidnext);
            if announce {
                // New unread mail in the INBOX (not the first import of a mailbox): a
                // notification each, at most a few.
                for m in store.unread_since(folder.id, known_next, 5)? {
                    let from = if m.from_name.is_empty() {
                        m.from_addr.clone()
                    } else {
                        m.from_name.clone()
                    };
                    syncer.emit(ModuleEventKind::Arrived {
                        item: format!("mail/{}/{}", store.account(), m.id),
                        title: from,
                        body: m.subject.clone(),
                    });
                }
            }
        }
        Some(_) => {}
        None => {
            state.uidnext = Some(uidnext);
            if total == 0 || uidnext <= 1 {
                state.complete_from = Some(1);
            }
        }
    }

    // Older headers, newest first, in growing windows; the first is small so the top of
    // the inbox is usable at once.
    if state.complete_from != Some(1) {
        let mut upper = state
            .complete_from
            .map_or(uidnext.saturating_sub(1), |c| c - 1);
        let mut window = if state.complete_from.is_none() {
            options.first_batch.max(1)
        } else {
            options.batch.max(1)
        };
        // Each window is parsed and then written on blocking threads while the next
        // one is fetched, so the server, the parser and the store work at the same
        // time; windows are still written one after the other, each with the progress
        // it completes.
        let mut writer = HeaderWriter::new(syncer.clone(), folder.id, total);
        let mut pipeline =
            Pipeline::joining(move |window| writer.write(window), HeaderWriter::join);
        let result = async {
            loop {
                let lower = upper.saturating_sub(window - 1).max(1);
                let progress = FolderState {
                    complete_from: Some(lower),
                    uidnext: state.uidnext,
                    ..state
                };
                let batch = fetch_header_batch(conn, lower, upper).await?;
                let fetched = batch.len() as u32;
                pipeline
                    .push(move || Ok((ParsedHeaders::parse(batch), progress)))
                    .await?;
                if state.complete_from.is_none() {
                    // The newest of a new account: written now, not after the next
                    // (large) window has arrived.
                    pipeline.flush().await?;
                }
                state.complete_from = Some(lower);
                if lower <= 1 {
                    break;
                }
                upper = lower - 1;
                window = if fetched < window / 2 {
                    window.saturating_mul(4).min(1_000_000)
                } else {
                    options.batch.max(1)
                };
            }
            Ok::<_, MailError>(())
        }
        .await;
        // Whatever happened to the fetch, the windows that arrived are written first.
        report.new_messages += pipeline.finish().await? as u32;
        result?;
    }

    let wanted = wanted_bodies(store, folder.id, options.bodies)?;
    if !wanted.is_empty() {
        let mailbox = Mailbox {
            id: folder.id,
            name: folder.name.clone(),
            uidvalidity,
        };
        report.bodies += fetch_bodies(
            syncer,
            conn,
            &mailbox,
            &wanted,
            Indexing::AfterPass,
            options,
        )
        .await? as u32;
    }

    if conn.condstore() {
        state.highestmodseq = selected.highestmodseq.or(state.highestmodseq);
    }
    store.set_folder_state(folder.id, state, total)?;
    Ok(())
}

/// Without QRESYNC: flags changed since the known HIGHESTMODSEQ (CONDSTORE) or all
/// flags, and expunges found by comparing UIDs.
async fn fallback_changes(
    conn: &mut Connection,
    store: &MailStore,
    folder_id: i64,
    known_next: u32,
    state: &FolderState,
    selected: &Selected,
    report: &mut SyncReport,
) -> Result<(), MailError> {
    if known_next <= 1 {
        return Ok(());
    }
    let range = format!("1:{}", known_next - 1);
    let incremental =
        conn.condstore() && state.highestmodseq.is_some() && selected.highestmodseq.is_some();
    let unchanged_flags = incremental && state.highestmodseq == selected.highestmodseq;
    let mut seen_uids = Vec::new();
    if !unchanged_flags {
        let command = if incremental {
            format!(
                "UID FETCH {range} (UID FLAGS) (CHANGEDSINCE {})",
                state.highestmodseq.unwrap_or_default()
            )
        } else if conn.condstore() {
            format!("UID FETCH {range} (UID FLAGS MODSEQ)")
        } else {
            format!("UID FETCH {range} (UID FLAGS)")
        };
        let mut changed = Vec::new();
        conn.run_ok(&command, |r| {
            if let Some(f) = Fetched::from_response(r)
                && let (Some(uid), Some(flags)) = (f.uid, f.flags)
            {
                seen_uids.push(uid);
                changed.push((uid, flags, f.modseq.unwrap_or(0)));
            }
            Ok(())
        })
        .await?;
        report.flag_updates += changed.len() as u32;
        store.apply_flags(folder_id, &changed)?;
    }
    // Expunges: a full flag fetch lists every UID; otherwise ask only when the count
    // says something went.
    let held: Vec<u32> = store
        .uids(folder_id)?
        .into_iter()
        .filter(|u| *u < known_next)
        .collect();
    let server: Vec<u32> = if !incremental {
        seen_uids
    } else {
        // Nothing new and the same count: nothing can have gone either.
        let nothing_new = selected.uidnext.unwrap_or(known_next) == known_next;
        if nothing_new && selected.exists as usize == held.len() {
            return Ok(());
        }
        let mut uids = Vec::new();
        conn.run_ok(&format!("UID SEARCH UID {range}"), |r| {
            if let Response::MailboxData(MailboxDatum::Search(list)) = r {
                uids.extend_from_slice(list);
            }
            Ok(())
        })
        .await?;
        uids
    };
    let server: BTreeSet<u32> = server.into_iter().collect();
    let gone: Vec<u32> = held.into_iter().filter(|u| !server.contains(u)).collect();
    report.expunged += store.remove_uids(folder_id, &gone)? as u32;
    Ok(())
}

/// A server that leaves out UIDNEXT: the highest UID plus one.
async fn probe_uidnext(conn: &mut Connection) -> Result<u32, MailError> {
    let mut top = 0;
    conn.run_ok("UID FETCH * (UID)", |r| {
        if let Some(f) = Fetched::from_response(r) {
            top = top.max(f.uid.unwrap_or(0));
        }
        Ok(())
    })
    .await?;
    Ok(top + 1)
}

/// The headers of UIDs `lower..=upper` as the server sent them.
pub(super) async fn fetch_header_batch(
    conn: &mut Connection,
    lower: u32,
    upper: u32,
) -> Result<Vec<FetchedHeader>, MailError> {
    let items = header_items(conn.condstore());
    let mut batch: Vec<FetchedHeader> = Vec::new();
    conn.run_ok(&format!("UID FETCH {lower}:{upper} {items}"), |r| {
        if let Some(header) = Fetched::from_response(r).and_then(Fetched::into_header)
            && (lower..=upper).contains(&header.uid)
        {
            batch.push(header);
        }
        Ok(())
    })
    .await?;
    Ok(batch)
}

/// How many UIDs above the known top the IDLE fast path fetches at most; a larger
/// burst is left to the pass that follows.
const NEW_MAIL_WINDOW: u32 = 1000;

/// New mail in the folder `conn` has selected, right after IDLE reported it: the
/// headers above the known UIDNEXT, stored at once, without LIST or a new SELECT (after
/// a change Dovecot rescans a large Maildir on SELECT, which is most of the delay).
/// The folder's state does not move here: the pass that follows meets these UIDs as
/// known and does flags, expunges, bodies, notifications and the state.
///
/// The caller must have checked that the selected mailbox's UIDVALIDITY is the one
/// the store holds.
pub async fn fetch_new_selected(
    syncer: &Syncer,
    conn: &mut Connection,
    folder: &Folder,
) -> Result<usize, MailError> {
    let Some(known_next) = folder.state.uidnext else {
        return Ok(0);
    };
    let upper = known_next.saturating_add(NEW_MAIL_WINDOW - 1);
    let batch = fetch_header_batch(conn, known_next, upper).await?;
    if batch.is_empty() {
        return Ok(0);
    }
    let added = syncer.store().apply_header_batch(folder.id, &batch, None)?;
    if added > 0 {
        syncer.emit(ModuleEventKind::Changed);
    }
    Ok(added)
}

/// Fetches the headers of UIDs `lower..=upper` into the store (one transaction with
/// the folder's progress) and returns how many messages were new.
async fn fetch_headers(
    conn: &mut Connection,
    store: &MailStore,
    folder_id: i64,
    lower: u32,
    upper: u32,
    progress: Option<FolderState>,
) -> Result<usize, MailError> {
    let batch = fetch_header_batch(conn, lower, upper).await?;
    store.apply_header_batch(folder_id, &batch, progress)
}

/// Which bodies the policy wants that are not local: `(uid, size)`, newest first.
fn wanted_bodies(
    store: &MailStore,
    folder_id: i64,
    bodies: Bodies,
) -> Result<Vec<(u32, u32)>, MailError> {
    match bodies {
        Bodies::None => Ok(Vec::new()),
        Bodies::All => store.missing_bodies(folder_id, usize::MAX >> 1, None, None),
        Bodies::Recent {
            days,
            max,
            max_size,
        } => {
            let now = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_secs() as i64);
            store.missing_bodies(
                folder_id,
                max,
                Some(now - i64::from(days) * 86_400),
                Some(max_size),
            )
        }
    }
}
