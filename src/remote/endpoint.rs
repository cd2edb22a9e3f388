//! Runs a query on a remote SPARQL endpoint instead of the embedded store
//! (`dipkg query NAME --endpoint URL`). The query sent is the *bound algebra*
//! serialised by spargebra: parameter values went in as typed terms on the
//! parsed query, so the text on the wire is generated from terms, never by
//! splicing a user's value into the saved query's text.
//!
//! Answers are read with Oxigraph's own results parsers, which accept what real
//! servers send (Virtuoso's JSON `typed-literal`, tabs between N-Triples terms).

use crate::error::{Error, Result};
use crate::remote::http::{Client, Reply, form_encode};
use crate::sparql::query::{self, Answer};
use oxhttp::model::Method;
use oxhttp::model::header::{ACCEPT, CONTENT_TYPE};
use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::{NamedNode, Term, Variable};
use oxigraph::sparql::results::{
    QueryResultsFormat, QueryResultsParser, SliceQueryResultsParserOutput,
};
use oxigraph::sparql::{DefaultServiceHandler, QuerySolutionIter, SparqlEvaluator};
use oxiri::Iri;
use spargebra::Query;
use spargebra::algebra::GraphPattern;
use std::sync::Arc;

/// Answers `SERVICE` calls in queries on the embedded store. Oxigraph's own
/// handler POSTs `application/sparql-query`, which Virtuoso 7.2 never answers;
/// this one sends the form-encoded POST that every SPARQL 1.1 server takes,
/// with the same client, timeout and error messages as `--endpoint`.
#[derive(Clone)]
pub struct ServiceHandler {
    client: Arc<Client>,
}

/// A SPARQL evaluator whose `SERVICE` calls go through [`ServiceHandler`] with `client`.
pub fn evaluator(client: Client) -> SparqlEvaluator {
    SparqlEvaluator::new().with_default_service_handler(ServiceHandler::new(client))
}

impl ServiceHandler {
    /// A handler that sends every call with `client` (its timeout, size limit, credentials).
    pub fn new(client: Client) -> Self {
        Self {
            client: Arc::new(client),
        }
    }
}

impl DefaultServiceHandler for ServiceHandler {
    type Error = Error;

    fn handle(
        &self,
        service_name: &NamedNode,
        pattern: &GraphPattern,
        base_iri: Option<&Iri<String>>,
    ) -> Result<QuerySolutionIter<'static>> {
        let query = Query::Select {
            dataset: None,
            pattern: pattern.clone(),
            base_iri: base_iri.cloned(),
        };
        match run(&self.client, service_name.as_str(), &query)? {
            Answer::Solutions { variables, rows } => Ok(QuerySolutionIter::from_tuples(
                variables.into(),
                rows.into_iter().map(Ok),
            )),
            _ => Err(bad_answer(
                service_name.as_str(),
                "a SERVICE call needs solutions, not a boolean or a graph",
            )),
        }
    }
}

/// Sends `query` to the SPARQL endpoint at `url` (SPARQL 1.1 Protocol, POST) and collects the answer.
pub fn run(client: &Client, url: &str, query: &Query) -> Result<Answer> {
    let graph_form = matches!(query, Query::Construct { .. } | Query::Describe { .. });
    let accept = if graph_form {
        "application/n-triples, text/turtle;q=0.9"
    } else {
        "application/sparql-results+json, application/sparql-results+xml;q=0.9"
    };
    let body = format!("query={}", form_encode(&query.to_string()));
    let reply = client.send(
        Method::POST,
        url,
        &[
            (CONTENT_TYPE, "application/x-www-form-urlencoded".to_owned()),
            (ACCEPT, accept.to_owned()),
        ],
        body.as_bytes(),
    )?;
    reply.require_success(url, "the endpoint", "to the query")?;
    if graph_form {
        parse_graph(url, &reply)
    } else {
        parse_results(url, &reply)
    }
}

fn media_type(reply: &Reply) -> String {
    reply
        .content_type
        .as_deref()
        .unwrap_or_default()
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase()
}

fn bad_answer(url: &str, message: impl std::fmt::Display) -> Error {
    Error::Remote {
        url: url.to_owned(),
        message: format!("unreadable answer: {message}"),
    }
}

/// Parses SELECT or ASK results in the format the server says it sent.
pub fn parse_results(url: &str, reply: &Reply) -> Result<Answer> {
    let media = media_type(reply);
    let format = QueryResultsFormat::from_media_type(&media)
        .or_else(|| {
            // Some servers label JSON results as plain JSON.
            (media == "application/json").then_some(QueryResultsFormat::Json)
        })
        .ok_or_else(|| bad_answer(url, format!("unexpected content type {media:?}")))?;
    match QueryResultsParser::from_format(format)
        .for_slice(&reply.body)
        .map_err(|e| bad_answer(url, e))?
    {
        SliceQueryResultsParserOutput::Boolean(value) => Ok(Answer::Boolean(value)),
        SliceQueryResultsParserOutput::Solutions(solutions) => {
            let variables = solutions.variables().to_vec();
            let rows = query::rows(&variables, solutions, |e| bad_answer(url, e))?;
            Ok(Answer::Solutions { variables, rows })
        }
    }
}

fn parse_graph(url: &str, reply: &Reply) -> Result<Answer> {
    let media = media_type(reply);
    // Virtuoso labels N-Triples text/plain, the old N-Triples media type.
    let format = match media.as_str() {
        "text/plain" | "" => RdfFormat::NTriples,
        other => RdfFormat::from_media_type(other)
            .ok_or_else(|| bad_answer(url, format!("unexpected content type {other:?}")))?,
    };
    let mut triples = Vec::new();
    for quad in RdfParser::from_format(format).for_slice(&reply.body) {
        triples.push(quad.map_err(|e| bad_answer(url, e))?.into());
    }
    Ok(Answer::Graph(triples))
}

/// Runs a SELECT on an endpoint with one variable bound to `term` on the
/// algebra, and returns its rows; an answer that is not solutions is an error.
pub fn select_with(
    client: &Client,
    url: &str,
    parsed: &crate::sparql::catalog::ParsedQuery,
    variable: &Variable,
    term: Term,
) -> Result<Vec<Vec<Option<Term>>>> {
    let values = std::collections::HashMap::from([(variable.clone(), term)]);
    let query = crate::sparql::bind::bind(parsed.query.clone(), &values).map_err(|message| {
        Error::Parameter {
            query: parsed.name.clone(),
            message,
        }
    })?;
    match run(client, url, &query)? {
        Answer::Solutions { rows, .. } => Ok(rows),
        _ => Err(bad_answer(
            url,
            "a SELECT query got a boolean or a graph instead of solutions",
        )),
    }
}
