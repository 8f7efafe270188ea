//! The generated mailbox of `cargo xtask bench mail`: a deterministic (seeded) INBOX of
//! realistic messages written straight into the bench user's Maildir, then indexed by
//! Dovecot. A marker file (generator version, count, seed) lets later runs reuse it.
//!
//! What the messages look like: German (60 %) and English text with umlauts and ß in
//! names, subjects, bodies and attachment names (RFC 2047 headers, RFC 2231 file names,
//! 8bit or quoted-printable bodies); a third are replies threaded by In-Reply-To and
//! References; 30 % carry an HTML alternative; 10 % have one or two attachments
//! (mostly 5–100 KB, some up to 2 MB); Received and DKIM headers as real mail has them;
//! about 3 % unread (more among the newest), 2 % flagged. Dates run from 2023-11-20 to
//! 2026-11-20, one message every ~16 minutes, and UIDs follow the dates.

use crate::cmd::Result;
use std::fmt::Write as _;
use std::io::Write as _;
use std::path::Path;

/// Bumped whenever the generated messages change, so an old mailbox is replaced.
pub const GENERATOR: u32 = 1;
/// 2023-11-20 00:00:00 UTC.
const START: i64 = 1_700_438_400;
const SPAN: i64 = 3 * 365 * 86_400;

/// What a generated mailbox holds; written as the marker file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Spec {
    pub count: u32,
    pub seed: u64,
}

impl Spec {
    pub fn marker(&self) -> String {
        format!(
            "generator={GENERATOR} count={} seed={}\n",
            self.count, self.seed
        )
    }
}

/// Totals of a generation run, for the benchmark's notes.
#[derive(Debug, Default, Clone, Copy)]
pub struct Generated {
    pub bytes: u64,
    pub with_attachments: u32,
    pub replies: u32,
    pub unread: u32,
}

/// Writes `spec.count` messages into `maildir/cur` (which must be empty or absent).
/// File names start with the message's date, so Dovecot hands out UIDs in date order;
/// the mtime is the date too (Maildir's INTERNALDATE).
pub fn generate(maildir: &Path, spec: Spec) -> Result<Generated> {
    for sub in ["cur", "new", "tmp"] {
        std::fs::create_dir_all(maildir.join(sub))
            .map_err(|e| format!("cannot create {}: {e}", maildir.display()))?;
    }
    let mut rng = Rng(spec.seed);
    let people = people(&mut rng);
    let mut recent: Vec<Sent> = Vec::new();
    let mut totals = Generated::default();
    let mut date = START;
    let gap = (SPAN / i64::from(spec.count.max(1))).max(2);
    let mut buf = Vec::with_capacity(64 * 1024);
    for i in 0..spec.count {
        date += 1 + rng.below(2 * gap as u64 - 1) as i64;
        buf.clear();
        let message = compose(&mut rng, &people, &mut recent, i, date, &mut buf);
        let newest = spec.count - i <= 2_000;
        let unread = rng.chance(if newest { 0.3 } else { 0.02 });
        let mut flags = String::new();
        if !unread && rng.chance(0.1) {
            flags.push('R');
        }
        if rng.chance(0.02) {
            flags.push('F');
        }
        if !unread {
            flags.push('S');
        }
        let mut sorted: Vec<char> = flags.chars().collect();
        sorted.sort_unstable();
        let flags: String = sorted.into_iter().collect();
        let size = buf.len();
        let vsize = size + buf.iter().filter(|b| **b == b'\n').count();
        let name = format!("{date}.M{i:06}P1.werkbank-bench,S={size},W={vsize}:2,{flags}");
        let path = maildir.join("cur").join(name);
        let mut file = std::fs::File::create(&path)
            .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
        file.write_all(&buf)
            .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
        let mtime = std::time::UNIX_EPOCH + std::time::Duration::from_secs(date as u64);
        file.set_modified(mtime)
            .map_err(|e| format!("cannot set the date of {}: {e}", path.display()))?;
        totals.bytes += size as u64;
        totals.with_attachments += u32::from(message.attachments);
        totals.replies += u32::from(message.reply);
        totals.unread += u32::from(unread);
    }
    Ok(totals)
}

