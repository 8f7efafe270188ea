//! RFC 6186: `_imaps._tcp`, `_imap._tcp`, `_submissions._tcp` and `_submission._tcp`
//! SRV records of the address's domain. DNS carries no user name; RFC 6186 says to log
//! in with the address.

use super::{Ctx, Report, Security, ServiceKind, Source, mail_url, valid_hostname};
use crate::ErrorCode;
use std::time::Instant;

const SERVICES: [(&str, ServiceKind, Security); 4] = [
    ("_imaps._tcp", ServiceKind::Imap, Security::Tls),
    ("_imap._tcp", ServiceKind::Imap, Security::Starttls),
    ("_submissions._tcp", ServiceKind::Smtp, Security::Tls),
    ("_submission._tcp", ServiceKind::Smtp, Security::Starttls),
];

pub(crate) async fn discover(ctx: &Ctx<'_>) -> Report {
    let lookups = SERVICES.iter().map(|(prefix, kind, security)| async move {
        let mut report = Report::default();
        let name = format!("{prefix}.{}", ctx.domain);
        let started = Instant::now();
        let records = match tokio::time::timeout(ctx.options.timeout, ctx.net.srv(&name)).await {
            Ok(Ok(records)) => records,
            Ok(Err(e)) => {
                let code = ErrorCode::from(&e);
                report.attempt(Source::Srv, &name, started, Err(code), Some(e.to_string()));
                return report;
            }
            Err(_) => {
                report.attempt(
                    Source::Srv,
                    &name,
                    started,
                    Err(ErrorCode::Timeout),
                    Some("the DNS lookup took too long".into()),
                );
                return report;
            }
        };
        let mut skipped = Vec::new();
        for record in records {
            let host = record.target.to_ascii_lowercase();
            if record.port == 0 || !valid_hostname(&host) {
                skipped.push(format!("skipped {}:{}", record.target, record.port));
                continue;
            }
            report.services.push(super::FoundService {
                kind: *kind,
                url: mail_url(*kind, *security, &host, record.port),
                host,
                port: record.port,
                security: *security,
                username: Some(
                    ctx.options
                        .username
                        .clone()
                        .unwrap_or_else(|| ctx.email.to_string()),
                ),
                source: Source::Srv,
            });
        }
        let found = !report.services.is_empty();
        let detail = (!skipped.is_empty()).then(|| skipped.join("; "));
        report.attempt(Source::Srv, &name, started, Ok(found), detail);
        report
    });
    let mut report = Report::default();
    for part in futures::future::join_all(lookups).await {
        report.extend(part);
    }
    report
}
