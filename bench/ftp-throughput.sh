#!/usr/bin/env bash
# Throughput of mediarelay's verified FTP delivery (.part upload, SIZE check, SHA-256 of the sent bytes, rename)
# against lftp, on the same vsftpd (127.0.0.1) and the same files, in one run. mediarelay is measured through a
# flow (FlowDeliveryBench runs bench/ftp-delivery-flow.camel.yaml: file consumer -> threads ->
# kamelet:ftp-delivery-sink) and, for reference, as the delivery step alone (DeliveryBench).
# Workloads: 1 x 1 GiB (lftp put) and 1000 x 100 KB (lftp mirror -R --parallel=1/4) vs mediarelay with 1, 4 and 8
# connections. Ratios are taken per round (lftp and mediarelay side by side), medians of BENCH_ROUNDS (default 3)
# reported. Writes bench/out/results.txt. Needs root (useradd, PAM file).
# BENCH_JAVA_OPTS is added to the small-file JVMs, e.g. a profile of each:
#   BENCH_ROUNDS=1 BENCH_JAVA_OPTS="-XX:StartFlightRecording=filename=/tmp/jfr/,settings=profile" bench/ftp-throughput.sh
# vsftpd is unpacked from its .deb (apt-get download + dpkg-deb -x), not installed: the FTP server packages
# conflict with each other (tools REPORT). Everything is removed again on exit.
set -euo pipefail
cd "$(dirname "$0")/.."
PROJECT=$(pwd)
OUT=$PROJECT/bench/out
W=${BENCH_DIR:-/tmp/mr-bench}
# The files to send live in RAM (tmpfs): this VM's memory reclaimer (DAMON) evicts cold page-cache pages, and a 1 GiB
# source re-read from disk made the same lftp put vary from 1.0 to 3.5 s. The server writes to disk, as in production.
SRC=${BENCH_SRC:-/dev/shm/mr-bench-src}
PORT=${BENCH_PORT:-2621}
# Passive ports below the kernel's ephemeral range (32768-60999): the client ends of the data connections (and
# every other outgoing connection on the machine) take ephemeral ports, and a passive port that collides with
# one makes vsftpd fail the transfer ("500 OOPS: vsf_sysutil_bind", seen with 40000-47999 and ~14000 files/min).
PASV_MIN=${BENCH_PASV_MIN:-10000} PASV_MAX=${BENCH_PASV_MAX:-21999}
USER_NAME=mrbench PASS=mrbench-pw
mkdir -p "$OUT" "$W"

command -v lftp >/dev/null || apt-get install -y lftp >/dev/null
if [ ! -x "$W/vsftpd/usr/sbin/vsftpd" ]; then
  # libwrap0 too: it leaves the machine together with tcpd when another FTP server package is installed.
  (cd "$W" && apt-get download vsftpd libwrap0 2>/dev/null && for d in vsftpd_*.deb libwrap0_*.deb; do dpkg-deb -x "$d" "$W/vsftpd"; done)
fi
export LD_LIBRARY_PATH="$W/vsftpd/usr/lib/x86_64-linux-gnu${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"

cleanup() {
  [ -n "${VSFTPD_PID:-}" ] && kill "$VSFTPD_PID" 2>/dev/null || true
  id "$USER_NAME" >/dev/null 2>&1 && userdel "$USER_NAME" 2>/dev/null || true
  rm -f /etc/pam.d/mrbench-vsftpd
  rm -rf "$W/root" "$SRC"
}
trap cleanup EXIT

id "$USER_NAME" >/dev/null 2>&1 || useradd -d "$W/root" -s /bin/bash "$USER_NAME"
echo "$USER_NAME:$PASS" | chpasswd
cp "$W/vsftpd/etc/pam.d/vsftpd" /etc/pam.d/mrbench-vsftpd
mkdir -p "$W/root" "$W/empty" && chown "$USER_NAME" "$W/root" && chmod 755 "$W/empty"
cat > "$W/vsftpd.conf" <<CONF
listen=YES
background=NO
listen_address=127.0.0.1
listen_port=$PORT
local_enable=YES
anonymous_enable=NO
write_enable=YES
local_umask=022
chroot_local_user=YES
allow_writeable_chroot=YES
local_root=$W/root
secure_chroot_dir=$W/empty
pam_service_name=mrbench-vsftpd
pasv_enable=YES
pasv_address=127.0.0.1
pasv_min_port=$PASV_MIN
pasv_max_port=$PASV_MAX
seccomp_sandbox=NO
max_clients=100
max_per_ip=100
xferlog_enable=NO
CONF
"$W/vsftpd/usr/sbin/vsftpd" "$W/vsftpd.conf" &
VSFTPD_PID=$!
sleep 0.5
kill -0 "$VSFTPD_PID" || { echo "vsftpd did not start" >&2; exit 1; }

