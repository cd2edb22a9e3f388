//! Scoring one candidate for one entity: names, type, dates and places.

use super::index::stems;
use super::*;
use crate::align::names;
use crate::rdf::xsd;
use oxigraph::model::NamedNode;
use std::collections::BTreeSet;

/// How well two names agree, and how.
pub(super) fn name_score(ours: &(String, String), theirs: &(String, String)) -> (f64, String) {
    let (a, b) = (names::fold(&ours.0), names::fold(&theirs.0));
    if a == b && !a.is_empty() {
        return (1.0, format!("name {:?} = {:?}", ours.0, theirs.0));
    }
    let ka = names::keys(&ours.0, &ours.1);
    let kb = names::keys(&theirs.0, &theirs.1);
    if ka.iter().any(|k| kb.contains(k)) {
        return (
            0.95,
            format!("name {:?} ≈ {:?} (transliterated)", ours.0, theirs.0),
        );
    }
    let (sa, sb) = (&ka[..], &kb[..]);
    let (Some(sa), Some(sb)) = (sa.first(), sb.first()) else {
        return (0.0, String::new());
    };
    let (wa, wb): (Vec<&str>, Vec<&str>) = (sa.split(' ').collect(), sb.split(' ').collect());
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
                    ours.0, theirs.0
                ),
            )
        } else {
            (
                0.4,
                format!("same surname only: {:?} vs {:?}", ours.0, theirs.0),
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
                format!("names share words: {:?} ~ {:?}", ours.0, theirs.0),
            );
        }
    }
    let similarity = strsim::normalized_levenshtein(sa, sb);
    if similarity >= 0.9 {
        return (
            0.8 * similarity,
            format!("names nearly equal: {:?} ~ {:?}", ours.0, theirs.0),
        );
    }
    (0.0, String::new())
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
pub(super) fn score(
    entity: &Entity,
    iri: &str,
    candidate: &Candidate,
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
    for ours in &entity.labels {
        for theirs in &candidate.labels {
            let (s, w) = name_score(ours, theirs);
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
