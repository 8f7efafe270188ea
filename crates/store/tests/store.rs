//! The store's promises: durable settings on open, per-module migrations, damage
//! detection and FTS5 with diacritic folding.

use rusqlite::OptionalExtension;
use werkbank_store::{Migration, Store, StoreError};

const NOTES_V1: Migration = Migration {
    version: 1,
    sql: "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL);",
};
const NOTES_V2: Migration = Migration {
    version: 2,
    sql: "ALTER TABLE notes ADD COLUMN title TEXT;",
};

fn temp_store() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = Store::open(dir.path().join("werkbank.sqlite3")).expect("opened");
    (dir, store)
}

fn pragma<T: rusqlite::types::FromSql>(store: &Store, name: &str) -> T {
    store
        .with_conn(|c| c.pragma_query_value(None, name, |row| row.get(0)))
        .expect("pragma")
}

fn table_exists(store: &Store, name: &str) -> bool {
    store
        .with_conn(|c| {
            c.query_row(
                "SELECT 1 FROM sqlite_schema WHERE name = ?1",
                [name],
                |_| Ok(()),
            )
            .optional()
        })
        .expect("query")
        .is_some()
}

#[test]
fn a_file_store_uses_wal_normal_sync_foreign_keys_and_a_busy_timeout() {
    let (_dir, store) = temp_store();
    assert_eq!(pragma::<String>(&store, "journal_mode"), "wal");
    assert_eq!(pragma::<i64>(&store, "synchronous"), 1, "NORMAL");
    assert_eq!(pragma::<i64>(&store, "foreign_keys"), 1);
    assert_eq!(pragma::<i64>(&store, "busy_timeout"), 5000);
}

#[test]
fn a_new_database_has_16_kib_pages_and_an_existing_one_keeps_its_own() {
    let (dir, store) = temp_store();
    store.migrate("notes", &[NOTES_V1]).unwrap();
    assert_eq!(pragma::<i64>(&store, "page_size"), 16_384);

    let older = dir.path().join("older.sqlite3");
    let conn = rusqlite::Connection::open(&older).unwrap();
    conn.execute_batch("PRAGMA page_size = 4096; PRAGMA journal_mode = WAL; CREATE TABLE t (x);")
        .unwrap();
    drop(conn);
    let store = Store::open(&older).expect("opened");
    store.migrate("notes", &[NOTES_V1]).unwrap();
    assert_eq!(pragma::<i64>(&store, "page_size"), 4096);
    store.integrity_check().unwrap();
}

