//! Materialises RDFS or OWL RL entailments of the dataset into their own named
//! graph ([`INFERRED_GRAPH`]), so that queries written in the aligned
//! vocabularies (schema.org, Wikidata, W3C ORG, …) find dipkg's data, and
//! `export` can keep or leave out what was inferred.
//!
//! Evaluation is semi-naive: each rule is joined only with the triples that are
//! new since the last round (the delta) against everything known, using hash
//! indexes by predicate, (predicate, subject) and (predicate, object), so no
//! rule ever reruns over the whole store. Terms are interned to `u32`s first.
//!
//! Rules (their names in the RDF 1.1 Semantics and the OWL 2 RL tables):
//! - `rdfs`: rdfs2 (domain), rdfs3 (range), rdfs5 (subPropertyOf transitive),
//!   rdfs7 (subproperty), rdfs9 (subclass), rdfs11 (subClassOf transitive).
//! - `owl-rl`: those, plus scm-dom1/2 and scm-rng1/2 (domain and range along
//!   the hierarchies), scm-eqc1/2 and scm-eqp1/2 (equivalent classes and
//!   properties), prp-inv1/2 (inverse), prp-symp (symmetric), prp-trp
//!   (transitive), eq-sym and eq-trans (`owl:sameAs` both ways, chained).
//!
//! Left out on purpose: axiomatic triples and the rules that only type the
//! vocabulary or make every term reflexively related to itself (rdfs1, rdfs4a/b,
//! rdfs6, rdfs8, rdfs10, rdfs12, rdfs13, eq-ref, scm-cls, scm-op, scm-dp),
//! which add nothing a query in the aligned vocabularies needs; and eq-rep-s/p/o,
//! which would copy every statement onto each `owl:sameAs` alias ("merging"
//! resources dipkg keeps apart).

use crate::error::Result;
use crate::rdf::store::{self, Dataset, Sources};
use oxigraph::model::vocab::{rdf, rdfs};
use oxigraph::model::{GraphName, NamedNode, NamedOrBlankNode, Quad, Term, Triple};
use oxigraph::store::Store;
use std::collections::{HashMap, HashSet};

/// The named graph that holds entailed triples.
pub use crate::vocab::INFERRED_GRAPH;

use crate::vocab::OWL;

/// Which entailment rules to apply.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Profile {
    /// The RDFS rules for classes, properties, domain and range.
    Rdfs,
    /// The RDFS rules plus the OWL RL rules listed in the module documentation.
    OwlRl,
}

/// The vocabulary terms the rules look for, interned.
struct Vocab {
    rdf_type: u32,
    sub_class_of: u32,
    sub_property_of: u32,
    domain: u32,
    range: u32,
    equivalent_class: u32,
    equivalent_property: u32,
    inverse_of: u32,
    same_as: u32,
    symmetric: u32,
    transitive: u32,
}

/// Interned triples with the indexes the rules join on.
#[derive(Default)]
struct Triples {
    terms: Vec<Term>,
    ids: HashMap<Term, u32>,
    all: HashSet<(u32, u32, u32)>,
    by_p: HashMap<u32, Vec<(u32, u32)>>,
    by_ps: HashMap<(u32, u32), Vec<u32>>,
    by_po: HashMap<(u32, u32), Vec<u32>>,
}

impl Triples {
    fn intern(&mut self, term: Term) -> u32 {
        if let Some(&id) = self.ids.get(&term) {
            return id;
        }
        let id = u32::try_from(self.terms.len()).unwrap_or(u32::MAX);
        self.terms.push(term.clone());
        self.ids.insert(term, id);
        id
    }

    fn insert(&mut self, t: (u32, u32, u32)) -> bool {
        if !self.all.insert(t) {
            return false;
        }
        let (s, p, o) = t;
        self.by_p.entry(p).or_default().push((s, o));
        self.by_ps.entry((p, s)).or_default().push(o);
        self.by_po.entry((p, o)).or_default().push(s);
        true
    }

    fn objects(&self, p: u32, s: u32) -> &[u32] {
        self.by_ps.get(&(p, s)).map_or(&[], Vec::as_slice)
    }

    fn subjects(&self, p: u32, o: u32) -> &[u32] {
        self.by_po.get(&(p, o)).map_or(&[], Vec::as_slice)
    }

    fn pairs(&self, p: u32) -> &[(u32, u32)] {
        self.by_p.get(&p).map_or(&[], Vec::as_slice)
    }

    fn is_literal(&self, id: u32) -> bool {
        matches!(self.terms[id as usize], Term::Literal(_))
    }

    fn is_iri(&self, id: u32) -> bool {
        matches!(self.terms[id as usize], Term::NamedNode(_))
    }
}

