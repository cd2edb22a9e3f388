//! The event table a batch of events at a time, so that a store of a million
//! events is written with the memory of one batch, not of the whole table.
//!
//! The saved query groups and sorts, which Oxigraph does in memory for the
//! whole answer. So each batch of coded events is copied, with what the query
//! reads about them, into a small store of its own, and the unchanged saved
//! query runs there: the table stays the saved query's, batch by batch. What
//! is copied is every statement within [`DEPTH`] links of the batch's events
//! (out from them, and out from whatever points to them: a holding attested at
//! an event), except the CAMEO codings of events outside the batch, so each
//! coding is one row of exactly one batch.

use crate::error::{Error, Result};
use oxigraph::model::{NamedNodeRef, NamedOrBlankNode, Quad, Term, TermRef};
use oxigraph::store::Store;
use std::collections::HashSet;

/// Events per batch: small enough that one batch's table is a few MiB.
pub const EVENTS_PER_BATCH: usize = 1000;

/// How many links out from an event the copy reaches: the saved query reads
/// at most four (event → during → place → country → ISO code).
const DEPTH: usize = 4;

/// The most statements one batch may copy: more means a node links to most
/// of the graph, and copying it per batch would copy the graph per batch.
const MAX_QUADS: usize = 4_000_000;

/// `dkg:cameoCoding`, which links an event to each of its directed codings.
const CAMEO_CODING: &str = "https://w3id.org/dipkg/ontology#cameoCoding";

fn coding() -> NamedNodeRef<'static> {
    NamedNodeRef::new_unchecked(CAMEO_CODING)
}

/// Whether the store has more than `n` coded events.
pub fn more_than(store: &Store, n: usize) -> Result<bool> {
    let mut seen = 0;
    for quad in store.quads_for_pattern(None, Some(coding()), None, None) {
        if first_coding(store, &quad?)? {
            seen += 1;
            if seen > n {
                return Ok(true);
            }
        }
    }
    Ok(false)
}

/// Whether `quad` (event, cameoCoding, coding, graph) is the event's first
/// coding in the store's order: each event counts once, without a set of the
/// events already seen.
fn first_coding(store: &Store, quad: &Quad) -> Result<bool> {
    let first = store
        .quads_for_pattern(Some(quad.subject.as_ref()), Some(coding()), None, None)
        .next()
        .transpose()?;
    Ok(first.as_ref() == Some(quad))
}

/// Calls `each` with the coded events of `store`, `size` at a time.
pub fn events(
    store: &Store,
    size: usize,
    mut each: impl FnMut(&[NamedOrBlankNode]) -> Result<()>,
) -> Result<()> {
    let mut batch = Vec::with_capacity(size);
    for quad in store.quads_for_pattern(None, Some(coding()), None, None) {
        let quad = quad?;
        if first_coding(store, &quad)? {
            batch.push(quad.subject);
            if batch.len() == size {
                each(&batch)?;
                batch.clear();
            }
        }
    }
    if !batch.is_empty() {
        each(&batch)?;
    }
    Ok(())
}

/// A store of what the saved query reads about `events` (see the module).
pub fn closure(store: &Store, events: &[NamedOrBlankNode]) -> Result<Store> {
    let batch: HashSet<&NamedOrBlankNode> = events.iter().collect();
    let mut quads: Vec<Quad> = Vec::new();
    let mut seen: HashSet<NamedOrBlankNode> = events.iter().cloned().collect();
    let mut level: Vec<NamedOrBlankNode> = events.to_vec();
    // What points to an event is read one link further out than the event.
    for event in events {
        let term: TermRef<'_> = event.as_ref().into();
        for quad in store.quads_for_pattern(None, None, Some(term), None) {
            let quad = quad?;
            if quad.predicate.as_ref() != coding() && seen.insert(quad.subject.clone()) {
                level.push(quad.subject);
            }
        }
    }
    for _ in 0..DEPTH {
        let mut next = Vec::new();
        for node in &level {
            for quad in store.quads_for_pattern(Some(node.as_ref()), None, None, None) {
                let quad = quad?;
                if quad.predicate.as_ref() == coding() && !batch.contains(&quad.subject) {
                    continue;
                }
                match &quad.object {
                    Term::NamedNode(n) if seen.insert(n.clone().into()) => {
                        next.push(n.clone().into());
                    }
                    Term::BlankNode(b) if seen.insert(b.clone().into()) => {
                        next.push(b.clone().into());
                    }
                    _ => {}
                }
                quads.push(quad);
                if quads.len() > MAX_QUADS {
                    return Err(Error::Internal(format!(
                        "the event table's batch of {} events reaches more than {MAX_QUADS} \
                         statements within {DEPTH} links: some resource links to most of the graph",
                        events.len()
                    )));
                }
            }
        }
        level = next;
    }
    let out = Store::new()?;
    out.extend(quads)?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vocab::DKG;

    #[test]
    fn the_coding_property_is_the_ontologys() {
        assert_eq!(coding().as_str(), format!("{DKG}cameoCoding"));
    }
}
