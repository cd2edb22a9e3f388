//! Who and where: the names of a text linked to the graph's entities, or
//! proposed as new ones. Names are matched word by word on the align layer's
//! folded forms, each word allowed the endings the four languages add
//! (Кыргызстаном, Türkiye'nin, Кыргызстанга meet Kyrgyzstan, Türkiye); the
//! names are the graph's labels (with the reference names of
//! `../shared/reference/labels.tsv`, which the data holds) and the lexicon's
//! lists of states and cities. What the graph does not know becomes a new
//! entity, typed by its context: initials or an office make a person, a
//! capitalised name with a body's word (Council, комиссия) an organisation.

use crate::align::names::{fold, skeleton};
use crate::error::Result;
use crate::extract::lexicon::{Lexicon, Stem, phrase};
use crate::extract::sentences::Span;
use crate::extract::words::{Word, bucket, same_word, words};
use crate::sparql::query;
use oxigraph::model::Term;
use oxigraph::store::Store;
use regex::Regex;
use std::collections::{BTreeMap, HashMap};

/// The kinds of thing a name names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    /// A sovereign state.
    State,
    /// A person.
    Person,
    /// A city or other place.
    City,
    /// An organisation (a council, an assembly, a government, a parliament).
    Organisation,
}

impl Kind {
    /// The dkg class of a new entity of this kind.
    pub fn class(self) -> &'static str {
        match self {
            Self::State => "SovereignState",
            Self::Person => "Person",
            Self::City => "City",
            Self::Organisation => "Organisation",
        }
    }

    /// The folder of its IRIs (`state/…`).
    pub fn folder(self) -> &'static str {
        match self {
            Self::State => "state",
            Self::Person => "person",
            Self::City => "place",
            Self::Organisation => "org",
        }
    }
}

/// What a name stands for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// An entity of the graph, by IRI.
    Known(String),
    /// A new entity: its short name (for its IRI) and its English and own labels.
    New {
        /// The end of its IRI.
        slug: String,
        /// Its name in English (or romanised).
        english: String,
        /// Its name as the text's language gives it.
        native: String,
    },
}

/// A name found in the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mention {
    /// Where it is (bytes).
    pub span: Span,
    /// What kind of thing it names.
    pub kind: Kind,
    /// What it stands for.
    pub target: Target,
    /// The office the text gives a person (the phrase before the name), if any.
    pub office: Option<Span>,
    /// Whether the clause does not name it but means it: one of the two states
    /// a bilateral page is about ("the two countries", a visit's other state).
    pub implied: bool,
}

struct Name {
    words: Vec<String>,
    kind: Kind,
    target: Target,
    /// Short names (TR, KG) match only as written.
    exact: Option<String>,
}

/// The names dipkg can link to, for one language.
pub struct Names {
    names: Vec<Name>,
    by_start: HashMap<String, Vec<usize>>,
    offices: Vec<Vec<Stem>>,
    cues: Vec<(Kind, Vec<Stem>)>,
    connectors: Vec<String>,
    initials: Regex,
    lang: String,
}

const LABELS: &str = r#"
PREFIX dkg: <https://w3id.org/dipkg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?entity ?top ?label WHERE {
  VALUES ?top { dkg:SovereignState dkg:Person dkg:Place dkg:Organisation }
  ?entity a ?class . ?class rdfs:subClassOf* ?top .
  FILTER (isIRI(?entity))
  VALUES ?property { rdfs:label skos:prefLabel skos:altLabel dkg:nameInSource }
  ?entity ?property ?label .
}"#;

