//! The pass after ammonia: every image URL becomes a Werkbank-internal URL (or none,
//! while remote content is blocked), every link is numbered and described, and the
//! links the reader must not follow lose their `href`.
//!
//! It works on ammonia's output, which is well-formed, comment-free and holds only
//! allowed elements (none with raw-text content), so tokenising it gives the same
//! structure the browser will build. The pass also drops, once more, anything that
//! could run or load — it must never be the only line of defence, but it is a cheap
//! second one.

use super::super::links::{classify, is_deceptive};
use super::super::model::{Link, LinkKind, RemoteResource};
use ammonia::Url;
use html5ever::Attribute;
use html5ever::tendril::StrTendril;
use html5ever::tokenizer::{
    BufferQueue, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts,
};
use std::cell::RefCell;
use std::collections::{BTreeSet, HashMap};

/// Where images come from in the reader.
#[derive(Debug)]
pub(crate) struct ImageUrls<'a> {
    /// Content-ID (lower case, no angle brackets) → internal URL of that part.
    pub cid: &'a HashMap<String, String>,
    /// `…/remote/`; the index of the resource is appended.
    pub remote_prefix: &'a str,
    pub remote_allowed: bool,
}

#[derive(Debug, Default)]
pub(crate) struct Rewritten {
    pub html: String,
    pub links: Vec<Link>,
    pub remote: Vec<RemoteResource>,
    pub used_cids: BTreeSet<String>,
}

/// Attributes that load or run something and that no allowed element needs.
fn dangerous_attribute(name: &str) -> bool {
    name.starts_with("on")
        || matches!(
            name,
            "srcset"
                | "background"
                | "poster"
                | "action"
                | "formaction"
                | "xlink:href"
                | "data"
                | "cite"
                | "ping"
                | "dynsrc"
                | "lowsrc"
                | "longdesc"
        )
}

/// Elements that must never reach the reader; ammonia already removed them.
fn dangerous_element(name: &str) -> bool {
    matches!(
        name,
        "script"
            | "style"
            | "iframe"
            | "frame"
            | "frameset"
            | "object"
            | "embed"
            | "applet"
            | "form"
            | "input"
            | "button"
            | "textarea"
            | "select"
            | "base"
            | "meta"
            | "link"
            | "svg"
            | "math"
            | "template"
            | "noscript"
    )
}

pub(crate) fn rewrite(html: &str, images: &ImageUrls<'_>) -> Rewritten {
    let tokens = tokenize(html);
    let link_texts = link_texts(&tokens);
    let mut out = Rewritten {
        html: String::with_capacity(html.len() + html.len() / 8),
        ..Rewritten::default()
    };
    let mut skip_depth = 0usize;
    for token in tokens {
        match token {
            Token::TagToken(tag) => {
                let name: &str = &tag.name;
                if dangerous_element(name) {
                    // Content of a dropped element is dropped with it (it can only be
                    // here if ammonia let it through, which would be a bug).
                    match tag.kind {
                        TagKind::StartTag if !tag.self_closing => skip_depth += 1,
                        TagKind::EndTag => skip_depth = skip_depth.saturating_sub(1),
                        TagKind::StartTag => {}
                    }
                    continue;
                }
                if skip_depth > 0 {
                    continue;
                }
                match tag.kind {
                    TagKind::EndTag => {
                        out.html.push_str("</");
                        out.html.push_str(name);
                        out.html.push('>');
                    }
                    TagKind::StartTag => {
                        let mut attrs: Vec<(String, String)> = tag
                            .attrs
                            .iter()
                            .map(|a| (attr_name(a), a.value.to_string()))
                            .filter(|(n, _)| !dangerous_attribute(n))
                            .collect();
                        match name {
                            "img" => image(&mut attrs, images, &mut out),
                            "a" => link(&mut attrs, &link_texts, &mut out),
                            _ => attrs.retain(|(n, _)| n != "src" && n != "href"),
                        }
                        write_start(&mut out.html, name, &attrs);
                    }
                }
            }
            Token::CharacterTokens(text) if skip_depth == 0 => escape_text(&mut out.html, &text),
            _ => {}
        }
    }
    out
}

fn attr_name(attribute: &Attribute) -> String {
    match &attribute.name.prefix {
        Some(prefix) => format!("{prefix}:{}", attribute.name.local),
        None => attribute.name.local.to_string(),
    }
}

