#!/usr/bin/env bash
# Crash test of GF1 (issue 4): kill -9 during an N-asset delivery, restart, verify.
# Runs the real runtime (java -jar target/mediarelay.jar) on a fixed data dir with only GF1 on, the sandbox's
# approved board filled to N images (sandbox seed knobs fill-board / fill-board-size / catalog-images /
# download-limit), kills it with SIGKILL once KILL_AT packages are complete, restarts it on the same data dir and,
# when all N are delivered, stops it and checks:
#   - exactly N asset files + N .json companions under gf1-packages/, no .part file anywhere;
#   - every file is complete: size and SHA-256 on disk = the deliveries row (no temp file under a final name);
#   - no asset licensed twice: N license events, each license_count 1, and N downloads in the sandbox's history;
#   - no duplicate delivery rows: N DELIVERED rows, N distinct assets.
# Usage: bench/gf1-crash.sh [N=200] [KILL_AT=60]   Output: bench/out/gf1-crash-<stamp>/ (logs, summary.txt)
#   KILL_ON_PART=1: kill only once an upload is in flight (a .part file exists) after KILL_AT packages;
#   VIDEO_BYTES=200000000 makes the board's two videos big enough to be caught mid-upload.
set -euo pipefail
cd "$(dirname "$0")/.."
N="${1:-200}"
KILL_AT="${2:-60}"
STAMP="$(date -u +%Y%m%dT%H%M%SZ)"
OUT="bench/out/gf1-crash-$STAMP"
W="${CRASH_DIR:-/tmp/mr-gf1-crash}"
BOARD=a9958a72-a41e-4e39-f126-e24c71965126
FLOW=gf1-licensed-package-export
rm -rf "$W"; mkdir -p "$W" "$OUT"

if [[ ! -f target/mediarelay.jar || -n "$(find src routes pom.xml -newer target/mediarelay.jar -type f -print -quit)" ]]; then
  echo "building (mvn -q -DskipTests package) ..."
  mvn -q -B -ntp -DskipTests package
fi
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
ARGS=(--set "mediarelay.data-dir=$W/data" --set "mediarelay.routes-dir=$PWD/routes"
  --set "mediarelay.embedded.ftp.port=$(free_port)" --set "mediarelay.embedded.ftp.passive-ports=0"
  --set "mediarelay.embedded.getty.port=$(free_port)" --set "mediarelay.embedded.receiver.port=$(free_port)"
  --set "mediarelay.embedded.photoshelter.port=0"
  --set "camel.management.port=$(free_port)" --set "camel.server.port=$(free_port)"
  --set "mediarelay.gf1.poll-delay-ms=500"
  --set "mediarelay.embedded.getty.catalog-images=$((N + 20))"
  --set "mediarelay.embedded.getty.download-limit=$((N * 3))"
  --set "mediarelay.embedded.getty.fill-board=$BOARD" --set "mediarelay.embedded.getty.fill-board-size=$N"
  --set "mediarelay.embedded.getty.video-bytes=${VIDEO_BYTES:-5000000}")
# only GF1 licenses and delivers from the sandbox
for f in gf2 gf3 gf4 gf5 gf6 gf7 gf8; do ARGS+=(--set "mediarelay.$f.enabled=false"); done

PKG="$W/data/ftp/gf1-packages"
complete() { find "$PKG" -name '*.json' 2>/dev/null | wc -l; }
PID=""
cleanup() { if [[ -n "$PID" ]] && kill -0 "$PID" 2>/dev/null; then kill -9 "$PID" 2>/dev/null || true; fi; }
trap cleanup EXIT

T0=$(date +%s.%N)
java -jar target/mediarelay.jar run "${ARGS[@]}" > "$OUT/run1.log" 2>&1 &
PID=$!
for _ in $(seq 1 3000); do
  if [[ "$(complete)" -ge "$KILL_AT" ]]; then
    [[ -z "${KILL_ON_PART:-}" ]] && break
    [[ -n "$(find "$PKG" -name '*.part' -print -quit 2>/dev/null)" ]] && break
  fi
  kill -0 "$PID" 2>/dev/null || { echo "runtime exited early, see $OUT/run1.log"; tail -20 "$OUT/run1.log"; exit 1; }
  sleep 0.1
done
kill -9 "$PID"; wait "$PID" 2>/dev/null || true
T_KILL=$(date +%s.%N)
AT_KILL=$(complete)
PART_AT_KILL=$(find "$PKG" -name '*.part' 2>/dev/null | wc -l)
echo "killed -9 after $AT_KILL of $N packages ($PART_AT_KILL .part file(s) on the server)"

