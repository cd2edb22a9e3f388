//! Scoring one candidate for one entity: names, type, dates and places.

use super::index::stems;
use super::*;
use crate::align::names;
use crate::rdf::xsd;
use oxigraph::model::NamedNode;
use std::collections::BTreeSet;

/// A name with the forms scoring compares, computed once per distinct name
/// (a source that repeats one name a million times costs one computation).
#[derive(Debug, Clone)]
pub(crate) struct Name {
    /// The name as written.
    pub text: String,
    /// Folded (case, diacritics, NFKC).
    pub fold: String,
    /// Its skeleton keys, see [`names::keys`].
    pub keys: Vec<String>,
}

impl Name {
    /// Computes the forms of a name in a language.
    pub fn new(label: &str, language: &str) -> Self {
        Self {
            text: label.to_owned(),
            fold: names::fold(label),
            keys: names::keys(label, language),
        }
    }

    /// The words of its first key.
    fn words(&self) -> Vec<&str> {
        self.keys
            .first()
            .map(|k| k.split(' ').collect())
            .unwrap_or_default()
    }
}

/// How well two names agree, and how, from their precomputed forms.
pub(super) fn name_score_of(ours: &Name, theirs: &Name) -> (f64, String) {
    let (a, b) = (&ours.fold, &theirs.fold);
    if a == b && !a.is_empty() {
        return (1.0, format!("name {:?} = {:?}", ours.text, theirs.text));
    }
    let (ka, kb) = (&ours.keys, &theirs.keys);
    if ka.iter().any(|k| kb.contains(k)) {
        return (
            0.95,
            format!("name {:?} ≈ {:?} (transliterated)", ours.text, theirs.text),
        );
    }
    let (Some(sa), Some(sb)) = (ka.first(), kb.first()) else {
        return (0.0, String::new());
    };
    let (wa, wb) = (ours.words(), theirs.words());
    if wa.len() >= 2 && wb.len() >= 2 && wa.last() == wb.last() {
        let (fa, fb) = (wa[0], wb[0]);
        let given_agrees = (fa.len() >= 4 && fb.starts_with(fa))
            || (fb.len() >= 4 && fa.starts_with(fb))
            || ((fa.len() == 1 || fb.len() == 1) && fa.chars().next() == fb.chars().next());
        return if given_agrees {
            (
                0.85,
                format!(
                    "same surname, given names agree: {:?} ~ {:?}",
                    ours.text, theirs.text
                ),
            )
        } else {
            (
                0.4,
                format!("same surname only: {:?} vs {:?}", ours.text, theirs.text),
            )
        };
    }
    let (ta, tb) = (stems(sa), stems(sb));
    let union = ta.union(&tb).count();
    if union > 0 {
        let jaccard = ta.intersection(&tb).count() as f64 / union as f64;
        if jaccard >= 0.6 {
            return (
                0.8 * jaccard,
                format!("names share words: {:?} ~ {:?}", ours.text, theirs.text),
            );
        }
    }
    if !lengths_allow_near_equal(sa.chars().count(), sb.chars().count()) {
        return (0.0, String::new());
    }
    let similarity = strsim::normalized_levenshtein(sa, sb);
    if similarity >= 0.9 {
        return (
            0.8 * similarity,
            format!("names nearly equal: {:?} ~ {:?}", ours.text, theirs.text),
        );
    }
    (0.0, String::new())
}

/// Whether two keys of these byte lengths can be 90 % similar by normalised
/// Levenshtein (which needs the lengths within a tenth of the longer).
pub(super) fn lengths_allow_near_equal(a: usize, b: usize) -> bool {
    // Keys are ASCII (transliterated), so bytes are characters.
    a.abs_diff(b) * 10 <= a.max(b)
}

