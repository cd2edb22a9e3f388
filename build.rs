//! Embeds the shipped `ontology/`, `data/` and `queries/` into the binary, so an
//! installed `dipkg` answers from any directory without finding its source tree.
//!
//! Two forms are generated. The files' text (`ONTOLOGY`, `DATA`, `QUERIES`), for
//! the shapes, the saved queries and anyone who wants the documents. And the
//! shipped dataset already parsed (by Oxigraph's own parsers, here at build time)
//! into a table of quads over a string table: answering a saved question is the
//! main job, and half of its time went into parsing the same Turtle on every run.
//! A shipped file that does not parse fails the build with its path and position.

#[path = "src/rdf/files.rs"]
mod files;

use files::{KEPT_APART, format_for_extension, graph_iri_for_path};
use oxrdfio::RdfParser;
use std::collections::HashMap;
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect(&path, out);
        } else if path.is_file() {
            out.push(path);
        }
    }
}

/// Interns strings so the table stores each IRI once.
#[derive(Default)]
struct Strings {
    index: HashMap<String, u32>,
    list: Vec<String>,
}

impl Strings {
    fn id(&mut self, s: &str) -> u32 {
        if let Some(id) = self.index.get(s) {
            return *id;
        }
        let id = u32::try_from(self.list.len()).expect("fewer than 4 billion strings");
        self.index.insert(s.to_owned(), id);
        self.list.push(s.to_owned());
        id
    }
}

/// Object kinds in the quad table.
const IRI: u32 = 0;
const SIMPLE: u32 = 1;
const LANG: u32 = 2;
const TYPED: u32 = 3;

/// Parses the shipped RDF files and appends `[s, p, kind, o, extra, g]` rows.
fn parse_files(
    root: &Path,
    files: &[PathBuf],
    strings: &mut Strings,
    prefixes: &mut Vec<(String, String)>,
) -> Vec<[u32; 6]> {
    let mut rows = Vec::new();
    for file in files {
        let relative = relative(root, file);
        if KEPT_APART.contains(&relative.as_str()) {
            continue;
        }
        let Some(format) = relative
            .rsplit_once('.')
            .and_then(|(_, e)| format_for_extension(e))
        else {
            continue;
        };
        let graph = graph_iri_for_path(&relative);
        let bytes = fs::read(file).expect("shipped file is readable");
        let mut parser = RdfParser::from_format(format)
            .with_base_iri(graph.as_str())
            .expect("the graph IRI is a valid base")
            .with_default_graph(oxrdf::NamedNode::new_unchecked(graph.clone()))
            .for_slice(&bytes);
        for quad in &mut parser {
            let quad = quad.unwrap_or_else(|e| {
                let at = e
                    .location()
                    .map(|l| format!("{}:{}", l.start.line + 1, l.start.column + 1))
                    .unwrap_or_default();
                panic!("{relative}:{at}: {e}")
            });
            let subject = match &quad.subject {
                oxrdf::NamedOrBlankNode::NamedNode(n) => strings.id(n.as_str()),
                other => panic!(
                    "{relative}: blank node {other} in the shipped data; give it an IRI so exports stay byte-stable"
                ),
            };
            let (kind, object, extra) = match &quad.object {
                oxrdf::Term::NamedNode(n) => (IRI, strings.id(n.as_str()), 0),
                oxrdf::Term::Literal(l) => {
                    let value = strings.id(l.value());
                    if let Some(language) = l.language() {
                        (LANG, value, strings.id(language))
                    } else if l.datatype().as_str() == "http://www.w3.org/2001/XMLSchema#string" {
                        (SIMPLE, value, 0)
                    } else {
                        (TYPED, value, strings.id(l.datatype().as_str()))
                    }
                }
                other => panic!(
                    "{relative}: {other} in the shipped data; give blank nodes IRIs so exports stay byte-stable"
                ),
            };
            let graph = match &quad.graph_name {
                oxrdf::GraphName::NamedNode(n) => strings.id(n.as_str()),
                other => panic!("{relative}: graph {other} must be named by an IRI"),
            };
            rows.push([
                subject,
                strings.id(quad.predicate.as_str()),
                kind,
                object,
                extra,
                graph,
            ]);
        }
        // Sorted as `store::parse_document` sorts them: the parser's map has no order.
        let mut declared: Vec<(&str, &str)> = parser.prefixes().collect();
        declared.sort();
        for (name, iri) in declared {
            if !iri.is_empty() && !prefixes.iter().any(|(n, i)| n == name || i == iri) {
                prefixes.push((name.to_owned(), iri.to_owned()));
            }
        }
    }
    rows
}

