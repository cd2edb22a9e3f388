//! Which files dipkg reads as RDF and which named graph each one's triples go
//! into. Shared, through `#[path]`, with `build.rs`, which parses the shipped
//! files at build time and must name their graphs exactly as loading does.

use oxrdfio::RdfFormat;

/// The IRI every file-derived graph name starts with.
pub const GRAPH_BASE: &str = "https://w3id.org/dipkg/graph/";

/// The shipped SHACL shapes; they describe the data and are not part of it.
pub const SHAPES_FILE: &str = "ontology/shapes.ttl";

/// The curated part of the dataset's VoID/DCAT description.
pub const DESCRIPTION_FILE: &str = "ontology/dataset.ttl";

/// The JSON-LD context, a JSON document rather than data.
pub const CONTEXT_FILE: &str = "ontology/context.jsonld";

/// Shipped `ontology/` files that describe the data but are not part of it.
pub const KEPT_APART: &[&str] = &[SHAPES_FILE, DESCRIPTION_FILE, CONTEXT_FILE];

/// Maps a file extension to the RDF format dipkg reads it as.
pub fn format_for_extension(extension: &str) -> Option<RdfFormat> {
    match extension.to_ascii_lowercase().as_str() {
        "ttl" => Some(RdfFormat::Turtle),
        "nt" => Some(RdfFormat::NTriples),
        "nq" => Some(RdfFormat::NQuads),
        "trig" => Some(RdfFormat::TriG),
        // `.owl` files are RDF/XML by the OWL 2 convention (OWL/XML is not RDF).
        "rdf" | "owl" | "xml" => Some(RdfFormat::RdfXml),
        "jsonld" => RdfFormat::from_extension("jsonld"),
        _ => None,
    }
}

/// The graph of the ontology's files, whatever they are called.
pub const ONTOLOGY_GRAPH: &str = "https://w3id.org/dipkg/graph/ontology";

/// The IRI of the named graph that holds the triples of the file at `graph_path`.
/// The ontology's files (below `ontology/`) share [`ONTOLOGY_GRAPH`], so
/// renaming or splitting one renames no graph; the shipped data is TriG and
/// names its graphs itself; any other file's triples get a graph named after
/// its path.
pub fn graph_iri_for_path(graph_path: &str) -> String {
    if graph_path.starts_with("ontology/") {
        return ONTOLOGY_GRAPH.to_owned();
    }
    let mut iri = String::from(GRAPH_BASE);
    for c in graph_path.chars() {
        // Keep the IRI valid whatever the file is called.
        if c.is_ascii_alphanumeric() || "-._~/!$&'()*+,;=:@".contains(c) {
            iri.push(c);
        } else {
            let mut buf = [0; 4];
            for byte in c.encode_utf8(&mut buf).bytes() {
                iri.push_str(&format!("%{byte:02X}"));
            }
        }
    }
    iri
}
