//! Hostile input and hostile servers (issue 11): credentials that must not
//! follow a redirect, writes that must not be reported done when they were not,
//! answers and files built to exhaust memory, time or the stack, and output
//! that must say the truth. Small hostile files are in `tests/hostile/`, each
//! starting with a line saying what it attacks; big ones are generated here.
//!
//! The servers are small HTTP servers on loopback in the test itself, each
//! handling a bounded number of connections and giving up waiting after a
//! bounded time, so a client that does not come never hangs the test.

use crate::util::{dipkg, root, success_stdout, write};
use predicates::prelude::PredicateBooleanExt;
use predicates::str::contains;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::thread::JoinHandle;
use std::time::Duration;

/// A request as a test server saw it.
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

/// Serves up to `connections` connections on loopback, each answered by
/// `answer(i, request, stream)`; stops when none comes within 20 s.
fn serve(
    connections: usize,
    answer: impl Fn(usize, &Seen, &mut TcpStream) + Send + 'static,
) -> (String, JoinHandle<Vec<Seen>>) {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind loopback");
    listener.set_nonblocking(true).expect("nonblocking");
    let url = format!("http://{}", listener.local_addr().expect("address"));
    let handle = std::thread::spawn(move || {
        let mut seen = Vec::new();
        for i in 0..connections {
            let mut accepted = None;
            for _ in 0..400 {
                match listener.accept() {
                    Ok((stream, _)) => {
                        accepted = Some(stream);
                        break;
                    }
                    Err(_) => std::thread::sleep(Duration::from_millis(50)),
                }
            }
            let Some(mut stream) = accepted else { break };
            stream.set_nonblocking(false).expect("blocking");
            stream
                .set_read_timeout(Some(Duration::from_secs(10)))
                .expect("timeout");
            let Some(request) = read_request(&stream) else {
                break;
            };
            answer(i, &request, &mut stream);
            seen.push(request);
        }
        seen
    });
    (url, handle)
}

fn read_request(stream: &TcpStream) -> Option<Seen> {
    let mut reader = BufReader::new(stream.try_clone().ok()?);
    let mut head = String::new();
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).ok()? == 0 || line == "\r\n" {
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
    reader.read_exact(&mut body).ok()?;
    Some(Seen {
        head,
        body: String::from_utf8_lossy(&body).into_owned(),
    })
}

fn reply(status: &str, headers: &[&str], body: &str) -> String {
    let mut out = format!("HTTP/1.1 {status}\r\nConnection: close\r\n");
    for h in headers {
        out.push_str(h);
        out.push_str("\r\n");
    }
    out.push_str(&format!("Content-Length: {}\r\n\r\n{body}", body.len()));
    out
}

/// A server that answers every request with the same reply.
fn always(connections: usize, answer: String) -> (String, JoinHandle<Vec<Seen>>) {
    serve(connections, move |_, _, stream| {
        let _ = stream.write_all(answer.as_bytes());
    })
}

/// What a server that should never have been contacted saw: nothing, if the
/// first connection it gets is the test's own knock.
fn never_contacted(url: &str, server: JoinHandle<Vec<Seen>>) {
    let address = url.trim_start_matches("http://");
    if let Ok(mut knock) = TcpStream::connect(address) {
        let _ = knock.write_all(b"GET /knock HTTP/1.1\r\n\r\n");
    }
    let seen = server.join().expect("server thread");
    assert!(
        seen.first()
            .is_some_and(|s| s.head.starts_with("GET /knock")),
        "the other host was contacted: {seen:?}"
    );
}

const EMPTY_RESULTS: &str = r#"{"head":{"vars":["s"]},"results":{"bindings":[]}}"#;

fn a_graph(dir: &std::path::Path, name: &str) {
    write(
        dir,
        &format!("d/{name}"),
        "<http://example.org/a> <http://example.org/p> \"one\" .\n",
    );
}

// 1. Credentials stay with the host they were given for.

