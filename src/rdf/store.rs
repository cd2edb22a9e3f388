//! Builds the store that every command reads: the shipped files embedded at build
//! time, or the user's files and folders. Everything is parsed before anything is
//! inserted, so a syntax error in the tenth file leaves no half-loaded dataset for
//! a query to run on.
//!
//! Triples of a triple format go into a named graph derived from the file's path
//! relative to what was named (`GRAPH_BASE` + that path, so `data/events.ttl`
//! becomes `https://w3id.org/dipkg/graph/data/events.ttl`); quads keep their own
//! graph, and the default graph of a TriG or N-Quads file is treated like triples.

use crate::error::{Error, Result};
use crate::rdf::embedded;
use crate::rdf::persistent;
use crate::rdf::prefixes::Prefixes;
use oxigraph::io::{RdfFormat, RdfParser, RdfSyntaxError};
use oxigraph::model::{
    GraphName, LiteralRef, NamedNode, NamedNodeRef, Quad, QuadRef, Term, TermRef,
};
use oxigraph::store::Store;
use std::fs;
use std::path::{Path, PathBuf};

pub use crate::rdf::files::{
    DESCRIPTION_FILE, GRAPH_BASE, KEPT_APART, SHAPES_FILE, format_for_extension,
};

/// One RDF document to load: where it came from, its graph path and its bytes.
#[derive(Debug, Clone)]
pub struct Document {
    /// The name shown in errors: the path as the user gave it, or the shipped path.
    pub display: String,
    /// The path that names its graph (relative to the folder or crate root).
    pub graph_path: String,
    /// The file's content.
    pub bytes: Vec<u8>,
    /// The format, from the extension.
    pub format: RdfFormat,
}

/// What the store is built from.
#[derive(Debug, Clone, Default)]
pub struct Sources {
    /// Replace the shipped `data/` by these files and folders (empty: shipped data).
    pub data: Vec<PathBuf>,
    /// Load these files and folders beside the data (shipped or `data`).
    pub add: Vec<PathBuf>,
    /// Leave the shipped ontology out.
    pub no_ontology: bool,
    /// The format of `-` (standard input) in `data`, and of files named without a known extension.
    pub data_format: Option<RdfFormat>,
    /// Read this persistent store (a folder) instead of loading files into memory.
    pub store: Option<PathBuf>,
}

/// A loaded store with the prefixes its ontology declares.
pub struct Dataset {
    /// The Oxigraph store (in memory).
    pub store: Store,
    /// Prefixes for shortening IRIs in tables and Turtle output.
    pub prefixes: Prefixes,
    /// The lock that keeps writers off a persistent store while this dataset reads it.
    pub lock: Option<std::sync::Arc<persistent::StoreLock>>,
}

/// The named graph that holds the triples of a file at `graph_path`.
pub fn graph_for_path(graph_path: &str) -> NamedNode {
    NamedNode::new_unchecked(crate::rdf::files::graph_iri_for_path(graph_path))
}

/// The shipped ontology files, embedded at build time (without the shapes,
/// the dataset description and the JSON-LD context).
pub fn shipped_ontology() -> Vec<Document> {
    let mut documents = embedded(crate::rdf::embedded::ONTOLOGY);
    documents.retain(|d| !KEPT_APART.contains(&d.graph_path.as_str()));
    documents
}

/// The curated part of the dataset description, embedded at build time.
pub fn shipped_description() -> Vec<Document> {
    let mut documents = embedded(crate::rdf::embedded::ONTOLOGY);
    documents.retain(|d| d.graph_path == DESCRIPTION_FILE);
    documents
}

/// The shipped SHACL shapes, embedded at build time.
pub fn shipped_shapes() -> Vec<Document> {
    let mut documents = embedded(crate::rdf::embedded::ONTOLOGY);
    documents.retain(|d| d.graph_path == SHAPES_FILE);
    documents
}

/// The shipped data files, embedded at build time.
pub fn shipped_data() -> Vec<Document> {
    embedded(crate::rdf::embedded::DATA)
}

fn embedded(files: &[(&str, &str)]) -> Vec<Document> {
    files
        .iter()
        .filter_map(|(path, text)| {
            let format = format_for_extension(Path::new(path).extension()?.to_str()?)?;
            Some(Document {
                display: (*path).to_owned(),
                graph_path: (*path).to_owned(),
                bytes: text.as_bytes().to_vec(),
                format,
            })
        })
        .collect()
}

/// Reads a file or, recursively, a folder of RDF files. In a folder, files with
/// other extensions and hidden files are skipped, and links to folders are not
/// followed (so a link loop cannot make the walk endless); a file named on its
/// own must have a known extension. Files may be compressed (`.gz`, `.bz2`,
/// `.zst`: the graph is named without that suffix).
pub fn read_path(path: &Path) -> Result<Vec<Document>> {
    read_paths(std::slice::from_ref(&path.to_owned()))
}

