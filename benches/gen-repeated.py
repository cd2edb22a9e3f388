#!/usr/bin/env python3
"""Writes a source for `dipkg link` whose names all hit ours: the hostile case
of issue 11, point 16, for benches/link-repeated.sh.

  same      every entity is named "Turkey" (a million copies of one name)
  distinct  every entity has its own name, all with the surname "Jeenbekov"
            (a million names that all share a surname with one of ours)

Each entity also has a type (wdt:P31), a country (wdt:P17) and a date
(wdt:P571), so scoring reads more than names. Deterministic: the same
arguments give the same file.

usage: benches/gen-repeated.py same|distinct N OUT.nt
"""
import random
import sys

mode, n, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
if mode not in ("same", "distinct"):
    sys.exit("mode must be same or distinct")
rng = random.Random(n)
syll = ["ka", "ra", "bek", "an", "tu", "mir", "ol", "sa", "ta", "bi", "shek", "zhe", "no", "ur", "al"]
classes = ["Q5", "Q6256", "Q515", "Q16521", "Q43229"]
WD = "http://www.wikidata.org/entity/"
P = "http://www.wikidata.org/prop/direct/"
LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
with open(out, "w", encoding="utf-8") as f:
    for i in range(n):
        s = f"<{WD}Q{60_000_000 + i}>"
        if mode == "same":
            name = "Turkey"
        else:
            # The index i in base 15 syllables makes every given name distinct.
            given, k = [], i
            while True:
                given.append(syll[k % len(syll)])
                k //= len(syll)
                if k == 0:
                    break
            name = "".join(given).capitalize() + " Jeenbekov"
        f.write(f'{s} <{LABEL}> "{name}"@en .\n')
        f.write(f"{s} <{P}P31> <{WD}{rng.choice(classes)}> .\n")
        f.write(f"{s} <{P}P17> <{WD}Q{rng.randint(1, 300)}> .\n")
        f.write(f'{s} <{P}P571> "{rng.randint(1800, 2024)}-01-01"^^<http://www.w3.org/2001/XMLSchema#date> .\n')