# Test data, created once per run under /tmp.
mkdir -p "$SRC/small"
head -c 1073741824 /dev/urandom > "$SRC/big.bin"
for i in $(seq -w 1 1000); do head -c 102400 /dev/urandom > "$SRC/small/f$i.bin"; done
# warm-up set for the big-file flow run (not timed): 64 MB + 200 x 100 KB through the same route first
mkdir -p "$SRC/warm"; head -c 67108864 /dev/urandom > "$SRC/warm/w64.bin"
for i in $(seq 1 200); do head -c 102400 /dev/urandom > "$SRC/warm/s$i.bin"; done

mvn -q -o test-compile dependency:build-classpath -Dmdep.outputFile=target/bench-cp.txt -Dmdep.includeScope=test >/dev/null
CP="target/classes:target/test-classes:$(cat target/bench-cp.txt)"

fresh() { rm -rf "$W/root/$1"; mkdir -p "$W/root/$1"; chown "$USER_NAME" "$W/root/$1"; }
now() { date +%s.%N; }
LFTP="set ftp:passive-mode on; set net:max-retries 2; set cmd:fail-exit yes; set ftp:ssl-allow no"

# The machine is shared and noisy: every figure is the median of BENCH_ROUNDS (3) interleaved measurements.
ROUNDS=${BENCH_ROUNDS:-3}
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
secs() { echo "$1" | sed "s/.*$2 files=[0-9]* bytes=[0-9]* seconds=\([0-9.]*\).*/\1/"; }
bsecs() { echo "$1" | sed 's/.*seconds=\([0-9.]*\).*/\1/'; }

# Big file: lftp put, the flow, the delivery step, in turn. Each upload starts with no dirty pages (sync) and the
# previous copy removed: otherwise the second writer pays for the first one's write-back (the same delivery
# took 4.2 s after lftp's 1 GiB without a sync in between, 1.4-1.9 s with).
LB=() FB=() DB=() FR=() DR=() RAW_BIG=""
for r in $(seq 1 "$ROUNDS"); do
  sync; fresh lftp-big; t0=$(now)
  lftp -u "$USER_NAME,$PASS" -p "$PORT" 127.0.0.1 -e "$LFTP; put $SRC/big.bin -o lftp-big/big.bin; quit"
  LB+=("$(echo "$(now) - $t0" | bc)")
  rm -rf "$W/root/lftp-big"; sync; fresh mr-flow-big
  line=$(java @bin/jvm.options -Xmx256m -Dbench.warmup="$SRC/warm" -cp "$CP" io.mediarelay.transfer.delivery.FlowDeliveryBench 127.0.0.1 "$PORT" "$USER_NAME" "$PASS" mr-flow-big 4 "$SRC/big.bin" 2>/dev/null | grep '^b1')
  FB+=("$(bsecs "$line")")
  cmp "$SRC/big.bin" "$W/root/mr-flow-big/b1/big.bin"
  rm -rf "$W/root/mr-flow-big"; sync; fresh mr-big
  line2=$(java @bin/jvm.options -Xmx256m -cp "$CP" io.mediarelay.transfer.delivery.DeliveryBench 127.0.0.1 "$PORT" "$USER_NAME" "$PASS" mr-big 1 "$SRC/big.bin")
  DB+=("$(bsecs "$line2")")
  cmp "$SRC/big.bin" "$W/root/mr-big/big.bin"
  rm -rf "$W/root/mr-big"
  RAW_BIG="$RAW_BIG lftp=${LB[-1]} flow=${FB[-1]} step=${DB[-1]};"
  FR+=("$(echo "${LB[-1]} / ${FB[-1]}" | bc -l)"); DR+=("$(echo "${LB[-1]} / ${DB[-1]}" | bc -l)")
done
LFTP_BIG=$(median "${LB[@]}"); MR_FBIG=$(median "${FB[@]}"); MR_BIG=$(median "${DB[@]}")

# Small files, in ROUNDS rounds: lftp -P1 and -P4, then right after them each mediarelay variant in its own JVM
# (this VM's speed drifts over minutes: lftp -P4 took 0.6 s throughout one run and 1.0 s throughout the next, so
# only measurements taken side by side are compared). Each JVM sends the 1000 files BATCHES times: b1 = cold start,
# the last batch = warm (what a long-running runtime sees; the JIT compiler is busy during the first batches).
# Ratios are per round (lftp's time / mediarelay's of the same round), medians reported. Every run starts with no
# dirty pages (sync), as above: right after the big files, lftp -P4 took 1.1-1.2 s instead of 0.6 s while the
# kernel wrote them back. The flow goes first; the delivery step alone is for reference.
BATCHES=${BENCH_BATCHES:-6}
batches() {
  local cls=$1 dir=$2 par=$3
  sync; fresh "$dir"
  java @bin/jvm.options -Xmx256m ${BENCH_JAVA_OPTS:-} -Dbench.sync=true -Dbench.batches=$BATCHES -cp "$CP" "io.mediarelay.transfer.delivery.$cls" 127.0.0.1 "$PORT" "$USER_NAME" "$PASS" "$dir" "$par" "$SRC/small" 2>/dev/null | grep '^b[0-9]' | tr '\n' ' '
}
lftp_small() { # $1 parallel -> seconds
  sync; fresh "lftp-p$1"; local t0; t0=$(now)
  lftp -u "$USER_NAME,$PASS" -p "$PORT" 127.0.0.1 -e "$LFTP; mirror -R --parallel=$1 $SRC/small lftp-p$1; quit" >/dev/null
  echo "$(now) - $t0" | bc
}
VARIANTS=("flow x4:FlowDeliveryBench:mr-flow-p4:4:4" "flow x8:FlowDeliveryBench:mr-flow-p8:8:4"
          "step x1:DeliveryBench:mr-p1:1:1" "step x4:DeliveryBench:mr-p4:4:4" "step x8:DeliveryBench:mr-p8:8:4")
