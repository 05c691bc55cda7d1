#!/usr/bin/env bash
# Streams a licensed 1 GB sandbox video through getty:license (JVM with -Xmx128m) and fetches the same delivery URL
# with curl, both under /usr/bin/time -v; reports throughput of each, the ratio and peak RSS. Results: bench/out/.
# Usage: bench/getty-download.sh [BYTES] [ROUNDS]   (defaults 1073741824 and 3; needs Java 17, Maven, curl, /usr/bin/time)
# Both write to DEST (default: a directory in /dev/shm), so neither pays for the other's page-cache writeback: written
# to disk, 2 GiB a round pass the kernel's dirty-page thresholds and curl ran at 491 and at 1150 MB/s an hour apart.
# Round 0 (connector, then curl) is a warm-up of the sandbox JVM and is not counted. Each connector JVM licenses and
# downloads the video twice and times the second (warm, as in a running runtime; the first download of a fresh JVM
# runs while the JIT compiles its copy loops, about 1 s of a 1-2 s transfer): the first is reported apart as "cold".
set -euo pipefail
cd "$(dirname "$0")/.."
BYTES="${1:-1073741824}"
ROUNDS="${2:-3}"
OUT="bench/out"
STAMP="$(date -u +%Y%m%dT%H%M%SZ)"
RUN="$OUT/run-$STAMP"
mkdir -p "$RUN"

if [[ ! -f target/mediarelay.jar || ! -d target/lib || ! -f target/test-classes/io/mediarelay/getty/GettyStreamingBench.class
      || -n "$(find src pom.xml -newer target/mediarelay.jar -type f -print -quit)" ]]; then
  echo "building (mvn -q -DskipTests package) ..."
  mvn -q -DskipTests package
fi
# only the bench classes (and the test log config), not all of target/test-classes: its META-INF/services would
# load the tests' OpenAPI traffic check, whose library (test scope) is not in target/lib (NoClassDefFoundError)
mkdir -p "$RUN/bench-cp/io/mediarelay/getty"
cp target/test-classes/io/mediarelay/getty/GettyBenchSandbox.class target/test-classes/io/mediarelay/getty/GettyStreamingBench*.class \
  target/test-classes/io/mediarelay/getty/GettyTestSupport*.class \
  "$RUN/bench-cp/io/mediarelay/getty/"
cp target/test-classes/log4j2-test.xml "$RUN/bench-cp/" 2>/dev/null || true
CP="target/classes:$RUN/bench-cp:target/lib/*"
LOG4J="-Dlog4j2.configurationFile=log4j2-test.xml"