#[test]
fn a_password_never_follows_a_redirect_to_another_host() {
    let (elsewhere, thief) = always(1, reply("200 OK", &[], ""));
    let target = format!("{elsewhere}/steal");
    let (url, server) = serve(2, move |i, _, stream| {
        let answer = if i == 0 {
            reply(
                "401 Unauthorized",
                &["WWW-Authenticate: Basic realm=\"x\""],
                "",
            )
        } else {
            reply(
                "307 Temporary Redirect",
                &[&format!("Location: {target}")],
                "",
            )
        };
        let _ = stream.write_all(answer.as_bytes());
    });
    let (mut cmd, dir) = dipkg();
    a_graph(dir.path(), "a.ttl");
    write(dir.path(), "pw", "s3cret\n");
    cmd.args(["--data", "d", "--no-ontology", "push"])
        .args(["--endpoint", &format!("{url}/update")])
        .args(["--user", "me", "--password-file", "pw"])
        .assert()
        .code(1)
        .stderr(contains(format!("{elsewhere}/steal")).and(contains("another host")));
    let seen = server.join().expect("server thread");
    assert_eq!(seen[1].header("authorization"), Some("Basic bWU6czNjcmV0"));
    never_contacted(&elsewhere, thief);
}

#[test]
fn a_bearer_token_never_follows_a_redirect_to_another_host() {
    let (elsewhere, thief) = always(1, reply("200 OK", &[], ""));
    let (url, server) = always(
        1,
        reply(
            "308 Permanent Redirect",
            &[&format!("Location: {elsewhere}/sparql")],
            "",
        ),
    );
    let (mut cmd, dir) = dipkg();
    write(dir.path(), "token", "abc123\n");
    cmd.args(["query", "-e", "SELECT ?s { ?s ?p ?o }", "--format", "csv"])
        .args(["--endpoint", &format!("{url}/sparql")])
        .args(["--token-file", "token"])
        .assert()
        .code(1)
        .stderr(contains(format!("{elsewhere}/sparql")));
    server.join().expect("server thread");
    never_contacted(&elsewhere, thief);
}

#[test]
fn a_redirect_within_the_host_keeps_method_body_and_credentials() {
    let (url, server) = serve(2, move |i, _, stream| {
        let answer = if i == 0 {
            reply("307 Temporary Redirect", &["Location: /moved"], "")
        } else {
            reply(
                "200 OK",
                &["Content-Type: application/sparql-results+json"],
                EMPTY_RESULTS,
            )
        };
        let _ = stream.write_all(answer.as_bytes());
    });
    let (mut cmd, dir) = dipkg();
    write(dir.path(), "token", "abc123\n");
    cmd.args(["query", "-e", "SELECT ?s { ?s ?p ?o }", "--format", "csv"])
        .args(["--endpoint", &format!("{url}/sparql")])
        .args(["--token-file", "token"])
        .assert()
        .success()
        .stdout("s\r\n");
    let seen = server.join().expect("server thread");
    assert!(seen[1].head.starts_with("POST /moved "), "{}", seen[1].head);
    assert_eq!(seen[1].body, seen[0].body);
    assert_eq!(seen[1].header("authorization"), Some("Bearer abc123"));
}

#[test]
fn a_token_that_is_not_one_line_is_named_as_the_problem() {
    let (mut cmd, dir) = dipkg();
    write(dir.path(), "token", "abc\n123\n");
    cmd.args(["query", "-e", "ASK {}"])
        .args(["--endpoint", "http://127.0.0.1:9/sparql"])
        .args(["--token-file", "token"])
        .assert()
        .code(2)
        .stderr(contains("token: holds a line break").and(contains("URL").not()));
}

// 2. No false success.

#[test]
fn push_redirected_with_see_other_is_not_resent_as_a_get() {
    for status in ["301 Moved Permanently", "302 Found", "303 See Other"] {
        let (url, server) = serve(2, move |_, _, stream| {
            let answer = reply(status, &["Location: /elsewhere"], "");
            let _ = stream.write_all(answer.as_bytes());
        });
        let (mut cmd, dir) = dipkg();
        a_graph(dir.path(), "a.ttl");
        cmd.args(["--data", "d", "--no-ontology", "push"])
            .args(["--endpoint", &format!("{url}/update")])
            .assert()
            .code(1)
            .stderr(contains(format!("{url}/elsewhere")).and(contains("nothing was sent")));
        never_followed(&url, server);
    }
}

/// The server got the one request and nothing after it.
fn never_followed(url: &str, server: JoinHandle<Vec<Seen>>) {
    if let Ok(mut knock) = TcpStream::connect(url.trim_start_matches("http://")) {
        let _ = knock.write_all(b"GET /knock HTTP/1.1\r\n\r\n");
    }
    let seen = server.join().expect("server thread");
    assert!(seen[0].head.starts_with("POST /update "), "{seen:?}");
    assert!(seen[1].head.starts_with("GET /knock"), "followed: {seen:?}");
}