/// Reads the RDF files of several paths as [`read_path`] does, each file once
/// however many ways it is reached (a link, a folder named twice).
pub fn read_paths(paths: &[PathBuf]) -> Result<Vec<Document>> {
    read_paths_as(paths, None)
}

/// [`read_paths`], with `-` for standard input and `format` for it (TriG when
/// not given) or for a file named on its own, overriding its extension.
pub fn read_paths_as(paths: &[PathBuf], format: Option<RdfFormat>) -> Result<Vec<Document>> {
    rdf_files(paths, format)?
        .into_iter()
        .map(|found| read_document(&found.path, found.graph_path, found.format))
        .collect()
}

/// The files that loading `paths` reads, as canonical paths (to tell whether an
/// output would overwrite one of them).
pub fn loaded_files(paths: &[PathBuf]) -> Result<Vec<PathBuf>> {
    Ok(rdf_files(paths, None)?
        .into_iter()
        .filter(|f| f.path.as_os_str() != "-")
        .map(|f| f.canonical)
        .collect())
}

/// An RDF file found below a path the user named.
struct Found {
    path: PathBuf,
    canonical: PathBuf,
    graph_path: String,
    format: RdfFormat,
}

fn rdf_files(paths: &[PathBuf], format: Option<RdfFormat>) -> Result<Vec<Found>> {
    let io = |path: &Path| {
        let path = path.to_owned();
        move |source| Error::Io { path, source }
    };
    let mut seen = std::collections::HashSet::new();
    let mut found = Vec::new();
    for path in paths {
        if path.as_os_str() == "-" {
            if seen.insert(path.clone()) {
                found.push(Found {
                    path: path.clone(),
                    canonical: path.clone(),
                    graph_path: "stdin".to_owned(),
                    // TriG reads Turtle and N-Triples too.
                    format: format.unwrap_or(RdfFormat::TriG),
                });
            }
            continue;
        }
        let meta = fs::metadata(path).map_err(io(path))?;
        if meta.is_dir() {
            let mut files = Vec::new();
            walk(path, &mut files)?;
            files.sort();
            for file in files {
                let name = file
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default();
                let Some(format) = crate::rdf::read::format_of_name(&name) else {
                    continue;
                };
                let relative = file
                    .strip_prefix(path)
                    .unwrap_or(&file)
                    .to_string_lossy()
                    .replace('\\', "/");
                let relative = crate::rdf::read::compression_of(&relative).0.to_owned();
                let canonical = fs::canonicalize(&file).map_err(io(&file))?;
                if seen.insert(canonical.clone()) {
                    found.push(Found {
                        path: file,
                        canonical,
                        graph_path: relative,
                        format,
                    });
                }
            }
        } else {
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let (inner, _) = crate::rdf::read::compression_of(&name);
            let format = match format {
                Some(format) => format,
                None => {
                    crate::rdf::read::format_of_name(&name).ok_or_else(|| Error::UnknownFormat {
                        path: path.display().to_string(),
                        extension: inner
                            .rsplit_once('.')
                            .map(|(_, e)| e)
                            .unwrap_or_default()
                            .to_owned(),
                    })?
                }
            };
            let name = inner.to_owned();
            let canonical = fs::canonicalize(path).map_err(io(path))?;
            if seen.insert(canonical.clone()) {
                found.push(Found {
                    path: path.clone(),
                    canonical,
                    graph_path: name,
                    format,
                });
            }
        }
    }
    Ok(found)
}

/// Collects the files below `dir`, skipping hidden entries and never following
/// a link to a folder (`Path::is_dir` would, and loop on `ln -s . x`).
fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> Result<()> {
    let entries = fs::read_dir(dir).map_err(|source| Error::Io {
        path: dir.to_owned(),
        source,
    })?;
    for entry in entries {
        let entry = entry.map_err(|source| Error::Io {
            path: dir.to_owned(),
            source,
        })?;
        let path = entry.path();
        if entry.file_name().to_string_lossy().starts_with('.') {
            continue;
        }
        let kind = entry.file_type().map_err(|source| Error::Io {
            path: path.clone(),
            source,
        })?;
        if kind.is_dir() {
            walk(&path, out)?;
        } else if kind.is_symlink() {
            // A link to a file is read (once, see `rdf_files`); a link to a folder is not followed.
            if fs::metadata(&path).is_ok_and(|m| m.is_file()) {
                out.push(path);
            }
        } else {
            out.push(path);
        }
    }
    Ok(())
}

