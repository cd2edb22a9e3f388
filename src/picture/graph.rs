//! An entity's neighbourhood: the resources within `depth` links of it, in
//! either direction, named by their labels, with each link named by its
//! property's `rdfs:label`. Other sources' claims (`dkg:Claim`) and their links
//! are marked, so every picture draws them dashed, apart from our statements.
//!
//! Left out, because they would bury the picture: classes (`rdf:type`),
//! citations (`dkg:statedIn`; the timeline shows them), literals, and links to
//! other datasets (`owl:sameAs`, `skos:closeMatch`, `dkg:unverifiedLink`). A
//! neighbourhood stops growing at [`MAX_NODES`]; it says so when it does.

use crate::error::{Error, Result};
use crate::picture::metrics::xml;
use crate::picture::timeline::last_part;
use crate::rdf::store::Dataset;
use crate::vocab;
use oxigraph::model::{NamedNode, NamedNodeRef, Term};
use std::collections::{BTreeMap, BTreeSet};

/// The most nodes a neighbourhood takes in.
pub const MAX_NODES: usize = 80;
/// Up to this many nodes, links among the outermost nodes are shown too.
pub const CROSS_LINKS_UP_TO: usize = 12;

const DKG_CLAIM: &str = "https://w3id.org/dipkg/ontology#Claim";
const SKIPPED: [&str; 6] = [
    vocab::RDF_TYPE,
    "https://w3id.org/dipkg/ontology#statedIn",
    vocab::OWL_SAME_AS,
    vocab::SCHEMA_SAME_AS,
    vocab::SKOS_CLOSE_MATCH,
    vocab::DKG_UNVERIFIED_LINK,
];
const CLAIM_VALUES: [&str; 3] = [
    "https://w3id.org/dipkg/ontology#claimValue",
    "https://w3id.org/dipkg/ontology#claimStart",
    "https://w3id.org/dipkg/ontology#claimEnd",
];

/// A resource in the picture.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Node {
    /// Its IRI.
    pub iri: String,
    /// Its name.
    pub label: String,
    /// For a claim, the value it gives ("2018-09-01 – 2018-09-02").
    pub claims: Option<String>,
    /// Whether it is another source's claim.
    pub is_claim: bool,
    /// Links away from the centre (0 for the centre).
    pub distance: usize,
}

/// A link between two nodes (indexes into the nodes).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Edge {
    /// The subject's node.
    pub from: usize,
    /// The object's node.
    pub to: usize,
    /// The property's label.
    pub label: String,
    /// The property's IRI.
    pub property: String,
    /// Whether it belongs to another source's claim (drawn dashed).
    pub claim: bool,
}

/// An entity's neighbourhood.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Neighbourhood {
    /// The nodes; the entity itself is the first.
    pub nodes: Vec<Node>,
    /// The links, sorted.
    pub edges: Vec<Edge>,
    /// Whether growth stopped at [`MAX_NODES`].
    pub truncated: bool,
}

