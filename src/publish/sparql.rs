//! The SPARQL 1.1 Protocol at `/sparql`: queries by GET and POST (form or
//! `application/sparql-query`), updates only with `--writable` and the token.
//!
//! Every query runs with a deadline (a cancellation token a watchdog thread
//! fires), a cap on the rows or triples of its answer, and a slot among
//! `--max-queries`; an answer over the cap is an error, never a silent cut.

use crate::publish::app::{App, internal};
use crate::publish::http::{self as h, RDF_TYPES, RdfType};
use crate::publish::negotiate;
use oxhttp::model::header::{VARY, WWW_AUTHENTICATE};
use oxhttp::model::{Body, Method, Request, Response, StatusCode};
use oxigraph::io::{RdfParser, RdfSerializer};
use oxigraph::model::{GraphName, NamedNode, NamedOrBlankNode, Quad};
use oxigraph::sparql::results::{QueryResultsFormat, QueryResultsSerializer};
use oxigraph::sparql::{CancellationToken, QueryResults, SparqlEvaluator};
use std::sync::{Mutex, OnceLock};
use std::time::{Duration, Instant};

const RESULTS: &[(&str, QueryResultsFormat)] = &[
    ("application/sparql-results+json", QueryResultsFormat::Json),
    ("application/sparql-results+xml", QueryResultsFormat::Xml),
    ("text/csv", QueryResultsFormat::Csv),
    ("text/tab-separated-values", QueryResultsFormat::Tsv),
    ("application/json", QueryResultsFormat::Json),
];

/// Cancels the queries whose deadline has passed: one thread for the whole
/// process, so a busy server does not keep a sleeping thread per query.
struct Watchdog {
    pending: Mutex<Vec<(Instant, CancellationToken)>>,
}

fn watchdog() -> &'static Watchdog {
    static WATCHDOG: OnceLock<&'static Watchdog> = OnceLock::new();
    WATCHDOG.get_or_init(|| {
        let dog: &'static Watchdog = Box::leak(Box::new(Watchdog {
            pending: Mutex::new(Vec::new()),
        }));
        let _ = std::thread::Builder::new()
            .name("dipkg query watchdog".to_owned())
            .spawn(move || {
                loop {
                    std::thread::sleep(Duration::from_millis(50));
                    let now = Instant::now();
                    let mut pending = dog
                        .pending
                        .lock()
                        .unwrap_or_else(std::sync::PoisonError::into_inner);
                    pending.retain(|(deadline, token)| {
                        if *deadline <= now {
                            token.cancel();
                            false
                        } else {
                            true
                        }
                    });
                }
            });
        dog
    })
}

/// A token that is cancelled once `timeout` has passed.
pub(crate) fn deadline(timeout: Duration) -> CancellationToken {
    let token = CancellationToken::new();
    watchdog()
        .pending
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
        .push((Instant::now() + timeout, token.clone()));
    token
}

/// What a protocol request asks for.
enum Operation {
    Query(String),
    Update(String),
    Describe,
}

