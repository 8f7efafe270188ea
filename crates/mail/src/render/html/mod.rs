//! HTML mail made safe to show: the message's `<style>` rules are inlined (css-inline,
//! which cannot fetch anything: built without its `http` and `file` features, remote
//! loading off, and a resolver that refuses), then ammonia keeps only harmless elements
//! and attributes, the `style` attributes are filtered (`css`), and `rewrite` points
//! images at the internal scheme and describes the links.

mod css;
pub(crate) mod rewrite;
pub(crate) mod text;

use std::collections::HashSet;
use std::sync::Arc;

pub(crate) use rewrite::{ImageUrls, Rewritten};

/// Bodies with stylesheets larger than this are shown without them: css-inline's cost
/// grows with rules × elements, and a mail that big is not worth styling.
const MAX_INLINE_CSS_INPUT: usize = 1024 * 1024;

pub(crate) struct Sanitised {
    pub rewritten: Rewritten,
    pub styles_ignored: bool,
}

pub(crate) fn sanitise(html: &str, images: &ImageUrls<'_>) -> Sanitised {
    let (inlined, styles_ignored) = inline_styles(html);
    let clean = builder()
        .clean(inlined.as_deref().unwrap_or(html))
        .to_string();
    Sanitised {
        rewritten: rewrite::rewrite(&clean, images),
        styles_ignored,
    }
}

/// `(Some(html with styles inlined), false)`, `(None, false)` when there is no
/// `<style>` to inline, `(None, true)` when there was one but it could not be applied.
fn inline_styles(html: &str) -> (Option<String>, bool) {
    let has_style = html
        .as_bytes()
        .windows(6)
        .any(|w| w.eq_ignore_ascii_case(b"<style"));
    if !has_style {
        return (None, false);
    }
    if html.len() > MAX_INLINE_CSS_INPUT {
        return (None, true);
    }
    let inliner = css_inline::CSSInliner::options()
        .load_remote_stylesheets(false)
        .keep_link_tags(false)
        .keep_style_tags(false)
        .keep_at_rules(false)
        .resolver(Arc::new(NoFetch))
        .build();
    match inliner.inline(html) {
        Ok(inlined) => (Some(inlined), false),
        Err(_) => (None, true),
    }
}

/// The stylesheet resolver css-inline would use for `<link>` and `@import`: it refuses.
/// Remote loading is already off and the crate has no fetching code compiled in; this
/// makes the third wall explicit.
#[derive(Debug)]
struct NoFetch;

impl css_inline::StylesheetResolver for NoFetch {
    fn retrieve(&self, location: &str) -> css_inline::Result<String> {
        Err(self.unsupported(&format!("Werkbank never loads stylesheets ({location})")))
    }
}

/// The allow-list. Tags: ammonia's defaults (text, lists, tables, images, links) plus
/// `font` for old mailers; `area`/`map` go (their links bypass the link pass). No
/// `class` or `id` (the styles are inlined; ids could target the reader's own markup).
fn builder() -> ammonia::Builder<'static> {
    let mut builder = ammonia::Builder::default();
    builder
        .add_tags(["font", "center", "big"])
        .rm_tags(["area", "map"])
        .clean_content_tags(HashSet::from([
            "script",
            "style",
            "title",
            "iframe",
            "frame",
            "frameset",
            "noembed",
            "noframes",
            "object",
            "embed",
            "applet",
            "template",
            "head",
            "select",
            "textarea",
            "xmp",
            "plaintext",
            "noscript",
        ]))
        .add_generic_attributes([
            "style", "dir", "align", "width", "height", "bgcolor", "valign",
        ])
        .add_tag_attributes(
            "table",
            ["border", "cellpadding", "cellspacing", "width", "bgcolor"],
        )
        .add_tag_attributes("td", ["width", "height", "bgcolor", "valign", "nowrap"])
        .add_tag_attributes("th", ["width", "height", "bgcolor", "valign", "nowrap"])
        .add_tag_attributes("font", ["color", "face", "size"])
        .add_tag_attributes("img", ["border", "hspace", "vspace"])
        .rm_tag_attributes("blockquote", ["cite"])
        .rm_tag_attributes("q", ["cite"])
        .rm_tag_attributes("del", ["cite"])
        .rm_tag_attributes("ins", ["cite"])
        // http(s), mailto and cid are the schemes the reader uses; file and smb pass only
        // so that the link pass can list them as neutralised (it removes their href).
        .url_schemes(HashSet::from([
            "http", "https", "mailto", "cid", "file", "smb",
        ]))
        .url_relative(ammonia::UrlRelative::Deny)
        .attribute_filter(|_element, attribute, value| match attribute {
            "style" => css::sanitise_style(value).map(Into::into),
            _ => Some(value.into()),
        });
    builder
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn clean(html: &str) -> String {
        let cid = HashMap::new();
        sanitise(
            html,
            &ImageUrls {
                cid: &cid,
                remote_prefix: "werkbank-img://msg/1/remote/",
                remote_allowed: false,
            },
        )
        .rewritten
        .html
    }

    #[test]
    fn style_rules_become_filtered_style_attributes() {
        let html = clean(
            "<html><head><style>p { color: red; background: url(https://t.example/x) } @import url(https://e.example/a.css);</style></head><body><p>Hallo</p></body></html>",
        );
        assert_eq!(html, r#"<p style="color:red">Hallo</p>"#);
    }

    #[test]
    fn scripts_handlers_and_frames_are_gone() {
        let html = clean(
            r#"<p onclick="x()">a</p><script>alert(1)</script><iframe srcdoc="<script>x</script>">f</iframe><svg><script>alert(2)</script></svg><form action="https://e.example"><input name=p></form><base href="https://e.example/"><meta http-equiv="refresh" content="0;url=https://e.example">"#,
        );
        assert_eq!(html, "<p>a</p>");
    }

    #[test]
    fn javascript_urls_in_disguise_are_dropped() {
        for href in [
            "javascript:alert(1)",
            "JaVaScRiPt:alert(1)",
            "java&#x09;script:alert(1)",
            " &#106;avascript:alert(1)",
            "vbscript:x",
            "data:text/html,<script>x</script>",
        ] {
            let html = clean(&format!(r#"<a href="{href}">x</a>"#));
            assert!(!html.contains("href"), "{href} → {html}");
        }
    }
}
