#!/usr/bin/env bash
# Start-up time of the embedded default (all flows, 4 embedded servers): JVM start -> all routes started, as the
# runtime logs it ("mediarelay started: N of N routes running, X ms from JVM start"). ROUNDS alternating starts of
# `bin/mediarelay` (AppCDS archive + bin/jvm.options), the JIT options alone and plain `java -jar`, each stopped
# with SIGTERM (a kill -9 would make the next H2 open wait for the stale lock). Usage: bench/startup.sh [ROUNDS] (default 3). Needs the ports of the embedded
# default free.
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${1:-3}
OUT=bench/out; mkdir -p "$OUT"
DATA=$(mktemp -d /tmp/mediarelay-startup.XXXXXX)
[ -f target/mediarelay.jar ] || mvn -q -DskipTests package
one() { # $1 label, rest: command
  local label=$1; shift
  "$@" run --set "mediarelay.data-dir=$DATA" > "$OUT/startup-run.log" 2>&1 &
  local pid=$!
  for _ in $(seq 1 600); do grep -q "mediarelay started" "$OUT/startup-run.log" && break; sleep 0.1; done
  echo "$label $(grep -o '[0-9]* of [0-9]* routes running, [0-9]* ms' "$OUT/startup-run.log") load $(cut -d' ' -f1 /proc/loadavg)"
  pkill -TERM -P $pid 2>/dev/null || true; kill -TERM $pid 2>/dev/null || true; wait $pid 2>/dev/null || true
  sleep 1
}
rm -f target/mediarelay.jsa
one "first run (fresh database, records the CDS archive at exit)" bin/mediarelay | tee "$OUT/startup.txt"
for i in $(seq 1 "$ROUNDS"); do
  one "bin/mediarelay (AppCDS)" bin/mediarelay
  one "java @bin/jvm.options -jar (no CDS)" java @bin/jvm.options -jar target/mediarelay.jar
  one "java -jar" java -jar target/mediarelay.jar
done | tee -a "$OUT/startup.txt"
rm -rf "$DATA"
