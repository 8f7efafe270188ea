//! The desktop reader over the workplace, against the harness: a message's remote
//! images are not requested while blocked (counted at the harness's web server);
//! allowing them for one sender loads that sender's images, through `werkbank-net`
//! and the internal scheme, and nobody else's. Inline `cid:` images, the document's
//! CSP, attachments saved under safe names, and address suggestions from the mail.

#![allow(clippy::unwrap_used)]

mod common;

use common::{alice, workplace, workplace_with_policy};
use werkbank_harness::{Harness, User};
use werkbank_workplace::{AddAccount, RemoteAllowance};

/// A 1×1 PNG.
const PNG: &[u8] = &[
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52,
    0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1f, 0x15, 0xc4,
    0x89, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9c, 0x63, 0xf8, 0xcf, 0xc0, 0xf0,
    0x1f, 0x00, 0x05, 0x00, 0x01, 0xff, 0x89, 0x99, 0x3d, 0x1d, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45,
    0x4e, 0x44, 0xae, 0x42, 0x60, 0x82,
];

fn html_message(from: &str, subject: &str, html: &str) -> Vec<u8> {
    let id = werkbank_harness::mail::unique_id();
    format!(
        "From: {from}\r\nTo: alice@example.test\r\nSubject: {subject}\r\nMessage-ID: <{id}@example.test>\r\n\
         Date: Mon, 23 Nov 2026 09:00:00 +0100\r\nMIME-Version: 1.0\r\n\
         Content-Type: multipart/mixed; boundary=\"b1\"\r\n\r\n\
         --b1\r\nContent-Type: multipart/related; boundary=\"b2\"\r\n\r\n\
         --b2\r\nContent-Type: text/html; charset=utf-8\r\n\r\n{html}\r\n\
         --b2\r\nContent-Type: image/png\r\nContent-ID: <logo@example.test>\r\nContent-Transfer-Encoding: base64\r\n\r\n{png}\r\n\
         --b2--\r\n\
         --b1\r\nContent-Type: application/pdf\r\nContent-Disposition: attachment; filename=\"../../Bericht 2026.pdf\"\r\n\
         Content-Transfer-Encoding: base64\r\n\r\nJVBERi0xLjQK\r\n--b1--\r\n",
        png = base64(PNG),
    )
    .into_bytes()
}

fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, b)| n | (u32::from(*b) << (16 - 8 * i)));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// Lines of the harness web server's access log naming `path`, after `offset` bytes.
fn requests(offset: usize, path: &str) -> usize {
    let log = Harness::get().log("HARNESS_APACHE_ACCESS_LOG");
    log.get(offset..)
        .unwrap_or_default()
        .lines()
        .filter(|l| l.contains(path))
        .count()
}

