//! The harness's own test CA and one server certificate for every TLS endpoint.
//! The app trusts this CA the way an enterprise trusts its PKI (a policy CA), never by
//! turning verification off.

use super::{Ctx, HOSTS};
use crate::cmd::{Result, run};

pub fn ensure(ctx: &Ctx) -> Result {
    let tls = |f: &str| ctx.layout.tls(f).to_string_lossy().into_owned();
    if ctx.layout.tls("ca.pem").is_file() && ctx.layout.tls("server.pem").is_file() {
        return Ok(());
    }
    run(
        "openssl",
        &[
            "req",
            "-x509",
            "-new",
            "-nodes",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:prime256v1",
            "-keyout",
            &tls("ca.key"),
            "-out",
            &tls("ca.pem"),
            "-days",
            "30",
            "-subj",
            "/O=Werkbank test harness/CN=Werkbank Test CA",
            "-addext",
            "basicConstraints=critical,CA:TRUE",
            "-addext",
            "keyUsage=critical,keyCertSign,cRLSign",
        ],
    )?;
    run(
        "openssl",
        &[
            "req",
            "-new",
            "-nodes",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:prime256v1",
            "-keyout",
            &tls("server.key"),
            "-out",
            &tls("server.csr"),
            "-subj",
            "/O=Werkbank test harness/CN=example.test",
        ],
    )?;
    let mut san: Vec<String> = HOSTS.iter().map(|h| format!("DNS:{h}")).collect();
    san.push("DNS:localhost".into());
    san.push("IP:127.0.0.1".into());
    let ext = format!(
        "basicConstraints=critical,CA:FALSE\n\
         keyUsage=critical,digitalSignature,keyEncipherment\n\
         extendedKeyUsage=serverAuth\n\
         subjectAltName={}\n",
        san.join(",")
    );
    super::layout::write(&ctx.layout.tls("server.ext"), &ext)?;
    run(
        "openssl",
        &[
            "x509",
            "-req",
            "-in",
            &tls("server.csr"),
            "-CA",
            &tls("ca.pem"),
            "-CAkey",
            &tls("ca.key"),
            "-CAcreateserial",
            "-out",
            &tls("server.pem"),
            "-days",
            "30",
            "-extfile",
            &tls("server.ext"),
        ],
    )?;
    super::layout::chmod(&ctx.layout.tls("server.key"), 0o600)?;
    super::layout::chmod(&ctx.layout.tls("ca.key"), 0o600)
}
