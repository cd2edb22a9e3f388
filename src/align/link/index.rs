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
}

impl Index {
    /// Indexes the names of `entities`.
    pub fn new(entities: &[Entity]) -> Self {
        let mut index = Self {
            whole: HashMap::new(),
            surname: HashMap::new(),
            stems: HashMap::new(),
            label_stems: Vec::new(),
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
