//! The dataset's VoID and DCAT 3 description: the curated part
//! (`ontology/dataset.ttl`: titles, licence, creator, dates) plus everything
//! that can be counted, computed from the data on every call so it can never
//! drift from it: size, entities, class and property partitions, the
//! vocabularies used, one linkset per target and link predicate, one
//! distribution per dump format, and the version (the crate's).

use crate::error::Result;
use crate::rdf::store;
use crate::vocab::{INFERRED_GRAPH, RDF_TYPE};

const RDFS_SUB_CLASS_OF: &str = "http://www.w3.org/2000/01/rdf-schema#subClassOf";
use oxigraph::model::vocab::{rdf, xsd};
use oxigraph::model::{GraphName, Literal, NamedNode, NamedOrBlankNode, Quad, Term};
use oxigraph::store::Store;
use std::collections::{BTreeMap, BTreeSet, HashSet};

/// The dataset's IRI.
pub const DATASET: &str = "https://w3id.org/dipkg/dataset";
/// The namespace of our resources (`void:uriSpace`).
pub const URI_SPACE: &str = "https://w3id.org/dipkg/id/";
/// Where the dumps are published, one file per format.
pub const DUMPS: &str = "https://w3id.org/dipkg/dumps/dipkg";
/// The graph the description is written into when exported with the data.
pub const DESCRIPTION_GRAPH: &str = "https://w3id.org/dipkg/graph/description";

const VOID: &str = "http://rdfs.org/ns/void#";
const DCAT: &str = "http://www.w3.org/ns/dcat#";
const DCTERMS: &str = "http://purl.org/dc/terms/";

/// A dump format: file extension, media type, and the format's W3C IRI.
pub const DUMP_FORMATS: &[(&str, &str, &str)] = &[
    ("ttl", "text/turtle", "http://www.w3.org/ns/formats/Turtle"),
    (
        "nt",
        "application/n-triples",
        "http://www.w3.org/ns/formats/N-Triples",
    ),
    (
        "nq",
        "application/n-quads",
        "http://www.w3.org/ns/formats/N-Quads",
    ),
    (
        "trig",
        "application/trig",
        "http://www.w3.org/ns/formats/TriG",
    ),
    (
        "rdf",
        "application/rdf+xml",
        "http://www.w3.org/ns/formats/RDF_XML",
    ),
    (
        "jsonld",
        "application/ld+json",
        "http://www.w3.org/ns/formats/JSON-LD",
    ),
];

/// The other datasets we link to: name, the namespace of their items, and
/// the IRI that stands for the dataset.
pub const LINK_TARGETS: &[(&str, &str, &str)] = &[
    (
        "wikidata",
        "http://www.wikidata.org/entity/",
        "https://www.wikidata.org/",
    ),
    (
        "dbpedia",
        "http://dbpedia.org/resource/",
        "https://dbpedia.org/",
    ),
    (
        "geonames",
        "https://sws.geonames.org/",
        "https://www.geonames.org/",
    ),
];

/// What the description counts, kept for tests and summaries.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Counts {
    /// Distinct triples of the dataset (the union of its graphs).
    pub triples: usize,
    /// Distinct IRIs in [`URI_SPACE`] that are subjects.
    pub entities: usize,
    /// Distinct subjects.
    pub distinct_subjects: usize,
    /// Distinct objects.
    pub distinct_objects: usize,
    /// Entities per class: distinct subjects typed with it or with one of its
    /// subclasses (`rdfs:subClassOf*` as the data states it), as VoID's
    /// class partition holds every entity of the class.
    pub classes: BTreeMap<String, usize>,
    /// Triples per property.
    pub properties: BTreeMap<String, usize>,
    /// Links per (target name, link predicate).
    pub linksets: BTreeMap<(String, String), usize>,
    /// Namespaces of the properties and classes used.
    pub vocabularies: BTreeSet<String>,
}

