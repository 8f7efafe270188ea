//! A server that drops the connection in the middle of a fetch: the sync fails with a
//! clear error, nothing cut off is stored as complete, and the next sync completes; a
//! second connection of a large download that drops leaves its batch to the first.

#![allow(clippy::unwrap_used)]

mod common;

use common::*;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use werkbank_harness::{Harness, User};
use werkbank_mail::{Bodies, Endpoint, MailError, Security, SyncOptions, Syncer};

/// What the relay does with a chunk the server sent.
enum Pass {
    All,
    /// Passes this many bytes of the chunk on, then cuts the connection.
    CutAfter(usize),
}

/// A TCP relay to Dovecot's IMAPS port (TLS passes through untouched). For each chunk
/// the server sends on connection `index` (0 is the first accepted), `judge(index,
/// relayed, len)` decides, `relayed` being what that connection passed on before.
async fn relay<F, J>(judge: J) -> u16
where
    J: Fn(usize, usize, usize) -> F + Send + Sync + 'static,
    F: Future<Output = Pass> + Send,
{
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let upstream = Harness::get().port("HARNESS_IMAPS_PORT");
    let judge = Arc::new(judge);
    tokio::spawn(async move {
        let mut index = 0;
        while let Ok((mut client, _)) = listener.accept().await {
            let (judge, which) = (judge.clone(), index);
            index += 1;
            tokio::spawn(async move {
                let mut server = tokio::net::TcpStream::connect(("127.0.0.1", upstream))
                    .await
                    .unwrap();
                let (mut cr, mut cw) = client.split();
                let (mut sr, mut sw) = server.split();
                let up = async { tokio::io::copy(&mut cr, &mut sw).await.map(|_| ()) };
                let down = async {
                    let mut buf = vec![0u8; 16 * 1024];
                    let mut relayed = 0usize;
                    loop {
                        let n = sr.read(&mut buf).await?;
                        if n == 0 {
                            return Ok::<_, std::io::Error>(());
                        }
                        if let Pass::CutAfter(keep) = judge(which, relayed, n).await {
                            cw.write_all(&buf[..keep.min(n)]).await?;
                            return Ok(()); // drop: the connection is cut
                        }
                        relayed += n;
                        cw.write_all(&buf[..n]).await?;
                    }
                };
                tokio::select! { _ = up => {}, _ = down => {} }
            });
        }
    });
    port
}

/// A relay that closes both sides once `budget` bytes came from the server, over all
/// connections.
async fn cutting_proxy(budget: usize) -> (u16, Arc<AtomicUsize>) {
    let relayed = Arc::new(AtomicUsize::new(0));
    let counter = relayed.clone();
    let port = relay(move |_, _, n| {
        let before = counter.fetch_add(n, Ordering::SeqCst);
        async move {
            if before + n > budget {
                Pass::CutAfter(budget.saturating_sub(before))
            } else {
                Pass::All
            }
        }
    })
    .await;
    (port, relayed)
}

/// Alice's syncer for `store`, connecting through the relay on `port`.
fn through(store: &werkbank_mail::MailStore, port: u16) -> Syncer {
    Syncer::new(
        store.clone(),
        net(),
        Endpoint {
            host: werkbank_harness::mail::MAIL_HOST.into(),
            port,
            security: Security::Tls,
        },
        &User::Alice.email(),
        Harness::get().password(User::Alice),
    )
}