/// Apache logs a request once its response went out: wait (up to 10 s) for `path`.
async fn wait_for_request(offset: usize, path: &str) -> usize {
    for _ in 0..100 {
        let n = requests(offset, path);
        if n > 0 {
            return n;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    0
}

#[tokio::test]
async fn remote_images_load_only_once_allowed_for_their_sender_and_only_through_net() {
    let h = Harness::get();
    let unique = werkbank_harness::mail::unique_id().replace('.', "-");
    let web = h
        .dir()
        .join("apache/www/example")
        .join(format!("wb-{unique}"));
    std::fs::create_dir_all(&web).unwrap();
    for name in ["news.png", "pixel.png", "other.png"] {
        std::fs::write(web.join(name), PNG).unwrap();
    }
    let base = format!("https://example.test/wb-{unique}");
    let folder = format!("reader-{unique}");
    let mut session = werkbank_harness::mail::imap(User::Alice).await.unwrap();
    session.create(&folder).await.unwrap();
    let newsletter = html_message(
        "Stadtwerke Newsletter <news@stadtwerke.example.test>",
        "Newsletter November",
        &format!(
            "<p>Hallo</p><img src=\"cid:logo@example.test\" alt=\"Logo\">\
             <img src=\"{base}/news.png\" width=\"300\" height=\"100\" alt=\"Bild\">\
             <img src=\"{base}/pixel.png\" width=\"1\" height=\"1\">\
             <a href=\"https://evil.example/login\">https://bank.example/</a>"
        ),
    );
    let other = html_message(
        "Carla Fremd <carla@elsewhere.example.test>",
        "Fotos",
        &format!("<p>Fotos</p><img src=\"{base}/other.png\">"),
    );
    session
        .append(&folder, None, None, &newsletter)
        .await
        .unwrap();
    session.append(&folder, None, None, &other).await.unwrap();
    session.logout().await.unwrap();

    let dir = tempfile::tempdir().unwrap();
    let wp = workplace(dir.path());
    let account = alice(dir.path());
    wp.account_add(AddAccount {
        account: account.clone(),
        password: None,
    })
    .unwrap();
    let account = wp.mail_account(Some("work")).unwrap();
    let syncer = wp.mail_syncer(&account).await.unwrap();
    syncer
        .sync(&werkbank_mail::SyncOptions {
            folders: vec![folder.clone()],
            ..werkbank_mail::SyncOptions::default()
        })
        .await
        .unwrap();
    let folders = wp.mail_folders("work").unwrap();
    let ours = folders.iter().find(|f| f.display == folder).unwrap();
    let list = wp.mail_list("work", ours.id, 0, 10).unwrap();
    let id_of = |subject: &str| list.iter().find(|m| m.subject == subject).unwrap().id;
    let (news, fotos) = (id_of("Newsletter November"), id_of("Fotos"));
    let log_start = h.log("HARNESS_APACHE_ACCESS_LOG").len();

    // Blocked by default: nothing in the document points outside the internal scheme.
    let view = wp.mail_render("work", news).await.unwrap();
    assert_eq!(view.remote.allowed_by, None);
    assert_eq!((view.remote.resources, view.remote.trackers), (2, 1));
    assert_eq!(view.remote.sender, "news@stadtwerke.example.test");
    assert!(view.message.links[0].deceptive);
    let document = wp.mail_reader_resource(&view.document_url).await.unwrap();
    let csp = document.csp.clone().unwrap();
    assert!(csp.starts_with("default-src 'none'"), "{csp}");
    let html = String::from_utf8(document.bytes).unwrap();
    assert!(!html.contains(&base), "{html}");
    assert!(!html.contains("<script"));
    assert!(
        wp.mail_reader_resource(&view.document_url.replace("/document", "/remote/0"))
            .await
            .is_err(),
        "a remote image is refused while blocked"
    );
    // The inline image comes from the message itself.
    let inline = &view.message.inline_images[0];
    let logo = wp.mail_reader_resource(&inline.url).await.unwrap();
    assert_eq!(
        (logo.bytes.as_slice(), logo.content_type.as_str()),
        (PNG, "image/png")
    );

    // Allowed for this sender: the document asks the internal scheme, which fetches.
    let view = wp
        .mail_allow_remote("work", news, RemoteAllowance::Sender)
        .await
        .unwrap();
    assert_eq!(view.remote.allowed_by, Some(RemoteAllowance::Sender));
    let html = String::from_utf8(
        wp.mail_reader_resource(&view.document_url)
            .await
            .unwrap()
            .bytes,
    )
    .unwrap();
    assert!(html.contains("/remote/0"), "{html}");
    assert!(!html.contains(&base));
    let image = wp
        .mail_reader_resource(&view.document_url.replace("/document", "/remote/0"))
        .await
        .unwrap();
    assert_eq!(image.bytes, PNG);
    assert_eq!(
        wait_for_request(log_start, &format!("wb-{unique}/news.png")).await,
        1
    );
    // Log lines are in order: what was logged before it is all there was.
    assert_eq!(
        requests(log_start, &format!("wb-{unique}/pixel.png")),
        0,
        "the pixel only once asked"
    );

    // Another sender stays blocked.
    let view = wp.mail_render("work", fotos).await.unwrap();
    assert_eq!(view.remote.allowed_by, None);
    assert!(
        wp.mail_reader_resource(&view.document_url.replace("/document", "/remote/0"))
            .await
            .is_err()
    );
    // A marker request after everything: once it is logged, nothing else came.
    let marker = format!("{base}/marker-{unique}");
    let _ = std::process::Command::new("curl")
        .args(["-s", "-o", "/dev/null", "--cacert"])
        .arg(h.ca_cert())
        .arg(&marker)
        .status();
    assert_eq!(
        wait_for_request(log_start, &format!("marker-{unique}")).await,
        1
    );
    assert_eq!(requests(log_start, &format!("wb-{unique}/other.png")), 0);
    assert_eq!(
        requests(log_start, &format!("wb-{unique}/")),
        2,
        "news.png and the marker only"
    );
    // … and the sender's choice holds for the next workplace (it is stored).
    drop(wp);
    let wp = workplace(dir.path());
    let view = wp.mail_render("work", news).await.unwrap();
    assert_eq!(view.remote.allowed_by, Some(RemoteAllowance::Sender));
    // For one message only: that message, until the app quits.
    let view = wp
        .mail_allow_remote("work", fotos, RemoteAllowance::Message)
        .await
        .unwrap();
    assert_eq!(view.remote.allowed_by, Some(RemoteAllowance::Message));
    drop(wp);
    let wp = workplace(dir.path());
    assert_eq!(
        wp.mail_render("work", fotos)
            .await
            .unwrap()
            .remote
            .allowed_by,
        None
    );

    // The attachment is saved under a safe name, into the chosen folder only.
    let attachment = &wp
        .mail_render("work", news)
        .await
        .unwrap()
        .message
        .attachments[0];
    let target = tempfile::tempdir().unwrap();
    let saved = wp
        .mail_attachment_save("work", news, &attachment.part_id, target.path())
        .await
        .unwrap();
    assert_eq!(saved.parent().unwrap(), target.path());
    assert!(!saved.file_name().unwrap().to_string_lossy().contains('/'));
    assert_eq!(std::fs::read(&saved).unwrap(), b"%PDF-1.4\n");

    // Autocomplete knows the senders.
    let suggested = wp.mail_suggest("work", "carl", 5).unwrap();
    assert_eq!(suggested[0].email, "carla@elsewhere.example.test");
    assert_eq!(suggested[0].name, "Carla Fremd");
    let _ = std::fs::remove_dir_all(&web);
}

#[tokio::test]
async fn a_locked_block_refuses_exceptions() {
    let dir = tempfile::tempdir().unwrap();
    let wp = workplace_with_policy(
        dir.path(),
        "[settings]\n\"mail.remote_content\" = { value = \"block\", locked = true }\n",
    );
    let folder = format!(
        "locked-{}",
        werkbank_harness::mail::unique_id().replace('.', "-")
    );
    let mut session = werkbank_harness::mail::imap(User::Alice).await.unwrap();
    session.create(&folder).await.unwrap();
    let raw = html_message(
        "Presse <presse@example.test>",
        "Pressespiegel",
        "<img src=\"https://example.test/none.png\">",
    );
    session.append(&folder, None, None, &raw).await.unwrap();
    session.logout().await.unwrap();
    wp.account_add(AddAccount {
        account: alice(dir.path()),
        password: None,
    })
    .unwrap();
    let account = wp.mail_account(Some("work")).unwrap();
    wp.mail_syncer(&account)
        .await
        .unwrap()
        .sync(&werkbank_mail::SyncOptions {
            folders: vec![folder.clone()],
            ..werkbank_mail::SyncOptions::default()
        })
        .await
        .unwrap();
    let ours = wp
        .mail_folders("work")
        .unwrap()
        .into_iter()
        .find(|f| f.display == folder)
        .unwrap();
    let id = wp.mail_list("work", ours.id, 0, 10).unwrap()[0].id;
    let view = wp.mail_render("work", id).await.unwrap();
    assert!(view.remote.locked);
    let error = wp
        .mail_allow_remote("work", id, RemoteAllowance::Sender)
        .await
        .unwrap_err();
    assert_eq!(error.code, werkbank_account::ErrorCode::SettingLocked);
}
