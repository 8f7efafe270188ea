//! `mailto:` links that reach the running app: the one it was started with (argv, or the
//! deep-link plugin), and those of a second launch, which the single-instance plugin
//! forwards here. Parsing is `werkbank_mail::mailto`; this file only finds the link in
//! the arguments and hands the draft to the UI as `compose-requested`.

use std::sync::Mutex;
use tauri::{AppHandle, Emitter, Manager};
use werkbank_mail::MailtoRequest;

/// The event the UI's composer listens to.
pub const COMPOSE_REQUESTED: &str = "compose-requested";

/// Drafts that arrived before the UI said it listens (the link the app was started
/// with arrives before the page has loaded, and an event nobody listens to is lost).
/// Once the UI has called `compose_pending`, nothing is queued any more.
#[derive(Debug, Default)]
pub struct PendingCompose(Mutex<Pending>);

#[derive(Debug, Default)]
struct Pending {
    ui_listens: bool,
    drafts: Vec<MailtoRequest>,
}

impl PendingCompose {
    /// The queued drafts; from now on drafts go to the UI only as events.
    pub fn take(&self) -> Vec<MailtoRequest> {
        let Ok(mut pending) = self.0.lock() else {
            return Vec::new();
        };
        pending.ui_listens = true;
        std::mem::take(&mut pending.drafts)
    }

    fn push(&self, request: &MailtoRequest) {
        if let Ok(mut pending) = self.0.lock()
            && !pending.ui_listens
        {
            pending.drafts.push(request.clone());
        }
    }
}

/// The `mailto:` links among command-line arguments (argv\[0\] is the program, skipped).
/// Desktop files start `werkbank %u`, so a link is one whole argument.
pub fn mailto_links(args: &[String]) -> Vec<&str> {
    args.iter()
        .skip(1)
        .map(|a| a.trim())
        .filter(|a| {
            a.get(..7)
                .is_some_and(|scheme| scheme.eq_ignore_ascii_case("mailto:"))
        })
        .collect()
}

/// Parses a link and asks the UI to open a draft with it. A bad link is logged (without
/// its content: it may hold a body the user has not seen yet) and otherwise ignored.
pub fn compose(app: &AppHandle, url: &str) {
    match werkbank_mail::mailto::parse(url) {
        Ok(request) => {
            tracing::info!("mailto: link received, opening a draft");
            app.state::<PendingCompose>().push(&request);
            if let Err(e) = app.emit(COMPOSE_REQUESTED, request) {
                tracing::warn!("could not hand the draft to the UI: {e}");
            }
        }
        Err(e) => tracing::warn!("mailto: link ignored: {e}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(list: &[&str]) -> Vec<String> {
        list.iter().map(|a| a.to_string()).collect()
    }

    #[test]
    fn drafts_are_queued_only_until_the_ui_listens() {
        let pending = PendingCompose::default();
        let draft = MailtoRequest {
            to: vec!["a@example.test".into()],
            ..MailtoRequest::default()
        };
        pending.push(&draft);
        assert_eq!(pending.take(), std::slice::from_ref(&draft));
        pending.push(&draft);
        assert!(pending.take().is_empty(), "the UI got it as an event");
    }

    #[test]
    fn the_link_of_a_second_launch_is_found_among_its_arguments() {
        let argv = args(&["/usr/bin/werkbank", "mailto:alice@example.test?subject=Hi"]);
        assert_eq!(
            mailto_links(&argv),
            ["mailto:alice@example.test?subject=Hi"]
        );
    }

    #[test]
    fn the_program_name_and_other_arguments_are_not_links() {
        let argv = args(&["mailto:whatever", "--verbose", "https://example.test", ""]);
        assert!(mailto_links(&argv).is_empty());
    }

    #[test]
    fn the_scheme_may_be_upper_case() {
        let argv = args(&["werkbank", "MAILTO:bob@example.test"]);
        let links = mailto_links(&argv);
        assert_eq!(links, ["MAILTO:bob@example.test"]);
        let request = werkbank_mail::mailto::parse(links[0]).expect("valid");
        assert_eq!(request.to, ["bob@example.test"]);
    }

    #[test]
    fn an_attachment_in_a_forwarded_link_is_dropped() {
        let argv = args(&[
            "werkbank",
            "mailto:a@example.test?attach=/etc/passwd&body=x",
        ]);
        let request = werkbank_mail::mailto::parse(mailto_links(&argv)[0]).expect("valid");
        assert_eq!(request.to, ["a@example.test"]);
        assert_eq!(request.body.as_deref(), Some("x"));
    }
}
