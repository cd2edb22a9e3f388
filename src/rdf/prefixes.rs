//! The prefix map used to shorten IRIs: in tables for people to read, and in
//! Turtle and TriG exports, where only the prefixes actually used are declared.
//! The exporter must agree with Oxigraph's Turtle writer on which IRIs it can
//! abbreviate, so `turtle_local_name` follows the Turtle grammar's `PN_LOCAL`
//! (with the backslash escapes `PN_LOCAL_ESC` allows) the same way that writer does.

/// An ordered list of `(prefix name, namespace IRI)` pairs.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Prefixes {
    entries: Vec<(String, String)>,
}

impl Prefixes {
    /// Adds pairs, keeping the first binding of a name and of a namespace.
    pub fn extend(&mut self, pairs: impl IntoIterator<Item = (String, String)>) {
        for (name, namespace) in pairs {
            if namespace.is_empty()
                || self
                    .entries
                    .iter()
                    .any(|(n, iri)| *n == name || *iri == namespace)
            {
                continue;
            }
            self.entries.push((name, namespace));
        }
    }

    /// The pairs, in the order they were added.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.entries.iter().map(|(n, i)| (n.as_str(), i.as_str()))
    }

    /// The namespace bound to `name`, if any.
    pub fn namespace(&self, name: &str) -> Option<&str> {
        self.entries
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, iri)| iri.as_str())
    }

    /// `prefix:local` for a person to read, which also parses as SPARQL and
    /// Turtle when pasted: the longest matching namespace whose local part is
    /// a prefixed name's local part with no escapes; `None` when there is none.
    pub fn shorten_for_display(&self, iri: &str) -> Option<String> {
        self.entries
            .iter()
            .filter_map(|(name, namespace)| {
                let local = iri.strip_prefix(namespace.as_str())?;
                plain_local_name(local).then(|| (namespace.len(), format!("{name}:{local}")))
            })
            .max_by_key(|(len, _)| *len)
            .map(|(_, short)| short)
    }

    /// The prefixes to declare for writing these IRIs: for each IRI the
    /// longest namespace under which it is a plain prefixed name, sorted by name.
    /// A namespace inside another one in the set (`dkr:` around `event:`) is
    /// left out, since a writer that tries prefixes in name order would
    /// otherwise write `dkr:event\/x`; an IRI only it covered is written in full.
    pub fn used_by<'a>(&self, iris: impl IntoIterator<Item = &'a str>) -> Prefixes {
        let mut used = vec![false; self.entries.len()];
        for iri in iris {
            let best = self
                .entries
                .iter()
                .enumerate()
                .filter(|(_, (_, namespace))| {
                    iri.strip_prefix(namespace.as_str())
                        .is_some_and(|local| local.is_empty() || plain_local_name(local))
                })
                .max_by_key(|(_, (_, namespace))| namespace.len());
            if let Some((i, _)) = best {
                used[i] = true;
            }
        }
        let chosen: Vec<&(String, String)> = self
            .entries
            .iter()
            .zip(&used)
            .filter(|(_, u)| **u)
            .map(|(e, _)| e)
            .collect();
        let mut entries: Vec<(String, String)> = chosen
            .iter()
            .filter(|(_, outer)| {
                !chosen.iter().any(|(_, inner)| {
                    inner.len() > outer.len() && inner.starts_with(outer.as_str())
                })
            })
            .map(|e| (*e).clone())
            .collect();
        entries.sort();
        Prefixes { entries }
    }
}

/// Whether `local` can be written as a Turtle `PN_LOCAL`, escapes allowed.
pub fn turtle_local_name(local: &str) -> bool {
    let mut chars = local.chars().peekable();
    let Some(first) = chars.next() else {
        return false;
    };
    if !(pn_chars_u(first) || first == ':' || first.is_ascii_digit() || escapable(first)) {
        return false;
    }
    while let Some(c) = chars.next() {
        let last = chars.peek().is_none();
        let ok = pn_chars(c) || c == ':' || (c == '.' && !last) || escapable(c);
        if !ok {
            return false;
        }
    }
    true
}

