//! End-to-end tests of the real desktop app: a virtual X display (Xvfb), tauri-driver
//! with WebKitWebDriver, the `werkbank` release binary built with `custom-protocol` (so
//! the production CSP applies), and the harness servers. `cargo xtask test` builds the
//! app and sets `WERKBANK_APP`; screenshots of every step go to
//! `$CARGO_TARGET_DIR/e2e-screenshots/`.

pub mod desktop;
pub mod webdriver;

pub use desktop::Desktop;
pub use webdriver::{Element, Session};
