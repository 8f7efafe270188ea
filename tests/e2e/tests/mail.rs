//! Mail in the real app (WebKitGTK under tauri-driver) against the harness.
//!
//! Reading: a hostile message (scripts, event handlers, `javascript:` links, frames,
//! external CSS, meta refresh, forms, remote images) renders in the sandboxed frame; its
//! JavaScript canaries never fire and the harness's web server sees no request while
//! remote content is blocked; "always for this sender" then loads that sender's image
//! (through `werkbank-net` and the internal scheme) and nothing else.
//!
//! Writing: alice writes to bob in the composer; bob receives exactly one copy, and
//! alice's Sent holds exactly one. A draft begun elsewhere is continued from Drafts and
//! sent: bob gets it once with both parts, and it leaves Drafts. Screenshots go to
//! `target/e2e-screenshots/`.

#![allow(clippy::unwrap_used)] // test helpers outside #[test] fns unwrap too

use serde_json::json;
use std::path::PathBuf;
use std::time::Duration;
use werkbank_e2e::{Desktop, Session};
use werkbank_harness::{Harness, User};

const WAIT: Duration = Duration::from_secs(90);

fn screenshots() -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../target")));
    target.join("e2e-screenshots")
}

async fn shot(session: &Session, name: &str) {
    // Let the page paint what was just typed or opened.
    tokio::time::sleep(Duration::from_millis(500)).await;
    session
        .screenshot(&screenshots().join(format!("{name}.png")))
        .await
        .unwrap();
}

