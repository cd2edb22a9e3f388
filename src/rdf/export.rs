//! Writes RDF so that the same data always gives the same bytes: quads are sorted
//! (graph, subject, then `rdf:type` first and other predicates by IRI, then
//! object), blank nodes are relabelled in order of first use, and Turtle and TriG
//! declare only the prefixes the output uses. Triple formats get the union of the
//! graphs (duplicates merged); quad formats keep each graph.

use crate::error::{Error, Result};
use crate::rdf::prefixes::Prefixes;
use crate::vocab::INFERRED_GRAPH;
use oxigraph::io::{RdfFormat, RdfSerializer};
use oxigraph::model::vocab::{rdf, xsd};
use oxigraph::model::{
    BlankNode, GraphName, GraphNameRef, LiteralRef, NamedNode, NamedOrBlankNode, Quad, Term,
};
use oxigraph::store::Store;
use std::collections::HashMap;
use std::io::Write;

/// Whether a format holds named graphs.
pub fn is_quad_format(format: RdfFormat) -> bool {
    matches!(
        format,
        RdfFormat::NQuads | RdfFormat::TriG | RdfFormat::JsonLd { .. }
    )
}

/// Which statements to keep of a dataset with entailments in [`INFERRED_GRAPH`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Inferred {
    /// Only the inferred graph.
    Only,
    /// The dataset and the inferred graph.
    With,
    /// The dataset without what was inferred.
    Without,
}

/// Keeps the quads that `which` asks for.
pub fn select_inferred(quads: &mut Vec<Quad>, which: Inferred) {
    let inferred = GraphName::NamedNode(NamedNode::new_unchecked(INFERRED_GRAPH));
    match which {
        Inferred::With => {}
        Inferred::Only => quads.retain(|q| q.graph_name == inferred),
        Inferred::Without => quads.retain(|q| q.graph_name != inferred),
    }
}

/// The quads of the whole store, or of one named graph.
pub fn quads(store: &Store, graph: Option<&NamedNode>) -> Result<Vec<Quad>> {
    match graph {
        None => Ok(store.iter().collect::<std::result::Result<_, _>>()?),
        Some(graph) => {
            if !store.contains_named_graph(graph)? {
                let mut known: Vec<String> = store
                    .named_graphs()
                    .filter_map(|g| g.ok().map(|g| g.to_string()))
                    .collect();
                known.sort();
                return Err(Error::Usage(format!(
                    "no graph named {graph} in the dataset; graphs: {}",
                    known.join(" ")
                )));
            }
            Ok(store
                .quads_for_pattern(
                    None,
                    None,
                    None,
                    Some(GraphNameRef::NamedNode(graph.as_ref())),
                )
                .collect::<std::result::Result<_, _>>()?)
        }
    }
}

/// Serializes quads deterministically in `format`.
pub fn write_quads(
    quads: Vec<Quad>,
    format: RdfFormat,
    prefixes: &Prefixes,
    out: &mut impl Write,
) -> Result<()> {
    let quads = canonical_order(quads, is_quad_format(format));
    if matches!(format, RdfFormat::JsonLd { .. }) {
        return crate::rdf::jsonld::write(&quads, out);
    }
    let mut serializer = RdfSerializer::from_format(format);
    if matches!(
        format,
        RdfFormat::Turtle | RdfFormat::TriG | RdfFormat::RdfXml
    ) {
        for (name, namespace) in prefixes.used_by(iris(&quads)).iter() {
            serializer = serializer
                .with_prefix(name, namespace)
                .map_err(|e| Error::Data(format!("bad prefix {name}: {e}")))?;
        }
    }
    let mut writer = serializer.for_writer(out);
    for quad in &quads {
        writer.serialize_quad(quad).map_err(Error::Write)?;
    }
    writer.finish().map_err(Error::Write)?;
    Ok(())
}

