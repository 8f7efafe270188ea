//! Replaying the journal to the server, in order, on the selected folder.
//!
//! Flags go as `UID STORE ±FLAGS` — never a replace — with `UNCHANGEDSINCE` where
//! CONDSTORE is on: if another client changed the message in between, its flags are
//! fetched, merged flag by flag (the change here wins only for the flags it touched),
//! and the change is sent again. A UID from an older UIDVALIDITY is never used: the
//! message is found again by Message-ID, or the action is dropped with a notice.

use super::fetch::Fetched;
use super::{SyncReport, Syncer};
use crate::MailError;
use crate::flags::{self, Change};
use crate::imap::{Connection, quote};
use crate::store::{Folder, JournalEntry, JournalKind};
use imap_proto::{MailboxDatum, Response, ResponseCode, Status};
use std::collections::BTreeSet;

pub async fn run(
    syncer: &Syncer,
    conn: &mut Connection,
    folder: &Folder,
    uidvalidity: u32,
    journal: &[JournalEntry],
    report: &mut SyncReport,
) -> Result<(), MailError> {
    let store = syncer.store();
    for entry in journal {
        let Some(uid) = resolve(syncer, conn, entry, uidvalidity).await? else {
            store.journal_drop(entry, "the message is no longer on the server")?;
            report.dropped += 1;
            continue;
        };
        match entry.kind {
            JournalKind::Flags => store_flags(syncer, conn, entry, uid).await?,
            JournalKind::Move | JournalKind::Copy => {
                let Some(target) = entry.target_folder_id.and_then(|id| store.folder(id).ok())
                else {
                    store.journal_drop(entry, "the target folder no longer exists")?;
                    report.dropped += 1;
                    continue;
                };
                if !transfer(syncer, conn, folder, entry, uid, &target).await? {
                    report.dropped += 1;
                    continue;
                }
            }
            JournalKind::Expunge => {
                conn.run_ok(
                    &format!("UID STORE {uid} +FLAGS.SILENT (\\Deleted)"),
                    |_| Ok(()),
                )
                .await?;
                expunge(conn, uid).await?;
                store.journal_expunge_done(entry, Some(uid))?;
            }
        }
        report.replayed += 1;
    }
    Ok(())
}

/// The UID the entry means now, or `None` if the message is gone.
async fn resolve(
    syncer: &Syncer,
    conn: &mut Connection,
    entry: &JournalEntry,
    uidvalidity: u32,
) -> Result<Option<u32>, MailError> {
    let same_epoch = entry.uidvalidity == Some(uidvalidity);
    if let (true, Some(uid)) = (same_epoch, entry.uid) {
        return Ok(Some(uid));
    }
    let Some(message_id) = &entry.message_id else {
        return Ok(None);
    };
    let mut uids = Vec::new();
    conn.run_ok(
        &format!(
            "UID SEARCH HEADER Message-ID {}",
            quote(&format!("<{message_id}>"))
        ),
        |r| {
            if let Response::MailboxData(MailboxDatum::Search(list)) = r {
                uids.extend_from_slice(list);
            }
            Ok(())
        },
    )
    .await?;
    uids.sort_unstable();
    let Some(&uid) = uids.first() else {
        return Ok(None);
    };
    syncer.store().journal_reresolve(entry, uidvalidity, uid)?;
    Ok(Some(uid))
}

/// `UID STORE uid [(UNCHANGEDSINCE m)] ±FLAGS (…)`; returns the flags and MODSEQ the
/// server reported for the message, `None` if it did not (conflict or message gone).
async fn store_once(
    conn: &mut Connection,
    uid: u32,
    sign: char,
    set: &BTreeSet<String>,
    unchanged_since: Option<u64>,
) -> Result<Option<(BTreeSet<String>, u64)>, MailError> {
    let condition = unchanged_since.map_or(String::new(), |m| format!(" (UNCHANGEDSINCE {m})"));
    let mut after = None;
    conn.run_ok(
        &format!(
            "UID STORE {uid}{condition} {sign}FLAGS {}",
            flags::wire_list(set)
        ),
        |r| {
            if let Some(f) = Fetched::from_response(r)
                && f.uid == Some(uid)
                && let Some(flags) = f.flags
            {
                after = Some((flags, f.modseq.unwrap_or(0)));
            }
            Ok(())
        },
    )
    .await?;
    Ok(after)
}

async fn current_flags(
    conn: &mut Connection,
    uid: u32,
) -> Result<Option<(BTreeSet<String>, u64)>, MailError> {
    let items = if conn.condstore() {
        "(UID FLAGS MODSEQ)"
    } else {
        "(UID FLAGS)"
    };
    let mut now = None;
    conn.run_ok(&format!("UID FETCH {uid} {items}"), |r| {
        if let Some(f) = Fetched::from_response(r)
            && f.uid == Some(uid)
            && let Some(flags) = f.flags
        {
            now = Some((flags, f.modseq.unwrap_or(0)));
        }
        Ok(())
    })
    .await?;
    Ok(now)
}

