//! Sources as the graph describes them: each once, with its title, publisher,
//! language, dates, licence, media type and the SHA-256 and length of its text;
//! a value nobody knows is said to be unknown (`dkg:notKnown`), never guessed.
//! A source's text need not live beside the data: it is found by its hash in
//! the source folders.

use crate::error::{Error, Result};
use crate::source::text::Text;
use crate::sparql::query;
use oxigraph::model::{Literal, NamedNode, Term};
use oxigraph::store::Store;
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Where dipkg's source IRIs live: `source/NAME`.
pub const SOURCE_BASE: &str = "https://w3id.org/dipkg/id/source/";
/// The graph that `dipkg sources add` writes descriptions into.
pub const SOURCES_GRAPH: &str = "https://w3id.org/dipkg/graph/sources";
/// The properties of a description, in the order they are listed.
pub const PROPERTIES: [(&str, &str); 10] = [
    ("title", "http://purl.org/dc/terms/title"),
    ("publisher", "http://purl.org/dc/terms/publisher"),
    ("url", "https://schema.org/url"),
    ("website", "https://schema.org/isPartOf"),
    ("language", "http://purl.org/dc/terms/language"),
    ("published", "http://purl.org/dc/terms/issued"),
    ("retrieved", "http://purl.org/pav/retrievedOn"),
    ("licence", "http://purl.org/dc/terms/license"),
    ("format", "http://purl.org/dc/terms/format"),
    ("sha256", "https://w3id.org/dipkg/ontology#sha256"),
];

/// One source as the graph describes it, with how much of the graph cites it.
#[derive(Debug, Clone, Serialize)]
pub struct SourceInfo {
    /// Its IRI.
    pub iri: String,
    /// Its short name: the end of a `source/NAME` IRI.
    pub name: String,
    /// Each described property (see [`PROPERTIES`]) and its value as text.
    pub values: BTreeMap<String, String>,
    /// The properties the graph says are not known.
    pub not_known: Vec<String>,
    /// Its length in Unicode scalar values, when known.
    pub length: Option<usize>,
    /// The file name its text was registered under, when known.
    pub file_name: Option<String>,
    /// How many citations point into it.
    pub citations: usize,
    /// How many statement graphs derive from those citations.
    pub facts: usize,
}

impl SourceInfo {
    /// The SHA-256 of its text, when the graph gives it.
    pub fn sha256(&self) -> Option<&str> {
        self.values.get("sha256").map(String::as_str)
    }
}

const LIST: &str = r#"
PREFIX dkg: <https://w3id.org/dipkg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?source ?p ?o WHERE {
  ?source a ?class . ?class rdfs:subClassOf* dkg:Source .
  FILTER (isIRI(?source))
  ?source ?p ?o .
}"#;

const COUNTS: &str = r#"
PREFIX oa: <http://www.w3.org/ns/oa#>
PREFIX prov: <http://www.w3.org/ns/prov#>
SELECT ?source (COUNT(DISTINCT ?citation) AS ?citations) (COUNT(DISTINCT ?graph) AS ?facts) WHERE {
  ?citation oa:hasSource ?source .
  # A fact is a graph derived from the citation alone: a graph that also
  # rests on another (a host state derived with Wikidata's help) is not.
  OPTIONAL {
    GRAPH ?any { ?graph prov:wasDerivedFrom ?citation }
    FILTER NOT EXISTS { GRAPH ?other { ?graph prov:wasDerivedFrom ?also } FILTER (?also != ?citation) }
  }
} GROUP BY ?source"#;

