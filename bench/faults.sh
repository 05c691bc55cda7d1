#!/usr/bin/env bash
# Unattended-run fault bench (issue 12): GF1 on the embedded default (java -jar, only GF1 on, the sandbox's approved
# board filled to N images + its 2 videos... images) under each fault, nothing done by hand. Per fault one line:
#   delivered (distinct assets DELIVERED), licensed (licenses charged: the sandbox's downloads.json entries that
#   consumed a download; a free re-download of an asset already licensed is listed apart), licensed twice (see
#   below), re-downloads, dead letters (status NEW), operator actions (what a person would have to do: dead letters
#   + license events left not LICENSED), seconds from the end of the fault to all N delivered;
# "licensed twice" counts the assets for which ANY of these holds, so a re-download never hides a double license:
#   - Getty charged it more than once (downloads.json entries without "redownload");
#   - the product recorded more than one license of it (SUM(license_events.license_count) > 1);
#   - Getty saw more licensing POSTs for it than the product can account for: each recorded license is one POST,
#     each license reconciled from Getty's download history (a lost answer) one re-download POST; any POST beyond
#     that would be a second charge on an account without re-download rights.
# The sandbox runs with re-download rights (mediarelay.embedded.getty.redownloads-free=true): the product's
# documented ASSUMPTION (docs/GETTY.md) that downloading again an asset the account licensed under the same product
# is no new license. That is what recovers a license whose answer was lost (kill-license); without those rights that
# one re-download POST per lost answer consumes one download.
# then RESULT PASS|FAIL (PASS: every fault N/N delivered, 0 licensed twice, 0 operator actions).
# Faults: ftp-down (the FTP server unreachable 120 s: a TCP proxy in front of it is stopped), getty-5xx (50 % 5xx in
# bursts on every /v3 call incl. license POSTs), 429-storm (QPS limit 1 for 60 s), token-revoked (all access tokens
# revoked 3 times), kill-license (kill -9 while license POSTs are in flight, answers held 8 s after licensing),
# kill-upload (kill -9 during a 200 MB video upload).
# Usage: bench/faults.sh [N=200] [faults...]     Output: bench/out/faults-<stamp>/ (logs, results.txt)
# The durable retry runs with its defaults except retry-max-delay 60 s (default 5 min) so a run ends sooner.
set -uo pipefail
cd "$(dirname "$0")/.."
N="${1:-200}"; shift || true
FAULTS=("$@"); [[ $# -eq 0 ]] && FAULTS=(ftp-down getty-5xx 429-storm token-revoked kill-license kill-upload)
STAMP="$(date -u +%Y%m%dT%H%M%SZ)"
OUT="$PWD/bench/out/faults-$STAMP"; mkdir -p "$OUT"
BASE="${FAULTS_DIR:-/tmp/mr-faults}"
BOARD=a9958a72-a41e-4e39-f126-e24c71965126
FLOW=gf1-licensed-package-export
TIMEOUT="${TIMEOUT:-1200}"

if [[ ! -f target/mediarelay.jar || -n "$(find src routes pom.xml -newer target/mediarelay.jar -type f -print -quit)" ]]; then
  echo "building (mvn -q -DskipTests package) ..."
  mvn -q -B -ntp -DskipTests package
fi
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }

# a TCP proxy for the FTP control connection: stopping it is "the FTP server is down" (connection refused)
proxy() {
  python3 - "$1" "$2" <<'PY' &
import asyncio, sys
listen, target = int(sys.argv[1]), int(sys.argv[2])
async def pipe(r, w):
    try:
        while data := await r.read(65536):
            w.write(data); await w.drain()
    except Exception:
        pass
    finally:
        w.close()
async def handle(r, w):
    try:
        tr, tw = await asyncio.open_connection("127.0.0.1", target)
    except OSError:
        w.close(); return
    await asyncio.gather(pipe(r, tw), pipe(tr, w))
async def main():
    srv = await asyncio.start_server(handle, "127.0.0.1", listen)
    async with srv: await srv.serve_forever()
asyncio.run(main())
PY
  PROXY=$!
}

RUNTIME=""; PROXY=""
cleanup() {
  [[ -n "$RUNTIME" ]] && kill -9 "$RUNTIME" 2>/dev/null
  [[ -n "$PROXY" ]] && kill "$PROXY" 2>/dev/null
  true
}
trap cleanup EXIT

run_fault() {
  local fault="$1" W="$BASE/$1"
  rm -rf "$W"; mkdir -p "$W"
  local FTP_PORT PX GETTY MGMT
  FTP_PORT=$(free_port); PX=$(free_port); GETTY=$(free_port); MGMT=$(free_port)
  local video=5000000; [[ "$fault" == kill-upload ]] && video=200000000
  ARGS=(--set "mediarelay.data-dir=$W/data" --set "mediarelay.routes-dir=$PWD/routes"
    --set "mediarelay.embedded.ftp.port=$FTP_PORT" --set "mediarelay.embedded.ftp.passive-ports=0"
    --set "mediarelay.destinations.gf1-ftp.port=$PX"
    --set "mediarelay.embedded.getty.port=$GETTY" --set "mediarelay.embedded.receiver.port=$(free_port)"
    --set "mediarelay.embedded.photoshelter.port=0"
    --set "camel.management.port=$MGMT" --set "camel.server.port=$(free_port)"
    --set "mediarelay.gf1.poll-delay-ms=500"
    --set "mediarelay.errors.retry-max-delay-ms=60000"
    --set "mediarelay.embedded.getty.catalog-images=$((N + 20))"
    --set "mediarelay.embedded.getty.download-limit=$((N * 3))"
    --set "mediarelay.embedded.getty.fill-board=$BOARD" --set "mediarelay.embedded.getty.fill-board-size=$N"
    --set "mediarelay.embedded.getty.video-bytes=$video"
    --set "mediarelay.embedded.getty.redownloads-free=true")
  for f in gf2 gf3 gf4 gf5 gf6 gf7 gf8; do ARGS+=(--set "mediarelay.$f.enabled=false"); done
  local PKG="$W/data/ftp/gf1-packages" CTL="http://127.0.0.1:$GETTY/sandbox/faults"
  complete() { find "$PKG" -name '*.json' 2>/dev/null | wc -l; }
  start() { java -jar target/mediarelay.jar run "${ARGS[@]}" >> "$OUT/$fault.log" 2>&1 & RUNTIME=$!; }
  wait_for() { # wait_for <count>
    for _ in $(seq 1 $((TIMEOUT * 10))); do [[ "$(complete)" -ge "$1" ]] && return 0; sleep 0.1; done; return 1; }
  ctl() { curl -s -X POST "$CTL?$1" > /dev/null; }
  proxy "$PX" "$FTP_PORT"
  start
  local T_END
  case "$fault" in
    ftp-down)
      wait_for 40; kill "$PROXY"; wait "$PROXY" 2>/dev/null; PROXY=""
      sleep 120; proxy "$PX" "$FTP_PORT"; T_END=$(date +%s.%N) ;;
    getty-5xx)
      wait_for 20
      for _ in 1 2 3 4 5 6; do ctl "error-ratio=0.5"; sleep 10; ctl "error-ratio=0"; sleep 5; done
      T_END=$(date +%s.%N) ;;
    429-storm)
      wait_for 20; ctl "qps=1"; sleep 60; ctl "qps=0"; T_END=$(date +%s.%N) ;;
    token-revoked)
      wait_for 20; for _ in 1 2 3; do ctl "revoke-tokens=true"; sleep 10; done; T_END=$(date +%s.%N) ;;
    kill-license)
      wait_for 30; ctl "license-answer-delay-ms=8000"; sleep 4
      kill -9 "$RUNTIME"; wait "$RUNTIME" 2>/dev/null; start; T_END=$(date +%s.%N) ;;
    kill-upload)
      for _ in $(seq 1 $((TIMEOUT * 10))); do
        [[ -n "$(find "$PKG" -name '*.part' -size +20M -print -quit 2>/dev/null)" ]] && break; sleep 0.1; done
      kill -9 "$RUNTIME"; wait "$RUNTIME" 2>/dev/null; start; T_END=$(date +%s.%N) ;;
  esac
  wait_for "$N"; local T_DONE; T_DONE=$(date +%s.%N)
  sleep 3
  kill -TERM "$RUNTIME"; wait "$RUNTIME" 2>/dev/null; RUNTIME=""
  [[ -n "$PROXY" ]] && { kill "$PROXY" 2>/dev/null; wait "$PROXY" 2>/dev/null; PROXY=""; }
  sql() { java -cp "target/lib/*" org.h2.tools.Shell -url "jdbc:h2:file:$W/data/db/mediarelay" -user sa -password "" -sql "$1" | sed -n 2p | tr -d ' '; }
  local DELIVERED DEAD OPEN
  DELIVERED=$(sql "SELECT COUNT(DISTINCT asset_id) FROM deliveries WHERE flow_id = '$FLOW' AND outcome = 'DELIVERED'")
  DEAD=$(sql "SELECT COUNT(*) FROM dead_letters WHERE status = 'NEW'")
  OPEN=$(sql "SELECT COUNT(*) FROM license_events WHERE status <> 'LICENSED'")
  # the product's own record per asset: licenses it counted, licenses it reconciled from Getty's history
  sql "CALL CSVWRITE('$OUT/$fault-license-events.csv', 'SELECT asset_id, SUM(license_count) AS licenses,
    SUM(CASE WHEN detail LIKE ''reconciled%'' THEN 1 ELSE 0 END) AS reconciled, COUNT(*) AS events
    FROM license_events GROUP BY asset_id')" > /dev/null
  cp "$W/data/getty-sandbox/downloads.json" "$OUT/$fault-downloads.json" 2>/dev/null
  python3 - "$fault" "$N" "$W" "$DELIVERED" "$DEAD" "$OPEN" "$T_END" "$T_DONE" "$OUT/$fault-license-events.csv" \
    <<'PY' | tee -a "$OUT/results.txt"
