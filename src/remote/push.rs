//! Uploads the dataset to a SPARQL server, one named graph at a time (`dipkg
//! push`), so the server holds the same graphs as the embedded store and the
//! saved queries give the same answers there.
//!
//! Each graph is replaced by exactly one request, so a failure never leaves a
//! graph half-written: the SPARQL 1.1 Graph Store Protocol's HTTP PUT of its
//! N-Triples is preferred; where the server has no graph store (or none was
//! named), one SPARQL Update request carries both `DROP SILENT GRAPH` and the
//! `INSERT DATA`, built as spargebra algebra and serialised, so data never
//! becomes query text by string pasting (servers apply one request
//! atomically). Pushing twice leaves the same data. If a graph fails, the
//! error says which graphs were replaced and which were not touched.

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

/// Triples per `INSERT DATA` operation (all in one request): small enough for
/// servers' limits on one operation.
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
    let mut names = Vec::with_capacity(graphs.len());
    for graph in graphs {
        let NamedOrBlankNodeRef::NamedNode(name) = graph.as_ref() else {
            return Err(Error::Data(format!(
                "graph {graph} has a blank-node name, which no server can address; name it with an IRI"
            )));
        };
        names.push(name.into_owned());
    }
    let mut pushed: Vec<Pushed> = Vec::new();
    // Once the graph store turns out missing, the rest go by Update without asking again.
    let mut graph_store = target.graph_store.clone();
    for (i, name) in names.iter().enumerate() {
        let quads = export::quads(store, Some(name))?;
        let sent = (|| -> Result<&'static str> {
            if let Some(url) = &graph_store {
                if by_graph_store(client, url, name, &quads)? {
                    return Ok("graph-store");
                }
                graph_store = None;
            }
            by_update(client, &target.update, name, &quads)?;
            Ok("update")
        })();
        match sent {
            Ok(method) => pushed.push(Pushed {
                graph: name.clone(),
                triples: quads.len(),
                method,
            }),
            Err(error) => {
                return Err(Error::Push {
                    graph: name.to_string(),
                    uncertain: is_uncertain(&error),
                    message: error.to_string(),
                    updated: pushed.iter().map(|p| p.graph.to_string()).collect(),
                    untouched: names[i + 1..].iter().map(ToString::to_string).collect(),
                });
            }
        }
    }
    Ok(pushed)
}

/// Whether a failed request may still have been applied: no answer came back.
fn is_uncertain(error: &Error) -> bool {
    match error {
        Error::Remote { message, .. } => {
            message.starts_with("no answer in time") || message.starts_with("request failed")
        }
        _ => false,
    }
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

/// PUTs the whole graph in one request; `false` when the server has no graph store there.
fn by_graph_store(client: &Client, url: &str, graph: &NamedNode, quads: &[Quad]) -> Result<bool> {
    let separator = if url.contains('?') { '&' } else { '?' };
    let address = format!("{url}{separator}graph={}", form_encode(graph.as_str()));
    // A PUT of nothing still replaces (empties) the graph.
    let reply = client.send(
        Method::PUT,
        &address,
        &[(CONTENT_TYPE, "application/n-triples".to_owned())],
        &ntriples(quads)?,
    )?;
    if matches!(reply.status, 404 | 405 | 501) {
        return Ok(false);
    }
    reply.require_success(&address, "the graph store", &format!("for graph {graph}"))?;
    Ok(true)
}

/// The update that replaces `graph` by `quads`: one request, `DROP SILENT GRAPH`
/// then `INSERT DATA` (in operations of at most [`CHUNK`] triples).
pub fn replace_graph(graph: &NamedNode, quads: &[Quad]) -> Update {
    let mut operations = vec![GraphUpdateOperation::Drop {
        silent: true,
        graph: GraphTarget::NamedNode(graph.clone()),
    }];
    for chunk in quads.chunks(CHUNK) {
        operations.push(GraphUpdateOperation::InsertData {
            data: chunk
                .iter()
                .map(|q| UpdateQuad {
                    subject: q.subject.clone(),
                    predicate: q.predicate.clone(),
                    object: q.object.clone(),
                    graph_name: UpdateGraphName::NamedNode(graph.clone()),
                })
                .collect(),
        });
    }
    Update {
        base_iri: None,
        operations,
    }
}

fn by_update(client: &Client, url: &str, graph: &NamedNode, quads: &[Quad]) -> Result<()> {
    let update = replace_graph(graph, quads);
    let body = format!("update={}", form_encode(&update.to_string()));
    let reply = client.send(
        Method::POST,
        url,
        &[(CONTENT_TYPE, "application/x-www-form-urlencoded".to_owned())],
        body.as_bytes(),
    )?;
    reply.require_success(url, "the update endpoint", &format!("for graph {graph}"))
}