fn read_document(path: &Path, graph_path: String, format: RdfFormat) -> Result<Document> {
    let (bytes, _) = crate::rdf::read::read_all(path, Some(format))?;
    let display = if path.as_os_str() == "-" {
        "standard input".to_owned()
    } else {
        path.display().to_string()
    };
    Ok(Document {
        display,
        graph_path,
        bytes,
        format,
    })
}

/// A parsed document: its quads and the prefixes it declared.
pub struct Parsed {
    /// The quads, triples placed in the document's graph.
    pub quads: Vec<Quad>,
    /// `(name, namespace)` pairs in declaration order.
    pub prefixes: Vec<(String, String)>,
}

/// Parses one document into quads, triples going into the document's graph.
pub fn parse_document(document: &Document) -> Result<Parsed> {
    let graph = graph_for_path(&document.graph_path);
    let parser = RdfParser::from_format(document.format)
        .with_base_iri(graph.as_str())
        .map_err(|e| Error::BadFile {
            path: document.display.clone(),
            message: e.to_string(),
        })?
        .with_default_graph(GraphName::NamedNode(graph))
        // Blank nodes of different files are different nodes (RDF merge).
        .rename_blank_nodes();
    if document.format == RdfFormat::RdfXml {
        crate::rdf::read::check_rdf_xml(&document.bytes, &document.display)?;
    }
    let mut reader = parser.for_slice(&document.bytes);
    let mut quads = Vec::new();
    for quad in &mut reader {
        quads.push(quad.map_err(|e| parse_error(&document.display, e))?);
    }
    let mut prefixes: Vec<(String, String)> = reader
        .prefixes()
        .map(|(name, iri)| (name.to_owned(), iri.to_owned()))
        .collect();
    // The parser keeps prefixes in a hash map; sort them so loads are repeatable.
    prefixes.sort();
    Ok(Parsed { quads, prefixes })
}

/// A syntax error as ours: the file, line and column first.
pub(crate) fn parse_error(display: &str, error: RdfSyntaxError) -> Error {
    match error.location() {
        Some(location) => Error::Syntax {
            path: display.to_owned(),
            line: location.start.line + 1,
            column: location.start.column + 1,
            message: strip_position(&error.to_string()),
        },
        None => Error::BadFile {
            path: display.to_owned(),
            message: error.to_string(),
        },
    }
}

/// Oxttl's messages start with their own position; ours goes first, once.
fn strip_position(message: &str) -> String {
    match message.split_once(": ") {
        Some((head, rest)) if head.contains("line") || head.contains("column") => rest.to_owned(),
        _ => message.to_owned(),
    }
}

/// The prefixes the shipped ontology declares, for tools to shorten IRIs with.
pub fn shipped_prefixes() -> Prefixes {
    let mut prefixes = Prefixes::default();
    prefixes.extend(pairs(embedded::ONTOLOGY_PREFIXES));
    prefixes
}

/// Opens the store in `dir` for reading as a [`Dataset`], with the shipped prefixes.
pub fn open_dataset(dir: &Path) -> Result<Dataset> {
    open_dataset_as(dir, persistent::Access::Read)
}

/// Opens the store in `dir` as a [`Dataset`] with the access asked for.
pub fn open_dataset_as(dir: &Path, access: persistent::Access) -> Result<Dataset> {
    let (store, lock) = persistent::open(dir, access)?;
    // The prefixes of the shipped ontology and data, as the in-memory dataset has them.
    let mut prefixes = shipped_prefixes();
    prefixes.extend(
        crate::rdf::embedded::DATA_PREFIXES
            .iter()
            .map(|(name, iri)| ((*name).to_owned(), (*iri).to_owned())),
    );
    Ok(Dataset {
        store,
        prefixes,
        lock: Some(std::sync::Arc::new(lock)),
    })
}

/// The graph of the statements dipkg derives when loading.
pub const DERIVED_GRAPH: &str = "https://w3id.org/dipkg/graph/derived";

/// Derives the entity-level shortcut `dkg:statedIn` from the statement level:
/// each subject of a graph that `prov:wasDerivedFrom` a citation, and each
/// resource of ours its statements point to, is `dkg:statedIn` that
/// citation, in [`DERIVED_GRAPH`]. The data never types
/// it by hand, so it cannot disagree with the graphs.
pub fn derive_stated_in(store: &Store) -> Result<()> {
    let derived_from = NamedNodeRef::new_unchecked("http://www.w3.org/ns/prov#wasDerivedFrom");
    let stated_in = NamedNodeRef::new_unchecked("https://w3id.org/dipkg/ontology#statedIn");
    let target = NamedNodeRef::new_unchecked(DERIVED_GRAPH);
    let citations = format!("{}citation/", crate::vocab::DKR);
    let mut derived = Vec::new();
    for quad in store.quads_for_pattern(None, Some(derived_from), None, None) {
        let quad = quad?;
        let (oxigraph::model::NamedOrBlankNode::NamedNode(graph), TermRef::NamedNode(citation)) =
            (&quad.subject, quad.object.as_ref())
        else {
            continue;
        };
        if !citation.as_str().starts_with(&citations) {
            continue;
        }
        for inner in store.quads_for_pattern(None, None, None, Some(graph.as_ref().into())) {
            let inner = inner?;
            derived.push(Quad::new(
                inner.subject,
                stated_in,
                citation.into_owned(),
                target,
            ));
            // A resource of ours that a statement points to is named by the
            // same words (the person who took part, the state a party).
            if let Term::NamedNode(object) = inner.object {
                if object.as_str().starts_with(crate::vocab::DKR) {
                    derived.push(Quad::new(object, stated_in, citation.into_owned(), target));
                }
            }
        }
    }
    store.extend(derived)?;
    Ok(())
}

