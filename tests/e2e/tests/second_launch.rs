//! A second launch of the app (a `mailto:` link clicked elsewhere, or the desktop file
//! started again) must not open a second window: the single-instance plugin hands its
//! arguments to the running app over the session bus and the new process exits. The
//! running app then shows that the link arrived.

#![allow(clippy::unwrap_used)] // test helpers outside #[test] fns unwrap too

use std::path::PathBuf;
use std::time::Duration;
use werkbank_e2e::Desktop;
use werkbank_harness::Harness;

const WAIT: Duration = Duration::from_secs(60);

fn screenshots() -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../target")));
    target.join("e2e-screenshots")
}

#[tokio::test]
async fn a_mailto_link_of_a_second_launch_reaches_the_running_window_and_the_launch_ends() {
    let h = Harness::get();
    let dir = std::env::temp_dir().join(format!("werkbank-e2e-second-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let policy = dir.join("policy.toml");
    std::fs::write(&policy, "version = 1\n").unwrap();
    let env = [
        (
            "WERKBANK_PROFILE",
            dir.join("profile").display().to_string(),
        ),
        ("WERKBANK_POLICY", policy.display().to_string()),
        // The single-instance plugin finds the running app on the session bus.
        (
            "DBUS_SESSION_BUS_ADDRESS",
            h.var("DBUS_SESSION_BUS_ADDRESS").to_string(),
        ),
        ("LANG", "en_US.UTF-8".to_string()),
    ];
    let desktop = Desktop::start(&env).await.unwrap();
    let app = desktop.launch().await.unwrap();
    app.wait_for("#setup-email", WAIT).await.unwrap();

    let status = desktop
        .launch_again(
            &["mailto:bob@example.test?subject=Akte%204711"],
            Duration::from_secs(30),
        )
        .await
        .unwrap();
    assert!(status.success(), "the second launch ended with {status}");

    // The first window got the link: the mail view says it arrived (nothing is drafted
    // before the mail module can write mail).
    app.click(&app.wait_for("nav a[data-module=mail]", WAIT).await.unwrap())
        .await
        .unwrap();
    let notice = app.wait_for("[data-compose-request]", WAIT).await.unwrap();
    let text = app.text(&notice).await.unwrap();
    assert!(text.contains("bob@example.test"), "{text}");
    assert!(text.contains("Akte 4711"), "{text}");
    app.screenshot(&screenshots().join("second-launch-link.png"))
        .await
        .unwrap();
    app.close().await.unwrap();
    drop(desktop);
    let _ = std::fs::remove_dir_all(&dir);
}