#[test]
fn push_redirected_with_307_resends_the_body_within_the_host() {
    let (url, server) = serve(2, move |i, _, stream| {
        let answer = if i == 0 {
            reply("307 Temporary Redirect", &["Location: /update2"], "")
        } else {
            reply("204 No Content", &[], "")
        };
        let _ = stream.write_all(answer.as_bytes());
    });
    let (mut cmd, dir) = dipkg();
    a_graph(dir.path(), "a.ttl");
    cmd.args(["--data", "d", "--no-ontology", "push"])
        .args(["--endpoint", &format!("{url}/update")])
        .assert()
        .success()
        .stdout(contains("graph/a.ttl\t1\tupdate"));
    let seen = server.join().expect("server thread");
    assert!(
        seen[1].head.starts_with("POST /update2 "),
        "{}",
        seen[1].head
    );
    assert!(seen[1].body.contains("INSERT+DATA"), "{}", seen[1].body);
}

#[test]
fn an_html_page_is_not_an_empty_answer() {
    let page = reply(
        "200 OK",
        &["Content-Type: text/html"],
        "<html><body>Welcome</body></html>",
    );
    // --endpoint
    let (url, server) = always(1, page.clone());
    let (mut cmd, _dir) = dipkg();
    cmd.args(["query", "-e", "SELECT ?s { ?s ?p ?o }"])
        .args(["--endpoint", &format!("{url}/sparql")])
        .assert()
        .code(1)
        .stderr(contains("unreadable answer").and(contains("text/html")));
    server.join().expect("server thread");
    // SERVICE
    let (url, server) = always(1, page);
    let (mut cmd, _dir) = dipkg();
    cmd.args([
        "query",
        "-e",
        &format!("SELECT ?s {{ SERVICE <{url}/sparql> {{ ?s ?p ?o }} }}"),
    ])
    .assert()
    .code(1)
    .stderr(contains("unreadable answer"));
    server.join().expect("server thread");
}

#[test]
fn compare_refuses_a_boolean_where_solutions_were_asked_for() {
    let boolean = reply(
        "200 OK",
        &["Content-Type: application/sparql-results+json"],
        r#"{"head":{},"boolean":true}"#,
    );
    let (url, server) = always(1, boolean);
    let (mut cmd, _dir) = dipkg();
    cmd.args(["compare", "--against", &format!("{url}/sparql")])
        .assert()
        .code(1)
        .stderr(contains("instead of solutions"));
    server.join().expect("server thread");
}

// 3. One request per graph, and the truth about each graph when one fails.

#[test]
fn a_failed_push_says_which_graphs_are_in_which_state() {
    let (url, server) = serve(2, move |i, _, stream| {
        let answer = if i == 0 {
            reply("200 OK", &[], "")
        } else {
            reply("500 Internal Server Error", &[], "disk full")
        };
        let _ = stream.write_all(answer.as_bytes());
    });
    let (mut cmd, dir) = dipkg();
    for name in ["a.ttl", "b.ttl", "c.ttl"] {
        a_graph(dir.path(), name);
    }
    let graph = |name: &str| format!("https://w3id.org/dipkg/graph/{name}");
    cmd.args(["--data", "d", "--no-ontology", "push"])
        .args(["--endpoint", &format!("{url}/update")])
        .assert()
        .code(1)
        .stderr(
            contains(format!("push stopped at graph <{}>", graph("b.ttl")))
                .and(contains("disk full"))
                .and(contains("not changed"))
                .and(contains(format!("Replaced: <{}>", graph("a.ttl"))))
                .and(contains(format!("Not touched: <{}>", graph("c.ttl")))),
        );
    let seen = server.join().expect("server thread");
    assert_eq!(seen.len(), 2, "one request a graph");
    for request in &seen {
        assert!(
            request.body.contains("DROP+SILENT+GRAPH") && request.body.contains("INSERT+DATA"),
            "{}",
            request.body
        );
    }
}

// 9. --timeout bounds the whole exchange; --max-response bounds its size.

