//! The saved queries as a web API (what grlc does, without its flaws):
//! `GET /api/queries` lists them, `GET /api/queries/{name}?param=value` runs
//! one with its parameters bound as typed terms on the algebra (never spliced
//! into the text), results by negotiation, paged by fetching one row more
//! than the page so `Link: rel="next"` is absent on the last page; and
//! `GET /api/openapi.json` describes every query and parameter in OpenAPI 3.1,
//! with allowed values listed by the query or, where it lists none, taken
//! from the data.

use crate::publish::app::App;
use crate::publish::http as h;
use crate::sparql::bind;
use crate::sparql::catalog::{ParsedQuery, QueryInfo};
use crate::sparql::params::ParamType;
use crate::sparql::query;
use oxhttp::model::header::LINK;
use oxhttp::model::{Body, Request, Response, StatusCode};
use oxigraph::model::{Term, Variable};
use oxigraph::sparql::{QueryResults, QuerySolutionIter, SparqlEvaluator};
use serde_json::{Value, json};
use spargebra::Query;
use spargebra::algebra::GraphPattern;

/// Rows per page unless `per_page` says otherwise.
pub const PER_PAGE: usize = 100;

/// Routes `/api/…`.
pub fn handle(app: &App, request: &mut Request<Body>) -> Response<Body> {
    let path = request.uri().path().to_owned();
    match path.as_str() {
        "/api/queries" => list(app),
        "/api/events" => events(app, request),
        "/api/openapi.json" => match openapi(app) {
            Ok(doc) => h::response(StatusCode::OK, "application/json", pretty(&doc)),
            Err(message) => h::error(StatusCode::INTERNAL_SERVER_ERROR, message),
        },
        _ => {
            let name = path.trim_start_matches("/api/queries/");
            run(app, request, name)
        }
    }
}

/// `GET /api/events?format=csv|tsv|json|jsonl|text|svg&columns=dipkg|icews|polecat|plover
/// &from=DATE&to=DATE&actor=…&recipient=…&dyad=A,B&aggregate=dyad-year|dyad-month`:
/// the event table of `dipkg events`, with the same options and errors (400).
fn events(app: &App, request: &Request<Body>) -> Response<Body> {
    use crate::events::{self, Ask, Filter, Format, Period, Set};
    use crate::picture::date::PartialDate;
    let pairs = h::query_pairs(request);
    let get = |name: &str| h::param(&pairs, name);
    let bad = |message: String| h::error(StatusCode::BAD_REQUEST, message);
    let format = match get("format").map(Format::by_name) {
        None => Format::Csv,
        Some(Some(f)) => f,
        Some(None) => return bad("format: use csv, tsv, json, jsonl, text or svg".to_owned()),
    };
    let set = match get("columns").map(Set::by_name) {
        None => Set::Dipkg,
        Some(Some(s)) => s,
        Some(None) => return bad("columns: use dipkg, icews, polecat or plover".to_owned()),
    };
    let aggregate = match get("aggregate") {
        None => None,
        Some("dyad-year") => Some(Period::Year),
        Some("dyad-month") => Some(Period::Month),
        Some(_) => return bad("aggregate: use dyad-year or dyad-month".to_owned()),
    };
    let mut days = [None, None];
    for (i, name) in ["from", "to"].into_iter().enumerate() {
        if let Some(text) = get(name) {
            let Some(date) = PartialDate::parse(text) else {
                return bad(format!(
                    "{name}: {text:?} is not a date: use YYYY, YYYY-MM or YYYY-MM-DD"
                ));
            };
            days[i] = Some(events::day(if i == 0 {
                date.first_day()
            } else {
                date.last_day()
            }));
        }
    }
    let (mut actor, mut recipient) = (
        get("actor").map(str::to_owned),
        get("recipient").map(str::to_owned),
    );
    if let Some(dyad) = get("dyad") {
        match events::dyad(dyad) {
            Ok((a, b)) => (actor, recipient) = (Some(a), Some(b)),
            Err(e) => return bad(e.to_string()),
        }
    }
    let ask = Ask {
        filter: Filter {
            from: days[0].clone(),
            to: days[1].clone(),
            actor,
            recipient,
        },
        set,
        aggregate,
        format,
    };
    let media = if set == Set::Plover && aggregate.is_none() {
        "application/jsonl"
    } else {
        format.media()
    };
    match events::render(&app.dataset, &app.catalog, &ask) {
        Ok(text) => app.cacheable(request, media, text.into_bytes()),
        Err(crate::Error::Usage(message)) => bad(message),
        Err(e) => h::error(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()),
    }
}