/// SplitMix64: small, fast, and the same sequence on every machine.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: u64) -> u64 {
        if n == 0 { 0 } else { self.next() % n }
    }

    fn range(&mut self, low: u64, high: u64) -> u64 {
        low + self.below(high - low + 1)
    }

    fn chance(&mut self, p: f64) -> bool {
        ((self.next() >> 11) as f64 / (1u64 << 53) as f64) < p
    }

    fn pick<'a, T: ?Sized>(&mut self, items: &'a [&'a T]) -> &'a T {
        items[self.below(items.len() as u64) as usize]
    }
}

#[derive(Debug, Clone)]
struct Person {
    name: String,
    address: String,
    org: &'static str,
}

const FIRST: &[&str] = &[
    "Jürgen",
    "Björn",
    "Sören",
    "Jörg",
    "Käthe",
    "Günther",
    "Bärbel",
    "Jürgen",
    "Anna",
    "Lena",
    "Thomas",
    "Stefan",
    "Sabine",
    "Monika",
    "Ute",
    "Petra",
    "Michael",
    "Andreas",
    "Katrin",
    "Frank",
    "Zoë",
    "Hannah",
    "Lukas",
    "Jonas",
    "Leonie",
    "Marie",
    "Özlem",
    "Ayşe",
    "Mehmet",
    "Sarah",
    "James",
    "Emily",
    "Oliver",
    "Charlotte",
    "David",
    "Laura",
    "Daniel",
    "Julia",
];
const LAST: &[&str] = &[
    "Müller",
    "Schmidt",
    "Schneider",
    "Fischer",
    "Weiß",
    "Schäfer",
    "Köhler",
    "Krüger",
    "Groß",
    "Hoffmann",
    "Schröder",
    "Neumann",
    "Schwarz",
    "Zimmermann",
    "Braun",
    "Hüther",
    "Lehmann",
    "Köster",
    "Wagner",
    "Becker",
    "Öztürk",
    "Yılmaz",
    "Smith",
    "Johnson",
    "Brown",
    "Taylor",
    "Wilson",
    "Meyer",
    "Jäger",
    "Kühn",
    "Böhm",
    "Voß",
    "Fuchs",
    "Lang",
    "Wolf",
];
const ORGS: &[(&str, &str)] = &[
    ("stadt-musterhausen.example", "Stadt Musterhausen"),
    ("landkreis-nord.example", "Landkreis Nord"),
    ("dataport.example", "Dataport AöR"),
    ("ministerium.example", "Ministerium für Digitales"),
    ("example.org", "Example Org"),
    ("partner.example.com", "Partner Consulting Ltd"),
    ("university.example.edu", "University of Example"),
    ("example.test", "Amt für Verwaltungsdigitalisierung"),
];

fn ascii_fold(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        match c {
            'ä' => out.push_str("ae"),
            'ö' => out.push_str("oe"),
            'ü' => out.push_str("ue"),
            'Ä' => out.push_str("Ae"),
            'Ö' => out.push_str("Oe"),
            'Ü' => out.push_str("Ue"),
            'ß' => out.push_str("ss"),
            'ë' => out.push('e'),
            'ş' => out.push('s'),
            'ı' => out.push('i'),
            c if c.is_ascii_alphanumeric() => out.push(c.to_ascii_lowercase()),
            _ => {}
        }
    }
    out.to_ascii_lowercase()
}

fn people(rng: &mut Rng) -> Vec<Person> {
    (0..400)
        .map(|_| {
            let first = rng.pick(FIRST);
            let last = rng.pick(LAST);
            let (domain, org) = ORGS[rng.below(ORGS.len() as u64) as usize];
            Person {
                name: format!("{first} {last}"),
                address: format!("{}.{}@{domain}", ascii_fold(first), ascii_fold(last)),
                org,
            }
        })
        .collect()
}

/// What a later reply needs to know about a sent message.
#[derive(Debug, Clone)]
struct Sent {
    id: String,
    references: Vec<String>,
    topic: String,
    german: bool,
    from: usize,
}

struct Composed {
    attachments: bool,
    reply: bool,
}

