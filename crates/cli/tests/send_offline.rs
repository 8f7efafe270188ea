//! With Postfix stopped, a message sent through `werkbank-cli mail send` waits in the
//! outbox; once Postfix is back, a flush sends it exactly once. Alone in its binary:
//! stopping Postfix would break every other sending test.

#![allow(clippy::unwrap_used)]

mod common;

use common::{Profile, copies, delivered, subject};
use werkbank_harness::User;

#[tokio::test]
async fn a_message_waits_while_postfix_is_stopped_and_goes_out_once_after() {
    let alice = Profile::new(User::Alice, false);
    let subject = subject("Postausgang");
    let postfix = werkbank_harness::control::stop_postfix().unwrap();
    let sent = alice.ok(&[
        "mail",
        "send",
        "--to",
        "bob@example.test",
        "--subject",
        &subject,
    ]);
    assert_eq!(sent["state"], "queued", "{sent:#}");
    let waiting = alice.outbox();
    assert_eq!(waiting.len(), 1);
    assert_eq!(waiting[0]["state"], "queued");
    assert!(waiting[0]["last_error"].is_string(), "{waiting:#?}");
    // Still down: a flush changes nothing.
    let flushed = alice.ok(&["mail", "outbox", "flush"]);
    assert_eq!(flushed[0]["state"], "queued", "{flushed:#}");
    postfix.start().unwrap();
    let flushed = alice.ok(&["mail", "outbox", "flush"]);
    assert_eq!(flushed[0]["state"], "filed", "{flushed:#}");
    assert!(alice.outbox().is_empty());
    let again = alice.ok(&["mail", "outbox", "flush"]);
    assert!(again.as_array().unwrap().is_empty());
    assert_eq!(delivered(User::Bob, &subject).await.len(), 1);
    assert_eq!(copies(User::Alice, "Sent", &subject).await.len(), 1);
}
