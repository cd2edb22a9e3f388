//! Remote SPARQL servers: `query --endpoint`, `SERVICE` in saved queries and
//! `push`. Protocol details (what goes on the wire, authentication) are checked
//! against a scripted HTTP server on loopback that runs in the test; the round
//! trip against a real server uses the Virtuoso that `.ci/run` starts
//! (`tests/virtuoso/start.sh`) and names in `DIPKG_TEST_VIRTUOSO`. Without it
//! those tests skip, unless CI is set: then they fail.

use crate::util::{dipkg, root, tempdir, write};
use predicates::str::contains;
use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::thread::JoinHandle;

/// A request as the scripted server saw it.
#[derive(Debug, Clone)]
struct Seen {
    head: String,
    body: String,
}

impl Seen {
    fn header(&self, name: &str) -> Option<&str> {
        self.head.lines().find_map(|line| {
            let (key, value) = line.split_once(':')?;
            key.eq_ignore_ascii_case(name).then_some(value.trim())
        })
    }
}

/// Answers one connection per scripted reply (status line, headers, body), then stops.
fn scripted_server(replies: Vec<String>) -> (String, JoinHandle<Vec<Seen>>) {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind loopback");
    let url = format!("http://{}", listener.local_addr().expect("address"));
    let handle = std::thread::spawn(move || {
        let mut seen = Vec::new();
        for reply in replies {
            let (stream, _) = listener.accept().expect("accept");
            let mut reader = BufReader::new(stream.try_clone().expect("clone"));
            let mut head = String::new();
            loop {
                let mut line = String::new();
                if reader.read_line(&mut line).expect("read") == 0 || line == "\r\n" {
                    break;
                }
                head.push_str(&line);
            }
            let length = head
                .lines()
                .find_map(|l| {
                    let (k, v) = l.split_once(':')?;
                    k.eq_ignore_ascii_case("content-length")
                        .then(|| v.trim().parse::<usize>().ok())?
                })
                .unwrap_or(0);
            let mut body = vec![0; length];
            reader.read_exact(&mut body).expect("body");
            seen.push(Seen {
                head,
                body: String::from_utf8_lossy(&body).into_owned(),
            });
            let mut stream = stream;
            stream.write_all(reply.as_bytes()).expect("reply");
        }
        seen
    });
    (url, handle)
}

fn http_reply(status: &str, headers: &[&str], body: &str) -> String {
    let mut out = format!("HTTP/1.1 {status}\r\nConnection: close\r\n");
    for h in headers {
        out.push_str(h);
        out.push_str("\r\n");
    }
    out.push_str(&format!("Content-Length: {}\r\n\r\n{body}", body.len()));
    out
}

/// Decodes an `application/x-www-form-urlencoded` value.
fn form_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' if i + 2 < bytes.len() + 1 => {
                let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).expect("ascii");
                out.push(u8::from_str_radix(hex, 16).expect("hex"));
                i += 3;
            }
            b'+' => {
                out.push(b' ');
                i += 1;
            }
            b => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8(out).expect("utf-8")
}

/// A loopback port with nothing listening on it.
fn closed_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    listener.local_addr().expect("address").port()
}

const PARAM_QUERY: &str = "#+ summary: Labels equal to a name\n\
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n\
SELECT ?thing ?when WHERE { ?thing rdfs:label ?_name_en . OPTIONAL { ?thing <http://example.org/when> ?when } }\n";

