//! Config files are templates under `xtask/templates/` with `{{NAME}}` placeholders;
//! an unknown placeholder is an error, so a typo cannot ship a half-rendered config.

use crate::cmd::Result;

pub fn render(name: &str, template: &str, vars: &[(&str, String)]) -> Result<String> {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(start) = rest.find("{{") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        let end = after
            .find("}}")
            .ok_or_else(|| format!("template {name}: unclosed placeholder"))?;
        let key = &after[..end];
        let value = vars
            .iter()
            .find(|(k, _)| *k == key)
            .ok_or_else(|| format!("template {name}: no value for {{{{{key}}}}}"))?;
        out.push_str(&value.1);
        rest = &after[end + 2..];
    }
    out.push_str(rest);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::render;

    #[test]
    fn fills_every_placeholder() {
        let out = render(
            "t",
            "a {{X}} b {{Y}}{{X}}",
            &[("X", "1".into()), ("Y", "2".into())],
        );
        assert_eq!(out.as_deref(), Ok("a 1 b 21"));
    }

    #[test]
    fn unknown_placeholder_is_an_error() {
        let err = render("t", "a {{NOPE}}", &[]).unwrap_err();
        assert!(err.contains("NOPE"), "{err}");
    }
}