const TOPICS_DE: &[&str] = &[
    "Rechnung Nr. {n}",
    "Protokoll der Sitzung vom {d}",
    "Einladung: Dienstbesprechung am {d}",
    "Änderung der Öffnungszeiten",
    "Urlaubsvertretung {name}",
    "Antrag auf Fortbildung",
    "Rückfrage zu Ihrem Antrag vom {d}",
    "Überprüfung der Zugangsberechtigungen",
    "Terminabstimmung Projekt {p}",
    "Haushaltsplanung {y}",
    "Straßenbau in der Bahnhofstraße",
    "Wartungsfenster für das Mailsystem",
    "Präsentation für den Lenkungskreis",
    "Stellungnahme zum Entwurf",
    "Bürgeranfrage zur Müllabfuhr",
    "Grüße aus der Personalabteilung",
];
const TOPICS_EN: &[&str] = &[
    "Invoice {n}",
    "Meeting notes {d}",
    "Invitation: quarterly review",
    "Quarterly report Q{q} {y}",
    "Project update: {p}",
    "Travel request to Brussels",
    "Budget approval for {y}",
    "Security advisory: please update",
    "Draft agreement for review",
    "Weekly status {p}",
    "Question about the migration",
    "Welcome to the team",
];
const PROJECTS: &[&str] = &[
    "Phoenix",
    "OZG-Umsetzung",
    "E-Akte",
    "Glasfaser Süd",
    "Digitalfunk",
    "Lighthouse",
    "Open Desk",
];
const SENTENCES_DE: &[&str] = &[
    "anbei erhalten Sie die Unterlagen zur weiteren Bearbeitung.",
    "bitte prüfen Sie die beigefügte Rechnung bis Ende der Woche.",
    "die Sitzung wird auf Donnerstag verschoben, da der Raum belegt ist.",
    "wir bitten um Rückmeldung, ob der Termin für Sie passt.",
    "die Öffnungszeiten des Bürgerbüros ändern sich ab dem nächsten Monat.",
    "Herr Müller übernimmt während meines Urlaubs die Vertretung.",
    "der Entwurf wurde mit der Rechtsabteilung abgestimmt.",
    "für Rückfragen stehe ich Ihnen gerne zur Verfügung.",
    "die Straßensperrung in der Bahnhofstraße dauert voraussichtlich drei Wochen.",
    "das Protokoll der letzten Besprechung finden Sie im Anhang.",
    "die Haushaltsmittel für das kommende Jahr sind noch nicht freigegeben.",
    "bitte beachten Sie die geänderten Zuständigkeiten im Fachbereich.",
    "das Wartungsfenster beginnt am Samstag um 22 Uhr.",
    "die Präsentation wurde um die Zahlen des dritten Quartals ergänzt.",
    "wir haben Ihre Anfrage an das zuständige Amt weitergeleitet.",
    "die Überprüfung der Berechtigungen ist abgeschlossen.",
    "können Sie mir bis Freitag eine kurze Stellungnahme schicken?",
    "die Fortbildung findet in den Räumen der Volkshochschule statt.",
    "aufgrund der Größe der Datei sende ich den Link separat.",
    "die Müllabfuhr wird wegen des Feiertags um einen Tag verschoben.",
];
const SENTENCES_EN: &[&str] = &[
    "please find attached the documents for your review.",
    "the meeting has been moved to Thursday afternoon.",
    "could you confirm the budget figures by the end of the week?",
    "the quarterly report is ready and waiting for your approval.",
    "we have updated the project plan with the new milestones.",
    "the migration is scheduled for the weekend after next.",
    "let me know if you have any questions about the agreement.",
    "the travel request was approved by the finance department.",
    "please install the security update as soon as possible.",
    "I have added my comments to the draft in the shared folder.",
    "the invoice has been forwarded to accounting for payment.",
    "thanks for the quick turnaround on the meeting notes.",
    "our team will present the results at the steering committee.",
    "the new colleague starts on Monday and needs an account.",
];
const ATTACHMENTS: &[(&str, &str)] = &[
    ("Rechnung_{n}.pdf", "application/pdf"),
    ("Protokoll_Sitzung.pdf", "application/pdf"),
    (
        "Präsentation Lenkungskreis.pptx",
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    ),
    (
        "Stellungnahme_Entwurf.docx",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ),
    (
        "Übersicht Haushalt.xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ),
    ("scan_{n}.jpg", "image/jpeg"),
    ("Straßenplan.png", "image/png"),
    ("quarterly-report.pdf", "application/pdf"),
    (
        "agreement-draft.docx",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ),
    (
        "budget.xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ),
];

fn fill(rng: &mut Rng, template: &str, people: &[Person], date: i64) -> String {
    let mut s = template.to_string();
    if s.contains("{n}") {
        s = s.replace("{n}", &format!("{}", rng.range(1000, 99_999)));
    }
    if s.contains("{d}") {
        let (y, m, d) = civil(date / 86_400 + rng.range(0, 20) as i64);
        s = s.replace("{d}", &format!("{d:02}.{m:02}.{y}"));
    }
    if s.contains("{y}") {
        let (y, _, _) = civil(date / 86_400);
        s = s.replace("{y}", &(y + 1).to_string());
    }
    if s.contains("{q}") {
        s = s.replace("{q}", &rng.range(1, 4).to_string());
    }
    if s.contains("{p}") {
        s = s.replace("{p}", rng.pick(PROJECTS));
    }
    if s.contains("{name}") {
        let who = &people[rng.below(people.len() as u64) as usize];
        s = s.replace("{name}", &who.name);
    }
    s
}

/// Body length in bytes: mostly short, a long tail of long mails.
fn body_length(rng: &mut Rng) -> usize {
    let bucket = rng.below(100);
    let (low, high) = match bucket {
        0..=39 => (200, 1_000),
        40..=74 => (1_000, 3_000),
        75..=92 => (3_000, 10_000),
        _ => (10_000, 40_000),
    };
    rng.range(low, high) as usize
}

/// Attachment size in bytes (before base64).
fn attachment_length(rng: &mut Rng) -> usize {
    let bucket = rng.below(100);
    let (low, high) = match bucket {
        0..=74 => (5_000, 100_000),
        75..=96 => (100_000, 500_000),
        _ => (500_000, 2_000_000),
    };
    rng.range(low, high) as usize
}

fn text(rng: &mut Rng, german: bool, length: usize, greeting: &str, from: &Person) -> String {
    let sentences = if german { SENTENCES_DE } else { SENTENCES_EN };
    let mut body = format!("{greeting}\n\n");
    let mut line = 0;
    while body.len() < length {
        let s = rng.pick(sentences);
        let mut chars = s.chars();
        let capital: String = chars
            .next()
            .map(|c| c.to_uppercase().collect::<String>() + chars.as_str())
            .unwrap_or_default();
        body.push_str(&capital);
        line += 1;
        if line % 4 == 0 {
            body.push_str("\n\n");
        } else {
            body.push(' ');
        }
    }
    let closing = if german {
        "Mit freundlichen Grüßen"
    } else {
        "Kind regards"
    };
    let _ = write!(body, "\n\n{closing}\n{}\n{}\n", from.name, from.org);
    wrap(&body, 72)
}

/// Wraps long lines at spaces (mail text is read line by line).
fn wrap(text: &str, width: usize) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / width);
    for line in text.split('\n') {
        let mut current = 0;
        for (i, word) in line.split(' ').enumerate() {
            let len = word.chars().count();
            if i > 0 {
                if current + 1 + len > width {
                    out.push('\n');
                    current = 0;
                } else {
                    out.push(' ');
                    current += 1;
                }
            }
            out.push_str(word);
            current += len;
        }
        out.push('\n');
    }
    out.pop();
    out
}

