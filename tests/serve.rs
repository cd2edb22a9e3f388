//! `dipkg serve` at the handler level (a request in, a response out, no
//! socket), plus a few requests over a real socket to the real binary.

use dipkg::publish::server::{App, Config};
use dipkg::rdf::store::{self, Sources};
use dipkg::sparql::catalog::Catalog;
use oxhttp::model::{Body, Method, Request, Response};
use std::io::Read;

pub(crate) fn app_with(config: Config) -> App {
    let dataset = store::load(&Sources::default()).expect("shipped data loads");
    App::new(dataset, Catalog::shipped(), config)
}

pub(crate) fn app() -> App {
    app_with(Config::default())
}

/// A response as the tests read it.
pub(crate) struct Answer {
    pub(crate) status: u16,
    pub(crate) headers: Vec<(String, String)>,
    pub(crate) body: Vec<u8>,
}

impl Answer {
    pub(crate) fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    pub(crate) fn all(&self, name: &str) -> Vec<&str> {
        self.headers
            .iter()
            .filter(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
            .collect()
    }

    pub(crate) fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

fn answer(response: Response<Body>) -> Answer {
    let status = response.status().as_u16();
    let headers = response
        .headers()
        .iter()
        .map(|(k, v)| {
            (
                k.as_str().to_owned(),
                v.to_str().unwrap_or_default().to_owned(),
            )
        })
        .collect();
    let body = response.into_body().to_vec().expect("body reads");
    Answer {
        status,
        headers,
        body,
    }
}

pub(crate) fn send(
    app: &App,
    method: Method,
    path: &str,
    headers: &[(&str, &str)],
    body: &[u8],
) -> Answer {
    let mut builder = Request::builder()
        .method(method)
        .uri(format!("http://localhost{path}"));
    for (k, v) in headers {
        builder = builder.header(*k, *v);
    }
    let mut request = builder.body(Body::from(body.to_vec())).expect("request");
    answer(app.handle(&mut request))
}

pub(crate) fn get(app: &App, path: &str, headers: &[(&str, &str)]) -> Answer {
    send(app, Method::GET, path, headers, b"")
}

fn parses(format: oxigraph::io::RdfFormat, body: &[u8]) -> usize {
    let mut count = 0;
    for quad in oxigraph::io::RdfParser::from_format(format).for_slice(body) {
        quad.expect("valid RDF");
        count += 1;
    }
    count
}

#[test]
fn resource_rdf_by_accept_with_vary_location_and_alternates() {
    let app = app();
    let a = get(&app, "/id/state/turkey", &[("accept", "text/turtle")]);
    assert_eq!(a.status, 200);
    assert_eq!(a.header("content-type"), Some("text/turtle"));
    assert!(a.header("vary").is_some_and(|v| v.contains("Accept")));
    assert_eq!(a.header("content-location"), Some("/id/state/turkey.ttl"));
    assert_eq!(a.all("link").len(), 7, "one alternate per format and HTML");
    assert!(parses(oxigraph::io::RdfFormat::Turtle, &a.body) > 10);
    assert!(a.text().contains("state:turkey"));
}

#[test]
fn q_values_and_wildcards_are_honoured() {
    let app = app();
    let ask = |accept: &str| get(&app, "/id/state/turkey", &[("accept", accept)]);
    let a = ask("text/html;q=0.1, text/turtle;q=0.9");
    assert_eq!(a.header("content-type"), Some("text/turtle"));
    let a = ask("application/ld+json");
    assert_eq!(a.header("content-type"), Some("application/ld+json"));
    let a = ask("*/*");
    assert_eq!(a.header("content-type"), Some("text/html; charset=utf-8"));
    let a = ask("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8");
    assert_eq!(a.header("content-type"), Some("text/html; charset=utf-8"));
    let a = ask("application/n-triples;q=0.5, application/rdf+xml");
    assert_eq!(a.header("content-type"), Some("application/rdf+xml"));
}

#[test]
fn nothing_acceptable_is_406_listing_what_exists() {
    let a = get(&app(), "/id/state/turkey", &[("accept", "image/png")]);
    assert_eq!(a.status, 406);
    assert!(a.text().contains("text/turtle") && a.text().contains("application/ld+json"));
    assert!(a.header("vary").is_some());
}

#[test]
fn extensions_and_format_parameter_override_accept() {
    let app = app();
    let a = get(&app, "/id/state/turkey.nt", &[("accept", "text/html")]);
    assert_eq!(a.header("content-type"), Some("application/n-triples"));
    assert!(parses(oxigraph::io::RdfFormat::NTriples, &a.body) > 10);
    let a = get(
        &app,
        "/id/state/turkey?format=jsonld",
        &[("accept", "text/html")],
    );
    assert_eq!(a.header("content-type"), Some("application/ld+json"));
    let a = get(&app, "/id/state/turkey.trig", &[]);
    assert!(parses(oxigraph::io::RdfFormat::TriG, &a.body) > 10);
    assert!(
        a.text().contains("GRAPH") || a.text().contains('{'),
        "statements keep their graphs"
    );
    let a = get(&app, "/id/state/turkey?format=png", &[]);
    assert_eq!(a.status, 406);
}

#[test]
fn etag_gives_304_and_gzip_when_asked() {
    let app = app();
    let first = get(&app, "/id/state/turkey", &[("accept", "text/html")]);
    let tag = first.header("etag").expect("an ETag").to_owned();
    let again = get(
        &app,
        "/id/state/turkey",
        &[("accept", "text/html"), ("if-none-match", &tag)],
    );
    assert_eq!(again.status, 304);
    assert!(again.body.is_empty());
    let other = get(
        &app,
        "/id/state/turkey",
        &[("accept", "text/turtle"), ("if-none-match", &tag)],
    );
    assert_eq!(other.status, 200, "another representation has another tag");
    let zipped = get(
        &app,
        "/id/state/turkey",
        &[("accept", "text/html"), ("accept-encoding", "gzip")],
    );
    assert_eq!(zipped.header("content-encoding"), Some("gzip"));
    let mut text = String::new();
    flate2::read::GzDecoder::new(&zipped.body[..])
        .read_to_string(&mut text)
        .expect("gzip");
    assert_eq!(text.as_bytes(), first.body);
}

#[test]
fn unknown_iri_is_a_404_page_naming_it() {
    let a = get(&app(), "/id/state/atlantis", &[("accept", "text/html")]);
    assert_eq!(a.status, 404);
    assert!(
        a.text()
            .contains("https://w3id.org/dipkg/id/state/atlantis")
    );
}

#[test]
fn see_other_redirects_to_the_representation() {
    let app = app_with(Config {
        see_other: true,
        ..Config::default()
    });
    let a = get(&app, "/id/state/turkey", &[("accept", "text/turtle")]);
    assert_eq!(a.status, 303);
    assert_eq!(a.header("location"), Some("/id/state/turkey.ttl"));
    let a = get(&app, "/id/state/turkey.ttl", &[]);
    assert_eq!(a.status, 200);
}

#[test]
fn html_page_shows_labels_provenance_links_and_json_ld() {
    let app = app();
    let a = get(
        &app,
        "/id/event/establishment-of-diplomatic-relations",
        &[("accept", "text/html")],
    );
    assert_eq!(a.status, 200);
    let html = a.text();
    assert!(
        html.contains(
            "<h1>establishment of diplomatic relations between Kyrgyzstan and Turkey</h1>"
        )
    );
    assert!(
        html.contains("paragraph 2"),
        "provenance names the paragraph"
    );
    assert!(
        html.contains("established on December 24, 1991</q>"),
        "and quotes the source"
    );
    assert!(
        html.contains("href=\"/id/state/turkey\""),
        "links to our pages"
    );
    assert!(html.contains("application/ld+json"));
    // Language: Kyrgyz asked, Kyrgyz label shown where there is one.
    let a = get(
        &app,
        "/id/state/kyrgyzstan?lang=ky",
        &[("accept", "text/html")],
    );
    assert!(
        a.text().contains("<h1>Кыргыз"),
        "{}",
        &a.text()[..400.min(a.text().len())]
    );
    let a = get(
        &app,
        "/id/state/kyrgyzstan",
        &[
            ("accept", "text/html"),
            ("accept-language", "ru-RU, en;q=0.5"),
        ],
    );
    assert!(a.text().contains("<h1>Кыргыз"), "Russian label");
}

#[test]
fn ontology_page_has_an_anchor_per_term_and_rdf() {
    let app = app();
    let a = get(&app, "/ontology", &[("accept", "text/html")]);
    assert_eq!(a.status, 200);
    assert!(a.text().contains("id=\"Treaty\""));
    assert!(a.text().contains("id=\"startDate\""));
    let a = get(&app, "/ontology.ttl", &[]);
    assert!(parses(oxigraph::io::RdfFormat::Turtle, &a.body) > 300);
}

#[test]
fn sparql_protocol_get_post_and_errors() {
    let app = app();
    let q =
        "SELECT (COUNT(*) AS ?n) WHERE { ?s a <https://w3id.org/dipkg/ontology#SovereignState> }";
    let encoded: String = form_urlencoded::byte_serialize(q.as_bytes()).collect();
    let a = get(&app, &format!("/sparql?query={encoded}"), &[]);
    assert_eq!(a.status, 200);
    assert!(a.text().contains("\"2\""), "{}", a.text());
    let a = send(
        &app,
        Method::POST,
        "/sparql",
        &[
            ("content-type", "application/x-www-form-urlencoded"),
            ("accept", "text/csv"),
        ],
        format!("query={encoded}").as_bytes(),
    );
    assert_eq!(a.text(), "n\r\n2\r\n");
    let a = send(
        &app,
        Method::POST,
        "/sparql",
        &[
            ("content-type", "application/sparql-query"),
            ("accept", "application/sparql-results+xml"),
        ],
        q.as_bytes(),
    );
    assert!(a.text().contains("<sparql"));
    let a = send(
        &app,
        Method::POST,
        "/sparql",
        &[("content-type", "application/sparql-query")],
        b"SELECT ?x WHERE {",
    );
    assert_eq!(a.status, 400);
    assert!(a.text().contains("syntax"));
    let a = send(
        &app,
        Method::POST,
        "/sparql",
        &[("content-type", "text/plain")],
        q.as_bytes(),
    );
    assert_eq!(a.status, 415);
    let a = get(
        &app,
        &format!("/sparql?query={encoded}"),
        &[("accept", "image/png")],
    );
    assert_eq!(a.status, 406);
    let construct: String =
        form_urlencoded::byte_serialize(b"CONSTRUCT { ?s a ?c } WHERE { ?s a ?c } LIMIT 3")
            .collect();
    let a = get(&app, &format!("/sparql?query={construct}"), &[]);
    assert_eq!(a.header("content-type"), Some("text/turtle; charset=utf-8"));
    let sd = get(&app, "/sparql", &[("accept", "text/turtle")]);
    assert!(sd.text().contains("sparql-service-description"));
}

#[test]
fn default_and_named_graph_parameters_choose_the_dataset() {
    let app = app();
    let q: String =
        form_urlencoded::byte_serialize(b"SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }").collect();
    let all = get(
        &app,
        &format!("/sparql?query={q}"),
        &[("accept", "text/csv")],
    )
    .text();
    let graph: String =
        form_urlencoded::byte_serialize(b"https://w3id.org/dipkg/graph/F01").collect();
    let one = get(
        &app,
        &format!("/sparql?query={q}&default-graph-uri={graph}"),
        &[("accept", "text/csv")],
    )
    .text();
    let count = |t: &str| {
        t.lines()
            .nth(1)
            .and_then(|n| n.trim().parse::<usize>().ok())
            .expect("a count")
    };
    assert!(
        count(&one) > 0 && count(&one) < count(&all),
        "{one} vs {all}"
    );
}

#[test]
fn queries_are_bounded_in_results_time_and_concurrency() {
    let small = app_with(Config {
        max_results: 5,
        ..Config::default()
    });
    let q: String = form_urlencoded::byte_serialize(b"SELECT * WHERE { ?s ?p ?o }").collect();
    let a = get(&small, &format!("/sparql?query={q}"), &[]);
    assert_eq!(a.status, 503);
    assert!(a.text().contains("--max-results"));
    let slow = app_with(Config {
        timeout: std::time::Duration::from_millis(300),
        ..Config::default()
    });
    let q: String = form_urlencoded::byte_serialize(
        b"SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }",
    )
    .collect();
    let a = get(&slow, &format!("/sparql?query={q}"), &[]);
    assert_eq!(a.status, 503, "{}", a.text());
    assert!(a.text().contains("--timeout"));
    let busy = app_with(Config {
        max_queries: 0,
        ..Config::default()
    });
    let a = get(&busy, "/sparql?query=ASK%7B%7D", &[]);
    assert_eq!(a.status, 503);
    let tiny = app_with(Config {
        max_body: 10,
        ..Config::default()
    });
    let a = send(
        &tiny,
        Method::POST,
        "/sparql",
        &[("content-type", "application/sparql-query")],
        b"SELECT * WHERE { ?s ?p ?o }",
    );
    assert_eq!(a.status, 413);
}

#[test]
fn writes_need_writable_and_the_token_and_fail_whole() {
    let update =
        b"INSERT DATA { <http://example.org/a> <http://example.org/b> <http://example.org/c> }";
    let headers = |token: Option<&'static str>| {
        let mut h = vec![("content-type", "application/sparql-update")];
        if let Some(t) = token {
            h.push(("authorization", t));
        }
        h
    };
    let read_only = app();
    assert_eq!(
        send(
            &read_only,
            Method::POST,
            "/sparql",
            &headers(Some("Bearer s3cret")),
            update
        )
        .status,
        403
    );
    let app = app_with(Config {
        writable: true,
        token: Some("s3cret".to_owned()),
        ..Config::default()
    });
    let a = send(&app, Method::POST, "/sparql", &headers(None), update);
    assert_eq!(a.status, 401);
    assert!(a.header("www-authenticate").is_some());
    assert_eq!(
        send(
            &app,
            Method::POST,
            "/sparql",
            &headers(Some("Bearer wrong")),
            update
        )
        .status,
        403
    );
    let ask: String =
        form_urlencoded::byte_serialize(b"ASK { <http://example.org/a> ?p ?o }").collect();
    let asked = |app: &App| {
        get(
            app,
            &format!("/sparql?query={ask}"),
            &[("accept", "text/csv")],
        )
        .text()
    };
    assert!(asked(&app).contains("false"));
    assert_eq!(
        send(
            &app,
            Method::POST,
            "/sparql",
            &headers(Some("Bearer s3cret")),
            update
        )
        .status,
        204
    );
    assert!(asked(&app).contains("true"));
    // A failing update changes nothing: the insert before the bad part is not kept.
    let bad = b"INSERT DATA { <http://example.org/x> <http://example.org/b> 1 } ; LOAD <http://127.0.0.1:9/nothing.ttl>";
    let a = send(
        &app,
        Method::POST,
        "/sparql",
        &headers(Some("Bearer s3cret")),
        bad,
    );
    assert!(a.status >= 400, "{}", a.status);
    let ask_x: String =
        form_urlencoded::byte_serialize(b"ASK { <http://example.org/x> ?p ?o }").collect();
    assert!(
        get(
            &app,
            &format!("/sparql?query={ask_x}"),
            &[("accept", "text/csv")]
        )
        .text()
        .contains("false")
    );
    // Graph Store writes: the same rules.
    let put = |token: Option<&'static str>| {
        let mut h = vec![("content-type", "text/turtle")];
        if let Some(t) = token {
            h.push(("authorization", t));
        }
        send(
            &app,
            Method::PUT,
            "/store?graph=http%3A%2F%2Fexample.org%2Fg",
            &h,
            b"<http://example.org/s> <http://example.org/p> 1 .",
        )
    };
    assert_eq!(put(None).status, 401);
    assert_eq!(put(Some("Bearer s3cret")).status, 204);
    let g = get(
        &app,
        "/store?graph=http%3A%2F%2Fexample.org%2Fg",
        &[("accept", "application/n-triples")],
    );
    assert_eq!(g.text().lines().count(), 1);
}

