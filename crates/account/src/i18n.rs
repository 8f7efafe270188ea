//! Strings shared by Rust and the UI: Fluent files in `locales/<lang>/werkbank.ftl`
//! (same message ids in every language; a test checks). The language follows the
//! `ui.language` setting, else the OS locale (`LC_ALL`, `LC_MESSAGES`, `LANG`).

use fluent_bundle::{FluentArgs, FluentBundle, FluentResource};
use std::collections::BTreeMap;
use std::sync::OnceLock;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Lang {
    De,
    En,
}

pub const EN_FTL: &str = include_str!("../../../locales/en/werkbank.ftl");
pub const DE_FTL: &str = include_str!("../../../locales/de/werkbank.ftl");

impl Lang {
    pub fn code(self) -> &'static str {
        match self {
            Lang::De => "de",
            Lang::En => "en",
        }
    }

    /// `de`, `de-AT`, `de_DE.UTF-8` → German; anything else → English.
    pub fn parse(tag: &str) -> Option<Lang> {
        let primary = tag.split(['-', '_', '.', '@']).next()?.to_ascii_lowercase();
        match primary.as_str() {
            "de" => Some(Lang::De),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    /// The language chosen for this process ([`set_current`]) or from the OS locale.
    pub fn current() -> Lang {
        *CURRENT.get_or_init(Lang::from_os)
    }

    pub fn from_os() -> Lang {
        ["LC_ALL", "LC_MESSAGES", "LANG"]
            .iter()
            .filter_map(|k| std::env::var(k).ok())
            .find(|v| !v.is_empty() && v != "C" && v != "POSIX")
            .and_then(|v| Lang::parse(&v))
            .unwrap_or(Lang::En)
    }
}

static CURRENT: OnceLock<Lang> = OnceLock::new();

/// Fixes the process language once (from the `ui.language` setting); later calls lose.
pub fn set_current(lang: Lang) {
    let _ = CURRENT.set(lang);
}

thread_local! {
    // FluentBundle is not Sync (it memoises formatters); one per thread is cheap.
    static BUNDLES: (FluentBundle<FluentResource>, FluentBundle<FluentResource>) =
        (bundle(Lang::De, DE_FTL), bundle(Lang::En, EN_FTL));
}

fn bundle(lang: Lang, source: &str) -> FluentBundle<FluentResource> {
    let id: unic_langid::LanguageIdentifier = lang.code().parse().unwrap_or_default();
    let mut bundle = FluentBundle::new(vec![id]);
    // Bidi isolation marks would end up in CLI output and logs.
    bundle.set_use_isolating(false);
    match FluentResource::try_new(source.to_string()) {
        Ok(resource) | Err((resource, _)) => {
            let _ = bundle.add_resource(resource);
        }
    }
    bundle
}

fn with_bundle<T>(lang: Lang, f: impl FnOnce(&FluentBundle<FluentResource>) -> T) -> T {
    BUNDLES.with(|(de, en)| f(if lang == Lang::De { de } else { en }))
}

fn args(details: &BTreeMap<String, String>) -> FluentArgs<'_> {
    let mut args = FluentArgs::new();
    for (k, v) in details {
        args.set(k.as_str(), v.as_str());
    }
    args
}

/// The text of message `id`; the id itself when it is missing (visible, not silent).
pub fn message(lang: Lang, id: &str, details: &BTreeMap<String, String>) -> String {
    with_bundle(lang, |bundle| {
        let Some(pattern) = bundle.get_message(id).and_then(|m| m.value()) else {
            return id.to_string();
        };
        let mut errors = Vec::new();
        bundle
            .format_pattern(pattern, Some(&args(details)), &mut errors)
            .into_owned()
    })
}

/// The text of attribute `attr` of message `id`, if it has one.
pub fn attribute(
    lang: Lang,
    id: &str,
    attr: &str,
    details: &BTreeMap<String, String>,
) -> Option<String> {
    with_bundle(lang, |bundle| {
        let pattern = bundle.get_message(id)?.get_attribute(attr)?.value();
        let mut errors = Vec::new();
        Some(
            bundle
                .format_pattern(pattern, Some(&args(details)), &mut errors)
                .into_owned(),
        )
    })
}

/// Message ids defined in a Fluent source (for the "same ids in every language" test).
/// A message starts a line with `id =`; attributes and continuation lines are indented.
pub fn message_ids(source: &str) -> Vec<String> {
    let mut ids: Vec<String> = source
        .lines()
        .filter(|l| l.starts_with(|c: char| c.is_ascii_lowercase()))
        .filter_map(|l| l.split_once('=').map(|(id, _)| id.trim().to_string()))
        .collect();
    ids.sort();
    ids
}