fn compose(
    rng: &mut Rng,
    people: &[Person],
    recent: &mut Vec<Sent>,
    index: u32,
    date: i64,
    out: &mut Vec<u8>,
) -> Composed {
    let parent = if !recent.is_empty() && rng.chance(0.35) {
        Some(recent[rng.below(recent.len() as u64) as usize].clone())
    } else {
        None
    };
    let from_index = match &parent {
        // Replies come mostly from someone else in the thread.
        Some(p) if rng.chance(0.3) => p.from,
        _ => rng.below(people.len() as u64) as usize,
    };
    let from = &people[from_index];
    let german = parent
        .as_ref()
        .map_or_else(|| rng.chance(0.6), |p| p.german);
    let topic = match &parent {
        Some(p) => p.topic.clone(),
        None => {
            let templates = if german { TOPICS_DE } else { TOPICS_EN };
            let template = rng_pick_str(rng, templates);
            fill(rng, template, people, date)
        }
    };
    let subject = match &parent {
        Some(_) if german => format!("AW: {topic}"),
        Some(_) => format!("Re: {topic}"),
        None => topic.clone(),
    };
    let domain = from.address.split('@').nth(1).unwrap_or("example.org");
    let id = format!("{:016x}.{index}@{domain}", rng.next());
    let references: Vec<String> = match &parent {
        Some(p) => {
            let mut r = p.references.clone();
            r.push(p.id.clone());
            let skip = r.len().saturating_sub(10);
            r.split_off(skip)
        }
        None => Vec::new(),
    };

    // Headers as they arrive at the organisation's server.
    let _ = write!(
        out_str(out),
        "Return-Path: <{addr}>\nDelivered-To: bench@example.test\n\
         Received: from mail.example.test (localhost [127.0.0.1])\n\tby mail.example.test (Dovecot) with LMTP id {idl:08x}\n\tfor <bench@example.test>; {date}\n\
         Received: from mx.{domain} (mx.{domain} [192.0.2.{ip}])\n\tby mail.example.test (Postfix) with ESMTPS id {qid:010X}\n\tfor <bench@example.test>; {date}\n",
        addr = from.address,
        idl = rng.next() as u32,
        date = rfc2822(date),
        ip = rng.range(1, 254),
        qid = rng.next() & 0xFF_FFFF_FFFF,
    );
    if rng.chance(0.4) {
        let sig: String = (0..3)
            .map(|_| base64(&rng.bytes(48)))
            .collect::<Vec<_>>()
            .join("\n\t ");
        let _ = write!(
            out_str(out),
            "DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed; d={domain};\n\ts=mail; t={date}; h=from:to:subject:date:message-id;\n\tbh={bh};\n\tb={sig}\n",
            bh = base64(&rng.bytes(32)),
        );
    }
    let to_bench = "Bench <bench@example.test>".to_string();
    let mut to = vec![to_bench];
    if rng.chance(0.25) {
        let other = &people[rng.below(people.len() as u64) as usize];
        to.push(mailbox(other));
    }
    let _ = write!(
        out_str(out),
        "Message-ID: <{id}>\nDate: {}\nFrom: {}\nTo: {}\n",
        rfc2822(date),
        mailbox(from),
        to.join(",\n "),
    );
    if rng.chance(0.2) {
        let cc: Vec<String> = (0..rng.range(1, 3))
            .map(|_| mailbox(&people[rng.below(people.len() as u64) as usize]))
            .collect();
        let _ = writeln!(out_str(out), "Cc: {}", cc.join(",\n "));
    }
    let _ = writeln!(out_str(out), "Subject: {}", encode_word(&subject));
    if let Some(p) = &parent {
        let _ = writeln!(out_str(out), "In-Reply-To: <{}>", p.id);
        let refs: Vec<String> = references.iter().map(|r| format!("<{r}>")).collect();
        let _ = writeln!(out_str(out), "References: {}", refs.join("\n "));
    }
    let agent = rng.pick(&[
        "User-Agent: Mozilla/5.0 (X11; Linux x86_64; rv:115.0) Gecko/20100101 Thunderbird/115.6.0",
        "X-Mailer: Microsoft Outlook 16.0",
        "User-Agent: Open-Xchange Mailer v7.10.6-Rev38",
        "User-Agent: Roundcube Webmail/1.6.5",
    ]);
    let _ = writeln!(out_str(out), "{agent}\nMIME-Version: 1.0");

    let greeting = if german {
        "Sehr geehrte Damen und Herren,".to_string()
    } else {
        "Dear colleagues,".to_string()
    };
    let length = body_length(rng);
    let mut body = text(rng, german, length, &greeting, from);
    if let Some(p) = &parent {
        let length = rng.range(200, 1_500) as usize;
        let quoted = text(rng, p.german, length, "", &people[p.from]);
        let intro = if german {
            format!(
                "Am {} schrieb {}:",
                rfc2822(date - 3_600),
                people[p.from].name
            )
        } else {
            format!(
                "On {}, {} wrote:",
                rfc2822(date - 3_600),
                people[p.from].name
            )
        };
        let _ = write!(body, "\n{intro}\n");
        for line in quoted.lines() {
            let _ = writeln!(body, "> {line}");
        }
    }
    let html = rng.chance(0.3);
    let attachments = if rng.chance(0.1) {
        if rng.chance(0.2) { 2 } else { 1 }
    } else {
        0
    };
    let quoted_printable = rng.chance(0.4);
    let boundary = |n: u32, rng: &mut Rng| format!("----=_Part_{n}_{:012x}", rng.next() >> 16);
    let text_part = |out: &mut Vec<u8>| {
        if quoted_printable {
            let _ = write!(
                out_str(out),
                "Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: quoted-printable\n\n{}\n",
                qp(&body)
            );
        } else {
            let _ = write!(
                out_str(out),
                "Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: 8bit\n\n{body}\n"
            );
        }
    };
    let alternative = |out: &mut Vec<u8>, rng: &mut Rng| {
        let b = boundary(1, rng);
        let _ = write!(
            out_str(out),
            "Content-Type: multipart/alternative; boundary=\"{b}\"\n\n--{b}\n"
        );
        text_part(out);
        let paragraphs: String = body
            .split("\n\n")
            .map(|p| format!("<p>{}</p>\n", html_escape(p).replace('\n', " ")))
            .collect();
        let _ = write!(
            out_str(out),
            "--{b}\nContent-Type: text/html; charset=utf-8\nContent-Transfer-Encoding: quoted-printable\n\n{}\n--{b}--\n",
            qp(&format!(
                "<html><body style=\"font-family: sans-serif\">\n{paragraphs}</body></html>"
            ))
        );
    };
    if attachments == 0 {
        if html {
            alternative(out, rng);
        } else {
            text_part(out);
        }
    } else {
        let b = boundary(0, rng);
        let _ = write!(
            out_str(out),
            "Content-Type: multipart/mixed; boundary=\"{b}\"\n\nThis is a multi-part message in MIME format.\n--{b}\n"
        );
        if html {
            alternative(out, rng);
        } else {
            text_part(out);
        }
        for _ in 0..attachments {
            let (template, mime) = ATTACHMENTS[rng.below(ATTACHMENTS.len() as u64) as usize];
            let name = fill(rng, template, people, date);
            let length = attachment_length(rng);
            let data = rng.bytes(length);
            let _ = write!(
                out_str(out),
                "--{b}\nContent-Type: {mime}; name=\"{}\"\nContent-Disposition: attachment; {}\nContent-Transfer-Encoding: base64\n\n",
                encode_word(&name),
                filename_param(&name)
            );
            let encoded = base64(&data);
            for chunk in encoded.as_bytes().chunks(76) {
                out.extend_from_slice(chunk);
                out.push(b'\n');
            }
        }
        let _ = writeln!(out_str(out), "--{b}--");
    }

    recent.push(Sent {
        id,
        references,
        topic,
        german,
        from: from_index,
    });
    if recent.len() > 300 {
        recent.remove(0);
    }
    Composed {
        attachments: attachments > 0,
        reply: parent.is_some(),
    }
}

