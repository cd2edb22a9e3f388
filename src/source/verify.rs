//! Checks every citation against its source's text: the text found by its
//! hash, the quote at the position, the prefix and suffix beside it. A text
//! that changed, or cannot be found, is reported citation by citation.

use crate::error::Result;
use crate::source::cite;
use crate::source::registry::{self, SourceInfo};
use crate::source::text::Text;
use crate::sparql::query;
use oxigraph::model::Term;
use oxigraph::store::Store;
use std::collections::BTreeMap;
use std::path::PathBuf;

/// A citation as the graph gives it.
#[derive(Debug, Clone, Default)]
pub struct Cited {
    /// The citation's IRI.
    pub iri: String,
    /// The source's IRI.
    pub source: String,
    /// `oa:start` and `oa:end` of its position selector.
    pub start: Option<usize>,
    /// See `start`.
    pub end: Option<usize>,
    /// `oa:exact`, `oa:prefix`, `oa:suffix` of its quote selector.
    pub exact: Option<String>,
    /// See `exact`.
    pub prefix: Option<String>,
    /// See `exact`.
    pub suffix: Option<String>,
}

/// A citation that does not hold against its source's text.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Problem {
    /// The citation's IRI.
    pub citation: String,
    /// What is wrong, in words.
    pub message: String,
}

const CITATIONS: &str = r#"
PREFIX oa: <http://www.w3.org/ns/oa#>
SELECT ?citation ?source ?start ?end ?exact ?prefix ?suffix WHERE {
  ?citation oa:hasSource ?source .
  OPTIONAL { ?citation oa:hasSelector ?p . ?p a oa:TextPositionSelector ; oa:start ?start ; oa:end ?end }
  OPTIONAL { ?citation oa:hasSelector ?q . ?q a oa:TextQuoteSelector ; oa:exact ?exact .
             OPTIONAL { ?q oa:prefix ?prefix } OPTIONAL { ?q oa:suffix ?suffix } }
}"#;

/// Every citation with a source, by IRI.
pub fn citations(store: &Store) -> Result<Vec<Cited>> {
    let mut out: BTreeMap<String, Cited> = BTreeMap::new();
    for row in query::select(store, "citations", CITATIONS)? {
        let text = |i: usize| match &row[i] {
            Some(Term::Literal(l)) => Some(l.value().to_owned()),
            _ => None,
        };
        let (Some(Term::NamedNode(c)), Some(Term::NamedNode(s))) = (&row[0], &row[1]) else {
            continue;
        };
        let entry = out.entry(c.as_str().to_owned()).or_default();
        entry.iri = c.as_str().to_owned();
        entry.source = s.as_str().to_owned();
        entry.start = entry.start.or_else(|| text(2).and_then(|v| v.parse().ok()));
        entry.end = entry.end.or_else(|| text(3).and_then(|v| v.parse().ok()));
        entry.exact = entry.exact.take().or_else(|| text(4));
        entry.prefix = entry.prefix.take().or_else(|| text(5));
        entry.suffix = entry.suffix.take().or_else(|| text(6));
    }
    Ok(out.into_values().collect())
}

/// Checks every citation of the graph whose source is described with a hash
/// (citations of sources without one, such as other ministries' pages we only
/// quote, are not checked: there is no text to hold them to).
pub fn verify(store: &Store, dirs: &[PathBuf]) -> Result<(usize, Vec<Problem>)> {
    let sources = registry::list(store)?;
    let by_iri: BTreeMap<&str, &SourceInfo> = sources.iter().map(|s| (s.iri.as_str(), s)).collect();
    let mut texts: BTreeMap<String, std::result::Result<Text, String>> = BTreeMap::new();
    let mut problems = Vec::new();
    let mut checked = 0;
    for cited in citations(store)? {
        let Some(info) = by_iri.get(cited.source.as_str()) else {
            continue;
        };
        if info.sha256().is_none() {
            continue;
        }
        let text = texts.entry(info.iri.clone()).or_insert_with(|| {
            registry::locate(info, dirs)
                .map(|(_, t)| t)
                .map_err(|e| e.to_string())
        });
        checked += 1;
        let mut problem = |message: String| {
            problems.push(Problem {
                citation: cited.iri.clone(),
                message,
            })
        };
        let text = match text {
            Ok(text) => text,
            Err(message) => {
                problem(message.clone());
                continue;
            }
        };
        if let Some(length) = info.length
            && length != text.chars
        {
            problem(format!(
                "source {}: the text has {} characters, the graph says {length}",
                info.name, text.chars
            ));
        }
        let (Some(start), Some(end)) = (cited.start, cited.end) else {
            problem("no oa:TextPositionSelector with oa:start and oa:end".into());
            continue;
        };
        if start > end || end > text.chars {
            problem(format!(
                "the range {start}–{end} is outside the text ({} characters)",
                text.chars
            ));
            continue;
        }
        let found = cite::quote(text, start, end);
        match &cited.exact {
            None => problem("no oa:TextQuoteSelector with oa:exact".into()),
            Some(exact) if *exact != found.exact => problem(format!(
                "at {start}–{end} the text reads {:?}, the quote says {exact:?}{}",
                found.exact,
                match cite::occurrences(text, exact).first() {
                    Some(at) => format!(" (those words are at offset {at})"),
                    None => " (those words are not in the text)".to_owned(),
                }
            )),
            Some(_) => {}
        }
        for (side, given, actual) in [
            ("prefix", &cited.prefix, &found.prefix),
            ("suffix", &cited.suffix, &found.suffix),
        ] {
            if let Some(given) = given {
                let holds = match side {
                    "prefix" => actual.ends_with(given.as_str()),
                    _ => actual.starts_with(given.as_str()),
                };
                if !holds {
                    problem(format!(
                        "the {side} {given:?} does not match the text beside the quote ({actual:?})"
                    ));
                }
            }
        }
    }
    Ok((checked, problems))
}