/// Builds the in-memory dataset from shipped or user files, all or nothing; or,
/// with `sources.store`, opens that persistent store for reading.
pub fn load(sources: &Sources) -> Result<Dataset> {
    if let Some(dir) = &sources.store {
        if !sources.data.is_empty() || !sources.add.is_empty() || sources.no_ontology {
            return Err(Error::Usage(
                "--store reads the store as it is: add files to it with `dipkg load FILE… --store DIR`, not --data, --add or --no-ontology".into(),
            ));
        }
        return open_dataset(dir);
    }
    let paths: Vec<PathBuf> = sources.data.iter().chain(&sources.add).cloned().collect();
    let documents = read_paths_as(&paths, sources.data_format)?;
    // User files are parsed before anything is inserted.
    let mut user_quads = Vec::new();
    let mut user_prefixes = Vec::new();
    for document in &documents {
        let parsed = parse_document(document)?;
        user_quads.extend(parsed.quads);
        user_prefixes.extend(parsed.prefixes);
    }
    let store = Store::new()?;
    let mut prefixes = Prefixes::default();
    {
        let mut transaction = store.start_transaction()?;
        if !sources.no_ontology {
            insert_table(&mut transaction, embedded::ONTOLOGY_QUADS);
            prefixes.extend(pairs(embedded::ONTOLOGY_PREFIXES));
        }
        if sources.data.is_empty() {
            insert_table(&mut transaction, embedded::DATA_QUADS);
            prefixes.extend(pairs(embedded::DATA_PREFIXES));
        }
        for quad in &user_quads {
            transaction.insert(quad);
        }
        transaction.commit()?;
    }
    prefixes.extend(user_prefixes);
    derive_stated_in(&store)?;
    Ok(Dataset {
        store,
        prefixes,
        lock: None,
    })
}

fn pairs(table: &[(&str, &str)]) -> Vec<(String, String)> {
    table
        .iter()
        .map(|(n, i)| ((*n).to_owned(), (*i).to_owned()))
        .collect()
}

/// Inserts quads that `build.rs` parsed from the shipped files.
fn insert_table(transaction: &mut oxigraph::store::Transaction<'_>, table: &[[u32; 6]]) {
    let text = |i: u32| embedded::STRINGS[i as usize];
    for &[subject, predicate, kind, object, extra, graph] in table {
        let object: TermRef<'_> = match kind {
            0 => NamedNodeRef::new_unchecked(text(object)).into(),
            1 => LiteralRef::new_simple_literal(text(object)).into(),
            2 => {
                LiteralRef::new_language_tagged_literal_unchecked(text(object), text(extra)).into()
            }
            _ => LiteralRef::new_typed_literal(
                text(object),
                NamedNodeRef::new_unchecked(text(extra)),
            )
            .into(),
        };
        transaction.insert(QuadRef::new(
            NamedNodeRef::new_unchecked(text(subject)),
            NamedNodeRef::new_unchecked(text(predicate)),
            object,
            NamedNodeRef::new_unchecked(text(graph)),
        ));
    }
}

/// Parses every document, then inserts them; the first `prefix_sources` documents
/// supply the prefixes (the ontology's), the rest only add prefixes not yet known.
pub fn load_documents(documents: &[Document], prefix_sources: usize) -> Result<Dataset> {
    let mut all = Vec::new();
    let mut prefixes = Prefixes::default();
    let mut later = Vec::new();
    for (i, document) in documents.iter().enumerate() {
        let Parsed {
            quads,
            prefixes: declared,
        } = parse_document(document)?;
        all.extend(quads);
        if i < prefix_sources {
            prefixes.extend(declared);
        } else {
            later.extend(declared);
        }
    }
    prefixes.extend(later);
    let store = Store::new()?;
    store.extend(all)?;
    derive_stated_in(&store)?;
    Ok(Dataset {
        store,
        prefixes,
        lock: None,
    })
}