#[test]
fn a_server_that_trickles_its_answer_is_cut_off_at_the_timeout() {
    let (url, server) = serve(1, move |_, _, stream| {
        let head = format!(
            "HTTP/1.1 200 OK\r\nContent-Type: application/sparql-results+json\r\nContent-Length: {}\r\n\r\n",
            EMPTY_RESULTS.len()
        );
        let _ = stream.write_all(head.as_bytes());
        // One byte every 300 ms: each read is quick, the whole takes 15 s.
        for byte in EMPTY_RESULTS.bytes() {
            if stream.write_all(&[byte]).is_err() {
                break;
            }
            std::thread::sleep(Duration::from_millis(300));
        }
    });
    let (mut cmd, _dir) = dipkg();
    cmd.args(["query", "-e", "SELECT ?s { ?s ?p ?o }", "--format", "csv"])
        .args(["--endpoint", &format!("{url}/sparql"), "--timeout", "2"])
        .assert()
        .code(1)
        .stderr(contains("no answer in time").and(contains("--timeout 2")));
    server.join().expect("server thread");
}

#[test]
fn an_answer_over_the_size_limit_is_refused_with_the_flag_named() {
    let big = format!(
        r#"{{"head":{{"vars":["s"]}},"results":{{"bindings":[{}]}}}}"#,
        vec![r#"{"s":{"type":"literal","value":"xxxxxxxxxxxxxxxx"}}"#; 200].join(",")
    );
    // With a length, and chunked (no length known until the end).
    let with_length = reply(
        "200 OK",
        &["Content-Type: application/sparql-results+json"],
        &big,
    );
    let mut chunked = "HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Type: application/sparql-results+json\r\nTransfer-Encoding: chunked\r\n\r\n".to_owned();
    for piece in big.as_bytes().chunks(1000) {
        chunked.push_str(&format!(
            "{:x}\r\n{}\r\n",
            piece.len(),
            String::from_utf8_lossy(piece)
        ));
    }
    chunked.push_str("0\r\n\r\n");
    for answer in [with_length, chunked] {
        let (url, server) = always(1, answer);
        let (mut cmd, _dir) = dipkg();
        cmd.args(["query", "-e", "SELECT ?s { ?s ?p ?o }", "--format", "csv"])
            .args([
                "--endpoint",
                &format!("{url}/sparql"),
                "--max-response",
                "4K",
            ])
            .assert()
            .code(1)
            .stderr(contains("larger than 4 KiB (--max-response)"));
        server.join().expect("server thread");
    }
}

#[test]
fn a_zero_timeout_is_bad_usage() {
    let (mut cmd, _dir) = dipkg();
    cmd.args(["query", "timeline", "--timeout", "0"])
        .assert()
        .code(2);
}

fn hostile(name: &str) -> String {
    root()
        .join("tests/hostile")
        .join(name)
        .display()
        .to_string()
}

#[test]
fn every_hostile_file_says_what_it_attacks() {
    for entry in std::fs::read_dir(root().join("tests/hostile")).expect("folder") {
        let path = entry.expect("entry").path();
        let text = std::fs::read_to_string(&path).expect("text");
        let first = text.lines().next().unwrap_or_default();
        assert!(first.contains("Attacks "), "{}: {first}", path.display());
    }
}

// 6. RDF/XML entities, wherever RDF/XML is read.

#[test]
fn rdf_xml_entity_declarations_are_refused_wherever_rdf_xml_is_read() {
    let laughs = hostile("entity-expansion.rdf");
    let refused = || contains("declares a DTD entity").and(contains("entity-expansion.rdf"));
    let (mut cmd, _dir) = dipkg();
    cmd.args(["--data", &laughs, "export"])
        .assert()
        .code(1)
        .stderr(refused());
    let (mut cmd, _dir) = dipkg();
    cmd.args(["validate", "--shapes", &laughs])
        .assert()
        .code(1)
        .stderr(refused());
    let (mut cmd, dir) = dipkg();
    cmd.args(["link", "--against", &laughs, "-o", "links.ttl"])
        .assert()
        .code(1)
        .stderr(refused());
    assert!(!dir.path().join("links.ttl").exists());
    let (mut cmd, _dir) = dipkg();
    cmd.args(["compare", "--against", &laughs])
        .assert()
        .code(1)
        .stderr(refused());
    let (mut cmd, _dir) = dipkg();
    cmd.args([
        "compare",
        "--against",
        &root().join("data/other-sources.trig").display().to_string(),
    ])
    .args(["--links", &laughs])
    .assert()
    .code(1)
    .stderr(refused());
}

// 7. YAML aliases in a saved query's header.

#[test]
fn yaml_aliases_in_a_query_header_are_refused() {
    let (mut cmd, dir) = dipkg();
    std::fs::create_dir(dir.path().join("q")).expect("folder");
    std::fs::copy(hostile("yaml-aliases.rq"), dir.path().join("q/laughs.rq")).expect("copy");
    cmd.args(["--queries", "q", "queries"])
        .assert()
        .code(1)
        .stderr(contains("query laughs").and(contains("aliases")));
}

// 8. Folder walks and links.

#[cfg(unix)]
#[test]
fn a_link_loop_in_a_folder_is_not_followed_and_no_file_is_read_twice() {
    use std::os::unix::fs::symlink;
    let (mut cmd, dir) = dipkg();
    let d = dir.path();
    write(
        d,
        "d/a.ttl",
        "<http://example.org/a> <http://example.org/p> 1 .\n",
    );
    symlink(".", d.join("d/loop")).expect("link");
    symlink("a.ttl", d.join("d/same.ttl")).expect("link");
    let out = success_stdout(
        cmd.args(["--no-ontology", "--data", "d", "--data", "d/a.ttl"])
            .args(["export", "--format", "nquads"]),
    );
    assert_eq!(out.lines().count(), 1, "one file, loaded once: {out}");
    // The same for saved queries and shapes.
    write(d, "q/n.rq", "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }\n");
    symlink(".", d.join("q/loop")).expect("link");
    let mut cmd = crate::util::dipkg_in(d);
    let listed = success_stdout(cmd.args(["--queries", "q", "queries"]));
    assert!(!listed.contains("loop/"), "{listed}");
    write(
        d,
        "s/shapes.ttl",
        "@prefix sh: <http://www.w3.org/ns/shacl#> .\n<http://example.org/S> a sh:NodeShape ; sh:targetNode <http://example.org/a> .\n",
    );
    symlink(".", d.join("s/loop")).expect("link");
    let mut cmd = crate::util::dipkg_in(d);
    cmd.args(["--no-ontology", "--data", "d", "validate", "--shapes", "s"])
        .assert()
        .success();
}

// 12. Query text is bounded.

#[test]
fn query_text_over_a_mebibyte_is_refused() {
    let padded = format!("# {}\nASK {{}}\n", "x".repeat(1 << 20));
    let (mut cmd, _dir) = dipkg();
    cmd.args(["query", "-"])
        .write_stdin(padded.clone())
        .assert()
        .code(1)
        .stderr(contains("over 1 MiB"));
    let (mut cmd, dir) = dipkg();
    write(dir.path(), "big.rq", &padded);
    cmd.args(["query", "big.rq"])
        .assert()
        .code(1)
        .stderr(contains("over 1 MiB"));
    #[cfg(target_os = "linux")]
    {
        let (mut cmd, _dir) = dipkg();
        cmd.args(["query", "/dev/zero"])
            .assert()
            .code(1)
            .stderr(contains("over 1 MiB"));
    }
}

// 4. `link -o` never overwrites curated data.

fn link_fixture() -> String {
    root()
        .join("tests/link/wikidata-extract.ttl")
        .display()
        .to_string()
}

#[test]
fn link_refuses_to_overwrite_a_loaded_or_curated_file_without_force() {
    let (_, dir) = dipkg();
    let d = dir.path();
    let curated = "<https://w3id.org/dipkg/id/state/turkey> <http://www.w3.org/2002/07/owl#sameAs> <http://www.wikidata.org/entity/Q43> .\n";
    write(d, "data/links.ttl", curated);
    let generated = "# Generated by `dipkg link --against x`: do not edit; rerun it.\n";
    write(d, "data/links/wikidata.ttl", generated);
    write(d, "notes.ttl", "# my own notes\n");
    write(d, "notes.tsv", "mine\n");
    let link = |args: &[&str]| {
        let mut cmd = crate::util::dipkg_in(d);
        cmd.args(["--data", "data", "link", "--against", &link_fixture()])
            .args(args);
        cmd
    };
    // A file the dataset was loaded from, curated or generated.
    for target in ["data/links.ttl", "data/links/wikidata.ttl"] {
        link(&["-o", target])
            .assert()
            .code(1)
            .stderr(contains("refusing to overwrite").and(contains("loaded from it")));
    }
    // A file dipkg link did not write, as links or as the report.
    link(&["-o", "notes.ttl"])
        .assert()
        .code(1)
        .stderr(contains("not a links file written by `dipkg link`"));
    link(&["-o", "new.ttl", "--report", "notes.tsv"])
        .assert()
        .code(1)
        .stderr(contains("not a review report"));
    assert!(!d.join("new.ttl").exists(), "nothing written when refused");
    assert_eq!(
        std::fs::read_to_string(d.join("data/links.ttl")).expect("kept"),
        curated
    );
    assert_eq!(
        std::fs::read_to_string(d.join("data/links/wikidata.ttl")).expect("kept"),
        generated
    );
    assert_eq!(
        std::fs::read_to_string(d.join("notes.ttl")).expect("kept"),
        "# my own notes\n"
    );
    // Its own output again is fine; --force overrides.
    link(&["-o", "new.ttl"]).assert().success();
    link(&["-o", "new.ttl"]).assert().success();
    link(&["-o", "notes.ttl", "--force"]).assert().success();
}

// 16. `link` on names repeated many times, or many names sharing a surname
// with ours. The work per distinct (name, entity) pair is counted by the unit
// test `a_name_shared_by_many_candidates_is_compared_once`; the times are
// benches/link-repeated.sh's. Here: every candidate is reported, and a name
// shared by thousands decides nothing.

#[test]
fn link_reports_every_one_of_thousands_of_candidates_that_share_a_name() {
    let (_, dir) = dipkg();
    let d = dir.path();
    let mut source = String::new();
    for i in 0..5_000 {
        let s = format!("<http://www.wikidata.org/entity/Q{}>", 60_000_000 + i);
        source.push_str(&format!(
            "{s} <http://www.w3.org/2000/01/rdf-schema#label> \"Turkey\"@en .\n\
             {s} <http://www.wikidata.org/prop/direct/P31> <http://www.wikidata.org/entity/Q6256> .\n\
             {s} <http://www.w3.org/2000/01/rdf-schema#label> \"Bolot{i} Jeenbekov\"@en .\n"
        ));
    }
    write(d, "source.nt", &source);
    let mut cmd = crate::util::dipkg_in(d);
    cmd.args(["link", "--against", "source.nt", "-o", "links.ttl"])
        .assert()
        .success()
        .stdout(contains("5000 candidates"));
    let review = std::fs::read_to_string(d.join("links.review.tsv")).expect("report");
    assert_eq!(review.lines().count(), 1 + 5_000, "one line per candidate");
    // Five thousand equally good states: ambiguous, no link for Turkey.
    assert!(
        review.lines().skip(1).all(|l| l.contains("ambiguous")),
        "{}",
        &review[..500.min(review.len())]
    );
    let links = std::fs::read_to_string(d.join("links.ttl")).expect("links");
    assert!(!links.contains("state/turkey"), "{links}");
}

// 5. Every -o is atomic: a failure leaves the old file as it was.

#[test]
fn a_failed_output_leaves_the_old_file_intact() {
    let (_, dir) = dipkg();
    let d = dir.path();
    let run = |args: &[&str]| {
        let mut cmd = crate::util::dipkg_in(d);
        cmd.args(args);
        cmd
    };
    // A folder where the file should go: an error, the folder and its content kept.
    write(d, "taken/inside.txt", "keep");
    for args in [
        &["export", "-o", "taken"][..],
        &["query", "timeline", "-o", "taken"],
        &["validate", "-o", "taken"],
        &["compare", "--against", &link_fixture(), "-o", "taken"],
        &["link", "--against", &link_fixture(), "-o", "taken"],
    ] {
        run(args).assert().code(1);
        assert_eq!(
            std::fs::read_to_string(d.join("taken/inside.txt")).expect("kept"),
            "keep",
            "{args:?}"
        );
    }
    // A command that fails after starting: the old file is untouched.
    write(d, "old.csv", "old\n");
    run(&["query", "-e", "SELECT ?x WHERE { BIND(", "-o", "old.csv"])
        .assert()
        .code(1);
    assert_eq!(
        std::fs::read_to_string(d.join("old.csv")).expect("kept"),
        "old\n"
    );
    let left: Vec<_> = std::fs::read_dir(d)
        .expect("lists")
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().contains("dipkg-tmp"))
        .collect();
    assert!(left.is_empty(), "temporary files left: {left:?}");
}

