#!/usr/bin/env bash
# How fast data moves when a node joins, and what it costs the foreground load: 3 ringcache nodes
# (RF 2) hold --items items of 100 B; a foreground load runs through the smart client; a 4th node
# joins; the time from starting it until every node reports rebalance_running 0 gives the moved item
# copies per second; the foreground ops/s while data moves is compared with the seconds before the
# join. seconds counts from starting the 4th JVM (so it includes its start-up and the gossip join);
# walk_ms is the longest store walk (ring change to last acknowledged transfer) of any node. Each
# round starts a fresh cluster. Results: bench-results/rebalance-<time>/.
#
#   bench/rebalance.sh [--rounds 3] [--items 1000000] [--rate 100000] [--before 8]
set -euo pipefail
source "$(dirname "$0")/lib.sh"

ROUNDS=3 ITEMS=1000000 RATE=100000 BEFORE=8 MEGABYTES=1024
OUT="$REPO/bench-results/rebalance-$(date -u +%Y%m%dT%H%M%SZ)"
while [ $# -gt 0 ]; do
  case "$1" in
    --rounds) ROUNDS=$2; shift 2 ;;
    --items) ITEMS=$2; shift 2 ;;
    --rate) RATE=$2; shift 2 ;;
    --before) BEFORE=$2; shift 2 ;;
    --out) OUT=$2; shift 2 ;;
    -h|--help) sed -n '2,9p' "$0"; exit 0 ;;
    *) die "unknown option $1 (see --help)" ;;
  esac
done

# lan failure detection: with the local preset a node starved of CPU on a small shared machine can be
# suspected and removed mid-transfer, which measures flapping, not rebalancing
export RINGCACHE_PRESET=lan
build_if_missing
mkdir -p "$OUT"
trap stop_all EXIT INT TERM
describe_machine >"$OUT/machine.txt"
echo "gossip preset lan, items $ITEMS x 100 B, RF 2, --rebalance-rate $RATE items/s per node, nodes -t 1 -m $MEGABYTES; foreground: smart client, 50 outstanding, 1:10 set:get" >>"$OUT/machine.txt"
cat "$OUT/machine.txt" >&2

sum_stat() { local s=0 p v; local name=$1; shift; for p in "$@"; do v=$(stat_of "$p" "$name"); s=$((s + ${v:-0})); done; echo "$s"; }

for round in $(seq 1 "$ROUNDS"); do
  dir="$OUT/round-$round"; mkdir -p "$dir"
  start_ringcache_cluster 3 1 "$MEGABYTES" --rebalance-rate "$RATE"
  ports=("${CLUSTER_PORTS[@]}")
  "$BENCH" client-load -s "127.0.0.1:${ports[0]}" -k "$ITEMS" --prefill -v 100 -d 1 --warmup 0 \
    --label prefill >"$dir/prefill.log" 2>&1 || die "prefill failed: $dir/prefill.log"
  log "round $round: $(sum_stat curr_items "${ports[@]}") item copies on 3 nodes"
  "$BENCH" client-load -s "127.0.0.1:${ports[0]}" -k "$ITEMS" -v 100 -r 1:10 -c 50 --per-second \
    -d $((BEFORE + 90)) --warmup 5 --label foreground >"$dir/foreground.log" 2>&1 &
  fg=$!
  sleep $((5 + BEFORE))
  sent0=$(sum_stat rebalance_items_sent "${ports[@]}")
  join_ms=$(date +%s%3N)
  start_ringcache_member n4 1 "$MEGABYTES" "$CLUSTER_SEED" --rebalance-rate "$RATE"
  ports+=("$LAST_PORT")
  await_cluster 4 "${ports[@]}"
  for _ in $(seq 1 1200); do
    busy=$(sum_stat rebalance_running "${ports[@]}")
    [ "$busy" = 0 ] && break
    sleep 0.1
  done
  done_ms=$(date +%s%3N)
  sent=$(( $(sum_stat rebalance_items_sent "${ports[@]}") - sent0 ))
  copies=$(sum_stat curr_items "${ports[@]}")
  walk_ms=0
  for p in "${ports[@]}"; do v=$(stat_of "$p" rebalance_last_ms); [ "${v:-0}" -gt "$walk_ms" ] && walk_ms=$v; done
  kill "$fg" 2>/dev/null || true; wait "$fg" 2>/dev/null || true
  seconds=$(awk -v a="$join_ms" -v b="$done_ms" 'BEGIN {printf "%.2f", (b - a) / 1000}')
  join_s=$((join_ms / 1000)); done_s=$((done_ms / 1000))
  before=$(awk -v j="$join_s" -v n="$BEFORE" '$1 == "SECOND" && $2 < j && $2 >= j - n {sub("ops=", "", $3); s += $3; c++} END {printf "%.0f", c ? s / c : 0}' "$dir/foreground.log")
  during=$(awk -v j="$join_s" -v d="$done_s" '$1 == "SECOND" && $2 > j && $2 <= d {sub("ops=", "", $3); s += $3; c++} END {printf "%.0f", c ? s / c : 0}' "$dir/foreground.log")
  echo "round=$round moved=$sent seconds=$seconds items_per_s=$(awk -v m="$sent" -v s="$seconds" 'BEGIN {printf "%.0f", m / s}') walk_ms=$walk_ms walk_items_per_s=$(awk -v m="$sent" -v w="$walk_ms" 'BEGIN {printf "%.0f", w ? m * 1000 / w : 0}') copies_after=$copies fg_before=$before fg_during=$during ratio=$(awk -v a="$during" -v b="$before" 'BEGIN {printf "%.2f", b ? a / b : 0}')" | tee -a "$OUT/rounds.txt"
  stop_all
done

{
  echo "medians of $ROUNDS rounds:"
  for field in moved seconds items_per_s walk_ms walk_items_per_s fg_before fg_during ratio; do
    printf '%s=' "$field"
    sed 's/.* '"$field"'=\([0-9.]*\).*/\1/' "$OUT/rounds.txt" | sort -n \
      | awk '{a[NR]=$1} END {if (NR % 2) print a[(NR+1)/2]; else print (a[NR/2]+a[NR/2+1])/2}'
  done
} | tee "$OUT/summary.txt"
log "results in $OUT"
