//! The bottom layer: which files are RDF and in which graph their triples go,
//! the shipped dataset embedded at build time, the store and loading, prefixes,
//! export, the persistent store with bulk loading, statistics and dumps, and the
//! XSD lexical forms that parameters and SHACL both check.

pub mod bulk;
pub mod convert;
pub(crate) mod embedded;
pub mod export;
pub mod files;
pub mod jsonld;
pub mod persistent;
pub mod prefixes;
pub mod read;
pub mod stats;
pub mod store;
pub mod void;
pub mod xsd;
