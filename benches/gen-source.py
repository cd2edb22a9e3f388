#!/usr/bin/env python3
"""Writes a Wikidata-shaped N-Triples source of N entities for benches/link.sh.

Each generated entity has an English and a Russian label, an alternative
label, a type (wdt:P31), a country (wdt:P17) and a date (wdt:P571): about six
triples. Names are random syllables, so a few collide with ours by chance, as
in real data; the linker's fixture (tests/link/wikidata-extract.ttl) is
appended so the true entities are in the source and the links can be checked.
Deterministic: the same N gives the same file.

usage: benches/gen-source.py N FIXTURE.ttl OUT.nt
"""
import random
import sys

n, fixture, out = int(sys.argv[1]), sys.argv[2], sys.argv[3]
rng = random.Random(n)
syll = ["ka", "ra", "bek", "an", "tu", "mir", "ol", "sa", "ta", "bi", "shek", "zhe", "no", "ur", "al", "ist", "dar", "kan"]
cyr = {"ka": "ка", "ra": "ра", "bek": "бек", "an": "ан", "tu": "ту", "mir": "мир", "ol": "ол", "sa": "са", "ta": "та",
       "bi": "би", "shek": "шек", "zhe": "же", "no": "но", "ur": "ур", "al": "ал", "ist": "ист", "dar": "дар", "kan": "кан"}
classes = ["Q5", "Q515", "Q3957", "Q43229", "Q1656682", "Q16521", "Q532"]
WD = "http://www.wikidata.org/entity/"
P = "http://www.wikidata.org/prop/direct/"
LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
ALT = "http://www.w3.org/2004/02/skos/core#altLabel"
with open(out, "w", encoding="utf-8") as f:
    for i in range(n):
        parts = [rng.choice(syll) for _ in range(rng.randint(2, 4))]
        word = "".join(parts).capitalize()
        second = "".join(rng.choice(syll) for _ in range(3)).capitalize()
        s = f"<{WD}Q{50_000_000 + i}>"
        f.write(f'{s} <{LABEL}> "{word} {second}"@en .\n')
        f.write(f'{s} <{LABEL}> "{"".join(cyr[p] for p in parts).capitalize()}"@ru .\n')
        f.write(f'{s} <{ALT}> "{word}"@en .\n')
        f.write(f"{s} <{P}P31> <{WD}{rng.choice(classes)}> .\n")
        f.write(f"{s} <{P}P17> <{WD}Q{rng.randint(1, 300)}> .\n")
        f.write(f'{s} <{P}P571> "{rng.randint(1800, 2024)}-01-01"^^<http://www.w3.org/2001/XMLSchema#date> .\n')
# The fixture is Turtle; benches/link.sh converts it with `dipkg export` and appends it.
