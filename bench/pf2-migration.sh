#!/usr/bin/env bash
# PF2 archive migration: throughput, kill -9 in the middle + resume, exactly-once check, and a plain curl -F
# upload loop against the same sandbox API on the same files, in the same run.
#
#   bench/pf2-migration.sh [FILES] [WORKERS]        defaults: 5000 files, 8 workers
#
# A PhotoShelter sandbox runs in its own JVM (so killing the migration does not kill PhotoShelter); the migration is
# `bin/mediarelay migrate` (-Xmx512m) with the embedded sandbox off and the component pointed at it.
# Output: bench/out/pf2-*.log and bench/out/pf2-latest.txt; last line RESULT ratio=<migrate/curl> PASS|FAIL (>= 1.0, exactly once).
set -euo pipefail
N=${1:-5000}
WORKERS=${2:-8}
cd "$(dirname "$0")/.."
ROOT=$PWD
JAR=target/mediarelay.jar
[ -f "$JAR" ] || mvn -q -B -ntp -DskipTests package
OUT=$ROOT/bench/out; mkdir -p "$OUT"
W=$(mktemp -d /tmp/pf2-bench.XXXXXX)
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT

echo "== generating $N files with sidecars under $W/archive"
python3 - "$W/archive" "$N" <<'PY'
import os, sys, random
root, n = sys.argv[1], int(sys.argv[2])
random.seed(7)
per = 100
for i in range(n):
    folder = os.path.join(root, "y%d" % (2000 + (i // per) % 20), "event%03d" % (i // per))
    os.makedirs(folder, exist_ok=True)
    name = "img%05d.jpg" % i
    payload = ("mediarelay pf2 bench %d " % i).encode() + os.urandom(1500)
    com = b"\xff\xfe" + (len(payload) + 2).to_bytes(2, "big") + payload
    jfif = b"\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
    with open(os.path.join(folder, name), "wb") as f:
        f.write(b"\xff\xd8" + jfif + com + b"\xff\xd9")
    csv = os.path.join(folder, "metadata.csv")
    new = not os.path.exists(csv)
    with open(csv, "a", encoding="utf-8") as f:
        if new: f.write("filename,title,caption,keywords,credit,copyright\n")
        f.write('%s,Title %d,"Caption %d, archive",bench;pf2;k%d,Credit %d,(c) Example %d\n' % (name, i, i, i % 7, i % 13, 2000 + i % 20))
    if i % 10 == 0:
        with open(os.path.join(folder, name + ".xml"), "w", encoding="utf-8") as f:
            f.write("<metadata><title>XML title %d</title></metadata>" % i)
PY
du -sh "$W/archive" | cat

start_sandbox() { # port datadir; leaves the pid in SANDBOX_PID
  java -Xmx512m -cp "$JAR" io.mediarelay.sandbox.photoshelter.PhotoShelterSandbox "$1" "$2" > "$2.log" 2>&1 &
  SANDBOX_PID=$!; PIDS+=($!)
  for _ in $(seq 1 100); do curl -s -o /dev/null "http://127.0.0.1:$1/psapi/v3/" && return 0; sleep 0.2; done
  echo "sandbox on $1 did not start" >&2; exit 1
}

# the sandbox writes its state.json a moment after a change and when it stops: stop it (SIGTERM) before reading
stop_sandbox() { kill -TERM "$1"; wait "$1" 2>/dev/null || true; }
SB_PORT=$(free_port); start_sandbox "$SB_PORT" "$W/sandbox"; SB_PID=$SANDBOX_PID
# the migration runs as users run it: bin/mediarelay (bin/jvm.options and the class-data archive that the first `run`
# after a build records; recorded here if missing, as a user's first start would have)
if [ ! -f target/mediarelay.jsa ] || [ "$JAR" -nt target/mediarelay.jsa ]; then
  echo "== recording bin/mediarelay's class-data archive (one run of the embedded default, stopped)"
  bin/mediarelay run --set "mediarelay.data-dir=$W/cds" --set mediarelay.embedded.ftp.port=0 --set mediarelay.embedded.ftp.passive-ports=0 \
    --set mediarelay.embedded.receiver.port=0 --set mediarelay.embedded.getty.port=0 --set mediarelay.embedded.photoshelter.port=0 \
    --set "camel.management.port=$(free_port)" --set "camel.server.port=$(free_port)" > "$OUT/pf2-cds.log" 2>&1 &
  CDS_PID=$!
  for _ in $(seq 1 600); do grep -q "mediarelay started" "$OUT/pf2-cds.log" && break; sleep 0.1; done
  kill -TERM "$CDS_PID"; wait "$CDS_PID" 2>/dev/null || true
fi
MIGRATE=(env JAVA_OPTS=-Xmx512m bin/mediarelay migrate "$W/archive" --workers "$WORKERS" --batch-size 200
  --set "mediarelay.data-dir=$W/data" --set mediarelay.embedded.photoshelter.enabled=false
  --set "camel.component.photoshelter.base-url=http://127.0.0.1:$SB_PORT" --set camel.component.photoshelter.qps=0
  --set mediarelay.embedded.ftp.port=0 --set mediarelay.embedded.ftp.passive-ports=0 --set mediarelay.embedded.receiver.port=0
  --set mediarelay.embedded.getty.port=0 --set "camel.management.port=$(free_port)" --set "camel.server.port=$(free_port)")

echo "== run 1: migrate, kill -9 after a third of the files"
T0=$(date +%s.%N)
"${MIGRATE[@]}" > "$OUT/pf2-run1.log" 2>&1 &
MPID=$!
KILLED_AT=""
while kill -0 "$MPID" 2>/dev/null; do
  DONE=$(sed -n 's#^pf2: \([0-9]*\)/.*#\1#p' "$OUT/pf2-run1.log" | tail -1)
  if [ -n "$DONE" ] && [ "$DONE" -ge $((N / 3)) ]; then kill -9 "$MPID"; KILLED_AT=$DONE; break; fi
  sleep 0.2
done
wait "$MPID" 2>/dev/null || true
T1=$(date +%s.%N)
echo "killed at ${KILLED_AT:-never (finished first)} files"

echo "== run 2: rerun to completion"
"${MIGRATE[@]}" > "$OUT/pf2-run2.log" 2>&1 || true
T2=$(date +%s.%N)
tail -3 "$OUT/pf2-run2.log"

echo "== verify: every file exactly once, in its gallery, with its metadata"
stop_sandbox "$SB_PID"
VERIFY=$(python3 - "$W/sandbox/state.json" "$W/archive" <<'PY'
import json, os, sys, csv
state = json.load(open(sys.argv[1])); root = sys.argv[2]
cont = state["containers"]
def path(cid):
    p = []
    while cid:
        c = cont[cid]; p.append(c["name"]); cid = c.get("parentId")
    return "/".join(reversed(p))
seen = {}
for img in state["images"].values():
    for g in img["galleryIds"]:
        seen.setdefault((path(g), img["fileName"]), []).append(img)
expected = 0; missing = 0; dup = 0; badmeta = 0
for d, _, files in os.walk(root):
    rows = {}
    if "metadata.csv" in files:
        rows = {r["filename"]: r for r in csv.DictReader(open(os.path.join(d, "metadata.csv"), encoding="utf-8"))}
    rel = os.path.relpath(d, root)
    for f in files:
        if not f.endswith(".jpg"): continue
        expected += 1
        key = ("Archive/" + rel.split("/")[-1] if False else "Archive/" + "/".join(rel.split(os.sep)), f)
        imgs = seen.get(key, [])
        if not imgs: missing += 1; continue
        if len(imgs) > 1: dup += 1
        title = "XML title %d" % int(f[3:8]) if int(f[3:8]) % 10 == 0 else rows[f]["title"]
        iptc = imgs[0]["iptc"]
        if iptc.get("title") != title or iptc.get("credit") != rows[f]["credit"] or "pf2" not in iptc.get("keywords", ""): badmeta += 1
print("expected=%d images=%d missing=%d duplicated=%d bad_metadata=%d" % (expected, len(state["images"]), missing, dup, badmeta))
PY
)
echo "$VERIFY"

echo "== baseline: plain curl -F upload loop, same files, fresh sandbox"
CB_PORT=$(free_port); start_sandbox "$CB_PORT" "$W/sandbox-curl"; CB_PID=$SANDBOX_PID
KEY=sandbox-ps-api-key
TOKEN=$(curl -s -H "X-PS-Api-Key: $KEY" -d email=sandbox@mediarelay.example -d password=sandbox-ps-password -d mode=token \
  "http://127.0.0.1:$CB_PORT/psapi/v3/mem/authenticate" | python3 -c 'import json,sys; print(json.load(sys.stdin)["data"]["token"])')
GID=$(curl -s -H "X-PS-Api-Key: $KEY" -H "X-PS-Auth-Token: $TOKEN" "http://127.0.0.1:$CB_PORT/psapi/v3/mem/gallery/insert?name=curl" \
  | python3 -c 'import json,sys; print(json.load(sys.stdin)["data"]["Gallery"]["gallery_id"])')
C0=$(date +%s.%N)
find "$W/archive" -name '*.jpg' | sort | while read -r f; do
  curl -s -o /dev/null -f -H "X-PS-Api-Key: $KEY" -H "X-PS-Auth-Token: $TOKEN" -F "gallery_id=$GID" -F "file=@$f" \
    "http://127.0.0.1:$CB_PORT/psapi/v3/mem/image/upload"
done
C1=$(date +%s.%N)
stop_sandbox "$CB_PID"
CURL_N=$(python3 -c "import json; print(sum(1 for i in json.load(open('$W/sandbox-curl/state.json'))['images'].values() if i['fileName'].startswith('img')))")

SUMMARY=$(python3 - <<PY
n=$N; t0=$T0; t1=$T1; t2=$T2; c0=$C0; c1=$C1
run2 = t2 - t1; total = (t1 - t0) + run2; curl = c1 - c0
rate = n / total; crate = $CURL_N / curl
print("files=%d workers=$WORKERS killed_at=${KILLED_AT:-none}" % n)
print("migrate: run1 %.1f s (until kill -9) + run2 %.1f s = %.1f s wall incl. 2 JVM starts -> %.1f files/s" % (t1 - t0, run2, total, rate))
import re
m = re.findall(r"in ([0-9.]+) s \(([0-9.]+) files/s\)", open("$OUT/pf2-run2.log").read())
if m: print("run2 alone (migration part, excl. JVM start): %s files/s" % m[-1][1])
print("curl -F loop (1 request/file, no metadata): %d files in %.1f s -> %.1f files/s" % ($CURL_N, curl, crate))
print("ratio migrate / curl: %.2f" % (rate / crate))
PY
)
{ echo "pf2-migration $(date -u +%FT%TZ) load: $(cut -d' ' -f1-3 /proc/loadavg)"; echo "$SUMMARY"; echo "verify: $VERIFY"; } | tee "$OUT/pf2-latest.txt"
rm -rf "$W"
# PASS (issue 15): the migration, kill -9 and resume included, at least as fast as the plain loop, and exactly once
RATIO=$(sed -n 's/^ratio migrate \/ curl: //p' <<<"$SUMMARY")
VERDICT=PASS
grep -q "missing=0 duplicated=0 bad_metadata=0" <<<"$VERIFY" || { echo "VERIFY FAILED"; VERDICT=FAIL; }
awk -v r="$RATIO" 'BEGIN {exit !(r >= 1.0)}' || VERDICT=FAIL
echo "RESULT ratio=$RATIO $VERDICT" | tee -a "$OUT/pf2-latest.txt"
[ "$VERDICT" = PASS ]
