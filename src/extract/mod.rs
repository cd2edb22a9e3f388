//! `dipkg extract`: texts in, cited candidate statements out. A text is cut
//! into sentences and, where a sentence holds several dates, clauses; each
//! dated clause on which a trigger rule fires becomes a candidate of that
//! rule's class, its names linked to the graph's entities (or proposed as new
//! ones) in the roles the class has, its words cited character by character.
//! The rules and word lists are data (`lexicon/`), the names the graph's. Above
//! [`crate::align`] (whose name folding it uses) and [`crate::source`].

pub mod accept;
pub mod coding;
pub mod dates;
pub mod events;
pub mod lexicon;
pub mod mentions;
pub mod rules;
pub mod sentences;
pub mod words;
pub mod write;

use crate::error::Result;
use crate::source::text::Text;
use events::{Candidate, Clause, Patterns};
use lexicon::Lexicon;
use oxigraph::store::Store;
use sentences::{Abbreviations, Span};
use std::collections::{BTreeMap, HashMap};

/// The languages the lexicon is written for.
pub const LANGUAGES: [&str; 4] = ["en", "ru", "ky", "tr"];

/// A text to extract from, and the source it is.
#[derive(Debug, Clone)]
pub struct Input {
    /// The path as the user gave it.
    pub display: String,
    /// The source's IRI.
    pub source_iri: String,
    /// The source's short name.
    pub source_name: String,
    /// The text.
    pub text: Text,
    /// Its language (en, ru, ky or tr).
    pub lang: String,
    /// The source's description, for a text the graph does not describe yet (TriG statements).
    pub description: Option<String>,
}

/// What one text gave.
#[derive(Debug, Clone)]
pub struct Extracted {
    /// The text.
    pub input: Input,
    /// How many sentences were read.
    pub sentences: usize,
    /// The candidates, in text order.
    pub candidates: Vec<Candidate>,
    /// Each candidate's event coding (PLOVER, CAMEO), in the same order.
    pub codings: Vec<coding::Coding>,
    /// The ISO 3166-1 and COW codes of the new states the candidates propose
    /// (`state-codes.tsv`), by the state's key: (property, value).
    pub state_codes: BTreeMap<String, Vec<(&'static str, String)>>,
}

/// The language of a text from its letters: Cyrillic is Kyrgyz when it has
/// Kyrgyz letters (ң, ө, ү), else Russian; Latin is Turkish when it has
/// Turkish letters (ı, ş, ğ), else English.
pub fn detect(text: &str) -> &'static str {
    let (mut cyrillic, mut latin, mut kyrgyz, mut turkish) = (0usize, 0usize, 0usize, 0usize);
    for c in text.chars().take(200_000) {
        match c {
            'ң' | 'Ң' | 'ө' | 'Ө' | 'ү' | 'Ү' => kyrgyz += 1,
            'ı' | 'ş' | 'Ş' | 'ğ' | 'İ' => turkish += 1,
            _ => {}
        }
        if ('\u{0400}'..='\u{04FF}').contains(&c) {
            cyrillic += 1;
        } else if c.is_ascii_alphabetic() || ('\u{00C0}'..='\u{024F}').contains(&c) {
            latin += 1;
        }
    }
    if cyrillic > latin {
        if kyrgyz * 200 > cyrillic { "ky" } else { "ru" }
    } else if turkish * 200 > latin {
        "tr"
    } else {
        "en"
    }
}

/// What extraction needs of one language, built once.
struct Language {
    abbreviations: Abbreviations,
    dates: dates::Dates,
    rules: Vec<rules::Rule>,
    names: mentions::Names,
    patterns: Patterns,
    boundaries: Vec<String>,
}

/// The longest stretch read as one sentence (bytes): a line of 100 MB without
/// a full stop is read in pieces, so memory and time stay bounded.
const MAX_SENTENCE: usize = 4096;

/// Extracts candidates from texts, one at a time, with the graph's names
/// (built once per language), so memory holds one text and its candidates.
pub struct Extractor<'a> {
    store: &'a Store,
    lexicon: &'a Lexicon,
    languages: HashMap<String, Language>,
    coding: Option<Vec<coding::Rule>>,
    state_codes: Option<BTreeMap<String, Vec<(&'static str, String)>>>,
}

