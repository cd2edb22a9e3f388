#!/usr/bin/env bash
# Benchmark of the persistent store (issue 15), side by side with Oxigraph's own
# command line (crate oxigraph-cli 0.5.13, the same Oxigraph as ours) in one run,
# on generated Wikidata-shaped N-Triples (benches/gen-wikidata.py):
#   load:    dipkg --store D load FILE        vs  oxigraph load --location D --file FILE
#            (throughput, and peak memory from /usr/bin/time -v)
#   queries: the five queries of benches/store-queries/ on the loaded stores, as whole
#            processes, timed by hyperfine (dipkg query NAME --store D  vs
#            oxigraph query --location D --union-default-graph); the answers must agree
#   dump:    dipkg --store D dump -f nquads   vs  oxigraph dump --location D --format nq
#
# usage: benches/store.sh [TRIPLES...]   (default: 1000000 10000000)
# needs: cargo install oxigraph-cli --locked (the `oxigraph` command; without it dipkg
#        runs alone), hyperfine, /usr/bin/time (apt-get install hyperfine time),
#        libclang-dev for the rocksdb feature.
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(1000000 10000000)
runs="${DIPKG_BENCH_RUNS:-10}"
work="${DIPKG_BENCH_DIR:-$(mktemp -d)}"
mkdir -p "$work"
[ -n "${DIPKG_BENCH_KEEP:-}" ] || trap 'rm -rf "$work"' EXIT

cargo build --release --locked --quiet --features rocksdb
bin="$(realpath "${CARGO_TARGET_DIR:-target}/release/dipkg")"
oxigraph="$(command -v oxigraph || true)"
[ -n "$oxigraph" ] || echo "oxigraph is not installed (cargo install oxigraph-cli --locked): dipkg runs alone" >&2
queries=(classes citizens events-1998 label office-holders)

# seconds and peak RSS (MB) of a command, from GNU time
measure() {
  local log="$1"; shift
  /usr/bin/time -v "$@" 2> "$log" >/dev/null
  local wall rss
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$log" | awk -F: '{ if (NF==3) print $1*3600+$2*60+$3; else print $1*60+$2 }')
  rss=$(awk -F': ' '/Maximum resident set size/ {printf "%.0f", $2/1024}' "$log")
  echo "$wall $rss"
}

echo "| triples | step | dipkg | oxigraph | dipkg / oxigraph |"
echo "| ---: | --- | ---: | ---: | ---: |"
for n in "${sizes[@]}"; do
  data="$work/wd-$n.nt"
  [ -s "$data" ] || python3 benches/gen-wikidata.py "$n" "$data"
  rm -rf "$work/dipkg-$n" "$work/oxigraph-$n"
  read -r dw dm < <(measure "$work/load-dipkg.log" "$bin" --store "$work/dipkg-$n" load "$data" --quiet)
  drate=$(awk -v n="$n" -v s="$dw" 'BEGIN {printf "%.0f", n/s}')
  if [ -n "$oxigraph" ]; then
    read -r ow om < <(measure "$work/load-oxigraph.log" "$oxigraph" load --location "$work/oxigraph-$n" --file "$data")
    orate=$(awk -v n="$n" -v s="$ow" 'BEGIN {printf "%.0f", n/s}')
    echo "| $n | load: triples/s | $drate (${dw} s) | $orate (${ow} s) | $(awk -v a="$drate" -v b="$orate" 'BEGIN {printf "%.2f", a/b}') |"
    echo "| $n | load: peak memory (MB) | $dm | $om | $(awk -v a="$dm" -v b="$om" 'BEGIN {printf "%.2f", a/b}') |"
  else
    echo "| $n | load: triples/s | $drate (${dw} s) | – | – |"
    echo "| $n | load: peak memory (MB) | $dm | – | – |"
  fi
  for q in "${queries[@]}"; do
    ours=(--queries benches/store-queries --store "$work/dipkg-$n" query "$q" --format csv)
    cmds=("$bin ${ours[*]}")
    if [ -n "$oxigraph" ]; then
      a=$("$bin" "${ours[@]}" | tail -n +2 | tr -d '\r' | sort | md5sum)
      b=$("$oxigraph" query --location "$work/oxigraph-$n" --union-default-graph --query-file "benches/store-queries/$q.rq" --results-format csv | tail -n +2 | tr -d '\r' | sort | md5sum)
      [ "$a" = "$b" ] || { echo "query $q: the answers differ" >&2; exit 1; }
      cmds+=("$oxigraph query --location $work/oxigraph-$n --union-default-graph --query-file benches/store-queries/$q.rq --results-format csv")
    fi
    hyperfine -N --warmup 2 --runs "$runs" --export-json "$work/q.json" "${cmds[@]}" >/dev/null
    times=($(python3 -c 'import json,sys; print(" ".join("%.1f" % (r["mean"]*1000) for r in json.load(open(sys.argv[1]))["results"]))' "$work/q.json"))
    if [ ${#times[@]} -gt 1 ]; then
      echo "| $n | query $q (ms) | ${times[0]} | ${times[1]} | $(awk -v a="${times[0]}" -v b="${times[1]}" 'BEGIN {printf "%.2f", a/b}') |"
    else
      echo "| $n | query $q (ms) | ${times[0]} | – | – |"
    fi
  done
  read -r dd _ < <(measure "$work/dump-dipkg.log" "$bin" --store "$work/dipkg-$n" dump -f nquads)
  drate=$(awk -v n="$n" -v s="$dd" 'BEGIN {printf "%.0f", n/s}')
  if [ -n "$oxigraph" ]; then
    read -r od _ < <(measure "$work/dump-oxigraph.log" "$oxigraph" dump --location "$work/oxigraph-$n" --format nq)
    orate=$(awk -v n="$n" -v s="$od" 'BEGIN {printf "%.0f", n/s}')
    echo "| $n | dump: triples/s | $drate (${dd} s) | $orate (${od} s) | $(awk -v a="$drate" -v b="$orate" 'BEGIN {printf "%.2f", a/b}') |"
  else
    echo "| $n | dump: triples/s | $drate (${dd} s) | – | – |"
  fi
  rm -rf "$work/dipkg-$n" "$work/oxigraph-$n"
done
