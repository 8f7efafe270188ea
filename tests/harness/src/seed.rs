//! Sample data for `cargo xtask demo`: a few mails, events, contacts, files and chat
//! messages for alice, written through the servers' real protocols. Seeding twice
//! leaves the same data (fixed UIDs, an existence check for mail and chat).

use crate::User::{Alice, Bob};
use crate::dav::{self, contact, event, files_url, make_addressbook, make_calendar, put};
use crate::mail::{self, deliver};
use crate::matrix;

const DEMO_HEADER: &str = "X-Werkbank-Demo: 1";

pub async fn demo() -> Result<(), String> {
    mails().await?;
    calendar().await?;
    contacts().await?;
    files().await?;
    chat().await?;
    Ok(())
}

async fn mails() -> Result<(), String> {
    let mut session = mail::imap(Alice).await?;
    let existing = mail::fetch_all(&mut session, "INBOX").await?;
    let _ = session.logout().await;
    if existing
        .iter()
        .any(|m| String::from_utf8_lossy(m).contains(DEMO_HEADER))
    {
        return Ok(());
    }
    let mails = [
        (
            "Bob Beispiel <bob@example.test>",
            "Protokoll der Amtsleitungsrunde",
            "Hallo Alice,\r\n\r\nanbei die Punkte aus der heutigen Runde. Bitte bis Freitag prüfen.\r\n\r\nViele Grüße\r\nBob",
        ),
        (
            "Bürgerbüro <buergerbuero@example.test>",
            "Terminanfrage: Ummeldung",
            "Guten Tag,\r\n\r\nfür die Ummeldung am Donnerstag ist noch ein Termin frei.\r\n",
        ),
        (
            "IT-Service <it@example.test>",
            "Wartungsfenster am Samstag",
            "Am Samstag von 8 bis 12 Uhr ist das Fachverfahren nicht erreichbar.\r\n",
        ),
        (
            "Bob Beispiel <bob@example.test>",
            "Re: Haushaltsentwurf 2027",
            "Die Zahlen für Kapitel 3 sind jetzt eingetragen.\r\n",
        ),
    ];
    for (from, subject, body) in mails {
        let address = from
            .split('<')
            .nth(1)
            .and_then(|a| a.strip_suffix('>'))
            .unwrap_or(from);
        let mut raw = mail::message(from, "Alice Amtsfrau <alice@example.test>", subject, body);
        // Marks demo mail so seeding twice does not duplicate it.
        let header_end = raw.windows(4).position(|w| w == b"\r\n\r\n").unwrap_or(0);
        raw.splice(
            header_end..header_end,
            format!("\r\n{DEMO_HEADER}").into_bytes(),
        );
        deliver(address, &[&Alice.email()], &raw).await?;
    }
    Ok(())
}

async fn calendar() -> Result<(), String> {
    let url = make_calendar(Alice, "calendar").await?;
    let events = [
        (
            "demo-event-1",
            "Amtsleitungsrunde",
            "20261124T090000",
            "20261124T100000",
        ),
        (
            "demo-event-2",
            "Bürgersprechstunde",
            "20261125T140000",
            "20261125T160000",
        ),
        (
            "demo-event-3",
            "Haushaltsklausur",
            "20261127T083000",
            "20261127T150000",
        ),
    ];
    for (uid, summary, start, end) in events {
        put(
            Alice,
            &format!("{url}{uid}.ics"),
            "text/calendar; charset=utf-8",
            event(uid, summary, start, end),
        )
        .await?;
    }
    Ok(())
}

async fn contacts() -> Result<(), String> {
    let url = make_addressbook(Alice, "contacts").await?;
    let people = [
        ("demo-contact-1", "Bob Beispiel", "bob@example.test"),
        (
            "demo-contact-2",
            "Clara Kämmerer",
            "clara.kaemmerer@example.test",
        ),
        (
            "demo-contact-3",
            "Dieter Datenschutz",
            "datenschutz@example.test",
        ),
    ];
    for (uid, name, email) in people {
        put(
            Alice,
            &format!("{url}{uid}.vcf"),
            "text/vcard; charset=utf-8",
            contact(uid, name, email),
        )
        .await?;
    }
    Ok(())
}

async fn files() -> Result<(), String> {
    let folder = files_url(Alice, "Dokumente/");
    let reply = dav::request(Alice, "MKCOL", &folder, &[], Vec::new()).await?;
    if ![201, 405].contains(&reply.status) {
        return Err(format!("MKCOL {folder}: {}", reply.status));
    }
    put(
        Alice,
        &files_url(Alice, "Dokumente/Protokoll.txt"),
        "text/plain; charset=utf-8",
        "Protokoll der Amtsleitungsrunde\n\n1. Haushalt\n2. Personal\n",
    )
    .await?;
    put(
        Alice,
        &files_url(Alice, "Willkommen.md"),
        "text/markdown; charset=utf-8",
        "# Willkommen in Werkbank\n\nIhre Dateien liegen auf dem Server Ihrer Organisation.\n",
    )
    .await?;
    Ok(())
}

async fn chat() -> Result<(), String> {
    let bob = matrix::login(Bob).await?;
    let alice = matrix::login(Alice).await?;
    let result = async {
        let alias = matrix::encode("#werkbank-demo:example.test");
        if bob
            .get(&format!("/_matrix/client/v3/directory/room/{alias}"))
            .await
            .is_ok()
        {
            return Ok(());
        }
        let room = bob
            .create_room("Team Haushalt", Some("werkbank-demo"), &[Alice.matrix_id()])
            .await?;
        alice.join(&room).await?;
        for text in [
            "Guten Morgen! Die Klausur ist am Freitag ab 8:30.",
            "Ich bringe die Zahlen für Kapitel 3 mit.",
            "Danke, Alice. Raum 2.14 ist gebucht.",
        ] {
            bob.send_text(&room, text).await?;
        }
        Ok(())
    }
    .await;
    // The seed's own devices do not stay behind on the server.
    bob.logout().await?;
    alice.logout().await?;
    result
}