/// Computes the entailed triples of `input` that are not in it (as a set: the
/// order is that of derivation; `export` sorts what it writes).
pub fn closure(input: impl IntoIterator<Item = Triple>, profile: Profile) -> Vec<Triple> {
    let mut triples = Triples::default();
    let named =
        |triples: &mut Triples, iri: &str| triples.intern(NamedNode::new_unchecked(iri).into());
    let v = Vocab {
        rdf_type: named(&mut triples, rdf::TYPE.as_str()),
        sub_class_of: named(&mut triples, rdfs::SUB_CLASS_OF.as_str()),
        sub_property_of: named(&mut triples, rdfs::SUB_PROPERTY_OF.as_str()),
        domain: named(&mut triples, rdfs::DOMAIN.as_str()),
        range: named(&mut triples, rdfs::RANGE.as_str()),
        equivalent_class: named(&mut triples, &format!("{OWL}equivalentClass")),
        equivalent_property: named(&mut triples, &format!("{OWL}equivalentProperty")),
        inverse_of: named(&mut triples, &format!("{OWL}inverseOf")),
        same_as: named(&mut triples, &format!("{OWL}sameAs")),
        symmetric: named(&mut triples, &format!("{OWL}SymmetricProperty")),
        transitive: named(&mut triples, &format!("{OWL}TransitiveProperty")),
    };
    let mut delta = Vec::new();
    for triple in input {
        let s = triples.intern(triple.subject.into());
        let p = triples.intern(triple.predicate.into());
        let o = triples.intern(triple.object);
        if triples.insert((s, p, o)) {
            delta.push((s, p, o));
        }
    }
    let input_len = triples.all.len();
    let mut derived = Vec::new();
    while !delta.is_empty() {
        let mut found = Vec::new();
        for &t in &delta {
            apply(&triples, &v, profile, t, &mut found);
        }
        delta.clear();
        for (s, p, o) in found {
            // No literal subjects and only IRIs as predicates: RDF has neither.
            if triples.is_literal(s) || !triples.is_iri(p) {
                continue;
            }
            if triples.insert((s, p, o)) {
                delta.push((s, p, o));
                derived.push((s, p, o));
            }
        }
    }
    debug_assert_eq!(triples.all.len(), input_len + derived.len());
    derived
        .into_iter()
        .filter_map(|(s, p, o)| {
            let subject = match &triples.terms[s as usize] {
                Term::NamedNode(n) => NamedOrBlankNode::from(n.clone()),
                Term::BlankNode(b) => NamedOrBlankNode::from(b.clone()),
                Term::Literal(_) => return None,
            };
            let Term::NamedNode(predicate) = &triples.terms[p as usize] else {
                return None;
            };
            Some(Triple::new(
                subject,
                predicate.clone(),
                triples.terms[o as usize].clone(),
            ))
        })
        .collect()
}

