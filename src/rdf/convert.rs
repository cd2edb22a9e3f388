//! `dipkg convert`: the named files only, from one RDF syntax to another, as
//! riot does, without the shipped ontology or data. Triples stay triples
//! (the default graph, not a graph named after the file, as loading puts
//! them), quads keep their graph; the output goes through the same
//! deterministic writer as `export`. `--check` parses and writes nothing, as
//! `riot --validate` does.

use crate::error::Result;
use crate::rdf::prefixes::Prefixes;
use crate::rdf::store::{self, graph_for_path};
use oxigraph::model::{GraphName, Quad};
use std::path::PathBuf;

/// The quads of the files, in order, and the prefixes they declare (the
/// first file's binding of a name wins).
pub fn read(paths: &[PathBuf]) -> Result<(Vec<Quad>, Prefixes)> {
    let mut quads = Vec::new();
    let mut declared = Vec::new();
    for path in paths {
        for document in store::read_path(path)? {
            let own = GraphName::NamedNode(graph_for_path(&document.graph_path));
            let parsed = store::parse_document(&document)?;
            quads.extend(parsed.quads.into_iter().map(|mut quad| {
                if quad.graph_name == own {
                    quad.graph_name = GraphName::DefaultGraph;
                }
                quad
            }));
            declared.extend(parsed.prefixes);
        }
    }
    let mut prefixes = Prefixes::default();
    prefixes.extend(declared);
    Ok((quads, prefixes))
}
