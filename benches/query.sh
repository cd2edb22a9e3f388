#!/usr/bin/env bash
# Benchmark of the main job, answering a saved question from the shipped files as
# a whole process, side by side with independent tools doing the same job on the
# same triples in one run:
#   dipkg query NAME --format csv          (embedded data, release build)
#   roqet  (Debian rasqal-utils)           over a Turtle export of the same data
#   rdflib (PyPI, if DIPKG_BENCH_PYTHON names a Python that has it)
# It checks that all tools return the same number of rows, then times them with
# hyperfine and prints each peer's time as a multiple of dipkg's.
#
# usage: benches/query.sh [QUERY-NAME]   (default: timeline; the query must take no parameters)
# needs: hyperfine, roqet (apt-get install hyperfine rasqal-utils)
set -euo pipefail
cd "$(dirname "$0")/.."
name="${1:-timeline}"
runs="${DIPKG_BENCH_RUNS:-100}"

cargo build --release --locked --quiet
bin="${CARGO_TARGET_DIR:-target}/release/dipkg"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

"$bin" export --format turtle -o "$work/all.ttl"
cp "queries/$name.rq" "$work/query.rq"

rows() { tail -n +2 | grep -c . || true; }
ours=$("$bin" query "$name" --format csv | rows)
theirs=$(roqet -q -i sparql -D "$work/all.ttl" -r csv "$work/query.rq" | rows)
echo "rows: dipkg $ours, roqet $theirs"
if [ "$ours" != "$theirs" ]; then
  echo "the tools disagree on the answer: not timing them" >&2
  exit 1
fi

commands=(
  "$bin query $name --format csv"
  "roqet -q -i sparql -D $work/all.ttl -r csv $work/query.rq"
)
if [ -n "${DIPKG_BENCH_PYTHON:-}" ]; then
  cat > "$work/rdflib_query.py" <<'PY'
import sys
from rdflib import Graph
g = Graph()
g.parse(sys.argv[1], format="turtle")
sys.stdout.write(g.query(open(sys.argv[2], encoding="utf-8").read()).serialize(format="csv").decode())
PY
  commands+=("$DIPKG_BENCH_PYTHON $work/rdflib_query.py $work/all.ttl $work/query.rq")
  runs_rdflib=$(( runs < 20 ? runs : 20 ))
else
  runs_rdflib=""
fi

hyperfine -N --warmup 5 --min-runs "${runs_rdflib:-$runs}" --export-json "$work/times.json" "${commands[@]}"

python3 - "$work/times.json" <<'PY'
import json, sys
results = json.load(open(sys.argv[1]))["results"]
base = results[0]["mean"]
print()
print(f"{'command':<12} {'mean ms':>9} {'stddev ms':>10} {'x dipkg':>8}")
for r in results:
    tool = r["command"].split()[0].rsplit("/", 1)[-1]
    if tool.startswith("python"):
        tool = "rdflib"
    print(f"{tool:<12} {r['mean']*1000:>9.2f} {r['stddev']*1000:>10.2f} {r['mean']/base:>8.2f}")
PY
