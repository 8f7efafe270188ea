//! The harness self-test: proves every server with a real client before anything else
//! runs (`cargo xtask test` runs this binary first). A failure here means the harness
//! is broken, not Werkbank.

use futures::TryStreamExt;
use serde_json::Value;
use werkbank_harness::User::{Alice, Bob};
use werkbank_harness::mail::Submission;
use werkbank_harness::{Harness, dav, dns, mail, matrix, tls};

#[tokio::test]
async fn submission_with_starttls_and_auth_delivers_to_dovecot_and_imap_reads_it() {
    let token = mail::unique_id();
    let raw = mail::message(
        "alice@example.test",
        "bob@example.test",
        &format!("selftest {token}"),
        "hello bob",
    );
    mail::submit(Alice, &["bob@example.test"], &raw)
        .await
        .expect("submission accepted");
    let got = mail::wait_for_message(Bob, "INBOX", &token)
        .await
        .expect("delivered to bob");
    let text = String::from_utf8_lossy(&got);
    assert!(text.contains("hello bob"), "{text}");
    assert!(
        text.contains("Delivered-To: bob@example.test"),
        "delivered by LMTP: {text}"
    );
}

#[tokio::test]
async fn implicit_tls_submission_also_delivers() {
    let token = mail::unique_id();
    let raw = mail::message(
        "alice@example.test",
        "bob@example.test",
        &format!("wrapped {token}"),
        "x",
    );
    let password = Harness::get().password(Alice).to_string();
    mail::submit_with(
        Submission::ImplicitTls,
        Alice,
        &password,
        &["bob@example.test"],
        &raw,
    )
    .await
    .expect("accepted");
    mail::wait_for_message(Bob, "INBOX", &token)
        .await
        .expect("delivered");
}

#[tokio::test]
async fn submission_offers_auth_only_after_starttls() {
    use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
    let h = Harness::get();
    let stream = tokio::net::TcpStream::connect(("127.0.0.1", h.port("HARNESS_SUBMISSION_PORT")))
        .await
        .unwrap();
    let mut stream = BufReader::new(stream);
    let mut line = String::new();
    stream.read_line(&mut line).await.unwrap();
    assert!(line.starts_with("220"), "{line}");
    stream
        .get_mut()
        .write_all(b"EHLO selftest\r\n")
        .await
        .unwrap();
    let mut ehlo = String::new();
    loop {
        let mut l = String::new();
        stream.read_line(&mut l).await.unwrap();
        ehlo.push_str(&l);
        if l.starts_with("250 ") || l.is_empty() {
            break;
        }
    }
    assert!(ehlo.contains("STARTTLS"), "{ehlo}");
    assert!(
        !ehlo.contains("AUTH"),
        "AUTH must not be offered in plain text: {ehlo}"
    );
}

#[tokio::test]
async fn submission_rejects_a_wrong_password() {
    let raw = mail::message("alice@example.test", "bob@example.test", "nope", "x");
    let err = mail::submit_with(
        Submission::StartTls,
        Alice,
        "wrong-password",
        &["bob@example.test"],
        &raw,
    )
    .await
    .unwrap_err();
    assert!(
        err.contains("535") || err.contains("authentication"),
        "{err}"
    );
}

#[tokio::test]
async fn inbound_smtp_refuses_to_relay_outside_example_test() {
    let raw = mail::message("someone@example.test", "x@elsewhere.invalid", "relay?", "x");
    let err = mail::deliver("someone@example.test", &["x@elsewhere.invalid"], &raw)
        .await
        .unwrap_err();
    assert!(
        err.contains("554") || err.contains("relay") || err.contains("Relay"),
        "{err}"
    );
}

#[tokio::test]
async fn imap_starttls_login_works_and_plain_login_is_refused() {
    use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
    let mut session = mail::imap_starttls(Alice).await.expect("STARTTLS login");
    session.select("INBOX").await.expect("INBOX");
    session.logout().await.unwrap();

    let h = Harness::get();
    let stream = tokio::net::TcpStream::connect(("127.0.0.1", h.port("HARNESS_IMAP_PORT")))
        .await
        .unwrap();
    let mut stream = BufReader::new(stream);
    let mut greeting = String::new();
    stream.read_line(&mut greeting).await.unwrap();
    assert!(
        greeting.contains("LOGINDISABLED") || greeting.contains("STARTTLS"),
        "{greeting}"
    );
    // A wrong password: the server must refuse before even checking it.
    stream
        .get_mut()
        .write_all(b"a1 LOGIN alice@example.test not-the-password\r\n")
        .await
        .unwrap();
    let mut reply = String::new();
    stream.read_line(&mut reply).await.unwrap();
    assert!(
        reply.starts_with("a1 NO") || reply.starts_with("a1 BAD"),
        "{reply}"
    );
}

