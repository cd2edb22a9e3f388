//! Uploads the dataset to a SPARQL server, one named graph at a time (`dipkg
//! push`), so the server holds the same graphs as the embedded store and the
//! saved queries give the same answers there.
//!
//! The SPARQL 1.1 Graph Store Protocol is preferred: each graph is replaced by
//! an HTTP PUT of its N-Triples, large graphs continue with POSTs of further
//! chunks. Where the server has no graph store (or none was named), the graph
//! is dropped and refilled with SPARQL Update, built as spargebra algebra and
//! serialised, so data never becomes query text by string pasting. Both ways
//! replace each graph, so pushing twice leaves the same data.

use crate::error::{Error, Result};
use crate::rdf::export;
use crate::remote::http::{Client, form_encode};
use oxhttp::model::Method;
use oxhttp::model::header::CONTENT_TYPE;
use oxigraph::io::{RdfFormat, RdfSerializer};
use oxigraph::model::{GraphName, NamedNode, NamedOrBlankNodeRef, Quad};
use oxigraph::store::Store;
use spargebra::term::{GraphName as UpdateGraphName, Quad as UpdateQuad};
use spargebra::{GraphUpdateOperation, Update, algebra::GraphTarget};

/// Triples per request: small enough for servers' request limits, large enough to be quick.
pub const CHUNK: usize = 20_000;

/// Where to push.
#[derive(Debug, Clone)]
pub struct Target {
    /// The SPARQL Update endpoint.
    pub update: String,
    /// The Graph Store Protocol endpoint, if the server has one.
    pub graph_store: Option<String>,
}

/// How one graph went up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pushed {
    /// The graph.
    pub graph: NamedNode,
    /// Its number of triples.
    pub triples: usize,
    /// `graph-store` or `update`.
    pub method: &'static str,
}

/// Pushes every named graph of `store`; the default graph must be empty.
pub fn push(store: &Store, client: &Client, target: &Target) -> Result<Vec<Pushed>> {
    if store
        .quads_for_pattern(None, None, None, Some(GraphName::DefaultGraph.as_ref()))
        .next()
        .is_some()
    {
        return Err(Error::Data(
            "the dataset has triples in the default graph, which servers do not agree how to replace; load them from a triple format so they get a named graph".to_owned(),
        ));
    }
    let mut graphs = store
        .named_graphs()
        .collect::<std::result::Result<Vec<_>, _>>()?;
    graphs.sort_by_key(ToString::to_string);
    let mut pushed = Vec::new();
    // Once the graph store turns out missing, the rest go by Update without asking again.
    let mut graph_store = target.graph_store.clone();
    for graph in graphs {
        let NamedOrBlankNodeRef::NamedNode(name) = graph.as_ref() else {
            return Err(Error::Data(format!(
                "graph {graph} has a blank-node name, which no server can address; name it with an IRI"
            )));
        };
        let name = name.into_owned();
        let quads = export::quads(store, Some(&name))?;
        let method = match &graph_store {
            Some(url) => {
                if by_graph_store(client, url, &name, &quads)? {
                    "graph-store"
                } else {
                    graph_store = None;
                    by_update(client, &target.update, &name, &quads)?;
                    "update"
                }
            }
            None => {
                by_update(client, &target.update, &name, &quads)?;
                "update"
            }
        };
        pushed.push(Pushed {
            graph: name,
            triples: quads.len(),
            method,
        });
    }
    Ok(pushed)
}

fn ntriples(quads: &[Quad]) -> Result<Vec<u8>> {
    let mut writer = RdfSerializer::from_format(RdfFormat::NTriples).for_writer(Vec::new());
    for quad in quads {
        writer
            .serialize_triple(quad.as_ref())
            .map_err(Error::Write)?;
    }
    writer.finish().map_err(Error::Write)
}

/// PUTs the first chunk and POSTs the rest; `false` when the server has no graph store there.
fn by_graph_store(client: &Client, url: &str, graph: &NamedNode, quads: &[Quad]) -> Result<bool> {
    let separator = if url.contains('?') { '&' } else { '?' };
    let address = format!("{url}{separator}graph={}", form_encode(graph.as_str()));
    let empty: [Quad; 0] = [];
    let mut chunks: Vec<&[Quad]> = quads.chunks(CHUNK).collect();
    if chunks.is_empty() {
        // PUT of nothing still replaces (empties) the graph.
        chunks.push(&empty);
    }
    for (i, chunk) in chunks.into_iter().enumerate() {
        let method = if i == 0 { Method::PUT } else { Method::POST };
        let reply = client.send(
            method,
            &address,
            &[(CONTENT_TYPE, "application/n-triples".to_owned())],
            &ntriples(chunk)?,
        )?;
        if i == 0 && matches!(reply.status, 404 | 405 | 501) {
            return Ok(false);
        }
        reply.require_success(&address, "the graph store", &format!("for graph {graph}"))?;
    }
    Ok(true)
}

fn by_update(client: &Client, url: &str, graph: &NamedNode, quads: &[Quad]) -> Result<()> {
    let target = GraphTarget::NamedNode(graph.clone());
    let mut requests = vec![Update {
        base_iri: None,
        operations: vec![GraphUpdateOperation::Drop {
            silent: true,
            graph: target,
        }],
    }];
    for chunk in quads.chunks(CHUNK) {
        requests.push(Update {
            base_iri: None,
            operations: vec![GraphUpdateOperation::InsertData {
                data: chunk
                    .iter()
                    .map(|q| UpdateQuad {
                        subject: q.subject.clone(),
                        predicate: q.predicate.clone(),
                        object: q.object.clone(),
                        graph_name: UpdateGraphName::NamedNode(graph.clone()),
                    })
                    .collect(),
            }],
        });
    }
    for update in requests {
        let body = format!("update={}", form_encode(&update.to_string()));
        let reply = client.send(
            Method::POST,
            url,
            &[(CONTENT_TYPE, "application/x-www-form-urlencoded".to_owned())],
            body.as_bytes(),
        )?;
        reply.require_success(url, "the update endpoint", &format!("for graph {graph}"))?;
    }
    Ok(())
}