/// Whether `local` is a prefixed name's local part as it stands, with no
/// escapes: what SPARQL and Turtle both read back without change.
pub fn plain_local_name(local: &str) -> bool {
    let mut chars = local.chars().peekable();
    let Some(first) = chars.next() else {
        return false;
    };
    if !(pn_chars_u(first) || first == ':' || first.is_ascii_digit()) {
        return false;
    }
    while let Some(c) = chars.next() {
        let last = chars.peek().is_none();
        if !(pn_chars(c) || c == ':' || (c == '.' && !last)) {
            return false;
        }
    }
    true
}

fn pn_chars_base(c: char) -> bool {
    matches!(c,
        'A'..='Z' | 'a'..='z'
        | '\u{00C0}'..='\u{00D6}' | '\u{00D8}'..='\u{00F6}' | '\u{00F8}'..='\u{02FF}'
        | '\u{0370}'..='\u{037D}' | '\u{037F}'..='\u{1FFF}' | '\u{200C}'..='\u{200D}'
        | '\u{2070}'..='\u{218F}' | '\u{2C00}'..='\u{2FEF}' | '\u{3001}'..='\u{D7FF}'
        | '\u{F900}'..='\u{FDCF}' | '\u{FDF0}'..='\u{FFFD}' | '\u{10000}'..='\u{EFFFF}')
}

fn pn_chars_u(c: char) -> bool {
    pn_chars_base(c) || c == '_'
}

fn pn_chars(c: char) -> bool {
    pn_chars_u(c)
        || c == '-'
        || c.is_ascii_digit()
        || c == '\u{00B7}'
        || ('\u{0300}'..='\u{036F}').contains(&c)
        || ('\u{203F}'..='\u{2040}').contains(&c)
}

fn escapable(c: char) -> bool {
    "_~.-!$&'()*+,;=/?#@%".contains(c)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Prefixes {
        let mut p = Prefixes::default();
        p.extend([
            ("dkr".to_owned(), "https://w3id.org/dipkg/id/".to_owned()),
            (
                "xsd".to_owned(),
                "http://www.w3.org/2001/XMLSchema#".to_owned(),
            ),
            ("dkr".to_owned(), "http://other/".to_owned()),
        ]);
        p
    }

    #[test]
    fn first_binding_wins() {
        assert_eq!(
            sample().namespace("dkr"),
            Some("https://w3id.org/dipkg/id/")
        );
        assert_eq!(sample().iter().count(), 2);
    }

    #[test]
    fn display_shortening_gives_names_that_parse() {
        let mut p = sample();
        p.extend([(
            "state".to_owned(),
            "https://w3id.org/dipkg/id/state/".to_owned(),
        )]);
        assert_eq!(
            p.shorten_for_display("https://w3id.org/dipkg/id/state/turkey"),
            Some("state:turkey".to_owned())
        );
        // `dkr:place/izmir` would not parse: written in full instead.
        assert_eq!(
            p.shorten_for_display("https://w3id.org/dipkg/id/place/izmir"),
            None
        );
        assert_eq!(
            p.shorten_for_display("https://w3id.org/dipkg/id/world-nomad-games-3"),
            Some("dkr:world-nomad-games-3".to_owned())
        );
        assert_eq!(sample().shorten_for_display("http://example.com/x"), None);
    }

    #[test]
    fn a_namespace_inside_a_used_one_is_not_declared() {
        let mut p = sample();
        p.extend([(
            "state".to_owned(),
            "https://w3id.org/dipkg/id/state/".to_owned(),
        )]);
        let used = p.used_by([
            "https://w3id.org/dipkg/id/state/turkey",
            "https://w3id.org/dipkg/id/top",
        ]);
        assert_eq!(
            used.iter().collect::<Vec<_>>(),
            vec![("state", "https://w3id.org/dipkg/id/state/")]
        );
    }

    #[test]
    fn used_prefixes_only() {
        let used = sample().used_by(["http://www.w3.org/2001/XMLSchema#date"]);
        assert_eq!(
            used.iter().collect::<Vec<_>>(),
            vec![("xsd", "http://www.w3.org/2001/XMLSchema#")]
        );
    }

    #[test]
    fn local_names_follow_the_grammar() {
        assert!(turtle_local_name("state/turkey"));
        assert!(turtle_local_name("F01"));
        assert!(!turtle_local_name("a b"));
        assert!(turtle_local_name("ends."), "a final dot is escaped");
        assert!(!turtle_local_name("x^y"));
        assert!(turtle_local_name("İzmir"));
    }
}
