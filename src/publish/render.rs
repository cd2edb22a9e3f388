//! What the server and the static site both write for a resource: its page
//! and its RDF, from one place so the two never drift.

use crate::error::Result;
use crate::events;
use crate::picture;
use crate::publish::html::{self, Links};
use crate::publish::http::{RDF_TYPES, RdfType};
use crate::publish::resource;
use crate::rdf::export;
use crate::rdf::store::Dataset;
use crate::sparql::catalog::Catalog;
use oxigraph::model::{GraphName, NamedNode, Quad, Term};
use std::collections::BTreeSet;

/// A resource's statements, out and in, and (for their graphs) what each
/// graph is derived from, sorted.
pub fn resource_quads(dataset: &Dataset, iri: &NamedNode) -> Result<Vec<Quad>> {
    let store = &dataset.store;
    let mut quads: Vec<Quad> = Vec::new();
    for quad in store.quads_for_pattern(Some(iri.as_ref().into()), None, None, None) {
        quads.push(quad?);
    }
    for quad in store.quads_for_pattern(None, None, Some(iri.as_ref().into()), None) {
        quads.push(quad?);
    }
    let graphs: BTreeSet<NamedNode> = quads
        .iter()
        .filter_map(|q| match &q.graph_name {
            GraphName::NamedNode(g) => Some(g.clone()),
            _ => None,
        })
        .collect();
    for graph in graphs {
        for quad in store.quads_for_pattern(Some(graph.as_ref().into()), None, None, None) {
            let quad = quad?;
            if matches!(&quad.object, Term::NamedNode(_) | Term::Literal(_)) {
                quads.push(quad);
            }
        }
    }
    Ok(export::canonical_order(quads, true))
}

/// The RDF of a resource: its statements and those pointing to it; in a quad
/// format with their graphs and what those graphs are derived from.
pub fn resource_rdf(dataset: &Dataset, iri: &NamedNode, format: RdfType) -> Result<Vec<u8>> {
    let quads = resource_quads(dataset, iri)?;
    let mut out = Vec::new();
    export::write_quads(quads, format.format(), &dataset.prefixes, &mut out)?;
    Ok(out)
}

/// The HTML page of a resource, with its RDF forms as alternates and its
/// JSON-LD embedded.
pub fn resource_page(
    dataset: &Dataset,
    iri: &NamedNode,
    links: &Links,
    language: &str,
    incoming_page: usize,
    alternates: &[(&str, String)],
) -> Result<String> {
    let described = resource::describe(&dataset.store, iri, language, incoming_page)?;
    let json_ld = String::from_utf8_lossy(&resource_rdf(dataset, iri, RDF_TYPES[1])?).into_owned();
    let pictures = pictures(dataset, iri, links)?;
    Ok(html::resource_page(
        &described, links, alternates, &json_ld, &pictures,
    ))
}

/// The pictures of a resource page: its timeline, where it takes part in
/// dated events, and its neighbourhood one link away.
pub fn pictures(dataset: &Dataset, iri: &NamedNode, links: &Links) -> Result<String> {
    let picture_links = picture::Links::new(&links.root).with_suffix(&links.suffix);
    let mut out = String::new();
    let filter = picture::Filter {
        entity: Some(iri.as_str().to_owned()),
        ..picture::Filter::default()
    };
    let timeline = picture::timeline::load(dataset, &filter)?;
    if !timeline.events.is_empty() {
        out.push_str("<h2>Timeline</h2>\n");
        out.push_str(&picture::html::fragment(&timeline, &picture_links));
    }
    let svg = picture::neighbourhood_svg(dataset, iri.as_str(), 1, &picture_links)?;
    out.push_str("<h2>Neighbourhood</h2>\n<figure class=\"neighbourhood\">\n");
    out.push_str(&svg);
    out.push_str("<figcaption>What this resource is linked to, one link away; dashed: other sources' claims.</figcaption>\n</figure>\n");
    Ok(out)
}

/// The timeline page: the whole timeline as a picture and a list of events
/// with the source's words, then the coded events per dyad and year by quad
/// class (the picture of `dipkg events --format svg`).
pub fn timeline_page(dataset: &Dataset, catalog: &Catalog, links: &Links) -> Result<String> {
    let picture_links = picture::Links::new(&links.root).with_suffix(&links.suffix);
    let fragment = picture::timeline_fragment(dataset, None, &picture_links)?;
    let quads = events::render(
        dataset,
        catalog,
        &events::Ask {
            filter: events::Filter::default(),
            set: events::Set::Dipkg,
            aggregate: None,
            format: events::Format::Svg,
        },
    )?;
    Ok(html::layout(
        "Timeline",
        &format!(
            "<h1>Timeline</h1>\n{fragment}<h2 id=\"quad-classes\">Coded events by quad class</h2>\n\
             <figure class=\"quads\">\n{quads}<figcaption>Each directed dyad's coded events per year, \
             stacked by quad class (verbal and material cooperation, verbal and material conflict), \
             as <code>dipkg events --aggregate dyad-year</code> counts them.</figcaption>\n</figure>\n"
        ),
        links,
        "",
    ))
}
