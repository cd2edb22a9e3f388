//! The SPARQL protocol as real clients use it (issue 24): one query per
//! request, a graph query asked for in a results format, ASK in CSV and TSV,
//! one ETag per representation, and a service description that names the
//! endpoint as the client reached it.

use crate::serve::{app, get, send};
use oxhttp::model::Method;

const ASK: &str = "/sparql?query=ASK%7B%7D";
const CONSTRUCT: &str =
    "/sparql?query=CONSTRUCT%7B%3Fs%20a%20%3Fo%7DWHERE%7B%3Fs%20a%20%3Fo%7DLIMIT%202";
const SELECT: &str = "/sparql?query=SELECT%20*%7B%3Fs%20a%20%3Fo%7DLIMIT%202";

#[test]
fn two_queries_in_one_request_are_refused() {
    let app = app();
    let twice = get(&app, &format!("{ASK}&query=ASK%7B%7D"), &[]);
    assert_eq!(twice.status, 400, "{}", twice.text());
    assert!(
        twice.text().contains("2 query parameters"),
        "{}",
        twice.text()
    );
    let form = send(
        &app,
        Method::POST,
        ASK,
        &[("content-type", "application/x-www-form-urlencoded")],
        b"query=ASK%7B%7D",
    );
    assert_eq!(form.status, 400, "one in the URL, one in the form");
    let body = send(
        &app,
        Method::POST,
        ASK,
        &[("content-type", "application/sparql-query")],
        b"ASK {}",
    );
    assert_eq!(body.status, 400, "one in the URL, one as the body");
    let one = send(
        &app,
        Method::POST,
        "/sparql",
        &[("content-type", "application/sparql-query")],
        b"ASK {}",
    );
    assert_eq!(one.status, 200);
}

#[test]
fn a_query_asked_for_in_the_other_kinds_format_gets_its_own_kinds_default() {
    let app = app();
    // rdflib's SPARQLStore with returnFormat="json" running a CONSTRUCT.
    let graph = get(
        &app,
        CONSTRUCT,
        &[("accept", "application/sparql-results+json")],
    );
    assert_eq!(graph.status, 200, "{}", graph.text());
    assert_eq!(
        graph.header("content-type"),
        Some("text/turtle; charset=utf-8")
    );
    let rows = get(&app, SELECT, &[("accept", "text/turtle")]);
    assert_eq!(rows.status, 200);
    assert_eq!(
        rows.header("content-type"),
        Some("application/sparql-results+json")
    );
    assert_eq!(
        get(&app, SELECT, &[("accept", "image/png")]).status,
        406,
        "neither kind: still 406"
    );
}

#[test]
fn ask_in_csv_and_tsv_ends_its_line_as_the_command_line_does() {
    let app = app();
    let csv = get(&app, ASK, &[("accept", "text/csv")]);
    assert_eq!(csv.body, b"true\r\n");
    let tsv = get(&app, ASK, &[("accept", "text/tab-separated-values")]);
    assert_eq!(tsv.body, b"true\n");
}

#[test]
fn the_gzip_bytes_have_their_own_etag() {
    let app = app();
    let plain = get(&app, "/id/state/turkey", &[("accept", "text/turtle")]);
    let zipped = get(
        &app,
        "/id/state/turkey",
        &[("accept", "text/turtle"), ("accept-encoding", "gzip")],
    );
    assert_eq!(zipped.header("content-encoding"), Some("gzip"));
    let (a, b) = (plain.header("etag"), zipped.header("etag"));
    assert!(a.is_some() && b.is_some() && a != b, "{a:?} {b:?}");
    let tag = b.unwrap_or_default().to_owned();
    let again = get(
        &app,
        "/id/state/turkey",
        &[
            ("accept", "text/turtle"),
            ("accept-encoding", "gzip"),
            ("if-none-match", &tag),
        ],
    );
    assert_eq!(again.status, 304);
    let identity = get(
        &app,
        "/id/state/turkey",
        &[("accept", "text/turtle"), ("if-none-match", &tag)],
    );
    assert_eq!(
        identity.status, 200,
        "the gzip tag is not the identity bytes'"
    );
}

#[test]
fn the_service_description_names_the_endpoint_the_client_reached() {
    let app = app();
    let described = get(
        &app,
        "/sparql",
        &[
            ("accept", "application/n-triples"),
            ("host", "127.0.0.1:7878"),
        ],
    );
    assert!(
        described
            .text()
            .contains("<http://www.w3.org/ns/sparql-service-description#endpoint> <http://127.0.0.1:7878/sparql>"),
        "{}",
        described.text()
    );
    let odd = get(
        &app,
        "/sparql",
        &[("accept", "application/n-triples"), ("host", "evil> <x")],
    );
    assert!(
        !odd.text().contains("evil"),
        "a Host that is no host is not echoed"
    );
}

#[test]
fn head_is_get_without_the_body_everywhere() {
    let app = app();
    for path in [ASK, "/api/queries", "/store?default", "/no/such/thing", "/"] {
        let got = get(&app, path, &[]);
        let head = send(&app, Method::HEAD, path, &[], b"");
        assert_eq!(head.status, got.status, "{path}");
        assert_eq!(
            head.header("content-type"),
            got.header("content-type"),
            "{path}"
        );
        assert!(head.body.is_empty(), "{path}: a HEAD answer has no body");
    }
}