#[tokio::test]
async fn a_connection_cut_mid_fetch_stores_nothing_half_and_the_next_sync_completes() {
    let name = folder_name("dropped");
    let big = "Zeile mit Inhalt für den Bericht, ausreichend lang. ".repeat(4000); // ~200 KB
    let mids: Vec<String> = (1..=3)
        .map(|i| format!("{name}-{i}@example.test"))
        .collect();
    let messages: Vec<Vec<u8>> = mids
        .iter()
        .enumerate()
        .map(|(i, id)| message(id, &format!("groß {i}"), &big, i as u32))
        .collect();
    seed(User::Alice, &name, &messages).await;

    let f = fixture(User::Alice);
    f.syncer.sync(&only(&[&name])).await.unwrap(); // headers, directly
    // Enough budget for login, LIST and SELECT, not for the bodies.
    let (port, relayed) = cutting_proxy(300_000).await;
    let cut = through(&f.store, port);
    let all = SyncOptions {
        bodies: Bodies::All,
        ..only(&[&name])
    };
    let error = cut.sync(&all).await.unwrap_err();
    assert!(
        relayed.load(Ordering::SeqCst) >= 300_000,
        "the cut happened during the bodies"
    );
    assert!(
        matches!(
            error,
            MailError::ConnectionLost { .. } | MailError::Protocol { .. } | MailError::Net(_)
        ),
        "{error:?}"
    );
    let folder = f.store.find_folder(&name).unwrap();
    let stored: Vec<bool> = f
        .store
        .list(folder.id, 0, 10)
        .unwrap()
        .iter()
        .map(|m| m.body_local)
        .collect();
    assert_eq!(
        stored,
        [false, false, false],
        "no body from the cut batch is stored"
    );
    f.store.db().integrity_check().unwrap();

    let report = f.syncer.sync(&all).await.unwrap();
    assert_eq!(report.bodies, 3);
    for m in f.store.list(folder.id, 0, 10).unwrap() {
        let raw = f.store.raw(m.id).unwrap().unwrap();
        assert!(
            messages.contains(&raw),
            "every stored body is complete and exact"
        );
    }
}

/// What the relay below did to the second connection.
#[derive(Default)]
struct Cut {
    happened: std::sync::atomic::AtomicBool,
    release: tokio::sync::Notify,
}

/// A relay for a download over two connections: the first connection stalls after
/// `pause_at` bytes from the server until the second one was cut after `budget` bytes,
/// so the second has certainly taken a batch when it drops.
async fn stalling_and_cutting_proxy(pause_at: usize, budget: usize) -> (u16, Arc<Cut>) {
    let cut = Arc::new(Cut::default());
    let shared = cut.clone();
    let port = relay(move |which, relayed, n| {
        let cut = shared.clone();
        async move {
            if which == 0 && relayed < pause_at && relayed + n >= pause_at {
                cut.release.notified().await;
            }
            if which == 1 && relayed + n > budget {
                cut.happened.store(true, Ordering::SeqCst);
                cut.release.notify_one();
                return Pass::CutAfter(budget - relayed);
            }
            Pass::All
        }
    })
    .await;
    (port, cut)
}

/// The second connection of a large download drops in the middle of its batch: that
/// batch goes back to the queue, the pass's connection fetches it, and the pass ends
/// with every body stored whole.
#[tokio::test]
async fn a_second_connection_cut_mid_batch_leaves_its_batch_to_the_first() {
    let name = folder_name("halfcut");
    let big = "Zeile mit Inhalt für den Bericht, ausreichend lang. ".repeat(6000); // ~300 KB
    let messages: Vec<Vec<u8>> = (0..60)
        .map(|i| {
            let id = format!("{name}-{i}@example.test");
            message(&id, &format!("groß {i}"), &big, i)
        })
        .collect();
    seed(User::Alice, &name, &messages).await;
    let f = fixture(User::Alice);
    f.syncer.sync(&only(&[&name])).await.unwrap(); // headers, directly

    // 18 MB: two connections, batches of 8 MiB. The first stalls 2 MB into its first
    // batch (after LIST and SELECT, however many folders alice has); the second is cut
    // 1 MB after it connected, inside the batch it took.
    let (port, cut) = stalling_and_cutting_proxy(2_000_000, 1_000_000).await;
    let through_proxy = through(&f.store, port);
    let all = SyncOptions {
        bodies: Bodies::All,
        ..only(&[&name])
    };
    let report = through_proxy.sync(&all).await.unwrap();
    assert!(
        cut.happened.load(Ordering::SeqCst),
        "the second connection was cut"
    );
    assert_eq!(report.bodies, 60);
    assert_bodies_exact(&f.store, &name, &messages, "groß ");
}
