#!/usr/bin/env bash
# Benchmark of `dipkg serve` side by side with the peers, in one run, on the
# same data (the shipped graph), each peer on its own job:
#   SPARQL:  a saved query (timeline) POSTed to /sparql, against
#            `oxigraph serve-read-only --union-default-graph` (crate oxigraph-cli,
#            same Oxigraph version as dipkg);
#   pages:   a resource page as HTML and as Turtle, against RickView (crate rickview).
# wrk from Debian: 2 threads, 16 connections, DURATION seconds each. Reports
# requests/s, p99 latency and the server's peak memory (VmHWM) after all runs,
# and each peer's throughput as a multiple of dipkg's.
#
# usage: benches/serve.sh [DURATION]   (default 30)
# needs: wrk (apt-get install wrk); oxigraph and rickview on PATH
#        (cargo install --locked oxigraph-cli rickview; oxigraph-cli needs libclang-dev)
set -euo pipefail
cd "$(dirname "$0")/.."
duration="${1:-30}"
command -v wrk >/dev/null || { echo "wrk is not installed (apt-get install wrk)" >&2; exit 1; }
command -v oxigraph >/dev/null || { echo "oxigraph is not on PATH (cargo install --locked oxigraph-cli)" >&2; exit 1; }
command -v rickview >/dev/null || { echo "rickview is not on PATH (cargo install --locked rickview)" >&2; exit 1; }

cargo build --release --locked --quiet
bin="${CARGO_TARGET_DIR:-target}/release/dipkg"
work="$(mktemp -d)"
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT

"$bin" export --format nquads -o "$work/all.nq"
"$bin" export --format turtle -o "$work/all.ttl"
query="$(grep -v '^#' queries/timeline.rq)"
printf 'wrk.method = "POST"\nwrk.body = "query=%s"\nwrk.headers["Content-Type"] = "application/x-www-form-urlencoded"\nwrk.headers["Accept"] = "application/sparql-results+json"\n' \
  "$(python3 -c 'import sys, urllib.parse; print(urllib.parse.quote_plus(sys.stdin.read()))' <<<"$query")" > "$work/query.lua"

wait_for() { for _ in $(seq 1 100); do curl -s -o /dev/null "$1" && return 0; sleep 0.1; done; echo "no answer from $1" >&2; exit 1; }

"$bin" serve --quiet --bind 127.0.0.1:7101 --max-queries 64 & pids+=($!); dipkg_pid=$!
oxigraph load --location "$work/oxigraph" --file "$work/all.nq" >/dev/null 2>&1
oxigraph serve-read-only --location "$work/oxigraph" --bind 127.0.0.1:7102 --union-default-graph >/dev/null 2>&1 & pids+=($!); oxigraph_pid=$!
(cd "$work" && RICKVIEW_KB_FILE="$work/all.ttl" RICKVIEW_NAMESPACE="https://w3id.org/dipkg/id/" \
  RICKVIEW_PREFIX=dkr RICKVIEW_PORT=7103 RICKVIEW_LOG_LEVEL=error rickview >/dev/null 2>&1) & pids+=($!); rickview_pid=$!
wait_for http://127.0.0.1:7101/
wait_for "http://127.0.0.1:7102/query?query=ASK%7B%7D"
wait_for http://127.0.0.1:7103/state/turkey

# Each answer is checked once before timing, so nobody is timed on an error page
# (saved to a file first: `curl | grep -q` fails under pipefail when grep stops early).
curl -sf -X POST -H 'Accept: application/sparql-results+json' --data-urlencode "query=$query" http://127.0.0.1:7101/sparql -o "$work/check0" && grep -q 1991-12-24 "$work/check0" || { echo "unexpected answer: curl -sf -X POST -H 'Accept: application/sparql-results+json…" >&2; exit 1; }
curl -sf -X POST -H 'Accept: application/sparql-results+json' --data-urlencode "query=$query" http://127.0.0.1:7102/query -o "$work/check1" && grep -q 1991-12-24 "$work/check1" || { echo "unexpected answer: curl -sf -X POST -H 'Accept: application/sparql-results+json…" >&2; exit 1; }
curl -sf -H 'Accept: text/html' http://127.0.0.1:7101/id/state/turkey -o "$work/check2" && grep -q '<h1>' "$work/check2" || { echo "unexpected answer: curl -sf -H 'Accept: text/html' http://127.0.0.1:7101/id/sta…" >&2; exit 1; }
curl -sf -H 'Accept: text/html' http://127.0.0.1:7103/state/turkey -o "$work/check3" && grep -qi 'turkey' "$work/check3" || { echo "unexpected answer: curl -sf -H 'Accept: text/html' http://127.0.0.1:7103/state/…" >&2; exit 1; }

run() { # name [wrk args...] url -> "requests/s p99"
  shift
  local out
  out=$(wrk -t2 -c16 -d"${duration}s" --latency "$@" 2>&1)
  local rps p99
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  p99=$(awk '$1 == "99%" {print $2}' <<<"$out")
  echo "$rps $p99"
}
peak() { awk '/VmHWM/ {printf "%.0f MB", $2/1024}' "/proc/$1/status"; }

printf '%-32s %-10s %12s %10s %8s\n' job server requests/s p99 "× dipkg"
line() { printf '%-32s %-10s %12s %10s %8s\n' "$@"; }
read -r d_rps d_p99 < <(run q -s "$work/query.lua" http://127.0.0.1:7101/sparql)
read -r o_rps o_p99 < <(run q -s "$work/query.lua" http://127.0.0.1:7102/query)
line "saved query (timeline) /sparql" dipkg "$d_rps" "$d_p99" 1.00
line "" oxigraph "$o_rps" "$o_p99" "$(python3 -c "print(f'{$o_rps/$d_rps:.2f}')")"
for kind in html turtle; do
  accept=$([ "$kind" = html ] && echo text/html || echo text/turtle)
  read -r d_rps d_p99 < <(run p -H "Accept: $accept" http://127.0.0.1:7101/id/state/turkey)
  read -r r_rps r_p99 < <(run p -H "Accept: $accept" http://127.0.0.1:7103/state/turkey)
  line "resource page as $kind" dipkg "$d_rps" "$d_p99" 1.00
  line "" rickview "$r_rps" "$r_p99" "$(python3 -c "print(f'{$r_rps/$d_rps:.2f}')")"
done
echo "peak memory after all runs: dipkg $(peak "$dipkg_pid"), oxigraph $(peak "$oxigraph_pid"), rickview $(peak "$rickview_pid")"