fn operation(
    app: &App,
    request: &mut Request<Body>,
    pairs: &mut Vec<(String, String)>,
) -> Result<Operation, Response<Body>> {
    if request.method() == Method::POST {
        let content_type = h::header(request, "content-type")
            .unwrap_or_default()
            .split(';')
            .next()
            .unwrap_or_default()
            .trim()
            .to_ascii_lowercase();
        let body = h::read_body(request, app.config.max_body)?;
        let text = || {
            String::from_utf8(body.clone())
                .map_err(|_| h::error(StatusCode::BAD_REQUEST, "the body is not UTF-8"))
        };
        match content_type.as_str() {
            "application/x-www-form-urlencoded" => {
                pairs.extend(
                    form_urlencoded::parse(&body).map(|(k, v)| (k.into_owned(), v.into_owned())),
                );
            }
            // A body and a parameter would be two operations (W3C protocol test bad_multiple_queries).
            "application/sparql-query" | "application/sparql-update"
                if h::param(pairs, "query").is_some() || h::param(pairs, "update").is_some() =>
            {
                return Err(h::error(
                    StatusCode::BAD_REQUEST,
                    "a query or update in the body and another in the URL: send one",
                ));
            }
            "application/sparql-query" => return Ok(Operation::Query(text()?)),
            "application/sparql-update" => return Ok(Operation::Update(text()?)),
            other => {
                return Err(h::error(
                    StatusCode::UNSUPPORTED_MEDIA_TYPE,
                    format!(
                        "cannot read a body of type {other:?}; send application/sparql-query, application/sparql-update or application/x-www-form-urlencoded"
                    ),
                ));
            }
        }
    }
    for name in ["query", "update"] {
        let given = pairs.iter().filter(|(k, _)| k == name).count();
        if given > 1 {
            return Err(h::error(
                StatusCode::BAD_REQUEST,
                format!("{given} {name} parameters (in the URL and the body together): send one"),
            ));
        }
    }
    match (h::param(pairs, "query"), h::param(pairs, "update")) {
        (Some(q), None) => Ok(Operation::Query(q.to_owned())),
        (None, Some(u)) if request.method() == Method::POST => Ok(Operation::Update(u.to_owned())),
        (None, Some(_)) => Err(h::error(
            StatusCode::METHOD_NOT_ALLOWED,
            "an update must be sent with POST",
        )),
        (Some(_), Some(_)) => Err(h::error(
            StatusCode::BAD_REQUEST,
            "give either query or update, not both",
        )),
        (None, None) => Ok(Operation::Describe),
    }
}

/// `/sparql`, `/query` and `/update`.
pub fn handle(app: &App, request: &mut Request<Body>) -> Response<Body> {
    let mut pairs = h::query_pairs(request);
    let operation = match operation(app, request, &mut pairs) {
        Ok(op) => op,
        Err(response) => return response,
    };
    match operation {
        Operation::Describe => service_description(app, request),
        Operation::Update(text) => update(app, request, &text),
        Operation::Query(text) => query(app, request, &text, &pairs),
    }
}

fn graphs(pairs: &[(String, String)], name: &str) -> Result<Vec<NamedNode>, Response<Body>> {
    pairs
        .iter()
        .filter(|(k, _)| k == name)
        .map(|(_, v)| {
            NamedNode::new(v).map_err(|e| {
                h::error(
                    StatusCode::BAD_REQUEST,
                    format!("{name} {v:?} is not an IRI: {e}"),
                )
            })
        })
        .collect()
}

fn query(
    app: &App,
    request: &Request<Body>,
    text: &str,
    pairs: &[(String, String)],
) -> Response<Body> {
    let default_graphs = match graphs(pairs, "default-graph-uri") {
        Ok(g) => g,
        Err(r) => return r,
    };
    let named_graphs = match graphs(pairs, "named-graph-uri") {
        Ok(g) => g,
        Err(r) => return r,
    };
    let Some(_slot) = app.slot() else {
        return h::error(
            StatusCode::SERVICE_UNAVAILABLE,
            format!(
                "{} queries are running already (--max-queries); try again",
                app.config.max_queries
            ),
        );
    };
    if let Some(refused) = too_deep(text) {
        return refused;
    }
    let token = deadline(app.config.timeout);
    let query = match spargebra::SparqlParser::new().parse_query(text) {
        Ok(q) => q,
        Err(e) => return h::error(StatusCode::BAD_REQUEST, format!("SPARQL syntax error: {e}")),
    };
    // UNION chains and long expressions nest in the algebra, not the brackets.
    if crate::sparql::depth::depth(&query, MAX_DEPTH) > MAX_DEPTH {
        return refuse_depth();
    }
    let mut prepared = crate::publish::services::evaluator(
        app,
        SparqlEvaluator::new().with_cancellation_token(token),
    )
    .for_query(query);
    if !default_graphs.is_empty() || !named_graphs.is_empty() {
        let dataset = prepared.dataset_mut();
        dataset.set_default_graph(default_graphs.into_iter().map(GraphName::from).collect());
        if !named_graphs.is_empty() {
            dataset.set_available_named_graphs(
                named_graphs
                    .into_iter()
                    .map(NamedOrBlankNode::from)
                    .collect(),
            );
        }
    } else if prepared.dataset().is_default_dataset() {
        prepared.dataset_mut().set_default_graph_as_union();
    }
    let results = match prepared.on_store(&app.dataset.store).execute() {
        Ok(r) => r,
        Err(e) => return evaluation_error(app, &e.to_string()),
    };
    write_results(app, request, results)
}