fn iris(quads: &[Quad]) -> Vec<&str> {
    let mut out = Vec::new();
    for quad in quads {
        if let NamedOrBlankNode::NamedNode(n) = &quad.subject {
            out.push(n.as_str());
        }
        out.push(quad.predicate.as_str());
        match &quad.object {
            Term::NamedNode(n) => out.push(n.as_str()),
            // Strings and language strings are written without their datatype.
            Term::Literal(l) if !written_without_datatype(l.as_ref()) => {
                out.push(l.datatype().as_str())
            }
            _ => {}
        }
        if let GraphName::NamedNode(n) = &quad.graph_name {
            out.push(n.as_str());
        }
    }
    out
}

/// Whether the Turtle writer drops the datatype: strings, language strings, and
/// numbers and booleans in Turtle's short forms.
fn written_without_datatype(literal: LiteralRef<'_>) -> bool {
    let value = literal.value();
    let unsigned = value.strip_prefix(['+', '-']).unwrap_or(value);
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    match literal.datatype() {
        xsd::STRING | rdf::LANG_STRING => true,
        xsd::BOOLEAN => matches!(value, "true" | "false"),
        xsd::INTEGER => digits(unsigned),
        xsd::DECIMAL => unsigned
            .split_once('.')
            .is_some_and(|(int, frac)| (int.is_empty() || digits(int)) && digits(frac)),
        // Doubles are rare here; declaring xsd for them is harmless.
        _ => false,
    }
}

/// Sorts quads (dropping graphs when `keep_graphs` is false) and relabels blank nodes.
pub fn canonical_order(quads: Vec<Quad>, keep_graphs: bool) -> Vec<Quad> {
    let mut quads: Vec<Quad> = quads
        .into_iter()
        .map(|mut q| {
            if !keep_graphs {
                q.graph_name = GraphName::DefaultGraph;
            }
            q
        })
        .collect();
    // First pass: order with every blank node alike, to number them by first use.
    quads.sort_by_cached_key(|q| key(q, None));
    quads.dedup();
    let mut labels: HashMap<BlankNode, BlankNode> = HashMap::new();
    let mut relabel = |b: &BlankNode| -> BlankNode {
        let next = labels.len();
        labels
            .entry(b.clone())
            .or_insert_with(|| BlankNode::new_unchecked(format!("b{next}")))
            .clone()
    };
    let mut quads: Vec<Quad> = quads
        .into_iter()
        .map(|q| Quad {
            subject: match q.subject {
                NamedOrBlankNode::BlankNode(b) => relabel(&b).into(),
                other => other,
            },
            predicate: q.predicate,
            object: match q.object {
                Term::BlankNode(b) => relabel(&b).into(),
                other => other,
            },
            graph_name: match q.graph_name {
                GraphName::BlankNode(b) => relabel(&b).into(),
                other => other,
            },
        })
        .collect();
    quads.sort_by_cached_key(|q| key(q, Some(())));
    quads.dedup();
    quads
}

/// A sort key; with `blank_labels` `None`, all blank nodes compare equal.
fn key(quad: &Quad, blank_labels: Option<()>) -> (String, String, (bool, String), String) {
    let term = |t: &Term| match t {
        Term::NamedNode(n) => format!("0{}", n.as_str()),
        Term::BlankNode(b) => match blank_labels {
            Some(()) => format!("1{:0>12}", b.as_str().trim_start_matches('b')),
            None => "1".to_owned(),
        },
        Term::Literal(l) => format!(
            "2{}\u{0}{}\u{0}{}",
            l.value(),
            l.datatype().as_str(),
            l.language().unwrap_or_default()
        ),
        #[allow(unreachable_patterns)]
        other => format!("3{other}"),
    };
    let graph = match &quad.graph_name {
        GraphName::DefaultGraph => String::new(),
        GraphName::NamedNode(n) => term(&n.clone().into()),
        GraphName::BlankNode(b) => term(&b.clone().into()),
    };
    let subject = term(&quad.subject.clone().into());
    let predicate = (
        quad.predicate.as_ref() != rdf::TYPE,
        quad.predicate.as_str().to_owned(),
    );
    (graph, subject, predicate, term(&quad.object))
}
