#!/usr/bin/env bash
# One command for the side-by-side comparison: starts memcached (-t 2), one ringcache node (-t 2)
# and twemproxy (ketama, md5) in front of 3 memcached, all on free 127.0.0.1 ports (target
# ringcache-metrics: a second node with its admin port on, so with per-command latency histograms,
# scraped every 5 s; for the cost of metrics), runs the same
# workloads against each in alternation for several rounds, and prints medians and the ratios
# target/memcached. Results: bench-results/compare-<time>/ (comparison.md, comparison.html, runs).
# --tls: memcached and ringcache both with TLS on their client port (-Z, the same throw-away
# certificate), the load tool over TLS; twemproxy has no TLS and is left out.
# Target ringcache-cluster: three members (RF 2, sync replication, local preset, -t 1 each) and the
# load through the first, as an application that knows one node sees it (two thirds of its writes
# are forwarded or replicated). Target base-cluster: the same with $RINGCACHE_BASE_NODE (another
# build's bin/ringcache-node), for the cost of a change measured side by side in one run.
#
#   bench/compare.sh [--rounds 5] [--duration 15] [--warmup 3] [--keys 100000] [--tls]
#                    [--targets "memcached ringcache twemproxy"] [--workloads "p1 p16"] [--out DIR]
#                    [--baseline memcached] [--prefill once|every]
# Rounds alternate the order of the targets (even rounds run them in reverse), so that no target
# always runs first or last in a round. Each target is prefilled once, before its first run
# (--prefill every: before every run, as before 2026-12-02); nothing evicts or expires the keys.
# The summary gives medians, ratios to --baseline, and the ratios round by round (each target
# against the baseline's run of the same round) with their median, for ops/s and for server CPU
# time per operation: the per-round figures resolve a few percent on a shared machine.
# Workloads: p1, p16 (text, pipeline 1 and 16), mget10, zipf, bp1, bp16 (binary protocol).
# Target ringcache-base is a second node started by the launcher in $RINGCACHE_BASE_NODE (say, an
# earlier build's bin/ringcache-node), to compare a change with what it replaces in the same run;
# base-metrics is that node with its admin port on, scraped like ringcache-metrics.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

ROUNDS=5 DURATION=15 WARMUP=3 KEYS=100000 MEGABYTES=1024
TARGETS="memcached ringcache twemproxy" WORKLOADS="p1 p16" TLS=no BASELINE=memcached PREFILL=once
OUT="$REPO/bench-results/compare-$(date -u +%Y%m%dT%H%M%SZ)"
while [ $# -gt 0 ]; do
  case "$1" in
    --rounds) ROUNDS=$2; shift 2 ;;
    --duration) DURATION=$2; shift 2 ;;
    --warmup) WARMUP=$2; shift 2 ;;
    --keys) KEYS=$2; shift 2 ;;
    --targets) TARGETS=$2; shift 2 ;;
    --workloads) WORKLOADS=$2; shift 2 ;;
    --out) OUT=$2; shift 2 ;;
    --tls) TLS=yes; shift ;;
    --baseline) BASELINE=$2; shift 2 ;;
    --prefill) PREFILL=$2; shift 2 ;;
    -h|--help) sed -n '2,25p' "$0"; exit 0 ;;
    *) die "unknown option $1 (see --help)" ;;
  esac
done
case "$PREFILL" in once|every) ;; *) die "--prefill once or every" ;; esac
[[ " $TARGETS " == *" $BASELINE "* ]] || die "--baseline $BASELINE is not one of the targets"

# The issue's workloads: 50 connections, 100-byte values, one set per ten gets, every key present.
workload_args() {
  case "$1" in
    p1) echo "-c 50 -P 1 -v 100 -r 1:10" ;;
    p16) echo "-c 50 -P 16 -v 100 -r 1:10" ;;
    mget10) echo "-c 50 -P 1 -v 100 -r 1:10 -m 10" ;;
    zipf) echo "-c 50 -P 4 -v 100 -r 1:10 --distribution zipf --zipf 0.99" ;;
    # the same as p1 and p16 in memcached's binary protocol (memcached takes both on one port)
    bp1) echo "-c 50 -P 1 -v 100 -r 1:10 --protocol binary" ;;
    bp16) echo "-c 50 -P 16 -v 100 -r 1:10 --protocol binary" ;;
    *) die "unknown workload $1 (p1, p16, mget10, zipf, bp1, bp16)" ;;
  esac
}

need_command memcached memcached
build_if_missing
mkdir -p "$OUT"
trap stop_all EXIT INT TERM
SERVER_TLS=() LOAD_TLS=()
if [ "$TLS" = yes ]; then
  [[ " $TARGETS " == *" twemproxy "* ]] && die "--tls: twemproxy has no TLS; use --targets \"memcached ringcache\""
  make_tls_files "$OUT/tls"
  SERVER_TLS=(-Z -o "ssl_chain_cert=$TLS_CHAIN,ssl_key=$TLS_KEY")
  LOAD_TLS=(--tls-ca "$TLS_CA")
fi
if [[ " $TARGETS " == *" twemproxy "* ]]; then need_command nutcracker nutcracker; fi