/// How deep a query sent to the server may nest: as on the command line. The
/// request threads get the command line's large stack (`dipkg` sets
/// RUST_MIN_STACK before it starts the server), on which parsing, optimising
/// and evaluating recurse.
pub const MAX_DEPTH: usize = crate::sparql::depth::MAX_DEPTH;

fn refuse_depth() -> Response<Body> {
    h::error(
        StatusCode::BAD_REQUEST,
        format!(
            "the query nests more than {MAX_DEPTH} levels deep (groups, brackets, UNION branches, operators or path steps); the server refuses deeper queries"
        ),
    )
}

/// 400 for query text nested too deep to parse: checked before parsing.
fn too_deep(text: &str) -> Option<Response<Body>> {
    (crate::sparql::depth::text_depth(text, MAX_DEPTH) > MAX_DEPTH).then(refuse_depth)
}

fn evaluation_error(app: &App, message: &str) -> Response<Body> {
    if message.to_ascii_lowercase().contains("cancel") {
        h::error(
            StatusCode::SERVICE_UNAVAILABLE,
            format!(
                "the query ran longer than {} s (--timeout) and was stopped",
                app.config.timeout.as_secs_f32()
            ),
        )
    } else {
        h::error(
            StatusCode::INTERNAL_SERVER_ERROR,
            format!("query failed: {message}"),
        )
    }
}

pub(crate) fn too_many(app: &App) -> Response<Body> {
    h::error(
        StatusCode::SERVICE_UNAVAILABLE,
        format!(
            "the answer has more than {} results (--max-results); add a LIMIT or narrow the query",
            app.config.max_results
        ),
    )
}