/// Counts the dataset: every graph but the inferred one.
pub fn count(store: &Store) -> Result<Counts> {
    let mut triples = HashSet::new();
    for quad in store.iter() {
        let quad = quad?;
        if matches!(&quad.graph_name, GraphName::NamedNode(g) if g.as_str() == INFERRED_GRAPH || g.as_str() == DESCRIPTION_GRAPH)
        {
            continue;
        }
        triples.insert((quad.subject, quad.predicate, quad.object));
    }
    let mut counts = Counts {
        triples: triples.len(),
        ..Counts::default()
    };
    let mut subjects = HashSet::new();
    let mut objects = HashSet::new();
    let mut typed: BTreeMap<String, HashSet<&NamedOrBlankNode>> = BTreeMap::new();
    for (subject, predicate, object) in &triples {
        subjects.insert(subject);
        objects.insert(object);
        *counts
            .properties
            .entry(predicate.as_str().to_owned())
            .or_default() += 1;
        counts
            .vocabularies
            .insert(namespace(predicate.as_str()).to_owned());
        if predicate.as_str() == RDF_TYPE {
            if let Term::NamedNode(class) = object {
                typed
                    .entry(class.as_str().to_owned())
                    .or_default()
                    .insert(subject);
                counts
                    .vocabularies
                    .insert(namespace(class.as_str()).to_owned());
            }
        }
        if let Term::NamedNode(target) = object {
            for (name, items, _) in LINK_TARGETS {
                if target.as_str().starts_with(items) && is_link(predicate.as_str()) {
                    *counts
                        .linksets
                        .entry(((*name).to_owned(), predicate.as_str().to_owned()))
                        .or_default() += 1;
                }
            }
        }
    }
    counts.distinct_subjects = subjects.len();
    counts.distinct_objects = objects.len();
    counts.entities = subjects
        .iter()
        .filter(
            |s| matches!(s, NamedOrBlankNode::NamedNode(n) if n.as_str().starts_with(URI_SPACE)),
        )
        .count();
    let supers = superclasses(&triples);
    let mut members: BTreeMap<String, HashSet<&NamedOrBlankNode>> = BTreeMap::new();
    for (class, subjects) in &typed {
        for above in supers.get(class).into_iter().flatten().chain([class]) {
            members
                .entry(above.clone())
                .or_default()
                .extend(subjects.iter().copied());
        }
    }
    // Only classes something is typed with directly or through a subclass
    // that has members; a superclass of nothing typed stays out.
    counts.classes = members.into_iter().map(|(c, s)| (c, s.len())).collect();
    Ok(counts)
}

/// Each class's superclasses (transitively, without itself), from the
/// `rdfs:subClassOf` statements among `triples`.
fn superclasses(
    triples: &HashSet<(NamedOrBlankNode, NamedNode, Term)>,
) -> BTreeMap<String, BTreeSet<String>> {
    let mut direct: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (subject, predicate, object) in triples {
        if let (NamedOrBlankNode::NamedNode(sub), Term::NamedNode(sup)) = (subject, object) {
            if predicate.as_str() == RDFS_SUB_CLASS_OF && sub != sup {
                direct
                    .entry(sub.as_str().to_owned())
                    .or_default()
                    .insert(sup.as_str().to_owned());
            }
        }
    }
    let mut all = BTreeMap::new();
    for class in direct.keys() {
        let mut seen = BTreeSet::new();
        let mut todo: Vec<&String> = direct[class].iter().collect();
        while let Some(c) = todo.pop() {
            if c != class && seen.insert(c.clone()) {
                todo.extend(direct.get(c).into_iter().flatten());
            }
        }
        all.insert(class.clone(), seen);
    }
    all
}

/// The predicates that link our resources to other datasets' items.
fn is_link(predicate: &str) -> bool {
    [
        crate::vocab::OWL_SAME_AS,
        crate::vocab::SCHEMA_SAME_AS,
        crate::vocab::SKOS_EXACT_MATCH,
        crate::vocab::SKOS_CLOSE_MATCH,
        crate::vocab::DKG_UNVERIFIED_LINK,
    ]
    .contains(&predicate)
}

/// A short name for a namespace without a prefix: its last path segment that
/// is not a version (`http://xmlns.com/foaf/0.1/` is `foaf`, not `1`), or
/// the host's name without its top-level domain.
fn namespace_name(ns: &str) -> &str {
    let path = ns.split_once("://").map_or(ns, |(_, rest)| rest);
    let mut segments = path.split(['/', '#']).filter(|s| !s.is_empty());
    let host = segments.next().unwrap_or(path);
    let is_version = |s: &&str| {
        s.trim_start_matches(['v', 'V'])
            .chars()
            .all(|c| c.is_ascii_digit() || c == '.')
    };
    match segments.rev().find(|s| !is_version(s)) {
        Some(segment) => segment,
        None => {
            let parts: Vec<&str> = host.split('.').collect();
            parts.len().checked_sub(2).map_or(host, |i| parts[i])
        }
    }
}

/// The namespace of an IRI: up to its last `#` or `/`.
fn namespace(iri: &str) -> &str {
    iri.rfind(['#', '/']).map_or(iri, |i| &iri[..=i])
}