// 13. A closed pipe silences the write error, never the verdict.

#[test]
fn validate_into_a_closed_pipe_still_fails_when_the_data_does_not_conform() {
    let (_, dir) = dipkg();
    let d = dir.path();
    let mut data = String::from("@prefix ex: <http://example.org/> .\n");
    for i in 0..5000 {
        data.push_str(&format!("ex:thing{i} a ex:Thing .\n"));
    }
    write(d, "d/things.ttl", &data);
    write(
        d,
        "shapes.ttl",
        "@prefix sh: <http://www.w3.org/ns/shacl#> .\n@prefix ex: <http://example.org/> .\n\
         ex:ThingShape a sh:NodeShape ; sh:targetClass ex:Thing ;\n\
         sh:property [ sh:path ex:name ; sh:minCount 1 ] .\n",
    );
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("dipkg"))
        .current_dir(d)
        .args([
            "--no-ontology",
            "--data",
            "d",
            "validate",
            "--shapes",
            "shapes.ttl",
        ])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("starts");
    let mut head = [0; 10];
    child
        .stdout
        .take()
        .expect("stdout")
        .read_exact(&mut head)
        .expect("reads the start");
    // The reader is gone (like `| head -c 10`); the report is far larger than a pipe holds.
    let out = child.wait_with_output().expect("ends");
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("5000 violation(s)"));
}