fn rng_pick_str<'a>(rng: &mut Rng, items: &[&'a str]) -> &'a str {
    items[rng.below(items.len() as u64) as usize]
}

impl Rng {
    fn bytes(&mut self, n: usize) -> Vec<u8> {
        let mut v = Vec::with_capacity(n + 8);
        while v.len() < n {
            v.extend_from_slice(&self.next().to_le_bytes());
        }
        v.truncate(n);
        v
    }
}

/// `fmt::Write` onto the message buffer.
fn out_str(out: &mut Vec<u8>) -> Utf8Sink<'_> {
    Utf8Sink(out)
}

struct Utf8Sink<'a>(&'a mut Vec<u8>);

impl std::fmt::Write for Utf8Sink<'_> {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        self.0.extend_from_slice(s.as_bytes());
        Ok(())
    }
}

fn mailbox(p: &Person) -> String {
    format!("{} <{}>", encode_word(&p.name), p.address)
}

/// RFC 2047 encoded word (base64) when the text is not plain ASCII.
fn encode_word(s: &str) -> String {
    if s.is_ascii() {
        if s.contains([',', '"', ':', ';', '(', ')', '<', '>', '@']) {
            format!("\"{}\"", s.replace('"', "'"))
        } else {
            s.to_string()
        }
    } else {
        format!("=?UTF-8?B?{}?=", base64(s.as_bytes()))
    }
}