/// The description's statements and the prefixes to write them with.
#[derive(Debug, Clone)]
pub struct Description {
    /// The statements, in [`DESCRIPTION_GRAPH`].
    pub quads: Vec<Quad>,
    /// The curated file's prefixes (void:, dcat:, …).
    pub prefixes: Vec<(String, String)>,
}

/// The whole description: the curated file plus the computed statements, in
/// [`DESCRIPTION_GRAPH`].
pub fn describe(store: &Store) -> Result<Description> {
    let counts = count(store)?;
    let graph = GraphName::NamedNode(NamedNode::new_unchecked(DESCRIPTION_GRAPH));
    let mut quads = Vec::new();
    let mut prefixes = Vec::new();
    for document in store::shipped_description() {
        let parsed = store::parse_document(&document)?;
        prefixes.extend(parsed.prefixes);
        for quad in parsed.quads {
            quads.push(Quad::new(
                quad.subject,
                quad.predicate,
                quad.object,
                graph.clone(),
            ));
        }
    }
    let iri = |s: &str| NamedNode::new_unchecked(s);
    let dataset = iri(DATASET);
    let mut add = |s: &NamedNode, p: String, o: Term| {
        quads.push(Quad::new(s.clone(), iri(&p), o, graph.clone()));
    };
    let int = |n: usize| Term::from(Literal::new_typed_literal(n.to_string(), xsd::INTEGER));
    let version = env!("CARGO_PKG_VERSION");
    add(
        &dataset,
        format!("{DCAT}version"),
        Literal::new_simple_literal(version).into(),
    );
    add(&dataset, format!("{VOID}triples"), int(counts.triples));
    add(&dataset, format!("{VOID}entities"), int(counts.entities));
    add(
        &dataset,
        format!("{VOID}distinctSubjects"),
        int(counts.distinct_subjects),
    );
    add(
        &dataset,
        format!("{VOID}distinctObjects"),
        int(counts.distinct_objects),
    );
    add(
        &dataset,
        format!("{VOID}properties"),
        int(counts.properties.len()),
    );
    add(
        &dataset,
        format!("{VOID}classes"),
        int(counts.classes.len()),
    );
    for namespace in &counts.vocabularies {
        add(&dataset, format!("{VOID}vocabulary"), iri(namespace).into());
    }
    for (class, entities) in &counts.classes {
        let part = iri(&format!("{DATASET}#class-{}", fragment(class)));
        add(
            &dataset,
            format!("{VOID}classPartition"),
            part.clone().into(),
        );
        add(&part, format!("{VOID}class"), iri(class).into());
        add(&part, format!("{VOID}entities"), int(*entities));
    }
    for (property, triples) in &counts.properties {
        let part = iri(&format!("{DATASET}#property-{}", fragment(property)));
        add(
            &dataset,
            format!("{VOID}propertyPartition"),
            part.clone().into(),
        );
        add(&part, format!("{VOID}property"), iri(property).into());
        add(&part, format!("{VOID}triples"), int(*triples));
    }
    for ((target, predicate), links) in &counts.linksets {
        let (_, _, target_iri) = LINK_TARGETS
            .iter()
            .find(|(name, _, _)| name == target)
            .copied()
            .unwrap_or_default();
        let linkset = iri(&format!("{DATASET}#links-{target}-{}", fragment(predicate)));
        add(&dataset, format!("{VOID}subset"), linkset.clone().into());
        add(
            &linkset,
            rdf::TYPE.as_str().to_owned(),
            iri(&format!("{VOID}Linkset")).into(),
        );
        add(
            &linkset,
            format!("{VOID}subjectsTarget"),
            dataset.clone().into(),
        );
        add(
            &linkset,
            format!("{VOID}objectsTarget"),
            iri(target_iri).into(),
        );
        add(
            &linkset,
            format!("{VOID}linkPredicate"),
            iri(predicate).into(),
        );
        add(&linkset, format!("{VOID}triples"), int(*links));
    }
    for (extension, media_type, format) in DUMP_FORMATS {
        let url = iri(&format!("{DUMPS}.{extension}"));
        let distribution = iri(&format!("{DATASET}#dump-{extension}"));
        add(
            &dataset,
            format!("{DCAT}distribution"),
            distribution.clone().into(),
        );
        add(&dataset, format!("{VOID}dataDump"), url.clone().into());
        add(
            &distribution,
            rdf::TYPE.as_str().to_owned(),
            iri(&format!("{DCAT}Distribution")).into(),
        );
        add(&distribution, format!("{DCAT}downloadURL"), url.into());
        add(
            &distribution,
            format!("{DCAT}mediaType"),
            iri(&format!(
                "https://www.iana.org/assignments/media-types/{media_type}"
            ))
            .into(),
        );
        add(
            &distribution,
            format!("{DCTERMS}format"),
            iri(format).into(),
        );
        add(
            &distribution,
            format!("{DCTERMS}license"),
            iri("https://creativecommons.org/licenses/by/4.0/").into(),
        );
    }
    // The coded events as an event table (`dipkg events`), beside the dumps.
    let table = iri(&format!("{DATASET}#events-csv"));
    let url = iri(&format!("{DUMPS}-events.csv"));
    add(
        &dataset,
        format!("{DCAT}distribution"),
        table.clone().into(),
    );
    add(
        &table,
        rdf::TYPE.as_str().to_owned(),
        iri(&format!("{DCAT}Distribution")).into(),
    );
    add(
        &table,
        format!("{DCTERMS}title"),
        Literal::new_language_tagged_literal_unchecked(
            "The coded events as an event table: one row per directed CAMEO coding, with PLOVER types (dipkg events)",
            "en",
        )
        .into(),
    );
    add(&table, format!("{DCAT}downloadURL"), url.into());
    add(
        &table,
        format!("{DCAT}mediaType"),
        iri("https://www.iana.org/assignments/media-types/text/csv").into(),
    );
    add(
        &table,
        format!("{DCTERMS}license"),
        iri("https://creativecommons.org/licenses/by/4.0/").into(),
    );
    Ok(Description { quads, prefixes })
}

