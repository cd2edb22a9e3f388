#!/usr/bin/env python3
"""Check that every quote in *.expected.tsv occurs verbatim in its text."""
import csv, glob, re, sys, os
EVENTS = {"diplomatic-relations","embassy-opening","consulate-opening","official-visit","state-visit",
          "working-visit","visit","meeting","signing","session","summit","coup-attempt","ratification","other"}
DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
here = os.path.dirname(os.path.abspath(__file__))
bad = 0
for tsv in sorted(glob.glob(os.path.join(here, "*.expected.tsv"))):
    txt = open(tsv.replace(".expected.tsv", ".txt"), encoding="utf-8").read()
    with open(tsv, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))
    for i, r in enumerate(rows, 2):
        errs = []
        if r["quote"] not in txt: errs.append("quote not found")
        if r["event"] not in EVENTS: errs.append("bad event")
        if not DATE.match(r["start"]): errs.append("bad start")
        if r["end"] and (not DATE.match(r["end"]) or r["end"] < r["start"]): errs.append("bad end")
        if errs:
            bad += 1; print(f"{os.path.basename(tsv)}:{i}: {', '.join(errs)}: {r['quote']!r}")
    print(f"{os.path.basename(tsv)}: {len(rows)} facts")
sys.exit(1 if bad else 0)
