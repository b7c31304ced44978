#!/usr/bin/env bash
# Resident memory under a long fill with evictions: memcached and a ringcache node, both -m M, each
# receive sets of new keys until the values written add up to --times x M (default 10x), so the
# cache fills and then evicts for nine tenths of the run. RSS is sampled every second; prints the
# highest and the final RSS of each against -m, the items held and the evictions.
#
#   bench/churn.sh [--megabytes 256] [--times 10] [--value 100]
set -euo pipefail
source "$(dirname "$0")/lib.sh"
MEGABYTES=256 TIMES=10 VALUE=100
OUT="$REPO/bench-results/churn-$(date -u +%Y%m%dT%H%M%SZ)"
while [ $# -gt 0 ]; do
  case "$1" in
    --megabytes) MEGABYTES=$2; shift 2 ;;
    --times) TIMES=$2; shift 2 ;;
    --value) VALUE=$2; shift 2 ;;
    --out) OUT=$2; shift 2 ;;
    -h|--help) sed -n '2,7p' "$0"; exit 0 ;;
    *) die "unknown option $1 (see --help)" ;;
  esac
done
need_command memcached memcached
build_if_missing
mkdir -p "$OUT"
describe_machine >"$OUT/machine.txt"
trap stop_all EXIT INT TERM
SETS=$(( TIMES * MEGABYTES * 1024 * 1024 / VALUE ))
log "$SETS sets of $VALUE B (${TIMES}x -m $MEGABYTES) into each server"
for target in memcached ringcache; do
  port=$(free_port)
  if [ "$target" = memcached ]; then start_memcached "$port" 2 "$MEGABYTES"; else start_ringcache "$port" 2 "$MEGABYTES"; fi
  pid=$LAST_PID
  (while kill -0 "$pid" 2>/dev/null; do rss_kb "$pid"; sleep 1; done) >"$OUT/$target-rss-kb.txt" 2>/dev/null &
  sampler=$!
  # uniform over as many keys as sets: nearly every set is a new key, so once full every set evicts
  "$BENCH" load -s "127.0.0.1:$port" -c 8 -P 16 -k "$SETS" -v "$VALUE" -r 1:0 -n "$SETS" --warmup 0 \
    --target "$target" --workload "churn" -q -o "$OUT/$target" >"$OUT/$target.log" 2>&1 || die "load failed: $OUT/$target.log"
  final=$(rss_kb "$pid")
  kill "$sampler" 2>/dev/null || true
  wait "$sampler" 2>/dev/null || true
  peak=$(sort -n "$OUT/$target-rss-kb.txt" | tail -1)
  [ "$final" -gt "${peak:-0}" ] && peak=$final
  items=$(stat_of "$port" curr_items) evictions=$(stat_of "$port" evictions)
  ops=$(python3 -c "import json; print(round(json.load(open('$OUT/$target/summary.json'))['opsPerSecond']))")
  python3 -c "print('$target: -m $MEGABYTES, peak RSS %d MB (%.2fx -m), final %d MB (%.2fx), $items items held, $evictions evictions, $ops sets/s'
    % ($peak / 1024, $peak / 1024 / $MEGABYTES, $final / 1024, $final / 1024 / $MEGABYTES))" | tee -a "$OUT/result.txt"
  stop_all
done
