#!/usr/bin/env bash
# GF1 end to end (issue 15): the Getty sandbox in its own JVM (GettyBenchSandbox: the owned board filled to N assets,
# latency per /v3 and token call, QPS limit on /v3), vsftpd (unpacked from its .deb, as bench/ftp-throughput.sh does)
# as the FTP destination. Per latency (default 0 and 150 ms) and round, side by side on the same sandbox and vsftpd:
#   baseline  - plain bash: token once (password grant), GET the board, then per asset: license POST
#               (auto_download=false, curl, retries 429/5xx), download with curl, a JSON companion, `lftp` put of both
#               into <board>/<asset>/; CONCURRENCY assets in parallel, license POSTs paced to at most QPS per second;
#   mediarelay - bin/mediarelay run (embedded default from target/mediarelay.jar, bin/jvm.options), only GF1 on,
#               getty: component on the sandbox (qps=QPS), gf1-ftp on vsftpd, mediarelay.gf1.concurrency=CONCURRENCY
#               and as many FTP connections; timed from its "started" log line (start-up not counted; printed) to N
#               companions (.json) on the FTP server.
# ratio = baseline seconds / mediarelay seconds (>1: mediarelay faster). CPU-seconds of the mediarelay JVM alone
# (/proc/<pid>/stat, from "started" to done) per asset are printed for every run; the baseline's CPU (bash, curl,
# lftp; not the sandbox, not vsftpd) too.
# RESULT ratio=<median of the rounds at the last latency, 150 ms by default> PASS|FAIL (PASS: >= 0.8, every run delivered N/N and mediarelay bought
# exactly N licences per run, from the sandbox's /sandbox/stats before and after).
# Usage (root: creates and removes user mrgf1 and /etc/pam.d/mrgf1-vsftpd):
#   bench/gf1-throughput.sh [N=1000] [ROUNDS=3]     env: LATENCIES="0 150" QPS=10 CONCURRENCY=8 VIDEO_BYTES=5000000
#   JFR=1: each mediarelay run records a JFR profile next to its log (JAVA_OPTS is passed on to bin/mediarelay).
# Output: bench/out/gf1-<stamp>/ (logs, rounds.tsv, results.txt).
set -uo pipefail
cd "$(dirname "$0")/.."
PROJECT=$PWD
N="${1:-1000}"; ROUNDS="${2:-3}"
LATENCIES="${LATENCIES:-0 150}"; QPS="${QPS:-10}"; VIDEO_BYTES="${VIDEO_BYTES:-5000000}"
# Assets in flight a user would choose for QPS 10 and 150 ms per call (Little's law): GF1 makes about one /v3 call per
# asset (the license POST; the metadata for the rights check before licensing comes in one call per poll batch of up
# to 100 assets, MetadataBatches - it was one GET per asset until 2026-12-05, 2.01 calls/asset measured), so 10
# assets/s is the API's ceiling; an asset spends 0.15 s in that call plus download, FTP upload, companion and record
# (~0.6-1 s on this machine) => 10 x ~0.8 = 8. The gf1-ftp destination gets as many connections, the baseline as
# many parallel jobs.
CONCURRENCY="${CONCURRENCY:-8}"
TIMEOUT="${TIMEOUT:-1800}"
STAMP="$(date -u +%Y%m%dT%H%M%SZ)"
OUT="$PROJECT/bench/out/gf1-$STAMP"; mkdir -p "$OUT"
W="${GF1_BENCH_DIR:-/tmp/mr-gf1bench}"; SHM=/dev/shm/mr-gf1bench
USER_NAME=mrgf1 PASS=mrgf1-pw
FLOW=gf1-licensed-package-export
log() { echo "$*" | tee -a "$OUT/results.txt"; }

if [[ ! -f target/mediarelay.jar || ! -f target/test-classes/io/mediarelay/getty/GettyBenchSandbox.class
      || -n "$(find src routes pom.xml -newer target/mediarelay.jar -type f -print -quit)" ]]; then
  echo "building (mvn -q -DskipTests package) ..."
  mvn -q -B -ntp -o -DskipTests package || exit 1
fi
command -v lftp >/dev/null || apt-get install -y lftp >/dev/null
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }

# ---- vsftpd (as bench/ftp-throughput.sh; own user, port and directories so both benches can coexist) ----
mkdir -p "$W" "$SHM"
if [[ ! -x "$W/vsftpd/usr/sbin/vsftpd" ]]; then
  (cd "$W" && apt-get download vsftpd libwrap0 >/dev/null 2>&1 && for d in vsftpd_*.deb libwrap0_*.deb; do dpkg-deb -x "$d" "$W/vsftpd"; done)