#[tokio::test]
async fn special_use_folders_exist_and_are_subscribed() {
    let mut session = mail::imap(Alice).await.unwrap();
    let names: Vec<_> = session
        .list(Some(""), Some("*"))
        .await
        .unwrap()
        .try_collect()
        .await
        .unwrap();
    let listed: Vec<String> = names
        .iter()
        .map(|n| format!("{} {:?}", n.name(), n.attributes()))
        .collect();
    for (folder, attribute) in [
        ("Drafts", "Drafts"),
        ("Sent", "Sent"),
        ("Trash", "Trash"),
        ("Junk", "Junk"),
        ("Archive", "Archive"),
    ] {
        assert!(
            listed
                .iter()
                .any(|l| l.starts_with(&format!("{folder} ")) && l.contains(attribute)),
            "{folder} with \\{attribute} in {listed:?}"
        );
    }
    let subscribed: Vec<_> = session
        .lsub(Some(""), Some("*"))
        .await
        .unwrap()
        .try_collect()
        .await
        .unwrap();
    let subscribed: Vec<&str> = subscribed.iter().map(|n| n.name()).collect();
    for folder in ["Drafts", "Sent", "Trash", "Junk", "Archive"] {
        assert!(
            subscribed.contains(&folder),
            "{folder} subscribed: {subscribed:?}"
        );
    }
    session.logout().await.unwrap();
}

#[tokio::test]
async fn managesieve_greets_with_starttls() {
    use tokio::io::{AsyncBufReadExt, BufReader};
    let h = Harness::get();
    let stream = tokio::net::TcpStream::connect(("127.0.0.1", h.port("HARNESS_MANAGESIEVE_PORT")))
        .await
        .unwrap();
    let mut stream = BufReader::new(stream);
    let mut greeting = String::new();
    loop {
        let mut line = String::new();
        stream.read_line(&mut line).await.unwrap();
        greeting.push_str(&line);
        if line.starts_with("OK") || line.is_empty() {
            break;
        }
    }
    assert!(greeting.contains("\"STARTTLS\""), "{greeting}");
    assert!(greeting.contains("\"SIEVE\""), "{greeting}");
}

async fn get(url: &str) -> (u16, String, String) {
    let h = Harness::get();
    let response = tls::http_client(h)
        .get(url)
        .send()
        .await
        .unwrap_or_else(|e| panic!("{url}: {e:?}"));
    let status = response.status().as_u16();
    let location = response
        .headers()
        .get("location")
        .map(|v| v.to_str().unwrap_or_default().to_string())
        .unwrap_or_default();
    (status, location, response.text().await.unwrap_or_default())
}

#[tokio::test]
async fn discovery_documents_answer_over_tls_verified_against_the_test_ca_alone() {
    let h = Harness::get();
    let off = h.without();
    let on = |m: &str| !off.contains(&m);

    for url in [
        "https://autoconfig.example.test/mail/config-v1.1.xml",
        "https://example.test/.well-known/autoconfig/mail/config-v1.1.xml",
    ] {
        let (status, _, body) = get(url).await;
        if on("autoconfig") {
            assert_eq!(status, 200, "{url}");
            assert!(
                body.contains("<clientConfig") && body.contains("mail.example.test"),
                "{body}"
            );
        } else {
            assert_eq!(status, 404, "{url} with autoconfig off");
        }
    }
    for url in [
        "https://example.test/.well-known/caldav",
        "https://example.test/.well-known/carddav",
    ] {
        let (status, location, _) = get(url).await;
        if on("wellknown") {
            assert_eq!(
                (status, location.as_str()),
                (301, "https://dav.example.test/"),
                "{url}"
            );
        } else {
            assert_eq!(status, 404, "{url} with wellknown off");
        }
    }
    let (status, _, body) = get("https://example.test/.well-known/matrix/client").await;
    if on("wellknown") {
        let json: Value = serde_json::from_str(&body).unwrap();
        assert_eq!(
            json["m.homeserver"]["base_url"],
            "https://matrix.example.test"
        );
    } else {
        assert_eq!(status, 404);
    }
    let (status, _, body) = get("https://cloud.example.test/status.php").await;
    if on("nextcloud") {
        let json: Value = serde_json::from_str(&body).unwrap();
        assert_eq!(json["installed"], true);
        assert_eq!(json["productname"], "Nextcloud");
    } else {
        assert_eq!(status, 404);
    }
}

