#!/usr/bin/env bash
# Start-up time of the embedded default (all flows, 4 embedded servers): JVM start -> all routes started, as the
# runtime logs it ("mediarelay started: N of N routes running, X ms from JVM start"). ROUNDS alternating starts of
# `bin/mediarelay` (AppCDS archive + bin/jvm.options), the JIT options alone and plain `java -jar`, each stopped
# with SIGTERM (a kill -9 would make the next H2 open wait for the stale lock). Needs the ports of the embedded default free.
# REF=<commit> also builds that commit in a git worktree and starts its bin/mediarelay in every round: the same
# machine, the same minutes, so a slower machine is told apart from slower code (start-up times of this 2-core VM
# differ by 2x between days).
# Usage: [REF=<commit>] bench/startup.sh [ROUNDS] (default 3). Last line: RESULT ms=<median bin/mediarelay> [ref_ms=..] PASS|FAIL (<= 3000 ms)
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${1:-3}
OUT="$PWD/bench/out"; mkdir -p "$OUT"
DATA=$(mktemp -d /tmp/mediarelay-startup.XXXXXX)
[ -f target/mediarelay.jar ] || mvn -q -DskipTests package
REF=${REF:-}
REFDIR=""
cleanup() { rm -rf "$DATA"; if [ -n "$REFDIR" ]; then git worktree remove --force "$REFDIR" 2>/dev/null || rm -rf "$REFDIR"; fi; }
trap cleanup EXIT
if [ -n "$REF" ]; then
  REFDIR=$(mktemp -d /tmp/mediarelay-ref.XXXXXX)
  git worktree add -q --detach "$REFDIR" "$REF"
  echo "building reference $REF in $REFDIR ..."
  (cd "$REFDIR" && mvn -q -DskipTests package > "$OUT/startup-ref-build.log" 2>&1) || { echo "reference build failed: $OUT/startup-ref-build.log"; exit 1; }
fi
one() { # $1 label, $2 directory to start in (routes/ and config/ of that tree), $3 data dir, rest: command
  local label=$1 dir=$2 data=$3; shift 3
  (cd "$dir" && exec "$@" run --set "mediarelay.data-dir=$data") > "$OUT/startup-run.log" 2>&1 &
  local pid=$!
  for _ in $(seq 1 600); do grep -q "mediarelay started" "$OUT/startup-run.log" && break; sleep 0.1; done
  echo "$label $(grep -o '[0-9]* of [0-9]* routes running, [0-9]* ms' "$OUT/startup-run.log") load $(cut -d' ' -f1 /proc/loadavg)"
  pkill -TERM -P $pid 2>/dev/null || true; kill -TERM $pid 2>/dev/null || true; wait $pid 2>/dev/null || true
  sleep 1
}
rm -f target/mediarelay.jsa
one "first run (fresh database, records the CDS archive at exit)" . "$DATA" bin/mediarelay | tee "$OUT/startup.txt"
if [ -n "$REF" ]; then
  mkdir -p "$DATA/ref"
  one "ref $REF first run (records its CDS archive)" "$REFDIR" "$DATA/ref" bin/mediarelay | tee -a "$OUT/startup.txt"
fi
for i in $(seq 1 "$ROUNDS"); do
  one "bin/mediarelay (AppCDS)" . "$DATA" bin/mediarelay
  if [ -n "$REF" ]; then one "ref $REF bin/mediarelay (AppCDS)" "$REFDIR" "$DATA/ref" bin/mediarelay; fi
  one "java @bin/jvm.options -jar (no CDS)" . "$DATA" java @bin/jvm.options -jar target/mediarelay.jar
  one "java -jar" . "$DATA" java -jar target/mediarelay.jar
done | tee -a "$OUT/startup.txt"
median() { sort -n | awk '{a[NR] = $1} END {print (NR % 2) ? a[(NR + 1) / 2] : int((a[NR / 2] + a[NR / 2 + 1]) / 2)}'; }
ms=$(grep '^bin/mediarelay (AppCDS)' "$OUT/startup.txt" | sed 's/.* \([0-9]*\) ms.*/\1/' | median)
ref=""
if [ -n "$REF" ]; then ref=" ref_ms=$(grep "^ref $REF bin/mediarelay (AppCDS)" "$OUT/startup.txt" | sed 's/.* \([0-9]*\) ms.*/\1/' | median)"; fi
verdict=FAIL; [ "$ms" -le 3000 ] && verdict=PASS
echo "RESULT ms=$ms$ref $verdict" | tee -a "$OUT/startup.txt"
