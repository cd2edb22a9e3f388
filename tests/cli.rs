//! The command line, run as a user runs it: output, errors and exit codes.

use crate::util::{dipkg, dipkg_in, tempdir, write};
use predicates::prelude::*;
use predicates::str::contains;
use std::io::{BufRead, BufReader};
use std::process::Stdio;

const SMALL: &str = "@prefix ex: <http://example.org/> .\n\
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n\
ex:rel a ex:Relations ; ex:date \"1991-12-24\"^^xsd:date ; ex:label \"relations\"@en .\n\
ex:kg ex:name \"Kyrgyzstan\" .\n";

#[test]
fn help_and_version() {
    let (mut cmd, _dir) = dipkg();
    cmd.arg("--help")
        .assert()
        .success()
        .stdout(contains("query"));
    let (mut cmd, _dir) = dipkg();
    cmd.arg("--version")
        .assert()
        .success()
        .stdout(contains("dipkg"));
}

#[test]
fn usage_errors_exit_2() {
    let (mut cmd, _dir) = dipkg();
    cmd.arg("--no-such-flag").assert().code(2);
    let (mut cmd, _dir) = dipkg();
    cmd.args(["query"]).assert().code(2);
    let (mut cmd, _dir) = dipkg();
    cmd.args(["query", "x", "-p", "novalue"])
        .assert()
        .code(2)
        .stderr(contains("NAME=VALUE"));
}

#[test]
fn unknown_query_name_suggests_the_closest() {
    let (mut cmd, _dir) = dipkg();
    cmd.args(["query", "timelin"]).assert().code(2).stderr(
        contains("no saved query named \"timelin\"").and(contains("did you mean timeline")),
    );
}

#[test]
fn inline_query_over_user_data_in_every_results_format() {
    let dir = tempdir();
    let data = write(dir.path(), "small.ttl", SMALL);
    let query = "SELECT ?name ?s WHERE { ?s <http://example.org/name> ?name }";
    let run = |format: &str| {
        dipkg_in(dir.path())
            .arg("--data")
            .arg(&data)
            .args(["query", "-e", query, "--format", format])
            .output()
            .expect("runs")
    };
    let csv = run("csv");
    assert!(csv.status.success());
    assert_eq!(
        String::from_utf8_lossy(&csv.stdout),
        "name,s\r\nKyrgyzstan,http://example.org/kg\r\n"
    );
    let tsv = run("tsv");
    assert_eq!(
        String::from_utf8_lossy(&tsv.stdout),
        "?name\t?s\n\"Kyrgyzstan\"\t<http://example.org/kg>\n"
    );
    let json: serde_json::Value =
        serde_json::from_slice(&run("json").stdout).expect("valid JSON results");
    assert_eq!(json["head"]["vars"], serde_json::json!(["name", "s"]));
    assert_eq!(
        json["results"]["bindings"][0]["s"],
        serde_json::json!({"type": "uri", "value": "http://example.org/kg"})
    );
    let xml = String::from_utf8(run("xml").stdout).expect("UTF-8");
    assert!(
        xml.contains("<variable name=\"name\"/><variable name=\"s\"/>"),
        "{xml}"
    );
    let table = String::from_utf8(run("table").stdout).expect("UTF-8");
    assert_eq!(
        table,
        "name        s\n----------  -----\nKyrgyzstan  ex:kg\n"
    );
}

#[test]
fn ask_and_construct_answers() {
    let dir = tempdir();
    let data = write(dir.path(), "small.ttl", SMALL);
    dipkg_in(dir.path())
        .arg("--data")
        .arg(&data)
        .args([
            "query",
            "-e",
            "ASK { ?s ?p \"Kyrgyzstan\" }",
            "--format",
            "json",
        ])
        .assert()
        .success()
        .stdout(contains("\"boolean\":true"));
    dipkg_in(dir.path())
        .arg("--data")
        .arg(&data)
        .args([
            "query",
            "-e",
            "CONSTRUCT { ?s <http://schema.org/name> ?n } WHERE { ?s <http://example.org/name> ?n }",
        ])
        .assert()
        .success()
        .stdout(contains("ex:kg schema:name \"Kyrgyzstan\""));
    dipkg_in(dir.path())
        .arg("--data")
        .arg(&data)
        .args(["query", "-e", "ASK {}", "--format", "turtle"])
        .assert()
        .code(2)
        .stderr(contains("CONSTRUCT and DESCRIBE"));
}