/// `filename="…"`, or RFC 2231 `filename*=UTF-8''…` for non-ASCII names.
fn filename_param(name: &str) -> String {
    if name.is_ascii() {
        return format!("filename=\"{name}\"");
    }
    let mut encoded = String::new();
    for b in name.bytes() {
        if b.is_ascii_alphanumeric() || b"-._".contains(&b) {
            encoded.push(b as char);
        } else {
            let _ = write!(encoded, "%{b:02X}");
        }
    }
    format!("filename*=UTF-8''{encoded}")
}

fn html_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// Quoted-printable (RFC 2045) with soft line breaks at 76 characters.
fn qp(text: &str) -> String {
    let mut out = String::with_capacity(text.len() * 11 / 10);
    for line in text.split('\n') {
        let mut width = 0;
        let bytes = line.as_bytes();
        for (i, &b) in bytes.iter().enumerate() {
            let last = i + 1 == bytes.len();
            let plain = (b == b' ' && !last) || (b'!'..=b'~').contains(&b) && b != b'=';
            let piece = if plain {
                (b as char).to_string()
            } else {
                format!("={b:02X}")
            };
            if width + piece.len() > 75 {
                out.push_str("=\n");
                width = 0;
            }
            out.push_str(&piece);
            width += piece.len();
        }
        out.push('\n');
    }
    out.pop();
    out
}

