//! Finding the entity a person names: a full IRI (`<…>` or bare), a prefixed
//! name with the dataset's prefixes (`state:turkey`), or a name in any
//! language (`Erdoğan`'s label, `Түрк кеңеш`), matched without regard to case.
//! An unknown name is a usage error that lists the closest names, so a typo
//! is fixed by reading the message.

use crate::error::{Error, Result};
use crate::picture::timeline::{iri_of, select};
use crate::rdf::store::Dataset;
use oxigraph::model::{NamedNodeRef, Term};
use std::collections::BTreeSet;

const NAMES: &str = include_str!("sparql/entity-names.rq");

/// The IRI of the entity `what` names, or a usage error with suggestions.
pub fn resolve(dataset: &Dataset, what: &str) -> Result<String> {
    let what = what.trim();
    let bracketed = what
        .strip_prefix('<')
        .and_then(|w| w.strip_suffix('>'))
        .unwrap_or(what);
    let candidate = if bracketed.contains("://") {
        Some(bracketed.to_owned())
    } else {
        what.split_once(':').and_then(|(prefix, local)| {
            dataset
                .prefixes
                .namespace(prefix)
                .map(|ns| format!("{ns}{local}"))
        })
    };
    if let Some(iri) = &candidate {
        if described(dataset, iri)? {
            return Ok(iri.clone());
        }
    }
    let names = names(dataset)?;
    let wanted = fold(what);
    let matching: BTreeSet<&str> = names
        .iter()
        .filter(|(_, name)| fold(name) == wanted)
        .map(|(iri, _)| iri.as_str())
        .collect();
    match matching.len() {
        1 => Ok(matching.into_iter().next().unwrap_or_default().to_owned()),
        0 => Err(Error::Usage(format!(
            "unknown entity {what:?}{}",
            suggestions(dataset, what, &names)
        ))),
        _ => Err(Error::Usage(format!(
            "{what:?} names {} entities; give one of {}",
            matching.len(),
            matching
                .iter()
                .map(|iri| show(dataset, iri))
                .collect::<Vec<_>>()
                .join(", ")
        ))),
    }
}

/// Whether the store says anything about `iri` (as subject or object).
fn described(dataset: &Dataset, iri: &str) -> Result<bool> {
    let Ok(node) = NamedNodeRef::new(iri) else {
        return Ok(false);
    };
    let as_subject = dataset
        .store
        .quads_for_pattern(Some(node.into()), None, None, None)
        .next()
        .transpose()?
        .is_some();
    Ok(as_subject
        || dataset
            .store
            .quads_for_pattern(
                None,
                None,
                Some(Term::from(node.into_owned()).as_ref()),
                None,
            )
            .next()
            .transpose()?
            .is_some())
}

/// Every (IRI, name) pair, in order.
fn names(dataset: &Dataset) -> Result<Vec<(String, String)>> {
    let rows = select(dataset, "entity-names", NAMES, &[])?;
    Ok(rows
        .iter()
        .filter_map(|row| {
            let iri = iri_of(&row[0])?;
            match &row[1] {
                Some(Term::Literal(l)) => Some((iri, l.value().to_owned())),
                _ => None,
            }
        })
        .collect())
}

/// Case folded, so `erdoğan` finds `Erdoğan`.
fn fold(text: &str) -> String {
    text.trim().to_lowercase()
}

/// `prefix:local` where the prefixes allow, else `<iri>`.
fn show(dataset: &Dataset, iri: &str) -> String {
    dataset
        .prefixes
        .shorten_for_display(iri)
        .unwrap_or_else(|| format!("<{iri}>"))
}

/// "; did you mean …?" with the three closest names and prefixed names.
fn suggestions(dataset: &Dataset, what: &str, names: &[(String, String)]) -> String {
    let wanted = fold(what);
    let mut scored: Vec<(f64, String)> = Vec::new();
    let mut seen = BTreeSet::new();
    for (iri, name) in names {
        let short = show(dataset, iri);
        for candidate in [fold(name), fold(&short)] {
            let score = strsim::jaro_winkler(&wanted, &candidate);
            scored.push((score, iri.clone()));
        }
        // Also the local part alone: `erdgan` is close to `person:erdogan`.
        if let Some((_, local)) = short.split_once(':') {
            scored.push((strsim::jaro_winkler(&wanted, &fold(local)), iri.clone()));
        }
    }
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
    let mut picked = Vec::new();
    for (score, iri) in scored {
        if score < 0.75 || picked.len() == 3 {
            break;
        }
        if seen.insert(iri.clone()) {
            let label = crate::picture::graph::label(dataset, &iri).unwrap_or_default();
            picked.push(format!("{} ({label})", show(dataset, &iri)));
        }
    }
    if picked.is_empty() {
        "; give an IRI, a prefixed name such as state:turkey, or a name".to_owned()
    } else {
        format!("; did you mean {}?", picked.join(", "))
    }
}
