//! Domains made to look like another: `stadt-examp1e.de` for `stadt-example.de`,
//! Cyrillic `а` in `pаypal.com` (`xn--pypal-4ve.com`), `rn` for `m`.
//!
//! Two measures: a *skeleton* (each character replaced by the Latin letter it is
//! mistaken for, after IDN decoding; a small table in the spirit of Unicode TR 39's
//! confusables, covering the scripts attackers use against Latin names), and the edit
//! distance between skeletons. A domain that is not a known one but whose skeleton is
//! equal to or within a small edit distance of a known one's resembles it.

/// The known domain `domain` imitates, if any. Both are compared in Unicode form.
pub(crate) fn resembles<'k>(
    domain: &str,
    known: impl IntoIterator<Item = &'k str>,
) -> Option<&'k str> {
    let domain = unicode(domain);
    let (name, tld) = split_tld(&domain);
    let (name, tld) = (skeleton(name), tld.to_string());
    let mut best: Option<(&'k str, usize)> = None;
    for candidate in known {
        let candidate_unicode = unicode(candidate);
        if candidate_unicode == domain || domain.ends_with(&format!(".{candidate_unicode}")) {
            return None; // a known domain or a subdomain of one, not a look-alike
        }
        let (other_name, other_tld) = split_tld(&candidate_unicode);
        let other_name = skeleton(other_name);
        let distance = if other_name == name {
            0
        } else if other_tld != tld {
            continue; // another name under another top-level domain: unrelated
        } else {
            edit_distance(&name, &other_name, 2)
        };
        // Short names are too close to each other by chance ("gmx", "gmv").
        let limit = match other_name.chars().count() {
            0..=6 => 0,
            7..=11 => 1,
            _ => 2,
        };
        if distance <= limit && best.is_none_or(|(_, d)| distance < d) {
            best = Some((candidate, distance));
        }
    }
    best.map(|(candidate, _)| candidate)
}

/// A label mixes Latin with Cyrillic, Greek, Armenian or Cherokee: no real
/// organisation's domain does that, homograph attacks do.
pub(crate) fn mixed_script(domain: &str) -> bool {
    unicode(domain).split('.').any(|label| {
        let mut scripts = label.chars().filter_map(script).collect::<Vec<_>>();
        scripts.sort_unstable();
        scripts.dedup();
        scripts.len() > 1
    })
}

fn unicode(domain: &str) -> String {
    super::super::links::display_host(domain)
}

