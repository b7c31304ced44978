#!/usr/bin/env bash
# The smart client side by side with the alternatives, same client code, same workload, in
# alternation for several rounds (medians):
#   smart      3 ringcache nodes, the client follows the ring and sends each key to its owner
#   one-node   the same 3 nodes, every request sent to node 1, which forwards (a plain client's view)
#   twemproxy  3 memcached behind twemproxy (ketama, md5), every request sent to the proxy
#   direct     3 memcached, the client's ketama sends each key to its server (no replication: the
#              ceiling for a client-side ring)
# Results: bench-results/smart-<time>/ (one log per run, summary.txt).
#
#   bench/smart.sh [--rounds 3] [--duration 8] [--warmup 2] [--keys 100000] [--concurrency 50]
#                  [--targets "smart one-node twemproxy direct"] [--jit-warmup 20]
# Before the rounds, the freshly started node JVMs get --jit-warmup seconds of unrecorded load (half
# through the smart client, half through one node) so the rounds compare compiled code.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

ROUNDS=3 DURATION=8 WARMUP=2 KEYS=100000 CONCURRENCY=50 MEGABYTES=256 JIT_WARMUP=20
TARGETS="smart one-node twemproxy direct"
OUT="$REPO/bench-results/smart-$(date -u +%Y%m%dT%H%M%SZ)"
while [ $# -gt 0 ]; do
  case "$1" in
    --rounds) ROUNDS=$2; shift 2 ;;
    --duration) DURATION=$2; shift 2 ;;
    --warmup) WARMUP=$2; shift 2 ;;
    --keys) KEYS=$2; shift 2 ;;
    --concurrency) CONCURRENCY=$2; shift 2 ;;
    --jit-warmup) JIT_WARMUP=$2; shift 2 ;;
    --targets) TARGETS=$2; shift 2 ;;
    --out) OUT=$2; shift 2 ;;
    -h|--help) sed -n '2,13p' "$0"; exit 0 ;;
    *) die "unknown option $1 (see --help)" ;;
  esac
done

need_command memcached memcached
need_command nutcracker nutcracker
build_if_missing
mkdir -p "$OUT"
trap stop_all EXIT INT TERM

start_ringcache_cluster 3 1 "$MEGABYTES"
NODE_PORTS=("${CLUSTER_PORTS[@]}")
log "ringcache cluster on ports ${NODE_PORTS[*]} (pids $CLUSTER_PIDS)"
MEMCACHED_PORTS=()
for _ in 1 2 3; do
  p=$(free_port); start_memcached "$p" 1 "$MEGABYTES"; MEMCACHED_PORTS+=("$p")
done
TWEMPROXY_PORT=$(free_port); start_twemproxy "$TWEMPROXY_PORT" "${MEMCACHED_PORTS[@]}"
log "memcached on ${MEMCACHED_PORTS[*]}, twemproxy on $TWEMPROXY_PORT"

median() { awk '{a[NR]=$1} END {if (NR == 0) print 0; else if (NR % 2) print a[(NR+1)/2]; else print (a[NR/2]+a[NR/2+1])/2}'; }

target_args() {
  case "$1" in
    smart) echo "-s 127.0.0.1:${NODE_PORTS[0]}" ;;
    one-node) echo "--fixed -s 127.0.0.1:${NODE_PORTS[0]}" ;;
    twemproxy) echo "--fixed -s 127.0.0.1:$TWEMPROXY_PORT" ;;
    direct) echo "--fixed -s 127.0.0.1:${MEMCACHED_PORTS[0]},127.0.0.1:${MEMCACHED_PORTS[1]},127.0.0.1:${MEMCACHED_PORTS[2]}" ;;
    *) die "unknown target $1" ;;
  esac
}

describe_machine >"$OUT/machine.txt"
echo "rounds $ROUNDS x ${DURATION}s (warm-up ${WARMUP}s), $KEYS keys prefilled, concurrency $CONCURRENCY, 100 B values, 1:10 set:get; ringcache nodes -t 1 RF 2 sync; memcached -t 1" >>"$OUT/machine.txt"
cat "$OUT/machine.txt" >&2

if [ "$JIT_WARMUP" -gt 0 ]; then
  log "warming up the node JVMs for ${JIT_WARMUP}s (not recorded)"
  for target in smart one-node; do
    # shellcheck disable=SC2046
    "$BENCH" client-load $(target_args "$target") -c "$CONCURRENCY" -k "$KEYS" -v 100 -r 1:10 \
      -d $((JIT_WARMUP / 2)) --warmup 0 --label "jit-warmup-$target" >"$OUT/jit-warmup-$target.log" 2>&1 || true
  done
fi

for round in $(seq 1 "$ROUNDS"); do
  for target in $TARGETS; do
    log_file="$OUT/$target-round-$round.log"
    # shellcheck disable=SC2046
    "$BENCH" client-load $(target_args "$target") -c "$CONCURRENCY" -k "$KEYS" --prefill -v 100 -r 1:10 \
      -d "$DURATION" --warmup "$WARMUP" --label "$target" >"$log_file" 2>&1 || log "run failed: $log_file"
    log "round $round $target: $(grep '^RESULT' "$log_file" || echo 'no result')"
  done
done

{
  echo "target median-ops/s median-p50-us median-p99-us errors ratio-to-twemproxy"
  for target in $TARGETS; do
    ops=$(grep -h '^RESULT' "$OUT/$target"-round-*.log | sed 's/.*ops_per_s=\([0-9]*\).*/\1/' | sort -n)
    p50=$(grep -h '^RESULT' "$OUT/$target"-round-*.log | sed 's/.*p50_us=\([0-9]*\).*/\1/' | sort -n)
    p99=$(grep -h '^RESULT' "$OUT/$target"-round-*.log | sed 's/.*p99_us=\([0-9]*\).*/\1/' | sort -n)
    errors=$(grep -h '^RESULT' "$OUT/$target"-round-*.log | sed 's/.*errors=\([0-9]*\).*/\1/' | awk '{s+=$1} END {print s+0}')
    echo "$target $(echo "$ops" | median) $(echo "$p50" | median) $(echo "$p99" | median) $errors"
  done >"$OUT/medians.txt"
  tw=$(awk '$1 == "twemproxy" {print $2}' "$OUT/medians.txt")
  awk -v tw="${tw:-0}" '{printf "%s %s %s %s %s %s\n", $1, $2, $3, $4, $5, (tw > 0 ? sprintf("%.2f", $2 / tw) : "-")}' "$OUT/medians.txt"
} | column -t | tee "$OUT/summary.txt"
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$OUT/summary.txt"
log "results in $OUT"