/// Every source the graph describes, by IRI.
pub fn list(store: &Store) -> Result<Vec<SourceInfo>> {
    let mut sources: BTreeMap<String, SourceInfo> = BTreeMap::new();
    let by_iri: BTreeMap<&str, &str> = PROPERTIES.iter().map(|(n, i)| (*i, *n)).collect();
    for row in query::select(store, "sources", LIST)? {
        let (Some(Term::NamedNode(source)), Some(Term::NamedNode(p)), Some(o)) =
            (&row[0], &row[1], &row[2])
        else {
            continue;
        };
        let info = sources
            .entry(source.as_str().to_owned())
            .or_insert_with(|| SourceInfo {
                iri: source.as_str().to_owned(),
                name: source
                    .as_str()
                    .strip_prefix(SOURCE_BASE)
                    .unwrap_or(source.as_str())
                    .to_owned(),
                values: BTreeMap::new(),
                not_known: Vec::new(),
                length: None,
                file_name: None,
                citations: 0,
                facts: 0,
            });
        let value = match o {
            // A language is shown as its code, whether the IRI or a literal names it.
            Term::NamedNode(n) if p.as_str() == LANGUAGE && n.as_str().starts_with(ISO_639_1) => {
                n.as_str()[ISO_639_1.len()..].to_owned()
            }
            Term::NamedNode(n) => n.as_str().to_owned(),
            Term::Literal(l) => l.value().to_owned(),
            _ => continue,
        };
        match p.as_str() {
            NOT_KNOWN => {
                let name = by_iri.get(value.as_str()).copied().unwrap_or(&value);
                info.not_known.push(name.to_owned());
            }
            TEXT_LENGTH => info.length = value.parse().ok(),
            FILE_NAME => info.file_name = Some(value),
            iri => {
                if let Some(name) = by_iri.get(iri) {
                    info.values.entry((*name).to_owned()).or_insert(value);
                }
            }
        }
    }
    for row in query::select(store, "source-counts", COUNTS)? {
        let count = |t: &Option<Term>| match t {
            Some(Term::Literal(l)) => l.value().parse().unwrap_or(0),
            _ => 0,
        };
        if let Some(Term::NamedNode(source)) = &row[0]
            && let Some(info) = sources.get_mut(source.as_str())
        {
            info.citations = count(&row[1]);
            info.facts = count(&row[2]);
        }
    }
    let mut out: Vec<SourceInfo> = sources.into_values().collect();
    for info in &mut out {
        info.not_known.sort();
        info.not_known.dedup();
    }
    Ok(out)
}

/// `dkg:notKnown`: a property of a source whose value nobody knows.
pub const NOT_KNOWN: &str = "https://w3id.org/dipkg/ontology#notKnown";
/// `dkg:textLength`: the length of a source's text in Unicode scalar values.
pub const TEXT_LENGTH: &str = "https://w3id.org/dipkg/ontology#textLength";
/// `dcterms:language`.
const LANGUAGE: &str = "http://purl.org/dc/terms/language";
/// `dkg:fileName`: the file name a source's text was registered under.
pub const FILE_NAME: &str = "https://w3id.org/dipkg/ontology#fileName";

/// The source a user names: a `source/NAME` IRI, its NAME, or a prefixed `source:NAME`.
pub fn find<'a>(sources: &'a [SourceInfo], name: &str) -> Result<&'a SourceInfo> {
    let bare = name
        .strip_prefix("source:")
        .or_else(|| name.strip_prefix(SOURCE_BASE))
        .unwrap_or(name);
    sources
        .iter()
        .find(|s| s.name == bare || s.iri == name)
        .ok_or_else(|| {
            let names: Vec<&str> = sources.iter().map(|s| s.name.as_str()).collect();
            Error::Usage(format!(
                "no source named {name:?}{}",
                closest(bare, &names)
                    .map(|c| format!("; did you mean {c}?"))
                    .unwrap_or_else(|| format!(" (sources: {})", names.join(", ")))
            ))
        })
}

fn closest<'a>(name: &str, names: &[&'a str]) -> Option<&'a str> {
    names
        .iter()
        .map(|n| (strsim::normalized_levenshtein(name, n), *n))
        .filter(|(score, _)| *score >= 0.5)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, n)| n)
}

/// The folders searched for source texts when none are given: `sources/` and
/// `../shared/source/` of the working folder, and of the checkout dipkg was built from.
pub fn default_dirs() -> Vec<PathBuf> {
    let built = Path::new(env!("CARGO_MANIFEST_DIR"));
    vec![
        PathBuf::from("sources"),
        PathBuf::from("../shared/source"),
        built.join("sources"),
        built.join("../shared/source"),
    ]
}

/// The most files a search for a text looks at, and how deep it goes.
const MAX_FILES: usize = 10_000;
const MAX_DEPTH: usize = 8;

/// Finds the text of a source in `dirs` by its hash (the registered file name
/// first), or says which source and which folders.
pub fn locate(info: &SourceInfo, dirs: &[PathBuf]) -> Result<(PathBuf, Text)> {
    let Some(sha256) = info.sha256() else {
        return Err(Error::Usage(format!(
            "source {}: the graph gives no sha256, so its text cannot be found",
            info.name
        )));
    };
    let mut files = Vec::new();
    for dir in dirs {
        walk(dir, 0, &mut files);
    }
    // The registered name first: most searches then hash one file.
    files.sort_by_key(|f| {
        Some(f.file_name()) != info.file_name.as_deref().map(|n| Some(n.as_ref()))
    });
    for file in files {
        let Ok(meta) = std::fs::metadata(&file) else {
            continue;
        };
        if meta.len() > crate::source::text::MAX_TEXT_BYTES {
            continue;
        }
        if let Ok(text) = Text::read(&file)
            && text.sha256 == sha256
        {
            return Ok((file, text));
        }
    }
    // A file under the registered name that hashes otherwise is a text that changed.
    let changed = info.file_name.as_deref().and_then(|name| {
        dirs.iter().map(|d| d.join(name)).find_map(|f| {
            let text = Text::read(&f).ok()?;
            Some(format!(
                "source {}: the text changed: {} has sha256 {}, the graph says {}",
                info.name,
                f.display(),
                &text.sha256[..12],
                &sha256[..sha256.len().min(12)]
            ))
        })
    });
    if let Some(message) = changed {
        return Err(Error::Data(message));
    }
    Err(Error::Data(format!(
        "source {}: no file with its sha256 ({}) in {} (give its folder with --sources DIR)",
        info.name,
        &sha256[..sha256.len().min(12)],
        dirs.iter()
            .map(|d| d.display().to_string())
            .collect::<Vec<_>>()
            .join(", ")
    )))
}

