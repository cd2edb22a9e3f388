//! Read access to the data graph for the evaluator.

use super::*;
use crate::error::Result;
use oxigraph::model::vocab::{rdf, rdfs};
use oxigraph::model::{NamedNode, NamedOrBlankNodeRef, Term};
use oxigraph::store::Store;
use std::collections::{HashMap, HashSet};

/// Read access to the data graph (the union of the store's graphs), with the
/// class hierarchy computed once.
pub(super) struct Data<'a> {
    store: &'a Store,
    /// Each class and its superclasses (reflexive, transitive).
    superclasses: HashMap<Term, HashSet<Term>>,
}

impl<'a> Data<'a> {
    pub(super) fn new(store: &'a Store) -> Result<Self> {
        let mut direct: HashMap<Term, HashSet<Term>> = HashMap::new();
        for quad in store.quads_for_pattern(None, Some(rdfs::SUB_CLASS_OF), None, None) {
            let quad = quad?;
            direct
                .entry(quad.subject.into())
                .or_default()
                .insert(quad.object);
        }
        let mut superclasses = HashMap::new();
        for class in direct.keys() {
            let mut seen: HashSet<Term> = HashSet::from([class.clone()]);
            let mut todo = vec![class.clone()];
            while let Some(c) = todo.pop() {
                for sup in direct.get(&c).into_iter().flatten() {
                    if seen.insert(sup.clone()) {
                        todo.push(sup.clone());
                    }
                }
            }
            superclasses.insert(class.clone(), seen);
        }
        Ok(Self {
            store,
            superclasses,
        })
    }

    pub(super) fn values(&self, focus: &Term, path: &Path) -> Result<Vec<Term>> {
        let mut values = HashSet::new();
        match path {
            Path::Predicate(p) => {
                let subject = match focus {
                    Term::NamedNode(n) => NamedOrBlankNodeRef::from(n.as_ref()),
                    Term::BlankNode(b) => NamedOrBlankNodeRef::from(b.as_ref()),
                    Term::Literal(_) => return Ok(Vec::new()),
                };
                for quad in
                    self.store
                        .quads_for_pattern(Some(subject), Some(p.as_ref()), None, None)
                {
                    values.insert(quad?.object);
                }
            }
            Path::Inverse(p) => {
                for quad in
                    self.store
                        .quads_for_pattern(None, Some(p.as_ref()), Some(focus.as_ref()), None)
                {
                    values.insert(quad?.subject.into());
                }
            }
        }
        let mut values: Vec<Term> = values.into_iter().collect();
        values.sort_by_cached_key(ToString::to_string);
        Ok(values)
    }

    pub(super) fn types(&self, node: &Term) -> Result<Vec<Term>> {
        self.values(node, &Path::Predicate(rdf::TYPE.into_owned()))
    }

    /// SHACL instance: `node rdf:type/rdfs:subClassOf* class`.
    pub(super) fn is_instance(&self, node: &Term, class: &NamedNode) -> Result<bool> {
        let class = Term::from(class.clone());
        Ok(self.types(node)?.iter().any(|t| {
            t == &class
                || self
                    .superclasses
                    .get(t)
                    .is_some_and(|sups| sups.contains(&class))
        }))
    }

    pub(super) fn instances(&self, class: &NamedNode) -> Result<HashSet<Term>> {
        let class_term = Term::from(class.clone());
        let mut classes: Vec<Term> = vec![class_term.clone()];
        for (sub, sups) in &self.superclasses {
            if sub != &class_term && sups.contains(&class_term) {
                classes.push(sub.clone());
            }
        }
        let mut out = HashSet::new();
        for c in classes {
            for quad in self
                .store
                .quads_for_pattern(None, Some(rdf::TYPE), Some(c.as_ref()), None)
            {
                out.insert(quad?.subject.into());
            }
        }
        Ok(out)
    }

    pub(super) fn subjects_of(&self, p: &NamedNode) -> Result<HashSet<Term>> {
        let mut out = HashSet::new();
        for quad in self
            .store
            .quads_for_pattern(None, Some(p.as_ref()), None, None)
        {
            out.insert(quad?.subject.into());
        }
        Ok(out)
    }

    pub(super) fn objects_of(&self, p: &NamedNode) -> Result<HashSet<Term>> {
        let mut out = HashSet::new();
        for quad in self
            .store
            .quads_for_pattern(None, Some(p.as_ref()), None, None)
        {
            out.insert(quad?.object);
        }
        Ok(out)
    }
}