import collections, csv, json, os, sys
fault, n, w, delivered, dead, open_events, t_end, t_done, events_csv = sys.argv[1:]
dl = json.load(open(os.path.join(w, "data/getty-sandbox/downloads.json")))
charged = collections.Counter(d["id"] for d in dl if not d.get("redownload"))
free = collections.Counter(d["id"] for d in dl if d.get("redownload"))
product = {r["ASSET_ID"]: (int(r["LICENSES"]), int(r["RECONCILED"])) for r in csv.DictReader(open(events_csv))}
twice_ids = sorted(a for a in set(charged) | set(free) | set(product)
                   if charged[a] > 1 or product.get(a, (0, 0))[0] > 1
                   or charged[a] + free[a] > max(1, sum(product.get(a, (0, 0)))))
for a in twice_ids:
    print(f"  licensed twice: asset {a} charged {charged[a]} re-downloads {free[a]} "
          f"product licenses/reconciled {product.get(a, (0, 0))}")
ops = int(dead) + int(open_events)
ok = int(delivered) == int(n) and not twice_ids and ops == 0
print(f"{fault:<14} delivered {delivered}/{n}  licensed {sum(charged.values())}  licensed twice {len(twice_ids)}  "
      f"re-downloads {sum(free.values())}  dead letters {dead}  operator actions {ops}  "
      f"finished {float(t_done) - float(t_end):.0f} s after the fault ended  {'ok' if ok else 'FAIL'}")
PY
}

for f in "${FAULTS[@]}"; do run_fault "$f"; done
if grep -q "FAIL$" "$OUT/results.txt"; then echo "RESULT FAIL" | tee -a "$OUT/results.txt"; exit 1; fi
echo "RESULT PASS" | tee -a "$OUT/results.txt"