/// Every conclusion of one new triple `t` joined with the known triples.
fn apply(
    db: &Triples,
    v: &Vocab,
    profile: Profile,
    t: (u32, u32, u32),
    out: &mut Vec<(u32, u32, u32)>,
) {
    let (s, p, o) = t;
    // Schema premises with a constant predicate: join with the data they govern.
    if p == v.sub_class_of {
        // rdfs9: instances of s are instances of o.
        for &x in db.subjects(v.rdf_type, s) {
            out.push((x, v.rdf_type, o));
        }
        // rdfs11: transitivity, both sides.
        for &sup in db.objects(v.sub_class_of, o) {
            out.push((s, v.sub_class_of, sup));
        }
        for &sub in db.subjects(v.sub_class_of, s) {
            out.push((sub, v.sub_class_of, o));
        }
        if profile == Profile::OwlRl {
            // scm-eqc2: mutual subclasses are equivalent.
            if db.all.contains(&(o, v.sub_class_of, s)) {
                out.push((s, v.equivalent_class, o));
                out.push((o, v.equivalent_class, s));
            }
            // scm-dom1 and scm-rng1: a domain or range widens along subClassOf.
            for &prop in db.subjects(v.domain, s) {
                out.push((prop, v.domain, o));
            }
            for &prop in db.subjects(v.range, s) {
                out.push((prop, v.range, o));
            }
        }
    }
    if p == v.sub_property_of {
        // rdfs7: every statement with s also holds with o.
        for &(x, y) in db.pairs(s) {
            out.push((x, o, y));
        }
        // rdfs5.
        for &sup in db.objects(v.sub_property_of, o) {
            out.push((s, v.sub_property_of, sup));
        }
        for &sub in db.subjects(v.sub_property_of, s) {
            out.push((sub, v.sub_property_of, o));
        }
        if profile == Profile::OwlRl {
            // scm-eqp2.
            if db.all.contains(&(o, v.sub_property_of, s)) {
                out.push((s, v.equivalent_property, o));
                out.push((o, v.equivalent_property, s));
            }
            // scm-dom2 and scm-rng2: a subproperty inherits domain and range.
            for &c in db.objects(v.domain, o) {
                out.push((s, v.domain, c));
            }
            for &c in db.objects(v.range, o) {
                out.push((s, v.range, c));
            }
        }
    }
    if p == v.domain {
        // rdfs2.
        for &(x, _) in db.pairs(s) {
            out.push((x, v.rdf_type, o));
        }
        if profile == Profile::OwlRl {
            for &sup in db.objects(v.sub_class_of, o) {
                out.push((s, v.domain, sup));
            }
            for &sub in db.subjects(v.sub_property_of, s) {
                out.push((sub, v.domain, o));
            }
        }
    }
    if p == v.range {
        // rdfs3 (literals cannot be typed by a class statement).
        for &(_, y) in db.pairs(s) {
            if !db.is_literal(y) {
                out.push((y, v.rdf_type, o));
            }
        }
        if profile == Profile::OwlRl {
            for &sup in db.objects(v.sub_class_of, o) {
                out.push((s, v.range, sup));
            }
            for &sub in db.subjects(v.sub_property_of, s) {
                out.push((sub, v.range, o));
            }
        }
    }
    if p == v.rdf_type {
        // rdfs9, from the instance side.
        for &sup in db.objects(v.sub_class_of, o) {
            out.push((s, v.rdf_type, sup));
        }
    }
    if profile == Profile::OwlRl {
        if p == v.equivalent_class {
            // scm-eqc1.
            out.push((s, v.sub_class_of, o));
            out.push((o, v.sub_class_of, s));
        }
        if p == v.equivalent_property {
            // scm-eqp1.
            out.push((s, v.sub_property_of, o));
            out.push((o, v.sub_property_of, s));
        }
        if p == v.inverse_of {
            // prp-inv1/2 from the schema side.
            for &(x, y) in db.pairs(s) {
                out.push((y, o, x));
            }
            for &(x, y) in db.pairs(o) {
                out.push((y, s, x));
            }
        }
        if p == v.rdf_type && o == v.symmetric {
            for &(x, y) in db.pairs(s) {
                out.push((y, s, x));
            }
        }
        if p == v.rdf_type && o == v.transitive {
            for &(x, y) in db.pairs(s) {
                for &z in db.objects(s, y) {
                    out.push((x, s, z));
                }
            }
        }
    }
    // Data premises: the statement (s p o) under p's schema.
    for &sup in db.objects(v.sub_property_of, p) {
        out.push((s, sup, o)); // rdfs7
    }
    for &c in db.objects(v.domain, p) {
        out.push((s, v.rdf_type, c)); // rdfs2
    }
    if !db.is_literal(o) {
        for &c in db.objects(v.range, p) {
            out.push((o, v.rdf_type, c)); // rdfs3
        }
    }
    if profile == Profile::OwlRl && !db.is_literal(o) {
        for &q in db.objects(v.inverse_of, p) {
            out.push((o, q, s)); // prp-inv1
        }
        for &q in db.subjects(v.inverse_of, p) {
            out.push((o, q, s)); // prp-inv2
        }
        if p == v.same_as || db.all.contains(&(p, v.rdf_type, v.symmetric)) {
            out.push((o, p, s)); // eq-sym, prp-symp
        }
        if p == v.same_as || db.all.contains(&(p, v.rdf_type, v.transitive)) {
            // eq-trans, prp-trp: chain on both sides.
            for &z in db.objects(p, o) {
                out.push((s, p, z));
            }
            for &w in db.subjects(p, s) {
                out.push((w, p, o));
            }
        }
    }
}

/// Loads the dataset and, with a profile, adds its entailments in [`INFERRED_GRAPH`].
pub fn load(sources: &Sources, profile: Option<Profile>) -> Result<Dataset> {
    if profile.is_some() && sources.store.is_some() {
        return Err(crate::error::Error::Usage(
            "--infer adds triples to the dataset, and --store is read as it is: run --infer without --store".into(),
        ));
    }
    let dataset = store::load(sources)?;
    if let Some(profile) = profile {
        materialise(&dataset.store, profile)?;
    }
    Ok(dataset)
}

/// Adds the entailments of the whole dataset (the union of its graphs) to the
/// store, in [`INFERRED_GRAPH`]; returns how many triples were added.
pub fn materialise(store: &Store, profile: Profile) -> Result<usize> {
    let graph = NamedNode::new_unchecked(INFERRED_GRAPH);
    let mut input = Vec::new();
    for quad in store.iter() {
        let quad = quad?;
        if quad.graph_name != GraphName::NamedNode(graph.clone()) {
            input.push(Triple::new(quad.subject, quad.predicate, quad.object));
        }
    }
    let inferred = closure(input, profile);
    let count = inferred.len();
    store.extend(
        inferred
            .into_iter()
            .map(|t| Quad::new(t.subject, t.predicate, t.object, graph.clone())),
    )?;
    Ok(count)
}