/// Adds the SPARQL endpoint at `url` to `description`: `void:sparqlEndpoint`,
/// and a DCAT data service the dataset names as its `dcat:accessService`.
pub fn add_endpoint(description: &mut Description, url: &str) {
    let graph = GraphName::NamedNode(NamedNode::new_unchecked(DESCRIPTION_GRAPH));
    let iri = |s: String| NamedNode::new_unchecked(s);
    let dataset = iri(DATASET.to_owned());
    let service = iri(format!("{DATASET}#sparql-service"));
    let endpoint = iri(url.to_owned());
    let mut add = |s: &NamedNode, p: String, o: Term| {
        description
            .quads
            .push(Quad::new(s.clone(), iri(p), o, graph.clone()));
    };
    add(
        &dataset,
        format!("{VOID}sparqlEndpoint"),
        endpoint.clone().into(),
    );
    add(
        &dataset,
        format!("{DCAT}accessService"),
        service.clone().into(),
    );
    add(
        &service,
        rdf::TYPE.as_str().to_owned(),
        iri(format!("{DCAT}DataService")).into(),
    );
    add(&service, format!("{DCAT}endpointURL"), endpoint.into());
    add(
        &service,
        format!("{DCAT}servesDataset"),
        dataset.clone().into(),
    );
    add(
        &service,
        format!("{DCTERMS}conformsTo"),
        iri("https://www.w3.org/TR/sparql11-protocol/".to_owned()).into(),
    );
    add(
        &service,
        format!("{DCTERMS}title"),
        Literal::new_language_tagged_literal_unchecked("dipkg SPARQL 1.1 endpoint", "en").into(),
    );
}

/// A readable fragment for a term: its prefixed name with `-` for `:`
/// (`dkg-Treaty`), from the shipped prefixes; other IRIs by their last two
/// path segments. Characters unsafe in a fragment become `_`.
fn fragment(iri: &str) -> String {
    let prefixes = store::shipped_prefixes();
    let named = prefixes
        .iter()
        .filter(|(_, ns)| iri.len() > ns.len() && iri.starts_with(ns))
        .max_by_key(|(_, ns)| ns.len())
        .map(|(name, ns)| format!("{name}-{}", &iri[ns.len()..]));
    let text = named.unwrap_or_else(|| {
        let local = iri.rsplit(['#', '/']).next().unwrap_or(iri);
        format!("{}-{local}", namespace_name(namespace(iri)))
    });
    text.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' {
                c
            } else {
                '_'
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::namespace_name;

    #[test]
    fn a_namespace_without_a_prefix_is_named_by_its_last_segment_that_is_not_a_version() {
        assert_eq!(namespace_name("http://xmlns.com/foaf/0.1/"), "foaf");
        assert_eq!(namespace_name("http://purl.org/dc/terms/"), "terms");
        assert_eq!(namespace_name("http://schema.org/"), "schema");
        assert_eq!(namespace_name("https://example.org/v2/"), "example");
        assert_eq!(namespace_name("http://www.w3.org/ns/org#"), "org");
    }
}