#[test]
fn graph_store_reads_graphs_and_the_dataset() {
    let app = app();
    let a = get(
        &app,
        "/store?graph=https%3A%2F%2Fw3id.org%2Fdipkg%2Fgraph%2Fcitations",
        &[("accept", "text/turtle")],
    );
    assert_eq!(a.status, 200);
    assert!(parses(oxigraph::io::RdfFormat::Turtle, &a.body) > 10);
    let a = get(&app, "/store", &[("accept", "application/n-quads")]);
    let all = app.dataset.store.len().expect("counts");
    assert_eq!(parses(oxigraph::io::RdfFormat::NQuads, &a.body), all);
    let a = get(&app, "/store?graph=https%3A%2F%2Fexample.org%2Fnone", &[]);
    assert_eq!(a.status, 404);
}

#[test]
fn saved_queries_api_binds_pages_and_describes_itself() {
    let app = app();
    let list: serde_json::Value =
        serde_json::from_slice(&get(&app, "/api/queries", &[]).body).expect("JSON");
    let names: Vec<&str> = list
        .as_array()
        .expect("array")
        .iter()
        .filter_map(|q| q["name"].as_str())
        .collect();
    assert!(names.contains(&"timeline") && names.contains(&"official-visits"));
    let a = get(
        &app,
        "/api/queries/official-visits?year=2018",
        &[("accept", "text/csv")],
    );
    assert_eq!(a.status, 200, "{}", a.text());
    assert!(a.text().lines().count() >= 3);
    // Paging: one row more is fetched, so the last page has no `next`.
    let page1 = get(
        &app,
        "/api/queries/timeline?per_page=4",
        &[("accept", "text/csv")],
    );
    assert_eq!(page1.text().lines().count(), 5, "header and 4 rows");
    assert!(
        page1
            .all("link")
            .iter()
            .any(|l| l.contains("rel=\"next\"") && l.contains("page=2"))
    );
    let mut page = 1;
    loop {
        let a = get(
            &app,
            &format!("/api/queries/timeline?per_page=4&page={page}"),
            &[("accept", "text/csv")],
        );
        if !a.all("link").iter().any(|l| l.contains("rel=\"next\"")) {
            assert!(a.text().lines().count() > 1, "the last page is not empty");
            break;
        }
        page += 1;
        assert!(page < 20);
    }
    let a = get(&app, "/api/queries/official-visits?year=not-a-year", &[]);
    assert_eq!(a.status, 400);
    let a = get(&app, "/api/queries/official-visits?colour=red", &[]);
    assert_eq!(a.status, 400);
    let a = get(&app, "/api/queries/timelin", &[]);
    assert_eq!(a.status, 404);
    assert!(a.text().contains("timeline"), "did you mean");
    // Injection stays a literal: no rows, no error.
    let a = get(
        &app,
        "/api/queries/fact-source?fact=x%22%20%7D%20%3B%20DROP%20ALL%20%3B%20%23",
        &[("accept", "text/csv")],
    );
    assert_eq!(a.status, 200);
    let openapi: serde_json::Value =
        serde_json::from_slice(&get(&app, "/api/openapi.json", &[]).body).expect("JSON");
    assert_eq!(openapi["openapi"], "3.1.0");
    for name in names {
        assert!(
            openapi["paths"][format!("/api/queries/{name}")]["get"].is_object(),
            "{name}"
        );
    }
}

