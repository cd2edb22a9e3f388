#!/usr/bin/env bash
# Benchmark of `dipkg link`: links the shipped data against generated
# Wikidata-shaped sources of growing size (default 100k and 1M entities, about
# six triples each, with the test fixture's true entities and decoys mixed in)
# and prints, per size, the wall time and peak memory from /usr/bin/time -v and
# how many links came out, so the growth with the source's size shows.
#
# usage: benches/link.sh [N ...]          (default: 100000 1000000)
# needs: python3, /usr/bin/time (Debian package `time`)
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --locked --quiet
bin="${CARGO_TARGET_DIR:-target}/release/dipkg"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
# Our data without the curated links, so the linker's own decisions show.
mkdir -p "$work/data"
cp data/*.trig "$work/data/"
rm "$work/data/links.trig"
# The fixture as N-Triples, appended to every generated source.
"$bin" --no-ontology --data tests/link/wikidata-extract.ttl export --format ntriples -o "$work/fixture.nt"
printf '%10s %10s %10s %12s %8s %8s\n' entities triples seconds peak_MiB sameAs close
for n in "${@:-100000 1000000}"; do
  for size in $n; do
    python3 benches/gen-source.py "$size" tests/link/wikidata-extract.ttl "$work/source.nt"
    cat "$work/fixture.nt" >> "$work/source.nt"
    triples=$(wc -l < "$work/source.nt")
    /usr/bin/time -v "$bin" --data "$work/data" link --against "$work/source.nt" -o "$work/links.ttl" 2> "$work/time.txt" >/dev/null
    secs=$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$work/time.txt" | awk -F: '{ if (NF == 3) print $1*3600 + $2*60 + $3; else print $1*60 + $2 }')
    kib=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$work/time.txt")
    same=$(grep -c 'owl:sameAs <' "$work/links.ttl" || true)
    close=$(grep -c 'skos:closeMatch <' "$work/links.ttl" || true)
    printf '%10s %10s %10s %12s %8s %8s\n' "$size" "$triples" "$secs" "$((kib / 1024))" "$same" "$close"
  done
done