// 14. No terminal escapes from the data in a table.

#[test]
fn the_table_escapes_control_characters_and_csv_keeps_them() {
    let (mut cmd, dir) = dipkg();
    write(
        dir.path(),
        "d/evil.ttl",
        "<http://example.org/a> <http://example.org/p> \"red\\u001B[31m bell\\u0007 csi\\u009B end\" .\n",
    );
    let out = cmd
        .args(["--no-ontology", "--data", "d", "query", "--format", "table"])
        .args(["-e", "SELECT ?o WHERE { ?s ?p ?o }"])
        .output()
        .expect("runs");
    let table = String::from_utf8(out.stdout).expect("UTF-8");
    assert!(
        !table.chars().any(|c| c.is_control() && c != '\n'),
        "{table:?}"
    );
    assert!(
        table.contains("red\\u{1b}[31m bell\\u{7} csi\\u{9b} end"),
        "{table}"
    );
    let mut cmd = crate::util::dipkg_in(dir.path());
    let csv = success_stdout(
        cmd.args(["--no-ontology", "--data", "d", "query", "--format", "csv"])
            .args(["-e", "SELECT ?o WHERE { ?s ?p ?o }"]),
    );
    assert!(csv.contains("red\u{1b}[31m bell\u{7}"), "{csv:?}");
}