fi
FTP_PORT=$(free_port)
SANDBOX=""; RUNTIME=""; VSFTPD=""
cleanup() {
  [[ -n "$RUNTIME" ]] && kill -9 "$RUNTIME" 2>/dev/null
  [[ -n "$SANDBOX" ]] && kill "$SANDBOX" 2>/dev/null
  [[ -n "$VSFTPD" ]] && kill "$VSFTPD" 2>/dev/null
  id "$USER_NAME" >/dev/null 2>&1 && userdel "$USER_NAME" 2>/dev/null
  rm -f /etc/pam.d/mrgf1-vsftpd; rm -rf "$W/root" "$W/data" "$SHM"
  true
}
trap cleanup EXIT
id "$USER_NAME" >/dev/null 2>&1 || useradd -d "$W/root" -s /bin/bash "$USER_NAME"
echo "$USER_NAME:$PASS" | chpasswd
cp "$W/vsftpd/etc/pam.d/vsftpd" /etc/pam.d/mrgf1-vsftpd
mkdir -p "$W/root" "$W/empty" && chown "$USER_NAME" "$W/root" && chmod 755 "$W/empty"
cat > "$W/vsftpd.conf" <<CONF
listen=YES
background=NO
listen_address=127.0.0.1
listen_port=$FTP_PORT
local_enable=YES
anonymous_enable=NO
write_enable=YES
local_umask=022
chroot_local_user=YES
allow_writeable_chroot=YES
local_root=$W/root
secure_chroot_dir=$W/empty
pam_service_name=mrgf1-vsftpd
pasv_enable=YES
pasv_address=127.0.0.1
pasv_min_port=${PASV_MIN:-22000}
pasv_max_port=${PASV_MAX:-27999}
seccomp_sandbox=NO
max_clients=200
max_per_ip=200
xferlog_enable=NO
CONF
LD_LIBRARY_PATH="$W/vsftpd/usr/lib/x86_64-linux-gnu" "$W/vsftpd/usr/sbin/vsftpd" "$W/vsftpd.conf" > "$OUT/vsftpd.log" 2>&1 &
VSFTPD=$!
sleep 0.5; kill -0 "$VSFTPD" || { echo "vsftpd did not start"; cat "$OUT/vsftpd.log"; exit 1; }

count_json() { find "$W/root/$1" -name '*.json' 2>/dev/null | wc -l; }
ticks() { awk '{print $14 + $15}' "/proc/$1/stat" 2>/dev/null || echo 0; }
HZ=$(getconf CLK_TCK)

# ---- baseline: one asset (runs in the background; $1 asset id, $2 type) ----
baseline_asset() {
  local id="$1" type="$2" dir="$SHM/b/$1" q="auto_download=false"
  mkdir -p "$dir"; local t0=${EPOCHREALTIME/./} t1 t2 t3
  [[ "$type" == image ]] && q="$q&file_type=jpg"
  local lic uri
  lic=$(curl -sS --fail --retry 10 -X POST -H "Api-Key: sandbox-api-key" \
    -H "Authorization: Bearer $TOKEN" "$BASE_URL/v3/downloads/${type}s/$id?$q") || { echo "license $id failed" >&2; return 1; }
  uri=$(jq -r .uri <<<"$lic"); t1=${EPOCHREALTIME/./}
  local name
  name=$(curl -sS --fail --retry 5 -L -o "$dir/file" "$uri") || { echo "download $id failed" >&2; return 1; }
  t2=${EPOCHREALTIME/./}
  local ext="jpg"; [[ "$type" == video ]] && ext="mp4"
  mv "$dir/file" "$dir/GettyImages-$id.$ext"
  jq -n --arg id "$id" --arg uri "$uri" --argjson lic "$lic" --arg at "$(date -u +%FT%TZ)" \
    '{asset_id: $id, license: $lic, uri: $uri, delivered_at: $at}' > "$dir/GettyImages-$id.json"
  lftp -u "$USER_NAME,$PASS" -p "$FTP_PORT" 127.0.0.1 -e "set net:max-retries 3; set cmd:fail-exit yes; mkdir -p -f gf1-base/$BOARD/$id; cd gf1-base/$BOARD/$id; put $dir/GettyImages-$id.$ext; put $dir/GettyImages-$id.json; bye" \
    > /dev/null 2>>"$OUT/baseline-errors.log" || { echo "upload $id failed" >&2; return 1; }
  t3=${EPOCHREALTIME/./}
  # per asset: ms in license POST, download, companion + lftp upload; bytes
  echo "$id $(( (t1 - t0) / 1000 )) $(( (t2 - t1) / 1000 )) $(( (t3 - t2) / 1000 )) $(stat -c %s "$dir/GettyImages-$id.$ext")" >> "$OUT/baseline-steps.txt"
  rm -rf "$dir"
}
export -f baseline_asset

