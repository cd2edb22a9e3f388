//! JSON-LD for people: compacted with dipkg's shipped `@context`
//! (`ontology/context.jsonld`: one prefix per namespace the data uses), one
//! node object per subject, pretty-printed, keys sorted, so a file reads like
//! the Turtle and diffs like it. The context is written inline, so a reader
//! needs no network to expand it; it expands to exactly the exported quads.

use crate::error::{Error, Result};
use oxigraph::model::vocab::{rdf, xsd};
use oxigraph::model::{GraphName, NamedOrBlankNode, Quad, Term};
use serde_json::{Map, Value, json};
use std::collections::BTreeMap;
use std::io::Write;

/// The shipped context document, as served and published.
pub const CONTEXT: &str = include_str!("../../ontology/context.jsonld");

/// The `@context` object of [`CONTEXT`]: prefix name → namespace.
pub fn context() -> Result<Map<String, Value>> {
    let document: Value = serde_json::from_str(CONTEXT)
        .map_err(|e| Error::Internal(format!("ontology/context.jsonld: {e}")))?;
    match document.get("@context") {
        Some(Value::Object(map)) => Ok(map.clone()),
        _ => Err(Error::Internal(
            "ontology/context.jsonld has no @context object".to_owned(),
        )),
    }
}

/// Writes quads (already in canonical order) as compacted JSON-LD: a `@graph`
/// of node objects, and for named graphs a node per graph holding its own
/// `@graph`.
pub fn write(quads: &[Quad], out: &mut impl Write) -> Result<()> {
    let context = context()?;
    let prefixes: Vec<(&str, &str)> = context
        .iter()
        .filter_map(|(name, iri)| Some((name.as_str(), iri.as_str()?)))
        .collect();
    let compact = |iri: &str| -> String {
        prefixes
            .iter()
            .filter(|(_, ns)| iri.len() > ns.len() && iri.starts_with(ns))
            .max_by_key(|(_, ns)| ns.len())
            .map(|(name, ns)| format!("{name}:{}", &iri[ns.len()..]))
            // A local part starting with // would read as an absolute IRI.
            .filter(|c| !c.contains("://"))
            .unwrap_or_else(|| iri.to_owned())
    };
    let mut graphs: BTreeMap<Option<String>, Vec<&Quad>> = BTreeMap::new();
    for quad in quads {
        let graph = match &quad.graph_name {
            GraphName::DefaultGraph => None,
            GraphName::NamedNode(n) => Some(compact(n.as_str())),
            GraphName::BlankNode(b) => Some(format!("_:{}", b.as_str())),
        };
        graphs.entry(graph).or_default().push(quad);
    }
    let mut top: Vec<Value> = Vec::new();
    for (graph, quads) in graphs {
        let nodes = nodes(&quads, &compact);
        match graph {
            None => top.extend(nodes),
            Some(id) => top.push(json!({ "@id": id, "@graph": nodes })),
        }
    }
    let document = json!({ "@context": context, "@graph": top });
    serde_json::to_writer_pretty(&mut *out, &document)
        .map_err(|e| Error::Write(std::io::Error::other(e)))?;
    out.write_all(b"\n").map_err(Error::Write)
}

/// One node object per subject, in the order of the quads.
fn nodes(quads: &[&Quad], compact: &impl Fn(&str) -> String) -> Vec<Value> {
    let mut order: Vec<String> = Vec::new();
    let mut by_subject: BTreeMap<String, Map<String, Value>> = BTreeMap::new();
    for quad in quads {
        let id = match &quad.subject {
            NamedOrBlankNode::NamedNode(n) => compact(n.as_str()),
            NamedOrBlankNode::BlankNode(b) => format!("_:{}", b.as_str()),
        };
        let node = by_subject.entry(id.clone()).or_insert_with(|| {
            order.push(id.clone());
            let mut node = Map::new();
            node.insert("@id".to_owned(), Value::String(id));
            node
        });
        let (key, value) = if quad.predicate.as_ref() == rdf::TYPE {
            match &quad.object {
                Term::NamedNode(class) => {
                    ("@type".to_owned(), Value::String(compact(class.as_str())))
                }
                other => (compact(quad.predicate.as_str()), object(other, compact)),
            }
        } else {
            (
                compact(quad.predicate.as_str()),
                object(&quad.object, compact),
            )
        };
        match node.get_mut(&key) {
            None => {
                node.insert(key, value);
            }
            Some(Value::Array(values)) => values.push(value),
            Some(single) => {
                let first = single.take();
                *single = Value::Array(vec![first, value]);
            }
        }
    }
    order
        .into_iter()
        .filter_map(|id| by_subject.remove(&id).map(Value::Object))
        .collect()
}

/// A value object: an IRI or blank node reference, or a literal with its
/// language or datatype; plain strings stay plain.
fn object(term: &Term, compact: &impl Fn(&str) -> String) -> Value {
    match term {
        Term::NamedNode(n) => json!({ "@id": compact(n.as_str()) }),
        Term::BlankNode(b) => json!({ "@id": format!("_:{}", b.as_str()) }),
        Term::Literal(l) => match (l.language(), l.datatype()) {
            (Some(language), _) => json!({ "@value": l.value(), "@language": language }),
            (None, datatype) if datatype == xsd::STRING => Value::String(l.value().to_owned()),
            (None, datatype) => json!({ "@value": l.value(), "@type": compact(datatype.as_str()) }),
        },
        #[allow(unreachable_patterns, reason = "RDF 1.2 triple terms, when enabled")]
        _ => Value::String(term.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use oxigraph::model::{Literal, NamedNode};

    #[test]
    fn the_shipped_context_names_every_ontology_prefix() {
        let context = context().expect("parses");
        for (name, namespace) in crate::rdf::store::shipped_prefixes().iter() {
            assert_eq!(
                context.get(name).and_then(Value::as_str),
                Some(namespace),
                "{name}: missing from ontology/context.jsonld"
            );
        }
    }

    #[test]
    fn compacts_ids_types_and_literals() {
        let s = NamedNode::new_unchecked("https://w3id.org/dipkg/id/state/turkey");
        let quads = vec![
            Quad::new(
                s.clone(),
                rdf::TYPE,
                NamedNode::new_unchecked("https://w3id.org/dipkg/ontology#SovereignState"),
                GraphName::DefaultGraph,
            ),
            Quad::new(
                s.clone(),
                NamedNode::new_unchecked("http://www.w3.org/2000/01/rdf-schema#label"),
                Literal::new_language_tagged_literal_unchecked("Turkey", "en"),
                GraphName::DefaultGraph,
            ),
            Quad::new(
                s,
                NamedNode::new_unchecked("https://w3id.org/dipkg/ontology#date"),
                Literal::new_typed_literal(
                    "1992-04",
                    NamedNode::new_unchecked("http://www.w3.org/2001/XMLSchema#gYearMonth"),
                ),
                GraphName::DefaultGraph,
            ),
        ];
        let mut out = Vec::new();
        write(&quads, &mut out).expect("writes");
        let text = String::from_utf8(out).expect("UTF-8");
        assert!(text.contains("\"@id\": \"state:turkey\""), "{text}");
        assert!(text.contains("\"@type\": \"dkg:SovereignState\""), "{text}");
        assert!(text.contains("\"@type\": \"xsd:gYearMonth\""), "{text}");
        assert!(text.contains("\"@language\": \"en\""), "{text}");
    }
}