#[test]
fn query_from_file_and_stdin() {
    let dir = tempdir();
    let data = write(dir.path(), "small.ttl", SMALL);
    let file = write(
        dir.path(),
        "q.rq",
        "SELECT ?n WHERE { ?s <http://example.org/name> ?n }",
    );
    dipkg_in(dir.path())
        .arg("--data")
        .arg(&data)
        .args(["query", "--format", "csv"])
        .arg(&file)
        .assert()
        .success()
        .stdout("n\r\nKyrgyzstan\r\n");
    dipkg_in(dir.path())
        .arg("--data")
        .arg(&data)
        .args(["--no-ontology", "query", "-", "--format", "csv"])
        .write_stdin("SELECT (COUNT(*) AS ?c) WHERE { ?s ?p ?o }")
        .assert()
        .success()
        .stdout("c\r\n4\r\n");
}

#[test]
fn sparql_syntax_error_names_query_and_position() {
    let dir = tempdir();
    let queries = dir.path().join("queries");
    write(
        &queries,
        "broken.rq",
        "#+ summary: broken\nSELECT ?x WHERE {\n  ?x ?y\n}\n",
    );
    dipkg_in(dir.path())
        .arg("--queries")
        .arg(&queries)
        .args(["query", "broken"])
        .assert()
        .code(1)
        .stderr(
            contains("query broken: SPARQL syntax error")
                .and(predicates::str::is_match(r"error at \d+:\d+").expect("valid regex")),
        );
}

