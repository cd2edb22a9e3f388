"""Compares dipkg's entailments with owlrl's for the same data and rules.

Usage: reason_crosscheck.py rdfs|owl-rl DATA.nt INFERRED.nt

DATA.nt is the dataset (dipkg export without --infer), INFERRED.nt what dipkg
inferred from it (--inferred only). owlrl computes its closure of DATA.nt with
RDFS_Semantics or OWLRL_Semantics (no axiomatic triples, no datatype axioms).
For OWL RL, owlrl's own equality rules are limited to eq-sym and eq-trans, the
two dipkg implements: eq-ref and eq-rep-s/p/o (copying every statement onto
each owl:sameAs alias) are switched off by overriding that one method, since
dipkg keeps linked resources apart on purpose.
Both sides are then restricted to the rules dipkg implements by dropping the
conclusions of the rules it leaves out, recognised by their form alone:

1. reflexive rdfs:subClassOf, rdfs:subPropertyOf, owl:equivalentClass,
   owl:equivalentProperty and owl:sameAs (rdfs6, rdfs10, scm-cls, scm-op,
   scm-dp, eq-ref);
2. statements about the built-in vocabulary: a subject in the rdf:, rdfs:,
   owl: or xsd: namespace (axiomatic triples and what follows from them);
3. typing with a built-in class: rdf:type, rdfs:subClassOf, rdfs:domain or
   rdfs:range to a class in those namespaces (rdfs1, rdfs4a/b, rdfs8, rdfs12,
   rdfs13, scm-cls and what scm-dom1/scm-rng1 make of its "c subClassOf
   owl:Thing", and the domains and ranges of the built-in properties);
4. triples with a literal in subject position (generalised RDF);
5. a statement that repeats a statement of the data with a literal of the same
   lexical form but another language tag or datatype: owlrl stands in for
   literals with blank nodes keyed by value, so "x"@en and "x" come back
   as one another; RDF keeps them distinct;
6. a boolean that stands for a number of the data at the same subject and
   predicate, or a number for a boolean (a quad class 1 comes back as "true",
   a "true" as 1): the stand-ins are keyed by Python values, and Python holds
   True == 1 and False == 0.

Prints JSON: {"compared": n, "missing": [owlrl only], "extra": [dipkg only]}.
"""

import json
import sys

import owlrl
import rdflib
from rdflib import OWL, RDF, RDFS, XSD, Literal

BUILT_IN = (str(RDF), str(RDFS), str(OWL), str(XSD))
REFLEXIVE = {RDFS.subClassOf, RDFS.subPropertyOf, OWL.equivalentClass, OWL.equivalentProperty, OWL.sameAs}


def built_in(term):
    return isinstance(term, rdflib.URIRef) and str(term).startswith(BUILT_IN)


class EqualityLimited(owlrl.OWLRL_Semantics):
    """OWL RL with only eq-sym and eq-trans among the equality rules."""

    def _equality(self, triple, cycle_num):
        s, p, o = triple
        if p == OWL.sameAs:
            self.store_triple((o, OWL.sameAs, s))
            for z in self.graph.objects(o, OWL.sameAs):
                self.store_triple((s, OWL.sameAs, z))


def kept(triple, data_literals, data_values=None):
    s, p, o = triple
    if (
        data_values is not None
        and isinstance(o, Literal)
        and any(
            isinstance(v, bool) != isinstance(o.toPython(), bool) and v == o.toPython()
            for v in data_values.get((s, p), ())
        )
    ):
        return False
    if isinstance(o, Literal) and any(
        other != o for other in data_literals.get((s, p, str(o)), ())
    ):
        return False
    if isinstance(s, Literal):
        return False
    if p in REFLEXIVE and s == o:
        return False
    if built_in(s):
        return False
    if p in (RDF.type, RDFS.subClassOf, RDFS.domain, RDFS.range) and built_in(o):
        return False
    return True


def main():
    profile, data_file, inferred_file = sys.argv[1:]
    data = rdflib.Graph().parse(data_file, format="nt")
    before = set(data)
    closure = rdflib.Graph()
    for t in before:
        closure.add(t)
    semantics = owlrl.RDFS_Semantics if profile == "rdfs" else EqualityLimited
    owlrl.DeductiveClosure(semantics, axiomatic_triples=False, datatype_axioms=False).expand(closure)
    data_literals = {}
    data_values = {}
    for s, p, o in before:
        if isinstance(o, Literal):
            data_literals.setdefault((s, p, str(o)), set()).add(o)
            data_values.setdefault((s, p), []).append(o.toPython())
    theirs = {t for t in closure if t not in before and kept(t, data_literals, data_values)}
    ours = {t for t in rdflib.Graph().parse(inferred_file, format="nt") if kept(t, data_literals)}
    show = lambda ts: sorted(" ".join(x.n3() for x in t) for t in ts)
    print(json.dumps({"compared": len(theirs | ours), "missing": show(theirs - ours), "extra": show(ours - theirs)}))


if __name__ == "__main__":
    main()