run_baseline() { # prints "<seconds> <cpu-seconds>"
  rm -rf "$W/root/gf1-base" "$SHM/b" "$OUT/baseline-steps.txt"
  local t0 t1
  t0=$EPOCHREALTIME
  /usr/bin/time -f "%U %S" -o "$OUT/baseline.time" bash -c '
    set -uo pipefail
    TOKEN=$(curl -sS --fail -d grant_type=password -d client_id=sandbox-client -d client_secret=sandbox-secret \
      -d username=sandbox-user -d password=sandbox-password "$BASE_URL/oauth2/token" | jq -r .access_token)
    export TOKEN
    mapfile -t assets < <(curl -sS --fail --retry 10 --retry-all-errors -H "Api-Key: sandbox-api-key" \
      -H "Authorization: Bearer $TOKEN" "$BASE_URL/v3/boards/$BOARD" | jq -r ".assets[] | \"\(.id) \(.asset_type)\"")
    [[ -n "${LIMIT:-}" ]] && assets=("${assets[@]:0:$LIMIT}")
    # at most QPS license POSTs per second (a start slot every 1/QPS s, no bursts), at most CONCURRENCY in flight
    gap=$((1000000 / QPS)); next=${EPOCHREALTIME/./}; running=0; fails=0
    for a in "${assets[@]}"; do
      if (( running >= CONCURRENCY )); then wait -n || fails=$((fails + 1)); running=$((running - 1)); fi
      now=${EPOCHREALTIME/./}
      if (( next > now )); then printf -v d "0.%06d" $((next - now)); sleep "$d"; fi
      now=${EPOCHREALTIME/./}; (( next < now )) && next=$now; next=$((next + gap))
      baseline_asset $a & running=$((running + 1))
    done
    while (( running > 0 )); do wait -n || fails=$((fails + 1)); running=$((running - 1)); done
    exit $fails' 2>>"$OUT/baseline-errors.log"
  t1=$EPOCHREALTIME
  awk -v a="$t0" -v b="$t1" -v c="$(awk '{print $1 + $2}' "$OUT/baseline.time" 2>/dev/null | tail -1)" 'BEGIN {printf "%.2f %.2f\n", b - a, c}'
}

run_mediarelay() { # $1 log; prints "<seconds> <cpu-seconds-during-run> <startup-seconds> <cpu-seconds-total>"
  local logf="$1" D="$W/data"
  rm -rf "$D" "$W/root/gf1-packages"
  local ARGS=(--set "mediarelay.data-dir=$D" --set "mediarelay.routes-dir=$PROJECT/routes"
    --set "mediarelay.embedded.getty.enabled=false"
    --set "camel.component.getty.baseUrl=$BASE_URL" --set "camel.component.getty.tokenUrl=$BASE_URL/oauth2/token"
    --set "camel.component.getty.qps=$QPS"
    --set "mediarelay.embedded.ftp.port=$(free_port)" --set "mediarelay.embedded.ftp.passive-ports=0"
    --set "mediarelay.embedded.receiver.port=$(free_port)" --set "mediarelay.embedded.photoshelter.port=0"
    --set "camel.management.port=$(free_port)" --set "camel.server.port=$(free_port)"
    --set "mediarelay.gf1.board-id=$BOARD" --set "mediarelay.gf1.poll-delay-ms=500"
    --set "mediarelay.gf1.concurrency=$CONCURRENCY"
    --set "mediarelay.destinations.gf1-ftp.host=127.0.0.1" --set "mediarelay.destinations.gf1-ftp.port=$FTP_PORT"
    --set "mediarelay.destinations.gf1-ftp.username=$USER_NAME" --set "mediarelay.destinations.gf1-ftp.password=$PASS"
    --set "mediarelay.destinations.gf1-ftp.connections=$CONCURRENCY")
  for f in gf2 gf3 gf4 gf5 gf6 gf7 gf8 pf1 pf2 pf3 pf4 pf5 pf6 pf7 pf8; do ARGS+=(--set "mediarelay.$f.enabled=false"); done
  local t0 tr td c0 c1
  t0=$EPOCHREALTIME
  local opts="${JAVA_OPTS:-}"
  [[ -n "${JFR:-}" ]] && opts="$opts -XX:StartFlightRecording=filename=${logf%.log}.jfr,settings=profile"
  JAVA_OPTS="$opts" bin/mediarelay run "${ARGS[@]}" > "$logf" 2>&1 & RUNTIME=$!
  for _ in $(seq 1 1200); do grep -q "$READY" "$logf" && break; kill -0 "$RUNTIME" 2>/dev/null || break; sleep 0.1; done
  tr=$EPOCHREALTIME; c0=$(ticks "$RUNTIME")
  local deadline=$((SECONDS + TIMEOUT))
  while (( $(count_json gf1-packages) < N && SECONDS < deadline )) && kill -0 "$RUNTIME" 2>/dev/null; do sleep 0.25; done
  td=$EPOCHREALTIME; c1=$(ticks "$RUNTIME")
  kill -TERM "$RUNTIME"; wait "$RUNTIME" 2>/dev/null; RUNTIME=""
  awk -v a="$t0" -v r="$tr" -v d="$td" -v c0="$c0" -v c1="$c1" -v hz="$HZ" \
    'BEGIN {printf "%.2f %.2f %.2f %.2f\n", d - r, (c1 - c0) / hz, r - a, c1 / hz}'
}

