//! The safety properties of a rendered message, checked independently of how the
//! sanitiser reached them: the HTML is tokenised again and every element, attribute
//! and URL is judged on its own. The corpus tests, the fuzz target and the replay of
//! the fuzz corpus all call [`audit`]; an empty list means safe.

use super::html::rewrite::tokenize;
use super::model::{LinkKind, Message};
use html5ever::tokenizer::{TagKind, Token};

const FORBIDDEN_ELEMENTS: &[&str] = &[
    "script",
    "style",
    "iframe",
    "frame",
    "frameset",
    "object",
    "embed",
    "applet",
    "form",
    "input",
    "button",
    "textarea",
    "select",
    "option",
    "base",
    "meta",
    "link",
    "svg",
    "math",
    "template",
    "noscript",
    "video",
    "audio",
    "source",
    "track",
    "portal",
    "area",
    "map",
    "image",
    "xmp",
    "plaintext",
    "noembed",
    "noframes",
    "title",
    "head",
    "html",
    "body",
];

/// Attributes that hold a URL in some element of HTML, SVG or MathML.
const URL_ATTRIBUTES: &[&str] = &[
    "href",
    "src",
    "action",
    "formaction",
    "background",
    "poster",
    "srcset",
    "cite",
    "xlink:href",
    "data",
    "ping",
    "dynsrc",
    "lowsrc",
    "longdesc",
    "manifest",
    "codebase",
    "archive",
    "usemap",
    "profile",
    "icon",
];

/// Everything wrong with `message` (and its attached messages), as sentences; empty
/// when it is safe to show. `image_origin` is the origin the message was rendered for.
pub fn audit(message: &Message, image_origin: &str, remote_allowed: bool) -> Vec<String> {
    let mut problems = Vec::new();
    audit_into(message, image_origin, remote_allowed, &mut problems);
    problems
}

fn audit_into(message: &Message, origin: &str, remote_allowed: bool, problems: &mut Vec<String>) {
    let internal = format!("{origin}msg/");
    let mut link_count = 0usize;
    for token in tokenize(&message.body.html) {
        let Token::TagToken(tag) = token else {
            continue;
        };
        if tag.kind != TagKind::StartTag {
            continue;
        }
        let element = tag.name.to_string();
        if FORBIDDEN_ELEMENTS.contains(&element.as_str()) {
            problems.push(format!("element <{element}>"));
        }
        for attribute in &tag.attrs {
            let name = match &attribute.name.prefix {
                Some(prefix) => format!("{prefix}:{}", attribute.name.local),
                None => attribute.name.local.to_string(),
            };
            let value = attribute.value.to_string();
            let squeezed: String = value
                .chars()
                .filter(|c| !c.is_whitespace() && !c.is_control())
                .flat_map(char::to_lowercase)
                .collect();
            if name.starts_with("on") {
                problems.push(format!("event handler {name} on <{element}>"));
            }
            if name == "style"
                && [
                    "url(",
                    "expression",
                    "@import",
                    "javascript:",
                    "\\",
                    "behavior",
                    "-moz-binding",
                ]
                .iter()
                .any(|bad| squeezed.contains(bad))
            {
                problems.push(format!("style {value:?}"));
            }
            if !URL_ATTRIBUTES.contains(&name.as_str()) {
                continue;
            }
            match (element.as_str(), name.as_str()) {
                ("img", "src") => {
                    if !value.starts_with(&internal) {
                        problems.push(format!("image from outside: {value:?}"));
                    } else if !remote_allowed && value.contains("/remote/") {
                        problems.push(format!("remote image while blocked: {value:?}"));
                    }
                }
                ("a", "href") => {
                    link_count += 1;
                    if !(squeezed.starts_with("https://")
                        || squeezed.starts_with("http://")
                        || squeezed.starts_with("mailto:"))
                    {
                        problems.push(format!("link to {value:?}"));
                    }
                }
                _ => problems.push(format!("URL attribute {name} on <{element}>: {value:?}")),
            }
        }
    }
    let listed = message
        .links
        .iter()
        .filter(|l| l.kind != LinkKind::Blocked)
        .count();
    if listed != link_count {
        problems.push(format!("{link_count} links in the HTML, {listed} listed"));
    }
    for link in &message.links {
        let href = link.href.trim().to_lowercase();
        let bad_scheme = ["javascript:", "vbscript:", "data:", "file:", "smb:", "\\\\"]
            .iter()
            .any(|s| href.starts_with(s));
        if bad_scheme || (link.kind == LinkKind::Blocked && !link.href.is_empty()) {
            problems.push(format!("listed link {:?}", link.href));
        }
    }
    for image in &message.inline_images {
        if !image.url.starts_with(&internal) {
            problems.push(format!("inline image URL {:?}", image.url));
        }
    }
    for attached in &message.attached_messages {
        audit_into(&attached.message, origin, remote_allowed, problems);
    }
}
