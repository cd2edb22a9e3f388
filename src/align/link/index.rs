//! Our names as lookup keys, so a source of millions of names is matched by
//! lookups, never by comparing every pair.

use super::score::Name;
use super::*;
use crate::align::names;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// Words of at least four letters cut to four, the unit of word-overlap matching.
pub(super) fn stems(skeleton: &str) -> BTreeSet<String> {
    const STOP: &[&str] = &["the", "of", "and", "in", "for", "de", "ve", "between"];
    skeleton
        .split(' ')
        .filter(|w| !STOP.contains(w) && (w.len() >= 4 || w.chars().all(|c| c.is_ascii_digit())))
        .map(|w| w.chars().take(4).collect())
        .collect()
}

/// Our names as lookup keys: whole-name keys, surnames of people, and word stems.
pub(crate) struct Index {
    whole: HashMap<String, Vec<usize>>,
    surname: HashMap<String, Vec<usize>>,
    stems: HashMap<String, Vec<(usize, usize)>>,
    /// For each of our labels (by number): how many stems it has.
    label_stems: Vec<usize>,
    /// Our names for the parts of names.
    pub parts: Parts,
    /// Our names of two or more parts, read part by part.
    by_parts: std::collections::HashSet<String>,
    /// Our names read for scoring.
    pub(super) matcher: Matcher,
}

impl Index {
    /// Indexes the names of `entities`.
    pub fn new(entities: &[Entity]) -> Self {
        let parts = Parts::new(entities);
        let mut index = Self {
            whole: HashMap::new(),
            surname: HashMap::new(),
            stems: HashMap::new(),
            label_stems: Vec::new(),
            matcher: Matcher::new(entities, &parts),
            parts,
            by_parts: std::collections::HashSet::new(),
        };
        for (i, entity) in entities.iter().enumerate() {
            for (label, language) in &entity.labels {
                for key in names::keys(label, language) {
                    if entity.kind == Kind::Person {
                        if let Some(last) = key.rsplit(' ').next().filter(|w| w.len() >= 4) {
                            index.surname.entry(last.to_owned()).or_default().push(i);
                        }
                    }
                    let label_id = index.label_stems.len();
                    let stems = stems(&key);
                    index.label_stems.push(stems.len());
                    for stem in stems {
                        index.stems.entry(stem).or_default().push((i, label_id));
                    }
                    if let Some(read) = index.parts.read(&key).filter(|r| r.contains(' ')) {
                        index.by_parts.insert(read);
                    }
                    index.whole.entry(key).or_default().push(i);
                }
            }
        }
        index
    }

    /// Whether a name of the source could be one of ours.
    pub fn hits(&self, label: &str, language: &str) -> bool {
        for key in names::keys(label, language) {
            if self.whole.contains_key(&key) {
                return true;
            }
            if self
                .parts
                .read(&key)
                .is_some_and(|read| self.by_parts.contains(&read))
            {
                return true;
            }
            if let Some(last) = key.rsplit(' ').next() {
                if self.surname.contains_key(last) {
                    return true;
                }
            }
            // Word overlap: at least two stems, and most of one of our labels.
            let mut shared: HashMap<usize, usize> = HashMap::new();
            for stem in stems(&key) {
                for (_, label_id) in self.stems.get(&stem).into_iter().flatten() {
                    *shared.entry(*label_id).or_default() += 1;
                }
            }
            if shared
                .iter()
                .any(|(id, n)| *n >= 2 && *n * 5 >= self.label_stems[*id] * 3)
            {
                return true;
            }
        }
        false
    }
}

/// Our names read for scoring, and indexed by every form through which a
/// name of theirs can agree with one of them (see [`super::score::agreement`]): a name of
/// theirs is compared with the few of ours it can agree with, never with all.
pub(super) struct Matcher {
    /// Each entity's names, read once, by entity number.
    pub names: Vec<Vec<Name>>,
    /// Form → entities, for each kind of form (see [`Form`]).
    forms: [HashMap<String, Vec<u32>>; 4],
    /// Main keys by length, with their entity and letter counts: nearly
    /// equal spellings share no form, and are found by length and letters.
    by_length: BTreeMap<usize, Vec<(u32, Letters)>>,
}

/// How often each letter, digit and space occurs in a key.
type Letters = [u8; 37];

fn letters(key: &str) -> Letters {
    let mut counts = [0u8; 37];
    for b in key.bytes() {
        let slot = match b {
            b'a'..=b'z' => usize::from(b - b'a'),
            b'0'..=b'9' => 26 + usize::from(b - b'0'),
            _ => 36,
        };
        counts[slot] = counts[slot].saturating_add(1);
    }
    counts
}

/// The kinds of form a name is indexed by.
#[derive(Clone, Copy)]
enum Form {
    /// Its keys.
    Key,
    /// Its readings part by part.
    Reading,
    /// The surname of its main key, when that has two words or more.
    Surname,
    /// The word stems of its main key.
    Stem,
}

/// The forms a name is indexed by, each with its kind: what any name that
/// agrees with it shares with it (see [`super::score::agreement`]).
fn forms(name: &Name) -> impl Iterator<Item = (Form, &str)> {
    let main = name.keys.first().map(String::as_str).unwrap_or_default();
    let surname = main.rsplit_once(' ').map(|(_, last)| last);
    let keys = name.keys.iter().map(|k| (Form::Key, k.as_str()));
    let readings = name.readings.iter().map(|r| (Form::Reading, r.as_str()));
    let stems = name.stems.iter().map(|s| (Form::Stem, s.as_str()));
    keys.chain(readings)
        .chain(surname.map(|s| (Form::Surname, s)))
        .chain(stems)
}

