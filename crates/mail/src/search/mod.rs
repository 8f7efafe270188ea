//! Full-text search over the local store (FTS5), newest first, with snippets; and the
//! list of folders where the server must be asked because bodies are not local yet.

pub mod index;
pub mod query;

use crate::MailError;
use crate::store::messages_sql::{SUMMARY_COLUMNS, summary_row};
use crate::store::{FTS_ID_MASK, MailStore, SearchHit, SnippetPart, fts_key};
use query::{Query, Term};
use rusqlite::types::Value;

/// Highlight markers inside SQLite's snippet(); control characters never occur in
/// indexed text (the envelope strips them, the tokenizer separates on them).
const HIT_START: char = '\u{2}';
const HIT_END: char = '\u{3}';

/// Messages indexed per transaction when the index catches up after a pass. Up to four
/// batches of parsed text are in flight (read, queued, written): with 2,000 the full
/// sync's peak RSS was 247 MiB, with 1,000 198 MiB, in the same time.
pub const INDEX_BATCH: usize = 1000;

/// How many waiting messages a search indexes before it looks: the newest (about a
/// third of a second when their bodies are local). Folders with more waiting are left
/// to the server's search, as are those whose bodies are not local, so a search in the
/// middle of a large first sync answers at once instead of indexing everything first.
pub const SEARCH_CATCH_UP: usize = 2000;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SearchResult {
    pub hits: Vec<SearchHit>,
    /// Folders in scope with messages whose bodies are not local: their text was not
    /// searched here (ask the server with `Syncer::search_server`).
    pub incomplete_folders: Vec<i64>,
    pub query: Query,
}

impl MailStore {
    pub fn search(&self, input: &str, limit: usize) -> Result<SearchResult, MailError> {
        let query = Query::parse(input).map_err(|e| MailError::InvalidInput { reason: e.0 })?;
        let mut filters = vec!["f.account = ?".to_string(), "m.hidden = 0".to_string()];
        let mut values: Vec<Value> = vec![Value::Text(self.account().to_string())];
        let mut folder_scope = None;
        let mut fts_bounds: Vec<String> = Vec::new();
        for term in &query.terms {
            match term {
                Term::HasAttachment => filters.push("m.has_attachment = 1".into()),
                Term::Unread => filters.push("m.seen = 0".into()),
                Term::Read => filters.push("m.seen = 1".into()),
                Term::Flagged => filters.push("m.flagged = 1".into()),
                Term::Before(t) => {
                    filters.push("m.date < ?".into());
                    values.push(Value::Integer(*t));
                    // The same bound on the FTS key lets FTS5 seek instead of walking
                    // every newer match.
                    fts_bounds.push(format!("mail_fts.rowid < {}", fts_key(*t, 0)));
                }
                Term::After(t) => {
                    filters.push("m.date >= ?".into());
                    values.push(Value::Integer(*t));
                    fts_bounds.push(format!("mail_fts.rowid >= {}", fts_key(*t, 0)));
                }
                Term::Folder(name) => {
                    let folder = self.find_folder(name)?;
                    filters.push("m.folder_id = ?".into());
                    values.push(Value::Integer(folder.id));
                    folder_scope = Some(folder.id);
                }
                Term::Text(_) | Term::From(_) | Term::To(_) | Term::Subject(_) => {}
            }
        }
        let fts = query.fts();
        if fts.is_some() {
            // What was stored since the last pass ended is searchable too (usually
            // nothing, one indexed look); the rest of a large backlog is for the server.
            self.index_pending(SEARCH_CATCH_UP)?;
        }
        let sql = match &fts {
            Some(expression) => {
                values.insert(0, Value::Text(expression.clone()));
                // FTS rowids are keyed newest first (`fts_key`): the full-text index
                // drives (CROSS JOIN keeps SQLite from probing it once per message,
                // which is far slower) and the walk stops after `limit` hits.
                filters.extend(fts_bounds);
                format!(
                    "{SUMMARY_COLUMNS}, f.display, snippet(mail_fts, -1, char(2), char(3), '…', 12)
                     FROM mail_fts CROSS JOIN mail_messages m ON m.id = (mail_fts.rowid & {FTS_ID_MASK})
                     JOIN mail_folders f ON f.id = m.folder_id
                     WHERE mail_fts MATCH ? AND {} ORDER BY mail_fts.rowid DESC LIMIT {limit}",
                    filters.join(" AND ")
                )
            }
            // Messages first (CROSS JOIN): SQLite walks the `(date, id)` index newest
            // first and stops after `limit` hits instead of sorting a whole folder.
            None => format!(
                "{SUMMARY_COLUMNS}, f.display, '' FROM mail_messages m
                 CROSS JOIN mail_folders f ON f.id = m.folder_id
                 WHERE {} ORDER BY m.date DESC, m.id DESC LIMIT {limit}",
                filters.join(" AND ")
            ),
        };
        let hits = self.db().with_conn(|conn| {
            let mut stmt = conn.prepare(&sql)?;
            let rows = stmt
                .query_map(rusqlite::params_from_iter(values.iter()), |r| {
                    Ok(SearchHit {
                        message: summary_row(r)?,
                        folder: r.get(15)?,
                        snippet: snippet(&r.get::<_, String>(16)?),
                        from_server: false,
                    })
                })?
                .collect::<Result<Vec<_>, _>>()?;
            Ok::<_, MailError>(rows)
        })?;
        let incomplete_folders = if query.text().is_some() {
            self.folders_not_searched_here(folder_scope)?
        } else {
            Vec::new()
        };
        Ok(SearchResult {
            hits,
            incomplete_folders,
            query,
        })
    }