java -jar target/mediarelay.jar run "${ARGS[@]}" > "$OUT/run2.log" 2>&1 &
PID=$!
for _ in $(seq 1 6000); do
  [[ "$(complete)" -ge "$N" ]] && break
  kill -0 "$PID" 2>/dev/null || { echo "runtime exited, see $OUT/run2.log"; exit 1; }
  sleep 0.1
done
T_DONE=$(date +%s.%N)
sleep 3   # anything still in flight (a duplicate would show up now)
kill -TERM "$PID"; wait "$PID" 2>/dev/null || true
PID=""

# database facts, through H2's own shell (the runtime is stopped)
sql() { java -cp "target/lib/*" org.h2.tools.Shell -url "jdbc:h2:file:$W/data/db/mediarelay" -user sa -password "" -sql "$1" | sed -n 2p | tr -d ' '; }
ROWS=$(sql "SELECT COUNT(*) || '/' || COUNT(DISTINCT asset_id) FROM deliveries WHERE flow_id = '$FLOW' AND outcome = 'DELIVERED'")
EVENTS=$(sql "SELECT COUNT(*) || '/' || COALESCE(MAX(license_count), 0) FROM license_events WHERE status = 'LICENSED'")
OTHER=$(sql "SELECT COUNT(*) FROM license_events WHERE status <> 'LICENSED'")
DEAD=$(sql "SELECT COUNT(*) FROM dead_letters")
java -cp "target/lib/*" org.h2.tools.Shell -url "jdbc:h2:file:$W/data/db/mediarelay" -user sa -password "" \
  -sql "CALL CSVWRITE('$W/deliveries.csv', 'SELECT asset_id, remote_path, bytes, sha256 FROM deliveries WHERE flow_id = ''$FLOW'' AND outcome = ''DELIVERED''')" > /dev/null

python3 - "$W" "$N" "$ROWS" "$EVENTS" "$OTHER" "$DEAD" "$AT_KILL" "$PART_AT_KILL" "$T0" "$T_KILL" "$T_DONE" > "$OUT/summary.txt" <<'PY'
import csv, hashlib, json, os, sys, collections
w, n, rows, events, other, dead, at_kill, part_at_kill, t0, t_kill, t_done = sys.argv[1:]
n = int(n); ftp = os.path.join(w, "data/ftp"); pkg = os.path.join(ftp, "gf1-packages")
files = [os.path.join(d, f) for d, _, fs in os.walk(pkg) for f in fs]
parts = [f for f in files if f.endswith(".part")]
companions = [f for f in files if f.endswith(".json")]
assets = [f for f in files if not f.endswith(".json") and not f.endswith(".part")]
bad = []
for r in csv.DictReader(open(os.path.join(w, "deliveries.csv"))):
    p = os.path.join(ftp, r["REMOTE_PATH"])
    if not os.path.exists(p):
        bad.append("missing " + r["REMOTE_PATH"]); continue
    data = open(p, "rb").read()
    if len(data) != int(r["BYTES"]) or hashlib.sha256(data).hexdigest() != r["SHA256"]:
        bad.append("incomplete/different " + r["REMOTE_PATH"])
    c = json.load(open(p + ".json"))
    if c.get("sha256") != r["SHA256"]:
        bad.append("companion mismatch " + r["REMOTE_PATH"])
dl = json.load(open(os.path.join(w, "data/getty-sandbox/downloads.json")))
per_asset = collections.Counter(d["id"] for d in dl)
twice = [a for a, c in per_asset.items() if c > 1]
ok = (len(assets) == n and len(companions) == n and not parts and not bad and rows == f"{n}/{n}"
      and events == f"{n}/1" and len(dl) == n and not twice)
print(f"assets={n} killed_after={at_kill} part_files_at_kill={part_at_kill}")
print(f"files: {len(assets)} assets, {len(companions)} companions, {len(parts)} .part, {len(bad)} not matching their row {bad[:3]}")
print(f"deliveries DELIVERED rows/distinct assets: {rows}; license events LICENSED/max license_count: {events}; other license events: {other}")
print(f"sandbox downloads (licenses charged): {len(dl)}, assets licensed twice: {len(twice)}; dead letters: {dead}")
print(f"time to kill {float(t_kill) - float(t0):.1f} s, restart to all {n} delivered {float(t_done) - float(t_kill):.1f} s")
print("RESULT " + ("PASS" if ok else "FAIL"))
PY
cat "$OUT/summary.txt"
grep -q "RESULT PASS" "$OUT/summary.txt"