impl<'a> Extractor<'a> {
    /// An extractor over the graph in `store` with the rules of `lexicon`.
    pub fn new(store: &'a Store, lexicon: &'a Lexicon) -> Self {
        Self {
            store,
            lexicon,
            languages: HashMap::new(),
            coding: None,
            state_codes: None,
        }
    }

    /// The candidates of one text.
    pub fn run(&mut self, input: Input) -> Result<Extracted> {
        if !self.languages.contains_key(&input.lang) {
            let (lexicon, lang) = (self.lexicon, input.lang.as_str());
            let language = Language {
                abbreviations: Abbreviations::new(lexicon, lang),
                dates: dates::Dates::new(lexicon, lang)?,
                rules: rules::rules(lexicon, lang)?,
                names: mentions::Names::new(self.store, lexicon, lang)?,
                patterns: Patterns::new(lexicon, lang)?,
                boundaries: lexicon
                    .for_lang("clauses.tsv", lang)
                    .map(|r| r.fields[1].to_lowercase())
                    .collect(),
            };
            self.languages.insert(input.lang.clone(), language);
        }
        let language = &self.languages[&input.lang];
        let (sentences, candidates) = one(&input, language);
        if self.coding.is_none() {
            self.coding = Some(coding::rules(self.lexicon)?);
        }
        let rules = self.coding.as_deref().unwrap_or_default();
        let codings = candidates
            .iter()
            .map(|c| coding::code(rules, c, &write::iri))
            .collect();
        let known = self
            .state_codes
            .get_or_insert_with(|| self.lexicon.state_codes());
        let mut state_codes = BTreeMap::new();
        for (_, mention) in candidates.iter().flat_map(|c| &c.roles) {
            if let (mentions::Kind::State, mentions::Target::New { slug, .. }) =
                (mention.kind, &mention.target)
                && let Some(codes) = known.get(slug)
            {
                state_codes.insert(slug.clone(), codes.clone());
            }
        }
        Ok(Extracted {
            input,
            sentences,
            candidates,
            codings,
            state_codes,
        })
    }
}

fn bounded(text: &str, sentences: Vec<Span>) -> Vec<Span> {
    let mut out = Vec::new();
    for s in sentences {
        let mut start = s.start;
        while s.end - start > MAX_SENTENCE {
            let mut cut = start + MAX_SENTENCE;
            while !text.is_char_boundary(cut) {
                cut -= 1;
            }
            let cut = text[start..cut]
                .rfind(char::is_whitespace)
                .map_or(cut, |i| start + i.max(1));
            out.push(Span { start, end: cut });
            start = cut;
        }
        out.push(Span { start, end: s.end });
    }
    out
}

/// Joins a "sentence" that is only a date to the next one: "С 12 по 14
/// октября 2015 г. Президент …" is one sentence, though `г.` before a capital
/// usually ends one.
fn merge_dates(text: &str, sentences: Vec<Span>, language: &Language) -> Vec<Span> {
    let mut out: Vec<Span> = Vec::new();
    let mut pending: Option<Span> = None;
    for s in sentences {
        let s = match pending.take() {
            Some(p)
                if text[p.end..s.start].trim().is_empty()
                    && !text[p.end..s.start].contains('\n') =>
            {
                Span {
                    start: p.start,
                    end: s.end,
                }
            }
            Some(p) => {
                out.push(p);
                s
            }
            None => s,
        };
        let piece = &text[s.start..s.end];
        let only_date = language.dates.find(piece).first().is_some_and(|d| {
            let rest = format!("{}{}", &piece[..d.span.start], &piece[d.span.end..]);
            rest.chars().filter(|c| c.is_alphabetic()).count() <= 3
        });
        if only_date {
            pending = Some(s);
        } else {
            out.push(s);
        }
    }
    out.extend(pending);
    out
}