fn pretty(value: &Value) -> String {
    let mut text = serde_json::to_string_pretty(value).unwrap_or_default();
    text.push('\n');
    text
}

fn infos(app: &App) -> Result<Vec<(QueryInfo, String)>, String> {
    app.catalog
        .iter()
        .map(|saved| {
            let parsed = saved.parse().map_err(|e| e.to_string())?;
            Ok((parsed.info(), saved.text.clone()))
        })
        .collect()
}

fn list(app: &App) -> Response<Body> {
    let infos = match infos(app) {
        Ok(i) => i,
        Err(message) => return h::error(StatusCode::INTERNAL_SERVER_ERROR, message),
    };
    let list: Vec<Value> = infos
        .into_iter()
        .map(|(info, text)| {
            let mut value = serde_json::to_value(&info).unwrap_or(Value::Null);
            if let Value::Object(map) = &mut value {
                map.insert("sparql".to_owned(), Value::String(text));
                map.insert(
                    "url".to_owned(),
                    Value::String(format!("/api/queries/{}", info.name)),
                );
            }
            value
        })
        .collect();
    h::response(
        StatusCode::OK,
        "application/json",
        pretty(&Value::Array(list)),
    )
}

fn run(app: &App, request: &Request<Body>, name: &str) -> Response<Body> {
    let saved = match app.catalog.get(name) {
        Ok(s) => s,
        Err(e) => return h::error(StatusCode::NOT_FOUND, e.to_string()),
    };
    let parsed = match saved.parse() {
        Ok(p) => p,
        Err(e) => return h::error(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()),
    };
    let pairs = h::query_pairs(request);
    let number = |key: &str, default: usize| -> Result<usize, Response<Body>> {
        match h::param(&pairs, key) {
            None => Ok(default),
            Some(v) => v.parse::<usize>().ok().filter(|n| *n > 0).ok_or_else(|| {
                h::error(
                    StatusCode::BAD_REQUEST,
                    format!("{key} must be a whole number from 1, not {v:?}"),
                )
            }),
        }
    };
    let page = match number("page", 1) {
        Ok(n) => n,
        Err(r) => return r,
    };
    let per_page = match number("per_page", PER_PAGE) {
        Ok(n) => n.min(app.config.max_results),
        Err(r) => return r,
    };
    let given: Vec<(String, String)> = pairs
        .iter()
        .filter(|(k, _)| k != "page" && k != "per_page")
        .cloned()
        .collect();
    let values = match query::resolve_params(&parsed, &given, &app.dataset) {
        Ok(v) => v,
        Err(e) => return h::error(StatusCode::BAD_REQUEST, e.to_string()),
    };
    let bound = match bind::bind(parsed.query.clone(), &values) {
        Ok(q) => q,
        Err(message) => return h::error(StatusCode::BAD_REQUEST, message),
    };
    let is_select = matches!(bound, Query::Select { .. });
    let query = if is_select {
        slice(bound, (page - 1) * per_page, per_page + 1)
    } else {
        bound
    };
    let Some(_slot) = app.slot() else {
        return h::error(
            StatusCode::SERVICE_UNAVAILABLE,
            "too many queries are running; try again",
        );
    };
    let own_dataset = query.dataset().is_some();
    let mut prepared = crate::publish::services::evaluator(
        app,
        SparqlEvaluator::new()
            .with_cancellation_token(crate::publish::sparql::deadline(app.config.timeout)),
    )
    .for_query(query);
    if !own_dataset {
        prepared.dataset_mut().set_default_graph_as_union();
    }
    let results = match prepared.on_store(&app.dataset.store).execute() {
        Ok(r) => r,
        Err(e) => return h::error(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()),
    };
    let QueryResults::Solutions(solutions) = results else {
        return crate::publish::sparql::write_results(app, request, results);
    };
    let variables = solutions.variables().to_vec();
    let mut rows: Vec<Vec<Option<Term>>> = Vec::new();
    for solution in solutions {
        match solution {
            Ok(s) => rows.push(variables.iter().map(|v| s.get(v).cloned()).collect()),
            Err(e) => return h::error(StatusCode::SERVICE_UNAVAILABLE, e.to_string()),
        }
    }
    let has_next = rows.len() > per_page;
    rows.truncate(per_page);
    let iter = QuerySolutionIter::from_tuples(
        variables.into(),
        rows.into_iter()
            .map(Ok::<_, oxigraph::sparql::QueryEvaluationError>),
    );
    let mut response =
        crate::publish::sparql::write_results(app, request, QueryResults::Solutions(iter));
    let link = |n: usize, rel: &str| {
        let mut query: Vec<(String, String)> = given.clone();
        query.push(("page".to_owned(), n.to_string()));
        if per_page != PER_PAGE {
            query.push(("per_page".to_owned(), per_page.to_string()));
        }
        let encoded: String = form_urlencoded::Serializer::new(String::new())
            .extend_pairs(query)
            .finish();
        format!("</api/queries/{name}?{encoded}>; rel=\"{rel}\"")
    };
    if response.status() == StatusCode::OK {
        h::append(&mut response, LINK, &link(1, "first"));
        if page > 1 {
            h::append(&mut response, LINK, &link(page - 1, "prev"));
        }
        if has_next {
            h::append(&mut response, LINK, &link(page + 1, "next"));
        }
    }
    response
}

