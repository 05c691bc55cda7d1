#!/usr/bin/env bash
# Does an idle runtime rest? Starts the embedded default (all flows, embedded FTP server, HTTP receiver, Getty and
# PhotoShelter sandboxes, H2) with bin/mediarelay on a fresh data directory, waits for "mediarelay started", then
# measures over WINDOW seconds (default 60) the CPU it uses (utime+stime ticks of /proc/<pid>/stat, all threads)
# and its RSS (VmRSS, sampled every second; the peak is reported). Ports are free ones, so it runs beside other
# runtimes. Targets (issue 15): <= 1 % of one core, RSS <= 300 MB with -Xmx256m (JAVA_OPTS, default -Xmx256m; the
# heap chosen by bin/jvm.options is measured with JAVA_OPTS=" ").
# Usage: bench/idle.sh [WINDOW_SECONDS]; env SET="key=value ..." adds properties (e.g. to compare a setting). Last line: RESULT cpu=<%> rss_mb=<peak> PASS|FAIL
set -euo pipefail
cd "$(dirname "$0")/.."
WINDOW=${1:-60}
SETTLE=${SETTLE:-30}   # seconds before the window: first polls, JIT of start-up code
# The embedded default's cron flows (GF8, PF3-PF7, usage reporting, expiry import: every 5 minutes at :00, :05, ...)
# deliver the seeded sandbox content at their first fire: work, not rest. With FIRST_CRON=1 (default) the window starts
# SETTLE seconds after the first 5-minute mark following start-up, so it measures rest (a later fire finds nothing new;
# WINDOW=300 covers one).
FIRST_CRON=${FIRST_CRON:-1}
export JAVA_OPTS=${JAVA_OPTS:--Xmx256m}
OUT=bench/out; mkdir -p "$OUT"
DATA=$(mktemp -d /tmp/mediarelay-idle.XXXXXX)
[ -f target/mediarelay.jar ] || mvn -q -DskipTests package
# five free ports at once (the kernel's choice), before the launch
read -r P_FTP P_RECV P_GETTY P_API P_MGMT < <(python3 -c 'import socket
ss = [socket.socket() for _ in range(5)]
for s in ss: s.bind(("127.0.0.1", 0))
print(*[s.getsockname()[1] for s in ss])')
PASV=$(( 31000 + RANDOM % 20000 ))
LOG="$OUT/idle-run.log"
bin/mediarelay run --set "mediarelay.data-dir=$DATA" \
  --set "mediarelay.embedded.ftp.port=$P_FTP" --set "mediarelay.embedded.ftp.passive-ports=$PASV-$((PASV + 50))" \
  --set "mediarelay.embedded.receiver.port=$P_RECV" --set "mediarelay.embedded.getty.port=$P_GETTY" \
  --set "camel.server.port=$P_API" --set "camel.management.port=$P_MGMT" ${SET:+$(printf -- '--set %s ' $SET)} > "$LOG" 2>&1 &
launcher=$!
stop() { kill -TERM "$launcher" 2>/dev/null || true; wait "$launcher" 2>/dev/null || true; rm -rf "$DATA"; }
trap stop EXIT
for _ in $(seq 1 6000); do grep -q "mediarelay started" "$LOG" && break; kill -0 "$launcher" 2>/dev/null || break; sleep 0.1; done
if ! grep -q "mediarelay started" "$LOG"; then echo "did not start; see $LOG"; tail -20 "$LOG"; echo "RESULT cpu=NA rss_mb=NA FAIL"; exit 1; fi
pid=$launcher   # bin/mediarelay execs java
grep -o 'mediarelay started.*' "$LOG" | head -1
if [ "$FIRST_CRON" = 1 ]; then
  now=$(date +%s); mark=$(( (now / 300 + 1) * 300 ))
  echo "waiting for the first cron fire at $(date -u -d "@$mark" +%H:%M:%S) and ${SETTLE}s after it"
  sleep $(( mark - now + SETTLE ))
else
  sleep "$SETTLE"
fi
hz=$(getconf CLK_TCK)
ticks() { awk '{print $14 + $15}' "/proc/$pid/stat"; }
rss_kb() { awk '/^VmRSS/ {print $2}' "/proc/$pid/status"; }
# per-thread CPU over the window from /proc/<pid>/task/*/stat (no JVM attach inside the window: a thread dump is a
# safepoint and inflates monitors, work the window would then count); thread names from one thread dump before it
jcmd "$pid" Thread.print 2>/dev/null | sed -n 's/^"\(.*\)" .* nid=\(0x[0-9a-f]*\) .*/\2\t\1/p' \
  | while IFS=$'\t' read -r nid name; do printf '%d\t%s\n' "$nid" "$name"; done > "$OUT/idle-thread-names.tsv" || true
task_ticks() { for t in /proc/"$pid"/task/*; do awk -v t="${t##*/}" '{sub(/^.*\) /, ""); print t "\t" $12 + $13}' "$t/stat" 2>/dev/null; done; }
sleep 5   # what the thread dump set off (monitor deflation) ends before the window
task_ticks > "$OUT/idle-threads-0.tsv" || true
t0=$(ticks); s0=$(date +%s.%N); peak=0
for i in $(seq 1 "$WINDOW"); do
  sleep 1
  r=$(rss_kb); [ "$r" -gt "$peak" ] && peak=$r
  if [ $((i % 10)) -eq 0 ]; then echo "t=${i}s cpu_ticks=$(( $(ticks) - t0 )) rss_mb=$((r / 1024))"; fi
done
t1=$(ticks); s1=$(date +%s.%N)
task_ticks > "$OUT/idle-threads-1.tsv" || true
echo "busiest threads over the window (CPU ms; threads with the same name summed):"
awk -F'\t' -v hz="$hz" 'FILENAME ~ /names/ {name[$1]=$2; next} FILENAME ~ /-0/ {a[$1]=$2; next}
  {n = ($1 in name) ? name[$1] : "tid " $1; b[n] += ($2 - a[$1]) * 1000 / hz}
  END {for (n in b) if (b[n] > 0) printf "%8.0f  %s\n", b[n], n}' \
  "$OUT/idle-thread-names.tsv" "$OUT/idle-threads-0.tsv" "$OUT/idle-threads-1.tsv" | sort -rn | head -"${TOP:-15}"
cpu=$(awk -v a="$t0" -v b="$t1" -v hz="$hz" -v s0="$s0" -v s1="$s1" 'BEGIN {printf "%.2f", 100 * (b - a) / hz / (s1 - s0)}')
rss_mb=$((peak / 1024))
verdict=PASS
awk -v c="$cpu" 'BEGIN {exit !(c > 1.0)}' && verdict=FAIL
[ "$rss_mb" -gt 300 ] && verdict=FAIL
echo "JAVA_OPTS='$JAVA_OPTS' settle=${SETTLE}s window=${WINDOW}s cpu_seconds=$(awk -v a="$t0" -v b="$t1" -v hz="$hz" 'BEGIN {printf "%.2f", (b - a) / hz}') load=$(cut -d' ' -f1-3 /proc/loadavg)"
echo "RESULT cpu=${cpu}% rss_mb=${rss_mb} ${verdict}"