fn tempdir() -> PathBuf {
    let dir = std::env::temp_dir().join(format!("werkbank-e2e-mail-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// A 1×1 PNG.
const PNG: &[u8] = &[
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52,
    0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1f, 0x15, 0xc4,
    0x89, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9c, 0x63, 0xf8, 0xcf, 0xc0, 0xf0,
    0x1f, 0x00, 0x05, 0x00, 0x01, 0xff, 0x89, 0x99, 0x3d, 0x1d, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45,
    0x4e, 0x44, 0xae, 0x42, 0x60, 0x82,
];

/// Every way a message could try to run code or reach the network. Each canary posts
/// to the app's window (a script that ran could) and requests a `canary-` URL (so a
/// script that ran is seen at the web server even if posting failed).
fn hostile_html(base: &str) -> String {
    let fire = |name: &str| {
        format!("top.postMessage('canary-{name}','*');new Image().src='{base}/canary-{name}.png'")
    };
    format!(
        "<html><head>\
         <link rel=\"stylesheet\" href=\"{base}/style.css\">\
         <meta http-equiv=\"refresh\" content=\"0;url={base}/refresh\">\
         <style>@import url('{base}/import.css'); body {{ background: url('{base}/bg.png') }}</style>\
         <script>{script}</script></head>\
         <body onload=\"{onload}\">\
         <h1>Hostile test</h1>\
         <p>Sehr geehrte Frau Example, anbei die Unterlagen.</p>\
         <img src=\"x\" onerror=\"{onerror}\">\
         <svg><script>{svg}</script></svg>\
         <a href=\"javascript:{href}\">Klick</a>\
         <iframe src=\"{base}/frame.html\"></iframe>\
         <object data=\"{base}/object\"></object>\
         <form action=\"{base}/form\"><input name=\"q\" value=\"x\"></form>\
         <video poster=\"{base}/poster.png\"></video>\
         <div style=\"background-image:url({base}/div.png)\">Hintergrund</div>\
         <img src=\"{base}/remote.png\" width=\"120\" height=\"40\" alt=\"Bild\">\
         </body></html>",
        script = fire("script"),
        onload = fire("onload"),
        onerror = fire("onerror"),
        svg = fire("svg"),
        href = fire("href"),
    )
}

fn html_message(from: &str, subject: &str, html: &str) -> Vec<u8> {
    let id = werkbank_harness::mail::unique_id();
    format!(
        "From: {from}\r\nTo: Alice <alice@example.test>\r\nSubject: {subject}\r\n\
         Message-ID: <{id}@example.test>\r\nDate: Mon, 23 Nov 2026 09:00:00 +0100\r\n\
         MIME-Version: 1.0\r\nContent-Type: text/html; charset=utf-8\r\n\r\n{html}\r\n"
    )
    .into_bytes()
}

/// How many messages in `user`'s `folder` contain `needle`.
async fn count(user: User, folder: &str, needle: &str) -> usize {
    let mut session = werkbank_harness::mail::imap(user).await.unwrap();
    let n = werkbank_harness::mail::fetch_all(&mut session, folder)
        .await
        .unwrap()
        .iter()
        .filter(|m| String::from_utf8_lossy(m).contains(needle))
        .count();
    let _ = session.logout().await;
    n
}

/// Lines of the web server's access log after `offset` that contain `needle`.
fn requests(offset: usize, needle: &str) -> Vec<String> {
    let log = Harness::get().log("HARNESS_APACHE_ACCESS_LOG");
    log.get(offset..)
        .unwrap_or_default()
        .lines()
        .filter(|l| l.contains(needle))
        .map(str::to_string)
        .collect()
}

async fn wait_for_request(offset: usize, needle: &str) -> Vec<String> {
    for _ in 0..300 {
        let found = requests(offset, needle);
        if !found.is_empty() {
            return found;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    Vec::new()
}

/// Opens the message with `subject` through the search field.
async fn open_message(app: &Session, subject: &str) {
    let search = app.wait_for("#mail-search", WAIT).await.unwrap();
    let token = subject.split(' ').next_back().unwrap();
    // U+E007 is WebDriver's Enter key: the form submits as when a person presses it.
    app.type_into(&search, &format!("{token}\u{E007}"))
        .await
        .unwrap();
    // The search ran: the results offer "clear search".
    app.wait_for("[data-action=clear-search]", WAIT)
        .await
        .unwrap();
    let deadline = tokio::time::Instant::now() + WAIT;
    loop {
        let clicked = app
            .execute(
                "const row = [...document.querySelectorAll('[role=option]')]\
                   .find((r) => r.textContent.includes(arguments[0]));\
                 if (row) row.click();\
                 return !!row;",
                json!([subject]),
            )
            .await
            .unwrap();
        if clicked == json!(true) {
            break;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "{subject} never appeared in the list"
        );
        tokio::time::sleep(Duration::from_millis(300)).await;
    }
    app.wait_for_text(subject, WAIT).await.unwrap();
}

async fn click_action(app: &Session, action: &str) {
    let button = app
        .wait_for(&format!("[data-action={action}]"), WAIT)
        .await
        .unwrap();
    app.click(&button).await.unwrap();
}

#[tokio::test]
async fn hostile_mail_stays_inert_and_offline_and_alice_writes_to_bob() {
    let h = Harness::get();
    // Letters and digits only: one search token.
    let unique = werkbank_harness::mail::unique_id().replace(['.', '-'], "x");
    let dir = tempdir();
    let web = h
        .dir()
        .join("apache/www/example")
        .join(format!("e2e-{unique}"));
    std::fs::create_dir_all(&web).unwrap();
    std::fs::write(web.join("remote.png"), PNG).unwrap();
    let base = format!("https://example.test/e2e-{unique}");

    // The message, delivered before the app starts.
    let subject = format!("Hostile {unique}");
    let raw = html_message(
        "Werbung Example <promo@werbung.example.test>",
        &subject,
        &hostile_html(&base),
    );
    werkbank_harness::mail::deliver("promo@werbung.example.test", &["alice@example.test"], &raw)
        .await
        .unwrap();
    werkbank_harness::mail::wait_for_message(User::Alice, "INBOX", &unique)
        .await
        .unwrap();

    // A draft alice began elsewhere (webmail), waiting in Drafts.
    let draft_subject = format!("Entwurf {unique}");
    let draft_id = format!("draft-{unique}@example.test");
    let draft = format!(
        "From: Alice Example <alice@example.test>\r\nTo: Bob <bob@example.test>\r\n\
         Subject: {draft_subject}\r\nMessage-ID: <{draft_id}>\r\n\
         Date: Mon, 23 Nov 2026 09:30:00 +0100\r\n\r\nErster Teil aus dem Webmail.\r\n"
    );
    let mut imap = werkbank_harness::mail::imap(User::Alice).await.unwrap();
    imap.append("Drafts", Some("(\\Draft \\Seen)"), None, draft.as_bytes())
        .await
        .unwrap();
    imap.logout().await.unwrap();

    // The account comes from the policy; the password from a command.
    let password = dir.join("password");
    std::fs::write(&password, h.password(User::Alice)).unwrap();
    let policy = dir.join("policy.toml");
    std::fs::write(
        &policy,
        format!(
            "version = 1\n\
             [network]\nca_certificates = [\"{ca}\"]\ndns = [\"{dns}\"]\n\
             [[accounts]]\nid = \"work\"\ndisplay_name = \"Alice Example\"\nemail = \"alice@example.test\"\n\
             password_command = \"cat {password}\"\n\
             [accounts.mail]\nimap = \"imaps://mail.example.test:{imap}\"\n\
             smtp = \"submissions://mail.example.test:{smtp}\"\nusername = \"alice@example.test\"\n",
            ca = h.ca_cert().display(),
            dns = h.dns(),
            password = password.display(),
            imap = h.port("HARNESS_IMAPS_PORT"),
            smtp = h.port("HARNESS_SUBMISSIONS_PORT"),
        ),
    )
    .unwrap();
    let env = [
        (
            "WERKBANK_PROFILE",
            dir.join("profile").display().to_string(),
        ),
        ("WERKBANK_POLICY", policy.display().to_string()),
        (
            "DBUS_SESSION_BUS_ADDRESS",
            h.var("DBUS_SESSION_BUS_ADDRESS").to_string(),
        ),
        ("LANG", "en_US.UTF-8".to_string()),
        ("WERKBANK_LOG", "debug".to_string()),
    ];
    let desktop = Desktop::start(&env).await.unwrap();
    let app = desktop.launch().await.unwrap();
    let log_start = h.log("HARNESS_APACHE_ACCESS_LOG").len();

    // Anything the frame could post to the app is recorded; the recorder itself works.
    app.execute(
        "window.__canaries = [];\
         window.addEventListener('message', (e) => window.__canaries.push(String(e.data)));\
         window.postMessage('control', '*');",
        json!([]),
    )
    .await
    .unwrap();
    open_message(&app, &subject).await;
    let frame = app.wait_for("iframe[sandbox]", WAIT).await.unwrap();
    let sandbox = app
        .execute(
            "const f = document.querySelector('iframe[sandbox]');\
             return [f.getAttribute('sandbox'), f.getAttribute('src') || ''];",
            json!([]),
        )
        .await
        .unwrap();
    let sandbox_attr = sandbox[0].as_str().unwrap();
    assert!(!sandbox_attr.contains("allow-scripts"), "{sandbox_attr}");
    assert!(
        !sandbox_attr.contains("allow-same-origin"),
        "{sandbox_attr}"
    );
    assert!(
        sandbox[1]
            .as_str()
            .unwrap()
            .starts_with("werkbank-img://msg/"),
        "{sandbox}"
    );
    let _ = frame;
    app.wait_for("[data-action=remote-sender]", WAIT)
        .await
        .unwrap();
    // Give the frame time to do whatever it would (it loads from the internal scheme).
    tokio::time::sleep(Duration::from_secs(3)).await;
    shot(&app, "mail-01-hostile-blocked").await;
    let canaries = app
        .execute("return window.__canaries", json!([]))
        .await
        .unwrap();
    assert_eq!(
        canaries,
        json!(["control"]),
        "only the control message arrived"
    );

    // Allow remote content for this sender: the image loads through net, once.
    click_action(&app, "remote-sender").await;
    let loaded = wait_for_request(log_start, &format!("e2e-{unique}/remote.png")).await;
    assert_eq!(
        loaded.len(),
        1,
        "the allowed image was requested once: {loaded:?}"
    );
    tokio::time::sleep(Duration::from_secs(2)).await;
    shot(&app, "mail-02-hostile-allowed").await;
    let all = requests(log_start, &format!("e2e-{unique}/"));
    assert_eq!(all.len(), 1, "nothing but the image was requested: {all:?}");
    let canaries = app
        .execute("return window.__canaries", json!([]))
        .await
        .unwrap();
    assert_eq!(canaries, json!(["control"]));

    // Alice writes to bob.
    let sent_subject = format!("Termin {unique}");
    click_action(&app, "compose").await;
    let to = app.wait_for("#compose-to-input", WAIT).await.unwrap();
    app.type_into(&to, "bob@example.test,").await.unwrap();
    let subject_field = app.wait_for("#compose-subject", WAIT).await.unwrap();
    app.type_into(&subject_field, &sent_subject).await.unwrap();
    let body = app.wait_for("#compose-body", WAIT).await.unwrap();
    app.type_into(&body, "Hallo Bob,\nder Termin steht.\n")
        .await
        .unwrap();
    shot(&app, "mail-03-compose").await;
    click_action(&app, "compose-send").await;
    let delivered =
        werkbank_harness::mail::wait_for_message(User::Bob, "INBOX", &sent_subject).await;
    shot(&app, "mail-04-sent").await;
    delivered.unwrap();
    // Sent is filled after the submission: wait for it, then count both.
    let deadline = tokio::time::Instant::now() + WAIT;
    while count(User::Alice, "Sent", &sent_subject).await == 0 {
        assert!(
            tokio::time::Instant::now() < deadline,
            "the Sent copy never appeared"
        );
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
    // A late duplicate would have arrived by now (the outbox flushes at once).
    tokio::time::sleep(Duration::from_secs(3)).await;
    assert_eq!(count(User::Bob, "INBOX", &sent_subject).await, 1);
    assert_eq!(count(User::Alice, "Sent", &sent_subject).await, 1);

    // The draft from Drafts: continue writing, send; it leaves Drafts, bob gets one.
    app.execute(
        "const s = document.querySelector('#mail-search');\
         s.value = ''; s.dispatchEvent(new Event('input', { bubbles: true }));",
        json!([]),
    )
    .await
    .unwrap();
    open_message(&app, &draft_subject).await;
    click_action(&app, "draft-continue").await;
    let body = app.wait_for("#compose-body", WAIT).await.unwrap();
    let subject_value = app
        .execute(
            "return document.querySelector('#compose-subject').value",
            json!([]),
        )
        .await
        .unwrap();
    assert_eq!(subject_value, json!(draft_subject));
    app.type_into(&body, "Zweiter Teil aus Werkbank.")
        .await
        .unwrap();
    shot(&app, "mail-05-draft-continued").await;
    click_action(&app, "compose-send").await;
    let delivered = werkbank_harness::mail::wait_for_message(User::Bob, "INBOX", &draft_id)
        .await
        .unwrap();
    let delivered = String::from_utf8_lossy(&delivered).into_owned();
    assert!(
        delivered.contains("Erster Teil aus dem Webmail."),
        "{delivered}"
    );
    assert!(
        delivered.contains("Zweiter Teil aus Werkbank."),
        "{delivered}"
    );
    let deadline = tokio::time::Instant::now() + WAIT;
    while count(User::Alice, "Drafts", &draft_id).await > 0 {
        assert!(
            tokio::time::Instant::now() < deadline,
            "the draft stayed in Drafts after sending"
        );
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
    tokio::time::sleep(Duration::from_secs(3)).await;
    assert_eq!(count(User::Bob, "INBOX", &draft_id).await, 1);
    assert_eq!(count(User::Alice, "Sent", &draft_id).await, 1);

    app.close().await.unwrap();
    let _ = std::fs::remove_dir_all(&web);
    let _ = std::fs::remove_dir_all(&dir);
}
