//! The IRIs dipkg's code names, in one place: our own namespaces, and the
//! terms of other vocabularies that Oxigraph's `vocab` module does not carry.

/// Our ontology's namespace.
pub const DKG: &str = "https://w3id.org/dipkg/ontology#";
/// The namespace of our resources.
pub const DKR: &str = "https://w3id.org/dipkg/id/";
/// The graph `--infer` writes entailments into.
pub const INFERRED_GRAPH: &str = "https://w3id.org/dipkg/graph/inferred";
/// The graphs `dipkg link` writes its links into, one per source.
pub const GENERATED_GRAPHS: &str = "https://w3id.org/dipkg/graph/data/links/";
/// The IRI base of saved checks in validation reports.
pub const CHECK_BASE: &str = "https://w3id.org/dipkg/queries/";
/// Our annotation for a link that is likely but not yet checked.
pub const DKG_UNVERIFIED_LINK: &str = "https://w3id.org/dipkg/ontology#unverifiedLink";

/// The OWL namespace.
pub const OWL: &str = "http://www.w3.org/2002/07/owl#";
/// `owl:sameAs`.
pub const OWL_SAME_AS: &str = "http://www.w3.org/2002/07/owl#sameAs";
/// `schema:sameAs`: the shipped graph's identity link, which entails nothing.
pub const SCHEMA_SAME_AS: &str = "http://schema.org/sameAs";
/// `rdf:type`.
pub const RDF_TYPE: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type";
/// `rdfs:label`.
pub const RDFS_LABEL: &str = "http://www.w3.org/2000/01/rdf-schema#label";
/// `skos:prefLabel`.
pub const SKOS_PREF_LABEL: &str = "http://www.w3.org/2004/02/skos/core#prefLabel";
/// `skos:altLabel`.
pub const SKOS_ALT_LABEL: &str = "http://www.w3.org/2004/02/skos/core#altLabel";
/// `skos:closeMatch`.
pub const SKOS_CLOSE_MATCH: &str = "http://www.w3.org/2004/02/skos/core#closeMatch";
/// `skos:exactMatch`.
pub const SKOS_EXACT_MATCH: &str = "http://www.w3.org/2004/02/skos/core#exactMatch";
/// The SHACL namespace.
pub const SH: &str = "http://www.w3.org/ns/shacl#";
/// The XSD namespace.
pub const XSD: &str = "http://www.w3.org/2001/XMLSchema#";

/// Wikidata's items.
pub const WD: &str = "http://www.wikidata.org/entity/";
/// Wikidata's direct ("truthy") properties.
pub const WDT: &str = "http://www.wikidata.org/prop/direct/";