#[test]
fn discovery_files() {
    let app = app();
    let void = get(&app, "/.well-known/void", &[("accept", "text/turtle")]);
    assert_eq!(void.status, 200);
    assert!(void.text().contains("void:triples"));
    let html = get(&app, "/.well-known/void", &[("accept", "text/html")]);
    assert!(html.text().contains("Triples"));
    let robots = get(&app, "/robots.txt", &[]).text();
    assert!(robots.contains("Sitemap: "));
    let sitemap = get(&app, "/sitemap.xml", &[]).text();
    assert!(sitemap.contains("<loc>https://w3id.org/dipkg/id/state/turkey</loc>"));
    assert!(
        get(&app, "/context.jsonld", &[])
            .text()
            .contains("\"@context\"")
    );
    let page = get(&app, "/", &[]).text();
    assert!(page.contains("id=\"editor\"") && page.contains("api/queries"));
    assert_eq!(get(&app, "/nothing-here", &[]).status, 404);
    assert_eq!(
        send(&app, Method::DELETE, "/id/state/turkey", &[], b"").status,
        405
    );
}

#[test]
fn every_name_the_data_mints_resolves_by_accept() {
    let app = app();
    for path in [
        "/graph/F01",
        "/graph/derived-host-state-F02",
        "/shapes",
        "/ontology/0.1.0",
        "/ontology/alignments",
        "/dataset",
    ] {
        let html = get(&app, path, &[("accept", "text/html")]);
        assert_eq!(html.status, 200, "{path} as HTML");
        assert!(
            html.header("content-type")
                .is_some_and(|t| t.starts_with("text/html")),
            "{path}"
        );
        let turtle = get(&app, path, &[("accept", "text/turtle")]);
        assert_eq!(turtle.status, 200, "{path} as Turtle");
        assert_eq!(turtle.header("content-type"), Some("text/turtle"), "{path}");
        assert!(
            parses(oxigraph::io::RdfFormat::Turtle, &turtle.body) > 0,
            "{path}"
        );
        assert_eq!(
            get(&app, path, &[("accept", "image/png")]).status,
            406,
            "{path}"
        );
    }
    // A named graph's page says where its statements come from.
    let graph = get(
        &app,
        "/graph/derived-host-state-F02",
        &[("accept", "application/n-triples")],
    )
    .text();
    assert!(
        graph.contains("<http://www.w3.org/ns/prov#wasDerivedFrom>"),
        "{graph}"
    );
    // The shapes page lists the node shapes, each an anchor.
    let shapes = get(&app, "/shapes", &[("accept", "text/html")]).text();
    assert!(shapes.contains("id=\"ClaimShape\""), "the claim shape");
    let ontology = get(
        &app,
        "/ontology/alignments",
        &[("accept", "application/n-triples")],
    )
    .text();
    assert!(
        ontology.contains("<https://w3id.org/sssom/Mapping>"),
        "the alignments are in it"
    );
    // The served description names the endpoint that answers it.
    let void = get(&app, "/dataset", &[("accept", "application/n-triples")]).text();
    assert!(
        void.contains("<https://w3id.org/dipkg/dataset> <http://rdfs.org/ns/void#sparqlEndpoint> <https://w3id.org/dipkg/sparql> ."),
        "{void}"
    );
    assert!(void.contains("<http://www.w3.org/ns/dcat#accessService>"));
    assert!(void.contains("<http://www.w3.org/ns/dcat#DataService>"));
}

