//! `dipkg export`: every format parses back to the same data, and the bytes are
//! the same however the input was ordered.

use crate::util::{dipkg, dipkg_in, tempdir, write};
use dipkg::rdf::store::{self, Document, Sources};
use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::{GraphName, Quad};
use predicates::str::contains;
use std::collections::BTreeSet;

const FORMATS: [(&str, &str); 6] = [
    ("turtle", "ttl"),
    ("ntriples", "nt"),
    ("nquads", "nq"),
    ("trig", "trig"),
    ("rdfxml", "rdf"),
    ("jsonld", "jsonld"),
];

fn export(format: &str) -> Vec<u8> {
    let (mut cmd, _dir) = dipkg();
    let out = cmd
        .args(["export", "--format", format])
        .output()
        .expect("runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

fn parse(bytes: &[u8], extension: &str) -> BTreeSet<String> {
    let format = store::format_for_extension(extension).expect("known format");
    RdfParser::from_format(format)
        .for_slice(bytes)
        .map(|q| q.expect("exported RDF parses").to_string())
        .collect()
}

/// The quads of the shipped files as the parser reads them, without a store in
/// between: export must write what the files say, not what a store made of it.
fn shipped(keep_graphs: bool) -> BTreeSet<String> {
    let mut documents = store::shipped_ontology();
    documents.extend(store::shipped_data());
    documents
        .iter()
        .flat_map(|d| store::parse_document(d).expect("shipped files parse").quads)
        .map(|mut q: Quad| {
            if !keep_graphs {
                q.graph_name = GraphName::DefaultGraph;
            }
            q.to_string()
        })
        .collect()
}

#[test]
fn every_format_round_trips_to_the_shipped_dataset() {
    // The shipped data has no blank nodes, so isomorphism is equality of quad sets.
    let quads = shipped(true);
    let triples = shipped(false);
    assert!(
        !quads.iter().any(|q| q.contains("_:")),
        "shipped data must stay free of blank nodes"
    );
    for (format, extension) in FORMATS {
        let mut parsed = parse(&export(format), extension);
        let expected = if dipkg::rdf::export::is_quad_format(
            store::format_for_extension(extension).expect("known"),
        ) {
            &quads
        } else {
            &triples
        };
        // dkg:statedIn is derived when loading (graph/derived), never in the files.
        parsed.retain(|q| {
            expected.contains(q)
                || !(q.ends_with(&format!("<{}> .", store::DERIVED_GRAPH))
                    || q.contains(" <https://w3id.org/dipkg/ontology#statedIn> "))
        });
        assert_eq!(&parsed, expected, "{format} does not round-trip");
    }
}

#[test]
fn turtle_and_trig_are_byte_stable() {
    for format in ["turtle", "trig"] {
        assert_eq!(
            export(format),
            export(format),
            "{format} differs between runs"
        );
    }
}

#[test]
fn output_does_not_depend_on_input_order() {
    let a = Document {
        display: "a.ttl".into(),
        graph_path: "x.ttl".into(),
        bytes: b"<http://e/s> <http://e/p> <http://e/o1> , <http://e/o2> . <http://e/a> a <http://e/C> .".to_vec(),
        format: RdfFormat::Turtle,
    };
    let b = Document {
        bytes: b"<http://e/a> a <http://e/C> . <http://e/s> <http://e/p> <http://e/o2> , <http://e/o1> .".to_vec(),
        ..a.clone()
    };
    let write = |doc: Document| {
        let dataset = store::load_documents(&[doc], 0).expect("loads");
        let quads = dipkg::rdf::export::quads(&dataset.store, None).expect("reads");
        let mut out = Vec::new();
        dipkg::rdf::export::write_quads(quads, RdfFormat::Turtle, &dataset.prefixes, &mut out)
            .expect("writes");
        out
    };
    assert_eq!(write(a), write(b));
}

#[test]
fn turtle_declares_only_used_prefixes_and_sorts_subjects() {
    let text = String::from_utf8(export("turtle")).expect("UTF-8");
    let declared: Vec<&str> = text
        .lines()
        .filter_map(|l| l.strip_prefix("@prefix "))
        .filter_map(|l| l.split(':').next())
        .collect();
    assert!(!declared.is_empty());
    let body: String = text
        .lines()
        .filter(|l| !l.starts_with("@prefix"))
        .collect::<Vec<_>>()
        .join("\n");
    for prefix in &declared {
        assert!(
            body.contains(&format!("{prefix}:")),
            "prefix {prefix} declared but unused"
        );
    }
    let subjects: Vec<&str> = text
        .lines()
        .filter(|l| !l.starts_with('@') && !l.starts_with('\t') && !l.is_empty())
        .map(|l| l.split(' ').next().unwrap_or_default())
        .collect();
    assert!(subjects.len() > 10);
}

#[test]
fn export_one_graph_and_unknown_graph() {
    let graph = "https://w3id.org/dipkg/graph/citations";
    let (mut cmd, _dir) = dipkg();
    cmd.args(["export", "--format", "nquads", "--graph", graph])
        .assert()
        .success()
        .stdout(contains(format!("<{graph}> .")));
    let (mut cmd, _dir) = dipkg();
    cmd.args(["export", "--graph", "https://example.org/none"])
        .assert()
        .code(2)
        .stderr(contains("no graph named <https://example.org/none>"));
    let (mut cmd, _dir) = dipkg();
    cmd.args(["export", "--graph", "not an iri"])
        .assert()
        .code(2)
        .stderr(contains("is not an IRI"));
}

#[test]
fn user_data_with_blank_nodes_exports_stably() {
    let dir = tempdir();
    let data = write(
        dir.path(),
        "b.ttl",
        "@prefix ex: <http://example.org/> .\nex:a ex:p [ ex:q 1 ], [ ex:q 2 ] .\n",
    );
    let run = || {
        dipkg_in(dir.path())
            .arg("--no-ontology")
            .arg("--data")
            .arg(&data)
            .args(["export", "--format", "turtle"])
            .output()
            .expect("runs")
            .stdout
    };
    let first = run();
    assert_eq!(first, run());
    let text = String::from_utf8(first).expect("UTF-8");
    assert!(
        text.starts_with("@prefix ex: <http://example.org/> .\n"),
        "{text}"
    );
    assert_eq!(parse(text.as_bytes(), "ttl").len(), 4);
}

#[test]
fn prebuilt_tables_equal_parsing_the_shipped_files() {
    // build.rs parses the shipped files into tables; the runtime parser must agree.
    let set = |dataset: &dipkg::rdf::store::Dataset| -> BTreeSet<String> {
        dataset
            .store
            .iter()
            .map(|q| q.expect("readable").to_string())
            .collect()
    };
    let ontology = store::shipped_ontology();
    let mut documents = ontology.clone();
    documents.extend(store::shipped_data());
    let parsed = store::load_documents(&documents, ontology.len()).expect("shipped files parse");
    let prebuilt = store::load(&Sources::default()).expect("tables load");
    assert_eq!(set(&parsed), set(&prebuilt));
    assert_eq!(parsed.prefixes, prebuilt.prefixes);
    let data_only = store::load_documents(&store::shipped_data(), 0).expect("data parses");
    let prebuilt = store::load(&Sources {
        no_ontology: true,
        ..Sources::default()
    })
    .expect("tables load");
    assert_eq!(set(&data_only), set(&prebuilt));
    assert_eq!(data_only.prefixes, prebuilt.prefixes);
}

/// Exports the whole dataset as `all.jsonld` and `all.nq` into a new folder.
fn jsonld_and_nquads() -> tempfile::TempDir {
    let dir = crate::util::tempdir();
    for (format, file) in [("jsonld", "all.jsonld"), ("nquads", "all.nq")] {
        let (mut cmd, _d) = crate::util::dipkg();
        cmd.args(["export", "--format", format, "-o"])
            .arg(dir.path().join(file));
        crate::util::success_stdout(&mut cmd);
    }
    dir
}

/// The JSON-LD export is compacted with the shipped context and pretty-printed.
#[test]
fn jsonld_is_compact_and_readable() {
    let dir = jsonld_and_nquads();
    let text = std::fs::read_to_string(dir.path().join("all.jsonld")).expect("written");
    assert!(
        text.starts_with("{\n  \"@context\": {"),
        "pretty, context first"
    );
    assert!(text.contains("\"@id\": \"state:turkey\""), "compact IRIs");
    assert!(!text.contains("\"@id\": \"https://w3id.org/dipkg/id/"));
}

/// rdflib (an independent JSON-LD processor) reads back from the JSON-LD
/// export exactly the quads of the N-Quads export.
#[test]
#[cfg_attr(
    not(dipkg_tool = "python"),
    ignore = "set DIPKG_TEST_PYTHON to a Python with rdflib, pySHACL, owlrl (README: Two commands) to run it"
)]
fn jsonld_is_isomorphic_to_nquads_for_rdflib() {
    let dir = jsonld_and_nquads();
    let Some(python) = crate::util::test_python("rdflib") else {
        return;
    };
    let script = r#"
import sys
from rdflib import Dataset
def quads(path, fmt):
    d = Dataset()
    d.parse(path, format=fmt)
    return {(s, p, o, g.identifier if hasattr(g, "identifier") else g) for s, p, o, g in d.quads((None, None, None, None))}
a = quads(sys.argv[1], "json-ld")
b = quads(sys.argv[2], "nquads")
print(len(a), len(b), len(a - b), len(b - a))
for q in sorted(a ^ b)[:5]:
    print(q)
"#;
    let out = std::process::Command::new(&python)
        .arg("-c")
        .arg(script)
        .arg(dir.path().join("all.jsonld"))
        .arg(dir.path().join("all.nq"))
        .output()
        .expect("python runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let counts: Vec<&str> = stdout
        .lines()
        .next()
        .unwrap_or_default()
        .split(' ')
        .collect();
    assert!(
        counts.len() == 4 && counts[0] == counts[1] && counts[2] == "0" && counts[3] == "0",
        "rdflib: {stdout}"
    );
    assert!(
        counts[0].parse::<usize>().is_ok_and(|n| n > 1000),
        "{stdout}"
    );
}