fn image(attrs: &mut Vec<(String, String)>, images: &ImageUrls<'_>, out: &mut Rewritten) {
    let src = take(attrs, "src").unwrap_or_default();
    let src = src.trim();
    if let Some(cid) = strip_scheme(src, "cid:") {
        let cid = percent_encoding::percent_decode_str(cid)
            .decode_utf8_lossy()
            .trim_matches(|c| c == '<' || c == '>')
            .to_lowercase();
        if let Some(url) = images.cid.get(&cid) {
            attrs.push(("src".into(), url.clone()));
            out.used_cids.insert(cid);
        }
        return;
    }
    let Ok(url) = Url::parse(src) else { return };
    if !matches!(url.scheme(), "http" | "https") {
        return;
    }
    let index = u32::try_from(out.remote.len()).unwrap_or(u32::MAX);
    out.remote.push(RemoteResource {
        index,
        host: url
            .host_str()
            .map(super::super::links::display_host)
            .unwrap_or_default(),
        url: url.to_string(),
        tracker: looks_like_tracker(attrs),
    });
    attrs.push(("data-werkbank-remote".into(), index.to_string()));
    if images.remote_allowed {
        attrs.push(("src".into(), format!("{}{index}", images.remote_prefix)));
    }
}

/// A pixel-sized or hidden image exists only to report that the message was opened.
fn looks_like_tracker(attrs: &[(String, String)]) -> bool {
    let tiny = |name: &str| {
        attrs
            .iter()
            .find(|(n, _)| n == name)
            .and_then(|(_, v)| v.trim().trim_end_matches("px").trim().parse::<f64>().ok())
            .is_some_and(|v| v <= 2.0)
    };
    let style: String = attrs
        .iter()
        .find(|(n, _)| n == "style")
        .map(|(_, v)| {
            v.chars()
                .filter(|c| !c.is_whitespace())
                .collect::<String>()
                .to_lowercase()
        })
        .unwrap_or_default();
    tiny("width")
        || tiny("height")
        || [
            "display:none",
            "visibility:hidden",
            "width:0",
            "height:0",
            "width:1px",
            "height:1px",
            "opacity:0",
        ]
        .iter()
        .any(|s| style.contains(s))
}

fn link(attrs: &mut Vec<(String, String)>, texts: &HashMap<usize, String>, out: &mut Rewritten) {
    let Some(href) = take(attrs, "href") else {
        return;
    };
    let index = out.links.len();
    let (kind, host, href) = classify(&href);
    let text = texts.get(&index).cloned().unwrap_or_default();
    let deceptive = kind != LinkKind::Blocked && is_deceptive(&text, &host);
    attrs.retain(|(n, _)| n != "target");
    if kind != LinkKind::Blocked {
        attrs.push(("href".into(), href.clone()));
        // A click must never navigate the sandboxed frame itself; the shell turns the
        // new-window request into "open in the system browser".
        attrs.push(("target".into(), "_blank".into()));
    }
    attrs.push(("data-werkbank-link".into(), index.to_string()));
    attrs.push(("data-werkbank-kind".into(), kind_name(kind).into()));
    if deceptive {
        attrs.push(("data-werkbank-deceptive".into(), "true".into()));
    }
    out.links.push(Link {
        index: u32::try_from(index).unwrap_or(u32::MAX),
        href,
        text,
        kind,
        host,
        deceptive,
    });
}

fn kind_name(kind: LinkKind) -> &'static str {
    match kind {
        LinkKind::Web => "web",
        LinkKind::Mail => "mail",
        LinkKind::Blocked => "blocked",
    }
}

/// The visible text of each `<a href>` by its link number, collapsed and capped.
fn link_texts(tokens: &[Token]) -> HashMap<usize, String> {
    let mut texts = HashMap::new();
    let mut current: Option<(usize, String)> = None;
    let mut next = 0usize;
    for token in tokens {
        match token {
            Token::TagToken(tag) if &*tag.name == "a" => match tag.kind {
                TagKind::StartTag if tag.attrs.iter().any(|a| &*a.name.local == "href") => {
                    if let Some((i, t)) = current.take() {
                        texts.insert(i, collapse(&t));
                    }
                    current = Some((next, String::new()));
                    next += 1;
                }
                TagKind::StartTag => {}
                TagKind::EndTag => {
                    if let Some((i, t)) = current.take() {
                        texts.insert(i, collapse(&t));
                    }
                }
            },
            Token::TagToken(tag) if &*tag.name == "img" => {
                if let Some((_, text)) = current.as_mut()
                    && let Some(alt) = tag.attrs.iter().find(|a| &*a.name.local == "alt")
                {
                    text.push(' ');
                    text.push_str(&alt.value);
                }
            }
            Token::CharacterTokens(t) => {
                if let Some((_, text)) = current.as_mut()
                    && text.len() < 4096
                {
                    text.push_str(t);
                }
            }
            _ => {}
        }
    }
    if let Some((i, t)) = current {
        texts.insert(i, collapse(&t));
    }
    texts
}

fn collapse(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .chars()
        .filter(|c| !c.is_control())
        .take(200)
        .collect()
}

