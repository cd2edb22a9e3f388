//! The dataset's VoID description as the static site publishes it: the
//! computed description, with the dumps and the event table where the site
//! puts them and their sizes.

use crate::error::Result;
use crate::publish::site::Options;
use crate::rdf::store::Dataset;
use crate::rdf::void;
use oxigraph::model::{GraphName, Literal, NamedNode, Quad, Term};
use std::collections::BTreeMap;

/// The VoID description with the dumps where this site puts them, and
/// their sizes.
pub fn description(
    dataset: &Dataset,
    options: &Options,
    sizes: &BTreeMap<String, (u64, u64)>,
) -> Result<void::Description> {
    let mut description = void::describe(&dataset.store)?;
    let dumps = match &options.base_url {
        Some(url) => format!("{url}dumps/dipkg"),
        None => void::DUMPS.to_owned(),
    };
    let graph = GraphName::NamedNode(NamedNode::new_unchecked(void::DESCRIPTION_GRAPH));
    let dataset_iri = NamedNode::new_unchecked(void::DATASET);
    let iri = NamedNode::new_unchecked;
    let dcat = |local: &str| NamedNode::new_unchecked(format!("http://www.w3.org/ns/dcat#{local}"));
    for quad in &mut description.quads {
        if let Term::NamedNode(n) = &quad.object {
            if let Some(rest) = n.as_str().strip_prefix(void::DUMPS) {
                quad.object = iri(format!("{dumps}{rest}")).into();
            }
        }
    }
    if let Some((bytes, _)) = sizes.get("events.csv") {
        description.quads.push(Quad::new(
            iri(format!("{}#events-csv", void::DATASET)),
            dcat("byteSize"),
            Literal::new_typed_literal(
                bytes.to_string(),
                oxigraph::model::vocab::xsd::NON_NEGATIVE_INTEGER,
            ),
            graph.clone(),
        ));
    }
    for (extension, media, _) in void::DUMP_FORMATS {
        let Some((plain, gz)) = sizes.get(*extension) else {
            continue;
        };
        let plain_dist = iri(format!("{}#dump-{extension}", void::DATASET));
        description.quads.push(Quad::new(
            plain_dist,
            dcat("byteSize"),
            Literal::new_typed_literal(
                plain.to_string(),
                oxigraph::model::vocab::xsd::NON_NEGATIVE_INTEGER,
            ),
            graph.clone(),
        ));
        let gz_dist = iri(format!("{}#dump-{extension}-gz", void::DATASET));
        let url = iri(format!("{dumps}.{extension}.gz"));
        for (p, o) in [
            (
                iri(oxigraph::model::vocab::rdf::TYPE.as_str().to_owned()),
                Term::from(dcat("Distribution")),
            ),
            (dcat("downloadURL"), url.clone().into()),
            (
                dcat("mediaType"),
                iri(format!(
                    "https://www.iana.org/assignments/media-types/{media}"
                ))
                .into(),
            ),
            (
                dcat("compressFormat"),
                iri("https://www.iana.org/assignments/media-types/application/gzip".to_owned())
                    .into(),
            ),
            (
                dcat("byteSize"),
                Literal::new_typed_literal(
                    gz.to_string(),
                    oxigraph::model::vocab::xsd::NON_NEGATIVE_INTEGER,
                )
                .into(),
            ),
        ] {
            description
                .quads
                .push(Quad::new(gz_dist.clone(), p, o, graph.clone()));
        }
        description.quads.push(Quad::new(
            dataset_iri.clone(),
            dcat("distribution"),
            gz_dist,
            graph.clone(),
        ));
    }
    Ok(description)
}