/// Writes query results in the negotiated format, within the result cap.
pub(crate) fn write_results(
    app: &App,
    request: &Request<Body>,
    results: QueryResults<'_>,
) -> Response<Body> {
    let accept = h::header(request, "accept");
    let results_types: Vec<&str> = RESULTS.iter().map(|(m, _)| *m).collect();
    let rdf_types: Vec<&str> = RDF_TYPES.iter().map(|t| t.media).collect();
    // An Accept that names only the other kind's formats (rdflib's SPARQLStore
    // asks for JSON results for a CONSTRUCT) gets this kind's default, as
    // Fuseki and Virtuoso answer; Content-Type says which it is.
    let choose = |offered: &[&'static str], other: &[&str]| {
        negotiate::choose(accept, offered).or_else(|| {
            negotiate::choose(accept, other)
                .filter(|m| !m.starts_with("text/html"))
                .map(|_| offered[0])
        })
    };
    match results {
        QueryResults::Solutions(solutions) => {
            let Some(media) = choose(&results_types, &rdf_types) else {
                return not_acceptable(&results_types);
            };
            let format = RESULTS
                .iter()
                .find(|(m, _)| *m == media)
                .map_or(QueryResultsFormat::Json, |(_, f)| *f);
            let mut writer = match QueryResultsSerializer::from_format(format)
                .serialize_solutions_to_writer(Vec::new(), solutions.variables().to_vec())
            {
                Ok(w) => w,
                Err(e) => return h::error(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()),
            };
            for (count, solution) in solutions.enumerate() {
                if count >= app.config.max_results {
                    return too_many(app);
                }
                let solution = match solution {
                    Ok(s) => s,
                    Err(e) => return evaluation_error(app, &e.to_string()),
                };
                if let Err(e) = writer.serialize(&solution) {
                    return h::error(StatusCode::INTERNAL_SERVER_ERROR, e.to_string());
                }
            }
            match writer.finish() {
                Ok(body) => negotiated(request, media, body),
                Err(e) => h::error(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()),
            }
        }
        QueryResults::Boolean(value) => {
            let Some(media) = choose(&results_types, &rdf_types) else {
                return not_acceptable(&results_types);
            };
            let format = RESULTS
                .iter()
                .find(|(m, _)| *m == media)
                .map_or(QueryResultsFormat::Json, |(_, f)| *f);
            match QueryResultsSerializer::from_format(format)
                .serialize_boolean_to_writer(Vec::new(), value)
            {
                Ok(mut body) => {
                    // As the command line writes it: a CSV or TSV line ends.
                    body.extend_from_slice(crate::sparql::results::boolean_end(format));
                    negotiated(request, media, body)
                }
                Err(e) => h::error(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()),
            }
        }
        QueryResults::Graph(triples) => {
            let Some(media) = choose(&rdf_types, &results_types) else {
                return not_acceptable(&rdf_types);
            };
            let format = RdfType::by_media(media).unwrap_or(RDF_TYPES[0]);
            let mut quads = Vec::new();
            for (count, triple) in triples.enumerate() {
                if count >= app.config.max_results {
                    return too_many(app);
                }
                match triple {
                    Ok(t) => quads.push(t.in_graph(GraphName::DefaultGraph)),
                    Err(e) => return evaluation_error(app, &e.to_string()),
                }
            }
            let mut body = Vec::new();
            match crate::rdf::export::write_quads(
                quads,
                format.format(),
                &app.dataset.prefixes,
                &mut body,
            ) {
                Ok(()) => negotiated(request, media, body),
                Err(e) => internal(&e),
            }
        }
    }
}

pub(crate) fn negotiated(request: &Request<Body>, media: &str, body: Vec<u8>) -> Response<Body> {
    let content_type = if media.starts_with("text/") {
        format!("{media}; charset=utf-8")
    } else {
        media.to_owned()
    };
    let gzip = h::accepts_gzip(request) && body.len() > 1024;
    let body = if gzip { h::gzip(&body) } else { body };
    let mut response = h::response(StatusCode::OK, &content_type, body);
    h::set(&mut response, VARY, "Accept, Accept-Encoding");
    if gzip {
        h::set(
            &mut response,
            oxhttp::model::header::CONTENT_ENCODING,
            "gzip",
        );
    }
    response
}

pub(crate) fn not_acceptable(offered: &[&str]) -> Response<Body> {
    let mut response = h::error(
        StatusCode::NOT_ACCEPTABLE,
        format!(
            "none of the Accept header's types is available; available: {}",
            offered.join(", ")
        ),
    );
    h::set(&mut response, VARY, "Accept");
    response
}