fn base64(data: &[u8]) -> String {
    const TABLE: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(data.len().div_ceil(3) * 4);
    for chunk in data.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        out.push(TABLE[(n >> 18) as usize & 63] as char);
        out.push(TABLE[(n >> 12) as usize & 63] as char);
        out.push(if chunk.len() > 1 {
            TABLE[(n >> 6) as usize & 63] as char
        } else {
            '='
        });
        out.push(if chunk.len() > 2 {
            TABLE[n as usize & 63] as char
        } else {
            '='
        });
    }
    out
}

/// `Mon, 20 Nov 2023 08:00:00 +0000`.
fn rfc2822(unix: i64) -> String {
    const DAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let days = unix.div_euclid(86_400);
    let secs = unix.rem_euclid(86_400);
    let (y, m, d) = civil(days);
    format!(
        "{}, {d} {} {y} {:02}:{:02}:{:02} +0000",
        DAYS[days.rem_euclid(7) as usize],
        MONTHS[(m - 1) as usize],
        secs / 3600,
        secs % 3600 / 60,
        secs % 60
    )
}

/// Days since 1970-01-01 → (year, month, day).
pub fn civil(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_rfc_2822() {
        assert_eq!(rfc2822(START), "Mon, 20 Nov 2023 00:00:00 +0000");
        assert_eq!(rfc2822(0), "Thu, 1 Jan 1970 00:00:00 +0000");
    }

    #[test]
    fn encodings_round_trip_by_eye() {
        assert_eq!(base64(b"Man"), "TWFu");
        assert_eq!(base64(b"Ma"), "TWE=");
        assert_eq!(qp("Grüße"), "Gr=C3=BC=C3=9Fe");
        assert_eq!(encode_word("Jürgen"), "=?UTF-8?B?SsO8cmdlbg==?=");
        assert_eq!(
            filename_param("Übersicht.pdf"),
            "filename*=UTF-8''%C3%9Cbersicht.pdf"
        );
    }

    #[test]
    fn the_same_seed_gives_the_same_mailbox() {
        let dir =
            std::env::temp_dir().join(format!("werkbank-mailbox-test-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let spec = Spec { count: 40, seed: 5 };
        let first = generate(&dir.join("a"), spec).unwrap_or_default();
        let second = generate(&dir.join("b"), spec).unwrap_or_default();
        assert_eq!(first.bytes, second.bytes);
        assert!(first.bytes > 40 * 500, "{first:?}");
        let names = |d: &str| {
            let mut v: Vec<String> = std::fs::read_dir(dir.join(d).join("cur"))
                .map(|r| {
                    r.flatten()
                        .map(|e| e.file_name().to_string_lossy().into_owned())
                        .collect()
                })
                .unwrap_or_default();
            v.sort();
            v
        };
        assert_eq!(names("a"), names("b"));
        assert_eq!(names("a").len(), 40);
        let _ = std::fs::remove_dir_all(&dir);
    }
}