/// Collects regular files, never following links (a link loop cannot make it endless).
fn walk(dir: &Path, depth: usize, out: &mut Vec<PathBuf>) {
    if depth > MAX_DEPTH || out.len() >= MAX_FILES {
        return;
    }
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<_> = entries.flatten().collect();
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        let Ok(kind) = entry.file_type() else {
            continue;
        };
        if entry.file_name().to_string_lossy().starts_with('.') {
            continue;
        }
        if kind.is_dir() {
            walk(&entry.path(), depth + 1, out);
        } else if kind.is_file() && out.len() < MAX_FILES {
            out.push(entry.path());
        }
    }
}

/// What `dipkg sources add` is told about a new source.
#[derive(Debug, Clone, Default)]
pub struct NewSource {
    /// The short name (`source/NAME`); from the file name when not given.
    pub name: Option<String>,
    /// The title.
    pub title: String,
    /// The language, a BCP 47 tag.
    pub lang: String,
    /// The page's URL.
    pub url: Option<String>,
    /// The publisher: an IRI or a name.
    pub publisher: Option<String>,
    /// The publication date (YYYY, YYYY-MM or YYYY-MM-DD).
    pub published: Option<String>,
    /// The retrieval date (YYYY-MM-DD).
    pub retrieved: Option<String>,
    /// The licence's IRI.
    pub licence: Option<String>,
}

/// A short name from a file name: lower case, letters and digits, words joined by `-`.
pub fn slug(name: &str) -> String {
    let ascii = any_ascii::any_ascii(&name.to_lowercase());
    ascii
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join("-")
}

/// The TriG of a new source's description, checked against those already known:
/// refuses a text already registered (same sha256) and a name already taken.
pub fn describe(
    new: &NewSource,
    file: &Path,
    text: &Text,
    known: &[SourceInfo],
) -> Result<(String, String)> {
    let stem = file
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let name = new.name.clone().unwrap_or_else(|| slug(&stem));
    if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
        return Err(Error::Usage(format!(
            "source name {name:?}: use letters, digits and - (--name)"
        )));
    }
    if let Some(same) = known
        .iter()
        .find(|s| s.sha256() == Some(text.sha256.as_str()))
    {
        return Err(Error::Usage(format!(
            "{}: this text is already registered as source {} (same sha256)",
            file.display(),
            same.name
        )));
    }
    if known.iter().any(|s| s.name == name) {
        return Err(Error::Usage(format!(
            "source name {name:?} is already taken; choose another with --name"
        )));
    }
    if oxilangtag::LanguageTag::parse(new.lang.as_str()).is_err() {
        return Err(Error::Usage(format!(
            "--lang {:?} is not a BCP 47 language tag (e.g. en, ru, ky, tr)",
            new.lang
        )));
    }
    let iri = format!("{SOURCE_BASE}{name}");
    // Every resource has an English name: a title in another language is
    // romanised for it (the title itself keeps its language).
    let english = if new.lang.to_ascii_lowercase().starts_with("en") {
        new.title.clone()
    } else {
        any_ascii::any_ascii(&new.title)
    };
    let mut lines = vec![
        format!("<{iri}>"),
        "    a dkg:Source ;".to_owned(),
        format!("    rdfs:label {} ;", lang_literal(&english, "en")),
        format!("    skos:prefLabel {} ;", lang_literal(&english, "en")),
        format!(
            "    dcterms:title {} ;",
            lang_literal(&new.title, &new.lang)
        ),
        "    dcterms:format \"text/plain\" ;".to_owned(),
        format!("    dcterms:language {} ;", language_term(&new.lang)),
    ];
    let mut unknown = Vec::new();
    let mut optional = |property: &str, value: Option<String>, name: &str| match value {
        Some(v) => lines.push(format!("    {property} {v} ;")),
        None => unknown.push(name.to_owned()),
    };
    optional(
        "schema:url",
        new.url.as_deref().map(iri_term).transpose()?,
        "schema:url",
    );
    optional(
        "dcterms:publisher",
        new.publisher
            .as_deref()
            .map(|p| iri_term(p).unwrap_or_else(|_| Literal::new_simple_literal(p).to_string())),
        "dcterms:publisher",
    );
    optional(
        "dcterms:issued",
        new.published.as_deref().map(date_literal).transpose()?,
        "dcterms:issued",
    );
    optional(
        "pav:retrievedOn",
        new.retrieved.as_deref().map(date_literal).transpose()?,
        "pav:retrievedOn",
    );
    optional(
        "dcterms:license",
        new.licence.as_deref().map(iri_term).transpose()?,
        "dcterms:license",
    );
    lines.push(format!(
        "    dkg:fileName {} ;",
        Literal::new_simple_literal(
            file.file_name()
                .map(|f| f.to_string_lossy())
                .unwrap_or_default()
        )
    ));
    if !unknown.is_empty() {
        lines.push(format!("    dkg:notKnown {} ;", unknown.join(", ")));
    }
    lines.push(format!("    dkg:sha256 \"{}\" ;", text.sha256));
    lines.push(format!("    dkg:textLength {} .", text.chars));
    Ok((name, lines.join("\n")))
}