SANDBOX_PID=""
DEST="${DEST:-$(mktemp -d /dev/shm/getty-bench.XXXXXX)}"
cleanup() { if [[ -n "$SANDBOX_PID" ]]; then kill "$SANDBOX_PID" 2>/dev/null || true; fi; rm -f "$DEST"/*.mp4 "$DEST"/curl.out; rmdir "$DEST" 2>/dev/null || true; }
trap cleanup EXIT

# 1. sandbox in its own JVM (its memory is not the connector's)
java -Xmx256m $LOG4J -cp "$CP" io.mediarelay.getty.GettyBenchSandbox "$BYTES" "$RUN/sandbox.properties" > "$RUN/sandbox.log" 2>&1 &
SANDBOX_PID=$!
for _ in $(seq 1 100); do [[ -f "$RUN/sandbox.properties" ]] && break; sleep 0.2; done
[[ -f "$RUN/sandbox.properties" ]] || { echo "sandbox did not start:"; cat "$RUN/sandbox.log"; exit 1; }
prop() { sed -n "s/^$1=//p" "$RUN/sandbox.properties"; }
BASE_URL="$(prop base_url)"; TOKEN_URL="$(prop token_url)"; VIDEO_ID="$(prop video_id)"
echo "sandbox $BASE_URL, video $VIDEO_ID, $BYTES bytes"

# 2. ROUNDS x (connector, then curl on the URL that connector run licensed); every round licenses anew
printf 'round\tconnector_bytes\tconnector_s\tconnector_rss_kb\tcurl_bytes\tcurl_s\tcurl_rss_kb\tidentical\tconnector_cpu_s\tcurl_cpu_s\tconnector_cold_s\n' > "$RUN/rounds.tsv"
rss_kb() { awk -F': ' '/Maximum resident set size/ {print $2}' "$1"; }
cpu_s() { awk -F': ' '/User time|System time/ {t += $2} END {printf "%.2f", t}' "$1"; }
for round in $(seq 0 "$ROUNDS"); do
  /usr/bin/time -v -o "$RUN/connector-$round.time" \
    java -Xmx128m $LOG4J -cp "$CP" io.mediarelay.getty.GettyStreamingBench --external "$BASE_URL" "$TOKEN_URL" "$VIDEO_ID" "$DEST" \
    > "$RUN/connector-$round.log" 2>&1 || { echo "connector run failed:"; tail -30 "$RUN/connector-$round.log"; exit 1; }
  RESULT="$(grep '^RESULT ' "$RUN/connector-$round.log")"
  field() { sed -n "s/.* $1=\([^ ]*\).*/\1/p" <<<"$RESULT"; }
  C_BYTES="$(field bytes)"; C_SECS="$(field seconds)"; C_COLD="$(field cold_seconds)"; C_FILE="$(field file)"; URI="$(field uri)"
  /usr/bin/time -v -o "$RUN/curl-$round.time" \
    curl -sS -L -o "$DEST/curl.out" -w 'http=%{http_code} bytes=%{size_download} seconds=%{time_total}\n' "$URI" > "$RUN/curl-$round.log"
  K_BYTES="$(sed -n 's/.* bytes=\([0-9]*\).*/\1/p' "$RUN/curl-$round.log")"
  K_SECS="$(sed -n 's/.* seconds=\([0-9.]*\).*/\1/p' "$RUN/curl-$round.log")"
  SAME="no"; cmp -s "$C_FILE" "$DEST/curl.out" && SAME="yes"
  rm -f "$C_FILE" "$DEST/curl.out"
  [[ "$C_BYTES" == "$BYTES" && "$K_BYTES" == "$BYTES" && "$SAME" == "yes" ]] || { echo "size/content mismatch in round $round"; exit 1; }
  if [[ "$round" == 0 ]]; then echo "warm-up: connector $C_SECS s, curl $K_SECS s (not counted)"; continue; fi
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$round" "$C_BYTES" "$C_SECS" "$(rss_kb "$RUN/connector-$round.time")" \
    "$K_BYTES" "$K_SECS" "$(rss_kb "$RUN/curl-$round.time")" "$SAME" "$(cpu_s "$RUN/connector-$round.time")" \
    "$(cpu_s "$RUN/curl-$round.time")" "$C_COLD" >> "$RUN/rounds.tsv"
  echo "round $round: connector $C_SECS s, curl $K_SECS s, identical bytes: $SAME"
done

# 3. summary: medians of the rounds, peak RSS over the rounds
REPORT="$(awk -F'\t' -v stamp="$STAMP" -v cores="$(nproc)" -v load="$(cut -d' ' -f1-3 /proc/loadavg)" '
  function median(a, n,   i, j, t) { for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (a[j] < a[i]) { t = a[i]; a[i] = a[j]; a[j] = t }
                                     return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2 }
  NR > 1 { n++; b = $2; ct[n] = $2 / 1e6 / $3; kt[n] = $5 / 1e6 / $6; if ($4 > cr) cr = $4; if ($7 > kr) kr = $7; cc[n] = $9; kc[n] = $10; co[n] = $2 / 1e6 / $11; cs = cs sprintf(" %.0f", ct[n]); ks = ks sprintf(" %.0f", kt[n]) }
  END {
    mc = median(ct, n); mk = median(kt, n); mcc = median(cc, n); mkc = median(kc, n);
    printf "getty-download bench %s: %d bytes, %d rounds, %d cores shared, load avg %s; sandbox JVM and client on 127.0.0.1\n", stamp, b, n, cores, load;
    printf "connector getty:license -> file:, JVM -Xmx128m: median %.0f MB/s (rounds:%s), peak RSS %.0f MB\n", mc, cs, cr / 1024;
    printf "connector, first download of its JVM (cold JIT): median %.0f MB/s\n", median(co, n);
    printf "curl -L -o, same licensed URL:                  median %.0f MB/s (rounds:%s), peak RSS %.0f MB\n", mk, ks, kr / 1024;
    printf "throughput ratio connector/curl (medians):      %.2f\n", mc / mk;
    printf "CPU (user+sys) per run, median: connector %.1f s (incl. JVM start-up), curl %.1f s\n", mcc, mkc }' "$RUN/rounds.tsv")"
echo "$REPORT" | tee "$RUN/summary.txt"
cp "$RUN/summary.txt" "$OUT/latest.txt"
# issue 15: the connector at -Xmx128m at least 0.9x curl
RATIO="$(sed -n 's/^throughput ratio connector\/curl (medians): *//p' <<<"$REPORT")"
awk -v r="$RATIO" 'BEGIN {exit !(r >= 0.9)}' && VERDICT=PASS || VERDICT=FAIL
echo "RESULT ratio=$RATIO $VERDICT" | tee -a "$OUT/latest.txt"
