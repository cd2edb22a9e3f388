//! Citing the words of a source: where they are (a Web Annotation
//! `TextPositionSelector`), what they are with the words around them (a
//! `TextQuoteSelector`: exact, prefix, suffix), in which paragraph, written as
//! the curated citations are. Words found twice need `--occurrence`; words not
//! found bring the closest passage, read past whitespace, quote, dash and case
//! differences.

use crate::error::{Error, Result};
use crate::source::text::Text;
use oxigraph::model::Literal;

/// How many characters of context a quote selector keeps on each side (within its paragraph).
pub const CONTEXT: usize = 32;

/// A passage of a source: its range, its words and their context, its paragraph.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Quote {
    /// The offset of its first character (Unicode scalar values).
    pub start: usize,
    /// The offset after its last character.
    pub end: usize,
    /// The words.
    pub exact: String,
    /// Up to [`CONTEXT`] characters before it, in its paragraph.
    pub prefix: String,
    /// Up to [`CONTEXT`] characters after it, in its paragraph.
    pub suffix: String,
    /// The paragraph's number (the non-empty lines, from 1).
    pub paragraph: usize,
}

/// The quote of the characters `start..end` of `text`.
pub fn quote(text: &Text, start: usize, end: usize) -> Quote {
    let paragraph = text.paragraph_of(start);
    let (from, to, number) = paragraph.map_or((0, text.chars, 0), |p| (p.start, p.end, p.number));
    Quote {
        start,
        end,
        exact: text.slice(start, end).to_owned(),
        prefix: text
            .slice(start.saturating_sub(CONTEXT).max(from), start)
            .to_owned(),
        suffix: text.slice(end, (end + CONTEXT).min(to.max(end))).to_owned(),
        paragraph: number,
    }
}

/// The character offsets where `words` occur in `text`.
pub fn occurrences(text: &Text, words: &str) -> Vec<usize> {
    if words.is_empty() {
        return Vec::new();
    }
    text.text
        .match_indices(words)
        .map(|(byte, _)| text.char_at(byte))
        .collect()
}

/// The quote of `words` in `text`: the one occurrence, or the `occurrence`-th (from 1).
pub fn find(text: &Text, source: &str, words: &str, occurrence: Option<usize>) -> Result<Quote> {
    let found = occurrences(text, words);
    let length = words.chars().count();
    match (found.len(), occurrence) {
        (0, _) => Err(Error::Usage(format!(
            "{source}: the words {words:?} are not in the text{}",
            match closest(text, words) {
                Some(q) => format!(
                    "; the closest passage is {:?} at offset {} (paragraph {}): cite it as written",
                    q.exact, q.start, q.paragraph
                ),
                None => String::new(),
            }
        ))),
        (_, Some(n)) if n == 0 || n > found.len() => Err(Error::Usage(format!(
            "{source}: --occurrence {n}, but the words occur {} time(s)",
            found.len()
        ))),
        (_, Some(n)) => Ok(quote(text, found[n - 1], found[n - 1] + length)),
        (1, None) => Ok(quote(text, found[0], found[0] + length)),
        (_, None) => {
            let listed: Vec<String> = found
                .iter()
                .enumerate()
                .map(|(i, &at)| {
                    let q = quote(text, at, at + length);
                    format!(
                        "{}: offset {}, paragraph {}: …{}[{}]{}…",
                        i + 1,
                        at,
                        q.paragraph,
                        q.prefix,
                        q.exact,
                        q.suffix
                    )
                })
                .collect();
            Err(Error::Usage(format!(
                "{source}: the words {words:?} occur {} times; choose one with --occurrence N: {}",
                found.len(),
                listed.join("; ")
            )))
        }
    }
}

/// One character as the closest-passage search reads it: case folded, every
/// quote one quote, every dash one hyphen, every run of whitespace one space.
fn loose(c: char) -> Option<char> {
    Some(match c {
        '“' | '”' | '„' | '«' | '»' | '‟' | '″' => '"',
        '‘' | '’' | '‚' | '‛' | '′' | '`' => '\'',
        '‐' | '‑' | '‒' | '–' | '—' | '―' | '−' => '-',
        c if c.is_whitespace() => ' ',
        c => c.to_lowercase().next().unwrap_or(c),
    })
}

/// A loose reading of a string and, for each of its characters, the offset it came from.
fn loosen(text: &str) -> (Vec<char>, Vec<usize>) {
    let mut chars = Vec::new();
    let mut from = Vec::new();
    for (i, c) in text.chars().enumerate() {
        let Some(l) = loose(c) else { continue };
        if l == ' ' && chars.last() == Some(&' ') {
            continue;
        }
        chars.push(l);
        from.push(i);
    }
    (chars, from)
}