/// Where the Library of Congress names the ISO 639-1 languages, as DCAT and
/// Dublin Core expect a `dcterms:language` (an IRI, not a string).
pub const ISO_639_1: &str = "http://id.loc.gov/vocabulary/iso639-1/";

/// A language tag as the `dcterms:language` term: the ISO 639-1 IRI of its
/// primary subtag where it has two letters, else the tag as `xsd:language`.
fn language_term(tag: &str) -> String {
    let primary = tag.split('-').next().unwrap_or(tag).to_ascii_lowercase();
    if primary.len() == 2 && primary.bytes().all(|b| b.is_ascii_lowercase()) {
        format!("<{ISO_639_1}{primary}>")
    } else {
        Literal::new_typed_literal(tag, oxigraph::model::vocab::xsd::LANGUAGE).to_string()
    }
}

fn lang_literal(value: &str, lang: &str) -> String {
    Literal::new_language_tagged_literal(value, lang.to_ascii_lowercase())
        .map(|l| l.to_string())
        .unwrap_or_else(|_| Literal::new_simple_literal(value).to_string())
}

fn iri_term(value: &str) -> Result<String> {
    NamedNode::new(value)
        .map(|n| n.to_string())
        .map_err(|e| Error::Usage(format!("{value:?} is not an absolute IRI: {e}")))
}

fn date_literal(value: &str) -> Result<String> {
    let datatype = match value.len() {
        4 => "gYear",
        7 => "gYearMonth",
        _ => "date",
    };
    let ok = match datatype {
        "gYear" => value.parse::<oxsdatatypes::GYear>().is_ok(),
        "gYearMonth" => value.parse::<oxsdatatypes::GYearMonth>().is_ok(),
        _ => value.parse::<oxsdatatypes::Date>().is_ok(),
    };
    if !ok {
        return Err(Error::Usage(format!(
            "{value:?} is not a date: use YYYY, YYYY-MM or YYYY-MM-DD"
        )));
    }
    Ok(format!("\"{value}\"^^xsd:{datatype}"))
}

/// The header of a sources file that `dipkg sources add` creates.
pub const SOURCES_FILE_HEADER: &str =
    "# Sources registered with `dipkg sources add`: each described once, with the
# SHA-256 and length (in Unicode scalar values) of its text, by which dipkg finds
# the text in the source folders. A value nobody gave is dkg:notKnown.

@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix dkg: <https://w3id.org/dipkg/ontology#> .
@prefix graph: <https://w3id.org/dipkg/graph/> .
@prefix pav: <http://purl.org/pav/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix schema: <https://schema.org/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
";

/// The sources file with one more description: `existing` (empty for a new
/// file) keeps its graphs, and the new description goes in a graph of its own.
pub fn append(existing: &str, name: &str, description: &str) -> String {
    let mut out = if existing.trim().is_empty() {
        SOURCES_FILE_HEADER.to_owned()
    } else {
        existing.trim_end().to_owned() + "\n"
    };
    let indented: Vec<String> = description.lines().map(|l| format!("    {l}")).collect();
    out.push_str(&format!(
        "\n<{SOURCES_GRAPH}/{name}> {{\n{}\n}}\n",
        indented.join("\n")
    ));
    out
}
