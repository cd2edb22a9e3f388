//! Other SPARQL servers: the HTTP client, queries sent to an endpoint (also the
//! `SERVICE` calls of local queries), and pushing the dataset to a server.

pub mod endpoint;
pub mod http;
pub mod push;