READY="${READY:-mediarelay started: }"
log "gf1-throughput $STAMP: N=$N rounds=$ROUNDS latencies(ms)=$LATENCIES qps=$QPS concurrency=$CONCURRENCY (mediarelay.gf1.concurrency, gf1-ftp connections, baseline parallel jobs) video-bytes=$VIDEO_BYTES"
log "machine: $(nproc) cores shared with other sessions; uptime:$(uptime)"
printf 'latency_ms\tround\tbaseline_s\tbaseline_cpu_s\tbaseline_delivered\tmediarelay_s\tmediarelay_cpu_s\tmediarelay_startup_s\tmediarelay_cpu_total_s\tmediarelay_delivered\tratio\tmediarelay_licenses\n' > "$OUT/rounds.tsv"
# GettyBenchSandbox is a test class; only it is put on the sandbox's class path, not target/test-classes: there
# META-INF/services registers the tests' OpenAPI traffic check, whose validator library is not in target/lib (and
# a bench sandbox should not validate every exchange).
mkdir -p "$OUT/sandbox-cp/io/mediarelay/getty"
cp target/test-classes/io/mediarelay/getty/GettyBenchSandbox.class "$OUT/sandbox-cp/io/mediarelay/getty/"
CP="target/classes:$OUT/sandbox-cp:target/lib/*"
ALL_OK=1
for LAT in $LATENCIES; do
  rm -f "$OUT/sandbox-$LAT.properties"
  java -Xmx512m -cp "$CP" io.mediarelay.getty.GettyBenchSandbox "$VIDEO_BYTES" \
    "$OUT/sandbox-$LAT.properties" "board-size=$N" "latency-ms=$LAT" "qps=$QPS" "download-limit=$((N * ROUNDS * 2 + 100))" \
    threads=32 > "$OUT/sandbox-$LAT.log" 2>&1 & SANDBOX=$!
  for _ in $(seq 1 300); do [[ -f "$OUT/sandbox-$LAT.properties" ]] && break; kill -0 "$SANDBOX" 2>/dev/null || break; sleep 0.2; done
  [[ -f "$OUT/sandbox-$LAT.properties" ]] || { echo "sandbox did not start"; cat "$OUT/sandbox-$LAT.log"; exit 1; }
  prop() { sed -n "s/^$1=//p" "$OUT/sandbox-$LAT.properties"; }
  BASE_URL=$(prop base_url); BOARD=$(prop board_id)
  export BASE_URL BOARD QPS CONCURRENCY USER_NAME PASS FTP_PORT SHM OUT
  log "latency ${LAT} ms: sandbox $(head -1 "$OUT/sandbox-$LAT.log")"
  # warm-up, not timed: the sandbox JVM serves its first licences and JPEGs cold (JIT); either contender going
  # first would pay for it
  LIMIT=$(( N < 50 ? N : 50 )) run_baseline > /dev/null; rm -f "$OUT/baseline-steps.txt"
  stat_licenses() { curl -s "$BASE_URL/sandbox/stats" | jq -r '"\(.licenses) \(.api_requests // 0)"'; }
  for r in $(seq 1 "$ROUNDS"); do
    # side by side; the order alternates so neither always runs on the warmer sandbox
    if (( r % 2 )); then
      read -r BS BC < <(run_baseline); BD=$(count_json "gf1-base")
      read -r L0 A0 < <(stat_licenses); read -r MS MC MSU MCT < <(run_mediarelay "$OUT/mediarelay-$LAT-$r.log"); MD=$(count_json gf1-packages); read -r L1 A1 < <(stat_licenses)
    else
      read -r L0 A0 < <(stat_licenses); read -r MS MC MSU MCT < <(run_mediarelay "$OUT/mediarelay-$LAT-$r.log"); MD=$(count_json gf1-packages); read -r L1 A1 < <(stat_licenses)
      read -r BS BC < <(run_baseline); BD=$(count_json "gf1-base")
    fi
    mv "$OUT/baseline-steps.txt" "$OUT/baseline-steps-$LAT-$r.txt" 2>/dev/null
    log "  baseline per asset, mean ms: $(awk '{l += $2; d += $3; u += $4; b += $5; n++} END {if (n) printf "license POST %.0f, download %.0f (%.0f KB), companion + lftp put %.0f", l / n, d / n, b / n / 1024, u / n}' "$OUT/baseline-steps-$LAT-$r.txt" 2>/dev/null)"
    MLIC=$((L1 - L0))  # licences mediarelay bought in its run: N, or some asset was licensed twice
    MAPI=$((A1 - A0))  # /v3 requests mediarelay made (429s included); the baseline makes N + 1
    RATIO=$(awk -v b="$BS" -v m="$MS" 'BEGIN {printf "%.2f", b / m}')
    [[ "$BD" -eq "$N" && "$MD" -eq "$N" && "$MLIC" -eq "$N" ]] || ALL_OK=0
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$LAT" "$r" "$BS" "$BC" "$BD" "$MS" "$MC" "$MSU" "$MCT" "$MD" "$RATIO" "$MLIC" >> "$OUT/rounds.tsv"
    log "$(awk -v l="$LAT" -v r="$r" -v n="$N" -v bs="$BS" -v bc="$BC" -v bd="$BD" -v ms="$MS" -v mc="$MC" -v su="$MSU" -v md="$MD" -v ratio="$RATIO" -v ml="$MLIC" -v ma="$MAPI" 'BEGIN {
      printf "latency %s ms round %s: baseline %s s (%.1f assets/s, %d/%d, %.3f CPU-s/asset) | mediarelay %s s (%.1f assets/s, %d/%d, %d licences, %.2f /v3 calls/asset, %.3f CPU-s/asset of its JVM, start-up %s s) | ratio %s\n",
        l, r, bs, n / bs, bd, n, bc / n, ms, n / ms, md, n, ml, ma / n, mc / n, su, ratio }')"
  done
  kill "$SANDBOX"; wait "$SANDBOX" 2>/dev/null; SANDBOX=""
