#!/usr/bin/env bash
# Benchmark of `dipkg link` on the hostile sources of issue 11, point 16:
# every entity of the source hits our names, either all with one name
# ("Turkey", a million times) or each with its own name sharing a surname with
# one of ours (benches/gen-repeated.py). Prints, per size and kind, the wall
# and user time and peak memory from /usr/bin/time -v, and how many lines the
# review report has (one per candidate), so the growth with the number of
# candidates shows.
#
# usage: benches/link-repeated.sh [N ...]   (default: 100000 1000000)
# needs: python3, /usr/bin/time (Debian package `time`)
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --locked --quiet
bin="${CARGO_TARGET_DIR:-target}/release/dipkg"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
printf '%10s %9s %8s %8s %10s %12s\n' entities kind wall_s user_s peak_MiB report_lines
for n in "${@:-100000 1000000}"; do
  for size in $n; do
    for kind in same distinct; do
      python3 benches/gen-repeated.py "$kind" "$size" "$work/source.nt"
      /usr/bin/time -v "$bin" link --against "$work/source.nt" -o "$work/links.ttl" 2> "$work/time.txt" >/dev/null
      wall=$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$work/time.txt" | awk -F: '{ if (NF == 3) print $1*3600 + $2*60 + $3; else print $1*60 + $2 }')
      user=$(sed -n 's/.*User time (seconds): //p' "$work/time.txt")
      kib=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$work/time.txt")
      lines=$(($(wc -l < "$work/links.review.tsv") - 1))
      printf '%10s %9s %8s %8s %10s %12s\n' "$size" "$kind" "$wall" "$user" "$((kib / 1024))" "$lines"
    done
  done
done