// 15. Messages that say the truth once.

#[test]
fn error_messages_name_the_problem_once() {
    let (_, dir) = dipkg();
    let d = dir.path();
    write(d, "noext", "");
    write(d, "afile", "");
    let run = |args: &[&str]| {
        let out = crate::util::dipkg_in(d).args(args).output().expect("runs");
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        String::from_utf8(out.stderr).expect("UTF-8")
    };
    let message = run(&["--data", "noext", "export"]);
    assert!(message.contains("(no extension)"), "{message}");
    assert!(!message.contains("extension ."), "{message}");
    for args in [
        &["--data", "missing.ttl", "query", "timeline"][..],
        &["query", "missing.rq"],
        &["--queries", "missing", "queries"],
        &["validate", "--shapes", "missing.ttl"],
        &["link", "--against", "missing.nt", "-o", "l.ttl"],
        &["compare", "--against", "missing.nt"],
        &["export", "-o", "afile/x.ttl"],
    ] {
        let message = run(args);
        assert_eq!(
            message.matches("os error").count(),
            1,
            "{args:?}: {message}"
        );
        assert_eq!(message.lines().count(), 1, "{args:?}: {message}");
    }
}

// 11. Deep queries: refused beyond the nesting limit, run within it, never a crash.

#[test]
fn queries_nested_too_deep_are_refused_not_a_stack_overflow() {
    let union = format!(
        "SELECT * WHERE {{ {} }}",
        (0..5000)
            .map(|i| format!("{{ ?s ?p {i} }}"))
            .collect::<Vec<_>>()
            .join(" UNION ")
    );
    let groups = format!(
        "SELECT * WHERE {}?s ?p ?o{}",
        "{ ".repeat(5000),
        " }".repeat(5000)
    );
    let or = format!(
        "SELECT * WHERE {{ ?s ?p ?o FILTER({}) }}",
        (0..10000)
            .map(|i| format!("?o = {i}"))
            .collect::<Vec<_>>()
            .join(" || ")
    );
    for query in [union, groups, or] {
        let (mut cmd, _dir) = dipkg();
        cmd.args(["query", "-"])
            .write_stdin(query)
            .assert()
            .code(1)
            .stderr(contains("nests more than 1000 levels deep"));
    }
}