/// The resources within `depth` links of `iri`.
pub fn neighbourhood(dataset: &Dataset, iri: &str, depth: usize) -> Result<Neighbourhood> {
    let centre =
        NamedNode::new(iri).map_err(|e| Error::Usage(format!("{iri:?} is not an IRI: {e}")))?;
    let mut index: BTreeMap<String, usize> = BTreeMap::new();
    let mut iris: Vec<(String, usize)> = vec![(centre.as_str().to_owned(), 0)];
    index.insert(centre.as_str().to_owned(), 0);
    let mut triples: BTreeSet<(String, String, String)> = BTreeSet::new();
    let mut frontier = vec![centre.as_str().to_owned()];
    let mut truncated = false;
    for distance in 1..=depth {
        let mut next = Vec::new();
        for here in &frontier {
            let node = NamedNodeRef::new_unchecked(here);
            let mut found: BTreeSet<(String, String, String)> = BTreeSet::new();
            for quad in dataset
                .store
                .quads_for_pattern(Some(node.into()), None, None, None)
            {
                let quad = quad?;
                if let Term::NamedNode(o) = &quad.object {
                    found.insert((
                        here.clone(),
                        quad.predicate.as_str().to_owned(),
                        o.as_str().to_owned(),
                    ));
                }
            }
            let as_object = Term::NamedNode(node.into_owned());
            for quad in dataset
                .store
                .quads_for_pattern(None, None, Some(as_object.as_ref()), None)
            {
                let quad = quad?;
                if let oxigraph::model::NamedOrBlankNode::NamedNode(s) = &quad.subject {
                    found.insert((
                        s.as_str().to_owned(),
                        quad.predicate.as_str().to_owned(),
                        here.clone(),
                    ));
                }
            }
            for (s, p, o) in found {
                if SKIPPED.contains(&p.as_str()) {
                    continue;
                }
                let other = if s == *here { &o } else { &s };
                if !index.contains_key(other) {
                    if iris.len() >= MAX_NODES {
                        truncated = true;
                        continue;
                    }
                    index.insert(other.clone(), iris.len());
                    iris.push((other.clone(), distance));
                    next.push(other.clone());
                }
                triples.insert((s, p, o));
            }
        }
        frontier = next;
    }
    // Links among the outermost nodes, which the walk did not expand: shown
    // in a small neighbourhood, where they tell how its members hang
    // together; left out of a hub's, where they would tangle the picture.
    let frontier = if iris.len() <= CROSS_LINKS_UP_TO {
        frontier
    } else {
        Vec::new()
    };
    for here in &frontier {
        let node = NamedNodeRef::new_unchecked(here);
        for quad in dataset
            .store
            .quads_for_pattern(Some(node.into()), None, None, None)
        {
            let quad = quad?;
            if let Term::NamedNode(o) = &quad.object {
                let p = quad.predicate.as_str();
                if index.contains_key(o.as_str()) && !SKIPPED.contains(&p) {
                    triples.insert((here.clone(), p.to_owned(), o.as_str().to_owned()));
                }
            }
        }
    }
    let nodes: Vec<Node> = iris
        .iter()
        .map(|(iri, distance)| {
            let is_claim = has_type(dataset, iri, DKG_CLAIM)?;
            Ok(Node {
                iri: iri.clone(),
                label: label(dataset, iri)?,
                claims: if is_claim {
                    claim_value(dataset, iri)?
                } else {
                    None
                },
                is_claim,
                distance: *distance,
            })
        })
        .collect::<Result<_>>()?;
    let mut property_labels: BTreeMap<String, String> = BTreeMap::new();
    let mut edges = Vec::new();
    for (s, p, o) in triples {
        let (Some(&from), Some(&to)) = (index.get(&s), index.get(&o)) else {
            continue;
        };
        if !property_labels.contains_key(&p) {
            property_labels.insert(p.clone(), property_label(dataset, &p)?);
        }
        edges.push(Edge {
            from,
            to,
            label: property_labels[&p].clone(),
            property: p,
            claim: nodes[from].is_claim || nodes[to].is_claim,
        });
    }
    edges.sort();
    edges.dedup();
    Ok(Neighbourhood {
        nodes,
        edges,
        truncated,
    })
}

fn has_type(dataset: &Dataset, iri: &str, class: &str) -> Result<bool> {
    let object = Term::NamedNode(NamedNode::new_unchecked(class));
    Ok(dataset
        .store
        .quads_for_pattern(
            Some(NamedNodeRef::new_unchecked(iri).into()),
            Some(NamedNodeRef::new_unchecked(vocab::RDF_TYPE)),
            Some(object.as_ref()),
            None,
        )
        .next()
        .transpose()?
        .is_some())
}

/// The literal values of `property` on `iri`, as (language, text), sorted.
fn literals(dataset: &Dataset, iri: &str, property: &str) -> Result<Vec<(String, String)>> {
    let mut out = Vec::new();
    for quad in dataset.store.quads_for_pattern(
        Some(NamedNodeRef::new_unchecked(iri).into()),
        Some(NamedNodeRef::new_unchecked(property)),
        None,
        None,
    ) {
        if let Term::Literal(l) = quad?.object {
            out.push((l.language().unwrap_or("").to_owned(), l.value().to_owned()));
        }
    }
    out.sort();
    out.dedup();
    Ok(out)
}

/// The English `rdfs:label`, else any label, else `skos:prefLabel`, else the
/// IRI's last part.
pub(crate) fn label(dataset: &Dataset, iri: &str) -> Result<String> {
    for property in [vocab::RDFS_LABEL, vocab::SKOS_PREF_LABEL] {
        let names = literals(dataset, iri, property)?;
        if let Some((_, name)) = names
            .iter()
            .find(|(lang, _)| lang == "en" || lang.starts_with("en-"))
            .or_else(|| names.iter().find(|(lang, _)| lang.is_empty()))
            .or_else(|| names.first())
        {
            return Ok(name.clone());
        }
    }
    Ok(last_part(iri))
}

fn property_label(dataset: &Dataset, iri: &str) -> Result<String> {
    let names = literals(dataset, iri, vocab::RDFS_LABEL)?;
    Ok(names
        .iter()
        .find(|(lang, _)| lang == "en")
        .or_else(|| names.first())
        .map(|(_, n)| n.clone())
        .unwrap_or_else(|| {
            dataset
                .prefixes
                .shorten_for_display(iri)
                .unwrap_or_else(|| last_part(iri))
        }))
}

/// What a claim says: its value, or its start and end.
fn claim_value(dataset: &Dataset, iri: &str) -> Result<Option<String>> {
    let mut values = Vec::new();
    for property in CLAIM_VALUES {
        let node = NamedNodeRef::new_unchecked(iri);
        for quad in dataset.store.quads_for_pattern(
            Some(node.into()),
            Some(NamedNodeRef::new_unchecked(property)),
            None,
            None,
        ) {
            let text = match quad?.object {
                Term::Literal(l) => l.value().to_owned(),
                Term::NamedNode(n) => label(dataset, n.as_str())?,
                _ => continue,
            };
            values.push(text);
        }
    }
    Ok((!values.is_empty()).then(|| format!("says {}", values.join(" – "))))
}