impl Names {
    /// The graph's names and the lexicon's, for texts in `lang`.
    pub fn new(store: &Store, lexicon: &Lexicon, lang: &str) -> Result<Self> {
        let mut names = Vec::new();
        let mut iris: BTreeMap<String, Kind> = BTreeMap::new();
        for row in query::select(store, "extract-names", LABELS)? {
            let (
                Some(Term::NamedNode(entity)),
                Some(Term::NamedNode(top)),
                Some(Term::Literal(label)),
            ) = (&row[0], &row[1], &row[2])
            else {
                continue;
            };
            let kind = match top.as_str().rsplit('#').next() {
                Some("SovereignState") => Kind::State,
                Some("Person") => Kind::Person,
                Some("Place") => Kind::City,
                _ => Kind::Organisation,
            };
            // A state is also a place and an organisation's class may be a
            // place's: the most telling kind wins.
            let entry = iris.entry(entity.as_str().to_owned()).or_insert(kind);
            *entry = (*entry).min(kind);
            names.push((entity.as_str().to_owned(), label.value().to_owned()));
        }
        let mut list = Vec::new();
        for (iri, label) in names {
            let kind = iris[&iri];
            push_name(&mut list, &label, kind, Target::Known(iri.clone()));
            // A person is named by surname alone too (President Erdogan).
            if kind == Kind::Person
                && let Some(surname) = label.split_whitespace().last()
                && surname.chars().count() >= 5
                && surname.chars().all(char::is_alphabetic)
            {
                push_name(&mut list, surname, kind, Target::Known(iri.clone()));
            }
        }
        for (file, kind, folder) in [
            ("states.tsv", Kind::State, "state"),
            ("cities.tsv", Kind::City, "place"),
        ] {
            let mut english: BTreeMap<&str, &str> = BTreeMap::new();
            let mut native: BTreeMap<&str, &str> = BTreeMap::new();
            for row in lexicon.rows(file) {
                if row.fields[1] == "en" {
                    english.entry(&row.fields[0]).or_insert(&row.fields[2]);
                }
                if row.fields[1] == lang {
                    native.entry(&row.fields[0]).or_insert(&row.fields[2]);
                }
            }
            for row in lexicon.rows(file) {
                let key = &row.fields[0];
                let iri = format!("{}{folder}/{key}", crate::vocab::DKR);
                let target = if iris.contains_key(&iri) {
                    Target::Known(iri)
                } else {
                    let en = english.get(key.as_str()).copied().unwrap_or(key);
                    Target::New {
                        slug: key.clone(),
                        english: en.to_owned(),
                        native: native.get(key.as_str()).copied().unwrap_or(en).to_owned(),
                    }
                };
                push_name(&mut list, &row.fields[2], kind, target);
            }
        }
        for row in lexicon.rows("aliases.tsv") {
            let iri = format!("{}state/{}", crate::vocab::DKR, row.fields[0]);
            if iris.contains_key(&iri) {
                list.push(Name {
                    words: vec![skeleton(&fold(&row.fields[1]))],
                    kind: Kind::State,
                    target: Target::Known(iri),
                    exact: Some(row.fields[1].clone()),
                });
            }
        }
        let mut by_start: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, name) in list.iter().enumerate() {
            by_start.entry(bucket(&name.words[0])).or_default().push(i);
        }
        let mut offices: Vec<Vec<Stem>> = lexicon
            .for_lang("offices.tsv", lang)
            .flat_map(|r| r.fields[2].split(" | ").map(phrase).collect::<Vec<_>>())
            .collect();
        offices.sort_by_key(|p| std::cmp::Reverse(p.len()));
        let cues = lexicon
            .for_lang("cues.tsv", lang)
            .map(|r| {
                let kind = match r.fields[1].as_str() {
                    "SovereignState" => Kind::State,
                    "City" => Kind::City,
                    _ => Kind::Organisation,
                };
                (kind, phrase(&r.fields[2]))
            })
            .collect();
        let connectors = lexicon
            .for_lang("connectors.tsv", lang)
            .map(|r| r.fields[1].to_lowercase())
            .collect();
        Ok(Self {
            names: list,
            by_start,
            offices,
            cues,
            connectors,
            initials: Regex::new(r"(?:\p{Lu}\p{Ll}?\.\s?){1,3}\p{Lu}[\p{Ll}’'-]*\p{Ll}")
                .map_err(|e| crate::Error::Usage(e.to_string()))?,
            lang: lang.to_owned(),
        })
    }

    /// The names of `text[span]`, linked or new, in order, not overlapping.
    pub fn find(&self, text: &str, span: Span) -> Vec<Mention> {
        let piece = &text[span.start..span.end];
        let words = words(piece, span.start);
        let mut out: Vec<Mention> = Vec::new();
        let mut i = 0;
        while i < words.len() {
            match self.known_at(text, &words, i) {
                Some((length, kind, target)) => {
                    out.push(Mention {
                        span: Span {
                            start: words[i].span.start,
                            end: words[i + length - 1].span.end,
                        },
                        kind,
                        target,
                        office: None,
                        implied: false,
                    });
                    i += length;
                }
                None => i += 1,
            }
        }
        self.new_people(text, span, &words, &mut out);
        self.new_organisations(text, &words, &mut out);
        out.sort_by_key(|m| m.span);
        self.offices_of(text, &words, &mut out);
        out
    }

    fn known_at(&self, text: &str, words: &[Word], i: usize) -> Option<(usize, Kind, Target)> {
        let candidates = self.by_start.get(&bucket(&words[i].folded))?;
        let mut best: Option<(usize, bool, &Name)> = None;
        for &n in candidates {
            let name = &self.names[n];
            let length = name.words.len();
            if i + length > words.len() {
                continue;
            }
            if let Some(exact) = &name.exact {
                let w = &words[i].span;
                if &text[w.start..w.end] != exact {
                    continue;
                }
            }
            let fits = name
                .words
                .iter()
                .zip(&words[i..i + length])
                .all(|(a, b)| same_word(a, &b.folded));
            // Names of one word must be capitalised in the text (the state, not a word).
            if !fits || (length == 1 && !words[i].capital) {
                continue;
            }
            let exactly = name
                .words
                .iter()
                .zip(&words[i..])
                .all(|(a, b)| *a == b.folded);
            let better = best.is_none_or(|(l, e, b)| {
                (length, exactly, matches!(name.target, Target::Known(_)))
                    > (l, e, matches!(b.target, Target::Known(_)))
            });
            if better {
                best = Some((length, exactly, name));
            }
        }
        best.map(|(length, _, name)| (length, name.kind, name.target.clone()))
    }

    /// Initials and a surname (S.Sh. Jeenbekov, Н.А. Назарбаев) the graph does not know.
    fn new_people(&self, text: &str, span: Span, words: &[Word], out: &mut Vec<Mention>) {
        let piece = &text[span.start..span.end];
        for m in self.initials.find_iter(piece) {
            let at = Span {
                start: span.start + m.start(),
                end: span.start + m.end(),
            };
            if out
                .iter()
                .any(|o| o.span.start < at.end && at.start < o.span.end)
            {
                continue;
            }
            out.push(new_mention(at, Kind::Person, m.as_str(), &self.lang));
        }
        // A capitalised name right after an office (President Tokayev).
        let mut i = 0;
        while i < words.len() {
            let Some(length) = self.office_at(words, i) else {
                i += 1;
                continue;
            };
            let mut j = i + length;
            while j < words.len() && !words[j].capital && self.connectors.contains(&words[j].lower)
            {
                j += 1;
            }
            // Skip the state of the office (President of Kazakhstan Tokayev).
            while let Some(m) = out
                .iter()
                .find(|m| m.span.start == words.get(j).map_or(usize::MAX, |w| w.span.start))
            {
                j = words
                    .iter()
                    .position(|w| w.span.start >= m.span.end)
                    .unwrap_or(words.len());
            }
            let first = j;
            let is_cue = |w: &Word| {
                let lower = &w.lower;
                self.cues
                    .iter()
                    .any(|(_, p)| p.len() == 1 && p[0].matches(lower))
            };
            while j < words.len()
                && !is_cue(&words[j])
                && j < first + 3
                && words[j].capital
                && text[words[j - 1].span.end..words[j].span.start]
                    .trim()
                    .len()
                    <= 1
            {
                j += 1;
            }
            if j > first {
                let at = Span {
                    start: words[first].span.start,
                    end: words[j - 1].span.end,
                };
                if !out
                    .iter()
                    .any(|o| o.span.start < at.end && at.start < o.span.end)
                {
                    out.push(new_mention(
                        at,
                        Kind::Person,
                        &text[at.start..at.end],
                        &self.lang,
                    ));
                }
            }
            i = j.max(i + 1);
        }
    }

    /// Capitalised runs that hold a body's word (Intergovernmental Commission on Trade).
    fn new_organisations(&self, text: &str, words: &[Word], out: &mut Vec<Mention>) {
        let lower = |w: &Word| w.lower.clone();
        let mut i = 0;
        while i < words.len() {
            if !words[i].capital || self.connectors.contains(&lower(&words[i])) {
                i += 1;
                continue;
            }
            let mut j = i;
            let mut has_cue = false;
            let mut last_capital = i;
            while j < words.len() {
                if j > i {
                    let gap = &text[words[j - 1].span.end..words[j].span.start];
                    if gap.contains([',', '(', ')', '.', ';', '«', '»', '“', '”'])
                        || gap.trim().len() > 1
                    {
                        break;
                    }
                }
                let w = lower(&words[j]);
                if words[j].capital
                    || self
                        .cues
                        .iter()
                        .any(|(_, p)| p.len() == 1 && p[0].matches(&w))
                {
                    if self
                        .cues
                        .iter()
                        .any(|(k, p)| *k == Kind::Organisation && p.len() == 1 && p[0].matches(&w))
                    {
                        has_cue = true;
                    }
                    last_capital = j;
                } else if let Some(cue) = self.lower_case_name(text, words, j) {
                    // Russian and Kyrgyz write a body's name in small letters
                    // after its first word (Межправительственная комиссия).
                    has_cue = true;
                    last_capital = cue;
                    j = cue;
                } else if !self.connectors.contains(&w) {
                    break;
                }
                j += 1;
            }
            if has_cue {
                let at = Span {
                    start: words[i].span.start,
                    end: words[last_capital].span.end,
                };
                // A state or city inside a body's name is part of it (the
                // Kazakh-Hungarian Commission, the Shanghai Cooperation Organisation).
                let inside = |o: &Mention| at.start <= o.span.start && o.span.end <= at.end;
                let overlapping: Vec<&Mention> = out
                    .iter()
                    .filter(|o| o.span.start < at.end && at.start < o.span.end)
                    .collect();
                let absorbs = overlapping.iter().all(|o| {
                    inside(o) && matches!(o.kind, Kind::State | Kind::City) && o.span != at
                });
                if overlapping.is_empty() || absorbs {
                    out.retain(|o| !inside(o));
                    out.push(new_mention(
                        at,
                        Kind::Organisation,
                        &text[at.start..at.end],
                        &self.lang,
                    ));
                }
            }
            i = last_capital.max(i) + 1;
        }
    }

    /// In Russian and Kyrgyz, the word of a body's name that up to three small
    /// words from `j` lead to, if one does.
    fn lower_case_name(&self, text: &str, words: &[Word], j: usize) -> Option<usize> {
        if !matches!(self.lang.as_str(), "ru" | "ky") || j == 0 {
            return None;
        }
        for k in j..(j + 4).min(words.len()) {
            if k > j {
                let gap = &text[words[k - 1].span.end..words[k].span.start];
                if gap.contains([',', '(', ')', '.', ';', '«', '»', '“', '”'])
                    || gap.trim().len() > 1
                {
                    return None;
                }
            }
            if words[k].capital {
                return None;
            }
            let w = &words[k].lower;
            if self
                .cues
                .iter()
                .any(|(kind, p)| *kind == Kind::Organisation && p.len() == 1 && p[0].matches(w))
            {
                return Some(k);
            }
        }
        None
    }

    fn office_at(&self, words: &[Word], i: usize) -> Option<usize> {
        self.offices.iter().find_map(|p| {
            let fits = p.len() <= words.len() - i
                && p.iter()
                    .zip(&words[i..])
                    .all(|(stem, w)| stem.matches(&w.lower));
            fits.then_some(p.len())
        })
    }

    /// Gives each person the office phrase just before it (President of the Kyrgyz Republic S.Sh. Jeenbekov).
    fn offices_of(&self, text: &str, words: &[Word], out: &mut [Mention]) {
        for i in 0..words.len() {
            let Some(length) = self.office_at(words, i) else {
                continue;
            };
            let office_start = words[i].span.start;
            let office_end = words[i + length - 1].span.end;
            // The office runs on through "of the STATE" to the person.
            let Some(person) = out.iter().position(|m| {
                m.kind == Kind::Person
                    && m.span.start >= office_end
                    && m.span.start - office_end <= 80
            }) else {
                continue;
            };
            let between: Vec<&Mention> = out
                .iter()
                .filter(|m| m.span.start >= office_end && m.span.end <= out[person].span.start)
                .collect();
            if between.iter().any(|m| m.kind == Kind::Person) {
                continue;
            }
            let end = between.last().map_or(office_end, |m| m.span.end);
            let gap = &text[end..out[person].span.start];
            if gap.contains(['.', ';', '(']) || gap.chars().count() > 3 {
                continue;
            }
            if out[person].office.is_none() {
                out[person].office = Some(Span {
                    start: office_start,
                    end,
                });
            }
        }
    }
}

fn new_mention(span: Span, kind: Kind, written: &str, lang: &str) -> Mention {
    let english = if lang == "en" {
        written.to_owned()
    } else {
        any_ascii::any_ascii(written)
    };
    Mention {
        span,
        kind,
        target: Target::New {
            slug: fold(written).replace(' ', "-"),
            english,
            native: written.to_owned(),
        },
        office: None,
        implied: false,
    }
}

fn push_name(list: &mut Vec<Name>, label: &str, kind: Kind, target: Target) {
    let words: Vec<String> = words(label, 0).into_iter().map(|w| w.folded).collect();
    if words.is_empty() {
        return;
    }
    // Short names (TR) and initials alone match only as written.
    let exact = (words.len() == 1 && label.chars().count() <= 3).then(|| label.to_owned());
    list.push(Name {
        words,
        kind,
        target,
        exact,
    });
}
