//! The VoID/DCAT description: its counts equal what the data holds, counted
//! here independently from the N-Triples export, and every dump it lists is a
//! format `dipkg export` writes.

use crate::util::{dipkg, success_stdout};
use std::collections::{BTreeMap, BTreeSet};

const VOID: &str = "http://rdfs.org/ns/void#";
const DATASET: &str = "<https://w3id.org/dipkg/dataset>";

/// The description as N-Triples lines split into (subject, predicate, object).
fn description() -> Vec<(String, String, String)> {
    let (mut cmd, _dir) = dipkg();
    let text = success_stdout(cmd.args(["describe", "--format", "ntriples"]));
    text.lines()
        .filter_map(|l| {
            let l = l.strip_suffix(" .")?;
            let (s, rest) = l.split_once(' ')?;
            let (p, o) = rest.split_once(' ')?;
            Some((s.to_owned(), p.to_owned(), o.to_owned()))
        })
        .collect()
}

fn integer(object: &str) -> usize {
    object
        .trim_start_matches('"')
        .split('"')
        .next()
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("not an integer literal: {object}"))
}

fn value(triples: &[(String, String, String)], s: &str, p: &str) -> Vec<String> {
    triples
        .iter()
        .filter(|(ts, tp, _)| ts == s && tp == &format!("<{VOID}{p}>"))
        .map(|(_, _, o)| o.clone())
        .collect()
}

#[test]
fn counts_equal_the_data() {
    let (mut cmd, _dir) = dipkg();
    let data = success_stdout(cmd.args(["export", "--format", "ntriples"]));
    let lines: BTreeSet<&str> = data.lines().filter(|l| !l.is_empty()).collect();
    let d = description();
    assert_eq!(integer(&value(&d, DATASET, "triples")[0]), lines.len());
    // Entities: subjects in the URI space.
    let subjects: BTreeSet<&str> = lines.iter().filter_map(|l| l.split(' ').next()).collect();
    let entities = subjects
        .iter()
        .filter(|s| s.starts_with("<https://w3id.org/dipkg/id/"))
        .count();
    assert_eq!(integer(&value(&d, DATASET, "entities")[0]), entities);
    // Class partitions: distinct subjects typed with each class or with one
    // of its subclasses (rdfs:subClassOf*, as the data states it).
    let mut typed: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    let mut direct: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for line in &lines {
        let parts: Vec<&str> = line.splitn(3, ' ').collect();
        let object = parts[2].trim_end_matches(" .");
        match parts[1] {
            "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>" => {
                typed.entry(object).or_default().insert(parts[0]);
            }
            "<http://www.w3.org/2000/01/rdf-schema#subClassOf>" if object.starts_with('<') => {
                direct.entry(parts[0]).or_default().insert(object);
            }
            _ => {}
        }
    }
    let mut members: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for (class, subjects) in &typed {
        let mut todo = vec![*class];
        let mut seen = BTreeSet::new();
        while let Some(c) = todo.pop() {
            if seen.insert(c) {
                members
                    .entry(c)
                    .or_default()
                    .extend(subjects.iter().copied());
                todo.extend(direct.get(c).into_iter().flatten().copied());
            }
        }
    }
    let partitions = value(&d, DATASET, "classPartition");
    assert_eq!(partitions.len(), members.len());
    for part in &partitions {
        let class = &value(&d, part, "class")[0];
        let n = integer(&value(&d, part, "entities")[0]);
        assert_eq!(
            Some(n),
            members.get(class.as_str()).map(BTreeSet::len),
            "{class}"
        );
        // A partition's fragment names its class readably (foaf-Organization, not 1-Organization).
        let local = class
            .trim_end_matches('>')
            .rsplit(['#', '/'])
            .next()
            .unwrap_or_default();
        assert!(part.ends_with(&format!("-{local}>")), "{part} for {class}");
        assert!(!part.contains("#class-1-"), "{part}");
    }
    let document = "<https://w3id.org/dipkg/dataset#class-dkg-Document>";
    assert_eq!(
        integer(&value(&d, document, "entities")[0]),
        4,
        "the treaty, the declaration, the joint statement and the resolution"
    );
    // Linksets: schema:sameAs to Wikidata counted by hand.
    let same_as_wikidata = lines
        .iter()
        .filter(|l| l.contains(" <http://schema.org/sameAs> <http://www.wikidata.org/entity/"))
        .count();
    let linkset = "<https://w3id.org/dipkg/dataset#links-wikidata-schema-sameAs>";
    assert!(same_as_wikidata > 0);
    assert_eq!(integer(&value(&d, linkset, "triples")[0]), same_as_wikidata);
    for target in ["wikidata", "dbpedia", "geonames"] {
        assert!(
            value(&d, DATASET, "subset")
                .iter()
                .any(|s| s.contains(&format!("#links-{target}-"))),
            "a linkset to {target}"
        );
    }
}

#[test]
fn every_dump_is_a_format_dipkg_exports() {
    let d = description();
    let dumps = value(&d, DATASET, "dataDump");
    assert_eq!(dumps.len(), 6, "{dumps:?}");
    for dump in dumps {
        let extension = dump
            .trim_end_matches('>')
            .rsplit('.')
            .next()
            .unwrap_or_default();
        let format = match extension {
            "ttl" => "turtle",
            "nt" => "ntriples",
            "nq" => "nquads",
            "trig" => "trig",
            "rdf" => "rdfxml",
            "jsonld" => "jsonld",
            other => panic!("{dump}: .{other} is not a format dipkg export writes"),
        };
        let (mut cmd, _dir) = dipkg();
        assert!(!success_stdout(cmd.args(["export", "--format", format])).is_empty());
    }
}

#[test]
fn export_can_include_the_description_in_its_own_graph() {
    let (mut cmd, _dir) = dipkg();
    let text = success_stdout(cmd.args(["export", "--format", "nquads", "--with-description"]));
    assert!(text.lines().any(|l| {
        l.starts_with("<https://w3id.org/dipkg/dataset> <http://rdfs.org/ns/void#triples> ")
            && l.ends_with(" <https://w3id.org/dipkg/graph/description> .")
    }));
    let (mut cmd, _dir) = dipkg();
    let plain = success_stdout(cmd.args(["export", "--format", "nquads"]));
    assert!(!plain.contains("<https://w3id.org/dipkg/graph/description>"));
}
