//! A resource as a person reads it in a terminal (`dipkg show`): the same
//! gathering as a resource page ([`resource::describe`]: names, types, what it
//! says and what points to it, each statement's provenance), rendered as
//! text, with labels instead of IRIs. For a class, also the properties used
//! with it: declared with it as domain or range, and used in the data.

use crate::error::{Error, Result};
use crate::picture::entity;
use crate::publish::resource::{self, Group, Labelled, Provenance};
use crate::rdf::store::Dataset;
use crate::sparql::catalog::SavedQuery;
use crate::sparql::query::{self, Answer};
use crate::sparql::results::display_term;
use oxigraph::model::{NamedNode, NamedNodeRef, Term};
use oxigraph::sparql::SparqlEvaluator;
use std::fmt::Write as _;

const CLASS_PROPERTIES: &str = include_str!("sparql/class-properties.rq");
const OWL_CLASS: &str = "http://www.w3.org/2002/07/owl#Class";
const RDFS_CLASS: &str = "http://www.w3.org/2000/01/rdf-schema#Class";

/// The resource `what` names (an IRI, a prefixed name or a name in any
/// language), described as text in `language`.
pub fn show(dataset: &Dataset, what: &str, language: &str) -> Result<String> {
    let iri = entity::resolve(dataset, what)?;
    let node = NamedNode::new(&iri).map_err(|e| Error::Usage(format!("{iri}: {e}")))?;
    let page = resource::describe(&dataset.store, &node, language, 0)?;
    let mut out = String::new();
    let name = |t: &Labelled| term_text(dataset, t);
    let _ = writeln!(out, "{} ({})", page.label, short(dataset, node.as_str()));
    let others: Vec<String> = page
        .names
        .iter()
        .filter(|n| n.text != page.label)
        .map(|n| {
            if n.language.is_empty() {
                n.text.clone()
            } else {
                format!("{} ({})", n.text, n.language)
            }
        })
        .collect();
    if !others.is_empty() {
        let _ = writeln!(out, "  also named: {}", others.join(", "));
    }
    if !page.types.is_empty() {
        let types: Vec<String> = page.types.iter().map(name).collect();
        let _ = writeln!(out, "  a {}", types.join(", "));
    }
    if let Some(comment) = &page.comment {
        let _ = writeln!(out, "  {comment}");
    }
    write_groups(&mut out, dataset, "says", &page.outgoing, false);
    write_groups(&mut out, dataset, "pointed to by", &page.incoming, true);
    if !page.claims.is_empty() {
        let _ = writeln!(out, "\nother sources claim");
        for claim in &page.claims {
            let _ = writeln!(out, "  {}", name(claim));
        }
    }
    let is_class = page
        .types
        .iter()
        .any(|t| matches!(&t.term, Term::NamedNode(n) if n.as_str() == OWL_CLASS || n.as_str() == RDFS_CLASS));
    if is_class {
        write_class_properties(&mut out, dataset, &iri, language)?;
    }
    Ok(out)
}

fn write_groups(
    out: &mut String,
    dataset: &Dataset,
    title: &str,
    groups: &[Group],
    incoming: bool,
) {
    if groups.is_empty() {
        return;
    }
    let _ = writeln!(out, "\n{title}");
    for group in groups {
        let property = term_text(dataset, &group.property);
        for statement in &group.statements {
            let value = term_text(dataset, &statement.value);
            let line = if incoming {
                format!("  {value}  {property}")
            } else {
                format!("  {property}: {value}")
            };
            let _ = write!(out, "{line}");
            for p in &statement.provenance {
                let _ = write!(out, "  [{}]", provenance_text(dataset, p));
            }
            out.push('\n');
        }
        if group.total > group.statements.len() {
            let _ = writeln!(
                out,
                "  … and {} more by {property}",
                group.total - group.statements.len()
            );
        }
    }
}

fn write_class_properties(
    out: &mut String,
    dataset: &Dataset,
    iri: &str,
    language: &str,
) -> Result<()> {
    let parsed = SavedQuery::new(
        "class-properties",
        "src/publish/sparql/class-properties.rq",
        CLASS_PROPERTIES,
    )
    .parse()?;
    let params = [("class".to_owned(), iri.to_owned())];
    let Answer::Solutions { rows, .. } =
        query::run(dataset, &parsed, &params, SparqlEvaluator::new())?
    else {
        return Err(Error::Internal("class-properties is not a SELECT".into()));
    };
    if rows.is_empty() {
        return Ok(());
    }
    let _ = writeln!(out, "\nproperties used with it");
    for row in rows {
        let (Some(Term::NamedNode(property)), Some(Term::Literal(how))) = (&row[0], &row[1]) else {
            continue;
        };
        let label = resource::label(&dataset.store, &Term::from(property.clone()), language)?;
        let named = Labelled {
            term: property.clone().into(),
            label,
        };
        let uses = match &row[2] {
            Some(Term::Literal(n)) if n.value() == "1" => " (1 statement)".to_owned(),
            Some(Term::Literal(n)) if n.value() != "0" => format!(" ({} statements)", n.value()),
            _ => String::new(),
        };
        let _ = writeln!(
            out,
            "  {}: {}{uses}",
            term_text(dataset, &named),
            how.value()
        );
    }
    Ok(())
}

/// `label (prefix:name)` for a resource, the display form for a literal.
fn term_text(dataset: &Dataset, labelled: &Labelled) -> String {
    match (&labelled.term, &labelled.label) {
        (Term::NamedNode(n), Some(label)) => format!("{label} ({})", short(dataset, n.as_str())),
        (term, _) => display_term(term, &dataset.prefixes),
    }
}

fn provenance_text(dataset: &Dataset, provenance: &Provenance) -> String {
    match provenance {
        Provenance::Source {
            citation,
            paragraph,
            quote,
        } => {
            let mut text = short(dataset, citation.as_str());
            if let Some(p) = paragraph {
                let _ = write!(text, ", paragraph {p}");
            }
            if let Some(q) = quote {
                let _ = write!(text, ": “{q}”");
            }
            text
        }
        Provenance::Other { iri, label } => match label {
            Some(label) => format!("{label} ({})", short(dataset, iri.as_str())),
            None => short(dataset, iri.as_str()),
        },
        Provenance::Inferred => "inferred".to_owned(),
    }
}

/// `prefix:name` where the prefixes allow, else `<iri>`.
fn short(dataset: &Dataset, iri: &str) -> String {
    dataset
        .prefixes
        .shorten_for_display(iri)
        .unwrap_or_else(|| format!("<{}>", NamedNodeRef::new_unchecked(iri).as_str()))
}