#[test]
fn a_405_says_what_the_route_allows() {
    let app = app();
    let put = send(&app, Method::PUT, "/id/state/turkey", &[], b"");
    assert_eq!(put.status, 405);
    assert_eq!(put.header("allow"), Some("GET, HEAD, OPTIONS"));
    let update = get(&app, "/sparql?update=CLEAR%20ALL", &[]);
    assert_eq!(update.status, 405);
    assert_eq!(update.header("allow"), Some("GET, HEAD, POST, OPTIONS"));
}

#[test]
fn cors_answers_a_browsers_preflight_for_reads_and_never_for_writes() {
    let app = crate::serve::app_with(dipkg::publish::server::Config {
        cors: true,
        ..dipkg::publish::server::Config::default()
    });
    let preflight = |path: &str, method: &str| {
        send(
            &app,
            Method::OPTIONS,
            path,
            &[
                ("origin", "http://example.org"),
                ("access-control-request-method", method),
                ("access-control-request-headers", "content-type"),
            ],
            b"",
        )
    };
    let query = preflight("/sparql", "POST");
    assert_eq!(query.status, 204);
    assert_eq!(query.header("access-control-allow-origin"), Some("*"));
    assert!(
        query
            .header("access-control-allow-headers")
            .is_some_and(|h| h.to_ascii_lowercase().contains("content-type")),
        "{:?}",
        query.headers
    );
    for (path, method) in [("/update", "POST"), ("/store", "PUT"), ("/store", "DELETE")] {
        let write = preflight(path, method);
        assert_eq!(
            write.header("access-control-allow-origin"),
            None,
            "{method} {path}"
        );
    }
    let page = get(
        &app,
        "/id/state/turkey",
        &[("origin", "http://example.org")],
    );
    assert_eq!(page.header("access-control-allow-origin"), Some("*"));
    assert!(
        page.header("access-control-expose-headers")
            .is_some_and(|h| h.contains("ETag") && h.contains("Link")),
        "{:?}",
        page.headers
    );
}

#[test]
fn service_calls_only_the_hosts_the_server_was_told_to_allow() {
    use std::net::TcpListener;
    let listener = TcpListener::bind("127.0.0.1:0").expect("a port");
    listener.set_nonblocking(true).expect("non-blocking");
    let port = listener.local_addr().expect("address").port();
    let query = format!(
        "/sparql?query=SELECT%20*%20%7B%20SERVICE%20%3Chttp%3A%2F%2F127.0.0.1%3A{port}%2Fsparql%3E%20%7B%20%3Fs%20%3Fp%20%3Fo%20%7D%20%7D"
    );
    let refused = get(&app(), &query, &[]);
    assert!(refused.status >= 400, "{}", refused.status);
    assert!(
        refused.text().contains("--allow-service"),
        "{}",
        refused.text()
    );
    assert!(
        listener.accept().is_err(),
        "the server called the URL a client named"
    );
    let allowed = crate::serve::app_with(dipkg::publish::server::Config {
        allow_service: vec![format!("127.0.0.1:{port}")],
        timeout: std::time::Duration::from_secs(2),
        ..dipkg::publish::server::Config::default()
    });
    let accepter = std::thread::spawn(move || {
        for _ in 0..200 {
            if listener.accept().is_ok() {
                return true;
            }
            std::thread::sleep(std::time::Duration::from_millis(10));
        }
        false
    });
    let answer = get(&allowed, &query, &[]);
    assert!(
        answer.status >= 400,
        "no SPARQL server there: an error, not an empty success"
    );
    assert!(accepter.join().expect("joins"), "an allowed host is called");
}

#[test]
fn queries_that_never_read_the_store_again_stop_at_the_deadline() {
    let app = std::sync::Arc::new(crate::serve::app_with(dipkg::publish::server::Config {
        timeout: std::time::Duration::from_secs(2),
        ..dipkg::publish::server::Config::default()
    }));
    let four = "?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l";
    for query in [
        format!("SELECT (COUNT(*) AS ?n) WHERE {{ {four} }}"),
        format!("SELECT DISTINCT ?a WHERE {{ {four} }}"),
        format!("SELECT ?a (COUNT(*) AS ?n) WHERE {{ {four} }} GROUP BY ?a"),
        "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f } ORDER BY ?c LIMIT 1".to_owned(),
    ] {
        let path = format!("/sparql?query={}", dipkg::remote::http::form_encode(&query));
        let (sent, answered) = std::sync::mpsc::channel();
        let server = std::sync::Arc::clone(&app);
        std::thread::spawn(move || {
            let _ = sent.send(get(&server, &path, &[]).status);
        });
        // Not a time asserted: without the deadline inside the joins these
        // ran for minutes; a minute's wait fails them instead of hanging.
        let status = answered
            .recv_timeout(std::time::Duration::from_secs(60))
            .unwrap_or_else(|_| panic!("{query}: no answer in a minute at --timeout 2"));
        assert_eq!(status, 503, "{query}");
    }
    // The slots were given back: the server still answers.
    assert_eq!(get(&app, ASK, &[]).status, 200);
}