impl Matcher {
    /// Reads the names of `entities`, with `parts` for reading them part by part.
    pub fn new(entities: &[Entity], parts: &Parts) -> Self {
        let names: Vec<Vec<Name>> = entities
            .iter()
            .map(|e| {
                e.labels
                    .iter()
                    .map(|(l, t)| Name::new(l, t, parts))
                    .collect()
            })
            .collect();
        let mut forms_index: [HashMap<String, Vec<u32>>; 4] = Default::default();
        let mut by_length: BTreeMap<usize, Vec<(u32, Letters)>> = BTreeMap::new();
        for (entity, names) in (0u32..).zip(&names) {
            for name in names {
                for (kind, form) in forms(name) {
                    forms_index[kind as usize]
                        .entry(form.to_owned())
                        .or_default()
                        .push(entity);
                }
                if let Some(main) = name.keys.first() {
                    by_length
                        .entry(main.len())
                        .or_default()
                        .push((entity, letters(main)));
                }
            }
        }
        Self {
            names,
            forms: forms_index,
            by_length,
        }
    }

    /// Our entities (by number, sorted) that a name of theirs may agree with:
    /// all those it does agree with, and a few more.
    pub fn may_match(&self, theirs: &Name) -> Vec<u32> {
        let mut out: Vec<u32> = forms(theirs)
            .flat_map(|(kind, f)| self.forms[kind as usize].get(f).into_iter().flatten())
            .copied()
            .collect();
        if let Some(main) = theirs.keys.first() {
            // Similarity 0.9 allows one edit per ten letters, so lengths
            // differ by at most that, and letter counts by twice that.
            let length = main.len();
            let theirs_letters = letters(main);
            for (&other, keys) in self
                .by_length
                .range(length * 10 / 11..=length * 11 / 10 + 1)
            {
                let edits = length.max(other) / 10 + 1;
                for (entity, ours) in keys {
                    let apart: usize = ours
                        .iter()
                        .zip(&theirs_letters)
                        .map(|(a, b)| usize::from(a.abs_diff(*b)))
                        .sum();
                    if apart <= 2 * edits {
                        out.push(*entity);
                    }
                }
            }
        }
        out.sort_unstable();
        out.dedup();
        out
    }
}

/// Words a name's parts are joined with, left out when names are compared
/// part by part ("between the Kyrgyz Republic and the Republic of Turkey").
const JOINING: &[&str] = &["the", "a", "an", "of", "and", "between", "on", "in", "for"];

/// Our names for the parts of longer names: every name of every one of our
/// entities, as a word sequence, standing for that entity. A source that
/// says "Kyrgyzstan" where we say "the Kyrgyz Republic" inside a treaty's
/// title then gives the same title once both are read part by part.
pub(crate) struct Parts {
    /// Words joined by one space → the entity they name (the first, where several share it).
    names: HashMap<String, usize>,
    /// The first words of those names: a name of the source none of whose
    /// words is among them costs no lookup.
    first_words: std::collections::HashSet<String>,
    /// The longest name, in words.
    longest: usize,
}

impl Parts {
    /// Our entities' names, in every language and spelling.
    pub fn new(entities: &[Entity]) -> Self {
        let mut parts = Self {
            names: HashMap::new(),
            first_words: std::collections::HashSet::new(),
            longest: 0,
        };
        for (i, entity) in entities.iter().enumerate() {
            for (label, language) in &entity.labels {
                for key in names::keys(label, language) {
                    let words: Vec<&str> =
                        key.split(' ').filter(|w| !JOINING.contains(w)).collect();
                    let Some(first) = words.first() else {
                        continue;
                    };
                    parts.first_words.insert((*first).to_owned());
                    parts.longest = parts.longest.max(words.len());
                    parts.names.entry(words.join(" ")).or_insert(i);
                }
            }
        }
        parts
    }

    /// A name key read part by part: the longest runs of words that name one
    /// of our entities replaced by `#N`, joining words left out; `None` when
    /// no part of it is one of our names. A part is never the whole name
    /// (that is a plain name match, or the entity's own name).
    pub fn read(&self, key: &str) -> Option<String> {
        let words: Vec<&str> = key
            .split(' ')
            .filter(|w| !w.is_empty() && !JOINING.contains(w))
            .collect();
        if words.len() < 2 || !words.iter().any(|w| self.first_words.contains(*w)) {
            return None;
        }
        let mut out: Vec<String> = Vec::new();
        let mut replaced = false;
        let mut i = 0;
        while i < words.len() {
            let room = (words.len() - i).min(self.longest);
            let room = if i == 0 {
                room.min(words.len() - 1)
            } else {
                room
            };
            let found = if self.first_words.contains(words[i]) {
                (1..=room)
                    .rev()
                    .find_map(|n| self.names.get(&words[i..i + n].join(" ")).map(|e| (n, *e)))
            } else {
                None
            };
            match found {
                Some((n, entity)) => {
                    out.push(format!("#{entity}"));
                    replaced = true;
                    i += n;
                }
                None => {
                    out.push(words[i].to_owned());
                    i += 1;
                }
            }
        }
        replaced.then(|| out.join(" "))
    }
}
