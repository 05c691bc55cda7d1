#!/usr/bin/env bash
# GF6 with large videos in a small heap: the whole runtime (Camel, H2, embedded FTP server, Getty sandbox) runs
# with -Xmx128m while the GF6 flow licenses the board's videos and streams each of BYTES bytes to the embedded FTP
# server. Reports peak RSS (/usr/bin/time -v), throughput, and checks each delivered file against the SHA-256 and
# size the flow recorded in its companion JSON. Usage: bench/gf6-large-video.sh [BYTES] (default 2 GiB).
set -euo pipefail
cd "$(dirname "$0")/.."
BYTES=${1:-2147483648}
OUT=bench/out/gf6
DATA=$(mktemp -d /tmp/mediarelay-gf6.XXXXXX)
mkdir -p "$OUT"
[ -f target/mediarelay.jar ] || mvn -q -DskipTests package
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
# free ports everywhere, so the bench runs next to a running instance
flags=(--set mediarelay.embedded.ftp.port=0 --set mediarelay.embedded.ftp.passive-ports=0 --set mediarelay.embedded.getty.port=0
  --set mediarelay.embedded.receiver.port=0 --set "camel.management.port=$(free_port)" --set "camel.server.port=$(free_port)")
for f in gf1 gf2 gf3 gf4 gf5 gf7 gf8; do flags+=(--set "mediarelay.$f.enabled=false"); done
for f in pf1 pf2 pf3 pf4 pf5 pf6 pf7 pf8; do flags+=(--set "mediarelay.$f.enabled=false"); done

start=$(date +%s.%N)
/usr/bin/time -v -o "$OUT/time.txt" java -Xmx128m -jar target/mediarelay.jar run \
  --set "mediarelay.data-dir=$DATA" --set "mediarelay.embedded.getty.video-bytes=$BYTES" \
  --set mediarelay.gf6.poll-delay-ms=500 "${flags[@]}" > "$OUT/run.log" 2>&1 &
pid=$!
videos="$DATA/ftp/gf6-video"
# the seeded board holds 2 videos: wait until both are complete under their final names with companions
for i in $(seq 1 3600); do
  n=$( (find "$videos" -maxdepth 1 -name "*.json" 2>/dev/null || true) | wc -l)
  [ "$n" -ge 2 ] && break
  kill -0 $pid 2>/dev/null || { echo "runtime exited early, see $OUT/run.log"; exit 1; }
  sleep 1
done
end=$(date +%s.%N)
# TERM the JVM (the child of time), so that time reports it
pkill -TERM -P $pid || true; wait $pid || true

fail=0
for json in "$videos"/*.json; do
  file="${json%.json}"
  want=$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(d["sha256"], d["bytes"])' "$json")
  got="$(sha256sum "$file" | cut -d' ' -f1) $(stat -c %s "$file")"
  if [ "$want" = "$got" ] && [ "$(stat -c %s "$file")" = "$BYTES" ]; then echo "OK   $(basename "$file") $got"; else echo "FAIL $(basename "$file") want $want got $got"; fail=1; fi
done
left=$(find "$videos" -name '*.part' | wc -l)
rss=$(grep "Maximum resident set size" "$OUT/time.txt" | awk '{print $NF}')
secs=$(python3 -c "print(round($end-$start,1))")
mbps=$(python3 -c "print(round(2*$BYTES/1e6/($end-$start),1))")
{
  echo "gf6 $(date -u +%FT%TZ) videos=2 bytes_each=$BYTES heap=-Xmx128m"
  echo "peak_rss_kb=$rss wall_s=$secs (JVM start to both delivered) throughput_MBps=$mbps part_files_left=$left verified=$([ $fail = 0 ] && echo yes || echo no)"
} | tee "$OUT/latest.txt"
rm -rf "$DATA"
exit $fail