/// A free port on loopback (bound, read, released).
fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

/// The real binary over a real socket: a page, a query and the request log.
#[test]
fn the_binary_serves_over_a_socket() {
    let port = free_port();
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_dipkg"))
        .args(["serve", "--bind", &format!("127.0.0.1:{port}")])
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("starts");
    let get = |path: &str, accept: &str| -> Option<(u16, String)> {
        let client = oxhttp::Client::new();
        let request = Request::builder()
            .uri(format!("http://127.0.0.1:{port}{path}"))
            .header("accept", accept)
            .body(Body::empty())
            .ok()?;
        let response = client.request(request).ok()?;
        let status = response.status().as_u16();
        Some((status, response.into_body().to_string().ok()?))
    };
    let mut answer = None;
    for _ in 0..100 {
        answer = get("/id/state/turkey", "text/turtle");
        if answer.is_some() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    let (status, body) = answer.expect("the server answers");
    assert_eq!(status, 200);
    assert!(body.contains("state:turkey"));
    let (status, _) =
        get("/sparql?query=ASK%7B%7D", "application/sparql-results+json").expect("answers");
    assert_eq!(status, 200);
    // A query that would overflow an ordinary thread's stack: refused, and
    // the server (its request threads have dipkg's large stack) lives on.
    let deep = format!(
        "SELECT * WHERE {{ {} }}",
        vec!["{ ?s ?p ?o }"; 5000].join(" UNION ")
    );
    let request = Request::builder()
        .method(Method::POST)
        .uri(format!("http://127.0.0.1:{port}/sparql"))
        .header("content-type", "application/sparql-query")
        .body(Body::from(deep))
        .expect("request");
    let status = oxhttp::Client::new()
        .request(request)
        .expect("answers")
        .status()
        .as_u16();
    assert_eq!(status, 400);
    let (status, _) =
        get("/sparql?query=ASK%7B%7D", "application/sparql-results+json").expect("still answers");
    assert_eq!(status, 200);
    let _ = child.kill();
    let output = child.wait_with_output().expect("stops");
    let log = String::from_utf8_lossy(&output.stderr);
    assert!(log.contains("GET /id/state/turkey 200"), "{log}");
}

#[test]
fn incoming_statements_are_paged_with_links() {
    let app = app();
    // Every citation points to the source: more than one page of them.
    let first = get(
        &app,
        "/id/source/political-collaboration",
        &[("accept", "text/html")],
    )
    .text();
    assert!(
        first.contains("rel=\"next\" href=\"?incoming-page=1\""),
        "a next page"
    );
    assert!(first.contains(" of ") && first.contains(" shown"), "counts");
    let second = get(
        &app,
        "/id/source/political-collaboration?incoming-page=1",
        &[("accept", "text/html")],
    )
    .text();
    assert!(
        second.contains("rel=\"prev\" href=\"?incoming-page=0\""),
        "a previous page"
    );
    assert_ne!(first, second);
}

/// The server's request threads have the large stack `dipkg` gives them;
/// this test's handler runs on one of the same size.
#[test]
fn a_deeply_nested_query_is_refused_and_the_server_lives_on() {
    std::thread::Builder::new()
        .stack_size(256 << 20)
        .spawn(deeply_nested_queries_are_refused)
        .expect("spawns")
        .join()
        .expect("no panic");
}

fn deeply_nested_queries_are_refused() {
    let app = app();
    let union = format!(
        "SELECT * WHERE {{ {} }}",
        vec!["{ ?s ?p ?o }"; 5000].join(" UNION ")
    );
    let groups = format!("SELECT * WHERE {}{}", "{ ".repeat(5000), "} ".repeat(5000));
    for query in [union, groups] {
        let a = send(
            &app,
            Method::POST,
            "/sparql",
            &[("content-type", "application/sparql-query")],
            query.as_bytes(),
        );
        assert_eq!(a.status, 400, "{}", a.text());
        assert!(a.text().contains("levels deep"));
    }
    assert_eq!(get(&app, "/sparql?query=ASK%7B%7D", &[]).status, 200);
}

#[test]
fn the_event_table_is_an_api_with_the_options_of_dipkg_events() {
    let app = app();
    let csv = get(
        &app,
        "/api/events?dyad=KGZ,TUR&from=2018-04&to=2018-04",
        &[],
    );
    assert_eq!(csv.status, 200);
    assert!(
        csv.header("content-type")
            .is_some_and(|t| t.starts_with("text/csv"))
    );
    let (mut cmd, _dir) = crate::util::dipkg();
    let cli = crate::util::success_stdout(cmd.args([
        "events", "--dyad", "KGZ,TUR", "--from", "2018-04", "--to", "2018-04",
    ]));
    assert_eq!(csv.text(), cli, "the API answers what the CLI writes");
    let icews = get(&app, "/api/events?columns=icews&format=tsv", &[]);
    assert!(
        icews
            .text()
            .starts_with("Event ID\tEvent Date\tSource Name\t")
    );
    let plover = get(&app, "/api/events?columns=plover", &[]);
    assert_eq!(plover.header("content-type"), Some("application/jsonl"));
    for line in plover.text().lines() {
        serde_json::from_str::<serde_json::Value>(line).expect("a PLOVER record");
    }
    let svg = get(&app, "/api/events?format=svg", &[]);
    assert_eq!(svg.header("content-type"), Some("image/svg+xml"));
    assert!(svg.text().contains("class=\"dk-quads\""));
    let timeline = get(&app, "/timeline", &[]);
    assert!(
        timeline.text().contains("id=\"quad-classes\""),
        "the picture beside the timeline"
    );
    for bad in [
        "/api/events?format=xls",
        "/api/events?format=svg&aggregate=dyad-month",
        "/api/events?columns=gdelt",
        "/api/events?dyad=KGZ",
        "/api/events?from=soon",
        "/api/events?actor=Narnia",
        "/api/events?from=2018&to=1992",
    ] {
        assert_eq!(get(&app, bad, &[]).status, 400, "{bad}");
    }
}
