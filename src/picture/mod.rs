//! Pictures of the graph: the timeline (text for a terminal, SVG, HTML) and an
//! entity's neighbourhood (DOT, Mermaid, SVG). A layer above [`crate::sparql`]:
//! the timeline is read through fixed queries (`src/picture/sparql/*.rq`,
//! embedded), so it follows the data model rather than the data files, and
//! every picture is built as a string, which the binary prints and pages embed.
//!
//! For pages (`dipkg serve`, `dipkg publish`), the functions at the top of this
//! module give each picture for a resource IRI, with links made by a
//! [`Links`] base so that served pages point to `/id/…` and published ones to
//! wherever they live:
//!
//! ```
//! use dipkg::picture::{self, Links};
//! use dipkg::rdf::store::{self, Sources};
//! let dataset = store::load(&Sources::default())?;
//! let links = Links::new("/");
//! let page_part = picture::timeline_fragment(&dataset, None, &links)?;
//! assert!(page_part.contains("href=\"/id/event/establishment-of-diplomatic-relations\""));
//! let turkey = "https://w3id.org/dipkg/id/state/turkey";
//! let svg = picture::neighbourhood_svg(&dataset, turkey, 1, &links)?;
//! assert!(svg.starts_with("<svg"));
//! # Ok::<(), dipkg::Error>(())
//! ```

pub mod date;
pub mod entity;
pub mod graph;
pub mod graph_svg;
pub mod html;
pub mod metrics;
pub mod scale;
pub mod text;
pub mod timeline;
pub mod timeline_svg;
mod timeline_text;

use crate::error::Result;
use crate::rdf::store::Dataset;

pub use graph::Neighbourhood;
pub use timeline::{Filter, Timeline};

/// How pictures link to resource pages: IRIs under `https://w3id.org/dipkg/`
/// become `base` + the rest (`/id/state/turkey` with base `/`); other IRIs
/// stay as they are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Links {
    base: String,
    /// Appended to links to resource pages (`.html` in a static site).
    suffix: String,
}

/// The root that dipkg's resource IRIs share (`id/`, `ontology#`, `graph/`).
pub const IRI_ROOT: &str = "https://w3id.org/dipkg/";

impl Links {
    /// Links under `base` (a path such as `/` or `../`, or a URL); an empty base
    /// or `IRI_ROOT` itself keeps the IRIs.
    pub fn new(base: &str) -> Self {
        Self {
            base: base.to_owned(),
            suffix: String::new(),
        }
    }

    /// The same links with `suffix` after the path of every resource page
    /// (`.html` for the files of a static site).
    pub fn with_suffix(mut self, suffix: &str) -> Self {
        self.suffix = suffix.to_owned();
        self
    }

    /// The link for `iri`.
    pub fn href(&self, iri: &str) -> String {
        match iri.strip_prefix(IRI_ROOT) {
            // Only resources and the ontology have pages; graphs do not.
            Some(rest)
                if !self.base.is_empty()
                    && (rest.starts_with("id/") || rest.starts_with("ontology")) =>
            {
                let base = self.base.trim_end_matches('/');
                // The suffix goes before a fragment: `F01.html#quote`.
                let (path, fragment) = match rest.split_once('#') {
                    Some((path, fragment)) => (path, format!("#{fragment}")),
                    None => (rest, String::new()),
                };
                let suffix = if path.starts_with("id/") || path == "ontology" {
                    self.suffix.as_str()
                } else {
                    ""
                };
                // A relative base of `./` is the folder itself.
                if base == "." {
                    format!("{path}{suffix}{fragment}")
                } else {
                    format!("{base}/{path}{suffix}{fragment}")
                }
            }
            _ => iri.to_owned(),
        }
    }
}

impl Default for Links {
    /// Links to the IRIs themselves.
    fn default() -> Self {
        Self::new(IRI_ROOT)
    }
}

/// The whole timeline, or the events involving `entity` (an IRI), as an HTML
/// fragment: the SVG in a `<figure>` and the list of events with the source's
/// words. For a timeline page, and for the "timeline" part of a resource page.
pub fn timeline_fragment(dataset: &Dataset, entity: Option<&str>, links: &Links) -> Result<String> {
    let filter = Filter {
        entity: entity.map(str::to_owned),
        ..Filter::default()
    };
    let timeline = timeline::load(dataset, &filter)?;
    Ok(html::fragment(&timeline, links))
}

/// The whole timeline, or the events involving `entity`, as SVG alone.
pub fn timeline_svg(dataset: &Dataset, entity: Option<&str>, links: &Links) -> Result<String> {
    let filter = Filter {
        entity: entity.map(str::to_owned),
        ..Filter::default()
    };
    let timeline = timeline::load(dataset, &filter)?;
    Ok(timeline_svg::svg(&timeline, links))
}

/// The neighbourhood of the resource `iri` to `depth` links, as SVG.
pub fn neighbourhood_svg(
    dataset: &Dataset,
    iri: &str,
    depth: usize,
    links: &Links,
) -> Result<String> {
    let graph = graph::neighbourhood(dataset, iri, depth)?;
    Ok(graph_svg::svg(&graph, links))
}