#[test]
fn committed_pages_reach_the_database_file_without_the_writer_checkpointing() {
    let (dir, store) = temp_store();
    let file = dir.path().join("werkbank.sqlite3");
    store.migrate("notes", &[NOTES_V1]).expect("migrated");
    let before = std::fs::metadata(&file).expect("database file").len();
    // About 300 pages: far below the 1,000 at which the writer would checkpoint by
    // itself, so only the checkpoint thread can bring them into the file.
    store
        .transaction(|tx| {
            for i in 0..300 {
                tx.execute(
                    "INSERT INTO notes (id, body) VALUES (?1, ?2)",
                    rusqlite::params![i, "x".repeat(4000)],
                )?;
            }
            Ok::<_, StoreError>(())
        })
        .expect("committed");
    assert!(
        pragma::<i64>(&store, "wal_autocheckpoint") > 1000,
        "the writer's own checkpoint is only a backstop now"
    );
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while std::fs::metadata(&file).expect("database file").len() < before + 300 * 4000 {
        assert!(
            std::time::Instant::now() < deadline,
            "the committed pages never left the WAL"
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    drop(store);
    // The thread stopped with the store; the data is all there.
    let again = Store::open(&file).expect("reopened");
    let rows: i64 = again
        .with_conn(|c| c.query_row("SELECT COUNT(*) FROM notes", [], |r| r.get(0)))
        .expect("count");
    assert_eq!(rows, 300);
}

#[test]
fn an_in_memory_store_enforces_foreign_keys() {
    let store = Store::open_in_memory().expect("opened");
    let result = store.with_conn(|c| {
        c.execute_batch(
            "CREATE TABLE parent (id INTEGER PRIMARY KEY);
             CREATE TABLE child (parent INTEGER NOT NULL REFERENCES parent(id));
             INSERT INTO child (parent) VALUES (42);",
        )
    });
    assert!(result.is_err(), "a child without its parent is refused");
}

#[test]
fn migrations_are_applied_in_order_and_recorded() {
    let store = Store::open_in_memory().expect("opened");
    let applied = store
        .migrate("notes", &[NOTES_V1, NOTES_V2])
        .expect("migrated");
    assert_eq!(applied, vec![1, 2]);
    assert_eq!(store.schema_version("notes").expect("version"), Some(2));
    let recorded: Vec<(String, u32)> = store
        .with_conn(|c| {
            let mut s = c.prepare("SELECT module, version FROM schema_migrations WHERE applied_at > 0 ORDER BY version")?;
            s.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<Result<Vec<_>, _>>()
        })
        .expect("rows");
    assert_eq!(
        recorded,
        vec![("notes".to_string(), 1), ("notes".to_string(), 2)]
    );
    store
        .with_conn(|c| c.execute("INSERT INTO notes (body, title) VALUES ('b', 't')", []))
        .expect("the v2 column exists");
}

#[test]
fn running_the_same_migrations_again_changes_nothing() {
    let (dir, store) = temp_store();
    store
        .migrate("notes", &[NOTES_V1, NOTES_V2])
        .expect("first run");
    drop(store);
    let store = Store::open(dir.path().join("werkbank.sqlite3")).expect("reopened");
    assert_eq!(
        store
            .migrate("notes", &[NOTES_V1, NOTES_V2])
            .expect("second run"),
        Vec::<u32>::new()
    );
}

#[test]
fn a_later_release_applies_only_its_new_migrations() {
    let store = Store::open_in_memory().expect("opened");
    store.migrate("notes", &[NOTES_V1]).expect("v1");
    assert_eq!(
        store.migrate("notes", &[NOTES_V1, NOTES_V2]).expect("v2"),
        vec![2]
    );
}

#[test]
fn modules_have_independent_schema_versions() {
    let store = Store::open_in_memory().expect("opened");
    store
        .migrate("notes", &[NOTES_V1, NOTES_V2])
        .expect("notes");
    let other = Migration {
        version: 1,
        sql: "CREATE TABLE other (id INTEGER PRIMARY KEY);",
    };
    assert_eq!(store.migrate("other", &[other]).expect("other"), vec![1]);
    assert_eq!(store.schema_version("other").expect("version"), Some(1));
    assert_eq!(store.schema_version("mail").expect("version"), None);
}

#[test]
fn a_database_from_a_newer_release_is_refused() {
    let store = Store::open_in_memory().expect("opened");
    store
        .migrate("notes", &[NOTES_V1, NOTES_V2])
        .expect("newer release");
    let error = store.migrate("notes", &[NOTES_V1]).expect_err("older code");
    assert!(
        matches!(&error, StoreError::TooNew { module, recorded: 2, known: 1 } if module == "notes"),
        "{error:?}"
    );
}

#[test]
fn a_failing_migration_leaves_the_previous_version_intact() {
    let store = Store::open_in_memory().expect("opened");
    store.migrate("notes", &[NOTES_V1]).expect("v1");
    let broken = Migration {
        version: 2,
        sql: "CREATE TABLE half_done (id INTEGER); THIS IS NOT SQL;",
    };
    assert!(store.migrate("notes", &[NOTES_V1, broken]).is_err());
    assert_eq!(store.schema_version("notes").expect("version"), Some(1));
    assert!(
        !table_exists(&store, "half_done"),
        "the migration was rolled back as a whole"
    );
}

#[test]
fn migrations_out_of_order_are_rejected_before_anything_runs() {
    let store = Store::open_in_memory().expect("opened");
    let error = store
        .migrate("notes", &[NOTES_V2, NOTES_V1])
        .expect_err("out of order");
    assert!(
        matches!(error, StoreError::InvalidMigrations { .. }),
        "{error:?}"
    );
    assert!(!table_exists(&store, "notes"));
}

#[test]
fn a_transaction_that_returns_an_error_is_rolled_back() {
    let store = Store::open_in_memory().expect("opened");
    store.migrate("notes", &[NOTES_V1]).expect("v1");
    let result: Result<(), StoreError> = store.transaction(|tx| {
        tx.execute("INSERT INTO notes (body) VALUES ('lost')", [])?;
        Err(StoreError::Corrupt {
            report: "simulated failure".into(),
        })
    });
    assert!(result.is_err());
    let count: i64 = store
        .with_conn(|c| c.query_row("SELECT COUNT(*) FROM notes", [], |r| r.get(0)))
        .expect("count");
    assert_eq!(count, 0);
}

#[test]
fn a_healthy_database_passes_the_integrity_check() {
    let (_dir, store) = temp_store();
    store.migrate("notes", &[NOTES_V1]).expect("v1");
    store.integrity_check().expect("healthy");
}

#[test]
fn a_damaged_index_is_reported_as_corrupt() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("werkbank.sqlite3");
    let (index_page, page_size) = {
        let store = Store::open(&path).expect("opened");
        store
            .with_conn(|c| {
                c.execute_batch(
                    "CREATE TABLE t (a TEXT); CREATE INDEX t_a ON t(a);
                     WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2000)
                     INSERT INTO t SELECT printf('row %d', i) FROM n;",
                )?;
                let page: i64 = c.query_row(
                    "SELECT rootpage FROM sqlite_schema WHERE name = 't_a'",
                    [],
                    |r| r.get(0),
                )?;
                let size: i64 = c.pragma_query_value(None, "page_size", |r| r.get(0))?;
                Ok::<_, rusqlite::Error>((page, size))
            })
            .expect("filled")
        // Dropping the last connection checkpoints the WAL into the main file.
    };
    let mut bytes = std::fs::read(&path).expect("read");
    let start = usize::try_from((index_page - 1) * page_size).expect("offset");
    let size = usize::try_from(page_size).expect("size");
    bytes[start..start + size].fill(0xA5);
    std::fs::write(&path, bytes).expect("damaged");

    let store = Store::open(&path).expect("the header is intact, so it opens");
    let error = store.integrity_check().expect_err("damage found");
    assert!(matches!(error, StoreError::Corrupt { .. }), "{error:?}");
}

#[test]
fn a_file_that_is_not_a_database_is_reported_as_corrupt() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("werkbank.sqlite3");
    std::fs::write(&path, "this is a text file, not SQLite ".repeat(200)).expect("written");
    let error = Store::open(&path).expect_err("refused");
    assert!(matches!(error, StoreError::Corrupt { .. }), "{error:?}");
}

#[test]
fn full_text_search_finds_muller_when_searching_without_the_umlaut() {
    let store = Store::open_in_memory().expect("opened");
    store
        .with_conn(|c| {
            c.execute_batch(
                r#"CREATE VIRTUAL TABLE people USING fts5(name, tokenize = "unicode61 remove_diacritics 2");
                   INSERT INTO people (name) VALUES ('Jürgen Müller'), ('Erika Mustermann');"#,
            )
        })
        .expect("fts5 is compiled in");
    let found: Vec<String> = store
        .with_conn(|c| {
            let mut s = c.prepare("SELECT name FROM people WHERE people MATCH ?1")?;
            s.query_map(["Muller"], |r| r.get(0))?
                .collect::<Result<Vec<_>, _>>()
        })
        .expect("search");
    assert_eq!(found, vec!["Jürgen Müller".to_string()]);
}