async fn store_flags(
    syncer: &Syncer,
    conn: &mut Connection,
    entry: &JournalEntry,
    uid: u32,
) -> Result<(), MailError> {
    let store = syncer.store();
    let base = match (conn.condstore(), entry.message) {
        (true, Some(row)) => store.modseq(row)?,
        _ => None,
    };
    let mut last = None;
    for (sign, set) in [('+', &entry.change.add), ('-', &entry.change.remove)] {
        if set.is_empty() {
            continue;
        }
        let mut result = store_once(conn, uid, sign, set, base.filter(|m| *m > 0)).await?;
        if result.is_none() {
            // Changed elsewhere since our base (or gone): merge flag by flag.
            match current_flags(conn, uid).await? {
                None => {
                    store.journal_flags_done(entry, uid, None)?;
                    return Ok(());
                }
                Some(now) => {
                    let wanted = Change {
                        add: if sign == '+' {
                            set.clone()
                        } else {
                            BTreeSet::new()
                        },
                        remove: if sign == '-' {
                            set.clone()
                        } else {
                            BTreeSet::new()
                        },
                    };
                    result = if wanted.satisfied_by(&now.0) {
                        Some(now)
                    } else {
                        store_once(conn, uid, sign, set, None).await?
                    };
                }
            }
        }
        if result.is_some() {
            last = result;
        }
    }
    store.journal_flags_done(entry, uid, last.as_ref().map(|(f, m)| (f, *m)))?;
    Ok(())
}

/// MOVE (or COPY + delete) and COPY; `false` when the action was dropped.
async fn transfer(
    syncer: &Syncer,
    conn: &mut Connection,
    folder: &Folder,
    entry: &JournalEntry,
    uid: u32,
    target: &Folder,
) -> Result<bool, MailError> {
    let store = syncer.store();
    if entry.attempted
        && entry.kind == JournalKind::Copy
        && already_in(conn, folder, entry, target).await?
    {
        // The copy went through before a crash; the target's sync adopts it.
        store.journal_transfer_done(entry, uid, None)?;
        return Ok(true);
    }
    store.journal_attempted(entry.id)?;
    let verb = match entry.kind {
        JournalKind::Move if conn.has("MOVE") => "MOVE",
        _ => "COPY",
    };
    let mut copy_uid = None;
    let done = conn
        .run(&format!("UID {verb} {uid} {}", quote(&target.name)), |r| {
            if let Response::Data {
                status: Status::Ok,
                outcome,
            } = r
                && let Some(ResponseCode::CopyUid(_, from, to)) = &outcome.code
            {
                copy_uid = pair(from, to, uid);
            }
            Ok(())
        })
        .await?;
    if done.status != crate::imap::Outcome::Ok {
        store.journal_drop(entry, &format!("the server refused: {}", done.text))?;
        return Ok(false);
    }
    if copy_uid.is_none()
        && let Some((_, from, to)) = &done.copy_uid
    {
        copy_uid = from
            .iter()
            .position(|u| *u == uid)
            .and_then(|i| to.get(i).copied());
    }
    if entry.kind == JournalKind::Move && verb == "COPY" {
        conn.run_ok(
            &format!("UID STORE {uid} +FLAGS.SILENT (\\Deleted)"),
            |_| Ok(()),
        )
        .await?;
        expunge(conn, uid).await?;
    }
    store.journal_transfer_done(entry, uid, copy_uid)?;
    Ok(true)
}

fn pair(
    from: &[imap_proto::rfc4315::UidSetMember],
    to: &[imap_proto::rfc4315::UidSetMember],
    uid: u32,
) -> Option<u32> {
    let flat = |set: &[imap_proto::rfc4315::UidSetMember]| -> Vec<u32> {
        let mut out = Vec::new();
        for m in set {
            match m {
                imap_proto::rfc4315::UidSetMember::Uid(u) => out.push(*u),
                imap_proto::rfc4315::UidSetMember::UidRange(r)
                    if r.end() - r.start() < 1_000_000 =>
                {
                    out.extend(r.clone())
                }
                imap_proto::rfc4315::UidSetMember::UidRange(_) => {}
            }
        }
        out
    };
    let (from, to) = (flat(from), flat(to));
    from.iter()
        .position(|u| *u == uid)
        .and_then(|i| to.get(i).copied())
}

/// Whether a message with the entry's Message-ID is in `target` already; reselects
/// the source folder afterwards.
async fn already_in(
    conn: &mut Connection,
    source: &Folder,
    entry: &JournalEntry,
    target: &Folder,
) -> Result<bool, MailError> {
    let Some(message_id) = &entry.message_id else {
        return Ok(false);
    };
    conn.run_ok(&format!("EXAMINE {}", quote(&target.name)), |_| Ok(()))
        .await?;
    let mut found = false;
    conn.run_ok(
        &format!(
            "UID SEARCH HEADER Message-ID {}",
            quote(&format!("<{message_id}>"))
        ),
        |r| {
            if let Response::MailboxData(MailboxDatum::Search(list)) = r {
                found |= !list.is_empty();
            }
            Ok(())
        },
    )
    .await?;
    conn.run_ok(&format!("SELECT {}", quote(&source.name)), |_| Ok(()))
        .await?;
    Ok(found)
}

/// UID EXPUNGE where offered (only this message); plain EXPUNGE otherwise.
async fn expunge(conn: &mut Connection, uid: u32) -> Result<(), MailError> {
    if conn.has("UIDPLUS") {
        conn.run_ok(&format!("UID EXPUNGE {uid}"), |_| Ok(()))
            .await?;
    } else {
        conn.run_ok("EXPUNGE", |_| Ok(())).await?;
    }
    Ok(())
}