/// Whether two keys can be 90 % similar by normalised Levenshtein, the last
/// way two names score: the cheap bounds first (length, then the characters
/// one has and the other lacks, each at most the edit distance).
pub(super) fn near_equal(a: &str, b: &str) -> bool {
    let (la, lb) = (a.chars().count(), b.chars().count());
    if !lengths_allow_near_equal(la, lb) {
        return false;
    }
    let allowed = la.max(lb) / 10;
    if a.is_ascii() && b.is_ascii() {
        let mut counts = [0i32; 128];
        for c in a.bytes() {
            counts[usize::from(c)] += 1;
        }
        for c in b.bytes() {
            counts[usize::from(c)] -= 1;
        }
        let (extra, missing) =
            counts.iter().fold(
                (0, 0),
                |(x, m), &v| {
                    if v > 0 { (x + v, m) } else { (x, m - v) }
                },
            );
        if extra.max(missing) as usize > allowed {
            return false;
        }
    }
    strsim::normalized_levenshtein(a, b) >= 0.9
}

/// Compares dates at the precision both have: equal, a day apart, or in conflict.
pub(super) fn dates_agree(ours: &[String], theirs: &[String]) -> Option<(f64, String)> {
    if ours.is_empty() || theirs.is_empty() {
        return None;
    }
    let mut near = false;
    for a in ours {
        for b in theirs {
            let b = b.trim_start_matches('+');
            if xsd::dates_agree(a, b) {
                return Some((1.05, format!("date {a} agrees with {b}")));
            }
            if let (Some(x), Some(y)) = (xsd::day_number(a), xsd::day_number(b)) {
                near |= (x - y).abs() <= 1;
            }
        }
    }
    if near {
        Some((1.0, "dates a day apart".to_owned()))
    } else {
        Some((
            0.6,
            format!(
                "dates differ: ours {}, theirs {}",
                ours.join(" "),
                theirs.join(" ")
            ),
        ))
    }
}

/// Scores one candidate for one entity; `None` when its type rules it out.
#[cfg(test)]
pub(super) fn score(
    entity: &Entity,
    iri: &str,
    candidate: &Candidate,
    our_links: &dyn Fn(&NamedNode) -> Vec<String>,
) -> Option<Scored> {
    let ours: Vec<Name> = entity.labels.iter().map(|(l, t)| Name::new(l, t)).collect();
    let theirs: Vec<Name> = candidate
        .labels
        .iter()
        .map(|(l, t)| Name::new(l, t))
        .collect();
    let theirs: Vec<&Name> = theirs.iter().collect();
    score_names(entity, &ours, iri, candidate, &theirs, our_links)
}

/// [`score`] with both sides' names already computed.
pub(super) fn score_names(
    entity: &Entity,
    our_names: &[Name],
    iri: &str,
    candidate: &Candidate,
    their_names: &[&Name],
    our_links: &dyn Fn(&NamedNode) -> Vec<String>,
) -> Option<Scored> {
    let kinds: BTreeSet<Kind> = candidate
        .types
        .iter()
        .filter_map(|t| kind_of_class(t))
        .collect();
    let mut why = Vec::new();
    let type_factor = if kinds.contains(&entity.kind) {
        why.push(format!("type fits ({})", entity.kind.name()));
        1.0
    } else if !kinds.is_empty() {
        // A person never matches a city; a state never matches a bird.
        return None;
    } else {
        why.push("type unknown".to_owned());
        0.8
    };
    let (mut name, mut name_why) = (0.0, String::new());
    for ours in our_names {
        for theirs in their_names {
            let (s, w) = name_score_of(ours, theirs);
            if s > name {
                (name, name_why) = (s, w);
            }
        }
    }
    if name == 0.0 {
        return None;
    }
    why.insert(0, name_why);
    let mut value = name * type_factor;
    if let Some((factor, w)) = dates_agree(&entity.dates, &candidate.dates) {
        value *= factor;
        why.push(w);
    }
    let mapped: Vec<String> = entity.within.iter().flat_map(our_links).collect();
    if !mapped.is_empty() && !candidate.within.is_empty() {
        if candidate.within.iter().any(|w| mapped.contains(w)) {
            value *= 1.05;
            why.push("lies in the same place".to_owned());
        } else {
            value *= 0.5;
            why.push(format!("lies elsewhere ({})", candidate.within.join(" ")));
        }
    }
    Some(Scored {
        iri: iri.to_owned(),
        score: value.min(1.0),
        why,
    })
}
