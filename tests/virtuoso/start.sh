#!/usr/bin/env bash
# Starts a throwaway Virtuoso Open Source (Debian's virtuoso-opensource) on
# loopback for the tests: SQL on 127.0.0.1:1111, HTTP on 127.0.0.1:8890.
# It writes its own virtuoso.ini into a fresh database folder, so it never
# touches the system's /var/lib/virtuoso-opensource-7, and waits until /sparql
# answers. Prints the endpoint base URL on stdout; stop it with stop.sh DIR.
#
# usage: tests/virtuoso/start.sh DIR    (DIR: the database folder, created empty)
set -euo pipefail
DIR="${1:?usage: start.sh DIR}"
HTTP_PORT="${DIPKG_VIRTUOSO_HTTP_PORT:-8890}"
SQL_PORT="${DIPKG_VIRTUOSO_SQL_PORT:-1111}"
command -v virtuoso-t >/dev/null || { echo "start.sh: virtuoso-t not found; apt-get install virtuoso-opensource" >&2; exit 1; }
# A new database each time: the tests expect dba/dba and no data from an earlier run.
# A server left running from an earlier run in DIR is stopped first.
"$(dirname "$0")/stop.sh" "$DIR"
rm -rf "$DIR"
mkdir -p "$DIR"
DIR="$(cd "$DIR" && pwd)"
cat > "$DIR/virtuoso.ini" <<INI
[Database]
DatabaseFile       = $DIR/virtuoso.db
ErrorLogFile       = $DIR/virtuoso.log
LockFile           = $DIR/virtuoso.lck
TransactionFile    = $DIR/virtuoso.trx
xa_persistent_file = $DIR/virtuoso.pxa
ErrorLogLevel      = 7
FileExtend         = 200
MaxCheckpointRemap = 2000
Striping           = 0
TempStorage        = TempDatabase

[TempDatabase]
DatabaseFile       = $DIR/virtuoso-temp.db
TransactionFile    = $DIR/virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping           = 0

[Parameters]
ServerPort               = 127.0.0.1:$SQL_PORT
DisableUnixSocket        = 1
DisableTcpSocket         = 0
MaxClientConnections     = 10
CheckpointInterval       = 60
CaseMode                 = 2
DirsAllowed              = ., $DIR, /usr/share/virtuoso-opensource-7/vad
NumberOfBuffers          = 10000
MaxDirtyBuffers          = 6000
MaxQueryMem              = 200M
ThreadsPerQuery          = 2
VADInstallDir            = /usr/share/virtuoso-opensource-7/vad/

[HTTPServer]
ServerPort                  = 127.0.0.1:$HTTP_PORT
ServerRoot                  = /var/lib/virtuoso-opensource-7/vsp
MaxClientConnections        = 10
ServerThreads               = 10
MaxKeepAlives               = 10
KeepAliveTimeout            = 10
Charset                     = UTF-8
EnabledGzipContent          = 0

[SPARQL]
ResultSetMaxRows           = 100000
MaxQueryCostEstimationTime = 400
MaxQueryExecutionTime      = 60
INI
# virtuoso-t daemonises unless +foreground; the real PID is in virtuoso.lck.
# The background job's own output goes to the log too: were it the caller's
# stdout, `URL=$(start.sh DIR)` would wait for the server to end.
(cd "$DIR" && exec nohup virtuoso-t +configfile "$DIR/virtuoso.ini" +foreground) \
  >"$DIR/stdout.log" 2>&1 </dev/null &
URL="http://127.0.0.1:$HTTP_PORT"
for _ in $(seq 1 120); do
  if curl -fsS -o /dev/null "$URL/sparql?query=ASK%7B%7D" 2>/dev/null; then
    echo "$URL"
    exit 0
  fi
  sleep 0.5
done
echo "start.sh: Virtuoso did not answer on $URL/sparql within 60 s; see $DIR/virtuoso.log" >&2
tail -20 "$DIR/virtuoso.log" >&2 || true
exit 1
