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

    /// `prefix:local` for a person to read: the longest matching namespace, with
    /// any non-empty local part that has no white space or angle brackets.
    pub fn shorten_for_display(&self, iri: &str) -> Option<String> {
        self.entries
            .iter()
            .filter_map(|(name, namespace)| {
                let local = iri.strip_prefix(namespace.as_str())?;
                let readable = !local
                    .chars()
                    .any(|c| c.is_whitespace() || matches!(c, '<' | '>' | '"'));
                readable.then(|| (namespace.len(), format!("{name}:{local}")))
            })
            .max_by_key(|(len, _)| *len)
            .map(|(_, short)| short)
    }

    /// The subset of prefixes a Turtle writer that tries prefixes in name order
    /// would use for these IRIs.
    pub fn used_by<'a>(&self, iris: impl IntoIterator<Item = &'a str>) -> Prefixes {
        let mut sorted: Vec<&(String, String)> = self.entries.iter().collect();
        sorted.sort();
        let mut used = vec![false; sorted.len()];
        for iri in iris {
            if let Some(i) = sorted.iter().position(|(_, namespace)| {
                iri.strip_prefix(namespace.as_str())
                    .is_some_and(|local| local.is_empty() || turtle_local_name(local))
            }) {
                used[i] = true;
            }
        }
        Prefixes {
            entries: sorted
                .into_iter()
                .zip(used)
                .filter(|(_, u)| *u)
                .map(|(e, _)| e.clone())
                .collect(),
        }
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
    fn display_shortening_keeps_slashes() {
        assert_eq!(
            sample().shorten_for_display("https://w3id.org/dipkg/id/state/turkey"),
            Some("dkr:state/turkey".to_owned())
        );
        assert_eq!(sample().shorten_for_display("http://example.com/x"), None);
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
