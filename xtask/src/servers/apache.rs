//! Apache httpd on 443: the organisation's web front. Serves autoconfig XML, the
//! RFC 6764 and Matrix `.well-known` documents, a Nextcloud-style `status.php`, TLS
//! reverse proxies to Radicale and Synapse, and WebDAV files at
//! `/remote.php/dav/files/<user>/` (basic auth, each user only their own folder).

use super::layout::{chown, mkdir, write};
use super::{Ctx, Mechanism, USERS, ports, process, template};
use crate::cmd::Result;
use std::path::Path;
use std::process::Command;
use std::time::Duration;

pub fn start(ctx: &Ctx) -> Result {
    let l = &ctx.layout;
    let dir = l.dir("apache");
    for sub in [
        "run",
        "davlock",
        "webdav",
        "www/example",
        "www/autoconfig",
        "www/files",
    ] {
        mkdir(&dir.join(sub))?;
    }
    let users = dir.join("users");
    super::radicale::write_htpasswd(ctx, &users)?;
    for user in USERS {
        mkdir(&dir.join("webdav").join(user))?;
    }
    chown(&dir.join("webdav"), "www-data:www-data")?;
    chown(&dir.join("davlock"), "www-data:www-data")?;
    write_documents(ctx, &dir)?;

    let path = |p: &Path| p.display().to_string();
    let mut example_extra = String::new();
    if ctx.without.enabled(Mechanism::Wellknown) {
        example_extra.push_str(
            "    Redirect 301 /.well-known/caldav https://dav.example.test/\n\
             \x20   Redirect 301 /.well-known/carddav https://dav.example.test/\n\
             \x20   <Location /.well-known/matrix/client>\n\
             \x20       ForceType application/json\n\
             \x20       Header set Access-Control-Allow-Origin \"*\"\n\
             \x20   </Location>\n",
        );
    }
    let mut user_dirs = String::new();
    for user in USERS {
        user_dirs.push_str(&format!(
            "    <Directory \"{}\">\n        Require user {user}\n    </Directory>\n",
            dir.join("webdav").join(user).display()
        ));
    }
    let conf = template::render(
        "apache.conf",
        include_str!("../../templates/apache.conf"),
        &[
            ("DIR", path(&dir)),
            ("PORT", ports::HTTPS.to_string()),
            ("ERROR_LOG", path(&l.log("apache-error"))),
            ("ACCESS_LOG", path(&l.log("apache-access"))),
            ("CERT", path(&l.tls("server.pem"))),
            ("KEY", path(&l.tls("server.key"))),
            ("RADICALE_PORT", ports::RADICALE.to_string()),
            ("SYNAPSE_PORT", ports::SYNAPSE.to_string()),
            ("USERS", path(&users)),
            ("EXAMPLE_EXTRA", example_extra),
            ("USER_DIRS", user_dirs),
        ],
    )?;
    let conf_file = dir.join("httpd.conf");
    write(&conf_file, &conf)?;
    crate::cmd::output("apache2", &["-t", "-f", &path(&conf_file)])
        .map_err(|e| format!("the rendered Apache config is invalid: {e}"))?;
    let mut command = Command::new("apache2");
    command.arg("-f").arg(&conf_file).arg("-DFOREGROUND");
    // Debian's apache2 binary reads these from apache2ctl's envvars; we set them.
    command
        .env("APACHE_RUN_DIR", dir.join("run"))
        .env("APACHE_LOG_DIR", l.root().join("logs"))
        .env("APACHE_LOCK_DIR", dir.join("run"))
        .env("APACHE_PID_FILE", dir.join("httpd.pid"));
    process::spawn(l, "apache", command)?;
    process::wait_for_ports(l, "apache", &[ports::HTTPS], Duration::from_secs(30))
}

/// The discovery documents, present only for the mechanisms switched on.
fn write_documents(ctx: &Ctx, dir: &Path) -> Result {
    let www = dir.join("www");
    let autoconfig = template::render(
        "autoconfig.xml",
        include_str!("../../templates/autoconfig.xml"),
        &[
            ("IMAP_PORT", ports::IMAP.to_string()),
            ("IMAPS_PORT", ports::IMAPS.to_string()),
            ("SUBMISSION_PORT", ports::SUBMISSION.to_string()),
            ("SUBMISSIONS_PORT", ports::SUBMISSIONS.to_string()),
        ],
    )?;
    let documents: [(Mechanism, &str, &str); 4] = [
        (
            Mechanism::Autoconfig,
            "autoconfig/mail/config-v1.1.xml",
            &autoconfig,
        ),
        (
            Mechanism::Autoconfig,
            "example/.well-known/autoconfig/mail/config-v1.1.xml",
            &autoconfig,
        ),
        (
            Mechanism::Wellknown,
            "example/.well-known/matrix/client",
            include_str!("../../templates/matrix-client.json"),
        ),
        (
            Mechanism::Nextcloud,
            "files/status.php",
            include_str!("../../templates/nextcloud-status.json"),
        ),
    ];
    for (mechanism, file, contents) in documents {
        let target = www.join(file);
        if ctx.without.enabled(mechanism) {
            write(&target, contents)?;
        } else if target.exists() {
            std::fs::remove_file(&target)
                .map_err(|e| format!("cannot remove {}: {e}", target.display()))?;
        }
    }
    chown(&www, "root:www-data")
}

/// After `--without` changed: a full restart, so the next request sees the new setup.
pub fn reload(ctx: &Ctx) -> Result {
    process::stop(&ctx.layout, "apache")?;
    start(ctx)
}