    /// Adds the messages a server search found (local ids) that the local search did
    /// not, marked as such, keeping newest first.
    pub fn merge_server_hits(
        &self,
        result: &mut SearchResult,
        ids: &[i64],
    ) -> Result<(), MailError> {
        for &id in ids {
            if result.hits.iter().any(|h| h.message.id == id) {
                continue;
            }
            let message = self.summary(id)?;
            let folder = self.folder(message.folder_id)?.display;
            result.hits.push(SearchHit {
                message,
                folder,
                snippet: Vec::new(),
                from_server: true,
            });
        }
        result.hits.sort_by(|a, b| {
            b.message
                .date
                .cmp(&a.message.date)
                .then(b.message.id.cmp(&a.message.id))
        });
        Ok(())
    }

    /// Folders in scope whose text the local index does not cover yet: bodies still on
    /// the server, or messages waiting for their entry.
    fn folders_not_searched_here(&self, only: Option<i64>) -> Result<Vec<i64>, MailError> {
        self.db().with_conn(|conn| {
            // INDEXED BY: left to itself the planner joins the account's folders first
            // and walks every message of each (40 ms on 100,000), while the partial
            // indexes hold only the messages without a body and those waiting for their
            // entry — none once everything is local and indexed.
            const SCOPE: &str = "m.uid IS NOT NULL AND m.hidden = 0
                AND m.folder_id IN (SELECT id FROM mail_folders WHERE account = ?1)
                AND (?2 IS NULL OR m.folder_id = ?2)";
            let mut stmt = conn.prepare_cached(&format!(
                "SELECT m.folder_id FROM mail_messages m INDEXED BY mail_messages_missing_body
                 WHERE m.body_state = 0 AND {SCOPE}
                 UNION
                 SELECT m.folder_id FROM mail_messages m INDEXED BY mail_messages_unindexed
                 WHERE m.unindexed = 1 AND {SCOPE}"
            ))?;
            let ids = stmt
                .query_map(rusqlite::params![self.account(), only], |r| r.get(0))?
                .collect::<Result<Vec<i64>, _>>()?;
            Ok(ids)
        })
    }

    /// Rebuilds the full-text index from the stored messages (after a repair, and what
    /// the benchmark times against `notmuch new`).
    pub fn reindex(&self) -> Result<usize, MailError> {
        let ids: Vec<i64> = self.db().with_conn(|conn| {
            let mut stmt = conn.prepare(
                // In the index's key order: FTS5 starts a new segment whenever a key is
                // below the previous one.
                "SELECT m.id FROM mail_messages m JOIN mail_folders f ON f.id = m.folder_id
                 WHERE f.account = ?1 ORDER BY m.date, m.id",
            )?;
            let ids = stmt
                .query_map([self.account()], |r| r.get(0))?
                .collect::<Result<Vec<_>, _>>()?;
            Ok::<_, MailError>(ids)
        })?;
        let files = self.body_files();
        let files = files.as_deref();
        for chunk in ids.chunks(1000) {
            self.db().transaction(|tx| {
                for &id in chunk {
                    crate::store::reindex_row(tx, files, id)?;
                }
                Ok::<_, MailError>(())
            })?;
        }
        Ok(ids.len())
    }
}

fn snippet(raw: &str) -> Vec<SnippetPart> {
    let mut parts = Vec::new();
    let mut hit = false;
    let mut text = String::new();
    for c in raw.chars() {
        if c == HIT_START || c == HIT_END {
            if !text.is_empty() {
                parts.push(SnippetPart {
                    text: std::mem::take(&mut text),
                    hit,
                });
            }
            hit = c == HIT_START;
        } else {
            text.push(c);
        }
    }
    if !text.is_empty() {
        parts.push(SnippetPart { text, hit });
    }
    parts
}

#[cfg(test)]
mod tests {
    #[test]
    fn splits_snippets_at_the_markers() {
        let parts = super::snippet("Hallo \u{2}Müller\u{3}, anbei");
        assert_eq!(parts.len(), 3);
        assert!(parts[1].hit && parts[1].text == "Müller");
        assert!(!parts[0].hit && !parts[2].hit);
    }
}