#[test]
fn endpoint_gets_the_bound_algebra_and_its_typed_literal_json_is_read() {
    // Virtuoso's JSON still says "typed-literal"; the answer must still parse.
    let json = r#"{ "head": { "vars": ["thing", "when"] }, "results": { "bindings": [
        { "thing": { "type": "uri", "value": "http://example.org/a" },
          "when": { "type": "typed-literal", "datatype": "http://www.w3.org/2001/XMLSchema#date", "value": "1991-12-24" } } ] } }"#;
    let (url, server) = scripted_server(vec![http_reply(
        "200 OK",
        &["Content-Type: application/sparql-results+json"],
        json,
    )]);
    let (mut cmd, dir) = dipkg();
    write(dir.path(), "q/by-name.rq", PARAM_QUERY);
    let hostile = "x\"@en } ; DROP ALL ; #";
    cmd.args(["--queries", "q", "query", "by-name", "--format", "csv"])
        .args(["--endpoint", &format!("{url}/sparql")])
        .args(["--param", &format!("name={hostile}")])
        .assert()
        .success()
        .stdout("thing,when\r\nhttp://example.org/a,1991-12-24\r\n");
    let seen = server.join().expect("server thread");
    let sent = form_decode(
        seen[0]
            .body
            .strip_prefix("query=")
            .expect("a form with query="),
    );
    assert!(
        seen[0].head.starts_with("POST /sparql "),
        "{}",
        seen[0].head
    );
    // The value is one escaped literal in the serialised algebra, not query text.
    assert!(
        sent.contains(r#""x\"@en } ; DROP ALL ; #"@en"#),
        "sent: {sent}"
    );
    assert!(
        !sent.contains("?_name_en"),
        "parameter left unbound: {sent}"
    );
    assert!(
        spargebra::SparqlParser::new().parse_query(&sent).is_ok(),
        "sent text does not parse: {sent}"
    );
}

#[test]
fn endpoint_down_is_a_clear_error() {
    let (mut cmd, _dir) = dipkg();
    cmd.args(["query", "-e", "ASK { ?s ?p ?o }", "--endpoint"])
        .arg(format!("http://127.0.0.1:{}/sparql", closed_port()))
        .assert()
        .code(1)
        .stderr(contains("cannot connect"));
}

#[test]
fn https_endpoints_are_reached_over_tls() {
    // Public endpoints (Wikidata, DBpedia) are HTTPS: the client must try TLS,
    // so a closed port gives "cannot connect", not "HTTPS is not supported".
    let port = closed_port();
    let (mut cmd, _dir) = dipkg();
    cmd.args(["query", "-e", "ASK { ?s ?p ?o }", "--endpoint"])
        .arg(format!("https://127.0.0.1:{port}/sparql"))
        .assert()
        .code(1)
        .stderr(contains("cannot connect"));
    let (mut cmd, _dir) = dipkg();
    let query =
        format!("SELECT * WHERE {{ SERVICE <https://127.0.0.1:{port}/sparql> {{ ?s ?p ?o }} }}");
    cmd.args(["query", "-e", &query, "--timeout", "5"])
        .assert()
        .code(1)
        .stderr(contains("cannot connect").and(contains("SERVICE endpoint")));
}

#[test]
fn service_to_a_down_endpoint_is_a_clear_error() {
    let (mut cmd, _dir) = dipkg();
    let query = format!(
        "SELECT * WHERE {{ SERVICE <http://127.0.0.1:{}/sparql> {{ ?s ?p ?o }} }}",
        closed_port()
    );
    cmd.args(["query", "-e", &query, "--timeout", "5"])
        .assert()
        .code(1)
        .stderr(contains("SERVICE endpoint"));
}

#[test]
fn service_reaches_a_remote_endpoint_from_a_saved_query() {
    let json = r#"{ "head": { "vars": ["name"] }, "results": { "bindings": [
        { "name": { "type": "literal", "xml:lang": "ky", "value": "Бишкек" } } ] } }"#;
    let (url, server) = scripted_server(vec![http_reply(
        "200 OK",
        &["Content-Type: application/sparql-results+json"],
        json,
    )]);
    let (mut cmd, dir) = dipkg();
    write(
        dir.path(),
        "q/remote-names.rq",
        &format!(
            "#+ summary: Names of Bishkek from a remote endpoint\n\
             PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n\
             SELECT ?name WHERE {{ SERVICE <{url}/sparql> {{ <https://w3id.org/dipkg/id/place/bishkek> rdfs:label ?name }} }}\n"
        ),
    );
    cmd.args(["--queries", "q", "query", "remote-names", "--format", "tsv"])
        .assert()
        .success()
        .stdout("?name\n\"Бишкек\"@ky\n");
    let seen = server.join().expect("server thread");
    assert_eq!(seen.len(), 1);
}