impl Neighbourhood {
    /// Graphviz DOT: left to right, labels not IRIs, claims dashed, each node
    /// a link (`URL`) to its page.
    pub fn dot(&self, links: &crate::picture::Links) -> String {
        let mut s = String::from("digraph neighbourhood {\n");
        s.push_str(&format!(
            "  graph [rankdir=LR, fontname=\"DejaVu Sans\", labelloc=t, label={}];\n",
            dot_string(&self.title())
        ));
        s.push_str("  node [shape=box, style=\"rounded,filled\", fillcolor=\"#f3f4f6\", color=\"#6b7280\", fontname=\"DejaVu Sans\", fontsize=11];\n");
        s.push_str("  edge [color=\"#6b7280\", fontname=\"DejaVu Sans\", fontsize=9, fontcolor=\"#374151\"];\n");
        for (i, node) in self.nodes.iter().enumerate() {
            let mut attrs = vec![
                format!("label={}", dot_string(&node.display_label())),
                format!("URL={}", dot_string(&links.href(&node.iri))),
                format!("tooltip={}", dot_string(&node.iri)),
            ];
            if i == 0 {
                attrs.push("fillcolor=\"#dbeafe\", color=\"#1d4ed8\", penwidth=2".to_owned());
            }
            if node.is_claim {
                attrs.push("style=\"rounded,dashed\", fillcolor=\"#ffffff\"".to_owned());
            }
            s.push_str(&format!("  n{i} [{}];\n", attrs.join(", ")));
        }
        for edge in &self.edges {
            let style = if edge.claim { ", style=dashed" } else { "" };
            s.push_str(&format!(
                "  n{} -> n{} [label={}{style}];\n",
                edge.from,
                edge.to,
                dot_string(&edge.label)
            ));
        }
        s.push_str("}\n");
        s
    }

    /// Mermaid flowchart: claims' links dotted (`-.->`), claim nodes dashed,
    /// each node clickable to its page.
    pub fn mermaid(&self, links: &crate::picture::Links) -> String {
        let mut s = String::from("flowchart LR\n");
        for (i, node) in self.nodes.iter().enumerate() {
            s.push_str(&format!(
                "  n{i}[\"{}\"]\n",
                mermaid_text(&node.display_label())
            ));
        }
        for edge in &self.edges {
            let arrow = if edge.claim { "-. " } else { "-- " };
            let head = if edge.claim { " .->" } else { " -->" };
            s.push_str(&format!(
                "  n{} {arrow}\"{}\"{head} n{}\n",
                edge.from,
                mermaid_text(&edge.label),
                edge.to
            ));
        }
        for (i, node) in self.nodes.iter().enumerate() {
            s.push_str(&format!(
                "  click n{i} href \"{}\"\n",
                mermaid_text(&links.href(&node.iri))
            ));
        }
        s.push_str("  classDef centre fill:#dbeafe,stroke:#1d4ed8,stroke-width:2px\n");
        s.push_str("  classDef claim fill:#ffffff,stroke:#6b7280,stroke-dasharray:5 4\n");
        s.push_str("  class n0 centre\n");
        let claims: Vec<String> = self
            .nodes
            .iter()
            .enumerate()
            .filter(|(_, n)| n.is_claim)
            .map(|(i, _)| format!("n{i}"))
            .collect();
        if !claims.is_empty() {
            s.push_str(&format!("  class {} claim\n", claims.join(",")));
        }
        s
    }

    /// "Neighbourhood of Turkey (depth 1): 20 resources, 30 links".
    pub fn title(&self) -> String {
        let centre = self.nodes.first().map_or("", |n| n.label.as_str());
        let more = if self.truncated {
            format!(" (stopped at {MAX_NODES})")
        } else {
            String::new()
        };
        format!(
            "Neighbourhood of {centre}: {} resources{more}, {} links; dashed: other sources' claims",
            self.nodes.len(),
            self.edges.len()
        )
    }
}

impl Node {
    /// The label, and for a claim the value it gives on a second line.
    pub fn display_label(&self) -> String {
        match &self.claims {
            Some(value) => format!("{}\n{value}", self.label),
            None => self.label.clone(),
        }
    }
}

/// A DOT double-quoted string.
fn dot_string(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Text inside a Mermaid quoted label: markup as Mermaid's `#name;` entity
/// codes, lines joined by `<br>`.
fn mermaid_text(text: &str) -> String {
    text.lines()
        .map(|line| {
            xml(line)
                .replace("&amp;", "#amp;")
                .replace("&lt;", "#lt;")
                .replace("&gt;", "#gt;")
                .replace("&quot;", "#quot;")
                .replace("&#39;", "#39;")
        })
        .collect::<Vec<_>>()
        .join("<br>")
}
