//! The `style` attributes that survive sanitising. css-inline has moved every rule of
//! the message's `<style>` into them, so this is the only CSS the reader ever sees.
//!
//! The filter is a denylist over declarations, not a CSS parser: a declaration is kept
//! only when its value cannot load anything or run anything. Anything that needs escape
//! processing or comments to be understood is dropped rather than interpreted, because
//! a filter that reads CSS differently from the browser is how `expression()` and
//! `url()` smuggling works.

/// Declarations that can fetch, run or break out of the reader's box.
const FORBIDDEN_PROPERTIES: &[&str] = &[
    "behavior",
    "-moz-binding",
    "content",
    "cursor",
    "src",
    "mask",
    "mask-image",
    "-webkit-mask",
    "-webkit-mask-image",
    "list-style-image",
    "border-image",
    "border-image-source",
    "shape-outside",
    "filter",
];

/// Value fragments that fetch (`url(`, `image-set(`), run script (old IE `expression(`,
/// `javascript:`) or hide an `@import`.
const FORBIDDEN_IN_VALUE: &[&str] = &[
    "url(",
    "image(",
    "image-set(",
    "cross-fade(",
    "element(",
    "expression",
    "javascript:",
    "vbscript:",
    "@import",
    "-moz-binding",
    "behavior",
    "attr(",
];

/// The most a style attribute may hold; longer ones are mostly generated junk or an
/// attempt to slow the sanitiser down.
const MAX_STYLE_LEN: usize = 8 * 1024;

/// The filtered declarations as `name:value;…`, or `None` when nothing safe is left.
pub(crate) fn sanitise_style(style: &str) -> Option<String> {
    if style.len() > MAX_STYLE_LEN {
        return None;
    }
    let mut kept = Vec::new();
    for declaration in split_declarations(style) {
        let Some((name, value)) = declaration.split_once(':') else {
            continue;
        };
        let name = name.trim().to_ascii_lowercase();
        let value = value.trim();
        if let Some(clean) = safe_declaration(&name, value) {
            kept.push(format!("{name}:{clean}"));
        }
    }
    (!kept.is_empty()).then(|| kept.join(";"))
}

fn safe_declaration(name: &str, value: &str) -> Option<String> {
    if name.is_empty()
        || !name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        || FORBIDDEN_PROPERTIES.contains(&name)
    {
        return None;
    }
    // Escapes, comments, quotes that could hide a keyword, and markup characters are
    // never needed for the colours, fonts and boxes mail uses.
    if value.is_empty()
        || value
            .chars()
            .any(|c| matches!(c, '\\' | '<' | '>' | '{' | '}') || c.is_control())
        || value.contains("/*")
    {
        return None;
    }
    let squeezed: String = value
        .chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect();
    // Judged with the name: `javascript:x` is the harmless unknown property
    // `javascript`, but nobody should have to argue that.
    let declaration = format!("{name}:{squeezed}");
    if FORBIDDEN_IN_VALUE
        .iter()
        .any(|bad| declaration.contains(bad))
    {
        return None;
    }
    // `position: fixed/absolute/sticky` lets a message draw over the reader's own
    // chrome inside the iframe (a fake "verify your account" overlay).
    if name == "position" && !matches!(squeezed.as_str(), "static" | "relative") {
        return None;
    }
    Some(value.to_string())
}

/// Splits on `;` outside quotes and parentheses.
fn split_declarations(style: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let (mut depth, mut quote, mut start) = (0usize, None::<char>, 0usize);
    for (i, c) in style.char_indices() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => quote = Some(c),
            (None, '(') => depth += 1,
            (None, ')') => depth = depth.saturating_sub(1),
            (None, ';') if depth == 0 => {
                parts.push(&style[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(&style[start..]);
    parts
}

#[cfg(test)]
mod tests {
    use super::sanitise_style;

    #[test]
    fn keeps_colours_fonts_and_boxes() {
        assert_eq!(
            sanitise_style("color: #333; font-family: 'Segoe UI', Arial; padding:4px").as_deref(),
            Some("color:#333;font-family:'Segoe UI', Arial;padding:4px")
        );
    }

    #[test]
    fn drops_anything_that_fetches_or_runs() {
        for style in [
            "background: url(https://t.example/p.gif)",
            "background:URL ( 'x' )",
            "width: expression(alert(1))",
            "width: ex\\70 ression(alert(1))",
            "behavior: url(x.htc)",
            "-moz-binding: url(x.xml#xss)",
            "background-image: image-set('a.png' 1x)",
            "color: red /* */; background:u/**/rl(x)",
            "list-style-image: none",
            "position: fixed; top: 0",
            "x: javascript:alert(1)",
            "javascript:e",
        ] {
            let out = sanitise_style(style).unwrap_or_default();
            let low = out.to_lowercase();
            assert!(
                !low.contains("url")
                    && !low.contains("expression")
                    && !low.contains("fixed")
                    && !low.contains("javascript"),
                "{style} → {out}"
            );
        }
    }

    #[test]
    fn semicolons_inside_quotes_do_not_split() {
        assert_eq!(
            sanitise_style("font-family: \"a;b\"; color: red").as_deref(),
            Some("font-family:\"a;b\";color:red")
        );
    }
}