#[test]
fn push_answers_a_basic_challenge_and_falls_back_to_update() {
    // Challenge, then accept the retried PUT; then say "no graph store" (405),
    // after which every graph must go by SPARQL Update.
    let data = "@prefix ex: <http://example.org/> .\nex:a ex:p \"one\" .\n";
    let mut replies = vec![
        http_reply(
            "401 Unauthorized",
            &["WWW-Authenticate: Basic realm=\"x\""],
            "",
        ),
        http_reply("201 Created", &[], ""),
        http_reply("405 Method Not Allowed", &[], ""),
    ];
    // The second graph by Update: DROP and INSERT DATA in one request.
    replies.push(http_reply("200 OK", &[], ""));
    let (url, server) = scripted_server(replies);
    let (mut cmd, dir) = dipkg();
    write(dir.path(), "d/a.ttl", data);
    write(dir.path(), "d/b.ttl", data);
    write(dir.path(), "pw", "s3cret\n");
    cmd.args(["--data", "d", "--no-ontology", "push"])
        .args(["--endpoint", &format!("{url}/update")])
        .args(["--graph-store", &format!("{url}/store")])
        .args(["--user", "me", "--password-file", "pw"])
        .assert()
        .success()
        .stdout(contains("graph/a.ttl\t1\tgraph-store").and(contains("graph/b.ttl\t1\tupdate")));
    let seen = server.join().expect("server thread");
    assert_eq!(seen[0].header("authorization"), None, "sent before asked");
    // base64("me:s3cret")
    assert_eq!(seen[1].header("authorization"), Some("Basic bWU6czNjcmV0"));
    assert!(
        seen[1]
            .head
            .starts_with("PUT /store?graph=https%3A%2F%2Fw3id.org%2Fdipkg%2Fgraph%2Fa.ttl ")
    );
    assert!(
        seen[1]
            .body
            .contains("<http://example.org/a> <http://example.org/p> \"one\" .")
    );
    assert_eq!(seen.len(), 4, "one request for the second graph");
    let update = form_decode(seen[3].body.strip_prefix("update=").expect("update form"));
    let drop = update
        .find("DROP SILENT GRAPH <https://w3id.org/dipkg/graph/b.ttl>")
        .expect("drops the graph");
    let insert = update.find("INSERT DATA").expect("inserts the data");
    assert!(drop < insert, "{update}");
    assert!(
        spargebra::SparqlParser::new().parse_update(&update).is_ok(),
        "{update}"
    );
}

#[test]
fn push_sends_a_bearer_token_and_reports_a_refusal() {
    let (url, server) = scripted_server(vec![http_reply("401 Unauthorized", &[], "")]);
    let (mut cmd, dir) = dipkg();
    write(
        dir.path(),
        "d/a.ttl",
        "<http://example.org/a> <http://example.org/p> 1 .\n",
    );
    write(dir.path(), "token", "abc123\n");
    cmd.args(["--data", "d", "--no-ontology", "push"])
        .args(["--endpoint", &format!("{url}/update")])
        .args(["--graph-store", &format!("{url}/store")])
        .args(["--token-file", "token"])
        .assert()
        .code(1)
        .stderr(contains("refused the bearer token"));
    let seen = server.join().expect("server thread");
    assert_eq!(seen[0].header("authorization"), Some("Bearer abc123"));
}

use predicates::prelude::PredicateBooleanExt;