/// Checks the bearer token of a write: 403 when the server is read-only or
/// the token is wrong, 401 when none is given.
pub(crate) fn authorize(app: &App, request: &Request<Body>) -> Result<(), Response<Body>> {
    if !app.config.writable {
        return Err(h::error(
            StatusCode::FORBIDDEN,
            "this server is read-only (start it with --writable --token-file FILE to allow writes)",
        ));
    }
    let Some(expected) = &app.config.token else {
        return Err(h::error(
            StatusCode::FORBIDDEN,
            "writes need a token, and none is set",
        ));
    };
    let given = h::header(request, "authorization").and_then(|v| v.strip_prefix("Bearer "));
    match given {
        None => {
            let mut response = h::error(
                StatusCode::UNAUTHORIZED,
                "writes need Authorization: Bearer TOKEN",
            );
            h::set(&mut response, WWW_AUTHENTICATE, "Bearer realm=\"dipkg\"");
            Err(response)
        }
        Some(token) if constant_time_eq(token.trim().as_bytes(), expected.as_bytes()) => Ok(()),
        Some(_) => Err(h::error(StatusCode::FORBIDDEN, "wrong token")),
    }
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

fn update(app: &App, request: &Request<Body>, text: &str) -> Response<Body> {
    if let Err(response) = authorize(app, request) {
        return response;
    }
    if let Some(refused) = too_deep(text) {
        return refused;
    }
    let prepared = match SparqlEvaluator::new().parse_update(text) {
        Ok(p) => p,
        Err(e) => return h::error(StatusCode::BAD_REQUEST, format!("SPARQL syntax error: {e}")),
    };
    // Oxigraph applies an update in one transaction: all of it or nothing.
    match prepared.on_store(&app.dataset.store).execute() {
        Ok(()) => h::response(StatusCode::NO_CONTENT, "text/plain", Body::empty()),
        Err(e) => h::error(
            StatusCode::BAD_REQUEST,
            format!("update failed, nothing changed: {e}"),
        ),
    }
}

/// The endpoint as the request reached it (Comunica, given
/// `http://127.0.0.1:7878/sparql`, queries what `sd:endpoint` says), or
/// `--base` + `sparql` when the `Host` header is no plain host and port.
fn endpoint(app: &App, request: &Request<Body>) -> String {
    let host = h::header(request, "host").unwrap_or_default();
    let plain = !host.is_empty()
        && host.len() <= 255
        && host
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || ".-:[]".contains(c));
    if plain {
        format!("http://{host}{}", request.uri().path())
    } else {
        format!("{}sparql", app.config.base)
    }
}

fn service_description(app: &App, request: &Request<Body>) -> Response<Body> {
    let mut offered: Vec<&str> = RDF_TYPES.iter().map(|t| t.media).collect();
    offered.push("text/html");
    let Some(media) = negotiate::choose(h::header(request, "accept"), &offered) else {
        return not_acceptable(&offered);
    };
    if media == "text/html" {
        return h::response(
            StatusCode::OK,
            "text/html; charset=utf-8",
            crate::publish::query_page::page(&app.links),
        );
    }
    let mut turtle = String::from(
        "@prefix sd: <http://www.w3.org/ns/sparql-service-description#> .\n\
         @prefix formats: <http://www.w3.org/ns/formats/> .\n\
         [] a sd:Service ;\n  sd:endpoint <> ;\n\
           sd:supportedLanguage sd:SPARQL11Query",
    );
    if app.config.writable {
        turtle.push_str(", sd:SPARQL11Update");
    }
    turtle.push_str(
        " ;\n  sd:feature sd:UnionDefaultGraph, sd:BasicFederatedQuery ;\n\
           sd:resultFormat formats:SPARQL_Results_JSON, formats:SPARQL_Results_XML, formats:SPARQL_Results_CSV, formats:SPARQL_Results_TSV, formats:Turtle, formats:N-Triples, formats:RDF_XML, formats:JSON-LD, formats:TriG, formats:N-Quads .\n",
    );
    let quads: Vec<Quad> = RdfParser::from_format(oxigraph::io::RdfFormat::Turtle)
        .with_base_iri(endpoint(app, request))
        .map(|p| {
            p.for_slice(turtle.as_bytes())
                .filter_map(Result::ok)
                .collect()
        })
        .unwrap_or_default();
    let format = RdfType::by_media(media).unwrap_or(RDF_TYPES[0]);
    let mut body = Vec::new();
    let mut writer = RdfSerializer::from_format(format.format()).for_writer(&mut body);
    for quad in &quads {
        let _ = writer.serialize_quad(quad);
    }
    let _ = writer.finish();
    negotiated(request, media, body)
}
