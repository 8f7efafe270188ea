//! dnsmasq on a loopback port: A records for the harness hosts, and the RFC 6186
//! (`_imaps._tcp`, `_submission._tcp`, …) and RFC 6764 (`_caldavs._tcp`,
//! `_carddavs._tcp` with TXT `path=`) records. The app reaches it through its resolver
//! setting (`WERKBANK_DNS`), never through the system resolver.

use super::{Ctx, HOSTS, Mechanism, ports, process};
use crate::cmd::Result;
use std::process::Command;
use std::time::Duration;

pub fn start(ctx: &Ctx) -> Result {
    let l = &ctx.layout;
    let mut command = Command::new("dnsmasq");
    command.args([
        "--keep-in-foreground",
        "--conf-file=/dev/null",
        "--no-resolv",
        "--no-hosts",
        "--no-poll",
        "--bind-interfaces",
        "--listen-address=127.0.0.1",
        "--pid-file=",
        "--user=root",
        "--log-queries",
    ]);
    command.arg(format!("--port={}", ports::DNS));
    command.arg(format!(
        "--log-facility={}",
        l.log("dnsmasq-queries").display()
    ));
    // Authoritative for the test domain only; everything else is refused, not forwarded.
    command.arg("--local=/example.test/");
    for host in HOSTS {
        command.arg(format!("--host-record={host},127.0.0.1"));
    }
    if ctx.without.enabled(Mechanism::Srv) {
        for record in srv_records() {
            command.arg(record);
        }
    }
    process::spawn(l, "dnsmasq", command)?;
    process::wait_for_ports(l, "dnsmasq", &[ports::DNS], Duration::from_secs(10))
}

fn srv_records() -> Vec<String> {
    let d = super::DOMAIN;
    let srv = |service: &str, host: &str, port: u16| {
        format!("--srv-host={service}.{d},{host}.{d},{port},0,1")
    };
    vec![
        // RFC 6186: mail submission and access.
        srv("_imaps._tcp", "mail", ports::IMAPS),
        srv("_imap._tcp", "mail", ports::IMAP),
        srv("_submissions._tcp", "mail", ports::SUBMISSIONS),
        srv("_submission._tcp", "mail", ports::SUBMISSION),
        // RFC 6764: CalDAV/CardDAV over TLS with their context path.
        srv("_caldavs._tcp", "dav", ports::HTTPS),
        srv("_carddavs._tcp", "dav", ports::HTTPS),
        format!("--txt-record=_caldavs._tcp.{d},path=/"),
        format!("--txt-record=_carddavs._tcp.{d},path=/"),
    ]
}

pub fn restart(ctx: &Ctx) -> Result {
    process::stop(&ctx.layout, "dnsmasq")?;
    start(ctx)
}