#[cfg(test)]
mod tests {
    use super::*;
    use oxigraph::io::{RdfFormat, RdfParser};
    use std::collections::BTreeSet;

    const PREFIXES: &str = "@prefix : <http://example.org/> .
        @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
        @prefix owl: <http://www.w3.org/2002/07/owl#> .\n";

    /// The closure of a Turtle snippet, each triple as `s p o` in local names.
    fn infer(turtle: &str, profile: Profile) -> BTreeSet<String> {
        let text = format!("{PREFIXES}{turtle}");
        let triples = RdfParser::from_format(RdfFormat::Turtle)
            .for_slice(text.as_bytes())
            .map(|q| Triple::from(q.expect("valid Turtle")));
        let local = |t: &str| {
            t.trim_matches(['<', '>'])
                .rsplit(['/', '#'])
                .next()
                .unwrap_or_default()
                .to_owned()
        };
        closure(triples, profile)
            .into_iter()
            .map(|t| {
                format!(
                    "{} {} {}",
                    local(&t.subject.to_string()),
                    local(&t.predicate.to_string()),
                    local(&t.object.to_string())
                )
            })
            .collect()
    }

    fn has(set: &BTreeSet<String>, triple: &str) -> bool {
        set.contains(triple)
    }

    #[test]
    fn rdfs9_and_rdfs11_type_along_the_class_hierarchy() {
        let out = infer(
            ":Treaty rdfs:subClassOf :Document . :Document rdfs:subClassOf :Work . :t a :Treaty .",
            Profile::Rdfs,
        );
        assert!(has(&out, "t type Document"), "{out:?}");
        assert!(has(&out, "t type Work"), "{out:?}");
        assert!(has(&out, "Treaty subClassOf Work"), "{out:?}");
        assert!(
            !has(&out, "t type Treaty"),
            "input triples are not repeated"
        );
    }

    #[test]
    fn rdfs7_and_rdfs5_follow_subproperties() {
        let out = infer(
            ":startDate rdfs:subPropertyOf :date . :date rdfs:subPropertyOf :temporal . :e :startDate :d .",
            Profile::Rdfs,
        );
        assert!(has(&out, "e date d"), "{out:?}");
        assert!(has(&out, "e temporal d"), "{out:?}");
        assert!(has(&out, "startDate subPropertyOf temporal"), "{out:?}");
    }

    #[test]
    fn rdfs2_and_rdfs3_type_subjects_and_iri_objects() {
        let out = infer(
            ":heldBy rdfs:domain :Office ; rdfs:range :Person . :president :heldBy :jeenbekov .",
            Profile::Rdfs,
        );
        assert!(has(&out, "president type Office"), "{out:?}");
        assert!(has(&out, "jeenbekov type Person"), "{out:?}");
    }

    #[test]
    fn rdfs_does_not_apply_owl_rules() {
        let out = infer(
            ":a owl:sameAs :b . :p owl:inverseOf :q . :x :p :y .",
            Profile::Rdfs,
        );
        assert!(out.is_empty(), "{out:?}");
    }

    #[test]
    fn owl_rl_inverse_symmetric_and_transitive_properties() {
        let out = infer(
            ":hosts owl:inverseOf :hostedBy . :kg :hosts :games .
             :borders a owl:SymmetricProperty . :kg :borders :kz .
             :partOf a owl:TransitiveProperty . :a :partOf :b . :b :partOf :c .",
            Profile::OwlRl,
        );
        assert!(has(&out, "games hostedBy kg"), "{out:?}");
        assert!(has(&out, "kz borders kg"), "{out:?}");
        assert!(has(&out, "a partOf c"), "{out:?}");
    }

    #[test]
    fn owl_rl_equivalence_and_same_as_both_ways_without_copying_statements() {
        let out = infer(
            ":State owl:equivalentClass :Country . :tr a :State .
             :name owl:equivalentProperty :label . :tr :name \"Turkey\" .
             :tr owl:sameAs :q43 . :q43 owl:sameAs :tur .",
            Profile::OwlRl,
        );
        assert!(has(&out, "tr type Country"), "{out:?}");
        assert!(has(&out, "tr label \"Turkey\""), "{out:?}");
        assert!(has(&out, "q43 sameAs tr"), "{out:?}");
        assert!(has(&out, "tr sameAs tur"), "{out:?}");
        // eq-rep-s is left out on purpose: aliases keep their own statements.
        assert!(!has(&out, "q43 type State"), "{out:?}");
    }
}
