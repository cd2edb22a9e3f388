//! `dipkg stats`: the numbers a VoID description needs (statements, graphs,
//! distinct subjects, predicates, objects and classes, statements per graph,
//! instances per class), counted in one pass over the store.
//!
//! Unlike [`crate::rdf::void::count`], which keeps every triple to describe the
//! small shipped dataset, this keeps only 128-bit hashes of terms and triples, so
//! it runs over stores of tens of millions of statements.

use crate::error::Result;
use crate::vocab::RDF_TYPE;
use oxigraph::model::{GraphName, Term};
use oxigraph::store::Store;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::hash::{DefaultHasher, Hash, Hasher};

/// The key of the default graph in [`Stats::per_graph`].
pub const DEFAULT_GRAPH: &str = "(default graph)";

/// The counts of a dataset.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Stats {
    /// Statements, graph by graph (a triple stated in two graphs counts twice).
    pub quads: u64,
    /// Distinct triples of the union of the graphs.
    pub triples: u64,
    /// Graphs holding statements (the default graph included when it has any).
    pub graphs: u64,
    /// Distinct subjects.
    pub subjects: u64,
    /// Distinct predicates.
    pub predicates: u64,
    /// Distinct objects.
    pub objects: u64,
    /// Distinct classes (IRIs that are the object of `rdf:type`).
    pub classes: u64,
    /// Statements per graph.
    pub per_graph: BTreeMap<String, u64>,
    /// Distinct instances per class.
    pub per_class: BTreeMap<String, u64>,
}

fn hash128(value: &impl Hash) -> u128 {
    let mut a = DefaultHasher::new();
    0u8.hash(&mut a);
    value.hash(&mut a);
    let mut b = DefaultHasher::new();
    1u8.hash(&mut b);
    value.hash(&mut b);
    (u128::from(a.finish()) << 64) | u128::from(b.finish())
}

/// Counts the whole store in one pass.
pub fn count(store: &Store) -> Result<Stats> {
    let mut stats = Stats::default();
    let mut triples = HashSet::new();
    let mut subjects = HashSet::new();
    let mut objects = HashSet::new();
    let mut predicates = HashSet::new();
    let mut per_graph: HashMap<String, u64> = HashMap::new();
    let mut instances: HashMap<String, HashSet<u128>> = HashMap::new();
    for quad in store.iter() {
        let quad = quad?;
        stats.quads += 1;
        let graph = match &quad.graph_name {
            GraphName::DefaultGraph => DEFAULT_GRAPH.to_owned(),
            GraphName::NamedNode(n) => n.as_str().to_owned(),
            GraphName::BlankNode(b) => b.to_string(),
        };
        *per_graph.entry(graph).or_default() += 1;
        let subject = hash128(&quad.subject);
        triples.insert(hash128(&(&quad.subject, &quad.predicate, &quad.object)));
        subjects.insert(subject);
        objects.insert(hash128(&quad.object));
        predicates.insert(quad.predicate.as_str().to_owned());
        if quad.predicate.as_str() == RDF_TYPE {
            if let Term::NamedNode(class) = &quad.object {
                instances
                    .entry(class.as_str().to_owned())
                    .or_default()
                    .insert(subject);
            }
        }
    }
    stats.triples = triples.len() as u64;
    stats.graphs = per_graph.len() as u64;
    stats.subjects = subjects.len() as u64;
    stats.predicates = predicates.len() as u64;
    stats.objects = objects.len() as u64;
    stats.classes = instances.len() as u64;
    stats.per_graph = per_graph.into_iter().collect();
    stats.per_class = instances
        .into_iter()
        .map(|(class, members)| (class, members.len() as u64))
        .collect();
    Ok(stats)
}

/// Writes the counts for people: totals, then graphs and classes, largest first.
pub fn write_text(stats: &Stats, out: &mut impl std::io::Write) -> std::io::Result<()> {
    writeln!(out, "statements\t{}", stats.quads)?;
    writeln!(out, "triples\t{}", stats.triples)?;
    writeln!(out, "graphs\t{}", stats.graphs)?;
    writeln!(out, "subjects\t{}", stats.subjects)?;
    writeln!(out, "predicates\t{}", stats.predicates)?;
    writeln!(out, "objects\t{}", stats.objects)?;
    writeln!(out, "classes\t{}", stats.classes)?;
    for (title, map) in [("graph", &stats.per_graph), ("class", &stats.per_class)] {
        let mut rows: Vec<_> = map.iter().collect();
        rows.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
        for (name, n) in rows {
            writeln!(out, "{title}\t{n}\t{name}")?;
        }
    }
    Ok(())
}