/// `("stadt-example", "de")`; a name without a dot is all name.
fn split_tld(domain: &str) -> (&str, &str) {
    domain.rsplit_once('.').unwrap_or((domain, ""))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Script {
    Latin,
    Greek,
    Cyrillic,
    Armenian,
    Cherokee,
}

fn script(c: char) -> Option<Script> {
    match c {
        'a'..='z' | 'A'..='Z' | '\u{00c0}'..='\u{024f}' | '\u{1e00}'..='\u{1eff}' => {
            Some(Script::Latin)
        }
        '\u{0370}'..='\u{03ff}' | '\u{1f00}'..='\u{1fff}' => Some(Script::Greek),
        '\u{0400}'..='\u{052f}' | '\u{2de0}'..='\u{2dff}' | '\u{a640}'..='\u{a69f}' => {
            Some(Script::Cyrillic)
        }
        '\u{0530}'..='\u{058f}' => Some(Script::Armenian),
        '\u{13a0}'..='\u{13ff}' | '\u{ab70}'..='\u{abbf}' => Some(Script::Cherokee),
        _ => None,
    }
}

/// The Latin letters a domain is read as. Multi-letter confusions (`rn` → `m`, `vv` →
/// `w`) are folded after the single characters.
fn skeleton(domain: &str) -> String {
    let single: String = domain
        .chars()
        .flat_map(char::to_lowercase)
        .map(confusable)
        .filter(|c| !matches!(c, '\u{200b}'..='\u{200d}' | '\u{feff}' | '\u{00ad}'))
        .collect();
    single
        .replace("rn", "m")
        .replace("vv", "w")
        .replace("cl", "d")
}

fn confusable(c: char) -> char {
    match c {
        // Digits and ASCII
        '0' => 'o',
        '1' | 'i' | '|' | 'ı' | 'ɩ' | 'ǀ' => 'l',
        '5' => 's',
        // Cyrillic
        'а' => 'a',
        'в' => 'b',
        'е' | 'ё' | 'є' => 'e',
        'һ' => 'h',
        'і' | 'ї' | 'ӏ' => 'l',
        'ј' => 'j',
        'к' => 'k',
        'м' => 'm',
        'н' => 'h',
        'о' => 'o',
        'р' => 'p',
        'с' => 'c',
        'т' => 't',
        'у' => 'y',
        'х' => 'x',
        'ѕ' => 's',
        'ԁ' => 'd',
        'ԛ' => 'q',
        'ԝ' => 'w',
        'ь' => 'b',
        'г' => 'r',
        'п' => 'n',
        // Greek
        'α' => 'a',
        'β' => 'b',
        'ε' => 'e',
        'η' => 'n',
        'ι' => 'l',
        'κ' => 'k',
        'ν' => 'v',
        'ο' => 'o',
        'ρ' => 'p',
        'τ' => 't',
        'υ' => 'u',
        'χ' => 'x',
        'ω' => 'w',
        // Latin with marks that vanish at small sizes
        'à' | 'á' | 'â' | 'ã' | 'å' | 'ā' | 'ă' | 'ą' => 'a',
        'ç' | 'ć' | 'ĉ' | 'ċ' | 'č' => 'c',
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ė' | 'ę' | 'ě' => 'e',
        'ì' | 'í' | 'î' | 'ï' | 'ĩ' | 'ī' | 'į' => 'l',
        'ñ' | 'ń' | 'ņ' | 'ň' => 'n',
        'ò' | 'ó' | 'ô' | 'õ' | 'ø' | 'ō' | 'ő' => 'o',
        'ù' | 'ú' | 'û' | 'ũ' | 'ū' | 'ů' | 'ű' | 'ų' => 'u',
        'ý' | 'ÿ' => 'y',
        'ś' | 'ŝ' | 'ş' | 'š' => 's',
        'ź' | 'ż' | 'ž' => 'z',
        // Separators people overlook
        '_' => '-',
        c => c,
    }
}

/// Levenshtein distance, giving up (returning `limit + 1`) once it exceeds `limit`.
fn edit_distance(a: &str, b: &str, limit: usize) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    if a.len().abs_diff(b.len()) > limit || a.len() > 253 || b.len() > 253 {
        return limit + 1;
    }
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut current = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            let substitution = previous[j] + usize::from(ca != cb);
            current[j + 1] = substitution.min(previous[j + 1] + 1).min(current[j] + 1);
        }
        if current.iter().min().is_some_and(|m| *m > limit) {
            return limit + 1;
        }
        previous = current;
    }
    previous[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    const KNOWN: [&str; 2] = ["stadt-example.de", "bund.de"];

    #[test]
    fn homographs_and_typos_resemble_the_real_domain() {
        for fake in [
            "stadt-examp1e.de",
            "stadt-exampie.de",
            "stadt_example.de",
            "stadt-exarnple.de",
            "stаdt-example.de", // Cyrillic а
            "xn--stdt-example-y9j.de",
            "stadt-exmple.de",
        ] {
            assert_eq!(resembles(fake, KNOWN), Some("stadt-example.de"), "{fake}");
        }
    }

    #[test]
    fn the_real_domain_and_unrelated_ones_do_not() {
        assert_eq!(resembles("stadt-example.de", KNOWN), None);
        assert_eq!(resembles("STADT-EXAMPLE.DE", KNOWN), None);
        assert_eq!(resembles("gmail.com", KNOWN), None);
        assert_eq!(
            resembles("bunt.de", KNOWN),
            None,
            "short names need an exact skeleton"
        );
        assert_eq!(resembles("bunb.de", ["bund.de"]), None);
        assert_eq!(
            resembles("mail.stadt-example.de", KNOWN),
            None,
            "a subdomain is the same organisation"
        );
        assert_eq!(
            resembles("stadt-example.com", KNOWN),
            Some("stadt-example.de"),
            "same name, other TLD"
        );
    }

    #[test]
    fn mixed_scripts_in_one_label_are_found() {
        assert!(mixed_script("xn--pypal-4ve.com"));
        assert!(mixed_script("pаypal.com"));
        assert!(!mixed_script("paypal.com"));
        assert!(!mixed_script("müller.de"));
        assert!(!mixed_script("пример.рф"));
    }

    #[test]
    fn edit_distance_stops_at_the_limit() {
        assert_eq!(edit_distance("kitten", "sitting", 5), 3);
        assert_eq!(edit_distance("a", "abcdef", 2), 3);
    }
}
