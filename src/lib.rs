//! dipkg: a linked-data knowledge graph of the political relations between the
//! Kyrgyz Republic and the Republic of Turkey, on an embedded Oxigraph store.
//!
//! The library is arranged in layers, each a folder, each importing only the
//! ones listed before it:
//!
//! - [`rdf`]: formats and files, the embedded dataset, the store and loading,
//!   prefixes, export, one reader for every input, XSD lexical forms;
//! - [`sparql`]: the saved-query catalog, parameters bound as typed terms,
//!   running a query, the answer and its rows, results formats;
//! - [`source`]: source texts, their descriptions, citing their words and
//!   checking citations against them;
//! - [`remote`]: the HTTP client, remote endpoints and `SERVICE`, push;
//! - [`check`]: SHACL validation, the saved checks, RDFS/OWL RL reasoning;
//! - [`align`]: name keys, linking to other sources, comparing facts;
//! - [`extract`]: cited candidate statements from new texts, reviewed and accepted;
//! - [`picture`]: the timeline and an entity's neighbourhood as text, SVG,
//!   HTML, DOT and Mermaid, for the terminal and for pages;
//! - [`events`]: the coded events as an event table (ICEWS, POLECAT, PLOVER
//!   JSON columns), filtered and aggregated by dyad;
//! - [`publish`]: the server of `dipkg serve` and the pages it renders.
//!
//! [`error`], [`vocab`] and [`output`] (atomic file writes) are shared by all. The binary (`src/bin/dipkg`) only
//! parses arguments, calls these, prints, and maps errors to exit codes.

pub mod align;
pub mod check;
pub mod error;
pub mod events;
pub mod extract;
pub mod output;
pub mod picture;
pub mod publish;
pub mod rdf;
pub mod remote;
pub mod source;
pub mod sparql;
pub mod vocab;

pub use error::{Error, Result};