#[tokio::test]
async fn the_servers_are_not_trusted_without_the_test_ca() {
    // The harness never weakens verification: a client without the test CA must fail.
    let client = reqwest::Client::builder().no_proxy().build().unwrap();
    let err = client
        .get("https://example.test/")
        .send()
        .await
        .unwrap_err();
    let chain = format!("{err:?}");
    assert!(
        chain.contains("UnknownIssuer") || chain.contains("certificate"),
        "{chain}"
    );
}

#[tokio::test]
async fn srv_and_txt_records_resolve_through_dnsmasq() {
    let h = Harness::get();
    let expected = [
        (
            "_imaps._tcp.example.test",
            ("mail.example.test", h.port("HARNESS_IMAPS_PORT")),
        ),
        (
            "_imap._tcp.example.test",
            ("mail.example.test", h.port("HARNESS_IMAP_PORT")),
        ),
        (
            "_submissions._tcp.example.test",
            ("mail.example.test", h.port("HARNESS_SUBMISSIONS_PORT")),
        ),
        (
            "_submission._tcp.example.test",
            ("mail.example.test", h.port("HARNESS_SUBMISSION_PORT")),
        ),
        ("_caldavs._tcp.example.test", ("dav.example.test", 443)),
        ("_carddavs._tcp.example.test", ("dav.example.test", 443)),
    ];
    if h.without().contains(&"srv") {
        let resolver = dns::resolver(h);
        assert!(
            resolver
                .srv_lookup("_imaps._tcp.example.test")
                .await
                .is_err()
        );
        return;
    }
    for (name, (host, port)) in expected {
        let records = dns::srv(h, name).await;
        assert_eq!(records, vec![(host.to_string(), port)], "{name}");
    }
    assert_eq!(
        dns::txt(h, "_caldavs._tcp.example.test").await,
        vec!["path=/".to_string()]
    );
    let ips = dns::resolver(h)
        .lookup_ip("mail.example.test")
        .await
        .unwrap();
    assert!(ips.iter().any(|ip| ip.is_loopback()));
}

#[tokio::test]
async fn caldav_put_and_report_round_trip() {
    let calendar = dav::make_calendar(Alice, "selftest-calendar")
        .await
        .unwrap();
    let uid = format!("selftest-{}", mail::unique_id());
    let ics = dav::event(
        &uid,
        "Harness self-test",
        "20261201T100000",
        "20261201T110000",
    );
    dav::put(Alice, &format!("{calendar}{uid}.ics"), "text/calendar", ics)
        .await
        .unwrap();
    let query = r#"<?xml version="1.0" encoding="utf-8"?>
<C:calendar-query xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav">
  <D:prop><D:getetag/><C:calendar-data/></D:prop>
  <C:filter><C:comp-filter name="VCALENDAR"><C:comp-filter name="VEVENT"/></C:comp-filter></C:filter>
</C:calendar-query>"#;
    let reply = dav::request(
        Alice,
        "REPORT",
        &calendar,
        &[("Depth", "1"), ("Content-Type", "application/xml")],
        query,
    )
    .await
    .unwrap();
    assert_eq!(reply.status, 207, "{}", reply.body);
    assert!(reply.body.contains(&format!("UID:{uid}")), "{}", reply.body);
}