declare -A PORT PIDS
for target in $TARGETS; do
  case "$target" in
    memcached)
      PORT[$target]=$(free_port); start_memcached "${PORT[$target]}" 2 "$MEGABYTES" "${SERVER_TLS[@]}"; PIDS[$target]=$LAST_PID ;;
    ringcache)
      PORT[$target]=$(free_port); start_ringcache "${PORT[$target]}" 2 "$MEGABYTES" "${SERVER_TLS[@]}"; PIDS[$target]=$LAST_PID ;;
    ringcache-metrics|base-metrics)
      need_command curl curl
      launcher=$RINGCACHE_NODE
      if [ "$target" = base-metrics ]; then
        [ -n "${RINGCACHE_BASE_NODE:-}" ] || die "base-metrics needs RINGCACHE_BASE_NODE (another build's bin/ringcache-node)"
        launcher=$RINGCACHE_BASE_NODE
      fi
      admin=$(free_port)
      PORT[$target]=$(free_port); RINGCACHE_NODE=$launcher start_ringcache "${PORT[$target]}" 2 "$MEGABYTES" --admin-port "$admin"
      PIDS[$target]=$LAST_PID; wait_port "$admin" "$LAST_PID"
      start_scraper "http://127.0.0.1:$admin/metrics" 5 ;;
    ringcache-base)
      [ -n "${RINGCACHE_BASE_NODE:-}" ] || die "target ringcache-base needs RINGCACHE_BASE_NODE (a node launcher)"
      PORT[$target]=$(free_port); RINGCACHE_NODE="$RINGCACHE_BASE_NODE" start_ringcache "${PORT[$target]}" 2 "$MEGABYTES"
      PIDS[$target]=$LAST_PID ;;
    ringcache-cluster|base-cluster)
      launcher=$RINGCACHE_NODE
      if [ "$target" = base-cluster ]; then
        [ -n "${RINGCACHE_BASE_NODE:-}" ] || die "base-cluster needs RINGCACHE_BASE_NODE (another build's bin/ringcache-node)"
        RINGCACHE_NODE=$RINGCACHE_BASE_NODE
      fi
      start_ringcache_cluster 3 1 "$MEGABYTES"
      RINGCACHE_NODE=$launcher
      PORT[$target]=${CLUSTER_PORTS[0]}; PIDS[$target]=$CLUSTER_PIDS ;;
    twemproxy)
      backends=() pids=()
      for _ in 1 2 3; do
        p=$(free_port); start_memcached "$p" 1 "$MEGABYTES"; backends+=("$p"); pids+=("$LAST_PID")
      done
      PORT[$target]=$(free_port); start_twemproxy "${PORT[$target]}" "${backends[@]}"
      pids+=("$LAST_PID"); PIDS[$target]=$(IFS=,; echo "${pids[*]}") ;;
    *) die "unknown target $target (memcached, ringcache, ringcache-metrics, base-metrics, ringcache-base, ringcache-cluster, base-cluster, twemproxy)" ;;
  esac
  log "$target on 127.0.0.1:${PORT[$target]} (pids ${PIDS[$target]})"
done

describe_machine >"$OUT/machine.txt"
{
  echo "rounds: $ROUNDS, duration: ${DURATION}s, warm-up: ${WARMUP}s, keys: $KEYS (prefilled $([ "$PREFILL" = every ] && echo "before every run" || echo "once per target")), target order reversed in even rounds"
  for w in $WORKLOADS; do echo "workload $w: $(workload_args "$w")"; done
  echo "servers: memcached -t 2 -m $MEGABYTES; ringcache -t 2 -m $MEGABYTES; twemproxy = nutcracker + 3 x memcached -t 1"
  if [ "$TLS" = yes ]; then
    echo "TLS: memcached and ringcache with ${SERVER_TLS[*]} (EC P-256 certificate), load over TLS"
  fi
} >>"$OUT/machine.txt"
cat "$OUT/machine.txt" >&2

declare -A PREFILLED
read -r -a FORWARD <<<"$TARGETS"
REVERSE=()
for ((i = ${#FORWARD[@]} - 1; i >= 0; i--)); do REVERSE+=("${FORWARD[i]}"); done
for round in $(seq 1 "$ROUNDS"); do
  order=("${FORWARD[@]}")
  [ $((round % 2)) -eq 0 ] && order=("${REVERSE[@]}")
  for w in $WORKLOADS; do
    for target in "${order[@]}"; do
      dir="$OUT/$w/$target/round-$round"
      mkdir -p "$dir"
      prefill=()
      if [ "$PREFILL" = every ] || [ -z "${PREFILLED[$target]:-}" ]; then
        prefill=(--prefill); PREFILLED[$target]=yes
      fi
      # shellcheck disable=SC2046
      if "$BENCH" load -s "127.0.0.1:${PORT[$target]}" $(workload_args "$w") -k "$KEYS" "${prefill[@]}" "${LOAD_TLS[@]}" \
          -d "$DURATION" --warmup "$WARMUP" --target "$target" --workload "$w" \
          --server-pid "${PIDS[$target]}" -o "$dir" >"$dir/run.log" 2>&1; then
        status=ok
      else
        status="FAILED (see $dir/run.log)"
      fi
      log "round $round $w $target: $(grep -E '^total ' "$dir/run.log" | awk '{print $3" ops/s, p50 "$4", p99 "$6}') $status"
    done
  done
done

echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)" >>"$OUT/machine.txt"
"$BENCH" summarize --baseline "$BASELINE" --title "ringcache vs memcached vs twemproxy" "$OUT" | tee "$OUT/summary.txt"
cat "$OUT/machine.txt" >>"$OUT/comparison.md"
log "results in $OUT"