/// Pushes the shipped data to Virtuoso with Digest authentication (dba/dba).
fn push_shipped(base: &str) -> String {
    let dir = tempdir();
    write(dir.path(), "pw", "dba\n");
    let out = crate::util::dipkg_in(dir.path())
        .args(["push", "--endpoint", &format!("{base}/sparql-auth")])
        .args(["--graph-store", &format!("{base}/sparql-graph-crud-auth")])
        .args(["--user", "dba", "--password-file", "pw"])
        .output()
        .expect("runs");
    assert!(
        out.status.success(),
        "push failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("utf-8")
}

/// Runs a query embedded or on `endpoint`, with parameters; returns stdout.
fn answer(query: &str, params: &[String], format: &str, endpoint: Option<&str>) -> Vec<u8> {
    let (mut cmd, _dir) = dipkg();
    cmd.arg("--queries")
        .arg(root().join("tests/virtuoso/queries"))
        .args(["query", query, "--format", format]);
    for p in params {
        cmd.args(["--param", p]);
    }
    if let Some(url) = endpoint {
        cmd.args(["--endpoint", url]);
    }
    let out = cmd.output().expect("runs");
    assert!(
        out.status.success(),
        "{query} {params:?} on {endpoint:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

/// CSV rows (after the header), sorted unless the order is part of the answer.
fn rows(csv: &[u8], ordered: bool) -> Vec<String> {
    let text = String::from_utf8_lossy(csv);
    let mut rows: Vec<String> = text.split("\r\n").skip(1).map(str::to_owned).collect();
    if !ordered {
        rows.sort();
    }
    rows
}

/// N-Triples lines as a sorted multiset, for CONSTRUCT answers.
fn triples(turtle: &[u8]) -> Vec<String> {
    let mut out: Vec<String> =
        oxigraph::io::RdfParser::from_format(oxigraph::io::RdfFormat::Turtle)
            .for_slice(turtle)
            .map(|q| q.expect("valid Turtle").to_string())
            .collect();
    out.sort();
    out
}

/// Cases that differ on Virtuoso for a reason in Virtuoso, each with the reason.
fn known_differences() -> BTreeMap<String, String> {
    let text = std::fs::read_to_string(root().join("tests/virtuoso/known-differences.tsv"))
        .expect("tests/virtuoso/known-differences.tsv exists");
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .filter_map(|l| {
            let mut cols = l.splitn(3, '\t');
            Some((
                format!("{} {}", cols.next()?, cols.next()?),
                cols.next()?.to_owned(),
            ))
        })
        .collect()
}

/// Every golden case over the shipped data (the manifest, when the saved queries
/// are on this branch; cases over fixture data are left out) and the test
/// queries of `tests/virtuoso/queries`: (name, params, golden file or None).
fn cases() -> Vec<(String, Vec<String>, Option<String>)> {
    let mut cases = Vec::new();
    if let Ok(text) = std::fs::read_to_string(root().join("tests/golden/manifest.tsv")) {
        for line in text
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        {
            let cols: Vec<&str> = line.split('\t').collect();
            if cols.get(3).is_some_and(|data| *data != "-") {
                // A case over fixture data, not the shipped data that is pushed.
                continue;
            }
            let params = if cols[1] == "-" {
                Vec::new()
            } else {
                cols[1].split(' ').map(str::to_owned).collect()
            };
            cases.push((cols[0].to_owned(), params, Some(cols[2].to_owned())));
        }
    }
    for entry in std::fs::read_dir(root().join("tests/virtuoso/queries")).expect("folder") {
        let path = entry.expect("entry").path();
        let name = path
            .file_stem()
            .expect("name")
            .to_string_lossy()
            .into_owned();
        cases.push((name, Vec::new(), None));
    }
    cases
}

#[test]
#[cfg_attr(
    not(dipkg_tool = "virtuoso"),
    ignore = "set DIPKG_TEST_VIRTUOSO to a Virtuoso started by tests/virtuoso/start.sh to run it"
)]
fn virtuoso_round_trip_gives_the_embedded_answers() {
    let Some(base) = crate::util::virtuoso() else {
        return;
    };
    let pushed = push_shipped(&base);
    assert!(pushed.contains("graph/F01"), "{pushed}");
    // Pushing again replaces each graph rather than adding to it.
    push_shipped(&base);
    let endpoint = format!("{base}/sparql");
    let known = known_differences();
    let mut failures = Vec::new();
    let mut agreed = 0;
    let mut still_known = 0;
    for (name, params, golden) in cases() {
        let key = format!(
            "{name} {}",
            if params.is_empty() {
                "-".to_owned()
            } else {
                params.join(" ")
            }
        );
        let construct = match golden.as_deref() {
            Some(file) => file.ends_with(".ttl"),
            None => saved_text(&name).is_some_and(|q| q.contains("CONSTRUCT")),
        };
        let format = if construct { "turtle" } else { "csv" };
        let expected = match &golden {
            Some(file) => {
                std::fs::read(root().join("tests/golden").join(file)).expect("golden file")
            }
            None => answer(&name, &params, format, None),
        };
        let actual = answer(&name, &params, format, Some(&endpoint));
        let text =
            String::from_utf8_lossy(if construct { b"" } else { &expected[..] }).into_owned();
        let ordered = !construct && saved_text(&name).is_some_and(|q| q.contains("ORDER BY"));
        let same = if construct {
            triples(&expected) == triples(&actual)
        } else {
            rows(&expected, ordered) == rows(&actual, ordered)
        };
        match (same, known.get(&key)) {
            (true, None) => agreed += 1,
            (false, Some(_)) => still_known += 1,
            (true, Some(reason)) => failures.push(format!(
                "{key}: now agrees; remove it from known-differences.tsv ({reason})"
            )),
            (false, None) => failures.push(format!(
                "{key}: Virtuoso differs\n--- expected\n{text}\n--- Virtuoso\n{}",
                String::from_utf8_lossy(&actual)
            )),
        }
    }
    eprintln!(
        "virtuoso round trip: {agreed} cases agree, {still_known} known Virtuoso differences"
    );
    assert!(agreed > 0, "no case was compared");
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// The text of a saved query, shipped or under tests/virtuoso/queries.
fn saved_text(name: &str) -> Option<String> {
    let shipped = root().join("queries").join(format!("{name}.rq"));
    let test = root()
        .join("tests/virtuoso/queries")
        .join(format!("{name}.rq"));
    std::fs::read_to_string(shipped)
        .or_else(|_| std::fs::read_to_string(test))
        .ok()
}

#[test]
#[cfg_attr(
    not(dipkg_tool = "virtuoso"),
    ignore = "set DIPKG_TEST_VIRTUOSO to a Virtuoso started by tests/virtuoso/start.sh to run it"
)]
fn virtuoso_refuses_a_wrong_password_with_a_clear_error() {
    let Some(base) = crate::util::virtuoso() else {
        return;
    };
    let (mut cmd, dir) = dipkg();
    write(dir.path(), "pw", "not-the-password\n");
    cmd.args(["push", "--endpoint", &format!("{base}/sparql-auth")])
        .args(["--graph-store", &format!("{base}/sparql-graph-crud-auth")])
        .args(["--user", "dba", "--password-file", "pw"])
        .assert()
        .code(1)
        .stderr(contains("refused the user name or password"));
}

