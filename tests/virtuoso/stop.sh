#!/usr/bin/env bash
# Stops the Virtuoso that start.sh DIR started, by the PID it wrote in its lock file.
set -euo pipefail
DIR="${1:?usage: stop.sh DIR}"
LOCK="$DIR/virtuoso.lck"
[ -f "$LOCK" ] || exit 0
PID="$(sed -n 's/^VIRT_PID=//p' "$LOCK")"
[ -n "$PID" ] || exit 0
kill "$PID" 2>/dev/null || exit 0
for _ in $(seq 1 40); do
  kill -0 "$PID" 2>/dev/null || exit 0
  sleep 0.25
done
kill -9 "$PID" 2>/dev/null || true