#[test]
fn typed_queries_see_the_ontology_prefixes_and_saved_ones_do_not() {
    // The README's example: schema: is declared by the shipped ontology.
    let (mut cmd, _dir) = dipkg();
    let out = cmd
        .args(["query", "--infer", "rdfs", "--format", "csv"])
        .args(["-e", "SELECT ?x { ?x a schema:Event } ORDER BY ?x LIMIT 1"])
        .output()
        .expect("runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("https://w3id.org/dipkg/id/event/"));
    // A saved query must declare what it uses, so other tools can run it too.
    let dir = tempdir();
    let queries = dir.path().join("queries");
    write(&queries, "bare.rq", "SELECT ?x { ?x a schema:Event }\n");
    dipkg_in(dir.path())
        .arg("--queries")
        .arg(&queries)
        .args(["query", "bare"])
        .assert()
        .code(1)
        .stderr(contains("undeclared prefix schema:"));
}

#[test]
fn a_syntax_error_is_one_readable_line() {
    let (mut cmd, _dir) = dipkg();
    let out = cmd
        .args(["query", "-e", "SELECT ?x { ?x a nope:Event }"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        stderr.contains("error at 1:") && stderr.contains("undeclared prefix nope:"),
        "{stderr}"
    );
    assert!(!stderr.contains("\\u{"), "no Unicode ranges: {stderr}");
    let (mut cmd, _dir) = dipkg();
    let out = cmd
        .args(["query", "-e", "SELECT ?x { ?x a <http://schema.org/Event> "])
        .output()
        .expect("runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.contains("expected one of"), "{stderr}");
}

#[test]
fn malformed_data_reports_file_line_column_and_loads_nothing() {
    let dir = tempdir();
    let data = dir.path().join("data");
    write(&data, "a-good.ttl", SMALL);
    write(
        &data,
        "b-bad.ttl",
        "@prefix ex: <http://example.org/> .\nex:a ex:b ex:c .\nex:a ex:b \"open .\n",
    );
    dipkg_in(dir.path())
        .arg("--data")
        .arg(&data)
        .args([
            "query",
            "-e",
            "SELECT * WHERE { ?s ?p ?o }",
            "--format",
            "csv",
        ])
        .assert()
        .code(1)
        .stdout("")
        .stderr(contains("b-bad.ttl:3:").and(contains("dipkg: ")));
}

#[test]
fn unknown_extension_and_missing_file() {
    let dir = tempdir();
    let path = write(dir.path(), "notes.txt2", "hello");
    dipkg_in(dir.path())
        .arg("--data")
        .arg(&path)
        .args(["export"])
        .assert()
        .code(1)
        .stderr(contains("unknown RDF format"));
    dipkg_in(dir.path())
        .args(["--data", "does-not-exist.ttl", "export"])
        .assert()
        .code(1)
        .stderr(contains("cannot read does-not-exist.ttl"));
}

#[test]
fn parameters_are_typed_and_checked() {
    let dir = tempdir();
    let data = write(dir.path(), "small.ttl", SMALL);
    let queries = dir.path().join("queries");
    write(
        &queries,
        "by-date.rq",
        "#+ summary: Things on a date\n\
         PREFIX ex: <http://example.org/>\n\
         SELECT ?s WHERE { ?s ex:date ?_day_xsd_date }\n",
    );
    write(
        &queries,
        "by-name.rq",
        "#+ summary: Things by name\nSELECT ?s ?__n WHERE { ?s <http://example.org/name> ?o FILTER(!BOUND(?__n) || ?o = ?__n) }\n",
    );
    let base = || {
        let mut cmd = dipkg_in(dir.path());
        cmd.arg("--data").arg(&data).arg("--queries").arg(&queries);
        cmd
    };
    base()
        .args([
            "query",
            "by-date",
            "-p",
            "day=1991-12-24",
            "--format",
            "csv",
        ])
        .assert()
        .success()
        .stdout("s\r\nhttp://example.org/rel\r\n");
    base()
        .args(["query", "by-date", "--format", "csv"])
        .assert()
        .code(2)
        .stderr(contains("missing required parameter day (xsd:date)"));
    base()
        .args(["query", "by-date", "-p", "day=24.12.1991"])
        .assert()
        .code(2)
        .stderr(contains("parameter day").and(contains("not a valid xsd:date")));
    base()
        .args([
            "query",
            "by-date",
            "-p",
            "day=1991-12-24",
            "-p",
            "colour=red",
        ])
        .assert()
        .code(2)
        .stderr(contains("unknown parameter colour: this query takes day"));
    // A hostile value is one string literal: it matches nothing and drops nothing.
    base()
        .args([
            "query",
            "by-name",
            "-p",
            "n=x\" } ; DROP ALL ; #",
            "--format",
            "csv",
        ])
        .assert()
        .success()
        .stdout("s,__n\r\n");
    base()
        .args(["query", "by-name", "-p", "n=Kyrgyzstan", "--format", "tsv"])
        .assert()
        .success()
        .stdout("?s\t?__n\n<http://example.org/kg>\t\"Kyrgyzstan\"\n");
    // Optional and not given: the variable stays free.
    base()
        .args(["query", "by-name", "--format", "csv"])
        .assert()
        .success()
        .stdout("s,__n\r\nhttp://example.org/kg,\r\n");
}

#[test]
fn queries_lists_names_summaries_and_parameters() {
    let dir = tempdir();
    let queries = dir.path().join("queries");
    write(
        &queries,
        "zz-by-year.rq",
        "#+ summary: Things in a year\n#+ defaults:\n#+   - year: 2018\n#+ enumerate:\n#+   - year:\n#+     - 2018\n#+     - 2019\nSELECT ?s WHERE { ?s ?p ?_year_xsd_gYear }\n",
    );
    dipkg_in(dir.path())
        .arg("--queries")
        .arg(&queries)
        .arg("queries")
        .assert()
        .success()
        .stdout(contains("zz-by-year").and(contains(
            "--param year=<xsd:gYear> (optional, default 2018) one of: 2018, 2019",
        )));
    let out = dipkg_in(dir.path())
        .arg("--queries")
        .arg(&queries)
        .args(["queries", "--format", "json"])
        .output()
        .expect("runs");
    let list: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let entry = list
        .as_array()
        .and_then(|a| a.iter().find(|q| q["name"] == "zz-by-year"))
        .expect("listed");
    assert_eq!(entry["params"][0]["type"], "xsd:gYear");
    assert_eq!(entry["params"][0]["default"], "2018");
    dipkg_in(dir.path())
        .arg("--queries")
        .arg(&queries)
        .args(["query", "zz-by-year", "-p", "year=2020"])
        .assert()
        .code(2)
        .stderr(contains("not one of 2018, 2019"));
}

#[test]
fn output_file_is_written_whole() {
    let dir = tempdir();
    let data = write(dir.path(), "small.ttl", SMALL);
    let out = dir.path().join("out.csv");
    dipkg_in(dir.path())
        .arg("--data")
        .arg(&data)
        .args([
            "query",
            "-e",
            "SELECT ?n WHERE { ?s <http://example.org/name> ?n }",
            "-o",
        ])
        .arg(&out)
        .assert()
        .success()
        .stdout("");
    // Not a terminal: TSV by default.
    assert_eq!(
        std::fs::read_to_string(&out).expect("written"),
        "?n\n\"Kyrgyzstan\"\n"
    );
}

#[test]
fn broken_pipe_exits_quietly() {
    let dir = tempdir();
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("dipkg"))
        .current_dir(dir.path())
        .args(["export", "--format", "ntriples"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("starts");
    let stdout = child.stdout.take().expect("piped");
    let mut first = String::new();
    BufReader::new(stdout)
        .read_line(&mut first)
        .expect("one line");
    // The reader is dropped here, like `head -1` exiting.
    let output = child.wait_with_output().expect("ends");
    assert!(first.ends_with(" .\n"), "{first}");
    assert!(output.status.success(), "{output:?}");
    assert_eq!(String::from_utf8_lossy(&output.stderr), "");
}

#[test]
fn works_from_any_directory() {
    // The shipped files are embedded: an empty working directory changes nothing.
    let (mut cmd, _dir) = dipkg();
    cmd.args(["query", "diplomatic-relations", "--format", "csv"])
        .assert()
        .success()
        .stdout(contains("1991-12-24"));
}
