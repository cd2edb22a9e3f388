//! dipkg: a linked-data knowledge graph of the political relations between the
//! Kyrgyz Republic and the Republic of Turkey, on an embedded Oxigraph store.
//!
//! The library owns everything but argument parsing and printing: building the
//! store from shipped or user files ([`store`]), the catalog of saved queries
//! ([`catalog`]) and their parameters ([`params`], [`bind`]), running queries
//! ([`query`]), writing answers ([`results`]), exporting RDF ([`export`]), SHACL
//! validation ([`shacl`], [`validate`]) and RDFS/OWL RL reasoning ([`reason`]);
//! remote servers: running a query on an endpoint ([`endpoint`]) and uploading
//! the dataset ([`push`]) over [`http`]; other sources: linking to them
//! ([`link`], with name keys from [`names`]) and comparing facts ([`compare`]).

pub mod bind;
pub mod catalog;
pub mod compare;
pub mod embedded;
pub mod endpoint;
pub mod error;
pub mod export;
pub mod files;
pub mod http;
pub mod link;
pub mod names;
pub mod params;
pub mod prefixes;
pub mod push;
pub mod query;
pub mod reason;
pub mod results;
pub mod shacl;
pub mod store;
pub mod validate;

pub use error::{Error, Result};