#[tokio::test]
async fn carddav_put_and_get_round_trip() {
    let book = dav::make_addressbook(Alice, "selftest-contacts")
        .await
        .unwrap();
    let uid = format!("selftest-{}", mail::unique_id());
    let url = format!("{book}{uid}.vcf");
    dav::put(
        Alice,
        &url,
        "text/vcard",
        dav::contact(&uid, "Erika Mustermann", "erika@example.test"),
    )
    .await
    .unwrap();
    let reply = dav::request(Alice, "GET", &url, &[], Vec::new())
        .await
        .unwrap();
    assert_eq!(reply.status, 200);
    assert!(reply.body.contains("FN:Erika Mustermann"), "{}", reply.body);
    // Radicale's rights: bob cannot read alice's address book.
    let reply = dav::request(Bob, "GET", &url, &[], Vec::new())
        .await
        .unwrap();
    assert_eq!(reply.status, 403);
}

#[tokio::test]
async fn webdav_put_propfind_get_round_trip() {
    let name = format!("selftest-{}.txt", mail::unique_id());
    let url = dav::files_url(Alice, &name);
    dav::put(Alice, &url, "text/plain", "Grüße aus dem Harness")
        .await
        .unwrap();
    let reply = dav::request(
        Alice,
        "PROPFIND",
        &dav::files_url(Alice, ""),
        &[("Depth", "1")],
        Vec::new(),
    )
    .await
    .unwrap();
    assert_eq!(reply.status, 207);
    assert!(reply.body.contains(&name), "{}", reply.body);
    let reply = dav::request(Alice, "GET", &url, &[], Vec::new())
        .await
        .unwrap();
    assert_eq!(
        (reply.status, reply.body.as_str()),
        (200, "Grüße aus dem Harness")
    );
}

#[tokio::test]
async fn a_second_user_cannot_read_the_first_users_files() {
    let url = dav::files_url(Alice, "private.txt");
    dav::put(Alice, &url, "text/plain", "only alice")
        .await
        .unwrap();
    for method in ["GET", "PROPFIND", "PUT", "DELETE"] {
        let reply = dav::request(Bob, method, &url, &[("Depth", "0")], Vec::new())
            .await
            .unwrap();
        assert_eq!(reply.status, 403, "bob {method} on alice's file");
    }
    let reply = dav::request(
        Bob,
        "PROPFIND",
        &dav::files_url(Alice, ""),
        &[("Depth", "1")],
        Vec::new(),
    )
    .await
    .unwrap();
    assert_eq!(reply.status, 403, "bob lists alice's folder");
    let reply = dav::request(Alice, "GET", &url, &[], Vec::new())
        .await
        .unwrap();
    assert_eq!((reply.status, reply.body.as_str()), (200, "only alice"));
}

#[tokio::test]
async fn matrix_login_and_message_round_trip() {
    let alice = matrix::login(Alice).await.expect("alice logs in");
    let bob = matrix::login(Bob).await.expect("bob logs in");
    assert_eq!(alice.user_id, "@alice:example.test");
    let room = alice
        .create_room("selftest", None, &[Bob.matrix_id()])
        .await
        .unwrap();
    bob.join(&room).await.unwrap();
    let text = format!("selftest {}", mail::unique_id());
    alice.send_text(&room, &text).await.unwrap();
    let seen = bob.recent_texts(&room).await.unwrap();
    assert!(seen.contains(&text), "{seen:?}");
    let device = alice.device_id.clone();
    alice.logout().await.unwrap();
    // Logging out removed the device: the self-test leaves no device behind.
    let alice_again = matrix::login(Alice).await.unwrap();
    assert!(!alice_again.devices().await.unwrap().contains(&device));
    alice_again.logout().await.unwrap();
    bob.logout().await.unwrap();
}

#[test]
fn keyring_stores_and_returns_a_secret() {
    use keyring_core::{Entry, set_default_store};
    let h = Harness::get();
    assert!(
        std::env::var("DBUS_SESSION_BUS_ADDRESS")
            .is_ok_and(|a| a == h.var("DBUS_SESSION_BUS_ADDRESS")),
        "tests run on the harness's session bus (source harness.env)"
    );
    set_default_store(
        dbus_secret_service_keyring_store::Store::new().expect("Secret Service reachable"),
    );
    let entry = Entry::new("werkbank-harness-selftest", &mail::unique_id()).unwrap();
    let secret = format!("s3cr3t-{}", mail::unique_id());
    entry.set_password(&secret).expect("stored");
    assert_eq!(entry.get_password().expect("read back"), secret);
    entry.delete_credential().expect("deleted");
    assert!(entry.get_password().is_err(), "gone after delete");
}