/// The query with its solutions cut to `[start, start + length)`.
fn slice(query: Query, start: usize, length: usize) -> Query {
    match query {
        Query::Select {
            dataset,
            pattern,
            base_iri,
        } => Query::Select {
            dataset,
            pattern: GraphPattern::Slice {
                inner: Box::new(pattern),
                start,
                length: Some(length),
            },
            base_iri,
        },
        other => other,
    }
}

/// The distinct values `variable` takes in the query's answers with nothing
/// bound, at most `limit`; `None` when there are more (no useful enumeration).
fn values_in_data(
    app: &App,
    parsed: &ParsedQuery,
    variable: &Variable,
    limit: usize,
) -> Option<Vec<String>> {
    let Query::Select {
        dataset,
        pattern,
        base_iri,
    } = parsed.query.clone()
    else {
        return None;
    };
    // Under the projection the parameter's variable is still visible.
    let mut inner = pattern;
    let inner = loop {
        inner = match inner {
            GraphPattern::Project { inner, .. } => break *inner,
            GraphPattern::Distinct { inner }
            | GraphPattern::Reduced { inner }
            | GraphPattern::OrderBy { inner, .. }
            | GraphPattern::Slice { inner, .. } => *inner,
            other => break other,
        };
    };
    let pattern = GraphPattern::Slice {
        inner: Box::new(GraphPattern::Distinct {
            inner: Box::new(GraphPattern::Project {
                inner: Box::new(inner),
                variables: vec![variable.clone()],
            }),
        }),
        start: 0,
        length: Some(limit + 1),
    };
    let query = Query::Select {
        dataset,
        pattern,
        base_iri,
    };
    let own_dataset = query.dataset().is_some();
    let mut prepared = crate::publish::services::evaluator(
        app,
        SparqlEvaluator::new()
            .with_cancellation_token(crate::publish::sparql::deadline(app.config.timeout)),
    )
    .for_query(query);
    if !own_dataset {
        prepared.dataset_mut().set_default_graph_as_union();
    }
    let QueryResults::Solutions(solutions) =
        prepared.on_store(&app.dataset.store).execute().ok()?
    else {
        return None;
    };
    let mut values: Vec<String> = solutions
        .filter_map(Result::ok)
        .filter_map(|s| match s.get(variable)? {
            Term::NamedNode(n) => Some(n.as_str().to_owned()),
            Term::Literal(l) => Some(l.value().to_owned()),
            Term::BlankNode(_) => None,
            #[allow(unreachable_patterns, reason = "RDF 1.2 triple terms, when enabled")]
            _ => None,
        })
        .collect();
    values.sort();
    values.dedup();
    (!values.is_empty() && values.len() <= limit).then_some(values)
}

