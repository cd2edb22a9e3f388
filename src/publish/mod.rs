//! Publishing the graph so its names resolve: the HTTP server of `dipkg
//! serve` (resource pages, the ontology, the SPARQL and Graph Store
//! protocols, the saved-query API, discovery files) and the pages it shares
//! with the static site. The top layer: it may use every other one.

// A handler's early answer (400, 406, 413…) is its error value: it is built
// once and moved out, so its size costs nothing worth boxing for.
#![allow(clippy::result_large_err)]

pub mod api;
pub mod app;
pub mod graph_store;
pub mod html;
pub mod http;
pub mod negotiate;
pub mod ontology;
pub mod query_page;
pub mod redirects;
pub mod render;
pub mod resource;
pub mod server;
pub mod services;
pub mod show;
pub mod site;
pub mod site_description;
pub mod sparql;