fn one(input: &Input, language: &Language) -> (usize, Vec<Candidate>) {
    let text = &input.text.text;
    let sentences = bounded(
        text,
        merge_dates(
            text,
            sentences::sentences(text, &language.abbreviations),
            language,
        ),
    );
    let sha8 = &input.text.sha256[..8];
    let named: Vec<Vec<mentions::Mention>> = sentences
        .iter()
        .map(|&s| language.names.find(text, s))
        .collect();
    let pair = pair(&named);
    let mut candidates = Vec::new();
    // A date without its year (on 29 September) is in the year of the date before it.
    let mut last_year = None;
    for (&sentence, mentions) in sentences.iter().zip(&named) {
        let mut found = language.dates.find(&text[sentence.start..sentence.end]);
        found.retain_mut(|f| {
            f.span.start += sentence.start;
            f.span.end += sentence.start;
            if !f.yearless {
                last_year = Some(f.end.map_or(f.start.year, |e| e.year));
                return true;
            }
            last_year.is_some_and(|y| f.take_year(y))
        });
        if found.is_empty() {
            continue;
        }
        let spans: Vec<Span> = found.iter().map(|f| f.span).collect();
        let clauses = sentences::clauses(text, sentence, &spans, &language.boundaries);
        let mut previous: Vec<rules::Fired<'_>> = Vec::new();
        for clause in clauses {
            let Some(date) = found
                .iter()
                .find(|f| clause.start <= f.span.start && f.span.end <= clause.end)
            else {
                continue;
            };
            let words = words::word_spans(text, clause);
            let mut fired = rules::fire(&language.rules, &words);
            // A clause that names only a date and a place goes on with the
            // sentence's event (… and in October 1992 in Ankara).
            if fired.is_empty() {
                fired = previous.clone();
            }
            if fired.is_empty() {
                continue;
            }
            let inside: Vec<mentions::Mention> = mentions
                .iter()
                .filter(|m| clause.start <= m.span.start && m.span.end <= clause.end)
                .cloned()
                .collect();
            let id = format!("{sha8}-{}", input.text.char_at(clause.start));
            candidates.extend(events::candidates(
                &Clause {
                    text,
                    span: clause,
                    sentence,
                    date,
                    mentions: &inside,
                    sentence_mentions: mentions,
                    pair: pair.as_ref(),
                },
                &fired,
                &language.patterns,
                &id,
            ));
            previous = fired;
        }
    }
    (sentences.len(), candidates)
}

/// The two states a page names most (each at least twice), in the order it first names them.
fn pair(named: &[Vec<mentions::Mention>]) -> Option<[mentions::Mention; 2]> {
    let mut counts: Vec<(mentions::Mention, usize)> = Vec::new();
    for sentence in named {
        for m in sentence.iter().cloned() {
            if m.kind != mentions::Kind::State {
                continue;
            }
            match counts.iter_mut().find(|(c, _)| c.target == m.target) {
                Some((_, n)) => *n += 1,
                None => counts.push((m, 1)),
            }
        }
    }
    let mut ranked: Vec<(usize, usize)> = counts
        .iter()
        .enumerate()
        .map(|(i, (_, n))| (i, *n))
        .collect();
    ranked.sort_by_key(|&(i, n)| (std::cmp::Reverse(n), i));
    let (a, b) = (ranked.first()?, ranked.get(1)?);
    // A third state as often named as the second leaves the pair in doubt.
    if b.1 < 2 || ranked.get(2).is_some_and(|c| c.1 == b.1) {
        return None;
    }
    let (first, second) = if a.0 < b.0 { (a.0, b.0) } else { (b.0, a.0) };
    Some([counts[first].0.clone(), counts[second].0.clone()])
}

/// The offices of the graph by folded label, for linking the office a text gives a person.
pub fn offices(store: &Store) -> Result<HashMap<String, String>> {
    const OFFICES: &str = r#"
PREFIX dkg: <https://w3id.org/dipkg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?office ?label WHERE {
  ?office a dkg:Office .
  VALUES ?p { rdfs:label skos:prefLabel skos:altLabel }
  ?office ?p ?label .
}"#;
    let mut out = HashMap::new();
    for row in crate::sparql::query::select(store, "extract-offices", OFFICES)? {
        if let (
            Some(oxigraph::model::Term::NamedNode(o)),
            Some(oxigraph::model::Term::Literal(l)),
        ) = (&row[0], &row[1])
        {
            out.insert(crate::align::names::fold(l.value()), o.as_str().to_owned());
        }
    }
    Ok(out)
}
