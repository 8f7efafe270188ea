//! Plain-text bodies as HTML: escaped, line breaks kept, web and mail addresses made
//! into links (which then go through the same sanitiser and link pass as HTML mail).

use super::rewrite::escape_text;

pub(crate) fn text_to_html(text: &str) -> String {
    let mut html = String::with_capacity(text.len() + 64);
    html.push_str("<div style=\"white-space:pre-wrap;font-family:monospace\">");
    for (i, line) in text.lines().enumerate() {
        if i > 0 {
            html.push('\n');
        }
        linkify_line(&mut html, line);
    }
    html.push_str("</div>");
    html
}

fn linkify_line(html: &mut String, line: &str) {
    let mut rest = line;
    while let Some((start, end, href)) = next_link(rest) {
        escape_text(html, &rest[..start]);
        let shown = &rest[start..end];
        html.push_str("<a href=\"");
        escape_text(html, &href.replace('"', "%22"));
        html.push_str("\">");
        escape_text(html, shown);
        html.push_str("</a>");
        rest = &rest[end..];
    }
    escape_text(html, rest);
}

/// The first `http(s)://…` or `www.…` in a line: byte range and target.
fn next_link(line: &str) -> Option<(usize, usize, String)> {
    let lower = line.to_ascii_lowercase();
    let mut from = 0;
    // A loop, not recursion: a line of a million bare "http://" must not grow the stack.
    while from < line.len() {
        let start = ["https://", "http://", "www."]
            .iter()
            .filter_map(|p| {
                lower[from..]
                    .match_indices(p)
                    .map(|(i, _)| i + from)
                    .find(|i| *i == 0 || !lower.as_bytes()[i - 1].is_ascii_alphanumeric())
            })
            .min()?;
        let tail = &line[start..];
        let mut end = tail
            .find(|c: char| c.is_whitespace() || matches!(c, '<' | '>' | '"' | '\''))
            .unwrap_or(tail.len());
        // Punctuation after a link ends the sentence, not the link.
        while end > 0 && tail[..end].ends_with(['.', ',', ';', ':', '!', '?', ')', ']']) {
            end -= 1;
        }
        let shown = &tail[..end];
        if shown.len() < 5 || shown.ends_with("://") || shown.ends_with("www.") {
            // Not a link after all: look again after the prefix.
            from = (start + 4..=line.len()).find(|i| line.is_char_boundary(*i))?;
            continue;
        }
        let href = if shown.to_ascii_lowercase().starts_with("www.") {
            format!("https://{shown}")
        } else {
            shown.to_string()
        };
        return Some((start, start + end, href));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::text_to_html;

    #[test]
    fn escapes_and_links() {
        let html = text_to_html("<b>Hallo</b> & siehe https://example.org/a?b=1&c=2.\nwww.bund.de");
        assert!(html.contains("&lt;b&gt;Hallo&lt;/b&gt; &amp; siehe "));
        assert!(html.contains(
            r#"<a href="https://example.org/a?b=1&amp;c=2">https://example.org/a?b=1&amp;c=2</a>."#
        ));
        assert!(html.contains(r#"<a href="https://www.bund.de">www.bund.de</a>"#));
    }

    #[test]
    fn a_bare_prefix_is_no_link() {
        assert!(!text_to_html("http:// und www. und https").contains("<a"));
    }
}
