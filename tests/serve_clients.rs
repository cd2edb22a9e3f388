//! Independent clients against the real `dipkg serve`: Python's SPARQLWrapper
//! and rdflib's SPARQLStore, rasqal's `roqet -p`, the OpenAPI 3.1 schema
//! validator, and headless Chromium on the query page, a resource page and an
//! ontology term. Each must see what `dipkg query` answers.

use crate::util::{dipkg, required_tool, success_stdout, test_python};
use std::collections::BTreeMap;
use std::process::{Child, Command, Stdio};

/// A `dipkg serve` on a free loopback port, stopped when dropped.
pub struct Server {
    child: Child,
    /// Its base URL, without a trailing slash.
    pub url: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts the binary with `args` after `serve` and waits until it answers.
pub fn start(args: &[&str]) -> Server {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port");
    let child = Command::new(env!("CARGO_BIN_EXE_dipkg"))
        .args(["serve", "--quiet", "--bind", &format!("127.0.0.1:{port}")])
        .args(args)
        .stderr(Stdio::null())
        .spawn()
        .expect("starts");
    let server = Server {
        child,
        url: format!("http://127.0.0.1:{port}"),
    };
    for _ in 0..100 {
        if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
            return server;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    panic!("dipkg serve did not start on port {port}");
}

/// The saved SELECT queries that take no parameters, with their text and the
/// answer `dipkg query` gives.
fn cases() -> BTreeMap<String, serde_json::Value> {
    let (mut cmd, _dir) = dipkg();
    let list: serde_json::Value =
        serde_json::from_str(&success_stdout(cmd.args(["queries", "--format", "json"])))
            .expect("JSON");
    let mut cases = BTreeMap::new();
    for info in list.as_array().expect("a list") {
        let name = info["name"].as_str().expect("a name").to_owned();
        if !info["params"].as_array().is_some_and(Vec::is_empty) || name.starts_with("checks/") {
            continue;
        }
        let text = std::fs::read_to_string(
            crate::util::root()
                .join("queries")
                .join(format!("{name}.rq")),
        )
        .expect("the query file");
        if !text.contains("SELECT") || text.contains("CONSTRUCT") {
            continue;
        }
        let (mut cmd, _dir) = dipkg();
        let answer: serde_json::Value = serde_json::from_str(&success_stdout(
            cmd.args(["query", &name, "--format", "json"]),
        ))
        .expect("JSON");
        cases.insert(
            name,
            serde_json::json!({ "sparql": text, "expected": answer }),
        );
    }
    assert!(cases.len() >= 8, "{} cases", cases.len());
    cases
}

#[test]
#[cfg_attr(
    not(dipkg_tool = "python"),
    ignore = "set DIPKG_TEST_PYTHON to a Python with rdflib, pySHACL, owlrl (README: Two commands) to run it"
)]
fn sparqlwrapper_and_rdflib_get_what_dipkg_query_gives() {
    let Some(python) = test_python("SPARQLWrapper and rdflib") else {
        return;
    };
    let server = start(&[]);
    let dir = crate::util::tempdir();
    let cases_file = dir.path().join("cases.json");
    std::fs::write(&cases_file, serde_json::to_vec(&cases()).expect("JSON")).expect("written");
    let out = Command::new(&python)
        .arg(crate::util::root().join("tests/serve_clients.py"))
        .arg(format!("{}/sparql", server.url))
        .arg(&cases_file)
        .output()
        .expect("python runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains(" 0 failed"), "{stdout}");
}

#[test]
#[cfg_attr(
    not(dipkg_tool = "roqet"),
    ignore = "set DIPKG_TEST_ROQET=/usr/bin/roqet to run it"
)]
fn roqet_over_the_protocol_gets_what_dipkg_query_gives() {
    let Some(roqet) = required_tool("DIPKG_TEST_ROQET", "rasqal's roqet (Debian rasqal-utils)")
    else {
        return;
    };
    let server = start(&[]);
    // roqet has no JSON output: compare the values of its CSV rows.
    let expected_rows = |json: &serde_json::Value| -> Vec<Vec<String>> {
        let vars: Vec<&str> = json["head"]["vars"]
            .as_array()
            .map(|v| v.iter().filter_map(|x| x.as_str()).collect())
            .unwrap_or_default();
        let mut rows: Vec<Vec<String>> = json["results"]["bindings"]
            .as_array()
            .map(|rows| {
                rows.iter()
                    .map(|row| {
                        vars.iter()
                            .map(|v| row[v]["value"].as_str().unwrap_or("").to_owned())
                            .collect()
                    })
                    .collect()
            })
            .unwrap_or_default();
        rows.sort();
        rows
    };
    let mut checked = 0;
    for (name, case) in cases() {
        let text = case["sparql"].as_str().expect("text");
        // roqet always sends GET; the server's HTTP stack (oxhttp, as in
        // Oxigraph's server) takes 8 KiB of request line and headers, so a
        // longer query must be POSTed (SPARQLWrapper above does).
        // roqet percent-encodes most letters too: about three bytes a character.
        if text.len() * 3 > 7 * 1024 {
            eprintln!("roqet: {name} is too long for a GET: not sent");
            continue;
        }
        let out = Command::new(&roqet)
            .args([
                "-q",
                "-p",
                &format!("{}/sparql", server.url),
                "-r",
                "csv",
                "-e",
                text,
            ])
            .output()
            .expect("roqet runs");
        let stderr = String::from_utf8_lossy(&out.stderr);
        // roqet parses the query itself first and rejects property paths
        // (`rdfs:subClassOf*`); those never reach the server.
        if !out.status.success() && stderr.contains("syntax error") {
            eprintln!("roqet cannot parse {name} (property path): not sent");
            continue;
        }
        assert!(
            out.status.success(),
            "{name}: {}",
            stderr.chars().take(300).collect::<String>()
        );
        let mut theirs = csv_rows(&String::from_utf8_lossy(&out.stdout));
        theirs.sort();
        assert_eq!(theirs, expected_rows(&case["expected"]), "{name}");
        checked += 1;
    }
    assert!(
        checked >= 5,
        "only {checked} queries without property paths"
    );
}

