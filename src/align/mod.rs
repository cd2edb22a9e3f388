//! Other sources' data beside ours: name keys, linking our entities to theirs,
//! and comparing our facts with theirs.

pub mod compare;
pub mod link;
pub mod names;

use crate::remote::http::Client;
use std::path::Path;

/// What `--against` names: a SPARQL endpoint or an RDF file.
pub enum Against<'a> {
    /// A SPARQL endpoint, asked with this client.
    Endpoint {
        /// The HTTP client (timeout, credentials).
        client: &'a Client,
        /// The endpoint's URL.
        url: &'a str,
    },
    /// An RDF file, `.gz` or not.
    File(&'a Path),
}

impl<'a> Against<'a> {
    /// An `http://` or `https://` source is an endpoint; anything else a file.
    pub fn new(source: &'a str, client: &'a Client) -> Self {
        if source.starts_with("http://") || source.starts_with("https://") {
            Self::Endpoint {
                client,
                url: source,
            }
        } else {
            Self::File(Path::new(source))
        }
    }
}
