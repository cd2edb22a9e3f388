"""Checks that the standard OWL RL closure of the export says nothing about
Wikidata's, DBpedia's or GeoNames' items in their own vocabularies.

Usage: identity_crosscheck.py DATA.nt [MORE.ttl...]

MORE files (SKOS's own axioms, tests/skos-axioms.ttl; a mutant) are merged in.

DATA.nt is `dipkg export --format ntriples` (data, ontology and alignments).
owlrl computes its full OWL RL closure (owlrl.DeductiveClosure(
owlrl.OWLRL_Semantics), with every equality rule, eq-rep included, so each
owl:sameAs alias gets every statement of the other). A leak is an inferred or
stated triple whose subject is one of their items (http://www.wikidata.org/
entity/, http://dbpedia.org/resource/, https://sws.geonames.org/) and whose
predicate is in their vocabularies (anything under http://www.wikidata.org/,
http://dbpedia.org/ or http://www.geonames.org/, such as wdt:P585 or
dbo:date), or that types any resource with a Wikidata class (rdf:type wd:Q…:
Wikidata types its items with P31, never rdf:type), or a SKOS mapping
(skos:closeMatch and the like) from one of our resources to another dataset's,
which only curated links may state (mappings between our own concepts, CAMEO
codes to PLOVER types, are the code lists' own). A concept is a class or property (typed owl:Class,
rdfs:Class or a kind of property, or a Wikidata item or property) that the
closure types skos:Concept, as SKOS's axioms do to both ends of a mapping
property stated on the terms themselves.

Prints JSON: {"data": n, "closure": n, "about_their_items": n,
"their_predicates": {namespace: n}, "leaks": [triples], "concepts": [IRIs]}. Exits 3 with a message
when owlrl or rdflib cannot be imported.
"""

import json
import sys

try:
    import owlrl
    import rdflib
    from rdflib import RDF
except ImportError as e:  # pragma: no cover - reported to the Rust test
    print(f"cannot import {e.name}", file=sys.stderr)
    sys.exit(3)

THEIR_ITEMS = ("http://www.wikidata.org/entity/", "http://dbpedia.org/resource/", "https://sws.geonames.org/")
THEIR_VOCABULARIES = ("http://www.wikidata.org/", "http://dbpedia.org/", "http://www.geonames.org/")
WIKIDATA_CLASS = "http://www.wikidata.org/entity/Q"
OURS = "https://w3id.org/dipkg/id/"
WIKIDATA_TERMS = ("http://www.wikidata.org/entity/Q", "http://www.wikidata.org/prop/direct/")
TERM_TYPES = {
    rdflib.OWL.Class,
    rdflib.RDFS.Class,
    rdflib.OWL.ObjectProperty,
    rdflib.OWL.DatatypeProperty,
    rdflib.OWL.AnnotationProperty,
    rdflib.RDF.Property,
}
SKOS_MAPPINGS = {
    rdflib.URIRef("http://www.w3.org/2004/02/skos/core#" + p)
    for p in ("closeMatch", "exactMatch", "broadMatch", "narrowMatch", "relatedMatch", "mappingRelation")
}


def main():
    data_file, *more = sys.argv[1:]
    graph = rdflib.Graph().parse(data_file, format="nt")
    for name in more:
        graph.parse(name, format="turtle")
    data = len(graph)
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics).expand(graph)
    leaks = []
    about = 0
    namespaces = {}
    for s, p, o in graph:
        if not isinstance(s, rdflib.URIRef):
            continue
        theirs = str(s).startswith(THEIR_ITEMS)
        if theirs:
            about += 1
            ns = str(p).rsplit("#", 1)[0] if "#" in str(p) else str(p).rsplit("/", 1)[0]
            namespaces[ns] = namespaces.get(ns, 0) + 1
        if theirs and str(p).startswith(THEIR_VOCABULARIES):
            leaks.append((s, p, o))
        elif p == RDF.type and str(o).startswith(WIKIDATA_CLASS):
            leaks.append((s, p, o))
        elif p in SKOS_MAPPINGS and str(s).startswith(OURS) and not str(o).startswith(OURS):
            leaks.append((s, p, o))
    concept = rdflib.URIRef("http://www.w3.org/2004/02/skos/core#Concept")
    terms = {s for s, o in graph.subject_objects(RDF.type) if o in TERM_TYPES}
    concepts = sorted(
        str(s)
        for s in graph.subjects(RDF.type, concept)
        if s in terms or str(s).startswith(WIKIDATA_TERMS)
    )
    print(
        json.dumps(
            {
                "data": data,
                "closure": len(graph),
                "about_their_items": about,
                "their_predicates": dict(sorted(namespaces.items())),
                "leaks": sorted(" ".join(x.n3() for x in t) for t in leaks),
                "concepts": concepts,
            }
        )
    )


if __name__ == "__main__":
    main()