fn take(attrs: &mut Vec<(String, String)>, name: &str) -> Option<String> {
    let position = attrs.iter().position(|(n, _)| n == name)?;
    Some(attrs.remove(position).1)
}

fn strip_scheme<'s>(value: &'s str, scheme: &str) -> Option<&'s str> {
    value
        .get(..scheme.len())
        .filter(|s| s.eq_ignore_ascii_case(scheme))
        .map(|_| &value[scheme.len()..])
}

fn write_start(html: &mut String, name: &str, attrs: &[(String, String)]) {
    html.push('<');
    html.push_str(name);
    for (attr, value) in attrs {
        html.push(' ');
        html.push_str(attr);
        html.push_str("=\"");
        for c in value.chars() {
            match c {
                '&' => html.push_str("&amp;"),
                '"' => html.push_str("&quot;"),
                '<' => html.push_str("&lt;"),
                '>' => html.push_str("&gt;"),
                c if c.is_control() && c != '\t' && c != '\n' => {}
                c => html.push(c),
            }
        }
        html.push('"');
    }
    html.push('>');
}

pub(crate) fn escape_text(html: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => html.push_str("&amp;"),
            '<' => html.push_str("&lt;"),
            '>' => html.push_str("&gt;"),
            '\0' => {}
            c => html.push(c),
        }
    }
}

/// Tokens of an HTML fragment, as the HTML tokenizer (data state) sees them.
pub(crate) fn tokenize(html: &str) -> Vec<Token> {
    let tokenizer = Tokenizer::new(Collect::default(), TokenizerOpts::default());
    let queue = BufferQueue::default();
    queue.push_back(StrTendril::from(html));
    let _ = tokenizer.feed(&queue);
    tokenizer.end();
    tokenizer.sink.tokens.into_inner()
}

#[derive(Default)]
struct Collect {
    tokens: RefCell<Vec<Token>>,
}

impl TokenSink for Collect {
    type Handle = ();

    fn process_token(&self, token: Token, _line: u64) -> TokenSinkResult<()> {
        match token {
            Token::ParseError(_) | Token::EOFToken => {}
            // Adjacent character tokens are merged so a link's text is one piece.
            Token::CharacterTokens(text) => {
                let mut tokens = self.tokens.borrow_mut();
                if let Some(Token::CharacterTokens(last)) = tokens.last_mut() {
                    last.push_tendril(&text);
                } else {
                    tokens.push(Token::CharacterTokens(text));
                }
            }
            other => self.tokens.borrow_mut().push(other),
        }
        TokenSinkResult::Continue
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(html: &str, allowed: bool) -> Rewritten {
        let mut cid = HashMap::new();
        cid.insert(
            "logo@x".to_string(),
            "werkbank-img://msg/1/part/2".to_string(),
        );
        rewrite(
            html,
            &ImageUrls {
                cid: &cid,
                remote_prefix: "werkbank-img://msg/1/remote/",
                remote_allowed: allowed,
            },
        )
    }

    #[test]
    fn cid_images_point_into_the_message() {
        let r = run(r#"<img src="cid:Logo@X" alt="Logo">"#, false);
        assert_eq!(
            r.html,
            r#"<img alt="Logo" src="werkbank-img://msg/1/part/2">"#
        );
        assert!(r.used_cids.contains("logo@x"));
    }

    #[test]
    fn remote_images_have_no_src_while_blocked() {
        let r = run(
            r#"<img src="https://t.example/p.gif" width="1" height="1">"#,
            false,
        );
        assert_eq!(
            r.html,
            r#"<img width="1" height="1" data-werkbank-remote="0">"#
        );
        assert!(r.remote[0].tracker);
        assert_eq!(r.remote[0].host, "t.example");
        let r = run(r#"<img src="https://t.example/a.png">"#, true);
        assert!(r.html.contains(r#"src="werkbank-img://msg/1/remote/0""#));
        assert!(!r.remote[0].tracker);
    }

    #[test]
    fn links_are_numbered_and_described() {
        let r = run(
            r#"<a href="https://evil.example/" rel="noopener">www.sparkasse.de</a> <a href="file:///c:/x">x</a>"#,
            false,
        );
        assert_eq!(r.links.len(), 2);
        assert!(r.links[0].deceptive);
        assert_eq!(r.links[0].text, "www.sparkasse.de");
        assert_eq!(r.links[1].kind, LinkKind::Blocked);
        assert!(r.html.contains(r#"data-werkbank-deceptive="true""#));
        assert!(!r.html.contains("file:"));
    }

    #[test]
    fn a_second_line_of_defence_drops_handlers_and_scripts() {
        let r = run(r#"<p onclick="x()">a<script>alert(1)</script>b</p>"#, false);
        assert_eq!(r.html, "<p>ab</p>");
    }
}