L1=() L4=(); declare -A COLD WARM RATIO RAW_SMALL
for r in $(seq 1 "$ROUNDS"); do
  L1+=("$(lftp_small 1)"); L4+=("$(lftp_small 4)")
  for v in "${VARIANTS[@]}"; do
    IFS=: read -r label cls dir par vs <<< "$v"
    line=$(batches "$cls" "$dir" "$par")
    base=${L4[-1]}; [ "$vs" = 1 ] && base=${L1[-1]}
    COLD[$label]+="$(secs "$line" b1) "; WARM[$label]+="$(secs "$line" "b$BATCHES") "
    RATIO[$label]+="$(echo "$base / $(secs "$line" "b$BATCHES")" | bc -l) "
    RAW_SMALL[$label]+="$line| "
  done
done
LFTP_P1=$(median "${L1[@]}"); LFTP_P4=$(median "${L4[@]}")

# Everything arrived (the big files were compared byte for byte above).
LAST=b$BATCHES
for d in mr-flow-p4/b1 mr-flow-p4/$LAST mr-flow-p8/$LAST lftp-p1 lftp-p4 mr-p1/b1 mr-p1/$LAST mr-p4/$LAST mr-p8/$LAST; do
  n=$(ls "$W/root/$d" | grep -c '\.bin$'); [ "$n" = 1000 ] || { echo "$d has $n files" >&2; exit 1; }
done

{
  echo "# bench/ftp-throughput.sh $(date -u +%FT%TZ) vsftpd $("$W/vsftpd/usr/sbin/vsftpd" -v 0>&1 | head -1) on 127.0.0.1:$PORT; medians of $ROUNDS; load: $(cut -d' ' -f1-3 /proc/loadavg)"
  printf "big 1 GiB     lftp put           %7.2f s  %7.1f MB/s\n" "$LFTP_BIG" "$(echo "1073.741824 / $LFTP_BIG" | bc -l)"
  printf "big 1 GiB     mediarelay flow*   %7.2f s  %7.1f MB/s   ratio %.2f x lftp\n" "$MR_FBIG" "$(echo "1073.741824 / $MR_FBIG" | bc -l)" "$(median "${FR[@]}")"
  printf "big 1 GiB     delivery step only %7.2f s  %7.1f MB/s   ratio %.2f x lftp\n" "$MR_BIG" "$(echo "1073.741824 / $MR_BIG" | bc -l)" "$(median "${DR[@]}")"
  printf "1000x100KB    lftp -P1           %7.2f s  %7.1f files/s\n" "$LFTP_P1" "$(echo "1000 / $LFTP_P1" | bc -l)"
  printf "1000x100KB    lftp -P4           %7.2f s  %7.1f files/s\n" "$LFTP_P4" "$(echo "1000 / $LFTP_P4" | bc -l)"
  for v in "${VARIANTS[@]}"; do
    IFS=: read -r label cls dir par vs <<< "$v"
    # shellcheck disable=SC2086
    c=$(median ${COLD[$label]}); w=$(median ${WARM[$label]}); q=$(median ${RATIO[$label]})
    printf "1000x100KB    mediarelay %s  cold %6.2f s %6.1f files/s | warm %6.2f s %6.1f files/s   warm ratio %.2f x lftp -P%s\n" \
      "$label" "$c" "$(echo "1000 / $c" | bc -l)" "$w" "$(echo "1000 / $w" | bc -l)" "$q" "$vs"
  done
  echo "* after a warm-up (64 MB + 200 x 100 KB through the same route, not timed); delivery step only: cold JVM"
  echo "raw big (s):$RAW_BIG lftp -P1: ${L1[*]} -P4: ${L4[*]}"
  for v in "${VARIANTS[@]}"; do IFS=: read -r label _ <<< "$v"; echo "raw small $label: ${RAW_SMALL[$label]}"; done
} | tee -a "$OUT/results.txt"