#[test]
fn a_query_nested_just_within_the_limit_runs() {
    // 990 nested groups overflow the main thread's 8 MiB stack in the parser.
    let groups = format!(
        "SELECT (COUNT(*) AS ?n) WHERE {}?s ?p ?o{}",
        "{ ".repeat(990),
        " }".repeat(990)
    );
    let (mut cmd, dir) = dipkg();
    a_graph(dir.path(), "a.ttl");
    cmd.args([
        "--no-ontology",
        "--data",
        "d",
        "query",
        "-",
        "--format",
        "csv",
    ])
    .write_stdin(groups)
    .assert()
    .success()
    .stdout("n\r\n1\r\n");
}

// 10. Local queries: --timeout bounds them; SELECT answers stream.

const CROSS: &str = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }";

#[test]
fn a_local_query_stops_at_its_timeout_and_leaves_the_old_output() {
    let (mut cmd, dir) = dipkg();
    write(dir.path(), "old.tsv", "old\n");
    cmd.args([
        "query",
        "-e",
        CROSS,
        "--timeout",
        "1",
        "--format",
        "tsv",
        "-o",
        "old.tsv",
    ])
    .assert()
    .code(1)
    .stderr(contains("timed out after 1 s (--timeout)"));
    assert_eq!(
        std::fs::read_to_string(dir.path().join("old.tsv")).expect("kept"),
        "old\n"
    );
}

#[test]
fn a_query_that_never_reads_the_store_again_still_stops_at_its_timeout() {
    // A four-way product counted: Oxigraph's joins and aggregates never look
    // at the cancellation token, so only the process's own stop ends it.
    for query in [
        "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }",
        "SELECT DISTINCT ?a WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }",
        "SELECT ?a (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l } GROUP BY ?a",
    ] {
        let (mut cmd, dir) = dipkg();
        write(dir.path(), "old.csv", "old\n");
        // Not a time asserted: a run that never ends is killed here and fails.
        cmd.timeout(std::time::Duration::from_secs(120))
            .args([
                "query",
                "-e",
                query,
                "--timeout",
                "2",
                "-f",
                "csv",
                "-o",
                "old.csv",
            ])
            .assert()
            .code(1)
            .stderr(contains("timed out after 2 s"));
        assert_eq!(
            std::fs::read_to_string(dir.path().join("old.csv")).expect("kept"),
            "old\n"
        );
        let left: Vec<_> = std::fs::read_dir(dir.path())
            .expect("reads")
            .filter_map(|e| e.ok())
            .filter(|e| e.file_name().to_string_lossy().ends_with(".dipkg-tmp"))
            .collect();
        assert!(left.is_empty(), "a temporary was left: {left:?}");
    }
}

#[test]
fn a_large_select_streams_its_rows_as_they_come() {
    // Hundreds of millions of rows: only streaming writes any before the timeout.
    let (mut cmd, _dir) = dipkg();
    let out = cmd
        .args(["query", "-e", CROSS, "--timeout", "2", "--format", "tsv"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1));
    let lines = out.stdout.iter().filter(|&&b| b == b'\n').count();
    assert!(lines > 1000, "only {lines} lines streamed");
}

#[test]
fn the_table_refuses_more_rows_than_it_can_size() {
    let (mut cmd, _dir) = dipkg();
    cmd.args(["query", "--format", "table"])
        .args(["-e", "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f } LIMIT 100001"])
        .assert()
        .code(2)
        .stderr(contains("more than 100000 rows").and(contains("--format tsv")));
}
