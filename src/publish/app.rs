//! The served application's state: the dataset, its saved queries, the
//! configuration with its bounds, and the count of running queries. The
//! protocol handlers (`sparql`, `api`, `graph_store`) and the router
//! (`server`) all work on it.

use crate::publish::html::Links;
use crate::publish::http as h;
use crate::rdf::store::Dataset;
use crate::sparql::catalog::Catalog;
use oxhttp::model::{Body, Response, StatusCode};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

/// How the server behaves; every bound has a default that is safe on a
/// laptop and can be raised.
#[derive(Debug, Clone)]
pub struct Config {
    /// The base of our IRIs; `/id/x` on this server is the resource `BASE` + `id/x`.
    pub base: String,
    /// How long one query may run.
    pub timeout: Duration,
    /// The most rows (or triples) one answer may have.
    pub max_results: usize,
    /// The largest request body, in bytes.
    pub max_body: usize,
    /// How many queries may run at once; more get 503.
    pub max_queries: usize,
    /// Whether SPARQL Update and Graph Store writes are allowed (with the token).
    pub writable: bool,
    /// The bearer token writes need.
    pub token: Option<String>,
    /// Whether to allow cross-origin requests.
    pub cors: bool,
    /// Answer `/id/…` with a 303 to the chosen representation instead of a 200.
    pub see_other: bool,
    /// The hosts a query's `SERVICE` may call (`--allow-service`); none by default.
    pub allow_service: Vec<String>,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            base: "https://w3id.org/dipkg/".to_owned(),
            timeout: Duration::from_secs(10),
            max_results: 100_000,
            max_body: 16 * 1024 * 1024,
            max_queries: 8,
            writable: false,
            token: None,
            cors: false,
            see_other: false,
            allow_service: Vec::new(),
        }
    }
}

/// The served dataset, its saved queries and the configuration.
pub struct App {
    /// The dataset (store and prefixes).
    pub dataset: Dataset,
    /// The saved queries of the API and the query page.
    pub catalog: Catalog,
    /// The configuration.
    pub config: Config,
    pub(crate) links: Links,
    running: AtomicUsize,
}

/// A slot for one running query, released on drop.
pub(crate) struct Slot<'a>(&'a AtomicUsize);

impl Drop for Slot<'_> {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

impl App {
    /// The app over a loaded dataset.
    pub fn new(dataset: Dataset, catalog: Catalog, config: Config) -> Self {
        Self {
            links: Links::server(&config.base),
            dataset,
            catalog,
            config,
            running: AtomicUsize::new(0),
        }
    }

    /// Takes a query slot, or `None` when `max_queries` are running.
    pub(crate) fn slot(&self) -> Option<Slot<'_>> {
        let before = self.running.fetch_add(1, Ordering::SeqCst);
        let slot = Slot(&self.running);
        (before < self.config.max_queries).then_some(slot)
    }
}

/// 500 for a fault of the server, saying what failed.
pub(crate) fn internal(error: &crate::Error) -> Response<Body> {
    h::error(StatusCode::INTERNAL_SERVER_ERROR, error.to_string())
}