fn relative(root: &Path, file: &Path) -> String {
    file.strip_prefix(root)
        .expect("collected below the root")
        .to_string_lossy()
        .replace('\\', "/")
}

/// The cross-checks' tools, one `cfg(dipkg_tool = "…")` each, set when the
/// tool's variable is (or under CI, where a missing tool must fail, not skip).
/// libtest has no runtime "skipped": a test that returns early counts as
/// passed. So a cross-check whose tool is missing is compiled
/// `#[ignore = "set …"]`, and `cargo test` prints `N ignored` and the test's
/// name with what to set, in its normal output.
fn test_tools() {
    let tools = [
        ("python", "DIPKG_TEST_PYTHON"),
        ("virtuoso", "DIPKG_TEST_VIRTUOSO"),
        ("chromium", "DIPKG_TEST_CHROMIUM"),
        ("apache", "DIPKG_TEST_APACHE"),
        ("roqet", "DIPKG_TEST_ROQET"),
    ];
    let names: Vec<String> = tools.iter().map(|(t, _)| format!("{t:?}")).collect();
    println!(
        "cargo::rustc-check-cfg=cfg(dipkg_tool, values({}))",
        names.join(", ")
    );
    println!("cargo:rerun-if-env-changed=CI");
    let set = |var: &str| std::env::var(var).is_ok_and(|v| !v.is_empty());
    let ci = std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "false");
    for (tool, var) in tools {
        println!("cargo:rerun-if-env-changed={var}");
        if ci || set(var) {
            println!("cargo::rustc-cfg=dipkg_tool={tool:?}");
        }
    }
}

fn main() {
    test_tools();
    let root = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("set by cargo"));
    let out_dir = PathBuf::from(std::env::var("OUT_DIR").expect("set by cargo"));
    let mut generated = String::from("// Generated by build.rs: do not edit.\n");
    let mut files_of = HashMap::new();
    for (name, folder) in [
        ("ONTOLOGY", "ontology"),
        ("DATA", "data"),
        ("QUERIES", "queries"),
    ] {
        let dir = root.join(folder);
        // Cargo scans a watched folder recursively, so added files are seen too.
        println!("cargo:rerun-if-changed={}", dir.display());
        let mut files = Vec::new();
        collect(&dir, &mut files);
        files.sort();
        let _ = writeln!(
            generated,
            "/// The shipped `{folder}/` files: path relative to the crate root, and text.\n\
             pub static {name}: &[(&str, &str)] = &["
        );
        for file in &files {
            let _ = writeln!(
                generated,
                "    ({:?}, include_str!({:?})),",
                relative(&root, file),
                file.display().to_string()
            );
        }
        generated.push_str("];\n");
        files_of.insert(folder, files);
    }

    let mut strings = Strings::default();
    let mut ontology_prefixes = Vec::new();
    let mut data_prefixes = Vec::new();
    let ontology = parse_files(
        &root,
        &files_of["ontology"],
        &mut strings,
        &mut ontology_prefixes,
    );
    let data = parse_files(&root, &files_of["data"], &mut strings, &mut data_prefixes);
    generated
        .push_str("/// Strings the quad tables point into.\npub static STRINGS: &[&str] = &[\n");
    for s in &strings.list {
        let _ = writeln!(generated, "    {s:?},");
    }
    generated.push_str("];\n");
    for (name, rows) in [("ONTOLOGY_QUADS", &ontology), ("DATA_QUADS", &data)] {
        let _ = writeln!(
            generated,
            "/// Parsed quads as `[subject, predicate, object kind, object, datatype or language, graph]`.\n\
             pub static {name}: &[[u32; 6]] = &["
        );
        for row in rows {
            let _ = writeln!(generated, "    {row:?},");
        }
        generated.push_str("];\n");
    }
    for (name, prefixes) in [
        ("ONTOLOGY_PREFIXES", &ontology_prefixes),
        ("DATA_PREFIXES", &data_prefixes),
    ] {
        let _ = writeln!(
            generated,
            "/// The prefixes these shipped files declare, first binding kept.\n\
             pub static {name}: &[(&str, &str)] = &["
        );
        for (prefix, iri) in prefixes {
            let _ = writeln!(generated, "    ({prefix:?}, {iri:?}),");
        }
        generated.push_str("];\n");
    }
    fs::write(out_dir.join("embedded.rs"), generated).expect("OUT_DIR is writable");
}