/// The passage that reads as `words` once whitespace, quotes, dashes and case
/// are set aside.
pub fn closest(text: &Text, words: &str) -> Option<Quote> {
    let (needle, _) = loosen(words.trim());
    if needle.is_empty() {
        return None;
    }
    let (hay, from) = loosen(&text.text);
    let at = hay
        .windows(needle.len())
        .position(|w| w == needle.as_slice())?;
    let start = from[at];
    let end = from[at + needle.len() - 1] + 1;
    Some(quote(text, start, end))
}

/// What a citation says besides its quote: its IRI, its source, the fact it states.
#[derive(Debug, Clone)]
pub struct Citing<'a> {
    /// The citation's IRI.
    pub iri: String,
    /// The source's IRI.
    pub source: &'a str,
    /// The fact it is the citation of (`F1`), when one.
    pub fact: Option<&'a str>,
    /// The language of the words (a BCP 47 tag), for its label.
    pub lang: &'a str,
    /// The words that say the most (a date, a name), within the quote.
    pub key: &'a str,
}

/// The citation as TriG statements (no graph, no prefixes), in the layout of
/// `data/citations.trig`.
pub fn turtle(citing: &Citing<'_>, quote: &Quote) -> String {
    let iri = &citing.iri;
    let label = match citing.fact {
        Some(fact) => format!("citation of fact {fact}"),
        None => format!(
            "citation of characters {}–{} of {}",
            quote.start,
            quote.end,
            citing.source.rsplit('/').next().unwrap_or(citing.source)
        ),
    };
    let label = Literal::new_language_tagged_literal_unchecked(label, "en");
    let mut out = format!(
        "<{iri}>\n    a dkg:Citation, oa:SpecificResource ;\n    rdfs:label {label} ;\n    skos:prefLabel {label} ;\n    dkg:citesSource <{source}> ;\n    dkg:endOffset {end} ;\n",
        source = citing.source,
        end = quote.end
    );
    if let Some(fact) = citing.fact {
        out.push_str(&format!(
            "    dkg:factId {} ;\n",
            Literal::new_simple_literal(fact)
        ));
    }
    out.push_str(&format!(
        "    dkg:keyPhrase {} ;\n",
        Literal::new_simple_literal(citing.key)
    ));
    out.push_str(&format!(
        "    dkg:paragraph {} ;\n    dkg:startOffset {} ;\n    oa:hasSelector <{iri}#position>, <{iri}#quote> ;\n    oa:hasSource <{}> .\n\n",
        quote.paragraph, quote.start, citing.source
    ));
    out.push_str(&format!(
        "<{iri}#position>\n    a oa:TextPositionSelector ;\n    oa:end {} ;\n    oa:start {} .\n\n",
        quote.end, quote.start
    ));
    out.push_str(&format!(
        "<{iri}#quote>\n    a oa:TextQuoteSelector ;\n    oa:exact {}",
        Literal::new_simple_literal(&quote.exact)
    ));
    if !quote.prefix.is_empty() {
        out.push_str(&format!(
            " ;\n    oa:prefix {}",
            Literal::new_simple_literal(&quote.prefix)
        ));
    }
    if !quote.suffix.is_empty() {
        out.push_str(&format!(
            " ;\n    oa:suffix {}",
            Literal::new_simple_literal(&quote.suffix)
        ));
    }
    out.push_str(" .\n");
    out
}

/// The prefixes [`turtle`] uses.
pub const PREFIXES: &str = "@prefix dkg: <https://w3id.org/dipkg/ontology#> .
@prefix oa: <http://www.w3.org/ns/oa#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
";

#[cfg(test)]
mod tests {
    use super::*;

    fn text(s: &str) -> Text {
        Text::from_bytes(s.as_bytes().to_vec(), "t").expect("works")
    }

    #[test]
    fn context_stays_in_the_paragraph() {
        let t = text("Title\n\nIn May 1993 the embassy opened. Then more.\n");
        let q = find(&t, "t", "the embassy opened", None).expect("works");
        assert_eq!((q.start, q.end, q.paragraph), (19, 37, 2));
        assert_eq!(q.prefix, "In May 1993 ");
        assert_eq!(q.suffix, ". Then more.");
    }

    #[test]
    fn twice_needs_an_occurrence_and_a_miss_names_the_closest() {
        let t = text("A “Joint  Statement” and a Joint Statement.");
        let error = find(&t, "t", "Joint", None).expect_err("fails").to_string();
        assert!(
            error.contains("occur 2 times") && error.contains("offset 27"),
            "{error}"
        );
        assert_eq!(find(&t, "t", "Joint", Some(2)).expect("works").start, 27);
        let error = find(&t, "t", "\"joint statement\"", None)
            .expect_err("fails")
            .to_string();
        assert!(error.contains("“Joint  Statement”"), "{error}");
    }
}
