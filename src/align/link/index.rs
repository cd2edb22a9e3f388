//! Our names as lookup keys, so a source of millions of names is matched by
//! lookups, never by comparing every pair.

use super::*;
use crate::align::names;
use std::collections::{BTreeSet, HashMap};

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
}

impl Index {
    /// Indexes the names of `entities`.
    pub fn new(entities: &[Entity]) -> Self {
        let mut index = Self {
            whole: HashMap::new(),
            surname: HashMap::new(),
            stems: HashMap::new(),
            label_stems: Vec::new(),
            parts: Parts::new(entities),
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