done

# medians per latency; RESULT on the highest latency (150 ms by default)
SUMMARY=$(awk -F'\t' -v n="$N" '
  function median(a, k,   i, j, t) { for (i = 1; i <= k; i++) for (j = i + 1; j <= k; j++) if (a[j] < a[i]) { t = a[i]; a[i] = a[j]; a[j] = t }
                                     return k % 2 ? a[(k + 1) / 2] : (a[k / 2] + a[k / 2 + 1]) / 2 }
  NR > 1 { l = $1; if (!(l in k)) order[++nl] = l; k[l]++; R[l, k[l]] = $11; C[l, k[l]] = $7 / n; B[l, k[l]] = $3; M[l, k[l]] = $6 }
  END { for (x = 1; x <= nl; x++) { l = order[x]; delete r; delete c; delete b; delete m
          for (i = 1; i <= k[l]; i++) { r[i] = R[l, i]; c[i] = C[l, i]; b[i] = B[l, i]; m[i] = M[l, i] }
          printf "median latency %s ms: baseline %.1f s, mediarelay %.1f s, ratio %.2f, mediarelay CPU-s/asset %.3f\n", l, median(b, k[l]), median(m, k[l]), median(r, k[l]), median(c, k[l])
          last = median(r, k[l]) }
        printf "LAST %.2f\n", last }' "$OUT/rounds.tsv")
grep -v '^LAST' <<<"$SUMMARY" | while read -r line; do log "$line"; done
RATIO=$(sed -n 's/^LAST //p' <<<"$SUMMARY")
log "uptime at end:$(uptime)"
if [[ "$ALL_OK" -eq 1 ]] && awk -v r="$RATIO" 'BEGIN {exit !(r >= 0.8)}'; then log "RESULT ratio=$RATIO PASS"; else log "RESULT ratio=$RATIO FAIL"; exit 1; fi
