//! The SPARQL 1.1 Graph Store Protocol at `/store`: reads of one graph, the
//! default graph (the union, as queries see it) or the whole dataset; writes
//! (PUT, POST, DELETE) only with `--writable` and the token, each in one
//! transaction.

use crate::publish::app::{App, internal};
use crate::publish::http::{self as h, RDF_TYPES, RdfType};
use crate::publish::negotiate;
use crate::publish::sparql::{authorize, negotiated, not_acceptable, too_many};
use oxhttp::model::{Body, Method, Request, Response, StatusCode};
use oxigraph::io::RdfParser;
use oxigraph::model::{GraphName, NamedNode, Quad};

/// The Graph Store Protocol at `/store`: `?graph=IRI`, `?default` (the union
/// of all graphs, as queries see it), or the whole dataset.
pub fn handle(app: &App, request: &mut Request<Body>) -> Response<Body> {
    let pairs = h::query_pairs(request);
    let graph = match h::param(&pairs, "graph") {
        Some(g) => match NamedNode::new(g) {
            Ok(n) => Some(n),
            Err(e) => {
                return h::error(
                    StatusCode::BAD_REQUEST,
                    format!("graph {g:?} is not an IRI: {e}"),
                );
            }
        },
        None => None,
    };
    let default = pairs.iter().any(|(k, _)| k == "default");
    let method = request.method().clone();
    if method == Method::GET || method == Method::HEAD {
        let store = &app.dataset.store;
        let quads: Result<Vec<Quad>, _> = match &graph {
            Some(g) => match store.contains_named_graph(g) {
                Ok(true) => store
                    .quads_for_pattern(None, None, None, Some(g.as_ref().into()))
                    .map(|q| {
                        q.map(|q| {
                            Quad::new(q.subject, q.predicate, q.object, GraphName::DefaultGraph)
                        })
                    })
                    .collect(),
                Ok(false) => {
                    return h::error(StatusCode::NOT_FOUND, format!("no graph named <{g}>"));
                }
                Err(e) => return h::error(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()),
            },
            None if default => store
                .iter()
                .map(|q| {
                    q.map(|q| Quad::new(q.subject, q.predicate, q.object, GraphName::DefaultGraph))
                })
                .collect(),
            None => store.iter().collect(),
        };
        let quads = match quads {
            Ok(q) => q,
            Err(e) => return h::error(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()),
        };
        let offered: Vec<&str> = if graph.is_none() && !default {
            vec!["application/trig", "application/n-quads"]
        } else {
            RDF_TYPES.iter().map(|t| t.media).collect()
        };
        let Some(media) = negotiate::choose(h::header(request, "accept"), &offered) else {
            return not_acceptable(&offered);
        };
        if quads.len() > app.config.max_results && graph.is_none() && default {
            return too_many(app);
        }
        let format = RdfType::by_media(media).unwrap_or(RDF_TYPES[0]);
        let mut body = Vec::new();
        return match crate::rdf::export::write_quads(
            quads,
            format.format(),
            &app.dataset.prefixes,
            &mut body,
        ) {
            Ok(()) => negotiated(request, media, body),
            Err(e) => internal(&e),
        };
    }
    if ![Method::PUT, Method::POST, Method::DELETE].contains(&method) {
        return h::error(
            StatusCode::METHOD_NOT_ALLOWED,
            format!("{method} is not allowed on /store"),
        );
    }
    if let Err(response) = authorize(app, request) {
        return response;
    }
    let target = match (&graph, default) {
        (Some(g), _) => GraphName::NamedNode(g.clone()),
        (None, true) => GraphName::DefaultGraph,
        (None, false) => {
            return h::error(
                StatusCode::BAD_REQUEST,
                "say which graph: ?graph=IRI or ?default",
            );
        }
    };
    let body = if method == Method::DELETE {
        Vec::new()
    } else {
        match h::read_body(request, app.config.max_body) {
            Ok(b) => b,
            Err(r) => return r,
        }
    };
    let mut quads = Vec::new();
    if method != Method::DELETE {
        let media = h::header(request, "content-type")
            .unwrap_or("text/turtle")
            .split(';')
            .next()
            .unwrap_or_default()
            .trim()
            .to_owned();
        let Some(format) = RdfType::by_media(&media) else {
            return h::error(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                format!("cannot read {media}"),
            );
        };
        for quad in RdfParser::from_format(format.format()).for_slice(&body) {
            match quad {
                Ok(q) => quads.push(Quad::new(q.subject, q.predicate, q.object, target.clone())),
                Err(e) => {
                    return h::error(
                        StatusCode::BAD_REQUEST,
                        format!("bad {}: {e}; nothing changed", format.name),
                    );
                }
            }
        }
    }
    let store = &app.dataset.store;
    let result = (|| -> Result<(), oxigraph::store::StorageError> {
        let mut transaction = store.start_transaction()?;
        if method == Method::PUT || method == Method::DELETE {
            let existing: Vec<Quad> = transaction
                .quads_for_pattern(None, None, None, Some(target.as_ref()))
                .collect::<Result<_, _>>()?;
            for quad in &existing {
                transaction.remove(quad);
            }
        }
        for quad in &quads {
            transaction.insert(quad);
        }
        transaction.commit()
    })();
    match result {
        Err(e) => h::error(
            StatusCode::INTERNAL_SERVER_ERROR,
            format!("nothing changed: {e}"),
        ),
        Ok(()) => h::response(StatusCode::NO_CONTENT, "text/plain", Body::empty()),
    }
}