#[test]
#[cfg_attr(
    not(dipkg_tool = "virtuoso"),
    ignore = "set DIPKG_TEST_VIRTUOSO to a Virtuoso started by tests/virtuoso/start.sh to run it"
)]
fn service_in_a_saved_query_reaches_virtuoso() {
    let Some(base) = crate::util::virtuoso() else {
        return;
    };
    push_shipped(&base);
    // Local data names a city; its label comes from the remote endpoint.
    let (mut cmd, dir) = dipkg();
    write(
        dir.path(),
        "d/local.ttl",
        "<http://example.org/here> <http://example.org/city> <https://w3id.org/dipkg/id/place/bishkek> .\n",
    );
    write(
        dir.path(),
        "q/federated.rq",
        &format!(
            "#+ summary: A local city's English name from Virtuoso\n\
             PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n\
             SELECT ?city ?name WHERE {{ ?here <http://example.org/city> ?city .\n\
             SERVICE <{base}/sparql> {{ ?city rdfs:label ?name FILTER(LANG(?name) = \"en\") }} }}\n"
        ),
    );
    cmd.args([
        "--data",
        "d",
        "--queries",
        "q",
        "query",
        "federated",
        "--format",
        "csv",
    ])
    .assert()
    .success()
    .stdout("city,name\r\nhttps://w3id.org/dipkg/id/place/bishkek,Bishkek\r\n");
}