/// The OpenAPI 3.1 description of the API.
pub fn openapi(app: &App) -> Result<Value, String> {
    let mut paths = serde_json::Map::new();
    paths.insert(
        "/api/queries".to_owned(),
        json!({ "get": {
            "operationId": "listQueries",
            "summary": "List the saved queries with their parameters and SPARQL text",
            "responses": { "200": { "description": "The saved queries",
                "content": { "application/json": { "schema": { "type": "array", "items": { "type": "object" } } } } } }
        }}),
    );
    let results_content = json!({
        "application/sparql-results+json": { "schema": { "type": "object" } },
        "application/sparql-results+xml": { "schema": { "type": "string" } },
        "text/csv": { "schema": { "type": "string" } },
        "text/tab-separated-values": { "schema": { "type": "string" } },
        "text/turtle": { "schema": { "type": "string" } },
        "application/ld+json": { "schema": { "type": "object" } }
    });
    for saved in app.catalog.iter() {
        let parsed = saved.parse().map_err(|e| e.to_string())?;
        let info = parsed.info();
        let mut parameters = Vec::new();
        for (param, spec) in info.params.iter().zip(&parsed.params) {
            let mut schema = serde_json::Map::new();
            schema.insert("type".to_owned(), json!("string"));
            match &spec.kind {
                ParamType::Iri => {
                    schema.insert("format".to_owned(), json!("iri"));
                }
                ParamType::Number => {
                    schema.insert("type".to_owned(), json!("number"));
                }
                ParamType::Typed(datatype) => {
                    if let Some(local) = crate::rdf::xsd::local(datatype.as_str()) {
                        let pattern = match local {
                            "integer" => Some("^[+-]?[0-9]+$"),
                            "gYear" => Some("^-?[0-9]{4,}$"),
                            "date" => Some("^-?[0-9]{4,}-[0-9]{2}-[0-9]{2}$"),
                            "gYearMonth" => Some("^-?[0-9]{4,}-[0-9]{2}$"),
                            _ => None,
                        };
                        if let Some(pattern) = pattern {
                            schema.insert("pattern".to_owned(), json!(pattern));
                        }
                    }
                }
                ParamType::Literal | ParamType::LangString(_) => {}
            }
            let values = if param.values.is_empty() {
                values_in_data(app, &parsed, &spec.variable, 100).unwrap_or_default()
            } else {
                param.values.clone()
            };
            if !values.is_empty() {
                schema.insert("enum".to_owned(), json!(values));
            }
            if let Some(default) = &param.default {
                // An IRI default may be a prefixed name; the enumeration has full IRIs.
                let default = match (&spec.kind, default.split_once(':')) {
                    (ParamType::Iri, Some((prefix, local))) => app
                        .dataset
                        .prefixes
                        .namespace(prefix)
                        .map_or_else(|| default.clone(), |ns| format!("{ns}{local}")),
                    _ => default.clone(),
                };
                schema.insert("default".to_owned(), json!(default));
            }
            parameters.push(json!({
                "name": param.name,
                "in": "query",
                "required": param.required,
                "description": format!("A value of type {}", param.kind),
                "schema": Value::Object(schema),
            }));
        }
        parameters.push(json!({ "name": "page", "in": "query", "required": false,
            "description": "Page of results, from 1", "schema": { "type": "integer", "minimum": 1, "default": 1 } }));
        parameters.push(json!({ "name": "per_page", "in": "query", "required": false,
            "description": "Rows per page", "schema": { "type": "integer", "minimum": 1, "default": PER_PAGE } }));
        let operation_id: String = info
            .name
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
            .collect();
        let mut operation = json!({
            "operationId": operation_id,
            "summary": info.summary.clone().unwrap_or_else(|| info.name.clone()),
            "parameters": parameters,
            "responses": {
                "200": { "description": "The answer; a Link header names the next page when there is one", "content": results_content.clone() },
                "400": { "description": "A parameter is missing, unknown or of the wrong type" },
                "406": { "description": "None of the accepted types is available" },
                "503": { "description": "The query ran too long, its answer is too large, or the server is busy" }
            }
        });
        if let Some(description) = &info.description {
            operation["description"] = json!(description);
        }
        if !info.tags.is_empty() {
            operation["tags"] = json!(info.tags);
        }
        paths.insert(
            format!("/api/queries/{}", info.name),
            json!({ "get": operation }),
        );
    }
    Ok(json!({
        "openapi": "3.1.0",
        "info": {
            "title": "dipkg saved queries",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "The saved SPARQL queries of the dipkg knowledge graph of Kyrgyz–Turkish political relations, as an API. Parameters are bound as typed RDF terms.",
            "license": { "name": "CC BY 4.0 (the data)", "identifier": "CC-BY-4.0" }
        },
        "servers": [ { "url": "/" } ],
        "paths": Value::Object(paths),
    }))
}
