#!/usr/bin/env bash
# Every bench of issue 15 in one run, one after another on this machine, each with its own baseline measured in the
# same run (lftp, curl, a plain script), and their summary lines collected in one file for the table in
# bench/README.md. Run on a quiet machine, as root (ftp-throughput.sh and gf1-throughput.sh start vsftpd with a
# user of their own). Takes ~30 min on 2 cores.
# Usage: bench/all.sh      env: GF1_N (default 1000), PF2_FILES (2000), SKIP="name ..." (e.g. SKIP="gf6 idle"),
#   STARTUP_REF (default 8bd7c55, the commit whose start-up was measured at 2.1-2.4 s on 2026-11-23)
# Output: bench/out/all-<stamp>/<bench>.log per bench and summary.txt (the lines the table is made of).
set -uo pipefail
cd "$(dirname "$0")/.."
STAMP="$(date -u +%Y%m%dT%H%M%SZ)"
DIR="bench/out/all-$STAMP"
mkdir -p "$DIR"
SUMMARY="$DIR/summary.txt"
mvn -q -B -DskipTests package || exit 1
echo "# bench/all.sh $STAMP on $(git rev-parse --short HEAD 2>/dev/null), $(nproc) cores, load at start $(cut -d' ' -f1-3 /proc/loadavg)" | tee "$SUMMARY"

# one bench: name, the pattern of its summary lines, the command
run() {
  local name=$1 pattern=$2; shift 2
  case " ${SKIP:-} " in *" $name "*) echo "## $name: skipped" | tee -a "$SUMMARY"; return;; esac
  local t0; t0=$(date +%s)
  echo "## $name: $* (started $(date -u +%T), load $(cut -d' ' -f1 /proc/loadavg))" | tee -a "$SUMMARY"
  "$@" > "$DIR/$name.log" 2>&1
  local rc=$?
  grep -E "$pattern" "$DIR/$name.log" | tee -a "$SUMMARY"
  echo "   ($name: exit $rc, $(( $(date +%s) - t0 )) s)" | tee -a "$SUMMARY"
}

run startup  '(routes running|RESULT)'                          env REF="${STARTUP_REF:-8bd7c55}" bash bench/startup.sh 3
run ftp      '^(big|1000x100KB)'                                bash bench/ftp-throughput.sh
run gf6      '^(gf6|peak_rss|OK|FAIL)'                          bash bench/gf6-large-video.sh
run getty    '^(connector|curl|throughput ratio|CPU|RESULT)'    bash bench/getty-download.sh 1073741824 3
run pf2      '(files/s|^ratio|verify:|RESULT)'                         bash bench/pf2-migration.sh "${PF2_FILES:-2000}" 8
run gf1      '(^latency .* round|^median|RESULT)'               env LATENCIES="0 150" bash bench/gf1-throughput.sh "${GF1_N:-1000}" 1
run idle     '(^JAVA_OPTS|RESULT|waiting)'                      env SETTLE=60 bash bench/idle.sh 60
echo "# done $(date -u +%T); logs in $DIR" | tee -a "$SUMMARY"