/// The data rows of an RFC 4180 CSV text (the header dropped).
fn csv_rows(text: &str) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let (mut row, mut field, mut quoted) = (Vec::new(), String::new(), false);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                field.push('"');
                chars.next();
            }
            ('"', _) => quoted = !quoted,
            (',', false) => row.push(std::mem::take(&mut field)),
            ('\r', false) => {}
            ('\n', false) => {
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
            }
            (c, _) => field.push(c),
        }
    }
    if !field.is_empty() || !row.is_empty() {
        row.push(field);
        rows.push(row);
    }
    rows.into_iter().skip(1).collect()
}

#[test]
#[cfg_attr(
    not(dipkg_tool = "python"),
    ignore = "set DIPKG_TEST_PYTHON to a Python with rdflib, pySHACL, owlrl (README: Two commands) to run it"
)]
fn openapi_description_validates_against_the_openapi_3_1_schema() {
    let Some(python) = test_python("openapi-spec-validator") else {
        return;
    };
    let server = start(&[]);
    let dir = crate::util::tempdir();
    let file = dir.path().join("openapi.json");
    let body = oxhttp::Client::new()
        .request(
            oxhttp::model::Request::builder()
                .uri(format!("{}/api/openapi.json", server.url))
                .body(oxhttp::model::Body::empty())
                .expect("request"),
        )
        .expect("answers")
        .into_body()
        .to_vec()
        .expect("body");
    std::fs::write(&file, body).expect("written");
    let out = Command::new(&python)
        .args(["-c", "import sys, json; from openapi_spec_validator import validate; from openapi_spec_validator.validation.validators import OpenAPIV31SpecValidator; validate(json.load(open(sys.argv[1])), cls=OpenAPIV31SpecValidator); print('valid')"])
        .arg(&file)
        .output()
        .expect("python runs");
    assert!(
        out.status.success() && String::from_utf8_lossy(&out.stdout).contains("valid"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Headless Chromium, started as a person's browser would be but without a
/// window; returns the DOM after scripts ran, and writes a screenshot.
pub fn chromium(chromium: &str, url: &str, screenshot: Option<&std::path::Path>) -> String {
    let profile = crate::util::tempdir();
    let mut args: Vec<String> = [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--virtual-time-budget=5000",
        "--window-size=1280,1000",
    ]
    .iter()
    .map(|s| (*s).to_owned())
    .collect();
    args.push(format!("--user-data-dir={}", profile.path().display()));
    if let Some(path) = screenshot {
        let mut shot = args.clone();
        shot.push(format!("--screenshot={}", path.display()));
        shot.push(url.to_owned());
        let _ = Command::new(chromium).args(&shot).output();
    }
    args.push("--dump-dom".to_owned());
    args.push(url.to_owned());
    let out = Command::new(chromium)
        .args(&args)
        .output()
        .expect("chromium runs");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
#[cfg_attr(
    not(dipkg_tool = "chromium"),
    ignore = "set DIPKG_TEST_CHROMIUM=/usr/bin/chromium to run it"
)]
fn chromium_runs_a_saved_query_and_browses_pages() {
    let Some(browser) = required_tool("DIPKG_TEST_CHROMIUM", "headless Chromium (Debian chromium)")
    else {
        return;
    };
    let server = start(&[]);
    let shots = std::env::var("DIPKG_SCREENSHOTS")
        .ok()
        .map(std::path::PathBuf::from);
    let shot = |name: &str| shots.as_ref().map(|d| d.join(name));
    // The query page loads the saved query, runs it and shows its rows.
    let dom = chromium(
        &browser,
        &format!("{}/?query=timeline&run=1", server.url),
        shot("query.png").as_deref(),
    );
    assert!(
        dom.contains("id=\"results\""),
        "no result table: {}",
        &dom[..dom.len().min(2000)]
    );
    assert!(dom.contains("1991-12-24"), "the first event's date");
    assert!(
        dom.contains("href=\"/id/event/establishment-of-diplomatic-relations\""),
        "links to pages"
    );
    // A resource page: its label, a provenance quote, and a link that resolves.
    let dom = chromium(
        &browser,
        &format!(
            "{}/id/event/establishment-of-diplomatic-relations",
            server.url
        ),
        shot("resource.png").as_deref(),
    );
    assert!(
        dom.contains(
            "<h1>establishment of diplomatic relations between Kyrgyzstan and Turkey</h1>"
        )
    );
    assert!(dom.contains("established on December 24, 1991</q>"));
    let followed = chromium(&browser, &format!("{}/id/state/turkey", server.url), None);
    assert!(
        followed.contains("<h1>Turkey</h1>") || followed.contains("<h1>Türkiye"),
        "{}",
        &followed[..followed.len().min(1500)]
    );
    // An ontology term lands on its anchor (the screenshot is of the page's
    // top: headless Chromium paints a page scrolled to a fragment blank).
    let dom = chromium(&browser, &format!("{}/ontology#Treaty", server.url), None);
    assert!(dom.contains("id=\"Treaty\""));
    let _ = chromium(
        &browser,
        &format!("{}/ontology", server.url),
        shot("ontology.png").as_deref(),
    );
}
